//! The whistle-blower's receipt: the only thing that links a person to their report.
//!
//! Format: 28 decimal digits shown as seven groups of four (`1234 5678 …`). Digits because every
//! phone keypad can type them; groups because people copy them by hand. The first 26 digits are
//! uniformly random (log2(10^26) ≈ 86.4 bits, above the 80 bits the design requires); the last two
//! are an ISO 7064 MOD 97-10 check (the IBAN check), which catches every single mistyped digit and
//! every swap of two neighbouring digits, so a typo is reported as a typo rather than as "no such
//! report".
//!
//! The receipt is never stored; see `crypto::receipt_keys` for what is derived from it.

use std::fmt;

use zeroize::Zeroizing;

/// Number of random digits.
pub const RANDOM_DIGITS: usize = 26;
/// Total digits including the two check digits.
pub const TOTAL_DIGITS: usize = RANDOM_DIGITS + 2;
/// 10^26: the random part is drawn uniformly below this.
const RANDOM_BOUND: u128 = 100_000_000_000_000_000_000_000_000;

/// A valid receipt (check digits verified). Its text is zeroed on drop and never printed by
/// `Debug`.
pub struct Receipt {
    digits: Zeroizing<String>,
}

/// Why a typed receipt was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// Not 28 digits once spaces and dashes are removed, or other characters present.
    #[error("a receipt has 28 digits")]
    WrongShape,
    /// 28 digits, but the check digits do not match: almost certainly a typo.
    #[error("the receipt was mistyped")]
    Mistyped,
}

impl Receipt {
    /// Draws a new receipt. `fill` must fill its buffer from a cryptographically secure RNG;
    /// its error (the OS RNG failing) is passed on.
    ///
    /// Rejection sampling keeps the 26 digits exactly uniform.
    pub fn generate<E>(mut fill: impl FnMut(&mut [u8]) -> Result<(), E>) -> Result<Self, E> {
        // 2^128 / 10^26 ≈ 3.4e12, so almost every draw is accepted; take the largest multiple of
        // the bound below 2^128 as the acceptance limit.
        let limit = u128::MAX - (u128::MAX % RANDOM_BOUND);
        let value = loop {
            let mut buf = Zeroizing::new([0u8; 16]);
            fill(buf.as_mut_slice())?;
            let v = u128::from_le_bytes(*buf);
            if v < limit {
                break v % RANDOM_BOUND;
            }
        };
        let body = Zeroizing::new(format!("{value:026}"));
        let check = 98 - mod97(&format!("{}00", body.as_str()));
        Ok(Self {
            digits: Zeroizing::new(format!("{}{check:02}", body.as_str())),
        })
    }

    /// Parses what a person typed: spaces, dashes and dots between digits are ignored.
    pub fn parse(typed: &str) -> Result<Self, ReceiptError> {
        let mut digits = Zeroizing::new(String::with_capacity(TOTAL_DIGITS));
        for c in typed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '\u{a0}' | '\t' => {}
                _ => return Err(ReceiptError::WrongShape),
            }
        }
        if digits.len() != TOTAL_DIGITS {
            return Err(ReceiptError::WrongShape);
        }
        if mod97(&digits) != 1 {
            return Err(ReceiptError::Mistyped);
        }
        Ok(Self { digits })
    }

    /// The 28 digits without separators: the canonical form fed to key derivation.
    pub fn canonical(&self) -> &str {
        &self.digits
    }

    /// The receipt as shown to a person: seven groups of four digits.
    pub fn grouped(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(TOTAL_DIGITS + 6));
        for (i, c) in self.digits.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(<redacted>)")
    }
}

/// Remainder of a decimal digit string modulo 97, digit by digit (ISO 7064 MOD 97-10).
fn mod97(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(seed: u8) -> Receipt {
        let mut n = seed;
        let fill = move |buf: &mut [u8]| -> Result<(), ()> {
            for b in buf.iter_mut() {
                n = n.wrapping_mul(31).wrapping_add(7);
                *b = n;
            }
            Ok(())
        };
        Receipt::generate(fill).expect("test rng never fails")
    }

    #[test]
    fn generated_receipts_have_seven_groups_of_four_digits_and_parse_back() {
        for seed in 0..50 {
            let r = receipt(seed);
            let shown = r.grouped();
            let groups: Vec<&str> = shown.split(' ').collect();
            assert_eq!(groups.len(), 7);
            assert!(groups.iter().all(|g| g.len() == 4));
            let back = Receipt::parse(&shown).expect("own receipt parses");
            assert_eq!(back.canonical(), r.canonical());
        }
    }

    #[test]
    fn every_single_digit_typo_and_neighbour_swap_is_detected() {
        for seed in 0..20 {
            let r = receipt(seed);
            let d: Vec<u8> = r.canonical().bytes().collect();
            for i in 0..d.len() {
                for sub in b'0'..=b'9' {
                    if sub == d[i] {
                        continue;
                    }
                    let mut t = d.clone();
                    t[i] = sub;
                    let s = String::from_utf8(t).expect("ascii");
                    assert_eq!(Receipt::parse(&s).err(), Some(ReceiptError::Mistyped));
                }
                if i + 1 < d.len() && d[i] != d[i + 1] {
                    let mut t = d.clone();
                    t.swap(i, i + 1);
                    let s = String::from_utf8(t).expect("ascii");
                    assert_eq!(Receipt::parse(&s).err(), Some(ReceiptError::Mistyped));
                }
            }
        }
    }

    #[test]
    fn wrong_length_or_letters_are_shape_errors() {
        assert_eq!(Receipt::parse("1234").err(), Some(ReceiptError::WrongShape));
        assert_eq!(
            Receipt::parse("1234 5678 9012 3456 7890 1234 567a").err(),
            Some(ReceiptError::WrongShape)
        );
    }

    #[test]
    fn separators_people_type_are_accepted() {
        let r = receipt(3);
        let dashed = r.grouped().replace(' ', "-");
        assert!(Receipt::parse(&dashed).is_ok());
        assert!(Receipt::parse(r.canonical()).is_ok());
    }

    #[test]
    fn debug_never_prints_the_digits() {
        let r = receipt(9);
        assert!(!format!("{r:?}").contains(&r.canonical()[..6]));
    }
}
