//! The network topology of a graph as a diagram: Mermaid (`flowchart LR`, renders in GitHub markdown)
//! and Graphviz DOT (`digraph` with clusters).
//!
//! Both renderings come from one syntax-neutral picture ([`Picture`]): the virtual network with its
//! address space; each subnet with its prefix, the way out Azure takes first, its NSG (every rule summarised on one line, e.g.
//! `in 100 allow Tcp BatchNodeManagement→* 29876-29877`) and the computes placed in it; route tables
//! with their routes (a route to a hub firewall drawn as an edge to it); NAT gateways with their public
//! IPs; every virtual network (a hub and its spoke, their peerings as dashed edges; the firewall and
//! Bastion in their subnets); and what each subnet reaches: the storage account and key vault through a service
//! endpoint and a firewall rule, the workspace through its computes, AKS clusters attached for
//! inference. Output is a pure function of the graph (graph order, no hashing, no timestamps).
//!
//! Deliberately absent: Log Analytics, Application Insights, identities and role assignments (no
//! network role), and any decision: the picture reads the IR and never re-derives policy. Attached
//! computes (VMs, HDInsight) are drawn inside the virtual network but outside any subnet, because the IR
//! does not record their subnet.

use std::fmt::Write as _;

use crate::azure::network;
use crate::ir::{Body, Graph, NextHop, ResourceId, SecurityRule};

/// The topology as a Mermaid flowchart.
pub fn mermaid(graph: &Graph) -> String {
    let picture = Picture::of(graph);
    let mut out = String::from("flowchart LR\n");
    for item in &picture.items {
        mermaid_item(&mut out, item, 1);
    }
    for edge in &picture.edges {
        let arrow = if edge.dashed { "-.->" } else { "-->" };
        let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", edge.from.id, mermaid_text(&edge.label), edge.to.id);
    }
    out
}

/// The topology as a Graphviz digraph.
pub fn dot(graph: &Graph) -> String {
    let picture = Picture::of(graph);
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", dot_id(&picture.name));
    out.push_str("  graph [rankdir=LR, compound=true, fontname=\"Helvetica\"];\n");
    out.push_str("  node [shape=box, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\"];\n");
    for item in &picture.items {
        dot_item(&mut out, item, 1);
    }
    for edge in &picture.edges {
        let mut attrs = vec![format!("label={}", dot_string(&edge.label))];
        if edge.dashed {
            attrs.push("style=dashed".to_owned());
        }
        if let Some(cluster) = &edge.from.cluster {
            attrs.push(format!("ltail={}", dot_id(&format!("cluster_{cluster}"))));
        }
        let _ = writeln!(out, "  {} -> {} [{}];", dot_id(&edge.from.anchor), dot_id(&edge.to.anchor), attrs.join(", "));
    }
    out.push_str("}\n");
    out
}

/// A syntax-neutral picture: nested clusters and nodes, then edges.
struct Picture {
    name: String,
    items: Vec<Item>,
    edges: Vec<Edge>,
}

enum Item {
    Node(Node),
    Cluster(Cluster),
}

struct Node {
    id: String,
    lines: Vec<String>,
    cylinder: bool,
}

struct Cluster {
    id: String,
    lines: Vec<String>,
    items: Vec<Item>,
}

/// One end of an edge: Mermaid links clusters directly; DOT links a node inside the cluster
/// (`anchor`) and clips the edge at the cluster's border (`ltail`).
#[derive(Clone)]
struct End {
    id: String,
    anchor: String,
    cluster: Option<String>,
}

struct Edge {
    from: End,
    to: End,
    label: String,
    dashed: bool,
}

/// The node that stands for a subnet's edges: its NSG, or a note that it has none.
fn subnet_anchor(graph: &Graph, symbol: &str, subnet: &crate::ir::Subnet) -> String {
    match subnet.nsg {
        Some(nsg) => graph.resource(nsg).symbol.clone(),
        None => format!("{symbol}_no_nsg"),
    }
}

