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
use crate::http::form::read_urlencoded;
use crate::http::lang::PageLang;
use crate::http::pages::{CategoryLink, IndexPage, ReceiptPage, ReportPage, render};
use crate::http::upload::{self, FileProblem, UploadError};
use crate::i18n::Tr;
use crate::services::intake::{IntakeError, Limits};
use crate::services::spool::SpooledFile;

/// Name of the anti-CSRF field.
const TOKEN_FIELD: &str = "token";

/// `GET /`
pub async fn index(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    let t = Tr::new(lang);
    let categories = Category::REPORTS
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
    if !state.intake.is_open() {
        return Err(err(ErrorKind::IntakeClosed));
    }
    let (pairs, files, file_problem) = read_submission(&state, &headers, body, lang).await?;

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
        let (status, message) = file_problem_message(t, limits, problem);
        return Ok(render(status, &page(&typed)?.with_error(message)));
    }

    match validated {
        Err(rejected) => Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&rejected)?)),
        Ok(report) => match submit_detached(&state, report, files).await {
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

/// Runs the submission in its own task. If the person's connection drops while the case is
/// being sealed, the handler future is cancelled, but the submission still runs to its end —
/// stored whole, or its staged blobs deleted — instead of stopping half-way.
async fn submit_detached(
    state: &AppState,
    report: report::Report,
    files: Vec<SpooledFile>,
) -> Result<crate::domain::receipt::Receipt, IntakeError> {
    let intake = std::sync::Arc::clone(&state.intake);
    tokio::spawn(async move { intake.submit(report, files).await })
        .await
        .map_err(|_| IntakeError::Task)?
}

/// Reads the report form in either encoding: text fields, spooled files, and a problem with
/// the files if there is one.
async fn read_submission(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    lang: crate::i18n::Lang,
) -> Result<(Vec<(String, String)>, Vec<SpooledFile>, Option<FileProblem>), AppError> {
    let err = |kind| AppError::new(lang, kind);
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        let pairs = read_urlencoded(body, headers).await.map_err(err)?;
        Ok((pairs, Vec::new(), None))
    } else if mime.eq_ignore_ascii_case("multipart/form-data") {
        let limits = state.intake.limits();
        let (received, problem) = upload::receive(body, content_type, limits, &state.spooler)
            .await
            .map_err(|e| match e {
                UploadError::TooLarge => err(ErrorKind::TooLarge),
                UploadError::Truncated => err(ErrorKind::Truncated),
                UploadError::BadForm => err(ErrorKind::BadForm),
                UploadError::Busy => err(ErrorKind::Busy),
                UploadError::Spool(e) => AppError::internal(lang, e),
            })?;
        Ok((received.fields, received.files, problem))
    } else {
        Err(err(ErrorKind::WrongContentType))
    }
}

/// Status and message for a problem with the attached files.
fn file_problem_message(t: Tr, limits: Limits, problem: FileProblem) -> (StatusCode, String) {
    match problem {
        FileProblem::TooMany => (
            StatusCode::UNPROCESSABLE_ENTITY,
            t.t1("upload-too-many", "max", &limits.max_files.to_string()),
        ),
        FileProblem::TooLarge(name) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            t.catalogue_get(
                "upload-too-large",
                &[
                    ("name", &name),
                    (
                        "max",
                        &limits.max_file_bytes.div_ceil(1024 * 1024).to_string(),
                    ),
                ],
            ),
        ),
        FileProblem::Empty(name) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            t.t1("upload-empty", "name", &name),
        ),
    }
}

/// Fallback for unknown paths.
pub async fn not_found(PageLang(lang): PageLang) -> AppError {
    AppError::new(lang, ErrorKind::NotFound)
}
