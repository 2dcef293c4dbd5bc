//! The Kannel harness against a stub standing in for Filimbi: a real bearerbox and smsbox, a
//! fakesmsc handset, and an axum server on loopback that records what Kannel posts and answers
//! "got: " and the text (250 characters when the text starts with "LONG", two lines when it
//! starts with "LINES", a 500 the first time when it starts with "FAILONCE"), with `X-Kannel-Coding: 2` when the answer is not GSM 7-bit. These
//! tests pin what the SMS adapter is built on: how Kannel posts (charset, headers, id), how it
//! delivers answers and sendsms messages, and that it writes neither numbers nor texts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::post;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::kannel::{Kannel, SHORT_CODE, is_gsm7};

const WAIT: Duration = Duration::from_secs(30);

/// What the stub got for one inbound message.
#[derive(Debug, Clone)]
pub(crate) struct Posted {
    pub(crate) secret: String,
    pub(crate) query: String,
    pub(crate) content_type: String,
    pub(crate) headers: HeaderMap,
    pub(crate) text: String,
}

pub(crate) type Log = Arc<Mutex<Vec<Posted>>>;

/// An answer shaped like a receipt and how to use it.
const TWO_LINES: &str = "Receipt: 4KQ7-9XHB\nSend it first to add more.";

fn long_reply() -> String {
    let mut s: String = (0..249)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    s.push('!');
    s
}

async fn inbound(
    State(log): State<Log>,
    Path(secret): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = if content_type.to_ascii_uppercase().contains("UTF-16BE") {
        let units: Vec<u16> = body
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("UTF-16BE body")
    } else {
        String::from_utf8(body.to_vec()).expect("UTF-8 body")
    };
    // "FAILONCE": a 500 the first time this message (this id) comes.
    let query = query.unwrap_or_default();
    let first = !log.lock().unwrap().iter().any(|p| p.query == query);
    let fail = text.starts_with("FAILONCE") && first;
    let reply = if text.starts_with("LONG") {
        long_reply()
    } else if text.starts_with("LINES") {
        TWO_LINES.to_string()
    } else {
        format!("got: {text}")
    };
    log.lock().unwrap().push(Posted {
        secret,
        query,
        content_type,
        headers,
        text,
    });
    if fail {
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            HeaderMap::new(),
            String::new(),
        );
    }
    let mut out = HeaderMap::new();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if !is_gsm7(&reply) {
        out.insert("X-Kannel-Coding", HeaderValue::from_static("2"));
    }
    (axum::http::StatusCode::OK, out, reply)
}

/// The stub on a loopback port: its address, and what it got.
pub(crate) async fn stub() -> (std::net::SocketAddr, Log) {
    let log: Log = Arc::default();
    let app = Router::new()
        .route("/sms/kannel/{secret}", post(inbound))
        .with_state(Arc::clone(&log));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("stub server");
    });
    (addr, log)
}

fn post_url(addr: std::net::SocketAddr) -> String {
    format!("http://{addr}/sms/kannel/s3cret?from=%p&to=%P&id=%I")
}

/// The stub, and Kannel posting to it with the URL.
async fn setup() -> (Kannel, Log) {
    let (addr, log) = stub().await;
    let kannel = Kannel::start(&post_url(addr)).await;
    (kannel, log)
}

