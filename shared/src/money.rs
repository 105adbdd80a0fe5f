//! Money: an integer amount in the currency's minor units plus the currency.
//!
//! There are no floats anywhere near prices. KRW has no minor unit, so 12,900 won is
//! `Money::new(12_900, Currency::Krw)`; 12.90 US dollars is `Money::new(1_290, Currency::Usd)`.
//! Amounts are limited to ±(2^53 − 1) so that they survive a round-trip through JSON and
//! JavaScript numbers unchanged; arithmetic that would leave that range is an error, never a wrap.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The largest amount (in minor units) a [`Money`] can hold: 2^53 − 1, exact in JSON/JS numbers.
pub const MAX_AMOUNT: i64 = (1 << 53) - 1;

/// A currency Jangteo can price in. Adding one is a code change on purpose: every currency needs
/// its minor-unit exponent and display rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    /// South Korean won (no minor unit).
    Krw,
    /// US dollar (cents).
    Usd,
    /// Japanese yen (no minor unit).
    Jpy,
    /// Euro (cents).
    Eur,
}

impl Currency {
    /// All supported currencies, in a stable order.
    pub const ALL: [Currency; 4] = [Currency::Krw, Currency::Usd, Currency::Jpy, Currency::Eur];

    /// ISO 4217 code, e.g. `"KRW"`.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Krw => "KRW",
            Currency::Usd => "USD",
            Currency::Jpy => "JPY",
            Currency::Eur => "EUR",
        }
    }

    /// Number of decimal digits of the minor unit (0 for KRW and JPY, 2 for USD and EUR).
    pub const fn exponent(self) -> u32 {
        match self {
            Currency::Krw | Currency::Jpy => 0,
            Currency::Usd | Currency::Eur => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A currency code that Jangteo does not support (or that is not a currency code at all).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported currency code {0:?}: expected one of KRW, USD, JPY, EUR")]
pub struct UnknownCurrency(pub String);

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or_else(|| UnknownCurrency(s.to_owned()))
    }
}

/// Why a money operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine {left} with {right}")]
    CurrencyMismatch { left: Currency, right: Currency },
    #[error("amount out of range (more than ±{MAX_AMOUNT} minor units)")]
    OutOfRange,
}

/// An amount of money in integer minor units of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawMoney")]
pub struct Money {
    amount: i64,
    currency: Currency,
}

#[derive(Deserialize)]
struct RawMoney {
    amount: i64,
    currency: Currency,
}

impl TryFrom<RawMoney> for Money {
    type Error = MoneyError;
    fn try_from(raw: RawMoney) -> Result<Self, MoneyError> {
        Money::try_new(raw.amount, raw.currency)
    }
}

impl Money {
    /// Money from minor units. Panics only on an amount outside ±[`MAX_AMOUNT`], which is a
    /// programming error for constants; use [`Money::try_new`] for data from outside.
    pub fn new(amount: i64, currency: Currency) -> Self {
        match Self::try_new(amount, currency) {
            Ok(m) => m,
            Err(e) => panic!("Money::new({amount}, {currency}): {e}"),
        }
    }

    /// Money from minor units, refusing amounts outside ±[`MAX_AMOUNT`].
    pub fn try_new(amount: i64, currency: Currency) -> Result<Self, MoneyError> {
        if (-MAX_AMOUNT..=MAX_AMOUNT).contains(&amount) {
            Ok(Money { amount, currency })
        } else {
            Err(MoneyError::OutOfRange)
        }
    }

    /// Zero in the given currency.
    pub const fn zero(currency: Currency) -> Self {
        Money {
            amount: 0,
            currency,
        }
    }

