//! Removing what unfinished uploads left behind: spool files and staged blobs older than a
//! day. Run at start and then every hour, so a crash, a failed clean-up or a restart never
//! leaves orphans for long — while uploads of a second server process sharing the data
//! (during a rolling restart) are far younger than that and are never touched. The same
//! sweep forgets spent form tokens once their expiry day is over, and follow-up passes that
//! ran out (most go sooner: each new visit deletes those).

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
    // Follow-up passes that ran out: refused by their deadline anyway.
    store
        .purge_followup_passes(i64::try_from(clock.now_unix()).unwrap_or(i64::MAX))
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

/// How often a server checks whether the stored warning list changed behind it: another
/// replica on the same PostgreSQL (which also announces each change, so this is the fallback
/// for a lost notification), or `filimbi warnings import` beside it. One indexed `MAX` a
/// second; a change reaches every replica's pages, feeds, ETags and check within about that.
pub const WARNINGS_RECHECK: Duration = Duration::from_secs(1);

/// Keeps this process's published warning list in step with the database: reloads when a
/// change is announced (PostgreSQL `LISTEN`) or the periodic re-check finds the stored list
/// newer. Changes made through this server swap in at once without either.
pub fn spawn_warnings_refresh(
    store: Store,
    warnings: std::sync::Arc<crate::services::warnings::Warnings>,
) {
    tokio::spawn(async move {
        let mut listener = match store.listen_for_warning_changes().await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for warning-list changes; re-checking only");
                None
            }
        };
        let mut tick = tokio::time::interval(WARNINGS_RECHECK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            let announced = async {
                match listener.as_mut() {
                    Some(l) => l.next().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = tick.tick() => {}
                heard = announced => {
                    if let Err(e) = heard {
                        tracing::warn!(error = %e, "lost the warning-list listener; re-checking only");
                        listener = None;
                    }
                }
            }
            if let Err(e) = warnings.reload_if_changed().await {
                tracing::warn!(error = %e, "could not refresh the warning list");
            }
        }
    });
}
