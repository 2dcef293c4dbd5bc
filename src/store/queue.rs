//! The queue page in SQL: filters, counts, order and one page of cases, so that the work per
//! page does not grow with the number of cases (`benches/queue.rs`).
//!
//! Three things keep it flat:
//! - **Runs.** A case's deadline run (`domain::queue::Run`) is a generated column with an index
//!   in received order. The deadline order is the three runs merged by due day, each read from
//!   its index with a `LIMIT`, then the cases without a deadline, newest first.
//! - **A tally.** Counts per status, possible spam and unread answer are kept by triggers in
//!   `case_tally` (migration 0007) and read, not counted.
//! - **Capped counts.** What the tally cannot answer (overdue, due this week, a filter by
//!   category, channel, label or assignee) is counted up to [`COUNT_CAP`] and shown as
//!   "1000+" past it.
//!
//! Deadlines are days after the received day. Comparisons are between ISO days
//! (`YYYY-MM-DD` sorts as it reads) and bounds computed here from today and the deadlines, so
//! no date function of one database is needed.
//!
//! What stays proportional: page `n` reads `n` pages' worth of index entries (an `OFFSET`),
//! and a filter that selects few cases (a rare label, a rare category) walks the index until
//! it has filled the page or counted to the cap, so a filter selecting almost nothing walks
//! every case once per view. `benches/queue.rs` measures both kinds.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use super::sql::Sql;
use time::{Date, Duration};

use crate::crypto::seal::AccountReader;
use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, Channel, Status};
use crate::domain::queue::{
    AssigneeFilter, COUNT_CAP, Count, DeadlineFilter, Deadlines, Filter, QueueItem, Run, Sort, WEEK,
};

use super::{Store, StoreError};

/// One page of the queue.
#[derive(Debug, Default)]
pub struct QueuePageRows {
    /// The cases on this page, in order.
    pub items: Vec<QueueItem>,
    /// How many cases the filters select (all pages).
    pub matching: Count,
    /// Whether a page follows this one.
    pub more: bool,
}

/// Counts shown above the queue, whatever the filters.
#[derive(Debug, Default, Clone)]
pub struct QueueCounts {
    /// `(status, count)` in the queue (possible spam left out), in [`Status::ALL`] order.
    pub by_status: Vec<(Status, i64)>,
    /// Cases in the queue.
    pub queue: i64,
    /// Cases filed as possible spam.
    pub possible_spam: i64,
    /// Cases in the queue with an unread answer.
    pub unread: i64,
    /// Cases in the queue past a deadline.
    pub overdue: Count,
    /// Cases in the queue whose nearest deadline is within a week.
    pub week: Count,
}

/// What a query needs to know about time.
#[derive(Debug, Clone, Copy)]
pub struct QueueClock {
    /// The deadlines in force.
    pub deadlines: Deadlines,
    /// Today.
    pub today: Date,
}

const COLUMNS: &str = "c.id, c.category, c.status, c.received_day, c.assignee, \
     a.name AS assignee_name, c.acknowledged_day, c.feedback_day, c.unread_answers, \
     c.possible_spam, c.channel";

