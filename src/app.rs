//! Wiring. [`services`] opens the store, loads the recipients and the server secret and wires
//! the services over them; the offline commands use that alone. [`build`] starts from the
//! same services and adds the server: the upload spool, the intake, form tokens and the
//! router. `filimbi serve` and the integration tests both use [`build`], so tests exercise
//! exactly what production runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use crate::cleaner::{CleanerOptions, Cleaners};
use crate::clock::{Clock, SystemClock};
use crate::crypto::conversation::PassKeys;
use crate::crypto::deliveries::DeliveryKey;
use crate::crypto::feed_signing::{self, FeedSigner, SigningError};
use crate::crypto::form_token::FormTokens;
use crate::crypto::receipt_keys::ReceiptKeys;
use crate::crypto::recipients::{KeysError, Recipients};
use crate::crypto::seal::Sealer;
use crate::crypto::sealed::IntegrityKey;
use crate::crypto::server_secret::{self, SecretError, ServerSecret};
use crate::domain::account::LoginPolicy;
use crate::domain::queue::Deadlines;
use crate::domain::warnings::DomainName;
use crate::http;
use crate::http::gateways::Gateways;
use crate::http::middleware::App;
use crate::http::rate::Limiters;
use crate::http::refusals::Refusals;
use crate::http::staff::CookiePolicy;
use crate::http::{AppState, Shared, StaffState};
use crate::services::accounts::{Accounts, SessionPolicy};
use crate::services::attachments::FileSealer;
use crate::services::audit::{Audit, AuditAction};
use crate::services::followup::Followup;
use crate::services::intake::{Intake, Limits};
use crate::services::maintenance;
use crate::services::notify::{Notifier, NotifyConfig, NotifyError};
use crate::services::rate::RateLimits;
use crate::services::sms::SmsDesk;
use crate::services::spool::Spooler;
use crate::services::texting::Texting;
use crate::services::ussd::UssdDesk;
use crate::services::warnings::{Warnings, WarningsError};
use crate::services::workspace::Workspace;
use crate::store::{Store, StoreError};

/// What the server needs to start.
pub struct AppOptions {
    /// Data directory (database, server secret). Created if missing.
    pub data_dir: PathBuf,
    /// Directory of `*.pub` recipient files.
    pub keys_dir: PathBuf,
    /// Database URL; `None` means the SQLite file in the data directory. A secret: a server
    /// database's URL carries its password.
    pub database_url: Option<SecretString>,
    /// Time source.
    pub clock: Arc<dyn Clock>,
    /// Attachment limits.
    pub limits: Limits,
    /// Session cookies `Secure` with the `__Host-` prefix (off only for plain HTTP).
    pub cookie_secure: bool,
    /// Base URL printed in setup links (`http://127.0.0.1:8080` by default).
    pub public_url: String,
    /// Acknowledgement and feedback deadlines.
    pub deadlines: Deadlines,
    /// Login throttling.
    pub login_policy: LoginPolicy,
    /// E-mail notice of new reports; `None` (the default) sends no mail.
    pub notify: Option<NotifyConfig>,
    /// The genuine domains (the check says `official` for them and their subdomains, and
    /// `lookalike` for names that resemble them).
    pub official_domains: Vec<DomainName>,
    /// Publishing a warning needs a second investigator's approval.
    pub two_person_rule: bool,
    /// Rate limits per class of route (not per client).
    pub rate_limits: RateLimits,
    /// How often refused requests are summed up in the log (`http::refusals`).
    pub refusal_summary: std::time::Duration,
    /// How file-cleaning workers are started and limited.
    pub cleaner: CleanerOptions,
    /// Health check, `security.txt`, `Onion-Location`.
    pub ops: http::ops::OpsOptions,
    /// Scheduled encrypted backups, if any.
    pub backup: Option<crate::services::backups::BackupSchedule>,
    /// How long finished cases and possible spam are kept (applied daily).
    pub retention: crate::domain::retention::RetentionPolicy,
    /// Reports and follow-up by SMS and USSD, when a gateway is configured.
    pub phone: Option<crate::services::texting::PhoneConfig>,
}

