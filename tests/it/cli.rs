//! The `filimbi` binary as an operator uses it: keygen, export, decrypt, and clear failures.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use crate::common::*;

pub fn filimbi(dir: &Path, args: &[&str]) -> Output {
    crate::database::command(dir)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run filimbi")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn keygen_writes_a_private_identity_and_a_public_key_file_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = filimbi(
        dir.path(),
        &["keygen", "--name", "amani", "--out", "amani.key"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let recipient = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(recipient.starts_with("age1"));
    let key = dir.path().join("amani.key");
    let mode = std::fs::metadata(&key).expect("key").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let public = std::fs::read_to_string(dir.path().join("keys/amani.pub")).expect("pub");
    assert!(public.lines().any(|l| l == recipient));
    // stock age-keygen agrees on the public key
    let y = Command::new("age-keygen")
        .arg("-y")
        .arg(&key)
        .output()
        .expect("age-keygen");
    assert_eq!(String::from_utf8_lossy(&y.stdout).trim(), recipient);

    let again = filimbi(
        dir.path(),
        &["keygen", "--name", "other", "--out", "amani.key"],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("refusing to overwrite"),
        "{}",
        stderr(&again)
    );
    let same_name = filimbi(
        dir.path(),
        &["keygen", "--name", "amani", "--out", "new.key"],
    );
    assert!(!same_name.status.success());
    assert!(stderr(&same_name).contains("already exists"));
    let bad = filimbi(
        dir.path(),
        &["keygen", "--name", "../evil", "--out", "x.key"],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("invalid key name"));
}

#[tokio::test]
async fn export_then_decrypt_gives_readable_private_files() {
    let app = TestApp::new().await;
    let pdf = crate::fixtures::pdf_with_metadata();
    let reply = app
        .submit_files(
            "illegal-trade",
            &[
                ("place", "Numbi"),
                ("mineral", "gold"),
                ("description", "Trucks at night"),
            ],
            &[("convoy map.pdf", &pdf), ("clip.bin", b"opaque bytes")],
        )
        .await;
    assert_eq!(reply.status, 200);
    app.store.close().await;
    let root = app.dir.path();
    let out = filimbi(root, &["--data-dir", "data", "export", "--out", "exp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("exp/manifest.json")).expect("manifest"))
            .expect("json");
    let case = &manifest["cases"][0];
    assert_eq!(case["category"], "illegal-trade");
    assert_eq!(case["status"], "new");
    assert_eq!(case["received_day"], "2026-11-23");
    let id = case["id"].as_str().expect("id").to_owned();

    let identity = app.identities[0].to_string_lossy().into_owned();
    let dec = filimbi(root, &["decrypt", "--identity", &identity, "exp"]);
    assert!(dec.status.success(), "{}", stderr(&dec));
    assert!(stderr(&dec).contains("[1/1]"), "progress shown");
    let txt = root.join(format!("exp/{id}/report.txt"));
    let text = std::fs::read_to_string(&txt).expect("report.txt");
    assert!(text.contains("Trucks at night"));
    assert!(text.contains("Place or mine site:\n  Numbi"));
    let mode = std::fs::metadata(&txt).expect("txt").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.join(format!("exp/{id}/report.json"))).expect("json"),
    )
    .expect("parses");
    assert_eq!(json["fields"]["mineral"], "gold");
    // Attachments come out under their original names, readable by the owner only.
    let pdf_path = root.join(format!("exp/{id}/attachments/convoy map.pdf"));
    let bytes = std::fs::read(&pdf_path).expect("attachment written with its original name");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(
        std::fs::metadata(&pdf_path)
            .expect("pdf")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let other = std::fs::read(root.join(format!("exp/{id}/attachments/clip.bin"))).expect("bin");
    assert_eq!(other, b"opaque bytes");
    assert!(text.contains("convoy map.pdf — application/pdf"), "{text}");
    assert!(
        text.contains(
            "clip.bin — application/octet-stream, 12 bytes, METADATA NOT REMOVED (unknown-type)"
        ),
        "{text}"
    );

    // One case only, by id; a bad id and a non-empty directory are clear errors.
    let one = filimbi(
        root,
        &[
            "--data-dir",
            "data",
            "export",
            "--out",
            "one",
            "--case",
            &id,
        ],
    );
    assert!(one.status.success(), "{}", stderr(&one));
    let bad = filimbi(
        root,
        &[
            "--data-dir",
            "data",
            "export",
            "--out",
            "two",
            "--case",
            "nope",
        ],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("invalid case id"));
    let full = filimbi(root, &["--data-dir", "data", "export", "--out", "exp"]);
    assert!(!full.status.success());
    assert!(stderr(&full).contains("not empty"));
}

#[tokio::test]
async fn decrypt_with_a_stranger_key_fails_clearly() {
    let app = TestApp::new().await;
    app.submit("other", &[("description", "secret")]).await;
    let export = app.export().await;
    let root = app.dir.path();
    let made = filimbi(
        root,
        &[
            "keygen",
            "--name",
            "stranger",
            "--keys-dir",
            "otherkeys",
            "--out",
            "stranger.key",
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let dec = filimbi(
        root,
        &[
            "decrypt",
            "--identity",
            "stranger.key",
            &export.to_string_lossy(),
        ],
    );
    assert!(!dec.status.success());
    assert!(
        stderr(&dec).contains("could not be decrypted"),
        "{}",
        stderr(&dec)
    );
    let missing = filimbi(
        root,
        &[
            "decrypt",
            "--identity",
            "nope.key",
            &export.to_string_lossy(),
        ],
    );
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("nope.key"));
}

#[test]
fn serve_refuses_a_bad_key_file_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("keys")).expect("keys");
    std::fs::write(
        dir.path().join("keys/typo.pub"),
        "# ok\nage1thisisnotakey\n",
    )
    .expect("write");
    let out = filimbi(dir.path(), &["--listen", "127.0.0.1:0", "serve"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("typo.pub:2"), "{}", stderr(&out));
}

#[test]
fn serve_refuses_an_unusable_data_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("afile"), "").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .current_dir(dir.path())
        .env("FILIMBI_DATA_DIR", "afile/data")
        .env("FILIMBI_LISTEN", "127.0.0.1:0")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("data directory"), "{}", stderr(&out));
}

