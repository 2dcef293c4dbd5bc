//! Attachments: hidden metadata removed before encryption, files opened by stock `age` and
//! `tar`, limits and aborted uploads leaving nothing behind.

use std::path::{Path, PathBuf};

use filimbi::services::intake::Limits;

use crate::common::*;
use crate::fixtures::*;

impl TestApp {
    /// Sends an "other" report with one file, checks it got a receipt; returns the case id.
    pub async fn report_with_file(&self, name: &str, bytes: &[u8]) -> String {
        let reply = self
            .submit_files(
                "other",
                &[("description", "see attached")],
                &[(name, bytes)],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(reply.receipt().is_some());
        self.case_ids().await.pop().expect("a case")
    }
}

/// Submits one file with an "other" report; returns (app, export dir, report JSON).
async fn round_trip(name: &str, bytes: &[u8]) -> (TestApp, PathBuf, serde_json::Value) {
    let app = TestApp::new().await;
    app.report_with_file(name, bytes).await;
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    (app, export, doc)
}

pub fn attachment_file(export: &Path, n: usize) -> PathBuf {
    let case = std::fs::read_dir(export)
        .expect("export")
        .flatten()
        .find(|e| e.path().is_dir())
        .expect("case dir")
        .path();
    case.join(format!("attachment-{n:02}.age"))
}

fn assert_no_canary(what: &str, bytes: &[u8]) {
    assert!(!contains(bytes, b"CANARY"), "{what} still holds a canary");
}

#[tokio::test]
async fn a_phone_photo_loses_gps_camera_xmp_and_trailing_images_but_keeps_orientation() {
    let original = jpeg_with_metadata();
    assert!(
        contains(&original, b"JPEG-SERIAL-CANARY")
            && contains(&original, b"TRAILING-SERIAL-CANARY")
    );
    let (app, export, doc) = round_trip("IMG_20260314_092653.jpg", &original).await;
    let att = &doc["attachments"][0];
    assert_eq!(att["name"], "IMG_20260314_092653.jpg");
    assert_eq!(att["type"], "image/jpeg");
    assert_eq!(att["metadata_removed"], true);

    let file = stock_unpack(&app.identities[0], &attachment_file(&export, 1));
    assert_eq!(
        file.file_name().and_then(|n| n.to_str()),
        Some("IMG_20260314_092653.jpg")
    );
    let clean = std::fs::read(&file).expect("read");
    assert_no_canary("jpeg", &clean);
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&clean))
        .expect("orientation EXIF kept");
    assert_eq!(exif.fields().count(), 1, "only the orientation tag");
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0));
    assert_eq!(orientation, Some(6));
    let img = image::load_from_memory(&clean).expect("still a picture");
    assert_eq!((img.width(), img.height()), (64, 48));
}

#[tokio::test]
async fn a_png_loses_its_text_time_and_exif_chunks() {
    let (app, export, doc) = round_trip("screenshot.png", &png_with_metadata()).await;
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
    let clean = std::fs::read(stock_unpack(
        &app.identities[0],
        &attachment_file(&export, 1),
    ))
    .expect("read");
    assert_no_canary("png", &clean);
    assert!(!contains(&clean, b"tIME"));
    let img = image::load_from_memory(&clean).expect("still a picture");
    assert_eq!(img.to_rgb8(), picture(), "pixels unchanged");
}

