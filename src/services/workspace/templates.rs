//! The reply templates for common questions: listed for every investigator, edited by admins
//! (audited).

use crate::domain::followup::MAX_MESSAGE_CHARS;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;
use crate::store::TemplateRow;

use super::{Workspace, WorkspaceError};

/// Longest template title and text, in characters.
pub const MAX_TEMPLATE_TITLE_CHARS: usize = 80;

impl Workspace {
    /// The reply templates.
    pub async fn templates(&self) -> Result<Vec<TemplateRow>, WorkspaceError> {
        Ok(self.store.templates().await?)
    }

    /// Adds (`id = None`) or changes a template. Admins only; audited.
    pub async fn save_template(
        &self,
        session: &Session,
        id: Option<&str>,
        position: i64,
        titles: (&str, &str),
        bodies: (&str, &str),
    ) -> Result<(), WorkspaceError> {
        if !session.account.is_admin {
            return Err(WorkspaceError::NoAccess);
        }
        let ok_title =
            |t: &str| !t.trim().is_empty() && t.chars().count() <= MAX_TEMPLATE_TITLE_CHARS;
        let ok_body = |t: &str| !t.trim().is_empty() && t.chars().count() <= MAX_MESSAGE_CHARS;
        if !(ok_title(titles.0) && ok_title(titles.1) && ok_body(bodies.0) && ok_body(bodies.1)) {
            return Err(WorkspaceError::Invalid);
        }
        let id = match id {
            Some(id) => id.to_owned(),
            None => hex::encode(
                crate::crypto::random_bytes::<16>()
                    .map_err(|e| WorkspaceError::Internal(e.to_string()))?,
            ),
        };
        self.store
            .put_template(&TemplateRow {
                id: id.clone(),
                position,
                title_en: titles.0.trim().to_owned(),
                title_fr: titles.1.trim().to_owned(),
                body_en: bodies.0.trim().to_owned(),
                body_fr: bodies.1.trim().to_owned(),
            })
            .await?;
        self.audit
            .record(&session.account.name, AuditAction::TemplateSave, &id, "")
            .await?;
        Ok(())
    }

    /// Deletes a template. Admins only; audited.
    pub async fn delete_template(&self, session: &Session, id: &str) -> Result<(), WorkspaceError> {
        if !session.account.is_admin {
            return Err(WorkspaceError::NoAccess);
        }
        if !self.store.delete_template(id).await? {
            return Err(WorkspaceError::NotFound);
        }
        self.audit
            .record(&session.account.name, AuditAction::TemplateDelete, id, "")
            .await?;
        Ok(())
    }
}
