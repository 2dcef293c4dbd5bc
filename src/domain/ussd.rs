//! The USSD menu, as a pure function of the path Africa's Talking posts.
//!
//! A USSD session is a chain of screens; Africa's Talking sends, with each input, `text`: every
//! input of the session so far joined by `*` (`""` before the first). Filimbi keeps nothing
//! between two screens: the screen to show is worked out from `text` alone ([`step`]), so a
//! session that times out, or a person who hangs up, leaves no trace, and nothing is stored
//! until the person confirms on the last screen.
//!
//! A wrong input stays in the path for the rest of the session. [`step`] therefore reads the
//! path as a person walks the menu: an input that is not a choice on its screen is skipped,
//! and the screen is shown again with a short "not a choice" line when it is the latest input.
//! Free text (the description, an answer) may itself contain `*`: it is everything between the
//! fixed part of the path and the last choice.
//!
//! Keys are digits, as on a phone keypad; the texts of every screen are `http::phone_text`'s.

use zeroize::Zeroizing;

use super::followup::MAX_ANSWER_CHARS;
use super::receipt::{Receipt, ReceiptError};
use super::report::{self, Category, Problem, Report};
use super::sms::encoding::{self, Coding};
use crate::i18n::{Lang, Languages};

/// Characters per screen (what Africa's Talking allows): GSM-7 septets.
///
/// The network carries a USSD screen in 160 octets: 182 GSM-7 septets, but only
/// [`MAX_SCREEN_UCS2`] UTF-16 units once one character is outside the GSM alphabet.
/// `http::phone_text` keeps the Latin-script screens GSM-7, and the Arabic ones within 80.
pub const MAX_SCREEN: usize = 182;

/// UTF-16 units per screen when it is coded UCS-2 (Arabic, or the language list).
pub const MAX_SCREEN_UCS2: usize = 80;

/// Whether `text` fits one USSD screen in its own coding.
pub fn fits_screen(text: &str) -> bool {
    let limit = match encoding::coding(text) {
        Coding::Gsm7 => MAX_SCREEN,
        Coding::Ucs2 => MAX_SCREEN_UCS2,
    };
    encoding::units(text) <= limit
}

/// Characters of question text on one screen: what [`MAX_SCREEN`] leaves beside the page
/// number and the menu line in every Latin-script language (a test renders the worst case).
pub const QUESTION_BUDGET: usize = 110;

/// The same for a UCS-2 screen (Arabic): what [`MAX_SCREEN_UCS2`] leaves.
pub const QUESTION_BUDGET_UCS2: usize = 36;

/// Longest path accepted, in bytes. A session is a few screens of at most a few hundred
/// characters each; a longer `text` is not a person at a keypad.
pub const MAX_PATH: usize = report::MAX_DESCRIPTION + 4_000;

/// What the menu needs to know about the deployment.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The current year, for the report's validation.
    pub this_year: i32,
    /// Whether SMS is configured, so questions can be texted to a USSD reporter on request.
    pub sms_available: bool,
    /// The languages offered (`--languages`): the first screen's choices, keyed 1, 2, … in
    /// [`Lang::ALL`]'s order, so a draft switched on never moves another language's key.
    pub languages: Languages,
}

/// What to answer to one USSD request.
pub enum Step {
    /// Answer `"CON "` + screen: the session goes on.
    Ask(Screen),
    /// Answer `"END "` + screen: the session ends.
    End(Screen),
    /// The person confirmed a report: the caller seals and stores it, then ENDs with
    /// [`Screen::Stored`].
    Report {
        /// The language the person chose.
        lang: Lang,
        /// The report, validated by `report::validate` as a web form's.
        report: Report,
        /// The person asked for the investigators' questions by SMS.
        sms_questions: bool,
    },
    /// Follow-up: the caller opens the case with the typed receipt (its own attempt limit),
    /// then shows the latest question's `page` ([`Screen::Question`], see [`question`]), or
    /// asks for the answer ([`Screen::TypeAnswer`]), or stores `text` as the answer and ENDs
    /// with [`Screen::AnswerStored`].
    Followup {
        /// The language the person chose.
        lang: Lang,
        /// The receipt's 28 digits, check digits verified.
        receipt: Zeroizing<String>,
        /// What to do once the case is open.
        then: FollowupStep,
    },
}

/// What a follow-up session asks for, once the case is open.
#[derive(Clone, PartialEq, Eq)]
pub enum FollowupStep {
    /// Show page `page` (from 1) of the latest question; past the last page, the pages start
    /// again from the first ([`question`] does this).
    Read {
        /// The page, from 1.
        page: usize,
    },
    /// Ask for the answer.
    AskAnswer,
    /// Store this answer on the case.
    Answer {
        /// The answer, as typed (it may contain `*`).
        text: String,
    },
}

