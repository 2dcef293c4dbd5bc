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

/// Per-account login throttling, and the one time every refusal is answered at.
///
/// Guessing an account's password is slowed, never stopped: a lock would let anyone who knows
/// a name (the first administrator is always `admin`) keep its owner out for as long as they
/// keep guessing, and with a TOTP code required a lock buys little. Instead, each attempt on
/// an account takes a *check slot* before its password is checked: the first `free_failures`
/// consecutive failures are checked at once (typos), after that each check waits
/// `first_wait`, doubling up to `max_wait`, after the one before it. An attempt whose slot is
/// further away than it could wait and still be answered in time is refused unchecked (and
/// writes nothing). So one account sees at most one check every `max_wait` however many
/// requests arrive, while its owner, once the guessing stops, is checked within `max_wait`.
/// Slots are reserved in one database write, so parallel requests and replicas share them.
///
/// Every refused login — unknown name, wrong password or code, disabled or throttled account,
/// a busy key-derivation queue — is answered `refusal_time` after it arrived, never sooner or
/// later, so timing tells neither which factor failed nor whether the name exists. That time
/// must cover the longest wait for a slot, for a key-derivation permit and Argon2id itself
/// (`kdf_budget`); an attempt that could not finish in it is refused instead. Per account, never
/// per IP: behind Tor everyone shares a handful of exit addresses.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// Consecutive failures checked without waiting.
    pub free_failures: u32,
    /// Wait between checks after the free failures (seconds); doubles with each failure.
    pub first_wait: u32,
    /// Longest wait between two checks of one account (seconds).
    pub max_wait: u32,
    /// When every refused login is answered, counted from its arrival.
    pub refusal_time: Duration,
    /// The time kept, inside `refusal_time`, for one Argon2id derivation once it has its
    /// permit: about three times the longest one measured on the two-core reference machine
    /// with both permits busy and the machine loaded (0.65 s; see `docs/threat-model.md`).
    pub kdf_budget: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            free_failures: 3,
            first_wait: 1,
            max_wait: 4,
            refusal_time: Duration::from_secs(7),
            kdf_budget: Duration::from_secs(2),
        }
    }
}

impl LoginPolicy {
    /// The wait before the check after the `failures`-th consecutive unsuccessful attempt.
    pub fn wait_after(&self, failures: i64) -> i64 {
        let free = i64::from(self.free_failures);
        if failures < free {
            return 0;
        }
        let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(16);
        i64::from(self.first_wait)
            .saturating_mul(1_i64 << doublings)
            .min(i64::from(self.max_wait))
    }

    /// How far ahead (seconds) an attempt may take its check slot and still be answered within
    /// `refusal_time`: the refusal time less the key derivation and a second of clock rounding.
    pub fn max_slot_ahead(&self) -> i64 {
        let secs = self
            .refusal_time
            .saturating_sub(self.kdf_budget)
            .as_secs()
            .saturating_sub(1);
        i64::try_from(secs).unwrap_or(i64::MAX)
    }

    /// Takes a check slot for an attempt arriving at `now` on an account in `state`: the
    /// state to store and when the check may run, or `None` when the next free slot is too
    /// far away (the attempt is refused unchecked, and nothing changes).
    pub fn reserve(&self, state: LoginThrottle, now: i64) -> Option<(LoginThrottle, i64)> {
        // Slots are only ever given out up to `max_slot_ahead`, each followed by at most
        // `max_wait`: a next check further ahead than that means the clock went back (or the
        // row was edited), and must not stop checks until the clock catches up.
        let furthest = now
            .saturating_add(self.max_slot_ahead())
            .saturating_add(i64::from(self.max_wait));
        let next = if state.next_check_at > furthest {
            now.saturating_add(i64::from(self.max_wait))
        } else {
            state.next_check_at
        };
        let slot = next.max(now);
        if slot.saturating_sub(now) > self.max_slot_ahead() {
            return None;
        }
        let failures = state.failures.saturating_add(1);
        Some((
            LoginThrottle {
                failures,
                next_check_at: slot.saturating_add(self.wait_after(failures)),
            },
            slot,
        ))
    }

