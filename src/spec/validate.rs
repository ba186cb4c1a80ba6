//! Semantic checks of a spec: every problem at once, each located.
//!
//! Two stages. First the value tree is deserialized into [`model::Spec`]; when that fails, each
//! section (and each subnet and compute) is deserialized on its own so that every type error,
//! unknown field and missing field is reported, not only the first. Then, on a well-typed spec,
//! every rule of the spec reference is checked and a [`ValidSpec`] is built. Checks avoid cascades:
//! a value that is itself wrong (an unparsable prefix, an unknown subnet) is left out of the checks
//! that depend on it. Azure facts come from `crate::azure`; this module hardcodes none. It never
//! stops at the first problem and never panics on user data.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{self, ComputeKind, NetworkRules, NextHopKind, OutboundMode, Spec};
use super::source::{SourceDoc, join_index, join_key, parent_path};
use super::valid::*;
use crate::azure::names::{self, NameRule};
use crate::azure::network::{self, Access, Catalogue, Direction, RETIRED, ServiceTag, Trigger};
use crate::azure::regions::{self, REGIONS, Region};
use crate::azure::{catalog, limits};
use crate::diagnostics::{Diagnostic, Diagnostics, Related, Severity};
use crate::net::{CidrError, Ipv4Net, prefix_len_for};

/// Every code this module emits, with what it catches.
pub mod codes {
    /// A field the spec does not define (with a "did you mean").
    pub const UNKNOWN_FIELD: &str = "amlnet::spec::unknown_field";
    /// A required field is absent.
    pub const MISSING_FIELD: &str = "amlnet::spec::missing_field";
    /// A value of the wrong type or out of its type's range.
    pub const WRONG_TYPE: &str = "amlnet::spec::wrong_type";
    /// A value outside an enumeration (`kind`, `mode`, `network_rules`, ...).
    pub const UNKNOWN_VARIANT: &str = "amlnet::spec::unknown_variant";
    /// `version` other than a supported one.
    pub const VERSION: &str = "amlnet::version::unsupported";
    /// `location` not a known region.
    pub const LOCATION: &str = "amlnet::location::unknown";
    /// The spec `name` breaks its naming rule.
    pub const NAME: &str = "amlnet::name::spec";
    /// A vnet, workspace, storage, key vault, registry or Application Insights name override breaks its rule.
    pub const RESOURCE_NAME: &str = "amlnet::name::resource";
    /// Not a CIDR prefix.
    pub const CIDR_SYNTAX: &str = "amlnet::cidr::syntax";
    /// A prefix with host bits set.
    pub const CIDR_HOST_BITS: &str = "amlnet::cidr::host_bits";
    /// Not an IPv4 address.
    pub const IP_SYNTAX: &str = "amlnet::ip::syntax";
    /// An IPv6 address or prefix where amlnet supports IPv4 only.
    pub const IPV6: &str = "amlnet::ip::ipv6";
    /// An address space entry overlapping a range Azure does not allow in a virtual network.
    pub const VNET_RESERVED: &str = "amlnet::vnet::reserved_range";
    /// `vnet.address_space` is empty.
    pub const VNET_EMPTY: &str = "amlnet::vnet::empty_address_space";
    /// Two address space entries overlap.
    pub const VNET_OVERLAP: &str = "amlnet::vnet::overlap";
    /// `vnet.resource_group` without `existing: true`.
    pub const VNET_RESOURCE_GROUP: &str = "amlnet::vnet::resource_group";
    /// A subnet name breaks the naming rule.
    pub const SUBNET_NAME: &str = "amlnet::subnet::name";
    /// Two subnets with one name.
    pub const SUBNET_DUPLICATE: &str = "amlnet::subnet::duplicate";
    /// More subnets than a virtual network holds.
    pub const SUBNET_TOO_MANY: &str = "amlnet::subnet::too_many";
    /// A subnet outside every address space entry.
    pub const SUBNET_OUTSIDE: &str = "amlnet::subnet::outside_vnet";
    /// Two subnets overlap.
    pub const SUBNET_OVERLAP: &str = "amlnet::subnet::overlap";
    /// The computes of a subnet need more addresses than it has free.
    pub const SUBNET_CAPACITY: &str = "amlnet::subnet::capacity";
    /// Two subnet names or two compute names map to the same identifier (`a-b` and `a_b`).
    pub const IDENT_COLLISION: &str = "amlnet::name::collision";
    /// `compute` is empty.
    pub const COMPUTE_EMPTY: &str = "amlnet::compute::empty";
    /// A compute name breaks the naming rule.
    pub const COMPUTE_NAME: &str = "amlnet::compute::name";
    /// Two computes with one name.
    pub const COMPUTE_DUPLICATE: &str = "amlnet::compute::duplicate";
    /// A compute refers to a subnet that does not exist.
    pub const COMPUTE_SUBNET: &str = "amlnet::compute::unknown_subnet";
    /// A field the compute's kind requires is absent.
    pub const COMPUTE_MISSING: &str = "amlnet::compute::missing_field";
    /// A field that does not belong to the compute's kind.
    pub const COMPUTE_FOREIGN: &str = "amlnet::compute::foreign_field";
    /// A virtual machine whose `os` is not Ubuntu.
    pub const COMPUTE_OS: &str = "amlnet::compute::os";
    /// A `vm_size` that is not the shape of an Azure VM size (`Standard_D4s_v5`).
    pub const COMPUTE_VM_SIZE: &str = "amlnet::compute::vm_size";
    /// A `resource_id` that is not an ARM id of the right provider.
    pub const COMPUTE_RESOURCE_ID: &str = "amlnet::compute::resource_id";
    /// Node counts: `min_nodes` > `max_nodes`, `max_nodes` or `node_count` of 0.
    pub const COMPUTE_NODES: &str = "amlnet::compute::nodes";
    /// `service_cidr` overlaps the vnet or a subnet.
    pub const AKS_SERVICE_OVERLAP: &str = "amlnet::aks::service_cidr_overlap";
    /// `service_cidr` overlaps a range AKS reserves.
    pub const AKS_SERVICE_RESERVED: &str = "amlnet::aks::service_cidr_reserved";
    /// `service_cidr` larger than a /12.
    pub const AKS_SERVICE_SIZE: &str = "amlnet::aks::service_cidr_size";
    /// `dns_service_ip` outside `service_cidr`, or its network address or `.1`.
    pub const AKS_DNS_IP: &str = "amlnet::aks::dns_service_ip";
    /// `docker_bridge_cidr` overlaps the vnet, a subnet or `service_cidr`.
    pub const AKS_DOCKER_OVERLAP: &str = "amlnet::aks::docker_bridge_overlap";
    /// A peer (`allow_ssh_from`, `allow_from`) that is neither a CIDR, a service tag nor `*`.
    pub const PEER: &str = "amlnet::peer::invalid";
    /// SSH from the whole Internet without `i_understand_ssh_from_internet: true`.
    pub const SSH_INTERNET: &str = "amlnet::outbound::ssh_from_internet";
    /// `scoring.port` 0.
    pub const SCORING_PORT: &str = "amlnet::scoring::port";
    /// `virtual_appliance` without `ip`.
    pub const ROUTE_IP_MISSING: &str = "amlnet::route::ip_missing";
    /// A virtual appliance address that is not private.
    pub const ROUTE_IP_PUBLIC: &str = "amlnet::route::ip_not_private";
    /// `ip` given with next hop `internet`.
    pub const ROUTE_IP_FORBIDDEN: &str = "amlnet::route::ip_forbidden";
    /// An `internet_routes` entry that is not a service tag.
    pub const ROUTE_TAG: &str = "amlnet::route::unknown_tag";
    /// `0.0.0.0/0` among `internet_prefixes`: the default route has its own field.
    pub const ROUTE_DEFAULT_PREFIX: &str = "amlnet::route::default_prefix";
    /// The same route twice.
    pub const ROUTE_DUPLICATE: &str = "amlnet::route::duplicate";
    /// More routes than a route table holds.
    pub const ROUTE_TOO_MANY: &str = "amlnet::route::too_many";
    /// A firewalled storage account for inference.
    pub const STORAGE_INFERENCE: &str = "amlnet::storage::inference_firewall";
    /// More compute subnets than a storage account or key vault firewall holds vnet rules.
    pub const FIREWALL_RULES: &str = "amlnet::firewall::too_many_subnets";
    /// A subnet's NSG needs more rules than Azure allows in a group, or more allow rules in one
    /// direction than amlnet can number below the catalogue's deny.
    pub const NSG_TOO_MANY_RULES: &str = "amlnet::nsg::too_many_rules";
    /// Too many tags, or a tag key or value too long or with forbidden characters.
    pub const TAGS: &str = "amlnet::tags::invalid";
    /// A feature the spec defines that amlnet does not support yet.
    /// `vnet.existing: true` without `vnet.name`: an existing vnet is found by its name.
    pub const VNET_EXISTING_NAME: &str = "amlnet::vnet::existing_needs_name";
    /// `workspace.private_endpoints.subnet` names no subnet.
    pub const PRIVATE_ENDPOINT_SUBNET: &str = "amlnet::private_endpoints::unknown_subnet";
    /// A compute without public IPs (`public_ip: false`) and no workspace private endpoint.
    pub const COMPUTE_NEEDS_PRIVATE_ENDPOINT: &str = "amlnet::compute::needs_private_endpoint";
    pub const WORKSPACE_NEEDS_PRIVATE_ENDPOINT: &str = "amlnet::workspace::needs_private_endpoint";
    /// A compute without public IPs under `network_rules: seed-2019`, which predates them.
    pub const COMPUTE_NO_PUBLIC_IP_SEED: &str = "amlnet::compute::no_public_ip_seed";
    /// A private container registry and no compute cluster to build images.
    pub const REGISTRY_NEEDS_CLUSTER: &str = "amlnet::registry::needs_cluster";
    /// `idle_time_before_shutdown` is not an ISO 8601 duration within the service's range.
    pub const IDLE_SHUTDOWN: &str = "amlnet::compute::idle_shutdown";
    /// A public scoring endpoint without `allow_from`.
    pub const SCORING_ALLOW_FROM: &str = "amlnet::scoring::allow_from_missing";
    /// Warning: kubenet is legacy and retires.
    pub const WARN_KUBENET: &str = "amlnet::aks::kubenet";
    /// Warning: a storage or key vault firewall is off (security scanners flag it).
    pub const WARN_FIREWALL_OFF: &str = "amlnet::firewall::off";
    /// Warning: SSH from the whole Internet, acknowledged (security scanners flag it).
    pub const WARN_SSH_INTERNET: &str = "amlnet::outbound::ssh_from_internet_open";
    /// Warning: a scoring endpoint on plain HTTP (port 80) from the Internet (security scanners flag it).
    pub const WARN_SCORING_HTTP: &str = "amlnet::scoring::http_from_internet";
    /// Warning: `seed-2019` uses rules Azure has retired.
    pub const WARN_RETIRED: &str = "amlnet::rules::retired";
    /// Warning: `docker_bridge_cidr` is ignored by current AKS.
    pub const WARN_DOCKER_BRIDGE: &str = "amlnet::aks::docker_bridge_ignored";
    /// Warning: open outbound relies on default outbound access, which Azure retires.
    pub const WARN_DEFAULT_OUTBOUND: &str = "amlnet::outbound::default_access";
    /// Warning: the vnet overlaps Docker's default bridge range.
    pub const WARN_DOCKER_RANGE: &str = "amlnet::vnet::docker_range";
}

