//! The catalog: products, variants, categories, collections.

use super::*;

/// The most products `productStatusUpdate` takes at once.
pub const PRODUCT_STATUS_UPDATE_MAX: usize = 100;

/// How many products one page of the product list shows.
pub const PRODUCTS_PAGE_SIZE: i64 = 50;

/// One page of products, newest first (with the viewer's permissions), after `after` (a previous
/// page's `endCursor`), optionally only those matching `search` (name, slug or SKU) and `status`.
pub async fn products_page(
    session: Session,
    after: Option<String>,
    search: Option<String>,
    status: Option<ProductStatus>,
) -> Result<ProductsPage, ClientError> {
    let variables = ops::ProductsPageVariables {
        first: PRODUCTS_PAGE_SIZE,
        after,
        search,
        status,
    };
    staff_call::<ops::ProductsPage>(session, variables).await
}

/// Sets the status of products (all or nothing): `Ok` with each changed product's ID and new
/// status, or the user errors' messages if refused.
pub async fn product_status_update(
    session: Session,
    ids: Vec<String>,
    status: ProductStatus,
) -> Result<Result<Vec<(String, ProductStatus)>, String>, ClientError> {
    let variables = ops::ProductStatusUpdateVariables { ids, status };
    let r = staff_call::<ops::ProductStatusUpdate>(session, variables).await?;
    Ok(match messages(r.user_errors) {
        None => Ok(r.products.into_iter().map(|p| (p.id, p.status)).collect()),
        Some(errors) => Err(errors),
    })
}

/// The viewer's permissions and the category tree (a flat list).
pub async fn catalog_base(session: Session) -> Result<CatalogBase, ClientError> {
    staff_call::<ops::CatalogBase>(session, NoVariables {}).await
}

/// A sales channel as catalog pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    /// ISO 4217 (`KRW`).
    pub currency: String,
}

/// Every sales channel, the default first (needs the settings read permission).
pub async fn sales_channels(session: Session) -> Result<Vec<ChannelInfo>, ClientError> {
    let channels = staff_call::<ops::SalesChannels>(session, NoVariables {}).await?;
    Ok(channels
        .into_iter()
        .map(|c| ChannelInfo {
            currency: c.currency.code().to_owned(),
            id: c.id,
            code: c.code,
            name: c.name,
        })
        .collect())
}

/// The channels a product is listed in, from its listings (for staff who may not read the
/// channel settings; the code stands in for the name).
pub fn listed_channels(product: &Product) -> Vec<ChannelInfo> {
    product
        .channel_listings
        .iter()
        .map(|l| ChannelInfo {
            id: l.channel_id.clone(),
            code: l.channel_code.clone(),
            name: l.channel_code.clone(),
            currency: l.price.currency.code().to_owned(),
        })
        .collect()
}

/// One product with everything staff edit; `None` when there is no product with this ID.
pub async fn product_detail(session: Session, id: String) -> Result<Option<Product>, ClientError> {
    staff_call::<ops::ProductDetail>(session, ops::Id { id }).await
}

/// A product as the editor sends it: the fields of `productCreate` and `productUpdate`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductInput {
    pub name: String,
    /// `None`: made from the name (a new product) or kept as it is (an existing one).
    pub slug: Option<String>,
    pub description: String,
    pub status: ProductStatus,
    /// Option names, in order (up to 3).
    pub options: Vec<String>,
    /// Category IDs.
    pub categories: Vec<String>,
    /// Channel IDs where the product is listed, each with whether it is published there.
    pub channels: Vec<(String, bool)>,
    pub variants: Vec<VariantInput>,
    /// Media IDs of the product's images, in display order (the first is the thumbnail).
    pub images: Vec<String>,
}

/// A variant as the editor sends it; `id` keeps an existing variant.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantInput {
    pub id: Option<String>,
    pub sku: String,
    /// One value per option name, in order.
    pub option_values: Vec<String>,
    pub weight_grams: Option<i64>,
    pub stock: i64,
    /// The stock the editor read: the save is refused when it changed since.
    pub expected_stock: Option<i64>,
    pub sell_when_out_of_stock: bool,
    /// A price in every listed channel, in the order of [`ProductInput::channels`].
    pub prices: Vec<PriceInput>,
    /// One of [`ProductInput::images`], shown when the variant is chosen.
    pub image: Option<String>,
}

