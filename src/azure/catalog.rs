//! Resource kinds: the ARM type and API version, the Terraform type, and how each is named.
//!
//! One row per [`ApiKind`]. ARM and Bicep read `arm_type` and `api_version` from here, the
//! Terraform emitter reads `tf_type`; a version bump is a one-line change reviewed in one place.

/// Every kind of resource amlnet writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiKind {
    VirtualNetwork,
    Subnet,
    NetworkSecurityGroup,
    RouteTable,
    StorageAccount,
    KeyVault,
    LogAnalytics,
    ApplicationInsights,
    ContainerRegistry,
    Workspace,
    Compute,
    ManagedCluster,
    UserAssignedIdentity,
    RoleAssignment,
    PrivateEndpoint,
    PrivateDnsZoneGroup,
    PrivateDnsZone,
    PrivateDnsZoneLink,
    PublicIpAddress,
    NatGateway,
    NetworkInterface,
    VirtualMachine,
    ClusterExtension,
    OutboundRule,
    ManagementLock,
    MonitorPrivateLinkScope,
    MonitorScopedResource,
    VirtualNetworkPeering,
    AzureFirewall,
    FirewallPolicy,
    FirewallRuleCollectionGroup,
    BastionHost,
    DiagnosticSetting,
}

/// How a kind is spelled in each target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: ApiKind,
    pub arm_type: &'static str,
    pub api_version: &'static str,
    /// The azurerm resource type, or `None` where amlnet uses `azapi_resource`.
    pub tf_type: Option<&'static str>,
    /// Abbreviation used in derived names (Cloud Adoption Framework), empty where names come from the spec.
    pub abbreviation: &'static str,
}

// cf. Azure/bicep-types-az generated/** (HEAD 2026-08-20: latest GA per type) and the validators' arm-types
// data; azurerm type names from hashicorp/terraform-provider-azurerm website/docs/r/*; abbreviations from
// learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations —
// last checked 2026-11-27.
/// The lock level that forbids deletion and allows every change: "CanNotDelete means authorized users
/// are able to read and modify the resources, but not delete" (cf. learn.microsoft.com/rest/api/resources/
/// management-locks/create-or-update-by-scope, `properties.level`; Azure/bicep-types-az
/// microsoft.authorization/2020-05-01 `ManagementLockProperties.level`) — checked 2026-11-30.
pub const LOCK_LEVEL_CAN_NOT_DELETE: &str = "CanNotDelete";

/// The maximum length of a lock's `notes` (same sources as [`LOCK_LEVEL_CAN_NOT_DELETE`]).
pub const LOCK_NOTES_MAX: usize = 512;

// cf. MicrosoftDocs/azure-docs: articles/azure-monitor/essentials/diagnostic-settings.md ("Category groups":
// `allLogs` collects every log category of a resource type, and new ones as they are added); the per-type
// lists in MicrosoftDocs/azure-reference-other azure-monitor-ref/supported-logs (Microsoft.KeyVault/vaults,
// Microsoft.ContainerRegistry/registries, Microsoft.MachineLearningServices/workspaces,
// Microsoft.Network/networksecuritygroups: log categories, so `allLogs` applies; Microsoft.Storage/
// storageAccounts: none at the account, its logs are on the blob, file, queue and table services) —
// checked 2026-11-30.
/// The category group a diagnostic setting sends: every log of its resource.
pub const DIAGNOSTIC_CATEGORY_GROUP: &str = "allLogs";

/// Where a diagnostic setting writes in Log Analytics: the shared `AzureDiagnostics` table (the API's
/// default, spelled by leaving `logAnalyticsDestinationType` out: "Possible values are: Dedicated and
/// null") or one resource-specific table per category (`Dedicated`), which Azure Firewall recommends
/// for its structured logs. cf. Azure/bicep-types-az microsoft.insights/2021-05-01-preview
/// `DiagnosticSettings.logAnalyticsDestinationType`; azurerm `azurerm_monitor_diagnostic_setting`
/// `log_analytics_destination_type` (`Dedicated`, `AzureDiagnostics`); MicrosoftDocs/azure-docs
/// articles/firewall/monitor-firewall.md ("Resource specific mode ... is recommended") — checked 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogDestination {
    AzureDiagnostics,
    Dedicated,
}

