//! The warning list as the public check sees it: every entry, indexed for lookup, with the
//! official domains. Built once per change (publish, withdraw, import) and then only read, so
//! the server can hold it behind one atomic pointer and answer checks without touching the
//! database.
//!
//! Building it is also where "an official domain is never listed" holds: a stored entry that
//! would block an official domain ([`Officials::blocked_by_listing`]) is set aside as
//! [`Suppressed`], so the page, the check and every feed, which all read this type, agree
//! however the entry got into the database (a hand edit, an older version, or an official
//! domain configured after it was listed).

use std::collections::HashMap;

use time::Date;

use super::lookalike::{Officials, Resemblance};
use super::search::{GramIndex, union_page};
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

/// A stored entry kept off the public list because publishing it would block a genuine site.
#[derive(Debug)]
pub struct Suppressed {
    /// The entry as stored.
    pub entry: Entry,
    /// The official domain it would block.
    pub official: DomainName,
}

/// The list, indexed.
#[derive(Debug)]
pub struct WarningList {
    /// The public entries.
    entries: Vec<Entry>,
    /// Stored entries left out of everything public; staff see them.
    suppressed: Vec<Suppressed>,
    /// Base domain (without a leading `www.`) → indexes into `entries`.
    domains: HashMap<String, Vec<usize>>,
    /// Canonical certificate number → indexes into `entries`.
    certificates: HashMap<String, Vec<usize>>,
    /// Entry id → index into `entries`.
    ids: HashMap<i64, usize>,
    /// Indexes into `entries`, the most recently changed first: the public page's order.
    newest: Vec<usize>,
    /// What the search looks in, per entry: a domain as stored and as people read it, or a
    /// certificate number's letters and digits. Made once, so a search over 100 000 entries
    /// (or the JSON feed) converts no name.
    search_text: Vec<String>,
    /// Per entry, where the Unicode form of a domain starts in `search_text` (0: none).
    unicode_from: Vec<usize>,
    /// The search's index over the websites' `search_text`, by position in `newest`.
    domain_grams: GramIndex,
    /// The same over the certificate numbers' letters and digits.
    certificate_grams: GramIndex,
    /// See [`WarningList::serial`]; worked out once, read on every poll.
    serial: i64,
    /// See [`WarningList::latest_change`]; read on every feed request.
    latest_change: Option<Date>,
    officials: Officials,
}

/// The longest search, in characters. No name on the list is longer (a domain name has at
/// most 253 characters, in either form; a certificate number fewer), so a longer search could
/// match nothing; the bound also bounds what one search costs: at most 251 lookups in the
/// index ([`super::search`]), and one comparison of at most this length per candidate.
pub const MAX_SEARCH_CHARS: usize = 253;

/// One page of the public list, newest first, and how many entries matched in all.
#[derive(Debug)]
pub struct ListPage<'a> {
    /// The entries of this page.
    pub entries: Vec<&'a Entry>,
    /// Entries matching the search, on every page.
    pub matching: usize,
    /// This page, from 1 (past the last page, the last page).
    pub page: usize,
    /// How many pages the matches fill (at least 1).
    pub pages: usize,
    /// How many entries' text the search compared with the search (the rest it learnt from
    /// the index): what the search cost, told so tests can hold it down.
    pub examined: usize,
}

