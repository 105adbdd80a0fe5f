//! The order vocabulary of the APIs' schemas (`OrderStatus`, `PaymentMethod`, `OrderSource`,
//! `PaymentStatus`, `PaymentGateway`), as the storefront and the admin read and send it. Each
//! serialises as the schema's name; a name this build does not know reads as `Unknown`, so a new
//! server value never breaks an older app.

schema_enum! {
    /// Where an order is in its life.
    OrderStatus {
        AwaitingPayment = "AWAITING_PAYMENT",
        AwaitingDeposit = "AWAITING_DEPOSIT",
        Paid = "PAID",
        Preparing = "PREPARING",
        Shipped = "SHIPPED",
        Delivered = "DELIVERED",
        Cancelled = "CANCELLED",
        Expired = "EXPIRED",
        PartiallyRefunded = "PARTIALLY_REFUNDED",
        Refunded = "REFUNDED",
    }
}

schema_enum! {
    /// How an order is paid.
    PaymentMethod {
        Card = "CARD",
        /// 무통장 입금 into an issued account.
        VirtualAccount = "VIRTUAL_ACCOUNT",
    }
}

schema_enum! {
    /// Where an order was placed.
    OrderSource {
        StorefrontPc = "STOREFRONT_PC",
        StorefrontMobile = "STOREFRONT_MOBILE",
        Api = "API",
        Marketplace = "MARKETPLACE",
    }
}

schema_enum! {
    /// A payment's state.
    PaymentStatus {
        Pending = "PENDING",
        Confirming = "CONFIRMING",
        WaitingForDeposit = "WAITING_FOR_DEPOSIT",
        Paid = "PAID",
        PartiallyRefunded = "PARTIALLY_REFUNDED",
        Refunded = "REFUNDED",
        Cancelled = "CANCELLED",
        Expired = "EXPIRED",
    }
}

schema_enum! {
    /// The gateway a payment goes through.
    PaymentGateway {
        /// The built-in sandbox (test cards, simulated deposits).
        Sandbox = "SANDBOX",
        Toss = "TOSS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_and_write_as_the_schema_names_them() {
        assert_eq!(
            serde_json::to_string(&OrderStatus::PartiallyRefunded).unwrap(),
            "\"PARTIALLY_REFUNDED\""
        );
        let read: OrderSource = serde_json::from_str("\"STOREFRONT_MOBILE\"").unwrap();
        assert_eq!(read, OrderSource::StorefrontMobile);
        let unknown: OrderStatus = serde_json::from_str("\"ON_HOLD\"").unwrap();
        assert_eq!(unknown, OrderStatus::Unknown);
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(status.code()), Some(*status));
        }
        assert_eq!(OrderStatus::from_code(""), None);
        assert_eq!(PaymentMethod::ALL.len(), 2);
    }
}

schema_enum! {
    /// An agreement a shopper gives at checkout, kept with the order.
    AgreementKind {
        /// 구매조건 확인 및 결제 진행 동의 (every order).
        PurchaseConditions = "PURCHASE_CONDITIONS",
        /// 개인정보 수집·이용 동의 (orders without an account).
        PrivacyCollection = "PRIVACY_COLLECTION",
    }
}