fn shift(day: Date, days: i64) -> String {
    day.checked_add(Duration::days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
        .to_string()
}

/// The received days of a run's cases that a deadline filter selects: after `after` (if
/// any), up to and including `upto`.
struct DayRange {
    after: Option<String>,
    upto: String,
}

impl QueueClock {
    /// The days of `run` whose nearest deadline is as `which` asks. Due is received + d, so
    /// overdue (due < today) is received ≤ today − d − 1, and due within the week
    /// (today ≤ due ≤ today + WEEK) is today − d − 1 < received ≤ today + WEEK − d.
    fn range(&self, run: Run, which: DeadlineFilter) -> DayRange {
        let d = i64::from(self.deadlines.run_days(run));
        let overdue_upto = shift(self.today, -d - 1);
        match which {
            DeadlineFilter::Overdue => DayRange {
                after: None,
                upto: overdue_upto,
            },
            DeadlineFilter::Week => DayRange {
                after: Some(overdue_upto),
                upto: shift(self.today, i64::from(WEEK) - d),
            },
        }
    }
}

/// ` AND c.received_day …` for one run's range.
fn push_range(qb: &mut Sql, range: DayRange) {
    if let Some(after) = range.after {
        qb.push(" AND c.received_day > ");
        qb.push_bind(after);
    }
    qb.push(" AND c.received_day <= ");
    qb.push_bind(range.upto);
}

/// `(run 1 in its range OR run 2 … OR run 3 …)`: each term one range of the `cases_runs`
/// index.
fn push_deadline(qb: &mut Sql, which: DeadlineFilter, clock: &QueueClock) {
    qb.push("(");
    for (i, run) in Run::ALL.into_iter().enumerate() {
        qb.push(if i == 0 { "(" } else { " OR (" });
        qb.push("c.queue_run = ");
        qb.push_bind(run.number());
        push_range(qb, clock.range(run, which));
        qb.push(")");
    }
    qb.push(")");
}

/// Whether the spam condition is written out, or implied by a run (runs hold no possible
/// spam, and naming the flag would tempt the planner to the wrong index).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spam {
    Bind,
    Implied,
}

/// ` AND …` for every filter but the deadline one when `deadline` is false.
fn push_filter(qb: &mut Sql, sel: &Selection<'_>, spam: Spam, deadline: bool) {
    let (filter, clock) = (sel.filter, sel.clock);
    if spam == Spam::Bind {
        qb.push(" AND c.possible_spam = ");
        qb.push_bind(i64::from(filter.spam));
    }
    if let Some(s) = filter.status {
        qb.push(" AND c.status = ");
        qb.push_bind(s.as_str());
    }
    if let Some(c) = filter.category {
        qb.push(" AND c.category = ");
        qb.push_bind(c.slug());
    }
    // Read from `cases_channel` (channel, run, day) as the kind is from `cases_category`.
    if let Some(c) = filter.channel {
        qb.push(" AND c.channel = ");
        qb.push_bind(c.as_str());
    }
    if let Some(l) = &filter.label {
        match sel.label {
            // The label's entries are the outer loop (see `Selection::from`).
            LabelSize::Few => {
                qb.push(" AND l.label = ");
                qb.push_bind(l.clone());
            }
            // Along the cases in order, each looked up in the label's entries.
            LabelSize::Many => {
                qb.push(
                    " AND EXISTS (SELECT 1 FROM case_labels l WHERE l.case_id = c.id AND l.label = ",
                );
                qb.push_bind(l.clone());
                qb.push(")");
            }
        }
    }
    match &filter.assignee {
        None => {}
        Some(AssigneeFilter::Nobody) => {
            qb.push(" AND c.assignee IS NULL");
        }
        Some(AssigneeFilter::Account(id)) => {
            qb.push(" AND c.assignee = ");
            qb.push_bind(id.as_str().to_owned());
        }
    }
    if filter.unread {
        qb.push(" AND c.unread_answers <> 0");
    }
    if let (Some(which), true) = (filter.deadline, deadline) {
        qb.push(" AND ");
        push_deadline(qb, which, clock);
    }
    if let Some(only) = &filter.only {
        // A search's hits, each a key of the primary index (at most `related::MAX_HITS`).
        if only.is_empty() {
            qb.push(" AND 1 = 0");
        } else {
            qb.push(" AND c.id IN (");
            qb.push_list(only.iter().map(|c| c.as_str().to_owned()));
            qb.push(")");
        }
    }
    if filter.attention {
        // Needs attention: a deadline has passed, or new and nobody assigned.
        qb.push(" AND (");
        push_deadline(qb, DeadlineFilter::Overdue, clock);
        qb.push(" OR (c.status = 'new' AND c.assignee IS NULL))");
    }
}

/// How many cases carry the label a filter asks for, which decides how to find them: from
/// the label's entries when they are few (reading them all costs at most the count's cap),
/// along the cases in order when they are many (a page fills after about
/// `page × cases / labelled` steps, at most `page × cases / COUNT_CAP`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelSize {
    Few,
    Many,
}

