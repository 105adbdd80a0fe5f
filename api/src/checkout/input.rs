//! What a shopper sends to check out, and every rule about it that needs no database: the
//! orderer's contact details, a Korean shipping address (postal code, road address, detail,
//! recipient, phone, delivery note) and the agreements the order needs. Pure, so each rule is
//! unit-tested.

use shared::KrMobile;
use shared::account::{ADDRESS_MAX, NAME_MAX};
use shared::checkout::MAX_DELIVERY_NOTE_CHARS;

use crate::order::model::{AgreementKind, ShippingAddress};
use crate::validation::{Violation, ViolationCode, code_of};

/// A shipping address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub road_address: String,
    pub detail_address: String,
    pub delivery_note: String,
}

/// The orderer as typed (members' blanks are filled from their account).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ContactInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The agreements as sent; `None` (left out) counts as not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct AgreementsInput {
    pub purchase_conditions: Option<bool>,
    pub privacy_collection: Option<bool>,
}

/// The agreements an order needs: the purchase conditions always, and from a guest the consent
/// to collect the orderer's and recipient's details (a member gave their details with their
/// account). Each one not given is reported under `agreements`.
pub fn check_agreements(
    input: &AgreementsInput,
    guest: bool,
    violations: &mut Vec<Violation>,
) -> Vec<AgreementKind> {
    let mut needed = vec![(
        AgreementKind::PurchaseConditions,
        "purchaseConditions",
        input.purchase_conditions,
        "agree to the purchase conditions (구매조건 확인 및 결제 진행 동의) to place the order",
    )];
    if guest {
        needed.push((
            AgreementKind::PrivacyCollection,
            "privacyCollection",
            input.privacy_collection,
            "an order without an account needs consent to collect the orderer's and recipient's \
             details (개인정보 수집·이용 동의)",
        ));
    }
    let mut given = Vec::new();
    for (kind, field, answer, message) in needed {
        if answer == Some(true) {
            given.push(kind);
        } else {
            violations.push(Violation::new(
                &["agreements", field],
                ViolationCode::ConsentRequired,
                message,
            ));
        }
    }
    given
}

/// The orderer, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// E.164.
    pub phone: String,
}

fn text(
    path: &[&str],
    value: &str,
    max: usize,
    required: bool,
    what: &str,
    violations: &mut Vec<Violation>,
) -> String {
    let v = value.trim();
    if v.is_empty() && required {
        violations.push(Violation::new(
            path,
            ViolationCode::Blank,
            format!("enter {what}"),
        ));
    } else if v.chars().count() > max {
        violations.push(Violation::new(
            path,
            ViolationCode::TooLong,
            format!("{what} must be at most {max} characters"),
        ));
    } else if v.chars().any(char::is_control) {
        violations.push(Violation::new(
            path,
            ViolationCode::Invalid,
            format!("{what} must be one line"),
        ));
    }
    v.to_owned()
}

fn phone(path: &[&str], value: &str, violations: &mut Vec<Violation>) -> String {
    if value.trim().is_empty() {
        violations.push(Violation::new(
            path,
            ViolationCode::Blank,
            "enter a mobile phone number",
        ));
        return String::new();
    }
    match value.parse::<KrMobile>() {
        Ok(p) => p.e164(),
        Err(e) => {
            violations.push(Violation::new(path, ViolationCode::Invalid, e.to_string()));
            String::new()
        }
    }
}

/// Checks a shipping address; fields are reported under `shippingAddress`.
pub fn check_address(input: &AddressInput, violations: &mut Vec<Violation>) -> ShippingAddress {
    let at = |f: &'static str| ["shippingAddress", f];
    let postal_code = match shared::account::check_postal_code(&input.postal_code) {
        Ok(code) => code,
        Err(p) => {
            violations.push(Violation::new(
                &at("postalCode"),
                code_of(p),
                "a postal code (우편번호) is five digits, e.g. 06236",
            ));
            String::new()
        }
    };
    ShippingAddress {
        recipient: text(
            &at("recipient"),
            &input.recipient,
            NAME_MAX,
            true,
            "the recipient's name",
            violations,
        ),
        phone: phone(&at("phone"), &input.phone, violations),
        postal_code,
        road_address: text(
            &at("roadAddress"),
            &input.road_address,
            ADDRESS_MAX,
            true,
            "the road address",
            violations,
        ),
        detail_address: text(
            &at("detailAddress"),
            &input.detail_address,
            ADDRESS_MAX,
            false,
            "the detail address",
            violations,
        ),
        delivery_note: text(
            &at("deliveryNote"),
            &input.delivery_note,
            MAX_DELIVERY_NOTE_CHARS,
            false,
            "the delivery note",
            violations,
        ),
    }
}

