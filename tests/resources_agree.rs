//! The three formats build the same Azure state, and it is the state the IR decides.
//!
//! Every resource is read back from the Terraform, ARM and Bicep output into one ARM-shaped property
//! model (`support::arm_model`: azurerm attributes are mapped to ARM property paths by its one table,
//! written here, not taken from the generator), and the three models are compared property by
//! property, for every example and for random specs. A property that one format states and another
//! leaves to a default is a mismatch, unless [`NO_EQUIVALENT`] explains why a format cannot state
//! it. [`MUST_STATE`] lists the properties that every format must state although Azure has a default
//! (issue 12). Then every setting the IR decides ([`IR`]) must equal the model's value.
//!
//! On a mismatch the message names the resource, the property path and the three values. There is no
//! list of tolerated disagreements: every one fails.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use amlnet::internals::azure::aks::ClusterPurpose;
use amlnet::internals::azure::catalog;
use amlnet::internals::azure::defaults::{
    AksNetworkPlugin, AksNetworkPluginMode, AksNetworkPolicy, AksNodeOsUpgradeChannel, AksUpgradeChannel,
    ApplicationType, Bypass, DatastoresAuth, DefaultAction, IdentityType, IpAllocation, IpVersion, KeyVaultSku,
    LoadBalancerSku, LogAnalyticsSku, NatGatewaySku, OsType, OutboundType, PrincipalType, PublicIpSku, PublicIpTier,
    RegistrySku, StorageKind, StorageSku, TlsVersion, Toggle, VmPriority, WorkspaceSku,
};
use amlnet::internals::azure::managed_network::RULE_CATEGORY;
use amlnet::internals::azure::monitor::AccessMode as MonitorAccessMode;
use amlnet::internals::ir::{
    AttachAdmin, AttachTarget, AttachedCompute, Body, DnsServers, Graph, NetworkAcls, OutboundRule, Resource,
    ResourceId, RuleDestination, RuleTarget,
};
use amlnet::{Output, SourceFormat};
use support::arm_model::{self, Model, Val};

/// Properties that a format genuinely cannot state, with the reason: (ARM type, property path
/// prefix, format that lacks it, reason).
const NO_EQUIVALENT: &[(&str, &str, &str, &str)] = &[
    (
        "Microsoft.ContainerService/managedClusters",
        "properties.aadProfile.managed",
        "terraform",
        "azurerm 4 has no attribute: its Entra ID integration is always AKS-managed",
    ),
    (
        "Microsoft.KeyVault/vaults",
        "properties.sku.family",
        "terraform",
        "azurerm has no attribute: it always sends family A",
    ),
    (
        "Microsoft.KeyVault/vaults",
        "properties.enableSoftDelete",
        "terraform",
        "azurerm 4 has no attribute: soft delete is always on",
    ),
    ("Microsoft.Network/privateDnsZones", "location", "terraform", "azurerm has no attribute: zones are global"),
    (
        "Microsoft.Insights/privateLinkScopes",
        "location",
        "terraform",
        "azurerm has no attribute: private link scopes are global",
    ),
    (
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
        "location",
        "terraform",
        "azurerm has no attribute: links are global",
    ),
    (
        "Microsoft.MachineLearningServices/workspaces/computes",
        "properties.computeType",
        "terraform",
        "implied by azurerm_machine_learning_compute_cluster (azapi computes state it)",
    ),
    (
        "Microsoft.Storage/storageAccounts",
        "properties.networkAcls.virtualNetworkRules[].action",
        "terraform",
        "azurerm's virtual_network_subnet_ids has no action: every rule it sends is Allow",
    ),
    (
        "Microsoft.KeyVault/vaults",
        "properties.networkAcls.virtualNetworkRules[].action",
        "terraform",
        "azurerm's virtual_network_subnet_ids has no action: every rule it sends is Allow",
    ),
    (
        "Microsoft.Network/virtualNetworks/subnets of an existing network",
        "properties.addressPrefix",
        "terraform",
        "an existing subnet is a Terraform data source: its prefix is read, not written",
    ),
    (
        "Microsoft.Compute/virtualMachines",
        "properties.osProfile.linuxConfiguration.ssh.publicKeys[].path",
        "terraform",
        "azurerm_linux_virtual_machine has no attribute: it writes `admin_ssh_key` to /home/<username>/.ssh/authorized_keys",
    ),
    (
        "Microsoft.MachineLearningServices/workspaces/computes",
        "properties.properties.osType",
        "terraform",
        "azurerm_machine_learning_compute_cluster has no attribute and sends no osType (Linux, the API default; \
         machine_learning_compute_cluster_resource.go, 2026-11-30)",
    ),
];

/// A condition on a resource: (property path, value as a mismatch prints it).
type When = Option<(&'static str, &'static str)>;

