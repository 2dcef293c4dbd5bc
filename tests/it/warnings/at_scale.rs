//! The search and the check on long lists: the same answers as the plain definition (a scan
//! of every entry) on a mixed list, and a search at 100 000 entries that compares only the
//! few entries that could match.

use std::cmp::Reverse;

use filimbi::domain::warnings::target::parse_target;
use filimbi::domain::warnings::{
    DomainName, Entry, EntryStatus, Event, EventAction, Officials, PublicReason, Target,
    WarningList,
};
use filimbi::http::warnings::PER_PAGE;
use filimbi::services::warnings::ImportItem;

use super::*;

/// What the search has always meant, written as the scan it used to be: a website matches
/// when its name, in ASCII or in Unicode, contains the lower-cased search; a certificate
/// number when its letters and digits contain the search's; newest first, then highest id.
fn scanned(list: &WarningList, q: &str) -> Vec<i64> {
    let needle = q.trim().to_lowercase();
    let key: String = needle
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_uppercase)
        .collect();
    let mut found: Vec<&Entry> = list
        .entries()
        .iter()
        .filter(|e| {
            needle.is_empty()
                || match &e.target {
                    Target::Domain(d) => {
                        d.as_str().contains(&needle) || d.unicode().contains(&needle)
                    }
                    Target::Certificate(c) => !key.is_empty() && c.key().contains(&key),
                }
        })
        .collect();
    found.sort_by_key(|e| (Reverse(e.changed_day), Reverse(e.id)));
    found.into_iter().map(|e| e.id).collect()
}

/// Every id the list's pages give for `q`, first page to last, and the count they report.
fn paged(list: &WarningList, q: &str, per_page: usize) -> (Vec<i64>, usize) {
    let first = list.page(q, 1, per_page);
    let mut ids = Vec::new();
    for page in 1..=first.pages {
        let p = list.page(q, page, per_page);
        assert_eq!(
            (p.page, p.pages, p.matching),
            (page, first.pages, first.matching)
        );
        ids.extend(p.entries.iter().map(|e| e.id));
    }
    (ids, first.matching)
}

