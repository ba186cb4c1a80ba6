//! The spec as the user wrote it: plain serde types, one per section of the vocabulary.
//!
//! These types accept exactly the fields of the spec reference (README, "Spec reference"); unknown
//! fields are errors. They hold user intent only, never Azure API shapes, and they check nothing
//! beyond types: every semantic rule lives in `validate`, which turns a [`Spec`] into a
//! [`super::ValidSpec`]. Computes are one flat struct with a `kind` so that a misplaced field gets a
//! precise diagnostic ("`service_cidr` is not a field of an `aml_cluster`") instead of serde's
//! untagged-enum guesswork.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole spec file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub version: u32,
    pub name: String,
    pub location: String,
    #[serde(default)]
    pub network_rules: NetworkRules,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub vnet: Vnet,
    #[serde(default)]
    pub outbound: Outbound,
    #[serde(default)]
    pub forced_tunneling: Option<ForcedTunneling>,
    #[serde(default)]
    pub workspace: Workspace,
    /// May be empty: a workspace-only network, or one whose jobs run on serverless compute.
    #[serde(default)]
    pub compute: Vec<Compute>,
    /// Appended to every globally unique name amlnet derives (storage, key vault, registry).
    #[serde(default)]
    pub name_suffix: Option<String>,
    /// A `CanNotDelete` lock on each stateful resource (storage, key vault, registry, workspace).
    #[serde(default)]
    pub locks: bool,
    /// Never set here: `spec::environments` takes `environments` out and merges each overlay before
    /// the spec is deserialized. Declared so the model names every field the schema lists.
    #[serde(default)]
    pub environments: Option<serde::de::IgnoredAny>,
    /// A hub network peered with `vnet` (the spoke), with its firewall and Bastion.
    #[serde(default)]
    pub hub: Option<Hub>,
    /// How derived resource names are composed.
    #[serde(default)]
    pub naming: Option<Naming>,
    /// A diagnostic setting on the workspace, key vault, registry, every NSG and a hub firewall, to Log Analytics.
    #[serde(default)]
    pub diagnostic_settings: bool,
}

/// `naming`: the convention of derived names (not the globally unique ones, which `name_suffix` varies).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Naming {
    pub convention: NamingConvention,
    /// With `caf`: e.g. `prod`, `dev`.
    #[serde(default)]
    pub environment: Option<String>,
    /// With `caf`: e.g. `001` (the default).
    #[serde(default)]
    pub instance: Option<String>,
    /// Explicit names of derived resources, by the resource's symbol (`amlnet explain` and the IR dump
    /// show it, e.g. `nsg_training`, `rt`, `aks_inference`).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// `naming.convention`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamingConvention {
    /// `<type>-<name>[-<part>]`, the names amlnet has always derived.
    Default,
    /// The Cloud Adoption Framework's: `<type>-<name>[-<part>][-<environment>]-<region>-<instance>`.
    Caf,
}

/// Which dated catalogue of network requirements to apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum NetworkRules {
    /// Today's requirements.
    #[default]
    #[serde(rename = "current")]
    Current,
    /// The January 2019 guidance, reproduced exactly.
    #[serde(rename = "seed-2019")]
    Seed2019,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vnet {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub existing: bool,
    #[serde(default)]
    pub resource_group: Option<String>,
    pub address_space: Vec<String>,
    pub subnets: Vec<Subnet>,
    /// For an existing vnet: the default outbound access its re-declared subnets state (true unless set).
    #[serde(default)]
    pub default_outbound_access: Option<bool>,
    /// Custom DNS servers (IPv4 addresses) of a virtual network amlnet creates; Azure DNS when empty.
    #[serde(default)]
    pub dns_servers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub name: String,
    pub prefix: String,
    /// Security rules the spec adds to the subnet's NSG, after the catalogue's.
    #[serde(default)]
    pub nsg_rules: Vec<NsgRule>,
}

/// `vnet.subnets[].nsg_rules[]`: one security rule the spec adds to a subnet's NSG.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NsgRule {
    pub name: String,
    pub direction: RuleDirection,
    pub access: RuleAccess,
    pub protocol: RuleProtocol,
    /// A CIDR, a service tag or `*`, as `allow_ssh_from` takes.
    pub source: String,
    pub destination: String,
    /// `*`, or ports and ranges, e.g. `"443"` or `"80, 8080-8089"`.
    pub ports: String,
    /// 100 to 4096; unset: the next free priority after the catalogue's allow rules.
    #[serde(default)]
    pub priority: Option<u16>,
}