/// Every screen the menu and its caller show. Content only: the words are
/// `http::phone_text::ussd`'s, in the session's language.
#[derive(Clone, PartialEq, Eq)]
pub enum Screen {
    /// The first screen: the offered languages, each in its own name.
    Languages,
    /// 1 report, 2 follow up.
    Main,
    /// The kind of report: the four of the home page.
    Kind,
    /// Which state issued the certificate ([`ISSUERS`]).
    IssuerState,
    /// The certificate's number, or 0 to skip.
    CertificateNumber,
    /// Which mineral ([`MINERALS`]).
    Mineral,
    /// The fake website's address.
    WebAddress,
    /// What happened, in a few words, for this kind of report.
    Describe(Category),
    /// 1 send, 2 cancel, and with `sms_offer` 3 send and text me the questions.
    Confirm {
        /// SMS is configured: offer the questions by SMS.
        sms_offer: bool,
    },
    /// The person cancelled: nothing was stored.
    Cancelled,
    /// Type your receipt.
    TypeReceipt,
    /// The receipt's check digits fail: type it again.
    ReceiptMistyped,
    /// Not 28 digits: type it again.
    ReceiptWrongShape,
    /// No case has this receipt (the caller's answer).
    ReceiptUnknown,
    /// Too many receipt attempts right now (the caller's answer).
    Busy,
    /// A page of the latest question, with 1 answer (and 2 next page when there are several).
    Question {
        /// This page's text.
        text: String,
        /// This page, from 1.
        page: usize,
        /// How many pages the question has.
        pages: usize,
    },
    /// No question yet; 1 to add information all the same (so the session goes on).
    NoQuestionYet,
    /// Type your answer.
    TypeAnswer,
    /// The answer was stored.
    AnswerStored,
    /// The report was stored: the receipt, in 7 groups of 4.
    Stored {
        /// `Receipt::grouped`.
        grouped: Zeroizing<String>,
    },
    /// Reporting is closed (no investigator key): nothing was stored.
    Closed,
    /// Our side failed: nothing was stored.
    Failed,
    /// The gateway repeated the session's last step: what it carried was stored once, the
    /// first time.
    AlreadyStored,
    /// The same screen again, with "not a choice" on top.
    Invalid(Box<Screen>),
    /// Too long to store: nothing was stored.
    TooLong,
    /// Characters that cannot be stored (control characters): nothing was stored.
    BadText,
}

/// The issuing states offered, in key order: the three that issue ICGLR certificates, then
/// "another country" and "I don't know" (values of `report::ISSUER_STATES`).
pub const ISSUERS: [&str; 5] = ["burundi", "drc", "rwanda", "other", "unknown"];

/// The minerals offered, in key order: the three Ts and gold, which the certificates cover,
/// then "other" (values of `report::MINERALS`).
pub const MINERALS: [&str; 5] = ["tin", "tantalum", "tungsten", "gold", "other"];

/// The screen or action for the session path `text`.
pub fn step(text: &str, ctx: &Context) -> Step {
    if text.len() > MAX_PATH {
        return Step::End(Screen::TooLong);
    }
    let tokens: Vec<&str> = if text.is_empty() {
        Vec::new()
    } else {
        text.split('*').collect()
    };
    let mut path = Path { rest: &tokens };
    match walk(&mut path, ctx) {
        Ok(step) | Err(step) => step,
    }
}

/// The language chosen in the path `text` among `languages`; the first offered (English by
/// default) before the choice (the language screen names each language in itself, so it
/// reads the same whatever this is).
pub fn language(text: &str, languages: Languages) -> Lang {
    if text.len() > MAX_PATH || text.is_empty() {
        return languages.first();
    }
    let tokens: Vec<&str> = text.split('*').collect();
    let mut path = Path { rest: &tokens };
    path.choose(Screen::Languages, |t| pick_lang(t, languages))
        .unwrap_or_else(|_| languages.first())
}

/// The screen for page `page` (from 1) of `question` in `lang`, split by [`pages`] to
/// [`QUESTION_BUDGET`] (or [`QUESTION_BUDGET_UCS2`] for a right-to-left language, whose
/// screens are UCS-2); past the last page it starts again from the first, so "next page"
/// never runs out.
pub fn question(question: &str, page: usize, lang: Lang) -> Screen {
    let budget = if lang.is_rtl() {
        QUESTION_BUDGET_UCS2
    } else {
        QUESTION_BUDGET
    };
    let all = pages(question, budget);
    let count = all.len().max(1);
    let index = page.saturating_sub(1) % count;
    Screen::Question {
        text: all.into_iter().nth(index).unwrap_or_default(),
        page: index + 1,
        pages: count,
    }
}

