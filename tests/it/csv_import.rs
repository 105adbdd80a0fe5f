//! Products and variants as CSV: the export reads back in unchanged; an import checks every row
//! and applies the whole file or nothing.

use jangteo_tests::{TestApp, backend_tests};
use serde_json::{Value, json};

use crate::media::multipart;

const IMPORT: &str = "mutation($f: Upload!, $dry: Boolean!) { productImportCsv(file: $f, dryRun: $dry) {
    applied created updated variants rowErrors { row column code message } userErrors { field code } } }";

async fn export(app: &TestApp) -> String {
    let body = app.admin("{ productExportCsv }", json!({})).await;
    body["data"]["productExportCsv"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

async fn import(app: &TestApp, csv: &str, dry: bool) -> Value {
    let (status, body) = multipart(
        app,
        IMPORT,
        json!({ "f": null, "dry": dry }),
        csv.as_bytes(),
        "products.csv",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["data"]["productImportCsv"].clone()
}

async fn shop_price(app: &TestApp, slug: &str) -> Option<i64> {
    let body = app
        .shop(
            "query($s: String!) { product(slug: $s) { price { amount } } }",
            json!({ "s": slug }),
        )
        .await;
    body["data"]["product"]["price"]["amount"].as_i64()
}

const HEADER: &str = "slug,name,status,categories,options,channels,sku,option_values,stock,price:bareun,compare_at:bareun";

backend_tests! {
    /// The export has one row per variant with every channel's price, and importing it back
    /// changes nothing.
    async fn the_export_reads_back_unchanged(app) {
        let csv = export(&app).await;
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "slug,name,status,description,categories,options,channels,sku,option_values,stock,sell_when_out_of_stock,weight_grams,price:bareun,compare_at:bareun,price:protein,compare_at:protein"
        );
        assert_eq!(csv.lines().count(), 1 + 17, "one row per variant");
        let shake = csv.lines().find(|l| l.contains("PROTEIN-SHAKE-CHOCOLATE-2")).unwrap();
        assert!(shake.contains("구성,bareun;protein,PROTEIN-SHAKE-CHOCOLATE-2,28포,120,no,,55900,,53900,"), "{shake}");
        let report = import(&app, &csv, false).await;
        assert_eq!(report["rowErrors"], json!([]), "{report}");
        assert_eq!((report["applied"].as_bool(), report["created"].as_i64(), report["updated"].as_i64(), report["variants"].as_i64()), (Some(true), Some(0), Some(15), Some(17)));
        assert_eq!(export(&app).await, csv);
    }

    /// A good file creates and updates products; a dry run only reports.
    async fn a_good_file_creates_and_updates(app) {
        let csv = format!("{HEADER}\n\
            oat-granola,귀리 그래놀라 (500g),active,grains,,bareun,OAT-GRANOLA,,30,11900,12900\n\
            walnut-bar,호두 바,active,snacks,구성,bareun,WALNUT-BAR-6,6개입,10,9900,\n\
            walnut-bar,,,,,,WALNUT-BAR-12,12개입,4,18900,\n");
        let dry = import(&app, &csv, true).await;
        assert_eq!((dry["applied"].as_bool(), dry["created"].as_i64(), dry["updated"].as_i64()), (Some(false), Some(1), Some(1)), "{dry}");
        assert_eq!(shop_price(&app, "walnut-bar").await, None, "a dry run applies nothing");
        let done = import(&app, &csv, false).await;
        assert_eq!(done["applied"], true, "{done}");
        assert_eq!(shop_price(&app, "walnut-bar").await, Some(9900));
        assert_eq!(shop_price(&app, "oat-granola").await, Some(11900));
        let page = app.shop("{ product(slug: \"walnut-bar\") { options variants { sku optionValues availability } categories { slug } } }", json!({})).await;
        assert_eq!(page["data"]["product"]["variants"][1], json!({ "sku": "WALNUT-BAR-12", "optionValues": ["12개입"], "availability": "LOW_STOCK" }));
        assert_eq!(page["data"]["product"]["categories"], json!([{ "slug": "snacks" }]));
    }

    /// A file with fewer columns changes only those: stock alone leaves prices, status,
    /// channels, categories and variant images as they were.
    async fn missing_columns_keep_what_the_product_has(app) {
        let before = export(&app).await;
        let report = import(&app, "slug,name,sku,stock\nprotein-shake-chocolate,단백질 쉐이크 초코맛 (14포),PROTEIN-SHAKE-CHOCOLATE-1,77\nprotein-shake-chocolate,,PROTEIN-SHAKE-CHOCOLATE-2,120\n", false).await;
        assert_eq!(report["rowErrors"], json!([]), "{report}");
        let after = export(&app).await;
        let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.contains("PROTEIN-SHAKE-CHOCOLATE-1,14포,77,"), "{changed:?}");
        assert_eq!(shop_price(&app, "protein-shake-chocolate").await, Some(29900));
    }

    /// Every bad row is reported with its row and column, and nothing of the file is applied,
    /// not even its good rows.
    async fn a_bad_file_applies_nothing(app) {
        let before = export(&app).await;
        let csv = format!("{HEADER}\n\
            fresh-product,새 상품,active,snacks,,bareun,FRESH-1,,5,1000,\n\
            oat-granola,귀리 그래놀라 (500g),active,grains,,bareun,OAT-GRANOLA,,30,-5,\n\
            bad-cat,카테고리 없음,active,nowhere,,bareun,BAD-CAT-1,,5,1000,\n\
            dup-sku,중복 SKU,active,,,bareun,KONJAC-BROWN-RICE,,5,1000,\n\
            bad-stock,재고 오류,active,,,bareun,BAD-STOCK-1,,lots,1000,\n\
            bad-stock,다른 이름,,,,,BAD-STOCK-2,,1,1000,\n\
            cheap,비교가 오류,active,,,bareun,CHEAP-1,,1,1000,900\n");
        let report = import(&app, &csv, false).await;
        assert_eq!(report["applied"], false);
        let got: Vec<(i64, String, String)> = report["rowErrors"].as_array().unwrap().iter()
            .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap().to_owned()))
            .collect();
        for expected in [
            (3, "price:bareun", "OUT_OF_RANGE"),
            (4, "categories", "NOT_FOUND"),
            (5, "sku", "TAKEN"),
            (6, "stock", "INVALID"),
            (7, "name", "INVALID"),
            (8, "compare_at:bareun", "OUT_OF_RANGE"),
        ] {
            assert!(got.contains(&(expected.0, expected.1.to_owned(), expected.2.to_owned())), "{expected:?} in {got:?}");
        }
        assert!(!got.iter().any(|(row, _, _)| *row == 2), "row 2 is fine: {got:?}");
        assert_eq!(shop_price(&app, "fresh-product").await, None, "the good row was not applied either");
        assert_eq!(export(&app).await, before);
        // A broken header or a file that is not UTF-8.
        let report = import(&app, "slug,nom,sku\n", false).await;
        assert_eq!(report["rowErrors"][0]["row"], 1);
        let report = import(&app, "slug,name,sku\n\u{0}", false).await;
        assert!(!report["rowErrors"].as_array().unwrap().is_empty() || !report["userErrors"].as_array().unwrap().is_empty(), "{report}");
        let (_, body) = multipart(&app, IMPORT, json!({ "f": null, "dry": false }), &[0xff, 0xfe, 0x00], "latin.csv").await;
        assert_eq!(body["data"]["productImportCsv"]["userErrors"][0]["field"], json!(["file"]), "{body}");
    }
}

