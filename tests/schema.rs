//! The JSON Schema of the spec: it agrees with the serde model field by field and variant by variant,
//! every example and valid test spec satisfies it, structurally invalid specs do not, and the committed
//! `schema/amlnet.schema.json` is up to date.

use std::path::{Path, PathBuf};

use amlnet::SourceFormat;
use amlnet::internals::schema::{json_schema, json_schema_text};
use amlnet::internals::spec::model;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

mod support;
use support::spec_files;

/// Invalid specs whose mistake is structural (unknown field, wrong type, missing field, bad enum
/// value, field of another compute kind, unsupported version): the schema must reject them. The other
/// invalid specs are semantic (overlaps, names, capacities) and may satisfy it.
const STRUCTURAL: &[&str] = &[
    "aks-missing-service-cidr.yaml",
    "compute-foreign-field-vm.yaml",
    "compute-foreign-field.yaml",
    "compute-hdi-missing-id.yaml",
    "compute-missing-vm-size.yaml",
    "compute-negative-nodes.yaml",
    "json-missing-field.json",
    "json-unknown-field.json",
    "json-wrong-type.json",
    "missing-field-subnet.yaml",
    "missing-field-top.yaml",
    "tags-wrong-type.yaml",
    "toml-missing-field.toml",
    "toml-unknown-field.toml",
    "toml-unknown-section.toml",
    "toml-wrong-type.toml",
    "unknown-field-nested.yaml",
    "unknown-field-top.yaml",
    "unknown-field-workspace.yaml",
    "unknown-variant-kind.yaml",
    "unknown-variant-next-hop.yaml",
    "unknown-variant-outbound.yaml",
    "version.yaml",
    "wrong-type-max-nodes.yaml",
    "wrong-type-quoted-bool.yaml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The spec as a JSON value, read by the crate's own parser.
#[track_caller]
fn value_of(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = amlnet::internals::spec::source::parse(
        &text,
        SourceFormat::from_path(path).unwrap(),
        &path.display().to_string(),
    )
    .unwrap_or_else(|d| panic!("{} does not parse:\n{}", path.display(), d.render(false, 100)));
    doc.value
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&json_schema()).expect("the schema compiles")
}

#[track_caller]
fn check_valid(validator: &jsonschema::Validator, path: &Path) {
    let value = value_of(path);
    let errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{} does not satisfy the schema:\n{}", path.display(), errors.join("\n"));
}

#[test]
fn schema_is_a_valid_draft_2020_12_schema() {
    jsonschema::draft202012::meta::validate(&json_schema()).unwrap();
}

#[test]
fn valid_specs_satisfy_the_schema() {
    let validator = validator();
    let dirs = ["examples", "tests/data/equivalent", "tests/data/warnings", "tests/data/private"];
    let files: Vec<PathBuf> = dirs.iter().flat_map(|d| spec_files(d)).collect();
    assert!(files.len() >= 10);
    for path in files {
        check_valid(&validator, &path);
    }
}

#[test]
fn structurally_invalid_specs_do_not() {
    let validator = validator();
    for name in STRUCTURAL {
        let path = root().join("tests/data/invalid").join(name);
        let value = value_of(&path);
        assert!(!validator.is_valid(&value), "{name} satisfies the schema but is structurally invalid");
    }
}

#[test]
fn optional_fields_may_be_null() {
    // serde reads an Option field written as null as absent; so does the schema.
    let mut value = value_of(&root().join("examples/seed-2019.yaml"));
    value["outbound"]["allow_ssh_from"] = Value::Null;
    value["compute"][0]["public_ip"] = Value::Null;
    value["compute"][1]["vm_size"] = Value::Null;
    check_valid_value(&value);
    // A required per-kind field may not be null.
    value["compute"][0]["vm_size"] = Value::Null;
    assert!(!validator().is_valid(&value));
}

#[track_caller]
fn check_valid_value(value: &Value) {
    let errors: Vec<String> = validator().iter_errors(value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The names serde expects, read from its error for an unknown field or variant
/// ("expected one of `a`, `b`", "expected `a` or `b`").
fn serde_expected<T: DeserializeOwned + std::fmt::Debug>(probe: Value) -> Vec<String> {
    let err = serde_json::from_value::<T>(probe).unwrap_err().to_string();
    let tail = &err[err.find("expected").unwrap_or_else(|| panic!("unexpected serde error: {err}"))..];
    let mut names: Vec<String> = tail.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    names.sort();
    names
}

fn fields_of<T: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
    serde_expected::<T>(json!({ "\u{1}unknown": 0 }))
}

fn variants_of<T: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
    serde_expected::<T>(json!("\u{1}unknown"))
}

#[track_caller]
fn schema_at<'a>(schema: &'a Value, pointer: &str) -> &'a Value {
    schema.pointer(pointer).unwrap_or_else(|| panic!("no {pointer} in the schema"))
}

