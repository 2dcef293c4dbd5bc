//! # Filimbi
//!
//! Anonymous whistle-blowing and fraud-report intake for the ICGLR minerals certification
//! scheme. Whistle-blowers report forged certificates, fake websites and illegal mineral trade
//! from any browser, JavaScript off; investigators read the reports with their own age keys.
//! Fake websites and certificates they confirm can be published as a warning list that anyone
//! checks on the site, and that machines fetch as signed feeds.
//!
//! ## The encryption boundary
//! A report is encrypted with age to the investigators' keys **before** anything is stored. The
//! only code that turns plaintext into ciphertext is in [`crypto`] (its module page has the
//! table of every function that encrypts, and what to whom); the compiler holds the line:
//! [`crypto::sealed::Ciphertext`] can only be made there, and every [`store`] function that
//! writes content takes one. Each sealed object also carries a MAC under a key derived from
//! `server.key`, checked on every read, so a report or note forged by someone who can write the
//! database is refused, not shown. Decrypted documents are typed ([`domain::document`]), wiped
//! on drop and never printed by `Debug`. The server keeps no IP addresses, user agents,
//! languages or times of day. `docs/crypto.md` specifies the formats; `docs/threat-model.md`
//! says what this defends against.
//!
//! ## Module map
//! - [`domain`]: reports, receipts, cases, accounts, the queue and its deadlines, charts, the
//!   warning list, the identifiers a report names — plain types and rules, no HTTP, no SQL, no
//!   keys.
//! - [`crypto`]: key material and everything that encrypts, wraps, derives or signs with it.
//! - [`scrub`]: removing hidden metadata from attachments before they are sealed.
//! - [`store`]: sqlx persistence (SQLite embedded; SQL kept PostgreSQL-compatible).
//! - [`services`]: the use cases — intake, the investigators' accounts and workspace, the
//!   audit log, warnings, the e-mail notice, upload spooling and maintenance.
//! - [`http`]: thin handlers, pages, middleware; [`error`]: the web layer's one error path;
//!   [`i18n`]: the translation catalogue.
//! - [`app`]: wiring (the services alone for the offline commands, or the whole server);
//!   [`cli`]: the `filimbi` command; [`offline`]: the commands that need no web server.
//! - [`clock`]: time, injected so tests can move it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod app;
pub mod cleaner;
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
