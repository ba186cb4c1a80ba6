//! User strings reach every output as exactly themselves. Nasty strings go into the spec where the spec
//! takes free text (tag keys and values, the Application Insights name, the segments of an attached
//! compute's `resource_id`), in YAML, TOML and JSON; the Terraform is read back with hcl-rs, the ARM
//! template with serde_json (with Resource Manager's `[[` rule undone) and the Bicep with a reader of
//! its string literals, and each string must come back unchanged at the place it was put.
//!
//! Strings Azure rejects must be diagnostics instead: the last tests pin the ones validation catches.

mod support;

use std::collections::BTreeMap;

use amlnet::Output;
use serde_json::{Value, json};
use support::read;
use support::render::render;

/// Strings that break naive escaping in at least one of the three formats.
pub const NASTY: &[&str] = &[
    "plain",
    "${var.x}",
    "%{ if true }x%{ endif }",
    "$${x}",
    "%%{x}",
    "$$${x}",
    "${",
    "%{",
    "trailing $",
    "trailing %",
    "\"double\" quotes",
    "'single' quotes",
    "it''s",
    "back\\slash",
    "ends with backslash\\",
    "\\\\server\\share\\",
    "\\${not an escape}",
    "new\nline",
    "cr\rlf\r\n",
    "tab\there",
    "[bracketed]",
    "[[double]]",
    "[",
    "]",
    "[]",
    "[[",
    "[concat('a', 'b')]",
    "[parameters('x')]",
    "{0}/{1}",
    "unicode é ü 日本語 🚀",
    "\u{202e}rtl override",
    "nul \u{0} bell \u{7} del \u{7f} c1 \u{9b}",
    "   ",
    "",
];

const VM_ID: &str = "/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachines/{n}";

/// A spec with `tags`, an Application Insights `insights` name and VM ids built from `segments`.
fn spec(tags: &BTreeMap<String, String>, insights: Option<&str>, segments: &[(String, String, String)]) -> Value {
    let mut compute = vec![json!({
        "name": "cluster", "kind": "aml_cluster", "subnet": "training", "vm_size": "Standard_DS3_v2", "max_nodes": 2
    })];
    for (i, (s, g, n)) in segments.iter().enumerate() {
        let id = VM_ID.replace("{s}", s).replace("{g}", g).replace("{n}", n);
        compute.push(json!({ "name": format!("vm{i}x"), "kind": "virtual_machine", "subnet": "training",
                             "os": "ubuntu", "resource_id": id }));
    }
    let mut workspace = json!({});
    if let Some(name) = insights {
        workspace["application_insights"] = json!({ "name": name });
    }
    let mut vnet =
        json!({ "address_space": ["10.0.0.0/16"], "subnets": [{ "name": "training", "prefix": "10.0.1.0/24" }] });
    if !segments.is_empty() {
        // Existing VMs sit in an existing virtual network.
        vnet["name"] = json!("vnet-nasty");
        vnet["existing"] = json!(true);
    }
    json!({
        "version": 1, "name": "nasty", "location": "westeurope", "tags": tags,
        "vnet": vnet,
        "workspace": workspace,
        "compute": compute,
    })
}

/// What the outputs must carry: every tagged resource's tags, the insights name, the VM ids.
#[derive(Debug, PartialEq, Default)]
struct Found {
    tags: Vec<BTreeMap<String, String>>,
    insights: Vec<String>,
    ids: Vec<String>,
}

fn from_terraform(output: &Output) -> Found {
    let mut found = Found::default();
    // Tagged resources say `tags = local.tags`, `var.tags` whose default is the spec's tags.
    let variables = output.files.get("terraform/variables.tf").unwrap();
    let spec_tags = read::tf_string_map(&read::tf_variable_default(variables, "tags").unwrap());
    assert_eq!(output.files.get("terraform/main.tf").unwrap().matches("tags = var.tags").count(), 1);
    for (ty, _, body) in read::tf_resources(&read::tf_module(output.files.files())) {
        if let Some(tags) = read::tf_attr(&body, "tags") {
            assert_eq!(tags.to_string(), "local.tags");
            found.tags.push(spec_tags.clone());
        }
        if ty == "azurerm_application_insights" {
            found.insights.push(read::tf_string(read::tf_attr(&body, "name").unwrap()).unwrap());
        }
        if let Some(props) = read::tf_attr(&body, "body").and_then(|b| read::tf_member(b, "properties"))
            && let Some(id) = read::tf_member(props, "resourceId")
        {
            found.ids.push(read::tf_string(id).unwrap());
        }
    }
    found
}

