//! What a text message sent to Filimbi asks for.
//!
//! - It **starts with a receipt** (28 digits; spaces, dashes and dots allowed): an answer on
//!   that case, or `STOP` after the receipt (forget my number). The receipt must come first:
//!   the server keeps no readable number to find a case by its sender.
//! - It starts with a **check** keyword (`CHECK`, `VERIFIER`, `ANGALIA`, `VERIFICAR`, `تحقق`,
//!   and for the drafts `GENZURA`, `SUZUMA`):
//!   look a domain or certificate number up on the warning list; nothing is kept.
//! - `STOP` alone, or a **help** keyword alone: the sender is told what to send.
//! - Anything else is a **new report**. A report keyword in front (`REPORT`, `SIGNALER`,
//!   `RIPOTI`, `DENUNCIA`, `بلاغ`, `RAPORO`, `MENYESHA`) chooses the language of the answer
//!   (if the server offers it) and is dropped; without
//!   one, Arabic script means Arabic, and otherwise the configured language is used.
//!
//! Keywords are matched without regard to case or accents (`VÉRIFIER` = `verifier`), so a
//! phone that cannot type an accent is understood.

use zeroize::Zeroizing;

use crate::domain::receipt::{Receipt, ReceiptError, TOTAL_DIGITS};
use crate::i18n::Lang;

/// Longest text message accepted, in characters, once the gateway has joined its parts: ten
/// concatenated SMS and more. Longer is refused whole (nothing stored): no phone sends more
/// in one message, and an "SMS" of many kilobytes is not one.
pub const MAX_SMS_CHARS: usize = 1_600;

/// Leading digits from which a message is taken as an attempt at a receipt (a mistyped one
/// if the check fails) rather than a report that happens to start with a number.
const RECEIPT_LIKE_DIGITS: usize = 24;

/// What a message asks for.
#[derive(Debug)]
pub enum Inbound {
    /// A new report: its text, and the language a keyword chose (if any).
    Report {
        /// Language chosen by a keyword or by the script.
        lang: Option<Lang>,
        /// The report's words, keyword removed, trimmed.
        text: Zeroizing<String>,
    },
    /// The message starts with something shaped like a receipt.
    Receipt {
        /// The receipt, or why its digits are not one.
        receipt: Result<Receipt, ReceiptError>,
        /// What follows it.
        then: AfterReceipt,
    },
    /// A look-up on the warning list.
    Check {
        /// Language of the keyword used.
        lang: Lang,
        /// What to look up (may be empty).
        term: String,
    },
    /// `STOP` with no receipt in front.
    StopWithoutReceipt {
        /// Language of the keyword used.
        lang: Lang,
    },
    /// Nothing to act on (empty, or only a keyword): tell the sender what to send.
    Help {
        /// Language chosen by the keyword, if any.
        lang: Option<Lang>,
    },
}

/// What follows a receipt.
#[derive(Debug)]
pub enum AfterReceipt {
    /// An answer on the case (may be empty: nothing to store).
    Answer(Zeroizing<String>),
    /// `STOP` (in any language): forget the number sealed with the case.
    Stop {
        /// Language of the keyword used.
        lang: Lang,
    },
}

/// Keywords by language: report, check, stop, help. Lower case without accents (see
/// [`fold`]); the first of each list is the one the texts teach.
struct Keywords {
    lang: Lang,
    report: &'static [&'static str],
    check: &'static [&'static str],
    stop: &'static [&'static str],
    help: &'static [&'static str],
}

const KEYWORDS: &[Keywords] = &[
    Keywords {
        lang: Lang::En,
        report: &["report"],
        check: &["check"],
        stop: &["stop", "unsubscribe"],
        help: &["help", "info"],
    },
    Keywords {
        lang: Lang::Fr,
        report: &["signaler", "signalement", "rapport"],
        check: &["verifier", "verif"],
        stop: &["arret", "arreter"],
        help: &["aide"],
    },
    Keywords {
        lang: Lang::Sw,
        report: &["ripoti", "taarifa"],
        check: &["angalia", "hakiki"],
        stop: &["acha", "sitisha"],
        help: &["msaada"],
    },
    Keywords {
        lang: Lang::Pt,
        report: &["denuncia", "denunciar", "relato"],
        check: &["verificar"],
        stop: &["parar", "pare"],
        help: &["ajuda"],
    },
    Keywords {
        lang: Lang::Ar,
        report: &["بلاغ", "ابلاغ"],
        check: &["تحقق"],
        stop: &["توقف", "الغاء"],
        help: &["مساعدة"],
    }, // Kinyarwanda and Kirundi are close kin: each has its own words here so a keyword names
    // one language; a reader of either understands the other's answer.
    Keywords {
        lang: Lang::Rw,
        report: &["raporo"],
        check: &["genzura"],
        stop: &["hagarika"],
        help: &["ubufasha"],
    },
    Keywords {
        lang: Lang::Rn,
        report: &["menyesha", "ukumenyesha"],
        check: &["suzuma"],
        stop: &["reka"],
        help: &["imfashanyo"],
    },
];

