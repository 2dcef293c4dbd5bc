//! Keyed digests of gateways' message ids: a message a gateway delivers twice (it resends
//! after a timeout) makes one case or one answer.
//!
//! The id is hashed with HMAC-SHA256 under a subkey of `server.key` and kept beside spent form
//! tokens, in the same transaction as what the message stored, until the end of the next day
//! (at most 48 hours). Keyed, so the stored value cannot be matched against a gateway's own
//! logs without the server secret; it says nothing of the message or its sender.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;

use super::server_secret::ServerSecret;

/// HKDF label of the key.
const LABEL: &str = "filimbi/v1/gateway-message-id";

/// The key that hashes gateways' message ids.
pub struct DeliveryKey(SecretBox<[u8; 32]>);

impl DeliveryKey {
    /// Derives the key from the server secret.
    pub fn new(secret: &ServerSecret) -> Self {
        Self(secret.derive(LABEL))
    }

    /// `hex(HMAC(K, gateway ‖ 0 ‖ id))`: the gateway's name keeps two gateways' ids apart.
    pub fn digest(&self, gateway: &str, id: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret().as_slice())
            .unwrap_or_else(|_| super::sealed::unreachable_hmac());
        mac.update(gateway.as_bytes());
        mac.update(&[0]);
        mac.update(id.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_depends_on_the_key_the_gateway_and_the_id() {
        let a = DeliveryKey::new(&ServerSecret::from_bytes([1; 32]));
        let b = DeliveryKey::new(&ServerSecret::from_bytes([2; 32]));
        assert_eq!(a.digest("kannel", "42"), a.digest("kannel", "42"));
        assert_ne!(a.digest("kannel", "42"), b.digest("kannel", "42"));
        assert_ne!(a.digest("kannel", "42"), a.digest("africastalking", "42"));
        assert_ne!(a.digest("kannel", "42"), a.digest("kannel", "43"));
        assert_eq!(a.digest("kannel", "42").len(), 64);
    }
}
