//! The value amlnet chooses for every Azure setting the spec does not decide, with the reason, the
//! source and the date each was checked, and the typed values with their Azure spellings.
//!
//! `lower` copies these tables into the IR, so every setting that reaches Azure is a field of a typed
//! body and shows in the IR dump; the emitters spell the IR and state every value explicitly, so no
//! format depends on a provider's or an API version's default. Where azurerm takes a setting in
//! another shape (a storage SKU as tier plus replication, a firewall bypass as a list), the split is
//! spelled here too, so no emitter holds an Azure literal.
//!
//! Sources (all checked 2026-11-30):
//! - `MSDOCS-DOA`: MicrosoftDocs/azure-docs `articles/virtual-network/ip-services/default-outbound-access.md`
//!   (subnets created with Microsoft.Network 2025-07-01 or later are private by default:
//!   `defaultOutboundAccess` defaults to false).
//! - `AZURERM-SUBNET`: hashicorp/terraform-provider-azurerm v4.x `website/docs/r/subnet.html.markdown`
//!   (`default_outbound_access_enabled` defaults to true, `private_endpoint_network_policies` to
//!   `Disabled`, `private_link_service_network_policies_enabled` to true).
//! - `NET-SDK-SUBNET`: the Microsoft.Network subnet model (azure-mgmt-network `Subnet`:
//!   `private_endpoint_network_policies = 'Disabled'`, `private_link_service_network_policies = 'Enabled'`).
//! - `MSDOCS-AKS-PRIVATE`: MicrosoftDocs/azure-aks-docs `articles/aks/private-clusters.md` (a private
//!   cluster gets a private and a public FQDN by default).
//! - `MSDOCS-KV-SOFTDELETE`: MicrosoftDocs/azure-docs `articles/key-vault/general/soft-delete-overview.md`
//!   (7 to 90 days, 90 when unset; purge protection is opt-in).
//! - `AZURERM-STORAGE`: hashicorp/terraform-provider-azurerm v4.x `website/docs/r/storage_account.html.markdown`.
//! - `AZURERM-KV`, `AZURERM-LAW`, `AZURERM-ACR`, `AZURERM-MLW`, `AZURERM-AMLCOMPUTE`, `AZURERM-AKS`,
//!   `AZURERM-RT`, `AZURERM-DNSLINK`: the matching `website/docs/r/*.html.markdown` of
//!   hashicorp/terraform-provider-azurerm v4.x (key_vault, log_analytics_workspace,
//!   container_registry, machine_learning_workspace, machine_learning_compute_cluster,
//!   kubernetes_cluster, route_table, private_dns_zone_virtual_network_link).
//! - `ARM-TYPES`: Azure/bicep-types-az, the property names and enum spellings of each resource type
//!   at the API version `catalog` pins.
//! - `MSDOCS-NAT`: MicrosoftDocs/azure-docs `articles/nat-gateway/nat-gateway-resource.md` (ms.date
//!   07/10/2023: Standard public IPs only, "can't be used with basic SKU public IP addresses"; TCP idle
//!   timeout "4 minutes (default) - 120 minutes", "it isn't recommended to increase the TCP idle timeout
//!   duration to longer than the default time of 4 minutes") and `articles/nat-gateway/nat-availability-zones.md`
//!   (ms.date 02/15/2024: "**No zone** NAT gateway resources ... can be associated to public IP addresses
//!   from a zone, no zone, or that are zone-redundant").
//! - `AZURERM-NAT`: hashicorp/terraform-provider-azurerm v4.73.0 `azurerm_nat_gateway` (`sku_name`,
//!   `idle_timeout_in_minutes`, `zones`) and `azurerm_public_ip` (`sku`, `sku_tier`, `allocation_method`,
//!   `ip_version`, `zones`), as the validators' azurerm schema lists them.

/// The minimum TLS version a service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsVersion {
    Tls1_2,
}

impl TlsVersion {
    /// The spelling ARM and azurerm take (cf. ARM-TYPES `minimumTlsVersion`, AZURERM-STORAGE).
    pub fn azure_name(self) -> &'static str {
        match self {
            TlsVersion::Tls1_2 => "TLS1_2",
        }
    }
}

/// A storage account kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    StorageV2,
}

impl StorageKind {
    pub fn azure_name(self) -> &'static str {
        match self {
            StorageKind::StorageV2 => "StorageV2",
        }
    }
}

/// A storage account SKU: standard performance, one of six redundancies. cf. ARM-TYPES
/// Microsoft.Storage/storageAccounts `sku.name`, AZURERM-STORAGE (`account_tier` Standard,
/// `account_replication_type` LRS, GRS, RAGRS, ZRS, GZRS or RAGZRS), checked 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageSku {
    StandardLrs,
    StandardZrs,
    StandardGrs,
    StandardGzrs,
    StandardRagrs,
    StandardRagzrs,
}

