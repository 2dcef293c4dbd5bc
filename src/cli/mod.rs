//! The `filimbi` command line. Every option also reads an environment variable and a key of
//! the configuration file (`--config`, `config.rs`), so the same binary is configured the same
//! way by hand, by systemd and by a container, and every command sees the server's settings.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::cleaner::CleanerOptions;
use secrecy::SecretString;
use zeroize::Zeroizing;

use std::time::Duration;

use crate::app::{self, AppOptions};
use crate::clock::SystemClock;
use crate::domain::account::LoginPolicy;
use crate::domain::queue::Deadlines;
use crate::domain::warnings::DomainName;
use crate::http::server::ServerOptions;
use crate::offline;
use crate::services::intake::Limits;
use crate::services::notify::NotifyConfig;
use crate::services::rate::{Rate, RateLimits};

mod config;
mod generate;
mod phone;

pub use config::{ParseError, parse, parse_from};

/// `filimbi --version`: the release and the commit it was built from (`build.rs`), so that a
/// bug report or an installed package names exactly the code that runs.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("FILIMBI_BUILD_COMMIT"),
    ")"
);

/// Anonymous whistle-blowing and fraud-report intake.
#[derive(Debug, Parser)]
#[command(name = "filimbi", version = VERSION, about)]
pub struct Cli {
    /// A TOML file of these options, named as the long flags (`insecure-cookies = true`,
    /// `rate-gateway = "50/200"`): give it to `serve`, `doctor` and the other commands alike
    /// so they all judge the same settings. Flags and environment variables win over it.
    #[arg(long, env = "FILIMBI_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(
        long,
        env = "FILIMBI_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,
    /// Data directory (database, server secret); created if missing.
    #[arg(
        long,
        env = "FILIMBI_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Directory of investigators' public keys (`*.pub`).
    #[arg(
        long,
        env = "FILIMBI_KEYS_DIR",
        default_value = "./keys",
        global = true
    )]
    pub keys_dir: PathBuf,
    /// Database URL (default: SQLite file `filimbi.sqlite3` in the data directory). Kept
    /// secret: a server database's URL carries its password.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        hide_env_values = true,
        value_parser = secret
    )]
    pub database_url: Option<SecretString>,
    /// File holding the database URL (one line), instead of `--database-url`: a command line
    /// is visible to every local user, and the environment passes to every child process.
    #[arg(
        long,
        env = "FILIMBI_DATABASE_URL_FILE",
        global = true,
        conflicts_with = "database_url"
    )]
    pub database_url_file: Option<PathBuf>,
    /// Most files attached to one report.
    #[arg(long, env = "FILIMBI_MAX_FILES", default_value_t = 5, global = true)]
    pub max_files: usize,
    /// Largest attachment, in MiB.
    #[arg(
        long,
        env = "FILIMBI_MAX_FILE_MIB",
        default_value_t = 100,
        global = true
    )]
    pub max_file_mib: u64,
    /// Largest attachment cleaned of metadata in memory, in MiB (larger ones are stored
    /// unchanged and marked for investigators).
    #[arg(
        long,
        env = "FILIMBI_SCRUB_MAX_MIB",
        default_value_t = 32,
        global = true
    )]
    pub scrub_max_mib: u64,
    /// Seconds a file-cleaning worker may take for one file; past it the file is stored as
    /// sent, marked `cleaner-timeout`.
    #[arg(
        long,
        env = "FILIMBI_CLEAN_TIMEOUT_SECS",
        default_value_t = 30,
        global = true
    )]
    pub clean_timeout_secs: u64,
    /// Seconds between two log lines counting refused requests (tests shorten it; a line a
    /// minute is the point: nothing per request).
    #[arg(long, default_value_t = 60, hide = true, global = true)]
    pub refusal_summary_secs: u64,
    /// Languages the public pages offer, comma-separated, in any order (default: every
    /// reviewed catalogue: en,fr,sw,pt,ar; the drafts rw and rn only when named here). Staff
    /// pages are in English and French.
    #[arg(long, env = "FILIMBI_LANGUAGES", global = true)]
    pub languages: Option<String>,
    /// Days to keep cases filed as possible spam (0 = for ever).
    #[arg(
        long,
        env = "FILIMBI_RETAIN_POSSIBLE_SPAM_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub retain_possible_spam_days: u32,
    /// Days to keep cases with status spam (0 = for ever).
    #[arg(
        long,
        env = "FILIMBI_RETAIN_SPAM_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub retain_spam_days: u32,
    /// Days to keep dismissed cases (0 = for ever).
    #[arg(
        long,
        env = "FILIMBI_RETAIN_DISMISSED_DAYS",
        default_value_t = 365,
        global = true
    )]
    pub retain_dismissed_days: u32,
    /// Days to keep closed cases (0 = for ever). Open cases are never deleted.
    #[arg(
        long,
        env = "FILIMBI_RETAIN_CLOSED_DAYS",
        default_value_t = 365,
        global = true
    )]
    pub retain_closed_days: u32,
    /// Directory for scheduled encrypted backups (copy them off the machine from there);
    /// unset: no scheduled backups.
    #[arg(long, env = "FILIMBI_BACKUP_DIR", global = true)]
    pub backup_dir: Option<PathBuf>,
    /// Hours between scheduled backups.
    #[arg(
        long,
        env = "FILIMBI_BACKUP_EVERY_HOURS",
        default_value_t = 24,
        global = true
    )]
    pub backup_every_hours: u64,
    /// Scheduled backups kept; older ones are deleted.
    #[arg(long, env = "FILIMBI_BACKUP_KEEP", default_value_t = 7, global = true)]
    pub backup_keep: usize,
    /// The onion address (`http://….onion`) to offer Tor Browser users with an
    /// `Onion-Location` header on every page.
    #[arg(long, env = "FILIMBI_ONION_LOCATION", global = true)]
    pub onion_location: Option<String>,
    /// Contact for `/.well-known/security.txt` (`mailto:…` or `https://…`); unset: no file.
    #[arg(long, env = "FILIMBI_SECURITY_CONTACT", global = true)]
    pub security_contact: Option<String>,
    /// Expiry of `security.txt` (RFC 3339, e.g. `2027-12-31T23:00:00Z`).
    #[arg(long, env = "FILIMBI_SECURITY_EXPIRES", global = true)]
    pub security_expires: Option<String>,
    /// Most files being received or waiting to be sealed at once, server-wide.
    #[arg(
        long,
        env = "FILIMBI_MAX_UPLOADS",
        default_value_t = 4096,
        global = true
    )]
    pub max_uploads: usize,
    // --- Slow and many clients (`http::server`) ---
    /// Spool disk all uploads in progress may hold together, MiB (charged as written).
    #[arg(
        long,
        env = "FILIMBI_SPOOL_BUDGET_MIB",
        default_value_t = 2048,
        global = true
    )]
    pub spool_budget_mib: u64,
    /// Seconds a client has to send a request's headers (also how long an idle kept-alive
    /// connection stays open).
    #[arg(
        long,
        env = "FILIMBI_HEADER_TIMEOUT_SECS",
        default_value_t = 20,
        global = true
    )]
    pub header_timeout_secs: u64,
    /// Longest gap between two pieces of a request body, seconds; no limit on the total.
    #[arg(
        long,
        env = "FILIMBI_BODY_IDLE_SECS",
        default_value_t = 60,
        global = true
    )]
    pub body_idle_secs: u64,
    /// Open connections at most; beyond, a short 503 and the connection is closed.
    #[arg(
        long,
        env = "FILIMBI_MAX_CONNECTIONS",
        default_value_t = 2048,
        global = true
    )]
    pub max_connections: usize,
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    #[arg(long, env = "FILIMBI_DRAIN_SECS", default_value_t = 30, global = true)]
    pub drain_secs: u64,
    // --- end ---
    /// Base URL of this server as investigators reach it, for setup links (default: the
    /// listen address over http).
    #[arg(long, env = "FILIMBI_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Send the session cookie without `Secure` and the `__Host-` prefix: only for plain-HTTP
    /// deployments such as an onion service without TLS. (The whistle-blower's follow-up pass
    /// goes without `Secure` to an `.onion` name anyway: docs/crypto.md.)
    #[arg(long, env = "FILIMBI_INSECURE_COOKIES", global = true)]
    pub insecure_cookies: bool,
    /// Days after receipt by which a new case should be acknowledged.
    #[arg(long, env = "FILIMBI_ACK_DAYS", default_value_t = 7, global = true)]
    pub ack_days: u32,
    /// SMTP server for the "new reports are waiting" e-mail (off when unset), e.g.
    /// `smtps://user:password@mail.example.org:465`. The mail carries no case detail. Kept
    /// secret (never printed); prefer `--smtp-url-file`.
    #[arg(
        long,
        env = "FILIMBI_SMTP_URL",
        global = true,
        hide_env_values = true,
        value_parser = secret
    )]
    pub smtp_url: Option<SecretString>,
    /// File holding the SMTP URL (one line), instead of `--smtp-url`: a command line is
    /// visible to every local user, and the environment passes to every child process.
    #[arg(
        long,
        env = "FILIMBI_SMTP_URL_FILE",
        global = true,
        conflicts_with = "smtp_url"
    )]
    pub smtp_url_file: Option<PathBuf>,
    /// Sender of the notice.
    #[arg(
        long,
        env = "FILIMBI_NOTIFY_FROM",
        default_value = "filimbi@localhost",
        global = true
    )]
    pub notify_from: String,
    /// Recipients of the notice, comma-separated.
    #[arg(long, env = "FILIMBI_NOTIFY_TO", value_delimiter = ',', global = true)]
    pub notify_to: Vec<String>,
    /// Longest random delay before the notice, in minutes (reports arriving meanwhile share it).
    #[arg(
        long,
        env = "FILIMBI_NOTIFY_DELAY_MINUTES",
        default_value_t = 60,
        global = true
    )]
    pub notify_delay_minutes: u64,
    /// Days after receipt by which the whistle-blower should have had feedback.
    #[arg(
        long,
        env = "FILIMBI_FEEDBACK_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub feedback_days: u32,
    /// Official domains, comma-separated: the check calls them and their subdomains
    /// `official` and flags names that resemble them as `lookalike`.
    #[arg(
        long = "official-domain",
        env = "FILIMBI_OFFICIAL_DOMAINS",
        value_delimiter = ',',
        default_value = app::DEFAULT_OFFICIAL_DOMAIN,
        global = true
    )]
    pub official_domains: Vec<String>,
    /// Publishing a warning needs a second investigator's approval (`true` or `false`).
    #[arg(
        long,
        env = "FILIMBI_TWO_PERSON_RULE",
        default_value_t = true,
        action = clap::ArgAction::Set,
        global = true
    )]
    pub two_person_rule: bool,
    /// Rate limits per class of route.
    #[command(flatten)]
    pub rate: RateArgs,
    /// SMS and USSD gateways.
    #[command(flatten)]
    pub phone: phone::PhoneArgs,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create an investigator's age identity and register its public key in the keys directory.
    Keygen {
        /// Name for the key file `keys/NAME.pub` (letters, digits, `-`, `_`).
        #[arg(long, env = "FILIMBI_KEY_NAME")]
        name: String,
        /// Where to write the secret identity (mode 0600; never overwritten). Keep it offline.
        #[arg(long, env = "FILIMBI_KEY_OUT")]
        out: PathBuf,
    },
    /// Write stored ciphertexts and a manifest to a directory, decrypting nothing.
    Export {
        /// Output directory (created; must be empty if it exists).
        #[arg(long, env = "FILIMBI_EXPORT_OUT")]
        out: PathBuf,
        /// Export only this case.
        #[arg(long = "case", env = "FILIMBI_EXPORT_CASE")]
        case_id: Option<String>,
    },
    /// Manage investigator accounts.
    Investigator {
        /// What to do.
        #[command(subcommand)]
        action: InvestigatorCommand,
    },
    /// Check the audit log.
    Audit {
        /// What to do.
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Import or export the public warning list (both recorded in the audit log).
    Warnings {
        /// What to do.
        #[command(subcommand)]
        action: WarningsCommand,
    },
    /// Write an encrypted backup (database snapshot, server.key, feed-signing.key) to a new
    /// file, encrypted to every offline key in the keys directory. Safe while the server runs.
    Backup {
        /// The file to write (never overwritten).
        #[arg(long, env = "FILIMBI_BACKUP_OUT")]
        out: PathBuf,
    },
    /// Delete the finished cases and possible spam the retention policy no longer keeps
    /// (the server also does it daily); prints counts by kind and received day, no content.
    Purge {
        /// Only print what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check what silently hurts (keys, permissions, limits, disk, clock, backups, sandbox)
    /// and say what to do; fails when something is wrong now.
    Doctor,
    /// Restore a backup into an empty or new data directory (--data-dir), after checking its
    /// signature against the server's public signing key; then check what it restored.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// An offline age identity the backup was encrypted to.
        #[arg(long, env = "FILIMBI_IDENTITY")]
        identity: PathBuf,
        /// The server's public signing key, kept from before (`/feeds/signing-key.pub`, the
        /// `ssh-ed25519 …` line on the warnings page, or an allowed_signers line): a backup
        /// whose signature it does not verify is refused.
        #[arg(long)]
        signer_key: PathBuf,
        /// The backup's signature, if not beside it as FROM.sig.
        #[arg(long)]
        signature: Option<PathBuf>,
    },
    /// A file-cleaning worker, started by the server over a pipe (`src/cleaner`); not for
    /// people.
    #[command(hide = true)]
    CleanWorker {
        /// Address space beyond what the worker maps at start, in bytes.
        #[arg(long)]
        memory: u64,
        /// CPU seconds over the worker's life.
        #[arg(long)]
        cpu_secs: u64,
        /// Largest file accepted, in bytes.
        #[arg(long)]
        max_file: u64,
    },
    /// Write the manual pages or the shell completions, made from this definition; for
    /// packagers (`.ci/deb`), so hidden.
    #[command(hide = true)]
    Generate {
        /// What to write.
        #[command(subcommand)]
        what: generate::Generate,
    },
    /// Decrypt an export with an offline identity, writing readable reports beside it.
    Decrypt {
        /// age identity file (as written by `filimbi keygen` or `age-keygen`).
        #[arg(long, env = "FILIMBI_IDENTITY")]
        identity: PathBuf,
        /// The server's `server.key` (a copy): also check every file's integrity MAC, which
        /// detects reports and notes forged by someone who could write the database.
        #[arg(long, env = "FILIMBI_SERVER_KEY")]
        server_key: Option<PathBuf>,
        /// The export directory.
        dir: PathBuf,
    },
}