impl Picture {
    fn of(graph: &Graph) -> Picture {
        let node_end = |id: ResourceId| {
            let symbol = graph.resource(id).symbol.clone();
            End { id: symbol.clone(), anchor: symbol, cluster: None }
        };
        let subnet_end = |id: ResourceId| {
            let res = graph.resource(id);
            let Body::Subnet(subnet) = &res.body else { unreachable!("{} is a subnet", res.symbol) };
            End {
                id: res.symbol.clone(),
                anchor: subnet_anchor(graph, &res.symbol, subnet),
                cluster: Some(res.symbol.clone()),
            }
        };
        let mut edges = Vec::new();
        let mut items = Vec::new();

        // The virtual network, its subnets and what is placed in them.
        for (_, res) in graph.resources() {
            let Body::VirtualNetwork(vnet) = &res.body else { continue };
            let space: Vec<String> = vnet.address_space.iter().map(ToString::to_string).collect();
            let mut vnet_items = Vec::new();
            for subnet_id in &vnet.subnets {
                let subnet_res = graph.resource(*subnet_id);
                let Body::Subnet(subnet) = &subnet_res.body else { continue };
                let nsg_lines = match subnet.nsg.map(|id| graph.resource(id)) {
                    Some(nsg) => {
                        let mut lines = vec![format!("NSG {}", nsg.name)];
                        if let Body::NetworkSecurityGroup(body) = &nsg.body {
                            lines.extend(graph.rule_list(body.rules).rules.iter().map(rule_summary));
                        }
                        lines
                    }
                    None => vec!["no NSG (Azure reserves the subnet)".to_owned()],
                };
                let anchor = subnet_anchor(graph, &subnet_res.symbol, subnet);
                let mut subnet_items = vec![Item::Node(Node { id: anchor, lines: nsg_lines, cylinder: false })];
                for (_, placed) in graph.resources() {
                    let lines = match &placed.body {
                        Body::AmlCluster(c) if c.subnet == Some(*subnet_id) => vec![
                            format!("compute cluster {}", placed.name),
                            format!("{} x {}..{}", c.vm_size, c.min_nodes, c.max_nodes),
                        ],
                        Body::AmlInstance(c) if c.subnet == Some(*subnet_id) => vec![
                            format!("compute instance {}", placed.name),
                            format!("{}{}", c.vm_size, if c.public_ip { "" } else { ", no public IP" }),
                        ],
                        Body::PrivateEndpoint(p) if p.subnet == *subnet_id => {
                            vec![format!("private endpoint {}", placed.name)]
                        }
                        Body::ManagedCluster(m) if m.subnet == *subnet_id => {
                            vec![format!("AKS {}", placed.name), format!("{} x {}", m.node_count, m.vm_size)]
                        }
                        Body::AzureFirewall(f) if f.subnet == *subnet_id => vec![
                            format!("Azure Firewall {} ({})", placed.name, f.tier.azure_name()),
                            format!("policy {}", graph.resource(f.policy).name),
                        ],
                        Body::BastionHost(b) if b.subnet == *subnet_id => {
                            vec![format!("Bastion {} ({})", placed.name, b.sku)]
                        }
                        _ => continue,
                    };
                    subnet_items.push(Item::Node(Node { id: placed.symbol.clone(), lines, cylinder: false }));
                }
                // The way out Azure takes first.
                let egress = match crate::ir::ways_out(graph, *subnet_id).first() {
                    Some(way) => format!("egress: {}", way.describe(graph)),
                    None => "egress: none (private subnet)".to_owned(),
                };
                vnet_items.push(Item::Cluster(Cluster {
                    id: subnet_res.symbol.clone(),
                    lines: vec![format!("subnet {}", subnet_res.name), subnet.prefix.to_string(), egress],
                    items: subnet_items,
                }));
            }
            for (_, attached) in graph.resources() {
                if let Body::AttachedCompute(a) = &attached.body {
                    let what = match a.attach {
                        crate::ir::AttachKind::VirtualMachine => "virtual machine",
                        crate::ir::AttachKind::HdInsight => "HDInsight cluster",
                    };
                    vnet_items.push(Item::Node(Node {
                        id: attached.symbol.clone(),
                        lines: vec![
                            format!("attached {what} {}", attached.name),
                            "existing, in the virtual network".to_owned(),
                        ],
                        cylinder: false,
                    }));
                }
            }
            // A network the spec names by id (an existing hub): one node, where its side of the peering goes.
            if let Some(group) =
                vnet.existing.as_ref().filter(|e| e.subscription.is_some()).and_then(|e| e.resource_group.as_ref())
                && vnet_items.is_empty()
            {
                let lines = vec![format!("existing virtual network {}", res.name), format!("resource group {group}")];
                items.push(Item::Node(Node { id: res.symbol.clone(), lines, cylinder: false }));
                continue;
            }
            let mut lines = vec![format!("virtual network {}", res.name), space.join(", ")];
            if let crate::ir::DnsServers::Custom(servers) = &vnet.dns_servers {
                lines.push(format!("DNS servers {servers}"));
            }
            items.push(Item::Cluster(Cluster { id: res.symbol.clone(), lines, items: vnet_items }));
        }

        managed_network(graph, &mut items, &mut edges);

        // Services outside the virtual network, and the edges to them.
        for (_, res) in graph.resources() {
            let (lines, cylinder) = match &res.body {
                Body::RouteTable(table) => {
                    let mut lines = vec![format!("route table {}", res.name)];
                    lines.extend(table.routes.iter().map(|r| format!("{}→{}", r.address_prefix, hop(r.next_hop))));
                    (lines, false)
                }
                Body::NatGateway(n) => {
                    let ips = n.public_ips.iter().map(|ip| format!("public IP {}", graph.resource(*ip).name));
                    (std::iter::once(format!("NAT gateway {}", res.name)).chain(ips).collect(), false)
                }
                Body::StorageAccount(s) => {
                    (service_lines("storage account", &res.name, s.network_acls.firewall.is_some()), true)
                }
                Body::KeyVault(k) => (service_lines("key vault", &res.name, k.network_acls.firewall.is_some()), true),
                Body::ContainerRegistry(_) => (vec![format!("container registry {}", res.name)], true),
                Body::PrivateDnsZone(zone) if zone.existing.is_some() => {
                    (vec![format!("existing private DNS zone {}", res.name)], false)
                }
                Body::PrivateDnsZone(_) => (vec![format!("private DNS zone {}", res.name)], false),
                Body::MonitorPrivateLinkScope(_) => {
                    (vec![format!("Azure Monitor private link scope {}", res.name)], false)
                }
                Body::Workspace(w) => {
                    let access =
                        if w.public_network_access { "public network access" } else { "no public network access" };
                    (vec![format!("workspace {}", res.name), access.to_owned()], false)
                }
                _ => continue,
            };
            items.push(Item::Node(Node { id: res.symbol.clone(), lines, cylinder }));
        }
        existing_zones(graph, &mut items, &mut edges);
        for (id, res) in graph.resources() {
            match &res.body {
                Body::Subnet(subnet) => {
                    if let Some(rt) = subnet.route_table {
                        edges.push(Edge {
                            from: subnet_end(id),
                            to: node_end(rt),
                            label: "route table".to_owned(),
                            dashed: true,
                        });
                    }
                    if let Some(nat) = subnet.nat_gateway {
                        edges.push(Edge {
                            from: subnet_end(id),
                            to: node_end(nat),
                            label: "egress".to_owned(),
                            dashed: false,
                        });
                    }
                    for (fw_id, firewall) in firewalls(graph) {
                        let endpoint = template(firewall.explain.entry)
                            .map(|t| t.service_endpoint)
                            .filter(|e| subnet.service_endpoints.contains(e));
                        let admitted = firewall.subnets.contains(&id);
                        let label = match (endpoint, admitted) {
                            (Some(e), true) => format!("service endpoint {e} + firewall rule"),
                            (Some(e), false) => format!("service endpoint {e}"),
                            (None, true) => "firewall rule".to_owned(),
                            (None, false) => continue,
                        };
                        edges.push(Edge { from: subnet_end(id), to: node_end(fw_id), label, dashed: false });
                    }
                }
                Body::AmlCluster(c) => edges.push(Edge {
                    from: node_end(id),
                    to: node_end(c.workspace),
                    label: "compute".to_owned(),
                    dashed: false,
                }),
                Body::AmlInstance(c) => edges.push(Edge {
                    from: node_end(id),
                    to: node_end(c.workspace),
                    label: "compute".to_owned(),
                    dashed: false,
                }),
                Body::PrivateEndpoint(p) => edges.push(Edge {
                    from: node_end(id),
                    to: node_end(p.service),
                    label: "private link".to_owned(),
                    dashed: false,
                }),
                Body::PrivateDnsZoneGroup(g) => {
                    for zone in &g.zones {
                        edges.push(Edge {
                            from: node_end(g.endpoint),
                            to: node_end(*zone),
                            label: "DNS record".to_owned(),
                            dashed: true,
                        });
                    }
                }
                Body::AttachedCompute(a) => edges.push(Edge {
                    from: node_end(id),
                    to: node_end(a.workspace),
                    label: "attached".to_owned(),
                    dashed: false,
                }),
                Body::AksCompute(a) => edges.push(Edge {
                    from: node_end(a.cluster),
                    to: node_end(a.workspace),
                    label: format!("attached for inference as {}", res.name),
                    dashed: false,
                }),
                Body::KubernetesCompute(k) => edges.push(Edge {
                    from: node_end(k.cluster),
                    to: node_end(k.workspace),
                    label: format!("attached as Kubernetes compute {}", res.name),
                    dashed: false,
                }),
                Body::RouteTable(table) => {
                    for route in &table.routes {
                        if let NextHop::Firewall(fw) = route.next_hop {
                            edges.push(Edge {
                                from: node_end(id),
                                to: node_end(fw),
                                label: format!("{} to its private address", route.address_prefix),
                                dashed: false,
                            });
                        }
                    }
                }
                Body::VirtualNetworkPeering(p) => {
                    let remote = p.remote;
                    if let (Some(from), Some(to)) = (vnet_end(graph, p.vnet), vnet_end(graph, remote)) {
                        edges.push(Edge { from, to, label: format!("peering {}", res.name), dashed: true });
                    }
                }
                Body::Workspace(w) => {
                    for dep in [Some(w.storage), Some(w.key_vault), w.container_registry].into_iter().flatten() {
                        edges.push(Edge {
                            from: node_end(id),
                            to: node_end(dep),
                            label: "uses".to_owned(),
                            dashed: true,
                        });
                    }
                }
                _ => {}
            }
        }
        Picture { name: graph.name.clone(), items, edges }
    }
}