/// Spec versions this amlnet reads.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Checks a parsed spec against every rule of the spec reference.
pub fn validate(doc: &SourceDoc) -> Result<ValidSpec, Diagnostics> {
    validate_with_warnings(doc).map(|(spec, _)| spec)
}

/// Like [`validate`], and also returns the warnings (non-fatal) of a valid spec. On failure the
/// diagnostics hold the errors only.
pub fn validate_with_warnings(doc: &SourceDoc) -> Result<(ValidSpec, Diagnostics), Diagnostics> {
    let mut cx = Cx::new(doc);
    let spec = cx.deserialize();
    let valid = spec.and_then(|spec| cx.check(&spec));
    let mut diags = Diagnostics { file_name: doc.file_name.clone(), source: doc.text.clone(), items: cx.items };
    match valid {
        Some(valid) if !diags.has_errors() => Ok((valid, diags)),
        _ => {
            // Errors first: warnings are reported once the spec is valid.
            diags.items.retain(|d| d.severity == Severity::Error);
            Err(diags)
        }
    }
}

/// The validation context: the document diagnostics point into, and the diagnostics so far.
struct Cx<'d> {
    doc: &'d SourceDoc,
    items: Vec<Diagnostic>,
    /// Byte offsets of the document's line feeds, so that locating a diagnostic costs a binary search
    /// rather than a scan of the text (thousands of diagnostics stay linear in the input).
    newlines: Vec<usize>,
}

/// Longest value, in characters, that a message echoes; longer ones are cut with an ellipsis.
const ECHO_MAX: usize = 80;
/// Longest message or help, in characters, whatever it echoes.
const TEXT_MAX: usize = 1000;

/// A message with every `` `value` `` longer than [`ECHO_MAX`] characters cut and its control
/// characters escaped, and the whole cut at [`TEXT_MAX`]: a message about a 100 MB name or a name with
/// a newline stays one short line.
fn cut_echoes(text: String) -> String {
    if text.len() <= ECHO_MAX && !text.contains(char::is_control) {
        return text;
    }
    let cut = |part: &str, max: usize| -> String {
        match part.char_indices().nth(max) {
            Some((at, _)) => format!("{}…", &part[..at]),
            None => part.to_owned(),
        }
    };
    let parts: Vec<String> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                let escaped: String = cut(part, ECHO_MAX)
                    .chars()
                    .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
                    .collect();
                escaped
            } else {
                part.to_owned()
            }
        })
        .collect();
    cut(&parts.join("`"), TEXT_MAX)
}

// ---------------------------------------------------------------------------------------------
// Diagnostic helpers.

impl<'d> Cx<'d> {
    fn new(doc: &'d SourceDoc) -> Self {
        let newlines = doc.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
        Cx { doc, items: Vec::new(), newlines }
    }

    /// The 1-based line of a byte offset (as `SourceDoc::line_of`, in logarithmic time).
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&at| at < offset) + 1
    }

    /// A diagnostic underlining the value at `path`.
    fn diag(&self, severity: Severity, code: &'static str, path: &str, message: String, help: String) -> Diagnostic {
        let span = self.doc.focus(path);
        Diagnostic {
            code,
            severity,
            message: cut_echoes(message),
            help: Some(help),
            path: (!path.is_empty()).then(|| path.to_owned()),
            span,
            line: span.map(|s| self.line_of(s.start)),
            related: Vec::new(),
        }
    }

    fn error(&mut self, code: &'static str, path: &str, message: String, help: String) {
        let d = self.diag(Severity::Error, code, path, message, help);
        self.items.push(d);
    }

    /// An error underlining the key at `path` (for fields that should not be there).
    fn key_error(&mut self, code: &'static str, path: &str, message: String, help: String) {
        let mut d = self.diag(Severity::Error, code, path, message, help);
        d.span = self.doc.key_focus(path);
        d.line = d.span.map(|s| self.line_of(s.start));
        self.items.push(d);
    }

    fn error_with(&mut self, code: &'static str, path: &str, message: String, help: String, related: Vec<Related>) {
        let mut d = self.diag(Severity::Error, code, path, message, help);
        d.related = related;
        self.items.push(d);
    }

    fn warning(&mut self, code: &'static str, path: &str, message: String, help: String) {
        let d = self.diag(Severity::Warning, code, path, message, help);
        self.items.push(d);
    }

    fn related(&self, label: String, path: &str) -> Related {
        let span = self.doc.focus(path);
        Related {
            label: cut_echoes(label),
            path: Some(path.to_owned()),
            span,
            line: span.map(|s| self.line_of(s.start)),
        }
    }

    fn present(&self, path: &str) -> bool {
        self.doc.location(path).is_some()
    }

    fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 1: types.

/// Top-level fields of a spec, in the order of the vocabulary; `true` when required.
const SPEC_FIELDS: &[(&str, bool)] = &[
    ("version", true),
    ("name", true),
    ("location", true),
    ("network_rules", false),
    ("tags", false),
    ("vnet", true),
    ("outbound", false),
    ("forced_tunneling", false),
    ("workspace", false),
    ("compute", true),
];

