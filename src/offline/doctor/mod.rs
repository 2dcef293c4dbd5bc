//! `filimbi doctor`: the things that hurt silently, each with what to do about it.
//!
//! Nothing here changes anything. A finding is `ok`, `warning` (works, but one mistake or one
//! lost laptop away from trouble) or `problem` (something is wrong now); the command fails
//! when there is a problem, so a deployment script can stop on it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::app::{self, AppOptions};
use crate::cleaner::{Cleaners, sandbox::Enforced};
use crate::crypto::recipients::Recipients;
use crate::crypto::server_secret;
use crate::store::Store;

mod phone;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// As it should be.
    Ok,
    /// Works, but fragile.
    Warning,
    /// Wrong now.
    Problem,
}

/// One check's verdict.
#[derive(Debug, Clone)]
pub struct Finding {
    /// How bad.
    pub level: Level,
    /// What was seen.
    pub seen: String,
    /// What to do (empty when ok).
    pub todo: String,
}

fn ok(seen: impl Into<String>) -> Finding {
    Finding {
        level: Level::Ok,
        seen: seen.into(),
        todo: String::new(),
    }
}

fn warn(seen: impl Into<String>, todo: impl Into<String>) -> Finding {
    Finding {
        level: Level::Warning,
        seen: seen.into(),
        todo: todo.into(),
    }
}

fn problem(seen: impl Into<String>, todo: impl Into<String>) -> Finding {
    Finding {
        level: Level::Problem,
        seen: seen.into(),
        todo: todo.into(),
    }
}

/// How many offline keys reports are encrypted to, in the folder the server reads them from
/// (named whole, as the server's start-up warning names it: a packaged service reads
/// `/etc/filimbi/keys`, whatever directory the operator's shell is in).
pub fn offline_keys(n: usize, dir: &Path) -> Finding {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    match n {
        0 => problem(
            format!(
                "no offline key in {}: intake is closed, reports are refused",
                dir.display()
            ),
            format!(
                "run `filimbi keygen` on a machine that stays offline, copy only the .pub file \
                 it makes into {}, then restart the server",
                dir.display()
            ),
        ),
        1 => warn(
            "one offline key only: if that key is lost, every case is lost with it",
            "make a second offline key, kept by another person in another place, and restart",
        ),
        n => ok(format!("{n} offline keys")),
    }
}

/// Whether anyone but the owner may write `mode`'s directory (and so add a recipient).
pub fn keys_dir_mode(mode: u32) -> Finding {
    if mode & 0o022 != 0 {
        problem(
            format!(
                "the keys directory is writable by others (mode {:o})",
                mode & 0o777
            ),
            "chmod go-w on the keys directory: whoever can write it can add a key that reads every new report",
        )
    } else {
        ok("the keys directory is writable by its owner only")
    }
}

/// Whether the data directory and `server.key` are private.
pub fn data_modes(dir: u32, key: Option<u32>) -> Finding {
    match key {
        None => problem(
            "server.key is missing from the data directory",
            "restore it from a backup (`filimbi restore`): without it no receipt opens its case",
        ),
        Some(key) if key & 0o077 != 0 || dir & 0o077 != 0 => warn(
            format!(
                "the data directory (mode {:o}) or server.key (mode {:o}) can be read by others",
                dir & 0o777,
                key & 0o777
            ),
            "chmod 700 the data directory and 600 server.key",
        ),
        Some(_) => ok("the data directory and server.key are private"),
    }
}

/// Rate limits on or off.
pub fn rate_limits(enabled: bool) -> Finding {
    if enabled {
        ok("rate limits are on")
    } else {
        warn(
            "rate limits are off (--rate-limits off): one client can flood every route",
            "remove --rate-limits off (FILIMBI_RATE_LIMITS) outside benchmarks",
        )
    }
}

/// Session cookies without `Secure` are fine on an onion address or loopback only.
pub fn cookies(secure: bool, public_url: &str) -> Finding {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let private = host.ends_with(".onion") || host == "localhost" || host.starts_with("127.");
    if secure || private {
        ok("session cookies are protected for this address")
    } else {
        warn(
            format!(
                "session cookies are not marked Secure, and {public_url} is not an onion address"
            ),
            "serve through TLS and remove --insecure-cookies",
        )
    }
}

/// Free space where the database grows.
pub fn disk(free: u64, total: u64) -> Finding {
    let gib = |b: u64| b as f64 / f64::from(1u32 << 30);
    if total > 0 && (free < 1 << 30 || free.saturating_mul(10) < total) {
        warn(
            format!(
                "the data directory's disk is nearly full: {:.1} GiB free of {:.1}",
                gib(free),
                gib(total)
            ),
            "free space or move the data directory: a full disk refuses reports",
        )
    } else {
        ok(format!(
            "{:.1} GiB free on the data directory's disk",
            gib(free)
        ))
    }
}

