//! Demo data: two healthy-food shops on one installation, for development, demos and tests.
//!
//! Seeding is idempotent: it loads the demo into a database whose catalog is empty and does
//! nothing on one that already has products. Everything is written in one transaction.

mod demo;

use diesel::prelude::*;

use crate::catalog::model::{NewListing, NewProduct, ProductRow};
use crate::channel::ChannelError;
use crate::channel::model::{ChannelRow, NewChannel};
use crate::channel::service as channels_service;
use crate::db::schema::{channel_hosts, channels, product_channel_listings, products};
use crate::db::{self, AnyConnection, DbError};

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
            for host in shop.hosts {
                diesel::insert_into(channel_hosts::table)
                    .values((
                        channel_hosts::host.eq(*host),
                        channel_hosts::channel_id.eq(channel_id),
                    ))
                    .execute(conn)?;
            }
        }
        for p in demo::PRODUCTS {
            let row: ProductRow = diesel::insert_into(products::table)
                .values(NewProduct {
                    slug: p.slug,
                    name: p.name,
                    description: p.description,
                    created_at: now,
                    updated_at: now,
                })
                .get_result(conn)?;
            let listings = [(main.id.key(), p.main_price), (second.id, p.second_price)];
            for (channel_id, price) in listings {
                if let Some(price_amount) = price {
                    diesel::insert_into(product_channel_listings::table)
                        .values(NewListing {
                            product_id: row.id,
                            channel_id,
                            price_amount,
                            published: true,
                        })
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
