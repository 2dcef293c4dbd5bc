//! Does a domain resemble an official one? Catches homoglyphs, typos and borrowed names.
//!
//! All comparisons use lower-cased UTS #39 skeletons of the Unicode display form, so characters
//! that look alike (Cyrillic `с`/Latin `c`, `1`/`l`, `rn`/`m`) count as equal.

use super::target::DomainName;
use unicode_security::confusable_detection::skeleton;

/// Words too common in unrelated legitimate domains (governments, mining firms, portals) for
/// sharing one to suggest imitation; they never become distinctive tokens.
const GENERIC_WORDS: &[&str] = &[
    "www",
    "mail",
    "official",
    "gov",
    "govt",
    "info",
    "portal",
    "online",
    "certification",
    "certificate",
    "certificates",
    "mineral",
    "minerals",
    "mining",
    "export",
    "trade",
    "services",
    "group",
];

/// Shorter tokens overlap by accident too often to be evidence.
const MIN_TOKEN_CHARS: usize = 4;

/// The genuine domains and what makes them recognisable, precomputed once so each check is cheap.
#[derive(Debug, Clone)]
pub struct Officials {
    domains: Vec<DomainName>,
    prepared: Vec<Prepared>,
}

/// Precomputed skeleton forms of one official domain.
#[derive(Debug, Clone)]
struct Prepared {
    /// Skeleton of the whole name, e.g. `ceec-icglr.org`.
    skeleton: String,
    /// Skeleton of the name without its TLD, e.g. `ceec-icglr`.
    stem: String,
    /// Largest edit distance still counted as a typo of this stem.
    max_distance: usize,
    /// Distinctive tokens as written (for the report) and as skeletons (for matching).
    tokens: Vec<(String, String)>,
}

/// Why a domain was judged to imitate an official one, so the warning can explain itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// Looks identical to the official name (or one of its subdomains) but is a different name.
    Confusable,
    /// A label is this many edits (Damerau–Levenshtein) from the official name; 0 means the
    /// official name reused under another TLD or parent.
    EditDistance(usize),
    /// A label contains this distinctive token of the official name.
    SharedToken(String),
}

impl Reason {
    /// A stable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Confusable => "confusable",
            Reason::EditDistance(_) => "edit-distance",
            Reason::SharedToken(_) => "shared-token",
        }
    }
}

/// A domain that resembles an official one: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resemblance {
    /// The official domain being imitated.
    pub official: DomainName,
    /// What the resemblance consists of.
    pub reason: Reason,
}

impl Officials {
    /// Stores the `base()` forms (duplicates dropped) and precomputes skeletons and tokens.
    pub fn new(domains: Vec<DomainName>) -> Officials {
        let mut bases: Vec<DomainName> = Vec::with_capacity(domains.len());
        for d in domains {
            let base = d.base();
            if !bases.contains(&base) {
                bases.push(base);
            }
        }
        let prepared = bases.iter().map(prepare).collect();
        Officials {
            domains: bases,
            prepared,
        }
    }

    /// The official domains in the order given, in `base()` form.
    pub fn domains(&self) -> &[DomainName] {
        &self.domains
    }

    /// The official domain `d` belongs to, if any: every subdomain of an official domain is official.
    pub fn official_match(&self, d: &DomainName) -> Option<&DomainName> {
        self.domains.iter().find(|o| d.is_within(o))
    }

    /// The official domain that a listing of `d` would block, if any.
    ///
    /// Every feed blocks a listed name's covering form (without a leading `www.`) and all its
    /// subdomains, so a listing conflicts with an official domain when it is that domain or
    /// under it (`verify.ceec-icglr.org`: genuine, the check says `official`), or when the
    /// official domain is under its covering form (`gov.rw` or `www.gov.rw` would block an
    /// official `minerals.gov.rw`). Publishing and importing refuse such targets, and the
    /// warning list leaves such stored entries out, both by this one rule.
    pub fn blocked_by_listing(&self, d: &DomainName) -> Option<&DomainName> {
        let covers = d.base();
        self.domains
            .iter()
            .find(|o| d.is_within(o) || o.is_within(&covers))
    }

    /// How `d` imitates an official domain; `None` if it is official or resembles none.
    ///
    /// Rules are tried strongest first (confusable, edit distance, shared token); within a
    /// rule the first official in the given order wins.
    pub fn resemblance(&self, d: &DomainName) -> Option<Resemblance> {
        if self.official_match(d).is_some() {
            return None;
        }
        let query = skel(&d.unicode());
        let (stem, _tld) = query.rsplit_once('.')?;
        let found = |reason: Reason, i: usize| {
            self.domains.get(i).map(|o| Resemblance {
                official: o.clone(),
                reason,
            })
        };
        let officials = self.prepared.iter().enumerate();

        for (i, p) in officials.clone() {
            if looks_within(&query, &p.skeleton) {
                return found(Reason::Confusable, i);
            }
        }
        for (i, p) in officials.clone() {
            let best = stem
                .split('.')
                .chain(std::iter::once(stem))
                .flat_map(|cand| {
                    [
                        distance(cand, &p.stem, p.max_distance),
                        distance(cand, &p.skeleton, p.max_distance),
                    ]
                })
                .flatten()
                .min();
            if let Some(n) = best {
                return found(Reason::EditDistance(n), i);
            }
        }
        for (i, p) in officials {
            for (token, token_skel) in &p.tokens {
                if stem
                    .split('.')
                    .any(|label| label.contains(token_skel.as_str()))
                {
                    return found(Reason::SharedToken(token.clone()), i);
                }
            }
        }
        None
    }
}

/// Lower-cased UTS #39 skeleton; both sides must go through this same function.
fn skel(s: &str) -> String {
    skeleton(s).flat_map(char::to_lowercase).collect()
}

/// Precomputes the comparison forms of one official domain.
fn prepare(d: &DomainName) -> Prepared {
    let unicode = d.unicode();
    let skeleton = skel(&unicode);
    let stem = skeleton
        .rsplit_once('.')
        .map_or(skeleton.as_str(), |(s, _)| s)
        .to_owned();
    let unicode_stem = unicode.rsplit_once('.').map_or(&*unicode, |(s, _)| s);
    let max_distance = if unicode_stem.chars().count() < 6 {
        1
    } else {
        2
    };
    let mut tokens: Vec<(String, String)> = Vec::new();
    for token in unicode_stem.split(['-', '.']) {
        let distinctive =
            token.chars().count() >= MIN_TOKEN_CHARS && !GENERIC_WORDS.contains(&token);
        if distinctive && !tokens.iter().any(|(t, _)| t == token) {
            tokens.push((token.to_owned(), skel(token)));
        }
    }
    Prepared {
        skeleton,
        stem,
        max_distance,
        tokens,
    }
}

/// Whole-label containment on skeletons: `name` looks like `official` or one of its subdomains.
fn looks_within(name: &str, official: &str) -> bool {
    name == official
        || name
            .strip_suffix(official)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

/// Damerau–Levenshtein distance if within `max`; the length check skips most pairs cheaply.
fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    let n = strsim::damerau_levenshtein(a, b);
    (n <= max).then_some(n)
}

#[cfg(test)]
mod tests;