/// Checks the orderer, filling blanks from `defaults` (a member's account).
pub fn check_contact(
    input: &ContactInput,
    defaults: Option<&Contact>,
    violations: &mut Vec<Violation>,
) -> Contact {
    let pick = |given: &Option<String>, default: Option<&String>| {
        given
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .or_else(|| default.cloned())
            .unwrap_or_default()
    };
    let name = pick(&input.name, defaults.map(|d| &d.name));
    let email = pick(&input.email, defaults.map(|d| &d.email));
    let phone_text = pick(&input.phone, defaults.map(|d| &d.phone));
    let email = match shared::account::normalize_email(&email) {
        Ok(e) => e,
        Err(p) => {
            violations.push(Violation::new(
                &["email"],
                code_of(p),
                "enter a valid email address for the order's messages, e.g. jisoo@example.com",
            ));
            String::new()
        }
    };
    Contact {
        name: text(
            &["customerName"],
            &name,
            NAME_MAX,
            true,
            "the orderer's name",
            violations,
        ),
        email,
        phone: phone(&["phone"], &phone_text, violations),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> AddressInput {
        AddressInput {
            recipient: "김지수".into(),
            phone: "010-1234-5678".into(),
            postal_code: "06236".into(),
            road_address: "서울특별시 강남구 테헤란로 123".into(),
            detail_address: "4층".into(),
            delivery_note: "문 앞에 놓아 주세요".into(),
        }
    }

    fn fields(v: &[Violation]) -> Vec<(String, ViolationCode)> {
        v.iter().map(|v| (v.field.join("."), v.code)).collect()
    }

    #[test]
    fn orders_need_the_purchase_conditions_and_guests_the_privacy_consent() {
        let all = AgreementsInput {
            purchase_conditions: Some(true),
            privacy_collection: Some(true),
        };
        let mut v = Vec::new();
        assert_eq!(
            check_agreements(&all, true, &mut v),
            [
                AgreementKind::PurchaseConditions,
                AgreementKind::PrivacyCollection
            ]
        );
        assert_eq!(
            check_agreements(&all, false, &mut v),
            [AgreementKind::PurchaseConditions],
            "a member's details came with the account"
        );
        assert!(v.is_empty());
        for (input, guest, refused) in [
            (
                AgreementsInput::default(),
                true,
                vec![
                    "agreements.purchaseConditions",
                    "agreements.privacyCollection",
                ],
            ),
            (
                AgreementsInput::default(),
                false,
                vec!["agreements.purchaseConditions"],
            ),
            (
                AgreementsInput {
                    purchase_conditions: Some(false),
                    privacy_collection: Some(true),
                },
                true,
                vec!["agreements.purchaseConditions"],
            ),
            (
                AgreementsInput {
                    purchase_conditions: Some(true),
                    privacy_collection: Some(false),
                },
                true,
                vec!["agreements.privacyCollection"],
            ),
        ] {
            let mut v = Vec::new();
            check_agreements(&input, guest, &mut v);
            let got: Vec<_> = fields(&v);
            assert_eq!(
                got,
                refused
                    .into_iter()
                    .map(|f| (f.to_owned(), ViolationCode::ConsentRequired))
                    .collect::<Vec<_>>(),
                "{input:?} guest={guest}"
            );
        }
    }

    #[test]
    fn a_good_address_is_kept_with_the_phone_in_e164() {
        let mut v = Vec::new();
        let a = check_address(&good(), &mut v);
        assert!(v.is_empty(), "{v:?}");
        assert_eq!(a.phone, "+821012345678");
        assert_eq!(a.postal_code, "06236");
    }

    #[test]
    fn every_bad_field_is_reported_at_its_path() {
        let bad = AddressInput {
            recipient: " ".into(),
            phone: "02-123".into(),
            postal_code: "1234".into(),
            road_address: String::new(),
            detail_address: "x".repeat(201),
            delivery_note: "첫 줄\n둘째 줄".into(),
        };
        let mut v = Vec::new();
        check_address(&bad, &mut v);
        assert_eq!(
            fields(&v),
            vec![
                ("shippingAddress.postalCode".into(), ViolationCode::Invalid),
                ("shippingAddress.recipient".into(), ViolationCode::Blank),
                ("shippingAddress.phone".into(), ViolationCode::Invalid),
                ("shippingAddress.roadAddress".into(), ViolationCode::Blank),
                (
                    "shippingAddress.detailAddress".into(),
                    ViolationCode::TooLong
                ),
                (
                    "shippingAddress.deliveryNote".into(),
                    ViolationCode::Invalid
                ),
            ]
        );
    }

    #[test]
    fn a_members_account_fills_the_orderer() {
        let member = Contact {
            name: "김지수".into(),
            email: "jisoo@example.com".into(),
            phone: "010-9876-5432".into(),
        };
        let mut v = Vec::new();
        let c = check_contact(&ContactInput::default(), Some(&member), &mut v);
        assert!(v.is_empty(), "{v:?}");
        assert_eq!(c.phone, "+821098765432");
        let c = check_contact(
            &ContactInput {
                email: Some("Other@Example.com".into()),
                ..Default::default()
            },
            Some(&member),
            &mut v,
        );
        assert_eq!(c.email, "other@example.com");
        let mut v = Vec::new();
        check_contact(&ContactInput::default(), None, &mut v);
        assert_eq!(
            fields(&v),
            vec![
                ("email".into(), ViolationCode::Blank),
                ("customerName".into(), ViolationCode::Blank),
                ("phone".into(), ViolationCode::Blank),
            ]
        );
    }
}
