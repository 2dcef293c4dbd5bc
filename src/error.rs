//! The one error path of the web layer: every failure becomes a clear page in the visitor's
//! language with an operation id, and internals go to the log under that id, never to the page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::http::pages::{ErrorPage, render};
use crate::i18n::{Lang, Tr};

/// What went wrong, in terms a visitor can act on.
#[derive(Debug)]
pub enum ErrorKind {
    /// No such page.
    NotFound,
    /// The body is not a form, or not valid UTF-8, or names an action there is not.
    BadForm,
    /// The address's query string has a value the page does not know (a hand-edited link).
    BadQuery,
    /// The body is larger than the route allows.
    TooLarge,
    /// A search longer than anything it could find (`domain::warnings::MAX_SEARCH_CHARS`).
    SearchTooLong,
    /// The upload stopped before the end.
    Truncated,
    /// Not `application/x-www-form-urlencoded`.
    WrongContentType,
    /// A POST from another site.
    CrossSite,
    /// No investigator keys: reports are refused, nothing is stored.
    IntakeClosed,
    /// Too many uploads in progress: try again later.
    Busy,
    /// This class of request is over its rate limit just now (`http::rate`).
    RateLimited,
    /// A setup link that is unknown, used or replaced.
    LinkInvalid,
    /// A setup link past its expiry.
    LinkExpired,
    /// Not allowed: a missing or wrong anti-CSRF token, or an admin page for a non-admin.
    Forbidden,
    /// The investigator holds no key for this case.
    NoAccess,
    /// The stored content failed its integrity check; the detail is logged.
    Integrity(String),
    /// A failure on our side; the detail is logged, not shown.
    Internal(String),
}

/// An error to be shown as a page in `lang`.
#[derive(Debug)]
pub struct AppError {
    /// The visitor's language.
    pub lang: Lang,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl AppError {
    /// An error shown in `lang`.
    pub fn new(lang: Lang, kind: ErrorKind) -> Self {
        Self { lang, kind }
    }

    /// An internal failure; `detail` is logged, never shown.
    pub fn internal(lang: Lang, detail: impl std::fmt::Display) -> Self {
        Self::new(lang, ErrorKind::Internal(detail.to_string()))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let op_id = crate::crypto::random_bytes::<6>()
            .map(hex::encode)
            .unwrap_or_else(|_| "000000000000".to_owned());
        let (status, key) = match &self.kind {
            ErrorKind::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            ErrorKind::BadForm => (StatusCode::BAD_REQUEST, "error-bad-form"),
            ErrorKind::BadQuery => (StatusCode::BAD_REQUEST, "error-bad-query"),
            ErrorKind::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"),
            ErrorKind::SearchTooLong => (StatusCode::BAD_REQUEST, "error-search-too-long"),
            ErrorKind::Truncated => (StatusCode::BAD_REQUEST, "error-truncated"),
            ErrorKind::WrongContentType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-content-type")
            }
            ErrorKind::CrossSite => (StatusCode::FORBIDDEN, "error-cross-site"),
            ErrorKind::IntakeClosed => (StatusCode::SERVICE_UNAVAILABLE, "error-intake-closed"),
            ErrorKind::Busy => (StatusCode::SERVICE_UNAVAILABLE, "error-busy"),
            ErrorKind::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "error-rate-limited"),
            ErrorKind::LinkInvalid => (StatusCode::NOT_FOUND, "error-link-invalid"),
            ErrorKind::LinkExpired => (StatusCode::GONE, "error-link-expired"),
            ErrorKind::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
            ErrorKind::NoAccess => (StatusCode::FORBIDDEN, "error-no-access"),
            ErrorKind::Integrity(detail) => {
                tracing::error!(op_id, detail, "stored content failed verification");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-integrity")
            }
            ErrorKind::Internal(detail) => {
                tracing::error!(op_id, detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
        };
        // A refusal is not logged here: `http::refusals` counts it, and a line a minute says
        // how many there were (a line per refusal would date each one).
        let t = Tr::new(self.lang);
        let page = ErrorPage {
            t,
            here: "/".to_owned(),
            title: t.t(&format!("{key}-title")),
            message: t.t(key),
            op_id,
        };
        render(status, &page)
    }
}
