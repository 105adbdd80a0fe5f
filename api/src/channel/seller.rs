//! Who sells in a channel: the business details a Korean online shop must show shoppers on every
//! page and in its order emails (전자상거래법 제10조: business name, representative, business
//! registration and mail-order report numbers, address, telephone, email, hosting provider; the
//! privacy officer under 개인정보 보호법), the customer centre's hours and the escrow notice
//! (구매안전서비스) the gateway provides. Staff write them in the admin; every field may be
//! empty (not set yet); what is set is checked and written the way people read it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::channel_sellers as cs;
use crate::db::{AnyConnection, DbError, is_unique_violation};
use crate::validation::{Violation, ViolationCode};

/// A channel's seller details; empty strings are fields not set.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    serde::Serialize,
)]
#[diesel(table_name = cs)]
pub struct Seller {
    /// 상호: the business's registered name.
    pub business_name: String,
    /// 대표자.
    pub representative: String,
    /// 사업자등록번호, `123-45-67890` (its check digit verified).
    pub registration_number: String,
    /// 통신판매업 신고번호, e.g. `제2026-서울강남-01234호`.
    pub mail_order_number: String,
    /// 사업장 주소.
    pub address: String,
    /// The customer centre's telephone, e.g. `1588-1234`.
    pub phone: String,
    /// The customer centre's email.
    pub email: String,
    /// The customer centre's hours, e.g. `평일 10:00–17:00 (점심 12:00–13:00)`.
    pub hours: String,
    /// 개인정보 보호책임자 (name, and a contact if the shop gives one).
    pub privacy_officer: String,
    /// 호스팅서비스 제공자.
    pub hosting_provider: String,
    /// The consumer-protection (escrow) notice the gateway provides, shown as written.
    pub escrow_notice: String,
}

/// Changes to a channel's seller details; `None` leaves a field as it is, an empty string
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SellerUpdate {
    pub business_name: Option<String>,
    pub representative: Option<String>,
    pub registration_number: Option<String>,
    pub mail_order_number: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hours: Option<String>,
    pub privacy_officer: Option<String>,
    pub hosting_provider: Option<String>,
    pub escrow_notice: Option<String>,
}

/// How a field's text is checked once trimmed (empty always passes: the field is cleared).
#[derive(Clone, Copy)]
enum Rule {
    /// One line of at most this many characters.
    Line(usize),
    /// Any text of at most this many characters, line breaks allowed.
    Text(usize),
    RegistrationNumber,
    Telephone,
    Email,
}

impl SellerUpdate {
    /// Each field with its API name, its rule and where its value goes.
    fn fields(&mut self) -> [(&'static str, Rule, &mut Option<String>); 11] {
        [
            ("businessName", Rule::Line(100), &mut self.business_name),
            ("representative", Rule::Line(100), &mut self.representative),
            (
                "registrationNumber",
                Rule::RegistrationNumber,
                &mut self.registration_number,
            ),
            (
                "mailOrderNumber",
                Rule::Line(60),
                &mut self.mail_order_number,
            ),
            ("address", Rule::Line(300), &mut self.address),
            ("phone", Rule::Telephone, &mut self.phone),
            ("email", Rule::Email, &mut self.email),
            ("hours", Rule::Line(200), &mut self.hours),
            ("privacyOfficer", Rule::Line(200), &mut self.privacy_officer),
            (
                "hostingProvider",
                Rule::Line(100),
                &mut self.hosting_provider,
            ),
            ("escrowNotice", Rule::Text(1_000), &mut self.escrow_notice),
        ]
    }

    /// The update with every value trimmed and written the usual way, or what is wrong with it
    /// (fields under `seller`).
    pub fn checked(mut self) -> Result<SellerUpdate, Vec<Violation>> {
        let mut violations = Vec::new();
        for (name, rule, value) in self.fields() {
            let Some(v) = value.as_mut() else { continue };
            let trimmed = v.trim().to_owned();
            *v = trimmed;
            if v.is_empty() {
                continue;
            }
            let refuse = |code, message: String| Violation::new(&["seller", name], code, message);
            let problem = match rule {
                Rule::Line(max) | Rule::Text(max) if v.chars().count() > max => Some(refuse(
                    ViolationCode::TooLong,
                    format!("{name} must be at most {max} characters"),
                )),
                Rule::Line(_) if v.chars().any(char::is_control) => Some(refuse(
                    ViolationCode::Invalid,
                    format!("{name} must be one line"),
                )),
                Rule::Text(_) if v.chars().any(|c| c.is_control() && c != '\n') => Some(refuse(
                    ViolationCode::Invalid,
                    format!("{name} must not contain control characters"),
                )),
                Rule::Line(_) | Rule::Text(_) => None,
                Rule::RegistrationNumber => match shared::business::registration_number(v) {
                    Some(formatted) => {
                        *v = formatted;
                        None
                    }
                    None => Some(refuse(
                        ViolationCode::Invalid,
                        "not a business registration number: ten digits whose last is the \
                         check digit, e.g. 124-81-00998"
                            .into(),
                    )),
                },
                Rule::Telephone => match shared::business::telephone(v) {
                    Some(formatted) => {
                        *v = formatted;
                        None
                    }
                    None => Some(refuse(
                        ViolationCode::Invalid,
                        "not a Korean telephone number, e.g. 1588-1234 or 02-123-4567".into(),
                    )),
                },
                Rule::Email => match shared::account::normalize_email(v) {
                    Ok(email) => {
                        *v = email;
                        None
                    }
                    Err(_) => Some(refuse(
                        ViolationCode::Invalid,
                        "not an email address, e.g. help@example.com".into(),
                    )),
                },
            };
            violations.extend(problem);
        }
        if violations.is_empty() {
            Ok(self)
        } else {
            Err(violations)
        }
    }

    /// Whether the update changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changed_fields().is_empty()
    }

