//! `explain` on the examples: every seed-2019 catalogue rule in the graph is explained with the spec
//! line that caused it and the catalogue's source; the text and JSON reports are snapshots.

use std::path::Path;

use amlnet::internals::azure::network::{SEED_2019_DOC, SEED_2019_RULES};
use amlnet::internals::explain::{Explanation, FirewallRule, What, explain, explain_env};
use amlnet::{Generator, SourceFormat};

#[track_caller]
fn explain_example(name: &str) -> (String, Explanation) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let syntax = SourceFormat::from_path(&path).unwrap();
    // A spec with environments: its first (`amlnet explain --env dev`).
    let env = (name == "environments.yaml").then_some("dev");
    let explanation = explain_env(&text, syntax, &format!("examples/{name}"), env)
        .unwrap_or_else(|diags| panic!("{name} is invalid:\n{}", diags.render(false, 100)));
    (text, explanation)
}

/// The 1-based line of the first line of `text` that contains `needle` at or after line `from`.
#[track_caller]
fn line_containing(text: &str, from: usize, needle: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no line with {needle:?}"))
}

#[test]
fn seed_2019_rules_are_explained_with_line_and_source() {
    let (text, explanation) = explain_example("seed-2019.yaml");
    let compute = |name: &str| line_containing(&text, 1, &format!("- name: {name}"));
    let expected_line = |spec_path: &str| -> usize {
        match spec_path {
            "compute[0]" => compute("cpucluster"),
            "compute[1]" => compute("dsvm"),
            "compute[2]" => compute("myaks"),
            "compute[2].scoring" => line_containing(&text, compute("myaks"), "scoring:"),
            "outbound.mode" => line_containing(&text, 1, "mode: restricted"),
            "outbound.allow_ssh_from" => line_containing(&text, 1, "allow_ssh_from:"),
            other => panic!("unexpected spec path {other}"),
        }
    };

    let graph = Generator::new().generate_str(&text, SourceFormat::Yaml, "seed-2019.yaml", "x").unwrap().graph;
    let mut in_graph = Vec::new();
    for (_, res) in graph.resources() {
        if let amlnet::internals::ir::Body::NetworkSecurityGroup(nsg) = &res.body {
            let rules = &graph.rule_list(nsg.rules).rules;
            in_graph.extend(rules.iter().map(|r| (res.name.clone(), r.name.clone(), r.reason.entry)));
        }
    }
    let seed_ids: Vec<&str> = SEED_2019_RULES.iter().map(|r| r.id).collect();
    assert!(in_graph.len() >= 10, "the seed example exercises most of the catalogue: {in_graph:?}");
    for (nsg_name, rule_name, entry) in &in_graph {
        assert!(seed_ids.contains(entry), "{entry} is not a seed-2019 rule");
        let found: Vec<_> = explanation
            .items
            .iter()
            .filter(|it| matches!(&it.what, What::SecurityRule { nsg, rule, .. } if nsg == nsg_name && &rule.name == rule_name))
            .collect();
        assert_eq!(found.len(), 1, "{nsg_name}/{rule_name} explained once");
        let cause = found[0].cause.as_ref().unwrap();
        assert_eq!(cause.entry, *entry);
        assert_eq!(cause.source, SEED_2019_DOC, "{entry}");
        assert_eq!(cause.located_path.as_deref(), Some(cause.spec_path.as_str()), "{entry} is written in the file");
        assert_eq!(cause.line, Some(expected_line(&cause.spec_path)), "{entry} at {}", cause.spec_path);
        let catalogue = SEED_2019_RULES.iter().find(|r| r.id == *entry).unwrap();
        assert_eq!(cause.why, catalogue.why);
    }
    let rules = explanation.items.iter().filter(|it| matches!(it.what, What::SecurityRule { .. })).count();
    assert_eq!(rules, in_graph.len(), "no rule is invented");

    // The text names the file and line, the entry and the source document with its date.
    let report = explanation.to_text();
    let batch = format!("spec:   examples/seed-2019.yaml:{} (compute[0])", compute("cpucluster"));
    assert!(report.contains(&batch), "{report}");
    assert!(report.contains(SEED_2019_DOC.doc) && report.contains(SEED_2019_DOC.checked));
}

#[test]
fn defaulted_paths_fall_back_to_the_nearest_written_ancestor() {
    // minimal.toml writes no `workspace`: the firewalls are defaults of the root.
    let (_, explanation) = explain_example("minimal.toml");
    let firewall = explanation.items.iter().find(|it| matches!(it.what, What::FirewallRule { .. })).unwrap();
    let cause = firewall.cause.as_ref().unwrap();
    assert_eq!(cause.spec_path, "workspace.storage.firewall");
    assert_eq!((cause.located_path.as_deref(), cause.line), (None, None));

    // `workspace.storage` is written, its `firewall` is not: the line of `workspace.storage`.
    let text = "version: 1\nname: fw\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    \
                - { name: snet, prefix: 10.0.1.0/24 }\nworkspace:\n  storage:\n    purpose: experimentation\n\
                compute:\n  - { name: cpu, kind: aml_cluster, subnet: snet, vm_size: Standard_D2_v3, max_nodes: 1 }\n";
    let explanation = explain(text, SourceFormat::Yaml, "fw.yaml").unwrap();
    let storage = explanation
        .items
        .iter()
        .find_map(|it| match &it.what {
            What::FirewallRule { service: "storage account", .. } => it.cause.as_ref(),
            _ => None,
        })
        .unwrap();
    assert_eq!(storage.located_path.as_deref(), Some("workspace.storage"));
    assert_eq!(storage.line, Some(9));
    assert!(
        explanation.to_text().contains(
            "spec:   fw.yaml:9 (workspace.storage.firewall not written, default applies; nearest: workspace.storage)"
        ),
        "{}",
        explanation.to_text()
    );
}