fn from_arm(output: &Output) -> Found {
    let template: Value = serde_json::from_str(output.files.get("arm/azuredeploy.json").unwrap()).unwrap();
    let mut found = Found::default();
    let spec_tags = read::arm_string_map(&template["parameters"]["tags"]["defaultValue"]);
    for res in template["resources"].as_array().unwrap() {
        if let Some(tags) = res.get("tags") {
            assert_eq!(tags, "[parameters('tags')]");
            found.tags.push(spec_tags.clone());
        }
        if res["type"] == "Microsoft.Insights/components" {
            found.insights.push(read::arm_literal(res["name"].as_str().unwrap()).unwrap());
        }
        if let Some(id) = res["properties"]["resourceId"].as_str() {
            found.ids.push(read::arm_literal(id).unwrap());
        }
    }
    found
}

fn from_bicep(output: &Output) -> Found {
    let mut found = Found::default();
    let text = output.files.get("bicep/main.bicep").unwrap();
    let spec_tags = read::bicep_param_default(text, "tags").unwrap().string_map();
    for (_, ty, body) in read::bicep_resources(text) {
        if let Some(tags) = body.get("tags") {
            assert_eq!(tags, &read::Bicep::Raw("tags".to_owned()));
            found.tags.push(spec_tags.clone());
        }
        if ty.starts_with("Microsoft.Insights/components@") {
            found.insights.push(body.get("name").unwrap().str().unwrap().to_owned());
        }
        if let Some(id) = body.get("properties").and_then(|p| p.get("resourceId")) {
            found.ids.push(id.str().unwrap_or_else(|| panic!("resourceId {id:?}")).to_owned());
        }
    }
    found
}

/// Generates `value` from each syntax and checks that each format carries `tags`, `insights` and `ids`.
#[track_caller]
fn check(value: &Value, tags: &BTreeMap<String, String>, insights: Option<&str>, ids: &[String]) {
    for syntax in support::SYNTAXES {
        let text = render(value, syntax);
        let output = support::generate_text(&text, syntax).unwrap_or_else(|d| panic!("{syntax:?}: {d}\n{text}"));
        let bicep = output.files.get("bicep/main.bicep").unwrap();
        assert!(!bicep.contains(|c: char| c.is_control() && c != '\n'), "raw control characters in Bicep");
        assert!(!bicep.contains("\\\\'"), "a Bicep string ends in `\\\\'`, which checkov's parser misreads");
        for (format, found) in
            [("terraform", from_terraform(&output)), ("arm", from_arm(&output)), ("bicep", from_bicep(&output))]
        {
            assert!(tags.is_empty() || found.tags.len() >= 5, "{format}: only {} tagged resources", found.tags.len());
            for t in &found.tags {
                assert_eq!(t, tags, "{format} ({syntax:?}): tags changed");
            }
            if let Some(name) = insights {
                assert_eq!(found.insights, [name], "{format} ({syntax:?})");
            }
            assert_eq!(found.ids, ids, "{format} ({syntax:?}): resource ids changed");
        }
    }
}

#[test]
fn nasty_tag_values_survive_every_format() {
    let tags: BTreeMap<String, String> =
        NASTY.iter().enumerate().map(|(i, s)| (format!("k{i:02}"), (*s).to_owned())).collect();
    check(&spec(&tags, None, &[]), &tags, None, &[]);
}

#[test]
fn nasty_tag_keys_survive_every_format() {
    let forbidden = ['<', '>', '%', '&', '\\', '?', '/'];
    let tags: BTreeMap<String, String> = NASTY
        .iter()
        .filter(|s| !s.is_empty() && !s.contains(forbidden))
        .map(|s| ((*s).to_owned(), "v".to_owned()))
        .collect();
    assert!(tags.len() > 20);
    check(&spec(&tags, None, &[]), &tags, None, &[]);
}

#[test]
fn nasty_insights_names_survive_every_format() {
    let tags = BTreeMap::new();
    // Azure rejects these characters, and control characters, in Application Insights names.
    let usable =
        |s: &&&str| !s.is_empty() && !s.contains(['%', '&', '\\', '?', '/', '<', '>']) && !s.contains(char::is_control);
    for name in NASTY.iter().filter(usable) {
        check(&spec(&tags, Some(name), &[]), &tags, Some(name), &[]);
    }
}

#[test]
fn nasty_resource_id_segments_survive_every_format() {
    let tags = BTreeMap::new();
    let usable: Vec<&str> = NASTY
        .iter()
        .copied()
        .filter(|s| !s.is_empty() && !s.contains('/') && !s.contains(char::is_whitespace))
        .collect();
    assert!(usable.len() > 10);
    let segments: Vec<(String, String, String)> = usable
        .chunks(3)
        .map(|c| (c[0].to_owned(), c.get(1).unwrap_or(&"g").to_string(), c.get(2).unwrap_or(&"n").to_string()))
        .collect();
    let ids: Vec<String> =
        segments.iter().map(|(s, g, n)| VM_ID.replace("{s}", s).replace("{g}", g).replace("{n}", n)).collect();
    check(&spec(&tags, None, &segments), &tags, None, &ids);
}

