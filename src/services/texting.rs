//! Sending a text message through the configured gateway: the reply to an Africa's Talking
//! message (whose callback cannot carry one), and investigators' questions.
//!
//! One attempt, a short timeout, and the outcome to the caller: there is no retry queue,
//! because a queue would keep the number in clear until it drained. A failed send is shown on
//! the case page and the investigator decides. Errors never carry the number, the text or the
//! gateway's credentials (the send URL may hold Kannel's password).

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::domain::sms::encoding::{Coding, coding};
use crate::domain::sms::phone::PhoneNumber;

/// The SMS gateway in front of Filimbi.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsGateway {
    /// Kannel: the reply is the answer to its request; questions go through sendsms.
    Kannel,
    /// Africa's Talking: replies and questions go through its messaging API.
    AfricasTalking,
}

/// The SMS and USSD configuration (`--sms-*`, `--ussd-*`).
pub struct PhoneConfig {
    /// The SMS gateway, if SMS is on.
    pub sms: Option<SmsGateway>,
    /// Whether Africa's Talking USSD is on.
    pub ussd: bool,
    /// The secret every gateway path carries.
    pub secret: SecretString,
    /// Where it was read from (`doctor` checks its permissions).
    pub secret_file: std::path::PathBuf,
    /// How to send SMS, if configured.
    pub outbound: Option<Outbound>,
    /// The language of answers to messages that name none.
    pub default_lang: crate::i18n::Lang,
    /// The number people text, for the home page.
    pub sms_number: Option<String>,
    /// The USSD code people dial, for the home page.
    pub ussd_code: Option<String>,
}

/// How long one send may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// The gateway to send through, and how to reach it.
pub enum Outbound {
    /// Kannel's sendsms interface: the whole URL, user and password included.
    Kannel {
        /// `http://host:13013/cgi-bin/sendsms?username=…&password=…`
        url: SecretString,
    },
    /// Africa's Talking's messaging API.
    AfricasTalking {
        /// `https://api.africastalking.com/version1/messaging` (or the sandbox's).
        url: String,
        /// The account's user name.
        username: String,
        /// The API key.
        api_key: SecretString,
        /// The short code or sender id to send from, if the account has several.
        from: Option<String>,
    },
}

/// Why a message was not sent. Says nothing of the number or the text.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The gateway could not be reached or did not answer in time.
    #[error("the SMS gateway could not be reached")]
    Unreachable,
    /// The gateway answered with a refusal (its HTTP status).
    #[error("the SMS gateway refused the message (HTTP {0})")]
    Refused(u16),
    /// The send URL is not a URL.
    #[error("the SMS send URL is not valid")]
    BadUrl,
}

/// Makes ring the process's rustls provider (idempotent). reqwest is built here without a
/// provider of its own (its default, aws-lc, is a large C build): any other client in the same
/// process (a test's, a benchmark's) needs one installed before it is built.
pub fn install_tls_provider() {
    // Err only when a provider is installed already: then that one serves.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Sends text messages.
pub struct Texting {
    outbound: Outbound,
    client: reqwest::Client,
}

impl Texting {
    /// A sender through `outbound`. The HTTP client verifies TLS with the Mozilla roots.
    pub fn new(outbound: Outbound) -> Result<Self, String> {
        install_tls_provider();
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(SEND_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { outbound, client })
    }

    /// Which gateway this sends through (`kannel`, `africastalking`).
    pub fn gateway(&self) -> &'static str {
        match self.outbound {
            Outbound::Kannel { .. } => "kannel",
            Outbound::AfricasTalking { .. } => "africastalking",
        }
    }

    /// Sends `text` to `to`: one attempt.
    pub async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SendError> {
        let request = match &self.outbound {
            Outbound::Kannel { url } => {
                let mut url =
                    reqwest::Url::parse(url.expose_secret()).map_err(|_| SendError::BadUrl)?;
                let ucs2 = coding(text) == Coding::Ucs2;
                url.query_pairs_mut()
                    .append_pair("to", to.as_str())
                    .append_pair("text", text)
                    .append_pair("charset", "UTF-8")
                    .append_pair("coding", if ucs2 { "2" } else { "0" });
                self.client.get(url)
            }
            Outbound::AfricasTalking {
                url,
                username,
                api_key,
                from,
            } => {
                let mut form = vec![
                    ("username", username.as_str()),
                    ("to", to.as_str()),
                    ("message", text),
                ];
                if let Some(from) = from {
                    form.push(("from", from.as_str()));
                }
                self.client
                    .post(url)
                    .header("apiKey", api_key.expose_secret())
                    .header("Accept", "application/json")
                    .form(&form)
            }
        };
        let response = request.send().await.map_err(|_| SendError::Unreachable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(SendError::Refused(status.as_u16()));
        }
        if let Outbound::AfricasTalking { .. } = self.outbound {
            // 201 with a per-recipient status: "Success" (code 101) or a reason.
            let bytes = response.bytes().await.map_err(|_| SendError::Unreachable)?;
            let body: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|_| SendError::Refused(status.as_u16()))?;
            let ok = body
                .pointer("/SMSMessageData/Recipients/0/statusCode")
                .and_then(serde_json::Value::as_i64)
                .is_some_and(|c| (100..=102).contains(&c));
            if !ok {
                return Err(SendError::Refused(status.as_u16()));
            }
        }
        Ok(())
    }

    /// Whether the gateway answers at all (`doctor`): a plain request to its host.
    pub async fn reachable(&self) -> Result<(), SendError> {
        let url = match &self.outbound {
            Outbound::Kannel { url } => url.expose_secret().to_owned(),
            Outbound::AfricasTalking { url, .. } => url.clone(),
        };
        let mut url = reqwest::Url::parse(&url).map_err(|_| SendError::BadUrl)?;
        // Never the credentials: only the scheme, host and port are contacted.
        url.set_query(None);
        url.set_path("/");
        self.client
            .head(url)
            .send()
            .await
            .map(|_| ())
            .map_err(|_| SendError::Unreachable)
    }
}
