//! The plaintext documents inside the ciphertext: the report (`filimbi/report`, version 1) and
//! the internal note (`filimbi/note`, version 1), as typed values (`docs/crypto.md`, "Plaintext
//! format").
//!
//! One type per document is used everywhere a document is made or read — sealing, the case
//! page, `filimbi decrypt` — so no code reads decrypted content as untyped JSON. They hold a
//! whistle-blower's words: every string is wiped when the value is dropped, and `Debug` prints
//! nothing of the content.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::case::{CaseId, ReceivedDay};
use super::report::{Category, Report};
use super::sms::phone::PhoneNumber;
use crate::i18n::Lang;

/// Name of the report format.
pub const REPORT_FORMAT: &str = "filimbi/report";
/// Version of the report format.
pub const REPORT_VERSION: u32 = 1;
/// Name of the conversation message format.
pub const MESSAGE_FORMAT: &str = "filimbi/message";
/// Version of the message format.
pub const MESSAGE_VERSION: u32 = 1;
/// Name of the note format.
pub const NOTE_FORMAT: &str = "filimbi/note";
/// Version of the note format.
pub const NOTE_VERSION: u32 = 1;

/// Why a decrypted document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// Not JSON of the expected shape.
    #[error("the document is not valid {0}")]
    Shape(&'static str),
    /// Another format or a version this build does not read.
    #[error("unknown document format or version")]
    Format,
    /// The document names another case than the one it is stored under.
    #[error("the document belongs to another case")]
    WrongCase,
}

/// The filled-in fields of a report, in form order (a JSON object whose key order is kept).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Zeroize for Fields {
    fn zeroize(&mut self) {
        for (k, v) in &mut self.0 {
            k.zeroize();
            v.zeroize();
        }
        self.0.clear();
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fields(<{} redacted>)", self.0.len())
    }
}

impl Fields {
    /// `(field name, value)` pairs in form order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of one field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of text fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    out.push(pair);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(InOrder)
    }
}

/// What the encrypted report says about one attachment.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct AttachmentInfo {
    /// Stored blob name (`attachment-01`), the `.age` file name in exports.
    pub file: String,
    /// Original file name, as the browser sent it (path stripped). Only ever inside ciphertext.
    pub name: String,
    /// SHA-256 of the attachment's ciphertext, hex: binds the `.age` file to this report.
    pub sha256: String,
    /// Size of the stored (cleaned) file in bytes.
    pub size: u64,
    /// Type recognised from the content.
    #[serde(rename = "type")]
    pub mime: String,
    /// Whether hidden metadata was removed.
    pub metadata_removed: bool,
    /// Why not, when it was not (`unknown-type`, `too-large`, `unparseable`, `encrypted`,
    /// `too-complex`, `cleaner-failed`, `cleaner-timeout`).
    pub note: Option<String>,
    /// The safe preview drawn from the file's pixels, stored beside it, if one could be
    /// drawn (absent from documents sealed before previews, and from files without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<PreviewInfo>,
}

/// The suffix of a preview's blob name, after its file's (`attachment-01.preview`).
pub const PREVIEW_SUFFIX: &str = ".preview";

/// What the encrypted report says about an attachment's preview: a small PNG sealed like
/// the file, in a blob of its own.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct PreviewInfo {
    /// Stored blob name (`attachment-01.preview`), the `.age` file name in exports.
    pub file: String,
    /// SHA-256 of the preview's ciphertext, hex: binds it to this report as `sha256` does
    /// the file.
    pub sha256: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl fmt::Debug for AttachmentInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AttachmentInfo({}, <redacted>)", self.file)
    }
}

/// The report document.
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct ReportDoc {
    format: String,
    version: u32,
    case_id: String,
    #[zeroize(skip)]
    category: Category,
    received_day: String,
    fields: Fields,
    attachments: Vec<AttachmentInfo>,
}

impl fmt::Debug for ReportDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReportDoc({}, <redacted>)", self.case_id)
    }
}

impl ReportDoc {
    /// The document for a new case.
    pub fn new(
        case: &CaseId,
        report: &Report,
        day: ReceivedDay,
        attachments: Vec<AttachmentInfo>,
    ) -> Self {
        Self {
            format: REPORT_FORMAT.to_owned(),
            version: REPORT_VERSION,
            case_id: case.as_str().to_owned(),
            category: report.category(),
            received_day: day.iso(),
            fields: Fields(
                report
                    .fields()
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect(),
            ),
            attachments,
        }
    }

    /// Parses decrypted bytes (trailing padding spaces are valid JSON white space) and checks
    /// the format, the version and that the document belongs to `case`.
    pub fn parse(plaintext: &[u8], case: &str) -> Result<Self, DocumentError> {
        let doc: Self =
            serde_json::from_slice(plaintext).map_err(|_| DocumentError::Shape("report"))?;
        if doc.format != REPORT_FORMAT || doc.version != REPORT_VERSION {
            return Err(DocumentError::Format);
        }
        if doc.case_id != case {
            return Err(DocumentError::WrongCase);
        }
        Ok(doc)
    }

