//! Lowering: [`ValidSpec`] → [`Graph`], once, for every emitter.
//!
//! This is where policy lives: which subnets count as compute subnets, which catalogue triggers each
//! subnet has, how priorities are assigned, which subnets the firewalls admit, how resources are named.
//! The facts themselves (rules, ports, tags, types, limits) come from `azure`. Lowering is pure and
//! infallible: `ValidSpec` guarantees every precondition, and a broken one is a bug (`unreachable!`).
//!
//! Creation order is output order, and references only point backwards: NSGs and the route table come
//! before the virtual network and its subnets, the subnets before the services whose firewalls admit
//! them, the workspace before its computes.

mod aks;
mod compute;
mod diagnostics;
mod dns;
mod egress;
pub(crate) mod hub;
mod locks;
mod managed;
mod monitor;
pub(crate) mod naming;
mod subnet;

use std::collections::HashMap;

use compute::ComputeContext;
use subnet::{SubnetName, SubnetPolicy};

use crate::azure::catalog::{ApiKind, Role};
use crate::azure::defaults::{
    self, AksNetworkPlugin, AksNetworkPluginMode, AksNetworkPolicy, ApplicationType, DefaultAction, IdentityType,
    PrincipalType,
};
use crate::azure::limits;
use crate::azure::network::{
    self, Access, Direction, FirewallTemplate, PeerTemplate, Ports, RouteTemplate, RuleTemplate, ServiceTag, Trigger,
};
use crate::azure::private_link::{self, Target};
use crate::ir::{
    AksCompute, ApplicationInsights, AttachKind, Body, ContainerRegistry, ExistingScope, Explain, ExtraDep, Firewall,
    Graph, KeyVault, LogAnalytics, ManagedCluster, NetworkAcls, NetworkSecurityGroup, NextHop, Param,
    PrincipalIdentity, PrivateDnsZoneGroup, PrivateEndpoint, Reason, Resource, ResourceId, RoleAssignment, Route,
    RouteTable, RuleList, RuleListId, SecurityRule, StorageAccount, VirtualNetwork, Workspace,
};
use crate::names::{global_name, ident};
use crate::spec::valid::{self, DefaultHop, OutboundMode, ValidCompute, ValidComputeKind, ValidSpec};

