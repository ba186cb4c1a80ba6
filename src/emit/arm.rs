//! The ARM emitter: the graph as `azuredeploy.json` and `azuredeploy.parameters.json`.
//!
//! The template is serialized straight from the graph ([`Template`], one resource at a time, each
//! body computed once) and pretty-printed with two-space indentation; small parts (parameters,
//! outputs, a nested deployment) are built as `serde_json::Value`s first (the crate is compiled with
//! `preserve_order`, so insertion order is output order). Top-level sections
//! follow Bicep's TemplateWriter order, empty sections omitted. Each resource is `type`, `apiVersion`,
//! `name`, [`scope`], the members from [`armbody::body`], then `dependsOn`, which is derived from the
//! graph's dependencies and the body's references ([`armbody::inline_deps`]), never listed by hand.
//!
//! Subnets are written inline in their virtual network, so no subnet resource appears at top level,
//! and anything that refers to a subnet depends on its virtual network.
//!
//! The parameters file gives `location` only. Credentials (the graph's parameters) have no value
//! amlnet could know, and secrets do not belong in a committed file: they are passed on the command
//! line (`--parameters @azuredeploy.parameters.json name=value`), or prompted for by the Azure CLI.
//!
//! This module deliberately does not decide any property shape (that is `armbody`), any resource type
//! or API version (that is `azure::catalog`), and never touches the filesystem.

use std::rc::Rc;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::armbody::{self, AzValue, Ctx, RefAttr, camel};
use super::{Header, PrintedOnce};
use crate::azure::aks;
use crate::azure::catalog;
use crate::azure::firewall;
use crate::ir::{Body, Graph, ParamId, ResourceId, RuleListId};

/// The name of the nested deployment that stands in for an existing virtual network: `-subnets` when it
/// re-declares the network's subnets, `-peering` when it writes only its side of a peering.
pub fn subnets_deployment_name(graph: &Graph, vnet: ResourceId) -> String {
    let name = &graph.resource(vnet).name;
    let full = if armbody::redeclares_subnets(graph, vnet) {
        format!("{name}-subnets")
    } else {
        // Named after the peerings it writes: the hub's group holds one such deployment per spoke.
        let peerings: Vec<&str> =
            armbody::absorbed(graph, vnet).into_iter().map(|id| graph.resource(id).name.as_str()).collect();
        format!("{name}-{}", peerings.join("-"))
    };
    crate::names::fit(full, crate::azure::limits::DEPLOYMENT_NAME_MAX)
}

/// The template's file name.
pub const TEMPLATE_FILE: &str = "azuredeploy.json";
/// The parameters file's file name.
pub const PARAMETERS_FILE: &str = "azuredeploy.parameters.json";

/// Renders the graph; returns (file name, contents) pairs.
pub fn emit(graph: &Graph, header: &Header) -> Vec<(String, String)> {
    vec![
        (TEMPLATE_FILE.to_owned(), pretty(&Template { graph, header }, super::capacity_hint(graph))),
        (PARAMETERS_FILE.to_owned(), pretty(&parameters_file(graph), 0)),
    ]
}

/// The deployment template. It is serialized straight from the graph, one resource at a time, with
/// exactly the members, order and values of the `serde_json::Value` it stands for, so a large
/// template is never held as a `Value` tree.
struct Template<'g> {
    graph: &'g Graph,
    header: &'g Header,
}

impl Serialize for Template<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.graph;
        let outputs = outputs(graph);
        let mut template = serializer.serialize_map(None)?;
        template.serialize_entry("$schema", catalog::ARM_SCHEMA)?;
        template.serialize_entry("contentVersion", "1.0.0.0")?;
        template.serialize_entry(
            "metadata",
            &json!({ "generator": "amlnet", "description": arm_str(&self.header.text()) }),
        )?;
        template.serialize_entry("parameters", &parameters(graph))?;
        template.serialize_entry("resources", &Resources(graph))?;
        if !outputs.is_empty() {
            template.serialize_entry("outputs", &outputs)?;
        }
        template.end()
    }
}

