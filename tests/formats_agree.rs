//! The three formats say the same thing as the IR: for every example, the NSG rules, routes (a route to
//! the hub firewall by reference) and firewall policy rules read back from the Terraform, ARM and Bicep
//! files equal the graph's, field by field; and the seed-2019
//! example carries every 2019 rule its options select, with the right ports, directions and tags.

use std::collections::BTreeSet;
use std::path::Path;

use amlnet::internals::ir::{Body, FirewallRules, Graph, NextHop};
use amlnet::{Generator, Output, SourceFormat};
use serde_json::Value;
use support::read::{self, Bicep};

mod support;

/// One NSG rule as every format can spell it: (nsg, rule, priority, direction, access, protocol,
/// source, destination, ports).
type Rule = (String, String, String, String, String, String, String, String, String);
/// One route: (table, route, prefix, next hop type, next hop address).
type RouteRow = (String, String, String, String, String);

/// One firewall policy rule: (group priority, collection, collection priority, action, rule type, rule,
/// sources, destinations or FQDNs, protocols, ports).
type FwRule = (String, String, String, String, String, String, String, String, String, String);

#[derive(Debug, Default, PartialEq, Eq)]
struct Network {
    rules: BTreeSet<Rule>,
    routes: BTreeSet<RouteRow>,
    firewall: BTreeSet<FwRule>,
}

/// The rule type of a network rule and of an application rule, as every reader names it.
const NETWORK: &str = "network";
const APPLICATION: &str = "application";

#[track_caller]
fn generate(text: &str, syntax: SourceFormat) -> Output {
    Generator::new()
        .generate_str(text, syntax, "spec", "../spec")
        .unwrap_or_else(|diags| panic!("invalid:\n{}", diags.render(false, 100)))
}

fn read_example(name: &str) -> (String, SourceFormat) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    (std::fs::read_to_string(&path).unwrap(), SourceFormat::from_path(&path).unwrap())
}

#[test]
fn every_example_formats_agree_with_the_ir() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    // Spec files only: `examples/xtask` is a crate.
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.file_name().unwrap().to_owned())
        .collect();
    names.sort();
    for name in names {
        let name = name.to_str().unwrap();
        let (text, syntax) = read_example(name);
        // Every environment of a spec with environments.
        for output in Generator::new().generate_all_str(&text, syntax, "spec", "../spec").unwrap() {
            check_agreement(name, &output);
        }
    }
}

#[track_caller]
fn check_agreement(name: &str, output: &Output) {
    let want = from_ir(&output.graph);
    // A managed network places compute outside the virtual network: its subnets need no rule.
    let no_compute_subnet = name.contains("minimal") || name.contains("managed");
    assert!(!want.rules.is_empty() || no_compute_subnet, "{name}: no rules at all");
    // The hub example routes to its firewall by reference and the firewall has the catalogue's rules.
    if name.contains("hub") {
        assert!(want.firewall.len() > 10, "{name}: the firewall rules are missing");
        assert!(want.routes.iter().any(|r| r.4 == FIREWALL_IP), "{name}: no route to the firewall by reference");
    }
    assert_formats(name, output, &want);
}

/// The rules and routes each format writes are `want`, the graph's.
#[track_caller]
fn assert_formats(name: &str, output: &Output, want: &Network) {
    let tf = from_terraform(&read::tf_module(output.files.files()));
    let arm = from_arm(output.files.get("arm/azuredeploy.json").unwrap());
    let bicep = from_bicep(output.files.get("bicep/main.bicep").unwrap());
    assert_eq!(&tf, want, "{name}: Terraform disagrees with the IR");
    assert_eq!(&arm, want, "{name}: ARM disagrees with the IR");
    assert_eq!(&bicep, want, "{name}: Bicep disagrees with the IR");
}