/// Splits a long question into pages that fit a screen with its menu line (`budget` chars
/// each), at word boundaries. Runs of white space become one space (a screen has no room
/// for layout); a word longer than a page is split inside. Always at least one page.
pub fn pages(text: &str, budget: usize) -> Vec<String> {
    let budget = budget.max(1);
    let mut out = Vec::new();
    let mut page = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word = word;
        loop {
            let n = word.chars().count();
            let sep = usize::from(len > 0);
            if len + sep + n <= budget {
                if sep == 1 {
                    page.push(' ');
                }
                page.push_str(word);
                len += sep + n;
                break;
            }
            if len > 0 {
                out.push(std::mem::take(&mut page));
                len = 0;
                continue;
            }
            // A word longer than a whole page: the page takes what fits.
            let cut = word
                .char_indices()
                .nth(budget)
                .map_or(word.len(), |(i, _)| i);
            out.push(word[..cut].to_owned());
            word = &word[cut..];
            if word.is_empty() {
                break;
            }
        }
    }
    if len > 0 || out.is_empty() {
        out.push(page);
    }
    out
}

/// The inputs of the path not read yet.
struct Path<'a> {
    rest: &'a [&'a str],
}

impl<'a> Path<'a> {
    /// The next input that `parse` accepts on `screen`, skipping those it refuses. When the
    /// path runs out, the screen to show: `screen` itself, or `screen` marked invalid when the
    /// latest input was refused.
    fn choose<T>(
        &mut self,
        screen: Screen,
        parse: impl Fn(&'a str) -> Option<T>,
    ) -> Result<T, Step> {
        self.choose_or(screen, |t| parse(t).ok_or(None))
    }

    /// As [`Path::choose`], with the screen to show for a refused latest input chosen by
    /// `parse` (`Err(Some(screen))`) rather than the invalid mark (`Err(None)`).
    fn choose_or<T>(
        &mut self,
        screen: Screen,
        parse: impl Fn(&'a str) -> Result<T, Option<Screen>>,
    ) -> Result<T, Step> {
        let mut refused = None;
        while let Some((first, tail)) = self.rest.split_first() {
            self.rest = tail;
            match parse(first) {
                Ok(value) => return Ok(value),
                Err(shown) => refused = Some(shown),
            }
        }
        Err(Step::Ask(match refused {
            None => screen,
            Some(Some(shown)) => shown,
            Some(None) => Screen::Invalid(Box::new(screen)),
        }))
    }
}

/// The menu, input by input: `Ok` and `Err` both carry the answer (`Err` when the path ran
/// out before the end of the menu).
fn walk(path: &mut Path<'_>, ctx: &Context) -> Result<Step, Step> {
    let lang = path.choose(Screen::Languages, |t| pick_lang(t, ctx.languages))?;
    let report = path.choose(Screen::Main, |t| match t.trim() {
        "1" => Some(true),
        "2" => Some(false),
        _ => None,
    })?;
    if report {
        report_path(path, ctx, lang)
    } else {
        followup_path(path, lang)
    }
}

fn report_path(path: &mut Path<'_>, ctx: &Context, lang: Lang) -> Result<Step, Step> {
    let kind = path.choose(Screen::Kind, |t| key(t, &Category::REPORTS))?;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut field = |name: &str, value: &str| fields.push((name.to_owned(), value.to_owned()));
    match kind {
        Category::FakeCertificate => {
            field(
                "issuer_state",
                path.choose(Screen::IssuerState, |t| key(t, &ISSUERS))?,
            );
            let number = path.choose(Screen::CertificateNumber, |t| {
                let t = t.trim();
                match t {
                    "0" => Some(None),
                    _ if line_ok(t, report::MAX_SHORT) => Some(Some(t)),
                    _ => None,
                }
            })?;
            if let Some(number) = number {
                field("certificate_number", number);
            }
        }
        Category::FakeWebsite => {
            let address = path.choose(Screen::WebAddress, |t| {
                let t = t.trim();
                line_ok(t, report::MAX_ADDRESS).then_some(t)
            })?;
            field("web_address", address);
        }
        Category::IllegalTrade => {
            field(
                "mineral",
                path.choose(Screen::Mineral, |t| key(t, &MINERALS))?,
            );
        }
        Category::Other | Category::DelistingRequest => {}
    }
    let describe = Screen::Describe(kind);
    let (description, choice) = free_text(path, describe.clone())?;
    fields.push(("description".to_owned(), description));
    let report = match report::validate(kind, &fields, &[], ctx.this_year) {
        Ok(report) => report,
        Err(rejected) => {
            let too_long = rejected
                .errors
                .iter()
                .any(|e| matches!(e.problem, Problem::TooLong(_)));
            let empty = rejected
                .errors
                .iter()
                .any(|e| e.problem == Problem::Required);
            return Err(if too_long {
                Step::End(Screen::TooLong)
            } else if empty {
                Step::Ask(Screen::Invalid(Box::new(describe)))
            } else {
                Step::End(Screen::BadText)
            });
        }
    };
    let confirm = Screen::Confirm {
        sms_offer: ctx.sms_available,
    };
    let Some(choice) = choice else {
        return Err(Step::Ask(confirm));
    };
    let sms_questions = match choice.trim() {
        "1" => false,
        "3" if ctx.sms_available => true,
        "2" => return Ok(Step::End(Screen::Cancelled)),
        _ => return Err(Step::Ask(Screen::Invalid(Box::new(confirm)))),
    };
    Ok(Step::Report {
        lang,
        report,
        sms_questions,
    })
}

fn followup_path(path: &mut Path<'_>, lang: Lang) -> Result<Step, Step> {
    let receipt = path.choose_or(Screen::TypeReceipt, |t| match Receipt::parse(t) {
        Ok(receipt) => Ok(Zeroizing::new(receipt.canonical().to_owned())),
        Err(ReceiptError::WrongShape) => Err(Some(Screen::ReceiptWrongShape)),
        Err(ReceiptError::Mistyped) => Err(Some(Screen::ReceiptMistyped)),
    })?;
    let followup = |then| Step::Followup {
        lang,
        receipt: receipt.clone(),
        then,
    };
    // Reading: 2 turns the page, 1 answers; anything else is skipped, and the same page is
    // shown again (the caller knows the question, so it draws the page).
    let mut page: usize = 1;
    loop {
        let Some((first, tail)) = path.rest.split_first() else {
            return Ok(followup(FollowupStep::Read { page }));
        };
        path.rest = tail;
        match first.trim() {
            "1" => break,
            "2" => page = page.saturating_add(1),
            _ => {}
        }
    }
    let answer = path.rest.join("*");
    let answer = answer.trim();
    if answer.is_empty() {
        return Ok(followup(FollowupStep::AskAnswer));
    }
    if answer.chars().count() > MAX_ANSWER_CHARS {
        return Ok(Step::End(Screen::TooLong));
    }
    Ok(followup(FollowupStep::Answer {
        text: answer.to_owned(),
    }))
}

/// The free text of `screen` and the choice typed after it, if any: everything left in the
/// path but its last input, which is the choice. Empty inputs before the text are skipped (a
/// person who sent nothing is asked again).
fn free_text<'a>(path: &mut Path<'a>, screen: Screen) -> Result<(String, Option<&'a str>), Step> {
    let mut skipped = false;
    while let Some((first, tail)) = path.rest.split_first() {
        if !first.trim().is_empty() {
            break;
        }
        path.rest = tail;
        skipped = true;
    }
    let rest = path.rest;
    path.rest = &[];
    match rest {
        [] if skipped => Err(Step::Ask(Screen::Invalid(Box::new(screen)))),
        [] => Err(Step::Ask(screen)),
        [text] => Ok((text.trim().to_owned(), None)),
        [text @ .., choice] => Ok((text.join("*").trim().to_owned(), Some(*choice))),
    }
}

/// The value at keypad key `t` (1 for the first) of `values`.
fn key<T: Copy>(t: &str, values: &[T]) -> Option<T> {
    let n: usize = t.trim().parse().ok()?;
    values.get(n.checked_sub(1)?).copied()
}

fn pick_lang(t: &str, languages: Languages) -> Option<Lang> {
    let offered: Vec<Lang> = languages.iter().collect();
    key(t, &offered)
}

/// A one-line value a person typed: not empty, not too long, no control character.
fn line_ok(t: &str, max: usize) -> bool {
    !t.is_empty() && t.chars().count() <= max && !t.chars().any(char::is_control)
}

impl std::fmt::Debug for Step {
    /// Names only: a step carries a receipt or a report, neither of which may reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Ask(s) => write!(f, "Ask({s:?})"),
            Step::End(s) => write!(f, "End({s:?})"),
            Step::Report { lang, .. } => write!(f, "Report({})", lang.code()),
            Step::Followup { lang, then, .. } => write!(f, "Followup({}, {then:?})", lang.code()),
        }
    }
}