/// The template's parameters: the location, then the graph's parameters.
fn parameters(graph: &Graph) -> Map<String, Value> {
    let mut parameters = Map::new();
    parameters.insert(
        "location".to_owned(),
        json!({
            "type": "string",
            "defaultValue": arm_str(graph.region.name),
            "metadata": { "description": "The region of every resource." },
        }),
    );
    let tags: Map<String, Value> = graph.tags.iter().map(|(k, v)| (arm_str(k), Value::String(arm_str(v)))).collect();
    parameters.insert(
        "tags".to_owned(),
        json!({
            "type": "object",
            "defaultValue": tags,
            "metadata": { "description": "Tags of every resource that takes tags (the spec's tags by default)." },
        }),
    );
    for (id, param) in graph.params() {
        let name = param_name(graph, id);
        assert!(
            !parameters.contains_key(&name),
            "parameter {name} is declared twice; lower should have given {} a unique name",
            param.name
        );
        let ty = if param.secure { "securestring" } else { "string" };
        parameters.insert(name, json!({ "type": ty, "metadata": { "description": arm_str(&param.description) } }));
    }
    parameters
}

/// The `resources` array: every resource ARM writes on its own (not the subnets, which are inline in
/// their virtual network, nor what a nested deployment stands in for), each serialized as it comes.
struct Resources<'g>(&'g Graph);

impl Serialize for Resources<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.0;
        let rules = RulesCache::default();
        let mut resources = serializer.serialize_seq(None)?;
        for (id, _) in graph.resources().filter(|(id, _)| armbody::stand_in(graph, *id).is_none()) {
            if armbody::existing_vnet(graph, id) {
                // An existing resource the deployment writes nothing into (a hub whose owner writes its side
                // of the peering) is only referred to.
                if !armbody::absorbed(graph, id).is_empty() {
                    resources.serialize_element(&nested_deployment(graph, id))?;
                }
            } else {
                resources.serialize_element(&Resource { graph, id, rules: &rules })?;
            }
        }
        resources.end()
    }
}

/// The parameters file: the location, which is all amlnet can fill in.
fn parameters_file(graph: &Graph) -> Value {
    json!({
        "$schema": catalog::ARM_PARAMETERS_SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": { "location": { "value": arm_str(graph.region.name) } },
    })
}

/// One resource entry: `type`, `apiVersion`, `name`, `scope`, the body's members, `dependsOn`.
struct Resource<'g, 'c> {
    graph: &'g Graph,
    id: ResourceId,
    rules: &'c RulesCache,
}

/// The depth of a resource's members in the template: template, `resources`, the resource.
const MEMBER_DEPTH: usize = 3;

impl Serialize for Resource<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (graph, id) = (self.graph, self.id);
        let res = graph.resource(id);
        let info = catalog::info(res.kind);
        // Computed once: serialized, then searched for the references `dependsOn` needs.
        let body = armbody::body(graph, id);
        let mut entry = serializer.serialize_map(None)?;
        entry.serialize_entry("type", info.arm_type)?;
        entry.serialize_entry("apiVersion", info.api_version)?;
        entry.serialize_entry("name", &resource_name(graph, id))?;
        match &res.body {
            Body::RoleAssignment(ra) => entry.serialize_entry("scope", &relative_scope(graph, ra.scope))?,
            Body::ClusterExtension(ext) => entry.serialize_entry("scope", &relative_scope(graph, ext.cluster))?,
            Body::ManagementLock(lock) => entry.serialize_entry("scope", &relative_scope(graph, lock.scope))?,
            Body::DiagnosticSetting(d) => entry.serialize_entry("scope", &relative_scope(graph, d.target))?,
            _ => {}
        }
        for (key, value) in &body {
            entry.serialize_entry(&arm_str(key), &Json { graph, value, depth: MEMBER_DEPTH, rules: self.rules })?;
        }
        let deps = armbody::inline_deps_with_body(graph, id, &body);
        let depends: Vec<String> = deps.iter().map(|&dep| format!("[{}]", dep_id(graph, dep))).collect();
        if !depends.is_empty() {
            entry.serialize_entry("comments", &arm_str(&depends_comment(graph, id, &deps)))?;
            entry.serialize_entry("dependsOn", &depends)?;
        }
        entry.end()
    }
}

