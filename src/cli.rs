//! The command-line front end (feature `cli`): clap types, converted to library calls.
//!
//! No logic lives here beyond argument handling, printing and exit codes ([`exit`]). [`Command`] is a
//! `clap::Subcommand`, so a user's `cargo xtask` can embed amlnet's commands in its own CLI and call
//! [`run`]. Diagnostics and reports go to stderr (coloured on a terminal unless `NO_COLOR` is set);
//! stdout carries only results: summaries, completions, a starter spec written to `-`.

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::batch::SpecError;
use crate::output::NotGenerated;
use crate::{Diagnostics, Error, Format, Generator, Output, WriteReport};

/// amlnet: one spec for a secure Azure Machine Learning network, emitted as Terraform, ARM and Bicep.
#[derive(Debug, Parser)]
#[command(name = "amlnet", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    `check` found the output directory out of date
  2    invalid spec, warnings under --deny-warnings, or bad usage (including a refusal to overwrite
       a file amlnet did not generate, or to generate into /, your home directory or the spec's
       directory without --force)
  3    I/O failure (reading the spec, writing or reading output; a link, FIFO or device where
       amlnet must read or write inside the output directory)
  130  interrupted (SIGINT; 143 for SIGTERM); a `generate` under way was rolled back first";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a spec and write Terraform, ARM and Bicep for it (only files that changed).
    Generate {
        #[command(flatten)]
        target: Target,
        /// Overwrite files in the output directory that amlnet did not generate, and allow an output
        /// directory that is /, your home directory or the directory holding the spec.
        #[arg(long)]
        force: bool,
    },
    /// Check that the output directory holds exactly what `generate` would write (exit 1 if not).
    Check {
        #[command(flatten)]
        target: Target,
    },
    /// Validate specs and report every problem, without writing anything.
    Validate {
        /// The spec files (.yaml, .yml, .toml or .json); each is validated on its own.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Treat warnings as errors (exit 2).
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        messages: Messages,
    },
    /// Say why each NSG rule, route, firewall rule, service endpoint and resource exists.
    ///
    /// For each: the spec line that caused it and the catalogue entry, with its source and the date it
    /// was checked.
    Explain {
        /// The spec file (.yaml, .yml, .toml or .json).
        spec: PathBuf,
        /// The environment to explain, for a spec with `environments` (required when it has several).
        #[arg(long)]
        env: Option<String>,
        /// Only the items about this resource (any resource by its Azure name: NSG, subnet, private
        /// endpoint, DNS zone, AKS, NAT gateway, ...; or a compute by its spec name, for its subnet).
        #[arg(long)]
        resource: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the spec (for editors: `# yaml-language-server: $schema=...`).
    Schema,
    /// Draw the network topology: subnets, NSG rules, routes and the services each subnet reaches.
    Graph {
        /// The spec file (.yaml, .yml, .toml or .json).
        spec: PathBuf,
        /// The environment to draw, for a spec with `environments` (required when it has several).
        #[arg(long)]
        env: Option<String>,
        /// The diagram syntax.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Write a commented starter spec.
    Init {
        /// The starting point.
        #[arg(long, value_enum, default_value_t = Scenario::Minimal)]
        scenario: Scenario,
        /// The file to write (`-` for stdout).
        #[arg(short, long, default_value = "amlnet.yaml")]
        out: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Explain a diagnostic code: what it catches, why, an example spec that triggers it, and the fix.
    ///
    /// `amlnet::` may be left out (`amlnet explain-code subnet::overlap`); `--list` lists every code.
    ExplainCode {
        /// The code, e.g. `amlnet::subnet::overlap`.
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its severity and summary.
        #[arg(long, conflicts_with = "code")]
        list: bool,
    },
    /// Print a shell completion script to stdout.
    ///
    /// For example `amlnet completions bash > ~/.local/share/bash-completion/completions/amlnet`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The spec and output of `generate` and `check`.
#[derive(Debug, Clone, Args)]
pub struct Target {
    /// The spec file (.yaml, .yml, .toml or .json); `generate` also takes a directory of them (each
    /// into OUT/<file stem>/).
    pub spec: PathBuf,
    /// The output directory; each format goes into its own subdirectory.
    #[arg(short, long, default_value = DEFAULT_OUT)]
    pub out: PathBuf,
    /// The formats to generate (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [FormatArg::Terraform, FormatArg::Arm, FormatArg::Bicep])]
    pub format: Vec<FormatArg>,
    /// Treat warnings as errors (exit 2; nothing is written).
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub messages: Messages,
    /// Write the Terraform output as a child module: no provider blocks (the caller configures them),
    /// every input a variable.
    #[arg(long)]
    pub terraform_module: bool,
    /// Only this environment of a spec with `environments` (each has its directory in OUT); all of them by default.
    #[arg(long)]
    pub env: Option<String>,
}

/// How diagnostics are reported (`validate`, `generate`, `check`).
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Messages {
    /// Also print diagnostics on stdout: `json` lines or a `sarif` log (summaries then go to stderr).
    //
    // `human` prints GitHub Actions annotations on stdout when GITHUB_ACTIONS is `true`.
    #[arg(long, value_enum, value_name = "FMT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print errors only: no warnings and no summaries (machine output is unchanged).
    #[arg(short, long)]
    pub quiet: bool,
}

/// The machine-readable diagnostics `--message-format` asks for. (Plain comments on the variants keep
/// `--help` to one line per option.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    // Rendered diagnostics on stderr only, and GitHub Actions annotations on stdout when
    // `GITHUB_ACTIONS` is `true`.
    #[default]
    Human,
    // One JSON object per diagnostic and line on stdout: code, severity, file, line, column,
    // end_line, end_column, message, help, path.
    Json,
    // One SARIF 2.1.0 log on stdout, its rules from the diagnostic code index.
    Sarif,
}

/// The output directory `generate` and `check` use unless told (`init` names it too).
pub const DEFAULT_OUT: &str = "out";

/// An output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Terraform,
    Arm,
    Bicep,
}

/// A diagram syntax for `amlnet graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// A starter spec for `amlnet init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// One subnet, one compute cluster, restricted outbound.
    Minimal,
    /// Today's guidance: a private workspace, private endpoints, no-public-IP training behind a NAT gateway, restricted outbound, private AKS inference.
    Secure,
    /// The 2019 guidance with its own dated rules, for existing deployments.
    #[value(name = "seed-2019")]
    Seed2019,
}

