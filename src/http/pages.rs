//! Page types rendered by askama. Every page extends `templates/base.html`, which needs `t`
//! (the translator, carrying the language) and `here` (the path the language links point to).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::domain::report::{Category, FieldKind, FieldSpec, Problem, Rejected};
use crate::i18n::Tr;
use crate::services::intake::Limits;

/// The buffer a page is rendered into, in bytes.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Renders a page with a status; a template error becomes a bare 500 (never internals).
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    // Room for a whole public page at once (they weigh 3–11 KB): askama's own size hint is
    // far smaller, and the page would be copied at each doubling on the way.
    let mut html = String::with_capacity(PAGE_CAPACITY.max(T::SIZE_HINT));
    match page.render_into(&mut html) {
        Ok(()) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Error</title><p>Internal error / Erreur interne"),
            )
                .into_response()
        }
    }
}

/// A category on the home page.
pub struct CategoryLink {
    /// URL slug.
    pub slug: &'static str,
    /// Title.
    pub title: String,
    /// One-line summary.
    pub summary: String,
}

/// `GET /`.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Whether reports can be accepted.
    pub open: bool,
    /// The four kinds of report.
    pub categories: Vec<CategoryLink>,
    /// How to report by SMS and USSD, one line each (empty when neither is configured).
    pub phone_lines: Vec<String>,
}

/// One `<option>`.
pub struct OptionView {
    /// Submitted value.
    pub value: &'static str,
    /// Shown label.
    pub label: String,
    /// Pre-selected.
    pub selected: bool,
}

/// One form field, ready to render.
pub struct FieldView {
    /// Field name.
    pub name: &'static str,
    /// `line`, `text`, `select` or `year`.
    pub kind: &'static str,
    /// Label.
    pub label: String,
    /// Help text ("" for none).
    pub hint: String,
    /// Must be filled.
    pub required: bool,
    /// Current value (preserved on error).
    pub value: String,
    /// What is wrong ("" for nothing).
    pub error: String,
    /// Choices for selects.
    pub options: Vec<OptionView>,
    /// Character limit.
    pub maxlength: usize,
}

/// `GET /report/{category}` and the same form shown again with problems.
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Category slug (form action).
    pub slug: &'static str,
    /// Page title.
    pub title: String,
    /// What this kind of report is about.
    pub intro: String,
    /// Extra note for this kind ("" for none).
    pub note: String,
    /// Whether reports can be accepted.
    pub open: bool,
    /// Anti-CSRF token.
    pub token: String,
    /// What the page says about attachments (limits).
    pub files_note: String,
    /// Which files are cleaned of hidden metadata, said before upload.
    pub metadata_note: String,
    /// Most files per report.
    pub max_files: usize,
    /// Form-level problems.
    pub errors: Vec<String>,
    /// The fields.
    pub fields: Vec<FieldView>,
}

impl ReportPage {
    /// The form for `category`, filled with `rejected`'s values and problems if given.
    pub fn new(
        t: Tr,
        category: Category,
        open: bool,
        token: String,
        limits: Limits,
        rejected: Option<&Rejected>,
    ) -> Self {
        let slug = category.slug();
        let mut errors = Vec::new();
        if let Some(r) = rejected {
            for e in r.errors.iter().filter(|e| e.field.is_none()) {
                errors.push(problem_text(t, e.problem));
            }
            if r.errors.iter().any(|e| e.field.is_some()) {
                errors.push(t.t("form-fix-marked"));
            }
        }
        let fields = category
            .fields()
            .iter()
            .map(|spec| field_view(t, spec, rejected))
            .collect();
        Self {
            t,
            here: format!("/report/{slug}"),
            slug,
            title: t.t(&format!("category-{slug}")),
            intro: t.t(&format!("category-{slug}-intro")),
            note: t.opt(&format!("category-{slug}-note")),
            open,
            token,
            files_note: files_note(t, limits),
            metadata_note: metadata_note(t, limits),
            max_files: limits.max_files,
            errors,
            fields,
        }
    }

    /// Adds a form-level message (expired form, closed intake).
    pub fn with_error(mut self, message: String) -> Self {
        self.errors.insert(0, message);
        self
    }
}

