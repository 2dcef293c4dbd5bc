//! Files made in the tests, carrying the kinds of hidden metadata Filimbi must remove. Every
//! secret value contains `CANARY` so a test can check none survives anywhere.

use std::io::{Cursor, Write};

use exif::experimental::Writer as ExifWriter;
use exif::{Field, In, Rational, Tag, Value};
use image::{ImageFormat, Rgb, RgbImage};
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

pub fn picture() -> RgbImage {
    RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 128]))
}

fn encode(format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture().write_to(&mut out, format).expect("encode");
    out.into_inner()
}

fn ascii(tag: Tag, ifd: In, s: &str) -> Field {
    Field {
        tag,
        ifd_num: ifd,
        value: Value::Ascii(vec![s.as_bytes().to_vec()]),
    }
}

fn rationals(tag: Tag, v: &[(u32, u32)]) -> Field {
    Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Rational(
            v.iter()
                .map(|&(num, denom)| Rational { num, denom })
                .collect(),
        ),
    }
}

/// A TIFF/EXIF block: camera make, model and serial, a date, GPS position, orientation 6.
pub fn camera_exif(prefix: &str) -> Vec<u8> {
    let fields = vec![
        ascii(Tag::Make, In::PRIMARY, &format!("{prefix}-MAKE-CANARY")),
        ascii(Tag::Model, In::PRIMARY, &format!("{prefix}-MODEL-CANARY")),
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![6]),
        },
        ascii(
            Tag::BodySerialNumber,
            In::PRIMARY,
            &format!("{prefix}-SERIAL-CANARY"),
        ),
        ascii(Tag::DateTimeOriginal, In::PRIMARY, "2026:03:14 09:26:53"),
        ascii(Tag::GPSLatitudeRef, In::PRIMARY, "S"),
        rationals(Tag::GPSLatitude, &[(1, 1), (41, 1), (2233, 100)]),
        ascii(Tag::GPSLongitudeRef, In::PRIMARY, "E"),
        rationals(Tag::GPSLongitude, &[(29, 1), (13, 1), (4455, 100)]),
    ];
    let mut w = ExifWriter::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut out = Cursor::new(Vec::new());
    w.write(&mut out, false).expect("exif");
    out.into_inner()
}

const XMP: &str = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator>XMP-CREATOR-CANARY</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>";

/// A JPEG with camera and GPS EXIF, XMP, IPTC, a comment, and a second image with its own
/// EXIF appended after end-of-image (as phones store depth maps and motion photos).
pub fn jpeg_with_metadata() -> Vec<u8> {
    let mut jpeg = Jpeg::from_bytes(Bytes::from(encode(ImageFormat::Jpeg))).expect("jpeg");
    jpeg.set_exif(Some(Bytes::from(camera_exif("JPEG"))));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(XMP.as_bytes());
    let segs = jpeg.segments_mut();
    segs.insert(
        1,
        JpegSegment::new_with_contents(markers::APP1, Bytes::from(xmp)),
    );
    segs.insert(
        1,
        JpegSegment::new_with_contents(
            markers::APP13,
            Bytes::from_static(b"Photoshop 3.0\08BIM IPTC-BYLINE-CANARY"),
        ),
    );
    segs.insert(
        1,
        JpegSegment::new_with_contents(markers::COM, Bytes::from_static(b"COMMENT-CANARY")),
    );
    // A reserved JPGn extension segment: decoders skip it, so it could carry anything.
    segs.insert(
        1,
        JpegSegment::new_with_contents(0xF1, Bytes::from_static(b"JPGN-SEGMENT-CANARY")),
    );
    let mut out = jpeg.encoder().bytes().to_vec();
    let mut trailing =
        Jpeg::from_bytes(Bytes::from(encode(ImageFormat::Jpeg))).expect("second jpeg");
    trailing.set_exif(Some(Bytes::from(camera_exif("TRAILING"))));
    out.extend_from_slice(&trailing.encoder().bytes());
    out
}

