//! What shoppers browse: one channel's active, published products by category, collection or
//! search, filtered and sorted, a page at a time; and a product's page by its slug.
//!
//! A listing page costs a fixed number of statements whatever its size: the category tree or the
//! collection when filtered by them (one each), the page itself (one), its variants' prices and
//! stock (one), its categories (one), its images (one). A product page costs four.

use diesel::prelude::*;
use shared::{ChannelId, Currency};

use super::CatalogError;
use super::error::money;
use super::model::{
    Availability, Category, CategoryRow, ProductRow, ShopListItem, ShopVariant, VariantRow,
};
use crate::channel::Channel;
use crate::db::AnyConnection;
use crate::db::ids::{in_id_subquery, in_ids};
use crate::db::page::Page;
use crate::db::schema::{
    categories, collection_products, collections, product_categories, product_channel_listings,
    product_search_grams, product_variants, products, variant_channel_listings,
};
use crate::validation::{Violation, ViolationCode};

// SQL `lower()`, on both backends.
diesel::define_sql_function! {
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Longest search text accepted.
pub const SEARCH_MAX: usize = 100;
/// Words of a search that count (the rest are ignored).
pub const SEARCH_WORDS_MAX: usize = 8;

/// The order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductSort {
    /// Most recently created first.
    Newest,
    PriceAsc,
    PriceDesc,
    /// By name, in the database's collation.
    NameAsc,
    /// A collection's own order (only with a collection filter).
    Manual,
}

impl ProductSort {
    fn code(self) -> &'static str {
        match self {
            ProductSort::Newest => "n",
            ProductSort::PriceAsc => "pa",
            ProductSort::PriceDesc => "pd",
            ProductSort::NameAsc => "na",
            ProductSort::Manual => "m",
        }
    }
}

/// Which products to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrowseFilter {
    /// A category's slug: its products and those of every category below it.
    pub category: Option<String>,
    /// A collection's slug.
    pub collection: Option<String>,
    /// Words that must all appear in the product's name, in any order (case-insensitive;
    /// Korean works as typed).
    pub search: Option<String>,
    /// Lowest price, in minor units, inclusive.
    pub min_price: Option<i64>,
    /// Highest price, in minor units, inclusive.
    pub max_price: Option<i64>,
    /// Only products with at least one variant that can be bought now.
    pub in_stock: bool,
}

/// One listing request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowseRequest {
    pub filter: BrowseFilter,
    /// `None`: the collection's order with a collection filter, else newest first.
    pub sort: Option<ProductSort>,
    /// The cursor of the last item of the previous page (see `BrowsePage`).
    pub after: Option<String>,
    pub limit: usize,
}

/// Where a page ends: the sort value and ID of its last item.
#[derive(Debug, Clone, PartialEq)]
enum SortValue {
    Int(i64),
    Text(String),
}

/// One listing page: each item with the cursor that continues after it.
pub type BrowsePage = Page<(ShopListItem, String)>;

fn invalid(field: &[&str], code: ViolationCode, message: impl Into<String>) -> CatalogError {
    CatalogError::Invalid(vec![Violation::new(field, code, message)])
}

fn encode(sort: ProductSort, value: &SortValue, id: i64) -> String {
    match value {
        SortValue::Int(v) => format!("{}~{v}~{id}", sort.code()),
        SortValue::Text(t) => format!("{}~{t}~{id}", sort.code()),
    }
}

fn decode(sort: ProductSort, cursor: &str) -> Option<(SortValue, i64)> {
    let (code, rest) = cursor.split_once('~')?;
    let (value, id) = rest.rsplit_once('~')?;
    if code != sort.code() {
        return None;
    }
    let id = id.parse::<i64>().ok().filter(|i| *i > 0)?;
    let value = match sort {
        ProductSort::NameAsc => SortValue::Text(value.to_owned()),
        // Positions are 32-bit.
        ProductSort::Manual => SortValue::Int(i64::from(value.parse::<i32>().ok()?)),
        _ => SortValue::Int(value.parse().ok()?),
    };
    Some((value, id))
}

