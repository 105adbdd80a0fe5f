//! The order state machine: one transition function over a table of legal edges. Every status
//! change of an order goes through [`next`]; anything it refuses is a user error.

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Placed, stock held, payment started but not confirmed.
    AwaitingPayment,
    /// A virtual account was issued; waiting for the shopper's bank deposit.
    AwaitingDeposit,
    Paid,
    Preparing,
    Shipped,
    Delivered,
    Cancelled,
    /// Not paid in time; its stock was released.
    Expired,
    PartiallyRefunded,
    Refunded,
}

/// What happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderAction {
    /// The gateway issued a virtual account.
    IssueDeposit,
    /// The gateway confirmed the payment (card approved, deposit received).
    ConfirmPayment,
    Prepare,
    Ship,
    Deliver,
    /// Cancelled before shipping (a paid order is refunded in full).
    Cancel,
    /// Its payment deadline passed.
    Expire,
    /// Part of the paid amount was refunded.
    RefundPart,
    /// The rest of the paid amount was refunded.
    RefundAll,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 10] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::AwaitingDeposit,
        OrderStatus::Paid,
        OrderStatus::Preparing,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Expired,
        OrderStatus::PartiallyRefunded,
        OrderStatus::Refunded,
    ];

    /// The stored name (the column's CHECK lists exactly these).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "AWAITING_PAYMENT",
            OrderStatus::AwaitingDeposit => "AWAITING_DEPOSIT",
            OrderStatus::Paid => "PAID",
            OrderStatus::Preparing => "PREPARING",
            OrderStatus::Shipped => "SHIPPED",
            OrderStatus::Delivered => "DELIVERED",
            OrderStatus::Cancelled => "CANCELLED",
            OrderStatus::Expired => "EXPIRED",
            OrderStatus::PartiallyRefunded => "PARTIALLY_REFUNDED",
            OrderStatus::Refunded => "REFUNDED",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Not yet paid: the payment deadline applies.
    pub fn is_unpaid(self) -> bool {
        matches!(
            self,
            OrderStatus::AwaitingPayment | OrderStatus::AwaitingDeposit
        )
    }

    /// Paid and not closed: refunds are possible.
    pub fn holds_payment(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid
                | OrderStatus::Preparing
                | OrderStatus::Shipped
                | OrderStatus::Delivered
                | OrderStatus::PartiallyRefunded
        )
    }
}

impl OrderAction {
    pub const ALL: [OrderAction; 9] = [
        OrderAction::IssueDeposit,
        OrderAction::ConfirmPayment,
        OrderAction::Prepare,
        OrderAction::Ship,
        OrderAction::Deliver,
        OrderAction::Cancel,
        OrderAction::Expire,
        OrderAction::RefundPart,
        OrderAction::RefundAll,
    ];

    /// How the action reads in messages ("cannot ship an order that is …").
    pub fn verb(self) -> &'static str {
        match self {
            OrderAction::IssueDeposit => "issue a virtual account for",
            OrderAction::ConfirmPayment => "confirm the payment of",
            OrderAction::Prepare => "prepare",
            OrderAction::Ship => "ship",
            OrderAction::Deliver => "mark as delivered",
            OrderAction::Cancel => "cancel",
            OrderAction::Expire => "expire",
            OrderAction::RefundPart | OrderAction::RefundAll => "refund",
        }
    }
}

/// An action the order's status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} an order that is {}", .action.verb(), .from.as_str())]
pub struct IllegalTransition {
    pub from: OrderStatus,
    pub action: OrderAction,
}

/// The status after `action`, or why it is not allowed.
pub fn next(from: OrderStatus, action: OrderAction) -> Result<OrderStatus, IllegalTransition> {
    use OrderAction as A;
    use OrderStatus as S;
    let to = match (from, action) {
        (S::AwaitingPayment, A::IssueDeposit) => S::AwaitingDeposit,
        (S::AwaitingPayment | S::AwaitingDeposit, A::ConfirmPayment) => S::Paid,
        (S::AwaitingPayment | S::AwaitingDeposit, A::Expire) => S::Expired,
        (S::AwaitingPayment | S::AwaitingDeposit | S::Paid | S::Preparing, A::Cancel) => {
            S::Cancelled
        }
        (S::Paid | S::PartiallyRefunded, A::Prepare) => S::Preparing,
        (S::Paid | S::Preparing | S::PartiallyRefunded, A::Ship) => S::Shipped,
        (S::Shipped | S::PartiallyRefunded, A::Deliver) => S::Delivered,
        (
            S::Paid | S::Preparing | S::Shipped | S::Delivered | S::PartiallyRefunded,
            A::RefundPart,
        ) => S::PartiallyRefunded,
        (
            S::Paid | S::Preparing | S::Shipped | S::Delivered | S::PartiallyRefunded,
            A::RefundAll,
        ) => S::Refunded,
        _ => return Err(IllegalTransition { from, action }),
    };
    Ok(to)
}

/// What staff may do with an order by hand, as the admin offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffAction {
    Prepare,
    Ship,
    Deliver,
    /// Cancel (refunding in full what was paid).
    Cancel,
    /// Refund part or all of what is left.
    Refund,
}

