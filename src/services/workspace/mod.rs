//! The investigator workspace: the queue, reading a case, triage actions, grants.
//!
//! Every read of case content goes through the session's identity: the account's key wrap is
//! opened with it, and the case key decrypts the report, notes and attachments in memory. An
//! account without a wrap for a case sees its triage fields but cannot open it. Every action
//! is audited.
//!
//! One [`Workspace`] service, its methods grouped by what they are for:
//! - [`queue`]: the queue page, the labels and colleagues it offers, the dashboard's counts.
//! - [`case`]: opening a case (its key, report and notes) and the access check every change
//!   makes first.
//! - [`files`]: downloading an attachment, checked and decrypted on the fly.
//! - [`integrity`]: checking stored objects and records, auditing what fails.
//! - [`triage`]: status, feedback, assignment, labels, spam, notes.
//! - [`access`]: granting colleagues a case key (one case, all cases, from escrow).
//! - [`index`]: a session's index of the identifiers its cases name, kept only in memory;
//!   [`related`]: related cases and search by identifier, answered from it.
//! - [`replies`]: the conversation with the whistle-blower.
//! - [`texting`]: a question also texted to the sender's phone, the sealed number opened
//!   for that one send.
//! - [`templates`]: the reply templates.

mod access;
mod case;
mod files;
mod index;
mod integrity;
mod queue;
mod related;
mod replies;
mod templates;
mod texting;
mod triage;

pub use case::{NoteFailure, OpenedCase};
pub use files::Download;
pub use index::{Built, SessionIndexes};
pub use queue::PAGE_SIZE;
pub use related::{Hits, MAX_HITS, RELATED_SHOWN, Related};
pub use replies::ConversationMessage;
pub use templates::MAX_TEMPLATE_TITLE_CHARS;
pub use triage::{MAX_LABEL_CHARS, MAX_NOTE_CHARS, normalise_label};

use std::sync::Arc;

use crate::clock::Clock;
use crate::crypto::case_access::OpenError;
use crate::crypto::recipients::Recipients;
use crate::crypto::sealed::IntegrityKey;
use crate::domain::case::ReceivedDay;
use crate::domain::queue::Deadlines;
use crate::services::audit::Audit;
use crate::store::{Store, StoreError};

/// Why a workspace action failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkspaceError {
    /// No such case (or attachment).
    #[error("not found")]
    NotFound,
    /// This account holds no key for the case.
    #[error("no access to this case")]
    NoAccess,
    /// Input refused (empty or too long label or note, unknown colleague…).
    #[error("invalid input")]
    Invalid,
    /// Stored content did not decrypt or verify.
    #[error("stored content failed to verify: {0}")]
    Integrity(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Crypto or a task failed.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<OpenError> for WorkspaceError {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::NoAccess => Self::NoAccess,
            other => Self::Integrity(other.to_string()),
        }
    }
}

/// The workspace service.
pub struct Workspace {
    store: Store,
    clock: Arc<dyn Clock>,
    offline: Recipients,
    audit: Arc<Audit>,
    deadlines: Deadlines,
    integrity: Arc<IntegrityKey>,
    indexes: SessionIndexes,
}

impl Workspace {
    /// The service.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        offline: Recipients,
        audit: Arc<Audit>,
        deadlines: Deadlines,
        integrity: Arc<IntegrityKey>,
    ) -> Self {
        Self {
            store,
            clock,
            offline,
            audit,
            deadlines,
            integrity,
            indexes: SessionIndexes::default(),
        }
    }

    /// The deadlines in force.
    pub fn deadlines(&self) -> Deadlines {
        self.deadlines
    }

    /// Today (UTC).
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }

    fn today_iso(&self) -> String {
        ReceivedDay::new(self.clock.today()).iso()
    }
}
