//! Backups as an operator runs them: `filimbi backup` beside a server taking reports, then
//! `filimbi restore` on another machine (another directory), and the whistle-blowers' receipts
//! still open their cases.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;

use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::followup::location;

/// Copies the public keys of `from` into `to/keys`.
fn copy_keys(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("keys")).expect("keys dir");
    for entry in std::fs::read_dir(from.join("keys")).expect("keys") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join("keys").join(path.file_name().expect("name"))).expect("copy");
    }
}

/// Writes the server's public signing key (as `/feeds/signing-key.pub` serves it) from the
/// data directory `data` into `to`; returns `to`.
fn signer_pub(data: &Path, to: &Path) -> std::path::PathBuf {
    let signer = filimbi::crypto::feed_signing::FeedSigner::load(data).expect("signing key");
    std::fs::write(to, format!("{}\n", signer.public_key())).expect("signer.pub");
    to.to_path_buf()
}

/// `filimbi restore` of `from` into `root/data` with the first offline identity of `app` and
/// `signer` as the trusted key.
fn restore(root: &Path, from: &Path, identity: &Path, signer: &Path) -> std::process::Output {
    filimbi(
        root,
        &[
            "restore",
            "--from",
            from.to_str().expect("path"),
            "--identity",
            identity.to_str().expect("path"),
            "--signer-key",
            signer.to_str().expect("path"),
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_elsewhere_and_every_earlier_receipt_opens_its_case() {
    let app = Arc::new(TestApp::new().await);
    let mut receipts = Vec::new();
    for i in 0..8 {
        let reply = app
            .submit(
                "other",
                &[("description", &format!("before the backup {i}"))],
            )
            .await;
        receipts.push(reply.receipt().expect("receipt"));
    }
    // Reports keep coming while the backup runs.
    let running = Arc::new(AtomicBool::new(true));
    let load = {
        let (app, running) = (Arc::clone(&app), Arc::clone(&running));
        tokio::spawn(async move {
            let mut sent = 0;
            while running.load(Ordering::SeqCst) {
                let reply = app
                    .submit("other", &[("description", "during the backup")])
                    .await;
                assert_eq!(reply.status, StatusCode::OK);
                sent += 1;
            }
            sent
        })
    };
    let root = app.dir.path().to_path_buf();
    let out =
        tokio::task::spawn_blocking(move || filimbi(&root, &["backup", "--out", "backup.age"]))
            .await
            .expect("backup ran");
    running.store(false, Ordering::SeqCst);
    let during = load.await.expect("load");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("encrypted to 1 offline key"),
        "{}",
        stderr(&out)
    );
    let backup = app.dir.path().join("backup.age");
    println!("backup taken while {during} reports came in");

    // Never overwritten.
    let again = filimbi(app.dir.path(), &["backup", "--out", "backup.age"]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );

    // Stock age and tar list it; nothing secret is in it in clear.
    let listing = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "age -d -i '{}' '{}' | tar -t",
            app.identities[0].display(),
            backup.display()
        ))
        .output()
        .expect("age | tar");
    assert!(
        listing.status.success(),
        "{}",
        String::from_utf8_lossy(&listing.stderr)
    );
    let names = String::from_utf8_lossy(&listing.stdout);
    for name in [
        "manifest.json",
        "filimbi.sqlite3",
        "server.key",
        "feed-signing.key",
    ] {
        assert!(names.lines().any(|l| l == name), "{name} in {names}");
    }
    let sealed = std::fs::read(&backup).expect("backup");
    let server_key = std::fs::read(app.data_dir().join("server.key")).expect("server.key");
    assert!(!contains(&sealed, b"SQLite format 3"));
    assert!(!contains(&sealed, &server_key[..server_key.len().min(32)]));

    // Another machine: its keys, an empty data directory, the backup and an offline identity.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    copy_keys(app.dir.path(), elsewhere.path());
    std::fs::create_dir(elsewhere.path().join("data")).expect("data");
    std::fs::write(elsewhere.path().join("data/stray"), b"x").expect("stray");
    // The key the operator kept from the server's public pages.
    let published = app.get("/feeds/signing-key.pub").await;
    assert_eq!(published.status, StatusCode::OK);
    let signer = elsewhere.path().join("signer.pub");
    std::fs::write(&signer, &published.body).expect("signer.pub");
    let restore_args = [
        "restore",
        "--from",
        backup.to_str().expect("path"),
        "--identity",
        app.identities[0].to_str().expect("path"),
        "--signer-key",
        signer.to_str().expect("path"),
    ];
    let refused = filimbi(elsewhere.path(), &restore_args);
    assert!(
        !refused.status.success(),
        "a non-empty data directory is refused"
    );
    assert!(
        stderr(&refused).contains("not empty"),
        "{}",
        stderr(&refused)
    );
    std::fs::remove_file(elsewhere.path().join("data/stray")).expect("rm");
    let restored = filimbi(elsewhere.path(), &restore_args);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(
        stderr(&restored).contains("audit chain intact"),
        "{}",
        stderr(&restored)
    );
    let verify = filimbi(elsewhere.path(), &["audit", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));

    for name in ["server.key", "feed-signing.key"] {
        assert_eq!(
            std::fs::read(app.data_dir().join(name)).expect("before"),
            std::fs::read(elsewhere.path().join("data").join(name)).expect("after"),
            "{name}: the same secret, so the same receipts and the same feed signatures"
        );
    }
    let identities = app.identities.clone();
    let restored_app = TestApp::start(elsewhere, identities).await;
    for receipt in &receipts {
        let r = restored_app.type_receipt(receipt).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(
            location(&r).starts_with("/followup/case"),
            "{}",
            location(&r)
        );
    }
}

