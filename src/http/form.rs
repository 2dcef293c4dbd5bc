//! Strict parsing of `application/x-www-form-urlencoded` bodies.
//!
//! serde_urlencoded (behind axum's `Form`) decodes invalid UTF-8 lossily, silently replacing a
//! person's words with U+FFFD; here invalid UTF-8 is an error the person is told about.

use axum::body::Body;
use axum::http::HeaderMap;
use percent_encoding::percent_decode;

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
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        if out.len() == MAX_FIELDS {
            return Err(FormError::TooManyFields);
        }
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        out.push((decode(name)?, decode(value)?));
    }
    Ok(out)
}

fn decode(raw: &[u8]) -> Result<String, FormError> {
    let plus: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let bytes: Vec<u8> = percent_decode(&plus).collect();
    String::from_utf8(bytes).map_err(|_| FormError::InvalidUtf8)
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
    fn invalid_utf8_is_an_error_not_a_replacement() {
        assert_eq!(
            parse_urlencoded(b"description=%FF%FE"),
            Err(FormError::InvalidUtf8)
        );
        assert_eq!(parse_urlencoded(b"d=\xff"), Err(FormError::InvalidUtf8));
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
