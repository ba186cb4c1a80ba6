//! Property tests over random specs. Valid specs (built valid by `support::generate`, rendered in YAML,
//! TOML or JSON) always generate, deterministically, into Terraform that hcl-rs parses and an ARM
//! template whose every `dependsOn` entry names a resource in it; the resources of both agree with the
//! graph, and no inbound rule allows the Internet unless the spec asked for exactly that. Invalid
//! mutations of valid specs always end in diagnostics, never in a panic or in output. Stressed specs
//! (one minified line past column 65,535, deep nesting, long keys) end in located diagnostics of
//! bounded size, or, when still valid, generate.
//!
//! Cases per property: `PROPTEST_CASES`, default 1000.

mod support;

use std::collections::BTreeSet;

use amlnet::internals::azure::catalog::{self, ApiKind};
use amlnet::internals::azure::firewall;
use amlnet::internals::azure::managed_network::RuleKind;
use amlnet::internals::ir::Body;
use amlnet::{Output, SourceFormat};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;
use support::generate::{GenSpec, Mode, Stress, stress, valid_spec};
use support::read::{self, ArmValue};
use support::render::render;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    // A quarter of the specs have a managed network, which the mutations skip: the rejects grow with the cases.
    ProptestConfig {
        cases,
        max_global_rejects: cases.max(1024),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn syntax() -> impl Strategy<Value = SourceFormat> {
    select(&support::SYNTAXES[..])
}

/// A resource's identity for comparison across formats: (ARM type, name).
type Ident = (String, String);

fn ir_resources(output: &Output) -> (BTreeSet<Ident>, usize) {
    let mut set = BTreeSet::new();
    let mut roles = 0;
    for (_, res) in output.graph.resources() {
        // An existing network (the hub's) is referenced, never declared.
        if matches!(&res.body, Body::VirtualNetwork(v) if v.existing.is_some()) {
            continue;
        }
        if res.kind == ApiKind::RoleAssignment {
            roles += 1;
        } else {
            assert!(set.insert((catalog::info(res.kind).arm_type.to_owned(), res.name.clone())), "{} twice", res.name);
        }
    }
    (set, roles)
}

fn tf_resources(output: &Output) -> (BTreeSet<Ident>, usize) {
    let mut set = BTreeSet::new();
    let mut roles = 0;
    for (path, text) in output.files.files() {
        if !path.to_string().ends_with(".tf") {
            continue;
        }
        for (ty, label, body) in read::tf_resources(text) {
            let name = || read::tf_attr(&body, "name").and_then(read::tf_string);
            let arm_type = if ty == "azapi_resource" {
                let full = read::tf_attr(&body, "type").and_then(read::tf_string).unwrap();
                full.split('@').next().unwrap().to_owned()
            } else if ty == catalog::info(ApiKind::RoleAssignment).tf_type.unwrap() {
                roles += 1;
                continue;
            } else if let Some(info) = catalog::KINDS.iter().find(|k| k.tf_type == Some(ty.as_str())) {
                info.arm_type.to_owned()
            } else if [RuleKind::Fqdn, RuleKind::ServiceTag, RuleKind::PrivateEndpoint]
                .iter()
                .any(|k| k.tf_type() == ty)
            {
                // One azurerm type per outbound rule kind; the catalogue's row has none.
                catalog::info(ApiKind::OutboundRule).arm_type.to_owned()
            } else if ty == catalog::AZURERM_COMPUTE_CLUSTER {
                // The one compute azurerm has a type for; the catalogue's compute row is azapi's.
                catalog::info(ApiKind::Compute).arm_type.to_owned()
            } else {
                continue; // associations and other Terraform-only resources
            };
            let name = name().unwrap_or_else(|| panic!("{ty}.{label} has no literal name"));
            assert!(set.insert((arm_type, name)), "{ty}.{label} twice");
        }
    }
    (set, roles)
}

fn arm_check(template: &Value) -> (BTreeSet<Ident>, usize) {
    let resources = read::arm_resources(template);
    let role_type = catalog::info(ApiKind::RoleAssignment).arm_type;
    let known: BTreeSet<(String, Vec<String>)> = resources.iter().cloned().collect();
    for res in template["resources"].as_array().unwrap() {
        for dep in res["dependsOn"].as_array().into_iter().flatten() {
            match read::arm_eval(dep.as_str().unwrap()) {
                ArmValue::Resource(ty, segments) => {
                    assert!(known.contains(&(ty.clone(), segments.clone())), "dependsOn {dep} names no resource")
                }
                other => panic!("dependsOn {dep} is not a resource id: {other:?}"),
            }
        }
    }
    let mut set = BTreeSet::new();
    let mut roles = 0;
    for (ty, segments) in deployed(template) {
        if ty == role_type {
            roles += 1;
        } else {
            assert!(set.insert((ty, segments.last().unwrap().clone())));
        }
    }
    (set, roles)
}

/// The resources a template deploys, those of its nested deployments (an existing network's side of a
/// peering, written at the network's scope) included, the deployments themselves not.
fn deployed(template: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = read::arm_resources(template);
    out.retain(|(ty, _)| ty != catalog::DEPLOYMENT_TYPE);
    for res in template["resources"].as_array().unwrap() {
        if res["type"] == catalog::DEPLOYMENT_TYPE {
            out.extend(deployed(&res["properties"]["template"]));
        }
    }
    out
}

/// No inbound Allow rule from the whole Internet unless it is the acknowledged SSH rule, a requested
/// scoring rule, or a rule Azure requires on the NSG of a Bastion the spec asks for.
fn check_inbound(template: &Value, spec: &GenSpec) {
    let bastion = spec.value.get("hub").is_some_and(|hub| hub.get("bastion").is_some());
    for res in template["resources"].as_array().unwrap() {
        if res["type"] != catalog::info(ApiKind::NetworkSecurityGroup).arm_type {
            continue;
        }
        for rule in res["properties"]["securityRules"].as_array().unwrap() {
            let p = &rule["properties"];
            let mut sources: Vec<&str> = p["sourceAddressPrefix"].as_str().into_iter().collect();
            sources.extend(p["sourceAddressPrefixes"].as_array().into_iter().flatten().filter_map(Value::as_str));
            let open = sources.iter().any(|s| matches!(*s, "*" | "Internet" | "0.0.0.0/0"));
            if p["direction"] != "Inbound" || p["access"] != "Allow" || !open {
                continue;
            }
            let name = rule["name"].as_str().unwrap();
            let ok = (name == "AllowSshInbound" && spec.ssh_from_internet)
                || spec.scoring_from_internet.iter().any(|c| name == format!("AllowScoringInbound-{c}"))
                || (bastion && firewall::BASTION_RULES.iter().any(|r| r.0 == name && sources.contains(&r.3)));
            assert!(ok, "inbound rule {name} allows {sources:?} but the spec did not ask for it");
        }
    }
}

fn check_valid(spec: &GenSpec, syntax: SourceFormat) {
    let text = render(&spec.value, syntax);
    let output = support::generate_text(&text, syntax).unwrap_or_else(|d| panic!("{d}\n--- spec ---\n{text}"));
    let again = support::generate_text(&text, syntax).unwrap();
    assert_eq!(output.files, again.files, "two runs differ");
    let (ir, ir_roles) = ir_resources(&output);
    let (tf, tf_roles) = tf_resources(&output);
    let template: Value = serde_json::from_str(output.files.get("arm/azuredeploy.json").unwrap()).unwrap();
    let (arm, arm_roles) = arm_check(&template);
    assert_eq!(tf, ir, "Terraform resources differ from the graph");
    assert_eq!(arm, ir, "ARM resources differ from the graph");
    assert_eq!((tf_roles, arm_roles), (ir_roles, ir_roles), "role assignments");
    check_inbound(&template, spec);
    check_secrets(&output, &template);
}

/// Secrets (the graph's secure parameters) are only ever secure parameters or sensitive variables,
/// without defaults, and are referenced: ARM `securestring`, Bicep `@secure()`, Terraform `sensitive`.
fn check_secrets(output: &Output, template: &Value) {
    let secure = output.graph.params().filter(|(_, p)| p.secure).count();
    let params = template["parameters"].as_object().unwrap();
    let arm_secure: Vec<&String> = params.keys().filter(|k| params[*k]["type"] == "securestring").collect();
    assert_eq!(arm_secure.len(), secure, "ARM secure parameters");
    let resources = serde_json::to_string(&template["resources"]).unwrap();
    for name in &arm_secure {
        assert!(params[*name].get("defaultValue").is_none(), "ARM secure parameter {name} has a default");
        assert!(resources.contains(&format!("[parameters('{name}')]")), "ARM secure parameter {name} unused");
    }
    let arm_params = output.files.get("arm/azuredeploy.parameters.json").unwrap();
    assert!(arm_secure.iter().all(|name| !arm_params.contains(&format!("\"{name}\""))), "secret in parameters file");

    let bicep = output.files.get("bicep/main.bicep").unwrap();
    let lines: Vec<&str> = bicep.lines().collect();
    let mut bicep_secure = 0;
    for (i, line) in lines.iter().enumerate() {
        if *line == "@secure()" {
            bicep_secure += 1;
            let decl = lines[i + 1..].iter().find(|l| !l.starts_with('@')).unwrap();
            assert!(decl.starts_with("param ") && !decl.contains('='), "Bicep secure parameter {decl:?} has a default");
            let symbol = decl.split(' ').nth(1).unwrap();
            assert!(bicep.matches(symbol).count() > 1, "Bicep secure parameter {symbol} unused");
        }
    }
    assert_eq!(bicep_secure, secure, "Bicep @secure() parameters");

    let variables: hcl::Body = hcl::parse(output.files.get("terraform/variables.tf").unwrap()).unwrap();
    let mut tf_sensitive = 0;
    for block in variables.blocks().filter(|b| b.identifier.as_str() == "variable") {
        if read::tf_attr(&block.body, "sensitive") == Some(&hcl::Expression::Bool(true)) {
            tf_sensitive += 1;
            assert!(read::tf_attr(&block.body, "default").is_none(), "sensitive variable with a default");
        }
    }
    assert_eq!(tf_sensitive, secure, "Terraform sensitive variables");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_specs_generate_well_formed_agreeing_output(spec in valid_spec(Mode::Any), syntax in syntax()) {
        check_valid(&spec, syntax);
    }

    #[test]
    fn invalid_mutations_are_diagnostics(spec in valid_spec(Mode::Any), syntax in syntax(), m in mutation()) {
        // The edits name a compute's subnet, which a managed network's computes do not have.
        prop_assume!(spec.value["workspace"].get("managed_network").is_none());
        let mut value = spec.value.clone();
        let text = match &m {
            Mutation::Tree(edit) => {
                edit.apply(&mut value);
                render(&value, syntax)
            }
            Mutation::Truncate(pick) => truncate_in_string(&render(&value, syntax), *pick),
            Mutation::ControlByte(pick, byte) => {
                let text = render(&value, syntax);
                let byte = if syntax == SourceFormat::Json && *byte == 0x7f { 0x01 } else { *byte };
                let at = char_boundary(&text, *pick);
                format!("{}{}{}", &text[..at], char::from(byte), &text[at..])
            }
        };
        let result = support::generate_text(&text, syntax);
        // saphyr-parser tolerates some raw control characters that YAML 1.2 forbids (inside a
        // double-quoted scalar, or between `key:` and its value), so in YAML a control byte need not
        // be an error; it must still not panic, which reaching this line shows.
        let yaml_control = syntax == SourceFormat::Yaml && matches!(m, Mutation::ControlByte(..));
        prop_assert!(result.is_err() || yaml_control, "{m:?} was accepted:\n{text}");
    }

    /// Arbitrary byte edits may or may not leave a valid spec; either way nothing panics, and what is
    /// accepted generates parseable output.
    #[test]
    fn random_edits_never_panic(spec in valid_spec(Mode::Any), syntax in syntax(), edits in proptest::collection::vec((any::<prop::sample::Index>(), 0x20u8..0x7f), 1..4)) {
        let mut bytes = render(&spec.value, syntax).into_bytes();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(text) = String::from_utf8(bytes)
            && let Ok(output) = support::generate_text(&text, syntax)
        {
            for (path, contents) in output.files.files() {
                if path.to_string().ends_with(".tf") {
                    read::tf_resources(contents);
                } else if path.to_string().ends_with(".json") {
                    serde_json::from_str::<Value>(contents).unwrap();
                }
            }
        }
    }
}

proptest! {
    // Each case is up to 100 KB of spec: a fiftieth of the cases (21 by default).
    #![proptest_config(ProptestConfig { cases: config().cases / 50 + 1, ..config() })]

    #[test]
    fn stressed_specs_are_located_diagnostics_or_generate(spec in valid_spec(Mode::Any), syntax in syntax(), shape in stress()) {
        let (text, syntax) = match shape.apply(&spec.value) {
            Ok(text) => (text, SourceFormat::Json),
            Err(value) => (render(&value, syntax), syntax),
        };
        let result = amlnet::Generator::new().generate_str(&text, syntax, "spec", "../spec");
        match (&shape, result) {
            (Stress::OneLine { .. }, Ok(output)) => {
                // Valid, and every warning is located on the one line and renders.
                for warning in &output.warnings.items {
                    prop_assert!(warning.line == Some(1) || warning.span.is_none(), "{warning:?}");
                }
                let rendered = output.warnings.render(false, 100);
                prop_assert!(rendered.len() < 20_000, "{} bytes of warnings", rendered.len());
            }
            (Stress::OneLine { .. }, Err(diags)) => prop_assert!(false, "a valid spec on one line is invalid:\n{}", diags.render(false, 100)),
            (_, Ok(_)) => prop_assert!(false, "{shape:?} was accepted"),
            (_, Err(diags)) => {
                prop_assert!(diags.has_errors());
                for diag in diags.errors() {
                    prop_assert!(diag.span.is_some() && diag.line.is_some(), "unlocated: {diag:?}");
                }
                // Bounded by the input, not by the number of problems times the line length (a 43 KB line
                // with 1,000 problems printed 86 MB); a message may still quote a long key once.
                let rendered = diags.render(false, 100);
                prop_assert!(rendered.len() < 40_000 + 2 * text.len(), "{} bytes of diagnostics", rendered.len());
            }
        }
    }
}

/// Picks a char boundary of `text` from a proptest index.
fn char_boundary(text: &str, pick: prop::sample::Index) -> usize {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    boundaries[pick.index(boundaries.len())]
}

/// Cuts `text` at a position inside a double-quoted string, so that the string is unterminated.
fn truncate_in_string(text: &str, pick: prop::sample::Index) -> String {
    let inside = string_positions(text, true);
    text[..inside[pick.index(inside.len())]].to_owned()
}

/// The char boundaries of `text` that lie inside (`true`) or outside (`false`) double-quoted strings.
fn string_positions(text: &str, want_inside: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string == want_inside {
            out.push(i);
        }
        match (in_string, escaped, c) {
            (true, false, '\\') => escaped = true,
            (true, true, _) => escaped = false,
            (_, false, '"') => in_string = !in_string,
            _ => {}
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Tree(TreeEdit),
    Truncate(prop::sample::Index),
    ControlByte(prop::sample::Index, u8),
}

#[derive(Debug, Clone)]
enum TreeEdit {
    BreakCidr(usize, &'static str),
    OverlapSubnets,
    DropRequired(&'static [&'static str]),
    UnknownField(&'static [&'static str], String),
    WrongType(&'static [&'static str], Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let control = prop_oneof![0x00u8..=0x08, Just(0x0b), Just(0x0c), 0x0eu8..=0x1f, Just(0x7f)];
    prop_oneof![
        (any::<usize>(), select(&["10.0.0.300/24", "10.0.0.0/33", "not-a-cidr", "10.0.0.1/24", "", "10.0.0.0"][..]))
            .prop_map(|(i, bad)| Mutation::Tree(TreeEdit::BreakCidr(i, bad))),
        Just(Mutation::Tree(TreeEdit::OverlapSubnets)),
        select(REQUIRED).prop_map(|path| Mutation::Tree(TreeEdit::DropRequired(path))),
        (select(OBJECTS), "[a-z_]{1,12}")
            .prop_map(|(path, name)| Mutation::Tree(TreeEdit::UnknownField(path, format!("zz_{name}")))),
        (0..WRONG.len()).prop_map(|i| {
            let (path, value) = &WRONG[i];
            Mutation::Tree(TreeEdit::WrongType(path, serde_json::from_str(value).unwrap()))
        }),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), control).prop_map(|(at, byte)| Mutation::ControlByte(at, byte)),
    ]
}

