//! The key that signs the public feeds, so that a blocklist or DNS resolver fetching them from a
//! mirror, a cache or over a tampered connection can tell they came from this server unchanged.
//!
//! Signatures are OpenSSH `SSHSIG` (Ed25519, SHA-512) in the namespace [`NAMESPACE`]: every
//! machine with OpenSSH verifies them with `ssh-keygen -Y verify`, no new tool needed. The key
//! is generated at first start in `data/feed-signing.key` (OpenSSH private key, mode 0600,
//! never overwritten) and its public half is shown on the warning page and served as
//! `/feeds/allowed_signers`. It signs public data only; losing it means publishing a new key,
//! not losing anything secret.
//!
//! It also signs every backup file, in its own namespace [`BACKUP_NAMESPACE`] (a detached
//! `FILE.sig` beside it), so that a restore can tell a backup this server made from one anyone
//! could build with the public offline recipients. A backup can be gigabytes: it is hashed as
//! it streams ([`DigestWriter`], [`FeedSigner::sign_digest`], [`verify_stream`]); the
//! signature is the same SSHSIG `ssh-keygen -Y sign` makes over the whole file, so
//! `ssh-keygen -Y verify` checks it too.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha512};
use ssh_key::private::Ed25519Keypair;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};
use zeroize::Zeroizing;

use crate::crypto::random_bytes;
use crate::crypto::server_secret::create_private;

/// The SSHSIG namespace: a signature made for the feeds cannot be replayed as, say, a signed
/// git commit or file, and vice versa.
pub const NAMESPACE: &str = "filimbi-feeds";

/// The SSHSIG namespace of backup signatures: a feed signature is never a backup signature.
pub const BACKUP_NAMESPACE: &str = "filimbi-backup";

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
    /// The signature could not be made.
    #[error("signing failed: {0}")]
    Sign(#[from] signature::Error),
}

/// Signs feeds.
pub struct FeedSigner {
    key: PrivateKey,
    public: String,
}

impl FeedSigner {
    /// Loads `data_dir/feed-signing.key`, which must exist (a backup signs with the key the
    /// server already publishes, never a new one).
    pub fn load(data_dir: &Path) -> Result<Self, SigningError> {
        let path = data_dir.join(FILE_NAME);
        let pem = std::fs::read(&path).map_err(|source| SigningError::Io {
            path: path.clone(),
            source,
        })?;
        Self::from_key(parse_key(&pem, &path)?)
    }

    /// Loads `data_dir/feed-signing.key`, creating it if absent.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, SigningError> {
        let path = data_dir.join(FILE_NAME);
        let io = |source| SigningError::Io {
            path: path.clone(),
            source,
        };
        let key = match std::fs::read(&path) {
            Ok(pem) => parse_key(&pem, &path)?,
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

    /// A detached armored signature in `namespace` of the data whose SHA-512 is `digest`
    /// (from a [`DigestWriter`]): the same bytes as `ssh-keygen -Y sign -n NAMESPACE` over
    /// the data, without holding it in memory.
    pub fn sign_digest(&self, namespace: &str, digest: &[u8; 64]) -> Result<String, SigningError> {
        let data = signed_data(namespace, &[], HashAlg::Sha512, digest);
        let signature = sign_with(&self.key, &data)?;
        Ok(SshSig::new(
            self.key.public_key().key_data().clone(),
            namespace,
            HashAlg::Sha512,
            signature,
        )?
        .to_pem(LineEnding::LF)?)
    }
}

/// Reads an OpenSSH private key, accepting only an unencrypted Ed25519 one.
fn parse_key(pem: &[u8], path: &Path) -> Result<PrivateKey, SigningError> {
    let key = PrivateKey::from_openssh(pem).map_err(|_| SigningError::BadKey(path.to_owned()))?;
    if key.is_encrypted() || key.key_data().ed25519().is_none() {
        return Err(SigningError::BadKey(path.to_owned()));
    }
    Ok(key)
}

/// `try_sign` through ssh-key's own `SigningKey` bound, which brings the `Signer` trait along.
fn sign_with<S: ssh_key::SigningKey>(
    key: &S,
    data: &[u8],
) -> Result<ssh_key::Signature, SigningError> {
    Ok(key.try_sign(data)?)
}

/// The blob an SSHSIG signs (`PROTOCOL.sshsig`): the magic, then namespace, reserved, hash
/// algorithm and the message's hash, each as an SSH string.
fn signed_data(namespace: &str, reserved: &[u8], hash: HashAlg, digest: &[u8]) -> Vec<u8> {
    let mut out = b"SSHSIG".to_vec();
    for part in [
        namespace.as_bytes(),
        reserved,
        hash.as_str().as_bytes(),
        digest,
    ] {
        let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// A writer that passes everything through and keeps its SHA-512, for [`FeedSigner::sign_digest`].
pub struct DigestWriter<W> {
    inner: W,
    hash: Sha512,
}

impl<W: Write> DigestWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hash: Sha512::new(),
        }
    }

