//! What machines around the server ask it: a health check for the service manager or the
//! proxy, `robots.txt` for search engines, `security.txt` for people reporting a flaw, and
//! the `Onion-Location` header that offers Tor Browser users the onion address.
//!
//! None of them says anything about cases: no counts, no times.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::AppState;

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "text/plain; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `GET /healthz`: `200 ok` when the database answers and reports are accepted; `503` with one
/// word (`store`, `closed`) otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.store.ping().await.is_err() {
        return text(StatusCode::SERVICE_UNAVAILABLE, "store\n".to_owned());
    }
    if !state.intake.is_open() {
        return text(StatusCode::SERVICE_UNAVAILABLE, "closed\n".to_owned());
    }
    text(StatusCode::OK, "ok\n".to_owned())
}

/// `GET /robots.txt`: the public pages may be indexed (people must find the real channel);
/// staff pages, check results, follow-up and the API may not.
pub async fn robots() -> Response {
    text(
        StatusCode::OK,
        "User-agent: *\nDisallow: /staff\nDisallow: /check\nDisallow: /api/\nDisallow: /followup\nDisallow: /healthz\n"
            .to_owned(),
    )
}

/// `GET /.well-known/security.txt` (RFC 9116) from `--security-contact` and
/// `--security-expires`; 404 when no contact is configured.
pub async fn security_txt(State(state): State<AppState>) -> Response {
    match &state.ops.security_contact {
        Some(contact) => {
            let mut body = format!("Contact: {contact}\n");
            if let Some(expires) = &state.ops.security_expires {
                body.push_str(&format!("Expires: {expires}\n"));
            }
            body.push_str(&format!(
                "Canonical: {}/.well-known/security.txt\n",
                state.public_url
            ));
            text(StatusCode::OK, body)
        }
        None => text(StatusCode::NOT_FOUND, "not configured\n".to_owned()),
    }
}

/// Adds `Onion-Location` (the same path on the onion address) to pages when configured.
pub async fn onion_location(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(onion) = &state.ops.onion_location else {
        return next.run(req).await;
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && let Ok(v) = HeaderValue::from_str(&format!("{onion}{path}")) {
        res.headers_mut().insert("onion-location", v);
    }
    res
}

/// The operator's settings these answers use.
#[derive(Debug, Clone, Default)]
pub struct OpsOptions {
    /// `http://….onion` (no trailing slash) to advertise with `Onion-Location`.
    pub onion_location: Option<String>,
    /// `mailto:` or `https:` address for `security.txt`.
    pub security_contact: Option<String>,
    /// RFC 3339 time after which `security.txt` is stale.
    pub security_expires: Option<String>,
}
