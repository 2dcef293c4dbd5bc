//! A guard on a multipart body: multer buffers a part's headers (and the preamble) until they
//! end, limited only by the whole request size, so one connection sending a header that never
//! ends could hold hundreds of MiB. This stream adapter watches the raw bytes and fails the
//! request once a preamble or a part's headers grow past [`MAX_HEADER_BYTES`]; file data in
//! between passes through untouched.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Bytes;
use futures_util::Stream;

/// Longest preamble or header block of one part.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Before the first delimiter.
    Preamble,
    /// After a delimiter, before the blank line ending the part's headers.
    Headers,
    /// Part content, until the next delimiter.
    Data,
}

/// The body was refused by the guard.
#[derive(Debug, thiserror::Error)]
#[error("multipart headers too long")]
pub struct HeadersTooLong;

/// Wraps a body stream; see the module documentation.
pub struct HeaderGuard<S> {
    inner: S,
    delimiter: Vec<u8>,
    mode: Mode,
    /// Bytes seen in the current preamble or header block.
    count: usize,
    /// The end of the previous chunk, so patterns split across chunks are found.
    carry: Vec<u8>,
    failed: bool,
}

impl<S> HeaderGuard<S> {
    /// Guards `inner`, a body whose parts are separated by `--boundary`.
    pub fn new(inner: S, boundary: &str) -> Self {
        Self {
            inner,
            delimiter: format!("--{boundary}").into_bytes(),
            mode: Mode::Preamble,
            count: 0,
            carry: Vec::new(),
            failed: false,
        }
    }

    /// Advances the state over `chunk`; false when a limit is exceeded.
    fn scan(&mut self, chunk: &[u8]) -> bool {
        let mut window = std::mem::take(&mut self.carry);
        let carried = window.len();
        window.extend_from_slice(chunk);
        let mut pos = 0;
        loop {
            let (pattern, limited): (&[u8], bool) = match self.mode {
                Mode::Preamble => (&self.delimiter, true),
                Mode::Headers => (b"\r\n\r\n", true),
                Mode::Data => (&self.delimiter, false),
            };
            match memchr::memmem::find(&window[pos..], pattern) {
                Some(i) => {
                    let end = pos + i + pattern.len();
                    if limited {
                        self.count += end.saturating_sub(pos.max(carried));
                        if self.count > MAX_HEADER_BYTES {
                            return false;
                        }
                    }
                    self.count = 0;
                    self.mode = match self.mode {
                        Mode::Preamble | Mode::Data => Mode::Headers,
                        Mode::Headers => Mode::Data,
                    };
                    pos = end;
                }
                None => {
                    if limited {
                        self.count += window.len().saturating_sub(pos.max(carried));
                        if self.count > MAX_HEADER_BYTES {
                            return false;
                        }
                    }
                    let keep = self.delimiter.len().max(4);
                    let from = window.len().saturating_sub(keep).max(pos);
                    self.carry = window[from..].to_vec();
                    return true;
                }
            }
        }
    }
}

impl<S, E> Stream for HeaderGuard<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.failed {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if self.scan(&chunk) {
                    Poll::Ready(Some(Ok(chunk)))
                } else {
                    self.failed = true;
                    Poll::Ready(Some(Err(Box::new(HeadersTooLong))))
                }
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&[u8]]) -> bool {
        let mut g = HeaderGuard::new(
            futures_util::stream::empty::<Result<Bytes, std::io::Error>>(),
            "xyz",
        );
        chunks.iter().all(|c| g.scan(c))
    }

    #[test]
    fn ordinary_forms_pass_even_when_split_anywhere() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".to_vec();
        let mut all = body.clone();
        all.extend(std::iter::repeat_n(b'd', 100_000));
        all.extend_from_slice(b"\r\n--xyz--\r\n");
        for split in [1usize, 3, 7, 64, 4096] {
            let chunks: Vec<&[u8]> = all.chunks(split).collect();
            assert!(run(&chunks), "split {split}");
        }
    }

    #[test]
    fn an_endless_header_is_refused_even_in_small_pieces() {
        let mut all = b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ".to_vec();
        all.extend(std::iter::repeat_n(b'a', MAX_HEADER_BYTES + 10));
        let chunks: Vec<&[u8]> = all.chunks(100).collect();
        assert!(!run(&chunks));
        let mut preamble = vec![b'p'; MAX_HEADER_BYTES + 10];
        preamble.extend_from_slice(b"--xyz\r\n");
        assert!(!run(&[&preamble]));
    }
}
