//! The audit trail: every investigator action, appended to a MAC chain.
//!
//! Each entry's MAC is HMAC-SHA256, under a key derived from `data/server.key`, over the
//! entry's fields and the previous entry's MAC. Editing, deleting or inserting a row breaks
//! the chain from that row on, and without the server key nobody can forge a consistent chain
//! (a plain hash chain could simply be recomputed by whoever can write the database).
//! Entries never hold report content, passwords, receipts or client addresses.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::clock::Clock;
use crate::crypto::sealed::IntegrityError;
use crate::crypto::server_secret::ServerSecret;
use crate::domain::names::UnknownName;
use crate::store::{AuditRow, Store, StoreError};

/// What an audit entry records: a closed set, so a call site cannot misspell an action and
/// write an entry nobody searching the log would find.
///
/// The names ([`AuditAction::as_str`]) are stored in the log and covered by the chain's MAC:
/// they are the on-disk format. A variant may be renamed freely; its name may not change (old
/// entries keep the old name, and searches and reports go by it), which a test pins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A session started.
    Login,
    /// A login refused for a known account. No longer written (one entry per guess let a
    /// guesser flood the log); kept so that older entries still parse. See
    /// [`AuditAction::LoginThrottled`].
    LoginFailed,
    /// An account's login throttle engaged, or its count of attempts without a success reached
    /// a tenfold (the detail gives the count).
    LoginThrottled,
    /// A session ended by the investigator.
    Logout,
    /// An account created (the detail is its role).
    AccountCreate,
    /// An account reset: new setup link, old key gone.
    AccountReset,
    /// An account disabled.
    AccountDisable,
    /// A disabled account enabled again.
    AccountEnable,
    /// A setup link used: password, TOTP and key chosen.
    AccountSetup,
    /// An account's login throttle cleared by an operator (the detail gives the count it had).
    AccountUnlock,
    /// A report decrypted for reading.
    CaseView,
    /// An attachment downloaded (the detail names the file).
    CaseDownload,
    /// A case's status changed (the detail is the new status).
    CaseStatus,
    /// Feedback to the whistle-blower recorded.
    CaseFeedback,
    /// A case assigned (the detail is the assignee, or empty for nobody).
    CaseAssign,
    /// A label added (the detail is the label).
    CaseLabelAdd,
    /// A label removed.
    CaseLabelRemove,
    /// An internal note added.
    CaseNote,
    /// A message sent to the whistle-blower (the detail is its number, never its text).
    CaseReply,
    /// A colleague given a case's key (the detail is their name).
    CaseGrant,
    /// A warning published directly (no two-person rule).
    WarningPublish,
    /// A warning drafted, waiting for a second investigator.
    WarningDraft,
    /// A draft approved and published.
    WarningApprove,
    /// A draft discarded.
    WarningDiscard,
    /// A listed warning withdrawn.
    WarningWithdraw,
    /// A warning list imported on the command line.
    WarningsImport,
    /// The warning list exported on the command line.
    WarningsExport,
    /// Cases exported for offline reading.
    Export,
    /// An encrypted backup written (`filimbi backup`, or the schedule).
    Backup,
    /// This database was restored from a backup.
    Restore,
    /// Cases deleted by the retention policy (the detail counts them per rule).
    Purge,
    /// A sealed object failed its MAC check when read (the detail names it and why).
    IntegrityFail,
    /// The database was upgraded to object MACs (the detail counts the objects).
    IntegrityUpgrade,
    /// A reply template added or changed (the subject is its id).
    TemplateSave,
    /// A reply template deleted.
    TemplateDelete,
    /// A case filed as possible spam or moved back to the queue (the detail says which:
    /// `possible-spam` or `queue`).
    CaseSpam,
    /// The queue searched by identifier. The term is never recorded (subject and detail
    /// empty): it would be a readable index of what the team looks for.
    Searched,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 37] = [
        Self::Login,
        Self::LoginFailed,
        Self::Logout,
        Self::AccountCreate,
        Self::AccountReset,
        Self::AccountDisable,
        Self::AccountEnable,
        Self::AccountSetup,
        Self::CaseView,
        Self::CaseDownload,
        Self::CaseStatus,
        Self::CaseFeedback,
        Self::CaseAssign,
        Self::CaseLabelAdd,
        Self::CaseLabelRemove,
        Self::CaseNote,
        Self::CaseGrant,
        Self::WarningPublish,
        Self::WarningDraft,
        Self::WarningApprove,
        Self::WarningDiscard,
        Self::WarningWithdraw,
        Self::WarningsImport,
        Self::WarningsExport,
        Self::Export,
        Self::Backup,
        Self::Restore,
        Self::Purge,
        Self::IntegrityFail,
        Self::IntegrityUpgrade,
        Self::CaseReply,
        Self::TemplateSave,
        Self::TemplateDelete,
        Self::CaseSpam,
        Self::LoginThrottled,
        Self::AccountUnlock,
        Self::Searched,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::LoginFailed => "login.failed",
            Self::Logout => "logout",
            Self::AccountCreate => "account.create",
            Self::AccountReset => "account.reset",
            Self::AccountDisable => "account.disable",
            Self::AccountEnable => "account.enable",
            Self::AccountSetup => "account.setup",
            Self::CaseView => "case.view",
            Self::CaseDownload => "case.download",
            Self::CaseStatus => "case.status",
            Self::CaseFeedback => "case.feedback",
            Self::CaseAssign => "case.assign",
            Self::CaseLabelAdd => "case.label.add",
            Self::CaseLabelRemove => "case.label.remove",
            Self::CaseNote => "case.note",
            Self::CaseGrant => "case.grant",
            Self::WarningPublish => "warning.publish",
            Self::WarningDraft => "warning.draft",
            Self::WarningApprove => "warning.approve",
            Self::WarningDiscard => "warning.discard",
            Self::WarningWithdraw => "warning.withdraw",
            Self::WarningsImport => "warnings.import",
            Self::WarningsExport => "warnings.export",
            Self::Export => "export",
            Self::Backup => "backup",
            Self::Restore => "restore",
            Self::Purge => "purge",
            Self::IntegrityFail => "integrity.fail",
            Self::IntegrityUpgrade => "integrity.upgrade",
            Self::CaseReply => "case.reply",
            Self::TemplateSave => "template.save",
            Self::TemplateDelete => "template.delete",
            Self::CaseSpam => "case.spam",
            Self::LoginThrottled => "login.throttled",
            Self::AccountUnlock => "account.unlock",
            Self::Searched => "searched",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AuditAction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownName::new("audit action", s))
    }
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain breaks at entry {seq}: {reason}")]
pub struct ChainBreak {
    /// The first entry that does not verify.
    pub seq: i64,
    /// Why.
    pub reason: String,
}

