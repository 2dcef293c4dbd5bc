//! A data directory written before sealed objects carried MACs (`tests/fixtures/v1`, made by
//! the code of commit 1da1bc6) still opens: the first start adds the MACs once, audits that,
//! and everything reads as before — in the browser, through `audit verify`, and offline.

use axum::http::StatusCode;

use filimbi::crypto::totp::TotpSecret;

use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::staff::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE}/{name}"))
        .expect("fixture file")
        .trim()
        .to_owned()
}

/// A temporary directory laid out as the fixture's server had it.
fn copy_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&keys).expect("keys");
    for f in ["filimbi.sqlite3", "server.key", "feed-signing.key"] {
        std::fs::copy(format!("{FIXTURE}/{f}"), data.join(f)).expect("copy");
    }
    std::fs::copy(
        format!("{FIXTURE}/keys-investigator0.pub"),
        keys.join("investigator0.pub"),
    )
    .expect("copy key");
    let identity = dir.path().join("offline.key");
    std::fs::copy(format!("{FIXTURE}/offline.key"), &identity).expect("copy identity");
    (dir, identity)
}

#[tokio::test]
async fn a_database_from_before_object_macs_opens_and_verifies() {
    let (dir, identity) = copy_fixture();
    let app = TestApp::start(dir, vec![identity.clone()]).await;
    let case = fixture("case.txt");

    let upgrades = app.state.staff.audit.recent(100).await.expect("audit").0;
    let upgrade: Vec<_> = upgrades
        .iter()
        .filter(|r| r.action == "integrity.upgrade")
        .collect();
    assert_eq!(upgrade.len(), 1, "the upgrade is audited once");
    assert_eq!(
        upgrade[0].detail, "5 objects, 7 records",
        "report, attachment, note, two wraps; the case header, alice's key row, the note's \
         author, the four seeded warnings"
    );
    let (_, failures) = app
        .store
        .verify_objects(&integrity_key(&app))
        .await
        .expect("scan");
    assert!(failures.is_empty(), "{failures:?}");
    let (n, _) = app
        .state
        .staff
        .audit
        .verify()
        .await
        .expect("verify")
        .expect("the old chain still verifies");
    assert!(n >= 5);

    // alice logs in with the password and authenticator she had, and reads everything.
    let alice = Investigator {
        name: "alice".into(),
        password: PASSWORD.into(),
        secret: TotpSecret::from_base32(&fixture("alice.totp")).expect("totp"),
    };
    app.clock.advance(3600);
    let login = app.login(&alice).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("FIXTURE-REPORT-CANARY"));
    assert!(page.body.contains("FIXTURE-NOTE-CANARY by alice"));
    assert!(page.body.contains("IMG_2041.jpg"));
    let photo = app
        .staff_get(
            &format!("/staff/case/{case}/files/attachment-01"),
            &login.cookie,
        )
        .await;
    assert_eq!(photo.status, StatusCode::OK);

    // A second start does not upgrade again.
    let app = app.restart(Default::default()).await;
    let (rows, _) = app.state.staff.audit.recent(1000).await.expect("audit");
    assert_eq!(
        rows.iter()
            .filter(|r| r.action == "integrity.upgrade")
            .count(),
        1
    );

    // Offline, with the server key: every exported file verifies and decrypts.
    app.store.close().await;
    let root = app.dir.path();
    let out = filimbi(root, &["--data-dir", "data", "export", "--out", "exp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dec = filimbi(
        root,
        &[
            "decrypt",
            "--identity",
            &identity.to_string_lossy(),
            "--server-key",
            &root.join("data/server.key").to_string_lossy(),
            "exp",
        ],
    );
    assert!(dec.status.success(), "{}", stderr(&dec));
    let report =
        std::fs::read_to_string(root.join(format!("exp/{case}/report.txt"))).expect("report.txt");
    assert!(report.contains("FIXTURE-REPORT-CANARY"));
    let notes =
        std::fs::read_to_string(root.join(format!("exp/{case}/notes.txt"))).expect("notes.txt");
    assert!(
        notes.contains("2026-11-23 — alice\n  FIXTURE-NOTE-CANARY by alice"),
        "{notes}"
    );
    // And stock age opens the note file as it opens the report.
    let plain = stock_age_decrypt(&identity, &root.join(format!("exp/{case}/note-0001.age")));
    assert!(String::from_utf8_lossy(&plain).contains("FIXTURE-NOTE-CANARY"));
}

#[tokio::test]
async fn an_old_database_closed_and_purged_is_converted_to_incremental_vacuum_and_stays_whole() {
    let (dir, identity) = copy_fixture();
    let app = TestApp::start(dir, vec![identity]).await;
    let mut c = crate::queue_scale::db(&app).await;
    let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum")
        .fetch_one(&mut c)
        .await
        .expect("mode");
    assert_eq!(mode, 0, "made before incremental vacuum");
    // The fixture's case, closed two years ago in the policy's eyes.
    sqlx::query("UPDATE cases SET status = 'closed', received_day = '2024-01-01'")
        .execute(&mut c)
        .await
        .expect("close");
    drop(c);
    let purge = crate::cli::filimbi(app.dir.path(), &["purge"]);
    assert!(purge.status.success(), "{}", crate::cli::stderr(&purge));
    assert!(String::from_utf8_lossy(&purge.stdout).contains("closed         deleted 1 case(s)"));
    let mut c = crate::queue_scale::db(&app).await;
    let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum")
        .fetch_one(&mut c)
        .await
        .expect("mode");
    assert_eq!(mode, 2, "converted once, by a full VACUUM");
    assert_eq!(app.case_count().await, 0);
    let blobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs")
        .fetch_one(&mut c)
        .await
        .expect("blobs");
    assert_eq!(blobs, 0, "the case's report and attachment went with it");
    let verify = crate::cli::filimbi(app.dir.path(), &["audit", "verify"]);
    assert!(verify.status.success(), "{}", crate::cli::stderr(&verify));
}
