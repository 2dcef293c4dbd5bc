//! Plain types and rules of the intake: what a report is, what a receipt is, what a case is.
//!
//! Nothing in here knows about HTTP, SQL or keys. Values are parsed at the edge into these types
//! ("parse, don't validate"), so code further in never sees an invalid report or receipt.

pub mod account;
pub mod case;
pub mod charts;
pub mod document;
pub mod followup;
pub mod identifiers;
pub mod names;
pub mod queue;
pub mod receipt;
pub mod report;
pub mod retention;
pub mod sms;
pub mod spam;
pub mod ussd;
pub mod warnings;
