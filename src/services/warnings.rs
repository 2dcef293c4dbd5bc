//! Publishing fraud warnings: drafting from a verified case, the two-person rule, withdrawal,
//! and the published list that the public check and the feeds read.
//!
//! The published list lives in memory behind one atomic pointer ([`ArcSwap`]): a check never
//! waits for the database or for a publication in progress. Every change rebuilds the whole
//! snapshot — the index, every feed's bytes, their signatures and ETags — and swaps it in, so
//! a reader sees either the old list or the new one, never half of each, and feeds are signed
//! once per change rather than once per request. Every feed says until which day it is valid,
//! so the snapshot is also made again when the day changes ([`Warnings::reload_if_changed`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use arc_swap::ArcSwap;
use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::crypto::feed_signing::{FeedSigner, SigningError};
use crate::crypto::random_bytes;
use crate::domain::case::{CaseId, Status};
use crate::domain::warnings::feeds::{Edition, Feed, misp};
use crate::domain::warnings::{
    DomainName, Entry, EntryKind, EntryStatus, Officials, PublicReason, ReasonError, Target,
    TargetError, Verdict, WarningList,
};
use crate::services::accounts::Session;
use crate::services::audit::{Audit, AuditAction};
use crate::store::{Change, DraftRow, Store, StoreError};

/// Why a publishing action was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WarningsError {
    /// No such case, draft or entry.
    #[error("not found")]
    NotFound,
    /// Warnings are published only from cases marked verified.
    #[error("the case is not marked verified")]
    NotVerified,
    /// The target does not parse.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// The public reason is missing or too long.
    #[error(transparent)]
    Reason(#[from] ReasonError),
    /// The target is (under) an official domain.
    #[error("this is an official domain")]
    Official,
    /// An import lists an official domain (1-based entry number); nothing was imported.
    #[error(
        "entry {entry}: {domain} is an official domain and cannot be listed; nothing was imported"
    )]
    OfficialInImport {
        /// Position in the file, from 1.
        entry: usize,
        /// The official domain (or subdomain) listed.
        domain: String,
    },
    /// This investigator cannot read the case the warning rests on.
    #[error("no access to the case")]
    NoAccess,
    /// The domain is too long to be listed in every feed.
    #[error("a domain longer than {MAX_LISTED_DOMAIN} characters cannot be listed")]
    NameTooLong,
    /// Under the two-person rule, the drafter cannot approve their own draft.
    #[error("a second investigator must approve")]
    SamePerson,
    /// Only the investigator who drafted a listing, or an administrator, may discard it.
    #[error("only the investigator who drafted it or an administrator may discard a draft")]
    NotDrafter,
    /// Already listed, not listed, or a draft handled by someone else meanwhile.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
    /// Signing the feeds failed.
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// The random number generator failed (draft ids).
    #[error(transparent)]
    Rng(#[from] crate::crypto::RngError),
    /// Compressing a feed failed (out of memory).
    #[error("compressing a feed: {0}")]
    Compress(std::io::Error),
    /// The rendering thread failed.
    #[error("rendering the feeds: {0}")]
    Render(String),
}

impl From<StoreError> for WarningsError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(c) => Self::Conflict(c),
            other => Self::Store(other),
        }
    }
}

/// One feed, ready to serve.
#[derive(Clone)]
pub struct FeedFile {
    /// The feed's bytes.
    pub body: Bytes,
    /// Its detached SSH signature (armored).
    pub signature: Bytes,
    /// Strong ETag (quoted), from the body's SHA-256.
    pub etag: String,
    /// The same bytes gzip-compressed, made once per change rather than per request; the
    /// signature stays over the uncompressed bytes, which is what a client verifies.
    pub gzip: Bytes,
    /// The compressed representation's own ETag (RFC 9110: one per encoding).
    pub gzip_etag: String,
}

/// What the public sees at one moment: the list and its feeds.
pub struct Published {
    /// The indexed list.
    pub list: WarningList,
    /// The day (UTC) the feeds were made, from which they are valid for a week.
    pub day: time::Date,
    feeds: Vec<(Feed, FeedFile)>,
    /// The MISP feed's event files, by file name (`misp/<uuid>.json`).
    misp_events: HashMap<String, FeedFile>,
}

impl Published {
    /// The feed's current bytes, signature and ETag.
    pub fn feed(&self, feed: Feed) -> Option<&FeedFile> {
        self.feeds.iter().find(|(f, _)| *f == feed).map(|(_, v)| v)
    }

