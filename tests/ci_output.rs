//! Diagnostics for CI end to end: `--message-format json` and `sarif` on stdout with the human
//! rendering on stderr, GitHub Actions annotations, `--quiet`, `check`'s stale files as diagnostics,
//! and `explain-code`.
//!
//! The SARIF log is validated against a hand-written JSON Schema (draft 7) of the part of SARIF
//! 2.1.0 amlnet writes: every object amlnet emits, with the official schema's required properties,
//! types, enumerations and minimums, and `additionalProperties: false` as there, so a misspelled or
//! misplaced property fails. (The official schema is 112 kB, draft 4; it is not vendored.)

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `amlnet ARGS` from the repository root, without colour, outside CI and GitHub Actions unless
/// `env` says otherwise.
#[track_caller]
fn amlnet_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_amlnet"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code().expect("amlnet exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[track_caller]
fn amlnet(args: &[&str]) -> Run {
    amlnet_env(args, &[])
}

impl Run {
    #[track_caller]
    fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    fn json_lines(&self) -> Vec<Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
}

const INVALID: &str = "tests/data/invalid/subnet-overlap.yaml";
const WARNS: &str = "tests/data/warnings/kubenet.yaml";

#[test]
fn json_prints_one_object_per_diagnostic_and_keeps_the_rendering_on_stderr() {
    let run = amlnet(&["validate", INVALID, "--message-format", "json"]).expect(2);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let d = &lines[0];
    for key in ["code", "severity", "file", "line", "column", "message", "help"] {
        assert!(d.get(key).is_some_and(|v| !v.is_null()), "{key} missing in {d}");
    }
    assert_eq!(d["code"], "amlnet::subnet::overlap");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], INVALID);
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(11), Some(15)));
    assert!(run.stderr.contains("amlnet::subnet::overlap") && run.stderr.contains("╭─["), "{}", run.stderr);

    // A valid spec: its warnings as JSON, the summary on stderr so that stdout stays JSON.
    let run = amlnet(&["validate", WARNS, "--message-format", "json"]).expect(0);
    let lines = run.json_lines();
    assert_eq!(lines.iter().map(|d| d["code"].as_str().unwrap()).collect::<Vec<_>>(), ["amlnet::aks::kubenet"]);
    assert_eq!(lines[0]["severity"], "warning");
    assert!(run.stderr.contains("is valid"), "{}", run.stderr);
}

