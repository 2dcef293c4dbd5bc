//! Phone videos (MP4, MOV, 3GP, M4V: the ISO base media file format and QuickTime) carry the
//! place they were shot (`©xyz`, `com.apple.quicktime.location.ISO6709`), the device make,
//! model and software, and the time of recording. All of it sits in a few boxes outside the
//! picture and sound data.
//!
//! The cleaner works in place and keeps every byte offset: a metadata box (`udta`, `meta`,
//! `uuid`, which holds XMP and some makers' GPS, `Xtra`) is turned into a `free` box of the same
//! size filled with zeros, and the creation and modification times in `mvhd`, `tkhd` and `mdhd`
//! are zeroed. Nothing moves, so the sample tables' offsets into `mdat` stay true and the video
//! plays as before, without re-encoding.
//!
//! A video with a timed-metadata track (handler `meta`: GoPro's GPS telemetry, Apple's
//! location track) carries its metadata inside the media data itself; removing it would mean
//! rewriting the sample tables, so such a file is kept as sent and marked.
//!
//! Written by hand: the well-kept MP4 crates parse and re-serialise whole files (moving data
//! and dropping boxes they do not know), where this needs a box walk that changes nothing but
//! the boxes it blanks.

use super::Failure;

/// Boxes whose whole content is descriptive metadata.
const METADATA: [&[u8; 4]; 6] = [b"udta", b"meta", b"uuid", b"Xtra", b"XMP_", b"cprt"];
/// Boxes that contain other boxes on the way to the metadata and the times.
const CONTAINERS: [&[u8; 4]; 5] = [b"moov", b"trak", b"mdia", b"edts", b"minf"];
/// Boxes with a creation and a modification time after their version and flags.
const TIMED: [&[u8; 4]; 3] = [b"mvhd", b"tkhd", b"mdhd"];

/// Brands of still-image files in the same container format (HEIC, AVIF): not videos.
const IMAGE_BRANDS: [&[u8; 4]; 6] = [b"heic", b"heix", b"mif1", b"msf1", b"avif", b"heim"];

/// Whether `head` starts like a video in this format (an `ftyp` box naming a non-image brand).
pub(super) fn is_video(head: &[u8]) -> bool {
    head.get(4..8) == Some(b"ftyp")
        && head
            .get(8..12)
            .is_some_and(|brand| !IMAGE_BRANDS.iter().any(|b| &b[..] == brand))
}

pub(super) fn scrub(input: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut out = input.to_vec();
    let mut saw_moov = false;
    walk(&mut out, 0, input.len(), 0, &mut saw_moov)?;
    if saw_moov {
        Ok(out)
    } else {
        Err(Failure::Unparseable)
    }
}

/// One box: where its content starts and where it ends.
struct BoxAt {
    kind: [u8; 4],
    start: usize,
    content: usize,
    end: usize,
}

/// The box at `pos`, which must end by `limit`.
fn box_at(data: &[u8], pos: usize, limit: usize) -> Result<BoxAt, Failure> {
    let bad = || Failure::Unparseable;
    let size32 = u32::from_be_bytes(
        data.get(pos..pos + 4)
            .ok_or_else(bad)?
            .try_into()
            .map_err(|_| bad())?,
    );
    let kind: [u8; 4] = data
        .get(pos + 4..pos + 8)
        .ok_or_else(bad)?
        .try_into()
        .map_err(|_| bad())?;
    let (size, header) = match size32 {
        0 => (limit - pos, 8),
        1 => {
            let large = data.get(pos + 8..pos + 16).ok_or_else(bad)?;
            let large = u64::from_be_bytes(large.try_into().map_err(|_| bad())?);
            (usize::try_from(large).map_err(|_| bad())?, 16)
        }
        n => (usize::try_from(n).map_err(|_| bad())?, 8),
    };
    let end = pos.checked_add(size).ok_or_else(bad)?;
    if size < header || end > limit {
        return Err(bad());
    }
    Ok(BoxAt {
        kind,
        start: pos,
        content: pos + header,
        end,
    })
}

