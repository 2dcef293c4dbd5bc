//! PNG and WebP, through the `img-parts` crate (both are flat chunk lists it parses fully).
//!
//! PNG keeps the chunks that affect decoding or colour (critical chunks, transparency, gamma,
//! chromaticity, sRGB, ICC, significant bits, background, physical size); text chunks (`tEXt`,
//! `iTXt`, `zTXt`), `eXIf`, `tIME` and every other ancillary or private chunk are dropped, as is
//! anything after `IEND`. WebP keeps only its picture chunks (`VP8 `, `VP8L`, `VP8X`, `ALPH`,
//! `ANIM`, `ANMF`, `ICCP`), so `EXIF`, `XMP ` and unknown chunks go.

use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use super::Failure;

const PNG_KEEP: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs",
];
const WEBP_KEEP: [&[u8; 4]; 7] = [
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];
// Animated PNG frames are picture data, not metadata.
const APNG_KEEP: [&[u8; 4]; 3] = [b"acTL", b"fcTL", b"fdAT"];

pub(super) fn scrub_png(input: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut png =
        Png::from_bytes(Bytes::copy_from_slice(input)).map_err(|_| Failure::Unparseable)?;
    if png.chunks().last().map(|c| c.kind()) != Some(*b"IEND") {
        return Err(Failure::Unparseable);
    }
    png.chunks_mut().retain(|c| {
        let k = c.kind();
        PNG_KEEP
            .iter()
            .chain(APNG_KEEP.iter())
            .any(|keep| **keep == k)
    });
    Ok(png.encoder().bytes().to_vec())
}

pub(super) fn scrub_webp(input: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut webp =
        WebP::from_bytes(Bytes::copy_from_slice(input)).map_err(|_| Failure::Unparseable)?;
    webp.set_exif(None);
    // Keep only the chunks that make up the picture (allow-list): unknown chunks could carry
    // anything.
    webp.chunks_mut()
        .retain(|c| WEBP_KEEP.iter().any(|k| **k == c.id()));
    Ok(webp.encoder().bytes().to_vec())
}
