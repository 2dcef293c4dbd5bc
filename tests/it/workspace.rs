//! The investigator workspace, end to end through the real router: setup link, password and
//! TOTP, login, the queue, reading a case, notes, status, logout — and the ways it must refuse.

use axum::http::StatusCode;
use filimbi::domain::case::CaseId;

use crate::common::*;
use crate::staff::*;

#[tokio::test]
async fn setup_login_read_note_status_logout() {
    let app = TestApp::new().await;
    // `serve` prints this link when no account is active.
    let token = app
        .state
        .staff
        .accounts
        .bootstrap()
        .await
        .expect("bootstrap")
        .expect("a first-admin link when nobody is active");
    let link = secrecy::ExposeSecret::expose_secret(&token.0).to_owned();
    let (reply, secret) = app.complete_setup(&link, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let admin = Investigator {
        name: "admin".into(),
        password: PASSWORD.into(),
        secret: secret.expect("secret"),
    };
    // The link is used up.
    assert_eq!(
        app.get(&format!("/staff/setup/{link}")).await.status,
        StatusCode::NOT_FOUND
    );

    let case = app
        .submit_case("The site asks exporters for a 500 USD verification fee.")
        .await;
    let login = app.login(&admin).await;

    let queue = app.staff_get("/staff", &login.cookie).await;
    assert!(
        queue.body.contains(&format!("data-case=\"{case}\"")),
        "queue lists the case"
    );
    assert!(
        queue.body.contains("data-status=\"new\">1<"),
        "count per status"
    );
    assert!(
        queue.body.contains("Acknowledge by 2026-11-30"),
        "deadline shown"
    );

    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("500 USD verification fee"),
        "report decrypted"
    );
    assert!(page.body.contains("ceec-icglr-verify.example"));
    assert!(
        page.body.contains("<dt>Web address or domain</dt>"),
        "fields laid out with their labels"
    );

    let note = "Domain registered three weeks ago; same registrar as the 2024 fakes.";
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "note"), ("note", note)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "status"), ("status", "investigating")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(page.body.contains(note), "note decrypted on the case page");
    assert_eq!(
        by_id(&page.body, "status").as_deref(),
        Some("Investigating")
    );

    // The note is ciphertext at rest: neither the stored values nor the database file hold it.
    let stored = crate::schema::stored_values(&app.db().await).await;
    assert!(!contains(&stored, b"registrar"));
    app.store.close().await;
    let db = std::fs::read(app.data_dir().join("filimbi.sqlite3")).unwrap_or_default();
    assert_eq!(db.is_empty(), crate::database::on_postgres());
    let wal = std::fs::read(app.data_dir().join("filimbi.sqlite3-wal")).unwrap_or_default();
    assert!(!contains(&db, b"registrar") && !contains(&wal, b"registrar"));
}

#[tokio::test]
async fn logout_destroys_the_session() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let login = app.login(&who).await;
    let r = app.staff_post("/staff/logout", &login, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let set = r
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(set.contains("Max-Age=0"), "cookie cleared: {set}");
    let after = app.staff_get("/staff", &login.cookie).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "old cookie no longer works"
    );
    assert!(
        after.headers["location"]
            .to_str()
            .unwrap()
            .starts_with("/staff/login")
    );
}

#[tokio::test]
async fn session_cookie_attributes() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    app.clock.advance(30);
    let r = app
        .login_with(&who.name, PASSWORD, &who.secret.code_at(app.clock_now()))
        .await;
    let set = r.headers["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("__Host-filimbi-session="), "{set}");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(set.contains(attr), "{attr} missing: {set}");
    }
    assert!(!set.contains("Domain"), "no Domain with __Host-");
}

