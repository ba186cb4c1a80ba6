//! [`Generated::write`]: the output directory changes all at once or not at all.
//!
//! - **Lock.** A run holds an OS lock on `.amlnet.lock` in the output directory
//!   ([`std::fs::File::lock`]): concurrent runs take turns, and the lock dies with its process, so a
//!   killed run never blocks the next one.
//! - **Recover.** Under the lock, before anything else, a [`JOURNAL`] left by a run that was killed
//!   mid-commit is rolled back (the previous output is restored), and staging directories left
//!   behind are removed.
//! - **Plan, read-only.** The previous manifest and every target file are read (safely, `safe.rs`)
//!   to decide which files change, which stay (their modification times are kept) and which stale
//!   files of amlnet's go. A file that must change and is not amlnet's is refused ([`NotGenerated`])
//!   unless forced. A directory holding nothing but the lock is not read at all.
//! - **Stage.** Every changed file is written into `.amlnet-staging-*` inside the output directory
//!   (same file system, no writable parent needed). A failure or a signal here removes it and leaves
//!   the output directory byte-identical.
//! - **Commit.** The journal lists every change; then each replaced or removed file moves into the
//!   staging directory and each new file moves into place, the manifest last. Deleting the journal is
//!   the commit point. On any failure every move is undone in reverse and the journal deleted.
//! - **Signals.** The CLI's SIGINT/SIGTERM handlers ([`interrupt_flag`], [`idle_flag`]) end an idle
//!   process at once; during a write they make it stop at the next step before the commit and roll
//!   back, or finish a commit already under way, and then end.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use super::safe::{self, with_path};
use super::{Generated, JOURNAL, LOCK, Listed, MANIFEST, NotGenerated, READ_CAP, WriteReport};

/// How long `write` waits for another run's lock before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// The name prefix of staging directories inside the output directory.
const STAGING_PREFIX: &str = ".amlnet-staging-";

impl Generated {
    /// Writes every file under `dir` (created if missing), only those whose contents changed, removes
    /// amlnet's files that a previous run generated in the directories this run manages and that it
    /// no longer produces, and updates the manifest. All of it or nothing: see the module docs.
    ///
    /// # Errors
    ///
    /// An I/O error, with the path it concerns in its message; the directory is then left as it was.
    /// A file that must be written but is the user's is an error of kind `AlreadyExists` wrapping
    /// [`NotGenerated`] ([`Generated::write_force`] overwrites it); a link, FIFO or device on a path
    /// the run needs is an error of kind `InvalidInput` wrapping [`super::UnsafePath`]; a signal
    /// handled by the CLI is an error of kind `Interrupted`.
    pub fn write(&self, dir: &Path) -> io::Result<WriteReport> {
        self.write_with(dir, Overwrite::GeneratedOnly, &mut |_| Ok(()))
    }

    /// Like [`Generated::write`], but overwrites files that amlnet did not generate (it still removes
    /// only amlnet's own, and never follows a link).
    pub fn write_force(&self, dir: &Path) -> io::Result<WriteReport> {
        self.write_with(dir, Overwrite::Any, &mut |_| Ok(()))
    }

    /// `write` (or, with `force`, `write_force`) that first shows `inspect` the previous output it
    /// read, under the lock and before changing anything: the same reads decide what is written and
    /// what the caller reports about it (the replacement plan), and an error from `inspect` stops
    /// the run with the directory untouched.
    pub(crate) fn write_inspected(
        &self,
        dir: &Path,
        force: bool,
        inspect: &mut Inspect<'_>,
    ) -> io::Result<WriteReport> {
        let overwrite = if force { Overwrite::Any } else { Overwrite::GeneratedOnly };
        self.write_all(dir, overwrite, &mut Calls { hook: &mut |_| Ok(()), inspect })
    }

    /// `write` with a choice about user files and a hook called before every change to the file
    /// system (staging a file, moving one into place, removing one), which tests use to inject
    /// failures.
    pub(super) fn write_with(&self, dir: &Path, overwrite: Overwrite, hook: &mut Hook<'_>) -> io::Result<WriteReport> {
        self.write_all(dir, overwrite, &mut Calls { hook, inspect: &mut |_| Ok(()) })
    }