    /// What an account's throttle means at `now`, for lists.
    pub fn view(&self, state: LoginThrottle, now: i64) -> ThrottleView {
        if state.failures <= 0 {
            ThrottleView::Clear
        } else if state.failures < i64::from(self.free_failures) {
            ThrottleView::Failures(state.failures)
        } else {
            ThrottleView::Throttled {
                failures: state.failures,
                next_check_in: state.next_check_at.saturating_sub(now).max(0),
            }
        }
    }

    /// Whether reaching `failures` consecutive failures is worth an audit entry: when the
    /// throttle engages, then at each tenfold (so a guessing campaign of any length leaves a
    /// handful of entries, not one per guess).
    pub fn audit_at(&self, failures: i64) -> bool {
        let free = i64::from(self.free_failures.max(1));
        if failures < free || failures % free != 0 {
            return false;
        }
        let mut m = failures / free;
        while m % 10 == 0 {
            m /= 10;
        }
        m == 1
    }
}

/// An account's throttle as an operator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleView {
    /// No attempt without a success since the last one.
    Clear,
    /// A few (fewer than the free failures): still checked at once.
    Failures(i64),
    /// Checks of this account are slowed.
    Throttled {
        /// Attempts since the last success.
        failures: i64,
        /// Seconds until the next attempt may be checked (0: now).
        next_check_in: i64,
    },
}

impl fmt::Display for ThrottleView {
    /// Plain English, for the command line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Clear => f.write_str("-"),
            Self::Failures(n) => write!(f, "{n} failed"),
            Self::Throttled {
                failures,
                next_check_in,
            } => write!(
                f,
                "throttled: {failures} failed, next check in {next_check_in} s"
            ),
        }
    }
}

/// An account's throttle, as stored: consecutive attempts without a success (counted when
/// their check slot is taken, before the password is checked) and when the next check may run
/// (unix seconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginThrottle {
    /// Attempts since the last success (or unlock).
    pub failures: i64,
    /// The earliest time the next attempt is checked.
    pub next_check_at: i64,
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

    #[test]
    fn the_throttle_slows_checks_and_never_refuses_a_slot_it_can_serve() {
        let p = LoginPolicy::default();
        let waits: Vec<i64> = (1..=7).map(|f| p.wait_after(f)).collect();
        assert_eq!(waits, [0, 0, 1, 2, 4, 4, 4]);
        assert!(
            p.max_slot_ahead() >= i64::from(p.max_wait),
            "the owner can always queue"
        );
        // A burst at one instant: the free checks, then slots spaced out until too far ahead.
        let (mut state, mut slots) = (LoginThrottle::default(), Vec::new());
        for _ in 0..20 {
            if let Some((next, slot)) = p.reserve(state, 1000) {
                state = next;
                slots.push(slot - 1000);
            }
        }
        assert_eq!(slots, [0, 0, 0, 1, 3]);
        // Once the slots have passed, an attempt is checked again.
        assert_eq!(p.reserve(state, 1000 + 60).map(|(_, s)| s), Some(1060));
        // A clock set back an hour does not stop checks for an hour.
        assert_eq!(
            p.reserve(state, 1000 - 3600).map(|(_, s)| s),
            Some(1000 - 3600 + 4)
        );
    }

    #[test]
    fn a_sustained_flood_gets_a_few_checks_a_minute() {
        let p = LoginPolicy::default();
        let mut state = LoginThrottle::default();
        let mut checks = 0;
        // Ten guesses a second for ten minutes.
        for now in 0..600 {
            for _ in 0..10 {
                if let Some((next, _)) = p.reserve(state, now) {
                    state = next;
                    checks += 1;
                }
            }
        }
        // One check every `max_wait` seconds once engaged, plus the first few.
        assert!(checks <= 600 / i64::from(p.max_wait) + 5, "{checks} checks");
        assert!(checks >= 600 / i64::from(p.max_wait) - 1, "{checks} checks");
    }

    #[test]
    fn the_throttle_is_audited_when_it_engages_then_at_each_tenfold() {
        let p = LoginPolicy::default();
        let at: Vec<i64> = (1..=3000).filter(|f| p.audit_at(*f)).collect();
        assert_eq!(at, [3, 30, 300, 3000]);
    }
}