pub(crate) async fn posted(log: &Log, n: usize) -> Vec<Posted> {
    for _ in 0..1500 {
        let got = log.lock().unwrap().clone();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the stub got {} posts, not {n}", log.lock().unwrap().len());
}

pub(crate) fn query_param(query: &str, name: &str) -> String {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .unwrap_or_else(|| panic!("no {name} in {query}"))
}

/// Neither the numbers nor the texts, whole or in part, in anything Kannel wrote.
pub(crate) fn assert_quiet(kannel: &Kannel, secrets: &[&str]) {
    let logs = kannel.logs();
    for s in secrets {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        for needle in [*s, digits.as_str()] {
            if needle.len() >= 4 {
                assert!(
                    !logs.contains(needle),
                    "{needle:?} in Kannel's logs:\n{logs}"
                );
            }
        }
        // A text's first words, in case Kannel cut it.
        let head: String = s.chars().take(12).collect();
        if head.chars().count() >= 8 {
            assert!(!logs.contains(&head), "{head:?} in Kannel's logs:\n{logs}");
        }
    }
}

pub(crate) async fn sendsms(kannel: &Kannel, to: &str, text: &str) -> (u16, String) {
    let mut url = format!(
        "{}&to={}&text={}&charset=UTF-8",
        kannel.send_url(),
        utf8_percent_encode(to, NON_ALPHANUMERIC),
        utf8_percent_encode(text, NON_ALPHANUMERIC)
    );
    if !is_gsm7(text) {
        url.push_str("&coding=2");
    }
    filimbi::services::texting::install_tls_provider();
    let r = reqwest::get(&url).await.expect("sendsms");
    (r.status().as_u16(), r.text().await.expect("body"))
}

#[tokio::test]
async fn a_gsm_text_is_posted_as_utf8_with_the_number_and_id_and_the_answer_reaches_the_handset() {
    let (kannel, log) = setup().await;
    let number = "+243990000101";
    let text = "Certificat falsifié à Bukavu, über die Grenze";
    kannel.send(number, SHORT_CODE, text, 1).await;
    let got = posted(&log, 1).await;
    let p = &got[0];
    assert_eq!(p.secret, "s3cret");
    assert_eq!(p.text, text);
    assert_eq!(p.content_type, "text/plain; charset=\"UTF-8\"");
    assert_eq!(p.headers["X-Kannel-Coding"], "0");
    assert_eq!(query_param(&p.query, "from"), number);
    assert_eq!(query_param(&p.query, "to"), SHORT_CODE);
    // send-sender = true: the number also comes as a header.
    assert_eq!(p.headers["X-Kannel-From"], number);
    let id = query_param(&p.query, "id");
    assert_eq!(id.len(), 36, "{id}");
    assert!(
        id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
        "{id}"
    );

    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.text, format!("got: {text}"));
    assert_eq!(reply.from, SHORT_CODE);
    assert_eq!(reply.to, number);
    assert!(!reply.ucs2);
    assert_eq!(reply.parts, 1);
    // A second message gets another id.
    kannel.send(number, SHORT_CODE, "and one more", 1).await;
    let got = posted(&log, 2).await;
    assert_ne!(query_param(&got[1].query, "id"), id);
    assert_eq!(
        kannel.wait_for_sms(number, WAIT).await.expect("reply").text,
        "got: and one more"
    );
    // A line break: fakesmsc sends it as UCS-2; the answer comes back on two lines.
    let two_lines = "Two lines\nfrom the mine";
    kannel.send(number, SHORT_CODE, two_lines, 1).await;
    let got = posted(&log, 3).await;
    assert_eq!(got[2].text, two_lines);
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("reply");
    assert_eq!(reply.text, format!("got: {two_lines}"));
    assert_quiet(&kannel, &[number, text, "and one more", "from the mine"]);
}

#[tokio::test]
async fn arabic_goes_as_ucs2_both_ways() {
    let (kannel, log) = setup().await;
    let number = "+250780000102";
    let text = "شهادة مزورة في المعبر الحدودي";
    kannel.send(number, SHORT_CODE, text, 1).await;
    let got = posted(&log, 1).await;
    assert_eq!(got[0].content_type, "text/plain; charset=\"UTF-16BE\"");
    assert_eq!(got[0].headers["X-Kannel-Coding"], "2");
    assert_eq!(got[0].text, text);
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.text, format!("got: {text}"));
    assert!(reply.ucs2, "{reply:?}");

    // sendsms with charset=UTF-8&coding=2.
    let question = "متى رأيت الشحنة؟";
    let (status, body) = sendsms(&kannel, number, question).await;
    assert_eq!((status, body.as_str()), (202, "0: Accepted for delivery"));
    let delivered = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("the question");
    assert_eq!(delivered.text, question);
    assert!(delivered.ucs2);
    assert_eq!(delivered.from, SHORT_CODE);
    // Over 70 UCS-2 characters: two concatenated UCS-2 parts, joined.
    let long_question =
        "هل رأيت الشاحنة التي تحمل المعادن عند المعبر الحدودي في الليل، ومن كان يقودها؟";
    assert!(long_question.chars().count() > 70);
    let (status, _) = sendsms(&kannel, number, long_question).await;
    assert_eq!(status, 202);
    let delivered = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("the long question");
    assert_eq!(
        (delivered.text.as_str(), delivered.ucs2, delivered.parts),
        (long_question, true, 2)
    );
    assert_quiet(&kannel, &[number, text, question, long_question, "got: "]);
}