impl LogDestination {
    /// The spelling of `logAnalyticsDestinationType` (ARM) and `log_analytics_destination_type`
    /// (azurerm); `None` for the default, which neither writes.
    pub fn azure_name(self) -> Option<&'static str> {
        match self {
            LogDestination::AzureDiagnostics => None,
            LogDestination::Dedicated => Some("Dedicated"),
        }
    }
}

pub const KINDS: &[KindInfo] = &[
    // cf. the validators' arm-types data (Azure/bicep-types-az 2026-08-20: `microsoft.insights/diagnosticSettings`
    // versions end at 2021-05-01-preview, an extension resource); azurerm `azurerm_monitor_diagnostic_setting`
    // (`name`, `target_resource_id`, `log_analytics_workspace_id`, `enabled_log.category_group`) —
    // checked 2026-11-30.
    KindInfo {
        kind: ApiKind::DiagnosticSetting,
        arm_type: "Microsoft.Insights/diagnosticSettings",
        api_version: "2021-05-01-preview",
        tf_type: Some("azurerm_monitor_diagnostic_setting"),
        abbreviation: "diag",
    },
    // cf. Azure/bicep-types-az generated/resources_0/microsoft.authorization/2020-05-01/types.md
    // (`Microsoft.Authorization/locks@2020-05-01`, writable at the Extension scope, the latest version the
    // validators' arm-types data holds); azurerm `azurerm_management_lock` (`name`, `scope`, `lock_level`,
    // `notes`) — checked 2026-11-30.
    KindInfo {
        kind: ApiKind::ManagementLock,
        arm_type: "Microsoft.Authorization/locks",
        api_version: "2020-05-01",
        tf_type: Some("azurerm_management_lock"),
        abbreviation: "lock",
    },
    // cf. the validators' arm-types data (Azure/bicep-types-az 2026-08-20):
    // `Microsoft.MachineLearningServices/workspaces/outboundRules` is GA at 2026-05-01, the workspace's
    // version; azurerm has one resource per rule kind (`azure::managed_network::TF_OUTBOUND_RULES`) —
    // checked 2026-11-30.
    KindInfo {
        kind: ApiKind::OutboundRule,
        arm_type: "Microsoft.MachineLearningServices/workspaces/outboundRules",
        api_version: "2026-05-01",
        tf_type: None,
        abbreviation: "",
    },
    KindInfo {
        kind: ApiKind::VirtualNetwork,
        arm_type: "Microsoft.Network/virtualNetworks",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_virtual_network"),
        abbreviation: "vnet",
    },
    KindInfo {
        kind: ApiKind::Subnet,
        arm_type: "Microsoft.Network/virtualNetworks/subnets",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_subnet"),
        abbreviation: "snet",
    },
    KindInfo {
        kind: ApiKind::NetworkSecurityGroup,
        arm_type: "Microsoft.Network/networkSecurityGroups",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_network_security_group"),
        abbreviation: "nsg",
    },
    KindInfo {
        kind: ApiKind::RouteTable,
        arm_type: "Microsoft.Network/routeTables",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_route_table"),
        abbreviation: "rt",
    },
    KindInfo {
        kind: ApiKind::StorageAccount,
        arm_type: "Microsoft.Storage/storageAccounts",
        api_version: "2026-04-01",
        tf_type: Some("azurerm_storage_account"),
        abbreviation: "st",
    },
    KindInfo {
        kind: ApiKind::KeyVault,
        arm_type: "Microsoft.KeyVault/vaults",
        api_version: "2026-02-01",
        tf_type: Some("azurerm_key_vault"),
        abbreviation: "kv",
    },
    KindInfo {
        kind: ApiKind::LogAnalytics,
        arm_type: "Microsoft.OperationalInsights/workspaces",
        api_version: "2026-03-01",
        tf_type: Some("azurerm_log_analytics_workspace"),
        abbreviation: "log",
    },
    KindInfo {
        kind: ApiKind::ApplicationInsights,
        arm_type: "Microsoft.Insights/components",
        api_version: "2020-02-02",
        tf_type: Some("azurerm_application_insights"),
        abbreviation: "appi",
    },
    KindInfo {
        kind: ApiKind::ContainerRegistry,
        arm_type: "Microsoft.ContainerRegistry/registries",
        api_version: "2025-11-01",
        tf_type: Some("azurerm_container_registry"),
        abbreviation: "cr",
    },
    KindInfo {
        kind: ApiKind::Workspace,
        arm_type: "Microsoft.MachineLearningServices/workspaces",
        api_version: "2026-05-01",
        tf_type: Some("azurerm_machine_learning_workspace"),
        abbreviation: "mlw",
    },
    KindInfo {
        kind: ApiKind::Compute,
        arm_type: "Microsoft.MachineLearningServices/workspaces/computes",
        api_version: "2026-05-01",
        // Compute clusters use azurerm_machine_learning_compute_cluster; attached computes have no
        // azurerm resource and go through azapi (see `AZURERM_COMPUTE_CLUSTER`).
        tf_type: None,
        abbreviation: "",
    },
    KindInfo {
        kind: ApiKind::ManagedCluster,
        arm_type: "Microsoft.ContainerService/managedClusters",
        api_version: "2026-05-01",
        tf_type: Some("azurerm_kubernetes_cluster"),
        abbreviation: "aks",
    },
    KindInfo {
        kind: ApiKind::UserAssignedIdentity,
        arm_type: "Microsoft.ManagedIdentity/userAssignedIdentities",
        api_version: "2024-11-30",
        tf_type: Some("azurerm_user_assigned_identity"),
        abbreviation: "id",
    },
    KindInfo {
        kind: ApiKind::RoleAssignment,
        arm_type: "Microsoft.Authorization/roleAssignments",
        api_version: "2022-04-01",
        tf_type: Some("azurerm_role_assignment"),
        abbreviation: "",
    },
    KindInfo {
        kind: ApiKind::PrivateEndpoint,
        arm_type: "Microsoft.Network/privateEndpoints",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_private_endpoint"),
        abbreviation: "pep",
    },
    KindInfo {
        kind: ApiKind::PrivateDnsZoneGroup,
        arm_type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        api_version: "2025-09-01",
        // azurerm writes the zone group as the endpoint's `private_dns_zone_group` block.
        tf_type: None,
        abbreviation: "",
    },
    KindInfo {
        kind: ApiKind::PrivateDnsZone,
        arm_type: "Microsoft.Network/privateDnsZones",
        api_version: "2024-06-01",
        tf_type: Some("azurerm_private_dns_zone"),
        abbreviation: "",
    },
    KindInfo {
        kind: ApiKind::PrivateDnsZoneLink,
        arm_type: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
        api_version: "2024-06-01",
        tf_type: Some("azurerm_private_dns_zone_virtual_network_link"),
        abbreviation: "link",
    },
    // cf. Azure/bicep-types-az generated/network/microsoft.network/2025-09-01 (`Microsoft.Network/publicIPAddresses`,
    // `Microsoft.Network/natGateways`, as the validators' arm-types data holds them); azurerm v4.73.0
    // `azurerm_public_ip`, `azurerm_nat_gateway` (the validators' azurerm schema); CAF abbreviations `pip`
    // and `ng` — checked 2026-11-30.
    KindInfo {
        kind: ApiKind::PublicIpAddress,
        arm_type: "Microsoft.Network/publicIPAddresses",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_public_ip"),
        abbreviation: "pip",
    },
    KindInfo {
        kind: ApiKind::NatGateway,
        arm_type: "Microsoft.Network/natGateways",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_nat_gateway"),
        abbreviation: "ng",
    },
    // cf. the validators' arm-types data (bicep-types-az 2026-08-20: Microsoft.Network/networkInterfaces up
    // to 2025-09-01, Microsoft.Compute/virtualMachines up to 2026-04-01) and azurerm
    // website/docs/r/network_interface, linux_virtual_machine — last checked 2026-11-30.
    KindInfo {
        kind: ApiKind::NetworkInterface,
        arm_type: "Microsoft.Network/networkInterfaces",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_network_interface"),
        abbreviation: "nic",
    },
    KindInfo {
        kind: ApiKind::VirtualMachine,
        arm_type: "Microsoft.Compute/virtualMachines",
        api_version: "2026-04-01",
        tf_type: Some("azurerm_linux_virtual_machine"),
        abbreviation: "vm",
    },
    // cf. Azure/bicep-types-az generated/kubernetesconfiguration/microsoft.kubernetesconfiguration/2023-05-01
    // (the latest version holding `extensions`; an extension resource) — checked 2026-11-30. Terraform
    // writes it with `azapi_resource` (`parent_id` the cluster: "extension scope: `parent_id` should be
    // the ID of the resource you're adding the extension to", Azure/terraform-provider-azapi
    // docs/resources/resource.md, checked 2026-11-30) so that its protected settings go to the write-only
    // `sensitive_body`: azurerm's `configuration_protected_settings` is kept in the state.
    KindInfo {
        kind: ApiKind::ClusterExtension,
        arm_type: "Microsoft.KubernetesConfiguration/extensions",
        api_version: "2023-05-01",
        tf_type: None,
        // Named after the extension (one per cluster), not abbreviated.
        abbreviation: "",
    },
    // cf. Azure/bicep-types-az generated/monitor/microsoft.insights/2023-06-01-preview/types.md
    // (`Microsoft.Insights/privateLinkScopes` with `accessModeSettings`, and its child `scopedResources`
    // with `linkedResourceId`; no GA version holds these types: the validators' arm-types data lists
    // 2019-10-17-preview, 2021-07-01-preview and 2023-06-01-preview); hashicorp/terraform-provider-azurerm
    // website/docs/r/monitor_private_link_scope.html.markdown and monitor_private_link_scoped_service
    // (`scope_name`, `linked_resource_id`) — checked 2026-11-30.
    KindInfo {
        kind: ApiKind::MonitorPrivateLinkScope,
        arm_type: "Microsoft.Insights/privateLinkScopes",
        api_version: "2023-06-01-preview",
        tf_type: Some("azurerm_monitor_private_link_scope"),
        abbreviation: "ampls",
    },
    KindInfo {
        kind: ApiKind::MonitorScopedResource,
        arm_type: "Microsoft.Insights/privateLinkScopes/scopedResources",
        api_version: "2023-06-01-preview",
        tf_type: Some("azurerm_monitor_private_link_scoped_service"),
        // Named after the resource it puts in the scope.
        abbreviation: "",
    },
    // cf. the validators' arm-types data (Azure/bicep-types-az 2026-08-20, `microsoft.network/2025-09-01`:
    // `virtualNetworks/virtualNetworkPeerings`, `azureFirewalls`, `firewallPolicies`,
    // `firewallPolicies/ruleCollectionGroups`, `bastionHosts`, each at 2025-09-01, the virtual network's
    // version) and the validators' azurerm 4.73.0 type list; abbreviations from the Cloud Adoption Framework's
    // resource-abbreviations page (`peer`, `afw`, `afwp`, `bas`; `rcg` is amlnet's) — checked 2026-11-30.
    KindInfo {
        kind: ApiKind::VirtualNetworkPeering,
        arm_type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_virtual_network_peering"),
        abbreviation: "peer",
    },
    KindInfo {
        kind: ApiKind::AzureFirewall,
        arm_type: "Microsoft.Network/azureFirewalls",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_firewall"),
        abbreviation: "afw",
    },
    KindInfo {
        kind: ApiKind::FirewallPolicy,
        arm_type: "Microsoft.Network/firewallPolicies",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_firewall_policy"),
        abbreviation: "afwp",
    },
    KindInfo {
        kind: ApiKind::FirewallRuleCollectionGroup,
        arm_type: "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_firewall_policy_rule_collection_group"),
        abbreviation: "rcg",
    },
    KindInfo {
        kind: ApiKind::BastionHost,
        arm_type: "Microsoft.Network/bastionHosts",
        api_version: "2025-09-01",
        tf_type: Some("azurerm_bastion_host"),
        abbreviation: "bas",
    },
];

