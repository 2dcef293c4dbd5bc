//! Holding under attack, through the real router: single-use form tokens, the quiet "possible
//! spam" folder (hidden field, token age), and the queue after a flood (pages, filters,
//! counts, bulk actions).

use axum::http::StatusCode;
use filimbi::domain::account::AccountId;
use filimbi::domain::queue::{self, Deadlines, Filter};
use filimbi::store::QueueClock;

use crate::common::*;
use crate::queue_scale::{CaseRow, assert_pages_match_domain};
use crate::staff::*;

/// The ids of the cases listed on a queue page.
fn listed(body: &str) -> Vec<String> {
    let marker = "data-case=\"";
    body.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &body[i + marker.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect()
}

impl TestApp {
    /// Every case id, oldest day first, then by id.
    pub(crate) async fn case_ids(&self) -> Vec<String> {
        self.store
            .list_cases(None)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id.as_str().to_owned())
            .collect()
    }

    /// Sends a report with a token fetched `wait` seconds earlier, and `extra` fields.
    async fn report_after(&self, wait: u64, extra: &[(&str, &str)]) -> Reply {
        let token = self.get("/report/other").await.token().expect("form token");
        self.clock.advance(wait);
        let mut all = vec![("token", token.as_str()), ("description", "Gold at night.")];
        all.extend_from_slice(extra);
        self.post_form("/report/other", &all).await
    }

    /// Cases written straight into the database (the queue reads no content): `n` new cases
    /// received `days_ago`, of which the first `unread` have an unread answer.
    async fn insert_cases(&self, n: usize, days_ago: i64, unread: usize) -> Vec<String> {
        let rows: Vec<CaseRow> = (0..n)
            .map(|i| CaseRow {
                days_ago,
                unread: i < unread,
                ..CaseRow::default()
            })
            .collect();
        self.insert_rows(&rows).await
    }
}

#[tokio::test]
async fn a_honeypot_report_is_stored_as_possible_spam_with_a_receipt_and_moved_back_audited() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    // The field is there for robots, hidden from people and screen readers.
    let form = app.get("/report/other").await;
    let hp = form
        .body
        .find("name=\"homepage\"")
        .map(|i| &form.body[form.body[..i].rfind("<div").expect("div")..i + 80])
        .expect("honeypot field");
    assert!(hp.contains("class=\"hp\" aria-hidden=\"true\""), "{hp}");
    assert!(hp.contains("tabindex=\"-1\"") && hp.contains("autocomplete=\"off\""));
    assert!(hp.contains("Leave this field empty"));

    let reply = app
        .report_after(30, &[("homepage", "http://cheap-pills.example")])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.receipt().is_some(),
        "a normal receipt: {}",
        reply.body
    );
    let ids = app.case_ids().await;
    assert_eq!(ids.len(), 1, "stored, never dropped");
    let case = &ids[0];

    let login = app.login(&amani).await;
    let q = app.staff_get("/staff", &login.cookie).await;
    assert!(!listed(&q.body).contains(case), "not in the queue");
    let spam = app.staff_get("/staff?view=spam", &login.cookie).await;
    assert_eq!(listed(&spam.body), vec![case.clone()], "in the spam view");
    // It opens like any other report (sealed the same way).
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(page.body.contains("Gold at night."));
    assert!(by_id(&page.body, "possible-spam").is_some());

    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "not-spam")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = app.staff_get("/staff", &login.cookie).await;
    assert!(listed(&q.body).contains(case), "back in the queue");
    let spam = app.staff_get("/staff?view=spam", &login.cookie).await;
    assert!(listed(&spam.body).is_empty());
    let (rows, _) = app.state.staff.audit.recent(100).await.expect("audit");
    assert!(
        rows.iter().any(|r| r.action == "case.spam"
            && r.subject == *case
            && r.detail == "queue"
            && r.actor == "amani"),
        "the move back is audited"
    );
}

