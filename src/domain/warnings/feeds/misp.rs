//! The list as a MISP feed, in the layout MISP's own feed generator writes, so a MISP instance
//! adds `BASE/feeds/misp/` as a feed of type "MISP Feed": `manifest.json` (each event's uuid
//! and summary), one `<uuid>.json` per event, and `hashes.csv` (the MD5 of every attribute
//! value with its event's uuid, which MISP reads to correlate without fetching every event).
//!
//! One event per active website entry, with a `domain` attribute for its covering form and one
//! for the form as listed; a withdrawn entry leaves the feed. Event and attribute uuids are
//! UUIDv5 of the publisher and the entry, the same on every refresh, so MISP updates an event
//! rather than adding a copy. MISP's timestamps are the 00:00 UTC of the day of the entry's
//! latest change: days, not times.
//!
//! MISP has no expiry field and reads every key of `manifest.json` as an event uuid and every
//! line of `hashes.csv` as a hash, so the day the feed stops being valid is a `valid_until`
//! key in each manifest entry (MISP ignores keys it does not know there) and beside `Event` in
//! each event file; `hashes.csv` stays MISP's two columns, its freshness the manifest's.

use std::fmt::Write as _;

use md5::{Digest, Md5};
use serde::{Serialize, Serializer};
use uuid::Uuid;

use super::super::list::WarningList;
use super::super::target::DomainName;
use super::super::{Entry, EntryStatus, iso_day};
use super::{Edition, PUBLISHER, domain_entries, midnight};

/// One event file: its name under `/feeds/misp/` and its text.
pub struct EventFile {
    /// `misp/<uuid>.json`, as [`super::Feed::file_name`] names the feed's other files.
    pub file_name: String,
    /// `{"Event": {…}, "valid_until": "…"}`.
    pub body: String,
}

#[derive(Serialize)]
struct Org {
    name: &'static str,
    uuid: String,
}

#[derive(Serialize)]
struct Tag {
    name: &'static str,
    colour: &'static str,
}

/// The tags every event carries: sharing (TLP:CLEAR, public), the kind of fraud in the
/// Reference Security Incident Taxonomy (`masquerade`: pretending to be the certifying
/// authority), and this list's kind of entry.
const TAGS: [Tag; 3] = [
    Tag {
        name: "tlp:clear",
        colour: "#ffffff",
    },
    Tag {
        name: "rsit:fraud=\"masquerade\"",
        colour: "#b71c1c",
    },
    Tag {
        name: "filimbi:kind=\"fake-website\"",
        colour: "#0d47a1",
    },
];

/// MISP's numbers are strings in feeds.
#[derive(Serialize)]
struct ManifestEntry<'a> {
    #[serde(rename = "Orgc")]
    orgc: &'a Org,
    #[serde(rename = "Tag")]
    tag: &'static [Tag],
    info: String,
    date: String,
    /// 2: completed (investigators verified the case behind it).
    analysis: &'static str,
    /// 2: medium.
    threat_level_id: &'static str,
    timestamp: String,
    valid_until: String,
}

#[derive(Serialize)]
struct EventDoc<'a> {
    #[serde(rename = "Event")]
    event: Event<'a>,
    valid_until: String,
}

#[derive(Serialize)]
struct Event<'a> {
    uuid: String,
    info: String,
    date: String,
    analysis: &'static str,
    threat_level_id: &'static str,
    timestamp: String,
    publish_timestamp: String,
    published: bool,
    extends_uuid: &'static str,
    #[serde(rename = "Orgc")]
    orgc: &'a Org,
    #[serde(rename = "Tag")]
    tag: &'static [Tag],
    #[serde(rename = "Attribute")]
    attribute: Vec<Attribute<'a>>,
}

#[derive(Serialize)]
struct Attribute<'a> {
    uuid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    category: &'static str,
    value: String,
    to_ids: bool,
    comment: &'a str,
    timestamp: String,
    disable_correlation: bool,
    deleted: bool,
}

/// What the feed is made of: each active website entry with its event uuid.
struct Listed<'a> {
    entry: &'a Entry,
    domain: &'a DomainName,
    uuid: Uuid,
}

