//! Parsed and checked GraphQL documents, kept by their text.
//!
//! A storefront sends the same few documents all day. Parsing one and running Jangteo's own
//! checks on it (depth, fragments spread out, introspection cost, sensitive fields, operation
//! selection) costs more than some of the requests themselves, so a document that has passed
//! all of them **and** async-graphql's validation once is kept, already reduced to the selected
//! operation, and reused by the next request with the same text and operation name.
//!
//! - **Bounded.** At most `graphql.document_cache_size` documents (0 turns the cache off) and
//!   [`MAX_TEXT_BYTES`] of their text (a parsed document takes a small multiple of its text);
//!   when full, the least recently used ones make room, and a document longer than
//!   [`MAX_DOCUMENT_BYTES`] is never kept. A flood of distinct documents costs each request its
//!   own parse and never more memory.
//! - **Only what executed.** A document enters after its first execution started, that is after
//!   validation passed. A document that fails parsing, a limit or validation is never stored, so
//!   it cannot be served to anyone; each such request is refused afresh.
//! - **Exact.** The key is the whole text, the operation name and the API (each API has its
//!   schema, fixed for the life of the process). Hashes only pick the bucket; the text is
//!   compared, so two documents can never be confused.
//! - What depends on the request is still checked every time: the `Authorization` header for the
//!   Admin API's introspection and the HTTP method for mutations. Variables are validated by
//!   async-graphql on every request, cached document or not.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use async_graphql::parser::types::{ExecutableDocument, OperationType};

/// The most text all kept documents may have together.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// The longest document kept (a storefront's are under 2 KiB).
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024;

/// A document that passed every check, as execution needs it.
#[derive(Debug)]
pub struct Checked {
    /// Reduced to the selected operation and the fragments it uses.
    pub document: ExecutableDocument,
    pub operation: OperationType,
    /// Whether the operation reads the schema (`__schema`, `__type`).
    pub introspection: bool,
}

struct Entry {
    query: Box<str>,
    operation_name: Option<Box<str>>,
    api: u8,
    checked: Arc<Checked>,
    used: AtomicU64,
}

/// See the module documentation.
pub struct DocumentCache {
    capacity: usize,
    hasher: RandomState,
    clock: AtomicU64,
    buckets: RwLock<Buckets>,
}

#[derive(Default)]
struct Buckets {
    by_hash: HashMap<u64, Vec<Entry>>,
    len: usize,
    /// The kept documents' text, in bytes.
    bytes: usize,
}

impl DocumentCache {
    pub fn new(capacity: usize) -> Self {
        DocumentCache {
            capacity,
            hasher: RandomState::new(),
            clock: AtomicU64::new(0),
            buckets: RwLock::new(Buckets::default()),
        }
    }

    fn hash(&self, api: u8, query: &str, operation_name: Option<&str>) -> u64 {
        let mut h = self.hasher.build_hasher();
        api.hash(&mut h);
        query.hash(&mut h);
        operation_name.hash(&mut h);
        h.finish()
    }

    /// The checked document for exactly this text, operation name and API, if one is kept.
    pub fn get(&self, api: u8, query: &str, operation_name: Option<&str>) -> Option<Arc<Checked>> {
        if self.capacity == 0 {
            return None;
        }
        let hash = self.hash(api, query, operation_name);
        let buckets = self.buckets.read().unwrap_or_else(|e| e.into_inner());
        let entry = buckets.by_hash.get(&hash)?.iter().find(|e| {
            e.api == api && &*e.query == query && e.operation_name.as_deref() == operation_name
        })?;
        entry.used.store(
            self.clock.fetch_add(1, Ordering::Relaxed),
            Ordering::Relaxed,
        );
        Some(entry.checked.clone())
    }

    /// Keeps a document that has passed every check and validation. When the cache is full the
    /// least recently used document is dropped first.
    pub fn insert(
        &self,
        api: u8,
        query: &str,
        operation_name: Option<&str>,
        checked: Arc<Checked>,
    ) {
        if self.capacity == 0 || query.len() > MAX_DOCUMENT_BYTES {
            return;
        }
        let hash = self.hash(api, query, operation_name);
        let used = self.clock.fetch_add(1, Ordering::Relaxed);
        let mut buckets = self.buckets.write().unwrap_or_else(|e| e.into_inner());
        let exists = buckets.by_hash.get(&hash).is_some_and(|bucket| {
            bucket.iter().any(|e| {
                e.api == api && &*e.query == query && e.operation_name.as_deref() == operation_name
            })
        });
        if exists {
            return;
        }
        while buckets.len > 0
            && (buckets.len >= self.capacity || buckets.bytes + query.len() > MAX_TEXT_BYTES)
        {
            buckets.evict_least_recently_used();
        }
        buckets.by_hash.entry(hash).or_default().push(Entry {
            query: query.into(),
            operation_name: operation_name.map(Into::into),
            api,
            checked,
            used: AtomicU64::new(used),
        });
        buckets.len += 1;
        buckets.bytes += query.len();
    }

