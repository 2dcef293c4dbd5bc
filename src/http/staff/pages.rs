//! Page types of the workspace. Every page extends `templates/staff/base.html`, which needs
//! `t`, `here` and `chrome` (who is logged in, for the navigation and the logout form).

use askama::Template;

use crate::domain::account::AccountState;
use crate::domain::case::Status;
use crate::domain::queue::Count;
use crate::i18n::Tr;
use crate::services::accounts::Session;

// Templates write form actions from these enums, so a misspelt one does not compile.
use super::actions::{AccountAction, CaseAction};

/// What every logged-in page shows around its content.
pub struct Chrome {
    /// Account name.
    pub name: String,
    /// Whether to show admin links.
    pub is_admin: bool,
    /// Anti-CSRF token for forms on the page.
    pub csrf: String,
    /// Which navigation entry is current (`queue`, `dashboard`, `accounts`, `audit`).
    pub current: &'static str,
}

impl Chrome {
    /// Chrome for a session's page.
    pub fn new(session: &Session, current: &'static str) -> Self {
        Self {
            name: session.account.name.to_string(),
            is_admin: session.account.is_admin,
            csrf: session.csrf.clone(),
            current,
        }
    }
}

/// `GET /staff/login`.
#[derive(Template)]
#[template(path = "staff/login.html")]
pub struct LoginPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Form token (CSRF before a session exists).
    pub token: String,
    /// Name typed before (kept after a failure).
    pub name: String,
    /// Message shown above the form ("" for none).
    pub message: String,
    /// Whether the message is an error.
    pub is_error: bool,
}

/// `GET /staff/setup/{token}`.
#[derive(Template)]
#[template(path = "staff/setup.html")]
pub struct SetupPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links (the setup URL itself).
    pub here: String,
    /// Form token.
    pub token: String,
    /// Account being set up.
    pub account: String,
    /// TOTP secret in base32, grouped by four for typing.
    pub secret: String,
    /// The QR code of the `otpauth://` URI, as SVG.
    pub qr_svg: String,
    /// Problems with the last attempt.
    pub errors: Vec<String>,
}

/// One case in the queue.
pub struct QueueRow {
    /// Full id (link).
    pub id: String,
    /// Short id shown.
    pub short: String,
    /// Category, translated.
    pub category: String,
    /// How it came in ("Web", "SMS", "USSD"), translated.
    pub channel: String,
    /// Status (its name styles the row).
    pub status: Status,
    /// Status, translated.
    pub status_label: String,
    /// Day received.
    pub received: String,
    /// Assignee name or "".
    pub assignee: String,
    /// Labels.
    pub labels: Vec<String>,
    /// Deadline notes, translated; `(text, overdue)`.
    pub alerts: Vec<(String, bool)>,
    /// Whether the viewer can open it.
    pub readable: bool,
    /// The whistle-blower answered and nobody has read it yet.
    pub unread_answer: bool,
    /// Filed as possible spam.
    pub possible_spam: bool,
}

/// A `<select>` option.
pub struct Choice {
    /// Value.
    pub value: String,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// `GET /staff`.
#[derive(Template)]
#[template(path = "staff/queue.html")]
pub struct QueuePage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// Whether intake is closed (no offline key).
    pub intake_closed: bool,
    /// `(status, label, count)` in the queue.
    pub counts: Vec<(Status, String, i64)>,
    /// `(label, count, link)`: the queue, unread answers, overdue, due within a week,
    /// possible spam.
    pub shortcuts: Vec<(String, Count, String)>,
    /// Whether this is the "possible spam" view.
    pub spam_view: bool,
    /// `queue` or `spam`, for the filter form.
    pub view: &'static str,
    /// Filter choices.
    pub statuses: Vec<Choice>,
    /// Filter choices.
    pub categories: Vec<Choice>,
    /// Filter choices.
    pub channels: Vec<Choice>,
    /// Filter choices.
    pub labels: Vec<Choice>,
    /// Filter choices.
    pub assignees: Vec<Choice>,
    /// Sort choices.
    pub sorts: Vec<Choice>,
    /// Filter choices.
    pub deadlines: Vec<Choice>,
    /// Bulk assignment choices (by name; the empty value is nobody).
    pub bulk_assignees: Vec<Choice>,
    /// "Needs attention" checked.
    pub attention: bool,
    /// "Unread answer" checked.
    pub unread: bool,
    /// Cases shown.
    pub rows: Vec<QueueRow>,
    /// Cases the filters select (all pages), "1000+" past the count's cap.
    pub matching: Count,
    /// This page, from 1.
    pub page: u32,
    /// Pages, "21+" when the count stopped at its cap.
    pub pages: String,
    /// Link to the previous page, or "".
    pub prev: String,
    /// Link to the next page, or "".
    pub next: String,
    /// Link to this page (where the bulk form comes back to).
    pub back: String,
    /// What the last bulk action did, or "".
    pub bulk_done: String,
    /// The search term as typed ("" for none).
    pub search: String,
    /// What the search was read as, to say so above the results ("" for no search).
    pub search_found: String,
    /// Whether the term read as nothing searchable.
    pub search_unreadable: bool,
}

/// A case related to the one shown.
pub struct RelatedRow {
    /// Its id.
    pub id: String,
    /// Its received day.
    pub day: String,
    /// The identifiers both cases name, comma-separated.
    pub via: String,
}

/// A report field, laid out.
pub struct FieldRow {
    /// Label.
    pub label: String,
    /// Value (may span lines).
    pub value: String,
}

