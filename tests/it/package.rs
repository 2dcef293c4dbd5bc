//! What the Debian package ships, checked without building it (`.ci/deb` builds, lints,
//! installs and purges the package itself): `--version` names the commit, the manual pages and
//! shell completions come from the command-line definition and are read cleanly by `man`,
//! bash, zsh and fish, the package's metadata installs the files the project keeps, and the
//! layout it installs keeps intake closed until an offline key arrives, saying so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory;

use crate::slowloris::{exchange, start_server_logged};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (installed by .ci/run)"))
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `filimbi generate WHAT DIR` into a new folder; the files it names.
fn generate(what: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(Command::new(env!("CARGO_BIN_EXE_filimbi"))
        .args(["generate", what])
        .arg(dir.path().join(what)));
    assert!(out.status.success(), "{}", text(&out));
    let files = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
    (dir, files)
}

fn names(files: &[PathBuf]) -> BTreeSet<String> {
    files
        .iter()
        .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
        .collect()
}

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let head = run(Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR")));
    assert!(head.status.success(), "{}", text(&head));
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let out = run(Command::new(env!("CARGO_BIN_EXE_filimbi")).arg("--version"));
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("filimbi {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
}

/// Every command people type, as its page is named: `filimbi-investigator-add`.
fn page_names(cmd: &clap::Command, prefix: &str, into: &mut BTreeSet<String>) {
    into.insert(format!("{prefix}.1"));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        page_names(sub, &format!("{prefix}-{}", sub.get_name()), into);
    }
}

