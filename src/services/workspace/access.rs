//! Access: a colleague is given a case by wrapping its key to their key (one case, every case
//! one can read, or, for recovery, every case through the escrow wrap and an offline
//! identity). Content is never re-encrypted; every grant is audited.

use crate::crypto::case_access::CaseKey;
use crate::crypto::seal::{AccountReader, ESCROW_READER};
use crate::crypto::sealed::{ObjectKind, ObjectRef};
use crate::domain::account::{Account, AccountName};
use crate::domain::case::CaseId;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;

use super::case::{key_mismatch, key_of_case};
use super::{Workspace, WorkspaceError};

impl Workspace {
    /// Grants a colleague access to one case: the case key, re-encrypted to their key.
    pub async fn grant(
        &self,
        session: &Session,
        id: &CaseId,
        to: &AccountName,
    ) -> Result<(), WorkspaceError> {
        let colleague = self.active_colleague(to).await?;
        let (_, recipient) = self.item(session, id).await?;
        let key = self.case_key(session, id, &recipient).await?;
        self.grant_key(&session.account.name, &key, id, &colleague)
            .await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::CaseGrant,
                id.as_str(),
                &colleague.name,
            )
            .await?;
        Ok(())
    }

    /// Grants a colleague every case this session can read (after a colleague's reset).
    /// Each grant is audited; a case whose key does not open is skipped. Returns how many
    /// cases were granted.
    pub async fn grant_all(
        &self,
        session: &Session,
        to: &AccountName,
    ) -> Result<usize, WorkspaceError> {
        let colleague = self.active_colleague(to).await?;
        let items = self.store.queue_items(&session.account.id).await?;
        let mut n = 0;
        for item in items.iter().filter(|i| i.readable) {
            let (_, recipient) = self.item(session, &item.id).await?;
            let key = match self.case_key(session, &item.id, &recipient).await {
                Ok(k) => k,
                Err(WorkspaceError::NoAccess | WorkspaceError::Integrity(_)) => continue,
                Err(e) => return Err(e),
            };
            self.grant_key(&session.account.name, &key, &item.id, &colleague)
                .await?;
            self.audit
                .record(
                    &session.account.name,
                    AuditAction::CaseGrant,
                    item.id.as_str(),
                    &colleague.name,
                )
                .await?;
            n += 1;
        }
        Ok(n)
    }

    pub(super) async fn grant_key(
        &self,
        actor: &str,
        key: &CaseKey,
        id: &CaseId,
        to: &Account,
    ) -> Result<(), WorkspaceError> {
        self.checked_colleague(actor, to).await?;
        let recipient = to.recipient.as_ref().ok_or(WorkspaceError::Invalid)?;
        let label = AccountReader::label(&to.id);
        let wrap = key
            .wrap_for(recipient.key())
            .map_err(|e| WorkspaceError::Internal(e.to_string()))?;
        let sealed = self
            .integrity
            .seal(ObjectRef::new(id, ObjectKind::KeyWrap, &label), wrap);
        self.store.put_key_wrap(id, &label, &sealed).await?;
        Ok(())
    }

    /// Grants `to` one case by opening its escrow wrap with an offline identity (the operator's
    /// `investigator grant-all --identity`). Returns `false` when none of `identities` opens
    /// it. Content is not touched; the grant is audited under `actor`.
    pub async fn grant_from_escrow(
        &self,
        actor: &str,
        id: &CaseId,
        identities: &[age::x25519::Identity],
        to: &Account,
    ) -> Result<bool, WorkspaceError> {
        let Some(wrap) = self.store.key_wrap(id, ESCROW_READER).await? else {
            return Ok(false);
        };
        let wrap = self
            .check(
                actor,
                ObjectRef::new(id, ObjectKind::KeyWrap, ESCROW_READER),
                &wrap,
            )
            .await?;
        let Some(key) = identities
            .iter()
            .find_map(|i| CaseKey::unwrap(wrap, i).ok())
        else {
            return Ok(false);
        };
        let recipient = self
            .store
            .case_recipient(id)
            .await?
            .ok_or_else(key_mismatch)?;
        let key = key_of_case(key, &recipient)?;
        self.grant_key(actor, &key, id, to).await?;
        self.audit
            .record(actor, AuditAction::CaseGrant, id.as_str(), &to.name)
            .await?;
        Ok(true)
    }
}
