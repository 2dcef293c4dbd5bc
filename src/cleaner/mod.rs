//! File cleaning in a child process: the parsers of photos, PDFs and office files are the
//! largest attack surface in Filimbi, so they run in `filimbi clean-worker`, a sandboxed
//! process of the same binary ([`sandbox`]), one file at a time over a pipe ([`wire`]).
//!
//! The server keeps streaming and encryption; plaintext crosses only the pipe. A worker that
//! crashes, runs out of memory, takes longer than its time limit or spends more CPU on a file
//! than its budget ([`CPU_PER_FILE`]) costs only itself: the file is stored as sent, marked
//! with the reason (`cleaner-failed`, `cleaner-timeout`), and the report goes through.
//!
//! A worker serves one report (or one answer): a [`Session`] starts it at the report's first
//! file and ends it, with its whole process group, when the report is sealed. A worker kept
//! for later files would hold a crafted file's code, if a parser were ever exploited, while
//! later strangers' uncleaned files crossed it; starting a process per report costs little
//! beside cleaning (`benches/cleaners.rs`, `docs/threat-model.md`).

pub mod sandbox;
pub mod wire;
pub mod worker;

use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::scrub::{self, Kind, Outcome, Reason, Scrubbed};

/// CPU a worker may spend on one file, besides [`CPU_PER_MIB`] for each MiB of it. Real files
/// take a small part of it; measured in the debug build the tests run (dependencies mostly
/// unoptimised) on this project's loaded 2-core machine: a 10 MB phone photo 80 ms, a
/// 200-page PDF with a photo on every page 45 ms, a docx whose 0.5 MB hold 15 MB of XML 6.7 s
/// of wall time (its parser is unoptimised there; release builds take a fraction). A crafted
/// PDF that the early refusals (`scrub::pdf_bounds`) do not catch can take minutes, and is
/// stopped here after a few seconds.
pub const CPU_PER_FILE: Duration = Duration::from_secs(5);

/// CPU a worker may spend per MiB of a file, on top of [`CPU_PER_FILE`]: cleaning costs grow
/// with the file, so a 32 MiB office file gets 13 s where a 3 MB PDF gets under 6.
pub const CPU_PER_MIB: Duration = Duration::from_millis(250);

/// The CPU a worker may spend on a file of `len` bytes.
fn cpu_budget(per_file: Duration, len: usize) -> Duration {
    let mib = u32::try_from(len.div_ceil(1 << 20)).unwrap_or(u32::MAX);
    per_file.saturating_add(CPU_PER_MIB.saturating_mul(mib))
}

/// How often the watchdog reads a worker's CPU time while it cleans a file.
const CPU_POLL: Duration = Duration::from_millis(50);

/// How workers are started and limited.
#[derive(Debug, Clone)]
pub struct CleanerOptions {
    /// The `filimbi` binary (the server's own by default).
    pub program: PathBuf,
    /// Wall-clock time a worker may take for one file before it is stopped.
    pub timeout: Duration,
    /// CPU time a worker may spend on one file before it is stopped, plus [`CPU_PER_MIB`]
    /// for each MiB of the file (Linux; elsewhere only `timeout` holds). The wall-clock limit alone let a crafted file hold a worker, and the
    /// core under it, for its whole 30 s; this bounds what a file costs in CPU whatever the
    /// load, while a worker waiting for a busy core is not stopped for the wait.
    pub cpu_per_file: Duration,
    /// Address space a worker may map beyond what it maps at start, in bytes.
    pub memory: u64,
    /// CPU seconds over a worker's life (one report).
    pub cpu_secs: u64,
}

impl CleanerOptions {
    /// Defaults for files of at most `max_file` bytes: memory for six copies and 64 MiB
    /// besides (a PDF or office parser holds the file, its parsed form and the output).
    pub fn new(max_file: u64) -> Self {
        Self {
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("filimbi")),
            timeout: Duration::from_secs(30),
            cpu_per_file: CPU_PER_FILE,
            memory: max_file.saturating_mul(6).saturating_add(64 << 20),
            cpu_secs: 300,
        }
    }
}

/// How the server starts workers; each [`Session`] has its own.
#[derive(Debug, Clone)]
pub struct Cleaners {
    opts: CleanerOptions,
    max_file: u64,
}

/// Why a file came back without an answer.
enum Failed {
    TimedOut,
    Crashed,
}

impl Cleaners {
    /// Workers for files of at most `max_file` bytes.
    pub fn new(opts: CleanerOptions, max_file: u64) -> Self {
        Self { opts, max_file }
    }

    /// The cleaning of one report's (or one answer's) files: one worker, started at the first
    /// file that needs it, ended when the session is dropped.
    pub fn session(&self) -> Session {
        Session {
            cleaners: self.clone(),
            worker: None,
        }
    }