/// Builds the resource graph of a valid spec.
pub fn lower(spec: &ValidSpec) -> Graph {
    let mut graph = Graph::new(spec.name.clone(), spec.region, spec.catalogue, spec.tags.clone());
    let roles = subnet_roles(spec);
    let hub = hub::network(&mut graph, spec);

    // Each distinct rule list is stored once, whichever groups hold it: subnets that host the same
    // kinds of compute get equal lists (equal as IR values, every field included).
    let mut rule_lists: HashMap<RuleList, RuleListId> = HashMap::new();
    // A subnet Azure reserves for one of its services gets no NSG from amlnet where Azure refuses one
    // (`validate` keeps compute and private endpoints out of it). In an existing network amlnet leaves it
    // alone altogether: it holds nothing of amlnet's, and re-declaring it would reset what its service set.
    let reserved: Vec<Option<&network::ReservedSubnet>> =
        spec.vnet.subnets.iter().map(|subnet| network::reserved_subnet(&subnet.name)).collect();
    let untouched = |idx: usize| reserved[idx].is_some() && spec.vnet.existing.is_some();
    let nsgs: Vec<Option<ResourceId>> = spec
        .vnet
        .subnets
        .iter()
        .enumerate()
        .map(|(idx, subnet)| {
            if reserved[idx].is_some_and(|r| !r.nsg) || untouched(idx) {
                return None;
            }
            let (list, selected_by) = security_rules(spec, idx, &roles[idx]);
            debug_assert!(list.rules.len() <= limits::RULES_PER_NSG, "subnet {idx}: validate bounds the rule count");
            let rules = match rule_lists.get(&list) {
                Some(id) => *id,
                None => {
                    let id = graph.add_rule_list(list.clone());
                    rule_lists.insert(list, id);
                    id
                }
            };
            let local = ident(&subnet.name);
            Some(graph.add(Resource {
                kind: ApiKind::NetworkSecurityGroup,
                name: naming::derived(spec, ApiKind::NetworkSecurityGroup, Some(&subnet.name)),
                symbol: format!("nsg_{local}"),
                local,
                tagged: true,
                origin: subnet.path.clone(),
                body: Body::NetworkSecurityGroup(NetworkSecurityGroup { rules, selected_by }),
            }))
        })
        .collect();

    let route_table = spec.forced_tunneling.as_ref().filter(|_| roles.iter().any(|r| r.training())).map(|ft| {
        graph.add(Resource {
            kind: ApiKind::RouteTable,
            name: naming::derived(spec, ApiKind::RouteTable, None),
            local: "main".to_owned(),
            symbol: "rt".to_owned(),
            tagged: true,
            origin: ft.path.clone(),
            body: Body::RouteTable(RouteTable {
                routes: routes(spec, hub.as_ref()),
                bgp_route_propagation: defaults::ROUTE_TABLE_BGP_PROPAGATION,
            }),
        })
    });

    let nat_gateways = egress::nat_gateways(&mut graph, spec);

    let vnet = graph.add(Resource {
        kind: ApiKind::VirtualNetwork,
        name: naming::spoke_vnet(spec),
        local: "main".to_owned(),
        symbol: "vnet".to_owned(),
        tagged: true,
        origin: "vnet".to_owned(),
        body: Body::VirtualNetwork(VirtualNetwork {
            address_space: spec.vnet.address_space.clone(),
            existing: spec
                .vnet
                .existing
                .as_ref()
                .map(|e| ExistingScope { resource_group: e.resource_group.clone(), subscription: None }),
            subnets: vec![],
            dns_servers: dns::spoke_servers(spec, hub.as_ref().filter(|h| h.dns_proxy).and_then(|h| h.firewall)),
        }),
    });

    let storage_fw = spec.workspace.storage.firewall;
    let key_vault_fw = spec.workspace.key_vault.firewall;
    let private = spec.workspace.private_endpoints.as_ref();
    // Private endpoints replace the service endpoints: the firewalls then admit no subnet.
    let service_endpoints_on = private.is_none();
    let subnets: Vec<Option<ResourceId>> = spec
        .vnet
        .subnets
        .iter()
        .enumerate()
        .map(|(idx, subnet)| {
            if untouched(idx) {
                return None;
            }
            let admitted = roles[idx].admitted() && service_endpoints_on;
            let mut service_endpoints = Vec::new();
            if admitted && storage_fw {
                service_endpoints.push(network::STORAGE_FIREWALL.service_endpoint);
            }
            if admitted && key_vault_fw {
                service_endpoints.push(network::KEY_VAULT_FIREWALL.service_endpoint);
            }
            service_endpoints.sort_unstable();
            let name = SubnetName { name: &subnet.name, local: ident(&subnet.name), origin: &subnet.path };
            let policy = SubnetPolicy {
                nsg: nsgs[idx],
                route_table: route_table
                    .filter(|_| roles[idx].training() && reserved[idx].is_none_or(|r| r.route_table)),
                service_endpoints,
                private_endpoint_policies: if private.is_some_and(|pe| pe.subnet == idx) {
                    defaults::SUBNET.private_endpoint_policies_endpoint_subnet
                } else {
                    defaults::SUBNET.private_endpoint_policies
                },
                default_outbound_access: egress::default_outbound_access(spec),
                nat_gateway: nat_gateways[idx],
            };
            Some(subnet::add(&mut graph, vnet, subnet.prefix, name, policy))
        })
        .collect();
    if let Body::VirtualNetwork(v) = &mut graph.resource_mut(vnet).body {
        v.subnets = subnets.iter().flatten().copied().collect();
    }
    if let Some(hub) = &hub {
        hub::peerings(&mut graph, spec, hub, vnet);
    }
    // Compute and private endpoints are never in a reserved subnet, the only kind left undeclared.
    let placed =
        |idx: usize| subnets[idx].expect("validate keeps compute and private endpoints out of reserved subnets");

    let admitted: Vec<ResourceId> =
        (0..subnets.len()).filter(|i| roles[*i].admitted() && service_endpoints_on).map(placed).collect();
    let hub_dns = hub.as_ref().and_then(hub::Hub::resolver_vnet);
    let zones = private.map(|pe| dns::zones(&mut graph, spec, pe, vnet, hub_dns)).unwrap_or_default();
    let endpoints = private.map(|pe| Endpoints { subnet: placed(pe.subnet), zones: &zones });
    let firewall = |template: &FirewallTemplate, path: &str| Firewall {
        subnets: admitted.clone(),
        explain: Explain {
            spec: format!("{path}.firewall"),
            entry: template.id,
            why: template.why,
            source: template.source_doc,
        },
    };
    // A firewall denies what its rules do not admit; without one, the service admits every network.
    let network_acls = |firewall: Option<Firewall>| NetworkAcls {
        default_action: if firewall.is_some() { DefaultAction::Deny } else { DefaultAction::Allow },
        bypass: defaults::FIREWALL_BYPASS,
        firewall,
    };

    let log_analytics = graph.add(singleton(
        spec,
        ApiKind::LogAnalytics,
        "log",
        Body::LogAnalytics(LogAnalytics {
            sku: defaults::LOG_ANALYTICS.sku,
            retention_days: spec.workspace.log_retention_days,
        }),
        "workspace",
    ));
    let appi_name = spec
        .workspace
        .application_insights_name
        .clone()
        .unwrap_or_else(|| naming::derived(spec, ApiKind::ApplicationInsights, None));
    let application_insights = graph.add(Resource {
        name: appi_name,
        ..singleton(
            spec,
            ApiKind::ApplicationInsights,
            "appi",
            Body::ApplicationInsights(ApplicationInsights { log_analytics, application_type: ApplicationType::Web }),
            "workspace",
        )
    });

    monitor::add(&mut graph, spec, [log_analytics, application_insights], endpoints.as_ref());

    let storage_spec = &spec.workspace.storage;
    let storage = graph.add(Resource {
        name: storage_spec.name.clone().unwrap_or_else(|| global_name(spec, ApiKind::StorageAccount)),
        ..singleton(
            spec,
            ApiKind::StorageAccount,
            "st",
            Body::StorageAccount(StorageAccount {
                settings: defaults::StorageSettings { sku: spec.workspace.storage_sku, ..defaults::STORAGE },
                public_network_access: !(storage_fw && private.is_some()),
                network_acls: network_acls(
                    storage_fw.then(|| firewall(network::storage_firewall(spec.catalogue), &storage_spec.path)),
                ),
            }),
            &storage_spec.path,
        )
    });
    if let (Some(endpoints), Some(pe)) = (&endpoints, private) {
        for service in &pe.storage_services {
            endpoints.add(&mut graph, spec, storage, *service, &storage_spec.path);
        }
    }
    graph.storage_data_plane_reachable = storage_data_plane_reachable(&graph, storage);
    let kv_spec = &spec.workspace.key_vault;
    let key_vault = graph.add(Resource {
        name: kv_spec.name.clone().unwrap_or_else(|| global_name(spec, ApiKind::KeyVault)),
        ..singleton(
            spec,
            ApiKind::KeyVault,
            "kv",
            Body::KeyVault(KeyVault {
                settings: defaults::KeyVaultSettings { sku: spec.workspace.key_vault_sku, ..defaults::KEY_VAULT },
                public_network_access: !(key_vault_fw && private.is_some()),
                network_acls: network_acls(
                    key_vault_fw.then(|| firewall(network::key_vault_firewall(spec.catalogue), &kv_spec.path)),
                ),
            }),
            &kv_spec.path,
        )
    });
    if let Some(endpoints) = &endpoints {
        endpoints.add(&mut graph, spec, key_vault, Target::KeyVault, &kv_spec.path);
    }
    let container_registry = spec.workspace.container_registry.as_ref().map(|cr| {
        let registry = graph.add(Resource {
            name: cr.name.clone().unwrap_or_else(|| global_name(spec, ApiKind::ContainerRegistry)),
            ..singleton(
                spec,
                ApiKind::ContainerRegistry,
                "cr",
                Body::ContainerRegistry(ContainerRegistry {
                    sku: spec.workspace.registry_sku,
                    admin_user: defaults::REGISTRY.admin_user,
                    public_network_access: private.is_none(),
                    default_action: spec.workspace.registry_sku.network_rules().then_some(if private.is_some() {
                        DefaultAction::Deny
                    } else {
                        DefaultAction::Allow
                    }),
                    bypass: defaults::FIREWALL_BYPASS,
                }),
                &cr.path,
            )
        });
        if let Some(endpoints) = &endpoints {
            endpoints.add(&mut graph, spec, registry, Target::ContainerRegistry, &cr.path);
        }
        registry
    });
    let workspace_name = spec.workspace.name.clone().unwrap_or_else(|| naming::derived(spec, ApiKind::Workspace, None));
    let workspace = graph.add(Resource {
        name: workspace_name.clone(),
        ..singleton(
            spec,
            ApiKind::Workspace,
            "mlw",
            Body::Workspace(Workspace {
                friendly_name: workspace_name,
                storage,
                key_vault,
                application_insights,
                container_registry,
                sku: defaults::WORKSPACE_SKU,
                identity: IdentityType::SystemAssigned,
                public_network_access: spec.workspace.public_network_access,
                image_build_compute: spec.workspace.image_build_compute.map(|c| spec.computes[c].name.clone()),
                managed_network: managed::network(spec),
                system_datastores_auth: spec.workspace.system_datastores_auth,
            }),
            "workspace",
        )
    });
    let workspace_endpoint =
        endpoints.as_ref().map(|e| e.add(&mut graph, spec, workspace, Target::Workspace, "workspace"));
    managed::rules(&mut graph, spec, workspace, storage, key_vault);

    let context = ComputeContext::new(&graph, workspace, workspace_endpoint, container_registry);
    for (idx, compute) in spec.computes.iter().enumerate() {
        let image_builder = spec.workspace.image_build_compute == Some(idx);
        let before = graph.resources().last().map(|(id, _)| id);
        lower_compute(&mut graph, spec, compute, &context, compute.subnet.map(placed), image_builder);
        context.wait_for_endpoint(&mut graph, before);
    }
    naming::apply_explicit(&mut graph, spec);
    diagnostics::add(&mut graph, spec.diagnostic_settings);
    locks::add(&mut graph, spec.locks);
    graph
}

