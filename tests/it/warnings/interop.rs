//! The MISP, STIX and Adblock feeds read by the real tools of the people they are for:
//! PyMISP, the OASIS STIX validator and Brave's filter engine (Python packages pinned in
//! `tests/python/requirements.txt`, installed by `.ci/pyvenv.sh`; `.ci/test` names the
//! interpreter in `FILIMBI_TEST_PYTHON`). A missing tool fails the test. And every feed says,
//! inside the bytes its signature covers, until which day it is valid.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// The Python that has the pinned packages: `FILIMBI_TEST_PYTHON`, else the venv
/// `.ci/pyvenv.sh` makes under `target/`.
fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyvenv/bin/python");
    let python = std::env::var_os("FILIMBI_TEST_PYTHON").map_or(venv, PathBuf::from);
    assert!(
        python.exists(),
        "{} missing: run `bash .ci/pyvenv.sh` (PyMISP, stix2-validator, adblock)",
        python.display()
    );
    python
}

/// Runs `script` with `args`; its standard output, read as JSON. The test fails with the
/// script's output when it fails.
fn run_python(script: &str, args: &[&Path]) -> Value {
    let out = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "python: {}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
}

/// Loads every event of the MISP feed in `argv[1]` with PyMISP, checks the manifest against
/// what PyMISP makes of each event and `hashes.csv` against PyMISP's own hashes of their
/// attributes; prints each event's domain values.
const MISP_CHECK: &str = r#"
import csv, json, os, sys
from pymisp import MISPEvent
d = sys.argv[1]
manifest = json.load(open(os.path.join(d, 'manifest.json')))
with open(os.path.join(d, 'hashes.csv'), newline='') as f:
    hashes = set(tuple(row) for row in csv.reader(f))
seen = set()
out = {}
for uuid, meta in manifest.items():
    ev = MISPEvent()
    ev.load(open(os.path.join(d, uuid + '.json')).read())
    assert ev.uuid == uuid, (ev.uuid, uuid)
    assert ev.published
    mine = ev.manifest[uuid]
    for k in ('info', 'date', 'analysis', 'threat_level_id', 'timestamp'):
        assert str(mine[k]) == str(meta[k]), (uuid, k, mine[k], meta[k])
    assert mine['Orgc'] == meta['Orgc'], (mine['Orgc'], meta['Orgc'])
    assert [t['name'] for t in mine['Tag']] == [t['name'] for t in meta['Tag']]
    for h in ev.to_feed(with_meta=True)['Event']['_hashes']:
        assert (h, uuid) in hashes, (h, uuid)
        seen.add((h, uuid))
    assert all(a.to_ids for a in ev.attributes)
    out[uuid] = sorted(a.value for a in ev.attributes if a.type == 'domain')
assert seen == hashes, hashes - seen
print(json.dumps(out))
"#;

/// The seeded list, changed as each feed test needs it: `target` published with its reasons,
/// and the third seeded entry withdrawn.
async fn publish_one_and_withdraw_the_third(solo: &Solo, target: &str, en: &str, fr: &str) {
    solo.publish(target, en, fr).await;
    solo.withdraw(
        3,
        "Taken down by the registry.",
        "Supprimé par le registre.",
    )
    .await;
}

/// The MISP feed, as a MISP instance fetches it, written into `dir`: the manifest, hashes and
/// every event file the manifest names. Returns the manifest.
async fn fetch_misp(app: &TestApp, dir: &Path) -> Value {
    let manifest = app.feed("misp/manifest.json").await.body;
    std::fs::write(dir.join("manifest.json"), &manifest).expect("manifest");
    let hashes = app.feed("misp/hashes.csv").await.body;
    std::fs::write(dir.join("hashes.csv"), &hashes).expect("hashes");
    let manifest: Value = serde_json::from_str(&manifest).expect("manifest is JSON");
    for uuid in manifest.as_object().expect("an object").keys() {
        let event = app.feed(&format!("misp/{uuid}.json")).await;
        assert_eq!(event.headers["content-type"], "application/json");
        std::fs::write(dir.join(format!("{uuid}.json")), &event.body).expect("event");
    }
    manifest
}

