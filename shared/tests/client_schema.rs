//! The typed client against the committed schema: every operation document is valid against
//! `schema/<api>.graphql`, every response type reads (and writes back, unchanged) an answer built
//! from the schema for its selection — with every value of every enum and with every nullable
//! field null — the variables match the operation's variable definitions and input objects, and
//! every client enum has exactly the schema's values. A renamed field, a dropped enum value or a
//! field that became nullable fails here, in CI, instead of as a decode error in a shopper's
//! browser (`a_renamed_field_fails_the_check` shows it does).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_graphql_parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql_value::Value as GqlValue;
use serde_json::{Map, Value, json};
use shared::client::{self, Operation, Visit};

/// What the check needs of a schema.
struct Schema {
    types: HashMap<String, Kind>,
    query: String,
    mutation: String,
}

enum Kind {
    Scalar,
    Enum(Vec<String>),
    /// Objects and interfaces: field name → its arguments and type.
    Object(HashMap<String, FieldDef>),
    /// Unions: their member types.
    Union(Vec<String>),
    /// Input objects: field name → (type, has a default).
    Input(BTreeMap<String, (Type, bool)>),
}

struct FieldDef {
    arguments: BTreeMap<String, (Type, bool)>,
    ty: Type,
}

fn read_schema(sdl: &str) -> Schema {
    let document = async_graphql_parser::parse_schema(sdl).expect("the SDL parses");
    let mut types: HashMap<String, Kind> = ["String", "Int", "Float", "Boolean", "ID"]
        .into_iter()
        .map(|s| (s.to_owned(), Kind::Scalar))
        .collect();
    let (mut query, mut mutation) = ("Query".to_owned(), "Mutation".to_owned());
    let inputs = |values: &[async_graphql_parser::Positioned<
        async_graphql_parser::types::InputValueDefinition,
    >]| {
        values
            .iter()
            .map(|v| {
                let v = &v.node;
                (
                    v.name.node.to_string(),
                    (v.ty.node.clone(), v.default_value.is_some()),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    for definition in document.definitions {
        match definition {
            TypeSystemDefinition::Schema(s) => {
                if let Some(q) = &s.node.query {
                    query = q.node.to_string();
                }
                if let Some(m) = &s.node.mutation {
                    mutation = m.node.to_string();
                }
            }
            TypeSystemDefinition::Type(t) => {
                let t = t.node;
                let kind = match t.kind {
                    TypeKind::Scalar => Kind::Scalar,
                    TypeKind::Enum(e) => Kind::Enum(
                        e.values
                            .iter()
                            .map(|v| v.node.value.node.to_string())
                            .collect(),
                    ),
                    TypeKind::Object(o) => Kind::Object(fields(&o.fields, &inputs)),
                    TypeKind::Interface(i) => Kind::Object(fields(&i.fields, &inputs)),
                    TypeKind::Union(u) => {
                        Kind::Union(u.members.iter().map(|m| m.node.to_string()).collect())
                    }
                    TypeKind::InputObject(i) => Kind::Input(inputs(&i.fields)),
                };
                types.insert(t.name.node.to_string(), kind);
            }
            TypeSystemDefinition::Directive(_) => {}
        }
    }
    Schema {
        types,
        query,
        mutation,
    }
}

fn fields(
    fields: &[async_graphql_parser::Positioned<async_graphql_parser::types::FieldDefinition>],
    inputs: &impl Fn(
        &[async_graphql_parser::Positioned<async_graphql_parser::types::InputValueDefinition>],
    ) -> BTreeMap<String, (Type, bool)>,
) -> HashMap<String, FieldDef> {
    fields
        .iter()
        .map(|f| {
            let f = &f.node;
            (
                f.name.node.to_string(),
                FieldDef {
                    arguments: inputs(&f.arguments),
                    ty: f.ty.node.clone(),
                },
            )
        })
        .collect()
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name,
        BaseType::List(inner) => named(inner),
    }
}

/// Checks every operation of an API, collecting what is wrong.
struct Checker<'a> {
    schema: &'a Schema,
    problems: Vec<String>,
}

impl Visit for Checker<'_> {
    fn operation<O: Operation>(&mut self) {
        let problems = check_operation::<O>(self.schema);
        self.problems
            .extend(problems.into_iter().map(|p| format!("{}: {p}", O::NAME)));
    }
}

fn check_operation<O: Operation>(schema: &Schema) -> Vec<String> {
    let mut problems = Vec::new();
    let document = match async_graphql_parser::parse_query(O::DOCUMENT) {
        Ok(d) => d,
        Err(e) => return vec![format!("does not parse: {e}")],
    };
    let (name, operation) = match &document.operations {
        DocumentOperations::Single(op) => (None, op),
        DocumentOperations::Multiple(ops) if ops.len() == 1 => {
            let (name, op) = ops.iter().next().unwrap();
            (Some(name.to_string()), op)
        }
        DocumentOperations::Multiple(_) => return vec!["holds more than one operation".into()],
    };
    if name.as_deref() != Some(O::NAME) {
        problems.push(format!("the document's operation is named {name:?}"));
    }
    let operation = &operation.node;
    let root = match operation.ty {
        async_graphql_parser::types::OperationType::Query => &schema.query,
        async_graphql_parser::types::OperationType::Mutation => &schema.mutation,
        async_graphql_parser::types::OperationType::Subscription => {
            return vec!["subscriptions are not used".into()];
        }
    };
    let variables: BTreeMap<String, (Type, bool)> = operation
        .variable_definitions
        .iter()
        .map(|v| {
            let v = &v.node;
            (
                v.name.node.to_string(),
                (v.var_type.node.clone(), v.default_value.is_some()),
            )
        })
        .collect();
    for (name, (ty, _)) in &variables {
        match schema.types.get(named(ty)) {
            Some(Kind::Scalar | Kind::Enum(_) | Kind::Input(_)) => {}
            _ => problems.push(format!("${name} has the unknown input type {ty}")),
        }
    }
    let mut used = BTreeSet::new();
    let mut walk = Walk {
        schema,
        document: &document,
        variables: &variables,
        used: &mut used,
        problems: &mut problems,
    };
    walk.selection(root, &operation.selection_set.node, "");
    for name in variables.keys() {
        if !used.contains(name) {
            problems.push(format!("${name} is declared but never used"));
        }
    }

    // The root field the operation type reads.
    let keys: Vec<String> = operation
        .selection_set
        .node
        .items
        .iter()
        .filter_map(|s| match &s.node {
            Selection::Field(f) => Some(
                f.node
                    .alias
                    .as_ref()
                    .unwrap_or(&f.node.name)
                    .node
                    .to_string(),
            ),
            _ => None,
        })
        .collect();
    if !O::ROOT.is_empty() && keys != [O::ROOT] {
        problems.push(format!("reads `{}` but selects {keys:?}", O::ROOT));
    }
    if !problems.is_empty() {
        return problems;
    }

    // Answers built from the schema: each enum value in turn, then every nullable field null.
    let modes = (0..enum_rounds(schema))
        .map(Mode::Values)
        .chain((0..MAX_DEPTH).map(Mode::NullsAt));
    for mode in modes {
        let data = Sample {
            schema,
            document: &document,
            mode,
        }
        .selection(root, &operation.selection_set.node, 0);
        let body = json!({ "data": data }).to_string();
        match client::decode::<O>(200, &body) {
            Err(e) => {
                problems.push(format!("cannot read {mode:?} answer {body}: {e}"));
                break;
            }
            Ok(read) => {
                let written = serde_json::to_value(&read).expect("the data serialises");
                let expected = if O::ROOT.is_empty() {
                    &data
                } else {
                    &data[O::ROOT]
                };
                if written != *expected {
                    problems.push(format!(
                        "reads the {mode:?} answer\n  {expected}\ninto\n  {written}"
                    ));
                    break;
                }
            }
        }
    }

    // The variables, as the app's types write them.
    let sent = serde_json::to_value(O::Variables::default()).expect("variables serialise");
    match sent {
        Value::Object(sent) => {
            for (name, value) in &sent {
                match variables.get(name) {
                    None => problems.push(format!("sends the undeclared variable ${name}")),
                    Some((ty, _)) => {
                        input_value(schema, ty, value, &format!("${name}"), &mut problems)
                    }
                }
            }
            for (name, (ty, has_default)) in &variables {
                if !ty.nullable && !has_default && !sent.contains_key(name) {
                    problems.push(format!("never sends the required ${name}"));
                }
            }
        }
        other => problems.push(format!("variables serialise as {other}, not an object")),
    }
    problems
}

/// Checks a value the app sends against the input type `ty`.
fn input_value(schema: &Schema, ty: &Type, value: &Value, at: &str, problems: &mut Vec<String>) {
    if value.is_null() {
        // A multipart request's file is `null` in its operation; its `map` puts the file there.
        if !ty.nullable && named(ty) != "Upload" {
            problems.push(format!("{at} is null but {ty} is required"));
        }
        return;
    }
    match (&ty.base, value) {
        (BaseType::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                input_value(schema, inner, item, &format!("{at}[{i}]"), problems);
            }
        }
        (BaseType::List(inner), single) => input_value(schema, inner, single, at, problems),
        (BaseType::Named(name), value) => match (schema.types.get(name.as_str()), value) {
            (Some(Kind::Input(fields)), Value::Object(object)) => {
                for (key, v) in object {
                    match fields.get(key) {
                        None => problems.push(format!("{at}.{key} is not a field of {name}")),
                        Some((t, _)) => input_value(schema, t, v, &format!("{at}.{key}"), problems),
                    }
                }
                for (key, (t, has_default)) in fields {
                    if !t.nullable && !has_default && !object.contains_key(key) {
                        problems.push(format!("{at} never sends {name}.{key}, which is required"));
                    }
                }
            }
            (Some(Kind::Enum(values)), Value::String(s)) => {
                if !values.contains(s) {
                    problems.push(format!("{at} sends {s:?}, not a value of {name}"));
                }
            }
            (Some(Kind::Scalar), _) => {}
            (_, v) => problems.push(format!("{at} sends {v} for {name}")),
        },
    }
}