#[tokio::test]
async fn a_form_sent_within_seconds_or_near_its_expiry_is_possible_spam_and_a_normal_one_is_not() {
    let app = TestApp::new().await;
    for (wait, spam) in [
        (0, true),
        (2, true),
        (3, false),
        (600, false),
        (11 * 3600 + 1, true),
    ] {
        let before = app.case_ids().await;
        let reply = app.report_after(wait, &[]).await;
        assert!(reply.receipt().is_some(), "receipt after {wait} s");
        let id = app
            .case_ids()
            .await
            .into_iter()
            .find(|i| !before.contains(i))
            .expect("stored");
        let flag: i64 = sqlx::query_scalar("SELECT possible_spam FROM cases WHERE id = $1")
            .bind(&id)
            .fetch_one(&app.db().await)
            .await
            .expect("flag");
        assert_eq!(flag == 1, spam, "sent {wait} s after the form was issued");
    }
}

#[tokio::test]
async fn a_report_form_sent_twice_is_shown_again_with_the_text_kept() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let fields = [
        ("token", token.as_str()),
        ("description", "Trucks cross at Goma."),
    ];
    let first = app.post_form("/report/other", &fields).await;
    assert!(first.receipt().is_some());
    let again = app.post_form("/report/other", &fields).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.receipt().is_none());
    assert!(
        again.body.contains("already been sent once"),
        "{}",
        again.body
    );
    assert!(
        again.body.contains("Trucks cross at Goma."),
        "the text is kept"
    );
    let fresh = again.token().expect("a fresh token");
    assert_ne!(fresh, token);
    assert_eq!(app.case_count().await, 1, "stored once");
    // The fresh token sends it (if the person wants it twice).
    let third = app
        .post_form(
            "/report/other",
            &[("token", &fresh), ("description", "Trucks cross at Goma.")],
        )
        .await;
    assert!(third.receipt().is_some());
}

#[tokio::test]
async fn the_same_form_sent_eight_times_at_once_is_stored_once_with_one_token_record() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let spent_before = app.store.count_spent_form_tokens().await.expect("count");
    let fields = [
        ("token", token.as_str()),
        ("description", "RACE-CANARY the scales at Bukavu"),
    ];
    let app = &app;
    let fields = &fields;
    let replies = futures_util::future::join_all(
        (0..8).map(|_| async move { app.post_form("/report/other", fields).await }),
    )
    .await;
    let receipts = replies.iter().filter(|r| r.receipt().is_some()).count();
    assert_eq!(receipts, 1, "one receipt");
    for r in replies.iter().filter(|r| r.receipt().is_none()) {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert!(r.body.contains("already been sent once"), "{}", r.body);
        assert!(r.body.contains("RACE-CANARY"), "the text is kept");
    }
    assert_eq!(app.case_count().await, 1, "stored once");
    assert_eq!(
        app.store.count_spent_form_tokens().await.expect("count") - spent_before,
        1,
        "one token record, written with the case"
    );
}

