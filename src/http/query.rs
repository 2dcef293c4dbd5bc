//! Query strings read into typed structs.
//!
//! axum's `Query` answers a value that does not fit with a plain-text 400 in English; here the
//! same parsing gives the site's "address not understood" page in the page's language. Fields
//! are typed (statuses, categories, sort orders are enums), so a handler never compares a
//! query value with a string.

use std::fmt::Display;
use std::str::FromStr;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

use crate::error::{AppError, ErrorKind};
use crate::http::lang::PageLang;

/// The query string as a `T`, or the bad-query error page.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypedQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for TypedQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let lang = PageLang::from_parts(parts).0;
        // The parser's message quotes the value; it is not logged, since a query may be what
        // someone typed (the error page itself logs the refusal).
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(q)| Self(q))
            .map_err(|_| AppError::new(lang, ErrorKind::BadQuery))
    }
}

/// For `#[serde(default, deserialize_with = "blank_is_none")]`: an empty value (a filter's
/// "any" option) is no value; any other must parse as a `T`.
pub fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: Display,
{
    let raw = String::deserialize(d)?;
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(D::Error::custom)
}

/// For `#[serde(default, deserialize_with = "checkbox")]`: a checkbox sends `1` when ticked
/// (our forms give it that value) and nothing otherwise.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match String::deserialize(d)?.as_str() {
        "1" => Ok(true),
        "" => Ok(false),
        other => Err(D::Error::custom(format!("not a checkbox value: {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Status;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Q {
        #[serde(deserialize_with = "blank_is_none")]
        status: Option<Status>,
        #[serde(deserialize_with = "checkbox")]
        ticked: bool,
    }

    fn parse(q: &str) -> Result<Q, String> {
        let uri: axum::http::Uri = format!("/x?{q}").parse().map_err(|_| "uri".to_owned())?;
        Query::<Q>::try_from_uri(&uri)
            .map(|Query(q)| q)
            .map_err(|e| e.body_text())
    }

    #[test]
    fn blank_and_missing_are_none_known_names_parse_others_fail() {
        assert_eq!(parse(""), Ok(Q::default()));
        assert_eq!(parse("status=&lang=fr"), Ok(Q::default()));
        assert_eq!(
            parse("status=verified&ticked=1"),
            Ok(Q {
                status: Some(Status::Verified),
                ticked: true
            })
        );
        assert!(parse("status=verifed").is_err());
        assert!(parse("ticked=yes").is_err());
        assert!(parse("status=new&status=spam").is_err(), "repeated");
    }
}
