//! The `azapi_resource` rendering of the resources azurerm has no type for (attached computes and
//! the AKS attach with its networking configuration) or writes to the state with their secrets (the
//! Azure Machine Learning extension's protected settings): the resource's ARM body from
//! [`armbody`](crate::emit::armbody), spelled as an HCL object expression.
//!
//! It deliberately shapes no ARM properties itself (that is `armbody`'s job, shared with the ARM and
//! Bicep emitters) and writes every deployment input as a variable reference: secrets reach the body
//! as `var.<name>`, never as literals. Every member that holds a secure parameter goes into
//! `sensitive_body` instead of `body`: a write-only argument, merge-patched into the request and never
//! stored in the Terraform state or plan (azapi ≥ 2.4, Terraform ≥ 1.11).

use hcl::expr::{Expression, ObjectKey};

use super::{TfResource, client_config, local_tags, reference, self_reference, tf_type, var};
use crate::azure::catalog::{self, ApiKind};
use crate::emit::armbody::{self, AzValue, Ctx, RefAttr};
use crate::ir::{self, Graph, ResourceId};

/// The `azapi_resource` of an attached or AKS compute or of the cluster's Azure Machine Learning
/// extension: `type`, `name`, `parent_id` (the workspace; for the extension, an extension resource, the
/// cluster it extends), `location` and `tags` as azapi arguments, and the remaining ARM members as
/// `body` (the extension's protected settings, secure parameters, as `sensitive_body`).
pub(super) fn resource(graph: &Graph, id: ResourceId, res: &ir::Resource) -> TfResource {
    let parent = match &res.body {
        ir::Body::AttachedCompute(attached) => attached.workspace,
        ir::Body::AksCompute(attach) => attach.workspace,
        ir::Body::KubernetesCompute(k8s) => k8s.workspace,
        ir::Body::AmlInstance(instance) => instance.workspace,
        ir::Body::ClusterExtension(ext) => ext.cluster,
        ir::Body::VirtualNetworkPeering(peering) => peering.vnet,
        _ => unreachable!("{} ({:?}) has an azurerm type and is not written through azapi", res.name, res.kind),
    };
    let info = catalog::info(res.kind);
    let mut block = TfResource::new(catalog::AZAPI_RESOURCE, res)
        .attr("type", format!("{}@{}", info.arm_type, info.api_version))
        .attr("name", res.name.as_str())
        .attr("parent_id", reference(graph, parent, "id"));
    let mut body = Vec::new();
    let mut identity = None;
    for (key, member) in armbody::body(graph, id) {
        match key.as_str() {
            "location" | "tags" => block = block.attr(&key, value(graph, &member)),
            // azapi takes the managed identity as its own `identity` block.
            "identity" => identity = Some(identity_block(graph, &member)),
            _ => body.push((key, member)),
        }
    }
    bodies(graph, block, body).blocks(identity)
}

/// `block` with `body` and, when some member holds a secure parameter, `sensitive_body`: the members
/// are split so that no secure parameter reaches `body` (which Terraform stores in its state), and
/// merge-patching `sensitive_body` into `body` gives back `members`.
pub(super) fn bodies(graph: &Graph, block: TfResource, members: Vec<(String, AzValue)>) -> TfResource {
    let (public, sensitive) = split_secure(graph, AzValue::Object(members));
    let block = block.attr("body", value(graph, &public.unwrap_or(AzValue::Object(Vec::new()))));
    match sensitive {
        Some(sensitive) => block.attr("sensitive_body", value(graph, &sensitive)),
        None => block,
    }
}

/// `value` split into what holds no secure parameter and what does: objects member by member (a
/// JSON merge patch merges objects recursively), anything else whole (a merge patch replaces arrays).
fn split_secure(graph: &Graph, value: AzValue) -> (Option<AzValue>, Option<AzValue>) {
    match value {
        AzValue::Object(members) if !members.is_empty() => {
            let (mut public, mut sensitive) = (Vec::new(), Vec::new());
            for (key, member) in members {
                let (p, s) = split_secure(graph, member);
                if let Some(p) = p {
                    public.push((key.clone(), p));
                }
                if let Some(s) = s {
                    sensitive.push((key, s));
                }
            }
            let some = |members: Vec<(String, AzValue)>| (!members.is_empty()).then_some(AzValue::Object(members));
            (some(public), some(sensitive))
        }
        other if holds_secure(graph, &other) => (None, Some(other)),
        other => (Some(other), None),
    }
}

/// Whether `value` holds a secure deployment parameter anywhere.
fn holds_secure(graph: &Graph, value: &AzValue) -> bool {
    match value {
        AzValue::Param(param) => graph.param(*param).secure,
        AzValue::Array(items) => items.iter().any(|item| holds_secure(graph, item)),
        AzValue::Object(members) => members.iter().any(|(_, v)| holds_secure(graph, v)),
        AzValue::KeyedObject(members) => members.iter().any(|(k, v)| holds_secure(graph, k) || holds_secure(graph, v)),
        _ => false,
    }
}

