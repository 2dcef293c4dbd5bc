//! `filimbi purge [--dry-run]`: the retention policy applied now, its counts printed per kind
//! and received day (`services::retention`).

use crate::app::{self, AppOptions};
use crate::services::retention::{self, RuleOutcome};

/// Runs the policy; with `dry_run`, only prints what it would delete.
pub async fn run(opts: &AppOptions, dry_run: bool) -> Result<(), String> {
    let services = app::services(opts).await.map_err(|e| e.to_string())?;
    let today = services.clock.today();
    let outcome = retention::run(
        &services.store,
        &services.audit,
        &opts.retention,
        today,
        dry_run,
    )
    .await;
    services.store.close().await;
    let rules = outcome.map_err(|e| e.to_string())?;
    let verb = if dry_run { "would delete" } else { "deleted" };
    for rule in &rules {
        println!(
            "{:<14} {verb} {} case(s)",
            retention::rule_name(rule.kept),
            rule.total()
        );
        for (day, n) in &rule.days {
            println!("    received {day}: {n}");
        }
    }
    let total: i64 = rules.iter().map(RuleOutcome::total).sum();
    println!("{verb} {total} case(s) in all; open cases are never deleted");
    Ok(())
}
