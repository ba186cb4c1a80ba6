//! A stable text dump of the graph, the first section of every example's snapshot (the analogue of
//! Bicep's `main.ir.bicep`): each distinct list of security rules once, with the catalogue entry behind
//! each rule; then one block per resource with its references (a security group names its rule list
//! and the spec path that selected each rule) and, for routes, the catalogue entry and spec path behind
//! each.

use std::fmt::{self, Write as _};

use super::{
    AksTls, AttachAdmin, AttachTarget, Body, DnsServers, FirewallRules, Graph, NetworkAcls, NextHop, PrincipalIdentity,
    RuleDestination, RuleTarget,
};

impl fmt::Display for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "graph {} in {} with {:?} rules", self.name, self.region.name, self.catalogue)?;
        for (key, value) in &self.tags {
            writeln!(f, "  tag {key:?} = {value:?}")?;
        }
        writeln!(f, "  storage data plane reachable from outside the network: {}", self.storage_data_plane_reachable)?;
        for (_, param) in self.params() {
            writeln!(f, "param {}{}", param.name, if param.secure { " (secure)" } else { "" })?;
        }
        for (id, list) in self.rule_lists() {
            writeln!(f, "{id}")?;
            for r in &list.rules {
                writeln!(
                    f,
                    "    {:?} {} {:?} {} {:?} {} ports {} -> {} ports {} [{}]",
                    r.direction,
                    r.priority,
                    r.access,
                    r.name,
                    r.protocol,
                    r.source,
                    r.source_ports,
                    r.destination,
                    r.destination_ports.join(","),
                    r.reason.entry
                )?;
            }
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
        Body::OutboundRule(r) => {
            let what = match &r.destination {
                RuleDestination::Fqdn(fqdn) => format!("FQDN {fqdn}"),
                RuleDestination::ServiceTag { tag, protocol, port_ranges } => {
                    format!("service tag {tag} {protocol} {port_ranges}")
                }
                RuleDestination::PrivateEndpoint { target, sub_resource, spark_enabled } => {
                    let target = match target {
                        RuleTarget::Resource(id) => name(*id),
                        RuleTarget::Existing(id) => id.clone(),
                    };
                    format!("private endpoint {sub_resource} of {target} spark {spark_enabled}")
                }
            };
            writeln!(
                out,
                "    outbound rule of {}: {what} ({}, {})",
                name(r.workspace),
                r.explain.entry,
                r.explain.spec
            )?;
        }
        Body::VirtualNetwork(v) => {
            let space: Vec<String> = v.address_space.iter().map(ToString::to_string).collect();
            writeln!(out, "    address_space: {}", space.join(", "))?;
            if let DnsServers::FirewallProxy(fw) = v.dns_servers {
                writeln!(out, "    dns_servers: private address of {}", name(fw))?;
            }
            if let Some(existing) = &v.existing {
                match &existing.resource_group {
                    Some(group) => writeln!(out, "    existing, in resource group {group}")?,
                    None => writeln!(out, "    existing, in the deployment's resource group")?,
                }
            }
            if let DnsServers::Custom(servers) = &v.dns_servers {
                writeln!(out, "    dns_servers: {servers}")?;
            }
        }
        Body::Subnet(s) => {
            writeln!(out, "    prefix: {}", s.prefix)?;
            writeln!(
                out,
                "    default_outbound_access {} private_endpoint_policies {} private_link_service_policies {}",
                s.default_outbound_access,
                s.private_endpoint_policies.azure_name(),
                s.private_link_service_policies.azure_name()
            )?;
            writeln!(out, "    service_endpoints: [{}]", s.service_endpoints.join(", "))?;
            writeln!(out, "    delegations: [{}]", s.delegations.join(", "))?;
            if let Some(nat) = s.nat_gateway {
                writeln!(out, "    egress through {}", name(nat))?;
            }
        }
        Body::NetworkSecurityGroup(nsg) => {
            writeln!(out, "    {}, selected by [{}]", nsg.rules, nsg.selected_by.join(", "))?;
        }
        Body::RouteTable(rt) => {
            writeln!(out, "    bgp_route_propagation {}", rt.bgp_route_propagation)?;
            for r in &rt.routes {
                let hop = match r.next_hop {
                    NextHop::Internet => r.next_hop.hop_type().azure_name().to_owned(),
                    NextHop::VirtualAppliance(ip) => format!("{} {ip}", r.next_hop.hop_type().azure_name()),
                    NextHop::Firewall(fw) => {
                        format!("{} private address of {}", r.next_hop.hop_type().azure_name(), name(fw))
                    }
                };
                writeln!(
                    out,
                    "    route {} {} -> {hop} [{} @ {}]",
                    r.name, r.address_prefix, r.explain.entry, r.explain.spec
                )?;
            }
        }
        Body::StorageAccount(s) => {
            writeln!(
                out,
                "    {} {} min_tls {} https_only {} blob_public_access {} shared_key_access {}",
                s.settings.kind.azure_name(),
                s.settings.sku.azure_name(),
                s.settings.min_tls.azure_name(),
                s.settings.https_only,
                s.settings.blob_public_access,
                s.settings.shared_key_access
            )?;
            writeln!(out, "    public_network_access: {}", s.public_network_access)?;
            dump_acls(graph, &s.network_acls, out)?;
        }
        Body::KeyVault(k) => {
            writeln!(
                out,
                "    {} soft_delete {} for {} days purge_protection {} rbac {}",
                k.settings.sku.azure_name(),
                k.settings.soft_delete,
                k.settings.soft_delete_retention_days,
                k.settings.purge_protection,
                k.settings.rbac_authorization
            )?;
            writeln!(out, "    public_network_access: {}", k.public_network_access)?;
            dump_acls(graph, &k.network_acls, out)?;
        }
        Body::LogAnalytics(l) => writeln!(out, "    {} retention {} days", l.sku.azure_name(), l.retention_days)?,
        Body::ApplicationInsights(a) => writeln!(out, "    {}", a.application_type.azure_name())?,
        Body::ContainerRegistry(cr) => {
            writeln!(
                out,
                "    {} admin_user {} public_network_access {}",
                cr.sku.azure_name(),
                cr.admin_user,
                cr.public_network_access
            )?;
            match cr.default_action {
                Some(action) => {
                    writeln!(out, "    network rules: {}, bypass {}", action.azure_name(), cr.bypass.azure_name())?
                }
                None => writeln!(out, "    no network rules (tier), bypass {}", cr.bypass.azure_name())?,
            }
        }
        Body::Workspace(w) => {
            writeln!(out, "    friendly_name {}", w.friendly_name)?;
            writeln!(out, "    {} identity {}", w.sku.azure_name(), w.identity.azure_name())?;
            writeln!(out, "    public_network_access: {}", w.public_network_access)?;
            if let Some(build) = &w.image_build_compute {
                writeln!(out, "    image_build_compute: {build}")?;
            }
            if let Some(m) = &w.managed_network {
                writeln!(
                    out,
                    "    managed_network: {} firewall {} provision_now {} ({})",
                    m.isolation.azure_name(),
                    m.firewall_sku.azure_name(),
                    m.provision_now,
                    m.explain.spec
                )?;
            }
            writeln!(out, "    system_datastores_auth: {}", w.system_datastores_auth.azure_name())?;
        }
        Body::AmlInstance(c) => {
            writeln!(
                out,
                "    instance {} public_ip {} idle_shutdown {} local_auth {} ssh_public_access {}",
                c.vm_size, c.public_ip, c.idle_shutdown, c.local_auth, c.ssh_public_access
            )?;
            writeln!(out, "    ssh_key {} identity {}", c.ssh_key.is_some(), c.identity.azure_name())?;
            if let Some(user) = &c.assigned_user {
                writeln!(out, "    assigned_user {} in tenant {}", user.object_id, user.tenant_id)?;
            }
        }
        Body::NetworkInterface(n) => {
            writeln!(out, "    {} in {} {}, no public IP", n.ip_configuration, name(n.subnet), n.private_ip_allocation)?
        }
        Body::VirtualMachine(v) => {
            writeln!(
                out,
                "    {} nic {} admin {} ssh key only {}",
                v.vm_size,
                name(v.nic),
                v.admin_username,
                !v.password_authentication
            )?;
            writeln!(
                out,
                "    image {}:{}:{}:{} os_disk {} {}",
                v.image.publisher, v.image.offer, v.image.sku, v.image.version, v.os_disk_caching, v.os_disk_storage
            )?;
        }
        Body::PrivateEndpoint(p) => writeln!(out, "    {:?} of {} in {}", p.target, name(p.service), name(p.subnet))?,
        Body::PrivateDnsZoneGroup(g) => {
            let zones: Vec<String> = g.zones.iter().map(|z| name(*z)).collect();
            writeln!(out, "    zones [{}]", zones.join(", "))?;
            for zone in &g.existing {
                writeln!(out, "    existing zone {} {}", zone.name, zone.id)?;
            }
        }
        Body::PrivateDnsZoneLink(l) => {
            writeln!(out, "    {} to {} registration {}", name(l.zone), name(l.vnet), l.registration)?
        }
        Body::AmlCluster(c) => {
            writeln!(
                out,
                "    {} nodes {}..{} public_ip {} ssh {} ssh_public_access {}",
                c.vm_size,
                c.min_nodes,
                c.max_nodes,
                c.public_ip,
                c.ssh.is_some(),
                c.ssh_public_access
            )?;
            writeln!(
                out,
                "    {} {} scale_down_after {} local_auth {} identity {}",
                c.vm_priority.azure_name(),
                c.os_type.azure_name(),
                c.scale_down_after,
                c.local_auth,
                c.identity.azure_name()
            )?;
        }
        Body::AttachedCompute(a) => {
            let target = match &a.target {
                AttachTarget::Existing(id) => id.clone(),
                AttachTarget::Created(vm) => name(*vm),
            };
            let admin = match &a.admin {
                AttachAdmin::Password(_) => "password".to_owned(),
                AttachAdmin::PrivateKey { username, .. } => format!("private key of {username}"),
            };
            writeln!(out, "    {:?} {} ssh_port {} sign-in {}", a.attach, target, a.ssh_port, admin)?
        }
        Body::ManagedCluster(m) => {
            writeln!(
                out,
                "    {} x {} {} pod_cidr {} service_cidr {} dns {}",
                m.node_count,
                m.vm_size,
                m.os_type.azure_name(),
                m.pod_cidr,
                m.service_cidr,
                m.dns_service_ip
            )?;
            writeln!(
                out,
                "    network {}{} policy {} load_balancer {} outbound {}",
                m.network_plugin.azure_name(),
                m.network_plugin_mode.map(|mode| format!("/{}", mode.azure_name())).unwrap_or_default(),
                m.network_policy.azure_name(),
                m.load_balancer_sku.azure_name(),
                m.outbound_type.azure_name()
            )?;
            writeln!(
                out,
                "    rbac {} local_accounts_disabled {} private_cluster {}{}",
                m.rbac,
                m.local_accounts_disabled,
                m.private_cluster,
                m.private_cluster_public_fqdn.map(|on| format!(" public_fqdn {on}")).unwrap_or_default()
            )?;
            let h = &m.hardening;
            writeln!(
                out,
                "    entra_id azure_rbac {} upgrade {} node_os_upgrade {} azure_policy {}",
                h.azure_rbac,
                h.upgrade_channel.azure_name(),
                h.node_os_upgrade_channel.azure_name(),
                h.azure_policy
            )?;
            for f in &m.required_fqdns {
                writeln!(out, "    firewall must allow {} on {} [{}]", f.fqdns.join(", "), f.port, f.id)?;
            }
            if let Some(zone) = &m.private_dns_zone {
                writeln!(out, "    private_dns_zone {}", zone.azure_value())?;
            }
        }
        Body::AksCompute(a) => {
            if let Some(bridge) = a.docker_bridge_cidr {
                writeln!(out, "    docker_bridge_cidr {bridge} (attach configuration only)")?;
            }
            if a.internal_load_balancer {
                writeln!(out, "    scoring through an internal load balancer")?;
            }
            let tls = match &a.tls {
                None => "off".to_owned(),
                Some(AksTls::Microsoft { leaf_domain_label }) => {
                    format!("Microsoft certificate for {leaf_domain_label}")
                }
                Some(AksTls::Custom { cname, cert, key }) => format!(
                    "certificate for {cname} (cert {}, key {})",
                    graph.param(*cert).name,
                    graph.param(*key).name
                ),
            };
            writeln!(out, "    purpose {} tls {tls}", a.cluster_purpose.azure_name())?;
        }
        Body::ClusterExtension(e) => {
            let (settings, protected) = e.settings();
            for (key, value) in settings {
                writeln!(out, "    {key} = {value}")?;
            }
            for (key, param) in protected {
                writeln!(out, "    {key} = param {} (protected)", graph.param(param).name)?;
            }
        }
        Body::KubernetesCompute(k) => writeln!(out, "    namespace {}", k.namespace)?,
        Body::ManagementLock(l) => writeln!(out, "    {} on {}: {}", l.level, name(l.scope), l.notes)?,
        Body::MonitorPrivateLinkScope(m) => {
            writeln!(
                out,
                "    ingestion {} query {}",
                m.ingestion_access_mode.azure_name(),
                m.query_access_mode.azure_name()
            )?;
            if let Some(rule) = &m.replaces {
                writeln!(out, "    replaces [{} @ {}]", rule.entry, rule.spec)?;
            }
        }
        Body::MonitorScopedResource(r) => writeln!(out, "    {} in {}", name(r.resource), name(r.scope))?,
        Body::DiagnosticSetting(d) => {
            let logs: Vec<&str> = d.category_groups.iter().chain(&d.categories).copied().collect();
            writeln!(
                out,
                "    {} of {} to {} ({:?})",
                logs.join(","),
                name(d.target),
                name(d.workspace),
                d.destination
            )?
        }
        Body::RoleAssignment(r) => writeln!(
            out,
            "    {} on {} for {} ({}{})",
            r.role.name(),
            name(r.scope),
            name(r.principal),
            r.principal_type.azure_name(),
            match r.principal_identity {
                PrincipalIdentity::Own => "",
                PrincipalIdentity::Kubelet => ", kubelet identity",
            }
        )?,
        Body::PublicIpAddress(p) => writeln!(
            out,
            "    {} {} {} {} zones [{}]",
            p.sku.azure_name(),
            p.tier.azure_name(),
            p.allocation.azure_name(),
            p.version.azure_name(),
            p.zones.join(", ")
        )?,
        Body::NatGateway(n) => {
            let ips: Vec<String> = n.public_ips.iter().map(|ip| name(*ip)).collect();
            writeln!(
                out,
                "    {} idle_timeout {} min zones [{}] public_ips [{}] [{} @ {}]",
                n.sku.azure_name(),
                n.idle_timeout_minutes,
                n.zones.join(", "),
                ips.join(", "),
                n.explain.entry,
                n.explain.spec
            )?;
        }
        Body::UserAssignedIdentity | Body::PrivateDnsZone(super::PrivateDnsZone { existing: None }) => {}
        Body::PrivateDnsZone(super::PrivateDnsZone { existing: Some(existing) }) => {
            writeln!(
                out,
                "    existing, in resource group {} of subscription {}",
                existing.resource_group.as_deref().unwrap_or_default(),
                existing.subscription.as_deref().unwrap_or_default()
            )?;
        }
        Body::VirtualNetworkPeering(p) => {
            let remote = name(p.remote);
            writeln!(
                out,
                "    {} -> {remote}: virtual_network_access {} forwarded_traffic {} gateway_transit {} remote_gateways {}",
                name(p.vnet),
                p.allow_virtual_network_access,
                p.allow_forwarded_traffic,
                p.allow_gateway_transit,
                p.use_remote_gateways
            )?;
        }
        Body::AzureFirewall(f) => {
            writeln!(
                out,
                "    {} {} in {} ({}, public ip {}), policy {}",
                f.sku_name,
                f.tier.azure_name(),
                name(f.subnet),
                f.ip_configuration,
                name(f.public_ip),
                name(f.policy)
            )?;
            if let Some((subnet, ip)) = f.management {
                writeln!(out, "    management in {} (public ip {})", name(subnet), name(ip))?;
            }
            writeln!(out, "    zones [{}]", f.zones.join(", "))?;
        }
        Body::FirewallPolicy(p) => writeln!(
            out,
            "    {} threat_intel {} dns_proxy {} [{} @ {}]",
            p.tier.azure_name(),
            p.threat_intel_mode,
            p.dns_proxy,
            p.explain.entry,
            p.explain.spec
        )?,
        Body::FirewallRuleCollectionGroup(g) => {
            writeln!(out, "    priority {}", g.priority)?;
            for c in &g.collections {
                writeln!(out, "    collection {} priority {} {}", c.name, c.priority, c.action)?;
                match &c.rules {
                    FirewallRules::Network(rules) => {
                        for r in rules {
                            writeln!(
                                out,
                                "      network {}: [{}] -> [{}] {} [{}] [{} @ {}]",
                                r.name,
                                r.sources.join(", "),
                                r.destinations.join(", "),
                                r.protocols.join(","),
                                r.ports.join(", "),
                                r.explain.entry,
                                r.explain.spec
                            )?;
                        }
                    }
                    FirewallRules::Application(rules) => {
                        for r in rules {
                            writeln!(
                                out,
                                "      application {}: [{}] -> [{}] {}:{} [{} @ {}]",
                                r.name,
                                r.sources.join(", "),
                                r.fqdns.join(", "),
                                r.protocol,
                                r.port,
                                r.explain.entry,
                                r.explain.spec
                            )?;
                        }
                    }
                }
            }
        }
        Body::BastionHost(b) => writeln!(
            out,
            "    {} in {} ({}, public ip {}) [{} @ {}]",
            b.sku,
            name(b.subnet),
            b.ip_configuration,
            name(b.public_ip),
            b.explain.entry,
            b.explain.spec
        )?,
    }
    Ok(())
}

fn dump_acls(graph: &Graph, acls: &NetworkAcls, out: &mut String) -> fmt::Result {
    write!(out, "    network_acls: {}, bypass {}", acls.default_action.azure_name(), acls.bypass.azure_name())?;
    if let Some(fw) = &acls.firewall {
        let subnets: Vec<String> = fw.subnets.iter().map(|s| graph.resource(*s).symbol.clone()).collect();
        write!(out, ", allow [{}]", subnets.join(", "))?;
    }
    writeln!(out)
}
