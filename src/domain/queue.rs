//! The case queue: deadlines, filters and sorting, on plain values (no SQL, no HTTP).
//!
//! Deadlines follow EU Directive 2019/1937 practice: acknowledge a report within 7 days of
//! receipt, and give the whistle-blower feedback within 3 months. Both are configurable.

use time::{Date, Duration};

use super::account::{AccountId, AccountName};
use super::case::{CaseId, Channel, ReceivedDay, Status};
use super::report::Category;

/// The two deadlines, in days after receipt.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// Days to acknowledge.
    pub ack_days: u32,
    /// Days to give feedback.
    pub feedback_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            ack_days: 7,
            feedback_days: 90,
        }
    }
}

/// One case as the queue shows it.
#[derive(Debug, Clone)]
pub struct QueueItem {
    /// Case id.
    pub id: CaseId,
    /// Category.
    pub category: Category,
    /// Status.
    pub status: Status,
    /// Day received.
    pub received_day: ReceivedDay,
    /// Assignee's account id and name.
    pub assignee: Option<(AccountId, AccountName)>,
    /// Day first moved out of `new`.
    pub acknowledged_day: Option<ReceivedDay>,
    /// Day feedback was last given.
    pub feedback_day: Option<ReceivedDay>,
    /// Labels.
    pub labels: Vec<String>,
    /// Whether the viewing account holds a key wrap for this case.
    pub readable: bool,
    /// Whether the whistle-blower answered and no investigator has read it yet.
    pub unread_answer: bool,
    /// Filed as possible spam (`domain::spam`): out of the queue and of every deadline until
    /// an investigator moves it back.
    pub possible_spam: bool,
    /// How it came in (web, SMS, USSD): which door, never who.
    pub channel: Channel,
}

/// What is late or coming due on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// Not acknowledged, and the acknowledgement deadline has passed.
    AckOverdue,
    /// Not acknowledged; due on the given day.
    AckDue(Date),
    /// No feedback given, and the feedback deadline has passed.
    FeedbackOverdue,
    /// No feedback given yet; due on the given day.
    FeedbackDue(Date),
}

impl Alert {
    /// Whether this alert makes the case need attention now.
    pub fn is_overdue(self) -> bool {
        matches!(self, Alert::AckOverdue | Alert::FeedbackOverdue)
    }
}

/// Whether a status means the case is finished (no deadlines apply).
pub fn is_finished(status: Status) -> bool {
    matches!(status, Status::Dismissed | Status::Spam | Status::Closed)
}

impl Deadlines {
    /// The alerts for a case on `today`.
    pub fn alerts(&self, item: &QueueItem, today: Date) -> Vec<Alert> {
        let mut out = Vec::new();
        // Possible spam counts against no deadline: a flood of it must not bury real reports
        // under overdue alerts.
        if is_finished(item.status) || item.possible_spam {
            return out;
        }
        let received = item.received_day.date();
        if item.acknowledged_day.is_none() && item.status == Status::New {
            if let Some(due) = add_days(received, self.ack_days) {
                out.push(if today > due {
                    Alert::AckOverdue
                } else {
                    Alert::AckDue(due)
                });
            }
        }
        if item.feedback_day.is_none() {
            if let Some(due) = add_days(received, self.feedback_days) {
                out.push(if today > due {
                    Alert::FeedbackOverdue
                } else {
                    Alert::FeedbackDue(due)
                });
            }
        }
        out
    }

    /// Whether the case needs attention on `today`: a deadline has passed, or it is new and
    /// nobody is assigned.
    pub fn needs_attention(&self, item: &QueueItem, today: Date) -> bool {
        self.alerts(item, today).iter().any(|a| a.is_overdue())
            || (item.status == Status::New && item.assignee.is_none())
    }

    /// The nearest open deadline of a case, for sorting and the deadline filter.
    pub fn next_due(&self, item: &QueueItem) -> Option<Date> {
        let run = Run::of(item)?;
        add_days(item.received_day.date(), self.run_days(run))
    }

