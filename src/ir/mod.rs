//! The intermediate representation: a typed resource graph, built once by `lower` and read by every
//! emitter.
//!
//! Resources live in an arena addressed by [`ResourceId`], in the order `lower` created them, which is
//! the order every emitter writes them. References between resources are `ResourceId` values inside the
//! typed bodies; [`Body::refs`] lists them, and ARM `dependsOn`, Terraform references and Bicep symbolic
//! references are all derived from that list (plus the rare [`ExtraDep`], which says why it exists).
//!
//! Architecture invariant: the IR holds decisions, not policy. Every NSG rule, route and firewall entry
//! is already spelled as Azure wants it (service tags in their regional form, ports as strings, names
//! final), together with an [`Explain`] saying which spec path and catalogue entry produced it. The
//! emitters never decide anything about the network; they only choose syntax.
//!
//! Architecture invariant: every setting that reaches Azure is a field of a typed body, filled by
//! `lower` from the spec or from `azure::defaults`, and printed by the dump. Every emitter
//! destructures every body without `..`, so a new field does not compile until each format spells it.

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

use crate::azure::aks::{ClusterPurpose, RouterServiceType};
use crate::azure::catalog::{ApiKind, Role};
use crate::azure::defaults::{
    AksNetworkPlugin, AksNetworkPluginMode, AksNetworkPolicy, ApplicationType, Bypass, DefaultAction, IdentityType,
    IpAllocation, IpVersion, KeyVaultSettings, LoadBalancerSku, LogAnalyticsSku, NatGatewaySku, OsType, OutboundType,
    PrincipalType, PublicIpSku, PublicIpTier, RegistrySku, StorageSettings, Toggle, VmImage, VmPriority, WorkspaceSku,
};
use crate::azure::monitor::AccessMode as MonitorAccessMode;
use crate::azure::network::{Access, Catalogue, Direction, NextHopType, Protocol, Source};
use crate::azure::private_link::Target;
use crate::azure::regions::Region;
use crate::net::Ipv4Net;

mod dump;
mod egress;

pub use egress::{Way, ways_out};

/// An opaque, ordered handle of a resource in a [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId(u32);

/// An opaque handle of a list of security rules in a [`Graph`]: every distinct list is stored once,
/// and each network security group holds the id of its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleListId(u32);

/// An opaque handle of a deployment parameter in a [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamId(u32);

/// The whole deployment.
#[derive(Debug, Clone)]
pub struct Graph {
    /// The spec's `name`, the prefix of derived names.
    pub name: String,
    pub region: &'static Region,
    pub catalogue: Catalogue,
    /// Tags applied to every taggable resource.
    pub tags: BTreeMap<String, String>,
    params: Vec<Param>,
    resources: Vec<Resource>,
    /// Every distinct list of security rules, once: subnets that host the same kinds of compute share
    /// one list, which each emitter prints once.
    rule_lists: Vec<RuleList>,
    extra_deps: Vec<ExtraDep>,
    /// Whether a machine outside the virtual network (the one running the deployment) reaches the
    /// storage account's data plane: `false` when its firewall or private endpoints close it, so a
    /// deployment tool must not wait for that data plane after creating the account.
    pub storage_data_plane_reachable: bool,
}

/// A deployment input the spec cannot hold (credentials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// snake_case; emitters convert it to their own convention.
    pub name: String,
    pub secure: bool,
    pub description: String,
}

/// A dependency that no reference carries, with the reason it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraDep {
    pub from: ResourceId,
    pub to: ResourceId,
    pub reason: &'static str,
}

/// One Azure resource.
#[derive(Debug, Clone)]
pub struct Resource {
    pub kind: ApiKind,
    /// The Azure resource name, identical in every target.
    pub name: String,
    /// snake_case identifier unique within the resource's kind: the Terraform label.
    pub local: String,
    /// snake_case identifier unique within the graph: the Bicep symbol (camelCased by the emitter).
    pub symbol: String,
    /// Whether the resource takes the spec's tags.
    pub tagged: bool,
    /// The spec path that called for the resource.
    pub origin: String,
    pub body: Body,
}

/// The typed content of a resource.
#[derive(Debug, Clone)]
pub enum Body {
    VirtualNetwork(VirtualNetwork),
    Subnet(Subnet),
    NetworkSecurityGroup(NetworkSecurityGroup),
    RouteTable(RouteTable),
    StorageAccount(StorageAccount),
    KeyVault(KeyVault),
    LogAnalytics(LogAnalytics),
    ApplicationInsights(ApplicationInsights),
    ContainerRegistry(ContainerRegistry),
    Workspace(Workspace),
    AmlCluster(AmlCluster),
    AmlInstance(AmlInstance),
    AttachedCompute(AttachedCompute),
    ManagedCluster(ManagedCluster),
    AksCompute(AksCompute),
    UserAssignedIdentity,
    RoleAssignment(RoleAssignment),
    PrivateEndpoint(PrivateEndpoint),
    PrivateDnsZoneGroup(PrivateDnsZoneGroup),
    /// A private DNS zone; its name is the zone.
    PrivateDnsZone(PrivateDnsZone),
    PrivateDnsZoneLink(PrivateDnsZoneLink),
    PublicIpAddress(PublicIpAddress),
    NatGateway(NatGateway),
    NetworkInterface(NetworkInterface),
    VirtualMachine(VirtualMachine),
    /// The Azure Machine Learning extension on a managed cluster (an extension resource of it).
    ClusterExtension(ClusterExtension),
    /// A managed cluster with the extension, attached as Kubernetes compute (v2).
    KubernetesCompute(KubernetesCompute),
    /// An outbound rule of the workspace managed network.
    OutboundRule(OutboundRule),
    /// A management lock on one resource (an extension resource of it).
    ManagementLock(ManagementLock),
    /// A peering of a virtual network with another (a child of the first).
    VirtualNetworkPeering(VirtualNetworkPeering),
    /// An Azure Firewall in a hub network.
    AzureFirewall(AzureFirewall),
    /// The policy of an Azure Firewall.
    FirewallPolicy(FirewallPolicy),
    /// A rule collection group of a firewall policy (a child of it).
    FirewallRuleCollectionGroup(FirewallRuleCollectionGroup),
    /// An Azure Bastion host in a hub network.
    BastionHost(BastionHost),
    /// An Azure Monitor private link scope.
    MonitorPrivateLinkScope(MonitorPrivateLinkScope),
    /// A Log Analytics workspace or Application Insights component in a private link scope.
    MonitorScopedResource(MonitorScopedResource),
    /// A diagnostic setting of one resource (an extension resource of it).
    DiagnosticSetting(DiagnosticSetting),
}

