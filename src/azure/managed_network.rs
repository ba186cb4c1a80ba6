//! The workspace managed virtual network: its isolation modes, the firewall behind FQDN rules, the
//! outbound rule kinds and what each accepts, and a dated catalogue of the outbound rule groups the
//! documented scenarios need, so a spec can ask for "python packages" instead of typing FQDNs.
//!
//! Sources (all checked 2026-11-30):
//! - `MSDOCS-MVNET`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-managed-network.md`
//!   (ms.date 2024-08-29): the two outbound modes; "FQDN outbound rules ... only available with allow only
//!   approved mode" and "are implemented using Azure Firewall ... charges ... are added to your billing";
//!   "By default, a Standard version of AzureFirewall is created. Optionally, you can select ... Basic";
//!   "The firewall isn't created until you add an outbound FQDN rule"; "FQDN outbound rules only support
//!   ports 80 and 443"; "you can't use an FQDN rule to access Azure Storage Accounts"; "Kubernetes and
//!   attached VMs aren't supported"; "When using Managed virtual network, you can't deploy compute resources
//!   inside your custom virtual network"; the customer's virtual network holds the workspace's private
//!   endpoint for inbound access; `provision_network_now` provisions the network with the workspace;
//!   the required rules Azure adds itself and the scenario rules ("Access public machine learning
//!   packages", "Use Visual Studio Code", "Use batch endpoints", "Use HuggingFace models").
//! - `MSDOCS-RECOMMENDED`: MicrosoftDocs/azure-ai-docs
//!   `articles/machine-learning/includes/recommended-network-outbound.md` (ms.date 2023-06-12): the
//!   package hosts (`anaconda.com`, `*.anaconda.com`, `*.anaconda.org`, `pypi.org`, `*.pythonhosted.org`,
//!   `pytorch.org`, `*.pytorch.org`, `*.tensorflow.org`).
//! - `ARM-TYPES`: Azure/bicep-types-az `Microsoft.MachineLearningServices/workspaces` 2026-05-01
//!   (`properties.managedNetwork`: `isolationMode` `Disabled | AllowInternetOutbound |
//!   AllowOnlyApprovedOutbound`, `firewallSku` `Basic | Standard`, `outboundRules` a map of `OutboundRule`
//!   discriminated by `type` `FQDN | PrivateEndpoint | ServiceTag`; `properties.provisionNetworkNow`).
//! - `AZURERM`: hashicorp/terraform-provider-azurerm v4.73.0 `machine_learning_workspace_resource.go`
//!   (`managed_network { isolation_mode, provision_on_creation_enabled }`, no firewall SKU) and
//!   `machine_learning_workspace_network_outbound_rule_{fqdn,service_tag,private_endpoint}_resource.go`
//!   (`destination_fqdn`; `service_tag` from a fixed list, `protocol` `* | TCP | UDP | ICMP`,
//!   `port_ranges`; `service_resource_id`, `sub_resource_target`, `spark_enabled`).

use super::network::{HTTP_PORT, HTTPS_PORT, Source};

/// When Azure introduced the workspace managed network. cf. MSDOCS-MVNET ("Azure Machine Learning managed VNet
/// was introduced on May 23rd, 2023"), checked 2026-11-30.
pub const INTRODUCED: &str = "2023-05-23";

/// The managed virtual network documentation.
pub const MVNET_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-managed-network.md (2024-08-29)",
    checked: "2026-11-30",
};

/// The recommended package hosts.
pub const RECOMMENDED_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/includes/recommended-network-outbound.md (2023-06-12)",
    checked: "2026-11-30",
};

/// How the managed virtual network lets traffic out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Every outbound destination on the Internet.
    AllowInternetOutbound,
    /// Only the required rules and the rules the spec approves.
    AllowOnlyApprovedOutbound,
}

