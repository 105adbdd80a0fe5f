//! Keyset pagination: "the next `limit` rows after key K", in key order. Stable under inserts and
//! deletes (unlike OFFSET) and one indexed range scan per page.

/// A page request: rows with a key greater than `after`, at most `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub after: Option<i64>,
    pub limit: usize,
}

impl PageRequest {
    /// The `LIMIT` to query: one more than the page, to learn whether another page follows.
    pub fn fetch_limit(&self) -> i64 {
        i64::try_from(self.limit).unwrap_or(i64::MAX - 1) + 1
    }

    /// Cuts the over-fetched rows down to the page and reports whether more follow.
    pub fn finish<T>(&self, mut rows: Vec<T>) -> Page<T> {
        let has_next = rows.len() > self.limit;
        rows.truncate(self.limit);
        Page {
            items: rows,
            has_next,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_fetching_reveals_the_next_page() {
        let req = PageRequest {
            after: None,
            limit: 2,
        };
        assert_eq!(req.fetch_limit(), 3);
        assert_eq!(
            req.finish(vec![1, 2, 3]),
            Page {
                items: vec![1, 2],
                has_next: true
            }
        );
        assert_eq!(
            req.finish(vec![1, 2]),
            Page {
                items: vec![1, 2],
                has_next: false
            }
        );
        assert_eq!(
            req.finish(Vec::<i32>::new()),
            Page {
                items: vec![],
                has_next: false
            }
        );
    }
}
