//! The whistle-blower's follow-up pages: type the receipt, read the investigators' messages,
//! answer with text and files.
//!
//! The receipt travels once, in a POST body; it is never in a URL, a cookie, a log line or a
//! stored row. What the browser then holds is a follow-up pass (`crypto::conversation`): a
//! sealed `HttpOnly`, `SameSite=Strict` *session* cookie (no `Max-Age`, no `Expires`: the
//! browser never writes it to disk), live only while its server-side record is (15 idle
//! minutes, 2 hours at most, until "Leave now"). Every page is `no-store` (the
//! security-headers middleware).

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{HOST, LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use tokio::time::Instant;

use crate::crypto::conversation::FollowupPass;
use crate::crypto::form_token::{Purpose, TokenError};
use crate::domain::followup::{answer_fits, typed_text};
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::form::read_urlencoded;
use crate::http::intake::{file_problem_message, read_submission};
use crate::http::lang::PageLang;
use crate::http::pages::{
    FollowupCasePage, FollowupEntryPage, FollowupEntryView, files_note, metadata_note, render,
};
use crate::http::staff::{CookiePolicy, read_cookie};
use crate::i18n::{Lang, Tr};
use crate::services::followup::{Conversation, EnterError, Entry, FollowupError};
use crate::services::spool::SpooledFile;

/// Every answer to a typed receipt — right, unknown, mistyped or busy — takes at least this
/// long, so timing tells nothing about which it was.
const ANSWER_FLOOR: Duration = Duration::from_millis(400);

/// The follow-up pass cookie, named and flagged like the staff session cookie — except that
/// a request to an `.onion` name gets it without `Secure` (and so without the `__Host-`
/// prefix, which requires it). Onion services are served over plain HTTP inside Tor, whose
/// own encryption and authenticated address already give what `Secure` asks for; and Lynx and
/// w3m never send a `Secure` cookie back over `http://`, so with it a text-browser user could
/// never get past the receipt form. Only the person's own browser chooses the `Host` it
/// sends, so no one else can take `Secure` off their cookie.
#[derive(Clone, Copy)]
struct PassCookie(CookiePolicy);

impl PassCookie {
    /// The cookie as this request gets it: `Secure` unless the server runs with
    /// `--insecure-cookies` or the request is addressed to an onion service.
    fn for_request(state: &AppState, headers: &HeaderMap) -> Self {
        let policy = state.staff.cookies;
        Self(CookiePolicy {
            secure: policy.secure && !onion_host(headers),
        })
    }

    fn name(self) -> &'static str {
        if self.0.secure {
            "__Host-filimbi-followup"
        } else {
            "filimbi-followup"
        }
    }

    /// A session cookie: no `Max-Age` or `Expires`, so the browser keeps it in memory only.
    /// How long it works is the server's record to say.
    fn set(self, value: &str) -> String {
        format!("{}={value}{}", self.name(), self.0.attributes())
    }

    fn clear(self) -> String {
        format!("{}=; Max-Age=0{}", self.name(), self.0.attributes())
    }

    fn read(self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.name())
    }
}

/// Whether the request is addressed to an onion service (`Host: ….onion`, any port).
fn onion_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if host.starts_with('[') {
        return false; // an IPv6 literal
    }
    let name = host.split(':').next().unwrap_or("").trim_end_matches('.');
    name.len() > ".onion".len()
        && name
            .get(name.len() - ".onion".len()..)
            .is_some_and(|tld| tld.eq_ignore_ascii_case(".onion"))
}

/// `GET /followup`: the receipt form.
pub async fn entry(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
) -> Result<Response, AppError> {
    entry_page(
        &state,
        lang,
        StatusCode::OK,
        None,
        String::new(),
        String::new(),
    )
}

/// The receipt form, with a notice (`(code, message key)`), and the receipt and answer as
/// typed, if any.
fn entry_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    notice: Option<&'static str>,
    answer: String,
    receipt: String,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let token = state
        .issue_token(Purpose::Receipt)
        .map_err(|e| AppError::internal(lang, e))?;
    let page = FollowupEntryPage {
        t,
        here: "/followup".to_owned(),
        token,
        notice: notice
            .map(|k| t.t(&format!("followup-{k}")))
            .unwrap_or_default(),
        notice_code: notice.unwrap_or(""),
        answer,
        receipt,
    };
    Ok(render(status, &page))
}

/// `POST /followup`: the typed receipt (and an answer kept from an ended visit, if any).
pub async fn enter(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let started = Instant::now();
    let answer = enter_inner(&state, lang, &headers, body).await;
    tokio::time::sleep_until(started + ANSWER_FLOOR).await;
    answer
}

