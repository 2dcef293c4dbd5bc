//! The single stylesheet, compiled in. No fonts, images or scripts exist to be served.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

/// The stylesheet's text.
pub const STYLE_CSS: &str = include_str!("../../templates/style.css");

/// `GET /style.css`: cacheable for a day (it holds nothing personal).
pub async fn style_css() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE_CSS,
    )
}