impl StorageSku {
    /// The ARM `sku.name`.
    pub fn azure_name(self) -> &'static str {
        match self {
            StorageSku::StandardLrs => "Standard_LRS",
            StorageSku::StandardZrs => "Standard_ZRS",
            StorageSku::StandardGrs => "Standard_GRS",
            StorageSku::StandardGzrs => "Standard_GZRS",
            StorageSku::StandardRagrs => "Standard_RAGRS",
            StorageSku::StandardRagzrs => "Standard_RAGZRS",
        }
    }

    /// azurerm's `account_tier`.
    pub fn tier(self) -> &'static str {
        "Standard"
    }

    /// azurerm's `account_replication_type`.
    pub fn replication(self) -> &'static str {
        match self {
            StorageSku::StandardLrs => "LRS",
            StorageSku::StandardZrs => "ZRS",
            StorageSku::StandardGrs => "GRS",
            StorageSku::StandardGzrs => "GZRS",
            StorageSku::StandardRagrs => "RAGRS",
            StorageSku::StandardRagzrs => "RAGZRS",
        }
    }
}

/// A key vault SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyVaultSku {
    Standard,
    /// HSM-protected keys. cf. ARM-TYPES Microsoft.KeyVault/vaults `sku.name` (`standard`, `premium`, family
    /// `A`), AZURERM-KV `sku_name`, checked 2026-11-30.
    Premium,
}

impl KeyVaultSku {
    pub fn azure_name(self) -> &'static str {
        match self {
            KeyVaultSku::Standard => "standard",
            KeyVaultSku::Premium => "premium",
        }
    }

    /// The ARM `sku.family` (azurerm sets it itself).
    pub fn family(self) -> &'static str {
        match self {
            KeyVaultSku::Standard | KeyVaultSku::Premium => "A",
        }
    }
}

/// A Log Analytics pricing tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogAnalyticsSku {
    PerGb2018,
}

impl LogAnalyticsSku {
    pub fn azure_name(self) -> &'static str {
        match self {
            LogAnalyticsSku::PerGb2018 => "PerGB2018",
        }
    }
}

/// A container registry SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrySku {
    /// The only tier with private endpoints and network rules.
    Premium,
    /// cf. ARM-TYPES Microsoft.ContainerRegistry/registries `sku.name` (`Basic`, `Standard`, `Premium`),
    /// AZURERM-ACR `sku`; MicrosoftDocs/azure-docs `articles/container-registry/container-registry-private-link.md`
    /// ("Private link access is a feature of the Premium service tier"); azurerm
    /// `container_registry_resource.go` (a `network_rule_set` "can only be specified for a Premium Sku"),
    /// checked 2026-11-30.
    Basic,
    Standard,
}

impl RegistrySku {
    pub fn azure_name(self) -> &'static str {
        match self {
            RegistrySku::Premium => "Premium",
            RegistrySku::Basic => "Basic",
            RegistrySku::Standard => "Standard",
        }
    }

    /// Whether the tier takes private endpoints and network rules.
    pub fn network_rules(self) -> bool {
        self == RegistrySku::Premium
    }
}

/// A Machine Learning workspace SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceSku {
    Basic,
}

impl WorkspaceSku {
    /// The ARM `sku.name` and `sku.tier`, and azurerm's `sku_name`.
    pub fn azure_name(self) -> &'static str {
        match self {
            WorkspaceSku::Basic => "Basic",
        }
    }
}

/// A service firewall's action for traffic no rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultAction {
    Allow,
    Deny,
}

impl DefaultAction {
    pub fn azure_name(self) -> &'static str {
        match self {
            DefaultAction::Allow => "Allow",
            DefaultAction::Deny => "Deny",
        }
    }
}

/// Who passes a service firewall whatever its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bypass {
    /// Trusted Azure services (the workspace reaches its storage and key vault this way).
    AzureServices,
}

impl Bypass {
    /// The ARM spelling; azurerm's storage `bypass` is a list of these.
    pub fn azure_name(self) -> &'static str {
        match self {
            Bypass::AzureServices => "AzureServices",
        }
    }
}

/// `Enabled` / `Disabled`, the form of subnet network policies and of public network access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    Enabled,
    Disabled,
}

impl Toggle {
    pub fn from_bool(on: bool) -> Toggle {
        if on { Toggle::Enabled } else { Toggle::Disabled }
    }

    pub fn is_enabled(self) -> bool {
        self == Toggle::Enabled
    }

    pub fn azure_name(self) -> &'static str {
        match self {
            Toggle::Enabled => "Enabled",
            Toggle::Disabled => "Disabled",
        }
    }
}

/// The managed identity a resource has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityType {
    SystemAssigned,
    UserAssigned,
}

impl IdentityType {
    pub fn azure_name(self) -> &'static str {
        match self {
            IdentityType::SystemAssigned => "SystemAssigned",
            IdentityType::UserAssigned => "UserAssigned",
        }
    }
}

/// A compute cluster's VM priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VmPriority {
    Dedicated,
    /// Spare capacity at a lower price; nodes may be preempted. cf. ARM-TYPES
    /// Microsoft.MachineLearningServices/workspaces/computes `AmlComputeProperties.vmPriority`
    /// (`Dedicated`, `LowPriority`), AZURERM-AMLCOMPUTE `vm_priority`, checked 2026-11-30.
    LowPriority,
}

impl VmPriority {
    pub fn azure_name(self) -> &'static str {
        match self {
            VmPriority::Dedicated => "Dedicated",
            VmPriority::LowPriority => "LowPriority",
        }
    }
}

