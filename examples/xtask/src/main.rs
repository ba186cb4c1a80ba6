//! `cargo xtask codegen`: generates Terraform, ARM and Bicep for every spec in the repository's
//! `examples/` into `generated/<spec name>/`, the output committed next to the specs it comes from.
//!
//! - `codegen` writes only what changed (amlnet keeps unchanged files' modification times, removes
//!   files it generated earlier that are no longer produced, and never touches files of yours);
//! - `codegen --check` writes nothing and exits 1 with a diff when the committed output is stale;
//! - `cargo test` runs [`tests::generated_output_is_fresh`], which updates stale output locally and
//!   fails once, and under `CI` only checks (amlnet's `ensure_generated`).
//!
//! Run from anywhere: `cargo run --manifest-path examples/xtask/Cargo.toml -- codegen [--check]`, or
//! `cargo xtask codegen` inside `examples/xtask`. Paths are relative to this crate's directory, so
//! the headers in the generated files do not depend on where it is run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the xtask crate directory exists");
    match args.as_slice() {
        ["codegen"] => codegen(),
        ["codegen", "--check"] => codegen_check(),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            ExitCode::from(2)
        }
    }
}

/// Every example spec with its output directory, relative to this crate.
fn examples() -> Vec<(PathBuf, PathBuf)> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir("../../examples")
        .expect("the repository's examples directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ["yaml", "yml", "toml", "json"].iter().any(|e| ext == *e)))
        .collect();
    specs.sort();
    specs
        .into_iter()
        .map(|spec| {
            let name = spec.file_stem().expect("a file name").to_string_lossy().into_owned();
            (
                Path::new("../../examples").join(spec.file_name().expect("a file name")),
                Path::new("generated").join(name),
            )
        })
        .collect()
}

fn codegen() -> ExitCode {
    for (spec, out) in examples() {
        // A spec with environments gives one output per environment, each for `out/<environment>/`.
        let outputs = match amlnet::Generator::new().generate_all_file(&spec, &out) {
            Ok(outputs) => outputs,
            Err(amlnet::Error::Invalid(diags)) => {
                eprint!("{}", diags.render(false, 100));
                return ExitCode::from(2);
            }
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::from(2);
            }
        };
        for output in outputs {
            if let Err(code) = write(&output.files, &output.dir(&out)) {
                return code;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Writes one output directory, saying what changed.
fn write(files: &amlnet::Generated, out: &Path) -> Result<(), ExitCode> {
    match files.write(out) {
        Ok(report) => {
            println!(
                "{}: {} written, {} unchanged, {} removed",
                out.display(),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len()
            );
            Ok(())
        }
        Err(err) => {
            eprintln!("cannot write {}: {err}", out.display());
            Err(ExitCode::from(3))
        }
    }
}

fn codegen_check() -> ExitCode {
    let mut fresh = true;
    for (spec, out) in examples() {
        let outputs = match amlnet::Generator::new().generate_all_file(&spec, &out) {
            Ok(outputs) => outputs,
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::from(2);
            }
        };
        for output in outputs {
            if let Err(stale) = output.files.check(&output.dir(&out)) {
                eprintln!("{}\n", stale.with_help("run `cargo xtask codegen` and commit the result"));
                fresh = false;
            }
        }
    }
    if fresh { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

#[cfg(test)]
mod tests {
    use super::examples;

    /// Fails when the committed output is stale: locally it also updates it (commit the result), in CI
    /// it only shows the diff.
    #[test]
    fn generated_output_is_fresh() {
        for (spec, out) in examples() {
            amlnet::ensure_generated(&spec, &out);
        }
    }
}
