//! A case: the server's record of one report, holding only what triage needs in clear.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

/// Random, non-sequential case identifier: 128 bits, lower-case hex.
///
/// Random so that ids reveal neither how many reports arrived nor in which order.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(String);

impl CaseId {
    /// Makes a case id from 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        Self(hex::encode(bytes))
    }

    /// Parses an id typed by an operator (`filimbi export --case`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        (s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Self(s))
    }

    /// The id as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaseId({})", self.0)
    }
}

/// Where a case stands in triage. Only `new` is set by intake; investigators move it later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Received, nobody has looked yet.
    New,
    /// An investigator confirmed receipt.
    Acknowledged,
    /// Being worked on.
    Investigating,
    /// The fraud was confirmed.
    Verified,
    /// Not pursued.
    Dismissed,
    /// Junk.
    Spam,
    /// Finished.
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 7] = [
        Status::New,
        Status::Acknowledged,
        Status::Investigating,
        Status::Verified,
        Status::Dismissed,
        Status::Spam,
        Status::Closed,
    ];

    /// Stable name used in storage and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Acknowledged => "acknowledged",
            Status::Investigating => "investigating",
            Status::Verified => "verified",
            Status::Dismissed => "dismissed",
            Status::Spam => "spam",
            Status::Closed => "closed",
        }
    }

    /// Inverse of [`Status::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl std::str::FromStr for Status {
    type Err = super::names::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::names::UnknownName::new("status", s))
    }
}

/// The stored name, so templates can write a status where its name belongs (CSS classes,
/// links) without a string that could drift from [`Status::as_str`].
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The day a report was received, in UTC. Deliberately no time of day: the exact minute a
/// report arrived can be matched against who was at work or online at that minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceivedDay(Date);

impl ReceivedDay {
    /// Wraps a calendar date.
    pub fn new(date: Date) -> Self {
        Self(date)
    }

    /// The calendar date.
    pub fn date(&self) -> Date {
        self.0
    }

    /// ISO 8601 `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }

    /// Parses `YYYY-MM-DD` as written by [`ReceivedDay::iso`].
    pub fn parse(s: &str) -> Option<Self> {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        Date::parse(s, &fmt).ok().map(Self)
    }
}

/// How a report came in. In clear, like its kind: investigators triage on it, and it says only
/// which door was used, not who used it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// The web form (with or without Tor, with or without JavaScript).
    Web,
    /// A text message through an SMS gateway.
    Sms,
    /// A USSD menu session through a USSD gateway.
    Ussd,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Web, Channel::Sms, Channel::Ussd];

    /// Stable name used in storage, URLs and message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Sms => "sms",
            Channel::Ussd => "ussd",
        }
    }

    /// Inverse of [`Channel::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::str::FromStr for Channel {
    type Err = super::names::UnknownName;

    /// The queue's channel filter (`?channel=sms`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::names::UnknownName::new("channel", s))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
