//! An investigator session's index: identifier → the cases naming it, and back. Built only in
//! memory from what that session decrypted (`services::workspace::related`), never stored.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::domain::case::CaseId;

use super::Identifier;

/// A case related to another, and which identifiers link them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedCase {
    /// The other case.
    pub case: CaseId,
    /// Its received day (ISO).
    pub day: String,
    /// The identifiers both name.
    pub via: Vec<Identifier>,
}

/// Identifier lists by (case, list name), and each identifier's cases.
#[derive(Default)]
pub struct IdentifierIndex {
    lists: HashMap<CaseId, HashMap<String, Vec<Identifier>>>,
    days: HashMap<CaseId, String>,
    count: usize,
    cases: HashMap<Identifier, HashMap<CaseId, u32>>,
}

impl IdentifierIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lists indexed.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Distinct identifiers indexed.
    pub fn distinct(&self) -> usize {
        self.cases.len()
    }

    /// The `(case, list)` keys indexed.
    pub fn keys(&self) -> HashSet<(CaseId, String)> {
        self.lists
            .iter()
            .flat_map(|(c, l)| l.keys().map(|n| (c.clone(), n.clone())))
            .collect()
    }

    /// Adds (or replaces) list `name` of `case`, received on `day`.
    pub fn insert(&mut self, case: CaseId, name: String, day: String, ids: Vec<Identifier>) {
        let key = (case.clone(), name);
        self.remove(&key);
        for id in &ids {
            *self
                .cases
                .entry(id.clone())
                .or_default()
                .entry(case.clone())
                .or_insert(0) += 1;
        }
        self.days.insert(case.clone(), day);
        self.lists.entry(case).or_default().insert(key.1, ids);
        self.count += 1;
    }

    /// Drops one list (its case was purged, or the key wrap that opened it is gone).
    pub fn remove(&mut self, key: &(CaseId, String)) {
        let case = &key.0;
        let Some(of_case) = self.lists.get_mut(case) else {
            return;
        };
        let Some(ids) = of_case.remove(&key.1) else {
            return;
        };
        self.count = self.count.saturating_sub(1);
        if of_case.is_empty() {
            self.lists.remove(case);
            self.days.remove(case);
        }
        for id in ids {
            if let Some(of_id) = self.cases.get_mut(&id) {
                if let Some(n) = of_id.get_mut(case) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        of_id.remove(case);
                    }
                }
                if of_id.is_empty() {
                    self.cases.remove(&id);
                }
            }
        }
    }

    /// Every identifier a case names (its report and answers).
    pub fn identifiers_of(&self, case: &CaseId) -> BTreeSet<Identifier> {
        self.lists
            .get(case)
            .into_iter()
            .flat_map(HashMap::values)
            .flatten()
            .cloned()
            .collect()
    }

    /// The cases naming `id`, newest first.
    pub fn cases_naming(&self, id: &Identifier) -> Vec<(CaseId, String)> {
        let mut out: Vec<(CaseId, String)> = self
            .cases
            .get(id)
            .into_iter()
            .flat_map(|m| m.keys())
            .map(|c| (c.clone(), self.days.get(c).cloned().unwrap_or_default()))
            .collect();
        out.sort_by(|a, b| (&b.1, b.0.as_str()).cmp(&(&a.1, a.0.as_str())));
        out
    }

    /// The other cases naming any identifier `case` names, newest first, with what links them.
    pub fn related(&self, case: &CaseId) -> Vec<RelatedCase> {
        let mut by_case: BTreeMap<(String, String), (CaseId, Vec<Identifier>)> = BTreeMap::new();
        for id in self.identifiers_of(case) {
            for (other, day) in self.cases_naming(&id) {
                if other == *case {
                    continue;
                }
                let key = (day, other.as_str().to_owned());
                by_case
                    .entry(key)
                    .or_insert_with(|| (other, Vec::new()))
                    .1
                    .push(id.clone());
            }
        }
        by_case
            .into_iter()
            .rev()
            .map(|((day, _), (case, via))| RelatedCase { case, day, via })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(n: u8) -> CaseId {
        CaseId::from_random([n; 16])
    }

    fn d(s: &str) -> Identifier {
        Identifier::Domain(s.to_owned())
    }

    #[test]
    fn related_cases_newest_first_with_what_links_them() {
        let mut ix = IdentifierIndex::new();
        ix.insert(
            case(1),
            "report".into(),
            "2026-01-01".into(),
            vec![d("a.com"), d("b.com")],
        );
        ix.insert(
            case(2),
            "report".into(),
            "2026-02-01".into(),
            vec![d("a.com")],
        );
        ix.insert(
            case(3),
            "report".into(),
            "2026-03-01".into(),
            vec![d("c.com")],
        );
        ix.insert(case(3), "2".into(), "2026-03-01".into(), vec![d("b.com")]);
        ix.insert(
            case(4),
            "report".into(),
            "2026-04-01".into(),
            vec![d("z.com")],
        );
        let r = ix.related(&case(1));
        assert_eq!(
            r.iter()
                .map(|r| (r.case.clone(), r.via.clone()))
                .collect::<Vec<_>>(),
            vec![(case(3), vec![d("b.com")]), (case(2), vec![d("a.com")])]
        );
        assert!(ix.related(&case(4)).is_empty());
        assert_eq!(ix.cases_naming(&d("a.com")).len(), 2);
    }

    #[test]
    fn removing_a_list_forgets_only_what_it_named() {
        let mut ix = IdentifierIndex::new();
        ix.insert(
            case(1),
            "report".into(),
            "2026-01-01".into(),
            vec![d("a.com")],
        );
        ix.insert(
            case(1),
            "3".into(),
            "2026-01-01".into(),
            vec![d("a.com"), d("b.com")],
        );
        ix.insert(
            case(2),
            "report".into(),
            "2026-01-02".into(),
            vec![d("b.com")],
        );
        ix.remove(&(case(1), "3".into()));
        assert_eq!(ix.cases_naming(&d("a.com")).len(), 1);
        assert!(ix.related(&case(2)).is_empty());
        ix.remove(&(case(1), "report".into()));
        assert_eq!(ix.distinct(), 1);
        assert_eq!(ix.len(), 1);
    }
}
