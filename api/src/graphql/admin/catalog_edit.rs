//! Editing the catalog: products with variants, categories, collections. Inputs are parsed here
//! (IDs, with the path of a malformed one); every rule lives in `catalog::input`,
//! `catalog::editor` and `catalog::taxonomy`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use shared::{CategoryId, ChannelId, CollectionId, MediaId, ProductId, VariantId};

use super::catalog::{Collection, Product, ProductStatus};
use crate::access::Permission as Perm;
use crate::catalog::input::{ChannelDraft, PriceDraft, ProductDraft, ProductPatch, VariantDraft};
use crate::catalog::taxonomy::{self, GroupInput};
use crate::catalog::{CatalogError, editor, service as catalog};
use crate::db::Db;
use crate::graphql::catalog::{Category, user_errors};
use crate::graphql::error::{UserError, UserErrorCode, internal};
use crate::graphql::guard::Require;
use crate::graphql::money::MinorUnits;

/// A product's listing in one channel.
#[derive(InputObject, Clone)]
pub struct ProductChannelInput {
    channel: ID,
    /// Whether the channel's shoppers see it (when it is `ACTIVE`).
    #[graphql(default = true)]
    published: bool,
}

/// A variant's price in one channel where the product is listed.
#[derive(InputObject, Clone)]
pub struct VariantPriceInput {
    channel: ID,
    /// Minor units of the channel's currency.
    amount: MinorUnits,
    /// The "was" price; must be above `amount`.
    compare_at_amount: Option<MinorUnits>,
}

/// A variant: matched to an existing one by `id`, else by `sku`, else created.
#[derive(InputObject, Clone)]
pub struct ProductVariantInput {
    id: Option<ID>,
    /// Letters, digits, `-`, `_`, `.`; stored upper-case; unique across the catalog.
    sku: String,
    /// One value per product option, in order.
    #[graphql(default)]
    option_values: Vec<String>,
    weight_grams: Option<i32>,
    /// Units on hand (0 to 1,000,000,000).
    #[graphql(default)]
    stock: i64,
    /// For an existing variant: the stock you read before editing. The new `stock` is saved only
    /// if the stock is still this (orders may have taken units since): otherwise the save is
    /// refused with `STOCK_CHANGED` at `variants.N.stock`. Leave out to set the count as given.
    expected_stock: Option<i64>,
    #[graphql(default)]
    sell_when_out_of_stock: bool,
    /// A price in every channel where the product is listed.
    prices: Vec<VariantPriceInput>,
    /// One of the product's `images`, shown when the variant is chosen.
    image: Option<ID>,
}

#[derive(InputObject)]
pub struct ProductCreateInput {
    /// Up to 200 characters.
    name: String,
    /// Made from the name when left out (Hangul kept).
    slug: Option<String>,
    description: Option<String>,
    /// Default `DRAFT`.
    status: Option<ProductStatus>,
    /// Option names (up to 3), e.g. `["맛", "구성"]`.
    #[graphql(default)]
    options: Vec<String>,
    #[graphql(default)]
    categories: Vec<ID>,
    #[graphql(default)]
    channels: Vec<ProductChannelInput>,
    /// At least one.
    variants: Vec<ProductVariantInput>,
    /// Images from the media library (`mediaUpload`), in display order; the first is the
    /// product's thumbnail.
    #[graphql(default)]
    images: Vec<ID>,
}

/// Changes to a product; left-out fields stay. `variants`, when given, is the whole new set.
#[derive(InputObject)]
pub struct ProductUpdateInput {
    name: Option<String>,
    /// A new slug (old links stop working).
    slug: Option<String>,
    description: Option<String>,
    status: Option<ProductStatus>,
    options: Option<Vec<String>>,
    categories: Option<Vec<ID>>,
    channels: Option<Vec<ProductChannelInput>>,
    variants: Option<Vec<ProductVariantInput>>,
    /// The whole new list of images, in order.
    images: Option<Vec<ID>>,
}