/// A node operating system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsType {
    Linux,
}

impl OsType {
    pub fn azure_name(self) -> &'static str {
        match self {
            OsType::Linux => "Linux",
        }
    }
}

/// The AKS network plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AksNetworkPlugin {
    Azure,
    Kubenet,
}

/// The AKS network plugin mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AksNetworkPluginMode {
    Overlay,
}

/// The AKS network policy engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AksNetworkPolicy {
    Azure,
    Calico,
}

/// The AKS load balancer SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadBalancerSku {
    Standard,
}

/// How AKS nodes reach the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboundType {
    LoadBalancer,
}

// cf. ARM-TYPES Microsoft.ContainerService/managedClusters networkProfile, AZURERM-AKS
// `network_profile` (the same spellings in both), checked 2026-11-30.
impl AksNetworkPlugin {
    pub fn azure_name(self) -> &'static str {
        match self {
            AksNetworkPlugin::Azure => "azure",
            AksNetworkPlugin::Kubenet => "kubenet",
        }
    }
}

impl AksNetworkPluginMode {
    pub fn azure_name(self) -> &'static str {
        match self {
            AksNetworkPluginMode::Overlay => "overlay",
        }
    }
}

impl AksNetworkPolicy {
    pub fn azure_name(self) -> &'static str {
        match self {
            AksNetworkPolicy::Azure => "azure",
            AksNetworkPolicy::Calico => "calico",
        }
    }
}

impl LoadBalancerSku {
    pub fn azure_name(self) -> &'static str {
        match self {
            LoadBalancerSku::Standard => "standard",
        }
    }
}

impl OutboundType {
    pub fn azure_name(self) -> &'static str {
        match self {
            OutboundType::LoadBalancer => "loadBalancer",
        }
    }
}

/// The kind of principal a role assignment grants to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    /// Managed identities are service principals.
    ServicePrincipal,
}

impl PrincipalType {
    pub fn azure_name(self) -> &'static str {
        match self {
            PrincipalType::ServicePrincipal => "ServicePrincipal",
        }
    }
}

/// Application Insights' application type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationType {
    Web,
}

impl ApplicationType {
    /// The ARM `kind` and `Application_Type`, and azurerm's `application_type`.
    pub fn azure_name(self) -> &'static str {
        match self {
            ApplicationType::Web => "web",
        }
    }
}

/// What every subnet amlnet declares states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetDefaults {
    pub default_outbound_access: bool,
    /// Network policies (NSG and route table) on private endpoints in ordinary subnets.
    pub private_endpoint_policies: Toggle,
    /// In the subnet that holds the private endpoints.
    pub private_endpoint_policies_endpoint_subnet: Toggle,
    pub private_link_service_policies: Toggle,
}

/// Subnets.
///
/// - `default_outbound_access: false`: subnets amlnet creates are private, as Microsoft.Network
///   2025-07-01 and later create them (MSDOCS-DOA; Microsoft retires default outbound access for new
///   networks); azurerm 4.x would send true (AZURERM-SUBNET), so every format states it. Every way out
///   is explicit: a NAT gateway, a default route to an appliance, or compute with its own public IP
///   (README, "Egress"). Re-declared subnets of an existing network state
///   [`EXISTING_SUBNET_DEFAULT_OUTBOUND_ACCESS`] instead, unless the spec makes them private.
/// - `private_endpoint_policies: Enabled` on ordinary subnets: NSG rules and routes also apply to any
///   private endpoint placed there later; the API default is Disabled (NET-SDK-SUBNET).
/// - `Disabled` in the private endpoint subnet: the endpoints amlnet creates there take no NSG or
///   route table (the subnet's rules are written for computes).
/// - `private_link_service_policies: Enabled`: the API default (NET-SDK-SUBNET), stated.
///
/// cf. MSDOCS-DOA, AZURERM-SUBNET, NET-SDK-SUBNET, checked 2026-11-30.
pub const SUBNET: SubnetDefaults = SubnetDefaults {
    default_outbound_access: false,
    private_endpoint_policies: Toggle::Enabled,
    private_endpoint_policies_endpoint_subnet: Toggle::Disabled,
    private_link_service_policies: Toggle::Enabled,
};

/// What a re-declared subnet of an existing virtual network states for default outbound access when
/// the spec does not set `vnet.default_outbound_access`: true, what every subnet created before
/// Microsoft.Network 2025-07-01 has (MSDOCS-DOA: existing virtual networks keep it), so that amlnet never
/// flips an existing network's egress silently (validation warns that it states this value).
/// cf. MSDOCS-DOA, checked 2026-11-30.
pub const EXISTING_SUBNET_DEFAULT_OUTBOUND_ACCESS: bool = true;

/// A NAT gateway SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NatGatewaySku {
    Standard,
}

impl NatGatewaySku {
    /// The ARM `sku.name` and azurerm's `sku_name` (cf. ARM-TYPES `'Standard' | 'StandardV2'`, AZURERM-NAT).
    pub fn azure_name(self) -> &'static str {
        match self {
            NatGatewaySku::Standard => "Standard",
        }
    }
}

/// A public IP address SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicIpSku {
    Standard,
}

