//! The identifiers a report names: websites, e-mail domains, certificate numbers and phone
//! numbers, reduced to one canonical form so that two reports naming the same fake site in
//! different spellings name the same identifier (`docs/crypto.md`, "Related cases").
//!
//! Pure rules, no keys: what is extracted here is sealed with its case like the report
//! (`crypto::identifiers`) and only ever compared in an investigator's session memory.
//! Domains and certificate numbers go through the warning list's own canonicalisation
//! ([`super::warnings::target`]), so a search typed as in the public check finds them.

use std::collections::BTreeSet;
use std::fmt;

pub mod index;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::case::CaseId;
use super::document::DocumentError;
use super::report::Report;
use super::sms::phone::PhoneNumber;
use super::warnings::target::{CertificateNumber, DomainName, Target, parse_target};

/// Most identifiers kept from one report or answer: a text pasted full of addresses cannot
/// make the sealed list, or a session's index, grow without bound.
pub const MAX_PER_DOCUMENT: usize = 100;

/// Fewest and most digits of a phone number typed in a text (national numbers with their
/// trunk zero have 10, E.164 at most 15).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 9..=15;

/// Digits a phone number is known by: the subscriber part, the same whether written with
/// `+250` or a trunk `0` (`+250 722 555 010` and `0722 555 010` are one number).
const SAME_NUMBER_DIGITS: usize = 9;

/// One canonical identifier. Ordered and hashable so that sets and maps of them compare
/// spellings as equal.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identifier {
    /// A website or e-mail domain, canonical (the warning list's form, without a leading
    /// `www.`).
    Domain(String),
    /// A certificate number's letters and digits, upper case (what the warning list compares).
    Certificate(String),
    /// A phone number typed in a text: its last nine digits (the subscriber number, the same
    /// whether written with a country code or a trunk `0`).
    Phone(String),
}

impl Identifier {
    /// A domain, reduced to the site (`www.` dropped, as the warning list does).
    pub fn domain(d: &DomainName) -> Self {
        Self::Domain(d.base().as_str().to_owned())
    }

    /// A certificate number, by what lookups compare.
    pub fn certificate(c: &CertificateNumber) -> Self {
        Self::Certificate(c.key())
    }

    /// Which kind (`domain`, `certificate`, `phone`), for pages.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Domain(_) => "domain",
            Self::Certificate(_) => "certificate",
            Self::Phone(_) => "phone",
        }
    }

    /// The canonical value.
    pub fn value(&self) -> &str {
        match self {
            Self::Domain(v) | Self::Certificate(v) | Self::Phone(v) => v,
        }
    }

    /// The sealed form: `kind:value`.
    fn encode(&self) -> String {
        format!("{}:{}", self.kind(), self.value())
    }

    /// Inverse of [`Identifier::encode`].
    fn decode(s: &str) -> Option<Self> {
        let (kind, value) = s.split_once(':')?;
        let value = value.to_owned();
        match kind {
            "domain" => Some(Self::Domain(value)),
            "certificate" => Some(Self::Certificate(value)),
            "phone" => Some(Self::Phone(value)),
            _ => None,
        }
    }

    /// What an investigator types in the queue's search box: a domain, web address, e-mail
    /// address or certificate number (as the public check reads them), or a phone number.
    /// `None` if it is none of these.
    pub fn parse_query(term: &str) -> Option<Self> {
        if let Some(phone) = phone_of(term.trim()) {
            return Some(phone);
        }
        match parse_target(term).ok()? {
            Target::Domain(d) => Some(Self::domain(&d)),
            Target::Certificate(c) => Some(Self::certificate(&c)),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.value())
    }
}

/// Identifiers are what the report is about: never printed by `Debug` (logs).
impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identifier({}, <redacted>)", self.kind())
    }
}

/// The identifiers of a report: each structured field read as what it is (a web address, a
/// certificate number), every line or text field scanned, the number it came from (SMS, USSD)
/// left out.
pub fn of_report(report: &Report, sender: Option<&PhoneNumber>) -> BTreeSet<Identifier> {
    let mut out = BTreeSet::new();
    for (name, value) in report.fields() {
        match *name {
            "web_address" | "listed_address" => {
                if let Ok(d) = DomainName::parse(value) {
                    out.insert(Identifier::domain(&d));
                }
            }
            "certificate_number" => {
                if let Ok(c) = CertificateNumber::parse(value) {
                    out.insert(Identifier::certificate(&c));
                }
            }
            _ => {}
        }
        scan(value, &mut out);
    }
    finish(out, sender)
}

/// The identifiers of a free text (an answer, a text message), the sender's number left out.
pub fn of_text(text: &str, sender: Option<&PhoneNumber>) -> BTreeSet<Identifier> {
    let mut out = BTreeSet::new();
    scan(text, &mut out);
    finish(out, sender)
}