/// Properties every format must state, though Azure has a default (security- or network-relevant,
/// issue 12): (ARM type, only when this property has this value (as a mismatch prints it) in the ARM
/// model, property path). An empty list is stated as `[]`.
const MUST_STATE: &[(&str, When, &str)] = &[
    (SUBNET, None, "properties.defaultOutboundAccess"),
    (SUBNET, None, "properties.privateEndpointNetworkPolicies"),
    (SUBNET, None, "properties.privateLinkServiceNetworkPolicies"),
    (SUBNET, None, "properties.serviceEndpoints"),
    (SUBNET, None, "properties.delegations"),
    (STORAGE, None, "properties.minimumTlsVersion"),
    (STORAGE, None, "properties.supportsHttpsTrafficOnly"),
    (STORAGE, None, "properties.allowSharedKeyAccess"),
    (STORAGE, None, "properties.allowBlobPublicAccess"),
    (STORAGE, None, "properties.publicNetworkAccess"),
    (STORAGE, None, "properties.networkAcls.defaultAction"),
    (STORAGE, None, "properties.networkAcls.bypass"),
    (VAULT, None, "properties.enablePurgeProtection"),
    (VAULT, None, "properties.enableRbacAuthorization"),
    (VAULT, None, "properties.publicNetworkAccess"),
    (VAULT, None, "properties.networkAcls.defaultAction"),
    (VAULT, None, "properties.networkAcls.bypass"),
    (REGISTRY, None, "properties.publicNetworkAccess"),
    (REGISTRY, Some(("sku.name", r#""Premium""#)), "properties.networkRuleSet.defaultAction"),
    (REGISTRY, None, "properties.networkRuleBypassOptions"),
    (REGISTRY, None, "properties.adminUserEnabled"),
    (WORKSPACE, None, "properties.publicNetworkAccess"),
    (WORKSPACE, None, "identity.type"),
    (WORKSPACE, None, "properties.systemDatastoresAuthMode"),
    (WORKSPACE, Some(("properties.provisionNetworkNow", "true")), "properties.managedNetwork.isolationMode"),
    (WORKSPACE, Some(("properties.provisionNetworkNow", "true")), "properties.managedNetwork.firewallSku"),
    (COMPUTE, Some(("properties.computeType", r#""AmlCompute""#)), "properties.properties.enableNodePublicIp"),
    (COMPUTE, Some(("properties.computeType", r#""AmlCompute""#)), "properties.properties.remoteLoginPortPublicAccess"),
    (COMPUTE, Some(("properties.computeType", r#""AmlCompute""#)), "properties.disableLocalAuth"),
    (COMPUTE, Some(("properties.computeType", r#""AmlCompute""#)), "identity.type"),
    (COMPUTE, Some(("properties.computeType", r#""ComputeInstance""#)), "properties.properties.enableNodePublicIp"),
    (
        COMPUTE,
        Some(("properties.computeType", r#""ComputeInstance""#)),
        "properties.properties.sshSettings.sshPublicAccess",
    ),
    (COMPUTE, Some(("properties.computeType", r#""ComputeInstance""#)), "properties.disableLocalAuth"),
    (COMPUTE, Some(("properties.computeType", r#""AKS""#)), "properties.properties.clusterPurpose"),
    (COMPUTE, Some(("properties.computeType", r#""AKS""#)), "properties.properties.sslConfiguration.status"),
    (COMPUTE, Some(("properties.computeType", r#""ComputeInstance""#)), "identity.type"),
    (
        "Microsoft.Compute/virtualMachines",
        None,
        "properties.osProfile.linuxConfiguration.disablePasswordAuthentication",
    ),
    (AKS, None, "properties.apiServerAccessProfile.enablePrivateCluster"),
    ("Microsoft.KubernetesConfiguration/extensions", None, "properties.configurationSettings.enableTraining"),
    ("Microsoft.KubernetesConfiguration/extensions", None, "properties.configurationSettings.enableInference"),
    (COMPUTE, Some(("properties.computeType", r#""Kubernetes""#)), "properties.properties.namespace"),
    (
        AKS,
        Some(("properties.apiServerAccessProfile.enablePrivateCluster", "true")),
        "properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN",
    ),
    (
        AKS,
        Some(("properties.apiServerAccessProfile.enablePrivateCluster", "true")),
        "properties.apiServerAccessProfile.privateDNSZone",
    ),
    (AKS, None, "properties.disableLocalAccounts"),
    (AKS, None, "properties.enableRBAC"),
    (AKS, None, "properties.networkProfile.networkPlugin"),
    (AKS, None, "properties.networkProfile.networkPolicy"),
    (AKS, None, "properties.networkProfile.podCidr"),
    (AKS, None, "properties.networkProfile.serviceCidr"),
    (AKS, None, "properties.networkProfile.dnsServiceIP"),
    (AKS, None, "properties.networkProfile.outboundType"),
    (AKS, None, "properties.networkProfile.loadBalancerSku"),
    (AKS, None, "properties.aadProfile.enableAzureRBAC"),
    (AKS, None, "properties.autoUpgradeProfile.upgradeChannel"),
    (AKS, None, "properties.autoUpgradeProfile.nodeOSUpgradeChannel"),
    (AKS, None, "properties.addonProfiles.azurepolicy.enabled"),
    (ROUTES, None, "properties.disableBgpRoutePropagation"),
    (NAT, None, "properties.idleTimeoutInMinutes"),
    (PEERING, None, "properties.allowVirtualNetworkAccess"),
    (PEERING, None, "properties.allowForwardedTraffic"),
    (PEERING, None, "properties.allowGatewayTransit"),
    (PEERING, None, "properties.useRemoteGateways"),
    (FIREWALL, None, "properties.sku.tier"),
    (FIREWALL, None, "zones"),
    (FIREWALL_POLICY, None, "properties.threatIntelMode"),
    (FIREWALL_POLICY, None, "properties.dnsSettings.enableProxy"),
    (BASTION, None, "sku.name"),
    (PUBLIC_IP, None, "properties.publicIPAllocationMethod"),
    (DNS_LINK, None, "properties.registrationEnabled"),
    (ROLE, None, "properties.principalType"),
];

const SUBNET: &str = "Microsoft.Network/virtualNetworks/subnets";
const PEERING: &str = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";
const FIREWALL: &str = "Microsoft.Network/azureFirewalls";
const FIREWALL_POLICY: &str = "Microsoft.Network/firewallPolicies";
const BASTION: &str = "Microsoft.Network/bastionHosts";
const STORAGE: &str = "Microsoft.Storage/storageAccounts";
const VAULT: &str = "Microsoft.KeyVault/vaults";
const WORKSPACE: &str = "Microsoft.MachineLearningServices/workspaces";
const COMPUTE: &str = "Microsoft.MachineLearningServices/workspaces/computes";
const AKS: &str = "Microsoft.ContainerService/managedClusters";
const REGISTRY: &str = "Microsoft.ContainerRegistry/registries";
const ROUTES: &str = "Microsoft.Network/routeTables";
const NAT: &str = "Microsoft.Network/natGateways";
const PUBLIC_IP: &str = "Microsoft.Network/publicIPAddresses";
const DNS_LINK: &str = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
const ROLE: &str = "Microsoft.Authorization/roleAssignments";

/// A setting the IR decides: (property path, its value for a resource, `None` when not this kind).
type IrField = (&'static str, fn(&Graph, &Resource) -> Option<Val>);

fn s(text: impl Into<String>) -> Option<Val> {
    Some(Val::Str(text.into()))
}

fn b(on: bool) -> Option<Val> {
    Some(Val::Bool(on))
}

fn n(number: impl ToString) -> Option<Val> {
    Some(Val::Num(number.to_string()))
}

fn enabled(on: bool) -> Option<Val> {
    s(if on { "Enabled" } else { "Disabled" })
}

fn spell(value: impl Spell) -> Option<Val> {
    s(value.arm())
}

fn ref_to(graph: &Graph, id: ResourceId) -> Option<Val> {
    let (t, n) = ident(graph, id);
    Some(Val::Ref(t, n))
}

fn strs(items: &[&str]) -> Option<Val> {
    Some(Val::List(items.iter().map(|i| Val::Str((*i).into())).collect()))
}

/// The ARM spelling of an IR value, written here rather than taken from the generator, so a wrong
/// spelling in `src/azure` is a mismatch. cf. the ARM template references (Azure/bicep-types-az) at
/// the API versions amlnet pins: Microsoft.Storage/storageAccounts `minimumTlsVersion` `TLS1_0` |
/// `TLS1_1` | `TLS1_2` (also Azure/azure-policy
/// built-in-policies/policyDefinitions/Storage/StorageAccountMinimumTLSVersion_Audit.json), `kind`
/// `StorageV2`, `sku.name` `Standard_LRS`; Microsoft.KeyVault/vaults `sku.name` `standard`;
/// Microsoft.OperationalInsights/workspaces `PerGB2018`; Microsoft.ContainerRegistry `Premium`;
/// Microsoft.MachineLearningServices `Basic`, `Dedicated`, `Linux`, `SystemAssigned`;
/// Microsoft.ContainerService/managedClusters `ContainerServiceNetworkProfile` (`networkPlugin`
/// `azure` | `kubenet`, `networkPluginMode` `overlay`, `networkPolicy` `azure` | `calico`,
/// `loadBalancerSku` `standard`, `outboundType` `loadBalancer`); Microsoft.Authorization/roleAssignments
/// `ServicePrincipal`; Microsoft.Insights/components `web`; Microsoft.Network/natGateways `sku.name`
/// `Standard`; Microsoft.Network/publicIPAddresses `sku.name` `Standard`, `sku.tier` `Regional`,
/// `publicIPAllocationMethod` `Static`, `publicIPAddressVersion` `IPv4`; Microsoft.MachineLearningServices AKS
/// `clusterPurpose` `FastProd` | `DevTest`; checked 2026-11-30.
trait Spell {
    fn arm(self) -> &'static str;
}

macro_rules! spell {
    ($($ty:ident { $($variant:ident => $text:literal),* $(,)? })*) => {
        $(impl Spell for $ty {
            fn arm(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),*
                }
            }
        })*
    };
}

spell! {
    TlsVersion { Tls1_2 => "TLS1_2" }
    StorageKind { StorageV2 => "StorageV2" }
    StorageSku {
        StandardLrs => "Standard_LRS",
        StandardZrs => "Standard_ZRS",
        StandardGrs => "Standard_GRS",
        StandardGzrs => "Standard_GZRS",
        StandardRagrs => "Standard_RAGRS",
        StandardRagzrs => "Standard_RAGZRS",
    }
    KeyVaultSku { Standard => "standard", Premium => "premium" }
    LogAnalyticsSku { PerGb2018 => "PerGB2018" }
    RegistrySku { Premium => "Premium", Basic => "Basic", Standard => "Standard" }
    WorkspaceSku { Basic => "Basic" }
    DefaultAction { Allow => "Allow", Deny => "Deny" }
    Bypass { AzureServices => "AzureServices" }
    Toggle { Enabled => "Enabled", Disabled => "Disabled" }
    IdentityType { SystemAssigned => "SystemAssigned", UserAssigned => "UserAssigned" }
    DatastoresAuth { AccessKey => "AccessKey", Identity => "Identity" }
    VmPriority { Dedicated => "Dedicated", LowPriority => "LowPriority" }
    OsType { Linux => "Linux" }
    AksNetworkPlugin { Azure => "azure", Kubenet => "kubenet" }
    AksNetworkPluginMode { Overlay => "overlay" }
    AksNetworkPolicy { Azure => "azure", Calico => "calico" }
    LoadBalancerSku { Standard => "standard" }
    OutboundType { LoadBalancer => "loadBalancer" }
    PrincipalType { ServicePrincipal => "ServicePrincipal" }
    ApplicationType { Web => "web" }
    NatGatewaySku { Standard => "Standard" }
    PublicIpSku { Standard => "Standard" }
    PublicIpTier { Regional => "Regional" }
    IpAllocation { Static => "Static" }
    IpVersion { V4 => "IPv4" }
    ClusterPurpose { Production => "FastProd", DevTest => "DevTest" }
    MonitorAccessMode { Open => "Open", PrivateOnly => "PrivateOnly" }
    AksUpgradeChannel { Patch => "patch", Stable => "stable", Rapid => "rapid" }
    AksNodeOsUpgradeChannel { NodeImage => "NodeImage", SecurityPatch => "SecurityPatch", Unmanaged => "Unmanaged" }
}

/// The network rules of a storage account or key vault.
fn acls(r: &Resource) -> Option<&NetworkAcls> {
    match &r.body {
        Body::StorageAccount(x) => Some(&x.network_acls),
        Body::KeyVault(x) => Some(&x.network_acls),
        _ => None,
    }
}

/// The IR ↔ property path table: one line per decided setting.
const IR: &[IrField] = &[
    // Subnets.
    ("properties.addressPrefix", |_, r| match &r.body {
        Body::Subnet(x) => s(x.prefix.to_string()),
        _ => None,
    }),
    ("properties.networkSecurityGroup.id", |g, r| match &r.body {
        Body::Subnet(x) => x.nsg.and_then(|n| ref_to(g, n)),
        _ => None,
    }),
    ("properties.routeTable.id", |g, r| match &r.body {
        Body::Subnet(x) => x.route_table.and_then(|t| ref_to(g, t)),
        _ => None,
    }),
    ("properties.natGateway.id", |g, r| match &r.body {
        Body::Subnet(x) => x.nat_gateway.and_then(|t| ref_to(g, t)),
        _ => None,
    }),
    ("properties.serviceEndpoints[].service", |_, r| match &r.body {
        Body::Subnet(x) => strs(&x.service_endpoints),
        _ => None,
    }),
    ("properties.delegations[].properties.serviceName", |_, r| match &r.body {
        Body::Subnet(x) => strs(&x.delegations),
        _ => None,
    }),
    ("properties.privateEndpointNetworkPolicies", |_, r| match &r.body {
        Body::Subnet(x) => spell(x.private_endpoint_policies),
        _ => None,
    }),
    ("properties.privateLinkServiceNetworkPolicies", |_, r| match &r.body {
        Body::Subnet(x) => spell(x.private_link_service_policies),
        _ => None,
    }),
    ("properties.defaultOutboundAccess", |_, r| match &r.body {
        Body::Subnet(x) => b(x.default_outbound_access),
        _ => None,
    }),
    ("properties.addressSpace.addressPrefixes", |_, r| match &r.body {
        Body::VirtualNetwork(x) if x.existing.is_none() => {
            Some(Val::List(x.address_space.iter().map(|p| Val::Str(p.to_string())).collect()))
        }
        _ => None,
    }),
    ("properties.dhcpOptions.dnsServers", |_, r| match &r.body {
        Body::VirtualNetwork(x) if x.existing.is_none() => match &x.dns_servers {
            DnsServers::Azure => None,
            DnsServers::Custom(servers) => {
                Some(Val::List(servers.as_slice().iter().map(|s| Val::Str(s.to_string())).collect()))
            }
            DnsServers::FirewallProxy(_) => Some(Val::List(vec![Val::Opaque("the firewall's private address".into())])),
        },
        _ => None,
    }),
    ("properties.privateDnsZoneConfigs[].properties.privateDnsZoneId", |g, r| match &r.body {
        Body::PrivateDnsZoneGroup(x) => {
            // A set: the models hold it sorted.
            let mut zones: Vec<Val> = x
                .zones
                .iter()
                .filter_map(|z| ref_to(g, *z))
                .chain(x.existing.iter().map(|z| Val::Str(z.id.clone())))
                .collect();
            zones.sort();
            Some(Val::List(zones))
        }
        _ => None,
    }),
    // Azure Monitor private link scope.
    ("properties.accessModeSettings.ingestionAccessMode", |_, r| match &r.body {
        Body::MonitorPrivateLinkScope(x) => spell(x.ingestion_access_mode),
        _ => None,
    }),
    ("properties.accessModeSettings.queryAccessMode", |_, r| match &r.body {
        Body::MonitorPrivateLinkScope(x) => spell(x.query_access_mode),
        _ => None,
    }),
    ("properties.linkedResourceId", |g, r| match &r.body {
        Body::MonitorScopedResource(x) => ref_to(g, x.resource),
        _ => None,
    }),
    // Hub: peerings, firewall, its policy and rule collection group, Bastion.
    ("properties.remoteVirtualNetwork.id", |g, r| match &r.body {
        Body::VirtualNetworkPeering(x) => ref_to(g, x.remote),
        _ => None,
    }),
    ("properties.allowVirtualNetworkAccess", |_, r| match &r.body {
        Body::VirtualNetworkPeering(x) => b(x.allow_virtual_network_access),
        _ => None,
    }),
    ("properties.allowForwardedTraffic", |_, r| match &r.body {
        Body::VirtualNetworkPeering(x) => b(x.allow_forwarded_traffic),
        _ => None,
    }),
    ("properties.allowGatewayTransit", |_, r| match &r.body {
        Body::VirtualNetworkPeering(x) => b(x.allow_gateway_transit),
        _ => None,
    }),
    ("properties.useRemoteGateways", |_, r| match &r.body {
        Body::VirtualNetworkPeering(x) => b(x.use_remote_gateways),
        _ => None,
    }),
    ("properties.sku.name", |_, r| match &r.body {
        Body::AzureFirewall(x) => s(x.sku_name),
        _ => None,
    }),
    ("properties.sku.tier", |_, r| match &r.body {
        // cf. Azure/bicep-types-az microsoft.network/2025-09-01 `AzureFirewallSku.tier`, `FirewallPolicySku.tier`.
        Body::AzureFirewall(x) => s(format!("{:?}", x.tier)),
        Body::FirewallPolicy(x) => s(format!("{:?}", x.tier)),
        _ => None,
    }),
    ("properties.firewallPolicy.id", |g, r| match &r.body {
        Body::AzureFirewall(x) => ref_to(g, x.policy),
        _ => None,
    }),
    ("properties.ipConfigurations[ipconfig].properties.subnet.id", |g, r| match &r.body {
        Body::AzureFirewall(x) => ref_to(g, x.subnet),
        Body::BastionHost(x) => ref_to(g, x.subnet),
        _ => None,
    }),
    ("properties.ipConfigurations[ipconfig].properties.publicIPAddress.id", |g, r| match &r.body {
        Body::AzureFirewall(x) => ref_to(g, x.public_ip),
        Body::BastionHost(x) => ref_to(g, x.public_ip),
        _ => None,
    }),
    ("properties.threatIntelMode", |_, r| match &r.body {
        Body::FirewallPolicy(x) => s(x.threat_intel_mode),
        _ => None,
    }),
    ("properties.dnsSettings.enableProxy", |_, r| match &r.body {
        Body::FirewallPolicy(x) => b(x.dns_proxy),
        _ => None,
    }),
    ("properties.priority", |_, r| match &r.body {
        Body::FirewallRuleCollectionGroup(x) => n(x.priority),
        _ => None,
    }),
    // Zones: a firewall states them even when it has none; a public IP or NAT gateway without zones
    // leaves them out.
    ("zones", |_, r| {
        let zones = match &r.body {
            Body::AzureFirewall(x) => x.zones.as_slice(),
            Body::PublicIpAddress(x) if !x.zones.is_empty() => x.zones,
            Body::NatGateway(x) if !x.zones.is_empty() => x.zones,
            _ => return None,
        };
        Some(Val::List(zones.iter().map(|z| Val::Str((*z).to_owned())).collect()))
    }),
    // Diagnostic settings: category groups and categories, and the destination table where it is not the
    // default.
    ("properties.logs[].categoryGroup", |_, r| match &r.body {
        Body::DiagnosticSetting(x) if !x.category_groups.is_empty() => {
            Some(Val::List(x.category_groups.iter().map(|c| Val::Str((*c).to_owned())).collect()))
        }
        _ => None,
    }),
    ("properties.logs[].category", |_, r| match &r.body {
        Body::DiagnosticSetting(x) if !x.categories.is_empty() => {
            Some(Val::List(x.categories.iter().map(|c| Val::Str((*c).to_owned())).collect()))
        }
        _ => None,
    }),
    ("properties.logAnalyticsDestinationType", |_, r| match &r.body {
        Body::DiagnosticSetting(x) => x.destination.azure_name().and_then(s),
        _ => None,
    }),
    // NAT gateway and its public IP.
    ("properties.idleTimeoutInMinutes", |_, r| match &r.body {
        Body::NatGateway(x) => n(x.idle_timeout_minutes),
        _ => None,
    }),
    ("properties.publicIpAddresses[].id", |g, r| match &r.body {
        Body::NatGateway(x) => Some(Val::List(x.public_ips.iter().filter_map(|id| ref_to(g, *id)).collect())),
        _ => None,
    }),
    ("sku.tier", |_, r| match &r.body {
        Body::PublicIpAddress(x) => spell(x.tier),
        _ => None,
    }),
    ("properties.publicIPAllocationMethod", |_, r| match &r.body {
        Body::PublicIpAddress(x) => spell(x.allocation),
        _ => None,
    }),
    ("properties.publicIPAddressVersion", |_, r| match &r.body {
        Body::PublicIpAddress(x) => spell(x.version),
        _ => None,
    }),
    ("properties.disableBgpRoutePropagation", |_, r| match &r.body {
        Body::RouteTable(x) => b(!x.bgp_route_propagation),
        _ => None,
    }),
    ("properties.registrationEnabled", |_, r| match &r.body {
        Body::PrivateDnsZoneLink(x) => b(x.registration),
        _ => None,
    }),
    ("properties.virtualNetwork.id", |g, r| match &r.body {
        Body::PrivateDnsZoneLink(x) => ref_to(g, x.vnet),
        _ => None,
    }),
    // Storage account and key vault.
    ("kind", |_, r| match &r.body {
        Body::StorageAccount(x) => spell(x.settings.kind),
        Body::ApplicationInsights(x) => spell(x.application_type),
        _ => None,
    }),
    ("sku.name", |_, r| match &r.body {
        Body::StorageAccount(x) => spell(x.settings.sku),
        Body::ContainerRegistry(x) => spell(x.sku),
        Body::Workspace(x) => spell(x.sku),
        Body::NatGateway(x) => spell(x.sku),
        Body::PublicIpAddress(x) => spell(x.sku),
        Body::BastionHost(x) => s(x.sku),
        _ => None,
    }),
    ("properties.systemDatastoresAuthMode", |_, r| match &r.body {
        Body::Workspace(x) => spell(x.system_datastores_auth),
        _ => None,
    }),
    ("properties.minimumTlsVersion", |_, r| match &r.body {
        Body::StorageAccount(x) => spell(x.settings.min_tls),
        _ => None,
    }),
    ("properties.supportsHttpsTrafficOnly", |_, r| match &r.body {
        Body::StorageAccount(x) => b(x.settings.https_only),
        _ => None,
    }),
    ("properties.allowBlobPublicAccess", |_, r| match &r.body {
        Body::StorageAccount(x) => b(x.settings.blob_public_access),
        _ => None,
    }),
    ("properties.allowSharedKeyAccess", |_, r| match &r.body {
        Body::StorageAccount(x) => b(x.settings.shared_key_access),
        _ => None,
    }),
    ("properties.publicNetworkAccess", |_, r| match &r.body {
        Body::StorageAccount(x) => enabled(x.public_network_access),
        Body::KeyVault(x) => enabled(x.public_network_access),
        Body::Workspace(x) => enabled(x.public_network_access),
        Body::ContainerRegistry(x) => enabled(x.public_network_access),
        _ => None,
    }),
    ("properties.networkAcls.defaultAction", |_, r| acls(r).and_then(|a| spell(a.default_action))),
    ("properties.networkAcls.bypass", |_, r| acls(r).and_then(|a| spell(a.bypass))),
    ("properties.networkAcls.virtualNetworkRules[].id", |g, r| {
        let fw = acls(r)?.firewall.as_ref()?;
        Some(Val::List(fw.subnets.iter().filter_map(|id| ref_to(g, *id)).collect()))
    }),
    ("properties.sku.name", |_, r| match &r.body {
        Body::KeyVault(x) => spell(x.settings.sku),
        Body::LogAnalytics(x) => spell(x.sku),
        _ => None,
    }),
    ("properties.enableSoftDelete", |_, r| match &r.body {
        Body::KeyVault(x) => b(x.settings.soft_delete),
        _ => None,
    }),
    ("properties.softDeleteRetentionInDays", |_, r| match &r.body {
        Body::KeyVault(x) => n(x.settings.soft_delete_retention_days),
        _ => None,
    }),
    ("properties.enablePurgeProtection", |_, r| match &r.body {
        Body::KeyVault(x) => b(x.settings.purge_protection),
        _ => None,
    }),
    ("properties.enableRbacAuthorization", |_, r| match &r.body {
        Body::KeyVault(x) => b(x.settings.rbac_authorization),
        _ => None,
    }),
    // Log Analytics, Application Insights, registry.
    ("properties.retentionInDays", |_, r| match &r.body {
        Body::LogAnalytics(x) => n(x.retention_days),
        _ => None,
    }),
    ("properties.Application_Type", |_, r| match &r.body {
        Body::ApplicationInsights(x) => spell(x.application_type),
        _ => None,
    }),
    ("properties.WorkspaceResourceId", |g, r| match &r.body {
        Body::ApplicationInsights(x) => ref_to(g, x.log_analytics),
        _ => None,
    }),
    ("properties.adminUserEnabled", |_, r| match &r.body {
        Body::ContainerRegistry(x) => b(x.admin_user),
        _ => None,
    }),
    ("properties.networkRuleSet.defaultAction", |_, r| match &r.body {
        Body::ContainerRegistry(x) => x.default_action.and_then(spell),
        _ => None,
    }),
    ("properties.networkRuleBypassOptions", |_, r| match &r.body {
        Body::ContainerRegistry(x) => spell(x.bypass),
        _ => None,
    }),
    // Workspace.
    ("identity.type", |_, r| match &r.body {
        Body::Workspace(x) => spell(x.identity),
        Body::AmlCluster(x) => spell(x.identity),
        Body::AmlInstance(x) => spell(x.identity),
        Body::ManagedCluster(_) => spell(IdentityType::UserAssigned),
        _ => None,
    }),
    ("properties.storageAccount", |g, r| match &r.body {
        Body::Workspace(x) => ref_to(g, x.storage),
        _ => None,
    }),
    ("properties.keyVault", |g, r| match &r.body {
        Body::Workspace(x) => ref_to(g, x.key_vault),
        _ => None,
    }),
    ("properties.applicationInsights", |g, r| match &r.body {
        Body::Workspace(x) => ref_to(g, x.application_insights),
        _ => None,
    }),
    ("properties.containerRegistry", |g, r| match &r.body {
        Body::Workspace(x) => x.container_registry.and_then(|c| ref_to(g, c)),
        _ => None,
    }),
    ("properties.imageBuildCompute", |_, r| match &r.body {
        Body::Workspace(x) => x.image_build_compute.clone().map(Val::Str),
        _ => None,
    }),
    ("properties.friendlyName", |_, r| match &r.body {
        Body::Workspace(x) => Some(Val::Str(x.friendly_name.clone())),
        _ => None,
    }),
    // The workspace managed network and its outbound rules.
    ("properties.managedNetwork.isolationMode", |_, r| match &r.body {
        Body::Workspace(x) => x.managed_network.as_ref().and_then(|m| s(m.isolation.azure_name())),
        _ => None,
    }),
    ("properties.managedNetwork.firewallSku", |_, r| match &r.body {
        Body::Workspace(x) => x.managed_network.as_ref().and_then(|m| s(m.firewall_sku.azure_name())),
        _ => None,
    }),
    ("properties.provisionNetworkNow", |_, r| match &r.body {
        Body::Workspace(x) => x.managed_network.as_ref().and_then(|m| b(m.provision_now)),
        _ => None,
    }),
    ("properties.type", |_, r| match &r.body {
        Body::OutboundRule(x) => s(x.destination.kind().azure_name()),
        _ => None,
    }),
    ("properties.category", |_, r| match &r.body {
        Body::OutboundRule(_) => s(RULE_CATEGORY),
        _ => None,
    }),
    ("properties.destination", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule { destination: RuleDestination::Fqdn(fqdn), .. }) => s(fqdn.clone()),
        _ => None,
    }),
    ("properties.destination.serviceTag", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule { destination: RuleDestination::ServiceTag { tag, .. }, .. }) => s(*tag),
        _ => None,
    }),
    ("properties.destination.protocol", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule { destination: RuleDestination::ServiceTag { protocol, .. }, .. }) => {
            s(*protocol)
        }
        _ => None,
    }),
    ("properties.destination.portRanges", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule { destination: RuleDestination::ServiceTag { port_ranges, .. }, .. }) => {
            s(port_ranges.clone())
        }
        _ => None,
    }),
    ("properties.destination.serviceResourceId", |g, r| match &r.body {
        Body::OutboundRule(OutboundRule { destination: RuleDestination::PrivateEndpoint { target, .. }, .. }) => {
            match target {
                RuleTarget::Resource(id) => ref_to(g, *id),
                RuleTarget::Existing(id) => s(id.clone()),
            }
        }
        _ => None,
    }),
    ("properties.destination.subresourceTarget", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule {
            destination: RuleDestination::PrivateEndpoint { sub_resource, .. }, ..
        }) => s(*sub_resource),
        _ => None,
    }),
    ("properties.destination.sparkEnabled", |_, r| match &r.body {
        Body::OutboundRule(OutboundRule {
            destination: RuleDestination::PrivateEndpoint { spark_enabled, .. },
            ..
        }) => b(*spark_enabled),
        _ => None,
    }),
    // Compute clusters and instances.
    ("properties.disableLocalAuth", |_, r| match &r.body {
        Body::AmlCluster(x) => b(!x.local_auth),
        Body::AmlInstance(x) => b(!x.local_auth),
        _ => None,
    }),
    ("properties.properties.enableNodePublicIp", |_, r| match &r.body {
        Body::AmlCluster(x) => b(x.public_ip),
        Body::AmlInstance(x) => b(x.public_ip),
        _ => None,
    }),
    ("properties.properties.remoteLoginPortPublicAccess", |_, r| match &r.body {
        Body::AmlCluster(x) => enabled(x.ssh_public_access),
        _ => None,
    }),
    ("properties.properties.sshSettings.sshPublicAccess", |_, r| match &r.body {
        Body::AmlInstance(x) => enabled(x.ssh_public_access),
        _ => None,
    }),
    ("properties.properties.vmPriority", |_, r| match &r.body {
        Body::AmlCluster(x) => spell(x.vm_priority),
        _ => None,
    }),
    ("properties.properties.osType", |_, r| match &r.body {
        Body::AmlCluster(x) => spell(x.os_type),
        _ => None,
    }),
    ("properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", |_, r| match &r.body {
        Body::AmlCluster(x) => s(x.scale_down_after),
        _ => None,
    }),
    ("properties.properties.vmSize", |_, r| match &r.body {
        Body::AmlCluster(x) => s(x.vm_size.clone()),
        Body::AmlInstance(x) => s(x.vm_size.clone()),
        _ => None,
    }),
    ("properties.properties.subnet.id", |g, r| match &r.body {
        Body::AmlCluster(x) => x.subnet.and_then(|s| ref_to(g, s)),
        Body::AmlInstance(x) => x.subnet.and_then(|s| ref_to(g, s)),
        _ => None,
    }),
    ("properties.properties.scaleSettings.minNodeCount", |_, r| match &r.body {
        Body::AmlCluster(x) => n(x.min_nodes),
        _ => None,
    }),
    ("properties.properties.scaleSettings.maxNodeCount", |_, r| match &r.body {
        Body::AmlCluster(x) => n(x.max_nodes),
        _ => None,
    }),
    ("properties.properties.idleTimeBeforeShutdown", |_, r| match &r.body {
        Body::AmlInstance(x) => s(x.idle_shutdown.clone()),
        _ => None,
    }),
    // Attached computes, and the virtual machines amlnet creates for them.
    ("properties.resourceId", |g, r| match &r.body {
        Body::AttachedCompute(x) => match &x.target {
            AttachTarget::Existing(id) => s(id.clone()),
            AttachTarget::Created(vm) => ref_to(g, *vm),
        },
        _ => None,
    }),
    ("properties.properties.sshPort", |_, r| match &r.body {
        Body::AttachedCompute(x) => n(x.ssh_port),
        _ => None,
    }),
    ("properties.properties.administratorAccount.username", |_, r| match &r.body {
        Body::AttachedCompute(AttachedCompute { admin: AttachAdmin::PrivateKey { username, .. }, .. }) => {
            s(username.clone())
        }
        _ => None,
    }),
    ("properties.ipConfigurations[].properties.subnet.id", |g, r| match &r.body {
        Body::NetworkInterface(x) => Some(Val::List(vec![ref_to(g, x.subnet)?])),
        _ => None,
    }),
    ("properties.ipConfigurations[].properties.privateIPAllocationMethod", |_, r| match &r.body {
        Body::NetworkInterface(x) => strs(&[x.private_ip_allocation]),
        _ => None,
    }),
    ("properties.hardwareProfile.vmSize", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.vm_size.clone()),
        _ => None,
    }),
    ("properties.osProfile.adminUsername", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.admin_username.clone()),
        _ => None,
    }),
    ("properties.osProfile.linuxConfiguration.disablePasswordAuthentication", |_, r| match &r.body {
        Body::VirtualMachine(x) => b(!x.password_authentication),
        _ => None,
    }),
    ("properties.networkProfile.networkInterfaces[].id", |g, r| match &r.body {
        Body::VirtualMachine(x) => Some(Val::List(vec![ref_to(g, x.nic)?])),
        _ => None,
    }),
    ("properties.storageProfile.imageReference.publisher", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.image.publisher),
        _ => None,
    }),
    ("properties.storageProfile.imageReference.offer", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.image.offer),
        _ => None,
    }),
    ("properties.storageProfile.imageReference.sku", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.image.sku),
        _ => None,
    }),
    ("properties.storageProfile.imageReference.version", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.image.version),
        _ => None,
    }),
    ("properties.storageProfile.osDisk.caching", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.os_disk_caching),
        _ => None,
    }),
    ("properties.storageProfile.osDisk.managedDisk.storageAccountType", |_, r| match &r.body {
        Body::VirtualMachine(x) => s(x.os_disk_storage),
        _ => None,
    }),
    // AKS.
    ("properties.enableRBAC", |_, r| match &r.body {
        Body::ManagedCluster(x) => b(x.rbac),
        _ => None,
    }),
    ("properties.disableLocalAccounts", |_, r| match &r.body {
        Body::ManagedCluster(x) => b(x.local_accounts_disabled),
        _ => None,
    }),
    ("properties.aadProfile.enableAzureRBAC", |_, r| match &r.body {
        Body::ManagedCluster(x) => b(x.hardening.azure_rbac),
        _ => None,
    }),
    ("properties.autoUpgradeProfile.upgradeChannel", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.hardening.upgrade_channel),
        _ => None,
    }),
    ("properties.autoUpgradeProfile.nodeOSUpgradeChannel", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.hardening.node_os_upgrade_channel),
        _ => None,
    }),
    ("properties.addonProfiles.azurepolicy.enabled", |_, r| match &r.body {
        Body::ManagedCluster(x) => b(x.hardening.azure_policy),
        _ => None,
    }),
    ("properties.networkProfile.networkPlugin", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.network_plugin),
        _ => None,
    }),
    ("properties.networkProfile.networkPluginMode", |_, r| match &r.body {
        Body::ManagedCluster(x) => x.network_plugin_mode.and_then(spell),
        _ => None,
    }),
    ("properties.networkProfile.networkPolicy", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.network_policy),
        _ => None,
    }),
    ("properties.networkProfile.podCidr", |_, r| match &r.body {
        Body::ManagedCluster(x) => s(x.pod_cidr.to_string()),
        _ => None,
    }),
    ("properties.networkProfile.serviceCidr", |_, r| match &r.body {
        Body::ManagedCluster(x) => s(x.service_cidr.to_string()),
        _ => None,
    }),
    ("properties.networkProfile.dnsServiceIP", |_, r| match &r.body {
        Body::ManagedCluster(x) => s(x.dns_service_ip.to_string()),
        _ => None,
    }),
    ("properties.networkProfile.loadBalancerSku", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.load_balancer_sku),
        _ => None,
    }),
    ("properties.networkProfile.outboundType", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.outbound_type),
        _ => None,
    }),
    ("properties.properties.clusterPurpose", |_, r| match &r.body {
        Body::AksCompute(x) => spell(x.cluster_purpose),
        _ => None,
    }),
    ("properties.properties.sslConfiguration.status", |_, r| match &r.body {
        Body::AksCompute(x) => enabled(x.tls.is_some()),
        _ => None,
    }),
    // The Azure Machine Learning extension and Kubernetes compute (v2).
    ("properties.properties.namespace", |_, r| match &r.body {
        Body::KubernetesCompute(x) => s(x.namespace.clone()),
        _ => None,
    }),
    ("properties.configurationSettings.enableTraining", |_, r| match &r.body {
        Body::ClusterExtension(x) => s(if x.training { "True" } else { "False" }.to_owned()),
        _ => None,
    }),
    ("properties.configurationSettings.enableInference", |_, r| match &r.body {
        Body::ClusterExtension(x) => s(if x.inference { "True" } else { "False" }.to_owned()),
        _ => None,
    }),
    ("properties.configurationSettings.allowInsecureConnections", |_, r| match &r.body {
        Body::ClusterExtension(x) if x.inference => s(if x.tls.is_none() { "True" } else { "False" }.to_owned()),
        _ => None,
    }),
    ("properties.configurationSettings.internalLoadBalancerProvider", |_, r| match &r.body {
        Body::ClusterExtension(x) if x.inference && x.internal_load_balancer => s("azure".to_owned()),
        _ => None,
    }),
    ("properties.configurationSettings.sslCname", |_, r| match &r.body {
        Body::ClusterExtension(x) => x.tls.as_ref().and_then(|t| s(t.cname.clone())),
        _ => None,
    }),
    ("properties.apiServerAccessProfile.enablePrivateCluster", |_, r| match &r.body {
        Body::ManagedCluster(x) => b(x.private_cluster),
        _ => None,
    }),
    ("properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN", |_, r| match &r.body {
        Body::ManagedCluster(x) => x.private_cluster_public_fqdn.and_then(b),
        _ => None,
    }),
    ("properties.apiServerAccessProfile.privateDNSZone", |_, r| match &r.body {
        Body::ManagedCluster(x) => x.private_dns_zone.as_ref().and_then(|z| s(z.azure_value().to_owned())),
        _ => None,
    }),
    ("properties.agentPoolProfiles[system].osType", |_, r| match &r.body {
        Body::ManagedCluster(x) => spell(x.os_type),
        _ => None,
    }),
    ("properties.agentPoolProfiles[system].vmSize", |_, r| match &r.body {
        Body::ManagedCluster(x) => s(x.vm_size.clone()),
        _ => None,
    }),
    ("properties.agentPoolProfiles[system].count", |_, r| match &r.body {
        Body::ManagedCluster(x) => n(x.node_count),
        _ => None,
    }),
    ("properties.agentPoolProfiles[system].vnetSubnetID", |g, r| match &r.body {
        Body::ManagedCluster(x) => ref_to(g, x.subnet),
        _ => None,
    }),
    ("identity.userAssignedIdentities", |g, r| match &r.body {
        Body::ManagedCluster(x) => Some(Val::List(ref_to(g, x.identity).into_iter().collect())),
        _ => None,
    }),
    ("properties.dnsPrefix", |_, r| match &r.body {
        Body::ManagedCluster(x) => s(x.dns_prefix.clone()),
        _ => None,
    }),
    // Role assignments.
    ("properties.principalType", |_, r| match &r.body {
        Body::RoleAssignment(x) => spell(x.principal_type),
        _ => None,
    }),
];

