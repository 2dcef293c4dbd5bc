//! What a cleaning worker gives up before it reads a byte of a file.
//!
//! Enforced everywhere (POSIX resource limits, inherited by nothing since the worker starts
//! nothing):
//! - `RLIMIT_AS`: address space, so a decompression bomb ends the worker, not the server;
//! - `RLIMIT_CPU`: CPU seconds over the worker's life (the server also kills a worker that takes
//!   longer than its per-file timeout, and retires workers after a number of files);
//! - `RLIMIT_FSIZE` 0: no file can be written; `RLIMIT_NOFILE` 3: no file or socket can be
//!   opened beyond the pipe it was given; `RLIMIT_CORE` 0: a crash leaves no core file with a
//!   whistle-blower's photo in it.
//!
//! On Linux, where the kernel offers them (each is reported, never required):
//! - Landlock: no access to any file or directory, read or write;
//! - seccomp: the system calls a parser never needs (opening files, sockets, starting
//!   programs or processes, tracing, mounting, signalling others) fail with `EPERM`.

use std::io;

use rlimit::Resource;

/// What the sandbox enforced in a worker, as the worker reports it at start (tests assert it;
/// `filimbi doctor`, issue 15, is to show it to operators).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Enforced {
    /// Landlock filesystem rules are in force.
    pub landlock: bool,
    /// The seccomp filter is in force.
    pub seccomp: bool,
}

/// Enters the sandbox: `memory` bytes of address space beyond what the worker maps already,
/// `cpu_secs` seconds of CPU. The order matters: the address space is read from `/proc`
/// before files are shut off, and the Landlock ruleset needs one descriptor before the
/// descriptor limit allows none.
pub fn enter(memory: u64, cpu_secs: u64) -> io::Result<Enforced> {
    let cap = address_space_in_use().unwrap_or(0).saturating_add(memory);
    let landlock = landlock_no_files();
    rlimit::setrlimit(Resource::AS, cap, cap)?;
    rlimit::setrlimit(Resource::CPU, cpu_secs, cpu_secs.saturating_add(1))?;
    rlimit::setrlimit(Resource::FSIZE, 0, 0)?;
    rlimit::setrlimit(Resource::CORE, 0, 0)?;
    rlimit::setrlimit(Resource::NOFILE, 3, 3)?;
    Ok(Enforced {
        landlock,
        seccomp: seccomp_deny(),
    })
}

/// The address space mapped now (`VmSize`), so the limit is counted from here: a debug build
/// maps far more of itself than a release build.
fn address_space_in_use() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmSize:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(not(target_os = "linux"))]
fn landlock_no_files() -> bool {
    false
}

#[cfg(not(target_os = "linux"))]
fn seccomp_deny() -> bool {
    false
}

#[cfg(target_os = "linux")]
fn landlock_no_files() -> bool {
    use landlock::{ABI, Access, AccessFs, Ruleset, RulesetAttr, RulesetStatus};
    let abi = ABI::V5;
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))
        .and_then(|r| r.create())
        .and_then(|r| r.restrict_self());
    matches!(
        status.map(|s| s.ruleset),
        Ok(RulesetStatus::FullyEnforced | RulesetStatus::PartiallyEnforced)
    )
}

#[cfg(target_os = "linux")]
fn seccomp_deny() -> bool {
    use seccompiler::{BpfProgram, SeccompAction, SeccompFilter, TargetArch};
    let Ok(arch) = TargetArch::try_from(std::env::consts::ARCH) else {
        return false;
    };
    let denied = DENIED
        .iter()
        .chain(DENIED_LEGACY)
        .map(|&call| (call, Vec::new()))
        .collect();
    // EPERM for a denied call; everything else allowed.
    let program = SeccompFilter::new(denied, SeccompAction::Allow, SeccompAction::Errno(1), arch)
        .and_then(BpfProgram::try_from);
    program.is_ok_and(|p| seccompiler::apply_filter(&p).is_ok())
}

/// System calls a cleaner has no use for. A deny-list rather than an allow-list: the
/// parsers are third-party code whose needs (allocation, time, randomness) change between
/// versions, and a worker killed for a harmless call would leave every file uncleaned.
#[cfg(target_os = "linux")]
const DENIED: &[i64] = &[
    libc::SYS_openat,
    libc::SYS_openat2,
    libc::SYS_open_by_handle_at,
    libc::SYS_socket,
    libc::SYS_socketpair,
    libc::SYS_connect,
    libc::SYS_bind,
    libc::SYS_listen,
    libc::SYS_accept,
    libc::SYS_accept4,
    libc::SYS_execve,
    libc::SYS_execveat,
    libc::SYS_clone3,
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_kill,
    libc::SYS_tkill,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_chroot,
    libc::SYS_pivot_root,
    libc::SYS_unlinkat,
    libc::SYS_renameat,
    libc::SYS_renameat2,
    libc::SYS_mkdirat,
    libc::SYS_linkat,
    libc::SYS_symlinkat,
    libc::SYS_fchmodat,
    libc::SYS_fchownat,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_unshare,
    libc::SYS_setns,
];

/// The older calls that only some architectures have.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
const DENIED_LEGACY: &[i64] = &[
    libc::SYS_open,
    libc::SYS_creat,
    libc::SYS_fork,
    libc::SYS_vfork,
    libc::SYS_unlink,
    libc::SYS_rename,
    libc::SYS_mkdir,
    libc::SYS_link,
    libc::SYS_symlink,
    libc::SYS_chmod,
    libc::SYS_chown,
];

#[cfg(all(target_os = "linux", not(target_arch = "x86_64")))]
const DENIED_LEGACY: &[i64] = &[];