const REQUIRED: &[&[&str]] = &[
    &["version"],
    &["name"],
    &["location"],
    &["vnet"],
    &["vnet", "address_space"],
    &["vnet", "subnets"],
    &["vnet", "subnets", "0", "name"],
    &["vnet", "subnets", "0", "prefix"],
    &["compute", "0", "name"],
    &["compute", "0", "kind"],
    &["compute", "0", "subnet"],
];

const OBJECTS: &[&[&str]] =
    &[&[], &["vnet"], &["vnet", "subnets", "0"], &["compute", "0"], &["workspace"], &["outbound"]];

const WRONG: &[(&[&str], &str)] = &[
    (&["version"], "\"one\""),
    (&["version"], "2"),
    (&["name"], "7"),
    (&["location"], "[\"eastus\"]"),
    (&["compute"], "\"cluster\""),
    (&["vnet", "address_space"], "5"),
    (&["vnet", "subnets"], "{}"),
    (&["compute", "0", "kind"], "\"gpu_cluster\""),
    (&["compute", "0", "name"], "false"),
    (&["outbound", "mode"], "3"),
    (&["workspace", "storage", "firewall"], "\"yes\""),
    (&["tags"], "[1]"),
];

/// The object at `path`, if every step exists.
fn at<'a>(value: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, key| match v {
        Value::Object(map) => map.get_mut(*key),
        Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?),
        _ => None,
    })
}