    fn write_all(&self, dir: &Path, overwrite: Overwrite, calls: &mut Calls<'_, '_>) -> io::Result<WriteReport> {
        let created = prepare_dir(dir)?;
        let busy = Busy::enter();
        let result = Lock::acquire(dir).and_then(|lock| {
            let result = recover(dir).and_then(|()| sweep(dir)).and_then(|()| self.write_locked(dir, overwrite, calls));
            lock.release();
            result
        });
        drop(busy);
        if result.as_ref().map_or(true, |report| report.written.is_empty() && report.removed.is_empty()) {
            // Nothing was committed: remove the directories this run created (only if still empty).
            for created_dir in created.iter().rev() {
                let _ = fs::remove_dir(created_dir);
            }
        }
        result
    }

    fn write_locked(&self, dir: &Path, overwrite: Overwrite, calls: &mut Calls<'_, '_>) -> io::Result<WriteReport> {
        stop_if_interrupted()?;
        let (plan, previous) = self.plan(dir, overwrite)?;
        (calls.inspect)(&previous)?;
        let hook = &mut *calls.hook;
        drop(previous);
        let mut report = WriteReport {
            written: Vec::new(),
            unchanged: plan.unchanged.iter().map(|rel| dir.join(rel)).collect(),
            removed: Vec::new(),
        };
        if plan.write.is_empty() && plan.remove.is_empty() && plan.manifest.is_none() {
            return Ok(report);
        }
        // The manifest comes last, so it is moved into place after every file it lists.
        let writes: Vec<(&str, &str)> = plan
            .write
            .iter()
            .map(|(rel, contents)| (rel.as_str(), *contents))
            .chain(plan.manifest.as_deref().map(|m| (MANIFEST, m)))
            .collect();
        let staging = Staging::create(dir)?;
        // Each directory is created once, not once per file.
        let mut staged_dirs = BTreeSet::new();
        let mut staged = Vec::with_capacity(writes.len());
        for (rel, contents) in &writes {
            let path = staging.new.join(rel);
            hook(Step::Stage(&path))?;
            stop_if_interrupted()?;
            let parent = path.parent().expect("staged paths have a parent");
            ensure_dir(parent, &mut staged_dirs).map_err(|err| with_path(err, parent))?;
            staged.push((path, *contents));
        }
        write_files(&staged)?;
        stop_if_interrupted()?;

        // The commit: journal first; from here on a failure is undone move by move.
        let ops: Vec<Op> = plan
            .write
            .iter()
            .map(|(rel, _)| Op::Put(rel.clone()))
            .chain(plan.remove.iter().map(|rel| Op::Remove(rel.clone())))
            .chain(plan.manifest.as_ref().map(|_| Op::Put(MANIFEST.to_owned())))
            .collect();
        write_journal(dir, &staging.name, &ops)?;
        let committed = commit(dir, &staging, &ops, hook, &mut report)
            .and_then(|()| fs::remove_file(dir.join(JOURNAL)).map_err(|err| with_path(err, &dir.join(JOURNAL))));
        if let Err(err) = committed {
            let undone = revert(dir, &staging.path, &ops);
            let _ = fs::remove_file(dir.join(JOURNAL));
            return Err(match undone {
                Ok(()) => err,
                Err(undo) => io::Error::new(err.kind(), format!("{err}; undoing it failed too: {undo}")),
            });
        }
        Ok(report)
    }