/// The clock against the newest received day: a day in the future means the clock is behind.
pub fn clock(today: time::Date, newest_received: Option<time::Date>) -> Finding {
    match newest_received {
        Some(day) if day > today => problem(
            format!(
                "the newest case was received on {day}, after today ({today}): the clock is behind"
            ),
            "set the clock (NTP): deadlines, form tokens, TOTP codes and retention all read it",
        ),
        _ => ok(format!("the clock says {today}, not before any case")),
    }
}

/// What the cleaning workers' sandbox enforces.
pub fn sandbox(enforced: Result<Enforced, String>) -> Finding {
    match enforced {
        Err(e) => problem(
            format!("a file-cleaning worker does not start: {e}"),
            "attachments are stored uncleaned, marked; check that the filimbi binary can run itself",
        ),
        Ok(e) if !(e.landlock && e.seccomp) => warn(
            format!(
                "the cleaners' sandbox is partial (Landlock {}, seccomp {})",
                e.landlock, e.seccomp
            ),
            "run on a Linux kernel with Landlock (5.13+) and seccomp; the resource limits still hold",
        ),
        Ok(_) => ok("file cleaners run sandboxed (resource limits, Landlock, seccomp)"),
    }
}

/// PostgreSQL settings that would keep what the schema leaves out (`docs/operations.md`,
/// "PostgreSQL"): each `(name, value)` as the server reports it.
pub fn postgres_settings(settings: &[(String, String)]) -> Finding {
    let value = |name: &str| {
        settings
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut kept = Vec::new();
    if value("archive_mode") != "off" {
        kept.push("archive_mode is on: the WAL archive keeps every report's commit time");
    }
    if value("log_statement") != "none" {
        kept.push("log_statement logs statements with their time");
    }
    if value("log_min_duration_statement") != "-1" {
        kept.push("log_min_duration_statement logs statements with their time");
    }
    if value("log_connections") != "off" {
        kept.push("log_connections dates every request's connection");
    }
    if kept.is_empty() {
        ok("PostgreSQL keeps no statement log, connection log or WAL archive")
    } else {
        warn(
            kept.join("; "),
            "each one records when reports arrived, which Filimbi keeps only as a day: turn it \
             off, or treat what it writes as arrival times (docs/operations.md, PostgreSQL)",
        )
    }
}

/// Scheduled backups: configured, and the newest not older than twice the interval.
pub fn backups(
    schedule: Option<(&Path, std::time::Duration)>,
    newest_age: Option<std::time::Duration>,
) -> Finding {
    match (schedule, newest_age) {
        (None, _) => warn(
            "no scheduled backups (--backup-dir)",
            "set --backup-dir and copy its files off the machine; `filimbi backup` makes one by hand",
        ),
        (Some((dir, _)), None) => warn(
            format!("no backup in {} yet", dir.display()),
            "wait for the first scheduled backup, or run `filimbi backup --out FILE`",
        ),
        (Some((dir, every)), Some(age)) if age > every * 2 => problem(
            format!(
                "the newest backup in {} is {} hours old",
                dir.display(),
                age.as_secs() / 3600
            ),
            "check that the server runs and can write the backup directory",
        ),
        (Some(_), Some(age)) => ok(format!(
            "the newest backup is {} hours old",
            age.as_secs() / 3600
        )),
    }
}

fn mode(path: &Path) -> Option<u32> {
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

/// Runs every check and prints them; fails when there is a problem.
pub async fn run(opts: &AppOptions) -> Result<(), String> {
    let mut findings = Vec::new();
    let recipients = Recipients::load_dir(&opts.keys_dir);
    findings.push(match &recipients {
        Ok(r) => offline_keys(r.len(), &opts.keys_dir),
        Err(e) => problem(e.to_string(), "fix the key file named"),
    });
    if let Some(m) = mode(&opts.keys_dir) {
        findings.push(keys_dir_mode(m));
    }
    findings.push(rate_limits(opts.rate_limits.enabled));
    findings.push(cookies(opts.cookie_secure, &opts.public_url));
    if let Ok(s) = nix::sys::statvfs::statvfs(&opts.data_dir) {
        let block = s.fragment_size();
        findings.push(disk(
            s.blocks_available().saturating_mul(block),
            s.blocks().saturating_mul(block),
        ));
    }
    // Opening the store would create a database and a server key: doctor changes nothing.
    if opts.database_url.is_some() || Store::default_path(&opts.data_dir).exists() {
        let dir_mode = mode(&opts.data_dir).unwrap_or(0);
        findings.push(data_modes(
            dir_mode,
            mode(&opts.data_dir.join(server_secret::FILE_NAME)),
        ));
        let today = time::OffsetDateTime::now_utc().date();
        match app::services(opts).await {
            Ok(services) => {
                let newest = services.store.newest_received_day().await.ok().flatten();
                if let Ok(Some(settings)) = services.store.postgres_settings().await {
                    findings.push(postgres_settings(&settings));
                }
                services.store.close().await;
                findings.push(clock(today, newest));
            }
            Err(e) => findings.push(problem(
                format!("the database does not open: {e}"),
                "check --data-dir and the database file",
            )),
        }
    } else {
        findings.push(warn(
            format!("no database in {} yet", opts.data_dir.display()),
            "start the server once (it makes the database and server.key), or `filimbi restore` a backup",
        ));
    }
    let pool = Cleaners::new(opts.cleaner.clone(), opts.limits.scrub_max_bytes);
    findings.push(sandbox(pool.enforced().map_err(|e| e.to_string())));
    let schedule = opts.backup.as_ref();
    let newest_age = schedule.and_then(|s| crate::services::backups::newest_age(&s.dir));
    findings.push(backups(
        schedule.map(|s| (s.dir.as_path(), s.every)),
        newest_age,
    ));
    findings.extend(phone::findings(opts.phone.as_ref(), &opts.public_url).await);

    for f in &findings {
        let label = match f.level {
            Level::Ok => "ok     ",
            Level::Warning => "warning",
            Level::Problem => "PROBLEM",
        };
        println!("{label}  {}", f.seen);
        if !f.todo.is_empty() {
            println!("         → {}", f.todo);
        }
    }
    let problems = findings
        .iter()
        .filter(|f| f.level == Level::Problem)
        .count();
    if problems > 0 {
        Err(format!("{problems} problem(s) found"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_check_says_what_is_wrong_and_what_to_do() {
        let keys = Path::new("/etc/filimbi/keys");
        assert_eq!(offline_keys(0, keys).level, Level::Problem);
        assert!(offline_keys(0, keys).seen.contains("/etc/filimbi/keys"));
        assert_eq!(offline_keys(1, keys).level, Level::Warning);
        assert_eq!(offline_keys(2, keys).level, Level::Ok);
        assert_eq!(keys_dir_mode(0o40777).level, Level::Problem);
        assert_eq!(keys_dir_mode(0o40755).level, Level::Ok);
        assert_eq!(data_modes(0o700, None).level, Level::Problem);
        assert_eq!(data_modes(0o755, Some(0o600)).level, Level::Warning);
        assert_eq!(data_modes(0o700, Some(0o600)).level, Level::Ok);
        assert_eq!(rate_limits(false).level, Level::Warning);
        assert_eq!(
            cookies(false, "https://filimbi.example").level,
            Level::Warning
        );
        assert_eq!(cookies(false, "http://abc.onion").level, Level::Ok);
        assert_eq!(cookies(false, "http://127.0.0.1:8080").level, Level::Ok);
        let pg = |archive: &str, log: &str| {
            [
                ("archive_mode", archive),
                ("log_statement", log),
                ("log_min_duration_statement", "-1"),
                ("log_connections", "off"),
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
        };
        assert_eq!(postgres_settings(&pg("off", "none")).level, Level::Ok);
        assert_eq!(postgres_settings(&pg("on", "none")).level, Level::Warning);
        assert_eq!(postgres_settings(&pg("off", "all")).level, Level::Warning);
        assert_eq!(disk(500 << 20, 100 << 30).level, Level::Warning);
        assert_eq!(disk(50 << 30, 100 << 30).level, Level::Ok);
        let today = date!(2026 - 11 - 28);
        assert_eq!(
            clock(today, Some(date!(2026 - 11 - 30))).level,
            Level::Problem
        );
        assert_eq!(clock(today, Some(today)).level, Level::Ok);
        let partial = Enforced {
            landlock: false,
            seccomp: true,
            ..Enforced::default()
        };
        assert_eq!(sandbox(Ok(partial)).level, Level::Warning);
        assert_eq!(sandbox(Err("no".into())).level, Level::Problem);
        let day = std::time::Duration::from_secs(86_400);
        assert_eq!(backups(None, None).level, Level::Warning);
        let dir = Path::new("/b");
        assert_eq!(
            backups(Some((dir, day)), Some(day * 3)).level,
            Level::Problem
        );
        assert_eq!(backups(Some((dir, day)), Some(day / 2)).level, Level::Ok);
        for f in [
            offline_keys(1, keys),
            rate_limits(false),
            disk(1, 100 << 30),
        ] {
            assert!(!f.todo.is_empty(), "{f:?}");
        }
    }
}
