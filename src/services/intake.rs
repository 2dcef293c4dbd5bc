//! Taking in a report: seal it, store it durably, hand back the receipt.
//!
//! The receipt is returned only after the database commit has returned, and the commit is
//! durable (`synchronous = FULL`), so a receipt a person has seen always refers to a stored case.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::clock::Clock;
use crate::crypto::seal::{SealError, Sealer};
use crate::domain::case::ReceivedDay;
use crate::domain::receipt::Receipt;
use crate::domain::report::Report;
use crate::store::{Store, StoreError};

/// The intake use case.
pub struct Intake {
    sealer: Arc<Sealer>,
    store: Store,
    clock: Arc<dyn Clock>,
    /// Bounds concurrent sealing on the blocking pool, so a burst of submissions cannot starve
    /// other blocking work.
    sealing: Semaphore,
}

/// Why a report was not taken in. None of these carries report content.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// No recipient configured: refuse rather than store anything unencrypted.
    #[error("intake is closed: no investigator keys are configured")]
    Closed,
    /// Sealing failed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// Storing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The sealing task did not complete.
    #[error("sealing task failed")]
    Task,
}

impl Intake {
    /// Builds the service.
    pub fn new(sealer: Arc<Sealer>, store: Store, clock: Arc<dyn Clock>) -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            sealer,
            store,
            clock,
            sealing: Semaphore::new(workers * 2),
        }
    }

    /// False when reports cannot be accepted (no recipients).
    pub fn is_open(&self) -> bool {
        !self.sealer.is_closed()
    }

    /// Seals and stores `report`; returns the receipt to show once.
    pub async fn submit(&self, report: Report) -> Result<Receipt, IntakeError> {
        if self.sealer.is_closed() {
            return Err(IntakeError::Closed);
        }
        let day = ReceivedDay::new(self.clock.today());
        let permit = self
            .sealing
            .acquire()
            .await
            .map_err(|_| IntakeError::Task)?;
        let sealer = Arc::clone(&self.sealer);
        let (sealed, receipt) =
            tokio::task::spawn_blocking(move || sealer.seal_new_case(&report, day))
                .await
                .map_err(|_| IntakeError::Task)??;
        drop(permit);
        self.store.insert_case(&sealed).await?;
        tracing::info!(category = sealed.category.slug(), "report stored");
        Ok(receipt)
    }
}