impl PublicIpSku {
    /// The ARM `sku.name` and azurerm's `sku` (cf. ARM-TYPES `'Basic' | 'Standard' | 'StandardV2'`).
    pub fn azure_name(self) -> &'static str {
        match self {
            PublicIpSku::Standard => "Standard",
        }
    }
}

/// A public IP address tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicIpTier {
    Regional,
}

impl PublicIpTier {
    /// The ARM `sku.tier` and azurerm's `sku_tier` (cf. ARM-TYPES `'Regional' | 'Global'`).
    pub fn azure_name(self) -> &'static str {
        match self {
            PublicIpTier::Regional => "Regional",
        }
    }
}

/// How a public IP address is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpAllocation {
    Static,
}

impl IpAllocation {
    /// The ARM `publicIPAllocationMethod` and azurerm's `allocation_method` (cf. ARM-TYPES `'Dynamic' | 'Static'`).
    pub fn azure_name(self) -> &'static str {
        match self {
            IpAllocation::Static => "Static",
        }
    }
}

/// An IP version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpVersion {
    V4,
}

impl IpVersion {
    /// The ARM `publicIPAddressVersion` and azurerm's `ip_version` (cf. ARM-TYPES `'IPv4' | 'IPv6'`).
    pub fn azure_name(self) -> &'static str {
        match self {
            IpVersion::V4 => "IPv4",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NatGatewayDefaults {
    pub sku: NatGatewaySku,
    /// TCP idle timeout in minutes.
    pub idle_timeout_minutes: u32,
    /// Availability zones; empty is Azure's "no zone".
    pub zones: &'static [&'static str],
}

/// The NAT gateway of `outbound.egress: nat_gateway`: Standard (the SKU azurerm defaults to; StandardV2,
/// the other SKU ARM-TYPES lists, takes StandardV2 public IPs only), the TCP idle timeout at its default
/// of 4 minutes (MSDOCS-NAT advises against longer: SNAT ports are held while a connection idles), and
/// no zone: Azure places it, and a no-zone NAT gateway takes a public IP of any zone setting (MSDOCS-NAT),
/// in every region, with or without availability zones. cf. MSDOCS-NAT, AZURERM-NAT, ARM-TYPES
/// Microsoft.Network/natGateways, checked 2026-11-30.
pub const NAT_GATEWAY: NatGatewayDefaults =
    NatGatewayDefaults { sku: NatGatewaySku::Standard, idle_timeout_minutes: 4, zones: &[] };

/// Why a NAT gateway exists, for the IR's `Explain` and `amlnet explain`: compute without public IPs has
/// no way out by default, and Azure Machine Learning's firewall guidance recommends "Azure Virtual Network
/// NAT with a public IP" (or a user-defined route 0.0.0.0/0 to a firewall).
pub const NAT_GATEWAY_EGRESS: super::network::RouteTemplate = super::network::RouteTemplate {
    id: "egress/nat-gateway",
    why: "explicit outbound: Internet-bound traffic of the subnet leaves through the NAT gateway's public IP",
    source_doc: super::network::Source {
        doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-access-azureml-behind-firewall.md (2026-03-19), \"Azure Virtual Network NAT with a public IP\"",
        checked: "2026-11-30",
    },
};

/// Why compute with public IPs has a way out of its own (for `amlnet explain`).
pub const EGRESS_PUBLIC_IP: super::network::RouteTemplate = super::network::RouteTemplate {
    id: "egress/public-ip",
    why: "compute with public IPs reaches the Internet through them; a NAT gateway or an appliance route on the \
          subnet takes precedence",
    source_doc: super::network::CURRENT_FIREWALL_DOC,
};

/// Why an AKS subnet has a way out (for `amlnet explain`): the cluster's outbound type.
pub const EGRESS_LOAD_BALANCER: super::network::RouteTemplate = super::network::RouteTemplate {
    id: "egress/load-balancer",
    why: "AKS nodes leave through the standard load balancer AKS provisions for egress (outbound type loadBalancer)",
    source_doc: super::network::Source {
        doc: "MicrosoftDocs/azure-aks-docs: articles/aks/egress-outboundtype.md, \"By default, AKS provisions a standard SKU load balancer to be set up and used for egress\"",
        checked: "2026-11-30",
    },
};

/// Why a subnet still has default outbound access (for `amlnet explain`).
pub const EGRESS_DEFAULT_OUTBOUND: super::network::RouteTemplate = super::network::RouteTemplate {
    id: "egress/default-outbound-access",
    why: "a re-declared subnet of an existing network keeps default outbound access, which Azure retires for new \
          networks",
    source_doc: DOA_DOC,
};

/// Why a subnet has no way out (for `amlnet explain`).
pub const EGRESS_PRIVATE: super::network::RouteTemplate = super::network::RouteTemplate {
    id: "egress/private-subnet",
    why: "a private subnet (no default outbound access) and nothing in it with a way out of its own",
    source_doc: DOA_DOC,
};

/// MSDOCS-DOA as a source.
const DOA_DOC: super::network::Source = super::network::Source {
    doc: "MicrosoftDocs/azure-docs: articles/virtual-network/ip-services/default-outbound-access.md (2026-01-30)",
    checked: "2026-11-30",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicIpDefaults {
    pub sku: PublicIpSku,
    pub tier: PublicIpTier,
    pub allocation: IpAllocation,
    pub version: IpVersion,
    /// Availability zones; empty is Azure's "no zone".
    pub zones: &'static [&'static str],
}

/// The NAT gateway's public IP: Standard, regional, static, IPv4 (a NAT gateway takes neither Basic nor
/// IPv6 public IPs, MSDOCS-NAT), no zone like its gateway.
/// cf. MSDOCS-NAT, AZURERM-NAT, ARM-TYPES Microsoft.Network/publicIPAddresses, checked 2026-11-30.
pub const NAT_PUBLIC_IP: PublicIpDefaults = PublicIpDefaults {
    sku: PublicIpSku::Standard,
    tier: PublicIpTier::Regional,
    allocation: IpAllocation::Static,
    version: IpVersion::V4,
    zones: &[],
};

/// Route tables keep BGP route propagation on (the API and azurerm default, stated): a gateway's
/// routes still reach the subnets. cf. AZURERM-RT `bgp_route_propagation_enabled`, ARM-TYPES
/// `disableBgpRoutePropagation`, checked 2026-11-30.
pub const ROUTE_TABLE_BGP_PROPAGATION: bool = true;

/// Private DNS zone links do not register the virtual network's VMs in the zone: the zones hold
/// private endpoint records only. cf. AZURERM-DNSLINK `registration_enabled`, checked 2026-11-30.
pub const DNS_LINK_REGISTRATION: bool = false;

/// Service firewalls: trusted Azure services pass (the workspace reaches its storage account and key
/// vault this way). cf. AZURERM-STORAGE `network_rules.bypass`, AZURERM-KV `network_acls.bypass`,
/// checked 2026-11-30.
pub const FIREWALL_BYPASS: Bypass = Bypass::AzureServices;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The settings of a storage account, as the IR holds them.
pub struct StorageSettings {
    pub kind: StorageKind,
    pub sku: StorageSku,
    pub min_tls: TlsVersion,
    pub https_only: bool,
    pub blob_public_access: bool,
    pub shared_key_access: bool,
}

/// The workspace storage account: general-purpose v2, locally redundant (the workspace's default),
/// TLS 1.2 minimum and HTTPS only (TLS 1.0/1.1 are retired for Azure Storage), no anonymous blob
/// access, and shared keys on because the workspace's default datastores authenticate with the
/// account key (AZURERM-STORAGE `shared_access_key_enabled` defaults to true; ARM leaves it unset, so
/// it is stated). cf. AZURERM-STORAGE, ARM-TYPES Microsoft.Storage/storageAccounts, checked 2026-11-30.
pub const STORAGE: StorageSettings = StorageSettings {
    kind: StorageKind::StorageV2,
    sku: StorageSku::StandardLrs,
    min_tls: TlsVersion::Tls1_2,
    https_only: true,
    blob_public_access: false,
    shared_key_access: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The settings of a key vault, as the IR holds them.
pub struct KeyVaultSettings {
    pub sku: KeyVaultSku,
    pub soft_delete: bool,
    pub soft_delete_retention_days: u32,
    pub purge_protection: bool,
    pub rbac_authorization: bool,
}

/// The workspace key vault: standard SKU; soft delete (always on since February 2025) kept the full
/// 90 days; purge protection on (opt-in, and it cannot be turned off again: a deleted vault with the
/// workspace's secrets stays recoverable); Azure RBAC instead of access policies.
/// cf. MSDOCS-KV-SOFTDELETE, AZURERM-KV (`purge_protection_enabled` defaults to false,
/// `soft_delete_retention_days` to 90), checked 2026-11-30.
pub const KEY_VAULT: KeyVaultSettings = KeyVaultSettings {
    sku: KeyVaultSku::Standard,
    soft_delete: true,
    soft_delete_retention_days: 90,
    purge_protection: true,
    rbac_authorization: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogAnalyticsDefaults {
    pub sku: LogAnalyticsSku,
    pub retention_days: u32,
}

/// Log Analytics: pay-as-you-go per GB, 30 days (the free retention of that tier).
/// cf. AZURERM-LAW (`sku` PerGB2018, `retention_in_days` 30), checked 2026-11-30.
pub const LOG_ANALYTICS: LogAnalyticsDefaults =
    LogAnalyticsDefaults { sku: LogAnalyticsSku::PerGb2018, retention_days: 30 };

/// The retention a `PerGB2018` workspace accepts (`workspace.log_analytics.retention_days`), in days.
/// cf. AZURERM-LAW (`retention_in_days`: 7 on the Free tier only, otherwise 30 to 730), checked 2026-11-30.
pub const LOG_ANALYTICS_RETENTION_DAYS: (u32, u32) = (30, 730);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryDefaults {
    pub sku: RegistrySku,
    pub admin_user: bool,
}

/// The container registry: Premium (the only tier with private endpoints and network rules), admin
/// user off (computes pull with their identities). cf. AZURERM-ACR, checked 2026-11-30.
pub const REGISTRY: RegistryDefaults = RegistryDefaults { sku: RegistrySku::Premium, admin_user: false };

/// The workspace SKU and identity. cf. AZURERM-MLW (`sku_name` defaults to Basic), checked 2026-11-30.
pub const WORKSPACE_SKU: WorkspaceSku = WorkspaceSku::Basic;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComputeDefaults {
    pub vm_priority: VmPriority,
    pub os_type: OsType,
    /// ISO 8601 duration.
    pub scale_down_after: &'static str,
    pub local_auth: bool,
    pub identity: IdentityType,
}

/// Compute clusters and instances: dedicated Linux nodes that scale down after two idle minutes (the
/// service default), no local (key) authentication, a system-assigned identity that pulls images.
/// cf. AZURERM-AMLCOMPUTE (`scale_down_nodes_after_idle_duration`, `local_auth_enabled`), ARM-TYPES
/// Microsoft.MachineLearningServices/workspaces/computes, checked 2026-11-30.
pub const COMPUTE: ComputeDefaults = ComputeDefaults {
    vm_priority: VmPriority::Dedicated,
    os_type: OsType::Linux,
    scale_down_after: "PT120S",
    local_auth: false,
    identity: IdentityType::SystemAssigned,
};

/// Compute instances take no SSH from the public internet unless the spec sets `ssh: true` (the
/// service default, stated). cf. ARM-TYPES Microsoft.MachineLearningServices/workspaces/computes
/// `ComputeInstanceSshSettings.sshPublicAccess`, checked 2026-11-30.
pub const COMPUTE_INSTANCE_SSH_PUBLIC_ACCESS: bool = false;

/// The SSH port of attached virtual machines and HDInsight clusters. cf. ARM-TYPES
/// Microsoft.MachineLearningServices/workspaces/computes `sshPort`, checked 2026-11-30.
pub const ATTACHED_SSH_PORT: u16 = super::network::SSH_PORT;

/// The administrator of a virtual machine amlnet creates when the spec names none: the name Azure's
/// quickstarts use. cf. MicrosoftDocs/azure-docs articles/virtual-machines/linux/quick-create-cli.md
/// (`--admin-username azureuser`), checked 2026-11-30.
pub const VM_ADMIN_USERNAME: &str = "azureuser";

/// A marketplace image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VmImage {
    pub publisher: &'static str,
    pub offer: &'static str,
    pub sku: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VmDefaults {
    pub image: VmImage,
    /// The OS disk's caching and managed disk type.
    pub os_disk_caching: &'static str,
    pub os_disk_storage: &'static str,
    /// Password sign-in over SSH: off, the administrator signs in with the key parameter.
    pub password_authentication: bool,
    /// How its network interface gets its private address.
    pub private_ip_allocation: &'static str,
}

/// A virtual machine amlnet creates to attach: the Ubuntu 22.04 Data Science VM (Azure Machine Learning
/// attaches Ubuntu VMs only), latest image version, a Standard SSD OS disk (every size takes one) with
/// read-write caching, key-only SSH, a dynamic private address and no public IP. cf. MicrosoftDocs/azure-ai-docs
/// articles/machine-learning/how-to-secure-training-vnet.md ("supports only virtual machines that are
/// running Ubuntu"); the image URN `microsoft-dsvm:ubuntu-2204:2204-gen2` as public deployments name it
/// (`az vm create --image microsoft-dsvm:ubuntu-2204:2204-gen2:latest`; no purchase plan);
/// hashicorp/terraform-provider-azurerm v4.x `website/docs/r/linux_virtual_machine.html.markdown`
/// (`os_disk.caching` and `os_disk.storage_account_type` required; `disable_password_authentication`
/// defaults to `true`), checked 2026-11-30.
pub const VM: VmDefaults = VmDefaults {
    image: VmImage { publisher: "microsoft-dsvm", offer: "ubuntu-2204", sku: "2204-gen2", version: "latest" },
    os_disk_caching: "ReadWrite",
    os_disk_storage: "StandardSSD_LRS",
    password_authentication: false,
    private_ip_allocation: "Dynamic",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AksDefaults {
    /// The pods' address space (network address and prefix length).
    pub pod_cidr: (std::net::Ipv4Addr, u8),
    pub rbac: bool,
    pub local_accounts_disabled: bool,
    pub private_cluster_public_fqdn: bool,
    pub load_balancer_sku: LoadBalancerSku,
    pub outbound_type: OutboundType,
    pub os_type: OsType,
}

/// AKS clusters: Kubernetes RBAC on; local accounts kept on every cluster amlnet creates, since each
/// joins a workspace (see `AKS_HARDENING`); no public FQDN for a private cluster (AKS adds
/// one by default, MSDOCS-AKS-PRIVATE; azurerm's `private_cluster_public_fqdn_enabled` defaults to
/// false); standard load balancer as the outbound path; pods in 10.244.0.0/16, the space AKS assigns
/// when none is given (MicrosoftDocs/azure-aks-docs `articles/aks/azure-cni-overlay.md`).
/// cf. MSDOCS-AKS-PRIVATE, AZURERM-AKS, azure-cni-overlay.md, checked 2026-11-30.
pub const AKS: AksDefaults = AksDefaults {
    pod_cidr: (std::net::Ipv4Addr::new(10, 244, 0, 0), 16),
    rbac: true,
    local_accounts_disabled: false,
    private_cluster_public_fqdn: false,
    load_balancer_sku: LoadBalancerSku::Standard,
    outbound_type: OutboundType::LoadBalancer,
    os_type: OsType::Linux,
};

/// The automatic upgrade channel of an AKS cluster's Kubernetes version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AksUpgradeChannel {
    /// The latest patch of the cluster's minor version.
    Patch,
    /// The latest patch of the minor version before the newest (N-1).
    Stable,
    /// The latest patch of the newest minor version.
    Rapid,
}

/// The node OS upgrade channel of an AKS cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AksNodeOsUpgradeChannel {
    /// A patched node image every week, applied by reimaging; no extra cost.
    NodeImage,
    /// AKS-tested security patches, reimaging only when needed; the images are billed.
    SecurityPatch,
    /// The OS's own unattended upgrades.
    Unmanaged,
}

// cf. ARM-TYPES Microsoft.ContainerService/managedClusters 2026-05-01 `autoUpgradeProfile`
// (`upgradeChannel: 'none' | 'rapid' | 'stable' | 'patch' | 'node-image'`, `nodeOSUpgradeChannel: 'None' |
// 'Unmanaged' | 'NodeImage' | 'SecurityPatch'`) and AZURERM-AKS v4.73.0 (`automatic_upgrade_channel`,
// `node_os_upgrade_channel`: the same spellings), checked 2026-11-30.
impl AksUpgradeChannel {
    pub fn azure_name(self) -> &'static str {
        match self {
            AksUpgradeChannel::Patch => "patch",
            AksUpgradeChannel::Stable => "stable",
            AksUpgradeChannel::Rapid => "rapid",
        }
    }
}

impl AksNodeOsUpgradeChannel {
    pub fn azure_name(self) -> &'static str {
        match self {
            AksNodeOsUpgradeChannel::NodeImage => "NodeImage",
            AksNodeOsUpgradeChannel::SecurityPatch => "SecurityPatch",
            AksNodeOsUpgradeChannel::Unmanaged => "Unmanaged",
        }
    }
}

