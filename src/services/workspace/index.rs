//! A session's index of identifiers, in memory only (`docs/crypto.md`, "Related cases and
//! search"): built on first need by opening, with the session's account key, the sealed
//! identifier lists of the cases it holds a key wrap for; brought up to date on use after this
//! process wrote something that changes it, or once [`RECHECK`] has passed (lists that arrived
//! since are opened; lists whose case or wrap is gone are dropped); dropped
//! at logout, or once the session has been idle or alive longer than a session can be. Never
//! written anywhere. [`super::related`] answers from it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use age::x25519;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use crate::crypto::case_access::CaseKey;
use crate::crypto::identifiers::object;
use crate::crypto::recipients::AgeRecipient;
use crate::crypto::seal::AccountReader;
use crate::crypto::sealed::{IntegrityError, IntegrityKey, ObjectKind, ObjectRef};
use crate::domain::case::CaseId;
use crate::domain::identifiers::Identifier;
use crate::domain::identifiers::index::IdentifierIndex;
use crate::services::accounts::Session;
use crate::store::IdentifierRow;

use super::{Workspace, WorkspaceError};

/// A session's index lives no longer than the session could: the default idle and absolute
/// limits of a staff session (`services::accounts::SessionPolicy`). A session that ends
/// earlier (logout) drops it at once.
const IDLE: Duration = Duration::from_secs(30 * 60);
const ABSOLUTE: Duration = Duration::from_secs(12 * 3600);

/// The indexes of live sessions, by session (the hash of its id).
#[derive(Default)]
pub struct SessionIndexes {
    slots: std::sync::Mutex<HashMap<String, Slot>>,
}

struct Slot {
    index: Arc<AsyncMutex<Built>>,
    born: Instant,
    used: Instant,
}

/// How long an index is used without asking the database whether lists arrived, when this
/// process wrote none meanwhile: the count that asks grows with the cases, and a case page
/// asks on every view. Lists stored by this process are seen at once (the store's write
/// generation); those stored by another server on the same database, or cases purged by
/// `filimbi purge`, within this long.
const RECHECK: Duration = Duration::from_secs(30);

/// One session's index and the count of lists it was last brought up to date with, the
/// store's write generation then, and when.
#[derive(Default)]
pub struct Built {
    index: IdentifierIndex,
    count: Option<i64>,
    generation: u64,
    checked: Option<Instant>,
}

impl Built {
    /// Whether the index can be used as it is, without asking the database.
    fn fresh(&self, generation: u64, now: Instant) -> bool {
        self.count.is_some()
            && self.generation == generation
            && self
                .checked
                .is_some_and(|at| now.duration_since(at) < RECHECK)
    }
}

impl Built {
    /// The index.
    pub fn index(&self) -> &IdentifierIndex {
        &self.index
    }
}

impl SessionIndexes {
    /// The slot of session `id_hash`, made empty if new; sessions past their limits are
    /// dropped first.
    fn slot(&self, id_hash: &str) -> Arc<AsyncMutex<Built>> {
        let now = Instant::now();
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.retain(|_, s| {
            now.duration_since(s.used) < IDLE && now.duration_since(s.born) < ABSOLUTE
        });
        let slot = slots.entry(id_hash.to_owned()).or_insert_with(|| Slot {
            index: Arc::default(),
            born: now,
            used: now,
        });
        slot.used = now;
        Arc::clone(&slot.index)
    }