/// Whether the deploying machine, outside the virtual network, reaches the data plane of the storage
/// account `storage`: only when the account admits every network.
fn storage_data_plane_reachable(graph: &Graph, storage: ResourceId) -> bool {
    match &graph.resource(storage).body {
        Body::StorageAccount(account) => {
            account.public_network_access && account.network_acls.default_action == DefaultAction::Allow
        }
        _ => unreachable!("{} is the storage account", graph.resource(storage).name),
    }
}

/// Where private endpoints go and which zones exist.
struct Endpoints<'z> {
    subnet: ResourceId,
    zones: &'z [(private_link::Zone, ResourceId)],
}

impl Endpoints<'_> {
    /// Adds the private endpoint of `target` on `service`, and its DNS zone group when zones exist;
    /// returns the last resource added (what a dependent must wait for).
    fn add(
        &self,
        graph: &mut Graph,
        spec: &ValidSpec,
        service: ResourceId,
        target: Target,
        origin: &str,
    ) -> ResourceId {
        let info = private_link::target(target);
        let local = ident(info.key);
        let endpoint = graph.add(Resource {
            kind: ApiKind::PrivateEndpoint,
            name: naming::derived(spec, ApiKind::PrivateEndpoint, Some(info.key)),
            local: local.clone(),
            symbol: format!("pep_{local}"),
            tagged: true,
            origin: origin.to_owned(),
            body: Body::PrivateEndpoint(PrivateEndpoint { subnet: self.subnet, service, target }),
        });
        let zones: Vec<ResourceId> = info
            .zones
            .iter()
            .filter_map(|z| self.zones.iter().find(|(zone, _)| zone == z).map(|(_, id)| *id))
            .collect();
        let existing = dns::existing_zones(spec, info);
        if zones.is_empty() && existing.is_empty() {
            return endpoint;
        }
        graph.add(Resource {
            kind: ApiKind::PrivateDnsZoneGroup,
            name: "default".to_owned(),
            local: local.clone(),
            symbol: format!("pep_{local}_dns"),
            tagged: false,
            origin: origin.to_owned(),
            body: Body::PrivateDnsZoneGroup(PrivateDnsZoneGroup { endpoint, zones, existing }),
        })
    }
}

