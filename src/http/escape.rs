//! The HTML escaper of every template (named in `askama.toml`): askama's own, behind a check
//! that the text needs escaping at all.
//!
//! askama escapes a byte at a time, and a page's escaped values (the query, the verdict, an
//! entry's reasons) almost never hold one of `<>&"'`: that walk was an eighth of the public
//! check page's instructions. `memchr` looks for the five characters a vector at a time, and
//! text without them is copied as it is; text with them goes to askama's escaper, so the
//! output is askama's to the byte.

use std::fmt;

use askama::filters::Escaper;

/// askama's HTML escaper with a fast path for text that needs none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Escaper for Html {
    #[inline]
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        if needs_escaping(text) {
            askama::filters::Html.write_escaped_str(dest, text)
        } else {
            dest.write_str(text)
        }
    }

    #[inline]
    fn write_escaped_char<W: fmt::Write>(&self, dest: W, c: char) -> fmt::Result {
        askama::filters::Html.write_escaped_char(dest, c)
    }
}

/// `text` holds one of the characters HTML escaping replaces.
fn needs_escaping(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3(b'<', b'>', b'&', b).is_some() || memchr::memchr2(b'"', b'\'', b).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(text: &str) -> String {
        let mut out = String::new();
        let _ = Html.write_escaped_str(&mut out, text);
        out
    }

    fn askamas(text: &str) -> String {
        let mut out = String::new();
        let _ = askama::filters::Html.write_escaped_str(&mut out, text);
        out
    }

    #[test]
    fn the_output_is_askamas_with_and_without_characters_to_escape() {
        for text in [
            "",
            "plain text",
            "<script>alert('x')</script>",
            "a & b",
            "\"quoted\"",
            "it's",
            ">",
            "https://www.example.com/verify?id=7&x=<y>",
            "بيان واضح & مختصر",
            "сeec-icglr.org",
        ] {
            assert_eq!(ours(text), askamas(text), "{text}");
        }
        assert_eq!(
            ours("<a href=\"x\">'&'</a>"),
            "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_escapes_as_askama_escapes_it(text in "\\PC*") {
            proptest::prop_assert_eq!(ours(&text), askamas(&text));
        }

        #[test]
        fn any_character_escapes_as_askama_escapes_it(c in proptest::char::any()) {
            let (mut a, mut b) = (String::new(), String::new());
            let _ = Html.write_escaped_char(&mut a, c);
            let _ = askama::filters::Html.write_escaped_char(&mut b, c);
            proptest::prop_assert_eq!(a, b);
        }
    }
}
