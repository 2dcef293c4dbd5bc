//! Bad input: a clear 4xx page in the visitor's language, what was typed kept where it can be,
//! and nothing stored.

use filimbi::domain::report::MAX_DESCRIPTION;

use crate::common::*;

#[tokio::test]
async fn missing_description_shows_the_form_again_with_the_text_kept() {
    let app = TestApp::new().await;
    let reply = app
        .submit(
            "fake-website",
            &[("web_address", "www.icglr-icglr.cd"), ("description", "  ")],
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("This must be filled in."));
    assert!(
        reply.body.contains("value=\"www.icglr-icglr.cd\""),
        "typed text kept"
    );
    assert!(reply.token().is_some(), "a fresh token to send again");
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn fake_website_requires_the_address() {
    let app = TestApp::new().await;
    let reply = app
        .submit("fake-website", &[("description", "no address")])
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains(">no address</textarea>"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn too_long_text_is_refused_with_the_limit_and_kept() {
    let app = TestApp::new().await;
    let long = "é".repeat(MAX_DESCRIPTION + 1);
    let reply = app.submit("other", &[("description", &long)]).await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("at most 20000 characters"));
    assert!(reply.body.contains(&long[..200]));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let huge = "x".repeat(600 * 1024);
    let reply = app
        .post_form(
            "/report/other",
            &[("token", &token), ("description", &huge)],
        )
        .await;
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains("Nothing was stored"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn invalid_utf8_is_refused_not_mangled() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let mut body = format!("token={token}&description=").into_bytes();
    body.extend_from_slice(b"%FF%FEbad");
    let reply = app
        .post_raw("/report/other", "application/x-www-form-urlencoded", body)
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("could not be read as text"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn unknown_category_is_not_found() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let reply = app
        .post_form(
            "/report/bribery",
            &[("token", &token), ("description", "x")],
        )
        .await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("There is no page at this address."));
    assert_eq!(app.get("/report/bribery?lang=fr").await.status, 404);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn unknown_fields_are_refused_with_the_text_kept() {
    let app = TestApp::new().await;
    let reply = app
        .submit(
            "other",
            &[("description", "kept text"), ("ip_address", "1.2.3.4")],
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains(">kept text</textarea>"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn wrong_content_type_is_refused() {
    let app = TestApp::new().await;
    for ct in ["application/json", "text/plain", "application/xml"] {
        let reply = app
            .post_raw("/report/other", ct, br#"{"description":"x"}"#.to_vec())
            .await;
        assert_eq!(reply.status, 415, "{ct}");
    }
    let broken = app
        .post_raw(
            "/report/other",
            "multipart/form-data; boundary=x",
            b"not multipart".to_vec(),
        )
        .await;
    assert_eq!(broken.status, 400);
    let no_boundary = app
        .post_raw("/report/other", "multipart/form-data", b"--x--".to_vec())
        .await;
    assert_eq!(no_boundary.status, 400);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn missing_or_forged_form_token_is_refused_and_the_text_kept() {
    let app = TestApp::new().await;
    let no_token = app
        .post_form("/report/other", &[("description", "words")])
        .await;
    assert_eq!(no_token.status, 403);
    assert!(no_token.body.contains(">words</textarea>"));
    let forged = app
        .post_form(
            "/report/other",
            &[
                ("token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                ("description", "words"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("could not be checked"));
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn an_expired_form_keeps_the_text_and_can_be_sent_again() {
    let app = TestApp::new().await;
    let old = app.token("other").await;
    app.clock.advance(13 * 3600);
    let reply = app
        .post_form(
            "/report/other",
            &[("token", &old), ("description", "written slowly")],
        )
        .await;
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("has expired"));
    assert!(reply.body.contains(">written slowly</textarea>"));
    assert_eq!(app.case_count().await, 0);
    let fresh = reply.token().expect("fresh token");
    let again = app
        .post_form(
            "/report/other",
            &[("token", &fresh), ("description", "written slowly")],
        )
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let req = axum::http::Request::post("/report/other")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(encode(&[
            ("token", &token),
            ("description", "csrf"),
        ])))
        .expect("request");
    let reply = app.request(req).await;
    assert_eq!(reply.status, 403);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn error_pages_speak_the_visitors_language_and_hide_internals() {
    let app = TestApp::new().await;
    let reply = app.get("/nowhere?lang=fr").await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("Page introuvable"));
    assert!(reply.body.contains("<code>"), "operation id shown");
    let reply = app
        .post_raw("/report/other?lang=fr", "text/plain", b"x".to_vec())
        .await;
    assert_eq!(reply.status, 415);
    assert!(
        reply.body.contains("Rien n'a été enregistré")
            || reply.body.contains("Rien n&#39;a été enregistré")
            || reply.body.contains("Rien n&#x27;a été enregistré")
    );
}