/// Written by hand because the clock is not `Debug`; the secrets inside print as redacted, so
/// the options can be logged or shown in a test failure without leaking a password.
impl std::fmt::Debug for AppOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppOptions")
            .field("data_dir", &self.data_dir)
            .field("keys_dir", &self.keys_dir)
            .field("database_url", &self.database_url)
            .field("limits", &self.limits)
            .field("cookie_secure", &self.cookie_secure)
            .field("public_url", &self.public_url)
            .field("deadlines", &self.deadlines)
            .field("login_policy", &self.login_policy)
            .field("notify", &self.notify)
            .field("official_domains", &self.official_domains)
            .field("two_person_rule", &self.two_person_rule)
            .field("rate_limits", &self.rate_limits)
            .field("refusal_summary", &self.refusal_summary)
            .field("cleaner", &self.cleaner)
            .field("ops", &self.ops)
            .field("backup", &self.backup)
            .field("retention", &self.retention)
            .field("phone", &self.phone.as_ref().map(|p| (p.sms, p.ussd)))
            .finish_non_exhaustive()
    }
}

/// The official domain shipped by default: the scheme's own, from its contact address.
pub const DEFAULT_OFFICIAL_DOMAIN: &str = "ceec-icglr.org";

impl AppOptions {
    /// Defaults for the given directories, with the real clock.
    pub fn new(data_dir: impl Into<PathBuf>, keys_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            keys_dir: keys_dir.into(),
            database_url: None,
            clock: Arc::new(SystemClock),
            limits: Limits::default(),
            cookie_secure: true,
            public_url: "http://127.0.0.1:8080".to_owned(),
            deadlines: Deadlines::default(),
            login_policy: LoginPolicy::default(),
            notify: None,
            official_domains: DomainName::parse(DEFAULT_OFFICIAL_DOMAIN)
                .into_iter()
                .collect(),
            two_person_rule: true,
            rate_limits: RateLimits::DEFAULT,
            refusal_summary: http::refusals::DEFAULT_PERIOD,
            cleaner: CleanerOptions::new(Limits::default().scrub_max_bytes),
            ops: http::ops::OpsOptions::default(),
            backup: None,
            retention: crate::domain::retention::RetentionPolicy::default(),
            phone: None,
        }
    }
}

