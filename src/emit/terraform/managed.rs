//! The workspace managed virtual network in Terraform: azurerm's `managed_network` block has no
//! firewall SKU, so the workspace's `azapi_update_resource` ([`super::azapi::workspace_update`]) states
//! it (with the isolation mode the block states too); each outbound rule is the azurerm resource of its kind.

use super::{TfResource, reference, tf_type};
use crate::ir::{self, Graph, RuleDestination, RuleTarget};

/// Whether the workspace `res` has a managed network: its children wait for the workspace's
/// `azapi_update_resource`, which states the network's firewall SKU.
pub(super) fn updates(res: &ir::Resource) -> bool {
    matches!(&res.body, ir::Body::Workspace(ws) if ws.managed_network.is_some())
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
