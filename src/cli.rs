//! The command-line front end (feature `cli`): clap types that convert to library calls.

use std::process::ExitCode;

/// Runs the CLI.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