/// An Azure Monitor private link scope: Azure Monitor resources reached through one private endpoint.
#[derive(Debug, Clone)]
pub struct MonitorPrivateLinkScope {
    /// Whether networks connected to the scope send data only to the resources in it.
    pub ingestion_access_mode: MonitorAccessMode,
    /// Whether they query only the resources in it.
    pub query_access_mode: MonitorAccessMode,
    /// The catalogue's outbound rule the scope makes unnecessary (not written), with its source; `None`
    /// when the catalogue has no such rule.
    pub replaces: Option<Explain>,
}

/// A resource in a private link scope (a child of the scope).
#[derive(Debug, Clone)]
pub struct MonitorScopedResource {
    pub scope: ResourceId,
    /// The Log Analytics workspace or Application Insights component.
    pub resource: ResourceId,
}

/// Sends the logs of `target` to the Log Analytics workspace `workspace`.
#[derive(Debug, Clone)]
pub struct DiagnosticSetting {
    pub target: ResourceId,
    pub workspace: ResourceId,
    /// The log category groups sent (`azure::catalog::DIAGNOSTIC_CATEGORY_GROUP`).
    pub category_groups: Vec<&'static str>,
    /// The log categories sent one by one (`azure::firewall::FIREWALL_LOG_CATEGORIES`).
    pub categories: Vec<&'static str>,
    /// The `AzureDiagnostics` table or one table per category.
    pub destination: crate::azure::catalog::LogDestination,
}

/// A management lock: `scope` can be changed but not deleted while the lock exists.
#[derive(Debug, Clone)]
pub struct ManagementLock {
    pub scope: ResourceId,
    /// The Azure lock level (`azure::catalog::LOCK_LEVEL_CAN_NOT_DELETE`).
    pub level: &'static str,
    /// Why the lock exists, for whoever meets it in the portal or in a failed delete.
    pub notes: String,
}

#[derive(Debug, Clone)]
pub struct VirtualNetwork {
    pub address_space: Vec<Ipv4Net>,
    /// `Some` when the virtual network exists already: it is referenced, never created, and its
    /// subnets are re-declared only to attach NSGs, route tables and service endpoints.
    pub existing: Option<ExistingScope>,
    /// Its subnets, in spec order.
    pub subnets: Vec<ResourceId>,
    /// Who answers its machines' DNS queries (the DHCP options of a created network).
    pub dns_servers: DnsServers,
}

/// The DNS servers of a virtual network: one of three, so a network cannot have custom servers and a
/// firewall's DNS proxy at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsServers {
    /// Azure's DNS: the network states no servers.
    Azure,
    /// Custom servers (`vnet.dns_servers`).
    Custom(CustomDnsServers),
    /// The private address of an Azure Firewall of the graph, by reference: its DNS proxy answers.
    FirewallProxy(ResourceId),
}

impl DnsServers {
    /// Custom servers, or Azure's DNS for none.
    pub fn custom(servers: Vec<Ipv4Addr>) -> Self {
        if servers.is_empty() { Self::Azure } else { Self::Custom(CustomDnsServers(servers)) }
    }
}

/// Custom DNS servers, in spec order: at least one (built by [`DnsServers::custom`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomDnsServers(Vec<Ipv4Addr>);

impl CustomDnsServers {
    pub fn as_slice(&self) -> &[Ipv4Addr] {
        &self.0
    }
}

/// The servers as a list: `10.0.0.4, 10.0.0.5`.
impl fmt::Display for CustomDnsServers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, server) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{server}")?;
        }
        Ok(())
    }
}

/// Where an existing resource lives (a virtual network, or a private DNS zone the deployment grants a
/// role on).
///
/// What the deployment writes into it (re-declared subnets, role assignments on them or on it, its side
/// of a peering) is deployed at its scope: ARM writes a nested deployment there, Bicep a module, Terraform
/// names the network's group (or, in another subscription, its full id, through azapi).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingScope {
    /// Its resource group; `None` for the deployment's own.
    pub resource_group: Option<String>,
    /// Its subscription; `None` for the deployment's own. Always `Some` with a resource group.
    pub subscription: Option<String>,
}

impl ExistingScope {
    /// The ARM id of the resource `name` of `kind`, when the spec gave its subscription (a hub or a zone
    /// named by id).
    pub fn id(&self, kind: ApiKind, name: &str) -> Option<String> {
        let (subscription, group) = (self.subscription.as_ref()?, self.resource_group.as_ref()?);
        Some(format!(
            "/subscriptions/{subscription}/resourceGroups/{group}/providers/{}/{name}",
            crate::azure::catalog::info(kind).arm_type
        ))
    }
}

#[derive(Debug, Clone)]
pub struct Subnet {
    pub vnet: ResourceId,
    pub prefix: Ipv4Net,
    /// `None` for a subnet Azure reserves for one of its services (`azure::network::RESERVED_SUBNETS`).
    pub nsg: Option<ResourceId>,
    pub route_table: Option<ResourceId>,
    /// Service endpoints (e.g. `Microsoft.Storage`), sorted; none is stated as none.
    pub service_endpoints: Vec<&'static str>,
    /// Delegations to services (`Microsoft.X/y`); none is stated as none.
    pub delegations: Vec<&'static str>,
    pub private_endpoint_policies: Toggle,
    pub private_link_service_policies: Toggle,
    pub default_outbound_access: bool,
    /// The NAT gateway its Internet-bound traffic leaves through (`outbound.egress: nat_gateway`).
    pub nat_gateway: Option<ResourceId>,
}

#[derive(Debug, Clone)]
pub struct NetworkSecurityGroup {
    /// Its rules, a list that other groups may share.
    pub rules: RuleListId,
    /// The spec path that selected each rule of the list, in the list's order: what differs between
    /// groups that share a list.
    pub selected_by: Vec<String>,
}

/// The rules of one or more network security groups: inbound rules first, then outbound, each by
/// priority. Two groups share a list when their rules are equal as values (every field, [`Reason`]
/// included), which is what every emitter prints.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleList {
    pub rules: Vec<SecurityRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecurityRule {
    pub name: String,
    pub priority: u16,
    pub direction: Direction,
    pub access: Access,
    pub protocol: Protocol,
    /// `*`, a CIDR or a service tag, as Azure spells it.
    pub source: String,
    /// The source port range: `*` for every rule amlnet writes.
    pub source_ports: String,
    pub destination: String,
    /// `*`, `22` or `29876-29877`; one entry or several.
    pub destination_ports: Vec<String>,
    /// Why it exists; the spec path that selected it is the group's ([`NetworkSecurityGroup::selected_by`]).
    pub reason: Reason,
}