fn finish(mut out: BTreeSet<Identifier>, sender: Option<&PhoneNumber>) -> BTreeSet<Identifier> {
    if let Some(own) = sender {
        let own = Zeroizing::new(tail(own.as_str()));
        out.retain(|i| !matches!(i, Identifier::Phone(p) if *p == *own));
    }
    while out.len() > MAX_PER_DOCUMENT {
        out.pop_last();
    }
    out
}

/// The last [`SAME_NUMBER_DIGITS`] digits of a number.
fn tail(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let from = digits.len().saturating_sub(SAME_NUMBER_DIGITS);
    digits.get(from..).unwrap_or_default().iter().collect()
}

/// Characters that end a word of a text (an address is never split by them).
fn is_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | '(' | ')' | '<' | '>' | '"' | '\'' | '[' | ']'
        )
}

/// Adds every domain, address and certificate-like word of `text`, and every phone number.
fn scan(text: &str, out: &mut BTreeSet<Identifier>) {
    for word in text.split(is_break) {
        let word = word.trim_end_matches(['.', ',', ':', '!', '?']);
        if let Some(id) = word_identifier(word) {
            out.insert(id);
        }
    }
    phones(text, out);
}

/// A word that names a site or a certificate. Words of prose are not domains: a bare name
/// needs a dot inside and a top-level label of two letters or more (`e.g` is not a site), and
/// a certificate number in running text needs letters and at least four digits (`COVID-19`
/// and years are not certificates).
fn word_identifier(word: &str) -> Option<Identifier> {
    if word.len() < 4 {
        return None;
    }
    if word.contains("://") || word.contains('@') || word.starts_with("www.") {
        return DomainName::parse(word).ok().map(|d| Identifier::domain(&d));
    }
    let host = word.split(['/', '?', '#']).next().unwrap_or_default();
    if host.contains('.') {
        let tld = host.rsplit('.').next().unwrap_or_default();
        if tld.len() >= 2 && tld.chars().all(char::is_alphabetic) {
            return DomainName::parse(word).ok().map(|d| Identifier::domain(&d));
        }
    }
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    if digits >= 4 && letters >= 2 {
        return CertificateNumber::parse(word)
            .ok()
            .map(|c| Identifier::certificate(&c));
    }
    None
}

/// Phone numbers typed in a text: a `+` or a `0`, then digits with single spaces, dashes or
/// dots between groups, [`PHONE_DIGITS`] digits in all.
fn phones(text: &str, out: &mut BTreeSet<Identifier>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars.get(i).is_some_and(|c| *c == '+' || *c == '0')
            && (i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric()));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while let Some(c) = chars.get(end) {
            let sep = matches!(c, ' ' | '-' | '.')
                && chars.get(end + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || sep {
                end += 1;
            } else {
                break;
            }
        }
        let span: String = chars.get(i..end).unwrap_or_default().iter().collect();
        if let Some(p) = phone_of(&span) {
            out.insert(p);
        }
        i = end.max(i + 1);
    }
}

/// A typed phone number (`+` and digits, or digits starting with `0`), known by its last
/// [`SAME_NUMBER_DIGITS`] digits.
fn phone_of(s: &str) -> Option<Identifier> {
    let plus = s.starts_with('+');
    let body = if plus { s.get(1..)? } else { s };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if !PHONE_DIGITS.contains(&digits.len()) || !(plus || digits.starts_with('0')) {
        return None;
    }
    Some(Identifier::Phone(tail(&digits)))
}

const FORMAT: &str = "filimbi/identifiers";
const VERSION: u32 = 1;

/// The sealed list of a report's or an answer's identifiers (`docs/crypto.md`): JSON
/// `{"format":"filimbi/identifiers","version":1,"case_id":…,"identifiers":["domain:…",…]}`.
#[derive(Serialize, Deserialize)]
pub struct IdentifiersDoc {
    format: String,
    version: u32,
    case_id: String,
    identifiers: Vec<String>,
}

impl fmt::Debug for IdentifiersDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentifiersDoc({}, <redacted>)", self.case_id)
    }
}

impl IdentifiersDoc {
    /// The identifiers of case `case`.
    pub fn new(case: &CaseId, ids: &BTreeSet<Identifier>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            case_id: case.as_str().to_owned(),
            identifiers: ids.iter().map(Identifier::encode).collect(),
        }
    }

    /// Parses decrypted bytes and checks the format and that it belongs to `case`.
    pub fn parse(plaintext: &[u8], case: &str) -> Result<Self, DocumentError> {
        let doc: Self =
            serde_json::from_slice(plaintext).map_err(|_| DocumentError::Shape("identifiers"))?;
        if doc.format != FORMAT || doc.version != VERSION {
            return Err(DocumentError::Format);
        }
        if doc.case_id != case {
            return Err(DocumentError::WrongCase);
        }
        Ok(doc)
    }

    /// The identifiers (an entry of an unknown kind is skipped).
    pub fn identifiers(&self) -> impl Iterator<Item = Identifier> + '_ {
        self.identifiers
            .iter()
            .filter_map(|s| Identifier::decode(s))
    }
}

#[cfg(test)]
mod tests;
