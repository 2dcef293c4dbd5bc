//! File cleaning in a child process: the parsers of photos, PDFs and office files are the
//! largest attack surface in Filimbi, so they run in `filimbi clean-worker`, a sandboxed
//! process of the same binary ([`sandbox`]), one file at a time over a pipe ([`wire`]).
//!
//! The server keeps streaming and encryption; plaintext crosses only the pipe. A worker that
//! crashes, runs out of memory or takes longer than its time limit costs only itself: the
//! file is stored as sent, marked with the reason (`cleaner-failed`, `cleaner-timeout`), and
//! the report goes through. Workers are kept between files (starting a process per photo
//! would cost more than cleaning it) and retired after a number of files, so that what a
//! crafted file left in one worker's memory does not meet many later files.

pub mod sandbox;
pub mod wire;
pub mod worker;

use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::scrub::{self, Kind, Outcome, Reason, Scrubbed};

/// How workers are started and limited.
#[derive(Debug, Clone)]
pub struct CleanerOptions {
    /// The `filimbi` binary (the server's own by default).
    pub program: PathBuf,
    /// Wall-clock time a worker may take for one file before it is stopped.
    pub timeout: Duration,
    /// Address space a worker may map beyond what it maps at start, in bytes.
    pub memory: u64,
    /// CPU seconds over a worker's life.
    pub cpu_secs: u64,
    /// Files a worker cleans before it is retired.
    pub files_per_worker: u32,
}

impl CleanerOptions {
    /// Defaults for files of at most `max_file` bytes: memory for six copies and 64 MiB
    /// besides (a PDF or office parser holds the file, its parsed form and the output).
    pub fn new(max_file: u64) -> Self {
        Self {
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("filimbi")),
            timeout: Duration::from_secs(30),
            memory: max_file.saturating_mul(6).saturating_add(64 << 20),
            cpu_secs: 300,
            files_per_worker: 100,
        }
    }
}

/// The pool of workers.
pub struct Cleaners {
    opts: CleanerOptions,
    max_file: u64,
    idle: Mutex<Vec<Worker>>,
    max_idle: usize,
}

impl std::fmt::Debug for Cleaners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cleaners")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

/// Why a file came back without an answer.
enum Failed {
    TimedOut,
    Crashed,
}

impl Cleaners {
    /// A pool for files of at most `max_file` bytes.
    pub fn new(opts: CleanerOptions, max_file: u64) -> Self {
        Self {
            opts,
            max_file,
            idle: Mutex::new(Vec::new()),
            max_idle: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }

    /// Cleans one file in a worker, on the calling thread (a blocking one). Never fails: a
    /// file that cannot be cleaned comes back as sent, with the reason.
    pub fn clean(&self, bytes: Vec<u8>) -> Scrubbed {
        let kind = Kind::detect(&bytes[..bytes.len().min(8192)]);
        if !kind.is_scrubbable() {
            return scrub::unchanged(bytes, kind, Reason::UnknownType);
        }
        let mut worker = match self.take() {
            Ok(w) => w,
            Err(e) => {
                tracing::error!(error = %e, "a file-cleaning worker could not start; the file is stored as sent");
                return scrub::unchanged(bytes, kind, Reason::CleanerFailed);
            }
        };
        match worker.clean(&bytes, self.opts.timeout, self.max_file.saturating_mul(4)) {
            Ok(wire::Reply::Cleaned(clean, subtype)) => {
                self.give_back(worker);
                Scrubbed {
                    bytes: clean,
                    kind,
                    outcome: Outcome::Cleaned,
                    subtype,
                }
            }
            Ok(wire::Reply::Kept(reason)) => {
                self.give_back(worker);
                scrub::unchanged(bytes, kind, reason)
            }
            Err(Failed::TimedOut) => scrub::unchanged(bytes, kind, Reason::CleanerTimedOut),
            Err(Failed::Crashed) => scrub::unchanged(bytes, kind, Reason::CleanerFailed),
        }
    }

    /// What the sandbox enforces, from a worker started for the purpose.
    pub fn enforced(&self) -> std::io::Result<sandbox::Enforced> {
        let worker = self.take()?;
        let enforced = worker.enforced;
        self.give_back(worker);
        Ok(enforced)
    }

    fn take(&self) -> std::io::Result<Worker> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(w) => Ok(w),
            None => Worker::start(&self.opts, self.max_file),
        }
    }

    fn give_back(&self, worker: Worker) {
        if worker.files >= self.opts.files_per_worker {
            return;
        }
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.max_idle
        {
            idle.push(worker);
        }
    }
}