/// A resource's key in the model: (ARM type, full name); a role assignment's name is its scope and
/// role guid.
fn ident(graph: &Graph, id: ResourceId) -> (String, String) {
    let res = graph.resource(id);
    let ty = catalog::info(res.kind).arm_type.to_owned();
    if let Body::RoleAssignment(ra) = &res.body {
        let (st, sn) = ident(graph, ra.scope);
        return (ty, format!("{st} {sn}:{}", ra.role.guid()));
    }
    let name = match res.body.parent() {
        Some(parent) => format!("{}/{}", ident(graph, parent).1, res.name),
        None => res.name.clone(),
    };
    (ty, name)
}

const FORMATS: [&str; 3] = ["terraform", "arm", "bicep"];

/// The three models of an output.
fn models(output: &Output) -> [Model; 3] {
    let mut tf_text = String::new();
    let mut modules = BTreeMap::new();
    for (path, text) in output.files.files() {
        let path = path.to_string();
        if path.ends_with(".tf") {
            tf_text.push_str(text);
            tf_text.push('\n');
        }
        if let Some(rest) = path.strip_prefix("bicep/") {
            modules.insert(rest.to_owned(), text.to_owned());
        }
    }
    let roles: BTreeMap<String, String> = output
        .graph
        .resources()
        .filter_map(|(_, r)| match &r.body {
            Body::RoleAssignment(ra) => Some((ra.role.name().to_owned(), ra.role.guid().to_owned())),
            _ => None,
        })
        .collect();
    let template = serde_json::from_str(output.files.get("arm/azuredeploy.json").unwrap()).unwrap();
    let mut out = [
        arm_model::from_terraform(&tf_text, &roles),
        arm_model::from_arm(&template),
        arm_model::from_bicep(output.files.get("bicep/main.bicep").unwrap(), &modules),
    ];
    for m in &mut out {
        arm_model::normalise(m);
    }
    out
}