/// Result of a product mutation.
#[derive(SimpleObject)]
pub struct ProductPayload {
    /// The product after the change; `null` when `userErrors` is not empty (nothing was saved).
    product: Option<Product>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct CategoryInput {
    name: Option<String>,
    slug: Option<String>,
    description: Option<String>,
    /// The category above; leave out for a top-level category (on create) or to keep it.
    parent: Option<ID>,
    /// On update: make it a top-level category.
    #[graphql(default)]
    make_root: bool,
    /// Place among siblings (lower first).
    position: Option<i32>,
}

#[derive(SimpleObject)]
pub struct CategoryPayload {
    category: Option<Category>,
    user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct CollectionInput {
    name: Option<String>,
    slug: Option<String>,
    description: Option<String>,
    featured: Option<bool>,
    /// The collection's whole content, in order (replaces what it held).
    products: Option<Vec<ID>>,
}

#[derive(SimpleObject)]
pub struct CollectionPayload {
    collection: Option<Collection>,
    user_errors: Vec<UserError>,
}

#[derive(SimpleObject)]
pub struct DeletePayload {
    deleted_id: Option<ID>,
    user_errors: Vec<UserError>,
}

/// Parses IDs, collecting each malformed one as a user error at its path.
struct Parser {
    errors: Vec<UserError>,
}

impl Parser {
    fn id<T: std::str::FromStr<Err = shared::IdError>>(
        &mut self,
        id: &ID,
        path: &[&str],
    ) -> Option<T> {
        match id.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors
                    .push(UserError::new(path, UserErrorCode::Invalid, e.to_string()));
                None
            }
        }
    }

    fn ids<T: std::str::FromStr<Err = shared::IdError>>(
        &mut self,
        ids: &[ID],
        path: &[&str],
    ) -> Vec<T> {
        ids.iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let mut p = path.to_vec();
                let i = i.to_string();
                p.push(&i);
                self.id(id, &p)
            })
            .collect()
    }

    fn channels(&mut self, input: &[ProductChannelInput]) -> Vec<ChannelDraft> {
        input
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let channel_id: ChannelId = self.id(
                    &c.channel,
                    &["input", "channels", &i.to_string(), "channel"],
                )?;
                Some(ChannelDraft {
                    channel_id,
                    published: c.published,
                })
            })
            .collect()
    }

    fn variants(&mut self, input: &[ProductVariantInput]) -> Vec<VariantDraft> {
        input
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let i = i.to_string();
                let id =
                    v.id.as_ref()
                        .and_then(|id| self.id::<VariantId>(id, &["input", "variants", &i, "id"]));
                let prices = v
                    .prices
                    .iter()
                    .enumerate()
                    .filter_map(|(j, p)| {
                        let channel_id: ChannelId = self.id(
                            &p.channel,
                            &["input", "variants", &i, "prices", &j.to_string(), "channel"],
                        )?;
                        Some(PriceDraft {
                            channel_id,
                            amount: p.amount.0,
                            compare_at: p.compare_at_amount.as_ref().map(|c| c.0),
                        })
                    })
                    .collect();
                let image = v
                    .image
                    .as_ref()
                    .and_then(|id| self.id::<MediaId>(id, &["input", "variants", &i, "image"]));
                VariantDraft {
                    id,
                    image,
                    sku: v.sku.clone(),
                    option_values: v.option_values.clone(),
                    weight_grams: v.weight_grams,
                    stock_quantity: v.stock,
                    expected_stock: v.expected_stock,
                    sell_when_out_of_stock: v.sell_when_out_of_stock,
                    prices,
                }
            })
            .collect()
    }
}

fn product_payload(
    ctx: &Context<'_>,
    result: Result<crate::catalog::model::ProductWithListings, CatalogError>,
) -> async_graphql::Result<ProductPayload> {
    match result {
        Ok(p) => Ok(ProductPayload {
            product: Some(p.into()),
            user_errors: vec![],
        }),
        Err(e) => Ok(ProductPayload {
            product: None,
            user_errors: user_errors("input", "id", e).map_err(|e| internal(ctx, &e))?,
        }),
    }
}

