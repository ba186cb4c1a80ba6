//! Replays the fuzz seed corpus (`fuzz/corpus/spec/`) through the same checks as the fuzz target, so
//! that a plain `cargo test` covers it without cargo-fuzz: the first byte picks the syntax, generation
//! never panics, and accepted specs give parseable, deterministic output.

mod support;

use amlnet::SourceFormat;

#[test]
fn fuzz_corpus_replays_cleanly() {
    let dir = support::crate_dir().join("fuzz/corpus/spec");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    assert!(entries.len() > 50, "seed corpus is missing");
    let mut accepted = 0;
    for path in entries {
        let data = std::fs::read(&path).unwrap();
        let Some((first, rest)) = data.split_first() else { continue };
        let syntax = [SourceFormat::Yaml, SourceFormat::Toml, SourceFormat::Json][usize::from(*first % 3)];
        let Ok(text) = std::str::from_utf8(rest) else { continue };
        let Ok(output) = support::generate_text(text, syntax) else { continue };
        accepted += 1;
        for (file, contents) in output.files.files() {
            let file = file.to_string();
            if file.ends_with(".tf") {
                hcl::parse(contents).unwrap_or_else(|e| panic!("{}: {file}: {e}", path.display()));
            } else if file.ends_with(".json") {
                serde_json::from_str::<serde_json::Value>(contents).unwrap();
            }
        }
        assert_eq!(output.files, support::generate_text(text, syntax).unwrap().files, "{}", path.display());
    }
    assert!(accepted >= 4, "the examples in the corpus must be accepted");
}
