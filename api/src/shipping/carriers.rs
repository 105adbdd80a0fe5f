//! Carriers (CJ Logistics, Korea Post, Hanjin, Lotte, Logen, …) and their tracking-page URL
//! templates: `{number}` is replaced by the tracking number.

use diesel::prelude::*;

use crate::access::audit::{self, Actor};
use crate::db::schema::carriers as c;
use crate::db::{self, AnyConnection, DbError, write_transaction};
use crate::validation::{Violation, ViolationCode, required_text};

/// The placeholder a template must contain.
pub const NUMBER_PLACEHOLDER: &str = "{number}";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = c)]
pub struct Carrier {
    pub code: String,
    pub name: String,
    pub tracking_url_template: String,
    pub position: i32,
    pub active: bool,
}

impl Carrier {
    /// The carrier's tracking page for `number`.
    pub fn tracking_url(&self, number: &str) -> String {
        let encoded: String =
            url::form_urlencoded::byte_serialize(number.trim().as_bytes()).collect();
        self.tracking_url_template
            .replace(NUMBER_PLACEHOLDER, &encoded)
    }
}

/// Every carrier, in display order.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<Carrier>, DbError> {
    Ok(c::table
        .order((c::position.asc(), c::code.asc()))
        .select(Carrier::as_select())
        .load(conn)?)
}

pub fn get(conn: &mut AnyConnection, code: &str) -> Result<Option<Carrier>, DbError> {
    Ok(c::table
        .find(code.trim().to_ascii_uppercase())
        .select(Carrier::as_select())
        .first(conn)
        .optional()?)
}

/// The tracking page of `number` with carrier `code`, if the carrier is known.
pub fn tracking_url(
    conn: &mut AnyConnection,
    code: &str,
    number: &str,
) -> Result<Option<String>, DbError> {
    Ok(get(conn, code)?.map(|carrier| carrier.tracking_url(number)))
}

/// Changes to a carrier.
#[derive(Debug, Clone, Default)]
pub struct CarrierUpdate {
    pub name: Option<String>,
    pub tracking_url_template: Option<String>,
    pub active: Option<bool>,
}

/// Checks a tracking-page template: an absolute http(s) URL containing `{number}`.
pub fn check_template(template: &str) -> Result<String, Violation> {
    let t = template.trim();
    let ok = (t.starts_with("https://") || t.starts_with("http://"))
        && t.contains(NUMBER_PLACEHOLDER)
        && t.len() <= 500
        && !t.chars().any(|ch| ch.is_whitespace() || ch.is_control());
    if ok {
        Ok(t.to_owned())
    } else {
        Err(Violation::new(
            &["trackingUrlTemplate"],
            ViolationCode::Invalid,
            "the template must be an http(s) address containing {number}, e.g. https://carrier.example/track?no={number}",
        ))
    }
}

/// Edits a carrier (audited).
pub fn update(
    conn: &mut AnyConnection,
    code: &str,
    update: CarrierUpdate,
    actor: &Actor,
) -> Result<Carrier, CarrierError> {
    let mut violations = Vec::new();
    let name = update
        .name
        .as_deref()
        .map(|n| required_text("name", n, 50, &mut violations));
    let template = match update.tracking_url_template.as_deref().map(check_template) {
        Some(Ok(t)) => Some(t),
        Some(Err(v)) => {
            violations.push(v);
            None
        }
        None => None,
    };
    if !violations.is_empty() {
        return Err(CarrierError::Invalid(violations));
    }
    write_transaction(conn, |conn| {
        let current = get(conn, code)?.ok_or(CarrierError::NotFound)?;
        diesel::update(c::table.find(&current.code))
            .set((
                c::name.eq(name.as_deref().unwrap_or(&current.name)),
                c::tracking_url_template.eq(template
                    .as_deref()
                    .unwrap_or(&current.tracking_url_template)),
                c::active.eq(update.active.unwrap_or(current.active)),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            actor,
            "carrier.update",
            Some(current.code.clone()),
            serde_json::json!({ "name": name, "tracking_url_template": template, "active": update.active }),
            db::now(),
        )?;
        get(conn, &current.code)?.ok_or(CarrierError::NotFound)
    })
}

#[derive(Debug, thiserror::Error)]
pub enum CarrierError {
    #[error("there is no such carrier")]
    NotFound,
    #[error("{}", .0.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Violation>),
    #[error(transparent)]
    Internal(#[from] DbError),
}

impl From<diesel::result::Error> for CarrierError {
    fn from(e: diesel::result::Error) -> Self {
        CarrierError::Internal(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_urls_carry_the_number_encoded() {
        let cj = Carrier {
            code: "CJ".into(),
            name: "CJ대한통운".into(),
            tracking_url_template:
                "https://trace.cjlogistics.com/next/tracking.html?wblNo={number}".into(),
            position: 1,
            active: true,
        };
        assert_eq!(
            cj.tracking_url(" 512345678901 "),
            "https://trace.cjlogistics.com/next/tracking.html?wblNo=512345678901"
        );
        assert_eq!(
            cj.tracking_url("1&x=2"),
            "https://trace.cjlogistics.com/next/tracking.html?wblNo=1%26x%3D2"
        );
    }

    #[test]
    fn templates_need_an_address_and_the_placeholder() {
        assert!(check_template("https://x.example/t?n={number}").is_ok());
        for bad in [
            "",
            "https://x.example/t",
            "javascript:alert({number})",
            "ftp://x/{number}",
            "https://x.example/ {number}",
        ] {
            assert!(check_template(bad).is_err(), "{bad}");
        }
    }
}
