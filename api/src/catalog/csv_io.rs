//! Products and variants as CSV, one row per variant: export for spreadsheets, import that checks
//! every row and applies the whole file or nothing.
//!
//! Columns: `slug`, `name`, `status` (draft/active/archived), `description`, `categories`
//! (category slugs separated by `;`), `options` (option names separated by `|`), `channels`
//! (channel codes separated by `;`, `code:hidden` for listed but unpublished), `sku`,
//! `option_values` (`|`), `stock`, `sell_when_out_of_stock` (yes/no), `weight_grams`, and per
//! channel `price:CODE` and `compare_at:CODE`. Product columns are read from a product's first
//! row; later rows of the same product leave them blank or repeat them. Rich content and images
//! are not part of the file.

use std::collections::HashMap;

use diesel::prelude::*;
use shared::{CategoryId, ChannelId, ProductId};

use super::CatalogError;
use super::ProductStatus;
use super::editor;
use super::input::{ChannelDraft, PriceDraft, ProductDraft, ProductPatch, VariantDraft};
use super::model::ProductWithListings;
use crate::access::audit::{self, Actor};
use crate::db::schema::{categories, channels, products};
use crate::db::{self, AnyConnection, DbError};
use crate::validation::{Violation, ViolationCode};

/// Most data rows one file may hold.
pub const MAX_ROWS: usize = 20_000;

const PRODUCT_COLUMNS: [&str; 7] = [
    "slug",
    "name",
    "status",
    "description",
    "categories",
    "options",
    "channels",
];
const VARIANT_COLUMNS: [&str; 5] = [
    "sku",
    "option_values",
    "stock",
    "sell_when_out_of_stock",
    "weight_grams",
];

/// A problem with one cell (or row) of an imported file. Rows count from 1, the header being
/// row 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: Option<String>,
    pub code: ViolationCode,
    pub message: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub variants: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file has {} problem(s)", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Internal(DbError::Query(e))
    }
}

