//! Batch generation: every spec file of a directory, each into `<out>/<spec file stem>/`, in parallel.
//!
//! [`generate_dir`] is a client of the public API only ([`Generator::generate_all_file`] and
//! [`Generated::write`]; a spec with environments writes `<out>/<stem>/<environment>/`): it adds the directory walk, the parallelism (one worker per available core,
//! each taking the next spec) and the collection of one [`SpecOutcome`] per spec. An invalid spec, or
//! one whose files cannot be written, is recorded and does not stop the others. Outcomes are in spec
//! file name order whatever order the workers finished in, so a report is deterministic.
//!
//! It deliberately does not print or exit (the CLI renders a [`BatchReport`]), does not recurse into
//! subdirectories, never writes outside `out_dir` (a spec whose stem is `.` or `..` is refused) and
//! never writes a spec's files before that spec rendered completely.
//!
//! Like `amlnet generate SPEC`, each write first plans what it changes: every stateful resource it
//! would replace (a rename of the storage account, key vault or registry, ...) is a warning of that
//! spec ([`SpecSuccess::replacements`]), decided from the same reads as the write; under
//! `deny_warnings` such a spec writes nothing ([`SpecError::Replaces`]) and the others go on.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::{Diagnostic, Severity};
use crate::{Diagnostics, Format, Generator, Output, WriteReport};

/// Generates every spec file (`.yaml`, `.yml`, `.toml`, `.json`) directly in `specs_dir` in each of
/// `formats`, writing the files of `specs_dir/NAME.EXT` under `out_dir/NAME/` (so
/// `out_dir/NAME/terraform/main.tf`). Specs are generated in parallel, one worker per available core.
///
/// Fails only when `specs_dir` cannot be listed; every per-spec problem is in the report.
pub fn generate_dir(specs_dir: &Path, out_dir: &Path, formats: &[Format]) -> io::Result<BatchReport> {
    let mut generator = Generator::new();
    generator.formats(formats);
    generate_dir_with(specs_dir, out_dir, &generator)
}

/// [`generate_dir`] with a configured [`Generator`] (its formats, `deny_warnings`), as the CLI's
/// `amlnet generate DIR` uses it.
///
/// Fails only when `specs_dir` cannot be listed; every per-spec problem is in the report.
pub fn generate_dir_with(specs_dir: &Path, out_dir: &Path, generator: &Generator) -> io::Result<BatchReport> {
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut skipped: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(specs_dir)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        if crate::SourceFormat::from_path(&path).is_some() && path.file_stem().is_some() {
            specs.push(path);
        } else {
            skipped.push(path);
        }
    }
    specs.sort();
    skipped.sort();

    // Two specs with one stem (`a.yaml`, `a.toml`) would write into one directory: the first wins.
    let mut first_of_stem: BTreeMap<&std::ffi::OsStr, &Path> = BTreeMap::new();
    let jobs: Vec<Job<'_>> = specs
        .iter()
        .map(|spec| {
            let stem = spec.file_stem().expect("specs have a file stem");
            // `...yaml` has the stem `..` and `..yaml` the stem `.`: they would write outside
            // `out_dir`, or into it.
            let plain = matches!(Path::new(stem).components().collect::<Vec<_>>()[..], [Component::Normal(_)]);
            if !plain {
                return Job { spec, out_dir: out_dir.to_owned(), clash: None, bad_stem: true };
            }
            match first_of_stem.get(stem) {
                Some(first) => {
                    Job { spec, out_dir: out_dir.join(stem), clash: Some(first.to_path_buf()), bad_stem: false }
                }
                None => {
                    first_of_stem.insert(stem, spec);
                    Job { spec, out_dir: out_dir.join(stem), clash: None, bad_stem: false }
                }
            }
        })
        .collect();

    let outcomes = run_parallel(&jobs, |job| job.run(generator));
    Ok(BatchReport { specs: outcomes, skipped })
}

/// What [`generate_dir`] did.
#[derive(Debug)]
pub struct BatchReport {
    /// One outcome per spec file, in file name order.
    pub specs: Vec<SpecOutcome>,
    /// Files of the directory that are not specs (unknown extension), in file name order.
    pub skipped: Vec<PathBuf>,
}