/// `nsg_rules[].direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleDirection {
    Inbound,
    Outbound,
}

/// `nsg_rules[].access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAccess {
    Allow,
    Deny,
}

/// `nsg_rules[].protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleProtocol {
    Tcp,
    Udp,
    Any,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outbound {
    #[serde(default)]
    pub mode: OutboundMode,
    #[serde(default)]
    pub allow_ssh_from: Option<String>,
    #[serde(default)]
    pub i_understand_ssh_from_internet: bool,
    /// How the subnets that host training compute reach the Internet, besides a default route to an
    /// appliance and compute with its own public IP.
    #[serde(default)]
    pub egress: Option<Egress>,
}

/// `outbound.egress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Egress {
    /// A NAT gateway with a static public IP, associated with every subnet that hosts training compute.
    NatGateway,
    /// No way out is created: compute without public IPs and without a default route to an appliance
    /// cannot reach the Internet, deliberately.
    None,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboundMode {
    /// Deny no outbound traffic (virtual network and Internet); the way out is `egress`.
    #[default]
    Open,
    /// Deny outbound Internet and allow only the service tags the catalogue requires.
    Restricted,
    /// Allow the service tags as `restricted` does, but deny nothing: egress control lives in the firewall
    /// the forced-tunneling default route points at (its FQDN allow-list must stay reachable).
    Firewall,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedTunneling {
    #[serde(default)]
    pub default_route: Option<DefaultRoute>,
    #[serde(default)]
    pub internet_routes: Vec<String>,
    #[serde(default)]
    pub internet_prefixes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRoute {
    pub next_hop: NextHopKind,
    #[serde(default)]
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextHopKind {
    VirtualAppliance,
    Internet,
    /// The private address of the hub's firewall, by reference.
    HubFirewall,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub public_network_access: bool,
    #[serde(default)]
    pub storage: Storage,
    #[serde(default)]
    pub key_vault: KeyVault,
    #[serde(default)]
    pub container_registry: Option<ContainerRegistry>,
    #[serde(default)]
    pub private_endpoints: Option<PrivateEndpoints>,
    #[serde(default)]
    pub application_insights: Option<ApplicationInsights>,
    /// The compute cluster that builds environment images; unset means serverless image builds.
    #[serde(default)]
    pub image_build_compute: Option<String>,
    /// The workspace managed virtual network: compute runs in a network Azure manages.
    #[serde(default)]
    pub managed_network: Option<ManagedNetwork>,
    /// An Azure Monitor private link scope for the workspace's Log Analytics and Application Insights,
    /// with a private endpoint in the private endpoints' subnet.
    #[serde(default)]
    pub monitor_private_link: bool,
    #[serde(default)]
    pub log_analytics: Option<LogAnalytics>,
    /// How the system datastores authenticate to the storage account (`access_key` when absent).
    #[serde(default)]
    pub system_datastores_auth: Option<DatastoresAuthMode>,
}

/// `workspace.system_datastores_auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatastoresAuthMode {
    AccessKey,
    Identity,
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace {
            name: None,
            public_network_access: true,
            storage: Storage::default(),
            key_vault: KeyVault::default(),
            container_registry: None,
            private_endpoints: None,
            application_insights: None,
            image_build_compute: None,
            managed_network: None,
            monitor_private_link: false,
            log_analytics: None,
            system_datastores_auth: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub firewall: bool,
    #[serde(default)]
    pub purpose: StoragePurpose,
    /// The redundancy; `standard_lrs` when absent.
    #[serde(default)]
    pub sku: Option<StorageSku>,
}

impl Default for Storage {
    fn default() -> Storage {
        Storage { name: None, firewall: true, purpose: StoragePurpose::default(), sku: None }
    }
}

/// `workspace.storage.sku`: standard performance and its redundancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageSku {
    StandardLrs,
    StandardZrs,
    StandardGrs,
    StandardGzrs,
    StandardRagrs,
    StandardRagzrs,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoragePurpose {
    #[default]
    Experimentation,
    Inference,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyVault {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub firewall: bool,
    /// `standard` when absent.
    #[serde(default)]
    pub sku: Option<KeyVaultSku>,
}

impl Default for KeyVault {
    fn default() -> KeyVault {
        KeyVault { name: None, firewall: true, sku: None }
    }
}

/// `workspace.key_vault.sku`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyVaultSku {
    Standard,
    Premium,
}

/// `workspace.log_analytics`: the Log Analytics workspace behind Application Insights.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogAnalytics {
    /// 30 when absent.
    #[serde(default)]
    pub retention_days: Option<u32>,
}

/// `compute[].tier` of an `aml_cluster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterTier {
    Dedicated,
    LowPriority,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerRegistry {
    #[serde(default)]
    pub name: Option<String>,
    /// `premium` when absent (the only tier with private endpoints).
    #[serde(default)]
    pub sku: Option<RegistrySku>,
}

/// `workspace.container_registry.sku`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrySku {
    Basic,
    Standard,
    Premium,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateEndpoints {
    pub subnet: String,
    #[serde(default)]
    pub dns_zones: DnsZones,
    /// The storage services that get a private endpoint; `[blob, file]` when absent.
    #[serde(default)]
    pub storage_services: Option<Vec<StorageService>>,
    /// With `dns_zones: existing`: the resource id of each zone, by zone name.
    #[serde(default)]
    pub dns_zone_ids: Option<BTreeMap<String, String>>,
}

/// A storage service that can have a private endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageService {
    Blob,
    File,
    Queue,
    Table,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsZones {
    #[default]
    Create,
    None,
    /// Zones that exist already (a landing zone's central zones), by resource id: none is created
    /// or linked.
    Existing,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInsights {
    #[serde(default)]
    pub name: Option<String>,
}

/// One compute target. Which fields apply depends on `kind`; `validate` enforces that.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    pub name: String,
    pub kind: ComputeKind,
    /// Required, except in a workspace with a managed network, where compute has no subnet.
    #[serde(default)]
    pub subnet: Option<String>,
    // aml_cluster, aks
    #[serde(default)]
    pub vm_size: Option<String>,
    // aml_cluster
    #[serde(default)]
    pub min_nodes: Option<u32>,
    #[serde(default)]
    pub max_nodes: Option<u32>,
    #[serde(default)]
    pub public_ip: Option<bool>,
    #[serde(default)]
    pub ssh: Option<bool>,
    // virtual_machine, hdinsight
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub os: Option<String>,
    // aks
    #[serde(default)]
    pub node_count: Option<u32>,
    #[serde(default)]
    pub service_cidr: Option<String>,
    #[serde(default)]
    pub dns_service_ip: Option<String>,
    #[serde(default)]
    pub docker_bridge_cidr: Option<String>,
    #[serde(default)]
    pub scoring: Option<Scoring>,
    #[serde(default)]
    pub network_plugin: Option<NetworkPlugin>,
    #[serde(default)]
    pub private_cluster: Option<bool>,
    // aml_instance
    #[serde(default)]
    pub idle_time_before_shutdown: Option<String>,
    // aks
    #[serde(default)]
    pub pod_cidr: Option<String>,
    #[serde(default)]
    pub cluster_purpose: Option<ClusterPurpose>,
    // virtual_machine (created)
    #[serde(default)]
    pub admin_username: Option<String>,
    // aml_instance
    #[serde(default)]
    pub assigned_user: Option<AssignedUser>,
    // aks (Kubernetes compute, `network_rules: current`)
    #[serde(default)]
    pub workloads: Option<Vec<Workload>>,
    #[serde(default)]
    pub namespace: Option<String>,
    // aks: the cluster's hardening, over amlnet's secure defaults
    #[serde(default)]
    pub aks: Option<AksSettings>,
    // aml_cluster
    #[serde(default)]
    pub tier: Option<ClusterTier>, // aks, with `private_cluster: true`: `system`, `none` or a private DNS zone's ARM id
    #[serde(default)]
    pub private_dns_zone: Option<String>,
    /// aks with an existing `private_dns_zone`: who gives the cluster identity Private DNS Zone
    /// Contributor on the zone (`external` unless set).
    #[serde(default)]
    pub private_dns_zone_role: Option<ZoneRole>,
}

/// `compute[].private_dns_zone_role`: amlnet assigns the role on the existing zone (`grant`), or the
/// zone's owner does (`external`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneRole {
    Grant,
    External,
}

/// What the Azure Machine Learning extension on an AKS cluster runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    /// Training jobs and batch scoring.
    Training,
    /// Online endpoints behind the inference router.
    Inference,
}

