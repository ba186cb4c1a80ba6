//! The ARM emitter: the graph as `azuredeploy.json` and `azuredeploy.parameters.json`.
//!
//! The template is built as a `serde_json::Value` (the crate is compiled with `preserve_order`, so
//! insertion order is output order) and pretty-printed with two-space indentation. Top-level sections
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

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value, json};

use super::Header;
use super::armbody::{self, AzValue, Ctx, RefAttr, camel};
use crate::azure::catalog::{self, ApiKind};
use crate::ir::{Body, Graph, ParamId, ResourceId};

/// The template's file name.
pub const TEMPLATE_FILE: &str = "azuredeploy.json";
/// The parameters file's file name.
pub const PARAMETERS_FILE: &str = "azuredeploy.parameters.json";

/// Renders the graph; returns (file name, contents) pairs.
pub fn emit(graph: &Graph, header: &Header) -> Vec<(String, String)> {
    vec![
        (TEMPLATE_FILE.to_owned(), pretty(&Template { graph, header })),
        (PARAMETERS_FILE.to_owned(), pretty(&parameters_file(graph))),
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

/// The `resources` array: every resource but the subnets, which are inline in their virtual network.
struct Resources<'g>(&'g Graph);

impl Serialize for Resources<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.0;
        let mut resources = serializer.serialize_seq(None)?;
        for (id, _) in graph.resources().filter(|(id, _)| armbody::subnet_vnet(graph, *id).is_none()) {
            resources.serialize_element(&Resource { graph, id })?;
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
struct Resource<'g> {
    graph: &'g Graph,
    id: ResourceId,
}

impl Serialize for Resource<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (graph, id) = (self.graph, self.id);
        let res = graph.resource(id);
        let info = catalog::info(res.kind);
        let body = armbody::body(graph, id);
        let mut entry = serializer.serialize_map(None)?;
        entry.serialize_entry("type", info.arm_type)?;
        entry.serialize_entry("apiVersion", info.api_version)?;
        entry.serialize_entry("name", &resource_name(graph, id))?;
        if let Body::RoleAssignment(ra) = &res.body {
            entry.serialize_entry("scope", &relative_scope(graph, ra.scope))?;
        }
        for (key, value) in &body {
            entry.serialize_entry(&arm_str(key), &Json { graph, value })?;
        }
        let depends: Vec<String> = armbody::inline_deps_with_body(graph, id, &body)
            .into_iter()
            .map(|dep| format!("[{}]", dep_id(graph, dep)))
            .collect();
        if !depends.is_empty() {
            entry.serialize_entry("dependsOn", &depends)?;
        }
        entry.end()
    }
}

/// Outputs: the workspace's id and name, and the ids of the virtual network, its subnets, the storage
/// account and the key vault.
fn outputs(graph: &Graph) -> Map<String, Value> {
    let mut out = Map::new();
    for (id, res) in graph.resources() {
        let wanted = matches!(
            res.kind,
            ApiKind::Workspace
                | ApiKind::VirtualNetwork
                | ApiKind::Subnet
                | ApiKind::StorageAccount
                | ApiKind::KeyVault
        );
        if !wanted {
            continue;
        }
        let symbol = camel(&res.symbol);
        out.insert(
            format!("{symbol}Id"),
            json!({ "type": "string", "value": format!("[{}]", resource_id(graph, id)) }),
        );
        if res.kind == ApiKind::Workspace {
            out.insert(format!("{symbol}Name"), json!({ "type": "string", "value": arm_str(&res.name) }));
        }
    }
    out
}

/// A body value as ARM JSON, serialized in place.
struct Json<'g> {
    graph: &'g Graph,
    value: &'g AzValue,
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let graph = self.graph;
        match self.value {
            AzValue::Null => serializer.serialize_unit(),
            AzValue::Bool(b) => serializer.serialize_bool(*b),
            AzValue::Int(n) => serializer.serialize_i64(*n),
            AzValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Json { graph, value })?;
                }
                seq.end()
            }
            AzValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(&arm_str(key), &Json { graph, value })?;
                }
                map.end()
            }
            AzValue::KeyedObject(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(&arm_string(graph, key), &Json { graph, value })?;
                }
                map.end()
            }
            AzValue::Str(text) if !is_expression_like(text) => serializer.serialize_str(text),
            scalar => serializer.serialize_str(&arm_string(graph, scalar)),
        }
    }
}

