//! Topology diagrams of every example (and of a spec full of characters both syntaxes treat
//! specially): snapshots of the Mermaid and DOT text, determinism, and a real parse of each by
//! Graphviz's `dot` and by Mermaid's own parser (`tools/mermaid-check`). The parsers are optional
//! locally: a test skips them with a notice when they are not installed; `.ci/run` installs both and
//! sets `AMLNET_REQUIRE_DIAGRAM_PARSERS`, which turns a skip into a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use amlnet::internals::topology::{dot, mermaid};
use amlnet::{Generator, SourceFormat};

/// A valid spec whose free-text values (VM sizes, ids) hold quotes, brackets, `<>`, `#`, `|`,
/// backslashes and backticks.
const AWKWARD: &str = r#"version: 1
name: awk
location: eastus
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - { name: train, prefix: 10.0.1.0/24 }
compute:
  - name: cpu
    kind: aml_cluster
    subnet: train
    vm_size: Standard_D2-1s_v3
    max_nodes: 2
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[track_caller]
fn graph_of(text: &str, syntax: SourceFormat, name: &str) -> amlnet::internals::ir::Graph {
    // A spec with environments: its first (`amlnet graph --env`).
    Generator::new()
        .generate_all_str(text, syntax, name, name)
        .unwrap_or_else(|d| panic!("{name} is invalid:\n{}", d.render(false, 100)))
        .swap_remove(0)
        .graph
}

/// Every example and the awkward spec: (name, graph).
fn graphs() -> Vec<(String, amlnet::internals::ir::Graph)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| SourceFormat::from_path(p).is_some())
        .collect();
    paths.sort();
    let mut out: Vec<(String, amlnet::internals::ir::Graph)> = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(p).unwrap();
            let graph = graph_of(&text, SourceFormat::from_path(p).unwrap(), &name);
            (name, graph)
        })
        .collect();
    out.push(("awkward.yaml".to_owned(), graph_of(AWKWARD, SourceFormat::Yaml, "awkward.yaml")));
    out
}

#[test]
fn snapshots() {
    insta::glob!("../examples", "*.{yaml,toml,json}", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let graph = graph_of(&text, SourceFormat::from_path(path).unwrap(), name);
        let (mermaid_text, dot_text) = (mermaid(&graph), dot(&graph));
        assert_eq!(mermaid(&graph_of(&text, SourceFormat::from_path(path).unwrap(), name)), mermaid_text);
        assert_eq!(dot(&graph), dot_text);

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!("topology-mermaid", mermaid_text);
            insta::assert_snapshot!("topology-dot", dot_text);
        });
    });
}

#[test]
fn summaries_name_every_rule_and_route() {
    for (name, graph) in graphs() {
        let (m, d) = (mermaid(&graph), dot(&graph));
        assert!(m.starts_with("flowchart LR\n") && d.starts_with("digraph "), "{name}");
        for (_, res) in graph.resources() {
            match &res.body {
                amlnet::internals::ir::Body::NetworkSecurityGroup(nsg) => {
                    for rule in &graph.rule_list(nsg.rules).rules {
                        let line = format!(
                            "{} {}",
                            rule.priority,
                            if rule.access == amlnet::internals::azure::network::Access::Allow {
                                "allow"
                            } else {
                                "deny"
                            }
                        );
                        assert!(d.contains(&line), "{name}: {} {line}", res.name);
                    }
                }
                amlnet::internals::ir::Body::RouteTable(rt) => {
                    for route in &rt.routes {
                        assert!(m.contains(&route.address_prefix) && d.contains(&route.address_prefix), "{name}");
                    }
                }
                _ => {}
            }
        }
    }
}

/// Skips a parser check with a notice, unless `AMLNET_REQUIRE_DIAGRAM_PARSERS` is set (as `.ci/run`
/// does after installing them), where a missing parser is a failure.
#[track_caller]
fn skip(what: &str) {
    if std::env::var_os("AMLNET_REQUIRE_DIAGRAM_PARSERS").is_some() {
        panic!("AMLNET_REQUIRE_DIAGRAM_PARSERS is set but cannot run {what}");
    }
    eprintln!("NOTICE: skipping {what}");
}

/// Writes every diagram with `extension` into a fresh temporary directory.
fn write_all(extension: &str, render: fn(&amlnet::internals::ir::Graph) -> String) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("amlnet-topology-{}-{extension}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    graphs()
        .into_iter()
        .map(|(name, graph)| {
            let path = dir.join(format!("{name}.{extension}"));
            std::fs::write(&path, render(&graph)).unwrap();
            path
        })
        .collect()
}

#[test]
fn graphviz_parses_the_dot() {
    if Command::new("dot").arg("-V").output().is_err() {
        skip("the Graphviz check: `dot` is not installed (apt-get install -y graphviz)");
        return;
    }
    let files = write_all("dot", dot);
    for path in &files {
        let out = Command::new("dot").arg("-Tsvg").arg(path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.trim().is_empty(), "dot rejects {}:\n{stderr}", path.display());
    }
    let _ = std::fs::remove_dir_all(files[0].parent().unwrap());
}

#[test]
fn mermaid_parses_the_flowcharts() {
    let tool = root().join("tools/mermaid-check");
    if !tool.join("node_modules").is_dir() {
        skip("the Mermaid check: run `npm ci` in tools/mermaid-check");
        return;
    }
    let files = write_all("mmd", mermaid);
    let out = Command::new("node").arg(tool.join("check.mjs")).args(&files).output().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "Mermaid rejects a diagram:\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), files.len(), "{stdout}");
    let _ = std::fs::remove_dir_all(files[0].parent().unwrap());
}

#[test]
fn awkward_labels_are_escaped() {
    let graph = graph_of(AWKWARD, SourceFormat::Yaml, "awkward.yaml");
    let both = format!("==== mermaid ====\n{}==== dot ====\n{}", mermaid(&graph), dot(&graph));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("topology-awkward", both));
}
