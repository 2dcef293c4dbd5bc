//! What the server derives from a receipt while it is known (at intake, and later when the
//! whistle-blower returns), so that the receipt itself is never stored.
//!
//! - **Lookup hash** `HMAC-SHA256(K_lookup, digits)`, keyed with a key derived from the server
//!   secret. A database thief without `server.key` cannot test a single guess; with it, each guess
//!   is one HMAC against an 86-bit space, which is still out of reach.
//! - **Whistle-blower key**: `HKDF-SHA256(ikm = digits, salt = per-case 16 random bytes, info)`
//!   gives a 32-byte X25519 secret; only its public `age1…` recipient is stored, so investigators
//!   can write to the whistle-blower before they come back. Testing a guess against it costs an
//!   HKDF and a scalar multiplication, per case (the salt prevents one table for all cases).
//!
//! A memory-hard KDF (Argon2id) was considered and left out: with ≥ 86 bits of entropy it adds no
//! security that matters and would cost most of the intake throughput (see docs/crypto.md).

use age::x25519;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::domain::receipt::Receipt;

use super::server_secret::ServerSecret;

const LOOKUP_PURPOSE: &str = "filimbi/v1/receipt-lookup";
const WHISTLEBLOWER_INFO: &[u8] = b"filimbi/v1/whistleblower-x25519";

/// Keys for receipt-derived values.
pub struct ReceiptKeys {
    lookup_key: SecretBox<[u8; 32]>,
}

/// Whistle-blower derivation failed (cannot happen with valid inputs; kept as an error, not a panic).
#[derive(Debug, thiserror::Error)]
#[error("could not derive the whistle-blower key")]
pub struct DeriveError;

impl ReceiptKeys {
    /// Derives the lookup key from the server secret.
    pub fn new(secret: &ServerSecret) -> Self {
        Self {
            lookup_key: secret.derive(LOOKUP_PURPOSE),
        }
    }

    /// Hex lookup hash under which the case is found again.
    pub fn lookup(&self, receipt: &Receipt) -> Result<String, DeriveError> {
        // HMAC takes keys of any length, so the error arm is unreachable in practice.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.lookup_key.expose_secret())
            .map_err(|_| DeriveError)?;
        mac.update(receipt.canonical().as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }
}

/// The whistle-blower's X25519 identity for one case.
pub fn whistleblower_identity(
    receipt: &Receipt,
    salt: &[u8; 16],
) -> Result<x25519::Identity, DeriveError> {
    let hk = Hkdf::<Sha256>::new(Some(salt), receipt.canonical().as_bytes());
    let mut sk = Zeroizing::new([0u8; 32]);
    hk.expand(WHISTLEBLOWER_INFO, sk.as_mut_slice())
        .map_err(|_| DeriveError)?;
    identity_from_bytes(&sk)
}

/// Builds an age X25519 identity from 32 secret bytes via its Bech32 text form (the age crate's
/// only public constructor besides `generate`).
fn identity_from_bytes(sk: &[u8; 32]) -> Result<x25519::Identity, DeriveError> {
    let hrp = bech32::Hrp::parse("age-secret-key-").map_err(|_| DeriveError)?;
    let encoded =
        Zeroizing::new(bech32::encode::<bech32::Bech32>(hrp, sk).map_err(|_| DeriveError)?);
    let upper = Zeroizing::new(encoded.to_uppercase());
    upper.parse().map_err(|_| DeriveError)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt::generate(super::super::os_random).expect("rng")
    }

    #[test]
    fn the_same_receipt_and_salt_give_the_same_key_and_lookup() {
        let keys = ReceiptKeys::new(&ServerSecret::from_bytes([7; 32]));
        let r = receipt();
        let again = Receipt::parse(&r.grouped()).expect("parses");
        assert_eq!(keys.lookup(&r).ok(), keys.lookup(&again).ok());
        let a = whistleblower_identity(&r, &[1; 16]).expect("derive");
        let b = whistleblower_identity(&again, &[1; 16]).expect("derive");
        assert_eq!(a.to_public().to_string(), b.to_public().to_string());
        let c = whistleblower_identity(&r, &[2; 16]).expect("derive");
        assert_ne!(a.to_public().to_string(), c.to_public().to_string());
    }

    #[test]
    fn the_lookup_depends_on_the_server_secret() {
        let r = receipt();
        let a = ReceiptKeys::new(&ServerSecret::from_bytes([1; 32]))
            .lookup(&r)
            .expect("hmac");
        let b = ReceiptKeys::new(&ServerSecret::from_bytes([2; 32]))
            .lookup(&r)
            .expect("hmac");
        assert_ne!(a, b);
        assert!(!a.contains(r.canonical()));
    }
}
