//! Repository policy as tests: every source file documents itself, and Azure facts stay in `src/azure`.

use std::collections::BTreeSet;
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

/// The lines of a file that are code: those before its unit tests (`#[cfg(test)]`), with `//`
/// comments cut off. Unit tests may spell facts out as test data.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().take_while(|(_, l)| l.trim() != "#[cfg(test)]").map(|(n, line)| {
        let code = match line.find("//") {
            // `//` inside a string (a URL) is not a comment.
            Some(i) if line[..i].matches('"').count() % 2 == 0 => &line[..i],
            _ => line,
        };
        (n + 1, code)
    })
}

/// One fact an Azure table holds, as it would appear in code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Fact {
    /// A string the tables spell (a SKU, a TLS version, a service tag, an API version, ...): an
    /// error as a string literal (`"TLS1_2"`) anywhere else.
    Spelling(String),
    /// A port number or a retention in days: an error as an integer literal anywhere else.
    Number(u32),
}

/// The facts the tables in `src/azure` hold, read from the tables' own source, so that a new row is
/// denied everywhere else without a second list: what the typed values' spelling functions return
/// (`azure_name`, `tier`, `replication`, `family`), every `pub const …: &str`, the names in
/// `SERVICE_TAGS`, every `api_version`, every port (`PortRange(a, b)`, `…_PORT: u16 = n`) and every
/// `retention_days`.
fn table_facts() -> BTreeSet<Fact> {
    let mut facts = BTreeSet::new();
    let spelling_fns = ["fn azure_name(", "fn tier(", "fn replication(", "fn family("];
    for path in files("src/azure", &["rs"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut in_spelling_fn = false;
        for (_, code) in code_lines(&text) {
            if spelling_fns.iter().any(|f| code.contains(f)) {
                in_spelling_fn = true;
            } else if in_spelling_fn && code.trim_end() == "    }" {
                in_spelling_fn = false;
            }
            let quoted = || code.split('"').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>();
            let string_const = code.trim_start().starts_with("pub const ") && code.contains(": &str = \"");
            if in_spelling_fn
                || string_const
                || code.trim_start().starts_with("(ServiceTag::")
                || code.contains("api_version: \"")
            {
                facts.extend(quoted().into_iter().filter(|s| !s.is_empty()).map(Fact::Spelling));
            }
            for (start, _) in code.match_indices("PortRange(") {
                let args = &code[start + "PortRange(".len()..];
                let args = &args[..args.find(')').unwrap_or(args.len())];
                facts.extend(args.split(',').filter_map(|n| n.trim().parse().ok()).map(Fact::Number));
            }
            let number_after = |key: &str| code.split(key).nth(1).and_then(|rest| number_prefix(rest.trim_start()));
            if code.contains("_PORT: u16 = ") {
                facts.extend(number_after("=").map(Fact::Number));
            }
            if code.contains("retention_days: ") && !code.contains("u32") {
                facts.extend(number_after("retention_days:").map(Fact::Number));
            }
        }
    }
    facts
}

fn number_prefix(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether `code` holds the integer literal `n` as a token of its own (not part of a longer number,
/// an identifier or a version such as `2.22`).
fn has_number(code: &str, n: u32) -> bool {
    let needle = n.to_string();
    code.match_indices(&needle).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + needle.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        !joins(before) && !joins(after)
    })
}

/// Azure facts outside `src/azure` would drift from the tables that carry their sources: no API
/// version, ARM type, or literal that an Azure table holds (SKU, TLS version, service tag, port,
/// retention) anywhere else in `src` or in `templates`.
#[test]
fn azure_facts_live_in_src_azure() {
    let facts = table_facts();
    // The tables are read, not empty: a change to their layout must not silently empty the list.
    for expected in [Fact::Spelling("TLS1_2".into()), Fact::Spelling("AzureMachineLearning".into()), Fact::Number(443)]
    {
        assert!(facts.contains(&expected), "the tables no longer yield {expected:?}; update `table_facts`");
    }
    let azure = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/azure");
    let candidates =
        files("src", &["rs"]).into_iter().filter(|p| !p.starts_with(&azure)).chain(files("templates", &["hbs"]));
    let mut offenders = Vec::new();
    // Unit-test modules (`tests.rs`) may spell facts out as test data.
    for path in candidates.filter(|p| !p.ends_with("tests.rs")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, code) in code_lines(&text) {
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
            let template = path.extension().is_some_and(|e| e == "hbs");
            let fact = facts.iter().find(|fact| {
                let found = match fact {
                    Fact::Spelling(s) => {
                        code.contains(&format!("\"{s}\"")) || (template && code.contains(&format!("'{s}'")))
                    }
                    Fact::Number(n) => has_number(code, *n),
                };
                let text = match fact {
                    Fact::Spelling(s) => s.clone(),
                    Fact::Number(n) => n.to_string(),
                };
                found && !ALLOWED.iter().any(|(file, literal, _)| path.ends_with(file) && *literal == text)
            });
            if api_version || arm_type || fact.is_some() {
                let what = fact.map(|f| format!(" ({f:?})")).unwrap_or_default();
                offenders.push(format!("{}:{n}: {}{what}", path.display(), code.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "Azure facts outside src/azure:\n{}", offenders.join("\n"));
}

/// Literals that equal a table's fact by coincidence: (file, literal, why it is not that fact).
const ALLOWED: &[(&str, &str, &str)] = &[
    ("src/schema.rs", "kubenet", "the spec's own vocabulary, which names the plugin as AKS does"),
    ("src/spec/validate/mod.rs", "80", "the length an echoed value is cut to, not a port"),
    ("src/schema.rs", "object_id", "the spec's `assigned_user` field, named as Entra ID names it"),
    ("src/spec/validate/compute.rs", "object_id", "the spec path of `assigned_user.object_id`"),
    ("src/schema.rs", "default", "JSON Schema's `default` keyword, not the Kubernetes namespace"),
    ("src/emit/terraform/mod.rs", "default", "a Terraform variable's `default` argument, not the Kubernetes namespace"),
    ("src/lower/mod.rs", "default", "the private DNS zone group's name, not the Kubernetes namespace"),
    ("src/schema.rs", "patch", "the spec's own vocabulary, which names the upgrade channels as AKS does"),
    ("src/schema.rs", "stable", "the spec's own vocabulary, which names the upgrade channels as AKS does"),
    ("src/schema.rs", "rapid", "the spec's own vocabulary, which names the upgrade channels as AKS does"),
];

#[test]
fn numbers_are_tokens() {
    assert!(has_number("port: 443,", 443));
    assert!(!has_number("port: 4430,", 443));
    assert!(!has_number("v1.443", 443));
    assert!(!has_number("x443", 443));
}