#[test]
fn filter_by_resource_subnet_or_compute() {
    let (_, full) = explain_example("seed-2019.yaml");
    let names = |e: &Explanation| -> Vec<String> { e.to_text().lines().map(str::to_owned).collect() };

    let mut by_compute = full.clone();
    by_compute.filter_resource("myaks").unwrap();
    let mut by_subnet = full.clone();
    by_subnet.filter_resource("aks").unwrap();
    assert_eq!(by_compute.items, by_subnet.items, "a compute selects its subnet");
    // The subnet's NSG rules, its service endpoints and the firewalls admitting it.
    assert!(by_subnet.items.iter().all(|it| match &it.what {
        What::SecurityRule { nsg, .. } => nsg == "nsg-seed-aks",
        What::Egress { subnet, .. } => subnet == "aks",
        What::FirewallRule { rule: FirewallRule::AllowSubnet(subnet), .. } => subnet == "aks",
        What::FirewallRule { .. } => true,
        What::ServiceEndpoint { subnet, .. } => subnet == "aks",
        What::Resource { name, refers_to, .. } => name == "aks" || refers_to.iter().any(|r| r == "aks"),
        _ => false,
    }));

    let mut by_nsg = full.clone();
    by_nsg.filter_resource("nsg-seed-default").unwrap();
    // Its rules, and the resources: the group and the subnet it is attached to.
    let (resources, rules): (Vec<_>, Vec<_>) =
        by_nsg.items.iter().partition(|it| matches!(it.what, What::Resource { .. }));
    assert!(rules.iter().all(|it| matches!(it.what, What::SecurityRule { .. })));
    assert_eq!(rules.len(), 8);
    assert_eq!(resources.len(), 2, "{resources:#?}");

    let storage = full
        .items
        .iter()
        .find_map(|it| match &it.what {
            What::FirewallRule { resource, service: "storage account", .. } => Some(resource.clone()),
            _ => None,
        })
        .unwrap();
    let mut by_storage = full.clone();
    by_storage.filter_resource(&storage).unwrap();
    assert!(names(&by_storage).iter().any(|l| l.contains("subnet default: Microsoft.Storage")));
    assert!(!names(&by_storage).iter().any(|l| l.contains("Microsoft.KeyVault")));

    let mut unknown = full.clone();
    let err = unknown.filter_resource("nope").unwrap_err();
    assert!(err.known.contains(&"cpucluster".to_owned()) && err.known.contains(&"nsg-seed-aks".to_owned()));
}

#[test]
fn reports() {
    insta::glob!("../examples", "*.{yaml,toml,json}", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let (_, explanation) = explain_example(name);
        let json = serde_json::to_string_pretty(&explanation.to_json()).unwrap();
        // The JSON says the same as the text: one entry per item.
        let value = explanation.to_json();
        let count: usize =
            ["nsg_rules", "routes", "firewall_rules", "service_endpoints", "egress", "managed_network", "resources"]
                .iter()
                .map(|k| value[k].as_array().unwrap().len())
                .sum();
        assert_eq!(count, explanation.items.len());

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!("explain", explanation.to_text());
            insta::assert_snapshot!("explain-json", json);
        });
    });
}

/// `--resource` finds every resource of the graph by its name (subnets, NSGs, computes, private
/// endpoints, DNS zones, AKS, the NAT gateway, ...), each with the spec line that called for it; a
/// firewall with private endpoints and no subnet rules says so.
#[test]
fn every_resource_kind_is_explained_and_found_by_name() {
    let (_, full) = explain_example("private-workspace.yaml");
    let graph = Generator::new()
        .generate_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/private-workspace.yaml"), Path::new("x"))
        .unwrap()
        .graph;
    for (_, res) in graph.resources() {
        let mut one = full.clone();
        one.filter_resource(&res.name).unwrap_or_else(|err| panic!("{:?} {}: {err}", res.kind, res.name));
        assert!(
            one.items
                .iter()
                .any(|it| matches!(&it.what, What::Resource { name, line: Some(_), .. } if *name == res.name)),
            "{} has no located resource item",
            res.name
        );
    }
    let text = full.to_text();
    for needle in [
        "private endpoint pep-contoso-st-blob -> endpoints, stcontosoprod69gva, sub-resource blob",
        "private dns zone privatelink.blob.core.windows.net",
        "managed cluster aks-contoso-inference -> scoring",
        "nat gateway ng-contoso -> pip-ng-contoso",
        "image builds: on compute cluster cpu-cluster",
        "the storage account is reached only through its private endpoints (pep-contoso-st-blob,",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    assert!(!text.contains("accepts only the compute subnets"), "{text}");
    // Under `current`, nothing cites the 2019 document.
    assert!(!text.contains(SEED_2019_DOC.doc), "{text}");
    for name in ["scoring", "inference", "endpoints"] {
        full.clone().filter_resource(name).unwrap();
    }
}