#[tokio::test]
async fn three_segments_arrive_joined_and_a_two_segment_answer_arrives_whole() {
    let (kannel, log) = setup().await;
    let number = "+256770000103";
    let text = format!(
        "LONG {}",
        "Trucks cross at night with undeclared cassiterite and papers from another mine. "
            .repeat(5)
    );
    assert!(text.chars().count() > 2 * 153);
    kannel.send(number, SHORT_CODE, &text, 3).await;
    let got = posted(&log, 1).await;
    assert_eq!(got[0].text, text);
    assert!(!got[0].headers.contains_key("X-Kannel-UDH"));
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.parts, 2, "{reply:?}");
    assert_eq!(reply.text, long_reply());
    assert!(!reply.ucs2);
    // One post for the three parts, one reply for the message.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(log.lock().unwrap().len(), 1);
    assert_eq!(
        kannel
            .wait_for_sms(number, Duration::from_millis(500))
            .await,
        None
    );
    assert_quiet(&kannel, &[number, &text, &long_reply()]);
}

#[tokio::test]
async fn sendsms_reaches_the_handset_and_waits_for_one_not_connected() {
    let (kannel, _log) = setup().await;
    let number = "+255650000104";
    let question = "Which road did the lorry take?";
    let (status, body) = sendsms(&kannel, number, question).await;
    assert_eq!((status, body.as_str()), (202, "0: Accepted for delivery"));
    let delivered = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("the question");
    assert_eq!(delivered.text, question);
    assert_eq!(delivered.from, SHORT_CODE);
    assert!(!delivered.ucs2);
    // Returned once only.
    assert_eq!(
        kannel
            .wait_for_sms(number, Duration::from_millis(300))
            .await,
        None
    );

    // A long question goes as two concatenated parts.
    let (status, _) = sendsms(&kannel, number, &long_reply()).await;
    assert_eq!(status, 202);
    let delivered = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("the long one");
    assert_eq!(
        (delivered.text.as_str(), delivered.parts),
        (long_reply().as_str(), 2)
    );

    // No handset connected: Kannel queues it, and delivers it when one comes back.
    kannel.hang_up().await;
    let later = "A second question, while the phone is off.";
    let (status, body) = sendsms(&kannel, number, later).await;
    assert_eq!(
        (status, body.as_str()),
        (202, "3: Queued for later delivery")
    );
    let delivered = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("delivered later");
    assert_eq!(delivered.text, later);

    // Wrong password: refused.
    let url = kannel.send_url().replace("password=", "password=x");
    filimbi::services::texting::install_tls_provider();
    let r = reqwest::get(format!("{url}&to=%2B1&text=x")).await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_quiet(&kannel, &[number, question, later]);
}

#[tokio::test]
async fn an_unreachable_service_leaves_no_number_in_the_logs() {
    // A port nothing listens on: smsbox's "Couldn't fetch <URL>" error names the URL, number
    // included; at log level 4 it is not written.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kannel = Kannel::start(&format!(
        "http://127.0.0.1:{port}/sms/kannel/s3cret?from=%p&to=%P&id=%I"
    ))
    .await;
    let number = "+243990000105";
    kannel.send(number, SHORT_CODE, "Is anyone there", 1).await;
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.text, crate::kannel::COULD_NOT_FETCH);
    assert_quiet(&kannel, &[number, "Is anyone there", "s3cret"]);
}

#[tokio::test]
async fn an_answer_on_two_lines_arrives_whole_also_to_a_handset_that_was_off() {
    let (kannel, log) = setup().await;
    let number = "+257790000106";
    kannel.send(number, SHORT_CODE, "LINES please", 1).await;
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.text, TWO_LINES);
    assert_eq!((reply.ucs2, reply.parts), (false, 1));

    // The handset goes off after sending: the answer waits in bearerbox.
    kannel.hang_up().await;
    kannel.send(number, SHORT_CODE, "LINES again", 1).await;
    posted(&log, 2).await;
    let reply = kannel
        .wait_for_sms(number, WAIT)
        .await
        .expect("delivered later");
    assert_eq!(reply.text, TWO_LINES);
    assert_quiet(&kannel, &[number, "LINES please", "LINES again", TWO_LINES]);
}

#[tokio::test]
async fn a_failed_post_comes_again_with_the_same_id_when_smsbox_retries() {
    let (addr, log) = stub().await;
    let kannel = Kannel::start_retrying(&post_url(addr)).await;
    let number = "+243990000107";
    kannel
        .send(number, SHORT_CODE, "FAILONCE then fine", 1)
        .await;
    let got = posted(&log, 2).await;
    assert_eq!(got[0].query, got[1].query);
    assert_eq!(got[0].text, got[1].text);
    let reply = kannel.wait_for_sms(number, WAIT).await.expect("a reply");
    assert_eq!(reply.text, "got: FAILONCE then fine");
    assert_eq!(
        kannel.wait_for_sms(number, Duration::from_secs(2)).await,
        None
    );
    assert_eq!(log.lock().unwrap().len(), 2);
    assert_quiet(&kannel, &[number, "FAILONCE then fine"]);
}
