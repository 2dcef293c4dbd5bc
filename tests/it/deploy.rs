//! The deployment files in `deploy/`, checked with the tools that will read them, as far as a
//! machine without a service manager or container engine allows: the systemd unit with
//! `systemd-analyze verify` and its `security` score, the torrc with `tor --verify-config`, the
//! Caddyfile with `caddy validate`, the Containerfile's inputs, and the Kannel example run by a
//! real bearerbox and smsbox.

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
    let unit = deploy("filimbi.service").replace("/usr/bin/filimbi", env!("CARGO_BIN_EXE_filimbi"));
    let path = dir.path().join("filimbi.service");
    std::fs::write(&path, unit).expect("unit");
    // `Documentation=man:filimbi(1)` must name a page `man` finds: the generated ones, where
    // the package installs them (`.ci/deb` verifies the installed unit with the installed pages).
    let pages = dir.path().join("man");
    let made = Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .args(["generate", "man"])
        .arg(pages.join("man1"))
        .output()
        .expect("generate man");
    assert!(made.status.success(), "{made:?}");
    let (ok, text) = run(Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .env("MANPATH", &pages));
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
    // The build script (the commit `--version` names) is part of the build, given the commit.
    assert!(file.contains("COPY Cargo.toml Cargo.lock build.rs ./"));
    assert!(file.contains("ARG FILIMBI_BUILD_COMMIT"));
    assert!(deploy("compose.yaml").contains("read_only: true"));
}