/// Exit codes (also in `amlnet --help`).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// `check` found the output directory out of date.
    pub const STALE: u8 = 1;
    /// Invalid spec, denied warnings, or bad usage (clap exits with 2 too).
    pub const INVALID: u8 = 2;
    /// I/O failure.
    pub const IO: u8 = 3;
    /// Interrupted by SIGINT (SIGTERM while idle: 143).
    pub const INTERRUPTED: u8 = 130;
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

/// The first lines of every starter spec: editors with the YAML language server (VS Code's YAML
/// extension and others) complete and check the spec against the schema beside it.
pub const SCHEMA_MODELINE: &str = "\
# yaml-language-server: $schema=amlnet.schema.json
# (for completion and checks in your editor: `amlnet schema > amlnet.schema.json` beside this file)
";

impl Scenario {
    /// The commented starter spec (YAML), starting with [`SCHEMA_MODELINE`].
    pub fn spec(self) -> String {
        let template = match self {
            Scenario::Minimal => include_str!("../templates/init/minimal.yaml"),
            Scenario::Secure => include_str!("../templates/init/secure.yaml"),
            Scenario::Seed2019 => include_str!("../templates/init/seed-2019.yaml"),
        };
        format!("{SCHEMA_MODELINE}{template}")
    }
}

impl Target {
    /// The library generator these arguments ask for.
    pub fn to_lib(&self) -> Generator {
        let formats: Vec<Format> = self.format.iter().map(|f| f.to_lib()).collect();
        let mut generator = Generator::new();
        generator.formats(&formats);
        if self.deny_warnings {
            generator.deny_warnings();
        }
        if self.terraform_module {
            generator.terraform_module();
        }
        if let Some(env) = &self.env {
            generator.environment(env);
        }
        generator
    }

