//! Application services: the steps of each use case in order, calling `crypto` and `store`,
//! with no knowledge of HTTP: the web handlers and the offline commands both call them.
//!
//! - [`intake`]: taking in a report and handing back its receipt; [`spool`]: uploads kept
//!   encrypted while they arrive; [`notify`]: the optional "new reports" e-mail.
//! - [`accounts`]: investigator accounts, login and sessions.
//! - [`workspace`]: the queue, reading a case, triage, grants.
//! - [`audit`]: the MAC-chained audit log every action is written to.
//! - [`warnings`]: drafting, approving and withdrawing warnings; the published list and feeds.
//! - [`maintenance`]: the periodic clean-up of upload leftovers, sessions and setup links,
//!   and the reload of a warning list changed by another process.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod backups;
pub mod followup;
pub mod intake;
pub mod maintenance;
pub mod notify;
pub mod rate;
pub mod retention;
pub mod sms;
pub mod spool;
pub mod texting;
pub mod ussd;
pub mod warnings;
pub mod workspace;