/// On SQLite the copies of one form meet in one shared commit (`store::new_case`): the
/// writer is held while they are sent, so all eight pass the check before sealing and wait
/// for the same commit. The first copy's case row goes in; every other copy's statements
/// find its token spent and write nothing, so the commit is not failed by a half-written
/// case.
#[tokio::test]
async fn copies_of_one_form_in_one_shared_commit_store_one_case_whole() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let fields = [
        ("token", token.as_str()),
        ("description", "BATCH-CANARY the trucks at Goma"),
    ];
    let db = app.db().await;
    let holder = if app.store.backend() == filimbi::store::Backend::Sqlite {
        let mut writer = db.acquire().await.expect("connection");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *writer)
            .await
            .expect("hold the writer");
        Some(writer)
    } else {
        None
    };
    let (app, fields) = (&app, &fields);
    let sent = futures_util::future::join_all(
        (0..8).map(|_| async move { app.post_form("/report/other", fields).await }),
    );
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        if let Some(mut writer) = holder {
            sqlx::query("ROLLBACK")
                .execute(&mut *writer)
                .await
                .expect("release the writer");
        }
    };
    let (replies, ()) = tokio::join!(sent, release);
    assert_eq!(replies.iter().filter(|r| r.receipt().is_some()).count(), 1);
    for r in replies.iter().filter(|r| r.receipt().is_none()) {
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert!(r.body.contains("BATCH-CANARY"), "the text is kept");
    }
    // Each table holds the one case's rows (key wraps: the escrow's and any account's).
    for (table, counted) in [
        ("cases", "*"),
        ("spent_form_tokens", "*"),
        ("case_identifiers", "*"),
        ("blobs", "*"),
        ("blob_chunks", "*"),
        ("case_key_wraps", "DISTINCT case_id"),
    ] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT({counted}) FROM {table}"
        )))
        .fetch_one(&db)
        .await
        .expect("count");
        assert_eq!(n, 1, "{table}");
    }
    db.close().await;
}

#[tokio::test]
async fn a_report_the_database_could_not_store_leaves_its_form_unspent() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let fields = [
        ("token", token.as_str()),
        ("description", "UNSPENT-CANARY the depot at Uvira"),
    ];
    // The report's chunks cannot be written: the case's transaction fails half-way.
    let db = app.db().await;
    sqlx::query("ALTER TABLE blob_chunks RENAME TO blob_chunks_away")
        .execute(&db)
        .await
        .expect("rename");
    let failed = app.post_form("/report/other", &fields).await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        failed.body.contains("could not be stored"),
        "{}",
        failed.body
    );
    assert!(
        failed.body.contains("UNSPENT-CANARY"),
        "the text comes back"
    );
    assert_eq!(app.case_count().await, 0);
    assert_eq!(
        app.store.count_spent_form_tokens().await.expect("count"),
        0,
        "the token's record went with the case's transaction"
    );
    sqlx::query("ALTER TABLE blob_chunks_away RENAME TO blob_chunks")
        .execute(&db)
        .await
        .expect("rename back");
    db.close().await;
    // So the same form, sent again, is taken.
    let again = app.post_form("/report/other", &fields).await;
    assert!(again.receipt().is_some(), "{}", again.body);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn spent_tokens_are_recorded_as_keyed_digests_and_purged_after_their_expiry_day() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let r = app
        .post_form("/report/other", &[("token", &token), ("description", "x")])
        .await;
    assert!(r.receipt().is_some());
    assert_eq!(app.store.count_spent_form_tokens().await.expect("count"), 1);
    let pool = app.db().await;
    let (mac, day): (String, String) =
        sqlx::query_as("SELECT token_mac, expiry_day FROM spent_form_tokens")
            .fetch_one(&pool)
            .await
            .expect("row");
    assert_ne!(mac, token, "not the token");
    assert!(!mac.contains(&token));
    // Issued 2026-11-23 12:00: expires at midnight, a day and no time.
    assert_eq!(day, "2026-11-24");

    let sweep = || {
        filimbi::services::maintenance::sweep(
            &app.store,
            &app.state.spooler,
            app.clock.as_ref() as &dyn filimbi::clock::Clock,
        )
    };
    sweep().await.expect("sweep");
    assert_eq!(app.store.count_spent_form_tokens().await.expect("count"), 1);
    app.clock.advance(24 * 3600);
    sweep().await.expect("sweep");
    assert_eq!(
        app.store.count_spent_form_tokens().await.expect("count"),
        1,
        "kept through its expiry day"
    );
    app.clock.advance(24 * 3600);
    sweep().await.expect("sweep");
    assert_eq!(app.store.count_spent_form_tokens().await.expect("count"), 0);
    // And the token stays refused: expired now.
    let r = app
        .post_form("/report/other", &[("token", &token), ("description", "x")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("has expired"));
}

