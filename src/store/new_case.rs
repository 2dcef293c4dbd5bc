//! A new case: the sealed case, its report, its key wraps, its attachments' links and the
//! form token's spent record, written together so a case is stored whole or not at all.
//!
//! **Group commit on SQLite.** SQLite has one writer, and each durable commit waits for its
//! own fsync: reports arriving together used to queue for one fsync each, which bounded how
//! many reports a second one server could take. A committer task takes every report that is
//! waiting, writes them in one transaction and commits once; if one fails, the batch is
//! written again with each report in its own savepoint ([`commit`]). The
//! promise is unchanged: a caller hears "stored" only after the commit that holds its case is
//! durable, so no receipt is shown before; a report that fails rolls back to its savepoint and
//! fails alone; a form sent twice in one batch is spent once, by the first copy. Each report
//! is one call to SQLite's worker thread, all its statements together ([`write_at_once`]).
//! PostgreSQL takes inserts on many connections at once and groups its own WAL flushes, so it
//! commits each case in its own transaction.

use std::sync::{Arc, Mutex};

use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

use crate::crypto::seal::{AccountReader, ESCROW_READER, SealedCase};
use crate::domain::case::Status;
use crate::domain::queue::Run;

use super::sql::Sql;
use super::{Backend, BlobId, CHUNK_SIZE, Conn, FormSpend, Store, StoreError};

/// Most reports one commit holds: a batch is written in milliseconds, and a bound keeps the
/// wait of the last one in it short.
const MAX_BATCH: usize = 32;

/// Reports waiting for the committer beyond this wait in their own tasks.
const QUEUE: usize = 64;

/// A sealed case and what is stored with it, owned: it may wait for a shared commit.
pub struct NewCase {
    /// The case.
    pub case: SealedCase,
    /// The report's blob id.
    pub report_blob: BlobId,
    /// The attachments already staged, in the order of the case's attachment MACs.
    pub attachments: Vec<BlobId>,
    /// The spam screen's verdict, kept in clear for triage.
    pub possible_spam: bool,
    /// The form token to spend with the case, if the report came by a web form.
    pub spend: Option<FormSpend>,
}

/// What [`Store::insert_case`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Inserted {
    /// The case is stored, and the form token with it if one was given.
    Stored,
    /// The form token was spent already (the same form sent twice at once): nothing stored.
    TokenSpent,
}

impl Store {
    /// Stores a new case and spends its form token, returning only once the commit that holds
    /// it is durable. On SQLite reports that arrive together share that commit.
    pub async fn insert_case(&self, new: NewCase) -> Result<Inserted, StoreError> {
        let done = match self.backend {
            Backend::Sqlite => self.committer.insert(&self.write, new).await?,
            // One statement, atomic on its own: no transaction around it.
            Backend::Postgres if new.attachments.is_empty() => {
                let mut conn = self.write.acquire().await?;
                write(&mut conn, &new).await?
            }
            Backend::Postgres => {
                let mut tx = self.insert_tx().await?;
                let done = write(&mut tx, &new).await?;
                match done {
                    Inserted::Stored => tx.commit().await?,
                    Inserted::TokenSpent => tx.rollback().await?,
                }
                done
            }
        };
        if done == Inserted::Stored {
            self.identifiers_changed();
        }
        Ok(done)
    }
}

/// Writes `new` on `conn` (PostgreSQL) in one statement, each row a data-modifying part of
/// one `WITH`: the token's record; the case row (`c`) only if that record went in, so a
/// token spent already writes nothing; every other row only if the case row did.
/// PostgreSQL takes one statement a query when it has parameters, and runs every part of
/// one to completion, atomically: one round trip where the rows sent apart took nine, and
/// no transaction needed unless attachments are then linked. A form sent twice at once:
/// the second copy's record waits for the first's commit, then finds the token spent, and
/// the second copy writes nothing.
async fn write(conn: &mut Conn, new: &NewCase) -> Result<Inserted, StoreError> {
    let mut q = Sql::new("WITH ");
    if let Some(spend) = &new.spend {
        q.push("spent AS (INSERT INTO spent_form_tokens (token_mac, expiry_day) VALUES (")
            .push_bind(spend.token_mac.as_str())
            .push_next(spend.expiry_day.iso())
            .push(") ON CONFLICT (token_mac) DO NOTHING RETURNING 1), ");
    }
    q.push("c AS (");
    push_case(&mut q, new);
    if new.spend.is_some() {
        q.push(" WHERE EXISTS (SELECT 1 FROM spent)");
    }
    q.push(" RETURNING id)");
    let mut all = Statements::Parts { q, parts: 0 };
    push_rows(new, &mut all)?;
    let mut q = all.finish();
    q.push("SELECT COUNT(*) FROM c");
    let stored: i64 = q.build_query_scalar()?.fetch_one(&mut *conn).await?;
    let done = outcome(stored, new)?;
    if done == Inserted::Stored {
        link_attachments(conn, &new.case, &new.attachments).await?;
    }
    Ok(done)
}

