//! Taking in a report: clean and seal its attachments into staged blobs, seal the report, and
//! store the case in one short transaction; hand back the receipt.
//!
//! The receipt is returned only after the commit has returned, and the commit is durable
//! (`synchronous = FULL`), so a receipt a person has seen always refers to a complete case. If
//! anything fails, staged blobs are deleted and nothing of the submission remains.

use std::sync::Arc;

use crate::clock::Clock;
use crate::crypto::seal::{AccountReader, OpenCase, Origin, SealError, Sealer};
use crate::domain::case::ReceivedDay;
use crate::domain::receipt::Receipt;
use crate::domain::report::Report;
use crate::services::attachments::{FileError, FileSealer};
use crate::services::audit::Audit;
use crate::services::spool::SpooledFile;
use crate::store::{BlobId, FormSpend, Inserted, NewCase, Store, StoreError};

/// The attachment limits, defined with the file sealing they bound; named here too because
/// intake is where they are configured.
pub use crate::services::attachments::Limits;

/// How a report is filed: under "possible spam" or not, with the once-only record to store
/// with it (a form's token, or a gateway message id's digest), and where it came from.
pub struct Filing {
    /// File under "possible spam" (`domain::spam`) instead of the queue.
    pub possible_spam: bool,
    /// Recorded in the case's own transaction; spent already: nothing is stored.
    pub spend: Option<FormSpend>,
    /// The channel, and the sender's number to seal if they can be texted.
    pub origin: Origin,
}

/// The intake use case.
pub struct Intake {
    sealer: Arc<Sealer>,
    store: Store,
    clock: Arc<dyn Clock>,
    files: Arc<FileSealer>,
    /// E-mail notice of new reports, if configured.
    notifier: Option<Arc<crate::services::notify::Notifier>>,
    /// Where an account whose key row fails its check is reported (deferred: never dated by
    /// the report that met it).
    audit: Option<Arc<Audit>>,
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
    /// Cleaning or sealing an attachment failed.
    #[error(transparent)]
    Files(#[from] FileError),
    /// A worker task did not complete.
    #[error("sealing task failed")]
    Task,
    /// The form's token was spent already (the form sent twice): nothing stored.
    #[error("the form was sent already")]
    FormSpent,
}

impl Intake {
    /// Builds the service.
    pub fn new(
        sealer: Arc<Sealer>,
        store: Store,
        clock: Arc<dyn Clock>,
        files: Arc<FileSealer>,
    ) -> Self {
        Self {
            sealer,
            store,
            clock,
            files,
            notifier: None,
            audit: None,
        }
    }

    /// Reports integrity failures met at intake to this audit log.
    pub fn with_audit(mut self, audit: Arc<Audit>) -> Self {
        self.audit = Some(audit);
        self
    }

    /// The active accounts whose key row verifies: only they get a wrap of the new case key.
    /// A row that fails (a recipient, name, role or state written into the database) gets
    /// none and is audited; the report is still taken and sealed to the offline keys.
    async fn checked_readers(&self) -> Result<Vec<AccountReader>, StoreError> {
        let key = self.sealer.integrity();
        let mut readers = Vec::new();
        for (reader, row) in self.store.active_readers().await? {
            match key.verify_record(&row.record(), row.mac.as_deref()) {
                Ok(()) => readers.push(reader),
                Err(e) => {
                    if let Some(a) = &self.audit {
                        a.defer_integrity(&e);
                    }
                }
            }
        }
        Ok(readers)
    }

    /// Sends the (content-free, delayed) "new reports" e-mail after each stored report.
    pub fn with_notifier(mut self, notifier: Arc<crate::services::notify::Notifier>) -> Self {
        self.notifier = Some(notifier);
        self
    }

    /// False when reports cannot be accepted (no recipients).
    pub fn is_open(&self) -> bool {
        !self.sealer.is_closed()
    }

    /// The attachment limits.
    pub fn limits(&self) -> Limits {
        self.files.limits()
    }

    /// Seals and stores `report` with its `files`; returns the receipt to show once.
    pub async fn submit(
        &self,
        report: Report,
        files: Vec<SpooledFile>,
    ) -> Result<Receipt, IntakeError> {
        self.submit_filed(report, files, false, None).await
    }