/// The escaped `LIKE` pattern matching names that contain `text`, lower-cased.
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// IDs of the category with `slug` and every category below it, from the whole tree.
fn category_and_descendants(tree: &[(i64, Option<i64>, String)], slug: &str) -> Option<Vec<i64>> {
    let root = tree.iter().find(|(_, _, s)| s == slug)?.0;
    let mut ids = vec![root];
    let mut i = 0;
    while i < ids.len() {
        let parent = ids[i];
        for (id, p, _) in tree {
            // Each category once, even if the tree were ever to hold a loop.
            if *p == Some(parent) && !ids.contains(id) {
                ids.push(*id);
            }
        }
        i += 1;
    }
    Some(ids)
}

/// The products of `channel` matching `request`, a page at a time.
pub fn browse(
    conn: &mut AnyConnection,
    channel: &Channel,
    request: &BrowseRequest,
) -> Result<BrowsePage, CatalogError> {
    let filter = &request.filter;
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(s) = search
        && s.chars().count() > SEARCH_MAX
    {
        return Err(invalid(
            &["filter", "search"],
            ViolationCode::TooLong,
            format!("search with at most {SEARCH_MAX} characters"),
        ));
    }
    for (name, v) in [
        ("minPrice", filter.min_price),
        ("maxPrice", filter.max_price),
    ] {
        if v.is_some_and(|v| v < 0) {
            return Err(invalid(
                &["filter", name],
                ViolationCode::OutOfRange,
                "a price cannot be negative",
            ));
        }
    }
    if let (Some(lo), Some(hi)) = (filter.min_price, filter.max_price)
        && lo > hi
    {
        return Err(invalid(
            &["filter", "maxPrice"],
            ViolationCode::OutOfRange,
            "the highest price must not be below the lowest",
        ));
    }
    let sort = request.sort.unwrap_or(if filter.collection.is_some() {
        ProductSort::Manual
    } else {
        ProductSort::Newest
    });
    let collection_id = match &filter.collection {
        Some(slug) => Some(
            collections::table
                .filter(collections::slug.eq(slug))
                .select(collections::id)
                .first::<i64>(conn)
                .optional()?
                .ok_or_else(|| {
                    invalid(
                        &["filter", "collection"],
                        ViolationCode::NotFound,
                        format!("there is no collection \"{slug}\""),
                    )
                })?,
        ),
        None if sort == ProductSort::Manual => {
            return Err(invalid(
                &["sort"],
                ViolationCode::Invalid,
                "MANUAL order exists only within a collection; filter by one",
            ));
        }
        None => None,
    };
    let category_ids = match &filter.category {
        Some(slug) => {
            let tree: Vec<(i64, Option<i64>, String)> = categories::table
                .select((categories::id, categories::parent_id, categories::slug))
                .load(conn)?;
            Some(category_and_descendants(&tree, slug).ok_or_else(|| {
                invalid(
                    &["filter", "category"],
                    ViolationCode::NotFound,
                    format!("there is no category \"{slug}\""),
                )
            })?)
        }
        None => None,
    };
    let after = match &request.after {
        Some(c) => Some(decode(sort, c).ok_or_else(|| {
            invalid(
                &["after"],
                ViolationCode::Invalid,
                "not a cursor of this listing and order; pass the endCursor of a previous page",
            )
        })?),
        None => None,
    };
    let ch = channel.id.key();

    macro_rules! filtered {
        ($base:expr) => {{
            let mut q = $base
                .filter(product_channel_listings::channel_id.eq(ch))
                .filter(product_channel_listings::published.eq(true))
                .filter(products::status.eq(super::ProductStatus::Active.as_str()))
                .into_boxed();
            if let Some(ids) = &category_ids {
                q = q.filter(
                    products::id.eq_any(
                        product_categories::table
                            .filter(in_ids(product_categories::category_id, ids))
                            .select(product_categories::product_id),
                    ),
                );
            }
            // Every word must appear in the name, in any order: the search index gives the
            // products that can hold it, the name decides.
            for word in search
                .iter()
                .flat_map(|s| s.split_whitespace())
                .take(SEARCH_WORDS_MAX)
            {
                if let Some(gram) = super::search::word_gram(word) {
                    q = q.filter(in_id_subquery(
                        products::id,
                        product_search_grams::table
                            .filter(product_search_grams::gram.eq(gram))
                            .select(product_search_grams::product_id),
                    ));
                }
                q = q.filter(
                    lower(products::name)
                        .like(contains_pattern(word))
                        .escape('\\'),
                );
            }
            if let Some(lo) = filter.min_price {
                q = q.filter(product_channel_listings::price_amount.ge(lo));
            }
            if let Some(hi) = filter.max_price {
                q = q.filter(product_channel_listings::price_amount.le(hi));
            }
            if filter.in_stock {
                // Asked of each product the page reads (its variants by the product index), not
                // a list of every in-stock product built first.
                q = q.filter(diesel::dsl::exists(
                    product_variants::table
                        .inner_join(variant_channel_listings::table)
                        .filter(product_variants::product_id.eq(products::id))
                        .filter(variant_channel_listings::channel_id.eq(ch))
                        .filter(
                            product_variants::stock_quantity
                                .gt(0)
                                .or(product_variants::sell_when_out_of_stock.eq(true)),
                        ),
                ));
            }
            q
        }};
    }

    let fetch = i64::try_from(request.limit).unwrap_or(100) + 1;
    // The plain bound (`>=` / `<=`) lets the database start from the index; the rest picks
    // the rows after the cursor among equal values.
    macro_rules! keyset {
        ($q:ident, $col:expr, $v:expr, $id:expr, $asc:expr) => {{
            let v = $v;
            if $asc {
                $q = $q.filter($col.ge(v.clone())).filter(
                    $col.gt(v.clone())
                        .or($col.eq(v).and(product_channel_listings::product_id.gt($id))),
                );
            } else {
                $q = $q.filter($col.le(v.clone())).filter(
                    $col.lt(v.clone())
                        .or($col.eq(v).and(product_channel_listings::product_id.lt($id))),
                );
            }
        }};
    }
    // (row, price, sort value)
    let rows: Vec<(ProductRow, i64, SortValue)> = if let Some(cid) = collection_id {
        let mut q = filtered!(
            products::table
                .inner_join(product_channel_listings::table)
                .inner_join(collection_products::table)
                .filter(collection_products::collection_id.eq(cid))
        );
        match (&after, sort) {
            (Some((SortValue::Int(v), id)), ProductSort::Manual) => {
                keyset!(q, collection_products::position, *v as i32, *id, true)
            }
            (Some((SortValue::Int(_), id)), ProductSort::Newest) => {
                q = q.filter(products::id.lt(*id));
            }
            (Some((SortValue::Int(v), id)), ProductSort::PriceAsc) => {
                keyset!(q, product_channel_listings::price_amount, *v, *id, true)
            }
            (Some((SortValue::Int(v), id)), ProductSort::PriceDesc) => {
                keyset!(q, product_channel_listings::price_amount, *v, *id, false)
            }
            (Some((SortValue::Text(v), id)), ProductSort::NameAsc) => {
                keyset!(q, products::name, v.clone(), *id, true)
            }
            _ => {}
        }
        let q = match sort {
            ProductSort::Manual => {
                q.order((collection_products::position.asc(), products::id.asc()))
            }
            ProductSort::Newest => q.order(products::id.desc()),
            ProductSort::PriceAsc => q.order((
                product_channel_listings::price_amount.asc(),
                products::id.asc(),
            )),
            ProductSort::PriceDesc => q.order((
                product_channel_listings::price_amount.desc(),
                products::id.desc(),
            )),
            ProductSort::NameAsc => q.order((products::name.asc(), products::id.asc())),
        };
        q.select((
            ProductRow::as_select(),
            product_channel_listings::price_amount,
            collection_products::position,
        ))
        .limit(fetch)
        .load::<(ProductRow, i64, i32)>(conn)?
        .into_iter()
        .map(|(row, price, position)| {
            let value = sort_value(sort, &row, price, Some(position));
            (row, price, value)
        })
        .collect()
    } else {
        let mut q = filtered!(products::table.inner_join(product_channel_listings::table));
        match (&after, sort) {
            // Ordered by the listing's copy of the product ID: the channel's listing index
            // (channel, product) then yields the newest first and the database stops after one
            // page, where ordering by `products.id` read every listing of the channel and sorted.
            (Some((SortValue::Int(_), id)), ProductSort::Newest) => {
                q = q.filter(product_channel_listings::product_id.lt(*id));
            }
            (Some((SortValue::Int(v), id)), ProductSort::PriceAsc) => {
                keyset!(q, product_channel_listings::price_amount, *v, *id, true)
            }
            (Some((SortValue::Int(v), id)), ProductSort::PriceDesc) => {
                keyset!(q, product_channel_listings::price_amount, *v, *id, false)
            }
            (Some((SortValue::Text(v), id)), ProductSort::NameAsc) => {
                keyset!(q, products::name, v.clone(), *id, true)
            }
            _ => {}
        }
        let q = match sort {
            ProductSort::Newest | ProductSort::Manual => {
                q.order(product_channel_listings::product_id.desc())
            }
            // The channel's price index (channel, price, product) yields these in order.
            ProductSort::PriceAsc => q.order((
                product_channel_listings::price_amount.asc(),
                product_channel_listings::product_id.asc(),
            )),
            ProductSort::PriceDesc => q.order((
                product_channel_listings::price_amount.desc(),
                product_channel_listings::product_id.desc(),
            )),
            ProductSort::NameAsc => q.order((products::name.asc(), products::id.asc())),
        };
        q.select((
            ProductRow::as_select(),
            product_channel_listings::price_amount,
        ))
        .limit(fetch)
        .load::<(ProductRow, i64)>(conn)?
        .into_iter()
        .map(|(row, price)| {
            let value = sort_value(sort, &row, price, None);
            (row, price, value)
        })
        .collect()
    };
    let has_next = rows.len() > request.limit;
    let rows: Vec<_> = rows.into_iter().take(request.limit).collect();
    let ids: Vec<i64> = rows.iter().map(|(r, _, _)| r.id).collect();
    let variants = variant_prices(conn, channel.id, &ids)?;
    let categories = categories_of(conn, &ids)?;
    let images = crate::media::service::of_products(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|(row, price, value)| {
            let cursor = encode(sort, &value, row.id);
            let item = list_item(
                row,
                price,
                channel.currency,
                &variants,
                &categories,
                &images,
            )?;
            Ok((item, cursor))
        })
        .collect::<Result<Vec<_>, CatalogError>>()?;
    Ok(Page { items, has_next })
}

