//! Azure Firewall in a hub network: its SKU, its reserved subnets' minimum size, the firewall policy's
//! settings, and the dated catalogue of the outbound rules Azure Machine Learning documents for compute
//! behind a firewall (network rules by service tag, application rules by FQDN), with the opt-in groups.
//!
//! Sources (all checked 2026-11-30):
//! - `MSDOCS-FW`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-access-azureml-behind-firewall.md`
//!   (ms.date 2026-03-19): "Basic configuration", outbound traffic by service tag (`AzureActiveDirectory` 80,
//!   443; `AzureMachineLearning` 443, 8787, 18881 and UDP 5831; `BatchNodeManagement.<region>` 443;
//!   `AzureResourceManager` 443; `Storage.<region>` 443; `AzureFrontDoor.FrontEnd` 443;
//!   `MicrosoftContainerRegistry` 443; `Frontdoor.FirstParty` 443 (spelled `AzureFrontDoor.FirstParty` in
//!   its "Recommended configuration"); `AzureMonitor` 443; "All network traffic ... uses TCP" unless
//!   noted); "Azure Machine Learning compute instance and compute cluster hosts" (`graph.windows.net`,
//!   `*.instances.azureml.net`, `*.instances.azureml.ms`); "Docker images maintained by Azure Machine
//!   Learning" (`mcr.microsoft.com`, `*.data.mcr.microsoft.com`); "Monitoring, metrics, and diagnostics"
//!   (`dc.applicationinsights.azure.com`, `dc.applicationinsights.microsoft.com`,
//!   `dc.services.visualstudio.com`, `*.in.applicationinsights.azure.com`); "Scenario: Install RStudio on
//!   compute instance" (`ghcr.io`, `pkg-containers.githubusercontent.com` on HTTPS 443,
//!   `cloud.r-project.org`); the tip that FQDNs on HTTP/S ports are Azure Firewall application rules; the
//!   compute-with-public-IP scenario's user-defined route of `AzureMachineLearning` to the Internet.
//! - `MSDOCS-FW-SUBNET`: MicrosoftDocs/azure-docs `articles/firewall/firewall-faq.md` ("Why does Azure Firewall
//!   need a /26 subnet size?") and `articles/firewall/management-nic.md` (the management subnet, also /26).
//! - `ARM-TYPES`: Azure/bicep-types-az `microsoft.network/2025-09-01/types.md`: `AzureFirewallSku`
//!   (`name` `AZFW_Hub | AZFW_VNet`, `tier` `Basic | Premium | Standard`), `FirewallPolicySku.tier`,
//!   `threatIntelMode` `Alert | Deny | Off`, `DnsSettings.enableProxy`, `FirewallPolicyFilterRuleCollection`
//!   (`action.type` `Allow | Deny`, `ruleCollectionType`), `ApplicationRule`/`NetworkRule` (`ruleType`,
//!   `ipProtocols` `Any | ICMP | TCP | UDP`, `protocolType` `Http | Https`), rule collection group and
//!   collection priorities 100 to 65000.
//! - `AZURERM`: the validators' azurerm 4.73.0 schema: `azurerm_firewall` (`sku_name`, `sku_tier`,
//!   `firewall_policy_id`, `ip_configuration`, `management_ip_configuration`), `azurerm_firewall_policy`
//!   (`sku`, `threat_intelligence_mode`, `dns { proxy_enabled }`),
//!   `azurerm_firewall_policy_rule_collection_group` (`network_rule_collection`, `application_rule_collection`,
//!   each `rule` with `protocols`, `source_addresses`, `destination_addresses`, `destination_ports`,
//!   `destination_fqdns`).

use super::managed_network::{self, GroupRule};
use super::network::{HTTPS_PORT, Source};

/// The firewall documentation for Azure Machine Learning.
pub const FIREWALL_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-access-azureml-behind-firewall.md (2026-03-19)",
    checked: "2026-11-30",
};

/// The firewall subnet's size.
pub const FIREWALL_SUBNET_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-docs: articles/firewall/firewall-faq.md (\"Why does Azure Firewall need a /26 subnet size?\"), \
          articles/firewall/management-nic.md",
    checked: "2026-11-30",
};

/// The longest prefix `AzureFirewallSubnet` and `AzureFirewallManagementSubnet` may have.
/// cf. MSDOCS-FW-SUBNET, checked 2026-11-30.
pub const FIREWALL_SUBNET_MAX_PREFIX: u8 = 26;