/// What the computes placed in one subnet call for.
#[derive(Debug, Default)]
struct SubnetRole {
    /// Index of the first compute cluster or instance in the subnet, of the first with public IPs and
    /// of the first without.
    cluster: Option<usize>,
    public_ip_cluster: Option<usize>,
    no_public_ip: Option<usize>,
    attached: Option<usize>,
    hdinsight: Option<usize>,
    aks: Vec<usize>,
}

impl SubnetRole {
    /// Whether the subnet hosts training compute (clusters, attached VMs, HDInsight): those get the
    /// outbound rules and the route table. AKS subnets keep their load-balancer egress, which forced
    /// tunneling through an appliance would break.
    fn training(&self) -> bool {
        self.cluster.is_some() || self.attached.is_some()
    }

    /// Whether the storage and key vault firewalls admit the subnet (with its service endpoints) when
    /// those services have no private endpoints: training compute, and AKS, whose workspace services
    /// must have private or service endpoints in the cluster's network
    /// (MicrosoftDocs/azure-ai-docs `articles/machine-learning/v1/how-to-secure-inferencing-vnet.md`).
    fn admitted(&self) -> bool {
        self.training() || !self.aks.is_empty()
    }
}

fn subnet_roles(spec: &ValidSpec) -> Vec<SubnetRole> {
    let mut roles: Vec<SubnetRole> = spec.vnet.subnets.iter().map(|_| SubnetRole::default()).collect();
    for (idx, compute) in spec.computes.iter().enumerate() {
        let Some(subnet) = compute.subnet else { continue };
        let role = &mut roles[subnet];
        match &compute.kind {
            ValidComputeKind::AmlCluster { public_ip, .. } | ValidComputeKind::AmlInstance { public_ip, .. } => {
                role.cluster.get_or_insert(idx);
                if *public_ip {
                    role.public_ip_cluster.get_or_insert(idx);
                } else {
                    role.no_public_ip.get_or_insert(idx);
                }
            }
            ValidComputeKind::VirtualMachine(_) => {
                role.attached.get_or_insert(idx);
            }
            ValidComputeKind::HdInsight { .. } => {
                role.attached.get_or_insert(idx);
                role.hdinsight.get_or_insert(idx);
            }
            ValidComputeKind::Aks(_) => role.aks.push(idx),
        }
    }
    roles
}

