//! The time every sign-in rule reads: token expiry, TOTP steps, login back-off. It follows the
//! system clock, shifted by an offset that tests move forward to check time-dependent rules
//! without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDateTime, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    /// When set (milliseconds since the epoch), the clock stands still there (plus the offset).
    frozen_at_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        let frozen = self.frozen_at_ms.load(Ordering::Acquire);
        let base = if frozen == 0 {
            Utc::now()
        } else {
            DateTime::from_timestamp_millis(frozen).unwrap_or_else(Utc::now)
        };
        base + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Acquire))
    }

    /// Stops this clock (and every copy) at the current time; only [`Clock::advance`] moves it
    /// from then on. For tests whose expectations must not depend on how long requests take.
    pub fn freeze(&self) {
        self.frozen_at_ms
            .store(Utc::now().timestamp_millis(), Ordering::Release);
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
