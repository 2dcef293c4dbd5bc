//! `filimbi export` trusts nothing it reads from the database: someone who can write the
//! database names objects like paths (`../../victim`), and an export run by an operator must
//! neither write outside `--out` nor overwrite anything, must leave out what fails its MAC, and
//! must keep what it writes private.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::cli::{filimbi, stderr};
use crate::common::*;

/// Every path under `dir` (files and directories) with its permission bits.
fn modes(dir: &Path) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("meta");
        out.push((
            path.display().to_string(),
            meta.permissions().mode() & 0o777,
        ));
        if meta.is_dir() {
            out.extend(modes(&path));
        }
    }
    out
}

#[tokio::test]
async fn rows_named_like_paths_write_nothing_outside_out_overwrite_nothing_and_fail() {
    let app = TestApp::new().await;
    let case = app.submit_case("A real report among forged rows.").await;
    // A file the attacker wants overwritten, where `exp/<case>/../../victim.age` points.
    let root = app.dir.path();
    let victim = root.join("victim.age");
    std::fs::write(&victim, b"KEEP ME").expect("victim");

    // Rows only a database writer could add: a blob and a key wrap named like paths.
    let pool = app.db().await;
    sqlx::query("INSERT INTO blobs (id, case_id, name, staged_day) VALUES ($1, $2, $3, $4)")
        .bind("ffffffffffffffffffffffffffffffff")
        .bind(&case)
        .bind("../../victim")
        .bind("2026-11-23")
        .execute(&pool)
        .await
        .expect("forged blob");
    sqlx::query("INSERT INTO blob_chunks (id, blob_id, chunk, data) VALUES ($1, $2, $3, $4)")
        .bind(987_654_321_i64)
        .bind("ffffffffffffffffffffffffffffffff")
        .bind(0_i64)
        .bind(b"OVERWRITTEN".to_vec())
        .execute(&pool)
        .await
        .expect("forged chunk");
    sqlx::query("INSERT INTO case_key_wraps (case_id, reader, ciphertext) VALUES ($1, $2, $3)")
        .bind(&case)
        .bind("account:/../../../wrap")
        .bind(b"OVERWRITTEN".to_vec())
        .execute(&pool)
        .await
        .expect("forged wrap");
    pool.close().await;
    app.store.close().await;

    let out = filimbi(root, &["export", "--out", "exp"]);
    let said = stderr(&out);
    assert!(
        !out.status.success(),
        "refused objects fail the export: {said}"
    );
    assert!(
        said.contains(r#"blob "../../victim": not a name Filimbi writes"#),
        "{said}"
    );
    assert!(
        said.contains(r#"key wrap for "account:/../../../wrap""#),
        "{said}"
    );
    assert!(said.contains("2 stored object(s) refused"), "{said}");
    assert_eq!(std::fs::read(&victim).expect("victim"), b"KEEP ME");
    let outside: Vec<String> = std::fs::read_dir(root)
        .expect("root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("wrap"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");

    // What checked is exported, private to the owner.
    let exp = root.join("exp");
    assert!(exp.join(&case).join("report.age").exists());
    assert!(exp.join(&case).join("case-key-escrow.age").exists());
    let written = modes(&exp);
    assert!(written.len() >= 4, "{written:?}");
    for (path, mode) in &written {
        let want = if Path::new(path).is_dir() {
            0o700
        } else {
            0o600
        };
        assert_eq!(*mode, want, "{path}");
    }
    let manifest = std::fs::read_to_string(exp.join("manifest.json")).expect("manifest");
    assert!(!manifest.contains("victim"), "{manifest}");

    // The refusal is on the record.
    assert_eq!(
        audited(&app, "export").await,
        [("all".to_owned(), "1 cases, 2 objects refused".to_owned())]
    );
}

/// `(subject, detail)` of every audit entry with `action`, read from the database.
async fn audited(app: &TestApp, action: &str) -> Vec<(String, String)> {
    let pool = app.db().await;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT subject, detail FROM audit_log WHERE action = $1 ORDER BY seq")
            .bind(action)
            .fetch_all(&pool)
            .await
            .expect("audit");
    pool.close().await;
    rows
}

#[tokio::test]
async fn an_object_whose_mac_fails_is_left_out_named_and_audited_and_nothing_is_overwritten() {
    let app = TestApp::new().await;
    let case = app
        .submit_case("A report whose escrow wrap is swapped.")
        .await;
    let pool = app.db().await;
    // The escrow wrap replaced by other bytes (its MAC no longer matches).
    sqlx::query("UPDATE case_key_wraps SET ciphertext = $1 WHERE case_id = $2 AND reader = $3")
        .bind(b"age-encryption.org/v1 forged".to_vec())
        .bind(&case)
        .bind("escrow")
        .execute(&pool)
        .await
        .expect("swap");
    pool.close().await;

    // Through the library, as the CLI does it.
    let out = app.dir.path().join("exp");
    let done = filimbi::offline::export::export(&app.store, &integrity_key(&app), &out, None)
        .await
        .expect("export runs");
    assert_eq!(done.cases, 1);
    assert_eq!(done.refused.len(), 1, "{:?}", done.refused);
    assert!(done.refused[0].integrity);
    assert_eq!(done.refused[0].case, case);
    assert_eq!(done.refused[0].why, r#"key-wrap "escrow": MAC mismatch"#);
    assert!(!out.join(&case).join("case-key-escrow.age").exists());
    assert!(out.join(&case).join("report.age").exists());

    // A second export into the same directory is refused before anything is written.
    let before = std::fs::read(out.join(&case).join("report.age")).expect("report");
    let again =
        filimbi::offline::export::export(&app.store, &integrity_key(&app), &out, None).await;
    assert!(again.is_err());
    assert_eq!(
        std::fs::read(out.join(&case).join("report.age")).expect("report"),
        before
    );

    // The CLI fails, names it, and audits the failed check.
    app.store.close().await;
    let cli = filimbi(app.dir.path(), &["export", "--out", "exp2"]);
    assert!(!cli.status.success());
    assert!(
        stderr(&cli).contains(r#"key-wrap "escrow": MAC mismatch"#),
        "{}",
        stderr(&cli)
    );
    assert_eq!(
        audited(&app, "integrity.fail").await,
        [(
            case.clone(),
            r#"key-wrap "escrow": MAC mismatch"#.to_owned()
        )]
    );
}

#[tokio::test]
async fn decrypt_follows_no_manifest_entry_out_of_its_case_folder() {
    let app = TestApp::new().await;
    let case = app
        .submit_case("A report whose export is changed in transit.")
        .await;
    let exp = app.export().await;
    // The manifest changed on the way: the report listed from a folder outside the export
    // (a genuine copy, so only the path is wrong).
    let root = app.dir.path();
    let outside = root.join("outside");
    std::fs::create_dir(&outside).expect("outside");
    std::fs::copy(
        exp.join(&case).join("report.age"),
        outside.join("report.age"),
    )
    .expect("copy");
    let manifest_path = exp.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).expect("manifest");
    let changed = text.replace(
        &format!("\"{case}/report.age\""),
        &format!("\"{case}/../../outside/report.age\""),
    );
    assert_ne!(text, changed);
    std::fs::write(&manifest_path, changed).expect("manifest");

    let identity = app.identities[0].to_string_lossy().into_owned();
    let out = filimbi(
        root,
        &["decrypt", "--identity", &identity, &exp.to_string_lossy()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a file an export writes for this case"),
        "{}",
        stderr(&out)
    );
    let mut written: Vec<String> = std::fs::read_dir(&outside)
        .expect("outside")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["report.age"], "nothing decrypted beside it");
}

#[tokio::test]
async fn decrypt_writes_through_no_link_planted_in_the_export() {
    let app = TestApp::new().await;
    let case = app
        .submit_case("A report decrypted where links were planted.")
        .await;
    let exp = app.export().await;
    let root = app.dir.path();
    let outside = root.join("outside");
    std::fs::create_dir(&outside).expect("outside");
    let victim = outside.join("victim.txt");
    std::fs::write(&victim, b"KEEP ME").expect("victim");
    let dangling = outside.join("created-through-a-link");
    std::os::unix::fs::symlink(&victim, exp.join(&case).join("report.txt")).expect("link");
    std::os::unix::fs::symlink(&dangling, exp.join(&case).join("report.json")).expect("link");

    let identity = app.identities[0].to_string_lossy().into_owned();
    let out = filimbi(
        root,
        &["decrypt", "--identity", &identity, &exp.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&victim).expect("victim"), b"KEEP ME");
    assert!(
        !dangling.exists(),
        "nothing created through a dangling link"
    );
    for name in ["report.txt", "report.json"] {
        let path = exp.join(&case).join(name);
        let meta = std::fs::symlink_metadata(&path).expect("written");
        assert!(meta.is_file(), "{name} is a file of its own");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
    }
    let text = std::fs::read_to_string(exp.join(&case).join("report.txt")).expect("text");
    assert!(text.contains("links were planted"), "{text}");
}
