//! Removing hidden metadata from files before they are encrypted.
//!
//! A phone photo of a forged certificate carries the GPS position of the person who took it; a
//! Word document carries its author's name. Every attachment passes through [`scrub`] in memory
//! (never on disk) before sealing. Pure functions: bytes in, bytes out, no I/O. The server
//! calls them only inside a sandboxed child process (`src/cleaner`), never in its own.
//!
//! Type detection is by content (magic bytes), never by file name or the browser's
//! Content-Type. A file whose type is unknown, or that claims a known type but does not parse,
//! is kept unchanged and marked [`Outcome::NotRemoved`] so investigators know to be careful.

mod gif;
mod jpeg;
mod mp4;
mod office;
mod pdf;
mod pdf_bounds;
pub mod preview;
mod raster;

use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a file was recognised as, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG image.
    Jpeg,
    /// PNG image.
    Png,
    /// GIF image.
    Gif,
    /// WebP image.
    WebP,
    /// PDF document.
    Pdf,
    /// A ZIP container: Office Open XML, OpenDocument, or a plain archive (decided on scrubbing).
    Zip,
    /// A video in the ISO base media / QuickTime format (MP4, MOV, 3GP, M4V), with its MIME
    /// type.
    Video(&'static str),
    /// Anything else; the MIME type if recognised.
    Other(Option<&'static str>),
}

impl Kind {
    /// Recognises a file from its first bytes (at least 64 are needed for a reliable answer).
    pub fn detect(head: &[u8]) -> Self {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Kind::Jpeg
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
            Kind::Gif
        } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
            Kind::WebP
        } else if head.starts_with(b"%PDF-") {
            Kind::Pdf
        } else if head.starts_with(b"PK\x03\x04") {
            Kind::Zip
        } else if mp4::is_video(head) {
            Kind::Video(match head.get(8..11) {
                Some(b"qt ") => "video/quicktime",
                Some(b"3gp" | b"3g2") => "video/3gpp",
                _ => "video/mp4",
            })
        } else {
            Kind::Other(infer::get(head).map(|t| t.mime_type()))
        }
    }

    /// Whether [`scrub`] knows how to clean this kind.
    pub fn is_scrubbable(self) -> bool {
        !matches!(self, Kind::Other(_))
    }

    /// MIME type for investigators.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::WebP => "image/webp",
            Kind::Pdf => "application/pdf",
            Kind::Zip => "application/zip",
            Kind::Video(mime) => mime,
            Kind::Other(Some(m)) => m,
            Kind::Other(None) => "application/octet-stream",
        }
    }
}

/// Whether hidden metadata was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Cleaned: the known metadata of this format is gone.
    Cleaned,
    /// Stored exactly as sent; the reason says why.
    NotRemoved(Reason),
}

/// Why a file was stored unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Filimbi does not know this file type.
    UnknownType,
    /// Larger than the server cleans in memory.
    TooLarge,
    /// Claims a known type but does not parse (damaged, or unusual).
    Unparseable,
    /// Encrypted (password-protected PDF): cannot be rewritten.
    Encrypted,
    /// The cleaning worker crashed or ran out of memory on it (`src/cleaner`).
    CleanerFailed,
    /// The cleaning worker took longer than its time limit, or more CPU than its budget per
    /// file, and was stopped.
    CleanerTimedOut,
    /// Its declared structure would cost the cleaner far more than its size (a PDF of too
    /// many objects or of object streams that repeat or inflate past their budget; an office
    /// file of too many parts or that says it inflates past its budget): refused before it
    /// was parsed.
    TooComplex,
}

impl Reason {
    /// Stable code, written into the encrypted report for investigators.
    pub fn code(self) -> &'static str {
        match self {
            Reason::UnknownType => "unknown-type",
            Reason::TooLarge => "too-large",
            Reason::Unparseable => "unparseable",
            Reason::Encrypted => "encrypted",
            Reason::CleanerFailed => "cleaner-failed",
            Reason::CleanerTimedOut => "cleaner-timeout",
            Reason::TooComplex => "too-complex",
        }
    }
}

