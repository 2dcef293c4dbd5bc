//! GSM 03.38 (3GPP TS 23.038): which coding an SMS takes and how many parts it is sent in.
//!
//! An SMS carries 140 octets. Text written only with the GSM default alphabet is packed in
//! seven-bit septets (160 a message); a single character outside it makes the whole message
//! UCS-2, two octets a UTF-16 unit (70 a message). A longer message is split into parts, each
//! losing six octets to the concatenation header: 153 septets or 67 units a part. The number
//! of parts is what the person pays for, on some networks, and what arrives out of order on
//! old handsets, so every text Filimbi sends is measured here first.
//!
//! Nothing here depends on a gateway: Kannel and Africa's Talking both apply these rules.

use std::borrow::Cow;

/// How an SMS is coded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// The GSM 7-bit default alphabet with its extension table.
    Gsm7,
    /// UCS-2 (UTF-16 on every handset that shows characters outside the basic plane).
    Ucs2,
}

/// Septets of a single-part GSM-7 message.
pub const GSM7_SINGLE: usize = 160;
/// Septets of each part of a concatenated GSM-7 message.
pub const GSM7_PART: usize = 153;
/// UTF-16 units of a single-part UCS-2 message.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 units of each part of a concatenated UCS-2 message.
pub const UCS2_PART: usize = 67;

/// The GSM 03.38 default alphabet (one septet each), in table order.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: each is sent as ESC and a second septet, so it counts two.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// Septets `c` takes in GSM-7, or `None` when it has no GSM-7 form.
fn septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Whether `c` has a GSM-7 form (in the default alphabet or the extension table).
pub fn is_gsm7(c: char) -> bool {
    septets(c).is_some()
}

/// GSM-7 when every char is in the GSM 03.38 default alphabet or its extension table
/// (`^{}\[~]|€` count 2 septets), else UCS-2.
pub fn coding(text: &str) -> Coding {
    if text.chars().all(|c| septets(c).is_some()) {
        Coding::Gsm7
    } else {
        Coding::Ucs2
    }
}

/// The length of `text` in its own coding: GSM-7 septets (an extension character counts 2)
/// or UTF-16 units (a character outside the BMP counts 2). What a USSD screen is limited by.
pub fn units(text: &str) -> usize {
    match coding(text) {
        Coding::Gsm7 => text.chars().map(|c| septets(c).unwrap_or(2)).sum(),
        Coding::Ucs2 => text.encode_utf16().count(),
    }
}

/// How many SMS segments `text` takes: GSM-7 160 septets single / 153 per part; UCS-2 70 / 67
/// UTF-16 units (a char outside the BMP counts 2; never split a surrogate pair or an escape
/// sequence across parts). An empty text is still one (empty) message.
pub fn segments(text: &str) -> usize {
    let coding = coding(text);
    let (single, part) = match coding {
        Coding::Gsm7 => (GSM7_SINGLE, GSM7_PART),
        Coding::Ucs2 => (UCS2_SINGLE, UCS2_PART),
    };
    let cost = |c: char| match coding {
        Coding::Gsm7 => septets(c).unwrap_or(2),
        Coding::Ucs2 => c.len_utf16(),
    };
    let total: usize = text.chars().map(cost).sum();
    if total <= single {
        return 1;
    }
    // Parts are filled char by char: a two-unit char that does not fit the end of a part
    // starts the next one, as gateways do, so the count can exceed `total / part` rounded up.
    let mut parts = 1;
    let mut used = 0;
    for c in text.chars() {
        let n = cost(c);
        if used + n > part {
            parts += 1;
            used = 0;
        }
        used += n;
    }
    parts
}

