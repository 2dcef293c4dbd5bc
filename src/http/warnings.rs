//! The public warning list: `/warnings`, the check (`/check` for people, `/api/v1/check` for
//! scripts). No login, no JavaScript, no cookies; answers come from the in-memory list.
//!
//! What people type into the check is never logged or stored.

use std::borrow::Cow;
use std::sync::Arc;

use askama::filters::Safe;
use askama::{FastWritable, Template};
use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::domain::warnings::feeds::compact_json::Object;
use crate::domain::warnings::feeds::{EntryDoc, Feed, NOTICE, entry_doc};
use crate::domain::warnings::list::MAX_SEARCH_CHARS;
use crate::domain::warnings::{
    Entry, EntryKind, EntryStatus, EventAction, IsoDay, LookalikeReason, Target, Verdict, iso_day,
    target::parse_target,
};
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::feeds::public_headers;
use crate::http::form::first_value;
use crate::http::lang::PageLang;
use crate::http::pages::render;
use crate::i18n::{Lang, Tr};
use crate::services::warnings::Published;

/// Longest query read from the URL, in bytes; longer inputs are refused by the parser anyway.
const MAX_QUERY: usize = 4096;

/// One step of an entry's history, for display.
pub struct HistoryView<'a> {
    /// `YYYY-MM-DD`.
    pub day: Day,
    /// What happened (the template writes its stable name as `data-action`).
    pub action: EventAction,
    /// What happened, in the page language (escaped once, at load).
    pub action_label: Safe<Cow<'static, str>>,
    /// Why, in the page language.
    pub reason: &'a str,
}

/// An entry, for display: borrowed from the published list, so that showing one (the check
/// page shows one per request, the list page a page of them) copies none of its text.
pub struct EntryView<'a> {
    /// Entry number (anchor `entry-N`).
    pub id: i64,
    /// As people read it (Unicode for internationalised domains).
    pub target: Cow<'a, str>,
    /// As listed (punycode); shown when it differs from `target`.
    pub ascii: &'a str,
    /// "website" or "certificate number", in the page language (escaped once, at load).
    pub kind_label: Safe<Cow<'static, str>>,
    /// In force or withdrawn (the template writes its stable name as a CSS class).
    pub status: EntryStatus,
    /// Status in words, in the page language (escaped once, at load).
    pub status_label: Safe<Cow<'static, str>>,
    /// Day first listed.
    pub listed_day: Day,
    /// The listing's public reason.
    pub reason: &'a str,
    /// The reasons' `lang` attribute, or nothing: investigators write them in English and
    /// French, so a page in another language marks them English (a screen reader then
    /// switches voice).
    pub reason_lang: Safe<&'static str>,
    /// The withdrawal's reason ("" if in force).
    pub withdrawal: &'a str,
    /// Oldest first.
    pub history: Vec<HistoryView<'a>>,
}

/// A day as a page writes it, `YYYY-MM-DD`, formatted when the view is made. A template
/// writes it as text ([`FastWritable`]); as a `Display` value (an entry shows two or three
/// days) each went through the formatting machinery and an escaping writer.
pub enum Day {
    /// The ten ASCII bytes of a year 0–9999 (every stored day).
    Ascii([u8; 10]),
    /// Any other year, as `IsoDay` writes it.
    Other(String),
}

impl Day {
    /// The day `day`.
    pub fn of(day: time::Date) -> Self {
        match IsoDay(day).ascii() {
            Some(bytes) => Self::Ascii(bytes),
            None => Self::Other(IsoDay(day).to_string()),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Ascii(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            Self::Other(text) => text,
        }
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FastWritable for Day {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(dest.write_str(self.as_str())?)
    }
}

/// The message naming a status. An exhaustive match, so a new status does not compile until it
/// has a text, and `every_state_has_a_text_in_every_language` checks the catalogues have it.
pub fn status_message(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Active => "warning-status-active",
        EntryStatus::Withdrawn => "warning-status-withdrawn",
    }
}

/// The message naming a step of an entry's history (see [`status_message`]).
pub fn action_message(action: EventAction) -> &'static str {
    match action {
        EventAction::Listed => "warning-event-listed",
        EventAction::Withdrawn => "warning-event-withdrawn",
        EventAction::Relisted => "warning-event-relisted",
    }
}

