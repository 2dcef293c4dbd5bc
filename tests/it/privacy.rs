//! The promise: nothing a whistle-blower typed is stored or logged in clear; nothing is stored
//! when it cannot be encrypted; every response carries the security headers.

use crate::common::*;

#[tokio::test]
async fn canary_text_and_receipt_never_reach_the_disk_or_the_logs() {
    let app = TestApp::new().await;
    let canary = format!("CANARY-{}-ukweli", std::process::id());
    let reply = app
        .submit(
            "fake-certificate",
            &[
                ("certificate_number", &format!("{canary}-number")),
                ("exporter", &format!("{canary}-exporter")),
                ("description", &format!("{canary} description")),
            ],
        )
        .await;
    assert_eq!(reply.status, 200);
    let receipt = reply.receipt().expect("receipt");
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    // Exercise readers too, so their logging is covered.
    let _ = app.export().await;
    // What the database holds, read back through SQL (both engines): on PostgreSQL this is
    // everything Filimbi ever sent the server.
    let stored = crate::schema::stored_values(&app.db().await).await;
    assert!(!stored.is_empty());
    for needle in [&canary, &digits, &receipt] {
        assert!(!contains(&stored, needle.as_bytes()), "stored in clear");
    }
    app.store.close().await;

    // And every file in the data directory, byte for byte (the SQLite file and its WAL too).
    let files = all_files(&app.data_dir());
    let names: Vec<String> = files
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert!(names.iter().any(|n| n == "server.key"), "{names:?}");
    if !crate::database::on_postgres() {
        assert!(names.iter().any(|n| n == "filimbi.sqlite3"), "{names:?}");
    }
    for (path, bytes) in &files {
        assert!(
            !contains(bytes, canary.as_bytes()),
            "canary in {}",
            path.display()
        );
        assert!(
            !contains(bytes, digits.as_bytes()),
            "receipt in {}",
            path.display()
        );
        assert!(
            !contains(bytes, receipt.as_bytes()),
            "receipt in {}",
            path.display()
        );
    }
    let logs = captured_logs();
    assert!(logs.contains("report stored"), "logging is captured");
    assert!(!logs.contains(&canary), "canary in logs");
    assert!(
        !logs.contains(&digits) && !logs.contains(&receipt),
        "receipt in logs"
    );
}

#[tokio::test]
async fn stored_rows_hold_no_metadata_beyond_the_documented_columns() {
    let app = TestApp::new().await;
    app.submit("other", &[("description", "metadata check")])
        .await;
    use sqlx::Row;
    let c = app.db().await;
    // Generated columns are computed from these (queue_rule), so they are left out.
    let cols: Vec<String> = crate::schema::columns(&c, "cases")
        .await
        .into_iter()
        .filter(|c| !c.generated)
        .map(|c| c.name)
        .collect();
    assert_eq!(
        cols,
        [
            "id",
            "category",
            "status",
            "received_day",
            "case_recipient",
            "receipt_lookup",
            "receipt_salt",
            "whistleblower_recipient",
            // Triage (migration 0002), set by investigators, days only.
            "assignee",
            "acknowledged_day",
            "feedback_day",
            // The conversation (migration 0005): whether an answer waits to be read.
            "unread_answers",
            // Holding under attack (migration 0006): filed as possible spam.
            "possible_spam",
            // The queue at scale (migration 0007): which deadlines are pending, derived from
            // the columns above (docs/crypto.md).
            "queue_run",
            // Record MACs (migration 0009): the header's MAC under the object key, a hash
            // that says nothing the columns above do not.
            "header_mac",
            // SMS and USSD (migration 0011): which door the report came through.
            "channel"
        ]
    );
    // No implicit rowid that would number cases in arrival order (PostgreSQL's xmin and heap
    // order are another matter: docs/threat-model.md).
    assert!(
        sqlx::query("SELECT rowid FROM cases")
            .fetch_all(&c)
            .await
            .is_err()
    );
    let row = sqlx::query("SELECT id, status, received_day FROM cases")
        .fetch_one(&c)
        .await
        .expect("row");
    assert_eq!(row.get::<String, _>("status"), "new");
    assert_eq!(
        row.get::<String, _>("received_day"),
        "2026-11-23",
        "a day, no time"
    );
    assert_eq!(row.get::<String, _>("id").len(), 32);
}

#[tokio::test]
async fn without_keys_intake_is_closed_and_stores_nothing() {
    let app = TestApp::with_keys(0).await;
    let home = app.get("/").await;
    assert!(home.body.contains("Reporting is closed"));
    let form = app.get("/report/other").await;
    assert!(form.body.contains("Reporting is closed"));
    assert!(!form.body.contains("<form"), "no form to fill in vain");
    let token = {
        // A token from an open instance sharing nothing: the closed check comes first anyway.
        "AAAA".to_owned()
    };
    let reply = app
        .post_form(
            "/report/other",
            &[("token", &token), ("description", "lost?")],
        )
        .await;
    assert_eq!(reply.status, 503);
    assert!(reply.body.contains("Nothing was stored"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let replies = vec![
        app.get("/").await,
        app.get("/report/fake-website").await,
        app.get("/style.css").await,
        app.get("/no/such/page").await,
        app.get("/report/unknown-kind").await,
        app.post_form(
            "/report/other",
            &[("token", &token), ("description", "hdr")],
        )
        .await,
        app.post_form("/report/other", &[("description", "no token")])
            .await,
        app.post_raw("/report/other", "text/plain", b"x".to_vec())
            .await,
    ];
    for r in replies {
        let h = |n: &str| {
            r.headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        assert_eq!(
            h("content-security-policy"),
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        );
        assert_eq!(h("referrer-policy"), "no-referrer");
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert!(h("permissions-policy").contains("geolocation=()"));
        assert!(h("permissions-policy").contains("camera=()"));
        let cc = h("cache-control");
        if h("content-type").starts_with("text/html") {
            assert_eq!(cc, "no-store", "pages are never cached");
        } else {
            assert!(!cc.is_empty());
        }
    }
}
