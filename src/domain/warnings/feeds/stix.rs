//! The list as a STIX 2.1 bundle, for the tools national CERTs and security teams share
//! indicators with: an `identity` for the publisher and one `indicator` per domain entry, whose
//! pattern matches the domain and every subdomain.
//!
//! Ids are UUIDv5 of the publisher and the listing, so they are the same on every refresh
//! (STIX would rather have random UUIDv4 for indicators; the OASIS validator says so as a
//! warning, and stable ids matter more to a consumer that deduplicates). A listing's indicator
//! is remade each day with `modified` that day and `valid_until` a week on, so a consumer that
//! stops receiving the feed lets it lapse. A withdrawn entry's indicator is `revoked` — fixed
//! from then on, as STIX wants revocation final — for [`REVOKED_DAYS`], then leaves; listed
//! again, the entry gets a new indicator.

use serde::Serialize;
use time::{Date, Duration};

use super::super::list::WarningList;
use super::super::{Entry, EntryStatus, iso_day};
use super::{Edition, NOTICE, PUBLISHER, domain_entries, listing_day, listing_seq};

/// How long a withdrawn entry stays in the bundle as a revoked indicator: long enough for a
/// consumer that polls weekly, or monthly, to hear of the withdrawal.
pub const REVOKED_DAYS: i64 = 90;

/// The publisher's `created`: a fixed day, since the identity never changes.
const IDENTITY_DAY: Date = time::macros::date!(2026 - 11 - 23);

#[derive(Serialize)]
struct Bundle<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    objects: Vec<Object<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Object<'a> {
    Identity(Identity),
    Indicator(Indicator<'a>),
}

#[derive(Serialize)]
struct Identity {
    #[serde(rename = "type")]
    kind: &'static str,
    spec_version: &'static str,
    id: String,
    created: String,
    modified: String,
    name: &'static str,
    description: &'static str,
    identity_class: &'static str,
    contact_information: String,
}

#[derive(Serialize)]
struct Indicator<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    spec_version: &'static str,
    id: String,
    created_by_ref: &'a str,
    created: String,
    modified: String,
    name: String,
    description: &'a str,
    indicator_types: [&'static str; 1],
    pattern: String,
    pattern_type: &'static str,
    pattern_version: &'static str,
    valid_from: String,
    valid_until: String,
    labels: [&'static str; 1],
    revoked: bool,
}

/// A STIX timestamp at 00:00 UTC of `day` (STIX wants millisecond precision in `created` and
/// `modified`; the days are all this server keeps).
fn stamp(day: Date) -> String {
    format!("{}T00:00:00.000Z", iso_day(day))
}

/// The day after `day`.
fn next(day: Date) -> Date {
    day.checked_add(Duration::days(1)).unwrap_or(Date::MAX)
}

/// The bundle.
pub(super) fn render(list: &WarningList, ed: &Edition<'_>) -> String {
    let publisher = ed.publisher();
    let identity = format!("identity--{}", uuid::Uuid::new_v5(&publisher, b"identity"));
    let mut objects = vec![Object::Identity(Identity {
        kind: "identity",
        spec_version: "2.1",
        id: identity.clone(),
        created: stamp(IDENTITY_DAY),
        modified: stamp(IDENTITY_DAY),
        name: PUBLISHER,
        description: NOTICE,
        identity_class: "organization",
        contact_information: format!("{}/warnings", ed.base_url),
    })];
    let horizon = ed
        .day
        .checked_sub(Duration::days(REVOKED_DAYS))
        .unwrap_or(Date::MIN);
    for (e, d) in domain_entries(list) {
        let withdrawn = e.withdrawal().map(|w| w.day);
        if withdrawn.is_some_and(|day| day < horizon) {
            continue;
        }
        objects.push(Object::Indicator(indicator(e, d, &identity, withdrawn, ed)));
    }
    let bundle = Bundle {
        kind: "bundle",
        id: format!(
            "bundle--{}",
            uuid::Uuid::new_v5(
                &publisher,
                format!("bundle/{}/{}", list.serial(), iso_day(ed.day)).as_bytes()
            )
        ),
        objects,
    };
    let mut text = serde_json::to_string_pretty(&bundle).unwrap_or_default();
    text.push('\n');
    text
}

/// One entry's indicator; `withdrawn` is the day of its withdrawal, if it is withdrawn.
fn indicator<'a>(
    e: &'a Entry,
    d: &super::DomainName,
    identity: &'a str,
    withdrawn: Option<Date>,
    ed: &Edition<'_>,
) -> Indicator<'a> {
    let from = listing_day(e);
    let (modified, until) = match withdrawn {
        // Valid through the day of the withdrawal, and never changed again.
        Some(day) => (day.max(from), next(day.max(from))),
        None => (ed.day.max(from), ed.valid_until().max(next(from))),
    };
    let base = d.base();
    let base = base.as_str();
    let listing = uuid::Uuid::new_v5(
        &ed.publisher(),
        format!("indicator/{}/{}", e.id, listing_seq(e)).as_bytes(),
    );
    Indicator {
        kind: "indicator",
        spec_version: "2.1",
        id: format!("indicator--{listing}"),
        created_by_ref: identity,
        created: stamp(from),
        modified: stamp(modified),
        name: format!(
            "Fake website impersonating the ICGLR minerals certification scheme: {}",
            d.as_str()
        ),
        description: e.listing_reason().map_or("", |r| r.en()),
        indicator_types: ["malicious-activity"],
        // Canonical names are lower-case letters, digits, hyphens and dots: nothing to quote.
        pattern: format!("[domain-name:value = '{base}' OR domain-name:value LIKE '%.{base}']"),
        pattern_type: "stix",
        pattern_version: "2.1",
        valid_from: stamp(from),
        valid_until: stamp(until),
        labels: ["fake-certification-website"],
        revoked: e.status == EntryStatus::Withdrawn,
    }
}