    /// Days from receipt to the nearest deadline of the cases in `run`.
    pub fn run_days(&self, run: Run) -> u32 {
        match run {
            Run::Both => self.ack_days.min(self.feedback_days),
            Run::Ack => self.ack_days,
            Run::Feedback => self.feedback_days,
        }
    }
}

/// Which deadlines a case still waits for, from its own fields alone (no clock): the queue's
/// deadline order is these runs merged, each in received order, because within a run the
/// nearest deadline is the received day plus a fixed number of days
/// ([`Deadlines::run_days`]). The database keeps the same classification as a generated
/// column (`queue_run`, migrations/sqlite/0007_queue_at_scale.sql) so that it can hand each
/// run out in order a page at a time; a test holds the two to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// Acknowledgement and feedback both pending.
    Both,
    /// Only the acknowledgement pending (feedback was given first).
    Ack,
    /// Only feedback pending.
    Feedback,
}

impl Run {
    /// The three runs, in the order of their numbers.
    pub const ALL: [Run; 3] = [Run::Both, Run::Ack, Run::Feedback];

    /// The run of a case, or `None` if no deadline applies (finished, possible spam, or
    /// acknowledged with feedback given).
    pub fn of(item: &QueueItem) -> Option<Run> {
        if is_finished(item.status) || item.possible_spam {
            return None;
        }
        let ack = item.acknowledged_day.is_none() && item.status == Status::New;
        match (ack, item.feedback_day.is_none()) {
            (true, true) => Some(Run::Both),
            (true, false) => Some(Run::Ack),
            (false, true) => Some(Run::Feedback),
            (false, false) => None,
        }
    }

    /// The run of a case just received (status `new`, nothing acknowledged or given): both
    /// deadlines, unless it is filed as possible spam. The store writes this with the case so
    /// that SQLite's insert trigger, which otherwise puts `queue_run` right with a second
    /// write of the row and four of its indexes, finds nothing to do.
    pub fn of_new(possible_spam: bool) -> Option<Run> {
        (!possible_spam).then_some(Run::Both)
    }

    /// The column value of `run` (0 is "no deadline").
    pub fn column(run: Option<Run>) -> i64 {
        run.map_or(0, Run::number)
    }

    /// The run's number in the database's `queue_run` column (0 is "no deadline").
    pub fn number(self) -> i64 {
        match self {
            Run::Both => 1,
            Run::Ack => 2,
            Run::Feedback => 3,
        }
    }
}

/// A count that may stop early. After a flood, counting every case a filter selects costs a
/// walk over all of them on every page view; the queue counts up to [`COUNT_CAP`] and says
/// "more" past it, which is all a person deciding where to start needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    /// The count, or the cap when there are more.
    pub n: i64,
    /// Whether there are more than `n`.
    pub more: bool,
}

/// Where capped counts stop.
pub const COUNT_CAP: i64 = 1_000;

impl Count {
    /// An exact count.
    pub fn exact(n: i64) -> Self {
        Self { n, more: false }
    }

    /// What counting up to `COUNT_CAP + 1` found.
    pub fn capped(found: i64) -> Self {
        if found > COUNT_CAP {
            Self {
                n: COUNT_CAP,
                more: true,
            }
        } else {
            Self::exact(found)
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.more {
            write!(f, "{}+", self.n)
        } else {
            write!(f, "{}", self.n)
        }
    }
}

/// `day` plus `days`, or `None` past the end of the calendar (a misconfigured deadline must
/// not panic a page).
fn add_days(day: Date, days: u32) -> Option<Date> {
    day.checked_add(Duration::days(i64::from(days)))
}

/// Who a case is assigned to, as a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Assigned to this account.
    Account(AccountId),
    /// Nobody.
    Nobody,
}

/// Queue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Nearest deadline first (finished cases last).
    #[default]
    Deadline,
    /// Most recently received first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl Sort {
    /// Query-string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deadline => "deadline",
            Self::Newest => "newest",
            Self::Oldest => "oldest",
        }
    }

    /// Inverse of [`Sort::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Deadline, Self::Newest, Self::Oldest]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

impl std::str::FromStr for Sort {
    type Err = super::names::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::names::UnknownName::new("sort order", s))
    }
}