    /// The `amlnet generate` command line that writes this target, with paths as the user typed them.
    pub fn generate_command(&self) -> String {
        let mut words = vec!["amlnet".to_owned(), "generate".to_owned(), shell_word(self.spec.as_os_str())];
        words.extend(["-o".to_owned(), shell_word(self.out.as_os_str())]);
        let all: Vec<FormatArg> = FormatArg::value_variants().to_vec();
        if self.format != all {
            let names: Vec<String> = self.format.iter().map(ToString::to_string).collect();
            words.extend(["--format".to_owned(), names.join(",")]);
        }
        if self.terraform_module {
            words.push("--terraform-module".to_owned());
        }
        if let Some(env) = &self.env {
            words.extend(["--env".to_owned(), shell_word(OsStr::new(env))]);
        }
        words.join(" ")
    }
}

/// Parses the process arguments and runs the command. Usage errors exit with 2 (clap's default).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    handle_signals();
    let code = run(cli.command);
    if crate::output::interrupt_flag().load(std::sync::atomic::Ordering::SeqCst) {
        return ExitCode::from(exit::INTERRUPTED);
    }
    ExitCode::from(code)
}

/// SIGINT and SIGTERM end the process at once while no output directory is being written; during a
/// write they make it roll back (or finish a commit under way) first ([`crate::output::interrupt_flag`]).
#[cfg(unix)]
fn handle_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        let idle = std::sync::Arc::clone(crate::output::idle_flag());
        let status = 128 + signal;
        let _ = signal_hook::flag::register_conditional_shutdown(signal, status, idle);
        let _ = signal_hook::flag::register(signal, std::sync::Arc::clone(crate::output::interrupt_flag()));
    }
}

#[cfg(not(unix))]
fn handle_signals() {}

/// Runs one command; returns the exit code.
pub fn run(command: Command) -> u8 {
    match command {
        Command::Generate { target, force } if target.spec.is_dir() => {
            let mut reporter = Reporter::new(target.messages);
            let code = generate_batch(&target, force, &mut reporter);
            reporter.finish(code)
        }
        Command::Generate { target, force } => {
            let mut reporter = Reporter::new(target.messages);
            let code = generate(&target, force, &mut reporter);
            reporter.finish(code)
        }
        Command::Check { target } if target.spec.is_dir() => {
            eprintln!(
                "amlnet: check takes one spec file, and {} is a directory; check each spec against its own \
                 output directory (`amlnet check DIR/NAME.yaml -o OUT/NAME`)",
                target.spec.display()
            );
            exit::INVALID
        }
        Command::Check { target } => {
            let mut reporter = Reporter::new(target.messages);
            let code = check(&target, &mut reporter);
            reporter.finish(code)
        }
        Command::Validate { specs, deny_warnings, messages } => {
            let mut reporter = Reporter::new(messages);
            let code = specs
                .iter()
                .map(|spec| match spec.is_dir() {
                    true => validate_dir(spec, deny_warnings, &mut reporter),
                    false => validate(spec, deny_warnings, &mut reporter),
                })
                .max();
            reporter.finish(code.unwrap_or(exit::OK))
        }
        Command::Explain { spec, env, resource, json } => explain(&spec, env.as_deref(), resource.as_deref(), json),
        Command::Schema => print_stdout(&crate::schema::json_schema_text()),
        Command::Graph { spec, env, format } => graph(&spec, env.as_deref(), format),
        Command::Init { scenario, out, force } => init(scenario, &out, force),
        Command::ExplainCode { code, list } => explain_code(code.as_deref(), list),
        Command::Completions { shell } => completions(shell),
    }
}

