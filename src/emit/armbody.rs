//! The ARM shape of each resource, shared by the ARM and Bicep emitters and by Terraform's azapi bodies.
//!
//! [`body`] maps one IR resource to the members of its ARM resource object other than `type`,
//! `apiVersion`, `name`, `scope` and `dependsOn` (that is `location`, `tags`, `kind`, `sku`,
//! `identity`, `properties`), in that canonical order, as a syntax-neutral [`AzValue`] tree. References
//! to other resources, deployment parameters and deployment context stay symbolic ([`AzValue::Ref`],
//! [`AzValue::Param`], [`AzValue::Ctx`]); each emitter spells them in its own syntax and derives its
//! dependencies from them.
//!
//! Subnets are not resources of their own in ARM and Bicep: [`body`] of a virtual network inlines its
//! subnets under `properties.subnets`, and [`body`] of a subnet returns just its `properties`, which is
//! what the inlined entry and an azapi subnet body both need. [`subnet_vnet`] tells emitters which
//! resources are inlined this way.
//!
//! This module deliberately does not render anything (no JSON, no Bicep, no HCL), does not decide
//! which resources, rules or routes exist (the IR already did), and knows no resource types or API
//! versions (those are in `azure::catalog`).

use crate::azure::aks;
use crate::azure::catalog::Role;
use crate::azure::defaults::{DatastoresAuth, DefaultAction, IdentityType, KeyVaultSettings, StorageSettings, Toggle};
use crate::azure::firewall;
use crate::azure::managed_network::{self, FirewallSku, Isolation};
use crate::azure::monitor;
use crate::azure::private_link;
use crate::ir::DnsServers;
use crate::ir::{
    AksCompute, AksTls, AmlCluster, AmlInstance, ApplicationInsights, AttachAdmin, AttachKind, AttachTarget,
    AttachedCompute, Body, ClusterExtension, ContainerRegistry, Credentials, Firewall, Graph, KeyVault,
    KubernetesCompute, LogAnalytics, ManagedCluster, ManagedNetwork, MonitorPrivateLinkScope, MonitorScopedResource,
    NatGateway, NetworkAcls, NetworkInterface, NetworkSecurityGroup, NextHop, OutboundRule, ParamId, PrincipalIdentity,
    PrivateDnsZoneGroup, PrivateDnsZoneLink, PrivateEndpoint, PublicIpAddress, Resource, ResourceId, RoleAssignment,
    RouteTable, RuleDestination, RuleListId, RuleTarget, SecurityRule, StorageAccount, Subnet, VirtualMachine,
    VirtualNetwork, Workspace,
};
use crate::ir::{
    AzureFirewall, BastionHost, FirewallApplicationRule, FirewallNetworkRule, FirewallPolicy,
    FirewallRuleCollectionGroup, FirewallRules, RuleCollection, VirtualNetworkPeering,
};

pub use crate::ir::camel;

/// A value in an ARM resource body, with references left symbolic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AzValue {
    Null,
    Bool(bool),
    Int(i64),
    /// A literal string, exactly as the user or the IR spelled it (emitters escape it).
    Str(String),
    Array(Vec<AzValue>),
    /// An object with literal keys, in output order.
    Object(Vec<(String, AzValue)>),
    /// An object whose keys are computed (e.g. `userAssignedIdentities` keyed by an identity's id).
    KeyedObject(Vec<(AzValue, AzValue)>),
    /// An attribute of another resource of the graph. A reference to a subnet means the subnet
    /// inside its virtual network.
    Ref(ResourceId, RefAttr),
    /// A deployment parameter.
    Param(ParamId),
    /// A value of the deployment context.
    Ctx(Ctx),
    /// The id of a built-in role definition at subscription scope.
    RoleDefinitionId(Role),
    /// The `securityRules` array of a network security group: [`security_rules`] of its list. Left
    /// unexpanded so that an emitter prints each list once however many groups share it
    /// (`emit::PrintedOnce`, keyed by the list's id).
    SecurityRules(RuleListId),
}

/// Which attribute of a referenced resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefAttr {
    /// The ARM resource id.
    Id,
    /// The resource name.
    Name,
    /// The principal id of a managed identity.
    PrincipalId,
    /// The object id of a managed cluster's kubelet identity.
    KubeletObjectId,
    /// The private address of an Azure Firewall.
    PrivateIp,
}

/// A value only the deployment knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ctx {
    /// The deployment location (the `location` parameter).
    Location,
    /// The tenant of the deployment's subscription.
    TenantId,
    /// The tags of every resource that takes tags (a deployment input whose default is the spec's tags).
    Tags,
}

