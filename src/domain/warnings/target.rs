//! What the public types into the check box: a domain (bare, URL or e-mail) or a certificate number.
//!
//! Everything is reduced to one canonical form so that listings and queries compare equal however
//! they were written.

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Longest input accepted, so hostile input cannot make us do unbounded work.
const MAX_INPUT_BYTES: usize = 2048;
/// DNS limit on a whole name (RFC 1035).
const MAX_NAME_BYTES: usize = 253;
/// DNS limit on one label (RFC 1035).
const MAX_LABEL_BYTES: usize = 63;
/// Canonical certificate length bounds: long enough to be specific, short enough to be sane.
const CERT_LEN: std::ops::RangeInclusive<usize> = 3..=64;

/// Why an input could not be understood; messages tell the user what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// Nothing was typed.
    #[error("enter a website, e-mail address or certificate number to check")]
    Empty,
    /// Input longer than any real domain or certificate number.
    #[error("the input is too long; enter at most 2048 characters")]
    TooLong,
    /// Looked like a domain, URL or e-mail address but is not a valid one.
    #[error("not a valid website or e-mail address; enter a domain such as ceec-icglr.org")]
    InvalidDomain,
    /// An IP address: warnings are listed by domain name, not by address.
    #[error("IP addresses cannot be checked; enter the website's domain name instead")]
    IpAddress,
    /// Not a plausible certificate number.
    #[error(
        "not a valid certificate number; use letters, digits and - / . (3 to 64 characters, at least one digit)"
    )]
    InvalidCertificate,
}

impl TargetError {
    /// A stable code for the JSON API and message catalogues.
    pub fn code(&self) -> &'static str {
        match self {
            TargetError::Empty => "empty",
            TargetError::TooLong => "too-long",
            TargetError::InvalidDomain => "invalid-domain",
            TargetError::IpAddress => "ip-address",
            TargetError::InvalidCertificate => "invalid-certificate",
        }
    }
}

/// What a check query is about, so the server knows which list to search.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A website or e-mail domain.
    Domain(DomainName),
    /// A mineral export certificate number.
    Certificate(CertificateNumber),
}

impl Target {
    /// The canonical text: the domain's ASCII form or the certificate's key.
    pub fn as_str(&self) -> &str {
        match self {
            Target::Domain(d) => d.as_str(),
            Target::Certificate(c) => c.as_str(),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Domain(d) => d.fmt(f),
            Target::Certificate(c) => c.fmt(f),
        }
    }
}

/// Decides whether free text is a domain or a certificate number, so the user needs one box only.
pub fn parse_target(input: &str) -> Result<Target, TargetError> {
    let text = trimmed(input)?;
    if text.contains("://") || text.contains('@') {
        return DomainName::parse(text).map(Target::Domain);
    }
    let domain = match DomainName::parse(text) {
        Ok(d) if d.tld().bytes().any(|b| b.is_ascii_alphabetic()) => {
            return Ok(Target::Domain(d));
        }
        Err(TargetError::IpAddress) => return Err(TargetError::IpAddress),
        other => other,
    };
    CertificateNumber::parse(text)
        .map(Target::Certificate)
        .map_err(|cert_err| {
            let last = text.rsplit('.').next().unwrap_or_default();
            let domain_like = text.contains('.') && last.bytes().any(|b| b.is_ascii_alphabetic());
            if domain_like || !text.bytes().any(|b| b.is_ascii_digit()) {
                domain.err().unwrap_or(TargetError::InvalidDomain)
            } else {
                cert_err
            }
        })
}

/// Trims and applies the emptiness and size limits shared by every parser.
fn trimmed(input: &str) -> Result<&str, TargetError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(TargetError::TooLong);
    }
    let text = input.trim();
    if text.is_empty() {
        return Err(TargetError::Empty);
    }
    Ok(text)
}

/// A domain in canonical form (ASCII, lower case, punycode, no trailing dot, at least two labels),
/// so that every spelling of the same site compares equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DomainName(String);

impl DomainName {
    /// Accepts a bare domain, a URL or an e-mail address, because victims paste whatever they have.
    pub fn parse(input: &str) -> Result<DomainName, TargetError> {
        let host = host_part(trimmed(input)?)?;
        // Browsers percent-decode a host before IDNA (`http://fak%65.com/` opens fake.com).
        let host = percent_encoding::percent_decode_str(host)
            .decode_utf8()
            .map_err(|_| TargetError::InvalidDomain)?;
        let mut name = idna::domain_to_ascii(&host).map_err(|_| TargetError::InvalidDomain)?;
        // In place: the name IDNA made is the one kept, not copied again.
        if name.ends_with('.') {
            name.pop();
        }
        if name.parse::<Ipv4Addr>().is_ok() {
            return Err(TargetError::IpAddress);
        }
        validate(&name)?;
        Ok(DomainName(name))
    }