/// Why a message is not taken at all (the gateway is refused; nothing is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    /// Nothing but white space.
    Empty,
    /// Over [`MAX_SMS_CHARS`].
    TooLong,
}

/// Whether a message is one Filimbi reads: not empty, at most [`MAX_SMS_CHARS`]. Checked by
/// every gateway adapter before [`read`] and before any budget is spent.
pub fn fit(text: &str) -> Result<(), Unfit> {
    if text.trim().is_empty() {
        Err(Unfit::Empty)
    } else if text.chars().count() > MAX_SMS_CHARS {
        Err(Unfit::TooLong)
    } else {
        Ok(())
    }
}

/// Reads a message (already decoded and joined by the gateway).
pub fn read(text: &str) -> Inbound {
    let text = text.trim();
    if let Some((receipt, rest)) = leading_receipt(text) {
        let then = match keyword(rest.trim(), |k| k.stop) {
            Some((lang, tail)) if tail.trim().is_empty() => AfterReceipt::Stop { lang },
            _ => AfterReceipt::Answer(Zeroizing::new(rest.trim().to_owned())),
        };
        return Inbound::Receipt { receipt, then };
    }
    if let Some((lang, rest)) = keyword(text, |k| k.check) {
        return Inbound::Check {
            lang,
            term: rest.trim().to_owned(),
        };
    }
    if let Some((lang, rest)) = keyword(text, |k| k.stop)
        && rest.trim().is_empty()
    {
        return Inbound::StopWithoutReceipt { lang };
    }
    if let Some((lang, rest)) = keyword(text, |k| k.help)
        && rest.trim().is_empty()
    {
        return Inbound::Help { lang: Some(lang) };
    }
    let (lang, body) = match keyword(text, |k| k.report) {
        Some((lang, rest)) => (Some(lang), rest.trim()),
        None => (arabic_script(text).then_some(Lang::Ar), text),
    };
    if body.is_empty() {
        return Inbound::Help { lang };
    }
    Inbound::Report {
        lang,
        text: Zeroizing::new(body.to_owned()),
    }
}

/// A receipt at the start of `text`, and what follows it. Takes the first 28 digits (with the
/// separators a person puts between groups); a run of at least [`RECEIPT_LIKE_DIGITS`] digits
/// that is not a valid receipt is a mistyped one, not a report.
fn leading_receipt(text: &str) -> Option<(Result<Receipt, ReceiptError>, &str)> {
    let mut digits = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        match c {
            '0'..='9' if digits < TOTAL_DIGITS => {
                digits += 1;
                end = i + 1;
            }
            ' ' | '-' | '.' | '\u{a0}' | '\t' if digits < TOTAL_DIGITS => {}
            _ => break,
        }
    }
    if digits < RECEIPT_LIKE_DIGITS {
        return None;
    }
    let (head, rest) = text.split_at(end);
    let receipt = match Receipt::parse(head) {
        Ok(r) => Ok(r),
        Err(_) => Err(ReceiptError::Mistyped),
    };
    let rest = rest.trim_start_matches([' ', '-', '.', ':', ',', '\u{a0}', '\t', '\n']);
    Some((receipt, rest))
}

/// The language of the keyword `text` starts with (as a whole word), and the rest.
fn keyword(
    text: &str,
    list: impl Fn(&Keywords) -> &'static [&'static str],
) -> Option<(Lang, &str)> {
    let end = text
        .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .unwrap_or(text.len());
    let (first, rest) = text.split_at(end);
    let first = fold(first);
    KEYWORDS
        .iter()
        .find(|k| list(k).contains(&first.as_str()))
        .map(|k| (k.lang, rest.trim_start_matches([':', ','])))
}

/// Lower case, Latin accents removed: how keywords are compared.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'إ' | 'أ' | 'آ' => 'ا',
            other => other,
        })
        .collect()
}

/// The language a text's script says (Arabic letters: Arabic), for messages with no keyword.
pub fn script_language(text: &str) -> Option<Lang> {
    arabic_script(text).then_some(Lang::Ar)
}

/// Whether the message is written in Arabic letters (most of its letters are).
fn arabic_script(text: &str) -> bool {
    let (mut arabic, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if ('\u{0600}'..='\u{06ff}').contains(&c) || ('\u{0750}'..='\u{077f}').contains(&c) {
            arabic += 1;
        }
    }
    letters > 0 && arabic * 2 >= letters
}

#[cfg(test)]
mod tests;