    /// The case it was written for.
    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    /// The kind of report.
    pub fn category(&self) -> Category {
        self.category
    }

    /// The day it was received (`YYYY-MM-DD`).
    pub fn received_day(&self) -> &str {
        &self.received_day
    }

    /// The filled-in fields in form order.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The attachments it vouches for.
    pub fn attachments(&self) -> &[AttachmentInfo] {
        &self.attachments
    }

    /// The attachment stored under `file` (`attachment-01`…), if the report lists it.
    pub fn attachment(&self, file: &str) -> Option<&AttachmentInfo> {
        self.attachments.iter().find(|a| a.file == file)
    }
}

/// An internal note document.
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct NoteDoc {
    format: String,
    version: u32,
    author: String,
    day: String,
    text: String,
}

impl fmt::Debug for NoteDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoteDoc({}, {}, <redacted>)", self.author, self.day)
    }
}

impl NoteDoc {
    /// A new note.
    pub fn new(author: &str, day: ReceivedDay, text: &str) -> Self {
        Self {
            format: NOTE_FORMAT.to_owned(),
            version: NOTE_VERSION,
            author: author.to_owned(),
            day: day.iso(),
            text: text.to_owned(),
        }
    }

    /// Parses decrypted bytes and checks the format.
    pub fn parse(plaintext: &[u8]) -> Result<Self, DocumentError> {
        let doc: Self =
            serde_json::from_slice(plaintext).map_err(|_| DocumentError::Shape("note"))?;
        if doc.format != NOTE_FORMAT || doc.version != NOTE_VERSION {
            return Err(DocumentError::Format);
        }
        Ok(doc)
    }

    /// Author's account name, as written into the note.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Day written.
    pub fn day(&self) -> &str {
        &self.day
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Who wrote a message of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sender {
    /// An investigator's question or feedback, readable with the receipt.
    Investigator,
    /// The whistle-blower's answer, sealed like report content (not readable with the receipt).
    Whistleblower,
}

impl Sender {
    /// Stable name (stored in clear beside the message, and in the document).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investigator => "investigator",
            Self::Whistleblower => "whistleblower",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "investigator" => Some(Self::Investigator),
            "whistleblower" => Some(Self::Whistleblower),
            _ => None,
        }
    }
}

/// One message of the conversation between investigators and the whistle-blower. An
/// investigator's message names no investigator: the whistle-blower reads it.
#[derive(Clone, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct MessageDoc {
    format: String,
    version: u32,
    case_id: String,
    #[zeroize(skip)]
    from: Sender,
    day: String,
    text: String,
    #[serde(default)]
    attachments: Vec<AttachmentInfo>,
}

impl fmt::Debug for MessageDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MessageDoc({}, {:?}, <redacted>)",
            self.case_id, self.from
        )
    }
}

impl MessageDoc {
    /// A new message of case `case`.
    pub fn new(
        case: &CaseId,
        from: Sender,
        day: ReceivedDay,
        text: &str,
        attachments: Vec<AttachmentInfo>,
    ) -> Self {
        Self {
            format: MESSAGE_FORMAT.to_owned(),
            version: MESSAGE_VERSION,
            case_id: case.as_str().to_owned(),
            from,
            day: day.iso(),
            text: text.to_owned(),
            attachments,
        }
    }

    /// Parses decrypted bytes and checks the format and that it belongs to `case`.
    pub fn parse(plaintext: &[u8], case: &str) -> Result<Self, DocumentError> {
        let doc: Self =
            serde_json::from_slice(plaintext).map_err(|_| DocumentError::Shape("message"))?;
        if doc.format != MESSAGE_FORMAT || doc.version != MESSAGE_VERSION {
            return Err(DocumentError::Format);
        }
        if doc.case_id != case {
            return Err(DocumentError::WrongCase);
        }
        Ok(doc)
    }

    /// Who wrote it.
    pub fn from(&self) -> Sender {
        self.from
    }

    /// Day written.
    pub fn day(&self) -> &str {
        &self.day
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Files sent with an answer, each bound by its ciphertext's SHA-256.
    pub fn attachments(&self) -> &[AttachmentInfo] {
        &self.attachments
    }

    /// The attachment stored under `file`, if this message lists it.
    pub fn attachment(&self, file: &str) -> Option<&AttachmentInfo> {
        self.attachments.iter().find(|a| a.file == file)
    }
}

/// Format name of a sealed contact.
const CONTACT_FORMAT: &str = "filimbi/contact";
/// Version of the contact format.
const CONTACT_VERSION: u32 = 1;

/// How to reach a case's sender by SMS: the number and the language they wrote in. Sealed to
/// the case key and every offline key (`crypto::contact`), opened only for the moment an
/// investigator's question is sent. The language is sealed with it rather than kept in clear:
/// in a small region the language of a report narrows down who sent it.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct ContactDoc {
    format: String,
    version: u32,
    case_id: String,
    number: String,
    lang: String,
}