/// A virtual network as an edge's end: its cluster, anchored (in DOT) at its first subnet's node (a
/// network without subnets is its own node);
/// `None` for a network without subnets.
fn vnet_end(graph: &Graph, vnet: ResourceId) -> Option<End> {
    let res = graph.resource(vnet);
    let Body::VirtualNetwork(network) = &res.body else { return None };
    let Some(first) = network.subnets.first() else {
        // A network drawn as one node (an existing hub).
        return Some(End { id: res.symbol.clone(), anchor: res.symbol.clone(), cluster: None });
    };
    let first = graph.resource(*first);
    let Body::Subnet(subnet) = &first.body else { return None };
    Some(End {
        id: res.symbol.clone(),
        anchor: subnet_anchor(graph, &first.symbol, subnet),
        cluster: Some(res.symbol.clone()),
    })
}

/// A workspace managed virtual network: the computes Azure places in it and its outbound rules, with
/// an edge from the rules to each resource of the deployment a private endpoint rule reaches.
fn managed_network(graph: &Graph, items: &mut Vec<Item>, edges: &mut Vec<Edge>) {
    for (ws_id, ws) in graph.resources() {
        let Body::Workspace(crate::ir::Workspace { managed_network: Some(network), .. }) = &ws.body else { continue };
        let id = format!("{}_managed_network", ws.symbol);
        let rules_id = format!("{id}_rules");
        let mut inner = Vec::new();
        let mut rule_lines = vec!["outbound rules (besides those Azure adds)".to_owned()];
        for (_, rule_res) in graph.resources() {
            match &rule_res.body {
                Body::AmlCluster(c) if c.subnet.is_none() && c.workspace == ws_id => {
                    inner.push(Item::Node(Node {
                        id: rule_res.symbol.clone(),
                        lines: vec![
                            format!("compute cluster {}", rule_res.name),
                            format!("{} x {}..{}", c.vm_size, c.min_nodes, c.max_nodes),
                        ],
                        cylinder: false,
                    }));
                }
                Body::AmlInstance(c) if c.subnet.is_none() && c.workspace == ws_id => {
                    inner.push(Item::Node(Node {
                        id: rule_res.symbol.clone(),
                        lines: vec![format!("compute instance {}", rule_res.name), c.vm_size.clone()],
                        cylinder: false,
                    }));
                }
                Body::OutboundRule(rule) if rule.workspace == ws_id => {
                    use crate::ir::{RuleDestination, RuleTarget};
                    let line = match &rule.destination {
                        RuleDestination::Fqdn(fqdn) => format!("{}: FQDN {fqdn}", rule_res.name),
                        RuleDestination::ServiceTag { tag, protocol, port_ranges } => {
                            format!("{}: {tag} {protocol} {port_ranges}", rule_res.name)
                        }
                        RuleDestination::PrivateEndpoint { target, sub_resource, .. } => {
                            if let RuleTarget::Resource(target) = target {
                                edges.push(Edge {
                                    from: End { id: rules_id.clone(), anchor: rules_id.clone(), cluster: None },
                                    to: End {
                                        id: graph.resource(*target).symbol.clone(),
                                        anchor: graph.resource(*target).symbol.clone(),
                                        cluster: None,
                                    },
                                    label: format!("private endpoint {} ({sub_resource})", rule_res.name),
                                    dashed: false,
                                });
                            }
                            let to = match target {
                                RuleTarget::Resource(t) => graph.resource(*t).name.clone(),
                                RuleTarget::Existing(existing) => {
                                    existing.rsplit('/').next().unwrap_or_default().to_owned()
                                }
                            };
                            format!("{}: private endpoint {sub_resource} of {to}", rule_res.name)
                        }
                    };
                    rule_lines.push(line);
                }
                _ => {}
            }
        }
        inner.push(Item::Node(Node { id: rules_id, lines: rule_lines, cylinder: false }));
        items.push(Item::Cluster(Cluster {
            id,
            lines: vec![
                format!("managed virtual network of {} (Azure manages it)", ws.name),
                format!("{}, firewall SKU {}", network.isolation.azure_name(), network.firewall_sku.azure_name()),
            ],
            items: inner,
        }));
    }
}

