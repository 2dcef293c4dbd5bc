//! What Filimbi answers by SMS: the content of each answer, not its words (those are in the
//! catalogues, `http::phone_text`).

use zeroize::Zeroizing;

/// One answer to one message.
#[derive(Debug)]
pub enum SmsReply {
    /// A new report was stored; the receipt in seven groups of four.
    Receipt {
        /// The receipt as shown.
        grouped: Zeroizing<String>,
    },
    /// An answer was stored on its case.
    AnswerStored,
    /// The message starts with 28 digits whose check digits fail.
    ReceiptMistyped,
    /// A well-formed receipt no case has.
    ReceiptUnknown,
    /// Too many receipt attempts server-wide right now: nothing stored, try later.
    Busy,
    /// `<receipt> STOP`: the number was deleted from the case.
    Stopped,
    /// `STOP` alone: send the receipt, then STOP.
    StopNeedsReceipt,
    /// CHECK: on the warning list.
    CheckListed {
        /// What was checked.
        term: String,
    },
    /// CHECK: the official site, or an official domain.
    CheckOfficial {
        /// What was checked.
        term: String,
    },
    /// CHECK: not listed but looks like the official `official`.
    CheckLookalike {
        /// What was checked.
        term: String,
        /// The official domain it imitates.
        official: String,
    },
    /// CHECK: not listed, which is not proof it is genuine.
    CheckNotListed {
        /// What was checked.
        term: String,
    },
    /// CHECK followed by nothing usable.
    CheckUnreadable,
    /// An empty message, or only a keyword: what to send.
    Empty,
    /// Over the size limit: nothing stored.
    TooLong,
    /// Reporting is closed (no investigator key): nothing stored.
    Closed,
    /// Our side failed: nothing stored, send again later.
    Failed,
    /// The gateway delivered this message a second time: it was stored once, the first time.
    Duplicate,
}

/// An investigator's question sent by SMS; the words around it say how to answer.
#[derive(Debug)]
pub struct QuestionSms<'a> {
    /// The question.
    pub text: &'a str,
}