fn group_input(
    name: Option<String>,
    slug: Option<String>,
    description: Option<String>,
) -> GroupInput {
    GroupInput {
        name,
        slug,
        description,
        ..GroupInput::default()
    }
}

#[derive(Default)]
pub struct CatalogEditMutation;

#[Object]
impl CatalogEditMutation {
    /// Creates a product with its variants, prices, channels and categories; all or nothing.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn product_create(
        &self,
        ctx: &Context<'_>,
        input: ProductCreateInput,
    ) -> async_graphql::Result<ProductPayload> {
        let mut p = Parser { errors: vec![] };
        let draft = ProductDraft {
            name: input.name,
            slug: input.slug,
            description: input.description.unwrap_or_default(),
            status: input
                .status
                .map(Into::into)
                .unwrap_or(crate::catalog::ProductStatus::Draft),
            option_names: input.options,
            category_ids: p.ids::<CategoryId>(&input.categories, &["input", "categories"]),
            channels: p.channels(&input.channels),
            variants: p.variants(&input.variants),
            images: p.ids::<MediaId>(&input.images, &["input", "images"]),
        };
        if !p.errors.is_empty() {
            return Ok(ProductPayload {
                product: None,
                user_errors: p.errors,
            });
        }
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                let id = editor::create(c, draft, &actor)?;
                catalog::get_with_listings(c, id)
            })
            .await;
        product_payload(ctx, result)
    }

    /// Changes a product; left-out fields stay as they are. All or nothing.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn product_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ProductUpdateInput,
    ) -> async_graphql::Result<ProductPayload> {
        let mut p = Parser { errors: vec![] };
        let id: Option<ProductId> = p.id(&id, &["id"]);
        let patch = ProductPatch {
            name: input.name,
            slug: input.slug,
            description: input.description,
            status: input.status.map(Into::into),
            option_names: input.options,
            category_ids: input
                .categories
                .map(|c| p.ids::<CategoryId>(&c, &["input", "categories"])),
            channels: input.channels.map(|c| p.channels(&c)),
            variants: input.variants.map(|v| p.variants(&v)),
            images: input
                .images
                .map(|m| p.ids::<MediaId>(&m, &["input", "images"])),
        };
        let (Some(id), true) = (id, p.errors.is_empty()) else {
            return Ok(ProductPayload {
                product: None,
                user_errors: p.errors,
            });
        };
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                editor::update(c, id, patch, &actor)?;
                catalog::get_with_listings(c, id)
            })
            .await;
        product_payload(ctx, result)
    }

    /// Creates a category (under `parent` when given; at most 5 levels deep).
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn category_create(
        &self,
        ctx: &Context<'_>,
        input: CategoryInput,
    ) -> async_graphql::Result<CategoryPayload> {
        self.save_category(ctx, None, input).await
    }

    /// Renames, moves (`parent`, `makeRoot`) or reorders (`position`) a category.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn category_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CategoryInput,
    ) -> async_graphql::Result<CategoryPayload> {
        self.save_category(ctx, Some(id), input).await
    }

    /// Deletes a category without subcategories; its products stay in the catalog.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn category_delete(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<DeletePayload> {
        delete_with(ctx, id, taxonomy::delete_category).await
    }

    /// Creates a collection, optionally with its products in order.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn collection_create(
        &self,
        ctx: &Context<'_>,
        input: CollectionInput,
    ) -> async_graphql::Result<CollectionPayload> {
        self.save_collection(ctx, None, input).await
    }

    /// Changes a collection; `products`, when given, replaces its content in that order.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn collection_update(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CollectionInput,
    ) -> async_graphql::Result<CollectionPayload> {
        self.save_collection(ctx, Some(id), input).await
    }

    /// Deletes a collection; its products stay in the catalog.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn collection_delete(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<DeletePayload> {
        delete_with(ctx, id, taxonomy::delete_collection).await
    }
}