/// One running worker. Dropping it ends the process.
struct Worker {
    child: Arc<Mutex<Child>>,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    files: u32,
    enforced: sandbox::Enforced,
}

impl Worker {
    fn start(opts: &CleanerOptions, max_file: u64) -> std::io::Result<Self> {
        let mut child = Command::new(&opts.program)
            .arg("clean-worker")
            .arg(format!("--memory={}", opts.memory))
            .arg(format!("--cpu-secs={}", opts.cpu_secs))
            .arg(format!("--max-file={max_file}"))
            // Nothing of the server's environment (a database URL may be in it).
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("worker pipes missing"));
        };
        widen_pipe(&stdin);
        widen_pipe(&stdout);
        let mut worker = Self {
            child: Arc::new(Mutex::new(child)),
            stdin,
            stdout: BufReader::new(stdout),
            files: 0,
            enforced: sandbox::Enforced::default(),
        };
        let hello = worker.watched(opts.timeout, |w| {
            let mut hello = [0u8; 10];
            w.stdout.read_exact(&mut hello)?;
            Ok(hello)
        });
        match hello {
            Ok(h) if h[..8] == wire::HELLO[..] => {
                worker.enforced = sandbox::Enforced {
                    landlock: h[8] == 1,
                    seccomp: h[9] == 1,
                };
                Ok(worker)
            }
            _ => Err(std::io::Error::other(format!(
                "{} clean-worker did not answer as a worker",
                opts.program.display()
            ))),
        }
    }

    fn clean(&mut self, file: &[u8], timeout: Duration, max: u64) -> Result<wire::Reply, Failed> {
        self.files = self.files.saturating_add(1);
        self.watched(timeout, |w| {
            wire::write_request(&mut w.stdin, file)?;
            wire::read_reply(&mut w.stdout, max)
        })
    }

    /// Runs `f` on the worker's pipes; past `timeout` the worker is killed, which ends `f`
    /// with a broken pipe.
    fn watched<T>(
        &mut self,
        timeout: Duration,
        f: impl FnOnce(&mut Self) -> std::io::Result<T>,
    ) -> Result<T, Failed> {
        let (done, wait) = mpsc::channel::<()>();
        let child = Arc::clone(&self.child);
        let fired = Arc::new(AtomicBool::new(false));
        let fired_in = Arc::clone(&fired);
        let watchdog = std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                fired_in.store(true, Ordering::SeqCst);
                if let Ok(mut c) = child.lock() {
                    let _ = c.kill();
                }
            }
        });
        let result = f(self);
        let _ = done.send(());
        let _ = watchdog.join();
        match result {
            Ok(v) => Ok(v),
            Err(_) if fired.load(Ordering::SeqCst) => Err(Failed::TimedOut),
            Err(_) => Err(Failed::Crashed),
        }
    }
}

/// Pipes of 1 MiB instead of 64 KiB: a photo crosses in a few writes instead of dozens of
/// turns between the two processes. Best effort: the kernel may refuse (`pipe-max-size`).
#[cfg(target_os = "linux")]
fn widen_pipe(pipe: &impl std::os::fd::AsFd) {
    let _ = nix::fcntl::fcntl(pipe, nix::fcntl::FcntlArg::F_SETPIPE_SZ(1 << 20));
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe<T>(_: &T) {}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Ok(mut c) = self.child.lock() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
