//! `filimbi investigator …` and `filimbi audit verify`: account administration from the
//! server's shell, and the recovery path that needs no web login at all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use age::x25519;
use secrecy::ExposeSecret;

use crate::app::{self, AppOptions, Services};
use crate::domain::account::{AccountId, AccountName, AccountState, LoginThrottle};
use crate::services::accounts::{AccountError, Accounts};

const ACTOR: &str = "cli";

/// What to do with the accounts: the command line's `investigator` subcommands, as the
/// offline code needs them (`cli` converts its own parsed arguments into this, so the offline
/// commands do not depend on how the command line is parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountCommand {
    /// Create an account (an admin if `admin`) and print its one-time setup link.
    Add {
        /// Account name as typed.
        name: String,
        /// May manage accounts and read the audit log.
        admin: bool,
    },
    /// List accounts.
    List,
    /// Disable an account.
    Disable {
        /// Account name as typed.
        name: String,
    },
    /// Re-enable a disabled account.
    Enable {
        /// Account name as typed.
        name: String,
    },
    /// Clear an account's login throttle.
    Unlock {
        /// Account name as typed.
        name: String,
    },
    /// Reset an account: new setup link and, at setup, a new key.
    Reset {
        /// Account name as typed.
        name: String,
    },
    /// Give an account every case, with an offline identity (recovery).
    GrantAll {
        /// Account name as typed.
        name: String,
        /// The offline age identity file.
        identity: PathBuf,
    },
}

/// Runs an investigator subcommand against the configured database.
pub async fn run(opts: AppOptions, action: AccountCommand) -> Result<(), String> {
    let services = app::services(&opts).await.map_err(|e| e.to_string())?;
    let accounts = &services.accounts;
    let result = match action {
        AccountCommand::Add { name, admin } => {
            let parsed = parse_name(&name, AccountError::BadName)?;
            let token = accounts
                .create(ACTOR, &parsed, admin)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "Account created. Open this link within 24 hours to choose a password and set up the authenticator app (it works once):\n  {}",
                services.setup_url(token.0.expose_secret())
            );
            Ok(())
        }
        AccountCommand::List => list(accounts).await,
        AccountCommand::Unlock { name } => {
            let parsed = parse_name(&name, AccountError::NoSuchAccount)?;
            let was = accounts
                .unlock(ACTOR, &parsed)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{name}'s login throttle is cleared ({} attempt(s) without a success); its next attempt is checked at once.",
                was.failures
            );
            Ok(())
        }
        AccountCommand::Disable { name } => {
            let parsed = parse_name(&name, AccountError::NoSuchAccount)?;
            accounts
                .disable(ACTOR, &parsed)
                .await
                .map_err(|e| e.to_string())?;
            println!("{name} is disabled: it cannot log in and receives no new cases.");
            Ok(())
        }
        AccountCommand::Enable { name } => {
            let parsed = parse_name(&name, AccountError::NoSuchAccount)?;
            let done = accounts
                .enable(ACTOR, &parsed)
                .await
                .map_err(|e| e.to_string())?;
            if done {
                println!("{name} is enabled again.");
                Ok(())
            } else {
                Err(format!("{name} is not a disabled, set-up account"))
            }
        }
        AccountCommand::Reset { name } => {
            let parsed = parse_name(&name, AccountError::NoSuchAccount)?;
            let token = accounts
                .reset(ACTOR, &parsed)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{name} is reset: its old key and sessions are gone. New setup link (24 hours, works once):\n  {}\nAfterwards, give the cases back with `filimbi investigator grant-all {name} --identity OFFLINE.key`, or from a colleague's Accounts page.",
                services.setup_url(token.0.expose_secret())
            );
            Ok(())
        }
        AccountCommand::GrantAll { name, identity } => grant_all(&services, &name, &identity).await,
    };
    services.store.close().await;
    result
}

