//! The queue page in SQL: filters, counts, order and one page of cases, so that the work per
//! page does not grow with the number of cases (`benches/queue.rs`).
//!
//! Deadlines are days after the received day. Comparisons are between ISO days
//! (`YYYY-MM-DD` sorts as it reads) and bounds computed here from today and the deadlines, so
//! no date function of one database is needed. The deadline order is a merge of three runs
//! that each follow the received day (acknowledgement due, feedback due, both), read with a
//! `LIMIT` each, then the cases without a deadline, newest first.

use std::collections::{HashMap, HashSet};

use sqlx::{QueryBuilder, Row, Sqlite};
use time::{Date, Duration};

use crate::crypto::seal::AccountReader;
use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, Status};
use crate::domain::queue::{AssigneeFilter, DeadlineFilter, Deadlines, Filter, QueueItem, Sort};

use super::{Store, StoreError};

/// One page of the queue.
#[derive(Debug, Default)]
pub struct QueuePageRows {
    /// The cases on this page, in order.
    pub items: Vec<QueueItem>,
    /// How many cases the filters select (all pages).
    pub matching: i64,
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
    pub overdue: i64,
    /// Cases in the queue whose nearest deadline is within a week.
    pub week: i64,
}

/// What a query needs to know about time.
#[derive(Debug, Clone, Copy)]
pub struct QueueClock {
    /// The deadlines in force.
    pub deadlines: Deadlines,
    /// Today.
    pub today: Date,
}

const FINISHED: &str = "('dismissed', 'spam', 'closed')";
const COLUMNS: &str = "c.id, c.category, c.status, c.received_day, c.assignee, \
     a.name AS assignee_name, c.acknowledged_day, c.feedback_day, c.unread_answers, \
     c.possible_spam";

