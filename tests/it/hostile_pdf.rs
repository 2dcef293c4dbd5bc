//! The hostile PDFs of issue 24, shared by the hostile-file tests and the fairness benchmark
//! (`benches/support/fairness.rs` includes this file): object streams under a
//! cross-reference stream, a few kilobytes each on the wire, that make a parser read the same
//! long array again and again, padded with incompressible bytes to the size asked for.
//! - [`object_stream_pdf`]: each index names one object thousands of times at one offset
//!   (refused early: `scrub::pdf_bounds`);
//! - [`nested_object_stream_pdf`]: each index names 99 objects, once each at increasing
//!   offsets, but every one starts inside the one before (`[[[…[0 0 …]…]]]`), so each parse
//!   reads the whole stream: what the early checks do not see. A worker spends seconds on it
//!   and is stopped by its memory limit or its CPU budget, whichever comes first.

#![allow(dead_code)]

use std::io::Write;

/// A PDF of about `size` bytes (at least the object streams' own size) with `streams`
/// object streams, each listing `entries` times the one object `[0 0 … 0]` of `width`
/// elements: little to decompress, `streams × entries × width` elements to parse.
pub fn object_stream_pdf(
    size: usize,
    streams: usize,
    entries: usize,
    width: usize,
) -> std::io::Result<Vec<u8>> {
    let mut index = String::new();
    for _ in 0..entries {
        index.push_str("4 0 ");
    }
    let mut plain = index.clone().into_bytes();
    plain.push(b'[');
    for _ in 0..width {
        plain.extend_from_slice(b"0 ");
    }
    plain.push(b']');
    with_object_streams(size, streams, entries, index.len(), &plain)
}

/// A PDF of about `size` bytes with `streams` object streams, each holding 99 arrays nested
/// in one another around `width` elements, each array an object of its own.
pub fn nested_object_stream_pdf(
    size: usize,
    streams: usize,
    width: usize,
) -> std::io::Result<Vec<u8>> {
    let depth = 99;
    let mut index = String::new();
    for k in 0..depth {
        index.push_str(&format!("{} {k} ", 100 + k));
    }
    let mut plain = index.clone().into_bytes();
    plain.extend(std::iter::repeat_n(b'[', depth));
    for _ in 0..width {
        plain.extend_from_slice(b"0 ");
    }
    plain.extend(std::iter::repeat_n(b']', depth));
    with_object_streams(size, streams, depth, index.len(), &plain)
}

/// The file around `streams` copies of one object stream (`entries` objects, its index
/// `first` bytes long, `plain` once inflated).
fn with_object_streams(
    size: usize,
    streams: usize,
    entries: usize,
    first: usize,
    plain: &[u8],
) -> std::io::Result<Vec<u8>> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    // (object number, offset) of every object written whole.
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    let mut object = |out: &mut Vec<u8>, num: u32, dict: &str, content: Option<&[u8]>| {
        offsets.push((num, out.len()));
        out.extend_from_slice(format!("{num} 0 obj\n{dict}").as_bytes());
        if let Some(content) = content {
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(content);
            out.extend_from_slice(b"\nendstream");
        }
        out.extend_from_slice(b"\nendobj\n");
    };
    object(&mut out, 1, "<< /Type /Catalog /Pages 2 0 R >>", None);
    object(&mut out, 2, "<< /Type /Pages /Kids [] /Count 0 >>", None);
    // The compressed object every index entry names.
    let member = 4_u32;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(plain)?;
    let packed = z.finish()?;
    for s in 0..streams {
        let dict = format!(
            "<< /Type /ObjStm /N {entries} /First {first} /Filter /FlateDecode /Length {} >>",
            packed.len()
        );
        object(&mut out, 10 + s as u32, &dict, Some(&packed));
    }
    // Incompressible padding up to `size`, in a stream nothing refers to.
    let pad = size.saturating_sub(out.len() + 512);
    if pad > 0 {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let bytes: Vec<u8> = (0..pad)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        let dict = format!("<< /Length {pad} >>");
        object(&mut out, 3, &dict, Some(&bytes));
    }
    // The cross-reference stream: `/W [1 4 2]`, uncompressed, object 5.
    let xref_num = 5_u32;
    let size_entries = 10 + streams as u32;
    let xref_at = out.len();
    let mut rows = Vec::new();
    for num in 0..size_entries {
        let row: (u8, u32, u16) = if num == xref_num {
            (1, xref_at as u32, 0)
        } else if num == member {
            (2, 10, 0)
        } else if let Some((_, at)) = offsets.iter().find(|(n, _)| *n == num) {
            (1, *at as u32, 0)
        } else {
            (0, 0, 65535)
        };
        rows.push(row.0);
        rows.extend_from_slice(&row.1.to_be_bytes());
        rows.extend_from_slice(&row.2.to_be_bytes());
    }
    out.extend_from_slice(
        format!(
            "{xref_num} 0 obj\n<< /Type /XRef /Size {size_entries} /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&rows);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(out)
}
