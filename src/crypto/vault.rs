//! Keys that only a password (or a session cookie) can open.
//!
//! An investigator's age identity and TOTP secret are stored as one "vault": sealed with
//! XChaCha20-Poly1305 under a key derived from the password by Argon2id. The server never
//! stores the password, a password hash, or the identity in clear; opening the vault *is* the
//! password check (the AEAD tag fails for a wrong password). During a session the identity is
//! re-sealed under a random session key that exists only in the session cookie, so the server
//! at rest holds nothing that opens a case without the investigator.

use age::x25519;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::sealed::Ciphertext;
use crate::domain::account::AccountId;

use super::totp::TotpSecret;

/// Argon2id cost, stored per account so it can be raised later without locking anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// The cost for new accounts: 64 MiB, 3 passes, 1 lane (OWASP's second recommended
    /// configuration is 46 MiB / t=1; this is deliberately above it).
    pub const DEFAULT: Self = Self {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
}

/// Why a vault did not open or could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// Wrong password or session key, or the stored bytes were altered.
    #[error("the key does not open this vault")]
    WrongKey,
    /// Stored parameters are unusable.
    #[error("invalid key-derivation parameters")]
    Params,
    /// The OS RNG failed.
    #[error(transparent)]
    Rng(#[from] super::RngError),
    /// The opened content is not a vault.
    #[error("vault content is malformed")]
    Malformed,
}

/// Derives the 32-byte vault key from a password. CPU- and memory-heavy: call it from a
/// blocking thread, a few at a time.
pub fn derive_key(
    password: &SecretString,
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let p =
        Params::new(params.m_kib, params.t, params.p, Some(32)).map_err(|_| VaultError::Params)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password.expose_secret().as_bytes(), salt, out.as_mut())
        .map_err(|_| VaultError::Params)?;
    Ok(out)
}

/// Encrypts `plaintext` under `key`, binding `context` (e.g. the account id) so a vault cannot
/// be moved to another row. Output: 24-byte nonce, then ciphertext and tag.
pub fn seal(key: &[u8; 32], context: &[u8], plaintext: &[u8]) -> Result<Ciphertext, VaultError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let nonce = super::random_bytes::<24>()?;
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: context,
            },
        )
        .map_err(|_| VaultError::Malformed)?;
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(Ciphertext::new(out))
}

/// Opens what [`seal`] made with the same key and context.
pub fn open(
    key: &[u8; 32],
    context: &[u8],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    if sealed.len() < 24 + 16 {
        return Err(VaultError::WrongKey);
    }
    let (nonce, ct) = sealed.split_at(24);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ct,
                aad: context,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| VaultError::WrongKey)
}

/// What an account's vault holds.
pub struct AccountSecrets {
    /// The account's age identity: opens the case-key wraps made for this account.
    pub identity: x25519::Identity,
    /// The TOTP shared secret.
    pub totp: TotpSecret,
}

impl AccountSecrets {
    /// Fresh secrets for a new (or reset) account, with the TOTP secret chosen at enrolment.
    pub fn new(totp: TotpSecret) -> Self {
        Self {
            identity: x25519::Identity::generate(),
            totp,
        }
    }

    /// Text form: the identity line, then the TOTP secret in base32.
    fn encode(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{}\n{}\n",
            self.identity.to_string().expose_secret(),
            self.totp.to_base32().expose_secret()
        ))
    }

    fn decode(text: &[u8]) -> Result<Self, VaultError> {
        let text = std::str::from_utf8(text).map_err(|_| VaultError::Malformed)?;
        let mut lines = text.lines();
        let identity = lines
            .next()
            .and_then(|l| l.parse::<x25519::Identity>().ok())
            .ok_or(VaultError::Malformed)?;
        let totp = lines
            .next()
            .and_then(TotpSecret::from_base32)
            .ok_or(VaultError::Malformed)?;
        Ok(Self { identity, totp })
    }

    /// Seals these secrets under a password-derived key.
    pub fn seal(&self, key: &[u8; 32], account_id: &AccountId) -> Result<Ciphertext, VaultError> {
        seal(key, &vault_context(account_id), self.encode().as_bytes())
    }

    /// Opens a vault; fails with [`VaultError::WrongKey`] for a wrong password.
    pub fn open(key: &[u8; 32], account_id: &AccountId, vault: &[u8]) -> Result<Self, VaultError> {
        let plain = open(key, &vault_context(account_id), vault)?;
        Self::decode(&plain)
    }
}

/// Binds a vault to its account's id (never its name, which is only shown).
fn vault_context(account_id: &AccountId) -> Vec<u8> {
    format!("filimbi account vault v1\n{account_id}").into_bytes()
}

/// Seals an identity under a session key (the session row keeps only this).
pub fn seal_session_identity(
    key: &[u8; 32],
    session: &str,
    identity: &x25519::Identity,
) -> Result<Ciphertext, VaultError> {
    let text = identity.to_string();
    seal(
        key,
        &session_context(session),
        text.expose_secret().as_bytes(),
    )
}

/// Opens a session's identity with the key from its cookie.
pub fn open_session_identity(
    key: &[u8; 32],
    session: &str,
    sealed: &[u8],
) -> Result<x25519::Identity, VaultError> {
    let plain = open(key, &session_context(session), sealed)?;
    std::str::from_utf8(&plain)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or(VaultError::Malformed)
}

fn session_context(session: &str) -> Vec<u8> {
    format!("filimbi session identity v1\n{session}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    #[test]
    fn the_right_password_opens_and_a_wrong_one_does_not() {
        let secrets = AccountSecrets::new(TotpSecret::generate().unwrap());
        let key = derive_key(
            &SecretString::from("correct horse battery"),
            b"saltsaltsalt",
            FAST,
        )
        .unwrap();
        let (acct1, acct2) = (
            AccountId::from_random([1; 16]),
            AccountId::from_random([2; 16]),
        );
        let vault = secrets.seal(&key, &acct1).unwrap();
        let opened = AccountSecrets::open(&key, &acct1, vault.as_bytes()).unwrap();
        assert_eq!(
            opened.identity.to_public().to_string(),
            secrets.identity.to_public().to_string()
        );
        let wrong = derive_key(
            &SecretString::from("correct horse battery!"),
            b"saltsaltsalt",
            FAST,
        )
        .unwrap();
        assert!(matches!(
            AccountSecrets::open(&wrong, &acct1, vault.as_bytes()),
            Err(VaultError::WrongKey)
        ));
        // A vault copied onto another account does not open there.
        assert!(AccountSecrets::open(&key, &acct2, vault.as_bytes()).is_err());
    }

    #[test]
    fn session_identity_round_trips_only_with_its_key() {
        let id = x25519::Identity::generate();
        let key = [7u8; 32];
        let sealed = seal_session_identity(&key, "s1", &id).unwrap();
        assert!(open_session_identity(&key, "s1", sealed.as_bytes()).is_ok());
        assert!(open_session_identity(&[8u8; 32], "s1", sealed.as_bytes()).is_err());
        assert!(open_session_identity(&key, "s2", sealed.as_bytes()).is_err());
    }
}