fn sort_value(sort: ProductSort, row: &ProductRow, price: i64, position: Option<i32>) -> SortValue {
    match sort {
        // IDs grow with creation: the newest product has the highest.
        ProductSort::Newest => SortValue::Int(row.id),
        ProductSort::PriceAsc | ProductSort::PriceDesc => SortValue::Int(price),
        ProductSort::NameAsc => SortValue::Text(row.name.clone()),
        ProductSort::Manual => SortValue::Int(i64::from(position.unwrap_or(0))),
    }
}

/// (product id, variant row, price, compare-at) of every variant of `products` priced in the
/// channel, in variant order: one statement.
type PricedVariant = (VariantRow, i64, Option<i64>);

fn variant_prices(
    conn: &mut AnyConnection,
    channel: ChannelId,
    products: &[i64],
) -> Result<Vec<PricedVariant>, CatalogError> {
    Ok(product_variants::table
        .inner_join(variant_channel_listings::table)
        .filter(variant_channel_listings::channel_id.eq(channel.key()))
        .filter(in_ids(product_variants::product_id, products))
        .select((
            VariantRow::as_select(),
            variant_channel_listings::price_amount,
            variant_channel_listings::compare_at_amount,
        ))
        .order((
            product_variants::product_id,
            product_variants::position,
            product_variants::id,
        ))
        .load(conn)?)
}