async fn enter_inner(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let state = state.clone();
    let pairs = read_urlencoded(body, headers)
        .await
        .map_err(|k| AppError::new(lang, k))?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let answer = get("answer").to_owned();
    // What was typed goes back into the field (as the field's `maxlength` bounds it).
    let typed_receipt: String = get("receipt").chars().take(64).collect();
    // Nothing durable before the attempt is admitted: the token is checked (no write), the
    // attempt limited, and only then the token spent. A refused attempt writes nothing.
    let form_again = |answer| {
        entry_page(
            &state,
            lang,
            StatusCode::FORBIDDEN,
            Some("form-again"),
            answer,
            typed_receipt.clone(),
        )
    };
    if state.check_token(get("token"), Purpose::Receipt).is_err() {
        return form_again(answer);
    }
    let outcome = match state.followup.admit(get("receipt")) {
        // Spent once: a form sent again (back button, replay) gets the form back, answer kept.
        Ok(attempt) => match state.spend_token(get("token"), Purpose::Receipt).await {
            Ok(Ok(())) => state.followup.enter(attempt).await,
            Ok(Err(_)) => return form_again(answer),
            Err(e) => return Err(AppError::internal(lang, e)),
        },
        Err(e) => Err(e),
    };
    let pass_value = match outcome {
        Ok(v) => v,
        Err(e) => {
            let (status, code) = match e {
                EnterError::WrongShape => (StatusCode::UNPROCESSABLE_ENTITY, "wrong-shape"),
                EnterError::Mistyped => (StatusCode::UNPROCESSABLE_ENTITY, "mistyped"),
                EnterError::Unknown => (StatusCode::NOT_FOUND, "unknown"),
                EnterError::Busy => (StatusCode::TOO_MANY_REQUESTS, "busy"),
                EnterError::Internal(d) => return Err(AppError::internal(lang, d)),
            };
            let mut res = entry_page(&state, lang, status, Some(code), answer, typed_receipt)?;
            if status == StatusCode::TOO_MANY_REQUESTS {
                res.headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from_static("60"));
            }
            return Ok(res);
        }
    };
    let c = PassCookie::for_request(&state, headers);
    if typed_text(&answer).is_empty() {
        return Ok(to_case(lang, Some(c.set(&pass_value)), false));
    }
    // The visit ended while this was being typed: send it now that the receipt is back.
    let pass = state
        .followup
        .pass(&pass_value)
        .await
        .map_err(|e| AppError::internal(lang, e))?
        .ok_or_else(|| AppError::internal(lang, "a fresh pass did not open"))?;
    if !answer_fits(&answer) {
        let errors = vec![Tr::new(lang).t("followup-too-long")];
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let mut res = case_page(
            &state,
            lang,
            c,
            &pass,
            status,
            String::new(),
            errors,
            answer,
        )
        .await?;
        if let Ok(v) = HeaderValue::from_str(&c.set(&pass_value)) {
            res.headers_mut().insert(SET_COOKIE, v);
        }
        return Ok(res);
    }
    store_answer(&state, &pass, &answer, Vec::new(), lang).await?;
    Ok(to_case(lang, Some(c.set(&pass_value)), true))
}

/// `GET /followup/case`: the report's state and the conversation.
pub async fn case(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, AppError> {
    let c = PassCookie::for_request(&state, &headers);
    let Some(pass) = read_pass(&state, c, &headers, lang).await? else {
        return ended(&state, lang, c, String::new());
    };
    let sent = query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|kv| kv == "sent=1"));
    let notice = if sent {
        Tr::new(lang).t("followup-sent")
    } else {
        String::new()
    };
    case_page(
        &state,
        lang,
        c,
        &pass,
        StatusCode::OK,
        notice,
        Vec::new(),
        String::new(),
    )
    .await
}