/// The entry ids on a `/warnings` page, in order.
fn page_ids(body: &str) -> Vec<i64> {
    body.match_indices("<li id=\"entry-")
        .filter_map(|(at, m)| {
            let rest = &body[at + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

fn item(target: &str, status: EntryStatus) -> ImportItem {
    ImportItem {
        target: parse_target(target).expect(target),
        status,
        reason: PublicReason::new("Fake.", "Faux.").expect("reason"),
        withdrawal: None,
    }
}

/// Websites (plain, `www.`, subdomains, internationalised in two scripts) and certificate
/// numbers with different separators, some withdrawn, listed over two days so that the page
/// order is not the order of the ids.
async fn mixed_list(solo: &mut Solo) -> Vec<ImportItem> {
    let mut first = Vec::new();
    for i in 0..40 {
        first.push(item(&format!("fake-shop-{i}.example"), EntryStatus::Active));
        first.push(item(&format!("www.fake-bank-{i}.cd"), EntryStatus::Active));
        first.push(item(
            &format!("pay.icglr-vérifier-{i}.cd"),
            EntryStatus::Active,
        ));
        first.push(item(&format!("сертификат-{i}.рф"), EntryStatus::Active));
        first.push(item(&format!("CD-2026-{i:04}"), EntryStatus::Active));
        first.push(item(&format!("RW/2025/{i}"), EntryStatus::Active));
    }
    solo.app
        .state
        .warnings
        .import("test", &first)
        .await
        .expect("import");
    solo.next_day().await;
    // The next day: some withdrawn, some new, so they come first on the page.
    let mut second = Vec::new();
    for i in (0..40).step_by(7) {
        second.push(item(
            &format!("fake-shop-{i}.example"),
            EntryStatus::Withdrawn,
        ));
        second.push(item(&format!("CD-2026-{i:04}"), EntryStatus::Withdrawn));
        second.push(item(
            &format!("late-{i}.fake-shop.example"),
            EntryStatus::Active,
        ));
    }
    solo.app
        .state
        .warnings
        .import("test", &second)
        .await
        .expect("import");
    first.into_iter().chain(second).collect()
}

#[tokio::test]
async fn the_search_finds_what_a_scan_of_every_entry_finds_in_the_same_order() {
    let mut solo = Solo::new().await;
    mixed_list(&mut solo).await;
    let app = &solo.app;
    let published = app.state.warnings.current();
    let list = &published.list;
    assert!(list.entries().len() >= 250, "{}", list.entries().len());
    let searches = [
        "",
        "f",
        "fa",
        "fak",
        "fake",
        "FAKE-SHOP-1",
        "  Fake-Bank  ",
        "shop-12",
        "www.",
        "www.fake-bank-7.cd",
        "pay.icglr",
        "vérifier",
        "vérifier-3",
        "xn--",
        "xn--icglr-vrifier",
        "сертификат",
        "ерт",
        ".рф",
        "xn--p1ai",
        ".cd",
        "-",
        ".",
        "1",
        "12",
        "2026",
        "cd-2026-00",
        "cd 2026 0012",
        "CD/2026/0012",
        "cd2026",
        "rw/2025",
        "RW 2025 3",
        "0012",
        "late",
        "shop.example",
        "nothing-like-it",
        "é",
        "%",
        "/",
    ];
    for q in searches {
        let want = scanned(list, q);
        for per_page in [1, 10, 7] {
            assert_eq!(
                paged(list, q, per_page),
                (want.clone(), want.len()),
                "{q:?}"
            );
        }
        // Through the page, first, second and last page.
        let pages = want.len().div_ceil(PER_PAGE).max(1);
        for page in [1, 2, pages] {
            let r = app
                .get(&format!("/warnings?q={}&page={page}", enc(q)))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q:?}");
            let expected: Vec<i64> = want
                .iter()
                .copied()
                .skip((page.min(pages) - 1) * PER_PAGE)
                .take(PER_PAGE)
                .collect();
            assert_eq!(page_ids(&r.body), expected, "{q:?} page {page}");
        }
    }
}

#[tokio::test]
async fn the_check_gives_the_same_verdicts_on_a_long_list() {
    let mut solo = Solo::new().await;
    mixed_list(&mut solo).await;
    let app = &solo.app;
    let published = app.state.warnings.current();
    let id = |listed: &str| {
        published
            .list
            .entry_for(&parse_target(listed).expect(listed))
            .map(|e| e.id)
            .expect(listed)
    };
    // (query, verdict, listing it answers with, canonical form).
    let cases = [
        (
            "https://user:secret@WWW.Fake-Bank-7.cd:8443/login?next=/a#top",
            "listed",
            Some("www.fake-bank-7.cd"),
            "www.fake-bank-7.cd",
        ),
        (
            "fake-bank-7.cd",
            "listed",
            Some("www.fake-bank-7.cd"),
            "fake-bank-7.cd",
        ),
        (
            "a.b.fake-bank-39.cd",
            "listed",
            Some("www.fake-bank-39.cd"),
            "a.b.fake-bank-39.cd",
        ),
        (
            "mailto:help@fake-shop-3.example",
            "listed",
            Some("fake-shop-3.example"),
            "fake-shop-3.example",
        ),
        (
            "fake-shop-7.example",
            "withdrawn",
            Some("fake-shop-7.example"),
            "fake-shop-7.example",
        ),
        (
            "//x.late-7.fake-shop.example:80",
            "listed",
            Some("late-7.fake-shop.example"),
            "x.late-7.fake-shop.example",
        ),
        ("fake-shop.example", "unknown", None, "fake-shop.example"),
        (
            "http://pay.icglr-vérifier-5.cd/étape?x=1",
            "listed",
            Some("pay.icglr-vérifier-5.cd"),
            "pay.xn--icglr-vrifier-5-hnb.cd",
        ),
        (
            "HTTPS://PAY.XN--ICGLR-VRIFIER-5-HNB.CD./",
            "listed",
            Some("pay.icglr-vérifier-5.cd"),
            "pay.xn--icglr-vrifier-5-hnb.cd",
        ),
        (
            "icglr-vérifier-5.cd",
            "lookalike",
            None,
            "xn--icglr-vrifier-5-hnb.cd",
        ),
        (
            "http://сертификат-9.рф:8080",
            "listed",
            Some("сертификат-9.рф"),
            "xn---9-6kctpao9bhmeu.xn--p1ai",
        ),
        (
            "https://ceec-icglr.org/verify",
            "official",
            None,
            "ceec-icglr.org",
        ),
        ("ceec-icg1r.com", "lookalike", None, "ceec-icg1r.com"),
        ("cd 2026 0012", "listed", Some("CD-2026-0012"), "CD20260012"),
        (
            "CD/2026/0014",
            "withdrawn",
            Some("CD-2026-0014"),
            "CD/2026/0014",
        ),
        ("rw-2025-3", "listed", Some("RW/2025/3"), "RW-2025-3"),
        ("CD-2026-9999", "unknown", None, "CD-2026-9999"),
    ];
    for (q, verdict, listing, canonical) in cases {
        let (status, v, _) = app.check_json(q).await;
        assert_eq!(status, StatusCode::OK, "{q}: {v}");
        assert_eq!(v["verdict"], verdict, "{q}: {v}");
        assert_eq!(v["canonical"], canonical, "{q}: {v}");
        assert_eq!(v["entry"]["id"].as_i64(), listing.map(id), "{q}: {v}");
        let page = app.check_page(q, "en").await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        assert_eq!(page_verdict(&page.body).as_deref(), Some(verdict), "{q}");
        if let Some(l) = listing {
            assert!(
                page.body.contains(&format!("id=\"entry-{}\"", id(l))),
                "{q}"
            );
        }
    }
}

/// `n` active websites `www.fake-site-N.example` and `n / 10` certificate numbers, as the
/// benchmark lists them.
fn big_list(n: usize) -> WarningList {
    let day = time::macros::date!(2026 - 11 - 23);
    let reason = PublicReason::new("Fake", "Faux").expect("reason");
    let targets = (0..n)
        .map(|i| format!("www.fake-site-{i}.example"))
        .chain((0..n / 10).map(|i| format!("CD-2026-{i:05}")));
    let entries = targets
        .zip(1..)
        .map(|(target, id)| Entry {
            id,
            target: parse_target(&target).expect("target"),
            status: EntryStatus::Active,
            listed_day: day,
            changed_day: day,
            history: vec![Event {
                seq: id,
                day,
                action: EventAction::Listed,
                reason: reason.clone(),
            }],
        })
        .collect();
    let official = DomainName::parse("ceec-icglr.org").expect("official");
    WarningList::new(entries, Officials::new(vec![official]))
}

#[test]
fn a_search_at_100000_entries_compares_only_the_entries_that_could_match() {
    let list = big_list(100_000);
    assert_eq!(list.entries().len(), 110_000);
    let one = list.page("fake-site-4711.example", 1, 10);
    let ids: Vec<i64> = one.entries.iter().map(|e| e.id).collect();
    assert_eq!((ids, one.matching), (vec![4712], 1));
    assert!(one.examined <= 5, "{} entries compared", one.examined);

    // A number: the websites holding `4711` and the certificate `CD-2026-04711`.
    let number = list.page("04711", 1, 10);
    assert_eq!(number.matching, 1);
    assert_eq!(number.entries.first().map(|e| e.id), Some(104_712));
    assert!(
        number.examined <= 20,
        "{} entries compared",
        number.examined
    );
    let digits = list.page("4711", 1, 10);
    assert_eq!(digits.matching, scanned(&list, "4711").len());
    assert!(
        digits.examined <= 60,
        "{} entries compared",
        digits.examined
    );

    // Up to three characters the index answers alone, even when most entries match, and a
    // late page costs what the first does.
    let wide = list.page("ke-", 9_000, 10);
    assert_eq!(
        (wide.matching, wide.pages, wide.examined),
        (100_000, 10_000, 0)
    );
    let ids: Vec<i64> = wide.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, scanned(&list, "ke-")[89_990..90_000]);
    assert_eq!(list.page("nothing", 1, 10).examined, 0);
}
