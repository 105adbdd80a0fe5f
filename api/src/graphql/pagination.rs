//! Relay cursor connections: `first`/`after` arguments, opaque cursors, and the cost rule that
//! makes a list field cost `first` × its items' cost in the complexity limit.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};

use super::error::bad_input;
use crate::db::page::{Page, PageRequest};

/// Largest `first` any connection accepts.
pub const MAX_PAGE_SIZE: usize = 100;
/// Page size when `first` is omitted.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Complexity of a connection field: each of the `first` items costs what its selection costs.
/// An out-of-range `first` is priced at the maximum; the resolver then refuses it.
pub fn cost(first: Option<i32>, child_complexity: usize) -> usize {
    let n = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(n) => usize::try_from(n)
            .unwrap_or(MAX_PAGE_SIZE)
            .min(MAX_PAGE_SIZE),
    };
    n.max(1).saturating_mul(child_complexity).saturating_add(1)
}

/// Parses `first`/`after` for the connection named `kind` (cursors of one connection are not
/// accepted by another).
pub fn page_request(
    kind: &str,
    first: Option<i32>,
    after: Option<&str>,
) -> async_graphql::Result<PageRequest> {
    let limit = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(n) if (1..=MAX_PAGE_SIZE as i32).contains(&n) => n as usize,
        Some(n) => {
            return Err(bad_input(
                "first",
                format!("`first` must be between 1 and {MAX_PAGE_SIZE} (got {n})"),
            ));
        }
    };
    let after = after.map(|c| decode_cursor(kind, c)).transpose()?;
    Ok(PageRequest { after, limit })
}

/// The connection for one page of connection `kind`: each item becomes a node (`node`), with the
/// cursor of its key (`key`).
pub fn connection<T, N: OutputType>(
    kind: &str,
    request: PageRequest,
    page: Page<T>,
    key: impl Fn(&T) -> i64,
    node: impl Fn(T) -> N,
) -> Connection<String, N> {
    let mut connection = Connection::new(request.after.is_some(), page.has_next);
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(encode_cursor(kind, key(&item)), node(item))),
    );
    connection
}

/// Parses `first`/`after` of a connection whose cursors carry more than a key (a sort value):
/// the page size and the inner cursor for the domain service to check.
pub fn text_page(
    kind: &str,
    first: Option<i32>,
    after: Option<&str>,
) -> async_graphql::Result<(usize, Option<String>)> {
    let limit = page_request(kind, first, None)?.limit;
    let invalid = || {
        bad_input(
            "after",
            "`after` is not a cursor from this connection; pass the `endCursor` of a previous page",
        )
    };
    let after = match after {
        Some(c) => {
            let bytes = URL_SAFE_NO_PAD.decode(c.trim()).map_err(|_| invalid())?;
            let text = String::from_utf8(bytes).map_err(|_| invalid())?;
            let (k, inner) = text.split_once(':').ok_or_else(invalid)?;
            if k != kind {
                return Err(invalid());
            }
            Some(inner.to_owned())
        }
        None => None,
    };
    Ok((limit, after))
}

/// The connection for one page whose items carry their own inner cursors (see `text_page`).
pub fn text_connection<T, N: OutputType>(
    kind: &str,
    has_previous: bool,
    page: Page<(T, String)>,
    node: impl Fn(T) -> N,
) -> Connection<String, N> {
    let mut connection = Connection::new(has_previous, page.has_next);
    connection
        .edges
        .extend(page.items.into_iter().map(|(item, inner)| {
            Edge::new(
                URL_SAFE_NO_PAD.encode(format!("{kind}:{inner}")),
                node(item),
            )
        }));
    connection
}

/// The opaque cursor of the row with key `key` in connection `kind`.
pub fn encode_cursor(kind: &str, key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

fn decode_cursor(kind: &str, cursor: &str) -> async_graphql::Result<i64> {
    let invalid = || {
        bad_input(
            "after",
            "`after` is not a cursor from this connection; pass the `endCursor` of a previous page",
        )
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (k, key) = text.split_once(':').ok_or_else(invalid)?;
    if k != kind {
        return Err(invalid());
    }
    key.parse::<i64>()
        .ok()
        .filter(|k| *k > 0)
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_within_their_connection() {
        let c = encode_cursor("products", 42);
        assert_eq!(
            page_request("products", Some(5), Some(&c)).unwrap().after,
            Some(42)
        );
        assert!(page_request("orders", Some(5), Some(&c)).is_err());
        for bad in ["", "!!!", "cHJvZHVjdHM6", "cHJvZHVjdHM6LTE", "bm9wZQ"] {
            assert!(page_request("products", None, Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn first_must_be_in_range() {
        assert_eq!(
            page_request("p", None, None).unwrap().limit,
            DEFAULT_PAGE_SIZE
        );
        assert_eq!(page_request("p", Some(100), None).unwrap().limit, 100);
        for bad in [0, -1, 101, i32::MAX] {
            assert!(page_request("p", Some(bad), None).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_multiply_their_items_cost() {
        assert_eq!(cost(Some(10), 5), 51);
        assert_eq!(cost(None, 5), DEFAULT_PAGE_SIZE * 5 + 1);
        assert_eq!(cost(Some(-5), 5), MAX_PAGE_SIZE * 5 + 1);
        assert_eq!(cost(Some(i32::MAX), 5), MAX_PAGE_SIZE * 5 + 1);
        // Nested lists multiply: 100 × (100 × 3 + 1) + 1.
        assert_eq!(cost(Some(100), cost(Some(100), 3)), 30_101);
    }
}
