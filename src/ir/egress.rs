//! The ways out of a subnet, read from the graph for the views (`explain`, `graph`): which resource
//! carries a subnet's Internet-bound traffic. Nothing here decides; `lower` did.
//!
//! Azure takes the first that applies, in this order (MicrosoftDocs/azure-docs
//! `articles/nat-gateway/troubleshoot-nat-connectivity.md`, 2023-04-24: "Virtual appliance UDR /
//! ExpressRoute >> NAT gateway >> instance level public IP addresses >> outbound rules on Load balancer
//! >> default outbound access").

use std::net::Ipv4Addr;

use super::{Body, Explain, Graph, NextHop, ResourceId};

/// One way out of a subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Way {
    /// The route table's 0.0.0.0/0 route to a virtual appliance.
    Appliance { route_table: ResourceId, ip: Ipv4Addr, explain: Explain },
    /// The subnet's NAT gateway.
    NatGateway(ResourceId),
    /// A compute cluster or instance with public IPs of its own.
    PublicIp(ResourceId),
    /// An AKS cluster's load balancer (its outbound type).
    LoadBalancer(ResourceId),
    /// Default outbound access, which Azure retires.
    DefaultOutboundAccess,
    /// The route table's 0.0.0.0/0 route to an Azure Firewall of the graph (its private address).
    Firewall { route_table: ResourceId, firewall: ResourceId, explain: Explain },
}

/// The ways out of `subnet`, the one Azure takes first first; empty when the subnet is private and
/// nothing in it has a way out.
pub fn ways_out(graph: &Graph, subnet: ResourceId) -> Vec<Way> {
    let Body::Subnet(body) = &graph.resource(subnet).body else { return Vec::new() };
    let mut ways = Vec::new();
    if let Some(rt) = body.route_table
        && let Body::RouteTable(table) = &graph.resource(rt).body
    {
        for route in &table.routes {
            match (route.address_prefix == "0.0.0.0/0", route.next_hop) {
                (true, NextHop::VirtualAppliance(ip)) => {
                    ways.push(Way::Appliance { route_table: rt, ip, explain: route.explain.clone() });
                }
                (true, NextHop::Firewall(firewall)) => {
                    ways.push(Way::Firewall { route_table: rt, firewall, explain: route.explain.clone() });
                }
                _ => {}
            }
        }
    }
    if let Some(nat) = body.nat_gateway {
        ways.push(Way::NatGateway(nat));
    }
    for (id, res) in graph.resources() {
        match &res.body {
            Body::AmlCluster(c) if c.subnet == Some(subnet) && c.public_ip => ways.push(Way::PublicIp(id)),
            Body::AmlInstance(c) if c.subnet == Some(subnet) && c.public_ip => ways.push(Way::PublicIp(id)),
            Body::ManagedCluster(m) if m.subnet == subnet => ways.push(Way::LoadBalancer(id)),
            Body::AzureFirewall(f) if f.subnet == subnet => ways.push(Way::PublicIp(id)),
            Body::BastionHost(b) if b.subnet == subnet => ways.push(Way::PublicIp(id)),
            _ => {}
        }
    }
    if body.default_outbound_access {
        ways.push(Way::DefaultOutboundAccess);
    }
    ways
}

impl Way {
    /// One line for a person: what carries the traffic.
    pub fn describe(&self, graph: &Graph) -> String {
        match self {
            Way::Appliance { route_table, ip, .. } => {
                format!(
                    "default route to the virtual appliance {ip} (route table {})",
                    graph.resource(*route_table).name
                )
            }
            Way::NatGateway(nat) => {
                let res = graph.resource(*nat);
                let ips: Vec<String> = match &res.body {
                    Body::NatGateway(n) => n.public_ips.iter().map(|ip| graph.resource(*ip).name.clone()).collect(),
                    _ => Vec::new(),
                };
                format!("NAT gateway {} (public IP {})", res.name, ips.join(", "))
            }
            Way::PublicIp(id) => match &graph.resource(*id).body {
                Body::AzureFirewall(_) => format!("Azure Firewall {}'s own public IP", graph.resource(*id).name),
                Body::BastionHost(_) => format!("Bastion {}'s own public IP", graph.resource(*id).name),
                _ => format!("compute {}'s own public IPs", graph.resource(*id).name),
            },
            Way::Firewall { route_table, firewall, .. } => format!(
                "default route to Azure Firewall {}'s private address (route table {})",
                graph.resource(*firewall).name,
                graph.resource(*route_table).name
            ),
            Way::LoadBalancer(aks) => format!("AKS {}'s load balancer", graph.resource(*aks).name),
            Way::DefaultOutboundAccess => "default outbound access (retiring)".to_owned(),
        }
    }

    /// A short stable key for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Way::Appliance { .. } => "appliance",
            Way::NatGateway(_) => "nat_gateway",
            Way::PublicIp(_) => "public_ip",
            Way::LoadBalancer(_) => "load_balancer",
            Way::DefaultOutboundAccess => "default_outbound_access",
            Way::Firewall { .. } => "firewall",
        }
    }
}
