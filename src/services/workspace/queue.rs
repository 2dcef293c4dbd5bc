//! The queue: one page of it, filtered and sorted in the database, what its forms offer (labels,
//! colleagues) and the dashboard's counts.

use crate::domain::account::{Account, AccountState};
use crate::domain::queue::{Filter, Sort};
use crate::services::accounts::Session;
use crate::store::{QueueClock, QueueCounts, QueuePageRows, Stats, StoreError};

use super::Workspace;

/// Cases per queue page.
pub const PAGE_SIZE: i64 = 50;

impl Workspace {
    /// One page (1-based, [`PAGE_SIZE`] cases) of the queue for this session, filtered and
    /// sorted in the database, with the counts shown above it.
    pub async fn queue_page(
        &self,
        session: &Session,
        filter: &Filter,
        sort: Sort,
        page: u32,
    ) -> Result<(QueuePageRows, QueueCounts), StoreError> {
        let clock = QueueClock {
            deadlines: self.deadlines,
            today: self.today(),
        };
        let offset = i64::from(page.max(1) - 1) * PAGE_SIZE;
        let rows = self
            .store
            .queue_page(&session.account.id, filter, sort, &clock, offset, PAGE_SIZE)
            .await?;
        let counts = self.store.queue_counts(&clock).await?;
        Ok((rows, counts))
    }

    /// Labels in use.
    pub async fn labels(&self) -> Result<Vec<String>, StoreError> {
        self.store.all_labels().await
    }

    /// Accounts that can be assigned or granted cases (active ones).
    pub async fn colleagues(&self) -> Result<Vec<Account>, StoreError> {
        Ok(self
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.state == AccountState::Active)
            .collect())
    }

    /// Counts for the dashboard.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        self.store.stats().await
    }
}
