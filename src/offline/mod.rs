//! The commands that need no web server.
//!
//! On the server's shell, beside a running server and on the same data directory:
//! [`accounts`] (`filimbi investigator …`, `filimbi audit verify`), [`warnings`] (import and
//! export of the public list), [`export`] (stored ciphertext out, decrypting nothing) and
//! [`backup`] (an encrypted backup out; a restore into an empty data directory). They
//! work through `app::services`, which leaves the server's spool and schedules alone.
//!
//! Without the database: [`keygen`] makes an offline investigator's age identity and registers
//! its public key in the keys directory; [`decrypt`] opens an export on an investigator's
//! offline machine.

pub mod accounts;
pub mod backup;
pub mod decrypt;
pub mod doctor;
pub mod export;
pub mod keygen;
pub mod purge;
pub mod warnings;

/// A failure of an offline command, worded for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum OfflineError {
    /// A file or directory problem, with the path.
    #[error("{path}: {message}")]
    Path {
        /// The path concerned.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A bad argument.
    #[error("{0}")]
    Usage(String),
    /// Anything else (database, crypto).
    #[error("{0}")]
    Other(String),
}

impl OfflineError {
    pub(crate) fn path(path: &std::path::Path, message: impl std::fmt::Display) -> Self {
        Self::Path {
            path: path.display().to_string(),
            message: message.to_string(),
        }
    }
}

/// The manifest written by `filimbi export` and read by `filimbi decrypt`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Always `filimbi/export`.
    pub format: String,
    /// Manifest version.
    pub version: u32,
    /// The exported cases.
    pub cases: Vec<ManifestCase>,
}

/// One case in a manifest.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ManifestCase {
    /// Case id.
    pub id: String,
    /// Category slug.
    pub category: String,
    /// Status at export time.
    pub status: String,
    /// Day received.
    pub received_day: String,
    /// Files, relative to the export directory.
    pub files: Vec<String>,
    /// The object MAC of each file as stored (file → hex), for `filimbi decrypt
    /// --server-key`. Absent in exports made before objects had MACs.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub macs: std::collections::BTreeMap<String, String>,
}

/// Format name of the manifest.
pub const MANIFEST_FORMAT: &str = "filimbi/export";
/// Manifest file name.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Writes `bytes` to `path`, replacing it, readable by the owner only: decrypted reports are
/// plaintext on the investigator's machine. What was at `path` is unlinked first, never
/// written through: an export directory changed on its way could hold a link planted there
/// (`report.txt -> ~/.bashrc`), and plaintext must not land where it points.
pub(crate) fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), OfflineError> {
    use std::io::Write;
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(OfflineError::path(path, e)),
    }
    open_private(path)?
        .write_all(bytes)
        .map_err(|e| OfflineError::path(path, e))
}

/// Creates `path` for writing, readable by the owner only. It must not exist (not even as a
/// dangling link, which `O_EXCL` refuses rather than follows).
pub(crate) fn open_private(path: &std::path::Path) -> Result<std::fs::File, OfflineError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map_err(|e| OfflineError::path(path, e))
}
