//! The data directory holds password hashes, protected attributes, recordings and transcripts:
//! only its owner may read it. Directories are 0700 and files 0600 when made, and an existing
//! directory is tightened to that when opened (installations from before issue 13).

use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Creates `path` and any missing parents owner-only, and makes `path` itself 0700.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)?;
    set_mode(path, DIR_MODE)
}

/// Options that create a file as 0600 (the mode applies only when the file is new).
pub fn file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options
}

/// The same for tokio's file API.
pub fn async_file_options() -> tokio::fs::OpenOptions {
    tokio::fs::OpenOptions::from(file_options())
}

/// Makes every directory under `root` (and `root`) 0700 and every file 0600; symbolic links are
/// left alone. Returns how many entries changed.
pub fn tighten(root: &Path) -> io::Result<usize> {
    let mut changed = 0;
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        changed += usize::from(ensure_mode(&dir, DIR_MODE)?);
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                dirs.push(entry.path());
            } else if kind.is_file() {
                changed += usize::from(ensure_mode(&entry.path(), FILE_MODE)?);
            }
        }
    }
    Ok(changed)
}

#[cfg(unix)]
fn ensure_mode(path: &Path, mode: u32) -> io::Result<bool> {
    let current = std::fs::symlink_metadata(path)?.permissions().mode() & 0o777;
    if current == mode {
        return Ok(false);
    }
    set_mode(path, mode)?;
    Ok(true)
}

#[cfg(not(unix))]
fn ensure_mode(_path: &Path, _mode: u32) -> io::Result<bool> {
    Ok(false)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}
