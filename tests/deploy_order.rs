//! ARM and Bicep can order what they deploy: no resource of an ARM template waits, through `dependsOn`,
//! for itself, and no Bicep module waits, through the outputs its parameters read, for itself.
//!
//! Two existing networks peered with each other (an existing spoke and an existing hub) each get a
//! deployment at their own scope, and each writes a peering that names the other network: if a
//! reference to an existing network were a dependency on its deployment, the two would wait for each
//! other and Azure would refuse the template. The examples include that case (`existing-vnet`).

mod support;

use std::collections::{BTreeMap, BTreeSet};

use amlnet::SourceFormat;
use serde_json::Value;

/// The quoted string arguments of the first `resourceId(...)` in `text`, after a leading subscription
/// and resource group: the type and the names, joined as `type/name/...`.
fn resource_id_key(text: &str) -> Option<String> {
    let call = &text[text.find("resourceId(")? + "resourceId(".len()..];
    let mut args = Vec::new();
    let mut rest = call;
    while let Some(start) = rest.find('\'') {
        if rest[..start].contains(')') {
            break;
        }
        let end = rest[start + 1..].find('\'')? + start + 1;
        args.push(&rest[start + 1..end]);
        rest = &rest[end + 1..];
    }
    let skip = args.iter().take_while(|a| !a.contains('/')).count();
    Some(args[skip..].join("/"))
}

/// The key of a top-level ARM resource: its type and literal name segments.
fn arm_key(resource: &Value) -> Option<String> {
    let ty = resource["type"].as_str()?;
    let name = resource["name"].as_str()?;
    let segments: Vec<String> = match name.strip_prefix("[format(") {
        Some(format) => format.split('\'').skip(3).step_by(2).map(str::to_owned).collect(),
        None => vec![name.to_owned()],
    };
    Some(format!("{ty}/{}", segments.join("/")))
}

/// A cycle in `edges`, as the keys along it.
fn cycle(edges: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(node.to_owned()) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

fn arm_cycle(template: &str) -> Option<Vec<String>> {
    let template: Value = serde_json::from_str(template).unwrap();
    let resources = template["resources"].as_array().unwrap();
    let keys: BTreeSet<String> = resources.iter().filter_map(arm_key).collect();
    let mut edges = BTreeMap::new();
    for resource in resources {
        let Some(key) = arm_key(resource) else { continue };
        let deps: Vec<String> = resource["dependsOn"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| resource_id_key(d.as_str()?))
            .filter(|d| keys.contains(d))
            .collect();
        edges.insert(key, deps);
    }
    cycle(&edges)
}

fn bicep_module_cycle(main: &str) -> Option<Vec<String>> {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let modules: Vec<String> =
        main.lines().filter_map(|l| l.strip_prefix("module ")?.split(' ').next().map(str::to_owned)).collect();
    for line in main.lines() {
        if let Some(rest) = line.strip_prefix("module ") {
            current = rest.split(' ').next().map(str::to_owned);
        } else if line == "}" {
            current = None;
        } else if let Some(module) = &current {
            for other in &modules {
                if line.contains(&format!("{other}.outputs.")) {
                    edges.entry(module.clone()).or_default().push(other.clone());
                }
            }
        }
    }
    cycle(&edges)
}

fn check(name: &str, text: &str, syntax: SourceFormat) -> Vec<String> {
    let Ok(output) = support::generate_text(text, syntax) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(found) = arm_cycle(output.files.get("arm/azuredeploy.json").unwrap()) {
        out.push(format!("{name}: ARM dependsOn cycle {found:?}"));
    }
    if let Some(found) = bicep_module_cycle(output.files.get("bicep/main.bicep").unwrap()) {
        out.push(format!("{name}: Bicep module cycle {found:?}"));
    }
    out
}

#[test]
fn no_example_waits_for_itself() {
    let mut report = Vec::new();
    for path in support::spec_files("examples") {
        let text = std::fs::read_to_string(&path).unwrap();
        let syntax = SourceFormat::from_path(&path).unwrap();
        report.extend(check(&path.display().to_string(), &text, syntax));
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// An existing spoke peered with a hub amlnet creates: the spoke's side is written in the spoke's
/// deployment, the hub's side in the main template, and neither waits for itself.
#[test]
fn an_existing_spoke_peered_with_a_new_hub_orders() {
    let path = support::crate_dir().join("examples/existing-vnet.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("\nhub:\n").unwrap();
    let spec = format!(
        "{}\nhub:\n  address_space: [10.100.0.0/16]\n  firewall: {{subnet_prefix: 10.100.0.0/26}}\n",
        &text[..start]
    );
    let output = support::generate_text(&spec, SourceFormat::Yaml).unwrap();
    let main = output.files.get("bicep/main.bicep").unwrap();
    assert!(main.contains("resource peerHubToSpoke"), "{main}");
    assert!(output.files.get("bicep/modules/existing-subnets.bicep").unwrap().contains("resource peerSpokeToHub"));
    assert!(check("existing spoke, new hub", &spec, SourceFormat::Yaml).is_empty());
}

/// The checks find a cycle when there is one.
#[test]
fn a_cycle_is_found() {
    let template = r#"{"resources": [
        {"type": "Microsoft.Resources/deployments", "name": "a",
         "dependsOn": ["[resourceId('Microsoft.Resources/deployments', 'b')]"]},
        {"type": "Microsoft.Resources/deployments", "name": "b",
         "dependsOn": ["[resourceId('s', 'g', 'Microsoft.Resources/deployments', 'a')]"]}
    ]}"#;
    assert!(arm_cycle(template).is_some());
    let main = "module a 'x.bicep' = {\n  params: {\n    p: b.outputs.id\n  }\n}\nmodule b 'y.bicep' = {\n  params: {\n    q: a.outputs.id\n  }\n}\n";
    assert_eq!(bicep_module_cycle(main), Some(vec!["a".to_owned(), "b".to_owned()]));
}

/// Random specs (`PROPTEST_CASES`, default 1000), half of them with a new or existing hub, peered or not:
/// none waits for itself.
#[test]
fn random_specs_wait_for_nothing_of_their_own() {
    for (i, (_, syntax, text)) in support::generate::random_specs(7).enumerate() {
        support::generate_text(&text, syntax).unwrap_or_else(|d| panic!("{d}\n{text}"));
        let report = check(&format!("random spec {i}"), &text, syntax);
        assert!(report.is_empty(), "{}\n--- spec ---\n{text}", report.join("\n"));
    }
}
