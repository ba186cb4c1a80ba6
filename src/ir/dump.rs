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
        }
        Body::Subnet(s) => {
            writeln!(out, "    prefix: {}", s.prefix)?;
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
        }
        Body::KeyVault(k) => {
            if let Some(fw) = &k.firewall {
                let subnets: Vec<String> = fw.subnets.iter().map(|s| name(*s)).collect();
                writeln!(out, "    firewall: deny, bypass trusted services, allow [{}]", subnets.join(", "))?;
            }
        }
        Body::Workspace(w) => writeln!(out, "    public_network_access: {}", w.public_network_access)?,
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
        Body::ManagedCluster(m) => writeln!(
            out,
            "    {} x {} service_cidr {} dns {}",
            m.node_count, m.vm_size, m.service_cidr, m.dns_service_ip
        )?,
        Body::AksCompute(a) => {
            if let Some(bridge) = a.docker_bridge_cidr {
                writeln!(out, "    docker_bridge_cidr {bridge} (attach configuration only)")?;
            }
        }
        Body::RoleAssignment(r) => {
            writeln!(out, "    {} on {} for {}", r.role.name(), name(r.scope), name(r.principal))?
        }
        Body::LogAnalytics | Body::ApplicationInsights(_) | Body::ContainerRegistry | Body::UserAssignedIdentity => {}
    }
    Ok(())
}
