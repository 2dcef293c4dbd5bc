//! Rows written straight into the database (a hand edit, another tool, a configuration changed
//! since): only rows whose MAC checks are listed, and those still keep the list's rules.

use filimbi::domain::warnings::DomainName;

use super::*;

impl TestApp {
    /// Runs one SQL statement on this instance's database, as someone with shell access
    /// to the server would.
    async fn sql(&self, statement: &'static str) {
        let pool = self.db().await;
        sqlx::query(statement)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
        pool.close().await;
    }
}

/// A row edited in the database (a state or action the code does not know, another kind) no
/// longer matches its MAC: the entry is left out of the list and every feed — never guessed at,
/// never a panic — and `audit verify` names it. Put back as it was, it checks again.
#[tokio::test]
async fn an_edited_stored_row_is_left_out_and_named_until_put_back() {
    let app = TestApp::new().await;
    let before = app.feed("fake-websites.txt").await.body;
    let key = integrity_key(&app);
    let left_out = |entry: &str| {
        let entry = entry.to_owned();
        let app = &app;
        let key = &key;
        async move {
            app.state.warnings.reload().await.expect("reload");
            let (_, failures) = app.store.verify_objects(key).await.expect("scan");
            let named: Vec<String> = failures
                .iter()
                .map(|f| format!("{} {}: {}", f.kind, f.name, f.why))
                .collect();
            assert_eq!(named, [format!("warning {entry}: MAC mismatch")]);
        }
    };

    app.sql("UPDATE warning_entries SET status = 'Active' WHERE id = 1")
        .await;
    left_out("1").await;
    assert_ne!(app.verdict("www.ceecertification.com").await, "listed");
    assert!(
        !app.feed("fake-websites.txt")
            .await
            .body
            .contains("www.ceecertification.com")
    );
    app.sql("UPDATE warning_entries SET status = 'active' WHERE id = 1")
        .await;

    app.sql("UPDATE warning_events SET action = 'delisted' WHERE seq = 2")
        .await;
    left_out("2").await;
    app.sql("UPDATE warning_events SET action = 'listed' WHERE seq = 2")
        .await;

    app.sql("UPDATE warning_entries SET kind = 'website' WHERE id = 3")
        .await;
    left_out("3").await;
    app.sql("UPDATE warning_entries SET kind = 'domain' WHERE id = 3")
        .await;

    app.state
        .warnings
        .reload()
        .await
        .expect("repaired list loads");
    assert_eq!(app.feed("fake-websites.txt").await.body, before);
    assert_eq!(app.verdict("www.ceecertification.com").await, "listed");
}

/// Official domains from their names.
fn officials(names: &[&str]) -> Vec<DomainName> {
    names
        .iter()
        .map(|n| DomainName::parse(n).expect("official domain"))
        .collect()
}

/// Stops `app` and starts it again on the same data with these official domains, as after a
/// restart with another `--official-domain`.
async fn restart_with_officials(app: TestApp, names: &[&str]) -> TestApp {
    let TestApp {
        dir,
        identities,
        store,
        ..
    } = app;
    store.close().await;
    let officials = officials(names);
    TestApp::start_custom(dir, identities, move |o| o.official_domains = officials).await
}