#[test]
fn a_backup_needs_an_offline_key_and_a_restore_the_right_identity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let made = filimbi(root, &["investigator", "list"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let no_keys = filimbi(root, &["backup", "--out", "b.age"]);
    assert!(!no_keys.status.success());
    assert!(
        stderr(&no_keys).contains("no offline key"),
        "{}",
        stderr(&no_keys)
    );
    assert!(!root.join("b.age").exists(), "nothing half-written");

    let key = filimbi(root, &["keygen", "--name", "first", "--out", "first.key"]);
    assert!(key.status.success(), "{}", stderr(&key));
    let other = filimbi(root, &["keygen", "--name", "x", "--out", "stranger.key"]);
    assert!(other.status.success());
    std::fs::remove_file(root.join("keys/x.pub")).expect("not a recipient");
    let ok = filimbi(root, &["backup", "--out", "b.age"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stderr(&ok).contains("b.age.sig"), "{}", stderr(&ok));
    let signer = signer_pub(&root.join("data"), &root.join("signer.pub"));
    let wrong = filimbi(
        root,
        &[
            "--data-dir",
            "restored",
            "restore",
            "--from",
            "b.age",
            "--identity",
            "stranger.key",
            "--signer-key",
            signer.to_str().expect("path"),
        ],
    );
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("does not open"),
        "{}",
        stderr(&wrong)
    );
    assert!(
        std::fs::read_dir(root.join("restored")).map_or(true, |mut d| d.next().is_none()),
        "nothing left behind"
    );
}

#[tokio::test]
async fn scheduled_backups_keep_the_last_n_and_doctor_sees_them() {
    use filimbi::services::backups::{BackupSchedule, run_scheduled};
    let app = TestApp::new().await;
    let schedule = BackupSchedule {
        dir: app.dir.path().join("backups"),
        every: std::time::Duration::from_secs(3600),
        keep: 2,
    };
    let audit = std::sync::Arc::clone(&app.state.staff.audit);
    let day = time::macros::date!(2026 - 11 - 28);
    let mut made = Vec::new();
    for _ in 0..3 {
        let path = run_scheduled(
            &app.store,
            &audit,
            &app.dir.path().join("keys"),
            &app.data_dir(),
            &schedule,
            day,
        )
        .await
        .expect("scheduled backup");
        made.push(
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
        );
    }
    assert_eq!(
        made,
        [
            "filimbi-backup-2026-11-28-1.age",
            "filimbi-backup-2026-11-28-2.age",
            "filimbi-backup-2026-11-28-3.age"
        ],
        "named by day and number: no time of day"
    );
    let mut left: Vec<String> = std::fs::read_dir(&schedule.dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let signed: Vec<String> = made[1..]
        .iter()
        .flat_map(|m| [m.clone(), format!("{m}.sig")])
        .collect();
    assert_eq!(
        left, signed,
        "the oldest beyond two is gone, with its signature"
    );

    let doctor = filimbi(app.dir.path(), &["--backup-dir", "backups", "doctor"]);
    let said = String::from_utf8_lossy(&doctor.stdout).into_owned();
    assert!(
        said.contains("ok       the newest backup is 0 hours old"),
        "{said}"
    );
}

#[test]
fn doctor_names_what_hurts_and_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for name in ["first", "second"] {
        let key = filimbi(
            root,
            &["keygen", "--name", name, "--out", &format!("{name}.key")],
        );
        assert!(key.status.success(), "{}", stderr(&key));
    }
    let made = filimbi(root, &["investigator", "list"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let healthy = filimbi(root, &["doctor"]);
    let said = String::from_utf8_lossy(&healthy.stdout).into_owned();
    assert!(healthy.status.success(), "{said}");
    for line in [
        "ok       2 offline keys",
        "ok       rate limits are on",
        "file cleaners run sandboxed",
    ] {
        assert!(said.contains(line), "{line} in {said}");
    }
    let off = filimbi(
        root,
        &[
            "--rate-limits",
            "off",
            "--insecure-cookies",
            "--public-url",
            "https://filimbi.example",
            "doctor",
        ],
    );
    let said = String::from_utf8_lossy(&off.stdout).into_owned();
    assert!(off.status.success(), "warnings only: {said}");
    assert!(said.contains("warning  rate limits are off"), "{said}");
    assert!(
        said.contains("warning  session cookies are not marked Secure"),
        "{said}"
    );
    std::fs::set_permissions(root.join("keys"), std::fs::Permissions::from_mode(0o777))
        .expect("chmod");
    let open = filimbi(root, &["doctor"]);
    let said = String::from_utf8_lossy(&open.stdout).into_owned();
    assert!(!open.status.success(), "a problem fails the command");
    assert!(
        said.contains("PROBLEM  the keys directory is writable by others"),
        "{said}"
    );
    assert!(said.contains("→ chmod go-w"), "{said}");
}

#[tokio::test]
async fn a_server_moves_from_sqlite_to_postgresql_through_a_backup() {
    // On SQLite, whatever the suite runs on: an instance made before PostgreSQL was chosen.
    let app = TestApp::with_options(|o| o.database_url = None).await;
    assert_eq!(app.store.backend(), filimbi::store::Backend::Sqlite);
    let reply = app
        .submit("other", &[("description", "MOVED-CANARY before the move")])
        .await;
    let receipt = reply.receipt().expect("receipt");
    let backup = filimbi(app.dir.path(), &["backup", "--out", "move.age"]);
    assert!(backup.status.success(), "{}", stderr(&backup));

    // The new home: on the PostgreSQL run, a PostgreSQL database that holds nothing yet.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    copy_keys(app.dir.path(), elsewhere.path());
    let from = app.dir.path().join("move.age");
    let signer = signer_pub(&app.data_dir(), &elsewhere.path().join("signer.pub"));
    let restored = restore(elsewhere.path(), &from, &app.identities[0], &signer);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let moved = TestApp::start(elsewhere, app.identities.clone()).await;
    if crate::database::on_postgres() {
        assert_eq!(moved.store.backend(), filimbi::store::Backend::Postgres);
        assert!(
            stderr(&restored).contains("into PostgreSQL"),
            "{}",
            stderr(&restored)
        );
        assert!(
            !moved.data_dir().join("filimbi.sqlite3").exists(),
            "the archive's SQLite file is not left behind"
        );
    }
    assert_eq!(moved.case_count().await, 1);
    let r = moved.type_receipt(&receipt).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The audit chain made on SQLite verifies on its new engine, with its restore appended.
    let verify = filimbi(moved.dir.path(), &["audit", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    // Nothing is decrypted to move: the stored values are the same ciphertext.
    let stored = crate::schema::stored_values(&moved.db().await).await;
    assert!(!contains(&stored, b"MOVED-CANARY"));
}

/// `ssh-keygen -Y verify` of `file` against `sig` with an allowed_signers line for backups.
fn ssh_verify(dir: &Path, signer: &Path, file: &Path, sig: &Path) -> std::process::Output {
    let key = std::fs::read_to_string(signer).expect("signer");
    let key: Vec<&str> = key.split_whitespace().take(2).collect();
    let allowed = dir.join("allowed_signers");
    std::fs::write(
        &allowed,
        format!(
            "feeds@filimbi namespaces=\"filimbi-backup\" {}\n",
            key.join(" ")
        ),
    )
    .expect("allowed_signers");
    std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&allowed)
        .args(["-I", "feeds@filimbi", "-n", "filimbi-backup", "-s"])
        .arg(sig)
        .stdin(std::fs::File::open(file).expect("file"))
        .output()
        .expect("ssh-keygen (apt-get install openssh-client)")
}

/// SHA-512 of a file, as a backup signature covers it.
fn sha512_of(file: &Path) -> [u8; 64] {
    use sha2::Digest;
    sha2::Sha512::digest(std::fs::read(file).expect("read")).into()
}

/// True when `dir` is missing or empty: a refused restore leaves nothing behind.
fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

#[tokio::test]
async fn a_backup_anyone_could_build_is_refused_and_only_the_servers_signed_one_restores() {
    let app = TestApp::new().await;
    let receipt = app
        .submit("other", &[("description", "the real server's report")])
        .await
        .receipt()
        .expect("receipt");
    let root = app.dir.path();
    let made = filimbi(root, &["backup", "--out", "real.age"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let (real, real_sig) = (root.join("real.age"), root.join("real.age.sig"));
    let elsewhere = tempfile::tempdir().expect("tempdir");
    copy_keys(root, elsewhere.path());
    let signer = signer_pub(&app.data_dir(), &elsewhere.path().join("signer.pub"));
    let identity = &app.identities[0];

    // Stock OpenSSH checks the pair, as it checks the feeds.
    let stock = ssh_verify(elsewhere.path(), &signer, &real, &real_sig);
    assert!(
        stock.status.success(),
        "{}",
        String::from_utf8_lossy(&stock.stderr)
    );

    // An attacker holding only the public offline recipients builds a whole consistent
    // instance of their own and backs it up: it decrypts with the real identity, and its audit
    // chain and MACs check under the server.key inside it.
    let attacker = tempfile::tempdir().expect("tempdir");
    copy_keys(root, attacker.path());
    let setup = filimbi(attacker.path(), &["investigator", "list"]);
    assert!(setup.status.success(), "{}", stderr(&setup));
    let forged = filimbi(attacker.path(), &["backup", "--out", "forged.age"]);
    assert!(forged.status.success(), "{}", stderr(&forged));
    let forged = attacker.path().join("forged.age");
    let forged_sig = attacker.path().join("forged.age.sig");
    let out = restore(elsewhere.path(), &forged, identity, &signer);
    assert!(!out.status.success(), "signed by another key");
    assert!(
        stderr(&out).contains("made by another key"),
        "{}",
        stderr(&out)
    );
    assert!(empty(&elsewhere.path().join("data")), "nothing restored");
    assert!(
        !ssh_verify(elsewhere.path(), &signer, &forged, &forged_sig)
            .status
            .success()
    );

    // Even signed with the real key (were it ever to leak), an archive holding another
    // server's signing key is refused.
    let real_key = filimbi::crypto::feed_signing::FeedSigner::load(&app.data_dir()).expect("key");
    let resigned = real_key
        .sign_digest(
            filimbi::crypto::feed_signing::BACKUP_NAMESPACE,
            &sha512_of(&forged),
        )
        .expect("sign");
    std::fs::write(&forged_sig, resigned).expect("sig");
    let out = restore(elsewhere.path(), &forged, identity, &signer);
    assert!(!out.status.success(), "another server's archive");
    assert!(
        stderr(&out).contains("is not the signer key given"),
        "{}",
        stderr(&out)
    );
    assert!(empty(&elsewhere.path().join("data")), "nothing left behind");

    // Unsigned.
    std::fs::remove_file(&forged_sig).expect("rm sig");
    let out = restore(elsewhere.path(), &forged, identity, &signer);
    assert!(!out.status.success(), "unsigned");
    assert!(
        stderr(&out).contains("no signature: an unsigned backup is refused"),
        "{}",
        stderr(&out)
    );
    assert!(empty(&elsewhere.path().join("data")));

    // The real backup re-signed with another key.
    let copy = elsewhere.path().join("resigned.age");
    std::fs::copy(&real, &copy).expect("copy");
    let other = filimbi::crypto::feed_signing::FeedSigner::ephemeral().expect("key");
    let resigned = other
        .sign_digest(
            filimbi::crypto::feed_signing::BACKUP_NAMESPACE,
            &sha512_of(&copy),
        )
        .expect("sign");
    std::fs::write(elsewhere.path().join("resigned.age.sig"), resigned).expect("sig");
    let out = restore(elsewhere.path(), &copy, identity, &signer);
    assert!(!out.status.success(), "re-signed");
    assert!(
        stderr(&out).contains("made by another key"),
        "{}",
        stderr(&out)
    );

    // The real signature on a changed file.
    let changed = elsewhere.path().join("changed.age");
    let mut bytes = std::fs::read(&real).expect("read");
    bytes.push(b'\n');
    std::fs::write(&changed, bytes).expect("changed");
    std::fs::copy(&real_sig, elsewhere.path().join("changed.age.sig")).expect("sig");
    let out = restore(elsewhere.path(), &changed, identity, &signer);
    assert!(!out.status.success(), "changed");
    assert!(
        stderr(&out).contains("does not match the file"),
        "{}",
        stderr(&out)
    );
    assert!(empty(&elsewhere.path().join("data")));

    // A signer key that is not one.
    let junk = elsewhere.path().join("junk.pub");
    std::fs::write(&junk, "age1notasshkey\n").expect("junk");
    let out = restore(elsewhere.path(), &real, identity, &junk);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("holds no ssh-ed25519 public key"),
        "{}",
        stderr(&out)
    );

    // The genuine one restores, and its receipts open.
    let out = restore(elsewhere.path(), &real, identity, &signer);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = TestApp::start(elsewhere, app.identities.clone()).await;
    let r = restored.type_receipt(&receipt).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        location(&r).starts_with("/followup/case"),
        "{}",
        location(&r)
    );
}

/// A snapshot folder as a backup killed midway leaves it: a full copy of the database.
fn leave_snapshot(data: &Path, name: &str) -> std::path::PathBuf {
    let dir = data.join(name);
    std::fs::create_dir_all(&dir).expect("scratch");
    std::fs::write(
        dir.join("filimbi.sqlite3"),
        b"SQLite format 3\0 a whole copy",
    )
    .expect("db");
    std::fs::write(dir.join("in-use"), b"").expect("lock file");
    dir
}

#[tokio::test]
async fn snapshots_a_crashed_backup_left_are_swept_at_start_and_before_the_next_backup() {
    // Left before the server starts: one from a crashed backup, and one a backup still holds.
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("investigator0.key");
    filimbi::offline::keygen::generate("investigator0", &key, &dir.path().join("keys"))
        .expect("keygen");
    let data = dir.path().join("data");
    let crashed = leave_snapshot(&data, ".backup-00112233aabbccdd");
    let live = leave_snapshot(&data, ".backup-live0live0live0");
    let held = nix::fcntl::Flock::lock(
        std::fs::File::open(live.join("in-use")).expect("open"),
        nix::fcntl::FlockArg::LockExclusiveNonblock,
    )
    .map_err(|(_, e)| e)
    .expect("lock");
    let app = TestApp::start(dir, vec![key]).await;
    assert!(!crashed.exists(), "swept at start");
    assert!(live.exists(), "a running backup's snapshot is left alone");
    drop(held);

    // Left between two backups: the next one sweeps it (and the one no longer held).
    let crashed = leave_snapshot(&app.data_dir(), ".backup-8899aabbccddeeff");
    app.store.close().await;
    let out = filimbi(app.dir.path(), &["backup", "--out", "next.age"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!crashed.exists(), "swept by the next backup");
    assert!(!live.exists(), "its backup is gone");
    let left: Vec<String> = std::fs::read_dir(app.data_dir())
        .expect("data")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".backup-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
