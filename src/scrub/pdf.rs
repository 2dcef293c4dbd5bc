//! PDF, through `lopdf`: the document is loaded and written anew, which drops earlier
//! incremental revisions (where old metadata hides), then the document information dictionary,
//! the document ID, every XMP `/Metadata` stream and `/PieceInfo` (application private data) are
//! removed, as are annotation authors (`/T`, except on form fields where it is the field
//! name), modification and creation dates (`/M`, `/CreationDate`, embedded files' `/Params`)
//! and signers' names; objects nothing refers to any more are pruned.
//!
//! Pictures inside the PDF are cleaned too: a scanned certificate is usually a phone JPEG
//! wrapped in a PDF, its EXIF (GPS, camera serial) included. Every `/DCTDecode` image stream is
//! rewritten by the JPEG cleaner; one that does not parse, or that is JPEG under another filter,
//! makes the whole file "not cleaned" rather than half-cleaned. (Flate-compressed images are
//! bare pixels, which carry no metadata.)
//!
//! Objects are renumbered from 1 after pruning, so the trailer's `/Size` is one more than the
//! highest object number, as `qpdf --check` expects.
//!
//! Before `lopdf` parses anything, [`super::pdf_bounds`] reads the file once and refuses one
//! whose declared structure would cost far more than its size (too many objects, an object
//! stream that names one object many times, streams that would inflate past a budget): such a
//! file is kept as sent, marked `too-complex`, at the cost of one pass over it. Object
//! streams are then decompressed while loading; each may grow to at most four times the file
//! (between 1 and 16 MiB), all of them together to at most the budget of `pdf_bounds`.

use lopdf::{Document, LoadOptions, Object, Stream};

use super::Failure;

pub(super) fn scrub(input: &[u8]) -> Result<Vec<u8>, Failure> {
    super::pdf_bounds::check(input).map_err(|_| Failure::TooComplex)?;
    let options = LoadOptions {
        max_decompressed_size: Some(input.len().saturating_mul(4).clamp(1 << 20, 16 << 20)),
        ..LoadOptions::default()
    };
    let mut doc =
        Document::load_mem_with_options(input, options).map_err(|_| Failure::Unparseable)?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(Failure::Encrypted);
    }
    doc.trailer.remove(b"Info");
    doc.trailer.remove(b"ID");
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
        dict.remove(b"M");
        dict.remove(b"CreationDate");
        dict.remove(b"ModDate");
        let widget = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Widget");
        let is_annotation = dict.has(b"Subtype") && dict.has(b"Rect");
        if is_annotation && !widget {
            dict.remove(b"T");
        }
        if dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Sig")
        {
            dict.remove(b"Name");
            dict.remove(b"Location");
            dict.remove(b"ContactInfo");
        }
    }
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            clean_picture(stream)?;
        }
    }
    doc.prune_objects();
    doc.renumber_objects();
    doc.max_id = doc.objects.keys().map(|(id, _)| *id).max().unwrap_or(0);
    let mut out = Vec::with_capacity(input.len());
    doc.save_to(&mut out).map_err(|_| Failure::Unparseable)?;
    Ok(out)
}

/// Rewrites a JPEG image stream without its metadata.
fn clean_picture(stream: &mut Stream) -> Result<(), Failure> {
    let filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|f| f.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => return Ok(()),
    };
    if !filters.iter().any(|f| f == b"DCTDecode") {
        return Ok(());
    }
    if filters.len() != 1 {
        // JPEG under another filter (Flate, ASCII85…): not unwrapped here.
        return Err(Failure::Unparseable);
    }
    let clean = super::jpeg::scrub(&stream.content)?;
    stream.set_content(clean);
    Ok(())
}
