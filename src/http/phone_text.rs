//! The words a feature phone shows: SMS replies, investigators' questions by SMS, and USSD
//! screens, in the person's language, from the `sms-…` and `ussd-…` messages of the
//! catalogues.
//!
//! Two limits shape every text here, and the tests hold each language to them:
//!
//! - **SMS**: a reply fits two parts (306 GSM-7 septets, or 134 UCS-2 units), a question three.
//!   One character outside the GSM alphabet turns a whole message into UCS-2, which holds
//!   less than half as much; so in the Latin-script languages the accents GSM 03.38 lacks
//!   (ç, ê, ã, õ, á, í, ó, ú, typographic quotes…) are folded to their plain letters
//!   ([`gsm_letters`]): "Recibo guardado em seguranca" reads well on any handset, and the
//!   catalogues stay correctly spelt for the web and for translators. Arabic is UCS-2 anyway.
//! - **USSD**: a screen travels in 160 octets: 182 GSM-7 septets, but only 80 UTF-16 units
//!   in UCS-2 ([`fits_screen`]). Latin-script screens are folded the same way
//!   so they keep the 182; Arabic screens are written to fit 80.
//!
//! What a person typed or checked is never folded: a look-alike domain differs from the
//! official one by exactly such an accent. It is cut instead, when it would not fit.
//!
//! Arabic messages come from the catalogue with Unicode isolation marks around each variable
//! (FSI…PDI, as `<bdi>` on the web). Handsets older than Unicode 6.3 show them as boxes, and
//! they cost two UCS-2 units each; here each pair becomes one LEFT-TO-RIGHT MARK before the
//! value. That is what keeps a receipt's groups in their order in a right-to-left message:
//! after a strong left-to-right character, the digits and the spaces between them are laid
//! out left to right (UAX #9, W7 and N1), on every handset that shows Arabic at all.

use crate::domain::sms::encoding;
use crate::domain::sms::reply::{QuestionSms, SmsReply};
use crate::domain::ussd::{Screen, fits_screen};
use crate::i18n::{Lang, Languages, catalogue, offered};

/// Parts an SMS reply may take.
pub const SMS_SEGMENTS: usize = 2;
/// Parts an investigator's question may take, its lead-in included.
pub const QUESTION_SEGMENTS: usize = 3;
/// What ends a question cut to fit. Three dots, not "…", which is not in the GSM alphabet and
/// would make the whole question UCS-2.
pub const ELLIPSIS: &str = "...";

/// The SMS for `reply`, in `lang`, within [`SMS_SEGMENTS`].
pub fn sms(reply: &SmsReply, lang: Lang) -> String {
    let id = format!("sms-{}", reply.name());
    match reply {
        SmsReply::Receipt { grouped } => words(lang, &id, &[("receipt", grouped.as_str())]),
        SmsReply::CheckListed { term }
        | SmsReply::CheckOfficial { term }
        | SmsReply::CheckNotListed { term } => with_terms(lang, &id, &[("term", term)]),
        SmsReply::CheckLookalike { term, official } => {
            with_terms(lang, &id, &[("term", term), ("official", official)])
        }
        _ => words(lang, &id, &[]),
    }
}

/// An investigator's question for the reporter's phone: a lead-in saying how to answer, then
/// the question, cut with [`ELLIPSIS`] to [`QUESTION_SEGMENTS`] (the whole of it is always
/// readable on the web and over USSD).
pub fn question(q: &QuestionSms<'_>, lang: Lang) -> String {
    let lead = words(lang, "sms-question", &[]);
    let text = if lang.is_rtl() {
        q.text.trim().to_owned()
    } else {
        gsm_letters(q.text.trim())
    };
    let full = format!("{lead}\n{text}");
    encoding::fit(&full, QUESTION_SEGMENTS, ELLIPSIS).into_owned()
}

