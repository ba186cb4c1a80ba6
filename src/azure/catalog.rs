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
pub const KINDS: &[KindInfo] = &[
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
];

/// The azurerm resource for a compute cluster (the other computes have none).
pub const AZURERM_COMPUTE_CLUSTER: &str = "azurerm_machine_learning_compute_cluster";

/// The Terraform resource for what azurerm cannot express.
pub const AZAPI_RESOURCE: &str = "azapi_resource";

/// Terraform providers and the constraints amlnet pins.
// cf. registry.terraform.io/providers/hashicorp/azurerm (4.73 is the schema the validators check) and
// registry.terraform.io/providers/Azure/azapi — last checked 2026-11-27.
pub const TF_PROVIDERS: &[(&str, &str, &str)] =
    &[("azurerm", "hashicorp/azurerm", "~> 4.73"), ("azapi", "Azure/azapi", "~> 2.0")];
/// Minimum Terraform version (provider-defined functions and `azapi` 2.x HCL bodies).
pub const TF_REQUIRED_VERSION: &str = ">= 1.8.0";

/// ARM template schema and content version.
pub const ARM_SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
pub const ARM_PARAMETERS_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/// Built-in role definitions amlnet assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    NetworkContributor,
}

// cf. learn.microsoft.com/azure/role-based-access-control/built-in-roles/networking ("Network
// Contributor 4d97b98b-1d4f-4787-a291-c67834d212e7") — last checked 2026-11-27.
impl Role {
    /// The role's display name (azurerm `role_definition_name`).
    pub fn name(self) -> &'static str {
        match self {
            Role::NetworkContributor => "Network Contributor",
        }
    }

    /// The role definition's GUID.
    pub fn guid(self) -> &'static str {
        match self {
            Role::NetworkContributor => "4d97b98b-1d4f-4787-a291-c67834d212e7",
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
            assert!(a.api_version.len() == 10 && a.api_version.as_bytes()[4] == b'-', "{:?}", a.kind);
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
                | ApiKind::RoleAssignment => assert_eq!(info(kind).kind, kind),
            }
        }
    }

    #[test]
    fn same_network_version_everywhere() {
        let versions: Vec<_> =
            KINDS.iter().filter(|k| k.arm_type.starts_with("Microsoft.Network/")).map(|k| k.api_version).collect();
        assert!(versions.windows(2).all(|w| w[0] == w[1]));
    }
}
