//! Cases written straight into a database (SQLite or PostgreSQL) for the benchmarks that
//! measure the queue at scale: the queue reads no content, so rows need none. Nor do they
//! carry a header MAC (their recipients are placeholders): the queue checks none, and
//! `filimbi audit verify` on such a database would rightly name every row.

use sqlx::Connection;

use super::BenchResult;

/// The viewing account's id (`AccountId::from_random([1; 16])`), which some cases are
/// assigned to.
pub const VIEWER_HEX: &str = "01010101010101010101010101010101";

/// A small deterministic generator (xorshift), so runs compare.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Adds `n` cases, in transactions of 5 000.
pub async fn insert(url: &str, n: usize, rng: &mut Rng) -> BenchResult {
    let today = time::macros::date!(2026 - 11 - 23);
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let mut left = n;
    while left > 0 {
        let batch = left.min(5_000);
        let mut tx = conn.begin().await?;
        for _ in 0..batch {
            let id = format!("{:016x}{:016x}", rng.next(), rng.next());
            let r = rng.next();
            let days = i64::try_from(r % 730)?;
            let day = (today - time::Duration::days(days)).to_string();
            let category = match (r >> 36) % 1000 {
                0 => "delisting-request",
                1..=300 => "fake-certificate",
                301..=600 => "fake-website",
                601..=800 => "illegal-trade",
                _ => "other",
            };
            let assignee = ((r >> 48) % 25 == 0).then_some(VIEWER_HEX);
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
                 feedback_day, unread_answers, possible_spam, assignee) \
                 VALUES ($1, $9, $2, $3, 'age1x', $4, 's', 'age1y', $5, $6, $7, $8, $10)",
            )
            .bind(&id)
            .bind(status)
            .bind(&day)
            .bind(format!("lookup-{id}"))
            .bind(ack)
            .bind(feedback)
            .bind(i64::from((r >> 20) % 50 == 0))
            .bind(i64::from((r >> 28) % 20 == 0))
            .bind(category)
            .bind(assignee)
            .execute(&mut *tx)
            .await?;
            if (r >> 52) % 1000 == 0 {
                sqlx::query("INSERT INTO case_labels (case_id, label) VALUES ($1, 'gold')")
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        left -= batch;
    }
    conn.close().await?;
    Ok(())
}