/// A variant's price in one channel, in minor units of the channel's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceInput {
    pub channel: String,
    pub amount: i64,
    pub compare_at_amount: Option<i64>,
}

/// The channel and variant parts of a product input, as the API takes them.
fn product_parts(
    channels: Vec<(String, bool)>,
    variants: Vec<VariantInput>,
) -> (Vec<ops::ProductChannelInput>, Vec<ops::ProductVariantInput>) {
    let channels = channels
        .into_iter()
        .map(|(channel, published)| ops::ProductChannelInput { channel, published })
        .collect();
    let variants = variants
        .into_iter()
        .map(|v| ops::ProductVariantInput {
            id: v.id,
            sku: v.sku,
            option_values: v.option_values,
            weight_grams: v.weight_grams,
            stock: v.stock,
            expected_stock: v.expected_stock,
            sell_when_out_of_stock: v.sell_when_out_of_stock,
            prices: v
                .prices
                .into_iter()
                .map(|p| ops::VariantPriceInput {
                    channel: p.channel,
                    amount: p.amount,
                    compare_at_amount: p.compare_at_amount,
                })
                .collect(),
            image: v.image,
        })
        .collect();
    (channels, variants)
}

/// Creates a product (all or nothing): `Ok(its ID)`, or the user errors if refused.
pub async fn product_create(
    session: Session,
    input: ProductInput,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts(input.channels, input.variants);
    let input = ops::ProductCreateInput {
        name: input.name,
        slug: input.slug,
        description: Some(input.description),
        status: Some(input.status),
        options: input.options,
        categories: input.categories,
        channels,
        variants,
        images: input.images,
    };
    let r = staff_call::<ops::ProductCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.product.map(|p| p.id), r.user_errors))
}

/// Saves every field of an existing product (its variants are the whole new set; rows with
/// an `id` keep their variant): `Ok(())`, or the user errors if refused.
pub async fn product_update(
    session: Session,
    id: String,
    input: ProductInput,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let (channels, variants) = product_parts(input.channels, input.variants);
    let input = ops::ProductUpdateInput {
        name: Some(input.name),
        slug: input.slug,
        description: Some(input.description),
        status: Some(input.status),
        options: Some(input.options),
        categories: Some(input.categories),
        channels: Some(channels),
        variants: Some(variants),
        images: Some(input.images),
    };
    let r = staff_call::<ops::ProductUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.product.map(|_| ()), r.user_errors))
}

/// Replaces a product's rich content: `Ok(())`, or the user errors if refused.
pub async fn product_content_update(
    session: Session,
    id: String,
    html: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let variables = ops::ContentVariables { id, html };
    let r = staff_call::<ops::ProductContentUpdate>(session, variables).await?;
    Ok(payload(r.product.map(|_| ()), r.user_errors))
}

/// A product as pickers and collections show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductSummaryItem {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub status: ProductStatus,
}

impl From<ops::ProductRef> for ProductSummaryItem {
    fn from(p: ops::ProductRef) -> Self {
        ProductSummaryItem {
            id: p.id,
            slug: p.slug,
            name: p.name,
            status: p.status,
        }
    }
}

/// Up to `first` products, newest first, whose name, slug or SKU contains `search`.
pub async fn product_search(
    session: Session,
    search: Option<String>,
    first: i64,
) -> Result<Vec<ProductSummaryItem>, ClientError> {
    let variables = ops::ProductSearchVariables {
        first,
        after: None,
        search,
    };
    let page = staff_call::<ops::ProductSearch>(session, variables).await?;
    Ok(page.nodes.into_iter().map(Into::into).collect())
}

/// The products with these IDs, in no particular order (a deleted one is left out): the newest
/// 100 in one call, then one call for each product not among them.
pub async fn product_summaries(
    session: Session,
    ids: &[String],
) -> Result<Vec<ProductSummaryItem>, ClientError> {
    let mut found: Vec<ProductSummaryItem> = if ids.is_empty() {
        Vec::new()
    } else {
        product_search(session, None, 100)
            .await?
            .into_iter()
            .filter(|p| ids.contains(&p.id))
            .collect()
    };
    for id in ids {
        if found.iter().any(|p| &p.id == id) {
            continue;
        }
        let variables = ops::Id { id: id.clone() };
        if let Some(p) = staff_call::<ops::ProductSummary>(session, variables).await? {
            found.push(p.into());
        }
    }
    Ok(found)
}

