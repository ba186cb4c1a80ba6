//! The hub network: its virtual network and reserved subnets, the Azure Firewall with its policy and
//! rule collection group (the catalogue `azure::firewall`), the Bastion host with the NSG its subnet
//! needs, and the peerings between hub and spoke.
//!
//! A new hub comes first in the graph: the spoke's route table and DNS servers refer to the firewall.
//! The peerings come after both networks; an existing hub enters the graph with them.

use std::net::Ipv4Addr;

use super::naming;
use super::subnet::{self, SubnetName, SubnetPolicy};
use crate::azure::catalog::ApiKind;
use crate::azure::defaults;
use crate::azure::firewall;
use crate::azure::limits;
use crate::azure::network::PRIORITY_START;
use crate::azure::network::PRIORITY_STEP;
use crate::ir::{
    AzureFirewall, BastionHost, Body, DnsServers, ExistingScope, Explain, ExtraDep, FirewallApplicationRule,
    FirewallNetworkRule, FirewallPolicy, FirewallRuleCollectionGroup, FirewallRules, Graph, NetworkSecurityGroup,
    NextHop, Reason, Resource, ResourceId, RuleCollection, RuleList, SecurityRule, VirtualNetwork,
    VirtualNetworkPeering,
};
use crate::names::{abbr, fit};
use crate::spec::valid::{ValidHub, ValidHubFirewall, ValidSpec};

/// What the spoke refers to in the hub.
pub(super) struct Hub {
    /// The hub network, when amlnet creates it.
    vnet: Option<ResourceId>,
    /// The firewall amlnet creates.
    pub(super) firewall: Option<ResourceId>,
    /// An existing firewall's private address.
    firewall_ip: Option<Ipv4Addr>,
    /// Whether the spoke's DNS servers are the firewall's DNS proxy.
    pub(super) dns_proxy: bool,
}

impl Hub {
    /// The hub network whose firewall answers the spoke's DNS queries (DNS proxy): the private DNS
    /// zones must be linked to it too, or the firewall resolves private endpoints to public addresses.
    pub(super) fn resolver_vnet(&self) -> Option<ResourceId> {
        self.vnet.filter(|_| self.dns_proxy)
    }

    /// The next hop of a default route to the hub's firewall.
    pub(super) fn next_hop(&self) -> NextHop {
        match (self.firewall, self.firewall_ip) {
            (Some(fw), _) => NextHop::Firewall(fw),
            (None, Some(ip)) => NextHop::VirtualAppliance(ip),
            (None, None) => unreachable!("validate admits `next_hop: hub_firewall` only with a hub firewall"),
        }
    }
}

/// Why the firewall waits for its policy's rule collection group.
const RULES_FIRST: &str = "Azure Firewall and its policy's rule collection group both update the policy; \
    writing the rules first avoids the conflict of two concurrent updates.";