impl WarningList {
    /// Indexes `stored` (in the order it should be shown) against `officials`, leaving out
    /// every domain entry, in force or withdrawn, that would block an official domain.
    pub fn new(stored: Vec<Entry>, officials: Officials) -> Self {
        let mut entries = Vec::with_capacity(stored.len());
        let mut suppressed = Vec::new();
        for e in stored {
            let blocked = match &e.target {
                Target::Domain(d) => officials.blocked_by_listing(d).cloned(),
                Target::Certificate(_) => None,
            };
            match blocked {
                Some(official) => suppressed.push(Suppressed { entry: e, official }),
                None => entries.push(e),
            }
        }
        let mut domains: HashMap<String, Vec<usize>> = HashMap::new();
        let mut certificates: HashMap<String, Vec<usize>> = HashMap::new();
        let mut ids = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            match &e.target {
                Target::Domain(d) => domains.entry(d.base().as_str().to_owned()),
                Target::Certificate(c) => certificates.entry(c.key()),
            }
            .or_default()
            .push(i);
            ids.insert(e.id, i);
        }
        let mut newest: Vec<usize> = (0..entries.len()).collect();
        newest.sort_by_key(|&i| {
            entries
                .get(i)
                .map(|e| (std::cmp::Reverse(e.changed_day), std::cmp::Reverse(e.id)))
        });
        let serial = entries
            .iter()
            .chain(suppressed.iter().map(|s| &s.entry))
            .flat_map(|e| e.history.iter().map(|h| h.seq))
            .max()
            .unwrap_or(0);
        let latest_change = entries.iter().map(|e| e.changed_day).max();
        let (search_text, unicode_from) = entries
            .iter()
            .map(|e| match &e.target {
                Target::Domain(d) => (
                    format!("{}\u{0}{}", d.as_str(), d.unicode()),
                    d.as_str().len() + 1,
                ),
                Target::Certificate(c) => (c.key(), 0),
            })
            .unzip();
        let (domain_grams, certificate_grams) = {
            let texts = |kind: EntryKind| {
                let (entries, texts): (&Vec<Entry>, &Vec<String>) = (&entries, &search_text);
                newest.iter().zip(0u32..).filter_map(move |(&i, rank)| {
                    let text = texts.get(i)?;
                    (entries.get(i)?.kind() == kind).then_some((rank, text.as_str()))
                })
            };
            (
                GramIndex::new(texts(EntryKind::Domain)),
                GramIndex::new(texts(EntryKind::Certificate)),
            )
        };
        Self {
            entries,
            suppressed,
            domains,
            certificates,
            ids,
            newest,
            search_text,
            unicode_from,
            domain_grams,
            certificate_grams,
            serial,
            latest_change,
            officials,
        }
    }

    /// Page `page` (from 1) of the entries matching `search`, `per_page` at a time, the most
    /// recently changed first. An empty search matches everything. A website matches when
    /// its name (as typed or in punycode) contains the search; a certificate number when its
    /// letters and digits contain those of the search, whatever the separators.
    pub fn page(&self, search: &str, page: usize, per_page: usize) -> ListPage<'_> {
        let needle = search.trim().to_lowercase();
        let key: String = needle
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(char::to_uppercase)
            .collect();
        let per_page = per_page.max(1);
        let page = page.max(1);
        let (matching, pages, entries, examined);
        if needle.is_empty() {
            // The whole list: the page is a slice of the order, whatever its number.
            matching = self.entries.len();
            pages = matching.div_ceil(per_page).max(1);
            let page = page.min(pages);
            examined = 0;
            entries = self
                .newest
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .filter_map(|&i| self.entries.get(i))
                .collect();
        } else {
            let mut compared = 0;
            let text = |rank: u32| {
                let i = *self.newest.get(usize::try_from(rank).ok()?)?;
                self.search_text.get(i).map(String::as_str)
            };
            let websites = self.domain_grams.find(&needle, text, &mut compared);
            let certificates = if key.is_empty() {
                super::search::Found::Exact(&[])
            } else {
                self.certificate_grams.find(&key, text, &mut compared)
            };
            let (websites, certificates) = (websites.as_slice(), certificates.as_slice());
            matching = websites.len() + certificates.len();
            pages = matching.div_ceil(per_page).max(1);
            let page = page.min(pages);
            examined = compared;
            entries = union_page(websites, certificates, (page - 1) * per_page, per_page)
                .into_iter()
                .filter_map(|rank| self.newest.get(usize::try_from(rank).ok()?))
                .filter_map(|&i| self.entries.get(i))
                .collect();
        }
        ListPage {
            entries,
            matching,
            page: page.min(pages),
            pages,
            examined,
        }
    }

    /// The Unicode form of the domain of `entries()[i]` (as people read it), without
    /// converting it again.
    pub fn unicode_at(&self, i: usize) -> Option<&str> {
        let from = *self.unicode_from.get(i)?;
        if from == 0 {
            return None;
        }
        self.search_text.get(i)?.get(from..)
    }

    /// Every public entry, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Stored entries left off the public list because they would block an official domain.
    pub fn suppressed(&self) -> &[Suppressed] {
        &self.suppressed
    }

    /// Entries of one kind.
    pub fn of_kind(&self, kind: EntryKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind() == kind)
    }

    /// The genuine domains.
    pub fn officials(&self) -> &Officials {
        &self.officials
    }

    /// The public entry with this id.
    pub fn entry(&self, id: i64) -> Option<&Entry> {
        self.ids.get(&id).and_then(|&i| self.entries.get(i))
    }

    /// The stored entry with this id, public or suppressed: staff may withdraw a suppressed
    /// entry, so that the stored list says what the published one does.
    pub fn stored_entry(&self, id: i64) -> Option<&Entry> {
        self.entry(id).or_else(|| {
            self.suppressed
                .iter()
                .map(|s| &s.entry)
                .find(|e| e.id == id)
        })
    }

    /// The entry listing this target (the same domain, or a certificate number with the same
    /// letters and digits), if any.
    pub fn entry_for(&self, target: &Target) -> Option<&Entry> {
        // From the indexes, not a walk: an import asks this once per line.
        let found = match target {
            Target::Certificate(c) => self.certificates.get(&c.key()),
            Target::Domain(d) => self.domains.get(d.base().as_str()),
        };
        found
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i))
            .find(|e| match (&e.target, target) {
                (Target::Certificate(a), Target::Certificate(b)) => a.key() == b.key(),
                (a, b) => a == b,
            })
    }

    /// The highest stored event number, suppressed entries included: it changes whenever the
    /// stored list does, so it is both the feeds' serial and what a server compares with the
    /// database's to know whether to reload (were suppressed events left out, a suppressed
    /// entry holding the highest number would make every comparison "changed").
    ///
    /// A change of the official domains alone suppresses or restores entries without a new
    /// event, so the serial stays as it was (the feeds' ETags do change).
    pub fn serial(&self) -> i64 {
        self.serial
    }

    /// The day of the latest change to a public entry.
    pub fn latest_change(&self) -> Option<Date> {
        self.latest_change
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
                // The listings at the name and above it, most specific first; walked lazily
                // (a few hash lookups) rather than gathered into a vector per check.
                let matches = || {
                    d.suffixes()
                        .filter_map(|s| self.domains.get(s))
                        .flatten()
                        .filter_map(|&i| self.entries.get(i))
                };
                let active = matches().find(|e| e.status == EntryStatus::Active);
                // Official names and their subdomains are official, whatever else is stored:
                // entries that would block them are not in the index (see `new`).
                if let Some(o) = self.officials.official_match(d) {
                    return Verdict::Official(o);
                }
                if let Some(e) = active {
                    return Verdict::Listed(e);
                }
                if let Some(e) = matches().next() {
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
    use super::super::target::parse_target;
    use super::super::testing::{day, entry, officials};
    use super::*;

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
            officials(&["ceec-icglr.org"]),
        )
    }

    fn word(q: &str) -> &'static str {
        list().check(&parse_target(q).unwrap()).word()
    }

    #[test]
    fn pages_run_newest_first_and_search_names_and_numbers() {
        let l = list();
        let all = l.page("", 1, 4);
        assert_eq!((all.matching, all.pages, all.entries.len()), (6, 2, 4));
        let second = l.page("", 9, 4);
        assert_eq!((second.page, second.entries.len()), (2, 2));
        // Same day everywhere in `list`: the higher id is the newer.
        let ids: Vec<i64> = all.entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, [6, 5, 4, 3]);
        let found: Vec<i64> = l
            .page("CLEARED", 1, 10)
            .entries
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(found, [5, 4]);
        let cert: Vec<i64> = l
            .page("rw 2024/0001", 1, 10)
            .entries
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(cert, [3]);
        let none = l.page("nothing-like-it", 1, 10);
        assert_eq!((none.matching, none.pages, none.entries.len()), (0, 1, 0));
        assert_eq!(
            l.entry_for(&parse_target("cleared.net").unwrap())
                .map(|e| e.id),
            Some(5)
        );
        assert_eq!(
            l.entry_for(&parse_target("rw/2024/0001").unwrap())
                .map(|e| e.id),
            Some(3)
        );
        assert!(
            l.entry_for(&parse_target("www.cleared.net").unwrap())
                .is_none()
        );
        assert_eq!(l.entry(4).map(|e| e.id), Some(4));
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

    /// Entries as they might be stored by a hand edit or before the officials changed.
    fn conflicting() -> WarningList {
        WarningList::new(
            vec![
                entry(1, "www.gov.rw", EntryStatus::Active),
                entry(2, "minerals.gov.rw", EntryStatus::Active),
                entry(3, "pay.minerals.gov.rw", EntryStatus::Withdrawn),
                entry(4, "www.ceec-icglr.org", EntryStatus::Active),
                entry(5, "mines.gov.rw", EntryStatus::Active),
                entry(6, "RW-2024-0001", EntryStatus::Active),
                entry(7, "ceec-icglr.org.fake.cd", EntryStatus::Active),
            ],
            officials(&["ceec-icglr.org", "minerals.gov.rw"]),
        )
    }

    #[test]
    fn entries_that_would_block_an_official_domain_are_suppressed() {
        let l = conflicting();
        let ids = |es: &[Entry]| es.iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(
            ids(l.entries()),
            [5, 6, 7],
            "siblings and certificates stay"
        );
        let suppressed: Vec<(i64, &str)> = l
            .suppressed()
            .iter()
            .map(|s| (s.entry.id, s.official.as_str()))
            .collect();
        assert_eq!(
            suppressed,
            [
                (1, "minerals.gov.rw"),
                (2, "minerals.gov.rw"),
                (3, "minerals.gov.rw"),
                (4, "ceec-icglr.org"),
            ],
            "a parent, the official name, a subdomain (even withdrawn), the www form"
        );
        assert_eq!(l.of_kind(EntryKind::Domain).count(), 2);
        assert_eq!(l.entry(1).map(|e| e.id), None, "not public");
        assert_eq!(
            l.stored_entry(1).map(|e| e.id),
            Some(1),
            "staff still find it"
        );
        assert_eq!(
            l.entry_for(&parse_target("minerals.gov.rw").unwrap())
                .map(|e| e.id),
            None
        );
    }

    #[test]
    fn the_check_agrees_with_the_suppression() {
        let l = conflicting();
        let check = |q: &str| l.check(&parse_target(q).unwrap()).word();
        assert_eq!(check("minerals.gov.rw"), "official");
        assert_eq!(check("www.minerals.gov.rw"), "official");
        assert_eq!(check("pay.minerals.gov.rw"), "official");
        assert_eq!(check("ceec-icglr.org"), "official");
        // The suppressed `www.gov.rw` covers nothing: the feeds do not block `gov.rw` either.
        assert_ne!(check("other.gov.rw"), "listed");
        assert_ne!(check("gov.rw"), "listed");
        assert_eq!(check("mines.gov.rw"), "listed");
        assert_eq!(check("shop.mines.gov.rw"), "listed");
        assert_eq!(check("ceec-icglr.org.fake.cd"), "listed");
    }

    #[test]
    fn the_serial_counts_suppressed_events_but_the_latest_public_change_does_not() {
        let mut stored = vec![entry(1, "fake.cd", EntryStatus::Active)];
        let mut late = entry(9, "gov.rw", EntryStatus::Withdrawn);
        for ev in &mut late.history {
            ev.day = day().next_day().unwrap();
        }
        late.changed_day = day().next_day().unwrap();
        stored.push(late);
        let l = WarningList::new(stored, officials(&["minerals.gov.rw"]));
        assert_eq!(l.suppressed().len(), 1);
        assert_eq!(l.serial(), 91, "so a reload sees the stored list unchanged");
        assert_eq!(
            l.latest_change(),
            Some(day()),
            "the public list last changed then"
        );
    }

    #[test]
    fn serial_and_latest_change_follow_the_history() {
        let l = list();
        assert_eq!(l.serial(), 61);
        assert_eq!(l.latest_change(), Some(day()));
        assert_eq!(l.of_kind(EntryKind::Certificate).count(), 2);
        assert!(l.suppressed().is_empty());
    }
}
