//! The warning list as the public check sees it: every entry, indexed for lookup, with the
//! official domains. Built once per change (publish, withdraw, import) and then only read, so
//! the server can hold it behind one atomic pointer and answer checks without touching the
//! database.

use std::collections::HashMap;

use time::Date;

use super::lookalike::{Officials, Resemblance};
use super::target::{DomainName, Target};
use super::{Entry, EntryKind, EntryStatus};

/// What the list says about a target. The JSON API's `verdict` field is [`Verdict::word`].
#[derive(Debug)]
pub enum Verdict<'a> {
    /// Listed and in force.
    Listed(&'a Entry),
    /// Was listed, has been withdrawn (with a public reason).
    Withdrawn(&'a Entry),
    /// A genuine domain (or a subdomain of one).
    Official(&'a DomainName),
    /// Not listed, but resembles an official domain.
    Lookalike(Resemblance),
    /// Nothing known. Not the same as genuine.
    Unknown,
}

impl Verdict<'_> {
    /// `listed`, `withdrawn`, `official`, `lookalike` or `unknown`.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Listed(_) => "listed",
            Verdict::Withdrawn(_) => "withdrawn",
            Verdict::Official(_) => "official",
            Verdict::Lookalike(_) => "lookalike",
            Verdict::Unknown => "unknown",
        }
    }
}

/// The list, indexed.
#[derive(Debug)]
pub struct WarningList {
    entries: Vec<Entry>,
    /// Base domain (without a leading `www.`) → indexes into `entries`.
    domains: HashMap<String, Vec<usize>>,
    /// Canonical certificate number → indexes into `entries`.
    certificates: HashMap<String, Vec<usize>>,
    officials: Officials,
}

