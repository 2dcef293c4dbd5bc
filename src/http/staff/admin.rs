//! Accounts, the audit log and the dashboard.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::crypto::recipients::fingerprint;
use crate::domain::account::{
    Account, AccountId, AccountName, AccountState, LoginThrottle, ThrottleView,
};
use crate::domain::case::Status;
use crate::domain::charts::bar_chart;
use crate::domain::report::Category;
use crate::error::AppError;
use crate::http::AppState;
use crate::http::pages::render;
use crate::http::query::{TypedQuery, blank_is_none};
use crate::i18n::Tr;
use crate::services::accounts::{AccountError, SetupToken};
use crate::services::workspace::WorkspaceError;

use super::Staff;
use super::actions::AccountForm;
use super::pages::{AccountRow, AccountsPage, AuditPage, Chrome, DashboardPage};

/// What an action on the accounts page did, for the page shown after it.
#[derive(Default)]
struct Outcome {
    /// A setup link to show once, and for whom.
    link: Option<(String, SetupToken)>,
    /// Confirmation or problem ("" for none).
    flash: String,
    /// Whether the action was refused (the page then answers 400).
    refused: bool,
}

impl Outcome {
    fn done(flash: String) -> Self {
        Self {
            flash,
            ..Self::default()
        }
    }

    fn refused(flash: String) -> Self {
        Self {
            flash,
            refused: true,
            ..Self::default()
        }
    }

    /// A new setup link for account `name`.
    fn link(name: &AccountName, token: SetupToken) -> Self {
        Self {
            link: Some((name.to_string(), token)),
            ..Self::default()
        }
    }
}

/// The accounts page: every account, whom one may give one's cases to, and the outcome of the
/// last action (`new_link` is `(name, setup URL)`).
fn accounts_model(
    t: Tr,
    chrome: Chrome,
    accounts: Vec<(Account, ThrottleView)>,
    new_link: Option<(String, String)>,
    flash: String,
    flash_refused: bool,
) -> AccountsPage {
    let (new_link_for, new_link) = new_link.unwrap_or_default();
    AccountsPage {
        t,
        here: "/staff/accounts".to_owned(),
        colleagues: accounts
            .iter()
            .filter(|(a, _)| a.state == AccountState::Active && a.name.as_str() != chrome.name)
            .map(|(a, _)| a.name.to_string())
            .collect(),
        chrome,
        accounts: accounts
            .into_iter()
            .map(|(a, throttle)| AccountRow {
                login: throttle_label(t, throttle),
                throttled: matches!(throttle, ThrottleView::Throttled { .. }),
                role: t.t(if a.is_admin {
                    "role-admin"
                } else {
                    "role-investigator"
                }),
                state: a.state,
                state_label: t.t(&format!("account-state-{}", a.state.as_str())),
                created: a.created_day,
                key: a
                    .recipient
                    .as_ref()
                    .map(|r| fingerprint(r.key()))
                    .unwrap_or_default(),
                name: a.name.to_string(),
            })
            .collect(),
        new_link,
        new_link_for,
        flash,
        flash_refused,
    }
}

/// An account's login throttle in the page's language ("" when clear).
fn throttle_label(t: Tr, throttle: ThrottleView) -> String {
    match throttle {
        ThrottleView::Clear => String::new(),
        ThrottleView::Failures(n) => t.t1("accounts-login-failures", "count", &n.to_string()),
        ThrottleView::Throttled {
            failures,
            next_check_in,
        } => t.catalogue_get(
            "accounts-login-throttled",
            &[
                ("count", &failures.to_string()),
                ("seconds", &next_check_in.to_string()),
            ],
        ),
    }
}