impl TreeEdit {
    fn apply(&self, value: &mut Value) {
        match self {
            TreeEdit::BreakCidr(i, bad) => {
                let subnets = value["vnet"]["subnets"].as_array_mut().unwrap();
                let n = subnets.len();
                if i % (n + 1) == n {
                    value["vnet"]["address_space"][0] = Value::from(*bad);
                } else {
                    subnets[i % n]["prefix"] = Value::from(*bad);
                }
            }
            TreeEdit::OverlapSubnets => {
                let subnets = value["vnet"]["subnets"].as_array_mut().unwrap();
                let mut copy = subnets[0].clone();
                copy["name"] = Value::from("overlapping");
                subnets.push(copy);
            }
            TreeEdit::DropRequired(path) => {
                let (last, parent) = path.split_last().unwrap();
                match at(value, parent).unwrap() {
                    Value::Object(map) => {
                        map.remove(*last);
                    }
                    other => panic!("{other}"),
                }
            }
            TreeEdit::UnknownField(path, name) => {
                if let Some(Value::Object(map)) = at(value, path) {
                    map.insert(name.clone(), Value::from("x"));
                } else {
                    value[name.as_str()] = Value::from(1);
                }
            }
            TreeEdit::WrongType(path, wrong) => {
                let (last, parent) = path.split_last().unwrap();
                let parent = match at(value, parent) {
                    Some(p) => p,
                    None => {
                        // A defaulted section: create it so the wrong value has a place.
                        value[parent[0]] = Value::Object(Default::default());
                        at(value, parent).unwrap()
                    }
                };
                parent[*last] = wrong.clone();
            }
        }
    }
}
