use super::*;
use crate::domain::report::{Category, validate};

fn report(category: Category, fields: &[(&str, &str)]) -> Report {
    let pairs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    validate(category, &pairs, &[], 2026).unwrap()
}

fn domain(s: &str) -> Identifier {
    Identifier::Domain(s.to_owned())
}

#[test]
fn every_spelling_of_a_site_is_one_domain() {
    for text in [
        "I paid on https://WWW.Ceec-Verify.com/x yesterday",
        "the site ceec-verify.com. asked for money",
        "they wrote from fraud@Ceec-Verify.COM, twice",
        "(see www.ceec-verify.com)",
        "mailto:agent@ceec-verify.com",
    ] {
        let ids = of_text(text, None);
        assert!(ids.contains(&domain("ceec-verify.com")), "{text}: {ids:?}");
        assert_eq!(ids.len(), 1, "{text}");
    }
}

#[test]
fn structured_fields_are_read_as_what_they_are() {
    let r = report(
        Category::FakeWebsite,
        &[
            ("web_address", "HTTPS://Shop.Example.ORG/pay?x=1"),
            ("description", "nothing else here"),
        ],
    );
    assert_eq!(
        of_report(&r, None).into_iter().collect::<Vec<_>>(),
        vec![domain("shop.example.org")]
    );
    let r = report(
        Category::FakeCertificate,
        &[
            ("certificate_number", "rw 2026 0417"),
            ("description", "the same as RW/2026/0417 again"),
        ],
    );
    let ids = of_report(&r, None);
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        vec![Identifier::Certificate("RW20260417".into())]
    );
}

#[test]
fn prose_is_not_an_identifier() {
    let ids = of_text(
        "In 2024, e.g. in May, COVID-19 was over. I paid 300 USD etc. Mr. Smith.",
        None,
    );
    assert!(ids.is_empty(), "{ids:?}");
}

#[test]
fn phone_numbers_typed_in_text_but_never_the_senders_own() {
    let sender = PhoneNumber::parse("+250788123456").unwrap();
    let ids = of_text(
        "call the broker on +250 722-555 010 or 0788 123 456 (that is me)",
        Some(&sender),
    );
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        vec![Identifier::Phone("722555010".into())]
    );
    let ids = of_text("broker: 0722 555 010", None);
    assert!(ids.contains(&Identifier::Phone("722555010".into())));
}

#[test]
fn queries_use_the_public_checks_canonical_form() {
    assert_eq!(
        Identifier::parse_query(" https://WWW.Ceec-Verify.com/x "),
        Some(domain("ceec-verify.com"))
    );
    assert_eq!(
        Identifier::parse_query("someone@ceec-verify.com"),
        Some(domain("ceec-verify.com"))
    );
    assert_eq!(
        Identifier::parse_query("rw-2026-0417"),
        Some(Identifier::Certificate("RW20260417".into()))
    );
    assert_eq!(
        Identifier::parse_query("+250 722 555 010"),
        Some(Identifier::Phone("722555010".into()))
    );
    assert_eq!(Identifier::parse_query("   "), None);
}

#[test]
fn a_document_round_trips_and_is_bound_to_its_case() {
    let case = CaseId::from_random([7; 16]);
    let ids = of_text("x@ceec-verify.com and RW-2026-0417", None);
    let doc = IdentifiersDoc::new(&case, &ids);
    let json = serde_json::to_vec(&doc).unwrap();
    let back = IdentifiersDoc::parse(&json, case.as_str()).unwrap();
    assert_eq!(back.identifiers().collect::<BTreeSet<_>>(), ids);
    let other = CaseId::from_random([8; 16]);
    assert!(matches!(
        IdentifiersDoc::parse(&json, other.as_str()),
        Err(DocumentError::WrongCase)
    ));
    assert!(!format!("{doc:?}").contains("ceec"));
}

#[test]
fn a_flood_of_addresses_is_capped() {
    let text: String = (0..500).map(|i| format!("site{i}.example.com ")).collect();
    assert_eq!(of_text(&text, None).len(), MAX_PER_DOCUMENT);
}
