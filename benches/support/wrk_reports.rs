//! Text reports driven by `wrk` instead of the benches' own client: one wrk thread,
//! [`super::CONCURRENCY`] connections, and a Lua script that does what a browser does (fetch
//! the form, send it back with its token). A second client of another make, as the HTTP rows
//! have: a figure that both clients reach is the server's, not a client's. In the seventh run
//! (docs/benchmark-runs.md) the benches' client spent 0.1 ms of CPU a report against the
//! server's 1.3–1.6 ms, and wrk, second on a larger database, sent fewer reports a second.
//!
//! Every figure is checked: each form sent back must show a receipt (a page with
//! `id="receipt"`), or the phase has no result.

use super::BenchResult;
use super::nginx::{requests_in, run_wrk};

/// What a phase of wrk reports came to.
pub struct WrkReports {
    /// Receipts shown a second.
    pub rate: f64,
    /// Forms sent back (each one a report).
    pub posts: u64,
    /// Receipts shown.
    pub receipts: u64,
    /// The server's CPU time (user and system) per receipt, in ms.
    pub cpu_ms: f64,
}

/// The Lua script: a connection with a token waiting sends a report, any other asks for a form.
/// Tokens are shared by the thread's connections (wrk gives no per-connection state); each is
/// used once. `PATH` and `BODY` are filled in by [`script`].
const SCRIPT: &str = r#"
local tokens = {}
local path, body = "PATH", "BODY"
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
posts, receipts = 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  local token = table.remove(tokens)
  if token then
    posts = posts + 1
    return wrk.format("POST", path, headers, "token=" .. token .. body)
  end
  return wrk.format("GET", path)
end

function response(status, headers, page)
  local token = page:match('name="token" value="([^"]+)"')
  if token then
    table.insert(tokens, token)
  elseif status == 200 and page:find('id="receipt"', 1, true) then
    receipts = receipts + 1
  end
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("filimbi-reports %d %d\n", t:get("posts"), t:get("receipts")))
  end
end
"#;

/// The script for reports to `path` with the form's other fields `fields` (URL-encoded,
/// starting with `&`).
fn script(path: &str, fields: &str) -> String {
    SCRIPT.replacen("PATH", path, 1).replacen("BODY", fields, 1)
}

/// Reports of the kind at `path` (for example `/report/fake-website`), with `fields`, on
/// `base` for `secs` seconds; `pids` are the server's processes, whose CPU is counted. `None`
/// if wrk is missing or failed; an error if reports sent did not show their receipts.
pub fn wrk_reports(
    base: &str,
    path: &str,
    fields: &str,
    secs: u64,
    pids: &[u32],
) -> BenchResult<Option<WrkReports>> {
    let dir = tempfile::tempdir()?;
    let lua = dir.path().join("reports.lua");
    std::fs::write(&lua, script(path, fields))?;
    let Some((text, spent)) = run_wrk(base, secs, pids, Some(&lua)) else {
        return Ok(None);
    };
    let Some((posts, receipts)) = text.lines().find_map(|l| {
        let mut f = l.strip_prefix("filimbi-reports ")?.split(' ');
        Some((
            f.next()?.parse::<u64>().ok()?,
            f.next()?.parse::<u64>().ok()?,
        ))
    }) else {
        return Ok(None);
    };
    // A report still on its way when wrk stopped counts as sent but was never answered: allow
    // one a connection, no more.
    let unanswered = posts.saturating_sub(receipts);
    if receipts == 0 || unanswered > super::CONCURRENCY as u64 {
        return Err(format!("wrk reports: {posts} sent, {receipts} receipts").into());
    }
    let elapsed = requests_in(&text).map_or(secs as f64, |(_, secs)| secs);
    Ok(Some(WrkReports {
        rate: receipts as f64 / elapsed.max(1e-9),
        posts,
        receipts,
        cpu_ms: spent * 1e3 / receipts as f64,
    }))
}