/// The message naming a kind of target (see [`status_message`]).
pub fn kind_message(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Domain => "warning-kind-domain",
        EntryKind::Certificate => "warning-kind-certificate",
    }
}

impl<'a> EntryView<'a> {
    /// The view of `e` in `t`'s language.
    pub fn new(t: &Tr, e: &'a Entry) -> Self {
        let lang = t.lang.code();
        let reason_lang = Safe(match lang {
            "en" | "fr" => "",
            _ => " lang=\"en\"",
        });
        let (target, ascii) = match &e.target {
            Target::Domain(d) => (d.unicode(), d.as_str()),
            Target::Certificate(c) => (Cow::Borrowed(c.as_str()), c.as_str()),
        };
        Self {
            id: e.id,
            target,
            ascii,
            kind_label: t.html(kind_message(e.kind())),
            status: e.status,
            status_label: t.html(status_message(e.status)),
            listed_day: Day::of(e.listed_day),
            reason_lang,
            reason: e.listing_reason().map_or("", |r| r.in_lang(lang)),
            withdrawal: e.withdrawal().map_or("", |w| w.reason.in_lang(lang)),
            history: e
                .history
                .iter()
                .map(|h| HistoryView {
                    day: Day::of(h.day),
                    action: h.action,
                    action_label: t.html(action_message(h.action)),
                    reason: h.reason.in_lang(lang),
                })
                .collect(),
        }
    }

    /// In force: the staff page offers withdrawal only then.
    pub fn active(&self) -> bool {
        self.status == EntryStatus::Active
    }

    /// The listed (punycode) form differs from the one people read, and is shown beside it.
    pub fn shows_ascii(&self) -> bool {
        self.ascii != self.target
    }
}

/// `GET /warnings`.
#[derive(Template)]
#[template(path = "warnings.html")]
pub struct WarningsPage<'a> {
    /// Translator.
    pub t: Tr,
    /// Path for language links.
    pub here: String,
    /// This page of the list, newest first.
    pub entries: Vec<EntryView<'a>>,
    /// The search as typed ("" for the whole list).
    pub search: String,
    /// Result line of the search ("" when none was made).
    pub search_message: String,
    /// "Page 2 of 40" ("" when everything fits on one page).
    pub page_label: String,
    /// Link to the newer page ("" on the first).
    pub newer: String,
    /// Link to the older page ("" on the last).
    pub older: String,
    /// Official domains, as people read them.
    pub officials: Vec<String>,
    /// Where to verify a certificate (the first official domain).
    pub verify_at: String,
    /// Feed file names, each with the message that says who it is for.
    pub feeds: Vec<(&'static str, &'static str)>,
    /// The feed signing key (OpenSSH public key line).
    pub public_key: String,
    /// Its SHA-256 fingerprint.
    pub fingerprint: String,
    /// This server's public URL, for the verification commands.
    pub base_url: String,
}

/// `GET /check`.
#[derive(Template)]
#[template(path = "check.html")]
pub struct CheckPage<'a> {
    /// Translator.
    pub t: Tr,
    /// Path for language links (keeps the query).
    pub here: String,
    /// The query as typed.
    pub query: &'a str,
    /// Why the query was not understood ("" if it was, or none was made).
    pub error: String,
    /// The verdict word (`listed`…), "" when there is no result; also the CSS class.
    pub verdict: &'static str,
    /// The verdict in plain language.
    pub headline: String,
    /// Further sentences (reasons, what to do), escaped: most are the catalogue's own copy,
    /// escaped once at load.
    pub details: Vec<Safe<Cow<'static, str>>>,
    /// What was checked, canonical form.
    pub canonical: &'a str,
    /// The matching entry, if any.
    pub entry: Option<EntryView<'a>>,
    /// Offer the report form of this kind ("" for none).
    pub report_slug: &'static str,
}

