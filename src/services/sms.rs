//! The SMS conversation (`docs/threat-model.md`, "SMS and USSD"): a text message in, the text
//! to answer with out.
//!
//! - A new report is sealed exactly as a web report (same keys, MACs, padding, days only), with
//!   the sender's number sealed beside it so questions can be texted back; the gateway's own
//!   times are never passed in.
//! - A message that starts with a receipt is an answer on that case, under the web follow-up's
//!   rules: the same server-wide budget of receipt attempts, "mistyped" told apart from
//!   "unknown", the same size limits. `<receipt> STOP` forgets the number at once.
//! - `CHECK <domain or certificate>` answers from the published warning list and keeps nothing.
//! - A gateway's message id is kept as a keyed digest with what the message stored, so a
//!   message delivered twice is stored once.
//!
//! Nothing here logs a number, a text or a receipt, and every failure becomes an answer: the
//! gateway always gets something to send back.

use std::sync::Arc;

use time::Duration;

use crate::clock::Clock;
use crate::crypto::deliveries::DeliveryKey;
use crate::crypto::seal::Origin;
use crate::domain::case::{Channel, ReceivedDay};
use crate::domain::receipt::Receipt;
use crate::domain::report::{self, Category};
use crate::domain::sms::inbound::{self, AfterReceipt, Inbound};
use crate::domain::sms::phone::PhoneNumber;
use crate::domain::sms::reply::SmsReply;
use crate::domain::warnings::{Target, Verdict, target::parse_target};
use crate::i18n::Lang;
use crate::services::followup::{EnterError, Followup, FollowupError};
use crate::services::intake::{Intake, IntakeError};
use crate::services::warnings::Warnings;
use crate::store::FormSpend;

/// One message as a gateway delivered it, already decoded and joined.
pub struct IncomingSms<'a> {
    /// Which gateway (part of the message id's digest).
    pub gateway: &'static str,
    /// The sender.
    pub from: PhoneNumber,
    /// The text.
    pub text: &'a str,
    /// The gateway's id for the message, if it gives one.
    pub id: Option<&'a str>,
}

/// The answer to send back, and its language.
#[derive(Debug)]
pub struct Answer {
    /// The language to write it in.
    pub lang: Lang,
    /// What to say.
    pub reply: SmsReply,
}

/// The SMS service.
pub struct SmsDesk {
    intake: Arc<Intake>,
    followup: Arc<Followup>,
    warnings: Arc<Warnings>,
    deliveries: DeliveryKey,
    clock: Arc<dyn Clock>,
    default_lang: Lang,
}

impl SmsDesk {
    /// The service; `default_lang` answers messages whose language no keyword or script tells.
    pub fn new(
        intake: Arc<Intake>,
        followup: Arc<Followup>,
        warnings: Arc<Warnings>,
        deliveries: DeliveryKey,
        clock: Arc<dyn Clock>,
        default_lang: Lang,
    ) -> Self {
        Self {
            intake,
            followup,
            warnings,
            deliveries,
            clock,
            default_lang,
        }
    }

    /// Handles one message the adapter found fit (`inbound::fit`); always has an answer.
    pub async fn receive(&self, sms: IncomingSms<'_>) -> Answer {
        let mut answer = self.answer(sms).await;
        answer.lang = self.speak(answer.lang);
        answer
    }

    /// `lang` if the server offers it (`--languages`), else the default: a keyword of a draft
    /// language the operator has not switched on is understood, but answered in a reviewed
    /// language.
    fn speak(&self, lang: Lang) -> Lang {
        if crate::i18n::offered().contains(lang) {
            lang
        } else {
            self.default_lang
        }
    }

    async fn answer(&self, sms: IncomingSms<'_>) -> Answer {
        let once = sms.id.map(|id| self.once(sms.gateway, id));
        match inbound::read(sms.text) {
            Inbound::Report { lang, text } => {
                // Also the language of the investigators' questions texted later.
                let lang = self.speak(lang.unwrap_or(self.default_lang));
                let origin = Origin {
                    channel: Channel::Sms,
                    sender: Some(sms.from.clone()),
                    contact: Some((sms.from, lang)),
                };
                let reply = self.report(&text, origin, once).await;
                Answer { lang, reply }
            }
            Inbound::Receipt { receipt, then } => {
                let lang = match &then {
                    AfterReceipt::Stop { lang } => *lang,
                    AfterReceipt::Answer(text) => {
                        inbound::script_language(text).unwrap_or(self.default_lang)
                    }
                };
                let reply = match receipt {
                    Ok(receipt) => self.on_case(receipt, then, once, &sms.from).await,
                    Err(_) => SmsReply::ReceiptMistyped,
                };
                Answer { lang, reply }
            }
            Inbound::Check { lang, term } => Answer {
                lang,
                reply: self.check(&term),
            },
            Inbound::StopWithoutReceipt { lang } => Answer {
                lang,
                reply: SmsReply::StopNeedsReceipt,
            },
            Inbound::Help { lang } => Answer {
                lang: lang.unwrap_or(self.default_lang),
                reply: SmsReply::Empty,
            },
        }
    }

