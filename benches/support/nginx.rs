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

/// Requests per second of `GET url` from `wrk` (Debian's package) with one thread and
/// [`super::CONCURRENCY`] connections for `secs`; `None` if wrk is not installed or failed.
/// A C load generator spends far less of the shared cores per request than the benches'
/// own client, so the servers, not the client, set the pace: the difference between two
/// servers shows instead of both being held at the client's ceiling.
pub fn wrk(url: &str, secs: u64) -> Option<f64> {
    let out = Command::new("wrk")
        .args(["-t1", &format!("-c{}", super::CONCURRENCY)])
        .arg(format!("-d{secs}s"))
        .arg(url)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // Every request must have been answered with a 2xx: wrk says so in one line if not.
    if text.contains("Non-2xx or 3xx responses") || text.contains("Socket errors") {
        return None;
    }
    text.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}