/// The hardening of an AKS cluster, which a compute's `aks:` settings override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AksHardening {
    /// Microsoft Entra ID integration (AKS-managed) with Azure RBAC for Kubernetes authorization; off,
    /// Entra ID still authenticates and Kubernetes RBAC authorizes.
    pub azure_rbac: bool,
    pub upgrade_channel: AksUpgradeChannel,
    pub node_os_upgrade_channel: AksNodeOsUpgradeChannel,
    /// The Azure Policy add-on (Gatekeeper), which enforces and audits policy assignments in the cluster.
    pub azure_policy: bool,
}

/// AKS hardening: Microsoft Entra ID integration with Azure RBAC (MicrosoftDocs/azure-aks-docs
/// `articles/aks/manage-azure-rbac.md`: `aadProfile.managed` and `enableAzureRBAC`; azurerm's
/// `azure_active_directory_role_based_access_control { azure_rbac_enabled }`, the tenant the deployment's);
/// Kubernetes patch versions automatically (`articles/aks/auto-upgrade-cluster.md`; without a channel
/// AKS never upgrades: "The default is 'none'", learn.microsoft.com .NET reference
/// `Azure.ResourceManager.ContainerService.Models.UpgradeChannel`); a weekly patched node image, which AKS makes the
/// default from API version 2023-06-01 and amlnet states (`articles/aks/auto-upgrade-node-os-image.md`:
/// `NodeImage`, "No extra VHD cost"); the Azure Policy add-on (`articles/aks/use-azure-policy.md`;
/// ARM `addonProfiles.azurepolicy.enabled`, azurerm `azure_policy_enabled`), whose egress
/// (`data.policy.core.windows.net`, `store.policy.core.windows.net`) `azure::aks::EXTENSION_EGRESS`
/// lists. Local accounts stay enabled on every cluster amlnet creates: both ways of joining a
/// workspace read the cluster's static credential, which AKS refuses when local accounts are off
/// ("Disabling local accounts for AKS is not supported by Azure Machine Learning",
/// `how-to-deploy-kubernetes-extension.md`, limitations; Azure/AML-Kubernetes#261: "Getting static
/// credential is not allowed because this cluster is set to disable local accounts"). Container
/// Insights is not enabled: with managed-identity authentication it needs a data collection rule and
/// its association (hashicorp/terraform-provider-azurerm#21305), which amlnet does not create.
/// cf. ARM-TYPES, AZURERM-AKS and the articles above, checked 2026-11-30.
pub const AKS_HARDENING: AksHardening = AksHardening {
    azure_rbac: true,
    upgrade_channel: AksUpgradeChannel::Patch,
    node_os_upgrade_channel: AksNodeOsUpgradeChannel::NodeImage,
    azure_policy: true,
};