    /// The file served as `/feeds/{name}`, with its `Content-Type`: a feed, or one of the
    /// MISP feed's event files.
    pub fn file(&self, name: &str) -> Option<(&'static str, &FeedFile)> {
        match Feed::from_file_name(name) {
            Some(feed) => self.feed(feed).map(|f| (feed.content_type(), f)),
            None => self.misp_events.get(name).map(|f| ("application/json", f)),
        }
    }

    /// The entries as stored, the suppressed ones too, in the store's order: what a rebuild
    /// starts from when nothing was read again.
    fn stored(&self) -> Vec<Entry> {
        let mut stored: Vec<Entry> = self
            .list
            .entries()
            .iter()
            .chain(self.list.suppressed().iter().map(|s| &s.entry))
            .cloned()
            .collect();
        // The order the store reads them in (`warning_entries`).
        stored.sort_by_key(|e| e.id);
        stored
    }
}

/// What a draft turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafted {
    /// Waiting for a second investigator.
    Pending,
    /// Published at once (the two-person rule is off).
    Published,
}

/// One entry of an imported list.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// Domain or certificate number.
    pub target: Target,
    /// The status it should have.
    pub status: EntryStatus,
    /// Why it is listed.
    pub reason: PublicReason,
    /// Why it was withdrawn (for withdrawn entries; the listing reason is used if absent).
    pub withdrawal: Option<PublicReason>,
}

/// What an import changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Entries listed (new or again).
    pub listed: usize,
    /// Entries withdrawn (or added as withdrawn).
    pub withdrawn: usize,
    /// Entries already as the file says.
    pub unchanged: usize,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} listed, {} withdrawn, {} unchanged",
            self.listed, self.withdrawn, self.unchanged
        )
    }
}

/// The publishing service.
pub struct Warnings {
    store: Store,
    clock: Arc<dyn Clock>,
    audit: Arc<Audit>,
    signer: Arc<FeedSigner>,
    officials: Vec<DomainName>,
    two_person_rule: bool,
    base_url: Arc<str>,
    current: ArcSwap<Published>,
    /// Held while a snapshot is read and swapped in, so that two publications finishing
    /// together cannot swap in the older snapshot last.
    reload: tokio::sync::Mutex<()>,
    /// The store's newest event number when the snapshot was read. Not the list's own serial:
    /// events of entries left out for a MAC that does not check (`Store::warning_entries`)
    /// count here, so such rows are read once, not on every re-check.
    seen_serial: std::sync::atomic::AtomicI64,
}

impl Warnings {
    /// Loads the list from the store and publishes it.
    pub async fn load(
        store: Store,
        clock: Arc<dyn Clock>,
        audit: Arc<Audit>,
        signer: FeedSigner,
        officials: Vec<DomainName>,
        two_person_rule: bool,
        base_url: Arc<str>,
    ) -> Result<Self, WarningsError> {
        let signer = Arc::new(signer);
        let serial = store.warning_serial().await?;
        let first = build(
            store.warning_entries().await?,
            &signer,
            &officials,
            &base_url,
            clock.today(),
            None,
        )
        .await?;
        Ok(Self {
            store,
            clock,
            audit,
            signer,
            officials,
            two_person_rule,
            base_url,
            current: ArcSwap::from_pointee(first),
            reload: tokio::sync::Mutex::new(()),
            seen_serial: std::sync::atomic::AtomicI64::new(serial),
        })
    }

    /// The published list and feeds now.
    pub fn current(&self) -> Arc<Published> {
        self.current.load_full()
    }

    /// The feed signing key.
    pub fn signer(&self) -> &FeedSigner {
        &self.signer
    }

    /// Whether publishing needs a second investigator.
    pub fn two_person_rule(&self) -> bool {
        self.two_person_rule
    }

    /// Rebuilds the snapshot from the store and swaps it in.
    pub async fn reload(&self) -> Result<(), WarningsError> {
        let _one_at_a_time = self.reload.lock().await;
        self.reload_locked().await
    }

    /// [`Warnings::reload`], with the reload lock already held.
    async fn reload_locked(&self) -> Result<(), WarningsError> {
        let serial = self.store.warning_serial().await?;
        let stored = self.store.warning_entries().await?;
        let next = self.build(stored).await?;
        self.current.store(Arc::new(next));
        self.seen_serial.store(serial, Ordering::Relaxed);
        Ok(())
    }

