//! How long cases are kept. Finished cases and possible spam go after a number of days; open
//! cases are never deleted by a policy. Days count from the received day (the only date a case
//! keeps), so "closed after 365 days" means: received more than 365 days ago and closed now.

use time::{Date, Duration};

use super::case::Status;

/// Days to keep each kind of finished case; 0 keeps it for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Filed as possible spam (whatever its status).
    pub possible_spam_days: u32,
    /// Status `spam`.
    pub spam_days: u32,
    /// Status `dismissed`.
    pub dismissed_days: u32,
    /// Status `closed`.
    pub closed_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            possible_spam_days: 30,
            spam_days: 30,
            dismissed_days: 365,
            closed_days: 365,
        }
    }
}

/// Which cases one rule of the policy deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Cases filed as possible spam.
    PossibleSpam,
    /// Cases in the queue with this finished status.
    Finished(Status),
}

impl RetentionPolicy {
    /// Every rule in force, with the last received day it deletes on `today`.
    pub fn rules(&self, today: Date) -> Vec<(Kept, Date)> {
        [
            (Kept::PossibleSpam, self.possible_spam_days),
            (Kept::Finished(Status::Spam), self.spam_days),
            (Kept::Finished(Status::Dismissed), self.dismissed_days),
            (Kept::Finished(Status::Closed), self.closed_days),
        ]
        .into_iter()
        .filter(|(_, days)| *days > 0)
        .filter_map(|(kept, days)| {
            today
                .checked_sub(Duration::days(i64::from(days) + 1))
                .map(|last| (kept, last))
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn rules_delete_only_finished_and_possible_spam_and_zero_keeps() {
        let p = RetentionPolicy {
            dismissed_days: 0,
            ..RetentionPolicy::default()
        };
        let rules = p.rules(date!(2026 - 11 - 28));
        assert_eq!(
            rules,
            vec![
                (Kept::PossibleSpam, date!(2026 - 10 - 28)),
                (Kept::Finished(Status::Spam), date!(2026 - 10 - 28)),
                (Kept::Finished(Status::Closed), date!(2025 - 11 - 27)),
            ]
        );
    }
}
