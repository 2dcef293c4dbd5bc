//! Queries on cases and their encrypted content.

use sqlx::Row;

use crate::crypto::sealed::Record;
use crate::domain::case::{CaseId, ReceivedDay, Status};
use crate::domain::report::Category;

use super::{Store, StoreError};

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
