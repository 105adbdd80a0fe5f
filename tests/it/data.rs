//! The data layer on each backend: the migrations produce exactly the columns `schema.rs`
//! declares, and the demo seed is idempotent.

use diesel::prelude::*;
use jangteo::catalog::model::ProductRow;
use jangteo::channel::model::ChannelRow;
use jangteo::db::DbError;
use jangteo::db::schema::{channel_hosts, product_channel_listings};
use jangteo::seed::{self, SeedOutcome};
use jangteo::startup::Application;
use jangteo_tests::app::TestDatabase;
use jangteo_tests::backend_tests;

backend_tests! {
    /// Loads every column of every table through the shared schema on this backend.
    async fn migrations_match_the_shared_schema(app) {
        let counts = app
            .db
            .run(|conn| {
                use jangteo::db::schema::{channels, products};
                let channels = channels::table.select(ChannelRow::as_select()).load(conn)?;
                let products = products::table.select(ProductRow::as_select()).load(conn)?;
                let hosts: Vec<(String, i64)> = channel_hosts::table
                    .select((channel_hosts::host, channel_hosts::channel_id))
                    .load(conn)?;
                let listings: Vec<(i64, i64, i64, bool)> = product_channel_listings::table
                    .select((
                        product_channel_listings::product_id,
                        product_channel_listings::channel_id,
                        product_channel_listings::price_amount,
                        product_channel_listings::published,
                    ))
                    .load(conn)?;
                // Tables the demo leaves empty still load through the schema.
                jangteo::db::schema::jobs::table
                    .select(jangteo::jobs::model::JobRow::as_select())
                    .load(conn)?;
                jangteo::db::schema::schedule_runs::table
                    .select((
                        jangteo::db::schema::schedule_runs::schedule,
                        jangteo::db::schema::schedule_runs::due_at,
                        jangteo::db::schema::schedule_runs::job_id,
                        jangteo::db::schema::schedule_runs::created_at,
                    ))
                    .load::<(String, chrono::NaiveDateTime, Option<i64>, chrono::NaiveDateTime)>(conn)?;
                {
                    use jangteo::db::schema::message_deliveries::dsl as d;
                    d::message_deliveries
                        .select((d::message_id, d::channel, d::recipient, d::template, d::status, d::claimed_until, d::created_at, d::sent_at))
                        .load::<(String, String, String, String, String, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)>(conn)?;
                }
                // Accounts: the demo owner and shopper (with an address), the rest empty.
                use jangteo::db::schema as s;
                let members = s::members::table.select(jangteo::members::MemberRow::as_select()).load(conn)?;
                let addresses = s::member_addresses::table.select(jangteo::members::AddressRow::as_select()).load(conn)?;
                let staff = s::staff::table.select(jangteo::access::staff::StaffRow::as_select()).load(conn)?;
                s::api_keys::table.select(jangteo::access::api_keys::ApiKeyRow::as_select()).load(conn)?;
                s::audit_log::table.select(jangteo::access::audit::AuditRow::as_select()).load(conn)?;
                s::refresh_tokens::table
                    .select((s::refresh_tokens::id, s::refresh_tokens::member_id, s::refresh_tokens::family, s::refresh_tokens::token_hash, s::refresh_tokens::expires_at, s::refresh_tokens::spent_at, s::refresh_tokens::revoked_at, s::refresh_tokens::created_at))
                    .load::<(i64, i64, String, String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime)>(conn)?;
                s::account_tokens::table
                    .select((s::account_tokens::id, s::account_tokens::purpose, s::account_tokens::subject_id, s::account_tokens::token_hash, s::account_tokens::expires_at, s::account_tokens::used_at, s::account_tokens::created_at))
                    .load::<(i64, String, i64, Option<String>, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime)>(conn)?;
                s::staff_recovery_codes::table
                    .select((s::staff_recovery_codes::id, s::staff_recovery_codes::staff_id, s::staff_recovery_codes::code_hash, s::staff_recovery_codes::used_at, s::staff_recovery_codes::created_at))
                    .load::<(i64, i64, String, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime)>(conn)?;
                s::staff_sessions::table
                    .select((s::staff_sessions::id, s::staff_sessions::staff_id, s::staff_sessions::kind, s::staff_sessions::token_hash, s::staff_sessions::expires_at, s::staff_sessions::revoked_at, s::staff_sessions::ip, s::staff_sessions::created_at))
                    .load::<(i64, i64, String, String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, Option<String>, chrono::NaiveDateTime)>(conn)?;
                s::login_throttle::table
                    .select((s::login_throttle::key, s::login_throttle::failures, s::login_throttle::blocked_until, s::login_throttle::updated_at))
                    .load::<(String, i32, chrono::NaiveDateTime, chrono::NaiveDateTime)>(conn)?;
                s::webhook_throttle::table
                    .select((s::webhook_throttle::key, s::webhook_throttle::window_start, s::webhook_throttle::hits, s::webhook_throttle::updated_at))
                    .load::<(String, chrono::NaiveDateTime, i64, chrono::NaiveDateTime)>(conn)?;
                // The catalog's variants, prices, categories and collections.
                use jangteo::catalog::model::{CategoryRow, CollectionRow, VariantRow};
                let variants = s::product_variants::table.select(VariantRow::as_select()).load(conn)?;
                let prices = s::variant_channel_listings::table
                    .select((s::variant_channel_listings::variant_id, s::variant_channel_listings::channel_id, s::variant_channel_listings::price_amount, s::variant_channel_listings::compare_at_amount))
                    .load::<(i64, i64, i64, Option<i64>)>(conn)?;
                let categories = s::categories::table.select(CategoryRow::as_select()).load(conn)?;
                let product_categories = s::product_categories::table
                    .select((s::product_categories::product_id, s::product_categories::category_id))
                    .load::<(i64, i64)>(conn)?;
                let collections = s::collections::table.select(CollectionRow::as_select()).load(conn)?;
                let collection_products = s::collection_products::table
                    .select((s::collection_products::collection_id, s::collection_products::product_id, s::collection_products::position))
                    .load::<(i64, i64, i32)>(conn)?;
                assert_eq!(
                    (variants.len(), prices.len(), categories.len(), product_categories.len(), collections.len(), collection_products.len()),
                    (17, 25, 7, 23, 2, 9)
                );
                assert_eq!((members.len(), addresses.len(), staff.len()), (1, 1, 1));
                assert!(staff[0].totp_secret.is_some() && staff[0].password_hash.as_deref().is_some_and(|h| h.starts_with("$argon2id$")));
                Ok::<_, DbError>((channels.len(), products.len(), hosts.len(), listings.len()))
            })
            .await
            .unwrap();
        assert_eq!(counts, (2, 15, 2, 21));
    }

    /// Seeding a seeded database changes nothing.
    async fn seeding_twice_is_a_no_op(app) {
        let outcome = app.db.run(seed::run).await.unwrap();
        assert_eq!(outcome, SeedOutcome::AlreadySeeded);
        let products: i64 = app
            .db
            .run(|conn| {
                Ok::<_, DbError>(jangteo::db::schema::products::table.count().get_result(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(products, 15);
    }

    /// The database refuses a negative price even if a bug tried to write one.
    async fn prices_cannot_be_negative(app) {
        let result = app
            .db
            .run(|conn| {
                Ok::<_, DbError>(
                    diesel::update(product_channel_listings::table)
                        .set(product_channel_listings::price_amount.eq(-1))
                        .execute(conn)?,
                )
            })
            .await;
        assert!(
            matches!(
                result,
                Err(DbError::Query(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::CheckViolation,
                    _
                )))
            ),
            "{result:?}"
        );
    }
}

/// Several servers starting at once on one new database (a deploy behind a load balancer):
/// migrations and the default channel are created once, and every server comes up.
async fn concurrent_start(backend: jangteo_tests::Backend) {
    let database = TestDatabase::new(backend);
    let mut config = database.config("unused");
    config.demo = false;
    let starts = (0..4).map(|_| Application::build(config.clone()));
    let apps = futures_util::future::join_all(starts).await;
    let apps: Vec<Application> = apps
        .into_iter()
        .map(|a| a.unwrap_or_else(|e| panic!("a server failed to start: {e}")))
        .collect();
    let channels: Vec<ChannelRow> = apps[0]
        .db()
        .run(|conn| {
            Ok::<_, DbError>(
                jangteo::db::schema::channels::table
                    .select(ChannelRow::as_select())
                    .load(conn)?,
            )
        })
        .await
        .unwrap();
    assert_eq!(channels.len(), 1, "one default channel");
    assert!(channels[0].is_default);
    for app in &apps {
        drop(app.handle().stop(false));
    }
}

mod servers_start_concurrently_on_a_new_database {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::concurrent_start(jangteo_tests::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::concurrent_start(jangteo_tests::Backend::Postgres).await;
    }
}

/// Runs `f` on one pooled connection and counts the SQL statements it sends.
async fn count_statements<T: Send + 'static>(
    app: &jangteo_tests::TestApp,
    f: impl FnOnce(&mut jangteo::db::AnyConnection) -> T + Send + 'static,
) -> (T, usize) {
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let value = app
        .db
        .run(move |conn| {
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
            let value = f(conn);
            conn.set_instrumentation(None::<Box<dyn Instrumentation>>);
            Ok::<_, DbError>(value)
        })
        .await
        .unwrap();
    (value, count.load(Ordering::SeqCst))
}

backend_tests! {
    /// Listing pages cost a fixed number of statements whatever their size (no per-row
    /// queries): four for a shop's page (products, variants, categories, images) plus one for a
    /// category filter; six for staff's page; four for a product page.
    async fn listing_pages_cost_a_fixed_number_of_statements(app) {
        use jangteo::catalog::browse::{self, BrowseFilter, BrowseRequest};
        use jangteo::catalog::service as catalog;
        use jangteo::channel::{ChannelSelector, service as channels};
        use jangteo::db::page::PageRequest;
        let channel = app
            .db
            .run(|conn| channels::resolve(conn, &ChannelSelector::default()))
            .await
            .unwrap();
        for limit in [1, 5, 20, 100] {
            let request = BrowseRequest { filter: BrowseFilter::default(), sort: None, after: None, limit };
            let shop_channel = channel.clone();
            let (result, statements) = count_statements(&app, move |conn| {
                browse::browse(conn, &shop_channel, &request).unwrap()
            })
            .await;
            assert_eq!(result.items.len(), limit.min(14));
            assert!(result.items.iter().all(|(p, _)| !p.variants.is_empty()));
            assert_eq!(statements, 4, "shop listing of {limit}");

            let request = BrowseRequest {
                filter: BrowseFilter { category: Some("meal".into()), in_stock: true, ..BrowseFilter::default() },
                sort: Some(browse::ProductSort::PriceAsc),
                after: None,
                limit,
            };
            let shop_channel = channel.clone();
            let (result, statements) = count_statements(&app, move |conn| {
                browse::browse(conn, &shop_channel, &request).unwrap()
            })
            .await;
            assert!(!result.items.is_empty());
            assert_eq!(statements, 5, "filtered shop listing of {limit}");

            let page = PageRequest { after: None, limit };
            let (result, statements) = count_statements(&app, move |conn| {
                catalog::list_all(conn, page, &catalog::AdminFilter::default()).unwrap()
            })
            .await;
            assert_eq!(result.items.len(), limit.min(15));
            assert_eq!(statements, 6, "admin listing of {limit}");
        }
        let shop_channel = channel.clone();
        let (product, statements) = count_statements(&app, move |conn| {
            browse::product_by_slug(conn, &shop_channel, "protein-shake-chocolate").unwrap()
        })
        .await;
        let product = product.expect("the demo shake is on sale");
        assert_eq!(product.variants.len(), 2);
        assert_eq!(statements, 4, "product page");
    }

    /// The storefront's server-rendered catalog pages (`http::shell`) cost the API's own queries
    /// for the same data plus the category tree (the header's navigation) and the seller details
    /// (the footer): home 17 (the tree, the featured collections, a listing of each of the demo's
    /// three, the newest, the seller), a category 7 (the tree serves both), a collection 8, a
    /// search 6, a product 6; a slug that names nothing costs no listing.
    async fn catalog_pages_cost_a_fixed_number_of_statements(app) {
        use jangteo::catalog::pages::{self, Page, Route};
        use jangteo::channel::{ChannelSelector, service as channels};
        let channel = app
            .db
            .run(|conn| channels::resolve(conn, &ChannelSelector::default()))
            .await
            .unwrap();
        for (route, budget) in [
            (Route::Home, 17),
            (Route::Category("meal".into()), 7),
            (Route::Collection("protein-best".into()), 8),
            (Route::Search("쉐이크".into()), 6),
            (Route::Product("protein-shake-chocolate".into()), 6),
            (Route::Category("no-such-category".into()), 1),
            (Route::Collection("no-such-collection".into()), 2),
        ] {
            let shop_channel = channel.clone();
            let shown = route.clone();
            let (page, statements) = count_statements(&app, move |conn| {
                pages::load(conn, &shop_channel, &route).unwrap()
            })
            .await;
            assert_eq!(statements, budget, "{shown:?}");
            assert!(page.as_ref().is_none_or(|p| !p.categories.is_empty()));
            assert!(page.as_ref().is_none_or(|p| p.seller.business_name == "주식회사 바른한끼"));
            match page.map(|p| p.page) {
                Some(Page::Home { items, .. } | Page::Category { items, .. } | Page::Collection { items, .. }) => {
                    assert!(!items.is_empty(), "{shown:?}")
                }
                Some(Page::Search { items, .. }) => assert!(!items.unwrap().is_empty()),
                Some(Page::Product(item)) => assert_eq!(item.product.slug, "protein-shake-chocolate"),
                None => assert!(budget <= 2, "{shown:?} names nothing"),
            }
        }
    }
}

/// The bundled SQLite is built with the query planner stability guarantee
/// (`SQLITE_ENABLE_QPSG`, set in `.cargo/config.toml`). Without it, SQLite reads the values
/// bound to a statement (every `LIMIT ?`, so every `.first()`, and any value its statistics
/// sample) and marks the statement to be planned again whenever one changes: each cached
/// statement was parsed and planned anew on every execution, a fifth of a listing's CPU.
#[tokio::test]
async fn sqlite_plans_cached_statements_once() {
    #[derive(QueryableByName)]
    struct Option_ {
        #[diesel(sql_type = diesel::sql_types::Text)]
        compile_options: String,
    }
    let app = jangteo_tests::TestApp::spawn(jangteo_tests::Backend::Sqlite).await;
    let options = app
        .db
        .run(|conn| {
            Ok::<_, DbError>(
                diesel::sql_query("SELECT compile_options FROM pragma_compile_options")
                    .load::<Option_>(conn)?,
            )
        })
        .await
        .unwrap();
    let options: Vec<String> = options.into_iter().map(|o| o.compile_options).collect();
    assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
}

/// The shop's listings by newest and by price, in stock or not, and its search, read one page
/// whatever the catalog's size: SQLite walks the channel's listing index (by product, by price)
/// in order and stops after the page (no sort of every listed product), a search starts from the
/// name index's entries for each word (no scan of every name), the stock filter asks each product
/// it reads, and the page's variants, categories and images are found by product, never by
/// reading the whole channel.
#[tokio::test]
async fn sqlite_listings_and_searches_read_one_page() {
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    use jangteo::catalog::browse::{self, BrowseFilter, BrowseRequest, ProductSort};
    use jangteo::channel::{ChannelSelector, service as channels};
    use std::sync::{Arc, Mutex};
    #[derive(QueryableByName)]
    struct Step {
        #[diesel(sql_type = diesel::sql_types::Text)]
        detail: String,
    }
    // No schedules: housekeeping, due within an hour of 04:30 in the shop's zone, would fire at
    // start-up and refresh SQLite's statistics, and these are the plans made without them.
    let app = jangteo_tests::TestApp::spawn_with(jangteo_tests::Backend::Sqlite, |c| {
        c.jobs.scheduler = false;
    })
    .await;
    let channel = app
        .db
        .run(|conn| channels::resolve(conn, &ChannelSelector::default()))
        .await
        .unwrap();
    for (search, sort, in_stock) in [
        (None, None, false),
        (Some("단백질 쉐이크"), None, false),
        (None, Some(ProductSort::PriceAsc), false),
        (None, Some(ProductSort::PriceDesc), false),
        (None, None, true),
    ] {
        let request = BrowseRequest {
            filter: BrowseFilter {
                search: search.map(str::to_owned),
                in_stock,
                ..BrowseFilter::default()
            },
            sort,
            after: None,
            limit: 20,
        };
        let channel = channel.clone();
        let plans = app
            .db
            .run(move |conn| {
                let statements = Arc::new(Mutex::new(Vec::<String>::new()));
                let seen = statements.clone();
                conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                    if let InstrumentationEvent::StartQuery { query, .. } = event {
                        seen.lock().unwrap().push(query.to_string());
                    }
                });
                let page = browse::browse(conn, &channel, &request).unwrap();
                conn.set_instrumentation(None::<Box<dyn Instrumentation>>);
                assert!(!page.items.is_empty());
                let statements = statements.lock().unwrap().clone();
                let mut plans = Vec::new();
                for sql in statements {
                    let sql = sql.split(" -- binds:").next().unwrap().to_owned();
                    let steps = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
                        .load::<Step>(conn)?;
                    plans.push(steps.into_iter().map(|s| s.detail).collect::<Vec<_>>());
                }
                Ok::<_, DbError>(plans)
            })
            .await
            .unwrap();
        let case = format!("{search:?} {sort:?} in stock {in_stock}");
        // The first statement picks the page's products; the rest load their parts.
        let (pick, parts) = plans.split_first().expect("statements");
        let scans = |plan: &[String]| {
            plan.iter()
                .any(|s| s.starts_with("SCAN") && !s.starts_with("SCAN json_each"))
        };
        assert!(
            !scans(pick) && !pick.iter().any(|s| s.contains("TEMP B-TREE")),
            "{case}: {pick:#?}"
        );
        if search.is_some() {
            assert!(
                pick.iter().any(|s| s.contains("product_search_grams")),
                "{case}: {pick:#?}"
            );
        }
        for plan in parts {
            assert!(
                !scans(plan) && !plan.iter().any(|s| s.contains("(channel_id=?)")),
                "{case}: {plan:#?}"
            );
        }
    }
}
