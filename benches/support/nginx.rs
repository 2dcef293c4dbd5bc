//! nginx on loopback, serving one file, as the reference the HTTP rows of the benchmark table
//! are measured against: what a mature static server does on the same machine, in the same
//! run. Debian's `nginx-light` (or `nginx`); started as an ordinary process with its own
//! configuration in a temporary directory, no daemon, no logs, killed when dropped.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::BenchResult;

/// A running nginx.
pub struct Nginx {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The nginx binary, if installed.
fn binary() -> Option<&'static str> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

impl Nginx {
    /// Starts nginx serving `body` at `/file` with as many workers as there are cores
    /// (`worker_processes auto`, as Debian ships it); `None` if nginx is not installed.
    pub async fn serve(body: &[u8]) -> BenchResult<Option<Self>> {
        let Some(bin) = binary() else {
            return Ok(None);
        };
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("www");
        std::fs::create_dir(&root)?;
        std::fs::write(root.join("file"), body)?;
        // Its workers may run as another user: let them read the file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for p in [dir.path(), root.as_path()] {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755))?;
            }
            std::fs::set_permissions(root.join("file"), std::fs::Permissions::from_mode(0o644))?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let d = dir.path().display();
        let conf = format!(
            "daemon off;\nworker_processes auto;\npid {d}/nginx.pid;\nerror_log {d}/error.log crit;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  default_type text/css;\n  keepalive_requests 1000000;\n\
               client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               server {{ listen 127.0.0.1:{port}; root {root}; }}\n}}\n",
            root = root.display()
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf)?;
        let child = Command::new(bin)
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let nginx = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let client = reqwest::Client::new();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(r) = client.get(format!("{}/file", nginx.base)).send().await
                && r.status().is_success()
            {
                return Ok(Some(nginx));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Err("nginx did not answer within 10 s".into())
    }
}

impl Nginx {
    /// Its processes: the master and its workers.
    pub fn pids(&self) -> Vec<u32> {
        let master = self.child.id();
        let mut pids = vec![master];
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for e in dir.flatten() {
                let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                    continue;
                };
                if stat_fields(pid).and_then(|f| f.get(1).and_then(|p| p.parse::<u32>().ok()))
                    == Some(master)
                {
                    pids.push(pid);
                }
            }
        }
        pids
    }
}

/// The fields of `/proc/PID/stat` after the command name (which may hold spaces): state,
/// ppid, …; utime and stime are the 12th and 13th.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

/// CPU time, user and system, of `pids` so far, in seconds.
pub fn cpu_seconds(pids: &[u32]) -> Option<f64> {
    Some(cpu_ticks(pids)? as f64 / ticks_per_second())
}

/// Bytes process `pid` has caused to be written to storage so far (`write_bytes` of
/// `/proc/PID/io`: what reached the disk, or will, not what it wrote to the page cache).
pub fn disk_writes(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("write_bytes:"))
        .and_then(|v| v.trim().parse().ok())
}

/// CPU time, user and system, of `pids` so far, in clock ticks.
pub(super) fn cpu_ticks(pids: &[u32]) -> Option<u64> {
    pids.iter().try_fold(0u64, |sum, &pid| {
        let f = stat_fields(pid)?;
        Some(sum + f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
    })
}

/// Clock ticks a second (`getconf CLK_TCK`; 100 on Linux).
pub(super) fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// What a `wrk` run measured of one server.
#[derive(Debug, Clone, Copy)]
pub struct Wrk {
    /// Requests a second.
    pub rate: f64,
    /// The server's CPU time (user and system, all its processes) per request, in µs: unlike
    /// the rate, it does not depend on how much of the shared cores the server was given.
    pub cpu_us: f64,
}

/// One `wrk` run (Debian's package): one thread, [`super::CONCURRENCY`] connections, `secs`
/// seconds, `script` if any, against `url`. Its standard output and the CPU time the
/// server's processes `pids` spent meanwhile, in seconds; `None` if wrk is not installed,
/// failed, or lost a connection.
pub(super) fn run_wrk(
    url: &str,
    secs: u64,
    pids: &[u32],
    script: Option<&Path>,
) -> Option<(String, f64)> {
    let before = cpu_ticks(pids)?;
    let mut wrk = Command::new("wrk");
    wrk.args(["-t1", &format!("-c{}", super::CONCURRENCY)])
        .arg(format!("-d{secs}s"));
    if let Some(script) = script {
        wrk.arg("-s").arg(script);
    }
    let out = wrk.arg(url).stderr(Stdio::null()).output().ok()?;
    let spent = cpu_ticks(pids)?.saturating_sub(before) as f64 / ticks_per_second();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() || text.contains("Socket errors") {
        return None;
    }
    Some((text, spent))
}

/// wrk's own count and duration of a run: "N requests in 10.00s, …".
pub(super) fn requests_in(text: &str) -> Option<(f64, f64)> {
    text.lines().find_map(|l| {
        let (n, rest) = l.trim().split_once(" requests in ")?;
        let (secs, _) = rest.split_once("s,")?;
        Some((n.parse().ok()?, secs.parse().ok()?))
    })
}

/// `GET url` with wrk ([`run_wrk`]) for `secs`, and the CPU time the server's processes
/// `pids` spent meanwhile; `None` if wrk is not installed or failed. A C load generator
/// spends far less of the shared cores per request than the benches' own client, so the
/// servers, not the client, set the pace: the difference between two servers shows instead
/// of both being held at the client's ceiling.
pub fn wrk(url: &str, secs: u64, pids: &[u32]) -> Option<Wrk> {
    let (text, spent) = run_wrk(url, secs, pids, None)?;
    // Every request must have been answered with a 2xx: wrk says so in one line if not.
    if text.contains("Non-2xx or 3xx responses") {
        return None;
    }
    let rate: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())?;
    let (requests, _) = requests_in(&text)?;
    Some(Wrk {
        rate,
        cpu_us: spent * 1e6 / requests.max(1.0),
    })
}

/// The table's cell for one request measured with wrk beside nginx: the rate and the CPU a
/// request, each as a share of nginx's (for CPU: nginx's time over ours, so that, like the
/// rate, 100% means as efficient as nginx and less means costlier).
pub fn cell(ours: Wrk, nginx: Wrk) -> String {
    format!(
        "wrk: {:.0}/s — **{:.0}% of nginx** ({:.0}/s); CPU a request {:.0} µs — **{:.0}% of \
         nginx's efficiency** ({:.0} µs)",
        ours.rate,
        100.0 * ours.rate / nginx.rate.max(1e-9),
        nginx.rate,
        ours.cpu_us,
        100.0 * nginx.cpu_us / ours.cpu_us.max(1e-9),
        nginx.cpu_us
    )
}

/// The median rate and the median CPU a request of some runs (each on its own: with three
/// runs, one stray run moves neither).
pub fn median(runs: &[Wrk]) -> Option<Wrk> {
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    Some(Wrk {
        rate: mid(runs.iter().map(|w| w.rate).collect())?,
        cpu_us: mid(runs.iter().map(|w| w.cpu_us).collect())?,
    })
}
