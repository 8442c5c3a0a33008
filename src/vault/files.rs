//! Durable, atomic replacement of the small files beside the database (keyslots, attempts, checkpoint).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::Result;

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Readable by the staff group that shares the workstation, never by everyone.
            options.mode(0o660);
        }
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Makes renames in `dir` durable (best effort: not every file system can sync a directory).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Renames `pending` over `target` if it exists (the second half of write-new, commit, rename).
pub fn promote(pending: &Path, target: &Path) -> Result<()> {
    if pending.exists() {
        fs::rename(pending, target)?;
        if let Some(dir) = target.parent() {
            sync_dir(dir);
        }
    }
    Ok(())
}

/// Creates a new file readable by its owner only; an existing file is never replaced.
pub fn create_private(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    Ok(options.open(path)?)
}