/// The categories of `products`, each with its product's ID: one statement.
fn categories_of(
    conn: &mut AnyConnection,
    products: &[i64],
) -> Result<Vec<(i64, CategoryRow)>, CatalogError> {
    Ok(categories::table
        .inner_join(product_categories::table)
        .filter(in_ids(product_categories::product_id, products))
        .select((product_categories::product_id, CategoryRow::as_select()))
        .order((categories::position, categories::id))
        .load(conn)?)
}

fn list_item(
    row: ProductRow,
    price: i64,
    currency: Currency,
    variants: &[PricedVariant],
    categories: &[(i64, CategoryRow)],
    images: &[(i64, crate::media::Media)],
) -> Result<ShopListItem, CatalogError> {
    let own: Vec<&PricedVariant> = variants
        .iter()
        .filter(|(v, _, _)| v.product_id == row.id)
        .collect();
    let compare_at = own
        .iter()
        .min_by_key(|(_, p, _)| *p)
        .and_then(|(_, _, c)| *c)
        .map(|c| money(c, currency, &row.slug))
        .transpose()?;
    let variants = own
        .iter()
        .map(|(v, price, compare_at)| {
            Ok(ShopVariant {
                id: shared::VariantId(v.id),
                sku: v.sku.clone(),
                option_values: serde_json::from_str(&v.option_values).unwrap_or_default(),
                weight_grams: v.weight_grams,
                price: money(*price, currency, &v.sku)?,
                compare_at: compare_at.map(|c| money(c, currency, &v.sku)).transpose()?,
                availability: Availability::of(v.stock_quantity, v.sell_when_out_of_stock),
                image: v.image_id.map(shared::MediaId),
            })
        })
        .collect::<Result<Vec<_>, CatalogError>>()?;
    Ok(ShopListItem {
        price: money(price, currency, &row.slug)?,
        compare_at,
        available: variants.iter().any(|v| v.availability.purchasable()),
        variants,
        categories: categories
            .iter()
            .filter(|(p, _)| *p == row.id)
            .map(|(_, c)| Category::from(c.clone()))
            .collect(),
        images: images
            .iter()
            .filter(|(p, _)| *p == row.id)
            .map(|(_, m)| m.clone())
            .collect(),
        product: row.into(),
    })
}

