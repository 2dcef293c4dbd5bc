//! Feeds read back in their own formats, checked by stock tools, cached by ETag.

use super::*;

#[tokio::test]
async fn every_feed_parses_back_in_its_own_format() {
    let solo = Solo::new().await;
    let app = &solo.app;
    // A reason with a comma, quotes and a semicolon must survive CSV quoting.
    let tricky_en = "Asks for a \"verification fee\", then vanishes; copies the logo.";
    let tricky_fr = "Exige des « frais de vérification », puis disparaît ; \"copie\" le logo.";
    solo.publish("https://www.icglr-paiement.cd/", tricky_en, tricky_fr)
        .await;
    solo.withdraw(
        3,
        "Taken down by the registry.",
        "Supprimé par le registre.",
    )
    .await;

    // JSON
    let json = app.feed_json().await;
    assert_eq!(json["subdomains_covered"], true);
    assert_eq!(json["official_domains"], serde_json::json!([OFFICIAL]));
    assert!(
        json["notice"]
            .as_str()
            .unwrap()
            .contains("Not listed does not mean genuine")
    );
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 5);
    let by_domain = |d: &str| {
        entries
            .iter()
            .find(|e| e["domain"] == d)
            .unwrap_or_else(|| panic!("{d} in JSON feed"))
            .clone()
    };
    let first = by_domain("www.ceecertification.com");
    assert_eq!(first["covers"], "ceecertification.com");
    assert_eq!(first["status"], "active");
    let gone = by_domain("www.icglr-icglr.cd");
    assert_eq!(gone["status"], "withdrawn");
    assert_eq!(gone["withdrawal_reason"]["fr"], "Supprimé par le registre.");
    let new = by_domain("www.icglr-paiement.cd");
    assert_eq!(new["covers"], "icglr-paiement.cd");
    assert_eq!(new["reason"]["en"], tricky_en);
    assert_eq!(new["first_listed"], "2026-11-23");

    // CSV, read back with a real CSV parser
    let csv_text = app.feed("fake-websites.csv").await.body;
    assert!(
        csv_text
            .starts_with("domain,covers,status,first_listed,last_changed,reason_en,reason_fr,withdrawal_reason_en,withdrawal_reason_fr,valid_until\r\n")
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "domain",
            "covers",
            "status",
            "first_listed",
            "last_changed",
            "reason_en",
            "reason_fr",
            "withdrawal_reason_en",
            "withdrawal_reason_fr",
            "valid_until"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV row")).collect();
    assert_eq!(rows.len(), 5);
    let row = |d: &str| {
        rows.iter()
            .find(|r| &r[0] == d)
            .unwrap_or_else(|| panic!("{d} in CSV"))
            .clone()
    };
    let new = row("www.icglr-paiement.cd");
    assert_eq!(&new[1], "icglr-paiement.cd");
    assert_eq!(&new[2], "active");
    assert_eq!(&new[5], tricky_en, "comma and quotes round-trip");
    assert_eq!(&new[6], tricky_fr);
    let gone = row("www.icglr-icglr.cd");
    assert_eq!(&gone[2], "withdrawn");
    assert_eq!(
        &gone[8], "Supprimé par le registre.",
        "withdrawal reason in CSV"
    );
    assert_eq!(&new[7], "", "no withdrawal reason while active");

    // Plain text: a comment saying until when it is valid, then one domain per line, both
    // the covering form and the form as listed.
    let txt = app.feed("fake-websites.txt").await.body;
    assert_eq!(txt.lines().next(), Some("# valid_until: 2026-11-30"));
    let lines: Vec<&str> = txt.lines().filter(|l| !l.starts_with('#')).collect();
    for d in [
        "www.ceecertification.com",
        "ceecertification.com",
        "icglr-paiement.cd",
        "www.icglr-paiement.cd",
    ] {
        assert!(lines.contains(&d), "{d} in txt");
    }
    assert!(
        !txt.contains("icglr-icglr.cd"),
        "withdrawn entries leave the txt feed"
    );
    for l in &lines {
        assert!(
            !l.is_empty() && !l.contains(char::is_whitespace) && l.contains('.'),
            "a bare domain per line: {l:?}"
        );
    }

    // hosts: comments, then 0.0.0.0 lines
    let hosts = app.feed("fake-websites.hosts").await.body;
    let host_lines: Vec<&str> = hosts.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(host_lines.len(), lines.len());
    for l in &host_lines {
        let (ip, name) = l.split_once(' ').expect("two fields");
        assert_eq!(ip, "0.0.0.0");
        assert!(lines.contains(&name), "{name}");
    }

    // Atom: well-formed, one entry per event, newest first.
    let atom = app.feed("warnings.atom").await;
    assert!(
        atom.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let events = atom_entries(&atom.body);
    assert_eq!(
        events.len(),
        6,
        "4 seeded + 1 listed + 1 withdrawn: {events:?}"
    );
    assert_eq!(
        events[0].0,
        "Withdrawn from the list: website www.icglr-icglr.cd"
    );
    assert_eq!(events[0].1, "withdrawn");
    assert_eq!(events[0].2, "Taken down by the registry.");
    assert_eq!(events[1].0, "Listed as fake: website www.icglr-paiement.cd");
    assert_eq!(events[1].1, "listed");
    assert_eq!(events[1].2, tricky_en, "escaped and unescaped intact");
}

#[tokio::test]
async fn the_rpz_feed_is_a_zone_bind_accepts_before_and_after_publishing() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let dir = tempfile::tempdir().expect("tempdir");
    let seeded = app.feed("fake-websites.rpz").await.body;
    named_checkzone(dir.path(), &seeded);
    for site in SEEDED {
        let base = site.strip_prefix("www.").unwrap();
        assert!(
            seeded.contains(&format!("\n{base} CNAME .\n*.{base} CNAME .\n")),
            "{base}"
        );
    }

    solo.publish(
        "icglr-export-permits.com",
        "Sells fake permits.",
        "Vend de faux permis.",
    )
    .await;
    solo.publish(
        &format!("https://{IDN}/"),
        "Fake verification site.",
        "Faux site de vérification.",
    )
    .await;
    let after = app.feed("fake-websites.rpz").await.body;
    assert_ne!(serial(&after), serial(&seeded), "the SOA serial moves on");
    assert!(serial(&after) > serial(&seeded));
    assert!(
        after.contains("\nicglr-export-permits.com CNAME .\n*.icglr-export-permits.com CNAME .\n")
    );
    assert!(
        after.contains(&format!("\n{IDN_ASCII} CNAME .\n*.{IDN_ASCII} CNAME .\n")),
        "punycode in the zone"
    );
    assert!(!after.contains(IDN), "no raw Unicode in a zone file");
    named_checkzone(dir.path(), &after);
}