    /// Decides, reading only, what `write` changes.
    ///
    /// An output directory that holds nothing but the lock (typically one this run created) has no
    /// files to compare, keep or remove: everything is written, nothing is read.
    fn plan(&self, dir: &Path, overwrite: Overwrite) -> io::Result<(Plan<'_>, Previous)> {
        let mut plan = Plan { write: Vec::new(), unchanged: Vec::new(), remove: Vec::new(), manifest: None };
        let mut previous = Previous::default();
        if only_lock(dir)? {
            plan.write = self.files.iter().map(|(rel, contents)| (rel.clone(), contents.as_str())).collect();
            plan.manifest = Some(self.manifest());
            return Ok((plan, previous));
        }
        let listed = super::read_manifest(dir)?;
        let mut user_files = Vec::new();
        for (rel, contents) in &self.files {
            match safe::read(dir, rel, compare_cap(contents))? {
                Some(on_disk) => {
                    if let safe::Contents::Whole(bytes) = &on_disk {
                        let text = super::normalize_newlines(&String::from_utf8_lossy(bytes));
                        if text == *contents {
                            previous.files.insert(rel.clone(), Was::Same);
                            plan.unchanged.push(rel.clone());
                            continue;
                        }
                        previous.files.insert(rel.clone(), Was::Text(text));
                    }
                    if overwrite == Overwrite::GeneratedOnly && !owned(dir, rel, on_disk, &listed)? {
                        user_files.push(dir.join(rel));
                    }
                    plan.write.push((rel.clone(), contents.as_str()));
                }
                None => plan.write.push((rel.clone(), contents.as_str())),
            }
        }
        if let Some(path) = user_files.into_iter().next() {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, NotGenerated { path }));
        }
        for (rel, contents) in self.stale(dir, &listed)? {
            if let safe::Contents::Whole(bytes) = contents {
                previous
                    .files
                    .insert(rel.clone(), Was::Text(super::normalize_newlines(&String::from_utf8_lossy(&bytes))));
            }
            plan.remove.push(rel);
        }
        let manifest = self.manifest_with(&self.kept(&listed));
        match safe::read(dir, MANIFEST, READ_CAP)? {
            Some(safe::Contents::Whole(bytes))
                if super::normalize_newlines(&String::from_utf8_lossy(&bytes)) == manifest =>
            {
                plan.unchanged.push(MANIFEST.to_owned());
            }
            _ => plan.manifest = Some(manifest),
        }
        Ok((plan, previous))
    }
}

/// The previous output as `write` read it (once): the files this run writes that were on disk, and
/// amlnet's files it removes. What cannot be read whole is left out.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    pub(crate) files: BTreeMap<String, Was>,
}

/// A previous file's contents.
#[derive(Debug)]
pub(crate) enum Was {
    /// Byte for byte what this run generates (newlines normalised): not kept twice.
    Same,
    /// Different (or no longer generated), newlines normalised.
    Text(String),
}

/// The callbacks of a write: the tests' hook before every change, and the caller's look at the
/// previous output.
struct Calls<'a, 'b> {
    hook: &'a mut Hook<'b>,
    inspect: &'a mut Inspect<'b>,
}

/// What [`Generated::write_inspected`] calls with the previous output before changing anything.
pub(crate) type Inspect<'a> = dyn FnMut(&Previous) -> io::Result<()> + 'a;

/// Whether the file at `dir/rel` (read as `on_disk`, capped) is amlnet's; reads it whole if the cap
/// cut it and the manifest records a hash to compare.
fn owned(dir: &Path, rel: &str, on_disk: safe::Contents, listed: &Listed) -> io::Result<bool> {
    let recorded = listed.get(rel).copied().flatten();
    let on_disk = match on_disk {
        safe::Contents::Prefix(_) if recorded.is_some() => safe::read(dir, rel, READ_CAP)?,
        other => Some(other),
    };
    Ok(on_disk.is_some_and(|contents| super::is_ours(&contents, recorded)))
}

/// The most bytes read of a file that should hold `contents`: twice as many (CRLF line endings) and
/// some, at least 16 MiB (so `check` can diff a file that shrank); a longer file differs.
pub(super) fn compare_cap(contents: &str) -> usize {
    contents.len().saturating_mul(2).saturating_add(4096).max(16 << 20)
}

/// One change of a commit, as the journal lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    /// The staged `new/PATH` moves to `PATH`; a file there first moves to `old/PATH`.
    Put(String),
    /// `PATH` moves to `old/PATH`.
    Remove(String),
}

/// Applies `ops`: every file replaced or removed moves into `staging.old`, every new one from
/// `staging.new` into place.
fn commit(dir: &Path, staging: &Staging, ops: &[Op], hook: &mut Hook<'_>, report: &mut WriteReport) -> io::Result<()> {
    let mut dirs = BTreeSet::new();
    for op in ops {
        match op {
            Op::Put(rel) => {
                let to = dir.join(rel);
                hook(Step::Rename(&to))?;
                if safe::inspect(dir, rel)?.is_some() {
                    move_file(&to, &staging.old.join(rel), &mut dirs)?;
                }
                move_file(&staging.new.join(rel), &to, &mut dirs)?;
                report.written.push(to);
            }
            Op::Remove(rel) => {
                let path = dir.join(rel);
                hook(Step::Remove(&path))?;
                if safe::inspect(dir, rel)?.is_some() {
                    move_file(&path, &staging.old.join(rel), &mut dirs)?;
                    remove_empty_parents(dir, &path);
                }
                report.removed.push(path);
            }
        }
    }
    Ok(())
}