// cf. ARM-TYPES `isolationMode` (azurerm `isolation_mode` takes the same spelling), checked 2026-11-30.
impl Isolation {
    /// The spelling of `managedNetwork.isolationMode` and of azurerm's `isolation_mode`.
    pub fn azure_name(self) -> &'static str {
        match self {
            Isolation::AllowInternetOutbound => "AllowInternetOutbound",
            Isolation::AllowOnlyApprovedOutbound => "AllowOnlyApprovedOutbound",
        }
    }
}

/// The Azure Firewall SKU a managed network creates for FQDN rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirewallSku {
    Basic,
    Standard,
}

// cf. ARM-TYPES `firewallSku`, MSDOCS-MVNET ("By default, a Standard version"), checked 2026-11-30.
impl FirewallSku {
    /// Azure's default when `firewallSku` is absent. azurerm's `managed_network` block has no firewall
    /// SKU, so Terraform states it through an `azapi_update_resource` of the workspace.
    pub const DEFAULT: FirewallSku = FirewallSku::Standard;

    /// The spelling of `managedNetwork.firewallSku`.
    pub fn azure_name(self) -> &'static str {
        match self {
            FirewallSku::Basic => "Basic",
            FirewallSku::Standard => "Standard",
        }
    }
}

/// The ports an FQDN rule may use: FQDN rules go through the managed Azure Firewall, which admits only
/// HTTP and HTTPS. cf. MSDOCS-MVNET ("FQDN outbound rules only support ports 80 and 443"), checked 2026-11-30.
pub const FQDN_PORTS: [u16; 2] = [HTTP_PORT, HTTPS_PORT];

/// The service tags an outbound service tag rule may name, as azurerm v4.73.0 accepts them.
/// cf. AZURERM `machine_learning_workspace_network_outbound_rule_service_tag_resource.go`, checked 2026-11-30.
pub const RULE_SERVICE_TAGS: &[&str] = &[
    "AppConfiguration",
    "AppService",
    "AppServiceManagement",
    "AutonomousDevelopmentPlatform",
    "AzureActiveDirectory",
    "AzureActiveDirectoryDomainServices",
    "AzureAdvancedThreatProtection",
    "AzureArcInfrastructure",
    "AzureAttestation",
    "AzureBackup",
    "AzureBotService",
    "AzureCloud",
    "AzureConnectors",
    "AzureContainerAppsService",
    "AzureContainerRegistry",
    "AzureCosmosDB",
    "AzureDataLake",
    "AzureDatabricks",
    "AzureDevSpaces",
    "AzureDeviceUpdate",
    "AzureEventGrid",
    "AzureFrontDoor.Backend",
    "AzureFrontDoor.FirstParty",
    "AzureFrontDoor.Frontend",
    "AzureHealthcareAPIs",
    "AzureInformationProtection",
    "AzureIoTHub",
    "AzureKeyVault",
    "AzureLoadBalancer",
    "AzureMachineLearning",
    "AzureManagedGrafana",
    "AzureMonitor",
    "AzureOpenDatasets",
    "AzurePlatformDNS",
    "AzurePlatformIMDS",
    "AzurePlatformLKM",
    "AzureResourceManager",
    "AzureSignalR",
    "AzureSiteRecovery",
    "AzureSphere",
    "AzureSpringCloud",
    "AzureStack",
    "AzureUpdateDelivery",
    "AzureWebPubSub",
    "BatchNodeManagement",
    "ChaosStudio",
    "CognitiveServicesFrontend",
    "CognitiveServicesManagement",
    "DataFactory",
    "DataFactoryManagement",
    "Dynamics365BusinessCentral",
    "Dynamics365ForMarketingEmail",
    "EOPExternalPublishedIPs",
    "EventHub",
    "GuestAndHybridManagement",
    "Internet",
    "LogicApps",
    "M365ManagementActivityApi",
    "Marketplace",
    "MicrosoftAzureFluidRelay",
    "MicrosoftCloudAppSecurity",
    "MicrosoftContainerRegistry",
    "MicrosoftDefenderForEndpoint",
    "PowerBI",
    "PowerPlatformInfra",
    "PowerQueryOnline",
    "ServiceBus",
    "ServiceFabric",
    "Sql",
    "SqlManagement",
    "Storage",
    "StorageSyncService",
    "VirtualNetwork",
    "WindowsAdminCenter",
    "WindowsVirtualDesktop",
];

