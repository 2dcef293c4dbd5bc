//! The one cross-site guard, for both audiences: the public report form and the staff forms
//! are refused alike when the browser says the post comes from another site, with the error
//! page in the page's language, and accepted from this site or from browsers that say nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::*;
use crate::staff::*;

const HOST: &str = "filimbi.example";

/// A URL-encoded POST with the given extra headers (and an optional session cookie).
fn post(
    path: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
    fields: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, HOST);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, format!("{COOKIE}={c}"));
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.body(Body::from(encode(fields))).expect("request")
}

/// What a browser on another site, or on a sibling subdomain, sends.
const FOREIGN: [&[(&str, &str)]; 4] = [
    &[("sec-fetch-site", "cross-site")],
    &[("sec-fetch-site", "same-site")],
    &[("origin", "https://evil.example")],
    &[("sec-fetch-site", "cross-site"), ("origin", "null")],
];

/// What a browser on this site sends (with `Referrer-Policy: no-referrer` the origin is
/// `null`), and what an old browser sends (nothing).
const OURS: [&[(&str, &str)]; 4] = [
    &[
        ("sec-fetch-site", "same-origin"),
        ("origin", "https://filimbi.example"),
    ],
    &[("sec-fetch-site", "same-origin"), ("origin", "null")],
    &[("origin", "https://filimbi.example")],
    &[],
];

fn assert_refused_in_french(reply: &Reply, what: &str) {
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "{what}: {}",
        reply.body
    );
    assert!(
        reply.body.contains("<html lang=\"fr\"") && reply.body.contains("<h1>Refusé</h1>"),
        "{what}: the cross-site page in French: {}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("Ce formulaire a été envoyé depuis un autre site web"),
        "{what}"
    );
}

#[tokio::test]
async fn a_report_from_another_site_is_refused_in_the_pages_language() {
    let app = TestApp::new().await;
    for extra in FOREIGN {
        let token = app.token("other").await;
        let reply = app
            .request(post(
                "/report/other?lang=fr",
                None,
                extra,
                &[("token", &token), ("description", "posted by another site")],
            ))
            .await;
        assert_refused_in_french(&reply, &format!("{extra:?}"));
    }
    assert_eq!(app.case_count().await, 0, "nothing stored");
}

#[tokio::test]
async fn a_report_from_this_site_or_an_old_browser_is_accepted() {
    let app = TestApp::new().await;
    for (n, extra) in OURS.iter().enumerate() {
        let token = app.token("other").await;
        let reply = app
            .request(post(
                "/report/other",
                None,
                extra,
                &[("token", &token), ("description", "sent from the form")],
            ))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{extra:?}: {}", reply.body);
        assert!(reply.receipt().is_some(), "{extra:?}: receipt shown");
        assert_eq!(app.case_count().await, n as i64 + 1);
    }
}

#[tokio::test]
async fn a_staff_post_from_another_site_is_refused_in_the_pages_language() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app
        .submit_case("A case whose status nobody may change from afar.")
        .await;
    let login = app.login(&who).await;
    let path = format!("/staff/case/{case}");
    for extra in FOREIGN {
        let reply = app
            .request(post(
                &format!("{path}?lang=fr"),
                Some(&login.cookie),
                extra,
                &[
                    ("csrf", &login.csrf),
                    ("action", "status"),
                    ("status", "spam"),
                ],
            ))
            .await;
        assert_refused_in_french(&reply, &format!("{extra:?}"));
    }
    let page = app.staff_get(&path, &login.cookie).await;
    assert_eq!(by_id(&page.body, "status").as_deref(), Some("New"));

    // The login form too: no session is started from another site.
    let form = app.get("/staff/login").await;
    let code = who.secret.code_at(app.clock_now() + 30);
    let reply = app
        .request(post(
            "/staff/login?lang=fr",
            None,
            &[("sec-fetch-site", "cross-site")],
            &[
                ("token", &form.token().expect("token")),
                ("name", "amani"),
                ("password", PASSWORD),
                ("code", &code),
            ],
        ))
        .await;
    assert_refused_in_french(&reply, "login");
    assert!(session_cookie(&reply).is_none(), "no session cookie");
}

#[tokio::test]
async fn a_staff_post_from_this_site_or_an_old_browser_is_accepted() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app
        .submit_case("A case moved along from the case page.")
        .await;
    let login = app.login(&who).await;
    let path = format!("/staff/case/{case}");
    let statuses = ["acknowledged", "investigating", "verified", "closed"];
    for (extra, status) in OURS.iter().zip(statuses) {
        let reply = app
            .request(post(
                &path,
                Some(&login.cookie),
                extra,
                &[
                    ("csrf", &login.csrf),
                    ("action", "status"),
                    ("status", status),
                ],
            ))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{extra:?}: {}",
            reply.body
        );
        let page = app.staff_get(&path, &login.cookie).await;
        let shown = by_id(&page.body, "status").unwrap_or_default();
        assert!(
            shown.eq_ignore_ascii_case(status),
            "{extra:?}: status now {shown}"
        );
    }
}

#[tokio::test]
async fn every_post_route_is_behind_the_guard() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app.submit_case("Any case will do.").await;
    let login = app.login(&who).await;
    let link = app.new_account_link("bahati", false).await;
    for path in [
        "/report/other".to_owned(),
        "/report/no-such-form".to_owned(),
        "/staff/login".to_owned(),
        "/staff/logout".to_owned(),
        format!("/staff/setup/{link}"),
        format!("/staff/case/{case}"),
        format!("/staff/case/{case}/warning"),
        "/staff/warnings".to_owned(),
        "/staff/accounts".to_owned(),
    ] {
        let reply = app
            .request(post(
                &format!("{path}?lang=fr"),
                Some(&login.cookie),
                &[("sec-fetch-site", "cross-site")],
                &[("csrf", &login.csrf)],
            ))
            .await;
        assert_refused_in_french(&reply, &path);
    }
    // The session survived: logout from another site did not end it.
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::OK
    );
}