fn generate(target: &Target, force: bool, reporter: &mut Reporter) -> u8 {
    if !force && let Err(why) = crate::output::refuse_out_dir(&target.out, Some(&target.spec)) {
        eprintln!(
            "amlnet: refusing to generate into {}: {why}; choose a directory of its own (`-o out`), or pass \
             --force",
            target.out.display()
        );
        return exit::INVALID;
    }
    let outputs = match load(target, reporter) {
        Ok(outputs) => outputs,
        Err(code) => return code,
    };
    // Under --deny-warnings a replacement in any environment writes none: each environment's plan is
    // decided before the first is written (each write decides it again from its own reads).
    if target.deny_warnings && outputs.len() > 1 {
        for output in &outputs {
            let mut refused = None;
            let _ = output.files.check_inspected(&output.dir(&target.out), &mut |previous| {
                refused = resource_plan(target, &output.files, previous, reporter).err();
            });
            if let Some(code) = refused {
                return code;
            }
        }
    }
    let mut code = exit::OK;
    for output in &outputs {
        code = code.max(generate_one(target, force, output, reporter));
        if code != exit::OK {
            break;
        }
    }
    // The process ends right after: freeing a large graph and its files is left to the OS.
    std::mem::forget(outputs);
    code
}

/// Writes one environment's files (or a spec's without environments) into its directory.
fn generate_one(target: &Target, force: bool, output: &Output, reporter: &mut Reporter) -> u8 {
    let (out, files) = (&output.dir(&target.out), &output.files);
    // The replacement plan is decided from the same reads as the write, before it changes anything.
    let (mut summary, mut refused) = (String::new(), None);
    let result =
        files.write_inspected(out, force, &mut |previous| match resource_plan(target, files, previous, reporter) {
            Ok(plan) => {
                summary = plan.summary();
                Ok(())
            }
            Err(code) => {
                refused = Some(code);
                Err(io::Error::other("a stateful resource would be replaced"))
            }
        });
    if let Some(code) = refused {
        return code;
    }
    match result {
        Ok(report) => reporter.summary(&format!("amlnet: {}\n{summary}", write_summary(&report, out))),
        Err(err) if err.get_ref().is_some_and(|e| e.is::<NotGenerated>()) => {
            eprintln!("amlnet: {err}");
            exit::INVALID
        }
        Err(err) if err.kind() == io::ErrorKind::Interrupted => {
            eprintln!("amlnet: {}: {err}", out.display());
            exit::INTERRUPTED
        }
        Err(err) => {
            eprintln!("amlnet: cannot write {}: {err}", out.display());
            exit::IO
        }
    }
}

/// `N files in OUT (W written, U unchanged[, R removed])`.
fn write_summary(report: &WriteReport, out: &Path) -> String {
    let mut summary = format!(
        "{} files in {} ({} written, {} unchanged",
        report.written.len() + report.unchanged.len(),
        out.display(),
        report.written.len(),
        report.unchanged.len()
    );
    if !report.removed.is_empty() {
        summary.push_str(&format!(", {} removed", report.removed.len()));
    }
    summary.push(')');
    summary
}

