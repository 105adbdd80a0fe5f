//! The seller's identifiers a Korean online shop shows to shoppers (전자상거래법: the business
//! registration number, a customer-centre telephone number), checked and written the way people
//! read them. Used by the server when staff save them and by the admin form before it sends.

/// A business registration number (사업자등록번호) with a correct check digit, as
/// `123-45-67890`; `None` when it has not ten digits or the check digit is wrong. Spaces and
/// hyphens anywhere are ignored.
///
/// The check digit: the first nine digits times 1, 3, 7, 1, 3, 7, 1, 3, 5, summed, plus the
/// ninth digit times 5 divided by 10 (rounded down); the tenth digit is what brings that sum to
/// a multiple of ten.
pub fn registration_number(input: &str) -> Option<String> {
    let digits = digits_of(input)?;
    if digits.len() != 10 {
        return None;
    }
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u32 = d.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += d[8] * 5 / 10;
    if (10 - sum % 10) % 10 != d[9] {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..3],
        &digits[3..5],
        &digits[5..]
    ))
}

/// A Korean telephone number a shop answers on, as people write it: a nationwide number
/// (`1588-1234`), Seoul (`02-123-4567`, `02-1234-5678`), another area, a mobile or an internet
/// phone (`031-123-4567`, `010-1234-5678`, `070-1234-5678`); `None` for anything else.
pub fn telephone(input: &str) -> Option<String> {
    let digits = digits_of(input)?;
    let n = digits.len();
    let head = if n == 8 && ["15", "16", "18"].contains(&&digits[..2]) {
        return Some(format!("{}-{}", &digits[..4], &digits[4..]));
    } else if digits.starts_with("02") && (n == 9 || n == 10) {
        2
    } else if digits.starts_with('0')
        && matches!(digits.as_bytes()[1], b'1'..=b'7')
        && (n == 10 || n == 11)
    {
        3
    } else {
        return None;
    };
    let tail = n - 4;
    Some(format!(
        "{}-{}-{}",
        &digits[..head],
        &digits[head..tail],
        &digits[tail..]
    ))
}

/// The digits of `input` once spaces, hyphens, dots and parentheses are dropped; `None` if
/// anything else is in it.
fn digits_of(input: &str) -> Option<String> {
    let mut digits = String::new();
    for c in input.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    (!digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers_need_their_check_digit() {
        // A published company's number, in every way people type it.
        for input in ["124-81-00998", "1248100998", " 124 81 00998 "] {
            assert_eq!(registration_number(input).as_deref(), Some("124-81-00998"));
        }
        // Any other last digit fails, and so does a changed middle digit.
        for last in (0..10).filter(|d| *d != 8) {
            assert_eq!(registration_number(&format!("124810099{last}")), None);
        }
        assert_eq!(registration_number("124-81-00898"), None);
        // The ninth digit's carry (9 × 5 / 10 = 4) counts.
        assert_eq!(
            registration_number("123-45-67891").as_deref(),
            Some("123-45-67891")
        );
        for bad in ["", "124-81-0099", "124-81-009981", "124-81-0099O", "사업자"] {
            assert_eq!(registration_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn telephones_are_written_the_korean_way() {
        for (input, out) in [
            ("15881234", "1588-1234"),
            ("1644-0000", "1644-0000"),
            ("021234567", "02-123-4567"),
            ("02 1234 5678", "02-1234-5678"),
            ("(031) 123-4567", "031-123-4567"),
            ("064-1234-5678", "064-1234-5678"),
            ("01012345678", "010-1234-5678"),
            ("070.1234.5678", "070-1234-5678"),
        ] {
            assert_eq!(telephone(input).as_deref(), Some(out), "{input}");
        }
        for bad in [
            "",
            "1234",
            "1388-1234",
            "0812345678",
            "02-12-345",
            "+82 2 123 4567",
            "전화",
        ] {
            assert_eq!(telephone(bad), None, "{bad}");
        }
    }
}