fn shift(day: Date, days: i64) -> String {
    day.checked_add(Duration::days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
        .to_string()
}

impl QueueClock {
    /// Received on or before this day: the acknowledgement is overdue (if pending).
    fn ack_overdue_upto(&self) -> String {
        shift(self.today, -i64::from(self.deadlines.ack_days) - 1)
    }

    fn feedback_overdue_upto(&self) -> String {
        shift(self.today, -i64::from(self.deadlines.feedback_days) - 1)
    }

    /// Received on or before this day: the acknowledgement is due within a week.
    fn ack_week_upto(&self) -> String {
        shift(
            self.today,
            i64::from(crate::domain::queue::WEEK) - i64::from(self.deadlines.ack_days),
        )
    }

    fn feedback_week_upto(&self) -> String {
        shift(
            self.today,
            i64::from(crate::domain::queue::WEEK) - i64::from(self.deadlines.feedback_days),
        )
    }
}

/// ` AND (a deadline has passed)` for open, non-spam cases.
fn push_overdue(qb: &mut QueryBuilder<Sqlite>, clock: &QueueClock) {
    qb.push(format!(
        " AND c.possible_spam = 0 AND c.status NOT IN {FINISHED} AND \
         ((c.status = 'new' AND c.acknowledged_day IS NULL AND c.received_day <= "
    ));
    qb.push_bind(clock.ack_overdue_upto());
    qb.push(") OR (c.feedback_day IS NULL AND c.received_day <= ");
    qb.push_bind(clock.feedback_overdue_upto());
    qb.push("))");
}

fn push_not_overdue_within_week(qb: &mut QueryBuilder<Sqlite>, clock: &QueueClock) {
    qb.push(format!(
        " AND c.possible_spam = 0 AND c.status NOT IN {FINISHED} AND NOT \
         ((c.status = 'new' AND c.acknowledged_day IS NULL AND c.received_day <= "
    ));
    qb.push_bind(clock.ack_overdue_upto());
    qb.push(") OR (c.feedback_day IS NULL AND c.received_day <= ");
    qb.push_bind(clock.feedback_overdue_upto());
    qb.push(")) AND ((c.status = 'new' AND c.acknowledged_day IS NULL AND c.received_day <= ");
    qb.push_bind(clock.ack_week_upto());
    qb.push(") OR (c.feedback_day IS NULL AND c.received_day <= ");
    qb.push_bind(clock.feedback_week_upto());
    qb.push("))");
}

/// ` AND …` for every filter.
fn push_filter(qb: &mut QueryBuilder<Sqlite>, filter: &Filter, clock: &QueueClock) {
    qb.push(" AND c.possible_spam = ");
    qb.push_bind(i64::from(filter.spam));
    if let Some(s) = filter.status {
        qb.push(" AND c.status = ");
        qb.push_bind(s.as_str());
    }
    if let Some(c) = filter.category {
        qb.push(" AND c.category = ");
        qb.push_bind(c.slug());
    }
    if let Some(l) = &filter.label {
        qb.push(" AND EXISTS (SELECT 1 FROM case_labels l WHERE l.case_id = c.id AND l.label = ");
        qb.push_bind(l.clone());
        qb.push(")");
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
    match filter.deadline {
        None => {}
        Some(DeadlineFilter::Overdue) => push_overdue(qb, clock),
        Some(DeadlineFilter::Week) => push_not_overdue_within_week(qb, clock),
    }
    if filter.attention {
        // Needs attention: a deadline has passed, or new and nobody assigned.
        qb.push(format!(
            " AND ((c.possible_spam = 0 AND c.status NOT IN {FINISHED} AND \
             ((c.status = 'new' AND c.acknowledged_day IS NULL AND c.received_day <= "
        ));
        qb.push_bind(clock.ack_overdue_upto());
        qb.push(") OR (c.feedback_day IS NULL AND c.received_day <= ");
        qb.push_bind(clock.feedback_overdue_upto());
        qb.push("))) OR (c.status = 'new' AND c.assignee IS NULL))");
    }
}

/// The runs of the deadline order: a condition, and how many days after the received day
/// the nearest deadline of its cases falls.
fn runs(clock: &QueueClock) -> [(String, i64); 3] {
    let ack = i64::from(clock.deadlines.ack_days);
    let feedback = i64::from(clock.deadlines.feedback_days);
    let open = format!("c.possible_spam = 0 AND c.status NOT IN {FINISHED}");
    let ack_pending = "c.status = 'new' AND c.acknowledged_day IS NULL";
    [
        (
            format!("{open} AND {ack_pending} AND c.feedback_day IS NULL"),
            ack.min(feedback),
        ),
        (
            format!("{open} AND {ack_pending} AND c.feedback_day IS NOT NULL"),
            ack,
        ),
        (
            format!("{open} AND NOT ({ack_pending}) AND c.feedback_day IS NULL"),
            feedback,
        ),
    ]
}

/// Cases without a deadline (finished, possible spam, or nothing pending).
fn no_deadline(clock: &QueueClock) -> String {
    let keyed = runs(clock)
        .iter()
        .map(|(cond, _)| format!("({cond})"))
        .collect::<Vec<_>>()
        .join(" OR ");
    format!("NOT ({keyed})")
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
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
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM cases c WHERE 1 = 1");
        push_filter(&mut count, filter, clock);
        let matching: i64 = count.build_query_scalar().fetch_one(&self.read).await?;
        let rows = match sort {
            Sort::Newest | Sort::Oldest => {
                let dir = if sort == Sort::Newest { "DESC" } else { "ASC" };
                let mut qb = self.select_rows("1 = 1", filter, clock);
                qb.push(format!(" ORDER BY c.received_day {dir}, c.id ASC LIMIT "));
                qb.push_bind(limit);
                qb.push(" OFFSET ");
                qb.push_bind(offset);
                qb.build().fetch_all(&self.read).await?
            }
            Sort::Deadline => self.deadline_rows(filter, clock, offset, limit).await?,
        };
        let mut items = rows.iter().map(row_item).collect::<Result<Vec<_>, _>>()?;
        self.decorate(viewer, &mut items).await?;
        Ok(QueuePageRows { items, matching })
    }

    fn select_rows(&self, cond: &str, filter: &Filter, clock: &QueueClock) -> QueryBuilder<Sqlite> {
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM cases c LEFT JOIN accounts a ON a.id = c.assignee \
             WHERE ({cond})"
        ));
        push_filter(&mut qb, filter, clock);
        qb
    }

    async fn deadline_rows(
        &self,
        filter: &Filter,
        clock: &QueueClock,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<sqlx::sqlite::SqliteRow>, StoreError> {
        let want = offset.saturating_add(limit);
        // Each run in received order, at most `want` of each, merged by due day.
        let mut keyed: Vec<(Date, String, sqlx::sqlite::SqliteRow)> = Vec::new();
        // Runs that ended before `want` rows: their whole length is then known without a count.
        let mut short_runs = true;
        for (cond, days) in runs(clock) {
            let mut qb = self.select_rows(&cond, filter, clock);
            qb.push(" ORDER BY c.received_day ASC, c.id ASC LIMIT ");
            qb.push_bind(want);
            let rows = qb.build().fetch_all(&self.read).await?;
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= want {
                short_runs = false;
            }
            for row in rows {
                let received: String = row.try_get("received_day")?;
                let id: String = row.try_get("id")?;
                let day = crate::domain::case::ReceivedDay::parse(&received)
                    .ok_or_else(|| corrupt("day", &received))?
                    .date();
                let due = day.checked_add(Duration::days(days)).unwrap_or(Date::MAX);
                keyed.push((due, id, row));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let keyed_len = keyed.len();
        let skip = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(0);
        let mut out: Vec<_> = keyed
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|(_, _, r)| r)
            .collect();
        let missing = limit.saturating_sub(i64::try_from(out.len()).unwrap_or(i64::MAX));
        if missing > 0 {
            // The page reaches past the cases with a deadline: the rest, newest first. If no
            // run was cut at `want`, the merged rows are all the cases with a deadline.
            let keyed_total = if short_runs {
                i64::try_from(keyed_len).unwrap_or(i64::MAX)
            } else {
                let mut total = 0i64;
                for (cond, _) in runs(clock) {
                    let mut count = QueryBuilder::<Sqlite>::new(format!(
                        "SELECT COUNT(*) FROM cases c WHERE ({cond})"
                    ));
                    push_filter(&mut count, filter, clock);
                    let n: i64 = count.build_query_scalar().fetch_one(&self.read).await?;
                    total = total.saturating_add(n);
                }
                total
            };
            let rest_offset = offset.saturating_sub(keyed_total).max(0);
            let mut qb = self.select_rows(&no_deadline(clock), filter, clock);
            qb.push(" ORDER BY c.received_day DESC, c.id ASC LIMIT ");
            qb.push_bind(missing);
            qb.push(" OFFSET ");
            qb.push_bind(rest_offset);
            out.extend(qb.build().fetch_all(&self.read).await?);
        }
        Ok(out)
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
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT case_id, label FROM case_labels WHERE case_id IN (",
        );
        let mut sep = qb.separated(", ");
        for id in &ids {
            sep.push_bind(id.clone());
        }
        qb.push(") ORDER BY label");
        let mut labels: HashMap<String, Vec<String>> = HashMap::new();
        for r in qb.build().fetch_all(&self.read).await? {
            labels
                .entry(r.try_get("case_id")?)
                .or_default()
                .push(r.try_get("label")?);
        }
        let mut qb =
            QueryBuilder::<Sqlite>::new("SELECT case_id FROM case_key_wraps WHERE reader = ");
        qb.push_bind(AccountReader::label(viewer));
        qb.push(" AND case_id IN (");
        let mut sep = qb.separated(", ");
        for id in &ids {
            sep.push_bind(id.clone());
        }
        qb.push(")");
        let readable: HashSet<String> = qb
            .build_query_scalar()
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

    /// The counts above the queue.
    pub async fn queue_counts(&self, clock: &QueueClock) -> Result<QueueCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT status, possible_spam, COUNT(*) AS n, \
             SUM(CASE WHEN unread_answers <> 0 THEN 1 ELSE 0 END) AS unread \
             FROM cases GROUP BY status, possible_spam",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out = QueueCounts {
            by_status: Status::ALL.into_iter().map(|s| (s, 0)).collect(),
            ..QueueCounts::default()
        };
        for r in rows {
            let status: String = r.try_get("status")?;
            let spam: i64 = r.try_get("possible_spam")?;
            let n: i64 = r.try_get("n")?;
            if spam != 0 {
                out.possible_spam += n;
                continue;
            }
            out.queue += n;
            out.unread += r.try_get::<Option<i64>, _>("unread")?.unwrap_or(0);
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
            let mut qb = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM cases c WHERE 1 = 1");
            push_filter(&mut qb, &filter, clock);
            *slot = qb.build_query_scalar().fetch_one(&self.read).await?;
        }
        Ok(out)
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
pub(super) fn row_item(r: &sqlx::sqlite::SqliteRow) -> Result<QueueItem, StoreError> {
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
    })
}