/// The ARM type of built-in role definitions (the first argument of `subscriptionResourceId` for a
/// role definition id).
// cf. learn.microsoft.com/azure/role-based-access-control/role-definitions — last checked 2026-11-27.
pub const ROLE_DEFINITION_TYPE: &str = "Microsoft.Authorization/roleDefinitions";

/// Nested deployments: how ARM and Bicep (a module) write resources into another resource group.
// cf. Azure/bicep-types-az generated/resources (Microsoft.Resources/deployments) — last checked 2026-11-27.
pub const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";
pub const DEPLOYMENT_API_VERSION: &str = "2025-04-01";

/// The `(namespace, type)` of the existing resources attached computes name in `resource_id`.
// cf. learn.microsoft.com/azure/machine-learning/how-to-attach-compute-targets (attach a VM or an
// HDInsight cluster by its ARM id) — last checked 2026-11-27.
pub const ATTACHED_VM_TYPE: (&str, &str) = ("Microsoft.Compute", "virtualMachines");
pub const ATTACHED_HDINSIGHT_TYPE: (&str, &str) = ("Microsoft.HDInsight", "clusters");
/// The `computeType` of an attached VM and of an attached HDInsight cluster.
// cf. Azure/bicep-types-az Microsoft.MachineLearningServices/workspaces/computes (the `Compute`
// discriminator: `VirtualMachine`, `HDInsight`) — last checked 2026-11-30.
pub const ATTACHED_VM_COMPUTE_TYPE: &str = "VirtualMachine";
pub const ATTACHED_HDINSIGHT_COMPUTE_TYPE: &str = "HDInsight";

