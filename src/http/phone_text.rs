//! The words of SMS answers (placeholder until the catalogued texts land).

use crate::domain::sms::reply::{QuestionSms, SmsReply};
use crate::i18n::Lang;

/// The answer `reply` in `lang`.
pub fn sms(reply: &SmsReply, _lang: Lang) -> String {
    match reply {
        SmsReply::Receipt { grouped } => format!("Report stored. Receipt: {}", grouped.as_str()),
        other => format!("{other:?}"),
    }
}

/// A question sent by SMS.
pub fn question(q: &QuestionSms<'_>, _lang: Lang) -> String {
    q.text.to_owned()
}