    /// How many bytes of text the kept documents have.
    pub fn bytes(&self) -> usize {
        self.buckets.read().unwrap_or_else(|e| e.into_inner()).bytes
    }

    /// How many documents are kept.
    pub fn len(&self) -> usize {
        self.buckets.read().unwrap_or_else(|e| e.into_inner()).len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Buckets {
    fn evict_least_recently_used(&mut self) {
        let oldest = self
            .by_hash
            .iter()
            .flat_map(|(hash, bucket)| {
                bucket
                    .iter()
                    .enumerate()
                    .map(move |(i, e)| (e.used.load(Ordering::Relaxed), *hash, i))
            })
            .min();
        if let Some((_, hash, i)) = oldest
            && let Some(bucket) = self.by_hash.get_mut(&hash)
        {
            let removed = bucket.swap_remove(i);
            if bucket.is_empty() {
                self.by_hash.remove(&hash);
            }
            self.len -= 1;
            self.bytes -= removed.query.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(query: &str) -> Arc<Checked> {
        Arc::new(Checked {
            document: async_graphql::parser::parse_query(query).expect("parses"),
            operation: OperationType::Query,
            introspection: false,
        })
    }

    #[test]
    fn a_flood_of_distinct_documents_stays_within_the_cap() {
        let cache = DocumentCache::new(64);
        for i in 0..10_000 {
            let q = format!("{{ f{i} }}");
            cache.insert(0, &q, None, checked(&q));
            assert!(cache.len() <= 64, "{} documents after {i}", cache.len());
        }
        assert_eq!(cache.len(), 64);
        assert!(
            cache.get(0, "{ f9999 }", None).is_some(),
            "the newest is kept"
        );
        assert!(
            cache.get(0, "{ f0 }", None).is_none(),
            "the oldest made room"
        );
    }

    #[test]
    fn a_flood_of_long_documents_stays_within_the_byte_cap() {
        let cache = DocumentCache::new(10_000);
        let padding = "# padding\n".repeat(1_500);
        for i in 0..1_000 {
            let q = format!("{padding}{{ f{i} }}");
            cache.insert(0, &q, None, checked(&q));
            assert!(
                cache.bytes() <= MAX_TEXT_BYTES,
                "{} bytes after {i}",
                cache.bytes()
            );
        }
        assert!(cache.len() < 1_000 && cache.len() * 15_000 <= MAX_TEXT_BYTES);
        let huge = format!("{}{{ f }}", "#\n".repeat(MAX_DOCUMENT_BYTES));
        cache.insert(0, &huge, None, checked(&huge));
        assert!(cache.get(0, &huge, None).is_none(), "too long to keep");
    }

    #[test]
    fn the_least_recently_used_document_makes_room() {
        let cache = DocumentCache::new(2);
        cache.insert(0, "{ a }", None, checked("{ a }"));
        cache.insert(0, "{ b }", None, checked("{ b }"));
        // `a` is used again, so `b` is now the least recently used.
        assert!(cache.get(0, "{ a }", None).is_some());
        cache.insert(0, "{ c }", None, checked("{ c }"));
        assert!(cache.get(0, "{ a }", None).is_some());
        assert!(cache.get(0, "{ b }", None).is_none());
        assert!(cache.get(0, "{ c }", None).is_some());
    }

    #[test]
    fn text_operation_name_and_api_must_all_match() {
        let cache = DocumentCache::new(8);
        let q = "query A { a } query B { b }";
        cache.insert(0, q, Some("A"), checked("query A { a }"));
        assert!(cache.get(0, q, Some("A")).is_some());
        assert!(cache.get(0, q, Some("B")).is_none(), "another operation");
        assert!(cache.get(0, q, None).is_none(), "no operation name");
        assert!(cache.get(1, q, Some("A")).is_none(), "the other API");
        assert!(
            cache
                .get(0, "query A { a } query B { b } ", Some("A"))
                .is_none(),
            "a different text"
        );
        cache.insert(0, q, Some("A"), checked("query A { a }"));
        assert_eq!(cache.len(), 1, "the same document is kept once");
    }

    #[test]
    fn a_cache_of_size_zero_keeps_nothing() {
        let cache = DocumentCache::new(0);
        cache.insert(0, "{ a }", None, checked("{ a }"));
        assert!(cache.get(0, "{ a }", None).is_none());
        assert!(cache.is_empty());
    }
}