/// The subnet names Azure Firewall requires. cf. ARM-TYPES `AzureFirewallIPConfigurationPropertiesFormat.subnet`
/// ("must be named 'AzureFirewallSubnet' or 'AzureFirewallManagementSubnet'"), checked 2026-11-30.
pub const FIREWALL_SUBNET: &str = "AzureFirewallSubnet";
pub const FIREWALL_MANAGEMENT_SUBNET: &str = "AzureFirewallManagementSubnet";

/// The firewall's SKU name for a firewall in a virtual network. cf. ARM-TYPES `AzureFirewallSku.name`, AZURERM
/// `sku_name`, checked 2026-11-30.
pub const SKU_NAME_VNET: &str = "AZFW_VNet";

/// Where a firewall's private address is read: the ARM path below `reference(...)` (or a Bicep symbol's
/// `properties`), and azurerm's attribute of its first `ip_configuration` block. cf. ARM-TYPES
/// `AzureFirewallIPConfigurationPropertiesFormat.privateIPAddress` ("The Firewall Internal Load Balancer IP to
/// be used as the next hop in User Defined Routes"), AZURERM `ip_configuration.private_ip_address`
/// (computed), checked 2026-11-30.
pub const PRIVATE_IP_ARM: &str = "ipConfigurations[0].properties.privateIPAddress";
pub const PRIVATE_IP_TF: &str = "private_ip_address";

/// The Bastion SKU amlnet creates: Standard, which the quickstart uses and which admits native-client
/// and IP-based connections later without a redeploy. cf. ARM-TYPES `bastionHosts` `Sku.name`
/// (`Basic | Developer | Premium | Standard`), AZURERM `azurerm_bastion_host.sku`, checked 2026-11-30.
pub const BASTION_SKU: &str = "Standard";

/// The subnet Azure Bastion requires, and the longest prefix it may have. cf. MicrosoftDocs/azure-docs
/// `articles/bastion/configuration-settings.md` ("AzureBastionSubnet ... /26 or larger"), checked 2026-11-30.
pub const BASTION_SUBNET: &str = "AzureBastionSubnet";
pub const BASTION_SUBNET_MAX_PREFIX: u8 = 26;

/// The Bastion NSG documentation.
pub const BASTION_NSG_DOC: Source =
    Source { doc: "MicrosoftDocs/azure-docs: articles/bastion/bastion-nsg.md (2023-06-23)", checked: "2026-11-30" };

/// One rule of the NSG on `AzureBastionSubnet`: (name, direction, protocol, source, destination, ports, why).
pub type BastionRule = (
    &'static str,
    super::network::Direction,
    super::network::Protocol,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

/// The rules an NSG on `AzureBastionSubnet` must hold, or its creation fails and Bastion stops receiving
/// updates. cf. BASTION_NSG_DOC ("you **must** create all of the following ingress and egress traffic
/// rules": inbound 443 from the Internet, 443 from `GatewayManager`, 443 from `AzureLoadBalancer`, 8080 and
/// 5701 within `VirtualNetwork`; outbound 22 and 3389 to `VirtualNetwork`, 443 to `AzureCloud`, 8080 and
/// 5701 within `VirtualNetwork`, 80 to the Internet for session and certificate validation), checked 2026-11-30.
pub const BASTION_RULES: &[BastionRule] = {
    use super::network::Direction::{Inbound, Outbound};
    use super::network::Protocol::{Any, Tcp};
    &[
        ("allow-https-inbound", Inbound, Tcp, "Internet", "*", &["443"], "users reach Bastion over HTTPS"),
        ("allow-gateway-manager", Inbound, Tcp, "GatewayManager", "*", &["443"], "the Bastion control plane"),
        ("allow-load-balancer", Inbound, Tcp, "AzureLoadBalancer", "*", &["443"], "health probes"),
        (
            "allow-bastion-host-inbound",
            Inbound,
            Any,
            "VirtualNetwork",
            "VirtualNetwork",
            &["8080", "5701"],
            "data plane between Bastion's components",
        ),
        (
            "allow-ssh-rdp-outbound",
            Outbound,
            Tcp,
            "*",
            "VirtualNetwork",
            &["22", "3389"],
            "Bastion reaches the target VMs",
        ),
        ("allow-azure-cloud", Outbound, Tcp, "*", "AzureCloud", &["443"], "diagnostics and metering logs"),
        (
            "allow-bastion-host-outbound",
            Outbound,
            Any,
            "VirtualNetwork",
            "VirtualNetwork",
            &["8080", "5701"],
            "data plane between Bastion's components",
        ),
        ("allow-session-info", Outbound, Any, "*", "Internet", &["80"], "session and certificate validation"),
    ]
};

/// The tier of a firewall and of its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirewallTier {
    Standard,
    Premium,
}

