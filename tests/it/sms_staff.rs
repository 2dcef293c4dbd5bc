//! The investigators' side of SMS, through the real router: a case made by a text message
//! through Africa's Talking's callback, questions texted back through a stand-in for its
//! messaging API on loopback, the channel on the staff pages and the queue's filter by it, and
//! the sender's number never shown, never texted when what is stored was tampered with.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json};

use filimbi::services::texting::{Outbound, SmsGateway};

use crate::common::*;
use crate::phone::{NUMBER, SPELLINGS, app_with, at_sms, config, receipt_in};
use crate::staff::*;

/// The sender's number as some gateways write it, with spaces (read as [`NUMBER`]).
const SPACED_NUMBER: &str = "+250 788 123 456";

/// The account's user name and API key at the stand-in.
const USERNAME: &str = "filimbi-sandbox";
const API_KEY: &str = "atsk_0123456789abcdef";

/// One request the stand-in received.
#[derive(Debug, Clone)]
struct Sent {
    username: String,
    to: String,
    message: String,
    api_key: String,
}

/// How the stand-in answers.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Mode {
    /// 201 with one recipient sent ("Success", code 101), as Africa's Talking answers.
    Accept = 0,
    /// 500.
    Fail = 1,
    /// 201 but the recipient refused (code 406, "UserInBlacklist").
    Blacklisted = 2,
}

type Shared = (Arc<Mutex<Vec<Sent>>>, Arc<AtomicU8>);

/// A stand-in for Africa's Talking's messaging API: records every form it is posted and
/// answers as the real one does.
struct StandIn {
    addr: SocketAddr,
    sent: Arc<Mutex<Vec<Sent>>>,
    mode: Arc<AtomicU8>,
}

impl StandIn {
    async fn start() -> Self {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let mode = Arc::new(AtomicU8::new(Mode::Accept as u8));
        let app = axum::Router::new()
            .route("/version1/messaging", post(messaging))
            .with_state((Arc::clone(&sent), Arc::clone(&mode)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { addr, sent, mode }
    }

    fn url(&self) -> String {
        format!("http://{}/version1/messaging", self.addr)
    }

    fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }

    fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }
}

async fn messaging(
    State((sent, mode)): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let to = field("to");
    sent.lock().unwrap().push(Sent {
        username: field("username"),
        to: to.clone(),
        message: field("message"),
        api_key: headers
            .get("apiKey")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
    });
    let recipient = |code: u16, status: &str| {
        serde_json::json!({"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
            {"statusCode": code, "number": to, "status": status, "cost": "KES 0.8",
             "messageId": "ATXid_1"}
        ]}})
    };
    match mode.load(Ordering::SeqCst) {
        0 => (StatusCode::CREATED, Json(recipient(101, "Success"))).into_response(),
        2 => (StatusCode::CREATED, Json(recipient(406, "UserInBlacklist"))).into_response(),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}

/// An instance whose SMS goes out through `url`, with an investigator logged in (set up
/// before any report, so every case is wrapped to them).
async fn instance(url: String) -> (TestApp, Login) {
    let outbound = Outbound::AfricasTalking {
        url,
        username: USERNAME.to_owned(),
        api_key: API_KEY.to_owned().into(),
        from: None,
    };
    let phone = config(Some(SmsGateway::AfricasTalking), false, Some(outbound));
    let app = app_with(phone, |_| {}).await;
    let who = app.investigator("amani", true).await;
    let login = app.login(&who).await;
    (app, login)
}

async fn case_ids(app: &TestApp) -> HashSet<String> {
    app.case_ids().await.into_iter().collect()
}

