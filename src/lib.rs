//! amlnet: one spec for a secure Azure Machine Learning network, emitted as Terraform, ARM and Bicep.
//!
//! The pipeline is `spec::load` (parse and validate, every diagnostic at once) → `lower::lower` (one
//! typed resource graph) → `emit::emit` (three pure renderers) → [`Generated`] (files as values;
//! writing is explicit). The library never prints and never exits; the `amlnet` binary (feature
//! `cli`) is a thin client of this API. Depend on it with `default-features = false` to leave clap out.
//!
//! # Generate, write, check
//!
//! [`generate`] reads and validates a spec and renders every format in memory. [`Generated::write`]
//! puts the files in place (only those that changed; a failure leaves the directory as it was), and
//! [`Generated::check`] compares a directory with them, returning a [`Stale`] report with unified
//! diffs and the command that fixes it.
//!
//! ```
//! use std::path::Path;
//!
//! let out = std::env::temp_dir().join(format!("amlnet-doctest-{}", std::process::id()));
//! let output = amlnet::generate(Path::new("examples/minimal.toml"), &out)?;
//! for warning in output.warnings.warnings() {
//!     eprintln!("{warning}"); // e.g. outbound internet left open
//! }
//! for (path, contents) in output.files.files() {
//!     assert!(contents.ends_with('\n'), "{path}");
//! }
//!
//! let report = output.files.write(&out)?;
//! assert_eq!(report.written.len(), output.files.len() + 1); // and the manifest, `.amlnet-manifest`
//! output.files.check(&out)?; // up to date
//!
//! let main_tf = out.join("terraform/main.tf");
//! std::fs::write(&main_tf, std::fs::read_to_string(&main_tf)? + "# edited by hand\n")?;
//! let stale = output.files.check(&out).unwrap_err();
//! assert_eq!(stale.changed[0].path, "terraform/main.tf");
//! assert!(output.files.write(&out)?.written.len() == 1); // only the edited file is rewritten
//! # std::fs::remove_dir_all(&out)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Generator`] is the builder behind [`generate`]: it restricts formats, turns warnings into errors,
//! and generates from text as well as from a file.
//!
//! # Keeping committed output fresh from a test
//!
//! Commit the generated directory and add a test; `cargo test` then regenerates it locally (and
//! fails once, asking you to commit), while under `CI` it only checks and fails with the diff. This is
//! rust-analyzer's `ensure_file_contents` pattern. `examples/xtask` in the repository is a complete
//! `cargo xtask codegen` crate built this way.
//!
//! ```no_run
//! #[test]
//! fn network_templates_are_fresh() {
//!     amlnet::ensure_generated("network.yaml".as_ref(), "infra/generated".as_ref());
//! }
//! ```

pub(crate) mod azure;
pub mod batch;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub(crate) mod codes;
pub mod diagnostics;
pub(crate) mod emit;
pub(crate) mod explain;
pub(crate) mod ir;
pub(crate) mod lower;
pub(crate) mod names;
pub(crate) mod net;
pub(crate) mod output;
#[cfg(feature = "cli")]
pub(crate) mod report;
pub(crate) mod schema;
pub(crate) mod spec;
pub(crate) mod topology;

