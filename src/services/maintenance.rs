//! Removing what unfinished uploads left behind: spool files and staged blobs older than a
//! day. Run at start and then every hour, so a crash, a failed clean-up or a restart never
//! leaves orphans for long — while uploads of a second server process sharing the data
//! (during a rolling restart) are far younger than that and are never touched. The same
//! sweep forgets spent form tokens once their expiry day is over.

use std::time::Duration;

use time::Duration as Days;

use crate::clock::Clock;
use crate::domain::case::ReceivedDay;
use crate::services::spool::Spooler;
use crate::store::{Store, StoreError};

/// How old a leftover must be before it is removed.
pub const LEFTOVER_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// How often the periodic sweep runs.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// One sweep; returns `(spool files, staged blobs)` removed.
pub async fn sweep(
    store: &Store,
    spooler: &Spooler,
    clock: &dyn Clock,
) -> Result<(usize, u64), StoreError> {
    let spool = spooler.sweep(LEFTOVER_AGE).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "could not sweep the spool directory");
        0
    });
    // Staged before yesterday: at least 24 hours old, whatever the time of day now.
    let before = ReceivedDay::new(clock.today().saturating_sub(Days::days(1)));
    let staged = store.sweep_staged(before).await?;
    // Spent form tokens whose expiry day is over: refused as expired anyway.
    store
        .purge_spent_form_tokens(ReceivedDay::new(clock.today()))
        .await?;
    if spool > 0 || staged > 0 {
        tracing::info!(
            spool_files = spool,
            staged_blobs = staged,
            "removed unfinished uploads"
        );
    }
    Ok((spool, staged))
}

/// Runs [`sweep`] every [`INTERVAL`] for as long as the runtime lives.
/// Ended sessions and expired setup links are deleted on the same schedule.
pub fn spawn_periodic(
    store: Store,
    spooler: Spooler,
    clock: std::sync::Arc<dyn Clock>,
    accounts: std::sync::Arc<crate::services::accounts::Accounts>,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        tick.tick().await; // the first tick is immediate; start already swept
        loop {
            tick.tick().await;
            if let Err(e) = sweep(&store, &spooler, clock.as_ref()).await {
                tracing::warn!(error = %e, "periodic sweep failed");
            }
            if let Err(e) = accounts.purge().await {
                tracing::warn!(error = %e, "could not purge ended sessions");
            }
        }
    });
}

/// How often a server checks whether the stored warning list changed behind it.
pub const WARNINGS_REFRESH: Duration = Duration::from_secs(30);

/// Reloads the published warning list when another process (`filimbi warnings import`)
/// changed it in the shared database. Changes made through this server swap in at once; this
/// only bounds how long an import takes to show.
pub fn spawn_warnings_refresh(warnings: std::sync::Arc<crate::services::warnings::Warnings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(WARNINGS_REFRESH);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(e) = warnings.reload_if_changed().await {
                tracing::warn!(error = %e, "could not refresh the warning list");
            }
        }
    });
}