/// Walks a selection, checking it against the schema.
struct Walk<'a> {
    schema: &'a Schema,
    document: &'a ExecutableDocument,
    variables: &'a BTreeMap<String, (Type, bool)>,
    used: &'a mut BTreeSet<String>,
    problems: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn selection(&mut self, parent: &str, set: &SelectionSet, at: &str) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => self.field(parent, &field.node, at),
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match self.document.fragments.get(name) {
                        None => self
                            .problems
                            .push(format!("spreads the unknown fragment {name}")),
                        Some(fragment) => {
                            let on = fragment.node.type_condition.node.on.node.to_string();
                            self.fits(parent, &on, at);
                            let set = &fragment.node.selection_set.node;
                            self.selection(&on, set, at);
                        }
                    }
                }
                Selection::InlineFragment(inline) => {
                    let on = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(parent.to_owned(), |c| c.node.on.node.to_string());
                    self.fits(parent, &on, at);
                    self.selection(&on, &inline.node.selection_set.node, at);
                }
            }
        }
    }

    fn fits(&mut self, parent: &str, on: &str, at: &str) {
        let fits = parent == on
            || matches!(self.schema.types.get(parent), Some(Kind::Union(m)) if m.iter().any(|m| m == on));
        if !fits {
            self.problems
                .push(format!("{at}: a fragment on {on} inside {parent}"));
        }
    }

    fn field(&mut self, parent: &str, field: &async_graphql_parser::types::Field, at: &str) {
        let name = field.name.node.as_str();
        let here = if at.is_empty() {
            name.to_owned()
        } else {
            format!("{at}.{name}")
        };
        if name == "__typename" {
            return;
        }
        let Some(Kind::Object(fields)) = self.schema.types.get(parent) else {
            self.problems
                .push(format!("{here}: {parent} has no fields to select"));
            return;
        };
        let Some(definition) = fields.get(name) else {
            self.problems
                .push(format!("{here}: {parent} has no field `{name}`"));
            return;
        };
        for (arg, value) in &field.arguments {
            let arg = arg.node.as_str();
            let Some((ty, _)) = definition.arguments.get(arg) else {
                self.problems.push(format!("{here}: no argument `{arg}`"));
                continue;
            };
            self.argument(ty, &value.node, &format!("{here}({arg})"));
        }
        for (arg, (ty, has_default)) in &definition.arguments {
            let given = field.arguments.iter().any(|(a, _)| a.node.as_str() == arg);
            if !ty.nullable && !has_default && !given {
                self.problems
                    .push(format!("{here}: the required argument `{arg}` is missing"));
            }
        }
        let inner = named(&definition.ty).to_owned();
        let leaf = matches!(
            self.schema.types.get(&inner),
            Some(Kind::Scalar | Kind::Enum(_))
        );
        let selects = !field.selection_set.node.items.is_empty();
        if leaf && selects {
            self.problems
                .push(format!("{here}: {inner} has no fields to select"));
        } else if !leaf && !selects {
            self.problems
                .push(format!("{here}: select the fields of {inner}"));
        } else if selects {
            self.selection(&inner, &field.selection_set.node, &here);
        }
    }

    fn argument(&mut self, ty: &Type, value: &GqlValue, at: &str) {
        match value {
            GqlValue::Variable(v) => {
                self.used.insert(v.to_string());
                match self.variables.get(v.as_str()) {
                    None => self.problems.push(format!("{at}: ${v} is not declared")),
                    Some((var_ty, has_default)) => {
                        let nullability = ty.nullable || !var_ty.nullable || *has_default;
                        if named(var_ty) != named(ty) || !nullability {
                            self.problems
                                .push(format!("{at}: ${v} is {var_ty}, the argument {ty}"));
                        }
                    }
                }
            }
            GqlValue::Enum(e) => match self.schema.types.get(named(ty)) {
                Some(Kind::Enum(values)) if values.iter().any(|v| v == e.as_str()) => {}
                _ => self
                    .problems
                    .push(format!("{at}: {e} is not a value of {}", named(ty))),
            },
            GqlValue::Null if !ty.nullable => {
                self.problems.push(format!("{at}: null for {ty}"));
            }
            GqlValue::List(items) => {
                let inner = match &ty.base {
                    BaseType::List(inner) => inner.as_ref(),
                    BaseType::Named(_) => ty,
                };
                for item in items {
                    self.argument(inner, item, at);
                }
            }
            GqlValue::Object(object) => match self.schema.types.get(named(ty)) {
                Some(Kind::Input(fields)) => {
                    for (key, v) in object {
                        match fields.get(key.as_str()) {
                            None => self.problems.push(format!("{at}: no input field {key}")),
                            Some((t, _)) => self.argument(t, v, &format!("{at}.{key}")),
                        }
                    }
                }
                _ => self.problems.push(format!("{at}: an object for {ty}")),
            },
            _ => {}
        }
    }
}