/// Creates a category, top-level or under `parent`: `Ok(its ID)`, or the user errors.
pub async fn category_create(
    session: Session,
    name: String,
    slug: Option<String>,
    parent: Option<String>,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let input = ops::CategoryInput {
        name: Some(name),
        slug,
        description: None,
        parent,
        make_root: false,
        position: None,
    };
    let r = staff_call::<ops::CategoryCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.category.map(|c| c.id), r.user_errors))
}

/// Where a saved category goes.
#[derive(Debug, Clone, PartialEq)]
pub enum CategoryParent {
    /// It stays where it is.
    Keep,
    /// It becomes a top-level category.
    Root,
    /// It moves under the category with this ID.
    Under(String),
}

/// Renames (`name`) and/or moves a category: `Ok(())`, or the user errors if refused.
pub async fn category_update(
    session: Session,
    id: String,
    name: Option<String>,
    parent: CategoryParent,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let (parent, make_root) = match parent {
        CategoryParent::Keep => (None, false),
        CategoryParent::Root => (None, true),
        CategoryParent::Under(p) => (Some(p), false),
    };
    let input = ops::CategoryInput {
        name,
        slug: None,
        description: None,
        parent,
        make_root,
        position: None,
    };
    let r = staff_call::<ops::CategoryUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.category.map(|_| ()), r.user_errors))
}

/// Deletes a category without subcategories: `Ok(())`, or the user errors if refused.
pub async fn category_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::CategoryDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}

/// The collections page: the viewer's permissions and every collection, featured ones first.
pub async fn collections_page(session: Session) -> Result<CollectionsPage, ClientError> {
    staff_call::<ops::CollectionsPage>(session, NoVariables {}).await
}

/// The product IDs of a collection, in its order; `None` when there is no such collection.
pub async fn collection_items(
    session: Session,
    id: &str,
) -> Result<Option<Vec<String>>, ClientError> {
    let collections = staff_call::<ops::CollectionItems>(session, NoVariables {}).await?;
    Ok(collections
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.product_ids))
}

/// Changes to a collection; `None` leaves a field as it is (`products` is the whole content,
/// in order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CollectionChange {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub featured: Option<bool>,
    pub products: Option<Vec<String>>,
}

impl From<CollectionChange> for ops::CollectionInput {
    fn from(change: CollectionChange) -> Self {
        ops::CollectionInput {
            name: change.name,
            slug: change.slug,
            description: None,
            featured: change.featured,
            products: change.products,
        }
    }
}

/// Creates a collection: `Ok(its ID)`, or the user errors if refused.
pub async fn collection_create(
    session: Session,
    change: CollectionChange,
) -> Result<Result<String, Vec<FieldError>>, ClientError> {
    let input = change.into();
    let r = staff_call::<ops::CollectionCreate>(session, ops::Input { input }).await?;
    Ok(payload(r.collection.map(|c| c.id), r.user_errors))
}

/// Changes a collection: `Ok(its product IDs after the change)`, or the user errors.
pub async fn collection_update(
    session: Session,
    id: String,
    change: CollectionChange,
) -> Result<Result<Vec<String>, Vec<FieldError>>, ClientError> {
    let input = change.into();
    let r = staff_call::<ops::CollectionUpdate>(session, ops::IdInput { id, input }).await?;
    Ok(payload(r.collection.map(|c| c.product_ids), r.user_errors))
}

/// Deletes a collection (its products stay): `Ok(())`, or the user errors if refused.
pub async fn collection_delete(
    session: Session,
    id: String,
) -> Result<Result<(), Vec<FieldError>>, ClientError> {
    let r = staff_call::<ops::CollectionDelete>(session, ops::Id { id }).await?;
    Ok(payload(r.deleted_id.map(|_| ()), r.user_errors))
}