/// Whether `format` genuinely cannot state `path` of a resource of type `ty`.
/// `existing`: the resource is a subnet of an existing virtual network.
fn no_equivalent(ty: &str, path: &str, format: &str, existing: bool) -> bool {
    let of_existing = format!("{ty} of an existing network");
    NO_EQUIVALENT
        .iter()
        .any(|(t, p, f, _)| (*t == ty || (existing && *t == of_existing)) && path.starts_with(p) && *f == format)
}

/// The value of `path` in a resource's properties. A list path (`a[].b`) also collects named items
/// (`a[x].b`, `a[y].b`, in order), and is the empty list when `a` is stated as `[]`.
fn lookup(props: &arm_model::Props, path: &str) -> Option<Val> {
    if let Some(v) = props.get(path) {
        return Some(v.clone());
    }
    let (head, tail) = path.split_once("[]")?;
    let open = format!("{head}[");
    let named: Vec<Val> = props
        .iter()
        .filter(|(k, _)| k.strip_prefix(&open).and_then(|r| r.split_once(']')).is_some_and(|(_, t)| t == tail))
        .map(|(_, v)| v.clone())
        .collect();
    if !named.is_empty() {
        return Some(Val::List(named));
    }
    (props.get(head) == Some(&Val::List(Vec::new()))).then(|| Val::List(Vec::new()))
}

