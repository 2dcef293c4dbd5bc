//! `GET /feeds/{file}`: the warning list for machines, with its signatures and key; and
//! `GET /feeds/misp/{file}`, the MISP feed, whose layout (`manifest.json`, `hashes.csv`, one
//! `<uuid>.json` per event) a MISP instance reads from one URL prefix.
//!
//! Every response allows any origin (CORS `*`: the list is public and carries no cookies),
//! carries a strong `ETag` so pollers get `304 Not Modified` for free, and a `Last-Modified`
//! of the day of the latest change. Only days are kept, so `If-Modified-Since` is not honoured
//! (two changes on one day share a `Last-Modified`): conditional requests go by ETag.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE,
    ETAG, IF_NONE_MATCH, LAST_MODIFIED, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::lang::PageLang;
use crate::http::middleware::CORP;

/// How long caches may reuse a feed without asking again.
const CACHE: &str = "public, max-age=300";

/// Headers every public machine-readable response carries: any origin may read it, and any
/// site may load it (the default `same-origin` resource policy would stop that).
pub fn public_headers(h: &mut HeaderMap) {
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(CORP, HeaderValue::from_static("cross-origin"));
}

/// `GET /feeds/{file}`: a feed, `{feed}.sig`, `allowed_signers` or `signing-key.pub`.
pub async fn feed(
    State(state): State<AppState>,
    lang: PageLang,
    file: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    // A name that is not even valid UTF-8 is simply not a feed: the site's own 404 page.
    let Ok(Path(file)) = file else {
        return AppError::new(lang.0, ErrorKind::NotFound).into_response();
    };
    serve(&state, lang, &file, &headers)
}

/// `GET /feeds/misp/{file}`: a file of the MISP feed, or its `.sig`.
pub async fn misp(
    State(state): State<AppState>,
    lang: PageLang,
    file: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(file)) = file else {
        return AppError::new(lang.0, ErrorKind::NotFound).into_response();
    };
    serve(&state, lang, &format!("misp/{file}"), &headers)
}

/// The file `/feeds/{file}` names.
fn serve(state: &AppState, lang: PageLang, file: &str, headers: &HeaderMap) -> Response {
    let published = state.warnings.current();
    let mut gzip = false;
    let mut encodings = false;
    let (body, content_type, etag): (Body, &str, String) = match file {
        "allowed_signers" | "signing-key.pub" => {
            let signer = state.warnings.signer();
            let text = if file == "allowed_signers" {
                signer.allowed_signers()
            } else {
                format!("{}\n", signer.public_key())
            };
            let etag = format!(
                "\"k-{}\"",
                signer.fingerprint().replace(['/', '+', ':', '='], "")
            );
            (Body::from(text), "text/plain; charset=utf-8", etag)
        }
        name => {
            let (feed_name, sig) = match name.strip_suffix(".sig") {
                Some(base) => (base, true),
                None => (name, false),
            };
            let Some((content_type, file)) = published.file(feed_name) else {
                return AppError::new(lang.0, ErrorKind::NotFound).into_response();
            };
            if sig {
                let etag = format!("{}-sig\"", file.etag.trim_end_matches('"'));
                (
                    Body::from(file.signature.clone()),
                    "text/plain; charset=utf-8",
                    etag,
                )
            } else if accepts_gzip(headers) {
                (gzip, encodings) = (true, true);
                (
                    Body::from(file.gzip.clone()),
                    content_type,
                    file.gzip_etag.clone(),
                )
            } else {
                encodings = true;
                (
                    Body::from(file.body.clone()),
                    content_type,
                    file.etag.clone(),
                )
            }
        }
    };
    let mut res = if etag_matches(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        if let Ok(v) = HeaderValue::from_str(content_type) {
            r.headers_mut().insert(CONTENT_TYPE, v);
        }
        r
    };
    let h = res.headers_mut();
    public_headers(h);
    h.insert(CACHE_CONTROL, HeaderValue::from_static(CACHE));
    if gzip {
        h.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if encodings {
        // Caches must keep the two encodings of a feed apart.
        h.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(ETAG, v);
    }
    if let Some(day) = published.list.latest_change() {
        let when = day.midnight().assume_utc();
        let secs = u64::try_from(when.unix_timestamp()).unwrap_or(0);
        let stamp =
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
        if let Ok(v) = HeaderValue::from_str(&stamp) {
            h.insert(LAST_MODIFIED, v);
        }
    }
    res
}

/// Whether `Accept-Encoding` accepts gzip (`gzip` or `*`, with a quality above zero).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// Whether `If-None-Match` lists `etag` (or `*`). Weak comparison, as RFC 9110 asks for
/// `If-None-Match`.
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let mut h = HeaderMap::new();
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(etag_matches(&h, "\"b\""));
        assert!(etag_matches(&h, "\"a\""));
        assert!(!etag_matches(&h, "\"c\""));
        assert!(!etag_matches(&HeaderMap::new(), "\"a\""));
    }

    #[test]
    fn gzip_is_chosen_only_when_accepted() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br, identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
