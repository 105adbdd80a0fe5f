//! Bulk tracking numbers: staff upload a CSV of `order_number,carrier,tracking_number` (a
//! logistics centre's export; Korean headers `주문번호,택배사,운송장번호` work too, and a carrier
//! may be given by code or name). Every row is checked and applied in one transaction, all or
//! nothing, and every problem is reported with its row and column.

use crate::access::audit::Actor;
use crate::catalog::csv_io::RowError;
use crate::db::{AnyConnection, DbError, write_transaction};
use crate::order::OrderError;
use crate::order::service as orders_svc;
use crate::validation::ViolationCode;

/// Most rows in one file.
pub const MAX_ROWS: usize = 5_000;

const COLUMNS: [(&str, &str); 3] = [
    ("order_number", "주문번호"),
    ("carrier", "택배사"),
    ("tracking_number", "운송장번호"),
];

#[derive(Debug, thiserror::Error)]
pub enum TrackingImportError {
    #[error("the file has {} problem(s)", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

fn row_error(
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

struct Line {
    row: usize,
    number: String,
    carrier: String,
    tracking: String,
}

fn parse(text: &str) -> Result<Vec<Line>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            vec![row_error(
                1,
                None,
                ViolationCode::Invalid,
                format!("the file is not CSV: {e}"),
            )]
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut index = [0usize; 3];
    let mut problems = Vec::new();
    for (i, (en, ko)) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| h == en || h == ko) {
            Some(p) => index[i] = p,
            None => problems.push(row_error(
                1,
                Some(en),
                ViolationCode::Blank,
                format!("the header has no {en} ({ko}) column"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lines = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if lines.len() >= MAX_ROWS {
            return Err(vec![row_error(
                row,
                None,
                ViolationCode::OutOfRange,
                format!("a file may have at most {MAX_ROWS} rows"),
            )]);
        }
        match record {
            Ok(r) => {
                let cell = |k: usize| r.get(index[k]).unwrap_or("").to_owned();
                if r.iter().all(str::is_empty) {
                    continue;
                }
                lines.push(Line {
                    row,
                    number: cell(0),
                    carrier: cell(1),
                    tracking: cell(2),
                });
            }
            Err(e) => problems.push(row_error(
                row,
                None,
                ViolationCode::Invalid,
                format!("unreadable row: {e}"),
            )),
        }
    }
    if lines.is_empty() && problems.is_empty() {
        problems.push(row_error(
            2,
            None,
            ViolationCode::Blank,
            "the file has no rows",
        ));
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// Ships every order of the file with its carrier and tracking number; with `dry_run`, checks
/// everything and changes nothing. Returns how many orders were (or would be) shipped.
pub fn import(
    conn: &mut AnyConnection,
    text: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<usize, TrackingImportError> {
    let lines = parse(text).map_err(TrackingImportError::Rows)?;
    let carriers = super::carriers::list(conn)?;
    let result = write_transaction(conn, |conn| {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for line in &lines {
            if !seen.insert(line.number.clone()) {
                problems.push(row_error(
                    line.row,
                    Some("order_number"),
                    ViolationCode::Taken,
                    format!("order {} is on an earlier row too", line.number),
                ));
                continue;
            }
            let Some(carrier) = carriers
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(&line.carrier) || c.name == line.carrier)
            else {
                problems.push(row_error(
                    line.row,
                    Some("carrier"),
                    ViolationCode::NotFound,
                    format!(
                        "unknown carrier {:?} (use a code such as CJ, EPOST, HANJIN, LOTTE, LOGEN)",
                        line.carrier
                    ),
                ));
                continue;
            };
            let Some(order) = orders_svc::by_number(conn, &line.number)? else {
                problems.push(row_error(
                    line.row,
                    Some("order_number"),
                    ViolationCode::NotFound,
                    format!("there is no order {}", line.number),
                ));
                continue;
            };
            match orders_svc::ship_within(conn, order.id, &carrier.code, &line.tracking, actor) {
                Ok(_) => {}
                Err(OrderError::Internal(e)) => return Err(TrackingImportError::Internal(e)),
                Err(e) => {
                    let column = match &e {
                        OrderError::Invalid(v)
                            if v.iter().any(|v| v.field == ["trackingNumber"]) =>
                        {
                            "tracking_number"
                        }
                        _ => "order_number",
                    };
                    let code = match &e {
                        OrderError::Invalid(v) => {
                            v.first().map_or(ViolationCode::Invalid, |v| v.code)
                        }
                        _ => ViolationCode::InvalidState,
                    };
                    problems.push(row_error(
                        line.row,
                        Some(column),
                        code,
                        format!("order {}: {e}", line.number),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(TrackingImportError::Rows(problems));
        }
        if dry_run {
            // Undo everything: a dry run reports, never applies.
            return Err(TrackingImportError::Rows(Vec::new()));
        }
        Ok(lines.len())
    });
    match result {
        Err(TrackingImportError::Rows(rows)) if rows.is_empty() && dry_run => Ok(lines.len()),
        other => other,
    }
}

impl From<diesel::result::Error> for TrackingImportError {
    fn from(e: diesel::result::Error) -> Self {
        TrackingImportError::Internal(e.into())
    }
}
