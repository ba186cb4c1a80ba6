//! The spec after validation: typed, checked, and ready to lower.
//!
//! Only `validate` builds a [`ValidSpec`] (the constructor is crate-private), so `lower` can take one
//! as proof that every rule of the spec reference holds: CIDRs parsed and consistent, names unique,
//! references resolved, capacities sufficient. Every element keeps the spec path it came from, so
//! that `explain` and the IR can say which line caused what.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::azure::defaults::{KeyVaultSku, RegistrySku, StorageSku, VmPriority};
use crate::azure::managed_network::{DeploymentTarget, FirewallSku, Isolation, RuleGroup};
use crate::azure::network::{Access, Catalogue, Direction, PortRange, Protocol, ServiceTag};
use crate::azure::private_link::{Target, Zone};
use crate::azure::regions::Region;
use crate::net::Ipv4Net;

pub use super::model::{DnsZones, Egress, NetworkPlugin, OutboundMode, StoragePurpose};

/// A spec that passed validation.
#[derive(Debug, Clone)]
pub struct ValidSpec {
    pub(crate) name: String,
    pub(crate) region: &'static Region,
    pub(crate) catalogue: Catalogue,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) vnet: ValidVnet,
    pub(crate) outbound: ValidOutbound,
    pub(crate) forced_tunneling: Option<ValidForcedTunneling>,
    pub(crate) workspace: ValidWorkspace,
    pub(crate) computes: Vec<ValidCompute>,
    /// `name_suffix`: enters every globally unique name amlnet derives.
    pub(crate) name_suffix: Option<String>,
    /// `locks`: a `CanNotDelete` lock on each stateful resource.
    pub(crate) locks: bool,
    /// `hub`: a hub network peered with the spoke (`vnet`).
    pub(crate) hub: Option<ValidHub>,
    /// `naming.convention: caf`: the components derived names take after the type and spec name.
    pub(crate) naming: Option<ValidNaming>,
    /// `diagnostic_settings`: every log of the workspace, key vault, registry and NSGs to Log Analytics.
    pub(crate) diagnostic_settings: bool,
}

/// `hub`, checked: a new hub (its address space and reserved subnets) or an existing one by id.
#[derive(Debug, Clone)]
pub struct ValidHub {
    pub(crate) name: Option<String>,
    /// Empty for an existing hub.
    pub(crate) address_space: Vec<Ipv4Net>,
    /// An existing hub, by the parts of its ARM id.
    pub(crate) existing: Option<ValidExistingHub>,
    /// Whether amlnet creates the peerings.
    pub(crate) peering: bool,
    /// Whether it creates the hub's side too (not with `peering: spoke_only`).
    pub(crate) hub_side: bool,
    pub(crate) gateway_transit: bool,
    pub(crate) firewall: Option<ValidHubFirewall>,
    /// `hub.bastion.subnet_prefix` and the path of `hub.bastion`.
    pub(crate) bastion: Option<(Ipv4Net, String)>,
}

/// An existing resource's ARM id split into its parts: `hub.resource_id` (checked as the id of a virtual
/// network), or an AKS cluster's existing API server zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidExistingHub {
    pub(crate) subscription: String,
    pub(crate) resource_group: String,
    pub(crate) name: String,
}

