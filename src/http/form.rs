//! Strict parsing of `application/x-www-form-urlencoded` bodies.
//!
//! serde_urlencoded (behind axum's `Form`) decodes invalid UTF-8 lossily, silently replacing a
//! person's words with U+FFFD; here invalid UTF-8 is an error the person is told about.
//!
//! The staff pages then read the decoded fields into a typed form with [`typed`] (serde over
//! the pairs): one way for every page, where a missing or unknown `action` and a field that
//! does not fit its type are the same refusal.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::body::Body;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use serde::de::value::{Error as FieldError, MapDeserializer};

use crate::error::ErrorKind;

/// Largest URL-encoded report body accepted: a 20 000-character description, every character
/// percent-encoded as 4 UTF-8 bytes (12 bytes each), plus the short fields.
pub const MAX_BODY: usize = 512 * 1024;

/// Most fields a form may send; the largest form has far fewer.
pub const MAX_FIELDS: usize = 64;

/// Why a body is not an acceptable form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// A name or value is not valid UTF-8 once decoded.
    #[error("form data is not valid UTF-8")]
    InvalidUtf8,
    /// More than [`MAX_FIELDS`] fields.
    #[error("too many form fields")]
    TooManyFields,
    /// The fields do not make the form asked for: an unknown or missing action, a value of
    /// the wrong kind.
    #[error("not the expected form")]
    Shape,
}

/// Reads a URL-encoded body (at most [`MAX_BODY`]) and decodes it strictly, telling "too
/// large" from "cut off" from "not text".
pub async fn read_urlencoded(
    body: Body,
    headers: &HeaderMap,
) -> Result<Vec<(String, String)>, ErrorKind> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(ErrorKind::TooLarge);
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
            || e.to_string().contains("length limit");
        if too_large {
            ErrorKind::TooLarge
        } else {
            ErrorKind::Truncated
        }
    })?;
    parse_urlencoded(&bytes).map_err(|_| ErrorKind::BadForm)
}

/// Decodes `name=value&…` pairs in order, keeping duplicates (the caller decides).
pub fn parse_urlencoded(body: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    let mut out = Vec::new();
    for (i, (name, value)) in pairs(body).enumerate() {
        if i == MAX_FIELDS {
            return Err(FormError::TooManyFields);
        }
        out.push((decode(name)?.into_owned(), decode(value)?.into_owned()));
    }
    Ok(out)
}

/// The first value of `name` in `name=value&…` text (a query string), `None` if it has none.
/// The text is held to the same rules as [`parse_urlencoded`] (every name and value UTF-8 once
/// decoded, at most [`MAX_FIELDS`] pairs), but only the value asked for is copied: a page
/// reads one field of its query, and collecting every pair into owned strings to find it was
/// a twentieth of the check page's time.
pub fn first_value(body: &[u8], name: &str) -> Result<Option<String>, FormError> {
    let mut found = None;
    for (i, (n, value)) in pairs(body).enumerate() {
        if i == MAX_FIELDS {
            return Err(FormError::TooManyFields);
        }
        let (n, value) = (decode(n)?, decode(value)?);
        if found.is_none() && n == name {
            found = Some(value.into_owned());
        }
    }
    Ok(found)
}

/// The non-empty `name=value` pairs of `body`, split at the first `=` (a pair without one is
/// a name with an empty value).
fn pairs(body: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    body.split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| match memchr::memchr(b'=', pair) {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        })
}

/// Reads decoded fields (each name once: see the caller for which of a repeated name's values
/// it keeps) into the typed form `T`. Fields `T` does not name are ignored, so the anti-CSRF
/// token and the like need no place in every form type.
pub fn typed<T: DeserializeOwned>(fields: HashMap<String, String>) -> Result<T, FormError> {
    T::deserialize(MapDeserializer::<_, FieldError>::new(fields.into_iter()))
        .map_err(|_| FormError::Shape)
}

