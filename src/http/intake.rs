//! The whistle-blower's pages: the home page, one form per kind of report, the receipt.
//!
//! Handlers only translate: HTTP in, domain types to the intake service, a page out. Nothing
//! here logs or stores what a person typed.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::crypto::form_token::{Purpose, TokenError};
use crate::domain::report::{self, Category};
use crate::domain::spam::{self, HONEYPOT_FIELD};
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::form::read_urlencoded;
use crate::http::lang::PageLang;
use crate::http::pages::{CategoryLink, IndexPage, ReceiptPage, ReportPage, render};
use crate::http::upload::{self, FileProblem, UploadError};
use crate::i18n::Tr;
use crate::services::intake::{IntakeError, Limits};
use crate::services::spool::SpooledFile;
use crate::store::FormSpend;

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
    let mut phone_lines = Vec::new();
    if let Some(cfg) = state.phone.as_ref().map(|g| &g.config) {
        if let (Some(_), Some(number)) = (cfg.sms, &cfg.sms_number) {
            phone_lines.push(t.t1("index-sms", "number", number));
            phone_lines.push(t.t("index-sms-check"));
        }
        if let (true, Some(code)) = (cfg.ussd, &cfg.ussd_code) {
            phone_lines.push(t.t1("index-ussd", "code", code));
        }
    }
    let page = IndexPage {
        t,
        here: "/".to_owned(),
        open: state.intake.is_open(),
        categories,
        phone_lines,
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
        .issue_token(Purpose::Report)
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
/// `application/x-www-form-urlencoded` (text only). Posts from another site never get here
/// ([`crate::http::same_origin`]).
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
    // Files cannot be put back into a form: if any were sent, the page asks for them again.
    let had_files = !files.is_empty() || file_problem.is_some();
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let token = field(TOKEN_FIELD).unwrap_or("");
    let issued = state.check_token_issued(token, Purpose::Report);
    let honeypot = field(HONEYPOT_FIELD).unwrap_or("");
    let this_year = state.clock.today().year();
    let validated = report::validate(category, &pairs, &[TOKEN_FIELD, HONEYPOT_FIELD], this_year);
    let t = Tr::new(lang);
    // The rate limit, checked only now that the form is read: a refused person gets it back.
    let busy = match issued {
        Ok(_) => state.rate.submit.check().err(),
        Err(_) => None,
    };
    let judged = match judge(validated, issued.map(|_| ()), busy, file_problem) {
        // A form is sent once: its token is spent in the case's own transaction.
        Ok(report) => match state.form_spend(token, Purpose::Report) {
            Ok(spend) => Ok((report, spend)),
            Err(e) => Err((Again::Token(e), kept(report))),
        },
        Err(again) => Err(again),
    };
    let (why, typed) = match judged {
        Ok((report, spend)) => {
            let spam = issued
                .ok()
                .and_then(|at| spam::signal(honeypot, at, state.clock.now_unix()))
                .is_some();
            let typed = kept(report.clone());
            match stored(&state, lang, report, files, spam, spend).await? {
                Stored::Receipt(res) => return Ok(res),
                // Sent twice at once: the other copy was stored; this one shows the form.
                Stored::Spent => (Again::Token(TokenError::Used), typed),
                Stored::Failed => (Again::NotStored, typed),
            }
        }
        Err(again) => again,
    };
    // Spooled files are deleted as `files` drops.
    let fresh = state
        .issue_token(Purpose::Report)
        .map_err(|e| AppError::internal(lang, e))?;
    let limits = state.intake.limits();
    let page = form_again(t, category, fresh, limits, &typed, &why, had_files);
    let res = render(why.status(), &page);
    Ok(match why {
        Again::Busy(secs) => crate::http::rate::with_retry_after(res, secs),
        _ => res,
    })
}

/// What became of a report sent to be stored.
enum Stored {
    /// Stored: its receipt page.
    Receipt(Response),
    /// Its form was sent already (the other copy was stored): nothing stored.
    Spent,
    /// The server could not store it (the database failed): nothing stored, and the person
    /// gets the form back with their text rather than an error page that loses it.
    Failed,
}

/// Stores the report and shows its receipt. The sender sees the same receipt whether or not
/// it was filed as possible spam.
async fn stored(
    state: &AppState,
    lang: crate::i18n::Lang,
    report: report::Report,
    files: Vec<SpooledFile>,
    spam: bool,
    spend: FormSpend,
) -> Result<Stored, AppError> {
    match submit_detached(state, report, files, spam, spend).await {
        Ok(receipt) => {
            let page = ReceiptPage {
                t: Tr::new(lang),
                here: "/".to_owned(),
                receipt: receipt.grouped().to_string(),
            };
            Ok(Stored::Receipt(render(StatusCode::OK, &page)))
        }
        Err(IntakeError::FormSpent) => Ok(Stored::Spent),
        Err(IntakeError::Closed) => Err(AppError::new(lang, ErrorKind::IntakeClosed)),
        Err(e) => {
            // The operator's line: what failed, never what was sent.
            tracing::error!(error = %e, "a report could not be stored");
            Ok(Stored::Failed)
        }
    }
}

/// Why a submission is not stored but the form shown again.
#[derive(Debug)]
enum Again {
    /// The form's token is expired, forged or already used.
    Token(TokenError),
    /// Too many submissions server-wide just now; try again after this many seconds.
    Busy(u64),
    /// The files must be chosen again.
    Files(FileProblem),
    /// A field needs fixing (the per-field errors say which).
    Fields,
    /// The server failed to store it; the person can send it again.
    NotStored,
}

