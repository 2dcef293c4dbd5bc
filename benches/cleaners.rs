//! The cost of cleaning in a sandboxed worker process: phone-sized JPEG photos cleaned per
//! second, two threads each, measured in the same run:
//! - in the server's own process (how Filimbi cleaned before `src/cleaner`);
//! - by one `filimbi clean-worker` kept for every photo (how the former pool served strangers'
//!   files one after another);
//! - by one worker per report (how it cleans now), for reports of one photo (the worst case:
//!   a process started per photo) and of three photos.
//!
//! Run: `cargo bench --bench cleaners` (FILIMBI_BENCH_PHOTOS sets the photos per thread,
//! default 200).

use std::time::Instant;

use filimbi::cleaner::{CleanerOptions, Cleaners};
use filimbi::scrub::{self, Outcome};

mod support;
use support::BenchResult;

const THREADS: usize = 2;

/// A 1600×1200 photo-like JPEG (noise compresses like a photo, not like a flat colour).
fn photo() -> BenchResult<Vec<u8>> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed & 0x3F) as u8;
        image::Rgb([(x / 7) as u8 ^ n, (y / 5) as u8 ^ n, n.wrapping_mul(3)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}

/// Photos per second over `THREADS` threads, each cleaning `n` with `clean_n` (which answers
/// how many it cleaned).
fn rate(n: usize, clean_n: &(dyn Fn(usize) -> usize + Sync)) -> BenchResult<f64> {
    let start = Instant::now();
    let cleaned = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS).map(|_| s.spawn(|| clean_n(n))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(0))
            .sum::<usize>()
    });
    if cleaned != n * THREADS {
        return Err(format!("only {cleaned} of {} photos cleaned", n * THREADS).into());
    }
    Ok(cleaned as f64 / start.elapsed().as_secs_f64())
}

/// `n` photos in reports of `per_report`, one worker per report.
fn per_report(cleaners: &Cleaners, photo: &[u8], n: usize, per_report: usize) -> usize {
    let mut done = 0;
    while done < n {
        let mut session = cleaners.session();
        for _ in 0..per_report.min(n - done) {
            if session.clean(photo.to_vec()).outcome == Outcome::Cleaned {
                done += 1;
            } else {
                return done;
            }
        }
    }
    done
}

fn main() -> BenchResult {
    filimbi::services::texting::install_tls_provider();
    let n: usize = std::env::var("FILIMBI_BENCH_PHOTOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let photo = photo()?;
    let cleaners = Cleaners::new(
        CleanerOptions {
            program: env!("CARGO_BIN_EXE_filimbi").into(),
            ..CleanerOptions::new(32 << 20)
        },
        32 << 20,
    );
    println!(
        "filimbi cleaners benchmark: {THREADS} threads × {n} photos of {} KiB",
        photo.len() / 1024
    );
    let in_process = rate(n, &|n| {
        (0..n)
            .filter(|_| scrub::scrub(photo.to_vec()).outcome == Outcome::Cleaned)
            .count()
    })?;
    let kept = rate(n, &|n| per_report(&cleaners, &photo, n, n))?;
    let one = rate(n, &|n| per_report(&cleaners, &photo, n, 1))?;
    let three = rate(n, &|n| per_report(&cleaners, &photo, n, 3))?;
    println!("in the server's process       {in_process:>8.1} photos/s  (baseline)");
    for (label, rate) in [
        ("one worker kept for all     ", kept),
        ("one worker per report of 1  ", one),
        ("one worker per report of 3  ", three),
    ] {
        println!(
            "{label}  {rate:>8.1} photos/s  ratio {:.2}x",
            rate / in_process
        );
    }
    Ok(())
}
