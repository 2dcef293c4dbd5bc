//! The queue at scale (migration 0007, src/store/queue.rs): the database's deadline runs and
//! tally agree with the domain's rules after every kind of change, and pages, filters and
//! capped counts past 1 000 cases give what `domain::queue::select` gives.

use sqlx::Connection;

use filimbi::domain::account::AccountId;
use filimbi::domain::case::{Channel, Status};
use filimbi::domain::queue::{
    self, AssigneeFilter, COUNT_CAP, Count, DeadlineFilter, Deadlines, Filter, QueueItem, Run, Sort,
};
use filimbi::domain::report::Category;
use filimbi::store::QueueClock;

use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::staff::*;

/// A case as written straight into the database (the queue reads no content).
#[derive(Clone)]
pub struct CaseRow {
    pub category: &'static str,
    pub status: &'static str,
    pub days_ago: i64,
    pub ack: Option<&'static str>,
    pub feedback: Option<&'static str>,
    pub unread: bool,
    pub spam: bool,
    pub assignee: Option<String>,
    pub labels: Vec<&'static str>,
}

impl Default for CaseRow {
    fn default() -> Self {
        Self {
            category: "other",
            status: "new",
            days_ago: 2,
            ack: None,
            feedback: None,
            unread: false,
            spam: false,
            assignee: None,
            labels: Vec::new(),
        }
    }
}

/// A fresh random 128-bit hex id.
pub fn random_hex() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random");
    hex::encode(b)
}

/// A connection to the instance's database, beside the server's own pools.
pub async fn db(app: &TestApp) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    let url = crate::database::url_of(&app.data_dir()).await;
    sqlx::AnyConnection::connect(&url).await.expect("connect")
}

impl TestApp {
    /// Writes `rows` in one transaction; their ids, in order. Each header carries its MAC, as
    /// one written by the server would (`audit verify` checks it).
    pub async fn insert_rows(&self, rows: &[CaseRow]) -> Vec<String> {
        let key = crate::common::integrity_key(self);
        let mut c = db(self).await;
        let mut tx = c.begin().await.expect("begin");
        let mut ids = Vec::new();
        for row in rows {
            let id = random_hex();
            let day = (time::macros::date!(2026 - 11 - 23) - time::Duration::days(row.days_ago))
                .to_string();
            let case = filimbi::domain::case::CaseId::parse(&id).expect("case id");
            let header_mac = key.record_tag(&filimbi::crypto::sealed::Record::CaseHeader {
                case: &case,
                case_recipient: "age1x",
                whistleblower_recipient: "age1y",
                receipt_salt: "s",
                kind: row.category,
            });
            sqlx::query(
                "INSERT INTO cases (id, category, status, received_day, case_recipient, \
                 receipt_lookup, receipt_salt, whistleblower_recipient, acknowledged_day, \
                 feedback_day, unread_answers, possible_spam, assignee, header_mac) \
                 VALUES ($1, $2, $3, $4, 'age1x', $5, 's', 'age1y', $6, $7, $8, $9, $10, $11)",
            )
            .bind(&id)
            .bind(row.category)
            .bind(row.status)
            .bind(&day)
            .bind(random_hex())
            .bind(row.ack)
            .bind(row.feedback)
            .bind(i64::from(row.unread))
            .bind(i64::from(row.spam))
            .bind(row.assignee.as_deref())
            .bind(header_mac.to_hex())
            .execute(&mut *tx)
            .await
            .expect("insert");
            for label in &row.labels {
                sqlx::query("INSERT INTO case_labels (case_id, label) VALUES ($1, $2)")
                    .bind(&id)
                    .bind(label)
                    .execute(&mut *tx)
                    .await
                    .expect("label");
            }
            ids.push(id);
        }
        tx.commit().await.expect("commit");
        ids
    }
}

/// Every status's stored name.
fn status(i: usize) -> &'static str {
    Status::ALL[i % Status::ALL.len()].as_str()
}