#[tokio::test]
async fn pymisp_loads_every_event_of_the_misp_feed_and_manifest_and_hashes_agree() {
    let solo = Solo::new().await;
    let app = &solo.app;
    publish_one_and_withdraw_the_third(
        &solo,
        "https://www.icglr-paiement.cd/login",
        "Asks for a verification fee.",
        "Exige des frais de vérification.",
    )
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = fetch_misp(app, dir.path()).await;
    let events = run_python(MISP_CHECK, &[dir.path()]);
    let events = events.as_object().expect("events");
    // Three seeded sites still listed, and the new one; the withdrawn one has left.
    assert_eq!(events.len(), 4, "{events:?}");
    let values: Vec<&str> = events
        .values()
        .flat_map(|v| v.as_array().expect("values"))
        .map(|v| v.as_str().expect("value"))
        .collect();
    for d in [
        "icglr-paiement.cd",
        "www.icglr-paiement.cd",
        "ceecertification.com",
    ] {
        assert!(values.contains(&d), "{d} in {values:?}");
    }
    assert!(
        !values.iter().any(|v| v.ends_with("icglr-icglr.cd")),
        "withdrawn entries leave the MISP feed: {values:?}"
    );
    assert!(!values.iter().any(|v| v.ends_with(OFFICIAL)));
    let hashes = std::fs::read_to_string(dir.path().join("hashes.csv")).expect("hashes");
    assert!(
        !hashes.contains('#') && !hashes.contains("valid_until"),
        "MISP's two columns"
    );

    // Another publication, a day later: the events already there keep their uuids, so MISP
    // updates them rather than adding copies.
    let mut solo = solo;
    solo.next_day().await;
    solo.publish(
        "second-fake.example",
        "Sells certificates.",
        "Vend des certificats.",
    )
    .await;
    let again = fetch_misp(&solo.app, dir.path()).await;
    let again = again.as_object().expect("manifest");
    for (uuid, meta) in manifest.as_object().expect("manifest") {
        assert_eq!(
            again[uuid]["info"], meta["info"],
            "{uuid} is the same event"
        );
        assert_eq!(
            again[uuid]["timestamp"], meta["timestamp"],
            "{uuid} unchanged"
        );
    }
    assert_eq!(again.len(), 5);
    assert_eq!(
        run_python(MISP_CHECK, &[dir.path()])
            .as_object()
            .map(|o| o.len()),
        Some(5)
    );
    // The MISP files are signed like every feed.
    let allowed = solo.app.feed("allowed_signers").await.body;
    let uuid = again.keys().next().expect("an event");
    for name in [
        "misp/manifest.json".to_owned(),
        "misp/hashes.csv".to_owned(),
        format!("misp/{uuid}.json"),
    ] {
        let body = solo.app.feed(&name).await.body;
        let sig = solo.app.feed(&format!("{name}.sig")).await.body;
        let ok = ssh_verify(dir.path(), &allowed, body.as_bytes(), &sig);
        assert!(ok.status.success(), "{name}: {}", text(&ok));
    }
    let missing = solo
        .app
        .get("/feeds/misp/00000000-0000-0000-0000-000000000000.json")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Validates the STIX bundle in `argv[1]` with the OASIS validator; prints its verdict.
const STIX_CHECK: &str = r#"
import json, sys
from stix2validator import validate_string, ValidationOptions
r = validate_string(open(sys.argv[1]).read(), ValidationOptions(version='2.1'))
print(json.dumps({'valid': r.is_valid, 'errors': [str(e) for e in r.errors],
                  'warnings': [str(w) for w in r.warnings]}))
"#;

/// The served STIX bundle, validated; returns it.
async fn valid_stix(app: &TestApp, dir: &Path) -> Value {
    let body = app.feed("fake-websites.stix.json").await.body;
    let file = dir.join("bundle.json");
    std::fs::write(&file, &body).expect("bundle");
    let verdict = run_python(STIX_CHECK, &[file.as_path()]);
    assert_eq!(verdict["valid"], true, "{verdict}");
    assert_eq!(verdict["errors"], serde_json::json!([]), "{verdict}");
    // The one thing it warns of: ids are UUIDv5, stable across refreshes, where STIX would
    // rather have random UUIDv4 (code 103).
    for w in verdict["warnings"].as_array().expect("warnings") {
        assert!(w.as_str().is_some_and(|w| w.contains("{103}")), "{w}");
    }
    serde_json::from_str(&body).expect("JSON")
}

/// The indicators of a bundle whose pattern names `domain`.
fn indicators<'a>(bundle: &'a Value, domain: &str) -> Vec<&'a Value> {
    let quoted = format!("'{domain}'");
    bundle["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == "indicator")
        .filter(|o| o["pattern"].as_str().is_some_and(|p| p.contains(&quoted)))
        .collect()
}