impl std::fmt::Debug for FollowupStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FollowupStep::Read { page } => write!(f, "Read({page})"),
            FollowupStep::AskAnswer => f.write_str("AskAnswer"),
            FollowupStep::Answer { .. } => f.write_str("Answer(<redacted>)"),
        }
    }
}

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Screen::Describe(kind) => write!(f, "Describe({})", kind.slug()),
            Screen::Confirm { sms_offer } => write!(f, "Confirm({sms_offer})"),
            Screen::Question { page, pages, .. } => write!(f, "Question({page}/{pages})"),
            Screen::Stored { .. } => f.write_str("Stored(<redacted>)"),
            Screen::Invalid(inner) => write!(f, "Invalid({inner:?})"),
            other => f.write_str(other.name()),
        }
    }
}

impl Screen {
    /// Whether the screen ends the session (`END`) rather than waiting for a key (`CON`): what
    /// the caller answers with the screens it shows itself. The menu's own [`Step::Ask`] and
    /// [`Step::End`] agree with it.
    pub fn is_final(&self) -> bool {
        match self {
            Screen::Invalid(inner) => inner.is_final(),
            Screen::Cancelled
            | Screen::ReceiptUnknown
            | Screen::Busy
            | Screen::AnswerStored
            | Screen::Stored { .. }
            | Screen::Closed
            | Screen::Failed
            | Screen::AlreadyStored
            | Screen::TooLong
            | Screen::BadText => true,
            Screen::Languages
            | Screen::Main
            | Screen::Kind
            | Screen::IssuerState
            | Screen::CertificateNumber
            | Screen::Mineral
            | Screen::WebAddress
            | Screen::Describe(_)
            | Screen::Confirm { .. }
            | Screen::TypeReceipt
            | Screen::ReceiptMistyped
            | Screen::ReceiptWrongShape
            | Screen::Question { .. }
            | Screen::NoQuestionYet
            | Screen::TypeAnswer => false,
        }
    }

