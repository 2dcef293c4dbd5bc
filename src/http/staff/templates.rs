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

use super::actions::TemplateForm;
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

/// `POST /staff/templates`: a [`TemplateForm`], `save` (with `id` empty for a new one) or
/// `delete`.
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let form: TemplateForm = staff.form(&headers, body).await?;
    let ws = &state.staff.workspace;
    let s = &staff.session;
    let result = match form {
        TemplateForm::Save {
            id,
            position,
            title_en,
            title_fr,
            body_en,
            body_fr,
        } => {
            let id = Some(id.as_str()).filter(|i| !i.is_empty());
            let position = position.trim().parse().unwrap_or(0);
            ws.save_template(
                s,
                id,
                position,
                (&title_en, &title_fr),
                (&body_en, &body_fr),
            )
            .await
        }
        TemplateForm::Delete { id } => ws.delete_template(s, &id).await,
    };
    result.map_err(|e| match e {
        WorkspaceError::Invalid => AppError::new(lang, ErrorKind::BadForm),
        WorkspaceError::NotFound => AppError::new(lang, ErrorKind::NotFound),
        WorkspaceError::NoAccess => AppError::new(lang, ErrorKind::Forbidden),
        other => AppError::internal(lang, other),
    })?;
    Ok(see_other(&format!("/staff/templates?lang={}", lang.code())))
}
