//! The warning list in the formats machines read: JSON and CSV for scripts, plain text and
//! hosts for blocklists, an RPZ zone for DNS resolvers, Atom for people who follow changes, an
//! Adblock filter list for browser blockers, and STIX 2.1 and a MISP feed for the security teams
//! that run threat-intelligence platforms.
//!
//! Formats carry only public fields and days, never times of day. The domain feeds list active
//! entries in their covering form (without a leading `www.`) plus the form as listed, so an
//! exact-match blocklist blocks both; RPZ, JSON, Adblock and STIX say that subdomains are
//! covered too.
//!
//! Every format says, inside the bytes its signature covers, the day until which it is valid
//! ([`Edition::valid_until`], [`VALID_DAYS`] after the day it was made): a consumer that
//! verifies the signature and then finds that day reached is holding a frozen or replayed copy.
//! The server makes every feed again each day, so a current copy is always valid for a week.

use std::fmt::Write as _;

use quick_xml::escape::escape;
use time::{Date, Duration};

use super::list::WarningList;
use super::target::{DomainName, Target};
use super::{Entry, EntryKind, EntryStatus, EventAction, IsoDay, iso_day};

mod adblock;
pub mod compact_json;
mod entry;
pub mod misp;
mod stix;

pub use entry::{EntryDoc, entry_doc, entry_json};

/// Said by every format that has room for it.
pub const NOTICE: &str =
    "Not listed does not mean genuine: verify certificates with the issuing authority.";

/// The CSV header, documented in README.md.
pub const CSV_HEADER: &str = "domain,covers,status,first_listed,last_changed,reason_en,reason_fr,withdrawal_reason_en,withdrawal_reason_fr,valid_until";

/// How many days a feed stays valid after the day it was made. A week: a resolver or blocker
/// that misses a few daily refreshes keeps working, and a copy frozen by a mirror or replayed
/// by someone in the path stops being trusted within a week.
pub const VALID_DAYS: i64 = 7;

/// The name the publisher goes by in the STIX and MISP feeds.
pub const PUBLISHER: &str = "ICGLR fraud warnings (Filimbi)";

/// One making of the feeds: where the site is and which day it is.
#[derive(Clone, Copy, Debug)]
pub struct Edition<'a> {
    /// The public URL, no trailing slash: Atom ids, links, and the publisher's UUID.
    pub base_url: &'a str,
    /// The day (UTC) the feeds are made.
    pub day: Date,
}

impl Edition<'_> {
    /// The first day on which this edition is no longer valid (it is valid before 00:00 UTC
    /// that day).
    pub fn valid_until(&self) -> Date {
        self.day
            .checked_add(Duration::days(VALID_DAYS))
            .unwrap_or(Date::MAX)
    }

    /// The publisher's UUID: UUIDv5 of the public URL, so that two servers never mint the same
    /// ids and one server mints the same ids on every refresh.
    pub fn publisher(&self) -> uuid::Uuid {
        uuid::Uuid::new_v5(&NAMESPACE, self.base_url.as_bytes())
    }
}

/// The namespace of the publisher UUIDs ([`Edition::publisher`]); never changes.
const NAMESPACE: uuid::Uuid = uuid::uuid!("b4eb5718-144f-4978-9560-4a9744ee7f89");

/// The feeds served under `/feeds/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feed {
    /// `fake-websites.json`: every domain entry, with status and reasons.
    Json,
    /// `fake-websites.csv`: the same, one row each, header [`CSV_HEADER`].
    Csv,
    /// `fake-websites.txt`: active domains, one per line.
    Txt,
    /// `fake-websites.hosts`: `0.0.0.0 domain` lines.
    Hosts,
    /// `fake-websites.rpz`: a DNS Response Policy Zone (NXDOMAIN for each domain and its
    /// subdomains).
    Rpz,
    /// `warnings.atom`: listings and withdrawals of domains and certificate numbers, newest first.
    Atom,
    /// `fake-websites-adblock.txt`: an Adblock Plus filter list, `||domain^` per active domain.
    Adblock,
    /// `fake-websites.stix.json`: a STIX 2.1 bundle, one indicator per domain entry.
    Stix,
    /// `misp/manifest.json`: the MISP feed's index of events (one per active domain).
    MispManifest,
    /// `misp/hashes.csv`: the MISP feed's MD5 of every attribute value, with its event.
    MispHashes,
}