/// The `identity` block of an ARM `identity` member: its `type`, and the user-assigned identities'
/// ids as `identity_ids`.
fn identity_block(graph: &Graph, member: &AzValue) -> hcl::Block {
    let AzValue::Object(members) = member else { unreachable!("an ARM identity is an object: {member:?}") };
    let mut block = hcl::Block::builder("identity");
    for (key, v) in members {
        match (key.as_str(), v) {
            ("type", v) => block = block.add_attribute(("type", value(graph, v))),
            ("userAssignedIdentities", AzValue::KeyedObject(ids)) => {
                let ids = ids.iter().map(|(k, _)| value(graph, k)).collect();
                block = block.add_attribute(("identity_ids", Expression::Array(ids)));
            }
            (key, v) => unreachable!("identity member {key}: {v:?}"),
        }
    }
    block.build()
}

/// Whether the ARM body of `id` needs the deployment's tenant id.
pub(super) fn needs_tenant(graph: &Graph, id: ResourceId) -> bool {
    armbody::body(graph, id).iter().any(|(_, member)| mentions_tenant(member))
}

fn mentions_tenant(value: &AzValue) -> bool {
    match value {
        AzValue::Ctx(Ctx::TenantId) => true,
        AzValue::Array(items) => items.iter().any(mentions_tenant),
        AzValue::Object(members) => members.iter().any(|(_, v)| mentions_tenant(v)),
        AzValue::KeyedObject(members) => members.iter().any(|(k, v)| mentions_tenant(k) || mentions_tenant(v)),
        _ => false,
    }
}

/// An ARM value as an HCL expression: literals as literals (hcl-rs escapes quotes, backslashes and
/// the template markers `${` and `%{`), references as traversals, parameters as `var.<name>`.
pub(super) fn value(graph: &Graph, value: &AzValue) -> Expression {
    match value {
        AzValue::Null => Expression::Null,
        AzValue::Bool(b) => (*b).into(),
        AzValue::Int(n) => (*n).into(),
        AzValue::Str(s) => s.as_str().into(),
        AzValue::SecurityRules(list) => self::value(graph, &armbody::security_rules(graph, *list)),
        AzValue::Array(items) => Expression::Array(items.iter().map(|item| self::value(graph, item)).collect()),
        AzValue::Object(members) => Expression::Object(
            members.iter().map(|(k, v)| (ObjectKey::Expression(k.as_str().into()), self::value(graph, v))).collect(),
        ),
        // A computed key must be parenthesized, or HCL reads a bare name as a literal key.
        AzValue::KeyedObject(members) => Expression::Object(
            members
                .iter()
                .map(|(k, v)| {
                    let key = Expression::Parenthesis(Box::new(self::value(graph, k)));
                    (ObjectKey::Expression(key), self::value(graph, v))
                })
                .collect(),
        ),
        AzValue::Ref(id, attr) => {
            let target = graph.resource(*id);
            let attr = match attr {
                RefAttr::Id => "id",
                RefAttr::Name => "name",
                RefAttr::PrincipalId if target.kind == ApiKind::UserAssignedIdentity => "principal_id",
                RefAttr::PrincipalId | RefAttr::KubeletObjectId | RefAttr::PrivateIp => unreachable!(
                    "principal id of {} ({:?}) in an azapi body: role assignments are azurerm resources",
                    target.name, target.kind
                ),
            };
            reference(graph, *id, attr)
        }
        AzValue::Param(param) => var(&graph.param(*param).name),
        AzValue::Ctx(Ctx::Location) => var("location"),
        AzValue::Ctx(Ctx::TenantId) => client_config("tenant_id"),
        AzValue::Ctx(Ctx::Tags) => local_tags(),
        AzValue::RoleDefinitionId(role) => {
            unreachable!("role definition {} in an azapi body: role assignments are azurerm resources", role.name())
        }
    }
}

/// Whether `res` needs an `azapi_update_resource`: every workspace (see [`workspace_update`]).
pub(super) fn updates(res: &ir::Resource) -> bool {
    matches!(res.body, ir::Body::Workspace(_))
}

/// The `azapi_update_resource` of a workspace: what azurerm's `azurerm_machine_learning_workspace` has
/// no argument for, the system datastores' auth mode and, with a managed network, its firewall SKU
/// (with the isolation mode the `managed_network` block states too).
pub(super) fn workspace_update(graph: &Graph, res: &ir::Resource) -> TfResource {
    let ir::Body::Workspace(ws) = &res.body else { unreachable!("{} ({:?}) is not a workspace", res.name, res.kind) };
    let info = catalog::info(res.kind);
    let update = TfResource::new(catalog::AZAPI_UPDATE_RESOURCE, res)
        .attr("type", format!("{}@{}", info.arm_type, info.api_version))
        .attr("resource_id", self_reference(tf_type(res), res, "id"));
    let mut properties = Vec::new();
    if let Some(network) = &ws.managed_network {
        let settings = armbody::managed_network_settings(&network.isolation, &network.firewall_sku);
        properties.push(("managedNetwork".to_owned(), settings));
    }
    properties.push(armbody::datastores_auth_member(ws.system_datastores_auth));
    bodies(graph, update, vec![("properties".to_owned(), AzValue::Object(properties))])
}