/// `amlnet generate DIR -o OUT`: every spec of `DIR` into `OUT/<file stem>/` ([`crate::batch`]), one
/// line per spec. Exit 3 if any spec failed on I/O, else 2 if any was invalid, else 0.
fn generate_batch(target: &Target, force: bool, reporter: &mut Reporter) -> u8 {
    if force {
        eprintln!("amlnet: --force takes one spec file, and {} is a directory", target.spec.display());
        return exit::INVALID;
    }
    if let Err(why) = crate::output::refuse_out_dir(&target.out, None) {
        eprintln!("amlnet: refusing to generate into {}: {why}; choose a directory of its own", target.out.display());
        return exit::INVALID;
    }
    let batch = match crate::batch::generate_dir_with(&target.spec, &target.out, &target.to_lib()) {
        Ok(batch) => batch,
        Err(err) => {
            eprintln!("amlnet: cannot list {}: {err}", target.spec.display());
            return exit::IO;
        }
    };
    for skipped in &batch.skipped {
        eprintln!("amlnet: skipped {}: not a .yaml, .yml, .toml or .json spec", skipped.display());
    }
    if batch.specs.is_empty() {
        eprintln!("amlnet: no spec files (.yaml, .yml, .toml or .json) in {}", target.spec.display());
        return exit::INVALID;
    }
    let mut code = exit::OK;
    for outcome in &batch.specs {
        let spec = outcome.spec.display();
        let failed = match &outcome.result {
            Ok(success) => {
                reporter.diagnostics(&success.warnings);
                if !success.replacements.items.is_empty() {
                    reporter.diagnostics(&success.replacements);
                }
                let line = format!("amlnet: {spec}: {}\n", write_summary(&success.write, &outcome.out_dir));
                if reporter.summary(&line) == exit::OK { exit::OK } else { exit::IO }
            }
            Err(SpecError::Generate(err)) => {
                let what = if matches!(err, Error::Invalid(_)) { "invalid spec, " } else { "" };
                eprintln!("amlnet: {spec}: {what}nothing written");
                reporter.error(err)
            }
            Err(SpecError::Write(err)) if err.get_ref().is_some_and(|e| e.is::<NotGenerated>()) => {
                eprintln!("amlnet: {spec}: {err}");
                exit::INVALID
            }
            Err(SpecError::Write(err)) if err.kind() == io::ErrorKind::Interrupted => {
                eprintln!("amlnet: {spec}: {err}");
                exit::INTERRUPTED
            }
            Err(SpecError::Write(err)) => {
                eprintln!("amlnet: {spec}: cannot write {}: {err}", outcome.out_dir.display());
                exit::IO
            }
            Err(err @ (SpecError::StemClash { .. } | SpecError::BadStem)) => {
                eprintln!("amlnet: {spec}: {err}");
                exit::INVALID
            }
            Err(err @ SpecError::Replaces(replacements)) => {
                reporter.diagnostics(replacements);
                eprintln!("amlnet: {spec}: {err}; nothing written");
                exit::INVALID
            }
        };
        code = code.max(failed);
    }
    let done = batch.specs.len() - batch.failures().count();
    let line = format!("amlnet: {done} of {} specs generated into {}\n", batch.specs.len(), target.out.display());
    code.max(reporter.summary(&line))
}

fn check(target: &Target, reporter: &mut Reporter) -> u8 {
    let outputs = match load(target, reporter) {
        Ok(outputs) => outputs,
        Err(code) => return code,
    };
    outputs.iter().map(|output| check_one(target, output, reporter)).max().unwrap_or(exit::OK)
}