impl Cx<'_> {
    fn deserialize(&mut self) -> Option<Spec> {
        let value = &self.doc.value;
        match serde_path_to_error::deserialize::<_, Spec>(value) {
            Ok(spec) => return Some(spec),
            Err(err) => {
                let before = self.error_count();
                self.sections(value);
                if self.error_count() == before {
                    self.serde_error("", &err);
                }
            }
        }
        None
    }

    /// Deserializes each section on its own, reporting every structural problem.
    fn sections(&mut self, value: &Value) {
        let Some(root) = value.as_object() else {
            self.error(
                codes::WRONG_TYPE,
                "",
                format!("a spec must be a mapping of fields, found {}", kind_of(value)),
                "start the file with `version: 1` and the other fields of the spec".to_owned(),
            );
            return;
        };
        if root.is_empty() {
            self.error(
                codes::MISSING_FIELD,
                "",
                "the spec is empty".to_owned(),
                "write at least `version`, `name`, `location`, `vnet` and `compute`".to_owned(),
            );
            return;
        }
        let mut suggested = BTreeSet::new();
        for (key, child) in root {
            match key.as_str() {
                "version" => self.part::<u32>(child, key),
                "name" | "location" => self.part::<String>(child, key),
                "network_rules" => self.part::<NetworkRules>(child, key),
                "tags" => self.part::<BTreeMap<String, String>>(child, key),
                "vnet" => self.vnet_part(child),
                "outbound" => self.part::<model::Outbound>(child, key),
                "forced_tunneling" => self.part::<Option<model::ForcedTunneling>>(child, key),
                "workspace" => self.part::<model::Workspace>(child, key),
                "compute" => self.list_part::<model::Compute>(child, key),
                _ => {
                    let names: Vec<&str> = SPEC_FIELDS.iter().map(|(n, _)| *n).collect();
                    // A misspelled required field is one mistake: do not also report it missing.
                    suggested.extend(closest(key, names.iter().copied()));
                    self.unknown_field(key, key, &names);
                }
            }
        }
        for (name, required) in SPEC_FIELDS {
            if *required && !root.contains_key(*name) && !suggested.contains(name) {
                self.missing_field("", name);
            }
        }
    }

    fn vnet_part(&mut self, value: &Value) {
        match value.as_object() {
            Some(map) => {
                let mut rest = map.clone();
                let subnets = rest.get_mut("subnets").map(|s| std::mem::replace(s, Value::Array(Vec::new())));
                self.part::<model::Vnet>(&Value::Object(rest), "vnet");
                if let Some(subnets) = subnets {
                    self.list_part::<model::Subnet>(&subnets, "vnet.subnets");
                }
            }
            None => self.part::<model::Vnet>(value, "vnet"),
        }
    }

    fn list_part<T: DeserializeOwned>(&mut self, value: &Value, path: &str) {
        match value.as_array() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.part::<T>(item, &join_index(path, index));
                }
            }
            None => self.part::<Vec<T>>(value, path),
        }
    }

    fn part<T: DeserializeOwned>(&mut self, value: &Value, path: &str) {
        if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
            self.serde_error(path, &err);
        }
    }

    /// Turns one serde error, found under `prefix`, into a diagnostic.
    fn serde_error(&mut self, prefix: &str, err: &serde_path_to_error::Error<serde_json::Error>) {
        let mut path = prefix.to_owned();
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => path = join_index(&path, *index),
                serde_path_to_error::Segment::Map { key } => path = join_key(&path, key),
                serde_path_to_error::Segment::Enum { variant } => path = join_key(&path, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = err.inner().to_string();
        let ticked = backticked(&message);
        let field = last_segment(&path).to_owned();
        if message.starts_with("unknown field") {
            let expected: Vec<&str> = ticked.iter().skip(1).map(String::as_str).collect();
            let unknown = ticked.first().cloned().unwrap_or(field);
            self.unknown_field(&path, &unknown, &expected);
        } else if message.starts_with("missing field") {
            let name = ticked.first().cloned().unwrap_or_default();
            self.missing_field(&path, &name);
        } else if message.starts_with("unknown variant") {
            let unknown = ticked.first().cloned().unwrap_or_default();
            let expected: Vec<&str> = ticked.iter().skip(1).map(String::as_str).collect();
            let help = match closest(&unknown, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? (one of {})", list(&expected)),
                None => format!("use one of {}", list(&expected)),
            };
            self.error(codes::UNKNOWN_VARIANT, &path, format!("`{field}` cannot be `{unknown}`"), help);
        } else {
            let (found, expected) = split_type_error(&message);
            let found = match found.as_str() {
                "sequence" => "a list".to_owned(),
                "map" => "a mapping".to_owned(),
                "null" => "nothing".to_owned(),
                _ => found,
            };
            let what = humanize_expected(&expected);
            self.error(
                codes::WRONG_TYPE,
                &path,
                format!("`{field}` must be {what}, found {found}"),
                format!("write {what} here"),
            );
        }
    }

    fn unknown_field(&mut self, path: &str, unknown: &str, expected: &[&str]) {
        let section = parent_path(path);
        let place = if section.is_empty() { "the top level of the spec".to_owned() } else { format!("`{section}`") };
        if unknown == "<<" {
            self.key_error(
                codes::UNKNOWN_FIELD,
                path,
                format!("YAML merge keys (`<<`) are not supported, found one in {place}"),
                "write the merged fields out in full".to_owned(),
            );
            return;
        }
        let help = match closest(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove it".to_owned(),
            None => format!("remove it, or use one of {}", list(expected)),
        };
        self.key_error(codes::UNKNOWN_FIELD, path, format!("unknown field `{unknown}` in {place}"), help);
    }

    fn missing_field(&mut self, path: &str, name: &str) {
        let place = if path.is_empty() { "the spec".to_owned() } else { format!("`{path}`") };
        self.error(codes::MISSING_FIELD, path, format!("{place} has no `{name}`"), format!("add `{name}`"));
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Every `` `x` `` in a serde message, in order.
fn backticked(message: &str) -> Vec<String> {
    message.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn last_segment(path: &str) -> &str {
    let tail = &path[parent_path(path).len()..];
    let tail = tail.trim_start_matches('.');
    if tail.starts_with('[') { path } else { tail }
}

/// Splits `invalid type: string "x", expected u32` into (`string "x"`, `u32`).
fn split_type_error(message: &str) -> (String, String) {
    let body = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .or_else(|| message.strip_prefix("invalid length "))
        .unwrap_or(message);
    match body.rsplit_once(", expected ") {
        Some((found, expected)) => (found.to_owned(), expected.to_owned()),
        None => (body.to_owned(), "a different value".to_owned()),
    }
}

fn humanize_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" => "a whole number ≥ 0".to_owned(),
        "i64" => "a whole number".to_owned(),
        "u16" => "a whole number from 1 to 65535".to_owned(),
        "u8" => "a whole number from 0 to 255".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" | "string or map" => "a mapping".to_owned(),
        e if e.starts_with("struct ") => "a mapping".to_owned(),
        e => e.to_owned(),
    }
}

/// `` `a`, `b` or `c` ``.
fn list(names: &[&str]) -> String {
    let ticked: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match ticked.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// Stage 2: meaning.

/// A subnet whose prefix parsed.
struct SubnetInfo {
    prefix: Option<Ipv4Net>,
}

impl Cx<'_> {
    fn check(&mut self, spec: &Spec) -> Option<ValidSpec> {
        self.version(spec);
        self.spec_name(spec);
        let region = self.location(spec);
        self.tags(spec);
        self.warn_rules(spec);
        let (address_space, space_ok) = self.address_space(spec);
        let subnets = self.subnets(spec, &address_space, space_ok);
        let outbound = self.outbound(spec);
        let forced_tunneling = self.forced_tunneling(spec);
        let mut workspace = self.workspace(spec);
        let computes = self.computes(spec, &subnets, &address_space);
        self.firewall_limits(spec, &computes);
        self.nsg_rules(spec, &subnets, &computes);
        let existing = self.vnet_flags(spec);
        self.private_compute(spec, &computes);
        self.private_workspace(spec);
        workspace.image_build_compute = self.image_build_compute(spec, &workspace, &computes);
        self.warn_insecure_choices(spec);

        if self.error_count() > 0 {
            return None;
        }
        let valid_subnets = spec
            .vnet
            .subnets
            .iter()
            .zip(&subnets)
            .enumerate()
            .map(|(index, (subnet, info))| {
                Some(ValidSubnet {
                    name: subnet.name.clone(),
                    prefix: info.prefix?,
                    path: join_index("vnet.subnets", index),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ValidSpec {
            name: spec.name.clone(),
            region: region?,
            catalogue: catalogue(spec.network_rules),
            tags: spec.tags.clone(),
            vnet: ValidVnet {
                name: spec.vnet.name.clone(),
                existing,
                address_space: address_space.into_iter().collect::<Option<Vec<_>>>()?,
                subnets: valid_subnets,
            },
            outbound: outbound?,
            forced_tunneling: forced_tunneling?,
            workspace,
            computes: computes.into_iter().map(|c| c.valid).collect::<Option<Vec<_>>>()?,
        })
    }

    fn version(&mut self, spec: &Spec) {
        if !SUPPORTED_VERSIONS.contains(&spec.version) {
            let supported: Vec<String> = SUPPORTED_VERSIONS.iter().map(u32::to_string).collect();
            self.error(
                codes::VERSION,
                "version",
                format!("spec version {} is not supported (supported: {})", spec.version, supported.join(", ")),
                format!("set `version: {}`", SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.len() - 1]),
            );
        }
    }

    fn spec_name(&mut self, spec: &Spec) {
        let name = &spec.name;
        // The name prefixes every derived name, and most Azure names must end with a letter or digit
        // (virtual networks, key vaults), so a trailing hyphen would make derived names invalid.
        let ok = (2..=16).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('-')
            && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !ok {
            self.error(
                codes::NAME,
                "name",
                format!(
                    "name `{name}` is not 2 to 16 lowercase letters, digits or hyphens, starting with a letter and \
                     not ending with a hyphen"
                ),
                format!("use a name like `{}`", suggest_spec_name(name)),
            );
        }
    }

    fn location(&mut self, spec: &Spec) -> Option<&'static Region> {
        if let Some(region) = regions::region(&spec.location) {
            return Some(region);
        }
        let squashed: String =
            spec.location.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let best =
            regions::region(&squashed).map(|r| r.name).or_else(|| closest(&squashed, REGIONS.iter().map(|r| r.name)));
        let help = match best {
            Some(name) => format!("did you mean `{name}`?"),
            None => "use a region's programmatic name, as `az account list-locations -o table` lists it".to_owned(),
        };
        self.error(codes::LOCATION, "location", format!("`{}` is not a known Azure region", spec.location), help);
        None
    }

    fn tags(&mut self, spec: &Spec) {
        use limits::{TAG_KEY_FORBIDDEN as FORBIDDEN, TAG_VALUE_MAX as VALUE_MAX, TAGS_MAX as MAX_TAGS};
        // Every tagged resource carries every tag, the storage account too, so its shorter key limit applies.
        const KEY_MAX: usize = limits::STORAGE_TAG_KEY_MAX;
        if spec.tags.len() > MAX_TAGS {
            self.error(
                codes::TAGS,
                "tags",
                format!("{} tags given, Azure allows at most {MAX_TAGS}", spec.tags.len()),
                format!("remove {} tags", spec.tags.len() - MAX_TAGS),
            );
        }
        // Azure compares tag names case-insensitively: `Env` and `env` are one tag.
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (key, value) in &spec.tags {
            let path = join_key("tags", key);
            if let Some(first) = seen.insert(key.to_lowercase(), key) {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!("tag keys `{first}` and `{key}` differ only in case, and Azure treats them as one tag"),
                    "keep one of them".to_owned(),
                );
            }
            if key.is_empty() || key.chars().count() > KEY_MAX {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!(
                        "tag key `{key}` must be 1 to {KEY_MAX} characters (the storage account carries every tag, \
                         and storage allows {KEY_MAX})"
                    ),
                    "shorten the tag key".to_owned(),
                );
            } else if key.contains(FORBIDDEN) {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!("tag key `{key}` contains one of `{}`", String::from_iter(FORBIDDEN)),
                    "remove those characters from the tag key".to_owned(),
                );
            }
            if value.chars().count() > VALUE_MAX {
                self.error(
                    codes::TAGS,
                    &path,
                    format!("the value of tag `{key}` is longer than {VALUE_MAX} characters"),
                    "shorten the tag value".to_owned(),
                );
            }
        }
    }

    fn warn_rules(&mut self, spec: &Spec) {
        if spec.network_rules == NetworkRules::Seed2019 {
            let retired: Vec<String> = RETIRED.iter().map(|(id, when)| format!("{id} retired {when}")).collect();
            self.warning(
                codes::WARN_RETIRED,
                "network_rules",
                format!("`seed-2019` applies rules Azure has retired: {}", retired.join("; ")),
                "use `network_rules: current` unless you must reproduce the 2019 guidance".to_owned(),
            );
        }
    }

    /// Parses the address space; the flag says whether every entry parsed.
    fn address_space(&mut self, spec: &Spec) -> (Vec<Option<Ipv4Net>>, bool) {
        if spec.vnet.address_space.is_empty() {
            self.error(
                codes::VNET_EMPTY,
                "vnet.address_space",
                "`vnet.address_space` is empty".to_owned(),
                "add at least one private prefix, e.g. `10.0.0.0/16`".to_owned(),
            );
        }
        let nets: Vec<Option<Ipv4Net>> = spec
            .vnet
            .address_space
            .iter()
            .enumerate()
            .map(|(i, text)| self.prefix(text, &join_index("vnet.address_space", i), "an address space entry"))
            .collect();
        for (i, a) in nets.iter().enumerate() {
            for (j, b) in nets.iter().enumerate().skip(i + 1) {
                if let (Some(a), Some(b)) = (a, b)
                    && a.overlaps(*b)
                {
                    let first = join_index("vnet.address_space", i);
                    let related = vec![self.related(format!("overlaps {a}"), &first)];
                    self.error_with(
                        codes::VNET_OVERLAP,
                        &join_index("vnet.address_space", j),
                        format!("address space entries {a} and {b} overlap"),
                        "remove one of them or make them disjoint".to_owned(),
                        related,
                    );
                }
            }
        }
        for (i, net) in nets.iter().enumerate() {
            let Some(net) = net else { continue };
            let reserved: Vec<String> = limits::VNET_RESERVED_RANGES
                .iter()
                .filter(|(range, _)| Ipv4Net::parse_prefix(range).is_ok_and(|r| r.overlaps(*net)))
                .map(|(range, what)| format!("{range} ({what})"))
                .collect();
            if !reserved.is_empty() {
                self.error(
                    codes::VNET_RESERVED,
                    &join_index("vnet.address_space", i),
                    format!("{net} overlaps {}, which Azure does not allow in a virtual network", reserved.join(", ")),
                    "use a private range (RFC 1918), e.g. `10.0.0.0/16`".to_owned(),
                );
            }
        }
        let docker = Ipv4Net::parse_prefix(limits::DOCKER_DEFAULT_BRIDGE).ok();
        for (i, net) in nets.iter().enumerate() {
            if let (Some(net), Some(docker)) = (net, docker)
                && net.overlaps(docker)
            {
                self.warning(
                    codes::WARN_DOCKER_RANGE,
                    &join_index("vnet.address_space", i),
                    format!("{net} overlaps {docker}, Docker's default bridge network"),
                    format!("choose an address space outside {docker}"),
                );
            }
        }
        let all_ok = nets.iter().all(Option::is_some);
        (nets, all_ok)
    }

    /// Parses a prefix without host bits, reporting a syntax or host-bits error at `path`.
    fn prefix(&mut self, text: &str, path: &str, what: &str) -> Option<Ipv4Net> {
        match Ipv4Net::parse_prefix(text) {
            Ok(net) => Some(net),
            Err(CidrError::Syntax) if is_ipv6(text) => {
                self.ipv6(text, path, what);
                None
            }
            Err(CidrError::Syntax) => {
                let help = if text.parse::<Ipv4Addr>().is_ok() {
                    format!("add a prefix length, e.g. `{text}/24`")
                } else {
                    "write an IPv4 prefix such as `10.0.0.0/16`".to_owned()
                };
                self.error(codes::CIDR_SYNTAX, path, format!("`{text}` is not a CIDR prefix ({what})"), help);
                None
            }
            Err(CidrError::HostBits { network }) => {
                self.error(
                    codes::CIDR_HOST_BITS,
                    path,
                    format!("`{text}` has host bits set ({what})"),
                    format!("did you mean `{network}`?"),
                );
                None
            }
        }
    }

    fn subnets(&mut self, spec: &Spec, space: &[Option<Ipv4Net>], space_ok: bool) -> Vec<SubnetInfo> {
        let count = spec.vnet.subnets.len();
        if count > limits::SUBNETS_PER_VNET {
            self.key_error(
                codes::SUBNET_TOO_MANY,
                "vnet.subnets",
                format!("the vnet has {count} subnets, a virtual network holds at most {}", limits::SUBNETS_PER_VNET),
                "split the subnets over several vnets (one spec each), or place more computes per subnet".to_owned(),
            );
        }
        let mut infos = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut idents: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            let path = join_index("vnet.subnets", i);
            let name_path = join_key(&path, "name");
            let name = subnet.name.as_str();
            if NameRule::Subnet.check(name).is_err() {
                self.error(
                    codes::SUBNET_NAME,
                    &name_path,
                    format!(
                        "subnet name `{name}` is not 1 to 80 letters, digits, `_`, `.` or `-` starting with a letter or digit and ending with a letter, digit or `_`"
                    ),
                    "rename the subnet, e.g. `training`".to_owned(),
                );
            }
            self.unique_name(
                Names { what: "subnet", list: "vnet.subnets", duplicate: codes::SUBNET_DUPLICATE },
                name,
                i,
                &mut seen,
                &mut idents,
            );
            let prefix = self.prefix(&subnet.prefix, &join_key(&path, "prefix"), "a subnet prefix");
            if let Some(net) = prefix
                && space_ok
                && !space.is_empty()
                && !space.iter().flatten().any(|s| s.contains(net))
            {
                let spaces: Vec<String> = space.iter().flatten().map(ToString::to_string).collect();
                self.error(
                    codes::SUBNET_OUTSIDE,
                    &join_key(&path, "prefix"),
                    format!("subnet `{name}` ({net}) is outside the vnet address space ({})", spaces.join(", ")),
                    "choose a prefix inside `vnet.address_space` or add a range that contains it".to_owned(),
                );
            }
            infos.push(SubnetInfo { prefix });
        }
        let prefixes: Vec<Option<Ipv4Net>> = infos.iter().map(|info| info.prefix).collect();
        for (i, j) in overlapping_pairs(&prefixes) {
            let (Some(a), Some(b)) = (prefixes[i], prefixes[j]) else { unreachable!("pairs are of parsed prefixes") };
            let (first, second) = (&spec.vnet.subnets[i].name, &spec.vnet.subnets[j].name);
            let related = vec![self.related(format!("`{first}` is {a}"), &format!("vnet.subnets[{i}].prefix"))];
            self.error_with(
                codes::SUBNET_OVERLAP,
                &format!("vnet.subnets[{j}].prefix"),
                format!("subnets `{first}` ({a}) and `{second}` ({b}) overlap"),
                format!("move `{second}` to a range that does not overlap {a}"),
                related,
            );
        }
        infos
    }

    fn vnet_flags(&mut self, spec: &Spec) -> Option<ValidExistingVnet> {
        let mut existing = None;
        if spec.vnet.existing {
            if spec.vnet.name.is_none() {
                self.key_error(
                    codes::VNET_EXISTING_NAME,
                    "vnet.existing",
                    "an existing virtual network needs its `name`".to_owned(),
                    "add `name:` with the existing virtual network's name".to_owned(),
                );
            }
            if let Some(group) = &spec.vnet.resource_group {
                self.resource_name("vnet.resource_group", group, "resource group", NameRule::ResourceGroup);
            }
            existing = Some(ValidExistingVnet { resource_group: spec.vnet.resource_group.clone() });
        } else if spec.vnet.resource_group.is_some() {
            self.key_error(
                codes::VNET_RESOURCE_GROUP,
                "vnet.resource_group",
                "`vnet.resource_group` only applies to an existing virtual network".to_owned(),
                "remove `resource_group` (a created vnet lives in the deployment's resource group)".to_owned(),
            );
        }
        if let Some(name) = &spec.vnet.name {
            self.resource_name("vnet.name", name, "virtual network", NameRule::VirtualNetwork);
        }
        existing
    }

    fn outbound(&mut self, spec: &Spec) -> Option<ValidOutbound> {
        let out = &spec.outbound;
        let mode_path = if self.present("outbound.mode") { "outbound.mode" } else { "outbound" };
        if out.mode == OutboundMode::Open {
            let mut d = self.diag(
                Severity::Warning,
                codes::WARN_DEFAULT_OUTBOUND,
                mode_path,
                "open outbound relies on default outbound access, which Azure retires for new subnets".to_owned(),
                "set `outbound.mode: restricted`, or provide explicit outbound connectivity (NAT gateway or firewall)"
                    .to_owned(),
            );
            if !self.present(mode_path) {
                // Defaulted: there is nothing in the text to point at.
                (d.span, d.line) = (None, None);
            }
            self.items.push(d);
        }
        let mut ok = true;
        let mut ssh_from = None;
        if let Some(text) = &out.allow_ssh_from {
            let path = "outbound.allow_ssh_from";
            match self.peer(text, path) {
                Some(peer) => {
                    if peer.is_internet() && !out.i_understand_ssh_from_internet {
                        self.error(
                            codes::SSH_INTERNET,
                            path,
                            format!("`allow_ssh_from: {text}` opens SSH to the whole Internet"),
                            "narrow it to your own CIDR, or set `outbound.i_understand_ssh_from_internet: true`"
                                .to_owned(),
                        );
                        ok = false;
                    }
                    ssh_from = Some((peer, path.to_owned()));
                }
                None => ok = false,
            }
        }
        ok.then(|| ValidOutbound { mode: out.mode, mode_path: mode_path.to_owned(), ssh_from })
    }

    fn ipv6(&mut self, text: &str, path: &str, what: &str) {
        self.error(
            codes::IPV6,
            path,
            format!("`{text}` is an IPv6 address, and IPv6 is not supported here ({what})"),
            "write an IPv4 address or prefix such as `10.0.0.0/16`".to_owned(),
        );
    }

    /// Parses a CIDR, a service tag or `*`.
    fn peer(&mut self, text: &str, path: &str) -> Option<Peer> {
        if text == "*" {
            return Some(Peer::Any);
        }
        if text.contains('/') || text.parse::<Ipv4Addr>().is_ok() || is_ipv6(text) {
            return self.prefix(text, path, "a peer").map(Peer::Cidr);
        }
        if let Some((tag, region)) = ServiceTag::parse(text) {
            return Some(Peer::Tag(tag, region));
        }
        let help = match closest(text, crate::azure::network::SERVICE_TAGS.iter().map(|(_, n, _)| *n)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "write a CIDR such as `203.0.113.0/24`, a service tag such as `Internet`, or `*`".to_owned(),
        };
        self.error(codes::PEER, path, format!("`{text}` is neither a CIDR, a known service tag nor `*`"), help);
        None
    }

    /// `None` when there were errors; `Some(None)` when there is no forced tunneling.
    fn forced_tunneling(&mut self, spec: &Spec) -> Option<Option<ValidForcedTunneling>> {
        let Some(ft) = &spec.forced_tunneling else { return Some(None) };
        let before = self.error_count();
        let mut default_route = None;
        if let Some(route) = &ft.default_route {
            let path = "forced_tunneling.default_route";
            match (route.next_hop, &route.ip) {
                (NextHopKind::VirtualAppliance, None) => self.error(
                    codes::ROUTE_IP_MISSING,
                    path,
                    "a `virtual_appliance` next hop needs the appliance's `ip`".to_owned(),
                    "add `ip:` with the firewall's private address, e.g. `10.1.4.4`".to_owned(),
                ),
                (NextHopKind::VirtualAppliance, Some(ip)) => {
                    let ip_path = "forced_tunneling.default_route.ip";
                    if let Some(addr) = self.ip(ip, ip_path) {
                        let private = limits::PRIVATE_RANGES
                            .iter()
                            .filter_map(|r| Ipv4Net::parse_prefix(r).ok())
                            .any(|r| r.contains_addr(addr));
                        if private {
                            default_route = Some((DefaultHop::VirtualAppliance(addr), path.to_owned()));
                        } else {
                            self.error(
                                codes::ROUTE_IP_PUBLIC,
                                ip_path,
                                format!("virtual appliance address {addr} is not a private address"),
                                format!(
                                    "use the appliance's private address (in {})",
                                    limits::PRIVATE_RANGES.join(", ")
                                ),
                            );
                        }
                    }
                }
                (NextHopKind::Internet, Some(_)) => self.key_error(
                    codes::ROUTE_IP_FORBIDDEN,
                    "forced_tunneling.default_route.ip",
                    "a next hop `internet` takes no `ip`".to_owned(),
                    "remove `ip`, or use `next_hop: virtual_appliance`".to_owned(),
                ),
                (NextHopKind::Internet, None) => default_route = Some((DefaultHop::Internet, path.to_owned())),
            }
        }
        let mut internet_routes = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, text) in ft.internet_routes.iter().enumerate() {
            let path = join_index("forced_tunneling.internet_routes", i);
            let Some((tag, region)) = ServiceTag::parse(text) else {
                let help = match closest(text, crate::azure::network::SERVICE_TAGS.iter().map(|(_, n, _)| *n)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "use a service tag such as `AzureMachineLearning` or `Storage.WestEurope`".to_owned(),
                };
                self.error(codes::ROUTE_TAG, &path, format!("`{text}` is not a known service tag"), help);
                continue;
            };
            let spelled = match region {
                Some(region) => tag.in_region(region),
                None => tag.name().to_owned(),
            };
            if let Some(first) = seen.get(&spelled) {
                let related = vec![self.related("first here".to_owned(), first)];
                self.error_with(
                    codes::ROUTE_DUPLICATE,
                    &path,
                    format!("route to `{spelled}` is listed twice"),
                    "remove the second entry".to_owned(),
                    related,
                );
                continue;
            }
            seen.insert(spelled.clone(), path.clone());
            internet_routes.push((spelled, path));
        }
        let mut internet_prefixes: Vec<(Ipv4Net, String)> = Vec::new();
        for (i, text) in ft.internet_prefixes.iter().enumerate() {
            let path = join_index("forced_tunneling.internet_prefixes", i);
            let Some(net) = self.prefix(text, &path, "an internet route prefix") else { continue };
            if net.len() == 0 {
                self.error(
                    codes::ROUTE_DEFAULT_PREFIX,
                    &path,
                    format!("`{text}` is the default route, not an internet prefix"),
                    "remove it and set `forced_tunneling.default_route` with `next_hop: internet` instead".to_owned(),
                );
                continue;
            }
            if let Some((_, first)) = internet_prefixes.iter().find(|(n, _)| *n == net) {
                let related = vec![self.related("first here".to_owned(), first)];
                self.error_with(
                    codes::ROUTE_DUPLICATE,
                    &path,
                    format!("route to {net} is listed twice"),
                    "remove the second entry".to_owned(),
                    related,
                );
                continue;
            }
            internet_prefixes.push((net, path));
        }
        let routes = usize::from(ft.default_route.is_some()) + ft.internet_routes.len() + ft.internet_prefixes.len();
        if routes > limits::ROUTES_PER_TABLE {
            self.key_error(
                codes::ROUTE_TOO_MANY,
                "forced_tunneling",
                format!(
                    "forced tunneling needs {routes} routes, a route table holds at most {}",
                    limits::ROUTES_PER_TABLE
                ),
                format!(
                    "remove {} routes, e.g. by summarizing `internet_prefixes` or using service tags",
                    routes - limits::ROUTES_PER_TABLE
                ),
            );
        }
        (self.error_count() == before).then(|| {
            Some(ValidForcedTunneling {
                path: "forced_tunneling".to_owned(),
                default_route,
                internet_routes,
                internet_prefixes,
            })
        })
    }

    fn ip(&mut self, text: &str, path: &str) -> Option<Ipv4Addr> {
        match text.parse::<Ipv4Addr>() {
            Ok(addr) => Some(addr),
            Err(_) if is_ipv6(text) => {
                self.ipv6(text, path, "an address");
                None
            }
            Err(_) => {
                let help = match text.split_once('/') {
                    Some((addr, _)) if addr.parse::<Ipv4Addr>().is_ok() => format!("drop the prefix length: `{addr}`"),
                    _ => "write an IPv4 address such as `10.0.0.10`".to_owned(),
                };
                self.error(codes::IP_SYNTAX, path, format!("`{text}` is not an IPv4 address"), help);
                None
            }
        }
    }

    fn workspace(&mut self, spec: &Spec) -> ValidWorkspace {
        let ws = &spec.workspace;
        if let Some(name) = &ws.name {
            self.resource_name("workspace.name", name, "workspace", NameRule::Workspace);
        }
        if let Some(name) = &ws.storage.name {
            self.resource_name("workspace.storage.name", name, "storage account", NameRule::Storage);
        }
        if let Some(name) = &ws.key_vault.name {
            self.resource_name("workspace.key_vault.name", name, "key vault", NameRule::KeyVault);
        }
        if let Some(name) = ws.container_registry.as_ref().and_then(|r| r.name.as_ref()) {
            self.resource_name("workspace.container_registry.name", name, "container registry", NameRule::Registry);
        }
        if let Some(name) = ws.application_insights.as_ref().and_then(|a| a.name.as_ref()) {
            self.resource_name("workspace.application_insights.name", name, "Application Insights", NameRule::Insights);
        }
        if ws.storage.purpose == model::StoragePurpose::Inference && ws.storage.firewall {
            let related = if self.present("workspace.storage.firewall") {
                vec![self.related("firewall on here".to_owned(), "workspace.storage.firewall")]
            } else {
                Vec::new()
            };
            self.error_with(
                codes::STORAGE_INFERENCE,
                "workspace.storage.purpose",
                "storage for inference cannot be firewalled (the firewall is on by default)".to_owned(),
                "set `workspace.storage.firewall: false`, or use `purpose: experimentation`".to_owned(),
                related,
            );
        }
        let private_endpoints = ws.private_endpoints.as_ref().and_then(|pe| {
            let path = "workspace.private_endpoints";
            let subnet = spec.vnet.subnets.iter().position(|s| s.name == pe.subnet);
            if subnet.is_none() {
                let names: Vec<&str> = spec.vnet.subnets.iter().map(|s| s.name.as_str()).collect();
                let help = match closest(&pe.subnet, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "add a subnet for the private endpoints to `vnet.subnets`, e.g. a /26".to_owned(),
                };
                self.error(
                    codes::PRIVATE_ENDPOINT_SUBNET,
                    &join_key(path, "subnet"),
                    format!("private endpoints are placed in subnet `{}`, which does not exist", pe.subnet),
                    help,
                );
            }
            Some(ValidPrivateEndpoints { subnet: subnet?, dns_zones: pe.dns_zones, path: path.to_owned() })
        });
        ValidWorkspace {
            name: ws.name.clone(),
            public_network_access: ws.public_network_access,
            storage: ValidService {
                name: ws.storage.name.clone(),
                firewall: ws.storage.firewall,
                path: "workspace.storage".to_owned(),
            },
            key_vault: ValidService {
                name: ws.key_vault.name.clone(),
                firewall: ws.key_vault.firewall,
                path: "workspace.key_vault".to_owned(),
            },
            container_registry: ws.container_registry.as_ref().map(|r| ValidService {
                name: r.name.clone(),
                firewall: false,
                path: "workspace.container_registry".to_owned(),
            }),
            application_insights_name: ws.application_insights.as_ref().and_then(|a| a.name.clone()),
            private_endpoints,
            image_build_compute: None,
        }
    }

    /// A workspace closed to public network access is reachable only through its private endpoint.
    fn private_workspace(&mut self, spec: &Spec) {
        if !spec.workspace.public_network_access && spec.workspace.private_endpoints.is_none() {
            self.error(
                codes::WORKSPACE_NEEDS_PRIVATE_ENDPOINT,
                "workspace.public_network_access",
                "a workspace without public network access and without a private endpoint is unreachable".to_owned(),
                "add `workspace.private_endpoints` with a subnet for the endpoints, or allow public network access"
                    .to_owned(),
            );
        }
    }

    /// Compute without public IPs needs the workspace private endpoint and today's catalogue.
    fn private_compute(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        for (i, (c, info)) in spec.compute.iter().zip(computes).enumerate() {
            let private = matches!(
                info.valid.as_ref().map(|v| &v.kind),
                Some(
                    ValidComputeKind::AmlCluster { public_ip: false, .. }
                        | ValidComputeKind::AmlInstance { public_ip: false, .. }
                )
            );
            if !private {
                continue;
            }
            let path = join_key(&join_index("compute", i), "public_ip");
            if spec.workspace.private_endpoints.is_none() {
                self.error(
                    codes::COMPUTE_NEEDS_PRIVATE_ENDPOINT,
                    &path,
                    format!(
                        "compute `{}` has no public IPs, so it reaches the workspace only through a private endpoint",
                        c.name
                    ),
                    "add `workspace.private_endpoints` with a subnet for the endpoints".to_owned(),
                );
            }
            if spec.network_rules == NetworkRules::Seed2019 {
                self.error(
                    codes::COMPUTE_NO_PUBLIC_IP_SEED,
                    &path,
                    "the 2019 guidance (`network_rules: seed-2019`) has no rules for compute without public IPs"
                        .to_owned(),
                    "use `network_rules: current`, or remove `public_ip: false`".to_owned(),
                );
            }
        }
    }

    /// With a private registry, images are built on the first compute cluster.
    fn image_build_compute(
        &mut self,
        spec: &Spec,
        workspace: &ValidWorkspace,
        computes: &[ComputeInfo],
    ) -> Option<usize> {
        let private_registry =
            spec.workspace.container_registry.is_some() && spec.workspace.private_endpoints.is_some();
        if !private_registry {
            return None;
        }
        let cluster = computes.iter().position(|c| c.kind == ComputeKind::AmlCluster);
        if cluster.is_none() && workspace.private_endpoints.is_some() {
            let path =
                if self.present("workspace.container_registry") { "workspace.container_registry" } else { "workspace" };
            self.key_error(
                codes::REGISTRY_NEEDS_CLUSTER,
                path,
                "a registry behind a private endpoint cannot build images itself, and there is no compute cluster to build them".to_owned(),
                "add an `aml_cluster` compute (the first one builds images), or remove `container_registry`".to_owned(),
            );
        }
        cluster
    }

    /// Warnings for choices security scanners flag, made deliberately.
    fn warn_insecure_choices(&mut self, spec: &Spec) {
        for (on, path, what) in [
            (spec.workspace.storage.firewall, "workspace.storage", "storage account"),
            (spec.workspace.key_vault.firewall, "workspace.key_vault", "key vault"),
        ] {
            if !on {
                let firewall = join_key(path, "firewall");
                let at = if self.present(&firewall) { firewall } else { path.to_owned() };
                self.warning(
                    codes::WARN_FIREWALL_OFF,
                    &at,
                    format!("the {what} firewall is off: it accepts traffic from every network (security scanners such as checkov flag this)"),
                    format!("set `{path}.firewall: true` unless the {what} must be reachable from outside the vnet"),
                );
            }
        }
        let internet = |text: &str| matches!(text, "*" | "0.0.0.0/0") || text.eq_ignore_ascii_case("internet");
        if spec.outbound.i_understand_ssh_from_internet && spec.outbound.allow_ssh_from.as_deref().is_some_and(internet)
        {
            self.warning(
                codes::WARN_SSH_INTERNET,
                "outbound.allow_ssh_from",
                "SSH is open to the whole Internet, as acknowledged (security scanners such as checkov flag this)"
                    .to_owned(),
                "narrow `allow_ssh_from` to the addresses administrators connect from".to_owned(),
            );
        }
        for (i, c) in spec.compute.iter().enumerate() {
            let path = join_index("compute", i);
            if c.kind == ComputeKind::Aks && c.network_plugin == Some(model::NetworkPlugin::Kubenet) {
                self.warning(
                    codes::WARN_KUBENET,
                    &join_key(&path, "network_plugin"),
                    format!(
                        "kubenet is legacy networking that AKS retires on {} (security scanners such as checkov also expect Azure CNI)",
                        crate::azure::network::KUBENET_RETIREMENT
                    ),
                    "use `network_plugin: azure_overlay` (the default)".to_owned(),
                );
            }
            if let Some(scoring) = &c.scoring
                && scoring.port == 80
                && !scoring.internal
                && scoring.allow_from.as_deref().is_some_and(internet)
            {
                self.warning(
                    codes::WARN_SCORING_HTTP,
                    &join_key(&join_key(&path, "scoring"), "port"),
                    "the scoring endpoint serves plain HTTP to the whole Internet (security scanners such as checkov flag this)".to_owned(),
                    "serve scoring on 443 with TLS, or narrow `allow_from`".to_owned(),
                );
            }
        }
    }

    fn resource_name(&mut self, path: &str, name: &str, what: &str, rule: NameRule) {
        if let Err(rule_text) = rule.check(name) {
            self.error(
                codes::RESOURCE_NAME,
                path,
                format!("{what} name `{name}` is invalid: {rule_text}"),
                format!("choose a {what} name of {rule_text}, or remove `name` to use the derived one"),
            );
        }
    }

    fn firewall_limits(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        if spec.workspace.private_endpoints.is_some() {
            // Private endpoints replace the virtual network rules.
            return;
        }
        let hosting: BTreeSet<usize> =
            computes.iter().filter(|c| c.kind != ComputeKind::Aks).filter_map(|c| c.subnet).collect();
        for (on, limit, path, what) in [
            (spec.workspace.storage.firewall, limits::STORAGE_VNET_RULES, "workspace.storage", "storage account"),
            (spec.workspace.key_vault.firewall, limits::KEY_VAULT_VNET_RULES, "workspace.key_vault", "key vault"),
        ] {
            if on && hosting.len() > limit {
                let path = if self.present(&join_key(path, "firewall")) {
                    join_key(path, "firewall")
                } else {
                    path.to_owned()
                };
                self.error(
                    codes::FIREWALL_RULES,
                    &path,
                    format!(
                        "{} subnets host computes, but a {what} firewall holds at most {limit} virtual network rules",
                        hosting.len()
                    ),
                    "place computes in fewer subnets, or turn the firewall off".to_owned(),
                );
            }
        }
    }
}

