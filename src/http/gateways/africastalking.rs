//! Africa's Talking's callbacks: incoming SMS and USSD sessions.
//!
//! - SMS: a form with `from`, `to`, `text`, `date`, `id`, `linkId`, `networkCode`. Its
//!   response carries no reply, so the answer goes out through the messaging API; `date` (the
//!   gateway's time) is never read.
//! - USSD: a form with `sessionId`, `serviceCode`, `phoneNumber`, `networkCode`, `text` (every
//!   input so far, joined by `*`); the answer is `CON …` (the session goes on) or `END …`.
//!   Nothing is stored before the last screen, so a session that times out leaves nothing.
//!
//! Fields this adapter does not read are ignored (Africa's Talking adds fields over time);
//! a form without the fields it needs is refused.

use axum::body::{Body, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Gateways, MAX_BODY, Refusal, busy, not_found, refuse, sms_via, unfit, ussd_on};
use crate::domain::sms::inbound;
use crate::domain::sms::phone::PhoneNumber;
use crate::http::AppState;
use crate::services::sms::IncomingSms;
use crate::services::texting::SmsGateway;
use crate::services::ussd::UssdRequest;

/// The fields of an incoming-SMS callback that are read.
#[derive(Deserialize)]
struct SmsForm {
    from: Option<String>,
    text: Option<String>,
    id: Option<String>,
}

/// Reads a callback's form body, or the refusal to answer with.
async fn form<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Refusal> {
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').next().is_some_and(|m| {
                m.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    if !is_form {
        return Err(Refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a form is expected",
        ));
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return Err(Refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request is too large",
        ));
    };
    if std::str::from_utf8(&bytes).is_err() {
        return Err(Refusal(StatusCode::BAD_REQUEST, "the form is not UTF-8"));
    }
    serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| Refusal(StatusCode::BAD_REQUEST, "the form is not valid"))
}

/// `POST /sms/africastalking/{secret}`.
pub async fn sms(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let gateways = match Gateways::admit(
        state.phone.as_deref(),
        sms_via(SmsGateway::AfricasTalking),
        &secret,
    ) {
        Some(g) => g,
        None => return not_found(),
    };
    let f: SmsForm = match form(&headers, body).await {
        Ok(f) => f,
        Err(refusal) => return refusal.into_response(),
    };
    let Some(from) = f.from.as_deref().and_then(|n| PhoneNumber::parse(n).ok()) else {
        return refuse(StatusCode::BAD_REQUEST, "no sender (from)");
    };
    let text = f.text.unwrap_or_default();
    if let Err(problem) = inbound::fit(&text) {
        return unfit(problem);
    }
    if let Err(wait) = state.rate.gateway.check() {
        return busy(wait);
    }
    let to = from.clone();
    let answer = gateways
        .desk
        .receive(IncomingSms {
            gateway: "africastalking",
            from,
            text: &text,
            id: f.id.as_deref().filter(|i| !i.is_empty()),
        })
        .await;
    let reply = crate::http::phone_text::sms(&answer.reply, answer.lang);
    if let Some(texting) = &gateways.texting
        && let Err(e) = texting.send(&to, &reply).await
    {
        // What was sent is stored whatever happens to the answer; the operator learns the
        // gateway is failing (never to whom or what).
        tracing::error!(error = %e, "an SMS answer could not be sent");
    }
    let mut res = StatusCode::OK.into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// The fields of a USSD callback that are read.
#[derive(Deserialize)]
struct UssdForm {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
    #[serde(rename = "phoneNumber")]
    phone_number: Option<String>,
    text: Option<String>,
}

/// `POST /ussd/africastalking/{secret}`: `CON …` or `END …`, in `text/plain`.
pub async fn ussd(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(gateways) = Gateways::admit(state.phone.as_deref(), ussd_on, &secret) else {
        return not_found();
    };
    let f: UssdForm = match form(&headers, body).await {
        Ok(f) => f,
        Err(refusal) => return refusal.into_response(),
    };
    let (Some(session), Some(text)) = (f.session_id.filter(|s| !s.is_empty()), f.text) else {
        return refuse(StatusCode::BAD_REQUEST, "sessionId and text are required");
    };
    let Some(phone) = f
        .phone_number
        .as_deref()
        .and_then(|n| PhoneNumber::parse(n).ok())
    else {
        return refuse(StatusCode::BAD_REQUEST, "no phoneNumber");
    };
    if let Err(wait) = state.rate.gateway.check() {
        return busy(wait);
    }
    let shown = gateways
        .ussd
        .answer(UssdRequest {
            session: &session,
            phone,
            text: &text,
        })
        .await;
    let words = crate::http::phone_text::ussd(&shown.screen, shown.lang);
    let body = format!("{} {words}", if shown.goes_on { "CON" } else { "END" });
    let mut res = body.into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
