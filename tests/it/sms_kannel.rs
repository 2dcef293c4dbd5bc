//! Reports and follow-up by SMS through a real Kannel (Debian's bearerbox and smsbox, with
//! kannel-extras' fakesmsc as the handset and the phone network) in front of the real router
//! served on loopback, on whichever database the suite runs on. The last test is the privacy
//! check of the whole conversation, SMS and USSD together.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::StatusCode;
use filimbi::services::texting::{Outbound, SmsGateway};
use secrecy::SecretString;

use crate::common::*;
use crate::kannel::{COULD_NOT_FETCH, Delivered, Kannel, SHORT_CODE};
use crate::phone::{NUMBER, SECRET, SPELLINGS, app_with, config, receipt_in};

const WAIT: Duration = Duration::from_secs(30);

/// A free loopback address for Filimbi, taken before Kannel (which must know where to post)
/// and Filimbi (which must know Kannel's sendsms URL) are started.
async fn listener() -> (tokio::net::TcpListener, SocketAddr) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    (l, addr)
}

/// The contract for Kannel's post-url, to Filimbi at `addr` with `secret`.
fn post_url(addr: SocketAddr, secret: &str) -> String {
    format!("http://{addr}/sms/kannel/{secret}?from=%p&to=%P&id=%I")
}

/// Filimbi (with SMS through `kannel`, USSD on) served on `l`.
async fn filimbi(l: tokio::net::TcpListener, kannel: &Kannel) -> TestApp {
    let outbound = Outbound::Kannel {
        url: SecretString::from(kannel.send_url()),
    };
    let app = app_with(
        config(Some(SmsGateway::Kannel), true, Some(outbound)),
        |_| {},
    )
    .await;
    tokio::spawn(filimbi::http::server::run(
        l,
        app.router.clone(),
        filimbi::http::server::ServerOptions::default(),
        std::future::pending(),
    ));
    app
}

/// What the handset `to` gets next.
async fn reply(kannel: &Kannel, to: &str) -> Delivered {
    kannel
        .wait_for_sms(to, WAIT)
        .await
        .unwrap_or_else(|| panic!("no SMS for {to}; Kannel logs:\n{}", kannel.logs()))
}

#[tokio::test]
async fn a_report_by_sms_through_kannel_gets_its_receipt_a_question_and_an_answer() {
    let (l, addr) = listener().await;
    let kannel = Kannel::start(&post_url(addr, SECRET)).await;
    let app = filimbi(l, &kannel).await;
    let amani = app.investigator("amani", true).await;

    kannel
        .send(
            NUMBER,
            SHORT_CODE,
            "Forged RW certificates sold at the Rubavu border post",
            1,
        )
        .await;
    let got = reply(&kannel, NUMBER).await;
    let receipt = receipt_in(&got.text).unwrap_or_else(|| panic!("no receipt: {got:?}"));
    assert!(!got.ucs2 && got.parts <= 2, "{got:?}");
    let case = app.case_ids().await.pop().expect("a case");

    // The investigator's question reaches the handset.
    let login = app.login(&amani).await;
    let question = "Which day of the week are they sold?";
    app.ask(&login, &case, question, true).await;
    let asked = reply(&kannel, NUMBER).await;
    assert!(asked.text.contains(question), "{asked:?}");

    // The handset's answer, starting with the receipt, reaches the case.
    let grouped: Vec<String> = receipt
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    kannel
        .send(
            NUMBER,
            SHORT_CODE,
            &format!("{} On Thursdays, at dawn", grouped.join(" ")),
            1,
        )
        .await;
    let stored = reply(&kannel, NUMBER).await;
    assert!(receipt_in(&stored.text).is_none(), "{stored:?}");
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(page.body.contains("On Thursdays, at dawn"), "{}", page.body);
    assert_eq!(app.case_ids().await.len(), 1);

    // A long message arrives in three parts and is stored whole.
    let long = format!(
        "START {} END",
        "the trucks cross at night with tin from Rubavu ".repeat(9)
    );
    kannel.send("+250788000111", SHORT_CODE, &long, 3).await;
    let r = reply(&kannel, "+250788000111").await;
    assert!(receipt_in(&r.text).is_some(), "{r:?}");
    let cases = app.case_ids().await;
    assert_eq!(cases.len(), 2);
    let other = cases.into_iter().find(|c| *c != case).unwrap();
    let page = app
        .staff_get(&format!("/staff/case/{other}"), &login.cookie)
        .await;
    assert!(page.body.contains(long.trim()), "the three parts joined");
}

#[tokio::test]
async fn an_arabic_message_round_trips_as_ucs2_through_kannel() {
    let (l, addr) = listener().await;
    let kannel = Kannel::start(&post_url(addr, SECRET)).await;
    let app = filimbi(l, &kannel).await;
    let text = "شهادات مزورة تباع في سوق غوما";
    kannel.send("+249912345678", SHORT_CODE, text, 1).await;
    let got = reply(&kannel, "+249912345678").await;
    assert!(got.ucs2, "{got:?}");
    assert!(got.parts <= 2, "{got:?}");
    assert!(receipt_in(&got.text).is_some(), "{got:?}");
    assert!(
        got.text
            .chars()
            .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)),
        "{got:?}"
    );
    let report = decrypt_single_report(&app.export().await, &app.identities[0]);
    assert_eq!(report["fields"]["description"], text);
}

