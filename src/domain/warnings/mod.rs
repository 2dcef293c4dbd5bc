//! Public fraud warnings: the fake websites and forged certificate numbers that investigators
//! have verified, and the check that tells a member of the public what the list says about a
//! domain, a web address, an e-mail address or a certificate number.
//!
//! - [`target`]: what people type, canonicalised (URLs, e-mail addresses, IDNA, certificate
//!   numbers).
//! - [`lookalike`]: whether an unlisted domain resembles an official one.
//! - [`list`]: the in-memory list and its verdicts.
//! - `search`: the index behind the list's search.
//! - [`feeds`]: the list as JSON, CSV, plain text, hosts, RPZ, Atom, Adblock, STIX 2.1 and a
//!   MISP feed, each saying until when it is valid, and one entry as JSON
//!   (shared by the check API and `filimbi warnings export`).

pub mod feeds;
pub mod list;
pub mod lookalike;
mod search;
pub mod target;

use std::fmt;
use std::str::FromStr;

use time::Date;

pub use list::{Suppressed, Verdict, WarningList};
pub use lookalike::{Officials, Reason as LookalikeReason, Resemblance};
pub use target::{CertificateNumber, DomainName, Target, TargetError};

/// Longest public reason, in characters, per language. A warning is a sentence or two; the
/// evidence stays in the encrypted case.
pub const MAX_REASON_CHARS: usize = 500;

/// What a listing is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A fake website.
    Domain,
    /// A forged certificate number.
    Certificate,
}

impl EntryKind {
    /// Stable name used in storage and feeds.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Domain => "domain",
            EntryKind::Certificate => "certificate",
        }
    }

    /// Every kind.
    pub const ALL: [EntryKind; 2] = [EntryKind::Domain, EntryKind::Certificate];

    /// Parses `input` as this kind of target (stored rows, imports, and drafts where the
    /// investigator chose the kind), never guessing.
    pub fn parse_target(self, input: &str) -> Result<Target, TargetError> {
        match self {
            EntryKind::Domain => DomainName::parse(input).map(Target::Domain),
            EntryKind::Certificate => CertificateNumber::parse(input).map(Target::Certificate),
        }
    }

    /// The kind of a target.
    pub fn of(target: &Target) -> Self {
        match target {
            Target::Domain(_) => EntryKind::Domain,
            Target::Certificate(_) => EntryKind::Certificate,
        }
    }
}

/// Whether a listing is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryStatus {
    /// Listed: the check says `listed`, the feeds carry it.
    Active,
    /// Was listed, taken off with a public reason; kept so the history stays visible.
    Withdrawn,
}

impl EntryStatus {
    /// Stable name used in storage and feeds.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Active => "active",
            EntryStatus::Withdrawn => "withdrawn",
        }
    }

    /// Every status.
    pub const ALL: [EntryStatus; 2] = [EntryStatus::Active, EntryStatus::Withdrawn];
}

/// One step in an entry's public history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventAction {
    /// First listed.
    Listed,
    /// Taken off the list.
    Withdrawn,
    /// Listed again after a withdrawal.
    Relisted,
}

impl EventAction {
    /// Stable name used in storage and feeds.
    pub fn as_str(self) -> &'static str {
        match self {
            EventAction::Listed => "listed",
            EventAction::Withdrawn => "withdrawn",
            EventAction::Relisted => "relisted",
        }
    }

    /// Every action.
    pub const ALL: [EventAction; 3] = [
        EventAction::Listed,
        EventAction::Withdrawn,
        EventAction::Relisted,
    ];

    /// The status an entry has after this event.
    pub fn status_after(self) -> EntryStatus {
        match self {
            EventAction::Withdrawn => EntryStatus::Withdrawn,
            EventAction::Listed | EventAction::Relisted => EntryStatus::Active,
        }
    }
}

/// A name that is none of an enum's stable names: a stored value the code does not know (the
/// store reports it as corrupt), or a typo in an import file or a form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownName {
    /// What was being read (`kind`, `status`, `action`).
    pub what: &'static str,
    /// The value as found.
    pub value: String,
}

