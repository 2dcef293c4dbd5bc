//! The state every handler shares ([`AppState`]), built once by `app::build`.

use std::sync::Arc;

use crate::clock::Clock;
use crate::crypto::RngError;
use crate::crypto::form_token::{self, FormTokens, Purpose, TokenError};
use crate::http::ops::OpsOptions;
use crate::http::rate::Limiters;
use crate::http::refusals::Refusals;
use crate::http::staff::CookiePolicy;
use crate::services::accounts::Accounts;
use crate::services::audit::Audit;
use crate::services::followup::Followup;
use crate::services::intake::Intake;
use crate::services::spool::Spooler;
use crate::services::warnings::Warnings;
use crate::services::workspace::Workspace;
use crate::store::{FormSpend, Store, StoreError};

/// Shared state handed to every handler: one pointer, so the clone every extractor and
/// middleware makes is one reference count, not one per service.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state every handler will share.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] points to: the services the handlers call, and the little the HTTP
/// layer keeps itself (rate limiters, refusal counts, cookie attributes).
pub struct Shared {
    /// Report intake.
    pub intake: Arc<Intake>,
    /// Anti-CSRF tokens.
    pub tokens: Arc<FormTokens>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Where uploads are spooled (encrypted) while they arrive.
    pub spooler: Spooler,
    /// The investigators' workspace.
    pub staff: StaffState,
    /// Base URL for links printed or shown (setup links), without a trailing slash.
    pub public_url: Arc<str>,
    /// The published warning list, its feeds, and publishing.
    pub warnings: Arc<Warnings>,
    /// The whistle-blower's follow-up: receipt, questions, answers.
    pub followup: Arc<Followup>,
    /// The per-class rate limits.
    pub rate: Arc<Limiters>,
    /// The database, for spending form tokens.
    pub store: Store,
    /// Health check, `security.txt`, `Onion-Location`.
    pub ops: Arc<OpsOptions>,
    /// Refused requests, counted for the periodic summary (`http::refusals`).
    pub refusals: Arc<Refusals>,
    /// The SMS and USSD gateways, when configured.
    pub phone: Option<Arc<crate::http::gateways::Gateways>>,
}

/// What the workspace handlers need.
pub struct StaffState {
    /// Accounts, login, sessions.
    pub accounts: Arc<Accounts>,
    /// Queue and cases.
    pub workspace: Arc<Workspace>,
    /// The audit log.
    pub audit: Arc<Audit>,
    /// Session cookie attributes.
    pub cookies: CookiePolicy,
}

impl Shared {
    /// A fresh form token for the form `purpose` names (`crypto::form_token::Purpose`).
    pub fn issue_token(&self, purpose: Purpose) -> Result<String, RngError> {
        self.tokens.issue(purpose, self.clock.now_unix())
    }

    /// The full URL of a setup link.
    pub fn setup_url(&self, token: &str) -> String {
        crate::services::accounts::setup_url(&self.public_url, token)
    }

    /// Checks a submitted form token, issued for `purpose`. Writes nothing.
    pub fn check_token(&self, token: &str, purpose: Purpose) -> Result<(), TokenError> {
        self.tokens.verify(token, purpose, self.clock.now_unix())
    }

    /// Checks a submitted form token, issued for `purpose`, and says when it was issued (Unix
    /// seconds). Writes nothing.
    pub fn check_token_issued(&self, token: &str, purpose: Purpose) -> Result<u64, TokenError> {
        self.tokens
            .verify_issued(token, purpose, self.clock.now_unix())
    }

    /// What spending a form token issued for `purpose` records (`crypto::form_token`), if
    /// the token is valid: computed, not written, so that the record can join the
    /// transaction of what the form stores.
    pub fn form_spend(&self, token: &str, purpose: Purpose) -> Result<FormSpend, TokenError> {
        let issued = self.check_token_issued(token, purpose)?;
        let token_mac = self.tokens.spent_key(token).ok_or(TokenError::Invalid)?;
        let expiry_day = crate::domain::case::ReceivedDay::new(form_token::expiry_day(issued));
        Ok(FormSpend {
            token_mac,
            expiry_day,
        })
    }

    /// Spends a form token issued for `purpose`: valid and never used before, it is recorded
    /// as used (a keyed digest and its expiry day); used before, [`TokenError::Used`]. A
    /// durable write of its own: callers apply their rate limit first, so a refused request
    /// writes nothing. A report form's token is spent with its case instead
    /// ([`Shared::form_spend`]).
    pub async fn spend_token(
        &self,
        token: &str,
        purpose: Purpose,
    ) -> Result<Result<(), TokenError>, StoreError> {
        let spend = match self.form_spend(token, purpose) {
            Ok(spend) => spend,
            Err(e) => return Ok(Err(e)),
        };
        if self
            .store
            .spend_form_token(&spend.token_mac, spend.expiry_day)
            .await?
        {
            Ok(Ok(()))
        } else {
            Ok(Err(TokenError::Used))
        }
    }
}