/// One list of names that must be unique, as written and as identifiers.
struct Names {
    /// `subnet` or `compute`.
    what: &'static str,
    /// The spec path of the list, e.g. `vnet.subnets`.
    list: &'static str,
    /// The code of a name used twice.
    duplicate: &'static str,
}

impl<'s> Cx<'s> {
    /// Reports `name` (at index `i` of its list) when it repeats an earlier name, or when it becomes the
    /// same identifier as one (`a-b` and `a_b`); `seen` and `idents` hold the earlier names.
    fn unique_name<'n>(
        &mut self,
        names: Names,
        name: &'n str,
        i: usize,
        seen: &mut BTreeMap<&'n str, usize>,
        idents: &mut BTreeMap<String, (usize, &'n str)>,
    ) {
        let name_path = format!("{}[{i}].name", names.list);
        if let Some(first) = seen.get(name) {
            let related = vec![self.related("first used here".to_owned(), &format!("{}[{first}].name", names.list))];
            self.error_with(
                names.duplicate,
                &name_path,
                format!("two {}s are named `{name}`", names.what),
                format!("give each {} its own name", names.what),
                related,
            );
            return;
        }
        seen.insert(name, i);
        let ident = crate::names::ident(name);
        if let Some((first, other)) = idents.get(&ident) {
            let related = vec![self.related(format!("`{other}`"), &format!("{}[{first}].name", names.list))];
            self.error_with(
                codes::IDENT_COLLISION,
                &name_path,
                format!("{} names `{other}` and `{name}` both become the identifier `{ident}`", names.what),
                "rename one of them so they differ in more than punctuation or case".to_owned(),
                related,
            );
        } else {
            idents.insert(ident, (i, name));
        }
    }
}

