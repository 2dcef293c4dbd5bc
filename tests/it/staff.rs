//! Helpers for the investigator workspace: accounts set up through the real setup page, logins
//! through the real login form, TOTP codes computed from the secret the page showed.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use filimbi::crypto::totp::TotpSecret;

use crate::common::*;

/// The cookie name in the default (secure) mode.
pub const COOKIE: &str = "__Host-filimbi-session";
/// A password that passes the policy.
pub const PASSWORD: &str = "gold travels by night 42";

/// A logged-in browser: its session cookie and the page's anti-CSRF token.
#[derive(Clone)]
pub struct Login {
    pub cookie: String,
    pub csrf: String,
}

/// An investigator set up through the setup page.
pub struct Investigator {
    pub name: String,
    pub password: String,
    pub secret: TotpSecret,
}

/// The value of `name="field" value="…"` in a page.
pub fn hidden(body: &str, field: &str) -> Option<String> {
    let marker = format!("name=\"{field}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let len = body[start..].find('"')?;
    Some(body[start..start + len].to_owned())
}

/// The text of the element with `id="…"`.
pub fn by_id(body: &str, id: &str) -> Option<String> {
    let start = body.find(&format!("id=\"{id}\""))?;
    let rest = &body[start..];
    let open = rest.find('>')? + 1;
    let close = rest[open..].find("</")?;
    Some(rest[open..open + close].trim().to_owned())
}

/// The session cookie set by a reply, if any.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let (kv, _) = v.split_once(';')?;
            let (k, val) = kv.split_once('=')?;
            (k == COOKIE && !val.is_empty()).then(|| val.to_owned())
        })
}

impl TestApp {
    /// A setup link token for a new account, as `filimbi investigator add` makes it.
    pub async fn new_account_link(&self, name: &str, admin: bool) -> String {
        let token = self
            .state
            .staff
            .accounts
            .create(
                "test",
                &filimbi::domain::account::AccountName::parse(name).expect("account name"),
                admin,
            )
            .await
            .expect("create account");
        secrecy::ExposeSecret::expose_secret(&token.0).to_owned()
    }

    /// Completes setup through the page: reads the TOTP secret it shows, answers with the
    /// current code. Returns the reply to the POST.
    pub async fn complete_setup(&self, link: &str, password: &str) -> (Reply, Option<TotpSecret>) {
        let page = self.get(&format!("/staff/setup/{link}")).await;
        assert_eq!(page.status, StatusCode::OK, "setup page: {}", page.body);
        let secret_text = by_id(&page.body, "totp-secret").expect("secret shown as text");
        assert!(page.body.contains("<svg"), "QR code rendered as SVG");
        let secret = TotpSecret::from_base32(&secret_text).expect("base32 secret");
        let code = secret.code_at(self.clock_now());
        let reply = self
            .post_form(
                &format!("/staff/setup/{link}"),
                &[
                    ("token", &page.token().expect("form token")),
                    (
                        "totp_secret",
                        &hidden(&page.body, "totp_secret").expect("secret field"),
                    ),
                    ("password", password),
                    ("confirm", password),
                    ("code", &code),
                ],
            )
            .await;
        (reply, Some(secret))
    }

    /// Creates and sets up an account.
    pub async fn investigator(&self, name: &str, admin: bool) -> Investigator {
        let link = self.new_account_link(name, admin).await;
        let (reply, secret) = self.complete_setup(&link, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "setup: {}", reply.body);
        Investigator {
            name: name.to_owned(),
            password: PASSWORD.to_owned(),
            secret: secret.expect("secret"),
        }
    }

    pub fn clock_now(&self) -> u64 {
        use filimbi::clock::Clock;
        self.clock.now_unix()
    }

    /// Posts the login form with explicit values (no clock change).
    pub async fn login_with(&self, name: &str, password: &str, code: &str) -> Reply {
        let page = self.get("/staff/login").await;
        let token = page.token().expect("login form token");
        self.post_form(
            "/staff/login",
            &[
                ("token", &token),
                ("name", name),
                ("password", password),
                ("code", code),
            ],
        )
        .await
    }

    /// Logs in as `who` with the next TOTP step's code (the clock moves 30 s, as a person would
    /// wait for a fresh code), and fetches the queue for the CSRF token.
    pub async fn login(&self, who: &Investigator) -> Login {
        self.clock.advance(30);
        let code = who.secret.code_at(self.clock_now());
        let reply = self.login_with(&who.name, &who.password, &code).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "login: {}", reply.body);
        let cookie = session_cookie(&reply).expect("session cookie");
        let queue = self.staff_get("/staff", &cookie).await;
        assert_eq!(queue.status, StatusCode::OK);
        Login {
            csrf: hidden(&queue.body, "csrf").expect("csrf token"),
            cookie,
        }
    }

    /// GET with a session cookie.
    pub async fn staff_get(&self, path: &str, cookie: &str) -> Reply {
        self.request(
            Request::get(path)
                .header(header::COOKIE, format!("{COOKIE}={cookie}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// Sends a question on `case` as `login`, the SMS box ticked or not; returns where the
    /// case page redirected.
    pub async fn ask(&self, login: &Login, case: &str, text: &str, sms: bool) -> String {
        let mut fields = vec![("action", "reply"), ("message", text)];
        if sms {
            fields.push(("sms", "1"));
        }
        let r = self
            .staff_post(&format!("/staff/case/{case}"), login, &fields)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        r.headers["location"].to_str().expect("location").to_owned()
    }

    /// POST a form with a session cookie and its CSRF token.
    pub async fn staff_post(&self, path: &str, login: &Login, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", login.csrf.as_str())];
        all.extend_from_slice(fields);
        self.staff_post_raw(path, &login.cookie, &all).await
    }

    /// POST a form with a cookie and exactly the given fields.
    pub async fn staff_post_raw(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Reply {
        self.request(
            Request::post(path)
                .header(header::COOKIE, format!("{COOKIE}={cookie}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(encode(fields)))
                .expect("request"),
        )
        .await
    }

    /// Submits a fake-website report and returns the new case's id.
    pub async fn submit_case(&self, description: &str) -> String {
        self.submit_case_with(
            "fake-website",
            &[
                ("web_address", "ceec-icglr-verify.example"),
                ("description", description),
            ],
        )
        .await
    }

    /// Submits a report of `category` with `fields` and returns the new case's id.
    pub async fn submit_case_with(&self, category: &str, fields: &[(&str, &str)]) -> String {
        let before: std::collections::HashSet<String> = self
            .store
            .list_cases(None)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id.as_str().to_owned())
            .collect();
        let reply = self.submit(category, fields).await;
        assert!(reply.receipt().is_some(), "receipt: {}", reply.body);
        self.store
            .list_cases(None)
            .await
            .expect("list")
            .into_iter()
            .map(|c| c.id.as_str().to_owned())
            .find(|id| !before.contains(id))
            .expect("new case")
    }
}