    /// Drops a session's index (logout).
    pub fn forget(&self, id_hash: &str) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.remove(id_hash);
    }

    /// How many sessions hold an index.
    pub fn sessions(&self) -> usize {
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

impl Workspace {
    /// This session's index, up to date. Built on first need; later calls open only what
    /// arrived since.
    pub async fn index(&self, session: &Session) -> Result<OwnedMutexGuard<Built>, WorkspaceError> {
        let mut built = self.indexes.slot(&session.id_hash).lock_owned().await;
        // Read before the count: a write that lands while the database is asked moves it
        // on again, so the next use asks once more.
        let generation = self.store.identifier_generation();
        let now = Instant::now();
        if built.fresh(generation, now) {
            return Ok(built);
        }
        let reader = AccountReader::label(&session.account.id);
        let count = self.store.identifier_count(&reader).await?;
        if built.count == Some(count) {
            built.generation = generation;
            built.checked = Some(now);
            return Ok(built);
        }
        let stored: HashSet<(CaseId, String)> = self
            .store
            .identifier_keys(&reader)
            .await?
            .into_iter()
            .filter_map(|(c, n)| CaseId::parse(&c).map(|c| (c, n)))
            .collect();
        let have = built.index.keys();
        for gone in have.difference(&stored) {
            built.index.remove(gone);
        }
        let missing: BTreeSet<&str> = stored.difference(&have).map(|(c, _)| c.as_str()).collect();
        let missing: Vec<CaseId> = missing.into_iter().filter_map(CaseId::parse).collect();
        let rows = self.store.identifier_rows(&reader, &missing).await?;
        let (opened, failures) = open_rows(
            Arc::clone(&self.integrity),
            session.identity.clone(),
            reader,
            rows,
        )
        .await?;
        for (case, name, day, ids) in opened {
            built.index.insert(case, name, day, ids);
        }
        for e in &failures {
            self.audit_integrity(&session.account.name, e).await?;
        }
        built.count = Some(count);
        built.generation = generation;
        built.checked = Some(now);
        Ok(built)
    }

    /// Drops a session's index (at logout).
    pub fn forget_index(&self, session: &Session) {
        self.indexes.forget(&session.id_hash);
    }

    /// How many sessions hold an index (tests, health).
    pub fn indexed_sessions(&self) -> usize {
        self.indexes.sessions()
    }
}

/// One opened list: its case, name, the case's received day and what it names.
type Opened = (CaseId, String, String, Vec<Identifier>);

/// Opens rows on blocking threads, one share of the cases per core: each case's key wrap is
/// checked and opened with the session's identity, the key compared with the case's
/// recipient, then each list checked and decrypted. A list that fails is indexed as empty
/// (so it is not tried again on every request) and reported for the audit log.
async fn open_rows(
    integrity: Arc<IntegrityKey>,
    identity: x25519::Identity,
    reader: String,
    rows: Vec<IdentifierRow>,
) -> Result<(Vec<Opened>, Vec<IntegrityError>), WorkspaceError> {
    if rows.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    tokio::task::spawn_blocking(move || {
        let mut by_case: HashMap<CaseId, Vec<IdentifierRow>> = HashMap::new();
        for r in rows {
            by_case.entry(r.case.clone()).or_default().push(r);
        }
        let cases: Vec<Vec<IdentifierRow>> = by_case.into_values().collect();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let share = cases.len().div_ceil(cores).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = cases
                .chunks(share)
                .map(|chunk| {
                    let (integrity, identity, reader) = (&integrity, &identity, &reader);
                    scope.spawn(move || {
                        let mut out = (Vec::new(), Vec::new());
                        for lists in chunk {
                            open_case(integrity, identity, reader, lists, &mut out);
                        }
                        out
                    })
                })
                .collect();
            let mut all = (Vec::new(), Vec::new());
            for w in workers {
                let (o, f) = w
                    .join()
                    .map_err(|_| WorkspaceError::Internal("index worker failed".into()))?;
                all.0.extend(o);
                all.1.extend(f);
            }
            Ok(all)
        })
    })
    .await
    .map_err(|_| WorkspaceError::Internal("index task failed".into()))?
}

/// Opens one case's lists (all rows of one case), pushing what opened and what failed.
fn open_case(
    integrity: &IntegrityKey,
    identity: &x25519::Identity,
    reader: &str,
    lists: &[IdentifierRow],
    out: &mut (Vec<Opened>, Vec<IntegrityError>),
) {
    let Some(first) = lists.first() else {
        return;
    };
    let case = &first.case;
    let empty = |r: &IdentifierRow| {
        (
            case.clone(),
            r.name.clone(),
            r.received_day.clone(),
            Vec::new(),
        )
    };
    let wrap_ref = ObjectRef::new(case, ObjectKind::KeyWrap, reader);
    let key = match integrity.check(wrap_ref, &first.wrap.bytes, first.wrap.mac.as_deref()) {
        Ok(w) => CaseKey::unwrap(w, identity).ok().filter(|k| {
            AgeRecipient::parse(&first.case_recipient).is_some_and(|r| k.recipient() == *r.key())
        }),
        Err(e) => {
            out.1.push(e);
            None
        }
    };
    let Some(key) = key else {
        out.0.extend(lists.iter().map(empty));
        return;
    };
    for r in lists {
        let ids = match integrity.check(
            object(case, &r.name),
            &r.object.bytes,
            r.object.mac.as_deref(),
        ) {
            Ok(v) => key.open_identifiers(v, case).unwrap_or_default(),
            Err(e) => {
                out.1.push(e);
                Vec::new()
            }
        };
        out.0
            .push((case.clone(), r.name.clone(), r.received_day.clone(), ids));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_asks_the_database_again_after_a_write_here_or_once_its_recheck_time_is_up() {
        let now = Instant::now();
        let mut built = Built::default();
        assert!(!built.fresh(0, now), "never built");
        built.count = Some(3);
        built.generation = 7;
        built.checked = Some(now);
        let soon = now + Duration::from_secs(5);
        assert!(built.fresh(7, soon));
        assert!(
            !built.fresh(8, soon),
            "this process stored a list meanwhile"
        );
        assert!(!built.fresh(7, now + RECHECK), "another server may have");
    }
}
