//! The time every sign-in rule reads: token expiry, TOTP steps, login back-off. It follows the
//! system clock, shifted by an offset that tests move forward to check time-dependent rules
//! without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDateTime, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Acquire))
    }

    /// Now, as stored in the database (UTC without zone).
    pub fn now(&self) -> NaiveDateTime {
        self.now_utc().naive_utc()
    }

    /// Moves this clock (and every copy of it) forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::AcqRel);
    }
}
