//! # Filimbi
//!
//! Anonymous whistle-blowing and fraud-report intake for the ICGLR minerals certification
//! scheme. Whistle-blowers report forged certificates, fake websites and illegal mineral trade
//! from any browser, JavaScript off; investigators read the reports with their own age keys.
//!
//! ## The encryption boundary
//! A report is encrypted with age to the investigators' keys **before** anything is stored. The
//! only code that turns plaintext into ciphertext is [`crypto::seal`]; [`store`] accepts only
//! sealed values. The server keeps no IP addresses, user agents, languages or times of day.
//! `docs/crypto.md` specifies the formats; `docs/threat-model.md` says what this defends against.
//!
//! ## Module map
//! - [`domain`]: reports, receipts, cases — plain types and rules, no HTTP, no SQL, no keys.
//! - [`crypto`]: keys, sealing, receipt derivations, form tokens, padding.
//! - [`store`]: sqlx persistence (SQLite embedded; SQL kept PostgreSQL-compatible).
//! - [`services`]: use cases in order (intake).
//! - [`http`]: thin handlers, pages, middleware.
//! - [`app`]: wiring; [`cli`]: the `filimbi` command; [`offline`]: export, decrypt, keygen.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod app;
pub mod cli;
pub mod clock;
pub mod crypto;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod offline;
pub mod scrub;
pub mod services;
pub mod store;
