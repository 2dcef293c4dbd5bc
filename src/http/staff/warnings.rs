//! Publishing warnings: drafting from a verified case, approving or discarding drafts,
//! withdrawing entries. Every outcome comes back as a redirect with a `done=` code that the
//! next page shows in the investigator's language.
//!
//! Query strings and form fields are read into typed structs; one that does not fit (an unknown
//! action or kind, a repeated parameter) gets the site's own error page in the investigator's
//! language, never the framework's plain-text 400.

use std::collections::HashMap;

use askama::Template;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde::de::Deserializer;

use crate::domain::account::{AccountId, AccountName};
use crate::domain::case::CaseId;
use crate::domain::warnings::{EntryKind, Target, iso_day};
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::pages::render;
use crate::http::warnings::{EntryView, kind_message};
use crate::i18n::{Lang, Tr};
use crate::services::warnings::{Drafted, WarningsError};

use super::pages::Chrome;
use super::{Staff, see_other};

/// A draft, for display.
pub struct DraftView {
    /// Draft id (form value).
    pub id: String,
    /// Domain or certificate number, as people read it.
    pub target: String,
    /// Website or certificate number.
    pub kind: EntryKind,
    /// The kind in words, in the page language.
    pub kind_label: String,
    /// Public reason, English.
    pub reason_en: String,
    /// Public reason, French.
    pub reason_fr: String,
    /// The case behind it.
    pub case_id: String,
    /// Who drafted it.
    pub drafted_by: String,
    /// When.
    pub drafted_day: String,
    /// Drafted by the viewer (who may not approve it under the two-person rule).
    pub mine: bool,
    /// The viewer may discard it: its drafter, or an administrator.
    pub may_discard: bool,
}

/// `GET /staff/warnings`.
#[derive(Template)]
#[template(path = "staff/warnings.html")]
pub struct StaffWarningsPage<'a> {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// Navigation.
    pub chrome: Chrome,
    /// Outcome of the last action ("" for none).
    pub flash: String,
    /// Whether that outcome is a setback (an alert, not a calm confirmation).
    pub flash_setback: bool,
    /// Whether approval by a second investigator is required.
    pub two_person_rule: bool,
    /// Waiting drafts.
    pub drafts: Vec<DraftView>,
    /// Published entries.
    pub entries: Vec<EntryView<'a>>,
    /// Stored entries kept off the public list, each with the official domain (as people
    /// read it) it would block.
    pub suppressed: Vec<(EntryView<'a>, String)>,
    /// How many there are, in words ("" when none).
    pub suppressed_note: String,
}

/// `GET /staff/warnings?done=…`: the outcome of the last action, from `outcome`'s redirect.
/// Missing means no message; other parameters (`lang`, read by the language extractor) are
/// ignored.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The `done=` code.
    #[serde(default)]
    done: Option<String>,
}

/// `POST /staff/case/{id}/warning`.
#[derive(Debug, Deserialize)]
struct DraftForm {
    /// The investigator's choice; empty lets the shape of the target decide.
    #[serde(default, deserialize_with = "kind_choice")]
    kind: Option<EntryKind>,
    #[serde(default)]
    target: String,
    #[serde(default)]
    reason_en: String,
    #[serde(default)]
    reason_fr: String,
}

/// `POST /staff/warnings`, by its `action` field.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
enum ActForm {
    /// Publish a draft.
    Approve {
        #[serde(default)]
        draft: String,
    },
    /// Delete a draft unpublished.
    Discard {
        #[serde(default)]
        draft: String,
    },
    /// Take an entry off the list. `entry` stays text: a value that is not an entry number
    /// names no entry, and gets the "no longer exists" outcome like any other.
    Withdraw {
        #[serde(default)]
        entry: String,
        #[serde(default)]
        reason_en: String,
        #[serde(default)]
        reason_fr: String,
    },
}

/// `""` → no choice; otherwise a kind's stable name, or the form is refused (the select only
/// offers those, so anything else is not a form this site made).
fn kind_choice<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EntryKind>, D::Error> {
    let name = String::deserialize(d)?;
    if name.is_empty() {
        return Ok(None);
    }
    name.parse().map(Some).map_err(serde::de::Error::custom)
}