/// A filter, the clock it is read on, and how its label is best found.
struct Selection<'a> {
    filter: &'a Filter,
    clock: &'a QueueClock,
    label: LabelSize,
}

impl Selection<'_> {
    /// The tables a query reads. For a label on few cases, SQLite's `CROSS JOIN` keeps the
    /// label's entries as the outer loop (its planner would otherwise walk every case in
    /// the order asked for and look each one up), and the few rows are sorted after.
    /// `(tables, the condition joining them)`: the condition goes in the `WHERE`, the one
    /// way both engines write a `CROSS JOIN` that has one.
    fn from(&self) -> (&'static str, &'static str) {
        match (self.label, &self.filter.label) {
            (LabelSize::Few, Some(_)) => ("case_labels l CROSS JOIN cases c", "c.id = l.case_id"),
            _ => ("cases c", "1 = 1"),
        }
    }

    /// `SELECT {what} FROM … {join} WHERE …`, ready for ` AND …`.
    fn select_joined(&self, what: &str, join: &str) -> Sql {
        let (tables, on) = self.from();
        Sql::new(format!("SELECT {what} FROM {tables} {join} WHERE {on}"))
    }

    /// `SELECT {what} FROM … WHERE …`, ready for ` AND …`.
    fn select(&self, what: &str) -> Sql {
        self.select_joined(what, "")
    }

    /// `SELECT COUNT(*) FROM (SELECT 1 FROM … WHERE …`: close it with [`close_count`].
    fn count(&self) -> Sql {
        let (tables, on) = self.from();
        Sql::new(format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {tables} WHERE {on}"
        ))
    }
}

/// Closes a [`Selection::count`] (PostgreSQL names every derived table).
fn close_count(qb: &mut Sql) {
    qb.push(") AS counted");
}

/// Whether the tally alone can count what `filter` selects.
fn tally_counts(filter: &Filter) -> bool {
    filter.category.is_none()
        && filter.channel.is_none()
        && filter.label.is_none()
        && filter.assignee.is_none()
        && filter.deadline.is_none()
        && !filter.attention
        && filter.only.is_none()
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
}

fn len(rows: &[super::DbRow]) -> i64 {
    i64::try_from(rows.len()).unwrap_or(i64::MAX)
}

impl Store {
    /// One page of the queue (`offset`, `limit`), filtered and sorted in the database.
    pub async fn queue_page(
        &self,
        viewer: &AccountId,
        filter: &Filter,
        sort: Sort,
        clock: &QueueClock,
        offset: i64,
        limit: i64,
    ) -> Result<QueuePageRows, StoreError> {
        let sel = &Selection {
            filter,
            clock,
            label: self.label_size(filter).await?,
        };
        let matching = self.count_matching(sel).await?;
        // One row more than the page tells whether another page follows.
        let ask = limit.saturating_add(1);
        let mut rows = match sort {
            Sort::Newest | Sort::Oldest => {
                let dir = if sort == Sort::Newest { "DESC" } else { "ASC" };
                let mut qb = self.select_rows(sel, Spam::Bind, true);
                qb.push(format!(" ORDER BY c.received_day {dir}, c.id {dir} LIMIT "));
                qb.push_bind(ask);
                qb.push(" OFFSET ");
                qb.push_bind(offset);
                qb.build()?.fetch_all(&self.read).await?
            }
            Sort::Deadline => self.deadline_rows(sel, offset, ask).await?,
        };
        let more = len(&rows) > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        // A page that reaches the end knows the total, past any cap.
        let matching = if !more && !rows.is_empty() {
            Count::exact(offset.saturating_add(len(&rows)))
        } else {
            matching
        };
        let mut items = rows.iter().map(row_item).collect::<Result<Vec<_>, _>>()?;
        self.decorate(viewer, &mut items).await?;
        Ok(QueuePageRows {
            items,
            matching,
            more,
        })
    }