/// Appends to and verifies the audit chain.
pub struct Audit {
    store: Store,
    key: SecretBox<[u8; 32]>,
    clock: Arc<dyn Clock>,
    deferred: std::sync::Mutex<Deferred>,
}

/// Integrity failures met on a whistle-blower's request (a report, an answer, a visit),
/// waiting for their audit entry. Written at once, an entry's exact time would date that
/// request, which the rest of the schema keeps to a day; so they are written just before the
/// next investigator action's entry, or by the hourly maintenance, whichever comes first.
/// Each failure is queued once per process.
#[derive(Default)]
struct Deferred {
    pending: Vec<(String, String)>,
    seen: std::collections::HashSet<(String, String)>,
}

impl Audit {
    /// The audit log of this server.
    pub fn new(store: Store, secret: &ServerSecret, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            key: secret.derive("filimbi audit chain v1"),
            clock,
            deferred: std::sync::Mutex::default(),
        }
    }

    /// Queues an integrity failure met on a whistle-blower's request for the audit log
    /// (`Deferred`): never awaited in that request, never dated by it.
    pub fn defer_integrity(&self, e: &IntegrityError) {
        let item = (e.case.clone(), e.detail());
        let mut d = self.deferred.lock().unwrap_or_else(|p| p.into_inner());
        if d.seen.insert(item.clone()) {
            d.pending.push(item);
        }
    }

    /// Writes the queued integrity failures (actor `server`). Called before every entry and
    /// by the hourly maintenance.
    pub async fn flush_deferred(&self) -> Result<(), StoreError> {
        let pending = {
            let mut d = self.deferred.lock().unwrap_or_else(|p| p.into_inner());
            std::mem::take(&mut d.pending)
        };
        if !pending.is_empty() {
            tracing::warn!(
                failures = pending.len(),
                "stored records failed their integrity check (see the audit log)"
            );
        }
        for (i, (subject, detail)) in pending.iter().enumerate() {
            if let Err(e) = self
                .append("server", AuditAction::IntegrityFail, subject, detail)
                .await
            {
                // Kept for the next try rather than lost.
                let mut d = self.deferred.lock().unwrap_or_else(|p| p.into_inner());
                d.pending.extend(pending.iter().skip(i).cloned());
                return Err(e);
            }
        }
        Ok(())
    }

    /// Appends an entry (after any queued integrity failures). A failure is returned: an
    /// action whose audit entry cannot be written should be reported, not silently unaudited.
    pub async fn record(
        &self,
        actor: &str,
        action: AuditAction,
        subject: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.flush_deferred().await?;
        self.append(actor, action, subject, detail).await
    }

    async fn append(
        &self,
        actor: &str,
        action: AuditAction,
        subject: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let secs = i64::try_from(self.clock.now_unix()).unwrap_or(i64::MAX);
        let at = OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_default();
        let entry = AuditRow {
            seq: 0,
            at,
            actor: actor.to_owned(),
            action: action.as_str().to_owned(),
            subject: subject.to_owned(),
            detail: detail.to_owned(),
            prev: String::new(),
            mac: String::new(),
        };
        self.store
            .append_audit(entry, |e| mac(self.key.expose_secret(), e))
            .await
    }

    /// Checks the whole chain; returns the number of entries and the last entry's MAC (the
    /// head, which an operator keeps elsewhere to notice entries deleted from the end), or
    /// where it breaks.
    pub async fn verify(&self) -> Result<Result<(i64, String), ChainBreak>, StoreError> {
        let mut prev = crate::store::AUDIT_GENESIS.to_owned();
        let mut expected_seq = 1;
        let page = 1000;
        let mut offset = 0;
        loop {
            let rows = self.store.audit_entries(offset, page).await?;
            if rows.is_empty() {
                return Ok(Ok((expected_seq - 1, prev)));
            }
            for row in &rows {
                if let Err(reason) = check(self.key.expose_secret(), row, expected_seq, &prev) {
                    return Ok(Err(ChainBreak {
                        seq: row.seq,
                        reason,
                    }));
                }
                prev.clone_from(&row.mac);
                expected_seq += 1;
            }
            offset += page;
        }
    }

    /// The most recent entries, newest first (for the admin page), and the total.
    pub async fn recent(&self, limit: i64) -> Result<(Vec<AuditRow>, i64), StoreError> {
        let total = self.store.count_audit().await?;
        let mut rows = self
            .store
            .audit_entries((total - limit).max(0), limit)
            .await?;
        rows.reverse();
        Ok((rows, total))
    }
}