// cf. ARM-TYPES `AzureFirewallSku.tier`, `FirewallPolicySku.tier`; AZURERM `sku_tier`, `sku`, checked 2026-11-30.
impl FirewallTier {
    /// Every tier a spec may name, as it names them.
    pub const SPEC_NAMES: [(&'static str, FirewallTier); 2] =
        [("standard", FirewallTier::Standard), ("premium", FirewallTier::Premium)];

    /// The spelling of `sku.tier` (ARM) and `sku_tier`/`sku` (azurerm).
    pub fn azure_name(self) -> &'static str {
        match self {
            FirewallTier::Standard => "Standard",
            FirewallTier::Premium => "Premium",
        }
    }
}

/// The policy's threat intelligence mode, stated: alert on traffic to known malicious addresses, as Azure
/// does by default. cf. ARM-TYPES `threatIntelMode`, AZURERM `threat_intelligence_mode` (default `Alert`),
/// checked 2026-11-30.
pub const THREAT_INTEL_MODE: &str = "Alert";

/// The action of every rule collection amlnet writes. cf. ARM-TYPES `FirewallPolicyFilterRuleCollectionAction`.
pub const ACTION_ALLOW: &str = "Allow";
/// `ruleCollectionType` of a filter collection, and the `ruleType`s. cf. ARM-TYPES, checked 2026-11-30.
pub const FILTER_COLLECTION: &str = "FirewallPolicyFilterRuleCollection";
pub const NETWORK_RULE: &str = "NetworkRule";
pub const APPLICATION_RULE: &str = "ApplicationRule";

/// The priority of the one rule collection group, and of its first collection; later collections follow
/// in steps. cf. ARM-TYPES (100 to 65000), checked 2026-11-30.
pub const GROUP_PRIORITY: u32 = 100;
pub const COLLECTION_PRIORITY_START: u32 = 100;
pub const COLLECTION_PRIORITY_STEP: u32 = 10;

/// An IP protocol of a network rule. cf. ARM-TYPES `ipProtocols`, AZURERM `protocols`, checked 2026-11-30.
pub const TCP: &str = "TCP";
pub const UDP: &str = "UDP";

/// The application protocol of an FQDN rule. cf. ARM-TYPES `protocolType`, checked 2026-11-30.
pub const HTTPS: &str = "Https";

/// A network rule to a service tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkRuleRow {
    /// The catalogue entry `explain` cites.
    pub id: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// The service tag; `regional` appends the deployment's region (`Storage.westeurope`).
    pub tag: &'static str,
    pub regional: bool,
    pub protocol: &'static str,
    pub ports: &'static [&'static str],
    pub why: &'static str,
}