/// `text` cut (at a char boundary, preferably a word boundary) so that `text + ellipsis` fits
/// `max` segments in its own coding; unchanged if it fits already. Used for investigators'
/// questions sent by SMS.
///
/// `max` below 1 is taken as 1 (a message is at least one part). When even `ellipsis` alone
/// does not fit, the text is cut without it.
pub fn fit<'a>(text: &'a str, max: usize, ellipsis: &str) -> Cow<'a, str> {
    let max = max.max(1);
    if segments(text) <= max {
        return Cow::Borrowed(text);
    }
    let ellipsis = if segments(ellipsis) <= max {
        ellipsis
    } else {
        ""
    };
    // Byte offsets of every char boundary of `text`, shortest prefix first.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let fits = |end: usize| {
        let mut candidate = String::with_capacity(end + ellipsis.len());
        candidate.push_str(&text[..end]);
        candidate.push_str(ellipsis);
        segments(&candidate) <= max
    };
    // Segments grow with the prefix (a longer prefix has every unit of a shorter one, and can
    // only switch from GSM-7 to UCS-2), so the longest fitting prefix is found by bisection.
    // `bounds[0]` is 0, the empty prefix, which fits since `ellipsis` does.
    let (mut lo, mut hi) = (0, bounds.len());
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if fits(bounds[mid]) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let end = bounds.get(lo).copied().unwrap_or(0);
    let cut = &text[..end];
    let cut = word_boundary(cut, text[end..].starts_with(char::is_whitespace));
    let mut out = String::with_capacity(cut.len() + ellipsis.len());
    out.push_str(cut.trim_end());
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// Characters a cut may give up to end on a whole word: more, and a long word (a web address)
/// would take most of the message with it.
const WORD_SLACK: usize = 24;

