//! Diagnostics are data-driven: every `examples/*` spec validates without errors, and every
//! `tests/data/invalid/*` spec produces exactly the one error its expectation names, at that line.
//!
//! An invalid case states its expectation as its first line, `# expect: <code> line <N>`, or, for
//! JSON (which has no comments), in a sibling `<name>.expect` file holding `<code> line <N>`. The
//! rendered diagnostics of each case are snapshotted in `snapshots/`. Adding a case means adding a
//! file; this test does not poke the API beyond `spec::load_with_warnings`.

use std::path::Path;

use amlnet::SourceFormat;
use amlnet::internals::spec::load_with_warnings;
use amlnet::{Diagnostics, Severity};

mod support;
use support::spec_files;

/// Loads a spec file as the CLI would: `Ok` with warnings, or every diagnostic.
fn load(path: &Path) -> Result<Diagnostics, Diagnostics> {
    let name = format!("{}/{}", path.parent().unwrap().file_name().unwrap().to_str().unwrap(), file_name(path));
    let text = match amlnet::read_spec(path) {
        Ok(text) => text,
        Err(amlnet::Error::Invalid(mut diags)) => {
            diags.file_name = name;
            return Err(*diags);
        }
        Err(err) => panic!("{err}"),
    };
    let format = SourceFormat::from_path(path).unwrap();
    load_with_warnings(&text, format, &name).map(|(_, warnings)| warnings)
}

fn file_name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

/// The `(code, line)` a case expects.
fn expectation(path: &Path) -> (String, usize) {
    let text = if path.extension().is_some_and(|e| e == "json") {
        std::fs::read_to_string(path.with_extension("expect")).unwrap()
    } else {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        text.lines().next().unwrap().strip_prefix("# expect: ").expect("first line `# expect: ...`").to_owned()
    };
    let (code, line) = text.trim().split_once(" line ").expect("`<code> line <N>`");
    (code.to_owned(), line.parse().unwrap())
}

#[track_caller]
fn check_invalid(path: &Path) -> String {
    let (code, line) = expectation(path);
    let diags = match load(path) {
        Ok(warnings) => {
            panic!("{} is valid, expected {code} at line {line}\n{}", path.display(), warnings.render(false, 80))
        }
        Err(diags) => diags,
    };
    let errors: Vec<_> = diags.items.iter().filter(|d| d.severity == Severity::Error).collect();
    let found: Vec<String> = errors.iter().map(|d| format!("{} line {}", d.code, d.line.unwrap_or(0))).collect();
    assert_eq!(found, vec![format!("{code} line {line}")], "{}:\n{}", path.display(), diags.render(false, 80));
    for d in &diags.items {
        assert!(!d.message.ends_with('.'), "message ends with a period: {}", d.message);
        assert!(d.help.as_deref().is_some_and(|h| !h.contains('\n')), "help missing or multi-line: {d:?}");
        assert!(d.code.starts_with("amlnet::"), "{}", d.code);
    }
    diags.render(false, 80)
}

#[test]
fn examples_have_no_errors() {
    let mut n = 0;
    for path in spec_files("examples") {
        if let Err(diags) = load(&path) {
            panic!("{} is invalid:\n{}", path.display(), diags.render(false, 80));
        }
        n += 1;
    }
    assert!(n >= 4, "found only {n} examples");
}

#[test]
fn invalid() {
    assert!(spec_files("tests/data/invalid").len() >= 50);
    insta::glob!("data/invalid", "*.{yaml,toml,json}", |path| {
        let rendered = check_invalid(path);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(rendered));
    });
}

/// `tests/data/warnings/*` are valid and produce exactly the warnings named (`# expect: nothing` for none).
#[test]
fn warnings() {
    for path in spec_files("tests/data/warnings") {
        let warnings = match load(&path) {
            Ok(warnings) => warnings,
            Err(diags) => panic!("{} is invalid:\n{}", path.display(), diags.render(false, 80)),
        };
        let found: Vec<String> =
            warnings.items.iter().map(|d| format!("{} line {}", d.code, d.line.unwrap_or(0))).collect();
        assert!(warnings.items.iter().all(|d| d.severity == Severity::Warning));
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text.lines().next().unwrap().strip_prefix("# expect: ").unwrap();
        // Several warnings are listed in the order they are reported, separated by `; `.
        let expected: Vec<String> =
            if expected == "nothing" { Vec::new() } else { expected.split("; ").map(str::to_owned).collect() };
        assert_eq!(found, expected, "{}", path.display());
    }
}