/// The protocols a service tag rule may name. cf. AZURERM `protocol`, checked 2026-11-30.
pub const RULE_PROTOCOLS: &[&str] = &["*", "TCP", "UDP", "ICMP"];

/// The sub-resources a private endpoint rule may target, by the target's resource provider.
/// cf. AZURERM `machine_learning_workspace_network_outbound_rule_private_endpoint_resource.go`
/// (`resourceTypeSupportSubResType`), checked 2026-11-30.
pub const PRIVATE_ENDPOINT_TARGETS: &[(&str, &[&str])] = &[
    ("Microsoft.KeyVault", &["vault"]),
    ("Microsoft.Cache", &["redisCache"]),
    ("Microsoft.CognitiveServices", &["account"]),
    ("Microsoft.MachineLearningServices", &["amlworkspace"]),
    ("Microsoft.Storage", &["blob", "table", "queue", "file", "web", "dfs"]),
];

/// The sub-resources a private endpoint rule to a resource of the deployment may target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeploymentTarget {
    /// The workspace's storage account (`blob`, `file`, `queue`, `table`, `dfs`, `web`).
    Storage,
    /// The workspace's key vault (`vault`).
    KeyVault,
}

impl DeploymentTarget {
    /// The resource provider whose row of [`PRIVATE_ENDPOINT_TARGETS`] applies.
    pub fn provider(self) -> &'static str {
        match self {
            DeploymentTarget::Storage => PRIVATE_ENDPOINT_TARGETS[4].0,
            DeploymentTarget::KeyVault => PRIVATE_ENDPOINT_TARGETS[0].0,
        }
    }
}

/// The sub-resources the resource provider of `provider` admits, if the provider admits any.
pub fn sub_resources(provider: &str) -> Option<&'static [&'static str]> {
    PRIVATE_ENDPOINT_TARGETS.iter().find(|(p, _)| p.eq_ignore_ascii_case(provider)).map(|(_, s)| *s)
}

/// The kinds of outbound rule, each an ARM `type` and an azurerm resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Fqdn,
    ServiceTag,
    PrivateEndpoint,
}

// cf. ARM-TYPES (`OutboundRule` discriminator `type`) and AZURERM (the three resource types, each in the
// validators' azurerm 4.73.0 type list), checked 2026-11-30.
impl RuleKind {
    /// `properties.type` of the rule.
    pub fn azure_name(self) -> &'static str {
        match self {
            RuleKind::Fqdn => "FQDN",
            RuleKind::ServiceTag => "ServiceTag",
            RuleKind::PrivateEndpoint => "PrivateEndpoint",
        }
    }

    /// The azurerm resource type of a rule of this kind.
    pub fn tf_type(self) -> &'static str {
        match self {
            RuleKind::Fqdn => "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
            RuleKind::ServiceTag => "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
            RuleKind::PrivateEndpoint => "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        }
    }
}

/// `properties.category` of a rule the deployment defines; azurerm sends it by itself
/// (`Category: pointer.To(managednetwork.RuleCategoryUserDefined)`). cf. AZURERM, ARM-TYPES, checked 2026-11-30.
pub const RULE_CATEGORY: &str = "UserDefined";

/// The longest outbound rule name amlnet writes. Azure documents no pattern for outbound rule names
/// (azurerm only requires a non-empty one); the name is a key of `outboundRules` and the last segment
/// of the rule's resource id, so amlnet keeps to letters, digits, hyphens and underscores, starting
/// with a letter, at most this long (the common ARM child-name bound). A project choice, not an Azure fact.
pub const RULE_NAME_MAX: usize = 80;