fn listed<'a>(list: &'a WarningList, ed: &Edition<'_>) -> Vec<Listed<'a>> {
    let publisher = ed.publisher();
    domain_entries(list)
        .filter(|(e, _)| e.status == EntryStatus::Active)
        .map(|(entry, domain)| Listed {
            entry,
            domain,
            uuid: Uuid::new_v5(&publisher, format!("misp-event/{}", entry.id).as_bytes()),
        })
        .collect()
}

fn org(ed: &Edition<'_>) -> Org {
    Org {
        name: PUBLISHER,
        uuid: ed.publisher().to_string(),
    }
}

fn info(l: &Listed<'_>) -> String {
    format!(
        "Fake website impersonating the ICGLR minerals certification scheme: {}",
        l.domain.as_str()
    )
}

/// The domain attribute values: the covering form, then the form as listed if it differs.
fn values(l: &Listed<'_>) -> Vec<String> {
    let base = l.domain.base().as_str().to_owned();
    let as_listed = l.domain.as_str();
    if as_listed == base {
        vec![base]
    } else {
        vec![base, as_listed.to_owned()]
    }
}

/// `manifest.json`: event uuid → summary, in the list's order.
pub(super) fn manifest(list: &WarningList, ed: &Edition<'_>) -> String {
    let orgc = org(ed);
    let until = iso_day(ed.valid_until());
    let entries: Vec<(String, ManifestEntry<'_>)> = listed(list, ed)
        .iter()
        .map(|l| {
            (
                l.uuid.to_string(),
                ManifestEntry {
                    orgc: &orgc,
                    tag: &TAGS,
                    info: info(l),
                    date: iso_day(l.entry.listed_day),
                    analysis: "2",
                    threat_level_id: "2",
                    timestamp: midnight(l.entry.changed_day).to_string(),
                    valid_until: until.clone(),
                },
            )
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&AsMap(&entries)).unwrap_or_default();
    text.push('\n');
    text
}

/// Pairs serialised as a JSON object, without building a `serde_json::Value` tree.
struct AsMap<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for AsMap<'_, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// `hashes.csv`: `md5(value),event uuid` per attribute, no header, as MISP writes it.
pub(super) fn hashes(list: &WarningList, ed: &Edition<'_>) -> String {
    let mut out = String::new();
    for l in listed(list, ed) {
        for v in values(&l) {
            let _ = writeln!(out, "{},{}", hex::encode(Md5::digest(v.as_bytes())), l.uuid);
        }
    }
    out
}

/// Every event file.
pub fn events(list: &WarningList, ed: &Edition<'_>) -> Vec<EventFile> {
    let orgc = org(ed);
    let until = iso_day(ed.valid_until());
    listed(list, ed)
        .iter()
        .map(|l| {
            let stamp = midnight(l.entry.changed_day).to_string();
            let comment = l.entry.listing_reason().map_or("", |r| r.en());
            let attribute = values(l)
                .into_iter()
                .map(|value| Attribute {
                    uuid: Uuid::new_v5(&l.uuid, format!("domain/{value}").as_bytes()).to_string(),
                    kind: "domain",
                    category: "Network activity",
                    value,
                    to_ids: true,
                    comment,
                    timestamp: stamp.clone(),
                    disable_correlation: false,
                    deleted: false,
                })
                .collect();
            let doc = EventDoc {
                event: Event {
                    uuid: l.uuid.to_string(),
                    info: info(l),
                    date: iso_day(l.entry.listed_day),
                    analysis: "2",
                    threat_level_id: "2",
                    timestamp: stamp.clone(),
                    publish_timestamp: stamp,
                    published: true,
                    extends_uuid: "",
                    orgc: &orgc,
                    tag: &TAGS,
                    attribute,
                },
                valid_until: until.clone(),
            };
            let mut body = serde_json::to_string_pretty(&doc).unwrap_or_default();
            body.push('\n');
            EventFile {
                file_name: format!("misp/{}.json", l.uuid),
                body,
            }
        })
        .collect()
}
