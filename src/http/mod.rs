//! HTTP: thin handlers that translate between requests and the services, per audience.
//!
//! - [`middleware`]: the one layer around every request (cross-site guard, refusal bodies,
//!   security headers, refusal count); [`refusals`]: refused requests
//!   counted and summed up in the log once a minute, never a line per request.
//! - [`same_origin`]: the one cross-site guard in front of every form post, public and staff.
//! - [`lang`]: the page language (visible `?lang=` link, else `Accept-Language`).
//! - [`form`]: strict `application/x-www-form-urlencoded` parsing (invalid UTF-8 is an error,
//!   not a silent U+FFFD).
//! - [`header_guard`]: a bound on multipart header and preamble sizes, which multer leaves open.
//! - [`pages`]: askama page types; [`escape`]: the templates' HTML escaper; [`phone_text`]: the words of SMS replies and USSD screens.
//! - [`query`]: typed query strings, with the site's error page for values that do not fit.
//! - [`intake`]: the whistle-blower's pages; [`followup`]: coming back with the receipt; [`upload`]: multipart forms with files.
//! - [`assets`]: the one stylesheet; [`chrome`]: the public pages' frame, rendered once per
//!   language.
//! - [`staff`]: the investigators' workspace.
//! - [`server`]: the accept loop: header and body idle timeouts, the connection cap, graceful
//!   shutdown.
//! - [`warnings`]: the public warning list and check; [`feeds`]: the same for machines.
//! - [`state`]: the state every handler shares, one pointer; [`routes`]: the routes by rate
//!   class, and the layers around them.

pub mod assets;
pub mod chrome;
pub mod escape;
pub mod feeds;
pub mod followup;
pub mod form;
pub mod gateways;
pub mod header_guard;
pub mod intake;
pub mod lang;
pub mod middleware;
pub mod ops;
pub mod pages;
pub mod phone_text;
pub mod query;
pub mod rate;
pub mod refusals;
pub mod routes;
pub mod same_origin;
pub mod server;
pub mod staff;
pub mod state;
pub mod upload;
pub mod warnings;

pub use state::{AppState, Shared, StaffState};
