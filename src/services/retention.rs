//! Applying the retention policy: daily in the server, and by `filimbi purge [--dry-run]`.
//! Each run is audited with its counts; nothing about the content is printed or logged.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::domain::case::Status;
use crate::domain::retention::{Kept, RetentionPolicy};
use crate::services::audit::{Audit, AuditAction};
use crate::store::{PurgePlan, Store, StoreError};

/// What one rule deletes (or would).
#[derive(Debug)]
pub struct RuleOutcome {
    /// The rule.
    pub kept: Kept,
    /// Cases per received day.
    pub days: PurgePlan,
}

impl RuleOutcome {
    /// Cases in all.
    pub fn total(&self) -> i64 {
        self.days.iter().map(|(_, n)| n).sum()
    }
}

/// The rule's name in output and the audit log.
pub fn rule_name(kept: Kept) -> &'static str {
    match kept {
        Kept::PossibleSpam => "possible-spam",
        Kept::Finished(Status::Spam) => "spam",
        Kept::Finished(Status::Dismissed) => "dismissed",
        Kept::Finished(Status::Closed) => "closed",
        Kept::Finished(_) => "other",
    }
}

/// Plans (and unless `dry_run`, carries out and audits) the policy on `today`.
pub async fn run(
    store: &Store,
    audit: &Audit,
    policy: &RetentionPolicy,
    today: time::Date,
    dry_run: bool,
) -> Result<Vec<RuleOutcome>, StoreError> {
    let mut out = Vec::new();
    for (kept, last) in policy.rules(today) {
        let days = store.purge_plan(kept, last).await?;
        out.push(RuleOutcome { kept, days });
    }
    let total: i64 = out.iter().map(RuleOutcome::total).sum();
    if dry_run || total == 0 {
        return Ok(out);
    }
    let mut deleted = Vec::new();
    for (kept, last) in policy.rules(today) {
        let n = store.purge(kept, last).await?;
        deleted.push(format!("{} {n}", rule_name(kept)));
    }
    store.reclaim().await?;
    audit
        .record(
            "retention",
            AuditAction::Purge,
            "cases",
            &deleted.join(", "),
        )
        .await?;
    Ok(out)
}

/// Runs the policy once a day for as long as the runtime lives.
pub fn spawn_daily(
    store: Store,
    audit: Arc<Audit>,
    policy: RetentionPolicy,
    clock: Arc<dyn Clock>,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            tick.tick().await;
            match run(&store, &audit, &policy, clock.today(), false).await {
                Ok(rules) => {
                    let n: i64 = rules.iter().map(RuleOutcome::total).sum();
                    if n > 0 {
                        tracing::info!(cases = n, "retention: finished cases deleted");
                    }
                }
                Err(e) => tracing::error!(error = %e, "retention run failed"),
            }
        }
    });
}