#[tokio::test]
async fn a_pdf_loses_author_creator_producer_and_xmp_and_still_opens() {
    let original = pdf_with_metadata();
    assert!(contains(&original, b"PDF-AUTHOR-CANARY"));
    let (app, export, doc) = round_trip("certificate.pdf", &original).await;
    assert_eq!(doc["attachments"][0]["type"], "application/pdf");
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
    let clean = std::fs::read(stock_unpack(
        &app.identities[0],
        &attachment_file(&export, 1),
    ))
    .expect("read");
    assert_no_canary("pdf", &clean);
    let pdf = lopdf::Document::load_mem(&clean).expect("still a PDF");
    assert_eq!(pdf.get_pages().len(), 1);
    assert!(
        pdf.trailer.get(b"Info").is_err(),
        "no information dictionary"
    );
    assert!(
        contains(&clean, b"stamp looks copied"),
        "annotation text is content, kept"
    );
    assert!(!contains(&clean, b"D:2026"), "no dates left");
    let text = pdf.extract_text(&[1]).expect("text");
    assert!(text.contains("Forged certificate 0042"), "{text}");
    // The scanned photo inside lost its EXIF (no canary above) and still decodes.
    let picture = pdf
        .objects
        .values()
        .find_map(|o| match o {
            lopdf::Object::Stream(s)
                if s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok()
                    == Some(&b"Image"[..]) =>
            {
                Some(s.content.clone())
            }
            _ => None,
        })
        .expect("the picture is still there");
    let img = image::load_from_memory(&picture).expect("the picture decodes");
    assert!(img.width() > 0);
    assert_qpdf_accepts(&clean);
}

/// `qpdf --check` finds no error and no warning in `pdf`.
pub fn assert_qpdf_accepts(pdf: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("check.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf (apt-get install qpdf)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "qpdf --check failed: {text}");
    assert!(
        !text.to_lowercase().contains("warning"),
        "qpdf warns: {text}"
    );
}

#[tokio::test]
async fn a_word_document_loses_author_company_and_comment_authors_and_still_opens() {
    let original = docx_with_metadata();
    let before = unzip_all(&original);
    let holds = |needle: &[u8]| before.iter().any(|(_, d)| contains(d, needle));
    assert!(holds(b"DOCX-TEMPLATE-CANARY") && holds(b"DOCX-CREATOR-CANARY"));
    let inner = before
        .iter()
        .find(|(n, _)| n.ends_with(".xlsx"))
        .expect("xlsx");
    assert!(
        unzip_all(&inner.1)
            .iter()
            .any(|(_, d)| contains(d, b"XLSX-EMBEDDED-CANARY"))
    );
    let (app, export, doc) = round_trip("letter.docx", &original).await;
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
    assert!(
        doc["attachments"][0]["type"]
            .as_str()
            .unwrap_or("")
            .contains("wordprocessingml")
    );
    let clean = std::fs::read(stock_unpack(
        &app.identities[0],
        &attachment_file(&export, 1),
    ))
    .expect("read");
    let entries = unzip_all(&clean);
    for (name, data) in &entries {
        assert_no_canary(name, data);
    }
    let embedded = entries
        .iter()
        .find(|(n, _)| n.ends_with(".xlsx"))
        .map(|(_, d)| unzip_all(d))
        .expect("embedded workbook kept");
    assert!(embedded.iter().any(|(n, _)| n == "xl/workbook.xml"));
    for (name, data) in &embedded {
        assert_no_canary(name, data);
    }
    let body = entries
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .expect("document part kept");
    assert!(
        body.contains("Certificate &amp; export permit body text"),
        "{body}"
    );
    assert!(!body.contains("2026-03-14"), "revision dates removed");
    let photo = entries
        .iter()
        .find(|(n, _)| n == "word/media/image1.jpeg")
        .map(|(_, d)| d.clone())
        .expect("embedded photo kept");
    image::load_from_memory(&photo).expect("embedded photo still decodes");
}

#[test]
fn an_opendocument_text_loses_creator_annotation_authors_and_printer() {
    let out = filimbi::scrub::scrub(odt_with_metadata());
    assert_eq!(out.outcome, filimbi::scrub::Outcome::Cleaned);
    assert_eq!(out.mime(), "application/vnd.oasis.opendocument.text");
    let entries = unzip_all(&out.bytes);
    assert_eq!(entries[0].0, "mimetype", "mimetype stays the first entry");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&out.bytes)).expect("zip");
    assert_eq!(
        zip.by_index(0).expect("mimetype").compression(),
        zip::CompressionMethod::Stored
    );
    for (name, data) in &entries {
        assert_no_canary(name, data);
    }
    let content = entries
        .iter()
        .find(|(n, _)| n == "content.xml")
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .expect("content kept");
    assert!(content.contains("Shipment of coltan via Bunagana"));
    assert!(
        content.contains("ask the driver"),
        "the annotation itself is content"
    );
}

