//! A safe preview: a small PNG drawn afresh from a picture's pixels, so an investigator can
//! see a photographed certificate without opening the file a stranger sent.
//!
//! Runs only inside the cleaning worker (`src/cleaner`), after the file is cleaned, under
//! the worker's sandbox and CPU budget. Nothing of the original's bytes reaches the preview
//! but its pixels: the PNG is encoded here from an 8-bit RGB(A) buffer, with no ancillary
//! chunk (no text, time, EXIF or colour profile).
//!
//! A decompression bomb must cost nothing: the declared width and height are read from the
//! header and refused above [`Budget::max_pixels`] before a single pixel is decoded, and the
//! decoders are given an allocation limit besides.
//!
//! PDFs: there is no safe full PDF renderer here. A first page that is essentially one
//! picture (a scan: one image XObject drawn over at least half the page, no text, no inline
//! image) is previewed from that picture (JPEG `DCTDecode`, or 8-bit grey or RGB `FlateDecode`
//! pixels); every other page gets no preview.

use std::io::{Cursor, Read};

use image::codecs::png::PngEncoder;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits,
    RgbImage, RgbaImage,
};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::Kind;

/// The longest side of a preview, in pixels.
pub const MAX_SIDE: u32 = 480;

/// The most pixels a picture may declare and still be decoded for a preview (a 32-megapixel
/// phone photo; beyond it, no preview).
pub const MAX_PIXELS: u64 = 32_000_000;

/// What decoding one picture may cost.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Declared width × height above which nothing is decoded.
    pub max_pixels: u64,
    /// Bytes the decoder may allocate.
    pub max_alloc: u64,
}

impl Budget {
    /// The budget for a worker allowed `memory` bytes beyond its start: half of it for the
    /// decoded picture, at 4 bytes a pixel. By the time a preview is drawn the worker holds
    /// only the cleaned file (at most `--scrub-max-mib`, a sixth of `memory`) besides.
    pub fn for_memory(memory: u64) -> Self {
        let max_alloc = memory / 2;
        Self {
            max_pixels: (max_alloc / 4).min(MAX_PIXELS),
            max_alloc,
        }
    }
}

/// A preview of a cleaned file of `kind`, or `None` where none can be drawn safely. A
/// photo's orientation (the one EXIF tag the JPEG cleaner keeps) turns it upright.
pub fn preview(kind: Kind, cleaned: &[u8], budget: Budget) -> Option<Vec<u8>> {
    match kind {
        Kind::Jpeg => picture(cleaned, ImageFormat::Jpeg, budget, true),
        Kind::Png => picture(cleaned, ImageFormat::Png, budget, false),
        Kind::Gif => picture(cleaned, ImageFormat::Gif, budget, false),
        Kind::WebP => picture(cleaned, ImageFormat::WebP, budget, false),
        Kind::Pdf => pdf_first_page(cleaned, budget),
        Kind::Zip | Kind::Video(_) | Kind::Other(_) => None,
    }
}

/// Decodes a picture (a GIF's first frame) within `budget` and draws its preview.
fn picture(bytes: &[u8], format: ImageFormat, budget: Budget, upright: bool) -> Option<Vec<u8>> {
    let mut limits = Limits::default();
    limits.max_alloc = Some(budget.max_alloc);
    // Making the decoder reads the header only; a side over the whole budget stops there.
    let side = u32::try_from(budget.max_pixels).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > budget.max_pixels {
        return None;
    }
    let orientation = if upright {
        decoder.orientation().ok()
    } else {
        None
    };
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    draw(img)
}

/// Shrinks `img` to fit [`MAX_SIDE`] and encodes it as a bare 8-bit PNG.
fn draw(img: DynamicImage) -> Option<Vec<u8>> {
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        img
    };
    let (w, h) = (img.width(), img.height());
    let mut out = Vec::new();
    let encoder = PngEncoder::new(&mut out);
    if img.color().has_alpha() {
        let rgba: RgbaImage = img.to_rgba8();
        encoder
            .write_image(rgba.as_raw(), w, h, ExtendedColorType::Rgba8)
            .ok()?;
    } else {
        let rgb: RgbImage = img.to_rgb8();
        encoder
            .write_image(rgb.as_raw(), w, h, ExtendedColorType::Rgb8)
            .ok()?;
    }
    Some(out)
}

/// Bytes a first page's content may inflate to: a scan's is a few dozen.
const MAX_PAGE_CONTENT: usize = 64 << 10;

