//! Process hardening applied at start by every binary: no core dumps, so keys and revealed values never
//! land in a crash file.

/// Disables core dumps (Linux: `PR_SET_DUMPABLE` 0, which also blocks ptrace by other users' processes;
/// everywhere on Unix: `RLIMIT_CORE` 0). Returns false if the OS refused.
pub fn disable_core_dumps() -> bool {
    #[cfg(unix)]
    {
        let limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: plain syscalls with valid arguments; no memory is shared with the kernel beyond `limit`.
        let rlimit_ok = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) } == 0;
        #[cfg(target_os = "linux")]
        {
            let dumpable_ok = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0;
            rlimit_ok && dumpable_ok
        }
        #[cfg(not(target_os = "linux"))]
        {
            rlimit_ok
        }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Whether the process is currently marked non-dumpable (for `doctor` and tests).
pub fn core_dumps_disabled() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_GET_DUMPABLE takes no pointers.
        unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn disabling_core_dumps_takes_effect() {
        assert!(super::disable_core_dumps());
        assert!(super::core_dumps_disabled());
    }
}