/// The storage accounts and key vaults that have a firewall.
fn firewalls(graph: &Graph) -> Vec<(ResourceId, &crate::ir::Firewall)> {
    graph
        .resources()
        .filter_map(|(id, res)| match &res.body {
            Body::StorageAccount(s) => s.network_acls.firewall.as_ref().map(|f| (id, f)),
            Body::KeyVault(k) => k.network_acls.firewall.as_ref().map(|f| (id, f)),
            _ => None,
        })
        .collect()
}

/// The firewall template with catalogue id `entry` (it names the service endpoint the firewall's
/// virtual network rules need).
fn template(entry: &str) -> Option<&'static network::FirewallTemplate> {
    [&network::STORAGE_FIREWALL, &network::KEY_VAULT_FIREWALL].into_iter().find(|t| t.id == entry)
}

fn service_lines(what: &str, name: &str, firewall: bool) -> Vec<String> {
    let firewall = if firewall { "firewall: deny, bypass trusted services" } else { "no firewall" };
    vec![format!("{what} {name}"), firewall.to_owned()]
}

/// One line per rule: `in 100 allow Tcp BatchNodeManagement→* 29876-29877`.
fn rule_summary(rule: &SecurityRule) -> String {
    let direction = match rule.direction {
        network::Direction::Inbound => "in",
        network::Direction::Outbound => "out",
    };
    let access = match rule.access {
        network::Access::Allow => "allow",
        network::Access::Deny => "deny",
    };
    format!(
        "{direction} {} {access} {:?} {}→{} {}",
        rule.priority,
        rule.protocol,
        rule.source,
        rule.destination,
        rule.destination_ports.join(",")
    )
}

