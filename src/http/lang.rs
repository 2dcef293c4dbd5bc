//! Which language to answer in: an explicit `?lang=xx` (the visible language links; no cookie,
//! no JavaScript), otherwise the browser's `Accept-Language`, otherwise the first offered
//! language (English by default). Only languages the operator offers (`--languages`) count.
//! Tor Browser always asks for `en-US`, so the links on every page matter more than the header.

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Uri};

use crate::i18n::{self, Lang};

/// The public page language, as an extractor. Never fails.
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub Lang);

impl PageLang {
    /// Works out the language from a request's parts.
    pub fn from_parts(parts: &Parts) -> Self {
        Self::from_uri(&parts.uri, parts.headers.get(ACCEPT_LANGUAGE))
    }

    /// Works out the language from a request's URI and `Accept-Language` header, which a
    /// middleware can keep (cheap clones) and read only if it needs the language.
    pub fn from_uri(uri: &Uri, accept_language: Option<&HeaderValue>) -> Self {
        let offered = i18n::offered();
        let from_query = uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("lang="))
                .filter_map(Lang::from_code)
                .find(|l| offered.contains(*l))
        });
        let lang = from_query.unwrap_or_else(|| {
            accept_language
                .and_then(|v| v.to_str().ok())
                .map_or(offered.first(), |h| Lang::from_accept_language(h, offered))
        });
        Self(lang)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}

/// The investigators' page language: the public choice narrowed to the languages the
/// workspace is written in (English and French), whatever the operator offers the public.
#[derive(Debug, Clone, Copy)]
pub struct StaffLang(pub Lang);

impl StaffLang {
    /// Works out the language from a request's parts.
    pub fn from_parts(parts: &Parts) -> Self {
        let from_query = parts.uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("lang="))
                .find_map(Lang::from_code)
        });
        let lang = from_query.unwrap_or_else(|| {
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map_or(Lang::En, |h| {
                    Lang::from_accept_language(h, i18n::Languages::all())
                })
        });
        Self(lang.staff())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for StaffLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(parts))
    }
}