    /// How many cases `filter` selects: exact from the tally when it can say, else counted up
    /// to the cap.
    async fn count_matching(&self, sel: &Selection<'_>) -> Result<Count, StoreError> {
        let filter = sel.filter;
        if tally_counts(filter) {
            let mut qb = Sql::new(if filter.unread {
                "SELECT CAST(COALESCE(SUM(unread), 0) AS BIGINT) FROM case_tally WHERE possible_spam = "
            } else {
                "SELECT CAST(COALESCE(SUM(cases), 0) AS BIGINT) FROM case_tally WHERE possible_spam = "
            });
            qb.push_bind(i64::from(filter.spam));
            if let Some(s) = filter.status {
                qb.push(" AND status = ");
                qb.push_bind(s.as_str());
            }
            let n: i64 = qb.build_query_scalar()?.fetch_one(&self.read).await?;
            return Ok(Count::exact(n));
        }
        if let Some(which) = filter.deadline {
            return self.count_runs(sel, which).await;
        }
        let mut qb = sel.count();
        push_filter(&mut qb, sel, Spam::Bind, true);
        qb.push(" LIMIT ");
        qb.push_bind(COUNT_CAP + 1);
        close_count(&mut qb);
        let found: i64 = qb.build_query_scalar()?.fetch_one(&self.read).await?;
        Ok(Count::capped(found))
    }

    /// A deadline filter's count, run by run: each a range of the `cases_runs` index, read
    /// without touching the table when no other filter is set.
    async fn count_runs(
        &self,
        sel: &Selection<'_>,
        which: DeadlineFilter,
    ) -> Result<Count, StoreError> {
        let (filter, clock) = (sel.filter, sel.clock);
        let mut found = 0i64;
        // Runs hold no possible spam.
        for run in Run::ALL.into_iter().filter(|_| !filter.spam) {
            let mut qb = sel.count();
            qb.push(" AND c.queue_run = ");
            qb.push_bind(run.number());
            push_range(&mut qb, clock.range(run, which));
            push_filter(&mut qb, sel, Spam::Implied, false);
            qb.push(" LIMIT ");
            qb.push_bind(COUNT_CAP + 1 - found);
            close_count(&mut qb);
            let n: i64 = qb.build_query_scalar()?.fetch_one(&self.read).await?;
            found += n;
            if found > COUNT_CAP {
                break;
            }
        }
        Ok(Count::capped(found))
    }

    fn select_rows(&self, sel: &Selection<'_>, spam: Spam, deadline: bool) -> Sql {
        let mut qb = sel.select_joined(COLUMNS, "LEFT JOIN accounts a ON a.id = c.assignee");
        push_filter(&mut qb, sel, spam, deadline);
        qb
    }