/// Whether a resource's properties state `path`, or something inside it (`path.x`, `path[x]`).
fn stated(props: &arm_model::Props, path: &str) -> bool {
    props.keys().any(|k| {
        k.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
    })
}

fn show(v: Option<&Val>) -> String {
    v.map_or_else(|| "<absent>".to_owned(), Val::to_string)
}

/// Every disagreement of one output, one line each.
fn mismatches(output: &Output) -> Vec<String> {
    let models = models(output);
    let graph = &output.graph;
    let existing: std::collections::BTreeSet<(String, String)> = graph
        .resources()
        .filter(|(_, r)| matches!(&r.body, Body::Subnet(s) if matches!(&graph.resource(s.vnet).body, Body::VirtualNetwork(v) if v.existing.is_some())))
        .map(|(id, _)| ident(graph, id))
        .collect();
    let mut out = Vec::new();
    let mut keys: Vec<&(String, String)> = models.iter().flat_map(|m| m.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let props: Vec<Option<&arm_model::Props>> = models.iter().map(|m| m.get(key)).collect();
        if props.iter().any(Option::is_none) {
            let present: Vec<&str> = FORMATS.iter().zip(&props).filter(|(_, p)| p.is_some()).map(|(f, _)| *f).collect();
            out.push(format!("{} {:?}: resource only in {present:?}", key.0, key.1));
            continue;
        }
        let mut paths: Vec<&String> = props.iter().flat_map(|p| p.unwrap().keys()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            // On creation an unset list is an empty one: only a list that must be stated differs.
            let must = MUST_STATE.iter().any(|(t, _, p)| *t == key.0 && p == path);
            let vals: Vec<Option<&Val>> = props
                .iter()
                .map(|p| p.unwrap().get(path).filter(|v| must || !matches!(v, Val::List(l) if l.is_empty())))
                .collect();
            if vals[0] == vals[1] && vals[1] == vals[2] {
                continue;
            }
            let excused = vals
                .iter()
                .zip(FORMATS)
                .all(|(v, f)| v.is_some() || no_equivalent(&key.0, path, f, existing.contains(key)))
                && {
                    let stated: Vec<&&Val> = vals.iter().flatten().collect();
                    stated.windows(2).all(|w| w[0] == w[1])
                };
            if !excused {
                out.push(format!(
                    "{} {:?}: {path}: terraform {} | arm {} | bicep {}",
                    key.0,
                    key.1,
                    show(vals[0]),
                    show(vals[1]),
                    show(vals[2])
                ));
            }
        }
        for (t, when, path) in MUST_STATE {
            let applies = when.is_none_or(|(p, v)| props[1].unwrap().get(p).is_some_and(|x| x.to_string() == v));
            if key.0 == *t && applies {
                let unstated: Vec<&str> = FORMATS
                    .iter()
                    .zip(&props)
                    .filter(|(f, p)| !stated(p.unwrap(), path) && !no_equivalent(&key.0, path, f, false))
                    .map(|(f, _)| *f)
                    .collect();
                if !unstated.is_empty() {
                    out.push(format!(
                        "{} {:?}: {path}: not stated by {unstated:?} (it must be explicit)",
                        key.0, key.1
                    ));
                }
            }
        }
    }
    // The IR's decisions.
    for (id, res) in graph.resources() {
        let key = ident(graph, id);
        for (path, field) in IR {
            let Some(want) = field(graph, res) else { continue };
            let got: Vec<Option<Val>> = models.iter().map(|m| m.get(&key).and_then(|p| lookup(p, path))).collect();
            let wrong: Vec<String> = got
                .iter()
                .zip(FORMATS)
                .filter(|(g, f)| {
                    g.as_ref() != Some(&want)
                        && !(g.is_none() && no_equivalent(&key.0, path, f, existing.contains(&key)))
                })
                .map(|(g, f)| format!("{f} {}", show(g.as_ref())))
                .collect();
            if !wrong.is_empty() {
                out.push(format!("{} {:?}: {path}: IR says {want}, {}", key.0, key.1, wrong.join(" | ")));
            }
        }
    }
    out
}

