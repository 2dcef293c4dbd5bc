//! Shared set-up for the SMS and USSD tests: an instance with a gateway configured and its
//! path secret in a file, and what a phone's answers are made of.

use std::path::PathBuf;

use filimbi::app::AppOptions;
use filimbi::i18n::Lang;
use filimbi::services::texting::{Outbound, PhoneConfig, SmsGateway};
use secrecy::SecretString;

use crate::common::{Reply, TestApp};

/// The secret in the tests' gateway paths.
pub const SECRET: &str = "gw-secret-0123456789abcdef";
/// The sender's number, as Kannel's `%p` and Africa's Talking's `from` give it.
pub const NUMBER: &str = "+250788123456";
/// Every spelling of [`NUMBER`] that must never be found in clear.
pub const SPELLINGS: &[&str] = &[
    "+250788123456",
    "250788123456",
    "0788123456",
    "788123456",
    "788 123 456",
];

/// A phone configuration for `sms` (and USSD if `ussd`), sending through `outbound`.
pub fn config(sms: Option<SmsGateway>, ussd: bool, outbound: Option<Outbound>) -> PhoneConfig {
    PhoneConfig {
        sms,
        ussd,
        secret: SecretString::from(SECRET),
        secret_file: PathBuf::from("/dev/null"),
        outbound,
        default_lang: Lang::En,
        sms_number: Some("4545".to_owned()),
        ussd_code: Some("*384*4545#".to_owned()),
    }
}

/// An instance with one offline key and the given phone configuration.
pub async fn app_with(phone: PhoneConfig, adjust: impl FnOnce(&mut AppOptions)) -> TestApp {
    TestApp::with_options(|o| {
        o.phone = Some(phone);
        adjust(o);
    })
    .await
}

/// The receipt (seven groups of four digits) in a text, if there is one.
pub fn receipt_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        let mut digits = String::new();
        let mut i = start;
        while i < chars.len() && digits.len() < 28 {
            match chars[i] {
                c @ '0'..='9' => digits.push(c),
                ' ' if !digits.is_empty() && digits.len() % 4 == 0 => {}
                _ => break,
            }
            i += 1;
        }
        if digits.len() == 28 && (start == 0 || !chars[start - 1].is_ascii_digit()) {
            return Some(digits);
        }
    }
    None
}

/// One message through Africa's Talking's SMS callback, with its documented fields, from
/// `from`; `id` is the gateway's message id (a repeated id is a redelivery).
pub async fn at_sms(app: &TestApp, from: &str, text: &str, id: &str) -> Reply {
    app.post_form(
        &format!("/sms/africastalking/{SECRET}"),
        &[
            ("from", from),
            ("to", "12345"),
            ("text", text),
            ("date", "2026-11-23 11:58:01"),
            ("id", id),
            ("linkId", ""),
            ("networkCode", "63510"),
        ],
    )
    .await
}