/// The members of `id`'s ARM resource object other than type, apiVersion, name, scope and dependsOn,
/// in canonical order: location, tags, kind, sku, identity, properties.
pub fn body(graph: &Graph, id: ResourceId) -> Vec<(String, AzValue)> {
    let res = graph.resource(id);
    let mut out = Members::default();
    match &res.body {
        Body::VirtualNetwork(VirtualNetwork { address_space, existing: _, subnets, dns_servers }) => {
            out.located(graph, res);
            let subnets = subnets.iter().map(|&s| inline_subnet(graph, s)).collect();
            let mut properties = vec![(
                "addressSpace".to_owned(),
                obj([("addressPrefixes", arr(address_space.iter().map(|p| str(p.to_string()))))]),
            )];
            let servers = match dns_servers {
                DnsServers::Azure => None,
                DnsServers::Custom(servers) => Some(servers.as_slice().iter().map(|s| str(s.to_string())).collect()),
                DnsServers::FirewallProxy(fw) => Some(vec![AzValue::Ref(*fw, RefAttr::PrivateIp)]),
            };
            if let Some(servers) = servers {
                properties.push(("dhcpOptions".to_owned(), obj([("dnsServers", AzValue::Array(servers))])));
            }
            properties.push(("subnets".to_owned(), AzValue::Array(subnets)));
            out.push("properties", AzValue::Object(properties));
        }
        Body::Subnet(subnet) => out.push("properties", subnet_properties(subnet)),
        // The spec paths explain the rules; they do not reach Azure.
        Body::NetworkSecurityGroup(NetworkSecurityGroup { rules, selected_by: _ }) => {
            out.located(graph, res);
            out.push("properties", obj([("securityRules", AzValue::SecurityRules(*rules))]));
        }
        Body::RouteTable(RouteTable { routes, bgp_route_propagation }) => {
            out.located(graph, res);
            let routes = routes.iter().map(|route| {
                let mut props = vec![
                    ("addressPrefix".to_owned(), str(&route.address_prefix)),
                    ("nextHopType".to_owned(), str(route.next_hop.hop_type().azure_name())),
                ];
                match route.next_hop {
                    NextHop::Internet => {}
                    NextHop::VirtualAppliance(ip) => props.push(("nextHopIpAddress".to_owned(), str(ip.to_string()))),
                    NextHop::Firewall(fw) => {
                        props.push(("nextHopIpAddress".to_owned(), AzValue::Ref(fw, RefAttr::PrivateIp)));
                    }
                }
                obj([("name", str(&route.name)), ("properties", AzValue::Object(props))])
            });
            out.push(
                "properties",
                obj([("disableBgpRoutePropagation", AzValue::Bool(!bgp_route_propagation)), ("routes", arr(routes))]),
            );
        }
        Body::StorageAccount(StorageAccount {
            settings: StorageSettings { kind, sku, min_tls, https_only, blob_public_access, shared_key_access },
            public_network_access,
            network_acls: acls,
        }) => {
            out.located(graph, res);
            out.push("kind", str(kind.azure_name()));
            out.push("sku", obj([("name", str(sku.azure_name()))]));
            let rules = |f: &Firewall| {
                arr(f.subnets.iter().map(|&s| {
                    obj([("id", AzValue::Ref(s, RefAttr::Id)), ("action", str(DefaultAction::Allow.azure_name()))])
                }))
            };
            out.push(
                "properties",
                obj([
                    ("minimumTlsVersion", str(min_tls.azure_name())),
                    ("supportsHttpsTrafficOnly", AzValue::Bool(*https_only)),
                    ("allowBlobPublicAccess", AzValue::Bool(*blob_public_access)),
                    ("allowSharedKeyAccess", AzValue::Bool(*shared_key_access)),
                    ("publicNetworkAccess", enabled(*public_network_access)),
                    ("networkAcls", network_acls(acls, rules)),
                ]),
            );
        }
        Body::KeyVault(KeyVault {
            settings:
                KeyVaultSettings { sku, soft_delete, soft_delete_retention_days, purge_protection, rbac_authorization },
            public_network_access,
            network_acls: acls,
        }) => {
            out.located(graph, res);
            let rules = |f: &Firewall| arr(f.subnets.iter().map(|&s| obj([("id", AzValue::Ref(s, RefAttr::Id))])));
            out.push(
                "properties",
                obj([
                    ("tenantId", AzValue::Ctx(Ctx::TenantId)),
                    ("sku", obj([("family", str(sku.family())), ("name", str(sku.azure_name()))])),
                    ("enableSoftDelete", AzValue::Bool(*soft_delete)),
                    ("enableRbacAuthorization", AzValue::Bool(*rbac_authorization)),
                    ("enablePurgeProtection", AzValue::Bool(*purge_protection)),
                    ("softDeleteRetentionInDays", AzValue::Int(i64::from(*soft_delete_retention_days))),
                    ("publicNetworkAccess", enabled(*public_network_access)),
                    ("networkAcls", network_acls(acls, rules)),
                ]),
            );
        }
        Body::LogAnalytics(LogAnalytics { sku, retention_days }) => {
            out.located(graph, res);
            out.push(
                "properties",
                obj([
                    ("sku", obj([("name", str(sku.azure_name()))])),
                    ("retentionInDays", AzValue::Int(i64::from(*retention_days))),
                ]),
            );
        }
        Body::ApplicationInsights(ApplicationInsights { log_analytics, application_type }) => {
            out.located(graph, res);
            out.push("kind", str(application_type.azure_name()));
            out.push(
                "properties",
                obj([
                    ("Application_Type", str(application_type.azure_name())),
                    ("WorkspaceResourceId", AzValue::Ref(*log_analytics, RefAttr::Id)),
                ]),
            );
        }
        Body::ContainerRegistry(ContainerRegistry {
            sku,
            admin_user,
            public_network_access,
            default_action,
            bypass,
        }) => {
            out.located(graph, res);
            out.push("sku", obj([("name", str(sku.azure_name()))]));
            let mut properties = vec![
                ("adminUserEnabled".to_owned(), AzValue::Bool(*admin_user)),
                ("publicNetworkAccess".to_owned(), enabled(*public_network_access)),
                ("networkRuleBypassOptions".to_owned(), str(bypass.azure_name())),
            ];
            if let Some(action) = default_action {
                properties.push(("networkRuleSet".to_owned(), obj([("defaultAction", str(action.azure_name()))])));
            }
            out.push("properties", AzValue::Object(properties));
        }
        Body::Workspace(ws) => {
            out.located(graph, res);
            out.push("sku", obj([("name", str(ws.sku.azure_name())), ("tier", str(ws.sku.azure_name()))]));
            out.push("identity", obj([("type", str(ws.identity.azure_name()))]));
            out.push("properties", workspace_properties(ws));
        }
        Body::OutboundRule(rule) => out.push("properties", outbound_rule_properties(rule)),
        Body::AmlCluster(cluster) => {
            out.located(graph, res);
            out.push("identity", obj([("type", str(cluster.identity.azure_name()))]));
            out.push("properties", aml_cluster_properties(cluster));
        }
        Body::AmlInstance(instance) => {
            out.located(graph, res);
            out.push("identity", obj([("type", str(instance.identity.azure_name()))]));
            out.push("properties", aml_instance_properties(instance));
        }
        Body::NetworkInterface(nic) => {
            out.located(graph, res);
            out.push("properties", network_interface_properties(nic));
        }
        Body::VirtualMachine(vm) => {
            out.located(graph, res);
            out.push("properties", virtual_machine_properties(res, vm));
        }
        Body::AttachedCompute(attached) => {
            out.located(graph, res);
            out.push("properties", attached_properties(attached));
        }
        Body::ManagedCluster(aks) => {
            out.located(graph, res);
            out.push(
                "identity",
                obj([
                    ("type", str(IdentityType::UserAssigned.azure_name())),
                    (
                        "userAssignedIdentities",
                        AzValue::KeyedObject(vec![(AzValue::Ref(aks.identity, RefAttr::Id), AzValue::Object(vec![]))]),
                    ),
                ]),
            );
            out.push("properties", managed_cluster_properties(aks));
        }
        Body::AksCompute(attach) => {
            out.located(graph, res);
            out.push("properties", aks_compute_properties(graph, attach));
        }
        Body::ClusterExtension(ext) => out.push("properties", cluster_extension_properties(ext)),
        Body::ManagementLock(crate::ir::ManagementLock { scope: _, level, notes }) => {
            out.push("properties", obj([("level", str(*level)), ("notes", str(notes.as_str()))]));
        }
        Body::DiagnosticSetting(crate::ir::DiagnosticSetting {
            target: _,
            workspace,
            category_groups,
            categories,
            destination,
        }) => {
            let groups = category_groups.iter().map(|group| ("categoryGroup", *group));
            let logs = groups
                .chain(categories.iter().map(|category| ("category", *category)))
                .map(|(key, name)| obj([(key, str(name)), ("enabled", AzValue::Bool(true))]))
                .collect();
            let mut props = vec![("workspaceId".to_owned(), AzValue::Ref(*workspace, RefAttr::Id))];
            // The default (`AzureDiagnostics`) is the property left out.
            if let Some(destination) = destination.azure_name() {
                props.push(("logAnalyticsDestinationType".to_owned(), str(destination)));
            }
            props.push(("logs".to_owned(), AzValue::Array(logs)));
            out.push("properties", AzValue::Object(props));
        }
        Body::KubernetesCompute(k8s) => {
            out.located(graph, res);
            out.push("properties", kubernetes_compute_properties(k8s));
        }
        Body::UserAssignedIdentity => out.located(graph, res),
        Body::RoleAssignment(ra) => out.push("properties", role_assignment_properties(ra)),
        Body::PrivateEndpoint(pe) => {
            out.located(graph, res);
            out.push("properties", private_endpoint_properties(res, pe));
        }
        Body::PrivateDnsZoneGroup(group) => out.push("properties", zone_group_properties(graph, group)),
        Body::PrivateDnsZone(_) => out.global(graph, res),
        // The rule the scope replaces is not written; it explains the scope.
        Body::MonitorPrivateLinkScope(MonitorPrivateLinkScope {
            ingestion_access_mode,
            query_access_mode,
            replaces: _,
        }) => {
            out.push("location", str(monitor::SCOPE_LOCATION));
            out.tags(graph, res);
            let modes = obj([
                ("ingestionAccessMode", str(ingestion_access_mode.azure_name())),
                ("queryAccessMode", str(query_access_mode.azure_name())),
            ]);
            out.push("properties", obj([("accessModeSettings", modes)]));
        }
        Body::MonitorScopedResource(MonitorScopedResource { scope: _, resource }) => {
            out.push("properties", obj([("linkedResourceId", AzValue::Ref(*resource, RefAttr::Id))]));
        }
        Body::PrivateDnsZoneLink(link) => {
            out.global(graph, res);
            out.push("properties", zone_link_properties(link));
        }
        Body::PublicIpAddress(PublicIpAddress { sku, tier, allocation, version, zones }) => {
            out.located(graph, res);
            out.push("sku", obj([("name", str(sku.azure_name())), ("tier", str(tier.azure_name()))]));
            out.zones(zones);
            out.push(
                "properties",
                obj([
                    ("publicIPAddressVersion", str(version.azure_name())),
                    ("publicIPAllocationMethod", str(allocation.azure_name())),
                ]),
            );
        }
        // The explanation does not reach Azure.
        Body::NatGateway(NatGateway { sku, public_ips, idle_timeout_minutes, zones, explain: _ }) => {
            out.located(graph, res);
            out.push("sku", obj([("name", str(sku.azure_name()))]));
            out.zones(zones);
            let ips = public_ips.iter().map(|&ip| obj([("id", AzValue::Ref(ip, RefAttr::Id))]));
            out.push(
                "properties",
                obj([
                    ("idleTimeoutInMinutes", AzValue::Int(i64::from(*idle_timeout_minutes))),
                    ("publicIpAddresses", arr(ips)),
                ]),
            );
        }
        Body::VirtualNetworkPeering(VirtualNetworkPeering {
            vnet: _,
            remote,
            allow_virtual_network_access,
            allow_forwarded_traffic,
            allow_gateway_transit,
            use_remote_gateways,
        }) => {
            let remote = AzValue::Ref(*remote, RefAttr::Id);
            out.push(
                "properties",
                obj([
                    ("allowForwardedTraffic", AzValue::Bool(*allow_forwarded_traffic)),
                    ("allowGatewayTransit", AzValue::Bool(*allow_gateway_transit)),
                    ("allowVirtualNetworkAccess", AzValue::Bool(*allow_virtual_network_access)),
                    ("remoteVirtualNetwork", obj([("id", remote)])),
                    ("useRemoteGateways", AzValue::Bool(*use_remote_gateways)),
                ]),
            );
        }
        Body::AzureFirewall(AzureFirewall {
            subnet,
            public_ip,
            ip_configuration,
            management,
            policy,
            sku_name,
            tier,
            zones,
        }) => {
            out.located(graph, res);
            // Stated even when empty: a firewall without zones is zone-redundant behind ARM's back.
            out.push("zones", arr(zones.iter().map(|z| str(*z))));
            let ip_config = |name: &str, subnet: ResourceId, ip: ResourceId| {
                obj([
                    ("name", str(name)),
                    (
                        "properties",
                        obj([
                            ("publicIPAddress", obj([("id", AzValue::Ref(ip, RefAttr::Id))])),
                            ("subnet", obj([("id", AzValue::Ref(subnet, RefAttr::Id))])),
                        ]),
                    ),
                ])
            };
            let mut props = vec![
                ("firewallPolicy".to_owned(), obj([("id", AzValue::Ref(*policy, RefAttr::Id))])),
                ("ipConfigurations".to_owned(), arr([ip_config(ip_configuration, *subnet, *public_ip)])),
            ];
            if let Some((subnet, ip)) = management {
                props.push((
                    "managementIpConfiguration".to_owned(),
                    ip_config(&format!("{ip_configuration}-management"), *subnet, *ip),
                ));
            }
            props.push(("sku".to_owned(), obj([("name", str(*sku_name)), ("tier", str(tier.azure_name()))])));
            out.push("properties", AzValue::Object(props));
        }
        // The explanation does not reach Azure.
        Body::FirewallPolicy(FirewallPolicy { tier, threat_intel_mode, dns_proxy, explain: _ }) => {
            out.located(graph, res);
            out.push(
                "properties",
                obj([
                    ("dnsSettings", obj([("enableProxy", AzValue::Bool(*dns_proxy))])),
                    ("sku", obj([("tier", str(tier.azure_name()))])),
                    ("threatIntelMode", str(*threat_intel_mode)),
                ]),
            );
        }
        Body::FirewallRuleCollectionGroup(FirewallRuleCollectionGroup { policy: _, priority, collections }) => {
            let collections = collections.iter().map(rule_collection);
            out.push(
                "properties",
                obj([("priority", AzValue::Int(i64::from(*priority))), ("ruleCollections", arr(collections))]),
            );
        }
        // The explanation does not reach Azure.
        Body::BastionHost(BastionHost { subnet, public_ip, ip_configuration, sku, explain: _ }) => {
            out.located(graph, res);
            out.push("sku", obj([("name", str(*sku))]));
            let config = obj([
                ("name", str(ip_configuration)),
                (
                    "properties",
                    obj([
                        ("publicIPAddress", obj([("id", AzValue::Ref(*public_ip, RefAttr::Id))])),
                        ("subnet", obj([("id", AzValue::Ref(*subnet, RefAttr::Id))])),
                    ]),
                ),
            ]);
            out.push("properties", obj([("ipConfigurations", arr([config]))]));
        }
    }
    out.0
}