/// The Entra ID user a compute instance belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignedUser {
    pub object_id: String,
    pub tenant_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputeKind {
    /// An Azure ML compute cluster placed in a subnet.
    AmlCluster,
    /// An Azure ML compute instance placed in a subnet.
    AmlInstance,
    /// An Ubuntu virtual machine attached to the workspace: created in its subnet, or an existing one
    /// (`resource_id`, in an existing virtual network).
    VirtualMachine,
    /// An existing HDInsight cluster, attached to the workspace.
    Hdinsight,
    /// An AKS cluster in the virtual network, attached for inference.
    Aks,
}

impl ComputeKind {
    /// Every kind, in documentation order.
    pub const ALL: [ComputeKind; 5] = [
        ComputeKind::AmlCluster,
        ComputeKind::AmlInstance,
        ComputeKind::VirtualMachine,
        ComputeKind::Hdinsight,
        ComputeKind::Aks,
    ];

    /// The kind as the spec spells it.
    pub fn name(self) -> &'static str {
        match self {
            ComputeKind::AmlCluster => "aml_cluster",
            ComputeKind::AmlInstance => "aml_instance",
            ComputeKind::VirtualMachine => "virtual_machine",
            ComputeKind::Hdinsight => "hdinsight",
            ComputeKind::Aks => "aks",
        }
    }

    /// The fields this kind accepts besides `name`, `kind` and `subnet`, and those of them it
    /// requires. Validation and the JSON Schema both read this table.
    pub fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            ComputeKind::AmlCluster => {
                (&["vm_size", "min_nodes", "max_nodes", "public_ip", "ssh", "tier"], &["vm_size", "max_nodes"])
            }
            ComputeKind::AmlInstance => {
                (&["vm_size", "public_ip", "idle_time_before_shutdown", "ssh", "assigned_user"], &["vm_size"])
            }
            // `resource_id` (an existing VM) or `vm_size` (a VM amlnet creates): validation requires one.
            ComputeKind::VirtualMachine => (&["resource_id", "os", "vm_size", "admin_username"], &["os"]),
            ComputeKind::Hdinsight => (&["resource_id"], &["resource_id"]),
            ComputeKind::Aks => (
                &[
                    "node_count",
                    "vm_size",
                    "service_cidr",
                    "dns_service_ip",
                    "docker_bridge_cidr",
                    "scoring",
                    "network_plugin",
                    "private_cluster",
                    "pod_cidr",
                    "cluster_purpose",
                    "workloads",
                    "namespace",
                    "aks",
                    "private_dns_zone",
                    "private_dns_zone_role",
                ],
                &["node_count", "vm_size", "service_cidr", "dns_service_ip"],
            ),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub port: u16,
    /// Required unless `internal: true`.
    #[serde(default)]
    pub allow_from: Option<String>,
    /// Score through an internal load balancer in the AKS subnet instead of a public IP.
    #[serde(default)]
    pub internal: bool,
    /// TLS termination on the endpoint.
    #[serde(default)]
    pub tls: Option<ScoringTls>,
}