/// Prints every account with its role, state, day created and login throttle.
async fn list(accounts: &Accounts) -> Result<(), String> {
    let list = accounts.list().await.map_err(|e| e.to_string())?;
    let throttles: HashMap<AccountId, LoginThrottle> = accounts
        .throttles()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let (policy, now) = (accounts.login_policy(), accounts.now());
    println!(
        "{:<32} {:<12} {:<9} {:<10} login",
        "name", "role", "state", "created"
    );
    for a in list {
        let role = if a.is_admin { "admin" } else { "investigator" };
        let throttle = throttles.get(&a.id).copied().unwrap_or_default();
        println!(
            "{:<32} {:<12} {:<9} {:<10} {}",
            a.name,
            role,
            a.state.as_str(),
            a.created_day,
            policy.view(throttle, now)
        );
    }
    Ok(())
}

/// Re-wraps every case key to `name`'s key, opening each case's escrow wrap with an offline
/// identity. Content is not touched.
async fn grant_all(services: &Services, name: &str, identity: &Path) -> Result<(), String> {
    let identities = read_identities(identity)?;
    let account = services
        .accounts
        .by_name(&parse_name(name, AccountError::NoSuchAccount)?)
        .await
        .map_err(|e| e.to_string())?;
    if !(account.state == AccountState::Active && account.recipient.is_some()) {
        return Err(format!("{name} is not an active, set-up account"));
    }
    let workspace = &services.workspace;
    let cases = services
        .store
        .list_cases(None)
        .await
        .map_err(|e| e.to_string())?;
    let (mut granted, mut failed) = (0usize, 0usize);
    for case in &cases {
        let opened = workspace
            .grant_from_escrow(ACTOR, &case.id, &identities, &account)
            .await
            .map_err(|e| format!("{}: {e}", case.id))?;
        if opened {
            granted += 1;
        } else {
            failed += 1;
            eprintln!("{}: this identity cannot open the case key", case.id);
        }
    }
    println!("{name} can now read {granted} of {} case(s).", cases.len());
    if failed > 0 {
        return Err(format!(
            "{failed} case(s) could not be opened with {}",
            identity.display()
        ));
    }
    Ok(())
}

/// An account name typed on the command line; one that does not parse is refused with
/// `otherwise`'s message, as the service refused it before names were parsed here.
fn parse_name(typed: &str, otherwise: AccountError) -> Result<AccountName, String> {
    AccountName::parse(typed).ok_or_else(|| otherwise.to_string())
}

fn read_identities(path: &Path) -> Result<Vec<x25519::Identity>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let ids: Vec<x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("AGE-SECRET-KEY-"))
        .filter_map(|l| l.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(format!(
            "{}: no age identity (AGE-SECRET-KEY-…) found",
            path.display()
        ));
    }
    Ok(ids)
}

/// `filimbi audit verify`: prints the result; fails when the chain breaks.
pub async fn verify_audit(opts: AppOptions) -> Result<(), String> {
    let services = app::services(&opts).await.map_err(|e| e.to_string())?;
    let verdict = services.audit.verify().await.map_err(|e| e.to_string())?;
    // The chain covers investigators' actions; the object MACs cover what is sealed.
    let objects = services
        .store
        .verify_objects(&services.integrity)
        .await
        .map_err(|e| e.to_string());
    // The queue's counts are kept by triggers; a disagreement means rows were edited by
    // hand (or a bug), and the queue's numbers would be wrong.
    let tally = services
        .store
        .tally_matches()
        .await
        .map_err(|e| e.to_string());
    services.store.close().await;
    let (checked, failures) = objects?;
    let tally = tally?;
    if tally {
        println!("queue counts agree with the cases");
    }
    let chain = match verdict {
        Ok((n, head)) => {
            println!("audit chain intact: {n} entries");
            println!("head: {n}:{head}");
            println!(
                "(Keep this line somewhere else; if later entries are deleted, the chain still verifies but the head will differ.)"
            );
            Ok(())
        }
        Err(b) => Err(b.to_string()),
    };
    for f in &failures {
        eprintln!("integrity failure: {f}");
    }
    if failures.is_empty() {
        println!("sealed objects and records intact: {checked} checked");
    }
    chain?;
    if !tally {
        return Err(
            "the queue's counts (case_tally) disagree with the cases: rows were changed outside Filimbi"
                .to_owned(),
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {checked} sealed object(s) and record(s) failed their integrity check: they were not written by this server",
            failures.len()
        ))
    }
}