    /// The snapshot of `stored`, made today, reusing the current one's signed MISP events
    /// where they have not changed.
    async fn build(&self, stored: Vec<Entry>) -> Result<Published, WarningsError> {
        build(
            stored,
            &self.signer,
            &self.officials,
            &self.base_url,
            self.clock.today(),
            Some(self.current()),
        )
        .await
    }

    /// The same list made again on a new day, so every feed's `valid_until` moves on with it:
    /// nothing is read from the store.
    async fn renew(&self) -> Result<(), WarningsError> {
        let _one_at_a_time = self.reload.lock().await;
        let current = self.current();
        if current.day == self.clock.today() {
            return Ok(());
        }
        let next = self.build(current.stored()).await?;
        self.current.store(Arc::new(next));
        Ok(())
    }

    /// After one change to entry `id`: the list in memory with that entry read back, rather
    /// than every entry read again (at 100 000 entries reading them took most of a second of
    /// the two an approval may take to reach the feeds). Falls back to a full reload unless
    /// the database's newest event is this entry's and the only one the snapshot lacks, so a
    /// change written meanwhile by another process is never skipped.
    async fn refresh_entry(&self, id: i64) -> Result<(), WarningsError> {
        let _one_at_a_time = self.reload.lock().await;
        let current = self.current();
        let serial = self.store.warning_serial().await?;
        let fresh = self.store.warning_entry(id).await?;
        let seen = self.seen_serial.load(Ordering::Relaxed);
        let Some(fresh) = fresh.filter(|e| {
            serial == seen + 1 && e.history.iter().map(|h| h.seq).max() == Some(serial)
        }) else {
            return self.reload_locked().await;
        };
        let mut stored = current.stored();
        stored.retain(|e| e.id != id);
        stored.push(fresh);
        stored.sort_by_key(|e| e.id);
        let next = self.build(stored).await?;
        self.current.store(Arc::new(next));
        self.seen_serial.store(serial, Ordering::Relaxed);
        Ok(())
    }

    /// Reloads if the stored list changed behind this process: another replica's change, or
    /// `filimbi warnings import` against a running server's database. One new event (an
    /// approval or a withdrawal elsewhere) reads back that entry alone, as a change made here
    /// does, so it reaches this replica's feeds in about the same time at 100 000 entries;
    /// anything more is a full reload. Unchanged, the list is made again when the day has
    /// changed since it was made, so the feeds stay valid for a week from today.
    pub async fn reload_if_changed(&self) -> Result<bool, WarningsError> {
        let stored = self.store.warning_serial().await?;
        let current = self.seen_serial.load(Ordering::Relaxed);
        if stored == current {
            if self.current().day == self.clock.today() {
                return Ok(false);
            }
            self.renew().await?;
            return Ok(true);
        }
        match self.store.warning_event_entry(stored).await? {
            Some(id) if stored == current + 1 => self.refresh_entry(id).await?,
            _ => self.reload().await?,
        }
        Ok(true)
    }

    /// Drafts a listing from verified case `case`. With the two-person rule off it is
    /// published at once.
    /// `kind` is the investigator's choice; `None` lets the shape of `target` decide.
    pub async fn draft(
        &self,
        session: &Session,
        case: &CaseId,
        kind: Option<EntryKind>,
        target: &str,
        reason_en: &str,
        reason_fr: &str,
    ) -> Result<Drafted, WarningsError> {
        self.verified_and_readable(session, case).await?;
        let target = self.publishable(kind, target)?;
        let reason = PublicReason::new(reason_en, reason_fr)?;
        let actor = &session.account.name;
        if !self.two_person_rule {
            self.apply(Change::Publish, &target, &reason, Some(case), None)
                .await?;
            self.audit
                .record(
                    actor,
                    AuditAction::WarningPublish,
                    &target.to_string(),
                    case.as_str(),
                )
                .await?;
            return Ok(Drafted::Published);
        }
        let id = hex::encode(random_bytes::<16>()?);
        self.store
            .insert_warning_draft(&DraftRow {
                id: id.clone(),
                target: target.clone(),
                reason,
                case_id: case.clone(),
                drafted_by: session.account.id.clone(),
                drafted_day: self.clock.today(),
            })
            .await?;
        self.audit
            .record(
                actor,
                AuditAction::WarningDraft,
                &target.to_string(),
                case.as_str(),
            )
            .await?;
        Ok(Drafted::Pending)
    }

