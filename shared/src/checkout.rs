//! Rules of carts and checkout that the server enforces and the apps check before sending:
//! quantity caps, the delivery note's length, order numbers and the sandbox gateway's test cards.

/// Most units of one variant in one cart line.
pub const MAX_LINE_QUANTITY: i64 = 99;
/// Most units in one cart, all lines together.
pub const MAX_CART_QUANTITY: i64 = 300;
/// Most lines in one cart.
pub const MAX_CART_LINES: usize = 50;
/// Longest delivery note (배송 메모), in characters.
pub const MAX_DELIVERY_NOTE_CHARS: usize = 200;

/// The banks a shopper may choose for a virtual account: code and name, the default first.
pub const VIRTUAL_ACCOUNT_BANKS: &[(&str, &str)] = &[
    ("20", "우리은행"),
    ("88", "신한은행"),
    ("06", "KB국민은행"),
    ("11", "NH농협은행"),
    ("81", "하나은행"),
    ("03", "IBK기업은행"),
    ("71", "우체국"),
];

/// Why a quantity is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityProblem {
    /// Zero or negative.
    NotPositive,
    /// Above [`MAX_LINE_QUANTITY`].
    OverLineCap,
}

/// Checks the quantity of one cart line.
pub fn check_line_quantity(quantity: i64) -> Result<i64, QuantityProblem> {
    if quantity <= 0 {
        Err(QuantityProblem::NotPositive)
    } else if quantity > MAX_LINE_QUANTITY {
        Err(QuantityProblem::OverLineCap)
    } else {
        Ok(quantity)
    }
}

/// Whether `number` looks like an order number: `YYYYMMDD-NNNNNN` (six or more digits after the
/// dash). Cheap to check before asking the server.
pub fn is_order_number(number: &str) -> bool {
    let Some((day, seq)) = number.trim().split_once('-') else {
        return false;
    };
    day.len() == 8
        && day.chars().all(|c| c.is_ascii_digit())
        && (6..=9).contains(&seq.len())
        && seq.chars().all(|c| c.is_ascii_digit())
}

/// The order number of the `sequence`-th order of `day` (`YYYYMMDD`).
pub fn order_number(day: &str, sequence: i64) -> String {
    format!("{day}-{sequence:06}")
}

/// Card numbers the sandbox gateway treats specially; every other number that passes the Luhn
/// check is approved.
pub mod sandbox_cards {
    /// Approved.
    pub const APPROVED: &str = "4242424242424242";
    /// Declined by the card company.
    pub const DECLINED: &str = "4000000000000002";
    /// Declined: not enough balance or credit.
    pub const INSUFFICIENT_FUNDS: &str = "4000000000009995";
}

/// The digits of a card number as typed (spaces and dashes allowed), if it has 13 to 19 digits
/// and passes the Luhn check.
pub fn card_digits(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !(13..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let double = d * 2;
                if double > 9 { double - 9 } else { double }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_capped() {
        assert_eq!(check_line_quantity(1), Ok(1));
        assert_eq!(
            check_line_quantity(MAX_LINE_QUANTITY),
            Ok(MAX_LINE_QUANTITY)
        );
        assert_eq!(check_line_quantity(0), Err(QuantityProblem::NotPositive));
        assert_eq!(check_line_quantity(-3), Err(QuantityProblem::NotPositive));
        assert_eq!(
            check_line_quantity(MAX_LINE_QUANTITY + 1),
            Err(QuantityProblem::OverLineCap)
        );
    }

    #[test]
    fn order_numbers() {
        assert_eq!(order_number("20261205", 123), "20261205-000123");
        assert_eq!(order_number("20261205", 1_234_567), "20261205-1234567");
        assert!(is_order_number("20261205-000123"));
        assert!(is_order_number(" 20261205-1234567 "));
        for bad in [
            "",
            "20261205",
            "2026125-000123",
            "20261205-12",
            "x0261205-000123",
            "20261205-00012a",
        ] {
            assert!(!is_order_number(bad), "{bad}");
        }
    }

    #[test]
    fn card_numbers_pass_luhn() {
        for ok in [
            sandbox_cards::APPROVED,
            sandbox_cards::DECLINED,
            sandbox_cards::INSUFFICIENT_FUNDS,
            "4242 4242 4242 4242",
            "5555-5555-5555-4444",
        ] {
            assert!(card_digits(ok).is_some(), "{ok}");
        }
        for bad in ["4242424242424241", "1234", "4242x24242424242", ""] {
            assert!(card_digits(bad).is_none(), "{bad}");
        }
    }
}
