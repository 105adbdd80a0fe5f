//! Cart and order totals, computed on the server only, from current prices: pure, so every rule
//! is unit-tested. The browser never sends an amount that is trusted.

use shared::{Currency, Money, MoneyError};

use crate::channel::model::ShippingRate;

/// One line as pricing sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricedLine {
    pub unit_price: Money,
    pub quantity: i64,
    /// Lines that cannot be ordered now (unavailable, not enough stock) count for nothing.
    pub orderable: bool,
}

/// What a cart (or the order made from it) costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Sum of the orderable lines.
    pub subtotal: Money,
    pub shipping: Money,
    /// Promotions, coupons and grade discounts (none apply yet).
    pub discount: Money,
    /// `subtotal + shipping − discount`, never below zero.
    pub total: Money,
    /// How much more to spend for free shipping, when a threshold applies and is not reached.
    pub free_shipping_remaining: Option<Money>,
    /// Units in the orderable lines.
    pub quantity: i64,
}

/// A line's total: unit price × quantity.
pub fn line_total(line: &PricedLine) -> Result<Money, MoneyError> {
    line.unit_price.checked_mul(line.quantity)
}

/// The totals of `lines` under the channel's shipping rate. An empty cart ships for nothing.
pub fn totals(
    currency: Currency,
    lines: &[PricedLine],
    rate: &ShippingRate,
) -> Result<Totals, MoneyError> {
    let orderable: Vec<&PricedLine> = lines.iter().filter(|l| l.orderable).collect();
    let subtotal = Money::checked_sum(
        currency,
        orderable
            .iter()
            .map(|l| line_total(l))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    let quantity = orderable.iter().map(|l| l.quantity).sum();
    let (shipping, free_shipping_remaining) = if orderable.is_empty() {
        (Money::zero(currency), None)
    } else {
        match rate.free_from {
            Some(threshold) if subtotal.amount() >= threshold.amount() => {
                (Money::zero(currency), None)
            }
            Some(threshold) => (rate.fee, Some(threshold.checked_sub(subtotal)?)),
            None => (rate.fee, None),
        }
    };
    let discount = Money::zero(currency);
    let total = subtotal.checked_add(shipping)?.checked_sub(discount)?;
    let total = if total.is_negative() {
        Money::zero(currency)
    } else {
        total
    };
    Ok(Totals {
        subtotal,
        shipping,
        discount,
        total,
        free_shipping_remaining,
        quantity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KRW: Currency = Currency::Krw;

    fn won(n: i64) -> Money {
        Money::new(n, KRW)
    }

    fn rate(fee: i64, free_from: Option<i64>) -> ShippingRate {
        ShippingRate {
            fee: won(fee),
            free_from: free_from.map(won),
        }
    }

    fn line(price: i64, quantity: i64) -> PricedLine {
        PricedLine {
            unit_price: won(price),
            quantity,
            orderable: true,
        }
    }

    #[test]
    fn below_the_threshold_pays_the_fee() {
        let t = totals(
            KRW,
            &[line(12_900, 2), line(4_500, 1)],
            &rate(3_000, Some(50_000)),
        )
        .unwrap();
        assert_eq!(t.subtotal, won(30_300));
        assert_eq!(t.shipping, won(3_000));
        assert_eq!(t.total, won(33_300));
        assert_eq!(t.free_shipping_remaining, Some(won(19_700)));
        assert_eq!(t.quantity, 3);
    }

    #[test]
    fn reaching_the_threshold_ships_free() {
        let t = totals(KRW, &[line(25_000, 2)], &rate(3_000, Some(50_000))).unwrap();
        assert_eq!(t.shipping, won(0));
        assert_eq!(t.total, won(50_000));
        assert_eq!(t.free_shipping_remaining, None);
        let t = totals(KRW, &[line(49_999, 1)], &rate(3_000, Some(50_000))).unwrap();
        assert_eq!(t.shipping, won(3_000));
        assert_eq!(t.free_shipping_remaining, Some(won(1)));
    }

    #[test]
    fn without_a_threshold_shipping_is_never_free() {
        let t = totals(KRW, &[line(1_000_000, 1)], &rate(2_500, None)).unwrap();
        assert_eq!(t.shipping, won(2_500));
        assert_eq!(t.free_shipping_remaining, None);
    }

    #[test]
    fn an_empty_or_unorderable_cart_costs_nothing() {
        let t = totals(KRW, &[], &rate(3_000, Some(50_000))).unwrap();
        assert_eq!((t.subtotal, t.shipping, t.total), (won(0), won(0), won(0)));
        let gone = PricedLine {
            orderable: false,
            ..line(9_900, 3)
        };
        let t = totals(KRW, &[gone, line(1_000, 1)], &rate(3_000, None)).unwrap();
        assert_eq!(t.subtotal, won(1_000), "unorderable lines are not charged");
        assert_eq!(t.quantity, 1);
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let huge = line(shared::MAX_AMOUNT, 2);
        assert!(totals(KRW, &[huge], &rate(0, None)).is_err());
    }
}
