//! The one cross-site request guard, for every form on the site: the whistle-blower's report
//! form and every staff form alike.
//!
//! It runs in the one service around the router (`http::middleware::App`) on every request
//! with an unsafe method (POST and the like), so a route added later cannot forget it. Each
//! form still carries its own token (the report form's signed token, the staff session's
//! anti-CSRF token); this guard is the second lock, and the only one that stops another site
//! from making a visitor's browser post a report with a token it fetched itself.

use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};

/// Why a request was judged to come from elsewhere (for tests and logs; the visitor sees the
/// cross-site error page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// `Sec-Fetch-Site: cross-site` or `same-site`.
    FetchSite,
    /// An `Origin` naming another host than the request's `Host`.
    Origin,
}

/// The rule set, in one place.
///
/// - `Sec-Fetch-Site` (sent by every current browser, whatever the referrer policy): only
///   `same-origin` and `none` (the person typed the address or used a bookmark) pass.
///   `cross-site` is refused, and so is `same-site`: a sibling subdomain is another origin,
///   none of our forms lives there, and a `SameSite=Strict` cookie does not protect against it
///   (to the browser a sibling *is* the same site, so it would send the staff cookie).
/// - `Origin`: when it names a host, it must be the request's `Host` (compared without regard
///   to case; the scheme is not compared, since TLS may end at a proxy). `Origin: null` passes:
///   our pages send `Referrer-Policy: no-referrer`, under which browsers send `null` for our
///   own form posts, so it says nothing either way (a foreign page that sends `null` is still
///   caught by `Sec-Fetch-Site`). An `Origin` that cannot be read, or with no `Host` to compare
///   to, is refused: browsers always send both in a readable form.
/// - Neither header (older browsers, command-line clients): accepted. The forms' own tokens
///   still apply; refusing would lock out people on old phones, who are among those the public
///   form is for.
///
/// A reverse proxy in front of Filimbi must pass the original `Host` on (nginx:
/// `proxy_set_header Host $host;`), or browsers that send a real `Origin` are refused.
pub fn check(headers: &HeaderMap) -> Result<(), Foreign> {
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.as_bytes());
    if matches!(fetch_site, Some(b"cross-site" | b"same-site")) {
        return Err(Foreign::FetchSite);
    }
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(());
    };
    if origin.as_bytes() == b"null" {
        return Ok(());
    }
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, host)| host);
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    match (origin_host, host) {
        (Some(o), Some(h)) if !o.is_empty() && o.eq_ignore_ascii_case(h) => Ok(()),
        _ => Err(Foreign::Origin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_site_other_than_same_origin_or_none_is_refused() {
        for site in ["cross-site", "same-site"] {
            assert_eq!(
                check(&headers(&[("sec-fetch-site", site)])),
                Err(Foreign::FetchSite),
                "{site}"
            );
        }
        for site in ["same-origin", "none"] {
            assert_eq!(
                check(&headers(&[("sec-fetch-site", site)])),
                Ok(()),
                "{site}"
            );
        }
    }

    #[test]
    fn origin_must_name_this_host() {
        let ok = [
            ("origin", "https://filimbi.example"),
            ("host", "filimbi.example"),
        ];
        assert_eq!(check(&headers(&ok)), Ok(()));
        let with_port = [
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080"),
        ];
        assert_eq!(check(&headers(&with_port)), Ok(()));
        let case = [
            ("origin", "https://filimbi.example"),
            ("host", "Filimbi.Example"),
        ];
        assert_eq!(check(&headers(&case)), Ok(()));
        for bad in [
            [
                ("origin", "https://evil.example"),
                ("host", "filimbi.example"),
            ],
            [
                ("origin", "https://filimbi.example.evil.example"),
                ("host", "filimbi.example"),
            ],
            [
                ("origin", "http://127.0.0.1:9999"),
                ("host", "127.0.0.1:8080"),
            ],
            [("origin", "filimbi.example"), ("host", "filimbi.example")],
            [("origin", "https://"), ("host", "")],
        ] {
            assert_eq!(check(&headers(&bad)), Err(Foreign::Origin), "{bad:?}");
        }
        assert_eq!(
            check(&headers(&[("origin", "https://filimbi.example")])),
            Err(Foreign::Origin),
            "no Host to compare to"
        );
    }

    #[test]
    fn null_origin_and_missing_headers_pass() {
        assert_eq!(check(&HeaderMap::new()), Ok(()));
        assert_eq!(
            check(&headers(&[("origin", "null"), ("host", "filimbi.example")])),
            Ok(())
        );
        assert_eq!(
            check(&headers(&[
                ("origin", "null"),
                ("sec-fetch-site", "cross-site")
            ])),
            Err(Foreign::FetchSite),
            "a null origin does not excuse a cross-site fetch"
        );
    }
}