/// Terraform types that are not the spelling of an [`ApiKind`]: the subnet associations (ARM and
/// Bicep set the NSG and route table inside the subnet), the data sources that read an existing
/// virtual network and its subnets, azapi's in-place update of a resource it does not manage, and the
/// data source of the caller's tenant.
// cf. hashicorp/terraform-provider-azurerm website/docs/r/subnet_network_security_group_association,
// subnet_route_table_association, d/virtual_network, d/subnet, d/client_config; Azure/terraform-provider-azapi
// docs/resources/update_resource — last checked 2026-11-27.
pub const TF_SUBNET_NSG_ASSOCIATION: &str = "azurerm_subnet_network_security_group_association";
pub const TF_SUBNET_ROUTE_TABLE_ASSOCIATION: &str = "azurerm_subnet_route_table_association";
pub const TF_DATA_VIRTUAL_NETWORK: &str = "azurerm_virtual_network";
pub const TF_DATA_SUBNET: &str = "azurerm_subnet";
pub const TF_DATA_CLIENT_CONFIG: &str = "azurerm_client_config";
pub const AZAPI_UPDATE_RESOURCE: &str = "azapi_update_resource";

/// The azurerm associations of a NAT gateway (ARM and Bicep write both inside the NAT gateway and the
/// subnet: `properties.publicIpAddresses`, `properties.natGateway`).
// cf. hashicorp/terraform-provider-azurerm v4.73.0 website/docs/r/nat_gateway_public_ip_association,
// subnet_nat_gateway_association (the validators' azurerm schema: `nat_gateway_id`, `public_ip_address_id`,
// `subnet_id`) — checked 2026-11-30.
pub const TF_NAT_GATEWAY_PUBLIC_IP_ASSOCIATION: &str = "azurerm_nat_gateway_public_ip_association";
pub const TF_SUBNET_NAT_GATEWAY_ASSOCIATION: &str = "azurerm_subnet_nat_gateway_association";

