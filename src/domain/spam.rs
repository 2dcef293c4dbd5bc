//! Telling a likely automated report from a person's, without JavaScript, CAPTCHA or IPs.
//!
//! Two signals, both from the form itself: a hidden field that people (and screen readers)
//! never see but form-filling robots do, and the age of the form's token when it comes back.
//! A report with a signal is never dropped: it is stored encrypted like any other and filed
//! as "possible spam" for an investigator to look at (and move back to the queue).

/// The hidden field: off-screen, `aria-hidden`, out of the tab order, no autocomplete, and
/// labelled "leave this empty" for anyone who still meets it. Named like the fields robots
/// fill on their own.
pub const HONEYPOT_FIELD: &str = "homepage";

/// Sent sooner than this after the form was issued (seconds): no person reads the form, types
/// a description and presses send in under 3 seconds, even on a form shown again with their
/// text kept (reading the notice and finding the button takes longer); a script posting the
/// form it just fetched does it in well under one.
pub const TOO_FAST_SECS: u64 = 3;

/// Sent later than this after the form was issued (seconds): 11 hours, the last hour of the
/// token's 12-hour validity (`crypto::form_token::MAX_AGE`). Robots that harvest forms in
/// bulk and spend them later send them near the end of their life; a person who left the
/// form open overnight may too, which is why this files the report for a look, never drops it.
pub const TOO_LATE_SECS: u64 = 11 * 60 * 60;

/// Why a report was filed as possible spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The hidden field was filled in.
    Honeypot,
    /// Sent within [`TOO_FAST_SECS`] of the form being issued.
    TooFast,
    /// Sent more than [`TOO_LATE_SECS`] after the form was issued.
    TooLate,
}

/// The first signal a submission shows, if any: `honeypot` is what came in the hidden field,
/// `issued` and `now` the token's issue time and the time it came back (Unix seconds).
pub fn signal(honeypot: &str, issued: u64, now: u64) -> Option<Signal> {
    let age = now.saturating_sub(issued);
    if !honeypot.trim().is_empty() {
        Some(Signal::Honeypot)
    } else if age < TOO_FAST_SECS {
        Some(Signal::TooFast)
    } else if age > TOO_LATE_SECS {
        Some(Signal::TooLate)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals() {
        let t = 1_000_000;
        assert_eq!(signal("", t, t + 60), None);
        assert_eq!(signal("", t, t + TOO_FAST_SECS), None);
        assert_eq!(signal("", t, t + TOO_LATE_SECS), None);
        assert_eq!(signal("http://x", t, t + 60), Some(Signal::Honeypot));
        assert_eq!(signal("", t, t + 1), Some(Signal::TooFast));
        // A token issued a little in the future (clock skew) counts as just issued.
        assert_eq!(signal("", t + 10, t), Some(Signal::TooFast));
        assert_eq!(signal("", t, t + TOO_LATE_SECS + 1), Some(Signal::TooLate));
        assert_eq!(signal(" ", t, t + 60), None);
    }
}