/// `application/x-www-form-urlencoded` decoding of one name or value, in one pass and one
/// buffer: `+` is a space, `%XX` a byte, and a `%` without two hex digits after it stays as it
/// is (as browsers and `percent_decode` leave it). The bytes must be UTF-8: the `url` project's
/// `form_urlencoded` replaces bad bytes instead, which would change what a reporter sent.
///
/// Text with no `+` or `%` (names, most short values) is its own decoding and is borrowed;
/// otherwise the runs between escapes are copied whole, found with `memchr` rather than
/// pushed a byte at a time.
fn decode(raw: &[u8]) -> Result<Cow<'_, str>, FormError> {
    let Some(first) = memchr::memchr2(b'+', b'%', raw) else {
        return std::str::from_utf8(raw)
            .map(Cow::Borrowed)
            .map_err(|_| FormError::InvalidUtf8);
    };
    let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
    let mut out = Vec::with_capacity(raw.len());
    out.extend_from_slice(&raw[..first]);
    let mut i = first;
    while let Some(&b) = raw.get(i) {
        i += 1;
        match b {
            b'+' => out.push(b' '),
            b'%' => match (hex(raw.get(i)), hex(raw.get(i + 1))) {
                (Some(hi), Some(lo)) => {
                    // Two hex digits: below 256.
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'%'));
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            _ => {
                // A run of plain bytes, up to the next escape or the end.
                let rest = &raw[i - 1..];
                let run = memchr::memchr2(b'+', b'%', rest).unwrap_or(rest.len());
                out.extend_from_slice(&rest[..run]);
                i += run - 1;
            }
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| FormError::InvalidUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_percent_and_utf8() {
        let f = parse_urlencoded(b"a=1+2&b=%C3%A9t%C3%A9&c&d=").expect("valid");
        assert_eq!(
            f,
            [
                ("a".into(), "1 2".into()),
                ("b".into(), "été".into()),
                ("c".into(), "".into()),
                ("d".into(), "".into())
            ]
        );
    }

    #[test]
    fn decoding_agrees_with_percent_decode_after_plus_to_space() {
        let inputs: [&[u8]; 9] = [
            b"%",
            b"%4",
            b"%4g",
            b"%+",
            b"a%2Bb+c",
            b"%%41",
            b"%e9%E9",
            b"100%",
            b"%C3%A9+%2b",
        ];
        for raw in inputs {
            let plus: Vec<u8> = raw
                .iter()
                .map(|&b| if b == b'+' { b' ' } else { b })
                .collect();
            let slow: Vec<u8> = percent_encoding::percent_decode(&plus).collect();
            match decode(raw) {
                Ok(fast) => assert_eq!(fast.as_bytes(), slow, "{raw:?}"),
                Err(_) => assert!(String::from_utf8(slow).is_err(), "{raw:?}"),
            }
        }
    }

    proptest::proptest! {
        /// Any bytes at all, `%` and hex digits made frequent: the same as the two-pass decoding.
        #[test]
        fn decoding_any_bytes_agrees_with_percent_decode(
            raw in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"%+aF09gz".to_vec()),
                    proptest::num::u8::ANY,
                ],
                0..24,
            )
        ) {
            let plus: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
            let slow: Vec<u8> = percent_encoding::percent_decode(&plus).collect();
            match decode(&raw) {
                Ok(fast) => proptest::prop_assert_eq!(fast.as_bytes(), &slow[..]),
                Err(_) => proptest::prop_assert!(String::from_utf8(slow).is_err()),
            }
        }
    }

    proptest::proptest! {
        /// Any query of a few pairs, escapes and bad bytes included: the first value of a name
        /// is the one the whole parse finds, and a query it refuses is refused.
        #[test]
        fn the_first_value_is_the_whole_parses_first_match(
            raw in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"%+=&qa0F".to_vec()),
                    proptest::num::u8::ANY,
                ],
                0..32,
            )
        ) {
            for name in ["q", "a", "q a", ""] {
                let whole = parse_urlencoded(&raw)
                    .map(|p| p.into_iter().find(|(n, _)| n == name).map(|(_, v)| v));
                proptest::prop_assert_eq!(first_value(&raw, name), whole);
            }
        }
    }

    #[test]
    fn the_first_value_of_a_query_is_decoded_and_the_rest_still_checked() {
        let q = b"lang=fr&q=https%3A%2F%2Fwww.example.com%2Fa+b&q=second";
        assert_eq!(
            first_value(q, "q"),
            Ok(Some("https://www.example.com/a b".to_owned()))
        );
        assert_eq!(first_value(q, "lang"), Ok(Some("fr".to_owned())));
        assert_eq!(first_value(q, "page"), Ok(None));
        assert_eq!(first_value(b"q", "q"), Ok(Some(String::new())));
        // A bad pair anywhere refuses the query, as the whole parse does.
        assert_eq!(first_value(b"q=ok&x=%FF", "q"), Err(FormError::InvalidUtf8));
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(
            first_value(many.as_bytes(), "q"),
            Err(FormError::TooManyFields)
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_replacement() {
        assert_eq!(
            parse_urlencoded(b"description=%FF%FE"),
            Err(FormError::InvalidUtf8)
        );
        assert_eq!(parse_urlencoded(b"d=\xff"), Err(FormError::InvalidUtf8));
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(tag = "action", rename_all = "kebab-case")]
    enum Act {
        LabelAdd {
            #[serde(default)]
            label: String,
        },
        Feedback,
    }

    fn fields(body: &[u8]) -> HashMap<String, String> {
        parse_urlencoded(body).expect("valid").into_iter().collect()
    }

    #[test]
    fn typed_forms_read_their_action_and_ignore_other_fields() {
        assert_eq!(
            typed::<Act>(fields(b"csrf=x&action=label-add&label=%C3%A9t%C3%A9")),
            Ok(Act::LabelAdd {
                label: "été".into()
            })
        );
        assert_eq!(
            typed::<Act>(fields(b"action=label-add")),
            Ok(Act::LabelAdd {
                label: String::new()
            })
        );
        assert_eq!(typed::<Act>(fields(b"action=feedback")), Ok(Act::Feedback));
        for bad in [&b"action=label_add"[..], b"action=", b"label=x", b""] {
            assert_eq!(typed::<Act>(fields(bad)), Err(FormError::Shape), "{bad:?}");
        }
    }

    #[test]
    fn too_many_fields_are_refused() {
        let body = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(
            parse_urlencoded(body.as_bytes()),
            Err(FormError::TooManyFields)
        );
    }
}
