//! The key that signs the public feeds, so that a blocklist or DNS resolver fetching them from a
//! mirror, a cache or over a tampered connection can tell they came from this server unchanged.
//!
//! Signatures are OpenSSH `SSHSIG` (Ed25519, SHA-512) in the namespace [`NAMESPACE`]: every
//! machine with OpenSSH verifies them with `ssh-keygen -Y verify`, no new tool needed. The key
//! is generated at first start in `data/feed-signing.key` (OpenSSH private key, mode 0600,
//! never overwritten) and its public half is shown on the warning page and served as
//! `/feeds/allowed_signers`. It signs public data only; losing it means publishing a new key,
//! not losing anything secret.

use std::io::Write;
use std::path::{Path, PathBuf};

use ssh_key::private::Ed25519Keypair;
use ssh_key::{HashAlg, LineEnding, PrivateKey};
use zeroize::Zeroizing;

use crate::crypto::random_bytes;
use crate::crypto::server_secret::create_private;

/// The SSHSIG namespace: a signature made for the feeds cannot be replayed as, say, a signed
/// git commit or file, and vice versa.
pub const NAMESPACE: &str = "filimbi-feeds";

/// The principal named in `allowed_signers`; `ssh-keygen -Y verify -I` takes it.
pub const PRINCIPAL: &str = "feeds@filimbi";

/// The file name of the key inside the data directory.
pub const FILE_NAME: &str = "feed-signing.key";

/// Why the key could not be loaded or a signature made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// Reading or creating the key file failed.
    #[error("feed signing key {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The key file is not an unencrypted OpenSSH Ed25519 key.
    #[error("feed signing key {0} is not an unencrypted OpenSSH Ed25519 private key")]
    BadKey(PathBuf),
    /// The random number generator failed.
    #[error(transparent)]
    Rng(#[from] crate::crypto::RngError),
    /// Encoding a key or signature failed.
    #[error("feed signing: {0}")]
    Ssh(#[from] ssh_key::Error),
}

/// Signs feeds.
pub struct FeedSigner {
    key: PrivateKey,
    public: String,
}

impl FeedSigner {
    /// Loads `data_dir/feed-signing.key`, creating it if absent.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, SigningError> {
        let path = data_dir.join(FILE_NAME);
        let io = |source| SigningError::Io {
            path: path.clone(),
            source,
        };
        let key = match std::fs::read(&path) {
            Ok(pem) => {
                let key = PrivateKey::from_openssh(&pem)
                    .map_err(|_| SigningError::BadKey(path.clone()))?;
                if key.is_encrypted() || key.key_data().ed25519().is_none() {
                    return Err(SigningError::BadKey(path));
                }
                key
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let seed = Zeroizing::new(random_bytes::<32>()?);
                let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
                key.set_comment(PRINCIPAL);
                let pem = key.to_openssh(LineEnding::LF)?;
                let mut file = create_private(&path).map_err(io)?;
                file.write_all(pem.as_bytes()).map_err(io)?;
                file.sync_all().map_err(io)?;
                key
            }
            Err(e) => return Err(io(e)),
        };
        Self::from_key(key)
    }

    /// A signer with a fresh key that is never written anywhere (tests and benchmarks).
    pub fn ephemeral() -> Result<Self, SigningError> {
        let seed = Zeroizing::new(random_bytes::<32>()?);
        Self::from_key(PrivateKey::from(Ed25519Keypair::from_seed(&seed)))
    }

    fn from_key(key: PrivateKey) -> Result<Self, SigningError> {
        let mut public = key.public_key().clone();
        public.set_comment(PRINCIPAL);
        let public = public.to_openssh()?;
        Ok(Self { key, public })
    }

    /// The public key, as an OpenSSH line (`ssh-ed25519 AAAA… feeds@filimbi`).
    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// The SHA-256 fingerprint, as `ssh-keygen -l` prints it, for people to compare by eye.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(HashAlg::Sha256).to_string()
    }

    /// The `allowed_signers` line `ssh-keygen -Y verify -f` reads.
    pub fn allowed_signers(&self) -> String {
        let key = self
            .public
            .strip_suffix(PRINCIPAL)
            .map_or(self.public.as_str(), str::trim_end);
        format!("{PRINCIPAL} namespaces=\"{NAMESPACE}\" {key}\n")
    }

    /// A detached armored signature of `data` (`-----BEGIN SSH SIGNATURE-----`).
    pub fn sign(&self, data: &[u8]) -> Result<String, SigningError> {
        Ok(self
            .key
            .sign(NAMESPACE, HashAlg::Sha512, data)?
            .to_pem(LineEnding::LF)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_created_once_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let a = FeedSigner::load_or_create(dir.path()).unwrap();
        let b = FeedSigner::load_or_create(dir.path()).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert!(a.public_key().starts_with("ssh-ed25519 "));
        assert!(
            a.allowed_signers()
                .starts_with("feeds@filimbi namespaces=\"filimbi-feeds\" ssh-ed25519 ")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
    }

    #[test]
    fn signature_verifies_and_binds_the_data() {
        let s = FeedSigner::ephemeral().unwrap();
        let sig: ssh_key::SshSig = s.sign(b"feed").unwrap().parse().unwrap();
        let public = ssh_key::PublicKey::from_openssh(s.public_key()).unwrap();
        public.verify(NAMESPACE, b"feed", &sig).unwrap();
        assert!(public.verify(NAMESPACE, b"feed!", &sig).is_err());
        assert!(public.verify("git", b"feed", &sig).is_err());
    }

    #[test]
    fn a_damaged_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "not a key").unwrap();
        assert!(matches!(
            FeedSigner::load_or_create(dir.path()),
            Err(SigningError::BadKey(_))
        ));
    }
}