/// Every product (all statuses), one row per variant, in catalog order.
pub fn export(conn: &mut AnyConnection) -> Result<String, CatalogError> {
    let channel_codes: Vec<(i64, String)> = channels::table
        .select((channels::id, channels::code))
        .order(channels::id)
        .load(conn)?;
    let category_slugs: HashMap<i64, String> = categories::table
        .select((categories::id, categories::slug))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<shared::ProductId> = products::table
        .select(products::id)
        .order(products::id)
        .load::<i64>(conn)?
        .into_iter()
        .map(ProductId)
        .collect();
    let all = super::service::get_many_with_listings(conn, &ids)?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = PRODUCT_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    header.extend(VARIANT_COLUMNS.iter().map(|s| (*s).to_owned()));
    for (_, code) in &channel_codes {
        header.push(format!("price:{code}"));
        header.push(format!("compare_at:{code}"));
    }
    let csv_error = |e: csv::Error| CatalogError::Internal(DbError::Corrupt(e.to_string()));
    out.write_record(&header).map_err(csv_error)?;
    for ProductWithListings {
        product,
        listings,
        variants,
        category_ids,
        ..
    } in all
    {
        let channels_cell = listings
            .iter()
            .map(|l| {
                if l.published {
                    l.channel_code.clone()
                } else {
                    format!("{}:hidden", l.channel_code)
                }
            })
            .collect::<Vec<_>>()
            .join(";");
        let categories_cell = category_ids
            .iter()
            .filter_map(|c| category_slugs.get(&c.key()).cloned())
            .collect::<Vec<_>>()
            .join(";");
        for v in variants {
            let mut record = vec![
                product.slug.clone(),
                product.name.clone(),
                product.status.as_str().to_owned(),
                product.description.clone(),
                categories_cell.clone(),
                product.option_names.join("|"),
                channels_cell.clone(),
                v.sku.clone(),
                v.option_values.join("|"),
                v.stock_quantity.to_string(),
                if v.sell_when_out_of_stock {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                v.weight_grams.map(|w| w.to_string()).unwrap_or_default(),
            ];
            for (channel_id, _) in &channel_codes {
                let price = v.prices.iter().find(|p| p.channel_id.key() == *channel_id);
                record.push(
                    price
                        .map(|p| p.price.amount().to_string())
                        .unwrap_or_default(),
                );
                record.push(
                    price
                        .and_then(|p| p.compare_at)
                        .map(|c| c.amount().to_string())
                        .unwrap_or_default(),
                );
            }
            out.write_record(&record).map_err(csv_error)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| CatalogError::Internal(DbError::Corrupt(e.to_string())))?;
    String::from_utf8(bytes).map_err(|e| CatalogError::Internal(DbError::Corrupt(e.to_string())))
}

/// One product's rows of the file.
#[derive(Debug)]
struct Group {
    slug: String,
    /// (row number, cells by column name)
    rows: Vec<(usize, HashMap<String, String>)>,
}

fn err(
    row: usize,
    column: Option<&str>,
    code: ViolationCode,
    message: impl Into<String>,
) -> RowError {
    RowError {
        row,
        column: column.map(str::to_owned),
        code,
        message: message.into(),
    }
}

fn split(cell: &str, sep: char) -> Vec<String> {
    cell.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the file into groups of rows per product slug, in order of first appearance.
fn parse(text: &str, channel_codes: &[String]) -> Result<(Vec<String>, Vec<Group>), Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            return Err(vec![err(
                1,
                None,
                ViolationCode::Invalid,
                format!("the header cannot be read: {e}"),
            )]);
        }
    };
    let mut errors = Vec::new();
    for required in ["slug", "name", "sku"] {
        if !header.iter().any(|h| h == required) {
            errors.push(err(
                1,
                Some(required),
                ViolationCode::Blank,
                format!("the header has no `{required}` column"),
            ));
        }
    }
    for h in &header {
        let known = PRODUCT_COLUMNS.contains(&h.as_str()) || VARIANT_COLUMNS.contains(&h.as_str());
        let channel = h
            .strip_prefix("price:")
            .or_else(|| h.strip_prefix("compare_at:"));
        match channel {
            Some(code) if !channel_codes.iter().any(|c| c == code) => errors.push(err(
                1,
                Some(h),
                ViolationCode::NotFound,
                format!("there is no channel with code \"{code}\""),
            )),
            None if !known => errors.push(err(
                1,
                Some(h),
                ViolationCode::Invalid,
                format!("unknown column `{h}`"),
            )),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if i >= MAX_ROWS {
            return Err(vec![err(
                row,
                None,
                ViolationCode::TooLong,
                format!("a file holds at most {MAX_ROWS} rows"),
            )]);
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(
                    row,
                    None,
                    ViolationCode::Invalid,
                    format!("the row cannot be read: {e}"),
                ));
                continue;
            }
        };
        let cells: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        let slug = cells.get("slug").cloned().unwrap_or_default();
        if slug.is_empty() {
            errors.push(err(
                row,
                Some("slug"),
                ViolationCode::Blank,
                "every row needs its product's slug",
            ));
            continue;
        }
        let at = *index.entry(slug.clone()).or_insert_with(|| {
            groups.push(Group {
                slug: slug.clone(),
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].rows.push((row, cells));
    }
    if errors.is_empty() {
        Ok((header, groups))
    } else {
        Err(errors)
    }
}

/// Reads an integer cell; blank gives `None`.
fn int(
    row: usize,
    cells: &HashMap<String, String>,
    column: &str,
    errors: &mut Vec<RowError>,
) -> Option<i64> {
    let cell = cells.get(column).map(String::as_str).unwrap_or("");
    if cell.is_empty() {
        return None;
    }
    match cell.replace(',', "").parse::<i64>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(err(
                row,
                Some(column),
                ViolationCode::Invalid,
                format!("\"{cell}\" is not a whole number"),
            ));
            None
        }
    }
}

