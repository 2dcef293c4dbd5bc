//! What machines ask: `/healthz`, `robots.txt`, `security.txt`, and `Onion-Location`.

use crate::common::*;

#[tokio::test]
async fn health_says_ok_or_one_word_and_nothing_about_cases() {
    let app = TestApp::new().await;
    app.submit("other", &[("description", "a case")]).await;
    let ok = app.get("/healthz").await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, "ok\n");
    assert_eq!(ok.headers["cache-control"], "no-store");
    let closed = TestApp::with_keys(0).await.get("/healthz").await;
    assert_eq!(closed.status, 503);
    assert_eq!(closed.body, "closed\n");
}

#[tokio::test]
async fn robots_keep_staff_checks_and_follow_up_out_of_search_engines() {
    let app = TestApp::new().await;
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, 200);
    for path in ["/staff", "/check", "/api/", "/followup"] {
        assert!(
            robots.body.contains(&format!("Disallow: {path}\n")),
            "{path}"
        );
    }
    assert!(
        !robots.body.contains("Disallow: /\n"),
        "the public pages stay findable"
    );
}

#[tokio::test]
async fn security_txt_and_onion_location_come_from_the_options() {
    let plain = TestApp::new().await;
    assert_eq!(plain.get("/.well-known/security.txt").await.status, 404);
    assert!(!plain.get("/").await.headers.contains_key("onion-location"));

    let app = TestApp::with_options(|o| {
        o.ops.security_contact = Some("mailto:security@example.org".to_owned());
        o.ops.security_expires = Some("2027-12-31T23:00:00Z".to_owned());
        o.ops.onion_location = Some("http://filimbiexample.onion".to_owned());
    })
    .await;
    let txt = app.get("/.well-known/security.txt").await;
    assert_eq!(txt.status, 200);
    assert!(txt.body.contains("Contact: mailto:security@example.org\n"));
    assert!(txt.body.contains("Expires: 2027-12-31T23:00:00Z\n"));
    let page = app.get("/report/other?lang=fr").await;
    assert_eq!(
        page.headers["onion-location"],
        "http://filimbiexample.onion/report/other?lang=fr"
    );
    assert!(
        !app.get("/style.css")
            .await
            .headers
            .contains_key("onion-location"),
        "pages only"
    );
}
