//! Safe previews: the cleaning worker draws a small PNG from a picture's pixels (or from a
//! scanned PDF page's one picture), sealed like the file and shown on the staff case page,
//! so an investigator sees a photographed certificate without opening what a stranger sent.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use image::{ImageFormat, Luma, Rgb, RgbImage};
use img_parts::jpeg::Jpeg;
use img_parts::{Bytes, ImageEXIF};
use tower::ServiceExt;

use crate::attachments::attachment_file;
use crate::cli::{filimbi, stderr};
use crate::common::*;
use crate::fixtures::*;
use crate::staff::COOKIE;

/// A 1200 × 900 phone photo with camera and GPS EXIF, orientation 6 (turned a quarter).
fn big_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(1200, 900, |x, y| {
        Rgb([(x / 5) as u8, (y / 4) as u8, ((x + y) / 9) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("jpeg");
    let mut jpeg = Jpeg::from_bytes(Bytes::from(out.into_inner())).expect("jpeg");
    jpeg.set_exif(Some(Bytes::from(camera_exif("PREVIEW"))));
    jpeg.encoder().bytes().to_vec()
}

/// A PNG that declares 60000 × 60000 pixels (10.8 GB decoded) over a few bytes of data.
fn pixel_bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut idat = Vec::new();
    let mut z = flate2::write::ZlibEncoder::new(&mut idat, flate2::Compression::best());
    std::io::Write::write_all(&mut z, &vec![0u8; 1 << 20]).expect("deflate");
    z.finish().expect("deflate");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &idat), (b"IEND", &[])] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    }
    png
}

/// A one-page PDF (A4) whose content is one picture stream `image`, drawn at `w` × `h`
/// points, with `text` shown under it if given.
fn one_picture_pdf(image: lopdf::Stream, w: i64, h: i64, text: Option<&str>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let mut operations = vec![
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![w.into(), 0.into(), 0.into(), h.into(), 0.into(), 0.into()],
        ),
        Operation::new("Do", vec!["Im0".into()]),
        Operation::new("Q", vec![]),
    ];
    if let Some(text) = text {
        operations.extend([
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 72.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ]);
    }
    let content = Content { operations };
    let content_id = doc.add_object(lopdf::Stream::new(
        dictionary! {},
        content.encode().expect("content"),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! {
            "XObject" => dictionary! { "Im0" => image_id },
            "Font" => dictionary! { "F1" => font_id },
        },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

/// A scanned certificate: a 1190 × 1684 JPEG (EXIF and all) drawn over an A4 page.
fn scanned_certificate() -> Vec<u8> {
    use lopdf::dictionary;
    let img = RgbImage::from_fn(1190, 1684, |x, y| Rgb([200, (x / 6) as u8, (y / 7) as u8]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("jpeg");
    let mut jpeg = Jpeg::from_bytes(Bytes::from(out.into_inner())).expect("jpeg");
    jpeg.set_exif(Some(Bytes::from(camera_exif("SCAN"))));
    let stream = lopdf::Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1190, "Height" => 1684,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg.encoder().bytes().to_vec(),
    );
    one_picture_pdf(stream, 595, 842, None)
}

/// A grey scan stored as Flate-compressed pixels, 600 × 848, over the page.
fn flate_scan() -> Vec<u8> {
    use lopdf::dictionary;
    let img = image::GrayImage::from_fn(600, 848, |x, y| Luma([((x ^ y) & 0xff) as u8]));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, img.as_raw()).expect("deflate");
    let stream = lopdf::Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 600, "Height" => 848,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        z.finish().expect("deflate"),
    );
    one_picture_pdf(stream, 595, 842, None)
}

/// The chunk types of a PNG, in order.
fn png_chunks(png: &[u8]) -> Vec<String> {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        out.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
        at += 12 + len;
    }
    out
}

/// The export's preview of attachment `n`, if it has one.
fn exported_preview(export: &Path, n: usize) -> Option<PathBuf> {
    let file = attachment_file(export, n).with_extension("preview.age");
    file.exists().then_some(file)
}