    /// The screen's stable name (and the end of its message id, `ussd-…`).
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Languages => "languages",
            Screen::Main => "main",
            Screen::Kind => "kind",
            Screen::IssuerState => "issuer-state",
            Screen::CertificateNumber => "certificate-number",
            Screen::Mineral => "mineral",
            Screen::WebAddress => "web-address",
            Screen::Describe(_) => "describe",
            Screen::Confirm { .. } => "confirm",
            Screen::Cancelled => "cancelled",
            Screen::TypeReceipt => "type-receipt",
            Screen::ReceiptMistyped => "receipt-mistyped",
            Screen::ReceiptWrongShape => "receipt-wrong-shape",
            Screen::ReceiptUnknown => "receipt-unknown",
            Screen::Busy => "busy",
            Screen::Question { .. } => "question",
            Screen::NoQuestionYet => "no-question-yet",
            Screen::TypeAnswer => "type-answer",
            Screen::AnswerStored => "answer-stored",
            Screen::Stored { .. } => "stored",
            Screen::AlreadyStored => "already-stored",
            Screen::Closed => "closed",
            Screen::Failed => "failed",
            Screen::Invalid(_) => "invalid",
            Screen::TooLong => "too-long",
            Screen::BadText => "bad-text",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CTX: Context = Context {
        this_year: 2026,
        sms_available: false,
        languages: Languages::REVIEWED,
    };
    const WITH_SMS: Context = Context {
        this_year: 2026,
        sms_available: true,
        languages: Languages::REVIEWED,
    };

    fn receipt() -> Receipt {
        let mut n = 7u8;
        Receipt::generate(|buf: &mut [u8]| -> Result<(), ()> {
            for b in buf.iter_mut() {
                n = n.wrapping_mul(31).wrapping_add(11);
                *b = n;
            }
            Ok(())
        })
        .unwrap()
    }

    /// A receipt with one digit changed: the check digits fail.
    fn mistyped(r: &Receipt) -> String {
        let mut d: Vec<u8> = r.canonical().bytes().collect();
        d[3] = if d[3] == b'0' { b'1' } else { b'0' };
        String::from_utf8(d).unwrap()
    }

    fn ask(text: &str, ctx: &Context) -> Screen {
        match step(text, ctx) {
            Step::Ask(s) => s,
            other => panic!("{text:?}: expected a question, got {other:?}"),
        }
    }

    fn end(text: &str, ctx: &Context) -> Screen {
        match step(text, ctx) {
            Step::End(s) => s,
            other => panic!("{text:?}: expected an end, got {other:?}"),
        }
    }

    fn invalid(s: Screen) -> Screen {
        Screen::Invalid(Box::new(s))
    }