/// Why `id` depends on each of `deps`, for the resource's `comments` member (the member the template
/// schema gives every resource for notes, so the file stays plain JSON): the resources it refers to
/// in one sentence, then each extra dependency with its reason.
fn depends_comment(graph: &Graph, id: ResourceId, deps: &[ResourceId]) -> String {
    let mut referenced = Vec::new();
    let mut extra = Vec::new();
    for &dep in deps {
        let reason = graph
            .extra_deps()
            .iter()
            .find(|e| e.from == id && (e.to == dep || armbody::stand_in(graph, e.to) == Some(dep)));
        let name = &graph.resource(dep).name;
        match reason {
            Some(e) => extra.push(format!("dependsOn {name}: {}.", e.reason.trim_end_matches('.'))),
            None => referenced.push(name.as_str()),
        }
    }
    let mut out = Vec::new();
    if !referenced.is_empty() {
        let whose = if matches!(graph.resource(id).body, Body::VirtualNetwork(_)) {
            if armbody::existing_vnet(graph, id) && !armbody::redeclares_subnets(graph, id) {
                "the resources written inside it refer to"
            } else {
                "its subnets, written inside it, refer to"
            }
        } else {
            "it refers to"
        };
        out.push(format!(
            "dependsOn names what {whose}, since ARM orders only what dependsOn names: {}.",
            referenced.join(", ")
        ));
    }
    out.extend(extra);
    out.join(" ")
}

/// The outputs every format has ([`super::outputs`]), named in camelCase.
fn outputs(graph: &Graph) -> Map<String, Value> {
    super::outputs(graph)
        .into_iter()
        .map(|output| {
            let value = match output.attr {
                RefAttr::Name => arm_str(&graph.resource(output.resource).name),
                RefAttr::Id => format!("[{}]", resource_id(graph, output.resource)),
                attr => format!("[{}]", expr(graph, &AzValue::Ref(output.resource, attr))),
            };
            (super::output_camel(&output.name), json!({ "type": "string", "value": value }))
        })
        .collect()
}

/// A body value of the main template as ARM JSON, serialized in place (what [`render`] builds as a
/// `Value`, with references spelled as [`expr`] does).
struct Json<'g, 'v> {
    graph: &'g Graph,
    value: &'v AzValue,
    /// How deep the value sits in the template (its closing bracket's indentation, in levels).
    depth: usize,
    rules: &'v RulesCache,
}

/// Security rule arrays already printed.
type RulesCache = PrintedOnce<Rc<RawValue>>;

impl Serialize for Json<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.graph;
        let mut reference = |id, attr| expr(graph, &AzValue::Ref(id, attr));
        let inner = |value| Json { graph, value, depth: self.depth + 1, rules: self.rules };
        match self.value {
            AzValue::Null => serializer.serialize_unit(),
            AzValue::Bool(b) => serializer.serialize_bool(*b),
            AzValue::Int(n) => serializer.serialize_i64(*n),
            AzValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&inner(value))?;
                }
                seq.end()
            }
            AzValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(&arm_str(key), &inner(value))?;
                }
                map.end()
            }
            AzValue::KeyedObject(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(&arm_string(graph, key, &mut reference), &inner(value))?;
                }
                map.end()
            }
            AzValue::SecurityRules(list) => {
                let raw = self.rules.get_or_print(*list, self.depth, || printed_rules(graph, *list, self.depth));
                raw.serialize(serializer)
            }
            scalar => serializer.serialize_str(&arm_string(graph, scalar, &mut reference)),
        }
    }
}

