//! Translation catalogue. Every user-facing string lives in `templates/i18n/<lang>.ftl`
//! (Project Fluent); adding a language is adding a file and a [`Lang`] variant.
//!
//! Catalogues are compiled into the binary so a deployment cannot lose them.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the interface is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every supported language, in the order the language links show them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the language links.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// Parses a code such as `fr` or `fr-CD` (primary subtag only).
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the best supported language from an `Accept-Language` header, English if none.
    pub fn from_accept_language(header: &str) -> Self {
        // `parse` orders by quality; the first tag whose primary subtag we speak wins, so
        // `fr-CD` selects French.
        accept_language::parse(header)
            .iter()
            .find_map(|tag| Self::from_code(tag))
            .unwrap_or(Lang::En)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../templates/i18n/en.ftl"),
            Lang::Fr => include_str!("../templates/i18n/fr.ftl"),
        }
    }
}

/// All languages' message bundles.
pub struct Catalogue {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
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
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let err = |detail: String| CatalogueError {
                lang: lang.code(),
                detail,
            };
            let res = FluentResource::try_new(lang.source().to_owned())
                .map_err(|(_, e)| err(format!("{e:?}")))?;
            let id: LanguageIdentifier = lang.code().parse().map_err(|e| err(format!("{e:?}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks: output is HTML, where they show up as noise in copies.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(res)
                .map_err(|e| err(format!("{e:?}")))?;
            bundles.insert(lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// The message `id` in `lang`, with `args`. A missing message yields its id (and a log
    /// line), never a panic; a test checks every language has every message.
    pub fn get(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        let Some(bundle) = self.bundles.get(&lang) else {
            return id.to_owned();
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(lang = lang.code(), id, "missing translation");
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(*v));
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        out.into_owned()
    }

    /// True when `lang` defines `id` (for optional texts such as field hints).
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// Message ids defined for `lang` (completeness tests).
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        let Ok(res) = FluentResource::try_new(lang.source().to_owned()) else {
            return vec![];
        };
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::load().unwrap_or_else(|e| {
        tracing::error!("{e}");
        Catalogue {
            bundles: HashMap::new(),
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

    /// Message if defined, else the empty string (optional texts).
    pub fn opt(&self, id: &str) -> String {
        if self.catalogue.has(self.lang, id) {
            self.t(id)
        } else {
            String::new()
        }
    }

    /// Every language, for the language links.
    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// Message with several arguments.
    pub fn catalogue_get(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.catalogue.get(self.lang, id, args)
    }

    /// Message with one argument.
    pub fn t1(&self, id: &str, name: &str, value: &str) -> String {
        self.catalogue.get(self.lang, id, &[(name, value)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let c = Catalogue::load().expect("catalogues parse");
        let en = c.ids(Lang::En);
        assert!(en.len() > 50, "catalogue unexpectedly small");
        for lang in Lang::ALL {
            let ids = c.ids(lang);
            let missing: Vec<_> = en.iter().filter(|i| !ids.contains(i)).collect();
            let extra: Vec<_> = ids.iter().filter(|i| !en.contains(i)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang:?} has unknown {extra:?}");
        }
    }

    #[test]
    fn accept_language_picks_french_and_defaults_to_english() {
        assert_eq!(
            Lang::from_accept_language("fr-CD,fr;q=0.9,en;q=0.5"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("sw,en;q=0.3"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_code("FR_cd"), Some(Lang::Fr));
    }
}
