//! PDF, through `lopdf`: the document is loaded and written anew, which drops earlier
//! incremental revisions (where old metadata hides), then the document information dictionary,
//! the document ID, every XMP `/Metadata` stream and `/PieceInfo` (application private data) are
//! removed, and objects nothing refers to any more are pruned.

use lopdf::{Document, Object};

use super::Failure;

pub(super) fn scrub(input: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut doc = Document::load_mem(input).map_err(|_| Failure::Unparseable)?;
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
    }
    doc.prune_objects();
    let mut out = Vec::with_capacity(input.len());
    doc.save_to(&mut out).map_err(|_| Failure::Unparseable)?;
    Ok(out)
}