/// The queue's filters; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Status.
    pub status: Option<Status>,
    /// Category.
    pub category: Option<Category>,
    /// How the case came in.
    pub channel: Option<Channel>,
    /// Label.
    pub label: Option<String>,
    /// Assignee.
    pub assignee: Option<AssigneeFilter>,
    /// Only cases that need attention.
    pub attention: bool,
    /// Only cases with an answer nobody has read.
    pub unread: bool,
    /// Only cases whose nearest deadline is so.
    pub deadline: Option<DeadlineFilter>,
    /// The "possible spam" view instead of the queue.
    pub spam: bool,
    /// Only these cases: what a search by identifier found in the session's index
    /// (`services::workspace::related`); the other filters still apply.
    pub only: Option<Vec<CaseId>>,
}

/// The deadline filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineFilter {
    /// A deadline has passed.
    Overdue,
    /// The nearest deadline falls within the next [`WEEK`] days (not yet passed).
    Week,
}

/// The horizon of [`DeadlineFilter::Week`], in days.
pub const WEEK: u32 = 7;

impl DeadlineFilter {
    /// Query-string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::Week => "week",
        }
    }

    /// Whether a case with nearest deadline `due` matches on `today`.
    pub fn matches(self, due: Option<Date>, today: Date) -> bool {
        let Some(due) = due else { return false };
        match self {
            Self::Overdue => due < today,
            Self::Week => due >= today && due <= add_days(today, WEEK).unwrap_or(Date::MAX),
        }
    }
}

impl std::str::FromStr for DeadlineFilter {
    type Err = super::names::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Overdue, Self::Week]
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| super::names::UnknownName::new("deadline filter", s))
    }
}

/// Applies `filter` and `sort` to `items`.
pub fn select(
    mut items: Vec<QueueItem>,
    filter: &Filter,
    sort: Sort,
    deadlines: &Deadlines,
    today: Date,
) -> Vec<QueueItem> {
    items.retain(|i| {
        i.possible_spam == filter.spam
            && (!filter.unread || i.unread_answer)
            && filter
                .deadline
                .is_none_or(|d| d.matches(deadlines.next_due(i), today))
            && filter.status.is_none_or(|s| i.status == s)
            && filter.category.is_none_or(|c| i.category == c)
            && filter.channel.is_none_or(|c| i.channel == c)
            && filter
                .label
                .as_ref()
                .is_none_or(|l| i.labels.iter().any(|x| x == l))
            && filter.assignee.as_ref().is_none_or(|a| match a {
                AssigneeFilter::Nobody => i.assignee.is_none(),
                AssigneeFilter::Account(id) => i.assignee.as_ref().is_some_and(|(x, _)| x == id),
            })
            && (!filter.attention || deadlines.needs_attention(i, today))
            && filter.only.as_ref().is_none_or(|only| only.contains(&i.id))
    });
    match sort {
        // Ties between cases of one day go by id (random, so no arrival order), descending
        // where the days are: the database then walks one index backwards.
        Sort::Newest => items.sort_by(|a, b| {
            (b.received_day.date(), b.id.as_str()).cmp(&(a.received_day.date(), a.id.as_str()))
        }),
        Sort::Oldest => items.sort_by(|a, b| {
            a.received_day
                .date()
                .cmp(&b.received_day.date())
                .then_with(|| a.id.as_str().cmp(b.id.as_str()))
        }),
        Sort::Deadline => items.sort_by(|a, b| {
            let (da, db) = (deadlines.next_due(a), deadlines.next_due(b));
            // Cases with a deadline first, nearest first; finished ones after, newest first.
            match (da, db) {
                (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.id.as_str().cmp(b.id.as_str())),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => (b.received_day.date(), b.id.as_str())
                    .cmp(&(a.received_day.date(), a.id.as_str())),
            }
        }),
    }
    items
}