/// The draft one group of rows describes, with the row errors found on the way.
/// A column the file leaves out keeps, on an existing product, the value the product has (its
/// variants matched by SKU); on a new product it takes the default.
fn draft_of(
    group: &Group,
    header: &[String],
    current: Option<&ProductDraft>,
    channel_ids: &HashMap<String, ChannelId>,
    category_ids: &HashMap<String, CategoryId>,
    errors: &mut Vec<RowError>,
) -> ProductDraft {
    let has = |column: &str| header.iter().any(|h| h == column);
    let (first_row, first) = &group.rows[0];
    let cell = |name: &str| first.get(name).cloned().unwrap_or_default();
    // Later rows repeat the product's columns or leave them blank.
    for (row, cells) in &group.rows[1..] {
        for column in PRODUCT_COLUMNS {
            let value = cells.get(column).map(String::as_str).unwrap_or("");
            if !value.is_empty() && value != cell(column) {
                errors.push(err(*row, Some(column), ViolationCode::Invalid, format!("differs from row {first_row}, the product's first row; leave it blank or repeat it")));
            }
        }
    }
    let status = match cell("status").to_lowercase().as_str() {
        "" | "draft" => ProductStatus::Draft,
        s => ProductStatus::parse(s).unwrap_or_else(|| {
            errors.push(err(
                *first_row,
                Some("status"),
                ViolationCode::Invalid,
                "use draft, active or archived",
            ));
            ProductStatus::Draft
        }),
    };
    let mut categories = Vec::new();
    for slug in split(&cell("categories"), ';') {
        match category_ids.get(&slug) {
            Some(id) => categories.push(*id),
            None => errors.push(err(
                *first_row,
                Some("categories"),
                ViolationCode::NotFound,
                format!("there is no category \"{slug}\""),
            )),
        }
    }
    let mut listed = Vec::new();
    if let (false, Some(current)) = (has("channels"), current) {
        for c in &current.channels {
            if let Some((code, _)) = channel_ids.iter().find(|(_, id)| **id == c.channel_id) {
                listed.push((code.clone(), *c));
            }
        }
    }
    for entry in split(&cell("channels"), ';') {
        let (code, published) = match entry.strip_suffix(":hidden") {
            Some(code) => (code.to_owned(), false),
            None => (entry.clone(), true),
        };
        match channel_ids.get(&code) {
            Some(id) => listed.push((
                code,
                ChannelDraft {
                    channel_id: *id,
                    published,
                },
            )),
            None => errors.push(err(
                *first_row,
                Some("channels"),
                ViolationCode::NotFound,
                format!("there is no channel with code \"{code}\""),
            )),
        }
    }
    let variants = group
        .rows
        .iter()
        .map(|(row, cells)| {
            let text = |name: &str| cells.get(name).cloned().unwrap_or_default();
            let old = current.and_then(|c| {
                let sku = super::input::normalize_sku(&text("sku"));
                c.variants.iter().find(|v| v.sku == sku)
            });
            let sell = match text("sell_when_out_of_stock").to_lowercase().as_str() {
                "" | "no" | "false" | "0" | "n" => false,
                "yes" | "true" | "1" | "y" => true,
                other => {
                    errors.push(err(
                        *row,
                        Some("sell_when_out_of_stock"),
                        ViolationCode::Invalid,
                        format!("\"{other}\" is not yes or no"),
                    ));
                    false
                }
            };
            let sell = match old {
                Some(old) if !has("sell_when_out_of_stock") => old.sell_when_out_of_stock,
                _ => sell,
            };
            let stock = match old {
                Some(old) if !has("stock") => old.stock_quantity,
                _ => int(*row, cells, "stock", errors).unwrap_or(0),
            };
            let weight = match old {
                Some(old) if !has("weight_grams") => old.weight_grams,
                _ => {
                    int(*row, cells, "weight_grams", errors).map(|w| i32::try_from(w).unwrap_or(-1))
                }
            };
            let option_values = match old {
                Some(old) if !has("option_values") => old.option_values.clone(),
                _ => split(&text("option_values"), '|'),
            };
            let mut prices = Vec::new();
            for (code, channel) in &listed {
                let old_price =
                    old.and_then(|o| o.prices.iter().find(|p| p.channel_id == channel.channel_id));
                if let (false, Some(p)) = (has(&format!("price:{code}")), old_price) {
                    prices.push(*p);
                    continue;
                }
                let amount = int(*row, cells, &format!("price:{code}"), errors);
                let compare_at = match old_price {
                    Some(p) if !has(&format!("compare_at:{code}")) => p.compare_at,
                    _ => int(*row, cells, &format!("compare_at:{code}"), errors),
                };
                match amount {
                    Some(amount) => prices.push(PriceDraft {
                        channel_id: channel.channel_id,
                        amount,
                        compare_at,
                    }),
                    None => errors.push(err(
                        *row,
                        Some(&format!("price:{code}")),
                        ViolationCode::Blank,
                        format!("give the price in channel {code}, where the product is listed"),
                    )),
                }
            }
            VariantDraft {
                id: None,
                sku: text("sku"),
                option_values,
                weight_grams: weight,
                stock_quantity: stock,
                // Without a stock column the count is left as it is (orders may be taking it).
                expected_stock: old.filter(|_| !has("stock")).map(|o| o.stock_quantity),
                sell_when_out_of_stock: sell,
                prices,
                // Images are not in the file: a known variant keeps its own.
                image: old.and_then(|o| o.image),
            }
        })
        .collect();
    let keep = |column: &str| !has(column) && current.is_some();
    ProductDraft {
        name: cell("name"),
        slug: Some(group.slug.clone()),
        description: match current {
            Some(c) if keep("description") => c.description.clone(),
            _ => cell("description"),
        },
        status: match current {
            Some(c) if keep("status") => c.status,
            _ => status,
        },
        option_names: match current {
            Some(c) if keep("options") => c.option_names.clone(),
            _ => split(&cell("options"), '|'),
        },
        category_ids: match current {
            Some(c) if keep("categories") => c.category_ids.clone(),
            _ => categories,
        },
        channels: listed.into_iter().map(|(_, c)| c).collect(),
        variants,
        images: current.map(|c| c.images.clone()).unwrap_or_default(),
    }
}

