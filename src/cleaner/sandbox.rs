//! What a cleaning worker gives up before it reads a byte of a file.
//!
//! Enforced everywhere (POSIX resource limits; the worker starts nothing that could inherit
//! them):
//! - `RLIMIT_AS`: address space, so a decompression bomb ends the worker, not the server;
//! - `RLIMIT_CPU`: CPU seconds over the worker's life (the server also kills a worker that takes
//!   longer than its per-file timeout, and a worker serves one report only);
//! - `RLIMIT_FSIZE` 0: no file can be written; `RLIMIT_NOFILE` 3: no file or socket can be
//!   opened beyond the pipe it was given; `RLIMIT_CORE` 0 (and, on Linux, not dumpable): a
//!   crash leaves no core file with a whistle-blower's photo in it;
//! - `RLIMIT_NPROC`: a bound on the tasks a worker can start (`tasks_limit` says which and
//!   why it is not 0).
//!
//! On Linux, where the kernel offers them (each is reported, never required):
//! - Landlock: no access to any file or directory, read or write; from ABI 4 (Linux 6.7) no TCP
//!   bind or connect; from ABI 6 (Linux 6.12) no signal to, and no abstract Unix socket of, a
//!   process outside the worker;
//! - seccomp: the system calls a parser never needs fail (see `DENIED` and the rules beside
//!   it); `clone3` fails with `ENOSYS` so that the C library falls back to `clone`, which
//!   may start threads but nothing else; every call through the x32 numbering fails.

use std::io;

use rlimit::Resource;

/// What the sandbox enforced in a worker, as the worker reports it at start (tests assert it;
/// `filimbi doctor` and the server's start log show it to operators).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Enforced {
    /// Landlock filesystem rules are in force.
    pub landlock: bool,
    /// Landlock network rules (no TCP bind or connect) are in force: kernel ABI 4 or later.
    pub landlock_net: bool,
    /// Landlock scoping (no signal or abstract Unix socket outside the worker): ABI 6 or later.
    pub landlock_scope: bool,
    /// The seccomp filters are in force.
    pub seccomp: bool,
    /// The worker cannot dump core: `RLIMIT_CORE` 0 and, on Linux, `PR_SET_DUMPABLE` 0.
    pub no_core_dumps: bool,
}

impl Enforced {
    /// The flags as the worker sends them after its hello, one byte each.
    pub fn to_bytes(self) -> [u8; 5] {
        [
            self.landlock,
            self.landlock_net,
            self.landlock_scope,
            self.seccomp,
            self.no_core_dumps,
        ]
        .map(u8::from)
    }

    /// The flags as the server reads them.
    pub fn from_bytes(b: [u8; 5]) -> Self {
        Self {
            landlock: b[0] == 1,
            landlock_net: b[1] == 1,
            landlock_scope: b[2] == 1,
            seccomp: b[3] == 1,
            no_core_dumps: b[4] == 1,
        }
    }
}

/// Enters the sandbox: `memory` bytes of address space beyond what the worker maps already,
/// `cpu_secs` seconds of CPU. The order matters: the address space and the task count are read
/// from `/proc` before files are shut off, and the Landlock ruleset needs one descriptor before
/// the descriptor limit allows none. Applies to the calling thread (and the process's limits):
/// call it before any other thread exists.
pub fn enter(memory: u64, cpu_secs: u64) -> io::Result<Enforced> {
    let cap = address_space_in_use().unwrap_or(0).saturating_add(memory);
    let tasks = tasks_limit();
    let no_core_dumps = no_core_dumps();
    let landlock = landlock_deny();
    rlimit::setrlimit(Resource::AS, cap, cap)?;
    rlimit::setrlimit(Resource::CPU, cpu_secs, cpu_secs.saturating_add(1))?;
    rlimit::setrlimit(Resource::FSIZE, 0, 0)?;
    rlimit::setrlimit(Resource::NOFILE, 3, 3)?;
    if let Some(tasks) = tasks {
        rlimit::setrlimit(Resource::NPROC, tasks, tasks)?;
    }
    Ok(Enforced {
        landlock: landlock.files,
        landlock_net: landlock.net,
        landlock_scope: landlock.scope,
        seccomp: seccomp_deny(),
        no_core_dumps,
    })
}

/// No core file for this process, ever: `RLIMIT_CORE` 0 (soft and hard) and, on Linux,
/// `PR_SET_DUMPABLE` 0, which also keeps processes of the same user (a worker, if its sandbox
/// ever failed) from tracing it or reading its memory and environment through `/proc`. The
/// server calls it at start, each worker in [`enter`]. Returns whether both held.
pub fn no_core_dumps() -> bool {
    let core = rlimit::setrlimit(Resource::CORE, 0, 0).is_ok();
    core && not_dumpable()
}