/// The rule list `list` as a `securityRules` array, pretty-printed as it reads at `depth` in the template.
fn printed_rules(graph: &Graph, list: RuleListId, depth: usize) -> Rc<RawValue> {
    let rules = armbody::security_rules(graph, list);
    let cache = RulesCache::default();
    let text = serde_json::to_string_pretty(&Json { graph, value: &rules, depth: 0, rules: &cache })
        .expect("string keys and JSON values always serialise");
    // JSON strings hold no raw line break: every one is the pretty printer's.
    let text = text.replace('\n', &format!("\n{}", "  ".repeat(depth)));
    RawValue::from_string(text).expect("serde_json printed valid JSON").into()
}

/// A body value as ARM JSON, references spelled by `reference` (an expression without brackets).
fn render(graph: &Graph, value: &AzValue, reference: &mut dyn FnMut(ResourceId, RefAttr) -> String) -> Value {
    match value {
        AzValue::Null => Value::Null,
        AzValue::Bool(b) => Value::Bool(*b),
        AzValue::Int(n) => json!(n),
        AzValue::Array(items) => Value::Array(items.iter().map(|item| render(graph, item, reference)).collect()),
        AzValue::Object(members) => {
            Value::Object(members.iter().map(|(k, v)| (arm_str(k), render(graph, v, reference))).collect())
        }
        AzValue::KeyedObject(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| {
                    let key = arm_string(graph, k, reference);
                    (key, render(graph, v, reference))
                })
                .collect(),
        ),
        AzValue::SecurityRules(list) => render(graph, &armbody::security_rules(graph, *list), reference),
        scalar => Value::String(arm_string(graph, scalar, reference)),
    }
}

/// A body value ARM writes as a string (a literal, a name, or an expression in brackets), references
/// spelled by `reference`: the one spelling of scalars for [`Json`] and [`render`].
fn arm_string(graph: &Graph, value: &AzValue, reference: &mut dyn FnMut(ResourceId, RefAttr) -> String) -> String {
    match value {
        AzValue::Str(text) => arm_str(text),
        AzValue::Ref(id, RefAttr::Name) => arm_str(&graph.resource(*id).name),
        AzValue::Ref(id, attr) => format!("[{}]", reference(*id, *attr)),
        AzValue::Param(_) | AzValue::Ctx(_) | AzValue::RoleDefinitionId(_) => format!("[{}]", expr(graph, value)),
        AzValue::Null
        | AzValue::Bool(_)
        | AzValue::Int(_)
        | AzValue::Array(_)
        | AzValue::Object(_)
        | AzValue::KeyedObject(_)
        | AzValue::SecurityRules(_) => {
            unreachable!("{value:?} is not a string; armbody keys objects by strings and ids only")
        }
    }
}