/// `man` as lintian runs it on a package's pages: anything groff says about a page is a flaw.
fn man(page: &Path) -> String {
    let checked = run(Command::new("man")
        .args(["--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z"])
        .arg(page)
        .env("MANWIDTH", "80"));
    assert!(checked.status.success(), "{}", text(&checked));
    let said = String::from_utf8_lossy(&checked.stderr);
    assert!(said.trim().is_empty(), "{}: {said}", page.display());
    // Wide, so that no line breaks inside what the tests look for; words compared one space
    // apart, as groff may stretch a line; a hyphen as typed, as it may set a Unicode one.
    let shown = run(Command::new("man")
        .arg("-l")
        .arg(page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "250"));
    assert!(shown.status.success(), "{}", text(&shown));
    String::from_utf8_lossy(&shown.stdout)
        .replace(['\u{2212}', '\u{2010}'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_manual_page_for_filimbi_and_each_command_renders_without_a_warning() {
    let (_dir, files) = generate("man");
    let mut expected = BTreeSet::new();
    page_names(
        &filimbi::cli::Cli::command().disable_help_subcommand(true),
        "filimbi",
        &mut expected,
    );
    assert!(expected.len() > 20, "{expected:?}");
    assert!(expected.contains("filimbi-serve.1") && expected.contains("filimbi-doctor.1"));
    assert!(
        !expected.contains("filimbi-clean-worker.1") && !expected.contains("filimbi-generate.1")
    );
    assert_eq!(names(&files), expected);
    for page in &files {
        man(page);
    }
    let page = |name: &str| {
        let path = files.iter().find(|f| f.ends_with(name)).expect(name);
        man(path)
    };
    let main = page("filimbi.1");
    for part in [
        "filimbi - Anonymous whistle-blowing",
        "--keys-dir",
        "FILIMBI_KEYS_DIR",
        "filimbi-investigator(1)",
        "FILES",
        "/etc/filimbi/filimbi.toml",
        "/etc/filimbi/keys/",
        "intake is closed",
        "/var/lib/filimbi/",
        "/usr/share/doc/filimbi/operations.md",
        env!("CARGO_PKG_VERSION"),
    ] {
        assert!(main.contains(part), "{part} in\n{main}");
    }
    let add = page("filimbi-investigator-add.1");
    for part in [
        "filimbi investigator add",
        "--admin",
        "setup link",
        "filimbi(1)",
    ] {
        assert!(add.contains(part), "{part} in\n{add}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish_parse_and_complete_the_commands() {
    let (dir, files) = generate("completions");
    assert_eq!(
        names(&files),
        ["_filimbi", "filimbi.bash", "filimbi.fish"]
            .map(String::from)
            .into()
    );
    let at = |name: &str| dir.path().join("completions").join(name);
    let checked = run(Command::new("bash").arg("-n").arg(at("filimbi.bash")));
    assert!(checked.status.success(), "{}", text(&checked));
    // What Tab offers after `filimbi inv` and after `filimbi investigator `, as bash asks it.
    let bash = |line: &str| {
        let out = run(Command::new("bash")
            .arg("-c")
            .arg(
                r#"source "$F"; COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _filimbi filimbi "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\n' "${COMPREPLY[@]}""#,
            )
            .env("F", at("filimbi.bash"))
            .env("LINE", line));
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let offered = bash("filimbi inv");
    assert_eq!(offered.trim(), "investigator", "{offered}");
    let offered = bash("filimbi investigator ");
    for sub in ["add", "list", "grant-all"] {
        assert!(offered.lines().any(|l| l == sub), "{sub} in {offered}");
    }
    let checked = run(Command::new("zsh").arg("-n").arg(at("_filimbi")));
    assert!(checked.status.success(), "{}", text(&checked));
    let checked = run(Command::new("fish")
        .arg("--no-execute")
        .arg(at("filimbi.fish")));
    assert!(checked.status.success(), "{}", text(&checked));
    let fish = run(Command::new("fish").arg("-c").arg(format!(
        "source '{}'; complete -C 'filimbi inv'",
        at("filimbi.fish").display()
    )));
    assert!(fish.status.success(), "{}", text(&fish));
    let offered = String::from_utf8_lossy(&fish.stdout);
    assert!(
        offered.lines().any(|l| l.starts_with("investigator")),
        "{offered}"
    );
}

/// `[package.metadata.deb]` of Cargo.toml.
fn deb_metadata() -> serde_json::Value {
    let manifest: serde_json::Value = basic_toml::from_str(&read("Cargo.toml")).expect("toml");
    manifest["package"]["metadata"]["deb"].clone()
}

#[test]
fn the_package_installs_the_unit_settings_and_scripts_the_project_keeps() {
    let deb = deb_metadata();
    let assets: Vec<(String, String)> = deb["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .map(|a| {
            (
                a[0].as_str().expect("source").to_owned(),
                a[1].as_str().expect("dest").to_owned(),
            )
        })
        .collect();
    let installs = |source: &str, dest: &str| {
        assert!(
            assets.iter().any(|(s, d)| s == source && d == dest),
            "{source} -> {dest} in {assets:?}"
        );
    };
    installs("target/release/filimbi", "usr/bin/");
    installs("deploy/filimbi.toml", "etc/filimbi/filimbi.toml");
    installs("keys/README.md", "etc/filimbi/keys/README.md");
    installs("target/assets/man/*.1", "usr/share/man/man1/");
    for (source, _) in &assets {
        if !source.starts_with("target/") {
            assert!(repo(source).is_file(), "{source} is missing");
        }
    }
    // What `filimbi generate completions` writes is what the package takes.
    let (_dir, files) = generate("completions");
    for name in names(&files) {
        assert!(
            assets
                .iter()
                .any(|(s, _)| s == &format!("target/assets/completions/{name}")),
            "{name} is not packaged"
        );
    }

    // The unit the package enables is deploy/filimbi.service itself, and it runs the packaged
    // binary with the packaged settings, as the user the package makes.
    assert_eq!(deb["systemd-units"]["unit-scripts"], "deploy/");
    assert_eq!(deb["systemd-units"]["enable"], true);
    let unit = read("deploy/filimbi.service");
    for line in [
        "ExecStart=/usr/bin/filimbi --config /etc/filimbi/filimbi.toml serve",
        "User=filimbi",
        "Group=filimbi",
        "StateDirectory=filimbi",
        "StateDirectoryMode=0700",
        "Documentation=man:filimbi(1) file:///usr/share/doc/filimbi/operations.md",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line}");
    }
    assert!(!unit.contains("DynamicUser=yes"));
    assert!(read("deploy/filimbi.toml").contains("keys-dir = \"/etc/filimbi/keys\""));

    // The maintainer scripts parse, leave room for the unit's snippets, make the user with the
    // data folder as home, and never delete that folder.
    assert_eq!(deb["maintainer-scripts"], "debian/");
    for script in ["debian/postinst", "debian/postrm"] {
        let checked = run(Command::new("sh").arg("-n").arg(repo(script)));
        assert!(checked.status.success(), "{script}: {}", text(&checked));
        assert!(read(script).contains("\n#DEBHELPER#\n"), "{script}");
    }
    assert!(read("debian/postinst").contains(
        "adduser --system --group --home /var/lib/filimbi --no-create-home --quiet filimbi"
    ));
    let postrm = read("debian/postrm");
    for line in postrm.lines().map(str::trim_start) {
        if line.contains("/var/lib/filimbi") || line.contains("deluser") {
            assert!(
                ["#", "echo ", "\"", "if [ -d /var/lib/filimbi ]"]
                    .iter()
                    .any(|start| line.starts_with(start)),
                "postrm touches the data or its owner: {line}"
            );
        }
    }

    // The package's version is the crate's, first Debian revision; its changelog says so.
    let changelog = read("debian/changelog");
    assert!(
        changelog.starts_with(&format!("filimbi ({}-1) ", env!("CARGO_PKG_VERSION"))),
        "{changelog}"
    );
}

/// The settings file as the package installs it, with `/etc/filimbi` and `/var/lib/filimbi`
/// under `root`, and the keys folder holding only the README the package puts there.
fn packaged_layout(root: &Path) -> PathBuf {
    let etc = root.join("etc/filimbi");
    let keys = etc.join("keys");
    std::fs::create_dir_all(&keys).expect("keys");
    std::fs::copy(repo("keys/README.md"), keys.join("README.md")).expect("README");
    let var = root.join("var/lib/filimbi");
    std::fs::create_dir_all(&var).expect("data");
    let config = read("deploy/filimbi.toml")
        .replace("/etc/filimbi", &etc.display().to_string())
        .replace("/var/lib/filimbi", &var.display().to_string());
    std::fs::write(etc.join("filimbi.toml"), config).expect("config");
    keys
}

fn doctor(root: &Path) -> (bool, String) {
    let config = root.join("etc/filimbi/filimbi.toml");
    let out = crate::database::command(root)
        .current_dir(root)
        .env_remove("FILIMBI_CONFIG")
        .arg("--config")
        .arg(&config)
        .arg("doctor")
        .output()
        .expect("doctor");
    (out.status.success(), text(&out))
}

async fn healthz(root: &Path, log: &str) -> (String, String) {
    let config = root.join("etc/filimbi/filimbi.toml");
    let config = config.to_str().expect("path");
    let (server, addr) = start_server_logged(root, &["--config", config], log).await;
    let reply = exchange(addr, b"GET /healthz HTTP/1.0\r\n\r\n".to_vec()).await;
    drop(server);
    let logged = std::fs::read_to_string(root.join(log)).expect("log");
    (reply.body, logged)
}

/// The package installs no key: the enabled service runs closed, and both its start-up log
/// (what `systemctl status` shows) and `doctor` name the folder a key must go to.
#[tokio::test]
async fn the_packaged_layout_keeps_intake_closed_until_an_offline_key_arrives_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let keys = packaged_layout(root);

    let (ok, said) = doctor(root);
    assert!(!ok, "no key is a problem: {said}");
    assert!(
        said.contains(&format!(
            "PROBLEM  no offline key in {}: intake is closed, reports are refused",
            keys.display()
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "copy only the .pub file it makes into {}",
            keys.display()
        )),
        "{said}"
    );
    let (health, logged) = healthz(root, "closed.log").await;
    assert_eq!(health, "closed\n", "{logged}");
    assert!(
        logged.contains(&format!(
            "intake is CLOSED: no investigator keys found in {}",
            keys.display()
        )),
        "{logged}"
    );

    // An offline key made elsewhere, its public half copied in: open, at the next start.
    let offline = tempfile::tempdir().expect("tempdir");
    let made = crate::cli::filimbi(
        offline.path(),
        &["keygen", "--name", "amani", "--out", "amani.key"],
    );
    assert!(made.status.success(), "{}", text(&made));
    std::fs::copy(
        offline.path().join("keys/amani.pub"),
        keys.join("amani.pub"),
    )
    .expect("copy");
    let (_, said) = doctor(root);
    assert!(!said.contains("intake is closed"), "{said}");
    assert!(said.contains("one offline key only"), "{said}");
    let (health, logged) = healthz(root, "open.log").await;
    assert_eq!(health, "ok\n", "{logged}");
    assert!(logged.contains("intake is open"), "{logged}");
}