/// The `done=` code of an outcome.
fn code(result: &Result<&'static str, WarningsError>) -> &'static str {
    match result {
        Ok(done) => done,
        Err(WarningsError::NotFound) => "warning-not-found",
        Err(WarningsError::NotVerified) => "warning-not-verified",
        Err(WarningsError::Target(_)) => "warning-bad-target",
        Err(WarningsError::Reason(_)) => "warning-bad-reason",
        Err(WarningsError::Official) => "warning-official",
        Err(WarningsError::SamePerson) => "warning-same-person",
        Err(WarningsError::NotDrafter) => "warning-not-drafter",
        Err(WarningsError::NoAccess) => "warning-no-access",
        Err(WarningsError::NameTooLong) => "warning-too-long",
        Err(WarningsError::Conflict(_)) => "warning-conflict",
        Err(_) => "warning-failed",
    }
}

/// Logs unexpected failures; returns the redirect for any outcome.
fn outcome(lang: Lang, to: &str, result: Result<&'static str, WarningsError>) -> Response {
    if let Err(e @ (WarningsError::Store(_) | WarningsError::Signing(_) | WarningsError::Rng(_))) =
        &result
    {
        tracing::error!(error = %e, "publishing action failed");
    }
    let sep = if to.contains('?') { '&' } else { '?' };
    see_other(&format!(
        "{to}{sep}lang={}&done={}",
        lang.code(),
        code(&result)
    ))
}

/// `POST /staff/case/{id}/warning`: draft (or, without the two-person rule, publish) a
/// warning from a verified case.
pub async fn draft(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let id = CaseId::parse(&id).ok_or_else(|| AppError::new(lang, ErrorKind::NotFound))?;
    let form: DraftForm = staff.form(&headers, body).await?;
    let result = state
        .warnings
        .draft(
            &staff.session,
            &id,
            form.kind,
            &form.target,
            &form.reason_en,
            &form.reason_fr,
        )
        .await
        .map(|d| match d {
            Drafted::Pending => "warning-drafted",
            Drafted::Published => "warning-published",
        });
    Ok(outcome(
        lang,
        &format!("/staff/case/{}", id.as_str()),
        result,
    ))
}

/// `GET /staff/warnings`: drafts waiting for approval and the published list.
pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let Query(q) = query.map_err(|_| AppError::new(lang, ErrorKind::BadForm))?;
    let t = Tr::new(lang);
    let w = &state.warnings;
    let names: HashMap<AccountId, AccountName> = state
        .staff
        .accounts
        .list()
        .await
        .map_err(|e| AppError::internal(lang, e))?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let drafts = w
        .drafts()
        .await
        .map_err(|e| AppError::internal(lang, e))?
        .into_iter()
        .map(|d| DraftView {
            target: match &d.target {
                Target::Domain(x) => x.unicode().into_owned(),
                Target::Certificate(c) => c.as_str().to_owned(),
            },
            kind: EntryKind::of(&d.target),
            kind_label: t.t(kind_message(EntryKind::of(&d.target))),
            reason_en: d.reason.en().to_owned(),
            reason_fr: d.reason.fr().to_owned(),
            case_id: d.case_id.as_str().to_owned(),
            drafted_by: names
                .get(&d.drafted_by)
                .map(AccountName::to_string)
                .unwrap_or_default(),
            drafted_day: iso_day(d.drafted_day),
            mine: d.drafted_by == staff.session.account.id,
            may_discard: d.drafted_by == staff.session.account.id || staff.session.account.is_admin,
            id: d.id,
        })
        .collect();
    let published = w.current();
    let page = StaffWarningsPage {
        t,
        here: "/staff/warnings".to_owned(),
        chrome: Chrome::new(&staff.session, "warnings"),
        flash_setback: q
            .done
            .as_deref()
            .is_some_and(crate::http::staff::cases::is_setback),
        flash: q
            .done
            .map(|d| t.opt(&format!("case-done-{d}")))
            .unwrap_or_default(),
        two_person_rule: w.two_person_rule(),
        drafts,
        entries: published
            .list
            .entries()
            .iter()
            .map(|e| EntryView::new(&t, e))
            .collect(),
        suppressed: published
            .list
            .suppressed()
            .iter()
            .map(|s| {
                (
                    EntryView::new(&t, &s.entry),
                    s.official.unicode().into_owned(),
                )
            })
            .collect(),
        suppressed_note: match published.list.suppressed().len() {
            0 => String::new(),
            n => t.t1("staff-warnings-suppressed", "n", &n.to_string()),
        },
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /staff/warnings`: `approve` or `discard` a draft, `withdraw` an entry.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let form: ActForm = staff.form(&headers, body).await?;
    let w = &state.warnings;
    let s = &staff.session;
    let result = match form {
        ActForm::Approve { draft } => w.approve(s, &draft).await.map(|()| "warning-approved"),
        ActForm::Discard { draft } => w.discard(s, &draft).await.map(|()| "warning-discarded"),
        ActForm::Withdraw {
            entry,
            reason_en,
            reason_fr,
        } => match entry.parse::<i64>() {
            Ok(entry) => w
                .withdraw(s, entry, &reason_en, &reason_fr)
                .await
                .map(|()| "warning-withdrawn"),
            Err(_) => Err(WarningsError::NotFound),
        },
    };
    Ok(outcome(lang, "/staff/warnings", result))
}
