//! Name resolution for private endpoints: the zones the deployment's endpoints register in, and the
//! zones that exist already (`dns_zones: existing`), which zone groups name by id.

use crate::azure::aks::AksPrivateDnsZone;
use crate::azure::catalog::ApiKind;
use crate::azure::defaults;
use crate::azure::private_link::{self, Cloud, TargetInfo, Zone};
use crate::ir::{Body, DnsServers, ExistingZone, Graph, PrivateDnsZone, PrivateDnsZoneLink, Resource, ResourceId};
use crate::names::abbr;
use crate::spec::valid::{DnsZones, ValidAks, ValidPrivateEndpoints, ValidSpec};

/// The private DNS zones of `workspace.private_endpoints`, each linked to every network of
/// [`linked_networks`]; empty with `dns_zones: none` and `existing` (a landing zone links its own zones).
pub(super) fn zones(
    graph: &mut Graph,
    spec: &ValidSpec,
    pe: &ValidPrivateEndpoints,
    vnet: ResourceId,
    hub_dns: Option<ResourceId>,
) -> Vec<(Zone, ResourceId)> {
    if pe.dns_zones != DnsZones::Create {
        return Vec::new();
    }
    let cloud = Cloud::of(spec.region);
    let networks = linked_networks(vnet, hub_dns);
    needed_zones(spec, pe)
        .into_iter()
        .map(|zone| {
            let key = private_link::zone_key(zone);
            let id = graph.add(Resource {
                kind: ApiKind::PrivateDnsZone,
                name: private_link::zone_name(cloud, zone).to_owned(),
                local: key.to_owned(),
                symbol: format!("dns_{key}"),
                tagged: true,
                origin: pe.path.clone(),
                body: Body::PrivateDnsZone(PrivateDnsZone { existing: None }),
            });
            for (index, &network) in networks.iter().enumerate() {
                // The spec's own network keeps the plain identifiers; any other is named after its network.
                let local =
                    if index == 0 { key.to_owned() } else { format!("{key}_{}", graph.resource(network).local) };
                let network_name = graph.resource(network).name.clone();
                graph.add(Resource {
                    kind: ApiKind::PrivateDnsZoneLink,
                    name: format!("{}-{network_name}", abbr(ApiKind::PrivateDnsZoneLink)),
                    symbol: format!("dns_{local}_link"),
                    local,
                    tagged: true,
                    origin: pe.path.clone(),
                    body: Body::PrivateDnsZoneLink(PrivateDnsZoneLink {
                        zone: id,
                        vnet: network,
                        registration: defaults::DNS_LINK_REGISTRATION,
                    }),
                });
            }
            (zone, id)
        })
        .collect()
}

/// The spoke network's DNS servers: the private address of the hub firewall whose DNS proxy answers
/// (`proxy`), the spec's custom servers, or Azure's DNS. Validation admits the proxy or custom servers,
/// not both (`amlnet::dns::servers_with_proxy`).
pub(super) fn spoke_servers(spec: &ValidSpec, proxy: Option<ResourceId>) -> DnsServers {
    match proxy {
        Some(firewall) => {
            debug_assert!(spec.vnet.dns_servers.is_empty(), "validate refuses custom servers with the DNS proxy");
            DnsServers::FirewallProxy(firewall)
        }
        None => DnsServers::custom(spec.vnet.dns_servers.clone()),
    }
}

/// The scope of an AKS cluster identity's Network Contributor: its subnet, or, for a private cluster in
/// a virtual network with custom DNS servers or with a custom private DNS zone, that network: AKS links
/// the cluster's private DNS zone to the network the cluster is in, which needs Network Contributor on
/// it (azure-aks-docs articles/aks/private-clusters.md, "Hub and spoke with custom DNS for private AKS
/// clusters": "In spoke VNets that use custom DNS servers, this action can fail if the cluster's managed
/// identity lacks Network Contributor on the spoke VNet"; a custom zone needs "a user-assigned identity
/// or service principal with the Private DNS Zone Contributor and Network Contributor roles" and AKS
/// "still creates a virtual network link for the spoke VNet", checked 2026-11-30). An existing network
/// keeps the subnet scope: amlnet grants nothing on a network it does not manage (validation warns).
/// The network's DNS servers are read from the graph: the hub firewall's DNS proxy is a custom DNS
/// server as much as the spec's `vnet.dns_servers`.
pub(super) fn aks_network_scope(graph: &Graph, aks: &ValidAks, subnet: ResourceId) -> ResourceId {
    let custom_zone = matches!(aks.private_dns_zone, Some(AksPrivateDnsZone::Custom(_)));
    match &graph.resource(subnet).body {
        Body::Subnet(s)
            if aks.private_cluster
                && (custom_dns(graph, s.vnet) || custom_zone)
                && !existing_network(graph, s.vnet) =>
        {
            s.vnet
        }
        _ => subnet,
    }
}