    /// The amount as a plain decimal number in major units, as schema.org offers and Open Graph
    /// prices want it: `29900` (KRW), `12.90` (USD).
    pub fn decimal(self) -> String {
        let exponent = self.currency.exponent();
        if exponent == 0 {
            return self.amount.to_string();
        }
        let divisor = 10_u64.pow(exponent);
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / divisor,
            abs % divisor,
            width = exponent as usize
        )
    }

    /// The amount in minor units.
    pub const fn amount(self) -> i64 {
        self.amount
    }

    pub const fn currency(self) -> Currency {
        self.currency
    }

    pub const fn is_zero(self) -> bool {
        self.amount == 0
    }

    pub const fn is_negative(self) -> bool {
        self.amount < 0
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let sum = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::OutOfRange)?;
        Money::try_new(sum, self.currency)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let diff = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::OutOfRange)?;
        Money::try_new(diff, self.currency)
    }

    /// Multiplies by a quantity (a line total: unit price × quantity).
    pub fn checked_mul(self, quantity: i64) -> Result<Money, MoneyError> {
        let product = self
            .amount
            .checked_mul(quantity)
            .ok_or(MoneyError::OutOfRange)?;
        Money::try_new(product, self.currency)
    }

    /// Sums an iterator of money in one currency; an empty iterator sums to zero.
    pub fn checked_sum<I: IntoIterator<Item = Money>>(
        currency: Currency,
        items: I,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    /// The amount as a shopper reads it: `12,900원`, `-3,000원`, `$12.90`, `¥1,290`, `€0.05`.
    pub fn format(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        let exp = self.currency.exponent();
        let divisor = 10u64.pow(exp);
        let whole = group_thousands(abs / divisor);
        let number = if exp == 0 {
            whole
        } else {
            format!("{whole}.{:0width$}", abs % divisor, width = exp as usize)
        };
        match self.currency {
            Currency::Krw => write!(f, "{sign}{number}원"),
            Currency::Usd => write!(f, "{sign}${number}"),
            Currency::Jpy => write!(f, "{sign}¥{number}"),
            Currency::Eur => write!(f, "{sign}€{number}"),
        }
    }
}

