//! The queue, a case, its actions, attachment downloads.
//!
//! Handlers read the request, ask the workspace, and hand what it answered to the page models
//! in `model`, which build the pages.

mod model;

use std::str::FromStr;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::domain::account::{AccountId, AccountName};
use crate::domain::case::{CaseId, Channel, Status};
use crate::domain::document::ReportDoc;
use crate::domain::names::UnknownName;
use crate::domain::queue::{AssigneeFilter, DeadlineFilter, Filter, Sort};
use crate::domain::report::Category;
use crate::domain::sms::reply::QuestionSms;
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::pages::render;
use crate::http::phone_text;
use crate::http::query::{TypedQuery, blank_is_none, checkbox};
use crate::i18n::{Lang, Tr};
use crate::services::accounts::Session;
use crate::services::workspace::WorkspaceError;
use crate::store::SmsState;

use super::actions::CaseForm;
use super::pages::{AttachmentRow, Chrome, FieldRow};
use super::{Staff, see_other};
use model::{CaseFacts, QueueFacts};

fn ws_error(lang: Lang, e: WorkspaceError) -> AppError {
    match e {
        WorkspaceError::NotFound => AppError::new(lang, ErrorKind::NotFound),
        WorkspaceError::NoAccess => AppError::new(lang, ErrorKind::NoAccess),
        WorkspaceError::Invalid => AppError::new(lang, ErrorKind::BadForm),
        WorkspaceError::Integrity(d) => AppError::new(lang, ErrorKind::Integrity(d)),
        other => AppError::internal(lang, other),
    }
}

/// The queue's filters and order, as the filter form sends them. An empty value is the
/// form's "any"; a value that is no status, category, order… gets the bad-query page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    /// Only cases in this status.
    #[serde(deserialize_with = "blank_is_none")]
    pub status: Option<Status>,
    /// Only cases of this category.
    #[serde(deserialize_with = "blank_is_none")]
    pub category: Option<Category>,
    /// Only cases that came in so (web, SMS, USSD).
    #[serde(deserialize_with = "blank_is_none")]
    pub channel: Option<Channel>,
    /// Only cases with this label.
    #[serde(deserialize_with = "blank_is_none")]
    pub label: Option<String>,
    /// Only cases assigned so.
    #[serde(deserialize_with = "blank_is_none")]
    pub assignee: Option<AssigneeParam>,
    /// Only cases past or near a deadline.
    #[serde(deserialize_with = "checkbox")]
    pub attention: bool,
    /// Order (deadline first when absent).
    #[serde(deserialize_with = "blank_is_none")]
    pub sort: Option<Sort>,
    /// Only cases with an answer nobody has read.
    #[serde(deserialize_with = "checkbox")]
    pub unread: bool,
    /// Only cases past a deadline, or due within a week.
    #[serde(deserialize_with = "blank_is_none")]
    pub deadline: Option<DeadlineFilter>,
    /// The queue, or the "possible spam" view (`spam`).
    #[serde(deserialize_with = "blank_is_none")]
    pub view: Option<QueueView>,
    /// A search by identifier (domain, web or e-mail address, certificate or phone number),
    /// answered from the session's in-memory index; the other filters still apply.
    #[serde(deserialize_with = "blank_is_none")]
    pub q: Option<String>,
    /// Page, from 1.
    #[serde(deserialize_with = "blank_is_none")]
    pub page: Option<u32>,
    /// After bulk actions: cases changed.
    #[serde(deserialize_with = "blank_is_none")]
    pub changed: Option<u32>,
    /// After bulk actions: cases this account may not change.
    #[serde(deserialize_with = "blank_is_none")]
    pub refused: Option<u32>,
}

/// Which list the queue page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueView {
    /// The queue.
    #[default]
    Queue,
    /// Reports filed as possible spam.
    Spam,
}

impl QueueView {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queue => "queue",
            Self::Spam => "spam",
        }
    }
}

