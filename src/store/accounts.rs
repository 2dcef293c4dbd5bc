//! Queries on investigator accounts, setup links and sessions.

use sqlx::Row;

use crate::crypto::recipients::AgeRecipient;
use crate::crypto::seal::AccountReader;
use crate::crypto::sealed::{Ciphertext, ObjectMac, Record};
use crate::crypto::vault::KdfParams;
use crate::domain::account::{Account, AccountId, AccountName, AccountState, LoginThrottle};

use super::{Store, StoreError};

/// What opening an account's vault needs (read at login).
pub struct VaultRow {
    /// The account.
    pub account: Account,
    /// Argon2id salt.
    pub salt: Vec<u8>,
    /// Argon2id cost.
    pub params: KdfParams,
    /// The sealed vault.
    pub vault: Vec<u8>,
    /// Last TOTP step accepted.
    pub totp_last_step: i64,
    /// Attempts since the last success (the throttle's count).
    pub failed_logins: i64,
    /// When the next attempt may be checked (unix seconds; the throttle's next slot).
    pub locked_until: i64,
}

/// A completed setup, as stored.
pub struct SetupRecord<'a> {
    /// Account id.
    pub account_id: &'a AccountId,
    /// Hash of the setup token being used up.
    pub token_hash: &'a str,
    /// The new public recipient.
    pub recipient: &'a AgeRecipient,
    /// Argon2id salt.
    pub salt: &'a [u8],
    /// Argon2id cost.
    pub params: KdfParams,
    /// The sealed vault.
    pub vault: &'a Ciphertext,
    /// TOTP step of the confirming code.
    pub totp_step: i64,
    /// MAC of the key row once active with `recipient`.
    pub key_mac: ObjectMac,
}

/// A session row.
pub struct SessionRow {
    /// Account id.
    pub account_id: AccountId,
    /// Created (unix seconds).
    pub created_at: i64,
    /// Last request (unix seconds).
    pub last_seen: i64,
    /// The identity sealed under the cookie's session key.
    pub identity: Vec<u8>,
}

/// An account's key row as stored: the fields its MAC covers, unchecked. Whom a new case key
/// is wrapped for comes from here, and only after [`AccountKeyRow::record`] verified.
#[derive(Debug, Clone)]
pub struct AccountKeyRow {
    /// `id`, as stored.
    pub id: String,
    /// `name`, as stored.
    pub name: String,
    /// `recipient`, as stored (`None` while pending).
    pub recipient: Option<String>,
    /// `is_admin`.
    pub is_admin: bool,
    /// `state`, as stored.
    pub state: String,
    /// `key_mac`, as stored.
    pub mac: Option<String>,
}

impl AccountKeyRow {
    /// The record its MAC covers.
    pub fn record(&self) -> Record<'_> {
        Record::Account {
            id: &self.id,
            name: &self.name,
            recipient: self.recipient.as_deref(),
            is_admin: self.is_admin,
            state: &self.state,
        }
    }
}

/// Reads a key row from a row with its columns (`key_mac` optional).
pub(super) fn key_row(row: &super::DbRow) -> Result<AccountKeyRow, StoreError> {
    Ok(AccountKeyRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        recipient: row.try_get("recipient")?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
        state: row.try_get("state")?,
        mac: row.try_get("key_mac").unwrap_or(None),
    })
}

fn account(row: &super::DbRow) -> Result<Account, StoreError> {
    let state: String = row.try_get("state")?;
    Ok(Account {
        id: account_id(&row.try_get::<String, _>("id")?)?,
        name: account_name(&row.try_get::<String, _>("name")?)?,
        is_admin: row.try_get::<i64, _>("is_admin")? != 0,
        state: AccountState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("account state {state:?}")))?,
        recipient: row
            .try_get::<Option<String>, _>("recipient")?
            .as_deref()
            .map(|r| recipient("account recipient", r))
            .transpose()?,
        created_day: row.try_get("created_day")?,
    })
}

// The parsers below are the store's edge for accounts: what is read back is parsed, never
// trusted, and a value this server would not have written is corrupt (the value itself is
// left out of the error, like every stored value).

/// A stored account id (`accounts.id` or a column pointing at it).
pub(super) fn account_id(v: &str) -> Result<AccountId, StoreError> {
    AccountId::parse(v).ok_or_else(|| StoreError::Corrupt("account id".to_owned()))
}

