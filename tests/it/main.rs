//! Integration tests: the real router (in-process via `oneshot`, or a real server on a loopback
//! port), real SQLite files in temporary directories, real age keys, the stock `age` binary and
//! a real headless Chromium with JavaScript off.

// Helpers here are test code even outside #[test] fns: a failed step must fail the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attachments;
mod backup;
mod browser;
mod browser_a11y;
mod browser_followup;
mod browser_ux;
mod cli;
mod common;
mod config_file;
mod cross_site;
mod database;
mod deploy;
mod export;
mod fixtures;
mod followup;
mod followup_pass;
mod hostile_files;
mod hostile_pdf;
mod http_client;
mod intake;
mod integrity;
mod kannel;
mod kannel_harness;
mod languages;
mod layering;
mod ops;
mod package;
mod phone;
mod previews;
mod privacy;
mod properties;
mod queue_scale;
mod rate_limits;
mod rejects;
mod related;
mod retention;
mod sandbox;
mod schema;
mod shared_commit;
mod slow;
mod slowloris;
mod sms;
mod sms_kannel;
mod sms_staff;
mod spam;
mod staff;
mod text_browser;
mod throttle;
mod typed_names;
mod upgrade;
mod ussd;
mod warnings;
mod workspace;
