//! Checking what is read back: a stored object's MAC, a clear record's, a case header's, a
//! colleague's key row. Every failure is audited (`integrity.fail`) before it is refused.

use crate::crypto::sealed::{IntegrityError, ObjectRef, Record, Verified};
use crate::domain::account::Account;
use crate::domain::case::CaseId;
use crate::services::audit::AuditAction;
use crate::store::{CaseHeader, StoredObject};

use super::{Workspace, WorkspaceError};

impl Workspace {
    /// Checks a stored object's MAC and vouches for its bytes (what opening it needs); a
    /// failure is audited (`integrity.fail`, naming the object) and refused.
    pub(super) async fn check<'a>(
        &self,
        actor: &str,
        obj: ObjectRef<'_>,
        stored: &'a StoredObject,
    ) -> Result<Verified<'a>, WorkspaceError> {
        match self
            .integrity
            .check(obj, &stored.bytes, stored.mac.as_deref())
        {
            Ok(v) => Ok(v),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    pub(super) async fn check_digest(
        &self,
        actor: &str,
        obj: ObjectRef<'_>,
        digest: &[u8; 32],
        mac: Option<&str>,
    ) -> Result<(), WorkspaceError> {
        match self.integrity.verify(obj, digest, mac) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    /// Checks a clear record's MAC; a failure is audited and refused.
    pub(super) async fn check_record(
        &self,
        actor: &str,
        record: &Record<'_>,
        mac: Option<&str>,
    ) -> Result<(), WorkspaceError> {
        match self.integrity.verify_record(record, mac) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(e.to_string()))
            }
        }
    }

    /// A case's header, checked: what a new question, note or grant is sealed to comes only
    /// from a header whose MAC verifies. A failure is audited and refuses the step.
    pub(super) async fn checked_header(
        &self,
        actor: &str,
        id: &CaseId,
    ) -> Result<CaseHeader, WorkspaceError> {
        let header = self
            .store
            .case_header(id)
            .await?
            .ok_or(WorkspaceError::NotFound)?;
        match self
            .integrity
            .verify_record(&header.record(), header.mac.as_deref())
        {
            Ok(()) => Ok(header),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(format!(
                    "{e}: its keys may have been replaced, nothing was sealed to them"
                )))
            }
        }
    }

    /// A colleague's account, checked: a case key is wrapped only for a key row whose MAC
    /// verifies (a recipient written into the database gets nothing). Audited when it fails.
    pub(super) async fn checked_colleague(
        &self,
        actor: &str,
        to: &Account,
    ) -> Result<(), WorkspaceError> {
        let row = self
            .store
            .account_key_row(&to.id)
            .await?
            .ok_or(WorkspaceError::Invalid)?;
        match self
            .integrity
            .verify_record(&row.record(), row.mac.as_deref())
        {
            Ok(()) => Ok(()),
            Err(e) => {
                self.audit_integrity(actor, &e).await?;
                Err(WorkspaceError::Integrity(format!(
                    "{e}: no case key was wrapped for it"
                )))
            }
        }
    }

    pub(super) async fn audit_integrity(
        &self,
        actor: &str,
        e: &IntegrityError,
    ) -> Result<(), WorkspaceError> {
        tracing::warn!(
            kind = e.kind,
            why = e.why,
            "a stored object failed its integrity check"
        );
        self.audit
            .record(actor, AuditAction::IntegrityFail, &e.case, &e.detail())
            .await?;
        Ok(())
    }
}
