//! Anti-CSRF tokens that need no cookie and no server-side state.
//!
//! A token is `base64url(issued_at ‖ nonce ‖ tag)` where `tag` is the first 16 bytes of
//! `HMAC-SHA256(K_form, "filimbi/v1/form/" ‖ purpose ‖ issued_at ‖ nonce)`. A POST must carry a
//! token this server issued for that form's [`Purpose`] within [`MAX_AGE`]. The purpose is in
//! the MAC, not in the token: a token minted by one form (a report form, say, whose pages are
//! cheap to fetch) is refused by every other (the receipt form), so each form's tokens cost
//! what that form's own rate class allows. Cookie-free on purpose: whistle-blowers are told to use Tor
//! Browser, which discards cookies, and a cookie would be one more thing that identifies a
//! browser. Cross-site POSTs are additionally refused on `Sec-Fetch-Site` by the HTTP layer.
//!
//! The token's timestamp is never stored: it only lives in the page and the next request.
//!
//! A token is spent once (report and follow-up forms): the server keeps a keyed digest of it
//! ([`FormTokens::spent_key`], never the token) with the UTC day its validity ends
//! ([`expiry_day`]), and forgets the record once that day is over — when the token would be
//! refused as expired anyway (docs/crypto.md, "What is stored in clear").

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;

use super::server_secret::ServerSecret;

/// How long a form stays valid: long enough to write a careful report on a slow connection.
pub const MAX_AGE: u64 = 12 * 60 * 60;
/// Clock skew tolerated for tokens issued "in the future" (several servers behind one address).
const SKEW: u64 = 5 * 60;
const PURPOSE: &str = "filimbi/v1/form-token-key";
const SPENT_LABEL: &[u8] = b"filimbi/v1/form-spent";
const TAG_LEN: usize = 16;
const TOKEN_LEN: usize = 8 + 8 + TAG_LEN;

/// The form a token is for. Each has its own MAC label; the body after the label has a fixed
/// length, so no two purposes' MAC inputs can coincide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A report form, `/report/*`.
    Report,
    /// The receipt form, `/followup`.
    Receipt,
    /// The answer form of the follow-up page, `/followup/case`.
    Answer,
    /// The staff login and account set-up forms.
    Staff,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Self::Report => b"filimbi/v1/form/report",
            Self::Receipt => b"filimbi/v1/form/receipt",
            Self::Answer => b"filimbi/v1/form/answer",
            Self::Staff => b"filimbi/v1/form/staff",
        }
    }
}

/// Issues and checks form tokens.
pub struct FormTokens {
    key: SecretBox<[u8; 32]>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Missing, malformed, or not signed by this server.
    #[error("invalid form token")]
    Invalid,
    /// Signed by this server but too old (or too far in the future).
    #[error("expired form token")]
    Expired,
    /// Valid, but already used to send a form once.
    #[error("form token already used")]
    Used,
}

/// The UTC day on which a token issued at `issued` (Unix seconds) stops being accepted. Once
/// that day is over, a record of the token being spent can go: the token is refused as
/// expired whatever the record says. A day, not a time: the record must not say when.
pub fn expiry_day(issued: u64) -> time::Date {
    let end = issued.saturating_add(MAX_AGE);
    let secs = i64::try_from(end).unwrap_or(i64::MAX);
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map(|t| t.date())
        .unwrap_or(time::Date::MAX)
}

impl FormTokens {
    /// Derives the token key from the server secret.
    pub fn new(secret: &ServerSecret) -> Self {
        Self {
            key: secret.derive(PURPOSE),
        }
    }

    /// A fresh token for `purpose`, issued at `now` (Unix seconds).
    pub fn issue(&self, purpose: Purpose, now: u64) -> Result<String, super::RngError> {
        let nonce = super::random_bytes::<8>()?;
        let mut raw = Vec::with_capacity(TOKEN_LEN);
        raw.extend_from_slice(&now.to_be_bytes());
        raw.extend_from_slice(&nonce);
        let tag = self.tag(purpose, &raw).ok_or(super::RngError)?;
        raw.extend_from_slice(&tag[..TAG_LEN]);
        Ok(URL_SAFE_NO_PAD.encode(raw))
    }

    /// Accepts a token issued by this server for `purpose` within [`MAX_AGE`] of `now`; a
    /// token issued for another purpose is [`TokenError::Invalid`].
    pub fn verify(&self, token: &str, purpose: Purpose, now: u64) -> Result<(), TokenError> {
        self.verify_issued(token, purpose, now).map(|_| ())
    }