/// Checks one environment's directory (or a spec's without environments).
fn check_one(target: &Target, output: &Output, reporter: &mut Reporter) -> u8 {
    let out = output.dir(&target.out);
    let mut plan = Ok(crate::output::ResourcePlan::default());
    let checked = output
        .files
        .check_inspected(&out, &mut |previous| plan = resource_plan(target, &output.files, previous, reporter));
    let plan = match plan {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    match checked {
        Ok(()) => reporter.summary(&format!("amlnet: {} is up to date\n", out.display())),
        Err(stale) => {
            reporter.summary(&plan.summary());
            let help = format!("run `{}` and commit the result", target.generate_command());
            for diags in stale_diagnostics(&stale, &help) {
                reporter.machine(&diags);
            }
            let unreadable = !stale.unreadable.is_empty();
            let text = stale.with_help(help).to_string();
            let text = if color() { colorize_diff(&text) } else { text };
            eprintln!("{text}");
            if unreadable { exit::IO } else { exit::STALE }
        }
    }
}

/// Warns about every stateful resource that writing `files` over the output directory replaces
/// (errors under `--deny-warnings`, exit 2), and returns the per-format resource summary.
fn resource_plan(
    target: &Target,
    files: &crate::Generated,
    previous: &crate::output::Previous,
    reporter: &mut Reporter,
) -> Result<crate::output::ResourcePlan, u8> {
    let plan = files.resource_plan(previous);
    if plan.replacements.is_empty() {
        return Ok(plan);
    }
    let mut items = plan.replacements.clone();
    if target.deny_warnings {
        items.iter_mut().for_each(|item| item.severity = crate::diagnostics::Severity::Error);
    }
    let file_name = target.spec.display().to_string();
    reporter.diagnostics(&Diagnostics { file_name, source: String::new(), items });
    if target.deny_warnings {
        eprintln!(
            "amlnet: {}: a stateful resource would be replaced, and warnings are errors (--deny-warnings)",
            target.out.display()
        );
        return Err(exit::INVALID);
    }
    Ok(plan)
}

fn validate(spec: &Path, deny_warnings: bool, reporter: &mut Reporter) -> u8 {
    let mut generator = Generator::new();
    generator.formats(&[]);
    if deny_warnings {
        generator.deny_warnings();
    }
    match generator.generate_all_file(spec, Path::new(".")) {
        Ok(outputs) => {
            if let Some(output) = outputs.first() {
                reporter.diagnostics(&output.warnings);
            }
            let counts: Vec<String> = outputs
                .iter()
                .map(|output| match &output.environment {
                    Some(env) => format!("{env}: {} resources", output.graph.resources().count()),
                    None => format!("{} resources", output.graph.resources().count()),
                })
                .collect();
            reporter.summary(&format!("amlnet: {} is valid ({})\n", spec.display(), counts.join(", ")))
        }
        Err(err) => reporter.error(&err),
    }
}

/// `amlnet validate DIR`: every spec of `DIR` (not its subdirectories), in name order; the worst
/// exit code wins.
fn validate_dir(dir: &Path, deny_warnings: bool, reporter: &mut Reporter) -> u8 {
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|entry| entry.path()).collect(),
        Err(err) => {
            eprintln!("amlnet: cannot list {}: {err}", dir.display());
            return exit::IO;
        }
    };
    specs.retain(|path| path.is_file() && crate::SourceFormat::from_path(path).is_some());
    specs.sort();
    if specs.is_empty() {
        eprintln!("amlnet: no spec files (.yaml, .yml, .toml or .json) in {}", dir.display());
        return exit::INVALID;
    }
    let codes: Vec<u8> = specs.iter().map(|spec| validate(spec, deny_warnings, reporter)).collect();
    let valid = codes.iter().filter(|&&code| code == exit::OK).count();
    let line = format!("amlnet: {valid} of {} specs in {} are valid\n", specs.len(), dir.display());
    codes.into_iter().max().unwrap_or(exit::OK).max(reporter.summary(&line))
}

fn explain(spec: &Path, env: Option<&str>, resource: Option<&str>, json: bool) -> u8 {
    let Some(syntax) = crate::SourceFormat::from_path(spec) else {
        return report(&Error::UnknownSyntax(spec.to_owned()));
    };
    let text = match crate::read_spec(spec) {
        Ok(text) => text,
        Err(err) => return report(&err),
    };
    let mut explanation = match crate::explain::explain_env(&text, syntax, &spec.display().to_string(), env) {
        Ok(explanation) => explanation,
        Err(diags) => return report(&Error::Invalid(Box::new(diags))),
    };
    if let Some(name) = resource
        && let Err(err) = explanation.filter_resource(name)
    {
        eprintln!("amlnet: {err}");
        return exit::INVALID;
    }
    if json {
        let mut text = serde_json::to_string_pretty(&explanation.to_json()).expect("JSON values serialize");
        text.push('\n');
        print_stdout(&text)
    } else {
        print_stdout(&explanation.to_text())
    }
}

fn graph(spec: &Path, env: Option<&str>, format: GraphFormat) -> u8 {
    let mut generator = Generator::new();
    generator.formats(&[]);
    if let Some(env) = env {
        generator.environment(env);
    }
    match generator.generate_file(spec, Path::new(".")) {
        Ok(output) => {
            print_diagnostics(&output.warnings);
            let text = match format {
                GraphFormat::Mermaid => crate::topology::mermaid(&output.graph),
                GraphFormat::Dot => crate::topology::dot(&output.graph),
            };
            print_stdout(&text)
        }
        Err(err) => report(&err),
    }
}