/// A body value that ARM writes as a string: a literal, a name, or an expression in brackets.
fn arm_string(graph: &Graph, value: &AzValue) -> String {
    match value {
        AzValue::Str(text) => arm_str(text),
        AzValue::Ref(id, RefAttr::Name) => arm_str(&graph.resource(*id).name),
        AzValue::Ref(..) | AzValue::Param(_) | AzValue::Ctx(_) | AzValue::RoleDefinitionId(_) => {
            format!("[{}]", expr(graph, value))
        }
        AzValue::Null | AzValue::Bool(_) | AzValue::Int(_) | AzValue::Array(_) | AzValue::Object(_) => {
            unreachable!("object key {value:?} is not a string; armbody only keys objects by ids")
        }
        AzValue::KeyedObject(_) => {
            unreachable!("object key {value:?} is not a string; armbody only keys objects by ids")
        }
    }
}

/// A reference, parameter or context value as an ARM expression, without the enclosing brackets.
fn expr(graph: &Graph, value: &AzValue) -> String {
    match value {
        AzValue::Ref(id, RefAttr::Id) => resource_id(graph, *id),
        AzValue::Ref(id, RefAttr::Name) => quote(&graph.resource(*id).name),
        AzValue::Ref(id, RefAttr::PrincipalId) => {
            let api = catalog::info(graph.resource(*id).kind).api_version;
            format!("reference({}, {}).principalId", resource_id(graph, *id), quote(api))
        }
        AzValue::Param(param) => format!("parameters({})", quote(&param_name(graph, *param))),
        AzValue::Ctx(Ctx::Location) => "parameters('location')".to_owned(),
        AzValue::Ctx(Ctx::TenantId) => "subscription().tenantId".to_owned(),
        AzValue::RoleDefinitionId(role) => {
            format!("subscriptionResourceId({}, {})", quote(&armbody::role_definition_type()), quote(role.guid()))
        }
        AzValue::Str(text) => quote(text),
        AzValue::Null
        | AzValue::Bool(_)
        | AzValue::Int(_)
        | AzValue::Array(_)
        | AzValue::Object(_)
        | AzValue::KeyedObject(_) => {
            unreachable!("{value:?} is not an expression; armbody puts only scalars and references in expressions")
        }
    }
}

/// `resourceId('type', 'name', ...)` for a resource, a subnet inside its virtual network, or a compute
/// inside its workspace.
fn resource_id(graph: &Graph, id: ResourceId) -> String {
    let res = graph.resource(id);
    let mut args = vec![quote(catalog::info(res.kind).arm_type)];
    args.extend(name_segments(graph, id).iter().map(|segment| quote(segment)));
    format!("resourceId({})", args.join(", "))
}

/// The id a `dependsOn` entry names: `resourceId` for ordinary resources, `extensionResourceId` for a
/// role assignment, which lives on its scope.
fn dep_id(graph: &Graph, id: ResourceId) -> String {
    let res = graph.resource(id);
    match &res.body {
        Body::RoleAssignment(ra) => format!(
            "extensionResourceId({}, {}, {})",
            resource_id(graph, ra.scope),
            quote(catalog::info(res.kind).arm_type),
            role_assignment_guid(graph, id)
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
    let parent = match &res.body {
        Body::Subnet(s) => Some(s.vnet),
        Body::AmlCluster(c) => Some(c.workspace),
        Body::AttachedCompute(c) => Some(c.workspace),
        Body::AksCompute(c) => Some(c.workspace),
        Body::VirtualNetwork(_)
        | Body::NetworkSecurityGroup(_)
        | Body::RouteTable(_)
        | Body::StorageAccount(_)
        | Body::KeyVault(_)
        | Body::LogAnalytics
        | Body::ApplicationInsights(_)
        | Body::ContainerRegistry
        | Body::Workspace(_)
        | Body::ManagedCluster(_)
        | Body::UserAssignedIdentity
        | Body::RoleAssignment(_) => None,
    };
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
    if is_expression_like(text) { format!("[{text}") } else { text.to_owned() }
}

/// Whether a literal string would read as an ARM expression.
fn is_expression_like(text: &str) -> bool {
    text.starts_with('[') && text.ends_with(']')
}

/// A string literal inside an ARM expression: single quotes, `'` doubled.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Pretty JSON, two-space indentation, trailing newline.
fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("string keys and JSON values always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(params, ["location", "adminUsername", "adminSshKey", "vmUsername", "vmPassword"]);
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
        assert_eq!(keys, ["type", "apiVersion", "name", "location", "properties", "dependsOn"]);
        assert_eq!(by_name(&template, "mlw-demo")["tags"]["owner"], "[[ml's team]");
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
