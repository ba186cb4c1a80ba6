//! The three formats describe the same resources: for every example (and the shared private example),
//! the resources read back from the Terraform and ARM output, as (type, name) pairs, equal the IR's.
//!
//! What each format writes differently is spelled out here, independently of the emitters:
//! - ARM writes subnets inside their virtual network (`properties.subnets`), and an existing virtual
//!   network not at all: its subnets and the role assignments scoped to them are in a nested deployment.
//! - Terraform writes a DNS zone group as the endpoint's `private_dns_zone_group` block, computes other
//!   than clusters as `azapi_resource`, and an existing virtual network and its subnets as data sources.
//!   Subnet associations and `azapi_update_resource` attach things to subnets and are not resources of
//!   the IR; they are counted separately.
//! - Role assignments have computed names; they are compared by scope name and role.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use amlnet::azure::catalog::{self, ApiKind};
use amlnet::ir::{Body, Graph, ResourceId};
use amlnet::{Generator, Output, SourceFormat};
use serde_json::Value;

/// (type, name) pairs with their multiplicity.
type Resources = BTreeMap<(String, String), usize>;

#[test]
fn every_example_terraform_and_arm_list_the_ir_resources() {
    let mut specs: Vec<PathBuf> = Vec::new();
    for dir in ["examples", "tests/data/private"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        specs.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    }
    specs.sort();
    assert!(specs.len() >= 7, "found only {} specs", specs.len());
    for path in specs {
        check(&path);
    }
}

#[track_caller]
fn check(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let syntax = SourceFormat::from_path(path).unwrap();
    let output: Output = Generator::new()
        .generate_str(&text, syntax, "spec", "../spec")
        .unwrap_or_else(|diags| panic!("{} is invalid:\n{}", path.display(), diags.render(false, 100)));
    let name = path.file_name().unwrap().to_str().unwrap();
    let graph = &output.graph;

    let (tf, associations) = from_terraform(output.files.get("terraform/main.tf").unwrap());
    assert_eq!(tf, terraform_expected(graph), "{name}: Terraform resources differ from the IR");
    let subnets = graph.resources().filter(|(_, r)| r.kind == ApiKind::Subnet).count();
    assert_eq!(associations, subnets, "{name}: one NSG association per subnet");

    let arm = from_arm(output.files.get("arm/azuredeploy.json").unwrap());
    assert_eq!(arm, arm_expected(graph), "{name}: ARM resources differ from the IR");
    let count: usize = arm.values().sum();
    assert_eq!(count, graph.resources().count() - usize::from(graph.resources().any(|(id, _)| existing(graph, id))));
}

fn add(out: &mut Resources, ty: impl Into<String>, name: impl Into<String>) {
    *out.entry((ty.into(), name.into())).or_default() += 1;
}

fn existing(graph: &Graph, id: ResourceId) -> bool {
    let vnet = match &graph.resource(id).body {
        Body::Subnet(s) => s.vnet,
        _ => id,
    };
    matches!(&graph.resource(vnet).body, Body::VirtualNetwork(v) if v.existing.is_some())
}

/// The resource's name with its parents' names, `/`-separated (the ARM name).
fn full_name(graph: &Graph, id: ResourceId) -> String {
    let res = graph.resource(id);
    match res.body.parent() {
        Some(parent) => format!("{}/{}", full_name(graph, parent), res.name),
        None => res.name.clone(),
    }
}

// ---- What the IR says each format holds ----

fn terraform_expected(graph: &Graph) -> Resources {
    let mut out = Resources::new();
    for (id, res) in graph.resources() {
        let info = catalog::info(res.kind);
        match &res.body {
            Body::RoleAssignment(ra) => add(
                &mut out,
                "azurerm_role_assignment",
                format!("{}:{}", graph.resource(ra.scope).name, ra.role.name()),
            ),
            Body::PrivateDnsZoneGroup(g) => {
                add(&mut out, "private_dns_zone_group", format!("{}/{}", graph.resource(g.endpoint).name, res.name))
            }
            Body::AmlCluster(_) => add(&mut out, catalog::AZURERM_COMPUTE_CLUSTER, &res.name),
            Body::AmlInstance(_) | Body::AttachedCompute(_) | Body::AksCompute(_) => {
                add(&mut out, format!("azapi_resource:{}", info.arm_type), &res.name)
            }
            _ if existing(graph, id) => add(&mut out, format!("data.{}", info.tf_type.unwrap()), &res.name),
            _ => add(&mut out, info.tf_type.unwrap(), &res.name),
        }
    }
    out
}

fn arm_expected(graph: &Graph) -> Resources {
    let mut out = Resources::new();
    for (id, res) in graph.resources() {
        let info = catalog::info(res.kind);
        match &res.body {
            Body::RoleAssignment(ra) => {
                add(&mut out, info.arm_type, format!("{}:{}", graph.resource(ra.scope).name, ra.role.guid()))
            }
            Body::VirtualNetwork(v) if v.existing.is_some() => {}
            _ => add(&mut out, info.arm_type, full_name(graph, id)),
        }
    }
    out
}

