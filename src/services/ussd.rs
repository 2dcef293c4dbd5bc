//! The USSD session (Africa's Talking): the menu is worked out from the session's path alone
//! (`domain::ussd`), and only its last step touches the store: a report sealed and stored like
//! any other (channel "USSD"), or an answer on the case a receipt opens.
//!
//! The sender's number is sealed with a USSD report only when the person chose to get the
//! investigators' questions by SMS (and SMS is configured); otherwise the case keeps nothing
//! that reaches them, and they read questions over USSD or on the web. The session id is kept,
//! as a keyed digest, with what the last step stored, so a gateway that repeats the last
//! request stores nothing twice.

use std::sync::Arc;

use crate::clock::Clock;
use crate::crypto::deliveries::DeliveryKey;
use crate::crypto::seal::Origin;
use crate::domain::case::Channel;
use crate::domain::receipt::Receipt;
use crate::domain::sms::phone::PhoneNumber;
use crate::domain::ussd::{self, Context, FollowupStep, Screen, Step};
use crate::i18n::Lang;
use crate::services::followup::{EnterError, Entry, Followup, FollowupError, Visit};
use crate::services::intake::{Intake, IntakeError};
use crate::store::FormSpend;

/// One screen to answer with.
pub struct Shown {
    /// The session's language.
    pub lang: Lang,
    /// `true`: `CON` (the session goes on); `false`: `END`.
    pub goes_on: bool,
    /// What to show.
    pub screen: Screen,
}

impl Shown {
    fn end(lang: Lang, screen: Screen) -> Self {
        Self {
            lang,
            goes_on: false,
            screen,
        }
    }

    fn ask(lang: Lang, screen: Screen) -> Self {
        Self {
            lang,
            goes_on: true,
            screen,
        }
    }
}

/// One request of a session, as the gateway gave it.
pub struct UssdRequest<'a> {
    /// The gateway's session id (part of the once-only digest of the last step).
    pub session: &'a str,
    /// The phone (sealed with a report only if the person asks for questions by SMS).
    pub phone: PhoneNumber,
    /// Every input so far, joined by `*`.
    pub text: &'a str,
}

/// The USSD service.
pub struct UssdDesk {
    intake: Arc<Intake>,
    followup: Arc<Followup>,
    deliveries: DeliveryKey,
    clock: Arc<dyn Clock>,
    sms_available: bool,
}

impl UssdDesk {
    /// The service; `sms_available` offers questions by SMS on the last screen.
    pub fn new(
        intake: Arc<Intake>,
        followup: Arc<Followup>,
        deliveries: DeliveryKey,
        clock: Arc<dyn Clock>,
        sms_available: bool,
    ) -> Self {
        Self {
            intake,
            followup,
            deliveries,
            clock,
            sms_available,
        }
    }

    /// The screen for one request; always has one.
    pub async fn answer(&self, req: UssdRequest<'_>) -> Shown {
        let ctx = Context {
            this_year: self.clock.today().year(),
            sms_available: self.sms_available,
            languages: crate::i18n::offered(),
        };
        match ussd::step(req.text, &ctx) {
            Step::Ask(screen) => Shown::ask(ussd::language(req.text, ctx.languages), screen),
            Step::End(screen) => Shown::end(ussd::language(req.text, ctx.languages), screen),
            Step::Report {
                lang,
                report,
                sms_questions,
            } => {
                if !self.intake.is_open() {
                    return Shown::end(lang, Screen::Closed);
                }
                let origin = Origin {
                    channel: Channel::Ussd,
                    sender: Some(req.phone.clone()),
                    contact: (sms_questions && self.sms_available).then_some((req.phone, lang)),
                };
                let once = self.once("report", req.session);
                match self
                    .intake
                    .submit_by_phone(report, Some(once), origin)
                    .await
                {
                    Ok(receipt) => Shown::end(
                        lang,
                        Screen::Stored {
                            grouped: receipt.grouped(),
                        },
                    ),
                    Err(IntakeError::FormSpent) => Shown::end(lang, Screen::AlreadyStored),
                    Err(IntakeError::Closed) => Shown::end(lang, Screen::Closed),
                    Err(e) => {
                        tracing::error!(error = %e, "a USSD report could not be stored");
                        Shown::end(lang, Screen::Failed)
                    }
                }
            }
            Step::Followup {
                lang,
                receipt,
                then,
            } => {
                let visit = match Receipt::parse(&receipt) {
                    Ok(r) => self.open(r).await,
                    Err(_) => Err(Shown::end(lang, Screen::ReceiptMistyped)),
                };
                match visit {
                    Ok(v) => self.on_case(lang, v, then, (req.session, &req.phone)).await,
                    Err(mut shown) => {
                        shown.lang = lang;
                        shown
                    }
                }
            }
        }
    }

    /// Opens the case a receipt names, under the follow-up's attempt budget.
    async fn open(&self, receipt: Receipt) -> Result<Visit, Shown> {
        let opened = match self.followup.admit_receipt(receipt) {
            Ok(attempt) => self.followup.open(attempt).await,
            Err(e) => Err(e),
        };
        opened.map_err(|e| {
            let screen = match e {
                EnterError::Unknown => Screen::ReceiptUnknown,
                EnterError::Mistyped => Screen::ReceiptMistyped,
                EnterError::WrongShape => Screen::ReceiptWrongShape,
                EnterError::Busy => Screen::Busy,
                EnterError::Internal(e) => {
                    tracing::error!(error = %e, "a receipt typed over USSD could not be looked up");
                    Screen::Failed
                }
            };
            Shown::end(Lang::En, screen)
        })
    }

    /// What the follow-up asks for, on the opened case, dialled from `phone` in the gateway's
    /// session `session`.
    async fn on_case(
        &self,
        lang: Lang,
        visit: Visit,
        then: FollowupStep,
        (session, phone): (&str, &PhoneNumber),
    ) -> Shown {
        match then {
            FollowupStep::Read { page } => {
                match self.followup.view_case(&visit.case, &visit.identity).await {
                    Ok(conversation) => {
                        let latest = conversation.entries.iter().rev().find_map(|e| match e {
                            Entry::Question { text, .. } => Some(text.as_str()),
                            Entry::Answered { .. } => None,
                        });
                        match latest {
                            Some(text) => Shown::ask(lang, ussd::question(text, page, lang)),
                            None => Shown::ask(lang, Screen::NoQuestionYet),
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "a conversation could not be read over USSD");
                        Shown::end(lang, Screen::Failed)
                    }
                }
            }
            FollowupStep::AskAnswer => Shown::ask(lang, Screen::TypeAnswer),
            FollowupStep::Answer { text } => {
                let once = self.once("answer", session);
                match self
                    .followup
                    .answer_case(&visit.case, &text, Vec::new(), Some(once), Some(phone))
                    .await
                {
                    Ok(()) => Shown::end(lang, Screen::AnswerStored),
                    Err(FollowupError::Delivered) => Shown::end(lang, Screen::AlreadyStored),
                    Err(FollowupError::Invalid) => Shown::end(lang, Screen::TooLong),
                    Err(e) => {
                        tracing::error!(error = %e, "an answer typed over USSD could not be stored");
                        Shown::end(lang, Screen::Failed)
                    }
                }
            }
        }
    }

    /// The once-only record of a session's last step: kept to the end of tomorrow.
    fn once(&self, what: &str, session: &str) -> FormSpend {
        let gateway = format!("africastalking-ussd-{what}");
        super::sms::once_record(&self.deliveries, self.clock.as_ref(), &gateway, session)
    }
}