/// The nested deployment that stands in for an existing virtual network: its subnets re-declared (in
/// order, one at a time: Azure rejects concurrent writes to one virtual network) and the role
/// assignments scoped to them, in the vnet's resource group. The inner template is evaluated in its
/// own scope; every value it needs from the main template arrives as a parameter.
fn nested_deployment(graph: &Graph, vnet: ResourceId) -> Value {
    let existing =
        graph.resource(vnet).body.existing().expect("nested deployments stand in for existing resources only");
    let mut outer_params: Vec<(String, String)> = Vec::new();
    let mut inner_ref = |id: ResourceId, attr: RefAttr| -> String {
        if armbody::stand_in(graph, id) == Some(vnet) && armbody::subnet_vnet(graph, id).is_some() {
            return inner_resource_id(graph, id);
        }
        let suffix = match attr {
            RefAttr::Id => "Id",
            RefAttr::Name => "Name",
            RefAttr::PrincipalId => "PrincipalId",
            RefAttr::KubeletObjectId => "KubeletObjectId",
            RefAttr::PrivateIp => "PrivateIp",
        };
        let name = format!("{}{suffix}", camel(&graph.resource(id).symbol));
        if !outer_params.iter().any(|(n, _)| *n == name) {
            outer_params.push((name.clone(), expr(graph, &AzValue::Ref(id, attr))));
        }
        format!("parameters({})", quote(&name))
    };
    let mut inner_resources = Vec::new();
    let mut previous_subnet: Option<ResourceId> = None;
    for id in armbody::absorbed(graph, vnet) {
        let res = graph.resource(id);
        let info = catalog::info(res.kind);
        let mut entry = Map::new();
        entry.insert("type".to_owned(), json!(info.arm_type));
        entry.insert("apiVersion".to_owned(), json!(info.api_version));
        let mut depends = Vec::new();
        let mut why = "";
        match &res.body {
            Body::RoleAssignment(ra) => {
                let principal = inner_ref(ra.principal, RefAttr::Id);
                let name =
                    format!("guid({}, {principal}, {})", inner_resource_id(graph, ra.scope), quote(ra.role.guid()));
                entry.insert("name".to_owned(), Value::String(format!("[{name}]")));
                entry.insert("scope".to_owned(), Value::String(relative_scope(graph, ra.scope)));
                // A re-declared subnet is written in this deployment; an existing zone is not.
                if armbody::subnet_vnet(graph, ra.scope).is_some() {
                    depends.push(Value::String(format!("[{}]", inner_resource_id(graph, ra.scope))));
                    why = "dependsOn names the subnet the role is assigned on, re-declared in this deployment.";
                }
            }
            _ => {
                entry.insert("name".to_owned(), Value::String(resource_name(graph, id)));
                if let Some(prev) = previous_subnet {
                    depends.push(Value::String(format!("[{}]", inner_resource_id(graph, prev))));
                    why = if armbody::subnet_vnet(graph, id).is_some() {
                        "dependsOn names the subnet before: Azure rejects concurrent writes to one virtual network."
                    } else {
                        "dependsOn names the last subnet: Azure rejects concurrent writes to one virtual network."
                    };
                }
                previous_subnet = Some(id);
            }
        }
        for (key, value) in armbody::body(graph, id) {
            entry.insert(arm_str(&key), render(graph, &value, &mut inner_ref));
        }
        if !depends.is_empty() {
            entry.insert("comments".to_owned(), Value::String(arm_str(why)));
            entry.insert("dependsOn".to_owned(), Value::Array(depends));
        }
        inner_resources.push(Value::Object(entry));
    }
    let mut inner_params = Map::new();
    let mut values = Map::new();
    for (name, outer) in &outer_params {
        inner_params.insert(name.clone(), json!({ "type": "string" }));
        values.insert(name.clone(), json!({ "value": format!("[{outer}]") }));
    }
    let mut entry = Map::new();
    entry.insert("type".to_owned(), json!(catalog::DEPLOYMENT_TYPE));
    entry.insert("apiVersion".to_owned(), json!(catalog::DEPLOYMENT_API_VERSION));
    entry.insert("name".to_owned(), Value::String(arm_str(&subnets_deployment_name(graph, vnet))));
    if let Some(subscription) = &existing.subscription {
        entry.insert("subscriptionId".to_owned(), Value::String(arm_str(subscription)));
    }
    if let Some(group) = &existing.resource_group {
        entry.insert("resourceGroup".to_owned(), Value::String(arm_str(group)));
    }
    let note = armbody::stand_in_note(graph, vnet);
    entry.insert(
        "properties".to_owned(),
        json!({
            "mode": "Incremental",
            "expressionEvaluationOptions": { "scope": "inner" },
            "parameters": Value::Object(values),
            "template": {
                "$schema": catalog::ARM_SCHEMA,
                "contentVersion": "1.0.0.0",
                "metadata": { "description": arm_str(note) },
                "parameters": Value::Object(inner_params),
                "resources": Value::Array(inner_resources),
            },
        }),
    );
    let deps = armbody::inline_deps(graph, vnet);
    let depends: Vec<Value> = deps.iter().map(|&dep| Value::String(format!("[{}]", dep_id(graph, dep)))).collect();
    if !depends.is_empty() {
        entry.insert("comments".to_owned(), Value::String(arm_str(&depends_comment(graph, vnet, &deps))));
        entry.insert("dependsOn".to_owned(), Value::Array(depends));
    }
    Value::Object(entry)
}