/// The outcome of one spec.
#[derive(Debug)]
pub struct SpecOutcome {
    /// The spec file.
    pub spec: PathBuf,
    /// The directory its files went to (or would have).
    pub out_dir: PathBuf,
    pub result: Result<SpecSuccess, SpecError>,
}

/// A spec generated and written.
#[derive(Debug)]
pub struct SpecSuccess {
    /// Non-fatal diagnostics about the spec.
    pub warnings: Diagnostics,
    /// The files written and the files left alone because they were already right.
    pub write: WriteReport,
    /// A warning for every stateful resource the write replaced (of every environment), as
    /// `amlnet generate SPEC` reports them; empty when nothing stateful was replaced.
    pub replacements: Diagnostics,
}

/// Why one spec produced no files.
#[derive(Debug)]
pub enum SpecError {
    /// Reading or validating the spec failed (an invalid spec carries every diagnostic).
    Generate(crate::Error),
    /// Writing its files failed.
    Write(io::Error),
    /// Another spec file with the same stem already writes to this output directory.
    StemClash { first: PathBuf },
    /// The file's stem is `.` or `..` (`..yaml`, `...yaml`), which names no directory of its own.
    BadStem,
    /// Under `deny_warnings`, writing would replace a stateful resource: nothing was written. The
    /// replacements, as errors.
    Replaces(Diagnostics),
}

impl BatchReport {
    /// The outcomes that failed.
    pub fn failures(&self) -> impl Iterator<Item = (&SpecOutcome, &SpecError)> {
        self.specs.iter().filter_map(|o| o.result.as_ref().err().map(|e| (o, e)))
    }

    /// Whether every spec was generated and written.
    pub fn all_succeeded(&self) -> bool {
        self.failures().next().is_none()
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Generate(err) => write!(f, "{err}"),
            SpecError::Write(err) => write!(f, "cannot write its files: {err}"),
            SpecError::StemClash { first } => {
                write!(f, "{} already writes to this output directory; rename one of them", first.display())
            }
            SpecError::BadStem => {
                write!(f, "its file name without the extension is not a directory name (`.` or `..`); rename it")
            }
            SpecError::Replaces(_) => {
                write!(f, "a stateful resource would be replaced, and warnings are errors (--deny-warnings)")
            }
        }
    }
}

impl std::error::Error for SpecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SpecError::Generate(err) => Some(err),
            SpecError::Write(err) => Some(err),
            SpecError::StemClash { .. } | SpecError::BadStem | SpecError::Replaces(_) => None,
        }
    }
}

/// One spec to generate.
struct Job<'s> {
    spec: &'s Path,
    out_dir: PathBuf,
    clash: Option<PathBuf>,
    /// The file stem is not a plain name (`.`, `..`): nothing is generated.
    bad_stem: bool,
}