/// The NSG rules of one subnet: every catalogue rule whose trigger the subnet has, in catalogue order,
/// with priorities assigned per direction; and the spec path that selected each.
fn security_rules(spec: &ValidSpec, subnet: usize, role: &SubnetRole) -> (RuleList, Vec<String>) {
    let mut rules: Vec<(SecurityRule, String)> = Vec::new();
    let mut next = [network::PRIORITY_START, network::PRIORITY_START];
    for template in network::rules(spec.catalogue) {
        for instance in instances(spec, role, template) {
            let slot = match template.direction {
                Direction::Inbound => 0,
                Direction::Outbound => 1,
            };
            let priority = if template.access == Access::Deny {
                network::PRIORITY_DENY
            } else {
                let p = next[slot];
                next[slot] += network::PRIORITY_STEP;
                p
            };
            let rule = SecurityRule {
                name: instance.name,
                priority,
                direction: template.direction,
                access: template.access,
                protocol: template.protocol,
                source: peer(spec, template.source, instance.peer.as_deref()),
                source_ports: network::ANY.to_owned(),
                destination: peer(spec, template.destination, instance.peer.as_deref()),
                destination_ports: ports(template.ports, instance.port),
                reason: Reason { entry: template.id, why: template.why, source: template.source_doc },
            };
            rules.push((rule, instance.spec));
        }
    }
    spec_rules(&spec.vnet.subnets[subnet], &mut next, &mut rules);
    // Inbound then outbound, each by priority: the order Azure's portal shows.
    rules.sort_by_key(|(r, _)| (r.direction, r.priority));
    let (rules, selected_by) = rules.into_iter().unzip();
    (RuleList { rules }, selected_by)
}

/// The rule list of one subnet's NSG and the spec path that selected each rule, as `lower` writes it:
/// `validate` checks the spec's own rules against it (priorities, names, shadowing).
pub(crate) fn subnet_rule_list(spec: &ValidSpec, subnet: usize) -> (RuleList, Vec<String>) {
    security_rules(spec, subnet, &subnet_roles(spec)[subnet])
}

/// Appends the rules of `vnet.subnets[i].nsg_rules`: a given priority as written, the others the next
/// free priority of their direction after the catalogue's allow rules (`next`).
fn spec_rules(subnet: &valid::ValidSubnet, next: &mut [u16; 2], rules: &mut Vec<(SecurityRule, String)>) {
    let given: Vec<(Direction, u16)> =
        subnet.nsg_rules.iter().filter_map(|r| Some((r.direction, r.priority?))).collect();
    let rule = &defaults::SPEC_NSG_RULE;
    for user in &subnet.nsg_rules {
        let slot = match user.direction {
            Direction::Inbound => 0,
            Direction::Outbound => 1,
        };
        let priority = user.priority.unwrap_or_else(|| {
            while given.contains(&(user.direction, next[slot])) {
                next[slot] = next[slot].saturating_add(network::PRIORITY_STEP);
            }
            let p = next[slot];
            next[slot] = next[slot].saturating_add(network::PRIORITY_STEP);
            p
        });
        let ports = match &user.ports {
            None => vec![network::ANY.to_owned()],
            Some(ranges) => ranges.iter().map(|r| r.spelled()).collect(),
        };
        let security_rule = SecurityRule {
            name: user.name.clone(),
            priority,
            direction: user.direction,
            access: user.access,
            protocol: user.protocol,
            source: user.source.address_prefix(),
            source_ports: rule.source_ports.to_owned(),
            destination: user.destination.address_prefix(),
            destination_ports: ports,
            reason: Reason { entry: rule.entry, why: rule.why, source: rule.source_doc },
        };
        rules.push((security_rule, user.path.clone()));
    }
}

/// One use of a rule template: the spec path that calls for it and what `FromSpec` resolves to.
struct Instance {
    name: String,
    spec: String,
    peer: Option<String>,
    port: Option<u16>,
}

fn instances(spec: &ValidSpec, role: &SubnetRole, template: &RuleTemplate) -> Vec<Instance> {
    let plain = |compute: Option<usize>, path: Option<String>| {
        let spec_path = path.or_else(|| compute.map(|c| spec.computes[c].path.clone()));
        spec_path
            .map(|s| Instance { name: template.name.to_owned(), spec: s, peer: None, port: None })
            .into_iter()
            .collect()
    };
    let training = role.training();
    // Restricted and firewall modes both allow the service tags explicitly; only restricted denies.
    let allows = training && spec.outbound.mode != OutboundMode::Open;
    let private = spec.workspace.private_endpoints.as_ref();
    match template.trigger {
        Trigger::AmlCompute => plain(role.cluster, None),
        Trigger::AmlComputePublicIp => plain(role.public_ip_cluster, None),
        Trigger::ComputeOutbound => plain(role.no_public_ip, allows.then(|| spec.outbound.mode_path.clone())),
        Trigger::AttachedCompute => plain(role.attached, None),
        Trigger::HdInsight => plain(role.hdinsight, None),
        Trigger::Aks => plain(role.aks.first().copied(), None),
        Trigger::KubernetesCompute => {
            let extension = role.aks.iter().copied().find(
                |c| matches!(&spec.computes[*c].kind, ValidComputeKind::Aks(aks) if aks.attach != valid::AksAttach::V1),
            );
            plain(extension.filter(|_| spec.outbound.mode != OutboundMode::Open), None)
        }
        Trigger::Scoring => role
            .aks
            .iter()
            .filter_map(|c| {
                let compute = &spec.computes[*c];
                let ValidComputeKind::Aks(aks) = &compute.kind else { unreachable!("role.aks holds AKS computes") };
                let scoring = aks.scoring.as_ref()?;
                Some(Instance {
                    name: format!("{}-{}", template.name, compute.name),
                    spec: scoring.path.clone(),
                    peer: Some(scoring.allow_from.as_ref()?.address_prefix()),
                    port: Some(scoring.port),
                })
            })
            .collect(),
        Trigger::Ssh => match (&spec.outbound.ssh_from, training) {
            (Some((peer, path)), true) => vec![Instance {
                name: template.name.to_owned(),
                spec: path.clone(),
                peer: Some(peer.address_prefix()),
                port: None,
            }],
            _ => Vec::new(),
        },
        Trigger::OutboundOpen => {
            let on = training && spec.outbound.mode == OutboundMode::Open;
            plain(None, on.then(|| spec.outbound.mode_path.clone()))
        }
        Trigger::OutboundRestricted => plain(None, allows.then(|| spec.outbound.mode_path.clone())),
        Trigger::OutboundRegistryPublic => {
            // Without a declared registry the workspace creates one on demand, with a public endpoint.
            let public = private.is_none() || spec.workspace.container_registry.is_none();
            plain(None, (allows && public).then(|| spec.outbound.mode_path.clone()))
        }
        Trigger::OutboundKeyVaultPublic => {
            plain(None, (allows && private.is_none()).then(|| spec.outbound.mode_path.clone()))
        }
        Trigger::OutboundDenyInternet => {
            let on = training && spec.outbound.mode == OutboundMode::Restricted;
            plain(None, on.then(|| spec.outbound.mode_path.clone()))
        }
        // Azure Monitor behind a private link scope is reached through its private endpoint.
        Trigger::OutboundMonitorPublic => {
            plain(None, (allows && !spec.workspace.monitor_private_link).then(|| spec.outbound.mode_path.clone()))
        }
    }
}