/// Strings Azure would reject are diagnostics, not output.
#[test]
fn strings_azure_rejects_are_diagnostics() {
    let rejected: &[(&str, Value)] = &[
        ("tag key with `<`", json!({ "tags": { "a<b": "v" } })),
        ("tag key with `%`", json!({ "tags": { "50%": "v" } })),
        ("tag key with `/`", json!({ "tags": { "a/b": "v" } })),
        ("tag key with `\\`", json!({ "tags": { "a\\b": "v" } })),
        ("tag key with `?`", json!({ "tags": { "a?": "v" } })),
        ("tag key with `&`", json!({ "tags": { "a&b": "v" } })),
        ("empty tag key", json!({ "tags": { "": "v" } })),
        ("tag value of 257 characters", json!({ "tags": { "k": "x".repeat(257) } })),
        ("insights name with `/`", json!({ "workspace": { "application_insights": { "name": "a/b" } } })),
        ("workspace name with a space", json!({ "workspace": { "name": "my ws" } })),
        ("storage name with a quote", json!({ "workspace": { "storage": { "name": "st'x" } } })),
        ("vnet name with `${`", json!({ "vnet": { "name": "${x}" } })),
        (
            "resource id with a space",
            json!({ "compute": [{ "name": "vm", "kind": "virtual_machine", "subnet": "training", "os": "ubuntu",
            "resource_id": "/subscriptions/a b/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/v" }] }),
        ),
        ("subnet name with a space", json!({ "vnet": { "subnets": [{ "name": "a b", "prefix": "10.0.1.0/24" }] } })),
        (
            "compute name with `'`",
            json!({ "compute": [{ "name": "c'x", "kind": "aml_cluster", "subnet": "training", "vm_size": "Standard_D2_v3", "max_nodes": 1 }] }),
        ),
    ];
    for (what, patch) in rejected {
        let mut value = spec(&BTreeMap::new(), None, &[]);
        merge(&mut value, patch);
        for syntax in support::SYNTAXES {
            let text = render(&value, syntax);
            assert!(support::generate_text(&text, syntax).is_err(), "{what} ({syntax:?}) was accepted:\n{text}");
        }
    }
}

/// Strings Azure rejects, which these tests found validation accepting; each is now a diagnostic.
#[test]
fn names_and_tags_azure_rejects_are_diagnostics() {
    let rejected: &[(&str, Value)] = &[
        // Tag names are case-insensitive in Azure: these two are one tag.
        ("tag keys differing only in case", json!({ "tags": { "Env": "a", "env": "b" } })),
        // Virtual network names end with a letter, digit or underscore.
        ("vnet name ending in `.`", json!({ "vnet": { "name": "vnet-." } })),
        // Machine Learning workspaces: 3 to 33 letters, digits, `-` and `_`.
        ("workspace name with dots", json!({ "workspace": { "name": "a.b" } })),
        // workspaces/computes names: ^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$ (bicep-types-az).
        (
            "compute name of 2 characters",
            json!({ "compute": [{ "name": "vm", "kind": "aml_cluster", "subnet": "training", "vm_size": "Standard_D2_v3", "max_nodes": 1 }] }),
        ),
        (
            "compute name ending in -digits",
            json!({ "compute": [{ "name": "cl-1", "kind": "aml_cluster", "subnet": "training", "vm_size": "Standard_D2_v3", "max_nodes": 1 }] }),
        ),
        // Application Insights names: no control characters.
        ("insights name with a newline", json!({ "workspace": { "application_insights": { "name": "a\nb" } } })),
    ];
    for (what, patch) in rejected {
        let mut value = spec(&BTreeMap::new(), None, &[]);
        merge(&mut value, patch);
        let text = render(&value, amlnet::SourceFormat::Json);
        assert!(support::generate_text(&text, amlnet::SourceFormat::Json).is_err(), "{what} was accepted");
    }
}

/// Overlays `patch` onto `value`: objects merge, anything else replaces.
fn merge(value: &mut Value, patch: &Value) {
    match (value, patch) {
        (Value::Object(base), Value::Object(over)) => {
            for (k, v) in over {
                match base.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() && !v.as_object().unwrap().is_empty() => {
                        merge(slot, v)
                    }
                    _ => {
                        base.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}