/// The row and column a violation of a group's draft points at.
fn locate(group: &Group, draft: &ProductDraft, v: &Violation) -> (usize, Option<String>) {
    let first = group.rows[0].0;
    let f: Vec<&str> = v.field.iter().map(String::as_str).collect();
    match f.as_slice() {
        ["variants", i, rest @ ..] => {
            let i: usize = i.parse().unwrap_or(0);
            let row = group.rows.get(i).map(|r| r.0).unwrap_or(first);
            let column = match rest {
                ["sku", ..] => Some("sku".to_owned()),
                ["optionValues", ..] => Some("option_values".to_owned()),
                ["stock", ..] => Some("stock".to_owned()),
                ["weightGrams", ..] => Some("weight_grams".to_owned()),
                ["prices", j, field, ..] => {
                    let j: usize = j.parse().unwrap_or(0);
                    let channel = draft
                        .variants
                        .get(i)
                        .and_then(|v| v.prices.get(j))
                        .map(|p| p.channel_id);
                    let code = group.rows[0].1.get("channels").map(|c| {
                        let listed: Vec<String> = split(c, ';');
                        let k = draft
                            .channels
                            .iter()
                            .position(|c| Some(c.channel_id) == channel)
                            .unwrap_or(0);
                        listed
                            .get(k)
                            .map(|s| s.trim_end_matches(":hidden").to_owned())
                            .unwrap_or_default()
                    });
                    let prefix = if *field == "compareAtAmount" {
                        "compare_at"
                    } else {
                        "price"
                    };
                    Some(format!("{prefix}:{}", code.unwrap_or_default()))
                }
                _ => None,
            };
            (row, column)
        }
        ["variants"] => (first, Some("sku".to_owned())),
        ["options", ..] => (first, Some("options".to_owned())),
        ["categories", ..] => (first, Some("categories".to_owned())),
        ["channels", ..] => (first, Some("channels".to_owned())),
        [name, ..] => (first, Some((*name).to_owned())),
        [] => (first, None),
    }
}