/// Most events in the Atom feed; older ones stay on the warning page.
pub const ATOM_MAX_EVENTS: usize = 500;

impl Feed {
    /// Every feed.
    pub const ALL: [Feed; 10] = [
        Feed::Json,
        Feed::Csv,
        Feed::Txt,
        Feed::Hosts,
        Feed::Rpz,
        Feed::Atom,
        Feed::Adblock,
        Feed::Stix,
        Feed::MispManifest,
        Feed::MispHashes,
    ];

    /// The file name under `/feeds/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Feed::Json => "fake-websites.json",
            Feed::Csv => "fake-websites.csv",
            Feed::Txt => "fake-websites.txt",
            Feed::Hosts => "fake-websites.hosts",
            Feed::Rpz => "fake-websites.rpz",
            Feed::Atom => "warnings.atom",
            Feed::Adblock => "fake-websites-adblock.txt",
            Feed::Stix => "fake-websites.stix.json",
            Feed::MispManifest => "misp/manifest.json",
            Feed::MispHashes => "misp/hashes.csv",
        }
    }

    /// The feed with this file name.
    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// The `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Feed::Json | Feed::MispManifest => "application/json",
            Feed::Csv => "text/csv; charset=utf-8; header=present",
            Feed::MispHashes => "text/csv; charset=utf-8; header=absent",
            Feed::Txt | Feed::Hosts | Feed::Rpz | Feed::Adblock => "text/plain; charset=utf-8",
            Feed::Atom => "application/atom+xml",
            Feed::Stix => "application/stix+json;version=2.1",
        }
    }

    /// The message that says who the feed is for, on `/warnings`; `None` for a part of a
    /// feed listed under another name (the MISP feed is listed by its manifest).
    pub fn audience(self) -> Option<&'static str> {
        match self {
            Feed::Json | Feed::Csv => Some("feed-for-scripts"),
            Feed::Txt | Feed::Hosts => Some("feed-for-blocklists"),
            Feed::Rpz => Some("feed-for-dns"),
            Feed::Atom => Some("feed-for-readers"),
            Feed::Adblock => Some("feed-for-browsers"),
            Feed::Stix => Some("feed-for-stix"),
            Feed::MispManifest => Some("feed-for-misp"),
            Feed::MispHashes => None,
        }
    }

    /// The feed's text.
    pub fn render(self, list: &WarningList, ed: &Edition<'_>) -> String {
        let until = iso_day(ed.valid_until());
        match self {
            Feed::Json => json_feed(list, ed),
            Feed::Csv => csv_feed(list, &until),
            Feed::Txt => format!("# valid_until: {until}\n{}", lines(list, "")),
            Feed::Hosts => {
                format!(
                    "# Fake websites. {NOTICE}\n# valid_until: {until}\n{}",
                    lines(list, "0.0.0.0 ")
                )
            }
            Feed::Rpz => rpz_feed(list, ed),
            Feed::Atom => atom_feed(list, ed),
            Feed::Adblock => adblock::render(list, ed),
            Feed::Stix => stix::render(list, ed),
            Feed::MispManifest => misp::manifest(list, ed),
            Feed::MispHashes => misp::hashes(list, ed),
        }
    }
}

/// The seq of an entry's latest listing (or relisting): what a STIX indicator or MISP
/// attribute stands for, so a relisting after a withdrawal is a new one.
fn listing_seq(e: &Entry) -> i64 {
    e.history
        .iter()
        .rev()
        .find(|h| h.action != EventAction::Withdrawn)
        .map_or(e.id, |h| h.seq)
}

/// The day of an entry's latest listing (or relisting).
fn listing_day(e: &Entry) -> Date {
    e.history
        .iter()
        .rev()
        .find(|h| h.action != EventAction::Withdrawn)
        .map_or(e.listed_day, |h| h.day)
}