fn peer(spec: &ValidSpec, template: PeerTemplate, from_spec: Option<&str>) -> String {
    match template {
        PeerTemplate::Any => network::ANY.to_owned(),
        PeerTemplate::Tag(tag) => tag.name().to_owned(),
        PeerTemplate::RegionalTag(tag) => tag.in_region(spec.region),
        PeerTemplate::FromSpec => from_spec.expect("FromSpec rules are instantiated with their peer").to_owned(),
    }
}

fn ports(template: Ports, from_spec: Option<u16>) -> Vec<String> {
    match template {
        Ports::Any => vec![network::ANY.to_owned()],
        Ports::List(list) => list.iter().map(|r| r.spelled()).collect(),
        Ports::FromSpec => vec![from_spec.expect("FromSpec ports are instantiated with their port").to_string()],
    }
}

/// The forced-tunneling routes: the default route, then service tags, then prefixes.
fn routes(spec: &ValidSpec, hub: Option<&hub::Hub>) -> Vec<Route> {
    let Some(ft) = &spec.forced_tunneling else { return Vec::new() };
    let explain = |template: &RouteTemplate, path: &str| Explain {
        spec: path.to_owned(),
        entry: template.id,
        why: template.why,
        source: template.source_doc,
    };
    let mut routes = Vec::new();
    if let Some((hop, path)) = &ft.default_route {
        let (name, next_hop) = match hop {
            DefaultHop::Internet => ("default-to-internet", NextHop::Internet),
            DefaultHop::VirtualAppliance(ip) => ("default-to-appliance", NextHop::VirtualAppliance(*ip)),
            DefaultHop::HubFirewall => (
                "default-to-firewall",
                hub.expect("validate admits `next_hop: hub_firewall` only with a hub").next_hop(),
            ),
        };
        let template = match spec.outbound.mode {
            OutboundMode::Firewall => &network::ROUTE_DEFAULT_FIREWALL,
            OutboundMode::Open | OutboundMode::Restricted => &network::ROUTE_DEFAULT,
        };
        routes.push(Route {
            name: name.to_owned(),
            address_prefix: "0.0.0.0/0".to_owned(),
            next_hop,
            explain: explain(template, path),
        });
    }
    // HDInsight's management traffic bypasses an appliance (the route table is on the subnets that
    // host training compute, HDInsight's among them).
    let hdinsight = spec.computes.iter().find(|c| matches!(c.kind, ValidComputeKind::HdInsight { .. }));
    let tag = ServiceTag::HdInsight.name();
    let listed = ft.internet_routes.iter().any(|(t, _)| t == tag);
    let appliance = matches!(&ft.default_route, Some((DefaultHop::VirtualAppliance(_) | DefaultHop::HubFirewall, _)));
    if let (Some(compute), true, false) = (hdinsight, appliance, listed) {
        routes.push(Route {
            name: format!("internet-{tag}"),
            address_prefix: tag.to_owned(),
            next_hop: NextHop::Internet,
            explain: explain(&network::ROUTE_HDINSIGHT, &compute.path),
        });
    }
    for (tag, path) in &ft.internet_routes {
        routes.push(Route {
            name: format!("internet-{tag}"),
            address_prefix: tag.clone(),
            next_hop: NextHop::Internet,
            explain: explain(&network::ROUTE_INTERNET_TAG, path),
        });
    }
    for (prefix, path) in &ft.internet_prefixes {
        routes.push(Route {
            name: format!("internet-{}-{}", prefix.network(), prefix.len()),
            address_prefix: prefix.to_string(),
            next_hop: NextHop::Internet,
            explain: explain(&network::ROUTE_INTERNET_PREFIX, path),
        });
    }
    routes
}