    /// Like [`Intake::submit`]; `possible_spam` files the case under "possible spam"
    /// (`domain::spam`) instead of the queue. Sealed and stored all the same. `spend`, the
    /// form's token, is recorded in the case's own transaction: a token spent already is
    /// [`IntakeError::FormSpent`], found by a read before any work and, in a race, by the
    /// transaction, which then stores nothing.
    pub async fn submit_filed(
        &self,
        report: Report,
        files: Vec<SpooledFile>,
        possible_spam: bool,
        spend: Option<FormSpend>,
    ) -> Result<Receipt, IntakeError> {
        let filing = Filing {
            possible_spam,
            spend,
            origin: Origin::WEB,
        };
        self.submit_from(report, files, filing).await
    }

    /// A report from a phone (SMS, USSD): no files, never filed as possible spam (the web
    /// form's signs of a robot do not exist there), `spend` the gateway message id's digest.
    pub async fn submit_by_phone(
        &self,
        report: Report,
        spend: Option<FormSpend>,
        origin: Origin,
    ) -> Result<Receipt, IntakeError> {
        let filing = Filing {
            possible_spam: false,
            spend,
            origin,
        };
        self.submit_from(report, Vec::new(), filing).await
    }

    /// Like [`Intake::submit_filed`], for a report filed as `filing` says: through a gateway
    /// (SMS, USSD), with the sender's number to seal if they can be texted, and the keyed
    /// digest of the gateway's message id as `spend`, so a message delivered twice makes one
    /// case.
    pub async fn submit_from(
        &self,
        report: Report,
        files: Vec<SpooledFile>,
        filing: Filing,
    ) -> Result<Receipt, IntakeError> {
        let spend = filing.spend.as_ref();
        if self.sealer.is_closed() {
            return Err(IntakeError::Closed);
        }
        if let Some(spend) = spend
            && self.store.form_token_spent(spend).await?
        {
            return Err(IntakeError::FormSpent);
        }
        let day = ReceivedDay::new(self.clock.today());
        let readers = self.checked_readers().await?;
        let case = self.sealer.open_case(day, readers)?;
        let mut staged = Vec::with_capacity(files.len());
        let result = self
            .store_case(case, report, files, &mut staged, filing)
            .await;
        if result.is_err() {
            self.files.discard(&staged).await;
        }
        if result.is_ok() {
            // Debug level only: an info line per report, timestamped by the log system, would
            // record the exact arrival time the database deliberately leaves out.
            tracing::debug!(attachments = staged.len(), "report stored");
            if let Some(n) = &self.notifier {
                n.new_report();
            }
        }
        result
    }

    async fn store_case(
        &self,
        case: OpenCase,
        report: Report,
        files: Vec<SpooledFile>,
        staged: &mut Vec<BlobId>,
        filing: Filing,
    ) -> Result<Receipt, IntakeError> {
        let Filing {
            possible_spam,
            spend,
            origin,
        } = filing;
        let infos = self
            .files
            .seal_files(
                &case.content_recipients(),
                case.received_day(),
                files,
                |i| format!("attachment-{:02}", i + 1),
                staged,
            )
            .await?
            .into_iter()
            .map(|f| f.info)
            .collect();
        let report_blob =
            BlobId::from_random(crate::crypto::random_bytes::<16>().map_err(SealError::from)?);
        let permit = self.files.sealing_permit().await?;
        let sealer = Arc::clone(&self.sealer);
        let (sealed, receipt) = tokio::task::spawn_blocking(move || {
            case.seal_report(&report, infos, sealer.receipt_keys(), &origin)
        })
        .await
        .map_err(|_| IntakeError::Task)??;
        drop(permit);
        match self
            .store
            .insert_case(NewCase {
                case: sealed,
                report_blob,
                attachments: staged.to_vec(),
                possible_spam,
                spend,
            })
            .await?
        {
            Inserted::Stored => Ok(receipt),
            Inserted::TokenSpent => Err(IntakeError::FormSpent),
        }
    }
}
