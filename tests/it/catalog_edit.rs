//! Staff build the catalog through the Admin API — products with variants and per-channel
//! prices, categories, collections — and shoppers find it through the Shop API. Bad input is a
//! user error at its field, and nothing is half-saved.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: ProductCreateInput!) { productCreate(input: $input) {
    product { id slug name status options categoryIds
      variants { id sku optionValues stock sellWhenOutOfStock weightGrams prices { channelId price { amount } compareAtPrice { amount } } }
      channelListings { channelCode price { amount } published } }
    userErrors { field code message } } }";

const UPDATE: &str = "mutation($id: ID!, $input: ProductUpdateInput!) { productUpdate(id: $id, input: $input) {
    product { id slug name status variants { id sku optionValues stock prices { price { amount } } } channelListings { price { amount } } }
    userErrors { field code message } } }";

const SHOP_PRODUCT: &str = "query($slug: String!) { product(slug: $slug) { name slug options price { amount } available
    categories { slug } variants { id sku optionValues selectedOptions { name value } price { amount formatted } compareAtPrice { amount } availability purchasable } } }";

/// The main shop's channel ID.
pub async fn main_channel(app: &TestApp) -> String {
    let body = app.admin("{ channels { id code } }", json!({})).await;
    body["data"]["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "bareun")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn category_id(app: &TestApp, slug: &str) -> String {
    let body = app.admin("{ categories { id slug } }", json!({})).await;
    body["data"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap_or_else(|| panic!("no category {slug}: {body}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A two-variant granola bar, active in the main shop, in category `category`.
pub fn bar_input(channel: &str, category: &str) -> Value {
    json!({
        "name": "현미 곡물바 (30g × 12개)",
        "description": "현미와 귀리로 만든 곡물바.",
        "status": "ACTIVE",
        "options": ["맛"],
        "categories": [category],
        "channels": [{ "channel": channel }],
        "variants": [
            { "sku": "grain-bar-honey", "optionValues": ["꿀"], "stock": 40, "weightGrams": 360,
              "prices": [{ "channel": channel, "amount": 14900, "compareAtAmount": 17900 }] },
            { "sku": "grain-bar-cacao", "optionValues": ["카카오"], "stock": 0,
              "prices": [{ "channel": channel, "amount": 15900 }] }
        ]
    })
}

async fn shop_slugs(app: &TestApp, filter: Value) -> Vec<String> {
    let body = app
        .shop(
            "query($f: ProductFilter) { products(first: 100, filter: $f) { nodes { slug } } }",
            json!({ "f": filter }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["products"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect()
}

async fn admin_count(app: &TestApp) -> usize {
    let body = app
        .admin("{ products(first: 100) { nodes { id } } }", json!({}))
        .await;
    body["data"]["products"]["nodes"].as_array().unwrap().len()
}

fn errors(body: &Value, field: &str) -> Vec<(String, String)> {
    body["data"][field]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| {
            let path: Vec<&str> = e["field"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            (path.join("."), e["code"].as_str().unwrap().to_owned())
        })
        .collect()
}

backend_tests! {
    /// A product with two variants, made by staff, is found by category and search, and its page
    /// shows the variants' prices and availability (never the stock count).
    async fn staff_create_a_product_shoppers_then_find(app) {
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let body = app.admin(CREATE, json!({ "input": bar_input(&channel, &snacks) })).await;
        assert_eq!(errors(&body, "productCreate"), vec![], "{body}");
        let product = &body["data"]["productCreate"]["product"];
        assert_eq!(product["slug"], "현미-곡물바-30g-12개");
        assert_eq!(product["options"], json!(["맛"]));
        assert_eq!(product["variants"][0]["sku"], "GRAIN-BAR-HONEY");
        assert_eq!(product["variants"][1]["stock"], 0);
        assert_eq!(product["channelListings"][0]["price"]["amount"], 14900, "the listing shows the lowest price");
        let slug = product["slug"].as_str().unwrap().to_owned();

        assert!(shop_slugs(&app, json!({ "category": "snacks" })).await.contains(&slug));
        assert!(!shop_slugs(&app, json!({ "category": "drinks" })).await.contains(&slug));
        assert_eq!(shop_slugs(&app, json!({ "search": "곡물바" })).await, vec![slug.clone()]);
        assert_eq!(shop_slugs(&app, json!({ "search": "  곡물바   현미 " })).await, vec![slug.clone()], "words in any order");
        assert_eq!(shop_slugs(&app, json!({ "search": "곡물바 초코" })).await, Vec::<String>::new(), "every word must match");

        let page = app.shop(SHOP_PRODUCT, json!({ "slug": slug })).await;
        let p = &page["data"]["product"];
        assert_eq!(p["price"]["amount"], 14900);
        assert_eq!(p["available"], true);
        assert_eq!(p["categories"], json!([{ "slug": "snacks" }]));
        assert_eq!(p["variants"][0]["selectedOptions"], json!([{ "name": "맛", "value": "꿀" }]));
        assert_eq!(p["variants"][0]["price"]["formatted"], "14,900원");
        assert_eq!(p["variants"][0]["compareAtPrice"]["amount"], 17900);
        assert_eq!(p["variants"][0]["availability"], "IN_STOCK");
        assert_eq!(p["variants"][1]["availability"], "OUT_OF_STOCK");
        assert_eq!(p["variants"][1]["purchasable"], false);

        // Not in the other shop, where it is not listed; not in the shop as a draft.
        let (_, other) = app
            .post_json("/graphql", json!({ "query": SHOP_PRODUCT, "variables": { "slug": slug } }), &[("jangteo-channel", "protein")])
            .await;
        assert_eq!(other["data"]["product"], Value::Null);
        let id = product["id"].as_str().unwrap();
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "status": "DRAFT" } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![]);
        assert_eq!(app.shop(SHOP_PRODUCT, json!({ "slug": slug })).await["data"]["product"], Value::Null);
        let log = app.admin("{ auditLog(first: 5, action: \"product.\") { nodes { action target } } }", json!({})).await;
        let actions: Vec<&str> = log["data"]["auditLog"]["nodes"].as_array().unwrap().iter().map(|n| n["action"].as_str().unwrap()).collect();
        assert_eq!(actions[..2], ["product.update", "product.create"]);
        assert_eq!(log["data"]["auditLog"]["nodes"][0]["target"], id);
    }

    /// Every kind of bad input is refused at its field, and none of it is saved.
    async fn bad_product_input_saves_nothing(app) {
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let before = admin_count(&app).await;
        let cases: Vec<(Value, &str, &str)> = vec![
            (json!({ "variants": [{ "sku": "OAT-GRANOLA", "optionValues": ["꿀"], "prices": [{ "channel": channel, "amount": 1000 }] }] }), "input.variants.0.sku", "TAKEN"),
            (json!({ "slug": "oat-granola" }), "input.slug", "TAKEN"),
            (json!({ "slug": "Bad Slug" }), "input.slug", "INVALID"),
            (json!({ "name": "가".repeat(201) }), "input.name", "TOO_LONG"),
            (json!({ "name": "   " }), "input.name", "BLANK"),
            (json!({ "categories": ["gid://jangteo/Category/999999"] }), "input.categories.0", "NOT_FOUND"),
            (json!({ "categories": ["gid://jangteo/Product/1"] }), "input.categories.0", "INVALID"),
            (json!({ "channels": [{ "channel": "gid://jangteo/Channel/999999" }], "options": [],
                     "variants": [{ "sku": "X-1", "prices": [{ "channel": "gid://jangteo/Channel/999999", "amount": 1 }] }] }),
             "input.channels.0.channel", "NOT_FOUND"),
            (json!({ "variants": [] }), "input.variants", "BLANK"),
        ];
        for (patch, field, code) in cases {
            let mut input = bar_input(&channel, &snacks);
            for (k, v) in patch.as_object().unwrap() {
                input[k] = v.clone();
            }
            let body = app.admin(CREATE, json!({ "input": input })).await;
            let got = errors(&body, "productCreate");
            assert!(got.contains(&(field.to_owned(), code.to_owned())), "{field} {code}: {body}");
            assert_eq!(body["data"]["productCreate"]["product"], Value::Null);
        }
        // Variant-level rules.
        let variant_cases: Vec<(Value, &str, &str)> = vec![
            (json!({ "stock": -1 }), "input.variants.0.stock", "OUT_OF_RANGE"),
            (json!({ "prices": [{ "channel": channel, "amount": -100 }] }), "input.variants.0.prices.0.amount", "OUT_OF_RANGE"),
            (json!({ "prices": [{ "channel": channel, "amount": 100, "compareAtAmount": 50 }] }), "input.variants.0.prices.0.compareAtAmount", "OUT_OF_RANGE"),
            (json!({ "prices": [] }), "input.variants.0.prices", "BLANK"),
            (json!({ "sku": "GRAIN-BAR-CACAO" }), "input.variants.1.sku", "TAKEN"),
            (json!({ "sku": "bad sku!" }), "input.variants.0.sku", "INVALID"),
            (json!({ "optionValues": ["카카오"] }), "input.variants.1.optionValues", "TAKEN"),
            (json!({ "optionValues": [] }), "input.variants.0.optionValues", "INVALID"),
            (json!({ "weightGrams": -5 }), "input.variants.0.weightGrams", "OUT_OF_RANGE"),
        ];
        for (patch, field, code) in variant_cases {
            let mut input = bar_input(&channel, &snacks);
            for (k, v) in patch.as_object().unwrap() {
                input["variants"][0][k] = v.clone();
            }
            let body = app.admin(CREATE, json!({ "input": input })).await;
            let got = errors(&body, "productCreate");
            assert!(got.contains(&(field.to_owned(), code.to_owned())), "{field} {code}: {body}");
        }
        assert_eq!(admin_count(&app).await, before, "nothing was created");
        // An amount beyond what JSON carries exactly is refused by the scalar.
        let mut input = bar_input(&channel, &snacks);
        input["variants"][0]["prices"][0]["amount"] = json!(9_007_199_254_740_993_i64);
        let body = app.admin(CREATE, json!({ "input": input })).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("amount must be an integer between"), "{body}");
        input["variants"][0]["prices"][0]["amount"] = json!("12900");
        let body = app.admin(CREATE, json!({ "input": input })).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert_eq!(admin_count(&app).await, before);
    }

    /// An update that breaks a rule changes nothing, not even the fields that were fine.
    async fn a_failed_update_changes_nothing(app) {
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let body = app.admin(CREATE, json!({ "input": bar_input(&channel, &snacks) })).await;
        let product = body["data"]["productCreate"]["product"].clone();
        let id = product["id"].as_str().unwrap();
        let body = app.admin(UPDATE, json!({ "id": id, "input": {
            "name": "새 이름",
            "variants": [{ "sku": "OAT-GRANOLA", "optionValues": ["꿀"], "prices": [{ "channel": channel, "amount": 1 }] }]
        } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![("input.variants.0.sku".to_owned(), "TAKEN".to_owned())]);
        let after = app.admin("query($id: ID!) { product(id: $id) { name variants { sku } } }", json!({ "id": id })).await;
        assert_eq!(after["data"]["product"]["name"], product["name"]);
        assert_eq!(after["data"]["product"]["variants"].as_array().unwrap().len(), 2);
        let body = app.admin(UPDATE, json!({ "id": "gid://jangteo/Product/999999", "input": { "name": "x" } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![("id".to_owned(), "NOT_FOUND".to_owned())]);
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "variants": [{ "id": "gid://jangteo/ProductVariant/999999", "sku": "X", "optionValues": ["꿀"], "prices": [{ "channel": channel, "amount": 1 }] }] } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![("input.variants.0.id".to_owned(), "NOT_FOUND".to_owned())]);
    }

    /// Variants keep their IDs across saves: matched by ID or SKU, two variants may swap SKUs,
    /// left-out variants go, new ones come; the listing price follows the cheapest.
    async fn variants_keep_their_ids(app) {
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let body = app.admin(CREATE, json!({ "input": bar_input(&channel, &snacks) })).await;
        let product = body["data"]["productCreate"]["product"].clone();
        let id = product["id"].as_str().unwrap();
        let honey = product["variants"][0]["id"].as_str().unwrap();
        let cacao = product["variants"][1]["id"].as_str().unwrap();
        // Swap SKUs and option values between the two, by ID.
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "variants": [
            { "id": honey, "sku": "GRAIN-BAR-CACAO", "optionValues": ["카카오"], "stock": 5, "prices": [{ "channel": channel, "amount": 15900 }] },
            { "id": cacao, "sku": "GRAIN-BAR-HONEY", "optionValues": ["꿀"], "stock": 7, "prices": [{ "channel": channel, "amount": 14900 }] }
        ] } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![], "{body}");
        let v = &body["data"]["productUpdate"]["product"]["variants"];
        assert_eq!((v[0]["id"].as_str().unwrap(), v[0]["sku"].as_str().unwrap()), (honey, "GRAIN-BAR-CACAO"));
        assert_eq!((v[1]["id"].as_str().unwrap(), v[1]["sku"].as_str().unwrap()), (cacao, "GRAIN-BAR-HONEY"));
        // Matched by SKU; one removed, one added; the listing price is the new lowest.
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "variants": [
            { "sku": "grain-bar-honey", "optionValues": ["꿀"], "stock": 9, "prices": [{ "channel": channel, "amount": 16900 }] },
            { "sku": "GRAIN-BAR-MATCHA", "optionValues": ["말차"], "stock": 3, "prices": [{ "channel": channel, "amount": 18900 }] }
        ] } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![], "{body}");
        let p = &body["data"]["productUpdate"]["product"];
        assert_eq!(p["variants"][0]["id"].as_str().unwrap(), cacao);
        assert_eq!(p["variants"][0]["stock"], 9);
        assert_ne!(p["variants"][1]["id"].as_str().unwrap(), honey);
        assert_eq!(p["channelListings"][0]["price"]["amount"], 16900);
        // A variant renamed by ID frees its old SKU for a new variant in the same save; the
        // other variant, left out, goes.
        let cacao_id = p["variants"][0]["id"].as_str().unwrap().to_owned();
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "variants": [
            { "id": cacao_id, "sku": "GRAIN-BAR-MATCHA", "optionValues": ["꿀"], "stock": 1, "prices": [{ "channel": channel, "amount": 16900 }] },
            { "sku": "GRAIN-BAR-HONEY", "optionValues": ["말차"], "stock": 2, "prices": [{ "channel": channel, "amount": 18900 }] }
        ] } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![], "{body}");
        let v = &body["data"]["productUpdate"]["product"]["variants"];
        assert_eq!(v.as_array().unwrap().len(), 2, "{body}");
        assert_eq!((v[0]["id"].as_str().unwrap(), v[0]["sku"].as_str().unwrap()), (cacao_id.as_str(), "GRAIN-BAR-MATCHA"));
        assert_ne!(v[1]["id"].as_str().unwrap(), cacao_id);
        assert_eq!((v[1]["sku"].as_str().unwrap(), v[1]["stock"].as_i64().unwrap()), ("GRAIN-BAR-HONEY", 2));
        // The removed variant's SKU is free again.
        let mut other = bar_input(&channel, &snacks);
        other["name"] = json!("다른 곡물바");
        other["variants"] = json!([{ "sku": "GRAIN-BAR-CACAO", "prices": [{ "channel": channel, "amount": 100 }] }]);
        other["options"] = json!([]);
        let body = app.admin(CREATE, json!({ "input": other })).await;
        assert_eq!(errors(&body, "productCreate"), vec![], "{body}");
    }

    /// Eight staff saving products with one SKU at once: one wins, seven get `TAKEN`, none an
    /// internal error.
    async fn concurrent_saves_of_one_sku(app) {
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let before = admin_count(&app).await;
        let saves = (0..8).map(|i| {
            let mut input = bar_input(&channel, &snacks);
            input["name"] = json!(format!("동시 저장 {i}"));
            app.admin(CREATE, json!({ "input": input }))
        });
        let results = futures_util::future::join_all(saves).await;
        let ok = results.iter().filter(|b| b["data"]["productCreate"]["product"].is_object()).count();
        assert_eq!(ok, 1, "{results:?}");
        for b in results.iter().filter(|b| b["data"]["productCreate"]["product"].is_null()) {
            let got = errors(b, "productCreate");
            assert!(got.iter().any(|(_, c)| c == "TAKEN"), "{b}");
        }
        assert_eq!(admin_count(&app).await, before + 1);
    }

    /// Staff search by name, slug or SKU and filter by status.
    async fn staff_search_and_filter_products(app) {
        let search = |q: &str, status: Option<&str>| {
            app.admin(
                "query($q: String, $s: ProductStatus) { products(first: 100, search: $q, status: $s) { nodes { slug status } } }",
                json!({ "q": q, "s": status }),
            )
        };
        let slugs = |b: &Value| -> Vec<String> { b["data"]["products"]["nodes"].as_array().unwrap().iter().map(|n| n["slug"].as_str().unwrap().to_owned()).collect() };
        assert_eq!(slugs(&search("쉐이크", None).await).len(), 2);
        assert_eq!(slugs(&search("protein-bar-peanut-2", None).await), vec!["protein-bar-peanut"], "by SKU");
        assert_eq!(slugs(&search("granola", None).await), vec!["oat-granola"], "by slug");
        assert_eq!(slugs(&search("%", None).await).len(), 0, "wildcards match literally");
        assert_eq!(slugs(&search("", Some("DRAFT")).await).len(), 0);
        assert_eq!(slugs(&search("", Some("ACTIVE")).await).len(), 15);
        let body = search(&"가".repeat(101), None).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "search", "{body}");
    }
}