/// A large import vacuums and analyses PostgreSQL's catalog tables at once: a catalog
/// grown from 15 products to 600 is planned as 600 (not as 15 until autovacuum gets to it), and
/// its products are found by search through the name index straight away.
#[tokio::test]
async fn a_large_import_refreshes_postgresql_statistics() {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Rows {
        #[diesel(sql_type = diesel::sql_types::Float)]
        reltuples: f32,
    }
    let app = TestApp::spawn(jangteo_tests::Backend::Postgres).await;
    let estimate = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            db.run(|c| {
                diesel::sql_query(
                    "SELECT reltuples FROM pg_class WHERE oid = to_regclass('products')",
                )
                .get_result::<Rows>(c)
                .map(|r| r.reltuples)
                .map_err(jangteo::db::DbError::from)
            })
            .await
            .unwrap()
        }
    };
    let before = estimate(&app).await;
    assert!(before < 100.0, "{before}");
    let mut csv = format!("{HEADER}\n");
    for n in 0..600 {
        csv.push_str(&format!(
            "bulk-{n},벌크 현미 {n},active,,,bareun,BULK-{n},,5,1000,\n"
        ));
    }
    let report = import(&app, &csv, false).await;
    assert_eq!(report["created"], 600, "{report}");
    let after = estimate(&app).await;
    assert!(after >= 600.0, "the planner still sees {after} products");
    let found = app
        .shop(
            "{ products(first: 5, filter: { search: \"벌크 599\" }) { nodes { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        found["data"]["products"]["nodes"],
        json!([{ "slug": "bulk-599" }]),
        "{found}"
    );
}