/// The page of the product with `slug`, if it is active and published in `channel`: four
/// statements.
pub fn product_by_slug(
    conn: &mut AnyConnection,
    channel: &Channel,
    slug: &str,
) -> Result<Option<ShopListItem>, CatalogError> {
    let found: Option<(ProductRow, i64)> = products::table
        .inner_join(product_channel_listings::table)
        .filter(products::slug.eq(slug))
        .filter(product_channel_listings::channel_id.eq(channel.id.key()))
        .filter(product_channel_listings::published.eq(true))
        .filter(products::status.eq(super::ProductStatus::Active.as_str()))
        .select((
            ProductRow::as_select(),
            product_channel_listings::price_amount,
        ))
        .first(conn)
        .optional()?;
    let Some((row, price)) = found else {
        return Ok(None);
    };
    let variants = variant_prices(conn, channel.id, &[row.id])?;
    let categories = categories_of(conn, &[row.id])?;
    let images = crate::media::service::of_products(conn, &[row.id])?;
    Ok(Some(list_item(
        row,
        price,
        channel.currency,
        &variants,
        &categories,
        &images,
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_belong_to_their_order() {
        let c = encode(ProductSort::NameAsc, &SortValue::Text("a~b".into()), 7);
        assert_eq!(
            decode(ProductSort::NameAsc, &c),
            Some((SortValue::Text("a~b".into()), 7))
        );
        assert_eq!(decode(ProductSort::PriceAsc, &c), None);
        let c = encode(ProductSort::PriceDesc, &SortValue::Int(12_900), 3);
        assert_eq!(
            decode(ProductSort::PriceDesc, &c),
            Some((SortValue::Int(12_900), 3))
        );
        for bad in ["", "pd", "pd~1", "pd~x~3", "pd~1~-3", "pd~1~0"] {
            assert_eq!(decode(ProductSort::PriceDesc, bad), None, "{bad}");
        }
    }

    #[test]
    fn search_patterns_match_literally() {
        assert_eq!(contains_pattern("쉐이크"), "%쉐이크%");
        assert_eq!(contains_pattern("100%_A"), "%100\\%\\_a%");
    }

    #[test]
    fn a_category_covers_its_subtree() {
        let tree = vec![
            (1, None, "meal".to_owned()),
            (2, Some(1), "rice".to_owned()),
            (3, Some(2), "brown-rice".to_owned()),
            (4, None, "snack".to_owned()),
        ];
        assert_eq!(category_and_descendants(&tree, "meal"), Some(vec![1, 2, 3]));
        assert_eq!(category_and_descendants(&tree, "snack"), Some(vec![4]));
        assert_eq!(category_and_descendants(&tree, "none"), None);
    }
}
