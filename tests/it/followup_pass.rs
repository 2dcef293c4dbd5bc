//! The follow-up pass ends everywhere: "Leave now" and fifteen idle minutes end it on the
//! server, for every copy of the cookie; the cookie is a session cookie (never written to disk
//! by the browser), and it is not `Secure` over plain HTTP to an onion address, where text
//! browsers would never send it back.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::*;
use crate::followup::{PASS, Visitor, location, notice, pass_cookie};

/// A v3 onion name (56 base32 characters), as Tor Browser, Lynx or w3m send it in `Host`.
pub(crate) const ONION: &str = "filimbiwhistleblowerintakeexampleaaaaaaaaaaaaaaaaaaaaaaa.onion";

/// The `Set-Cookie` header that sets or clears the cookie `name`, whole.
fn set_cookie(r: &Reply, name: &str) -> String {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", r.headers))
        .to_owned()
}

/// The value a `Set-Cookie` header sets.
fn value_of(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default()
}

/// Asserts a cookie lives in the browser's memory only: no `Max-Age`, no `Expires`.
fn assert_session_cookie(set_cookie: &str) {
    let lower = set_cookie.to_ascii_lowercase();
    assert!(
        !lower.contains("max-age") && !lower.contains("expires"),
        "a session cookie: {set_cookie}"
    );
    assert!(set_cookie.contains("; HttpOnly") && set_cookie.contains("; SameSite=Strict"));
    assert!(set_cookie.contains("; Path=/"), "{set_cookie}");
}

impl TestApp {
    /// A request addressed to `host` (plain HTTP: the in-process router has no TLS), with the
    /// cookie `cookie` if any and a urlencoded `form` body if any.
    async fn to_host(
        &self,
        host: &str,
        method: &str,
        path: &str,
        cookie: Option<(&str, &str)>,
        form: Option<&[(&str, &str)]>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, host);
        if let Some((name, value)) = cookie {
            req = req.header(header::COOKIE, format!("{name}={value}"));
        }
        let body = match form {
            Some(fields) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(encode(fields))
            }
            None => Body::empty(),
        };
        self.request(req.body(body).expect("request")).await
    }

    /// Types `receipt` into the follow-up form of `host`; returns the redirect.
    async fn come_back_at(&self, host: &str, receipt: &str) -> Reply {
        let form = self.to_host(host, "GET", "/followup", None, None).await;
        let token = form.token().expect("form token");
        self.to_host(
            host,
            "POST",
            "/followup",
            None,
            Some(&[("token", &token), ("receipt", receipt)]),
        )
        .await
    }

    /// "Leave now", sent as the case page's form sends it (its hidden field included).
    async fn leave(&self, v: &Visitor) -> Reply {
        self.request(
            Request::post("/followup/leave?lang=en")
                .header(header::COOKIE, format!("{PASS}={}", v.pass))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("leave=1"))
                .expect("request"),
        )
        .await
    }

    async fn live_passes(&self) -> i64 {
        self.store.count_followup_passes().await.expect("count")
    }
}

/// Whether a reply is the case page (not the receipt form of an ended visit).
fn is_case_page(r: &Reply) -> bool {
    r.status == StatusCode::OK && r.body.contains("data-state=\"") && notice(r).is_empty()
}

#[tokio::test]
async fn a_copied_pass_stops_working_everywhere_once_the_person_leaves() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let (receipt, case) = app.report("leave everywhere").await;
    let login = app.login(&amani).await;
    let question = "LEAVE-QUESTION-CANARY who else was there?";
    app.staff_post(
        &format!("/staff/case/{case}"),
        &login,
        &[("action", "reply"), ("message", question)],
    )
    .await;
    let v = app.come_back(&receipt).await;
    // Someone copies the cookie (a shared computer, a browser profile taken).
    let copy = Visitor {
        pass: v.pass.clone(),
    };
    assert!(
        app.visit(&copy, "/followup/case")
            .await
            .body
            .contains(question)
    );
    let page = app.visit(&v, "/followup/case").await;
    assert!(is_case_page(&page));
    let token = page.token().expect("answer form token");

    let left = app.leave(&v).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&left), "/?lang=en");
    let cleared = set_cookie(&left, PASS);
    assert!(cleared.starts_with(&format!("{PASS}=;")) && cleared.contains("Max-Age=0"));
    assert_eq!(app.live_passes().await, 0, "the server's record is gone");

    // The copy reads nothing more and cannot answer.
    let r = app.visit(&copy, "/followup/case").await;
    assert_eq!(notice(&r), "expired");
    assert!(!r.body.contains(question));
    let r = app
        .post_answer(
            &copy.pass,
            "/followup/case",
            &[("token", &token), ("answer", "COPIED-PASS-ANSWER")],
            &[],
        )
        .await;
    assert_eq!(notice(&r), "expired");
    let id = filimbi::domain::case::CaseId::parse(&case).expect("id");
    assert_eq!(
        app.store.messages(&id).await.expect("messages").len(),
        1,
        "the question only: no answer through the copy"
    );
    // "Leave now" has a named field, so text browsers send it as the POST it is.
    let leave_form = page
        .body
        .split("action=\"/followup/leave")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .expect("the leave form");
    assert!(leave_form.contains("name=\"leave\""), "{leave_form}");
    // Coming back with the receipt opens a new visit, as before.
    let again = app.come_back(&receipt).await;
    assert!(is_case_page(&app.visit(&again, "/followup/case").await));
    assert_ne!(again.pass, v.pass);
}

