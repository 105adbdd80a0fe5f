//! What a GraphQL request may cost before anything recursive reads it.
//!
//! async-graphql's parser and validators recurse once per level of nesting, so a document or a
//! JSON body nested a few thousand levels deep would overflow a worker's stack and abort the
//! whole process. Everything here is iterative (or bounded by the scan before it) and runs
//! before the parser sees a byte:
//!
//! - [`prescan_document`]: one pass over the document's bytes counting tokens, the nesting of
//!   every bracket and the nesting of values (list and object literals inside parentheses:
//!   arguments, variable defaults, directive arguments).
//! - [`json_nesting_exceeds`]: the same for a JSON body or a `variables` parameter.
//! - [`value_nesting_exceeds`]: the same for variables that arrived another way (multipart).
//!
//! After parsing, [`data_depth`] measures the selection depth without introspection (whose
//! depth is bounded by the schema; the standard introspection query needs 13 levels) and
//! [`introspection_cost`] costs `__schema`/`__type` selections by what they can return.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};

/// The parser's own bound on selection-set nesting; value nesting comes on top of it.
const SELECTION_NESTING: usize = 64;

/// The largest `graphql.max_value_depth` the settings accept (a test parses a document this
/// deep within half a worker thread's stack).
pub const MAX_VALUE_DEPTH_SETTING: usize = 64;

/// The root fields of introspection.
const INTROSPECTION_ROOTS: [&str; 2] = ["__schema", "__type"];

/// The standard introspection query, as graphql-js's `getIntrospectionQuery()` writes it (what
/// GraphiQL, graphql-codegen, Apollo, Postman and Insomnia send).
pub const STANDARD_INTROSPECTION_QUERY: &str = include_str!("introspection_query.graphql");

/// How much a request may ask for, from `[graphql]` settings.
#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    pub max_bytes: usize,
    pub max_tokens: usize,
    pub max_value_depth: usize,
}

impl From<&crate::config::GraphqlConfig> for DocumentLimits {
    fn from(config: &crate::config::GraphqlConfig) -> Self {
        DocumentLimits {
            max_bytes: config.max_document_bytes,
            max_tokens: config.max_tokens,
            max_value_depth: config.max_value_depth,
        }
    }
}

/// Why a document was refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooLarge { bytes: usize, limit: usize },
    TooManyTokens { limit: usize },
    ValueTooDeep { limit: usize },
    NestedTooDeep { limit: usize },
}

impl Refusal {
    /// The error code clients see.
    pub fn code(&self) -> &'static str {
        use super::error::codes;
        match self {
            Refusal::TooLarge { .. } => codes::DOCUMENT_TOO_LARGE,
            Refusal::TooManyTokens { .. } => codes::TOO_MANY_TOKENS,
            Refusal::ValueTooDeep { .. } => codes::VALUE_TOO_DEEP,
            Refusal::NestedTooDeep { .. } => codes::QUERY_TOO_DEEP,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::TooLarge { bytes, limit } => format!(
                "The GraphQL document has {bytes} bytes; the limit is {limit} (graphql.max_document_bytes)"
            ),
            Refusal::TooManyTokens { limit } => format!(
                "The GraphQL document has more than {limit} tokens (graphql.max_tokens); ask for less per request"
            ),
            Refusal::ValueTooDeep { limit } => format!(
                "A list or object value is nested more than {limit} levels deep (graphql.max_value_depth)"
            ),
            Refusal::NestedTooDeep { limit } => {
                format!("The GraphQL document nests more than {limit} levels deep")
            }
        }
    }
}