/// What `computes` learned about one compute.
struct ComputeInfo {
    kind: ComputeKind,
    /// The subnet index, when it exists.
    subnet: Option<usize>,
    valid: Option<ValidCompute>,
}

impl Cx<'_> {
    fn computes(&mut self, spec: &Spec, subnets: &[SubnetInfo], space: &[Option<Ipv4Net>]) -> Vec<ComputeInfo> {
        if spec.compute.is_empty() {
            self.key_error(
                codes::COMPUTE_EMPTY,
                "compute",
                "`compute` is empty".to_owned(),
                "add at least one compute, e.g. an `aml_cluster`".to_owned(),
            );
        }
        let mut infos = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut idents: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        // The first subnet of each name, as a linear search would find it.
        let mut subnet_index: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            subnet_index.entry(subnet.name.as_str()).or_insert(i);
        }
        for (i, compute) in spec.compute.iter().enumerate() {
            let path = join_index("compute", i);
            let name_path = join_key(&path, "name");
            let name = compute.name.as_str();
            let digits_after_hyphen = name.ends_with(|c: char| c.is_ascii_digit())
                && name.trim_end_matches(|c: char| c.is_ascii_digit()).ends_with('-');
            let name_ok = (limits::COMPUTE_NAME_MIN..=limits::COMPUTE_NAME_MAX).contains(&name.len())
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !digits_after_hyphen;
            if !name_ok {
                self.error(
                    codes::COMPUTE_NAME,
                    &name_path,
                    format!(
                        "compute name `{name}` is not {} to {} letters, digits or hyphens, starting with a \
                         letter and not ending in `-<digits>`",
                        limits::COMPUTE_NAME_MIN,
                        limits::COMPUTE_NAME_MAX
                    ),
                    "rename the compute, e.g. `cpu-cluster`".to_owned(),
                );
            }
            self.unique_name(
                Names { what: "compute", list: "compute", duplicate: codes::COMPUTE_DUPLICATE },
                name,
                i,
                &mut seen,
                &mut idents,
            );
            let subnet = subnet_index.get(compute.subnet.as_str()).copied();
            if subnet.is_none() {
                let names: Vec<&str> = spec.vnet.subnets.iter().map(|s| s.name.as_str()).collect();
                let help = match closest(&compute.subnet, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if names.is_empty() => "add the subnet to `vnet.subnets`".to_owned(),
                    None => format!("use one of {}, or add the subnet to `vnet.subnets`", list(&names)),
                };
                self.error(
                    codes::COMPUTE_SUBNET,
                    &join_key(&path, "subnet"),
                    format!("compute `{name}` is placed in subnet `{}`, which does not exist", compute.subnet),
                    help,
                );
            }
            let kind = self.compute_kind(compute, &path, subnets, subnet, space);
            let valid = match (subnet, kind) {
                (Some(subnet), Some(kind)) => Some(ValidCompute { name: compute.name.clone(), subnet, path, kind }),
                _ => None,
            };
            infos.push(ComputeInfo { kind: compute.kind, subnet, valid });
        }
        self.capacity(spec, subnets, &infos);
        infos
    }

    /// The per-kind fields of a compute; `None` when any is wrong.
    fn compute_kind(
        &mut self,
        c: &model::Compute,
        path: &str,
        subnets: &[SubnetInfo],
        subnet: Option<usize>,
        space: &[Option<Ipv4Net>],
    ) -> Option<ValidComputeKind> {
        let before = self.error_count();
        let kind_name = c.kind.name();
        let present: [(&str, bool); 15] = [
            ("vm_size", c.vm_size.is_some()),
            ("min_nodes", c.min_nodes.is_some()),
            ("max_nodes", c.max_nodes.is_some()),
            ("public_ip", c.public_ip.is_some()),
            ("ssh", c.ssh.is_some()),
            ("resource_id", c.resource_id.is_some()),
            ("os", c.os.is_some()),
            ("node_count", c.node_count.is_some()),
            ("service_cidr", c.service_cidr.is_some()),
            ("dns_service_ip", c.dns_service_ip.is_some()),
            ("docker_bridge_cidr", c.docker_bridge_cidr.is_some()),
            ("scoring", c.scoring.is_some()),
            ("network_plugin", c.network_plugin.is_some()),
            ("private_cluster", c.private_cluster.is_some()),
            ("idle_time_before_shutdown", c.idle_time_before_shutdown.is_some()),
        ];
        let (allowed, required) = c.kind.fields();
        for (field, is_set) in present {
            if is_set && !allowed.contains(&field) {
                self.key_error(
                    codes::COMPUTE_FOREIGN,
                    &join_key(path, field),
                    format!("`{field}` is not a field of `{kind_name}` computes"),
                    format!("remove `{field}`, or change `kind`"),
                );
            }
            if !is_set && required.contains(&field) {
                self.error(
                    codes::COMPUTE_MISSING,
                    path,
                    format!("{kind_name} compute `{}` needs `{field}`", c.name),
                    format!("add `{field}`"),
                );
            }
        }
        if let Some(size) = &c.vm_size
            && !vm_size_ok(size)
        {
            self.error(
                codes::COMPUTE_VM_SIZE,
                &join_key(path, "vm_size"),
                format!("`{size}` is not an Azure VM size"),
                format!(
                    "write a size as Azure names it: `{}` then letters, digits, `_` or `-`, e.g. `Standard_D4s_v5`",
                    names::VM_SIZE_PREFIX
                ),
            );
        }
        if self.error_count() > before {
            return None;
        }
        // Every required field is present from here on; `?` on them cannot fail.
        match c.kind {
            ComputeKind::AmlCluster => {
                let min_nodes = c.min_nodes.unwrap_or(0);
                let max_nodes = c.max_nodes?;
                if max_nodes == 0 {
                    self.error(
                        codes::COMPUTE_NODES,
                        &join_key(path, "max_nodes"),
                        "`max_nodes` must be at least 1".to_owned(),
                        "set `max_nodes` to 1 or more".to_owned(),
                    );
                } else if min_nodes > max_nodes {
                    self.error(
                        codes::COMPUTE_NODES,
                        &join_key(path, "min_nodes"),
                        format!("`min_nodes` ({min_nodes}) is larger than `max_nodes` ({max_nodes})"),
                        format!("set `min_nodes` to at most {max_nodes}"),
                    );
                }
                let public_ip = c.public_ip.unwrap_or(true);
                (self.error_count() == before).then(|| ValidComputeKind::AmlCluster {
                    vm_size: c.vm_size.clone().unwrap_or_default(),
                    min_nodes,
                    max_nodes,
                    public_ip,
                    ssh: c.ssh.unwrap_or(false),
                })
            }
            ComputeKind::AmlInstance => {
                let idle_shutdown = match &c.idle_time_before_shutdown {
                    Some(text) => self.idle_shutdown(text, &join_key(path, "idle_time_before_shutdown")),
                    None => Some(limits::IDLE_SHUTDOWN_DEFAULT.to_owned()),
                };
                (self.error_count() == before).then(|| ValidComputeKind::AmlInstance {
                    vm_size: c.vm_size.clone().unwrap_or_default(),
                    public_ip: c.public_ip.unwrap_or(true),
                    idle_shutdown: idle_shutdown.unwrap_or_default(),
                })
            }
            ComputeKind::VirtualMachine => {
                let os = c.os.as_deref()?;
                if !os.eq_ignore_ascii_case("ubuntu") {
                    self.error(
                        codes::COMPUTE_OS,
                        &join_key(path, "os"),
                        format!("only Ubuntu virtual machines can be attached, not `{os}`"),
                        "attach an Ubuntu VM (for example the Data Science VM) and set `os: ubuntu`".to_owned(),
                    );
                }
                let id = self.resource_id(c, path, catalog_provider(ComputeKind::VirtualMachine));
                if self.error_count() > before {
                    return None;
                }
                Some(ValidComputeKind::VirtualMachine { resource_id: id? })
            }
            ComputeKind::Hdinsight => {
                let id = self.resource_id(c, path, catalog_provider(ComputeKind::Hdinsight));
                if self.error_count() > before {
                    return None;
                }
                Some(ValidComputeKind::HdInsight { resource_id: id? })
            }
            ComputeKind::Aks => self.aks(c, path, subnets, subnet, space).filter(|_| self.error_count() == before),
        }
    }

    /// An ISO 8601 duration of hours, minutes and seconds (`PT30M`, `PT1H30M`) within the service's range.
    fn idle_shutdown(&mut self, text: &str, path: &str) -> Option<String> {
        let minutes = iso_minutes(text);
        let (min, max) = (limits::IDLE_SHUTDOWN_MIN_MINUTES, limits::IDLE_SHUTDOWN_MAX_MINUTES);
        match minutes {
            Some(m) if (min..=max).contains(&m) => Some(text.to_owned()),
            Some(m) => {
                self.error(
                    codes::IDLE_SHUTDOWN,
                    path,
                    format!("`idle_time_before_shutdown` is {m} minutes, outside {min} minutes to {max} minutes"),
                    format!("use a duration from `PT{min}M` to `PT{}H`", max / 60),
                );
                None
            }
            None => {
                self.error(
                    codes::IDLE_SHUTDOWN,
                    path,
                    format!("`{text}` is not an ISO 8601 duration such as `PT30M`"),
                    "write hours and minutes as `PT1H30M`, or minutes as `PT30M`".to_owned(),
                );
                None
            }
        }
    }

    fn resource_id(&mut self, c: &model::Compute, path: &str, provider: (&str, &str)) -> Option<String> {
        let id = c.resource_id.as_deref()?;
        let parts: Vec<&str> = id.split('/').collect();
        let ok = parts.len() == 9
            && parts[0].is_empty()
            && parts[1].eq_ignore_ascii_case("subscriptions")
            && parts[3].eq_ignore_ascii_case("resourceGroups")
            && parts[5].eq_ignore_ascii_case("providers")
            && parts[6].eq_ignore_ascii_case(provider.0)
            && parts[7].eq_ignore_ascii_case(provider.1)
            && [2, 4, 8].iter().all(|i| !parts[*i].is_empty() && !parts[*i].contains(char::is_whitespace));
        if !ok {
            self.error(
                codes::COMPUTE_RESOURCE_ID,
                &join_key(path, "resource_id"),
                format!("`resource_id` is not the ARM id of a {}/{} resource", provider.0, provider.1),
                format!(
                    "write `/subscriptions/<id>/resourceGroups/<group>/providers/{}/{}/<name>`",
                    provider.0, provider.1
                ),
            );
            return None;
        }
        Some(id.to_owned())
    }

    fn aks(
        &mut self,
        c: &model::Compute,
        path: &str,
        subnets: &[SubnetInfo],
        subnet: Option<usize>,
        space: &[Option<Ipv4Net>],
    ) -> Option<ValidComputeKind> {
        let node_count = c.node_count?;
        if node_count == 0 {
            self.error(
                codes::COMPUTE_NODES,
                &join_key(path, "node_count"),
                "`node_count` must be at least 1".to_owned(),
                "set `node_count` to 1 or more (3 for production)".to_owned(),
            );
        }
        let cidr_path = join_key(path, "service_cidr");
        let service = self.prefix(c.service_cidr.as_deref()?, &cidr_path, "an AKS service CIDR");
        if let Some(service) = service {
            self.service_cidr(service, &cidr_path, subnets, space);
        }
        let dns_path = join_key(path, "dns_service_ip");
        let dns = self.ip(c.dns_service_ip.as_deref()?, &dns_path);
        if let (Some(service), Some(dns)) = (service, dns) {
            match service.offset_of(dns) {
                None => self.error(
                    codes::AKS_DNS_IP,
                    &dns_path,
                    format!("`dns_service_ip` {dns} is outside `service_cidr` {service}"),
                    format!("use an address inside {service}, conventionally `{}`", service.nth(10)),
                ),
                Some(offset @ (0 | 1)) => self.error(
                    codes::AKS_DNS_IP,
                    &dns_path,
                    format!(
                        "`dns_service_ip` {dns} is {} of `service_cidr`",
                        if offset == 0 {
                            "the network address"
                        } else {
                            "the first address (.1, used by the kubernetes service)"
                        }
                    ),
                    format!("use another address, conventionally `{}`", service.nth(10)),
                ),
                Some(_) => {}
            }
        }
        let mut docker = None;
        if let Some(text) = &c.docker_bridge_cidr {
            let docker_path = join_key(path, "docker_bridge_cidr");
            self.warning(
                codes::WARN_DOCKER_BRIDGE,
                &docker_path,
                "`docker_bridge_cidr` is ignored by current AKS and kept only on the ML attach configuration"
                    .to_owned(),
                "remove `docker_bridge_cidr` unless an old cluster needs it".to_owned(),
            );
            match Ipv4Net::parse_interface(text) {
                Ok(net) => {
                    docker = Some(net);
                    let mut clashes = Vec::new();
                    for (i, s) in subnets.iter().enumerate() {
                        if s.prefix.is_some_and(|p| p.overlaps(net)) {
                            clashes.push(
                                self.related("overlapping subnet".to_owned(), &format!("vnet.subnets[{i}].prefix")),
                            );
                        }
                    }
                    if clashes.is_empty() {
                        for (i, s) in space.iter().enumerate() {
                            if s.is_some_and(|p| p.overlaps(net)) {
                                clashes.push(self.related(
                                    "overlapping address space".to_owned(),
                                    &join_index("vnet.address_space", i),
                                ));
                            }
                        }
                    }
                    if service.is_some_and(|s| s.overlaps(net)) {
                        clashes.push(self.related("overlapping service CIDR".to_owned(), &cidr_path));
                    }
                    if !clashes.is_empty() {
                        self.error_with(
                            codes::AKS_DOCKER_OVERLAP,
                            &docker_path,
                            format!("`docker_bridge_cidr` {net} overlaps the virtual network or `service_cidr`"),
                            "choose a bridge range outside the vnet and the service CIDR, e.g. `172.17.0.1/16`"
                                .to_owned(),
                            clashes,
                        );
                    }
                }
                Err(_) => self.error(
                    codes::CIDR_SYNTAX,
                    &docker_path,
                    format!("`{text}` is not an address with a prefix length"),
                    "write the bridge address and its prefix length, e.g. `172.17.0.1/16`".to_owned(),
                ),
            }
        }
        let mut scoring = None;
        if let Some(s) = &c.scoring {
            let scoring_path = join_key(path, "scoring");
            if s.port == 0 {
                self.error(
                    codes::SCORING_PORT,
                    &join_key(&scoring_path, "port"),
                    "`scoring.port` must be from 1 to 65535".to_owned(),
                    "use the port the endpoint listens on, e.g. 443".to_owned(),
                );
            }
            match &s.allow_from {
                Some(text) => {
                    if let Some(peer) = self.peer(text, &join_key(&scoring_path, "allow_from")) {
                        scoring = Some(ValidScoring {
                            port: s.port,
                            allow_from: Some(peer),
                            internal: s.internal,
                            path: scoring_path,
                        });
                    }
                }
                None if s.internal => {
                    scoring = Some(ValidScoring { port: s.port, allow_from: None, internal: true, path: scoring_path });
                }
                None => self.error(
                    codes::SCORING_ALLOW_FROM,
                    &scoring_path,
                    "a public scoring endpoint needs `allow_from`".to_owned(),
                    "add `allow_from:` with the callers' CIDR or service tag, or set `internal: true`".to_owned(),
                ),
            }
        }
        let _ = subnet;
        Some(ValidComputeKind::Aks(ValidAks {
            node_count,
            vm_size: c.vm_size.clone()?,
            service_cidr: service?,
            dns_service_ip: dns?,
            docker_bridge_cidr: docker,
            network_plugin: c.network_plugin.unwrap_or_default(),
            private_cluster: c.private_cluster.unwrap_or(false),
            scoring: match (&c.scoring, scoring) {
                (Some(_), None) => return None,
                (_, s) => s,
            },
        }))
    }

    fn service_cidr(&mut self, service: Ipv4Net, path: &str, subnets: &[SubnetInfo], space: &[Option<Ipv4Net>]) {
        let shortest = limits::AKS_SERVICE_CIDR_SHORTEST_PREFIX;
        if service.len() < shortest {
            self.error(
                codes::AKS_SERVICE_SIZE,
                path,
                format!("`service_cidr` {service} is larger than a /{shortest}"),
                format!("use a prefix length of {shortest} or more, e.g. `10.0.0.0/16`"),
            );
        }
        let mut clashes = Vec::new();
        for (i, s) in space.iter().enumerate() {
            if s.is_some_and(|p| p.overlaps(service)) {
                clashes.push(self.related("vnet address space".to_owned(), &join_index("vnet.address_space", i)));
            }
        }
        if clashes.is_empty() {
            for (i, s) in subnets.iter().enumerate() {
                if s.prefix.is_some_and(|p| p.overlaps(service)) {
                    clashes.push(self.related("subnet".to_owned(), &format!("vnet.subnets[{i}].prefix")));
                }
            }
        }
        if !clashes.is_empty() {
            let taken: Vec<Ipv4Net> =
                space.iter().flatten().copied().chain(subnets.iter().filter_map(|s| s.prefix)).collect();
            self.error_with(
                codes::AKS_SERVICE_OVERLAP,
                path,
                format!("`service_cidr` {service} overlaps the virtual network"),
                match free_service_cidr(&taken) {
                    Some(free) => format!("choose a range outside the vnet address space, e.g. `{free}`"),
                    None => "choose a range outside the vnet address space".to_owned(),
                },
                clashes,
            );
        }
        for reserved in limits::AKS_RESERVED_RANGES.iter().filter_map(|r| Ipv4Net::parse_prefix(r).ok()) {
            if reserved.overlaps(service) {
                self.error(
                    codes::AKS_SERVICE_RESERVED,
                    path,
                    format!("`service_cidr` {service} overlaps {reserved}, which AKS reserves"),
                    format!("choose a range outside {}", limits::AKS_RESERVED_RANGES.join(", ")),
                );
            }
        }
    }

    fn capacity(&mut self, spec: &Spec, subnets: &[SubnetInfo], computes: &[ComputeInfo]) {
        // The valid computes of each subnet, in spec order.
        let mut placed: Vec<Vec<usize>> = vec![Vec::new(); subnets.len()];
        for (j, info) in computes.iter().enumerate() {
            if let (Some(i), Some(_)) = (info.subnet, &info.valid) {
                placed[i].push(j);
            }
        }
        for (i, info) in subnets.iter().enumerate() {
            let Some(prefix) = info.prefix else { continue };
            let mut needed: u64 = 0;
            let mut users = Vec::new();
            for &j in &placed[i] {
                let c = &spec.compute[j];
                let n = match c.kind {
                    ComputeKind::AmlCluster => c.max_nodes.unwrap_or(0),
                    ComputeKind::AmlInstance => 1,
                    ComputeKind::Aks => c.node_count.unwrap_or(0),
                    ComputeKind::VirtualMachine | ComputeKind::Hdinsight => 0,
                };
                if n > 0 {
                    needed += u64::from(n);
                    users.push((j, n));
                }
            }
            let free = prefix.size().saturating_sub(limits::SUBNET_RESERVED_ADDRESSES);
            if needed > free {
                let name = &spec.vnet.subnets[i].name;
                let fit = prefix_len_for(needed + limits::SUBNET_RESERVED_ADDRESSES);
                let help = match fit {
                    Some(len) => format!("make `{name}` a /{len} or larger, or lower the node counts"),
                    None => "lower the node counts".to_owned(),
                };
                let related =
                    users.iter().map(|(j, n)| self.related(format!("needs {n}"), &format!("compute[{j}]"))).collect();
                self.error_with(
                    codes::SUBNET_CAPACITY,
                    &format!("vnet.subnets[{i}].prefix"),
                    format!("subnet `{name}` ({prefix}) has {free} free addresses but its computes need {needed}"),
                    help,
                    related,
                );
            }
        }
    }
}

