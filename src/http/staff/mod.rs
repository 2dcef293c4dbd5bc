//! The investigators' workspace under `/staff`: thin handlers over `services::accounts` and
//! `services::workspace`.
//!
//! - [`auth`]: setup links, login, logout.
//! - [`cases`]: the queue, a case, its actions and attachment downloads.
//! - [`admin`]: accounts, the audit log, the dashboard.
//! - [`pages`]: askama page types.
//! - [`actions`]: the names of the forms' actions, as enums, and the typed forms that carry
//!   them.
//!
//! Every form is read one way: decoded strictly ([`crate::http::form`]: invalid UTF-8 is an
//! error, not a replacement character) and then deserialised into a typed form per page
//! ([`Staff::form`], or [`read_form`] before login). An unknown or missing action, or a field
//! that does not fit, gets the bad-form page (400) in the investigator's language.
//!
//! Every POST needs the session's anti-CSRF token (or, before login, a form token); posts
//! from another site are refused before any handler runs ([`crate::http::same_origin`], the
//! same guard as the public form's), and the session cookie is `SameSite=Strict` besides.

pub mod actions;
pub mod admin;
pub mod auth;
pub mod cases;
pub mod pages;
pub mod templates;
pub mod warnings;

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::form::{read_urlencoded, typed};
use crate::http::lang::StaffLang;
use crate::i18n::Lang;
use crate::services::accounts::{Session, SessionError};

/// How the session cookie is set.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    /// `Secure` and the `__Host-` prefix. Off only for plain-HTTP deployments (an onion
    /// service, local testing), where browsers would refuse a Secure cookie.
    pub secure: bool,
}

impl CookiePolicy {
    /// The cookie's name: `__Host-` when secure (browsers then enforce Secure, Path=/ and no
    /// Domain, so a sibling subdomain cannot set or read it).
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-filimbi-session"
        } else {
            "filimbi-session"
        }
    }

    /// The attributes every Filimbi cookie carries.
    pub(crate) fn attributes(self) -> &'static str {
        if self.secure {
            "; Path=/; Secure; HttpOnly; SameSite=Strict"
        } else {
            "; Path=/; HttpOnly; SameSite=Strict"
        }
    }

    /// `Set-Cookie` value starting a session (no Max-Age: it ends with the browser; the server
    /// ends it after 30 idle minutes or 12 hours regardless).
    pub fn set(self, value: &str) -> String {
        format!("{}={value}{}", self.name(), self.attributes())
    }

    /// `Set-Cookie` value removing the cookie.
    pub fn clear(self) -> String {
        format!("{}={}; Max-Age=0", self.name(), self.attributes())
    }

    /// The cookie's value in a request, if present.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, self.name())
    }
}

/// The value of cookie `name` in a request, if present.
pub(crate) fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A logged-in investigator, as an extractor. Without a valid session the request is
/// redirected to the login page (the old cookie removed).
pub struct Staff {
    /// The session.
    pub session: Session,
    /// Page language.
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = StaffLang::from_parts(parts).0;
        let policy = state.staff.cookies;
        let Some(cookie) = policy.read(&parts.headers) else {
            return Err(to_login(lang, None));
        };
        match state.staff.accounts.session(&cookie).await {
            Ok(session) => Ok(Self { session, lang }),
            Err(SessionError::Invalid) => Err(to_login(lang, Some(policy.clear()))),
            Err(SessionError::Internal) => {
                Err(AppError::internal(lang, "session lookup failed").into_response())
            }
        }
    }
}

impl Staff {
    /// Refuses the request unless the account is an admin.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.session.account.is_admin {
            Ok(())
        } else {
            Err(AppError::new(self.lang, ErrorKind::Forbidden))
        }
    }

    /// Reads a POSTed form into its typed form `T` after checking its anti-CSRF token (its
    /// origin was checked by [`crate::http::same_origin`] before the handler ran): a wrong
    /// token is refused (403) before the fields are looked at; fields that do not make a `T`
    /// get the bad-form page (400).
    pub async fn form<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: Body,
    ) -> Result<T, AppError> {
        let (form, _) = self.form_and_list(headers, body, "").await?;
        Ok(form)
    }

    /// [`Staff::form`] for a form that also repeats one field (`list`, e.g. the ticked cases
    /// of the bulk form): its values, in order, come back beside the typed form.
    pub async fn form_and_list<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: Body,
        list: &str,
    ) -> Result<(T, Vec<String>), AppError> {
        let (fields, values) = read_fields(self.lang, headers, body, list).await?;
        let token = fields.get("csrf").map_or("", String::as_str);
        if !self.session.csrf_ok(token) {
            return Err(AppError::new(self.lang, ErrorKind::Forbidden));
        }
        Ok((typed_fields(self.lang, fields)?, values))
    }
}

/// A form that carries nothing but its anti-CSRF token (logout).
#[derive(Debug, Deserialize)]
pub struct CsrfOnly {}

/// Reads a URL-encoded form into its typed form `T` before login, where a form token in the
/// fields stands in for the session's anti-CSRF token (the last value of a repeated name wins).
pub async fn read_form<T: DeserializeOwned>(
    lang: Lang,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, AppError> {
    let (fields, _) = read_fields(lang, headers, body, "").await?;
    typed_fields(lang, fields)
}

/// The strictly decoded fields of a form (the last value of a repeated name wins), and the
/// values of the one name `list` that may repeat.
async fn read_fields(
    lang: Lang,
    headers: &HeaderMap,
    body: Body,
    list: &str,
) -> Result<(HashMap<String, String>, Vec<String>), AppError> {
    let pairs = read_urlencoded(body, headers)
        .await
        .map_err(|k| AppError::new(lang, k))?;
    let mut values = Vec::new();
    let mut fields = HashMap::new();
    for (k, v) in pairs {
        if !list.is_empty() && k == list {
            values.push(v);
        } else {
            fields.insert(k, v);
        }
    }
    Ok((fields, values))
}

fn typed_fields<T: DeserializeOwned>(
    lang: Lang,
    fields: HashMap<String, String>,
) -> Result<T, AppError> {
    typed(fields).map_err(|_| AppError::new(lang, ErrorKind::BadForm))
}

/// A 303 redirect (after a POST, or to the login page).
pub fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

fn to_login(lang: Lang, clear_cookie: Option<String>) -> Response {
    let mut res = see_other(&format!("/staff/login?lang={}", lang.code()));
    if let Some(c) = clear_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().insert(SET_COOKIE, c);
    }
    res
}
