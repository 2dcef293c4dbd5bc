//! `filimbi warnings export` and `import`.

use super::*;

fn filimbi(data: &Path, keys: &Path, args: &[&str]) -> Output {
    crate::database::command(data.parent().unwrap_or(data))
        .arg("--data-dir")
        .arg(data)
        .arg("--keys-dir")
        .arg(keys)
        .args(args)
        .output()
        .expect("run filimbi")
}

/// The targets and statuses of a `warnings export` file.
fn listing(export: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = export["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["target"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn warnings_export_and_import_carry_a_list_to_another_server() {
    // The source: one new listing, one seeded entry withdrawn.
    let solo = Solo::new().await;
    solo.publish(
        "icglr-douane.cd",
        "Fake customs portal.",
        "Faux portail douanier.",
    )
    .await;
    solo.withdraw(
        4,
        "Domain expired and was deleted.",
        "Domaine expiré et supprimé.",
    )
    .await;
    let Solo { app, .. } = solo;
    let (data, keys) = (app.data_dir(), app.dir.path().join("keys"));
    app.store.close().await;

    let file = app.dir.path().join("warnings.json");
    let out = filimbi(
        &data,
        &keys,
        &["warnings", "export", "--out", &file.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("5 entries written"), "{}", text(&out));
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("export file")).expect("JSON");
    assert_eq!(exported["format"], "filimbi-warnings/1");

    // A fresh server: only the seeded list.
    let fresh = tempfile::tempdir().expect("tempdir");
    let (data2, keys2) = (fresh.path().join("data"), fresh.path().join("keys"));
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &file.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 listed, 1 withdrawn, 3 unchanged"),
        "the import applies the new listing and the withdrawal: {}",
        text(&out)
    );
    let again = fresh.path().join("again.json");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "export", "--out", &again.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let imported: Value =
        serde_json::from_str(&std::fs::read_to_string(&again).expect("export")).expect("JSON");
    assert_eq!(listing(&imported), listing(&exported), "the lists match");
    let withdrawn = imported["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "www.icglr-lricg.org")
        .unwrap()
        .clone();
    assert_eq!(
        withdrawn["history"][1]["reason"]["en"],
        "Domain expired and was deleted."
    );
    // Importing the same file again changes nothing.
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &file.to_string_lossy()],
    );
    assert!(
        text(&out).contains("0 listed, 0 withdrawn, 5 unchanged"),
        "{}",
        text(&out)
    );

    // A file that lists an official domain is refused as a whole.
    let bad = fresh.path().join("bad.json");
    let doc = serde_json::json!({"format": "filimbi-warnings/1", "entries": [
        {"target": "icglr-nouveau-faux.org", "status": "active", "reason": {"en": "Fake.", "fr": "Faux."}},
        {"target": "https://verify.ceec-icglr.org/", "status": "active", "reason": {"en": "Oops.", "fr": "Oups."}},
    ]});
    std::fs::write(&bad, doc.to_string()).expect("write");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "import", &bad.to_string_lossy()],
    );
    assert!(
        !out.status.success(),
        "official domain imported: {}",
        text(&out)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("official domain"), "{err}");
    assert!(
        err.contains("verify.ceec-icglr.org"),
        "the message names the entry: {err}"
    );
    let after = fresh.path().join("after.json");
    let out = filimbi(
        &data2,
        &keys2,
        &["warnings", "export", "--out", &after.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let unchanged: Value =
        serde_json::from_str(&std::fs::read_to_string(&after).expect("export")).expect("JSON");
    assert_eq!(listing(&unchanged), listing(&exported), "nothing changed");

    // Both audit chains still verify and record the commands.
    for (d, k) in [(&data, &keys), (&data2, &keys2)] {
        let out = filimbi(d, k, &["audit", "verify"]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(text(&out).contains("audit chain intact"));
    }
    let source = app.restart(Default::default()).await;
    let audit = source.audit_actions().await;
    assert!(
        audit
            .iter()
            .any(|(w, a, _)| w == "cli" && a == "warnings.export"),
        "{audit:?}"
    );
    let target = TestApp::start(fresh, Vec::new()).await;
    let audit = target.audit_actions().await;
    let imports = audit
        .iter()
        .filter(|(w, a, _)| w == "cli" && a == "warnings.import");
    assert_eq!(
        imports.count(),
        2,
        "two imports succeeded, the refused one changed nothing: {audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|(w, a, _)| w == "cli" && a == "warnings.export")
    );
}

/// The export is the public list: an entry that would block an official domain (here a seeded
/// site named official later) is left out, and the operator is told which, by id.
#[tokio::test]
async fn warnings_export_leaves_out_entries_that_would_block_an_official_domain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, keys) = (dir.path().join("data"), dir.path().join("keys"));
    let file = dir.path().join("warnings.json");
    let out = filimbi(
        &data,
        &keys,
        &[
            "--official-domain",
            "ceec-icglr.org,ceecertification.com",
            "warnings",
            "export",
            "--out",
            &file.to_string_lossy(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 entries written"), "{err}");
    assert!(
        err.contains("would block an official domain: entries 1\n"),
        "{err}"
    );
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("export file")).expect("JSON");
    let targets: Vec<(String, String)> = listing(&exported);
    assert_eq!(targets.len(), 3);
    assert!(
        targets
            .iter()
            .all(|(t, _)| !t.contains("ceecertification.com")),
        "{targets:?}"
    );
}