/// `hub.firewall`.
#[derive(Debug, Clone)]
pub enum ValidHubFirewall {
    New {
        tier: crate::azure::firewall::FirewallTier,
        subnet: Ipv4Net,
        management_subnet: Option<Ipv4Net>,
        dns_proxy: bool,
        /// The opt-in groups, each once, with the path that named it.
        groups: Vec<(&'static str, String)>,
        path: String,
        /// The firewall's availability zones (`azure::regions::AVAILABILITY_ZONES` spellings); empty is none.
        zones: Vec<&'static str>,
    },
    Existing {
        private_ip: Ipv4Addr,
    },
}

/// `naming` with `convention: caf`, checked.
#[derive(Debug, Clone)]
pub struct ValidNaming {
    /// `None` under the default convention.
    pub(crate) caf: Option<ValidCaf>,
    /// `naming.names`: explicit names by resource symbol, with their spec paths.
    pub(crate) names: BTreeMap<String, (String, String)>,
}

/// The components of `naming.convention: caf`.
#[derive(Debug, Clone)]
pub struct ValidCaf {
    pub(crate) environment: Option<String>,
    pub(crate) instance: String,
}

#[derive(Debug, Clone)]
pub struct ValidVnet {
    pub(crate) name: Option<String>,
    /// `Some` when the vnet exists already: referenced, not created.
    pub(crate) existing: Option<ValidExistingVnet>,
    pub(crate) address_space: Vec<Ipv4Net>,
    pub(crate) subnets: Vec<ValidSubnet>,
    /// `vnet.dns_servers`: custom DNS servers; empty for Azure DNS.
    pub(crate) dns_servers: Vec<Ipv4Addr>,
}

/// An existing virtual network.
#[derive(Debug, Clone)]
pub struct ValidExistingVnet {
    /// The vnet's resource group; `None` for the deployment's own.
    pub(crate) resource_group: Option<String>,
    /// What its re-declared subnets state for default outbound access.
    pub(crate) default_outbound_access: bool,
}

#[derive(Debug, Clone)]
pub struct ValidSubnet {
    pub(crate) name: String,
    pub(crate) prefix: Ipv4Net,
    /// e.g. `vnet.subnets[1]`
    pub(crate) path: String,
    /// `nsg_rules`: the security rules the spec adds to the subnet's NSG.
    pub(crate) nsg_rules: Vec<ValidNsgRule>,
}

/// `vnet.subnets[i].nsg_rules[j]`, checked: its peers parsed, its ports in range, its priority (when
/// given) in Azure's range and free of the catalogue's.
#[derive(Debug, Clone)]
pub struct ValidNsgRule {
    pub(crate) name: String,
    pub(crate) direction: Direction,
    pub(crate) access: Access,
    pub(crate) protocol: Protocol,
    pub(crate) source: Peer,
    pub(crate) destination: Peer,
    /// `None` for every port; otherwise inclusive ranges, as written.
    pub(crate) ports: Option<Vec<PortRange>>,
    /// `None`: the next free priority of its direction after the catalogue's allow rules.
    pub(crate) priority: Option<u16>,
    /// e.g. `vnet.subnets[1].nsg_rules[0]`
    pub(crate) path: String,
}

#[derive(Debug, Clone)]
pub struct ValidOutbound {
    pub(crate) mode: OutboundMode,
    /// `outbound.mode` (or `outbound` when defaulted).
    pub(crate) mode_path: String,
    /// `outbound.allow_ssh_from` and its path.
    pub(crate) ssh_from: Option<(Peer, String)>,
    /// `outbound.egress` and its path.
    pub(crate) egress: Option<(Egress, String)>,
}

/// A CIDR, a service tag or anything, as a rule's remote end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    /// `*`, `0.0.0.0/0` or `Internet`-like "from anywhere" written as `*`.
    Any,
    Cidr(Ipv4Net),
    Tag(ServiceTag, Option<&'static Region>),
}

impl Peer {
    /// The address prefix as an NSG rule spells it.
    pub fn address_prefix(&self) -> String {
        match self {
            Peer::Any => crate::azure::network::ANY.to_owned(),
            Peer::Cidr(net) => net.to_string(),
            Peer::Tag(tag, None) => tag.name().to_owned(),
            Peer::Tag(tag, Some(region)) => tag.in_region(region),
        }
    }