    /// The writer and the SHA-512 of everything written through it.
    pub fn finish(self) -> (W, [u8; 64]) {
        (self.inner, self.hash.finalize().into())
    }
}

impl<W: Write> Write for DigestWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Why a detached signature was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Not an armored SSH signature.
    #[error("not an SSH signature (-----BEGIN SSH SIGNATURE-----)")]
    Malformed,
    /// Made by another key than the one given.
    #[error("made by another key ({0}), not the signer key given")]
    OtherKey(String),
    /// Made for another purpose (a feed, a git commit…).
    #[error("made for {0:?}, not {1:?}")]
    Namespace(String, String),
    /// The data or the signature was changed.
    #[error("does not match the file: the file or its signature was changed")]
    Mismatch,
    /// Reading the data failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Checks the armored SSHSIG `signature` in `namespace` by `signer` over everything `data`
/// yields, reading it once in pieces.
pub fn verify_stream(
    signer: &PublicKey,
    namespace: &str,
    signature: &str,
    mut data: impl Read,
) -> Result<(), VerifyError> {
    use signature::Verifier;
    let sig = SshSig::from_pem(signature.trim()).map_err(|_| VerifyError::Malformed)?;
    if sig.public_key() != signer.key_data() {
        let other = PublicKey::new(sig.public_key().clone(), "");
        return Err(VerifyError::OtherKey(
            other.fingerprint(HashAlg::Sha256).to_string(),
        ));
    }
    if sig.namespace() != namespace {
        return Err(VerifyError::Namespace(
            sig.namespace().to_owned(),
            namespace.to_owned(),
        ));
    }
    let digest = match sig.hash_alg() {
        HashAlg::Sha512 => hash_stream::<Sha512>(&mut data)?,
        _ => hash_stream::<sha2::Sha256>(&mut data)?,
    };
    let blob = signed_data(namespace, sig.reserved(), sig.hash_alg(), &digest);
    signer
        .key_data()
        .verify(&blob, sig.signature())
        .map_err(|_| VerifyError::Mismatch)
}

fn hash_stream<D: Digest>(data: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut hash = D::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match data.read(&mut buf)? {
            0 => return Ok(hash.finalize().to_vec()),
            n => hash.update(buf.get(..n).unwrap_or_default()),
        }
    }
}

/// Reads an Ed25519 public key from what an operator copies: the `ssh-ed25519 AAAA… comment`
/// line of `/feeds/signing-key.pub` (or the warning page), or an `allowed_signers` line.
pub fn parse_public(text: &str) -> Option<PublicKey> {
    text.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        words.by_ref().find(|w| *w == "ssh-ed25519")?;
        let key = PublicKey::from_openssh(&format!("ssh-ed25519 {}", words.next()?)).ok()?;
        key.key_data().ed25519().is_some().then_some(key)
    })
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
    fn a_streamed_signature_is_the_one_ssh_key_makes_over_the_whole_data() {
        let s = FeedSigner::ephemeral().unwrap();
        let data = vec![7u8; 200_000];
        let mut w = DigestWriter::new(Vec::new());
        for piece in data.chunks(999) {
            w.write_all(piece).unwrap();
        }
        let (written, digest) = w.finish();
        assert_eq!(written, data);
        let streamed = s.sign_digest(BACKUP_NAMESPACE, &digest).unwrap();
        let whole = s
            .key
            .sign(BACKUP_NAMESPACE, HashAlg::Sha512, &data)
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap();
        assert_eq!(
            streamed, whole,
            "Ed25519 is deterministic: same blob, same bytes"
        );
        let public = parse_public(s.public_key()).unwrap();
        verify_stream(&public, BACKUP_NAMESPACE, &streamed, &data[..]).unwrap();
        assert!(matches!(
            verify_stream(&public, BACKUP_NAMESPACE, &streamed, &data[1..]),
            Err(VerifyError::Mismatch)
        ));
        assert!(matches!(
            verify_stream(&public, NAMESPACE, &streamed, &data[..]),
            Err(VerifyError::Namespace(..))
        ));
        let other = parse_public(FeedSigner::ephemeral().unwrap().public_key()).unwrap();
        assert!(matches!(
            verify_stream(&other, BACKUP_NAMESPACE, &streamed, &data[..]),
            Err(VerifyError::OtherKey(_))
        ));
        assert!(parse_public(&s.allowed_signers()).is_some_and(|k| k == public));
        assert!(parse_public("age1qqq").is_none());
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