impl WarningList {
    /// Indexes `entries` (in the order they should be shown) against `officials`.
    pub fn new(entries: Vec<Entry>, officials: Officials) -> Self {
        let mut domains: HashMap<String, Vec<usize>> = HashMap::new();
        let mut certificates: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            match &e.target {
                Target::Domain(d) => domains.entry(d.base().as_str().to_owned()),
                Target::Certificate(c) => certificates.entry(c.key()),
            }
            .or_default()
            .push(i);
        }
        Self {
            entries,
            domains,
            certificates,
            officials,
        }
    }

    /// Every entry, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries of one kind.
    pub fn of_kind(&self, kind: EntryKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind() == kind)
    }

    /// The genuine domains.
    pub fn officials(&self) -> &Officials {
        &self.officials
    }

    /// The entry with this id.
    pub fn entry(&self, id: i64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entry listing this target (the same domain, or a certificate number with the same
    /// letters and digits), if any.
    pub fn entry_for(&self, target: &Target) -> Option<&Entry> {
        self.entries.iter().find(|e| match (&e.target, target) {
            (Target::Certificate(a), Target::Certificate(b)) => a.key() == b.key(),
            (a, b) => a == b,
        })
    }

    /// The highest event number: changes whenever the list does (feeds use it as a serial).
    pub fn serial(&self) -> i64 {
        self.entries
            .iter()
            .flat_map(|e| e.history.iter().map(|h| h.seq))
            .max()
            .unwrap_or(0)
    }

    /// The day of the latest change.
    pub fn latest_change(&self) -> Option<Date> {
        self.entries.iter().map(|e| e.changed_day).max()
    }

    /// The verdict on `target`.
    ///
    /// Official domains (and their subdomains) first; then an active listing anywhere above a
    /// domain (a listed `www.example.com` covers `shop.example.com`); then a withdrawn listing;
    /// then resemblance to an official domain. Matching is by whole labels only.
    pub fn check(&self, target: &Target) -> Verdict<'_> {
        match target {
            Target::Certificate(c) => self.pick(self.certificates.get(&c.key())),
            Target::Domain(d) => {
                let matches: Vec<usize> = d
                    .suffixes()
                    .filter_map(|s| self.domains.get(s))
                    .flatten()
                    .copied()
                    .collect();
                let active = matches.iter().find_map(|&i| {
                    self.entries
                        .get(i)
                        .filter(|e| e.status == EntryStatus::Active)
                });
                // Official first: no listing can make a genuine site read as fake (publishing
                // refuses such listings; this also holds if the officials change later).
                if let Some(o) = self.officials.official_match(d) {
                    return Verdict::Official(o);
                }
                if let Some(e) = active {
                    return Verdict::Listed(e);
                }
                if let Some(e) = matches.first().and_then(|&i| self.entries.get(i)) {
                    return Verdict::Withdrawn(e);
                }
                self.officials
                    .resemblance(d)
                    .map_or(Verdict::Unknown, Verdict::Lookalike)
            }
        }
    }

    fn pick(&self, found: Option<&Vec<usize>>) -> Verdict<'_> {
        let found: Vec<&Entry> = found
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i))
            .collect();
        if let Some(e) = found.iter().find(|e| e.status == EntryStatus::Active) {
            Verdict::Listed(e)
        } else if let Some(e) = found.first() {
            Verdict::Withdrawn(e)
        } else {
            Verdict::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Event, EventAction, PublicReason};
    use super::*;

    fn day() -> Date {
        time::macros::date!(2026 - 11 - 23)
    }

    fn entry(id: i64, target: &str, status: EntryStatus) -> Entry {
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
            target: super::super::target::parse_target(target).unwrap(),
            status,
            listed_day: day(),
            changed_day: day(),
            history,
        }
    }

    fn list() -> WarningList {
        WarningList::new(
            vec![
                entry(1, "www.fake-example.com", EntryStatus::Active),
                entry(2, "old-fake.org", EntryStatus::Withdrawn),
                entry(3, "RW-2024-0001", EntryStatus::Active),
                entry(4, "shop.cleared.net", EntryStatus::Withdrawn),
                entry(5, "cleared.net", EntryStatus::Active),
                entry(6, "BI-99", EntryStatus::Withdrawn),
            ],
            Officials::new(vec![DomainName::parse("ceec-icglr.org").unwrap()]),
        )
    }

    fn word(q: &str) -> &'static str {
        let l = list();
        let t = super::super::target::parse_target(q).unwrap();
        l.check(&t).word()
    }

    #[test]
    fn each_verdict() {
        assert_eq!(word("https://www.fake-example.com/login"), "listed");
        assert_eq!(word("fake-example.com"), "listed");
        assert_eq!(word("pay.fake-example.com"), "listed");
        assert_eq!(word("notfake-example.com"), "unknown");
        assert_eq!(word("old-fake.org"), "withdrawn");
        assert_eq!(word("www.old-fake.org"), "withdrawn");
        assert_eq!(word("ceec-icglr.org"), "official");
        assert_eq!(word("info@ceec-icglr.org"), "official");
        assert_eq!(word("verify.ceec-icglr.org"), "official");
        assert_eq!(word("ceec-icglr.com"), "lookalike");
        assert_eq!(word("example.org"), "unknown");
        assert_eq!(word("rw 2024 0001"), "listed");
        assert_eq!(word("RW/2024/0001"), "listed");
        assert_eq!(word("BI-99"), "withdrawn");
        assert_eq!(word("CD-1"), "unknown");
    }

    #[test]
    fn an_active_parent_listing_beats_a_withdrawn_subdomain() {
        assert_eq!(word("shop.cleared.net"), "listed");
        assert_eq!(word("a.shop.cleared.net"), "listed");
    }

    #[test]
    fn an_official_domain_reads_official_even_under_a_listing() {
        let l = WarningList::new(
            vec![entry(1, "www.gov.rw", EntryStatus::Active)],
            Officials::new(vec![DomainName::parse("minerals.gov.rw").unwrap()]),
        );
        let check = |q: &str| {
            l.check(&super::super::target::parse_target(q).unwrap())
                .word()
        };
        assert_eq!(check("minerals.gov.rw"), "official");
        assert_eq!(check("www.minerals.gov.rw"), "official");
        assert_eq!(check("other.gov.rw"), "listed");
    }

    #[test]
    fn serial_and_latest_change_follow_the_history() {
        let l = list();
        assert_eq!(l.serial(), 61);
        assert_eq!(l.latest_change(), Some(day()));
        assert_eq!(l.of_kind(EntryKind::Certificate).count(), 2);
    }
}