    /// Whether the peer is the whole Internet (`*`, `0.0.0.0/0`, `Internet`).
    pub fn is_internet(&self) -> bool {
        match self {
            Peer::Any => true,
            Peer::Cidr(net) => net.len() == 0,
            Peer::Tag(tag, _) => *tag == ServiceTag::Internet,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ValidForcedTunneling {
    /// `forced_tunneling` path.
    pub(crate) path: String,
    pub(crate) default_route: Option<(DefaultHop, String)>,
    /// Service tags routed to the Internet, as Azure spells them, with their paths.
    pub(crate) internet_routes: Vec<(String, String)>,
    pub(crate) internet_prefixes: Vec<(Ipv4Net, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultHop {
    Internet,
    VirtualAppliance(Ipv4Addr),
    /// The hub's firewall (`hub.firewall`): by reference when amlnet creates it, its address otherwise.
    HubFirewall,
}

#[derive(Debug, Clone)]
pub struct ValidWorkspace {
    pub(crate) name: Option<String>,
    pub(crate) public_network_access: bool,
    pub(crate) storage: ValidService,
    pub(crate) key_vault: ValidService,
    pub(crate) container_registry: Option<ValidService>,
    pub(crate) application_insights_name: Option<String>,
    pub(crate) private_endpoints: Option<ValidPrivateEndpoints>,
    /// Index into `computes` of the CPU cluster named by `workspace.image_build_compute`; `None`
    /// for serverless image builds.
    pub(crate) image_build_compute: Option<usize>,
    /// `workspace.managed_network`: compute runs in a network Azure manages.
    pub(crate) managed_network: Option<ValidManagedNetwork>,
    /// `workspace.monitor_private_link`: an Azure Monitor private link scope (with private endpoints).
    pub(crate) monitor_private_link: bool,
    /// `workspace.storage.sku`.
    pub(crate) storage_sku: StorageSku,
    /// `workspace.key_vault.sku`.
    pub(crate) key_vault_sku: KeyVaultSku,
    /// `workspace.log_analytics.retention_days`.
    pub(crate) log_retention_days: u32,
    /// `workspace.container_registry.sku`.
    pub(crate) registry_sku: RegistrySku,
    /// `workspace.system_datastores_auth`, stated by every format, the default included.
    pub(crate) system_datastores_auth: crate::azure::defaults::DatastoresAuth,
}

/// `workspace.managed_network`, checked: every rule named, valid and once, groups expanded.
#[derive(Debug, Clone)]
pub struct ValidManagedNetwork {
    pub(crate) isolation: Isolation,
    /// Stated by every format, the default included.
    pub(crate) firewall_sku: FirewallSku,
    /// `workspace.managed_network`
    pub(crate) path: String,
    /// The spec's rules, then the groups' rules, in spec order.
    pub(crate) rules: Vec<ValidOutboundRule>,
}

/// One outbound rule of the managed network.
#[derive(Debug, Clone)]
pub struct ValidOutboundRule {
    pub(crate) name: String,
    /// The spec path that asked for it (`...outbound_rules[1]` or `...outbound_rule_groups[0]`).
    pub(crate) path: String,
    /// The catalogue group it comes from, if any.
    pub(crate) group: Option<&'static RuleGroup>,
    pub(crate) kind: ValidRuleKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidRuleKind {
    Fqdn(String),
    ServiceTag { tag: &'static str, protocol: &'static str, port_ranges: String },
    PrivateEndpoint { target: RuleTarget, sub_resource: &'static str },
}

/// What a private endpoint rule reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleTarget {
    Deployment(DeploymentTarget),
    Existing(String),
}

/// `workspace.private_endpoints`.
#[derive(Debug, Clone)]
pub struct ValidPrivateEndpoints {
    /// Index into `vnet.subnets`.
    pub(crate) subnet: usize,
    pub(crate) dns_zones: DnsZones,
    /// `workspace.private_endpoints`
    pub(crate) path: String,
    /// The storage services that get a private endpoint, each once, in `STORAGE_SERVICES` order.
    pub(crate) storage_services: Vec<Target>,
    /// With `dns_zones: existing`: the resource id of every zone the endpoints need.
    pub(crate) zone_ids: BTreeMap<Zone, String>,
}

/// Storage, key vault or registry: an optional name override and whether its firewall is on.
#[derive(Debug, Clone)]
pub struct ValidService {
    pub(crate) name: Option<String>,
    pub(crate) firewall: bool,
    /// e.g. `workspace.storage`
    pub(crate) path: String,
}

#[derive(Debug, Clone)]
pub struct ValidCompute {
    pub(crate) name: String,
    /// Index into `vnet.subnets`; `None` in a managed network, which Azure places compute in.
    pub(crate) subnet: Option<usize>,
    /// e.g. `compute[2]`
    pub(crate) path: String,
    pub(crate) kind: ValidComputeKind,
}

#[derive(Debug, Clone)]
pub enum ValidComputeKind {
    AmlCluster {
        vm_size: String,
        min_nodes: u32,
        max_nodes: u32,
        public_ip: bool,
        ssh: bool,
        /// `tier`: dedicated or low-priority nodes.
        vm_priority: VmPriority,
    },
    /// A compute instance; `idle_shutdown` is an ISO 8601 duration (`PT30M`).
    AmlInstance {
        vm_size: String,
        /// Defaults to `false` in a workspace with private endpoints, `true` otherwise.
        public_ip: bool,
        idle_shutdown: String,
        assigned_user: Option<AssignedUser>,
        /// SSH with an administrator key (a deployment parameter).
        ssh: bool,
    },
    VirtualMachine(ValidVm),
    HdInsight {
        resource_id: String,
    },
    Aks(ValidAks),
}

/// `aml_instance.assigned_user`: Entra ID object and tenant ids (GUIDs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedUser {
    pub(crate) object_id: String,
    pub(crate) tenant_id: String,
}

/// A virtual machine to attach.
#[derive(Debug, Clone)]
pub enum ValidVm {
    /// An existing VM (the virtual network exists too): its ARM id.
    Existing { resource_id: String },
    /// A VM amlnet creates in the compute's subnet, without a public IP.
    Created { vm_size: String, admin_username: String },
}

#[derive(Debug, Clone)]
pub struct ValidAks {
    pub(crate) node_count: u32,
    pub(crate) vm_size: String,
    pub(crate) service_cidr: Ipv4Net,
    pub(crate) dns_service_ip: Ipv4Addr,
    /// The bridge address with its prefix length (host bits expected).
    pub(crate) docker_bridge_cidr: Option<Ipv4Net>,
    pub(crate) scoring: Option<ValidScoring>,
    pub(crate) network_plugin: NetworkPlugin,
    pub(crate) private_cluster: bool,
    /// The pods' address space (the spec's, or the default AKS assigns).
    pub(crate) pod_cidr: Ipv4Net,
    pub(crate) cluster_purpose: crate::azure::aks::ClusterPurpose,
    /// How the cluster joins the workspace: the extension and Kubernetes compute (`network_rules:
    /// current`), or the legacy v1 attach (`seed-2019`).
    pub(crate) attach: AksAttach,
    /// The cluster's hardening: amlnet's defaults with the spec's `aks:` overrides.
    pub(crate) hardening: crate::azure::defaults::AksHardening,
    /// A private cluster's API server zone: `System` unless the spec names an existing zone.
    pub(crate) private_dns_zone: Option<crate::azure::aks::AksPrivateDnsZone>,
    /// With `private_dns_zone_role: grant`: the existing zone, by the parts of its id, on which amlnet
    /// gives the cluster identity Private DNS Zone Contributor.
    pub(crate) grant_zone_role: Option<ValidExistingHub>,
}

/// How an AKS cluster joins the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AksAttach {
    /// The v1 attach (`computeType: AKS`), legacy.
    V1,
    /// The Azure Machine Learning extension and Kubernetes compute (v2).
    Extension { training: bool, inference: bool, namespace: String },
}

#[derive(Debug, Clone)]
pub struct ValidScoring {
    pub(crate) port: u16,
    /// Who may call the endpoint through the NSG; `None` for an internal endpoint reached only from
    /// inside the virtual network.
    pub(crate) allow_from: Option<Peer>,
    /// Internal load balancer in the AKS subnet.
    pub(crate) internal: bool,
    /// e.g. `compute[2].scoring`
    pub(crate) path: String,
    pub(crate) tls: Option<ValidTls>,
}

/// TLS termination on a scoring endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidTls {
    /// A Microsoft certificate for `<label><random>.<region>.cloudapp.azure.com`.
    Microsoft { leaf_domain_label: String },
    /// The user's certificate for `cname` (certificate and key are deployment parameters).
    Custom { cname: String },
}

impl ValidComputeKind {
    /// Whether the compute's subnet takes the NAT gateway of `outbound.egress: nat_gateway`: training
    /// compute (clusters, instances and virtual machines).
    pub(crate) fn takes_nat_gateway(&self) -> bool {
        match self {
            ValidComputeKind::AmlCluster { .. }
            | ValidComputeKind::AmlInstance { .. }
            | ValidComputeKind::VirtualMachine { .. } => true,
            ValidComputeKind::HdInsight { .. } | ValidComputeKind::Aks(_) => false,
        }
    }

    /// Whether the compute's subnet takes the forced-tunneling route table: every kind but AKS, whose
    /// load-balancer egress a route through an appliance would break.
    pub(crate) fn takes_route_table(&self) -> bool {
        !matches!(self, ValidComputeKind::Aks(_))
    }
}