/// Parses `id` as a `T` and deletes it with `delete`, as a `DeletePayload`.
async fn delete_with<T>(
    ctx: &Context<'_>,
    id: ID,
    delete: fn(
        &mut crate::db::AnyConnection,
        T,
        &crate::access::audit::Actor,
    ) -> Result<(), CatalogError>,
) -> async_graphql::Result<DeletePayload>
where
    T: std::str::FromStr<Err = shared::IdError> + Send + 'static,
{
    let mut p = Parser { errors: vec![] };
    let Some(key) = p.id::<T>(&id, &["id"]) else {
        return Ok(DeletePayload {
            deleted_id: None,
            user_errors: p.errors,
        });
    };
    let actor = super::actor(ctx);
    let result = ctx
        .data_unchecked::<Db>()
        .run(move |c| delete(c, key, &actor))
        .await;
    delete_payload(ctx, id, result)
}

fn delete_payload(
    ctx: &Context<'_>,
    id: ID,
    result: Result<(), CatalogError>,
) -> async_graphql::Result<DeletePayload> {
    match result {
        Ok(()) => Ok(DeletePayload {
            deleted_id: Some(id),
            user_errors: vec![],
        }),
        Err(e) => Ok(DeletePayload {
            deleted_id: None,
            user_errors: user_errors("", "id", e).map_err(|e| internal(ctx, &e))?,
        }),
    }
}

impl CatalogEditMutation {
    async fn save_category(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: CategoryInput,
    ) -> async_graphql::Result<CategoryPayload> {
        let mut p = Parser { errors: vec![] };
        let key = id.as_ref().and_then(|id| p.id::<CategoryId>(id, &["id"]));
        let parent = input
            .parent
            .as_ref()
            .and_then(|id| p.id::<CategoryId>(id, &["input", "parent"]));
        let mut group = group_input(input.name, input.slug, input.description);
        group.position = input.position;
        group.parent = if input.make_root {
            Some(None)
        } else {
            parent.map(Some)
        };
        if !p.errors.is_empty() || (id.is_some() && key.is_none()) {
            return Ok(CategoryPayload {
                category: None,
                user_errors: p.errors,
            });
        }
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                let id = match key {
                    Some(k) => taxonomy::update_category(c, k, group, &actor)?,
                    None => taxonomy::create_category(c, group, &actor)?,
                };
                let all = taxonomy::categories(c)?;
                all.into_iter()
                    .find(|x| x.id == id)
                    .ok_or(CatalogError::NotFound)
            })
            .await;
        match result {
            Ok(c) => Ok(CategoryPayload {
                category: Some(Category(c)),
                user_errors: vec![],
            }),
            Err(e) => Ok(CategoryPayload {
                category: None,
                user_errors: user_errors("input", "id", e).map_err(|e| internal(ctx, &e))?,
            }),
        }
    }

    async fn save_collection(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: CollectionInput,
    ) -> async_graphql::Result<CollectionPayload> {
        let mut p = Parser { errors: vec![] };
        let key = id.as_ref().and_then(|id| p.id::<CollectionId>(id, &["id"]));
        let products = input
            .products
            .as_ref()
            .map(|ids| p.ids::<ProductId>(ids, &["input", "products"]));
        let mut group = group_input(input.name, input.slug, input.description);
        group.featured = input.featured;
        if !p.errors.is_empty() || (id.is_some() && key.is_none()) {
            return Ok(CollectionPayload {
                collection: None,
                user_errors: p.errors,
            });
        }
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| {
                let id = taxonomy::save_collection(c, key, group, products, &actor)?;
                let all = taxonomy::collections(c, false)?;
                all.into_iter()
                    .find(|x| x.id == id)
                    .ok_or(CatalogError::NotFound)
            })
            .await;
        match result {
            Ok(c) => Ok(CollectionPayload {
                collection: Some(c.into()),
                user_errors: vec![],
            }),
            Err(e) => Ok(CollectionPayload {
                collection: None,
                user_errors: user_errors("input", "id", e).map_err(|e| internal(ctx, &e))?,
            }),
        }
    }
}