/// Not API: the crate's internal modules, for amlnet's own tests, benchmarks and fuzz targets. Nothing
/// here is covered by semantic versioning; a rename inside may come with any release.
///
/// The public API is the crate root: [`generate`], [`Generator`], [`Output`], [`Generated`],
/// [`ensure_generated`], [`batch`] and [`diagnostics`]. A [`internals::spec::ValidSpec`] is a proof
/// that validation passed: its fields are crate-private, so only `validate` builds one and code
/// outside the crate cannot.
///
/// ```compile_fail,E0451
/// use amlnet::internals::spec::ValidSpec;
/// fn forge(name: String) -> ValidSpec {
///     let real = amlnet::internals::spec::load("", amlnet::SourceFormat::Yaml, "x").unwrap();
///     ValidSpec { name, ..real }
/// }
/// ```
#[doc(hidden)]
pub mod internals {
    pub mod azure {
        pub use crate::azure::*;
    }
    pub mod emit {
        pub use crate::emit::*;
    }
    pub mod explain {
        pub use crate::explain::*;
    }
    pub mod ir {
        pub use crate::ir::*;
    }
    pub mod lower {
        pub use crate::lower::*;
    }
    pub mod names {
        pub use crate::names::*;
    }
    pub mod net {
        pub use crate::net::*;
    }
    pub mod output {
        pub use crate::output::*;
    }
    pub mod schema {
        pub use crate::schema::*;
    }
    pub mod spec {
        pub use crate::spec::*;
    }
    pub mod topology {
        pub use crate::topology::*;
    }
}

