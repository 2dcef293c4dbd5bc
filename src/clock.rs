//! Time, injected so tests can move it (form-token expiry, received day).

use std::time::{SystemTime, UNIX_EPOCH};

use time::{Date, OffsetDateTime};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now_unix(&self) -> u64;

    /// Today's date in UTC.
    fn today(&self) -> Date {
        let secs = i64::try_from(self.now_unix()).unwrap_or(i64::MAX);
        OffsetDateTime::from_unix_timestamp(secs)
            .map(|t| t.date())
            .unwrap_or(Date::MIN)
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// A clock that says what it is told (tests).
#[derive(Debug, Default)]
pub struct FixedClock(std::sync::atomic::AtomicU64);

impl FixedClock {
    /// A clock stopped at `unix` seconds.
    pub fn at(unix: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(unix))
    }

    /// Moves the clock forward.
    pub fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_unix(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}
