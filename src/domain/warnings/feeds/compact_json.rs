//! Compact JSON written straight into a buffer, for the documents answered tens of thousands
//! of times a second (the check API's verdict and the entry in it).
//!
//! Why not only `serde_json`: its serialiser looks every byte of every string up in an escape
//! table, one at a time, and goes through a call per field and per key. For a verdict with
//! its entry (about a kilobyte, most of it the reasons in English and French) that was a third
//! of the API's instructions a request. Here a string with nothing to escape (no `"`, `\` or
//! control character: every key, and nearly every reason) is checked in one pass the compiler
//! vectorises and copied whole; any other string is handed to `serde_json` itself, so the
//! bytes are `serde_json::to_vec`'s to the byte. The documents keep their `serde::Serialize`
//! derive, and the tests hold each writer to it.

/// An object being written: `{`, then fields with commas between them, then `}` on
/// [`Object::end`].
pub struct Object<'b> {
    out: &'b mut Vec<u8>,
    first: bool,
}

impl<'b> Object<'b> {
    /// Opens an object at the end of `out`.
    pub fn begin(out: &'b mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, first: true }
    }

    /// Writes `"key":` (after a comma unless it is the first field) and gives the buffer for
    /// the value. Keys are the program's own names, never escaped: a key that needed it is a
    /// bug the tests' debug build catches.
    pub fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(!needs_escape(key.as_bytes()), "{key:?}");
        let open: &[u8] = if self.first { b"\"" } else { b",\"" };
        self.first = false;
        self.out.extend_from_slice(open);
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// A string field.
    pub fn str(&mut self, key: &'static str, value: &str) -> &mut Self {
        string(self.key(key), value);
        self
    }

    /// A string field, left out when `None` (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn opt_str(&mut self, key: &'static str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    /// A whole-number field.
    pub fn int(&mut self, key: &'static str, value: i64) -> &mut Self {
        let out = self.key(key);
        let mut digits = itoa::Buffer::new();
        out.extend_from_slice(digits.format(value).as_bytes());
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push(b'}');
    }
}

/// Writes `value` as a JSON string, quotes included.
pub fn string(out: &mut Vec<u8>, value: &str) {
    if needs_escape(value.as_bytes()) {
        // Writing into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, value);
    } else {
        out.reserve(value.len() + 2);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    }
}

/// Whether JSON needs anything of `bytes` escaped: a quote, a backslash or a control
/// character. No early exit, so the compiler checks 16 bytes an instruction.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Writes `items` as a JSON array, each through `item`.
pub fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, it);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_serde_jsons_to_the_byte() {
        for s in [
            "",
            "plain",
            "Désigné comme faux site — حماية",
            "a \"quote\"",
            "back\\slash",
            "line\nbreak\ttab\r\u{8}\u{c}",
            "\u{0}\u{1f}\u{7f}",
            "</script>",
        ] {
            assert_eq!(written(s), serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn an_object_is_serde_jsons_to_the_byte() {
        let mut out = Vec::new();
        let mut o = Object::begin(&mut out);
        o.int("id", -7)
            .str("name", "a\"b")
            .opt_str("gone", None)
            .opt_str("here", Some("x"));
        array(o.key("list"), &[1, 2], |out, n: &i32| {
            out.extend_from_slice(n.to_string().as_bytes())
        });
        o.end();
        let expected = serde_json::json!({"id": -7, "name": "a\"b", "here": "x", "list": [1, 2]});
        assert_eq!(out, serde_json::to_vec(&expected).unwrap());
        assert_eq!(written("k").len(), 3);
    }

    proptest! {
        #[test]
        fn any_string_is_serde_jsons_to_the_byte(s in any::<String>()) {
            prop_assert_eq!(written(&s), serde_json::to_vec(&s).unwrap());
        }

        #[test]
        fn any_char_is_serde_jsons_to_the_byte(c in any::<char>(), around in "[a-z]{0,40}") {
            let s = format!("{around}{c}{around}");
            prop_assert_eq!(written(&s), serde_json::to_vec(&s).unwrap());
        }
    }
}
