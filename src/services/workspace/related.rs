//! Related cases and search by identifier (`docs/crypto.md`, "Related cases and search"),
//! answered from the session's in-memory index ([`super::index`]). A search is audited as
//! `searched`, never with its term.

use crate::domain::case::CaseId;
use crate::domain::identifiers::Identifier;
use crate::domain::identifiers::index::RelatedCase;
use crate::services::accounts::Session;
use crate::services::audit::AuditAction;

use super::{Workspace, WorkspaceError};

/// Related cases listed on a case page; the rest are behind a search link.
pub const RELATED_SHOWN: usize = 10;

/// Most cases a search hands to the queue's filters (their ids are bound into its query).
pub const MAX_HITS: usize = 5000;

/// What the case page shows of the cases related to it.
#[derive(Debug, Default)]
pub struct Related {
    /// Up to [`RELATED_SHOWN`] related cases, newest first.
    pub shown: Vec<RelatedCase>,
    /// How many related cases there are in all.
    pub total: usize,
    /// Each identifier this case names that another case names too, with how many others.
    pub links: Vec<(Identifier, usize)>,
}

/// A search's result.
#[derive(Debug)]
pub struct Hits {
    /// What the term was read as.
    pub identifier: Identifier,
    /// The cases naming it (at most [`MAX_HITS`], newest first).
    pub cases: Vec<CaseId>,
}

impl Workspace {
    /// The cases related to `case` that this session can open. The caller has opened `case`.
    pub async fn related(
        &self,
        session: &Session,
        case: &CaseId,
    ) -> Result<Related, WorkspaceError> {
        let built = self.index(session).await?;
        let ix = built.index();
        let mut all = ix.related(case);
        let links = ix
            .identifiers_of(case)
            .into_iter()
            .filter_map(|id| {
                let n = ix
                    .cases_naming(&id)
                    .iter()
                    .filter(|(c, _)| c != case)
                    .count();
                (n > 0).then_some((id, n))
            })
            .collect();
        let total = all.len();
        all.truncate(RELATED_SHOWN);
        Ok(Related {
            shown: all,
            total,
            links,
        })
    }

    /// How many other cases this session can open name `id` (drafting a listing from a case).
    pub async fn naming_count(
        &self,
        session: &Session,
        case: &CaseId,
        id: &Identifier,
    ) -> Result<usize, WorkspaceError> {
        let built = self.index(session).await?;
        let n = built.index().cases_naming(id);
        Ok(n.iter().filter(|(c, _)| c != case).count())
    }

    /// The cases this session can open that name what `term` reads as (a domain, web
    /// address, e-mail address, certificate or phone number); `None` if it reads as none.
    /// Audited as `searched`, without the term.
    pub async fn search(
        &self,
        session: &Session,
        term: &str,
    ) -> Result<Option<Hits>, WorkspaceError> {
        let Some(identifier) = Identifier::parse_query(term) else {
            return Ok(None);
        };
        self.audit
            .record(&session.account.name, AuditAction::Searched, "", "")
            .await?;
        let built = self.index(session).await?;
        let mut cases: Vec<CaseId> = built
            .index()
            .cases_naming(&identifier)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        cases.truncate(MAX_HITS);
        Ok(Some(Hits { identifier, cases }))
    }
}