/// Between Kannel and Filimbi: passes the first request of each message on, then tells Kannel
/// it failed, as a timeout after Filimbi stored it would; passes every later one on as it is.
async fn lossy_proxy(to: SocketAddr) -> SocketAddr {
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(HashSet::<String>::new()));
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let seen = Arc::clone(&seen);
        async move {
            let uri = req.uri().clone();
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, 1 << 16).await.unwrap();
            let first = seen.lock().unwrap().insert(uri.to_string());
            let client = reqwest::Client::new();
            let mut fwd = client
                .post(format!("http://{to}{uri}"))
                .body(bytes.to_vec());
            for (k, v) in &parts.headers {
                if k != "host" && k != "content-length" {
                    fwd = fwd.header(k, v);
                }
            }
            let res = fwd.send().await.unwrap();
            let status = res.status().as_u16();
            let body = res.bytes().await.unwrap();
            if first {
                (StatusCode::BAD_GATEWAY, "lost").into_response()
            } else {
                (StatusCode::from_u16(status).unwrap(), body).into_response()
            }
        }
    });
    use axum::response::IntoResponse;
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    addr
}

#[tokio::test]
async fn a_message_kannel_delivers_twice_makes_one_case() {
    filimbi::services::texting::install_tls_provider();
    let (l, addr) = listener().await;
    let proxy = lossy_proxy(addr).await;
    let kannel = Kannel::start_retrying(&post_url(proxy, SECRET)).await;
    let app = filimbi(l, &kannel).await;
    kannel
        .send(NUMBER, SHORT_CODE, "Gold leaves Kamituga without papers", 1)
        .await;
    // The first answer was lost on the way back; the retry gets the "already received" one.
    let got = reply(&kannel, NUMBER).await;
    assert!(receipt_in(&got.text).is_none(), "{got:?}");
    assert!(got.text.contains("already"), "{got:?}");
    assert_eq!(app.case_ids().await.len(), 1);
}

#[tokio::test]
async fn kannel_with_a_wrong_secret_stores_nothing() {
    let (l, addr) = listener().await;
    let kannel = Kannel::start(&post_url(addr, "not-the-secret-0123456789")).await;
    let app = filimbi(l, &kannel).await;
    kannel
        .send(NUMBER, SHORT_CODE, "A report that must not be stored", 1)
        .await;
    let got = reply(&kannel, NUMBER).await;
    assert_eq!(got.text, COULD_NOT_FETCH);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn after_a_whole_sms_and_ussd_conversation_no_number_text_or_receipt_is_anywhere_in_clear() {
    let (l, addr) = listener().await;
    let kannel = Kannel::start(&post_url(addr, SECRET)).await;
    let app = filimbi(l, &kannel).await;
    let amani = app.investigator("amani", true).await;
    let canary = format!("PHONE-CANARY-{}", std::process::id());

    // By SMS: a report, a question texted back, an answer, a check, then STOP.
    kannel
        .send(
            NUMBER,
            SHORT_CODE,
            &format!("{canary}-report forged papers"),
            1,
        )
        .await;
    let sms_receipt = receipt_in(&reply(&kannel, NUMBER).await.text).unwrap();
    let case = app.case_ids().await.pop().unwrap();
    let login = app.login(&amani).await;
    let question = format!("{canary}-question when");
    app.ask(&login, &case, &question, true).await;
    assert!(reply(&kannel, NUMBER).await.text.contains(&question));
    kannel
        .send(
            NUMBER,
            SHORT_CODE,
            &format!("{sms_receipt} {canary}-answer at dawn"),
            1,
        )
        .await;
    reply(&kannel, NUMBER).await;
    kannel
        .send(
            NUMBER,
            SHORT_CODE,
            &format!("CHECK {canary}-check.example"),
            1,
        )
        .await;
    reply(&kannel, NUMBER).await;
    // By USSD: a report asking for questions by SMS, then the follow-up.
    let ussd = |text: String| {
        let app = &app;
        async move {
            app.post_form(
                &format!("/ussd/africastalking/{SECRET}"),
                &[
                    ("sessionId", "ATUid_p"),
                    ("serviceCode", "*384*4545#"),
                    ("phoneNumber", "+250788999000"),
                    ("networkCode", "63510"),
                    ("text", &text),
                ],
            )
            .await
        }
    };
    let end = ussd(format!("1*1*4*{canary}-ussd report*3")).await;
    let ussd_receipt = receipt_in(&end.body).unwrap_or_else(|| panic!("{}", end.body));
    ussd(format!("1*2*{ussd_receipt}*1*{canary}-ussd answer")).await;
    kannel
        .send(NUMBER, SHORT_CODE, &format!("{sms_receipt} STOP"), 1)
        .await;
    reply(&kannel, NUMBER).await;

    let needles: Vec<String> = SPELLINGS
        .iter()
        .map(|s| s.to_string())
        .chain([
            "+250788999000".into(),
            "250788999000".into(),
            "0788999000".into(),
        ])
        .chain([canary.clone(), sms_receipt.clone(), ussd_receipt.clone()])
        .collect();
    let stored = crate::schema::stored_values(&app.db().await).await;
    let logs = captured_logs();
    let kannel_logs = kannel.logs();
    for n in &needles {
        assert!(!contains(&stored, n.as_bytes()), "{n} stored in clear");
        assert!(!logs.contains(n.as_str()), "{n} in the server's output");
        assert!(!kannel_logs.contains(n.as_str()), "{n} in Kannel's logs");
    }
    app.store.close().await;
    for (path, bytes) in all_files(&app.data_dir()) {
        for n in &needles {
            assert!(
                !contains(&bytes, n.as_bytes()),
                "{n} in clear in {}",
                path.display()
            );
        }
    }
}
