//! amlnet: one spec for a secure Azure Machine Learning network, emitted as Terraform, ARM and Bicep.
//!
//! The pipeline is `spec::load` (parse and validate, every diagnostic at once) → `lower::lower` (one
//! typed resource graph) → `emit::emit` (three pure renderers) → [`Generated`] (files as values;
//! writing is explicit). The library never prints and never exits; the `amlnet` binary (feature
//! `cli`) is a thin client of this API.
//!
//! ```no_run
//! use std::path::Path;
//!
//! let output = amlnet::generate(Path::new("examples/seed-2019.yaml"), Path::new("out"))?;
//! output.files.write(Path::new("out"))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod azure;
pub mod batch;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod net;
pub mod spec;

use std::fmt;
use std::path::{Component, Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::output::WriteReport;
pub use emit::{Format, Generated, Header};
pub use spec::{SourceFormat, ValidSpec};

/// Generates every format for the spec file `spec`, with headers naming it relative to `out_dir`.
/// Nothing is written; call [`Generated::write`] on the result.
pub fn generate(spec: &Path, out_dir: &Path) -> Result<Output, Error> {
    Generator::new().generate_file(spec, out_dir)
}

/// Settings of a generation run (a `&mut Self` builder).
#[derive(Debug, Clone)]
pub struct Generator {
    formats: Vec<Format>,
}

/// The result of a generation run.
#[derive(Debug, Clone)]
pub struct Output {
    /// The generated files, relative to the output directory.
    pub files: Generated,
    /// Non-fatal diagnostics about the spec.
    pub warnings: Diagnostics,
    /// The resource graph the files were rendered from.
    pub graph: ir::Graph,
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
        Generator { formats: Format::ALL.to_vec() }
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

    /// Generates from spec text. `file_name` names the spec in diagnostics; `header_path` is the spec's
    /// path as generated files should cite it (relative to the output directory).
    pub fn generate_str(
        &self,
        text: &str,
        syntax: SourceFormat,
        file_name: &str,
        header_path: &str,
    ) -> Result<Output, Box<Diagnostics>> {
        let (valid, warnings) = spec::load_with_warnings(text, syntax, file_name).map_err(Box::new)?;
        let graph = lower::lower(&valid);
        debug_assert_eq!(graph.check_invariants(), Ok(()));
        let files = emit::emit(&graph, &self.formats, &Header { spec_path: header_path.to_owned() });
        Ok(Output { files, warnings, graph })
    }

    /// Reads and generates the spec file `spec` for the output directory `out_dir`.
    pub fn generate_file(&self, spec: &Path, out_dir: &Path) -> Result<Output, Error> {
        let syntax = SourceFormat::from_path(spec).ok_or_else(|| Error::UnknownSyntax(spec.to_owned()))?;
        let text = std::fs::read_to_string(spec).map_err(|source| Error::Io { path: spec.to_owned(), source })?;
        let header_path = relative_path(out_dir, spec);
        self.generate_str(&text, syntax, &spec.display().to_string(), &header_path).map_err(Error::Invalid)
    }
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
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("out"), Path::new("examples/a.yaml")), "../examples/a.yaml");
        assert_eq!(relative_path(Path::new("a/b"), Path::new("a/c/d.toml")), "../c/d.toml");
        assert_eq!(relative_path(Path::new("."), Path::new("./x.json")), "x.json");
        assert_eq!(relative_path(Path::new("/tmp/o"), Path::new("/tmp/o/s.yaml")), "s.yaml");
    }
}