impl FromStr for QueueView {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        [Self::Queue, Self::Spam]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownName::new("view", s))
    }
}

impl QueueQuery {
    /// The queue filter this asks for, on behalf of account `me` (for "mine").
    fn filter(&self, me: &AccountId) -> Filter {
        Filter {
            status: self.status,
            category: self.category,
            channel: self.channel,
            label: self.label.clone(),
            assignee: self.assignee.as_ref().map(|a| match a {
                AssigneeParam::Nobody => AssigneeFilter::Nobody,
                AssigneeParam::Me => AssigneeFilter::Account(me.clone()),
                AssigneeParam::Account(id) => AssigneeFilter::Account(id.clone()),
            }),
            attention: self.attention,
            unread: self.unread,
            deadline: self.deadline,
            spam: self.view == Some(QueueView::Spam),
            only: None,
        }
    }

    /// This query as a query string (filters, order, view) for page `page`, for links.
    pub fn link(&self, lang: Lang, page: u32) -> String {
        let enc = |v: &str| {
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let mut out = format!("/staff?lang={}", lang.code());
        let mut add = |k: &str, v: &str| {
            out.push_str(&format!("&{k}={}", enc(v)));
        };
        if let Some(v) = self.view.filter(|v| *v == QueueView::Spam) {
            add("view", v.as_str());
        }
        if let Some(s) = self.status {
            add("status", s.as_str());
        }
        if let Some(c) = self.category {
            add("category", c.slug());
        }
        if let Some(c) = self.channel {
            add("channel", c.as_str());
        }
        if let Some(l) = &self.label {
            add("label", l);
        }
        if let Some(a) = &self.assignee {
            add("assignee", a.as_str());
        }
        if self.attention {
            add("attention", "1");
        }
        if self.unread {
            add("unread", "1");
        }
        if let Some(d) = self.deadline {
            add("deadline", d.as_str());
        }
        if let Some(s) = self.sort {
            add("sort", s.as_str());
        }
        if let Some(q) = &self.q {
            add("q", q);
        }
        if page > 1 {
            add("page", &page.to_string());
        }
        out
    }
}

/// The queue's assignee filter: `me`, `nobody`, or an account id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeParam {
    /// The viewer's cases (`me`).
    Me,
    /// Unassigned cases (`nobody`).
    Nobody,
    /// One colleague's cases, by account id.
    Account(AccountId),
}

impl AssigneeParam {
    /// The query value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Me => "me",
            Self::Nobody => "nobody",
            Self::Account(id) => id.as_str(),
        }
    }
}

impl FromStr for AssigneeParam {
    type Err = UnknownName;

    /// `me`, `nobody`, or an account id; anything else gets the bad-query page, like any other
    /// filter value that names nothing.
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        match s {
            "me" => Ok(Self::Me),
            "nobody" => Ok(Self::Nobody),
            id => AccountId::parse(id)
                .map(Self::Account)
                .ok_or_else(|| UnknownName::new("assignee", s)),
        }
    }
}

/// `GET /staff`: the queue.
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    TypedQuery(q): TypedQuery<QueueQuery>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let facts = queue_facts(&state, &staff.session, &q)
        .await
        .map_err(|e| ws_error(lang, e))?;
    let chrome = Chrome::new(&staff.session, "queue");
    let page = model::queue_page(Tr::new(lang), chrome, &q, facts);
    Ok(render(StatusCode::OK, &page))
}

async fn queue_facts(
    state: &AppState,
    session: &Session,
    q: &QueueQuery,
) -> Result<QueueFacts, WorkspaceError> {
    let ws = &state.staff.workspace;
    let mut filter = q.filter(&session.account.id);
    let search = match q.q.as_deref() {
        Some(term) => {
            let hits = ws.search(session, term).await?;
            Some(hits.map(|h| {
                filter.only = Some(h.cases);
                h.identifier
            }))
        }
        None => None,
    };
    let page = q.page.unwrap_or(1).max(1);
    let (rows, counts) = ws
        .queue_page(session, &filter, q.sort.unwrap_or_default(), page)
        .await?;
    Ok(QueueFacts {
        items: rows.items,
        matching: rows.matching,
        more: rows.more,
        page,
        counts,
        deadlines: ws.deadlines(),
        today: ws.today(),
        labels: ws.labels().await?,
        colleagues: ws.colleagues().await?,
        intake_open: state.intake.is_open(),
        search,
    })
}