    /// The canonical ASCII form, used for storage and lookups.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Unicode form for display, so users see the name as their browser shows it.
    ///
    /// Only `xn--` labels differ between the two forms of a canonical name (lower-case
    /// letters, digits and hyphens map to themselves), so a name without one is its own
    /// Unicode form and does not go through IDNA a second time, nor get copied: pages show
    /// names by the dozen. An `xn--` label holds `--`, which other names seldom do, so one
    /// search of the whole name settles most of them before the labels are split.
    pub fn unicode(&self) -> Cow<'_, str> {
        if !self.0.contains("--") || !self.labels().any(|l| l.starts_with("xn--")) {
            return Cow::Borrowed(&self.0);
        }
        match idna::domain_to_unicode(&self.0) {
            (unicode, Ok(())) => Cow::Owned(unicode),
            (_, Err(_)) => Cow::Borrowed(&self.0),
        }
    }

    /// The dot-separated labels, most specific first.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// The top-level label; always present because a name has at least two labels.
    fn tld(&self) -> &str {
        self.0.rsplit('.').next().unwrap_or_default()
    }

    /// Drops one leading `www.`, because a listing written `www.example.com` means the whole site.
    pub fn base(&self) -> DomainName {
        match self.0.strip_prefix("www.") {
            Some(rest) if rest.contains('.') => DomainName(rest.to_owned()),
            _ => self.clone(),
        }
    }

    /// Whole-label containment, so `notexample.com` is not taken for part of `example.com`.
    pub fn is_within(&self, other: &DomainName) -> bool {
        self == other
            || self
                .0
                .strip_suffix(other.as_str())
                .is_some_and(|prefix| prefix.ends_with('.'))
    }

    /// The name and each parent, most specific first, for hash-map lookup of the closest listing.
    pub fn suffixes(&self) -> impl Iterator<Item = &str> {
        std::iter::successors(Some(self.0.as_str()), |s| s.split_once('.').map(|(_, r)| r))
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Extracts the host from a URL, e-mail address or bare name: drops scheme, user info, port,
/// path, query and fragment.
fn host_part(text: &str) -> Result<&str, TargetError> {
    let text = match text.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("mailto:") => text.get(7..).unwrap_or_default(),
        _ => text,
    };
    let rest = match text.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => rest,
        _ => text.strip_prefix("//").unwrap_or(text),
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') || host.parse::<Ipv6Addr>().is_ok() {
        return Err(TargetError::IpAddress);
    }
    Ok(match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    })
}

/// RFC 3986 scheme syntax, so `://` inside a query string is not mistaken for a scheme.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Hostname rules checked after IDNA conversion (LDH labels, DNS lengths, and a top-level label
/// that is letters only or an IDNA `xn--` label, as every delegated TLD is: this also keeps RPZ
/// trigger labels such as `rpz-ip` or `rpz-nsdname` out of the feeds, where a resolver would
/// read them as rules rather than names).
fn validate(name: &str) -> Result<(), TargetError> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(TargetError::InvalidDomain);
    }
    let mut count = 0usize;
    let mut last = "";
    for label in name.split('.') {
        let ldh = label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if label.is_empty()
            || label.len() > MAX_LABEL_BYTES
            || !ldh
            || label.starts_with('-')
            || label.ends_with('-')
        {
            return Err(TargetError::InvalidDomain);
        }
        count += 1;
        last = label;
    }
    let tld_ok = last.bytes().all(|b| b.is_ascii_lowercase()) || last.starts_with("xn--");
    if count < 2 || !tld_ok {
        return Err(TargetError::InvalidDomain);
    }
    Ok(())
}

/// A certificate number in canonical form (upper case, no blanks), so typing variations match.
///
/// ICGLR publishes no fixed format, hence the permissive character set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// Canonicalises and checks a certificate number as typed by a user.
    pub fn parse(input: &str) -> Result<Self, TargetError> {
        let text = trimmed(input)?;
        let canon: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let allowed = canon.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.')
        });
        if !allowed
            || !CERT_LEN.contains(&canon.len())
            || !canon.bytes().any(|b| b.is_ascii_digit())
        {
            return Err(TargetError::InvalidCertificate);
        }
        Ok(CertificateNumber(canon))
    }

    /// The canonical form, used for storage and display.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The letters and digits only: what lookups compare, because people copy the same
    /// number as `RW-2024-0001`, `RW/2024/0001` or `RW 2024 0001`.
    pub fn key(&self) -> String {
        self.0.chars().filter(char::is_ascii_alphanumeric).collect()
    }
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