impl Job<'_> {
    fn run(&self, generator: &Generator) -> SpecOutcome {
        let result = match &self.clash {
            _ if self.bad_stem => Err(SpecError::BadStem),
            _ if crate::output::interrupt_flag().load(Ordering::SeqCst) => {
                Err(SpecError::Write(io::Error::new(io::ErrorKind::Interrupted, "interrupted by a signal")))
            }
            Some(first) => Err(SpecError::StemClash { first: first.clone() }),
            None => generator
                .generate_all_file(self.spec, &self.out_dir)
                .map_err(SpecError::Generate)
                .and_then(|outputs| self.write(generator, outputs)),
        };
        SpecOutcome { spec: self.spec.to_path_buf(), out_dir: self.out_dir.clone(), result }
    }

    /// Writes the spec's outputs, one per environment, each into its own directory (`NAME/dev/`), or
    /// one, and collects the stateful replacements each write plans from the reads it writes from.
    /// Under `deny_warnings` a replacement in any environment writes none (every plan is decided before
    /// the first write, and each write decides again from its own reads).
    fn write(&self, generator: &Generator, outputs: Vec<Output>) -> Result<SpecSuccess, SpecError> {
        let deny = generator.deny_warnings;
        if deny && outputs.len() > 1 {
            let mut items = Vec::new();
            for output in &outputs {
                let _ = output.files.check_inspected(&output.dir(&self.out_dir), &mut |previous| {
                    items.extend(output.files.resource_plan(previous).replacements);
                });
            }
            if !items.is_empty() {
                return Err(SpecError::Replaces(self.replacements(items, true)));
            }
        }
        let (mut write, mut items) = (WriteReport::default(), Vec::new());
        for output in &outputs {
            let mut refused = false;
            let done = output.files.write_inspected(&output.dir(&self.out_dir), false, &mut |previous| {
                let planned = output.files.resource_plan(previous).replacements;
                refused = deny && !planned.is_empty();
                items.extend(planned);
                if refused { Err(io::Error::other("a stateful resource would be replaced")) } else { Ok(()) }
            });
            if refused {
                return Err(SpecError::Replaces(self.replacements(items, true)));
            }
            let done = done.map_err(SpecError::Write)?;
            write.written.extend(done.written);
            write.unchanged.extend(done.unchanged);
            write.removed.extend(done.removed);
        }
        let warnings = outputs.into_iter().next().map(|output| output.warnings);
        Ok(SpecSuccess {
            warnings: warnings.unwrap_or_else(|| Diagnostics::new("", "")),
            write,
            replacements: self.replacements(items, false),
        })
    }

    /// The replacement diagnostics of this spec, as errors when warnings are errors.
    fn replacements(&self, mut items: Vec<Diagnostic>, errors: bool) -> Diagnostics {
        if errors {
            items.iter_mut().for_each(|item| item.severity = Severity::Error);
        }
        Diagnostics { file_name: self.spec.display().to_string(), source: String::new(), items }
    }
}

/// `f` of every job on one worker per available core, each worker taking the next job; the results in
/// job order.
fn run_parallel<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            mine.push((index, f(job)));
        }
        results.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
    };
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(work);
        }
        work();
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_keep_job_order() {
        let jobs: Vec<usize> = (0..100).collect();
        assert_eq!(run_parallel(&jobs, |j| j * 2), (0..100).map(|j| j * 2).collect::<Vec<_>>());
        assert!(run_parallel(&[] as &[usize], |j| *j).is_empty());
    }

    #[test]
    fn a_directory_of_specs() {
        let root = std::env::temp_dir().join(format!("amlnet-batch-{}", std::process::id()));
        let (specs, out) = (root.join("specs"), root.join("out"));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&specs).unwrap();
        let minimal = include_str!("../examples/minimal.toml");
        std::fs::write(specs.join("a.toml"), minimal).unwrap();
        std::fs::write(specs.join("b.toml"), minimal.replace("name = \"mini\"", "name = \"bee\"")).unwrap();
        std::fs::write(specs.join("a.json"), "{}").unwrap();
        std::fs::write(specs.join("broken.yaml"), "version: 1\n").unwrap();
        std::fs::write(specs.join("notes.txt"), "not a spec").unwrap();

        let report = generate_dir(&specs, &out, &Format::ALL).unwrap();
        let names: Vec<_> = report.specs.iter().map(|o| o.spec.file_name().unwrap().to_owned()).collect();
        assert_eq!(names, ["a.json", "a.toml", "b.toml", "broken.yaml"]);
        assert_eq!(report.skipped, [specs.join("notes.txt")]);
        // `a.json` is first with stem `a` (and invalid); `a.toml` clashes with it.
        assert!(matches!(report.specs[0].result, Err(SpecError::Generate(crate::Error::Invalid(_)))));
        assert!(matches!(report.specs[1].result, Err(SpecError::StemClash { .. })));
        assert!(report.specs[2].result.is_ok());
        assert!(matches!(report.specs[3].result, Err(SpecError::Generate(crate::Error::Invalid(_)))));
        assert_eq!(report.failures().count(), 3);
        let main_tf = std::fs::read_to_string(out.join("b/terraform/main.tf")).unwrap();
        assert!(main_tf.starts_with("# Generated by amlnet from ../../specs/b.toml."), "{main_tf}");
        assert!(!out.join("a").exists() && !out.join("broken").exists());
        let _ = std::fs::remove_dir_all(&root);
    }
}
