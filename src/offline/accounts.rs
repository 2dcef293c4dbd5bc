//! `filimbi investigator …` and `filimbi audit verify`: account administration from the
//! server's shell, and the recovery path that needs no web login at all.

use std::path::Path;

use age::x25519;
use secrecy::ExposeSecret;

use crate::app::{self, AppOptions};
use crate::cli::InvestigatorCommand;
use crate::crypto::case_access::CaseKey;
use crate::crypto::seal::AccountReader;
use crate::domain::account::AccountState;
use crate::services::audit::AuditAction;

const ACTOR: &str = "cli";

/// Runs an investigator subcommand against the configured database.
pub async fn run(opts: AppOptions, action: InvestigatorCommand) -> Result<(), String> {
    let built = app::build(opts).await.map_err(|e| e.to_string())?;
    let state = &built.state;
    let accounts = &state.staff.accounts;
    let result = match action {
        InvestigatorCommand::Add { name, admin } => {
            let token = accounts
                .create(ACTOR, &name, admin)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "Account created. Open this link within 24 hours to choose a password and set up the authenticator app (it works once):\n  {}",
                state.setup_url(token.0.expose_secret())
            );
            Ok(())
        }
        InvestigatorCommand::List => {
            let list = accounts.list().await.map_err(|e| e.to_string())?;
            println!("{:<32} {:<12} {:<9} created", "name", "role", "state");
            for a in list {
                let role = if a.is_admin { "admin" } else { "investigator" };
                println!(
                    "{:<32} {:<12} {:<9} {}",
                    a.name,
                    role,
                    a.state.as_str(),
                    a.created_day
                );
            }
            Ok(())
        }
        InvestigatorCommand::Disable { name } => {
            accounts
                .disable(ACTOR, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{name} is disabled: it cannot log in and receives no new cases.");
            Ok(())
        }
        InvestigatorCommand::Enable { name } => {
            let done = accounts
                .enable(ACTOR, &name)
                .await
                .map_err(|e| e.to_string())?;
            if done {
                println!("{name} is enabled again.");
                Ok(())
            } else {
                Err(format!("{name} is not a disabled, set-up account"))
            }
        }
        InvestigatorCommand::Reset { name } => {
            let token = accounts
                .reset(ACTOR, &name)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{name} is reset: its old key and sessions are gone. New setup link (24 hours, works once):\n  {}\nAfterwards, give the cases back with `filimbi investigator grant-all {name} --identity OFFLINE.key`, or from a colleague's Accounts page.",
                state.setup_url(token.0.expose_secret())
            );
            Ok(())
        }
        InvestigatorCommand::GrantAll { name, identity } => {
            grant_all(&built, &name, &identity).await
        }
    };
    built.store.close().await;
    result
}

/// Re-wraps every case key to `name`'s key, opening each case's escrow wrap with an offline
/// identity. Content is not touched.
async fn grant_all(built: &app::Built, name: &str, identity: &Path) -> Result<(), String> {
    let identities = read_identities(identity)?;
    let account = built
        .state
        .staff
        .accounts
        .by_name(name)
        .await
        .map_err(|e| e.to_string())?;
    let recipient: x25519::Recipient = match (&account.state, &account.recipient) {
        (AccountState::Active, Some(r)) => r.parse().map_err(|e| format!("stored key: {e}"))?,
        _ => return Err(format!("{name} is not an active, set-up account")),
    };
    let store = &built.store;
    let cases = store.list_cases(None).await.map_err(|e| e.to_string())?;
    let (mut granted, mut failed) = (0usize, 0usize);
    for case in &cases {
        let wrap = store
            .key_wrap(&case.id, "escrow")
            .await
            .map_err(|e| e.to_string())?;
        let key = wrap.and_then(|w| {
            identities
                .iter()
                .find_map(|id| CaseKey::unwrap(&w, id).ok())
        });
        let Some(key) = key else {
            failed += 1;
            eprintln!("{}: this identity cannot open the case key", case.id);
            continue;
        };
        let new_wrap = key.wrap_for(&recipient).map_err(|e| e.to_string())?;
        store
            .put_key_wrap(&case.id, &AccountReader::label(&account.id), &new_wrap)
            .await
            .map_err(|e| e.to_string())?;
        built
            .state
            .staff
            .audit
            .record(
                ACTOR,
                AuditAction::CaseGrant,
                case.id.as_str(),
                &account.name,
            )
            .await
            .map_err(|e| e.to_string())?;
        granted += 1;
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
    let built = app::build(opts).await.map_err(|e| e.to_string())?;
    let verdict = built
        .state
        .staff
        .audit
        .verify()
        .await
        .map_err(|e| e.to_string())?;
    built.store.close().await;
    match verdict {
        Ok((n, head)) => {
            println!("audit chain intact: {n} entries");
            println!("head: {n}:{head}");
            println!(
                "(Keep this line somewhere else; if later entries are deleted, the chain still verifies but the head will differ.)"
            );
            Ok(())
        }
        Err(b) => Err(b.to_string()),
    }
}
