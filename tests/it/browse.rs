//! Shoppers browse one shop's catalog: by category (with its subcategories), collection (in its
//! manual order) or search, filtered by price and stock, sorted, a page at a time. Staff shape
//! the category tree and collections.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

use crate::catalog_edit::category_id;

const LIST: &str = "query($first: Int, $after: String, $f: ProductFilter, $s: ProductSort) {
    products(first: $first, after: $after, filter: $f, sort: $s) {
      nodes { slug name price { amount } available }
      pageInfo { hasNextPage endCursor } } }";

/// Every product of a listing, walking pages of `size`.
async fn walk(app: &TestApp, size: i64, filter: Value, sort: Option<&str>) -> Vec<Value> {
    let mut all = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let body = app
            .shop(
                LIST,
                json!({ "first": size, "after": after, "f": filter, "s": sort }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let conn = &body["data"]["products"];
        all.extend(conn["nodes"].as_array().unwrap().iter().cloned());
        if conn["pageInfo"]["hasNextPage"] == json!(false) {
            return all;
        }
        after = Some(conn["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
        assert!(all.len() < 1000, "pagination does not end");
    }
}

fn slugs(list: &[Value]) -> Vec<&str> {
    list.iter().map(|p| p["slug"].as_str().unwrap()).collect()
}

fn prices(list: &[Value]) -> Vec<i64> {
    list.iter()
        .map(|p| p["price"]["amount"].as_i64().unwrap())
        .collect()
}

async fn error_of(app: &TestApp, vars: Value) -> (String, String) {
    let body = app.shop(LIST, vars).await;
    let e = &body["errors"][0];
    (
        e["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned(),
        e["extensions"]["field"].as_str().unwrap_or("").to_owned(),
    )
}

backend_tests! {
    /// Each order visits every product once, sorted, whatever the page size.
    async fn sorted_listings_paginate_exactly(app) {
        let newest = walk(&app, 100, json!({}), None).await;
        assert_eq!(newest.len(), 14);
        for sort in ["NEWEST", "PRICE_ASC", "PRICE_DESC", "NAME_ASC"] {
            let whole = walk(&app, 100, json!({}), Some(sort)).await;
            for size in [1, 3, 5] {
                assert_eq!(slugs(&walk(&app, size, json!({}), Some(sort)).await), slugs(&whole), "{sort} by {size}");
            }
            match sort {
                "PRICE_ASC" => assert!(prices(&whole).is_sorted(), "{:?}", prices(&whole)),
                "PRICE_DESC" => assert!(prices(&whole).iter().rev().is_sorted()),
                "NAME_ASC" => {
                    let names: Vec<&str> = whole.iter().map(|p| p["name"].as_str().unwrap()).collect();
                    assert!(names.is_sorted(), "{names:?}");
                }
                _ => assert_eq!(slugs(&whole), slugs(&newest)),
            }
        }
        // Equal prices (two products at 9,900 and 9,800 apart) still page without loss.
        let cheap = walk(&app, 1, json!({ "maxPrice": 10000 }), Some("PRICE_ASC")).await;
        assert_eq!(prices(&cheap), vec![7500, 8900, 9800, 9900]);
    }

    /// Filters narrow the list; a category includes its subcategories.
    async fn filters_narrow_the_listing(app) {
        let all = walk(&app, 100, json!({}), None).await;
        let band = walk(&app, 100, json!({ "minPrice": 10000, "maxPrice": 20000 }), None).await;
        assert!(!band.is_empty() && prices(&band).iter().all(|p| (10000..=20000).contains(p)));
        assert_eq!(band.len(), prices(&all).iter().filter(|p| (10000..=20000).contains(*p)).count());

        let in_stock = walk(&app, 100, json!({ "inStock": true }), None).await;
        assert_eq!(in_stock.len(), 13, "the granola is sold out");
        assert!(!slugs(&in_stock).contains(&"oat-granola"));
        let granola = all.iter().find(|p| p["slug"] == "oat-granola").unwrap();
        assert_eq!(granola["available"], false);

        // "meal" holds "shakes" and "ready-meals".
        let meal = walk(&app, 100, json!({ "category": "meal" }), None).await;
        let shakes = walk(&app, 100, json!({ "category": "shakes" }), None).await;
        let ready = walk(&app, 100, json!({ "category": "ready-meals" }), None).await;
        assert!(shakes.len() >= 2 && ready.len() >= 2);
        for p in shakes.iter().chain(&ready) {
            assert!(slugs(&meal).contains(&p["slug"].as_str().unwrap()));
        }
        let combined = walk(&app, 100, json!({ "category": "shakes", "search": "쉐이크", "inStock": true }), None).await;
        assert_eq!(slugs(&combined).len(), 2, "{combined:?}");
        assert!(slugs(&combined).contains(&"fiber-shake-banana"));
    }

    /// Bad listing arguments are typed errors naming the argument.
    async fn bad_listing_arguments_name_their_field(app) {
        assert_eq!(error_of(&app, json!({ "f": { "category": "nope" } })).await, ("BAD_USER_INPUT".into(), "filter.category".into()));
        assert_eq!(error_of(&app, json!({ "f": { "collection": "nope" } })).await, ("BAD_USER_INPUT".into(), "filter.collection".into()));
        assert_eq!(error_of(&app, json!({ "s": "MANUAL" })).await, ("BAD_USER_INPUT".into(), "sort".into()));
        assert_eq!(error_of(&app, json!({ "f": { "minPrice": 5000, "maxPrice": 100 } })).await, ("BAD_USER_INPUT".into(), "filter.maxPrice".into()));
        assert_eq!(error_of(&app, json!({ "f": { "minPrice": -1 } })).await, ("BAD_USER_INPUT".into(), "filter.minPrice".into()));
        assert_eq!(error_of(&app, json!({ "f": { "search": "가".repeat(101) } })).await, ("BAD_USER_INPUT".into(), "filter.search".into()));
        assert_eq!(error_of(&app, json!({ "first": 101 })).await, ("BAD_USER_INPUT".into(), "first".into()));
        // A cursor of another order is not accepted.
        let body = app.shop(LIST, json!({ "first": 1, "s": "PRICE_ASC" })).await;
        let cursor = body["data"]["products"]["pageInfo"]["endCursor"].clone();
        assert_eq!(error_of(&app, json!({ "after": cursor, "s": "NAME_ASC" })).await, ("BAD_USER_INPUT".into(), "after".into()));
        assert_eq!(error_of(&app, json!({ "after": "bm9wZQ" })).await, ("BAD_USER_INPUT".into(), "after".into()));
        // Search text is literal, not a pattern.
        assert!(walk(&app, 100, json!({ "search": "%" }), None).await.is_empty());
        assert!(walk(&app, 100, json!({ "search": "_" }), None).await.is_empty());
    }

    /// A collection lists its products in the order staff set, paged; the home page asks for
    /// featured collections.
    async fn collections_keep_their_manual_order(app) {
        let featured = app.shop("{ collections(featured: true) { slug name featured } }", json!({})).await;
        assert_eq!(featured["data"]["collections"].as_array().unwrap().len(), 2, "{featured}");
        let ids = app.admin("{ products(first: 100, search: \"단백질\") { nodes { id slug } } }", json!({})).await;
        let nodes = ids["data"]["products"]["nodes"].as_array().unwrap().clone();
        let pick = |slug: &str| nodes.iter().find(|n| n["slug"] == slug).unwrap()["id"].clone();
        let order = ["protein-bar-peanut", "protein-shake-chocolate", "whey-protein-isolate"];
        let body = app.admin(
            "mutation($i: CollectionInput!) { collectionCreate(input: $i) { collection { id slug productIds } userErrors { field code } } }",
            json!({ "i": { "name": "봄 단백질 특가", "slug": "spring-protein", "products": order.iter().map(|s| pick(s)).collect::<Vec<_>>() } }),
        ).await;
        assert_eq!(body["data"]["collectionCreate"]["userErrors"], json!([]), "{body}");
        assert_eq!(body["data"]["collectionCreate"]["collection"]["productIds"].as_array().unwrap().len(), 3);
        // The whey powder is not sold in the main shop: the collection shows the other two there.
        let listed = walk(&app, 1, json!({ "collection": "spring-protein" }), None).await;
        assert_eq!(slugs(&listed), vec!["protein-bar-peanut", "protein-shake-chocolate"]);
        let by_price = walk(&app, 100, json!({ "collection": "spring-protein" }), Some("PRICE_DESC")).await;
        assert_eq!(slugs(&by_price), vec!["protein-shake-chocolate", "protein-bar-peanut"]);
        // Reorder; unknown and repeated products are refused without a change.
        let id = body["data"]["collectionCreate"]["collection"]["id"].clone();
        let update = "mutation($id: ID!, $i: CollectionInput!) { collectionUpdate(id: $id, input: $i) { collection { productIds } userErrors { field code } } }";
        let body = app.admin(update, json!({ "id": id, "i": { "products": [pick("protein-shake-chocolate"), "gid://jangteo/Product/999999"] } })).await;
        assert_eq!(body["data"]["collectionUpdate"]["userErrors"], json!([{ "field": ["input", "products", "1"], "code": "NOT_FOUND" }]));
        let body = app.admin(update, json!({ "id": id, "i": { "products": [pick("protein-shake-chocolate"), pick("protein-shake-chocolate")] } })).await;
        assert_eq!(body["data"]["collectionUpdate"]["userErrors"], json!([{ "field": ["input", "products", "1"], "code": "TAKEN" }]));
        assert_eq!(slugs(&walk(&app, 100, json!({ "collection": "spring-protein" }), None).await), vec!["protein-bar-peanut", "protein-shake-chocolate"]);
        let body = app.admin(update, json!({ "id": id, "i": { "products": [pick("protein-shake-chocolate"), pick("protein-bar-peanut")] } })).await;
        assert_eq!(body["data"]["collectionUpdate"]["userErrors"], json!([]));
        assert_eq!(slugs(&walk(&app, 100, json!({ "collection": "spring-protein" }), None).await), vec!["protein-shake-chocolate", "protein-bar-peanut"]);
        let body = app.admin("mutation($i: CollectionInput!) { collectionCreate(input: $i) { userErrors { field code } } }", json!({ "i": { "name": "중복", "slug": "spring-protein" } })).await;
        assert_eq!(body["data"]["collectionCreate"]["userErrors"], json!([{ "field": ["input", "slug"], "code": "TAKEN" }]));
        // Without a slug one is made from the name, free of the ones taken.
        for expected in ["봄-단백질-특가", "봄-단백질-특가-2"] {
            let body = app.admin("mutation($i: CollectionInput!) { collectionCreate(input: $i) { collection { slug } userErrors { code } } }", json!({ "i": { "name": "봄 단백질 특가" } })).await;
            assert_eq!(body["data"]["collectionCreate"]["collection"]["slug"], expected, "{body}");
        }
        let body = app.admin("mutation($id: ID!) { collectionDelete(id: $id) { deletedId userErrors { code } } }", json!({ "id": id })).await;
        assert_eq!(body["data"]["collectionDelete"]["deletedId"], id);
        assert_eq!(error_of(&app, json!({ "f": { "collection": "spring-protein" } })).await.1, "filter.collection");
    }

    /// The category tree: no cycles, at most five levels, no deleting a parent; moving a
    /// subtree moves its products in listings.
    async fn the_category_tree_keeps_its_shape(app) {
        let create = "mutation($i: CategoryInput!) { categoryCreate(input: $i) { category { id slug parentId } userErrors { field code } } }";
        let update = "mutation($id: ID!, $i: CategoryInput!) { categoryUpdate(id: $id, input: $i) { category { id parentId } userErrors { field code } } }";
        let meal = category_id(&app, "meal").await;
        let shakes = category_id(&app, "shakes").await;
        // meal > shakes > l3 > l4 > l5; a sixth level is refused.
        let mut parent = shakes.clone();
        let mut chain = vec![];
        for level in 3..=5 {
            let body = app.admin(create, json!({ "i": { "name": format!("단계 {level}"), "parent": parent } })).await;
            assert_eq!(body["data"]["categoryCreate"]["userErrors"], json!([]), "{body}");
            parent = body["data"]["categoryCreate"]["category"]["id"].as_str().unwrap().to_owned();
            chain.push(parent.clone());
        }
        assert_eq!(body_slug(&app, &chain[0]).await, "단계-3");
        let body = app.admin(create, json!({ "i": { "name": "너무 깊음", "parent": parent } })).await;
        assert_eq!(body["data"]["categoryCreate"]["userErrors"], json!([{ "field": ["input", "parent"], "code": "NOT_ALLOWED" }]));
        // Moving meal under its own descendant is a cycle.
        let body = app.admin(update, json!({ "id": meal, "i": { "parent": chain[0] } })).await;
        assert_eq!(body["data"]["categoryUpdate"]["userErrors"], json!([{ "field": ["input", "parent"], "code": "NOT_ALLOWED" }]));
        // Moving "shakes" (4 levels tall) under "drinks" (level 1) would make 5: allowed; under
        // level 2 it would make 6: refused.
        let drinks = category_id(&app, "drinks").await;
        let body = app.admin(update, json!({ "id": shakes, "i": { "parent": drinks } })).await;
        assert_eq!(body["data"]["categoryUpdate"]["userErrors"], json!([]), "{body}");
        let drinks_now = walk(&app, 100, json!({ "category": "drinks" }), None).await;
        assert!(slugs(&drinks_now).contains(&"fiber-shake-banana"), "shakes moved under drinks");
        let ready = category_id(&app, "ready-meals").await;
        let body = app.admin(update, json!({ "id": shakes, "i": { "parent": ready } })).await;
        assert_eq!(body["data"]["categoryUpdate"]["userErrors"], json!([{ "field": ["input", "parent"], "code": "NOT_ALLOWED" }]));
        let body = app.admin(update, json!({ "id": shakes, "i": { "makeRoot": true } })).await;
        assert_eq!(body["data"]["categoryUpdate"]["category"]["parentId"], Value::Null);
        // A parent cannot be deleted; a leaf can, and its products stay in the catalog.
        let delete = "mutation($id: ID!) { categoryDelete(id: $id) { deletedId userErrors { field code } } }";
        let body = app.admin(delete, json!({ "id": shakes })).await;
        assert_eq!(body["data"]["categoryDelete"]["userErrors"], json!([{ "field": ["id"], "code": "NOT_ALLOWED" }]));
        let snacks = category_id(&app, "snacks").await;
        let before = walk(&app, 100, json!({}), None).await.len();
        let body = app.admin(delete, json!({ "id": snacks })).await;
        assert_eq!(body["data"]["categoryDelete"]["deletedId"], snacks);
        assert_eq!(walk(&app, 100, json!({}), None).await.len(), before);
        let body = app.admin(delete, json!({ "id": snacks })).await;
        assert_eq!(body["data"]["categoryDelete"]["userErrors"], json!([{ "field": ["id"], "code": "NOT_FOUND" }]));
        let body = app.admin(create, json!({ "i": { "name": "x", "parent": "gid://jangteo/Category/999999" } })).await;
        assert_eq!(body["data"]["categoryCreate"]["userErrors"], json!([{ "field": ["input", "parent"], "code": "NOT_FOUND" }]));
        let body = app.admin(create, json!({ "i": { "name": "간식", "slug": "meal" } })).await;
        assert_eq!(body["data"]["categoryCreate"]["userErrors"], json!([{ "field": ["input", "slug"], "code": "TAKEN" }]));
    }

    /// The Shop API never tells the stock count; the Admin API does.
    async fn shoppers_see_availability_not_stock(app) {
        let shop_sdl = std::fs::read_to_string(jangteo_tests::app::repo_path("schema/shop.graphql")).unwrap();
        // Fields (`stock: Int`), not enum values such as the error code `STOCK_CHANGED`.
        let stock_fields: Vec<&str> = shop_sdl.lines().filter(|l| l.trim_start().to_lowercase().starts_with("stock") && l.contains(':')).collect();
        assert_eq!(stock_fields, Vec::<&str>::new(), "no stock field in the Shop API");
        let body = app.shop("{ product(slug: \"fiber-shake-banana\") { variants { availability purchasable } } }", json!({})).await;
        assert_eq!(body["data"]["product"]["variants"][0], json!({ "availability": "LOW_STOCK", "purchasable": true }));
        let body = app.admin("{ products(first: 1, search: \"fiber-shake\") { nodes { variants { stock } } } }", json!({})).await;
        assert_eq!(body["data"]["products"]["nodes"][0]["variants"][0]["stock"], 3);
    }
}

async fn body_slug(app: &TestApp, id: &str) -> String {
    let body = app.admin("{ categories { id slug } }", json!({})).await;
    body["data"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

backend_tests! {
    /// The sitemap of each shop lists its active products, categories and collections with
    /// their last change; drafts, archived products and other shops' products never appear.
    /// robots.txt points at it.
    async fn sitemap_lists_what_shoppers_may_find(app) {
        let get = |host: &'static str, path: &'static str| {
            let req = app.client.get(app.url(path)).header("host", host);
            async move {
                let resp = req.send().await.unwrap();
                assert_eq!(resp.status(), 200);
                let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
                (kind, resp.text().await.unwrap())
            }
        };
        let (kind, xml) = get("bareun.localhost", "/sitemap.xml").await;
        assert!(kind.starts_with("application/xml"), "{kind}");
        let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap()).collect();
        assert!(locs.contains(&"http://bareun.localhost/products/protein-shake-chocolate"), "{xml}");
        assert!(locs.contains(&"http://bareun.localhost/category/shakes"));
        assert!(locs.contains(&"http://bareun.localhost/collections/winter-warmers"));
        assert!(!locs.iter().any(|l| l.ends_with("/products/whey-protein-isolate")), "sold only in the other shop");
        assert_eq!(locs.iter().filter(|l| l.contains("/products/")).count(), 14);
        assert_eq!(xml.matches("<lastmod>").count(), locs.len() - 1, "every page but the home has a lastmod");

        // Archive one, add one with a Hangul slug: the sitemap follows.
        let ids = app.admin("{ products(first: 100, search: \"oat-granola\") { nodes { id } } }", json!({})).await;
        let id = ids["data"]["products"]["nodes"][0]["id"].clone();
        app.admin("mutation($ids: [ID!]!) { productStatusUpdate(ids: $ids, status: ARCHIVED) { userErrors { code } } }", json!({ "ids": [id] })).await;
        let channel = crate::catalog_edit::main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let body = app.admin("mutation($i: ProductCreateInput!) { productCreate(input: $i) { product { slug } userErrors { code } } }",
            json!({ "i": crate::catalog_edit::bar_input(&channel, &snacks) })).await;
        assert_eq!(body["data"]["productCreate"]["product"]["slug"], "현미-곡물바-30g-12개");
        let (_, xml) = get("bareun.localhost", "/sitemap.xml").await;
        assert!(!xml.contains("/products/oat-granola<"), "archived");
        assert!(xml.contains("/products/%ED%98%84%EB%AF%B8-%EA%B3%A1%EB%AC%BC%EB%B0%94-30g-12%EA%B0%9C</loc>"), "{xml}");

        let (_, other) = get("protein.localhost", "/sitemap.xml").await;
        assert!(other.contains("http://protein.localhost/products/whey-protein-isolate</loc>"));
        assert!(!other.contains("/products/konjac-brown-rice<"));

        let (kind, robots) = get("bareun.localhost", "/robots.txt").await;
        assert!(kind.starts_with("text/plain"));
        assert!(robots.contains("Sitemap: http://bareun.localhost/sitemap.xml"), "{robots}");
        assert!(robots.contains("Disallow: /admin/"));
    }
}
