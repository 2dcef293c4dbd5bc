//! The queue and case pages as plain values, built from what the workspace answered.
//!
//! Kept apart from the handlers so that what a page shows can be read (and changed) without
//! the request plumbing around it: nothing here knows about axum, sessions' cookies or errors;
//! the handlers gather the facts, call these builders, and render.

use time::Date;

use crate::domain::account::Account;
use crate::domain::case::{Channel, Status};
use crate::domain::document::Sender;
use crate::domain::identifiers::Identifier;
use crate::domain::queue::{Alert, Count, DeadlineFilter, Deadlines, QueueItem, Sort};
use crate::domain::report::Category;
use crate::i18n::Tr;
use crate::services::workspace::PAGE_SIZE;
use crate::services::workspace::{NoteFailure, OpenedCase, Related};
use crate::store::TemplateRow;
use crate::store::{QueueCounts, SmsState};

use super::super::pages::{
    CasePage, Choice, Chrome, MessageView, NoteView, QueuePage, QueueRow, RelatedRow, TemplateView,
};
use super::{
    AssigneeParam, Done, QueueQuery, QueueView, attachment_rows, report_fields, warning_suggestion,
};

/// What the queue page shows, as the workspace returned it.
pub struct QueueFacts {
    /// The cases on this page, in order.
    pub items: Vec<QueueItem>,
    /// How many cases the filters select.
    pub matching: Count,
    /// Whether a page follows this one.
    pub more: bool,
    /// This page, from 1.
    pub page: u32,
    /// The counts above the queue.
    pub counts: QueueCounts,
    /// The deadlines in force.
    pub deadlines: Deadlines,
    /// Today, for the deadline notes.
    pub today: Date,
    /// Labels in use (filter choices).
    pub labels: Vec<String>,
    /// Active accounts (filter choices).
    pub colleagues: Vec<Account>,
    /// Whether reports are being accepted.
    pub intake_open: bool,
    /// A search by identifier: `Some(what it was read as)`, or `Some(None)` if the term reads
    /// as nothing searchable; `None` without a search.
    pub search: Option<Option<Identifier>>,
}