fn from_ir(graph: &Graph) -> Network {
    let mut net = Network::default();
    for (_, res) in graph.resources() {
        match &res.body {
            Body::NetworkSecurityGroup(nsg) => {
                for r in &graph.rule_list(nsg.rules).rules {
                    net.rules.insert((
                        res.name.clone(),
                        r.name.clone(),
                        r.priority.to_string(),
                        format!("{:?}", r.direction),
                        format!("{:?}", r.access),
                        match r.protocol {
                            amlnet::internals::azure::network::Protocol::Any => "*".to_owned(),
                            p => format!("{p:?}"),
                        },
                        r.source.clone(),
                        r.destination.clone(),
                        r.destination_ports.join(","),
                    ));
                }
            }
            Body::RouteTable(rt) => {
                for r in &rt.routes {
                    let (hop, ip) = match r.next_hop {
                        NextHop::Internet => ("Internet", String::new()),
                        NextHop::VirtualAppliance(ip) => ("VirtualAppliance", ip.to_string()),
                        NextHop::Firewall(_) => ("VirtualAppliance", FIREWALL_IP.to_owned()),
                    };
                    net.routes.insert((res.name.clone(), r.name.clone(), r.address_prefix.clone(), hop.to_owned(), ip));
                }
            }
            Body::FirewallRuleCollectionGroup(g) => {
                for c in &g.collections {
                    let head = (g.priority.to_string(), c.name.clone(), c.priority.to_string(), c.action.to_owned());
                    let row = |kind: &str, name: &str, sources: &[String], to: &[String], protocols: String, ports| {
                        (
                            head.0.clone(),
                            head.1.clone(),
                            head.2.clone(),
                            head.3.clone(),
                            kind.to_owned(),
                            name.to_owned(),
                            sources.join(","),
                            to.join(","),
                            protocols,
                            ports,
                        )
                    };
                    match &c.rules {
                        FirewallRules::Network(rules) => {
                            for r in rules {
                                let ports = r.ports.join(",");
                                net.firewall.insert(row(
                                    NETWORK,
                                    &r.name,
                                    &r.sources,
                                    &r.destinations,
                                    r.protocols.join(","),
                                    ports,
                                ));
                            }
                        }
                        FirewallRules::Application(rules) => {
                            for r in rules {
                                let protocols = format!("{}:{}", r.protocol, r.port);
                                net.firewall.insert(row(
                                    APPLICATION,
                                    &r.name,
                                    &r.sources,
                                    &r.fqdns,
                                    protocols,
                                    String::new(),
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    net
}

/// How a route to the hub firewall's private address (a reference, never a literal) reads in every format.
const FIREWALL_IP: &str = "the firewall's private address";

/// A route's next hop address: a literal as written; a reference to the firewall's private address, in
/// any format's spelling (azurerm `ip_configuration[0].private_ip_address`, ARM `reference(...)` and Bicep
/// `properties.ipConfigurations[0].properties.privateIPAddress`), as [`FIREWALL_IP`].
fn hop_ip(text: &str) -> String {
    let by_reference = (text.contains("azurerm_firewall") && text.contains("private_ip_address"))
        || text.contains("ipConfigurations[0].properties.privateIPAddress");
    if by_reference { FIREWALL_IP.to_owned() } else { text.to_owned() }
}

// ---- Terraform, read with hcl-rs ----

fn hcl_str(expr: &hcl::Expression) -> String {
    match expr {
        hcl::Expression::String(s) => s.clone(),
        hcl::Expression::Number(n) => n.to_string(),
        hcl::Expression::Bool(b) => b.to_string(),
        hcl::Expression::Array(items) => items.iter().map(hcl_str).collect::<Vec<_>>().join(","),
        other => format!("{other:?}"),
    }
}

fn hcl_attr(block: &hcl::Block, key: &str) -> String {
    block.body.attributes().find(|a| a.key.as_str() == key).map(|a| hcl_str(&a.expr)).unwrap_or_default()
}

fn from_terraform(text: &str) -> Network {
    let body = hcl::parse(text).unwrap();
    let mut net = Network::default();
    for block in body.blocks().filter(|b| b.identifier.as_str() == "resource") {
        let kind = block.labels[0].as_str();
        let name = hcl_attr(block, "name");
        if kind == "azurerm_firewall_policy_rule_collection_group" {
            let group = hcl_attr(block, "priority");
            for c in block.body.blocks() {
                let rule_kind = match c.identifier.as_str() {
                    "network_rule_collection" => NETWORK,
                    "application_rule_collection" => APPLICATION,
                    _ => continue,
                };
                for r in c.body.blocks().filter(|b| b.identifier.as_str() == "rule") {
                    let (to, protocols, ports) = if rule_kind == NETWORK {
                        (
                            hcl_attr(r, "destination_addresses"),
                            hcl_attr(r, "protocols"),
                            hcl_attr(r, "destination_ports"),
                        )
                    } else {
                        let p = r.body.blocks().find(|b| b.identifier.as_str() == "protocols").unwrap();
                        let protocols = format!("{}:{}", hcl_attr(p, "type"), hcl_attr(p, "port"));
                        (hcl_attr(r, "destination_fqdns"), protocols, String::new())
                    };
                    net.firewall.insert((
                        group.clone(),
                        hcl_attr(c, "name"),
                        hcl_attr(c, "priority"),
                        hcl_attr(c, "action"),
                        rule_kind.to_owned(),
                        hcl_attr(r, "name"),
                        hcl_attr(r, "source_addresses"),
                        to,
                        protocols,
                        ports,
                    ));
                }
            }
            continue;
        }
        for inner in block.body.blocks() {
            let a = |k: &str| hcl_attr(inner, k);
            match (kind, inner.identifier.as_str()) {
                ("azurerm_network_security_group", "security_rule") => {
                    let ports = [a("destination_port_range"), a("destination_port_ranges")].concat();
                    net.rules.insert((
                        name.clone(),
                        a("name"),
                        a("priority"),
                        a("direction"),
                        a("access"),
                        a("protocol"),
                        a("source_address_prefix"),
                        a("destination_address_prefix"),
                        ports,
                    ));
                }
                ("azurerm_route_table", "route") => {
                    net.routes.insert((
                        name.clone(),
                        a("name"),
                        a("address_prefix"),
                        a("next_hop_type"),
                        hop_ip(&a("next_hop_in_ip_address")),
                    ));
                }
                _ => {}
            }
        }
    }
    net
}

// ---- ARM, read with serde_json ----

fn json_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(json_str).collect::<Vec<_>>().join(","),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn from_arm(text: &str) -> Network {
    let template: Value = serde_json::from_str(text).unwrap();
    let mut net = Network::default();
    for res in template["resources"].as_array().unwrap() {
        let name = json_str(&res["name"]);
        match res["type"].as_str().unwrap() {
            "Microsoft.Network/networkSecurityGroups" => {
                for rule in res["properties"]["securityRules"].as_array().unwrap() {
                    let p = &rule["properties"];
                    let ports = [json_str(&p["destinationPortRange"]), json_str(&p["destinationPortRanges"])].concat();
                    net.rules.insert((
                        name.clone(),
                        json_str(&rule["name"]),
                        json_str(&p["priority"]),
                        json_str(&p["direction"]),
                        json_str(&p["access"]),
                        json_str(&p["protocol"]),
                        json_str(&p["sourceAddressPrefix"]),
                        json_str(&p["destinationAddressPrefix"]),
                        ports,
                    ));
                }
            }
            "Microsoft.Network/firewallPolicies/ruleCollectionGroups" => {
                let group = json_str(&res["properties"]["priority"]);
                for c in res["properties"]["ruleCollections"].as_array().unwrap() {
                    for r in c["rules"].as_array().unwrap() {
                        let (kind, to, protocols, ports) = match r["ruleType"].as_str().unwrap() {
                            "NetworkRule" => (
                                NETWORK,
                                json_str(&r["destinationAddresses"]),
                                json_str(&r["ipProtocols"]),
                                json_str(&r["destinationPorts"]),
                            ),
                            _ => {
                                let p = &r["protocols"][0];
                                let protocols = format!("{}:{}", json_str(&p["protocolType"]), json_str(&p["port"]));
                                (APPLICATION, json_str(&r["targetFqdns"]), protocols, String::new())
                            }
                        };
                        net.firewall.insert((
                            group.clone(),
                            json_str(&c["name"]),
                            json_str(&c["priority"]),
                            json_str(&c["action"]["type"]),
                            kind.to_owned(),
                            json_str(&r["name"]),
                            json_str(&r["sourceAddresses"]),
                            to,
                            protocols,
                            ports,
                        ));
                    }
                }
            }
            "Microsoft.Network/routeTables" => {
                for route in res["properties"]["routes"].as_array().unwrap() {
                    let p = &route["properties"];
                    net.routes.insert((
                        name.clone(),
                        json_str(&route["name"]),
                        json_str(&p["addressPrefix"]),
                        json_str(&p["nextHopType"]),
                        hop_ip(&json_str(&p["nextHopIpAddress"])),
                    ));
                }
            }
            _ => {}
        }
    }
    net
}

// ---- Bicep, read with the shared reader of the literal subset amlnet writes ----

/// A member as text: a decoded string literal, raw expression text, or an array of those joined by `,`.
fn bicep_text(value: &Bicep, key: &str) -> String {
    let one = |v: &Bicep| match v {
        Bicep::Str(s) | Bicep::Raw(s) => s.clone(),
        other => format!("{other:?}"),
    };
    match value.get(key) {
        Some(Bicep::Array(items)) => items.iter().map(one).collect::<Vec<_>>().join(","),
        Some(other) => one(other),
        None => String::new(),
    }
}

fn from_bicep(text: &str) -> Network {
    let mut net = Network::default();
    for (_, ty, body) in read::bicep_resources(text) {
        let name = bicep_text(&body, "name");
        let props = body.get("properties");
        match ty.split('@').next().unwrap() {
            "Microsoft.Network/networkSecurityGroups" => {
                let Some(Bicep::Array(rules)) = props.and_then(|p| p.get("securityRules")) else { continue };
                for rule in rules {
                    let p = rule.get("properties").unwrap();
                    let t = |k: &str| bicep_text(p, k);
                    let ports = [t("destinationPortRange"), t("destinationPortRanges")].concat();
                    net.rules.insert((
                        name.clone(),
                        bicep_text(rule, "name"),
                        t("priority"),
                        t("direction"),
                        t("access"),
                        t("protocol"),
                        t("sourceAddressPrefix"),
                        t("destinationAddressPrefix"),
                        ports,
                    ));
                }
            }
            "Microsoft.Network/firewallPolicies/ruleCollectionGroups" => {
                let props = props.unwrap();
                let group = bicep_text(props, "priority");
                let Some(Bicep::Array(collections)) = props.get("ruleCollections") else { continue };
                for c in collections {
                    let Some(Bicep::Array(rules)) = c.get("rules") else { continue };
                    for r in rules {
                        let t = |k: &str| bicep_text(r, k);
                        let (kind, to, protocols, ports) = if t("ruleType") == "NetworkRule" {
                            (NETWORK, t("destinationAddresses"), t("ipProtocols"), t("destinationPorts"))
                        } else {
                            let Some(Bicep::Array(p)) = r.get("protocols") else { panic!("no protocols") };
                            let protocols =
                                format!("{}:{}", bicep_text(&p[0], "protocolType"), bicep_text(&p[0], "port"));
                            (APPLICATION, t("targetFqdns"), protocols, String::new())
                        };
                        net.firewall.insert((
                            group.clone(),
                            bicep_text(c, "name"),
                            bicep_text(c, "priority"),
                            bicep_text(c.get("action").unwrap(), "type"),
                            kind.to_owned(),
                            t("name"),
                            t("sourceAddresses"),
                            to,
                            protocols,
                            ports,
                        ));
                    }
                }
            }
            "Microsoft.Network/routeTables" => {
                let Some(Bicep::Array(routes)) = props.and_then(|p| p.get("routes")) else { continue };
                for route in routes {
                    let p = route.get("properties").unwrap();
                    net.routes.insert((
                        name.clone(),
                        bicep_text(route, "name"),
                        bicep_text(p, "addressPrefix"),
                        bicep_text(p, "nextHopType"),
                        hop_ip(&bicep_text(p, "nextHopIpAddress")),
                    ));
                }
            }
            _ => {}
        }
    }
    net
}

// ---- The 2019 scenario ----

/// A rule from its nine fields in `Rule` order.
fn rule(f: [&str; 9]) -> Rule {
    let s = |i: usize| f[i].to_owned();
    (s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7), s(8))
}

/// The 2019 guidance as the seed example selects it (restricted outbound, SSH from a range, a VM in
/// the training subnet, AKS with a public scoring endpoint, two Batch prefixes routed to the Internet).
#[test]
fn seed_2019_restricted_has_every_2019_rule_in_every_format() {
    let (text, syntax) = read_example("seed-2019.yaml");
    let output = generate(&text, syntax);
    let d = "nsg-seed-default";
    let a = "nsg-seed-aks";
    let want: BTreeSet<Rule> = [
        rule([
            d,
            "AllowBatchNodeManagementInbound",
            "100",
            "Inbound",
            "Allow",
            "Tcp",
            "BatchNodeManagement",
            "*",
            "29876-29877",
        ]),
        rule([d, "AllowSshInbound", "110", "Inbound", "Allow", "Tcp", "203.0.113.0/24", "*", "22"]),
        rule([
            d,
            "AllowAzureMachineLearningSshInbound",
            "120",
            "Inbound",
            "Allow",
            "*",
            "AzureMachineLearning",
            "*",
            "22",
        ]),
        rule([d, "AllowVirtualNetworkOutbound", "100", "Outbound", "Allow", "*", "*", "VirtualNetwork", "*"]),
        rule([d, "AllowStorageOutbound", "110", "Outbound", "Allow", "*", "*", "Storage.EastUS2", "*"]),
        rule([
            d,
            "AllowAzureContainerRegistryOutbound",
            "120",
            "Outbound",
            "Allow",
            "*",
            "*",
            "AzureContainerRegistry.EastUS2",
            "*",
        ]),
        rule([
            d,
            "AllowAzureMachineLearningOutbound",
            "130",
            "Outbound",
            "Allow",
            "*",
            "*",
            "AzureMachineLearning",
            "*",
        ]),
        rule([d, "DenyInternetOutbound", "4000", "Outbound", "Deny", "*", "*", "Internet", "*"]),
        rule([a, "AllowAzureMachineLearningInbound", "100", "Inbound", "Allow", "*", "AzureMachineLearning", "*", "*"]),
        rule([a, "AllowScoringInbound-myaks", "110", "Inbound", "Allow", "Tcp", "Internet", "*", "443"]),
    ]
    .into_iter()
    .collect();
    let routes: BTreeSet<RouteRow> =
        [("13.68.0.0/17", "internet-13.68.0.0-17"), ("40.70.0.0/18", "internet-40.70.0.0-18")]
            .into_iter()
            .map(|(p, n)| ("rt-seed".to_owned(), n.to_owned(), p.to_owned(), "Internet".to_owned(), String::new()))
            .collect();
    let ir = from_ir(&output.graph);
    assert_eq!(ir.rules, want);
    assert_eq!(ir.routes, routes);
    check_agreement("seed-2019.yaml", &output);
}

#[test]
fn seed_2019_open_outbound_keeps_vnet_and_internet() {
    let (text, syntax) = read_example("seed-2019.yaml");
    let text = text.replace("mode: restricted", "mode: open");
    let output = generate(&text, syntax);
    let outbound: BTreeSet<Rule> = from_ir(&output.graph).rules.into_iter().filter(|r| r.3 == "Outbound").collect();
    let d = "nsg-seed-default";
    let want: BTreeSet<Rule> = [
        rule([d, "AllowVirtualNetworkOutbound", "100", "Outbound", "Allow", "*", "*", "VirtualNetwork", "*"]),
        rule([d, "AllowInternetOutbound", "110", "Outbound", "Allow", "*", "*", "Internet", "*"]),
    ]
    .into_iter()
    .collect();
    assert_eq!(outbound, want);
    check_agreement("seed-2019.yaml with outbound open", &output);
}

#[test]
fn current_examples_carry_no_retired_rule() {
    for name in ["current-restricted.yaml", "minimal.toml", "hdinsight.json"] {
        let (text, syntax) = read_example(name);
        let output = generate(&text, syntax);
        for (file, contents) in output.files.files() {
            assert!(!contents.contains("29876"), "{name}: {file} opens the retired Batch ports");
        }
        let rules = from_ir(&output.graph).rules;
        assert!(rules.iter().all(|r| !(r.3 == "Inbound" && r.6.starts_with("BatchNodeManagement"))), "{name}");
    }
    let (text, syntax) = read_example("current-restricted.yaml");
    let rules = from_ir(&generate(&text, syntax).graph).rules;
    let batch: Vec<_> = rules.iter().filter(|r| r.7 == "BatchNodeManagement.WestEurope").collect();
    assert_eq!(batch.len(), 1, "outbound Batch rule");
    assert_eq!((batch[0].3.as_str(), batch[0].5.as_str(), batch[0].8.as_str()), ("Outbound", "*", "443"));
    assert!(rules.iter().any(|r| r.5 == "Udp" && r.8 == "5831" && r.7 == "AzureMachineLearning"));
}

#[test]
fn yaml_and_toml_forms_generate_identical_output() {
    let (yaml, _) = read_example("seed-2019.yaml");
    let toml_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/equivalent/seed-2019.toml");
    let toml = std::fs::read_to_string(toml_path).unwrap();
    let from_yaml = generate(&yaml, SourceFormat::Yaml);
    let from_toml = generate(&toml, SourceFormat::Toml);
    assert_eq!(from_yaml.graph.to_string(), from_toml.graph.to_string());
    assert_eq!(from_yaml.files, from_toml.files);
}

/// Random specs (`PROPTEST_CASES`, default 1000), half of them with a hub: the NSG rules, routes and
/// firewall policy rules of every format are the graph's; a new hub firewall carries the catalogue's
/// rules, and a default route to the hub firewall reads its address by reference (an existing
/// firewall's is the spec's).
#[test]
fn random_specs_formats_agree_with_the_ir() {
    for (spec, syntax, text) in support::generate::random_specs(15) {
        let output = support::generate_text(&text, syntax).unwrap_or_else(|d| panic!("{d}\n{text}"));
        let want = from_ir(&output.graph);
        let firewall = &spec.value["hub"]["firewall"];
        if firewall.is_object() && firewall.get("existing").is_none() {
            assert!(want.firewall.len() > 10, "the firewall rules are missing:\n{text}");
        }
        // A firewall amlnet creates by reference, an existing one by the address the spec gives.
        let address = firewall["existing"]["private_ip"].as_str().unwrap_or(FIREWALL_IP);
        if spec.value["forced_tunneling"]["default_route"]["next_hop"] == "hub_firewall" {
            let defaults: Vec<_> = want.routes.iter().filter(|r| r.2 == "0.0.0.0/0").collect();
            assert!(defaults.iter().all(|r| r.4 == address), "{defaults:?}\n{text}");
        }
        assert_formats(&text, &output, &want);
    }
}