#[tokio::test]
async fn the_stix_bundle_is_valid_and_a_withdrawal_is_revoked_for_90_days_then_leaves() {
    let mut solo = Solo::new().await;
    publish_one_and_withdraw_the_third(
        &solo,
        "https://www.icglr-paiement.cd/",
        "Asks for a verification fee.",
        "Exige des frais de vérification.",
    )
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let bundle = valid_stix(&solo.app, dir.path()).await;
    let objects = bundle["objects"].as_array().expect("objects");
    assert_eq!(objects[0]["type"], "identity");
    assert_eq!(
        objects.len(),
        6,
        "the publisher, 4 seeded sites and the new one"
    );
    let new = indicators(&bundle, "icglr-paiement.cd");
    assert_eq!(new.len(), 1);
    let new = new[0];
    assert_eq!(
        new["pattern"],
        "[domain-name:value = 'icglr-paiement.cd' OR domain-name:value LIKE '%.icglr-paiement.cd']"
    );
    assert_eq!(new["revoked"], false);
    assert_eq!(new["valid_from"], "2026-11-23T00:00:00.000Z");
    assert_eq!(new["valid_until"], "2026-11-30T00:00:00.000Z");
    assert_eq!(new["created_by_ref"], objects[0]["id"]);
    assert_eq!(
        new["indicator_types"],
        serde_json::json!(["malicious-activity"])
    );
    let gone = indicators(&bundle, "icglr-icglr.cd");
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["revoked"], true);
    let revoked = gone[0].clone();

    // A day later the listing is the same indicator, valid a week from then; the revoked one
    // is unchanged, as STIX wants revocation final.
    solo.next_day().await;
    solo.app
        .state
        .warnings
        .reload_if_changed()
        .await
        .expect("renewed");
    let next = valid_stix(&solo.app, dir.path()).await;
    let same = indicators(&next, "icglr-paiement.cd");
    assert_eq!(same[0]["id"], new["id"], "stable id");
    assert_eq!(same[0]["modified"], "2026-11-24T00:00:00.000Z");
    assert_eq!(same[0]["valid_until"], "2026-12-01T00:00:00.000Z");
    assert_eq!(*indicators(&next, "icglr-icglr.cd")[0], revoked);

    // 90 days after the withdrawal it is still there; the day after, it has left.
    solo.app.clock.advance(88 * 86_400);
    solo.app
        .state
        .warnings
        .reload_if_changed()
        .await
        .expect("renewed");
    let late = valid_stix(&solo.app, dir.path()).await;
    assert_eq!(indicators(&late, "icglr-icglr.cd").len(), 1, "day 89");
    solo.app.clock.advance(2 * 86_400);
    solo.app
        .state
        .warnings
        .reload_if_changed()
        .await
        .expect("renewed");
    let later = valid_stix(&solo.app, dir.path()).await;
    assert!(indicators(&later, "icglr-icglr.cd").is_empty(), "day 91");
    assert_eq!(indicators(&later, "icglr-paiement.cd").len(), 1);
}

/// Loads the filter list in `argv[1]` into Brave's engine and prints, for each URL in
/// `argv[2]` (one per line), whether a page load of it is blocked.
const ADBLOCK_CHECK: &str = r#"
import json, sys
import adblock
rules = adblock.FilterSet()
rules.add_filter_list(open(sys.argv[1]).read())
engine = adblock.Engine(filter_set=rules)
urls = open(sys.argv[2]).read().split()
print(json.dumps({u: engine.check_network_urls(u, u, 'document').matched for u in urls}))
"#;