/// A PNG with text chunks of each kind, a modification time and an eXIf chunk.
pub fn png_with_metadata() -> Vec<u8> {
    let mut png = Png::from_bytes(Bytes::from(encode(ImageFormat::Png))).expect("png");
    let chunks = png.chunks_mut();
    let at = chunks.len() - 1; // before IEND
    chunks.insert(
        at,
        PngChunk::new(*b"tEXt", Bytes::from_static(b"Author\0PNG-AUTHOR-CANARY")),
    );
    chunks.insert(
        at,
        PngChunk::new(
            *b"iTXt",
            Bytes::from_static(b"Comment\0\0\0\0\0PNG-ITXT-CANARY"),
        ),
    );
    chunks.insert(
        at,
        PngChunk::new(*b"tIME", Bytes::from_static(&[7, 234, 3, 14, 9, 26, 53])),
    );
    chunks.insert(at, PngChunk::new(*b"eXIf", Bytes::from(camera_exif("PNG"))));
    png.encoder().bytes().to_vec()
}

/// A WebP with EXIF and XMP chunks.
pub fn webp_with_metadata() -> Vec<u8> {
    let mut webp = WebP::from_bytes(Bytes::from(encode(ImageFormat::WebP))).expect("webp");
    webp.set_exif(Some(Bytes::from(camera_exif("WEBP"))));
    webp.chunks_mut().push(img_parts::riff::RiffChunk::new(
        *b"XMP ",
        img_parts::riff::RiffContent::Data(Bytes::from(XMP.replace("XMP-", "WEBP-XMP-"))),
    ));
    webp.chunks_mut().push(img_parts::riff::RiffChunk::new(
        *b"ZZZZ",
        img_parts::riff::RiffContent::Data(Bytes::from_static(b"WEBP-UNKNOWN-CHUNK-CANARY")),
    ));
    webp.encoder().bytes().to_vec()
}

/// A GIF with a comment extension and an XMP application extension.
pub fn gif_with_metadata() -> Vec<u8> {
    let gif = encode(ImageFormat::Gif);
    let flags = gif[10];
    let mut pos = 13;
    if flags & 0x80 != 0 {
        pos += 3 * (1usize << ((flags & 0x07) + 1));
    }
    let mut extra = vec![0x21, 0xFE];
    let comment = b"GIF-COMMENT-CANARY";
    extra.push(comment.len() as u8);
    extra.extend_from_slice(comment);
    extra.push(0);
    extra.extend_from_slice(&[0x21, 0xFF, 11]);
    extra.extend_from_slice(b"XMP DataXMP");
    let xmp = b"GIF-XMP-CANARY";
    extra.push(xmp.len() as u8);
    extra.extend_from_slice(xmp);
    extra.push(0);
    // An extension label no standard names, as a maker might invent for a serial number.
    let unknown = b"GIF-UNKNOWN-LABEL-CANARY";
    extra.extend_from_slice(&[0x21, 0x99, unknown.len() as u8]);
    extra.extend_from_slice(unknown);
    extra.push(0);
    let mut out = gif[..pos].to_vec();
    out.extend_from_slice(&extra);
    out.extend_from_slice(&gif[pos..]);
    out
}

/// A one-page PDF with an information dictionary (author, creator, producer, dates) and an
/// XMP metadata stream, nothing compressed (so the canaries are visible in the raw bytes).
pub fn pdf_with_metadata() -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    // A scanned certificate: a phone photo, EXIF and all, placed on the page as a JPEG.
    let photo = jpeg_with_metadata();
    let (w, h) = image::load_from_memory(&photo)
        .map(|i| (i64::from(i.width()), i64::from(i.height())))
        .expect("photo");
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        photo,
    ));
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Im1" => image_id },
    });
    let content = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    200.into(),
                    0.into(),
                    0.into(),
                    150.into(),
                    72.into(),
                    400.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 24.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new(
                "Tj",
                vec![Object::string_literal("Forged certificate 0042")],
            ),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        content.encode().expect("content"),
    ));
    let annot_id = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text",
        "Rect" => vec![72.into(), 600.into(), 92.into(), 620.into()],
        "Contents" => Object::string_literal("stamp looks copied"),
        "T" => Object::string_literal("PDF-ANNOT-AUTHOR-CANARY"),
        "M" => Object::string_literal("D:20260314092653+02'00'"),
    });
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Annots" => vec![annot_id.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let xmp_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        XMP.replace("XMP-", "PDF-XMP-").into_bytes(),
    ));
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp_id,
    });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Author" => Object::string_literal("PDF-AUTHOR-CANARY"),
        "Creator" => Object::string_literal("PDF-CREATOR-CANARY"),
        "Producer" => Object::string_literal("PDF-PRODUCER-CANARY"),
        "CreationDate" => Object::string_literal("D:20260314092653+02'00'"),
    });
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

