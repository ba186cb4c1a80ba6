//! The command-line front end (feature `cli`): clap types, converted to library calls.
//!
//! No logic lives here beyond argument handling, printing and exit codes. [`Command`] is a
//! `clap::Subcommand`, so a user's `cargo xtask` can embed amlnet's commands in its own CLI.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::{Error, Format, Generator};

/// amlnet: one spec for a secure Azure Machine Learning network, emitted as Terraform, ARM and Bicep.
#[derive(Debug, Parser)]
#[command(name = "amlnet", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a spec and write Terraform, ARM and Bicep for it.
    Generate {
        /// The spec file (.yaml, .yml, .toml or .json).
        spec: PathBuf,
        /// The output directory; each format goes into its own subdirectory.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// The formats to write (comma-separated).
        #[arg(long, value_delimiter = ',', default_values_t = [FormatArg::Terraform, FormatArg::Arm, FormatArg::Bicep])]
        format: Vec<FormatArg>,
    },
    /// Validate a spec and report every problem, without writing anything.
    Validate {
        /// The spec file (.yaml, .yml, .toml or .json).
        spec: PathBuf,
    },
}

/// An output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Terraform,
    Arm,
    Bicep,
}

impl std::fmt::Display for FormatArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.to_possible_value().expect("no skipped values").get_name())
    }
}

impl FormatArg {
    /// The library's format.
    pub fn to_lib(self) -> Format {
        match self {
            FormatArg::Terraform => Format::Terraform,
            FormatArg::Arm => Format::Arm,
            FormatArg::Bicep => Format::Bicep,
        }
    }
}

/// Exit codes (README, "Exit codes").
pub mod exit {
    pub const OK: u8 = 0;
    pub const STALE: u8 = 1;
    pub const INVALID: u8 = 2;
    pub const IO: u8 = 3;
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(cli.command))
}

/// Runs one command; returns the exit code.
pub fn run(command: Command) -> u8 {
    match command {
        Command::Generate { spec, out, format } => {
            let formats: Vec<Format> = format.iter().map(|f| f.to_lib()).collect();
            generate(&spec, &out, &formats)
        }
        Command::Validate { spec } => validate(&spec),
    }
}

fn generate(spec: &Path, out: &Path, formats: &[Format]) -> u8 {
    let output = match Generator::new().formats(formats).generate_file(spec, out) {
        Ok(output) => output,
        Err(err) => return report(&err),
    };
    print_diagnostics(&output.warnings);
    match output.files.write(out) {
        Ok(report) => {
            println!(
                "amlnet: {} files in {} ({} written, {} unchanged)",
                report.written.len() + report.unchanged.len(),
                out.display(),
                report.written.len(),
                report.unchanged.len()
            );
            exit::OK
        }
        Err(err) => {
            eprintln!("amlnet: cannot write {}: {err}", out.display());
            exit::IO
        }
    }
}

fn validate(spec: &Path) -> u8 {
    match Generator::new().formats(&[]).generate_file(spec, Path::new(".")) {
        Ok(output) => {
            print_diagnostics(&output.warnings);
            println!("amlnet: {} is valid ({} resources)", spec.display(), output.graph.resources().count());
            exit::OK
        }
        Err(err) => report(&err),
    }
}

fn report(err: &Error) -> u8 {
    match err {
        Error::Invalid(diags) => {
            print_diagnostics(diags);
            exit::INVALID
        }
        Error::UnknownSyntax(_) => {
            eprintln!("amlnet: {err}");
            exit::INVALID
        }
        Error::Io { .. } => {
            eprintln!("amlnet: {err}");
            exit::IO
        }
    }
}

fn print_diagnostics(diags: &crate::Diagnostics) {
    if diags.items.is_empty() {
        return;
    }
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = stderr.lock().write_all(diags.render(color, 100).as_bytes());
}
