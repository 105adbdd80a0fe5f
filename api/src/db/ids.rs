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