/// TLS on the scoring endpoint: a Microsoft certificate for a generated name (`leaf_domain_label`),
/// or your own certificate for `cname` (the certificate and key are secure deployment parameters).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringTls {
    #[serde(default)]
    pub leaf_domain_label: Option<String>,
    #[serde(default)]
    pub cname: Option<String>,
}

/// What an AKS inference cluster is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterPurpose {
    /// Production fault tolerance; needs at least 3 nodes (the default).
    #[default]
    Production,
    /// Minimal components for testing; 1 node is enough.
    DevTest,
}

/// The AKS network plugin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkPlugin {
    /// Azure CNI in overlay mode (pods get addresses from a private overlay range).
    #[default]
    AzureOverlay,
    /// kubenet (legacy; AKS retires it on 2028-03-31).
    Kubenet,
}

/// `workspace.managed_network`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedNetwork {
    pub isolation: ManagedIsolation,
    /// The Azure Firewall SKU FQDN rules create (`standard` when absent).
    #[serde(default)]
    pub firewall_sku: Option<ManagedFirewallSku>,
    /// Catalogue groups of outbound rules, by name (`python_packages`, `hugging_face`, ...).
    #[serde(default)]
    pub outbound_rule_groups: Vec<String>,
    #[serde(default)]
    pub outbound_rules: Vec<ManagedOutboundRule>,
}