#[cfg(target_os = "linux")]
fn not_dumpable() -> bool {
    nix::sys::prctl::set_dumpable(false).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn not_dumpable() -> bool {
    true
}

/// The address space mapped now (`VmSize`), so the limit is counted from here: a debug build
/// maps far more of itself than a release build.
fn address_space_in_use() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmSize:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Tasks a worker may start beyond those that exist when it starts.
pub const SPARE_TASKS: u64 = 64;

/// The `RLIMIT_NPROC` of a worker: every task on the machine now, plus [`SPARE_TASKS`].
///
/// `RLIMIT_NPROC` counts the tasks (threads included) of the worker's *real user*, which is the
/// server's: a small value such as 0 or 1 would make the worker's thread creation depend on how
/// many threads the server has at that moment (dozens at rest, hundreds under load with the
/// blocking pool). The whole machine's count (from `/proc/loadavg`, one read) is at least the
/// user's, so the worker can always start its few threads, while a thread or fork bomb stops
/// after [`SPARE_TASKS`] more tasks than the machine had. Forks are refused by seccomp anyway;
/// the limit is what holds where seccomp is not. The kernel does not apply it to root.
fn tasks_limit() -> Option<u64> {
    let loadavg = std::fs::read_to_string("/proc/loadavg").ok()?;
    let total: u64 = loadavg
        .split_whitespace()
        .nth(3)?
        .split('/')
        .nth(1)?
        .parse()
        .ok()?;
    Some(total.saturating_add(SPARE_TASKS))
}

struct Landlocked {
    files: bool,
    net: bool,
    scope: bool,
}

#[cfg(not(target_os = "linux"))]
fn landlock_deny() -> Landlocked {
    Landlocked {
        files: false,
        net: false,
        scope: false,
    }
}

#[cfg(not(target_os = "linux"))]
fn seccomp_deny() -> bool {
    false
}

/// One ruleset that handles every file, network and scope right the crate knows (ABI 6) and
/// grants none; older kernels enforce the part they know (best effort), and the kernel's ABI
/// says which part that is.
#[cfg(target_os = "linux")]
fn landlock_deny() -> Landlocked {
    use landlock::{
        ABI, Access, AccessFs, AccessNet, LandlockStatus, Ruleset, RulesetAttr, RulesetStatus,
        Scope,
    };
    let abi = ABI::V6;
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))
        .and_then(|r| r.handle_access(AccessNet::from_all(abi)))
        .and_then(|r| r.scope(Scope::from_all(abi)))
        .and_then(|r| r.create())
        .and_then(|r| r.restrict_self());
    let Ok(status) = status else {
        return Landlocked {
            files: false,
            net: false,
            scope: false,
        };
    };
    let files = matches!(
        status.ruleset,
        RulesetStatus::FullyEnforced | RulesetStatus::PartiallyEnforced
    );
    let kernel = match status.landlock {
        LandlockStatus::Available { effective_abi, .. } => effective_abi,
        _ => ABI::Unsupported,
    };
    Landlocked {
        files,
        net: files && kernel >= ABI::V4,
        scope: files && kernel >= ABI::V6,
    }
}

/// Three filters, all on the calling thread (threads it starts inherit them):
/// - the deny-list, `EPERM`, with argument rules for `clone`, `tgkill`, `prlimit64` and
///   `prctl`;
/// - `clone3` answers `ENOSYS`, the one error on which glibc falls back to `clone` (which the
///   first filter checks: a thread yes, a process no); `EPERM` would end thread creation;
/// - on x86_64, every number with the x32 bit (`nr >= 0x4000_0000`) answers `EPERM`: the x32
///   calls share the x86_64 audit architecture, so a filter keyed on exact numbers misses them.
///   (Calls from another architecture, i386 through `int 0x80`, end the process: seccompiler
///   checks the architecture first.)
#[cfg(target_os = "linux")]
fn seccomp_deny() -> bool {
    use seccompiler::{BpfProgram, SeccompAction, SeccompFilter, TargetArch};
    let Ok(arch) = TargetArch::try_from(std::env::consts::ARCH) else {
        return false;
    };
    let Ok(denied) = denied_rules() else {
        return false;
    };
    let main = SeccompFilter::new(denied, SeccompAction::Allow, SeccompAction::Errno(1), arch)
        .and_then(BpfProgram::try_from);
    let clone3 = SeccompFilter::new(
        [(libc::SYS_clone3, Vec::new())].into_iter().collect(),
        SeccompAction::Allow,
        SeccompAction::Errno(u32::try_from(libc::ENOSYS).unwrap_or(38)),
        arch,
    )
    .and_then(BpfProgram::try_from);
    let (Ok(main), Ok(clone3)) = (main, clone3) else {
        return false;
    };
    seccompiler::apply_filter(&main).is_ok()
        && seccompiler::apply_filter(&clone3).is_ok()
        && x32_filter().is_none_or(|p| seccompiler::apply_filter(&p).is_ok())
}