/// Undoes `ops` (all, some or none of them applied), last first: what moved to `old/` moves back;
/// a new file that moved into place where none was is removed. Idempotent, so a run killed while
/// undoing is undone again by the next.
fn revert(dir: &Path, staging: &Path, ops: &[Op]) -> io::Result<()> {
    let mut dirs = BTreeSet::new();
    let (old, new) = (staging.join("old"), staging.join("new"));
    for op in ops.iter().rev() {
        let (Op::Put(rel) | Op::Remove(rel)) = op;
        let target = dir.join(rel);
        let present = safe::inspect(dir, rel)?.is_some();
        if safe::inspect(&old, rel)?.is_some() {
            move_file(&old.join(rel), &target, &mut dirs)?;
        } else if matches!(op, Op::Put(_)) && present && safe::inspect(&new, rel)?.is_none() {
            fs::remove_file(&target).map_err(|err| with_path(err, &target))?;
            remove_empty_parents(dir, &target);
        }
    }
    Ok(())
}

/// Renames `from` to `to`, creating `to`'s directory if needed (`dirs`: those made sure of).
fn move_file(from: &Path, to: &Path, dirs: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    let parent = to.parent().expect("moved paths have a parent");
    ensure_dir(parent, dirs).and_then(|()| fs::rename(from, to)).map_err(|err| with_path(err, to))
}

/// Writes the journal of a commit: the staging directory's name, then one `put PATH` or
/// `remove PATH` line per change, in order. Written beside and renamed, so it is whole or absent.
fn write_journal(dir: &Path, staging: &str, ops: &[Op]) -> io::Result<()> {
    let mut text =
        format!("# amlnet commit journal: the next run undoes these changes. Do not edit.\nstaging {staging}\n");
    for op in ops {
        match op {
            Op::Put(rel) => text.push_str(&format!("put {rel}\n")),
            Op::Remove(rel) => text.push_str(&format!("remove {rel}\n")),
        }
    }
    let (tmp, path) = (dir.join(format!("{STAGING_PREFIX}journal")), dir.join(JOURNAL));
    fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, &path)).map_err(|err| with_path(err, &path))
}

/// Undoes the commit a killed run left in `dir`'s journal, if any, then removes the journal. A
/// journal that is not one amlnet wrote (a path that is not plain, a staging directory that is not
/// amlnet's) is an error: nothing is done.
pub(super) fn recover(dir: &Path) -> io::Result<()> {
    let path = dir.join(JOURNAL);
    let Some(contents) = safe::read(dir, JOURNAL, READ_CAP)? else { return Ok(()) };
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} is not a journal amlnet wrote; remove it and run again", path.display()),
        )
    };
    let text = String::from_utf8_lossy(contents.bytes());
    let mut staging = None;
    let mut ops = Vec::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        match line.split_once(' ') {
            Some(("staging", name)) if name.starts_with(STAGING_PREFIX) && !name.contains('/') => {
                staging = Some(name.to_owned());
            }
            Some(("put", rel)) if rel == MANIFEST || super::parse_manifest(rel).contains_key(rel) => {
                ops.push(Op::Put(rel.to_owned()));
            }
            Some(("remove", rel)) if super::parse_manifest(rel).contains_key(rel) => {
                ops.push(Op::Remove(rel.to_owned()))
            }
            _ => return Err(invalid()),
        }
    }
    let staging = staging.ok_or_else(invalid)?;
    if safe::inspect_dir(dir, &staging)? {
        revert(dir, &dir.join(&staging), &ops)?;
    }
    fs::remove_file(&path).map_err(|err| with_path(err, &path))
}

/// Removes the staging directories runs that were killed or failed left in `dir` (under the lock,
/// after [`recover`], so none is in use).
pub(super) fn sweep(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir).map_err(|err| with_path(err, dir))? {
        let entry = entry.map_err(|err| with_path(err, dir))?;
        if entry.file_name().to_str().is_some_and(|name| name.starts_with(STAGING_PREFIX)) {
            let path = entry.path();
            let removed = if entry.file_type()?.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
            removed.map_err(|err| with_path(err, &path))?;
        }
    }
    Ok(())
}