/// The USSD screen's text, in `lang`, within one screen ([`fits_screen`]: 182 GSM-7
/// septets or 80 UCS-2 units), without the `CON ` or `END ` the caller puts in front.
pub fn ussd(screen: &Screen, lang: Lang) -> String {
    let text = screen_text(screen, lang);
    if fits_screen(&text) {
        return text;
    }
    // The tests hold every screen to the limit with a page of the budget `ussd::question`
    // uses; a caller's longer page gives up its end rather than the menu under it.
    if let Screen::Question {
        text: page,
        page: n,
        pages,
    } = screen
    {
        // The longest beginning of the page that fits, by bisection: folding may lengthen a
        // page (… becomes ...), so its length cannot be worked out in advance.
        let render = |keep: usize| {
            let shorter = Screen::Question {
                text: page.chars().take(keep).collect(),
                page: *n,
                pages: *pages,
            };
            screen_text(&shorter, lang)
        };
        let (mut lo, mut hi) = (0, page.chars().count());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits_screen(&render(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let text = render(lo);
        if fits_screen(&text) {
            return text;
        }
    }
    // Only a page with characters no budget foresaw gets here: keep the gateway's contract.
    let mut text = text;
    while !fits_screen(&text) && text.pop().is_some() {}
    text
}

/// The screen's text, whatever its length.
fn screen_text(screen: &Screen, lang: Lang) -> String {
    match screen {
        Screen::Languages => languages(offered(), false),
        Screen::Invalid(inner) if **inner == Screen::Languages => languages(offered(), true),
        Screen::Invalid(inner) => {
            let again = screen_text(inner, lang);
            format!("{}\n{again}", words(lang, "ussd-invalid", &[]))
        }
        Screen::Describe(kind) => words(lang, &format!("ussd-describe-{}", kind.slug()), &[]),
        Screen::Confirm { sms_offer } => {
            let mut text = words(lang, "ussd-confirm", &[]);
            if *sms_offer {
                text.push('\n');
                text.push_str(&words(lang, "ussd-confirm-sms", &[]));
            }
            text
        }
        Screen::Question { text, page, pages } => {
            let head = words(
                lang,
                "ussd-question",
                &[("page", &page.to_string()), ("pages", &pages.to_string())],
            );
            let menu = if *pages > 1 {
                "ussd-question-menu"
            } else {
                "ussd-question-menu-one"
            };
            let body = if lang.is_rtl() {
                text.clone()
            } else {
                gsm_letters(text)
            };
            format!("{head}\n{body}\n{}", words(lang, menu, &[]))
        }
        Screen::Stored { grouped } => words(lang, "ussd-stored", &[("receipt", grouped.as_str())]),
        other => words(lang, &format!("ussd-{}", other.name()), &[]),
    }
}

/// The first screen: each offered language in its own name, whatever the session's
/// language, under "Filimbi" (or "1-N?" after a wrong key).
///
/// With Arabic and the two drafts on, seven names no longer fit the 80 UCS-2 units Arabic
/// script imposes: the title goes first, then the two drafts are named the short way their
/// neighbours write them (Kinyarwanda, Kirundi), and a wrong key is marked by "?" alone. Every
/// key stays on the one screen.
fn languages(offered: Languages, wrong_key: bool) -> String {
    let list = |short: bool| {
        offered
            .iter()
            .enumerate()
            .map(|(i, lang)| {
                let name = match lang {
                    Lang::Rw if short => "Kinyarwanda",
                    Lang::Rn if short => "Kirundi",
                    _ => lang.native_name(),
                };
                format!("{} {name}", i + 1)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let keys = offered.iter().count();
    let candidates = if wrong_key {
        [
            format!("1-{keys}?\n{}", list(false)),
            format!("?\n{}", list(false)),
            format!("?\n{}", list(true)),
        ]
    } else {
        [format!("Filimbi\n{}", list(false)), list(false), list(true)]
    };
    let [first, second, last] = candidates;
    [first, second]
        .into_iter()
        .find(|text| fits_screen(text))
        .unwrap_or(last)
}

/// The message `id` with `args`, in the form a phone shows (see the module doc).
fn words(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let text = catalogue().get(lang, id, args);
    if lang.is_rtl() {
        text.replace('\u{2068}', "\u{200e}").replace('\u{2069}', "")
    } else {
        gsm_letters(&text)
    }
}

/// Private-use characters that stand for the terms while the words around them are folded.
const SLOTS: [char; 2] = ['\u{e000}', '\u{e001}'];

/// A check reply: the words folded, the terms as they are, cut until the reply fits
/// [`SMS_SEGMENTS`] (a domain may be 253 characters long).
///
/// A term the GSM alphabet cannot show is quoted in its ASCII (punycode) form when it is a
/// domain: the form the check canonicalises to, and the one browsers show for a name mixing
/// scripts. A look-alike spelt with Cyrillic letters then reads `xn--…`, visibly not the
/// official name, and the reply stays GSM-7 rather than halving its room.
fn with_terms(lang: Lang, id: &str, terms: &[(&str, &str)]) -> String {
    let terms: Vec<(&str, String)> = terms
        .iter()
        .map(|(name, term)| (*name, shown_term(term)))
        .collect();
    let slots: Vec<String> = SLOTS.iter().map(char::to_string).collect();
    let args: Vec<(&str, &str)> = terms
        .iter()
        .zip(&slots)
        .map(|((name, _), slot)| (*name, slot.as_str()))
        .collect();
    let template = words(lang, id, &args);
    let longest = terms
        .iter()
        .map(|(_, t)| t.chars().count())
        .max()
        .unwrap_or(0);
    let render = |keep: usize| {
        let mut text = template.clone();
        for ((_, term), slot) in terms.iter().zip(&slots) {
            text = text.replace(slot.as_str(), &cut(term, keep));
        }
        text
    };
    let whole = render(longest);
    if encoding::segments(&whole) <= SMS_SEGMENTS {
        return whole;
    }
    // The longest cut that fits, by bisection: a longer cut never takes fewer parts (it has
    // every character of a shorter one), and a term pasted whole from a 10 KB message must
    // not cost a render per character.
    let (mut lo, mut hi) = (1, longest);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if encoding::segments(&render(mid)) <= SMS_SEGMENTS {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    render(lo)
}

/// The form of a checked term a phone is shown (see [`with_terms`]).
fn shown_term(term: &str) -> String {
    if term.chars().all(encoding::is_gsm7) {
        return term.to_owned();
    }
    match idna::domain_to_ascii(term) {
        Ok(ascii) if ascii.contains('.') => ascii,
        _ => term.to_owned(),
    }
}

/// `term` in at most `keep` characters, its cut end marked with [`ELLIPSIS`]; control
/// characters (which a canonical term never has) become spaces, and [`SLOTS`] U+FFFD.
fn cut(term: &str, keep: usize) -> String {
    let clean: String = term
        .chars()
        .map(|c| match c {
            _ if c.is_control() => ' ',
            // A term must not carry a slot into the reply, where the next term would land.
            _ if SLOTS.contains(&c) => '\u{fffd}',
            _ => c,
        })
        .collect();
    if clean.chars().count() <= keep {
        return clean;
    }
    let head: String = clean
        .chars()
        .take(keep.saturating_sub(ELLIPSIS.len()).max(1))
        .collect();
    format!("{head}{ELLIPSIS}")
}

/// `text` with each character the GSM alphabet lacks replaced by its plain Latin letters
/// where it has them (ç → c, ê → e, ã → a, œ → oe, ’ → ', « → ", – → -, … → ...); any other
/// character is kept (and makes the message UCS-2, as it must).
pub fn gsm_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if encoding::is_gsm7(c) {
            out.push(c);
            continue;
        }
        let plain = match c {
            'á' | 'â' | 'ã' | 'ā' => "a",
            'Á' | 'Â' | 'Ã' | 'À' => "A",
            'ç' => "c",
            'ê' | 'ë' => "e",
            'Ê' | 'Ë' | 'È' => "E",
            'í' | 'î' | 'ï' => "i",
            'Í' | 'Î' | 'Ï' | 'Ì' => "I",
            'ó' | 'ô' | 'õ' => "o",
            'Ó' | 'Ô' | 'Õ' | 'Ò' => "O",
            'ú' | 'û' => "u",
            'Ú' | 'Û' | 'Ù' => "U",
            'ÿ' => "y",
            'œ' => "oe",
            'Œ' => "OE",
            '\u{2018}' | '\u{2019}' | '\u{2032}' => "'",
            '\u{201c}' | '\u{201d}' | '«' | '»' => "\"",
            '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => "-",
            '\u{2026}' => "...",
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::receipt::Receipt;
    use crate::domain::report::Category;
    use crate::domain::sms::encoding::{Coding, coding, segments};
    use crate::domain::ussd::{self, MAX_SCREEN, QUESTION_BUDGET, QUESTION_BUDGET_UCS2};
    use zeroize::Zeroizing;

    fn receipt(seed: u8) -> Receipt {
        let mut n = seed;
        Receipt::generate(|buf: &mut [u8]| -> Result<(), ()> {
            for b in buf.iter_mut() {
                n = n.wrapping_mul(29).wrapping_add(13);
                *b = n;
            }
            Ok(())
        })
        .unwrap()
    }

    /// The coding each language's replies take when they quote only digits.
    fn expected(lang: Lang) -> Coding {
        if lang == Lang::Ar {
            Coding::Ucs2
        } else {
            Coding::Gsm7
        }
    }

    /// The longest name a check could echo: 253 characters, labels of 63.
    fn longest_domain() -> String {
        let label = "a".repeat(63);
        format!("{label}.{label}.{label}.{}", "b".repeat(61))
    }

    /// Every reply, with the given term in those that quote one.
    fn replies(term: &str, official: &str) -> Vec<SmsReply> {
        let t = || term.to_owned();
        vec![
            SmsReply::Receipt {
                grouped: receipt(1).grouped(),
            },
            SmsReply::AnswerStored,
            SmsReply::ReceiptMistyped,
            SmsReply::ReceiptUnknown,
            SmsReply::Busy,
            SmsReply::Stopped,
            SmsReply::StopNeedsReceipt,
            SmsReply::CheckListed { term: t() },
            SmsReply::CheckOfficial { term: t() },
            SmsReply::CheckLookalike {
                term: t(),
                official: official.to_owned(),
            },
            SmsReply::CheckNotListed { term: t() },
            SmsReply::CheckUnreadable,
            SmsReply::Empty,
            SmsReply::TooLong,
            SmsReply::Closed,
            SmsReply::Failed,
            SmsReply::Duplicate,
        ]
    }

    /// Every screen of `lang`, the caller's included, with worst-case values.
    fn screens(lang: Lang) -> Vec<Screen> {
        let budget = if lang.is_rtl() {
            QUESTION_BUDGET_UCS2
        } else {
            QUESTION_BUDGET
        };
        // The screens `ussd::step` shows again with "not a choice" on top.
        let menus = vec![
            Screen::Main,
            Screen::Kind,
            Screen::IssuerState,
            Screen::CertificateNumber,
            Screen::Mineral,
            Screen::WebAddress,
            Screen::Describe(Category::FakeCertificate),
            Screen::Describe(Category::FakeWebsite),
            Screen::Describe(Category::IllegalTrade),
            Screen::Describe(Category::Other),
            Screen::Confirm { sms_offer: false },
            Screen::Confirm { sms_offer: true },
        ];
        let mut all = vec![
            Screen::Languages,
            Screen::Invalid(Box::new(Screen::Languages)),
        ];
        for m in &menus {
            all.push(Screen::Invalid(Box::new(m.clone())));
        }
        all.extend(menus);
        all.extend([
            Screen::TypeReceipt,
            Screen::ReceiptMistyped,
            Screen::ReceiptWrongShape,
            Screen::NoQuestionYet,
            Screen::TypeAnswer,
            // A wrong key on a question shows the same page again (`FollowupStep::Read`).
            Screen::Question {
                text: "m".repeat(budget),
                page: 99,
                pages: 99,
            },
            Screen::Question {
                text: "m".repeat(budget),
                page: 1,
                pages: 1,
            },
            Screen::Cancelled,
            Screen::ReceiptUnknown,
            Screen::Busy,
            Screen::AnswerStored,
            Screen::Stored {
                grouped: receipt(2).grouped(),
            },
            Screen::Closed,
            Screen::Failed,
            Screen::AlreadyStored,
            Screen::TooLong,
            Screen::BadText,
        ]);
        all
    }

    #[test]
    fn the_receipt_reply_fits_two_parts_in_every_language_and_keeps_the_groups_in_order() {
        for seed in 0..20 {
            let r = receipt(seed);
            let grouped = r.grouped();
            let reply = SmsReply::Receipt {
                grouped: Zeroizing::new(grouped.to_string()),
            };
            for lang in Lang::ALL {
                let text = sms(&reply, lang);
                assert!(
                    segments(&text) <= 2,
                    "{lang:?}: {} parts: {text}",
                    segments(&text)
                );
                assert_eq!(coding(&text), expected(lang), "{lang:?}: {text}");
                assert!(text.contains(grouped.as_str()), "{lang:?}: {text}");
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "{lang:?}");
                if lang == Lang::Ar {
                    // A strong left-to-right mark right before the digits keeps the seven
                    // groups left to right in a right-to-left message.
                    assert!(text.contains(&format!("\n\u{200e}{}\n", grouped.as_str())));
                }
            }
        }
    }

    #[test]
    fn every_other_reply_fits_two_parts_even_quoting_the_longest_name() {
        let cyrillic = "сеес-icglr.org"; // с and е are Cyrillic: the reply becomes UCS-2
        for (term, official) in [
            ("ceec-icg1r.org", "ceec-icglr.org"),
            (longest_domain().as_str(), "ceec-icglr.org"),
            (cyrillic, "ceec-icglr.org"),
            (&format!("RW-{}", "9".repeat(61)), "ceec-icglr.org"),
            (longest_domain().as_str(), longest_domain().as_str()),
        ] {
            for lang in Lang::ALL {
                for reply in replies(term, official) {
                    let text = sms(&reply, lang);
                    let id = format!("sms-{}", reply.name());
                    assert!(catalogue().has(lang, &id), "{lang:?} lacks {id}");
                    assert!(
                        segments(&text) <= SMS_SEGMENTS,
                        "{lang:?} {id}: {} parts: {text}",
                        segments(&text)
                    );
                    assert!(!text.contains(['\u{2068}', '\u{2069}', '\u{e000}', '\u{e001}']));
                    assert_eq!(coding(&text), expected(lang), "{lang:?} {id}: {text}");
                    if term == cyrillic
                        && reply.name().starts_with("check-")
                        && reply.name() != "check-unreadable"
                    {
                        assert!(text.contains("xn--"), "{lang:?} {id}: {text}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_checked_term_is_quoted_whole_when_it_fits_and_never_folded() {
        for lang in Lang::ALL {
            let lookalike = |term: &str| {
                sms(
                    &SmsReply::CheckLookalike {
                        term: term.to_owned(),
                        official: "ceec-icglr.org".to_owned(),
                    },
                    lang,
                )
            };
            // é is in the GSM alphabet: quoted as it is, where the words around it fold.
            let text = lookalike("céec-icglr.org");
            assert!(text.contains("céec-icglr.org"), "{lang:?}: {text}");
            assert!(text.contains("ceec-icglr.org"), "{lang:?}: {text}");
            // ê is not: quoted as the check canonicalises it, never as the official name.
            let text = lookalike("cêec-icglr.org");
            assert!(text.contains("xn--cec-icglr-l4a.org"), "{lang:?}: {text}");
            let long = longest_domain();
            let text = sms(&SmsReply::CheckListed { term: long.clone() }, lang);
            assert!(text.contains(&long[..40]), "{lang:?}: {text}");
            assert!(
                text.contains("...") && !text.contains(&long),
                "{lang:?}: {text}"
            );
        }
    }

    #[test]
    fn a_term_cannot_inject_text_into_another_terms_place() {
        let reply = SmsReply::CheckLookalike {
            term: "x\u{e001}\nSEND MONEY".to_owned(),
            official: "ceec-icglr.org".to_owned(),
        };
        let text = sms(&reply, Lang::En);
        assert!(text.contains("x\u{fffd} SEND MONEY"), "{text}");
        assert_eq!(text.matches("ceec-icglr.org").count(), 1, "{text}");
    }

    #[test]
    fn a_name_of_forty_characters_is_quoted_whole_in_every_reply_and_language() {
        let term = "ceec-icglr-certificate-verify-now.org";
        assert_eq!(term.len(), 37);
        for lang in Lang::ALL {
            for reply in replies(term, "ceec-icglr.org") {
                let text = sms(&reply, lang);
                if reply.name().starts_with("check-") && reply.name() != "check-unreadable" {
                    assert!(text.contains(term), "{lang:?} {reply:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn a_question_leads_with_how_to_answer_and_is_cut_to_three_parts() {
        let short = "Où avez-vous vu ce certificat ? Était-il signé ?";
        for lang in Lang::ALL {
            let lead = words(lang, "sms-question", &[]);
            let text = question(&QuestionSms { text: short }, lang);
            assert!(text.starts_with(&format!("{lead}\n")), "{lang:?}: {text}");
            assert!(segments(&text) <= QUESTION_SEGMENTS);
            assert!(
                !text.ends_with(ELLIPSIS),
                "a short question is whole: {text}"
            );
            let long = "Please tell us where the trucks stopped and who paid them. ".repeat(20);
            let text = question(&QuestionSms { text: &long }, lang);
            assert!(segments(&text) <= QUESTION_SEGMENTS, "{lang:?}");
            assert!(text.ends_with(&format!("paid{ELLIPSIS}")) || text.ends_with(ELLIPSIS));
            assert!(text.starts_with(&format!("{lead}\nPlease tell us")));
            assert_eq!(coding(&text), expected(lang), "{lang:?}");
        }
        // In a Latin-script language the investigator's accents are folded, so the question
        // stays GSM-7 and three parts hold 459 characters, not 201.
        let fr = question(&QuestionSms { text: short }, Lang::Fr);
        assert!(
            fr.ends_with("Où avez-vous vu ce certificat ? Était-il signé ?"),
            "{fr}"
        );
        let folded = question(
            &QuestionSms {
                text: "Reçu où ? Êtes-vous sûr ?",
            },
            Lang::Fr,
        );
        assert!(folded.ends_with("Recu où ? Etes-vous sur ?"), "{folded}");
        assert_eq!(coding(&folded), Coding::Gsm7);
    }

    #[test]
    fn every_ussd_screen_fits_one_screen_in_every_language_182_septets_or_80_ucs2_units() {
        let mut over = vec![];
        for lang in Lang::ALL {
            for screen in screens(lang) {
                let text = screen_text(&screen, lang);
                let n = encoding::units(&text);
                if !fits_screen(&text) {
                    over.push(format!("{lang:?} {screen:?}: {n} characters:\n{text}"));
                }
                assert!(
                    !text.contains("ussd-"),
                    "{lang:?} {screen:?} lacks its message"
                );
                assert!(!text.contains(['\u{2068}', '\u{2069}']));
                let languages = Screen::Invalid(Box::new(Screen::Languages));
                let latin = screen != Screen::Languages && screen != languages;
                if latin && lang != Lang::Ar {
                    assert_eq!(coding(&text), Coding::Gsm7, "{lang:?} {screen:?}: {text}");
                }
            }
        }
        assert!(over.is_empty(), "{}", over.join("\n\n"));
    }

    #[test]
    fn the_language_screen_keeps_every_offered_key_on_one_screen() {
        let all = Languages::all();
        let screen = languages(all, false);
        assert!(fits_screen(&screen), "{screen}");
        assert!(screen.ends_with("\n6 Ikinyarwanda\n7 Ikirundi"), "{screen}");
        let wrong = languages(all, true);
        assert!(fits_screen(&wrong), "{wrong}");
        assert!(
            wrong.starts_with("?\n1 English") && wrong.ends_with("\n6 Kinyarwanda\n7 Kirundi"),
            "{wrong}"
        );
        // Without Arabic the screen is GSM-7 and keeps its title and the full names.
        let latin = Languages::of(&[Lang::En, Lang::Fr, Lang::Rw, Lang::Rn]);
        assert_eq!(
            languages(latin, false),
            "Filimbi\n1 English\n2 Français\n3 Ikinyarwanda\n4 Ikirundi"
        );
        assert!(languages(latin, true).starts_with("1-4?\n1 English"));
        // The default offer reads as it always has.
        assert_eq!(
            languages(Languages::REVIEWED, true),
            "1-5?\n1 English\n2 Français\n3 Kiswahili\n4 Português\n5 العربية"
        );
        for n in 1..=Lang::ALL.len() {
            for set in Lang::ALL.windows(n) {
                for wrong_key in [false, true] {
                    let text = languages(Languages::of(set), wrong_key);
                    assert!(fits_screen(&text), "{text}");
                    let keys = text.lines().filter(|l| {
                        l.split_once(' ')
                            .is_some_and(|(k, _)| k.parse::<usize>().is_ok())
                    });
                    assert_eq!(keys.count(), n, "{text}");
                }
            }
        }
    }

    #[test]
    fn the_screens_show_their_choices_and_values() {
        let langs = ussd(&Screen::Languages, Lang::Fr);
        assert_eq!(
            langs,
            "Filimbi\n1 English\n2 Français\n3 Kiswahili\n4 Português\n5 العربية"
        );
        let confirm = ussd(&Screen::Confirm { sms_offer: true }, Lang::En);
        assert!(confirm.contains("\n1 ") && confirm.contains("\n2 ") && confirm.contains("\n3 "));
        let confirm = ussd(&Screen::Confirm { sms_offer: false }, Lang::Sw);
        assert!(!confirm.contains("\n3 "), "{confirm}");
        let wrong = ussd(&Screen::Invalid(Box::new(Screen::Kind)), Lang::En);
        assert!(wrong.starts_with("Not a choice.") && wrong.ends_with("4 Something else"));
        let r = receipt(5);
        let stored = ussd(
            &Screen::Stored {
                grouped: r.grouped(),
            },
            Lang::Ar,
        );
        assert!(
            stored.contains(&format!("\u{200e}{}", r.grouped().as_str())),
            "{stored}"
        );
        let page = ussd(
            &ussd::question("Who signed it? Which office?", 1, Lang::En),
            Lang::En,
        );
        assert_eq!(
            page,
            "Question from the investigators (1/1):\nWho signed it? Which office?\n1 Answer"
        );
        let long = "word ".repeat(60);
        let page = ussd(&ussd::question(&long, 2, Lang::Pt), Lang::Pt);
        assert!(
            page.contains("(2/3)") && page.ends_with("2 Pagina seguinte"),
            "{page}"
        );
    }

    #[test]
    fn a_page_longer_than_the_budget_gives_up_its_end_not_the_menu() {
        for lang in Lang::ALL {
            let screen = Screen::Question {
                text: "m…".repeat(200),
                page: 1,
                pages: 2,
            };
            let text = ussd(&screen, lang);
            assert!(fits_screen(&text), "{lang:?}");
            let limit = if lang.is_rtl() { 80 } else { MAX_SCREEN };
            assert!(encoding::units(&text) > limit - 3, "{lang:?}");
            assert!(
                text.ends_with(&words(lang, "ussd-question-menu", &[])),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever a check quotes and whatever a question says, the texts keep their limits.
        #[test]
        fn any_term_or_question_keeps_the_limits(
            term in "\\PC{0,300}",
            question_text in "\\PC{0,400}",
            page in 1usize..120,
        ) {
            for lang in Lang::ALL {
                for reply in replies(&term, &term) {
                    let text = sms(&reply, lang);
                    proptest::prop_assert!(segments(&text) <= SMS_SEGMENTS, "{:?} {:?}: {}", lang, reply, text);
                }
                let text = question(&QuestionSms { text: &question_text }, lang);
                proptest::prop_assert!(segments(&text) <= QUESTION_SEGMENTS);
                let screen = ussd::question(&question_text, page, lang);
                proptest::prop_assert!(fits_screen(&ussd(&screen, lang)));
                if question_text.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
                    // What a budget foresees fits without being cut.
                    proptest::prop_assert!(fits_screen(&screen_text(&screen, lang)));
                }
            }
        }
    }

    #[test]
    fn accents_outside_the_gsm_alphabet_fold_to_plain_letters_and_others_stay() {
        assert_eq!(
            gsm_letters("Denúncia não é segura? Você já?"),
            "Denuncia nao é segura? Voce ja?"
        );
        assert_eq!(
            gsm_letters("reçu « œuvre » – fin…"),
            "recu \" oeuvre \" - fin..."
        );
        assert_eq!(gsm_letters("déjà où Ç"), "déjà où Ç");
        assert_eq!(gsm_letters("ع 🙂"), "ع 🙂");
    }
}
