//! Payment and refund rows and their values.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{Currency, Money};

use crate::db::DbError;
use crate::db::schema::{payments, refunds};
use crate::order::model::{PaymentMethod, money};

/// Where a payment is with its gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// Created with the order; the shopper has not finished paying.
    Pending,
    /// A confirmation with the gateway is under way (holds a lease).
    Confirming,
    /// A virtual account was issued; the deposit is awaited.
    WaitingForDeposit,
    Paid,
    PartiallyRefunded,
    Refunded,
    /// Cancelled before it was paid.
    Cancelled,
    /// Not paid in time.
    Expired,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 8] = [
        PaymentStatus::Pending,
        PaymentStatus::Confirming,
        PaymentStatus::WaitingForDeposit,
        PaymentStatus::Paid,
        PaymentStatus::PartiallyRefunded,
        PaymentStatus::Refunded,
        PaymentStatus::Cancelled,
        PaymentStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "PENDING",
            PaymentStatus::Confirming => "CONFIRMING",
            PaymentStatus::WaitingForDeposit => "WAITING_FOR_DEPOSIT",
            PaymentStatus::Paid => "PAID",
            PaymentStatus::PartiallyRefunded => "PARTIALLY_REFUNDED",
            PaymentStatus::Refunded => "REFUNDED",
            PaymentStatus::Cancelled => "CANCELLED",
            PaymentStatus::Expired => "EXPIRED",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payments)]
pub struct PaymentRow {
    pub id: i64,
    pub order_id: i64,
    pub gateway: String,
    pub method: String,
    pub status: String,
    pub amount: i64,
    pub refunded_amount: i64,
    pub payment_key: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub va_bank: Option<String>,
    pub va_account_number: Option<String>,
    pub va_holder: Option<String>,
    pub va_due_at: Option<NaiveDateTime>,
    pub deposit_secret: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The bank account a virtual-account payment is paid into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualAccount {
    /// The gateway's bank code, e.g. `20`.
    pub bank_code: String,
    pub account_number: String,
    pub holder: String,
    /// Deposit deadline (UTC).
    pub due_at: Option<NaiveDateTime>,
}

/// The payment of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub id: i64,
    pub order_id: i64,
    /// `sandbox`, `toss`.
    pub gateway: String,
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    pub amount: Money,
    pub refunded: Money,
    pub payment_key: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    /// The gateway's reason for the last refusal.
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub virtual_account: Option<VirtualAccount>,
    pub deposit_secret: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl Payment {
    pub fn from_row(r: PaymentRow, currency: Currency) -> Result<Payment, DbError> {
        let what = format!("payment {}", r.id);
        let virtual_account = match (r.va_bank, r.va_account_number) {
            (Some(bank_code), Some(account_number)) => Some(VirtualAccount {
                bank_code,
                account_number,
                holder: r.va_holder.unwrap_or_default(),
                due_at: r.va_due_at,
            }),
            _ => None,
        };
        Ok(Payment {
            method: PaymentMethod::parse(&r.method)
                .ok_or_else(|| DbError::Corrupt(format!("{what}: unknown method")))?,
            status: PaymentStatus::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("{what}: unknown status")))?,
            amount: money(r.amount, currency, &what)?,
            refunded: money(r.refunded_amount, currency, &what)?,
            id: r.id,
            order_id: r.order_id,
            gateway: r.gateway,
            payment_key: r.payment_key,
            lease_until: r.lease_until,
            failure_code: r.failure_code,
            failure_message: r.failure_message,
            virtual_account,
            deposit_secret: r.deposit_secret,
            approved_at: r.approved_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refunds)]
pub struct RefundRow {
    pub id: i64,
    pub order_id: i64,
    pub amount: i64,
    pub shipping_amount: i64,
    pub lines: String,
    pub restock: bool,
    pub cancels_order: bool,
    pub reason: String,
    pub refund_account: Option<String>,
    pub status: String,
    pub failure: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// Units of one order line in a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundLine {
    pub line: i64,
    pub quantity: i64,
}

/// Where a refund is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStatus {
    /// Reserved; being sent to the gateway (retried by a job until it is done or refused).
    Pending,
    Done,
    /// The gateway refused it; the reservation was given back.
    Failed,
}

impl RefundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Pending => "PENDING",
            RefundStatus::Done => "DONE",
            RefundStatus::Failed => "FAILED",
        }
    }

    pub fn parse(s: &str) -> Option<RefundStatus> {
        [
            RefundStatus::Pending,
            RefundStatus::Done,
            RefundStatus::Failed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A refund of (part of) an order.
#[derive(Debug, Clone, PartialEq)]
pub struct Refund {
    pub id: i64,
    pub order_id: i64,
    pub amount: Money,
    pub shipping: Money,
    pub lines: Vec<RefundLine>,
    pub restock: bool,
    pub cancels_order: bool,
    pub reason: String,
    pub status: RefundStatus,
    pub failure: Option<String>,
    pub actor_name: String,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

impl Refund {
    pub fn from_row(r: RefundRow, currency: Currency) -> Result<Refund, DbError> {
        let what = format!("refund {}", r.id);
        Ok(Refund {
            amount: money(r.amount, currency, &what)?,
            shipping: money(r.shipping_amount, currency, &what)?,
            lines: serde_json::from_str(&r.lines)
                .map_err(|e| DbError::Corrupt(format!("{what}: {e}")))?,
            status: RefundStatus::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("{what}: unknown status")))?,
            id: r.id,
            order_id: r.order_id,
            restock: r.restock,
            cancels_order: r.cancels_order,
            reason: r.reason,
            failure: r.failure,
            actor_name: r.actor_name,
            created_at: r.created_at,
            completed_at: r.completed_at,
        })
    }
}

/// Korean bank codes as payment gateways (Toss Payments) use them.
pub fn bank_name(code: &str) -> &'static str {
    match code {
        "02" => "KDB산업은행",
        "03" => "IBK기업은행",
        "06" => "KB국민은행",
        "07" => "Sh수협은행",
        "11" => "NH농협은행",
        "20" => "우리은행",
        "23" => "SC제일은행",
        "27" => "씨티은행",
        "31" => "DGB대구은행",
        "32" => "부산은행",
        "34" => "광주은행",
        "35" => "제주은행",
        "37" => "전북은행",
        "39" => "경남은행",
        "45" => "새마을금고",
        "48" => "신협",
        "71" => "우체국",
        "81" => "하나은행",
        "88" => "신한은행",
        "89" => "케이뱅크",
        "90" => "카카오뱅크",
        "92" => "토스뱅크",
        _ => "은행",
    }
}

/// Whether a shopper may choose bank `code` for a virtual account.
pub fn issues_virtual_accounts(code: &str) -> bool {
    shared::checkout::VIRTUAL_ACCOUNT_BANKS
        .iter()
        .any(|(c, _)| *c == code)
}
