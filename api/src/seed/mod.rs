//! Demo data: two healthy-food shops on one installation, for development, demos and tests.
//!
//! Seeding is idempotent: it loads the demo into a database whose catalog is empty and does
//! nothing on one that already has products. Everything is written in one transaction.

mod demo;
mod images;

pub use demo::seller as demo_seller;
pub use images::demo_images;

use diesel::prelude::*;

use crate::catalog::ProductStatus;
use crate::catalog::editor;
use crate::catalog::input::{ChannelDraft, PriceDraft, ProductDraft, VariantDraft};
use crate::channel::ChannelError;
use crate::channel::model::{ChannelRow, NewChannel};
use crate::channel::service as channels_service;
use crate::db::schema::{
    categories, channel_hosts, channels, collection_products, collections, products,
};
use crate::db::{self, AnyConnection, DbError};
use shared::ChannelId;

/// What a seed run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded { channels: usize, products: usize },
    AlreadySeeded,
}

impl std::fmt::Display for SeedOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeedOutcome::Seeded { channels, products } => {
                write!(
                    f,
                    "loaded the demo shop: {channels} channels, {products} products"
                )
            }
            SeedOutcome::AlreadySeeded => {
                f.write_str("the catalog already has products; demo data not loaded")
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Channel(#[from] ChannelError),
}

impl From<diesel::result::Error> for SeedError {
    fn from(e: diesel::result::Error) -> Self {
        SeedError::Db(DbError::Query(e))
    }
}

/// Loads the demo shop into an empty catalog.
pub fn run(conn: &mut AnyConnection) -> Result<SeedOutcome, SeedError> {
    db::write_transaction(conn, |conn| {
        let existing: i64 = products::table.count().get_result(conn)?;
        if existing > 0 {
            return Ok(SeedOutcome::AlreadySeeded);
        }
        let now = db::now();
        // The installation's default channel becomes the first demo shop.
        let main = channels_service::ensure_default(conn)?;
        diesel::update(channels::table.find(main.id.key()))
            .set((
                channels::name.eq(demo::MAIN_SHOP.name),
                channels::code.eq(demo::MAIN_SHOP.code),
                channels::updated_at.eq(now),
            ))
            .execute(conn)?;
        let second: ChannelRow = diesel::insert_into(channels::table)
            .values(NewChannel {
                code: demo::SECOND_SHOP.code,
                name: demo::SECOND_SHOP.name,
                currency: "KRW",
                locale: "ko",
                time_zone: "Asia/Seoul",
                is_default: false,
                created_at: now,
                updated_at: now,
            })
            .get_result(conn)?;
        for (channel_id, shop) in [
            (main.id.key(), &demo::MAIN_SHOP),
            (second.id, &demo::SECOND_SHOP),
        ] {
            let seller = demo::seller().checked().map_err(ChannelError::Invalid)?;
            crate::channel::seller::save(conn, channel_id, seller, now)?;
            for host in shop.hosts {
                diesel::insert_into(channel_hosts::table)
                    .values((
                        channel_hosts::host.eq(*host),
                        channel_hosts::channel_id.eq(channel_id),
                    ))
                    .execute(conn)?;
            }
        }
        let actor = crate::access::audit::Actor {
            kind: "system",
            id: None,
            name: "demo seed".into(),
            ip: None,
        };
        let mut category_ids: Vec<(&str, shared::CategoryId)> = Vec::new();
        for (position, c) in demo::CATEGORIES.iter().enumerate() {
            let parent = c.parent.and_then(|p| {
                category_ids
                    .iter()
                    .find(|(s, _)| *s == p)
                    .map(|(_, id)| id.key())
            });
            let id: i64 = diesel::insert_into(categories::table)
                .values((
                    categories::parent_id.eq(parent),
                    categories::slug.eq(c.slug),
                    categories::name.eq(c.name),
                    categories::position.eq(position as i32),
                    categories::created_at.eq(now),
                    categories::updated_at.eq(now),
                ))
                .returning(categories::id)
                .get_result(conn)?;
            category_ids.push((c.slug, shared::CategoryId(id)));
        }
        let mut product_ids: Vec<(&str, i64)> = Vec::new();
        for p in demo::PRODUCTS {
            let shops = [
                (ChannelId(main.id.key()), p.main_price),
                (ChannelId(second.id), p.second_price),
            ];
            let channels = shops
                .iter()
                .filter(|(_, price)| price.is_some())
                .map(|(channel_id, _)| ChannelDraft {
                    channel_id: *channel_id,
                    published: true,
                })
                .collect::<Vec<_>>();
            let variant = |sku: String, values: Vec<String>, prices: [i64; 2]| VariantDraft {
                id: None,
                image: None,
                sku,
                option_values: values,
                weight_grams: None,
                stock_quantity: p.stock,
                expected_stock: None,
                sell_when_out_of_stock: false,
                prices: shops
                    .iter()
                    .zip(prices)
                    .filter(|((_, listed), _)| listed.is_some())
                    .map(|((channel_id, _), amount)| PriceDraft {
                        channel_id: *channel_id,
                        amount,
                        compare_at: demo::ON_SALE
                            .iter()
                            .find(|(slug, _)| *slug == p.slug)
                            .filter(|_| channel_id.key() == main.id.key())
                            .map(|(_, was)| *was),
                    })
                    .collect(),
            };
            let (option_names, variants) = if p.packs.is_empty() {
                let prices = [p.main_price.unwrap_or(0), p.second_price.unwrap_or(0)];
                (
                    vec![],
                    vec![variant(p.slug.to_ascii_uppercase(), vec![], prices)],
                )
            } else {
                (
                    vec!["구성".to_owned()],
                    p.packs
                        .iter()
                        .enumerate()
                        .map(|(i, (value, main_price, second_price))| {
                            variant(
                                format!("{}-{}", p.slug.to_ascii_uppercase(), i + 1),
                                vec![(*value).to_owned()],
                                [*main_price, *second_price],
                            )
                        })
                        .collect(),
                )
            };
            let draft = ProductDraft {
                name: p.name.to_owned(),
                slug: Some(p.slug.to_owned()),
                description: p.description.to_owned(),
                status: ProductStatus::Active,
                option_names,
                category_ids: p
                    .categories
                    .iter()
                    .filter_map(|slug| {
                        category_ids
                            .iter()
                            .find(|(s, _)| s == slug)
                            .map(|(_, id)| *id)
                    })
                    .collect(),
                channels,
                variants,
                images: vec![],
            };
            let id = editor::insert(conn, draft, &actor)
                .map_err(|e| DbError::Corrupt(format!("demo product {}: {e}", p.slug)))?;
            product_ids.push((p.slug, id.key()));
        }
        for c in demo::COLLECTIONS {
            let id: i64 = diesel::insert_into(collections::table)
                .values((
                    collections::slug.eq(c.slug),
                    collections::name.eq(c.name),
                    collections::description.eq(c.description),
                    collections::featured.eq(true),
                    collections::created_at.eq(now),
                    collections::updated_at.eq(now),
                ))
                .returning(collections::id)
                .get_result(conn)?;
            for (position, slug) in c.products.iter().enumerate() {
                let product = product_ids
                    .iter()
                    .find(|(s, _)| s == slug)
                    .map(|(_, id)| *id);
                if let Some(product_id) = product {
                    diesel::insert_into(collection_products::table)
                        .values((
                            collection_products::collection_id.eq(id),
                            collection_products::product_id.eq(product_id),
                            collection_products::position.eq(position as i32),
                        ))
                        .execute(conn)?;
                }
            }
        }
        Ok(SeedOutcome::Seeded {
            channels: 2,
            products: demo::PRODUCTS.len(),
        })
    })
}

/// The demo owner (password and TOTP secret in the README) and a demo shopper; both only with
/// `--demo`, for local use.
pub async fn demo_accounts(auth: &crate::access::Auth, db: &crate::db::Db) -> Result<(), String> {
    use crate::access::staff;
    use crate::members;
    let hash = auth
        .passwords
        .hash(members::DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| e.to_string())?;
    let keys = auth.keys.clone();
    let now = auth.clock.now();
    db.run(move |c| {
        let owner = staff::seed_demo_owner(c, &keys, &hash, now)?;
        let member = members::seed_demo_member(c, &hash, now)?;
        Ok::<_, DbError>(owner || member)
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}