fn lower_compute(
    graph: &mut Graph,
    spec: &ValidSpec,
    compute: &ValidCompute,
    cx: &ComputeContext,
    subnet: Option<ResourceId>,
    image_builder: bool,
) {
    // `ValidSpec` places every compute but clusters and instances in a subnet: only those run in a
    // workspace managed network, which has none.
    let placed = || subnet.expect("validate: only clusters and instances have no subnet");
    match &compute.kind {
        ValidComputeKind::AmlCluster { vm_size, min_nodes, max_nodes, public_ip, ssh, vm_priority } => {
            compute::cluster(
                graph,
                compute,
                cx,
                subnet,
                (vm_size, *min_nodes, *max_nodes, *public_ip, *ssh, *vm_priority),
                image_builder,
            )
        }
        ValidComputeKind::AmlInstance { vm_size, public_ip, idle_shutdown, assigned_user, ssh } => compute::instance(
            graph,
            compute,
            cx,
            subnet,
            (vm_size, *public_ip, idle_shutdown),
            (assigned_user.as_ref(), *ssh),
        ),
        ValidComputeKind::VirtualMachine(vm) => {
            compute::attached(graph, spec, compute, cx, placed(), AttachKind::VirtualMachine, vm)
        }
        ValidComputeKind::HdInsight { resource_id } => compute::attached(
            graph,
            spec,
            compute,
            cx,
            placed(),
            AttachKind::HdInsight,
            &valid::ValidVm::Existing { resource_id: resource_id.clone() },
        ),
        ValidComputeKind::Aks(aks) => aks::lower(graph, spec, compute, aks, cx, placed()),
    }
}

/// A tagged resource of a compute, with the compute's identifier as its `local`.
fn compute_resource(compute: &ValidCompute, kind: ApiKind, name: String, symbol: String, body: Body) -> Resource {
    Resource { kind, name, local: ident(&compute.name), symbol, tagged: true, origin: compute.path.clone(), body }
}

/// A role on the workspace registry for an identity of a compute's resource `principal`, named
/// `<compute>-<role>`.
fn registry_role(
    graph: &mut Graph,
    compute: &ValidCompute,
    registry: ResourceId,
    principal: ResourceId,
    role: Role,
    principal_identity: PrincipalIdentity,
) -> ResourceId {
    let local = ident(&compute.name);
    let role_ident = ident(role.name());
    graph.add(Resource {
        kind: ApiKind::RoleAssignment,
        name: format!("{}-{}", compute.name, role_ident.replace('_', "-")),
        local: format!("{local}_{role_ident}"),
        symbol: format!("ra_{local}_{role_ident}"),
        tagged: false,
        origin: compute.path.clone(),
        body: Body::RoleAssignment(RoleAssignment {
            scope: registry,
            principal,
            role,
            principal_type: PrincipalType::ServicePrincipal,
            principal_identity,
        }),
    })
}