#[test]
fn a_missing_smtp_url_file_stops_the_start_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = filimbi(
        dir.path(),
        &[
            "--smtp-url-file",
            "secrets/smtp-url",
            "--listen",
            "127.0.0.1:0",
            "serve",
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("SMTP URL file secrets/smtp-url"), "{err}");
    assert!(
        !dir.path().join("data").exists(),
        "nothing is opened before the options are complete"
    );
}

/// The offline commands take their own argument types, so they run without the command
/// line's parser: an account added and a list exported straight through `offline`.
#[tokio::test]
async fn offline_commands_run_from_their_own_argument_types() {
    use filimbi::offline::accounts::AccountCommand;
    use filimbi::offline::warnings::WarningsAction;
    let app = TestApp::new().await;
    let add = AccountCommand::Add {
        name: "zawadi".to_owned(),
        admin: true,
    };
    filimbi::offline::accounts::run(app.offline_options().await, add)
        .await
        .expect("account added");
    let accounts = app.state.staff.accounts.list().await.expect("accounts");
    assert!(
        accounts
            .iter()
            .any(|a| a.name.to_string() == "zawadi" && a.is_admin),
        "the account exists, as an admin"
    );
    let out = app.dir.path().join("warnings.json");
    let export = WarningsAction::Export {
        out: Some(out.clone()),
    };
    filimbi::offline::warnings::run(app.offline_options().await, export)
        .await
        .expect("list exported");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("export written")).expect("json");
    assert_eq!(doc["format"], filimbi::offline::warnings::FORMAT);
    let missing = AccountCommand::Disable {
        name: "nobody".to_owned(),
    };
    assert!(
        filimbi::offline::accounts::run(app.offline_options().await, missing)
            .await
            .is_err(),
        "an unknown account is an error, not a silent success"
    );
}

#[tokio::test]
async fn offline_commands_leave_the_spool_to_the_server() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // On a new data directory an offline command makes the database, but no spool.
    let out = filimbi(root, &["investigator", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        root.join("data/filimbi.sqlite3").exists(),
        !crate::database::on_postgres()
    );
    assert!(!root.join("data/spool").exists(), "no spool directory made");

    // An upload leftover two days old, which the server's start-up sweep removes …
    let spool = root.join("data/spool");
    std::fs::create_dir(&spool).expect("spool");
    let leftover = spool.join("0123456789abcdef.spool");
    std::fs::File::create(&leftover)
        .expect("leftover")
        .set_modified(SystemTime::now() - Duration::from_secs(2 * 86_400))
        .expect("age it");
    let commands: &[&[&str]] = &[
        &["investigator", "add", "amani"],
        &["investigator", "list"],
        &["audit", "verify"],
        &["warnings", "export", "--out", "warnings.json"],
        &["export", "--out", "exp"],
    ];
    for args in commands {
        let out = filimbi(root, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(leftover.exists(), "{args:?} swept the spool");
    }
    // … as the server does: the difference is the command, not the file.
    let mut opts = filimbi::app::AppOptions::new(root.join("data"), root.join("keys"));
    opts.database_url = crate::database::url_for(root).await.map(Into::into);
    let built = filimbi::app::build(opts).await.expect("server builds");
    built.store.close().await;
    assert!(!leftover.exists(), "the server sweeps old leftovers");
}

#[test]
fn bad_arguments_exit_with_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = filimbi(dir.path(), &["--listen", "not-an-address"]);
    assert_eq!(out.status.code(), Some(2));
    let out = filimbi(dir.path(), &["export"]);
    assert_eq!(out.status.code(), Some(2), "--out is required");
    let out = filimbi(dir.path(), &["export", "--out", "x"]);
    if crate::database::on_postgres() {
        // The database is the server's to name, and exists: an export of nothing.
        assert!(out.status.success(), "{}", stderr(&out));
    } else {
        assert!(!out.status.success());
        assert!(stderr(&out).contains("no database here"));
    }
}

#[tokio::test]
async fn decrypt_detects_attachments_swapped_between_cases() {
    let app = TestApp::new().await;
    for text in ["first case", "second case"] {
        let reply = app
            .submit_files(
                "other",
                &[("description", text)],
                &[("evidence.bin", text.as_bytes())],
            )
            .await;
        assert_eq!(reply.status, 200);
    }
    let export = app.export().await;
    let cases: Vec<_> = std::fs::read_dir(&export)
        .expect("export")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path().join("attachment-01.age"))
        .collect();
    assert_eq!(cases.len(), 2);
    let (a, b) = (
        std::fs::read(&cases[0]).expect("a"),
        std::fs::read(&cases[1]).expect("b"),
    );
    std::fs::write(&cases[0], b).expect("swap");
    std::fs::write(&cases[1], a).expect("swap");
    let identity = app.identities[0].to_string_lossy().into_owned();
    let dec = filimbi(
        app.dir.path(),
        &[
            "decrypt",
            "--identity",
            &identity,
            &export.to_string_lossy(),
        ],
    );
    assert!(!dec.status.success());
    assert!(
        stderr(&dec).contains("does not match the checksum"),
        "{}",
        stderr(&dec)
    );
}