/// Checks every row and, when the whole file is right and `dry_run` is false, creates or
/// updates its products (matched by slug; variants by SKU, those missing from the file are
/// removed) in one transaction. Any problem anywhere: nothing is applied, every problem is
/// reported with its row.
pub fn import(
    conn: &mut AnyConnection,
    text: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<ImportReport, ImportError> {
    let channel_rows: Vec<(i64, String)> = channels::table
        .select((channels::id, channels::code))
        .load(conn)?;
    let channel_codes: Vec<String> = channel_rows.iter().map(|(_, c)| c.clone()).collect();
    let channel_ids: HashMap<String, ChannelId> = channel_rows
        .into_iter()
        .map(|(id, c)| (c, ChannelId(id)))
        .collect();
    let category_ids: HashMap<String, CategoryId> = categories::table
        .select((categories::slug, categories::id))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .map(|(s, id)| (s, CategoryId(id)))
        .collect();
    let (header, groups) = parse(text, &channel_codes).map_err(ImportError::Rows)?;
    if groups.is_empty() {
        return Err(ImportError::Rows(vec![err(
            2,
            None,
            ViolationCode::Blank,
            "the file has no product rows",
        )]));
    }
    let result = db::write_transaction(conn, |conn| {
        let mut errors = Vec::new();
        let mut report = ImportReport::default();
        for group in &groups {
            let existing: Option<i64> = products::table
                .filter(products::slug.eq(&group.slug))
                .select(products::id)
                .first(conn)
                .optional()?;
            let current = match existing {
                Some(id) => match editor::load_draft(conn, ProductId(id)) {
                    Ok(d) => Some(d),
                    Err(CatalogError::Internal(e)) => return Err(ImportError::Internal(e)),
                    Err(_) => None,
                },
                None => None,
            };
            let mut draft = draft_of(
                group,
                &header,
                current.as_ref(),
                &channel_ids,
                &category_ids,
                &mut errors,
            );
            report.variants += draft.variants.len();
            let outcome = match existing {
                Some(id) => {
                    report.updated += 1;
                    let patch = ProductPatch {
                        name: Some(std::mem::take(&mut draft.name)),
                        slug: None,
                        description: Some(std::mem::take(&mut draft.description)),
                        status: Some(draft.status),
                        option_names: Some(std::mem::take(&mut draft.option_names)),
                        category_ids: Some(std::mem::take(&mut draft.category_ids)),
                        channels: Some(draft.channels.clone()),
                        variants: Some(draft.variants.clone()),
                        images: Some(draft.images.clone()),
                    };
                    editor::update_in(conn, ProductId(id), patch, actor).map(|_| ())
                }
                None => {
                    report.created += 1;
                    editor::insert(conn, draft.clone(), actor).map(|_| ())
                }
            };
            match outcome {
                Ok(()) => {}
                Err(CatalogError::Invalid(violations)) => {
                    for v in violations {
                        let (row, column) = locate(group, &draft, &v);
                        errors.push(RowError {
                            row,
                            column,
                            code: v.code,
                            message: v.message,
                        });
                    }
                }
                Err(CatalogError::NotFound) => {
                    errors.push(err(
                        group.rows[0].0,
                        Some("slug"),
                        ViolationCode::NotFound,
                        "the product disappeared during the import; try again",
                    ));
                }
                Err(CatalogError::Internal(e)) => return Err(ImportError::Internal(e)),
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            errors.dedup();
            return Err(ImportError::Rows(errors));
        }
        audit::record(
            conn,
            actor,
            "product.import",
            None,
            serde_json::json!({ "created": report.created, "updated": report.updated, "variants": report.variants, "dry_run": dry_run }),
            db::now(),
        )?;
        if dry_run {
            // Everything checked against the real catalog; nothing kept.
            return Err(ImportError::Rows(Vec::new()));
        }
        Ok(report.clone())
    });
    match result {
        Err(ImportError::Rows(rows)) if rows.is_empty() && dry_run => Ok(recount(&groups, conn)?),
        Ok(report) => {
            refresh_statistics(conn, report.created + report.updated);
            Ok(report)
        }
        other => other,
    }
}

/// Products an import must write before PostgreSQL's tables are vacuumed and analysed at once.
const ANALYZE_AFTER: usize = 500;

/// After a large import, does at once what autovacuum would do a minute or more later on
/// PostgreSQL: refreshes the statistics of the catalog's tables (until then the planner still
/// sees the catalog as it was: grown from 50 to 10,000 products, a listing stayed on the small
/// catalog's plan and took 10 ms of database time instead of 0.1 ms) and marks their pages
/// all-visible, so a search reads the name index's entries without visiting the table (search
/// throughput +24 % on 10,000 products). Best effort: the import has committed, and a failure
/// here only leaves it to autovacuum. SQLite keeps no statistics (none are ever gathered).
fn refresh_statistics(conn: &mut AnyConnection, written: usize) {
    if written < ANALYZE_AFTER {
        return;
    }
    if let AnyConnection::Postgresql(pg) = conn
        && let Err(e) = diesel::sql_query(
            "VACUUM (ANALYZE) products, product_channel_listings, product_variants, \
             variant_channel_listings, product_categories, product_search_grams",
        )
        .execute(pg)
    {
        tracing::warn!(error = %e, "could not refresh the catalog's statistics after an import");
    }
}

/// The report of a dry run (the transaction was rolled back, so count again by slug).
fn recount(groups: &[Group], conn: &mut AnyConnection) -> Result<ImportReport, ImportError> {
    let slugs: Vec<&str> = groups.iter().map(|g| g.slug.as_str()).collect();
    let existing: i64 = products::table
        .filter(products::slug.eq_any(&slugs))
        .count()
        .get_result(conn)?;
    Ok(ImportReport {
        created: groups.len() - existing as usize,
        updated: existing as usize,
        variants: groups.iter().map(|g| g.rows.len()).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_grouped_by_slug_and_checked_cell_by_cell() {
        let codes = vec!["bareun".to_owned()];
        let text = "slug,name,sku,price:bareun\na,A,A-1,100\nb,B,B-1,200\na,,A-2,300\n";
        let (_, groups) = parse(text, &codes).unwrap();
        assert_eq!(
            groups.iter().map(|g| g.slug.as_str()).collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        assert_eq!(
            groups[0].rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![2, 4]
        );

        let bad = parse("slug,nom,sku,price:nowhere\n", &codes).unwrap_err();
        let cols: Vec<_> = bad
            .iter()
            .map(|e| (e.row, e.column.clone().unwrap(), e.code))
            .collect();
        assert!(
            cols.contains(&(1, "name".into(), ViolationCode::Blank)),
            "{cols:?}"
        );
        assert!(
            cols.contains(&(1, "nom".into(), ViolationCode::Invalid)),
            "{cols:?}"
        );
        assert!(
            cols.contains(&(1, "price:nowhere".into(), ViolationCode::NotFound)),
            "{cols:?}"
        );

        let ragged = parse("slug,name,sku\na,A\n", &codes).unwrap_err();
        assert_eq!(ragged[0].row, 2);
        let no_slug = parse("slug,name,sku\n,A,A-1\n", &codes).unwrap_err();
        assert_eq!(
            (no_slug[0].row, no_slug[0].column.as_deref()),
            (2, Some("slug"))
        );
    }

    #[test]
    fn a_draft_reports_its_cells() {
        let codes = vec!["bareun".to_owned()];
        let text = "slug,name,status,channels,sku,stock,price:bareun\na,A,soon,bareun;nowhere,A-1,many,\na,Other,,,A-2,1,100\n";
        let (_, groups) = parse(text, &codes).unwrap();
        let channels: HashMap<String, ChannelId> = [("bareun".to_owned(), ChannelId(1))].into();
        let mut errors = Vec::new();
        let header: Vec<String> = [
            "slug",
            "name",
            "status",
            "channels",
            "sku",
            "stock",
            "price:bareun",
        ]
        .map(String::from)
        .to_vec();
        let draft = draft_of(
            &groups[0],
            &header,
            None,
            &channels,
            &HashMap::new(),
            &mut errors,
        );
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.row, e.column.clone().unwrap_or_default(), e.code))
            .collect();
        assert!(
            got.contains(&(3, "name".into(), ViolationCode::Invalid)),
            "{got:?}"
        );
        assert!(
            got.contains(&(2, "status".into(), ViolationCode::Invalid)),
            "{got:?}"
        );
        assert!(
            got.contains(&(2, "channels".into(), ViolationCode::NotFound)),
            "{got:?}"
        );
        assert!(
            got.contains(&(2, "stock".into(), ViolationCode::Invalid)),
            "{got:?}"
        );
        assert!(
            got.contains(&(2, "price:bareun".into(), ViolationCode::Blank)),
            "{got:?}"
        );
        assert_eq!(draft.variants[1].prices[0].amount, 100);
    }
}
