//! Azure Monitor Private Link Scope (AMPLS): the access modes amlnet states on the scope.

// cf. Azure/bicep-types-az generated/monitor/microsoft.insights/2023-06-01-preview/types.md
// (`AccessModeSettings`: `ingestionAccessMode` and `queryAccessMode`, `'Open' | 'PrivateOnly'`, both
// required; "If not specified default value is 'Open'"); hashicorp/terraform-provider-azurerm
// website/docs/r/monitor_private_link_scope.html.markdown (`ingestion_access_mode`, `query_access_mode`);
// Azure/azure-policy built-in-policies/policyDefinitions/Monitoring/
// AzureMonitorPrivateLinkScopes_AccessModeSettings_Audit.json ("Azure Monitor Private Link Scope should
// block access to non private link resources ... to prevent data exfiltration") — checked 2026-11-30.
/// How the networks connected to a scope reach Azure Monitor resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessMode {
    /// Resources in the scope through the private endpoint, and every other resource publicly.
    Open,
    /// Only the resources in the scope (no data leaves to other Azure Monitor resources).
    PrivateOnly,
}

impl AccessMode {
    pub fn azure_name(self) -> &'static str {
        match self {
            AccessMode::Open => "Open",
            AccessMode::PrivateOnly => "PrivateOnly",
        }
    }
}

/// The access modes of the scope amlnet creates: private only for ingestion and queries, what Azure
/// Policy's built-in audit asks for (same sources as [`AccessMode`]).
pub const INGESTION_ACCESS_MODE: AccessMode = AccessMode::PrivateOnly;
/// See [`INGESTION_ACCESS_MODE`].
pub const QUERY_ACCESS_MODE: AccessMode = AccessMode::PrivateOnly;

/// Location of a private link scope (a global resource; azurerm has no argument for it).
pub const SCOPE_LOCATION: &str = "global";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_admits_only_its_own_resources() {
        assert_eq!(INGESTION_ACCESS_MODE.azure_name(), "PrivateOnly");
        assert_eq!(QUERY_ACCESS_MODE.azure_name(), "PrivateOnly");
    }
}
