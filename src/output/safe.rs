//! Reading the output directory without leaving it: no symbolic link is followed below the output
//! directory, nothing but a regular file is opened (so a FIFO cannot block and a device cannot feed
//! endless bytes), and every read is capped.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The error (inside an [`io::Error`] of kind `InvalidInput`, reachable with `get_ref()` and
/// `downcast_ref`) when a path amlnet must read, write or remove inside the output directory is, or
/// goes through, something other than a plain directory and a regular file: a symbolic link, a FIFO,
/// a socket or a device. amlnet never follows it; the run changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafePath {
    /// The offending path (the link itself, not its target).
    pub path: PathBuf,
    /// What it is, e.g. "a symbolic link".
    pub what: &'static str,
}

impl fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {}: amlnet reads, writes and removes only regular files in plain directories inside the \
             output directory and never follows links; replace it with a directory or file, or remove it",
            self.path.display(),
            self.what
        )
    }
}

impl std::error::Error for UnsafePath {}

fn unsafe_path(path: PathBuf, what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, UnsafePath { path, what })
}

fn kind_of(file_type: fs::FileType) -> &'static str {
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a directory"
    } else if file_type.is_file() {
        "a file where a directory is needed"
    } else {
        "not a regular file (a FIFO, socket or device)"
    }
}

/// `err` with `path` in its message (std's I/O errors do not name the file).
pub(super) fn with_path(err: io::Error, path: &Path) -> io::Error {
    if err.get_ref().is_some_and(|e| e.is::<UnsafePath>()) {
        return err;
    }
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// Whether `dir/rel` is a regular file (`Some`), missing (`None`, also when a parent is missing), or
/// an error: [`UnsafePath`] when `rel`'s last component is not a regular file or one of its parent
/// components (below `dir`) is not a plain directory. `dir` itself may be a link the user chose.
pub(super) fn inspect(dir: &Path, rel: &str) -> io::Result<Option<fs::Metadata>> {
    let mut path = dir.to_owned();
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(with_path(err, &path)),
        };
        let last = parts.peek().is_none();
        match (last, meta.file_type()) {
            (false, t) if t.is_dir() => {}
            (true, t) if t.is_file() => return Ok(Some(meta)),
            (_, t) => return Err(unsafe_path(path, kind_of(t))),
        }
    }
    Ok(None)
}

/// Whether `dir/rel` is a plain directory (`true`), missing (`false`), or an [`UnsafePath`].
pub(super) fn inspect_dir(dir: &Path, rel: &str) -> io::Result<bool> {
    let mut path = dir.to_owned();
    for part in rel.split('/') {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) => return Err(unsafe_path(path, kind_of(meta.file_type()))),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(err) => return Err(with_path(err, &path)),
        }
    }
    Ok(true)
}

/// What [`read`] found.
pub(super) enum Contents {
    /// The whole file.
    Whole(Vec<u8>),
    /// The file is longer than the cap; its first `cap` bytes.
    Prefix(Vec<u8>),
}

impl Contents {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Contents::Whole(bytes) | Contents::Prefix(bytes) => bytes,
        }
    }
}

/// Reads at most `cap` bytes of the regular file `dir/rel` (`None` when it is missing), after
/// [`inspect`]. The file is opened without following a link and without blocking, and checked to be
/// a regular file again once open, so a link or FIFO swapped in meanwhile is not read either.
pub(super) fn read(dir: &Path, rel: &str, cap: usize) -> io::Result<Option<Contents>> {
    if inspect(dir, rel)?.is_none() {
        return Ok(None);
    }
    let path = dir.join(rel);
    let file = match open_no_follow(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(with_path(err, &path)),
    };
    let meta = file.metadata().map_err(|err| with_path(err, &path))?;
    if !meta.is_file() {
        return Err(unsafe_path(path, kind_of(meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(cap).min(cap).saturating_add(1));
    file.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(|err| with_path(err, &path))?;
    if bytes.len() > cap {
        bytes.truncate(cap);
        return Ok(Some(Contents::Prefix(bytes)));
    }
    Ok(Some(Contents::Whole(bytes)))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// Every regular file below `dir/top` (a plain directory, else nothing), as paths relative to `dir`,
/// skipping hidden entries (`.terraform/`) and never following a link.
pub(super) fn walk(dir: &Path, top: &str) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    if !matches!(fs::symlink_metadata(dir.join(top)), Ok(meta) if meta.is_dir()) {
        return Ok(found);
    }
    let mut stack = vec![top.to_owned()];
    while let Some(rel) = stack.pop() {
        let path = dir.join(&rel);
        for entry in fs::read_dir(&path).map_err(|err| with_path(err, &path))? {
            let entry = entry.map_err(|err| with_path(err, &path))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            if name.starts_with('.') {
                continue;
            }
            let file_type = entry.file_type().map_err(|err| with_path(err, &entry.path()))?;
            if file_type.is_dir() {
                stack.push(format!("{rel}/{name}"));
            } else if file_type.is_file() {
                found.push(format!("{rel}/{name}"));
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_and_directories_are_never_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::create_dir(dir.join("d")).unwrap();
        fs::write(dir.join("d/f"), "text").unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", dir.join("d/env")).unwrap();
        std::os::unix::fs::symlink("d", dir.join("link")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(dir.join("d/fifo")).status().unwrap();
        assert!(fifo.success());
        assert!(matches!(read(dir, "d/f", 100).unwrap(), Some(Contents::Whole(b)) if b == b"text"));
        assert!(matches!(read(dir, "d/f", 2).unwrap(), Some(Contents::Prefix(b)) if b == b"te"));
        assert!(read(dir, "d/missing", 2).unwrap().is_none());
        assert!(read(dir, "missing/f", 2).unwrap().is_none());
        for (rel, what, at) in [
            ("d/env", "a symbolic link", "d/env"),
            ("link/f", "a symbolic link", "link"),
            ("d/fifo", "not a regular file (a FIFO, socket or device)", "d/fifo"),
            ("d", "a directory", "d"),
            ("d/f/x", "a file where a directory is needed", "d/f"),
        ] {
            let err = read(dir, rel, 100).err().unwrap_or_else(|| panic!("{rel} was read"));
            let found = err.get_ref().and_then(|e| e.downcast_ref::<UnsafePath>()).unwrap();
            assert_eq!((found.path.as_path(), found.what), (dir.join(at).as_path(), what), "{rel}");
        }
        assert!(inspect_dir(dir, "link").is_err() && inspect_dir(dir, "d").unwrap());
        assert_eq!(walk(dir, "d").unwrap(), ["d/f"]);
        assert!(walk(dir, "link").unwrap().is_empty());
    }
}
