//! The workspace managed virtual network in Terraform: azurerm's `managed_network` block has no
//! firewall SKU, so an `azapi_update_resource` of the workspace states it (with the isolation mode the
//! block states too); each outbound rule is the azurerm resource of its kind.

use super::{TfResource, reference, self_reference, tf_type};
use crate::azure::catalog;
use crate::emit::armbody::{self, AzValue};
use crate::ir::{self, Graph, RuleDestination, RuleTarget};

/// Whether `res` needs an `azapi_update_resource`: a workspace with a managed network.
pub(super) fn updates(res: &ir::Resource) -> bool {
    matches!(&res.body, ir::Body::Workspace(ws) if ws.managed_network.is_some())
}

/// The `azapi_update_resource` that states the managed network's firewall SKU on the workspace.
pub(super) fn firewall_sku(graph: &Graph, res: &ir::Resource, network: &ir::ManagedNetwork) -> TfResource {
    let info = catalog::info(res.kind);
    let update = TfResource::new(catalog::AZAPI_UPDATE_RESOURCE, res)
        .attr("type", format!("{}@{}", info.arm_type, info.api_version))
        .attr("resource_id", self_reference(tf_type(res), res, "id"));
    let settings = armbody::managed_network_settings(&network.isolation, &network.firewall_sku);
    let body = vec![("properties".to_owned(), AzValue::Object(vec![("managedNetwork".to_owned(), settings)]))];
    super::azapi::bodies(graph, update, body)
}

/// An outbound rule: `azurerm_machine_learning_workspace_network_outbound_rule_<kind>`.
pub(super) fn outbound_rule(graph: &Graph, res: &ir::Resource, rule: &ir::OutboundRule) -> TfResource {
    let ir::OutboundRule { workspace, destination, explain: _ } = rule;
    let block = TfResource::new(tf_type(res), res)
        .attr("name", res.name.as_str())
        .attr("workspace_id", reference(graph, *workspace, "id"));
    match destination {
        RuleDestination::Fqdn(fqdn) => block.attr("destination_fqdn", fqdn.as_str()),
        RuleDestination::ServiceTag { tag, protocol, port_ranges } => {
            block.attr("service_tag", *tag).attr("protocol", *protocol).attr("port_ranges", port_ranges.as_str())
        }
        RuleDestination::PrivateEndpoint { target, sub_resource, spark_enabled } => {
            let id = match target {
                RuleTarget::Resource(id) => reference(graph, *id, "id"),
                RuleTarget::Existing(id) => id.as_str().into(),
            };
            block
                .attr("service_resource_id", id)
                .attr("sub_resource_target", *sub_resource)
                .attr("spark_enabled", *spark_enabled)
        }
    }
}
