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
//!   them: writers use nothing else there;
//! - the cross-reference sections (tables and streams) must put each object in use at a
//!   place of its own: two objects at one offset make `lopdf` parse the same bytes for each.
//!
//! These checks cost one pass over the file and one bounded inflation (well under a second
//! of CPU for the largest file cleaned); what they cannot see (a structure that is costly in
//! a way no count shows) is bounded by the worker's CPU budget per file (`src/cleaner`).
//! Names are read with their `#xx` escapes decoded, as `lopdf` reads them, so `/Obj#53tm`
//! is not a way around them.

use std::collections::{HashMap, HashSet};
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
    // Where each object of the cross-reference sections is: two objects at one place make
    // a parser read the same bytes once for each.
    let mut placed: HashMap<u64, u64> = HashMap::new();
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
        if xref_stream {
            check_xref_stream(&dict, &plain, &mut placed)?;
        }
        if object_stream && !has(&dict, b"/DecodeParms") {
            objects = objects.saturating_add(check_index(&dict, &plain)?);
            if objects > MAX_OBJECTS {
                return Err(TooComplex::Objects);
            }
        }
    }
    check_trailers(input)?;
    check_xref_tables(input, &mut placed)
}

/// Notes that object `num` is at `offset`; another object already there is refused (the
/// same object there again, as a later section may repeat it, is not).
fn place(placed: &mut HashMap<u64, u64>, offset: u64, num: u64) -> Result<(), TooComplex> {
    match placed.insert(offset, num) {
        Some(other) if other != num => Err(TooComplex::Index),
        _ if placed.len() > MAX_OBJECTS => Err(TooComplex::Objects),
        _ => Ok(()),
    }
}

/// A cross-reference stream's rows (`/W`, `/Index`, PNG predictors as writers use them):
/// each object in use at a place of its own.
fn check_xref_stream(
    dict: &[u8],
    plain: &[u8],
    placed: &mut HashMap<u64, u64>,
) -> Result<(), TooComplex> {
    let Some(w) = int_array(dict, b"/W").filter(|w| w.len() == 3) else {
        return Ok(());
    };
    let widths: Vec<usize> = w
        .iter()
        .map(|x| usize::try_from(*x).unwrap_or(usize::MAX))
        .collect();
    if widths.iter().any(|x| *x > 8) {
        return Err(TooComplex::Declared);
    }
    let row_len: usize = widths.iter().sum();
    if row_len == 0 {
        return Ok(());
    }
    let rows = match key_value(dict, b"/DecodeParms") {
        None => plain.to_vec(),
        Some(parms) => match direct_int(parms, b"/Predictor") {
            None | Some(1) => plain.to_vec(),
            Some(p) if p >= 10 => unpredict_png(plain, row_len),
            // TIFF predictors are not used on cross-reference streams.
            Some(_) => return Ok(()),
        },
    };
    let size = direct_int(dict, b"/Size").unwrap_or(0);
    let index = int_array(dict, b"/Index").unwrap_or_else(|| vec![0, size]);
    let mut numbers = index
        .chunks(2)
        .filter(|c| c.len() == 2)
        .flat_map(|c| c[0]..c[0].saturating_add(c[1].min(MAX_OBJECTS as u64)));
    for row in rows.chunks_exact(row_len) {
        let Some(num) = numbers.next() else {
            break;
        };
        let field = |i: usize| -> u64 {
            let start: usize = widths[..i].iter().sum();
            row[start..start + widths[i]]
                .iter()
                .fold(0u64, |v, b| (v << 8) | u64::from(*b))
        };
        let kind = if widths[0] == 0 { 1 } else { field(0) };
        if kind == 1 {
            place(placed, field(1), num)?;
        }
    }
    Ok(())
}

