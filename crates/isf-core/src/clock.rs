//! The [`Clock`] port: the only way time enters the SDK.
//!
//! Domain crates never read the system clock; the runtime asks a `Clock` and passes the
//! answer down. Tests and scenarios use [`FixedClock`].

use std::sync::atomic::{AtomicI64, Ordering};

use crate::date::BizDate;
use crate::error::Result;

/// A source of the current time.
///
/// Implementations MUST be monotonic non-decreasing within one process and MUST report
/// milliseconds since the Unix epoch (UTC).
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;

    /// Today's business date in Beijing.
    fn today(&self) -> Result<BizDate> {
        BizDate::from_millis(self.now_millis())
    }
}

/// A clock that says what it is told: for tests, scenarios and replays.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    /// A clock stopped at `millis`.
    pub fn at_millis(millis: i64) -> FixedClock {
        FixedClock(AtomicI64::new(millis))
    }

    /// Moves the clock to `millis`.
    pub fn set_millis(&self, millis: i64) {
        self.0.store(millis, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