/// The preview of a PDF whose first page is one scanned picture.
fn pdf_first_page(cleaned: &[u8], budget: Budget) -> Option<Vec<u8>> {
    let options = LoadOptions {
        max_decompressed_size: Some(cleaned.len().saturating_mul(4).clamp(1 << 20, 16 << 20)),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(cleaned, options).ok()?;
    let page = doc.page_iter().next()?;
    let content = doc
        .get_page_content_with_limit(page, MAX_PAGE_CONTENT)
        .ok()?;
    let ops = Content::decode(&content).ok()?;
    let (name, area) = one_picture(&ops.operations)?;
    let (page_w, page_h) = media_box(&doc, page)?;
    // Drawn over at least half the page: a scan, not a logo on a page of text.
    if area < 0.5 * page_w * page_h {
        return None;
    }
    let image = image_xobject(&doc, page, &name)?;
    pdf_image(&doc, image, budget)
}

/// The one image a page's content draws and the area it covers (in page units), if the
/// content draws exactly one XObject, shows no text and has no inline image.
fn one_picture(ops: &[lopdf::content::Operation]) -> Option<(Vec<u8>, f32)> {
    let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    let mut drawn = None;
    for op in ops {
        match op.operator.as_str() {
            "q" => {
                if saved.len() > 64 {
                    return None;
                }
                saved.push(ctm);
            }
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f32> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect();
                let [a, b, c, d, e, f] = <[f32; 6]>::try_from(m).ok()?;
                ctm = [
                    a * ctm[0] + b * ctm[2],
                    a * ctm[1] + b * ctm[3],
                    c * ctm[0] + d * ctm[2],
                    c * ctm[1] + d * ctm[3],
                    e * ctm[0] + f * ctm[2] + ctm[4],
                    e * ctm[1] + f * ctm[3] + ctm[5],
                ];
            }
            "Do" => {
                if drawn.is_some() {
                    return None;
                }
                let name = op.operands.first()?.as_name().ok()?.to_vec();
                drawn = Some((name, (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs()));
            }
            "Tj" | "TJ" | "'" | "\"" | "BI" | "ID" | "EI" | "sh" => return None,
            _ => {}
        }
    }
    drawn
}

/// The page's media box width and height, inherited from the page tree if need be.
fn media_box(doc: &Document, page: ObjectId) -> Option<(f32, f32)> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(b) = node.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
            let v: Vec<f32> = b.iter().filter_map(|o| o.as_float().ok()).collect();
            let [x0, y0, x1, y1] = <[f32; 4]>::try_from(v).ok()?;
            return Some(((x1 - x0).abs(), (y1 - y0).abs()));
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// The image XObject `name` among the page's resources.
fn image_xobject<'a>(doc: &'a Document, page: ObjectId, name: &[u8]) -> Option<&'a lopdf::Stream> {
    let (direct, ids) = doc.get_page_resources(page).ok()?;
    let dicts = direct
        .into_iter()
        .chain(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    for resources in dicts {
        let Ok(xobjects) = resources
            .get_deref(b"XObject", doc)
            .and_then(Object::as_dict)
        else {
            continue;
        };
        if let Ok(obj) = xobjects.get_deref(name, doc) {
            let stream = obj.as_stream().ok()?;
            let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok()?;
            return (subtype == b"Image").then_some(stream);
        }
    }
    None
}

/// Draws an image XObject: JPEG as is, 8-bit grey or RGB Flate pixels without a predictor.
fn pdf_image(doc: &Document, image: &lopdf::Stream, budget: Budget) -> Option<Vec<u8>> {
    let dict = &image.dict;
    let int = |key: &[u8]| -> Option<u32> {
        let v = dict.get_deref(key, doc).and_then(Object::as_i64).ok()?;
        u32::try_from(v).ok()
    };
    let (w, h) = (int(b"Width")?, int(b"Height")?);
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > budget.max_pixels {
        return None;
    }
    let filters = filters(dict, doc)?;
    match filters.as_slice() {
        [f] if f == b"DCTDecode" => picture(&image.content, ImageFormat::Jpeg, budget, false),
        [f] if f == b"FlateDecode" => {
            if dict.has(b"DecodeParms") || dict.has(b"SMask") || dict.has(b"Decode") {
                return None;
            }
            if int(b"BitsPerComponent")? != 8 {
                return None;
            }
            let space = dict
                .get_deref(b"ColorSpace", doc)
                .and_then(Object::as_name)
                .ok()?;
            let channels: u64 = match space {
                b"DeviceRGB" => 3,
                b"DeviceGray" => 1,
                _ => return None,
            };
            let expected = u64::from(w) * u64::from(h) * channels;
            if expected > budget.max_alloc {
                return None;
            }
            let mut pixels = Vec::new();
            flate2::read::ZlibDecoder::new(&image.content[..])
                .take(expected)
                .read_to_end(&mut pixels)
                .ok()?;
            if pixels.len() as u64 != expected {
                return None;
            }
            let img = if channels == 3 {
                DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels)?)
            } else {
                DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, pixels)?)
            };
            draw(img)
        }
        _ => None,
    }
}

/// A stream's filter names (one name or an array of them).
fn filters(dict: &Dictionary, doc: &Document) -> Option<Vec<Vec<u8>>> {
    match dict.get_deref(b"Filter", doc) {
        Ok(Object::Name(n)) => Some(vec![n.clone()]),
        Ok(Object::Array(a)) => a
            .iter()
            .map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Some(Vec::new()),
    }
}