/// How a sample answer fills the fields.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Every field has a value; enums take their `n`-th value (wrapping).
    Values(usize),
    /// Every nullable field this deep in the answer is null (the others have values), so each
    /// nullable field is read as null once with its parents present.
    NullsAt(usize),
}

/// Deeper than any selection.
const MAX_DEPTH: usize = 12;

/// Enough rounds that every value of the longest enum appears.
fn enum_rounds(schema: &Schema) -> usize {
    schema
        .types
        .values()
        .map(|k| match k {
            Kind::Enum(values) => values.len(),
            _ => 1,
        })
        .max()
        .unwrap_or(1)
}

/// Builds an answer for a selection from the schema's types.
struct Sample<'a> {
    schema: &'a Schema,
    document: &'a ExecutableDocument,
    mode: Mode,
}

impl Sample<'_> {
    fn selection(&self, parent: &str, set: &SelectionSet, depth: usize) -> Value {
        let mut out = Map::new();
        self.fill(parent, set, depth, &mut out);
        Value::Object(out)
    }

    fn fill(&self, parent: &str, set: &SelectionSet, depth: usize, out: &mut Map<String, Value>) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let key = field.alias.as_ref().unwrap_or(&field.name).node.to_string();
                    if field.name.node.as_str() == "__typename" {
                        out.insert(key, Value::String(parent.to_owned()));
                        continue;
                    }
                    let Some(Kind::Object(fields)) = self.schema.types.get(parent) else {
                        continue;
                    };
                    let ty = &fields[field.name.node.as_str()].ty;
                    out.insert(key, self.value(ty, &field.selection_set.node, depth));
                }
                Selection::FragmentSpread(spread) => {
                    let fragment = &self.document.fragments[&spread.node.fragment_name.node];
                    self.fill(parent, &fragment.node.selection_set.node, depth, out);
                }
                Selection::InlineFragment(inline) => {
                    self.fill(parent, &inline.node.selection_set.node, depth, out);
                }
            }
        }
    }

    fn value(&self, ty: &Type, set: &SelectionSet, depth: usize) -> Value {
        if ty.nullable && matches!(self.mode, Mode::NullsAt(d) if d == depth) {
            return Value::Null;
        }
        let round = match self.mode {
            Mode::Values(n) => n,
            Mode::NullsAt(_) => 0,
        };
        match &ty.base {
            BaseType::List(inner) => Value::Array(vec![self.value(inner, set, depth + 1)]),
            BaseType::Named(name) => match (name.as_str(), self.schema.types.get(name.as_str())) {
                (_, Some(Kind::Enum(values))) => json!(values[round % values.len()]),
                (_, Some(Kind::Object(_))) => self.selection(name, set, depth + 1),
                ("Int" | "MinorUnits", _) => json!(12_900 + round as i64),
                ("Float", _) => json!(1.5),
                ("Boolean", _) => json!(round % 2 == 0),
                ("DateTime", _) => json!("2026-12-06T15:30:00Z"),
                ("ID", _) => json!(format!("id-{round}")),
                _ => json!(format!("text {round}")),
            },
        }
    }
}