/// The deny-list as seccompiler rules: each call in [`DENIED`] always, and the calls whose
/// harm depends on an argument when the argument says so.
#[cfg(target_os = "linux")]
fn denied_rules()
-> Result<std::collections::BTreeMap<i64, Vec<seccompiler::SeccompRule>>, seccompiler::BackendError>
{
    use seccompiler::{SeccompCmpArgLen as Len, SeccompCmpOp as Op, SeccompCondition, SeccompRule};
    let when = |arg: u8, len: Len, op: Op, value: u64| -> Result<SeccompRule, _> {
        SeccompRule::new(vec![SeccompCondition::new(arg, len, op, value)?])
    };
    let mut rules: std::collections::BTreeMap<i64, Vec<SeccompRule>> = DENIED
        .iter()
        .chain(DENIED_LEGACY)
        .map(|&call| (call, Vec::new()))
        .collect();

    // clone: only a thread (CLONE_THREAD set) in no new namespace. A process (fork,
    // posix_spawn) is refused. Flags are the first argument on every architecture.
    let thread = libc::CLONE_THREAD as u64;
    let mut clone = vec![when(0, Len::Qword, Op::MaskedEq(thread), 0)?];
    for ns in [
        libc::CLONE_NEWNS,
        libc::CLONE_NEWUTS,
        libc::CLONE_NEWIPC,
        libc::CLONE_NEWUSER,
        libc::CLONE_NEWPID,
        libc::CLONE_NEWNET,
        libc::CLONE_NEWCGROUP,
    ] {
        let flag = ns as u64;
        clone.push(when(0, Len::Qword, Op::MaskedEq(flag), flag)?);
    }
    rules.insert(libc::SYS_clone, clone);

    // tgkill: only to the worker itself (the C library's `abort` signals its own thread).
    let own = u64::from(std::process::id());
    rules.insert(libc::SYS_tgkill, vec![when(0, Len::Dword, Op::Ne, own)?]);
    // prlimit64: reading the worker's own limits only; never another process's, never a change
    // (as root a worker could raise its own hard limits).
    rules.insert(
        libc::SYS_prlimit64,
        vec![
            when(0, Len::Dword, Op::Ne, 0)?,
            when(2, Len::Qword, Op::Ne, 0)?,
        ],
    );
    // prctl: no way back to dumpable.
    rules.insert(
        libc::SYS_prctl,
        vec![when(0, Len::Dword, Op::Eq, libc::PR_SET_DUMPABLE as u64)?],
    );
    Ok(rules)
}

/// A filter of six instructions: on x86_64, a call numbered with the x32 bit fails with
/// `EPERM`; anything else is left to the other filters.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn x32_filter() -> Option<seccompiler::BpfProgram> {
    use seccompiler::sock_filter;
    const AUDIT_ARCH_X86_64: u32 = 62 | 0x8000_0000 | 0x4000_0000;
    const X32_SYSCALL_BIT: u32 = 0x4000_0000;
    // BPF operation codes fit in 16 bits; `libc` spells them as `u32`.
    let insn = |code: u32, jt: u8, jf: u8, k: u32| sock_filter {
        code: u16::try_from(code).unwrap_or(u16::MAX),
        jt,
        jf,
        k,
    };
    let ld = libc::BPF_LD | libc::BPF_W | libc::BPF_ABS;
    let jeq = libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K;
    let jge = libc::BPF_JMP | libc::BPF_JGE | libc::BPF_K;
    let ret = libc::BPF_RET | libc::BPF_K;
    Some(vec![
        // seccomp_data.arch
        insn(ld, 0, 0, 4),
        // not x86_64: allow (the main filter kills foreign architectures)
        insn(jeq, 0, 3, AUDIT_ARCH_X86_64),
        // seccomp_data.nr
        insn(ld, 0, 0, 0),
        insn(jge, 0, 1, X32_SYSCALL_BIT),
        insn(ret, 0, 0, libc::SECCOMP_RET_ERRNO | 1),
        insn(ret, 0, 0, libc::SECCOMP_RET_ALLOW),
    ])
}

#[cfg(all(target_os = "linux", not(target_arch = "x86_64")))]
fn x32_filter() -> Option<seccompiler::BpfProgram> {
    None
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
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    // Signals to others (the server runs as the same user): by pid, by thread, queued, by
    // pidfd; and a pidfd is not even opened (it could also take the server's descriptors).
    libc::SYS_kill,
    libc::SYS_tkill,
    libc::SYS_rt_sigqueueinfo,
    libc::SYS_rt_tgsigqueueinfo,
    libc::SYS_pidfd_open,
    libc::SYS_pidfd_send_signal,
    libc::SYS_pidfd_getfd,
    // Limits of others, or its own raised (`prlimit64` has its rules beside).
    libc::SYS_setrlimit,
    libc::SYS_process_madvise,
    libc::SYS_process_mrelease,
    // io_uring runs opens, connects and sends without passing through seccomp.
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
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
