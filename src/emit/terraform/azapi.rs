//! The `azapi_resource` rendering of the resources azurerm has no type for (attached computes and
//! the AKS attach with its networking configuration): the resource's ARM body from
//! [`armbody`](crate::emit::armbody), spelled as an HCL object expression.
//!
//! It deliberately shapes no ARM properties itself (that is `armbody`'s job, shared with the ARM and
//! Bicep emitters) and writes every deployment input as a variable reference: secrets reach the body
//! as `var.<name>`, never as literals.

use hcl::expr::{Expression, ObjectKey};

use super::{TfResource, client_config, reference, var};
use crate::azure::catalog::{self, ApiKind};
use crate::emit::armbody::{self, AzValue, Ctx, RefAttr};
use crate::ir::{self, Graph, ResourceId};

/// The `azapi_resource` of an attached or AKS compute: `type`, `name`, `parent_id` (the workspace),
/// `location` and `tags` as azapi arguments, and the remaining ARM members as `body`.
pub(super) fn resource(graph: &Graph, id: ResourceId, res: &ir::Resource) -> TfResource {
    let workspace = match &res.body {
        ir::Body::AttachedCompute(attached) => attached.workspace,
        ir::Body::AksCompute(attach) => attach.workspace,
        ir::Body::AmlInstance(instance) => instance.workspace,
        _ => unreachable!("{} ({:?}) has an azurerm type and is not written through azapi", res.name, res.kind),
    };
    let info = catalog::info(res.kind);
    let mut block = TfResource::new(catalog::AZAPI_RESOURCE, res)
        .attr("type", format!("{}@{}", info.arm_type, info.api_version))
        .attr("name", res.name.as_str())
        .attr("parent_id", reference(graph, workspace, "id"));
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
    block.attr("body", value(graph, &AzValue::Object(body))).blocks(identity)
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
                RefAttr::PrincipalId => unreachable!(
                    "principal id of {} ({:?}) in an azapi body: role assignments are azurerm resources",
                    target.name, target.kind
                ),
            };
            reference(graph, *id, attr)
        }
        AzValue::Param(param) => var(&graph.param(*param).name),
        AzValue::Ctx(Ctx::Location) => var("location"),
        AzValue::Ctx(Ctx::TenantId) => client_config("tenant_id"),
        AzValue::RoleDefinitionId(role) => {
            unreachable!("role definition {} in an azapi body: role assignments are azurerm resources", role.name())
        }
    }
}