fn check_api(sdl: &str, visit_all: fn(&mut Checker<'_>)) -> Vec<String> {
    let schema = read_schema(sdl);
    let mut checker = Checker {
        schema: &schema,
        problems: Vec::new(),
    };
    visit_all(&mut checker);
    checker.problems
}

fn shop_sdl() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/shop.graphql"
    ))
    .expect("schema/shop.graphql")
}

fn admin_sdl() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/admin.graphql"
    ))
    .expect("schema/admin.graphql")
}

fn visit_shop(checker: &mut Checker<'_>) {
    client::shop::visit_all(checker)
}

fn visit_admin(checker: &mut Checker<'_>) {
    client::admin::visit_all(checker)
}

#[test]
fn every_shop_operation_matches_the_shop_schema() {
    let problems = check_api(&shop_sdl(), visit_shop);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        client::shop::NAMES.len(),
        client::shop::documents::ALL.len()
    );
}

#[test]
fn every_admin_operation_matches_the_admin_schema() {
    let problems = check_api(&admin_sdl(), visit_admin);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_document_has_its_operation_type() {
    for (api, documents, names) in [
        ("shop", client::shop::documents::ALL, client::shop::NAMES),
        ("admin", client::admin::documents::ALL, client::admin::NAMES),
    ] {
        let mut documents: Vec<&str> = documents.iter().map(|(n, _)| *n).collect();
        let mut operations = names.to_vec();
        documents.sort();
        operations.sort();
        assert_eq!(
            documents, operations,
            "an operation in graphql/{api} without its Rust type (or the reverse)"
        );
    }
}

/// Every enum the client reads or sends, with the values it knows (`ALL`): those both APIs
/// share, then the Admin API's own.
fn client_enums() -> Vec<(&'static str, Vec<&'static str>)> {
    use shared::client::UserErrorCode;
    use shared::client::shop::{Availability, CartLineAvailability, ProductSort};
    use shared::order::{OrderSource, OrderStatus, PaymentGateway, PaymentMethod, PaymentStatus};
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| code(*v)).collect()
    }
    vec![
        (
            "UserErrorCode",
            codes(UserErrorCode::ALL, UserErrorCode::code),
        ),
        ("ProductSort", codes(ProductSort::ALL, ProductSort::code)),
        ("Availability", codes(Availability::ALL, Availability::code)),
        (
            "CartLineAvailability",
            codes(CartLineAvailability::ALL, CartLineAvailability::code),
        ),
        ("OrderStatus", codes(OrderStatus::ALL, OrderStatus::code)),
        ("OrderSource", codes(OrderSource::ALL, OrderSource::code)),
        (
            "PaymentMethod",
            codes(PaymentMethod::ALL, PaymentMethod::code),
        ),
        (
            "PaymentStatus",
            codes(PaymentStatus::ALL, PaymentStatus::code),
        ),
        (
            "PaymentGateway",
            codes(PaymentGateway::ALL, PaymentGateway::code),
        ),
        (
            "CurrencyCode",
            shared::Currency::ALL.iter().map(|c| c.code()).collect(),
        ),
    ]
}

