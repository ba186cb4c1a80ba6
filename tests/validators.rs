//! The third-party validators (`validate.sh --strict-fmt`, including checkov's gated checks) on every
//! example (and its Terraform as a child module), the shared private example and `tests/data/flagged/*`: each fails on exactly the checks it
//! is expected to fail, and on nothing else.
//!
//! A flagged spec deliberately chooses what a gated security check flags (firewalls off, SSH from the
//! Internet, kubenet, HTTP scoring from the Internet); it still generates, with a warning, and its first
//! line names the checks it must fail: `# expect-checks: CKV_AZURE_35 CKV_AZURE_109`. Examples must fail
//! nothing.
//!
//! The validators are not part of this repository: the script is `$AMLNET_VALIDATE_SH`, or
//! `validators/validate.sh` in `$AMLNET_SHARED` (default: `shared` beside the crate). When it or its
//! Python environments are missing, the test prints a notice and passes, except under CI (`CI` set),
//! where it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use amlnet::{Generator, Severity, SourceFormat};

mod support;
use support::spec_files;

#[test]
fn validators_fail_exactly_on_what_each_spec_chose() {
    let script = std::env::var_os("AMLNET_VALIDATE_SH").map(PathBuf::from).unwrap_or_else(|| {
        let shared = std::env::var_os("AMLNET_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| support::crate_dir().join("../shared"));
        shared.join("validators/validate.sh")
    });
    let script = script.display().to_string();
    if !Path::new(&script).exists() {
        skip(&format!("{script} not found"));
        return;
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("validators");
    let _ = std::fs::remove_dir_all(&root);

    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (dir, flagged) in [("examples", false), ("tests/data/private", false), ("tests/data/flagged", true)] {
        for path in spec_files(dir) {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let want: BTreeSet<String> = if flagged {
                let line = text.lines().next().unwrap();
                let ids = line.strip_prefix("# expect-checks:").expect("first line `# expect-checks: ...`");
                ids.split_whitespace().filter(|id| *id != "nothing").map(str::to_owned).collect()
            } else {
                BTreeSet::new()
            };
            let syntax = SourceFormat::from_path(&path).unwrap();
            let all = Generator::new().generate_all_str(&text, syntax, &name, "../spec").unwrap_or_else(|diags| {
                panic!("{name} is invalid:\n{}", diags.render(false, 100));
            });
            if all[0].environment.is_some() {
                // A spec with environments: each environment is a case of its own.
                for output in all {
                    let case = format!("{name}.{}", output.environment.as_deref().unwrap());
                    output.files.write(&root.join(&case)).unwrap();
                    assert!(expected.insert(case, want.clone()).is_none());
                }
                continue;
            }
            let output = Generator::new()
                .generate_str(&text, syntax, &name, "../spec")
                .unwrap_or_else(|diags| panic!("{name} is invalid:\n{}", diags.render(false, 100)));
            if want.iter().any(|check| check.starts_with("CKV")) {
                // Every deliberate choice a security check flags is also said as a warning.
                assert!(
                    output.warnings.items.iter().any(|d| d.severity == Severity::Warning),
                    "{name}: no warning about what it chose"
                );
            }
            output.files.write(&root.join(&name)).unwrap();
            if dir == "examples" {
                // The Terraform child module (`--terraform-module`) passes the same checks.
                let module = Generator::new()
                    .formats(&[amlnet::Format::Terraform])
                    .terraform_module()
                    .generate_str(&text, SourceFormat::from_path(&path).unwrap(), &name, "../spec")
                    .unwrap();
                let module_name = format!("{name}.module");
                module.files.write(&root.join(&module_name)).unwrap();
                expected.insert(module_name, BTreeSet::new());
            }
            assert!(expected.insert(name, want).is_none());
        }
    }

    let run = Command::new(&script).arg("--strict-fmt").arg(&root).env("VALIDATOR_NO_SETUP", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    if run.status.code() == Some(2) {
        skip(&format!("{script} cannot run here ({})", String::from_utf8_lossy(&run.stderr)));
        return;
    }

    let found = failures(&stdout, &expected);
    for (case, want) in &expected {
        let got = found.get(case).cloned().unwrap_or_default();
        assert_eq!(&got, want, "{case}: validators failed on {got:?}, expected {want:?}\n{stdout}");
    }
}

/// Skips the test with a notice, or fails it under CI, where the validators must run.
fn skip(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{why}: the validators must run under CI");
    eprintln!("notice: {why}; validator test skipped");
}

/// Per case, the failed checks: checkov check ids for the checkov checks, the check's name otherwise.
fn failures(stdout: &str, cases: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let case_of = |text: &str| text.split(['/', ' ']).find(|part| cases.contains_key(*part)).map(str::to_owned);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("FAIL ") {
            let check = rest.split_whitespace().next().unwrap().to_owned();
            if !check.starts_with("checkov.")
                && let Some(case) = case_of(rest)
            {
                out.entry(case).or_default().insert(check.clone());
            }
            current = Some(check);
        } else if line.starts_with("PASS") || line.starts_with("SKIP") || line.starts_with("==") {
            current = None;
        } else if let (Some(check), Some(error)) = (&current, line.trim_start().strip_prefix("error: ")) {
            let Some(case) = case_of(error) else { continue };
            let what = if check.starts_with("checkov.") {
                error.split_whitespace().next().unwrap().to_owned()
            } else {
                check.clone()
            };
            out.entry(case).or_default().insert(what);
        }
    }
    out
}