impl Cx<'_> {
    /// Every subnet's NSG fits Azure's rule limit and amlnet's numbering. The catalogue's rules come
    /// once per subnet; a scoring rule comes once per AKS compute with a public scoring endpoint, so
    /// those drive the count. The catalogue's other allow rules are counted as if all applied.
    fn nsg_rules(&mut self, spec: &Spec, subnets: &[SubnetInfo], computes: &[ComputeInfo]) {
        let templates = network::rules(catalogue(spec.network_rules));
        let count = |direction: Direction, scoring: bool, access: Access| {
            templates
                .iter()
                .filter(|t| {
                    t.direction == direction && t.access == access && (t.trigger == Trigger::Scoring) == scoring
                })
                .count()
        };
        let directions = [Direction::Inbound, Direction::Outbound];
        let fixed = directions.map(|d| count(d, false, Access::Allow));
        let per_scoring = directions.map(|d| count(d, true, Access::Allow) + count(d, true, Access::Deny));
        let denies = directions.map(|d| count(d, false, Access::Deny));
        let mut scoring: Vec<Vec<usize>> = vec![Vec::new(); subnets.len()];
        for (j, info) in computes.iter().enumerate() {
            if let (Some(i), Some(ValidCompute { kind: ValidComputeKind::Aks(aks), .. })) = (info.subnet, &info.valid)
                && aks.scoring.as_ref().is_some_and(|s| s.allow_from.is_some())
            {
                scoring[i].push(j);
            }
        }
        for (i, users) in scoring.iter().enumerate() {
            let name = &spec.vnet.subnets[i].name;
            let allow = [0, 1].map(|d| fixed[d] + users.len() * per_scoring[d]);
            let total: usize = allow.iter().sum::<usize>() + denies.iter().sum::<usize>();
            let over_allow = (0..2).find(|&d| allow[d] > limits::NSG_ALLOW_RULES_PER_DIRECTION);
            let limit = if total > limits::RULES_PER_NSG {
                format!(
                    "{total} security rules, and Azure allows at most {} in a network security group",
                    limits::RULES_PER_NSG
                )
            } else if let Some(d) = over_allow {
                format!(
                    "{} {} allow rules, and amlnet numbers at most {} per direction (priorities {} to {} in steps of \
                     {}, below the catalogue's deny at {})",
                    allow[d],
                    ["inbound", "outbound"][d],
                    limits::NSG_ALLOW_RULES_PER_DIRECTION,
                    network::PRIORITY_START,
                    network::PRIORITY_DENY - network::PRIORITY_STEP,
                    network::PRIORITY_STEP,
                    network::PRIORITY_DENY
                )
            } else {
                continue;
            };
            // Point at the first scoring endpoint that does not fit; the per-scoring count is not zero here.
            let fits = (0..2)
                .filter(|&d| per_scoring[d] > 0)
                .map(|d| limits::NSG_ALLOW_RULES_PER_DIRECTION.saturating_sub(fixed[d]) / per_scoring[d])
                .min()
                .unwrap_or(0);
            let first_over = users.get(fits).or(users.last()).copied();
            let path = first_over
                .map_or_else(|| join_index("vnet.subnets", i), |j| join_key(&join_index("compute", j), "scoring"));
            let related = vec![self.related(format!("subnet `{name}`"), &join_index("vnet.subnets", i))];
            self.error_with(
                codes::NSG_TOO_MANY_RULES,
                &path,
                format!("the NSG of subnet `{name}` would need {limit}"),
                format!("place at most {fits} AKS computes with public scoring endpoints in one subnet"),
                related,
            );
        }
    }
}

