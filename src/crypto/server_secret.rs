//! The server's own 256-bit secret, kept in the data directory (`server.key`, mode 0600) and
//! created on first start. Purpose-specific keys are derived from it with HKDF-SHA256, so one
//! file backs up everything and no key is used for two purposes.
//!
//! Losing this file does not lose any report (reports are encrypted to the investigators' keys),
//! but it makes existing receipts unusable for follow-up and invalidates open forms. Back it up
//! with the database.

use std::io::Write;
use std::path::Path;

use hkdf::Hkdf;
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use zeroize::Zeroizing;

/// File name inside the data directory.
pub const FILE_NAME: &str = "server.key";

/// The master secret. No `Debug`, no `Display`.
pub struct ServerSecret(SecretBox<[u8; 32]>);

/// Why the secret could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// File system error, with the path.
    #[error("cannot read or create {path}: {source}")]
    Io {
        /// The secret's path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file exists but does not hold 64 hex digits.
    #[error("{0} is damaged: expected 64 hexadecimal digits")]
    Damaged(String),
    /// No randomness.
    #[error(transparent)]
    Rng(#[from] super::RngError),
}

impl ServerSecret {
    /// Loads `data_dir/server.key`, creating it (mode 0600, never overwriting) if absent.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, SecretError> {
        let path = data_dir.join(FILE_NAME);
        let shown = path.display().to_string();
        let io = |source| SecretError::Io {
            path: shown.clone(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let text = Zeroizing::new(text);
                let mut key = [0u8; 32];
                hex::decode_to_slice(text.trim(), &mut key)
                    .map_err(|_| SecretError::Damaged(shown.clone()))?;
                Ok(Self(SecretBox::new(Box::new(key))))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = super::random_bytes::<32>()?;
                let mut file = create_private(&path).map_err(io)?;
                let hex = Zeroizing::new(hex::encode(key));
                file.write_all(hex.as_bytes()).map_err(io)?;
                file.write_all(b"\n").map_err(io)?;
                file.sync_all().map_err(io)?;
                Ok(Self(SecretBox::new(Box::new(key))))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Reads an existing key file (an operator's copy of `server.key`); never creates one.
    pub fn load_file(path: &Path) -> Result<Self, SecretError> {
        let shown = path.display().to_string();
        let text =
            Zeroizing::new(
                std::fs::read_to_string(path).map_err(|source| SecretError::Io {
                    path: shown.clone(),
                    source,
                })?,
            );
        let mut key = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut key).map_err(|_| SecretError::Damaged(shown))?;
        Ok(Self(SecretBox::new(Box::new(key))))
    }

    /// Derives the 32-byte key for `purpose` (a fixed, versioned label).
    pub fn derive(&self, purpose: &str) -> SecretBox<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(None, self.0.expose_secret());
        let mut out = Box::new([0u8; 32]);
        // 32 bytes is always a valid HKDF-SHA256 output length.
        if hk.expand(purpose.as_bytes(), out.as_mut_slice()).is_err() {
            unreachable_hkdf();
        }
        SecretBox::new(out)
    }

    /// A value that tells whether two processes hold the same secret without saying anything
    /// about it: HMAC-SHA256 of a fixed text under a key derived for this purpose alone, hex.
    /// Stored in the database at first start (`store::key_checks`), compared at every start.
    pub fn check_value(&self) -> String {
        use hmac::{Hmac, Mac};
        let key = self.derive("filimbi key check v1");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.expose_secret().as_slice())
            .unwrap_or_else(|_| super::sealed::unreachable_hmac());
        mac.update(b"filimbi/v1/key-check");
        hex::encode(mac.finalize().into_bytes())
    }

    /// A secret for tests, from fixed bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(SecretBox::new(Box::new(bytes)))
    }
}

#[cold]
fn unreachable_hkdf() {
    tracing::error!("HKDF refused a 32-byte output; this cannot happen with SHA-256");
}

/// Creates a new file readable only by its owner; fails if it exists.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}