/// The resources of each format that the IR does not have, and the IR's that a format lacks (an
/// existing virtual network or zone is referenced, never declared).
fn resource_mismatches(output: &Output) -> Vec<String> {
    let graph = &output.graph;
    let want: std::collections::BTreeSet<(String, String)> =
        graph.resources().filter(|(_, r)| r.body.existing().is_none()).map(|(id, _)| ident(graph, id)).collect();
    let mut out = Vec::new();
    for (model, format) in models(output).iter().zip(FORMATS) {
        for key in model.keys().filter(|k| !want.contains(*k)) {
            out.push(format!("{} {:?}: in {format}, not in the IR", key.0, key.1));
        }
        for key in want.iter().filter(|k| !model.contains_key(*k)) {
            out.push(format!("{} {:?}: in the IR, not in {format}", key.0, key.1));
        }
    }
    out
}

fn spec_paths() -> Vec<PathBuf> {
    let mut specs = support::spec_files("examples");
    specs.extend(support::spec_files("tests/data/private"));
    let shared = support::crate_dir().join("../shared/spec");
    for dir in ["examples", "examples-private"] {
        if let Ok(entries) = std::fs::read_dir(shared.join(dir)) {
            let mut more: Vec<PathBuf> =
                entries.map(|e| e.unwrap().path()).filter(|p| SourceFormat::from_path(p).is_some()).collect();
            more.sort();
            specs.extend(more);
        }
    }
    specs
}