/// One outbound rule of a catalogue group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRule {
    /// An FQDN rule (a managed Azure Firewall application rule).
    Fqdn(&'static str),
    /// A private endpoint rule to the workspace's own storage account, for this sub-resource.
    StoragePrivateEndpoint(&'static str),
}

/// A named group of outbound rules a documented scenario needs.
#[derive(Debug, Clone, Copy)]
pub struct RuleGroup {
    /// How the spec names it (`outbound_rule_groups: [python_packages]`).
    pub name: &'static str,
    /// The prefix of the rule names it generates (`<prefix>-<n>`).
    pub rule_prefix: &'static str,
    pub why: &'static str,
    pub rules: &'static [GroupRule],
    pub source: Source,
}

/// The dated catalogue of scenario rule groups. cf. MSDOCS-MVNET ("List of scenario specific outbound
/// rules") and MSDOCS-RECOMMENDED, checked 2026-11-30.
pub const RULE_GROUPS: &[RuleGroup] = &[
    RuleGroup {
        name: "python_packages",
        rule_prefix: "python-packages",
        why: "install Python packages with pip and conda for training and deployment",
        rules: &[
            GroupRule::Fqdn("anaconda.com"),
            GroupRule::Fqdn("*.anaconda.com"),
            GroupRule::Fqdn("*.anaconda.org"),
            GroupRule::Fqdn("pypi.org"),
            GroupRule::Fqdn("*.pythonhosted.org"),
        ],
        source: RECOMMENDED_DOC,
    },
    RuleGroup {
        name: "pytorch",
        rule_prefix: "pytorch",
        why: "examples and packages based on PyTorch",
        rules: &[GroupRule::Fqdn("pytorch.org"), GroupRule::Fqdn("*.pytorch.org")],
        source: RECOMMENDED_DOC,
    },
    RuleGroup {
        name: "tensorflow",
        rule_prefix: "tensorflow",
        why: "examples and packages based on TensorFlow",
        rules: &[GroupRule::Fqdn("*.tensorflow.org")],
        source: RECOMMENDED_DOC,
    },
    RuleGroup {
        name: "hugging_face",
        rule_prefix: "hugging-face",
        why: "use Hugging Face models",
        rules: &[
            GroupRule::Fqdn("docker.io"),
            GroupRule::Fqdn("*.docker.io"),
            GroupRule::Fqdn("*.docker.com"),
            GroupRule::Fqdn("production.cloudflare.docker.com"),
            GroupRule::Fqdn("cdn.auth0.com"),
            GroupRule::Fqdn("cdn-lfs.huggingface.co"),
        ],
        source: MVNET_DOC,
    },
    RuleGroup {
        name: "vscode",
        rule_prefix: "vscode",
        why: "use Visual Studio Code desktop or web with a compute instance",
        rules: &[
            GroupRule::Fqdn("*.vscode.dev"),
            GroupRule::Fqdn("vscode.blob.core.windows.net"),
            GroupRule::Fqdn("*.gallerycdn.vsassets.io"),
            GroupRule::Fqdn("raw.githubusercontent.com"),
            GroupRule::Fqdn("*.vscode-unpkg.net"),
            GroupRule::Fqdn("*.vscode-cdn.net"),
            GroupRule::Fqdn("*.vscodeexperiments.azureedge.net"),
            GroupRule::Fqdn("default.exp-tas.com"),
            GroupRule::Fqdn("code.visualstudio.com"),
            GroupRule::Fqdn("update.code.visualstudio.com"),
            GroupRule::Fqdn("*.vo.msecnd.net"),
            GroupRule::Fqdn("marketplace.visualstudio.com"),
            GroupRule::Fqdn("vscode.download.prss.microsoft.com"),
        ],
        source: MVNET_DOC,
    },
    RuleGroup {
        name: "batch_endpoints",
        rule_prefix: "batch-endpoints",
        why: "batch endpoints and ParallelRunStep reach the default storage's queue and table services",
        rules: &[GroupRule::StoragePrivateEndpoint("queue"), GroupRule::StoragePrivateEndpoint("table")],
        source: MVNET_DOC,
    },
];

/// The rules Azure adds to every managed network itself: amlnet writes none of them, `explain`
/// lists them. cf. MSDOCS-MVNET ("List of required rules"), checked 2026-11-30.
pub const REQUIRED_BY_AZURE: &[(&str, &str)] = &[
    ("private endpoints", "to the workspace, its storage, key vault and registry (in approved-outbound mode always)"),
    ("AzureMachineLearning", "Azure Machine Learning services; compute instance management (port 5831)"),
    ("AzureActiveDirectory", "authentication with Microsoft Entra ID"),
    ("BatchNodeManagement.<region>", "the Azure Batch back end of compute instances and clusters"),
    ("AzureResourceManager", "creating Azure resources from jobs, the CLI and the SDK"),
    ("AzureFrontDoor.FirstParty", "docker images Microsoft provides"),
    ("MicrosoftContainerRegistry", "docker images Microsoft provides"),
    ("AzureMonitor", "monitoring, metrics and support logs"),
    ("VirtualNetwork", "private endpoints in the network"),
];

/// The group a spec names, if the catalogue has it.
pub fn group(name: &str) -> Option<&'static RuleGroup> {
    RULE_GROUPS.iter().find(|g| g.name == name)
}