#[test]
fn gif_comments_and_webp_exif_are_removed_and_pictures_still_decode() {
    for (name, bytes) in [("gif", gif_with_metadata()), ("webp", webp_with_metadata())] {
        assert!(contains(&bytes, b"CANARY"));
        let out = filimbi::scrub::scrub(bytes);
        assert_eq!(out.outcome, filimbi::scrub::Outcome::Cleaned, "{name}");
        assert_no_canary(name, &out.bytes);
        let img = image::load_from_memory(&out.bytes).expect("decodes");
        assert_eq!((img.width(), img.height()), (64, 48), "{name}");
    }
}

#[tokio::test]
async fn unknown_and_damaged_files_are_kept_as_sent_and_marked() {
    // An iPhone HEIC photo: a type Filimbi does not clean (videos are cleaned now).
    let video =
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic a photo with a GPS position".to_vec();
    let mut broken = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00];
    broken.extend_from_slice(b"not really a jpeg");
    let app = TestApp::new().await;
    let reply = app
        .submit_files(
            "illegal-trade",
            &[("description", "video and a damaged photo")],
            &[("IMG_0042.HEIC", &video), ("photo.jpg", &broken)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    let a = &doc["attachments"];
    assert_eq!(a[0]["metadata_removed"], false);
    assert_eq!(a[0]["note"], "unknown-type");
    assert_eq!(a[0]["type"], "image/heif");
    assert_eq!(a[1]["metadata_removed"], false);
    assert_eq!(a[1]["note"], "unparseable");
    let first = std::fs::read(stock_unpack(
        &app.identities[0],
        &attachment_file(&export, 1),
    ))
    .expect("read");
    assert_eq!(first, video, "stored exactly as sent");
    let second = std::fs::read(stock_unpack(
        &app.identities[0],
        &attachment_file(&export, 2),
    ))
    .expect("read");
    assert_eq!(second, broken);
}

#[tokio::test]
async fn attachment_sizes_are_padded_to_buckets() {
    let app = TestApp::new().await;
    let a = vec![b'a'; 3000];
    let b = vec![b'b'; 3900];
    let reply = app
        .submit_files(
            "other",
            &[("description", "sizes")],
            &[("a.bin", &a), ("b.bin", &b)],
        )
        .await;
    assert_eq!(reply.status, 200);
    let export = app.export().await;
    let payload = |p: PathBuf| age_payload_len(&std::fs::read(p).expect("read"));
    let (pa, pb) = (
        payload(attachment_file(&export, 1)),
        payload(attachment_file(&export, 2)),
    );
    assert_eq!(pa, pb, "3000 and 3900 bytes both pad to the 8 KiB bucket");
    assert_eq!(pa, 16 + 8192 + 16);
}

#[tokio::test]
async fn file_content_never_reaches_the_disk_in_clear() {
    let app = TestApp::new().await;
    let canary = format!("FILE-CONTENT-CANARY-{}", std::process::id());
    let body = canary.repeat(2000).into_bytes(); // ~60 KB, unknown type: stored unchanged
    let reply = app
        .submit_files(
            "other",
            &[("description", "canary file")],
            &[("notes.txt", &body)],
        )
        .await;
    assert_eq!(reply.status, 200);
    app.store.close().await;
    for (path, bytes) in all_files(&app.data_dir()) {
        assert!(
            !contains(&bytes, canary.as_bytes()),
            "canary in {}",
            path.display()
        );
        assert!(
            !contains(&bytes, b"notes.txt"),
            "file name in {}",
            path.display()
        );
    }
    assert!(!captured_logs().contains(&canary));
}

#[tokio::test]
async fn too_many_files_are_refused_with_the_text_kept_and_nothing_stored() {
    let app = TestApp::new().await;
    let files: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("f{i}.bin"), vec![i as u8 + 1; 100]))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let reply = app
        .submit_files("other", &[("description", "six files")], &refs)
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("Too many files: at most 5"));
    assert!(reply.body.contains(">six files</textarea>"));
    assert!(reply.body.contains("choose your files again"));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.staged_count().await, 0);
    assert_eq!(app.spool_files(), 0);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_and_nothing_stored() {
    let app = TestApp::with_limits(Limits {
        max_file_bytes: 64 * 1024,
        ..Limits::default()
    })
    .await;
    let big = vec![7u8; 64 * 1024 + 1];
    let reply = app
        .submit_files(
            "other",
            &[("description", "big file")],
            &[("big.bin", &big)],
        )
        .await;
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains("big.bin"));
    assert!(reply.body.contains(">big file</textarea>"));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.staged_count().await, 0);
    assert_eq!(app.spool_files(), 0);
}

