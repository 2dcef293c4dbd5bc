//! One entry as JSON: the check API's `entry` and the export file's entries.

use super::super::{Entry, IsoDay};
use super::compact_json::{self, Object};

/// The JSON form of one entry with its whole public history: what the check API answers and
/// what `filimbi warnings export` writes, so a file exported from one server reads the same as
/// the API of another (and `warnings import` reads both). Typed, and serialised straight from
/// the entry: the check API answers tens of thousands of these a second.
#[derive(serde::Serialize)]
pub struct EntryDoc<'a> {
    id: i64,
    kind: &'static str,
    target: &'a str,
    status: &'static str,
    first_listed: IsoDay,
    last_changed: IsoDay,
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
    day: IsoDay,
    action: &'static str,
    reason: Bilingual<'a>,
}

/// See [`EntryDoc`].
pub fn entry_doc(e: &Entry) -> EntryDoc<'_> {
    EntryDoc {
        id: e.id,
        kind: e.kind().as_str(),
        target: e.target.as_str(),
        status: e.status.as_str(),
        first_listed: IsoDay(e.listed_day),
        last_changed: IsoDay(e.changed_day),
        reason: e.listing_reason().map(|r| Bilingual {
            en: r.en(),
            fr: r.fr(),
        }),
        history: e
            .history
            .iter()
            .map(|h| HistoryDoc {
                day: IsoDay(h.day),
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

impl EntryDoc<'_> {
    /// Appends this entry as compact JSON: the bytes `serde_json::to_vec` makes of it, at a
    /// fraction of the cost ([`compact_json`]).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = Object::begin(out);
        o.int("id", self.id)
            .str("kind", self.kind)
            .str("target", self.target)
            .str("status", self.status);
        day(o.key("first_listed"), self.first_listed);
        day(o.key("last_changed"), self.last_changed);
        match &self.reason {
            Some(r) => r.write_json(o.key("reason")),
            None => o.key("reason").extend_from_slice(b"null"),
        }
        compact_json::array(o.key("history"), &self.history, |out, h| {
            let mut o = Object::begin(out);
            day(o.key("day"), h.day);
            o.str("action", h.action);
            h.reason.write_json(o.key("reason"));
            o.end();
        });
        o.end();
    }
}

impl Bilingual<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = Object::begin(out);
        o.str("en", self.en).str("fr", self.fr);
        o.end();
    }
}

/// A day as its JSON string, `"YYYY-MM-DD"`.
fn day(out: &mut Vec<u8>, d: IsoDay) {
    match d.ascii() {
        Some(b) => {
            out.push(b'"');
            out.extend_from_slice(&b);
            out.push(b'"');
        }
        None => compact_json::string(out, &d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::warnings::testing::{self, day};
    use crate::domain::warnings::{EntryStatus, Event, EventAction, PublicReason};
    use proptest::prelude::*;

    fn both(e: &Entry) -> (String, String) {
        let doc = entry_doc(e);
        let mut fast = Vec::new();
        doc.write_json(&mut fast);
        let serde = serde_json::to_vec(&doc).unwrap();
        (
            String::from_utf8(fast).unwrap(),
            String::from_utf8(serde).unwrap(),
        )
    }

    fn with_reason(e: &mut Entry, reason: &PublicReason) {
        for h in &mut e.history {
            h.reason = reason.clone();
        }
    }

    #[test]
    fn the_writer_makes_serde_jsons_bytes_for_every_shape_of_entry() {
        let listed = testing::entry(1, "fake.example", EntryStatus::Active);
        let withdrawn = testing::entry(2, "ICGLR-RW-0001", EntryStatus::Withdrawn);
        let mut relisted = testing::entry(3, "xn--icglr-fake-o2a.example", EntryStatus::Withdrawn);
        relisted.history.push(Event {
            seq: 40,
            day: day().next_day().unwrap(),
            action: EventAction::Relisted,
            reason: PublicReason::new("Back \"again\" \\ here", "De retour").unwrap(),
        });
        // Only a withdrawal left: no listing reason, `"reason":null`.
        let mut no_listing = testing::entry(4, "gone.example", EntryStatus::Withdrawn);
        no_listing.history.remove(0);
        for e in [listed, withdrawn, relisted, no_listing] {
            let (fast, serde) = both(&e);
            assert_eq!(fast, serde);
        }
        let (fast, _) = both(&testing::entry(4, "gone.example", EntryStatus::Withdrawn));
        assert!(fast.contains(r#""action":"withdrawn""#), "{fast}");
    }

    proptest! {
        #[test]
        fn any_reason_is_written_as_serde_writes_it(en in any::<String>(), fr in "\\PC{1,30}") {
            let mut e = testing::entry(1, "fake.example", EntryStatus::Withdrawn);
            if let Ok(reason) = PublicReason::new(&en, &fr) {
                with_reason(&mut e, &reason);
            }
            let (fast, serde) = both(&e);
            prop_assert_eq!(fast, serde);
        }
    }
}