#[derive(Debug, Clone)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    pub bgp_route_propagation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub name: String,
    /// A CIDR or a service tag.
    pub address_prefix: String,
    pub next_hop: NextHop,
    pub explain: Explain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextHop {
    Internet,
    VirtualAppliance(Ipv4Addr),
    /// The private address of an Azure Firewall of the graph, by reference.
    Firewall(ResourceId),
}

impl NextHop {
    /// The next hop type, which Azure spells (`azure::network::NextHopType`).
    pub fn hop_type(self) -> NextHopType {
        match self {
            NextHop::Internet => NextHopType::Internet,
            NextHop::VirtualAppliance(_) | NextHop::Firewall(_) => NextHopType::VirtualAppliance,
        }
    }
}

/// Why a rule, route or firewall entry exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explain {
    /// The spec path that selected it (e.g. `compute[0]`, `outbound.mode`).
    pub spec: String,
    /// The catalogue entry (e.g. `seed-2019/batch-inbound`).
    pub entry: &'static str,
    pub why: &'static str,
    pub source: Source,
}

/// Why a security rule exists, whichever group holds it: an [`Explain`] without the spec path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reason {
    /// The catalogue entry (e.g. `seed-2019/batch-inbound`).
    pub entry: &'static str,
    pub why: &'static str,
    pub source: Source,
}

impl Reason {
    /// The full explanation of a rule selected by the spec path `spec`.
    pub fn at(self, spec: &str) -> Explain {
        Explain { spec: spec.to_owned(), entry: self.entry, why: self.why, source: self.source }
    }
}

/// The subnets a service firewall admits (none when private endpoints replace the service
/// endpoints), and why it exists.
#[derive(Debug, Clone)]
pub struct Firewall {
    pub subnets: Vec<ResourceId>,
    pub explain: Explain,
}

/// A service's network rules: the action for traffic no rule matches, who bypasses them, and the
/// firewall's admitted subnets when there is one (its default action is then `Deny`).
#[derive(Debug, Clone)]
pub struct NetworkAcls {
    pub default_action: DefaultAction,
    pub bypass: Bypass,
    pub firewall: Option<Firewall>,
}

#[derive(Debug, Clone)]
pub struct StorageAccount {
    pub settings: StorageSettings,
    /// `false` when private endpoints replace public access.
    pub public_network_access: bool,
    pub network_acls: NetworkAcls,
}

#[derive(Debug, Clone)]
pub struct KeyVault {
    pub settings: KeyVaultSettings,
    pub public_network_access: bool,
    pub network_acls: NetworkAcls,
}

#[derive(Debug, Clone)]
pub struct LogAnalytics {
    pub sku: LogAnalyticsSku,
    pub retention_days: u32,
}

#[derive(Debug, Clone)]
pub struct ContainerRegistry {
    pub sku: RegistrySku,
    pub admin_user: bool,
    /// `false` when reached through a private endpoint.
    pub public_network_access: bool,
    /// `Deny` when reached through a private endpoint; `None` for a tier without network rules.
    pub default_action: Option<DefaultAction>,
    pub bypass: Bypass,
}

#[derive(Debug, Clone)]
pub struct ApplicationInsights {
    pub log_analytics: ResourceId,
    pub application_type: ApplicationType,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    /// The name the studio shows: the workspace's resource name.
    pub friendly_name: String,
    pub storage: ResourceId,
    pub key_vault: ResourceId,
    pub application_insights: ResourceId,
    pub container_registry: Option<ResourceId>,
    pub sku: WorkspaceSku,
    pub identity: IdentityType,
    pub public_network_access: bool,
    /// The compute cluster that builds images when the registry is private (a child of the
    /// workspace, created after it, so named rather than referenced).
    pub image_build_compute: Option<String>,
    /// The workspace managed virtual network, when compute runs in a network Azure manages.
    pub managed_network: Option<ManagedNetwork>,
    /// How the system datastores authenticate to the storage account; stated in every format.
    pub system_datastores_auth: crate::azure::defaults::DatastoresAuth,
}

/// The settings of a workspace managed virtual network (its rules are [`OutboundRule`] resources).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedNetwork {
    pub isolation: crate::azure::managed_network::Isolation,
    /// Stated in every format, Azure's default included.
    pub firewall_sku: crate::azure::managed_network::FirewallSku,
    /// Provision the network with the workspace, so it exists before the first compute.
    pub provision_now: bool,
    /// `workspace.managed_network`, for `explain`.
    pub explain: Explain,
}

/// One outbound rule of a workspace managed network.
#[derive(Debug, Clone)]
pub struct OutboundRule {
    pub workspace: ResourceId,
    pub destination: RuleDestination,
    /// The spec path (a rule, or the catalogue group that asked for it) and the source.
    pub explain: Explain,
}

/// Where an outbound rule lets traffic go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleDestination {
    /// Through the managed Azure Firewall (HTTP and HTTPS).
    Fqdn(String),
    ServiceTag {
        tag: &'static str,
        protocol: &'static str,
        port_ranges: String,
    },
    /// A private endpoint in the managed network.
    PrivateEndpoint {
        target: RuleTarget,
        sub_resource: &'static str,
        spark_enabled: bool,
    },
}

impl RuleDestination {
    pub fn kind(&self) -> crate::azure::managed_network::RuleKind {
        use crate::azure::managed_network::RuleKind;
        match self {
            RuleDestination::Fqdn(_) => RuleKind::Fqdn,
            RuleDestination::ServiceTag { .. } => RuleKind::ServiceTag,
            RuleDestination::PrivateEndpoint { .. } => RuleKind::PrivateEndpoint,
        }
    }
}

/// The resource a private endpoint rule reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleTarget {
    /// A resource of the deployment.
    Resource(ResourceId),
    /// An existing resource, by ARM id.
    Existing(String),
}

