//! What the storefront's catalog pages show, for their server-rendered first response
//! (`http::shell`): the same domain queries the Shop API answers with, so the page a crawler
//! reads and the page the app draws cannot disagree. Every page has the category tree (the
//! header's navigation), the seller details (the footer) and a fixed number of statements,
//! whatever the catalog's size: home a listing per featured collection besides its own (17 with
//! the demo's three), category 7, collection 8, search 6, product 6.

use super::browse::{self, BrowseFilter, BrowseRequest, ProductSort};
use super::model::{Category, Collection};
use super::{CatalogError, ShopListItem, taxonomy};
use crate::channel::Channel;
use crate::channel::seller::{self, Seller};
use crate::db::AnyConnection;

/// Products a listing page's first response holds: the app's first page.
pub const LISTING_SIZE: usize = 24;
/// Products of each featured collection on the home page (as the app shows them).
pub const HOME_COLLECTION_SIZE: usize = 8;

/// A storefront route that shows catalog data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Category(String),
    Collection(String),
    Search(String),
    Product(String),
}

impl Route {
    /// The route of a storefront path and query string (`None`: not a catalog page).
    pub fn parse(path: &str, query: &str) -> Option<Route> {
        let segment = |prefix: &str| {
            let raw = path.strip_prefix(prefix)?;
            let slug = percent_encoding::percent_decode_str(raw)
                .decode_utf8()
                .ok()?
                .into_owned();
            (!slug.is_empty() && !slug.contains('/') && slug.len() <= 300).then_some(slug)
        };
        match path {
            "/" => Some(Route::Home),
            "/search" => {
                let q = url::form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "q")
                    .map(|(_, v)| v.trim().to_owned())
                    .unwrap_or_default();
                Some(Route::Search(q))
            }
            _ => segment("/products/")
                .map(Route::Product)
                .or_else(|| segment("/category/").map(Route::Category))
                .or_else(|| segment("/collections/").map(Route::Collection)),
        }
    }
}

/// A catalog page's data.
#[derive(Debug, Clone)]
pub enum Page {
    Home {
        /// The featured collections with their first products, in their own order.
        collections: Vec<(Collection, Vec<ShopListItem>)>,
        /// The newest products.
        items: Vec<ShopListItem>,
        /// Whether more products follow `items`.
        more: bool,
    },
    Category {
        /// From the top-level category down to this one.
        trail: Vec<Category>,
        items: Vec<ShopListItem>,
        /// Whether more products follow `items`.
        more: bool,
    },
    Collection {
        collection: Collection,
        items: Vec<ShopListItem>,
        more: bool,
    },
    Search {
        query: String,
        /// `None` when the search itself was refused (too long): the page without results.
        items: Option<Vec<ShopListItem>>,
        /// More results follow the first page.
        more: bool,
    },
    Product(Box<ShopListItem>),
}

/// A catalog page with what every page shows around it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The whole category tree, in display order.
    pub categories: Vec<Category>,
    /// Who sells here (the footer).
    pub seller: Seller,
    pub page: Page,
}

/// The page of `route` in `channel`; `None` when its slug names nothing on sale there.
pub fn load(
    conn: &mut AnyConnection,
    channel: &Channel,
    route: &Route,
) -> Result<Option<Loaded>, CatalogError> {
    let tree = taxonomy::categories(conn)?;
    let Some(page) = load_page(conn, channel, route, &tree)? else {
        return Ok(None);
    };
    Ok(Some(Loaded {
        categories: tree,
        seller: seller::get(conn, channel.id.key())?,
        page,
    }))
}

/// The first page of a listing, and whether more follow.
fn first_page(
    conn: &mut AnyConnection,
    channel: &Channel,
    filter: BrowseFilter,
    sort: Option<ProductSort>,
    limit: usize,
) -> Result<(Vec<ShopListItem>, bool), CatalogError> {
    let request = BrowseRequest {
        filter,
        sort,
        after: None,
        limit,
    };
    let page = browse::browse(conn, channel, &request)?;
    Ok((
        page.items.into_iter().map(|(item, _)| item).collect(),
        page.has_next,
    ))
}

