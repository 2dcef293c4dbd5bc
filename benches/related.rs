//! Building an investigator session's in-memory index of identifiers (related cases and
//! search, `services::workspace::related`) at 1 000, 10 000 and 100 000 cases: the time of the
//! first build (every case's key wrap opened with the account key, every sealed identifier
//! list checked and decrypted), of an update after 10 new cases, of a use when nothing
//! changed (no query at all), of a use that asks the database and finds nothing new (one
//! count: after the recheck time, or a write by another server), and the memory the index
//! holds (resident set before and after).
//!
//! Run: `cargo bench --bench related` (FILIMBI_BENCH_SIZES, e.g. `1000,10000`, picks the
//! sizes; default all three). Cases are written straight into the database with real
//! ciphertext: a fresh case key per case, wrapped to the viewing account with age, and a list
//! of one to three identifiers sealed to the case key and one offline key with its MAC, drawn
//! from pools so that cases share identifiers as repeated reports do. Setup is not timed.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use age::x25519;
use filimbi::clock::SystemClock;
use filimbi::crypto::identifiers::{REPORT_IDENTIFIERS, encrypt_identifiers, object};
use filimbi::crypto::recipients::Recipients;
use filimbi::crypto::sealed::{IntegrityKey, ObjectKind, ObjectRef};
use filimbi::crypto::server_secret::ServerSecret;
use filimbi::domain::account::{Account, AccountId, AccountName, AccountState};
use filimbi::domain::case::CaseId;
use filimbi::domain::identifiers::Identifier;
use filimbi::domain::queue::Deadlines;
use filimbi::services::accounts::Session;
use filimbi::services::audit::Audit;
use filimbi::services::workspace::Workspace;
use filimbi::store::Store;
use secrecy::ExposeSecret;
use sqlx::Connection;
use std::io::Write;

mod support;
use support::BenchResult;
use support::cases::{Rng, VIEWER_HEX};

