//! The frame of every public page (head, header with the language links, footer), rendered
//! once per language from `templates/chrome.html`.
//!
//! Most of a public page's bytes are its frame, and the frame changes only with the language:
//! rendering it for every request cost a third of a check page's time (translated strings
//! looked up, copied and escaped again each time). Now a page renders its title, its content
//! and the one thing in the frame that varies, the language links' target (the page's own
//! address, so a language switch keeps what was asked), and copies the rest.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use askama::Template;
use askama::filters::Escaper;

use crate::http::escape::Html;
use crate::i18n::{Lang, Tr};

/// One language's frame, in the order it is written around a page.
pub struct Chrome {
    /// From `<!doctype html>` to `<title>`.
    head: String,
    /// From the end of the title to the language list's `<ul>`.
    top: String,
    /// The language list: the page's own language as plain text, the others as links whose
    /// target is the page's address followed by their tail.
    links: Vec<Link>,
    /// From the end of the language list to `<main>`.
    middle: String,
    /// From `</main>` to `</html>`.
    foot: String,
}

enum Link {
    /// The page's language: a whole `<li>`.
    Current(String),
    /// Another language: what follows `<li><a href="PAGE?` or `&amp;`.
    Other(String),
}

/// Which part of `chrome.html` to render.
#[derive(Clone, Copy)]
enum Part {
    Head,
    Top,
    Current,
    LinkTail(Lang),
    Middle,
    Foot,
}

#[derive(Template)]
#[template(path = "chrome.html")]
struct PartTemplate {
    t: Tr,
    part: Part,
}

/// Every language's frame, rendered at first use. The languages offered are fixed by then
/// (`i18n::offered` is set once per process), so the language list is too.
static CHROMES: LazyLock<HashMap<Lang, Chrome>> = LazyLock::new(|| {
    Lang::ALL
        .into_iter()
        .map(|lang| (lang, Chrome::render(lang)))
        .collect()
});

/// The frame for `lang` (by reference: templates pass their values so).
pub fn of(lang: &Lang) -> &'static Chrome {
    // Every language is in the map; English stands in should that ever change.
    CHROMES
        .get(lang)
        .or_else(|| CHROMES.get(&Lang::En))
        .unwrap_or(&EMPTY)
}

/// A frame with nothing in it: never used (every language is rendered), but it lets [`of`]
/// return without a panic path.
static EMPTY: Chrome = Chrome {
    head: String::new(),
    top: String::new(),
    links: Vec::new(),
    middle: String::new(),
    foot: String::new(),
};

impl Chrome {
    fn render(lang: Lang) -> Self {
        let t = Tr::new(lang);
        let part = |part: Part| {
            PartTemplate { t, part }.render().unwrap_or_else(|e| {
                tracing::error!(error = %e, "page frame rendering failed");
                String::new()
            })
        };
        let links = t
            .langs()
            .into_iter()
            .map(|l| {
                if l == lang {
                    Link::Current(part(Part::Current))
                } else {
                    Link::Other(part(Part::LinkTail(l)))
                }
            })
            .collect();
        Self {
            head: part(Part::Head),
            top: part(Part::Top),
            links,
            middle: part(Part::Middle),
            foot: part(Part::Foot),
        }
    }

    /// From `<!doctype html>` to `<title>`.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// From the end of the title to the language list.
    pub fn top(&self) -> &str {
        &self.top
    }

    /// The language list for the page at `here` (its path and query, unescaped).
    pub fn links<'a>(&'a self, here: &'a str) -> Links<'a> {
        Links { chrome: self, here }
    }

    /// From the end of the language list to `<main>`.
    pub fn middle(&self) -> &str {
        &self.middle
    }

    /// From `</main>` to `</html>`.
    pub fn foot(&self) -> &str {
        &self.foot
    }
}

/// The language list of one page, written straight into the page.
pub struct Links<'a> {
    chrome: &'a Chrome,
    here: &'a str,
}

impl fmt::Display for Links<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

/// What a template uses: written straight into the page, not through the formatting
/// machinery a `Display` value goes through.
impl askama::FastWritable for Links<'_> {
    fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(self.write(dest)?)
    }
}

impl Links<'_> {
    fn write(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        // Escaped once into a string: askama's `escape` is lazy, and would escape the address
        // again for every language it is written in.
        let mut here = String::with_capacity(self.here.len() + 16);
        Html.write_escaped_str(&mut here, self.here)?;
        let join = if self.here.contains('?') {
            "&amp;"
        } else {
            "?"
        };
        for link in &self.chrome.links {
            match link {
                Link::Current(li) => f.write_str(li)?,
                Link::Other(tail) => {
                    f.write_str("<li><a href=\"")?;
                    f.write_str(&here)?;
                    f.write_str(join)?;
                    f.write_str(tail)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_links_keep_the_page_address_escaped_and_join_its_query() {
        let chrome = of(&Lang::En);
        let plain = chrome.links("/check").to_string();
        assert!(
            plain.contains("<li><a href=\"/check?lang=fr\" lang=\"fr\""),
            "{plain}"
        );
        assert!(
            plain.contains("aria-current=\"true\">English</strong>"),
            "{plain}"
        );
        let queried = chrome.links("/warnings?q=a\"<b>&page=2").to_string();
        assert!(
            queried.contains("href=\"/warnings?q=a&#34;&#60;b&#62;&#38;page=2&amp;lang=fr\""),
            "{queried}"
        );
        assert!(!queried.contains("<b>"), "{queried}");
    }

    #[test]
    fn the_frame_reads_as_the_one_page_in_each_language() {
        for lang in Lang::ALL {
            let chrome = of(&lang);
            let t = Tr::new(lang);
            assert!(chrome.head().starts_with("<!doctype html>"));
            assert!(chrome.head().contains(&format!("lang=\"{}\"", lang.code())));
            assert!(chrome.top().contains(&*t.html("site-name").0));
            assert!(
                chrome
                    .middle()
                    .ends_with("<main id=\"main\" tabindex=\"-1\">\n")
            );
            assert!(chrome.foot().contains(&*t.html("footer-note").0));
            assert!(chrome.foot().trim_end().ends_with("</html>"));
        }
    }
}