/// The SOA serial of an RPZ feed.
fn serial(rpz: &str) -> u32 {
    let soa = rpz.lines().find(|l| l.contains(" SOA ")).expect("SOA");
    let inner = soa.split('(').nth(1).expect("SOA fields");
    inner
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect("serial")
}

#[tokio::test]
async fn every_feed_signature_verifies_with_ssh_keygen_and_a_tampered_feed_does_not() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let allowed = app.feed("allowed_signers").await.body;
    assert!(allowed.starts_with("feeds@filimbi namespaces=\"filimbi-feeds\" ssh-ed25519 "));
    // allowed_signers names the same key as signing-key.pub.
    let key = app.feed("signing-key.pub").await.body;
    let key_b64 = key.split_whitespace().nth(1).expect("key");
    assert!(allowed.contains(key_b64));
    for name in FEEDS {
        let body = app.feed(name).await.body;
        let sig = app.feed(&format!("{name}.sig")).await.body;
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"), "{name}");
        let ok = ssh_verify(dir.path(), &allowed, body.as_bytes(), &sig);
        assert!(ok.status.success(), "{name}: {}", text(&ok));
        assert!(
            text(&ok).contains("Good \"filimbi-feeds\" signature for feeds@filimbi"),
            "{}",
            text(&ok)
        );

        // One changed byte, or a signature checked under another namespace, fails.
        let tampered = body.replacen("icglr", "icg1r", 1);
        assert_ne!(tampered, body, "{name} mentions a seeded domain");
        let bad = ssh_verify(dir.path(), &allowed, tampered.as_bytes(), &sig);
        assert!(
            !bad.status.success(),
            "{name}: tampered feed verified: {}",
            text(&bad)
        );
    }
    // A signature of one feed does not vouch for another.
    let txt = app.feed("fake-websites.txt").await.body;
    let hosts_sig = app.feed("fake-websites.hosts.sig").await.body;
    assert!(
        !ssh_verify(dir.path(), &allowed, txt.as_bytes(), &hosts_sig)
            .status
            .success()
    );
}

