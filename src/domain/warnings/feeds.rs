//! The warning list in the formats machines read: JSON and CSV for scripts, plain text and
//! hosts for blocklists, an RPZ zone for DNS resolvers, Atom for people who follow changes.
//!
//! Formats carry only public fields and days, never times of day. The domain feeds list active
//! entries in their covering form (without a leading `www.`) plus the form as listed, so an
//! exact-match blocklist blocks both; RPZ and JSON say that subdomains are covered too.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::list::WarningList;
use super::target::{DomainName, Target};
use super::{Entry, EntryKind, EntryStatus, iso_day};

/// Said by every format that has room for it.
pub const NOTICE: &str =
    "Not listed does not mean genuine: verify certificates with the issuing authority.";

/// The CSV header, documented in README.md.
pub const CSV_HEADER: &str = "domain,covers,status,first_listed,last_changed,reason_en,reason_fr,withdrawal_reason_en,withdrawal_reason_fr";

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
}

/// Most events in the Atom feed; older ones stay on the warning page.
pub const ATOM_MAX_EVENTS: usize = 500;

impl Feed {
    /// Every feed.
    pub const ALL: [Feed; 6] = [
        Feed::Json,
        Feed::Csv,
        Feed::Txt,
        Feed::Hosts,
        Feed::Rpz,
        Feed::Atom,
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
        }
    }

    /// The feed with this file name.
    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// The `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Feed::Json => "application/json",
            Feed::Csv => "text/csv; charset=utf-8; header=present",
            Feed::Txt | Feed::Hosts | Feed::Rpz => "text/plain; charset=utf-8",
            Feed::Atom => "application/atom+xml",
        }
    }

    /// The feed's text. `base_url` (no trailing slash) makes Atom ids and links absolute.
    pub fn render(self, list: &WarningList, base_url: &str) -> String {
        match self {
            Feed::Json => json_feed(list, base_url),
            Feed::Csv => csv_feed(list),
            Feed::Txt => lines(list, ""),
            Feed::Hosts => {
                format!("# Fake websites. {NOTICE}\n{}", lines(list, "0.0.0.0 "))
            }
            Feed::Rpz => rpz_feed(list),
            Feed::Atom => atom_feed(list, base_url),
        }
    }
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
    first_listed: String,
    last_changed: String,
    reason: Reasons<'a>,
    withdrawal_reason: Option<Reasons<'a>>,
}

#[derive(serde::Serialize)]
struct Reasons<'a> {
    en: Option<&'a str>,
    fr: Option<&'a str>,
}

fn json_feed(list: &WarningList, base_url: &str) -> String {
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
                first_listed: iso_day(e.listed_day),
                last_changed: iso_day(e.changed_day),
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
        source: format!("{base_url}/warnings"),
        notice: NOTICE,
        serial: list.serial(),
        last_changed: list.latest_change().map(iso_day),
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

/// The JSON form of one entry with its whole public history: what the check API answers and
/// what `filimbi warnings export` writes, so a file exported from one server reads the same as
/// the API of another (and `warnings import` reads both). Typed, and serialised straight from
/// the entry: the check API answers tens of thousands of these a second.
#[derive(serde::Serialize)]
pub struct EntryDoc<'a> {
    id: i64,
    kind: &'static str,
    target: String,
    status: &'static str,
    first_listed: String,
    last_changed: String,
    reason: Option<Bilingual<'a>>,
    history: Vec<HistoryDoc<'a>>,
}

/// A reason in both staff languages.
#[derive(serde::Serialize)]
struct Bilingual<'a> {
    en: &'a str,
    fr: &'a str,
}

/// One event of an entry's public history.
#[derive(serde::Serialize)]
struct HistoryDoc<'a> {
    day: String,
    action: &'static str,
    reason: Bilingual<'a>,
}

/// See [`EntryDoc`].
pub fn entry_doc(e: &Entry) -> EntryDoc<'_> {
    EntryDoc {
        id: e.id,
        kind: e.kind().as_str(),
        target: e.target.to_string(),
        status: e.status.as_str(),
        first_listed: iso_day(e.listed_day),
        last_changed: iso_day(e.changed_day),
        reason: e.listing_reason().map(|r| Bilingual {
            en: r.en(),
            fr: r.fr(),
        }),
        history: e
            .history
            .iter()
            .map(|h| HistoryDoc {
                day: iso_day(h.day),
                action: h.action.as_str(),
                reason: Bilingual {
                    en: h.reason.en(),
                    fr: h.reason.fr(),
                },
            })
            .collect(),
    }
}

/// [`EntryDoc`] as a JSON value (the export file is built as one document).
pub fn entry_json(e: &Entry) -> serde_json::Value {
    serde_json::to_value(entry_doc(e)).unwrap_or(serde_json::Value::Null)
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

fn csv_feed(list: &WarningList) -> String {
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
        ];
        let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn rpz_feed(list: &WarningList) -> String {
    // The serial must grow with every change; the highest event number does, and fits the
    // 32-bit field for any list this server will hold.
    let serial = u32::try_from(list.serial()).unwrap_or(u32::MAX).max(1);
    let mut out = format!(
        "; Fake websites impersonating the ICGLR minerals certification scheme.\n\
         ; Response Policy Zone: each name and its subdomains answer NXDOMAIN.\n\
         ; {NOTICE}\n\
         $TTL 300\n\
         @ IN SOA localhost. hostmaster.localhost. ( {serial} 3600 600 604800 300 )\n\
         @ IN NS localhost.\n"
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

fn atom_feed(list: &WarningList, base_url: &str) -> String {
    let mut events: Vec<_> = list
        .entries()
        .iter()
        .flat_map(|e| e.history.iter().map(move |h| (e, h)))
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.1.seq));
    let updated = list
        .latest_change()
        .map_or_else(|| "1970-01-01".to_owned(), iso_day);
    let base = escape(base_url);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n\
         <id>{base}/feeds/warnings.atom</id>\n\
         <title>Fraud warnings: ICGLR minerals certification</title>\n\
         <subtitle>{}</subtitle>\n\
         <updated>{updated}T00:00:00Z</updated>\n\
         <author><name>Filimbi</name></author>\n\
         <link rel=\"self\" href=\"{base}/feeds/warnings.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/warnings\"/>\n",
        escape(NOTICE)
    );
    for (e, h) in events.into_iter().take(ATOM_MAX_EVENTS) {
        let what = match &e.target {
            Target::Domain(d) => format!("website {}", d.unicode()),
            Target::Certificate(c) => format!("certificate number {}", c.as_str()),
        };
        let verb = match h.action {
            super::EventAction::Listed => "Listed as fake",
            super::EventAction::Relisted => "Listed again as fake",
            super::EventAction::Withdrawn => "Withdrawn from the list",
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
        for feed in Feed::ALL {
            let text = feed.render(&list, "https://filimbi.test");
            assert!(text.contains("fake-minerals.cd"), "{feed:?}: {text}");
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
}
