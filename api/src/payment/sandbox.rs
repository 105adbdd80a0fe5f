//! The built-in sandbox gateway, for development, demos and tests: no money moves. It keeps its
//! own records (`sandbox_payments`, what a real gateway keeps on its side) and follows the same
//! protocol as Toss Payments: the browser authorises a payment (`POST /sandbox-gateway/v1/
//! authorize`, standing in for the gateway's payment window) and gets a `paymentKey`; the server
//! confirms it; a virtual account's deposit is simulated by staff (Admin API, or
//! `jangteo sandbox deposit`), which sends the same deposit webhook a real gateway would.
//!
//! Test cards (any expiry and CVC): `4242 4242 4242 4242` and every other number that passes the
//! Luhn check are approved; `4000 0000 0000 0002` is declined by the card company;
//! `4000 0000 0000 9995` is declined for insufficient funds.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use shared::checkout::{card_digits, sandbox_cards};

use super::gateway::{
    Cancel, Confirm, GatewayError, GatewayPayment, GatewayStatus, IssuedAccount, PaymentGateway,
    PaymentSession, WebhookEvent,
};
use crate::access::crypto::random_token;
use crate::config::GatewayKind;
use crate::db::schema::sandbox_payments as s;
use crate::db::{self, AnyConnection, Db, DbError, write_transaction};
use crate::order::PaymentMethod;

/// The account holder shown for sandbox virtual accounts.
pub const HOLDER: &str = "장터 샌드박스";
/// Where the browser authorises sandbox payments.
pub const AUTHORIZE_PATH: &str = "/sandbox-gateway/v1/authorize";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
struct Row {
    payment_key: String,
    order_id: String,
    amount: i64,
    method: String,
    status: String,
    card_outcome: Option<String>,
    bank_code: Option<String>,
    account_number: Option<String>,
    holder: Option<String>,
    due_at: Option<NaiveDateTime>,
    secret: String,
    balance_amount: i64,
    cancel_keys: String,
    approved_at: Option<NaiveDateTime>,
}

impl Row {
    fn payment(&self) -> GatewayPayment {
        let method = PaymentMethod::parse(&self.method);
        GatewayPayment {
            payment_key: self.payment_key.clone(),
            order_id: self.order_id.clone(),
            status: GatewayStatus::parse(&self.status).unwrap_or(GatewayStatus::Aborted),
            method,
            total_amount: self.amount,
            balance_amount: self.balance_amount,
            approved_at: self.approved_at,
            virtual_account: match (&self.bank_code, &self.account_number) {
                (Some(bank), Some(number)) => Some(IssuedAccount {
                    bank_code: bank.clone(),
                    account_number: number.clone(),
                    holder: self.holder.clone().unwrap_or_default(),
                    due_at: self.due_at,
                }),
                _ => None,
            },
            secret: (method == Some(PaymentMethod::VirtualAccount)).then(|| self.secret.clone()),
        }
    }
}

/// What the browser sends to authorise a sandbox payment.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorize {
    /// The order number.
    pub order_id: String,
    #[serde(default)]
    pub order_name: String,
    pub amount: i64,
    /// `CARD` or `VIRTUAL_ACCOUNT`.
    pub method: String,
    #[serde(default)]
    pub card_number: Option<String>,
    /// Bank code for a virtual account (default `20`, 우리은행).
    #[serde(default)]
    pub bank: Option<String>,
}

pub struct SandboxGateway {
    db: Db,
    deposit_hours: u32,
}