/// Adds a new hub's network, subnets, firewall and Bastion; `None` without a hub.
pub(super) fn network(graph: &mut Graph, spec: &ValidSpec) -> Option<Hub> {
    let hub = spec.hub.as_ref()?;
    let mut out = Hub { vnet: None, firewall: None, firewall_ip: None, dns_proxy: false };
    if let Some(ValidHubFirewall::Existing { private_ip }) = &hub.firewall {
        out.firewall_ip = Some(*private_ip);
    }
    if hub.existing.is_some() {
        return Some(out);
    }
    let vnet_name = crate::names::hub_vnet_name(&spec.name, hub.name.as_deref());
    let vnet = graph.add(Resource {
        kind: ApiKind::VirtualNetwork,
        name: vnet_name,
        local: "hub".to_owned(),
        symbol: "vnet_hub".to_owned(),
        tagged: true,
        origin: "hub".to_owned(),
        body: Body::VirtualNetwork(VirtualNetwork {
            address_space: hub.address_space.clone(),
            existing: None,
            subnets: Vec::new(),
            // Azure DNS: the firewall's DNS proxy forwards to it.
            dns_servers: DnsServers::Azure,
        }),
    });
    out.vnet = Some(vnet);
    let mut subnets = Vec::new();
    if let Some(ValidHubFirewall::New { tier, subnet, management_subnet, dns_proxy, groups, path, zones }) =
        &hub.firewall
    {
        let ip_zones = firewall::public_ip_zones(zones);
        let fw_subnet = add_subnet(graph, vnet, firewall::FIREWALL_SUBNET, *subnet, None, path);
        subnets.push(fw_subnet);
        let management = management_subnet.map(|prefix| {
            let s = add_subnet(graph, vnet, firewall::FIREWALL_MANAGEMENT_SUBNET, prefix, None, path);
            subnets.push(s);
            (s, public_ip(graph, spec, "fw_mgmt", "afw-mgmt", path, ip_zones))
        });
        let pip = public_ip(graph, spec, "fw", "afw", path, ip_zones);
        let policy = graph.add(Resource {
            kind: ApiKind::FirewallPolicy,
            name: naming::derived(spec, ApiKind::FirewallPolicy, None),
            local: "hub".to_owned(),
            symbol: "afwp_hub".to_owned(),
            tagged: true,
            origin: path.clone(),
            body: Body::FirewallPolicy(FirewallPolicy {
                tier: *tier,
                threat_intel_mode: firewall::THREAT_INTEL_MODE,
                dns_proxy: *dns_proxy,
                explain: Explain {
                    spec: path.clone(),
                    entry: "firewall/policy",
                    why: "the firewall's rules, threat intelligence and DNS proxy",
                    source: firewall::FIREWALL_DOC,
                },
            }),
        });
        let rules = graph.add(Resource {
            kind: ApiKind::FirewallRuleCollectionGroup,
            name: "aml".to_owned(),
            local: "hub".to_owned(),
            symbol: "rcg_hub".to_owned(),
            tagged: false,
            origin: path.clone(),
            body: Body::FirewallRuleCollectionGroup(FirewallRuleCollectionGroup {
                policy,
                priority: firewall::GROUP_PRIORITY,
                collections: collections(spec, groups, path),
            }),
        });
        let fw = graph.add(Resource {
            kind: ApiKind::AzureFirewall,
            name: naming::derived(spec, ApiKind::AzureFirewall, None),
            local: "hub".to_owned(),
            symbol: "afw_hub".to_owned(),
            tagged: true,
            origin: path.clone(),
            body: Body::AzureFirewall(AzureFirewall {
                subnet: fw_subnet,
                public_ip: pip,
                ip_configuration: "ipconfig".to_owned(),
                management,
                policy,
                sku_name: firewall::SKU_NAME_VNET,
                tier: *tier,
                zones: zones.clone(),
            }),
        });
        graph.add_extra_dep(ExtraDep { from: fw, to: rules, reason: RULES_FIRST });
        out.firewall = Some(fw);
        out.dns_proxy = *dns_proxy;
    }
    if let Some((prefix, path)) = &hub.bastion {
        let nsg = bastion_nsg(graph, spec, path);
        let subnet = add_subnet(graph, vnet, firewall::BASTION_SUBNET, *prefix, Some(nsg), path);
        subnets.push(subnet);
        let pip = public_ip(graph, spec, "bastion", "bas", path, &[]);
        graph.add(Resource {
            kind: ApiKind::BastionHost,
            name: naming::derived(spec, ApiKind::BastionHost, None),
            local: "hub".to_owned(),
            symbol: "bas_hub".to_owned(),
            tagged: true,
            origin: path.clone(),
            body: Body::BastionHost(BastionHost {
                subnet,
                public_ip: pip,
                ip_configuration: "ipconfig".to_owned(),
                sku: firewall::BASTION_SKU,
                explain: Explain {
                    spec: path.clone(),
                    entry: "bastion/host",
                    why: "a way in for a person: SSH to the jump VM in the spoke through the browser",
                    source: firewall::BASTION_NSG_DOC,
                },
            }),
        });
    }
    if let Body::VirtualNetwork(v) = &mut graph.resource_mut(vnet).body {
        v.subnets = subnets;
    }
    Some(out)
}

