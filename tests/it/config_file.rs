//! `--config FILE` through the real binary: flags win over the environment, which wins over the
//! file; `serve` and `doctor` read the same file, so `doctor` judges what the server uses; a
//! wrong file stops every command with an error naming the file and the key. And the "intake
//! is closed" warning names the folder it looked in.

use std::path::Path;
use std::process::Output;

use crate::cli::stderr;
use crate::slowloris::{exchange, start_server};

/// The binary in `dir` with `args`, and the environment variables `env` set (and the ones this
/// file's tests set removed otherwise, whatever the test runner has).
fn filimbi_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = crate::database::command(dir);
    cmd.current_dir(dir);
    for name in [
        "FILIMBI_CONFIG",
        "FILIMBI_BACKUP_DIR",
        "FILIMBI_INSECURE_COOKIES",
        "FILIMBI_PUBLIC_URL",
        "FILIMBI_RATE_LIMITS",
        "FILIMBI_MAX_FILES",
        "FILIMBI_SMTP_URL",
        "FILIMBI_SMTP_URL_FILE",
    ] {
        cmd.env_remove(name);
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.args(args).output().expect("run filimbi")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn flags_win_over_the_environment_which_wins_over_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("filimbi.toml"),
        "backup-dir = \"from-file\"\n\
         insecure-cookies = true\n\
         public-url = \"https://filimbi.example\"\n",
    )
    .expect("config");
    let doctor = |env: &[(&str, &str)], flags: &[&str]| {
        let mut args = vec!["--config", "filimbi.toml"];
        args.extend_from_slice(flags);
        args.push("doctor");
        let out = filimbi_env(root, env, &args);
        assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
        stdout(&out)
    };
    let file = doctor(&[], &[]);
    assert!(file.contains("no backup in from-file yet"), "{file}");
    assert!(
        file.contains("warning  session cookies are not marked Secure"),
        "{file}"
    );
    let env = doctor(
        &[
            ("FILIMBI_BACKUP_DIR", "from-env"),
            ("FILIMBI_INSECURE_COOKIES", "false"),
        ],
        &[],
    );
    assert!(env.contains("no backup in from-env yet"), "{env}");
    assert!(
        env.contains("ok       session cookies are protected"),
        "the environment switches the file's insecure cookies off: {env}"
    );
    let flag = doctor(
        &[("FILIMBI_BACKUP_DIR", "from-env")],
        &["--backup-dir", "from-flag"],
    );
    assert!(flag.contains("no backup in from-flag yet"), "{flag}");

    // The file named by the environment instead of a flag, from another working directory.
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("dir");
    let config = root.join("filimbi.toml");
    let out = filimbi_env(
        &elsewhere,
        &[("FILIMBI_CONFIG", &config.to_string_lossy())],
        &["doctor"],
    );
    assert!(
        stdout(&out).contains("no backup in from-file yet"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// What `doctor` could not see before: the server's switches, limits and SMS set-up, given in
/// the file the server reads, judged by `doctor --config` with no flag of its own.
#[test]
fn doctor_judges_the_settings_the_file_gives_the_server() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let secret = root.join("sms-secret");
    std::fs::write(&secret, "a-gateway-secret-of-32-characters\n").expect("secret");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::write(
        root.join("filimbi.toml"),
        format!(
            "# the server's own file\n\
             insecure-cookies = true\n\
             public-url = \"https://filimbi.example\"\n\
             rate-limits = \"off\"\n\
             rate-gateway = \"50/200\"\n\
             sms-gateway = \"kannel\"\n\
             sms-secret-file = \"{}\"\n\
             notify-to = [\"desk@example.org\", \"lead@example.org\"]\n",
            secret.display()
        ),
    )
    .expect("config");
    let out = filimbi_env(root, &[], &["--config", "filimbi.toml", "doctor"]);
    let said = stdout(&out);
    for line in [
        "warning  session cookies are not marked Secure, and https://filimbi.example",
        "warning  rate limits are off",
        "Kannel is on without --sms-send-url(-file)",
        &format!(
            "PROBLEM  the SMS gateway secret file {} is readable by other users",
            secret.display()
        ),
    ] {
        assert!(said.contains(line), "{line} in {said}{}", stderr(&out));
    }
    assert!(!out.status.success(), "a problem fails the command");
    // Without the file, the same doctor sees none of it.
    let bare = stdout(&filimbi_env(root, &[], &["doctor"]));
    assert!(!bare.contains("rate limits are off"), "{bare}");
    assert!(!bare.contains("Kannel"), "{bare}");
}

/// `serve` reads the same file: its `security-contact` publishes `security.txt`, and the
/// `--listen` flag wins over the file's `listen`.
#[tokio::test]
async fn serve_reads_the_file_and_its_flags_win() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("filimbi.toml"),
        "listen = \"127.0.0.1:1\"\nsecurity-contact = \"mailto:security@filimbi.example\"\n",
    )
    .expect("config");
    let (_server, addr) = start_server(dir.path(), &["--config", "filimbi.toml"]).await;
    let reply = exchange(
        addr,
        b"GET /.well-known/security.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("Contact: mailto:security@filimbi.example"),
        "{}",
        reply.body
    );
}

