//! The names of the staff forms' actions: what the `action` field of the case page's and the
//! accounts page's forms may say.
//!
//! Templates write these names from the enums (`{{ CaseAction::Note }}`), and handlers read
//! them back with [`FromStr`], so a misspelt action is a compile error in either place instead
//! of a form that silently does nothing; a name that is no action gets the bad-form page.

use std::fmt;
use std::str::FromStr;

use crate::domain::names::UnknownName;

/// What a form on the case page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// Change the status (`status` field).
    Status,
    /// Assign to a colleague by name, or to nobody (`assignee` field, empty for nobody).
    Assign,
    /// Add a label (`label` field).
    LabelAdd,
    /// Remove a label (`label` field).
    LabelRemove,
    /// Add an internal note (`note` field).
    Note,
    /// Give a colleague this case's key (`to` field).
    Grant,
    /// Record that the whistle-blower was given feedback.
    Feedback,
    /// Send the whistle-blower a message (`message` field).
    Reply,
    /// Send a reply template as it is (`template` id, `tl` = `en` or `fr`).
    ReplyTemplate,
    /// File the case as possible spam.
    Spam,
    /// Move the case back from possible spam to the queue.
    NotSpam,
}

impl CaseAction {
    /// Every action.
    pub const ALL: [CaseAction; 11] = [
        Self::Status,
        Self::Assign,
        Self::LabelAdd,
        Self::LabelRemove,
        Self::Note,
        Self::Grant,
        Self::Feedback,
        Self::Reply,
        Self::ReplyTemplate,
        Self::Spam,
        Self::NotSpam,
    ];

    /// The form value, also the `done=` code of the redirect after it (`case-done-…` message).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Assign => "assign",
            Self::LabelAdd => "label-add",
            Self::LabelRemove => "label-remove",
            Self::Note => "note",
            Self::Grant => "grant",
            Self::Feedback => "feedback",
            Self::Reply => "reply",
            Self::ReplyTemplate => "reply-template",
            Self::Spam => "spam",
            Self::NotSpam => "not-spam",
        }
    }
}

impl FromStr for CaseAction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownName::new("case action", s))
    }
}

impl fmt::Display for CaseAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a form on the accounts page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// Create an account and show its setup link (admins).
    Create,
    /// Reset an account: new setup link, old key gone (admins).
    Reset,
    /// Disable an account (admins).
    Disable,
    /// Enable a disabled account (admins).
    Enable,
    /// Clear an account's login throttle (admins).
    Unlock,
    /// Give a colleague every case one can read (anyone).
    GrantAll,
}

impl AccountAction {
    /// Every action.
    pub const ALL: [AccountAction; 6] = [
        Self::Create,
        Self::Reset,
        Self::Disable,
        Self::Enable,
        Self::Unlock,
        Self::GrantAll,
    ];

    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Reset => "reset",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::Unlock => "unlock",
            Self::GrantAll => "grant-all",
        }
    }

    /// Whether only an admin may do it.
    pub fn admin_only(self) -> bool {
        self != Self::GrantAll
    }

    /// Whether it would lock the actor out of their own account, which the page refuses.
    pub fn locks_out(self) -> bool {
        matches!(self, Self::Reset | Self::Disable)
    }
}

impl FromStr for AccountAction {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownName::new("account action", s))
    }
}

impl fmt::Display for AccountAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_fail() {
        for a in CaseAction::ALL {
            assert_eq!(a.as_str().parse::<CaseAction>(), Ok(a));
        }
        for a in AccountAction::ALL {
            assert_eq!(a.as_str().parse::<AccountAction>(), Ok(a));
        }
        assert!("label_add".parse::<CaseAction>().is_err());
        assert!("".parse::<CaseAction>().is_err());
        assert!("Grant-All".parse::<AccountAction>().is_err());
    }
}