/// The peerings between the spoke and the hub, both directions, none with `peering: false`. An existing
/// hub enters the graph here, after the spoke, as an existing network: its side of the peering is written
/// at its scope (its resource group, possibly in another subscription).
pub(super) fn peerings(graph: &mut Graph, spec: &ValidSpec, hub: &Hub, spoke: ResourceId) {
    let Some(valid) = spec.hub.as_ref().filter(|h| h.peering) else { return };
    let hub_vnet = match (&valid.existing, hub.vnet) {
        (Some(existing), _) => graph.add(Resource {
            kind: ApiKind::VirtualNetwork,
            name: existing.name.clone(),
            local: "hub".to_owned(),
            symbol: "vnet_hub".to_owned(),
            tagged: false,
            origin: "hub.resource_id".to_owned(),
            body: Body::VirtualNetwork(VirtualNetwork {
                // Its addresses are its owner's: validation cannot see them (the warning
                // `amlnet::hub::appliance_unchecked` says so).
                address_space: Vec::new(),
                existing: Some(ExistingScope {
                    resource_group: Some(existing.resource_group.clone()),
                    subscription: Some(existing.subscription.clone()),
                }),
                subnets: Vec::new(),
                // amlnet states no DNS servers of an existing network.
                dns_servers: DnsServers::Azure,
            }),
        }),
        (None, Some(vnet)) => vnet,
        (None, None) => unreachable!("a new hub has its network"),
    };
    // Each side is named after the network it reaches: a hub shared by many spokes holds one peering per
    // spoke, and the names of two spokes' peerings must differ.
    let (to_hub, to_spoke) = (peering_name(&graph.resource(hub_vnet).name), peering_name(&graph.resource(spoke).name));
    // The hub's side first: with gateway transit, the spoke's side waits for it. With `spoke_only` the hub's
    // owner writes it.
    let hub_side = valid.hub_side.then(|| add_peering(graph, valid, hub_vnet, spoke, "hub_to_spoke", to_spoke, true));
    let spoke_side = add_peering(graph, valid, spoke, hub_vnet, "spoke_to_hub", to_hub, false);
    if let Some(hub_side) = hub_side.filter(|_| valid.gateway_transit) {
        graph.add_extra_dep(ExtraDep { from: spoke_side, to: hub_side, reason: GATEWAY_TRANSIT_FIRST });
    }
}

/// The name of the peering to the network `remote`: each side is named after the network it reaches.
pub(crate) fn peering_name(remote: &str) -> String {
    fit(format!("{}-to-{remote}", abbr(ApiKind::VirtualNetworkPeering)), limits::NETWORK_NAME_MAX)
}

/// The hub's side of the peering on an existing hub: the hub (`group/name`) and the peering's name. Spokes that
/// share a hub (two environments of a spec) must not write the same one.
pub(crate) fn existing_hub_side(spec: &ValidSpec) -> Option<(String, String)> {
    let hub = spec.hub.as_ref().filter(|h| h.hub_side)?;
    let existing = hub.existing.as_ref()?;
    Some((format!("{}/{}", existing.resource_group, existing.name), peering_name(&naming::spoke_vnet(spec))))
}

/// Why the spoke's side of the peering waits for the hub's with gateway transit.
const GATEWAY_TRANSIT_FIRST: &str = "the spoke's side uses the hub's gateways (useRemoteGateways), which Azure \
    refuses until the hub's side allows gateway transit.";

fn add_peering(
    graph: &mut Graph,
    hub: &ValidHub,
    vnet: ResourceId,
    remote: ResourceId,
    local: &str,
    name: String,
    from_hub: bool,
) -> ResourceId {
    graph.add(Resource {
        kind: ApiKind::VirtualNetworkPeering,
        name,
        local: local.to_owned(),
        symbol: format!("peer_{local}"),
        tagged: false,
        origin: "hub".to_owned(),
        body: Body::VirtualNetworkPeering(VirtualNetworkPeering {
            vnet,
            remote,
            allow_virtual_network_access: true,
            // The spoke's traffic to the Internet reaches the hub through its firewall's address: the hub
            // side admits forwarded traffic, and so does the spoke side for the replies.
            allow_forwarded_traffic: true,
            allow_gateway_transit: hub.gateway_transit && from_hub,
            use_remote_gateways: hub.gateway_transit && !from_hub,
        }),
    })
}