/// Lists the accounts and renders the page with `outcome`.
async fn accounts_page(
    state: &AppState,
    staff: &Staff,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let svc = &state.staff.accounts;
    let internal = |e| AppError::internal(staff.lang, e);
    let throttles: HashMap<AccountId, LoginThrottle> = svc
        .throttles()
        .await
        .map_err(internal)?
        .into_iter()
        .collect();
    let (policy, now) = (svc.login_policy(), svc.now());
    let accounts = svc
        .list()
        .await
        .map_err(internal)?
        .into_iter()
        .map(|a| {
            let throttle = throttles.get(&a.id).copied().unwrap_or_default();
            (a, policy.view(throttle, now))
        })
        .collect();
    let new_link = outcome
        .link
        .map(|(name, token)| (name, state.setup_url(token.0.expose_secret())));
    let chrome = Chrome::new(&staff.session, "accounts");
    let page = accounts_model(
        Tr::new(staff.lang),
        chrome,
        accounts,
        new_link,
        outcome.flash,
        outcome.refused,
    );
    let status = if outcome.refused {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

/// `GET /staff/accounts`
pub async fn accounts(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    accounts_page(&state, &staff, Outcome::default()).await
}

/// `POST /staff/accounts`: an [`AccountForm`] (create, reset, disable, enable, unlock for
/// admins; grant-all for anyone); any other action gets the bad-form page.
pub async fn accounts_act(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let form: AccountForm = staff.form(&headers, body).await?;
    let outcome = run_action(&state, &staff, form).await?;
    accounts_page(&state, &staff, outcome).await
}

/// Does the form's action. What the person can fix (a bad or taken name, their own account)
/// is an [`Outcome`] shown on the page; a non-admin asking for an admin action is refused
/// outright.
async fn run_action(
    state: &AppState,
    staff: &Staff,
    form: AccountForm,
) -> Result<Outcome, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let action = form.action();
    if action.admin_only() {
        staff.require_admin()?;
    }
    let me = &staff.session.account.name;
    let typed = form.name();
    // Parsed once, here; a name that does not parse is refused as before: not valid for a new
    // account, no such account for the others.
    let name = AccountName::parse(typed);
    let is_me = name.as_ref() == Some(me);
    if action.locks_out() && is_me {
        return Ok(Outcome::refused(t.t("accounts-not-self")));
    }
    let svc = &state.staff.accounts;
    let me = me.as_str();
    let result = match (&form, name) {
        (AccountForm::GrantAll { to }, _) => return grant_all(state, staff, to).await,
        (AccountForm::Create { .. }, None) => Err(AccountError::BadName),
        (_, None) => Err(AccountError::NoSuchAccount),
        (AccountForm::Create { admin, .. }, Some(name)) => svc
            .create(me, &name, admin == "1")
            .await
            .map(|token| Outcome::link(&name, token)),
        (AccountForm::Reset { .. }, Some(name)) => svc
            .reset(me, &name)
            .await
            .map(|token| Outcome::link(&name, token)),
        (AccountForm::Disable { .. }, Some(name)) => svc
            .disable(me, &name)
            .await
            .map(|()| Outcome::done(t.t1("accounts-disabled", "name", typed))),
        (AccountForm::Unlock { .. }, Some(name)) => svc
            .unlock(me, &name)
            .await
            .map(|_| Outcome::done(t.t1("accounts-unlocked", "name", typed))),
        (AccountForm::Enable { .. }, Some(name)) => svc.enable(me, &name).await.map(|done| {
            let key = if done {
                "accounts-enabled"
            } else {
                "accounts-not-enabled"
            };
            Outcome::done(t.t1(key, "name", typed))
        }),
    };
    match result {
        Ok(outcome) => Ok(outcome),
        Err(AccountError::BadName) => Ok(Outcome::refused(t.t("accounts-bad-name"))),
        Err(AccountError::Taken) => Ok(Outcome::refused(t.t("accounts-taken"))),
        Err(AccountError::NoSuchAccount) => Ok(Outcome::refused(t.t("accounts-no-such"))),
        Err(e) => Err(AppError::internal(lang, e)),
    }
}

/// Gives colleague `to` (as typed) every case this account can read.
async fn grant_all(state: &AppState, staff: &Staff, to: &str) -> Result<Outcome, AppError> {
    let t = Tr::new(staff.lang);
    let Some(name) = AccountName::parse(to) else {
        return Ok(Outcome::done(t.t("accounts-no-such")));
    };
    match state.staff.workspace.grant_all(&staff.session, &name).await {
        Ok(n) => Ok(Outcome::done(t.catalogue_get(
            "accounts-granted",
            &[("count", &n.to_string()), ("name", to)],
        ))),
        Err(WorkspaceError::Invalid) => Ok(Outcome::done(t.t("accounts-no-such"))),
        Err(e) => Err(AppError::internal(staff.lang, e)),
    }
}

/// The audit page's query: how many of the latest entries to show.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// Entries shown (200 when absent; at most 5000).
    #[serde(deserialize_with = "blank_is_none")]
    pub limit: Option<i64>,
}

/// `GET /staff/audit`: the latest entries and the chain check (admins).
pub async fn audit(
    State(state): State<AppState>,
    staff: Staff,
    TypedQuery(q): TypedQuery<AuditQuery>,
) -> Result<Response, AppError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let t = Tr::new(lang);
    let audit = &state.staff.audit;
    let limit = q.limit.unwrap_or(200).clamp(1, 5000);
    let (entries, total) = audit
        .recent(limit)
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let verdict = audit
        .verify()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let (chain, chain_ok) = match verdict {
        Ok((n, head)) => (
            t.catalogue_get(
                "audit-chain-ok",
                &[("count", &n.to_string()), ("head", &head)],
            ),
            true,
        ),
        Err(b) => (
            t.catalogue_get(
                "audit-chain-broken",
                &[("seq", &b.seq.to_string()), ("reason", &b.reason)],
            ),
            false,
        ),
    };
    let page = AuditPage {
        t,
        here: "/staff/audit".to_owned(),
        chrome: Chrome::new(&staff.session, "audit"),
        chain,
        chain_ok,
        entries,
        total,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /staff/dashboard`: cases per status, category and month, as SVG.
pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let stats = state
        .staff
        .workspace
        .stats()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let count = |rows: &[(String, i64)], key: &str| {
        rows.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
    };
    let by_status: Vec<(String, i64)> = Status::ALL
        .iter()
        .map(|s| {
            (
                t.t(&format!("status-{}", s.as_str())),
                count(&stats.by_status, s.as_str()),
            )
        })
        .collect();
    let by_category: Vec<(String, i64)> = Category::ALL
        .iter()
        .map(|c| {
            (
                t.t(&format!("category-{}", c.slug())),
                count(&stats.by_category, c.slug()),
            )
        })
        .collect();
    let total = by_status.iter().map(|(_, n)| n).sum();
    let charts = vec![
        chart(t, "dashboard-by-status", &by_status),
        chart(t, "dashboard-by-category", &by_category),
        chart(t, "dashboard-by-month", &stats.by_month),
    ];
    let page = DashboardPage {
        t,
        here: "/staff/dashboard".to_owned(),
        chrome: Chrome::new(&staff.session, "dashboard"),
        charts,
        total,
    };
    Ok(render(StatusCode::OK, &page))
}

fn chart(t: Tr, key: &str, rows: &[(String, i64)]) -> (String, String) {
    let title = t.t(key);
    let svg = bar_chart(&title, rows);
    (title, svg)
}