/// The shared private example (private endpoints, a private registry, compute without public IPs)
/// is valid and warns about nothing but what it chose: it leaves image builds to serverless compute, and
/// routes to an appliance in a network it does not declare.
#[test]
fn private_example_is_valid() {
    let warnings = load(Path::new("tests/data/private/secure-workspace.yaml"))
        .unwrap_or_else(|diags| panic!("invalid:\n{}", diags.render(false, 80)));
    let codes: Vec<&str> = warnings.items.iter().map(|d| d.code).collect();
    // Its firewall appliance lies in a hub the spec does not declare, which amlnet cannot check.
    assert_eq!(
        codes,
        ["amlnet::hub::appliance_unchecked", "amlnet::workspace::serverless_image_build"],
        "{}",
        warnings.render(false, 80)
    );
}

/// No input panics: every prefix of every example, and every example with one line removed, either
/// loads or yields diagnostics whose spans lie inside the text.
#[test]
fn no_panics_on_damaged_examples() {
    for path in spec_files("examples") {
        let text = std::fs::read_to_string(&path).unwrap();
        let format = SourceFormat::from_path(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let damaged = text.char_indices().map(|(i, _)| text[..i].to_owned()).chain((0..lines.len()).map(|skip| {
            lines.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
        }));
        for variant in damaged {
            if let Err(diags) = load_with_warnings(&variant, format, "damaged") {
                assert!(diags.has_errors(), "{}: failure without an error", path.display());
                for d in &diags.items {
                    if let Some(span) = d.span {
                        assert!(span.start <= span.end && span.end <= variant.len(), "{d:?} in {variant:?}");
                    }
                }
                let _ = diags.render(false, 80);
            }
        }
    }
}

/// A machine-written spec is often one line: a valid minified JSON spec whose warning sits past
/// column 65,535 still loads, and its warning renders (miette's handler panicked on such columns).
#[test]
fn minified_spec_with_a_warning_far_right_renders() {
    let path = Path::new("tests/data/warnings/firewall-off.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = amlnet::internals::spec::source::parse(&text, SourceFormat::Yaml, "t").unwrap();
    let minified = serde_json::to_string(&doc.value).unwrap();
    let one_line = format!("{{{}{}", " ".repeat(70_000), &minified[1..]);
    assert_eq!(one_line.lines().count(), 1);
    let (_, warnings) = load_with_warnings(&one_line, SourceFormat::Json, "min.json")
        .unwrap_or_else(|diags| panic!("invalid:\n{}", diags.render(false, 80)));
    let warning = warnings.items.first().expect("the firewall-off warning");
    assert_eq!(warning.line, Some(1));
    assert!(warning.span.is_some_and(|s| s.start > 70_000));
    let rendered = warnings.render(false, 80);
    assert!(rendered.contains("min.json:1:7"), "{rendered}");
    assert!(rendered.len() < 2_000, "{rendered}");
}

/// Only a regular file is read, and only up to the size limit: a directory, a FIFO (nothing writes to
/// it: reading would wait forever) and a device are refused before reading; a file over the limit
/// is a diagnostic naming it.
#[test]
fn reads_regular_files_of_bounded_size_only() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |path: &Path| match amlnet::read_spec(path) {
        Err(amlnet::Error::Io { source, .. }) => source.to_string(),
        other => panic!("{}: {other:?}", path.display()),
    };
    assert_eq!(refused(dir.path()), "it is a directory");
    assert_eq!(refused(Path::new("/dev/zero")), "it is not a regular file");
    let fifo = dir.path().join("fifo.yaml");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        assert_eq!(refused(&fifo), "it is not a regular file");
    }
    let big = dir.path().join("big.yaml");
    std::fs::write(&big, format!("a: {}\n", "x".repeat(amlnet::internals::spec::source::MAX_SPEC_BYTES))).unwrap();
    match amlnet::read_spec(&big) {
        Err(amlnet::Error::Invalid(diags)) => {
            assert_eq!(diags.items[0].code, "amlnet::syntax::size");
            assert!(diags.items[0].message.contains("2 MiB"), "{}", diags.items[0].message);
        }
        other => panic!("{other:?}"),
    }
}
