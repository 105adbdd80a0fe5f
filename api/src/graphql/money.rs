//! Money in the API: `Money { amount, currency, formatted }`, where `amount` is the `MinorUnits`
//! scalar (an integer JSON number, exact up to ±2^53 − 1, so totals above GraphQL `Int`'s 32 bits
//! never overflow) and `formatted` is what a shopper reads (`12,900원`).

use async_graphql::{Enum, InputValueError, InputValueResult, Object, Scalar, ScalarType, Value};
use shared::MAX_AMOUNT;

/// An amount in the currency's smallest unit: won for KRW (no minor unit), cents for USD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinorUnits(pub i64);

/// An amount of money in integer minor units of its currency (KRW has none: 12,900 won is
/// `12900`). Serialised as a JSON integer, exact within ±9007199254740991.
#[Scalar(name = "MinorUnits")]
impl ScalarType for MinorUnits {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => match n.as_i64() {
                Some(v) if (-MAX_AMOUNT..=MAX_AMOUNT).contains(&v) => Ok(MinorUnits(v)),
                _ => Err(InputValueError::custom(format!(
                    "an amount must be an integer between -{MAX_AMOUNT} and {MAX_AMOUNT}"
                ))),
            },
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// ISO 4217 currency code.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(
    name = "CurrencyCode",
    rename_items = "UPPERCASE",
    remote = "shared::Currency"
)]
pub enum CurrencyCode {
    /// South Korean won (no minor unit).
    Krw,
    /// US dollar.
    Usd,
    /// Japanese yen (no minor unit).
    Jpy,
    /// Euro.
    Eur,
}

/// An amount of money.
pub struct Money(pub shared::Money);

#[Object]
impl Money {
    /// The amount in minor units of the currency.
    async fn amount(&self) -> MinorUnits {
        MinorUnits(self.0.amount())
    }

    async fn currency(&self) -> CurrencyCode {
        self.0.currency().into()
    }

    /// The amount as a shopper reads it, e.g. `12,900원`.
    async fn formatted(&self) -> String {
        self.0.to_string()
    }
}