/// Each mistake stops the command before anything is opened, with status 2 and a message that
/// names the file and the key; a bad value is refused even when a flag overrides it today.
#[test]
fn a_wrong_configuration_file_is_an_error_naming_the_file_and_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "typo.toml",
            "lissten = \"127.0.0.1:8080\"\n",
            &[],
            &["`lissten`", "unknown option", "did you mean `listen`"],
        ),
        (
            "section.toml",
            "[server]\nlisten = \"127.0.0.1:8080\"\n",
            &[],
            &["`server`", "unknown option"],
        ),
        (
            "switch.toml",
            "insecure-cookies = \"yes\"\n",
            &[],
            &[
                "`insecure-cookies`",
                "true or false is expected, not a string",
            ],
        ),
        (
            "number.toml",
            "max-files = \"many\"\n",
            &["--max-files", "3"],
            &["`max-files`", "invalid value 'many'"],
        ),
        (
            "choice.toml",
            "rate-limits = \"maybe\"\n",
            &[],
            &["`rate-limits`", "possible values: on, off"],
        ),
        (
            "list.toml",
            "listen = [\"127.0.0.1:8080\"]\n",
            &[],
            &[
                "`listen`",
                "one value (a string or a number) is expected, not a list",
            ],
        ),
        (
            "secret.toml",
            "smtp-url = \"smtps://desk:hunter2-not-shown@mail.example.org:465\"\n",
            &[],
            &["`smtp-url`", "a secret does not belong", "`smtp-url-file`"],
        ),
        (
            "syntax.toml",
            "listen = \n",
            &[],
            &["not valid TOML", "line 1"],
        ),
    ];
    for (name, text, flags, expected) in cases {
        std::fs::write(root.join(name), text).expect("config");
        let mut args = vec!["--config", name];
        args.extend_from_slice(flags);
        args.push("doctor");
        let out = filimbi_env(root, &[], &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("filimbi: configuration file {name}: ")),
            "{name}: {err}"
        );
        for part in *expected {
            assert!(err.contains(part), "{name}: {part} in {err}");
        }
        assert!(!err.contains("hunter2"), "the secret is not quoted: {err}");
        assert!(stdout(&out).is_empty(), "{name}: doctor did not run");
    }
    // A missing file, for `serve` as for `doctor`: nothing is created.
    for command in ["serve", "doctor"] {
        let out = filimbi_env(
            root,
            &[],
            &["--config", "/nonexistent/filimbi.toml", command],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("configuration file /nonexistent/filimbi.toml: cannot be read"),
            "{err}"
        );
    }
    assert!(!root.join("data").exists(), "nothing was opened");
}

/// With no offline key, the start-up warning says which folder was searched, whole, so an
/// operator whose service starts in another directory sees where the key must go.
#[tokio::test]
async fn the_closed_intake_warning_names_the_keys_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("offline-pubs")).expect("keys");
    let (server, _addr) = start_server(dir.path(), &["--keys-dir", "offline-pubs"]).await;
    drop(server);
    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("log");
    // The server's working directory as the kernel reports it, symbolic links resolved.
    let folder = dir
        .path()
        .join("offline-pubs")
        .canonicalize()
        .expect("folder");
    assert!(
        log.contains(&format!(
            "no investigator keys found in {}",
            folder.display()
        )),
        "{log}"
    );
    assert!(log.contains("machine that stays offline"), "{log}");
}

/// A secret given by a flag or the environment wins over the file of it named in the
/// configuration, as any flag does (clap alone would read both and prefer the file).
#[test]
fn a_secret_from_the_environment_wins_over_its_file_in_the_configuration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("filimbi.toml"),
        "smtp-url-file = \"no-such-smtp-url\"\nnotify-to = \"desk@example.org\"\n",
    )
    .expect("config");
    let from_file = filimbi_env(root, &[], &["--config", "filimbi.toml", "doctor"]);
    let err = stderr(&from_file);
    assert_eq!(from_file.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot read the SMTP URL file no-such-smtp-url"),
        "{err}"
    );
    let from_env = filimbi_env(
        root,
        &[(
            "FILIMBI_SMTP_URL",
            "smtps://desk:hunter2-not-shown@mail.example.org:465",
        )],
        &["--config", "filimbi.toml", "doctor"],
    );
    let err = stderr(&from_env);
    assert!(!err.contains("SMTP URL file"), "{err}");
    assert!(
        stdout(&from_env).contains("rate limits are on"),
        "doctor ran: {}{err}",
        stdout(&from_env)
    );
    assert!(!err.contains("hunter2") && !stdout(&from_env).contains("hunter2"));
}