/// Whether `text` is an IPv6 address or prefix.
fn is_ipv6(text: &str) -> bool {
    text.split_once('/').map_or(text, |(addr, _)| addr).parse::<std::net::Ipv6Addr>().is_ok()
}

/// Whether `size` has the shape of an Azure VM size (`azure::names::VM_SIZE_*`).
fn vm_size_ok(size: &str) -> bool {
    let prefix = names::VM_SIZE_PREFIX;
    let Some(rest) = size.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &size[prefix.len()..])
    else {
        return false;
    };
    (1..=names::VM_SIZE_MAX - prefix.len()).contains(&rest.len())
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
}

fn catalogue(rules: NetworkRules) -> Catalogue {
    match rules {
        NetworkRules::Current => Catalogue::Current,
        NetworkRules::Seed2019 => Catalogue::Seed2019,
    }
}

/// A private /16 that overlaps none of `taken` nor the ranges AKS reserves, to suggest as a service CIDR.
fn free_service_cidr(taken: &[Ipv4Net]) -> Option<Ipv4Net> {
    let reserved: Vec<Ipv4Net> =
        limits::AKS_RESERVED_RANGES.iter().filter_map(|r| Ipv4Net::parse_prefix(r).ok()).collect();
    ["10.0.0.0/16", "10.240.0.0/16", "172.20.0.0/16", "192.168.0.0/16"]
        .iter()
        .filter_map(|c| Ipv4Net::parse_prefix(c).ok())
        .find(|c| !taken.iter().chain(&reserved).any(|t| t.overlaps(*c)))
}