// cf. MicrosoftDocs/azure-docs: articles/virtual-network/network-security-groups-overview.md ("Security
// rules": a name unique within the group; a priority from 100 to 4096, lower numbers processed first, and
// processing stops at the first rule the traffic matches) — last checked 2026-11-30.
/// A rule of `vnet.subnets[].nsg_rules`: why it exists, where its priorities may lie, and the source port
/// range it states. A rule without a priority takes the next free one of its direction after the
/// catalogue's allow rules (steps of `network::PRIORITY_STEP`): after every allow the catalogue requires,
/// before the catalogue's deny.
pub struct SpecRuleDefaults {
    pub entry: &'static str,
    pub why: &'static str,
    pub source_doc: super::network::Source,
    pub priority_min: u16,
    pub priority_max: u16,
    pub source_ports: &'static str,
}

pub const SPEC_NSG_RULE: SpecRuleDefaults = SpecRuleDefaults {
    entry: "spec/nsg_rules",
    why: "a rule the spec adds to the subnet's NSG",
    source_doc: super::network::Source {
        doc: "MicrosoftDocs/azure-docs: articles/virtual-network/network-security-groups-overview.md, \"Security rules\"",
        checked: "2026-11-30",
    },
    priority_min: super::network::PRIORITY_START,
    priority_max: super::network::PRIORITY_MAX,
    source_ports: super::network::ANY,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(STORAGE.min_tls.azure_name(), "TLS1_2");
        assert_eq!((STORAGE.sku.tier(), STORAGE.sku.replication()), ("Standard", "LRS"));
        assert_eq!(STORAGE.sku.azure_name(), format!("{}_{}", STORAGE.sku.tier(), STORAGE.sku.replication()));
        assert_eq!(Toggle::from_bool(false).azure_name(), "Disabled");
    }

    #[test]
    fn nat_gateway_settings_are_in_range() {
        const {
            let minutes = NAT_GATEWAY.idle_timeout_minutes;
            assert!(minutes >= 4 && minutes <= 120, "a NAT gateway's TCP idle timeout is 4 to 120 minutes");
            assert!(NAT_GATEWAY.zones.len() == NAT_PUBLIC_IP.zones.len(), "no-zone gateway, no-zone address");
        }
    }

    #[test]
    fn key_vault_retention_is_in_range() {
        const {
            let days = KEY_VAULT.soft_delete_retention_days;
            assert!(days >= 7 && days <= 90, "Key Vault keeps deleted items 7 to 90 days");
            assert!(KEY_VAULT.soft_delete || !KEY_VAULT.purge_protection, "purge protection needs soft delete");
        }
    }
}