/// What the bulk form on the queue page asks for, for every ticked case (read by its name,
/// as [`FromStr`] gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum BulkAction {
    /// File as possible spam.
    Spam,
    /// Move back from possible spam to the queue.
    NotSpam,
    /// Assign to a colleague (`assignee` field; empty for nobody).
    Assign,
    /// Close.
    Close,
}

impl BulkAction {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::NotSpam => "not-spam",
            Self::Assign => "assign",
            Self::Close => "close",
        }
    }
}

impl FromStr for BulkAction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        [Self::Spam, Self::NotSpam, Self::Assign, Self::Close]
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownName::new("bulk action", s))
    }
}

impl TryFrom<String> for BulkAction {
    type Error = UnknownName;

    fn try_from(s: String) -> Result<Self, UnknownName> {
        s.parse()
    }
}

/// `POST /staff/bulk`, besides the ticked cases (`case`, repeated).
#[derive(Debug, Deserialize)]
struct BulkForm {
    action: BulkAction,
    /// For [`BulkAction::Assign`]: a colleague's name, empty for nobody.
    #[serde(default)]
    assignee: String,
    /// The queue link the form was on.
    #[serde(default)]
    back: String,
}

/// Most cases one bulk form may change: a page.
const BULK_MAX: usize = 50;

/// `POST /staff/bulk`: one action on the ticked cases of a queue page (`case`, repeated),
/// each changed (and audited) on its own, and only if this account may change it; then back
/// to the page (`back`, a queue link) with how many were changed and refused.
pub async fn bulk(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let bad = || AppError::new(lang, ErrorKind::BadForm);
    let (form, cases): (BulkForm, _) = staff.form_and_list(&headers, body, "case").await?;
    let action = form.action;
    let ids = cases
        .iter()
        .map(|v| CaseId::parse(v).ok_or_else(bad))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > BULK_MAX {
        return Err(bad());
    }
    let assignee = match (action, form.assignee.as_str()) {
        (BulkAction::Assign, "") => None,
        (BulkAction::Assign, name) => Some(AccountName::parse(name).ok_or_else(bad)?),
        _ => None,
    };
    let ws = &state.staff.workspace;
    let s = &staff.session;
    let (mut changed, mut refused) = (0u32, 0u32);
    for id in &ids {
        let result = match action {
            BulkAction::Spam => ws.set_possible_spam(s, id, true).await,
            BulkAction::NotSpam => ws.set_possible_spam(s, id, false).await,
            BulkAction::Assign => ws.assign(s, id, assignee.as_ref()).await,
            BulkAction::Close => ws.set_status(s, id, Status::Closed).await,
        };
        match result {
            Ok(()) => changed += 1,
            Err(WorkspaceError::NoAccess | WorkspaceError::NotFound) => refused += 1,
            Err(e) => return Err(ws_error(lang, e)),
        }
    }
    // Back to the page the form was on: only a queue link is followed.
    let back = form.back;
    let back = if back.starts_with("/staff?") && !back.contains(['\r', '\n']) {
        back.to_owned()
    } else {
        format!("/staff?lang={}", lang.code())
    };
    Ok(see_other(&format!(
        "{back}&changed={changed}&refused={refused}"
    )))
}

fn parse_case(lang: Lang, id: &str) -> Result<CaseId, AppError> {
    CaseId::parse(id).ok_or_else(|| AppError::new(lang, ErrorKind::NotFound))
}