/// Seconds since the Unix epoch at 00:00 UTC of `day`: the timestamps MISP wants, at the
/// precision this server keeps.
fn midnight(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

fn domain_entries(list: &WarningList) -> impl Iterator<Item = (&Entry, &DomainName)> {
    list.of_kind(EntryKind::Domain)
        .filter_map(|e| match &e.target {
            Target::Domain(d) => Some((e, d)),
            Target::Certificate(_) => None,
        })
}

/// Active domains, covering form then listed form, each once, sorted.
fn active_names(list: &WarningList) -> Vec<String> {
    let mut names: Vec<String> = domain_entries(list)
        .filter(|(e, _)| e.status == EntryStatus::Active)
        .flat_map(|(_, d)| [d.base().as_str().to_owned(), d.as_str().to_owned()])
        .collect();
    names.sort();
    names.dedup();
    names
}

fn lines(list: &WarningList, prefix: &str) -> String {
    active_names(list).iter().fold(String::new(), |mut out, n| {
        let _ = writeln!(out, "{prefix}{n}");
        out
    })
}

/// The JSON feed's document. Typed rather than built as a `serde_json::Value` tree: at
/// 100 000 entries that tree took most of a second to build; fields in the order the feed has
/// always had.
#[derive(serde::Serialize)]
struct JsonFeed<'a> {
    name: &'static str,
    source: String,
    notice: &'static str,
    serial: i64,
    last_changed: Option<String>,
    /// The first day this feed is no longer valid ([`Edition::valid_until`]).
    valid_until: String,
    subdomains_covered: bool,
    official_domains: Vec<&'a str>,
    entries: Vec<JsonEntry<'a>>,
}

#[derive(serde::Serialize)]
struct JsonEntry<'a> {
    id: i64,
    domain: &'a str,
    covers: String,
    unicode: &'a str,
    status: &'static str,
    first_listed: IsoDay,
    last_changed: IsoDay,
    reason: Reasons<'a>,
    withdrawal_reason: Option<Reasons<'a>>,
}

#[derive(serde::Serialize)]
struct Reasons<'a> {
    en: Option<&'a str>,
    fr: Option<&'a str>,
}