/// Generates every spec that generates (shared examples that are deliberately invalid are not this
/// test's concern) and collects what `check` finds, prefixed by the spec's file name.
fn check_examples(check: fn(&Output) -> Vec<String>) -> (usize, Vec<String>) {
    let mut report = Vec::new();
    let mut checked = 0;
    for path in spec_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let syntax = SourceFormat::from_path(&path).unwrap();
        let Ok(output) = support::generate_text(&text, syntax) else { continue };
        checked += 1;
        for m in check(&output) {
            report.push(format!("{}: {m}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(checked >= 8, "only {checked} specs generate");
    (checked, report)
}

#[test]
fn every_example_lists_the_ir_resources_in_every_format() {
    let (checked, report) = check_examples(resource_mismatches);
    assert!(report.is_empty(), "{} mismatches in {checked} specs:\n{}", report.len(), report.join("\n"));
}

#[test]
fn every_example_builds_the_same_state_in_every_format() {
    let (checked, report) = check_examples(mismatches);
    assert!(report.is_empty(), "{} mismatches in {checked} specs:\n{}", report.len(), report.join("\n"));
}

/// `workspace.system_datastores_auth: identity` (no example sets it) reaches every format the same.
#[test]
fn identity_datastores_build_the_same_state_in_every_format() {
    let path = support::crate_dir().join("tests/data/warnings/datastores-identity.yaml");
    let output = support::generate_text(&std::fs::read_to_string(&path).unwrap(), SourceFormat::Yaml).unwrap();
    let report = mismatches(&output);
    assert!(report.is_empty(), "{}", report.join("\n"));
    for model in models(&output) {
        let (_, props) = model.iter().find(|(key, _)| key.0 == WORKSPACE).unwrap();
        assert_eq!(lookup(props, "properties.systemDatastoresAuthMode"), s("Identity"));
    }
}

/// Every [`MUST_STATE`] row applies to some resource of the examples, and every [`IR`] row decides
/// some setting there, so no row is a dead letter (a misspelt path or condition).
#[test]
fn every_must_state_and_ir_row_is_used_by_the_examples() {
    let mut must_used = vec![false; MUST_STATE.len()];
    let mut ir_used = vec![false; IR.len()];
    for path in spec_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(output) = support::generate_text(&text, SourceFormat::from_path(&path).unwrap()) else { continue };
        let arm = &models(&output)[1];
        for (key, props) in arm {
            for ((ty, when, path), used) in MUST_STATE.iter().zip(&mut must_used) {
                let applies = when.is_none_or(|(p, v)| props.get(p).is_some_and(|x| x.to_string() == v));
                *used |= key.0 == *ty && applies && stated(props, path);
            }
        }
        for (_, res) in output.graph.resources() {
            for ((_, field), used) in IR.iter().zip(&mut ir_used) {
                *used |= field(&output.graph, res).is_some();
            }
        }
    }
    let unused: Vec<String> = MUST_STATE
        .iter()
        .zip(&must_used)
        .filter(|(_, u)| !**u)
        .map(|((t, w, p), _)| format!("MUST_STATE {t} {w:?} {p}"))
        .chain(IR.iter().zip(&ir_used).filter(|(_, u)| !**u).map(|((p, _), _)| format!("IR {p}")))
        .collect();
    assert!(unused.is_empty(), "rows no example uses:\n{}", unused.join("\n"));
}

/// Random specs from the property-test generators (`PROPTEST_CASES`, default 1000), every
/// disagreement counted by resource type and property so one run shows them all, with one spec that
/// shows each.
#[test]
fn random_specs_build_the_same_state_in_every_format() {
    let cases: usize = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    // (type, property, what) → (count, one example line, its spec).
    let mut kinds: BTreeMap<String, (usize, String, String)> = BTreeMap::new();
    for (_, syntax, text) in support::generate::random_specs(12) {
        let output = support::generate_text(&text, syntax).unwrap_or_else(|d| panic!("{d}\n{text}"));
        for line in mismatches(&output) {
            kinds.entry(kind(&line)).or_insert_with(|| (0, line.clone(), text.clone())).0 += 1;
        }
    }
    let report: Vec<String> =
        kinds.iter().map(|(k, (n, line, _))| format!("{n:>5} x {k}\n        e.g. {line}")).collect();
    let first = kinds.values().next().map(|(_, _, spec)| spec.as_str()).unwrap_or_default();
    assert!(
        kinds.is_empty(),
        "{} kinds of mismatch in {cases} random specs:\n{}\n--- a spec that shows the first ---\n{first}",
        kinds.len(),
        report.join("\n")
    );
}

/// A mismatch line without its resource's name: `type: property: values`, named array items (`[x]`)
/// and quoted names generalised.
fn kind(line: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    let mut quote = false;
    for c in line.chars() {
        match c {
            '"' if !skip => {
                quote = !quote;
                if quote {
                    out.push_str("\"…\"");
                }
            }
            '[' if !quote => {
                skip = true;
                out.push('[');
            }
            ']' if skip => {
                skip = false;
                out.push(']');
            }
            _ if quote || skip => {}
            c => out.push(c),
        }
    }
    out
}
