//! Every file in `examples/` generates, deterministically, into well-formed output, and its whole
//! output (IR dump plus every generated file) matches the reviewed snapshot in `snapshots/`.

use std::path::Path;

use amlnet::{Generator, SourceFormat};

/// Generates an example as `amlnet generate examples/<name> -o out` would, from the repository root.
#[track_caller]
fn generate(path: &Path) -> Vec<amlnet::Output> {
    let text = std::fs::read_to_string(path).unwrap();
    let syntax = SourceFormat::from_path(path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    Generator::new()
        .generate_all_str(&text, syntax, &format!("examples/{name}"), &format!("../examples/{name}"))
        .unwrap_or_else(|diags| panic!("{name} is invalid:\n{}", diags.render(false, 100)))
}

#[test]
fn examples() {
    insta::glob!("../examples", "*.{yaml,toml,json}", |path| {
        // A spec with environments: each environment's IR and files, under its name.
        let mut snapshot = String::new();
        let outputs = generate(path);
        for output in &outputs {
            assert!(output.warnings.items.iter().all(|d| d.severity == amlnet::Severity::Warning));
            output.graph.check_invariants().unwrap();
            let env = output.environment.as_ref().map_or(String::new(), |env| format!("{env}/"));
            snapshot.push_str(&format!("==== {env}ir ====\n{}", output.graph));
            for (name, contents) in output.files.files() {
                snapshot.push_str(&format!("==== {env}{name} ====\n{contents}"));
                check_well_formed(name, contents);
            }
        }
        // Two runs give byte-identical output.
        let again: Vec<_> = generate(path).into_iter().map(|output| output.files).collect();
        let files: Vec<_> = outputs.into_iter().map(|output| output.files).collect();
        assert_eq!(again, files, "{}", path.display());

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(snapshot));
    });
}

/// Parses each generated file back with an independent reader of its format.
#[track_caller]
fn check_well_formed(name: &str, contents: &str) {
    if name.ends_with(".tf") {
        hcl::parse(contents).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    } else if name.ends_with(".json") {
        let value: serde_json::Value =
            serde_json::from_str(contents).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        assert!(value.get("$schema").is_some(), "{name} has no $schema");
        // Laid out exactly as serde_json pretty-prints it, parts printed once and copied included.
        let reprinted = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert!(reprinted == contents, "{name} is not in serde_json's pretty layout");
    }
    assert!(!contents.contains('\r'), "{name} has CR line endings");
}
