//! Cheap checks of a PDF's declared structure, made before `lopdf` parses it.
//!
//! `lopdf` parses every object it finds, and every entry of every object stream's index, as
//! often as the file names it: an object stream a few kilobytes long whose index names one
//! long array twenty thousand times costs seconds of CPU, and twenty of them in a 3 MB file
//! minutes (issue 24). Its own limit is per stream, in bytes, and says nothing of how often
//! the same bytes are read. So the file is first read once, lexically, as bytes:
//!
//! - every `N G obj` header is counted, and every entry of every object-stream index; more
//!   than [`MAX_OBJECTS`] in all is refused (a 1,000-page report has tens of thousands);
//! - an object stream's index must name each object once, at offsets that increase inside
//!   the stream, as the PDF specification lays them out (ISO 32000 §7.5.7); one that names
//!   an object twice or goes back is refused;
//! - a cross-reference stream's or trailer's `/Size`, and an object stream's `/N`, above
//!   [`MAX_OBJECTS`] is refused, as is a direct `/Length` longer than the whole file;
//! - object and cross-reference streams are inflated here, within one budget for the whole
//!   file ([`inflate_budget`]); a file whose structure would inflate past it is refused
//!   before `lopdf` inflates anything. Only `/FlateDecode` (or no filter) is accepted on
//!   them: writers use nothing else there.
//!
//! These checks cost one pass over the file and one bounded inflation (well under a second
//! of CPU for the largest file cleaned); what they cannot see (a structure that is costly in
//! a way no count shows) is bounded by the worker's CPU budget per file (`src/cleaner`).
//! Names are read with their `#xx` escapes decoded, as `lopdf` reads them, so `/Obj#53tm`
//! is not a way around them.

use std::collections::HashSet;
use std::io::Read;

/// Objects a PDF may hold in all (object headers plus object-stream entries).
pub(super) const MAX_OBJECTS: usize = 250_000;

/// Why a PDF is refused before parsing.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TooComplex {
    /// More objects than [`MAX_OBJECTS`].
    Objects,
    /// A declared length, size or count past its bound.
    Declared,
    /// Object and cross-reference streams would inflate past the budget.
    Inflated,
    /// An object stream's index names an object twice, or goes back.
    Index,
    /// An object stream under a filter other than `/FlateDecode`.
    Filter,
}

/// Bytes that object and cross-reference streams may inflate to, together: twice the file,
/// between 4 and 32 MiB. Real object streams hold dictionaries (pages, fonts, annotations)
/// and come to a fraction of the file; the bound is what `lopdf` then parses, at some
/// tens of megabytes a second.
pub(super) fn inflate_budget(input_len: usize) -> usize {
    input_len.saturating_mul(2).clamp(4 << 20, 32 << 20)
}

/// Checks `input`'s declared structure; `Ok` when `lopdf` may parse it.
pub(super) fn check(input: &[u8]) -> Result<(), TooComplex> {
    let mut objects = 0usize;
    let mut inflate_left = inflate_budget(input.len());
    let mut at = 0;
    let (mut endobj, mut stream_kw) = (Next::new(b"endobj"), Next::new(b"stream"));
    while let Some(found) = find(input, at, b"obj") {
        let after = found + 3;
        at = after;
        if !is_object_header(input, found) || !input.get(after).is_none_or(|b| is_delimiter(*b)) {
            continue;
        }
        objects += 1;
        if objects > MAX_OBJECTS {
            return Err(TooComplex::Objects);
        }
        // A stream, if the object has one before its end.
        let end = endobj.at_or_after(input, after).unwrap_or(input.len());
        let Some(stream) = stream_kw.at_or_after(input, after).filter(|s| *s < end) else {
            continue;
        };
        let dict = decode_names(&input[after..stream]);
        let data_start = skip_eol(input, stream + 6);
        let length = direct_int(&dict, b"/Length");
        if length.is_some_and(|l| l > input.len() as u64) {
            return Err(TooComplex::Declared);
        }
        let data_end = match length.and_then(|l| usize::try_from(l).ok()) {
            Some(l) if data_start.saturating_add(l) <= input.len() => data_start + l,
            _ => find(input, data_start, b"endstream").unwrap_or(input.len()),
        };
        at = data_end.max(after);
        let object_stream = has_type(&dict, b"/ObjStm");
        let xref_stream = has_type(&dict, b"/XRef");
        if !(object_stream || xref_stream) {
            continue;
        }
        if direct_int(&dict, b"/Size").is_some_and(|s| s > MAX_OBJECTS as u64)
            || direct_int(&dict, b"/N").is_some_and(|n| n > MAX_OBJECTS as u64)
        {
            return Err(TooComplex::Declared);
        }
        let plain = inflate(&dict, &input[data_start..data_end], &mut inflate_left)?;
        if object_stream && !has(&dict, b"/DecodeParms") {
            objects = objects.saturating_add(check_index(&dict, &plain)?);
            if objects > MAX_OBJECTS {
                return Err(TooComplex::Objects);
            }
        }
    }
    check_trailers(input)
}

