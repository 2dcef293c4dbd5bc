//! The gateway paths: where an SMS or USSD gateway hands Filimbi what a phone sent, and takes
//! back what to answer (`docs/operations.md`, "SMS and USSD").
//!
//! - `POST /sms/kannel/SECRET?from=%p&to=%P&id=%I` ([`kannel`]): the body is the message, the
//!   response body the reply SMS.
//! - `POST /sms/africastalking/SECRET` and `POST /ussd/africastalking/SECRET`
//!   ([`africastalking`]): form callbacks; SMS replies go out through its messaging API.
//!
//! Every path carries one secret, compared in constant time: a wrong or missing secret, or a
//! gateway that is not configured, gets the site's ordinary 404 page and nothing is read or
//! stored. Bad input (no sender, an empty or oversized text, a body that is not text in a
//! known charset, a form without its fields) gets a 4xx and stores nothing; the gateways have
//! a rate class of their own. Nothing here logs a number, a text, a receipt or the secret.

pub mod africastalking;
pub mod kannel;

use axum::http::{HeaderValue, StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use crate::domain::sms::inbound;
use crate::error::{AppError, ErrorKind};
use crate::i18n::Lang;
use crate::services::sms::SmsDesk;
use crate::services::texting::{PhoneConfig, SmsGateway, Texting};
use crate::services::ussd::UssdDesk;

/// Largest request body a gateway may send: ten-odd SMS in UTF-16 fit many times over.
pub const MAX_BODY: usize = 8 * 1024;

/// What the gateway paths need.
pub struct Gateways {
    /// The configuration (which gateways, the secret, the numbers shown).
    pub config: PhoneConfig,
    /// The SMS conversation.
    pub desk: SmsDesk,
    /// The USSD menu.
    pub ussd: UssdDesk,
    /// The sender, when one is configured.
    pub texting: Option<Texting>,
}

impl Gateways {
    /// Whether `secret` (from the path) is the configured one: constant time in its content.
    fn secret_ok(&self, secret: &str) -> bool {
        let want = self.config.secret.expose_secret().as_bytes();
        want.len() == secret.len() && bool::from(want.ct_eq(secret.as_bytes()))
    }

    /// The gateways if `gateway` is on and `secret` is right; otherwise `None`, for which the
    /// caller answers [`not_found`].
    pub fn admit<'a>(
        gateways: Option<&'a Self>,
        on: impl Fn(&PhoneConfig) -> bool,
        secret: &str,
    ) -> Option<&'a Self> {
        gateways.filter(|g| on(&g.config) && g.secret_ok(secret))
    }
}

/// Whether USSD is on.
pub fn ussd_on(c: &PhoneConfig) -> bool {
    c.ussd
}

/// Whether SMS comes through `gateway`.
pub fn sms_via(gateway: SmsGateway) -> impl Fn(&PhoneConfig) -> bool {
    move |c| c.sms == Some(gateway)
}

/// The site's ordinary 404 page: a wrong secret, or a gateway that is not configured, looks
/// like any other unknown address.
pub fn not_found() -> Response {
    AppError::new(Lang::En, ErrorKind::NotFound).into_response()
}

/// A refusal for a gateway: a status and one plain line saying why (gateways log it; no
/// person reads it).
#[derive(Debug, Clone, Copy)]
pub struct Refusal(pub StatusCode, pub &'static str);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut res = (self.0, self.1).into_response();
        res.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        res
    }
}

/// [`Refusal`] as a response.
pub fn refuse(status: StatusCode, why: &'static str) -> Response {
    Refusal(status, why).into_response()
}

/// The refusal for a message text that is not one ([`inbound::fit`]).
pub fn unfit(problem: inbound::Unfit) -> Response {
    match problem {
        inbound::Unfit::Empty => refuse(StatusCode::BAD_REQUEST, "the message is empty"),
        inbound::Unfit::TooLong => refuse(StatusCode::PAYLOAD_TOO_LARGE, "the message is too long"),
    }
}

/// The rate class's refusal.
pub fn busy(retry_after: u64) -> Response {
    crate::http::rate::with_retry_after(
        refuse(StatusCode::TOO_MANY_REQUESTS, "busy, try again later"),
        retry_after,
    )
}