/// A reserved subnet of the hub (the firewall's, its management NIC's, Bastion's).
fn add_subnet(
    graph: &mut Graph,
    vnet: ResourceId,
    name: &str,
    prefix: crate::net::Ipv4Net,
    nsg: Option<ResourceId>,
    origin: &str,
) -> ResourceId {
    let local = format!("hub_{}", crate::names::ident(name));
    // Its NSG (Bastion's) and nothing else of amlnet's: no route table, service endpoint or NAT gateway.
    let policy = SubnetPolicy {
        nsg,
        route_table: None,
        service_endpoints: Vec::new(),
        private_endpoint_policies: defaults::SUBNET.private_endpoint_policies,
        default_outbound_access: defaults::SUBNET.default_outbound_access,
        nat_gateway: None,
    };
    subnet::add(graph, vnet, prefix, SubnetName { name, local, origin }, policy)
}

/// A Standard static public IP of the hub (the firewall's, its management NIC's, Bastion's), in `zones`.
fn public_ip(
    graph: &mut Graph,
    spec: &ValidSpec,
    local: &str,
    what: &str,
    origin: &str,
    zones: &'static [&'static str],
) -> ResourceId {
    let mut body = super::egress::standard_public_ip();
    if let Body::PublicIpAddress(ip) = &mut body {
        ip.zones = zones;
    }
    graph.add(Resource {
        kind: ApiKind::PublicIpAddress,
        name: naming::derived_with(
            spec,
            ApiKind::PublicIpAddress,
            &format!("{}-{what}", abbr(ApiKind::PublicIpAddress)),
            None,
        ),
        local: local.to_owned(),
        symbol: format!("pip_{local}"),
        tagged: true,
        origin: origin.to_owned(),
        body,
    })
}

/// The NSG of `AzureBastionSubnet`, with the rules Azure requires on it.
fn bastion_nsg(graph: &mut Graph, spec: &ValidSpec, path: &str) -> ResourceId {
    let mut priorities = [PRIORITY_START; 2];
    let rules: Vec<SecurityRule> = firewall::BASTION_RULES
        .iter()
        .map(|(name, direction, protocol, source, destination, ports, why)| {
            let slot = &mut priorities[*direction as usize];
            let priority = *slot;
            *slot += PRIORITY_STEP;
            SecurityRule {
                name: (*name).to_owned(),
                priority,
                direction: *direction,
                access: crate::azure::network::Access::Allow,
                protocol: *protocol,
                source: (*source).to_owned(),
                source_ports: crate::azure::network::ANY.to_owned(),
                destination: (*destination).to_owned(),
                destination_ports: ports.iter().map(|p| (*p).to_owned()).collect(),
                reason: Reason { entry: name, why, source: firewall::BASTION_NSG_DOC },
            }
        })
        .collect();
    let count = rules.len();
    let list = graph.add_rule_list(RuleList { rules });
    graph.add(Resource {
        kind: ApiKind::NetworkSecurityGroup,
        name: naming::derived(spec, ApiKind::NetworkSecurityGroup, Some("bastion")),
        local: "hub_bastion".to_owned(),
        symbol: "nsg_hub_bastion".to_owned(),
        tagged: true,
        origin: path.to_owned(),
        body: Body::NetworkSecurityGroup(NetworkSecurityGroup {
            rules: list,
            selected_by: vec![path.to_owned(); count],
        }),
    })
}