#[derive(Debug, Clone)]
pub struct AmlCluster {
    pub workspace: ResourceId,
    /// `None` in a workspace managed network, where Azure places the compute.
    pub subnet: Option<ResourceId>,
    pub vm_size: String,
    pub min_nodes: u32,
    pub max_nodes: u32,
    pub public_ip: bool,
    /// Administrator credentials when the spec asks for SSH.
    pub ssh: Option<Credentials>,
    /// Remote login over a public port: SSH credentials and public node addresses.
    pub ssh_public_access: bool,
    pub vm_priority: VmPriority,
    pub os_type: OsType,
    /// ISO 8601 duration.
    pub scale_down_after: &'static str,
    pub local_auth: bool,
    pub identity: IdentityType,
}

#[derive(Debug, Clone)]
pub struct AmlInstance {
    pub workspace: ResourceId,
    /// `None` in a workspace managed network, where Azure places the compute.
    pub subnet: Option<ResourceId>,
    pub vm_size: String,
    pub public_ip: bool,
    /// ISO 8601 duration (`PT30M`).
    pub idle_shutdown: String,
    pub local_auth: bool,
    /// SSH from the public internet (`sshSettings.sshPublicAccess`).
    pub ssh_public_access: bool,
    /// The administrator's SSH public key (a secure parameter) when the spec asks for SSH.
    pub ssh_key: Option<ParamId>,
    pub identity: IdentityType,
    /// The user the instance belongs to, when the spec names one.
    pub assigned_user: Option<AssignedUser>,
}

/// An Entra ID user: object and tenant ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedUser {
    pub object_id: String,
    pub tenant_id: String,
}

/// A user name and a secret, both deployment parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credentials {
    pub username: ParamId,
    /// A password (attached computes) or an SSH public key (clusters); always a secure parameter.
    pub secret: ParamId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachKind {
    VirtualMachine,
    HdInsight,
}

#[derive(Debug, Clone)]
pub struct AttachedCompute {
    pub workspace: ResourceId,
    pub attach: AttachKind,
    pub target: AttachTarget,
    pub admin: AttachAdmin,
    pub ssh_port: u16,
}

/// What an attached compute attaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachTarget {
    /// The ARM id of an existing VM or cluster.
    Existing(String),
    /// A virtual machine of the graph.
    Created(ResourceId),
}

/// How the workspace signs in to an attached compute over SSH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachAdmin {
    /// An existing VM or cluster: user name and password, both deployment parameters.
    Password(Credentials),
    /// A created VM: its administrator, and the private key (a secure parameter) matching the public
    /// key it was created with.
    PrivateKey { username: String, private_key: ParamId },
}

/// A network interface with one dynamic private address in a subnet, and no public IP.
#[derive(Debug, Clone)]
pub struct NetworkInterface {
    pub subnet: ResourceId,
    /// The name of its IP configuration.
    pub ip_configuration: String,
    pub private_ip_allocation: &'static str,
}

/// A Linux virtual machine with one network interface and key-only SSH.
#[derive(Debug, Clone)]
pub struct VirtualMachine {
    pub nic: ResourceId,
    pub vm_size: String,
    pub admin_username: String,
    /// The administrator's SSH public key, a secure parameter.
    pub ssh_public_key: ParamId,
    pub image: VmImage,
    pub os_disk_caching: &'static str,
    pub os_disk_storage: &'static str,
    pub password_authentication: bool,
}

#[derive(Debug, Clone)]
pub struct ManagedCluster {
    pub subnet: ResourceId,
    pub identity: ResourceId,
    pub node_count: u32,
    pub vm_size: String,
    pub dns_prefix: String,
    pub pod_cidr: Ipv4Net,
    pub service_cidr: Ipv4Net,
    pub dns_service_ip: Ipv4Addr,
    pub network_plugin: AksNetworkPlugin,
    pub network_plugin_mode: Option<AksNetworkPluginMode>,
    pub network_policy: AksNetworkPolicy,
    pub load_balancer_sku: LoadBalancerSku,
    pub outbound_type: OutboundType,
    pub rbac: bool,
    pub local_accounts_disabled: bool,
    pub os_type: OsType,
    /// The API server has a private address only.
    pub private_cluster: bool,
    /// For a private cluster: whether its API server also gets a public FQDN.
    pub private_cluster_public_fqdn: Option<bool>,
    /// Microsoft Entra ID integration, Azure RBAC, upgrade channels and the Azure Policy add-on.
    pub hardening: crate::azure::defaults::AksHardening,
    /// The host names the cluster's egress must reach that no NSG rule can express: a firewall on the
    /// subnet's way out must allow them (for `explain`; nothing is written).
    pub required_fqdns: Vec<&'static crate::azure::aks::RequiredFqdn>,
    /// For a private cluster: the private DNS zone of its API server (`System`, or an existing zone).
    pub private_dns_zone: Option<crate::azure::aks::AksPrivateDnsZone>,
}

#[derive(Debug, Clone)]
pub struct AksCompute {
    pub workspace: ResourceId,
    pub cluster: ResourceId,
    pub subnet: ResourceId,
    pub service_cidr: Ipv4Net,
    pub dns_service_ip: Ipv4Addr,
    /// Only on the ML attach configuration, and only when the spec sets it.
    pub docker_bridge_cidr: Option<Ipv4Net>,
    /// Scoring through an internal load balancer in `subnet`.
    pub internal_load_balancer: bool,
    pub cluster_purpose: ClusterPurpose,
    /// TLS termination on the scoring endpoint; `None` serves plain HTTP (stated as disabled).
    pub tls: Option<AksTls>,
}

/// The Azure Machine Learning extension on a managed cluster: its workloads, how its inference router
/// is exposed, and its TLS.
#[derive(Debug, Clone)]
pub struct ClusterExtension {
    pub cluster: ResourceId,
    pub training: bool,
    pub inference: bool,
    /// With inference: the router's service type.
    pub router_service_type: Option<RouterServiceType>,
    /// With a load balancer: an internal one in the cluster's subnet.
    pub internal_load_balancer: bool,
    /// With inference: three router replicas (`false` on a dev/test cluster of fewer nodes).
    pub router_ha: bool,
    /// With inference: the router's certificate, or `None` for plain HTTP (`allowInsecureConnections`).
    pub tls: Option<ExtensionTls>,
}

