//! The list as an Adblock Plus filter list, which uBlock Origin, AdGuard, Brave and Adblock
//! Plus all read: one `||domain^` rule per active listing, in its covering form, which blocks
//! the domain and every subdomain and nothing else (`||fake.cd^` does not block
//! `notfake.cd`). An official domain is never a rule: the list has already left out every entry
//! that would block one ([`WarningList::new`]).

use std::fmt::Write as _;

use time::macros::format_description;

use super::super::list::WarningList;
use super::super::{EntryStatus, iso_day};
use super::{Edition, NOTICE, domain_entries};

/// The filter list. `! Expires` is the refresh interval blockers honour (a day: the server
/// makes every feed again each day); `! valid_until` is the day this copy stops being valid,
/// for whoever verifies its signature.
pub(super) fn render(list: &WarningList, ed: &Edition<'_>) -> String {
    let changed = list
        .latest_change()
        .unwrap_or(ed.day)
        .format(format_description!("[day] [month repr:short] [year]"))
        .unwrap_or_default();
    let mut out = format!(
        "[Adblock Plus 2.0]\n\
         ! Title: Fake websites impersonating the ICGLR minerals certification scheme\n\
         ! Description: {NOTICE}\n\
         ! Homepage: {base}/warnings\n\
         ! Expires: 1 day\n\
         ! Version: {version}.{serial}\n\
         ! Last modified: {changed} 00:00 UTC\n\
         ! valid_until: {until}\n",
        base = ed.base_url,
        version = iso_day(ed.day).replace('-', ""),
        serial = list.serial(),
        until = iso_day(ed.valid_until()),
    );
    let mut bases: Vec<String> = domain_entries(list)
        .filter(|(e, _)| e.status == EntryStatus::Active)
        .map(|(_, d)| d.base().as_str().to_owned())
        .collect();
    bases.sort_unstable();
    bases.dedup();
    for b in bases {
        let _ = writeln!(out, "||{b}^");
    }
    out
}