    /// The API names of the fields this update writes (for the audit log).
    pub fn changed_fields(&self) -> Vec<&'static str> {
        self.clone()
            .fields()
            .iter()
            .filter(|(_, _, v)| v.is_some())
            .map(|(name, _, _)| *name)
            .collect()
    }

    /// `seller` with this update's values put in.
    pub fn apply_to(mut self, mut seller: Seller) -> Seller {
        let targets = [
            &mut seller.business_name,
            &mut seller.representative,
            &mut seller.registration_number,
            &mut seller.mail_order_number,
            &mut seller.address,
            &mut seller.phone,
            &mut seller.email,
            &mut seller.hours,
            &mut seller.privacy_officer,
            &mut seller.hosting_provider,
            &mut seller.escrow_notice,
        ];
        for ((_, _, value), target) in self.fields().into_iter().zip(targets) {
            if let Some(v) = value.take() {
                *target = v;
            }
        }
        seller
    }
}

impl Seller {
    /// Whether any detail is set (an email footer shows them only then).
    pub fn is_set(&self) -> bool {
        self != &Seller::default()
    }
}

/// The seller details of `channel_id` (all empty when none were ever saved).
pub fn get(conn: &mut AnyConnection, channel_id: i64) -> Result<Seller, DbError> {
    Ok(cs::table
        .find(channel_id)
        .select(Seller::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Writes a checked update into `channel_id`'s details, in the caller's write transaction;
/// returns the details after it.
pub fn save(
    conn: &mut AnyConnection,
    channel_id: i64,
    update: SellerUpdate,
    now: NaiveDateTime,
) -> Result<Seller, DbError> {
    let seller = update.apply_to(get(conn, channel_id)?);
    let write = |conn: &mut AnyConnection| {
        diesel::update(cs::table.find(channel_id))
            .set((&seller, cs::updated_at.eq(now)))
            .execute(conn)
    };
    if write(conn)? == 0 {
        let inserted = diesel::insert_into(cs::table)
            .values((
                cs::channel_id.eq(channel_id),
                &seller,
                cs::updated_at.eq(now),
            ))
            .execute(conn);
        match inserted {
            Ok(_) => {}
            // Another transaction created the row first (PostgreSQL): write over it.
            Err(e) if is_unique_violation(&e) => {
                write(conn)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(seller)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(update: SellerUpdate) -> Vec<(String, ViolationCode)> {
        update
            .checked()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.field.join("."), v.code))
            .collect()
    }

    #[test]
    fn values_are_trimmed_and_written_the_usual_way() {
        let checked = SellerUpdate {
            business_name: Some("  주식회사 바른한끼 ".into()),
            registration_number: Some("1248100998".into()),
            phone: Some("15881234".into()),
            email: Some(" Help@BareunHanggi.Example ".into()),
            address: Some(String::new()),
            escrow_notice: Some(
                "고객님의 안전거래를 위해\n구매안전서비스를 이용하실 수 있습니다.".into(),
            ),
            ..Default::default()
        }
        .checked()
        .unwrap();
        assert_eq!(checked.business_name.as_deref(), Some("주식회사 바른한끼"));
        assert_eq!(checked.registration_number.as_deref(), Some("124-81-00998"));
        assert_eq!(checked.phone.as_deref(), Some("1588-1234"));
        assert_eq!(checked.email.as_deref(), Some("help@bareunhanggi.example"));
        assert_eq!(checked.address.as_deref(), Some(""), "empty clears");
        assert_eq!(checked.representative, None, "left out stays");
        let seller = checked.apply_to(Seller {
            representative: "김바른".into(),
            address: "서울".into(),
            ..Default::default()
        });
        assert_eq!(seller.representative, "김바른");
        assert_eq!(seller.address, "");
        assert_eq!(seller.business_name, "주식회사 바른한끼");
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = SellerUpdate {
            registration_number: Some("124-81-00999".into()),
            phone: Some("123".into()),
            email: Some("help@".into()),
            hours: Some("평일\n10시".into()),
            business_name: Some("가".repeat(101)),
            escrow_notice: Some("a\u{7}".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(bad),
            [
                ("seller.businessName".into(), ViolationCode::TooLong),
                ("seller.registrationNumber".into(), ViolationCode::Invalid),
                ("seller.phone".into(), ViolationCode::Invalid),
                ("seller.email".into(), ViolationCode::Invalid),
                ("seller.hours".into(), ViolationCode::Invalid),
                ("seller.escrowNotice".into(), ViolationCode::Invalid),
            ]
        );
        assert!(SellerUpdate::default().is_empty());
        assert!(
            !SellerUpdate {
                hours: Some(String::new()),
                ..Default::default()
            }
            .is_empty()
        );
    }
}