/// A filter rule collection in the ARM shape; the explanations do not reach Azure.
fn rule_collection(collection: &RuleCollection) -> AzValue {
    let RuleCollection { name, priority, action, rules } = collection;
    let rules: Vec<AzValue> = match rules {
        FirewallRules::Network(rules) => rules
            .iter()
            .map(|FirewallNetworkRule { name, sources, protocols, destinations, ports, explain: _ }| {
                obj([
                    ("ruleType", str(firewall::NETWORK_RULE)),
                    ("name", str(name)),
                    ("ipProtocols", arr(protocols.iter().map(|p| str(*p)))),
                    ("sourceAddresses", arr(sources.iter().map(str))),
                    ("destinationAddresses", arr(destinations.iter().map(str))),
                    ("destinationPorts", arr(ports.iter().map(str))),
                ])
            })
            .collect(),
        FirewallRules::Application(rules) => rules
            .iter()
            .map(|FirewallApplicationRule { name, sources, protocol, port, fqdns, explain: _ }| {
                obj([
                    ("ruleType", str(firewall::APPLICATION_RULE)),
                    ("name", str(name)),
                    (
                        "protocols",
                        arr([obj([("protocolType", str(*protocol)), ("port", AzValue::Int(i64::from(*port)))])]),
                    ),
                    ("sourceAddresses", arr(sources.iter().map(str))),
                    ("targetFqdns", arr(fqdns.iter().map(str))),
                ])
            })
            .collect(),
    };
    obj([
        ("ruleCollectionType", str(firewall::FILTER_COLLECTION)),
        ("name", str(name)),
        ("priority", AzValue::Int(i64::from(*priority))),
        ("action", obj([("type", str(*action))])),
        ("rules", AzValue::Array(rules)),
    ])
}

/// The virtual network a subnet is inlined into, or `None` when `id` is not a subnet. ARM and Bicep
/// write no resource for a subnet and treat every dependency on it as one on its virtual network.
pub fn subnet_vnet(graph: &Graph, id: ResourceId) -> Option<ResourceId> {
    match &graph.resource(id).body {
        Body::Subnet(subnet) => Some(subnet.vnet),
        _ => None,
    }
}

/// The resource ARM and Bicep write in place of `id`, when they write none for it: a subnet is
/// written inside its virtual network; with an existing virtual network, the subnets, the role
/// assignments scoped to them and the network's side of a peering are written inside the nested
/// deployment (Bicep: module) that stands in place of the virtual network, at its scope. Every
/// dependency on `id` is one on the stand-in.
pub fn stand_in(graph: &Graph, id: ResourceId) -> Option<ResourceId> {
    match &graph.resource(id).body {
        Body::Subnet(subnet) => Some(subnet.vnet),
        // A role on an existing zone is written at the zone's scope.
        Body::RoleAssignment(ra) if existing_zone(graph, ra.scope) => Some(ra.scope),
        Body::RoleAssignment(ra) => subnet_vnet(graph, ra.scope).filter(|vnet| existing_vnet(graph, *vnet)),
        Body::VirtualNetworkPeering(peering) => Some(peering.vnet).filter(|vnet| existing_vnet(graph, *vnet)),
        _ => None,
    }
}

/// Whether `id` is a resource that exists already and stands in for what the deployment writes at its
/// scope: a virtual network, or a private DNS zone the deployment grants a role on.
pub fn existing_vnet(graph: &Graph, id: ResourceId) -> bool {
    graph.resource(id).body.existing().is_some()
}

/// Whether `id` is an existing private DNS zone.
pub fn existing_zone(graph: &Graph, id: ResourceId) -> bool {
    matches!(&graph.resource(id).body, Body::PrivateDnsZone(z) if z.existing.is_some())
}

/// The resources written inside `vnet`'s declaration (its subnets; with an existing vnet also the
/// role assignments scoped to them), in graph order.
pub fn absorbed(graph: &Graph, vnet: ResourceId) -> Vec<ResourceId> {
    graph.resources().filter(|(id, _)| stand_in(graph, *id) == Some(vnet)).map(|(id, _)| id).collect()
}

/// Every reference in `value`, depth first, in member order.
pub fn refs(value: &AzValue) -> Vec<(ResourceId, RefAttr)> {
    let mut out = Vec::new();
    collect_refs(value, &mut out);
    out
}

/// Every reference in a body, in member order.
pub fn body_refs(members: &[(String, AzValue)]) -> Vec<(ResourceId, RefAttr)> {
    let mut out = Vec::new();
    for (_, value) in members {
        collect_refs(value, &mut out);
    }
    out
}

/// The resources an ARM or Bicep declaration of `id` depends on, subnets replaced by their virtual
/// network, `id` itself left out, without repeats, in the order they first appear: the graph's
/// dependencies (references and extra dependencies, also those of the subnets inlined into `id`), then
/// any further reference in the body.
pub fn inline_deps(graph: &Graph, id: ResourceId) -> Vec<ResourceId> {
    if existing_vnet(graph, id) {
        inline_deps_with_body(graph, id, &[])
    } else {
        inline_deps_with_body(graph, id, &body(graph, id))
    }
}

/// [`inline_deps`] for a caller that already holds `members`, the [`body`] of `id` (ignored for an
/// existing virtual network, whose declaration has no body of its own).
pub fn inline_deps_with_body(graph: &Graph, id: ResourceId, members: &[(String, AzValue)]) -> Vec<ResourceId> {
    let mut candidates = graph.deps(id);
    if let Body::VirtualNetwork(_) = &graph.resource(id).body {
        for inner in absorbed(graph, id) {
            candidates.extend(graph.deps(inner));
            candidates.extend(body_refs(&body(graph, inner)).into_iter().map(|(r, _)| r));
        }
    }
    if !existing_vnet(graph, id) {
        candidates.extend(body_refs(members).into_iter().map(|(r, _)| r));
    }
    let mut out: Vec<ResourceId> = Vec::new();
    // A virtual network depends on every subnet's NSG: look repeats up in a set, not in `out`.
    let mut seen = std::collections::BTreeSet::new();
    for dep in candidates {
        // An existing network is there before the deployment: a reference to it orders nothing, and two
        // existing networks peered with each other would otherwise wait for each other. What the
        // deployment writes into one (its subnets) is still waited for, through those resources.
        if existing_vnet(graph, dep) {
            continue;
        }
        let dep = stand_in(graph, dep).unwrap_or(dep);
        if dep != id && seen.insert(dep) {
            out.push(dep);
        }
    }
    out
}

/// Whether the deployment standing in for the existing network `vnet` re-declares subnets (an existing
/// spoke), rather than only writing its side of a peering (an existing hub).
pub fn redeclares_subnets(graph: &Graph, vnet: ResourceId) -> bool {
    absorbed(graph, vnet).into_iter().any(|id| subnet_vnet(graph, id).is_some())
}

