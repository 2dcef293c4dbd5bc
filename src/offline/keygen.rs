//! `filimbi keygen`: a new age identity for an offline investigator. The secret goes to `--out`
//! (mode 0600, never overwritten) and the public recipient to `keys/NAME.pub`, the same formats
//! `age-keygen` and `age -R` use, so stock age works with both.

use std::io::Write;
use std::path::Path;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::OfflineError;
use crate::crypto::server_secret::create_private;

/// Runs the command and prints the recipient.
pub fn run(name: &str, out: &Path, keys_dir: &Path) -> Result<(), OfflineError> {
    let recipient = generate(name, out, keys_dir)?;
    println!("{recipient}");
    eprintln!(
        "Secret identity written to {} — move it to the investigator's offline machine.\nPublic key registered in {}; restart the server to encrypt new reports to it.",
        out.display(),
        keys_dir.join(format!("{name}.pub")).display()
    );
    Ok(())
}

/// Generates the identity and writes both files; returns the `age1…` recipient.
pub fn generate(name: &str, out: &Path, keys_dir: &Path) -> Result<String, OfflineError> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(OfflineError::Usage(format!(
            "invalid key name {name:?}: use 1–64 letters, digits, '-' or '_'"
        )));
    }
    std::fs::create_dir_all(keys_dir).map_err(|e| OfflineError::path(keys_dir, e))?;
    let pub_path = keys_dir.join(format!("{name}.pub"));
    if pub_path.exists() {
        return Err(OfflineError::path(
            &pub_path,
            "already exists; choose another name or remove the old key first",
        ));
    }
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let mut file = create_private(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            OfflineError::path(out, "already exists; refusing to overwrite a key")
        } else {
            OfflineError::path(out, e)
        }
    })?;
    let text = Zeroizing::new(format!(
        "# created by filimbi keygen for {name}\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    ));
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| OfflineError::path(out, e))?;
    let mut pub_file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&pub_path)
        .map_err(|e| OfflineError::path(&pub_path, e))?;
    writeln!(pub_file, "# {name}\n{recipient}").map_err(|e| OfflineError::path(&pub_path, e))?;
    Ok(recipient)
}