/// Writes `new` on `conn` (SQLite, the committer's connection), inside a transaction or
/// savepoint the caller ends, in one call to the connection's worker thread. Each statement
/// sent on its own is a round trip to that thread and back through the async runtime, and
/// the committer, SQLite's one writer, made seven a report: its round trips, not the CPU,
/// bounded the reports a second (one call: 760 -> 940 a second under wrk, and an eighth
/// less CPU a report, on the 2-core bench machine).
///
/// The case row goes first, only if the form's token is not spent yet; every other row goes
/// in only if the case row did, the token's record among them. A last `SELECT` says whether
/// it did.
async fn write_at_once(conn: &mut Conn, new: &NewCase) -> Result<Inserted, StoreError> {
    let mut q = Sql::new("");
    push_case(&mut q, new);
    if let Some(spend) = &new.spend {
        q.push(" WHERE NOT EXISTS (SELECT 1 FROM spent_form_tokens WHERE token_mac = ")
            .push_bind(spend.token_mac.as_str())
            .push("); INSERT INTO spent_form_tokens (token_mac, expiry_day) SELECT ")
            .push_bind(spend.token_mac.as_str())
            .push_next(spend.expiry_day.iso())
            .push(" WHERE ");
        case_exists(&mut q, new.case.id());
    }
    let mut all = Statements::Together(q);
    push_rows(new, &mut all)?;
    let mut q = all.finish();
    q.push("SELECT COUNT(*) FROM cases WHERE id = ")
        .push_bind(new.case.id().as_str());
    let rows = q.build()?.fetch_all(&mut *conn).await?;
    let stored: i64 = match rows.last() {
        Some(row) => sqlx::Row::try_get(row, 0)?,
        None => 0,
    };
    let done = outcome(stored, new)?;
    if done == Inserted::Stored {
        link_attachments(conn, &new.case, &new.attachments).await?;
    }
    Ok(done)
}

/// What `stored` case rows (0 or 1) say of `new`: none is its token spent already, if it had
/// one; without a token it must have gone in.
fn outcome(stored: i64, new: &NewCase) -> Result<Inserted, StoreError> {
    match (stored, &new.spend) {
        (1, _) => Ok(Inserted::Stored),
        (0, Some(_)) => Ok(Inserted::TokenSpent),
        _ => Err(StoreError::Corrupt("a new case was not stored".to_owned())),
    }
}

/// Where a new case's statements are written: after the case row's, each only if it went in.
enum Statements {
    /// PostgreSQL: parts of one `WITH`, after the case's part (`c`).
    Parts {
        /// The statement so far.
        q: Sql,
        /// Parts written after the case's.
        parts: usize,
    },
    /// SQLite: statements one after the other, separated by `;`, run in one call.
    Together(Sql),
}

impl Statements {
    /// Where the next statement is written.
    fn next(&mut self) -> &mut Sql {
        match self {
            Self::Parts { q, parts } => {
                if *parts > 0 {
                    q.push(")");
                }
                *parts += 1;
                q.push(format!(", p{parts} AS ("));
                q
            }
            Self::Together(q) => {
                q.push("; ");
                q
            }
        }
    }

    /// The query so far, ready for its last statement (SQLite) or its main query (the
    /// `WITH`'s, on PostgreSQL).
    fn finish(self) -> Sql {
        match self {
            Self::Parts { mut q, parts } => {
                q.push(if parts > 0 { ") " } else { " " });
                q
            }
            Self::Together(mut q) => {
                q.push("; ");
                q
            }
        }
    }

    /// Appends the condition that the case row went in.
    fn case_there(&self) -> fn(&mut Sql, &crate::domain::case::CaseId) {
        match self {
            Self::Parts { .. } => |q, _| {
                q.push("EXISTS (SELECT 1 FROM c)");
            },
            Self::Together(_) => case_exists,
        }
    }
}