/// The pre-commit hook passes every spec a commit touches to one `validate`: each is validated, the
/// exit code is the worst, and the machine output covers them all.
#[test]
fn validate_takes_several_specs() {
    let run = amlnet(&["validate", "examples/minimal.toml", INVALID, WARNS, "--message-format", "json"]).expect(2);
    let codes: Vec<String> = run.json_lines().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect();
    assert_eq!(codes, ["amlnet::subnet::overlap", "amlnet::aks::kubenet"]);
    assert!(run.stderr.contains("examples/minimal.toml is valid"), "{}", run.stderr);
    amlnet(&["validate", "examples/minimal.toml", WARNS]).expect(0);
    let run = amlnet(&["validate", INVALID, WARNS, "--message-format", "sarif"]).expect(2);
    assert_eq!(check_sarif(&run.stdout)["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn json_from_generate_names_each_spec_of_a_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    for file in [INVALID, WARNS] {
        let path = Path::new(file);
        std::fs::copy(path, specs.join(path.file_name().unwrap())).unwrap();
    }
    let out = tmp.path().join("out");
    let run = amlnet(&["generate", specs.to_str().unwrap(), "-o", out.to_str().unwrap(), "--message-format", "json"])
        .expect(2);
    let mut files: Vec<String> = run
        .json_lines()
        .iter()
        .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    files.sort();
    let dir = specs.to_str().unwrap();
    assert_eq!(
        files,
        [
            format!("{dir}/kubenet.yaml amlnet::aks::kubenet"),
            format!("{dir}/subnet-overlap.yaml amlnet::subnet::overlap")
        ]
    );
    assert!(run.stderr.contains("1 of 2 specs generated"), "{}", run.stderr);
}

/// The part of SARIF 2.1.0 amlnet writes, as a draft 7 schema (see the module documentation).
fn sarif_schema() -> Value {
    let message = json!({
        "type": "object", "additionalProperties": false,
        "properties": { "text": { "type": "string" }, "markdown": { "type": "string" }, "id": { "type": "string" } },
        "anyOf": [{ "required": ["text"] }, { "required": ["id"] }],
    });
    let multiformat = json!({
        "type": "object", "additionalProperties": false, "required": ["text"],
        "properties": { "text": { "type": "string" }, "markdown": { "type": "string" } },
    });
    let level = json!({ "enum": ["none", "note", "warning", "error"] });
    let one_or_more = json!({ "type": "integer", "minimum": 1 });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object", "additionalProperties": false, "required": ["version", "runs"],
        "properties": {
            "$schema": { "type": "string", "format": "uri" },
            "version": { "enum": ["2.1.0"] },
            "runs": { "type": "array", "items": { "$ref": "#/definitions/run" } },
        },
        "definitions": {
            "run": {
                "type": "object", "additionalProperties": false, "required": ["tool"],
                "properties": {
                    "tool": { "$ref": "#/definitions/tool" },
                    "columnKind": { "enum": ["utf16CodeUnits", "unicodeCodePoints"] },
                    "results": { "type": "array", "items": { "$ref": "#/definitions/result" } },
                },
            },
            "tool": {
                "type": "object", "additionalProperties": false, "required": ["driver"],
                "properties": { "driver": { "$ref": "#/definitions/toolComponent" } },
            },
            "toolComponent": {
                "type": "object", "additionalProperties": false, "required": ["name"],
                "properties": {
                    "name": { "type": "string" },
                    "version": { "type": "string" },
                    "informationUri": { "type": "string", "format": "uri" },
                    "rules": { "type": "array", "uniqueItems": true, "items": { "$ref": "#/definitions/reportingDescriptor" } },
                },
            },
            "reportingDescriptor": {
                "type": "object", "additionalProperties": false, "required": ["id"],
                "properties": {
                    "id": { "type": "string" },
                    "shortDescription": multiformat,
                    "fullDescription": multiformat,
                    "help": multiformat,
                    "helpUri": { "type": "string", "format": "uri" },
                    "defaultConfiguration": {
                        "type": "object", "additionalProperties": false,
                        "properties": { "enabled": { "type": "boolean" }, "level": level },
                    },
                },
            },
            "result": {
                "type": "object", "additionalProperties": false, "required": ["message"],
                "properties": {
                    "ruleId": { "type": "string" },
                    "ruleIndex": { "type": "integer", "minimum": -1 },
                    "level": level,
                    "message": message,
                    "locations": { "type": "array", "items": { "$ref": "#/definitions/location" } },
                },
            },
            "location": {
                "type": "object", "additionalProperties": false,
                "properties": {
                    "physicalLocation": { "$ref": "#/definitions/physicalLocation" },
                    "logicalLocations": {
                        "type": "array", "uniqueItems": true,
                        "items": {
                            "type": "object", "additionalProperties": false,
                            "properties": { "name": { "type": "string" }, "fullyQualifiedName": { "type": "string" } },
                        },
                    },
                },
            },
            "physicalLocation": {
                "type": "object", "additionalProperties": false,
                "required": ["artifactLocation"],
                "properties": {
                    "artifactLocation": {
                        "type": "object", "additionalProperties": false,
                        "properties": { "uri": { "type": "string", "format": "uri-reference" } },
                    },
                    "region": {
                        "type": "object", "additionalProperties": false,
                        "properties": {
                            "startLine": one_or_more, "startColumn": one_or_more,
                            "endLine": one_or_more, "endColumn": one_or_more,
                        },
                    },
                },
            },
        },
    })
}

#[track_caller]
fn check_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    let validator = jsonschema::options().should_validate_formats(true).build(&sarif_schema()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "the SARIF log breaks SARIF 2.1.0:\n{}", errors.join("\n"));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule");
    }
    log
}

