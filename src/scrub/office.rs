//! Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp, odg) packages: ZIP
//! archives of XML parts, rewritten entry by entry with `zip` and `quick-xml`.
//!
//! - Document properties are replaced by empty ones: OOXML `docProps/core.xml` (creator,
//!   last-modified-by, dates, revision), `app.xml` (company, manager, template, editing time),
//!   `custom.xml`; ODF `meta.xml` and `settings.xml` (printer names).
//! - In every other XML part, names and dates of comment and revision authors are blanked
//!   (`author`, `initials`, `displayName` attributes; `date`, `userId`, `providerId` removed;
//!   text of `author`/`dc:creator`/`dc:date`/`meta:creator-initials` elements emptied; `name`
//!   in pptx comment authors and xlsx revision user names; the local folder in `absPath`).
//! - Relationship parts (`.rels`) lose external `file:` targets, such as the template path
//!   `C:\Users\<name>\…\Normal.dotm`.
//! - Embedded pictures are cleaned like uploaded pictures (a photo inside a report keeps its GPS
//!   otherwise); embedded office packages (a chart's workbook) are cleaned recursively, and the
//!   whole file counts as not cleaned if one of them cannot be.
//! - Every entry's timestamp is set to 1980-01-01; ODF's `mimetype` stays first and stored.

use std::borrow::Cow;
use std::io::{Cursor, Read, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, BytesText, Event};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::{Failure, Kind};

/// Decompressed bytes allowed per input byte (at least 16 MiB in all), so memory stays bounded and a ZIP
/// bomb is refused (kept as sent, marked).
const MAX_EXPANSION: usize = 3;

/// Parts a package may have: a long report's docx has a few hundred (one per picture, chart
/// and header besides the XML parts); each part costs a decompressor and an XML rewrite.
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone, Copy, PartialEq)]
enum Family {
    Ooxml,
    Odf,
}

/// Cleans an office package; returns it and its type (`docx`, `odt`…).
pub(super) fn scrub(input: &[u8]) -> Result<(Vec<u8>, &'static str), Failure> {
    let bad = |_| Failure::Unparseable;
    let mut zip = ZipArchive::new(Cursor::new(input)).map_err(bad)?;
    let (family, subtype) = identify(&mut zip)?;
    let budget = input.len().saturating_mul(MAX_EXPANSION).max(16 << 20);
    // Refused before anything is inflated when the central directory already says the
    // package is too many parts or inflates past the budget; the running count below still
    // holds when the declared sizes lie.
    if zip.len() > MAX_ENTRIES {
        return Err(Failure::TooComplex);
    }
    let declared = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0u64, u64::saturating_add);
    if declared > budget as u64 {
        return Err(Failure::TooComplex);
    }
    let mut used = 0usize;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(input.len())));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(bad)?;
        let name = entry.name().map_err(bad)?.into_owned();
        let stored = entry.compression() == CompressionMethod::Stored;
        let opts = SimpleFileOptions::default()
            .last_modified_time(DateTime::DEFAULT)
            .compression_method(if stored {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            });
        if entry.is_dir() {
            out.add_directory(name.as_str(), opts).map_err(bad)?;
            continue;
        }
        let mut data = Vec::new();
        let limit = (budget - used) as u64 + 1;
        entry
            .by_ref()
            .take(limit)
            .read_to_end(&mut data)
            .map_err(|_| Failure::Unparseable)?;
        used += data.len();
        if used > budget {
            return Err(Failure::TooComplex);
        }
        let cleaned = clean_entry(family, &name, data)?;
        out.start_file(name.as_str(), opts).map_err(bad)?;
        out.write_all(&cleaned).map_err(|_| Failure::Unparseable)?;
    }
    let cursor = out.finish().map_err(bad)?;
    Ok((cursor.into_inner(), subtype))
}