/// What the feeds say about `name` or anything under it: lines of the txt, hosts and RPZ feeds,
/// domains of the JSON and CSV feeds, listings in the Atom feed.
async fn feeds_naming(app: &TestApp, name: &str) -> Vec<String> {
    let names = |d: &str| d == name || d.ends_with(&format!(".{name}"));
    let mut found = Vec::new();
    for feed in [
        "fake-websites.txt",
        "fake-websites.hosts",
        "fake-websites.rpz",
    ] {
        let body = app.feed(feed).await.body;
        found.extend(
            body.lines()
                .filter(|l| !l.starts_with([';', '#', '$', '@']))
                .filter(|l| l.split_whitespace().any(|w| names(w.trim_end_matches('.'))))
                .map(|l| format!("{feed}: {l}")),
        );
    }
    let json = app.feed_json().await;
    for e in json["entries"].as_array().expect("entries") {
        for field in ["domain", "covers"] {
            let d = e[field].as_str().expect("domain");
            if names(d) {
                found.push(format!("fake-websites.json: {d}"));
            }
        }
    }
    let csv_text = app.feed("fake-websites.csv").await.body;
    for row in csv::Reader::from_reader(csv_text.as_bytes()).records() {
        let row = row.expect("CSV row");
        if names(&row[0]) || names(&row[1]) {
            found.push(format!("fake-websites.csv: {}", &row[0]));
        }
    }
    let atom = app.feed("warnings.atom").await.body;
    for (title, _, _) in atom_entries(&atom) {
        if let Some(d) = title.strip_prefix("Listed as fake: website ")
            && names(d)
        {
            found.push(format!("warnings.atom: {d}"));
        }
    }
    let adblock = app.feed("fake-websites-adblock.txt").await.body;
    for rule in adblock.lines().filter_map(|l| l.strip_prefix("||")) {
        if names(rule.trim_end_matches('^')) {
            found.push(format!("fake-websites-adblock.txt: {rule}"));
        }
    }
    let stix: Value =
        serde_json::from_str(&app.feed("fake-websites.stix.json").await.body).expect("STIX");
    for o in stix["objects"].as_array().expect("objects") {
        if let Some(pattern) = o["pattern"].as_str()
            && pattern.split('\'').any(names)
        {
            found.push(format!("fake-websites.stix.json: {pattern}"));
        }
    }
    let manifest: Value =
        serde_json::from_str(&app.feed("misp/manifest.json").await.body).expect("manifest");
    for (uuid, event) in manifest.as_object().expect("manifest") {
        let info = event["info"].as_str().expect("info");
        if info.rsplit(' ').next().is_some_and(names) {
            found.push(format!("misp/manifest.json: {uuid} {info}"));
        }
    }
    found
}

