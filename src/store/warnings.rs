//! Queries behind the public warning list: entries with their history, changes, drafts.

use std::collections::HashMap;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use sqlx::Row;
use time::Date;

use crate::crypto::sealed::{IntegrityError, IntegrityKey, Record};
use crate::domain::account::AccountId;
use crate::domain::case::{CaseId, ReceivedDay};
use crate::domain::warnings::{
    Entry, EntryKind, EntryStatus, Event, EventAction, PublicReason, Target, UnknownName,
};

use super::accounts::account_id;
use super::{Store, StoreError};

/// A listing waiting for a second investigator.
#[derive(Debug, Clone)]
pub struct DraftRow {
    /// Random id.
    pub id: String,
    /// Domain or certificate number.
    pub target: Target,
    /// The public reason it would be published with.
    pub reason: PublicReason,
    /// The verified case behind it.
    pub case_id: CaseId,
    /// Account id of the investigator who drafted it.
    pub drafted_by: AccountId,
    /// Day drafted.
    pub drafted_day: Date,
}

/// A change to the list, applied in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// List the target (new) or list it again (withdrawn). Refused if already active.
    Publish,
    /// Take an active entry off the list. Refused if not active.
    Withdraw,
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
}

/// A stored enum name (kind, status, action); a value this code does not know means the row
/// was written by something else, and is reported as corrupt rather than guessed at.
fn named<T: FromStr<Err = UnknownName>>(v: &str) -> Result<T, StoreError> {
    v.parse()
        .map_err(|e: UnknownName| StoreError::Corrupt(format!("warning {e}")))
}

fn day(v: &str) -> Result<Date, StoreError> {
    ReceivedDay::parse(v)
        .map(|d| d.date())
        .ok_or_else(|| corrupt("day", v))
}

fn iso(d: Date) -> String {
    ReceivedDay::new(d).iso()
}

/// A stored target, parsed as the kind stored with it (never guessed from its shape).
fn target(kind: &str, v: &str) -> Result<Target, StoreError> {
    named::<EntryKind>(kind)?
        .parse_target(v)
        .map_err(|_| corrupt("warning target", v))
}

fn reason(en: String, fr: String) -> Result<PublicReason, StoreError> {
    PublicReason::new(&en, &fr).map_err(|_| corrupt("warning reason", &en))
}

impl Store {
    /// Every entry with its history, in id order: only entries whose MAC checks. One written
    /// or edited straight into the database is left out of the list, the feeds and the check
    /// (`filimbi audit verify` names it).
    pub async fn warning_entries(&self) -> Result<Vec<Entry>, StoreError> {
        Ok(self.checked_warning_entries().await?.0)
    }

    /// [`Store::warning_entries`], with the entries left out and why.
    pub async fn checked_warning_entries(
        &self,
    ) -> Result<(Vec<Entry>, Vec<IntegrityError>), StoreError> {
        let key = self.record_key()?;
        let events = sqlx::query(
            "SELECT seq, entry_id, day, action, reason_en, reason_fr FROM warning_events \
             ORDER BY seq",
        )
        .fetch_all(&self.read)
        .await?;
        // Events are parsed only for entries whose MAC checks: a row edited by hand is left
        // out, not reported as corrupt data.
        let mut history: HashMap<i64, (Vec<&super::DbRow>, Sha256)> = HashMap::new();
        for r in &events {
            let (list, digest) = history.entry(r.try_get("entry_id")?).or_default();
            list.push(r);
            hash_event(digest, r)?;
        }
        let rows = sqlx::query(
            "SELECT id, kind, target, status, listed_day, changed_day, mac FROM warning_entries \
             ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut entries = Vec::with_capacity(rows.len());
        let mut failures = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let (list, digest) = history.remove(&id).unwrap_or_default();
            match check_entry(key, r, &digest.finalize().into()) {
                Ok(()) => {
                    let list = list.into_iter().map(event_from).collect::<Result<_, _>>()?;
                    entries.push(entry_from(r, list)?);
                }
                Err(e) => failures.push(e),
            }
        }
        if !failures.is_empty() {
            tracing::warn!(
                entries = failures.len(),
                "warning entries without a valid MAC are left out of the list"
            );
        }
        Ok((entries, failures))
    }

