//! The queue page's server time after a flood: what the page asks the database (one page of
//! 50 in deadline order, the filtered count, the counts above the queue, labels and readability
//! of the page's cases) at 1 000, 10 000 and 100 000 cases, as ratios to the time at 1 000
//! measured in the same run. Flat means the work per page does not follow the number of cases.
//!
//! Run: `cargo bench --bench queue` (FILIMBI_BENCH_ROUNDS sets the timed rounds per query,
//! default 30; the median is printed). Cases are written straight into the database (the
//! queue reads no content): received over two years, a mix of statuses and kinds, 1 in 20
//! filed as possible spam, 1 in 50 with an unread answer, 1 in 25 assigned to the viewer.
//!
//! The last view, a kind nobody reports (delisting requests are 1 in 1 000 here), is the
//! one that is not flat: a filter that selects almost nothing walks every case to fill its
//! page and its count. It is printed so that the cost is seen, not hidden.

use std::time::{Duration, Instant};

use filimbi::crypto::sealed::IntegrityKey;
use filimbi::crypto::server_secret::ServerSecret;
use filimbi::domain::account::AccountId;
use filimbi::domain::queue::{AssigneeFilter, Count, DeadlineFilter, Deadlines, Filter, Sort};
use filimbi::domain::report::Category;
use filimbi::store::{QueueClock, Store};
use sqlx::Connection;

mod support;
use support::BenchResult;
use support::cases::{Rng, VIEWER_HEX, insert};

const PAGE: i64 = 50;

/// The median time of what the queue page asks the database, for one filter and order.
async fn page_time(
    store: &Store,
    viewer: &AccountId,
    clock: &QueueClock,
    filter: &Filter,
    sort: Sort,
    page: i64,
    rounds: usize,
) -> BenchResult<(Duration, Duration, usize, Count)> {
    let mut times = Vec::with_capacity(rounds);
    let mut count_times = Vec::with_capacity(rounds);
    let (mut shown, mut matching) = (0, Count::default());
    for round in 0..=rounds {
        let t0 = Instant::now();
        let rows = store
            .queue_page(viewer, filter, sort, clock, (page - 1) * PAGE, PAGE)
            .await?;
        let t1 = Instant::now();
        let counts = store.queue_counts(clock).await?;
        std::hint::black_box(&counts);
        if round > 0 {
            // The first round warms the cache.
            times.push(t0.elapsed());
            count_times.push(t1.elapsed());
        }
        shown = rows.items.len();
        matching = rows.matching;
    }
    Ok((median(times), median(count_times), shown, matching))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let rounds: usize = std::env::var("FILIMBI_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("queue.sqlite3");
        let key = IntegrityKey::new(&ServerSecret::from_bytes([7; 32]));
        let store = Store::open_file(&path, &key).await?;
        let url = filimbi::store::sqlite_url(&path);
        let viewer = AccountId::from_random([1; 16]);
        assert_eq!(viewer.as_str(), VIEWER_HEX);
        let mut conn = sqlx::SqliteConnection::connect(&url).await?;
        sqlx::query(
            "INSERT INTO accounts (id, name, state, created_day) \
             VALUES ($1, 'viewer', 'active', '2026-11-23')",
        )
        .bind(VIEWER_HEX)
        .execute(&mut conn)
        .await?;
        conn.close().await?;
        let clock = QueueClock {
            deadlines: Deadlines::default(),
            today: time::macros::date!(2026 - 11 - 23),
        };
        let cases = [
            ("queue, deadline order, page 1", Filter::default(), Sort::Deadline, 1),
            ("queue, deadline order, page 5", Filter::default(), Sort::Deadline, 5),
            ("queue, newest first, page 5", Filter::default(), Sort::Newest, 5),
            (
                "unread answers, deadline order",
                Filter {
                    unread: true,
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
            (
                "overdue, deadline order",
                Filter {
                    deadline: Some(DeadlineFilter::Overdue),
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
            (
                "assigned to me, deadline order",
                Filter {
                    assignee: Some(AssigneeFilter::Account(viewer.clone())),
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
            (
                "investigating, oldest first",
                Filter {
                    status: Some(filimbi::domain::case::Status::Investigating),
                    ..Filter::default()
                },
                Sort::Oldest,
                1,
            ),
            (
                "needs attention, deadline order",
                Filter {
                    attention: true,
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
            (
                "fake websites, page 3",
                Filter {
                    category: Some(Category::FakeWebsite),
                    ..Filter::default()
                },
                Sort::Deadline,
                3,
            ),
            (
                "possible spam, newest first",
                Filter {
                    spam: true,
                    ..Filter::default()
                },
                Sort::Newest,
                1,
            ),
            (
                "label on 1 in 1 000 cases",
                Filter {
                    label: Some("gold".to_owned()),
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
            (
                "delisting requests (rare)",
                Filter {
                    category: Some(Category::DelistingRequest),
                    ..Filter::default()
                },
                Sort::Deadline,
                1,
            ),
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        println!("filimbi queue benchmark: median of {rounds} rounds (page of {PAGE} + counts)");
        // The baseline is the same views at 1 000 cases, measured in this run; each later size
        // is printed as a ratio to it.
        let mut baseline: Vec<Duration> = Vec::new();
        let mut have = 0;
        for size in [1_000, 10_000, 100_000] {
            insert(&url, size - have, &mut rng).await?;
            have = size;
            println!("{size} cases");
            for (i, (name, filter, sort, page)) in cases.iter().enumerate() {
                let (t, counts, shown, matching) =
                    page_time(&store, &viewer, &clock, filter, *sort, *page, rounds).await?;
                let ratio = match baseline.get(i) {
                    Some(before) => {
                        format!("ratio {:.1}x", t.as_secs_f64() / before.as_secs_f64().max(1e-9))
                    }
                    None => {
                        baseline.push(t);
                        "baseline".to_owned()
                    }
                };
                println!(
                    "  {name:<34} {:>7.2} ms  {ratio:<12} (counts {:.2} ms; {shown} shown of {matching})",
                    t.as_secs_f64() * 1e3,
                    counts.as_secs_f64() * 1e3
                );
            }
        }
        store.close().await;
        BenchResult::Ok(())
    })
}