/// The case page's query: the outcome of the action that redirected here, if any.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CaseQuery {
    /// What was just done.
    #[serde(deserialize_with = "blank_is_none")]
    pub done: Option<Done>,
    /// A reply template whose text the message box is to hold (a `GET` from the template's
    /// button: with JavaScript off the page comes back with the box filled, and nothing is
    /// sent until the investigator has read it and pressed send).
    pub template: String,
    /// The template's language, `en` or `fr`.
    pub tl: String,
}

/// The `done=` codes that say something was refused or only partly done: shown as an alert,
/// where every other outcome is a calm confirmation.
const SETBACKS: &[&str] = &[
    "reply-sms-failed",
    "reply-sms-none",
    "reply-sms-forged",
    "warning-not-found",
    "warning-not-verified",
    "warning-bad-target",
    "warning-bad-reason",
    "warning-official",
    "warning-same-person",
    "warning-not-drafter",
    "warning-no-access",
    "warning-too-long",
    "warning-conflict",
    "warning-failed",
];

/// Whether `done=` code `code` is a setback (see [`SETBACKS`]).
pub(crate) fn is_setback(code: &str) -> bool {
    SETBACKS.contains(&code)
}

/// The `done=` code of a redirect to the case page: a [`CaseAction`] name, or a warnings
/// outcome such as `warning-drafted`. It only picks a `case-done-…` message (a well-formed
/// code without one shows none), so it is checked for form, not against a list that lives
/// with each kind of action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done(String);

impl Done {
    /// The message shown for it.
    fn message_key(&self) -> String {
        format!("case-done-{}", self.0)
    }

    /// Whether it tells of a setback rather than a success.
    fn is_setback(&self) -> bool {
        is_setback(&self.0)
    }
}

impl FromStr for Done {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, UnknownName> {
        let well_formed =
            (1..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if well_formed {
            Ok(Self(s.to_owned()))
        } else {
            Err(UnknownName::new("outcome", s))
        }
    }
}

/// `GET /staff/case/{id}`: the case, decrypted if this account holds its key.
pub async fn case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    TypedQuery(q): TypedQuery<CaseQuery>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = parse_case(lang, &id)?;
    let facts = case_facts(&state, &staff.session, &id)
        .await
        .map_err(|e| ws_error(lang, e))?;
    let chrome = Chrome::new(&staff.session, "queue");
    let fill = (!q.template.is_empty()).then_some((q.template.as_str(), q.tl.as_str()));
    let page = model::case_page(Tr::new(lang), chrome, facts, q.done.as_ref(), fill);
    Ok(render(StatusCode::OK, &page))
}

/// The case, opened if this account holds its key (audited as a view), else its triage fields
/// only; and what the page offers around it.
async fn case_facts(
    state: &AppState,
    session: &Session,
    id: &CaseId,
) -> Result<CaseFacts, WorkspaceError> {
    let ws = &state.staff.workspace;
    let (item, opened) = match ws.open(session, id).await {
        Ok(o) => (o.item.clone(), Some(o)),
        Err(WorkspaceError::NoAccess) => (ws.triage(session, id).await?, None),
        Err(e) => return Err(e),
    };
    let (related, publish_related) = match &opened {
        Some(o) => {
            let related = ws.related(session, id).await?;
            let suggested = warning_suggestion(&o.report)
                .and_then(|s| crate::domain::identifiers::Identifier::parse_query(&s));
            let publish = match suggested {
                Some(s) => Some((s.clone(), ws.naming_count(session, id, &s).await?)),
                None => None,
            };
            (Some(related), publish)
        }
        None => (None, None),
    };
    Ok(CaseFacts {
        related,
        publish_related,
        alerts: ws.deadlines().alerts(&item, ws.today()),
        colleagues: ws.colleagues().await?,
        labels: ws.labels().await?,
        two_person_rule: state.warnings.two_person_rule(),
        templates: ws.templates().await?,
        textable: ws.can_text(id).await?,
        gateway_sends: state.phone.as_ref().is_some_and(|g| g.texting.is_some()),
        item,
        opened,
    })
}