impl Again {
    fn status(&self) -> StatusCode {
        match self {
            Self::Token(_) => StatusCode::FORBIDDEN,
            Self::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Files(FileProblem::TooLarge(_)) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Files(_) | Self::Fields => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotStored => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// The report to store, or why not and what was typed (for showing the form again whatever
/// the reason: an expired form must never cost someone their words).
fn judge(
    validated: Result<report::Report, report::Rejected>,
    token: Result<(), TokenError>,
    busy: Option<u64>,
    file_problem: Option<FileProblem>,
) -> Result<report::Report, (Again, report::Rejected)> {
    let why = match (token, busy, file_problem) {
        (Err(e), _, _) => Again::Token(e),
        (Ok(()), Some(secs), _) => Again::Busy(secs),
        (Ok(()), None, Some(problem)) => Again::Files(problem),
        (Ok(()), None, None) => return validated.map_err(|rejected| (Again::Fields, rejected)),
    };
    let typed = match validated {
        Ok(r) => kept(r),
        Err(rejected) => rejected,
    };
    Err((why, typed))
}

/// What was typed in a valid report, to show the form again with it.
fn kept(report: report::Report) -> report::Rejected {
    report::Rejected {
        values: report.fields().iter().cloned().collect(),
        errors: vec![],
    }
}

/// The report form shown again: everything typed, a fresh token, why it was not sent, and
/// (if files were attached) a request to choose them again. A forged token gets the same page
/// as an expired one.
fn form_again(
    t: Tr,
    category: Category,
    token: String,
    limits: Limits,
    typed: &report::Rejected,
    why: &Again,
    had_files: bool,
) -> ReportPage {
    let mut page = ReportPage::new(t, category, true, token, limits, Some(typed));
    if had_files {
        page = page.with_error(t.t("upload-choose-again"));
    }
    match why {
        Again::Token(TokenError::Expired) => page.with_error(t.t("form-expired")),
        Again::Token(TokenError::Invalid) => page.with_error(t.t("form-invalid-token")),
        Again::Token(TokenError::Used) => page.with_error(t.t("form-used")),
        Again::Busy(_) => page.with_error(t.t("form-busy")),
        Again::Files(problem) => page.with_error(file_problem_message(t, limits, problem)),
        Again::Fields => page,
        Again::NotStored => page.with_error(t.t("form-not-stored")),
    }
}

/// Runs the submission in its own task. If the person's connection drops while the case is
/// being sealed, the handler future is cancelled, but the submission still runs to its end —
/// stored whole, or its staged blobs deleted — instead of stopping half-way.
async fn submit_detached(
    state: &AppState,
    report: report::Report,
    files: Vec<SpooledFile>,
    possible_spam: bool,
    spend: FormSpend,
) -> Result<crate::domain::receipt::Receipt, IntakeError> {
    let intake = std::sync::Arc::clone(&state.intake);
    tokio::spawn(async move {
        intake
            .submit_filed(report, files, possible_spam, Some(spend))
            .await
    })
    .await
    .map_err(|_| IntakeError::Task)?
}

/// Reads the report form in either encoding: text fields, spooled files, and a problem with
/// the files if there is one.
pub(crate) async fn read_submission(
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

/// The message for a problem with the attached files.
pub(crate) fn file_problem_message(t: Tr, limits: Limits, problem: &FileProblem) -> String {
    match problem {
        FileProblem::TooMany => t.t1("upload-too-many", "max", &limits.max_files.to_string()),
        FileProblem::TooLarge(name) => t.catalogue_get(
            "upload-too-large",
            &[
                ("name", name),
                (
                    "max",
                    &limits.max_file_bytes.div_ceil(1024 * 1024).to_string(),
                ),
            ],
        ),
        FileProblem::Empty(name) => t.t1("upload-empty", "name", name),
    }
}

/// Fallback for unknown paths.
pub async fn not_found(PageLang(lang): PageLang) -> AppError {
    AppError::new(lang, ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validated(description: &str) -> Result<report::Report, report::Rejected> {
        let pairs = [("description".to_owned(), description.to_owned())];
        report::validate(Category::Other, &pairs, &[], 2026)
    }

    #[test]
    fn the_token_is_judged_before_the_files_and_the_files_before_the_fields() {
        let too_large = || Some(FileProblem::TooLarge("scan.pdf".to_owned()));
        let (why, typed) = judge(
            validated(""),
            Err(TokenError::Expired),
            Some(5),
            too_large(),
        )
        .expect_err("expired token");
        assert!(matches!(why, Again::Token(TokenError::Expired)));
        assert_eq!(why.status(), StatusCode::FORBIDDEN);
        assert!(!typed.errors.is_empty(), "field errors still shown");

        let (why, typed) = judge(
            validated("Gold leaves at night."),
            Ok(()),
            None,
            too_large(),
        )
        .expect_err("file");
        assert_eq!(why.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            typed.values.get("description").map(String::as_str),
            Some("Gold leaves at night."),
            "what was typed is kept"
        );

        let (why, _) = judge(validated(""), Ok(()), None, None).expect_err("empty description");
        assert!(matches!(why, Again::Fields));
        assert_eq!(why.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let (why, typed) = judge(
            validated("Gold leaves at night."),
            Ok(()),
            Some(3),
            too_large(),
        )
        .expect_err("busy");
        assert!(matches!(why, Again::Busy(3)));
        assert_eq!(why.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            typed.values.get("description").map(String::as_str),
            Some("Gold leaves at night."),
            "a busy server keeps what was typed"
        );

        assert!(judge(validated("Gold leaves at night."), Ok(()), None, None).is_ok());
    }
}