/// The case: rows listing an official domain, its `www.` form, a subdomain of one and
/// a parent of one, written into the store past every publishing check. The list
/// leaves them out, so no feed blocks a genuine site and the check's `official` agrees with
/// the feeds; staff see them counted and can withdraw them.
#[tokio::test]
async fn rows_written_into_the_database_never_list_an_official_domain_or_its_parent() {
    let app =
        TestApp::with_options(|o| o.official_domains = officials(&[OFFICIAL, "minerals.gov.rw"]))
            .await;
    let admin = app.investigator("amani", true).await;

    // Written through the store, below the publishing checks (an older version's import, a
    // restored backup): signed like any entry Filimbi writes. Rows written by SQL alone are
    // never listed at all (`an_edited_stored_row_is_left_out_and_named_until_put_back`).
    let why = filimbi::domain::warnings::PublicReason::new("Hand-written.", "Écrit à la main.")
        .expect("reason");
    let targets: Vec<_> = [
        "minerals.gov.rw",
        "gov.rw",
        "www.ceec-icglr.org",
        "verify.ceec-icglr.org",
        "icglr-fraude.cd",
    ]
    .iter()
    .map(|t| filimbi::domain::warnings::target::parse_target(t).expect("target"))
    .collect();
    let changes: Vec<_> = targets
        .iter()
        .map(|t| (filimbi::store::Change::Publish, t, &why))
        .collect();
    app.store
        .apply_warnings(&changes, time::macros::date!(2026 - 11 - 23))
        .await
        .expect("written beside the server");
    // How a running server picks up a change made behind it (`warnings import`).
    let w = &app.state.warnings;
    assert!(w.reload_if_changed().await.expect("reload"), "rows seen");
    assert!(
        !w.reload_if_changed().await.expect("reload"),
        "seen once: the suppressed entries' events count in the serial"
    );

    // The unrelated row shows: the rows were read.
    assert_eq!(app.verdict("icglr-fraude.cd").await, "listed");
    assert!(
        app.feed("fake-websites.txt")
            .await
            .body
            .contains("icglr-fraude.cd\n")
    );

    for name in ["gov.rw", OFFICIAL] {
        assert_eq!(
            feeds_naming(&app, name).await,
            Vec::<String>::new(),
            "{name}"
        );
    }
    for q in [
        "minerals.gov.rw",
        "www.minerals.gov.rw",
        "https://minerals.gov.rw/permits",
        OFFICIAL,
        "www.ceec-icglr.org",
        "verify.ceec-icglr.org",
    ] {
        let (status, v, _) = app.check_json(q).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(v["verdict"], "official", "{q}: {v}");
        assert!(v.get("entry").is_none(), "{q}: {v}");
    }
    // The suppressed parent covers nothing, as in the feeds.
    for q in ["gov.rw", "other.gov.rw"] {
        assert_ne!(app.verdict(q).await, "listed", "{q}");
    }
    // The RPZ without them is still a zone BIND loads.
    named_checkzone(app.dir.path(), &app.feed("fake-websites.rpz").await.body);

    // The public page does not show them either.
    let page = app.get("/warnings").await.body;
    for id in 5..=8 {
        assert!(!page.contains(&format!("id=\"entry-{id}\"")), "entry {id}");
    }
    assert!(page.contains("id=\"entry-9\""));

    // Reported in the log by entry id, never by name.
    let logs = captured_logs();
    let lines: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("it would block an official domain"))
        .collect();
    for id in 5..=8 {
        assert!(
            lines
                .iter()
                .any(|l| l.split_whitespace().any(|w| w == format!("entry={id}"))),
            "entry {id} logged"
        );
    }
    assert!(
        lines
            .iter()
            .all(|l| !l.contains("gov.rw") && !l.contains(OFFICIAL))
    );

    // Staff see them counted, with what they would block, and can withdraw one.
    let login = app.login(&admin).await;
    let staff = app.staff_get("/staff/warnings", &login.cookie).await;
    assert_eq!(staff.status, StatusCode::OK);
    let note = by_id(&staff.body, "suppressed-count").expect("suppressed count");
    assert!(note.contains(": 4."), "{note}");
    assert!(
        staff
            .body
            .contains("gov.rw</a>: Would block the official domain minerals.gov.rw.")
    );
    let code = app
        .warnings_action(
            &login,
            &[
                ("action", "withdraw"),
                ("entry", "6"),
                ("reason_en", "Never fake: a parent of an official domain."),
                ("reason_fr", "Jamais faux : parent d'un domaine officiel."),
            ],
        )
        .await;
    assert_eq!(code, "warning-withdrawn");
    let status: String = {
        let pool = app.db().await;
        let s = sqlx::query_scalar("SELECT status FROM warning_entries WHERE id = 6")
            .fetch_one(&pool)
            .await
            .expect("entry 6");
        pool.close().await;
        s
    };
    assert_eq!(status, "withdrawn", "the stored list now agrees");
    assert_eq!(feeds_naming(&app, "gov.rw").await, Vec::<String>::new());
    let staff = app.staff_get("/staff/warnings", &login.cookie).await;
    assert!(
        by_id(&staff.body, "suppressed-count")
            .unwrap()
            .contains(": 4.")
    );
}