/// `deploy/kannel.conf` for a test: its own ports, files and secrets, the operator's SMPP link
/// aimed at a closed loopback port (Kannel keeps trying it), the fake links beside it, and the
/// service at `service` instead of `filimbi:8080`. Every other line is the file's.
fn kannel_conf_for_test(
    p: &crate::kannel::Ports,
    service: std::net::SocketAddr,
    closed: u16,
) -> String {
    let dir = p.dir.display().to_string();
    let values: Vec<(&str, String)> = vec![
        ("admin-port", p.admin.to_string()),
        ("admin-password", format!("\"{}\"", p.admin_password)),
        ("status-password", format!("\"{}\"", p.admin_password)),
        ("smsbox-port", p.smsbox.to_string()),
        ("bearerbox-port", p.smsbox.to_string()),
        ("sendsms-port", p.sendsms.to_string()),
        ("password", format!("\"{}\"", p.sendsms_password)),
        ("default-sender", crate::kannel::SHORT_CODE.to_string()),
        ("host", "127.0.0.1".to_string()),
        ("port", closed.to_string()),
    ];
    let mut out = String::new();
    for line in deploy("kannel.conf").lines() {
        let key = line.split_once('=').map(|(k, _)| k.trim());
        match values.iter().find(|(k, _)| Some(*k) == key) {
            Some((k, v)) if !line.starts_with('#') => out.push_str(&format!("{k} = {v}")),
            _ => out.push_str(
                &line
                    .replace("/var/log/kannel/", &format!("{dir}/"))
                    .replace("http://filimbi:8080/", &format!("http://{service}/")),
            ),
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&p.fake_links());
    out
}

#[test]
fn the_kannel_example_is_quiet_by_its_text() {
    let conf = deploy("kannel.conf");
    let settings: Vec<(&str, &str)> = conf
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let levels: Vec<&str> = settings
        .iter()
        .filter(|(k, _)| *k == "log-level")
        .map(|(_, v)| *v)
        .collect();
    // One for bearerbox (core), one for smsbox: only fatal errors.
    assert_eq!(levels, ["4", "4"]);
    for (key, _) in &settings {
        assert!(
            !key.starts_with("access-log") && !key.starts_with("store-"),
            "{key} in deploy/kannel.conf"
        );
    }
    // The console is quieted on the command line only.
    let compose = deploy("compose.yaml");
    assert!(compose.contains("bearerbox -v 4 /etc/kannel/kannel.conf"));
    assert!(compose.contains("smsbox -v 4 /etc/kannel/kannel.conf"));
}

#[tokio::test]
async fn the_kannel_example_runs_and_carries_messages_without_logging_them() {
    use crate::kannel::{Kannel, SHORT_CODE};
    use crate::kannel_harness::{assert_quiet, posted, query_param, sendsms, stub};
    use std::time::Duration;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (service, log) = stub().await;
    // bearerbox refuses a file with a field it does not know: starting is the parse check.
    let kannel = Kannel::start_with(|p| kannel_conf_for_test(p, service, closed)).await;
    // The operator's link as written (placeholders and all), beside the fake ones.
    let status = kannel.status().await;
    assert!(
        status.contains(&format!(
            "SMPP:127.0.0.1:{closed}/{closed}:REPLACE-WITH-SYSTEM-ID"
        )),
        "{status}"
    );
    let number = "+243990000201";
    let text = "Bon de transport signé par un faux agent";
    kannel.send(number, SHORT_CODE, text, 1).await;
    let got = posted(&log, 1).await;
    assert_eq!(got[0].secret, "REPLACE-WITH-THE-SMS-SECRET");
    assert_eq!(got[0].text, text);
    assert_eq!(query_param(&got[0].query, "from"), number);
    let reply = kannel
        .wait_for_sms(number, Duration::from_secs(30))
        .await
        .expect("the answer");
    assert_eq!(reply.text, format!("got: {text}"));
    let question = "أين تم تحميل الشاحنة؟";
    let (status, _) = sendsms(&kannel, number, question).await;
    assert_eq!(status, 202);
    let delivered = kannel
        .wait_for_sms(number, Duration::from_secs(30))
        .await
        .expect("the question");
    assert_eq!((delivered.text.as_str(), delivered.ucs2), (question, true));
    assert_quiet(&kannel, &[number, text, question]);
    drop(kannel);

    // The same file one level up logs them: the level is what keeps them out.
    let (service, _log) = stub().await;
    let kannel = Kannel::start_with(|p| {
        kannel_conf_for_test(p, service, closed).replace("log-level = 4", "log-level = 1")
    })
    .await;
    kannel.send(number, SHORT_CODE, text, 1).await;
    kannel
        .wait_for_sms(number, Duration::from_secs(30))
        .await
        .expect("the answer");
    let logs = kannel.logs();
    assert!(logs.contains(number) && logs.contains(text), "{logs}");
}

/// The service and the container read their settings from `deploy/filimbi.toml`, where the
/// commands run by hand find them too; the example as shipped, and with every commented
/// setting switched on, is accepted key by key and value by value by the binary's own reading.
#[test]
fn the_service_reads_the_example_configuration_and_every_setting_in_it_is_known() {
    let unit = deploy("filimbi.service");
    let exec: Vec<&str> = unit
        .lines()
        .filter(|l| l.starts_with("ExecStart="))
        .collect();
    assert_eq!(
        exec,
        ["ExecStart=/usr/bin/filimbi --config /etc/filimbi/filimbi.toml serve"]
    );
    assert!(unit.contains("install -m 0644 deploy/filimbi.toml /etc/filimbi/filimbi.toml"));
    assert!(
        !unit.lines().any(|l| l.starts_with("Environment")),
        "settings belong in filimbi.toml, where doctor sees them"
    );
    let compose = deploy("compose.yaml");
    assert!(compose.contains("FILIMBI_CONFIG: \"/etc/filimbi/filimbi.toml\""));
    assert!(compose.contains("- ./filimbi.toml:/etc/filimbi/filimbi.toml:ro"));

    let shipped = deploy("filimbi.toml");
    let every: String = shipped
        .lines()
        .map(|l| match l.strip_prefix('#') {
            Some(setting) if setting.starts_with(|c: char| c.is_ascii_lowercase()) => setting,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        every.lines().filter(|l| l.contains(" = ")).count() > 50,
        "{every}"
    );
    // Every option a configuration file may hold is in the example, so an option added later
    // is documented there too.
    use clap::CommandFactory;
    let command = filimbi::cli::Cli::command();
    let options: Vec<&str> = command
        .get_arguments()
        .filter(|a| a.is_global_set() && !a.is_hide_set() && !a.is_hide_env_values_set())
        .filter_map(|a| a.get_long())
        .filter(|l| *l != "config")
        .collect();
    assert!(options.len() > 50, "{options:?}");
    for option in options {
        assert!(
            every
                .lines()
                .any(|l| l.starts_with(&format!("{option} = "))),
            "{option} is missing from deploy/filimbi.toml"
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [("shipped.toml", &shipped), ("every.toml", &every)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("config");
        let cli = filimbi::cli::parse_from([
            "filimbi".as_ref(),
            "--config".as_ref(),
            path.as_os_str(),
            "doctor".as_ref(),
        ])
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(cli.data_dir, Path::new("/var/lib/filimbi/data"), "{name}");
        assert_eq!(cli.keys_dir, Path::new("/etc/filimbi/keys"), "{name}");
        assert_eq!(
            cli.backup_dir.as_deref(),
            Some(Path::new("/var/lib/filimbi/backups")),
            "{name}"
        );
        assert_eq!(cli.insecure_cookies, name == "every.toml", "{name}");
    }
}