    /// The report, its language and the SMS choice, or a failure naming what came instead.
    fn report(text: &str, ctx: &Context) -> (Lang, Category, Vec<(&'static str, String)>, bool) {
        match step(text, ctx) {
            Step::Report {
                lang,
                report,
                sms_questions,
            } => (
                lang,
                report.category(),
                report.fields().to_vec(),
                sms_questions,
            ),
            other => panic!("{text:?}: expected a report, got {other:?}"),
        }
    }

    fn followup(text: &str) -> (Lang, String, FollowupStep) {
        match step(text, &CTX) {
            Step::Followup {
                lang,
                receipt,
                then,
            } => (lang, receipt.to_string(), then),
            other => panic!("{text:?}: expected a follow-up, got {other:?}"),
        }
    }

    fn fields(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn the_session_starts_with_the_languages_then_the_main_menu() {
        assert_eq!(ask("", &CTX), Screen::Languages);
        for (i, lang) in CTX.languages.iter().enumerate() {
            let key = (i + 1).to_string();
            assert_eq!(ask(&key, &CTX), Screen::Main);
            assert_eq!(language(&key, CTX.languages), lang);
        }
        assert_eq!(ask("6", &CTX), invalid(Screen::Languages));
        assert_eq!(ask("0", &CTX), invalid(Screen::Languages));
        assert_eq!(ask("6*3", &CTX), Screen::Main);
        assert_eq!(language("6*3*1", CTX.languages), Lang::Sw);
        assert_eq!(language("", CTX.languages), Lang::En);
        assert_eq!(ask("1*", &CTX), invalid(Screen::Main));
        assert_eq!(ask("1*3", &CTX), invalid(Screen::Main));
        assert_eq!(ask("1*1", &CTX), Screen::Kind);
        assert_eq!(ask("1*2", &CTX), Screen::TypeReceipt);
    }

    #[test]
    fn the_drafts_take_the_keys_after_the_others_only_when_offered() {
        assert_eq!(ask("6", &CTX), invalid(Screen::Languages));
        let all = Context {
            languages: Languages::all(),
            ..CTX
        };
        assert_eq!(ask("6", &all), Screen::Main);
        assert_eq!(language("6*1", all.languages), Lang::Rw);
        assert_eq!(language("7", all.languages), Lang::Rn);
        assert_eq!(language("5", all.languages), Lang::Ar);
        assert_eq!(ask("8", &all), invalid(Screen::Languages));
        // An operator offering Kirundi and Swahili alone: two keys, in the usual order.
        let two = Context {
            languages: Languages::of(&[Lang::Rn, Lang::Sw]),
            ..CTX
        };
        assert_eq!(language("1", two.languages), Lang::Sw);
        assert_eq!(language("2", two.languages), Lang::Rn);
        assert_eq!(language("", two.languages), Lang::Sw);
        assert_eq!(ask("3", &two), invalid(Screen::Languages));
    }

    #[test]
    fn a_certificate_report_asks_the_state_and_the_number() {
        assert_eq!(ask("1*1*1", &CTX), Screen::IssuerState);
        assert_eq!(ask("1*1*1*6", &CTX), invalid(Screen::IssuerState));
        assert_eq!(ask("1*1*1*3", &CTX), Screen::CertificateNumber);
        assert_eq!(ask("1*1*1*3*", &CTX), invalid(Screen::CertificateNumber));
        assert_eq!(
            ask("1*1*1*3*RW-2024-0001", &CTX),
            Screen::Describe(Category::FakeCertificate)
        );
        assert_eq!(
            ask("1*1*1*3*RW-2024-0001*Stamp looks wrong", &CTX),
            Screen::Confirm { sms_offer: false }
        );
        let (lang, kind, got, sms) = report("2*1*1*3*RW-2024-0001*Tampon faux*1", &CTX);
        assert_eq!(
            (lang, kind, sms),
            (Lang::Fr, Category::FakeCertificate, false)
        );
        assert_eq!(
            got,
            fields(&[
                ("certificate_number", "RW-2024-0001"),
                ("issuer_state", "rwanda"),
                ("description", "Tampon faux"),
            ])
        );
        // 0 skips the number; 5 is "I don't know".
        let (_, _, got, _) = report("1*1*1*5*0*no number on it*1", &CTX);
        assert_eq!(
            got,
            fields(&[
                ("issuer_state", "unknown"),
                ("description", "no number on it")
            ])
        );
        for (key, state) in ISSUERS.iter().enumerate() {
            assert!(report::ISSUER_STATES.contains(state));
            let (_, _, got, _) = report(&format!("1*1*1*{}*0*d*1", key + 1), &CTX);
            assert_eq!(got[0], ("issuer_state", state.to_string()));
        }
    }

    #[test]
    fn a_website_report_asks_the_address_and_may_ask_for_questions_by_sms() {
        assert_eq!(ask("1*1*2", &CTX), Screen::WebAddress);
        assert_eq!(ask("1*1*2* ", &CTX), invalid(Screen::WebAddress));
        let long = "x".repeat(report::MAX_ADDRESS + 1);
        assert_eq!(
            ask(&format!("1*1*2*{long}"), &CTX),
            invalid(Screen::WebAddress)
        );
        let (_, kind, got, sms) = report("1*1*2*ceec-icg1r.org*They asked for money*3", &WITH_SMS);
        assert_eq!((kind, sms), (Category::FakeWebsite, true));
        assert_eq!(
            got,
            fields(&[
                ("web_address", "ceec-icg1r.org"),
                ("description", "They asked for money"),
            ])
        );
        assert_eq!(
            ask("1*1*2*ceec-icg1r.org*d", &WITH_SMS),
            Screen::Confirm { sms_offer: true }
        );
        // Without SMS, 3 is not on the menu.
        assert_eq!(
            ask("1*1*2*ceec-icg1r.org*d*3", &CTX),
            invalid(Screen::Confirm { sms_offer: false })
        );
    }

    #[test]
    fn an_illegal_trade_report_asks_the_mineral() {
        assert_eq!(ask("3*1*3", &CTX), Screen::Mineral);
        assert_eq!(ask("3*1*3*9", &CTX), invalid(Screen::Mineral));
        let (lang, kind, got, _) = report("3*1*3*4*Dhahabu inavushwa mpakani*1", &CTX);
        assert_eq!((lang, kind), (Lang::Sw, Category::IllegalTrade));
        assert_eq!(
            got,
            fields(&[
                ("mineral", "gold"),
                ("description", "Dhahabu inavushwa mpakani")
            ])
        );
        for m in MINERALS {
            assert!(report::MINERALS.contains(&m));
        }
    }

    #[test]
    fn another_report_is_only_a_description_and_cancel_stores_nothing() {
        assert_eq!(ask("5*1*4", &CTX), Screen::Describe(Category::Other));
        assert_eq!(end("5*1*4*شيء ما*2", &CTX), Screen::Cancelled);
        let (lang, kind, got, _) = report("5*1*4*شيء ما*1", &CTX);
        assert_eq!((lang, kind), (Lang::Ar, Category::Other));
        assert_eq!(got, fields(&[("description", "شيء ما")]));
    }

    #[test]
    fn a_description_keeps_its_stars_and_empty_inputs_before_it_are_skipped() {
        let (_, _, got, _) = report("1*1*4*price 5*000 a kilo*paid*1", &CTX);
        assert_eq!(got, fields(&[("description", "price 5*000 a kilo*paid")]));
        assert_eq!(
            ask("1*1*4*", &CTX),
            invalid(Screen::Describe(Category::Other))
        );
        assert_eq!(
            ask("1*1*4* * ", &CTX),
            invalid(Screen::Describe(Category::Other))
        );
        assert_eq!(
            ask("1*1*4**words", &CTX),
            Screen::Confirm { sms_offer: false }
        );
        let (_, _, got, _) = report("1*1*4**words*1", &CTX);
        assert_eq!(got, fields(&[("description", "words")]));
        // A wrong choice on the confirm screen is shown again; the path keeps it, and it
        // reads as part of the description once a choice is made (nothing typed is lost).
        assert_eq!(
            ask("1*1*4*words*7", &CTX),
            invalid(Screen::Confirm { sms_offer: false })
        );
        let (_, _, got, _) = report("1*1*4*words*7*1", &CTX);
        assert_eq!(got, fields(&[("description", "words*7")]));
    }

    #[test]
    fn wrong_inputs_earlier_in_the_path_are_skipped() {
        let (lang, kind, got, _) = report("9*1*0*1*x*2*ceec.example*d*1", &CTX);
        assert_eq!((lang, kind), (Lang::En, Category::FakeWebsite));
        assert_eq!(got[0], ("web_address", "ceec.example".to_owned()));
        let (_, _, got, _) = report("1*1*1*0*9*2*0*d*1", &CTX);
        assert_eq!(
            got,
            fields(&[("issuer_state", "drc"), ("description", "d")])
        );
    }

    #[test]
    fn what_cannot_be_stored_ends_the_session_and_says_so() {
        let long = "a".repeat(report::MAX_DESCRIPTION + 1);
        assert_eq!(end(&format!("1*1*4*{long}"), &CTX), Screen::TooLong);
        assert_eq!(end(&format!("1*1*4*{long}*1"), &CTX), Screen::TooLong);
        assert_eq!(end("1*1*4*bell\u{7}*1", &CTX), Screen::BadText);
        let huge = "1*".repeat(MAX_PATH);
        assert_eq!(end(&huge, &CTX), Screen::TooLong);
        assert_eq!(language(&huge, CTX.languages), Lang::En);
        assert_eq!(
            ask("1*1*1*1*bad\u{1}number", &CTX),
            invalid(Screen::CertificateNumber)
        );
    }

    #[test]
    fn a_follow_up_reads_the_receipt_and_tells_a_typo_from_a_wrong_shape() {
        let r = receipt();
        let typo = mistyped(&r);
        assert_eq!(ask("1*2*12345", &CTX), Screen::ReceiptWrongShape);
        assert_eq!(ask("1*2*", &CTX), Screen::ReceiptWrongShape);
        assert_eq!(ask(&format!("1*2*{typo}"), &CTX), Screen::ReceiptMistyped);
        let grouped = r.grouped();
        for typed in [
            r.canonical().to_owned(),
            grouped.to_string(),
            grouped.replace(' ', "-"),
        ] {
            let (lang, got, then) = followup(&format!("4*2*{typo}*12*{typed}"));
            assert_eq!(lang, Lang::Pt);
            assert_eq!(got, r.canonical());
            assert_eq!(then, FollowupStep::Read { page: 1 });
        }
    }

    #[test]
    fn a_follow_up_turns_pages_then_takes_the_answer_whole() {
        let r = receipt();
        let base = format!("1*2*{}", r.canonical());
        let then = |rest: &str| followup(&format!("{base}{rest}")).2;
        assert_eq!(then("*2"), FollowupStep::Read { page: 2 });
        assert_eq!(then("*2*2"), FollowupStep::Read { page: 3 });
        assert_eq!(then("*2*9"), FollowupStep::Read { page: 2 }, "9 is skipped");
        assert_eq!(then("*1"), FollowupStep::AskAnswer);
        assert_eq!(then("*2*1*"), FollowupStep::AskAnswer);
        assert_eq!(
            then("*1*It was on 3*4 May, at the border"),
            FollowupStep::Answer {
                text: "It was on 3*4 May, at the border".to_owned()
            }
        );
        let long = "a".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(end(&format!("{base}*1*{long}"), &CTX), Screen::TooLong);
    }

    #[test]
    fn pages_break_at_words_and_inside_a_word_longer_than_a_page() {
        assert_eq!(pages("", 10), vec![String::new()]);
        assert_eq!(pages("short", 10), vec!["short"]);
        assert_eq!(
            pages("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(pages("abcdefghij k", 4), vec!["abcd", "efgh", "ij k"]);
        assert_eq!(pages("a\n\n b", 10), vec!["a b"]);
        assert_eq!(pages("é".repeat(5).as_str(), 2), vec!["éé", "éé", "é"]);
    }

    #[test]
    fn the_question_screen_numbers_its_pages_and_starts_again_after_the_last() {
        let text = "word ".repeat(60);
        let Screen::Question {
            page,
            pages: n,
            text: first,
        } = question(&text, 1, Lang::En)
        else {
            panic!("a question screen");
        };
        assert_eq!((page, n), (1, 3));
        assert!(first.chars().count() <= QUESTION_BUDGET);
        assert!(matches!(
            question(&text, 3, Lang::En),
            Screen::Question { page: 3, .. }
        ));
        assert!(matches!(
            question(&text, 4, Lang::En),
            Screen::Question { page: 1, .. }
        ));
        assert!(matches!(
            question(&text, 0, Lang::En),
            Screen::Question { page: 1, .. }
        ));
        let Screen::Question {
            pages: n,
            text: first,
            ..
        } = question(&text, 1, Lang::Ar)
        else {
            panic!("a question screen");
        };
        assert!(
            first.chars().count() <= QUESTION_BUDGET_UCS2 && n > 3,
            "{n} pages"
        );
        assert_eq!(
            question("", 5, Lang::En),
            Screen::Question {
                text: String::new(),
                page: 1,
                pages: 1
            }
        );
    }

    #[test]
    fn the_screens_the_caller_shows_say_whether_they_end_the_session() {
        for screen in [
            Screen::ReceiptUnknown,
            Screen::Busy,
            Screen::AnswerStored,
            Screen::Stored {
                grouped: receipt().grouped(),
            },
            Screen::Closed,
            Screen::Failed,
        ] {
            assert!(screen.is_final(), "{screen:?}");
        }
        // Both offer a key: 1 answers, or adds information when there is no question yet.
        assert!(!question("Who?", 1, Lang::Ar).is_final());
        assert!(!Screen::NoQuestionYet.is_final());
        assert!(!Screen::TypeAnswer.is_final());
        assert!(!invalid(Screen::Main).is_final());
    }

    #[test]
    fn debug_shows_no_receipt_report_or_answer() {
        let r = receipt();
        let text = format!("1*2*{}*1*my secret answer", r.canonical());
        let shown = format!("{:?}", step(&text, &CTX));
        assert!(
            !shown.contains(&r.canonical()[..8]) && !shown.contains("secret"),
            "{shown}"
        );
        let shown = format!("{:?}", step("1*1*4*my secret report*1", &CTX));
        assert!(!shown.contains("secret"), "{shown}");
        let stored = Screen::Stored {
            grouped: r.grouped(),
        };
        assert!(!format!("{stored:?}").contains(&r.canonical()[..4]));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// No path makes the menu panic: any text, and paths made of menu keys.
        #[test]
        fn step_never_panics(text in "\\PC{0,300}", sms in any::<bool>()) {
            let ctx = Context { this_year: 2026, sms_available: sms, languages: Languages::REVIEWED };
            let _ = step(&text, &ctx);
            let _ = language(&text, ctx.languages);
        }

        #[test]
        fn step_never_panics_on_keypad_paths(
            keys in prop::collection::vec(prop_oneof![
                "[0-9]{0,3}",
                "[ *#]",
                "[0-9 -]{28,36}",
                Just(receipt().canonical().to_owned()),
                Just(mistyped(&receipt())),
            ], 0..12),
            sms in any::<bool>(),
        ) {
            let ctx = Context { this_year: 2026, sms_available: sms, languages: Languages::REVIEWED };
            let text = keys.join("*");
            match step(&text, &ctx) {
                Step::Report { report, .. } => {
                    prop_assert!(report.fields().iter().any(|(k, _)| *k == "description"));
                }
                Step::Ask(screen) => prop_assert!(!screen.is_final(), "{:?}", screen),
                Step::End(screen) => prop_assert!(screen.is_final(), "{:?}", screen),
                Step::Followup { receipt, .. } => {
                    prop_assert!(Receipt::parse(&receipt).is_ok());
                }
            }
        }

        /// Pages hold every word in order, each page within the budget.
        #[test]
        fn pages_keep_every_word_within_budget(text in "(\\PC{0,12} ?){0,40}", budget in 1usize..60) {
            let got = pages(&text, budget);
            prop_assert!(!got.is_empty());
            for p in &got {
                prop_assert!(p.chars().count() <= budget);
            }
            let words: String = text.split_whitespace().collect();
            let back: String = got.iter().flat_map(|p| p.split_whitespace()).collect();
            prop_assert_eq!(words, back);
        }
    }
}
