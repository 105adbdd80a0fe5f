//! Taking and returning stock. Stock is taken with one conditional `UPDATE … WHERE
//! stock_quantity >= n` inside the caller's transaction (never read-then-write), so two buyers can
//! never take the same unit; the column's `CHECK (stock_quantity >= 0)` is the backstop. Callers
//! take several variants in ascending ID order, so concurrent orders lock rows in one order and
//! cannot deadlock.

use diesel::prelude::*;

use crate::db::schema::product_variants as pv;
use crate::db::{self, AnyConnection, DbError};

/// Takes `quantity` units of variant `id`. Returns the units taken from stock: `quantity`, or
/// for a variant sold when out of stock, what there was (the rest is backordered); `None` when
/// there is not enough stock (or the variant is gone).
pub fn take(conn: &mut AnyConnection, id: i64, quantity: i64) -> Result<Option<i64>, DbError> {
    let now = db::now();
    let taken = diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::stock_quantity.ge(quantity)),
    )
    .set((
        pv::stock_quantity.eq(pv::stock_quantity - quantity),
        pv::updated_at.eq(now),
    ))
    .execute(conn)?;
    if taken == 1 {
        return Ok(Some(quantity));
    }
    // Not enough on hand: a backordered variant still sells, taking what is left. The row is
    // locked first (SQLite's write transaction already excludes other writers), so the units
    // read are the units taken.
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM product_variants WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(pg)?;
    }
    let row: Option<(i64, bool)> = pv::table
        .find(id)
        .select((pv::stock_quantity, pv::sell_when_out_of_stock))
        .first(conn)
        .optional()?;
    match row {
        Some((on_hand, true)) => {
            let on_hand = on_hand.clamp(0, quantity);
            diesel::update(pv::table.find(id))
                .set((
                    pv::stock_quantity.eq(pv::stock_quantity - on_hand),
                    pv::updated_at.eq(now),
                ))
                .execute(conn)?;
            Ok(Some(on_hand))
        }
        _ => Ok(None),
    }
}

/// Gives `quantity` units of variant `id` back (a cancelled, expired or refunded order). A
/// variant deleted since has nothing to return to.
pub fn release(conn: &mut AnyConnection, id: i64, quantity: i64) -> Result<(), DbError> {
    if quantity <= 0 {
        return Ok(());
    }
    diesel::update(pv::table.find(id))
        .set((
            pv::stock_quantity.eq(pv::stock_quantity + quantity),
            pv::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(())
}