fn init(scenario: Scenario, out: &Path, force: bool) -> u8 {
    if out.as_os_str() == "-" {
        return print_stdout(&scenario.spec());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    match options.open(out).and_then(|mut file| file.write_all(scenario.spec().as_bytes())) {
        Ok(()) => {
            let next = format!("amlnet generate {} -o {DEFAULT_OUT}", shell_word(out.as_os_str()));
            print_stdout(&format!("amlnet: wrote {}; next: edit it, then `{next}`\n", out.display()))
        }
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("amlnet: refusing to overwrite {}: it exists; pass --force to overwrite it", out.display());
            exit::INVALID
        }
        Err(err) => {
            eprintln!("amlnet: cannot write {}: {err}", out.display());
            exit::IO
        }
    }
}

fn completions(shell: clap_complete::Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "amlnet", &mut script);
    print_stdout(&String::from_utf8_lossy(&script))
}

/// Generates `target` in memory (every environment, or the one chosen), reporting diagnostics; `Err`
/// is the exit code of a failure.
fn load(target: &Target, reporter: &mut Reporter) -> Result<Vec<Output>, u8> {
    match target.to_lib().generate_all_file(&target.spec, &target.out) {
        Ok(outputs) => {
            if let Some(output) = outputs.first() {
                reporter.diagnostics(&output.warnings);
            }
            Ok(outputs)
        }
        Err(err) => Err(reporter.error(&err)),
    }
}

/// `amlnet explain-code CODE` (or `--list`).
fn explain_code(code: Option<&str>, list: bool) -> u8 {
    if list {
        let mut text = String::new();
        for code in crate::codes::CODES {
            let severity = if code.severity == crate::Severity::Error { "error" } else { "warning" };
            text.push_str(&format!("{:<52} {severity:<8} {}\n", code.code, code.summary));
        }
        return print_stdout(&text);
    }
    let code = code.unwrap_or_default();
    match crate::codes::find(code) {
        Some(entry) => print_stdout(&crate::codes::explain(entry)),
        None => {
            eprintln!("amlnet: no diagnostic code `{code}`; `amlnet explain-code --list` lists them all");
            exit::INVALID
        }
    }
}

/// Where diagnostics go: rendered on stderr (errors only under `--quiet`), as JSON lines on stdout,
/// collected into one SARIF log printed at the end, and as GitHub Actions annotations on stdout when
/// `GITHUB_ACTIONS` is `true` and stdout carries nothing else for machines.
struct Reporter {
    messages: Messages,
    github: bool,
    /// Every set of diagnostics so far, for the SARIF log.
    collected: Vec<Diagnostics>,
}

impl Reporter {
    fn new(messages: Messages) -> Reporter {
        let github = std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true");
        Reporter { messages, github, collected: Vec::new() }
    }

    /// Reports diagnostics about one spec.
    fn diagnostics(&mut self, diags: &Diagnostics) {
        if diags.items.is_empty() {
            return;
        }
        if self.messages.quiet {
            let errors = Diagnostics { items: diags.errors().cloned().collect(), ..diags.clone() };
            print_diagnostics(&errors);
        } else {
            print_diagnostics(diags);
        }
        self.machine(diags);
    }

    /// Reports diagnostics to machines only (their human form is printed elsewhere).
    fn machine(&mut self, diags: &Diagnostics) {
        match self.messages.message_format {
            MessageFormat::Human if self.github => {
                print_stdout(&crate::report::github_annotations(diags));
            }
            MessageFormat::Human => {}
            MessageFormat::Json => {
                print_stdout(&crate::report::json_lines(diags));
            }
            MessageFormat::Sarif => self.collected.push(diags.clone()),
        }
    }

