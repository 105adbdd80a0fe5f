//! Catalog queries. Each listing screen is served by a fixed number of SQL statements, whatever
//! the page size: no per-row queries.

use diesel::prelude::*;
use shared::{ChannelId, Currency};

use super::CatalogError;
use super::error::money;
use super::model::{
    ChannelListing, ProductRow, ProductWithListings, Variant, VariantPrice, VariantRow,
};
use crate::db::ids::in_ids;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{
    channels, product_channel_listings, product_variants, products, variant_channel_listings,
};
use crate::db::{AnyConnection, DbError};

/// Which products staff list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminFilter {
    /// Part of the name, slug or a variant's SKU.
    pub search: Option<String>,
    pub status: Option<super::ProductStatus>,
}

/// Products for staff, newest first, with their listings, variants, categories and images: six
/// statements per page, whatever its size.
pub fn list_all(
    conn: &mut AnyConnection,
    page: PageRequest,
    filter: &AdminFilter,
) -> Result<Page<ProductWithListings>, CatalogError> {
    let mut query = products::table
        .select(ProductRow::as_select())
        .order(products::id.desc())
        .limit(page.fetch_limit())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(products::id.lt(after));
    }
    if let Some(status) = filter.status {
        query = query.filter(products::status.eq(status.as_str()));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if search.chars().count() > super::browse::SEARCH_MAX {
            return Err(CatalogError::Invalid(vec![
                crate::validation::Violation::new(
                    &["search"],
                    crate::validation::ViolationCode::TooLong,
                    format!(
                        "search with at most {} characters",
                        super::browse::SEARCH_MAX
                    ),
                ),
            ]));
        }
        let pattern = super::browse::contains_pattern(search);
        query = query.filter(
            super::browse::lower(products::name)
                .like(pattern.clone())
                .escape('\\')
                .or(products::slug.like(pattern.clone()).escape('\\'))
                .or(products::id.eq_any(
                    product_variants::table
                        .filter(
                            super::browse::lower(product_variants::sku)
                                .like(pattern)
                                .escape('\\'),
                        )
                        .select(product_variants::product_id),
                )),
        );
    }
    let rows = page.finish(query.load::<ProductRow>(conn)?);
    Ok(Page {
        items: with_listings(conn, rows.items)?,
        has_next: rows.has_next,
    })
}

/// One product with its listings in all channels, for staff.
pub fn get_with_listings(
    conn: &mut AnyConnection,
    id: shared::ProductId,
) -> Result<ProductWithListings, CatalogError> {
    let row = products::table
        .find(id.key())
        .select(ProductRow::as_select())
        .first::<ProductRow>(conn)
        .optional()?
        .ok_or(CatalogError::NotFound)?;
    with_listings(conn, vec![row])?
        .pop()
        .ok_or(CatalogError::NotFound)
}

/// Several products with their listings, in the order of `ids` (unknown ids are left out):
/// two queries, whatever their number.
pub fn get_many_with_listings(
    conn: &mut AnyConnection,
    ids: &[shared::ProductId],
) -> Result<Vec<ProductWithListings>, CatalogError> {
    let keys: Vec<i64> = ids.iter().map(|id| id.key()).collect();
    let mut rows: Vec<ProductRow> = products::table
        .filter(in_ids(products::id, &keys))
        .select(ProductRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|r| keys.iter().position(|k| *k == r.id));
    with_listings(conn, rows)
}

/// Attaches every channel listing, variant (with its prices), category and image to `rows`: five
/// queries, whatever their number.
fn with_listings(
    conn: &mut AnyConnection,
    rows: Vec<ProductRow>,
) -> Result<Vec<ProductWithListings>, CatalogError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let listings: Vec<(i64, i64, String, String, i64, bool)> = product_channel_listings::table
        .inner_join(channels::table)
        .filter(in_ids(product_channel_listings::product_id, &ids))
        .select((
            product_channel_listings::product_id,
            channels::id,
            channels::code,
            channels::currency,
            product_channel_listings::price_amount,
            product_channel_listings::published,
        ))
        .order((product_channel_listings::product_id, channels::id))
        .load(conn)?;
    let variants: Vec<VariantRow> = product_variants::table
        .filter(in_ids(product_variants::product_id, &ids))
        .select(VariantRow::as_select())
        .order((
            product_variants::product_id,
            product_variants::position,
            product_variants::id,
        ))
        .load(conn)?;
    let variant_ids: Vec<i64> = variants.iter().map(|v| v.id).collect();
    let prices: Vec<(i64, i64, String, i64, Option<i64>)> = variant_channel_listings::table
        .inner_join(channels::table)
        .filter(in_ids(variant_channel_listings::variant_id, &variant_ids))
        .select((
            variant_channel_listings::variant_id,
            channels::id,
            channels::currency,
            variant_channel_listings::price_amount,
            variant_channel_listings::compare_at_amount,
        ))
        .order((variant_channel_listings::variant_id, channels::id))
        .load(conn)?;
    let category_links = super::taxonomy::categories_of(conn, &ids)?;
    let images = crate::media::service::of_products(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let listings = listings
                .iter()
                .filter(|l| l.0 == row.id)
                .map(
                    |(product_id, channel_id, code, currency, amount, published)| {
                        let currency = currency
                            .parse::<Currency>()
                            .map_err(|e| DbError::Corrupt(format!("channel {code}: {e}")))?;
                        Ok(ChannelListing {
                            channel_id: ChannelId(*channel_id),
                            channel_code: code.clone(),
                            price: money(*amount, currency, &product_id.to_string())?,
                            published: *published,
                        })
                    },
                )
                .collect::<Result<Vec<_>, CatalogError>>()?;
            let variants = variants
                .iter()
                .filter(|v| v.product_id == row.id)
                .map(|v| {
                    let prices = prices
                        .iter()
                        .filter(|p| p.0 == v.id)
                        .map(|(_, channel, currency, amount, compare_at)| {
                            let currency = currency
                                .parse::<Currency>()
                                .map_err(|e| DbError::Corrupt(format!("channel {channel}: {e}")))?;
                            Ok(VariantPrice {
                                channel_id: ChannelId(*channel),
                                price: money(*amount, currency, &row.id.to_string())?,
                                compare_at: compare_at
                                    .map(|c| money(c, currency, &row.id.to_string()))
                                    .transpose()?,
                            })
                        })
                        .collect::<Result<Vec<_>, CatalogError>>()?;
                    Ok(Variant::from_row(v.clone(), prices))
                })
                .collect::<Result<Vec<_>, CatalogError>>()?;
            let category_ids = category_links
                .iter()
                .filter(|(p, _)| *p == row.id)
                .map(|(_, c)| shared::CategoryId(*c))
                .collect();
            Ok(ProductWithListings {
                images: images
                    .iter()
                    .filter(|(p, _)| *p == row.id)
                    .map(|(_, m)| m.clone())
                    .collect(),
                product: row.into(),
                listings,
                variants,
                category_ids,
            })
        })
        .collect()
}

