//! Catalog types both APIs share. Each API's `Product` merges these common fields with its own
//! (the shop's price in its channel, or staff's per-channel listings), so the shared fields are
//! written once and stay identical in both schemas.

use async_graphql::{Context, ID, Object};

use crate::catalog;

/// The fields of a product that every API shows.
pub struct ProductFields(pub catalog::Product);

#[Object]
impl ProductFields {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe unique name, stable over time.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Rich detail content as HTML, cleaned on save by an allow-list (no scripts, event handlers,
    /// frames or foreign images; inline styles only `text-align`): safe to insert as HTML.
    async fn content_html(&self) -> &str {
        &self.0.content_html
    }

    /// Names of the product's options, in order (e.g. `["맛", "구성"]`); each variant gives
    /// one value per option in `optionValues`. Empty for a product with a single variant.
    async fn options(&self) -> &[String] {
        &self.0.option_names
    }

    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at.and_utc()
    }

    /// When the product last changed (for sitemaps and caches).
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at.and_utc()
    }
}

/// A node of the category tree (a flat list: build the tree from `parentId`).
pub struct Category(pub catalog::model::Category);

#[Object]
impl Category {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe unique name, stable over time.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The category above this one; `null` for a top-level category.
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|p| ID(p.to_string()))
    }

    /// Place among its siblings (lower first).
    async fn position(&self) -> i32 {
        self.0.position
    }

    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at.and_utc()
    }
}

/// The fields of a collection that every API shows. List its products with
/// `products(filter: { collection: slug })` (the Shop API) or `productIds` (the Admin API).
pub struct CollectionFields(pub catalog::model::Collection);

#[Object]
impl CollectionFields {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe unique name, stable over time.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Shown on the shop's home page.
    async fn featured(&self) -> bool {
        self.0.featured
    }

    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at.and_utc()
    }
}

/// The user errors of a failed catalog operation, or the unexpected error. `not_found` names
/// the argument that pointed at nothing (e.g. `id`).
pub fn user_errors(
    arg: &str,
    not_found: &str,
    error: catalog::CatalogError,
) -> Result<Vec<crate::graphql::error::UserError>, catalog::CatalogError> {
    use crate::graphql::error::{UserError, UserErrorCode};
    match error {
        catalog::CatalogError::Invalid(v) => Ok(v
            .into_iter()
            .map(|v| UserError::from_violation(arg, v))
            .collect()),
        catalog::CatalogError::NotFound => Ok(vec![UserError::new(
            &[not_found],
            UserErrorCode::NotFound,
            "there is nothing with this ID; it may have been deleted",
        )]),
        e => Err(e),
    }
}

/// Which copy of an image to load.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSize {
    /// At most 240 px on its longest side (JPEG).
    Thumbnail,
    /// At most 600 px (JPEG): product cards.
    Listing,
    /// At most 1400 px (JPEG): the product page.
    Detail,
    /// The uploaded file.
    Original,
}

impl ImageSize {
    fn size(self) -> Option<crate::media::imaging::Size> {
        use crate::media::imaging::Size;
        match self {
            ImageSize::Thumbnail => Some(Size::Thumbnail),
            ImageSize::Listing => Some(Size::Listing),
            ImageSize::Detail => Some(Size::Detail),
            ImageSize::Original => None,
        }
    }
}

/// An image. Sized copies are made in the background after an upload; until they exist every
/// size's URL is the original's.
pub struct Image(pub crate::media::Media);

#[Object]
impl Image {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Text for people who cannot see the image.
    async fn alt(&self) -> &str {
        &self.0.alt
    }

    /// Width of the original in pixels.
    async fn width(&self) -> i32 {
        self.0.width
    }

    /// Height of the original in pixels.
    async fn height(&self) -> i32 {
        self.0.height
    }

    /// URL of one size (absolute when a public base URL or CDN is configured).
    async fn url(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "ImageSize::Detail")] size: ImageSize,
    ) -> String {
        let store = ctx.data_unchecked::<std::sync::Arc<crate::media::MediaStore>>();
        store.storage.url(&self.0.key(size.size()))
    }
}
