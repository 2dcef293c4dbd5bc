//! What Filimbi answers to an SMS, as content: which reply, and the few values it carries.
//! The words, in the sender's language and fitted to two SMS parts, are `http::phone_text`'s.
//!
//! Every inbound message gets exactly one reply (Kannel's `max-messages = 1`), so each outcome
//! of the SMS conversation is one variant here, including the failures: a person who hears
//! nothing back sends again, and a second copy of a report is worse than a plain "try later".

use zeroize::Zeroizing;

/// The one SMS sent back for one inbound message.
///
/// `Debug` names the variant only: a receipt must never reach a log, and a checked term is
/// what the person typed.
pub enum SmsReply {
    /// A new report was stored; the receipt in 7 groups of 4 (`Receipt::grouped`).
    Receipt {
        /// The receipt as a person copies it: `1234 5678 …`.
        grouped: Zeroizing<String>,
    },
    /// An answer (a message starting with a receipt) was stored on its case.
    AnswerStored,
    /// The message starts with 28 digits whose check digits fail: a typo, nothing stored.
    ReceiptMistyped,
    /// A well-formed receipt that no case has: nothing stored.
    ReceiptUnknown,
    /// Too many receipt attempts server-wide right now: nothing stored, try later.
    Busy,
    /// `<receipt> STOP`: the number was deleted from the case; no more SMS.
    Stopped,
    /// `STOP` alone: send the receipt, then STOP. The server cannot find the case by number,
    /// because it keeps no readable number.
    StopNeedsReceipt,
    /// `CHECK <x>`: x is on the warning list.
    CheckListed {
        /// What was checked, as the check canonicalised it.
        term: String,
    },
    /// x is the official site, or one of the official domains.
    CheckOfficial {
        /// What was checked.
        term: String,
    },
    /// x looks like the official `official` without being it.
    CheckLookalike {
        /// What was checked.
        term: String,
        /// The official domain it imitates.
        official: String,
    },
    /// Not on the list, which is not proof that it is genuine.
    CheckNotListed {
        /// What was checked.
        term: String,
    },
    /// `CHECK` followed by nothing usable.
    CheckUnreadable,
    /// An empty message, or only a keyword: say what to send.
    Empty,
    /// Over the size limit: nothing stored.
    TooLong,
    /// Reporting is closed (no investigator key): nothing stored.
    Closed,
    /// Our side failed: nothing stored, send again later.
    Failed,
    /// The gateway delivered this message a second time: it was stored once, the first time
    /// (its answer, with any receipt, went out then).
    Duplicate,
}

impl SmsReply {
    /// The variant's stable name (and the end of its message id, `sms-…`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Receipt { .. } => "receipt",
            Self::AnswerStored => "answer-stored",
            Self::ReceiptMistyped => "receipt-mistyped",
            Self::ReceiptUnknown => "receipt-unknown",
            Self::Busy => "busy",
            Self::Stopped => "stopped",
            Self::StopNeedsReceipt => "stop-needs-receipt",
            Self::CheckListed { .. } => "check-listed",
            Self::CheckOfficial { .. } => "check-official",
            Self::CheckLookalike { .. } => "check-lookalike",
            Self::CheckNotListed { .. } => "check-not-listed",
            Self::CheckUnreadable => "check-unreadable",
            Self::Empty => "empty",
            Self::TooLong => "too-long",
            Self::Closed => "closed",
            Self::Failed => "failed",
            Self::Duplicate => "duplicate",
        }
    }
}

impl std::fmt::Debug for SmsReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmsReply({})", self.name())
    }
}

/// An investigator's question sent by SMS; rendered with a lead-in saying how to answer
/// (start with the receipt).
#[derive(Clone, Copy)]
pub struct QuestionSms<'a> {
    /// The question as the investigator wrote it; cut to fit when rendered.
    pub text: &'a str,
}

impl std::fmt::Debug for QuestionSms<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QuestionSms(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names_the_reply_and_never_prints_a_receipt_or_a_term() {
        let receipt = SmsReply::Receipt {
            grouped: Zeroizing::new("1234 5678 9012 3456 7890 1234 5678".to_owned()),
        };
        assert_eq!(format!("{receipt:?}"), "SmsReply(receipt)");
        let check = SmsReply::CheckLookalike {
            term: "ceec-icg1r.org".to_owned(),
            official: "ceec-icglr.org".to_owned(),
        };
        assert!(!format!("{check:?}").contains("icg"));
        let q = QuestionSms { text: "secret" };
        assert!(!format!("{q:?}").contains("secret"));
    }
}