/// `POST /followup/case`: an answer, as `multipart/form-data` (with files) or urlencoded.
pub async fn answer(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let c = PassCookie::for_request(&state, &headers);
    let pass = read_pass(&state, c, &headers, lang).await?;
    let (pairs, files, file_problem) = read_submission(&state, &headers, body, lang).await?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let typed = get("answer");
    let Some(pass) = pass else {
        // Files cannot be kept across the receipt form; the text is.
        return ended(&state, lang, c, typed);
    };
    let t = Tr::new(lang);
    // Nothing durable before the answer is admitted: the token is checked (no write), the
    // answer checked and rate limited, and only then the token spent. A refusal writes nothing.
    let mut token = state.check_token(&get("token"), Purpose::Answer);
    let nothing_sent = typed_text(&typed).is_empty() && files.is_empty();
    let (mut errors, busy) = answer_problems(
        &state,
        t,
        &token,
        file_problem.as_ref(),
        &typed,
        nothing_sent,
    );
    let had_files = !files.is_empty() || file_problem.is_some();
    if errors.is_empty() {
        // Spent once: an answer sent again (back button, replay) is not stored twice.
        token = match state.spend_token(&get("token"), Purpose::Answer).await {
            Ok(spent) => spent,
            Err(e) => {
                tracing::error!(error = %e, "an answer's form token could not be spent");
                return not_stored(&state, lang, c, &pass, typed, had_files).await;
            }
        };
        match &token {
            Ok(()) => {
                return match store_answer(&state, &pass, &typed, files, lang).await? {
                    Stored::Yes => Ok(to_case(lang, None, true)),
                    Stored::No => not_stored(&state, lang, c, &pass, typed, had_files).await,
                };
            }
            Err(e) => errors.push(token_message(t, e)),
        }
    }
    // Files cannot be put back into a form: if any were sent, the page asks for them again
    // (the spooled copies are deleted as `files` drops).
    if had_files {
        errors.push(t.t("upload-choose-again"));
    }
    let status = if busy.is_some() {
        StatusCode::TOO_MANY_REQUESTS
    } else if token.is_err() {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let res = case_page(&state, lang, c, &pass, status, String::new(), errors, typed).await?;
    Ok(match busy {
        Some(secs) => crate::http::rate::with_retry_after(res, secs),
        None => res,
    })
}

/// The page's words for a refused form token.
fn token_message(t: Tr, e: &TokenError) -> String {
    match e {
        TokenError::Expired => t.t("form-expired"),
        TokenError::Invalid => t.t("form-invalid-token"),
        TokenError::Used => t.t("form-used"),
    }
}

/// What keeps an answer from being stored, in the page's words, and the seconds to wait if
/// the server is busy. The rate limit is checked only when all else is well, now that the
/// answer is read: a refused person keeps it, and a malformed answer costs no one's budget.
fn answer_problems(
    state: &AppState,
    t: Tr,
    token: &Result<(), TokenError>,
    file_problem: Option<&crate::http::upload::FileProblem>,
    typed: &str,
    nothing_sent: bool,
) -> (Vec<String>, Option<u64>) {
    let mut errors = Vec::new();
    if let Err(e) = token {
        errors.push(token_message(t, e));
    }
    if let Some(problem) = file_problem {
        errors.push(file_problem_message(t, state.followup.limits(), problem));
    }
    if !answer_fits(typed) {
        errors.push(t.t("followup-too-long"));
    }
    if errors.is_empty() && nothing_sent {
        errors.push(t.t("followup-invalid-answer"));
    }
    let busy = if errors.is_empty() {
        state.rate.followup.check().err()
    } else {
        None
    };
    if busy.is_some() {
        errors.push(t.t("followup-busy"));
    }
    (errors, busy)
}

/// `POST /followup/leave`: end the pass — its server-side record, so that every copy of the
/// cookie stops working at once — and remove it from this browser.
pub async fn leave(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let c = PassCookie::for_request(&state, &headers);
    if let Some(value) = c.read(&headers) {
        state
            .followup
            .leave(&value)
            .await
            .map_err(|e| AppError::internal(lang, e))?;
    }
    let mut res = see_other(&format!("/?lang={}", lang.code()));
    if let Ok(v) = HeaderValue::from_str(&c.clear()) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    Ok(res)
}

/// Whether an admitted answer was stored.
enum Stored {
    Yes,
    /// The server failed to store it (the database, the disk, a case header that failed its
    /// integrity check): nothing of it was kept, and the person must be able to send it again.
    No,
}

/// An answer the server could not store: the case page again, with the text as typed, a
/// fresh form token and a plain "send it again" (503). If even the case page cannot be drawn,
/// the receipt form keeps the text instead, as when a visit ends. Never a generic error page:
/// that would lose what the person typed.
async fn not_stored(
    state: &AppState,
    lang: Lang,
    c: PassCookie,
    pass: &FollowupPass,
    typed: String,
    had_files: bool,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let mut errors = vec![t.t("followup-not-stored")];
    if had_files {
        errors.push(t.t("upload-choose-again"));
    }
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let kept = typed.clone();
    match case_page(state, lang, c, pass, status, String::new(), errors, typed).await {
        Ok(page) => Ok(page),
        Err(_) => entry_page(state, lang, status, Some("not-stored"), kept, String::new()),
    }
}

async fn store_answer(
    state: &AppState,
    pass: &FollowupPass,
    text: &str,
    files: Vec<SpooledFile>,
    lang: Lang,
) -> Result<Stored, AppError> {
    // Its own task: a dropped connection cannot stop the answer half-way.
    let followup = std::sync::Arc::clone(&state.followup);
    let pass = FollowupPass {
        case: pass.case.clone(),
        identity: pass.identity.clone(),
        issued_at: pass.issued_at,
        record: pass.record.clone(),
    };
    let text = text.to_owned();
    let done = match tokio::spawn(async move { followup.answer(&pass, &text, files).await }).await {
        Ok(done) => done,
        Err(e) => {
            tracing::error!(error = %e, "the task storing an answer failed");
            return Ok(Stored::No);
        }
    };
    match done {
        Ok(()) => Ok(Stored::Yes),
        Err(FollowupError::NotFound) => Err(AppError::new(lang, ErrorKind::NotFound)),
        Err(FollowupError::Invalid) => Err(AppError::new(lang, ErrorKind::BadForm)),
        // The person is told the answer was not stored. The logged detail names no case: the
        // log line is the only record of this request (the audit entry is deferred).
        Err(FollowupError::Integrity(_)) => {
            tracing::error!("a case header failed its integrity check; the answer was not sealed");
            Ok(Stored::No)
        }
        Err(e) => {
            tracing::error!(error = %e, "an answer could not be stored");
            Ok(Stored::No)
        }
    }
}

/// The live pass this request carries, if any (reading it moves its idle deadline on).
async fn read_pass(
    state: &AppState,
    c: PassCookie,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Option<FollowupPass>, AppError> {
    let Some(value) = c.read(headers) else {
        return Ok(None);
    };
    state
        .followup
        .pass(&value)
        .await
        .map_err(|e| AppError::internal(lang, e))
}

/// The visit ended (or never began): the receipt form, the answer kept, the old cookie gone.
fn ended(
    state: &AppState,
    lang: Lang,
    c: PassCookie,
    answer: String,
) -> Result<Response, AppError> {
    let mut res = entry_page(
        state,
        lang,
        StatusCode::OK,
        Some("expired"),
        answer,
        String::new(),
    )?;
    if let Ok(v) = HeaderValue::from_str(&c.clear()) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    Ok(res)
}

#[allow(clippy::too_many_arguments)] // one page, drawn from the handlers' three situations
async fn case_page(
    state: &AppState,
    lang: Lang,
    c: PassCookie,
    pass: &FollowupPass,
    status: StatusCode,
    notice: String,
    errors: Vec<String>,
    typed: String,
) -> Result<Response, AppError> {
    let conversation = match state.followup.view(pass).await {
        Ok(c) => c,
        Err(FollowupError::NotFound) => return ended(state, lang, c, typed),
        Err(e) => return Err(AppError::internal(lang, e)),
    };
    let t = Tr::new(lang);
    let token = state
        .issue_token(Purpose::Answer)
        .map_err(|e| AppError::internal(lang, e))?;
    let limits = state.followup.limits();
    let page = case_model(t, conversation, token, notice, errors, typed, limits);
    Ok(render(status, &page))
}

/// The follow-up page's model: plain words and days only.
fn case_model(
    t: Tr,
    c: Conversation,
    token: String,
    notice: String,
    errors: Vec<String>,
    typed: String,
    limits: crate::services::intake::Limits,
) -> FollowupCasePage {
    let entries = c
        .entries
        .into_iter()
        .map(|e| match e {
            Entry::Question { day, text } => FollowupEntryView {
                question: true,
                meta: t.t1("followup-question-from", "day", &day),
                text,
            },
            Entry::Answered { day } => FollowupEntryView {
                question: false,
                meta: t.t1("followup-you-wrote", "day", &day),
                text: String::new(),
            },
        })
        .collect();
    FollowupCasePage {
        t,
        here: "/followup/case".to_owned(),
        token,
        notice,
        state: t.t(&format!("followup-state-{}", c.state.as_str())),
        state_code: c.state.as_str(),
        received: t.t1("followup-received-day", "day", &c.received_day.iso()),
        acknowledged: c
            .acknowledged_day
            .map(|d| t.t1("followup-acknowledged-day", "day", &d.iso()))
            .unwrap_or_default(),
        entries,
        errors,
        typed,
        files_note: files_note(t, limits),
        metadata_note: metadata_note(t, limits),
        max_files: limits.max_files,
    }
}

fn to_case(lang: Lang, set_cookie: Option<String>, sent: bool) -> Response {
    let sent = if sent { "&sent=1" } else { "" };
    let mut res = see_other(&format!("/followup/case?lang={}{sent}", lang.code()));
    if let Some(v) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}

fn see_other(location: &str) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(HOST, v);
        }
        h
    }

    #[test]
    fn only_an_onion_name_counts_as_one() {
        for onion in [
            "abc.onion",
            "ABC.Onion:80",
            "abc.onion.",
            "www.abc.onion:8080",
        ] {
            assert!(onion_host(&host(onion)), "{onion}");
        }
        for other in [
            "onion",
            ".onion",
            "abconion",
            "abc.onion.example.org",
            "example.org",
            "[::1]:80",
            "127.0.0.1:8080",
        ] {
            assert!(!onion_host(&host(other)), "{other}");
        }
        assert!(!onion_host(&HeaderMap::new()), "no Host: not an onion");
    }
}