    /// One entry with its history, as [`Store::warning_entries`] reads them all: what a
    /// single change needs read back. `None` also when its MAC does not check.
    pub async fn warning_entry(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        let key = self.record_key()?;
        let Some(row) = sqlx::query(
            "SELECT id, kind, target, status, listed_day, changed_day, mac FROM warning_entries \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let events = sqlx::query(
            "SELECT seq, entry_id, day, action, reason_en, reason_fr FROM warning_events \
             WHERE entry_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        let mut digest = Sha256::new();
        for r in &events {
            hash_event(&mut digest, r)?;
        }
        if check_entry(key, &row, &digest.finalize().into()).is_err() {
            return Ok(None);
        }
        let history = events.iter().map(event_from).collect::<Result<_, _>>()?;
        entry_from(&row, history).map(Some)
    }

    /// The key warning entries are signed and checked with.
    fn record_key(&self) -> Result<&IntegrityKey, StoreError> {
        self.records.as_deref().ok_or_else(|| {
            StoreError::Corrupt("this store was opened without the key that checks warnings".into())
        })
    }

    /// The highest event number: a cheap "has the list changed?" for servers that share the
    /// database with `filimbi warnings import`.
    pub async fn warning_serial(&self) -> Result<i64, StoreError> {
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM warning_events")
            .fetch_one(&self.read)
            .await?;
        Ok(max.unwrap_or(0))
    }

    /// The entry event `seq` belongs to, if there is such an event.
    pub async fn warning_event_entry(&self, seq: i64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT entry_id FROM warning_events WHERE seq = $1")
                .bind(seq)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    /// Applies `change` to `target` on `today`, in one transaction with the removal of
    /// `draft` (if any). Returns the entry id and the event recorded, or `Conflict` when the
    /// change does not apply (publishing an active entry, withdrawing one that is not).
    pub async fn apply_warning(
        &self,
        change: Change,
        target: &Target,
        why: &PublicReason,
        today: Date,
        case_id: Option<&CaseId>,
        draft: Option<&str>,
    ) -> Result<(i64, EventAction), StoreError> {
        let mut tx = self.write_tx().await?;
        if let Some(draft) = draft {
            let gone = sqlx::query("DELETE FROM warning_drafts WHERE id = $1")
                .bind(draft)
                .execute(&mut *tx)
                .await?;
            if gone.rows_affected() != 1 {
                return Err(StoreError::Conflict("draft already handled".into()));
            }
        }
        let key = self.record_key()?;
        let applied = apply_in(&mut tx, key, change, target, why, today, case_id).await?;
        self.announce_warning_change(&mut tx).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Applies `changes` in order, in one transaction: an import of 100,000 lines writes
    /// once instead of 100,000 times. All or nothing: a change that does not apply (see
    /// [`Store::apply_warning`]) rolls back every one before it.
    pub async fn apply_warnings(
        &self,
        changes: &[(Change, &Target, &PublicReason)],
        today: Date,
    ) -> Result<(), StoreError> {
        let key = self.record_key()?;
        let mut tx = self.write_tx().await?;
        for (change, target, why) in changes {
            apply_in(&mut tx, key, *change, target, why, today, None).await?;
        }
        self.announce_warning_change(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tells the other replicas, when the transaction commits, that the list changed
    /// (PostgreSQL `NOTIFY`; `Store::listen_for_warning_changes`). SQLite has no other
    /// process to tell but offline commands, which servers notice by re-checking.
    async fn announce_warning_change(&self, conn: &mut super::Conn) -> Result<(), StoreError> {
        if self.backend == super::Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(super::backend::WARNINGS_CHANNEL)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Stores a draft.
    pub async fn insert_warning_draft(&self, d: &DraftRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO warning_drafts \
             (id, kind, target, reason_en, reason_fr, case_id, drafted_by, drafted_day) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&d.id)
        .bind(EntryKind::of(&d.target).as_str())
        .bind(d.target.to_string())
        .bind(d.reason.en())
        .bind(d.reason.fr())
        .bind(d.case_id.as_str())
        .bind(d.drafted_by.as_str())
        .bind(iso(d.drafted_day))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Drafts waiting for approval, oldest first.
    pub async fn warning_drafts(&self) -> Result<Vec<DraftRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, target, reason_en, reason_fr, case_id, drafted_by, drafted_day \
             FROM warning_drafts ORDER BY drafted_day, id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|r| {
                let case: String = r.try_get("case_id")?;
                Ok(DraftRow {
                    id: r.try_get("id")?,
                    target: target(
                        &r.try_get::<String, _>("kind")?,
                        &r.try_get::<String, _>("target")?,
                    )?,
                    reason: reason(r.try_get("reason_en")?, r.try_get("reason_fr")?)?,
                    case_id: CaseId::parse(&case).ok_or_else(|| corrupt("case id", &case))?,
                    drafted_by: account_id(&r.try_get::<String, _>("drafted_by")?)?,
                    drafted_day: day(&r.try_get::<String, _>("drafted_day")?)?,
                })
            })
            .collect()
    }

    /// Deletes a draft; false if it was already gone.
    pub async fn delete_warning_draft(&self, id: &str) -> Result<bool, StoreError> {
        let r = sqlx::query("DELETE FROM warning_drafts WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(r.rows_affected() == 1)
    }
}

/// One change inside the caller's write transaction (see [`Store::apply_warning`]). Entry ids
/// and event numbers are the next after the highest, read from their primary keys inside the
/// same transaction: the writer lock (`Store::write_tx`) makes that safe on either engine,
/// however many replicas write.
async fn apply_in(
    conn: &mut super::Conn,
    key: &IntegrityKey,
    change: Change,
    target: &Target,
    why: &PublicReason,
    today: Date,
    case_id: Option<&CaseId>,
) -> Result<(i64, EventAction), StoreError> {
    let kind = EntryKind::of(target).as_str();
    let value = target.to_string();
    let existing =
        sqlx::query("SELECT id, status FROM warning_entries WHERE kind = $1 AND target = $2")
            .bind(kind)
            .bind(&value)
            .fetch_optional(&mut *conn)
            .await?;
    let existing: Option<(i64, EntryStatus)> = match existing {
        Some(r) => Some((r.try_get("id")?, named(&r.try_get::<String, _>("status")?)?)),
        None => None,
    };
    let (id, action) = match (change, existing) {
        (Change::Publish, None) => {
            let id: i64 =
                sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM warning_entries")
                    .fetch_one(&mut *conn)
                    .await?
                    .unwrap_or(0)
                    + 1;
            sqlx::query(
                "INSERT INTO warning_entries \
                 (id, kind, target, status, listed_day, changed_day, case_id) \
                 VALUES ($1, $2, $3, $4, $5, $5, $6)",
            )
            .bind(id)
            .bind(kind)
            .bind(&value)
            .bind(EventAction::Listed.status_after().as_str())
            .bind(iso(today))
            .bind(case_id.map(CaseId::as_str))
            .execute(&mut *conn)
            .await?;
            (id, EventAction::Listed)
        }
        // An entry whose MAC does not check is never changed (and so never blessed).
        (_, Some((id, _))) if entry_failure(conn, key, id).await?.is_some() => {
            return Err(StoreError::Conflict(format!(
                "warning entry {id} failed its integrity check: it was written outside Filimbi"
            )));
        }
        (Change::Publish, Some((id, EntryStatus::Withdrawn))) => (id, EventAction::Relisted),
        (Change::Withdraw, Some((id, EntryStatus::Active))) => (id, EventAction::Withdrawn),
        (Change::Publish, Some((_, EntryStatus::Active))) => {
            return Err(StoreError::Conflict("already listed".into()));
        }
        (Change::Withdraw, Some((_, EntryStatus::Withdrawn)) | None) => {
            return Err(StoreError::Conflict("not listed".into()));
        }
    };
    if action != EventAction::Listed {
        sqlx::query(
            "UPDATE warning_entries SET status = $1, changed_day = $2, \
             case_id = COALESCE($3, case_id) WHERE id = $4",
        )
        .bind(action.status_after().as_str())
        .bind(iso(today))
        .bind(case_id.map(CaseId::as_str))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    let seq: i64 = sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM warning_events")
        .fetch_one(&mut *conn)
        .await?
        .unwrap_or(0)
        + 1;
    sqlx::query(
        "INSERT INTO warning_events (seq, entry_id, day, action, reason_en, reason_fr) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(seq)
    .bind(id)
    .bind(iso(today))
    .bind(action.as_str())
    .bind(why.en())
    .bind(why.fr())
    .execute(&mut *conn)
    .await?;
    sign_entry(conn, key, id).await?;
    Ok((id, action))
}

/// Adds one event to an entry's history digest: its number, day, action and both reasons.
fn hash_event(digest: &mut Sha256, r: &super::DbRow) -> Result<(), StoreError> {
    let seq: i64 = r.try_get("seq")?;
    digest.update(seq.to_be_bytes());
    for col in ["day", "action", "reason_en", "reason_fr"] {
        let v: String = r.try_get(col)?;
        digest.update((v.len() as u64).to_be_bytes());
        digest.update(v.as_bytes());
    }
    Ok(())
}

/// The record an entry row (with `events`, the digest of its history) is signed as.
fn entry_record<'a>(r: &'a EntryStrings, events: &'a [u8; 32]) -> Record<'a> {
    Record::Warning {
        id: r.id,
        kind: &r.kind,
        target: &r.target,
        status: &r.status,
        listed_day: &r.listed_day,
        changed_day: &r.changed_day,
        events,
    }
}

/// An entry row's fields as stored.
struct EntryStrings {
    id: i64,
    kind: String,
    target: String,
    status: String,
    listed_day: String,
    changed_day: String,
    mac: Option<String>,
}

fn entry_strings(r: &super::DbRow) -> Result<EntryStrings, StoreError> {
    Ok(EntryStrings {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        target: r.try_get("target")?,
        status: r.try_get("status")?,
        listed_day: r.try_get("listed_day")?,
        changed_day: r.try_get("changed_day")?,
        mac: r.try_get("mac").unwrap_or(None),
    })
}

fn check_entry(
    key: &IntegrityKey,
    r: &super::DbRow,
    events: &[u8; 32],
) -> Result<(), IntegrityError> {
    match entry_strings(r) {
        Ok(e) => key.verify_record(&entry_record(&e, events), e.mac.as_deref()),
        Err(_) => Err(IntegrityError {
            case: String::new(),
            kind: "warning",
            name: r
                .try_get::<i64, _>("id")
                .map(|i| i.to_string())
                .unwrap_or_default(),
            why: "unreadable row",
        }),
    }
}

/// Reads entry `id` and its history inside `conn`: the row (with its MAC) and the digest.
async fn entry_state(
    conn: &mut super::Conn,
    id: i64,
) -> Result<(EntryStrings, [u8; 32]), StoreError> {
    let row = sqlx::query(
        "SELECT id, kind, target, status, listed_day, changed_day, mac FROM warning_entries \
         WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let events = sqlx::query(
        "SELECT seq, entry_id, day, action, reason_en, reason_fr FROM warning_events \
         WHERE entry_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut digest = Sha256::new();
    for r in &events {
        hash_event(&mut digest, r)?;
    }
    Ok((entry_strings(&row)?, digest.finalize().into()))
}

/// Why entry `id`'s stored MAC does not check, if it does not.
async fn entry_failure(
    conn: &mut super::Conn,
    key: &IntegrityKey,
    id: i64,
) -> Result<Option<IntegrityError>, StoreError> {
    let (e, digest) = entry_state(conn, id).await?;
    Ok(key
        .verify_record(&entry_record(&e, &digest), e.mac.as_deref())
        .err())
}

/// Signs entry `id` as it now stands, inside the transaction that changed it.
async fn sign_entry(conn: &mut super::Conn, key: &IntegrityKey, id: i64) -> Result<(), StoreError> {
    let (e, digest) = entry_state(conn, id).await?;
    sqlx::query("UPDATE warning_entries SET mac = $1 WHERE id = $2")
        .bind(key.record_tag(&entry_record(&e, &digest)).to_hex())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Signs every entry that has no MAC: only at the upgrade that added them
/// (`store::integrity`), when the seeded and earlier entries are the ones Filimbi wrote.
pub(super) async fn mac_unsigned_entries(
    conn: &mut super::Conn,
    key: &IntegrityKey,
) -> Result<u64, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM warning_entries WHERE mac IS NULL")
        .fetch_all(&mut *conn)
        .await?;
    for id in &ids {
        sign_entry(conn, key, *id).await?;
    }
    Ok(ids.len() as u64)
}

impl Store {
    /// Checks every warning entry's MAC (`audit verify`): how many, and those that fail.
    pub async fn verify_warnings(&self) -> Result<(u64, Vec<IntegrityError>), StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM warning_entries")
            .fetch_one(&self.read)
            .await?;
        let (_, failures) = self.checked_warning_entries().await?;
        Ok((u64::try_from(n).unwrap_or(0), failures))
    }
}

fn event_from(r: &super::DbRow) -> Result<Event, StoreError> {
    let action: String = r.try_get("action")?;
    Ok(Event {
        seq: r.try_get("seq")?,
        day: day(&r.try_get::<String, _>("day")?)?,
        action: named(&action)?,
        reason: reason(r.try_get("reason_en")?, r.try_get("reason_fr")?)?,
    })
}

fn entry_from(r: &super::DbRow, history: Vec<Event>) -> Result<Entry, StoreError> {
    let status: String = r.try_get("status")?;
    Ok(Entry {
        id: r.try_get("id")?,
        target: target(
            &r.try_get::<String, _>("kind")?,
            &r.try_get::<String, _>("target")?,
        )?,
        status: named(&status)?,
        listed_day: day(&r.try_get::<String, _>("listed_day")?)?,
        changed_day: day(&r.try_get::<String, _>("changed_day")?)?,
        history,
    })
}
