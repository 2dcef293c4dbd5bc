use super::*;

fn receipt() -> String {
    let mut n = 7u8;
    let r = Receipt::generate(|buf: &mut [u8]| {
        for b in buf.iter_mut() {
            n = n.wrapping_mul(31).wrapping_add(17);
            *b = n;
        }
        Ok::<(), ()>(())
    })
    .unwrap();
    r.grouped().to_string()
}

fn answer_text(i: &Inbound) -> Option<&str> {
    match i {
        Inbound::Receipt {
            receipt: Ok(_),
            then: AfterReceipt::Answer(t),
        } => Some(t.as_str()),
        _ => None,
    }
}

#[test]
fn a_message_that_starts_with_a_receipt_is_an_answer_in_any_spelling() {
    let r = receipt();
    let dashed = r.replace(' ', "-");
    let dotted = r.replace(' ', ".");
    let tight = r.replace(' ', "");
    for spelled in [r.clone(), dashed, dotted, tight] {
        let got = read(&format!("{spelled} The truck left at night"));
        assert_eq!(
            answer_text(&got),
            Some("The truck left at night"),
            "{spelled}"
        );
    }
    let with_colon = read(&format!("{r}: 500 kg of tin"));
    assert_eq!(answer_text(&with_colon), Some("500 kg of tin"));
}

#[test]
fn an_answer_may_start_with_a_number_right_after_the_receipt() {
    let r = receipt().replace(' ', "");
    let got = read(&format!("{r}500 kg"));
    assert_eq!(answer_text(&got), Some("500 kg"));
}

#[test]
fn a_receipt_with_a_wrong_digit_is_mistyped_not_a_report() {
    let r = receipt();
    let mut chars: Vec<char> = r.chars().collect();
    chars[0] = if chars[0] == '1' { '2' } else { '1' };
    let typo: String = chars.into_iter().collect();
    match read(&format!("{typo} more news")) {
        Inbound::Receipt { receipt, .. } => assert_eq!(receipt.err(), Some(ReceiptError::Mistyped)),
        other => panic!("{other:?}"),
    }
    // Too few digits to be a receipt: a report that starts with a number.
    match read("0788 123 456 is the smuggler's number") {
        Inbound::Report { text, lang } => {
            assert!(text.starts_with("0788"));
            assert_eq!(lang, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn stop_after_a_receipt_in_each_language_forgets_the_number() {
    let r = receipt();
    for (word, lang) in [
        ("STOP", Lang::En),
        ("Arrêt", Lang::Fr),
        ("acha", Lang::Sw),
        ("PARAR", Lang::Pt),
        ("توقف", Lang::Ar),
        ("HAGARIKA", Lang::Rw),
        ("reka", Lang::Rn),
    ] {
        match read(&format!("{r} {word}")) {
            Inbound::Receipt {
                receipt: Ok(_),
                then: AfterReceipt::Stop { lang: l },
            } => assert_eq!(l, lang),
            other => panic!("{word}: {other:?}"),
        }
    }
    // "stop" inside an answer is an answer.
    let got = read(&format!("{r} stop them at the border"));
    assert_eq!(answer_text(&got), Some("stop them at the border"));
    assert!(matches!(
        read("STOP"),
        Inbound::StopWithoutReceipt { lang: Lang::En }
    ));
}

#[test]
fn check_keywords_in_each_language_look_a_term_up() {
    for (msg, lang, term) in [
        ("CHECK ceec-verify.com", Lang::En, "ceec-verify.com"),
        ("Vérifier: RW-2026-0417", Lang::Fr, "RW-2026-0417"),
        ("angalia icglr.org", Lang::Sw, "icglr.org"),
        ("VERIFICAR x.cd", Lang::Pt, "x.cd"),
        ("تحقق icglr-cert.com", Lang::Ar, "icglr-cert.com"),
        ("GENZURA rw-icglr.com", Lang::Rw, "rw-icglr.com"),
        ("Suzuma: BI-2026-0042", Lang::Rn, "BI-2026-0042"),
        ("check", Lang::En, ""),
    ] {
        match read(msg) {
            Inbound::Check { lang: l, term: t } => {
                assert_eq!((l, t.as_str()), (lang, term), "{msg}");
            }
            other => panic!("{msg}: {other:?}"),
        }
    }
}

#[test]
fn a_report_keyword_chooses_the_language_and_is_dropped() {
    match read("RIPOTI cheti bandia kutoka Goma") {
        Inbound::Report { lang, text } => {
            assert_eq!(lang, Some(Lang::Sw));
            assert_eq!(text.as_str(), "cheti bandia kutoka Goma");
        }
        other => panic!("{other:?}"),
    }
    for (msg, lang) in [
        ("RAPORO icyemezo cy'impimbano i Rubavu", Lang::Rw),
        ("menyesha icemezo c'impimbano i Gitega", Lang::Rn),
    ] {
        match read(msg) {
            Inbound::Report { lang: l, text } => {
                assert_eq!(l, Some(lang), "{msg}");
                assert!(text.starts_with("ic"), "{msg}");
            }
            other => panic!("{msg}: {other:?}"),
        }
    }
    match read("شهادة مزورة في غوما") {
        Inbound::Report { lang, .. } => assert_eq!(lang, Some(Lang::Ar)),
        other => panic!("{other:?}"),
    }
    match read("Fake certificate seen in Goma") {
        Inbound::Report { lang, text } => {
            assert_eq!(lang, None);
            assert_eq!(text.as_str(), "Fake certificate seen in Goma");
        }
        other => panic!("{other:?}"),
    }
    // "reporting" is not the keyword "report".
    assert!(matches!(
        read("reporting a fake site"),
        Inbound::Report { lang: None, .. }
    ));
}

#[test]
fn empty_messages_and_lone_keywords_ask_for_help() {
    for msg in ["", "   ", "REPORT", "help", "Msaada", "ripoti  "] {
        assert!(matches!(read(msg), Inbound::Help { .. }), "{msg:?}");
    }
}

#[test]
fn reading_never_panics_on_odd_input() {
    for msg in [
        "\u{0}",
        "1234567890123456789012345678901234567890",
        "٣٤٥",
        "𝟙𝟚𝟛",
        "- - - -",
        "0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0",
    ] {
        let _ = read(msg);
    }
}

#[test]
fn a_message_is_fit_when_not_empty_and_not_over_the_limit() {
    assert_eq!(fit("x"), Ok(()));
    assert_eq!(fit(&"ش".repeat(MAX_SMS_CHARS)), Ok(()));
    assert_eq!(fit(" \n\t"), Err(Unfit::Empty));
    assert_eq!(fit(&"a".repeat(MAX_SMS_CHARS + 1)), Err(Unfit::TooLong));
}