/// One configuration setting of the extension: its key and value.
pub type ExtensionSetting = (&'static str, String);

impl ClusterExtension {
    /// The Azure Machine Learning extension's configuration settings and protected settings (each a
    /// secure parameter), in output order: the one mapping ARM, Bicep and Terraform write.
    pub fn settings(&self) -> (Vec<ExtensionSetting>, Vec<(&'static str, ParamId)>) {
        let ClusterExtension {
            cluster: _,
            training,
            inference,
            router_service_type,
            internal_load_balancer,
            router_ha,
            tls,
        } = self;
        let mut settings = vec![
            (crate::azure::aks::CFG_ENABLE_TRAINING, crate::azure::aks::setting_bool(*training).to_owned()),
            (crate::azure::aks::CFG_ENABLE_INFERENCE, crate::azure::aks::setting_bool(*inference).to_owned()),
        ];
        let mut protected = Vec::new();
        if let Some(service_type) = router_service_type {
            settings.push((crate::azure::aks::CFG_ROUTER_SERVICE_TYPE, service_type.azure_name().to_owned()));
            if *internal_load_balancer {
                settings.push((
                    crate::azure::aks::CFG_INTERNAL_LB_PROVIDER,
                    crate::azure::aks::INTERNAL_LB_PROVIDER_AZURE.to_owned(),
                ));
            }
            settings.push((crate::azure::aks::CFG_ROUTER_HA, crate::azure::aks::setting_bool(*router_ha).to_owned()));
            settings.push((
                crate::azure::aks::CFG_ALLOW_INSECURE,
                crate::azure::aks::setting_bool(tls.is_none()).to_owned(),
            ));
            if let Some(ExtensionTls { cname, cert, key }) = tls {
                settings.push((crate::azure::aks::CFG_SSL_CNAME, cname.clone()));
                protected.push((crate::azure::aks::CFG_SSL_CERT, *cert));
                protected.push((crate::azure::aks::CFG_SSL_KEY, *key));
            }
        }
        (settings, protected)
    }
}

/// The inference router's own certificate: the name it serves and the base64 PEM certificate and key
/// (secure deployment parameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionTls {
    pub cname: String,
    pub cert: ParamId,
    pub key: ParamId,
}

/// A managed cluster with the extension, attached to the workspace as `computeType: Kubernetes`.
#[derive(Debug, Clone)]
pub struct KubernetesCompute {
    pub workspace: ResourceId,
    pub cluster: ResourceId,
    /// The extension the attach needs installed first.
    pub extension: ResourceId,
    /// The Kubernetes namespace the workloads run in (it must exist in the cluster).
    pub namespace: String,
}

/// TLS on an AKS scoring endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AksTls {
    /// A certificate from Microsoft for a generated name under the label.
    Microsoft { leaf_domain_label: String },
    /// The user's certificate and key (secure deployment parameters) for `cname`.
    Custom { cname: String, cert: ParamId, key: ParamId },
}

#[derive(Debug, Clone)]
pub struct RoleAssignment {
    /// The resource the role is granted on.
    pub scope: ResourceId,
    /// The identity that receives it: a user-assigned identity, or a resource's system-assigned one.
    pub principal: ResourceId,
    pub role: Role,
    pub principal_type: PrincipalType,
    /// Which identity of `principal` receives the role.
    pub principal_identity: PrincipalIdentity,
}

/// Which of a resource's identities a role assignment grants to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalIdentity {
    /// A user-assigned identity itself, or a resource's system-assigned identity.
    Own,
    /// The kubelet identity of a managed cluster (the one that pulls images).
    Kubelet,
}

/// A private endpoint for one sub-resource of a service.
#[derive(Debug, Clone)]
pub struct PrivateEndpoint {
    pub subnet: ResourceId,
    /// The service it connects to.
    pub service: ResourceId,
    pub target: Target,
}

/// The DNS zone group of a private endpoint: its records go into these zones.
#[derive(Debug, Clone)]
pub struct PrivateDnsZoneGroup {
    pub endpoint: ResourceId,
    pub zones: Vec<ResourceId>,
    /// Zones that exist already, outside the deployment (`dns_zones: existing`).
    pub existing: Vec<ExistingZone>,
}

/// A private DNS zone the deployment does not create: its name and ARM id (possibly in another
/// subscription).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingZone {
    pub name: String,
    pub id: String,
}

/// A private DNS zone: one the deployment creates, or an existing one it grants a role on (a private
/// AKS cluster's API server zone).
#[derive(Debug, Clone)]
pub struct PrivateDnsZone {
    /// `Some` for a zone that exists already, by its scope: referenced, never created.
    pub existing: Option<ExistingScope>,
}

/// A private DNS zone linked to a virtual network (no auto-registration).
#[derive(Debug, Clone)]
pub struct PrivateDnsZoneLink {
    pub zone: ResourceId,
    pub vnet: ResourceId,
    pub registration: bool,
}

/// A public IP address (the NAT gateway's).
#[derive(Debug, Clone)]
pub struct PublicIpAddress {
    pub sku: PublicIpSku,
    pub tier: PublicIpTier,
    pub allocation: IpAllocation,
    pub version: IpVersion,
    /// Availability zones; empty is no zone.
    pub zones: &'static [&'static str],
}

/// A NAT gateway: the explicit way out of the subnets associated with it.
#[derive(Debug, Clone)]
pub struct NatGateway {
    pub sku: NatGatewaySku,
    /// Its outbound addresses.
    pub public_ips: Vec<ResourceId>,
    /// TCP idle timeout in minutes.
    pub idle_timeout_minutes: u32,
    /// Availability zones; empty is no zone.
    pub zones: &'static [&'static str],
    /// Why it exists.
    pub explain: Explain,
}

/// A peering from `vnet` to `remote`, every flag stated. Either network may exist already (an existing
/// hub is a [`VirtualNetwork`] with `existing` set): the peering is then written at its scope.
#[derive(Debug, Clone)]
pub struct VirtualNetworkPeering {
    pub vnet: ResourceId,
    pub remote: ResourceId,
    pub allow_virtual_network_access: bool,
    pub allow_forwarded_traffic: bool,
    pub allow_gateway_transit: bool,
    pub use_remote_gateways: bool,
}

/// An Azure Firewall in a virtual network, its rules in `policy`.
#[derive(Debug, Clone)]
pub struct AzureFirewall {
    /// Its `AzureFirewallSubnet`.
    pub subnet: ResourceId,
    pub public_ip: ResourceId,
    /// The name of its IP configuration.
    pub ip_configuration: String,
    /// The management NIC (forced tunnelling): its subnet and public IP.
    pub management: Option<(ResourceId, ResourceId)>,
    pub policy: ResourceId,
    pub sku_name: &'static str,
    pub tier: crate::azure::firewall::FirewallTier,
    /// Availability zones (`azure::regions::AVAILABILITY_ZONES` spellings), stated by every format; empty is
    /// no zone.
    pub zones: Vec<&'static str>,
}