fn keys(object: &Value) -> Vec<String> {
    let mut keys: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn enum_of(schema: &Value) -> Vec<String> {
    let mut values: Vec<String> =
        schema["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    values.sort();
    values
}

#[test]
fn schema_has_exactly_the_fields_and_variants_of_the_model() {
    let schema = json_schema();
    let objects: Vec<(&str, Vec<String>)> = vec![
        ("", fields_of::<model::Spec>()),
        ("/$defs/vnet", fields_of::<model::Vnet>()),
        ("/$defs/subnet", fields_of::<model::Subnet>()),
        ("/$defs/outbound", fields_of::<model::Outbound>()),
        ("/$defs/forced_tunneling", fields_of::<model::ForcedTunneling>()),
        ("/$defs/default_route", fields_of::<model::DefaultRoute>()),
        ("/$defs/workspace", fields_of::<model::Workspace>()),
        ("/$defs/storage", fields_of::<model::Storage>()),
        ("/$defs/key_vault", fields_of::<model::KeyVault>()),
        ("/$defs/container_registry", fields_of::<model::ContainerRegistry>()),
        ("/$defs/private_endpoints", fields_of::<model::PrivateEndpoints>()),
        ("/$defs/application_insights", fields_of::<model::ApplicationInsights>()),
        ("/$defs/compute", fields_of::<model::Compute>()),
        ("/$defs/scoring", fields_of::<model::Scoring>()),
        ("/$defs/scoring_tls", fields_of::<model::ScoringTls>()),
        ("/$defs/managed_network", fields_of::<model::ManagedNetwork>()),
        ("/$defs/managed_outbound_rule", fields_of::<model::ManagedOutboundRule>()),
        ("/$defs/managed_private_endpoint", fields_of::<model::ManagedPrivateEndpoint>()),
        ("/$defs/hub", fields_of::<model::Hub>()),
        ("/$defs/hub_firewall", fields_of::<model::HubFirewall>()),
        ("/$defs/existing_firewall", fields_of::<model::ExistingFirewall>()),
        ("/$defs/hub_bastion", fields_of::<model::HubBastion>()),
        ("/$defs/nsg_rule", fields_of::<model::NsgRule>()),
        ("/$defs/log_analytics", fields_of::<model::LogAnalytics>()),
        ("/$defs/naming", fields_of::<model::Naming>()),
    ];
    let mut objects_in_schema = vec![String::new()];
    objects_in_schema.extend(keys(&schema["$defs"]).into_iter().map(|k| format!("/$defs/{k}")));
    let mut listed: Vec<String> = objects.iter().map(|(p, _)| (*p).to_owned()).collect();
    listed.sort();
    objects_in_schema.sort();
    assert_eq!(listed, objects_in_schema, "every schema object is checked against a model type");
    for (pointer, fields) in &objects {
        let object = schema_at(&schema, pointer);
        assert_eq!(object["additionalProperties"], json!(false), "{pointer} is closed");
        assert_eq!(&keys(&object["properties"]), fields, "fields of {pointer:?}");
    }

    let enums: Vec<(&str, Vec<String>)> = vec![
        ("/properties/network_rules", variants_of::<model::NetworkRules>()),
        ("/$defs/outbound/properties/mode", variants_of::<model::OutboundMode>()),
        ("/$defs/default_route/properties/next_hop", variants_of::<model::NextHopKind>()),
        ("/$defs/storage/properties/purpose", variants_of::<model::StoragePurpose>()),
        ("/$defs/private_endpoints/properties/dns_zones", variants_of::<model::DnsZones>()),
        ("/$defs/compute/properties/kind", variants_of::<model::ComputeKind>()),
        ("/$defs/nsg_rule/properties/direction", variants_of::<model::RuleDirection>()),
        ("/$defs/nsg_rule/properties/access", variants_of::<model::RuleAccess>()),
        ("/$defs/nsg_rule/properties/protocol", variants_of::<model::RuleProtocol>()),
        ("/$defs/storage/properties/sku", variants_of::<model::StorageSku>()),
        ("/$defs/key_vault/properties/sku", variants_of::<model::KeyVaultSku>()),
        ("/$defs/naming/properties/convention", variants_of::<model::NamingConvention>()),
        ("/$defs/container_registry/properties/sku", variants_of::<model::RegistrySku>()),
    ];
    for (pointer, variants) in enums {
        assert_eq!(&enum_of(schema_at(&schema, pointer)), &variants, "variants of {pointer}");
    }
}

/// The rust-analyzer `ensure_file_contents` pattern: a stale committed schema is rewritten locally
/// (and the test fails once); under CI it only fails, saying what to do.
#[test]
fn committed_schema_is_up_to_date() {
    let path = root().join("schema/amlnet.schema.json");
    let expected = json_schema_text();
    let actual = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    if actual == expected {
        return;
    }
    if std::env::var_os("CI").is_some() {
        panic!("schema/amlnet.schema.json is not up to date: run `cargo test` locally and commit the updated file");
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &expected).unwrap();
    panic!("schema/amlnet.schema.json was not up to date and has been updated; re-run the tests and commit it");
}