#[tokio::test]
async fn a_pass_runs_out_on_the_server_after_fifteen_idle_minutes_whatever_the_cookie_says() {
    let app = TestApp::new().await;
    let (receipt, _) = app.report("idle").await;
    let v = app.come_back(&receipt).await;
    // Each page moves the idle deadline on, on the server: the same cookie value, replayed
    // every ten minutes, works forty minutes on. Pages set no new cookie: nothing held by the
    // browser says when the visit ends.
    let mut set_cookies = 0;
    for _ in 0..4 {
        app.clock.advance(10 * 60);
        let page = app.visit(&v, "/followup/case").await;
        assert!(is_case_page(&page), "{}", page.body);
        set_cookies += page.headers.get_all(header::SET_COOKIE).iter().count();
    }
    assert_eq!(set_cookies, 0);
    // Sixteen idle minutes: ended, for this cookie and any copy, replayed as it is.
    app.clock.advance(16 * 60);
    assert_eq!(notice(&app.visit(&v, "/followup/case").await), "expired");
    assert_eq!(notice(&app.visit(&v, "/followup/case").await), "expired");
    // Its record is swept: nothing stays to say a visit happened.
    assert_eq!(app.live_passes().await, 1);
    filimbi::services::maintenance::sweep(&app.store, &app.state.spooler, app.clock.as_ref())
        .await
        .expect("sweep");
    assert_eq!(app.live_passes().await, 0);
    let row_times: Vec<i64> = sqlx::query_scalar("SELECT expires_at FROM followup_passes")
        .fetch_all(&app.db().await)
        .await
        .expect("rows");
    assert!(row_times.is_empty());

    // However active, a visit ends two hours after the receipt was typed.
    let v = app.come_back(&receipt).await;
    let expires: i64 = sqlx::query_scalar("SELECT expires_at FROM followup_passes")
        .fetch_one(&app.db().await)
        .await
        .expect("the live pass");
    assert_eq!(expires % 60, 0, "the deadline is kept to the minute");
    for _ in 0..11 {
        app.clock.advance(10 * 60);
        assert!(is_case_page(&app.visit(&v, "/followup/case").await));
    }
    app.clock.advance(11 * 60);
    assert_eq!(notice(&app.visit(&v, "/followup/case").await), "expired");
}

#[tokio::test]
async fn the_pass_is_a_session_cookie_and_secure_except_over_http_to_an_onion_address() {
    let app = TestApp::new().await;
    let (receipt, _) = app.report("cookies").await;

    // The public (HTTPS) address: Secure, with the __Host- prefix, and no lifetime.
    let r = app.type_receipt(&receipt).await;
    let set = set_cookie(&r, PASS);
    assert_session_cookie(&set);
    assert!(set.contains("; Secure"), "{set}");

    // The onion address, served over plain HTTP inside Tor, default settings: not Secure
    // (Lynx and w3m would never send it back), no __Host- prefix (which requires Secure).
    for host in [ONION.to_owned(), format!("{ONION}:80")] {
        let r = app.come_back_at(&host, &receipt).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(pass_cookie(&r).is_none(), "no __Host- cookie over http");
        let set = set_cookie(&r, "filimbi-followup");
        assert_session_cookie(&set);
        assert!(!set.contains("Secure"), "{set}");
        let value = value_of(&set);
        let page = app
            .to_host(
                &host,
                "GET",
                "/followup/case",
                Some(("filimbi-followup", &value)),
                None,
            )
            .await;
        assert!(is_case_page(&page), "{}", page.body);
        // Leaving there clears that cookie (a Secure clearing would be ignored over http).
        let left = app
            .to_host(
                &host,
                "POST",
                "/followup/leave",
                Some(("filimbi-followup", &value)),
                Some(&[("leave", "1")]),
            )
            .await;
        let cleared = set_cookie(&left, "filimbi-followup");
        assert!(cleared.contains("Max-Age=0") && !cleared.contains("Secure"));
        let page = app
            .to_host(
                &host,
                "GET",
                "/followup/case",
                Some(("filimbi-followup", &value)),
                None,
            )
            .await;
        assert_eq!(notice(&page), "expired");
    }
    // A name that only ends like one is no onion address.
    let r = app.come_back_at("onion.example.org", &receipt).await;
    assert!(set_cookie(&r, PASS).contains("; Secure"));

    // With --insecure-cookies (plain-HTTP deployments), never Secure, on any address.
    let plain = TestApp::with_options(|o| o.cookie_secure = false).await;
    let (receipt, _) = plain.report("plain http").await;
    let r = plain.come_back_at("intake.example.org", &receipt).await;
    let set = set_cookie(&r, "filimbi-followup");
    assert_session_cookie(&set);
    assert!(!set.contains("Secure"), "{set}");
}
