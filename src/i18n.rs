//! Translation catalogue. Every user-facing string lives in `templates/i18n/<lang>.ftl`
//! (Project Fluent); adding a language is adding a file and a [`Lang`] variant.
//!
//! Catalogues are compiled into the binary so a deployment cannot lose them.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

/// A language the interface is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Swahili: eastern DRC, Rwanda, Burundi, Tanzania, Kenya, Uganda.
    Sw,
    /// Portuguese: Angola.
    Pt,
    /// Arabic: Sudan. Written right to left.
    Ar,
    /// Kinyarwanda: Rwanda, an issuing state. A draft until a native speaker has reviewed it.
    Rw,
    /// Kirundi: Burundi, an issuing state. A draft until a native speaker has reviewed it.
    Rn,
}

impl Lang {
    /// Every supported language, in the order the language links show them. The drafts come
    /// last, so switching them on moves no other language's USSD key.
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Fr,
        Lang::Sw,
        Lang::Pt,
        Lang::Ar,
        Lang::Rw,
        Lang::Rn,
    ];

    /// Catalogues written without a native speaker's review: complete, but offered only when
    /// an operator names them in `--languages` (docs/translating.md says what a reviewer
    /// checks). A wrong word on a page that promises safety costs trust, or worse, a person
    /// who misreads where their report goes.
    pub const DRAFTS: [Lang; 2] = [Lang::Rw, Lang::Rn];

    /// The languages the investigators' workspace is written in. The public pages speak
    /// every language; staff pages asked for another fall back to English.
    pub const STAFF: [Lang; 2] = [Lang::En, Lang::Fr];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Sw => "sw",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
            Lang::Rw => "rw",
            Lang::Rn => "rn",
        }
    }

    /// True for a draft catalogue (see [`Lang::DRAFTS`]).
    pub fn is_draft(self) -> bool {
        Self::DRAFTS.contains(&self)
    }

    /// The locale whose plural rule Fluent applies. CLDR 37, which `intl_pluralrules` carries,
    /// has no rule for Kinyarwanda or Kirundi, and Fluent would then fall back to English's
    /// silently. Both mark number by noun class (umuntu/abantu, igihugu/ibihugu): singular
    /// for exactly one, plural for every other count, fractions included, which is Swahili's
    /// rule (`one: i = 1 and v = 0`); they are given that rule by name, not by accident.
    fn plural_locale(self) -> &'static str {
        match self {
            Lang::Rw | Lang::Rn => "sw",
            other => other.code(),
        }
    }

    /// The language's own name, for the language links: a person who reads only Swahili
    /// must find "Kiswahili", not "Swahili".
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Sw => "Kiswahili",
            Lang::Pt => "Português",
            Lang::Ar => "العربية",
            Lang::Rw => "Ikinyarwanda",
            Lang::Rn => "Ikirundi",
        }
    }

    /// The HTML `dir` of a page in this language.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Written right to left.
    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    /// The language of the investigators' pages for a request in `self`.
    pub fn staff(self) -> Self {
        if Self::STAFF.contains(&self) {
            self
        } else {
            Lang::En
        }
    }

    /// Parses a code such as `fr` or `fr-CD` (primary subtag only).
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the best offered language from an `Accept-Language` header; the first offered
    /// one (English by default) if none matches.
    pub fn from_accept_language(header: &str, offered: Languages) -> Self {
        // `parse` orders by quality; the first tag whose primary subtag we offer wins, so
        // `fr-CD` selects French and `sw-KE` Swahili.
        accept_language::parse(header)
            .iter()
            .filter_map(|tag| Self::from_code(tag))
            .find(|l| offered.contains(*l))
            .unwrap_or_else(|| offered.first())
    }

    /// The public pages' catalogue.
    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../templates/i18n/en.ftl"),
            Lang::Fr => include_str!("../templates/i18n/fr.ftl"),
            Lang::Sw => include_str!("../templates/i18n/sw.ftl"),
            Lang::Pt => include_str!("../templates/i18n/pt.ftl"),
            Lang::Ar => include_str!("../templates/i18n/ar.ftl"),
            Lang::Rw => include_str!("../templates/i18n/rw.ftl"),
            Lang::Rn => include_str!("../templates/i18n/rn.ftl"),
        }
    }

    /// The workspace's catalogue (English for the languages it is not written in).
    fn staff_source(self) -> &'static str {
        match self.staff() {
            Lang::Fr => include_str!("../templates/i18n/staff/fr.ftl"),
            _ => include_str!("../templates/i18n/staff/en.ftl"),
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of languages: those an operator offers (`--languages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Languages(u8);

impl Languages {
    /// The reviewed languages (every one but the drafts): the offer of a server started
    /// without `--languages`, as a constant for code that cannot ask the catalogue.
    pub const REVIEWED: Languages =
        Languages::of(&[Lang::En, Lang::Fr, Lang::Sw, Lang::Pt, Lang::Ar]);

    /// The set holding `langs`.
    pub const fn of(langs: &[Lang]) -> Self {
        let mut bits = 0;
        let mut i = 0;
        while i < langs.len() {
            bits |= 1 << (langs[i] as u8);
            i += 1;
        }
        Self(bits)
    }

    /// Every supported language, the drafts included.
    pub fn all() -> Self {
        Self(Lang::ALL.iter().fold(0, |acc, l| acc | l.bit()))
    }

    /// `self` without the drafts: what a default offer may hold.
    pub fn without_drafts(self) -> Self {
        Self(Lang::DRAFTS.iter().fold(self.0, |acc, l| acc & !l.bit()))
    }

    /// Parses a comma-separated list such as `en,fr,sw`, in any order, without duplicates
    /// mattering. Fails on an unknown code or an empty list, so a typo stops the start.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut bits = 0;
        for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let lang = Lang::ALL
                .into_iter()
                .find(|l| l.code() == code.to_ascii_lowercase())
                .ok_or_else(|| {
                    let known: Vec<_> = Lang::ALL.iter().map(|l| l.code()).collect();
                    format!("unknown language {code:?}; known: {}", known.join(","))
                })?;
            bits |= lang.bit();
        }
        if bits == 0 {
            return Err("at least one language must be offered".to_owned());
        }
        Ok(Self(bits))
    }

    /// True when `lang` is offered.
    pub fn contains(self, lang: Lang) -> bool {
        self.0 & lang.bit() != 0
    }

    /// The offered languages, in link order.
    pub fn iter(self) -> impl Iterator<Item = Lang> {
        Lang::ALL.into_iter().filter(move |l| self.contains(*l))
    }

    /// The fallback when a request names no offered language: English if offered.
    pub fn first(self) -> Lang {
        self.iter().next().unwrap_or(Lang::En)
    }

    /// The comma-separated codes, as `--languages` takes them.
    pub fn codes(self) -> String {
        self.iter().map(Lang::code).collect::<Vec<_>>().join(",")
    }
}

static OFFERED: OnceLock<Languages> = OnceLock::new();

/// Sets the languages this process offers, once, at start (`filimbi serve --languages`).
/// A process-wide setting like the catalogue itself: the language is worked out in
/// extractors and error pages that see no application state. Returns false if already set.
pub fn offer(languages: Languages) -> bool {
    OFFERED.set(languages).is_ok()
}

/// The languages this process offers: every complete one but the drafts unless [`offer`]
/// said otherwise.
pub fn offered() -> Languages {
    *OFFERED.get_or_init(|| catalogue().default_offer())
}

/// The variables that hold a count: passed as numbers, so plural selectors work.
const COUNTS: [&str; 3] = ["count", "max", "n"];

/// All languages' message bundles.
///
/// Its maps hash with Fx, not SipHash: their keys are our own message ids, never a visitor's
/// input, and a page looks up dozens of them (SipHash was most of a lookup's cost).
pub struct Catalogue {
    bundles: FxHashMap<Lang, FluentBundle<FluentResource>>,
    /// Every message of each language that takes no variable, formatted once at load: most
    /// of a page's text, which would otherwise go through Fluent on every request.
    plain: ByLang<FxHashMap<String, Plain>>,
    /// Every message of each language whose variables are plain text, split once at load
    /// into its text and its variables: a check page's headline and its canonical line went
    /// through Fluent's resolver and an argument map on every request.
    split: ByLang<FxHashMap<String, Vec<Piece>>>,
}

/// One `T` for each language, found by the language's number (`Lang as usize`): a page looks
/// up a dozen messages, and hashing the language first was a tenth of each lookup.
struct ByLang<T>(Vec<T>);

impl<T: Default> Default for ByLang<T> {
    fn default() -> Self {
        Self(Lang::ALL.iter().map(|_| T::default()).collect())
    }
}

impl<T> ByLang<T> {
    fn get(&self, lang: &Lang) -> Option<&T> {
        self.0.get(*lang as usize)
    }

    fn of_mut(&mut self, lang: Lang) -> Option<&mut T> {
        self.0.get_mut(lang as usize)
    }
}

/// A piece of a [`Catalogue::split`] message.
enum Piece {
    /// Text written as it is.
    Text(String),
    /// The variable `name`'s value, between Unicode isolation marks where Fluent would put
    /// them (a right-to-left page, and a pattern of more than this one piece).
    Var { name: String, isolate: bool },
}

/// A message without variables, formatted once at load, as text and escaped for HTML: a
/// template writes the escaped copy as it is (`Tr::html`), with no copy or escaping per page.
struct Plain {
    text: String,
    html: String,
}

/// A catalogue file failed to parse: a build-time mistake, reported at start.
#[derive(Debug, thiserror::Error)]
#[error("translation file for {lang} is invalid: {detail}")]
pub struct CatalogueError {
    lang: &'static str,
    detail: String,
}

impl Catalogue {
    /// Parses every bundled catalogue.
    pub fn load() -> Result<Self, CatalogueError> {
        let mut bundles = FxHashMap::default();
        for lang in Lang::ALL {
            let err = |detail: String| CatalogueError {
                lang: lang.code(),
                detail,
            };
            let id: LanguageIdentifier = lang
                .plural_locale()
                .parse()
                .map_err(|e| err(format!("{e:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks (FSI…PDI, what `<bdi>` does in HTML) only where the page
            // runs right to left: there a domain or receipt inside a sentence must keep its own
            // direction. In left-to-right pages they would only be noise in copied text.
            bundle.set_use_isolating(lang.is_rtl());
            for source in [lang.source(), lang.staff_source()] {
                let res = FluentResource::try_new(source.to_owned())
                    .map_err(|(_, e)| err(format!("{e:?}")))?;
                bundle
                    .add_resource(res)
                    .map_err(|e| err(format!("{e:?}")))?;
            }
            bundles.insert(lang, bundle);
        }
        // Each message once: formatted whole if it takes no variable, split into text and
        // variables if its variables are plain text.
        let mut plain: ByLang<FxHashMap<String, Plain>> = ByLang::default();
        let mut split: ByLang<FxHashMap<String, Vec<Piece>>> = ByLang::default();
        for lang in Lang::ALL {
            let Some(bundle) = bundles.get(&lang) else {
                continue;
            };
            let own = messages(lang.source())
                .into_iter()
                .chain(messages(lang.staff_source()));
            for (id, vars) in own {
                let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
                    continue;
                };
                if vars.is_empty() {
                    let mut errors = vec![];
                    let text = bundle
                        .format_pattern(pattern, None, &mut errors)
                        .into_owned();
                    if errors.is_empty()
                        && let Some(messages) = plain.of_mut(lang)
                    {
                        let html = escape_html(&text);
                        messages.insert(id, Plain { text, html });
                    }
                } else if !vars.iter().any(|v| COUNTS.contains(&v.as_str())) {
                    // Counts are numbers in Fluent (formatted, chosen among plural forms):
                    // those messages stay with Fluent.
                    if let (Some(pieces), Some(messages)) =
                        (pieces(pattern, lang.is_rtl()), split.of_mut(lang))
                    {
                        messages.insert(id, pieces);
                    }
                }
            }
        }
        Ok(Self {
            bundles,
            plain,
            split,
        })
    }

    /// The message `id` in `lang`, with `args`. A missing message yields its id (and a log
    /// line), never a panic; a test checks every language has every message.
    pub fn get(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        if args.is_empty()
            && let Some(plain) = self.plain.get(&lang).and_then(|m| m.get(id))
        {
            return plain.text.clone();
        }
        if let Some(text) = self
            .split
            .get(&lang)
            .and_then(|m| m.get(id))
            .and_then(|pieces| fill(pieces, args))
        {
            return text;
        }
        let Some(bundle) = self.bundles.get(&lang) else {
            return id.to_owned();
        };
        let found = bundle.get_message(id).and_then(|m| m.value());
        // A message missing from a new catalogue falls back to English rather than showing
        // its id; `complete` keeps such a catalogue off by default.
        let (bundle, pattern) = match found {
            Some(p) => (bundle, p),
            None => {
                tracing::warn!(lang = lang.code(), id, "missing translation");
                let english = self.bundles.get(&Lang::En);
                match english.and_then(|b| Some((b, b.get_message(id)?.value()?))) {
                    Some(found) => found,
                    None => return id.to_owned(),
                }
            }
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Counts are numbers, so a catalogue can choose a plural form by them (Arabic has
            // six); everything else stays text: a certificate number "007" must not become 7.
            let value = if COUNTS.contains(k) {
                FluentValue::try_number(v)
            } else {
                FluentValue::from(*v)
            };
            fargs.set(*k, value);
        }
        let mut errors = vec![];
        // Written into one buffer of a sentence's size: `format_pattern` starts an empty
        // string and grows it piece by piece (a fifth of a check page's message time).
        let mut out = String::with_capacity(256);
        if bundle
            .write_pattern(&mut out, pattern, Some(&fargs), &mut errors)
            .is_err()
        {
            return id.to_owned();
        }
        out
    }

    /// True when `lang` defines `id` (for optional texts such as field hints).
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// The public pages' message ids in `lang`'s own catalogue, in file order.
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        messages(lang.source()).into_iter().map(|m| m.0).collect()
    }

    /// The workspace's message ids in `lang` (English and French only).
    pub fn staff_ids(&self, lang: Lang) -> Vec<String> {
        messages(lang.staff_source())
            .into_iter()
            .map(|m| m.0)
            .collect()
    }

    /// Each public message of `lang` with the names of the variables it uses, sorted.
    pub fn placeables(&self, lang: Lang) -> Vec<(String, Vec<String>)> {
        messages(lang.source())
    }

    /// What a server offers when `--languages` is not given: the complete catalogues but
    /// the drafts.
    pub fn default_offer(&self) -> Languages {
        self.complete().without_drafts()
    }

    /// The languages whose public catalogue has every English message.
    pub fn complete(&self) -> Languages {
        let english = self.ids(Lang::En);
        let bits = Lang::ALL
            .into_iter()
            .filter(|l| {
                let ids = self.ids(*l);
                english.iter().all(|id| ids.contains(id))
            })
            .fold(0, |acc, l| acc | l.bit());
        Languages(bits | Lang::En.bit())
    }
}

/// Every message of a catalogue file with its variables (`$name`), sorted and de-duplicated.
fn messages(source: &str) -> Vec<(String, Vec<String>)> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    let Ok(res) = FluentResource::try_new(source.to_owned()) else {
        return vec![];
    };
    fn vars<'a>(elements: &'a [PatternElement<&'a str>], out: &mut Vec<String>) {
        for e in elements {
            let PatternElement::Placeable { expression } = e else {
                continue;
            };
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    out.push(id.name.to_owned());
                }
                Expression::Select { selector, variants } => {
                    if let InlineExpression::VariableReference { id } = selector {
                        out.push(id.name.to_owned());
                    }
                    for v in variants {
                        vars(&v.value.elements, out);
                    }
                }
                Expression::Inline(_) => {}
            }
        }
    }
    res.entries()
        .filter_map(|e| match e {
            Entry::Message(m) => {
                let mut found = vec![];
                if let Some(value) = &m.value {
                    vars(&value.elements, &mut found);
                }
                found.sort();
                found.dedup();
                Some((m.id.name.to_owned(), found))
            }
            _ => None,
        })
        .collect()
}

/// `pattern` as [`Piece`]s, if it is only text and variables (no selector, function or
/// reference, which only Fluent resolves). `rtl`: the bundle isolates placeables.
fn pieces(pattern: &fluent_syntax::ast::Pattern<&str>, rtl: bool) -> Option<Vec<Piece>> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    // Fluent isolates a placeable only in a pattern of more than one element.
    let isolate = rtl && pattern.elements.len() > 1;
    pattern
        .elements
        .iter()
        .map(|e| match e {
            PatternElement::TextElement { value } => Some(Piece::Text((*value).to_owned())),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(Piece::Var {
                name: id.name.to_owned(),
                isolate,
            }),
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

/// A split message with `args`, as Fluent writes it; `None` if a variable has no argument
/// (Fluent then writes `{$name}` and logs an error: that path stays Fluent's).
fn fill(pieces: &[Piece], args: &[(&str, &str)]) -> Option<String> {
    let mut out = String::with_capacity(256);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var { name, isolate } => {
                let (_, value) = args.iter().find(|(k, _)| k == name)?;
                if *isolate {
                    out.push('\u{2068}');
                }
                out.push_str(value);
                if *isolate {
                    out.push('\u{2069}');
                }
            }
        }
    }
    Some(out)
}

/// `text` escaped as askama escapes what a template writes.
fn escape_html(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|safe| safe.to_string())
        .unwrap_or_default()
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::load().unwrap_or_else(|e| {
        tracing::error!("{e}");
        Catalogue {
            bundles: FxHashMap::default(),
            plain: ByLang::default(),
            split: ByLang::default(),
        }
    })
});

/// The process-wide catalogue. The files are compiled in and checked by tests, and `serve`
/// loads them eagerly with [`Catalogue::load`] so a broken file stops the start, not a request.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// The catalogue bound to one language: what templates call.
#[derive(Clone, Copy)]
pub struct Tr {
    catalogue: &'static Catalogue,
    /// The page's language.
    pub lang: Lang,
}

impl Tr {
    /// Binds the process-wide catalogue to `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            catalogue: catalogue(),
            lang,
        }
    }

    /// Message without arguments.
    pub fn t(&self, id: &str) -> String {
        self.catalogue.get(self.lang, id, &[])
    }

    /// Message without arguments, escaped for HTML, for templates: `{{ t.html("id") }}` reads
    /// as `{{ t.t("id") }}` but writes the copy escaped once at load (most of a page's text)
    /// instead of copying and escaping the message for every page.
    pub fn html(&self, id: &str) -> askama::filters::Safe<Cow<'static, str>> {
        let catalogue: &'static Catalogue = self.catalogue;
        match catalogue.plain.get(&self.lang).and_then(|m| m.get(id)) {
            Some(plain) => askama::filters::Safe(Cow::Borrowed(plain.html.as_str())),
            None => askama::filters::Safe(Cow::Owned(escape_html(&self.t(id)))),
        }
    }

    /// Message if defined, else the empty string (optional texts).
    pub fn opt(&self, id: &str) -> String {
        if self.catalogue.has(self.lang, id) {
            self.t(id)
        } else {
            String::new()
        }
    }

    /// The offered languages, for the public pages' language links.
    pub fn langs(&self) -> Vec<Lang> {
        offered().iter().collect()
    }

    /// The workspace's languages, for its language links.
    pub fn staff_langs(&self) -> &'static [Lang] {
        &Lang::STAFF
    }

    /// Message with several arguments.
    pub fn catalogue_get(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.catalogue.get(self.lang, id, args)
    }

    /// Message with one argument, escaped for HTML (a sentence a page puts beside the
    /// catalogue's pre-escaped ones).
    pub fn html1(
        &self,
        id: &str,
        name: &str,
        value: &str,
    ) -> askama::filters::Safe<Cow<'static, str>> {
        askama::filters::Safe(Cow::Owned(escape_html(&self.t1(id, name, value))))
    }

    /// Message with one argument.
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        self.catalogue.get(self.lang, id, &[(name, value)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of every language, public and staff, with its variables.
    fn every_message() -> Vec<(Lang, String, Vec<String>)> {
        Lang::ALL
            .into_iter()
            .flat_map(|lang| {
                let mut all = messages(lang.source());
                all.extend(messages(lang.staff_source()));
                all.into_iter().map(move |(id, vars)| (lang, id, vars))
            })
            .collect()
    }

    #[test]
    fn a_message_formatted_once_at_load_reads_as_fluent_formats_it_per_request() {
        let c = Catalogue::load().expect("catalogues parse");
        let mut checked = 0;
        for (lang, id, _) in every_message() {
            let Some(plain) = c.plain.get(&lang).and_then(|m| m.get(&id)) else {
                continue;
            };
            let cached = &plain.text;
            assert_eq!(plain.html, escape_html(cached), "{} {id}", lang.code());
            let bundle = c.bundles.get(&lang).expect("bundle");
            let pattern = bundle
                .get_message(&id)
                .and_then(|m| m.value())
                .expect("message");
            let mut errors = vec![];
            let fresh = bundle.format_pattern(pattern, Some(&FluentArgs::new()), &mut errors);
            assert_eq!(cached, &fresh, "{} {id}", lang.code());
            assert_eq!(&c.get(lang, &id, &[]), cached);
            checked += 1;
        }
        assert!(checked > 500, "most messages take no variable: {checked}");
    }

    #[test]
    fn a_message_with_arguments_reads_as_fluent_formats_it() {
        let c = Catalogue::load().expect("catalogues parse");
        // Counts as numbers (plural forms), the rest as text long enough to grow a buffer
        // that was sized too small.
        let long = "ceec-verify.example ".repeat(20);
        let mut checked = 0;
        for (lang, id, vars) in every_message() {
            if vars.is_empty() {
                continue;
            }
            let value = |v: &str| {
                if COUNTS.contains(&v) {
                    "3"
                } else {
                    long.as_str()
                }
            };
            let args: Vec<(&str, &str)> = vars.iter().map(|v| (v.as_str(), value(v))).collect();
            let mut fargs = FluentArgs::new();
            for (k, v) in &args {
                let value = if COUNTS.contains(k) {
                    FluentValue::try_number(v)
                } else {
                    FluentValue::from(*v)
                };
                fargs.set(*k, value);
            }
            let bundle = c.bundles.get(&lang).expect("bundle");
            let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = vec![];
            let fresh = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            assert_eq!(c.get(lang, &id, &args), fresh, "{} {id}", lang.code());
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn a_split_message_missing_an_argument_or_given_more_reads_as_fluent_writes_it() {
        let c = Catalogue::load().expect("catalogues parse");
        for lang in Lang::ALL {
            let split = c.split.get(&lang).expect("split messages");
            // The check page's headlines and its canonical line are among them.
            for id in [
                "check-canonical",
                "verdict-lookalike",
                "verdict-unknown-domain",
            ] {
                assert!(split.contains_key(id), "{} {id}", lang.code());
            }
            let bundle = c.bundles.get(&lang).expect("bundle");
            let fluent = |id: &str, args: &[(&str, &str)]| {
                let pattern = bundle
                    .get_message(id)
                    .and_then(|m| m.value())
                    .expect("message");
                let mut fargs = FluentArgs::new();
                for (k, v) in args {
                    fargs.set(*k, FluentValue::from(*v));
                }
                let mut errors = vec![];
                bundle
                    .format_pattern(pattern, Some(&fargs), &mut errors)
                    .into_owned()
            };
            let extra = [("canonical", "a.example"), ("target", "b.example")];
            assert_eq!(
                c.get(lang, "check-canonical", &extra),
                fluent("check-canonical", &extra)
            );
            // Missing: Fluent's own `{$canonical}`, never an empty hole.
            let missing = [("target", "b.example")];
            let text = c.get(lang, "check-canonical", &missing);
            assert_eq!(text, fluent("check-canonical", &missing));
            assert!(text.contains("{$canonical}"), "{text}");
        }
        // Messages with a count stay with Fluent, which chooses their plural form.
        let en = c.split.get(&Lang::En).expect("English");
        assert!(
            !en.contains_key("lookalike-edit") && en.len() > 30,
            "{}",
            en.len()
        );
    }

    #[test]
    fn every_language_has_every_public_message_with_the_same_placeables() {
        let c = Catalogue::load().expect("catalogues parse");
        let en = c.placeables(Lang::En);
        assert!(en.len() > 200, "catalogue unexpectedly small");
        for lang in Lang::ALL {
            let other = c.placeables(lang);
            let ids: Vec<_> = other.iter().map(|m| &m.0).collect();
            let missing: Vec<_> = en.iter().filter(|m| !ids.contains(&&m.0)).collect();
            let extra: Vec<_> = ids
                .iter()
                .filter(|i| !en.iter().any(|m| &&m.0 == *i))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang:?} has unknown {extra:?}");
            for (id, vars) in &other {
                let english = en.iter().find(|m| &m.0 == id).map(|m| &m.1);
                assert_eq!(english, Some(vars), "{lang:?} {id}: placeables differ");
            }
        }
        assert_eq!(c.complete(), Languages::all());
    }

    #[test]
    fn the_workspace_catalogues_match_and_share_no_id_with_the_public_one() {
        let c = Catalogue::load().expect("catalogues parse");
        let en = c.staff_ids(Lang::En);
        assert!(en.len() > 200, "staff catalogue unexpectedly small");
        assert_eq!(c.staff_ids(Lang::Fr), en);
        let public = c.ids(Lang::En);
        let both: Vec<_> = en.iter().filter(|id| public.contains(id)).collect();
        assert!(both.is_empty(), "defined twice: {both:?}");
        // Staff pages asked for in a public-only language are English, never an id.
        assert_eq!(
            c.get(Lang::Sw, "staff-nav-queue", &[]),
            c.get(Lang::En, "staff-nav-queue", &[])
        );
        assert_eq!(Lang::Ar.staff(), Lang::En);
        assert_eq!(Lang::Fr.staff(), Lang::Fr);
    }

    #[test]
    fn arabic_isolates_what_it_quotes_and_the_others_do_not() {
        let c = Catalogue::load().expect("catalogues parse");
        let ar = c.get(Lang::Ar, "check-canonical", &[("canonical", "example.com")]);
        assert!(ar.contains("\u{2068}example.com\u{2069}"), "{ar}");
        let en = c.get(Lang::En, "check-canonical", &[("canonical", "example.com")]);
        assert!(!en.contains('\u{2068}'), "{en}");
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Sw.dir(), "ltr");
    }

    #[test]
    fn accept_language_picks_an_offered_language_and_defaults_to_the_first() {
        let all = Languages::all();
        assert_eq!(
            Lang::from_accept_language("fr-CD,fr;q=0.9,en;q=0.5", all),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("sw-KE,en;q=0.3", all), Lang::Sw);
        assert_eq!(Lang::from_accept_language("pt-AO", all), Lang::Pt);
        assert_eq!(Lang::from_accept_language("ar-SD,ar", all), Lang::Ar);
        assert_eq!(Lang::from_accept_language("de", all), Lang::En);
        assert_eq!(Lang::from_accept_language("", all), Lang::En);
        assert_eq!(Lang::from_code("FR_cd"), Some(Lang::Fr));
        let some = Languages::parse("sw, ar").expect("parses");
        assert_eq!(Lang::from_accept_language("fr", some), Lang::Sw);
        assert_eq!(Lang::from_accept_language("en-US,ar;q=0.5", some), Lang::Ar);
    }

    #[test]
    fn counts_are_numbers_and_other_variables_text() {
        let c = Catalogue::load().expect("catalogues parse");
        let text = c.get(Lang::En, "warnings-no-match", &[("q", "007")]);
        assert!(text.contains("\"007\""), "{text}");
        let one = c.get(Lang::En, "lookalike-edit", &[("n", "1")]);
        let two = c.get(Lang::En, "lookalike-edit", &[("n", "2")]);
        assert!(
            one.contains("1 character.") && two.contains("2 characters."),
            "{one} / {two}"
        );
        let staff = |lang, n| c.get(lang, "dashboard-total", &[("count", n)]);
        assert_eq!(staff(Lang::En, "1"), "1 case in total.");
        assert_eq!(staff(Lang::En, "12"), "12 cases in total.");
        assert_eq!(staff(Lang::Fr, "1"), "1 dossier au total.");
        assert_eq!(staff(Lang::Fr, "2"), "2 dossiers au total.");
    }

    #[test]
    fn the_drafts_are_complete_but_not_offered_by_default() {
        let c = Catalogue::load().expect("catalogues parse");
        assert_eq!(c.complete(), Languages::all());
        assert_eq!(c.default_offer(), Languages::REVIEWED);
        assert_eq!(c.default_offer().codes(), "en,fr,sw,pt,ar");
        for lang in Lang::DRAFTS {
            assert!(!c.default_offer().contains(lang) && lang.is_draft());
            assert_eq!(lang.dir(), "ltr");
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::Rw.native_name(), "Ikinyarwanda");
        assert_eq!(Lang::Rn.native_name(), "Ikirundi");
        // Not offered, a draft is not chosen from the browser's header.
        assert_eq!(
            Lang::from_accept_language("rw-RW,rw;q=0.9,fr;q=0.5", Languages::REVIEWED),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_accept_language("rw-RW,rw;q=0.9,fr;q=0.5", Languages::all()),
            Lang::Rw
        );
    }

    #[test]
    fn kinyarwanda_and_kirundi_take_the_singular_for_one_alone() {
        let c = Catalogue::load().expect("catalogues parse");
        for lang in Lang::DRAFTS {
            let one = c.get(lang, "warnings-matches", &[("count", "1"), ("q", "x")]);
            let two = c.get(lang, "warnings-matches", &[("count", "2"), ("q", "x")]);
            let many = c.get(lang, "warnings-matches", &[("count", "11"), ("q", "x")]);
            assert!(one.contains(" imwe "), "{lang:?}: {one}");
            assert!(two.contains(" 2 zatangajwe "), "{lang:?}: {two}");
            assert!(many.contains(" 11 zatangajwe "), "{lang:?}: {many}");
        }
    }

    #[test]
    fn the_language_list_is_checked() {
        assert_eq!(Languages::parse("en,fr,sw,pt,ar"), Ok(Languages::REVIEWED));
        assert_eq!(
            Languages::parse("en,fr,sw,pt,ar,rw,rn"),
            Ok(Languages::all())
        );
        assert_eq!(
            Languages::parse("rn,RW").map(Languages::codes),
            Ok("rw,rn".to_owned())
        );
        assert_eq!(
            Languages::parse("AR,en").map(Languages::codes),
            Ok("en,ar".to_owned())
        );
        assert!(Languages::parse("en,xx").is_err());
        assert!(Languages::parse(" , ").is_err());
    }
}