    /// The once-only record of a gateway message id: kept to the end of tomorrow (≤ 48 h).
    fn once(&self, gateway: &str, id: &str) -> FormSpend {
        once_record(&self.deliveries, self.clock.as_ref(), gateway, id)
    }

    /// Seals and stores a new report made of the message's text.
    async fn report(&self, text: &str, origin: Origin, once: Option<FormSpend>) -> SmsReply {
        if !self.intake.is_open() {
            return SmsReply::Closed;
        }
        let text = printable(text);
        let fields = [("description".to_owned(), text)];
        let this_year = self.clock.today().year();
        let Ok(report) = report::validate(Category::Other, &fields, &[], this_year) else {
            return SmsReply::Empty;
        };
        match self.intake.submit_by_phone(report, once, origin).await {
            Ok(receipt) => SmsReply::Receipt {
                grouped: receipt.grouped(),
            },
            Err(IntakeError::FormSpent) => SmsReply::Duplicate,
            Err(IntakeError::Closed) => SmsReply::Closed,
            Err(e) => {
                tracing::error!(error = %e, "an SMS report could not be stored");
                SmsReply::Failed
            }
        }
    }

    /// An answer or STOP on the case a receipt opens.
    async fn on_case(
        &self,
        receipt: Receipt,
        then: AfterReceipt,
        once: Option<FormSpend>,
        from: &PhoneNumber,
    ) -> SmsReply {
        if let AfterReceipt::Answer(text) = &then
            && text.is_empty()
        {
            return SmsReply::Empty;
        }
        let visit = match self.followup.admit_receipt(receipt) {
            Ok(attempt) => self.followup.open(attempt).await,
            Err(e) => Err(e),
        };
        let visit = match visit {
            Ok(v) => v,
            Err(EnterError::Unknown) => return SmsReply::ReceiptUnknown,
            Err(EnterError::Mistyped | EnterError::WrongShape) => {
                return SmsReply::ReceiptMistyped;
            }
            Err(EnterError::Busy) => return SmsReply::Busy,
            Err(EnterError::Internal(e)) => {
                tracing::error!(error = %e, "a receipt sent by SMS could not be looked up");
                return SmsReply::Failed;
            }
        };
        match then {
            AfterReceipt::Stop { .. } => match self.followup.forget_number(&visit.case).await {
                Ok(_) => SmsReply::Stopped,
                Err(e) => {
                    tracing::error!(error = %e, "a number could not be forgotten");
                    SmsReply::Failed
                }
            },
            AfterReceipt::Answer(text) => {
                let text = printable(&text);
                match self
                    .followup
                    .answer_case(&visit.case, &text, Vec::new(), once, Some(from))
                    .await
                {
                    Ok(()) => SmsReply::AnswerStored,
                    Err(FollowupError::Delivered) => SmsReply::Duplicate,
                    Err(FollowupError::Invalid) => SmsReply::TooLong,
                    Err(e) => {
                        tracing::error!(error = %e, "an answer sent by SMS could not be stored");
                        SmsReply::Failed
                    }
                }
            }
        }
    }

    /// `CHECK <term>` against the published list; nothing is kept.
    fn check(&self, term: &str) -> SmsReply {
        let Ok(target) = parse_target(term) else {
            return SmsReply::CheckUnreadable;
        };
        let shown = match &target {
            Target::Domain(d) => d.unicode().into_owned(),
            Target::Certificate(c) => c.as_str().to_owned(),
        };
        let published = self.warnings.current();
        match published.list.check(&target) {
            Verdict::Listed(_) => SmsReply::CheckListed { term: shown },
            Verdict::Official(_) => SmsReply::CheckOfficial { term: shown },
            Verdict::Lookalike(r) => SmsReply::CheckLookalike {
                term: shown,
                official: r.official.unicode().into_owned(),
            },
            Verdict::Withdrawn(_) | Verdict::Unknown => SmsReply::CheckNotListed { term: shown },
        }
    }
}

/// The once-only record of a gateway's message id (or a USSD session's last step): its keyed
/// digest, kept to the end of tomorrow, so at most 48 hours, as spent form tokens are.
pub(crate) fn once_record(
    key: &DeliveryKey,
    clock: &dyn Clock,
    gateway: &str,
    id: &str,
) -> FormSpend {
    let tomorrow = clock.today().saturating_add(Duration::days(1));
    FormSpend {
        token_mac: key.digest(gateway, id),
        expiry_day: ReceivedDay::new(tomorrow),
    }
}

/// The text with the control characters a phone may send (other than line breaks and tabs)
/// made spaces: a report is never refused for an invisible character.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}
