//! Everything that touches key material, and **the only code that turns plaintext into
//! ciphertext**. `docs/crypto.md` is its specification.
//!
//! ## The boundary, as types
//! [`sealed::Ciphertext`] can only be constructed inside this module, and every store function
//! that writes content takes a `Ciphertext` or a [`sealed::Sealed`] (ciphertext plus its
//! object MAC). So plaintext handed to the store does not compile; a `compile_fail` doc test
//! in [`sealed`] proves it. What the store gives back is untrusted bytes with the MAC as
//! stored; only [`sealed::IntegrityKey::check`] turns them into the [`sealed::Verified`] that
//! every function opening a stored object requires, so a reader that skips the MAC check does
//! not compile either.
//!
//! ## Every function that encrypts, and what
//! | function | plaintext | encrypted to | stored as |
//! |---|---|---|---|
//! | [`seal::OpenCase::seal_report`] | the report document (`domain::document::ReportDoc`), padded | `K_case` + every offline key | `blobs` `report`, with MAC |
//! | the same | `K_case` secret | every offline key; each active account key | `case_key_wraps` `escrow`, `account:<id>`, with MACs |
//! | [`attachment::seal_attachment`] | one cleaned file as a padded tar | `K_case` + every offline key (the same as the report) | `blobs` `attachment-NN` chunks; MAC set when the case commits |
//! | [`identifiers::encrypt_identifiers`] | the identifiers a report or an answer names (`domain::identifiers::IdentifiersDoc`), padded | `K_case` + every offline key | `case_identifiers` `report` or the answer's number, with MAC |
//! | [`case_access::seal_note`] | a note document (`NoteDoc`), padded | `K_case` + every offline key | `case_notes`, with MAC |
//! | [`conversation::seal_question`] | an investigator's message (`MessageDoc`), padded | `K_wb` + `K_case` + every offline key | `case_messages`, with MAC |
//! | [`conversation::seal_answer`] | a whistle-blower's answer (`MessageDoc`), padded | `K_case` + every offline key (not `K_wb`) | `case_messages`, with MAC; its files as attachments |
//! | [`conversation::PassKeys::issue`] | case id + `K_wb` secret + times | XChaCha20-Poly1305 under `K_pass` (from `server.key`) | nowhere: the follow-up cookie, 15 idle minutes |
//! | [`case_access::CaseKey::wrap_for`] | `K_case` secret | one account key (a grant) | `case_key_wraps` `account:<id>`, with MAC |
//! | [`vault::AccountSecrets::seal`] | account identity + TOTP secret | XChaCha20-Poly1305 under Argon2id(password) | `accounts.vault` |
//! | [`vault::seal_session_identity`] | account identity | XChaCha20-Poly1305 under the cookie's session key | `sessions.identity` |
//! | [`backup::seal_backup`] | a backup: database snapshot, `server.key`, `feed-signing.key` (tar) | every offline key | a file the operator keeps (`filimbi backup`) |
//! | [`spool::SpoolKey::writer`] | an upload while it arrives | an ephemeral key held only in the request's memory | `DATA_DIR/spool/*.spool` (deleted when the request ends) |
//!
//! MACs: [`sealed::IntegrityKey`] (HMAC-SHA256 under an HKDF subkey of `server.key`) over
//! (case id, object kind, object name, SHA-256 of the ciphertext); and, under the same key,
//! over the clear records that decide where content goes and who wrote it
//! ([`sealed::Record`]: case headers, account key rows, authorship, warning entries), checked
//! before anything is sealed to or wrapped for them.
//!
//! ## Modules
//! - [`sealed`]: the boundary types and object MACs.
//! - [`seal`]: a new case — ids, receipt, per-case key, the report and the key wraps.
//! - [`attachment`]: files; [`spool`]: uploads encrypted while they arrive.
//! - [`case_access`]: the reader's side of the per-case key; notes.
//! - [`identifiers`]: the sites, certificates and numbers a report or answer names, sealed for
//!   the investigators' in-memory index.
//! - [`conversation`]: messages to and from the whistle-blower; follow-up passes.
//! - [`vault`]: account vaults and session identities; [`totp`]: second factor.
//! - [`recipients`]: the investigators' public keys from `keys/*.pub`.
//! - [`receipt_keys`]: what is derived from a receipt (lookup hash, whistle-blower key).
//! - [`server_secret`]: the server's own secret, from which keyed hashes, MACs and form tokens
//!   derive; [`form_token`]: signed, expiring anti-CSRF tokens that need no cookie.
//! - [`padding`]: length buckets so ciphertext sizes do not reveal text lengths.
//! - [`feed_signing`]: the Ed25519 key that signs the public feeds (OpenSSH signatures).

pub mod attachment;
pub mod backup;
pub mod case_access;
pub mod contact;
pub mod conversation;
pub mod deliveries;
pub mod feed_signing;
pub mod form_token;
pub mod identifiers;
pub mod padding;
pub mod receipt_keys;
pub mod recipients;
pub mod seal;
pub mod sealed;
pub mod server_secret;
pub mod spool;
pub mod totp;
pub mod vault;

/// The OS random number generator failed: nothing secret can be made, so the request fails.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed")]
pub struct RngError;

/// Fills `buf` from the operating system's CSPRNG.
pub fn os_random(buf: &mut [u8]) -> Result<(), RngError> {
    getrandom::fill(buf).map_err(|_| RngError)
}

/// Returns `N` random bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RngError> {
    let mut b = [0u8; N];
    os_random(&mut b)?;
    Ok(b)
}