/// The queue page: one page of the selected cases, the counts, the filters as chosen, links
/// to the other pages and the bulk form.
pub fn queue_page(t: Tr, chrome: Chrome, q: &QueueQuery, facts: QueueFacts) -> QueuePage {
    let QueueFacts {
        items,
        matching,
        more,
        page,
        counts,
        deadlines,
        today,
        labels,
        colleagues,
        intake_open,
        search,
    } = facts;
    let any = || Some(t.t("filter-any"));
    let assignee = q.assignee.as_ref().map_or("", AssigneeParam::as_str);
    let lang = t.lang;
    // Pages as far as the count knows; past a capped count, at least one beyond this page
    // when another follows.
    let counted =
        u32::try_from((matching.n.max(0) + PAGE_SIZE - 1) / PAGE_SIZE).unwrap_or(u32::MAX);
    let pages = counted.max(page.saturating_add(u32::from(more))).max(1);
    let spam_view = q.view == Some(QueueView::Spam);
    let only = |f: fn(&mut QueueQuery)| {
        let mut base = QueueQuery {
            view: q.view,
            ..QueueQuery::default()
        };
        f(&mut base);
        base.link(lang, 1)
    };
    let shortcuts = vec![
        (
            t.t("queue-count-queue"),
            Count::exact(counts.queue),
            QueueQuery::default().link(lang, 1),
        ),
        (
            t.t("queue-count-unread"),
            Count::exact(counts.unread),
            only(|b| {
                b.view = None;
                b.unread = true;
            }),
        ),
        (
            t.t("queue-count-overdue"),
            counts.overdue,
            only(|b| {
                b.view = None;
                b.deadline = Some(DeadlineFilter::Overdue);
            }),
        ),
        (
            t.t("queue-count-week"),
            counts.week,
            only(|b| {
                b.view = None;
                b.deadline = Some(DeadlineFilter::Week);
            }),
        ),
        (
            t.t("queue-count-spam"),
            Count::exact(counts.possible_spam),
            only(|b| b.view = Some(QueueView::Spam)),
        ),
    ];
    let accounts: Vec<(String, String)> = colleagues
        .iter()
        .map(|a| (a.id.to_string(), a.name.to_string()))
        .collect();
    QueuePage {
        t,
        here: "/staff".to_owned(),
        chrome,
        intake_closed: !intake_open,
        counts: counts
            .by_status
            .into_iter()
            .map(|(s, n)| (s, status_label(t, s), n))
            .collect(),
        shortcuts,
        spam_view,
        view: q.view.unwrap_or_default().as_str(),
        statuses: status_choices(t, q.status, true),
        categories: category_choices(t, q.category),
        channels: channel_choices(t, q.channel),
        labels: choices(
            labels.into_iter().map(|l| (l.clone(), l)),
            q.label.as_deref().unwrap_or(""),
            any(),
        ),
        assignees: choices(
            [
                (AssigneeParam::Me.as_str().to_owned(), t.t("filter-me")),
                (
                    AssigneeParam::Nobody.as_str().to_owned(),
                    t.t("filter-nobody"),
                ),
            ]
            .into_iter()
            .chain(accounts.iter().cloned()),
            assignee,
            any(),
        ),
        deadlines: choices(
            [DeadlineFilter::Overdue, DeadlineFilter::Week]
                .into_iter()
                .map(|d| {
                    (
                        d.as_str().to_owned(),
                        t.t(&format!("filter-deadline-{}", d.as_str())),
                    )
                }),
            q.deadline.map_or("", DeadlineFilter::as_str),
            any(),
        ),
        bulk_assignees: choices(
            accounts
                .iter()
                .map(|(_, name)| (name.clone(), name.clone())),
            "",
            Some(t.t("filter-nobody")),
        ),
        sorts: sort_choices(t, q.sort.unwrap_or_default()),
        attention: q.attention,
        unread: q.unread,
        matching,
        page,
        pages: if matching.more {
            format!("{pages}+")
        } else {
            pages.to_string()
        },
        prev: if page > 1 {
            q.link(lang, page - 1)
        } else {
            String::new()
        },
        next: if more {
            q.link(lang, page + 1)
        } else {
            String::new()
        },
        back: q.link(lang, page),
        bulk_done: match (q.changed, q.refused) {
            (Some(c), Some(r)) => t.catalogue_get(
                "queue-bulk-done",
                &[("changed", &c.to_string()), ("refused", &r.to_string())],
            ),
            _ => String::new(),
        },
        rows: items
            .iter()
            .map(|i| queue_row(t, i, &deadlines.alerts(i, today)))
            .collect(),
        search: q.q.clone().unwrap_or_default(),
        search_found: match &search {
            Some(Some(id)) => t.catalogue_get("queue-search-found", &[("value", id.value())]),
            _ => String::new(),
        },
        search_unreadable: matches!(search, Some(None)),
    }
}

