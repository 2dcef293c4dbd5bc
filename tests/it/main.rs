//! Integration tests: the real router (in-process via `oneshot`, or a real server on a loopback
//! port), real SQLite files in temporary directories, real age keys, the stock `age` binary and
//! a real headless Chromium with JavaScript off.

mod attachments;
mod browser;
mod cli;
mod common;
mod cross_site;
mod fixtures;
mod intake;
mod privacy;
mod rejects;
mod staff;
mod typed_names;
mod warnings;
mod workspace;