/// Every combination of the fields a deadline run depends on, on a few days.
fn every_combination() -> Vec<CaseRow> {
    let mut rows = Vec::new();
    for (i, status) in Status::ALL.iter().map(|s| s.as_str()).enumerate() {
        for spam in [false, true] {
            for ack in [None, Some("2026-11-01")] {
                for feedback in [None, Some("2026-11-02")] {
                    rows.push(CaseRow {
                        status,
                        spam,
                        ack,
                        feedback,
                        days_ago: [1, 5, 9, 40, 100][i % 5],
                        unread: i % 3 == 0,
                        ..CaseRow::default()
                    });
                }
            }
        }
    }
    rows
}

/// `(id, run number)` as the database keeps them.
async fn stored_runs(app: &TestApp) -> Vec<(String, i64)> {
    let mut c = db(app).await;
    sqlx::query_as("SELECT id, queue_run FROM cases ORDER BY id")
        .fetch_all(&mut c)
        .await
        .expect("runs")
}

async fn check_runs(app: &TestApp, viewer: &AccountId) {
    let items = app.store.queue_items(viewer).await.expect("items");
    let stored = stored_runs(app).await;
    assert_eq!(stored.len(), items.len());
    for item in &items {
        let want = Run::of(item).map_or(0, Run::number);
        let got = stored
            .iter()
            .find(|(id, _)| id == item.id.as_str())
            .map(|(_, run)| *run);
        assert_eq!(got, Some(want), "{item:?}");
    }
}

/// The counts above the queue, from every item, as the domain defines them.
fn expected_counts(items: &[QueueItem], clock: &QueueClock) -> (i64, i64, i64, i64, i64) {
    let queue: Vec<&QueueItem> = items.iter().filter(|i| !i.possible_spam).collect();
    let due = |which: DeadlineFilter| {
        queue
            .iter()
            .filter(|i| which.matches(clock.deadlines.next_due(i), clock.today))
            .count() as i64
    };
    (
        queue.len() as i64,
        (items.len() - queue.len()) as i64,
        queue.iter().filter(|i| i.unread_answer).count() as i64,
        due(DeadlineFilter::Overdue),
        due(DeadlineFilter::Week),
    )
}

async fn check_tally(app: &TestApp, viewer: &AccountId, clock: &QueueClock) {
    assert!(app.store.tally_matches().await.expect("tally"));
    let items = app.store.queue_items(viewer).await.expect("items");
    let counts = app.store.queue_counts(clock).await.expect("counts");
    let (queue, spam, unread, overdue, week) = expected_counts(&items, clock);
    assert_eq!(
        (counts.queue, counts.possible_spam, counts.unread),
        (queue, spam, unread)
    );
    assert_eq!(counts.overdue, Count::capped(overdue));
    assert_eq!(counts.week, Count::capped(week));
    for (status, n) in &counts.by_status {
        let want = items
            .iter()
            .filter(|i| !i.possible_spam && i.status == *status)
            .count() as i64;
        assert_eq!(*n, want, "{status:?}");
    }
}

fn clock() -> QueueClock {
    QueueClock {
        deadlines: Deadlines::default(),
        today: time::macros::date!(2026 - 11 - 23),
    }
}

