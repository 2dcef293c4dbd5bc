//! The index behind the public list's search (`/warnings?q=`): what a search costs depends on
//! how many entries could match it, not on how long the list is.
//!
//! A search matches a website when its name, in ASCII or as people read it, contains the
//! search, and a certificate number when its letters and digits contain the search's. Both
//! are substring tests, so the index is one of character n-grams: for each sequence of one,
//! two or three characters, the entries whose text contains it, in the public page's order
//! (newest first). A search of three characters or fewer is one lookup whose entries all
//! match, already in order; a longer one intersects the lists of its three-character
//! sequences and compares the text of the entries left, which is all an entry must do to be
//! counted as matching. Built once per change of the list, with the list; only read after.

use std::collections::HashMap;

/// Positions in the page order (0 is the most recently changed entry), ascending.
type Ranks = Vec<u32>;

/// Longest n-gram indexed: three characters make most lists short (a search for a name
/// shares few three-character sequences with unrelated names) while keeping the index to a
/// few tens of bytes per character of listed text.
const N: usize = 3;

/// One side of the index (websites, or certificate numbers), over the texts it searches.
#[derive(Debug, Default)]
pub(super) struct GramIndex {
    grams: HashMap<u64, Ranks>,
}

/// One to three characters as one key. NUL separates the two forms of a name in the searched
/// text and is never part of an indexed sequence, so no two sequences share a key.
fn key(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(0u64, |acc, &c| (acc << 21) | u64::from(u32::from(c)))
}

impl GramIndex {
    /// Indexes `texts`, each given with its rank; ranks must come in ascending order. A text
    /// is split at NUL into parts that are indexed separately.
    pub(super) fn new<'a>(texts: impl Iterator<Item = (u32, &'a str)>) -> Self {
        let mut grams: HashMap<u64, Ranks> = HashMap::new();
        let mut keys = Vec::new();
        let mut chars = Vec::new();
        for (rank, text) in texts {
            keys.clear();
            for part in text.split('\0') {
                chars.clear();
                chars.extend(part.chars());
                for n in 1..=N {
                    keys.extend(chars.windows(n).map(key));
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for &k in &keys {
                grams.entry(k).or_default().push(rank);
            }
        }
        // About 70 entries per website listed; at 100 000 listings the lists' spare capacity
        // alone would be ten of the index's 38 MB.
        for list in grams.values_mut() {
            list.shrink_to_fit();
        }
        Self { grams }
    }

    /// The ranks of the texts containing `needle` (non-empty), ascending; `text(rank)` gives
    /// a text back for the final comparison, and `examined` counts those comparisons.
    pub(super) fn find<'s, 't>(
        &'s self,
        needle: &str,
        text: impl Fn(u32) -> Option<&'t str>,
        examined: &mut usize,
    ) -> Found<'s> {
        let chars: Vec<char> = needle.chars().collect();
        if chars.is_empty() || chars.contains(&'\0') {
            return Found::Exact(&[]);
        }
        if chars.len() <= N {
            // Every text holding this sequence contains the needle: nothing to compare.
            return Found::Exact(self.grams.get(&key(&chars)).map_or(&[], Vec::as_slice));
        }
        let mut lists = Vec::with_capacity(chars.len() - N + 1);
        for window in chars.windows(N) {
            match self.grams.get(&key(window)) {
                Some(list) => lists.push(list.as_slice()),
                None => return Found::Exact(&[]),
            }
        }
        lists.sort_unstable_by_key(|l| l.len());
        let (shortest, others) = lists
            .split_first()
            .map_or((&[][..], &[][..]), |(s, o)| (*s, o));
        let found = shortest
            .iter()
            .copied()
            .filter(|r| others.iter().all(|l| l.binary_search(r).is_ok()))
            .filter(|&r| {
                *examined += 1;
                text(r).is_some_and(|t| t.contains(needle))
            })
            .collect();
        Found::Compared(found)
    }
}

/// What one side of the index found, in page order.
pub(super) enum Found<'a> {
    /// A list from the index as it stands.
    Exact(&'a [u32]),
    /// Entries that passed the comparison.
    Compared(Ranks),
}

impl Found<'_> {
    pub(super) fn as_slice(&self) -> &[u32] {
        match self {
            Found::Exact(s) => s,
            Found::Compared(v) => v,
        }
    }
}

/// `take` ranks from the union of `a` and `b` (ascending, disjoint) after skipping the first
/// `skip`, without walking the skipped ones: a late page costs what the first does.
pub(super) fn union_page(a: &[u32], b: &[u32], skip: usize, take: usize) -> Vec<u32> {
    // The smallest rank `t` such that `skip` members of the union are below it.
    let below = |t: u32| a.partition_point(|&r| r < t) + b.partition_point(|&r| r < t);
    let (mut lo, mut hi) = (0u32, u32::MAX);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) >= skip {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let (mut i, mut j) = (
        a.partition_point(|&r| r < lo),
        b.partition_point(|&r| r < lo),
    );
    let mut out = Vec::with_capacity(take);
    while out.len() < take {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_union_are_those_of_the_merged_list() {
        let a = [0, 3, 4, 9, 10];
        let b = [1, 2, 7, 12];
        let mut merged: Vec<u32> = a.iter().chain(&b).copied().collect();
        merged.sort_unstable();
        for skip in 0..12 {
            for take in 0..4 {
                let want: Vec<u32> = merged.iter().skip(skip).take(take).copied().collect();
                assert_eq!(union_page(&a, &b, skip, take), want, "{skip} {take}");
            }
        }
        assert_eq!(union_page(&[], &b, 1, 2), [2, 7]);
    }

    #[test]
    fn short_needles_are_lookups_and_long_ones_compare_only_candidates() {
        let texts = ["abcdef", "bcdxyz", "xyz\0abc", "zzzz"];
        let index = GramIndex::new(texts.iter().enumerate().map(|(i, t)| (i as u32, *t)));
        let text = |r: u32| texts.get(r as usize).copied();
        let mut examined = 0;
        assert_eq!(index.find("bcd", text, &mut examined).as_slice(), [0, 1]);
        assert_eq!(index.find("z", text, &mut examined).as_slice(), [1, 2, 3]);
        assert_eq!(examined, 0);
        assert_eq!(index.find("bcde", text, &mut examined).as_slice(), [0]);
        assert_eq!(examined, 1, "only the entry holding every sequence");
        // Sequences across the NUL that separates the two forms are not text.
        assert!(
            index
                .find("z\0a", text, &mut examined)
                .as_slice()
                .is_empty()
        );
        assert!(
            index
                .find("yz\0ab", text, &mut examined)
                .as_slice()
                .is_empty()
        );
        assert!(index.find("qq", text, &mut examined).as_slice().is_empty());
    }
}