/// Whether the machines of `vnet` ask DNS servers other than Azure's (custom servers, or a firewall's
/// DNS proxy).
pub(super) fn custom_dns(graph: &Graph, vnet: ResourceId) -> bool {
    matches!(&graph.resource(vnet).body, Body::VirtualNetwork(v) if v.dns_servers != DnsServers::Azure)
}

/// Whether `vnet` is a network that exists already, outside the deployment.
fn existing_network(graph: &Graph, vnet: ResourceId) -> bool {
    matches!(&graph.resource(vnet).body, Body::VirtualNetwork(v) if v.existing.is_some())
}

/// The networks the private DNS zones amlnet creates are linked to: every network of the spec whose
/// machines resolve the endpoints: the spoke `vnet`, and the hub network whose firewall answers the
/// spoke's DNS queries (`hub_dns`, see `hub::Hub::resolver_vnet`).
pub(super) fn linked_networks(vnet: ResourceId, hub_dns: Option<ResourceId>) -> Vec<ResourceId> {
    std::iter::once(vnet).chain(hub_dns).collect()
}

/// The zones the deployment's private endpoints register in, each once.
pub(super) fn needed_zones(spec: &ValidSpec, pe: &ValidPrivateEndpoints) -> Vec<Zone> {
    let targets = private_link::deployment_targets(
        &pe.storage_services,
        spec.workspace.container_registry.is_some(),
        spec.workspace.monitor_private_link,
    );
    private_link::zones_for(&targets)
}

/// The existing zones the endpoint of `target` registers in; empty unless `dns_zones: existing`.
pub(super) fn existing_zones(spec: &ValidSpec, target: &TargetInfo) -> Vec<ExistingZone> {
    let Some(pe) = &spec.workspace.private_endpoints else { return Vec::new() };
    let cloud = Cloud::of(spec.region);
    target
        .zones
        .iter()
        .filter_map(|zone| {
            pe.zone_ids
                .get(zone)
                .map(|id| ExistingZone { name: private_link::zone_name(cloud, *zone).to_owned(), id: id.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::azure::catalog::Role;
    use crate::ir::Body;
    use crate::spec::source::{SourceFormat, parse};

    fn network_role_scope(dns_servers: &str, private_cluster: bool) -> String {
        network_role_scope_with(dns_servers, private_cluster, "")
    }

    fn network_role_scope_with(dns_servers: &str, private_cluster: bool, zone: &str) -> String {
        let zone = if zone.is_empty() { String::new() } else { format!(", private_dns_zone: {zone}") };
        let text = format!(
            "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  dns_servers: {dns_servers}\n  \
             subnets:\n    - {{name: scoring, prefix: 10.0.8.0/21}}\ncompute:\n  - {{name: k8s, kind: aks, subnet: scoring, \
             node_count: 3, vm_size: Standard_D4s_v5, service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10, \
             private_cluster: {private_cluster}{zone}}}\n"
        );
        let doc = parse(&text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = super::super::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        graph.check_invariants().unwrap();
        graph
            .resources()
            .find_map(|(_, r)| match &r.body {
                Body::RoleAssignment(ra) if ra.role == Role::NetworkContributor => {
                    Some(format!("{:?}", graph.resource(ra.scope).kind))
                }
                _ => None,
            })
            .expect("the cluster identity's role")
    }

    #[test]
    fn a_private_cluster_behind_custom_dns_gets_network_contributor_on_the_network() {
        assert_eq!(network_role_scope("[10.100.0.4]", true), "VirtualNetwork");
        assert_eq!(network_role_scope("[10.100.0.4]", false), "Subnet");
        assert_eq!(network_role_scope("[]", true), "Subnet");
    }

    /// AKS links a custom zone to the cluster's network: its identity needs Network Contributor there.
    #[test]
    fn a_private_cluster_with_a_custom_zone_gets_network_contributor_on_the_network() {
        let id = "/subscriptions/0000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/\
                  privatelink.eastus.azmk8s.io";
        assert_eq!(network_role_scope_with("[]", true, id), "VirtualNetwork");
        assert_eq!(network_role_scope_with("[]", true, "system"), "Subnet");
    }
}
