//! Setup links, login and logout.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::crypto::form_token::Purpose;
use crate::crypto::totp::{TotpSecret, qr_svg};
use crate::domain::account::PasswordProblem;
use crate::error::{AppError, ErrorKind};
use crate::http::AppState;
use crate::http::lang::StaffLang;
use crate::http::pages::render;
use crate::http::query::TypedQuery;
use crate::i18n::{Lang, Tr};
use crate::services::accounts::{LoginError, SetupError};

use super::pages::{LoginPage, SetupPage};
use super::{CsrfOnly, Staff, read_form, see_other};

/// `POST /staff/login`. The form token stands in for a session's anti-CSRF token.
#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    token: String,
}

/// `POST /staff/setup/{token}`: the password twice, the first authenticator code, and the
/// authenticator secret the form was shown with (missing or damaged: enrolment starts again).
#[derive(Deserialize)]
struct SetupForm {
    #[serde(default)]
    totp_secret: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    token: String,
}

fn login_page(
    state: &AppState,
    lang: Lang,
    name: String,
    message: String,
    is_error: bool,
) -> Result<LoginPage, AppError> {
    Ok(LoginPage {
        t: Tr::new(lang),
        here: "/staff/login".to_owned(),
        token: state
            .issue_token(Purpose::Staff)
            .map_err(|e| AppError::internal(lang, e))?,
        name,
        message,
        is_error,
    })
}

/// What brought someone to the login page: the `done=` of the redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginDone {
    /// Setup just completed (`setup`).
    Setup,
    /// Just logged out (`logout`).
    Logout,
}

impl LoginDone {
    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::Logout => "logout",
        }
    }

    /// The login page's address after it, in `lang`.
    fn redirect(self, lang: Lang) -> String {
        format!("/staff/login?lang={}&done={}", lang.code(), self.as_str())
    }
}

/// The login page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    /// What was just done.
    pub done: Option<LoginDone>,
}