#[tokio::test]
async fn an_empty_file_is_refused_but_no_file_chosen_is_fine() {
    let app = TestApp::new().await;
    let reply = app
        .submit_files("other", &[("description", "empty")], &[("empty.pdf", b"")])
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("empty.pdf"));
    assert_eq!(app.case_count().await, 0);
    // What a browser sends when no file was chosen: an empty part without a name.
    let reply = app
        .submit_files("other", &[("description", "no file")], &[("", b"")])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(app.case_count().await, 1);
}

#[tokio::test]
async fn a_truncated_upload_stores_nothing() {
    let app = TestApp::new().await;
    let token = app.token("other").await;
    let (ct, body) = multipart(
        &[("token", &token), ("description", "cut off")],
        &[("first.bin", &[1u8; 5000]), ("second.bin", &[2u8; 200_000])],
    );
    let cut = body[..body.len() - 100_000].to_vec();
    let reply = app.post_raw("/report/other", &ct, cut).await;
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Nothing was stored"));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.staged_count().await, 0);
    assert_eq!(app.spool_files(), 0);
}

#[tokio::test]
async fn leftovers_older_than_a_day_are_removed_at_start_and_fresh_uploads_are_not() {
    let app = TestApp::new().await;
    let stage = |name: &'static str, day: &str, id: u8| {
        let store = app.store.clone();
        let day = filimbi::domain::case::ReceivedDay::parse(day).expect("day");
        async move {
            let blob = filimbi::store::BlobId::from_random([id; 16]);
            store.stage_blob(&blob, name, day).await.expect("stage");
            // Only `crypto` makes ciphertext: seal a small file to a throw-away key.
            let reader = age::x25519::Identity::generate().to_public();
            let mut chunks = Vec::new();
            filimbi::crypto::attachment::seal_attachment(
                &[&reader as &dyn age::Recipient],
                "photo.jpg",
                5,
                &b"bytes"[..],
                filimbi::store::CHUNK_SIZE,
                |c| {
                    chunks.push(c);
                    Ok(())
                },
            )
            .expect("seal");
            store
                .append_chunk(&blob, 0, &chunks[0])
                .await
                .expect("chunk");
        }
    };
    // Left by a crash three days ago, and one being uploaded today by another process.
    stage("attachment-01", "2026-11-20", 1).await;
    stage("attachment-01", "2026-11-23", 2).await;
    let spool = app.data_dir().join("spool");
    let old = std::fs::File::create(spool.join("old.spool")).expect("spool");
    old.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 86_400))
        .expect("mtime");
    std::fs::write(spool.join("fresh.spool"), b"x").expect("spool");
    assert_eq!(app.staged_count().await, 2);

    let again = app.restart(Limits::default()).await;
    assert_eq!(
        again.staged_count().await,
        1,
        "only the old staged blob is gone"
    );
    assert!(!spool.join("old.spool").exists());
    assert!(
        spool.join("fresh.spool").exists(),
        "another process's upload is left alone"
    );
}