/// Undoes the PNG row filters (one type byte per row; one byte per pixel).
fn unpredict_png(data: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for row in data.chunks_exact(columns + 1) {
        let (kind, bytes) = (row[0], &row[1..]);
        let mut cur = vec![0u8; columns];
        for i in 0..columns {
            let left = if i > 0 { cur[i - 1] } else { 0 };
            let up = prev[i];
            let up_left = if i > 0 { prev[i - 1] } else { 0 };
            let predicted = match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            };
            cur[i] = bytes[i].wrapping_add(predicted);
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Classic cross-reference tables (`xref`, then sections of `first count` and rows of
/// `offset generation n|f`): each object in use at a place of its own.
fn check_xref_tables(input: &[u8], placed: &mut HashMap<u64, u64>) -> Result<(), TooComplex> {
    let mut at = 0;
    while let Some(found) = find(input, at, b"xref") {
        at = found + 4;
        // `startxref` contains `xref`; a table starts a line.
        if found > 0 && !is_white(input[found - 1]) || input.get(at).is_some_and(|b| !is_white(*b))
        {
            continue;
        }
        let end = find(input, at, b"trailer").unwrap_or(input.len());
        let mut tokens = input[at..end]
            .split(|b| is_white(*b))
            .filter(|t| !t.is_empty());
        'sections: while let (Some(first), Some(count)) = (tokens.next(), tokens.next()) {
            let (Some(first), Some(count)) = (int(first), int(count)) else {
                break;
            };
            for num in first..first.saturating_add(count.min(MAX_OBJECTS as u64 + 1)) {
                let (Some(offset), Some(_), Some(state)) =
                    (tokens.next(), tokens.next(), tokens.next())
                else {
                    break 'sections;
                };
                if state == b"n" {
                    place(placed, int(offset).unwrap_or(0), num)?;
                }
            }
        }
        at = end;
    }
    Ok(())
}

/// The key's value when it is an array of direct integers.
fn int_array(dict: &[u8], key: &[u8]) -> Option<Vec<u64>> {
    let inner = key_value(dict, key)?.strip_prefix(b"[")?;
    let inner = &inner[..inner.iter().position(|b| *b == b']')?];
    inner
        .split(|b| is_white(*b))
        .filter(|t| !t.is_empty())
        .map(int)
        .collect()
}

/// A classic trailer's `/Size` within bounds.
fn check_trailers(input: &[u8]) -> Result<(), TooComplex> {
    let mut at = 0;
    while let Some(found) = find(input, at, b"trailer") {
        at = found + 7;
        // A trailer dictionary is short: looking no further keeps a file of many
        // `trailer`s and no `startxref` to one pass.
        let window = &input[..input.len().min(at.saturating_add(4096))];
        let end = find(window, at, b"startxref").unwrap_or(window.len());
        let dict = decode_names(&input[at..end]);
        if direct_int(&dict, b"/Size").is_some_and(|s| s > MAX_OBJECTS as u64) {
            return Err(TooComplex::Declared);
        }
    }
    Ok(())
}

/// Inflates a stream's data within what is left of the budget.
fn inflate(dict: &[u8], data: &[u8], left: &mut usize) -> Result<Vec<u8>, TooComplex> {
    let mut plain = Vec::new();
    match filters(dict)?[..] {
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

/// The stream's filter names (empty without `/Filter`); a filter given any other way (a
/// reference, say) is refused, since it could not be checked here.
fn filters(dict: &[u8]) -> Result<Vec<&[u8]>, TooComplex> {
    let Some(value) = key_value(dict, b"/Filter") else {
        return Ok(Vec::new());
    };
    let value = if let Some(inner) = value.strip_prefix(b"[") {
        &inner[..inner.iter().position(|b| *b == b']').unwrap_or(inner.len())]
    } else if value.starts_with(b"/") {
        &value[..name_at(value).len() + 1]
    } else {
        return Err(TooComplex::Filter);
    };
    let names: Vec<&[u8]> = value
        .split(|b| *b == b'/')
        .skip(1)
        .map(|n| {
            let end = n.iter().position(|b| is_delimiter(*b)).unwrap_or(n.len());
            &n[..end]
        })
        .collect();
    if trim_start(value.split(|b| *b == b'/').next().unwrap_or_default()).is_empty() {
        Ok(names)
    } else {
        // Something other than names in the array.
        Err(TooComplex::Filter)
    }
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
        assert_eq!(filters(&dict), Ok(vec![&b"FlateDecode"[..]]));
        assert_eq!(
            filters(b"/Filter/FlateDecode/Length 3"),
            Ok(vec![&b"FlateDecode"[..]])
        );
        assert_eq!(
            filters(b"/Filter [/FlateDecode /ASCII85Decode]"),
            Ok(vec![&b"FlateDecode"[..], &b"ASCII85Decode"[..]])
        );
        assert_eq!(filters(b"/Length 3"), Ok(vec![]));
        assert_eq!(filters(b"/Filter 5 0 R"), Err(TooComplex::Filter));
        assert_eq!(filters(b"/Filter [5 0 R]"), Err(TooComplex::Filter));
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

    #[test]
    fn each_object_in_use_has_a_place_of_its_own() {
        let mut placed = HashMap::new();
        let table =
            b"xref\n0 3\n0000000000 65535 f \n0000000015 00000 n \n0000000060 00000 n \ntrailer\n";
        assert_eq!(check_xref_tables(table, &mut placed), Ok(()));
        // A later section may list the same object at the same place again.
        assert_eq!(check_xref_tables(table, &mut placed), Ok(()));
        let two_at_one = b"xref\n7 2\n0000000015 00000 n \n0000000015 00000 n \ntrailer\n";
        assert_eq!(
            check_xref_tables(two_at_one, &mut HashMap::new()),
            Err(TooComplex::Index)
        );
        // A cross-reference stream, `/W [1 2 1]`, PNG Up predictor: objects 1 and 2 at 15.
        let rows = [2u8, 1, 0, 15, 0, 2, 0, 0, 0, 0];
        let dict = b"/Type /XRef /Size 3 /Index [1 2] /W [1 2 1] /DecodeParms << /Predictor 12 /Columns 4 >>";
        assert_eq!(
            check_xref_stream(dict, &rows, &mut HashMap::new()),
            Err(TooComplex::Index)
        );
        let rows = [2u8, 1, 0, 15, 0, 2, 0, 0, 9, 0];
        assert_eq!(check_xref_stream(dict, &rows, &mut HashMap::new()), Ok(()));
    }
}
