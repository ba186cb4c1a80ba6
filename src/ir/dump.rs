//! A stable text dump of the graph, the first section of every example's snapshot (the analogue of
//! Bicep's `main.ir.bicep`): one block per resource with its references and, for rules and routes, the
//! catalogue entry and spec path behind each.

use std::fmt::{self, Write as _};

use super::{Body, Graph, NextHop};

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "graph {} in {} with {:?} rules", self.name, self.region.name, self.catalogue)?;
        for (key, value) in &self.tags {
            writeln!(f, "  tag {key:?} = {value:?}")?;
        }
        for (_, param) in self.params() {
            writeln!(f, "param {}{}", param.name, if param.secure { " (secure)" } else { "" })?;
        }
        for (id, res) in self.resources() {
            let deps: Vec<String> = self.deps(id).iter().map(|d| self.resource(*d).symbol.clone()).collect();
            writeln!(f, "{id} {:?} {} ({}) from {}", res.kind, res.name, res.symbol, res.origin)?;
            if !deps.is_empty() {
                writeln!(f, "    deps: {}", deps.join(", "))?;
            }
            let mut body = String::new();
            dump_body(self, &res.body, &mut body)?;
            f.write_str(&body)?;
        }
        for dep in self.extra_deps() {
            writeln!(
                f,
                "extra dep {} -> {}: {}",
                self.resource(dep.from).symbol,
                self.resource(dep.to).symbol,
                dep.reason
            )?;
        }
        Ok(())
    }
}

fn dump_body(graph: &Graph, body: &Body, out: &mut String) -> fmt::Result {
    let name = |id| graph.resource(id).symbol.clone();
    match body {
        Body::VirtualNetwork(v) => {
            let space: Vec<String> = v.address_space.iter().map(ToString::to_string).collect();
            writeln!(out, "    address_space: {}", space.join(", "))?;
            if let Some(existing) = &v.existing {
                match &existing.resource_group {
                    Some(group) => writeln!(out, "    existing, in resource group {group}")?,
                    None => writeln!(out, "    existing, in the deployment's resource group")?,
                }
            }
        }
        Body::Subnet(s) => {
            writeln!(out, "    prefix: {}", s.prefix)?;
            if s.private_endpoint_policies_disabled {
                writeln!(out, "    private endpoint network policies disabled")?;
            }
            if !s.service_endpoints.is_empty() {
                writeln!(out, "    service_endpoints: {}", s.service_endpoints.join(", "))?;
            }
        }
        Body::NetworkSecurityGroup(nsg) => {
            for r in &nsg.rules {
                writeln!(
                    out,
                    "    {:?} {} {:?} {} {:?} {} -> {} ports {} [{} @ {}]",
                    r.direction,
                    r.priority,
                    r.access,
                    r.name,
                    r.protocol,
                    r.source,
                    r.destination,
                    r.destination_ports.join(","),
                    r.explain.entry,
                    r.explain.spec
                )?;
            }
        }
        Body::RouteTable(rt) => {
            for r in &rt.routes {
                let hop = match r.next_hop {
                    NextHop::Internet => "Internet".to_owned(),
                    NextHop::VirtualAppliance(ip) => format!("VirtualAppliance {ip}"),
                };
                writeln!(
                    out,
                    "    route {} {} -> {hop} [{} @ {}]",
                    r.name, r.address_prefix, r.explain.entry, r.explain.spec
                )?;
            }
        }
        Body::StorageAccount(s) => {
            if let Some(fw) = &s.firewall {
                let subnets: Vec<String> = fw.subnets.iter().map(|s| name(*s)).collect();
                writeln!(out, "    firewall: deny, bypass trusted services, allow [{}]", subnets.join(", "))?;
            }
            if !s.public_network_access {
                writeln!(out, "    public_network_access: false")?;
            }
        }
        Body::KeyVault(k) => {
            if let Some(fw) = &k.firewall {
                let subnets: Vec<String> = fw.subnets.iter().map(|s| name(*s)).collect();
                writeln!(out, "    firewall: deny, bypass trusted services, allow [{}]", subnets.join(", "))?;
            }
            if !k.public_network_access {
                writeln!(out, "    public_network_access: false")?;
            }
        }
        Body::ContainerRegistry(cr) => {
            if cr.private {
                writeln!(out, "    private: public access disabled, deny, bypass trusted services")?;
            }
        }
        Body::Workspace(w) => {
            writeln!(out, "    public_network_access: {}", w.public_network_access)?;
            if let Some(build) = &w.image_build_compute {
                writeln!(out, "    image_build_compute: {build}")?;
            }
        }
        Body::AmlInstance(c) => {
            writeln!(out, "    instance {} public_ip {} idle_shutdown {}", c.vm_size, c.public_ip, c.idle_shutdown)?
        }
        Body::PrivateEndpoint(p) => writeln!(out, "    {:?} of {} in {}", p.target, name(p.service), name(p.subnet))?,
        Body::PrivateDnsZoneGroup(g) => {
            let zones: Vec<String> = g.zones.iter().map(|z| name(*z)).collect();
            writeln!(out, "    zones [{}]", zones.join(", "))?;
        }
        Body::PrivateDnsZoneLink(l) => writeln!(out, "    {} to {}", name(l.zone), name(l.vnet))?,
        Body::AmlCluster(c) => writeln!(
            out,
            "    {} nodes {}..{} public_ip {} ssh {}",
            c.vm_size,
            c.min_nodes,
            c.max_nodes,
            c.public_ip,
            c.ssh.is_some()
        )?,
        Body::AttachedCompute(a) => writeln!(out, "    {:?} {}", a.attach, a.resource_id)?,
        Body::ManagedCluster(m) => {
            writeln!(
                out,
                "    {} x {} service_cidr {} dns {}",
                m.node_count, m.vm_size, m.service_cidr, m.dns_service_ip
            )?;
            if m.network_plugin != crate::ir::NetworkPlugin::AzureOverlay || m.private_cluster {
                writeln!(out, "    {:?} private_cluster {}", m.network_plugin, m.private_cluster)?;
            }
        }
        Body::AksCompute(a) => {
            if let Some(bridge) = a.docker_bridge_cidr {
                writeln!(out, "    docker_bridge_cidr {bridge} (attach configuration only)")?;
            }
            if a.internal_load_balancer {
                writeln!(out, "    scoring through an internal load balancer")?;
            }
        }
        Body::RoleAssignment(r) => {
            writeln!(out, "    {} on {} for {}", r.role.name(), name(r.scope), name(r.principal))?
        }
        Body::LogAnalytics | Body::ApplicationInsights(_) | Body::UserAssignedIdentity | Body::PrivateDnsZone => {}
    }
    Ok(())
}
