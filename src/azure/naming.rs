//! The Cloud Adoption Framework naming convention (`naming.convention: caf`): which components a
//! derived name holds, in which order, and how long each resource kind's name may be.
//!
//! The abbreviations themselves are the catalogue's (`catalog::KindInfo::abbreviation`, from the CAF's
//! resource-abbreviations page); globally unique names (storage, key vault, registry) keep their own
//! scheme (`crate::names::global_name`, with `name_suffix`).

use super::catalog::ApiKind;
use super::limits::NETWORK_NAME_MAX;

// cf. MicrosoftDocs/cloud-adoption-framework: docs/ready/azure-best-practices/resource-naming.md (ms.date
// 2025-01-14), "Recommended naming components" (resource type, workload, environment such as `prod` or
// `dev`, region such as `westus` or `eastus2`, instance such as `01` or `001`) and "Example names"
// (`vnet-prod-westus-001`, `pip-hadoop-prod-westus-001`, `id-appcn-keda-prod-eastus2-001`; a hyphen as
// the delimiter) — last checked 2026-11-30.
/// The instance component when the spec gives none.
pub const CAF_DEFAULT_INSTANCE: &str = "001";
/// The longest `naming.environment` and `naming.instance` amlnet accepts (lowercase letters and digits;
/// digits for the instance), so that a derived name keeps its workload.
pub const CAF_ENVIRONMENT_MAX: usize = 8;
pub const CAF_INSTANCE_MAX: usize = 4;

// cf. MicrosoftDocs/azure-docs: articles/azure-resource-manager/management/resource-name-rules.md
// (Microsoft.MachineLearningServices workspaces 3-33, Microsoft.ManagedIdentity userAssignedIdentities
// 3-128, Microsoft.OperationalInsights workspaces 4-63, Microsoft.Network virtualNetworks 2-64 and the
// other network resources 1-80, Microsoft.ContainerService managedClusters 1-63, Microsoft.Compute
// virtualMachines 1-64 (Linux), Microsoft.Insights components 1-260, Microsoft.Network privateEndpoints
// 2-64) — last checked 2026-11-30.
/// The longest name of a resource kind whose name amlnet derives; a longer derived name keeps its head
/// and a stable hash (`crate::names::fit`).
pub fn name_max(kind: ApiKind) -> usize {
    match kind {
        ApiKind::Workspace => 33,
        ApiKind::UserAssignedIdentity => 128,
        ApiKind::LogAnalytics | ApiKind::ManagedCluster => 63,
        ApiKind::VirtualNetwork | ApiKind::VirtualMachine | ApiKind::PrivateEndpoint => 64,
        ApiKind::ApplicationInsights => 260,
        _ => NETWORK_NAME_MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_leave_room_for_the_components() {
        // The shortest limit still holds an abbreviation, a 16-character spec name and the components.
        assert!(name_max(ApiKind::Workspace) >= 3 + 1 + 16 + 1 + CAF_INSTANCE_MAX);
        assert_eq!(CAF_DEFAULT_INSTANCE.len(), 3);
    }
}
