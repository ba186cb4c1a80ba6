//! Repository policy as tests: every source file documents itself, and Azure facts stay in `src/azure`.

use std::path::{Path, PathBuf};

fn files(dir: &str, ext: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| ext.iter().any(|x| e == *x)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_source_file_starts_with_a_doc_comment() {
    for path in files("src", &["rs"]).into_iter().chain(files("tests", &["rs"])) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with a `//!` comment saying what it is", path.display());
    }
}

/// Azure facts (resource types, API versions, service tags) outside `src/azure` would drift from the
/// tables that carry their sources.
#[test]
fn azure_facts_live_in_src_azure() {
    let tags = [
        "AzureMachineLearning",
        "BatchNodeManagement",
        "AzureContainerRegistry",
        "AzureActiveDirectory",
        "AzureResourceManager",
        "MicrosoftContainerRegistry",
        "AzureFrontDoor",
    ];
    let mut offenders = Vec::new();
    let candidates = ["src/lower.rs"]
        .iter()
        .map(|p| Path::new(env!("CARGO_MANIFEST_DIR")).join(p))
        .chain(files("src/emit", &["rs"]))
        .chain(files("src/ir", &["rs"]))
        .chain(files("templates", &["hbs"]));
    // Unit-test modules (`tests.rs`) may spell facts out as test data.
    for path in candidates.filter(|p| !p.ends_with("tests.rs")) {
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests below `#[cfg(test)]` may spell facts out as test data.
        for (n, line) in text.lines().enumerate().take_while(|(_, l)| l.trim() != "#[cfg(test)]") {
            let code = line.split("//").next().unwrap_or("");
            let api_version = code.as_bytes().windows(10).any(|w| {
                w[..4].iter().all(u8::is_ascii_digit)
                    && w[4] == b'-'
                    && w[5..7].iter().all(u8::is_ascii_digit)
                    && w[7] == b'-'
                    && w[8..].iter().all(u8::is_ascii_digit)
                    && w.starts_with(b"20")
            });
            let arm_type = code
                .match_indices("Microsoft.")
                .any(|(i, _)| code[i + "Microsoft.".len()..].starts_with(|c: char| c.is_ascii_uppercase()));
            let tag = tags.iter().any(|t| code.contains(t));
            if api_version || arm_type || tag {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "Azure facts outside src/azure:\n{}", offenders.join("\n"));
}
