//! The whistle-blower's pages: the home page, one form per kind of report, the receipt.
//!
//! Handlers only translate: HTTP in, domain types to the intake service, a page out. Nothing
//! here logs or stores what a person typed.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::app::AppState;
use crate::crypto::form_token::TokenError;
use crate::domain::report::{self, Category};
use crate::error::{AppError, ErrorKind};
use crate::http::form::{FormError, parse_urlencoded};
use crate::http::lang::PageLang;
use crate::http::pages::{CategoryLink, IndexPage, ReceiptPage, ReportPage, render};
use crate::http::upload::{self, FileProblem, UploadError};
use crate::i18n::Tr;
use crate::services::intake::IntakeError;

/// Largest report body accepted: a 20 000-character description, every character
/// percent-encoded as 4 UTF-8 bytes (12 bytes each), plus the short fields.
pub const MAX_BODY: usize = 512 * 1024;
/// Name of the anti-CSRF field.
const TOKEN_FIELD: &str = "token";

/// `GET /`
pub async fn index(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    let t = Tr::new(lang);
    let categories = Category::ALL
        .iter()
        .map(|c| CategoryLink {
            slug: c.slug(),
            title: t.t(&format!("category-{}", c.slug())),
            summary: t.t(&format!("category-{}-summary", c.slug())),
        })
        .collect();
    let page = IndexPage {
        t,
        here: "/".to_owned(),
        open: state.intake.is_open(),
        categories,
    };
    render(StatusCode::OK, &page)
}

/// `GET /report/{category}`
pub async fn form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let category =
        Category::parse(&slug).ok_or_else(|| AppError::new(lang, ErrorKind::NotFound))?;
    let token = state
        .issue_token()
        .map_err(|e| AppError::internal(lang, e))?;
    let page = ReportPage::new(
        Tr::new(lang),
        category,
        state.intake.is_open(),
        token,
        state.intake.limits(),
        None,
    );
    Ok(render(StatusCode::OK, &page))
}

/// `POST /report/{category}`: a report as `multipart/form-data` (with files) or
/// `application/x-www-form-urlencoded` (text only).
pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let err = |kind| AppError::new(lang, kind);
    let category = Category::parse(&slug).ok_or_else(|| err(ErrorKind::NotFound))?;
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return Err(err(ErrorKind::CrossSite));
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !state.intake.is_open() {
        return Err(err(ErrorKind::IntakeClosed));
    }
    let (pairs, files, file_problem) = match mime.as_str() {
        "application/x-www-form-urlencoded" => {
            let bytes = read_body(body, &headers).await.map_err(err)?;
            let pairs = parse_urlencoded(&bytes).map_err(|e| match e {
                FormError::InvalidUtf8 | FormError::TooManyFields => err(ErrorKind::BadForm),
            })?;
            (pairs, Vec::new(), None)
        }
        "multipart/form-data" => {
            let limits = state.intake.limits();
            let (received, problem) = upload::receive(body, &content_type, limits, &state.spooler)
                .await
                .map_err(|e| match e {
                    UploadError::TooLarge => err(ErrorKind::TooLarge),
                    UploadError::Truncated => err(ErrorKind::Truncated),
                    UploadError::BadForm => err(ErrorKind::BadForm),
                    UploadError::Spool(e) => AppError::internal(lang, e),
                })?;
            (received.fields, received.files, problem)
        }
        _ => return Err(err(ErrorKind::WrongContentType)),
    };

    let t = Tr::new(lang);
    let limits = state.intake.limits();
    let this_year = state.clock.today().year();
    let validated = report::validate(category, &pairs, &[TOKEN_FIELD], this_year);
    let token_check = pairs
        .iter()
        .find(|(k, _)| k == TOKEN_FIELD)
        .map_or(Err(TokenError::Invalid), |(_, v)| state.check_token(v));
    let fresh_token = || state.issue_token().map_err(|e| AppError::internal(lang, e));
    // Files cannot be put back into a form: if any were sent, the page asks for them again.
    let had_files = !files.is_empty() || file_problem.is_some();
    let page = |rejected: &report::Rejected| -> Result<ReportPage, AppError> {
        let page = ReportPage::new(t, category, true, fresh_token()?, limits, Some(rejected));
        Ok(if had_files {
            page.with_error(t.t("upload-choose-again"))
        } else {
            page
        })
    };
    // What was typed, for showing the form again whatever the reason.
    let typed = match &validated {
        Ok(r) => report::Rejected {
            values: r.fields().iter().cloned().collect(),
            errors: vec![],
        },
        Err(rejected) => rejected.clone(),
    };

    if let Err(token_error) = token_check {
        // Show the form again with everything typed and a fresh token: an expired form must
        // never cost someone their words. A forged token gets the same page, unsent.
        let key = match token_error {
            TokenError::Expired => "form-expired",
            TokenError::Invalid => "form-invalid-token",
        };
        return Ok(render(
            StatusCode::FORBIDDEN,
            &page(&typed)?.with_error(t.t(key)),
        ));
    }
    if let Some(problem) = file_problem {
        let (status, message) = match problem {
            FileProblem::TooMany => (
                StatusCode::UNPROCESSABLE_ENTITY,
                t.t1("upload-too-many", "max", &limits.max_files.to_string()),
            ),
            FileProblem::TooLarge(name) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                t.catalogue_get(
                    "upload-too-large",
                    &[("name", &name), ("max", &mib(limits.max_file_bytes))],
                ),
            ),
            FileProblem::Empty(name) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                t.t1("upload-empty", "name", &name),
            ),
        };
        return Ok(render(status, &page(&typed)?.with_error(message)));
    }

    match validated {
        Err(rejected) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&rejected)?)),
        Ok(report) => match state.intake.submit(report, files).await {
            Ok(receipt) => {
                let page = ReceiptPage {
                    t,
                    here: "/".to_owned(),
                    receipt: receipt.grouped().to_string(),
                };
                Ok(render(StatusCode::OK, &page))
            }
            Err(IntakeError::Closed) => Err(err(ErrorKind::IntakeClosed)),
            Err(e) => Err(AppError::internal(lang, e)),
        },
    }
}

/// Bytes as whole MiB, for messages.
fn mib(bytes: u64) -> String {
    bytes.div_ceil(1024 * 1024).to_string()
}

/// Reads the whole body up to [`MAX_BODY`], telling "too large" from "cut off".
async fn read_body(body: Body, headers: &HeaderMap) -> Result<axum::body::Bytes, ErrorKind> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(ErrorKind::TooLarge);
    }
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
            || e.to_string().contains("length limit");
        if too_large {
            ErrorKind::TooLarge
        } else {
            ErrorKind::Truncated
        }
    })
}

/// Fallback for unknown paths.
pub async fn not_found(PageLang(lang): PageLang) -> AppError {
    AppError::new(lang, ErrorKind::NotFound)
}