/// `GET /staff/login`
pub async fn login_form(
    State(state): State<AppState>,
    StaffLang(lang): StaffLang,
    TypedQuery(q): TypedQuery<LoginQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let message = match q.done {
        Some(LoginDone::Setup) => t.t("staff-setup-done"),
        Some(LoginDone::Logout) => t.t("staff-logged-out"),
        None => String::new(),
    };
    let page = login_page(&state, lang, String::new(), message, false)?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /staff/login`
pub async fn login(
    State(state): State<AppState>,
    StaffLang(lang): StaffLang,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let form: LoginForm = read_form(lang, &headers, body).await?;
    let t = Tr::new(lang);
    let name = form.name;
    if state.check_token(&form.token, Purpose::Staff).is_err() {
        let page = login_page(&state, lang, name, t.t("staff-form-expired"), true)?;
        return Ok(render(StatusCode::BAD_REQUEST, &page));
    }
    let password = SecretString::from(form.password);
    match state
        .staff
        .accounts
        .login(&name, password, &form.code)
        .await
    {
        Ok((cookie, _)) => {
            let mut res = see_other(&format!("/staff?lang={}", lang.code()));
            let set = state.staff.cookies.set(cookie.expose_secret());
            let value = HeaderValue::from_str(&set).map_err(|e| AppError::internal(lang, e))?;
            res.headers_mut().insert(SET_COOKIE, value);
            Ok(res)
        }
        Err(LoginError::Refused) => {
            let page = login_page(&state, lang, name, t.t("staff-login-refused"), true)?;
            Ok(render(StatusCode::UNAUTHORIZED, &page))
        }
        Err(LoginError::Internal(e)) => Err(AppError::internal(lang, e)),
    }
}

/// `POST /staff/logout`
pub async fn logout(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let CsrfOnly {} = staff.form(&headers, body).await?;
    state
        .staff
        .accounts
        .logout(&staff.session)
        .await
        .map_err(|e| AppError::internal(staff.lang, e))?;
    state.staff.workspace.forget_index(&staff.session);
    let mut res = see_other(&LoginDone::Logout.redirect(staff.lang));
    if let Ok(v) = HeaderValue::from_str(&state.staff.cookies.clear()) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    Ok(res)
}

fn setup_error(lang: Lang, e: SetupError) -> AppError {
    match e {
        SetupError::Expired => AppError::new(lang, ErrorKind::LinkExpired),
        SetupError::Invalid => AppError::new(lang, ErrorKind::LinkInvalid),
        other => AppError::internal(lang, other),
    }
}

fn setup_page(
    state: &AppState,
    lang: Lang,
    link: &str,
    account: String,
    secret: &TotpSecret,
    errors: Vec<String>,
) -> Result<SetupPage, AppError> {
    let b32 = secret.to_base32();
    let grouped = b32
        .expose_secret()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let uri = secret.provisioning_uri(&account);
    Ok(SetupPage {
        t: Tr::new(lang),
        here: format!("/staff/setup/{link}"),
        token: state
            .issue_token(Purpose::Staff)
            .map_err(|e| AppError::internal(lang, e))?,
        account,
        secret: grouped,
        qr_svg: qr_svg(uri.expose_secret()).unwrap_or_default(),
        errors,
    })
}

/// `GET /staff/setup/{token}`: choose a password, enrol the authenticator app.
pub async fn setup_form(
    State(state): State<AppState>,
    StaffLang(lang): StaffLang,
    Path(link): Path<String>,
) -> Result<Response, AppError> {
    let account = state
        .staff
        .accounts
        .setup_account(&link)
        .await
        .map_err(|e| setup_error(lang, e))?;
    let secret = TotpSecret::generate().map_err(|e| AppError::internal(lang, e))?;
    let page = setup_page(
        &state,
        lang,
        &link,
        account.name.to_string(),
        &secret,
        Vec::new(),
    )?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /staff/setup/{token}`
pub async fn setup(
    State(state): State<AppState>,
    StaffLang(lang): StaffLang,
    Path(link): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let form: SetupForm = read_form(lang, &headers, body).await?;
    let t = Tr::new(lang);
    let account = state
        .staff
        .accounts
        .setup_account(&link)
        .await
        .map_err(|e| setup_error(lang, e))?;
    // The form shown again, with the same authenticator key, and what went wrong.
    let again = |secret: &TotpSecret, message: String| -> Result<Response, AppError> {
        let page = setup_page(
            &state,
            lang,
            &link,
            account.name.to_string(),
            secret,
            vec![message],
        )?;
        Ok(render(StatusCode::BAD_REQUEST, &page))
    };
    // The secret shown on the form comes back with it; if it is missing or damaged, start
    // enrolment again with a new one.
    let Some(secret) = TotpSecret::from_base32(&form.totp_secret) else {
        let fresh = TotpSecret::generate().map_err(|e| AppError::internal(lang, e))?;
        return again(&fresh, t.t("staff-setup-restart"));
    };
    if state.check_token(&form.token, Purpose::Staff).is_err() {
        return again(&secret, t.t("staff-form-expired"));
    }
    let password = SecretString::from(form.password);
    let confirm = SecretString::from(form.confirm);
    match state
        .staff
        .accounts
        .complete_setup(&link, password, confirm, secret.clone(), &form.code)
        .await
    {
        Ok(_) => Ok(see_other(&LoginDone::Setup.redirect(lang))),
        Err(e) => match fixable(&e) {
            Some(key) => again(&secret, t.t(key)),
            None => Err(setup_error(lang, e)),
        },
    }
}

/// The message for a setup refusal the person can fix on the same form (a password the
/// policy refuses, a wrong code); `None` for the others.
fn fixable(e: &SetupError) -> Option<&'static str> {
    match e {
        SetupError::Password(PasswordProblem::TooShort) => Some("staff-password-short"),
        SetupError::Password(PasswordProblem::TooLong) => Some("staff-password-long"),
        SetupError::Password(PasswordProblem::TooCommon) => Some("staff-password-common"),
        SetupError::Password(PasswordProblem::Mismatch) => Some("staff-password-mismatch"),
        SetupError::Code => Some("staff-code-wrong"),
        _ => None,
    }
}
