//! Derived resource names, in one place: `<type>-<spec name>[-<part>]` by default (the names amlnet has
//! always written), and with `naming.convention: caf` the Cloud Adoption Framework's components after
//! them: `<type>-<spec name>[-<part>][-<environment>]-<region>-<instance>`. Every name is cut to its
//! kind's length with a stable hash (`names::fit`), which leaves a default name, always short enough,
//! unchanged.

use crate::azure::catalog::ApiKind;
use crate::azure::naming::name_max;
use crate::ir::{Graph, ResourceId};
use crate::names::{abbr, fit};
use crate::spec::valid::ValidSpec;

/// The spoke network's name: the spec's `vnet.name`, or the derived one.
pub(crate) fn spoke_vnet(spec: &ValidSpec) -> String {
    spec.vnet.name.clone().unwrap_or_else(|| derived(spec, ApiKind::VirtualNetwork, None))
}

/// The derived name of a resource of `kind` whose type segment is the kind's abbreviation.
pub(super) fn derived(spec: &ValidSpec, kind: ApiKind, part: Option<&str>) -> String {
    derived_with(spec, kind, abbr(kind), part)
}

/// The derived name of a resource of `kind` with the type segment `head` (e.g. `pip-ng`).
pub(super) fn derived_with(spec: &ValidSpec, kind: ApiKind, head: &str, part: Option<&str>) -> String {
    let mut name = format!("{head}-{}", spec.name);
    if let Some(part) = part {
        name.push('-');
        name.push_str(part);
    }
    if let Some(caf) = spec.naming.as_ref().and_then(|n| n.caf.as_ref()) {
        if let Some(environment) = &caf.environment {
            name.push('-');
            name.push_str(environment);
        }
        name.push('-');
        name.push_str(spec.region.name);
        name.push('-');
        name.push_str(&caf.instance);
    }
    fit(name, name_max(kind))
}

/// The kinds `naming.names` may name: those whose name amlnet derives and no other spec field sets.
pub(crate) fn nameable(kind: ApiKind) -> bool {
    matches!(
        kind,
        ApiKind::NetworkSecurityGroup
            | ApiKind::RouteTable
            | ApiKind::NatGateway
            | ApiKind::PublicIpAddress
            | ApiKind::PrivateEndpoint
            | ApiKind::NetworkInterface
            | ApiKind::VirtualMachine
            | ApiKind::UserAssignedIdentity
            | ApiKind::ManagedCluster
            | ApiKind::LogAnalytics
            | ApiKind::AzureFirewall
            | ApiKind::FirewallPolicy
            | ApiKind::BastionHost
            | ApiKind::MonitorPrivateLinkScope
    )
}

/// Gives the resources `naming.names` lists their explicit names (`validate` checked every key and name).
pub(super) fn apply_explicit(graph: &mut Graph, spec: &ValidSpec) {
    let Some(naming) = &spec.naming else { return };
    if naming.names.is_empty() {
        return;
    }
    let ids: Vec<ResourceId> = graph.resources().map(|(id, _)| id).collect();
    for id in ids {
        let res = graph.resource_mut(id);
        if let Some((name, _)) = naming.names.get(&res.symbol)
            && nameable(res.kind)
        {
            res.name = name.clone();
        }
    }
}