fn admin_enums() -> Vec<(&'static str, Vec<&'static str>)> {
    use shared::client::admin::{
        JobStatus, MediaStatus, OrderStaffAction, Permission, ProductStatus, StaffLoginStep,
        StaffRole,
    };
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|v| code(*v)).collect()
    }
    let shared_names = [
        "UserErrorCode",
        "OrderStatus",
        "OrderSource",
        "PaymentMethod",
        "PaymentStatus",
        "PaymentGateway",
        "CurrencyCode",
    ];
    let mut enums: Vec<_> = client_enums()
        .into_iter()
        .filter(|(name, _)| shared_names.contains(name))
        .collect();
    enums.extend([
        ("StaffRole", codes(StaffRole::ALL, StaffRole::code)),
        ("Permission", codes(Permission::ALL, Permission::code)),
        (
            "ProductStatus",
            codes(ProductStatus::ALL, ProductStatus::code),
        ),
        ("MediaStatus", codes(MediaStatus::ALL, MediaStatus::code)),
        ("JobStatus", codes(JobStatus::ALL, JobStatus::code)),
        (
            "StaffLoginStep",
            codes(StaffLoginStep::ALL, StaffLoginStep::code),
        ),
        (
            "OrderStaffAction",
            codes(OrderStaffAction::ALL, OrderStaffAction::code),
        ),
    ]);
    enums
}

