//! What every request passes through, around the router ([`App`]): the cross-site guard
//! before, and after, a refusal dressed for its route, the security headers (so no route can
//! forget them) and the refusal count. One service rather than four layers: each layer costs
//! a boxed future and a clone of the service under it, on every request.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::Service;

use crate::error::{AppError, ErrorKind};
use crate::http::lang::PageLang;
use crate::http::refusals::Refusals;
use crate::http::{rate, same_origin};

/// No scripts, no third parties, no framing, forms only to ourselves.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// Nothing a report page needs: deny every powerful feature.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

// Names the `http` crate has no constant for, made once at compile time: a
// `HeaderName::from_static` at run time validates and hashes its string on every response.
const PERMISSIONS_POLICY_NAME: HeaderName = HeaderName::from_static("permissions-policy");
const COOP: HeaderName = HeaderName::from_static("cross-origin-opener-policy");
pub(crate) const CORP: HeaderName = HeaderName::from_static("cross-origin-resource-policy");

/// The headers every response starts from, made once. Cloning a ready map and putting the
/// handler's few headers into it costs half of inserting these eight into the handler's map,
/// which also had to grow for them.
static DEFAULT_HEADERS: LazyLock<HeaderMap> = LazyLock::new(|| {
    let mut h = HeaderMap::with_capacity(16);
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        PERMISSIONS_POLICY_NAME,
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    h.insert(COOP, HeaderValue::from_static("same-origin"));
    // Public feeds and the check API say `cross-origin` themselves.
    h.insert(CORP, HeaderValue::from_static("same-origin"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h
});

/// Adds the headers. Pages default to `Cache-Control: no-store` (forms and receipts must never
/// sit in a shared or disk cache); a handler that sets its own (the stylesheet, the feeds) or
/// its own `Cross-Origin-Resource-Policy` keeps it, and every other header it set, a name set
/// twice (`Set-Cookie`) with both values. The other six are always these: no handler can
/// loosen the policy, by mistake or not.
pub fn security_headers(res: &mut Response) {
    let own = std::mem::replace(res.headers_mut(), DEFAULT_HEADERS.clone());
    let h = res.headers_mut();
    // `HeaderMap`'s iterator names a header at its first value and `None` for the next ones;
    // `name` is `None` too while an enforced header's values are skipped.
    let mut name = None;
    for (n, value) in own {
        match n {
            Some(n) if enforced(&n) => name = None,
            Some(n) => {
                h.insert(&n, value);
                name = Some(n);
            }
            None => {
                if let Some(n) = &name {
                    h.append(n, value);
                }
            }
        }
    }
}

/// The headers only [`security_headers`] sets.
fn enforced(name: &HeaderName) -> bool {
    [
        CONTENT_SECURITY_POLICY,
        REFERRER_POLICY,
        X_CONTENT_TYPE_OPTIONS,
        X_FRAME_OPTIONS,
        PERMISSIONS_POLICY_NAME,
        COOP,
    ]
    .contains(name)
}

/// The whole application as one service: the routes, and around every request what the
/// module names: a form post from another site is refused before anything reads it
/// ([`same_origin`]); a rate layer's bare refusal gets its route's body
/// ([`rate::dress_refusal`]); every response gets the security headers, and refusals are
/// counted for the summary ([`Refusals`]), never logged one by one.
///
/// Wrapped around the router, not put on it with `Router::layer`: that wraps every route
/// again, so each request cloned and boxed the route twice and boxed the middleware's future
/// on top. Here the router runs inside one boxed future.
#[derive(Clone)]
pub struct App {
    router: Router,
    refusals: Arc<Refusals>,
}

impl App {
    /// `router` (its state given) behind the middleware, refusals counted into `refusals`.
    pub fn new(router: Router, refusals: Arc<Refusals>) -> Self {
        Self { router, refusals }
    }
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let refusals = Arc::clone(&self.refusals);
        // Kept for a refusal's page language: reference-counted clones, no parsing.
        let uri = req.uri().clone();
        let accept_language = req.headers().get(ACCEPT_LANGUAGE).cloned();
        // A cross-site form post is refused before the router, or anything, reads it.
        let cross_site = !req.method().is_safe() && same_origin::check(req.headers()).is_err();
        let routed = (!cross_site).then(|| self.router.call(req));
        Box::pin(async move {
            let lang = || PageLang::from_uri(&uri, accept_language.as_ref()).0;
            let mut res = match routed {
                None => AppError::new(lang(), ErrorKind::CrossSite).into_response(),
                Some(routed) => {
                    let res = match routed.await {
                        Ok(res) => res,
                        Err(never) => match never {},
                    };
                    rate::dress_refusal(res, uri.path(), lang)
                }
            };
            security_headers(&mut res);
            refusals.count(res.status().as_u16());
            Ok(res)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::{CONTENT_TYPE, SET_COOKIE};

    /// The headers of a response whose handler set `own` (appended in order), once the
    /// middleware's are added.
    fn after(own: &[(HeaderName, &'static str)]) -> HeaderMap {
        let mut res = Response::new(axum::body::Body::empty());
        for (name, value) in own {
            res.headers_mut()
                .append(name, HeaderValue::from_static(value));
        }
        security_headers(&mut res);
        res.headers().clone()
    }

    #[test]
    fn a_handlers_own_headers_win_and_repeated_ones_all_stay() {
        let h = after(&[
            (CONTENT_TYPE, "text/css"),
            (CACHE_CONTROL, "public, max-age=60"),
            (CORP, "cross-origin"),
            (SET_COOKIE, "a=1"),
            (SET_COOKIE, "b=2"),
        ]);
        assert_eq!(h["content-type"], "text/css");
        assert_eq!(h["cache-control"], "public, max-age=60");
        assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
        let cookies: Vec<_> = h.get_all(SET_COOKIE).iter().collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(h["content-security-policy"], CSP);
        assert_eq!(h["x-frame-options"], "DENY");
        // The eight defaults (two replaced), the type and both cookies.
        assert_eq!(h.len(), 11);
    }

    #[test]
    fn a_bare_response_gets_every_default() {
        let h = after(&[]);
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["cross-origin-resource-policy"], "same-origin");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["permissions-policy"], PERMISSIONS_POLICY);
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h.len(), 8);
    }

    #[test]
    fn a_handler_cannot_loosen_the_six_enforced_headers() {
        let h = after(&[
            (CONTENT_SECURITY_POLICY, "default-src *"),
            (X_FRAME_OPTIONS, "ALLOWALL"),
            (X_FRAME_OPTIONS, "SAMEORIGIN"),
            (COOP, "unsafe-none"),
        ]);
        assert_eq!(h["content-security-policy"], CSP);
        let frames: Vec<_> = h.get_all(X_FRAME_OPTIONS).iter().collect();
        assert_eq!(frames, ["DENY"]);
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert_eq!(h.len(), 8);
    }
}