#[tokio::test]
async fn uploads_beyond_the_server_wide_cap_are_refused_as_busy() {
    let app = TestApp::with_limits(Limits {
        max_concurrent_files: 1,
        ..Limits::default()
    })
    .await;
    let reply = app
        .submit_files(
            "other",
            &[("description", "two files")],
            &[("a.bin", b"first"), ("b.bin", b"second")],
        )
        .await;
    assert_eq!(reply.status, 503);
    assert!(reply.body.contains("try again in a few minutes"));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.spool_files(), 0);
    // The slot is free again once the request is over.
    let ok = app
        .submit_files(
            "other",
            &[("description", "one file")],
            &[("a.bin", b"first")],
        )
        .await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn the_form_explains_metadata_removal_before_upload() {
    let app = TestApp::new().await;
    for (lang, needles) in [
        (
            "en",
            [
                "removes it from JPEG",
                "MP4, MOV and 3GP videos (up to 32 MB)",
                "HEIC",
            ],
        ),
        (
            "fr",
            [
                "les supprime des images JPEG",
                "vidéos MP4, MOV et 3GP (jusqu'à 32 Mo)",
                "HEIC",
            ],
        ),
    ] {
        let page = app
            .get(&format!("/report/fake-certificate?lang={lang}"))
            .await;
        assert!(page.body.contains("enctype=\"multipart/form-data\""));
        assert!(page.body.contains("type=\"file\" name=\"files\" multiple"));
        for needle in needles {
            let needle = needle.replace('\'', "&#39;");
            assert!(page.body.contains(&needle), "{lang}: {needle}");
        }
    }
}

/// Truncations and byte flips of every fixture: the scrubbers must never panic or loop, and
/// must either clean the file or keep it exactly as sent. (A cheap stand-in for fuzzing that
/// runs in every test run.)
#[test]
fn damaged_files_never_crash_the_scrubbers() {
    let fixtures = [
        jpeg_with_metadata(),
        png_with_metadata(),
        gif_with_metadata(),
        webp_with_metadata(),
        pdf_with_metadata(),
        docx_with_metadata(),
        odt_with_metadata(),
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cleaned = 0;
    for original in &fixtures {
        let len = original.len();
        for round in 0..60 {
            let mut bytes = original.clone();
            if round % 3 == 0 {
                bytes.truncate((next() as usize) % len);
            } else {
                for _ in 0..(1 + round % 7) {
                    let at = (next() as usize) % len;
                    bytes[at] = next() as u8;
                }
            }
            let input = bytes.clone();
            let out = filimbi::scrub::scrub(bytes);
            match out.outcome {
                filimbi::scrub::Outcome::Cleaned => cleaned += 1,
                filimbi::scrub::Outcome::NotRemoved(_) => {
                    assert_eq!(out.bytes, input, "kept exactly as sent")
                }
            }
        }
    }
    assert!(cleaned > 0, "some damaged files are still cleanable");
}

#[tokio::test]
async fn with_attachments_switched_off_the_form_has_no_file_input() {
    let app = TestApp::with_limits(Limits {
        max_files: 0,
        ..Limits::default()
    })
    .await;
    let page = app.get("/report/other").await;
    assert!(!page.body.contains("type=\"file\""));
    let reply = app
        .submit_files("other", &[("description", "x")], &[("a.bin", b"data")])
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(app.case_count().await, 0);
}

#[tokio::test]
async fn after_a_refused_file_the_rest_of_the_form_is_still_read() {
    let app = TestApp::with_limits(Limits {
        max_file_bytes: 64 * 1024,
        ..Limits::default()
    })
    .await;
    let token = app.token("illegal-trade").await;
    // Text, an oversized file, then more text: the refusal waits for the whole form.
    let (ct, mut body) = multipart(
        &[("token", &token), ("description", "before the file")],
        &[("big.bin", &vec![1u8; 100 * 1024])],
    );
    let closing = format!("--{BOUNDARY}--\r\n");
    body.truncate(body.len() - closing.len());
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"place\"\r\n\r\nafter the file\r\n{closing}"
        )
        .as_bytes(),
    );
    let reply = app.post_raw("/report/illegal-trade", &ct, body).await;
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains(">before the file</textarea>"));
    assert!(reply.body.contains("value=\"after the file\""));
    assert_eq!(app.case_count().await, 0);
    assert_eq!(app.spool_files(), 0);
}