// ---- Terraform, read with hcl-rs ----

fn attr<'a>(block: &'a hcl::Block, key: &str) -> Option<&'a hcl::Expression> {
    block.body.attributes().find(|a| a.key.as_str() == key).map(|a| &a.expr)
}

fn string(expr: Option<&hcl::Expression>) -> String {
    match expr {
        Some(hcl::Expression::String(s)) => s.clone(),
        other => panic!("expected a string, found {other:?}"),
    }
}

/// `(type, label)` of a traversal `type.label.attr` (or `data.type.label.attr`).
fn target(expr: Option<&hcl::Expression>) -> (String, String) {
    let Some(hcl::Expression::Traversal(t)) = expr else { panic!("expected a reference, found {expr:?}") };
    let hcl::Expression::Variable(root) = &t.expr else { panic!("{t:?}") };
    let names: Vec<String> = t
        .operators
        .iter()
        .filter_map(|op| match op {
            hcl::expr::TraversalOperator::GetAttr(id) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    if root.as_str() == "data" {
        (format!("data.{}", names[0]), names[1].clone())
    } else {
        (root.to_string(), names[0].clone())
    }
}

/// The resources of `main.tf`, and the number of NSG associations.
fn from_terraform(text: &str) -> (Resources, usize) {
    let body = hcl::parse(text).unwrap();
    let blocks: Vec<&hcl::Block> =
        body.blocks().filter(|b| matches!(b.identifier.as_str(), "resource" | "data")).collect();
    let key = |b: &hcl::Block| {
        let ty = b.labels[0].as_str().to_owned();
        let ty = if b.identifier.as_str() == "data" { format!("data.{ty}") } else { ty };
        (ty, b.labels[1].as_str().to_owned())
    };
    let names: BTreeMap<(String, String), String> =
        blocks.iter().filter_map(|b| attr(b, "name").map(|_| (key(b), string(attr(b, "name"))))).collect();
    let mut out = Resources::new();
    let mut associations = 0;
    for block in blocks {
        let (ty, _) = key(block);
        match ty.as_str() {
            "azurerm_subnet_network_security_group_association" => associations += 1,
            "azurerm_subnet_route_table_association" | "azapi_update_resource" | "data.azurerm_client_config" => {}
            "azurerm_role_assignment" => {
                let scope = &names[&target(attr(block, "scope"))];
                add(&mut out, ty, format!("{scope}:{}", string(attr(block, "role_definition_name"))));
            }
            "azapi_resource" => {
                let arm_type = string(attr(block, "type"));
                let arm_type = arm_type.split('@').next().unwrap();
                add(&mut out, format!("azapi_resource:{arm_type}"), string(attr(block, "name")));
            }
            _ => {
                let name = string(attr(block, "name"));
                for inner in block.body.blocks().filter(|b| b.identifier.as_str() == "private_dns_zone_group") {
                    add(&mut out, "private_dns_zone_group", format!("{name}/{}", string(attr(inner, "name"))));
                }
                add(&mut out, ty, name);
            }
        }
    }
    (out, associations)
}

// ---- ARM, read with serde_json ----

/// A resource name: a literal, or `[format('{0}/{1}', 'a', 'b')]` read as `a/b`.
fn arm_name(value: &Value) -> String {
    let text = value.as_str().unwrap();
    let Some(args) = text.strip_prefix("[format(").and_then(|t| t.strip_suffix(")]")) else {
        assert!(!text.starts_with('['), "unexpected computed name {text}");
        return text.to_owned();
    };
    let quoted: Vec<&str> = args.split('\'').skip(1).step_by(2).collect();
    quoted[1..].join("/")
}

/// The role guid in `[subscriptionResourceId('...roleDefinitions', '<guid>')]`.
fn role_guid(value: &Value) -> String {
    value.as_str().unwrap().split('\'').nth(3).unwrap().to_owned()
}

fn arm_resources(resources: &[Value], out: &mut Resources) {
    for res in resources {
        let ty = res["type"].as_str().unwrap();
        match ty {
            "Microsoft.Resources/deployments" => {
                arm_resources(res["properties"]["template"]["resources"].as_array().unwrap(), out)
            }
            "Microsoft.Authorization/roleAssignments" => {
                let scope = res["scope"].as_str().unwrap().rsplit('/').next().unwrap();
                add(out, ty, format!("{scope}:{}", role_guid(&res["properties"]["roleDefinitionId"])));
            }
            _ => {
                let name = arm_name(&res["name"]);
                if ty == "Microsoft.Network/virtualNetworks" {
                    for subnet in res["properties"]["subnets"].as_array().unwrap() {
                        add(out, format!("{ty}/subnets"), format!("{name}/{}", subnet["name"].as_str().unwrap()));
                    }
                }
                add(out, ty, name);
            }
        }
    }
}

fn from_arm(text: &str) -> Resources {
    let template: Value = serde_json::from_str(text).unwrap();
    let mut out = Resources::new();
    arm_resources(template["resources"].as_array().unwrap(), &mut out);
    out
}