/// `cut` shortened to its last whole word, unless it already ends on one (`at_space`: the text
/// goes on with a space) or the last space is more than [`WORD_SLACK`] characters back.
fn word_boundary(cut: &str, at_space: bool) -> &str {
    if at_space || cut.ends_with(char::is_whitespace) {
        return cut;
    }
    let Some(space) = cut.rfind(char::is_whitespace) else {
        return cut;
    };
    if cut[space..].chars().count() > WORD_SLACK {
        return cut;
    }
    &cut[..space]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_alphabet_and_its_extension_are_gsm7_anything_else_ucs2() {
        assert_eq!(coding(""), Coding::Gsm7);
        assert_eq!(coding(BASIC), Coding::Gsm7);
        assert_eq!(coding(EXTENSION), Coding::Gsm7);
        assert_eq!(coding("Karibu, ripoti yako imepokelewa."), Coding::Gsm7);
        assert_eq!(
            coding("Reçu"),
            Coding::Ucs2,
            "ç is not in GSM 03.38, only Ç"
        );
        assert_eq!(coding("Número ã"), Coding::Ucs2);
        assert_eq!(coding("être"), Coding::Ucs2);
        assert_eq!(coding("déjà vu"), Coding::Gsm7);
        assert_eq!(coding("مرحبا"), Coding::Ucs2);
        assert_eq!(coding("ok 🙂"), Coding::Ucs2);
        assert_eq!(coding("tab\t"), Coding::Ucs2, "a tab has no GSM-7 form");
        assert_eq!(BASIC.chars().count(), 127, "128 positions less the escape");
        assert_eq!(EXTENSION.chars().count(), 10);
    }

    #[test]
    fn gsm7_is_160_septets_in_one_part_and_153_in_each_of_several() {
        assert_eq!(segments(""), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(153 * 2)), 2);
        assert_eq!(segments(&"a".repeat(153 * 2 + 1)), 3);
        assert_eq!(segments(&"a".repeat(153 * 3)), 3);
    }

    #[test]
    fn extension_characters_count_two_septets_and_are_never_split() {
        assert_eq!(segments(&"€".repeat(80)), 1);
        assert_eq!(segments(&"€".repeat(81)), 2);
        assert_eq!(segments(&format!("{}[", "a".repeat(158))), 1);
        assert_eq!(segments(&format!("{}[", "a".repeat(159))), 2);
        // 152 septets then an escape sequence: it cannot start in the last septet of part one,
        // so part one holds 152 and the rest (2 + 152 = 154) spills into a third part.
        let split = format!("{}{}{}", "a".repeat(152), "|", "a".repeat(152));
        assert_eq!(segments(&split), 3);
        let whole = format!("{}{}{}", "a".repeat(151), "|", "a".repeat(153));
        assert_eq!(segments(&whole), 2);
    }

    #[test]
    fn ucs2_is_70_units_in_one_part_and_67_in_each_of_several() {
        assert_eq!(segments(&"ع".repeat(70)), 1);
        assert_eq!(segments(&"ع".repeat(71)), 2);
        assert_eq!(segments(&"ع".repeat(67 * 2)), 2);
        assert_eq!(segments(&"ع".repeat(67 * 2 + 1)), 3);
        // One non-GSM char makes the whole of a GSM text UCS-2.
        assert_eq!(segments(&format!("{}ç", "a".repeat(69))), 1);
        assert_eq!(segments(&format!("{}ç", "a".repeat(70))), 2);
    }

    #[test]
    fn an_emoji_is_two_units_and_its_surrogate_pair_stays_in_one_part() {
        assert_eq!(segments(&"🙂".repeat(35)), 1);
        assert_eq!(segments(&format!("{}🙂", "a".repeat(69))), 2);
        assert_eq!(
            segments(&"🙂".repeat(67)),
            3,
            "67 pairs are 134 units, 33 a part"
        );
        // The same 134 units: two full parts, unless the pair would straddle them.
        let pair_on_the_edge = format!("{}🙂{}", "a".repeat(65), "a".repeat(67));
        assert_eq!(segments(&pair_on_the_edge), 2);
        let straddling = format!("{}🙂{}", "a".repeat(66), "a".repeat(66));
        assert_eq!(segments(&straddling), 3);
    }

    #[test]
    fn units_are_septets_or_utf16_units() {
        assert_eq!(units(""), 0);
        assert_eq!(units("abc"), 3);
        assert_eq!(units("a[€"), 5);
        assert_eq!(units("ça"), 2);
        assert_eq!(units("a🙂"), 3);
        assert_eq!(units("مرحبا"), 5);
    }

    #[test]
    fn fit_keeps_what_fits_and_cuts_the_rest_on_a_word() {
        let short = "Where did you see the certificate?";
        assert!(matches!(fit(short, 1, "..."), Cow::Borrowed(s) if s == short));
        let long = "word ".repeat(100);
        let cut = fit(&long, 2, "...");
        assert!(segments(&cut) <= 2);
        assert!(cut.ends_with("word..."), "{cut}");
        assert!(
            cut.chars().count() > 290,
            "barely shorter than 306: {}",
            cut.len()
        );
        // A single long word is cut inside it rather than dropped whole.
        let url = format!("see https://{}", "x".repeat(400));
        let cut = fit(&url, 1, "…");
        assert_eq!(coding(&cut), Coding::Ucs2, "… is not GSM-7");
        assert!(cut.starts_with("see https://x"), "{cut}");
        assert!(segments(&cut) <= 1);
        let cut = fit(&url, 1, "...");
        assert_eq!(cut.chars().count(), 160);
    }

    #[test]
    fn fit_never_splits_a_char_and_handles_a_useless_maximum() {
        let arabic = "سؤال طويل جدا ".repeat(30);
        let cut = fit(&arabic, 2, "…");
        assert!(segments(&cut) <= 2);
        assert!(cut.chars().count() <= 134);
        let emoji = "🙂".repeat(200);
        let cut = fit(&emoji, 0, "...");
        assert_eq!(segments(&cut), 1);
        assert!(cut.ends_with("..."));
        let huge_ellipsis = "x".repeat(400);
        let cut = fit(&emoji, 1, &huge_ellipsis);
        assert_eq!(cut.as_ref(), "🙂".repeat(35));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the text, the result fits and is the text's own beginning plus the
        /// ellipsis (or the text whole).
        #[test]
        fn fit_always_fits_and_is_a_prefix(
            text in "(\\PC|[€^{}\\[~\\]|\n ]){0,400}",
            max in 0usize..5,
            ellipsis in prop::sample::select(vec!["...", "…", "", " [more]"]),
        ) {
            let out = fit(&text, max, ellipsis);
            prop_assert!(segments(&out) <= max.max(1));
            if out.as_ref() != text {
                let head = out.strip_suffix(ellipsis).unwrap_or(&out);
                prop_assert!(text.starts_with(head), "{:?} is not a prefix of {:?}", head, text);
                prop_assert!(segments(&text) > max.max(1));
            }
        }
    }
}