/// An official domain configured after a site was listed takes it off the page and every
/// feed at the next start, and the check says `official`; the stored entry is untouched, so
/// it is back if the option is undone.
#[tokio::test]
async fn an_official_domain_added_on_restart_suppresses_an_entry_already_listed() {
    let app = TestApp::new().await;
    let listed = "ceecertification.com";
    assert_eq!(app.verdict(listed).await, "listed");
    let before = feeds_naming(&app, listed).await;
    for feed in FEEDS {
        assert!(
            before.iter().any(|l| l.starts_with(feed)),
            "{feed} lists it before: {before:?}"
        );
    }
    let serial = app.feed_json().await["serial"].clone();

    let app = restart_with_officials(app, &[OFFICIAL, listed]).await;
    assert_eq!(feeds_naming(&app, listed).await, Vec::<String>::new());
    for q in [
        listed,
        "www.ceecertification.com",
        "pay.ceecertification.com",
    ] {
        let (_, v, _) = app.check_json(q).await;
        assert_eq!(v["verdict"], "official", "{q}: {v}");
        assert_eq!(v["official_domain"], listed);
    }
    assert!(!app.get("/warnings").await.body.contains("id=\"entry-1\""));
    assert_eq!(
        app.verdict("www.ceecicglrcertification.org").await,
        "listed"
    );
    assert_eq!(
        app.feed_json().await["serial"],
        serial,
        "no event was written: the stored list is as it was"
    );
    let who = app.investigator("amani", true).await;
    let login = app.login(&who).await;
    let staff = app.staff_get("/staff/warnings", &login.cookie).await;
    assert!(
        by_id(&staff.body, "suppressed-count")
            .expect("count")
            .contains(": 1.")
    );

    let app = restart_with_officials(app, &[OFFICIAL]).await;
    assert_eq!(app.verdict(listed).await, "listed");
    assert!(app.get("/warnings").await.body.contains("id=\"entry-1\""));
}

/// A warning entry inserted by SQL — even with a made-up MAC — or a listed target changed to
/// another site is never signed into a feed, never shown on the page or by the check, and
/// `audit verify` names each; what Filimbi itself publishes meanwhile is listed as usual.
#[tokio::test]
async fn an_entry_inserted_or_retargeted_by_sql_is_never_signed_into_a_feed() {
    let solo = Solo::new().await;
    let app = &solo.app;
    app.sql(
        "INSERT INTO warning_entries (id, kind, target, status, listed_day, changed_day, mac) \
         VALUES (5, 'domain', 'competitor-exporter.example', 'active', '2026-11-23', \
         '2026-11-23', '0000000000000000000000000000000000000000000000000000000000000000')",
    )
    .await;
    app.sql(
        "INSERT INTO warning_events (seq, entry_id, day, action, reason_en, reason_fr) VALUES \
         (5, 5, '2026-11-23', 'listed', 'Forged.', 'Falsifié.')",
    )
    .await;
    app.sql("UPDATE warning_entries SET target = 'rival-trader.example' WHERE id = 2")
        .await;
    assert!(
        app.state
            .warnings
            .reload_if_changed()
            .await
            .expect("reload"),
        "rows seen"
    );
    assert!(
        !app.state
            .warnings
            .reload_if_changed()
            .await
            .expect("reload"),
        "seen once, not re-read every second"
    );
    // A genuine publication meanwhile is signed and listed.
    solo.publish(
        "real-fake.example",
        "Sells certificates.",
        "Vend des certificats.",
    )
    .await;

    let mut bodies = Vec::new();
    for feed in FEEDS {
        bodies.push((feed, app.feed(feed).await.body));
    }
    for (feed, body) in &bodies {
        for forged in ["competitor-exporter.example", "rival-trader.example"] {
            assert!(!body.contains(forged), "{feed} carries {forged}");
        }
    }
    assert!(bodies.iter().any(|(_, b)| b.contains("real-fake.example")));
    for forged in ["competitor-exporter.example", "rival-trader.example"] {
        assert_ne!(app.verdict(forged).await, "listed", "{forged}");
    }
    assert_eq!(app.verdict("real-fake.example").await, "listed");
    let page = app.get("/warnings").await.body;
    assert!(!page.contains("competitor-exporter.example"));
    assert!(
        !page.contains("id=\"entry-2\""),
        "the retargeted entry is off the page"
    );

    let (_, failures) = app
        .store
        .verify_objects(&integrity_key(app))
        .await
        .expect("scan");
    let mut named: Vec<String> = failures
        .iter()
        .map(|f| format!("{} {}: {}", f.kind, f.name, f.why))
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["warning 2: MAC mismatch", "warning 5: MAC mismatch"]
    );
}
