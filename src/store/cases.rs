//! Queries on cases and their encrypted content.

use sqlx::Row;

use crate::crypto::seal::{AccountReader, ESCROW_READER, SealedCase};
use crate::crypto::sealed::Record;
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::report::Category;

use super::{BlobId, CHUNK_SIZE, FormSpend, Store, StoreError};

/// What [`Store::insert_case`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Inserted {
    /// The case is stored, and the form token with it if one was given.
    Stored,
    /// The form token was spent already (the same form sent twice at once): nothing stored.
    TokenSpent,
}

/// A case as listed for export or triage: clear fields only.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// Case id.
    pub id: CaseId,
    /// Kind of report.
    pub category: Category,
    /// Triage status.
    pub status: Status,
    /// Day received.
    pub received_day: ReceivedDay,
}

/// A case's header as stored: the fields its MAC covers, unchecked. What new content of the
/// case is sealed to comes from here, and only after [`CaseHeader::record`] verified.
#[derive(Debug, Clone)]
pub struct CaseHeader {
    /// Case id.
    pub id: CaseId,
    /// `case_recipient`, as stored.
    pub case_recipient: String,
    /// `whistleblower_recipient`, as stored.
    pub whistleblower_recipient: String,
    /// `receipt_salt`, as stored.
    pub receipt_salt: String,
    /// `category`, as stored.
    pub kind: String,
    /// `header_mac`, as stored.
    pub mac: Option<String>,
}

impl CaseHeader {
    /// The record its MAC covers.
    pub fn record(&self) -> Record<'_> {
        Record::CaseHeader {
            case: &self.id,
            case_recipient: &self.case_recipient,
            whistleblower_recipient: &self.whistleblower_recipient,
            receipt_salt: &self.receipt_salt,
            kind: &self.kind,
        }
    }
}

/// Reads a header from a row with the columns of [`CaseHeader`] (`header_mac` optional).
pub(super) fn header_of(row: &super::DbRow) -> Result<CaseHeader, StoreError> {
    let id: String = row.try_get("id")?;
    Ok(CaseHeader {
        id: CaseId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))?,
        case_recipient: row.try_get("case_recipient")?,
        whistleblower_recipient: row.try_get("whistleblower_recipient")?,
        receipt_salt: row.try_get("receipt_salt")?,
        kind: row.try_get("category")?,
        mac: row.try_get("header_mac").unwrap_or(None),
    })
}

impl Store {
    /// A case's header with its stored MAC, unchecked.
    pub async fn case_header(&self, id: &CaseId) -> Result<Option<CaseHeader>, StoreError> {
        let row = sqlx::query(
            "SELECT id, case_recipient, whistleblower_recipient, receipt_salt, category, \
             header_mac FROM cases WHERE id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(header_of).transpose()
    }

    /// Every case's header, for `audit verify`.
    pub async fn case_headers(&self) -> Result<Vec<CaseHeader>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, case_recipient, whistleblower_recipient, receipt_salt, category, \
             header_mac FROM cases ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(header_of).collect()
    }