/// Checks a document's size, token count and nesting in one pass over its bytes, without
/// allocating more than the nesting it allows.
pub fn prescan_document(query: &str, limits: &DocumentLimits) -> Result<(), Refusal> {
    let bytes = query.as_bytes();
    if bytes.len() > limits.max_bytes {
        return Err(Refusal::TooLarge {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let max_nesting = SELECTION_NESTING + limits.max_value_depth;
    // Each open bracket with its value depth: 0 for selection sets and parentheses, 1 + the
    // enclosing value depth for a `[`/`{` inside parentheses.
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut tokens = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        tokens += 1;
        if tokens > limits.max_tokens {
            return Err(Refusal::TooManyTokens {
                limit: limits.max_tokens,
            });
        }
        match b {
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 3;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => i += 3,
            b'(' | b'[' | b'{' => {
                let depth = match open.last() {
                    Some((b'(', _)) if b != b'(' => 1,
                    Some((_, d)) if *d > 0 && b != b'(' => d + 1,
                    _ => 0,
                };
                if depth > limits.max_value_depth {
                    return Err(Refusal::ValueTooDeep {
                        limit: limits.max_value_depth,
                    });
                }
                if open.len() >= max_nesting {
                    return Err(Refusal::NestedTooDeep { limit: max_nesting });
                }
                open.push((b, depth));
                i += 1;
            }
            b')' | b']' | b'}' => {
                // A mismatch is the parser's to report; the nesting only shrinks.
                open.pop();
                i += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                i += 1;
                while i < bytes.len()
                    && matches!(bytes[i], b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
                {
                    i += 1;
                }
            }
            // A number: `-`, digits, then `.digits` and an exponent (`e`, a sign, digits).
            b'0'..=b'9' | b'-' => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'0'..=b'9' | b'.' | b'e' | b'E' => i += 1,
                        b'+' | b'-' if matches!(bytes[i - 1], b'e' | b'E') => i += 1,
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Whether JSON text nests arrays and objects deeper than `limit` (strings skipped, escapes
/// honoured). Malformed JSON is left to the JSON parser.
pub fn json_nesting_exceeds(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Whether a variables value nests lists and objects deeper than `limit`.
pub fn value_nesting_exceeds(value: &async_graphql::Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &async_graphql::Value>> = match value {
            async_graphql::Value::List(items) => Box::new(items.iter()),
            async_graphql::Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth + 1 > limit {
            return true;
        }
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    false
}

/// The operation a request runs: the named one, or the only one. `None` when the name matches
/// no operation, or several operations and no name were sent: such a request is refused before
/// validation, which would otherwise walk every operation of the document.
pub fn operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Whether the operation selects `__schema` or `__type` (through fragments too).
pub fn uses_introspection(doc: &ExecutableDocument, op: &OperationDefinition) -> bool {
    let mut found = false;
    walk_root_fields(doc, &op.selection_set.node, &mut |name| {
        found |= INTROSPECTION_ROOTS.contains(&name);
    });
    found
}

fn walk_root_fields(doc: &ExecutableDocument, set: &SelectionSet, on_field: &mut dyn FnMut(&str)) {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![set];
    while let Some(set) = stack.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => on_field(f.node.name.node.as_str()),
                Selection::InlineFragment(i) => stack.push(&i.node.selection_set.node),
                Selection::FragmentSpread(s) => {
                    let name = &s.node.fragment_name.node;
                    if seen.insert(name.clone())
                        && let Some(def) = doc.fragments.get(name)
                    {
                        stack.push(&def.node.selection_set.node);
                    }
                }
            }
        }
    }
}

/// Fragments' results, computed once each: a document repeating spreads of spreads must not
/// cost exponential time to measure. A fragment met again while it is being measured (a cycle,
/// which validation refuses) counts as unbounded.
struct Memo<'a> {
    doc: &'a ExecutableDocument,
    done: HashMap<&'a Name, usize>,
    in_progress: Vec<&'a Name>,
}

impl<'a> Memo<'a> {
    fn new(doc: &'a ExecutableDocument) -> Self {
        Memo {
            doc,
            done: HashMap::new(),
            in_progress: Vec::new(),
        }
    }

    fn fragment(
        &mut self,
        name: &'a Name,
        measure: fn(&mut Memo<'a>, &'a SelectionSet) -> usize,
    ) -> usize {
        if let Some(&v) = self.done.get(name) {
            return v;
        }
        if self.in_progress.contains(&name) {
            return usize::MAX;
        }
        let Some(def) = self.doc.fragments.get(name) else {
            return 0;
        };
        self.in_progress.push(name);
        let v = measure(self, &def.node.selection_set.node);
        self.in_progress.pop();
        self.done.insert(name, v);
        v
    }
}

/// The deepest nesting of fields in the operation, not counting introspection selections.
pub fn data_depth(doc: &ExecutableDocument, op: &OperationDefinition) -> usize {
    fn depth<'a>(memo: &mut Memo<'a>, set: &'a SelectionSet) -> usize {
        let mut deepest = 0usize;
        for item in &set.items {
            let d = match &item.node {
                Selection::Field(f) if INTROSPECTION_ROOTS.contains(&f.node.name.node.as_str()) => {
                    0
                }
                Selection::Field(f) => depth(memo, &f.node.selection_set.node).saturating_add(1),
                Selection::InlineFragment(i) => depth(memo, &i.node.selection_set.node),
                Selection::FragmentSpread(s) => memo.fragment(&s.node.fragment_name.node, depth),
            };
            deepest = deepest.max(d);
        }
        deepest
    }
    depth(&mut Memo::new(doc), &op.selection_set.node)
}

/// How many fields the operation has once its fragments are spread (each spread counts the
/// fragment's fields again), measured without spreading them: a few lines of fragments that
/// spread each other twice expand to billions of fields, which validation would walk.
pub fn expanded_size(doc: &ExecutableDocument, op: &OperationDefinition) -> usize {
    fn size<'a>(memo: &mut Memo<'a>, set: &'a SelectionSet) -> usize {
        let mut total = 0usize;
        for item in &set.items {
            let n = match &item.node {
                Selection::Field(f) => size(memo, &f.node.selection_set.node).saturating_add(1),
                Selection::InlineFragment(i) => size(memo, &i.node.selection_set.node),
                Selection::FragmentSpread(s) => memo.fragment(&s.node.fragment_name.node, size),
            };
            total = total.saturating_add(n);
        }
        total
    }
    size(&mut Memo::new(doc), &op.selection_set.node)
}

/// How many items an introspection list field is counted as: the schema's types, a type's
/// fields, arguments, input fields, enum values, interfaces and possible types.
fn introspection_multiplier(field: &str) -> usize {
    match field {
        "types" => 100,
        "fields" => 20,
        "inputFields" | "enumValues" | "directives" => 10,
        "args" | "possibleTypes" => 5,
        "interfaces" => 2,
        _ => 1,
    }
}

/// The cost of the operation's introspection: each field 1, a list of introspection objects its
/// multiplier × its items' cost. Fields outside `__schema`/`__type` cost nothing here (the
/// complexity limit costs them).
pub fn introspection_cost(doc: &ExecutableDocument, op: &OperationDefinition) -> usize {
    fn cost<'a>(memo: &mut Memo<'a>, set: &'a SelectionSet) -> usize {
        let mut total = 0usize;
        for item in &set.items {
            let c = match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    let children = cost(memo, &f.node.selection_set.node);
                    children
                        .saturating_mul(introspection_multiplier(name))
                        .saturating_add(1)
                }
                Selection::InlineFragment(i) => cost(memo, &i.node.selection_set.node),
                Selection::FragmentSpread(s) => memo.fragment(&s.node.fragment_name.node, cost),
            };
            total = total.saturating_add(c);
        }
        total
    }
    let mut memo = Memo::new(doc);
    let mut total = 0usize;
    let mut pending = vec![&op.selection_set.node];
    let mut seen = std::collections::HashSet::new();
    while let Some(set) = pending.pop() {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) if INTROSPECTION_ROOTS.contains(&f.node.name.node.as_str()) => {
                    total = total.saturating_add(
                        cost(&mut memo, &f.node.selection_set.node).saturating_add(1),
                    );
                }
                Selection::Field(_) => {}
                Selection::InlineFragment(i) => pending.push(&i.node.selection_set.node),
                Selection::FragmentSpread(s) => {
                    let name = &s.node.fragment_name.node;
                    if seen.insert(name)
                        && let Some(def) = doc.fragments.get(name)
                    {
                        pending.push(&def.node.selection_set.node);
                    }
                }
            }
        }
    }
    total
}