use std::fmt;
use std::path::{Component, Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::{Format, Generated, Header};
pub use output::{FileDiff, NotGenerated, Stale, WriteReport};
pub use spec::SourceFormat;

/// Generates every format for the spec file `spec`, with headers naming it relative to `out_dir`.
/// Nothing is written; call [`Generated::write`] on the result.
pub fn generate(spec: &Path, out_dir: &Path) -> Result<Output, Error> {
    Generator::new().generate_file(spec, out_dir)
}

/// Settings of a generation run (a `&mut Self` builder).
#[derive(Debug, Clone)]
pub struct Generator {
    formats: Vec<Format>,
    deny_warnings: bool,
    options: emit::Options,
    environment: Option<String>,
}

/// The result of a generation run.
#[derive(Debug, Clone)]
pub struct Output {
    /// The generated files, relative to the output directory.
    pub files: Generated,
    /// Non-fatal diagnostics about the spec.
    pub warnings: Diagnostics,
    /// The resource graph the files were rendered from. Not API: its type lives in the hidden
    /// `internals` module, for amlnet's own tests and tools.
    #[doc(hidden)]
    pub graph: ir::Graph,
    /// The environment these files are for (`None` for a spec without `environments`). Its files
    /// belong in the output directory's subdirectory of that name: [`Output::dir`].
    pub environment: Option<String>,
}

impl Output {
    /// Where these files go: `out_dir` for a spec without environments, `out_dir/<environment>`
    /// for an environment.
    pub fn dir(&self, out_dir: &Path) -> PathBuf {
        match &self.environment {
            Some(name) => out_dir.join(name),
            None => out_dir.to_owned(),
        }
    }
}

/// Why a generation run produced nothing.
#[derive(Debug)]
pub enum Error {
    /// The spec is invalid; every problem found.
    Invalid(Box<Diagnostics>),
    /// The spec file's extension names no supported syntax.
    UnknownSyntax(PathBuf),
    /// Reading the spec failed.
    Io { path: PathBuf, source: std::io::Error },
}

impl Default for Generator {
    fn default() -> Generator {
        Generator {
            formats: Format::ALL.to_vec(),
            deny_warnings: false,
            options: emit::Options::default(),
            environment: None,
        }
    }
}

impl Generator {
    /// Every format.
    pub fn new() -> Generator {
        Generator::default()
    }

    /// Restricts the run to `formats`.
    pub fn formats(&mut self, formats: &[Format]) -> &mut Generator {
        self.formats = formats.to_vec();
        self
    }

    /// Treats warnings as errors: a spec with warnings fails with [`Error::Invalid`], the warnings
    /// reported as errors.
    pub fn deny_warnings(&mut self) -> &mut Generator {
        self.deny_warnings = true;
        self
    }

    /// Writes the Terraform output as a child module: no provider blocks, every input a variable.
    pub fn terraform_module(&mut self) -> &mut Generator {
        self.options.terraform_module = true;
        self
    }

    /// Chooses one environment of a spec with `environments`: [`Generator::generate_file`] and
    /// [`Generator::generate_str`] then generate it, and [`Generator::generate_all_file`] only it.
    /// A name the spec does not define is an invalid spec (`amlnet::environment::choose`).
    pub fn environment(&mut self, name: &str) -> &mut Generator {
        self.environment = Some(name.to_owned());
        self
    }

    /// Generates from spec text. `file_name` names the spec in diagnostics; `header_path` is the spec's
    /// path as generated files should cite it (relative to the output directory). A spec with
    /// `environments` needs one chosen ([`Generator::environment`]); every environment is still
    /// validated.
    pub fn generate_str(
        &self,
        text: &str,
        syntax: SourceFormat,
        file_name: &str,
        header_path: &str,
    ) -> Result<Output, Box<Diagnostics>> {
        let mut outputs = self.outputs(text, syntax, file_name, &|_| header_path.to_owned(), true)?;
        Ok(outputs.swap_remove(0))
    }

    /// Reads and generates the spec file `spec` for the output directory `out_dir` (as
    /// [`Generator::generate_str`]: one environment).
    pub fn generate_file(&self, spec: &Path, out_dir: &Path) -> Result<Output, Error> {
        self.file_outputs(spec, out_dir, true).map(|mut outputs| outputs.swap_remove(0))
    }

    /// Generates every environment of a spec (or the one chosen), in name order: one [`Output`] per
    /// environment, whose files go to [`Output::dir`]; a spec without environments gives one
    /// [`Output`] for `out_dir` itself. `header_path` is relative to `out_dir`.
    pub fn generate_all_str(
        &self,
        text: &str,
        syntax: SourceFormat,
        file_name: &str,
        header_path: &str,
    ) -> Result<Vec<Output>, Box<Diagnostics>> {
        let header = |env: Option<&str>| match env {
            Some(_) if !Path::new(header_path).is_absolute() => format!("../{header_path}"),
            _ => header_path.to_owned(),
        };
        self.outputs(text, syntax, file_name, &header, false)
    }

    /// Reads the spec file `spec` and generates every environment (or the one chosen) for the output
    /// directory `out_dir`, as [`Generator::generate_all_str`].
    pub fn generate_all_file(&self, spec: &Path, out_dir: &Path) -> Result<Vec<Output>, Error> {
        self.file_outputs(spec, out_dir, false)
    }

    /// Reads `spec` and generates its outputs, each citing the spec relative to its own directory.
    fn file_outputs(&self, spec: &Path, out_dir: &Path, one: bool) -> Result<Vec<Output>, Error> {
        let syntax = SourceFormat::from_path(spec).ok_or_else(|| Error::UnknownSyntax(spec.to_owned()))?;
        let text = read_spec(spec)?;
        let header =
            |env: Option<&str>| relative_path(&env.map_or_else(|| out_dir.to_owned(), |e| out_dir.join(e)), spec);
        self.outputs(&text, syntax, &spec.display().to_string(), &header, one).map_err(Error::Invalid)
    }

    /// The outputs of the environments generated: the chosen one, else all (with `one`, a spec with
    /// several environments needs one chosen).
    fn outputs(
        &self,
        text: &str,
        syntax: SourceFormat,
        file_name: &str,
        header_path: &dyn Fn(Option<&str>) -> String,
        one: bool,
    ) -> Result<Vec<Output>, Box<Diagnostics>> {
        let (mut loaded, mut warnings) = spec::environments::load(text, syntax, file_name).map_err(Box::new)?;
        let names: Vec<String> = loaded.iter().filter_map(|env| env.name.clone()).collect();
        let choose = |wanted| Box::new(spec::environments::choose_error(text, syntax, file_name, &names, wanted));
        match self.environment.as_deref() {
            Some(wanted) => {
                loaded.retain(|env| env.name.as_deref() == Some(wanted));
                if loaded.is_empty() {
                    return Err(choose(Some(wanted)));
                }
            }
            None if one && loaded.len() > 1 => return Err(choose(None)),
            None => {}
        }
        if self.deny_warnings && !warnings.is_empty() {
            for diag in &mut warnings.items {
                diag.severity = Severity::Error;
            }
            return Err(Box::new(warnings));
        }
        let outputs = loaded.into_iter().map(|env| {
            let graph = lower::lower(&env.spec);
            debug_assert_eq!(graph.check_invariants(), Ok(()));
            let header = Header { spec_path: header_path(env.name.as_deref()) };
            let files = emit::emit_with(&graph, &self.formats, &header, self.options);
            Output { files, warnings: warnings.clone(), graph, environment: env.name }
        });
        Ok(outputs.collect())
    }
}

/// Reads a spec file: a regular file (a directory, FIFO or device is refused before anything is read)
/// of at most [`spec::source::MAX_SPEC_BYTES`] bytes of UTF-8. Too large a file or bytes that are not
/// UTF-8 are [`Error::Invalid`], with a diagnostic.
pub fn read_spec(path: &Path) -> Result<String, Error> {
    use std::io::Read;
    let io = |source| Error::Io { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "it is a directory" } else { "it is not a regular file" };
        return Err(io(std::io::Error::new(std::io::ErrorKind::InvalidInput, what)));
    }
    let limit = spec::source::MAX_SPEC_BYTES as u64 + 1;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    std::fs::File::open(path).map_err(io)?.take(limit).read_to_end(&mut bytes).map_err(io)?;
    spec::source::decode(bytes, &path.display().to_string()).map_err(|diags| Error::Invalid(Box::new(diags)))
}

