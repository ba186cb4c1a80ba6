//! [`Generated::check`]: compares the output directory with the generated files, reading only, with
//! the same safe reads and the same ownership rules as `write`, and diffs in bounded time.

use std::path::Path;
use std::time::{Duration, Instant};

use super::safe::{self, Contents};
use super::write::{Previous, Was, compare_cap};
use super::{FileDiff, Generated, JOURNAL, Listed, MANIFEST, Stale};

/// The time all of a check's diffs may take together; past it, the diff algorithm gives up on
/// finding the smallest diff and reports the rest as replaced (still correct, just coarser).
const DIFF_BUDGET: Duration = Duration::from_millis(300);

/// From this many bytes (on disk and generated together), a changed file is summarised, not diffed.
const DIFF_MAX_BYTES: usize = 16 << 20;

impl Generated {
    /// Compares `dir` with these files without writing anything.
    ///
    /// Contents are compared with newlines normalised (CRLF counts as LF). Files the user put in `dir`
    /// are ignored; amlnet's files in the directories this run manages that the spec no longer produces
    /// (listed in the manifest, or carrying the header) are reported as extra. Paths that cannot be
    /// read, or that are links, FIFOs or devices, are reported as unreadable and never read.
    ///
    /// # Errors
    ///
    /// [`Stale`] listing every difference, with the generic help line; callers who know the command
    /// that was run replace [`Stale::help`].
    #[allow(
        clippy::result_large_err,
        reason = "the report is the error, returned once per check; not boxed for API stability"
    )]
    pub fn check(&self, dir: &Path) -> Result<(), Stale> {
        self.check_inspected(dir, &mut |_| ())
    }

    /// [`Generated::check`] that shows `inspect` the previous output it read (the replacement plan
    /// is computed from the same reads).
    #[allow(clippy::result_large_err, reason = "as `check`")]
    pub(crate) fn check_inspected(&self, dir: &Path, inspect: &mut dyn FnMut(&Previous)) -> Result<(), Stale> {
        let mut previous = Previous::default();
        let mut stale = Stale {
            dir: dir.to_owned(),
            changed: Vec::new(),
            missing: Vec::new(),
            extra: Vec::new(),
            unreadable: Vec::new(),
            help: "run `amlnet generate` with this spec and output directory, and commit the result".to_owned(),
        };
        let unreadable = |rel: &str, err: std::io::Error| FileDiff { path: rel.to_owned(), diff: format!("{err}") };
        let listed = super::read_manifest(dir).unwrap_or_else(|err| {
            stale.unreadable.push(unreadable(MANIFEST, err));
            Listed::new()
        });
        if let Ok(Some(_)) | Err(_) = safe::inspect(dir, JOURNAL) {
            let diff = format!(
                "{}: an amlnet generate was interrupted mid-commit; run generate again\n",
                dir.join(JOURNAL).display()
            );
            stale.changed.push(FileDiff { path: JOURNAL.to_owned(), diff });
        }
        let manifest = self.manifest_with(&self.kept(&listed));
        let deadline = Instant::now() + DIFF_BUDGET;
        let expected = self.files().chain([(MANIFEST, manifest.as_str())]);
        for (rel, contents) in expected {
            let path = dir.join(rel);
            match safe::read(dir, rel, compare_cap(contents)) {
                Ok(Some(Contents::Whole(bytes))) => {
                    let on_disk = super::normalize_newlines(&String::from_utf8_lossy(&bytes));
                    if on_disk != contents {
                        let diff = unified_diff(&on_disk, contents, &path, deadline);
                        stale.changed.push(FileDiff { path: rel.to_owned(), diff });
                        if rel != MANIFEST {
                            previous.files.insert(rel.to_owned(), Was::Text(on_disk));
                        }
                    } else if rel != MANIFEST {
                        previous.files.insert(rel.to_owned(), Was::Same);
                    }
                }
                Ok(Some(Contents::Prefix(_))) => {
                    let diff = format!(
                        "{}: more than {} bytes on disk, {} generated (not diffed)\n",
                        path.display(),
                        compare_cap(contents),
                        contents.len()
                    );
                    stale.changed.push(FileDiff { path: rel.to_owned(), diff });
                }
                Ok(None) => stale.missing.push(rel.to_owned()),
                Err(err) => stale.unreadable.push(unreadable(rel, err)),
            }
        }
        match self.stale(dir, &listed) {
            Ok(extra) => {
                for (rel, contents) in extra {
                    if let Contents::Whole(bytes) = contents {
                        let text = super::normalize_newlines(&String::from_utf8_lossy(&bytes));
                        previous.files.insert(rel.clone(), Was::Text(text));
                    }
                    stale.extra.push(rel);
                }
            }
            Err(err) => stale.unreadable.push(unreadable("", err)),
        }
        inspect(&previous);
        drop(previous);
        if stale.changed.is_empty() && stale.missing.is_empty() && stale.extra.is_empty() && stale.unreadable.is_empty()
        {
            Ok(())
        } else {
            Err(stale)
        }
    }
}

/// A unified diff (3 lines of context) from `old` (on disk) to `new` (generated), computed by the
/// patience algorithm until `deadline`; files too large for that get a one-line summary.
fn unified_diff(old: &str, new: &str, path: &Path, deadline: Instant) -> String {
    let shown = path.display();
    if old.len() + new.len() > DIFF_MAX_BYTES {
        return format!(
            "{shown}: {} lines on disk, {} generated (too large to diff)\n",
            old.lines().count(),
            new.lines().count()
        );
    }
    let deadline = deadline.max(Instant::now() + Duration::from_millis(20));
    let diff =
        similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).deadline(deadline).diff_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("{shown} (on disk)"), &format!("{shown} (generated)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two large texts with little in common diff within the deadline (the patience algorithm alone
    /// is quadratic on them), and a diff past the size limit is a summary.
    #[test]
    fn diffs_take_bounded_time() {
        let old: String = (0..60_000).map(|i| format!("resource {} {{\n", i % 7)).collect();
        let new: String = (0..60_000).map(|i| format!("resource {} {{\n", i % 11)).collect();
        let start = Instant::now();
        let diff = unified_diff(&old, &new, Path::new("main.tf"), Instant::now() + Duration::from_millis(200));
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        assert!(diff.starts_with("--- main.tf (on disk)"), "{}", &diff[..100]);
        let big = "x\n".repeat(DIFF_MAX_BYTES / 2 + 1);
        let summary = unified_diff(&big, "y\n", Path::new("big.tf"), Instant::now());
        assert_eq!(
            summary,
            format!("big.tf: {} lines on disk, 1 generated (too large to diff)\n", DIFF_MAX_BYTES / 2 + 1)
        );
    }
}