/// What a report names that could be published: the reported site reduced to its domain (the
/// path or query of a link sent to one victim must not be published), or the certificate number.
fn warning_suggestion(report: &ReportDoc) -> Option<String> {
    let fields = report.fields();
    if let Some(address) = fields.get("web_address") {
        return crate::domain::warnings::DomainName::parse(address)
            .ok()
            .map(|d| d.to_string());
    }
    fields.get("certificate_number").map(str::to_owned)
}

/// The report's fields in the order of the category's form, with their labels; fields the
/// form no longer has are listed after, under their stored names.
fn report_fields(t: Tr, category: Category, doc: &ReportDoc) -> Vec<FieldRow> {
    let stored = doc.fields();
    let mut out = Vec::new();
    for spec in category.fields() {
        if let Some(v) = stored.get(spec.name) {
            let value = match spec.kind {
                crate::domain::report::FieldKind::Choice(_) => {
                    let prefix = match spec.name {
                        "issuer_state" => "state",
                        "when_month" => "month",
                        _ => "mineral",
                    };
                    let label = t.opt(&format!("{prefix}-{v}"));
                    if label.is_empty() {
                        v.to_owned()
                    } else {
                        label
                    }
                }
                _ => v.to_owned(),
            };
            out.push(FieldRow {
                label: t.t(&format!("field-{}", spec.name)),
                value,
            });
        }
    }
    for (k, v) in stored.iter() {
        if !category.fields().iter().any(|f| f.name == k) {
            out.push(FieldRow {
                label: k.to_owned(),
                value: v.to_owned(),
            });
        }
    }
    out
}

fn attachment_rows(files: &[crate::domain::document::AttachmentInfo]) -> Vec<AttachmentRow> {
    files
        .iter()
        .map(|f| AttachmentRow {
            file: f.file.clone(),
            // Reports sealed before names were cleaned of bidirectional controls are cleaned
            // as they are shown.
            name: crate::crypto::attachment::safe_name(&f.name),
            mime: f.mime.clone(),
            size: f.size.to_string(),
            cleaned: f.metadata_removed,
            note: f.note.clone().unwrap_or_default(),
            has_preview: f.preview.is_some(),
            preview_width: f.preview.as_ref().map_or(0, |p| p.width),
            preview_height: f.preview.as_ref().map_or(0, |p| p.height),
        })
        .collect()
}

/// `POST /staff/case/{id}`: one action, read as a [`CaseForm`] (an `action` that is no
/// [`CaseAction`] gets the bad-form page).
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = parse_case(lang, &id)?;
    let form: CaseForm = staff.form(&headers, body).await?;
    let action = form.action();
    let ws = &state.staff.workspace;
    let s = &staff.session;
    // What the page says after it: the action's own message, or what became of the SMS.
    let mut done = action.as_str();
    let result = match form {
        CaseForm::Status { status } => match status.parse() {
            Ok(status) => ws.set_status(s, &id, status).await,
            Err(_) => Err(WorkspaceError::Invalid),
        },
        CaseForm::Assign { assignee } => match assignee.as_str() {
            "" => ws.assign(s, &id, None).await,
            to => match AccountName::parse(to) {
                Some(to) => ws.assign(s, &id, Some(&to)).await,
                None => Err(WorkspaceError::Invalid),
            },
        },
        CaseForm::LabelAdd { label } => ws.label(s, &id, &label, true).await,
        CaseForm::LabelRemove { label } => ws.label(s, &id, &label, false).await,
        CaseForm::Note { note } => ws.add_note(s, &id, &note).await,
        CaseForm::Grant { to } => match AccountName::parse(&to) {
            Some(to) => ws.grant(s, &id, &to).await,
            None => Err(WorkspaceError::Invalid),
        },
        CaseForm::Feedback {} => ws.record_feedback(s, &id).await,
        CaseForm::Spam {} => ws.set_possible_spam(s, &id, true).await,
        CaseForm::NotSpam {} => ws.set_possible_spam(s, &id, false).await,
        CaseForm::Reply { message, sms } => reply(&state, s, &id, &message, sms)
            .await
            .map(|d| done = d.unwrap_or(done)),
        CaseForm::ReplyTemplate { template, tl, sms } => {
            match template_text(ws, &template, &tl).await {
                Ok(text) => reply(&state, s, &id, &text, sms)
                    .await
                    .map(|d| done = d.unwrap_or(done)),
                Err(e) => Err(e),
            }
        }
    };
    result.map_err(|e| ws_error(lang, e))?;
    Ok(see_other(&format!(
        "/staff/case/{}?lang={}&done={done}",
        id.as_str(),
        lang.code()
    )))
}