    /// Stores a sealed case, its report, its escrow key wrap, and links the already staged
    /// attachment blobs, in one short transaction, with the form token's spent record if
    /// `spend` is given: one durable commit per report. Returns only once it is durable.
    pub async fn insert_case(
        &self,
        case: &SealedCase,
        report_blob: &BlobId,
        attachments: &[BlobId],
        possible_spam: bool,
        spend: Option<&FormSpend>,
    ) -> Result<Inserted, StoreError> {
        let mut tx = self.insert_tx().await?;
        if let Some(spend) = spend
            && !super::spent_tokens::spend_in(&mut tx, spend).await?
        {
            tx.rollback().await?;
            return Ok(Inserted::TokenSpent);
        }
        sqlx::query(
            "INSERT INTO cases (id, category, status, received_day, case_recipient, \
             receipt_lookup, receipt_salt, whistleblower_recipient, possible_spam, header_mac, \
             channel) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(case.id().as_str())
        .bind(case.category().slug())
        .bind(Status::New.as_str())
        .bind(case.received_day().iso())
        .bind(case.case_recipient().as_str())
        .bind(case.receipt_lookup())
        .bind(case.receipt_salt())
        .bind(case.whistleblower_recipient())
        .bind(i64::from(possible_spam))
        .bind(case.header_mac().to_hex())
        .bind(case.channel().as_str())
        .execute(&mut *tx)
        .await?;
        if let Some(contact) = case.contact() {
            super::contacts::insert_in(&mut tx, case.id(), contact).await?;
        }
        sqlx::query(
            "INSERT INTO blobs (id, case_id, name, staged_day, mac) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(report_blob.as_str())
        .bind(case.id().as_str())
        .bind("report")
        .bind(case.received_day().iso())
        .bind(case.report().mac().to_hex())
        .execute(&mut *tx)
        .await?;
        let report = case.report().ciphertext().as_bytes();
        for (i, chunk) in report.chunks(CHUNK_SIZE).enumerate() {
            sqlx::query(
                "INSERT INTO blob_chunks (id, blob_id, chunk, data) VALUES ($1, $2, $3, $4)",
            )
            .bind(super::blobs::random_row_id()?)
            .bind(report_blob.as_str())
            .bind(i64::try_from(i).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            .bind(chunk)
            .execute(&mut *tx)
            .await?;
        }
        insert_key_wraps(&mut tx, case).await?;
        link_attachments(&mut tx, case, attachments).await?;
        tx.commit().await?;
        Ok(Inserted::Stored)
    }

    /// Every case (or the one given), oldest day first.
    pub async fn list_cases(&self, only: Option<&CaseId>) -> Result<Vec<CaseRow>, StoreError> {
        let rows = match only {
            Some(id) => {
                sqlx::query("SELECT id, category, status, received_day FROM cases WHERE id = $1")
                    .bind(id.as_str())
                    .fetch_all(&self.read)
                    .await?
            }
            None => {
                sqlx::query(
                    "SELECT id, category, status, received_day FROM cases \
                     ORDER BY received_day, id",
                )
                .fetch_all(&self.read)
                .await?
            }
        };
        rows.iter().map(case_row).collect()
    }

    /// Number of cases stored (tests and health checks).
    pub async fn count_cases(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.read)
            .await?)
    }
}

/// The escrow wrap, and one wrap per account still active with the same key and the same key
/// row as was checked: an account disabled, reset or changed while this report was uploading
/// gets none.
async fn insert_key_wraps(tx: &mut super::Conn, case: &SealedCase) -> Result<(), StoreError> {
    let escrow = case.case_key_escrow();
    sqlx::query(
        "INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) VALUES ($1, $2, $3, $4)",
    )
    .bind(case.id().as_str())
    .bind(ESCROW_READER)
    .bind(escrow.ciphertext().as_bytes())
    .bind(escrow.mac().to_hex())
    .execute(&mut *tx)
    .await?;
    for w in case.account_wraps() {
        sqlx::query(
            "INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) \
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM accounts \
             WHERE id = $5 AND state = 'active' AND recipient = $6 AND key_mac = $7)",
        )
        .bind(case.id().as_str())
        .bind(AccountReader::label(w.account_id()))
        .bind(w.wrap().ciphertext().as_bytes())
        .bind(w.wrap().mac().to_hex())
        .bind(w.account_id().as_str())
        .bind(w.recipient().as_str())
        .bind(w.key_mac())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Links the staged attachment blobs to the case with their MACs; a vanished one fails the
/// whole case (rolled back on drop: a case is stored whole or not at all).
async fn link_attachments(
    tx: &mut super::Conn,
    case: &SealedCase,
    attachments: &[BlobId],
) -> Result<(), StoreError> {
    if attachments.len() != case.attachment_macs().len() {
        return Err(StoreError::Corrupt("attachment count mismatch".to_owned()));
    }
    for (blob, (name, mac)) in attachments.iter().zip(case.attachment_macs()) {
        let linked = sqlx::query(
            "UPDATE blobs SET case_id = $1, mac = $2 \
             WHERE id = $3 AND name = $4 AND case_id IS NULL",
        )
        .bind(case.id().as_str())
        .bind(mac.to_hex())
        .bind(blob.as_str())
        .bind(name)
        .execute(&mut *tx)
        .await?;
        if linked.rows_affected() != 1 {
            return Err(StoreError::Corrupt("staged attachment vanished".to_owned()));
        }
    }
    Ok(())
}

fn case_row(row: &super::DbRow) -> Result<CaseRow, StoreError> {
    let id: String = row.try_get("id")?;
    let category: String = row.try_get("category")?;
    let status: String = row.try_get("status")?;
    let day: String = row.try_get("received_day")?;
    Ok(CaseRow {
        id: CaseId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("case id {id:?}")))?,
        category: Category::parse(&category)
            .ok_or_else(|| StoreError::Corrupt(format!("category {category:?}")))?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        received_day: ReceivedDay::parse(&day)
            .ok_or_else(|| StoreError::Corrupt(format!("day {day:?}")))?,
    })
}
