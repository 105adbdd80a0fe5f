//! Korean mobile phone numbers, validated and normalised to E.164: `010-1234-5678`,
//! `01012345678`, `+82 10 1234 5678` and `(010) 1234-5678` all become `+821012345678`. Only
//! mobile numbers (010, 011, 016–019) are accepted: they are what receives SMS and KakaoTalk.

use std::fmt;
use std::str::FromStr;

/// Why a string is not a Korean mobile number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a Korean mobile number (e.g. 010-1234-5678)")]
pub struct PhoneError(pub String);

/// A Korean mobile number, stored as digits after the country code (`1012345678`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KrMobile(String);

impl KrMobile {
    /// `+821012345678`.
    pub fn e164(&self) -> String {
        format!("+82{}", self.0)
    }

    /// `01012345678`, the form Korean messaging APIs expect.
    pub fn national(&self) -> String {
        format!("0{}", self.0)
    }

    /// `010-1234-5678`, as people write it.
    pub fn display(&self) -> String {
        let n = self.national();
        let (head, rest) = n.split_at(3);
        let split = rest.len() - 4;
        format!("{head}-{}-{}", &rest[..split], &rest[split..])
    }
}

impl FromStr for KrMobile {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, PhoneError> {
        let err = || PhoneError(s.chars().take(40).collect());
        let trimmed = s.trim();
        let international = trimmed.starts_with('+');
        let mut digits = String::new();
        for c in trimmed.chars().skip(usize::from(international)) {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(err()),
            }
        }
        let subscriber = if international {
            digits.strip_prefix("82").map(|d| d.trim_start_matches('0'))
        } else {
            digits.strip_prefix('0')
        }
        .ok_or_else(err)?;
        // 10 (new numbers: 8 digits after), 11/16–19 (old: 7 or 8 digits after).
        let valid = match subscriber.get(..2) {
            Some("10") => subscriber.len() == 10,
            Some("11" | "16" | "17" | "18" | "19") => matches!(subscriber.len(), 9 | 10),
            _ => false,
        };
        if !valid {
            return Err(err());
        }
        Ok(KrMobile(subscriber.to_owned()))
    }
}

impl fmt::Display for KrMobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_ways_people_write_numbers() {
        for input in [
            "010-1234-5678",
            "01012345678",
            " 010 1234 5678 ",
            "010.1234.5678",
            "(010) 1234-5678",
            "+82 10 1234 5678",
            "+82-10-1234-5678",
            "+821012345678",
            "+82 010 1234 5678",
        ] {
            let n: KrMobile = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(n.e164(), "+821012345678", "{input}");
            assert_eq!(n.national(), "01012345678");
            assert_eq!(n.display(), "010-1234-5678");
        }
        assert_eq!(
            "011-123-4567".parse::<KrMobile>().unwrap().e164(),
            "+82111234567"
        );
        assert_eq!(
            "011-123-4567".parse::<KrMobile>().unwrap().display(),
            "011-123-4567"
        );
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        for input in [
            "",
            "010-1234-567",
            "010-1234-56789",
            "02-123-4567",
            "1588-1234",
            "+1 415 555 0100",
            "010-1234-5678 ext 2",
            "0１0-1234-5678",
            "+8210123456789",
            "abc",
            "+",
        ] {
            assert!(input.parse::<KrMobile>().is_err(), "{input}");
        }
    }
}