/// A firewall policy: its tier, threat intelligence and DNS proxy.
#[derive(Debug, Clone)]
pub struct FirewallPolicy {
    pub tier: crate::azure::firewall::FirewallTier,
    pub threat_intel_mode: &'static str,
    /// The firewall answers DNS on its private address and forwards to Azure DNS.
    pub dns_proxy: bool,
    /// `hub.firewall`, for `explain`.
    pub explain: Explain,
}

/// A rule collection group of a firewall policy.
#[derive(Debug, Clone)]
pub struct FirewallRuleCollectionGroup {
    pub policy: ResourceId,
    pub priority: u32,
    pub collections: Vec<RuleCollection>,
}

/// A filter rule collection: one action for rules of one type.
#[derive(Debug, Clone)]
pub struct RuleCollection {
    pub name: String,
    pub priority: u32,
    pub action: &'static str,
    pub rules: FirewallRules,
}

/// The rules of a collection, all of one type.
#[derive(Debug, Clone)]
pub enum FirewallRules {
    Network(Vec<FirewallNetworkRule>),
    Application(Vec<FirewallApplicationRule>),
}

/// A network rule: protocols and ports to service tags, from the spoke's addresses.
#[derive(Debug, Clone)]
pub struct FirewallNetworkRule {
    pub name: String,
    pub sources: Vec<String>,
    pub protocols: Vec<&'static str>,
    pub destinations: Vec<String>,
    pub ports: Vec<String>,
    pub explain: Explain,
}

/// An application rule: FQDNs over one protocol and port, from the spoke's addresses.
#[derive(Debug, Clone)]
pub struct FirewallApplicationRule {
    pub name: String,
    pub sources: Vec<String>,
    pub protocol: &'static str,
    pub port: u16,
    pub fqdns: Vec<String>,
    pub explain: Explain,
}

/// An Azure Bastion host in its `AzureBastionSubnet`.
#[derive(Debug, Clone)]
pub struct BastionHost {
    pub subnet: ResourceId,
    pub public_ip: ResourceId,
    pub ip_configuration: String,
    pub sku: &'static str,
    pub explain: Explain,
}

impl Graph {
    /// An empty graph.
    pub fn new(name: String, region: &'static Region, catalogue: Catalogue, tags: BTreeMap<String, String>) -> Graph {
        Graph {
            name,
            region,
            catalogue,
            tags,
            params: Vec::new(),
            resources: Vec::new(),
            rule_lists: Vec::new(),
            extra_deps: Vec::new(),
            storage_data_plane_reachable: true,
        }
    }

    /// Adds a resource; its id is its position.
    pub fn add(&mut self, resource: Resource) -> ResourceId {
        let id = ResourceId(u32::try_from(self.resources.len()).expect("fewer than 2^32 resources"));
        self.resources.push(resource);
        id
    }

    /// Adds a parameter.
    pub fn add_param(&mut self, param: Param) -> ParamId {
        let id = ParamId(u32::try_from(self.params.len()).expect("fewer than 2^32 parameters"));
        self.params.push(param);
        id
    }

    /// Stores a list of security rules. `lower` stores each distinct list once
    /// (`check_invariants` checks it).
    pub fn add_rule_list(&mut self, list: RuleList) -> RuleListId {
        let id = RuleListId(u32::try_from(self.rule_lists.len()).expect("fewer than 2^32 rule lists"));
        self.rule_lists.push(list);
        id
    }

    pub fn rule_list(&self, id: RuleListId) -> &RuleList {
        &self.rule_lists[id.0 as usize]
    }

    /// Every rule list, in the order they were stored.
    pub fn rule_lists(&self) -> impl Iterator<Item = (RuleListId, &RuleList)> {
        self.rule_lists.iter().enumerate().map(|(i, l)| (RuleListId(i as u32), l))
    }

    /// The rules of a security group, each with its full explanation.
    pub fn explained_rules<'a>(
        &'a self,
        nsg: &'a NetworkSecurityGroup,
    ) -> impl Iterator<Item = (&'a SecurityRule, Explain)> + 'a {
        self.rule_list(nsg.rules).rules.iter().zip(&nsg.selected_by).map(|(rule, spec)| (rule, rule.reason.at(spec)))
    }

    /// Records a dependency no reference carries.
    pub fn add_extra_dep(&mut self, dep: ExtraDep) {
        self.extra_deps.push(dep);
    }

    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0 as usize]
    }

    pub fn resource_mut(&mut self, id: ResourceId) -> &mut Resource {
        &mut self.resources[id.0 as usize]
    }

    pub fn param(&self, id: ParamId) -> &Param {
        &self.params[id.0 as usize]
    }

    /// Every resource in output order.
    pub fn resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources.iter().enumerate().map(|(i, r)| (ResourceId(i as u32), r))
    }

    /// Every parameter in output order.
    pub fn params(&self) -> impl Iterator<Item = (ParamId, &Param)> {
        self.params.iter().enumerate().map(|(i, p)| (ParamId(i as u32), p))
    }

    /// Every dependency of `id`: its references, then its extra dependencies, without repeats, in
    /// the order they first appear.
    pub fn deps(&self, id: ResourceId) -> Vec<ResourceId> {
        let mut out = self.resource(id).body.refs();
        out.extend(self.extra_deps.iter().filter(|d| d.from == id).map(|d| d.to));
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|d| seen.insert(*d));
        out
    }

    /// Extra dependencies, for the IR dump and `explain`.
    pub fn extra_deps(&self) -> &[ExtraDep] {
        &self.extra_deps
    }

    /// Checks what every emitter relies on: references resolve and point backwards (no cycles),
    /// names and identifiers are unique, NSG priorities are unique per direction, each group explains
    /// every rule of its list, and no rule list is stored twice.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut locals = std::collections::BTreeSet::new();
        let mut symbols = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for (id, res) in self.resources() {
            for dep in self.deps(id) {
                if dep.0 as usize >= self.resources.len() {
                    return Err(format!("{} refers to a missing resource", res.name));
                }
                if dep >= id {
                    return Err(format!("{} refers forward to {}", res.name, self.resource(dep).name));
                }
            }
            if !locals.insert((res.kind, res.local.clone())) {
                return Err(format!("two {:?} resources share the label {}", res.kind, res.local));
            }
            if !symbols.insert(res.symbol.clone()) {
                return Err(format!("two resources share the symbol {}", res.symbol));
            }
            let parent = res.body.parent();
            if res.kind != ApiKind::RoleAssignment && !names.insert((res.kind, parent, res.name.to_ascii_lowercase())) {
                return Err(format!("two {:?} resources are named {}", res.kind, res.name));
            }
            if let Body::NetworkSecurityGroup(nsg) = &res.body {
                let Some(list) = self.rule_lists.get(nsg.rules.0 as usize) else {
                    return Err(format!("{} refers to a missing rule list", res.name));
                };
                if list.rules.len() != nsg.selected_by.len() {
                    return Err(format!(
                        "{}: {} rules but {} spec paths",
                        res.name,
                        list.rules.len(),
                        nsg.selected_by.len()
                    ));
                }
                let mut seen = std::collections::BTreeSet::new();
                for rule in &list.rules {
                    if !seen.insert((rule.direction, rule.priority)) {
                        return Err(format!("{}: priority {} used twice", res.name, rule.priority));
                    }
                }
            }
        }
        let mut lists = std::collections::HashSet::new();
        for (id, list) in self.rule_lists() {
            if !lists.insert(list) {
                return Err(format!("rule list {id} is stored twice"));
            }
        }
        // Parameters share one namespace with resource symbols and `location` in ARM and Bicep.
        let mut taken: std::collections::BTreeSet<String> = self.resources.iter().map(|r| camel(&r.symbol)).collect();
        taken.insert("location".to_owned());
        for param in &self.params {
            if !taken.insert(camel(&param.name)) {
                return Err(format!(
                    "parameter {} collides with a resource symbol, `location` or another parameter",
                    param.name
                ));
            }
        }
        Ok(())
    }
}

