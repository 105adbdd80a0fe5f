//! `column IN (ids)` written so the statement can be prepared once and reused.
//!
//! diesel's `eq_any` writes one bind parameter per value on SQLite (`IN (?, ?, ?)`), so each
//! length is a different statement, which diesel therefore never caches: every listing parsed
//! and planned its variants, categories and pictures queries again. [`in_ids`] binds the whole
//! list as one value instead, `IN (SELECT value FROM json_each(?))` on SQLite and `= ANY(?)` on
//! PostgreSQL (what `eq_any` already does there), so the text is the same for any number of IDs.

use diesel::QueryResult;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Text};
use diesel::sqlite::Sqlite;

use super::multi_connection_impl::MultiBackend;

/// `column IN (ids)` with the IDs bound as one value; see the module documentation.
pub fn in_ids<C>(column: C, ids: &[i64]) -> InIds<C>
where
    C: Expression<SqlType = BigInt>,
{
    InIds {
        column,
        ids: ids.to_vec(),
        json: serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned()),
    }
}

#[derive(Debug, Clone)]
pub struct InIds<C> {
    column: C,
    ids: Vec<i64>,
    /// The same IDs as a JSON array, SQLite's bind value.
    json: String,
}

impl<C> Expression for InIds<C> {
    type SqlType = Bool;
}

impl<C, QS> AppearsOnTable<QS> for InIds<C> where C: AppearsOnTable<QS> {}

impl<C, QS> SelectableExpression<QS> for InIds<C> where C: SelectableExpression<QS> {}

impl<C, GB> ValidGrouping<GB> for InIds<C>
where
    C: ValidGrouping<GB>,
{
    type IsAggregate = C::IsAggregate;
}

impl<C: QueryId> QueryId for InIds<C> {
    type QueryId = InIds<C::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID;
}

impl<C> QueryFragment<Sqlite> for InIds<C>
where
    C: QueryFragment<Sqlite>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, String>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C> QueryFragment<Pg> for InIds<C>
where
    C: QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<BigInt>, Vec<i64>>(&self.ids)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<C> QueryFragment<MultiBackend> for InIds<C>
where
    C: QueryFragment<Sqlite> + QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}

/// `column IN (subquery)`, for a subquery that selects IDs, written so each database reads the
/// subquery's IDs first and then fetches those rows by ID: SQLite's `IN (SELECT …)` already
/// does (walking the list in order); on PostgreSQL it is `= ANY(ARRAY(SELECT …))`, because with
/// `IN` its planner, which cannot tell how many rows a `LIKE '%…%'` keeps, judged the pattern
/// nearly unique and scanned the whole table with it instead (6 ms where reading 500 IDs and
/// their rows takes 0.8 ms).
pub fn in_id_subquery<C, S>(column: C, subquery: S) -> InIdSubquery<C, S>
where
    C: Expression<SqlType = BigInt>,
    S: diesel::query_builder::Query<SqlType = BigInt>,
{
    InIdSubquery { column, subquery }
}

#[derive(Debug, Clone)]
pub struct InIdSubquery<C, S> {
    column: C,
    subquery: S,
}

impl<C, S> Expression for InIdSubquery<C, S> {
    type SqlType = Bool;
}

impl<C, S, QS> AppearsOnTable<QS> for InIdSubquery<C, S> where C: AppearsOnTable<QS> {}

impl<C, S, QS> SelectableExpression<QS> for InIdSubquery<C, S> where C: SelectableExpression<QS> {}

impl<C, S, GB> ValidGrouping<GB> for InIdSubquery<C, S>
where
    C: ValidGrouping<GB>,
{
    type IsAggregate = C::IsAggregate;
}

impl<C: QueryId, S: QueryId> QueryId for InIdSubquery<C, S> {
    type QueryId = InIdSubquery<C::QueryId, S::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID && S::HAS_STATIC_QUERY_ID;
}

impl<C, S> QueryFragment<Sqlite> for InIdSubquery<C, S>
where
    C: QueryFragment<Sqlite>,
    S: QueryFragment<Sqlite>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        self.subquery.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

impl<C, S> QueryFragment<Pg> for InIdSubquery<C, S>
where
    C: QueryFragment<Pg>,
    S: QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(ARRAY(");
        self.subquery.walk_ast(out.reborrow())?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C, S> QueryFragment<MultiBackend> for InIdSubquery<C, S>
where
    C: QueryFragment<Sqlite> + QueryFragment<Pg>,
    S: QueryFragment<Sqlite> + QueryFragment<Pg>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}