fn enum_problems(sdl: &str) -> Vec<String> {
    enum_problems_of(sdl, client_enums())
}

fn enum_problems_of(sdl: &str, enums: Vec<(&'static str, Vec<&'static str>)>) -> Vec<String> {
    let schema = read_schema(sdl);
    let mut problems = Vec::new();
    for (name, known) in enums {
        match schema.types.get(name) {
            Some(Kind::Enum(values)) if *values == known => {}
            Some(Kind::Enum(values)) => problems.push(format!(
                "{name}: the client knows {known:?}, the schema has {values:?}"
            )),
            _ => problems.push(format!("the schema has no enum {name}")),
        }
    }
    problems
}

#[test]
fn every_client_enum_has_exactly_the_schema_values() {
    let mut problems = enum_problems(&shop_sdl());
    problems.extend(enum_problems_of(&admin_sdl(), admin_enums()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `sdl` with `from` replaced by `to` in the definition that starts with `block`.
fn edit(sdl: &str, block: &str, from: &str, to: &str) -> String {
    let start = sdl
        .find(block)
        .unwrap_or_else(|| panic!("the schema has no `{block}`"));
    let at = start
        + sdl[start..]
            .find(from)
            .unwrap_or_else(|| panic!("`{block}` has no `{from}`"));
    format!("{}{to}{}", &sdl[..at], &sdl[at + from.len()..])
}

#[test]
fn a_renamed_field_fails_the_check() {
    let sdl = shop_sdl();
    // The server renames `CartLine.productName`.
    let renamed = edit(
        &sdl,
        "type CartLine {",
        "\tproductName: String!",
        "\ttitle: String!",
    );
    let problems = check_api(&renamed, visit_shop);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("CartQuery:") && p.contains("has no field `productName`")),
        "{problems:#?}"
    );
    // `Cart.total` becomes nullable.
    let nullable = edit(&sdl, "type Cart {", "\ttotal: Money!", "\ttotal: Money");
    let problems = check_api(&nullable, visit_shop);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("CartLinesAdd:") && p.contains("cannot read NullsAt(")),
        "{problems:#?}"
    );
    // An input field is renamed.
    let input = edit(
        &sdl,
        "input AddressInput {",
        "\troadAddress: String!",
        "\troad: String!",
    );
    let problems = check_api(&input, visit_shop);
    assert!(
        problems.iter().any(|p| p.starts_with("AddressCreate:")
            && p.contains("roadAddress is not a field of AddressInput")),
        "{problems:#?}"
    );
    // A value is added to an enum the client reads.
    let more = edit(
        &sdl,
        "enum UserErrorCode {",
        "\tSTOCK_CHANGED\n",
        "\tSTOCK_CHANGED\n\tON_HOLD\n",
    );
    let problems = enum_problems(&more);
    assert!(
        problems.iter().any(|p| p.starts_with("UserErrorCode:")),
        "{problems:#?}"
    );
    // Checking the unchanged schema again finds nothing: the edits above made the difference.
    assert!(check_api(&sdl, visit_shop).is_empty());
}