/// `INSERT INTO cases … SELECT` the case's values, with no condition yet.
fn push_case(q: &mut Sql, new: &NewCase) {
    let case = &new.case;
    q.push(
        "INSERT INTO cases (id, category, status, received_day, case_recipient, \
         receipt_lookup, receipt_salt, whistleblower_recipient, possible_spam, header_mac, \
         channel, queue_run) SELECT ",
    )
    .push_bind(case.id().as_str())
    .push_next(case.category().slug())
    .push_next(Status::New.as_str())
    .push_next(case.received_day().iso())
    .push_next(case.case_recipient().as_str())
    .push_next(case.receipt_lookup())
    .push_next(case.receipt_salt())
    .push_next(case.whistleblower_recipient())
    .push_next(i64::from(new.possible_spam))
    .push_next(case.header_mac().to_hex())
    .push_next(case.channel().as_str())
    .push_next(Run::column(Run::of_new(new.possible_spam)));
}

/// `EXISTS` the case row: the condition every row after it is written under when they all go
/// in one query.
fn case_exists(q: &mut Sql, case: &crate::domain::case::CaseId) {
    q.push("EXISTS (SELECT 1 FROM cases WHERE id = ")
        .push_bind(case.as_str())
        .push(")");
}

/// Every row stored with the case (its contact, identifiers, report blob and chunks, key
/// wraps), each only if the case row is there. A value that fails to encode shows when the
/// statement is built.
fn push_rows(new: &NewCase, all: &mut Statements) -> Result<(), StoreError> {
    let case = &new.case;
    let id = case.id();
    let case_there = all.case_there();
    let if_case = |q: &mut Sql| {
        q.push(" WHERE ");
        case_there(q, id);
    };
    if let Some(contact) = case.contact() {
        let q = all.next();
        q.push("INSERT INTO case_contacts (case_id, ciphertext, mac) SELECT ")
            .push_bind(id.as_str())
            .push_next(contact.ciphertext().as_bytes())
            .push_next(contact.mac().to_hex());
        if_case(q);
    }
    let name = crate::crypto::identifiers::REPORT_IDENTIFIERS;
    let q = all.next();
    super::identifiers::push_insert(q, id, name, case.identifiers())?;
    if_case(q);
    let q = all.next();
    q.push("INSERT INTO blobs (id, case_id, name, staged_day, mac) SELECT ")
        .push_bind(new.report_blob.as_str())
        .push_next(id.as_str())
        .push(", 'report', ")
        .push_bind(case.received_day().iso())
        .push_next(case.report().mac().to_hex());
    if_case(q);
    let report = case.report().ciphertext().as_bytes();
    for (i, chunk) in report.chunks(CHUNK_SIZE).enumerate() {
        let q = all.next();
        q.push("INSERT INTO blob_chunks (id, blob_id, chunk, data) SELECT ")
            .push_bind(super::blobs::random_row_id()?)
            .push_next(new.report_blob.as_str())
            .push_next(i64::try_from(i).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            .push_next(chunk);
        if_case(q);
    }
    let escrow = case.case_key_escrow();
    let q = all.next();
    q.push("INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) SELECT ")
        .push_bind(id.as_str())
        .push_next(ESCROW_READER)
        .push_next(escrow.ciphertext().as_bytes())
        .push_next(escrow.mac().to_hex());
    if_case(q);
    // One wrap per account still active with the same key and the same key row as was
    // checked: an account disabled, reset or changed while this report was uploading gets
    // none.
    for w in case.account_wraps() {
        let q = all.next();
        q.push("INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) SELECT ")
            .push_bind(id.as_str())
            .push_next(AccountReader::label(w.account_id()))
            .push_next(w.wrap().ciphertext().as_bytes())
            .push_next(w.wrap().mac().to_hex());
        q.push(" WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ")
            .push_bind(w.account_id().as_str())
            .push(" AND state = 'active' AND recipient = ")
            .push_bind(w.recipient().as_str())
            .push(" AND key_mac = ")
            .push_bind(w.key_mac())
            .push(") AND ");
        case_there(q, id);
    }
    Ok(())
}

/// Links the staged attachment blobs to the case with their MACs; a vanished one fails the
/// whole case (rolled back on drop: a case is stored whole or not at all).
async fn link_attachments(
    tx: &mut Conn,
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

/// One report waiting for a commit, with the way back to its caller.
struct Job {
    new: NewCase,
    done: oneshot::Sender<Result<Inserted, StoreError>>,
}

/// The SQLite committer's queue, shared by every clone of a store. Its task starts with the
/// first report, in the runtime that sends it, and again if that runtime has gone (a store
/// kept across runtimes, as tests and offline commands do); it ends when the last clone of
/// the store is dropped.
#[derive(Clone, Default)]
pub(super) struct Committer(Arc<Mutex<Option<mpsc::Sender<Job>>>>);

impl Committer {
    async fn insert(&self, write: &AnyPool, new: NewCase) -> Result<Inserted, StoreError> {
        let (done, answer) = oneshot::channel();
        let queue = self.queue(write)?;
        queue
            .send(Job { new, done })
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }

    fn queue(&self, write: &AnyPool) -> Result<mpsc::Sender<Job>, StoreError> {
        let mut slot = self.0.lock().map_err(|_| StoreError::WriterStopped)?;
        if let Some(queue) = slot.as_ref().filter(|q| !q.is_closed()) {
            return Ok(queue.clone());
        }
        let (queue, jobs) = mpsc::channel(QUEUE);
        tokio::spawn(commit_batches(write.clone(), jobs));
        *slot = Some(queue.clone());
        Ok(queue)
    }
}

/// The committer task: every report waiting goes into the next commit.
async fn commit_batches(write: AnyPool, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit(&write, std::mem::take(&mut batch)).await;
    }
}

/// Writes the reports of `batch` in one transaction, commits once, then answers each caller:
/// its own outcome if the commit is durable, the commit's error otherwise. First straight into
/// the transaction; if one of them fails, everything is rolled back and the batch is written
/// again with each report in its own savepoint, so that one fails alone. Savepoints are only
/// the second try because each costs two more statements and a copy of every page its report
/// changes (its journal): about a quarter of the writer's work when nothing fails, the usual
/// case.
async fn commit(pool: &AnyPool, batch: Vec<Job>) {
    let (news, callers): (Vec<NewCase>, Vec<_>) =
        batch.into_iter().map(|j| (j.new, j.done)).unzip();
    let outcomes = match straight(pool, &news).await {
        Ok(Some(done)) => Ok(done.into_iter().map(Ok).collect()),
        Ok(None) => one_by_one(pool, &news).await,
        Err(e) => Err(e),
    };
    match outcomes {
        Ok(outcomes) => {
            for (done, outcome) in callers.into_iter().zip(outcomes) {
                // A caller gone (its client hung up) still has its case stored: it was sent
                // whole, and no receipt was shown for it, so storing it loses nothing.
                let _ = done.send(outcome);
            }
        }
        Err(e) => fail_all(callers.into_iter(), &e),
    }
}

/// Every report of `batch` in one transaction, committed; `None`, with nothing kept, if one of
/// them failed. A form already spent writes nothing, so it needs no rollback.
async fn straight(pool: &AnyPool, batch: &[NewCase]) -> Result<Option<Vec<Inserted>>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for new in batch {
        match write_at_once(&mut tx, new).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(_) => {
                tx.rollback().await?;
                return Ok(None);
            }
        }
    }
    tx.commit().await?;
    Ok(Some(outcomes))
}