/// What the deployment standing in for the existing resource `id` says it does: re-declare subnets,
/// write a network's side of a peering, or grant a role on an existing zone.
pub fn stand_in_note(graph: &Graph, id: ResourceId) -> &'static str {
    if redeclares_subnets(graph, id) {
        EXISTING_SUBNET_NOTE
    } else if existing_zone(graph, id) {
        crate::azure::aks::EXISTING_ZONE_ROLE_NOTE
    } else {
        crate::azure::network::EXISTING_PEERING_NOTE
    }
}

/// What ARM and Bicep say about an existing subnet they re-declare: a subnet PUT replaces the whole
/// subnet, so every property the declaration leaves out is reset.
pub const EXISTING_SUBNET_NOTE: &str = "Re-declares existing subnets to attach network security groups, route tables, \
NAT gateways, service endpoints, and to state their delegations (none), network policies and default outbound \
access. A subnet declaration replaces the whole subnet: what it states replaces the subnet's (other service \
endpoints and delegations are removed), and what it does not set (a NAT gateway amlnet does not create, service \
endpoint policies, sharingScope, ipAllocations) is reset. Add them to the spec's vnet or keep them out of amlnet's \
subnets.";

/// Members of a resource object under construction.
#[derive(Default)]
struct Members(Vec<(String, AzValue)>);

impl Members {
    fn push(&mut self, key: &str, value: AzValue) {
        self.0.push((key.to_owned(), value));
    }

    /// `location`, and `tags` when the resource takes tags.
    fn located(&mut self, graph: &Graph, res: &Resource) {
        self.push("location", AzValue::Ctx(Ctx::Location));
        self.tags(graph, res);
    }

    /// `location: 'global'` (private DNS), and tags.
    fn global(&mut self, graph: &Graph, res: &Resource) {
        self.push("location", str(private_link::DNS_LOCATION));
        self.tags(graph, res);
    }

    /// `zones`, when the resource is pinned to any (no zone is stated by leaving them out).
    fn zones(&mut self, zones: &[&str]) {
        if !zones.is_empty() {
            self.push("zones", arr(zones.iter().map(|z| str(*z))));
        }
    }

    fn tags(&mut self, _graph: &Graph, res: &Resource) {
        if res.tagged {
            self.push("tags", AzValue::Ctx(Ctx::Tags));
        }
    }
}

fn str(text: impl Into<String>) -> AzValue {
    AzValue::Str(text.into())
}