/// `FromStr` (the inverse of `as_str`) and `Display` (the same stable name) for the warning
/// enums, so that storage, feeds, imports and templates all spell a state one way: the
/// `as_str` match is the only place the names are written down.
macro_rules! stable_names {
    ($ty:ident, $what:literal) => {
        impl FromStr for $ty {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, UnknownName> {
                Self::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownName {
                        what: $what,
                        value: s.to_owned(),
                    })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stable_names!(EntryKind, "kind");
stable_names!(EntryStatus, "status");
stable_names!(EventAction, "action");

/// A public reason, in both languages the site is published in. Both are required, so that a
/// French-speaking exporter never meets an English-only warning.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PublicReason {
    en: String,
    fr: String,
}

/// Why a public reason was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReasonError {
    /// One of the languages is empty.
    #[error("a public reason is needed in English and in French")]
    Missing,
    /// Longer than [`MAX_REASON_CHARS`].
    #[error("a public reason is at most {MAX_REASON_CHARS} characters")]
    TooLong,
}

impl PublicReason {
    /// Checks and normalises (trimmed, line breaks and control characters folded into single
    /// spaces: the reason is one paragraph in every feed format; Unicode non-characters such as
    /// U+FFFE, which XML forbids, too).
    pub fn new(en: &str, fr: &str) -> Result<Self, ReasonError> {
        let clean = |s: &str| -> Result<String, ReasonError> {
            let noncharacter =
                |c: char| (c as u32) & 0xFFFE == 0xFFFE || ('\u{FDD0}'..='\u{FDEF}').contains(&c);
            let folded = s
                .split(|c: char| c.is_control() || c.is_whitespace() || noncharacter(c))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if folded.is_empty() {
                Err(ReasonError::Missing)
            } else if folded.chars().count() > MAX_REASON_CHARS {
                Err(ReasonError::TooLong)
            } else {
                Ok(folded)
            }
        };
        Ok(Self {
            en: clean(en)?,
            fr: clean(fr)?,
        })
    }

    /// English.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// French.
    pub fn fr(&self) -> &str {
        &self.fr
    }

    /// The reason in `lang` (`fr`, else English).
    pub fn in_lang(&self, lang: &str) -> &str {
        if lang == "fr" { &self.fr } else { &self.en }
    }
}

/// One event of an entry's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Position in the whole list's history (1, 2, 3, …); feeds use the highest as a serial.
    pub seq: i64,
    /// The day it happened.
    pub day: Date,
    /// What happened.
    pub action: EventAction,
    /// Why, publicly.
    pub reason: PublicReason,
}

/// A listed (or formerly listed) target with its public history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable number, shown in links (`/warnings#entry-3`).
    pub id: i64,
    /// The domain (as listed) or certificate number.
    pub target: Target,
    /// In force or withdrawn.
    pub status: EntryStatus,
    /// Day first listed.
    pub listed_day: Date,
    /// Day of the latest event.
    pub changed_day: Date,
    /// Oldest first; never empty for a stored entry.
    pub history: Vec<Event>,
}

impl Entry {
    /// The kind of target.
    pub fn kind(&self) -> EntryKind {
        EntryKind::of(&self.target)
    }

    /// The reason of the latest listing (why it is or was listed).
    pub fn listing_reason(&self) -> Option<&PublicReason> {
        self.history
            .iter()
            .rev()
            .find(|e| e.action != EventAction::Withdrawn)
            .map(|e| &e.reason)
    }

    /// The reason of the withdrawal, if the entry is withdrawn now.
    pub fn withdrawal(&self) -> Option<&Event> {
        match self.status {
            EntryStatus::Withdrawn => self
                .history
                .iter()
                .rev()
                .find(|e| e.action == EventAction::Withdrawn),
            EntryStatus::Active => None,
        }
    }
}

/// `YYYY-MM-DD`.
pub fn iso_day(day: Date) -> String {
    IsoDay(day).to_string()
}

/// A day written `YYYY-MM-DD`, for `Display` and serde: the check API writes three of them in
/// each answer, and the formatting machinery (`{:04}`, padding, one `String` each) was a tenth
/// of its time. Years outside 0–9999 (never stored, but `Date` allows them) take the slow path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDay(pub Date);

impl IsoDay {
    /// The day's ten ASCII bytes, `None` for a year outside 0–9999.
    pub fn ascii(self) -> Option<[u8; 10]> {
        let y = u16::try_from(self.0.year()).ok().filter(|y| *y <= 9999)?;
        let (m, d) = (u16::from(u8::from(self.0.month())), u16::from(self.0.day()));
        // `n % 10` is below 10: the cast cannot truncate.
        let digit = |n: u16| b'0' + (n % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }
}

impl std::fmt::Display for IsoDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ascii() {
            Some(b) => f.write_str(std::str::from_utf8(&b).map_err(|_| std::fmt::Error)?),
            None => write!(
                f,
                "{:04}-{:02}-{:02}",
                self.0.year(),
                u8::from(self.0.month()),
                self.0.day()
            ),
        }
    }
}