/// `1234567` → `"1,234,567"`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The discount a shop shows beside a price with its "was" price (할인율): whole percent off,
/// rounded down (a shop never claims more off than it gives); `None` when the "was" price is not
/// higher or the discount rounds to nothing. Amounts in the same currency's minor units.
pub fn discount_percent(price: i64, was: i64) -> Option<i64> {
    if price < 0 || was <= price {
        return None;
    }
    // Widened: the product of two amounts up to 2^53 does not fit an i64.
    let percent = (i128::from(was - price) * 100 / i128::from(was)) as i64;
    (percent > 0).then_some(percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decimals_for_structured_data() {
        assert_eq!(Money::new(29_900, Currency::Krw).decimal(), "29900");
        assert_eq!(Money::new(1_290, Currency::Usd).decimal(), "12.90");
        assert_eq!(Money::new(-5, Currency::Eur).decimal(), "-0.05");
        assert_eq!(Money::new(0, Currency::Jpy).decimal(), "0");
    }

    fn krw(n: i64) -> Money {
        Money::new(n, Currency::Krw)
    }

    #[test]
    fn formats_won_as_a_korean_shopper_expects() {
        assert_eq!(krw(12_900).to_string(), "12,900원");
        assert_eq!(krw(0).to_string(), "0원");
        assert_eq!(krw(900).to_string(), "900원");
        assert_eq!(krw(1_000).to_string(), "1,000원");
        assert_eq!(krw(1_234_567).to_string(), "1,234,567원");
        assert_eq!(krw(-3_000).to_string(), "-3,000원");
    }

    #[test]
    fn formats_currencies_with_minor_units() {
        assert_eq!(Money::new(1_290, Currency::Usd).to_string(), "$12.90");
        assert_eq!(Money::new(5, Currency::Eur).to_string(), "€0.05");
        assert_eq!(
            Money::new(123_456_789, Currency::Usd).to_string(),
            "$1,234,567.89"
        );
        assert_eq!(Money::new(1_290, Currency::Jpy).to_string(), "¥1,290");
        assert_eq!(Money::new(-1_290, Currency::Usd).to_string(), "-$12.90");
    }

    #[test]
    fn refuses_to_mix_currencies() {
        let err = krw(1)
            .checked_add(Money::new(1, Currency::Usd))
            .unwrap_err();
        assert_eq!(
            err,
            MoneyError::CurrencyMismatch {
                left: Currency::Krw,
                right: Currency::Usd
            }
        );
        assert!(krw(1).checked_sub(Money::new(1, Currency::Jpy)).is_err());
    }

    #[test]
    fn refuses_amounts_beyond_the_json_safe_range() {
        assert_eq!(
            krw(MAX_AMOUNT).checked_add(krw(1)),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!(
            krw(-MAX_AMOUNT).checked_sub(krw(1)),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!(krw(MAX_AMOUNT).checked_mul(2), Err(MoneyError::OutOfRange));
        assert_eq!(
            Money::try_new(i64::MAX, Currency::Krw),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!(krw(1).checked_mul(i64::MIN), Err(MoneyError::OutOfRange));
    }

    #[test]
    fn sums_line_totals() {
        let lines = [krw(12_900).checked_mul(2).unwrap(), krw(3_000)];
        assert_eq!(Money::checked_sum(Currency::Krw, lines), Ok(krw(28_800)));
        assert_eq!(Money::checked_sum(Currency::Krw, []), Ok(krw(0)));
        assert!(Money::checked_sum(Currency::Krw, [Money::new(1, Currency::Usd)]).is_err());
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let json = serde_json::to_string(&krw(12_900)).unwrap();
        assert_eq!(json, r#"{"amount":12900,"currency":"KRW"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), krw(12_900));
        let too_big = format!(r#"{{"amount":{},"currency":"KRW"}}"#, MAX_AMOUNT + 1);
        assert!(serde_json::from_str::<Money>(&too_big).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":1,"currency":"XYZ"}"#).is_err());
    }

    #[test]
    fn currency_codes_parse() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
        }
        assert!("krw".parse::<Currency>().is_err());
        assert!("".parse::<Currency>().is_err());
    }

    proptest! {
        #[test]
        fn addition_matches_integer_arithmetic(a in -MAX_AMOUNT..=MAX_AMOUNT, b in -MAX_AMOUNT..=MAX_AMOUNT) {
            let exact = i128::from(a) + i128::from(b);
            match krw(a).checked_add(krw(b)) {
                Ok(m) => prop_assert_eq!(i128::from(m.amount()), exact),
                Err(e) => {
                    prop_assert_eq!(e, MoneyError::OutOfRange);
                    prop_assert!(exact.abs() > i128::from(MAX_AMOUNT));
                }
            }
        }

        #[test]
        fn subtraction_undoes_addition(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000) {
            let sum = krw(a).checked_add(krw(b)).unwrap();
            prop_assert_eq!(sum.checked_sub(krw(b)).unwrap(), krw(a));
        }

        #[test]
        fn formatting_round_trips_through_the_digits(a in -MAX_AMOUNT..=MAX_AMOUNT) {
            let s = krw(a).to_string();
            prop_assert!(s.ends_with('원'));
            let digits: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
            prop_assert_eq!(digits.parse::<i64>().unwrap(), a);
            // Groups of exactly three digits after the first comma.
            let body = s.trim_start_matches('-').trim_end_matches('원');
            for group in body.split(',').skip(1) {
                prop_assert_eq!(group.len(), 3);
            }
        }
    }

    #[test]
    fn discounts_round_down_to_whole_percents() {
        assert_eq!(discount_percent(13_800, 18_000), Some(23));
        assert_eq!(discount_percent(9_000, 10_000), Some(10));
        assert_eq!(discount_percent(9_999, 10_000), None, "0.01 % is not shown");
        assert_eq!(discount_percent(10_000, 10_000), None);
        assert_eq!(discount_percent(12_000, 10_000), None);
        assert_eq!(discount_percent(0, 10_000), Some(100));
        assert_eq!(discount_percent(1, MAX_AMOUNT), Some(99));
    }
}
