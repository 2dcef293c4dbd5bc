//! `/staff/templates`: the reply templates for common questions, edited by admins.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::pages::render;
use crate::i18n::Tr;
use crate::services::workspace::WorkspaceError;

use super::pages::{Chrome, TemplatesPage};
use super::{Staff, see_other};

/// `GET /staff/templates`.
pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let templates = state
        .staff
        .workspace
        .templates()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let page = TemplatesPage {
        t: Tr::new(lang),
        here: "/staff/templates".to_owned(),
        chrome: Chrome::new(&staff.session, "templates"),
        templates,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /staff/templates`: `action` = `save` (with `id` empty for a new one) or `delete`.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let form = staff.form(&headers, body).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let ws = &state.staff.workspace;
    let s = &staff.session;
    let result = match get("action") {
        "save" => {
            let id = Some(get("id")).filter(|i| !i.is_empty());
            let position = get("position").trim().parse().unwrap_or(0);
            ws.save_template(
                s,
                id,
                position,
                (get("title_en"), get("title_fr")),
                (get("body_en"), get("body_fr")),
            )
            .await
        }
        "delete" => ws.delete_template(s, get("id")).await,
        _ => Err(WorkspaceError::Invalid),
    };
    result.map_err(|e| match e {
        WorkspaceError::Invalid => AppError::new(lang, ErrorKind::BadForm),
        WorkspaceError::NotFound => AppError::new(lang, ErrorKind::NotFound),
        WorkspaceError::NoAccess => AppError::new(lang, ErrorKind::Forbidden),
        other => AppError::internal(lang, other),
    })?;
    Ok(see_other(&format!("/staff/templates?lang={}", lang.code())))
}
