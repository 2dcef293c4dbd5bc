//! Retention: finished cases and possible spam go after their days, open cases never, counts
//! printed without content, audited, and the database file shrinks.

use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::queue_scale::CaseRow;

#[tokio::test]
async fn purge_deletes_only_what_the_policy_lets_go_and_the_file_shrinks() {
    let app = TestApp::new().await;
    // Today is 2026-11-23 in the tests' clock; the command line uses the real clock, so the
    // rows are placed relative to the real day.
    let today = time::OffsetDateTime::now_utc().date();
    let clock_offset = (today - time::macros::date!(2026 - 11 - 23)).whole_days();
    let row = |status: &'static str, spam: bool, days_ago: i64| CaseRow {
        status,
        spam,
        days_ago: days_ago - clock_offset,
        labels: vec!["padding-label-to-make-rows-weigh-something"],
        ..CaseRow::default()
    };
    let mut rows = Vec::new();
    // 1 500 possible spam 40 days old: go (30 days).
    rows.extend(std::iter::repeat_with(|| row("new", true, 40)).take(1500));
    // Possible spam 10 days old: stays.
    rows.extend(std::iter::repeat_with(|| row("new", true, 10)).take(5));
    // Closed 400 days ago: goes; closed 100 days ago: stays; dismissed 400 days: goes.
    rows.extend(std::iter::repeat_with(|| row("closed", false, 400)).take(7));
    rows.extend(std::iter::repeat_with(|| row("closed", false, 100)).take(3));
    rows.extend(std::iter::repeat_with(|| row("dismissed", false, 400)).take(2));
    // Open cases, however old: stay.
    rows.extend(std::iter::repeat_with(|| row("investigating", false, 900)).take(4));
    rows.extend(std::iter::repeat_with(|| row("new", false, 900)).take(4));
    app.insert_rows(&rows).await;
    // What "the space is given back" means differs: SQLite's file shrinks (incremental vacuum,
    // after the WAL is checkpointed into it); PostgreSQL's purge VACUUMs the tables it
    // deleted from, so the dead rows' pages are reused (its statistics count the runs).
    let db = filimbi::store::Store::default_path(&app.data_dir());
    let on_postgres = crate::database::on_postgres();
    let size = || {
        if on_postgres {
            0
        } else {
            std::fs::metadata(&db).expect("db").len()
        }
    };
    let before_count = app.case_count().await;

    let dry = filimbi(app.dir.path(), &["purge", "--dry-run"]);
    let said = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        said.contains("possible-spam  would delete 1500 case(s)"),
        "{said}"
    );
    assert!(
        said.contains("closed         would delete 7 case(s)"),
        "{said}"
    );
    assert!(
        said.contains("dismissed      would delete 2 case(s)"),
        "{said}"
    );
    assert!(said.contains("would delete 1509 case(s) in all"), "{said}");
    assert!(said.contains("    received "), "counts per day: {said}");
    assert_eq!(
        app.case_count().await,
        before_count,
        "a dry run deletes nothing"
    );

    let mut c = crate::queue_scale::db(&app).await;
    let checkpoint_or_vacuums = async |c: &mut sqlx::AnyConnection| -> i64 {
        if on_postgres {
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(vacuum_count), 0) AS BIGINT) FROM pg_stat_user_tables \
                 WHERE schemaname = current_schema() AND relname IN ('cases', 'case_labels')",
            )
            .fetch_one(&mut *c)
            .await
            .expect("vacuum count")
        } else {
            // Checkpoint the WAL so the file holds everything, then measure.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut *c)
                .await
                .expect("checkpoint");
            0
        }
    };
    let vacuums_before = checkpoint_or_vacuums(&mut c).await;
    let full = size();
    let purge = filimbi(app.dir.path(), &["purge"]);
    assert!(purge.status.success(), "{}", stderr(&purge));
    assert_eq!(app.case_count().await, before_count - 1509);
    let vacuums_after = checkpoint_or_vacuums(&mut c).await;
    let after = size();
    if on_postgres {
        assert_eq!(
            vacuums_after,
            vacuums_before + 2,
            "both tables vacuumed once"
        );
    } else {
        println!("database file: {full} bytes before the purge, {after} after");
        assert!(after < full * 3 / 4, "the file shrank: {full} -> {after}");
    }
    assert!(app.store.tally_matches().await.expect("tally"));
    let verify = filimbi(app.dir.path(), &["audit", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'purge' AND detail LIKE '%possible-spam 1500%'",
    )
    .fetch_one(&mut c)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
    // Nothing left to do: a second run deletes nothing and says so.
    let again = filimbi(app.dir.path(), &["purge"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("deleted 0 case(s) in all"));
}

#[test]
fn zero_keeps_for_ever() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = filimbi(dir.path(), &["investigator", "list"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let out = filimbi(
        dir.path(),
        &[
            "--retain-possible-spam-days",
            "0",
            "--retain-spam-days",
            "0",
            "--retain-dismissed-days",
            "0",
            "--retain-closed-days",
            "0",
            "purge",
            "--dry-run",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success());
    assert_eq!(
        said.trim(),
        "would delete 0 case(s) in all; open cases are never deleted"
    );
}
