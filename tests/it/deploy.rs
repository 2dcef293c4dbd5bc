//! The deployment files in `deploy/`, checked with the tools that will read them, as far as a
//! machine without a service manager or container engine allows: the systemd unit with
//! `systemd-analyze verify` and its `security` score, the torrc with `tor --verify-config`, the
//! Caddyfile with `caddy validate`, and the Containerfile's inputs.

use std::path::Path;
use std::process::Command;

fn deploy(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("deploy")
            .join(name),
    )
    .expect("deploy file")
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().expect("tool installed by .ci/run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_systemd_unit_verifies_and_scores_ok() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The unit names the installed binary; here, the one just built.
    let unit =
        deploy("filimbi.service").replace("/usr/local/bin/filimbi", env!("CARGO_BIN_EXE_filimbi"));
    let path = dir.path().join("filimbi.service");
    std::fs::write(&path, unit).expect("unit");
    let (ok, text) = run(Command::new("systemd-analyze").arg("verify").arg(&path));
    assert!(ok && text.trim().is_empty(), "{text}");
    let (_, text) = run(Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&path));
    let score: f64 = text
        .lines()
        .find_map(|l| {
            l.split("Overall exposure level for filimbi.service:")
                .nth(1)
        })
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("an exposure score");
    println!("systemd-analyze security: exposure {score}");
    assert!(score <= 2.0, "exposure {score} (OK is 2.0 or less)\n{text}");
    // The cleaning workers set their own resource limits: @resources must stay allowed.
    assert!(
        deploy("filimbi.service")
            .lines()
            .filter(|l| l.starts_with("SystemCallFilter=~"))
            .all(|l| !l.contains("@resources"))
    );
}

#[test]
fn the_torrc_is_valid_for_tor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hs = dir.path().join("hs");
    std::fs::create_dir(&hs).expect("hs");
    use std::os::unix::fs::PermissionsExt;
    for d in [dir.path(), hs.as_path()] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
    let torrc = deploy("torrc")
        .replace("/var/lib/tor/filimbi/", &format!("{}/", hs.display()))
        .replace(
            "DataDirectory /var/lib/tor",
            &format!("DataDirectory {}", dir.path().display()),
        );
    let path = dir.path().join("torrc");
    std::fs::write(&path, torrc).expect("torrc");
    let (ok, text) = run(Command::new("tor")
        .arg("--verify-config")
        .arg("-f")
        .arg(&path));
    assert!(ok && text.contains("Configuration was valid"), "{text}");
}

#[test]
fn the_caddyfile_is_valid_and_logs_no_address_or_query() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/Caddyfile");
    let (ok, text) = run(Command::new("caddy")
        .args(["validate", "--adapter", "caddyfile", "--config"])
        .arg(&path));
    assert!(ok && text.contains("Valid configuration"), "{text}");
    let caddy = deploy("Caddyfile");
    for field in [
        "request>remote_ip delete",
        "request>client_ip delete",
        "request>headers delete",
    ] {
        assert!(caddy.contains(field), "{field}");
    }
    assert!(caddy.contains("Strict-Transport-Security"));
}

#[test]
fn the_containerfile_copies_what_the_build_needs_and_runs_as_non_root() {
    let file = deploy("Containerfile");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for line in file
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        for src in &parts[1..parts.len() - 1] {
            assert!(root.join(src).exists(), "{src} in {line}");
        }
    }
    assert!(file.contains("USER nonroot"));
    assert!(deploy("compose.yaml").contains("read_only: true"));
}