#[tokio::test]
async fn possible_spam_never_counts_against_the_acknowledgement_deadline() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    app.report_after(30, &[("homepage", "spam")]).await;
    app.report_after(30, &[]).await;
    app.clock.advance(8 * 24 * 3600);
    let login = app.login(&amani).await;
    let overdue = app
        .staff_get("/staff?deadline=overdue", &login.cookie)
        .await;
    assert_eq!(listed(&overdue.body).len(), 1, "only the real report");
    assert!(overdue.body.contains("Overdue: <strong>1</strong>"));
    let attention = app.staff_get("/staff?view=spam", &login.cookie).await;
    let rows = listed(&attention.body);
    assert_eq!(rows.len(), 1);
    let page = app
        .staff_get(&format!("/staff/case/{}", rows[0]), &login.cookie)
        .await;
    assert!(
        !page.body.contains("<span class=\"overdue\">")
            && !page.body.contains("<span class=\"due\">"),
        "no deadline alert"
    );
    let real = &listed(&overdue.body)[0];
    let page = app
        .staff_get(&format!("/staff/case/{real}"), &login.cookie)
        .await;
    assert!(page.body.contains("<span class=\"overdue\">"));
}

#[tokio::test]
async fn the_queue_pages_filters_and_counts_in_the_database() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    app.insert_cases(120, 2, 7).await;
    let login = app.login(&amani).await;
    let p1 = app.staff_get("/staff", &login.cookie).await;
    assert_eq!(listed(&p1.body).len(), 50);
    assert!(
        p1.body.contains("page 1 of 3"),
        "{}",
        by_id(&p1.body, "shown").unwrap_or_default()
    );
    assert!(p1.body.len() < 100 * 1024);
    let p3 = app.staff_get("/staff?page=3", &login.cookie).await;
    assert_eq!(listed(&p3.body).len(), 20);
    assert!(by_id(&p3.body, "next").is_none() && by_id(&p3.body, "prev").is_some());
    let p2 = app.staff_get("/staff?page=2", &login.cookie).await;
    let mut all: Vec<String> = [&p1, &p2, &p3]
        .iter()
        .flat_map(|p| listed(&p.body))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 120, "every case on exactly one page");

    let unread = app.staff_get("/staff?unread=1", &login.cookie).await;
    assert_eq!(listed(&unread.body).len(), 7);
    assert!(unread.body.contains("Unread answers: <strong>7</strong>"));
    assert!(unread.body.contains("Queue: <strong>120</strong>"));
    // Paging keeps the filters.
    let sorted = app
        .staff_get("/staff?sort=oldest&unread=1&page=1", &login.cookie)
        .await;
    assert_eq!(listed(&sorted.body).len(), 7);
    let bad = app
        .staff_get("/staff?deadline=someday", &login.cookie)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_deadline_order_in_sql_is_the_domain_order() {
    let app = TestApp::new().await;
    for (days, n) in [(1, 3), (5, 2), (9, 4), (40, 2), (100, 3), (3, 4), (20, 3)] {
        app.insert_cases(n, days, 1).await;
    }
    // Some acknowledged, some with feedback, some closed.
    let pool = app.db().await;
    let ids = app.case_ids().await;
    for (i, id) in ids.iter().enumerate() {
        let (status, ack, fb) = match i % 7 {
            0 => ("new", None, None),
            1 => ("investigating", Some("2026-11-01"), None),
            2 => ("closed", Some("2026-11-01"), Some("2026-11-02")),
            3 => ("acknowledged", Some("2026-11-01"), None),
            4 => ("verified", Some("2026-11-01"), Some("2026-11-02")),
            5 => ("new", Some("2026-11-01"), None),
            _ => ("new", None, Some("2026-11-02")),
        };
        sqlx::query(
            "UPDATE cases SET status = $1, acknowledged_day = $2, feedback_day = $3 WHERE id = $4",
        )
        .bind(status)
        .bind(ack)
        .bind(fb)
        .bind(id)
        .execute(&pool)
        .await
        .expect("update");
    }
    let viewer = AccountId::from_random([7; 16]);
    let clock = QueueClock {
        deadlines: Deadlines::default(),
        today: time::macros::date!(2026 - 11 - 23),
    };
    let everything = app.store.queue_items(&viewer).await.expect("items");
    let filters = [
        Filter::default(),
        Filter {
            attention: true,
            ..Filter::default()
        },
        Filter {
            deadline: Some(queue::DeadlineFilter::Overdue),
            ..Filter::default()
        },
        Filter {
            deadline: Some(queue::DeadlineFilter::Week),
            ..Filter::default()
        },
        Filter {
            unread: true,
            ..Filter::default()
        },
    ];
    let offsets = [(0, 100), (0, 4), (4, 4), (9, 5), (15, 7)];
    assert_pages_match_domain(&app, &viewer, &clock, &everything, &filters, &offsets).await;
}