backend_tests! {
    /// Search reads the name index: parts of words (a syllable, two, Latin letters in any case)
    /// find a product, syllables that meet only across a space do not, a renamed product is found
    /// by its new name on the next request and no longer by its old one, and products without
    /// index entries (made before the index existed) are found again once the start-up step has
    /// indexed them.
    async fn search_finds_parts_of_words_through_renames(app) {
        use diesel::prelude::*;
        use jangteo::db::schema::product_search_grams;
        let channel = main_channel(&app).await;
        let snacks = category_id(&app, "snacks").await;
        let mut input = bar_input(&channel, &snacks);
        input["name"] = json!("제주 유기농 녹차 Crunch Bar");
        input["slug"] = json!("jeju-green-tea-bar");
        let body = app.admin(CREATE, json!({ "input": input })).await;
        assert_eq!(errors(&body, "productCreate"), vec![], "{body}");
        let id = body["data"]["productCreate"]["product"]["id"].as_str().unwrap().to_owned();
        let slug = "jeju-green-tea-bar".to_owned();
        for term in ["녹차", "녹", "유기농", "기농", "CRUNCH", "runc", "bar 제주", "차  녹차"] {
            assert!(shop_slugs(&app, json!({ "search": term })).await.contains(&slug), "{term}");
        }
        for term in ["녹차라떼", "농녹", "주유", "제주유기농", "crunchbar", "녹차 초코"] {
            assert!(!shop_slugs(&app, json!({ "search": term })).await.contains(&slug), "{term}");
        }

        let body = app.admin(UPDATE, json!({ "id": id, "input": { "name": "보성 말차 Crunch Bar" } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![], "{body}");
        assert!(!shop_slugs(&app, json!({ "search": "녹차" })).await.contains(&slug));
        assert!(shop_slugs(&app, json!({ "search": "말차" })).await.contains(&slug));
        // A change that keeps the name keeps its entries.
        let body = app.admin(UPDATE, json!({ "id": id, "input": { "description": "보성 찻잎" } })).await;
        assert_eq!(errors(&body, "productUpdate"), vec![], "{body}");
        assert!(shop_slugs(&app, json!({ "search": "말차" })).await.contains(&slug));

        // A database from before the index: no entries, so no product is found, until the
        // start-up step indexes every product that has none.
        app.db
            .run(|c| Ok::<_, jangteo::db::DbError>(diesel::delete(product_search_grams::table).execute(c)?))
            .await
            .unwrap();
        assert!(shop_slugs(&app, json!({ "search": "말차" })).await.is_empty());
        let indexed = app.db.run(jangteo::catalog::search::index_missing).await.unwrap();
        let all = app.admin("{ products(first: 100) { nodes { id } } }", json!({})).await;
        assert_eq!(indexed, all["data"]["products"]["nodes"].as_array().unwrap().len());
        assert!(shop_slugs(&app, json!({ "search": "말차" })).await.contains(&slug));
        assert_eq!(app.db.run(jangteo::catalog::search::index_missing).await.unwrap(), 0);
    }
}