/// A minimal Word document with author, last editor, company and a comment by a named person.
pub fn docx_with_metadata() -> Vec<u8> {
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#.to_owned()),
        ("word/document.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Certificate &amp; export permit body text</w:t></w:r></w:p><w:p><w:ins w:id="1" w:author="DOCX-REVISION-CANARY" w:date="2026-03-14T09:26:53Z"><w:r><w:t>inserted</w:t></w:r></w:ins></w:p></w:body></w:document>"#.to_owned()),
        ("word/comments.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="DOCX-COMMENT-CANARY" w:date="2026-03-14T09:26:53Z" w:initials="DCC"><w:p><w:r><w:t>check this stamp</w:t></w:r></w:p></w:comment></w:comments>"#.to_owned()),
        ("docProps/core.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>DOCX-CREATOR-CANARY</dc:creator><cp:lastModifiedBy>DOCX-LASTMOD-CANARY</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-14T09:26:53Z</dcterms:created></cp:coreProperties>"#.to_owned()),
        ("docProps/app.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>DOCX-COMPANY-CANARY</Company><Template>Normal.dotm</Template><TotalTime>42</TotalTime></Properties>"#.to_owned()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    // The template path names the author's user folder.
    zip.start_file(
        "word/_rels/settings.xml.rels",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip entry");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\Users\DOCX-TEMPLATE-CANARY\Normal.dotm" TargetMode="External"/></Relationships>"#)
        .expect("zip write");
    // A chart's workbook is a whole package with its own author.
    let mut inner = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
        ),
        (
            "docProps/core.xml",
            r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XLSX-EMBEDDED-CANARY</dc:creator></cp:coreProperties>"#,
        ),
    ] {
        inner
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("inner entry");
        inner.write_all(text.as_bytes()).expect("inner write");
    }
    let inner = inner.finish().expect("inner zip").into_inner();
    zip.start_file(
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip entry");
    zip.write_all(&inner).expect("zip write");
    // A phone photo pasted into the document keeps its GPS unless it is cleaned too.
    zip.start_file(
        "word/media/image1.jpeg",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip entry");
    zip.write_all(&jpeg_with_metadata()).expect("zip write");
    zip.finish().expect("zip").into_inner()
}

/// A minimal OpenDocument text with creator, initial creator, an annotation by a named person
/// and a printer name in its settings.
pub fn odt_with_metadata() -> Vec<u8> {
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored).expect("entry");
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("write");
    let parts = [
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        (
            "content.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:body><office:text><text:p>Shipment of coltan via Bunagana<office:annotation><dc:creator>ODT-ANNOTATION-CANARY</dc:creator><dc:date>2026-03-14T09:26:53</dc:date><text:p>ask the driver</text:p></office:annotation></text:p></office:text></office:body></office:document-content>"#,
        ),
        (
            "meta.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><meta:initial-creator>ODT-INITIAL-CANARY</meta:initial-creator><dc:creator>ODT-CREATOR-CANARY</dc:creator><meta:generator>ODT-GENERATOR-CANARY</meta:generator></office:meta></office:document-meta>"#,
        ),
        (
            "settings.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.2"><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">ODT-PRINTER-CANARY</config:config-item></config:config-item-set></office:settings></office:document-settings>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// Every entry of a ZIP, decompressed, concatenated (to search for canaries).
pub fn unzip_all(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let name = f.name().expect("name").into_owned();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).expect("read entry");
            (name, data)
        })
        .collect()
}