/// `resourceId(...)` of a re-declared subnet inside the nested deployment (its own resource group).
fn inner_resource_id(graph: &Graph, id: ResourceId) -> String {
    let mut args = vec![quote(catalog::info(graph.resource(id).kind).arm_type)];
    args.extend(name_segments(graph, id).iter().map(|segment| quote(segment)));
    format!("resourceId({})", args.join(", "))
}

/// A reference, parameter or context value as an ARM expression, without the enclosing brackets.
fn expr(graph: &Graph, value: &AzValue) -> String {
    match value {
        AzValue::Ref(id, RefAttr::Id) => resource_id(graph, *id),
        AzValue::Ref(id, RefAttr::Name) => quote(&graph.resource(*id).name),
        AzValue::Ref(id, RefAttr::PrincipalId) => {
            let res = graph.resource(*id);
            let api = catalog::info(res.kind).api_version;
            match res.body {
                Body::UserAssignedIdentity => {
                    format!("reference({}, {}).principalId", resource_id(graph, *id), quote(api))
                }
                // A system-assigned identity: the resource's `identity` block.
                _ => format!("reference({}, {}, 'Full').identity.principalId", resource_id(graph, *id), quote(api)),
            }
        }
        AzValue::Ref(id, RefAttr::KubeletObjectId) => {
            let api = catalog::info(graph.resource(*id).kind).api_version;
            format!("reference({}, {}).{}", resource_id(graph, *id), quote(api), aks::KUBELET_OBJECT_ID_ARM)
        }
        AzValue::Ref(id, RefAttr::PrivateIp) => {
            let api = catalog::info(graph.resource(*id).kind).api_version;
            format!("reference({}, {}).{}", resource_id(graph, *id), quote(api), firewall::PRIVATE_IP_ARM)
        }
        AzValue::Param(param) => format!("parameters({})", quote(&param_name(graph, *param))),
        AzValue::Ctx(Ctx::Location) => "parameters('location')".to_owned(),
        AzValue::Ctx(Ctx::TenantId) => "subscription().tenantId".to_owned(),
        AzValue::Ctx(Ctx::Tags) => "parameters('tags')".to_owned(),
        AzValue::RoleDefinitionId(role) => {
            format!("subscriptionResourceId({}, {})", quote(catalog::ROLE_DEFINITION_TYPE), quote(role.guid()))
        }
        AzValue::Str(text) => quote(text),
        AzValue::Null
        | AzValue::Bool(_)
        | AzValue::Int(_)
        | AzValue::Array(_)
        | AzValue::Object(_)
        | AzValue::KeyedObject(_)
        | AzValue::SecurityRules(_) => {
            unreachable!("{value:?} is not an expression; armbody puts only scalars and references in expressions")
        }
    }
}

/// `resourceId('type', 'name', ...)` for a resource, a subnet inside its virtual network, or a compute
/// inside its workspace; an existing virtual network and its subnets in another resource group get
/// that group (and, for a network named by id, its subscription before it) as the first arguments.
fn resource_id(graph: &Graph, id: ResourceId) -> String {
    let res = graph.resource(id);
    let vnet = armbody::subnet_vnet(graph, id).unwrap_or(id);
    let mut args = Vec::new();
    if let Some(existing) = graph.resource(vnet).body.existing() {
        args.extend(existing.subscription.iter().chain(&existing.resource_group).map(|part| quote(part)));
    }
    args.push(quote(catalog::info(res.kind).arm_type));
    args.extend(name_segments(graph, id).iter().map(|segment| quote(segment)));
    format!("resourceId({})", args.join(", "))
}