/// Whether an FQDN names an Azure Storage endpoint, which an FQDN rule may not reach in approved-outbound
/// mode (a private endpoint rule must). cf. MSDOCS-MVNET (limitations), checked 2026-11-30.
pub fn is_storage_fqdn(fqdn: &str) -> bool {
    const STORAGE_SUFFIXES: [&str; 6] = [
        ".blob.core.windows.net",
        ".file.core.windows.net",
        ".queue.core.windows.net",
        ".table.core.windows.net",
        ".dfs.core.windows.net",
        ".web.core.windows.net",
    ];
    let lower = fqdn.to_ascii_lowercase();
    // `vscode.blob.core.windows.net` is a documented FQDN rule (the VS Code scenario), so only wildcards
    // over storage, which would reach every account, are refused.
    lower.starts_with("*.") && STORAGE_SUFFIXES.iter().any(|s| lower.ends_with(s))
        || STORAGE_SUFFIXES.iter().any(|s| lower == s[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_and_prefixes_are_unique_and_valid() {
        let mut names: Vec<&str> = RULE_GROUPS.iter().map(|g| g.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULE_GROUPS.len());
        for g in RULE_GROUPS {
            assert!(!g.rules.is_empty(), "{}", g.name);
            let longest = format!("{}-{}", g.rule_prefix, g.rules.len());
            assert!(longest.len() <= RULE_NAME_MAX);
            assert!(g.rule_prefix.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }

    #[test]
    fn group_rules_are_fqdns_or_storage_sub_resources() {
        let storage = sub_resources(DeploymentTarget::Storage.provider()).unwrap();
        for g in RULE_GROUPS {
            for rule in g.rules {
                match rule {
                    GroupRule::Fqdn(f) => assert!(!is_storage_fqdn(f) && !f.contains(' ') && f.contains('.'), "{f}"),
                    GroupRule::StoragePrivateEndpoint(s) => assert!(storage.contains(s), "{s}"),
                }
            }
        }
    }

    #[test]
    fn tables_hold_what_the_sources_say() {
        assert_eq!(FirewallSku::DEFAULT.azure_name(), "Standard");
        assert_eq!(FQDN_PORTS, [80, 443]);
        assert_eq!(sub_resources("microsoft.keyvault"), Some(&["vault"][..]));
        assert_eq!(DeploymentTarget::KeyVault.provider(), "Microsoft.KeyVault");
        assert!(RULE_SERVICE_TAGS.contains(&"DataFactory"));
        assert!(is_storage_fqdn("*.blob.core.windows.net"));
        assert!(!is_storage_fqdn("vscode.blob.core.windows.net"));
    }
}