/// Why the application could not start. Each message names what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The data directory cannot be created or written.
    #[error("data directory {path} is not usable: {source}")]
    DataDir {
        /// Path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Recipient files are invalid.
    #[error(transparent)]
    Keys(#[from] KeysError),
    /// The server secret cannot be loaded.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The e-mail settings are invalid.
    #[error(transparent)]
    Notify(#[from] NotifyError),
    /// The SMS sender could not be set up (its TLS configuration).
    #[error("the SMS sender cannot start: {0}")]
    Texting(String),
    /// The database cannot be opened or migrated.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The feed signing key cannot be loaded or created.
    #[error(transparent)]
    FeedKey(#[from] SigningError),
    /// The warning list cannot be loaded.
    #[error("warning list: {0}")]
    Warnings(#[from] WarningsError),
    /// A secret file is not the one the database was made with.
    #[error(
        "{file} in {dir} is not the one this database was made with: every server on one \
         database needs the same {file} (copy it from the first server; docs/operations.md)"
    )]
    KeyMismatch {
        /// The file's name.
        file: &'static str,
        /// The data directory it was read from.
        dir: PathBuf,
    },
}

/// The services over the data directory, without the web server: what the offline commands
/// (`filimbi investigator`, `warnings`, `audit verify`, `export`) work with, and what [`build`]
/// starts from. Getting them creates no spool directory, sweeps nothing, spawns no task and
/// touches no HTTP type, so a command run beside a live server leaves the server's uploads and
/// schedules alone.
pub struct Services {
    /// The store.
    pub store: Store,
    /// The recipients in force.
    pub recipients: Recipients,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// The audit log.
    pub audit: Arc<Audit>,
    /// Accounts, login, sessions.
    pub accounts: Arc<Accounts>,
    /// Queue and cases.
    pub workspace: Arc<Workspace>,
    /// The published warning list, its feeds, and publishing.
    pub warnings: Arc<Warnings>,
    /// Base URL for links printed or shown (setup links), without a trailing slash.
    pub public_url: Arc<str>,
    /// The key of the sealed objects' MACs (`audit verify` checks every object with it).
    pub integrity: Arc<IntegrityKey>,
    /// Kept for [`build`] (form tokens, receipt keys), which runs in this module; the offline
    /// commands get only the services derived from it.
    secret: ServerSecret,
}

impl Services {
    /// The full URL of a setup link.
    pub fn setup_url(&self, token: &str) -> String {
        crate::services::accounts::setup_url(&self.public_url, token)
    }
}

/// Prepares the data directory, loads the recipients and the server secret, opens (and
/// migrates) the store, and wires the services over it; see [`Services`] for what it leaves
/// out.
pub async fn services(opts: &AppOptions) -> Result<Services, StartError> {
    ensure_dir(&opts.data_dir)?;
    let recipients = Recipients::load_dir(&opts.keys_dir)?;
    let secret = ServerSecret::load_or_create(&opts.data_dir)?;
    let integrity = Arc::new(IntegrityKey::new(&secret));
    let store = match &opts.database_url {
        Some(url) => Store::open(url.expose_secret(), &integrity).await?,
        None => Store::open_file(&Store::default_path(&opts.data_dir), &integrity).await?,
    };
    check_key(
        &store,
        server_secret::FILE_NAME,
        &secret.check_value(),
        opts,
    )
    .await?;
    let clock = Arc::clone(&opts.clock);
    let audit = Arc::new(Audit::new(store.clone(), &secret, Arc::clone(&clock)));
    if let Some(added) = store.macs_added_at_upgrade() {
        // Whoever opened the database first after the upgrade (server or command) records it.
        let detail = match (added.objects, added.records) {
            (0, 0) => None,
            (n, 0) => Some(format!("{n} objects")),
            (0, r) => Some(format!("{r} records")),
            (n, r) => Some(format!("{n} objects, {r} records")),
        };
        if let Some(detail) = detail {
            audit
                .record("system", AuditAction::IntegrityUpgrade, "", &detail)
                .await?;
        }
    }
    let accounts = Arc::new(Accounts::new(
        store.clone(),
        Arc::clone(&clock),
        Arc::clone(&audit),
        opts.login_policy,
        SessionPolicy::default(),
        Arc::clone(&integrity),
    ));
    let workspace = Arc::new(Workspace::new(
        store.clone(),
        Arc::clone(&clock),
        recipients.clone(),
        Arc::clone(&audit),
        opts.deadlines,
        Arc::clone(&integrity),
    ));
    let public_url: Arc<str> = Arc::from(opts.public_url.trim_end_matches('/'));
    let signer = FeedSigner::load_or_create(&opts.data_dir)?;
    check_key(&store, feed_signing::FILE_NAME, &signer.fingerprint(), opts).await?;
    let warnings = Arc::new(
        Warnings::load(
            store.clone(),
            Arc::clone(&clock),
            Arc::clone(&audit),
            signer,
            opts.official_domains.clone(),
            opts.two_person_rule,
            Arc::clone(&public_url),
        )
        .await?,
    );
    Ok(Services {
        store,
        recipients,
        clock,
        audit,
        accounts,
        workspace,
        warnings,
        public_url,
        integrity,
        secret,
    })
}

/// Refuses to go on when the secret file `file` is not the one the database was made with.
async fn check_key(
    store: &Store,
    file: &'static str,
    value: &str,
    opts: &AppOptions,
) -> Result<(), StartError> {
    if store.key_matches(file, value).await? {
        Ok(())
    } else {
        Err(StartError::KeyMismatch {
            file,
            dir: opts.data_dir.clone(),
        })
    }
}

/// A built application.
pub struct Built {
    /// The application to serve: the routes and what every request passes through.
    pub router: App,
    /// The store (for shutdown and tests).
    pub store: Store,
    /// The recipients in force.
    pub recipients: Recipients,
    /// The upload spool (for the periodic sweep).
    pub spooler: Spooler,
    /// The clock the app runs on.
    pub clock: Arc<dyn Clock>,
    /// The shared state (accounts, audit…), for the CLI and tests.
    pub state: AppState,
    /// Scheduled backups, with the keys and data directories they read.
    pub backup: Option<(crate::services::backups::BackupSchedule, PathBuf, PathBuf)>,
    /// The retention policy applied daily.
    pub retention: crate::domain::retention::RetentionPolicy,
}

impl Built {
    /// Starts the background work: the hourly removal of upload leftovers, the warning list's
    /// refresh and the WAL checkpoints (`services::maintenance`), retention, backups.
    pub fn spawn_maintenance(&self) {
        self.state.refusals.spawn_summaries();
        maintenance::spawn_periodic(
            self.store.clone(),
            self.spooler.clone(),
            Arc::clone(&self.clock),
            Arc::clone(&self.state.staff.accounts),
        );
        maintenance::spawn_warnings_refresh(self.store.clone(), Arc::clone(&self.state.warnings));
        maintenance::spawn_checkpoints(self.store.clone(), maintenance::CHECKPOINT_INTERVAL);
        crate::services::retention::spawn_daily(
            self.store.clone(),
            Arc::clone(&self.state.staff.audit),
            self.retention,
            Arc::clone(&self.clock),
        );
        if let Some((schedule, keys_dir, data_dir)) = &self.backup {
            crate::services::backups::spawn(
                self.store.clone(),
                Arc::clone(&self.state.staff.audit),
                keys_dir.clone(),
                data_dir.clone(),
                schedule.clone(),
                Arc::clone(&self.clock),
            );
        }
    }
}

/// The whole server: [`services`], then what only the server has — the upload spool (swept of
/// leftovers now), the intake with its e-mail notice, form tokens and the router.
pub async fn build(opts: AppOptions) -> Result<Built, StartError> {
    let Services {
        store,
        recipients,
        clock,
        audit,
        accounts,
        workspace,
        warnings,
        public_url,
        integrity,
        secret,
    } = services(&opts).await?;
    let spool_dir = opts.data_dir.join("spool");
    let spooler = Spooler::new(
        spool_dir.clone(),
        opts.limits.max_concurrent_files,
        opts.limits.spool_budget_bytes,
    )
    .map_err(|source| StartError::DataDir {
        path: spool_dir,
        source,
    })?;
    maintenance::sweep(&store, &spooler, clock.as_ref()).await?;
    let swept = crate::services::backups::sweep_scratch(&opts.data_dir);
    if swept > 0 {
        tracing::warn!(
            folders = swept,
            "removed database snapshots an interrupted backup left behind"
        );
    }
    let sealer = Arc::new(Sealer::new(
        recipients.clone(),
        ReceiptKeys::new(&secret),
        Arc::clone(&integrity),
    ));
    let cleaners = Cleaners::new(opts.cleaner.clone(), opts.limits.scrub_max_bytes);
    let files = Arc::new(FileSealer::new(store.clone(), opts.limits, cleaners));
    let mut intake = Intake::new(
        Arc::clone(&sealer),
        store.clone(),
        Arc::clone(&clock),
        Arc::clone(&files),
    );
    intake = intake.with_audit(Arc::clone(&audit));
    let mut followup = Followup::new(
        store.clone(),
        Arc::clone(&clock),
        sealer,
        integrity,
        PassKeys::new(&secret),
        files,
    )
    .with_attempt_limit(opts.rate_limits.enabled.then_some(opts.rate_limits.receipt))
    .with_audit(Arc::clone(&audit));
    if let Some(cfg) = &opts.notify {
        // One notifier: a report and an answer arriving close together share one notice.
        let notifier = Arc::new(Notifier::new(cfg, Arc::clone(&clock))?);
        intake = intake.with_notifier(Arc::clone(&notifier));
        followup = followup.with_notifier(notifier);
    }
    let intake = Arc::new(intake);
    let followup = Arc::new(followup);
    let phone = match opts.phone {
        Some(mut config) => {
            let texting = match config.outbound.take() {
                Some(outbound) => Some(Texting::new(outbound).map_err(StartError::Texting)?),
                None => None,
            };
            let desk = SmsDesk::new(
                Arc::clone(&intake),
                Arc::clone(&followup),
                Arc::clone(&warnings),
                DeliveryKey::new(&secret),
                Arc::clone(&clock),
                config.default_lang,
            );
            let ussd = UssdDesk::new(
                Arc::clone(&intake),
                Arc::clone(&followup),
                DeliveryKey::new(&secret),
                Arc::clone(&clock),
                config.sms.is_some() && texting.is_some(),
            );
            Some(Arc::new(Gateways {
                config,
                desk,
                ussd,
                texting,
            }))
        }
        None => None,
    };
    let state = AppState::new(Shared {
        intake,
        tokens: Arc::new(FormTokens::new(&secret)),
        clock: Arc::clone(&clock),
        spooler: spooler.clone(),
        staff: StaffState {
            accounts,
            workspace,
            audit,
            cookies: CookiePolicy {
                secure: opts.cookie_secure,
            },
        },
        public_url,
        warnings,
        followup,
        rate: Arc::new(Limiters::new(&opts.rate_limits)),
        store: store.clone(),
        ops: Arc::new(opts.ops.clone()),
        refusals: Arc::new(Refusals::new(opts.refusal_summary)),
        phone,
    });
    Ok(Built {
        router: http::routes::router(state.clone()),
        state,
        store,
        recipients,
        spooler,
        clock,
        backup: opts
            .backup
            .clone()
            .map(|b| (b, opts.keys_dir.clone(), opts.data_dir.clone())),
        retention: opts.retention,
    })
}

/// Creates `path` (mode 0700 on Unix) if missing and checks it can be written.
fn ensure_dir(path: &Path) -> Result<(), StartError> {
    let fail = |source| StartError::DataDir {
        path: path.to_path_buf(),
        source,
    };
    if !path.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(path).map_err(fail)?;
    }
    let probe = path.join(".write-test");
    std::fs::write(&probe, b"").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(())
}