/// A stored account name, exactly as stored.
pub(super) fn account_name(v: &str) -> Result<AccountName, StoreError> {
    AccountName::parse_stored(v).ok_or_else(|| StoreError::Corrupt("account name".to_owned()))
}

/// A stored age recipient (`what`: an account's or a case's public key), in canonical form.
pub(super) fn recipient(what: &str, v: &str) -> Result<AgeRecipient, StoreError> {
    AgeRecipient::parse(v).ok_or_else(|| StoreError::Corrupt(what.to_owned()))
}

fn u32_col(row: &super::DbRow, col: &str) -> Result<u32, StoreError> {
    let v: Option<i64> = row.try_get(col)?;
    v.and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("{col} missing")))
}

impl Store {
    /// Creates a pending account with its first setup link (token hash, expiry) and its key
    /// row's MAC. Fails with
    /// [`StoreError::Conflict`] if the name is taken.
    pub async fn create_account(
        &self,
        id: &AccountId,
        name: &AccountName,
        is_admin: bool,
        day: &str,
        (token_hash, expires_at): (&str, i64),
        key_mac: &ObjectMac,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM accounts WHERE name = $1")
            .bind(name.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("account name taken".to_owned()));
        }
        sqlx::query(
            "INSERT INTO accounts (id, name, is_admin, state, created_day, key_mac) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.as_str())
        .bind(name.as_str())
        .bind(i64::from(is_admin))
        .bind(AccountState::Pending.as_str())
        .bind(day)
        .bind(key_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO setup_links (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(id.as_str())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Puts an account back to pending with a new setup link: its key, vault, sessions,
    /// old setup links and case-key wraps are deleted (they belonged to the old key). `key_mac`
    /// is the MAC of the pending row; `checked` the one the caller verified, so a row changed
    /// since is left alone ([`StoreError::Conflict`]).
    pub async fn reset_account(
        &self,
        id: &AccountId,
        token_hash: &str,
        expires_at: i64,
        (checked, key_mac): (&str, &ObjectMac),
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE accounts SET state = $1, recipient = NULL, vault = NULL, kdf_salt = NULL, \
             failed_logins = 0, locked_until = 0, key_mac = $3 WHERE id = $2 AND key_mac = $4",
        )
        .bind(AccountState::Pending.as_str())
        .bind(id.as_str())
        .bind(key_mac.to_hex())
        .bind(checked)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("account changed meanwhile".to_owned()));
        }
        for sql in [
            "DELETE FROM sessions WHERE account_id = $1",
            "DELETE FROM setup_links WHERE account_id = $1",
        ] {
            sqlx::query(sql).bind(id.as_str()).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM case_key_wraps WHERE reader = $1")
            .bind(AccountReader::label(id))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO setup_links (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(id.as_str())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.identifiers_changed();
        Ok(())
    }

    /// The account a setup link belongs to, with the link's expiry.
    pub async fn setup_link(&self, token_hash: &str) -> Result<Option<(Account, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT a.id, a.name, a.is_admin, a.state, a.recipient, a.created_day, l.expires_at \
             FROM setup_links l JOIN accounts a ON a.id = l.account_id WHERE l.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((account(&r)?, r.try_get("expires_at")?)))
            .transpose()
    }

    /// Uses up a setup link and activates its account, in one transaction. Returns false if
    /// the link was already used (two tabs, a replay).
    pub async fn complete_setup(&self, rec: &SetupRecord<'_>) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let used = sqlx::query("DELETE FROM setup_links WHERE token_hash = $1 AND account_id = $2")
            .bind(rec.token_hash)
            .bind(rec.account_id.as_str())
            .execute(&mut *tx)
            .await?;
        if used.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE accounts SET state = $1, recipient = $2, kdf_salt = $3, kdf_m_kib = $4, \
             kdf_t = $5, kdf_p = $6, vault = $7, totp_last_step = $8, failed_logins = 0, \
             locked_until = 0, key_mac = $11 WHERE id = $9 AND state = $10",
        )
        .bind(AccountState::Active.as_str())
        .bind(rec.recipient.as_str())
        .bind(rec.salt)
        .bind(i64::from(rec.params.m_kib))
        .bind(i64::from(rec.params.t))
        .bind(i64::from(rec.params.p))
        .bind(rec.vault.as_bytes())
        .bind(rec.totp_step)
        .bind(rec.account_id.as_str())
        .bind(AccountState::Pending.as_str())
        .bind(rec.key_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes setup links past their expiry.
    pub async fn purge_setup_links(&self, now: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM setup_links WHERE expires_at < $1")
            .bind(now)
            .execute(&self.write)
            .await?
            .rows_affected())
    }

    /// All accounts, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, is_admin, state, recipient, created_day FROM accounts ORDER BY name",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(account).collect()
    }