/// A classic trailer's `/Size` within bounds.
fn check_trailers(input: &[u8]) -> Result<(), TooComplex> {
    let mut at = 0;
    while let Some(found) = find(input, at, b"trailer") {
        at = found + 7;
        let end = find(input, at, b"startxref").unwrap_or(input.len());
        let dict = decode_names(&input[at..end.min(at + 4096)]);
        if direct_int(&dict, b"/Size").is_some_and(|s| s > MAX_OBJECTS as u64) {
            return Err(TooComplex::Declared);
        }
    }
    Ok(())
}

/// Inflates a stream's data within what is left of the budget.
fn inflate(dict: &[u8], data: &[u8], left: &mut usize) -> Result<Vec<u8>, TooComplex> {
    let mut plain = Vec::new();
    match filters(dict)[..] {
        [] => plain.extend_from_slice(data),
        [f] if f == b"FlateDecode" => {
            let limit = u64::try_from(*left).unwrap_or(u64::MAX).saturating_add(1);
            // A damaged stream inflates as far as it goes: `lopdf` skips what it cannot read.
            let _ = flate2::read::ZlibDecoder::new(data)
                .take(limit)
                .read_to_end(&mut plain);
        }
        _ => return Err(TooComplex::Filter),
    }
    if plain.len() > *left {
        return Err(TooComplex::Inflated);
    }
    *left -= plain.len();
    Ok(plain)
}

/// The object-stream index: pairs of object number and offset, each object once, offsets
/// increasing. Returns how many objects it names.
fn check_index(dict: &[u8], plain: &[u8]) -> Result<usize, TooComplex> {
    let first = direct_int(dict, b"/First")
        .and_then(|f| usize::try_from(f).ok())
        .unwrap_or(0)
        .min(plain.len());
    let mut numbers = plain[..first]
        .split(|b| is_white(*b))
        .filter(|t| !t.is_empty());
    let mut seen = HashSet::new();
    let mut last: Option<u64> = None;
    while let (Some(num), Some(offset)) = (numbers.next(), numbers.next()) {
        let (Some(num), Some(offset)) = (int(num), int(offset)) else {
            // Not numbers: `lopdf` reads no object from such an entry.
            break;
        };
        if !seen.insert(num) || last.is_some_and(|l| offset <= l) {
            return Err(TooComplex::Index);
        }
        last = Some(offset);
        if seen.len() > MAX_OBJECTS {
            return Err(TooComplex::Objects);
        }
    }
    Ok(seen.len())
}

/// The stream's filter names (empty without `/Filter`).
fn filters(dict: &[u8]) -> Vec<&[u8]> {
    let Some(value) = key_value(dict, b"/Filter") else {
        return Vec::new();
    };
    let value = match value.strip_prefix(b"[") {
        Some(inner) => &inner[..inner.iter().position(|b| *b == b']').unwrap_or(inner.len())],
        None => &value[..name_at(value).len() + 1.min(value.len())],
    };
    value
        .split(|b| *b == b'/')
        .skip(1)
        .map(|n| {
            let end = n.iter().position(|b| is_delimiter(*b)).unwrap_or(n.len());
            &n[..end]
        })
        .collect()
}

/// The name at the start of `s` (after its `/`), or empty.
fn name_at(s: &[u8]) -> &[u8] {
    match s.strip_prefix(b"/") {
        Some(rest) => {
            let end = rest
                .iter()
                .position(|b| is_delimiter(*b))
                .unwrap_or(rest.len());
            &rest[..end]
        }
        None => &[],
    }
}

/// Whether the dictionary has `/Type <name>`.
fn has_type(dict: &[u8], name: &[u8]) -> bool {
    let mut at = 0;
    while let Some(found) = find(dict, at, b"/Type") {
        at = found + 5;
        let rest = trim_start(&dict[at..]);
        if rest.starts_with(name) && rest.get(name.len()).is_none_or(|b| is_delimiter(*b)) {
            return true;
        }
    }
    false
}

/// Whether the dictionary has the key `key` (a whole name).
fn has(dict: &[u8], key: &[u8]) -> bool {
    key_value(dict, key).is_some()
}

