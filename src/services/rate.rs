//! Rate limits that do not depend on IP addresses: one budget per class of route, shared by
//! everyone (behind Tor, everyone shares a few exit addresses, so a per-address limit would
//! either lock out every Tor user at once or nobody). The classes are separate so that a flood
//! of one kind of request (checks, say) never spends the budget of another (reports).
//!
//! This module is the configuration only; `http::rate` turns it into limiters and layers.

/// One class's limit: a steady rate and a burst allowed at once. After a flood stops, the
/// full burst is back within `burst / per_second` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained (at least 1).
    pub per_second: u32,
    /// Requests allowed at once before the rate applies (at least 1).
    pub burst: u32,
}

impl Rate {
    /// `per_second` a second, `burst` at once.
    pub const fn new(per_second: u32, burst: u32) -> Self {
        Self { per_second, burst }
    }

    /// Parses `RATE` or `RATE/BURST` (burst defaults to the rate). Both at least 1.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (rate, burst) = match s.split_once('/') {
            Some((r, b)) => (r, Some(b)),
            None => (s, None),
        };
        let num = |v: &str| match v.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!(
                "{s:?}: expected RATE or RATE/BURST, whole numbers of at least 1"
            )),
        };
        let per_second = num(rate)?;
        let burst = burst.map_or(Ok(per_second), num)?;
        Ok(Self { per_second, burst })
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.per_second, self.burst)
    }
}

/// The limits of every class, or none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// `false` switches every limit off (benchmarks and load tests).
    pub enabled: bool,
    /// First submissions, `POST /report/*`.
    pub submit: Rate,
    /// The report form pages, `GET /report/*`: each mints a form token, so they are limited
    /// like the pages that mint the other forms' tokens (follow-up, login).
    pub form: Rate,
    /// Follow-up pages: `/followup` (the form), `/followup/case` (page and answers),
    /// `/followup/leave`.
    pub followup: Rate,
    /// Receipt attempts, `POST /followup`.
    pub receipt: Rate,
    /// Staff login, `/staff/login`.
    pub login: Rate,
    /// The public check, feeds and warnings list: `/check`, `/api/v1/check`, `/feeds/*`,
    /// `/warnings` (and its search).
    pub public: Rate,
    /// Every other staff page, `/staff/*`.
    pub staff: Rate,
    /// The SMS and USSD gateways' callbacks, `/sms/*` and `/ussd/*` (once their secret is
    /// right: a flood with a wrong secret costs nothing and spends none of it).
    pub gateway: Rate,
}

impl RateLimits {
    /// Every class unlimited.
    pub const OFF: Self = Self {
        enabled: false,
        ..Self::DEFAULT
    };

    /// The defaults, from `cargo bench` on the two-core reference machine (README, "Rate
    /// limits"): 609 durable text reports a second, 22 000 checks a second. Submissions are
    /// limited near that capacity (refusing earlier would only turn real people away); checks
    /// and feeds to about a tenth of theirs, so a flood of them leaves the CPU to intake.
    pub const DEFAULT: Self = Self {
        enabled: true,
        submit: Rate::new(500, 1000),
        // One form page per report sent at capacity.
        form: Rate::new(500, 1000),
        followup: Rate::new(300, 600),
        receipt: Rate::new(
            crate::services::followup::RECEIPT_ATTEMPTS_PER_SECOND,
            crate::services::followup::RECEIPT_ATTEMPTS_BURST,
        ),
        login: Rate::new(10, 50),
        public: Rate::new(2000, 8000),
        staff: Rate::new(100, 400),
        // A busy short code sees a few messages a second; each may seal a report.
        gateway: Rate::new(50, 200),
    };
}

impl RateLimits {
    /// These limits shared out among `replicas` processes behind one address: each process
    /// counts only the requests it serves, so each gets its share of every rate and burst
    /// (rounded up, at least 1), and together they keep about the single-process limits.
    pub fn per_replica(self, replicas: u32) -> Self {
        let share = |r: Rate| {
            let n = replicas.max(1);
            Rate::new(r.per_second.div_ceil(n).max(1), r.burst.div_ceil(n).max(1))
        };
        Self {
            enabled: self.enabled,
            submit: share(self.submit),
            form: share(self.form),
            followup: share(self.followup),
            receipt: share(self.receipt),
            login: share(self.login),
            public: share(self.public),
            staff: share(self.staff),
            gateway: share(self.gateway),
        }
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_and_without_a_burst() {
        assert_eq!(Rate::parse("40"), Ok(Rate::new(40, 40)));
        assert_eq!(Rate::parse("40/200"), Ok(Rate::new(40, 200)));
        assert!(Rate::parse("0/10").is_err());
        assert!(Rate::parse("10/0").is_err());
        assert!(Rate::parse("ten").is_err());
        assert!(Rate::parse("-1").is_err());
        assert_eq!(Rate::new(3, 9).to_string(), "3/9");
    }

    #[test]
    fn replicas_share_the_limits() {
        let two = RateLimits::DEFAULT.per_replica(2);
        assert_eq!(two.submit, Rate::new(250, 500));
        assert_eq!(two.login, Rate::new(5, 25));
        let three = RateLimits::DEFAULT.per_replica(3);
        assert_eq!(three.login, Rate::new(4, 17), "rounded up");
        assert_eq!(RateLimits::DEFAULT.per_replica(1), RateLimits::DEFAULT);
        assert_eq!(RateLimits::DEFAULT.per_replica(0), RateLimits::DEFAULT);
        let many = RateLimits::DEFAULT.per_replica(1000);
        assert_eq!(many.login, Rate::new(1, 1), "never below one");
    }
}
