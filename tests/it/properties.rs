//! Properties of the parsers that read what strangers send, over generated input (proptest):
//! the file cleaners, the multipart header guard, the form parser, receipt parsing and domain
//! canonicalisation. cargo-fuzz needs a nightly toolchain, which this project's machines do
//! not have; these run in every test run instead, a few hundred cases each (more with
//! `PROPTEST_CASES=10000 cargo test --test it properties`).

use axum::body::Bytes;
use futures_util::StreamExt;
use proptest::prelude::*;

use filimbi::domain::receipt::Receipt;
use filimbi::domain::warnings::DomainName;
use filimbi::http::form::parse_urlencoded;
use filimbi::http::header_guard::HeaderGuard;
use filimbi::scrub::{self, Outcome};

/// The first bytes of every format a cleaner reads, so generated files reach the parsers
/// instead of stopping at type detection.
const MAGICS: [&[u8]; 8] = [
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"RIFF\0\0\0\0WEBPVP8 ",
    b"%PDF-1.5\n",
    b"PK\x03\x04",
    b"\0\0\0\x18ftypisom",
    b"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A cleaner never hangs or crashes the caller, and a file it does not clean comes back
    /// byte for byte.
    #[test]
    fn cleaners_clean_or_keep_exactly(magic in 0..MAGICS.len(), tail in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut file = MAGICS[magic].to_vec();
        file.extend_from_slice(&tail);
        let out = scrub::scrub(file.clone());
        if let Outcome::NotRemoved(_) = out.outcome {
            prop_assert_eq!(out.bytes, file);
        }
    }

    /// Whatever is typed into a form comes back as it was typed.
    #[test]
    fn form_fields_round_trip(fields in prop::collection::vec(("\\PC{0,12}", "\\PC{0,40}"), 0..6)) {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let parsed = parse_urlencoded(&crate::common::encode(&pairs)).expect("parses");
        let want: Vec<(String, String)> = fields.clone();
        prop_assert_eq!(parsed, want);
    }

    /// Any bytes: an answer, never a panic.
    #[test]
    fn form_parser_takes_any_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_urlencoded(&body);
    }

    /// A receipt typed with any grouping of spaces, dashes and dots is the same receipt; one
    /// digit changed is caught as a typo, never taken for another receipt.
    #[test]
    fn receipts_survive_any_grouping_and_catch_one_wrong_digit(
        seed in any::<[u8; 16]>(),
        seps in prop::collection::vec(prop::sample::select(vec!["", " ", "-", ".", "  "]), 28),
        at in 0usize..28,
        bump in 1u8..10,
    ) {
        let receipt = Receipt::generate(|b: &mut [u8]| {
            b.copy_from_slice(&seed);
            Ok::<(), ()>(())
        }).expect("receipt");
        let canonical = receipt.canonical().to_owned();
        let typed: String = canonical.chars().zip(&seps).map(|(c, s)| format!("{s}{c}")).collect();
        let parsed = Receipt::parse(&typed).expect("parses");
        prop_assert_eq!(parsed.canonical(), canonical.as_str());
        let mut wrong: Vec<u8> = canonical.clone().into_bytes();
        wrong[at] = b'0' + (wrong[at] - b'0' + bump) % 10;
        prop_assert!(Receipt::parse(&String::from_utf8(wrong).expect("digits")).is_err());
    }

    /// Any text: a receipt or a refusal, never a panic.
    #[test]
    fn receipt_parser_takes_any_text(text in "\\PC{0,60}") {
        let _ = Receipt::parse(&text);
    }

    /// A canonical domain is a fixed point: parsing its own spelling, its upper-case
    /// spelling, a URL or an address around it gives it back.
    #[test]
    fn domain_canonical_form_is_a_fixed_point(text in prop_oneof![
        "[a-zA-Z0-9ÉéüßкиРФ-]{1,12}(\\.[a-zA-Z0-9éкä-]{1,10}){1,3}",
        "(https?://)?[a-z0-9.%-]{1,30}(/[a-z?=]{0,10})?",
        "\\PC{0,40}",
    ]) {
        if let Ok(domain) = DomainName::parse(&text) {
            let canon = domain.as_str().to_owned();
            for spelling in [
                canon.clone(),
                canon.to_uppercase(),
                format!("https://{canon}/login?x=1"),
                format!("someone@{canon}"),
                format!("{canon}."),
            ] {
                let again = DomainName::parse(&spelling).expect("its own spelling parses");
                prop_assert_eq!(again.as_str(), canon.as_str(), "{}", spelling);
            }
        }
    }

    /// The multipart header guard gives the same verdict and the same bytes however the body
    /// is cut into chunks.
    #[test]
    fn header_guard_does_not_depend_on_chunking(
        parts in prop::collection::vec((0usize..20_000, 0usize..3_000), 1..4),
        cuts in prop::collection::vec(1usize..5_000, 0..12),
    ) {
        let boundary = "XyZzy";
        let mut body = b"preamble\r\n".to_vec();
        for (headers, data) in &parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend(std::iter::repeat_n(b'h', *headers));
            body.extend_from_slice(b"\r\n\r\n");
            body.extend(std::iter::repeat_n(b'd', *data));
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let whole = guard(vec![body.clone()], boundary);
        let mut chunks = Vec::new();
        let mut at = 0;
        for cut in &cuts {
            let end = (at + cut).min(body.len());
            chunks.push(body[at..end].to_vec());
            at = end;
        }
        chunks.push(body[at..].to_vec());
        let split = guard(chunks, boundary);
        prop_assert_eq!(whole.is_ok(), split.is_ok());
        if let (Ok(a), Ok(b)) = (&whole, &split) {
            prop_assert_eq!(a, &body);
            prop_assert_eq!(b, &body);
        }
        // A header block is counted from the end of its delimiter to the end of the blank
        // line: "\r\n", the headers, "\r\n\r\n".
        let too_long = parts.iter().any(|(h, _)| *h + 6 > filimbi::http::header_guard::MAX_HEADER_BYTES);
        prop_assert_eq!(whole.is_err(), too_long);
    }
}

/// Everything the guard lets through, or its refusal.
fn guard(chunks: Vec<Vec<u8>>, boundary: &str) -> Result<Vec<u8>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let inner = futures_util::stream::iter(
            chunks
                .into_iter()
                .map(|c| Ok::<Bytes, std::io::Error>(Bytes::from(c))),
        );
        let mut guarded = HeaderGuard::new(inner, boundary);
        let mut out = Vec::new();
        while let Some(chunk) = guarded.next().await {
            out.extend_from_slice(&chunk.map_err(|e| e.to_string())?);
        }
        Ok(out)
    })
}
