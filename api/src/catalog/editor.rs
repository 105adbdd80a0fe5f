//! Creating and changing products with their variants, prices, channels and categories: one
//! transaction per save, all or nothing.
//!
//! Variant IDs stay stable across saves (carts and orders point at them): a variant in the input
//! is matched to an existing one by ID, else by SKU, else created; existing variants left out
//! are removed. Each channel listing's price is kept equal to the lowest variant price there, so
//! shop listings filter and sort by price on one indexed column.

use std::collections::HashMap;

use diesel::prelude::*;
use shared::{CategoryId, ChannelId, MediaId, ProductId, VariantId};

use super::CatalogError;
use super::input::{self, ChannelDraft, PriceDraft, ProductDraft, ProductPatch, VariantDraft};
use super::model::{ProductRow, VariantRow};
use crate::access::audit::{self, Actor};
use crate::db::schema::{
    categories, channels, media, product_categories, product_channel_listings, product_media,
    product_variants, products, variant_channel_listings,
};
use crate::db::{self, AnyConnection};
use crate::validation::{Violation, ViolationCode};

/// Creates a product. Returns its ID.
pub fn create(
    conn: &mut AnyConnection,
    mut draft: ProductDraft,
    actor: &Actor,
) -> Result<ProductId, CatalogError> {
    input::validate(&mut draft).map_err(CatalogError::Invalid)?;
    db::write_transaction(conn, |conn| insert(conn, draft, actor))
}