fn lookup_row(conn: &mut AnyConnection, key: &str) -> Result<Option<Row>, DbError> {
    Ok(s::table
        .find(key)
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

fn internal(e: DbError) -> GatewayError {
    GatewayError::Unavailable(format!("sandbox records: {e}"))
}

impl SandboxGateway {
    pub fn new(db: Db, deposit_hours: u32) -> SandboxGateway {
        SandboxGateway { db, deposit_hours }
    }

    /// The payment window's step: checks the card (or bank) and records the payment as the
    /// shopper authorised it. Returns the `paymentKey`.
    pub async fn authorize(&self, request: Authorize) -> Result<String, GatewayError> {
        let method = PaymentMethod::parse(&request.method).ok_or_else(|| {
            GatewayError::declined("INVALID_METHOD", "method must be CARD or VIRTUAL_ACCOUNT")
        })?;
        if request.order_id.trim().is_empty() || request.amount <= 0 {
            return Err(GatewayError::declined(
                "INVALID_REQUEST",
                "orderId and a positive amount are required",
            ));
        }
        let (last4, outcome, bank) = match method {
            PaymentMethod::Card => {
                let digits = request
                    .card_number
                    .as_deref()
                    .and_then(card_digits)
                    .ok_or_else(|| {
                        GatewayError::declined(
                            "INVALID_CARD_NUMBER",
                            "카드 번호를 확인해 주세요 (the card number is not valid)",
                        )
                    })?;
                let outcome = match digits.as_str() {
                    sandbox_cards::DECLINED => "declined",
                    sandbox_cards::INSUFFICIENT_FUNDS => "insufficient_funds",
                    _ => "approved",
                };
                (
                    Some(digits[digits.len() - 4..].to_owned()),
                    Some(outcome),
                    None,
                )
            }
            PaymentMethod::VirtualAccount => {
                let bank = request.bank.clone().unwrap_or_else(|| "20".into());
                if !super::model::issues_virtual_accounts(&bank) {
                    return Err(GatewayError::declined(
                        "INVALID_BANK",
                        "this bank does not issue virtual accounts",
                    ));
                }
                (None, None, Some(bank))
            }
        };
        let key = random_token("sbx_", 18);
        let k = key.clone();
        self.db
            .run(move |conn| {
                let now = db::now();
                diesel::insert_into(s::table)
                    .values((
                        s::payment_key.eq(&k),
                        s::order_id.eq(request.order_id.trim()),
                        s::order_name.eq(&request.order_name),
                        s::amount.eq(request.amount),
                        s::method.eq(method.as_str()),
                        s::status.eq(GatewayStatus::InProgress.as_str()),
                        s::card_last4.eq(last4),
                        s::card_outcome.eq(outcome),
                        s::bank_code.eq(bank),
                        s::secret.eq(random_token("ps_", 18)),
                        s::balance_amount.eq(request.amount),
                        s::created_at.eq(now),
                        s::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                Ok::<_, DbError>(())
            })
            .await
            .map_err(internal)?;
        Ok(key)
    }

    /// How many times a payment was confirmed (tests count the gateway's calls).
    pub fn confirmations(conn: &mut AnyConnection, order_id: &str) -> Result<i64, DbError> {
        let counts: Vec<i32> = s::table
            .filter(s::order_id.eq(order_id))
            .select(s::confirmations)
            .load(conn)?;
        Ok(counts.into_iter().map(i64::from).sum())
    }
}

/// Why a deposit cannot be simulated.
#[derive(Debug, thiserror::Error)]
pub enum DepositError {
    #[error("there is no sandbox virtual account awaiting a deposit for order {0}")]
    NothingAwaited(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for DepositError {
    fn from(e: diesel::result::Error) -> Self {
        DepositError::Db(e.into())
    }
}

/// Simulates the shopper's bank deposit into the virtual account of order `number`, inside the
/// caller's write transaction: the sandbox records the payment as done and returns the deposit
/// webhook a real gateway would send (the caller enqueues its delivery in the same transaction).
pub fn simulate_deposit(conn: &mut AnyConnection, number: &str) -> Result<String, DepositError> {
    let now = db::now();
    let row: Option<Row> = s::table
        .filter(s::order_id.eq(number.trim()))
        .filter(s::status.eq(GatewayStatus::WaitingForDeposit.as_str()))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    let row = row.ok_or_else(|| DepositError::NothingAwaited(number.trim().to_owned()))?;
    if row.due_at.is_some_and(|due| due < now) {
        return Err(DepositError::NothingAwaited(number.trim().to_owned()));
    }
    let moved = diesel::update(
        s::table
            .find(&row.payment_key)
            .filter(s::status.eq(GatewayStatus::WaitingForDeposit.as_str())),
    )
    .set((
        s::status.eq(GatewayStatus::Done.as_str()),
        s::approved_at.eq(now),
        s::updated_at.eq(now),
    ))
    .execute(conn)?;
    if moved == 0 {
        return Err(DepositError::NothingAwaited(number.trim().to_owned()));
    }
    Ok(json!({
        "createdAt": now.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        "secret": row.secret,
        "status": "DONE",
        "transactionKey": random_token("stx_", 12),
        "orderId": row.order_id,
    })
    .to_string())
}

impl PaymentGateway for SandboxGateway {
    fn session(&self) -> PaymentSession {
        PaymentSession {
            gateway: GatewayKind::Sandbox,
            client_key: None,
            authorize_url: Some(AUTHORIZE_PATH.into()),
            script_url: None,
        }
    }

    async fn confirm(&self, r: Confirm<'_>) -> Result<GatewayPayment, GatewayError> {
        let (key, order_id, amount) = (r.payment_key.to_owned(), r.order_id.to_owned(), r.amount);
        let hours = i64::from(self.deposit_hours);
        self.db
            .run(move |conn| {
                write_transaction(conn, |conn| {
                    let now = db::now();
                    let Some(row) = lookup_row(conn, &key)? else {
                        return Ok(Err(GatewayError::NotFound));
                    };
                    diesel::update(s::table.find(&key))
                        .set(s::confirmations.eq(s::confirmations + 1))
                        .execute(conn)?;
                    if row.order_id != order_id || row.amount != amount {
                        return Ok(Err(GatewayError::declined(
                            "NOT_MATCHED_ORDER_OR_AMOUNT",
                            "결제 정보가 주문과 일치하지 않습니다 (the order or amount does not match the authorised payment)",
                        )));
                    }
                    if row.status != GatewayStatus::InProgress.as_str() {
                        // Confirmed before: the same answer again.
                        return Ok(Ok(row.payment()));
                    }
                    let (status, declined) = match (row.method.as_str(), row.card_outcome.as_deref()) {
                        ("CARD", Some("declined")) => (
                            GatewayStatus::Aborted,
                            Some(("REJECT_CARD_COMPANY", "카드사에서 승인을 거절했습니다 (declined by the card company)")),
                        ),
                        ("CARD", Some("insufficient_funds")) => (
                            GatewayStatus::Aborted,
                            Some(("INSUFFICIENT_BALANCE", "잔액 또는 한도가 부족합니다 (insufficient funds)")),
                        ),
                        ("CARD", _) => (GatewayStatus::Done, None),
                        _ => (GatewayStatus::WaitingForDeposit, None),
                    };
                    let update = diesel::update(s::table.find(&key));
                    match status {
                        GatewayStatus::Done => {
                            update
                                .set((s::status.eq(status.as_str()), s::approved_at.eq(now), s::updated_at.eq(now)))
                                .execute(conn)?;
                        }
                        GatewayStatus::WaitingForDeposit => {
                            let number: String = format!(
                                "{}{:011}",
                                row.bank_code.as_deref().unwrap_or("20"),
                                rand::random::<u64>() % 100_000_000_000
                            );
                            update
                                .set((
                                    s::status.eq(status.as_str()),
                                    s::account_number.eq(number),
                                    s::holder.eq(HOLDER),
                                    s::due_at.eq(now + chrono::Duration::hours(hours)),
                                    s::updated_at.eq(now),
                                ))
                                .execute(conn)?;
                        }
                        _ => {
                            update
                                .set((s::status.eq(status.as_str()), s::updated_at.eq(now)))
                                .execute(conn)?;
                        }
                    }
                    if let Some((code, message)) = declined {
                        return Ok(Err(GatewayError::declined(code, message)));
                    }
                    let row = lookup_row(conn, &key)?
                        .ok_or_else(|| DbError::Corrupt("sandbox payment vanished".into()))?;
                    Ok::<_, DbError>(Ok(row.payment()))
                })
            })
            .await
            .map_err(internal)?
    }

    async fn lookup(&self, order_id: &str) -> Result<Option<GatewayPayment>, GatewayError> {
        let order_id = order_id.to_owned();
        self.db
            .run(move |conn| {
                let row: Option<Row> = s::table
                    .filter(s::order_id.eq(&order_id))
                    .filter(s::status.ne(GatewayStatus::Aborted.as_str()))
                    .order(s::created_at.desc())
                    .select(Row::as_select())
                    .first(conn)
                    .optional()?;
                Ok::<_, DbError>(row.map(|r| r.payment()))
            })
            .await
            .map_err(internal)
    }

    async fn cancel(&self, r: Cancel<'_>) -> Result<GatewayPayment, GatewayError> {
        let (key, amount, idem) = (
            r.payment_key.to_owned(),
            r.amount,
            r.idempotency_key.to_owned(),
        );
        let needs_account = r.refund_account.is_none();
        self.db
            .run(move |conn| {
                write_transaction(conn, |conn| {
                    let Some(row) = lookup_row(conn, &key)? else {
                        return Ok(Err(GatewayError::NotFound));
                    };
                    if row.cancel_keys.lines().any(|k| k == idem) {
                        return Ok(Ok(row.payment()));
                    }
                    let status = GatewayStatus::parse(&row.status);
                    let amount = amount.unwrap_or(row.balance_amount);
                    let next = match status {
                        Some(GatewayStatus::WaitingForDeposit) => GatewayStatus::Canceled,
                        Some(GatewayStatus::Done | GatewayStatus::PartialCanceled) => {
                            if amount <= 0 || amount > row.balance_amount {
                                return Ok(Err(GatewayError::declined(
                                    "NOT_CANCELABLE_AMOUNT",
                                    "취소할 수 없는 금액입니다 (more than the payment's balance)",
                                )));
                            }
                            if row.method == PaymentMethod::VirtualAccount.as_str() && needs_account {
                                return Ok(Err(GatewayError::declined(
                                    "REFUND_ACCOUNT_REQUIRED",
                                    "가상계좌 환불에는 환불 계좌가 필요합니다 (a refund account is required)",
                                )));
                            }
                            if amount == row.balance_amount {
                                GatewayStatus::Canceled
                            } else {
                                GatewayStatus::PartialCanceled
                            }
                        }
                        _ => {
                            return Ok(Err(GatewayError::declined(
                                "NOT_CANCELABLE_PAYMENT",
                                "취소할 수 없는 결제입니다 (the payment cannot be cancelled)",
                            )));
                        }
                    };
                    let balance = if status == Some(GatewayStatus::WaitingForDeposit) {
                        row.balance_amount
                    } else {
                        row.balance_amount - amount
                    };
                    diesel::update(s::table.find(&key))
                        .set((
                            s::status.eq(next.as_str()),
                            s::balance_amount.eq(balance),
                            s::cancel_keys.eq(format!("{}{}\n", row.cancel_keys, idem)),
                            s::updated_at.eq(db::now()),
                        ))
                        .execute(conn)?;
                    let row = lookup_row(conn, &key)?
                        .ok_or_else(|| DbError::Corrupt("sandbox payment vanished".into()))?;
                    Ok::<_, DbError>(Ok(row.payment()))
                })
            })
            .await
            .map_err(internal)?
    }

    fn parse_webhook(&self, body: &str) -> Option<WebhookEvent> {
        // The sandbox sends Toss's deposit-callback format.
        super::toss::parse_toss_webhook(body)
    }
}
