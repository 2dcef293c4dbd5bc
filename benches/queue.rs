//! The queue page's server time after a flood: what the page asks the database (one page of
//! 50 in deadline order, the filtered count, the counts above the queue, labels and readability
//! of the page's cases) at 1 000 and at 100 000 cases, and the ratio. Flat means the work per
//! page does not follow the number of cases.
//!
//! Run: `cargo bench --bench queue` (FILIMBI_BENCH_ROUNDS sets the timed rounds per query,
//! default 30; the median is printed). Cases are written straight into the database (the
//! queue reads no content): received over two years, a mix of statuses, 1 in 20 filed as
//! possible spam, 1 in 50 with an unread answer.

use std::time::{Duration, Instant};

use filimbi::crypto::sealed::IntegrityKey;
use filimbi::crypto::server_secret::ServerSecret;
use filimbi::domain::account::AccountId;
use filimbi::domain::queue::{DeadlineFilter, Deadlines, Filter, Sort};
use filimbi::store::{QueueClock, Store};
use sqlx::Connection;

mod support;
use support::BenchResult;

const PAGE: i64 = 50;

/// A small deterministic generator (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Adds `n` cases, in transactions of 5 000.
async fn insert(url: &str, n: usize, rng: &mut Rng) -> BenchResult {
    let today = time::macros::date!(2026 - 11 - 23);
    let mut conn = sqlx::SqliteConnection::connect(url).await?;
    let mut left = n;
    while left > 0 {
        let batch = left.min(5_000);
        let mut tx = conn.begin().await?;
        for _ in 0..batch {
            let id = format!("{:016x}{:016x}", rng.next(), rng.next());
            let r = rng.next();
            let days = i64::try_from(r % 730)?;
            let day = (today - time::Duration::days(days)).to_string();
            let (status, ack, feedback) = match (r >> 12) % 10 {
                0..=3 => ("new", None, None),
                4 | 5 => ("investigating", Some(day.clone()), None),
                6 => ("acknowledged", Some(day.clone()), None),
                7 => ("verified", Some(day.clone()), Some(day.clone())),
                _ => ("closed", Some(day.clone()), Some(day.clone())),
            };
            sqlx::query(
                "INSERT INTO cases (id, category, status, received_day, case_recipient, \
                 receipt_lookup, receipt_salt, whistleblower_recipient, acknowledged_day, \
                 feedback_day, unread_answers, possible_spam) \
                 VALUES ($1, 'other', $2, $3, 'age1x', $4, 's', 'age1y', $5, $6, $7, $8)",
            )
            .bind(&id)
            .bind(status)
            .bind(&day)
            .bind(format!("lookup-{id}"))
            .bind(ack)
            .bind(feedback)
            .bind(i64::from((r >> 20) % 50 == 0))
            .bind(i64::from((r >> 28) % 20 == 0))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        left -= batch;
    }
    conn.close().await?;
    Ok(())
}

/// The median time of what the queue page asks the database, for one filter and order.
async fn page_time(
    store: &Store,
    viewer: &AccountId,
    clock: &QueueClock,
    filter: &Filter,
    sort: Sort,
    page: i64,
    rounds: usize,
) -> BenchResult<(Duration, usize, i64)> {
    let mut times = Vec::with_capacity(rounds);
    let (mut shown, mut matching) = (0, 0);
    for round in 0..=rounds {
        let t0 = Instant::now();
        let rows = store
            .queue_page(viewer, filter, sort, clock, (page - 1) * PAGE, PAGE)
            .await?;
        let counts = store.queue_counts(clock).await?;
        std::hint::black_box(&counts);
        if round > 0 {
            // The first round warms the cache.
            times.push(t0.elapsed());
        }
        shown = rows.items.len();
        matching = rows.matching;
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    Ok((median, shown, matching))
}

fn main() -> BenchResult {
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
                "possible spam, newest first",
                Filter {
                    spam: true,
                    ..Filter::default()
                },
                Sort::Newest,
                1,
            ),
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        println!("filimbi queue benchmark: median of {rounds} rounds (page of {PAGE} + counts)");
        let mut small = Vec::new();
        insert(&url, 1_000, &mut rng).await?;
        for (name, filter, sort, page) in &cases {
            let (t, shown, matching) =
                page_time(&store, &viewer, &clock, filter, *sort, *page, rounds).await?;
            println!(
                "  1 000 cases   {name:<32} {:>8.2} ms  ({shown} shown of {matching})",
                t.as_secs_f64() * 1e3
            );
            small.push(t);
        }
        insert(&url, 99_000, &mut rng).await?;
        for ((name, filter, sort, page), before) in cases.iter().zip(&small) {
            let (t, shown, matching) =
                page_time(&store, &viewer, &clock, filter, *sort, *page, rounds).await?;
            println!(
                "100 000 cases   {name:<32} {:>8.2} ms  ({shown} shown of {matching})   ratio {:.1}x",
                t.as_secs_f64() * 1e3,
                t.as_secs_f64() / before.as_secs_f64().max(1e-9)
            );
        }
        store.close().await;
        BenchResult::Ok(())
    })
}