/// How the workspace's system datastores (`workspaceblobstore`, `workspacefilestore`, ...) authenticate
/// to its storage account: `properties.systemDatastoresAuthMode` of Microsoft.MachineLearningServices/
/// workspaces (ARM-TYPES at the API version `catalog` pins: `'AccessKey' | 'Identity' |
/// 'UserDelegationSAS' | string`). azurerm 4.73 has no argument for it (the validators' azurerm schema
/// of `azurerm_machine_learning_workspace`; hashicorp/terraform-provider-azurerm#22150 is open), so the
/// Terraform output states it with an `azapi_update_resource` of the workspace.
/// cf. ARM-TYPES, AZURERM-MLW, checked 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatastoresAuth {
    /// The datastores hold the storage account key (Azure's default when the property is unset).
    AccessKey,
    /// The datastores hold no credential: the workspace's managed identity, or the user's Microsoft
    /// Entra identity in the studio and in notebooks, authorises each access.
    Identity,
}

impl DatastoresAuth {
    /// The spelling ARM takes (cf. ARM-TYPES `systemDatastoresAuthMode`).
    pub fn azure_name(self) -> &'static str {
        match self {
            DatastoresAuth::AccessKey => "AccessKey",
            DatastoresAuth::Identity => "Identity",
        }
    }
}

