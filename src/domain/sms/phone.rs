//! The sender's phone number: the most identifying thing Filimbi ever holds.
//!
//! A [`PhoneNumber`] exists in memory only while a message is being handled, or while an
//! investigator's question is being sent; it is stored only sealed (`crypto::contact`). Its
//! text is zeroed on drop and never printed by `Debug`.

use std::fmt;

use zeroize::Zeroizing;

/// Fewest digits a number a gateway gives can have (short codes included).
const MIN_DIGITS: usize = 3;
/// Most digits: E.164 allows 15.
const MAX_DIGITS: usize = 15;

/// A sender's number as the gateway gave it, checked: an optional `+`, then 3 to 15 digits,
/// with the spaces, dashes, dots and brackets some gateways add removed. It is not otherwise
/// rewritten: the gateway sends back to the number it gave, in the form it gave it.
pub struct PhoneNumber(Zeroizing<String>);

/// Why a gateway's sender field is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a phone number")]
pub struct NotANumber;

impl PhoneNumber {
    /// Checks a sender field (`%p` of Kannel, `from` or `phoneNumber` of Africa's Talking).
    pub fn parse(raw: &str) -> Result<Self, NotANumber> {
        let raw = raw.trim();
        let (plus, rest) = match raw.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let mut out = Zeroizing::new(String::with_capacity(raw.len()));
        if plus {
            out.push('+');
        }
        for c in rest.chars() {
            match c {
                '0'..='9' => out.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(NotANumber),
            }
        }
        let digits = out.len() - usize::from(plus);
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            return Err(NotANumber);
        }
        Ok(Self(out))
    }

    /// The number to send to.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Clone for PhoneNumber {
    fn clone(&self) -> Self {
        Self(Zeroizing::new(self.0.as_str().to_owned()))
    }
}

impl PartialEq for PhoneNumber {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for PhoneNumber {}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_spellings_are_accepted_and_cleaned() {
        for (raw, want) in [
            ("+250788123456", "+250788123456"),
            ("250788123456", "250788123456"),
            (" +250 788-123.456 ", "+250788123456"),
            ("(0788) 123 456", "0788123456"),
            ("12345", "12345"),
        ] {
            assert_eq!(
                PhoneNumber::parse(raw).map(|p| p.as_str().to_owned()),
                Ok(want.to_owned())
            );
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for raw in [
            "",
            "+",
            "12",
            "+1234567890123456",
            "abc",
            "+25078x",
            "++250788",
            "25078812345٦",
        ] {
            assert_eq!(PhoneNumber::parse(raw), Err(NotANumber), "{raw:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_number() {
        let p = PhoneNumber::parse("+250788123456").map(|p| format!("{p:?}"));
        assert_eq!(p.as_deref(), Ok("PhoneNumber(<redacted>)"));
    }
}