/// How many `__schema`/`__type` fields (aliases included) one request may select.
pub const MAX_INTROSPECTION_ROOTS: usize = 10;

/// How many `__schema`/`__type` fields the operation selects, aliases and fragments included
/// (a fragment spread twice counts once: the executor merges identical fields).
pub fn introspection_roots(doc: &ExecutableDocument, op: &OperationDefinition) -> usize {
    let mut n = 0usize;
    walk_root_fields(doc, &op.selection_set.node, &mut |name| {
        if INTROSPECTION_ROOTS.contains(&name) {
            n += 1;
        }
    });
    n
}

/// The most introspection a request may ask for: twice the standard introspection query, so
/// every schema tool works and a request cannot ask for the schema many times over.
pub fn introspection_budget() -> usize {
    static BUDGET: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BUDGET.get_or_init(|| {
        let doc = async_graphql::parser::parse_query(STANDARD_INTROSPECTION_QUERY)
            .expect("the standard introspection query parses");
        let op = operation(&doc, None).expect("it has one operation");
        introspection_cost(&doc, op).saturating_mul(2)
    })
}

/// Selection depth the standard introspection query needs; async-graphql's own depth limit is
/// set no lower, and [`data_depth`] applies `graphql.max_depth` to everything else.
pub const INTROSPECTION_DEPTH: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    const LIMITS: DocumentLimits = DocumentLimits {
        max_bytes: 32 * 1024,
        max_tokens: 5_000,
        max_value_depth: 32,
    };

    fn nested(open: &str, close: &str, n: usize, inner: &str) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn values_nested_deeper_than_the_limit_are_refused_everywhere() {
        let deep = nested("[", "]", 33, "1");
        let ok = nested("[", "]", 32, "1");
        let deep_obj = nested("{a: ", "}", 33, "1");
        for (doc, refused) in [
            (format!("{{ products(first: {deep}) {{ id }} }}"), true),
            (format!("{{ products(first: {ok}) {{ id }} }}"), false),
            (format!("{{ products(filter: {deep_obj}) {{ id }} }}"), true),
            (
                format!("query($a: Int = {deep}) {{ shop {{ name }} }}"),
                true,
            ),
            (format!("{{ shop @include(if: {deep}) {{ name }} }}"), true),
            // Brackets inside strings and comments are not nesting.
            (
                format!(
                    "{{ shop(a: \"{}\") {{ name }} }} # {}",
                    "[".repeat(500),
                    "{".repeat(500)
                ),
                false,
            ),
            (
                format!(
                    "{{ shop(a: \"\"\"{}\\\"\"\"\"\"\") {{ name }} }}",
                    "[".repeat(500)
                ),
                false,
            ),
        ] {
            let got = prescan_document(&doc, &LIMITS);
            assert_eq!(
                got.is_err(),
                refused,
                "{}: {got:?}",
                &doc[..doc.len().min(60)]
            );
            if refused {
                assert_eq!(got.unwrap_err(), Refusal::ValueTooDeep { limit: 32 });
            }
        }
    }

    #[test]
    fn selection_sets_nested_beyond_the_parser_bound_are_refused() {
        let deep = nested("{a", "}", 10_000, "");
        let roomy = DocumentLimits {
            max_bytes: 1 << 20,
            max_tokens: 1 << 20,
            ..LIMITS
        };
        assert!(matches!(
            prescan_document(&deep, &roomy),
            Err(Refusal::NestedTooDeep { .. })
        ));
    }

    /// The nesting the scan lets through parses within half of a worker thread's 2 MiB stack,
    /// even unoptimised, at the default value depth and at the largest one the settings allow:
    /// the limit, not the stack, decides.
    #[test]
    fn the_deepest_accepted_document_parses_on_a_small_stack() {
        for depth in [32, MAX_VALUE_DEPTH_SETTING] {
            deepest_document_parses(depth);
        }
    }

    fn deepest_document_parses(depth: usize) {
        let roomy = DocumentLimits {
            max_bytes: 1 << 20,
            max_tokens: 1 << 20,
            max_value_depth: depth,
        };
        let worst = format!(
            "{}{{ a(x: {}) }}{}",
            "{ a ".repeat(SELECTION_NESTING - 2),
            nested("[", "]", depth, "1"),
            "}".repeat(SELECTION_NESTING - 2)
        );
        assert_eq!(prescan_document(&worst, &roomy), Ok(()));
        let deeper = format!("{{ a {worst} }}");
        assert!(prescan_document(&deeper, &roomy).is_err());
        let parsed = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || parse_query(&worst).map(|_| ()).map_err(|e| e.to_string()))
            .unwrap()
            .join()
            .expect("the parser stays within the stack");
        // Past its own selection bound the parser answers an error, not a crash.
        assert!(parsed.is_ok() || parsed.unwrap_err().contains("recursion limit"));
    }

    #[test]
    fn size_and_tokens_are_bounded() {
        let big = format!("{{ {} }}", "a ".repeat(20_000));
        assert!(matches!(
            prescan_document(&big, &LIMITS),
            Err(Refusal::TooLarge { .. })
        ));
        let many = format!("{{ {} }}", "a ".repeat(6_000));
        assert_eq!(
            prescan_document(&many, &LIMITS),
            Err(Refusal::TooManyTokens { limit: 5_000 })
        );
        // Spreads and numbers are tokens of their own, however they are run together.
        for dense in [
            format!("{{a{}}}", "...F".repeat(2_600)),
            format!("{{a(x:[{}])}}", "1.5e+3 -2 ".repeat(3_000)),
        ] {
            assert!(dense.len() < 32 * 1024);
            assert_eq!(
                prescan_document(&dense, &LIMITS),
                Err(Refusal::TooManyTokens { limit: 5_000 }),
                "{}",
                &dense[..40]
            );
        }
        assert_eq!(
            prescan_document(STANDARD_INTROSPECTION_QUERY, &LIMITS),
            Ok(())
        );
    }

    #[test]
    fn json_nesting() {
        assert!(json_nesting_exceeds(
            nested("[", "]", 10_000, "").as_bytes(),
            34
        ));
        assert!(!json_nesting_exceeds(
            br#"{"query":"{ a }","variables":{"x":"[[[[[[[[[[\"[[[[[["}}"#,
            3
        ));
        assert!(json_nesting_exceeds(br#"{"variables":{"x":[[1]]}}"#, 3));
    }

    #[test]
    fn variable_values_nesting() {
        let mut v = async_graphql::Value::Null;
        for _ in 0..40 {
            v = async_graphql::Value::List(vec![v]);
        }
        assert!(value_nesting_exceeds(&v, 32));
        assert!(!value_nesting_exceeds(&v, 40));
    }

    #[test]
    fn fragment_bombs_are_measured_without_expanding_them() {
        let mut text = String::from("{ ...F0 }");
        for i in 0..70 {
            text.push_str(&format!(
                " fragment F{i} on Query {{ a: shop {{ name }} ...F{} ...F{} }}",
                i + 1,
                i + 1
            ));
        }
        text.push_str(" fragment F70 on Query { shop { name } }");
        let doc = parse_query(&text).unwrap();
        assert_eq!(
            expanded_size(&doc, operation(&doc, None).unwrap()),
            usize::MAX
        );
        let doc = parse_query("{ ...F ...F } fragment F on Query { shop { name } }").unwrap();
        assert_eq!(expanded_size(&doc, operation(&doc, None).unwrap()), 4);
    }

    #[test]
    fn depth_leaves_out_introspection() {
        let doc = parse_query(STANDARD_INTROSPECTION_QUERY).unwrap();
        let op = operation(&doc, None).unwrap();
        assert_eq!(data_depth(&doc, op), 0);
        let doc = parse_query(
            "{ a { b { c } } __type(name: \"X\") { ofType { ofType { ofType { name } } } } }",
        )
        .unwrap();
        assert_eq!(data_depth(&doc, operation(&doc, None).unwrap()), 3);
        let doc = parse_query(
            "query { ...F } fragment F on Query { a { ...G } } fragment G on A { b { c } }",
        )
        .unwrap();
        assert_eq!(data_depth(&doc, operation(&doc, None).unwrap()), 3);
    }

    #[test]
    fn introspection_costs_by_what_it_returns() {
        let budget = introspection_budget();
        let one = "__schema { types { name fields { name args { name } type { name } } } }";
        let doc = parse_query(format!("{{ {one} }}")).unwrap();
        let single = introspection_cost(&doc, operation(&doc, None).unwrap());
        assert!(single < budget, "{single} < {budget}");
        let many: String = (0..100).map(|i| format!("a{i}: {one} ")).collect();
        let doc = parse_query(format!("{{ {many} }}")).unwrap();
        assert!(introspection_cost(&doc, operation(&doc, None).unwrap()) > budget);
        let doc = parse_query(format!("{{ {many} }}")).unwrap();
        assert_eq!(
            introspection_roots(&doc, operation(&doc, None).unwrap()),
            100
        );
        // Recursion through a type's fields multiplies.
        let doc = parse_query(
            "{ __type(name: \"Query\") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } }",
        )
        .unwrap();
        assert!(introspection_cost(&doc, operation(&doc, None).unwrap()) > budget);
        // Spreads of spreads are measured once each, not exponentially.
        let mut text = String::from("{ __schema { types { ...F0 } } }");
        for i in 0..40 {
            text.push_str(&format!(
                " fragment F{i} on __Type {{ ...F{} ...F{} }}",
                i + 1,
                i + 1
            ));
        }
        text.push_str(" fragment F40 on __Type { name }");
        let doc = parse_query(&text).unwrap();
        assert!(introspection_cost(&doc, operation(&doc, None).unwrap()) > budget);
    }
}
