//! Rules for account input that the server enforces and the storefront and admin forms check
//! before sending: email addresses, passwords and Korean postal codes. One implementation, so a
//! form never accepts what the server refuses (or the reverse).

use std::fmt;

/// Longest email address accepted (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// Shortest password accepted.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted (in characters); longer inputs only cost hashing time.
pub const PASSWORD_MAX: usize = 128;
/// Longest person's name, in characters: a member's, an orderer's, a recipient's.
pub const NAME_MAX: usize = 50;
/// Longest road address and longest detail address, in characters: saved addresses and an
/// order's shipping address alike, so a saved address always fits an order.
pub const ADDRESS_MAX: usize = 200;

/// What is wrong with an input, as a code the UI can translate and the API reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Blank,
    Invalid,
    TooShort,
    TooLong,
    /// A password that is the email address, a part of it, or a well-known weak pattern.
    Weak,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Problem::Blank => "blank",
            Problem::Invalid => "invalid",
            Problem::TooShort => "too short",
            Problem::TooLong => "too long",
            Problem::Weak => "weak",
        })
    }
}

/// Normalises and checks an email address: trimmed, lower-cased, one `@`, a non-empty local part
/// without spaces or control characters, and a domain of dot-separated labels with a dot in it.
pub fn normalize_email(input: &str) -> Result<String, Problem> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Blank);
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(Problem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(Problem::Invalid);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:@\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2);
    if local_ok && domain_ok {
        Ok(email)
    } else {
        Err(Problem::Invalid)
    }
}

/// Passwords refused whatever their length: the most common ones and keyboard walks.
const WEAK: &[&str] = &[
    "password",
    "passw0rd",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1q2w3e4r",
    "iloveyou",
    "letmein",
    "welcome",
    "admin",
    "abc123",
    "abcd1234",
    "qwer1234",
    "asdf1234",
    "1234qwer",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "dragon",
    "monkey",
    "master",
    "jangteo",
];

/// Checks a new password for the account with `email`: 10 to 128 characters, not the email
/// address or its local part, not mostly one repeated character, not a run of consecutive
/// digits, and not a well-known password with digits or symbols around it.
pub fn check_password(password: &str, email: &str) -> Result<(), Problem> {
    let len = password.chars().count();
    if password.trim().is_empty() {
        return Err(Problem::Blank);
    }
    if len < PASSWORD_MIN {
        return Err(Problem::TooShort);
    }
    if len > PASSWORD_MAX {
        return Err(Problem::TooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if lower == email || (local.len() >= 4 && lower.contains(local)) {
        return Err(Problem::Weak);
    }
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 3 {
        return Err(Problem::Weak);
    }
    if is_sequence(&lower) {
        return Err(Problem::Weak);
    }
    let core: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let weak = WEAK.iter().any(|w| {
        core == *w
            || lower
                .find(w)
                .is_some_and(|at| trivial(&lower[..at]) && trivial(&lower[at + w.len()..]))
    });
    if weak {
        return Err(Problem::Weak);
    }
    Ok(())
}

/// `12345678901`, `9876543210`, `abcdefghijk`: each character one more (or less) than the last.
fn is_sequence(s: &str) -> bool {
    // `0` follows `9` on the keyboard's number row.
    let next = |a: u32, b: u32| b == a + 1 || (a == u32::from('9') && b == u32::from('0'));
    let chars: Vec<u32> = s.chars().map(u32::from).collect();
    let up = chars.windows(2).all(|w| next(w[0], w[1]));
    let down = chars.windows(2).all(|w| next(w[1], w[0]));
    up || down
}

/// Digits and symbols around a weak word, or at most two more letters (`1q2w3e4r5t`).
fn trivial(rest: &str) -> bool {
    rest.chars().filter(|c| c.is_alphabetic()).count() <= 2
}

/// A Korean postal code (국가기초구역번호): exactly five digits.
pub fn check_postal_code(input: &str) -> Result<String, Problem> {
    let code = input.trim();
    if code.is_empty() {
        return Err(Problem::Blank);
    }
    if code.len() == 5 && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(Problem::Invalid)
    }
}

/// A place chosen in Kakao's postcode search (the fields of its `oncomplete` data this shop
/// uses; absent ones are empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostcodeResult {
    /// `zonecode`: the five-digit postal code.
    pub zonecode: String,
    /// `roadAddress`: empty when the place has none.
    pub road_address: String,
    /// `autoRoadAddress`: the road address guessed for a lot-number choice.
    pub auto_road_address: String,
    /// `bname`: the legal dong or ri.
    pub bname: String,
    /// `buildingName`.
    pub building_name: String,
    /// `apartment`: `Y` for an apartment building.
    pub apartment: String,
}