/// The rule collections: the required network rules, the required application rules, then one
/// application rule per opt-in group.
fn collections(spec: &ValidSpec, groups: &[(&'static str, String)], path: &str) -> Vec<RuleCollection> {
    let sources: Vec<String> = spec.vnet.address_space.iter().map(ToString::to_string).collect();
    let network = firewall::NETWORK_RULES
        .iter()
        .map(|row| FirewallNetworkRule {
            name: row.name.to_owned(),
            sources: sources.clone(),
            protocols: vec![row.protocol],
            destinations: vec![if row.regional {
                format!("{}.{}", row.tag, spec.region.tag_suffix)
            } else {
                row.tag.to_owned()
            }],
            ports: row.ports.iter().map(|p| (*p).to_owned()).collect(),
            explain: Explain { spec: path.to_owned(), entry: row.id, why: row.why, source: firewall::FIREWALL_DOC },
        })
        .collect();
    let app = |(entry, name): (&'static str, &str), why: &'static str, fqdns: &[&str], source, spec_path: &str| {
        FirewallApplicationRule {
            name: name.to_owned(),
            sources: sources.clone(),
            protocol: firewall::HTTPS,
            port: firewall::APPLICATION_PORT,
            fqdns: fqdns.iter().map(|f| (*f).to_owned()).collect(),
            explain: Explain { spec: spec_path.to_owned(), entry, why, source },
        }
    };
    let required = firewall::REQUIRED_FQDNS
        .iter()
        .map(|g| app((g.id, g.name), g.why, g.fqdns, g.source, path))
        .collect::<Vec<_>>();
    let mut priority = firewall::COLLECTION_PRIORITY_START;
    let mut next = || {
        let p = priority;
        priority += firewall::COLLECTION_PRIORITY_STEP;
        p
    };
    let action = firewall::ACTION_ALLOW;
    let mut out = vec![
        RuleCollection {
            name: "aml-network".to_owned(),
            priority: next(),
            action,
            rules: FirewallRules::Network(network),
        },
        RuleCollection {
            name: "aml-application".to_owned(),
            priority: next(),
            action,
            rules: FirewallRules::Application(required),
        },
    ];
    let opt_in: Vec<FirewallApplicationRule> = groups
        .iter()
        .filter_map(|(name, group_path)| {
            let (name, why, fqdns, source) = firewall::opt_in(name)?;
            Some(app((name, name), why, &fqdns, source, group_path))
        })
        .collect();
    if !opt_in.is_empty() {
        out.push(RuleCollection {
            name: "opt-in".to_owned(),
            priority: next(),
            action,
            rules: FirewallRules::Application(opt_in),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ir::{Body, DnsServers, ExistingScope, Graph, NextHop};
    use crate::spec::source::{SourceFormat, parse};

    fn lowered(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let spec = crate::spec::validate::validate(&doc).unwrap_or_else(|d| panic!("{}", d.render(false, 100)));
        let graph = crate::lower::lower(&spec);
        graph.check_invariants().unwrap();
        graph
    }

    const SPOKE: &str = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    - {name: train, prefix: 10.0.1.0/24}\n    - {name: pe, prefix: 10.0.2.0/24}\noutbound: {mode: firewall}\nforced_tunneling: {default_route: {next_hop: hub_firewall}}\nworkspace: {private_endpoints: {subnet: pe}}\ncompute:\n  - {name: cpu, kind: aml_cluster, subnet: train, vm_size: Standard_D2_v3, max_nodes: 1, public_ip: false}\n";

    /// (local vnet, remote, gateway transit, remote gateways) for every peering.
    fn peerings(graph: &Graph) -> Vec<(String, String, bool, bool)> {
        graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::VirtualNetworkPeering(p) => Some((
                    graph.resource(p.vnet).name.clone(),
                    graph.resource(p.remote).name.clone(),
                    p.allow_gateway_transit,
                    p.use_remote_gateways,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_new_hub_is_peered_both_ways_and_the_route_reads_the_firewall() {
        let hub =
            "hub:\n  address_space: [10.100.0.0/16]\n  firewall: {subnet_prefix: 10.100.0.0/26, dns_proxy: true}\n";
        let graph = lowered(&format!("{SPOKE}{hub}"));
        assert_eq!(
            peerings(&graph),
            [
                ("vnet-tt-hub".into(), "vnet-tt".into(), false, false),
                ("vnet-tt".into(), "vnet-tt-hub".into(), false, false)
            ]
        );
        let firewall = graph.resources().find(|(_, r)| matches!(r.body, Body::AzureFirewall(_))).unwrap().0;
        let routes: Vec<NextHop> = graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::RouteTable(t) => Some(t.routes.iter().map(|r| r.next_hop).collect::<Vec<_>>()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(routes, [NextHop::Firewall(firewall)]);
        // DNS proxy: the spoke asks the firewall, and every zone is linked to the hub too.
        let links: Vec<String> = graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::PrivateDnsZoneLink(l) => Some(graph.resource(l.vnet).name.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(links.iter().filter(|n| *n == "vnet-tt-hub").count(), links.len() / 2);
        assert!(graph.resources().any(
            |(_, r)| matches!(&r.body, Body::VirtualNetwork(v) if v.dns_servers == DnsServers::FirewallProxy(firewall))
        ));
    }

    #[test]
    fn an_existing_hub_is_peered_both_ways_at_its_scope_and_its_firewall_is_reached_by_address() {
        let id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub";
        let hub = format!(
            "hub:\n  resource_id: {id}\n  gateway_transit: true\n  firewall: {{existing: {{resource_id: {fw}, private_ip: 10.100.0.4}}}}\n",
            fw = id.replace("virtualNetworks/hub", "azureFirewalls/afw")
        );
        let graph = lowered(&format!("{SPOKE}{hub}"));
        assert_eq!(
            peerings(&graph),
            [("hub".into(), "vnet-tt".into(), true, false), ("vnet-tt".into(), "hub".into(), false, true)]
        );
        // The spoke's side uses the hub's gateways: it waits for the hub's side, which allows their transit.
        let id_of = |name: &str| graph.resources().find(|(_, r)| r.name == name).unwrap().0;
        let waits =
            graph.extra_deps().iter().any(|d| d.from == id_of("peer-to-hub") && d.to == id_of("peer-to-vnet-tt"));
        assert!(waits);
        let hub = graph.resources().find(|(_, r)| r.name == "hub").unwrap().1;
        let Body::VirtualNetwork(network) = &hub.body else { panic!("{hub:?}") };
        let scope = ExistingScope {
            resource_group: Some("rg".into()),
            subscription: Some("00000000-0000-0000-0000-000000000000".into()),
        };
        assert_eq!(network.existing, Some(scope));
        assert_eq!(network.existing.as_ref().unwrap().id(hub.kind, "hub").as_deref(), Some(id));
        assert!(!graph.resources().any(|(_, r)| matches!(r.body, Body::AzureFirewall(_) | Body::FirewallPolicy(_))));
        let appliance = graph.resources().any(|(_, r)| {
            matches!(&r.body, Body::RouteTable(t) if t.routes.iter().any(|r| r.next_hop == NextHop::VirtualAppliance([10, 100, 0, 4].into())))
        });
        assert!(appliance);
    }

    /// (the firewall's zones, the zones of each of its public IPs) for `zones` under `hub.firewall`.
    fn zones(location: &str, zones: &str) -> (Vec<&'static str>, Vec<Vec<&'static str>>) {
        let spec = SPOKE.replace("location: eastus", &format!("location: {location}"));
        let hub = format!(
            "hub:\n  address_space: [10.100.0.0/16]\n  firewall: {{subnet_prefix: 10.100.0.0/26, \
             management_subnet_prefix: 10.100.1.0/26{zones}}}\n"
        );
        let graph = lowered(&format!("{spec}{hub}"));
        let (_, fw) = graph.resources().find(|(_, r)| matches!(r.body, Body::AzureFirewall(_))).unwrap();
        let Body::AzureFirewall(fw) = &fw.body else { unreachable!() };
        let ips = [Some(fw.public_ip), fw.management.map(|(_, ip)| ip)]
            .into_iter()
            .flatten()
            .map(|ip| match &graph.resource(ip).body {
                Body::PublicIpAddress(p) => p.zones.to_vec(),
                _ => unreachable!(),
            })
            .collect();
        (fw.zones.clone(), ips)
    }

    #[test]
    fn a_firewall_takes_the_regions_zones_unless_told_and_its_ips_are_zone_redundant() {
        let all = vec!["1", "2", "3"];
        assert_eq!(zones("eastus", ""), (all.clone(), vec![all.clone(), all.clone()]));
        assert_eq!(zones("westus", ""), (vec![], vec![vec![], vec![]]));
        assert_eq!(zones("eastus", ", zones: [3, 1]"), (vec!["1", "3"], vec![all.clone(), all.clone()]));
        assert_eq!(zones("eastus", ", zones: [2]"), (vec!["2"], vec![all.clone(), all]));
        assert_eq!(zones("eastus", ", zones: []"), (vec![], vec![vec![], vec![]]));
    }

    #[test]
    fn without_peering_no_peering_is_created() {
        let spec = SPOKE.replace("{next_hop: hub_firewall}", "{next_hop: virtual_appliance, ip: 10.200.0.4}");
        let graph = lowered(&format!("{spec}hub:\n  address_space: [10.100.0.0/16]\n  peering: false\n"));
        assert!(peerings(&graph).is_empty());
    }
}