#[cfg(test)]
mod tests {
    use hcl::expr::{Expression, TraversalOperator};

    use super::*;
    use crate::emit::Header;
    use crate::emit::armbody::tests::sample_graph;
    use crate::spec::source::{SourceFormat, parse};

    /// The name of every `var.<name>` in `expr`.
    fn variables(expr: &Expression, out: &mut Vec<String>) {
        match expr {
            Expression::Traversal(traversal) => {
                if let (Expression::Variable(root), Some(TraversalOperator::GetAttr(name))) =
                    (&traversal.expr, traversal.operators.first())
                    && root.as_str() == "var"
                {
                    out.push(name.to_string());
                }
            }
            Expression::Array(items) => items.iter().for_each(|item| variables(item, out)),
            Expression::Object(members) => members.iter().for_each(|(key, value)| {
                if let hcl::expr::ObjectKey::Expression(key) = key {
                    variables(key, out);
                }
                variables(value, out);
            }),
            Expression::Parenthesis(inner) => variables(inner, out),
            _ => {}
        }
    }

    /// The variables referenced by attribute `key` of every resource file.
    fn referenced(main: &str, key: &str) -> Vec<String> {
        let body = hcl::parse(main).unwrap();
        let mut out = Vec::new();
        for block in body.blocks().filter(|b| b.identifier() == "resource") {
            for attr in block.body().attributes().filter(|a| a.key() == key) {
                variables(attr.expr(), &mut out);
            }
        }
        out
    }

    fn graphs() -> Vec<(String, Graph)> {
        let mut out = vec![("sample".to_owned(), sample_graph())];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => SourceFormat::Yaml,
                Some("toml") => SourceFormat::Toml,
                Some("json") => SourceFormat::Json,
                _ => continue,
            };
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let doc = parse(&std::fs::read_to_string(&path).unwrap(), format, &name).unwrap();
            let spec = crate::spec::validate::validate(&doc).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            out.push((name, crate::lower::lower(&spec)));
        }
        out
    }

    /// No secure parameter's variable appears in any `body` (which Terraform stores in its state):
    /// each one an azapi resource uses is in its `sensitive_body`, and the parameters that are not
    /// secret stay in `body`.
    #[test]
    fn secure_parameters_reach_only_the_sensitive_body() {
        let mut sensitive_seen = 0;
        for (name, graph) in graphs() {
            let files = super::super::emit(&graph, &Header { spec_path: name.clone() });
            let main: String = files
                .iter()
                .filter(|(file, _)| super::super::area::Area::ALL.iter().any(|a| a.file() == file))
                .map(|(_, text)| text.as_str())
                .collect();
            let main = &main;
            let secure: Vec<String> = graph.params().filter(|(_, p)| p.secure).map(|(_, p)| p.name.clone()).collect();
            let in_body = referenced(main, "body");
            let in_sensitive = referenced(main, "sensitive_body");
            for var in &in_body {
                assert!(!secure.contains(var), "{name}: secure variable {var} in a body");
            }
            for var in &in_sensitive {
                assert!(secure.contains(var), "{name}: {var} is not secret but in a sensitive_body");
            }
            sensitive_seen += in_sensitive.len();
        }
        assert!(sensitive_seen > 0, "no example writes a sensitive_body");
    }

    /// Splitting keeps every member exactly once: merge-patching the sensitive part into the public
    /// one gives back the whole value.
    #[test]
    fn split_is_a_merge_patch() {
        let mut graph = sample_graph();
        let secret = graph.add_param(ir::Param { name: "s".into(), secure: true, description: String::new() });
        let plain = graph.add_param(ir::Param { name: "p".into(), secure: false, description: String::new() });
        let obj = |members: Vec<(&str, AzValue)>| {
            AzValue::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        };
        let whole = obj(vec![
            ("empty", obj(vec![])),
            ("properties", obj(vec![("user", AzValue::Param(plain)), ("password", AzValue::Param(secret))])),
            ("keys", AzValue::Array(vec![AzValue::Param(secret)])),
        ]);
        let (public, sensitive) = split_secure(&graph, whole);
        assert_eq!(
            format!("{public:?}"),
            format!(
                "{:?}",
                Some(obj(vec![("empty", obj(vec![])), ("properties", obj(vec![("user", AzValue::Param(plain))]))]))
            )
        );
        assert_eq!(
            format!("{sensitive:?}"),
            format!(
                "{:?}",
                Some(obj(vec![
                    ("properties", obj(vec![("password", AzValue::Param(secret))])),
                    ("keys", AzValue::Array(vec![AzValue::Param(secret)])),
                ]))
            )
        );
    }
}
