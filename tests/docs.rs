//! The documentation points only at files in the repository: every path in `docs/` that names a
//! file of the repository (`examples/...`, `tests/...`, `src/...`, a Markdown link) exists.

use std::path::Path;

/// The top-level directories of the repository a documented path may start with.
const REPO_DIRS: &[&str] =
    &["examples/", "tests/", "src/", "docs/", "templates/", "snapshots/", "benches/", "bench/", ".ci/"];

/// The paths a Markdown text names: `` `code` `` spans and link targets that start with a
/// directory of the repository, up to the first space, `:` or `#`.
fn named_paths(text: &str) -> Vec<String> {
    let spans = text.split('`').skip(1).step_by(2);
    let links = text.split("](").skip(1).filter_map(|rest| rest.split_once(')').map(|(target, _)| target));
    spans
        .chain(links)
        .map(|candidate| candidate.split([' ', ':', '#']).next().unwrap_or_default().trim_start_matches("./"))
        .filter(|path| REPO_DIRS.iter().any(|dir| path.starts_with(dir)) && !path.contains(['*', '<', '{']))
        .map(str::to_owned)
        .collect()
}

#[test]
fn docs_point_only_at_files_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut stack = vec![root.join("docs")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for outside in ["/work/", "../shared", "examples-private/", "domain.md"] {
                assert!(!text.contains(outside), "{} names `{outside}`, outside the repository", path.display());
            }
            for named in named_paths(&text) {
                assert!(
                    root.join(&named).exists(),
                    "{} names `{named}`, which is not in the repository",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} paths found: is the parser still right?");
}

#[test]
fn named_paths_are_found() {
    let text = "see `examples/a.yaml` and [b](tests/b.rs#L3), not `terraform/main.tf` or `src/*.rs`";
    assert_eq!(named_paths(text), ["examples/a.yaml", "tests/b.rs"]);
}