fn walk(
    data: &mut [u8],
    from: usize,
    to: usize,
    depth: usize,
    saw_moov: &mut bool,
) -> Result<(), Failure> {
    if depth > 8 {
        return Err(Failure::Unparseable);
    }
    let mut pos = from;
    while pos < to {
        let b = box_at(data, pos, to)?;
        if &b.kind == b"moov" {
            *saw_moov = true;
        }
        if METADATA.iter().any(|k| **k == b.kind) {
            blank(data, &b);
        } else if TIMED.iter().any(|k| **k == b.kind) {
            zero_times(data, &b)?;
        } else if &b.kind == b"hdlr" && handler(data, &b) == Some(*b"meta") {
            return Err(Failure::Unparseable);
        } else if CONTAINERS.iter().any(|k| **k == b.kind) {
            walk(data, b.content, b.end, depth + 1, saw_moov)?;
        }
        pos = b.end;
    }
    Ok(())
}

/// Makes the box a `free` box of the same size, its content zeros.
fn blank(data: &mut [u8], b: &BoxAt) {
    if let Some(kind) = data.get_mut(b.start + 4..b.start + 8) {
        kind.copy_from_slice(b"free");
    }
    if let Some(content) = data.get_mut(b.content..b.end) {
        content.fill(0);
    }
}

/// Zeros the creation and modification times (4 bytes each in version 0, 8 in version 1).
fn zero_times(data: &mut [u8], b: &BoxAt) -> Result<(), Failure> {
    let version = *data.get(b.content).ok_or(Failure::Unparseable)?;
    let width = if version == 1 { 16 } else { 8 };
    let times = data
        .get_mut(b.content + 4..b.content + 4 + width)
        .filter(|_| b.content + 4 + width <= b.end)
        .ok_or(Failure::Unparseable)?;
    times.fill(0);
    Ok(())
}

/// The handler type of an `hdlr` box (after version, flags and pre-defined).
fn handler(data: &[u8], b: &BoxAt) -> Option<[u8; 4]> {
    data.get(b.content + 8..b.content + 12)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(kind: &[u8; 4], content: &[u8]) -> Vec<u8> {
        let mut b = ((content.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(content);
        b
    }

    #[test]
    fn metadata_boxes_become_free_space_and_times_zero_and_nothing_moves() {
        let mut mvhd = vec![0u8; 100];
        mvhd[4..8].copy_from_slice(&[0xAA; 4]);
        let udta = boxed(b"udta", &boxed(b"\xa9xyz", b"+12.3456+034.5678/"));
        let moov = boxed(b"moov", &[boxed(b"mvhd", &mvhd), udta].concat());
        let file = [
            boxed(b"ftyp", b"isom\0\0\0\0"),
            moov,
            boxed(b"mdat", b"frames"),
        ]
        .concat();
        assert!(is_video(&file));
        let clean = scrub(&file).unwrap();
        assert_eq!(clean.len(), file.len());
        assert!(!clean.windows(7).any(|w| w == b"+12.345"));
        assert!(clean.windows(4).any(|w| w == b"free"));
        assert!(clean.ends_with(b"mdatframes"));
        assert!(!clean.windows(4).any(|w| w == [0xAA; 4]));
    }

    #[test]
    fn broken_boxes_images_and_metadata_tracks_are_refused() {
        let ftyp = boxed(b"ftyp", b"isom\0\0\0\0");
        let mut lying = ftyp.clone();
        lying.extend_from_slice(&[0, 0, 1, 0, b'm', b'o', b'o', b'v']);
        assert!(scrub(&lying).is_err(), "a box larger than the file");
        assert!(scrub(&ftyp).is_err(), "no movie");
        assert!(!is_video(&boxed(b"ftyp", b"heic\0\0\0\0")));
        let hdlr = boxed(b"hdlr", &[0, 0, 0, 0, 0, 0, 0, 0, b'm', b'e', b't', b'a']);
        let trak = boxed(b"trak", &boxed(b"mdia", &hdlr));
        let telemetry = [ftyp, boxed(b"moov", &trak)].concat();
        assert!(scrub(&telemetry).is_err(), "a timed-metadata track");
    }
}