/// The raw `q` (or `name`) parameter of a query string.
fn query_param(lang: Lang, uri: &Uri, name: &str) -> Result<String, AppError> {
    let raw = uri.query().unwrap_or("");
    if raw.len() > MAX_QUERY {
        return Err(AppError::new(lang, ErrorKind::BadForm));
    }
    first_value(raw.as_bytes(), name)
        .map(Option::unwrap_or_default)
        .map_err(|_| AppError::new(lang, ErrorKind::BadForm))
}

/// Entries per page of `/warnings`: ten entries with reasons of the longest allowed length
/// keep the page, in any language and with its stylesheet, under 30 KB for a cheap phone.
pub const PER_PAGE: usize = 10;

/// At most this many searches run at once, each on the blocking pool: a flood of searches
/// waits its turn there (the public rate class bounds how many come at all) and never holds
/// the async workers that serve reports, even for a search that matches most of the list.
static SEARCHES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// One page of matches, by entry id (owned, to leave the blocking pool).
struct Found {
    ids: Vec<i64>,
    matching: usize,
    page: usize,
    pages: usize,
}

/// Searches the list off the async workers. The list is in memory with an index of its
/// names, so a search compares only the entries that could match it; the search is at most
/// [`MAX_SEARCH_CHARS`] long.
async fn search(
    published: &Arc<Published>,
    query: &str,
    wanted: usize,
) -> Result<Found, tokio::task::JoinError> {
    let Ok(_turn) = SEARCHES.acquire().await else {
        // Never closed; were it ever, a search is cheap enough to run here.
        return Ok(page_of(published, query, wanted));
    };
    let published = Arc::clone(published);
    let query = query.to_owned();
    tokio::task::spawn_blocking(move || page_of(&published, &query, wanted)).await
}

fn page_of(published: &Published, query: &str, wanted: usize) -> Found {
    let found = published.list.page(query, wanted, PER_PAGE);
    Found {
        ids: found.entries.iter().map(|e| e.id).collect(),
        matching: found.matching,
        page: found.page,
        pages: found.pages,
    }
}