/// The id a `dependsOn` entry names: `resourceId` for ordinary resources, `extensionResourceId` for a
/// role assignment, which lives on its scope.
fn dep_id(graph: &Graph, id: ResourceId) -> String {
    let res = graph.resource(id);
    if armbody::existing_vnet(graph, id) {
        return format!(
            "resourceId({}, {})",
            quote(catalog::DEPLOYMENT_TYPE),
            quote(&subnets_deployment_name(graph, id))
        );
    }
    match &res.body {
        Body::RoleAssignment(ra) => format!(
            "extensionResourceId({}, {}, {})",
            resource_id(graph, ra.scope),
            quote(catalog::info(res.kind).arm_type),
            role_assignment_guid(graph, id)
        ),
        Body::ClusterExtension(ext) => format!(
            "extensionResourceId({}, {}, {})",
            resource_id(graph, ext.cluster),
            quote(catalog::info(res.kind).arm_type),
            quote(&res.name)
        ),
        Body::ManagementLock(lock) => format!(
            "extensionResourceId({}, {}, {})",
            resource_id(graph, lock.scope),
            quote(catalog::info(res.kind).arm_type),
            quote(&res.name)
        ),
        Body::DiagnosticSetting(d) => format!(
            "extensionResourceId({}, {}, {})",
            resource_id(graph, d.target),
            quote(catalog::info(res.kind).arm_type),
            quote(&res.name)
        ),
        _ => resource_id(graph, id),
    }
}

/// The resource's `name` member: its name; `[format('{0}/{1}', 'parent', 'child')]` for children, as
/// Bicep compiles `parent:` (type checkers then match each segment against its own name rule); a
/// `guid()` for role assignments.
fn resource_name(graph: &Graph, id: ResourceId) -> String {
    if let Body::RoleAssignment(_) = &graph.resource(id).body {
        return format!("[{}]", role_assignment_guid(graph, id));
    }
    match name_segments(graph, id).as_slice() {
        [name] => arm_str(name),
        segments => {
            let placeholders: Vec<String> = (0..segments.len()).map(|i| format!("{{{i}}}")).collect();
            let args: Vec<String> = segments.iter().map(|segment| quote(segment)).collect();
            format!("[format({}, {})]", quote(&placeholders.join("/")), args.join(", "))
        }
    }
}

/// A stable, unique role assignment name: `guid(scope id, identity id, role)`, all known before
/// deployment.
fn role_assignment_guid(graph: &Graph, id: ResourceId) -> String {
    let Body::RoleAssignment(ra) = &graph.resource(id).body else { unreachable!("{id} is not a role assignment") };
    format!("guid({}, {}, {})", resource_id(graph, ra.scope), resource_id(graph, ra.principal), quote(ra.role.guid()))
}

/// An extension resource's `scope`: the scope resource's relative name, type segments interleaved
/// with name segments (`Namespace/type/name/child/name`).
fn relative_scope(graph: &Graph, scope: ResourceId) -> String {
    let arm_type = catalog::info(graph.resource(scope).kind).arm_type;
    let mut parts = arm_type.split('/');
    let mut out = vec![parts.next().expect("an ARM type has a namespace").to_owned()];
    for (ty, name) in parts.zip(name_segments(graph, scope)) {
        out.push(ty.to_owned());
        out.push(name);
    }
    arm_str(&out.join("/"))
}

/// The resource's name segments: the parent's name first for subnets and computes.
fn name_segments(graph: &Graph, id: ResourceId) -> Vec<String> {
    let res = graph.resource(id);
    let parent = res.body.parent();
    let mut out = parent.map(|p| name_segments(graph, p)).unwrap_or_default();
    out.push(res.name.clone());
    out
}

/// A graph parameter's ARM name.
fn param_name(graph: &Graph, id: ParamId) -> String {
    camel(&graph.param(id).name)
}