/// The `(namespace, type)` an attached compute's `resource_id` must name.
fn catalog_provider(kind: ComputeKind) -> (&'static str, &'static str) {
    match kind {
        ComputeKind::VirtualMachine => catalog::ATTACHED_VM_TYPE,
        _ => catalog::ATTACHED_HDINSIGHT_TYPE,
    }
}

/// Minutes in an ISO 8601 duration of the form `PT[nH][nM][nS]` (seconds rounded down).
fn iso_minutes(text: &str) -> Option<u64> {
    let mut rest = text.strip_prefix("PT")?;
    if rest.is_empty() {
        return None;
    }
    let mut seconds: u64 = 0;
    for (unit, factor) in [('H', 3600), ('M', 60), ('S', 1)] {
        if let Some(at) = rest.find(unit) {
            let digits = &rest[..at];
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 6 {
                return None;
            }
            seconds += digits.parse::<u64>().ok()? * factor;
            rest = &rest[at + 1..];
        }
    }
    rest.is_empty().then_some(seconds / 60)
}

/// Every pair `(i, j)`, `i < j`, of overlapping prefixes among `nets`, in the order of a nested loop
/// over `i` then `j`. CIDR prefixes are nested or disjoint, so once they are sorted by first address
/// (the larger of two with the same first address first), each one overlaps exactly the prefixes still
/// open when it starts, a chain kept on a stack: O(n log n) plus the pairs found, not O(n²).
fn overlapping_pairs(nets: &[Option<Ipv4Net>]) -> Vec<(usize, usize)> {
    let mut order: Vec<(u64, u64, usize)> = nets
        .iter()
        .enumerate()
        .filter_map(|(i, net)| {
            let start = u64::from(u32::from((*net)?.network()));
            Some((start, start + (*net)?.size() - 1, i))
        })
        .collect();
    order.sort_unstable_by_key(|&(start, end, i)| (start, std::cmp::Reverse(end), i));
    let mut open: Vec<(u64, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (start, end, i) in order {
        while open.last().is_some_and(|&(open_end, _)| open_end < start) {
            open.pop();
        }
        pairs.extend(open.iter().map(|&(_, k)| (k.min(i), k.max(i))));
        open.push((end, i));
    }
    pairs.sort_unstable();
    pairs
}

fn suggest_spec_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect();
    while out.starts_with(|c: char| !c.is_ascii_lowercase()) {
        out.remove(0);
    }
    out.truncate(16);
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() < 2 { "contoso".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::source::{SourceFormat, parse};

    fn codes_of(text: &str) -> Vec<&'static str> {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        match validate_with_warnings(&doc) {
            Ok(_) => Vec::new(),
            Err(d) => d.errors().map(|d| d.code).collect(),
        }
    }

    const BASE: &str = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n";

    #[test]
    fn helpers() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("vm_sise", ["vm_size", "subnet"].into_iter()), Some("vm_size"));
        assert_eq!(closest("zzzz", ["vm_size"].into_iter()), None);
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(suggest_spec_name("Contoso_ML"), "contosoml");
        assert_eq!(iso_minutes("PT30M"), Some(30));
        assert_eq!(iso_minutes("PT1H30M"), Some(90));
        assert_eq!(iso_minutes("PT900S"), Some(15));
        assert_eq!(iso_minutes("PT"), None);
        assert_eq!(iso_minutes("P1D"), None);
        assert_eq!(iso_minutes("PT30"), None);
    }

    #[test]
    fn overlapping_pairs_match_the_nested_loop() {
        let nets: Vec<Option<Ipv4Net>> = [
            "10.0.0.0/16",
            "10.1.0.0/24",
            "10.0.1.0/24",
            "x",
            "10.0.0.0/8",
            "10.0.1.0/24",
            "192.168.0.0/24",
            "10.0.1.128/25",
        ]
        .iter()
        .map(|t| Ipv4Net::parse_prefix(t).ok())
        .collect();
        let mut expected = Vec::new();
        for i in 0..nets.len() {
            for j in i + 1..nets.len() {
                if let (Some(a), Some(b)) = (nets[i], nets[j])
                    && a.overlaps(b)
                {
                    expected.push((i, j));
                }
            }
        }
        assert_eq!(overlapping_pairs(&nets), expected);
    }

    #[test]
    fn too_many_routes() {
        let prefixes: Vec<String> = (0..401).map(|i| format!("20.{}.{}.0/24", i / 256, i % 256)).collect();
        let text = format!(
            "{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\nforced_tunneling:\n  internet_prefixes: [{}]\ncompute:\n  - {{name: cpu1, kind: aml_cluster, subnet: s, vm_size: Standard_D2_v3, max_nodes: 1}}\n",
            prefixes.join(", ")
        );
        assert_eq!(codes_of(&text), vec![codes::ROUTE_TOO_MANY]);
    }

    #[test]
    fn too_many_subnets() {
        let subnets = |n: usize| {
            let mut text = format!("{BASE}  subnets:\n");
            for i in 0..n {
                text.push_str(&format!("    - {{name: s{i}, prefix: 10.{}.{}.0/28}}\n", i / 16, (i % 16) * 16));
            }
            text.push_str(
                "compute:\n  - {name: cpu1, kind: aml_cluster, subnet: s0, vm_size: Standard_D2_v3, max_nodes: 1}\n",
            );
            text.replace("address_space: [10.0.0.0/16]", "address_space: [10.0.0.0/8]")
        };
        assert_eq!(codes_of(&subnets(limits::SUBNETS_PER_VNET)), Vec::<&str>::new());
        assert_eq!(codes_of(&subnets(limits::SUBNETS_PER_VNET + 1)), vec![codes::SUBNET_TOO_MANY]);
    }

    #[test]
    fn too_many_firewalled_subnets() {
        let mut text = format!("{BASE}  subnets:\n");
        for i in 0..201 {
            text.push_str(&format!("    - {{name: s{i}, prefix: 10.0.{i}.0/24}}\n"));
        }
        text.push_str("compute:\n");
        for i in 0..201 {
            text.push_str(&format!(
                "  - {{name: hdi{i}, kind: hdinsight, subnet: s{i}, resource_id: /subscriptions/x/resourceGroups/g/providers/Microsoft.HDInsight/clusters/h{i}}}\n"
            ));
        }
        assert_eq!(codes_of(&text), vec![codes::FIREWALL_RULES, codes::FIREWALL_RULES]);
        let text = text
            .replace("compute:\n", "workspace: {storage: {firewall: false}, key_vault: {firewall: false}}\ncompute:\n");
        assert_eq!(codes_of(&text), Vec::<&str>::new());
    }

    #[test]
    fn nsg_rules_fill_amlnet_numbering() {
        let spec = |n: usize| {
            let mut text = format!("{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/22}}]\ncompute:\n");
            for i in 0..n {
                text.push_str(&format!(
                    "  - {{name: aks{i}x, kind: aks, subnet: s, node_count: 1, vm_size: Standard_D2_v3, service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10, scoring: {{port: 443, allow_from: 203.0.113.0/24}}}}\n"
                ));
            }
            text
        };
        // 3 other inbound allow rules of the current catalogue and one scoring rule per endpoint.
        let fits = limits::NSG_ALLOW_RULES_PER_DIRECTION - 3;
        let doc = crate::spec::source::parse(&spec(fits), SourceFormat::Yaml, "t.yaml").unwrap();
        let valid = validate(&doc).expect("valid");
        let graph = crate::lower::lower(&valid);
        graph.check_invariants().unwrap();
        assert_eq!(codes_of(&spec(fits + 1)), vec![codes::NSG_TOO_MANY_RULES]);
    }

    /// Each diagnostic is located in logarithmic time: 40,000 unknown fields once took a minute (each
    /// located by counting the lines before it); a quadratic cost would take minutes here.
    #[test]
    fn many_unknown_fields_stay_linear() {
        let mut text = format!("{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\ncompute: []\n");
        for i in 0..20_000 {
            text.push_str(&format!("zz{i}: 1\n"));
        }
        let doc = parse(&text, SourceFormat::Yaml, "t.yaml").unwrap();
        let started = std::time::Instant::now();
        let diags = validate(&doc).unwrap_err();
        let elapsed = started.elapsed();
        assert_eq!(diags.items.len(), 20_000);
        assert_eq!(diags.items.last().unwrap().line, Some(text.lines().count()));
        assert!(elapsed.as_secs() < 30, "{elapsed:?}");
    }

    #[test]
    fn long_echoes_are_cut() {
        let long = "x".repeat(1000);
        let message = cut_echoes(format!("name `{long}` and `a\nb` are wrong"));
        assert_eq!(message, format!("name `{}…` and `a\\nb` are wrong", "x".repeat(ECHO_MAX)));
        assert_eq!(cut_echoes("y".repeat(5000)).chars().count(), TEXT_MAX + 1);
    }

    #[test]
    fn too_many_tags() {
        let tags: Vec<String> = (0..51).map(|i| format!("k{i}: v")).collect();
        let text = format!(
            "{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\ntags: {{{}}}\ncompute:\n  - {{name: cpu1, kind: aml_cluster, subnet: s, vm_size: Standard_D2_v3, max_nodes: 1}}\n",
            tags.join(", ")
        );
        assert_eq!(codes_of(&text), vec![codes::TAGS]);
    }
}
