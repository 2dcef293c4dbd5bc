//! The rate limits (`services::rate`) as limiters: one `tower_governor` configuration per
//! class of route, keyed by the class alone ([`ClassKey`]) — never by the client's address,
//! which everyone on Tor shares.
//!
//! Where a tower layer fits (checks, feeds, the warnings page, report form pages, staff pages,
//! login, follow-up pages) the class's
//! layer answers 429 before the handler runs. Report submissions and follow-up answers are
//! checked by their handlers *after* the form is read, so a refused person gets the form back
//! with everything they typed. Receipt attempts are limited inside `services::followup`.
//! [`dress_refusal`] turns a layer's bare 429 into the route's kind of answer: the site's
//! error page in the visitor's language, JSON for the API, plain text for feeds.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use tower_governor::GovernorError;
use tower_governor::GovernorLayer;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;

use crate::error::{AppError, ErrorKind};
use crate::i18n::Lang;
use crate::services::rate::{Rate, RateLimits};

/// The classes of route that have a budget of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// `POST /report/*`.
    Submit,
    /// `GET /report/*`, the pages that mint report form tokens.
    Form,
    /// The follow-up pages and answers.
    Followup,
    /// `/staff/login`.
    Login,
    /// `/check`, `/api/v1/check`, `/feeds/*`, `/warnings`.
    Public,
    /// The other `/staff/*` pages.
    Staff,
    /// The SMS and USSD gateways' callbacks.
    Gateway,
}

/// The key extractor: every request of a class has the same key, the class itself. Nothing
/// about the client (address, headers, cookies) goes into it.
#[derive(Debug, Clone, Copy)]
pub struct ClassKey(pub Class);

impl KeyExtractor for ClassKey {
    type Key = Class;

    fn extract<T>(&self, _req: &axum::http::Request<T>) -> Result<Class, GovernorError> {
        Ok(self.0)
    }
}

type Config = GovernorConfig<ClassKey, NoOpMiddleware>;

/// One class's limiter; `None` inside when limits are off.
#[derive(Clone)]
pub struct ClassLimiter {
    class: Class,
    config: Option<Arc<Config>>,
}

impl ClassLimiter {
    /// A limiter for `class` at `rate`; the layer applies only to `methods` (all if `None`),
    /// [`Self::check`] to whatever calls it.
    fn new(class: Class, rate: Rate, enabled: bool, methods: Option<Vec<Method>>) -> Self {
        let config = enabled
            .then(|| {
                let period_ns = (1_000_000_000 / u64::from(rate.per_second.max(1))).max(1);
                let mut builder = GovernorConfigBuilder::default().key_extractor(ClassKey(class));
                builder
                    .per_nanosecond(period_ns)
                    .burst_size(rate.burst.max(1));
                if let Some(m) = methods {
                    builder.methods(m);
                }
                builder.finish()
            })
            .flatten()
            .map(Arc::new);
        Self { class, config }
    }

    /// Takes one request from the class's budget; `Err(seconds to wait)` when it is spent.
    pub fn check(&self) -> Result<(), u64> {
        let Some(config) = &self.config else {
            return Ok(());
        };
        config
            .limiter()
            .check_key(&self.class)
            .map_err(|not_until| {
                retry_secs(not_until.wait_time_from(DefaultClock::default().now()))
            })
    }

    /// `router` with this class's layer on its routes (unchanged when limits are off).
    pub fn apply<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        match &self.config {
            Some(config) => {
                router.route_layer(GovernorLayer::new(Arc::clone(config)).error_handler(refused))
            }
            None => router,
        }
    }
}

/// Whole seconds to wait, at least 1 (a `Retry-After: 0` invites an immediate retry loop).
fn retry_secs(wait: std::time::Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

/// Every class's limiter.
#[derive(Clone)]
pub struct Limiters {
    /// `POST /report/*`, checked by the handler after the form is read.
    pub submit: ClassLimiter,
    /// Report form pages (layer, GET).
    pub form: ClassLimiter,
    /// Follow-up pages (layer, GET) and answers (handler, after the form is read).
    pub followup: ClassLimiter,
    /// Staff login.
    pub login: ClassLimiter,
    /// Public check, feeds and the warnings page.
    pub public: ClassLimiter,
    /// Staff pages.
    pub staff: ClassLimiter,
    /// The gateways' callbacks (handler, after the secret is checked).
    pub gateway: ClassLimiter,
}

impl Limiters {
    /// The limiters for `limits`.
    pub fn new(limits: &RateLimits) -> Self {
        let on = limits.enabled;
        Self {
            submit: ClassLimiter::new(Class::Submit, limits.submit, on, None),
            form: ClassLimiter::new(
                Class::Form,
                limits.form,
                on,
                Some(vec![Method::GET, Method::HEAD]),
            ),
            followup: ClassLimiter::new(
                Class::Followup,
                limits.followup,
                on,
                Some(vec![Method::GET, Method::HEAD]),
            ),
            login: ClassLimiter::new(Class::Login, limits.login, on, None),
            public: ClassLimiter::new(Class::Public, limits.public, on, None),
            staff: ClassLimiter::new(Class::Staff, limits.staff, on, None),
            gateway: ClassLimiter::new(Class::Gateway, limits.gateway, on, None),
        }
    }
}

/// Marks a layer's refusal for [`dress_refusal`].
#[derive(Debug, Clone, Copy)]
struct Refused {
    retry_after: u64,
}

/// The layers' error handler: a bare 429 with `Retry-After`, dressed by [`dress_refusal`].
fn refused(e: GovernorError) -> Response {
    let retry_after = match e {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => 1,
    };
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.extensions_mut().insert(Refused { retry_after });
    res
}

/// Adds `Retry-After` to a response.
pub fn with_retry_after(mut res: Response, secs: u64) -> Response {
    res.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(secs));
    res
}

/// Gives a layer's 429 the body its route speaks: JSON for `/api/`, plain text for `/feeds/`,
/// the site's error page (in the visitor's language, worked out only now) elsewhere; always
/// with `Retry-After`. Any other response passes unchanged.
pub fn dress_refusal(res: Response, path: &str, lang: impl FnOnce() -> Lang) -> Response {
    let Some(Refused { retry_after }) = res.extensions().get::<Refused>().copied() else {
        return res;
    };
    let res = if path.starts_with("/api/") {
        let body = serde_json::json!({
            "error": "busy",
            "message": format!("too many requests just now; try again in {retry_after} s"),
            "retry_after": retry_after,
        });
        (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response()
    } else if path.starts_with("/feeds/") {
        let mut res = (
            StatusCode::TOO_MANY_REQUESTS,
            format!("busy: too many requests just now; try again in {retry_after} s\n"),
        )
            .into_response();
        res.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        res
    } else {
        AppError::new(lang(), ErrorKind::RateLimited).into_response()
    };
    with_retry_after(res, retry_after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn retry_after_rounds_up_and_is_never_zero() {
        assert_eq!(retry_secs(Duration::ZERO), 1);
        assert_eq!(retry_secs(Duration::from_millis(20)), 1);
        assert_eq!(retry_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_secs(Duration::from_secs(3)), 3);
    }

    #[test]
    fn a_class_budget_is_spent_then_refused_and_off_means_unlimited() {
        let l = ClassLimiter::new(Class::Submit, Rate::new(1, 3), true, None);
        assert!((0..3).all(|_| l.check().is_ok()));
        assert!(matches!(l.check(), Err(s) if s >= 1));
        let off = ClassLimiter::new(Class::Submit, Rate::new(1, 1), false, None);
        assert!((0..100).all(|_| off.check().is_ok()));
    }
}