/// For a user's `#[test]`: regenerates `out_dir` from `spec` and fails the test if it was stale.
///
/// Locally (the `CI` environment variable unset), a stale directory is updated and the test panics
/// saying so: commit the update and the next run passes. Under `CI` nothing is written and the panic
/// shows the diffs and the command to run. Paths are relative to the current directory, which for a
/// test is the package root.
///
/// # Panics
///
/// When the spec is invalid, when the output was stale, or when writing fails.
#[track_caller]
pub fn ensure_generated(spec: &Path, out_dir: &Path) {
    let mode = if std::env::var_os("CI").is_some() { Freshness::Check } else { Freshness::Update };
    ensure_generated_with(spec, out_dir, mode);
}

/// Whether [`ensure_generated`] may update the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    Update,
    Check,
}

#[track_caller]
fn ensure_generated_with(spec: &Path, out_dir: &Path, mode: Freshness) {
    let outputs = match Generator::new().generate_all_file(spec, out_dir) {
        Ok(outputs) => outputs,
        Err(Error::Invalid(diags)) => panic!("{} is not a valid spec:\n{}", spec.display(), diags.render(false, 100)),
        Err(err) => panic!("{err}"),
    };
    let fix = "run `cargo test` locally (it updates the files) and commit the result";
    let mut reports = Vec::new();
    for output in &outputs {
        let dir = output.dir(out_dir);
        let Err(stale) = output.files.check(&dir) else { continue };
        if mode == Freshness::Update
            && let Err(err) = output.files.write(&dir)
        {
            panic!("{} is stale and could not be updated: {err}", dir.display());
        }
        reports.push((stale.with_help(fix).to_string(), dir));
    }
    if reports.is_empty() {
        return;
    }
    let stale: Vec<&str> = reports.iter().map(|(report, _)| report.as_str()).collect();
    if mode == Freshness::Check {
        panic!("{}", stale.join("\n\n"));
    }
    let dirs: Vec<String> = reports.iter().map(|(_, dir)| dir.display().to_string()).collect();
    panic!(
        "{}\n\n{} was not up to date and has been updated: commit the changes; the next `cargo test` passes",
        stale.join("\n\n"),
        dirs.join(", ")
    );
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diags) => write!(f, "{} is not a valid spec", diags.file_name),
            Error::UnknownSyntax(path) => {
                write!(f, "{}: unknown spec syntax (use .yaml, .yml, .toml or .json)", path.display())
            }
            Error::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The path of `file` relative to the directory `dir`, with `/` separators, computed lexically from