/// Resident memory of this process, in bytes (Linux).
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The identifiers of one case: a domain from a pool of `size / 5` (so a site is named about
/// five times), a certificate number half the time, a phone number one time in five.
fn identifiers(rng: &mut Rng, size: usize) -> std::collections::BTreeSet<Identifier> {
    let pool = (size / 5).max(1) as u64;
    let r = rng.next();
    let mut out = std::collections::BTreeSet::new();
    out.insert(Identifier::Domain(format!(
        "verify-{}.example.com",
        r % pool
    )));
    if (r >> 20) % 2 == 0 {
        out.insert(Identifier::Certificate(format!(
            "RW2026{:05}",
            (r >> 24) % pool
        )));
    }
    if (r >> 40) % 5 == 0 {
        out.insert(Identifier::Phone(format!("7{:08}", (r >> 44) % pool)));
    }
    out
}

/// Adds `n` cases readable by the viewer, each with a sealed identifier list.
async fn insert(
    url: &str,
    n: usize,
    size: usize,
    rng: &mut Rng,
    viewer: &x25519::Recipient,
    offline: &Recipients,
    key: &IntegrityKey,
) -> BenchResult {
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let reader = format!("account:{VIEWER_HEX}");
    let mut tx = conn.begin().await?;
    for i in 0..n {
        let id = CaseId::parse(&format!("{:016x}{:016x}", rng.next(), rng.next())).ok_or("id")?;
        let case_key = x25519::Identity::generate();
        let mut wrap = Vec::new();
        let enc = age::Encryptor::with_recipients(std::iter::once(viewer as &dyn age::Recipient))?;
        let mut w = enc.wrap_output(&mut wrap)?;
        w.write_all(format!("{}\n", case_key.to_string().expose_secret()).as_bytes())?;
        w.finish()?;
        let wrap_mac = key.tag(
            ObjectRef::new(&id, ObjectKind::KeyWrap, &reader),
            &sha256(&wrap),
        );
        let ids = identifiers(rng, size);
        let sealed = encrypt_identifiers(&id, &case_key.to_public(), offline, &ids)?;
        let ids_mac = key.tag(object(&id, REPORT_IDENTIFIERS), &sealed.sha256());
        sqlx::query(
            "INSERT INTO cases (id, category, status, received_day, case_recipient, \
             receipt_lookup, receipt_salt, whistleblower_recipient) \
             VALUES ($1, 'other', 'new', '2026-11-23', $2, $3, 's', 'age1y')",
        )
        .bind(id.as_str())
        .bind(case_key.to_public().to_string())
        .bind(format!("lookup-{}", id.as_str()))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO case_key_wraps (case_id, reader, ciphertext, mac) VALUES ($1, $2, $3, $4)",
        )
        .bind(id.as_str())
        .bind(&reader)
        .bind(wrap)
        .bind(wrap_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO case_identifiers (id, case_id, name, ciphertext, mac) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64::try_from(rng.next() >> 1)?)
        .bind(id.as_str())
        .bind(REPORT_IDENTIFIERS)
        .bind(sealed.as_bytes().to_vec())
        .bind(ids_mac.to_hex())
        .execute(&mut *tx)
        .await?;
        if i % 5_000 == 4_999 {
            tx.commit().await?;
            tx = conn.begin().await?;
        }
    }
    tx.commit().await?;
    conn.close().await?;
    Ok(())
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// A session of the viewing account, as a login would make it (a fresh id each time, so each
/// gets an index of its own).
fn session(identity: &x25519::Identity, n: u64) -> BenchResult<Session> {
    Ok(Session {
        account: Account {
            id: AccountId::parse(VIEWER_HEX).ok_or("viewer id")?,
            name: AccountName::parse("viewer").ok_or("viewer name")?,
            is_admin: false,
            state: AccountState::Active,
            recipient: None,
            created_day: "2026-11-23".to_owned(),
        },
        identity: identity.clone(),
        csrf: String::new(),
        id_hash: format!("bench-session-{n}"),
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    sqlx::any::install_default_drivers();
    let sizes: Vec<usize> = std::env::var("FILIMBI_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("related.sqlite3");
        let secret = ServerSecret::from_bytes([7; 32]);
        let key = Arc::new(IntegrityKey::new(&secret));
        let store = Store::open_file(&path, &key).await?;
        let url = filimbi::store::sqlite_url(&path);
        let viewer = x25519::Identity::generate();
        let mut offline = Recipients::default();
        let escrow = x25519::Identity::generate();
        offline.add_text(Path::new("bench.pub"), &escrow.to_public().to_string())?;
        let mut conn = sqlx::AnyConnection::connect(&url).await?;
        sqlx::query(
            "INSERT INTO accounts (id, name, state, created_day) \
             VALUES ($1, 'viewer', 'active', '2026-11-23')",
        )
        .bind(VIEWER_HEX)
        .execute(&mut conn)
        .await?;
        conn.close().await?;
        let clock = Arc::new(SystemClock);
        let audit = Arc::new(Audit::new(store.clone(), &secret, clock.clone()));
        let ws = Workspace::new(
            store.clone(),
            clock,
            offline.clone(),
            audit,
            Deadlines::default(),
            Arc::clone(&key),
        );
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        println!("filimbi related-cases index: first build, update, unchanged use ({cores} cores)");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut have = 0;
        for (n, size) in sizes.into_iter().enumerate() {
            let setup = Instant::now();
            insert(
                &url,
                size - have,
                size,
                &mut rng,
                &viewer.to_public(),
                &offline,
                &key,
            )
            .await?;
            have = size;
            let setup = setup.elapsed();
            let s = session(&viewer, n as u64)?;
            let before = resident();
            let t0 = Instant::now();
            let built = ws.index(&s).await?;
            let build = t0.elapsed();
            let (lists, distinct) = (built.index().len(), built.index().distinct());
            drop(built);
            let after = resident();
            insert(
                &url,
                10,
                size,
                &mut rng,
                &viewer.to_public(),
                &offline,
                &key,
            )
            .await?;
            have += 10;
            // As the server does after storing a case itself.
            store.identifiers_changed();
            let t1 = Instant::now();
            drop(ws.index(&s).await?);
            let update = t1.elapsed();
            let t2 = Instant::now();
            drop(ws.index(&s).await?);
            let unchanged = t2.elapsed();
            // A write elsewhere may have happened (another server, or the recheck time is
            // up): the index asks the database, which counts, and finds nothing new.
            store.identifiers_changed();
            let t3 = Instant::now();
            drop(ws.index(&s).await?);
            let asked = t3.elapsed();
            println!(
                "  {size:>7} cases: build {:>9.1} ms ({:.1} µs/case), +10 cases {:>7.1} ms, \
                 unchanged {:>6.3} ms, asking the database {:>7.1} ms, index ≈ {:.1} MiB \
                 resident ({lists} lists, {distinct} identifiers; setup {:.0} s)",
                ms(build),
                build.as_secs_f64() * 1e6 / size as f64,
                ms(update),
                ms(unchanged),
                ms(asked),
                after.saturating_sub(before) as f64 / (1024.0 * 1024.0),
                setup.as_secs_f64(),
            );
            ws.forget_index(&s);
        }
        store.close().await;
        BenchResult::Ok(())
    })
}