    /// A warning rests on a case marked verified that this investigator can read: both the
    /// drafter and the approver must have been able to look at the evidence.
    async fn verified_and_readable(
        &self,
        session: &Session,
        case: &CaseId,
    ) -> Result<(), WarningsError> {
        let (item, _) = self
            .store
            .queue_item(&session.account.id, case)
            .await?
            .ok_or(WarningsError::NotFound)?;
        if item.status != Status::Verified {
            return Err(WarningsError::NotVerified);
        }
        if !item.readable {
            return Err(WarningsError::NoAccess);
        }
        Ok(())
    }

    /// A target that may be listed: parsed, not official, not already in force.
    fn publishable(&self, kind: Option<EntryKind>, input: &str) -> Result<Target, WarningsError> {
        let target = match kind {
            Some(k) => k.parse_target(input)?,
            None => crate::domain::warnings::target::parse_target(input)?,
        };
        let now = self.current();
        listable(now.list.officials(), &target)?;
        // Already covered: the same target, or a domain under an active listing (a listed
        // `www.example.com` already covers `example.com` and `pay.example.com`).
        if matches!(now.list.check(&target), Verdict::Listed(_)) {
            return Err(WarningsError::Conflict("already listed".into()));
        }
        match now.list.entry_for(&target) {
            Some(e) if e.status == EntryStatus::Active => {
                Err(WarningsError::Conflict("already listed".into()))
            }
            // Listed again under the form it was first listed as.
            Some(e) => Ok(e.target.clone()),
            None => Ok(target),
        }
    }

    /// Drafts waiting for approval.
    pub async fn drafts(&self) -> Result<Vec<DraftRow>, WarningsError> {
        Ok(self.store.warning_drafts().await?)
    }

    async fn draft_row(&self, id: &str) -> Result<DraftRow, WarningsError> {
        self.drafts()
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(WarningsError::NotFound)
    }

    /// Publishes draft `id`; under the two-person rule only an investigator other than the
    /// drafter may.
    pub async fn approve(&self, session: &Session, id: &str) -> Result<(), WarningsError> {
        let draft = self.draft_row(id).await?;
        if self.two_person_rule && draft.drafted_by == session.account.id {
            return Err(WarningsError::SamePerson);
        }
        // The case may have been reopened, or the officials reconfigured, since the draft.
        self.verified_and_readable(session, &draft.case_id).await?;
        listable(self.current().list.officials(), &draft.target)?;
        self.apply(
            Change::Publish,
            &draft.target,
            &draft.reason,
            Some(&draft.case_id),
            Some(id),
        )
        .await?;
        self.audit_draft(session, AuditAction::WarningApprove, &draft)
            .await
    }

    /// Deletes draft `id` unpublished. Only its drafter or an administrator may: otherwise
    /// any investigator could quietly stop a colleague's warning from ever being approved.
    pub async fn discard(&self, session: &Session, id: &str) -> Result<(), WarningsError> {
        let draft = self.draft_row(id).await?;
        if draft.drafted_by != session.account.id && !session.account.is_admin {
            return Err(WarningsError::NotDrafter);
        }
        if !self.store.delete_warning_draft(id).await? {
            return Err(WarningsError::NotFound);
        }
        self.audit_draft(session, AuditAction::WarningDiscard, &draft)
            .await
    }

    async fn audit_draft(
        &self,
        session: &Session,
        action: AuditAction,
        draft: &DraftRow,
    ) -> Result<(), WarningsError> {
        let target = draft.target.to_string();
        self.audit
            .record(
                &session.account.name,
                action,
                &target,
                draft.case_id.as_str(),
            )
            .await?;
        Ok(())
    }

    /// Takes entry `entry` off the list with a public reason. One investigator suffices:
    /// withdrawing only ever reduces what is claimed, and it is audited. A suppressed entry
    /// can be withdrawn too, so that the stored list stops claiming what is not published.
    pub async fn withdraw(
        &self,
        session: &Session,
        entry: i64,
        reason_en: &str,
        reason_fr: &str,
    ) -> Result<(), WarningsError> {
        let target = self
            .current()
            .list
            .stored_entry(entry)
            .map(|e| e.target.clone())
            .ok_or(WarningsError::NotFound)?;
        let reason = PublicReason::new(reason_en, reason_fr)?;
        self.apply(Change::Withdraw, &target, &reason, None, None)
            .await?;
        self.audit
            .record(
                &session.account.name,
                AuditAction::WarningWithdraw,
                &target.to_string(),
                "",
            )
            .await?;
        Ok(())
    }