/// `filimbi investigator …`
#[derive(Debug, Subcommand)]
pub enum InvestigatorCommand {
    /// Create an account and print its one-time setup link (valid 24 hours).
    Add {
        /// Account name (a-z, 0-9, '.', '_', '-').
        name: String,
        /// May manage accounts and read the audit log.
        #[arg(long)]
        admin: bool,
    },
    /// List accounts.
    List,
    /// Disable an account: no login, no new cases.
    Disable {
        /// Account name.
        name: String,
    },
    /// Re-enable a disabled account.
    Enable {
        /// Account name.
        name: String,
    },
    /// Clear an account's login throttle, so its next attempt is checked at once (audited).
    Unlock {
        /// Account name.
        name: String,
    },
    /// Reset an account (forgotten password or lost phone): new setup link and, at setup, a
    /// new key. Colleagues (or `grant-all`) then give the cases back.
    Reset {
        /// Account name.
        name: String,
    },
    /// Give an account every case, using an offline identity from `keys/` (recovery).
    GrantAll {
        /// Account name.
        name: String,
        /// The offline age identity file.
        #[arg(long, env = "FILIMBI_IDENTITY")]
        identity: PathBuf,
    },
}

/// `filimbi warnings …`
#[derive(Debug, Subcommand)]
pub enum WarningsCommand {
    /// Bring the list in line with a JSON file (an export, or another server's
    /// fake-websites.json): new entries are listed, status changes applied.
    Import {
        /// The JSON file.
        file: PathBuf,
    },
    /// Write the whole list, with each entry's history, as JSON.
    Export {
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

impl From<InvestigatorCommand> for offline::accounts::AccountCommand {
    fn from(c: InvestigatorCommand) -> Self {
        match c {
            InvestigatorCommand::Add { name, admin } => Self::Add { name, admin },
            InvestigatorCommand::List => Self::List,
            InvestigatorCommand::Disable { name } => Self::Disable { name },
            InvestigatorCommand::Enable { name } => Self::Enable { name },
            InvestigatorCommand::Unlock { name } => Self::Unlock { name },
            InvestigatorCommand::Reset { name } => Self::Reset { name },
            InvestigatorCommand::GrantAll { name, identity } => Self::GrantAll { name, identity },
        }
    }
}

impl From<WarningsCommand> for offline::warnings::WarningsAction {
    fn from(c: WarningsCommand) -> Self {
        match c {
            WarningsCommand::Import { file } => Self::Import { file },
            WarningsCommand::Export { out } => Self::Export { out },
        }
    }
}

/// `filimbi audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit chain; exit status 1 and the first broken entry if it breaks.
    Verify,
}

/// Runs the parsed command; prints errors in plain words and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    // A worker reads nothing of the server's configuration and logs nothing.
    if let Some(Command::CleanWorker {
        memory,
        cpu_secs,
        max_file,
    }) = cli.command
    {
        return crate::cleaner::worker::main(memory, cpu_secs, max_file);
    }
    // Neither does a packager's `generate`: it writes what the definition says, whatever
    // this machine's settings.
    if let Some(Command::Generate { what }) = &cli.command {
        return match generate::run(what) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("filimbi: {message}");
                ExitCode::FAILURE
            }
        };
    }
    init_tracing();
    let opts = match options(&cli) {
        Ok(opts) => opts,
        Err(message) => {
            eprintln!("filimbi: {message}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        None | Some(Command::Serve) => offer_languages(cli.languages.as_deref())
            .and_then(|()| serve(cli.listen, opts, server_options(&cli))),
        Some(Command::Investigator { action }) => {
            runtime().and_then(|rt| rt.block_on(offline::accounts::run(opts, action.into())))
        }
        Some(Command::Audit {
            action: AuditCommand::Verify,
        }) => runtime().and_then(|rt| rt.block_on(offline::accounts::verify_audit(opts))),
        Some(Command::Warnings { action }) => {
            runtime().and_then(|rt| rt.block_on(offline::warnings::run(opts, action.into())))
        }
        Some(Command::Keygen { name, out }) => {
            offline::keygen::run(&name, &out, &cli.keys_dir).map_err(|e| e.to_string())
        }
        Some(Command::Export { out, case_id }) => runtime().and_then(|rt| {
            rt.block_on(offline::export::run(&opts, &out, case_id.as_deref()))
                .map_err(|e| e.to_string())
        }),
        Some(Command::Decrypt {
            identity,
            server_key,
            dir,
        }) => {
            offline::decrypt::run(&identity, &dir, server_key.as_deref()).map_err(|e| e.to_string())
        }
        Some(Command::Backup { out }) => runtime().and_then(|rt| {
            rt.block_on(offline::backup::backup(&opts, &out))
                .map(|w| {
                    eprintln!(
                        "backup written to {}: {} bytes, encrypted to {} offline key(s), \
                         signed in {} (keep both; restore checks the signature)",
                        out.display(),
                        w.bytes,
                        w.recipients,
                        w.signature.display()
                    );
                })
                .map_err(|e| e.to_string())
        }),
        Some(Command::Restore {
            from,
            identity,
            signer_key,
            signature,
        }) => runtime().and_then(|rt| {
            let check = offline::backup::Provenance {
                signer_key: &signer_key,
                signature: signature.as_deref(),
            };
            rt.block_on(offline::backup::restore(&opts, &from, &identity, &check))
                .map_err(|e| e.to_string())
        }),
        Some(Command::Purge { dry_run }) => {
            runtime().and_then(|rt| rt.block_on(offline::purge::run(&opts, dry_run)))
        }
        Some(Command::Doctor) => runtime().and_then(|rt| rt.block_on(offline::doctor::run(&opts))),
        Some(Command::CleanWorker { .. } | Command::Generate { .. }) => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("filimbi: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The application options the command line describes, secret files read. Fails, in words
/// naming the option or file, before anything is opened.
pub fn options(cli: &Cli) -> Result<AppOptions, String> {
    let official_domains = cli
        .official_domains
        .iter()
        .map(|d| DomainName::parse(d).map_err(|e| format!("official domain {d:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let database_url = secret_setting(
        cli.database_url.as_ref(),
        cli.database_url_file.as_deref(),
        "database URL",
    )?;
    let smtp_url = secret_setting(
        cli.smtp_url.as_ref(),
        cli.smtp_url_file.as_deref(),
        "SMTP URL",
    )?;
    Ok(AppOptions {
        data_dir: cli.data_dir.clone(),
        keys_dir: cli.keys_dir.clone(),
        database_url,
        clock: Arc::new(SystemClock),
        limits: Limits {
            max_files: cli.max_files,
            max_file_bytes: cli.max_file_mib.saturating_mul(1024 * 1024),
            scrub_max_bytes: cli.scrub_max_mib.saturating_mul(1024 * 1024),
            max_concurrent_files: cli.max_uploads,
            spool_budget_bytes: cli.spool_budget_mib.saturating_mul(1024 * 1024),
        },
        cookie_secure: !cli.insecure_cookies,
        public_url: cli
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", cli.listen)),
        deadlines: Deadlines {
            ack_days: cli.ack_days,
            feedback_days: cli.feedback_days,
        },
        login_policy: LoginPolicy::default(),
        notify: smtp_url.map(|smtp_url| NotifyConfig {
            smtp_url,
            from: cli.notify_from.clone(),
            to: cli.notify_to.clone(),
            delay: (
                std::time::Duration::from_secs(cli.notify_delay_minutes.saturating_mul(60) / 4),
                std::time::Duration::from_secs(cli.notify_delay_minutes.saturating_mul(60)),
            ),
        }),
        official_domains,
        two_person_rule: cli.two_person_rule,
        rate_limits: cli.rate.limits(),
        retention: crate::domain::retention::RetentionPolicy {
            possible_spam_days: cli.retain_possible_spam_days,
            spam_days: cli.retain_spam_days,
            dismissed_days: cli.retain_dismissed_days,
            closed_days: cli.retain_closed_days,
        },
        backup: cli
            .backup_dir
            .clone()
            .map(|dir| crate::services::backups::BackupSchedule {
                dir,
                every: std::time::Duration::from_secs(
                    cli.backup_every_hours.max(1).saturating_mul(3600),
                ),
                keep: cli.backup_keep.max(1),
            }),
        ops: crate::http::ops::OpsOptions {
            onion_location: cli
                .onion_location
                .as_ref()
                .map(|o| o.trim_end_matches('/').to_owned()),
            security_contact: cli.security_contact.clone(),
            security_expires: cli.security_expires.clone(),
        },
        refusal_summary: std::time::Duration::from_secs(cli.refusal_summary_secs.max(1)),
        cleaner: CleanerOptions {
            timeout: std::time::Duration::from_secs(cli.clean_timeout_secs.max(1)),
            ..CleanerOptions::new(cli.scrub_max_mib.saturating_mul(1024 * 1024))
        },
        phone: phone::phone_config(&cli.phone)?,
    })
}

/// Rate limits, one per class of route and shared by every client (never per IP address).
/// Each is `RATE/BURST`: requests a second, and how many may come at once.
#[derive(Debug, clap::Args)]
pub struct RateArgs {
    /// `off` switches every rate limit off (benchmarks, load tests).
    #[arg(long = "rate-limits", env = "FILIMBI_RATE_LIMITS", default_value = "on",
        value_parser = ["on", "off"], global = true)]
    pub switch: String,
    /// First submissions, `POST /report/*` [default: 500/1000].
    #[arg(long, env = "FILIMBI_RATE_SUBMIT", value_parser = Rate::parse, global = true)]
    pub rate_submit: Option<Rate>,
    /// Report form pages, `GET /report/*` [default: 500/1000].
    #[arg(long, env = "FILIMBI_RATE_FORM", value_parser = Rate::parse, global = true)]
    pub rate_form: Option<Rate>,
    /// Follow-up pages and answers [default: 300/600].
    #[arg(long, env = "FILIMBI_RATE_FOLLOWUP", value_parser = Rate::parse, global = true)]
    pub rate_followup: Option<Rate>,
    /// Receipt attempts, `POST /followup` [default: 20/100].
    #[arg(long, env = "FILIMBI_RATE_RECEIPT", value_parser = Rate::parse, global = true)]
    pub rate_receipt: Option<Rate>,
    /// Staff login [default: 10/50].
    #[arg(long, env = "FILIMBI_RATE_LOGIN", value_parser = Rate::parse, global = true)]
    pub rate_login: Option<Rate>,
    /// Public check and feeds [default: 2000/8000].
    #[arg(long, env = "FILIMBI_RATE_PUBLIC", value_parser = Rate::parse, global = true)]
    pub rate_public: Option<Rate>,
    /// Other staff pages [default: 100/400].
    #[arg(long, env = "FILIMBI_RATE_STAFF", value_parser = Rate::parse, global = true)]
    pub rate_staff: Option<Rate>,
    /// SMS and USSD gateway callbacks [default: 50/200].
    #[arg(long, env = "FILIMBI_RATE_GATEWAY", value_parser = Rate::parse, global = true)]
    pub rate_gateway: Option<Rate>,
    /// How many `filimbi serve` processes share the load behind one address (PostgreSQL).
    /// Limits are counted per process, so each default above is divided by this; a limit
    /// given explicitly is taken as this process's own.
    #[arg(long, env = "FILIMBI_REPLICAS", default_value_t = 1,
        value_parser = clap::value_parser!(u32).range(1..=64), global = true)]
    pub replicas: u32,
}

impl RateArgs {
    /// The limits these arguments describe.
    pub fn limits(&self) -> RateLimits {
        let d = RateLimits::DEFAULT.per_replica(self.replicas);
        RateLimits {
            enabled: self.switch != "off",
            submit: self.rate_submit.unwrap_or(d.submit),
            form: self.rate_form.unwrap_or(d.form),
            followup: self.rate_followup.unwrap_or(d.followup),
            receipt: self.rate_receipt.unwrap_or(d.receipt),
            login: self.rate_login.unwrap_or(d.login),
            public: self.rate_public.unwrap_or(d.public),
            staff: self.rate_staff.unwrap_or(d.staff),
            gateway: self.rate_gateway.unwrap_or(d.gateway),
        }
    }
}

/// Clap's parser for a secret value: straight into a `SecretString`, so the parsed command
/// line never holds it as a printable `String` (clap's own copy of the raw argument remains).
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}

/// A secret setting given inline or as a file (the file wins; clap refuses both at once).
fn secret_setting(
    inline: Option<&SecretString>,
    file: Option<&Path>,
    what: &str,
) -> Result<Option<SecretString>, String> {
    match (file, inline) {
        (Some(path), _) => read_secret_file(path, what).map(Some),
        (None, inline) => Ok(inline.cloned()),
    }
}

/// Reads a one-line secret file, as systemd credentials and container secrets provide them,
/// without its line ending. Errors name the file and never quote it.
fn read_secret_file(path: &Path, what: &str) -> Result<SecretString, String> {
    let raw = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the {what} file {}: {e}", path.display()))?,
    );
    let value = raw.trim_end_matches(['\r', '\n']);
    if value.is_empty() {
        return Err(format!("the {what} file {} is empty", path.display()));
    }
    Ok(SecretString::from(value))
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FILIMBI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // Log lines carry no time of day by design choice of the operator's log system; we add none
    // of our own so a log line cannot be lined up with a case.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .without_time()
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The connection handling the command line describes.
pub fn server_options(cli: &Cli) -> ServerOptions {
    ServerOptions {
        header_timeout: Duration::from_secs(cli.header_timeout_secs.max(1)),
        body_idle: Duration::from_secs(cli.body_idle_secs.max(1)),
        max_connections: cli.max_connections.max(1),
        drain: Duration::from_secs(cli.drain_secs),
    }
}

/// Checks `--languages` and makes it the process's offer, or says what is wrong.
fn offer_languages(list: Option<&str>) -> Result<(), String> {
    let catalogue = crate::i18n::Catalogue::load().map_err(|e| e.to_string())?;
    let languages = match list {
        Some(list) => {
            crate::i18n::Languages::parse(list).map_err(|e| format!("--languages: {e}"))?
        }
        None => catalogue.default_offer(),
    };
    crate::i18n::offer(languages);
    tracing::info!(languages = %languages.codes(), "public pages offered in");
    Ok(())
}

fn serve(listen: SocketAddr, opts: AppOptions, server: ServerOptions) -> Result<(), String> {
    crate::i18n::Catalogue::load().map_err(|e| e.to_string())?;
    // The server holds reports in clear before sealing them and the keys that seal them: no
    // core file, no tracing or `/proc` reading by a process of the same user.
    if !crate::cleaner::sandbox::no_core_dumps() {
        tracing::warn!("core dumps could not be turned off for the server");
    }
    crate::cleaner::Cleaners::new(opts.cleaner.clone(), opts.limits.scrub_max_bytes).log_sandbox();
    // A panic inside a third-party parser is caught and the file kept as sent (`scrub`), but
    // the default hook would print its message, which can quote the file. Log the place only.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(
            at,
            "a task panicked (message withheld: it may quote a report)"
        );
    }));
    // The folder the keys were looked for in, whole: systemd starts the server in `/`, so a
    // relative `--keys-dir` names a different folder there than in the operator's shell.
    let keys_dir = std::path::absolute(&opts.keys_dir).unwrap_or_else(|_| opts.keys_dir.clone());
    let rt = runtime()?;
    rt.block_on(async move {
        let built = app::build(opts).await.map_err(|e| e.to_string())?;
        built.spawn_maintenance();
        match built.state.staff.accounts.bootstrap().await {
            Ok(Some(token)) => {
                println!(
                    "No investigator account is active yet. Create the first admin within 24 hours at:\n  {}\n(This link works once; each start without an active account prints a new one.)",
                    built.state.setup_url(secrecy::ExposeSecret::expose_secret(&token.0))
                );
            }
            Ok(None) => {}
            Err(e) => return Err(format!("cannot prepare the first account: {e}")),
        }
        if built.recipients.is_empty() {
            tracing::warn!(
                "intake is CLOSED: no investigator keys found in {dir}. On a machine that stays offline, run `filimbi keygen --name NAME --out PATH`, copy only the NAME.pub it makes (one age1… line) into {dir}, then restart",
                dir = keys_dir.display()
            );
        } else {
            for e in built.recipients.entries() {
                tracing::info!(fingerprint = %e.fingerprint, source = %e.source, "recipient");
            }
            tracing::info!(count = built.recipients.len(), "intake is open");
        }
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        println!("Filimbi is listening on http://{listen}/");
        crate::http::server::run(listener, built.router, server, shutdown_signal()).await;
        built.store.close().await;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    const SMTP: &str = "smtps://desk:hunter2-not-shown@mail.example.org:465";
    const DB: &str = "sqlite://data/filimbi.sqlite3?password=db-pass-not-shown";

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("filimbi").chain(args.iter().copied()))
    }

    #[test]
    fn rate_limits_are_set_per_class_by_flag_or_switched_off() {
        let d = RateLimits::DEFAULT;
        let opts = options(&parse(&[]).expect("parses")).expect("options");
        assert_eq!(opts.rate_limits, d);
        let cli = parse(&[
            "--rate-submit",
            "7/30",
            "--rate-public",
            "500",
            "--rate-form",
            "9/18",
        ])
        .expect("parses");
        let limits = options(&cli).expect("options").rate_limits;
        assert!(limits.enabled);
        assert_eq!(limits.submit, Rate::new(7, 30));
        assert_eq!(limits.form, Rate::new(9, 18));
        assert_eq!(limits.public, Rate::new(500, 500));
        assert_eq!(limits.staff, d.staff);
        let off = parse(&["--rate-limits", "off"]).expect("parses");
        assert!(!options(&off).expect("options").rate_limits.enabled);
        assert!(parse(&["--rate-limits", "maybe"]).is_err());
        assert!(parse(&["--rate-login", "0/5"]).is_err());
        // Two replicas: each takes half of every default, and an explicit limit as given.
        let two = parse(&["--replicas", "2", "--rate-login", "10/50"]).expect("parses");
        let limits = options(&two).expect("options").rate_limits;
        assert_eq!(limits.submit, Rate::new(250, 500));
        assert_eq!(limits.login, Rate::new(10, 50));
        assert!(parse(&["--replicas", "0"]).is_err());
    }

    #[test]
    fn secret_urls_are_absent_from_debug_output() {
        let cli = parse(&[
            "--smtp-url",
            SMTP,
            "--notify-to",
            "desk@example.org",
            "--database-url",
            DB,
        ])
        .expect("parses");
        let opts = options(&cli).expect("options");
        let shown = format!("{cli:?}\n{opts:?}\n{:?}", opts.notify);
        for secret in ["hunter2", "db-pass"] {
            assert!(!shown.contains(secret), "{secret} printed: {shown}");
        }
        assert!(shown.contains("REDACTED"), "{shown}");
        // The values are still there for the code that needs them.
        let notify = opts.notify.expect("mail configured");
        assert_eq!(notify.smtp_url.expose_secret(), SMTP);
        assert_eq!(opts.database_url.expect("db").expose_secret(), DB);
    }

    #[test]
    fn secret_urls_are_read_from_files_without_the_line_ending() {
        let dir = tempfile::tempdir().expect("tempdir");
        let smtp = dir.path().join("smtp-url");
        let db = dir.path().join("db-url");
        std::fs::write(&smtp, format!("{SMTP}\n")).expect("write");
        std::fs::write(&db, format!("{DB}\r\n")).expect("write");
        let cli = parse(&[
            "--smtp-url-file",
            &smtp.to_string_lossy(),
            "--database-url-file",
            &db.to_string_lossy(),
        ])
        .expect("parses");
        let opts = options(&cli).expect("options");
        assert_eq!(opts.notify.expect("mail").smtp_url.expose_secret(), SMTP);
        assert_eq!(opts.database_url.expect("db").expose_secret(), DB);
    }

    #[test]
    fn an_unusable_secret_file_is_an_error_naming_the_file_not_its_content() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("no-such-file");
        let cli = parse(&["--smtp-url-file", &missing.to_string_lossy()]).expect("parses");
        let err = options(&cli).expect_err("missing file");
        assert!(err.contains("SMTP URL file"), "{err}");
        assert!(err.contains(&*missing.to_string_lossy()), "{err}");

        // Unreadable as text: the error still names only the file.
        let garbled = dir.path().join("garbled");
        let mut bytes = SMTP.as_bytes().to_vec();
        bytes.push(0xff);
        std::fs::write(&garbled, bytes).expect("write");
        let cli = parse(&["--smtp-url-file", &garbled.to_string_lossy()]).expect("parses");
        let err = options(&cli).expect_err("not UTF-8");
        assert!(err.contains(&*garbled.to_string_lossy()), "{err}");
        assert!(!err.contains("hunter2"), "{err}");

        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").expect("write");
        let cli = parse(&["--database-url-file", &empty.to_string_lossy()]).expect("parses");
        let err = options(&cli).expect_err("empty file");
        assert!(err.contains("database URL file"), "{err}");
        assert!(err.contains("empty"), "{err}");
    }

    #[test]
    fn a_secret_given_both_inline_and_as_a_file_is_refused() {
        let err =
            parse(&["--smtp-url", SMTP, "--smtp-url-file", "smtp-url"]).expect_err("conflict");
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }
}