/// Whether `write` may overwrite files amlnet did not generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overwrite {
    GeneratedOnly,
    Any,
}

/// A change `write` is about to make, shown to the test hook.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "read by tests only")]
pub(super) enum Step<'a> {
    Stage(&'a Path),
    Rename(&'a Path),
    Remove(&'a Path),
}

pub(super) type Hook<'a> = dyn FnMut(Step<'_>) -> io::Result<()> + 'a;

/// What a `write` run changes, relative to the output directory.
struct Plan<'a> {
    write: Vec<(String, &'a str)>,
    unchanged: Vec<String>,
    remove: Vec<String>,
    manifest: Option<String>,
}

static INTERRUPT: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));
static IDLE: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(true)));
static WRITERS: Mutex<usize> = Mutex::new(0);

/// The flag a SIGINT/SIGTERM handler sets: a running write stops at its next step before the commit,
/// rolls back and returns an `Interrupted` error (a commit already under way completes).
pub fn interrupt_flag() -> &'static Arc<AtomicBool> {
    &INTERRUPT
}

/// True while no write holds an output directory: a signal handler may end the process at once.
pub fn idle_flag() -> &'static Arc<AtomicBool> {
    &IDLE
}

fn stop_if_interrupted() -> io::Result<()> {
    if INTERRUPT.load(Ordering::SeqCst) {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted by a signal; nothing was changed"));
    }
    Ok(())
}

/// A write in progress: [`idle_flag`] is false while any exists.
struct Busy;

impl Busy {
    fn enter() -> Busy {
        let mut writers = WRITERS.lock().unwrap_or_else(|e| e.into_inner());
        *writers += 1;
        IDLE.store(false, Ordering::SeqCst);
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut writers = WRITERS.lock().unwrap_or_else(|e| e.into_inner());
        *writers -= 1;
        if *writers == 0 {
            IDLE.store(true, Ordering::SeqCst);
        }
    }
}

/// The OS lock of a writing run on `DIR/.amlnet.lock`. Released by [`Lock::release`] or on drop
/// (the file is removed, then unlocked), and by the OS when the process ends.
struct Lock {
    path: PathBuf,
    file: Option<fs::File>,
}

impl Lock {
    fn acquire(dir: &Path) -> io::Result<Lock> {
        let path = dir.join(LOCK);
        let start = Instant::now();
        loop {
            safe::inspect(dir, LOCK)?;
            let file = match fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path) {
                Ok(file) => file,
                // A concurrent run that created `dir` and then failed removed it again.
                Err(err) if err.kind() == io::ErrorKind::NotFound && start.elapsed() < LOCK_TIMEOUT => {
                    fs::create_dir_all(dir).map_err(|err| with_path(err, dir))?;
                    continue;
                }
                Err(err) => return Err(with_path(err, &path)),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "{} is held by another amlnet run (waited {}s)",
                            path.display(),
                            LOCK_TIMEOUT.as_secs()
                        ),
                    ));
                }
                Err(fs::TryLockError::Error(err)) => return Err(with_path(err, &path)),
            }
            // The holder before us may have removed the file after we opened it: then retry.
            if same_file(&file, &path) {
                return Ok(Lock { path, file: Some(file) });
            }
        }
    }

    fn release(self) {}
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// `DIR/.amlnet-staging-PID-N/{new,old}`: staged files, and the files a commit replaced or removed
/// (kept until the commit point, to undo it). Removed on drop.
struct Staging {
    name: String,
    path: PathBuf,
    new: PathBuf,
    old: PathBuf,
}

