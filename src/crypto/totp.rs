//! Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30-second steps), through the
//! `totp-rs` crate, plus the enrolment QR code rendered as SVG on the server (no script, no
//! third-party image service).

use secrecy::SecretString;
use totp_rs::{Builder, Totp};
use zeroize::Zeroizing;

/// Accepted clock skew, in steps either side of now.
pub const SKEW_STEPS: u64 = 1;
/// Step length in seconds.
pub const STEP_SECS: u64 = 30;

/// A TOTP shared secret (160 bits, as RFC 4226 recommends).
#[derive(Clone)]
pub struct TotpSecret(Zeroizing<[u8; 20]>);

impl TotpSecret {
    /// A fresh random secret.
    pub fn generate() -> Result<Self, super::RngError> {
        Ok(Self(Zeroizing::new(super::random_bytes::<20>()?)))
    }

    /// Parses the base32 text shown at enrolment (spaces and case ignored).
    pub fn from_base32(text: &str) -> Option<Self> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bytes = totp_rs::Secret::try_from_base32(&clean).ok()?;
        let arr: [u8; 20] = bytes.as_ref().try_into().ok()?;
        Some(Self(Zeroizing::new(arr)))
    }

    /// Base32, as authenticator apps expect it.
    pub fn to_base32(&self) -> SecretString {
        SecretString::from(totp_rs::Secret::from(*self.0).to_base32())
    }

    fn totp(&self, account: &str) -> Option<Totp> {
        Builder::new()
            .with_secret(self.0.to_vec())
            .with_skew(u16::try_from(SKEW_STEPS).unwrap_or(1))
            .with_step_duration(STEP_SECS)
            .with_account_name(account.replace(':', "-"))
            .with_issuer(Some("Filimbi"))
            .build()
            .ok()
    }

    /// The code for the step containing `unix` (tests and enrolment help).
    pub fn code_at(&self, unix: u64) -> String {
        self.totp("x")
            .map(|t| t.generate(unix).to_string())
            .unwrap_or_default()
    }

    /// The step a correct `code` belongs to (within the skew), if any. Callers must refuse a
    /// step at or before the last one accepted, so that each code is used once.
    pub fn matching_step(&self, code: &str, unix: u64) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.totp("x")?.check(&code, unix)
    }

    /// The `otpauth://` URI an authenticator app scans.
    pub fn provisioning_uri(&self, account: &str) -> SecretString {
        SecretString::from(
            self.totp(account)
                .and_then(|t| t.to_url().ok())
                .unwrap_or_default(),
        )
    }
}

/// The QR code of `text` as an inline SVG document.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(qrcode::render::svg::Color("#000"))
            .light_color(qrcode::render::svg::Color("#fff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vector() {
        // RFC 6238 appendix B, SHA-1: secret "12345678901234567890", T = 59 -> 94287082 (8
        // digits); the 6-digit code is its last six digits.
        let s = TotpSecret(Zeroizing::new(*b"12345678901234567890"));
        assert_eq!(s.code_at(59), "287082");
        assert_eq!(s.matching_step("287082", 59), Some(1));
        assert_eq!(
            s.matching_step("287082", 59 + 30),
            Some(1),
            "one step of skew"
        );
        assert_eq!(s.matching_step("287082", 59 + 90), None);
        assert_eq!(s.matching_step("28708", 59), None);
    }

    #[test]
    fn base32_round_trip_and_qr() {
        let s = TotpSecret::generate().unwrap();
        use secrecy::ExposeSecret;
        let text = s.to_base32();
        let back = TotpSecret::from_base32(&text.expose_secret().to_lowercase()).unwrap();
        assert_eq!(back.code_at(1_000_000), s.code_at(1_000_000));
        let uri = s.provisioning_uri("amani");
        assert!(
            uri.expose_secret()
                .starts_with("otpauth://totp/Filimbi:amani?")
        );
        assert!(qr_svg(uri.expose_secret()).unwrap().contains("<svg"));
    }
}
