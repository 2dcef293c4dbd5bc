//! `doctor`'s checks of the SMS and USSD set-up (`--sms-*`, `--ussd-*`).

use std::os::unix::fs::PermissionsExt;

use secrecy::ExposeSecret;

use super::{Finding, ok, problem, warn};
use crate::services::texting::{Outbound, PhoneConfig, SmsGateway, Texting};

/// The gateway secret's file must be readable by the server's user alone: whoever reads it
/// can post reports and answers as if they came from phones.
pub fn secret_file_mode(mode: Option<u32>, path: &std::path::Path) -> Finding {
    match mode {
        None => problem(
            format!(
                "the SMS gateway secret file {} cannot be read",
                path.display()
            ),
            "check --sms-secret-file",
        ),
        Some(m) if m & 0o077 != 0 => problem(
            format!(
                "the SMS gateway secret file {} is readable by other users (mode {:o})",
                path.display(),
                m & 0o777
            ),
            format!("chmod 600 {}", path.display()),
        ),
        Some(_) => ok("the SMS gateway secret file is private"),
    }
}

/// Whether the gateway's callbacks reach Filimbi over a channel that hides the secret in the
/// path and the messages: HTTPS, an onion service, or the same machine.
pub fn transport(public_url: &str) -> Finding {
    let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", public_url));
    let host = rest.split(['/', ':']).next().unwrap_or("");
    let private = host.ends_with(".onion") || host == "localhost" || host.starts_with("127.");
    if scheme.eq_ignore_ascii_case("https") || private {
        ok("gateway callbacks are carried over HTTPS, an onion service or loopback")
    } else {
        warn(
            format!(
                "SMS or USSD is on and {public_url} is plain HTTP: the gateway secret and every message cross the network in clear"
            ),
            "put TLS (deploy/Caddyfile) in front of Filimbi, or run the gateway on the same machine and post to 127.0.0.1",
        )
    }
}

/// How questions leave Filimbi, and whether that is safe.
pub fn sending(cfg: &PhoneConfig) -> Finding {
    match (&cfg.sms, &cfg.outbound) {
        (None, _) => ok("SMS is off: USSD reporters read questions over USSD or on the web"),
        (Some(SmsGateway::Kannel), None) => warn(
            "Kannel is on without --sms-send-url(-file): investigators' questions cannot be texted",
            "give Kannel's sendsms URL (with its user and password) in a file with --sms-send-url-file",
        ),
        (_, Some(Outbound::Kannel { url })) => {
            let url = url.expose_secret();
            let host = url
                .split("://")
                .nth(1)
                .unwrap_or("")
                .split(['/', ':', '?'])
                .next()
                .unwrap_or("");
            if url.starts_with("https://") || host == "localhost" || host.starts_with("127.") {
                ok("questions are sent through Kannel's sendsms on this machine or over HTTPS")
            } else {
                warn(
                    "Kannel's sendsms URL is plain HTTP to another machine: its password, numbers and questions cross the network in clear",
                    "run Kannel beside Filimbi, or reach it over a private, encrypted link",
                )
            }
        }
        (_, Some(Outbound::AfricasTalking { url, .. })) if !url.starts_with("https://") => problem(
            "Africa's Talking's API URL is not HTTPS: the API key and every number would cross the network in clear",
            "use https://api.africastalking.com/version1/messaging",
        ),
        _ => ok("SMS answers and questions go out through Africa's Talking over HTTPS"),
    }
}

/// Every SMS and USSD finding (none when both are off).
pub async fn findings(cfg: Option<&PhoneConfig>, public_url: &str) -> Vec<Finding> {
    let Some(cfg) = cfg else {
        return Vec::new();
    };
    let mode = std::fs::metadata(&cfg.secret_file)
        .ok()
        .map(|m| m.permissions().mode());
    let mut out = vec![
        secret_file_mode(mode, &cfg.secret_file),
        transport(public_url),
        sending(cfg),
    ];
    if let Some(outbound) = &cfg.outbound {
        let copy = match outbound {
            Outbound::Kannel { url } => Outbound::Kannel { url: url.clone() },
            Outbound::AfricasTalking {
                url,
                username,
                api_key,
                from,
            } => Outbound::AfricasTalking {
                url: url.clone(),
                username: username.clone(),
                api_key: api_key.clone(),
                from: from.clone(),
            },
        };
        out.push(match Texting::new(copy) {
            Ok(t) => match t.reachable().await {
                Ok(()) => ok("the SMS gateway's send interface answers"),
                Err(e) => warn(
                    format!("{e}: questions by SMS would fail now"),
                    "start the gateway or correct --sms-send-url(-file)",
                ),
            },
            Err(e) => problem(
                format!("the SMS sender cannot start: {e}"),
                "report this bug",
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::texting::SmsGateway;
    use secrecy::SecretString;

    fn cfg(outbound: Option<Outbound>) -> PhoneConfig {
        PhoneConfig {
            sms: Some(SmsGateway::Kannel),
            ussd: false,
            secret: SecretString::from("0123456789abcdefgh"),
            secret_file: "/nonexistent".into(),
            outbound,
            default_lang: crate::i18n::Lang::En,
            sms_number: None,
            ussd_code: None,
        }
    }

    #[test]
    fn each_phone_check_says_what_is_wrong_and_what_to_do() {
        let p = std::path::Path::new("/etc/filimbi/sms-secret");
        assert_eq!(
            secret_file_mode(Some(0o100600), p).level,
            super::super::Level::Ok
        );
        assert_eq!(
            secret_file_mode(Some(0o100644), p).level,
            super::super::Level::Problem
        );
        assert_eq!(
            secret_file_mode(None, p).level,
            super::super::Level::Problem
        );
        assert_eq!(
            transport("https://report.example.org").level,
            super::super::Level::Ok
        );
        assert_eq!(transport("http://abc.onion").level, super::super::Level::Ok);
        assert_eq!(
            transport("http://report.example.org").level,
            super::super::Level::Warning
        );
        assert_eq!(sending(&cfg(None)).level, super::super::Level::Warning);
        let local = Outbound::Kannel {
            url: SecretString::from("http://127.0.0.1:13013/cgi-bin/sendsms?username=u&password=p"),
        };
        assert_eq!(sending(&cfg(Some(local))).level, super::super::Level::Ok);
        let far = Outbound::Kannel {
            url: SecretString::from("http://10.0.0.5:13013/cgi-bin/sendsms?username=u&password=p"),
        };
        let f = sending(&cfg(Some(far)));
        assert_eq!(f.level, super::super::Level::Warning);
        assert!(
            !f.seen.contains("password=p"),
            "never the credentials: {}",
            f.seen
        );
    }
}
