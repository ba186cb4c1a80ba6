//! The workspace managed virtual network: the settings on the workspace, and one outbound rule
//! resource per rule of the spec and of the catalogue groups it names, each with its explanation.

use crate::azure::catalog::ApiKind;
use crate::azure::managed_network::{DeploymentTarget, MVNET_DOC};
use crate::ir::{
    Body, Explain, Graph, ManagedNetwork, OutboundRule, Resource, ResourceId, RuleDestination, RuleTarget,
};
use crate::names::ident;
use crate::spec::valid::{self, ValidRuleKind, ValidSpec};

/// The managed network settings of the workspace, if the spec has one. The network is provisioned
/// with the workspace, so it (and its private endpoints) exist before the first compute; without it
/// the first compute waits for the network (MicrosoftDocs/azure-ai-docs `how-to-managed-network.md`,
/// "Manually provision a managed VNet").
pub(super) fn network(spec: &ValidSpec) -> Option<ManagedNetwork> {
    let mn = spec.workspace.managed_network.as_ref()?;
    Some(ManagedNetwork {
        isolation: mn.isolation,
        firewall_sku: mn.firewall_sku,
        provision_now: true,
        explain: Explain {
            spec: mn.path.clone(),
            entry: "managed_network",
            why: "compute runs in a network Azure manages; outbound traffic follows the isolation mode",
            source: MVNET_DOC,
        },
    })
}

/// One outbound rule resource per rule, in spec order (the spec's rules, then the groups').
pub(super) fn rules(
    graph: &mut Graph,
    spec: &ValidSpec,
    workspace: ResourceId,
    storage: ResourceId,
    key_vault: ResourceId,
) {
    let Some(mn) = &spec.workspace.managed_network else { return };
    for rule in &mn.rules {
        let destination = match &rule.kind {
            ValidRuleKind::Fqdn(fqdn) => RuleDestination::Fqdn(fqdn.clone()),
            ValidRuleKind::ServiceTag { tag, protocol, port_ranges } => {
                RuleDestination::ServiceTag { tag, protocol, port_ranges: port_ranges.clone() }
            }
            ValidRuleKind::PrivateEndpoint { target, sub_resource } => RuleDestination::PrivateEndpoint {
                target: match target {
                    valid::RuleTarget::Deployment(DeploymentTarget::Storage) => RuleTarget::Resource(storage),
                    valid::RuleTarget::Deployment(DeploymentTarget::KeyVault) => RuleTarget::Resource(key_vault),
                    valid::RuleTarget::Existing(id) => RuleTarget::Existing(id.clone()),
                },
                sub_resource,
                // Serverless Spark is not part of what amlnet deploys.
                spark_enabled: false,
            },
        };
        let explain = match rule.group {
            Some(group) => Explain { spec: rule.path.clone(), entry: group.name, why: group.why, source: group.source },
            None => Explain {
                spec: rule.path.clone(),
                entry: "outbound_rule",
                why: "an outbound rule the spec approves",
                source: MVNET_DOC,
            },
        };
        let local = ident(&rule.name);
        graph.add(Resource {
            kind: ApiKind::OutboundRule,
            name: rule.name.clone(),
            symbol: format!("outbound_rule_{local}"),
            local,
            tagged: false,
            origin: rule.path.clone(),
            body: Body::OutboundRule(OutboundRule { workspace, destination, explain }),
        });
    }
}