fn json_feed(list: &WarningList, ed: &Edition<'_>) -> String {
    let entries = list
        .entries()
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.target {
            Target::Domain(d) => Some((i, e, d)),
            Target::Certificate(_) => None,
        })
        .map(|(i, e, d)| {
            let listing = e.listing_reason();
            let withdrawal = e.withdrawal();
            JsonEntry {
                id: e.id,
                domain: d.as_str(),
                covers: d.base().as_str().to_owned(),
                unicode: list.unicode_at(i).unwrap_or(d.as_str()),
                status: e.status.as_str(),
                first_listed: IsoDay(e.listed_day),
                last_changed: IsoDay(e.changed_day),
                reason: Reasons {
                    en: listing.map(|r| r.en()),
                    fr: listing.map(|r| r.fr()),
                },
                withdrawal_reason: withdrawal.map(|w| Reasons {
                    en: Some(w.reason.en()),
                    fr: Some(w.reason.fr()),
                }),
            }
        })
        .collect();
    let doc = JsonFeed {
        name: "Fake websites impersonating the ICGLR minerals certification scheme",
        source: format!("{}/warnings", ed.base_url),
        notice: NOTICE,
        serial: list.serial(),
        last_changed: list.latest_change().map(iso_day),
        valid_until: iso_day(ed.valid_until()),
        subdomains_covered: true,
        official_domains: list
            .officials()
            .domains()
            .iter()
            .map(DomainName::as_str)
            .collect(),
        entries,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// RFC 4180 field: quoted when it holds a comma, quote or line break. A field a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe, the usual
/// guard against CSV injection.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// RFC 4180 has no comments, so the day the feed stops being valid is a last column, the same
/// on every row: a CSV reader that names its columns is not disturbed, and a feed with no rows
/// says nothing, which a consumer must take as not valid.
fn csv_feed(list: &WarningList, valid_until: &str) -> String {
    let mut out = format!("{CSV_HEADER}\r\n");
    for (e, d) in domain_entries(list) {
        let reason = e.listing_reason();
        let withdrawal = e.withdrawal().map(|w| &w.reason);
        let row = [
            d.as_str().to_owned(),
            d.base().as_str().to_owned(),
            e.status.as_str().to_owned(),
            iso_day(e.listed_day),
            iso_day(e.changed_day),
            reason.map(|r| r.en().to_owned()).unwrap_or_default(),
            reason.map(|r| r.fr().to_owned()).unwrap_or_default(),
            withdrawal.map(|r| r.en().to_owned()).unwrap_or_default(),
            withdrawal.map(|r| r.fr().to_owned()).unwrap_or_default(),
            valid_until.to_owned(),
        ];
        let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The zone says until when it is valid in a TXT record at its apex (never a policy trigger:
/// resolvers read triggers below the apex only) and in a comment; its SOA `expire`, how long a
/// secondary keeps serving it without reaching the primary, is the same [`VALID_DAYS`].
fn rpz_feed(list: &WarningList, ed: &Edition<'_>) -> String {
    // The serial must grow with every change, and the zone changes with the list and with
    // the day (the validity moves on): the highest event number plus the days since 1970
    // does, and fits the 32-bit field for any list this server will hold.
    let days = midnight(ed.day).div_euclid(86_400);
    let serial = u32::try_from(list.serial().saturating_add(days))
        .unwrap_or(u32::MAX)
        .max(1);
    let until = iso_day(ed.valid_until());
    let expire = VALID_DAYS * 86_400;
    let mut out = format!(
        "; Fake websites impersonating the ICGLR minerals certification scheme.\n\
         ; Response Policy Zone: each name and its subdomains answer NXDOMAIN.\n\
         ; {NOTICE}\n\
         ; valid_until: {until}\n\
         $TTL 300\n\
         @ IN SOA localhost. hostmaster.localhost. ( {serial} 3600 600 {expire} 300 )\n\
         @ IN NS localhost.\n\
         @ IN TXT \"valid_until={until}\"\n"
    );
    let mut bases: Vec<String> = domain_entries(list)
        .filter(|(e, _)| e.status == EntryStatus::Active)
        .map(|(_, d)| d.base().as_str().to_owned())
        .collect();
    bases.sort();
    bases.dedup();
    for b in bases {
        let _ = writeln!(out, "{b} CNAME .\n*.{b} CNAME .");
    }
    out
}

/// Atom has no expiry of its own: the feed carries Dublin Core's `valid` term, a DCMI period
/// from the day it was made to the day it stops being valid.
fn atom_feed(list: &WarningList, ed: &Edition<'_>) -> String {
    let mut events: Vec<_> = list
        .entries()
        .iter()
        .flat_map(|e| e.history.iter().map(move |h| (e, h)))
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.1.seq));
    let updated = list
        .latest_change()
        .map_or_else(|| "1970-01-01".to_owned(), iso_day);
    let base = escape(ed.base_url);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xml:lang=\"en\">\n\
         <id>{base}/feeds/warnings.atom</id>\n\
         <title>Fraud warnings: ICGLR minerals certification</title>\n\
         <subtitle>{}</subtitle>\n\
         <updated>{updated}T00:00:00Z</updated>\n\
         <dcterms:valid>start={start}; end={end}; scheme=W3C-DTF</dcterms:valid>\n\
         <author><name>Filimbi</name></author>\n\
         <link rel=\"self\" href=\"{base}/feeds/warnings.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/warnings\"/>\n",
        escape(NOTICE),
        start = iso_day(ed.day),
        end = iso_day(ed.valid_until()),
    );
    for (e, h) in events.into_iter().take(ATOM_MAX_EVENTS) {
        let what = match &e.target {
            Target::Domain(d) => format!("website {}", d.unicode()),
            Target::Certificate(c) => format!("certificate number {}", c.as_str()),
        };
        let verb = match h.action {
            EventAction::Listed => "Listed as fake",
            EventAction::Relisted => "Listed again as fake",
            EventAction::Withdrawn => "Withdrawn from the list",
        };
        let _ = write!(
            out,
            "<entry>\n<id>{base}/warnings#event-{seq}</id>\n\
             <title>{title}</title>\n<updated>{day}T00:00:00Z</updated>\n\
             <link href=\"{base}/warnings#entry-{id}\"/>\n\
             <category term=\"{action}\"/>\n\
             <summary>{en}</summary>\n\
             <content type=\"text\" xml:lang=\"fr\">{fr}</content>\n</entry>\n",
            seq = h.seq,
            title = escape(format!("{verb}: {what}")),
            day = iso_day(h.day),
            id = e.id,
            action = h.action.as_str(),
            en = escape(h.reason.en()),
            fr = escape(h.reason.fr()),
        );
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{entry, officials};
    use super::*;
    use md5::Digest;
    use serde_json::json;

    #[test]
    fn an_entry_that_would_block_an_official_domain_is_in_no_feed() {
        let list = WarningList::new(
            vec![
                entry(1, "www.gov.rw", EntryStatus::Active),
                entry(2, "minerals.gov.rw", EntryStatus::Withdrawn),
                entry(3, "fake-minerals.cd", EntryStatus::Active),
            ],
            officials(&["minerals.gov.rw"]),
        );
        let ed = Edition {
            base_url: "https://filimbi.test",
            day: super::super::testing::day(),
        };
        for feed in Feed::ALL {
            let text = feed.render(&list, &ed);
            let named = match feed {
                // MISP's index names values by their MD5 only.
                Feed::MispHashes => hex::encode(md5::Md5::digest(b"fake-minerals.cd")),
                _ => "fake-minerals.cd".to_owned(),
            };
            assert!(text.contains(&named), "{feed:?}: {text}");
            assert!(!text.contains("entry-1\""), "{feed:?}: {text}");
            let listed = match feed {
                // The JSON feed names the official domains; its entries must not.
                Feed::Json => {
                    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(doc["official_domains"], json!(["minerals.gov.rw"]));
                    doc["entries"].to_string()
                }
                _ => text,
            };
            assert!(!listed.contains("gov.rw"), "{feed:?}: {listed}");
        }
    }

    #[test]
    fn entry_json_carries_the_whole_public_history() {
        let e = entry(4, "www.fake-minerals.cd", EntryStatus::Withdrawn);
        let v = entry_json(&e);
        assert_eq!(v["id"], 4);
        assert_eq!(v["kind"], "domain");
        assert_eq!(v["target"], "www.fake-minerals.cd");
        assert_eq!(v["status"], "withdrawn");
        assert_eq!(v["first_listed"], "2026-11-23");
        assert_eq!(v["reason"], json!({"en": "Fake", "fr": "Faux"}));
        let actions: Vec<&str> = v["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["listed", "withdrawn"]);
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1, then"), "\"'-1, then\"");
    }

    #[test]
    fn every_feed_has_a_unique_file_name() {
        for f in Feed::ALL {
            assert_eq!(Feed::from_file_name(f.file_name()), Some(f));
        }
        assert_eq!(Feed::from_file_name("fake-websites.exe"), None);
    }

    #[test]
    fn every_feed_says_the_day_it_stops_being_valid_a_week_on() {
        let list = WarningList::new(
            vec![entry(3, "fake-minerals.cd", EntryStatus::Active)],
            officials(&["minerals.gov.rw"]),
        );
        let ed = Edition {
            base_url: "https://filimbi.test",
            day: time::macros::date!(2026 - 12 - 07),
        };
        assert_eq!(ed.valid_until(), time::macros::date!(2026 - 12 - 14));
        for feed in Feed::ALL {
            let text = feed.render(&list, &ed);
            let says = match feed {
                // MISP's index is its two columns; the manifest says it for the feed.
                Feed::MispHashes => continue,
                Feed::Atom => "end=2026-12-14;",
                Feed::Stix => "\"valid_until\": \"2026-12-14T00:00:00.000Z\"",
                Feed::Json | Feed::MispManifest => "\"valid_until\": \"2026-12-14\"",
                Feed::Csv => ",2026-12-14\r\n",
                Feed::Txt | Feed::Hosts | Feed::Rpz | Feed::Adblock => "valid_until: 2026-12-14\n",
            };
            assert!(text.contains(says), "{feed:?}: {text}");
        }
        for event in misp::events(&list, &ed) {
            assert!(event.body.contains("\"valid_until\": \"2026-12-14\""));
        }
    }

    #[test]
    fn the_zone_serial_moves_on_with_the_day_as_with_the_list() {
        let list = WarningList::new(
            vec![entry(3, "fake-minerals.cd", EntryStatus::Active)],
            officials(&[]),
        );
        let serial = |day: Date| {
            let ed = Edition {
                base_url: "https://filimbi.test",
                day,
            };
            let zone = Feed::Rpz.render(&list, &ed);
            let soa = zone
                .lines()
                .find(|l| l.contains(" SOA "))
                .unwrap()
                .to_owned();
            soa.split_whitespace()
                .nth(6)
                .unwrap()
                .parse::<u32>()
                .unwrap()
        };
        let today = time::macros::date!(2026 - 12 - 07);
        assert_eq!(serial(today.next_day().unwrap()), serial(today) + 1);
    }
}