#[tokio::test]
async fn runs_and_tally_follow_every_insert_update_and_delete() {
    let app = TestApp::new().await;
    let viewer = AccountId::from_random([9; 16]);
    let clock = clock();
    let ids = app.insert_rows(&every_combination()).await;
    check_runs(&app, &viewer).await;
    check_tally(&app, &viewer, &clock).await;

    // Every kind of change the server makes, and some it never makes, written as SQL so
    // that no code path is trusted to keep the runs and the tally.
    let mut c = db(&app).await;
    let changes: [(&str, Option<&str>); 7] = [
        (
            "UPDATE cases SET status = 'investigating', acknowledged_day = '2026-11-20' WHERE id = $1",
            None,
        ),
        (
            "UPDATE cases SET possible_spam = 1 - possible_spam WHERE id = $1",
            None,
        ),
        (
            "UPDATE cases SET unread_answers = CASE WHEN unread_answers = 0 THEN 1 ELSE 0 END \
             WHERE id = $1",
            None,
        ),
        (
            "UPDATE cases SET feedback_day = $2 WHERE id = $1",
            Some("2026-11-21"),
        ),
        (
            "UPDATE cases SET feedback_day = NULL, status = 'new' WHERE id = $1",
            None,
        ),
        ("UPDATE cases SET status = 'closed' WHERE id = $1", None),
        ("DELETE FROM cases WHERE id = $1", None),
    ];
    for (i, id) in ids.iter().enumerate() {
        let (sql, arg) = changes[i % changes.len()];
        let mut q = sqlx::query(sql).bind(id);
        if let Some(a) = arg {
            q = q.bind(a);
        }
        q.execute(&mut c).await.expect("change");
    }
    // A hand-written run is put right at once.
    sqlx::query("UPDATE cases SET queue_run = 7")
        .execute(&mut c)
        .await
        .expect("edit runs");
    check_runs(&app, &viewer).await;
    check_tally(&app, &viewer, &clock).await;

    // A tally edited by hand is caught by `filimbi audit verify`.
    let out = filimbi(app.dir.path(), &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("queue counts agree with the cases"));
    sqlx::query("UPDATE case_tally SET cases = cases + 1 WHERE status = 'new'")
        .execute(&mut c)
        .await
        .expect("edit tally");
    let out = filimbi(app.dir.path(), &["audit", "verify"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("case_tally"), "{}", stderr(&out));
}

/// Every page `(offset, limit)` of every filter in every order is what `domain::queue::select`
/// gives, with `more` and the count as the page shows them. A negative offset counts from the
/// end of the filter's cases.
pub async fn assert_pages_match_domain(
    app: &TestApp,
    viewer: &AccountId,
    clock: &QueueClock,
    everything: &[QueueItem],
    filters: &[Filter],
    offsets: &[(i64, i64)],
) {
    for filter in filters {
        // The tally counts these exactly, whatever their size; the rest stop at the cap.
        let tallied = filter.category.is_none()
            && filter.label.is_none()
            && filter.assignee.is_none()
            && filter.deadline.is_none()
            && !filter.attention;
        for sort in [Sort::Deadline, Sort::Newest, Sort::Oldest] {
            let want: Vec<String> = queue::select(
                everything.to_vec(),
                filter,
                sort,
                &clock.deadlines,
                clock.today,
            )
            .into_iter()
            .map(|i| i.id.as_str().to_owned())
            .collect();
            let total = want.len() as i64;
            for &(offset, limit) in offsets {
                let offset = if offset < 0 {
                    (total + offset).max(0)
                } else {
                    offset
                };
                let page = app
                    .store
                    .queue_page(viewer, filter, sort, clock, offset, limit)
                    .await
                    .expect("page");
                let got: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
                let expect: Vec<&str> = want
                    .iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .map(String::as_str)
                    .collect();
                let at = format!("{filter:?} {sort:?} {offset}+{limit}");
                assert_eq!(got, expect, "{at}");
                assert_eq!(page.more, total > offset + limit, "{at}");
                // A page that reaches the end knows the total.
                let count = if tallied || (!page.more && !page.items.is_empty()) {
                    Count::exact(total)
                } else {
                    Count::capped(total)
                };
                assert_eq!(page.matching, count, "{at}");
            }
        }
    }
}

/// 1 300 cases: more than the count's cap overall, with a label on more than the cap
/// (found along the cases) and one on few (found from its own entries).
fn many_cases(me: &str) -> Vec<CaseRow> {
    (0..1_300)
        .map(|i: usize| {
            let mut labels = Vec::new();
            if i % 5 != 0 {
                labels.push("flood");
            }
            if i % 53 == 0 {
                labels.push("gold");
            }
            CaseRow {
                category: Category::ALL[i % 5].slug(),
                status: status(i),
                days_ago: (i as i64 * 37) % 400,
                ack: (i % 3 == 0).then_some("2026-10-01"),
                feedback: (i % 11 == 0).then_some("2026-10-02"),
                unread: i % 17 == 0,
                spam: i % 13 == 0,
                assignee: (i % 4 == 0).then(|| me.to_owned()),
                labels,
            }
        })
        .collect()
}

#[tokio::test]
async fn pages_filters_and_capped_counts_agree_with_the_domain_past_the_cap() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let mut c = db(&app).await;
    let me: String = sqlx::query_scalar("SELECT id FROM accounts WHERE name = $1")
        .bind(&amani.name)
        .fetch_one(&mut c)
        .await
        .expect("account");
    app.insert_rows(&many_cases(&me)).await;
    // About a sixth of the cases came by SMS and one in sixteen by USSD (ids are random).
    for (channel, first, last) in [("sms", "0", "2"), ("ussd", "3", "3")] {
        sqlx::query("UPDATE cases SET channel = $1 WHERE substr(id, 1, 1) BETWEEN $2 AND $3")
            .bind(channel)
            .bind(first)
            .bind(last)
            .execute(&mut c)
            .await
            .expect("channel");
    }
    let viewer = AccountId::parse(&me).expect("account id");
    let clock = clock();
    let everything = app.store.queue_items(&viewer).await.expect("items");
    let by = |ch| everything.iter().filter(|i| i.channel == ch).count();
    assert!(
        by(Channel::Sms) > 100 && by(Channel::Ussd) > 20,
        "channels set"
    );
    let filters = [
        Filter::default(),
        Filter {
            channel: Some(Channel::Sms),
            ..Filter::default()
        },
        Filter {
            channel: Some(Channel::Ussd),
            deadline: Some(DeadlineFilter::Overdue),
            ..Filter::default()
        },
        Filter {
            channel: Some(Channel::Web),
            label: Some("flood".to_owned()),
            unread: true,
            ..Filter::default()
        },
        Filter {
            spam: true,
            ..Filter::default()
        },
        Filter {
            status: Some(Status::Investigating),
            unread: true,
            ..Filter::default()
        },
        Filter {
            label: Some("flood".to_owned()),
            ..Filter::default()
        },
        Filter {
            label: Some("gold".to_owned()),
            deadline: Some(DeadlineFilter::Overdue),
            ..Filter::default()
        },
        Filter {
            category: Some(Category::FakeWebsite),
            deadline: Some(DeadlineFilter::Overdue),
            ..Filter::default()
        },
        Filter {
            assignee: Some(AssigneeFilter::Account(viewer.clone())),
            ..Filter::default()
        },
        Filter {
            assignee: Some(AssigneeFilter::Nobody),
            attention: true,
            ..Filter::default()
        },
        Filter {
            deadline: Some(DeadlineFilter::Week),
            label: Some("flood".to_owned()),
            ..Filter::default()
        },
    ];
    let offsets = [(0, 50), (50, 50), (990, 50), (1_150, 50), (-3, 50)];
    assert_pages_match_domain(&app, &viewer, &clock, &everything, &filters, &offsets).await;
    assert!(
        everything.len() as i64 > COUNT_CAP,
        "the test reaches past the cap"
    );
}

