//! Reading a report form sent as `multipart/form-data`: text fields into memory (bounded),
//! files streamed into encrypted spools as they arrive (`services::spool`).
//!
//! Limits are checked while reading, so an oversized file is refused without being stored.
//! After a refused file the rest of the request is read and discarded (within the request
//! limit), and the text fields are returned with the problem, so the form can be shown again
//! with the person's words in it.

use axum::body::Body;

use crate::http::form::MAX_FIELDS;
use crate::http::header_guard::{HeaderGuard, HeadersTooLong};
use crate::services::intake::Limits;
use crate::services::spool::{SpoolError, SpooledFile, Spooler};

/// Largest single text field accepted, in bytes (20 000 four-byte characters and some room).
const MAX_TEXT_FIELD: usize = 96 * 1024;
/// All text fields together.
const MAX_TEXT_TOTAL: usize = 256 * 1024;
/// Room for multipart headers and boundaries on top of the file limits.
const ENVELOPE: u64 = 1024 * 1024;

/// What was received.
#[derive(Default)]
pub struct Received {
    /// Text fields, in order.
    pub fields: Vec<(String, String)>,
    /// Complete, non-empty files, spooled.
    pub files: Vec<SpooledFile>,
}

/// A problem the sender can fix by changing what they attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// More files than allowed.
    TooMany,
    /// A file over the size limit (its name).
    TooLarge(String),
    /// A file with a name but no content.
    Empty(String),
}

/// A problem with the request itself.
#[derive(Debug)]
pub enum UploadError {
    /// The body is larger than any valid report.
    TooLarge,
    /// The connection ended before the form did.
    Truncated,
    /// Not a valid multipart form, or text that is not UTF-8.
    BadForm,
    /// Too many uploads in progress server-wide: try again later.
    Busy,
    /// The spool could not be written (disk full…): our fault.
    Spool(std::io::Error),
}

/// Reads a multipart body. `Ok((received, Some(problem)))` means the files must be chosen
/// again; what was received is returned for redisplay (and its spools deleted on drop).
pub async fn receive(
    body: Body,
    content_type: &str,
    limits: Limits,
    spooler: &Spooler,
) -> Result<(Received, Option<FileProblem>), UploadError> {
    let boundary = multer::parse_boundary(content_type).map_err(|_| UploadError::BadForm)?;
    let whole = limits
        .max_file_bytes
        .saturating_mul(limits.max_files as u64)
        .saturating_add(ENVELOPE);
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let guarded = HeaderGuard::new(body.into_data_stream(), &boundary);
    let mut multipart = multer::Multipart::with_constraints(guarded, boundary, constraints);
    let mut reading = Reading {
        limits,
        spooler,
        received: Received::default(),
        problem: None,
        text_total: 0,
    };
    let mut parts = 0usize;
    loop {
        let next = multipart.next_field().await;
        let mut field = match next {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // Past the request limit while discarding after a refused file: answer now.
            Err(multer::Error::StreamSizeExceeded { .. }) if reading.problem.is_some() => break,
            Err(e) => return Err(map_err(e)),
        };
        parts += 1;
        if parts > MAX_FIELDS + limits.max_files {
            return Err(UploadError::BadForm);
        }
        match field.file_name().map(str::to_owned) {
            Some(file_name) => reading.file(&mut field, file_name).await?,
            None => reading.text(&mut field).await?,
        }
    }
    Ok((reading.received, reading.problem))
}

/// One multipart body being read: what was received so far and the first problem with the
/// files, if any.
struct Reading<'a> {
    limits: Limits,
    spooler: &'a Spooler,
    received: Received,
    problem: Option<FileProblem>,
    /// Bytes of all text fields so far.
    text_total: usize,
}

impl Reading<'_> {
    /// A file part: spooled if it fits, else the problem is recorded and the part discarded.
    async fn file(
        &mut self,
        field: &mut multer::Field<'_>,
        file_name: String,
    ) -> Result<(), UploadError> {
        // Once a file is refused, the rest of the request is still read (and discarded)
        // before answering: a browser still sending when the server answers and closes
        // may show "connection reset" instead of the page that keeps the person's words.
        if self.problem.is_some() {
            return drain(field).await;
        }
        let mut first = None;
        while let Some(chunk) = field.chunk().await.map_err(map_err)? {
            if !chunk.is_empty() {
                first = Some(chunk);
                break;
            }
        }
        let Some(first) = first else {
            if !file_name.is_empty() {
                self.problem = Some(FileProblem::Empty(file_name));
            }
            return Ok(()); // an empty part without a name is the browser's "no file chosen"
        };
        if self.received.files.len() == self.limits.max_files {
            self.problem = Some(FileProblem::TooMany);
            return drain(field).await;
        }
        match self.spool(field, file_name, first).await? {
            Some(file) => self.received.files.push(file),
            None => drain(field).await?,
        }
        Ok(())
    }

    /// Streams a file, from its `first` chunk, into an encrypted spool. `None` when it grows
    /// past the size limit: the problem is recorded and the spool deleted (on drop).
    async fn spool(
        &mut self,
        field: &mut multer::Field<'_>,
        file_name: String,
        first: bytes::Bytes,
    ) -> Result<Option<SpooledFile>, UploadError> {
        let mut spool = self
            .spooler
            .begin(file_name.clone())
            .await
            .map_err(spool_err)?;
        let mut next = Some(first);
        while let Some(chunk) = next {
            if spool.size() + chunk.len() as u64 > self.limits.max_file_bytes {
                self.problem = Some(FileProblem::TooLarge(file_name));
                return Ok(None);
            }
            spool.write(chunk).await.map_err(spool_err)?;
            next = field.chunk().await.map_err(map_err)?;
        }
        spool.finish().await.map(Some).map_err(spool_err)
    }

    /// A text part, kept in memory within [`MAX_TEXT_FIELD`] and [`MAX_TEXT_TOTAL`].
    async fn text(&mut self, field: &mut multer::Field<'_>) -> Result<(), UploadError> {
        let name = field.name().unwrap_or("").to_owned();
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(map_err)? {
            value.extend_from_slice(&chunk);
            self.text_total += chunk.len();
            if value.len() > MAX_TEXT_FIELD || self.text_total > MAX_TEXT_TOTAL {
                return Err(UploadError::TooLarge);
            }
        }
        let value = String::from_utf8(value).map_err(|_| UploadError::BadForm)?;
        self.received.fields.push((name, value));
        Ok(())
    }
}

/// Reads the rest of a field, keeping nothing. Reaching the request limit ends the draining
/// without error: the refusal page is sent while the client is still sending, which curl and
/// Chromium display, though some browsers may then show a reset connection.
async fn drain(field: &mut multer::Field<'_>) -> Result<(), UploadError> {
    loop {
        match field.chunk().await {
            Ok(Some(_)) => {}
            Ok(None) | Err(multer::Error::StreamSizeExceeded { .. }) => return Ok(()),
            Err(e) => return Err(map_err(e)),
        }
    }
}

fn spool_err(e: SpoolError) -> UploadError {
    match e {
        SpoolError::Busy => UploadError::Busy,
        SpoolError::Io(e) => UploadError::Spool(e),
    }
}

fn map_err(e: multer::Error) -> UploadError {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            UploadError::TooLarge
        }
        multer::Error::StreamReadFailed(e) if e.is::<HeadersTooLong>() => UploadError::BadForm,
        multer::Error::IncompleteStream
        | multer::Error::IncompleteFieldData { .. }
        | multer::Error::IncompleteHeaders
        | multer::Error::StreamReadFailed(_) => UploadError::Truncated,
        _ => UploadError::BadForm,
    }
}
