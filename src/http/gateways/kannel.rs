//! Kannel's `sms-service` with `post-url` (measured against Kannel 1.4.5: `deploy/kannel.conf`).
//!
//! The body is the message text in the charset `Content-Type` names: UTF-8 for text Kannel
//! received as GSM 7-bit, UTF-16BE for UCS-2 (Arabic). Kannel has already joined the parts of
//! a concatenated message. The response body is the reply SMS; for a reply outside GSM-7,
//! `X-Kannel-Coding: 2` makes Kannel send it as UCS-2 (the service needs
//! `accept-x-kannel-headers = true`). Kannel's own times (`X-Kannel-Time`, `Date`) are never
//! read.

use axum::body::{Body, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Gateways, MAX_BODY, Refusal, busy, not_found, refuse, sms_via, unfit};
use crate::domain::sms::encoding::{Coding, coding};
use crate::domain::sms::inbound;
use crate::domain::sms::phone::PhoneNumber;
use crate::http::AppState;
use crate::services::sms::IncomingSms;
use crate::services::texting::SmsGateway;

/// The query Kannel's `post-url` carries.
#[derive(Deserialize)]
struct KannelQuery {
    from: Option<String>,
    id: Option<String>,
}

/// `POST /sms/kannel/{secret}`.
pub async fn inbound(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(gateways) =
        Gateways::admit(state.phone.as_deref(), sms_via(SmsGateway::Kannel), &secret)
    else {
        return not_found();
    };
    let Ok(axum::extract::Query(q)) = axum::extract::Query::<KannelQuery>::try_from_uri(&uri)
    else {
        return refuse(StatusCode::BAD_REQUEST, "the query is not valid");
    };
    // `from=%p` in the post-url (the documented contract), or the `X-Kannel-From` header that
    // `send-sender = true` adds: with the latter the number can stay out of the URL, which
    // Kannel writes to its error log when Filimbi cannot be reached.
    let header_from = headers.get("x-kannel-from").and_then(|v| v.to_str().ok());
    let Some(from) = q
        .from
        .as_deref()
        .or(header_from)
        .and_then(|f| PhoneNumber::parse(f).ok())
    else {
        return refuse(StatusCode::BAD_REQUEST, "no sender (from=%p)");
    };
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the message is too large");
    };
    let text = match decode(&headers, &bytes) {
        Ok(t) => t,
        Err(refusal) => return refusal.into_response(),
    };
    if let Err(problem) = inbound::fit(&text) {
        return unfit(problem);
    }
    if let Err(wait) = state.rate.gateway.check() {
        return busy(wait);
    }
    let answer = gateways
        .desk
        .receive(IncomingSms {
            gateway: "kannel",
            from,
            text: &text,
            id: q.id.as_deref().filter(|i| !i.is_empty()),
        })
        .await;
    let reply = crate::http::phone_text::sms(&answer.reply, answer.lang);
    let ucs2 = coding(&reply) == Coding::Ucs2;
    let mut res = reply.into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if ucs2 {
        h.insert("x-kannel-coding", HeaderValue::from_static("2"));
    }
    res
}

/// The message text from the body, by the charset `Content-Type` names.
fn decode(headers: &HeaderMap, bytes: &[u8]) -> Result<String, Refusal> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain");
    let mut parts = content_type.split(';');
    let mime = parts.next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("text/plain") {
        return Err(Refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "only text messages are taken (binary SMS are not)",
        ));
    }
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase())
        .unwrap_or_else(|| "utf-8".to_owned());
    let bad = || {
        Refusal(
            StatusCode::BAD_REQUEST,
            "the text is not valid in its charset",
        )
    };
    match charset.as_str() {
        "utf-8" | "utf8" | "us-ascii" => String::from_utf8(bytes.to_vec()).map_err(|_| bad()),
        "utf-16be" | "ucs-2" | "ucs2" | "iso-10646-ucs-2" => {
            if bytes.len() % 2 != 0 {
                return Err(bad());
            }
            let units = bytes
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map_err(|_| bad())
        }
        "iso-8859-1" | "latin1" => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        _ => Err(Refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unknown charset (UTF-8 and UTF-16BE are taken)",
        )),
    }
}
