//! The pipe between the server and a cleaning worker: one request, one reply, in turn.
//!
//! Request: `u64` length (big-endian), then the file. Reply: one tag byte, then
//! - `0` cleaned: `u8` subtype (index into [`SUBTYPES`], 255 for none), `u64` length, bytes;
//!   then, once the worker has drawn it, a second frame: the preview, `u64` length (0 for
//!   none), PNG bytes. The cleaned file is sent (and flushed) before the preview is drawn, so
//!   the server reads the preview under a budget of its own, and a preview that overruns it
//!   costs the worker, never the file's cleaning;
//! - `1` kept as sent: `u8` reason code ([`Reason`]).
//!
//! Small on purpose: the server only needs the cleaned bytes or a reason, and a worker that
//! answers anything else is treated as failed. The worker writes [`HELLO`] once when it is
//! ready, so a program that is not a worker is noticed before a file is sent to it.

use std::io::{self, Read, Write};

use crate::scrub::Reason;

/// What a worker writes first, followed by what its sandbox enforces
/// (`sandbox::Enforced::to_bytes`).
pub const HELLO: &[u8; 8] = b"filimbi3";

/// Office subtypes a cleaned ZIP can be (see `scrub::Scrubbed::mime`).
pub const SUBTYPES: [&str; 7] = ["docx", "xlsx", "pptx", "odt", "ods", "odp", "odg"];

/// What a worker answers.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// The cleaned file and its office subtype (its preview follows: [`read_preview`]).
    Cleaned(Vec<u8>, Option<&'static str>),
    /// Keep the original, for this reason.
    Kept(Reason),
}

/// Reason codes on the wire, by position: new reasons go at the end.
const REASONS: [Reason; 5] = [
    Reason::UnknownType,
    Reason::TooLarge,
    Reason::Unparseable,
    Reason::Encrypted,
    Reason::TooComplex,
];

/// Writes a request.
pub fn write_request(w: &mut impl Write, file: &[u8]) -> io::Result<()> {
    w.write_all(&(file.len() as u64).to_be_bytes())?;
    w.write_all(file)?;
    w.flush()
}

/// Reads a request of at most `max` bytes; `None` at a clean end of input.
pub fn read_request(r: &mut impl Read, max: u64) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from_be_bytes(len);
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "request too large",
        ));
    }
    let mut file = vec![0u8; usize::try_from(len).map_err(io::Error::other)?];
    r.read_exact(&mut file)?;
    Ok(Some(file))
}

/// Writes a reply.
pub fn write_reply(w: &mut impl Write, reply: &Reply) -> io::Result<()> {
    match reply {
        Reply::Cleaned(bytes, subtype) => {
            let index = subtype
                .and_then(|s| SUBTYPES.iter().position(|x| *x == s))
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(255);
            w.write_all(&[0, index])?;
            w.write_all(&(bytes.len() as u64).to_be_bytes())?;
            w.write_all(bytes)?;
        }
        Reply::Kept(reason) => {
            let code = REASONS.iter().position(|r| r == reason).unwrap_or(2);
            w.write_all(&[1, u8::try_from(code).unwrap_or(2)])?;
        }
    }
    w.flush()
}

/// Reads a reply whose cleaned file is at most `max` bytes.
pub fn read_reply(r: &mut impl Read, max: u64) -> io::Result<Reply> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    let mut head = [0u8; 2];
    r.read_exact(&mut head)?;
    match head {
        [0, index] => {
            let subtype = SUBTYPES.get(usize::from(index)).copied();
            Ok(Reply::Cleaned(read_sized(r, max)?, subtype))
        }
        [1, code] => REASONS
            .get(usize::from(code))
            .map(|r| Reply::Kept(*r))
            .ok_or_else(|| bad("unknown reason")),
        _ => Err(bad("unknown reply")),
    }
}

/// Writes the preview that follows a cleaned file (`None`: none could be drawn).
pub fn write_preview(w: &mut impl Write, preview: Option<&[u8]>) -> io::Result<()> {
    let preview = preview.unwrap_or_default();
    w.write_all(&(preview.len() as u64).to_be_bytes())?;
    w.write_all(preview)?;
    w.flush()
}

/// Reads the preview that follows a cleaned file.
pub fn read_preview(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let preview = read_sized(r, MAX_PREVIEW)?;
    Ok((!preview.is_empty()).then_some(preview))
}

/// The largest preview the server takes: 480 × 480 RGBA pixels, uncompressed, and more.
const MAX_PREVIEW: u64 = 1 << 20;

/// Reads a `u64` length of at most `max`, then that many bytes.
fn read_sized(r: &mut impl Read, max: u64) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_be_bytes(len);
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "reply too large",
        ));
    }
    let mut bytes = vec![0u8; usize::try_from(len).map_err(io::Error::other)?];
    r.read_exact(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_replies_round_trip_and_limits_hold() {
        let mut buf = Vec::new();
        write_request(&mut buf, b"\xff\xd8\xffphoto").unwrap();
        let mut r = &buf[..];
        assert_eq!(
            read_request(&mut r, 100).unwrap().unwrap(),
            b"\xff\xd8\xffphoto"
        );
        assert!(read_request(&mut r, 100).unwrap().is_none(), "clean end");
        assert!(read_request(&mut &buf[..], 3).is_err(), "over the limit");
        assert!(read_request(&mut &buf[..10], 100).is_err(), "cut short");

        for reply in [
            Reply::Cleaned(b"clean".to_vec(), Some("odt")),
            Reply::Cleaned(Vec::new(), None),
            Reply::Kept(Reason::Encrypted),
            Reply::Kept(Reason::Unparseable),
            Reply::Kept(Reason::TooComplex),
        ] {
            let mut buf = Vec::new();
            write_reply(&mut buf, &reply).unwrap();
            assert_eq!(read_reply(&mut &buf[..], 100).unwrap(), reply);
        }
        let mut buf = Vec::new();
        write_reply(&mut buf, &Reply::Cleaned(vec![0; 50], None)).unwrap();
        assert!(read_reply(&mut &buf[..], 10).is_err());
        assert!(read_reply(&mut &[7u8, 0][..], 10).is_err());
        assert!(read_reply(&mut &[1u8, 99][..], 10).is_err());

        let mut buf = Vec::new();
        write_preview(&mut buf, Some(b"\x89PNG")).unwrap();
        write_preview(&mut buf, None).unwrap();
        let mut r = &buf[..];
        assert_eq!(
            read_preview(&mut r).unwrap().as_deref(),
            Some(&b"\x89PNG"[..])
        );
        assert_eq!(read_preview(&mut r).unwrap(), None);
        let mut big = (MAX_PREVIEW + 1).to_be_bytes().to_vec();
        big.extend_from_slice(&[0; 16]);
        assert!(read_preview(&mut &big[..]).is_err(), "over the limit");
    }
}