/// A problem with one cell or row of an imported CSV file.
#[derive(SimpleObject)]
pub struct CsvRowError {
    /// 1-based row number; the header is row 1.
    row: i32,
    /// The column's header, when one cell is at fault.
    column: Option<String>,
    code: UserErrorCode,
    message: String,
}

impl From<crate::catalog::csv_io::RowError> for CsvRowError {
    fn from(r: crate::catalog::csv_io::RowError) -> Self {
        CsvRowError {
            row: i32::try_from(r.row).unwrap_or(i32::MAX),
            column: r.column,
            code: r.code.into(),
            message: r.message,
        }
    }
}

/// Result of `productImportCsv`.
#[derive(SimpleObject)]
pub struct ProductImportPayload {
    /// Whether the file was applied (never with a dry run or with any row error).
    applied: bool,
    /// Products the file creates (or would create).
    created: i32,
    /// Products the file changes (or would change).
    updated: i32,
    /// Variant rows in the file.
    variants: i32,
    /// Every problem found; when not empty nothing was applied.
    row_errors: Vec<CsvRowError>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct CatalogCsvQuery;

#[Object]
impl CatalogCsvQuery {
    /// Every product as CSV, one row per variant (the columns `productImportCsv` reads).
    #[graphql(guard = "Require(Perm::ProductsRead)")]
    async fn product_export_csv(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        ctx.data_unchecked::<Db>()
            .run(crate::catalog::csv_io::export)
            .await
            .map_err(|e| internal(ctx, &e))
    }
}

#[derive(Default)]
pub struct CatalogCsvMutation;

#[Object]
impl CatalogCsvMutation {
    /// Creates and updates products from a CSV file (uploaded as a GraphQL multipart request;
    /// UTF-8, the columns of `productExportCsv`). Every row is checked first: with any problem
    /// nothing is applied and every problem is reported with its row. `dryRun` checks without
    /// applying.
    #[graphql(guard = "Require(Perm::ProductsWrite)")]
    async fn product_import_csv(
        &self,
        ctx: &Context<'_>,
        file: async_graphql::Upload,
        #[graphql(default)] dry_run: bool,
    ) -> async_graphql::Result<ProductImportPayload> {
        let failed = |errors: Vec<UserError>| ProductImportPayload {
            applied: false,
            created: 0,
            updated: 0,
            variants: 0,
            row_errors: vec![],
            user_errors: errors,
        };
        let text = match file
            .value(ctx)
            .map(|v| String::from_utf8(v.content.to_vec()))
        {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                return Ok(failed(vec![UserError::new(
                    &["file"],
                    UserErrorCode::Invalid,
                    "the file is not UTF-8 text; save the CSV as UTF-8",
                )]));
            }
            Err(e) => {
                return Ok(failed(vec![UserError::new(
                    &["file"],
                    UserErrorCode::Invalid,
                    e.to_string(),
                )]));
            }
        };
        let actor = super::actor(ctx);
        let result = ctx
            .data_unchecked::<Db>()
            .run(move |c| crate::catalog::csv_io::import(c, &text, dry_run, &actor))
            .await;
        match result {
            Ok(report) => Ok(ProductImportPayload {
                applied: !dry_run,
                created: report.created as i32,
                updated: report.updated as i32,
                variants: report.variants as i32,
                row_errors: vec![],
                user_errors: vec![],
            }),
            Err(crate::catalog::csv_io::ImportError::Rows(rows)) => Ok(ProductImportPayload {
                row_errors: rows
                    .into_iter()
                    .map(|r| CsvRowError {
                        row: r.row as i32,
                        column: r.column,
                        code: r.code.into(),
                        message: r.message,
                    })
                    .collect(),
                ..failed(vec![])
            }),
            Err(e) => Err(internal(ctx, &e)),
        }
    }
}