    /// Cleans one file in a worker of its own, on the calling thread (a blocking one). Never
    /// fails: a file that cannot be cleaned comes back as sent, with the reason.
    pub fn clean(&self, bytes: Vec<u8>) -> Scrubbed {
        self.session().clean(bytes)
    }

    /// What the sandbox enforces, from a worker started for the purpose.
    pub fn enforced(&self) -> std::io::Result<sandbox::Enforced> {
        Worker::start(&self.opts, self.max_file).map(|w| w.enforced)
    }

    /// Says once, at the server's start, what this kernel lets the workers' sandbox enforce
    /// (each part is best effort; `filimbi doctor` says what to do about a missing one).
    /// Starts a worker: call it from a blocking context.
    pub fn log_sandbox(&self) {
        match self.enforced() {
            Ok(e) => tracing::info!(
                landlock_files = e.landlock,
                landlock_network = e.landlock_net,
                landlock_signals = e.landlock_scope,
                seccomp = e.seccomp,
                no_core_dumps = e.no_core_dumps,
                "file cleaners' sandbox (Landlock network rules need Linux 6.7 or later, signal scoping 6.12)"
            ),
            Err(e) => tracing::error!(
                error = %e,
                "a file-cleaning worker could not start; attachments will be stored as sent, marked"
            ),
        }
    }
}

/// One report's worker. Dropping the session ends the worker and its process group (a
/// blocking wait of a moment: drop it on a blocking thread).
pub struct Session {
    cleaners: Cleaners,
    worker: Option<Worker>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("worker", &self.worker.as_ref().map(|w| w.pid))
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Cleans one file of the report, on the calling thread (a blocking one). Never fails: a
    /// file that cannot be cleaned comes back as sent, with the reason. A worker that failed
    /// or timed out is ended, and the report's next file gets a new one.
    pub fn clean(&mut self, bytes: Vec<u8>) -> Scrubbed {
        let kind = Kind::detect(&bytes[..bytes.len().min(8192)]);
        if !kind.is_scrubbable() {
            return scrub::unchanged(bytes, kind, Reason::UnknownType);
        }
        let opts = &self.cleaners.opts;
        let worker = match self.worker.take() {
            Some(w) => Ok(w),
            None => Worker::start(opts, self.cleaners.max_file),
        };
        let mut worker = match worker {
            Ok(w) => w,
            Err(e) => {
                tracing::error!(error = %e, "a file-cleaning worker could not start; the file is stored as sent");
                return scrub::unchanged(bytes, kind, Reason::CleanerFailed);
            }
        };
        match worker.clean(
            &bytes,
            opts.timeout,
            cpu_budget(opts.cpu_per_file, bytes.len()),
            self.cleaners.max_file.saturating_mul(4),
        ) {
            Ok(wire::Reply::Cleaned(clean, subtype)) => {
                // The preview follows under a budget of its own: one that overruns it ends
                // the worker (the report's next file gets a new one), never this file's
                // cleaning.
                let cpu = cpu_budget(opts.cpu_per_file, bytes.len());
                let preview = match worker.preview(opts.timeout, cpu) {
                    Ok(preview) => {
                        self.worker = Some(worker);
                        preview
                    }
                    Err(_) => None,
                };
                Scrubbed {
                    bytes: clean,
                    kind,
                    outcome: Outcome::Cleaned,
                    subtype,
                    preview,
                }
            }
            Ok(wire::Reply::Kept(reason)) => {
                self.worker = Some(worker);
                scrub::unchanged(bytes, kind, reason)
            }
            Err(Failed::TimedOut) => scrub::unchanged(bytes, kind, Reason::CleanerTimedOut),
            Err(Failed::Crashed) => scrub::unchanged(bytes, kind, Reason::CleanerFailed),
        }
    }
}

/// One running worker. Dropping it ends the process.
struct Worker {
    child: Arc<Mutex<Child>>,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// Its process id, which is also its process group's.
    pid: u32,
    enforced: sandbox::Enforced,
}

