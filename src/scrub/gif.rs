//! GIF: a block walk that keeps an allow-list of extensions (graphic control, plain text, and
//! the animation loop count NETSCAPE2.0 / ANIMEXTS1.0) and drops every other: comments, other
//! application extensions (embedded XMP) and labels no standard names.
//!
//! Written by hand: GIF is a flat list of blocks, and the one well-kept crate (`gif`) decodes
//! and re-encodes pixels, which would recompress every frame; this walk copies picture data
//! byte for byte.

use super::Failure;

pub(super) fn scrub(input: &[u8]) -> Result<Vec<u8>, Failure> {
    let bad = || Failure::Unparseable;
    if input.len() < 13 {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(input.len());
    let flags = input[10];
    let mut pos = 13;
    if flags & 0x80 != 0 {
        pos += 3 * (1usize << ((flags & 0x07) + 1));
    }
    out.extend_from_slice(input.get(..pos).ok_or_else(bad)?);
    loop {
        match input.get(pos) {
            Some(0x3B) => {
                out.push(0x3B);
                return Ok(out);
            }
            Some(0x21) => {
                let label = *input.get(pos + 1).ok_or_else(bad)?;
                let end = sub_blocks_end(input, pos + 2)?;
                let keep = match label {
                    0xFE => false, // comment
                    0xFF => {
                        let app = input.get(pos + 3..pos + 14).ok_or_else(bad)?;
                        app == b"NETSCAPE2.0" || app == b"ANIMEXTS1.0"
                    }
                    0xF9 => true, // graphic control (frame delay, transparency)
                    0x01 => true, // plain text (drawn on the picture: content, not metadata)
                    _ => false,   // anything else a maker invented: dropped, like in JPEG and WebP
                };
                if keep {
                    out.extend_from_slice(&input[pos..end]);
                }
                pos = end;
            }
            Some(0x2C) => {
                let desc_end = pos + 10;
                let lflags = *input.get(pos + 9).ok_or_else(bad)?;
                let mut data = desc_end;
                if lflags & 0x80 != 0 {
                    data += 3 * (1usize << ((lflags & 0x07) + 1));
                }
                let end = sub_blocks_end(input, data + 1)?;
                out.extend_from_slice(input.get(pos..end).ok_or_else(bad)?);
                pos = end;
            }
            _ => return Err(bad()),
        }
    }
}

/// End (exclusive) of a chain of sub-blocks starting at `pos`, including the terminator.
fn sub_blocks_end(input: &[u8], mut pos: usize) -> Result<usize, Failure> {
    loop {
        let len = usize::from(*input.get(pos).ok_or(Failure::Unparseable)?);
        pos += 1;
        if len == 0 {
            return Ok(pos);
        }
        pos += len;
        if pos > input.len() {
            return Err(Failure::Unparseable);
        }
    }
}