    /// Rows `offset .. offset + limit` of the deadline order.
    async fn deadline_rows(
        &self,
        sel: &Selection<'_>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<super::DbRow>, StoreError> {
        let (filter, clock) = (sel.filter, sel.clock);
        let want = offset.saturating_add(limit);
        // Each run's keys in received order, at most `want` of each, merged by due day: read
        // from the `cases_runs` index alone when no other filter is set. Possible spam is in
        // no run.
        let mut keyed: Vec<(Date, String)> = Vec::new();
        for run in Run::ALL.into_iter().filter(|_| !filter.spam) {
            let mut qb = sel.select("c.id, c.received_day");
            qb.push(" AND c.queue_run = ");
            qb.push_bind(run.number());
            push_filter(&mut qb, sel, Spam::Implied, false);
            if let Some(which) = filter.deadline {
                push_range(&mut qb, clock.range(run, which));
            }
            qb.push(" ORDER BY c.received_day ASC, c.id ASC LIMIT ");
            qb.push_bind(want);
            let days = i64::from(clock.deadlines.run_days(run));
            for row in qb.build()?.fetch_all(&self.read).await? {
                let received: String = row.try_get("received_day")?;
                let day = crate::domain::case::ReceivedDay::parse(&received)
                    .ok_or_else(|| corrupt("day", &received))?
                    .date();
                let due = day.checked_add(Duration::days(days)).unwrap_or(Date::MAX);
                keyed.push((due, row.try_get("id")?));
            }
        }
        keyed.sort();
        // If any run was cut at `want`, the merged keys fill the page; otherwise they are
        // every case with a deadline, and the page may reach past them.
        let keyed_total = i64::try_from(keyed.len()).unwrap_or(i64::MAX);
        let skip = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(0);
        let page: Vec<String> = keyed
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|k| k.1)
            .collect();
        let mut out = self.rows_by_id(&page).await?;
        let missing = limit.saturating_sub(len(&out));
        if missing > 0 && filter.deadline.is_none() {
            // The rest: cases without a deadline, newest first.
            let rest_offset = offset.saturating_sub(keyed_total).max(0);
            let mut qb = self.select_rows(sel, Spam::Bind, false);
            qb.push(" AND c.queue_run = 0 ORDER BY c.received_day DESC, c.id DESC LIMIT ");
            qb.push_bind(missing);
            qb.push(" OFFSET ");
            qb.push_bind(rest_offset);
            out.extend(qb.build()?.fetch_all(&self.read).await?);
        }
        Ok(out)
    }

    /// Whether the filter's label is on few cases (at most the count's cap) or many.
    async fn label_size(&self, filter: &Filter) -> Result<LabelSize, StoreError> {
        let Some(label) = &filter.label else {
            return Ok(LabelSize::Many);
        };
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM case_labels WHERE label = $1 LIMIT $2) AS l",
        )
        .bind(label)
        .bind(COUNT_CAP + 1)
        .fetch_one(&self.read)
        .await?;
        Ok(if n > COUNT_CAP {
            LabelSize::Many
        } else {
            LabelSize::Few
        })
    }

    /// The queue rows of these cases, in this order.
    async fn rows_by_id(&self, ids: &[String]) -> Result<Vec<super::DbRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = Sql::new(format!(
            "SELECT {COLUMNS} FROM cases c LEFT JOIN accounts a ON a.id = c.assignee \
             WHERE c.id IN ("
        ));
        qb.push_list(ids.iter().cloned());
        qb.push(")");
        let mut by_id: HashMap<String, super::DbRow> = HashMap::new();
        for row in qb.build()?.fetch_all(&self.read).await? {
            by_id.insert(row.try_get("id")?, row);
        }
        // A case deleted between the two reads is left out, not an error.
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Labels and readability for the cases of one page.
    async fn decorate(
        &self,
        viewer: &AccountId,
        items: &mut [QueueItem],
    ) -> Result<(), StoreError> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = items.iter().map(|i| i.id.as_str().to_owned()).collect();
        let mut qb = Sql::new("SELECT case_id, label FROM case_labels WHERE case_id IN (");
        qb.push_list(ids.iter().cloned());
        qb.push(") ORDER BY label");
        let mut labels: HashMap<String, Vec<String>> = HashMap::new();
        for r in qb.build()?.fetch_all(&self.read).await? {
            labels
                .entry(r.try_get("case_id")?)
                .or_default()
                .push(r.try_get("label")?);
        }
        let mut qb = Sql::new("SELECT case_id FROM case_key_wraps WHERE reader = ");
        qb.push_bind(AccountReader::label(viewer));
        qb.push(" AND case_id IN (");
        qb.push_list(ids.iter().cloned());
        qb.push(")");
        let readable: HashSet<String> = qb
            .build_query_scalar()?
            .fetch_all(&self.read)
            .await?
            .into_iter()
            .collect();
        for item in items {
            item.readable = readable.contains(item.id.as_str());
            item.labels = labels.remove(item.id.as_str()).unwrap_or_default();
        }
        Ok(())
    }

    /// The counts above the queue: the tally, and the two deadline counts up to the cap.
    pub async fn queue_counts(&self, clock: &QueueClock) -> Result<QueueCounts, StoreError> {
        let rows = sqlx::query("SELECT possible_spam, status, cases, unread FROM case_tally")
            .fetch_all(&self.read)
            .await?;
        let mut out = QueueCounts {
            by_status: Status::ALL.into_iter().map(|s| (s, 0)).collect(),
            ..QueueCounts::default()
        };
        for r in rows {
            let status: String = r.try_get("status")?;
            let spam: i64 = r.try_get("possible_spam")?;
            let n: i64 = r.try_get("cases")?;
            if spam != 0 {
                out.possible_spam += n;
                continue;
            }
            out.queue += n;
            out.unread += r.try_get::<i64, _>("unread")?;
            let status = Status::parse(&status).ok_or_else(|| corrupt("status", &status))?;
            if let Some(slot) = out.by_status.iter_mut().find(|(s, _)| *s == status) {
                slot.1 += n;
            }
        }
        for (which, slot) in [
            (DeadlineFilter::Overdue, &mut out.overdue),
            (DeadlineFilter::Week, &mut out.week),
        ] {
            let filter = Filter {
                deadline: Some(which),
                ..Filter::default()
            };
            let sel = Selection {
                filter: &filter,
                clock,
                label: LabelSize::Many,
            };
            *slot = self.count_matching(&sel).await?;
        }
        Ok(out)
    }

    /// Whether the tally agrees with the cases it counts (`filimbi audit verify`): the
    /// triggers keep it, and this says so.
    pub async fn tally_matches(&self) -> Result<bool, StoreError> {
        let differing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ( \
               SELECT possible_spam, status, cases, unread FROM case_tally WHERE cases <> 0 \
               EXCEPT SELECT possible_spam, status, COUNT(*), CAST(SUM(CASE WHEN unread_answers <> 0 THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM cases GROUP BY possible_spam, status \
             ) AS d",
        )
        .fetch_one(&self.read)
        .await?;
        let missing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ( \
               SELECT possible_spam, status, COUNT(*), CAST(SUM(CASE WHEN unread_answers <> 0 THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM cases GROUP BY possible_spam, status \
               EXCEPT SELECT possible_spam, status, cases, unread FROM case_tally \
             ) AS m",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(differing == 0 && missing == 0)
    }

    /// Files a case as possible spam, or moves it back to the queue. `false` if no such case.
    pub async fn set_possible_spam(&self, case: &CaseId, spam: bool) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE cases SET possible_spam = $1 WHERE id = $2")
            .bind(i64::from(spam))
            .bind(case.as_str())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

/// A queue row as selected by [`COLUMNS`]; labels and readability are added after.
pub(super) fn row_item(r: &super::DbRow) -> Result<QueueItem, StoreError> {
    use super::accounts::{account_id, account_name};
    use crate::domain::case::ReceivedDay;
    use crate::domain::report::Category;
    let day = |v: Option<String>| {
        v.map(|d| ReceivedDay::parse(&d).ok_or_else(|| corrupt("day", &d)))
            .transpose()
    };
    let id: String = r.try_get("id")?;
    let category: String = r.try_get("category")?;
    let status: String = r.try_get("status")?;
    let received: String = r.try_get("received_day")?;
    let assignee: Option<String> = r.try_get("assignee")?;
    let assignee_name: Option<String> = r.try_get("assignee_name")?;
    let channel: String = r.try_get("channel")?;
    Ok(QueueItem {
        id: CaseId::parse(&id).ok_or_else(|| corrupt("case id", &id))?,
        category: Category::parse(&category).ok_or_else(|| corrupt("category", &category))?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        received_day: ReceivedDay::parse(&received).ok_or_else(|| corrupt("day", &received))?,
        assignee: assignee
            .zip(assignee_name)
            .map(|(id, name)| Ok::<_, StoreError>((account_id(&id)?, account_name(&name)?)))
            .transpose()?,
        acknowledged_day: day(r.try_get("acknowledged_day")?)?,
        feedback_day: day(r.try_get("feedback_day")?)?,
        readable: false,
        unread_answer: r.try_get::<i64, _>("unread_answers")? != 0,
        possible_spam: r.try_get::<i64, _>("possible_spam")? != 0,
        labels: Vec::new(),
        channel: Channel::parse(&channel).ok_or_else(|| corrupt("channel", &channel))?,
    })
}