/// The azurerm resource for a compute cluster (the other computes have none).
pub const AZURERM_COMPUTE_CLUSTER: &str = "azurerm_machine_learning_compute_cluster";

/// The Terraform resource for what azurerm cannot express.
pub const AZAPI_RESOURCE: &str = "azapi_resource";

/// Terraform providers and the constraints amlnet pins.
// cf. registry.terraform.io/providers/hashicorp/azurerm (4.73 is the schema the validators check; the
// provider feature `storage { data_plane_available }` exists since 4.9.0: hashicorp/terraform-provider-azurerm
// CHANGELOG, 3.117.0: "New Provider Feature - storage `data_plane_available` feature flag (#27819)" ... "This
// functionality is back-ported from the `v4.9.0` release" — checked 2026-11-30) and registry.terraform.io/providers/Azure/azapi — last checked 2026-11-27;
// azapi `sensitive_body` since 2.4.0 (Azure/terraform-provider-azapi CHANGELOG.md, v2.4.0: "`azapi_resource`,
// `azapi_update_resource` resources: Support `sensitive_body` field, which is used to specify the write-only
// properties in the request body") — checked 2026-11-30.
pub const TF_PROVIDERS: &[(&str, &str, &str)] =
    &[("azurerm", "hashicorp/azurerm", "~> 4.73"), ("azapi", "Azure/azapi", "~> 2.4")];
