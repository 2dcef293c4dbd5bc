//! Optional e-mail notice to investigators that new reports (or answers) are waiting. Off unless an SMTP
//! URL is configured.
//!
//! The mail says only "new reports or answers are waiting": no case id, no kind, no content.
//! Its timing would still tell the mail provider when a report arrived, so a notice is sent
//! after a random delay, and reports that arrive meanwhile share it; the `Date` header carries
//! the day only.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use crate::clock::Clock;

/// SMTP settings.
#[derive(Clone)]
pub struct NotifyConfig {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465`, as lettre reads it. A secret: it may hold the mail
    /// account's password, so it is exposed only to build the transport.
    pub smtp_url: SecretString,
    /// Sender address.
    pub from: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Random delay before a notice is sent, between these bounds.
    pub delay: (Duration, Duration),
}

impl std::fmt::Debug for NotifyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password (a `SecretString` prints as redacted anyway).
        f.debug_struct("NotifyConfig")
            .field("smtp_url", &self.smtp_url)
            .field("to", &self.to.len())
            .finish_non_exhaustive()
    }
}

/// Why the notifier could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("e-mail notification settings are invalid: {0}")]
pub struct NotifyError(String);

/// Sends the "new reports" notice.
pub struct Notifier {
    mailer: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    to: Vec<Mailbox>,
    delay: (Duration, Duration),
    pending: AtomicBool,
    clock: Arc<dyn Clock>,
}

impl Notifier {
    /// Checks the settings and prepares the transport (nothing is sent yet).
    pub fn new(cfg: &NotifyConfig, clock: Arc<dyn Clock>) -> Result<Self, NotifyError> {
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(cfg.smtp_url.expose_secret())
            .map_err(|e| NotifyError(format!("SMTP URL: {e}")))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let parse = |a: &str| {
            a.trim()
                .parse::<Mailbox>()
                .map_err(|e| NotifyError(format!("address {a:?}: {e}")))
        };
        let to = cfg
            .to
            .iter()
            .filter(|a| !a.trim().is_empty())
            .map(|a| parse(a))
            .collect::<Result<Vec<_>, _>>()?;
        if to.is_empty() {
            return Err(NotifyError("no recipient address".to_owned()));
        }
        Ok(Self {
            mailer,
            from: parse(&cfg.from)?,
            to,
            delay: cfg.delay,
            pending: AtomicBool::new(false),
            clock,
        })
    }

    /// Called after a report or a whistle-blower's answer is stored: schedules a notice unless
    /// one is already pending (so arrivals close together share one notice).
    pub fn new_report(self: &Arc<Self>) {
        if self.pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(this.random_delay()).await;
            this.pending.store(false, Ordering::SeqCst);
            if let Err(e) = this.send().await {
                tracing::warn!(error = %e, "could not send the new-report notice");
            }
        });
    }

    fn random_delay(&self) -> Duration {
        let (lo, hi) = self.delay;
        let span = hi.saturating_sub(lo).as_millis();
        let r = crate::crypto::random_bytes::<8>().map_or(0, u64::from_le_bytes);
        let extra = if span == 0 {
            0
        } else {
            u64::try_from(u128::from(r) % span).unwrap_or(0)
        };
        lo + Duration::from_millis(extra)
    }

    /// Sends one notice now.
    pub async fn send(&self) -> Result<(), String> {
        let midnight = self.clock.now_unix() / 86_400 * 86_400;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject("Filimbi: new reports or answers are waiting")
            .date(SystemTime::UNIX_EPOCH + Duration::from_secs(midnight))
            .header(ContentType::TEXT_PLAIN);
        for to in &self.to {
            builder = builder.to(to.clone());
        }
        let message = builder
            .body(
                "One or more new reports or answers from whistle-blowers are waiting in the\n\
                 Filimbi workspace.\n\
                 Log in to read them. This message says nothing else by design.\n"
                    .to_owned(),
            )
            .map_err(|e| e.to_string())?;
        self.mailer
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
