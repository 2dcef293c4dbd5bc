//! Cleaner fairness (issue 24): eight reports, each with a 3 MB hostile PDF, are sent at
//! once; while their files are being cleaned a report with a small photo is sent. What
//! counts is the small report's receipt time beside the hostile reports' own.
//!
//! The hostile PDF is the one the early refusals do not catch (`scrub::pdf_bounds`): object
//! streams whose 99 objects each start inside the one before, so each worker runs to its
//! CPU budget per file. The repeating kind of the issue is refused in milliseconds and
//! would leave nothing to be fair about.

use std::time::{Duration, Instant};

use super::BenchResult;
use super::uploads::BOUNDARY;

#[path = "../../tests/it/hostile_pdf.rs"]
mod hostile_pdf;

/// Reports with a hostile PDF sent at once.
const HOSTILE: usize = 8;

/// What the scenario measured.
pub struct Fairness {
    /// From sending the small report to its receipt.
    pub small: Duration,
    /// The hostile reports' median time from sending to receipt.
    pub hostile_median: Duration,
    /// The small photo's size.
    pub photo_bytes: usize,
}

impl Fairness {
    /// The table's cell.
    pub fn cell(&self) -> String {
        format!(
            "{}-byte photo's report: receipt in {:.0} ms; the hostile reports' in {:.1} s (median)",
            self.photo_bytes,
            self.small.as_secs_f64() * 1e3,
            self.hostile_median.as_secs_f64()
        )
    }
}

/// Runs the scenario against the server at `base` (rate limits off).
pub async fn run(client: &reqwest::Client, base: &str) -> BenchResult<Fairness> {
    let pdf = hostile_pdf::nested_object_stream_pdf(3 << 20, 2, 1_000_000)?;
    let photo = small_photo()?;
    let start = Instant::now();
    let mut hostile = Vec::new();
    for i in 0..HOSTILE {
        let (c, base, pdf) = (client.clone(), base.to_owned(), pdf.clone());
        hostile.push(tokio::spawn(async move {
            let ok = report(&c, &base, &format!("scan{i}.pdf"), pdf).await;
            (ok, start.elapsed())
        }));
    }
    // Time for the eight to be received and their cleaning to begin.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sent = Instant::now();
    if !report(client, base, "photo.jpg", photo.clone()).await {
        return Err("the small report got no receipt".into());
    }
    let small = sent.elapsed();
    let mut times = Vec::new();
    for task in hostile {
        let (ok, took) = task.await?;
        if !ok {
            return Err("a hostile report got no receipt".into());
        }
        times.push(took);
    }
    times.sort();
    Ok(Fairness {
        small,
        hostile_median: times[times.len() / 2],
        photo_bytes: photo.len(),
    })
}

/// A report with one file, as a browser sends it; whether it got a receipt.
async fn report(c: &reqwest::Client, base: &str, name: &str, file: Vec<u8>) -> bool {
    let url = format!("{base}/report/fake-certificate");
    let page = match c.get(&url).send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => return false,
    };
    let Some(token) = super::token_from(&page) else {
        return false;
    };
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nscans\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let r = c
        .post(&url)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await;
    super::shows_receipt(r).await
}

/// A small JPEG, a few hundred bytes, as messaging apps send thumbnails.
fn small_photo() -> BenchResult<Vec<u8>> {
    let img = image::RgbImage::from_fn(16, 12, |x, y| image::Rgb([x as u8 * 16, y as u8 * 20, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}