impl serde::Serialize for IsoDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ascii() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?),
            None => s.collect_str(self),
        }
    }
}

/// Entries for the domain's unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// 2026-11-23, the seed day.
    pub fn day() -> Date {
        time::macros::date!(2026 - 11 - 23)
    }

    /// Entry `id` listing `target` (events numbered `id * 10` and, when withdrawn, one more).
    pub fn entry(id: i64, target: &str, status: EntryStatus) -> Entry {
        let reason = PublicReason::new("Fake", "Faux").unwrap();
        let mut history = vec![Event {
            seq: id * 10,
            day: day(),
            action: EventAction::Listed,
            reason: reason.clone(),
        }];
        if status == EntryStatus::Withdrawn {
            history.push(Event {
                seq: id * 10 + 1,
                day: day(),
                action: EventAction::Withdrawn,
                reason,
            });
        }
        Entry {
            id,
            target: target::parse_target(target).unwrap(),
            status,
            listed_day: day(),
            changed_day: day(),
            history,
        }
    }

    /// The official domains `names`.
    pub fn officials(names: &[&str]) -> Officials {
        Officials::new(
            names
                .iter()
                .map(|n| DomainName::parse(n).unwrap())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_one_trimmed_paragraph_in_both_languages() {
        let r = PublicReason::new("  Fake\r\n site\t", "Faux\nsite").unwrap();
        assert_eq!((r.en(), r.fr()), ("Fake site", "Faux site"));
        assert_eq!(r.in_lang("fr"), "Faux site");
        let r = PublicReason::new("a\u{FFFE}b\u{FDD0}", "x").unwrap();
        assert_eq!(r.en(), "a b");
        assert_eq!(PublicReason::new("x", " "), Err(ReasonError::Missing));
        let long = "a".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(PublicReason::new(&long, "x"), Err(ReasonError::TooLong));
    }

    #[test]
    fn days_are_written_as_the_formatting_machinery_writes_them() {
        use time::Month;
        for (y, m, d) in [
            (2026, Month::January, 5),
            (9, Month::December, 31),
            (9999, Month::June, 10),
        ] {
            let day = Date::from_calendar_date(y, m, d).unwrap();
            let slow = format!("{y:04}-{:02}-{d:02}", u8::from(m));
            assert_eq!(iso_day(day), slow);
            assert_eq!(
                serde_json::to_string(&IsoDay(day)).unwrap(),
                format!("\"{slow}\"")
            );
        }
        // Outside 0–9999 the slow path still writes something a reader can parse back.
        let early = Date::from_calendar_date(-1, Month::March, 1).unwrap();
        assert_eq!(iso_day(early), "-001-03-01");
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        for a in EventAction::ALL {
            assert_eq!(a.as_str().parse(), Ok(a));
            assert_eq!(a.to_string(), a.as_str());
        }
        for s in EntryStatus::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
            assert_eq!(s.to_string(), s.as_str());
        }
        for k in EntryKind::ALL {
            assert_eq!(k.as_str().parse(), Ok(k));
            assert_eq!(k.to_string(), k.as_str());
        }
        assert_eq!(
            ["listed", "withdrawn", "relisted"].map(|a| a.parse::<EventAction>().ok()),
            [
                Some(EventAction::Listed),
                Some(EventAction::Withdrawn),
                Some(EventAction::Relisted)
            ],
            "the stored names do not change"
        );
        assert_eq!(
            ["active", "withdrawn"].map(|a| a.parse::<EntryStatus>().ok()),
            [Some(EntryStatus::Active), Some(EntryStatus::Withdrawn)]
        );
        assert_eq!(
            ["domain", "certificate"].map(|a| a.parse::<EntryKind>().ok()),
            [Some(EntryKind::Domain), Some(EntryKind::Certificate)]
        );
        let err = "Active".parse::<EntryStatus>().unwrap_err();
        assert_eq!(err.to_string(), "unknown status \"Active\"");
        assert!("withdrew".parse::<EventAction>().is_err());
        assert!("".parse::<EntryKind>().is_err());
    }
}