    /// Like [`FormTokens::verify`], and says when the token was issued (Unix seconds).
    pub fn verify_issued(
        &self,
        token: &str,
        purpose: Purpose,
        now: u64,
    ) -> Result<u64, TokenError> {
        let raw = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| TokenError::Invalid)?;
        if raw.len() != TOKEN_LEN {
            return Err(TokenError::Invalid);
        }
        let (body, tag) = raw.split_at(16);
        let mut mac = self.mac().ok_or(TokenError::Invalid)?;
        mac.update(purpose.label());
        mac.update(body);
        mac.verify_truncated_left(tag)
            .map_err(|_| TokenError::Invalid)?;
        let mut ts = [0u8; 8];
        ts.copy_from_slice(&body[..8]);
        let issued = u64::from_be_bytes(ts);
        if issued > now.saturating_add(SKEW) || now.saturating_sub(issued) > MAX_AGE {
            return Err(TokenError::Expired);
        }
        Ok(issued)
    }

    /// What is stored once a token is spent: `hex(HMAC-SHA256(K_form, "filimbi/v1/form-spent"
    /// ‖ token bytes))`. Keyed, so a token seen elsewhere (a saved page) cannot be matched to
    /// a record without the server secret; `None` for a token that does not decode.
    pub fn spent_key(&self, token: &str) -> Option<String> {
        let raw = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        let mut mac = self.mac()?;
        mac.update(SPENT_LABEL);
        mac.update(&raw);
        Some(hex::encode(mac.finalize().into_bytes()))
    }

    fn mac(&self) -> Option<Hmac<Sha256>> {
        <Hmac<Sha256> as Mac>::new_from_slice(self.key.expose_secret()).ok()
    }

    fn tag(&self, purpose: Purpose, body: &[u8]) -> Option<Vec<u8>> {
        let mut mac = self.mac()?;
        mac.update(purpose.label());
        mac.update(body);
        Some(mac.finalize().into_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(b: u8) -> FormTokens {
        FormTokens::new(&ServerSecret::from_bytes([b; 32]))
    }

    #[test]
    fn a_fresh_token_verifies() {
        let t = tokens(1);
        let tok = t.issue(Purpose::Report, 1_000_000).expect("rng");
        assert_eq!(t.verify(&tok, Purpose::Report, 1_000_000 + 60), Ok(()));
        assert_eq!(
            t.verify_issued(&tok, Purpose::Report, 1_000_000 + 60),
            Ok(1_000_000)
        );
    }

    #[test]
    fn a_token_is_accepted_only_for_its_own_purpose() {
        let t = tokens(1);
        let all = [
            Purpose::Report,
            Purpose::Receipt,
            Purpose::Answer,
            Purpose::Staff,
        ];
        for issued_for in all {
            let tok = t.issue(issued_for, 1_000_000).expect("rng");
            for used_for in all {
                let want = if used_for == issued_for {
                    Ok(())
                } else {
                    Err(TokenError::Invalid)
                };
                assert_eq!(
                    t.verify(&tok, used_for, 1_000_060),
                    want,
                    "{issued_for:?} as {used_for:?}"
                );
            }
        }
    }

    #[test]
    fn the_spent_key_is_keyed_and_the_expiry_a_day() {
        let t = tokens(1);
        let tok = t.issue(Purpose::Report, 1_000_000).expect("rng");
        let key = t.spent_key(&tok).expect("decodes");
        assert_eq!(key.len(), 64);
        assert!(!key.contains(&tok));
        assert_ne!(Some(key.clone()), tokens(2).spent_key(&tok));
        assert_eq!(Some(key), t.spent_key(&format!(" {tok} ")));
        // 2026-11-28 20:00 UTC + 12 h ends on the 29th.
        assert_eq!(
            expiry_day(1_795_896_000),
            time::macros::date!(2026 - 11 - 29)
        );
    }

    #[test]
    fn old_future_forged_and_foreign_tokens_are_refused() {
        let t = tokens(1);
        let tok = t.issue(Purpose::Report, 1_000_000).expect("rng");
        assert_eq!(
            t.verify(&tok, Purpose::Report, 1_000_000 + MAX_AGE + 1),
            Err(TokenError::Expired)
        );
        assert_eq!(
            t.verify(&tok, Purpose::Report, 1_000_000 - 3600),
            Err(TokenError::Expired)
        );
        assert_eq!(
            tokens(2).verify(&tok, Purpose::Report, 1_000_000),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            t.verify("garbage", Purpose::Report, 1_000_000),
            Err(TokenError::Invalid)
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&tok).expect("b64");
        bytes[3] ^= 1;
        assert_eq!(
            t.verify(&URL_SAFE_NO_PAD.encode(bytes), Purpose::Report, 1_000_000),
            Err(TokenError::Invalid)
        );
    }
}