/// A lowercase `snake_case` identifier as `camelCase`: the ARM parameter and Bicep identifier
/// convention. An underscore before a digit is kept (`train_1` → `train_1`, `train1` → `train1`), so
/// distinct identifiers stay distinct (cdktf's `makeUniqueId` lesson).
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut chars = snake.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('_', Some(next)) if next.is_ascii_alphabetic() && !out.is_empty() => {
                out.extend(next.to_uppercase());
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    out
}

impl Body {
    /// The resource this one is a child of (its name is relative to the parent's), if any.
    /// Where the resource lives when it exists already (a virtual network or a private DNS zone).
    pub fn existing(&self) -> Option<&ExistingScope> {
        match self {
            Body::VirtualNetwork(v) => v.existing.as_ref(),
            Body::PrivateDnsZone(z) => z.existing.as_ref(),
            _ => None,
        }
    }

    pub fn parent(&self) -> Option<ResourceId> {
        match self {
            Body::Subnet(s) => Some(s.vnet),
            Body::AmlCluster(c) => Some(c.workspace),
            Body::AmlInstance(c) => Some(c.workspace),
            Body::AttachedCompute(c) => Some(c.workspace),
            Body::AksCompute(c) => Some(c.workspace),
            Body::KubernetesCompute(c) => Some(c.workspace),
            Body::PrivateDnsZoneGroup(g) => Some(g.endpoint),
            Body::PrivateDnsZoneLink(l) => Some(l.zone),
            Body::OutboundRule(r) => Some(r.workspace),
            Body::MonitorScopedResource(r) => Some(r.scope),
            Body::MonitorPrivateLinkScope(_) => None,
            Body::VirtualNetworkPeering(p) => Some(p.vnet),
            Body::FirewallRuleCollectionGroup(g) => Some(g.policy),
            Body::AzureFirewall(_) | Body::FirewallPolicy(_) | Body::BastionHost(_) => None,
            Body::VirtualNetwork(_)
            | Body::NetworkSecurityGroup(_)
            | Body::RouteTable(_)
            | Body::StorageAccount(_)
            | Body::KeyVault(_)
            | Body::LogAnalytics(_)
            | Body::ApplicationInsights(_)
            | Body::ContainerRegistry(_)
            | Body::Workspace(_)
            | Body::ManagedCluster(_)
            | Body::UserAssignedIdentity
            | Body::RoleAssignment(_)
            | Body::PrivateEndpoint(_)
            | Body::PrivateDnsZone(_)
            | Body::PublicIpAddress(_)
            | Body::NatGateway(_)
            | Body::NetworkInterface(_)
            | Body::VirtualMachine(_)
            | Body::ClusterExtension(_)
            | Body::ManagementLock(_)
            | Body::DiagnosticSetting(_) => None,
        }
    }

