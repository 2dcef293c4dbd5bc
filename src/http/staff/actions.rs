//! The names of the staff forms' actions: what the `action` field of the case page's and the
//! accounts page's forms may say.
//!
//! Templates write these names from the enums (`{{ CaseAction::Note }}`); handlers read a
//! posted form into the page's typed form ([`CaseForm`], [`AccountForm`], [`TemplateForm`]),
//! whose `action` tag takes the same names (a test holds the two together), each action with
//! the fields it reads. A misspelt action is a compile error or a failing test instead of a
//! form that silently does nothing; a name that is no action gets the bad-form page.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

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

/// `POST /staff/case/{id}`, by its `action` field: each action with the fields it reads (a
/// field left out is empty, and refused where empty means nothing).
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum CaseForm {
    /// [`CaseAction::Status`].
    Status {
        /// A status name.
        #[serde(default)]
        status: String,
    },
    /// [`CaseAction::Assign`].
    Assign {
        /// A colleague's name, empty for nobody.
        #[serde(default)]
        assignee: String,
    },
    /// [`CaseAction::LabelAdd`].
    LabelAdd {
        /// The label as typed.
        #[serde(default)]
        label: String,
    },
    /// [`CaseAction::LabelRemove`].
    LabelRemove {
        /// The label.
        #[serde(default)]
        label: String,
    },
    /// [`CaseAction::Note`].
    Note {
        /// The note's text.
        #[serde(default)]
        note: String,
    },
    /// [`CaseAction::Grant`].
    Grant {
        /// The colleague's name.
        #[serde(default)]
        to: String,
    },
    /// [`CaseAction::Feedback`].
    Feedback {},
    /// [`CaseAction::Reply`].
    Reply {
        /// The message's text.
        #[serde(default)]
        message: String,
        /// "Also send by SMS" ticked (`1`); offered only when the sender can be texted.
        #[serde(default, deserialize_with = "crate::http::query::checkbox")]
        sms: bool,
    },
    /// [`CaseAction::ReplyTemplate`].
    ReplyTemplate {
        /// The template's id.
        #[serde(default)]
        template: String,
        /// Its language, `en` or `fr`.
        #[serde(default)]
        tl: String,
        /// "Also send by SMS" ticked (`1`).
        #[serde(default, deserialize_with = "crate::http::query::checkbox")]
        sms: bool,
    },
    /// [`CaseAction::Spam`].
    Spam {},
    /// [`CaseAction::NotSpam`].
    NotSpam {},
}

impl CaseForm {
    /// The action asked for (its name is the `done=` code of the redirect after it).
    pub fn action(&self) -> CaseAction {
        match self {
            Self::Status { .. } => CaseAction::Status,
            Self::Assign { .. } => CaseAction::Assign,
            Self::LabelAdd { .. } => CaseAction::LabelAdd,
            Self::LabelRemove { .. } => CaseAction::LabelRemove,
            Self::Note { .. } => CaseAction::Note,
            Self::Grant { .. } => CaseAction::Grant,
            Self::Feedback {} => CaseAction::Feedback,
            Self::Reply { .. } => CaseAction::Reply,
            Self::ReplyTemplate { .. } => CaseAction::ReplyTemplate,
            Self::Spam {} => CaseAction::Spam,
            Self::NotSpam {} => CaseAction::NotSpam,
        }
    }
}

/// `POST /staff/accounts`, by its `action` field.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum AccountForm {
    /// [`AccountAction::Create`]; `admin` is `1` for an administrator.
    Create {
        /// The new account's name as typed.
        #[serde(default)]
        name: String,
        /// `1` for an administrator.
        #[serde(default)]
        admin: String,
    },
    /// [`AccountAction::Reset`].
    Reset {
        /// Account name as typed.
        #[serde(default)]
        name: String,
    },
    /// [`AccountAction::Disable`].
    Disable {
        /// Account name as typed.
        #[serde(default)]
        name: String,
    },
    /// [`AccountAction::Enable`].
    Enable {
        /// Account name as typed.
        #[serde(default)]
        name: String,
    },
    /// [`AccountAction::Unlock`].
    Unlock {
        /// Account name as typed.
        #[serde(default)]
        name: String,
    },
    /// [`AccountAction::GrantAll`].
    GrantAll {
        /// The colleague's name as typed.
        #[serde(default)]
        to: String,
    },
}

impl AccountForm {
    /// The action asked for.
    pub fn action(&self) -> AccountAction {
        match self {
            Self::Create { .. } => AccountAction::Create,
            Self::Reset { .. } => AccountAction::Reset,
            Self::Disable { .. } => AccountAction::Disable,
            Self::Enable { .. } => AccountAction::Enable,
            Self::Unlock { .. } => AccountAction::Unlock,
            Self::GrantAll { .. } => AccountAction::GrantAll,
        }
    }

    /// The account the action is about, as typed (`""` for grant-all, which names a
    /// colleague in `to` instead).
    pub fn name(&self) -> &str {
        match self {
            Self::Create { name, .. }
            | Self::Reset { name }
            | Self::Disable { name }
            | Self::Enable { name }
            | Self::Unlock { name } => name,
            Self::GrantAll { .. } => "",
        }
    }
}

/// `POST /staff/templates`, by its `action` field.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum TemplateForm {
    /// Add (`id` empty) or change a template.
    Save {
        /// The template's id; empty for a new one.
        #[serde(default)]
        id: String,
        /// Its place in the list, as typed (not a number: first).
        #[serde(default)]
        position: String,
        /// English title.
        #[serde(default)]
        title_en: String,
        /// French title.
        #[serde(default)]
        title_fr: String,
        /// English text.
        #[serde(default)]
        body_en: String,
        /// French text.
        #[serde(default)]
        body_fr: String,
    },
    /// Delete a template.
    Delete {
        /// The template's id.
        #[serde(default)]
        id: String,
    },
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

    fn form<T: serde::de::DeserializeOwned>(
        action: &str,
    ) -> Result<T, crate::http::form::FormError> {
        let fields = [("csrf", "t"), ("action", action)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        crate::http::form::typed(fields)
    }

    #[test]
    fn the_typed_forms_take_the_names_the_templates_write() {
        for a in CaseAction::ALL {
            let f: CaseForm = form(a.as_str()).expect("a case form");
            assert_eq!(f.action(), a);
        }
        for a in AccountAction::ALL {
            let f: AccountForm = form(a.as_str()).expect("an account form");
            assert_eq!(f.action(), a);
        }
        for name in ["save", "delete"] {
            assert!(form::<TemplateForm>(name).is_ok(), "{name}");
        }
        assert!(form::<CaseForm>("label_add").is_err());
        assert!(form::<AccountForm>("Grant-All").is_err());
        assert!(form::<TemplateForm>("").is_err());
    }
}