    /// Brings the list in line with `items` (from `filimbi warnings import`): new targets are
    /// listed, status differences are applied as withdrawals or new listings, the rest is left
    /// alone. Official domains are refused before anything changes. Audited once, by `actor`.
    pub async fn import(
        &self,
        actor: &str,
        items: &[ImportItem],
    ) -> Result<ImportSummary, WarningsError> {
        let officials = Officials::new(self.officials.clone());
        for (i, item) in items.iter().enumerate() {
            match listable(&officials, &item.target) {
                Err(WarningsError::Official) => {
                    return Err(WarningsError::OfficialInImport {
                        entry: i + 1,
                        domain: item.target.to_string(),
                    });
                }
                other => other?,
            }
        }
        // Decide every line against the list as it stands plus the lines before it, then
        // write them all in one transaction and rebuild the list once: linear in the file,
        // where a rebuild per line made 4,000 lines take minutes.
        let mut summary = ImportSummary::default();
        let current = self.current();
        let mut decided: HashMap<String, (Target, EntryStatus)> = HashMap::new();
        let mut changes: Vec<(Change, Target, PublicReason)> = Vec::new();
        for item in items {
            let key = identity(&item.target);
            let known = decided.get(&key).cloned().or_else(|| {
                current
                    .list
                    .entry_for(&item.target)
                    .map(|e| (e.target.clone(), e.status))
            });
            let (target, status) = match known {
                Some((target, status)) => (target, Some(status)),
                None => (item.target.clone(), None),
            };
            let withdrawal = item.withdrawal.as_ref().unwrap_or(&item.reason);
            match (status, item.status) {
                (Some(a), b) if a == b => {
                    summary.unchanged += 1;
                    continue;
                }
                (_, EntryStatus::Active) => {
                    changes.push((Change::Publish, target.clone(), item.reason.clone()));
                    summary.listed += 1;
                }
                (status, EntryStatus::Withdrawn) => {
                    if status.is_none() {
                        changes.push((Change::Publish, target.clone(), item.reason.clone()));
                    }
                    changes.push((Change::Withdraw, target.clone(), withdrawal.clone()));
                    summary.withdrawn += 1;
                }
            }
            decided.insert(key, (target, item.status));
        }
        if !changes.is_empty() {
            let borrowed: Vec<(Change, &Target, &PublicReason)> =
                changes.iter().map(|(c, t, r)| (*c, t, r)).collect();
            self.store
                .apply_warnings(&borrowed, self.clock.today())
                .await?;
            self.reload().await?;
        }
        self.audit
            .record(actor, AuditAction::WarningsImport, "", &summary.to_string())
            .await?;
        Ok(summary)
    }

    /// Records an export of the list (the caller writes it out).
    pub async fn record_export(&self, actor: &str, entries: usize) -> Result<(), WarningsError> {
        self.audit
            .record(
                actor,
                AuditAction::WarningsExport,
                "",
                &format!("{entries} entries"),
            )
            .await?;
        Ok(())
    }

    async fn apply(
        &self,
        change: Change,
        target: &Target,
        reason: &PublicReason,
        case: Option<&CaseId>,
        draft: Option<&str>,
    ) -> Result<(), WarningsError> {
        let (id, _) = self
            .store
            .apply_warning(change, target, reason, self.clock.today(), case, draft)
            .await?;
        self.refresh_entry(id).await
    }
}

/// Longest domain that can be listed, in bytes: the RPZ feed writes `*.NAME` under the
/// operator's zone name, and the whole must fit DNS's 255-byte limit.
pub const MAX_LISTED_DOMAIN: usize = 200;

/// Refuses domains that are, or contain, an official domain (listing `gov.rw` would list an
/// official `minerals.gov.rw` too), and names too long for the RPZ feed. The list itself leaves
/// out stored entries that break the first rule ([`WarningList::new`]); refusing them here
/// gives the investigator the reason instead of an entry that never shows.
fn listable(officials: &Officials, target: &Target) -> Result<(), WarningsError> {
    if let Target::Domain(d) = target {
        if officials.blocked_by_listing(d).is_some() {
            return Err(WarningsError::Official);
        }
        if d.as_str().len() > MAX_LISTED_DOMAIN {
            return Err(WarningsError::NameTooLong);
        }
    }
    Ok(())
}

