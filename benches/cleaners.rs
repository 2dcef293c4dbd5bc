//! The cost of cleaning in a sandboxed worker process: phone-sized JPEG photos cleaned per
//! second in the server's own process (how Filimbi cleaned before `src/cleaner`) and through the
//! pool of `filimbi clean-worker` processes (how it cleans now), two threads each, and the
//! ratio of the two measured in the same run.
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

/// Photos per second over `THREADS` threads, each cleaning `n` with `clean`.
fn rate(n: usize, photo: &[u8], clean: &(dyn Fn(Vec<u8>) -> bool + Sync)) -> BenchResult<f64> {
    let start = Instant::now();
    let cleaned = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| s.spawn(|| (0..n).filter(|_| clean(photo.to_vec())).count()))
            .collect();
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

fn main() -> BenchResult {
    let n: usize = std::env::var("FILIMBI_BENCH_PHOTOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let photo = photo()?;
    let pool = Cleaners::new(
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
    let in_process = rate(n, &photo, &|b| scrub::scrub(b).outcome == Outcome::Cleaned)?;
    let workers = rate(n, &photo, &|b| pool.clean(b).outcome == Outcome::Cleaned)?;
    println!("in the server's process     {in_process:>8.1} photos/s  (baseline)");
    println!(
        "in sandboxed worker pool    {workers:>8.1} photos/s  ratio {:.2}x",
        workers / in_process
    );
    Ok(())
}
