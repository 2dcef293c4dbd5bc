//! The investigators' offline (escrow) recipients: every `keys/*.pub` file, in the format
//! `age -R` reads — one `age1…` recipient per line, `#` comments, blank lines ignored.
//!
//! Loading is strict: a malformed line stops the server with the file and line, because silently
//! skipping it would mean an investigator silently stops receiving reports. A secret key found in
//! `keys/` is refused loudly: it must never sit on the server.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::x25519;
use sha2::{Digest, Sha256};

/// One recipient and where it came from.
#[derive(Clone)]
pub struct KeyEntry {
    /// The age X25519 recipient.
    pub recipient: x25519::Recipient,
    /// Short fingerprint for logs: first 8 hex digits of SHA-256 of the `age1…` string.
    pub fingerprint: String,
    /// `file:line` it was read from.
    pub source: String,
}

impl fmt::Debug for KeyEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyEntry({} from {})", self.fingerprint, self.source)
    }
}

/// The set of recipients every new case is encrypted to. Empty means intake is closed.
#[derive(Clone, Debug, Default)]
pub struct Recipients {
    entries: Vec<KeyEntry>,
}

/// Why `keys/` could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeysError {
    /// The directory exists but cannot be listed, or a file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not an age X25519 recipient.
    #[error(
        "{path}:{line}: not an age recipient (expected one `age1…` key per line, `#` for comments)"
    )]
    BadLine {
        /// File.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
    },
    /// A line holds a secret key.
    #[error(
        "{path}:{line}: this is a SECRET key (AGE-SECRET-KEY-…). Only public keys belong on the server: move this file to the investigator's offline machine and put its `age1…` public key here instead"
    )]
    SecretKey {
        /// File.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
    },
}

impl Recipients {
    /// Reads every `*.pub` file in `dir`, sorted by name. A missing directory yields no
    /// recipients (intake closed), not an error.
    pub fn load_dir(dir: &Path) -> Result<Self, KeysError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| KeysError::Io { path, source }
        };
        let read_dir = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(io(dir)(e)),
        };
        let mut files = Vec::new();
        for entry in read_dir {
            let path = entry.map_err(io(dir))?.path();
            if path.extension().is_some_and(|e| e == "pub") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        let mut set = Self::default();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            set.add_text(&path, &text)?;
        }
        Ok(set)
    }

    /// Parses one recipients file's text (`path` is for messages only).
    pub fn add_text(&mut self, path: &Path, text: &str) -> Result<(), KeysError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = || (path.to_path_buf(), i + 1);
            if line.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
                let (path, line) = at();
                return Err(KeysError::SecretKey { path, line });
            }
            let recipient = x25519::Recipient::from_str(line).map_err(|_| {
                let (path, line) = at();
                KeysError::BadLine { path, line }
            })?;
            let fingerprint = fingerprint(&recipient);
            if self.entries.iter().any(|e| e.fingerprint == fingerprint) {
                continue;
            }
            self.entries.push(KeyEntry {
                recipient,
                fingerprint,
                source: format!("{}:{}", path.display(), i + 1),
            });
        }
        Ok(())
    }

    /// The recipients, in load order.
    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// True when no recipient is configured: intake must refuse reports.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many distinct recipients are configured.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// A stored age X25519 recipient (`age1…`): an investigator account's public key
/// (`accounts.recipient`) or a case's (`cases.case_recipient`).
///
/// A thin newtype rather than bare [`x25519::Recipient`] because both halves are needed and
/// must agree: the key is what age encrypts to and what an opened case key is checked against;
/// the text is what the database holds and what SQL compares (a case is wrapped only to an
/// account whose `recipient = $n` still). Parsing accepts only the canonical spelling — the one
/// `Display` of the key gives back — so two values are equal exactly when their stored strings
/// are, and a typed comparison can never disagree with a comparison in SQL. Services compare
/// these values; none parses or re-formats a recipient string.
#[derive(Clone, PartialEq, Eq)]
pub struct AgeRecipient {
    key: x25519::Recipient,
    text: String,
}

