//! Fuzz target: arbitrary spec text through the whole pipeline. The first byte picks the syntax
//! (`% 3`: YAML, TOML, JSON), the rest is the text. Generation must never panic; what it accepts must be
//! well-formed output (Terraform that hcl-rs parses, ARM that is JSON) and the same on a second run.

#![no_main]

use amlnet::{Generator, SourceFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let syntax = [SourceFormat::Yaml, SourceFormat::Toml, SourceFormat::Json][usize::from(*first % 3)];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let generator = Generator::new();
    let Ok(output) = generator.generate_str(text, syntax, "spec", "../spec") else { return };
    for (path, contents) in output.files.files() {
        let path = path.to_string();
        if path.ends_with(".tf") {
            hcl::parse(contents).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        } else if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(contents).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    let again = generator.generate_str(text, syntax, "spec", "../spec").expect("accepted once, accepted twice");
    assert_eq!(output.files, again.files, "two runs differ");
});
