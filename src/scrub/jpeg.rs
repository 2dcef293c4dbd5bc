//! JPEG: a marker-by-marker rewrite that keeps only what decoding needs.
//!
//! Written by hand rather than with `img-parts`: that crate keeps every byte after the first
//! start-of-scan as opaque "entropy" data, which would let through segments between progressive
//! scans and, worse, whatever follows the end-of-image marker — phones append secondary images
//! there (MPF, HDR gain maps, motion photos), each with its own EXIF and GPS.
//!
//! Kept: quantisation and Huffman tables, frame and scan headers with their coded data, restart
//! intervals, JFIF (without its thumbnail), Adobe APP14 (colour transform), ICC profiles, and the
//! EXIF orientation as a one-tag EXIF (so the picture is not shown sideways).
//! Dropped: EXIF (GPS, camera serial, dates, thumbnails), XMP, IPTC/Photoshop, comments, every
//! other APPn, reserved JPGn extension segments, and anything after end-of-image: the segments
//! kept are an allow-list, so an unknown segment cannot carry data through.

use super::Failure;

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;

/// Cleans a JPEG.
pub(super) fn scrub(input: &[u8]) -> Result<Vec<u8>, Failure> {
    if input.len() < 4 || input[0] != 0xFF || input[1] != SOI {
        return Err(Failure::Unparseable);
    }
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut orientation = None;
    let mut exif_written = false;
    let mut pos = 2;
    loop {
        // Skip fill bytes; a marker is 0xFF followed by a non-0xFF, non-zero byte.
        while input.get(pos) == Some(&0xFF) && input.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (input.get(pos), input.get(pos + 1)) else {
            return Err(Failure::Unparseable);
        };
        pos += 2;
        if marker == EOI {
            out.extend_from_slice(&[0xFF, EOI]);
            return Ok(out); // anything after end-of-image is dropped
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&[0xFF, marker]);
            continue;
        }
        let len = match (input.get(pos), input.get(pos + 1)) {
            (Some(&a), Some(&b)) => usize::from(u16::from_be_bytes([a, b])),
            _ => return Err(Failure::Unparseable),
        };
        if len < 2 || pos + len > input.len() {
            return Err(Failure::Unparseable);
        }
        let body = &input[pos + 2..pos + len];
        let segment = &input[pos - 2..pos + len];
        pos += len;

        // The orientation-only EXIF goes right before the first table or frame header, once
        // every APPn in front of them (where EXIF lives) has been read.
        if !exif_written && is_decoding(marker) {
            if let Some(o) = orientation {
                write_segment(&mut out, APP1, &orientation_exif(o));
            }
            exif_written = true;
        }

        match marker {
            APP0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
                // JFIF header without its embedded thumbnail.
                let mut jfif = body[..14].to_vec();
                jfif[12] = 0;
                jfif[13] = 0;
                write_segment(&mut out, APP0, &jfif);
            }
            APP1 if body.starts_with(b"Exif\0\0") => {
                orientation = orientation.or_else(|| read_orientation(&body[6..]));
            }
            APP2 if body.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(segment),
            APP14 if body.starts_with(b"Adobe") => out.extend_from_slice(segment),
            APP0..=0xEF | 0xFE => {} // other APPn (XMP, IPTC, MPF, maker data) and comments
            SOS => {
                out.extend_from_slice(segment);
                let end = entropy_end(input, pos);
                out.extend_from_slice(&input[pos..end]);
                pos = end;
            }
            m if is_decoding(m) => out.extend_from_slice(segment),
            _ => {} // JPG and JPGn extensions and anything unknown: not needed to decode
        }
    }
}

/// Segments a decoder needs: SOFn, DHT, DAC (C0–CF but the reserved JPG), DNL, DQT, DRI, DHP,
/// EXP. Start-of-scan is handled on its own.
fn is_decoding(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xC7 | 0xC9..=0xCF | 0xDB..=0xDF)
}

/// Index of the first marker after entropy-coded data starting at `pos` (stuffed `FF 00` and
/// restart markers belong to the data).
fn entropy_end(input: &[u8], mut pos: usize) -> usize {
    while pos + 1 < input.len() {
        if input[pos] == 0xFF {
            let next = input[pos + 1];
            if next != 0x00 && !(0xD0..=0xD7).contains(&next) && next != 0xFF {
                return pos;
            }
        }
        pos += 1;
    }
    input.len()
}

fn write_segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    let len = u16::try_from(body.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(body);
}

/// The EXIF orientation (1–8) from a TIFF structure, if present and sane.
fn read_orientation(tiff: &[u8]) -> Option<u16> {
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let field = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    let value = field.value.get_uint(0)?;
    u16::try_from(value).ok().filter(|v| (1..=8).contains(v))
}

/// A minimal EXIF block holding only the orientation tag (little-endian TIFF, one IFD entry).
pub(super) fn orientation_exif(orientation: u16) -> Vec<u8> {
    let mut e = b"Exif\0\0II*\0".to_vec();
    e.extend_from_slice(&8u32.to_le_bytes()); // IFD0 offset
    e.extend_from_slice(&1u16.to_le_bytes()); // one entry
    e.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    e.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    e.extend_from_slice(&1u32.to_le_bytes()); // count
    e.extend_from_slice(&orientation.to_le_bytes());
    e.extend_from_slice(&[0, 0]); // value padding
    e.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    e
}