/// A scrubber's failure: the file is kept as sent.
#[derive(Debug)]
pub(crate) enum Failure {
    Unparseable,
    Encrypted,
    /// Refused before parsing, by a bound on its declared structure.
    TooComplex,
}

/// The result of cleaning one file.
pub struct Scrubbed {
    /// The bytes to store: cleaned, or the original.
    pub bytes: Vec<u8>,
    /// What was recognised.
    pub kind: Kind,
    /// Whether metadata was removed.
    pub outcome: Outcome,
    /// For ZIP files: the document type found inside (`docx`, `odt`…), if any.
    pub subtype: Option<&'static str>,
    /// A small PNG drawn from the cleaned picture's pixels ([`preview`]), if one could be.
    pub preview: Option<Vec<u8>>,
}

impl Scrubbed {
    /// MIME type of what is stored, office subtypes included.
    pub fn mime(&self) -> &'static str {
        match self.subtype {
            Some("docx") => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Some("pptx") => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Some("odt") => "application/vnd.oasis.opendocument.text",
            Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
            Some("odp") => "application/vnd.oasis.opendocument.presentation",
            Some("odg") => "application/vnd.oasis.opendocument.graphics",
            _ => self.kind.mime(),
        }
    }
}

/// Cleans `bytes`. Never fails and never panics: a parser panic inside a third-party crate is
/// caught and treated as an unparseable file, kept unchanged.
pub fn scrub(bytes: Vec<u8>) -> Scrubbed {
    let kind = Kind::detect(&bytes[..bytes.len().min(8192)]);
    let result = catch_unwind(AssertUnwindSafe(|| match kind {
        Kind::Jpeg => jpeg::scrub(&bytes).map(|b| (b, None)),
        Kind::Png => raster::scrub_png(&bytes).map(|b| (b, None)),
        Kind::WebP => raster::scrub_webp(&bytes).map(|b| (b, None)),
        Kind::Gif => gif::scrub(&bytes).map(|b| (b, None)),
        Kind::Pdf => pdf::scrub(&bytes).map(|b| (b, None)),
        Kind::Zip => office::scrub(&bytes).map(|(b, t)| (b, Some(t))),
        Kind::Video(_) => mp4::scrub(&bytes).map(|b| (b, None)),
        Kind::Other(_) => Err(Failure::Unparseable),
    }));
    match (kind, result) {
        (Kind::Other(_), _) => unchanged(bytes, kind, Reason::UnknownType),
        (_, Ok(Ok((clean, subtype)))) => Scrubbed {
            bytes: clean,
            kind,
            outcome: Outcome::Cleaned,
            subtype,
            preview: None,
        },
        (Kind::Zip, Ok(Err(Failure::Unparseable))) => {
            // A ZIP that is not an office document: an archive we do not rewrite.
            unchanged(bytes, kind, Reason::UnknownType)
        }
        (_, Ok(Err(Failure::Encrypted))) => unchanged(bytes, kind, Reason::Encrypted),
        (_, Ok(Err(Failure::TooComplex))) => unchanged(bytes, kind, Reason::TooComplex),
        (_, Ok(Err(Failure::Unparseable)) | Err(_)) => unchanged(bytes, kind, Reason::Unparseable),
    }
}

/// A file kept as sent, for `reason`.
pub fn unchanged(bytes: Vec<u8>, kind: Kind, reason: Reason) -> Scrubbed {
    Scrubbed {
        bytes,
        kind,
        outcome: Outcome::NotRemoved(reason),
        subtype: None,
        preview: None,
    }
}

/// The preview of a cleaned file of `kind` ([`preview::preview`]), drawn within `budget`;
/// one whose drawing panics is none.
pub fn preview_of(kind: Kind, cleaned: &[u8], budget: preview::Budget) -> Option<Vec<u8>> {
    catch_unwind(AssertUnwindSafe(|| preview::preview(kind, cleaned, budget))).unwrap_or(None)
}
