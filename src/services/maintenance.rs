//! Removing what unfinished uploads left behind: spool files and staged blobs older than a
//! day. Run at start and then every hour, so a crash, a failed clean-up or a restart never
//! leaves orphans for long — while uploads of a second server process sharing the data
//! (during a rolling restart) are far younger than that and are never touched. The same
//! sweep forgets spent form tokens once their expiry day is over, and follow-up passes that
//! ran out (most go sooner: each new visit deletes those).
//!
//! Beside the sweep: the warning list kept in step with the database, and, on SQLite, the WAL
//! copied into the database file once a second off the writer ([`spawn_checkpoints`]).

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

/// How often the SQLite WAL is copied into the database file (see [`Store::checkpoint`]).
/// What it gains is mostly that commits stop waiting for the copy: the pages a report changes
/// are largely random leaves (ten reports in a row wrote 391 WAL pages, 351 of them different),
/// so a longer interval saves few copies, while a shorter one wakes an idle server more often.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(1);

/// Runs [`Store::checkpoint`] every `every` for as long as the runtime lives, on SQLite; does
/// nothing on PostgreSQL. An idle server's checkpoint finds nothing to copy and returns at once.
pub fn spawn_checkpoints(store: Store, every: Duration) {
    if store.backend() != crate::store::Backend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = store.checkpoint().await {
                tracing::warn!(error = %e, "could not checkpoint the database");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows in the database file alone, without its WAL: what a checkpoint has copied there.
    /// A copy of the file is opened, so SQLite cannot read the WAL beside it.
    async fn rows_in_file(db: &std::path::Path, copy: &std::path::Path) -> i64 {
        std::fs::copy(db, copy).unwrap();
        let url = format!("sqlite://{}?mode=ro", copy.display());
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM spent_form_tokens")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        sqlx::Connection::close(conn).await.unwrap();
        n
    }

    async fn spend(store: &Store, tokens: std::ops::Range<u32>) {
        let day = ReceivedDay::new(time::macros::date!(2026 - 12 - 07));
        for i in tokens {
            store
                .spend_form_token(&format!("{i:064x}"), day)
                .await
                .unwrap();
        }
    }

    /// The writer leaves the WAL to the checkpointer: commits stay out of the database file
    /// until a checkpoint, which then copies every page, and the periodic task does so by
    /// itself.
    #[tokio::test]
    async fn the_checkpointer_copies_the_wal_that_the_writer_leaves_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("f.sqlite3");
        let copy = dir.path().join("copy.sqlite3");
        let store = Store::open_new(&crate::store::sqlite_url(&db))
            .await
            .unwrap();
        // The schema, into the file.
        let first = store.checkpoint().await.unwrap().unwrap();
        assert_eq!(first.copied, first.wal_pages);
        spend(&store, 0..40).await;
        assert_eq!(rows_in_file(&db, &copy).await, 0, "the writer checkpointed");

        let done = store.checkpoint().await.unwrap().unwrap();
        assert!(done.wal_pages > 0);
        assert_eq!(done.copied, done.wal_pages);
        assert_eq!(rows_in_file(&db, &copy).await, 40);

        spawn_checkpoints(store.clone(), Duration::from_millis(20));
        spend(&store, 40..60).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while rows_in_file(&db, &copy).await < 60 {
            assert!(std::time::Instant::now() < deadline, "no checkpoint ran");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
