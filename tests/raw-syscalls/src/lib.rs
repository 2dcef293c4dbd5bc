//! The system calls an exploited cleaning worker would try, each as a safe function that
//! answers the kernel's result or its `errno`. Only for `tests/it/sandbox.rs`: the calls the
//! C library and `nix` do not wrap (a raw `clone`, `clone3`, `io_uring_setup`, x32 numbers)
//! need `libc::syscall`, which Filimbi's own targets may not use.
//!
//! The calls that could start a process make the child `_exit(0)` at once, so a call the
//! sandbox failed to refuse leaves nothing behind but a reaped child.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

/// What the kernel answered: the return value, or the `errno`.
pub type Answer = Result<i64, i32>;

fn answer(ret: libc::c_long) -> Answer {
    if ret < 0 {
        Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    } else {
        Ok(ret)
    }
}

/// After a fork that should not have happened: the child leaves at once, the parent reaps it.
fn reap_or_leave(ret: libc::c_long) -> Answer {
    if ret == 0 {
        // SAFETY: in the child, `_exit` is async-signal-safe and never returns.
        unsafe { libc::_exit(0) }
    }
    let result = answer(ret);
    if let Ok(pid) = result {
        let mut status = 0;
        // SAFETY: `status` is a valid, writable int.
        unsafe { libc::waitpid(pid as libc::pid_t, &mut status, 0) };
    }
    result
}

/// `clone(SIGCHLD)`: a fork, as an exploit would start one (no C library wrapper involved).
pub fn fork() -> Answer {
    // SAFETY: clone without CLONE_VM copies the address space; the child only calls `_exit`.
    let ret = unsafe { libc::syscall(libc::SYS_clone, libc::SIGCHLD as libc::c_ulong, 0, 0, 0, 0) };
    reap_or_leave(ret)
}

/// `clone3` asking for a fork.
pub fn clone3_fork() -> Answer {
    // SAFETY: an all-zero `clone_args` is valid; only plain integer fields are then set.
    let mut args: libc::clone_args = unsafe { std::mem::zeroed() };
    args.exit_signal = libc::SIGCHLD as u64;
    // SAFETY: `args` is valid for reads of its size for the duration of the call; the child
    // (no CLONE_VM, its own copy of memory) only calls `_exit`.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &mut args as *mut libc::clone_args,
            std::mem::size_of::<libc::clone_args>(),
        )
    };
    reap_or_leave(ret)
}

/// `kill(pid, sig)`.
pub fn kill(pid: i32, sig: i32) -> Answer {
    // SAFETY: integer arguments only.
    answer(unsafe { libc::syscall(libc::SYS_kill, pid, sig) })
}

/// `tgkill(tgid, tid, sig)`.
pub fn tgkill(tgid: i32, tid: i32, sig: i32) -> Answer {
    // SAFETY: integer arguments only.
    answer(unsafe { libc::syscall(libc::SYS_tgkill, tgid, tid, sig) })
}

/// `rt_sigqueueinfo(tgid, sig, info)` with a queued-signal `siginfo`.
pub fn rt_sigqueueinfo(tgid: i32, sig: i32) -> Answer {
    // SAFETY: an all-zero `siginfo_t` is valid; plain integer fields are then set.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    info.si_signo = sig;
    info.si_code = libc::SI_QUEUE;
    // SAFETY: `info` is valid for reads for the duration of the call.
    answer(unsafe {
        libc::syscall(
            libc::SYS_rt_sigqueueinfo,
            tgid,
            sig,
            &info as *const libc::siginfo_t,
        )
    })
}

/// `pidfd_send_signal(fd, sig, NULL, 0)`.
pub fn pidfd_send_signal(fd: i32, sig: i32) -> Answer {
    // SAFETY: integer arguments and a null `siginfo` pointer, which the call accepts.
    answer(unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, sig, 0usize, 0) })
}

/// `prlimit64(pid, RLIMIT_CORE, NULL, &old)`: reads another process's core-file limit (the
/// first step to changing it).
pub fn prlimit_core(pid: i32) -> Answer {
    let mut old = libc::rlimit64 {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `old` is valid for writes; the new-limit pointer is null, so nothing changes.
    answer(unsafe {
        libc::syscall(
            libc::SYS_prlimit64,
            pid,
            libc::RLIMIT_CORE,
            0usize,
            &mut old as *mut libc::rlimit64,
        )
    })
}

/// `io_uring_setup(1, &params)`: a ring, whose operations would bypass seccomp.
pub fn io_uring_setup() -> Answer {
    let mut params = [0u8; 120];
    // SAFETY: 120 zero bytes are a valid `io_uring_params`, writable for the call.
    let ret = unsafe { libc::syscall(libc::SYS_io_uring_setup, 1, params.as_mut_ptr()) };
    let result = answer(ret);
    if let Ok(fd) = result {
        // SAFETY: the descriptor was just returned to us and is closed once.
        unsafe { libc::close(fd as i32) };
    }
    result
}

/// `getpid` through the x32 numbering (`39 | 0x4000_0000`).
pub fn x32_getpid() -> Answer {
    // SAFETY: no arguments; getpid has no effect.
    answer(unsafe { libc::syscall(39 | 0x4000_0000) })
}

/// `socket(AF_INET, SOCK_STREAM, 0)`.
pub fn tcp_socket() -> Answer {
    // SAFETY: integer arguments only.
    let ret = unsafe { libc::syscall(libc::SYS_socket, libc::AF_INET, libc::SOCK_STREAM, 0) };
    let result = answer(ret);
    if let Ok(fd) = result {
        // SAFETY: the descriptor was just returned to us and is closed once.
        unsafe { libc::close(fd as i32) };
    }
    result
}

/// `connect(fd, 127.0.0.1:port)`.
pub fn connect_loopback(fd: i32, port: u16) -> Answer {
    let addr = libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from_be_bytes([127, 0, 0, 1]).to_be(),
        },
        sin_zero: [0; 8],
    };
    // SAFETY: `addr` is valid for reads of its size for the duration of the call.
    answer(unsafe {
        libc::syscall(
            libc::SYS_connect,
            fd,
            &addr as *const libc::sockaddr_in,
            std::mem::size_of::<libc::sockaddr_in>(),
        )
    })
}