fn load_page(
    conn: &mut AnyConnection,
    channel: &Channel,
    route: &Route,
    tree: &[Category],
) -> Result<Option<Page>, CatalogError> {
    Ok(Some(match route {
        Route::Home => {
            let featured = taxonomy::collections(conn, true)?;
            let mut collections = Vec::with_capacity(featured.len());
            for collection in featured {
                let filter = BrowseFilter {
                    collection: Some(collection.slug.clone()),
                    ..BrowseFilter::default()
                };
                let (items, _) = first_page(conn, channel, filter, None, HOME_COLLECTION_SIZE)?;
                collections.push((collection, items));
            }
            let (items, more) = first_page(
                conn,
                channel,
                BrowseFilter::default(),
                Some(ProductSort::Newest),
                LISTING_SIZE,
            )?;
            Page::Home {
                collections,
                items,
                more,
            }
        }
        Route::Search(query) if query.is_empty() => Page::Search {
            query: String::new(),
            items: None,
            more: false,
        },
        Route::Search(query) => {
            let filter = BrowseFilter {
                search: Some(query.clone()),
                ..BrowseFilter::default()
            };
            let (items, more) = match first_page(conn, channel, filter, None, LISTING_SIZE) {
                Ok((items, more)) => (Some(items), more),
                Err(CatalogError::Invalid(_)) => (None, false),
                Err(e) => return Err(e),
            };
            Page::Search {
                query: query.clone(),
                items,
                more,
            }
        }
        Route::Category(slug) => {
            let Some(trail) = trail(tree, slug) else {
                return Ok(None);
            };
            let filter = BrowseFilter {
                category: Some(slug.clone()),
                ..BrowseFilter::default()
            };
            let (items, more) = first_page(conn, channel, filter, None, LISTING_SIZE)?;
            Page::Category { trail, items, more }
        }
        Route::Collection(slug) => {
            let Some(collection) = taxonomy::collection_by_slug(conn, slug)? else {
                return Ok(None);
            };
            let filter = BrowseFilter {
                collection: Some(slug.clone()),
                ..BrowseFilter::default()
            };
            let (items, more) = first_page(conn, channel, filter, None, LISTING_SIZE)?;
            Page::Collection {
                collection,
                items,
                more,
            }
        }
        Route::Product(slug) => match browse::product_by_slug(conn, channel, slug)? {
            Some(item) => Page::Product(Box::new(item)),
            None => return Ok(None),
        },
    }))
}

/// The categories from the top of the tree down to the one with `slug`.
pub fn trail(tree: &[Category], slug: &str) -> Option<Vec<Category>> {
    let mut at = tree.iter().find(|c| c.slug == slug)?;
    let mut trail = vec![at.clone()];
    while let Some(parent) = at.parent_id {
        // A loop in the tree (which the editor prevents) ends the trail instead of spinning.
        match tree.iter().find(|c| c.id == parent) {
            Some(p) if !trail.iter().any(|t| t.id == p.id) => {
                trail.push(p.clone());
                at = p;
            }
            _ => break,
        }
    }
    trail.reverse();
    Some(trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storefront_paths_are_routes() {
        assert_eq!(Route::parse("/", ""), Some(Route::Home));
        assert_eq!(
            Route::parse("/search", "q=%EB%B3%B4%EB%A6%AC+%EC%B0%A8&sort=x"),
            Some(Route::Search("보리 차".into()))
        );
        assert_eq!(
            Route::parse("/search", ""),
            Some(Route::Search(String::new()))
        );
        assert_eq!(
            Route::parse("/products/%EB%B3%B4%EB%A6%AC%EC%B0%A8", ""),
            Some(Route::Product("보리차".into()))
        );
        assert_eq!(
            Route::parse("/category/meal", ""),
            Some(Route::Category("meal".into()))
        );
        assert_eq!(
            Route::parse("/collections/best", ""),
            Some(Route::Collection("best".into()))
        );
        for other in [
            "/cart",
            "/products/",
            "/products/a/b",
            "/category/%FF",
            "/account",
        ] {
            assert_eq!(Route::parse(other, ""), None, "{other}");
        }
        assert_eq!(
            Route::parse(&format!("/products/{}", "a".repeat(301)), ""),
            None
        );
    }
}