#[tokio::test]
async fn feeds_answer_304_to_a_matching_etag_until_the_list_changes() {
    let solo = Solo::new().await;
    let app = &solo.app;
    let mut etags = Vec::new();
    for name in FEEDS
        .iter()
        .map(|f| f.to_string())
        .chain(["fake-websites.txt.sig".into()])
    {
        let first = app.feed(&name).await;
        let etag = first.headers["etag"].to_str().unwrap().to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"),
            "strong: {etag}"
        );
        assert_eq!(first.headers["access-control-allow-origin"], "*", "{name}");
        let modified = first.headers["last-modified"].to_str().unwrap();
        assert!(
            httpdate::parse_http_date(modified).is_ok(),
            "{name}: {modified}"
        );

        let again = app
            .get_with(&format!("/feeds/{name}"), "if-none-match", &etag)
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{name}");
        assert!(again.body.is_empty(), "{name}: 304 has no body");
        assert_eq!(again.headers["etag"].to_str().unwrap(), etag);
        assert_eq!(again.headers["access-control-allow-origin"], "*");
        etags.push((name, etag));
    }
    let distinct: std::collections::HashSet<_> = etags.iter().map(|(_, e)| e).collect();
    assert_eq!(distinct.len(), etags.len(), "each feed has its own ETag");

    solo.publish(
        "icglr-licence-check.com",
        "Fake licence checker.",
        "Faux vérificateur de licences.",
    )
    .await;
    for (name, old) in &etags {
        let r = app
            .get_with(&format!("/feeds/{name}"), "if-none-match", old)
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{name}: changed feed is sent again"
        );
        let new = r.headers["etag"].to_str().unwrap();
        assert_ne!(new, old, "{name}: new ETag");
        assert!(!r.body.is_empty());
    }
    let txt = app.feed("fake-websites.txt").await;
    assert!(txt.body.lines().any(|l| l == "icglr-licence-check.com"));
}

/// A feed as raw bytes, with `accept-encoding` and `if-none-match` as given.
async fn raw_feed(
    app: &TestApp,
    name: &str,
    encoding: Option<&str>,
    if_none_match: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::get(format!("/feeds/{name}"));
    if let Some(e) = encoding {
        req = req.header("accept-encoding", e);
    }
    if let Some(t) = if_none_match {
        req = req.header("if-none-match", t);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("router");
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

#[tokio::test]
async fn feeds_come_gzip_compressed_to_whoever_accepts_it_with_their_own_etag() {
    let solo = Solo::new().await;
    let app = &solo.app;
    solo.publish(
        "fake-gzip.example",
        "Sells certificates.",
        "Vend des certificats.",
    )
    .await;
    for name in [
        "fake-websites.txt",
        "fake-websites.json",
        "fake-websites.rpz",
        "warnings.atom",
    ] {
        let (status, plain_h, plain) = raw_feed(app, name, None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(plain_h.get("content-encoding").is_none(), "{name}");
        let (status, gz_h, gz) = raw_feed(app, name, Some("br, gzip;q=0.8"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(gz_h["content-encoding"], "gzip", "{name}");
        assert_eq!(gz_h["vary"], "accept-encoding", "{name}");
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .expect("gzip");
        // The same bytes, so the signature (made over them) verifies after decompression.
        assert_eq!(unpacked, plain, "{name}");
        let plain_tag = plain_h["etag"].to_str().expect("etag").to_owned();
        let gz_tag = gz_h["etag"].to_str().expect("etag").to_owned();
        assert_ne!(plain_tag, gz_tag, "{name}: one ETag per encoding");
        let (status, _, _) = raw_feed(app, name, Some("gzip"), Some(&gz_tag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{name}");
        let (status, _, _) = raw_feed(app, name, None, Some(&plain_tag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{name}");
        if name.ends_with(".txt") {
            assert!(
                gz.len() < plain.len() || plain.len() < 200,
                "{name} compressed"
            );
        }
    }
    let (_, sig_h, _) = raw_feed(app, "fake-websites.txt.sig", Some("gzip"), None).await;
    assert!(sig_h.get("content-encoding").is_none());
}

#[tokio::test]
async fn an_approval_after_a_change_by_another_process_serves_both() {
    let solo = Solo::new().await;
    let app = &solo.app;
    solo.publish(
        "first-fake.example",
        "Sells certificates.",
        "Vend des certificats.",
    )
    .await;
    // Another process sharing the database (`filimbi warnings import` beside the server)
    // lists a site: this server has not seen it yet.
    let beside =
        filimbi::domain::warnings::target::parse_target("beside-fake.example").expect("target");
    let why =
        filimbi::domain::warnings::PublicReason::new("Imported.", "Importé.").expect("reason");
    app.store
        .apply_warning(
            filimbi::store::Change::Publish,
            &beside,
            &why,
            time::macros::date!(2026 - 11 - 23),
            None,
            None,
        )
        .await
        .expect("written beside the server");
    // The next approval here must not publish a list without it.
    solo.publish(
        "second-fake.example",
        "Sells certificates.",
        "Vend des certificats.",
    )
    .await;
    let txt = app.feed("fake-websites.txt").await.body;
    for site in [
        "first-fake.example",
        "beside-fake.example",
        "second-fake.example",
    ] {
        assert!(txt.lines().any(|l| l == site), "{site} missing:\n{txt}");
    }
    let json = app.feed_json().await;
    assert_eq!(
        json["serial"].as_i64(),
        app.store.warning_serial().await.ok(),
        "the feed's serial is the database's"
    );
}
