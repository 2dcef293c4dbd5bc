//! Accounts, the audit log and the dashboard.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use secrecy::ExposeSecret;

use crate::app::AppState;
use crate::crypto::recipients::fingerprint;
use crate::domain::account::{AccountName, AccountState};
use crate::domain::case::Status;
use crate::domain::charts::bar_chart;
use crate::domain::report::Category;
use crate::error::{AppError, ErrorKind};
use crate::http::pages::render;
use crate::i18n::Tr;
use crate::services::accounts::{AccountError, SetupToken};
use crate::services::workspace::WorkspaceError;

use super::Staff;
use super::pages::{AccountRow, AccountsPage, AuditPage, Chrome, DashboardPage};

async fn accounts_page(
    state: &AppState,
    staff: &Staff,
    new_link: Option<(String, SetupToken)>,
    flash: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let accounts = state
        .staff
        .accounts
        .list()
        .await
        .map_err(|e| AppError::internal(lang, e))?;
    let me = &staff.session.account.name;
    let (new_link_for, new_link) = match new_link {
        Some((name, token)) => (name, state.setup_url(token.0.expose_secret())),
        None => (String::new(), String::new()),
    };
    let page = AccountsPage {
        t,
        here: "/staff/accounts".to_owned(),
        chrome: Chrome::new(&staff.session, "accounts"),
        colleagues: accounts
            .iter()
            .filter(|a| a.state == AccountState::Active && &a.name != me)
            .map(|a| a.name.clone())
            .collect(),
        accounts: accounts
            .into_iter()
            .map(|a| AccountRow {
                role: t.t(if a.is_admin {
                    "role-admin"
                } else {
                    "role-investigator"
                }),
                state: a.state.as_str(),
                state_label: t.t(&format!("account-state-{}", a.state.as_str())),
                created: a.created_day,
                key: a
                    .recipient
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .map(|r| fingerprint(&r))
                    .unwrap_or_default(),
                name: a.name,
            })
            .collect(),
        new_link,
        new_link_for,
        flash,
    };
    Ok(render(status, &page))
}

/// `GET /staff/accounts`
pub async fn accounts(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    accounts_page(&state, &staff, None, String::new(), StatusCode::OK).await
}

/// `POST /staff/accounts`: create, reset, disable, enable (admins); grant-all (anyone).
pub async fn accounts_act(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = staff.lang;
    let t = Tr::new(lang);
    let form = staff.form(&headers, body).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let me = staff.session.account.name.clone();
    let svc = &state.staff.accounts;
    let action = get("action");
    if action == "grant-all" {
        let n = state
            .staff
            .workspace
            .grant_all(&staff.session, get("to"))
            .await;
        let flash = match n {
            Ok(n) => t.catalogue_get(
                "accounts-granted",
                &[("count", &n.to_string()), ("name", get("to"))],
            ),
            Err(WorkspaceError::Invalid) => t.t("accounts-no-such"),
            Err(e) => return Err(AppError::internal(lang, e)),
        };
        return accounts_page(&state, &staff, None, flash, StatusCode::OK).await;
    }
    staff.require_admin()?;
    let name = get("name");
    let is_me = AccountName::parse(name).is_some_and(|n| n.as_str() == me);
    if (action == "disable" || action == "reset") && is_me {
        return accounts_page(
            &state,
            &staff,
            None,
            t.t("accounts-not-self"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let result = match action {
        "create" => svc
            .create(&me, name, get("admin") == "1")
            .await
            .map(|tok| (Some(tok), String::new())),
        "reset" => svc
            .reset(&me, name)
            .await
            .map(|tok| (Some(tok), String::new())),
        "disable" => svc
            .disable(&me, name)
            .await
            .map(|()| (None, t.t1("accounts-disabled", "name", name))),
        "enable" => svc.enable(&me, name).await.map(|done| {
            let msg = if done {
                "accounts-enabled"
            } else {
                "accounts-not-enabled"
            };
            (None, t.t1(msg, "name", name))
        }),
        _ => return Err(AppError::new(lang, ErrorKind::BadForm)),
    };
    match result {
        Ok((token, flash)) => {
            let link = token.map(|tok| (name.trim().to_ascii_lowercase(), tok));
            accounts_page(&state, &staff, link, flash, StatusCode::OK).await
        }
        Err(e @ (AccountError::BadName | AccountError::Taken | AccountError::NoSuchAccount)) => {
            let key = match e {
                AccountError::BadName => "accounts-bad-name",
                AccountError::Taken => "accounts-taken",
                _ => "accounts-no-such",
            };
            accounts_page(&state, &staff, None, t.t(key), StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(AppError::internal(lang, e)),
    }
}

/// `GET /staff/audit`: the latest entries and the chain check (admins).
pub async fn audit(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let t = Tr::new(lang);
    let audit = &state.staff.audit;
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<i64>().ok())
        .unwrap_or(200)
        .clamp(1, 5000);
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