/// The staff actions an order in `status` allows now, with `refundable` minor units left to
/// refund: exactly those [`next`] accepts, so the admin never offers a step the server refuses.
pub fn staff_actions(status: OrderStatus, refundable: i64) -> Vec<StaffAction> {
    let allows = |action| next(status, action).is_ok();
    [
        (StaffAction::Prepare, allows(OrderAction::Prepare)),
        (StaffAction::Ship, allows(OrderAction::Ship)),
        (StaffAction::Deliver, allows(OrderAction::Deliver)),
        (StaffAction::Cancel, allows(OrderAction::Cancel)),
        (
            StaffAction::Refund,
            refundable > 0 && allows(OrderAction::RefundPart),
        ),
    ]
    .into_iter()
    .filter_map(|(action, allowed)| allowed.then_some(action))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction as A;
    use OrderStatus as S;

    /// Every legal edge, written out once more by hand: the function must allow exactly these.
    const LEGAL: &[(OrderStatus, OrderAction, OrderStatus)] = &[
        (S::AwaitingPayment, A::IssueDeposit, S::AwaitingDeposit),
        (S::AwaitingPayment, A::ConfirmPayment, S::Paid),
        (S::AwaitingPayment, A::Cancel, S::Cancelled),
        (S::AwaitingPayment, A::Expire, S::Expired),
        (S::AwaitingDeposit, A::ConfirmPayment, S::Paid),
        (S::AwaitingDeposit, A::Cancel, S::Cancelled),
        (S::AwaitingDeposit, A::Expire, S::Expired),
        (S::Paid, A::Prepare, S::Preparing),
        (S::Paid, A::Ship, S::Shipped),
        (S::Paid, A::Cancel, S::Cancelled),
        (S::Paid, A::RefundPart, S::PartiallyRefunded),
        (S::Paid, A::RefundAll, S::Refunded),
        (S::Preparing, A::Ship, S::Shipped),
        (S::Preparing, A::Cancel, S::Cancelled),
        (S::Preparing, A::RefundPart, S::PartiallyRefunded),
        (S::Preparing, A::RefundAll, S::Refunded),
        (S::Shipped, A::Deliver, S::Delivered),
        (S::Shipped, A::RefundPart, S::PartiallyRefunded),
        (S::Shipped, A::RefundAll, S::Refunded),
        (S::Delivered, A::RefundPart, S::PartiallyRefunded),
        (S::Delivered, A::RefundAll, S::Refunded),
        (S::PartiallyRefunded, A::Prepare, S::Preparing),
        (S::PartiallyRefunded, A::Ship, S::Shipped),
        (S::PartiallyRefunded, A::Deliver, S::Delivered),
        (S::PartiallyRefunded, A::RefundPart, S::PartiallyRefunded),
        (S::PartiallyRefunded, A::RefundAll, S::Refunded),
    ];

    #[test]
    fn staff_actions_are_the_legal_edges() {
        use StaffAction as X;
        let cases: &[(OrderStatus, i64, &[StaffAction])] = &[
            (S::AwaitingPayment, 0, &[X::Cancel]),
            (S::AwaitingDeposit, 0, &[X::Cancel]),
            (S::Paid, 100, &[X::Prepare, X::Ship, X::Cancel, X::Refund]),
            (S::Preparing, 100, &[X::Ship, X::Cancel, X::Refund]),
            (S::Shipped, 100, &[X::Deliver, X::Refund]),
            (S::Delivered, 100, &[X::Refund]),
            (
                S::PartiallyRefunded,
                40,
                &[X::Prepare, X::Ship, X::Deliver, X::Refund],
            ),
            (S::Delivered, 0, &[]),
            (S::Cancelled, 0, &[]),
            (S::Expired, 0, &[]),
            (S::Refunded, 0, &[]),
        ];
        for &(status, refundable, expected) in cases {
            assert_eq!(staff_actions(status, refundable), expected, "{status:?}");
        }
    }

    #[test]
    fn every_legal_edge_is_allowed() {
        for &(from, action, to) in LEGAL {
            assert_eq!(next(from, action), Ok(to), "{from:?} --{action:?}-->");
        }
    }

    #[test]
    fn every_other_pair_is_refused() {
        let mut refused = 0;
        for from in OrderStatus::ALL {
            for action in OrderAction::ALL {
                if LEGAL.iter().any(|(f, a, _)| *f == from && *a == action) {
                    continue;
                }
                let err = next(from, action).expect_err(&format!("{from:?} {action:?}"));
                assert_eq!(err, IllegalTransition { from, action });
                assert!(err.to_string().contains(from.as_str()));
                refused += 1;
            }
        }
        assert_eq!(refused, 10 * 9 - LEGAL.len());
    }

    #[test]
    fn closed_orders_never_change() {
        for from in [S::Cancelled, S::Expired, S::Refunded] {
            for action in OrderAction::ALL {
                assert!(next(from, action).is_err(), "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("paid"), None);
    }
}