#[tokio::test]
async fn a_part_header_that_never_ends_is_refused_without_buffering_it() {
    let app = TestApp::new().await;
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"description\"\r\nX-Padding: "
    )
    .into_bytes();
    body.extend(std::iter::repeat_n(b'a', 2 * 1024 * 1024));
    let reply = app
        .post_raw(
            "/report/other",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            body,
        )
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("could not be read"));
    assert_eq!(app.case_count().await, 0);
}

/// A one-second video made by ffmpeg as a phone would tag it: place, make, model, comment and
/// recording time; `format` is `mp4` or `mov`.
pub fn video_with_metadata(format: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("clip.{format}"));
    let out = std::process::Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=1:size=160x120:rate=10",
        ])
        .args(["-c:v", "mpeg4", "-movflags", "+use_metadata_tags"])
        .args(["-metadata", "location=+12.3456+034.5678/"])
        .args([
            "-metadata",
            "make=VIDEO-MAKE-CANARY",
            "-metadata",
            "model=VIDEO-MODEL-CANARY",
        ])
        .args(["-metadata", "com.apple.quicktime.make=VIDEO-MAKE-CANARY"])
        .args(["-metadata", "comment=VIDEO-COMMENT-CANARY"])
        .args(["-metadata", "creation_time=2026-03-14T09:26:53Z"])
        .args(["-f", format])
        .arg(&path)
        .output()
        .expect("ffmpeg (apt-get install ffmpeg)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).expect("video")
}

/// What `ffprobe` says of a video's container and streams (JSON), and how many frames it
/// decodes without an error.
fn ffprobe(video: &[u8]) -> (String, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clip");
    std::fs::write(&path, video).expect("write");
    let probe = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-show_format",
            "-show_streams",
            "-of",
            "json",
        ])
        .arg(&path)
        .output()
        .expect("ffprobe");
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    assert!(
        probe.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let json = String::from_utf8_lossy(&probe.stdout).into_owned();
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("json");
    let frames = parsed["streams"][0]["nb_read_frames"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("frames read");
    (json, frames)
}

#[tokio::test]
async fn phone_videos_lose_place_device_and_time_and_still_play() {
    for (format, mime) in [("mp4", "video/mp4"), ("mov", "video/quicktime")] {
        let original = video_with_metadata(format);
        let (before, frames) = ffprobe(&original);
        assert!(
            before.contains("+12.3456") && before.contains("2026-03-14"),
            "{before}"
        );
        let (app, export, doc) = round_trip(&format!("VID_0042.{format}"), &original).await;
        let att = &doc["attachments"][0];
        assert_eq!(att["type"], mime);
        assert_eq!(att["metadata_removed"], true, "{format}");
        let clean = std::fs::read(stock_unpack(
            &app.identities[0],
            &attachment_file(&export, 1),
        ))
        .expect("read");
        assert_eq!(clean.len(), original.len(), "nothing moved");
        assert_no_canary(format, &clean);
        assert!(!contains(&clean, b"+12.3456"), "{format}: no place");
        let (after, frames_after) = ffprobe(&clean);
        assert!(
            !after.contains("+12.3456") && !after.contains("2026-03-14"),
            "{after}"
        );
        assert!(!after.contains("CANARY"), "{after}");
        assert_eq!(frames_after, frames, "{format}: every frame still decodes");
    }
}
