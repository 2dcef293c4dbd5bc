//! Everything that touches key material. The only module that handles keys or turns plaintext
//! into ciphertext; `docs/crypto.md` is its specification.
//!
//! - [`recipients`]: the investigators' public keys from `keys/*.pub`.
//! - [`seal`]: **the** place where a report becomes age ciphertext; [`attachment`] does the
//!   same for files, [`spool`] keeps uploads encrypted while they arrive.
//! - [`receipt_keys`]: what is derived from a receipt (lookup hash, whistle-blower key).
//! - [`server_secret`]: the server's own secret, from which keyed hashes and form tokens derive.
//! - [`form_token`]: signed, expiring anti-CSRF tokens that need no cookie.
//! - [`padding`]: length buckets so ciphertext sizes do not reveal text lengths.
//! - [`feed_signing`]: the Ed25519 key that signs the public feeds (OpenSSH signatures).

pub mod attachment;
pub mod case_access;
pub mod feed_signing;
pub mod form_token;
pub mod padding;
pub mod receipt_keys;
pub mod recipients;
pub mod seal;
pub mod sealed;
pub mod server_secret;
pub mod spool;
pub mod totp;
pub mod vault;

/// The OS random number generator failed: nothing secret can be made, so the request fails.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed")]
pub struct RngError;

/// Fills `buf` from the operating system's CSPRNG.
pub fn os_random(buf: &mut [u8]) -> Result<(), RngError> {
    getrandom::fill(buf).map_err(|_| RngError)
}

/// Returns `N` random bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RngError> {
    let mut b = [0u8; N];
    os_random(&mut b)?;
    Ok(b)
}