    /// The resources this body refers to, in field order.
    pub fn refs(&self) -> Vec<ResourceId> {
        match self {
            Body::VirtualNetwork(v) => match v.dns_servers {
                DnsServers::FirewallProxy(fw) => vec![fw],
                DnsServers::Azure | DnsServers::Custom(_) => Vec::new(),
            },
            Body::RouteTable(rt) => rt
                .routes
                .iter()
                .filter_map(|r| match r.next_hop {
                    NextHop::Firewall(fw) => Some(fw),
                    NextHop::Internet | NextHop::VirtualAppliance(_) => None,
                })
                .collect(),
            Body::VirtualNetworkPeering(p) => vec![p.vnet, p.remote],
            Body::AzureFirewall(f) => {
                let mut out = vec![f.subnet, f.public_ip];
                out.extend(f.management.iter().flat_map(|(s, ip)| [*s, *ip]));
                out.push(f.policy);
                out
            }
            Body::FirewallRuleCollectionGroup(g) => vec![g.policy],
            Body::BastionHost(b) => vec![b.subnet, b.public_ip],
            Body::FirewallPolicy(_)
            | Body::NetworkSecurityGroup(_)
            | Body::LogAnalytics(_)
            | Body::ContainerRegistry(_)
            | Body::UserAssignedIdentity
            | Body::PrivateDnsZone(_)
            | Body::PublicIpAddress(_)
            | Body::MonitorPrivateLinkScope(_) => Vec::new(),
            Body::MonitorScopedResource(r) => vec![r.scope, r.resource],
            Body::Subnet(s) => [Some(s.vnet), s.nsg, s.route_table, s.nat_gateway].into_iter().flatten().collect(),
            Body::NatGateway(n) => n.public_ips.clone(),
            Body::StorageAccount(s) => s.network_acls.firewall.iter().flat_map(|f| f.subnets.iter().copied()).collect(),
            Body::KeyVault(k) => k.network_acls.firewall.iter().flat_map(|f| f.subnets.iter().copied()).collect(),
            Body::ApplicationInsights(a) => vec![a.log_analytics],
            Body::Workspace(w) => {
                [Some(w.storage), Some(w.key_vault), Some(w.application_insights), w.container_registry]
                    .into_iter()
                    .flatten()
                    .collect()
            }
            Body::OutboundRule(r) => match &r.destination {
                RuleDestination::PrivateEndpoint { target: RuleTarget::Resource(target), .. } => {
                    vec![r.workspace, *target]
                }
                _ => vec![r.workspace],
            },
            Body::AmlCluster(c) => [Some(c.workspace), c.subnet].into_iter().flatten().collect(),
            Body::AmlInstance(c) => [Some(c.workspace), c.subnet].into_iter().flatten().collect(),
            Body::AttachedCompute(c) => match c.target {
                AttachTarget::Existing(_) => vec![c.workspace],
                AttachTarget::Created(vm) => vec![c.workspace, vm],
            },
            Body::ManagedCluster(m) => vec![m.subnet, m.identity],
            Body::AksCompute(a) => vec![a.workspace, a.cluster, a.subnet],
            Body::RoleAssignment(r) => vec![r.scope, r.principal],
            Body::PrivateEndpoint(p) => vec![p.subnet, p.service],
            Body::PrivateDnsZoneGroup(g) => std::iter::once(g.endpoint).chain(g.zones.iter().copied()).collect(),
            Body::PrivateDnsZoneLink(l) => vec![l.zone, l.vnet],
            Body::NetworkInterface(n) => vec![n.subnet],
            Body::VirtualMachine(v) => vec![v.nic],
            Body::ClusterExtension(e) => vec![e.cluster],
            Body::ManagementLock(l) => vec![l.scope],
            Body::DiagnosticSetting(d) => vec![d.target, d.workspace],
            Body::KubernetesCompute(k) => vec![k.workspace, k.cluster, k.extension],
        }
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl fmt::Display for RuleListId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rules#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::regions;

    #[test]
    fn parameters_must_not_collide_with_symbols_or_location() {
        let region = regions::region("eastus").unwrap();
        let mut graph = Graph::new("t".into(), region, Catalogue::Current, BTreeMap::new());
        graph.add(Resource {
            kind: ApiKind::LogAnalytics,
            name: "log-t".into(),
            local: "main".into(),
            symbol: "log_main".into(),
            tagged: true,
            origin: "workspace".into(),
            body: Body::LogAnalytics(LogAnalytics {
                sku: crate::azure::defaults::LOG_ANALYTICS.sku,
                retention_days: crate::azure::defaults::LOG_ANALYTICS.retention_days,
            }),
        });
        assert_eq!(graph.check_invariants(), Ok(()));
        for clash in ["log_main", "location"] {
            let mut g = graph.clone();
            g.add_param(Param { name: clash.into(), secure: false, description: String::new() });
            assert!(g.check_invariants().is_err(), "{clash}");
        }
    }

    fn rule(priority: u16) -> SecurityRule {
        SecurityRule {
            name: format!("r{priority}"),
            priority,
            direction: Direction::Inbound,
            access: Access::Allow,
            protocol: Protocol::Tcp,
            source: "*".into(),
            source_ports: "*".into(),
            destination: "*".into(),
            destination_ports: vec!["443".into()],
            reason: Reason {
                entry: "test/entry",
                why: "a test rule",
                source: crate::azure::network::CURRENT_COMPUTE_DOC,
            },
        }
    }

    fn with_group(graph: &mut Graph, name: &str, rules: RuleListId, selected_by: usize) {
        graph.add(Resource {
            kind: ApiKind::NetworkSecurityGroup,
            name: name.into(),
            local: name.into(),
            symbol: format!("nsg_{name}"),
            tagged: true,
            origin: "vnet.subnets[0]".into(),
            body: Body::NetworkSecurityGroup(NetworkSecurityGroup {
                rules,
                selected_by: vec!["compute[0]".into(); selected_by],
            }),
        });
    }

    /// Groups share a stored list; a list stored twice, a group that does not explain each rule of its
    /// list, and a priority used twice in a direction are each refused.
    #[test]
    fn rule_lists_are_stored_once_and_checked_per_group() {
        let region = regions::region("eastus").unwrap();
        let empty = Graph::new("t".into(), region, Catalogue::Current, BTreeMap::new());

        let mut graph = empty.clone();
        let list = graph.add_rule_list(RuleList { rules: vec![rule(100), rule(110)] });
        with_group(&mut graph, "a", list, 2);
        with_group(&mut graph, "b", list, 2);
        assert_eq!(graph.check_invariants(), Ok(()));

        let mut twice = graph.clone();
        twice.add_rule_list(RuleList { rules: vec![rule(100), rule(110)] });
        assert_eq!(twice.check_invariants(), Err(format!("rule list {} is stored twice", RuleListId(1))));

        let mut unexplained = empty.clone();
        let list = unexplained.add_rule_list(RuleList { rules: vec![rule(100)] });
        with_group(&mut unexplained, "a", list, 2);
        assert!(unexplained.check_invariants().is_err());

        let mut clash = empty;
        let list = clash.add_rule_list(RuleList { rules: vec![rule(100), rule(100)] });
        with_group(&mut clash, "a", list, 2);
        assert_eq!(clash.check_invariants(), Err("a: priority 100 used twice".to_owned()));
    }

    /// No custom servers is Azure's DNS: `Custom` always holds at least one, and only the firewall's
    /// DNS proxy is a reference.
    #[test]
    fn dns_servers_are_one_of_three() {
        assert_eq!(DnsServers::custom(Vec::new()), DnsServers::Azure);
        let servers = DnsServers::custom(vec![Ipv4Addr::new(10, 0, 0, 4), Ipv4Addr::new(10, 0, 0, 5)]);
        let DnsServers::Custom(custom) = &servers else { panic!("{servers:?}") };
        assert_eq!(custom.to_string(), "10.0.0.4, 10.0.0.5");
        let vnet = |dns_servers| {
            Body::VirtualNetwork(VirtualNetwork {
                address_space: Vec::new(),
                existing: None,
                subnets: Vec::new(),
                dns_servers,
            })
        };
        assert_eq!(vnet(DnsServers::Azure).refs(), []);
        assert_eq!(vnet(servers).refs(), []);
        assert_eq!(vnet(DnsServers::FirewallProxy(ResourceId(3))).refs(), [ResourceId(3)]);
    }
}
