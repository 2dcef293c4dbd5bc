//! Reports that arrive together share one durable commit on SQLite (`store::new_case`): each
//! is still stored whole or not at all, a receipt is shown only once its case is durable, and
//! one report that fails takes none of the others with it.

use std::time::Duration;

use axum::http::StatusCode;

use crate::common::TestApp;
use crate::database::{on_postgres, refuse_inserts};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_sent_together_are_each_stored_and_one_that_fails_fails_alone() {
    let app = TestApp::new().await;
    let db = app.db().await;
    refuse_inserts(&db, "cases", "NEW.category = 'illegal-trade'").await;
    let mut forms = Vec::new();
    for i in 0..8 {
        let slug = if i % 3 == 0 { "illegal-trade" } else { "other" };
        let token = app.token(slug).await;
        forms.push((slug, token, format!("TOGETHER-{i} the trucks at Goma")));
    }
    // Hold the database's write lock from outside while all eight arrive, so they queue for
    // the writer and share commits instead of each finding it free.
    let mut holder = db.acquire().await.expect("connection");
    let lock = if on_postgres() {
        "BEGIN; LOCK TABLE cases IN EXCLUSIVE MODE"
    } else {
        "BEGIN IMMEDIATE"
    };
    sqlx::raw_sql(lock)
        .execute(&mut *holder)
        .await
        .expect("lock");
    let app = &app;
    let sending =
        futures_util::future::join_all(forms.iter().map(|(slug, token, text)| async move {
            let fields = [("token", token.as_str()), ("description", text.as_str())];
            (
                *slug,
                text.clone(),
                app.post_form(&format!("/report/{slug}"), &fields).await,
            )
        }));
    let release = async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        sqlx::raw_sql("ROLLBACK")
            .execute(&mut *holder)
            .await
            .expect("unlock");
    };
    let (replies, ()) = tokio::join!(sending, release);

    let mut stored = 0;
    for (slug, text, reply) in &replies {
        if *slug == "other" {
            assert!(reply.receipt().is_some(), "{text}: {}", reply.body);
            stored += 1;
        } else {
            assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
            assert!(
                reply.body.contains(text.as_str()),
                "{text}: the form keeps its text"
            );
        }
    }
    assert_eq!(stored, 5);
    assert_eq!(
        app.case_count().await,
        5,
        "only the refused reports are missing"
    );
    assert_eq!(
        app.store.count_spent_form_tokens().await.expect("count"),
        5,
        "a refused report's token was rolled back with it"
    );
    // Each receipt shown opens its own case.
    for (_, _, reply) in replies.iter().filter(|(slug, _, _)| *slug == "other") {
        app.come_back(&reply.receipt().expect("receipt")).await;
    }
}