/// Texts a report from `from` through Africa's Talking's callback, as its documented form
/// shape has it; returns the new case's id.
pub(crate) async fn sms_report(app: &TestApp, from: &str, text: &str, id: &str) -> String {
    let before = case_ids(app).await;
    let r = at_sms(app, from, text, id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = case_ids(app).await;
    let mut new: Vec<String> = after.difference(&before).cloned().collect();
    assert_eq!(new.len(), 1, "one new case");
    new.remove(0)
}

/// Fails if any spelling of the sender's number is in `body`.
fn assert_no_number(body: &str, what: &str) {
    for n in SPELLINGS.iter().copied() {
        assert!(!body.contains(n), "{what} shows the number ({n})");
    }
}

/// The stored SMS state of an investigator's messages on `case`, in order.
async fn sms_states(app: &TestApp, case: &str) -> Vec<Option<String>> {
    let pool = app.db().await;
    let rows: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT sms FROM case_messages WHERE case_id = $1 AND sender = 'investigator' ORDER BY seq",
    )
    .bind(case)
    .fetch_all(&pool)
    .await
    .expect("messages");
    pool.close().await;
    rows.into_iter().map(|r| r.0).collect()
}

#[tokio::test]
async fn a_ticked_question_reaches_the_senders_phone_and_an_unticked_one_does_not() {
    let standin = StandIn::start().await;
    let (app, login) = instance(standin.url()).await;
    let case = sms_report(
        &app,
        SPACED_NUMBER,
        "Fake CEEC certificates sold at the Rubaya market",
        "ATXid_in_1",
    )
    .await;
    // The desk's answer (the receipt) went out to the sender first.
    let sent = standin.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to, NUMBER);

    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Rubaya market"), "report decrypted");
    assert_eq!(by_id(&page.body, "channel").as_deref(), Some("SMS"));
    assert!(
        by_id(&page.body, "texting")
            .unwrap()
            .starts_with("The sender can be texted"),
        "says the sender can be texted"
    );
    assert!(
        page.body.contains(r#"name="sms" value="1" checked"#),
        "the box is offered, ticked"
    );

    // Ticked: the question goes to the sender's number, through the configured account.
    let question = "Which stall sells them, and on which days?";
    let to = app.ask(&login, &case, question, true).await;
    assert!(to.contains("done=reply-sms-sent"), "{to}");
    let sent = standin.sent();
    assert_eq!(sent.len(), 2, "{sent:?}");
    let q = &sent[1];
    assert_eq!(q.to, NUMBER);
    assert_eq!(q.username, USERNAME);
    assert_eq!(q.api_key, API_KEY);
    assert!(q.message.contains(question), "{:?}", q.message);
    let page = app.staff_get(&to, &login.cookie).await;
    assert!(page.body.contains(question));
    assert_eq!(by_id(&page.body, "sms-1").as_deref(), Some("sent by SMS"));
    assert!(
        page.body.contains("texted to the sender"),
        "the flash says so"
    );

    // Unticked: nothing is sent, and the message says nothing of SMS.
    let to = app
        .ask(&login, &case, "Do you still have the receipt?", false)
        .await;
    assert!(to.ends_with("done=reply"), "{to}");
    assert_eq!(standin.sent().len(), 2, "nothing more was sent");
    let page = app.staff_get(&to, &login.cookie).await;
    assert!(page.body.contains("still have the receipt"));
    assert!(page.body.contains(r#"id="message-2""#));
    assert!(!page.body.contains(r#"id="sms-2""#));

    // A template, ticked, goes out too, in the language the investigator chose.
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[
                ("action", "reply-template"),
                ("template", "00000000000000000000000000000003"),
                ("tl", "fr"),
                ("sms", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let sent = standin.sent();
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(sent[2].message.contains("Où et quand"), "{:?}", sent[2]);
    assert_eq!(
        sms_states(&app, &case).await,
        [Some("sent".to_owned()), None, Some("sent".to_owned())]
    );

    // Audited as replies by SMS, never with the number or the text.
    let (rows, _) = app.state.staff.audit.recent(1000).await.expect("audit");
    let details: Vec<String> = rows
        .iter()
        .filter(|r| r.action == "case.reply" && r.subject == case)
        .map(|r| r.detail.clone())
        .collect();
    assert!(
        details.contains(&"message 1 by SMS: sent".to_owned()),
        "{details:?}"
    );
    assert!(
        details.contains(&"message 3 by SMS: sent".to_owned()),
        "{details:?}"
    );
    for r in &rows {
        assert_no_number(&r.detail, "the audit log");
        assert!(!r.detail.contains("stall"), "the audit log quotes the text");
    }

    // Nowhere on the staff pages: the case, the queue, the queue filtered, the audit log.
    for path in [
        format!("/staff/case/{case}"),
        "/staff".to_owned(),
        "/staff?channel=sms".to_owned(),
        "/staff/audit".to_owned(),
    ] {
        let page = app.staff_get(&path, &login.cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_no_number(&page.body, &path);
    }
}

#[tokio::test]
async fn a_gateway_that_refuses_leaves_the_question_stored_and_shown_as_not_sent() {
    let standin = StandIn::start().await;
    let (app, login) = instance(standin.url()).await;
    let case = sms_report(
        &app,
        NUMBER,
        "Smuggled cassiterite at Bunagana",
        "ATXid_in_2",
    )
    .await;

    standin.set(Mode::Fail);
    let to = app.ask(&login, &case, "Which trucks carry it?", true).await;
    assert!(to.contains("done=reply-sms-failed"), "{to}");
    standin.set(Mode::Blacklisted);
    let to = app.ask(&login, &case, "At what time of day?", true).await;
    assert!(to.contains("done=reply-sms-failed"), "{to}");
    // Both were tried once, no more.
    assert_eq!(standin.sent().len(), 3, "the receipt and one try each");

    let page = app.staff_get(&to, &login.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Which trucks carry it?"), "stored");
    assert!(page.body.contains("At what time of day?"), "stored");
    let failed = "not sent by SMS: the gateway refused or could not be reached";
    assert_eq!(by_id(&page.body, "sms-1").as_deref(), Some(failed));
    assert_eq!(by_id(&page.body, "sms-2").as_deref(), Some(failed));
    assert!(page.body.contains("The sender can still read it"), "flash");
    assert_eq!(
        sms_states(&app, &case).await,
        [Some("failed".to_owned()), Some("failed".to_owned())]
    );
    // The sender reads both on the web with the receipt the desk texted them.
    let receipt = receipt_in(&standin.sent()[0].message).expect("the receipt was texted");
    let visitor = app.come_back(&receipt).await;
    let page = app.visit(&visitor, "/followup/case").await;
    assert!(
        page.body.contains("Which trucks carry it?"),
        "{}",
        page.body
    );
    assert!(page.body.contains("At what time of day?"));
}

#[tokio::test]
async fn a_gateway_that_is_down_leaves_the_question_stored_and_shown_as_not_sent() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/version1/messaging", closed.local_addr().unwrap());
    drop(closed);
    let (app, login) = instance(url).await;
    let case = sms_report(&app, NUMBER, "Forged certificates in Goma", "ATXid_in_3").await;
    let to = app.ask(&login, &case, "Who signs them?", true).await;
    assert!(to.contains("done=reply-sms-failed"), "{to}");
    let page = app.staff_get(&to, &login.cookie).await;
    assert!(page.body.contains("Who signs them?"));
    assert_eq!(
        by_id(&page.body, "sms-1").as_deref(),
        Some("not sent by SMS: the gateway refused or could not be reached")
    );
    assert_no_number(&page.body, "the case page");
}

#[tokio::test]
async fn the_queue_filters_by_channel_and_shows_it() {
    let standin = StandIn::start().await;
    let (app, login) = instance(standin.url()).await;
    let by_sms = sms_report(&app, NUMBER, "Coltan relabelled as Rwandan", "ATXid_in_4").await;
    let by_web = app
        .submit_case("The site asks exporters for a 500 USD verification fee.")
        .await;
    let row = |id: &str| format!("data-case=\"{id}\"");

    let queue = app.staff_get("/staff", &login.cookie).await;
    assert!(queue.body.contains(&row(&by_sms)) && queue.body.contains(&row(&by_web)));
    assert!(queue.body.contains(r#"<td class="channel">SMS</td>"#));
    assert!(queue.body.contains(r#"<td class="channel">Web</td>"#));

    let sms = app.staff_get("/staff?channel=sms", &login.cookie).await;
    assert_eq!(sms.status, StatusCode::OK);
    assert!(sms.body.contains(&row(&by_sms)), "the SMS case is listed");
    assert!(!sms.body.contains(&row(&by_web)), "the web case is not");
    assert!(
        sms.body
            .contains(r#"<option value="sms" selected>SMS</option>"#)
    );
    let web = app.staff_get("/staff?channel=web", &login.cookie).await;
    assert!(web.body.contains(&row(&by_web)), "the web case is listed");
    assert!(!web.body.contains(&row(&by_sms)), "the SMS case is not");
    let ussd = app
        .staff_get("/staff?channel=ussd&sort=newest", &login.cookie)
        .await;
    assert!(!ussd.body.contains(&row(&by_web)) && !ussd.body.contains(&row(&by_sms)));
    assert!(ussd.body.contains(r#"id="empty""#));
    // A channel that is none gets the bad-query page.
    let bad = app.staff_get("/staff?channel=fax", &login.cookie).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // The web case says its channel, offers no SMS and says nothing about texting.
    let page = app
        .staff_get(&format!("/staff/case/{by_web}"), &login.cookie)
        .await;
    assert_eq!(by_id(&page.body, "channel").as_deref(), Some("Web"));
    assert!(!page.body.contains(r#"name="sms""#));
    assert!(!page.body.contains(r#"id="texting""#));
    // In French too.
    let page = app
        .staff_get(&format!("/staff/case/{by_sms}?lang=fr"), &login.cookie)
        .await;
    assert!(page.body.contains("Envoyer aussi par SMS"), "French label");
}

#[tokio::test]
async fn a_tampered_contact_is_never_texted_and_is_audited() {
    let standin = StandIn::start().await;
    let (app, login) = instance(standin.url()).await;
    let other = "+250722000111";
    let flipped = sms_report(&app, NUMBER, "Gold from Misisi sold as legal", "ATXid_in_5").await;
    let donor = sms_report(&app, other, "Fake export permits in Bukavu", "ATXid_in_6").await;
    let target = sms_report(&app, "+256772000999", "Tin from Nyabibwe", "ATXid_in_7").await;
    assert_eq!(standin.sent().len(), 3, "three receipts");

    let pool = app.db().await;
    let row = |case: String| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (Vec<u8>, String)>(
                "SELECT ciphertext, mac FROM case_contacts WHERE case_id = $1",
            )
            .bind(case)
            .fetch_one(&pool)
            .await
            .expect("contact")
        }
    };
    // One byte of a sealed number changed.
    let (mut bytes, _) = row(flipped.clone()).await;
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    sqlx::query("UPDATE case_contacts SET ciphertext = $1 WHERE case_id = $2")
        .bind(bytes)
        .bind(&flipped)
        .execute(&pool)
        .await
        .unwrap();
    // Another case's number, MAC and all, copied onto this one.
    let (bytes, mac) = row(donor.clone()).await;
    sqlx::query("UPDATE case_contacts SET ciphertext = $1, mac = $2 WHERE case_id = $3")
        .bind(bytes)
        .bind(mac)
        .bind(&target)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    for case in [&flipped, &target] {
        let to = app.ask(&login, case, "Who buys it?", true).await;
        assert!(to.contains("done=reply-sms-forged"), "{to}");
        let page = app.staff_get(&to, &login.cookie).await;
        assert!(page.body.contains("Who buys it?"), "the question is stored");
        assert!(page.body.contains("failed its integrity check"), "flash");
        assert!(!page.body.contains(r#"id="sms-1""#));
        assert_eq!(sms_states(&app, case).await, [None]);
    }
    assert_eq!(standin.sent().len(), 3, "nothing was texted to anyone");
    let fails = crate::integrity::audited(&app, "integrity.fail").await;
    for case in [&flipped, &target] {
        assert!(
            fails
                .iter()
                .any(|(s, d)| s == case && d.contains("contact")),
            "{case}: {fails:?}"
        );
    }
    for (_, d) in &fails {
        assert_no_number(d, "the audit log");
    }
}