/// `GET /warnings[?q=…][&page=N]`: the list, newest first, a page at a time, with a search.
/// `cert=` is the older name of `q`, kept so links made before it still work.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    uri: Uri,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let mut query = query_param(lang, &uri, "q")?;
    if query.is_empty() {
        query = query_param(lang, &uri, "cert")?;
    }
    let query = query.trim().to_owned();
    if query.chars().count() > MAX_SEARCH_CHARS {
        return Err(AppError::new(lang, ErrorKind::SearchTooLong));
    }
    let wanted = query_param(lang, &uri, "page")?;
    let wanted = if wanted.is_empty() {
        1
    } else {
        wanted
            .parse::<usize>()
            .map_err(|_| AppError::new(lang, ErrorKind::BadQuery))?
    };
    let published = state.warnings.current();
    let found = search(&published, &query, wanted)
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let list = &published.list;
    let search_message = match (query.is_empty(), found.matching) {
        (true, _) => String::new(),
        (false, 0) => t.t1("warnings-no-match", "q", &query),
        (false, n) => t.catalogue_get(
            "warnings-matches",
            &[("q", &query), ("count", &n.to_string())],
        ),
    };
    // The search and the page, as a path the language links and the pager extend.
    let at = |page: usize| {
        let mut params = Vec::new();
        if !query.is_empty() {
            let enc =
                percent_encoding::utf8_percent_encode(&query, percent_encoding::NON_ALPHANUMERIC);
            params.push(format!("q={enc}"));
        }
        if page > 1 {
            params.push(format!("page={page}"));
        }
        match params.is_empty() {
            true => "/warnings".to_owned(),
            false => format!("/warnings?{}", params.join("&")),
        }
    };
    let link = |page: usize| {
        let path = at(page);
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}lang={}#list", lang.code())
    };
    let officials: Vec<String> = list
        .officials()
        .domains()
        .iter()
        .map(|d| d.unicode().into_owned())
        .collect();
    let signer = state.warnings.signer();
    let page = WarningsPage {
        t,
        here: at(found.page),
        entries: found
            .ids
            .iter()
            .filter_map(|&id| list.entry(id))
            .map(|e| EntryView::new(&t, e))
            .collect(),
        page_label: if found.pages > 1 {
            t.catalogue_get(
                "warnings-page",
                &[
                    ("page", &found.page.to_string()),
                    ("pages", &found.pages.to_string()),
                ],
            )
        } else {
            String::new()
        },
        newer: if found.page > 1 {
            link(found.page - 1)
        } else {
            String::new()
        },
        older: if found.page < found.pages {
            link(found.page + 1)
        } else {
            String::new()
        },
        search: query,
        search_message,
        verify_at: officials.first().cloned().unwrap_or_default(),
        officials,
        feeds: Feed::ALL
            .iter()
            .filter_map(|f| Some((f.file_name(), f.audience()?)))
            .collect(),
        public_key: signer.public_key().to_owned(),
        fingerprint: signer.fingerprint(),
        base_url: state.public_url.to_string(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /check?q=…`: the verdict in plain language.
pub async fn check_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    uri: Uri,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let query = query_param(lang, &uri, "q")?;
    // Before the page, which borrows the entry it shows from it.
    let published = state.warnings.current();
    let here = if query.is_empty() {
        "/check".to_owned()
    } else {
        // Collected piece by piece: through `format!` each escaped byte of a pasted URL was a
        // call of the formatting machinery.
        let mut here = String::with_capacity(9 + 3 * query.len());
        here.push_str("/check?q=");
        here.extend(percent_encoding::utf8_percent_encode(
            &query,
            percent_encoding::NON_ALPHANUMERIC,
        ));
        here
    };
    let parsed = (!query.trim().is_empty()).then(|| parse_target(&query));
    let mut page = CheckPage {
        t,
        here,
        query: &query,
        error: String::new(),
        verdict: "",
        headline: String::new(),
        details: Vec::new(),
        canonical: "",
        entry: None,
        report_slug: "",
    };
    match &parsed {
        None => Ok(render(StatusCode::OK, &page)),
        Some(Err(e)) => {
            page.error = t.t(&format!("check-error-{}", e.code()));
            Ok(render(StatusCode::BAD_REQUEST, &page))
        }
        Some(Ok(target)) => {
            let verdict = published.list.check(target);
            describe(&t, target, &verdict, &mut page);
            Ok(render(StatusCode::OK, &page))
        }
    }
}

/// The check page's headline and advice for a listed target of this kind (see
/// [`status_message`]).
fn listed_messages(kind: EntryKind) -> (&'static str, &'static str) {
    match kind {
        EntryKind::Domain => ("verdict-listed-domain", "verdict-listed-domain-advice"),
        EntryKind::Certificate => (
            "verdict-listed-certificate",
            "verdict-listed-certificate-advice",
        ),
    }
}

/// The check page's headline for an unknown target of this kind.
fn unknown_message(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Domain => "verdict-unknown-domain",
        EntryKind::Certificate => "verdict-unknown-certificate",
    }
}

/// Fills in the verdict part of the check page.
fn describe<'a>(t: &Tr, target: &'a Target, verdict: &Verdict<'a>, page: &mut CheckPage<'a>) {
    let shown = match target {
        Target::Domain(d) => d.unicode(),
        Target::Certificate(c) => Cow::Borrowed(c.as_str()),
    };
    let kind = EntryKind::of(target);
    page.verdict = verdict.word();
    page.canonical = target.as_str();
    // The headline's arguments, borrowed: every headline names the target.
    let say = |id: &str, official: &str, day: &str| {
        t.catalogue_get(
            id,
            &[("target", &shown), ("official", official), ("day", day)],
        )
    };
    match verdict {
        Verdict::Listed(e) => {
            let (headline, advice) = listed_messages(kind);
            page.headline = say(headline, "", "");
            page.details.push(t.html(advice));
            page.entry = Some(EntryView::new(t, e));
        }
        Verdict::Withdrawn(e) => {
            let day = e.withdrawal().map(|w| iso_day(w.day)).unwrap_or_default();
            page.headline = say("verdict-withdrawn", "", &day);
            page.entry = Some(EntryView::new(t, e));
        }
        Verdict::Official(o) => {
            page.headline = say("verdict-official", &o.unicode(), "");
            // Plainly: this is the site. The "not listed does not mean genuine" caution is
            // for names that are not official, and the page leaves it out here.
            page.details.push(t.html("verdict-official-advice"));
        }
        Verdict::Lookalike(r) => {
            page.headline = say("verdict-lookalike", &r.official.unicode(), "");
            page.details.push(match &r.reason {
                LookalikeReason::Confusable => t.html("lookalike-confusable"),
                LookalikeReason::EditDistance(0) => t.html("lookalike-same-name"),
                LookalikeReason::EditDistance(n) => t.html1("lookalike-edit", "n", &n.to_string()),
                LookalikeReason::SharedToken(token) => t.html1("lookalike-token", "token", token),
            });
            page.details.push(t.html("verdict-lookalike-advice"));
            page.report_slug = "fake-website";
        }
        Verdict::Unknown => {
            page.headline = say(unknown_message(kind), "", "");
            page.report_slug = match target {
                Target::Domain(_) => "fake-website",
                Target::Certificate(_) => "fake-certificate",
            };
        }
    }
}

/// `GET /api/v1/check?q=…`: the verdict as JSON, for scripts. CORS `*`.
pub async fn check_api(State(state): State<AppState>, uri: Uri) -> Response {
    let lang = Lang::En;
    let mut res = match query_param(lang, &uri, "q") {
        Err(_) => (
            StatusCode::BAD_REQUEST,
            Json(error_json(
                "bad-query",
                "the query string is not valid URL encoding",
            )),
        )
            .into_response(),
        Ok(q) => match parse_target(&q) {
            Err(e) => (
                StatusCode::BAD_REQUEST,
                Json(error_json(e.code(), &e.to_string())),
            )
                .into_response(),
            Ok(target) => {
                let published = state.warnings.current();
                let verdict = published.list.check(&target);
                // About a typical answer with its entry: no growing on the way.
                let mut body = Vec::with_capacity(2048);
                verdict_json(&q, &target, &verdict).write_json(&mut body);
                ([(CONTENT_TYPE, "application/json")], body).into_response()
            }
        },
    };
    public_headers(res.headers_mut());
    res
}

fn error_json(code: &str, message: &str) -> Value {
    json!({ "error": code, "message": message })
}

/// The check API's answer. Typed, fields in the order the API has always had, absent ones
/// left out. Written by [`VerdictDoc::write_json`]; the derive is what the tests hold that
/// writer to.
#[derive(serde::Serialize)]
struct VerdictDoc<'a> {
    query: &'a str,
    kind: &'static str,
    canonical: &'a str,
    verdict: &'static str,
    notice: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unicode: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<EntryDoc<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    official_domain: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resemblance: Option<&'static str>,
}

impl VerdictDoc<'_> {
    /// Appends the answer as compact JSON, the bytes `serde_json` makes of it: through
    /// `serde_json` the answer's strings, mostly the entry's reasons, cost a third of the
    /// API's instructions ([`crate::domain::warnings::feeds::compact_json`]).
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = Object::begin(out);
        o.str("query", self.query)
            .str("kind", self.kind)
            .str("canonical", self.canonical)
            .str("verdict", self.verdict)
            .str("notice", self.notice)
            .opt_str("unicode", self.unicode.as_deref());
        if let Some(entry) = &self.entry {
            entry.write_json(o.key("entry"));
        }
        o.opt_str("official_domain", self.official_domain)
            .opt_str("resemblance", self.resemblance);
        o.end();
    }
}

fn verdict_json<'a>(
    query: &'a str,
    target: &'a Target,
    verdict: &'a Verdict<'a>,
) -> VerdictDoc<'a> {
    let mut doc = VerdictDoc {
        query,
        kind: EntryKind::of(target).as_str(),
        canonical: target.as_str(),
        verdict: verdict.word(),
        notice: NOTICE,
        unicode: match target {
            Target::Domain(d) => Some(d.unicode()),
            Target::Certificate(_) => None,
        },
        entry: None,
        official_domain: None,
        resemblance: None,
    };
    match verdict {
        Verdict::Listed(e) | Verdict::Withdrawn(e) => doc.entry = Some(entry_doc(e)),
        Verdict::Official(o) => doc.official_domain = Some(o.as_str()),
        Verdict::Lookalike(r) => {
            doc.official_domain = Some(r.official.as_str());
            doc.resemblance = Some(r.reason.code());
        }
        Verdict::Unknown => {}
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::warnings::list::WarningList;
    use crate::domain::warnings::testing::{entry, officials};
    use crate::i18n::catalogue;

    #[test]
    fn the_api_answer_is_serde_jsons_bytes_for_every_verdict() {
        let list = WarningList::new(
            vec![
                entry(1, "www.fake-example.com", EntryStatus::Active),
                entry(2, "old-fake.org", EntryStatus::Withdrawn),
                entry(3, "RW-2024-0001", EntryStatus::Active),
            ],
            officials(&["ceec-icglr.org"]),
        );
        let mut words = Vec::new();
        for q in [
            "www.fake-example.com",
            "old-fake.org",
            "RW-2024-0001",
            "ceec-icglr.org",
            "ceec-lcglr.org",
            "xn--ceec-icglr-q9a.org",
            "unknown.example",
            "BI-1",
            "a\"quoted\".example",
        ] {
            let Ok(target) = parse_target(q) else {
                continue;
            };
            let verdict = list.check(&target);
            let doc = verdict_json(q, &target, &verdict);
            let mut fast = Vec::new();
            doc.write_json(&mut fast);
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                serde_json::to_string(&doc).unwrap()
            );
            words.push(verdict.word());
        }
        // Every shape of answer was compared.
        for w in ["listed", "withdrawn", "official", "lookalike", "unknown"] {
            assert!(words.contains(&w), "no {w} answer in {words:?}");
        }
    }

    #[test]
    fn a_day_on_a_page_reads_as_the_iso_day_and_is_written_whole() {
        use askama::FastWritable;
        let days = [
            time::macros::date!(2026 - 01 - 05),
            time::macros::date!(0001 - 12 - 31),
            time::macros::date!(9999 - 12 - 31),
            // Outside the ten-byte form: IsoDay's own writing.
            time::macros::date!(-0001 - 03 - 01),
        ];
        for d in days {
            let day = Day::of(d);
            assert_eq!(day.as_str(), IsoDay(d).to_string());
            assert_eq!(day.to_string(), IsoDay(d).to_string());
            let mut out = String::new();
            day.write_into(&mut out, askama::NO_VALUES)
                .expect("written");
            assert_eq!(out, IsoDay(d).to_string());
        }
        assert_eq!(Day::of(days[0]).as_str(), "2026-01-05");
        assert!(matches!(Day::of(days[3]), Day::Other(_)));
    }

    #[test]
    fn every_state_has_a_text_in_every_language() {
        let ids = EntryStatus::ALL
            .map(status_message)
            .into_iter()
            .chain(EventAction::ALL.map(action_message))
            .chain(EntryKind::ALL.map(kind_message))
            .chain(EntryKind::ALL.map(unknown_message))
            .chain(EntryKind::ALL.into_iter().flat_map(|k| {
                let (headline, advice) = listed_messages(k);
                [headline, advice]
            }));
        for id in ids {
            for lang in Lang::ALL {
                assert!(catalogue().has(lang, id), "{lang:?} lacks {id}");
            }
        }
    }
}