fn check(key: &[u8; 32], row: &AuditRow, seq: i64, prev: &str) -> Result<(), String> {
    if row.seq != seq {
        return Err(format!(
            "expected entry {seq}; an entry is missing or inserted"
        ));
    }
    if row.prev != prev {
        return Err("it does not point to the entry before it".to_owned());
    }
    let expected = mac(key, row);
    let ok: bool = subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), row.mac.as_bytes()).into();
    if !ok {
        return Err("its content was changed after it was written".to_owned());
    }
    Ok(())
}

/// The MAC of an entry: HMAC-SHA256 over each field, length-prefixed (so no two different
/// entries serialise the same), in a fixed order.
fn mac(key: &[u8; 32], e: &AuditRow) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    let seq = e.seq.to_string();
    for field in [
        seq.as_str(),
        &e.at,
        &e.actor,
        &e.action,
        &e.subject,
        &e.detail,
        &e.prev,
    ] {
        m.update(&(field.len() as u64).to_be_bytes());
        m.update(field.as_bytes());
    }
    hex::encode(m.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored names, exactly as entries written before this type existed hold them.
    #[test]
    fn stored_names_never_change() {
        let names = AuditAction::ALL.map(AuditAction::as_str);
        assert_eq!(
            names,
            [
                "login",
                "login.failed",
                "logout",
                "account.create",
                "account.reset",
                "account.disable",
                "account.enable",
                "account.setup",
                "case.view",
                "case.download",
                "case.status",
                "case.feedback",
                "case.assign",
                "case.label.add",
                "case.label.remove",
                "case.note",
                "case.grant",
                "warning.publish",
                "warning.draft",
                "warning.approve",
                "warning.discard",
                "warning.withdraw",
                "warnings.import",
                "warnings.export",
                "export",
                "backup",
                "restore",
                "purge",
                "integrity.fail",
                "integrity.upgrade",
                "case.reply",
                "template.save",
                "template.delete",
                "case.spam",
                "login.throttled",
                "account.unlock",
                "searched",
            ]
        );
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(a));
        }
        assert_eq!(
            "case.lable.add".parse::<AuditAction>(),
            Err(UnknownName::new("audit action", "case.lable.add"))
        );
    }
}