#[tokio::test]
async fn wrong_password_wrong_code_and_replayed_code_are_refused_alike() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    app.clock.advance(30);
    let good = who.secret.code_at(app.clock_now());
    let wrong_pw = app
        .login_with("amani", "gold travels by night 43", &good)
        .await;
    let wrong_code = app
        .login_with(
            "amani",
            PASSWORD,
            if good == "000000" { "111111" } else { "000000" },
        )
        .await;
    let unknown = app.login_with("nobody", PASSWORD, &good).await;
    for r in [&wrong_pw, &wrong_code, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(session_cookie(r).is_none());
    }
    let msg = |r: &Reply| by_id(&r.body, "message").expect("message");
    assert_eq!(
        msg(&wrong_pw),
        msg(&wrong_code),
        "the message does not say which factor failed"
    );
    assert_eq!(
        msg(&wrong_pw),
        msg(&unknown),
        "nor whether the account exists"
    );

    let ok = app.login_with("amani", PASSWORD, &good).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "right password and code");
    let replay = app.login_with("amani", PASSWORD, &good).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "a code works once");
    // One step later (clock skew tolerated within one step) a fresh code works.
    app.clock.advance(30);
    let fresh = app
        .login_with("amani", PASSWORD, &who.secret.code_at(app.clock_now()))
        .await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app
        .submit_case("A fake portal copies the scheme's logo.")
        .await;
    let login = app.login(&who).await;
    let path = format!("/staff/case/{case}");
    let missing = app
        .staff_post_raw(
            &path,
            &login.cookie,
            &[("action", "status"), ("status", "spam")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = app
        .staff_post_raw(
            &path,
            &login.cookie,
            &[
                ("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                ("action", "status"),
                ("status", "spam"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let page = app.staff_get(&path, &login.cookie).await;
    assert_eq!(
        by_id(&page.body, "status").as_deref(),
        Some("New"),
        "nothing changed"
    );
    // Logging out needs the token too (no logout CSRF).
    let r = app
        .staff_post_raw("/staff/logout", &login.cookie, &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A cross-site POST is refused even with the token.
    let cross = app
        .request(
            axum::http::Request::post(&path)
                .header("cookie", format!("{COOKIE}={}", login.cookie))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "cross-site")
                .body(axum::body::Body::from(encode(&[
                    ("csrf", &login.csrf),
                    ("action", "status"),
                    ("status", "spam"),
                ])))
                .unwrap(),
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_tampered_or_foreign_session_cookie_opens_nothing() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let case = app
        .submit_case("Only amani holds a key for this case.")
        .await;
    let bahati = app.investigator("bahati", false).await;
    let a = app.login(&amani).await;
    let b = app.login(&bahati).await;

    // Flip one character of the cookie.
    let mut chars: Vec<char> = a.cookie.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let tampered: String = chars.into_iter().collect();
    let r = app
        .staff_get(&format!("/staff/case/{case}"), &tampered)
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "tampered cookie goes to login"
    );

    // bahati's session id with amani's session key: amani's identity stays sealed.
    use base64::Engine;
    let dec = |c: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(c)
            .unwrap()
    };
    let (ad, bd) = (dec(&a.cookie), dec(&b.cookie));
    let mixed = [&bd[..16], &ad[16..]].concat();
    let mixed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mixed);
    let r = app.staff_get(&format!("/staff/case/{case}"), &mixed).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "a session key opens only its own session"
    );

    // bahati's own session: the case exists but bahati holds no key for it.
    let r = app
        .staff_get(&format!("/staff/case/{case}"), &b.cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"no-access\""));
    assert!(!r.body.contains("Only amani holds a key"));
    // Nor can bahati write a note to it.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &b,
            &[("action", "note"), ("note", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // amani grants the case to bahati; now bahati reads it.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &a,
            &[("action", "grant"), ("to", "bahati")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .staff_get(&format!("/staff/case/{case}"), &b.cookie)
        .await;
    assert!(r.body.contains("Only amani holds a key"), "granted");
}

#[tokio::test]
async fn a_disabled_account_loses_its_session_login_and_new_cases() {
    let app = TestApp::new().await;
    let admin = app.investigator("admin", true).await;
    let who = app.investigator("amani", false).await;
    let admin_login = app.login(&admin).await;
    let login = app.login(&who).await;
    let r = app
        .staff_post(
            "/staff/accounts",
            &admin_login,
            &[("action", "disable"), ("name", "amani")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::SEE_OTHER
    );
    app.clock.advance(30);
    let r = app
        .login_with("amani", PASSWORD, &who.secret.code_at(app.clock_now()))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let case = CaseId::parse(&app.submit_case("After amani left.").await).unwrap();
    let readers: Vec<String> = app
        .store
        .key_wraps(&case)
        .await
        .unwrap()
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(readers.len(), 2, "escrow and admin only: {readers:?}");
    assert!(readers.contains(&"escrow".to_owned()));
}

#[tokio::test]
async fn an_expired_or_used_setup_link_is_refused() {
    let app = TestApp::new().await;
    let link = app.new_account_link("amani", false).await;
    app.clock.advance(24 * 3600 + 1);
    let r = app.get(&format!("/staff/setup/{link}")).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.body.contains("expired"));
    let r = app.get("/staff/setup/not-a-real-link").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn setup_refuses_short_and_common_passwords_and_a_wrong_code() {
    let app = TestApp::new().await;
    let link = app.new_account_link("amani", false).await;
    let (r, _) = app.complete_setup(&link, "short").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("at least 12 characters"));
    let (r, _) = app.complete_setup(&link, "password1234").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("too common"));
    let page = app.get(&format!("/staff/setup/{link}")).await;
    let r = app
        .post_form(
            &format!("/staff/setup/{link}"),
            &[
                ("token", &page.token().unwrap()),
                ("totp_secret", &hidden(&page.body, "totp_secret").unwrap()),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
                ("code", "12345x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("code does not match"));
    // After all that the link still works.
    let (r, _) = app.complete_setup(&link, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_audit_chain_records_actions_and_detects_an_edited_row() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let case = app.submit_case("Audit me.").await;
    let login = app.login(&who).await;
    app.staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    app.staff_post(
        &format!("/staff/case/{case}"),
        &login,
        &[("action", "status"), ("status", "acknowledged")],
    )
    .await;
    let page = app.staff_get("/staff/audit", &login.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for action in [
        "account.create",
        "account.setup",
        "login",
        "case.view",
        "case.status",
    ] {
        assert!(page.body.contains(action), "{action} audited");
    }
    assert!(by_id(&page.body, "chain").unwrap().contains("intact"));
    let audit = &app.state.staff.audit;
    let (n, _) = audit.verify().await.unwrap().expect("chain intact");
    assert!(n >= 5);

    // Someone with database access rewrites history: the status change becomes "dismissed".
    let pool = app.db().await;
    let seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_log WHERE action = 'case.status'")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET detail = 'dismissed' WHERE seq = $1")
        .bind(seq)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let broken = audit.verify().await.unwrap().expect_err("chain broken");
    assert_eq!(broken.seq, seq, "the break is reported at the edited row");
    let page = app.staff_get("/staff/audit", &login.cookie).await;
    assert!(
        by_id(&page.body, "chain")
            .unwrap()
            .contains(&format!("entry {seq}"))
    );
}

#[tokio::test]
async fn admin_pages_are_for_admins() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let login = app.login(&who).await;
    assert_eq!(
        app.staff_get("/staff/audit", &login.cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .staff_post(
            "/staff/accounts",
            &login,
            &[("action", "create"), ("name", "eve")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/staff").await.status,
        StatusCode::SEE_OTHER,
        "no cookie: to login"
    );
}

#[tokio::test]
async fn queue_filters_labels_assignment_and_dashboard() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", true).await;
    let c1 = app.submit_case("First.").await;
    let c2 = app.submit_case("Second.").await;
    let login = app.login(&who).await;
    let post = |case: String, fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        let login = login.clone();
        async move {
            let r = app
                .staff_post(&format!("/staff/case/{case}"), &login, &fields)
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
    };
    post(
        c1.clone(),
        vec![("action", "label-add"), ("label", "Gold ")],
    )
    .await;
    post(
        c1.clone(),
        vec![("action", "assign"), ("assignee", "amani")],
    )
    .await;
    post(c2.clone(), vec![("action", "status"), ("status", "spam")]).await;

    let q = app.staff_get("/staff?label=gold", &login.cookie).await;
    assert!(q.body.contains(&c1) && !q.body.contains(&format!("data-case=\"{c2}\"")));
    let q = app.staff_get("/staff?status=spam", &login.cookie).await;
    assert!(
        q.body.contains(&format!("data-case=\"{c2}\""))
            && !q.body.contains(&format!("data-case=\"{c1}\""))
    );
    let q = app.staff_get("/staff?assignee=me", &login.cookie).await;
    assert!(
        q.body.contains(&format!("data-case=\"{c1}\""))
            && !q.body.contains(&format!("data-case=\"{c2}\""))
    );
    // Eight days on, the unacknowledged case needs attention; the spam one does not.
    app.clock.advance(8 * 24 * 3600);
    let login = app.login(&who).await;
    let q = app.staff_get("/staff?attention=1", &login.cookie).await;
    assert!(q.body.contains(&format!("data-case=\"{c1}\"")));
    assert!(!q.body.contains(&format!("data-case=\"{c2}\"")));
    assert!(q.body.contains("Acknowledgement overdue"));

    let d = app.staff_get("/staff/dashboard", &login.cookie).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body.matches("<svg").count(), 3);
    assert!(d.body.contains("2026-11"));
    assert!(!d.body.contains("<script"));
}

#[tokio::test]
async fn attachments_download_decrypted_as_attachments_never_inline() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let token = app.token("fake-certificate").await;
    let data = b"%%plain-text-evidence: certificate RCM-BI-2026-0042\n".repeat(100);
    let r = app
        .post_multipart(
            "/report/fake-certificate",
            &[("token", &token), ("description", "See the attached scan.")],
            &[("scan <1>.txt", &data)],
        )
        .await;
    assert!(r.receipt().is_some(), "{}", r.body);
    let case = app.store.list_cases(None).await.unwrap()[0]
        .id
        .as_str()
        .to_owned();
    let login = app.login(&who).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(
        page.body.contains("METADATA NOT REMOVED"),
        "unknown type is flagged"
    );
    assert!(page.body.contains("offline"), "warning to open offline");
    let r = app
        .staff_get(
            &format!("/staff/case/{case}/files/attachment-01"),
            &login.cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/octet-stream");
    let cd = r.headers["content-disposition"].to_str().unwrap();
    assert!(cd.starts_with("attachment;"), "{cd}");
    // `<` and `>` are forbidden in Windows file names: replaced before the name is stored.
    assert!(cd.contains("filename*=UTF-8''scan%20_1_.txt"), "{cd}");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.body.as_bytes(), &data[..]);
    let r = app
        .staff_get(
            &format!("/staff/case/{case}/files/attachment-02"),
            &login.cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reset_then_recovery_with_an_offline_key_from_the_command_line() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let case = app.submit_case("Recover me.").await;
    let old = app.login(&who).await;
    // amani forgets the password: reset, new setup, new key.
    let token = app
        .state
        .staff
        .accounts
        .reset(
            "test",
            &filimbi::domain::account::AccountName::parse("amani").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        app.staff_get("/staff", &old.cookie).await.status,
        StatusCode::SEE_OTHER
    );
    let link = secrecy::ExposeSecret::expose_secret(&token.0).to_owned();
    app.clock.advance(30);
    let (r, secret) = app.complete_setup(&link, "a brand new passphrase").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let who = Investigator {
        name: "amani".into(),
        password: "a brand new passphrase".into(),
        secret: secret.unwrap(),
    };
    let login = app.login(&who).await;
    let r = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(
        r.body.contains("id=\"no-access\""),
        "the new key opens nothing yet"
    );

    // The operator re-grants every case with the offline key (the CLI's code path).
    let out = crate::database::command(app.dir.path())
        .args(["investigator", "grant-all", "amani", "--identity"])
        .arg(&app.identities[0])
        .arg("--data-dir")
        .arg(app.data_dir())
        .arg("--keys-dir")
        .arg(app.dir.path().join("keys"))
        .output()
        .expect("run filimbi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("can now read 1 of 1"));
    let r = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(r.body.contains("Recover me."), "readable again");

    let out = crate::database::command(app.dir.path())
        .args(["audit", "verify", "--data-dir"])
        .arg(app.data_dir())
        .arg("--keys-dir")
        .arg(app.dir.path().join("keys"))
        .output()
        .expect("run filimbi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("audit chain intact"));
}

/// A minimal SMTP server on loopback that records what it is sent.
pub(crate) async fn smtp_sink() -> (u16, tokio::sync::mpsc::Receiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut data = false;
                let mut mail = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if data {
                        if line == "." {
                            data = false;
                            let _ = tx.send(std::mem::take(&mut mail)).await;
                            let _ = w.write_all(b"250 queued\r\n").await;
                        } else {
                            mail.push_str(&line);
                            mail.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test]
async fn the_new_report_email_says_nothing_about_the_case() {
    let (port, mut mails) = smtp_sink().await;
    let app = TestApp::with_options(|o| {
        o.notify = Some(filimbi::services::notify::NotifyConfig {
            smtp_url: format!("smtp://127.0.0.1:{port}").into(),
            from: "filimbi@example.org".into(),
            to: vec!["desk@example.org".into()],
            delay: (
                std::time::Duration::ZERO,
                std::time::Duration::from_millis(50),
            ),
        });
    })
    .await;
    let case = app
        .submit_case("Smuggled cassiterite crosses at night near Bukavu.")
        .await;
    let mail = tokio::time::timeout(std::time::Duration::from_secs(20), mails.recv())
        .await
        .expect("a notice is sent")
        .expect("mail");
    assert!(
        mail.contains("new reports or answers are waiting"),
        "{mail}"
    );
    assert!(mail.contains("desk@example.org"));
    for secret in [
        case.as_str(),
        &case[..8],
        "cassiterite",
        "Bukavu",
        "fake-website",
        "12:00",
    ] {
        assert!(!mail.contains(secret), "mail leaks {secret:?}: {mail}");
    }
    assert!(
        mail.contains("00:00:00"),
        "Date header carries the day only: {mail}"
    );
}

#[tokio::test]
async fn admins_cannot_disable_themselves_and_exports_are_audited() {
    let app = TestApp::new().await;
    let admin = app.investigator("admin", true).await;
    let login = app.login(&admin).await;
    for name in ["admin", " Admin "] {
        let r = app
            .staff_post(
                "/staff/accounts",
                &login,
                &[("action", "disable"), ("name", name)],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name:?}");
    }
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::OK
    );
    app.submit_case("Export me.").await;
    let out = app.dir.path().join("exported");
    let opts = app.offline_options().await;
    filimbi::offline::export::run(&opts, &out, None)
        .await
        .expect("export");
    let (entries, _) = app.state.staff.audit.recent(10).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "export" && e.detail == "1 cases")
    );
    assert!(app.state.staff.audit.verify().await.unwrap().is_ok());
}

#[tokio::test]
async fn sessions_end_after_thirty_idle_minutes_and_after_twelve_hours() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let login = app.login(&who).await;
    app.clock.advance(29 * 60);
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::OK
    );
    app.clock.advance(31 * 60);
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::SEE_OTHER,
        "31 idle minutes end the session"
    );
    // Active all along, the session still ends 12 hours after login.
    let login = app.login(&who).await;
    for _ in 0..(13 * 60 / 20) {
        app.clock.advance(20 * 60);
        let r = app.staff_get("/staff", &login.cookie).await;
        if r.status != StatusCode::OK {
            break;
        }
    }
    assert_eq!(
        app.staff_get("/staff", &login.cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

/// Every staff form is read one way: a wrong anti-CSRF token is refused first (403); then an
/// unknown, misspelt or missing `action`, or a field that is not UTF-8, gets the site's
/// bad-form page (400) in the investigator's language, and nothing changes; the same forms
/// with a known action do what they say.
#[tokio::test]
async fn every_staff_form_refuses_an_unknown_action_or_broken_text_with_the_bad_form_page() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let app = TestApp::new().await;
    let admin = app.investigator("admin", true).await;
    let login = app.login(&admin).await;
    let id = app.submit_case("Forms are read one way.").await;
    let case = format!("/staff/case/{id}");
    let pages = [
        case.as_str(),
        "/staff/bulk",
        "/staff/accounts",
        "/staff/templates",
        "/staff/warnings",
    ];
    for page in pages {
        let fr = format!("{page}?lang=fr");
        for action in ["launch", "label_add", "Grant-All", ""] {
            let r = app.staff_post(&fr, &login, &[("action", action)]).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{page} {action:?}");
            assert!(
                r.body.contains("Le formulaire n&#39;a pas pu être lu"),
                "{page} {action:?}: {}",
                r.body
            );
        }
        let r = app.staff_post(&fr, &login, &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{page} without action");
        let r = app
            .staff_post_raw(page, &login.cookie, &[("csrf", "wrong"), ("action", "x")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{page}: token first");
    }
    // Invalid UTF-8 is an error, never a replacement character in a stored note.
    let body = format!("csrf={}&action=note&note=caf%E9", login.csrf);
    let r = app
        .request(
            Request::post(&case)
                .header(header::COOKIE, format!("{COOKIE}={}", login.cookie))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let opened = app.staff_get(&case, &login.cookie).await;
    assert!(!opened.body.contains('\u{FFFD}'));
    // The same forms, with a known action, are read as before.
    let r = app
        .staff_post(&case, &login, &[("action", "note"), ("note", "café noté")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers.get("location").unwrap().to_str().unwrap();
    assert!(location.ends_with("&done=note"), "{location}");
    assert!(
        app.staff_get(&case, &login.cookie)
            .await
            .body
            .contains("café noté")
    );
    let r = app
        .staff_post(
            "/staff/templates",
            &login,
            &[
                ("action", "save"),
                ("id", ""),
                ("position", "x"),
                ("title_en", "Thanks"),
                ("title_fr", "Merci"),
                ("body_en", "Thank you."),
                ("body_fr", "Merci."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let templates = app.state.staff.workspace.templates().await.unwrap();
    assert!(templates.iter().any(|t| t.title_en == "Thanks"));
    let r = app
        .staff_post(
            "/staff/bulk",
            &login,
            &[
                ("action", "spam"),
                ("case", &id),
                ("back", "/staff?lang=en"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers.get("location").unwrap().to_str().unwrap();
    assert!(location.ends_with("&changed=1&refused=0"), "{location}");
    let r = app
        .staff_post(
            "/staff/accounts",
            &login,
            &[("action", "create"), ("name", "zawadi"), ("admin", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let accounts = app.state.staff.accounts.list().await.unwrap();
    assert!(
        accounts
            .iter()
            .any(|a| a.name.to_string() == "zawadi" && a.is_admin)
    );
}