/// Minimum Terraform version: azapi's `sensitive_body` is a write-only argument.
// cf. developer.hashicorp.com/terraform/language/manage-sensitive-data/write-only ("To use write-only
// arguments, you must use Terraform v.1.11 or later") — checked 2026-11-30.
pub const TF_REQUIRED_VERSION: &str = ">= 1.11.0";

/// ARM template schema and content version.
pub const ARM_SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
pub const ARM_PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/// Built-in role definitions amlnet assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    NetworkContributor,
    AcrPull,
    AcrPush,
    PrivateDnsZoneContributor,
}

// cf. learn.microsoft.com/azure/role-based-access-control/built-in-roles/networking ("Network
// Contributor 4d97b98b-1d4f-4787-a291-c67834d212e7") and .../built-in-roles/containers ("AcrPull
// 7f951dda-4ed3-4680-a7ca-43fe172d538d", "AcrPush 8311e382-0749-4cb8-b61a-304f252e45ec") — last checked
// 2026-11-27; .../built-in-roles/networking ("Private DNS Zone Contributor
// b12aa53e-6015-4669-85d0-8515ebb3ae7f") — checked 2026-11-30.
impl Role {
    /// The role's display name (azurerm `role_definition_name`).
    pub fn name(self) -> &'static str {
        match self {
            Role::NetworkContributor => "Network Contributor",
            Role::AcrPull => "AcrPull",
            Role::AcrPush => "AcrPush",
            Role::PrivateDnsZoneContributor => "Private DNS Zone Contributor",
        }
    }

    /// The role definition's GUID.
    pub fn guid(self) -> &'static str {
        match self {
            Role::NetworkContributor => "4d97b98b-1d4f-4787-a291-c67834d212e7",
            Role::AcrPull => "7f951dda-4ed3-4680-a7ca-43fe172d538d",
            Role::AcrPush => "8311e382-0749-4cb8-b61a-304f252e45ec",
            Role::PrivateDnsZoneContributor => "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
        }
    }
}