/// An attachment as listed on the case page.
pub struct AttachmentRow {
    /// Stored name (`attachment-01`), for the download link.
    pub file: String,
    /// Original file name.
    pub name: String,
    /// Type.
    pub mime: String,
    /// Size in bytes.
    pub size: String,
    /// Whether metadata was removed.
    pub cleaned: bool,
    /// Why not ("" when cleaned).
    pub note: String,
    /// Whether a safe preview was drawn (shown inline; else "no preview").
    pub has_preview: bool,
    /// The preview's size in pixels, for the `<img>` (0 without one).
    pub preview_width: u32,
    /// See `preview_width`.
    pub preview_height: u32,
}

/// A note as shown.
pub struct NoteView {
    /// Author.
    pub author: String,
    /// Day.
    pub day: String,
    /// Text (or why it could not be read).
    pub text: String,
}

/// A message of the conversation as shown to investigators.
pub struct MessageView {
    /// Order within the case (the element's id).
    pub seq: i64,
    /// Written by the whistle-blower (else by an investigator).
    pub from_whistleblower: bool,
    /// "The whistle-blower wrote on …" / "amani wrote on …".
    pub meta: String,
    /// Text (or why it could not be read).
    pub text: String,
    /// Files sent with an answer.
    pub attachments: Vec<AttachmentRow>,
    /// What became of it by SMS ("sent by SMS", "not sent by SMS: …"), or "".
    pub sms: String,
    /// Whether the SMS failed (styled as a warning).
    pub sms_failed: bool,
}

/// A reply template offered on the case page.
pub struct TemplateView {
    /// Id (form value).
    pub id: String,
    /// Title in the page's language.
    pub title: String,
}

/// `GET /staff/case/{id}`.
#[derive(Template)]
#[template(path = "staff/case.html")]
pub struct CasePage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// The case's row.
    pub row: QueueRow,
    /// Whether the report was opened.
    pub opened: bool,
    /// Report fields, in the form's order.
    pub fields: Vec<FieldRow>,
    /// Attachments.
    pub attachments: Vec<AttachmentRow>,
    /// Notes.
    pub notes: Vec<NoteView>,
    /// The conversation with the whistle-blower.
    pub conversation: Vec<MessageView>,
    /// Reply templates: each button puts its text into the message box, never sends it.
    pub templates: Vec<TemplateView>,
    /// What the message box holds when the page opens: a template's text to read and edit
    /// ("" for none).
    pub reply_draft: String,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// Assignment choices.
    pub assignees: Vec<Choice>,
    /// Colleagues to grant to.
    pub grantees: Vec<String>,
    /// Labels in use (suggestions).
    pub all_labels: Vec<String>,
    /// Day feedback was last given ("" for never).
    pub feedback_day: String,
    /// Day acknowledged ("" for not yet).
    pub acknowledged_day: String,
    /// Outcome of the last action ("" for none).
    pub flash: String,
    /// Whether that outcome is a setback (shown as an alert, not as a calm confirmation).
    pub flash_setback: bool,
    /// What the report names (web address, certificate number), to prefill a warning draft.
    pub warning_suggestion: String,
    /// How many other cases name that suggestion, said beside it ("" when none).
    pub publish_related: String,
    /// Related cases shown (newest first, capped).
    pub related: Vec<RelatedRow>,
    /// `(text, link)`: for each identifier linking this case to others, a queue search for
    /// every case naming it.
    pub related_links: Vec<(String, String)>,
    /// Whether publishing needs a second investigator.
    pub two_person_rule: bool,
    /// Whether to say if the sender can be texted (a case that came by phone, or has a number).
    pub show_texting: bool,
    /// Whether the sender can be texted (a sealed number is stored; never shown).
    pub textable: bool,
    /// Offer "also send by SMS": the sender can be texted and a gateway can send.
    pub offer_sms: bool,
    /// Offer the "publish a warning" form: a verified report this account can read (never a
    /// delisting request: that would prefill the very site asking to be removed).
    pub publishable: bool,
}

/// `GET /staff/dashboard`.
#[derive(Template)]
#[template(path = "staff/dashboard.html")]
pub struct DashboardPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// `(heading, svg)`.
    pub charts: Vec<(String, String)>,
    /// Total cases.
    pub total: i64,
}

/// An account as listed.
pub struct AccountRow {
    /// Name.
    pub name: String,
    /// Role, translated.
    pub role: String,
    /// State (disabled accounts are offered "enable").
    pub state: AccountState,
    /// State, translated.
    pub state_label: String,
    /// Day created.
    pub created: String,
    /// Public key fingerprint ("" while pending).
    pub key: String,
    /// The login throttle, translated ("" when clear).
    pub login: String,
    /// Whether the throttle is slowing this account's checks.
    pub throttled: bool,
}

/// `GET /staff/accounts`.
#[derive(Template)]
#[template(path = "staff/accounts.html")]
pub struct AccountsPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// Accounts.
    pub accounts: Vec<AccountRow>,
    /// Active colleagues (grant-all targets).
    pub colleagues: Vec<String>,
    /// A setup link just issued, shown once ("" for none).
    pub new_link: String,
    /// For whom the link is.
    pub new_link_for: String,
    /// Confirmation or problem of the last action ("" for none).
    pub flash: String,
    /// Whether it is a problem (an alert, not a calm confirmation).
    pub flash_refused: bool,
}

/// `GET /staff/templates`.
#[derive(Template)]
#[template(path = "staff/templates.html")]
pub struct TemplatesPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// The templates, in page order.
    pub templates: Vec<crate::store::TemplateRow>,
}

/// `GET /staff/audit`.
#[derive(Template)]
#[template(path = "staff/audit.html")]
pub struct AuditPage {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// The chain check's result, translated.
    pub chain: String,
    /// Whether the chain verified.
    pub chain_ok: bool,
    /// Entries, newest first.
    pub entries: Vec<crate::store::AuditRow>,
    /// Total entries.
    pub total: i64,
}