impl Worker {
    fn start(opts: &CleanerOptions, max_file: u64) -> std::io::Result<Self> {
        let mut command = Command::new(&opts.program);
        command
            .arg("clean-worker")
            .arg(format!("--memory={}", opts.memory))
            .arg(format!("--cpu-secs={}", opts.cpu_secs))
            .arg(format!("--max-file={max_file}"))
            // Nothing of the server's environment (a database URL may be in it).
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        own_process_group(&mut command);
        let mut child = command.spawn()?;
        let pid = child.id();
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("worker pipes missing"));
        };
        widen_pipe(&stdin);
        widen_pipe(&stdout);
        let mut worker = Self {
            child: Arc::new(Mutex::new(child)),
            stdin,
            stdout: BufReader::new(stdout),
            pid,
            enforced: sandbox::Enforced::default(),
        };
        let hello = worker.watched(opts.timeout, None, |w| {
            let mut hello = [0u8; 8];
            let mut enforced = [0u8; 5];
            w.stdout.read_exact(&mut hello)?;
            w.stdout.read_exact(&mut enforced)?;
            Ok((hello, enforced))
        });
        match hello {
            Ok((h, enforced)) if h == *wire::HELLO => {
                worker.enforced = sandbox::Enforced::from_bytes(enforced);
                Ok(worker)
            }
            _ => Err(std::io::Error::other(format!(
                "{} clean-worker did not answer as a worker",
                opts.program.display()
            ))),
        }
    }

    fn clean(
        &mut self,
        file: &[u8],
        timeout: Duration,
        cpu: Duration,
        max: u64,
    ) -> Result<wire::Reply, Failed> {
        self.watched(timeout, Some(cpu), |w| {
            wire::write_request(&mut w.stdin, file)?;
            wire::read_reply(&mut w.stdout, max)
        })
    }

    /// Reads the preview the worker draws after a cleaned file.
    fn preview(&mut self, timeout: Duration, cpu: Duration) -> Result<Option<Vec<u8>>, Failed> {
        self.watched(timeout, Some(cpu), |w| wire::read_preview(&mut w.stdout))
    }

    /// Runs `f` on the worker's pipes; past `timeout`, or once the worker has spent `cpu`
    /// of CPU time since `f` began, the worker's process group is killed, which ends `f`
    /// with a broken pipe.
    fn watched<T>(
        &mut self,
        timeout: Duration,
        cpu: Option<Duration>,
        f: impl FnOnce(&mut Self) -> std::io::Result<T>,
    ) -> Result<T, Failed> {
        let (done, wait) = mpsc::channel::<()>();
        let child = Arc::clone(&self.child);
        let fired = Arc::new(AtomicBool::new(false));
        let fired_in = Arc::clone(&fired);
        let pid = self.pid;
        let cpu_start = cpu.and_then(|_| cpu_time(pid));
        let watchdog = std::thread::spawn(move || {
            let started = Instant::now();
            loop {
                let left = timeout.saturating_sub(started.elapsed());
                let tick = match cpu_start {
                    Some(_) => left.min(CPU_POLL),
                    None => left,
                };
                match wait.recv_timeout(tick) {
                    Err(RecvTimeoutError::Timeout) => {}
                    // Done, or the caller is gone.
                    _ => return,
                }
                let over_cpu = match (cpu, cpu_start, cpu_time(pid)) {
                    (Some(budget), Some(start), Some(now)) => now.saturating_sub(start) >= budget,
                    _ => false,
                };
                if over_cpu || started.elapsed() >= timeout {
                    fired_in.store(true, Ordering::SeqCst);
                    if let Ok(mut c) = child.lock() {
                        kill_group(&mut c);
                    }
                    return;
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

/// The CPU time (user and system, all threads) process `pid` has used, from
/// `/proc/PID/stat`; `None` where there is no such file.
#[cfg(target_os = "linux")]
fn cpu_time(pid: u32) -> Option<Duration> {
    /// `/proc` counts in `USER_HZ`, 100 on every architecture Filimbi runs on.
    const USER_HZ: u64 = 100;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name (in parentheses, which may hold anything): state is the first
    // field, utime the 12th and stime the 13th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    let ticks = utime.saturating_add(stime);
    Some(Duration::from_millis(ticks.saturating_mul(1000 / USER_HZ)))
}

#[cfg(not(target_os = "linux"))]
fn cpu_time(_pid: u32) -> Option<Duration> {
    None
}

/// Pipes of 1 MiB instead of 64 KiB: a photo crosses in a few writes instead of dozens of
/// turns between the two processes. Best effort: the kernel may refuse (`pipe-max-size`).
#[cfg(target_os = "linux")]
fn widen_pipe(pipe: &impl std::os::fd::AsFd) {
    let _ = nix::fcntl::fcntl(pipe, nix::fcntl::FcntlArg::F_SETPIPE_SZ(1 << 20));
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe<T>(_: &T) {}

/// The worker leads a process group of its own, so that whatever it may have started (its
/// sandbox refuses new processes where the kernel has seccomp; elsewhere only `RLIMIT_NPROC`
/// bounds them) ends with it, and a signal for the server's group does not reach it.
#[cfg(unix)]
fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_: &mut Command) {}

/// Kills the worker's whole process group, then the worker itself (should the group be gone).
/// Called before the worker is reaped, so its group id cannot yet name another group.
#[cfg(target_os = "linux")]
fn kill_group(child: &mut Child) {
    use nix::sys::signal::{Signal, killpg};
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = killpg(nix::unistd::Pid::from_raw(pid), Signal::SIGKILL);
    }
    let _ = child.kill();
}

#[cfg(not(target_os = "linux"))]
fn kill_group(child: &mut Child) {
    let _ = child.kill();
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Ok(mut c) = self.child.lock() {
            kill_group(&mut c);
            let _ = c.wait();
        }
    }
}
