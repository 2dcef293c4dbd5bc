use super::*;

fn dom(s: &str) -> DomainName {
    DomainName::parse(s).unwrap()
}

fn ceec() -> Officials {
    Officials::new(vec![dom("ceec-icglr.org")])
}

fn two() -> Officials {
    Officials::new(vec![dom("www.ceec-icglr.org"), dom("minerals.gov.rw")])
}

fn reason(o: &Officials, s: &str) -> Option<Reason> {
    o.resemblance(&dom(s)).map(|r| r.reason)
}

fn token(t: &str) -> Option<Reason> {
    Some(Reason::SharedToken(t.to_owned()))
}

#[test]
fn stores_base_forms_and_tokens() {
    let o = two();
    assert_eq!(o.domains(), [dom("ceec-icglr.org"), dom("minerals.gov.rw")]);
    let tokens: Vec<_> = o.prepared.iter().map(|p| p.tokens.len()).collect();
    assert_eq!(tokens, [2, 0]);
    assert_eq!(
        o.prepared.first().unwrap().tokens.first().unwrap().0,
        "ceec"
    );
}

#[test]
fn official_and_subdomains_match() {
    let o = two();
    for s in [
        "ceec-icglr.org",
        "www.ceec-icglr.org",
        "verify.ceec-icglr.org",
        "minerals.gov.rw",
    ] {
        assert!(o.official_match(&dom(s)).is_some(), "{s}");
        assert_eq!(o.resemblance(&dom(s)), None, "{s}");
    }
    assert_eq!(o.official_match(&dom("xceec-icglr.org")), None);
}

#[test]
fn known_fake_sites_flagged() {
    let o = ceec();
    assert_eq!(reason(&o, "www.ceecertification.com"), token("ceec"));
    assert_eq!(reason(&o, "www.ceecicglrcertification.org"), token("ceec"));
    assert_eq!(reason(&o, "www.icglr-icglr.cd"), token("icglr"));
    assert_eq!(reason(&o, "www.icglr-lricg.org"), token("icglr"));
}

#[test]
fn made_up_positives() {
    use Reason::*;
    let o = two();
    let cases = [
        ("сeec-icglr.org", Confusable),        // Cyrillic es, Unicode input
        ("xn--eec-icglr-u3h.org", Confusable), // same, punycode input
        ("cееc-icglr.org", Confusable),        // two Cyrillic ie
        ("www.сeec-icglr.org", Confusable),
        ("login.ceec-icg1r.org", Confusable),
        ("ceec-icg1r.org", Confusable),      // digit one
        ("rninerals.gov.rw", Confusable),    // rn for m
        ("ceec-icgIr.org", EditDistance(1)), // lower-cased to i
        ("ceecicglr.org", EditDistance(1)),
        ("ceec-iclgr.org", EditDistance(1)), // transposition
        ("ceec-icgr.org", EditDistance(1)),
        ("ceec-icglrr.org", EditDistance(1)),
        ("ceec-icglr-org.com", EditDistance(1)),
        ("ceecicglrorg.com", EditDistance(2)),
        ("ceec-icglr.net", EditDistance(0)),
        ("ceec-icglr.co.cd", EditDistance(0)),
        ("ceec-icglr.org.verify-now.com", EditDistance(0)),
        ("ceec-icglr.org.evil.net", EditDistance(0)),
        ("secure.ceec-lcglr.org", EditDistance(1)),
        ("mineral.gov.rw", EditDistance(1)),
        ("minerals-gov.rw", EditDistance(1)),
        ("verify-ceec.com", SharedToken("ceec".into())),
        ("icglr-certificates.org", SharedToken("icglr".into())),
        ("ceec.cd", SharedToken("ceec".into())),
    ];
    for (input, want) in cases {
        let r = o.resemblance(&dom(input));
        assert_eq!(r.as_ref().map(|r| &r.reason), Some(&want), "{input}");
    }
    let second = o.resemblance(&dom("mineral.gov.rw")).unwrap();
    assert_eq!(second.official, dom("minerals.gov.rw"));
}

#[test]
fn made_up_negatives() {
    let o = two();
    for s in [
        "example.com",
        "google.com",
        "rwanda.rw",
        "exceed.com",
        "succeed.org",
        "mininfra.gov.rw",
        "rra.gov.rw",
        "irembo.gov.rw",
        "mining.gov.rw",
        "gov.rw",
        "icg.org",
        "cee.org",
        "certification.org",
        "mineralsexport.com",
        "glr.cd",
    ] {
        assert_eq!(o.resemblance(&dom(s)), None, "{s}");
    }
}

#[test]
fn related_genuine_domain_needs_listing() {
    // icglr.org shares the token "icglr", so it is flagged unless it is listed as official too.
    assert_eq!(reason(&ceec(), "icglr.org"), token("icglr"));
    let o = Officials::new(vec![dom("ceec-icglr.org"), dom("icglr.org")]);
    assert_eq!(o.resemblance(&dom("www.icglr.org")), None);
    assert_eq!(reason(&o, "icglr-ceec.org"), token("ceec"));
}

#[test]
fn rule_order_prefers_confusable() {
    // Also within edit distance 0 of the stem, but the homoglyph is the stronger reason.
    let o = ceec();
    assert_eq!(reason(&o, "ceec-icg1r.org"), Some(Reason::Confusable));
    // No officials: nothing resembles anything.
    assert_eq!(
        Officials::new(vec![]).resemblance(&dom("ceec-icglr.org")),
        None
    );
}

#[test]
fn a_listing_blocks_an_official_domain_when_it_covers_it_or_lies_under_it() {
    let o = two();
    let blocked = |s: &str| o.blocked_by_listing(&dom(s)).map(DomainName::as_str);
    // The official domain itself, in any form the feeds would block.
    assert_eq!(blocked("ceec-icglr.org"), Some("ceec-icglr.org"));
    assert_eq!(blocked("www.ceec-icglr.org"), Some("ceec-icglr.org"));
    // Under it: genuine too.
    assert_eq!(blocked("verify.ceec-icglr.org"), Some("ceec-icglr.org"));
    assert_eq!(blocked("www.minerals.gov.rw"), Some("minerals.gov.rw"));
    // A parent, bare or written with `www.` (the feeds block `gov.rw` and `*.gov.rw` for both).
    assert_eq!(blocked("gov.rw"), Some("minerals.gov.rw"));
    assert_eq!(blocked("www.gov.rw"), Some("minerals.gov.rw"));
    // Siblings, other parents and names that only share letters are not blocked.
    assert_eq!(blocked("mines.gov.rw"), None);
    assert_eq!(blocked("www.mines.gov.rw"), None);
    assert_eq!(blocked("minerals.gov.cd"), None);
    assert_eq!(blocked("xceec-icglr.org"), None);
    assert_eq!(blocked("ceec-icglr.org.evil.com"), None);
    assert_eq!(blocked("icglr.org"), None);
}