/// A resource of which the graph has one, named `<abbreviation>-<spec name>`.
fn singleton(spec: &ValidSpec, kind: ApiKind, symbol: &str, body: Body, origin: &str) -> Resource {
    Resource {
        kind,
        name: naming::derived(spec, kind, None),
        local: "main".to_owned(),
        symbol: symbol.to_owned(),
        tagged: true,
        origin: origin.to_owned(),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::source::{SourceFormat, parse};

    fn graph(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let spec = crate::spec::validate::validate(&doc).unwrap_or_else(|d| panic!("{}", d.render(false, 100)));
        lower(&spec)
    }

    const BASE: &str = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    \
                        - { name: training, prefix: 10.0.1.0/24 }\n    - { name: AzureFirewallSubnet, prefix: 10.0.2.0/26 }\n    \
                        - { name: GatewaySubnet, prefix: 10.0.3.0/27 }\n    - { name: AzureBastionSubnet, prefix: 10.0.4.0/26 }\n\
                        compute:\n  - { name: cpu, kind: aml_cluster, subnet: training, vm_size: Standard_DS3_v2, max_nodes: 4 }\n";

    /// A rule's name, access and destination ports.
    type Rule = (String, Access, Vec<String>);

    /// Every subnet by name, with its NSG's rules (`None`: no NSG) and whether it has a route table.
    fn subnets(g: &Graph) -> Vec<(String, Option<Vec<Rule>>, bool)> {
        g.resources()
            .filter_map(|(_, res)| match &res.body {
                Body::Subnet(s) => Some((
                    res.name.clone(),
                    s.nsg.map(|nsg| match &g.resource(nsg).body {
                        Body::NetworkSecurityGroup(n) => g
                            .rule_list(n.rules)
                            .rules
                            .iter()
                            .map(|r| (r.name.clone(), r.access, r.destination_ports.clone()))
                            .collect(),
                        _ => unreachable!(),
                    }),
                    s.route_table.is_some(),
                )),
                _ => None,
            })
            .collect()
    }

    fn rule<'a>(rules: &'a [Rule], name: &str) -> Option<&'a Rule> {
        rules.iter().find(|r| r.0 == name)
    }

    #[test]
    fn reserved_subnets_get_no_nsg_and_no_route_table() {
        let g = graph(&format!(
            "{BASE}outbound: {{ mode: firewall }}\nforced_tunneling:\n  default_route: {{ next_hop: virtual_appliance, ip: 10.0.2.4 }}\n"
        ));
        let subnets = subnets(&g);
        assert_eq!(subnets.len(), 4);
        for (name, nsg, route_table) in &subnets[1..3] {
            assert!(nsg.is_none() && !route_table, "{name}");
        }
        // Bastion: an NSG without rules of amlnet's, no route table.
        assert_eq!((subnets[3].1.as_deref(), subnets[3].2), (Some(&[][..]), false));
        assert!(subnets[0].1.is_some() && subnets[0].2, "the training subnet keeps its NSG and route table");
        let groups = g.resources().filter(|(_, r)| matches!(r.body, Body::NetworkSecurityGroup(_))).count();
        assert_eq!(groups, 2);
    }

    #[test]
    fn an_existing_networks_reserved_subnets_are_left_alone() {
        let spec = BASE.replace("  address_space:", "  name: vnet-hub\n  existing: true\n  address_space:");
        let g = graph(&spec);
        let names: Vec<String> = subnets(&g).into_iter().map(|(name, _, _)| name).collect();
        assert_eq!(names, ["training"]);
        let groups = g.resources().filter(|(_, r)| matches!(r.body, Body::NetworkSecurityGroup(_))).count();
        assert_eq!(groups, 1, "not even the Bastion subnet, whose host would refuse an NSG without its rules");
    }

    #[test]
    fn firewall_mode_allows_the_service_tags_and_denies_nothing() {
        let g = graph(&format!(
            "{BASE}outbound: {{ mode: firewall }}\nforced_tunneling:\n  default_route: {{ next_hop: virtual_appliance, ip: 10.0.2.4 }}\n"
        ));
        let rules = subnets(&g)[0].1.clone().unwrap();
        assert!(rules.iter().all(|r| r.1 == Access::Allow), "{rules:?}");
        for name in
            ["AllowAzureResourceManagerOutbound", "AllowAzureMonitorOutbound", "AllowAzureContainerRegistryOutbound"]
        {
            assert!(rule(&rules, name).is_some(), "{name}: {rules:?}");
        }
        let route = g
            .resources()
            .find_map(|(_, r)| match &r.body {
                Body::RouteTable(t) => t.routes.first().cloned(),
                _ => None,
            })
            .unwrap();
        assert_eq!(route.explain.entry, network::ROUTE_DEFAULT_FIREWALL.id);
        assert!(route.explain.why.contains("egress control lives in the firewall"));
    }

    #[test]
    fn restricted_mode_with_public_ip_compute_opens_8787_and_reaches_public_services() {
        let g = graph(&format!("{BASE}outbound: {{ mode: restricted }}\n"));
        let rules = subnets(&g)[0].1.clone().unwrap();
        let aml = rule(&rules, "AllowAzureMachineLearningOutbound").unwrap();
        assert_eq!(aml.2, ["443", "8787", "18881"]);
        assert_eq!(rule(&rules, "DenyInternetOutbound").map(|r| r.1), Some(Access::Deny));
        // No private endpoints: the registry the workspace creates and the key vault are public.
        for name in ["AllowAzureContainerRegistryOutbound", "AllowAzureKeyVaultOutbound", "AllowAzureMonitorOutbound"] {
            assert_eq!(rule(&rules, name).map(|r| r.2.clone()), Some(vec!["443".to_owned()]), "{name}");
        }
    }

    #[test]
    fn private_endpoints_replace_the_registry_and_key_vault_allows() {
        let spec = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    \
                    - { name: training, prefix: 10.0.1.0/24 }\n    - { name: endpoints, prefix: 10.0.2.0/24 }\n\
                    outbound: { mode: restricted }\nworkspace:\n  container_registry: {}\n  private_endpoints: { subnet: endpoints }\n\
                    compute:\n  - { name: cpu, kind: aml_cluster, subnet: training, vm_size: Standard_DS3_v2, max_nodes: 4 }\n";
        let rules = subnets(&graph(spec))[0].1.clone().unwrap();
        assert!(rule(&rules, "AllowAzureContainerRegistryOutbound").is_none(), "{rules:?}");
        assert!(rule(&rules, "AllowAzureKeyVaultOutbound").is_none(), "{rules:?}");
        assert!(rule(&rules, "AllowAzureMonitorOutbound").is_some(), "{rules:?}");
    }
}