/// The system datastores keep the account key unless the spec asks for identity: Azure's own default
/// ("An Azure Machine Learning workspace defaults to use of a shared key to access its default Azure
/// Storage account", the article below; the Azure Verified Module Azure/bicep-registry-modules
/// avm/res/machine-learning-services/workspace declares `systemDatastoresAuthMode string?` and leaves
/// it unset, so Azure's default applies there too), and identity-based access to the
/// workspace's storage is a preview that needs a storage data role for every user of the workspace
/// (MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-disable-local-auth-storage.md`,
/// ms.date 08/08/2024: "Use of your workspace with a shared key disabled storage account is currently
/// in preview"; users need Storage Blob Data Contributor and Storage File Data Privileged Contributor,
/// or the Reader pair, on the storage account). Stated in every format, so none depends on Azure's
/// default. cf. the article above and ARM-TYPES, checked 2026-11-30.
pub const SYSTEM_DATASTORES_AUTH: DatastoresAuth = DatastoresAuth::AccessKey;

/// The storage data roles the users of a workspace whose system datastores use identity need on its
/// storage account: read-write, then read-only. cf. MicrosoftDocs/azure-ai-docs
/// `articles/machine-learning/how-to-disable-local-auth-storage.md` ("Scenarios for role
/// assignments"), checked 2026-11-30.
pub const DATASTORES_IDENTITY_USER_ROLES: [&str; 2] =
    ["Storage Blob Data Contributor", "Storage File Data Privileged Contributor"];
pub const DATASTORES_IDENTITY_READER_ROLES: [&str; 2] =
    ["Storage Blob Data Reader", "Storage File Data Privileged Reader"];