/// Reads the list and renders, signs and tags every feed.
async fn build(
    stored: Vec<Entry>,
    signer: &Arc<FeedSigner>,
    officials: &[DomainName],
    base_url: &str,
    day: time::Date,
    previous: Option<Arc<Published>>,
) -> Result<Published, WarningsError> {
    let signer = Arc::clone(signer);
    let officials = Officials::new(officials.to_vec());
    let base_url = base_url.to_owned();
    // Seconds of CPU at 100 000 entries (every feed and MISP event rendered, signed, hashed
    // and compressed): off the async workers, so requests keep being answered meanwhile.
    tokio::task::spawn_blocking(move || {
        let ed = Edition {
            base_url: &base_url,
            day,
        };
        render(stored, officials, &signer, &ed, previous.as_deref())
    })
    .await
    .map_err(|e| WarningsError::Render(e.to_string()))?
}

/// The list and its feeds, the feeds two at a time (one per core of a small server).
fn render(
    stored: Vec<Entry>,
    officials: Officials,
    signer: &FeedSigner,
    ed: &Edition<'_>,
    previous: Option<&Published>,
) -> Result<Published, WarningsError> {
    let list = WarningList::new(stored, officials);
    // On every build, so the log keeps saying it until the entry is withdrawn or the official
    // domains corrected. The id only: the name is in the staff page, not in the logs.
    for s in list.suppressed() {
        tracing::warn!(
            entry = s.entry.id,
            "warning entry kept off the public list and feeds: it would block an official domain"
        );
    }
    let one = |feed: Feed| -> Result<(Feed, FeedFile), WarningsError> {
        Ok((
            feed,
            feed_file(feed.render(&list, ed).into_bytes(), signer)?,
        ))
    };
    // The JSON feed alone takes about as long as the others together; the MISP event files,
    // one per active website, go with it. An event file whose bytes are those of the snapshot
    // before keeps its signature: one change re-signs one event, not every one (they all
    // change once a day, when their `valid_until` moves on).
    let (first, second) = Feed::ALL.split_at(1);
    let (a, events, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| second.iter().map(|&f| one(f)).collect::<Vec<_>>());
        let mine: Vec<_> = first.iter().map(|&f| one(f)).collect();
        let events: Vec<Result<(String, FeedFile), WarningsError>> = misp::events(&list, ed)
            .into_iter()
            .map(|e| {
                let unchanged = previous
                    .and_then(|p| p.misp_events.get(&e.file_name))
                    .filter(|f| f.body.as_ref() == e.body.as_bytes());
                let file = match unchanged {
                    Some(f) => f.clone(),
                    None => feed_file(e.body.into_bytes(), signer)?,
                };
                Ok((e.file_name, file))
            })
            .collect();
        (mine, events, other.join())
    });
    let b = b.map_err(|_| WarningsError::Render("a feed renderer panicked".to_owned()))?;
    let feeds = a.into_iter().chain(b).collect::<Result<Vec<_>, _>>()?;
    let misp_events = events
        .into_iter()
        .collect::<Result<HashMap<_, _>, WarningsError>>()?;
    Ok(Published {
        list,
        day: ed.day,
        feeds,
        misp_events,
    })
}

/// `body` signed, tagged and compressed.
fn feed_file(body: Vec<u8>, signer: &FeedSigner) -> Result<FeedFile, WarningsError> {
    let signature = signer.sign(&body)?.into_bytes();
    let digest = Sha256::digest(&body);
    let etag = format!("\"{}\"", hex::encode(digest.get(..16).unwrap_or_default()));
    let gzip_etag = format!("{}-gzip\"", etag.trim_end_matches('"'));
    let gzip = gzipped(&body).map_err(WarningsError::Compress)?;
    Ok(FeedFile {
        body: body.into(),
        signature: signature.into(),
        etag,
        gzip: gzip.into(),
        gzip_etag,
    })
}

/// `body` gzip-compressed.
fn gzipped(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    // The fastest level: at 100 000 entries the JSON feed is 40 MB, and level 6 would spend
    // a second on it for a few per cent of size.
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 8),
        flate2::Compression::fast(),
    );
    encoder.write_all(body)?;
    encoder.finish()
}

/// What makes two import lines name the same listing: the domain, or a certificate number's
/// letters and digits (as [`WarningList::entry_for`] compares them).
fn identity(target: &Target) -> String {
    match target {
        Target::Domain(d) => format!("d {}", d.as_str()),
        Target::Certificate(c) => format!("c {}", c.key()),
    }
}
