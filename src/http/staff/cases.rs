//! The queue, a case, its actions, attachment downloads.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::StreamExt;

use crate::app::AppState;
use crate::domain::case::{CaseId, Status};
use crate::domain::document::ReportDoc;
use crate::domain::queue::{Alert, AssigneeFilter, Filter, QueueItem, Sort, counts_by_status};
use crate::domain::report::Category;
use crate::error::{AppError, ErrorKind};
use crate::http::pages::render;
use crate::i18n::{Lang, Tr};
use crate::services::workspace::{NoteFailure, WorkspaceError};

use super::pages::{
    AttachmentRow, CasePage, Choice, Chrome, FieldRow, NoteView, QueuePage, QueueRow,
};
use super::{Staff, see_other};

fn ws_error(lang: Lang, e: WorkspaceError) -> AppError {
    match e {
        WorkspaceError::NotFound => AppError::new(lang, ErrorKind::NotFound),
        WorkspaceError::NoAccess => AppError::new(lang, ErrorKind::NoAccess),
        WorkspaceError::Invalid => AppError::new(lang, ErrorKind::BadForm),
        WorkspaceError::Integrity(d) => AppError::new(lang, ErrorKind::Integrity(d)),
        other => AppError::internal(lang, other),
    }
}

/// A queue row, translated.
pub fn queue_row(t: Tr, item: &QueueItem, alerts: &[Alert]) -> QueueRow {
    let id = item.id.as_str().to_owned();
    QueueRow {
        short: id.chars().take(8).collect(),
        id,
        category: t.t(&format!("category-{}", item.category.slug())),
        status: item.status.as_str(),
        status_label: t.t(&format!("status-{}", item.status.as_str())),
        received: item.received_day.iso(),
        assignee: item
            .assignee
            .as_ref()
            .map(|(_, n)| n.clone())
            .unwrap_or_default(),
        labels: item.labels.clone(),
        alerts: alerts
            .iter()
            .map(|a| match a {
                Alert::AckOverdue => (t.t("deadline-ack-overdue"), true),
                Alert::FeedbackOverdue => (t.t("deadline-feedback-overdue"), true),
                Alert::AckDue(d) => (t.t1("deadline-ack-due", "day", &d.to_string()), false),
                Alert::FeedbackDue(d) => {
                    (t.t1("deadline-feedback-due", "day", &d.to_string()), false)
                }
            })
            .collect(),
        readable: item.readable,
    }
}

fn choices<I: IntoIterator<Item = (String, String)>>(
    items: I,
    current: &str,
    any: Option<String>,
) -> Vec<Choice> {
    any.map(|label| Choice {
        value: String::new(),
        label,
        selected: current.is_empty(),
    })
    .into_iter()
    .chain(items.into_iter().map(|(value, label)| Choice {
        selected: value == current,
        value,
        label,
    }))
    .collect()
}

fn status_choices(t: Tr, current: &str, any: bool) -> Vec<Choice> {
    choices(
        Status::ALL.iter().map(|s| {
            (
                s.as_str().to_owned(),
                t.t(&format!("status-{}", s.as_str())),
            )
        }),
        current,
        any.then(|| t.t("filter-any")),
    )
}