impl Staging {
    fn create(dir: &Path) -> io::Result<Staging> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!("{STAGING_PREFIX}{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = dir.join(&name);
        fs::create_dir(&path).map_err(|err| with_path(err, &path))?;
        let staging = Staging { name, new: path.join("new"), old: path.join("old"), path };
        fs::create_dir(&staging.new).map_err(|err| with_path(err, &staging.new))?;
        Ok(staging)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Makes sure `dir` is a directory, creating it and its missing ancestors; returns those it
/// created, outermost first. A dangling link or a file there is a clear error.
fn prepare_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => return Ok(Vec::new()),
        Ok(meta) if meta.is_symlink() => {
            let target = fs::read_link(dir).map(|t| t.display().to_string()).unwrap_or_default();
            return match fs::metadata(dir) {
                Ok(meta) if meta.is_dir() => Ok(Vec::new()),
                Ok(_) => Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is a link to {target}, which is not a directory", dir.display()),
                )),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!(
                        "{} is a link to {target}, which does not exist; create it or choose another output directory",
                        dir.display()
                    ),
                )),
            };
        }
        Ok(_) => {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, format!("{} is not a directory", dir.display())));
        }
        Err(_) => {}
    }
    let mut missing = Vec::new();
    let mut current = Some(dir);
    while let Some(path) = current.filter(|p| !p.as_os_str().is_empty()) {
        if fs::symlink_metadata(path).is_ok() {
            break;
        }
        missing.push(path.to_owned());
        current = path.parent();
    }
    missing.reverse();
    let mut created = Vec::new();
    for path in missing {
        match fs::create_dir(&path) {
            Ok(()) => created.push(path),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => {
                for done in created.iter().rev() {
                    let _ = fs::remove_dir(done);
                }
                return Err(with_path(err, &path));
            }
        }
    }
    Ok(created)
}

/// Refuses an output directory that is the file system's root, the home directory or the directory
/// holding the spec: `generate` manages whole format directories there, and a mistyped `-o` should
/// not make it do so in a place full of other files. `Err` says why.
pub fn refuse_out_dir(out: &Path, spec: Option<&Path>) -> Result<(), String> {
    let Ok(out) = out.canonicalize() else { return Ok(()) };
    if out.parent().is_none() {
        return Err(format!("{} is the root directory", out.display()));
    }
    if let Some(home) = std::env::var_os("HOME").and_then(|home| Path::new(&home).canonicalize().ok())
        && home == out
    {
        return Err(format!("{} is your home directory", out.display()));
    }
    if let Some(spec_dir) = spec.and_then(|spec| spec.canonicalize().ok()).and_then(|s| s.parent().map(Path::to_owned))
        && spec_dir == out
    {
        return Err(format!("{} holds the spec file", out.display()));
    }
    Ok(())
}

/// `fs::create_dir_all(path)`, unless `done` says it was made sure of already; records it in `done`.
fn ensure_dir(path: &Path, done: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    if done.contains(path) {
        return Ok(());
    }
    fs::create_dir_all(path)?;
    done.insert(path.to_owned());
    Ok(())
}

/// Whether `dir` holds nothing but the lock file.
fn only_lock(dir: &Path) -> io::Result<bool> {
    for entry in fs::read_dir(dir).map_err(|err| with_path(err, dir))? {
        if entry.map_err(|err| with_path(err, dir))?.file_name() != LOCK {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Removes the now-empty directories between `file` and `dir` (exclusive), innermost first.
fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(parent) = current.filter(|p| *p != dir && p.starts_with(dir)) {
        if fs::remove_dir(parent).is_err() {
            break;
        }
        current = parent.parent();
    }
}

/// Writes each file; large outputs on two threads, which share the files by size.
fn write_files(files: &[(PathBuf, &str)]) -> io::Result<()> {
    let write = |(path, contents): &(PathBuf, &str)| fs::write(path, contents).map_err(|err| with_path(err, path));
    let total: usize = files.iter().map(|(_, contents)| contents.len()).sum();
    if total < PARALLEL_WRITE_BYTES || files.len() < 2 {
        return files.iter().try_for_each(write);
    }
    // Largest first, each to the thread with fewer bytes so far.
    let mut order: Vec<&(PathBuf, &str)> = files.iter().collect();
    order.sort_by_key(|(_, contents)| std::cmp::Reverse(contents.len()));
    let (mut mine, mut theirs) = (Vec::new(), Vec::new());
    let (mut my_bytes, mut their_bytes) = (0, 0);
    for file in order {
        if my_bytes <= their_bytes {
            my_bytes += file.1.len();
            mine.push(file);
        } else {
            their_bytes += file.1.len();
            theirs.push(file);
        }
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| theirs.into_iter().try_for_each(write));
        let here = mine.into_iter().try_for_each(write);
        let there = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        here.and(there)
    })
}

/// From this many bytes of output on, [`write_files`] writes on two threads.
const PARALLEL_WRITE_BYTES: usize = 4 << 20;
