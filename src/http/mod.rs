//! HTTP: thin handlers that translate between requests and the services, per audience.
//!
//! - [`middleware`]: security headers on every response.
//! - [`lang`]: the page language (visible `?lang=` link, else `Accept-Language`).
//! - [`form`]: strict `application/x-www-form-urlencoded` parsing (invalid UTF-8 is an error,
//!   not a silent U+FFFD).
//! - [`pages`]: askama page types.
//! - [`intake`]: the whistle-blower's pages; [`upload`]: multipart forms with files.
//! - [`assets`]: the one stylesheet.
//! - [`staff`]: the investigators' workspace.

pub mod assets;
pub mod form;
pub mod header_guard;
pub mod intake;
pub mod lang;
pub mod middleware;
pub mod pages;
pub mod staff;
pub mod upload;