/// `workspace.managed_network.isolation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagedIsolation {
    AllowInternetOutbound,
    AllowOnlyApprovedOutbound,
}

/// `workspace.managed_network.firewall_sku`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagedFirewallSku {
    Basic,
    Standard,
}

/// One outbound rule: exactly one of `fqdn`, `service_tag` or `private_endpoint`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedOutboundRule {
    pub name: String,
    #[serde(default)]
    pub fqdn: Option<String>,
    #[serde(default)]
    pub service_tag: Option<String>,
    /// With `service_tag`: `TCP`, `UDP`, `ICMP` or `*`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// With `service_tag`: ports and ranges, e.g. `"443"` or `"80, 8080-8089"`.
    #[serde(default)]
    pub port_ranges: Option<String>,
    #[serde(default)]
    pub private_endpoint: Option<ManagedPrivateEndpoint>,
}

/// A private endpoint rule's target: a resource of the deployment or an existing one by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPrivateEndpoint {
    /// `storage` or `key_vault`: the workspace's own.
    #[serde(default)]
    pub resource: Option<ManagedTarget>,
    /// The ARM id of an existing resource.
    #[serde(default)]
    pub resource_id: Option<String>,
    pub sub_resource: String,
}

/// A resource of the deployment a private endpoint rule may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagedTarget {
    Storage,
    KeyVault,
}

fn yes() -> bool {
    true
}

/// An AKS cluster's hardening; each field left out keeps amlnet's secure default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AksSettings {
    /// Microsoft Entra ID with Azure RBAC for Kubernetes authorization (default true).
    #[serde(default)]
    pub azure_rbac: Option<bool>,
    #[serde(default)]
    pub upgrade_channel: Option<UpgradeChannel>,
    #[serde(default)]
    pub node_os_upgrade_channel: Option<NodeOsUpgradeChannel>,
    /// The Azure Policy add-on (default true).
    #[serde(default)]
    pub azure_policy: Option<bool>,
}

/// The automatic upgrade channel of the cluster's Kubernetes version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpgradeChannel {
    Patch,
    Stable,
    Rapid,
}

/// The node OS upgrade channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeOsUpgradeChannel {
    NodeImage,
    SecurityPatch,
    Unmanaged,
}

/// `hub`: a hub network, new (`address_space`) or existing (`resource_id`), peered with the spoke.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hub {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address_space: Vec<String>,
    /// An existing hub network, by ARM id.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// Which peerings amlnet creates: both (`true`, the default), none (`false`), or the spoke's side only
    /// (`spoke_only`, an existing hub whose owner writes the hub's side).
    #[serde(default)]
    pub peering: Option<Peering>,
    /// The hub allows gateway transit, the spoke uses the hub's gateways.
    #[serde(default)]
    pub gateway_transit: bool,
    #[serde(default)]
    pub firewall: Option<HubFirewall>,
    #[serde(default)]
    pub bastion: Option<HubBastion>,
}

/// `hub.peering`: `true`, `false` or `spoke_only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peering {
    Both(bool),
    Side(PeeringSide),
}

/// `hub.peering: spoke_only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeeringSide {
    SpokeOnly,
}

impl<'de> Deserialize<'de> for Peering {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Peering;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("true, false or `spoke_only`")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Peering, E> {
                Ok(Peering::Both(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Peering, E> {
                match v {
                    "spoke_only" => Ok(Peering::Side(PeeringSide::SpokeOnly)),
                    other => Err(E::invalid_value(serde::de::Unexpected::Str(other), &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Peering {
    /// Whether the spoke is peered with the hub at all.
    pub fn peered(self) -> bool {
        self != Peering::Both(false)
    }
}

/// `hub.firewall`: a new Azure Firewall, or an existing one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubFirewall {
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub subnet_prefix: Option<String>,
    #[serde(default)]
    pub management_subnet_prefix: Option<String>,
    #[serde(default)]
    pub dns_proxy: bool,
    #[serde(default)]
    pub rule_groups: Vec<String>,
    #[serde(default)]
    pub existing: Option<ExistingFirewall>,
    /// The availability zones of a new firewall and its public IPs (every zone of the region when absent).
    #[serde(default)]
    pub zones: Option<Vec<i64>>,
}

/// `hub.firewall.existing`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistingFirewall {
    pub resource_id: String,
    pub private_ip: String,
}

/// `hub.bastion`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubBastion {
    pub subnet_prefix: String,
}