fn obj<const N: usize>(members: [(&str, AzValue); N]) -> AzValue {
    AzValue::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn arr(items: impl IntoIterator<Item = AzValue>) -> AzValue {
    AzValue::Array(items.into_iter().collect())
}

fn enabled(on: bool) -> AzValue {
    str(Toggle::from_bool(on).azure_name())
}

fn collect_refs(value: &AzValue, out: &mut Vec<(ResourceId, RefAttr)>) {
    match value {
        AzValue::Null
        | AzValue::Bool(_)
        | AzValue::Int(_)
        | AzValue::Str(_)
        | AzValue::Param(_)
        | AzValue::Ctx(_)
        | AzValue::RoleDefinitionId(_)
        | AzValue::SecurityRules(_) => {}
        AzValue::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        AzValue::Object(members) => members.iter().for_each(|(_, v)| collect_refs(v, out)),
        AzValue::KeyedObject(members) => members.iter().for_each(|(k, v)| {
            collect_refs(k, out);
            collect_refs(v, out);
        }),
        AzValue::Ref(id, attr) => out.push((*id, *attr)),
    }
}

/// One entry of a virtual network's `properties.subnets`.
fn inline_subnet(graph: &Graph, id: ResourceId) -> AzValue {
    let res = graph.resource(id);
    let Body::Subnet(subnet) = &res.body else {
        unreachable!("virtual network subnet {id} is a {:?}, lower only lists subnets there", res.kind)
    };
    obj([("name", str(&res.name)), ("properties", subnet_properties(subnet))])
}

fn subnet_properties(subnet: &Subnet) -> AzValue {
    let Subnet {
        vnet: _,
        prefix,
        nsg,
        route_table,
        service_endpoints: _,
        delegations: _,
        private_endpoint_policies: _,
        private_link_service_policies: _,
        default_outbound_access: _,
        nat_gateway,
    } = subnet;
    let mut props = vec![("addressPrefix".to_owned(), str(prefix.to_string()))];
    if let Some(nsg) = nsg {
        props.push(("networkSecurityGroup".to_owned(), obj([("id", AzValue::Ref(*nsg, RefAttr::Id))])));
    }
    if let Some(rt) = route_table {
        props.push(("routeTable".to_owned(), obj([("id", AzValue::Ref(*rt, RefAttr::Id))])));
    }
    if let Some(nat) = nat_gateway {
        props.push(("natGateway".to_owned(), obj([("id", AzValue::Ref(*nat, RefAttr::Id))])));
    }
    props.extend(subnet_settings(subnet));
    AzValue::Object(props)
}

/// The properties of a subnet other than its address prefix and the resources attached to it: what
/// an update of an existing subnet sets (Terraform's azapi update), and the rest of the ARM subnet.
pub fn subnet_settings(subnet: &Subnet) -> Vec<(String, AzValue)> {
    let Subnet {
        vnet: _,
        prefix: _,
        nsg: _,
        route_table: _,
        service_endpoints,
        delegations,
        private_endpoint_policies,
        private_link_service_policies,
        default_outbound_access,
        nat_gateway: _,
    } = subnet;
    let endpoints = service_endpoints.iter().map(|s| obj([("service", str(*s))]));
    let delegations = delegations.iter().map(|service| {
        obj([("name", str(service.replace('/', "."))), ("properties", obj([("serviceName", str(*service))]))])
    });
    vec![
        ("serviceEndpoints".to_owned(), arr(endpoints)),
        ("delegations".to_owned(), arr(delegations)),
        ("privateEndpointNetworkPolicies".to_owned(), str(private_endpoint_policies.azure_name())),
        ("privateLinkServiceNetworkPolicies".to_owned(), str(private_link_service_policies.azure_name())),
        ("defaultOutboundAccess".to_owned(), AzValue::Bool(*default_outbound_access)),
    ]
}

/// A list of security rules as a `securityRules` array.
pub fn security_rules(graph: &Graph, list: RuleListId) -> AzValue {
    arr(graph.rule_list(list).rules.iter().map(security_rule))
}

fn security_rule(rule: &SecurityRule) -> AzValue {
    let direction = rule.direction.azure_name();
    let access = rule.access.azure_name();
    let protocol = rule.protocol.azure_name();
    let ports = match rule.destination_ports.as_slice() {
        [one] => ("destinationPortRange", str(one)),
        many => ("destinationPortRanges", arr(many.iter().map(str))),
    };
    obj([
        ("name", str(&rule.name)),
        (
            "properties",
            obj([
                ("priority", AzValue::Int(i64::from(rule.priority))),
                ("direction", str(direction)),
                ("access", str(access)),
                ("protocol", str(protocol)),
                ("sourcePortRange", str(&rule.source_ports)),
                ports,
                ("sourceAddressPrefix", str(&rule.source)),
                ("destinationAddressPrefix", str(&rule.destination)),
                ("description", str(rule.reason.why)),
            ]),
        ),
    ])
}

/// A service's network rules: the default action and the bypass, and the firewall's subnet rules
/// when there is one.
fn network_acls(acls: &NetworkAcls, rules: impl Fn(&Firewall) -> AzValue) -> AzValue {
    let NetworkAcls { default_action, bypass, firewall } = acls;
    let mut members = vec![
        ("defaultAction".to_owned(), str(default_action.azure_name())),
        ("bypass".to_owned(), str(bypass.azure_name())),
    ];
    if let Some(f) = firewall {
        members.push(("virtualNetworkRules".to_owned(), rules(f)));
    }
    AzValue::Object(members)
}

fn workspace_properties(ws: &Workspace) -> AzValue {
    // `sku` and `identity` are members of the resource object, written by `body`.
    let Workspace {
        friendly_name,
        storage,
        key_vault,
        application_insights,
        container_registry,
        sku: _,
        identity: _,
        public_network_access,
        image_build_compute,
        managed_network,
        system_datastores_auth,
    } = ws;
    let mut props = vec![
        ("friendlyName".to_owned(), str(friendly_name)),
        ("storageAccount".to_owned(), AzValue::Ref(*storage, RefAttr::Id)),
        ("keyVault".to_owned(), AzValue::Ref(*key_vault, RefAttr::Id)),
        ("applicationInsights".to_owned(), AzValue::Ref(*application_insights, RefAttr::Id)),
    ];
    if let Some(acr) = container_registry {
        props.push(("containerRegistry".to_owned(), AzValue::Ref(*acr, RefAttr::Id)));
    }
    props.push(("publicNetworkAccess".to_owned(), enabled(*public_network_access)));
    if let Some(build) = image_build_compute {
        props.push(("imageBuildCompute".to_owned(), str(build)));
    }
    if let Some(ManagedNetwork { isolation, firewall_sku, provision_now, explain: _ }) = managed_network {
        props.push(("managedNetwork".to_owned(), managed_network_settings(isolation, firewall_sku)));
        props.push(("provisionNetworkNow".to_owned(), AzValue::Bool(*provision_now)));
    }
    props.push(datastores_auth_member(*system_datastores_auth));
    AzValue::Object(props)
}

/// `properties.systemDatastoresAuthMode` of a workspace (azapi's update sends it too).
pub(crate) fn datastores_auth_member(auth: DatastoresAuth) -> (String, AzValue) {
    ("systemDatastoresAuthMode".to_owned(), str(auth.azure_name()))
}

/// `properties.managedNetwork` of a workspace (azapi's update sends the firewall SKU alone).
pub(crate) fn managed_network_settings(isolation: &Isolation, firewall_sku: &FirewallSku) -> AzValue {
    obj([("isolationMode", str(isolation.azure_name())), ("firewallSku", str(firewall_sku.azure_name()))])
}

/// The properties of a managed network outbound rule.
fn outbound_rule_properties(rule: &OutboundRule) -> AzValue {
    let OutboundRule { workspace: _, destination, explain: _ } = rule;
    let target = match destination {
        RuleDestination::Fqdn(fqdn) => str(fqdn),
        RuleDestination::ServiceTag { tag, protocol, port_ranges } => {
            obj([("serviceTag", str(*tag)), ("protocol", str(*protocol)), ("portRanges", str(port_ranges))])
        }
        RuleDestination::PrivateEndpoint { target, sub_resource, spark_enabled } => obj([
            (
                "serviceResourceId",
                match target {
                    RuleTarget::Resource(id) => AzValue::Ref(*id, RefAttr::Id),
                    RuleTarget::Existing(id) => str(id),
                },
            ),
            ("subresourceTarget", str(*sub_resource)),
            ("sparkEnabled", AzValue::Bool(*spark_enabled)),
        ]),
    };
    obj([
        ("type", str(destination.kind().azure_name())),
        ("category", str(managed_network::RULE_CATEGORY)),
        ("destination", target),
    ])
}

fn aml_instance_properties(instance: &AmlInstance) -> AzValue {
    // `identity` is a member of the resource object, written by `body`.
    let AmlInstance {
        workspace: _,
        subnet,
        vm_size,
        public_ip,
        idle_shutdown,
        local_auth,
        ssh_public_access,
        ssh_key,
        identity: _,
        assigned_user,
    } = instance;
    let mut ssh = vec![("sshPublicAccess".to_owned(), enabled(*ssh_public_access))];
    if let Some(key) = ssh_key {
        ssh.push(("adminPublicKey".to_owned(), AzValue::Param(*key)));
    }
    let mut inner = vec![("vmSize".to_owned(), str(vm_size))];
    inner.extend(subnet_member(*subnet));
    inner.extend([
        ("enableNodePublicIp".to_owned(), AzValue::Bool(*public_ip)),
        ("idleTimeBeforeShutdown".to_owned(), str(idle_shutdown)),
        ("sshSettings".to_owned(), AzValue::Object(ssh)),
    ]);
    if let Some(user) = assigned_user {
        inner.push((
            "personalComputeInstanceSettings".to_owned(),
            obj([("assignedUser", obj([("objectId", str(&user.object_id)), ("tenantId", str(&user.tenant_id))]))]),
        ));
    }
    obj([
        ("computeType", str("ComputeInstance")),
        ("disableLocalAuth", AzValue::Bool(!local_auth)),
        ("properties", AzValue::Object(inner)),
    ])
}

fn network_interface_properties(nic: &NetworkInterface) -> AzValue {
    let NetworkInterface { subnet, ip_configuration, private_ip_allocation } = nic;
    obj([(
        "ipConfigurations",
        arr([obj([
            ("name", str(ip_configuration)),
            (
                "properties",
                obj([
                    ("subnet", obj([("id", AzValue::Ref(*subnet, RefAttr::Id))])),
                    ("privateIPAllocationMethod", str(*private_ip_allocation)),
                ]),
            ),
        ])]),
    )])
}

fn virtual_machine_properties(res: &Resource, vm: &VirtualMachine) -> AzValue {
    let VirtualMachine {
        nic,
        vm_size,
        admin_username,
        ssh_public_key,
        image,
        os_disk_caching,
        os_disk_storage,
        password_authentication,
    } = vm;
    obj([
        ("hardwareProfile", obj([("vmSize", str(vm_size))])),
        (
            "storageProfile",
            obj([
                (
                    "imageReference",
                    obj([
                        ("publisher", str(image.publisher)),
                        ("offer", str(image.offer)),
                        ("sku", str(image.sku)),
                        ("version", str(image.version)),
                    ]),
                ),
                (
                    "osDisk",
                    obj([
                        ("createOption", str("FromImage")),
                        ("caching", str(*os_disk_caching)),
                        ("managedDisk", obj([("storageAccountType", str(*os_disk_storage))])),
                    ]),
                ),
            ]),
        ),
        (
            "osProfile",
            obj([
                ("computerName", str(&res.name)),
                ("adminUsername", str(admin_username)),
                (
                    "linuxConfiguration",
                    obj([
                        ("disablePasswordAuthentication", AzValue::Bool(!password_authentication)),
                        (
                            "ssh",
                            obj([(
                                "publicKeys",
                                arr([obj([
                                    ("path", str(format!("/home/{admin_username}/.ssh/authorized_keys"))),
                                    ("keyData", AzValue::Param(*ssh_public_key)),
                                ])]),
                            )]),
                        ),
                    ]),
                ),
            ]),
        ),
        ("networkProfile", obj([("networkInterfaces", arr([obj([("id", AzValue::Ref(*nic, RefAttr::Id))])]))])),
    ])
}

fn private_endpoint_properties(res: &Resource, pe: &PrivateEndpoint) -> AzValue {
    let PrivateEndpoint { subnet, service, target } = pe;
    let target = private_link::target(*target);
    obj([
        ("subnet", obj([("id", AzValue::Ref(*subnet, RefAttr::Id))])),
        (
            "privateLinkServiceConnections",
            arr([obj([
                ("name", str(&res.name)),
                (
                    "properties",
                    obj([
                        ("privateLinkServiceId", AzValue::Ref(*service, RefAttr::Id)),
                        ("groupIds", arr([str(target.group_id)])),
                    ]),
                ),
            ])]),
        ),
    ])
}

fn zone_group_properties(graph: &Graph, group: &PrivateDnsZoneGroup) -> AzValue {
    let PrivateDnsZoneGroup { endpoint: _, zones, existing } = group;
    let config = |name: &str, id: AzValue| {
        obj([("name", str(name.replace('.', "-"))), ("properties", obj([("privateDnsZoneId", id)]))])
    };
    let created = zones.iter().map(|&zone| config(&graph.resource(zone).name, AzValue::Ref(zone, RefAttr::Id)));
    let existing = existing.iter().map(|z| config(&z.name, str(z.id.clone())));
    obj([("privateDnsZoneConfigs", arr(created.chain(existing)))])
}

fn zone_link_properties(link: &PrivateDnsZoneLink) -> AzValue {
    let PrivateDnsZoneLink { zone: _, vnet, registration } = link;
    obj([
        ("registrationEnabled", AzValue::Bool(*registration)),
        ("virtualNetwork", obj([("id", AzValue::Ref(*vnet, RefAttr::Id))])),
    ])
}

/// `subnet: { id }` of a compute cluster or instance; none in a workspace managed network.
fn subnet_member(subnet: Option<ResourceId>) -> Option<(String, AzValue)> {
    subnet.map(|s| ("subnet".to_owned(), obj([("id", AzValue::Ref(s, RefAttr::Id))])))
}

fn aml_cluster_properties(cluster: &AmlCluster) -> AzValue {
    // `identity` is a member of the resource object, written by `body`.
    let AmlCluster {
        workspace: _,
        subnet,
        vm_size,
        min_nodes,
        max_nodes,
        public_ip,
        ssh,
        ssh_public_access,
        vm_priority,
        os_type,
        scale_down_after,
        local_auth,
        identity: _,
    } = cluster;
    let mut inner = vec![
        ("vmSize".to_owned(), str(vm_size)),
        ("vmPriority".to_owned(), str(vm_priority.azure_name())),
        ("osType".to_owned(), str(os_type.azure_name())),
        (
            "scaleSettings".to_owned(),
            obj([
                ("minNodeCount", AzValue::Int(i64::from(*min_nodes))),
                ("maxNodeCount", AzValue::Int(i64::from(*max_nodes))),
                ("nodeIdleTimeBeforeScaleDown", str(*scale_down_after)),
            ]),
        ),
    ];
    inner.extend(subnet_member(*subnet));
    inner.extend([
        ("enableNodePublicIp".to_owned(), AzValue::Bool(*public_ip)),
        ("remoteLoginPortPublicAccess".to_owned(), enabled(*ssh_public_access)),
    ]);
    if let Some(Credentials { username, secret }) = ssh {
        inner.push((
            "userAccountCredentials".to_owned(),
            obj([("adminUserName", AzValue::Param(*username)), ("adminUserSshPublicKey", AzValue::Param(*secret))]),
        ));
    }
    obj([
        ("computeType", str("AmlCompute")),
        ("disableLocalAuth", AzValue::Bool(!local_auth)),
        ("properties", AzValue::Object(inner)),
    ])
}

fn attached_properties(attached: &AttachedCompute) -> AzValue {
    let AttachedCompute { workspace: _, attach, target, admin, ssh_port } = attached;
    let compute_type = match attach {
        AttachKind::VirtualMachine => crate::azure::catalog::ATTACHED_VM_COMPUTE_TYPE,
        AttachKind::HdInsight => crate::azure::catalog::ATTACHED_HDINSIGHT_COMPUTE_TYPE,
    };
    let resource_id = match target {
        AttachTarget::Existing(id) => str(id),
        AttachTarget::Created(vm) => AzValue::Ref(*vm, RefAttr::Id),
    };
    let account = match admin {
        AttachAdmin::Password(Credentials { username, secret }) => {
            obj([("username", AzValue::Param(*username)), ("password", AzValue::Param(*secret))])
        }
        AttachAdmin::PrivateKey { username, private_key } => {
            obj([("username", str(username)), ("privateKeyData", AzValue::Param(*private_key))])
        }
    };
    obj([
        ("computeType", str(compute_type)),
        ("resourceId", resource_id),
        ("properties", obj([("sshPort", AzValue::Int(i64::from(*ssh_port))), ("administratorAccount", account)])),
    ])
}

fn managed_cluster_properties(aks: &ManagedCluster) -> AzValue {
    // `identity` is a member of the resource object, written by `body`.
    let ManagedCluster {
        subnet,
        identity: _,
        node_count,
        vm_size,
        dns_prefix,
        pod_cidr,
        service_cidr,
        dns_service_ip,
        network_plugin,
        network_plugin_mode,
        network_policy,
        load_balancer_sku,
        outbound_type,
        rbac,
        local_accounts_disabled,
        os_type,
        private_cluster,
        private_cluster_public_fqdn,
        hardening,
        required_fqdns: _,
        private_dns_zone,
    } = aks;
    let mut network = vec![("networkPlugin".to_owned(), str(network_plugin.azure_name()))];
    if let Some(mode) = network_plugin_mode {
        network.push(("networkPluginMode".to_owned(), str(mode.azure_name())));
    }
    network.extend(
        [
            ("networkPolicy", str(network_policy.azure_name())),
            ("podCidr", str(pod_cidr.to_string())),
            ("serviceCidr", str(service_cidr.to_string())),
            ("dnsServiceIP", str(dns_service_ip.to_string())),
            ("loadBalancerSku", str(load_balancer_sku.azure_name())),
            ("outboundType", str(outbound_type.azure_name())),
        ]
        .map(|(k, v)| (k.to_owned(), v)),
    );
    let mut api_server = vec![("enablePrivateCluster".to_owned(), AzValue::Bool(*private_cluster))];
    if let Some(public_fqdn) = private_cluster_public_fqdn {
        api_server.push(("enablePrivateClusterPublicFQDN".to_owned(), AzValue::Bool(*public_fqdn)));
    }
    if let Some(zone) = private_dns_zone {
        api_server.push(("privateDNSZone".to_owned(), str(zone.azure_value())));
    }
    obj([
        ("dnsPrefix", str(dns_prefix)),
        ("enableRBAC", AzValue::Bool(*rbac)),
        ("disableLocalAccounts", AzValue::Bool(*local_accounts_disabled)),
        (
            "agentPoolProfiles",
            arr([obj([
                ("name", str("system")),
                ("mode", str("System")),
                ("count", AzValue::Int(i64::from(*node_count))),
                ("vmSize", str(vm_size)),
                ("osType", str(os_type.azure_name())),
                ("type", str("VirtualMachineScaleSets")),
                ("vnetSubnetID", AzValue::Ref(*subnet, RefAttr::Id)),
            ])]),
        ),
        ("networkProfile", AzValue::Object(network)),
        ("apiServerAccessProfile", AzValue::Object(api_server)),
        (
            "aadProfile",
            obj([("managed", AzValue::Bool(true)), ("enableAzureRBAC", AzValue::Bool(hardening.azure_rbac))]),
        ),
        (
            "autoUpgradeProfile",
            obj([
                ("upgradeChannel", str(hardening.upgrade_channel.azure_name())),
                ("nodeOSUpgradeChannel", str(hardening.node_os_upgrade_channel.azure_name())),
            ]),
        ),
        (
            "addonProfiles",
            AzValue::Object(vec![(
                crate::azure::aks::AZURE_POLICY_ADDON.to_owned(),
                obj([("enabled", AzValue::Bool(hardening.azure_policy))]),
            )]),
        ),
    ])
}

fn aks_compute_properties(graph: &Graph, attach: &AksCompute) -> AzValue {
    let AksCompute {
        workspace: _,
        cluster: _,
        subnet: _,
        service_cidr: _,
        dns_service_ip: _,
        docker_bridge_cidr: _,
        internal_load_balancer: _,
        cluster_purpose,
        tls,
    } = attach;
    let cluster = graph.resource(attach.cluster);
    let Body::ManagedCluster(aks) = &cluster.body else {
        unreachable!(
            "AKS compute refers to {} ({:?}), lower only points it at a managed cluster",
            cluster.name, cluster.kind
        )
    };
    let mut networking = vec![
        ("subnetId".to_owned(), AzValue::Ref(attach.subnet, RefAttr::Id)),
        ("serviceCidr".to_owned(), str(attach.service_cidr.to_string())),
        ("dnsServiceIP".to_owned(), str(attach.dns_service_ip.to_string())),
    ];
    if let Some(bridge) = attach.docker_bridge_cidr {
        networking.push(("dockerBridgeCidr".to_owned(), str(bridge.to_string())));
    }
    obj([
        ("computeType", str("AKS")),
        ("resourceId", AzValue::Ref(attach.cluster, RefAttr::Id)),
        (
            "properties",
            AzValue::Object({
                let mut props = vec![
                    ("agentCount".to_owned(), AzValue::Int(i64::from(aks.node_count))),
                    ("agentVmSize".to_owned(), str(&aks.vm_size)),
                ];
                if attach.internal_load_balancer {
                    props.push(("loadBalancerType".to_owned(), str("InternalLoadBalancer")));
                    props.push(("loadBalancerSubnet".to_owned(), AzValue::Ref(attach.subnet, RefAttr::Name)));
                }
                props.push(("aksNetworkingConfiguration".to_owned(), AzValue::Object(networking)));
                props.push(("clusterPurpose".to_owned(), str(cluster_purpose.azure_name())));
                props.push(("sslConfiguration".to_owned(), ssl_configuration(tls.as_ref())));
                props
            }),
        ),
    ])
}

fn cluster_extension_properties(ext: &ClusterExtension) -> AzValue {
    let (settings, protected) = ext.settings();
    let mut props = vec![
        ("extensionType".to_owned(), str(aks::EXTENSION_TYPE)),
        // azurerm states no version either: Azure installs the latest and upgrades it.
        ("autoUpgradeMinorVersion".to_owned(), AzValue::Bool(true)),
        ("releaseTrain".to_owned(), str(aks::EXTENSION_RELEASE_TRAIN)),
        ("scope".to_owned(), obj([("cluster", obj([("releaseNamespace", str(aks::EXTENSION_RELEASE_NAMESPACE))]))])),
        (
            "configurationSettings".to_owned(),
            AzValue::Object(settings.into_iter().map(|(k, v)| (k.to_owned(), str(v))).collect()),
        ),
    ];
    if !protected.is_empty() {
        props.push((
            "configurationProtectedSettings".to_owned(),
            AzValue::Object(protected.into_iter().map(|(k, p)| (k.to_owned(), AzValue::Param(p))).collect()),
        ));
    }
    AzValue::Object(props)
}

fn kubernetes_compute_properties(k8s: &KubernetesCompute) -> AzValue {
    let KubernetesCompute { workspace: _, cluster, extension: _, namespace } = k8s;
    obj([
        ("computeType", str(aks::KUBERNETES_COMPUTE_TYPE)),
        ("resourceId", AzValue::Ref(*cluster, RefAttr::Id)),
        ("properties", obj([("namespace", str(namespace))])),
    ])
}

/// The scoring endpoint's TLS, stated as disabled when the spec has none.
fn ssl_configuration(tls: Option<&AksTls>) -> AzValue {
    let mut ssl = vec![("status".to_owned(), enabled(tls.is_some()))];
    match tls {
        None => {}
        Some(AksTls::Microsoft { leaf_domain_label }) => {
            ssl.push(("leafDomainLabel".to_owned(), str(leaf_domain_label)));
            ssl.push(("overwriteExistingDomain".to_owned(), AzValue::Bool(false)));
        }
        Some(AksTls::Custom { cname, cert, key }) => {
            ssl.push(("cname".to_owned(), str(cname)));
            ssl.push(("cert".to_owned(), AzValue::Param(*cert)));
            ssl.push(("key".to_owned(), AzValue::Param(*key)));
        }
    }
    AzValue::Object(ssl)
}

fn role_assignment_properties(ra: &RoleAssignment) -> AzValue {
    let RoleAssignment { scope: _, principal, role, principal_type, principal_identity } = ra;
    let attr = match principal_identity {
        PrincipalIdentity::Own => RefAttr::PrincipalId,
        PrincipalIdentity::Kubelet => RefAttr::KubeletObjectId,
    };
    obj([
        ("roleDefinitionId", AzValue::RoleDefinitionId(*role)),
        ("principalId", AzValue::Ref(*principal, attr)),
        ("principalType", str(principal_type.azure_name())),
    ])
}

#[cfg(test)]
pub(crate) mod tests {
    //! A hand-built graph covering every body kind, shared with the ARM and Bicep emitter tests
    //! until lowering exists.

    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;

    use super::*;
    use crate::azure::catalog::ApiKind;
    use crate::azure::defaults::{self, Bypass, PrincipalType};
    use crate::azure::network::{Access, Direction, Protocol};
    use crate::azure::network::{CURRENT_COMPUTE_DOC, Catalogue, KEY_VAULT_FIREWALL, STORAGE_FIREWALL};
    use crate::azure::regions;
    use crate::ir::{
        ApplicationInsights, ContainerRegistry, Explain, ExtraDep, KeyVault, Param, Reason, Route, RouteTable,
        RuleList, StorageAccount, VirtualNetwork,
    };
    use crate::net::Ipv4Net;

    fn net(text: &str) -> Ipv4Net {
        Ipv4Net::parse_interface(text).unwrap()
    }

    fn reason() -> Reason {
        Reason { entry: "test/entry", why: "a test rule", source: CURRENT_COMPUTE_DOC }
    }

    fn explain() -> Explain {
        Explain { spec: "compute[0]".into(), entry: "test/entry", why: "a test rule", source: CURRENT_COMPUTE_DOC }
    }

    fn add(graph: &mut Graph, kind: ApiKind, name: &str, symbol: &str, body: Body) -> ResourceId {
        graph.add(Resource {
            kind,
            name: name.into(),
            local: symbol.into(),
            symbol: symbol.into(),
            tagged: !matches!(kind, ApiKind::Subnet | ApiKind::Compute | ApiKind::RoleAssignment),
            origin: "test".into(),
            body,
        })
    }

    /// Every body kind once; the subnet NSG is added after the virtual network on purpose, as lower
    /// may do, so the vnet must depend on it through its inlined subnet.
    pub(crate) fn sample_graph() -> Graph {
        let tags =
            BTreeMap::from([("env".to_owned(), "dev".to_owned()), ("owner".to_owned(), "[ml's team]".to_owned())]);
        let mut g = Graph::new("demo".into(), regions::region("eastus").unwrap(), Catalogue::Current, tags);
        let user =
            g.add_param(Param { name: "admin_username".into(), secure: false, description: "Admin user".into() });
        let key = g.add_param(Param { name: "admin_ssh_key".into(), secure: true, description: "SSH key".into() });
        let vm_user = g.add_param(Param { name: "vm_username".into(), secure: false, description: "VM user".into() });
        let vm_pw = g.add_param(Param { name: "vm_password".into(), secure: true, description: "VM password".into() });
        let rules_list = g.add_rule_list(RuleList {
            rules: vec![
                SecurityRule {
                    name: "AllowAzureMachineLearningInbound".into(),
                    priority: 100,
                    direction: Direction::Inbound,
                    access: Access::Allow,
                    protocol: Protocol::Tcp,
                    source: "AzureMachineLearning".into(),
                    source_ports: "*".into(),
                    destination: "*".into(),
                    destination_ports: vec!["44224".into()],
                    reason: reason(),
                },
                SecurityRule {
                    name: "AllowBatchOutbound".into(),
                    priority: 100,
                    direction: Direction::Outbound,
                    access: Access::Allow,
                    protocol: Protocol::Any,
                    source: "VirtualNetwork".into(),
                    source_ports: "*".into(),
                    destination: "BatchNodeManagement.EastUS".into(),
                    destination_ports: vec!["443".into(), "5831".into()],
                    reason: reason(),
                },
            ],
        });
        let nsg = add(
            &mut g,
            ApiKind::NetworkSecurityGroup,
            "nsg-training",
            "nsg_training",
            Body::NetworkSecurityGroup(NetworkSecurityGroup {
                rules: rules_list,
                selected_by: vec!["compute[0]".into(); 2],
            }),
        );
        let rt = add(
            &mut g,
            ApiKind::RouteTable,
            "rt-training",
            "rt_training",
            Body::RouteTable(RouteTable {
                routes: vec![
                    Route {
                        name: "to-aml".into(),
                        address_prefix: "AzureMachineLearning".into(),
                        next_hop: NextHop::Internet,
                        explain: explain(),
                    },
                    Route {
                        name: "default".into(),
                        address_prefix: "0.0.0.0/0".into(),
                        next_hop: NextHop::VirtualAppliance(Ipv4Addr::new(10, 0, 0, 4)),
                        explain: explain(),
                    },
                ],
                bgp_route_propagation: true,
            }),
        );
        // The vnet's subnet list is filled in once the subnets exist.
        let vnet = add(
            &mut g,
            ApiKind::VirtualNetwork,
            "vnet-demo",
            "vnet",
            Body::VirtualNetwork(VirtualNetwork {
                address_space: vec![net("10.0.0.0/16")],
                existing: None,
                subnets: vec![],
                dns_servers: DnsServers::Azure,
            }),
        );
        let no_rules = g.add_rule_list(RuleList { rules: vec![] });
        let aks_nsg = add(
            &mut g,
            ApiKind::NetworkSecurityGroup,
            "nsg-aks",
            "nsg_aks",
            Body::NetworkSecurityGroup(NetworkSecurityGroup { rules: no_rules, selected_by: vec![] }),
        );
        let training = add(
            &mut g,
            ApiKind::Subnet,
            "training",
            "snet_training",
            Body::Subnet(Subnet {
                vnet,
                prefix: net("10.0.1.0/24"),
                nsg: Some(nsg),
                route_table: Some(rt),
                service_endpoints: vec![KEY_VAULT_FIREWALL.service_endpoint, STORAGE_FIREWALL.service_endpoint],
                delegations: vec![],
                private_endpoint_policies: Toggle::Enabled,
                private_link_service_policies: Toggle::Enabled,
                default_outbound_access: defaults::SUBNET.default_outbound_access,
                nat_gateway: None,
            }),
        );
        let aks_subnet = add(
            &mut g,
            ApiKind::Subnet,
            "aks",
            "snet_aks",
            Body::Subnet(Subnet {
                vnet,
                prefix: net("10.0.2.0/24"),
                nsg: Some(aks_nsg),
                route_table: None,
                service_endpoints: vec![],
                delegations: vec![],
                private_endpoint_policies: Toggle::Disabled,
                private_link_service_policies: Toggle::Enabled,
                default_outbound_access: defaults::SUBNET.default_outbound_access,
                nat_gateway: None,
            }),
        );
        let Body::VirtualNetwork(v) = &mut g.resource_mut(vnet).body else { unreachable!() };
        v.subnets = vec![training, aks_subnet];
        let acls = || NetworkAcls {
            default_action: DefaultAction::Deny,
            bypass: Bypass::AzureServices,
            firewall: Some(Firewall { subnets: vec![training], explain: explain() }),
        };
        let st = add(
            &mut g,
            ApiKind::StorageAccount,
            "stdemo",
            "storage",
            Body::StorageAccount(StorageAccount {
                settings: defaults::STORAGE,
                public_network_access: true,
                network_acls: acls(),
            }),
        );
        let kv = add(
            &mut g,
            ApiKind::KeyVault,
            "kv-demo",
            "key_vault",
            Body::KeyVault(KeyVault {
                settings: defaults::KEY_VAULT,
                public_network_access: true,
                network_acls: acls(),
            }),
        );
        let log = add(
            &mut g,
            ApiKind::LogAnalytics,
            "log-demo",
            "log_analytics",
            Body::LogAnalytics(LogAnalytics {
                sku: defaults::LOG_ANALYTICS.sku,
                retention_days: defaults::LOG_ANALYTICS.retention_days,
            }),
        );
        let appi = add(
            &mut g,
            ApiKind::ApplicationInsights,
            "appi-demo",
            "app_insights",
            Body::ApplicationInsights(ApplicationInsights {
                log_analytics: log,
                application_type: defaults::ApplicationType::Web,
            }),
        );
        let acr = add(
            &mut g,
            ApiKind::ContainerRegistry,
            "crdemo",
            "registry",
            Body::ContainerRegistry(ContainerRegistry {
                sku: defaults::REGISTRY.sku,
                admin_user: false,
                public_network_access: true,
                default_action: Some(DefaultAction::Allow),
                bypass: Bypass::AzureServices,
            }),
        );
        let ws = add(
            &mut g,
            ApiKind::Workspace,
            "mlw-demo",
            "workspace",
            Body::Workspace(Workspace {
                friendly_name: "mlw-demo".into(),
                storage: st,
                key_vault: kv,
                application_insights: appi,
                container_registry: Some(acr),
                sku: defaults::WORKSPACE_SKU,
                identity: IdentityType::SystemAssigned,
                public_network_access: true,
                image_build_compute: None,
                managed_network: None,
                system_datastores_auth: defaults::SYSTEM_DATASTORES_AUTH,
            }),
        );
        add(
            &mut g,
            ApiKind::Compute,
            "cpu-cluster",
            "compute_cpu_cluster",
            Body::AmlCluster(AmlCluster {
                workspace: ws,
                subnet: Some(training),
                vm_size: "Standard_DS3_v2".into(),
                min_nodes: 0,
                max_nodes: 4,
                public_ip: false,
                ssh: Some(Credentials { username: user, secret: key }),
                ssh_public_access: false,
                vm_priority: defaults::COMPUTE.vm_priority,
                os_type: defaults::COMPUTE.os_type,
                scale_down_after: defaults::COMPUTE.scale_down_after,
                local_auth: false,
                identity: IdentityType::SystemAssigned,
            }),
        );
        add(
            &mut g,
            ApiKind::Compute,
            "hdi",
            "compute_hdi",
            Body::AttachedCompute(AttachedCompute {
                workspace: ws,
                attach: AttachKind::HdInsight,
                target: AttachTarget::Existing("/subscriptions/x/resourceGroups/y/providers/hdi".into()),
                admin: AttachAdmin::Password(Credentials { username: vm_user, secret: vm_pw }),
                ssh_port: defaults::ATTACHED_SSH_PORT,
            }),
        );
        let identity = add(&mut g, ApiKind::UserAssignedIdentity, "id-aks", "aks_identity", Body::UserAssignedIdentity);
        let role = add(
            &mut g,
            ApiKind::RoleAssignment,
            "aks-network-contributor",
            "aks_network_contributor",
            Body::RoleAssignment(RoleAssignment {
                scope: aks_subnet,
                principal: identity,
                role: Role::NetworkContributor,
                principal_type: PrincipalType::ServicePrincipal,
                principal_identity: crate::ir::PrincipalIdentity::Own,
            }),
        );
        let aks = add(
            &mut g,
            ApiKind::ManagedCluster,
            "aks-demo",
            "aks",
            Body::ManagedCluster(ManagedCluster {
                subnet: aks_subnet,
                identity,
                node_count: 3,
                vm_size: "Standard_D4s_v5".into(),
                dns_prefix: "demo".into(),
                pod_cidr: net("10.244.0.0/16"),
                service_cidr: net("10.100.0.0/16"),
                dns_service_ip: Ipv4Addr::new(10, 100, 0, 10),
                network_plugin: defaults::AksNetworkPlugin::Azure,
                network_plugin_mode: Some(defaults::AksNetworkPluginMode::Overlay),
                network_policy: defaults::AksNetworkPolicy::Azure,
                load_balancer_sku: defaults::AKS.load_balancer_sku,
                outbound_type: defaults::AKS.outbound_type,
                rbac: true,
                local_accounts_disabled: false,
                os_type: defaults::AKS.os_type,
                private_cluster: false,
                private_cluster_public_fqdn: None,
                hardening: defaults::AKS_HARDENING,
                required_fqdns: Vec::new(),
                private_dns_zone: None,
            }),
        );
        g.add_extra_dep(ExtraDep { from: aks, to: role, reason: "the cluster needs its subnet role first" });
        add(
            &mut g,
            ApiKind::Compute,
            "inference",
            "compute_inference",
            Body::AksCompute(AksCompute {
                workspace: ws,
                cluster: aks,
                subnet: aks_subnet,
                service_cidr: net("10.100.0.0/16"),
                dns_service_ip: Ipv4Addr::new(10, 100, 0, 10),
                docker_bridge_cidr: Some(net("172.17.0.1/16")),
                internal_load_balancer: false,
                cluster_purpose: crate::azure::aks::ClusterPurpose::Production,
                tls: None,
            }),
        );
        g.check_invariants().unwrap();
        g
    }

    fn keys(members: &[(String, AzValue)]) -> Vec<&str> {
        members.iter().map(|(k, _)| k.as_str()).collect()
    }

    fn member<'a>(value: &'a AzValue, key: &str) -> &'a AzValue {
        let AzValue::Object(members) = value else { panic!("{value:?} is not an object") };
        &members.iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("no {key} in {value:?}")).1
    }

    fn by_symbol(graph: &Graph, symbol: &str) -> ResourceId {
        graph.resources().find(|(_, r)| r.symbol == symbol).unwrap().0
    }

    #[test]
    fn canonical_member_order() {
        let g = sample_graph();
        let check = |symbol: &str, expect: &[&str]| {
            assert_eq!(keys(&body(&g, by_symbol(&g, symbol))), expect, "{symbol}");
        };
        check("storage", &["location", "tags", "kind", "sku", "properties"]);
        check("workspace", &["location", "tags", "sku", "identity", "properties"]);
        check("compute_cpu_cluster", &["location", "identity", "properties"]);
        check("snet_training", &["properties"]);
        check("aks_network_contributor", &["properties"]);
        check("aks", &["location", "tags", "identity", "properties"]);
    }

    #[test]
    fn vnet_inlines_subnets_and_depends_on_their_nsgs() {
        let g = sample_graph();
        let vnet = by_symbol(&g, "vnet");
        let members = body(&g, vnet);
        let AzValue::Array(subnets) = member(&members[2].1, "subnets") else { panic!() };
        assert_eq!(subnets.len(), 2);
        assert_eq!(member(&subnets[0], "name"), &AzValue::Str("training".into()));
        let deps: Vec<_> = inline_deps(&g, vnet).into_iter().map(|d| g.resource(d).symbol.as_str()).collect();
        assert_eq!(deps, ["nsg_training", "rt_training", "nsg_aks"]);
    }

    #[test]
    fn references_to_subnets_become_vnet_dependencies() {
        let g = sample_graph();
        let deps = |symbol: &str| -> Vec<String> {
            inline_deps(&g, by_symbol(&g, symbol)).into_iter().map(|d| g.resource(d).symbol.clone()).collect()
        };
        assert_eq!(deps("storage"), ["vnet"]);
        assert_eq!(deps("compute_cpu_cluster"), ["workspace", "vnet"]);
        assert_eq!(deps("aks"), ["vnet", "aks_identity", "aks_network_contributor"]);
        assert_eq!(deps("aks_network_contributor"), ["vnet", "aks_identity"]);
    }

    #[test]
    fn aks_attach_reads_the_cluster_and_keeps_docker_bridge_off_the_cluster() {
        let g = sample_graph();
        let attach = body(&g, by_symbol(&g, "compute_inference"));
        let inner = member(&attach[1].1, "properties");
        assert_eq!(member(inner, "agentCount"), &AzValue::Int(3));
        assert_eq!(member(inner, "agentVmSize"), &AzValue::Str("Standard_D4s_v5".into()));
        let cluster = format!("{:?}", body(&g, by_symbol(&g, "aks")));
        assert!(!cluster.contains("dockerBridgeCidr"));
    }

    #[test]
    fn camel_case() {
        assert_eq!(camel("cpu_cluster_admin_username"), "cpuClusterAdminUsername");
        assert_eq!(camel("vnet"), "vnet");
        assert_eq!(camel("snet_a_b2"), "snetAB2");
        assert_eq!(camel("snet_train_1"), "snetTrain_1");
        assert_ne!(camel("snet_train_1"), camel("snet_train1"));
    }

    /// The rule list of the security group `nsg`.
    pub(crate) fn rule_list_of(graph: &Graph, nsg: ResourceId) -> RuleListId {
        match &graph.resource(nsg).body {
            Body::NetworkSecurityGroup(group) => group.rules,
            other => unreachable!("rules of a {other:?}, not a network security group"),
        }
    }

    #[test]
    fn single_port_uses_the_singular_member() {
        let g = sample_graph();
        let nsg = by_symbol(&g, "nsg_training");
        let list = rule_list_of(&g, nsg);
        let text = format!("{:?}", security_rules(&g, list));
        assert!(text.contains("\"destinationPortRange\", Str(\"44224\")"));
        assert!(text.contains("\"destinationPortRanges\", Array"));
        // The body leaves them for each emitter to print once per list of rules.
        let body = body(&g, nsg);
        let properties = &body.iter().find(|(k, _)| k == "properties").expect("properties").1;
        assert_eq!(properties, &obj([("securityRules", AzValue::SecurityRules(list))]));
        assert!(
            matches!(security_rules(&g, list), AzValue::Array(items) if items.len() == g.rule_list(list).rules.len())
        );
    }
}
