//! The cleaning worker's sandbox as an exploited parser would meet it (`src/cleaner/sandbox.rs`):
//! each way out it would try is refused, a worker serves one report and ends with its whole
//! process group, and neither the server nor a worker can leave a core file.
//!
//! The stand-in worker is this test binary run again as a child: it calls the library's own
//! `sandbox::enter`, then makes the raw system calls (`tests/raw-syscalls`, a tiny crate outside
//! Filimbi's `forbid(unsafe_code)`) and prints what the kernel answered, for the parent to check.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::hostile_files::script;

/// Set in the child that plays the exploited worker.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
const STAND_IN: &str = "FILIMBI_SANDBOX_STAND_IN";

/// The kernel's release as (major, minor).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn kernel() -> (u32, u32) {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").expect("osrelease");
    let mut parts = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// In the child: enter the sandbox, try each way out, print `probe NAME ANSWER` lines.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn stand_in() {
    use filimbi_raw_syscalls as raw;
    let parent = i32::try_from(std::os::unix::process::parent_id()).expect("pid");
    let own = i32::try_from(std::process::id()).expect("pid");
    let enforced = filimbi::cleaner::sandbox::enter(256 << 20, 60).expect("sandbox");
    let show = |r: raw::Answer| match r {
        Ok(v) => format!("ok:{v}"),
        Err(e) => format!("errno:{e}"),
    };
    let thread = std::thread::Builder::new()
        .spawn(|| 7)
        .map(|h| h.join().unwrap_or(0));
    let lines = [
        ("enforced", format!("{enforced:?}").replace(' ', "")),
        ("fork", show(raw::fork())),
        ("clone3", show(raw::clone3_fork())),
        (
            "thread",
            match thread {
                Ok(v) => format!("ok:{v}"),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
        (
            "spawn",
            match std::process::Command::new("/bin/true").spawn() {
                Ok(mut c) => format!("ok:{:?}", c.wait().ok()),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
        ("kill-parent", show(raw::kill(parent, 0))),
        ("tgkill-parent", show(raw::tgkill(parent, parent, 0))),
        ("tgkill-self", show(raw::tgkill(own, own, 0))),
        (
            "rt_sigqueueinfo-parent",
            show(raw::rt_sigqueueinfo(parent, 0)),
        ),
        ("pidfd_send_signal", show(raw::pidfd_send_signal(0, 0))),
        ("prlimit64-parent", show(raw::prlimit_core(parent))),
        (
            "prlimit64-own-read",
            match rlimit::getrlimit(rlimit::Resource::NOFILE) {
                Ok((soft, hard)) => format!("ok:{soft}/{hard}"),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
        (
            "nproc",
            match rlimit::getrlimit(rlimit::Resource::NPROC) {
                Ok((soft, hard)) => format!("ok:{soft}/{hard}"),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
        (
            "setrlimit-core-up",
            match rlimit::setrlimit(rlimit::Resource::CORE, 1 << 20, 1 << 20) {
                Ok(()) => "ok:0".to_owned(),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
        ("io_uring_setup", show(raw::io_uring_setup())),
        ("x32-getpid", show(raw::x32_getpid())),
        ("socket", show(raw::tcp_socket())),
        ("connect", show(raw::connect_loopback(0, 9))),
        (
            "dumpable",
            format!("{:?}", nix::sys::prctl::get_dumpable().ok()),
        ),
        (
            "open",
            match std::fs::read("/proc/self/status") {
                Ok(_) => "ok:0".to_owned(),
                Err(e) => format!("errno:{}", e.raw_os_error().unwrap_or(0)),
            },
        ),
    ];
    // The harness has written "test NAME ... " without a line end.
    println!();
    for (name, answer) in lines {
        println!("probe {name} {answer}");
    }
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn an_exploited_worker_is_refused_each_way_out_but_may_start_a_thread() {
    if std::env::var_os(STAND_IN).is_some() {
        stand_in();
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "sandbox::an_exploited_worker_is_refused_each_way_out_but_may_start_a_thread",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(STAND_IN, "1")
        .output()
        .expect("run the stand-in");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stand-in: {stdout}");
    let answers: std::collections::HashMap<&str, &str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("probe "))
        .filter_map(|l| l.split_once(' '))
        .collect();
    println!("{answers:#?}");
    let eperm = format!("errno:{}", libc::EPERM);
    let enosys = format!("errno:{}", libc::ENOSYS);
    // Refused by the filter itself: EPERM, not the error the call would meet without it
    // (EMFILE for a ring or socket past RLIMIT_NOFILE, EBADF for a non-pidfd, ENOSYS for x32
    // on a kernel without it) and not success.
    for call in [
        "fork",
        "kill-parent",
        "tgkill-parent",
        "rt_sigqueueinfo-parent",
        "pidfd_send_signal",
        "prlimit64-parent",
        "setrlimit-core-up",
        "io_uring_setup",
        "x32-getpid",
        "socket",
        "connect",
        "open",
    ] {
        assert_eq!(answers.get(call), Some(&eperm.as_str()), "{call}");
    }
    // clone3 says "no such call", so the C library falls back to clone for threads...
    assert_eq!(answers.get("clone3"), Some(&enosys.as_str()));
    // ...and threads still start (glibc's pthread_create went clone3 → ENOSYS → clone).
    assert_eq!(answers.get("thread"), Some(&"ok:7"));
    // A new program cannot start (posix_spawn's clone has no CLONE_THREAD).
    assert!(
        answers
            .get("spawn")
            .is_some_and(|a| a.starts_with("errno:")),
        "{:?}",
        answers.get("spawn")
    );
    // Its own signals (abort) and limits (read) still work.
    assert_eq!(answers.get("tgkill-self"), Some(&"ok:0"));
    assert_eq!(answers.get("prlimit64-own-read"), Some(&"ok:3/3"));
    assert_eq!(answers.get("dumpable"), Some(&"Some(false)"));
    // RLIMIT_NPROC: the machine's tasks at the worker's start plus the spare ones (so its
    // threads never depend on how many the server has), not the usual unlimited.
    let machine_tasks: u64 = std::fs::read_to_string("/proc/loadavg")
        .expect("loadavg")
        .split_whitespace()
        .nth(3)
        .and_then(|f| f.split_once('/'))
        .and_then(|(_, total)| total.parse().ok())
        .expect("task count");
    let spare = filimbi::cleaner::sandbox::SPARE_TASKS;
    let nproc = answers.get("nproc").copied().unwrap_or_default();
    let (soft, hard) = nproc
        .strip_prefix("ok:")
        .and_then(|v| v.split_once('/'))
        .and_then(|(s, h)| Some((s.parse::<u64>().ok()?, h.parse::<u64>().ok()?)))
        .unwrap_or_else(|| panic!("{nproc}"));
    assert_eq!(soft, hard);
    assert!(
        soft > spare && soft <= machine_tasks + spare + 1000,
        "RLIMIT_NPROC {soft} for {machine_tasks} tasks on the machine"
    );

    let enforced = answers.get("enforced").copied().unwrap_or_default();
    assert!(enforced.contains("landlock:true"), "{enforced}");
    assert!(enforced.contains("seccomp:true"), "{enforced}");
    assert!(enforced.contains("no_core_dumps:true"), "{enforced}");
    // Landlock's network rules came with Linux 6.7, its signal scoping with 6.12: where the
    // kernel has them they must be on.
    let k = kernel();
    if k >= (6, 7) {
        assert!(enforced.contains("landlock_net:true"), "{k:?} {enforced}");
    }
    if k >= (6, 12) {
        assert!(enforced.contains("landlock_scope:true"), "{k:?} {enforced}");
    }
}

/// Whether a process is gone (or a zombie: killed, waiting for its reaper).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn wait_gone(pid: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if gone(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_worker_serves_one_report_and_is_gone_before_the_next() {
    let photo = crate::fixtures::jpeg_with_metadata();
    let programs = tempfile::tempdir().expect("tempdir");
    let starts = programs.path().join("starts");
    // The real worker, behind a script that notes each start (exec keeps the pid).
    let program = script(
        programs.path(),
        "worker",
        &format!(
            "echo $$ >> '{}'\nexec '{}' \"$@\"",
            starts.display(),
            env!("CARGO_BIN_EXE_filimbi")
        ),
    );
    let app = TestApp::with_options(|o| o.cleaner.program = program.clone()).await;

    let first = app
        .submit_files(
            "fake-certificate",
            &[("description", "two photos of the certificate")],
            &[("front.jpg", &photo), ("back.jpg", &photo)],
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let after_first = lines(&starts);
    assert_eq!(
        after_first.len(),
        1,
        "one worker for the report's two files"
    );
    assert!(
        wait_gone(&after_first[0]),
        "the worker ended with its report"
    );

    let second = app
        .submit_files(
            "fake-certificate",
            &[("description", "another person, another photo")],
            &[("photo.jpg", &photo)],
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    let after_second = lines(&starts);
    assert_eq!(after_second.len(), 2, "a new worker for the next report");
    assert_ne!(after_second[0], after_second[1]);
    assert!(wait_gone(&after_second[1]));

    // Both reports' photos were cleaned by those workers.
    let export = app.export().await;
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export.join("manifest.json")).expect("manifest"))
            .expect("manifest json");
    let mut cleaned = 0;
    for case in manifest["cases"].as_array().expect("cases") {
        let report = case["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter_map(|f| f.as_str())
            .find(|f| f.ends_with("/report.age"))
            .expect("report.age listed");
        let plain = stock_age_decrypt(&app.identities[0], &export.join(report));
        let doc: serde_json::Value = serde_json::from_slice(&plain).expect("report JSON");
        for file in doc["attachments"].as_array().expect("attachments") {
            assert_eq!(file["metadata_removed"], true, "{file}");
            cleaned += 1;
        }
    }
    assert_eq!(cleaned, 3);
}

#[tokio::test]
async fn a_worker_stopped_at_its_time_limit_takes_its_process_group_with_it() {
    let photo = crate::fixtures::jpeg_with_metadata();
    let programs = tempfile::tempdir().expect("tempdir");
    let grandchild = programs.path().join("grandchild");
    // A worker that (as an exploit could where seccomp is missing) started a process of its
    // own, then hangs.
    let program = script(
        programs.path(),
        "forks",
        &format!(
            "sleep 300 </dev/null >/dev/null 2>&1 &\necho $! > '{}'\nprintf 'filimbi3\\000\\000\\000\\000\\000'\nexec sleep 30",
            grandchild.display()
        ),
    );
    let app = TestApp::with_options(|o| {
        o.cleaner.program = program.clone();
        o.cleaner.timeout = Duration::from_secs(2);
    })
    .await;
    let reply = app
        .submit_files(
            "fake-certificate",
            &[("description", "the certificate, photographed")],
            &[("photo.jpg", &photo)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let pid = lines(&grandchild)
        .pop()
        .expect("the worker started a process");
    assert!(
        wait_gone(&pid),
        "the process the worker started was killed with it"
    );
}

/// The server's own limits as `/proc` shows them to anyone.
fn core_limit(pid: u32) -> String {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[tokio::test]
async fn the_server_leaves_no_core_file_and_says_what_the_sandbox_enforces() {
    let (dir, server, _addr) = crate::slowloris::start_open_server(&[]).await;
    let pid = server.0.id();
    assert_eq!(core_limit(pid), "Max core file size 0 0 bytes");
    // Not dumpable: the kernel hands its /proc entries to root (visible when the test is not
    // root itself; as root, the limit above is what shows).
    use std::os::unix::fs::MetadataExt;
    let owner = std::fs::metadata(format!("/proc/{pid}/environ"))
        .expect("proc")
        .uid();
    assert_eq!(owner, 0, "the server's /proc entries belong to root");
    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("log");
    // Without its colours (escape sequences up to their `m`).
    let log = log
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| match i {
            0 => part,
            _ => part.split_once('m').map_or(part, |(_, rest)| rest),
        })
        .collect::<String>();
    let line = log
        .lines()
        .find(|l| l.contains("file cleaners' sandbox"))
        .unwrap_or_else(|| panic!("a start line about the sandbox: {log}"));
    assert!(line.contains("seccomp=true"), "{line}");
    assert!(line.contains("landlock_files=true"), "{line}");
    assert_eq!(
        log.matches("file cleaners' sandbox").count(),
        1,
        "said once"
    );
}
