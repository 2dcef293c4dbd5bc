//! Investigator accounts: ids, names, states, the password rule and the login-throttling rule.

use std::fmt;
use std::time::Duration;

use crate::crypto::recipients::AgeRecipient;

/// Shortest password accepted (characters, not bytes).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (bounds Argon2 input and form size).
pub const MAX_PASSWORD_CHARS: usize = 1024;

const COMMON: &str = include_str!("data/common-passwords.txt");

/// Random account identifier: 128 bits, 32 lower-case hex digits.
///
/// The id, not the name, is what other rows point at (sessions, assignments, notes' authors,
/// drafts, the `account:<id>` key-wrap reader, the vault's context), so that a name is only
/// ever something shown. Never typed by anyone: it comes from the RNG or from the database.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountId(String);

impl AccountId {
    /// Makes an account id from 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        Self(hex::encode(bytes))
    }

    /// Parses an id exactly as [`AccountId::as_str`] writes it. Unlike a case id (which an
    /// operator may type), nothing is trimmed or lower-cased: ids are bound into SQL as
    /// strings, so a spelling that is not the stored one would silently match no row.
    pub fn parse(s: &str) -> Option<Self> {
        let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        (s.len() == 32 && s.bytes().all(lower_hex)).then(|| Self(s.to_owned()))
    }

    /// The id as stored (and bound into queries).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({})", self.0)
    }
}

/// An account name: 1–32 of `a-z 0-9 . _ -`, lower case. Shown in the audit log and on
/// case assignments; not a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountName(String);

impl AccountName {
    /// Parses a name typed by an operator or admin.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        ok.then_some(Self(s))
    }

    /// Parses a name read back from the database: it must already be in the form
    /// [`AccountName::parse`] gives, so that a stored name is never quietly changed (trimmed,
    /// lower-cased) on its way to a query that compares it with the stored string.
    pub fn parse_stored(s: &str) -> Option<Self> {
        Self::parse(s).filter(|n| n.0 == s)
    }

    /// As stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name reads as the string it is (an audit actor, a message, a page), so code that only
/// shows or records it needs no conversion. Only this direction exists: a string becomes a name
/// through [`AccountName::parse`] alone.
impl std::ops::Deref for AccountName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// As stored, so templates and messages can show a name where one belongs.
impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountState {
    /// Created or reset; a setup link is out; cannot log in.
    Pending,
    /// Can log in and receives new cases.
    Active,
    /// Cannot log in; receives no new cases.
    Disabled,
}

impl AccountState {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    /// Inverse of [`AccountState::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Active, Self::Disabled]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

impl std::str::FromStr for AccountState {
    type Err = super::names::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::names::UnknownName::new("account state", s))
    }
}

/// An account as the rest of the program sees it (no secrets).
#[derive(Debug, Clone)]
pub struct Account {
    /// Random id.
    pub id: AccountId,
    /// Name.
    pub name: AccountName,
    /// May manage accounts and read the audit log.
    pub is_admin: bool,
    /// State.
    pub state: AccountState,
    /// Public age recipient once set up.
    pub recipient: Option<AgeRecipient>,
    /// Day created.
    pub created_day: String,
}

/// Why a chosen password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`].
    TooShort,
    /// Longer than [`MAX_PASSWORD_CHARS`].
    TooLong,
    /// On the bundled list of common passwords.
    TooCommon,
    /// The two entries differ.
    Mismatch,
}

/// Checks a new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if is_common(password) {
        return Err(PasswordProblem::TooCommon);
    }
    if password != confirm {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

fn is_common(password: &str) -> bool {
    let squashed: String = password
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    // A single character repeated is as weak as anything on the list.
    let mut chars = squashed.chars();
    let first = chars.next();
    if first.is_some() && chars.all(|c| Some(c) == first) {
        return true;
    }
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == squashed)
}

/// Per-account login throttling. Every refused login is answered no sooner than
/// `refusal_floor` after it arrived, whatever the reason (so timing tells neither which factor
/// failed nor whether the name exists), and after `max_failures` attempts without success the
/// account is locked for `lock`. Attempts are counted *before* the password is checked, so a
/// burst of parallel guesses cannot slip past the count. Per account, never per IP: behind Tor
/// everyone shares a handful of exit addresses.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// Failed attempts that lock the account.
    pub max_failures: u32,
    /// How long a lock lasts.
    pub lock: Duration,
    /// Shortest time before a refusal is answered.
    pub refusal_floor: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock: Duration::from_secs(15 * 60),
            refusal_floor: Duration::from_secs(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(AccountName::parse(" Amani ").unwrap().as_str(), "amani");
        assert!(AccountName::parse("a b").is_none());
        assert!(AccountName::parse("").is_none());
        assert!(AccountName::parse(&"x".repeat(33)).is_none());
    }

    #[test]
    fn stored_names_are_taken_as_they_are() {
        assert_eq!(
            AccountName::parse_stored("amani").unwrap().as_str(),
            "amani"
        );
        assert_eq!(
            AccountName::parse_stored("a.b_c-1").unwrap().to_string(),
            "a.b_c-1"
        );
        // What `parse` would repair is, in the database, a row something else wrote.
        assert!(AccountName::parse_stored("Amani").is_none());
        assert!(AccountName::parse_stored(" amani").is_none());
        assert!(AccountName::parse_stored("").is_none());
    }

    #[test]
    fn account_ids() {
        let id = AccountId::from_random([0xab; 16]);
        assert_eq!(id.as_str(), "ab".repeat(16));
        assert_eq!(id.to_string(), id.as_str());
        assert_eq!(AccountId::parse(id.as_str()), Some(id.clone()));
        let valid = "0123456789abcdef0123456789abcdef";
        assert_eq!(AccountId::parse(valid).unwrap().as_str(), valid);
        // Wrong length.
        assert!(AccountId::parse("").is_none());
        assert!(AccountId::parse(&valid[..31]).is_none());
        assert!(AccountId::parse(&format!("{valid}0")).is_none());
        // Upper case, or padded: not how an id is stored, so refused rather than repaired.
        assert!(AccountId::parse(&valid.to_ascii_uppercase()).is_none());
        assert!(AccountId::parse("0123456789ABCDEF0123456789abcdef").is_none());
        assert!(AccountId::parse(&format!(" {}", &valid[1..])).is_none());
        // Not hex.
        assert!(AccountId::parse("0123456789abcdeg0123456789abcdef").is_none());
        assert!(AccountId::parse("amani-amani-amani-amani-amani-am").is_none());
        // Multi-byte characters cannot make up the length.
        assert!(AccountId::parse(&"é".repeat(16)).is_none());
    }

    #[test]
    fn passwords() {
        assert_eq!(
            check_new_password("short", "short"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check_new_password("Password 1234", "Password 1234"),
            Err(PasswordProblem::TooCommon)
        );
        assert_eq!(
            check_new_password("aaaaaaaaaaaaaa", "aaaaaaaaaaaaaa"),
            Err(PasswordProblem::TooCommon)
        );
        assert_eq!(
            check_new_password("minerals travel by night", "minerals travel by day"),
            Err(PasswordProblem::Mismatch)
        );
        assert!(check_new_password("minerals travel by night", "minerals travel by night").is_ok());
    }
}
