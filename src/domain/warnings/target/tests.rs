use super::*;

fn dom(s: &str) -> DomainName {
    DomainName::parse(s).unwrap()
}

#[test]
fn canonical_domains() {
    let cases = [
        ("ceec-icglr.org", "ceec-icglr.org"),
        ("  CEEC-ICGLR.ORG  ", "ceec-icglr.org"),
        ("Example.COM", "example.com"),
        ("example.com.", "example.com"),
        ("example.com:8080", "example.com"),
        ("example.com.:8080", "example.com"),
        ("example.com:", "example.com"),
        ("http://example.com", "example.com"),
        ("HTTPS://Example.com/", "example.com"),
        ("hxxp://example.com/x", "example.com"),
        ("ftp://files.example.com/pub", "files.example.com"),
        ("//example.com/path", "example.com"),
        ("example.com/path/to?x=1", "example.com"),
        ("example.com?q=http://other.net", "example.com"),
        ("example.com#frag", "example.com"),
        ("example.com\\path", "example.com"),
        ("https://user:pw@Example.COM:8443/a?b#c", "example.com"),
        ("https://a@b@example.com/", "example.com"),
        ("info@ceec-icglr.org", "ceec-icglr.org"),
        ("Info.Desk@Mail.CEEC-ICGLR.org", "mail.ceec-icglr.org"),
        ("mailto:info@ceec-icglr.org", "ceec-icglr.org"),
        ("MAILTO:info@ceec-icglr.org?subject=hi", "ceec-icglr.org"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.example", "xn--bcher-kva.example"),
        ("https://bücher.example/seite", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"),
        ("example。com", "example.com"),
        ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
        ("example.com。", "example.com"),
        ("сeec-icglr.org", "xn--eec-icglr-u3h.org"),
        ("a.b.c.example.co.uk", "a.b.c.example.co.uk"),
        ("123.example.com", "123.example.com"),
        ("ab--cd.com", "ab--cd.com"),
    ];
    for (input, want) in cases {
        assert_eq!(
            DomainName::parse(input).map(|d| d.to_string()),
            Ok(want.to_owned()),
            "{input}"
        );
    }
}

#[test]
fn rejected_domains() {
    use TargetError::*;
    let long_label = format!("{}.com", "a".repeat(64));
    let long_name = format!("{}.com", vec!["a".repeat(60); 5].join("."));
    let huge = "a".repeat(2049);
    let cases: Vec<(&str, TargetError)> = vec![
        ("", Empty),
        ("   \t", Empty),
        (&huge, TooLong),
        ("1.2.3.4", IpAddress),
        ("http://192.168.0.1:8080/admin", IpAddress),
        ("１２７．０．０．１", IpAddress),
        ("[::1]", IpAddress),
        ("http://[2001:db8::1]:443/", IpAddress),
        ("2001:db8::1", IpAddress),
        ("user@[::1]", IpAddress),
        ("localhost", InvalidDomain),
        ("com", InvalidDomain),
        (".com", InvalidDomain),
        ("example..com", InvalidDomain),
        ("example.com..", InvalidDomain),
        ("exa mple.com", InvalidDomain),
        ("under_score.com", InvalidDomain),
        ("-lead.com", InvalidDomain),
        ("trail-.com", InvalidDomain),
        ("example.123", InvalidDomain),
        ("999.1.1.1", InvalidDomain),
        ("xn--zz.example", InvalidDomain),
        ("https://", InvalidDomain),
        ("info@", InvalidDomain),
        ("a:b.com", InvalidDomain),
        ("<script>.com", InvalidDomain),
        ("!!!", InvalidDomain),
        (&long_label, InvalidDomain),
        (&long_name, InvalidDomain),
    ];
    for (input, want) in cases {
        assert_eq!(DomainName::parse(input), Err(want), "{input:?}");
    }
    // 63-byte labels are fine.
    assert!(DomainName::parse(&format!("{}.com", "a".repeat(63))).is_ok());
}

#[test]
fn unicode_round_trip() {
    let d = dom("xn--bcher-kva.example");
    assert_eq!(d.unicode(), "bücher.example");
    assert_eq!(dom(&d.unicode()), d);
    assert_eq!(dom("example.com").unicode(), "example.com");
    assert_eq!(dom("xn--eec-icglr-u3h.org").unicode(), "сeec-icglr.org");
}

#[test]
fn names_without_an_idna_label_are_their_own_unicode_form() {
    // What IDNA itself answers, for the names the shortcut in `unicode` skips it for.
    for name in [
        "example.com",
        "ab--cd.example",
        "a-b.c-d.example",
        "0.9-9.example",
        "xn.example",
        "x-n--a.example",
        "www.fake-site-4711.example",
    ] {
        let d = dom(name);
        assert_eq!(d.unicode(), idna::domain_to_unicode(name).0, "{name}");
        assert_eq!(d.unicode(), name);
    }
    assert_eq!(
        dom("pay.xn--bcher-kva.example").unicode(),
        "pay.bücher.example"
    );
}

#[test]
fn labels_base_and_suffixes() {
    let d = dom("a.b.example.com");
    assert_eq!(d.labels().collect::<Vec<_>>(), ["a", "b", "example", "com"]);
    assert_eq!(
        d.suffixes().collect::<Vec<_>>(),
        ["a.b.example.com", "b.example.com", "example.com", "com"]
    );
    assert_eq!(dom("www.example.com").base(), dom("example.com"));
    assert_eq!(dom("www.www.example.com").base(), dom("www.example.com"));
    assert_eq!(dom("www.com").base(), dom("www.com"));
    assert_eq!(dom("wwwexample.com").base(), dom("wwwexample.com"));
    assert_eq!(dom("shop.example.com").base(), dom("shop.example.com"));
}

#[test]
fn within_is_whole_label() {
    let ex = dom("example.com");
    assert!(dom("example.com").is_within(&ex));
    assert!(dom("a.b.example.com").is_within(&ex));
    assert!(dom("www.example.com").is_within(&ex));
    assert!(!dom("notexample.com").is_within(&ex));
    assert!(!dom("example.com.evil.net").is_within(&ex));
    assert!(!ex.is_within(&dom("www.example.com")));
    assert!(!dom("example.org").is_within(&ex));
}

#[test]
fn certificates() {
    let ok = [
        ("RW-2024-00123", "RW-2024-00123"),
        ("cd/2023/0042", "CD/2023/0042"),
        ("BI 1234 5678", "BI12345678"),
        ("\tug-0001 ", "UG-0001"),
        ("RW.2024.001", "RW.2024.001"),
        ("123", "123"),
    ];
    for (input, want) in ok {
        assert_eq!(
            CertificateNumber::parse(input).map(|c| c.to_string()),
            Ok(want.to_owned())
        );
    }
    for bad in [
        "12",
        "ABC-DEF",
        "RW_2024",
        "RW#2024",
        "ÜG-2024",
        &format!("A{}", "1".repeat(64)),
    ] {
        assert_eq!(
            CertificateNumber::parse(bad),
            Err(TargetError::InvalidCertificate),
            "{bad}"
        );
    }
    assert_eq!(CertificateNumber::parse(" "), Err(TargetError::Empty));
}

#[test]
fn target_classification() {
    let domain = |s: &str| Ok(Target::Domain(dom(s)));
    let cert = |s: &str| Ok(Target::Certificate(CertificateNumber::parse(s).unwrap()));
    assert_eq!(parse_target("ceec-icglr.org"), domain("ceec-icglr.org"));
    assert_eq!(
        parse_target("https://ceec-icglr.org/verify"),
        domain("ceec-icglr.org")
    );
    assert_eq!(
        parse_target("info@ceec-icglr.org"),
        domain("ceec-icglr.org")
    );
    assert_eq!(
        parse_target("ceec-icglr.org/RW-2024-1"),
        domain("ceec-icglr.org")
    );
    assert_eq!(
        parse_target("bücher.example"),
        domain("xn--bcher-kva.example")
    );
    assert_eq!(parse_target("RW-2024-00123"), cert("RW-2024-00123"));
    assert_eq!(parse_target("cd/2023/0042"), cert("CD/2023/0042"));
    assert_eq!(parse_target("BI 1234 5678"), cert("BI12345678"));
    assert_eq!(parse_target("RW.2024.001"), cert("RW.2024.001"));
    assert_eq!(parse_target("rw.2024-001"), cert("RW.2024-001"));
    assert_eq!(parse_target(""), Err(TargetError::Empty));
    assert_eq!(parse_target(&"1".repeat(3000)), Err(TargetError::TooLong));
    assert_eq!(parse_target("1.2.3.4"), Err(TargetError::IpAddress));
    assert_eq!(parse_target("[::1]:80"), Err(TargetError::IpAddress));
    // URL or e-mail syntax that fails as a domain reports the domain error.
    assert_eq!(
        parse_target("https://exa mple.com/1"),
        Err(TargetError::InvalidDomain)
    );
    assert_eq!(
        parse_target("http://10.0.0.1/"),
        Err(TargetError::IpAddress)
    );
    assert_eq!(parse_target("bad@RW-2024"), Err(TargetError::InvalidDomain));
    // Neither: the error matches what the input resembles.
    assert_eq!(parse_target("hello"), Err(TargetError::InvalidDomain));
    assert_eq!(
        parse_target("bad_host1.com"),
        Err(TargetError::InvalidDomain)
    );
    assert_eq!(parse_target("12"), Err(TargetError::InvalidCertificate));
    assert_eq!(
        parse_target("RW_2024_1"),
        Err(TargetError::InvalidCertificate)
    );
}

#[test]
fn display_is_ascii() {
    assert_eq!(
        parse_target("bücher.example").unwrap().to_string(),
        "xn--bcher-kva.example"
    );
    assert_eq!(parse_target("bi 12 34").unwrap().to_string(), "BI1234");
}

#[test]
fn a_top_level_label_must_be_letters_or_idna() {
    // RPZ trigger labels would become rules in a resolver, not names.
    for bad in [
        "www.com.rpz-nsdname",
        "32.1.0.0.10.rpz-ip",
        "example.c0m",
        "a.b-c",
    ] {
        assert_eq!(
            DomainName::parse(bad),
            Err(TargetError::InvalidDomain),
            "{bad}"
        );
    }
    assert!(DomainName::parse("example.xn--p1ai").is_ok());
    // Ends in a letters-and-digits label: a certificate number, not a domain.
    assert_eq!(
        parse_target("RW.2024.001A").unwrap(),
        Target::Certificate(CertificateNumber::parse("RW.2024.001A").unwrap())
    );
}

#[test]
fn a_percent_escaped_host_is_decoded_as_browsers_do() {
    assert_eq!(
        DomainName::parse("http://fak%65.com/login")
            .unwrap()
            .as_str(),
        "fake.com"
    );
    assert_eq!(
        DomainName::parse("http://b%C3%BCcher.example/")
            .unwrap()
            .as_str(),
        "xn--bcher-kva.example"
    );
    assert_eq!(
        DomainName::parse("http://bad%FF.com/"),
        Err(TargetError::InvalidDomain)
    );
}
