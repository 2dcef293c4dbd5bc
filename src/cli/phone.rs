//! The SMS and USSD options (`docs/operations.md`, "SMS and USSD"). All off by default.

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

use crate::i18n::Lang;
use crate::services::texting::{Outbound, PhoneConfig, SmsGateway};

/// Africa's Talking's messaging API, used when no `--sms-send-url` is given.
pub const AFRICASTALKING_SEND_URL: &str = "https://api.africastalking.com/version1/messaging";
/// Shortest secret accepted in the gateway paths: it is the only thing that tells a gateway
/// from anyone else on the internet, so it must not be guessable.
const MIN_SECRET_CHARS: usize = 16;

/// Reports and follow-up by SMS and USSD, through a gateway.
#[derive(Debug, clap::Args)]
pub struct PhoneArgs {
    /// The SMS gateway in front of Filimbi: `kannel` or `africastalking` (off when unset).
    #[arg(long, env = "FILIMBI_SMS_GATEWAY", value_parser = ["kannel", "africastalking"], global = true)]
    pub sms_gateway: Option<String>,
    /// The USSD gateway: `africastalking` (off when unset).
    #[arg(long, env = "FILIMBI_USSD_GATEWAY", value_parser = ["africastalking"], global = true)]
    pub ussd_gateway: Option<String>,
    /// File holding the secret every gateway path carries (`/sms/kannel/SECRET`…): at least
    /// 16 characters, readable by the server's user only.
    #[arg(long, env = "FILIMBI_SMS_SECRET_FILE", global = true)]
    pub sms_secret_file: Option<PathBuf>,
    /// Where SMS are sent from Filimbi: Kannel's whole sendsms URL (user and password
    /// included), or Africa's Talking's messaging API. Kept secret; prefer the file.
    #[arg(long, env = "FILIMBI_SMS_SEND_URL", global = true, hide_env_values = true,
        value_parser = super::secret)]
    pub sms_send_url: Option<SecretString>,
    /// File holding the send URL, instead of `--sms-send-url`.
    #[arg(
        long,
        env = "FILIMBI_SMS_SEND_URL_FILE",
        global = true,
        conflicts_with = "sms_send_url"
    )]
    pub sms_send_url_file: Option<PathBuf>,
    /// File holding the Africa's Talking API key.
    #[arg(long, env = "FILIMBI_SMS_API_KEY_FILE", global = true)]
    pub sms_api_key_file: Option<PathBuf>,
    /// The Africa's Talking user name.
    #[arg(long, env = "FILIMBI_SMS_USERNAME", global = true)]
    pub sms_username: Option<String>,
    /// The short code or sender id Africa's Talking sends from (its default when unset).
    #[arg(long, env = "FILIMBI_SMS_FROM", global = true)]
    pub sms_from: Option<String>,
    /// The language of answers to messages that name none (`en`, `fr`, `sw`, `pt`, `ar`).
    #[arg(
        long,
        env = "FILIMBI_SMS_LANGUAGE",
        default_value = "en",
        global = true
    )]
    pub sms_language: String,
    /// The number people text, shown on the home page.
    #[arg(long, env = "FILIMBI_SMS_NUMBER", global = true)]
    pub sms_number: Option<String>,
    /// The USSD code people dial (e.g. `*384*123#`), shown on the home page.
    #[arg(long, env = "FILIMBI_USSD_CODE", global = true)]
    pub ussd_code: Option<String>,
}

/// The configuration these options describe; `None` when no gateway is on. Fails in words
/// naming the option or file, never quoting a secret.
pub fn phone_config(args: &PhoneArgs) -> Result<Option<PhoneConfig>, String> {
    let sms = match args.sms_gateway.as_deref() {
        None => None,
        Some("kannel") => Some(SmsGateway::Kannel),
        Some("africastalking") => Some(SmsGateway::AfricasTalking),
        Some(other) => return Err(format!("unknown SMS gateway {other:?}")),
    };
    let ussd = args.ussd_gateway.is_some();
    if sms.is_none() && !ussd {
        return Ok(None);
    }
    let default_lang = Lang::from_code(&args.sms_language).ok_or_else(|| {
        format!(
            "--sms-language {:?} is not one of {}",
            args.sms_language,
            crate::i18n::Languages::all().codes()
        )
    })?;
    let secret_file = args.sms_secret_file.as_deref().ok_or(
        "--sms-secret-file is required when an SMS or USSD gateway is on: it is what tells the gateway from anyone else",
    )?;
    let secret = super::read_secret_file(secret_file, "SMS gateway secret")?;
    if secret.expose_secret().chars().count() < MIN_SECRET_CHARS
        || !secret
            .expose_secret()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "the SMS gateway secret in {} must be at least {MIN_SECRET_CHARS} letters, digits, '-' or '_' (it goes into a URL path)",
            secret_file.display()
        ));
    }
    let send_url = super::secret_setting(
        args.sms_send_url.as_ref(),
        args.sms_send_url_file.as_deref(),
        "SMS send URL",
    )?;
    let outbound = match sms {
        Some(SmsGateway::Kannel) => send_url.map(|url| Outbound::Kannel { url }),
        Some(SmsGateway::AfricasTalking) => {
            let api_key_file = args
                .sms_api_key_file
                .as_deref()
                .ok_or("--sms-api-key-file is required with --sms-gateway africastalking")?;
            let username = args
                .sms_username
                .clone()
                .ok_or("--sms-username is required with --sms-gateway africastalking")?;
            Some(Outbound::AfricasTalking {
                url: send_url
                    .map(|u| u.expose_secret().to_owned())
                    .unwrap_or_else(|| AFRICASTALKING_SEND_URL.to_owned()),
                username,
                api_key: super::read_secret_file(api_key_file, "Africa's Talking API key")?,
                from: args.sms_from.clone(),
            })
        }
        None => None,
    };
    if let Some(Outbound::Kannel { url }) = &outbound {
        reqwest::Url::parse(url.expose_secret())
            .map_err(|_| "the SMS send URL is not a URL".to_owned())?;
    }
    Ok(Some(PhoneConfig {
        sms,
        ussd,
        secret,
        secret_file: secret_file.to_owned(),
        outbound,
        default_lang,
        sms_number: args.sms_number.clone(),
        ussd_code: args.ussd_code.clone(),
    }))
}
