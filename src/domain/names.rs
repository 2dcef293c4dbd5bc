//! The error of every closed set of names read from outside (a status, a category, a sort
//! order, a form's action, an audit action): one type, so the web layer can turn any of them
//! into the same "not understood" page.

/// A name that is none of a closed set's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {name:?}")]
pub struct UnknownName {
    /// What was being named ("status", "case action"…).
    pub kind: &'static str,
    /// What was given.
    pub name: String,
}

impl UnknownName {
    /// `name` is no `kind`.
    pub fn new(kind: &'static str, name: &str) -> Self {
        Self {
            kind,
            name: name.to_owned(),
        }
    }
}
