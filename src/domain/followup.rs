//! What a whistle-blower coming back with the receipt is told about their report.
//!
//! Internal labels, statuses and assignees stay internal: the person sees one of three states
//! in plain words. "Spam" and "dismissed" read as closed — telling a sender their report was
//! judged spam helps nobody and tells a prober how triage works.

use super::case::Status;

/// The state of a report in the whistle-blower's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicState {
    /// Nobody has looked yet.
    Received,
    /// An investigator is working on it.
    BeingLookedAt,
    /// Work on it has ended.
    Closed,
}

impl PublicState {
    /// The state shown for an internal status.
    pub fn of(status: Status) -> Self {
        match status {
            Status::New => Self::Received,
            Status::Acknowledged | Status::Investigating | Status::Verified => Self::BeingLookedAt,
            Status::Dismissed | Status::Spam | Status::Closed => Self::Closed,
        }
    }

    /// Stable name (message keys `followup-state-…`, `data-state` in pages).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::BeingLookedAt => "being-looked-at",
            Self::Closed => "closed",
        }
    }
}

/// Text as a person typed it into a form, with line breaks as one character: browsers send
/// `\r\n` but count it as one against `maxlength`, so lengths are checked on this form (as
/// report fields are), and this is what is stored.
pub fn typed_text(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// Whether an answer fits ([`MAX_ANSWER_CHARS`]) once normalised by [`typed_text`].
pub fn answer_fits(raw: &str) -> bool {
    typed_text(raw).chars().count() <= MAX_ANSWER_CHARS
}

/// Longest answer a whistle-blower may send, in characters (like a report's description).
pub const MAX_ANSWER_CHARS: usize = 20_000;
/// Longest investigator message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_count_once_as_browsers_count_them() {
        assert_eq!(typed_text(" one\r\ntwo\rthree \n"), "one\ntwo\nthree");
        let at_limit = format!(
            "{}\r\n{}",
            "a".repeat(MAX_ANSWER_CHARS - 11),
            "b".repeat(10)
        );
        assert!(answer_fits(&at_limit));
        assert!(!answer_fits(&"a".repeat(MAX_ANSWER_CHARS + 1)));
    }

    #[test]
    fn every_status_has_a_public_state_and_internal_ones_do_not_leak() {
        assert_eq!(PublicState::of(Status::New), PublicState::Received);
        assert_eq!(
            PublicState::of(Status::Verified),
            PublicState::BeingLookedAt
        );
        assert_eq!(PublicState::of(Status::Spam), PublicState::Closed);
        assert_eq!(PublicState::of(Status::Dismissed), PublicState::Closed);
        for s in Status::ALL {
            assert!(!PublicState::of(s).as_str().contains("spam"));
        }
    }
}