fn hop(next_hop: NextHop) -> String {
    match next_hop {
        NextHop::Internet => next_hop.hop_type().azure_name().to_owned(),
        NextHop::VirtualAppliance(ip) => format!("appliance {ip}"),
        NextHop::Firewall(_) => "hub firewall".to_owned(),
    }
}

// Mermaid syntax.

fn mermaid_item(out: &mut String, item: &Item, depth: usize) {
    let indent = "  ".repeat(depth);
    match item {
        Item::Node(node) => {
            let (open, close) = if node.cylinder { ("[(", ")]") } else { ("[", "]") };
            let _ = writeln!(out, "{indent}{}{open}\"{}\"{close}", node.id, mermaid_lines(&node.lines));
        }
        Item::Cluster(cluster) => {
            let _ = writeln!(out, "{indent}subgraph {}[\"{}\"]", cluster.id, mermaid_lines(&cluster.lines));
            for item in &cluster.items {
                mermaid_item(out, item, depth + 1);
            }
            let _ = writeln!(out, "{indent}end");
        }
    }
}

fn mermaid_lines(lines: &[String]) -> String {
    lines.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br/>")
}

/// Text inside a quoted Mermaid label: Mermaid's entity codes for everything its parser or the HTML
/// label could take as syntax (`#` first, since the codes themselves start with it).
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