/// The row for a kind.
pub fn info(kind: ApiKind) -> &'static KindInfo {
    KINDS.iter().find(|k| k.kind == kind).expect("every ApiKind has a row in KINDS")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_kind() {
        for (i, a) in KINDS.iter().enumerate() {
            assert!(KINDS[i + 1..].iter().all(|b| b.kind != a.kind), "{:?} twice", a.kind);
            // Azure Monitor private link scopes have no GA API version; diagnostic settings take category
            // groups only in a preview version, and have no later one.
            let version = match a.kind {
                ApiKind::MonitorPrivateLinkScope | ApiKind::MonitorScopedResource | ApiKind::DiagnosticSetting => {
                    a.api_version.strip_suffix("-preview").unwrap_or("")
                }
                _ => a.api_version,
            };
            assert!(version.len() == 10 && version.as_bytes()[4] == b'-', "{:?}", a.kind);
        }
        // Exhaustive: adding an ApiKind without a row fails to compile here.
        for kind in [
            ApiKind::VirtualNetwork,
            ApiKind::Subnet,
            ApiKind::NetworkSecurityGroup,
            ApiKind::RouteTable,
            ApiKind::StorageAccount,
            ApiKind::KeyVault,
            ApiKind::LogAnalytics,
            ApiKind::ApplicationInsights,
            ApiKind::ContainerRegistry,
            ApiKind::Workspace,
            ApiKind::Compute,
            ApiKind::ManagedCluster,
            ApiKind::UserAssignedIdentity,
            ApiKind::RoleAssignment,
            ApiKind::PrivateEndpoint,
            ApiKind::PrivateDnsZoneGroup,
            ApiKind::PrivateDnsZone,
            ApiKind::PrivateDnsZoneLink,
            ApiKind::PublicIpAddress,
            ApiKind::NatGateway,
            ApiKind::NetworkInterface,
            ApiKind::VirtualMachine,
            ApiKind::ClusterExtension,
            ApiKind::OutboundRule,
            ApiKind::ManagementLock,
            ApiKind::MonitorPrivateLinkScope,
            ApiKind::MonitorScopedResource,
            ApiKind::VirtualNetworkPeering,
            ApiKind::AzureFirewall,
            ApiKind::FirewallPolicy,
            ApiKind::FirewallRuleCollectionGroup,
            ApiKind::BastionHost,
            ApiKind::DiagnosticSetting,
        ] {
            match kind {
                ApiKind::VirtualNetwork
                | ApiKind::Subnet
                | ApiKind::NetworkSecurityGroup
                | ApiKind::RouteTable
                | ApiKind::StorageAccount
                | ApiKind::KeyVault
                | ApiKind::LogAnalytics
                | ApiKind::ApplicationInsights
                | ApiKind::ContainerRegistry
                | ApiKind::Workspace
                | ApiKind::Compute
                | ApiKind::ManagedCluster
                | ApiKind::UserAssignedIdentity
                | ApiKind::RoleAssignment
                | ApiKind::PrivateEndpoint
                | ApiKind::PrivateDnsZoneGroup
                | ApiKind::PrivateDnsZone
                | ApiKind::PrivateDnsZoneLink
                | ApiKind::PublicIpAddress
                | ApiKind::NatGateway
                | ApiKind::NetworkInterface
                | ApiKind::VirtualMachine
                | ApiKind::ClusterExtension
                | ApiKind::OutboundRule
                | ApiKind::ManagementLock
                | ApiKind::MonitorPrivateLinkScope
                | ApiKind::MonitorScopedResource => assert_eq!(info(kind).kind, kind),
                ApiKind::VirtualNetworkPeering
                | ApiKind::AzureFirewall
                | ApiKind::FirewallPolicy
                | ApiKind::FirewallRuleCollectionGroup
                | ApiKind::BastionHost
                | ApiKind::DiagnosticSetting => assert_eq!(info(kind).kind, kind),
            }
        }
    }

    #[test]
    fn same_network_version_everywhere() {
        // Private DNS is its own API family (Microsoft.Network/privateDnsZones has its own versions).
        let versions: Vec<_> = KINDS
            .iter()
            .filter(|k| k.arm_type.starts_with("Microsoft.Network/") && !k.arm_type.contains("privateDnsZones"))
            .map(|k| k.api_version)
            .collect();
        assert!(versions.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn role_definitions_live_in_the_role_assignments_namespace() {
        let (ns, _) = info(ApiKind::RoleAssignment).arm_type.split_once('/').unwrap();
        assert_eq!(ROLE_DEFINITION_TYPE.split_once('/').unwrap().0, ns);
    }
}