fn field_view(t: Tr, spec: &FieldSpec, rejected: Option<&Rejected>) -> FieldView {
    let value = rejected
        .and_then(|r| r.values.get(spec.name))
        .cloned()
        .unwrap_or_default();
    let error = rejected
        .and_then(|r| r.errors.iter().find(|e| e.field == Some(spec.name)))
        .map(|e| problem_text(t, e.problem))
        .unwrap_or_default();
    let (kind, options, maxlength) = match spec.kind {
        FieldKind::Line(max) => ("line", vec![], max),
        FieldKind::Text(max) => ("text", vec![], max),
        FieldKind::Year => ("year", vec![], 4),
        FieldKind::Choice(values) => {
            let prefix = match spec.name {
                "issuer_state" => "state",
                "when_month" => "month",
                _ => "mineral",
            };
            let opts = values
                .iter()
                .map(|v| OptionView {
                    value: v,
                    label: t.t(&format!("{prefix}-{v}")),
                    selected: value == *v,
                })
                .collect();
            ("select", opts, 0)
        }
    };
    FieldView {
        name: spec.name,
        kind,
        label: t.t(&format!("field-{}", spec.name)),
        hint: t.opt(&format!("field-{}-hint", spec.name)),
        required: spec.required,
        value,
        error,
        options,
        maxlength,
    }
}

fn problem_text(t: Tr, problem: Problem) -> String {
    match problem {
        Problem::Required => t.t("problem-required"),
        Problem::TooLong(max) => t.t1("problem-too-long", "max", &max.to_string()),
        Problem::NotAChoice => t.t("problem-not-a-choice"),
        Problem::BadYear => t.t("problem-bad-year"),
        Problem::BadCharacters => t.t("problem-bad-characters"),
        Problem::Unknown => t.t("problem-unknown-field"),
        Problem::Duplicate => t.t("problem-duplicate"),
    }
}

/// The confirmation page with the receipt, shown exactly once.
#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// The receipt in groups of four digits.
    pub receipt: String,
}

impl ReceiptPage {
    /// The receipt's groups on two lines, four then three, each kept whole while it fits: on a
    /// narrow phone the seven groups would otherwise wrap three, three and one, and a last
    /// group alone is easy to miss when copying it onto paper.
    pub fn lines(&self) -> [String; 2] {
        let groups: Vec<&str> = self.receipt.split_whitespace().collect();
        let cut = groups.len().div_ceil(2);
        [
            groups.get(..cut).unwrap_or_default().join(" "),
            groups.get(cut..).unwrap_or_default().join(" "),
        ]
    }
}

/// The follow-up entry: type the receipt.
#[derive(Template)]
#[template(path = "followup.html")]
pub struct FollowupEntryPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Anti-CSRF token.
    pub token: String,
    /// Why the person is here again ("" for none) and its stable code (tests, styling).
    pub notice: String,
    /// See above.
    pub notice_code: &'static str,
    /// An answer typed before the visit ended, kept to be sent with the receipt ("" for none).
    pub answer: String,
    /// The receipt as typed, put back into the field after a refusal so that a person on a
    /// phone corrects one digit instead of typing 28 again ("" for none). Only ever in this
    /// `no-store` page, never logged.
    pub receipt: String,
}

/// One entry of the conversation on the follow-up page.
pub struct FollowupEntryView {
    /// An investigator's question (else: the day the person wrote).
    pub question: bool,
    /// "The investigators wrote on …" / "You wrote on …".
    pub meta: String,
    /// The question's text.
    pub text: String,
}

/// The whistle-blower's view of their report.
#[derive(Template)]
#[template(path = "followup-case.html")]
pub struct FollowupCasePage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Anti-CSRF token.
    pub token: String,
    /// "Your answer was stored" or "" .
    pub notice: String,
    /// The state in plain words, and its code.
    pub state: String,
    /// See above.
    pub state_code: &'static str,
    /// "Received on …".
    pub received: String,
    /// "An investigator first looked at it on …" or "".
    pub acknowledged: String,
    /// Questions and days of answers.
    pub entries: Vec<FollowupEntryView>,
    /// Problems with the answer just sent.
    pub errors: Vec<String>,
    /// The answer as typed (kept when it could not be sent).
    pub typed: String,
    /// Attachment limits note, and most files per answer.
    pub files_note: String,
    /// Which files are cleaned of hidden metadata, said before upload.
    pub metadata_note: String,
    /// See above.
    pub max_files: usize,
}

/// Which kinds of file are cleaned, up to the size the server cleans.
pub fn metadata_note(t: Tr, limits: Limits) -> String {
    t.t1(
        "files-metadata",
        "max",
        &limits.scrub_max_bytes.div_ceil(1024 * 1024).to_string(),
    )
}

/// "Up to N files, M MB each…"
pub fn files_note(t: Tr, limits: Limits) -> String {
    t.catalogue_get(
        "upload-limits",
        &[
            ("count", &limits.max_files.to_string()),
            (
                "max",
                &limits.max_file_bytes.div_ceil(1024 * 1024).to_string(),
            ),
        ],
    )
}

/// Any error.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Heading.
    pub title: String,
    /// What happened and what to do.
    pub message: String,
    /// Operation id, quoted to an operator to find the log line.
    pub op_id: String,
}