impl fmt::Debug for ContactDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContactDoc({}, <redacted>)", self.case_id)
    }
}

impl ContactDoc {
    /// The contact of case `case`.
    pub fn new(case: &CaseId, number: &PhoneNumber, lang: Lang) -> Self {
        Self {
            format: CONTACT_FORMAT.to_owned(),
            version: CONTACT_VERSION,
            case_id: case.as_str().to_owned(),
            number: number.as_str().to_owned(),
            lang: lang.code().to_owned(),
        }
    }

    /// Parses decrypted bytes and checks the format and that it belongs to `case`.
    pub fn parse(plaintext: &[u8], case: &str) -> Result<Self, DocumentError> {
        let doc: Self =
            serde_json::from_slice(plaintext).map_err(|_| DocumentError::Shape("contact"))?;
        if doc.format != CONTACT_FORMAT || doc.version != CONTACT_VERSION {
            return Err(DocumentError::Format);
        }
        if doc.case_id != case {
            return Err(DocumentError::WrongCase);
        }
        Ok(doc)
    }

    /// The number, checked again as it is read.
    pub fn number(&self) -> Result<PhoneNumber, DocumentError> {
        PhoneNumber::parse(&self.number).map_err(|_| DocumentError::Shape("contact number"))
    }

    /// The language the sender wrote in (English if the stored code is unknown).
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.lang).unwrap_or(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::Category;

    const V1: &str = r#"{"format":"filimbi/report","version":1,"case_id":"00112233445566778899aabbccddeeff","category":"fake-certificate","received_day":"2026-11-23","fields":{"certificate_number":"RW-1","description":"seen in Goma"},"attachments":[{"file":"attachment-01","name":"IMG.jpg","sha256":"ab","size":3,"type":"image/jpeg","metadata_removed":true,"note":null}]}
      "#;

    #[test]
    fn version_1_reports_parse_with_fields_in_order() {
        let doc = ReportDoc::parse(V1.as_bytes(), "00112233445566778899aabbccddeeff").unwrap();
        assert_eq!(doc.category(), Category::FakeCertificate);
        let names: Vec<_> = doc.fields().iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["certificate_number", "description"]);
        assert_eq!(doc.attachment("attachment-01").map(|a| a.size), Some(3));
        assert!(!format!("{doc:?}").contains("Goma"), "Debug is redacted");
        // Round trip: what sealing writes is what readers parse.
        let again = serde_json::to_vec(&doc).unwrap();
        let back = ReportDoc::parse(&again, doc.case_id()).unwrap();
        assert_eq!(back.fields(), doc.fields());
    }

    #[test]
    fn other_cases_formats_and_shapes_are_refused() {
        let case = "00112233445566778899aabbccddeeff";
        assert_eq!(
            ReportDoc::parse(V1.as_bytes(), "ffffffffffffffffffffffffffffffff").err(),
            Some(DocumentError::WrongCase)
        );
        let v2 = V1.replace("\"version\":1", "\"version\":2");
        assert_eq!(
            ReportDoc::parse(v2.as_bytes(), case).err(),
            Some(DocumentError::Format)
        );
        assert!(ReportDoc::parse(b"[1]", case).is_err());
        assert!(NoteDoc::parse(V1.as_bytes()).is_err());
    }

    #[test]
    fn messages_round_trip_and_belong_to_one_case() {
        let case = CaseId::from_random([3; 16]);
        let day = ReceivedDay::parse("2026-11-24").unwrap();
        let m = MessageDoc::new(
            &case,
            Sender::Investigator,
            day,
            "Can you send a photo?",
            vec![],
        );
        let bytes = serde_json::to_vec(&m).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains(r#""from":"investigator""#), "{text}");
        let back = MessageDoc::parse(&bytes, case.as_str()).unwrap();
        assert_eq!(
            (back.from(), back.day(), back.text()),
            (Sender::Investigator, "2026-11-24", "Can you send a photo?")
        );
        let other = CaseId::from_random([4; 16]);
        assert_eq!(
            MessageDoc::parse(&bytes, other.as_str()).err(),
            Some(DocumentError::WrongCase)
        );
        assert!(!format!("{back:?}").contains("photo"));
        assert_eq!(Sender::parse("whistleblower"), Some(Sender::Whistleblower));
        assert_eq!(Sender::parse("admin"), None);
    }
}