/// The case page's related cases: the first few, and a queue search per linking identifier.
fn related_rows(t: Tr, related: Option<&Related>) -> (Vec<RelatedRow>, Vec<(String, String)>) {
    let Some(r) = related else {
        return (Vec::new(), Vec::new());
    };
    let rows = r
        .shown
        .iter()
        .map(|c| RelatedRow {
            id: c.case.as_str().to_owned(),
            day: c.day.clone(),
            via: c
                .via
                .iter()
                .map(Identifier::value)
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let links = r
        .links
        .iter()
        .map(|(id, n)| {
            let text = t.catalogue_get(
                "case-related-all",
                &[("count", &(n + 1).to_string()), ("value", id.value())],
            );
            let search = QueueQuery {
                q: Some(id.value().to_owned()),
                ..QueueQuery::default()
            };
            (text, search.link(t.lang, 1))
        })
        .collect();
    (rows, links)
}

/// What the case page shows, as the workspace returned it.
pub struct CaseFacts {
    /// The case's triage fields.
    pub item: QueueItem,
    /// The decrypted case, if this account holds its key.
    pub opened: Option<OpenedCase>,
    /// Active accounts (assignment and grant choices).
    pub colleagues: Vec<Account>,
    /// Labels in use (suggestions).
    pub labels: Vec<String>,
    /// What is late or coming due.
    pub alerts: Vec<Alert>,
    /// Whether publishing a warning needs a second investigator.
    pub two_person_rule: bool,
    /// Reply templates.
    pub templates: Vec<TemplateRow>,
    /// Whether the sender can be texted (a sealed number is stored).
    pub textable: bool,
    /// Whether an SMS gateway is configured to send.
    pub gateway_sends: bool,
    /// Cases related to this one (when it was opened).
    pub related: Option<Related>,
    /// The warning suggestion as an identifier, and how many other cases name it.
    pub publish_related: Option<(Identifier, usize)>,
}

/// The case page: its facts, the report and notes if it was opened, the action forms, the
/// outcome of the action just done (`done`), and the message box filled with the text of the
/// reply template `fill` names (`(id, "en" | "fr")`), if any and if the case is open to this
/// account. An unknown template or language leaves the box empty.
pub fn case_page(
    t: Tr,
    chrome: Chrome,
    facts: CaseFacts,
    done: Option<&Done>,
    fill: Option<(&str, &str)>,
) -> CasePage {
    let CaseFacts {
        item,
        opened,
        colleagues,
        labels,
        alerts,
        two_person_rule,
        templates,
        textable,
        gateway_sends,
        related,
        publish_related,
    } = facts;
    let (related, related_links) = related_rows(t, related.as_ref());
    let (fields, attachments, notes, conversation) = match &opened {
        Some(o) => (
            report_fields(t, item.category, &o.report),
            attachment_rows(o.report.attachments()),
            note_views(t, o),
            message_views(t, o),
        ),
        None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    let reply_draft = fill
        .filter(|_| opened.is_some())
        .and_then(|(id, tl)| {
            let row = templates.iter().find(|r| r.id == id)?;
            match tl {
                "en" => Some(row.body_en.clone()),
                "fr" => Some(row.body_fr.clone()),
                _ => None,
            }
        })
        .unwrap_or_default();
    let templates = templates
        .into_iter()
        .map(|r| TemplateView {
            title: if t.lang == crate::i18n::Lang::Fr {
                r.title_fr
            } else {
                r.title_en
            },
            id: r.id,
        })
        .collect();
    let current_assignee = item.assignee.as_ref().map_or("", |(_, n)| n.as_str());
    CasePage {
        t,
        here: format!("/staff/case/{}", item.id.as_str()),
        opened: opened.is_some(),
        fields,
        attachments,
        notes,
        conversation,
        templates,
        reply_draft,
        statuses: status_choices(t, Some(item.status), false),
        assignees: choices(
            colleagues
                .iter()
                .map(|a| (a.name.to_string(), a.name.to_string())),
            current_assignee,
            Some(t.t("case-nobody")),
        ),
        grantees: colleagues
            .iter()
            .filter(|a| a.name.as_str() != chrome.name)
            .map(|a| a.name.to_string())
            .collect(),
        chrome,
        all_labels: labels,
        feedback_day: item.feedback_day.map(|d| d.iso()).unwrap_or_default(),
        acknowledged_day: item.acknowledged_day.map(|d| d.iso()).unwrap_or_default(),
        flash: done.map(|d| t.opt(&d.message_key())).unwrap_or_default(),
        flash_setback: done.is_some_and(Done::is_setback),
        warning_suggestion: opened
            .as_ref()
            .and_then(|o| warning_suggestion(&o.report))
            .unwrap_or_default(),
        publish_related: match publish_related {
            Some((id, n)) if n > 0 => t.catalogue_get(
                "case-publish-related",
                &[("count", &n.to_string()), ("value", id.value())],
            ),
            _ => String::new(),
        },
        related,
        related_links,
        two_person_rule,
        show_texting: textable || item.channel != Channel::Web,
        textable,
        offer_sms: opened.is_some() && textable && gateway_sends,
        publishable: opened.is_some()
            && item.status == Status::Verified
            && item.category != Category::DelistingRequest,
        row: queue_row(t, &item, &alerts),
    }
}

/// The notes of an opened case; one that fails its check or does not decrypt says so in its
/// place.
fn note_views(t: Tr, opened: &OpenedCase) -> Vec<NoteView> {
    opened
        .notes
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
        .collect()
}

/// The conversation of an opened case; a message that fails its check or does not decrypt
/// says so in its place.
fn message_views(t: Tr, opened: &OpenedCase) -> Vec<MessageView> {
    opened
        .conversation
        .iter()
        .map(|m| {
            let from_whistleblower = m.sender == Sender::Whistleblower;
            let meta = if from_whistleblower {
                t.t1("case-wb-wrote", "day", &m.day)
            } else {
                t.catalogue_get(
                    "case-investigator-wrote",
                    &[
                        ("name", m.author.as_deref().unwrap_or("—")),
                        ("day", &m.day),
                    ],
                )
            };
            let sms = match m.sms {
                Some(SmsState::Sent) => t.t("case-message-sms-sent"),
                Some(SmsState::Failed) => t.t("case-message-sms-failed"),
                None => String::new(),
            };
            let sms_failed = m.sms == Some(SmsState::Failed);
            match &m.doc {
                Ok(doc) => MessageView {
                    seq: m.seq,
                    from_whistleblower,
                    meta,
                    text: doc.text().to_owned(),
                    attachments: attachment_rows(doc.attachments()),
                    sms,
                    sms_failed,
                },
                Err(why) => MessageView {
                    seq: m.seq,
                    from_whistleblower,
                    meta,
                    text: t.t(match why {
                        NoteFailure::Integrity => "case-message-forged",
                        NoteFailure::Unreadable => "case-message-unreadable",
                    }),
                    attachments: Vec::new(),
                    sms,
                    sms_failed,
                },
            }
        })
        .collect()
}

/// A queue row, translated.
fn queue_row(t: Tr, item: &QueueItem, alerts: &[Alert]) -> QueueRow {
    let id = item.id.as_str().to_owned();
    QueueRow {
        short: id.chars().take(8).collect(),
        id,
        category: t.t(&format!("category-{}", item.category.slug())),
        channel: t.t(&format!("channel-{}", item.channel.as_str())),
        status: item.status,
        status_label: status_label(t, item.status),
        received: item.received_day.iso(),
        assignee: item
            .assignee
            .as_ref()
            .map(|(_, n)| n.to_string())
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
        unread_answer: item.unread_answer,
        possible_spam: item.possible_spam,
    }
}

fn status_label(t: Tr, status: Status) -> String {
    t.t(&format!("status-{status}"))
}

/// `<select>` options from `(value, label)` pairs, `current` selected, with an "any" option
/// (empty value) first when `any` names it.
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

fn category_choices(t: Tr, current: Option<Category>) -> Vec<Choice> {
    choices(
        Category::ALL
            .iter()
            .map(|c| (c.slug().to_owned(), t.t(&format!("category-{}", c.slug())))),
        current.map_or("", Category::slug),
        Some(t.t("filter-any")),
    )
}

fn channel_choices(t: Tr, current: Option<Channel>) -> Vec<Choice> {
    choices(
        Channel::ALL.iter().map(|c| {
            (
                c.as_str().to_owned(),
                t.t(&format!("channel-{}", c.as_str())),
            )
        }),
        current.map_or("", Channel::as_str),
        Some(t.t("filter-any")),
    )
}

fn sort_choices(t: Tr, current: Sort) -> Vec<Choice> {
    choices(
        [Sort::Deadline, Sort::Newest, Sort::Oldest]
            .iter()
            .map(|s| (s.as_str().to_owned(), t.t(&format!("sort-{}", s.as_str())))),
        current.as_str(),
        None,
    )
}

fn status_choices(t: Tr, current: Option<Status>, any: bool) -> Vec<Choice> {
    choices(
        Status::ALL
            .iter()
            .map(|&s| (s.as_str().to_owned(), status_label(t, s))),
        current.map_or("", Status::as_str),
        any.then(|| t.t("filter-any")),
    )
}