    /// One account by name.
    pub async fn account_by_name(&self, name: &AccountName) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, is_admin, state, recipient, created_day FROM accounts WHERE name = $1",
        )
        .bind(name.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(account).transpose()
    }

    /// One account by id.
    pub async fn account_by_id(&self, id: &AccountId) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, is_admin, state, recipient, created_day FROM accounts WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(account).transpose()
    }

    /// Number of accounts (any state).
    pub async fn count_accounts(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(&self.read)
            .await?)
    }

    /// What login needs for an active or disabled account that has been set up.
    pub async fn vault_by_name(&self, name: &AccountName) -> Result<Option<VaultRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, is_admin, state, recipient, created_day, kdf_salt, kdf_m_kib, \
             kdf_t, kdf_p, vault, totp_last_step, failed_logins, locked_until \
             FROM accounts WHERE name = $1 AND vault IS NOT NULL",
        )
        .bind(name.as_str())
        .fetch_optional(&self.read)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(VaultRow {
            account: account(&r)?,
            salt: r
                .try_get::<Option<Vec<u8>>, _>("kdf_salt")?
                .unwrap_or_default(),
            params: KdfParams {
                m_kib: u32_col(&r, "kdf_m_kib")?,
                t: u32_col(&r, "kdf_t")?,
                p: u32_col(&r, "kdf_p")?,
            },
            vault: r
                .try_get::<Option<Vec<u8>>, _>("vault")?
                .unwrap_or_default(),
            totp_last_step: r.try_get("totp_last_step")?,
            failed_logins: r.try_get("failed_logins")?,
            locked_until: r.try_get("locked_until")?,
        }))
    }

    /// Takes a check slot for a login attempt on account `id`, before its password is checked:
    /// `decide` gets the account's throttle (columns `failed_logins`, and `locked_until`, which
    /// holds when the next check may run) and returns the throttle to store with what to give
    /// back, or `None` to refuse the attempt. Read and write are one transaction under the
    /// writer lock, so parallel requests and replicas take distinct slots; a refused attempt
    /// writes nothing (it is decided on a plain read first when it can be).
    pub async fn reserve_login_check<T>(
        &self,
        id: &AccountId,
        decide: impl Fn(LoginThrottle) -> Option<(LoginThrottle, T)>,
    ) -> Result<Option<T>, StoreError> {
        let sql = "SELECT failed_logins, locked_until FROM accounts WHERE id = $1";
        let throttle = |r: &super::DbRow| -> Result<LoginThrottle, StoreError> {
            Ok(LoginThrottle {
                failures: r.try_get("failed_logins")?,
                next_check_at: r.try_get("locked_until")?,
            })
        };
        // A flood of attempts on a throttled account is refused without the writer lock.
        let seen = sqlx::query(sql)
            .bind(id.as_str())
            .fetch_optional(&self.read)
            .await?;
        match seen {
            None => return Ok(None),
            Some(r) if decide(throttle(&r)?).is_none() => return Ok(None),
            Some(_) => {}
        }
        let mut tx = self.write_tx().await?;
        let Some(row) = sqlx::query(sql)
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let Some((next, out)) = decide(throttle(&row)?) else {
            return Ok(None);
        };
        sqlx::query("UPDATE accounts SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(next.failures)
            .bind(next.next_check_at)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(out))
    }

    /// Every account's login throttle, by account id (for lists).
    pub async fn login_throttles(&self) -> Result<Vec<(AccountId, LoginThrottle)>, StoreError> {
        let rows = sqlx::query("SELECT id, failed_logins, locked_until FROM accounts")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    account_id(&r.try_get::<String, _>("id")?)?,
                    LoginThrottle {
                        failures: r.try_get("failed_logins")?,
                        next_check_at: r.try_get("locked_until")?,
                    },
                ))
            })
            .collect()
    }

    /// Clears an account's login throttle (`filimbi investigator unlock`); returns what it was.
    pub async fn clear_login_throttle(
        &self,
        id: &AccountId,
    ) -> Result<Option<LoginThrottle>, StoreError> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query("SELECT failed_logins, locked_until FROM accounts WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let was = LoginThrottle {
            failures: row.try_get("failed_logins")?,
            next_check_at: row.try_get("locked_until")?,
        };
        sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(was))
    }

    /// Records a successful login and creates its session, atomically: the TOTP step must be
    /// newer than the last one accepted (a replayed code fails here even under a race). The
    /// throttle is cleared: slots others reserved meanwhile are simply no longer waited for.
    pub async fn record_login_success(
        &self,
        id: &AccountId,
        totp_step: i64,
        session_hash: &str,
        now: i64,
        identity: &Ciphertext,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(
            "UPDATE accounts SET totp_last_step = $1, failed_logins = 0, locked_until = 0 \
             WHERE id = $2 AND totp_last_step < $1 AND state = $3",
        )
        .bind(totp_step)
        .bind(id.as_str())
        .bind(AccountState::Active.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO sessions (id_hash, account_id, created_at, last_seen, identity) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(session_hash)
        .bind(id.as_str())
        .bind(now)
        .bind(identity.as_bytes())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disables an account and ends its sessions. `key_mac` is the MAC of the disabled row,
    /// `None` when the row failed its check (it stays flagged: disabling never blesses it).
    pub async fn disable_account(
        &self,
        id: &AccountId,
        key_mac: Option<&ObjectMac>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE accounts SET state = $1, key_mac = $3 WHERE id = $2")
            .bind(AccountState::Disabled.as_str())
            .bind(id.as_str())
            .bind(key_mac.map(ObjectMac::to_hex))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Re-enables a disabled account that had been set up. `checked` is the key row's MAC
    /// the caller verified, `key_mac` the MAC of the enabled row.
    pub async fn enable_account(
        &self,
        id: &AccountId,
        (checked, key_mac): (&str, &ObjectMac),
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE accounts SET state = $1, key_mac = $4 WHERE id = $2 AND state = $3 \
             AND vault IS NOT NULL AND key_mac = $5",
        )
        .bind(AccountState::Active.as_str())
        .bind(id.as_str())
        .bind(AccountState::Disabled.as_str())
        .bind(key_mac.to_hex())
        .bind(checked)
        .execute(&self.write)
        .await?
        .rows_affected()
            == 1)
    }

    /// Active accounts' public keys with their key rows: they receive a wrap of every new
    /// case, once the caller has checked the row's MAC.
    pub async fn active_readers(&self) -> Result<Vec<(AccountReader, AccountKeyRow)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, recipient, is_admin, state, key_mac FROM accounts \
             WHERE state = $1 AND recipient IS NOT NULL ORDER BY id",
        )
        .bind(AccountState::Active.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let row = key_row(r)?;
                let reader = AccountReader {
                    account_id: account_id(&row.id)?,
                    recipient: recipient(
                        "account recipient",
                        &r.try_get::<String, _>("recipient")?,
                    )?,
                    key_mac: row.mac.clone().unwrap_or_default(),
                };
                Ok((reader, row))
            })
            .collect()
    }

    /// One account's key row, unchecked.
    pub async fn account_key_row(
        &self,
        id: &AccountId,
    ) -> Result<Option<AccountKeyRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, recipient, is_admin, state, key_mac FROM accounts WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(key_row).transpose()
    }

    /// Every account's key row, for `audit verify`.
    pub async fn account_key_rows(&self) -> Result<Vec<AccountKeyRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, recipient, is_admin, state, key_mac FROM accounts ORDER BY name",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(key_row).collect()
    }

    /// A session by the hash of its id.
    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT account_id, created_at, last_seen, identity FROM sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(SessionRow {
                account_id: account_id(&r.try_get::<String, _>("account_id")?)?,
                created_at: r.try_get("created_at")?,
                last_seen: r.try_get("last_seen")?,
                identity: r.try_get("identity")?,
            })
        })
        .transpose()
    }

    /// Marks a session used now.
    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Deletes sessions idle since `idle_before` or created before `created_before`.
    pub async fn purge_sessions(
        &self,
        idle_before: i64,
        created_before: i64,
    ) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2")
                .bind(idle_before)
                .bind(created_before)
                .execute(&self.write)
                .await?
                .rows_affected(),
        )
    }
}
