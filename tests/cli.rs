//! The `amlnet` binary end to end: `--help` snapshots, the generate-then-check workflow, exit codes,
//! user files, nothing half-written, concurrent runs, `init` and completions.
//!
//! Every test runs the built binary from the repository root through one helper, [`amlnet`].

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `amlnet ARGS` from the repository root, without colour.
#[track_caller]
fn amlnet(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_amlnet"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap();
    run(output)
}

fn run(output: Output) -> Run {
    Run {
        code: output.status.code().expect("amlnet exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

impl Run {
    #[track_caller]
    fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Every file and directory under `dir` with its contents (directories as `path/`).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(path);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn help() {
    let mut snapshot = String::new();
    for command in [
        &[][..],
        &["generate"],
        &["check"],
        &["validate"],
        &["explain"],
        &["schema"],
        &["graph"],
        &["init"],
        &["completions"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let run = amlnet(&args).expect(0);
        snapshot.push_str(&format!("==== amlnet {} ====\n{}", args.join(" "), run.stdout));
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("cli-help", snapshot));
}

#[test]
fn generate_then_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = amlnet(&["generate", "examples/seed-2019.yaml", "-o", s(&out)]).expect(0);
    assert!(run.stdout.contains("9 written, 0 unchanged"), "{}", run.stdout);
    amlnet(&["check", "examples/seed-2019.yaml", "-o", s(&out)]).expect(0);
    let run = amlnet(&["generate", "examples/seed-2019.yaml", "-o", s(&out)]).expect(0);
    assert!(run.stdout.contains("0 written, 9 unchanged"), "{}", run.stdout);

    // One edited line: exit 1, a diff naming the file, and the command that fixes it.
    let main_tf = out.join("terraform/main.tf");
    let text = fs::read_to_string(&main_tf).unwrap();
    let edited = text.replacen("location", "locaton", 1);
    fs::write(&main_tf, &edited).unwrap();
    let run = amlnet(&["check", "examples/seed-2019.yaml", "-o", s(&out)]).expect(1);
    assert!(run.stderr.contains(&format!("--- {}/terraform/main.tf (on disk)", out.display())), "{}", run.stderr);
    let removed = edited.lines().find(|line| line.contains("locaton")).unwrap();
    assert!(run.stderr.contains(&format!("\n-{removed}\n")), "{}", run.stderr);
    let fix = format!("help: run `amlnet generate examples/seed-2019.yaml -o {}` and commit the result", out.display());
    assert!(run.stderr.contains(&fix), "{}", run.stderr);

    // Missing and extra files are listed; the fix command keeps --format.
    fs::remove_file(out.join("bicep/main.bicep")).unwrap();
    let run = amlnet(&["check", "examples/seed-2019.yaml", "-o", s(&out), "--format", "terraform,arm"]).expect(1);
    assert!(run.stderr.contains("extra (generated earlier, no longer produced):"), "{}", run.stderr);
    assert!(run.stderr.contains("bicep/main.bicepparam"), "{}", run.stderr);
    assert!(run.stderr.contains("--format terraform,arm`"), "{}", run.stderr);
    let run = amlnet(&["check", "examples/seed-2019.yaml", "-o", s(&out)]).expect(1);
    assert!(run.stderr.contains("missing (the spec generates them):"), "{}", run.stderr);

    amlnet(&["generate", "examples/seed-2019.yaml", "-o", s(&out)]).expect(0);
    amlnet(&["check", "examples/seed-2019.yaml", "-o", s(&out)]).expect(0);
    // Nothing but the output directory is left beside it.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn user_files_are_never_overwritten_or_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("terraform")).unwrap();
    fs::write(out.join("terraform/main.tf"), "# my own terraform\n").unwrap();
    fs::write(out.join("terraform/backend.tf"), "# my backend\n").unwrap();
    let before = tree(&out);
    let run = amlnet(&["generate", "examples/minimal.toml", "-o", s(&out)]).expect(2);
    assert!(
        run.stderr.contains(&format!("refusing to overwrite {}/terraform/main.tf", out.display())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tree(&out), before);

    amlnet(&["generate", "examples/minimal.toml", "-o", s(&out), "--force"]).expect(0);
    amlnet(&["check", "examples/minimal.toml", "-o", s(&out)]).expect(0);
    // Dropping a format removes what amlnet generated for it, and only that.
    fs::write(out.join("bicep/README.md"), "# notes\n").unwrap();
    let run = amlnet(&["generate", "examples/minimal.toml", "-o", s(&out), "--format", "terraform"]).expect(0);
    assert!(run.stdout.contains("4 removed"), "{}", run.stdout);
    assert!(!out.join("arm").exists() && !out.join("bicep/main.bicep").exists());
    assert_eq!(fs::read_to_string(out.join("bicep/README.md")).unwrap(), "# notes\n");
    assert_eq!(fs::read_to_string(out.join("terraform/backend.tf")).unwrap(), "# my backend\n");
}

#[test]
fn exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    amlnet(&["validate", "examples/seed-2019.yaml"]).expect(0);
    // Usage errors (clap) and invalid specs: 2.
    amlnet(&["generate"]).expect(2);
    amlnet(&["generate", "examples/minimal.toml", "--format", "cdk"]).expect(2);
    amlnet(&["frobnicate"]).expect(2);
    amlnet(&["validate", "README"]).expect(2);
    let run = amlnet(&["validate", "tests/data/invalid/subnet-overlap.yaml"]).expect(2);
    assert!(run.stderr.contains("amlnet::"), "{}", run.stderr);
    // Warnings pass, unless denied.
    amlnet(&["validate", "tests/data/warnings/outbound-open.yaml"]).expect(0);
    let run = amlnet(&["validate", "tests/data/warnings/outbound-open.yaml", "--deny-warnings"]).expect(2);
    assert!(run.stderr.contains("×") && run.stderr.contains("amlnet::outbound::default_access"), "{}", run.stderr);
    amlnet(&["generate", "tests/data/warnings/outbound-open.yaml", "-o", s(&out), "--deny-warnings"]).expect(2);
    assert!(!out.exists());
    amlnet(&["check", "tests/data/warnings/outbound-open.yaml", "-o", s(&out), "--deny-warnings"]).expect(2);
    // Stale: 1.
    amlnet(&["check", "examples/minimal.toml", "-o", s(&out)]).expect(1);
    // I/O: 3 (an unreadable spec; a directory where a generated file must be written).
    amlnet(&["validate", "examples/no-such-spec.yaml"]).expect(3);
    amlnet(&["generate", "examples/minimal.toml", "-o", s(&out)]).expect(0);
    fs::remove_file(out.join("bicep/main.bicep")).unwrap();
    fs::create_dir(out.join("bicep/main.bicep")).unwrap();
    let before = tree(&out);
    let run = amlnet(&["generate", "examples/seed-2019.yaml", "-o", s(&out)]).expect(3);
    assert!(run.stderr.contains("bicep/main.bicep"), "{}", run.stderr);
    assert_eq!(tree(&out), before, "a failed generate changed the output directory");
}

#[test]
fn invalid_spec_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let new = tmp.path().join("new/out");
    amlnet(&["generate", "tests/data/invalid/subnet-overlap.yaml", "-o", s(&new)]).expect(2);
    assert!(!tmp.path().join("new").exists());

    let out = tmp.path().join("out");
    amlnet(&["generate", "examples/minimal.toml", "-o", s(&out)]).expect(0);
    fs::write(out.join("notes.txt"), "mine\n").unwrap();
    let before = tree(tmp.path());
    amlnet(&["generate", "tests/data/invalid/subnet-overlap.yaml", "-o", s(&out)]).expect(2);
    amlnet(&["generate", "examples/no-such-spec.yaml", "-o", s(&out)]).expect(3);
    assert_eq!(tree(tmp.path()), before);
}

/// Two `amlnet generate` processes on one directory, with different specs: the result is exactly one
/// of the two outputs, complete, with no lock or staging directory left behind.
#[test]
fn concurrent_generates_leave_a_complete_result() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let specs = ["examples/minimal.toml", "examples/seed-2019.yaml"];
    for _ in 0..8 {
        let children: Vec<_> = specs
            .iter()
            .map(|spec| {
                Command::new(env!("CARGO_BIN_EXE_amlnet"))
                    .args(["generate", spec, "-o", s(&out)])
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let fresh: Vec<i32> = specs.iter().map(|spec| amlnet(&["check", spec, "-o", s(&out)]).code).collect();
        assert!(fresh.contains(&0), "neither spec's output is complete: {fresh:?}");
        assert!(!out.join(".amlnet.lock").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "staging directory left behind");
    }
}

#[test]
fn init_writes_starter_specs_that_validate() {
    let tmp = tempfile::tempdir().unwrap();
    for scenario in ["minimal", "secure", "seed-2019"] {
        let file = tmp.path().join(format!("{scenario}.yaml"));
        amlnet(&["init", "--scenario", scenario, "-o", s(&file)]).expect(0);
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("# amlnet spec:"), "{scenario}");
        amlnet(&["validate", s(&file)]).expect(0);
        let out = tmp.path().join(format!("{scenario}-out"));
        amlnet(&["generate", s(&file), "-o", s(&out)]).expect(0);
    }
    let file = tmp.path().join("minimal.yaml");
    fs::write(&file, "# mine\n").unwrap();
    let run = amlnet(&["init", "-o", s(&file)]).expect(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&file).unwrap(), "# mine\n");
    amlnet(&["init", "-o", s(&file), "--force"]).expect(0);
    assert!(fs::read_to_string(&file).unwrap().contains("kind: aml_cluster"));
    let run = amlnet(&["init", "--scenario", "secure", "-o", "-"]).expect(0);
    assert!(run.stdout.contains("forced_tunneling:"));
}

#[test]
fn completions() {
    for (shell, needle) in [("bash", "complete -F"), ("zsh", "#compdef amlnet"), ("fish", "complete -c amlnet")] {
        let run = amlnet(&["completions", shell]).expect(0);
        assert!(run.stdout.contains(needle), "{shell}:\n{}", run.stdout);
        assert!(run.stdout.contains("generate"), "{shell}");
    }
}

#[test]
fn explain_schema_and_graph_commands() {
    let run = amlnet(&["explain", "examples/seed-2019.yaml", "--resource", "aks"]).expect(0);
    assert!(run.stdout.contains("AllowScoringInbound-myaks"), "{}", run.stdout);
    assert!(!run.stdout.contains("AllowSshInbound"), "the filter keeps only the aks subnet: {}", run.stdout);
    let run = amlnet(&["explain", "examples/minimal.toml", "--json"]).expect(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json["nsg_rules"].as_array().is_some_and(|r| !r.is_empty()));
    amlnet(&["explain", "examples/minimal.toml", "--resource", "nope"]).expect(2);
    let run = amlnet(&["schema"]).expect(0);
    assert_eq!(run.stdout, amlnet::schema::json_schema_text());
    let run = amlnet(&["graph", "examples/seed-2019.yaml", "--format", "dot"]).expect(0);
    assert!(run.stdout.starts_with("digraph"), "{}", run.stdout);
    amlnet(&["graph", "tests/data/invalid/subnet-overlap.yaml"]).expect(2);
}

/// `generate DIR`: every spec of the directory into `OUT/<stem>/`; an invalid one is reported with its
/// diagnostics, writes nothing, stops no other, and makes the exit code 2.
#[test]
fn generate_a_directory_of_specs() {
    let tmp = tempfile::tempdir().unwrap();
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    fs::create_dir(&specs).unwrap();
    let minimal = fs::read_to_string("examples/minimal.toml").unwrap();
    fs::write(specs.join("a.toml"), &minimal).unwrap();
    fs::write(specs.join("b.yaml"), fs::read_to_string("examples/seed-2019.yaml").unwrap()).unwrap();
    fs::write(specs.join("broken.yaml"), fs::read_to_string("tests/data/invalid/subnet-overlap.yaml").unwrap())
        .unwrap();
    let run = amlnet(&["generate", s(&specs), "-o", s(&out)]).expect(2);
    assert!(run.stderr.contains("broken.yaml: invalid spec, nothing written"), "{}", run.stderr);
    assert!(run.stderr.contains("amlnet::"), "the diagnostic is rendered: {}", run.stderr);
    assert!(run.stdout.contains("a.toml: ") && run.stdout.contains("b.yaml: "), "{}", run.stdout);
    assert!(run.stdout.contains("2 of 3 specs generated"), "{}", run.stdout);
    for name in ["a", "b"] {
        assert!(out.join(name).join("terraform/main.tf").is_file(), "{name}");
        assert!(out.join(name).join("bicep/main.bicep").is_file(), "{name}");
    }
    assert!(!out.join("broken").exists());
    // Each output is what `generate` of that spec alone writes.
    amlnet(&["check", s(&specs.join("a.toml")), "-o", s(&out.join("a"))]).expect(0);

    fs::remove_file(specs.join("broken.yaml")).unwrap();
    let run = amlnet(&["generate", s(&specs), "-o", s(&out)]).expect(0);
    assert!(run.stdout.contains("0 written"), "{}", run.stdout);
    // `check` and `--force` take one spec.
    let run = amlnet(&["check", s(&specs), "-o", s(&out)]).expect(2);
    assert!(run.stderr.contains("check takes one spec file"), "{}", run.stderr);
    amlnet(&["generate", s(&specs), "-o", s(&out), "--force"]).expect(2);
}