#[cfg(test)]
mod server_option_tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("filimbi").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn slow_client_options_have_their_defaults_and_flags() {
        let cli = parse(&[]);
        let s = server_options(&cli);
        assert_eq!(s.header_timeout, Duration::from_secs(20));
        assert_eq!(s.body_idle, Duration::from_secs(60));
        assert_eq!(s.max_connections, 2048);
        assert_eq!(s.drain, Duration::from_secs(30));
        let opts = options(&cli).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opts.limits.spool_budget_bytes, 2048 * 1024 * 1024);
        assert_eq!(opts.limits.max_concurrent_files, 4096);

        let cli = parse(&[
            "--header-timeout-secs",
            "3",
            "--body-idle-secs",
            "0",
            "--max-connections",
            "10",
            "--drain-secs",
            "5",
            "--spool-budget-mib",
            "1",
        ]);
        let s = server_options(&cli);
        assert_eq!(s.header_timeout, Duration::from_secs(3));
        assert_eq!(
            s.body_idle,
            Duration::from_secs(1),
            "0 would cut every body"
        );
        assert_eq!(s.max_connections, 10);
        assert_eq!(s.drain, Duration::from_secs(5));
        let opts = options(&cli).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opts.limits.spool_budget_bytes, 1024 * 1024);
    }
}
