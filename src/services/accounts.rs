//! Investigator accounts: setup links, enrolment, login, sessions.
//!
//! Login is one step — name, password and TOTP code together — and every refusal looks the
//! same and is answered at the same time after it arrived, so an attacker learns neither which
//! factor was wrong nor whether the name exists. Guesses at one account are slowed by its
//! throttle ([`LoginPolicy`]), never locked out. Argon2id runs a few at a time (each takes
//! 64 MiB), in blocking threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::crypto::recipients::AgeRecipient;
use crate::crypto::sealed::{IntegrityError, IntegrityKey, ObjectMac, Record};
use crate::crypto::totp::TotpSecret;
use crate::crypto::vault::{self, AccountSecrets, KdfParams};
use crate::crypto::{RngError, random_bytes};
use crate::domain::account::{
    Account, AccountId, AccountName, AccountState, LoginPolicy, LoginThrottle, PasswordProblem,
    check_new_password,
};
use crate::domain::case::ReceivedDay;
use crate::services::audit::{Audit, AuditAction};
use crate::store::{SetupRecord, Store, StoreError};

/// How long a setup link stays valid.
pub const SETUP_LINK_TTL: Duration = Duration::from_secs(24 * 3600);

/// Session lifetimes.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after login, however active.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 3600),
        }
    }
}

/// A logged-in investigator, for one request.
pub struct Session {
    /// The account.
    pub account: Account,
    /// The account's age identity, opened with the cookie's session key.
    pub identity: age::x25519::Identity,
    /// The session's anti-CSRF token (derived from the session key; never stored).
    pub csrf: String,
    /// Hash of the session id (to log out).
    pub id_hash: String,
}

impl Session {
    /// Checks a submitted anti-CSRF token in constant time.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        subtle::ConstantTimeEq::ct_eq(self.csrf.as_bytes(), submitted.as_bytes()).into()
    }
}

/// A one-time setup link's token, to be put in a URL and shown once.
pub struct SetupToken(pub SecretString);

/// Why an account operation was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// The name typed for a new account is not a valid name. Raised by the edge that parses
    /// it; a name typed to find an account that does not parse is
    /// [`AccountError::NoSuchAccount`], since no account can have it.
    #[error("account names are 1–32 of a-z, 0-9, '.', '_' and '-'")]
    BadName,
    /// The name is taken.
    #[error("an account with that name exists")]
    Taken,
    /// No such account.
    #[error("no such account")]
    NoSuchAccount,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The RNG failed.
    #[error(transparent)]
    Rng(#[from] RngError),
    /// The account's key row failed its integrity check: it was changed outside Filimbi
    /// (audited). Reset and enable refuse it; it can still be disabled.
    #[error("{0}; the account was changed outside Filimbi and is left as it is")]
    Integrity(IntegrityError),
}

/// Why setup was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// Unknown or used link.
    #[error("this setup link is not valid (used, replaced, or mistyped)")]
    Invalid,
    /// Expired link.
    #[error("this setup link has expired")]
    Expired,
    /// The password is refused.
    #[error("password refused")]
    Password(PasswordProblem),
    /// The confirming code is wrong.
    #[error("the code does not match")]
    Code,
    /// Internal failure.
    #[error("setup failed: {0}")]
    Internal(String),
}

/// Why login was refused. Deliberately one case: the page says the same thing whatever failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// Wrong name, password or code, a replayed code, a disabled or throttled account, no
    /// key-derivation slot in time.
    #[error("login refused")]
    Refused,
    /// Internal failure.
    #[error("login failed: {0}")]
    Internal(String),
}

/// Why a session cookie was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionError {
    /// No such session, a tampered cookie, an ended session or account.
    Invalid,
    /// Storage failed.
    Internal,
}

/// The account service.
pub struct Accounts {
    store: Store,
    clock: Arc<dyn Clock>,
    audit: Arc<Audit>,
    kdf: Arc<Semaphore>,
    /// Argon2id derivations started (see [`Accounts::kdf_runs`]).
    kdf_runs: AtomicU64,
    params: KdfParams,
    login: LoginPolicy,
    sessions: SessionPolicy,
    integrity: Arc<IntegrityKey>,
}

fn hash_token(token: &[u8]) -> String {
    hex::encode(Sha256::digest(token))
}