#[tokio::test]
async fn bulk_actions_change_only_cases_the_investigator_may_change_and_audit_each() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let a = app.submit_case("First of the flood.").await;
    let b = app.submit_case("Second of the flood.").await;
    // Bahati joins after: she holds no key to either case.
    let bahati = app.investigator("bahati", false).await;
    let c = app.submit_case("Third, after Bahati joined.").await;

    let bl = app.login(&bahati).await;
    let r = app
        .staff_post(
            "/staff/bulk",
            &bl,
            &[
                ("action", "close"),
                ("back", "/staff?lang=en"),
                ("case", &a),
                ("case", &b),
                ("case", &c),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(to.ends_with("&changed=1&refused=2"), "{to}");
    let after = app.staff_get(&to, &bl.cookie).await;
    assert!(by_id(&after.body, "bulk-done").is_some_and(|t| t.contains("1 cases changed")));
    let r = app
        .staff_post(
            "/staff/bulk",
            &bl,
            &[("action", "assign"), ("assignee", "bahati"), ("case", &a)],
        )
        .await;
    assert!(
        r.headers["location"]
            .to_str()
            .unwrap()
            .ends_with("&changed=0&refused=1")
    );

    let al = app.login(&amani).await;
    let r = app
        .staff_post(
            "/staff/bulk",
            &al,
            &[("action", "spam"), ("case", &a), ("case", &b)],
        )
        .await;
    assert!(
        r.headers["location"]
            .to_str()
            .unwrap()
            .ends_with("&changed=2&refused=0")
    );
    let spam = app.staff_get("/staff?view=spam", &al.cookie).await;
    let mut listed_spam = listed(&spam.body);
    listed_spam.sort();
    let mut ab = vec![a.clone(), b.clone()];
    ab.sort();
    assert_eq!(listed_spam, ab);
    // An admin may assign what she cannot change otherwise; here she can read both anyway.
    let r = app
        .staff_post(
            "/staff/bulk",
            &al,
            &[("action", "assign"), ("assignee", "bahati"), ("case", &c)],
        )
        .await;
    assert!(
        r.headers["location"]
            .to_str()
            .unwrap()
            .ends_with("&changed=1&refused=0")
    );

    let (rows, _) = app.state.staff.audit.recent(200).await.expect("audit");
    let has = |action: &str, subject: &str, actor: &str| {
        rows.iter()
            .any(|r| r.action == action && r.subject == subject && r.actor == actor)
    };
    assert!(has("case.status", &c, "bahati"));
    assert!(!has("case.status", &a, "bahati") && !has("case.status", &b, "bahati"));
    assert!(has("case.spam", &a, "amani") && has("case.spam", &b, "amani"));
    assert!(has("case.assign", &c, "amani"));

    // A forged case id or action is a bad form; a missing CSRF token is refused.
    let r = app
        .staff_post("/staff/bulk", &al, &[("action", "close"), ("case", "nope")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .staff_post_raw(
            "/staff/bulk",
            &al.cookie,
            &[("action", "close"), ("case", &a)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