#[tokio::test]
async fn the_queue_page_says_more_than_the_cap_and_pages_on_past_it() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    // 1 100 new cases received 30 days ago: all overdue for their acknowledgement.
    let rows = vec![
        CaseRow {
            days_ago: 30,
            ..CaseRow::default()
        };
        1_100
    ];
    app.insert_rows(&rows).await;
    let login = app.login(&amani).await;
    let page = app.staff_get("/staff", &login.cookie).await;
    assert!(
        page.body.contains("Queue: <strong>1100</strong>"),
        "exact from the tally"
    );
    assert!(page.body.contains("Overdue: <strong>1000+</strong>"));
    let overdue = app
        .staff_get("/staff?deadline=overdue", &login.cookie)
        .await;
    let shown = by_id(&overdue.body, "shown").unwrap_or_default();
    assert!(shown.contains("of 1000+ cases (page 1 of 20+)"), "{shown}");
    assert!(by_id(&overdue.body, "next").is_some());
    // Past the cap, pages still follow; the last one knows the total.
    let past = app
        .staff_get("/staff?deadline=overdue&page=21", &login.cookie)
        .await;
    let shown = by_id(&past.body, "shown").unwrap_or_default();
    assert!(shown.contains("of 1000+ cases (page 21 of 22+)"), "{shown}");
    let deep = app
        .staff_get("/staff?deadline=overdue&page=22", &login.cookie)
        .await;
    assert_eq!(deep.status, 200);
    let shown = by_id(&deep.body, "shown").unwrap_or_default();
    assert!(
        shown.contains("Showing 50 of 1100 cases (page 22 of 22)"),
        "{shown}"
    );
    assert!(by_id(&deep.body, "next").is_none(), "page 22 is the last");
    assert!(by_id(&deep.body, "prev").is_some());
}