#[tokio::test]
async fn brave_s_engine_blocks_every_listed_site_and_subdomain_never_an_official_one() {
    let solo = Solo::new().await;
    publish_one_and_withdraw_the_third(
        &solo,
        &format!("https://{IDN}/"),
        "Fake verification site.",
        "Faux site de vérification.",
    )
    .await;
    let list = solo.app.feed("fake-websites-adblock.txt").await;
    assert!(
        list.body.starts_with("[Adblock Plus 2.0]\n! Title: "),
        "{}",
        list.body
    );
    for header in [
        "! Expires: 1 day\n",
        "! Homepage: ",
        "! Version: ",
        "! Last modified: ",
    ] {
        assert!(list.body.contains(header), "{header}: {}", list.body);
    }
    let mut blocked = vec![IDN_ASCII.to_owned()];
    blocked.extend(
        SEEDED
            .iter()
            .filter(|s| !s.contains("icglr-icglr"))
            .map(|s| s.trim_start_matches("www.").to_owned()),
    );
    let mut urls = Vec::new();
    for d in &blocked {
        urls.extend([
            format!("https://{d}/"),
            format!("https://www.{d}/login"),
            format!("http://pay.secure.{d}/verify?n=1"),
        ]);
    }
    let allowed = [
        format!("https://{OFFICIAL}/"),
        format!("https://www.{OFFICIAL}/verify"),
        "https://icglr-icglr.cd/".to_owned(),
        "https://www.icglr-icglr.cd/".to_owned(),
        "https://notceecertification.com/".to_owned(),
        "https://ceecertification.com.example/".to_owned(),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let (rules, url_file) = (dir.path().join("list.txt"), dir.path().join("urls"));
    std::fs::write(&rules, &list.body).expect("list");
    std::fs::write(&url_file, [&urls[..], &allowed[..]].concat().join("\n")).expect("urls");
    let verdicts = run_python(ADBLOCK_CHECK, &[rules.as_path(), url_file.as_path()]);
    for u in &urls {
        assert_eq!(verdicts[u], true, "{u} blocked");
    }
    for u in &allowed {
        assert_eq!(verdicts[u], false, "{u} not blocked");
    }
    // One rule per listed site, in its covering form; none for the official domain.
    let rules: Vec<&str> = list
        .body
        .lines()
        .filter(|l| !l.starts_with(['!', '[']))
        .collect();
    assert_eq!(rules.len(), blocked.len(), "{rules:?}");
    assert!(
        rules
            .iter()
            .all(|r| r.starts_with("||") && r.ends_with('^'))
    );
}

/// The day a feed says it stops being valid, read the way its consumers read it.
fn valid_until(name: &str, body: &str) -> String {
    let after = |marker: &str| {
        let start = body
            .find(marker)
            .unwrap_or_else(|| panic!("{name}: {marker}"))
            + marker.len();
        body[start..start + 10].to_owned()
    };
    match name {
        "fake-websites.json" => {
            let doc: Value = serde_json::from_str(body).expect("JSON");
            doc["valid_until"].as_str().expect("valid_until").to_owned()
        }
        "fake-websites.csv" => {
            let mut reader = csv::Reader::from_reader(body.as_bytes());
            let column = reader
                .headers()
                .expect("header")
                .iter()
                .position(|h| h == "valid_until")
                .expect("a valid_until column");
            let days: std::collections::HashSet<String> = reader
                .records()
                .map(|r| r.expect("row")[column].to_owned())
                .collect();
            assert_eq!(days.len(), 1, "the same on every row: {days:?}");
            days.into_iter().next().expect("a row")
        }
        "fake-websites.rpz" => {
            assert_eq!(
                after("@ IN TXT \"valid_until="),
                after("; valid_until: "),
                "the record and the comment agree"
            );
            after("@ IN TXT \"valid_until=")
        }
        "warnings.atom" => after("; end="),
        "fake-websites.stix.json" => {
            let doc: Value = serde_json::from_str(body).expect("STIX");
            let days: std::collections::HashSet<&str> = doc["objects"]
                .as_array()
                .expect("objects")
                .iter()
                .filter(|o| o["type"] == "indicator" && o["revoked"] == false)
                .map(|o| o["valid_until"].as_str().expect("valid_until"))
                .collect();
            assert_eq!(days.len(), 1, "{days:?}");
            days.into_iter().next().expect("an indicator")[..10].to_owned()
        }
        "misp/manifest.json" => {
            let doc: Value = serde_json::from_str(body).expect("manifest");
            let days: std::collections::HashSet<&str> = doc
                .as_object()
                .expect("object")
                .values()
                .map(|e| e["valid_until"].as_str().expect("valid_until"))
                .collect();
            assert_eq!(days.len(), 1, "{days:?}");
            days.into_iter().next().expect("an event").to_owned()
        }
        n if n.starts_with("misp/") => {
            let doc: Value = serde_json::from_str(body).expect("event");
            assert!(doc["Event"]["uuid"].is_string());
            doc["valid_until"].as_str().expect("valid_until").to_owned()
        }
        // Plain text, hosts and Adblock: a comment line.
        _ => after("valid_until: "),
    }
}

#[tokio::test]
async fn every_feed_says_inside_its_signed_bytes_until_when_it_is_valid_and_renews_daily() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let allowed = app.feed("allowed_signers").await.body;
    let manifest: Value =
        serde_json::from_str(&app.feed("misp/manifest.json").await.body).expect("manifest");
    let event = format!(
        "misp/{}.json",
        manifest
            .as_object()
            .expect("manifest")
            .keys()
            .next()
            .expect("an event")
    );
    let mut names: Vec<String> = FEEDS.iter().map(|f| f.to_string()).collect();
    names.push(event);
    for (day, expected) in [("2026-11-23", "2026-11-30"), ("2026-11-24", "2026-12-01")] {
        if day == "2026-11-24" {
            // Nothing changes but the day: the next re-check makes every feed again.
            let old = app.feed("fake-websites.txt").await.headers["etag"].clone();
            app.clock.advance(86_400);
            assert!(
                app.state
                    .warnings
                    .reload_if_changed()
                    .await
                    .expect("renewed")
            );
            assert!(
                !app.state
                    .warnings
                    .reload_if_changed()
                    .await
                    .expect("once a day")
            );
            assert_ne!(app.feed("fake-websites.txt").await.headers["etag"], old);
        }
        for name in &names {
            let body = app.feed(name).await.body;
            assert_eq!(valid_until(name, &body), expected, "{name} on {day}");
            let sig = app.feed(&format!("{name}.sig")).await.body;
            let ok = ssh_verify(dir.path(), &allowed, body.as_bytes(), &sig);
            assert!(ok.status.success(), "{name}: {}", text(&ok));
            // The day is covered by the signature: a copy whose day is pushed on no longer
            // verifies.
            let replayed = body.replace(expected, "2099-01-01");
            assert_ne!(replayed, body, "{name}");
            let bad = ssh_verify(dir.path(), &allowed, replayed.as_bytes(), &sig);
            assert!(!bad.status.success(), "{name}: an edited day verified");
        }
    }
    // The zone still loads in BIND with its apex TXT record.
    named_checkzone(dir.path(), &app.feed("fake-websites.rpz").await.body);
}

#[tokio::test]
async fn the_warning_page_lists_every_feed_with_one_line_on_who_it_is_for() {
    let app = TestApp::new().await;
    for (lang, who) in [
        (
            "en",
            ["for browser blockers", "read STIX 2.1", "as a feed of type"],
        ),
        (
            "fr",
            [
                "pour les bloqueurs",
                "qui lisent STIX 2.1",
                "comme flux de type",
            ],
        ),
    ] {
        let page = app.get(&format!("/warnings?lang={lang}")).await;
        assert_eq!(page.status, StatusCode::OK);
        for w in who {
            assert!(page.body.contains(w), "{lang}: {w}");
        }
        for name in FEEDS {
            for href in [format!("/feeds/{name}"), format!("/feeds/{name}.sig")] {
                assert!(
                    page.body.contains(&format!("href=\"{href}\"")),
                    "{lang}: {href}"
                );
                assert_eq!(app.get(&href).await.status, StatusCode::OK, "{href}");
            }
        }
    }
}