fn new_token() -> Result<(SecretString, String), RngError> {
    let raw = Zeroizing::new(random_bytes::<32>()?);
    let text = URL_SAFE_NO_PAD.encode(&raw[..]);
    let hash = hash_token(text.as_bytes());
    Ok((SecretString::from(text), hash))
}

impl Accounts {
    /// The service, with the given policies.
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        audit: Arc<Audit>,
        login: LoginPolicy,
        sessions: SessionPolicy,
        integrity: Arc<IntegrityKey>,
    ) -> Self {
        Self {
            store,
            clock,
            audit,
            kdf: Arc::new(Semaphore::new(2)),
            kdf_runs: AtomicU64::new(0),
            params: KdfParams::DEFAULT,
            login,
            sessions,
            integrity,
        }
    }

    /// The MAC of an account's key row with these values.
    fn key_mac(
        &self,
        id: &AccountId,
        name: &AccountName,
        recipient: Option<&AgeRecipient>,
        is_admin: bool,
        state: AccountState,
    ) -> ObjectMac {
        self.integrity.record_tag(&Record::Account {
            id: id.as_str(),
            name: name.as_str(),
            recipient: recipient.map(AgeRecipient::as_str),
            is_admin,
            state: state.as_str(),
        })
    }

    /// The account's key row, checked: its stored MAC when it verifies. A failure is audited
    /// under `actor` and refused.
    async fn checked_key_row(&self, actor: &str, id: &AccountId) -> Result<String, AccountError> {
        let row = self
            .store
            .account_key_row(id)
            .await?
            .ok_or(AccountError::NoSuchAccount)?;
        match self
            .integrity
            .verify_record(&row.record(), row.mac.as_deref())
        {
            Ok(()) => Ok(row.mac.unwrap_or_default()),
            Err(e) => {
                self.audit
                    .record(actor, AuditAction::IntegrityFail, &e.case, &e.detail())
                    .await?;
                Err(AccountError::Integrity(e))
            }
        }
    }

    /// Now, by the service's clock (unix seconds).
    pub fn now(&self) -> i64 {
        i64::try_from(self.clock.now_unix()).unwrap_or(i64::MAX)
    }

    fn link_expiry(&self) -> i64 {
        self.now()
            .saturating_add(i64::try_from(SETUP_LINK_TTL.as_secs()).unwrap_or(i64::MAX))
    }

    /// The session policy in force.
    pub fn session_policy(&self) -> SessionPolicy {
        self.sessions
    }

    /// Creates a pending account; returns its setup token.
    pub async fn create(
        &self,
        actor: &str,
        name: &AccountName,
        is_admin: bool,
    ) -> Result<SetupToken, AccountError> {
        let id = AccountId::from_random(random_bytes::<16>()?);
        let (token, hash) = new_token()?;
        let day = ReceivedDay::new(self.clock.today()).iso();
        let mac = self.key_mac(&id, name, None, is_admin, AccountState::Pending);
        match self
            .store
            .create_account(&id, name, is_admin, &day, (&hash, self.link_expiry()), &mac)
            .await
        {
            Err(StoreError::Conflict(_)) => return Err(AccountError::Taken),
            other => other?,
        }
        let role = if is_admin { "admin" } else { "investigator" };
        self.audit
            .record(actor, AuditAction::AccountCreate, name.as_str(), role)
            .await?;
        Ok(SetupToken(token))
    }

    /// Resets an account: new setup link, new key at setup; its old key and sessions are gone.
    pub async fn reset(&self, actor: &str, name: &AccountName) -> Result<SetupToken, AccountError> {
        let account = self.by_name(name).await?;
        let checked = self.checked_key_row(actor, &account.id).await?;
        let (token, hash) = new_token()?;
        let mac = self.key_mac(
            &account.id,
            &account.name,
            None,
            account.is_admin,
            AccountState::Pending,
        );
        self.store
            .reset_account(&account.id, &hash, self.link_expiry(), (&checked, &mac))
            .await?;
        self.audit
            .record(actor, AuditAction::AccountReset, &account.name, "")
            .await?;
        Ok(SetupToken(token))
    }

    /// Disables an account: no login, no new cases, sessions ended.
    pub async fn disable(&self, actor: &str, name: &AccountName) -> Result<(), AccountError> {
        let account = self.by_name(name).await?;
        // A tampered account can always be disabled; its row stays flagged.
        let mac = match self.checked_key_row(actor, &account.id).await {
            Ok(_) => Some(self.key_mac(
                &account.id,
                &account.name,
                account.recipient.as_ref(),
                account.is_admin,
                AccountState::Disabled,
            )),
            Err(AccountError::Integrity(_)) => None,
            Err(e) => return Err(e),
        };
        self.store
            .disable_account(&account.id, mac.as_ref())
            .await?;
        self.audit
            .record(actor, AuditAction::AccountDisable, &account.name, "")
            .await?;
        Ok(())
    }

    /// Re-enables a disabled account.
    pub async fn enable(&self, actor: &str, name: &AccountName) -> Result<bool, AccountError> {
        let account = self.by_name(name).await?;
        let checked = self.checked_key_row(actor, &account.id).await?;
        let mac = self.key_mac(
            &account.id,
            &account.name,
            account.recipient.as_ref(),
            account.is_admin,
            AccountState::Active,
        );
        let done = self
            .store
            .enable_account(&account.id, (&checked, &mac))
            .await?;
        if done {
            self.audit
                .record(actor, AuditAction::AccountEnable, &account.name, "")
                .await?;
        }
        Ok(done)
    }

    /// All accounts.
    pub async fn list(&self) -> Result<Vec<Account>, StoreError> {
        self.store.accounts().await
    }

    /// An account by name.
    pub async fn by_name(&self, name: &AccountName) -> Result<Account, AccountError> {
        self.store
            .account_by_name(name)
            .await?
            .ok_or(AccountError::NoSuchAccount)
    }

    /// At server start, on a server nobody can administer yet: when no account is active and
    /// no admin was ever set up, issue a setup link for the first admin (account `admin`,
    /// created, or its pending link replaced). Admins that exist but are disabled are left
    /// alone — re-enabling a departed colleague is a decision for `filimbi investigator`.
    pub async fn bootstrap(&self) -> Result<Option<SetupToken>, AccountError> {
        let accounts = self.store.accounts().await?;
        if accounts.iter().any(|a| a.state == AccountState::Active) {
            return Ok(None);
        }
        if accounts
            .iter()
            .any(|a| a.is_admin && a.state == AccountState::Disabled)
        {
            tracing::warn!(
                "no investigator account is active; use `filimbi investigator enable NAME` or `filimbi investigator add NAME --admin`"
            );
            return Ok(None);
        }
        let pending = accounts
            .iter()
            .find(|a| a.is_admin && a.state == AccountState::Pending);
        let token = match pending {
            // A pending admin row changed in the database is not re-keyed (audited by
            // `reset`); the server still starts and takes reports.
            Some(a) => match self.reset("server", &a.name).await {
                Err(AccountError::Integrity(_)) => {
                    tracing::warn!(
                        "the pending admin account failed its integrity check; use `filimbi investigator add NAME --admin`"
                    );
                    return Ok(None);
                }
                other => other?,
            },
            None => {
                let admin = AccountName::parse("admin").ok_or(AccountError::BadName)?;
                self.create("server", &admin, true).await?
            }
        };
        Ok(Some(token))
    }

    /// The account a setup link is for, if the link is valid now.
    pub async fn setup_account(&self, token: &str) -> Result<Account, SetupError> {
        let found = self
            .store
            .setup_link(&hash_token(token.as_bytes()))
            .await
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        match found {
            None => Err(SetupError::Invalid),
            Some((_, expires)) if expires < self.now() => Err(SetupError::Expired),
            Some((a, _)) if a.state != AccountState::Pending => Err(SetupError::Invalid),
            Some((a, _)) => Ok(a),
        }
    }

    /// Completes setup: checks the password and the first TOTP code, generates the account's
    /// age identity, seals it with the password-derived key, activates the account.
    pub async fn complete_setup(
        &self,
        token: &str,
        password: SecretString,
        confirm: SecretString,
        totp: TotpSecret,
        code: &str,
    ) -> Result<Account, SetupError> {
        let account = self.setup_account(token).await?;
        self.checked_key_row(&account.name, &account.id)
            .await
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        check_new_password(password.expose_secret(), confirm.expose_secret())
            .map_err(SetupError::Password)?;
        let step = totp
            .matching_step(code, self.clock.now_unix())
            .ok_or(SetupError::Code)?;
        let salt = random_bytes::<16>().map_err(|e| SetupError::Internal(e.to_string()))?;
        let key = self
            .derive(password, salt.to_vec(), self.params)
            .await
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        let secrets = AccountSecrets::new(totp);
        let sealed = secrets
            .seal(&key, &account.id)
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        let recipient = AgeRecipient::from(secrets.identity.to_public());
        let key_mac = self.key_mac(
            &account.id,
            &account.name,
            Some(&recipient),
            account.is_admin,
            AccountState::Active,
        );
        let done = self
            .store
            .complete_setup(&SetupRecord {
                account_id: &account.id,
                token_hash: &hash_token(token.as_bytes()),
                recipient: &recipient,
                salt: &salt,
                params: self.params,
                vault: &sealed,
                totp_step: i64::try_from(step).unwrap_or(i64::MAX),
                key_mac,
            })
            .await
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        if !done {
            return Err(SetupError::Invalid);
        }
        self.audit
            .record(&account.name, AuditAction::AccountSetup, &account.name, "")
            .await
            .map_err(|e| SetupError::Internal(e.to_string()))?;
        Ok(account)
    }

    /// How many Argon2id derivations this service has started: a refused login with an
    /// unknown name, a disabled account or one whose throttle refused it starts none, so a
    /// flood of them never queues a real login behind the key derivation (the fixed refusal
    /// time alone hides which it was).
    pub fn kdf_runs(&self) -> u64 {
        self.kdf_runs.load(Ordering::Relaxed)
    }

    /// The login policy in force.
    pub fn login_policy(&self) -> LoginPolicy {
        self.login
    }

    /// A key-derivation permit, waited for until `by` (forever when `None`); `None` when the
    /// queue did not free one in time.
    async fn kdf_permit(&self, by: Option<Instant>) -> Option<OwnedSemaphorePermit> {
        let acquire = Arc::clone(&self.kdf).acquire_owned();
        match by {
            None => acquire.await.ok(),
            Some(by) => tokio::time::timeout_at(by, acquire).await.ok()?.ok(),
        }
    }

    /// Runs Argon2id on a blocking thread, holding `permit` until it ends (an abandoned request
    /// cannot free the slot while its derivation still runs).
    async fn derive_with(
        &self,
        permit: OwnedSemaphorePermit,
        password: SecretString,
        salt: Vec<u8>,
        params: KdfParams,
    ) -> Result<Zeroizing<[u8; 32]>, String> {
        self.kdf_runs.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let key = vault::derive_key(&password, &salt, params);
            drop(permit);
            key
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
    }

    async fn derive(
        &self,
        password: SecretString,
        salt: Vec<u8>,
        params: KdfParams,
    ) -> Result<Zeroizing<[u8; 32]>, String> {
        let permit = self
            .kdf_permit(None)
            .await
            .ok_or("the key-derivation queue is closed")?;
        self.derive_with(permit, password, salt, params).await
    }

    /// Logs in with name, password and TOTP code; returns the new session's cookie value.
    /// Every refusal is answered exactly the policy's refusal time after the call, whatever its
    /// reason; a success is answered as soon as it is done. `name` is taken as typed and parsed
    /// here rather than at the edge, so that a name that cannot exist is refused like any other.
    pub async fn login(
        self: &Arc<Self>,
        name: &str,
        password: SecretString,
        code: &str,
    ) -> Result<(SecretString, Account), LoginError> {
        let answer_at = Instant::now() + self.login.refusal_time;
        // The attempt runs on its own task, so answering at the fixed time never cuts one
        // short halfway (its slot taken, its session written but not audited); `try_login`
        // keeps to the time itself, and gives up rather than succeed after it.
        let this = Arc::clone(self);
        let (name, code) = (name.to_owned(), code.to_owned());
        let attempt =
            tokio::spawn(async move { this.try_login(&name, password, &code, answer_at).await });
        let result = match tokio::time::timeout_at(answer_at, attempt).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => Err(LoginError::Internal(e.to_string())),
            Err(_) => Err(LoginError::Refused),
        };
        if matches!(result, Err(LoginError::Refused)) {
            tokio::time::sleep_until(answer_at).await;
        }
        result
    }

    async fn try_login(
        &self,
        name: &str,
        password: SecretString,
        code: &str,
        answer_at: Instant,
    ) -> Result<(SecretString, Account), LoginError> {
        let internal = |e: &dyn std::fmt::Display| LoginError::Internal(e.to_string());
        let row = match AccountName::parse(name) {
            Some(n) => self
                .store
                .vault_by_name(&n)
                .await
                .map_err(|e| internal(&e))?,
            None => None,
        };
        let Some(row) = row.filter(|r| r.account.state == AccountState::Active) else {
            // No key derivation: a flood of made-up names must not queue real logins behind
            // Argon2id. The fixed refusal time (`login`) hides that this was quicker.
            drop(password);
            return Err(LoginError::Refused);
        };
        // Take a check slot before checking, so parallel guesses cannot outrun the throttle.
        let now = self.now();
        let policy = self.login;
        let slot = self
            .store
            .reserve_login_check(&row.account.id, |t| {
                policy
                    .reserve(t, now)
                    .map(|(next, slot)| (next, (slot, next.failures)))
            })
            .await
            .map_err(|e| internal(&e))?;
        let Some((slot, attempts)) = slot else {
            // Throttled: refused unchecked, without key derivation.
            drop(password);
            return Err(LoginError::Refused);
        };
        let wait = Duration::from_secs(u64::try_from(slot.saturating_sub(now)).unwrap_or(0));
        let kdf_by = answer_at
            .checked_sub(self.login.kdf_budget)
            .unwrap_or(answer_at);
        let check_at = Instant::now() + wait;
        if check_at > kdf_by {
            drop(password);
            return Err(LoginError::Refused);
        }
        tokio::time::sleep_until(check_at).await;
        let Some(permit) = self.kdf_permit(Some(kdf_by)).await else {
            // The key-derivation queue is too long to answer in time: refused like the rest.
            drop(password);
            return Err(LoginError::Refused);
        };
        let key = self
            .derive_with(permit, password, row.salt.clone(), row.params)
            .await
            .map_err(|e| internal(&e))?;
        let secrets = AccountSecrets::open(&key, &row.account.id, &row.vault).ok();
        let step = secrets.as_ref().and_then(|s| {
            s.totp
                .matching_step(code, self.clock.now_unix())
                .and_then(|step| i64::try_from(step).ok())
                .filter(|step| *step > row.totp_last_step)
        });
        let (Some(secrets), Some(step)) = (secrets, step) else {
            return Err(self.fail(&row.account, attempts).await);
        };
        if Instant::now() >= answer_at {
            // Too late to answer as a success: the refusal has been sent (`login`).
            return Err(LoginError::Refused);
        }
        let session_id = random_bytes::<16>().map_err(|e| internal(&e))?;
        let session_key = Zeroizing::new(random_bytes::<32>().map_err(|e| internal(&e))?);
        let id_hash = hash_token(&session_id);
        let sealed = vault::seal_session_identity(&session_key, &id_hash, &secrets.identity)
            .map_err(|e| internal(&e))?;
        let ok = self
            .store
            .record_login_success(&row.account.id, step, &id_hash, self.now(), &sealed)
            .await
            .map_err(|e| internal(&e))?;
        if !ok {
            return Err(self.fail(&row.account, attempts).await);
        }
        // The attempts refused before this one are told once, here, not one entry per guess.
        let before = attempts.saturating_sub(1);
        let detail = if before > 0 {
            format!("after {before} unsuccessful attempt(s)")
        } else {
            String::new()
        };
        self.audit
            .record(
                &row.account.name,
                AuditAction::Login,
                &row.account.name,
                &detail,
            )
            .await
            .map_err(|e| internal(&e))?;
        let mut raw = Zeroizing::new(Vec::with_capacity(48));
        raw.extend_from_slice(&session_id);
        raw.extend_from_slice(session_key.as_ref());
        Ok((
            SecretString::from(URL_SAFE_NO_PAD.encode(&*raw)),
            row.account,
        ))
    }

    /// A checked attempt failed (it was counted when it took its slot): audited only when the
    /// throttle engages or its count reaches a tenfold ([`LoginPolicy::audit_at`]), so a long
    /// guessing campaign leaves a few entries rather than one per guess.
    async fn fail(&self, account: &Account, attempts: i64) -> LoginError {
        if !self.login.audit_at(attempts) {
            return LoginError::Refused;
        }
        let detail = format!("{attempts} attempts without a success; checks slowed");
        match self
            .audit
            .record(
                &account.name,
                AuditAction::LoginThrottled,
                &account.name,
                &detail,
            )
            .await
        {
            Ok(()) => LoginError::Refused,
            Err(e) => LoginError::Internal(e.to_string()),
        }
    }

    /// Every account's login throttle, by account id.
    pub async fn throttles(&self) -> Result<Vec<(AccountId, LoginThrottle)>, StoreError> {
        self.store.login_throttles().await
    }

    /// Clears an account's login throttle, so its next attempt is checked at once; returns
    /// the throttle it had. Audited (with the count it had).
    pub async fn unlock(
        &self,
        actor: &str,
        name: &AccountName,
    ) -> Result<LoginThrottle, AccountError> {
        let account = self.by_name(name).await?;
        let was = self
            .store
            .clear_login_throttle(&account.id)
            .await?
            .ok_or(AccountError::NoSuchAccount)?;
        self.audit
            .record(
                actor,
                AuditAction::AccountUnlock,
                &account.name,
                &format!("{} attempts without a success", was.failures),
            )
            .await?;
        Ok(was)
    }

    /// Validates a session cookie and opens the session's identity.
    pub async fn session(&self, cookie: &str) -> Result<Session, SessionError> {
        let raw = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(cookie.trim())
                .map_err(|_| SessionError::Invalid)?,
        );
        if raw.len() != 48 {
            return Err(SessionError::Invalid);
        }
        let (id, key_bytes) = raw.split_at(16);
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(key_bytes);
        let id_hash = hash_token(id);
        let row = self
            .store
            .session(&id_hash)
            .await
            .map_err(|_| SessionError::Internal)?
            .ok_or(SessionError::Invalid)?;
        let now = self.now();
        let idle = i64::try_from(self.sessions.idle.as_secs()).unwrap_or(i64::MAX);
        let absolute = i64::try_from(self.sessions.absolute.as_secs()).unwrap_or(i64::MAX);
        let account = self
            .store
            .account_by_id(&row.account_id)
            .await
            .map_err(|_| SessionError::Internal)?;
        let account = match account {
            Some(a)
                if a.state == AccountState::Active
                    && now - row.last_seen <= idle
                    && now - row.created_at <= absolute =>
            {
                a
            }
            _ => {
                let _ = self.store.delete_session(&id_hash).await;
                return Err(SessionError::Invalid);
            }
        };
        // The role and state a session acts with come from a key row whose MAC verifies: an
        // `is_admin` or `state` written into the database grants nothing.
        if self
            .checked_key_row(&account.name, &account.id)
            .await
            .is_err()
        {
            let _ = self.store.delete_session(&id_hash).await;
            return Err(SessionError::Invalid);
        }
        let identity = vault::open_session_identity(&key, &id_hash, &row.identity)
            .map_err(|_| SessionError::Invalid)?;
        if now - row.last_seen >= 30 {
            self.store
                .touch_session(&id_hash, now)
                .await
                .map_err(|_| SessionError::Internal)?;
        }
        Ok(Session {
            account,
            identity,
            csrf: csrf_token(&key),
            id_hash,
        })
    }

    /// Ends a session.
    pub async fn logout(&self, session: &Session) -> Result<(), StoreError> {
        self.store.delete_session(&session.id_hash).await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::Logout,
                &session.account.name,
                "",
            )
            .await
    }

    /// Deletes ended sessions and expired setup links (hourly maintenance).
    pub async fn purge(&self) -> Result<(), StoreError> {
        // Integrity failures met on whistle-blowers' requests reach the log by the hour at
        // the latest (`services::audit`, `Deferred`).
        self.audit.flush_deferred().await?;
        let now = self.now();
        let idle = i64::try_from(self.sessions.idle.as_secs()).unwrap_or(i64::MAX);
        let absolute = i64::try_from(self.sessions.absolute.as_secs()).unwrap_or(i64::MAX);
        self.store
            .purge_sessions(now.saturating_sub(idle), now.saturating_sub(absolute))
            .await?;
        self.store.purge_setup_links(now).await?;
        Ok(())
    }
}

fn csrf_token(session_key: &[u8; 32]) -> String {
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(session_key) else {
        return String::new();
    };
    m.update(b"filimbi csrf v1");
    URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
}

/// One spelling of a setup link for the web pages and the command line alike.
pub fn setup_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/staff/setup/{token}")
}