/// Creates several products in one transaction, all or nothing: the first product that breaks
/// a rule stops the whole batch, reported with its index (for imports and bulk loads).
pub fn create_many(
    conn: &mut AnyConnection,
    drafts: Vec<ProductDraft>,
    actor: &Actor,
) -> Result<Vec<ProductId>, BatchError> {
    db::write_transaction(conn, |conn| {
        drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                insert(conn, d, actor).map_err(|error| BatchError {
                    index: Some(i),
                    error,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    })
}

/// Why a batch failed: the product at `index` (none: the transaction itself).
#[derive(Debug)]
pub struct BatchError {
    pub index: Option<usize>,
    pub error: CatalogError,
}

impl From<diesel::result::Error> for BatchError {
    fn from(e: diesel::result::Error) -> Self {
        BatchError {
            index: None,
            error: e.into(),
        }
    }
}

/// `create` inside the caller's write transaction (the demo seed loads many products in one).
pub(crate) fn insert(
    conn: &mut AnyConnection,
    mut draft: ProductDraft,
    actor: &Actor,
) -> Result<ProductId, CatalogError> {
    input::validate(&mut draft).map_err(CatalogError::Invalid)?;
    {
        let now = db::now();
        check_references(conn, &draft, None)?;
        let slug = match &draft.slug {
            Some(slug) => slug.clone(),
            None => free_slug(conn, &draft.name)?,
        };
        let id: i64 = diesel::insert_into(products::table)
            .values((
                products::slug.eq(&slug),
                products::name.eq(&draft.name),
                products::description.eq(&draft.description),
                products::status.eq(draft.status.as_str()),
                products::option_names.eq(json(&draft.option_names)),
                products::created_at.eq(now),
                products::updated_at.eq(now),
            ))
            .returning(products::id)
            .get_result(conn)
            .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?;
        super::search::index_new(conn, id, &draft.name)?;
        write_children(conn, id, &draft, now)?;
        audit::record(
            conn,
            actor,
            "product.create",
            Some(ProductId(id).to_string()),
            serde_json::json!({ "slug": slug, "variants": draft.variants.len() }),
            now,
        )?;
        Ok(ProductId(id))
    }
}

/// Applies `patch` to a product.
pub fn update(
    conn: &mut AnyConnection,
    id: ProductId,
    patch: ProductPatch,
    actor: &Actor,
) -> Result<ProductId, CatalogError> {
    db::write_transaction(conn, |conn| update_in(conn, id, patch, actor))
}

/// `update` inside the caller's write transaction.
pub(crate) fn update_in(
    conn: &mut AnyConnection,
    id: ProductId,
    patch: ProductPatch,
    actor: &Actor,
) -> Result<ProductId, CatalogError> {
    {
        // Two staff saving one product on PostgreSQL: the second waits for the first and then
        // patches what it saved (SQLite's write lock already serialises writers).
        if let AnyConnection::Postgresql(pg) = conn {
            products::table
                .find(id.key())
                .select(products::id)
                .for_update()
                .first::<i64>(pg)
                .optional()?;
        }
        let current = load_draft(conn, id)?;
        let old_name = current.name.clone();
        let mut draft = patch.apply(current);
        input::validate(&mut draft).map_err(CatalogError::Invalid)?;
        check_references(conn, &draft, Some(id))?;
        let now = db::now();
        let slug = draft.slug.clone().unwrap_or_default();
        diesel::update(products::table.find(id.key()))
            .set((
                products::slug.eq(&slug),
                products::name.eq(&draft.name),
                products::description.eq(&draft.description),
                products::status.eq(draft.status.as_str()),
                products::option_names.eq(json(&draft.option_names)),
                products::updated_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?;
        if draft.name != old_name {
            super::search::index(conn, id.key(), &draft.name)?;
        }
        write_children(conn, id.key(), &draft, now)?;
        audit::record(
            conn,
            actor,
            "product.update",
            Some(id.to_string()),
            serde_json::json!({ "slug": slug, "variants": draft.variants.len() }),
            now,
        )?;
        Ok(id)
    }
}

/// A product as an editable draft (what `update` patches).
pub fn load_draft(conn: &mut AnyConnection, id: ProductId) -> Result<ProductDraft, CatalogError> {
    let row: ProductRow = products::table
        .find(id.key())
        .select(ProductRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(CatalogError::NotFound)?;
    let listings: Vec<(i64, bool)> = product_channel_listings::table
        .filter(product_channel_listings::product_id.eq(id.key()))
        .select((
            product_channel_listings::channel_id,
            product_channel_listings::published,
        ))
        .order(product_channel_listings::channel_id)
        .load(conn)?;
    let category_ids: Vec<i64> = product_categories::table
        .filter(product_categories::product_id.eq(id.key()))
        .select(product_categories::category_id)
        .order(product_categories::category_id)
        .load(conn)?;
    let variants: Vec<VariantRow> = product_variants::table
        .filter(product_variants::product_id.eq(id.key()))
        .select(VariantRow::as_select())
        .order((product_variants::position, product_variants::id))
        .load(conn)?;
    let images: Vec<i64> = product_media::table
        .filter(product_media::product_id.eq(id.key()))
        .select(product_media::media_id)
        .order(product_media::position)
        .load(conn)?;
    let variant_ids: Vec<i64> = variants.iter().map(|v| v.id).collect();
    let prices: Vec<(i64, i64, i64, Option<i64>)> = variant_channel_listings::table
        .filter(variant_channel_listings::variant_id.eq_any(&variant_ids))
        .select((
            variant_channel_listings::variant_id,
            variant_channel_listings::channel_id,
            variant_channel_listings::price_amount,
            variant_channel_listings::compare_at_amount,
        ))
        .order(variant_channel_listings::channel_id)
        .load(conn)?;
    let product: super::Product = row.into();
    Ok(ProductDraft {
        name: product.name,
        slug: Some(product.slug),
        description: product.description,
        status: product.status,
        option_names: product.option_names,
        category_ids: category_ids.into_iter().map(CategoryId).collect(),
        channels: listings
            .into_iter()
            .map(|(c, published)| ChannelDraft {
                channel_id: ChannelId(c),
                published,
            })
            .collect(),
        variants: variants
            .into_iter()
            .map(|v| VariantDraft {
                id: Some(VariantId(v.id)),
                option_values: serde_json::from_str(&v.option_values).unwrap_or_default(),
                sku: v.sku,
                weight_grams: v.weight_grams,
                stock_quantity: v.stock_quantity,
                // Unchanged unless the patch gives variants: the count is left as it is.
                expected_stock: Some(v.stock_quantity),
                sell_when_out_of_stock: v.sell_when_out_of_stock,
                image: v.image_id.map(MediaId),
                prices: prices
                    .iter()
                    .filter(|p| p.0 == v.id)
                    .map(|p| PriceDraft {
                        channel_id: ChannelId(p.1),
                        amount: p.2,
                        compare_at: p.3,
                    })
                    .collect(),
            })
            .collect(),
        images: images.into_iter().map(MediaId).collect(),
    })
}

/// Channels, categories, variant IDs and SKUs the draft refers to: unknown ones, and SKUs of
/// other products, are user errors.
fn check_references(
    conn: &mut AnyConnection,
    draft: &ProductDraft,
    product: Option<ProductId>,
) -> Result<(), CatalogError> {
    let mut errors = Vec::new();
    let channel_keys: Vec<i64> = draft.channels.iter().map(|c| c.channel_id.key()).collect();
    let known: Vec<i64> = channels::table
        .filter(channels::id.eq_any(&channel_keys))
        .select(channels::id)
        .load(conn)?;
    for (i, c) in draft.channels.iter().enumerate() {
        if !known.contains(&c.channel_id.key()) {
            errors.push(Violation::new(
                &["channels", &i.to_string(), "channel"],
                ViolationCode::NotFound,
                format!("there is no channel {}", c.channel_id),
            ));
        }
    }
    let category_keys: Vec<i64> = draft.category_ids.iter().map(|c| c.key()).collect();
    let known: Vec<i64> = categories::table
        .filter(categories::id.eq_any(&category_keys))
        .select(categories::id)
        .load(conn)?;
    for (i, c) in draft.category_ids.iter().enumerate() {
        if !known.contains(&c.key()) {
            errors.push(Violation::new(
                &["categories", &i.to_string()],
                ViolationCode::NotFound,
                format!("there is no category {c}"),
            ));
        }
    }
    let image_keys: Vec<i64> = draft.images.iter().map(|m| m.key()).collect();
    let known: Vec<i64> = media::table
        .filter(media::id.eq_any(&image_keys))
        .select(media::id)
        .load(conn)?;
    for (i, m) in draft.images.iter().enumerate() {
        if !known.contains(&m.key()) {
            errors.push(Violation::new(
                &["images", &i.to_string()],
                ViolationCode::NotFound,
                format!("there is no image {m} in the media library"),
            ));
        }
    }
    if let Some(slug) = &draft.slug {
        let holder: Option<i64> = products::table
            .filter(products::slug.eq(slug))
            .select(products::id)
            .first(conn)
            .optional()?;
        if holder.is_some() && holder != product.map(|p| p.key()) {
            errors.push(slug_taken(slug));
        }
    }
    let skus: Vec<&str> = draft.variants.iter().map(|v| v.sku.as_str()).collect();
    let holders: Vec<(String, i64)> = product_variants::table
        .filter(product_variants::sku.eq_any(&skus))
        .select((product_variants::sku, product_variants::product_id))
        .load(conn)?;
    let own: Vec<i64> = match product {
        Some(p) => product_variants::table
            .filter(product_variants::product_id.eq(p.key()))
            .select(product_variants::id)
            .load(conn)?,
        None => vec![],
    };
    for (i, v) in draft.variants.iter().enumerate() {
        if holders
            .iter()
            .any(|(sku, p)| *sku == v.sku && Some(*p) != product.map(|p| p.key()))
        {
            errors.push(Violation::new(
                &["variants", &i.to_string(), "sku"],
                ViolationCode::Taken,
                format!("SKU {} is already used by another product", v.sku),
            ));
        }
        if let Some(id) = v.id
            && !own.contains(&id.key())
        {
            errors.push(Violation::new(
                &["variants", &i.to_string(), "id"],
                ViolationCode::NotFound,
                format!("{id} is not a variant of this product"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CatalogError::Invalid(errors))
    }
}

/// Writes the draft's categories, channel listings, variants and variant prices for product
/// `id`, replacing what was there.
fn write_children(
    conn: &mut AnyConnection,
    id: i64,
    draft: &ProductDraft,
    now: chrono::NaiveDateTime,
) -> Result<(), CatalogError> {
    diesel::delete(product_categories::table.filter(product_categories::product_id.eq(id)))
        .execute(conn)?;
    for c in &draft.category_ids {
        diesel::insert_into(product_categories::table)
            .values((
                product_categories::product_id.eq(id),
                product_categories::category_id.eq(c.key()),
            ))
            .execute(conn)?;
    }

    diesel::delete(product_media::table.filter(product_media::product_id.eq(id))).execute(conn)?;
    for (position, m) in draft.images.iter().enumerate() {
        diesel::insert_into(product_media::table)
            .values((
                product_media::product_id.eq(id),
                product_media::media_id.eq(m.key()),
                product_media::position.eq(position as i32),
            ))
            .execute(conn)?;
    }

    // Variants: match, then move every kept one out of the way of the unique SKU and option
    // constraints before writing the new values (two variants may swap SKUs or options).
    let existing: Vec<(i64, String)> = product_variants::table
        .filter(product_variants::product_id.eq(id))
        .select((product_variants::id, product_variants::sku))
        .load(conn)?;
    // Explicit IDs claim their rows first; a SKU then matches only a row nobody claimed (a
    // variant renamed by ID frees its old SKU for a new variant).
    let claimed: Vec<i64> = draft
        .variants
        .iter()
        .filter_map(|v| v.id.map(|i| i.key()))
        .collect();
    let mut taken_by_sku: Vec<i64> = Vec::new();
    let matched: Vec<Option<i64>> = draft
        .variants
        .iter()
        .map(|v| match v.id {
            Some(vid) => Some(vid.key()),
            None => {
                let row = existing
                    .iter()
                    .find(|(k, s)| *s == v.sku && !claimed.contains(k) && !taken_by_sku.contains(k))
                    .map(|(k, _)| *k);
                taken_by_sku.extend(row);
                row
            }
        })
        .collect();
    let kept: Vec<i64> = matched.iter().flatten().copied().collect();
    let removed: Vec<i64> = existing
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !kept.contains(k))
        .collect();
    diesel::delete(product_variants::table.filter(product_variants::id.eq_any(&removed)))
        .execute(conn)?;
    diesel::update(product_variants::table.filter(product_variants::id.eq_any(&kept)))
        .set((
            product_variants::sku.eq(diesel::dsl::sql::<diesel::sql_types::Text>("'~' || id")),
            product_variants::option_values.eq(diesel::dsl::sql::<diesel::sql_types::Text>(
                "'[\"~' || id || '\"]'",
            )),
        ))
        .execute(conn)?;
    diesel::delete(
        variant_channel_listings::table.filter(variant_channel_listings::variant_id.eq_any(&kept)),
    )
    .execute(conn)?;
    for (position, (v, existing)) in draft.variants.iter().zip(&matched).enumerate() {
        let values = json(&v.option_values);
        let position = position as i32;
        let variant_id: i64 = match existing {
            Some(key) => {
                diesel::update(product_variants::table.find(*key))
                    .set((
                        product_variants::sku.eq(&v.sku),
                        product_variants::option_values.eq(&values),
                        product_variants::position.eq(position),
                        product_variants::weight_grams.eq(v.weight_grams),
                        product_variants::sell_when_out_of_stock.eq(v.sell_when_out_of_stock),
                        product_variants::image_id.eq(v.image.map(|m| m.key())),
                        product_variants::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .map_err(|e| CatalogError::taken_or(e, "sku", &v.sku))?;
                set_stock(conn, *key, v, position)?;
                *key
            }
            None => diesel::insert_into(product_variants::table)
                .values((
                    product_variants::product_id.eq(id),
                    product_variants::sku.eq(&v.sku),
                    product_variants::option_values.eq(&values),
                    product_variants::position.eq(position),
                    product_variants::weight_grams.eq(v.weight_grams),
                    product_variants::stock_quantity.eq(v.stock_quantity),
                    product_variants::sell_when_out_of_stock.eq(v.sell_when_out_of_stock),
                    product_variants::image_id.eq(v.image.map(|m| m.key())),
                    product_variants::created_at.eq(now),
                    product_variants::updated_at.eq(now),
                ))
                .returning(product_variants::id)
                .get_result(conn)
                .map_err(|e| CatalogError::taken_or(e, "sku", &v.sku))?,
        };
        for p in &v.prices {
            diesel::insert_into(variant_channel_listings::table)
                .values((
                    variant_channel_listings::variant_id.eq(variant_id),
                    variant_channel_listings::channel_id.eq(p.channel_id.key()),
                    variant_channel_listings::price_amount.eq(p.amount),
                    variant_channel_listings::compare_at_amount.eq(p.compare_at),
                ))
                .execute(conn)?;
        }
    }

    // Channel listings, each priced at its lowest variant price.
    let listed: Vec<i64> = draft.channels.iter().map(|c| c.channel_id.key()).collect();
    diesel::delete(
        product_channel_listings::table
            .filter(product_channel_listings::product_id.eq(id))
            .filter(product_channel_listings::channel_id.ne_all(&listed)),
    )
    .execute(conn)?;
    let mut lowest: HashMap<i64, i64> = HashMap::new();
    for p in draft.variants.iter().flat_map(|v| &v.prices) {
        let e = lowest.entry(p.channel_id.key()).or_insert(p.amount);
        *e = (*e).min(p.amount);
    }
    for c in &draft.channels {
        let price = lowest.get(&c.channel_id.key()).copied().unwrap_or(0);
        diesel::delete(
            product_channel_listings::table
                .filter(product_channel_listings::product_id.eq(id))
                .filter(product_channel_listings::channel_id.eq(c.channel_id.key())),
        )
        .execute(conn)?;
        diesel::insert_into(product_channel_listings::table)
            .values((
                product_channel_listings::product_id.eq(id),
                product_channel_listings::channel_id.eq(c.channel_id.key()),
                product_channel_listings::price_amount.eq(price),
                product_channel_listings::published.eq(c.published),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A free product slug made from `name` (see `input::free_slug`).
fn free_slug(conn: &mut AnyConnection, name: &str) -> Result<String, CatalogError> {
    let base = input::slug_base(name, "product");
    let taken: Vec<String> = products::table
        .filter(
            products::slug
                .like(input::prefix_pattern(&base))
                .escape('\\'),
        )
        .select(products::slug)
        .load(conn)?;
    Ok(input::free_slug(&base, &taken))
}

fn slug_taken(slug: &str) -> Violation {
    Violation::new(
        &["slug"],
        ViolationCode::Taken,
        format!("another product already has the slug \"{slug}\""),
    )
}

fn json(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}

/// Writes an existing variant's stock: as given, or — with `expected_stock` — only if no order
/// took units since the editor read it (one conditional update; a repeat of the same save finds
/// the new count already there and succeeds).
fn set_stock(
    conn: &mut AnyConnection,
    id: i64,
    v: &super::input::VariantDraft,
    position: i32,
) -> Result<(), CatalogError> {
    let target = product_variants::table.filter(product_variants::id.eq(id));
    if v.expected_stock == Some(v.stock_quantity) {
        // No change asked for: leave the count to the orders.
        return Ok(());
    }
    let written = match v.expected_stock {
        None => diesel::update(target)
            .set(product_variants::stock_quantity.eq(v.stock_quantity))
            .execute(conn)?,
        Some(expected) => diesel::update(
            target.filter(
                product_variants::stock_quantity
                    .eq(expected)
                    .or(product_variants::stock_quantity.eq(v.stock_quantity)),
            ),
        )
        .set(product_variants::stock_quantity.eq(v.stock_quantity))
        .execute(conn)?,
    };
    if written == 0 {
        let now: i64 = product_variants::table
            .find(id)
            .select(product_variants::stock_quantity)
            .first(conn)?;
        return Err(CatalogError::Invalid(vec![
            crate::validation::Violation::new(
                &["variants", &position.to_string(), "stock"],
                crate::validation::ViolationCode::StockChanged,
                format!(
                    "{} has {now} on hand now (orders took some since you opened the product); check the count and save again",
                    v.sku
                ),
            ),
        ]));
    }
    Ok(())
}