fn identify(zip: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(Family, &'static str), Failure> {
    let has = |zip: &ZipArchive<Cursor<&[u8]>>, n: &str| zip.index_for_name(n).is_some();
    if has(zip, "[Content_Types].xml") {
        let subtype = if has(zip, "word/document.xml") {
            "docx"
        } else if has(zip, "xl/workbook.xml") {
            "xlsx"
        } else if has(zip, "ppt/presentation.xml") {
            "pptx"
        } else {
            "ooxml"
        };
        return Ok((Family::Ooxml, subtype));
    }
    if has(zip, "mimetype") {
        let mut mime = String::new();
        zip.by_name("mimetype")
            .map_err(|_| Failure::Unparseable)?
            .take(200)
            .read_to_string(&mut mime)
            .map_err(|_| Failure::Unparseable)?;
        let subtype = match mime.trim() {
            "application/vnd.oasis.opendocument.text" => "odt",
            "application/vnd.oasis.opendocument.spreadsheet" => "ods",
            "application/vnd.oasis.opendocument.presentation" => "odp",
            "application/vnd.oasis.opendocument.graphics" => "odg",
            m if m.starts_with("application/vnd.oasis.opendocument.") => "odf",
            _ => return Err(Failure::Unparseable),
        };
        return Ok((Family::Odf, subtype));
    }
    Err(Failure::Unparseable)
}

const CORE_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>"#;
const APP_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;
const CUSTOM_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;
const ODF_META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>"#;
const ODF_SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>"#;

fn clean_entry(family: Family, name: &str, data: Vec<u8>) -> Result<Vec<u8>, Failure> {
    let replaced = match (family, name) {
        (Family::Ooxml, "docProps/core.xml") => Some(CORE_XML),
        (Family::Ooxml, "docProps/app.xml") => Some(APP_XML),
        (Family::Ooxml, "docProps/custom.xml") => Some(CUSTOM_XML),
        (Family::Odf, "meta.xml") => Some(ODF_META),
        (Family::Odf, "settings.xml") => Some(ODF_SETTINGS),
        _ => None,
    };
    if let Some(text) = replaced {
        return Ok(text.as_bytes().to_vec());
    }
    if (name.ends_with(".xml") || name.ends_with(".rels")) && name != "[Content_Types].xml" {
        let names_people = name.ends_with("uthors.xml") || name.ends_with("userNames.xml");
        return clean_xml(&data, names_people);
    }
    match Kind::detect(&data[..data.len().min(64)]) {
        Kind::Jpeg | Kind::Png | Kind::Gif | Kind::WebP | Kind::Video(_) => {
            let inner = super::scrub(data);
            Ok(inner.bytes)
        }
        Kind::Zip => scrub(&data).map(|(clean, _)| clean),
        _ => Ok(data),
    }
}

/// Rewrites one XML part, blanking people's names and removing dates; everything else is
/// copied event by event.
fn clean_xml(data: &[u8], names_people: bool) -> Result<Vec<u8>, Failure> {
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(data.len()));
    let mut buf = Vec::new();
    let mut blank_depth = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| Failure::Unparseable)?;
        let out = match event {
            Event::Eof => break,
            Event::Start(e) => {
                if blank_depth > 0 || blanks_text(e.local_name().as_ref()) {
                    blank_depth += 1;
                }
                Event::Start(clean_attrs(&e, names_people)?)
            }
            Event::Empty(e) => Event::Empty(clean_attrs(&e, names_people)?),
            Event::End(e) => {
                blank_depth = blank_depth.saturating_sub(1);
                Event::End(e)
            }
            Event::Text(_) | Event::CData(_) if blank_depth > 0 => Event::Text(BytesText::new("")),
            other => other,
        };
        writer.write_event(out).map_err(|_| Failure::Unparseable)?;
        buf.clear();
    }
    Ok(writer.into_inner())
}

fn blanks_text(local: &str) -> bool {
    matches!(local, "author" | "creator" | "date" | "creator-initials")
}

fn clean_attrs(e: &BytesStart<'_>, names_people: bool) -> Result<BytesStart<'static>, Failure> {
    let element = e.local_name().as_ref().to_owned();
    let mut clean = BytesStart::new(e.name().as_ref().to_owned());
    for attr in e.attributes() {
        let attr = attr.map_err(|_| Failure::Unparseable)?;
        let blank = Attribute {
            key: attr.key,
            value: Cow::Borrowed(""),
        };
        let value: &str = &attr.value;
        match attr.key.local_name().as_ref() {
            "date" | "dateUtc" | "userId" | "providerId" => {}
            "author" | "initials" | "displayName" => clean.push_attribute(blank),
            "name" if names_people => clean.push_attribute(blank),
            "url" if element == "absPath" => clean.push_attribute(blank),
            "Target" if element == "Relationship" && value.starts_with("file:") => {
                clean.push_attribute(blank)
            }
            // Raw (still escaped) value: copied as is, never unescaped and escaped again.
            _ => clean.push_attribute(attr),
        }
    }
    Ok(clean)
}