/// A literal string as an ARM JSON string: one that would read as an expression (`[...]`) gets the
/// documented `[[` escape. Strings that start with `[` but do not end with `]` are literal already and
/// must stay as they are.
fn arm_str(text: &str) -> String {
    if text.starts_with('[') && text.ends_with(']') { format!("[{text}") } else { text.to_owned() }
}

/// A string literal inside an ARM expression: single quotes, `'` doubled.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Pretty JSON, two-space indentation, trailing newline.
/// `value` pretty-printed with two-space indentation and a final line break, in a buffer of
/// `capacity` bytes to start with.
fn pretty(value: &impl Serialize, capacity: usize) -> String {
    let mut bytes = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut bytes, value).expect("string keys and JSON values always serialise");
    bytes.push(b'\n');
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::catalog::ApiKind;
    use crate::emit::armbody::tests::sample_graph;

    fn header() -> Header {
        Header { spec_path: "../examples/demo.yaml".into() }
    }

    fn rendered() -> Value {
        let files = emit(&sample_graph(), &header());
        serde_json::from_str(&files[0].1).unwrap()
    }

    fn by_name<'a>(template: &'a Value, name: &str) -> &'a Value {
        template["resources"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()
    }

    #[test]
    fn sections_in_template_writer_order() {
        let template = rendered();
        let keys: Vec<_> = template.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["$schema", "contentVersion", "metadata", "parameters", "resources", "outputs"]);
        let params: Vec<_> = template["parameters"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(params, ["location", "tags", "adminUsername", "adminSshKey", "vmUsername", "vmPassword"]);
        assert_eq!(template["parameters"]["adminSshKey"]["type"], "securestring");
        assert!(template["parameters"]["adminSshKey"].get("defaultValue").is_none());
    }

    #[test]
    fn subnets_are_inline_and_their_references_depend_on_the_vnet() {
        let template = rendered();
        let types: Vec<_> = template["resources"].as_array().unwrap().iter().map(|r| r["type"].clone()).collect();
        assert!(!types.contains(&json!(catalog::info(ApiKind::Subnet).arm_type)));
        let storage = by_name(&template, "stdemo");
        assert_eq!(
            storage["properties"]["networkAcls"]["virtualNetworkRules"][0]["id"],
            format!("[resourceId('{}', 'vnet-demo', 'training')]", catalog::info(ApiKind::Subnet).arm_type)
        );
        assert_eq!(storage["dependsOn"].as_array().unwrap().len(), 1);
        let vnet = by_name(&template, "vnet-demo");
        assert_eq!(vnet["dependsOn"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn member_order_and_escapes() {
        let template = rendered();
        let cluster = by_name(&template, "[format('{0}/{1}', 'mlw-demo', 'cpu-cluster')]");
        let keys: Vec<_> = cluster.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["type", "apiVersion", "name", "location", "identity", "properties", "comments", "dependsOn"]);
        // Tags are a parameter, its default the spec's tags.
        assert_eq!(by_name(&template, "mlw-demo")["tags"], "[parameters('tags')]");
        assert_eq!(template["parameters"]["tags"]["defaultValue"]["owner"], "[[ml's team]");
        let role = template["resources"].as_array().unwrap().iter().find(|r| r.get("scope").is_some()).unwrap();
        let (namespace, types) = catalog::info(ApiKind::Subnet).arm_type.split_once('/').unwrap();
        let (vnets, subnets) = types.split_once('/').unwrap();
        assert_eq!(role["scope"], format!("{namespace}/{vnets}/vnet-demo/{subnets}/aks"));
        assert!(role["properties"]["principalId"].as_str().unwrap().starts_with("[reference(resourceId("));
    }

    #[test]
    fn deterministic_with_trailing_newline() {
        let a = emit(&sample_graph(), &header());
        assert_eq!(a, emit(&sample_graph(), &header()));
        assert!(a.iter().all(|(_, text)| text.ends_with("}\n") && !text.contains('\r')));
    }
}