/// the current directory (no symlinks are resolved, so the result depends only on the two paths).
pub fn relative_path(dir: &Path, file: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let normalize = |p: &Path| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for comp in cwd.join(p).components() {
            match comp {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        parts
    };
    let (dir, file) = (normalize(dir), normalize(file));
    let common = dir.iter().zip(&file).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; dir.len() - common];
    out.extend(file[common..].iter().map(String::as_str));
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::{Freshness, ensure_generated_with, relative_path};
    use std::path::Path;

    fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> Option<String> {
        let err = std::panic::catch_unwind(f).err()?;
        Some(err.downcast_ref::<String>().cloned().unwrap_or_default())
    }

    #[test]
    fn ensure_generated_updates_locally_and_only_checks_in_ci() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let spec = Path::new("examples/minimal.toml");

        let message = panic_message(|| ensure_generated_with(spec, &out, Freshness::Check)).unwrap();
        assert!(message.contains("missing") && message.contains("run `cargo test` locally"), "{message}");
        assert!(!out.exists());

        let message = panic_message(|| ensure_generated_with(spec, &out, Freshness::Update)).unwrap();
        assert!(message.contains("has been updated"), "{message}");
        assert_eq!(panic_message(|| ensure_generated_with(spec, &out, Freshness::Check)), None);
        assert_eq!(panic_message(|| ensure_generated_with(spec, &out, Freshness::Update)), None);

        std::fs::write(out.join("bicep/main.bicep"), "// Generated by amlnet, edited\n").unwrap();
        let message = panic_message(|| ensure_generated_with(spec, &out, Freshness::Check)).unwrap();
        assert!(message.contains("main.bicep (on disk)"), "{message}");
    }

    /// A spec with environments: all of them, or the one chosen; one `Output` without a choice is an
    /// error naming them; `ensure_generated` keeps every environment's directory fresh.
    #[test]
    fn environments_through_the_api() {
        let (tmp, spec) = (tempfile::tempdir().unwrap(), Path::new("examples/environments.yaml"));
        let out = tmp.path().join("out");
        let all = crate::Generator::new().generate_all_file(spec, &out).unwrap();
        let dirs: Vec<_> = all.iter().map(|output| output.dir(&out)).collect();
        assert_eq!(dirs, [out.join("dev"), out.join("prod")]);
        let cited = format!("from {}.", relative_path(&out.join("dev"), spec));
        assert!(all[0].files.get("bicep/main.bicep").unwrap().contains(&cited), "{cited}");
        let Err(crate::Error::Invalid(diags)) = crate::generate(spec, &out) else { panic!("no choice, no error") };
        assert_eq!(diags.items[0].code, "amlnet::environment::choose");
        let prod = crate::Generator::new().environment("prod").generate_file(spec, &out).unwrap();
        assert_eq!((prod.environment.as_deref(), &prod.files), (Some("prod"), &all[1].files));
        let plain = crate::Generator::new().generate_all_file(Path::new("examples/minimal.toml"), &out).unwrap();
        assert_eq!((plain.len(), plain[0].dir(&out)), (1, out.clone()));

        assert!(panic_message(|| ensure_generated_with(spec, &out, Freshness::Update)).is_some());
        assert_eq!(panic_message(|| ensure_generated_with(spec, &out, Freshness::Check)), None);
        assert!(out.join("prod/terraform/main.tf").is_file() && !out.join("terraform").exists());
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("out"), Path::new("examples/a.yaml")), "../examples/a.yaml");
        assert_eq!(relative_path(Path::new("a/b"), Path::new("a/c/d.toml")), "../c/d.toml");
        assert_eq!(relative_path(Path::new("."), Path::new("./x.json")), "x.json");
        assert_eq!(relative_path(Path::new("/tmp/o"), Path::new("/tmp/o/s.yaml")), "s.yaml");
    }
}