// DOT syntax.

fn dot_item(out: &mut String, item: &Item, depth: usize) {
    let indent = "  ".repeat(depth);
    match item {
        Item::Node(node) => {
            let shape = if node.cylinder { ", shape=cylinder" } else { "" };
            let _ = writeln!(out, "{indent}{} [label={}{shape}];", dot_id(&node.id), dot_label(&node.lines));
        }
        Item::Cluster(cluster) => {
            let _ = writeln!(out, "{indent}subgraph {} {{", dot_id(&format!("cluster_{}", cluster.id)));
            let _ = writeln!(out, "{indent}  label={};", dot_label(&cluster.lines));
            out.push_str(&format!("{indent}  labeljust=l;\n"));
            for item in &cluster.items {
                dot_item(out, item, depth + 1);
            }
            let _ = writeln!(out, "{indent}}}");
        }
    }
}

/// A quoted DOT ID.
fn dot_id(id: &str) -> String {
    format!("\"{}\"", dot_escape(id))
}

/// A quoted string used as a plain value (edge labels): one line, centred.
fn dot_string(text: &str) -> String {
    dot_id(text)
}

/// A multi-line, left-justified label: each line ends with `\l`.
fn dot_label(lines: &[String]) -> String {
    let body: String = lines.iter().map(|l| format!("{}\\l", dot_escape(l))).collect();
    format!("\"{body}\"")
}

/// Escapes text for a quoted DOT string: backslashes (which would start escapes such as `\n` or
/// `\N`) and quotes; line breaks become spaces.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The private DNS zones that exist outside the deployment (`dns_zones: existing`), each once, and the
/// DNS records the endpoints' zone groups register in them.
fn existing_zones(graph: &Graph, items: &mut Vec<Item>, edges: &mut Vec<Edge>) {
    let mut seen: Vec<&str> = Vec::new();
    for (_, res) in graph.resources() {
        let Body::PrivateDnsZoneGroup(group) = &res.body else { continue };
        for zone in &group.existing {
            let id: String = format!(
                "existing_zone_{}",
                zone.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>()
            );
            if !seen.contains(&zone.name.as_str()) {
                seen.push(&zone.name);
                items.push(Item::Node(Node {
                    id: id.clone(),
                    lines: vec![
                        format!("private DNS zone {}", zone.name),
                        "existing, not created or linked".to_owned(),
                    ],
                    cylinder: false,
                }));
            }
            let endpoint = graph.resource(group.endpoint).symbol.clone();
            edges.push(Edge {
                from: End { id: endpoint.clone(), anchor: endpoint, cluster: None },
                to: End { id: id.clone(), anchor: id, cluster: None },
                label: "DNS record".to_owned(),
                dashed: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_escapes_everything_its_parser_reads() {
        assert_eq!(mermaid_text(r#"a"b<c>d#quot;e&f`g|h"#), "a#quot;b#lt;c#gt;d#35;quot;e#amp;f#96;g#124;h");
        assert_eq!(mermaid_text("x\ny"), "x y");
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        assert_eq!(dot_id(r#"a"b\nc"#), r#""a\"b\\nc""#);
        assert_eq!(dot_label(&["x<y>".to_owned(), "z".to_owned()]), r#""x<y>\lz\l""#);
    }
}