/// The network rules compute in the spoke needs through the firewall: the "Basic configuration" outbound
/// service tags. `VirtualNetwork` is left out: traffic inside the spoke and to a peered network follows
/// the more specific system routes, not the default route to the firewall. cf. MSDOCS-FW, checked 2026-11-30.
pub const NETWORK_RULES: &[NetworkRuleRow] = &[
    NetworkRuleRow {
        id: "firewall/entra-id",
        name: "entra-id",
        tag: "AzureActiveDirectory",
        regional: false,
        protocol: TCP,
        ports: &["80", "443"],
        why: "authentication with Microsoft Entra ID",
    },
    NetworkRuleRow {
        id: "firewall/aml",
        name: "aml",
        tag: "AzureMachineLearning",
        regional: false,
        protocol: TCP,
        ports: &["443", "8787", "18881"],
        why: "Azure Machine Learning services",
    },
    NetworkRuleRow {
        id: "firewall/aml-udp",
        name: "aml-udp",
        tag: "AzureMachineLearning",
        regional: false,
        protocol: UDP,
        ports: &["5831"],
        why: "Azure Machine Learning services (compute instance management over UDP)",
    },
    NetworkRuleRow {
        id: "firewall/batch",
        name: "batch",
        tag: "BatchNodeManagement",
        regional: true,
        protocol: TCP,
        ports: &["443"],
        why: "communication with Azure Batch, the back end of compute clusters and instances",
    },
    NetworkRuleRow {
        id: "firewall/arm",
        name: "arm",
        tag: "AzureResourceManager",
        regional: false,
        protocol: TCP,
        ports: &["443"],
        why: "creation of Azure resources with Azure Machine Learning",
    },
    NetworkRuleRow {
        id: "firewall/storage",
        name: "storage",
        tag: "Storage",
        regional: true,
        protocol: TCP,
        ports: &["443"],
        why: "data in Azure Storage for compute clusters and instances (also a way to exfiltrate data)",
    },
    NetworkRuleRow {
        id: "firewall/front-door",
        name: "front-door",
        tag: "AzureFrontDoor.Frontend",
        regional: false,
        protocol: TCP,
        ports: &["443"],
        why: "global entry point of the studio; images and environments for AutoML",
    },
    NetworkRuleRow {
        id: "firewall/mcr",
        name: "mcr",
        tag: "MicrosoftContainerRegistry",
        regional: false,
        protocol: TCP,
        ports: &["443"],
        why: "docker images Microsoft provides",
    },
    NetworkRuleRow {
        id: "firewall/front-door-first-party",
        name: "front-door-first-party",
        tag: "AzureFrontDoor.FirstParty",
        regional: false,
        protocol: TCP,
        ports: &["443"],
        why: "docker images Microsoft provides",
    },
    NetworkRuleRow {
        id: "firewall/monitor",
        name: "monitor",
        tag: "AzureMonitor",
        regional: false,
        protocol: TCP,
        ports: &["443"],
        why: "monitoring and metrics in Azure Monitor, and support logs",
    },
];

/// A group of application rules (FQDNs on HTTPS 443).
#[derive(Debug, Clone, Copy)]
pub struct FqdnGroup {
    /// The catalogue entry `explain` cites.
    pub id: &'static str,
    /// How the spec names an opt-in group (`rule_groups: [python_packages]`); the required groups' names
    /// name their collection.
    pub name: &'static str,
    pub why: &'static str,
    pub fqdns: &'static [&'static str],
    pub source: Source,
}

/// The application rules every firewall gets. cf. MSDOCS-FW, checked 2026-11-30.
pub const REQUIRED_FQDNS: &[FqdnGroup] = &[
    FqdnGroup {
        id: "firewall/aml-compute",
        name: "aml-compute",
        why: "compute clusters and instances reach Microsoft Graph and the compute instance service",
        fqdns: &["graph.windows.net", "*.instances.azureml.net", "*.instances.azureml.ms"],
        source: FIREWALL_DOC,
    },
    FqdnGroup {
        id: "firewall/aml-images",
        name: "aml-images",
        why: "docker images maintained by Azure Machine Learning",
        fqdns: &["mcr.microsoft.com", "*.data.mcr.microsoft.com"],
        source: FIREWALL_DOC,
    },
    FqdnGroup {
        id: "firewall/aml-monitoring",
        name: "aml-monitoring",
        why: "monitoring, metrics and diagnostics (also used by Microsoft Support)",
        fqdns: &[
            "dc.applicationinsights.azure.com",
            "dc.applicationinsights.microsoft.com",
            "dc.services.visualstudio.com",
            "*.in.applicationinsights.azure.com",
        ],
        source: FIREWALL_DOC,
    },
];

/// Opt-in groups of this module's own: the RStudio scenario. cf. MSDOCS-FW, checked 2026-11-30.
pub const OWN_GROUPS: &[FqdnGroup] = &[FqdnGroup {
    id: "firewall/rstudio",
    name: "rstudio",
    why: "install RStudio on a compute instance (its image on GitHub's registry) and CRAN packages",
    fqdns: &["ghcr.io", "pkg-containers.githubusercontent.com", "cloud.r-project.org"],
    source: FIREWALL_DOC,
}];

/// The HTTPS port of every application rule.
pub const APPLICATION_PORT: u16 = HTTPS_PORT;

/// An opt-in group a spec names, with its FQDNs: the managed network's scenario groups (one table of
/// those facts, `managed_network::RULE_GROUPS`, FQDN rules only), then this module's own.
pub fn opt_in(name: &str) -> Option<(&'static str, &'static str, Vec<&'static str>, Source)> {
    if let Some(group) = OWN_GROUPS.iter().find(|g| g.name == name) {
        return Some((group.name, group.why, group.fqdns.to_vec(), group.source));
    }
    let group = managed_network::group(name)?;
    let fqdns: Vec<&'static str> = group
        .rules
        .iter()
        .filter_map(|r| match r {
            GroupRule::Fqdn(f) => Some(*f),
            GroupRule::StoragePrivateEndpoint(_) => None,
        })
        .collect();
    (!fqdns.is_empty()).then_some((group.name, group.why, fqdns, group.source))
}