/// Sends a message to the whistle-blower and, when `sms` is ticked and a gateway can send,
/// texts it to the sender's phone too. The message is stored first: whatever happens to the
/// SMS (refused, unreachable, no number any more, a number that fails its check) never undoes
/// it. Returns the `done=` code that says what became of the SMS, if one was asked for.
async fn reply(
    state: &AppState,
    session: &Session,
    id: &CaseId,
    text: &str,
    sms: bool,
) -> Result<Option<&'static str>, WorkspaceError> {
    let ws = &state.staff.workspace;
    let seq = ws.reply(session, id, text).await?;
    let texting = state.phone.as_deref().and_then(|g| g.texting.as_ref());
    let (true, Some(texting)) = (sms, texting) else {
        return Ok(None);
    };
    let wording = |lang, text: &str| phone_text::question(&QuestionSms { text }, lang);
    let done = match ws
        .text_question(session, id, seq, text, texting, wording)
        .await
    {
        Ok(SmsState::Sent) => "reply-sms-sent",
        Ok(SmsState::Failed) => "reply-sms-failed",
        Err(WorkspaceError::NotFound) => "reply-sms-none",
        // Audited where it was found; the message itself is stored and readable.
        Err(WorkspaceError::Integrity(_)) => "reply-sms-forged",
        Err(e) => return Err(e),
    };
    Ok(Some(done))
}

/// The text of reply template `id` in language `tl` (`en` or `fr`).
async fn template_text(
    ws: &crate::services::workspace::Workspace,
    id: &str,
    tl: &str,
) -> Result<String, WorkspaceError> {
    let t = ws
        .templates()
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(WorkspaceError::Invalid)?;
    match tl {
        "en" => Ok(t.body_en),
        "fr" => Ok(t.body_fr),
        _ => Err(WorkspaceError::Invalid),
    }
}

/// `GET /staff/case/{id}/files/{file}`: an attachment, decrypted on the fly, always as a
/// download (`application/octet-stream`, `Content-Disposition: attachment`), never inline.
pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = parse_case(lang, &id)?;
    let dl = state
        .staff
        .workspace
        .download(&staff.session, &id, &file)
        .await
        .map_err(|e| ws_error(lang, e))?;
    let stream = tokio_stream_from(dl.chunks);
    let mut res = Response::new(Body::from_stream(stream));
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&dl.name)) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// `GET /staff/case/{id}/files/{file}/preview`: the safe preview of an attachment, a small
/// PNG drawn by the cleaning worker from its pixels, shown inline on the case page. Access
/// is checked as for the download; never cached.
pub async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = parse_case(lang, &id)?;
    let mut png = state
        .staff
        .workspace
        .preview(&staff.session, &id, &file)
        .await
        .map_err(|e| ws_error(lang, e))?;
    let mut res = Response::new(Body::from(std::mem::take(&mut *png)));
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("image/png"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)).boxed()
}

/// Everything RFC 5987 `attr-char` does not allow, percent-encoded.
const ATTR_CHAR_COMPLEMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, ATTR_CHAR_COMPLEMENT).to_string();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