/// A staff GET whose body is read as bytes (a picture).
async fn staff_get_bytes(
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let req = Request::get(path)
        .header(header::COOKIE, format!("{COOKIE}={cookie}"))
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

/// The preview of `file` in `case` as the case page's `<img>` loads it: a PNG, decoded, and
/// its bytes.
async fn preview_of(
    app: &TestApp,
    case: &str,
    file: &str,
    cookie: &str,
) -> (image::DynamicImage, Vec<u8>) {
    let (status, headers, body) = staff_get_bytes(
        app,
        &format!("/staff/case/{case}/files/{file}/preview"),
        cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png");
    let img = image::load_from_memory_with_format(&body, ImageFormat::Png).expect("decodes");
    (img, body)
}

#[tokio::test]
async fn a_phone_photo_gets_an_upright_bare_png_preview_sealed_like_the_file_for_its_readers_only()
{
    let app = TestApp::new().await;
    let amani = app.investigator("amani", false).await;
    let photo = big_photo();
    assert!(contains(&photo, b"PREVIEW-SERIAL-CANARY"));
    let case = app.report_with_file("IMG_20261123_0042.jpg", &photo).await;

    // The report lists the preview beside the file; the offline key opens it with stock age.
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    let listed = &doc["attachments"][0]["preview"];
    assert_eq!(listed["file"], "attachment-01.preview");
    // 1200 × 900 turned upright by its orientation tag, then shrunk to 480 on the long side.
    assert_eq!(
        (listed["width"].as_u64(), listed["height"].as_u64()),
        (Some(360), Some(480))
    );
    let sealed = exported_preview(&export, 1).expect("the preview is exported");
    let png = std::fs::read(stock_unpack(&app.identities[0], &sealed)).expect("read");
    let img = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("decodes");
    assert_eq!((img.width(), img.height()), (360, 480));
    assert_eq!(img.color(), image::ColorType::Rgb8);
    assert_eq!(
        png_chunks(&png),
        ["IHDR", "IDAT", "IEND"],
        "no ancillary chunk"
    );
    assert!(!contains(&png, b"CANARY") && !contains(&png, b"Exif"));

    // Ciphertext at rest: neither the database's files nor its rows hold the PNG's bytes.
    let needle = &png[png.len() / 2..png.len() / 2 + 64];
    for (path, bytes) in all_files(&app.data_dir()) {
        assert!(
            !contains(&bytes, needle),
            "{} holds the preview",
            path.display()
        );
    }
    let pool = app.db().await;
    let rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT data FROM blob_chunks")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| !contains(r, needle)));
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM blobs ORDER BY name")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(names, ["attachment-01", "attachment-01.preview", "report"]);
    // MAC'd like every object: the scan `audit verify` runs finds nothing wrong.
    let (_, failures) = app
        .store
        .verify_objects(&integrity_key(&app))
        .await
        .unwrap();
    assert!(failures.is_empty(), "{} failures", failures.len());

    // The case page shows it inline, with its size and a text alternative.
    let login = app.login(&amani).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    let img_tag = format!(
        "<img class=\"preview\" src=\"/staff/case/{case}/files/attachment-01/preview?lang=en\" width=\"360\" height=\"480\" alt=\"Preview of"
    );
    assert!(page.body.contains(&img_tag), "{}", page.body);
    assert!(
        page.body
            .contains("IMG_20261123_0042.jpg, drawn afresh from its pixels")
    );

    let url = format!("/staff/case/{case}/files/attachment-01/preview");
    let (status, headers, body) = staff_get_bytes(&app, &url, &login.cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(
        headers["content-security-policy"],
        filimbi::http::middleware::CSP
    );
    assert_eq!(body, png, "the page shows the sealed preview");
    // The download route serves files, never a preview under its blob name.
    let r = app
        .staff_get(
            &format!("/staff/case/{case}/files/attachment-01.preview"),
            &login.cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // An investigator without a key for the case gets nothing; nor does a stranger.
    let bahati = app.investigator("bahati", false).await;
    let other = app.login(&bahati).await;
    let (status, _, body) = staff_get_bytes(&app, &url, &other.cookie).await;
    assert_ne!(status, StatusCode::OK);
    assert!(!contains(&body, needle));
    let r = app.get(&url).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "to the login page");
}

#[tokio::test]
async fn a_pixel_bomb_gets_no_preview_and_costs_nothing() {
    let bomb = pixel_bomb();
    assert!(bomb.len() < 2048, "{} bytes", bomb.len());
    // Refused from its header: the decoder never starts.
    let budget = filimbi::scrub::preview::Budget::for_memory(256 << 20);
    let started = Instant::now();
    let drawn = filimbi::scrub::preview::preview(filimbi::scrub::Kind::Png, &bomb, budget);
    assert!(drawn.is_none());
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );

    // Through the worker: the file is cleaned and stored, marked "no preview" on its page.
    let app = TestApp::new().await;
    let amani = app.investigator("amani", false).await;
    let started = Instant::now();
    let case = app.report_with_file("bomb.png", &bomb).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
    assert!(doc["attachments"][0].get("preview").is_none());
    assert!(exported_preview(&export, 1).is_none());
    let login = app.login(&amani).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert!(page.body.contains("— no preview"), "{}", page.body);
    assert!(!page.body.contains("class=\"preview\""));
    let r = app
        .staff_get(
            &format!("/staff/case/{case}/files/attachment-01/preview"),
            &login.cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_scanned_certificate_pdf_is_previewed_from_its_picture_and_a_text_pdf_is_not() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", false).await;
    let token = app.token("other").await;
    let r = app
        .post_multipart(
            "/report/other",
            &[("token", &token), ("description", "three PDFs")],
            &[
                ("scan.pdf", &scanned_certificate()),
                ("grey-scan.pdf", &flate_scan()),
                ("letter.pdf", &pdf_with_metadata()),
            ],
        )
        .await;
    assert!(r.receipt().is_some(), "{}", r.body);
    let case = app.case_ids().await.pop().expect("a case");
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    let files = doc["attachments"].as_array().expect("list");
    assert!(files.iter().all(|f| f["metadata_removed"] == true));

    // The JPEG scan: 1190 × 1684 shrunk to 339 × 480, not turned by the EXIF it carried
    // (a PDF draws a picture as placed).
    assert_eq!(files[0]["preview"]["width"], 339);
    assert_eq!(files[0]["preview"]["height"], 480);
    let png = std::fs::read(stock_unpack(
        &app.identities[0],
        &exported_preview(&export, 1).expect("scan preview"),
    ))
    .unwrap();
    let img = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("decodes");
    assert_eq!((img.width(), img.height()), (339, 480));
    assert!(!contains(&png, b"CANARY"));
    // The Flate scan: grey pixels, shrunk likewise.
    assert_eq!(files[1]["preview"]["width"], 340);
    assert_eq!(files[1]["preview"]["height"], 480);
    assert!(exported_preview(&export, 2).is_some());
    // A page with text on it is no scan: no preview (no PDF renderer draws it here).
    assert!(files[2].get("preview").is_none());
    assert!(exported_preview(&export, 3).is_none());

    // `filimbi decrypt` takes both previews as the report lists them.
    let identity = app.identities[0].to_string_lossy().into_owned();
    let dec = filimbi(
        app.dir.path(),
        &["decrypt", "--identity", &identity, export.to_str().unwrap()],
    );
    assert!(dec.status.success(), "{}", stderr(&dec));
    let attachments = export.join(&case).join("attachments");
    assert!(attachments.join("scan.pdf.preview.png").exists());
    assert!(attachments.join("grey-scan.pdf.preview.png").exists());
    assert!(!attachments.join("letter.pdf.preview.png").exists());

    let login = app.login(&amani).await;
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(page.body.matches("<img class=\"preview\"").count(), 2);
    assert_eq!(page.body.matches("— no preview").count(), 1);
    let (grey, _) = preview_of(&app, &case, "attachment-02", &login.cookie).await;
    assert_eq!((grey.width(), grey.height()), (340, 480));
}

#[tokio::test]
async fn a_photo_sent_with_an_answer_gets_its_preview_in_the_conversation() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", false).await;
    let (receipt, case) = app.report("A case answered with a photo.").await;
    let login = app.login(&amani).await;
    let r = app
        .staff_post(
            &format!("/staff/case/{case}"),
            &login,
            &[("action", "reply"), ("message", "Can you send a photo?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let v = app.come_back(&receipt).await;
    let r = app
        .answer(&v, "Here it is.", &[("IMG_0043.jpg", &big_photo())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    let file = page
        .body
        .split("/files/answer-")
        .nth(1)
        .and_then(|s| s.split('?').next())
        .map(|s| format!("answer-{s}"))
        .expect("the answer's file");
    let src = format!(
        "src=\"/staff/case/{case}/files/{file}/preview?lang=en\" width=\"360\" height=\"480\""
    );
    assert!(page.body.contains(&src), "{}", page.body);
    let (img, body) = preview_of(&app, &case, &file, &login.cookie).await;
    assert_eq!((img.width(), img.height()), (360, 480));

    // Linked with its answer, MAC'd, and exported beside the answer's file.
    let (_, failures) = app
        .store
        .verify_objects(&integrity_key(&app))
        .await
        .unwrap();
    assert!(failures.is_empty(), "{} failures", failures.len());
    let export = app.export().await;
    let names: Vec<String> = all_files(&export.join(&case))
        .into_iter()
        .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with(&format!("-{file}.preview.age"))),
        "{names:?}"
    );
    // `filimbi decrypt` takes it as listed by its answer, and puts it beside the photo.
    let identity = app.identities[0].to_string_lossy().into_owned();
    let dec = filimbi(
        app.dir.path(),
        &["decrypt", "--identity", &identity, export.to_str().unwrap()],
    );
    assert!(dec.status.success(), "{}", stderr(&dec));
    let drawn = std::fs::read(
        export
            .join(&case)
            .join("attachments/IMG_0043.jpg.preview.png"),
    )
    .expect("the preview beside the photo");
    assert_eq!(drawn, body);
}

#[test]
fn a_preview_that_overruns_its_budget_never_costs_the_file_its_cleaning() {
    use filimbi::cleaner::{CleanerOptions, Cleaners};
    let programs = tempfile::tempdir().expect("tempdir");
    // Says hello, answers the file "cleaned" (as the 5 bytes `CLEAN`), then hangs where it
    // would send the preview, as a worker stuck drawing one would.
    let program = crate::hostile_files::script(
        programs.path(),
        "stuck-preview",
        "printf 'filimbi3\\000\\000\\000\\000\\000'; \
         printf '\\000\\377\\000\\000\\000\\000\\000\\000\\000\\005CLEAN'; exec sleep 30",
    );
    let cleaners = Cleaners::new(
        CleanerOptions {
            program,
            timeout: Duration::from_secs(2),
            ..CleanerOptions::new(1 << 20)
        },
        1 << 20,
    );
    let started = Instant::now();
    let out = cleaners.clean(jpeg_with_metadata());
    assert_eq!(
        out.outcome,
        filimbi::scrub::Outcome::Cleaned,
        "still cleaned"
    );
    assert_eq!(out.bytes, b"CLEAN");
    assert!(out.preview.is_none());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_30_megapixel_photo_is_previewed_within_the_workers_memory() {
    // 6000 × 5000: under the 32-megapixel limit, and within half of the worker's default
    // memory at 4 bytes a pixel (its address space is limited: an allocation past it would
    // end the worker).
    let img = RgbImage::from_fn(6000, 5000, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("jpeg");
    let app = TestApp::new().await;
    app.report_with_file("IMG_30MP.jpg", &out.into_inner())
        .await;
    let export = app.export().await;
    let doc = decrypt_single_report(&export, &app.identities[0]);
    assert_eq!(doc["attachments"][0]["metadata_removed"], true);
    let listed = &doc["attachments"][0]["preview"];
    assert_eq!(
        (listed["width"].as_u64(), listed["height"].as_u64()),
        (Some(480), Some(400))
    );
}
