//! Free disk space on the vault's drive: every operation writes its log entry first, so a full disk
//! is refused with its own code and a message for the administrator instead of a stalled write.

use std::path::Path;

/// Megabytes available to this user on the file system holding `dir`; `None` when the OS does not say.
pub fn free_mb(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: `path` is NUL-terminated and outlives the call; `stat` is a plain out-parameter of
        // the right type, fully written by the call when it returns 0.
        let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
        #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
        (rc == 0)
            .then(|| (stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64) / (1024 * 1024))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_current_directory_has_some_free_space() {
        assert!(super::free_mb(std::path::Path::new(".")).is_some_and(|mb| mb > 0));
        assert_eq!(super::free_mb(std::path::Path::new("/no/such/dir")), None);
    }
}