/// Counts per status, in [`Status::ALL`] order.
pub fn counts_by_status(items: &[QueueItem]) -> Vec<(Status, usize)> {
    Status::ALL
        .into_iter()
        .map(|s| (s, items.iter().filter(|i| i.status == s).count()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn item(day: Date, status: Status) -> QueueItem {
        QueueItem {
            unread_answer: false,
            possible_spam: false,
            id: CaseId::from_random([day.day(); 16]),
            category: Category::ALL[0],
            status,
            received_day: ReceivedDay::new(day),
            assignee: None,
            acknowledged_day: None,
            feedback_day: None,
            labels: vec![],
            readable: true,
            channel: Channel::Web,
        }
    }

    #[test]
    fn a_new_case_is_in_the_run_its_fields_give() {
        for spam in [false, true] {
            let mut new = item(date!(2026 - 11 - 20), Status::New);
            new.possible_spam = spam;
            assert_eq!(Run::of_new(spam), Run::of(&new));
        }
        assert_eq!(Run::column(Run::of_new(false)), 1);
        assert_eq!(Run::column(Run::of_new(true)), 0);
    }

    #[test]
    fn deadlines() {
        let d = Deadlines::default();
        let today = date!(2026 - 11 - 23);
        let fresh = item(date!(2026 - 11 - 20), Status::New);
        assert_eq!(
            d.alerts(&fresh, today),
            vec![
                Alert::AckDue(date!(2026 - 11 - 27)),
                Alert::FeedbackDue(date!(2027 - 02 - 18))
            ]
        );
        let late = item(date!(2026 - 11 - 10), Status::New);
        assert_eq!(d.alerts(&late, today)[0], Alert::AckOverdue);
        assert!(d.needs_attention(&late, today));
        let mut old = item(date!(2026 - 08 - 01), Status::Investigating);
        old.acknowledged_day = Some(ReceivedDay::new(date!(2026 - 08 - 02)));
        assert_eq!(d.alerts(&old, today), vec![Alert::FeedbackOverdue]);
        old.feedback_day = Some(ReceivedDay::new(date!(2026 - 09 - 01)));
        assert!(d.alerts(&old, today).is_empty());
        assert!(
            d.alerts(&item(date!(2020 - 01 - 01), Status::Closed), today)
                .is_empty()
        );
    }

    #[test]
    fn filters_and_sorting() {
        let d = Deadlines::default();
        let today = date!(2026 - 11 - 23);
        let mut a = item(date!(2026 - 11 - 01), Status::New);
        a.labels = vec!["gold".into()];
        let b = item(date!(2026 - 11 - 20), Status::Spam);
        let mut c = item(date!(2026 - 11 - 15), Status::Investigating);
        let amani = AccountId::from_random([1; 16]);
        c.assignee = Some((amani.clone(), AccountName::parse("amani").unwrap()));
        c.acknowledged_day = Some(ReceivedDay::new(date!(2026 - 11 - 16)));
        let all = vec![a.clone(), b.clone(), c.clone()];
        let by = |f: Filter, s: Sort| {
            select(all.clone(), &f, s, &d, today)
                .into_iter()
                .map(|i| i.received_day.iso())
                .collect::<Vec<_>>()
        };
        assert_eq!(by(Filter::default(), Sort::Oldest)[0], "2026-11-01");
        assert_eq!(by(Filter::default(), Sort::Newest)[0], "2026-11-20");
        assert_eq!(
            by(Filter::default(), Sort::Deadline),
            vec!["2026-11-01", "2026-11-15", "2026-11-20"]
        );
        let label = Filter {
            label: Some("gold".into()),
            ..Filter::default()
        };
        assert_eq!(by(label, Sort::Oldest), vec!["2026-11-01"]);
        let mine = Filter {
            assignee: Some(AssigneeFilter::Account(amani)),
            ..Filter::default()
        };
        assert_eq!(by(mine, Sort::Oldest), vec!["2026-11-15"]);
        let someone_else = Filter {
            assignee: Some(AssigneeFilter::Account(AccountId::from_random([2; 16]))),
            ..Filter::default()
        };
        assert!(by(someone_else, Sort::Oldest).is_empty());
        let attention = Filter {
            attention: true,
            ..Filter::default()
        };
        assert_eq!(by(attention, Sort::Oldest), vec!["2026-11-01"]);
        assert_eq!(counts_by_status(&all)[0], (Status::New, 1));
    }
}