/// Every opt-in group name, for diagnostics and the schema.
pub fn opt_in_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> =
        managed_network::RULE_GROUPS.iter().map(|g| g.name).filter(|n| opt_in(n).is_some()).collect();
    names.extend(OWN_GROUPS.iter().map(|g| g.name));
    names
}

/// The firewall's availability zones.
pub const FIREWALL_ZONES_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-docs: articles/firewall/deploy-availability-zone-powershell.md (2025-12-05)",
    checked: "2026-11-30",
};

/// The zones a new firewall takes when the spec names none: every zone of a region that has them,
/// stated. A firewall without zones is zone-redundant by default in such a region, but the platform
/// does so behind ARM's back (its `zones` stay empty); stating the zones makes the deployed value the
/// written one, and "two or more Availability Zones" give the 99.99% SLA. In a region without zones,
/// none. cf. FIREWALL_ZONES_DOC ("Zone redundancy", "Understanding zone properties after migration",
/// "Service level agreements"), checked 2026-11-30.
pub fn default_zones(region: &super::regions::Region) -> Vec<&'static str> {
    if region.has_availability_zones() { super::regions::AVAILABILITY_ZONES.to_vec() } else { Vec::new() }
}

/// The zones of a firewall's public IP addresses: zone-redundant (every zone) when the firewall has
/// zones, since "a firewall can't be deployed in one zone while its public IP address is in another
/// zone" but may use a zone-redundant address whatever its zones; none for a firewall without zones.
/// cf. FIREWALL_ZONES_DOC ("Using Azure PowerShell"), checked 2026-11-30.
pub fn public_ip_zones(firewall_zones: &[&str]) -> &'static [&'static str] {
    if firewall_zones.is_empty() { &[] } else { &super::regions::AVAILABILITY_ZONES }
}

/// The firewall's logs.
pub const FIREWALL_LOGS_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-docs: articles/firewall/monitor-firewall.md (2024-08-08) \"Structured Azure Firewall logs\"; \
          MicrosoftDocs/azure-reference-other: azure-monitor-ref/supported-logs Microsoft.Network/azureFirewalls",
    checked: "2026-11-30",
};

/// The log categories a new firewall's diagnostic setting sends: every structured (resource-specific)
/// category, and not the three "Legacy Azure Diagnostics" ones (`AzureFirewallApplicationRule`,
/// `AzureFirewallNetworkRule`, `AzureFirewallDnsProxy`) that the category group `allLogs` would add,
/// which log the same traffic a second time into `AzureDiagnostics` and cost twice. The top flow, flow
/// trace and Policy Analytics categories log only once enabled on the firewall or its policy.
/// cf. FIREWALL_LOGS_DOC ("Resource specific mode": the list of resource-specific tables; the
/// supported-logs table's categories), checked 2026-11-30.
pub const FIREWALL_LOG_CATEGORIES: &[&str] = &[
    "AZFWNetworkRule",
    "AZFWApplicationRule",
    "AZFWNatRule",
    "AZFWThreatIntel",
    "AZFWIdpsSignature",
    "AZFWDnsQuery",
    "AZFWFqdnResolveFailure",
    "AZFWApplicationRuleAggregation",
    "AZFWNetworkRuleAggregation",
    "AZFWNatRuleAggregation",
    "AZFWFatFlow",
    "AZFWFlowTrace",
    // The DNS flow trace (table AZFWDnsFlowTrace), listed in the supported-logs table.
    "AZFWDnsAdditional",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_hold_what_the_sources_say() {
        assert_eq!(FIREWALL_SUBNET_MAX_PREFIX, 26);
        assert_eq!(NETWORK_RULES.iter().filter(|r| r.regional).count(), 2);
        assert!(NETWORK_RULES.iter().any(|r| r.tag == "AzureMachineLearning" && r.protocol == UDP));
        assert_eq!(
            opt_in_names(),
            ["python_packages", "pytorch", "tensorflow", "hugging_face", "vscode", "rstudio"],
            "batch_endpoints has no FQDN rule"
        );
        let mut names: Vec<&str> = NETWORK_RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NETWORK_RULES.len());
    }
}
