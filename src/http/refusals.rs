//! Refused requests are counted, not logged one by one.
//!
//! A log line per refusal (404, 413, 429, a cross-site 403…) would turn a flood into hundreds
//! of thousands of lines, and each line carries the log system's timestamp: a 413 on a report
//! upload would date a person's attempt to the second. Instead every response with a 4xx
//! status adds one to a counter for its status, and one line a period (a minute by default)
//! says how many of each there were — and only when there were any. The line says nothing
//! about any one request: no path, no time within the period, no client.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often the summary is logged unless told otherwise.
pub const DEFAULT_PERIOD: Duration = Duration::from_secs(60);

/// The 4xx statuses.
const FIRST: u16 = 400;
const KINDS: usize = 100;

/// Counters of refused requests by status, since the last summary.
pub struct Refusals {
    by_status: [AtomicU64; KINDS],
    period: Duration,
}

/// What was refused in one period: `(status, how many)`, by status, none zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The counts, in order of status.
    pub counts: Vec<(u16, u64)>,
    period: Duration,
}

impl Refusals {
    /// Counters whose summary is logged every `period` (at least a second).
    pub fn new(period: Duration) -> Self {
        Self {
            by_status: std::array::from_fn(|_| AtomicU64::new(0)),
            period: period.max(Duration::from_secs(1)),
        }
    }

    /// Counts a response's status if it is a refusal (4xx).
    pub fn count(&self, status: u16) {
        if let Some(c) = status
            .checked_sub(FIRST)
            .and_then(|i| self.by_status.get(usize::from(i)))
        {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The counts since the last call, which start again from zero.
    pub fn take(&self) -> Summary {
        let counts = (FIRST..)
            .zip(&self.by_status)
            .filter_map(|(status, c)| {
                let n = c.swap(0, Ordering::Relaxed);
                (n > 0).then_some((status, n))
            })
            .collect();
        Summary {
            counts,
            period: self.period,
        }
    }

    /// Logs a [`Summary`] every period, when it is not empty, for as long as the runtime lives.
    pub fn spawn_summaries(self: &Arc<Self>) {
        let me = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(me.period);
            tick.tick().await; // immediate
            loop {
                tick.tick().await;
                let summary = me.take();
                if !summary.counts.is_empty() {
                    tracing::info!("{summary}");
                }
            }
        });
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.period == DEFAULT_PERIOD {
            write!(f, "refused in the last minute:")?;
        } else {
            write!(f, "refused in the last {} s:", self.period.as_secs())?;
        }
        for (i, (status, n)) in self.counts.iter().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}{status}×{n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_counted_by_status_and_summed_up_once() {
        let r = Refusals::new(DEFAULT_PERIOD);
        for s in [404, 429, 429, 200, 303, 500, 413, 429, 403] {
            r.count(s);
        }
        let summary = r.take();
        assert_eq!(summary.counts, vec![(403, 1), (404, 1), (413, 1), (429, 3)]);
        assert_eq!(
            summary.to_string(),
            "refused in the last minute: 403×1, 404×1, 413×1, 429×3"
        );
        assert!(r.take().counts.is_empty(), "counted once");
        let short = Refusals::new(Duration::from_secs(2));
        short.count(404);
        assert_eq!(short.take().to_string(), "refused in the last 2 s: 404×1");
    }
}