impl PostcodeResult {
    /// The postal code and the road address to fill in, written as the service's guide does: the
    /// road address, then in brackets the dong (a name ending in 동, 로 or 가) and an apartment's
    /// building name, e.g. `서울 강남구 테헤란로 131 (역삼동, 한국지식재산센터)`. `None` for the
    /// address when the place has no road address (the shopper types it).
    pub fn fill(&self) -> (String, Option<String>) {
        let road = [&self.road_address, &self.auto_road_address]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty());
        let road = road.map(|road| {
            let mut extra = Vec::new();
            let dong = self.bname.trim();
            if !dong.is_empty() && dong.ends_with(['동', '로', '가']) {
                extra.push(dong);
            }
            let building = self.building_name.trim();
            if !building.is_empty() && self.apartment.trim() == "Y" {
                extra.push(building);
            }
            if extra.is_empty() {
                road.to_owned()
            } else {
                format!("{road} ({})", extra.join(", "))
            }
        });
        (self.zonecode.trim().to_owned(), road)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postcode_choice_fills_the_road_address_as_the_guide_writes_it() {
        let place = PostcodeResult {
            zonecode: "06236".into(),
            road_address: "서울 강남구 테헤란로 131".into(),
            bname: "역삼동".into(),
            building_name: "한국지식재산센터".into(),
            apartment: "N".into(),
            ..Default::default()
        };
        assert_eq!(
            place.fill(),
            (
                "06236".into(),
                Some("서울 강남구 테헤란로 131 (역삼동)".into())
            )
        );
        let flat = PostcodeResult {
            building_name: "래미안".into(),
            apartment: "Y".into(),
            ..place.clone()
        };
        assert_eq!(
            flat.fill().1.as_deref(),
            Some("서울 강남구 테헤란로 131 (역삼동, 래미안)")
        );
        // A ri is not written; a lot-number choice takes the guessed road address.
        let village = PostcodeResult {
            zonecode: "12345".into(),
            road_address: String::new(),
            auto_road_address: "경기 양평군 양서면 북한강로 1".into(),
            bname: "용담리".into(),
            ..Default::default()
        };
        assert_eq!(
            village.fill(),
            ("12345".into(), Some("경기 양평군 양서면 북한강로 1".into()))
        );
        // No road address at all: the postal code alone, the address left to the shopper.
        let none = PostcodeResult {
            zonecode: "63534".into(),
            road_address: "  ".into(),
            bname: "대정읍".into(),
            ..Default::default()
        };
        assert_eq!(none.fill(), ("63534".into(), None));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Kim@Example.COM "),
            Ok("kim@example.com".into())
        );
        assert_eq!(
            normalize_email("지수@예시.한국"),
            Ok("지수@예시.한국".into())
        );
        assert_eq!(normalize_email(""), Err(Problem::Blank));
        for bad in [
            "kim",
            "kim@",
            "@example.com",
            "kim@example",
            "kim@@example.com",
            "kim example@example.com",
            "kim@exa mple.com",
            "kim@-example.com",
            "kim@example.c",
            "kim@example.123",
            "kim..lee@example.com",
            ".kim@example.com",
            "<kim>@example.com",
            "kim@example..com",
        ] {
            assert_eq!(normalize_email(bad), Err(Problem::Invalid), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(normalize_email(&long), Err(Problem::TooLong));
    }

    #[test]
    fn passwords_must_be_long_and_not_guessable() {
        let email = "jisoo.kim@example.com";
        assert_eq!(check_password("", email), Err(Problem::Blank));
        assert_eq!(check_password("short1!", email), Err(Problem::TooShort));
        assert_eq!(
            check_password(&"ab1!".repeat(40), email),
            Err(Problem::TooLong)
        );
        assert_eq!(check_password(email, email), Err(Problem::Weak));
        assert_eq!(
            check_password("JISOO.KIM@example.com", email),
            Err(Problem::Weak)
        );
        assert_eq!(check_password("jisoo.kim2026!", email), Err(Problem::Weak));
        assert_eq!(check_password("aaaaaaaaaaaa", email), Err(Problem::Weak));
        assert_eq!(check_password("abababababab", email), Err(Problem::Weak));
        assert_eq!(check_password("1234567890", email), Err(Problem::Weak));
        assert_eq!(check_password("9876543210", email), Err(Problem::Weak));
        assert_eq!(check_password("password1234", email), Err(Problem::Weak));
        assert_eq!(check_password("Password!!2026", email), Err(Problem::Weak));
        assert_eq!(check_password("qwer1234!!", email), Err(Problem::Weak));
        assert_eq!(check_password("1q2w3e4r5t", email), Err(Problem::Weak));
        assert_eq!(check_password("1234qwer!@", email), Err(Problem::Weak));
        assert_eq!(check_password("바른한끼 좋아요 2026", email), Ok(()));
        assert_eq!(check_password("correct horse battery", email), Ok(()));
        assert_eq!(check_password("Tr0ub4dor&3x", email), Ok(()));
    }

    #[test]
    fn postal_codes_are_five_digits() {
        assert_eq!(check_postal_code(" 06236 "), Ok("06236".into()));
        assert_eq!(check_postal_code(""), Err(Problem::Blank));
        for bad in ["0623", "062361", "06-236", "abcde", "135-080"] {
            assert_eq!(check_postal_code(bad), Err(Problem::Invalid), "{bad}");
        }
    }
}