/// `GET /staff`: the queue.
pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let me = &staff.session.account;
    let filter = Filter {
        status: Status::parse(get("status")),
        category: Category::parse(get("category")),
        label: Some(get("label").to_owned()).filter(|l| !l.is_empty()),
        assignee: match get("assignee") {
            "" => None,
            "nobody" => Some(AssigneeFilter::Nobody),
            "me" => Some(AssigneeFilter::Account(me.id.clone())),
            other => Some(AssigneeFilter::Account(other.to_owned())),
        },
        attention: get("attention") == "1",
    };
    let sort = Sort::parse(get("sort")).unwrap_or_default();
    let ws = &state.staff.workspace;
    let (items, all) = ws
        .queue(&staff.session, &filter, sort)
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let deadlines = ws.deadlines();
    let today = ws.today();
    let rows = items
        .iter()
        .map(|i| queue_row(t, i, &deadlines.alerts(i, today)))
        .collect();
    let labels = ws.labels().await.map_err(|e| AppError::internal(lang, e))?;
    let colleagues = ws
        .colleagues()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let page = QueuePage {
        t,
        here: "/staff".to_owned(),
        chrome: Chrome::new(&staff.session, "queue"),
        intake_closed: !state.intake.is_open(),
        counts: counts_by_status(&all)
            .into_iter()
            .map(|(s, n)| (s.as_str(), t.t(&format!("status-{}", s.as_str())), n))
            .collect(),
        statuses: status_choices(t, get("status"), true),
        categories: choices(
            Category::ALL
                .iter()
                .map(|c| (c.slug().to_owned(), t.t(&format!("category-{}", c.slug())))),
            get("category"),
            Some(t.t("filter-any")),
        ),
        labels: choices(
            labels.into_iter().map(|l| (l.clone(), l)),
            get("label"),
            Some(t.t("filter-any")),
        ),
        assignees: choices(
            [
                ("me".to_owned(), t.t("filter-me")),
                ("nobody".to_owned(), t.t("filter-nobody")),
            ]
            .into_iter()
            .chain(colleagues.into_iter().map(|a| (a.id, a.name))),
            get("assignee"),
            Some(t.t("filter-any")),
        ),
        sorts: choices(
            [Sort::Deadline, Sort::Newest, Sort::Oldest]
                .iter()
                .map(|s| (s.as_str().to_owned(), t.t(&format!("sort-{}", s.as_str())))),
            Sort::parse(get("sort")).unwrap_or_default().as_str(),
            None,
        ),
        attention: filter.attention,
        total: all.len(),
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

fn parse_case(lang: Lang, id: &str) -> Result<CaseId, AppError> {
    CaseId::parse(id).ok_or_else(|| AppError::new(lang, ErrorKind::NotFound))
}

/// `GET /staff/case/{id}`: the case, decrypted if this account holds its key.
pub async fn case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let id = parse_case(lang, &id)?;
    let ws = &state.staff.workspace;
    let (opened, item) = match ws.open(&staff.session, &id).await {
        Ok(o) => {
            let item = o.item.clone();
            (Some(o), item)
        }
        Err(WorkspaceError::NoAccess) => {
            let item = ws
                .triage(&staff.session, &id)
                .await
                .map_err(|e| ws_error(lang, e))?;
            (None, item)
        }
        Err(e) => return Err(ws_error(lang, e)),
    };
    let (fields, attachments, notes) = match &opened {
        Some(o) => (
            report_fields(t, item.category, &o.report),
            attachment_rows(&o.report),
            o.notes
                .iter()
                .map(|n| match n {
                    Ok(n) => NoteView {
                        author: n.author().to_owned(),
                        day: n.day().to_owned(),
                        text: n.text().to_owned(),
                    },
                    Err(why) => NoteView {
                        author: String::new(),
                        day: String::new(),
                        text: t.t(match why {
                            NoteFailure::Integrity => "case-note-forged",
                            NoteFailure::Unreadable => "case-note-unreadable",
                        }),
                    },
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let colleagues = ws
        .colleagues()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let me = staff.session.account.name.clone();
    let current_assignee = item
        .assignee
        .as_ref()
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let flash = q
        .get("done")
        .map(|d| t.opt(&format!("case-done-{d}")))
        .unwrap_or_default();
    let deadlines = ws.deadlines();
    let row = queue_row(t, &item, &deadlines.alerts(&item, ws.today()));
    let page = CasePage {
        t,
        here: format!("/staff/case/{}", id.as_str()),
        chrome: Chrome::new(&staff.session, "queue"),
        opened: opened.is_some(),
        fields,
        attachments,
        notes,
        statuses: status_choices(t, item.status.as_str(), false),
        assignees: choices(
            colleagues.iter().map(|a| (a.name.clone(), a.name.clone())),
            &current_assignee,
            Some(t.t("case-nobody")),
        ),
        grantees: colleagues
            .iter()
            .filter(|a| a.name != me)
            .map(|a| a.name.clone())
            .collect(),
        all_labels: ws.labels().await.map_err(|e| AppError::internal(lang, e))?,
        feedback_day: item.feedback_day.map(|d| d.iso()).unwrap_or_default(),
        acknowledged_day: item.acknowledged_day.map(|d| d.iso()).unwrap_or_default(),
        flash,
        warning_suggestion: opened
            .as_ref()
            .and_then(|o| warning_suggestion(&o.report))
            .unwrap_or_default(),
        two_person_rule: state.warnings.two_person_rule(),
        publishable: opened.is_some()
            && item.status == Status::Verified
            && item.category != Category::DelistingRequest,
        row,
    };
    Ok(render(StatusCode::OK, &page))
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

fn attachment_rows(doc: &ReportDoc) -> Vec<AttachmentRow> {
    doc.attachments()
        .iter()
        .map(|f| AttachmentRow {
            file: f.file.clone(),
            name: f.name.clone(),
            mime: f.mime.clone(),
            size: f.size.to_string(),
            cleaned: f.metadata_removed,
            note: f.note.clone().unwrap_or_default(),
        })
        .collect()
}

/// `POST /staff/case/{id}`: one action, named by the `action` field.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = parse_case(lang, &id)?;
    let form = staff.form(&headers, body).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let ws = &state.staff.workspace;
    let s = &staff.session;
    let action = get("action");
    let result = match action {
        "status" => match Status::parse(get("status")) {
            Some(status) => ws.set_status(s, &id, status).await,
            None => Err(WorkspaceError::Invalid),
        },
        "assign" => {
            let to = Some(get("assignee")).filter(|a| !a.is_empty());
            ws.assign(s, &id, to).await
        }
        "label-add" => ws.label(s, &id, get("label"), true).await,
        "label-remove" => ws.label(s, &id, get("label"), false).await,
        "note" => ws.add_note(s, &id, get("note")).await,
        "grant" => ws.grant(s, &id, get("to")).await,
        "feedback" => ws.record_feedback(s, &id).await,
        _ => Err(WorkspaceError::Invalid),
    };
    result.map_err(|e| ws_error(lang, e))?;
    Ok(see_other(&format!(
        "/staff/case/{}?lang={}&done={action}",
        id.as_str(),
        lang.code()
    )))
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