/// What follows the key `key` (a whole name, not a prefix of a longer one).
fn key_value<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(found) = find(dict, at, key) {
        at = found + key.len();
        if dict.get(at).is_none_or(|b| is_delimiter(*b)) {
            return Some(trim_start(&dict[at..]));
        }
    }
    None
}

/// The key's value when it is a direct integer (not `N G R`, a reference).
fn direct_int(dict: &[u8], key: &[u8]) -> Option<u64> {
    let rest = key_value(dict, key)?;
    let mut tokens = rest
        .split(|b| is_white(*b) || *b == b'/' || *b == b'>')
        .filter(|t| !t.is_empty());
    let value = int(tokens.next()?)?;
    let reference = tokens.next().and_then(int).is_some() && tokens.next() == Some(b"R");
    (!reference).then_some(value)
}

fn int(token: &[u8]) -> Option<u64> {
    std::str::from_utf8(token).ok()?.parse().ok()
}

/// Whether `obj` at `at` ends an object header `N G obj`.
fn is_object_header(input: &[u8], at: usize) -> bool {
    let before = &input[..at];
    let before = trim_end(before);
    let generation = before.len() - digits_back(before);
    if generation == before.len() {
        return false;
    }
    let before = trim_end(&before[..generation]);
    let number = before.len() - digits_back(before);
    number < before.len() && before.len() < generation
}

fn digits_back(s: &[u8]) -> usize {
    s.iter().rev().take_while(|b| b.is_ascii_digit()).count()
}

/// Names with their `#xx` escapes decoded.
fn decode_names(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (s[i], s.get(i + 1).copied(), s.get(i + 2).copied()) {
            (b'#', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'#'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn skip_eol(input: &[u8], at: usize) -> usize {
    match input.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ if matches!(input.get(at), Some(b'\n' | b'\r')) => at + 1,
        _ => at,
    }
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|p| p + from)
}

/// The next occurrence of a keyword at or after a position that only moves forward: each
/// search starts where the last found one, so a file of many objects is read once, not once
/// per object.
struct Next<'a> {
    needle: &'a [u8],
    /// The last answer (`None`: none after `searched_from`).
    found: Option<usize>,
    searched_from: usize,
    started: bool,
}

impl<'a> Next<'a> {
    fn new(needle: &'a [u8]) -> Self {
        Self {
            needle,
            found: None,
            searched_from: 0,
            started: false,
        }
    }

    fn at_or_after(&mut self, input: &[u8], from: usize) -> Option<usize> {
        let stale = match self.found {
            Some(f) => f < from,
            None => !self.started || from < self.searched_from,
        };
        if stale {
            self.found = find(input, from, self.needle);
            self.searched_from = from;
            self.started = true;
        }
        self.found
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| is_white(**b)).count();
    &s[n..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rev().take_while(|b| is_white(**b)).count();
    &s[..s.len() - n]
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    is_white(b) || matches!(b, b'/' | b'[' | b']' | b'<' | b'>' | b'(' | b')' | b'%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declared_values_and_names() {
        let dict = decode_names(
            b"<< /T#79pe /Obj#53tm /N 3 /First 12 /Length 7 0 R /Filter [ /FlateDecode ] >>",
        );
        assert!(has_type(&dict, b"/ObjStm"));
        assert_eq!(direct_int(&dict, b"/N"), Some(3));
        assert_eq!(direct_int(&dict, b"/First"), Some(12));
        assert_eq!(direct_int(&dict, b"/Length"), None, "a reference");
        assert_eq!(filters(&dict), [&b"FlateDecode"[..]]);
        assert_eq!(
            filters(b"/Filter/FlateDecode/Length 3"),
            [&b"FlateDecode"[..]]
        );
        assert_eq!(
            filters(b"/Filter [/FlateDecode /ASCII85Decode]"),
            [&b"FlateDecode"[..], &b"ASCII85Decode"[..]]
        );
        assert!(filters(b"/Length 3").is_empty());
        assert!(is_object_header(b"12 0 obj", 5));
        assert!(!is_object_header(b"x obj", 2));
    }

    #[test]
    fn an_index_names_each_object_once_at_increasing_offsets() {
        let dict = b"/First 12";
        assert_eq!(check_index(dict, b"4 0 5 3 6 7 1 2 3 4"), Ok(3));
        assert_eq!(
            check_index(dict, b"4 0 4 3 6 7 1 2 3 4"),
            Err(TooComplex::Index)
        );
        assert_eq!(
            check_index(dict, b"4 0 5 0 6 7 1 2 3 4"),
            Err(TooComplex::Index)
        );
    }
}