/// Replaces a product's rich content with `html` cleaned by the allow-list (see
/// `catalog::content`), and records the change as made by `actor`.
pub fn update_content(
    conn: &mut AnyConnection,
    id: shared::ProductId,
    html: &str,
    policy: &super::content::ContentPolicy,
    actor: &crate::access::audit::Actor,
) -> Result<super::Product, CatalogError> {
    use crate::validation::{Violation, ViolationCode};
    let cleaned = super::content::sanitize(html, policy).map_err(|e| {
        CatalogError::Invalid(vec![Violation::new(
            &["html"],
            ViolationCode::TooLong,
            e.to_string(),
        )])
    })?;
    crate::db::write_transaction(conn, |conn| {
        let now = crate::db::now();
        let changed = diesel::update(products::table.find(id.key()))
            .set((
                products::content_html.eq(&cleaned),
                products::updated_at.eq(now),
            ))
            .execute(conn)?;
        if changed == 0 {
            return Err(CatalogError::NotFound);
        }
        crate::access::audit::record(
            conn,
            actor,
            "product.content_update",
            Some(id.to_string()),
            serde_json::json!({ "bytes_in": html.len(), "bytes_stored": cleaned.len() }),
            now,
        )?;
        Ok(products::table
            .find(id.key())
            .select(ProductRow::as_select())
            .first::<ProductRow>(conn)?
            .into())
    })
}

/// Most products one status change may cover.
pub const MAX_BULK: usize = 100;

/// Sets the status of several products at once, all or nothing: an unknown product (or too
/// many) changes none of them. Records one audit entry per product.
pub fn set_status(
    conn: &mut AnyConnection,
    ids: &[shared::ProductId],
    status: super::ProductStatus,
    actor: &crate::access::audit::Actor,
) -> Result<usize, CatalogError> {
    use crate::validation::{Violation, ViolationCode};
    if ids.is_empty() {
        return Err(CatalogError::Invalid(vec![Violation::new(
            &["ids"],
            ViolationCode::Blank,
            "choose at least one product",
        )]));
    }
    if ids.len() > MAX_BULK {
        return Err(CatalogError::Invalid(vec![Violation::new(
            &["ids"],
            ViolationCode::TooLong,
            format!(
                "change at most {MAX_BULK} products at once (got {})",
                ids.len()
            ),
        )]));
    }
    let keys: Vec<i64> = ids.iter().map(|id| id.key()).collect();
    crate::db::write_transaction(conn, |conn| {
        let found: Vec<(i64, String)> = products::table
            .filter(products::id.eq_any(&keys))
            .select((products::id, products::status))
            .load(conn)?;
        let missing: Vec<Violation> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !found.iter().any(|(k, _)| *k == id.key()))
            .map(|(i, id)| {
                Violation::indexed(
                    "ids",
                    i,
                    ViolationCode::NotFound,
                    format!("there is no product {id}"),
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(CatalogError::Invalid(missing));
        }
        let now = crate::db::now();
        let changed = diesel::update(
            products::table
                .filter(products::id.eq_any(&keys))
                .filter(products::status.ne(status.as_str())),
        )
        .set((
            products::status.eq(status.as_str()),
            products::updated_at.eq(now),
        ))
        .execute(conn)?;
        for (key, from) in found.iter().filter(|(_, s)| s != status.as_str()) {
            crate::access::audit::record(
                conn,
                actor,
                "product.status_change",
                Some(shared::ProductId(*key).to_string()),
                serde_json::json!({ "from": from, "to": status.as_str() }),
                now,
            )?;
        }
        Ok(changed)
    })
}
