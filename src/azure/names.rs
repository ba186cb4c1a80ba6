//! Azure's naming rules: what a name or a size Azure accepts looks like.

// cf. MicrosoftDocs/azure-docs articles/virtual-machines/vm-naming-conventions.md ("[Family] +
// [Sub-family*] + [# of vCPUs] + [Constrained vCPUs*] + [Additive Features] + [Accelerator Type*] +
// [Version]", examples `NC4as_T4_v3` and the constrained `M8-2ms_v2`; the 2020 revision of the page:
// "'Standard' is the default value assigned for all GA VM sizes") — last checked 2026-11-30.
/// The prefix of every generally available VM size (compared ignoring case, as Azure does).
pub const VM_SIZE_PREFIX: &str = "Standard_";
/// Longest VM size amlnet accepts: amlnet's own bound, well above the longest size Azure lists
/// (`Standard_ND96isr_H100_v5`, 24 characters).
pub const VM_SIZE_MAX: usize = 64;

// cf. MicrosoftDocs/azure-docs articles/azure-resource-manager/management/resource-name-rules.md
// (Microsoft.Network virtualNetworks 2-64 and virtualnetworks/subnets 1-80: "Alphanumerics, underscores,
// periods, and hyphens. Start with alphanumeric. End alphanumeric or underscore";
// Microsoft.MachineLearningServices workspaces 3-33; Microsoft.Resources resourcegroups 1-90:
// "Underscores, hyphens, periods, parentheses, and letters or digits as defined by the Char.IsLetterOrDigit
// function. Can't end with period"; Microsoft.Insights components 1-260: "Can't use %&\?/ or control
// characters", amlnet also refuses `<>` and stops at 255; Microsoft.Storage, KeyVault and
// ContainerRegistry as in `limits`) — last checked 2026-11-30.
/// Shortest and longest virtual network name.
pub const VNET_NAME: (usize, usize) = (2, 64);
/// Shortest and longest subnet name.
pub const SUBNET_NAME: (usize, usize) = (1, 80);
/// Shortest and longest Machine Learning workspace name.
pub const WORKSPACE_NAME: (usize, usize) = (3, 33);
/// Shortest and longest resource group name.
pub const RESOURCE_GROUP_NAME: (usize, usize) = (1, 90);
/// Shortest and longest Application Insights name amlnet accepts.
pub const INSIGHTS_NAME: (usize, usize) = (1, 255);
/// Characters an Application Insights name must not hold (besides control characters).
pub const INSIGHTS_FORBIDDEN: &[char] = &['%', '&', '\\', '?', '/', '<', '>'];
/// Shortest storage account, key vault and container registry names (longest: `limits::*_NAME_MAX`).
pub const STORAGE_NAME_MIN: usize = 3;
pub const KEY_VAULT_NAME_MIN: usize = 3;
pub const REGISTRY_NAME_MIN: usize = 5;

/// The naming rule of a name the spec sets.
#[derive(Clone, Copy, Debug)]
pub enum NameRule {
    Storage,
    KeyVault,
    Registry,
    /// Virtual networks: letters, digits, `_`, `.`, `-`; starting with a letter or digit, ending with a
    /// letter, digit or `_`.
    VirtualNetwork,
    /// Subnets: as virtual networks, 1 to 80 characters.
    Subnet,
    /// Machine Learning workspaces: letters, digits, `-`, `_`; starting with a letter or digit.
    Workspace,
    /// Resource groups: letters, digits, `-`, `_`, `.`, `(`, `)`, not ending with `.`.
    ResourceGroup,
    Insights,
}

impl NameRule {
    /// `Err` with the rule in words.
    pub fn check(self, name: &str) -> Result<(), String> {
        use super::limits::{KEY_VAULT_NAME_MAX, REGISTRY_NAME_MAX, STORAGE_NAME_MAX};
        let len = name.chars().count();
        let network = |(min, max): (usize, usize)| {
            (min..=max).contains(&len)
                && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                && name.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                && name.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        };
        let network_words = |(min, max): (usize, usize)| {
            format!(
                "{min} to {max} letters, digits, `-`, `_` or `.`, starting with a letter or digit and ending with a \
                 letter, digit or `_`"
            )
        };
        let (ok, words) = match self {
            NameRule::Storage => (
                (STORAGE_NAME_MIN..=STORAGE_NAME_MAX).contains(&len)
                    && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                format!("{STORAGE_NAME_MIN} to {STORAGE_NAME_MAX} lowercase letters and digits"),
            ),
            NameRule::KeyVault => (
                (KEY_VAULT_NAME_MIN..=KEY_VAULT_NAME_MAX).contains(&len)
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                    && !name.contains("--"),
                format!(
                    "{KEY_VAULT_NAME_MIN} to {KEY_VAULT_NAME_MAX} letters, digits and single hyphens, starting with a \
                     letter and ending with a letter or digit"
                ),
            ),
            NameRule::Registry => (
                (REGISTRY_NAME_MIN..=REGISTRY_NAME_MAX).contains(&len)
                    && name.bytes().all(|c| c.is_ascii_alphanumeric()),
                format!("{REGISTRY_NAME_MIN} to {REGISTRY_NAME_MAX} letters and digits"),
            ),
            NameRule::VirtualNetwork => (network(VNET_NAME), network_words(VNET_NAME)),
            NameRule::Subnet => (network(SUBNET_NAME), network_words(SUBNET_NAME)),
            NameRule::Workspace => {
                let (min, max) = WORKSPACE_NAME;
                (
                    (min..=max).contains(&len)
                        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                        && name.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')),
                    format!("{min} to {max} letters, digits, `-` or `_`, starting with a letter or digit"),
                )
            }
            NameRule::ResourceGroup => {
                let (min, max) = RESOURCE_GROUP_NAME;
                (
                    (min..=max).contains(&len)
                        && !name.ends_with('.')
                        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')')),
                    format!("{min} to {max} letters, digits, `-`, `_`, `.`, `(` or `)`, not ending with `.`"),
                )
            }
            NameRule::Insights => {
                let (min, max) = INSIGHTS_NAME;
                (
                    (min..=max).contains(&len)
                        && !name.contains(INSIGHTS_FORBIDDEN)
                        && !name.chars().any(char::is_control),
                    format!(
                        "{min} to {max} characters without `{}` or control characters",
                        String::from_iter(INSIGHTS_FORBIDDEN)
                    ),
                )
            }
        };
        if ok { Ok(()) } else { Err(words) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_accept_and_refuse() {
        assert!(NameRule::VirtualNetwork.check("vnet-main_1").is_ok());
        assert!(NameRule::VirtualNetwork.check("vnet-.").is_err());
        assert!(NameRule::Subnet.check("a").is_ok());
        assert!(NameRule::Subnet.check(&"s".repeat(81)).is_err());
        assert!(NameRule::Workspace.check("a.b").is_err());
        assert!(NameRule::KeyVault.check("kv--x").is_err());
        assert!(NameRule::ResourceGroup.check("rg(1).x").is_ok());
        assert!(NameRule::ResourceGroup.check("rg.").is_err());
        assert!(NameRule::Insights.check("a\nb").is_err());
        assert!(NameRule::Storage.check("stabc123").is_ok());
        assert!(NameRule::Registry.check("acr1").is_err());
    }
}