/// Every report of `batch` in its own savepoint of one transaction, committed.
async fn one_by_one(
    pool: &AnyPool,
    batch: &[NewCase],
) -> Result<Vec<Result<Inserted, StoreError>>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for new in batch {
        outcomes.push(in_savepoint(&mut tx, new).await);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// One report inside the batch's transaction: kept if stored, rolled back to its savepoint
/// otherwise, so the others in the batch are not touched.
async fn in_savepoint(
    tx: &mut sqlx::Transaction<'static, super::Db>,
    new: &NewCase,
) -> Result<Inserted, StoreError> {
    let mut savepoint = sqlx::Acquire::begin(&mut *tx).await?;
    match write_at_once(&mut savepoint, new).await {
        Ok(Inserted::Stored) => {
            savepoint.commit().await?;
            Ok(Inserted::Stored)
        }
        Ok(Inserted::TokenSpent) => {
            savepoint.rollback().await?;
            Ok(Inserted::TokenSpent)
        }
        Err(e) => {
            savepoint.rollback().await?;
            Err(e)
        }
    }
}

fn fail_all(
    callers: impl Iterator<Item = oneshot::Sender<Result<Inserted, StoreError>>>,
    e: &sqlx::Error,
) {
    let why = e.to_string();
    for done in callers {
        let _ = done.send(Err(StoreError::CommitFailed(why.clone())));
    }
}