#[test]
fn sarif_is_one_valid_log_with_rules_from_the_code_index() {
    // The schema itself rejects what it should.
    let validator = jsonschema::options().should_validate_formats(true).build(&sarif_schema()).unwrap();
    assert!(!validator.is_valid(&json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": {} } }] })));
    assert!(!validator.is_valid(&json!({ "version": "2.1.0", "runs": [], "extra": 1 })));

    let run = amlnet(&["validate", INVALID, "--message-format", "sarif"]).expect(2);
    let log = check_sarif(&run.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "amlnet::subnet::overlap");
    assert_eq!(results[0]["level"], "error");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(11), Some(15)));
    let explain = amlnet(&["explain-code", "--list"]).expect(0);
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), explain.stdout.lines().count());
    assert!(run.stderr.contains("amlnet::subnet::overlap"), "{}", run.stderr);

    // A valid spec: an empty or warnings-only log, still valid.
    let run = amlnet(&["validate", "examples/minimal.toml", "--message-format", "sarif"]).expect(0);
    check_sarif(&run.stdout);
    let run = amlnet(&["validate", WARNS, "--message-format", "sarif"]).expect(0);
    assert_eq!(check_sarif(&run.stdout)["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn github_actions_get_annotations_with_positions() {
    let env = [("GITHUB_ACTIONS", "true")];
    let run = amlnet_env(&["validate", INVALID], &env).expect(2);
    assert_eq!(
        run.stdout.lines().next().unwrap_or_default(),
        format!(
            "::error file={INVALID},line=11,col=15,endLine=11,endColumn=26,title=amlnet%3A%3Asubnet%3A%3Aoverlap::\
             subnets `training` (10.0.1.0/24) and `other` (10.0.0.0/23) overlap%0Ahelp: move `other` to a range \
             that does not overlap 10.0.1.0/24"
        ),
        "{}",
        run.stdout
    );
    let run = amlnet_env(&["validate", WARNS], &env).expect(0);
    assert!(run.stdout.starts_with(&format!("::warning file={WARNS},line=20,col=21,")), "{}", run.stdout);
    // Not under GitHub Actions, and never into a machine format's stdout.
    assert!(!amlnet(&["validate", WARNS]).expect(0).stdout.contains("::warning"));
    let run = amlnet_env(&["validate", WARNS, "--message-format", "json"], &env).expect(0);
    assert_eq!(run.json_lines().len(), 1);
}

#[test]
fn quiet_prints_errors_only() {
    let run = amlnet(&["validate", WARNS, "--quiet"]).expect(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = amlnet(&["validate", INVALID, "-q"]).expect(2);
    assert!(run.stdout.is_empty() && run.stderr.contains("amlnet::subnet::overlap"), "{}", run.stderr);
    // Machine output is what was asked for, quiet or not.
    assert_eq!(amlnet(&["validate", WARNS, "-q", "--message-format", "json"]).expect(0).json_lines().len(), 1);

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    let run = amlnet(&["generate", "examples/minimal.toml", "-o", out, "-q"]).expect(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = amlnet(&["check", "examples/minimal.toml", "-o", out, "-q"]).expect(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn check_reports_each_stale_file_as_a_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    amlnet(&["generate", "examples/minimal.toml", "-o", out_s]).expect(0);
    let main = out.join("terraform/main.tf");
    std::fs::write(&main, std::fs::read_to_string(&main).unwrap() + "# edited\n").unwrap();
    std::fs::remove_file(out.join("bicep/main.bicep")).unwrap();
    let run = amlnet(&["check", "examples/minimal.toml", "-o", out_s, "--message-format", "json"]).expect(1);
    let lines = run.json_lines();
    let files: Vec<&str> = lines.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, [format!("{out_s}/terraform/main.tf"), format!("{out_s}/bicep/main.bicep")]);
    assert!(
        lines
            .iter()
            .all(|d| d["code"] == "amlnet::check::stale" && d["help"].as_str().unwrap().contains("amlnet generate"))
    );
    assert!(run.stderr.contains("+++"), "the diff stays on stderr:\n{}", run.stderr);
    let run = amlnet(&["check", "examples/minimal.toml", "-o", out_s, "--message-format", "sarif"]).expect(1);
    assert_eq!(check_sarif(&run.stdout)["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn explain_code_explains_every_code_and_refuses_unknown_ones() {
    let list = amlnet(&["explain-code", "--list"]).expect(0);
    assert!(list.stdout.lines().count() >= 95, "{}", list.stdout);
    for line in list.stdout.lines() {
        let code = line.split_whitespace().next().unwrap();
        let run = amlnet(&["explain-code", code]).expect(0);
        assert!(run.stdout.starts_with(code) && run.stdout.contains("Why: "), "{}", run.stdout);
    }
    let run = amlnet(&["explain-code", "subnet::overlap"]).expect(0);
    for needle in ["Example (tests/data/invalid/subnet-overlap.yaml)", "amlnet says:", "Fix: move `other`"] {
        assert!(run.stdout.contains(needle), "{needle} missing in\n{}", run.stdout);
    }
    let run = amlnet(&["explain-code", "amlnet::nope"]).expect(2);
    assert!(run.stderr.contains("--list"), "{}", run.stderr);
}