    /// Reports a failure (an invalid spec's diagnostics); returns its exit code.
    fn error(&mut self, err: &Error) -> u8 {
        match err {
            Error::Invalid(diags) => {
                self.diagnostics(diags);
                exit::INVALID
            }
            _ => report(err),
        }
    }

    /// A summary line: stdout in human mode, stderr when stdout is for machines, nowhere under `--quiet`.
    fn summary(&self, text: &str) -> u8 {
        if self.messages.quiet {
            exit::OK
        } else if self.messages.message_format == MessageFormat::Human {
            print_stdout(text)
        } else {
            let _ = io::stderr().lock().write_all(text.as_bytes());
            exit::OK
        }
    }

    /// Prints the SARIF log, if asked for; returns the exit code, made worse by a failure to print.
    fn finish(self, code: u8) -> u8 {
        if self.messages.message_format != MessageFormat::Sarif {
            return code;
        }
        let mut text =
            serde_json::to_string_pretty(&crate::report::sarif(&self.collected)).expect("JSON values serialize");
        text.push('\n');
        code.max(print_stdout(&text))
    }
}

/// A [`crate::Stale`] report as diagnostics, one per file that differs, is missing or should not be
/// there, each about that file.
fn stale_diagnostics(stale: &crate::Stale, help: &str) -> Vec<Diagnostics> {
    let files = stale.changed.iter().map(|f| (f.path.as_str(), "differs from what `generate` writes"));
    let files = files
        .chain(stale.missing.iter().map(|p| (p.as_str(), "is missing")))
        .chain(stale.extra.iter().map(|p| (p.as_str(), "is no longer generated")))
        .chain(stale.unreadable.iter().map(|f| (f.path.as_str(), "cannot be read")));
    files
        .map(|(path, what)| {
            let file = stale.dir.join(path).display().to_string();
            let mut diags = Diagnostics::new(&file, "");
            diags.items.push(crate::diagnostics::Diagnostic {
                code: "amlnet::check::stale",
                severity: crate::Severity::Error,
                message: format!("{file} {what}"),
                help: Some(help.to_owned()),
                path: None,
                span: None,
                line: None,
                related: Vec::new(),
            });
            diags
        })
        .collect()
}

/// Prints `err` (an invalid spec's diagnostics rendered); returns its exit code.
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

fn print_diagnostics(diags: &Diagnostics) {
    if diags.items.is_empty() {
        return;
    }
    let _ = io::stderr().lock().write_all(diags.render(color(), 100).as_bytes());
}

/// Writes `text` to stdout. A closed pipe (`amlnet completions bash | head`) is not an error.
fn print_stdout(text: &str) -> u8 {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => exit::OK,
        Err(err) => {
            eprintln!("amlnet: cannot write to stdout: {err}");
            exit::IO
        }
    }
}

/// Whether stderr gets colour: a terminal, and `NO_COLOR` unset or empty.
fn color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colours the lines of unified diffs in a [`crate::Stale`] report: removals red, additions green.
fn colorize_diff(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let color = if line.starts_with("---") || line.starts_with("+++") {
            "1"
        } else if line.starts_with('-') {
            "31"
        } else if line.starts_with('+') {
            "32"
        } else if line.starts_with("@@") {
            "36"
        } else {
            ""
        };
        if color.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(&format!("\x1b[{color}m{line}\x1b[0m"));
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// `word` quoted for a POSIX shell if it needs it.
fn shell_word(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '=' | ','));
    if plain { word.into_owned() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_command_quotes_and_keeps_formats() {
        let target = Target {
            spec: "my specs/a.yaml".into(),
            out: "out".into(),
            format: vec![FormatArg::Bicep],
            deny_warnings: false,
            messages: Messages::default(),
            terraform_module: false,
            env: None,
        };
        assert_eq!(target.generate_command(), "amlnet generate 'my specs/a.yaml' -o out --format bicep");
        assert_eq!(shell_word(OsStr::new("it's")), r"'it'\''s'");
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