impl AgeRecipient {
    /// Parses a recipient as stored. Anything but the canonical `age1…` form (another key
    /// type, bad Bech32, upper case, spaces) is refused.
    pub fn parse(s: &str) -> Option<Self> {
        let key = x25519::Recipient::from_str(s).ok()?;
        let text = key.to_string();
        (text == s).then_some(Self { key, text })
    }

    /// The key, to encrypt to.
    pub fn key(&self) -> &x25519::Recipient {
        &self.key
    }

    /// The canonical `age1…` text, as stored and bound into queries.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<x25519::Recipient> for AgeRecipient {
    fn from(key: x25519::Recipient) -> Self {
        let text = key.to_string();
        Self { key, text }
    }
}

impl fmt::Display for AgeRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for AgeRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgeRecipient({})", self.text)
    }
}

/// Short, log-safe fingerprint of a recipient.
pub fn fingerprint(recipient: &x25519::Recipient) -> String {
    let digest = Sha256::digest(recipient.to_string().as_bytes());
    hex::encode(&digest[..4])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_duplicates_are_handled() {
        let id = x25519::Identity::generate();
        let r = id.to_public().to_string();
        let text = format!("# alice\n\n{r}\n  {r}  \n");
        let mut set = Recipients::default();
        set.add_text(Path::new("keys/alice.pub"), &text)
            .expect("valid");
        assert_eq!(set.len(), 1);
        assert_eq!(set.entries()[0].source, "keys/alice.pub:3");
    }

    #[test]
    fn a_bad_line_is_reported_with_file_and_line() {
        let mut set = Recipients::default();
        let err = set
            .add_text(Path::new("keys/bob.pub"), "# bob\nage1notakey\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("keys/bob.pub:2:"), "{err}");
    }

    #[test]
    fn a_stored_recipient_parses_only_in_canonical_form() {
        let key = x25519::Identity::generate().to_public();
        let text = key.to_string();
        let parsed = AgeRecipient::parse(&text).expect("canonical recipient");
        assert_eq!(parsed.as_str(), text);
        assert_eq!(parsed.to_string(), text);
        assert_eq!(parsed.key(), &key);
        assert_eq!(parsed, AgeRecipient::from(key.clone()));
        assert_ne!(
            parsed,
            AgeRecipient::from(x25519::Identity::generate().to_public())
        );
        // Bech32 also reads the all-upper-case spelling as the same key; the database never
        // holds it, so it is refused rather than silently compared equal to the stored form.
        assert!(x25519::Recipient::from_str(&text.to_ascii_uppercase()).is_ok());
        assert!(AgeRecipient::parse(&text.to_ascii_uppercase()).is_none());
        assert!(AgeRecipient::parse(&format!(" {text}")).is_none());
        assert!(AgeRecipient::parse("").is_none());
        assert!(AgeRecipient::parse("age1notakey").is_none());
        // One character changed breaks the checksum.
        let mut damaged = text.clone().into_bytes();
        let last = damaged.len() - 1;
        damaged[last] = if damaged[last] == b'q' { b'p' } else { b'q' };
        assert!(AgeRecipient::parse(std::str::from_utf8(&damaged).unwrap()).is_none());
        // A secret key is not a recipient.
        use age::secrecy::ExposeSecret;
        let secret = x25519::Identity::generate().to_string();
        assert!(AgeRecipient::parse(secret.expose_secret()).is_none());
    }

    #[test]
    fn a_secret_key_is_refused() {
        let id = x25519::Identity::generate();
        use age::secrecy::ExposeSecret;
        let text = id.to_string().expose_secret().to_owned();
        let mut set = Recipients::default();
        let err = set.add_text(Path::new("k.pub"), &text).unwrap_err();
        assert!(matches!(err, KeysError::SecretKey { .. }));
    }
}
