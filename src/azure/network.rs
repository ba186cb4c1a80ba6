//! Network requirements of Azure Machine Learning, as two dated catalogues of NSG rules and routes.
//!
//! A [`RuleTemplate`] says *what* a rule is (direction, protocol, ports, peers) and which spec
//! situation ([`Trigger`]) calls for it; `lower` decides which triggers a subnet has. The two
//! catalogues are kept side by side so that `seed-2019` keeps reproducing the January 2019 guidance
//! after Azure moved on, and `current` can follow today's documentation.

use super::regions::Region;

/// Which dated catalogue to apply (the spec's `network_rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Catalogue {
    Current,
    Seed2019,
}

/// A document a fact comes from, and when it was last checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Source {
    pub doc: &'static str,
    pub checked: &'static str,
}

/// The 2019 guidance (French translation in the project's reference material).
pub const SEED_2019_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-docs: articles/machine-learning/service/how-to-enable-virtual-network.md (ms.date 2019-01-08)",
    checked: "2026-11-27",
};
/// Today's compute NSG requirements.
pub const CURRENT_COMPUTE_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/includes/machine-learning-public-internet-access.md (2025-02-10), how-to-secure-training-vnet.md (2024-04-08)",
    checked: "2026-11-27",
};
/// Kubernetes compute behind a firewall: the outbound endpoints the Azure Machine Learning extension needs.
pub const CURRENT_K8S_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-access-azureml-behind-firewall.md, \
          \"Scenario: Use Kubernetes compute\" outbound table",
    checked: "2026-11-30",
};
/// Today's firewall and forced-tunneling guidance.
pub const CURRENT_FIREWALL_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-access-azureml-behind-firewall.md (2026-03-19)",
    checked: "2026-11-27",
};
/// Compute without public IPs.
pub const CURRENT_NO_PUBLIC_IP_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-secure-training-vnet.md (2024-04-08), \"Compute instance/cluster with no public IP\"",
    checked: "2026-11-27",
};
/// VM and HDInsight attach requirements, unchanged since 2019.
pub const CURRENT_ATTACH_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-secure-training-vnet.md, \"Virtual machine or HDInsight cluster\"",
    checked: "2026-11-27",
};
/// HDInsight's health and management traffic.
pub const CURRENT_HDINSIGHT_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-docs: articles/hdinsight/control-network-traffic.md (2024-06-15), hdinsight-management-ip-addresses.md, hdinsight-restrict-outbound-traffic.md",
    checked: "2026-11-30",
};
/// AKS inference in a virtual network.
pub const CURRENT_AKS_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/v1/how-to-secure-inferencing-vnet.md",
    checked: "2026-11-27",
};

/// The `AzureMachineLearning` outbound row, one row in both documents: TCP 443/8787/18881 and UDP 5831.
pub const CURRENT_AML_OUTBOUND_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-secure-training-vnet.md (2024-04-08), outbound table \
          \"`AzureMachineLearning` | TCP<br>UDP | 443/8787/18881<br>5831\"; how-to-access-azureml-behind-firewall.md \
          (2026-03-19), \"Basic configuration\" outbound table (8787: RStudio, 18881: language server)",
    checked: "2026-11-30",
};
/// The workspace's container registry on its public address (no private endpoint).
pub const CURRENT_REGISTRY_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/v1/how-to-secure-inferencing-vnet.md, \"Limit outbound \
          connectivity from the virtual network\" (a rule that allows the `AzureContainerRegistry.RegionName` service tag); \
          how-to-access-azureml-behind-firewall.md (2026-03-19): `<your ACR name>.azurecr.io` TCP 443",
    checked: "2026-11-30",
};
/// The workspace's key vault on its public address (no private endpoint). No outbound table has an
/// `AzureKeyVault` row for the workspace's own vault: the rule is inferred from the sources below.
pub const CURRENT_KEY_VAULT_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-secure-workspace-vnet.md, \"Secure Azure Key Vault\" \
          (the key vault admits the subnet of the experimentation compute through a service endpoint); \
          how-to-access-azureml-behind-firewall.md (2026-03-19): `Keyvault.<region>` outbound and `*.vault.azure.net` TCP \
          443 (both stated for `hbi_workspace` only); inferred. learn.microsoft.com/azure/virtual-network/service-tags-overview: \
          `AzureKeyVault` is regional and depends on `AzureActiveDirectory` (allowed by `current/aad-outbound`)",
    checked: "2026-11-30",
};
/// Azure Monitor, unless the workspace secures it with a private link scope (amlnet creates none).
pub const CURRENT_MONITOR_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-access-azureml-behind-firewall.md (2026-03-19), \
          \"Basic configuration\" outbound table: `AzureMonitor` 443, \"Only needed if you aren't using a secured Azure \
          Monitor\"",
    checked: "2026-11-30",
};

/// Service tags amlnet may write into NSG rules and routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceTag {
    AzureActiveDirectory,
    AzureCloud,
    AzureContainerRegistry,
    AzureFrontDoorFirstParty,
    AzureFrontDoorFrontEnd,
    AzureKeyVault,
    AzureLoadBalancer,
    AzureMachineLearning,
    AzureMonitor,
    AzureResourceManager,
    BatchNodeManagement,
    HdInsight,
    Internet,
    MicrosoftContainerRegistry,
    Storage,
    VirtualNetwork,
}

// cf. learn.microsoft.com/azure/virtual-network/service-tags-overview (table "Available service tags",
// column "Regional") — last checked 2026-11-27.
/// Every tag with its name and whether a regional form `Tag.Region` exists.
pub const SERVICE_TAGS: &[(ServiceTag, &str, bool)] = &[
    (ServiceTag::AzureActiveDirectory, "AzureActiveDirectory", false),
    (ServiceTag::AzureCloud, "AzureCloud", true),
    (ServiceTag::AzureContainerRegistry, "AzureContainerRegistry", true),
    (ServiceTag::AzureFrontDoorFirstParty, "AzureFrontDoor.FirstParty", false),
    (ServiceTag::AzureFrontDoorFrontEnd, "AzureFrontDoor.FrontEnd", false),
    (ServiceTag::AzureKeyVault, "AzureKeyVault", true),
    (ServiceTag::AzureLoadBalancer, "AzureLoadBalancer", false),
    (ServiceTag::AzureMachineLearning, "AzureMachineLearning", true),
    (ServiceTag::AzureMonitor, "AzureMonitor", true),
    (ServiceTag::AzureResourceManager, "AzureResourceManager", true),
    (ServiceTag::BatchNodeManagement, "BatchNodeManagement", true),
    (ServiceTag::HdInsight, "HDInsight", true),
    (ServiceTag::Internet, "Internet", false),
    (ServiceTag::MicrosoftContainerRegistry, "MicrosoftContainerRegistry", true),
    (ServiceTag::Storage, "Storage", true),
    (ServiceTag::VirtualNetwork, "VirtualNetwork", false),
];

impl ServiceTag {
    /// The tag as Azure spells it.
    pub fn name(self) -> &'static str {
        SERVICE_TAGS.iter().find(|(t, _, _)| *t == self).map(|(_, n, _)| *n).expect("every tag is in SERVICE_TAGS")
    }

    /// Whether `Tag.Region` exists.
    pub fn is_regional(self) -> bool {
        SERVICE_TAGS.iter().any(|(t, _, r)| *t == self && *r)
    }

    /// The regional form, e.g. `Storage.WestEurope`.
    pub fn in_region(self, region: &Region) -> String {
        format!("{}.{}", self.name(), region.tag_suffix)
    }

    /// Parses `Tag` or `Tag.Region` (case-insensitive, as Azure matches tags); returns the tag and
    /// the region suffix if one was given.
    pub fn parse(text: &str) -> Option<(ServiceTag, Option<&'static Region>)> {
        if let Some((tag, _, _)) = SERVICE_TAGS.iter().find(|(_, n, _)| n.eq_ignore_ascii_case(text)) {
            return Some((*tag, None));
        }
        let (head, tail) = text.rsplit_once('.')?;
        let (tag, _, regional) = SERVICE_TAGS.iter().find(|(_, n, _)| n.eq_ignore_ascii_case(head))?;
        let region = super::regions::REGIONS.iter().find(|r| r.tag_suffix.eq_ignore_ascii_case(tail))?;
        regional.then_some((*tag, Some(region)))
    }
}

/// NSG rule direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
}

/// NSG rule access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Allow,
    Deny,
}

/// NSG rule protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Any,
}

// cf. Azure/bicep-types-az Microsoft.Network 2025-09-01 SecurityRulePropertiesFormat (`direction`,
// `access`, `protocol`) and azurerm `security_rule`, which take the same spellings — last checked
// 2026-11-27.
impl Direction {
    /// The spelling ARM and azurerm take.
    pub fn azure_name(self) -> &'static str {
        match self {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        }
    }
}

impl Access {
    /// The spelling ARM and azurerm take.
    pub fn azure_name(self) -> &'static str {
        match self {
            Access::Allow => "Allow",
            Access::Deny => "Deny",
        }
    }
}

impl Protocol {
    /// The spelling ARM and azurerm take (`*` for any protocol).
    pub fn azure_name(self) -> &'static str {
        match self {
            Protocol::Tcp => "Tcp",
            Protocol::Udp => "Udp",
            Protocol::Any => ANY,
        }
    }
}

/// Destination ports of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ports {
    Any,
    List(&'static [PortRange]),
    /// The port the spec gives (scoring).
    FromSpec,
}

/// A port or an inclusive range of ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PortRange(pub u16, pub u16);

impl PortRange {
    /// As an NSG rule spells it: `443` or `29876-29877`.
    pub fn spelled(self) -> String {
        if self.0 == self.1 { self.0.to_string() } else { format!("{}-{}", self.0, self.1) }
    }
}

/// The wildcard of NSG rule addresses, ports and protocols: any. cf. azure-docs
/// `articles/virtual-network/network-security-groups-overview.md` ("Security rules": `*` allows any
/// address, port or protocol), checked 2026-11-30.
pub const ANY: &str = "*";

/// SSH, the port the `ssh` rules open and attached computes are reached on.
pub const SSH_PORT: u16 = 22;
/// HTTP and HTTPS, the ports a scoring endpoint serves plain or with TLS (cf. azure-ai-docs
/// `v1/how-to-secure-inferencing-vnet.md`, scoring over HTTP 80 or HTTPS 443), checked 2026-11-30.
pub const HTTP_PORT: u16 = 80;
pub const HTTPS_PORT: u16 = 443;

/// The next hop types of amlnet's routes, as Azure spells them. cf. azure-docs
/// `articles/virtual-network/virtual-networks-udr-overview.md` ("Next hop types across Azure tools":
/// `Internet`, `VirtualAppliance`), checked 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextHopType {
    Internet,
    VirtualAppliance,
}

impl NextHopType {
    pub fn azure_name(self) -> &'static str {
        match self {
            NextHopType::Internet => "Internet",
            NextHopType::VirtualAppliance => "VirtualAppliance",
        }
    }
}

/// One end of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerTemplate {
    Any,
    Tag(ServiceTag),
    /// The tag in the workspace region, e.g. `Storage.EastUS2`.
    RegionalTag(ServiceTag),
    /// The CIDR or tag the spec gives (`allow_ssh_from`, `scoring.allow_from`).
    FromSpec,
}

/// The spec situation that calls for a rule. `lower` computes these per subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trigger {
    /// The subnet hosts a compute cluster or a compute instance.
    AmlCompute,
    /// The subnet hosts a compute cluster or instance whose nodes have public IPs.
    AmlComputePublicIp,
    /// The subnet hosts training compute, and either `outbound.mode` is `restricted` or `firewall`, or a
    /// compute cluster or instance has no public IPs (and must reach the service through explicit
    /// outbound rules).
    ComputeOutbound,
    /// The subnet hosts an attached VM or HDInsight cluster.
    AttachedCompute,
    /// The subnet hosts an attached HDInsight cluster.
    HdInsight,
    /// The subnet hosts an AKS cluster.
    Aks,
    /// An AKS compute in the subnet exposes a scoring endpoint (one rule per compute).
    Scoring,
    /// The subnet hosts AKS with the Azure Machine Learning extension (Kubernetes compute), and
    /// `outbound.mode` is `restricted` or `firewall`: the extension's egress, stated.
    KubernetesCompute,
    /// `outbound.allow_ssh_from` is set and the subnet hosts training compute.
    Ssh,
    /// `outbound.mode: open` and the subnet hosts training compute.
    OutboundOpen,
    /// `outbound.mode` is `restricted` or `firewall` and the subnet hosts training compute: the service-tag
    /// allows.
    OutboundRestricted,
    /// As `OutboundRestricted`, and the workspace's container registry has no private endpoint (it is
    /// reached on its public address, which the `Internet` tag covers).
    OutboundRegistryPublic,
    /// As `OutboundRestricted`, and the workspace's key vault has no private endpoint.
    OutboundKeyVaultPublic,
    /// `outbound.mode: restricted` and the subnet hosts training compute: the Internet deny. With
    /// `outbound.mode: firewall` egress control is the firewall's, and the NSG denies nothing.
    OutboundDenyInternet,
    /// As `OutboundRestricted`, and the workspace has no Azure Monitor private link scope.
    OutboundMonitorPublic,
}

impl Trigger {
    /// When the trigger holds, in words (for documentation and `explain`).
    pub fn describe(self) -> &'static str {
        match self {
            Trigger::AmlCompute => "subnet hosts a compute cluster or instance",
            Trigger::AmlComputePublicIp => "subnet hosts a compute cluster or instance with public IPs",
            Trigger::ComputeOutbound => {
                "subnet hosts training compute, with `outbound.mode: restricted` or `firewall`, or compute without \
                 public IPs"
            }
            Trigger::AttachedCompute => "subnet hosts an attached VM or HDInsight cluster",
            Trigger::HdInsight => "subnet hosts an attached HDInsight cluster",
            Trigger::Aks => "subnet hosts AKS",
            Trigger::Scoring => "an AKS compute sets `scoring` (one rule each)",
            Trigger::KubernetesCompute => {
                "subnet hosts Kubernetes compute (AKS with the Azure Machine Learning extension), with \
                 `outbound.mode: restricted` or `firewall`"
            }
            Trigger::Ssh => "`outbound.allow_ssh_from` is set (training subnets)",
            Trigger::OutboundOpen => "`outbound.mode: open` (training subnets)",
            Trigger::OutboundRestricted => "`outbound.mode: restricted` or `firewall` (training subnets)",
            Trigger::OutboundRegistryPublic => {
                "`outbound.mode: restricted` or `firewall` (training subnets), and the container registry has no \
                 private endpoint"
            }
            Trigger::OutboundKeyVaultPublic => {
                "`outbound.mode: restricted` or `firewall` (training subnets), and the key vault has no private \
                 endpoint"
            }
            Trigger::OutboundDenyInternet => "`outbound.mode: restricted` (training subnets)",
            Trigger::OutboundMonitorPublic => {
                "`outbound.mode: restricted` or `firewall` (training subnets), and no \
                 `workspace.monitor_private_link`"
            }
        }
    }
}

/// A rule a catalogue requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleTemplate {
    /// Stable identifier, used by `explain`.
    pub id: &'static str,
    /// The NSG rule name.
    pub name: &'static str,
    pub direction: Direction,
    pub access: Access,
    pub protocol: Protocol,
    pub ports: Ports,
    pub source: PeerTemplate,
    pub destination: PeerTemplate,
    pub trigger: Trigger,
    pub why: &'static str,
    pub source_doc: Source,
}

use Access::*;
use Direction::*;
use PeerTemplate::{Any as AnyPeer, FromSpec, RegionalTag, Tag};
use Protocol::{Any as AnyProto, Tcp, Udp};
use ServiceTag as T;

const fn ports(list: &'static [PortRange]) -> Ports {
    Ports::List(list)
}

// cf. MicrosoftDocs/azure-docs: articles/machine-learning/service/how-to-enable-virtual-network.md
// (ms.date 2019-01-08), sections "Ports requis", "Limiter la connectivité sortante", "Utiliser une machine
// virtuelle ou un cluster HDInsight", "Utiliser Azure Kubernetes Service" — last checked 2026-11-27.
/// The 2019 guidance, exactly. Order is priority order within a direction.
pub const SEED_2019_RULES: &[RuleTemplate] = &[
    RuleTemplate {
        id: "seed-2019/batch-inbound",
        name: "AllowBatchNodeManagementInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(29876, 29877)]),
        source: Tag(T::BatchNodeManagement),
        destination: AnyPeer,
        trigger: Trigger::AmlCompute,
        why: "Batch schedules runs on the compute nodes over TCP 29876-29877",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/ssh-inbound",
        name: "AllowSshInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(SSH_PORT, SSH_PORT)]),
        source: FromSpec,
        destination: AnyPeer,
        trigger: Trigger::Ssh,
        why: "optional remote access to compute nodes over SSH",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/attach-ssh-inbound",
        name: "AllowAzureMachineLearningSshInbound",
        direction: Inbound,
        access: Allow,
        protocol: AnyProto,
        ports: ports(&[PortRange(SSH_PORT, SSH_PORT)]),
        source: Tag(T::AzureMachineLearning),
        destination: AnyPeer,
        trigger: Trigger::AttachedCompute,
        why: "the workspace reaches an attached VM or HDInsight cluster over SSH",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/aks-inbound",
        name: "AllowAzureMachineLearningInbound",
        direction: Inbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: Tag(T::AzureMachineLearning),
        destination: AnyPeer,
        trigger: Trigger::Aks,
        why: "the workspace manages the AKS cluster in the virtual network",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/scoring-inbound",
        name: "AllowScoringInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: Ports::FromSpec,
        source: FromSpec,
        destination: AnyPeer,
        trigger: Trigger::Scoring,
        why: "the scoring endpoint is called from outside the virtual network",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/vnet-outbound",
        name: "AllowVirtualNetworkOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::VirtualNetwork),
        trigger: Trigger::OutboundOpen,
        why: "compute nodes talk to the virtual network on any port",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/internet-outbound",
        name: "AllowInternetOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::Internet),
        trigger: Trigger::OutboundOpen,
        why: "compute nodes reach the Internet on any port",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/restricted-vnet-outbound",
        name: "AllowVirtualNetworkOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::VirtualNetwork),
        trigger: Trigger::OutboundRestricted,
        why: "compute nodes talk to the virtual network on any port",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/storage-outbound",
        name: "AllowStorageOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: RegionalTag(T::Storage),
        trigger: Trigger::OutboundRestricted,
        why: "limited outbound: Azure Storage in the workspace region",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/acr-outbound",
        name: "AllowAzureContainerRegistryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: RegionalTag(T::AzureContainerRegistry),
        trigger: Trigger::OutboundRestricted,
        why: "limited outbound: Azure Container Registry in the workspace region",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/aml-outbound",
        name: "AllowAzureMachineLearningOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::OutboundRestricted,
        why: "limited outbound: the Azure Machine Learning service",
        source_doc: SEED_2019_DOC,
    },
    RuleTemplate {
        id: "seed-2019/deny-internet-outbound",
        name: "DenyInternetOutbound",
        direction: Outbound,
        access: Deny,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::Internet),
        trigger: Trigger::OutboundDenyInternet,
        why: "limited outbound: deny the Internet",
        source_doc: SEED_2019_DOC,
    },
];

// cf. MicrosoftDocs/azure-ai-docs: articles/machine-learning/includes/machine-learning-public-internet-access.md
// (2025-02-10), how-to-secure-training-vnet.md (2024-04-08), how-to-access-azureml-behind-firewall.md
// (2026-03-19); Batch simplified node communication (no inbound ports; classic mode retired 2026-03-31):
// learn.microsoft.com/azure/batch/simplified-compute-node-communication — last checked 2026-11-27. Entries
// with a source of their own (the AzureMachineLearning row, the registry, key vault and Azure Monitor) were
// checked against it on 2026-11-30.
/// Today's requirements. Order is priority order within a direction.
pub const CURRENT_RULES: &[RuleTemplate] = &[
    RuleTemplate {
        id: "current/aml-inbound-public-ip",
        name: "AllowAzureMachineLearningInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(44224, 44224)]),
        source: Tag(T::AzureMachineLearning),
        destination: AnyPeer,
        trigger: Trigger::AmlComputePublicIp,
        why: "the service reaches compute nodes that have a public IP on TCP 44224",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/ssh-inbound",
        name: "AllowSshInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(SSH_PORT, SSH_PORT)]),
        source: FromSpec,
        destination: AnyPeer,
        trigger: Trigger::Ssh,
        why: "optional remote access to compute nodes over SSH",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/attach-ssh-inbound",
        name: "AllowAzureMachineLearningSshInbound",
        direction: Inbound,
        access: Allow,
        protocol: AnyProto,
        ports: ports(&[PortRange(SSH_PORT, SSH_PORT)]),
        source: Tag(T::AzureMachineLearning),
        destination: AnyPeer,
        trigger: Trigger::AttachedCompute,
        why: "the workspace reaches an attached VM or HDInsight cluster over SSH",
        source_doc: CURRENT_ATTACH_DOC,
    },
    // cf. MicrosoftDocs/azure-docs articles/hdinsight/control-network-traffic.md (ms.date 06/15/2024: "allow
    // inbound traffic on port 443 from the IP addresses", identified by the service tags of
    // hdinsight-service-tags.md) and hdinsight-management-ip-addresses.md ("Use the service tag feature
    // for network security groups"; the addresses' destination `*:443`) — last checked 2026-11-30.
    RuleTemplate {
        id: "current/hdinsight-inbound",
        name: "AllowHDInsightManagementInbound",
        direction: Inbound,
        access: Allow,
        protocol: AnyProto,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::HdInsight),
        destination: AnyPeer,
        trigger: Trigger::HdInsight,
        why: "HDInsight's health and management services reach the cluster on 443",
        source_doc: CURRENT_HDINSIGHT_DOC,
    },
    RuleTemplate {
        id: "current/scoring-inbound",
        name: "AllowScoringInbound",
        direction: Inbound,
        access: Allow,
        protocol: Tcp,
        ports: Ports::FromSpec,
        source: FromSpec,
        destination: AnyPeer,
        trigger: Trigger::Scoring,
        why: "the scoring endpoint is called from outside the virtual network",
        source_doc: CURRENT_AKS_DOC,
    },
    RuleTemplate {
        id: "current/vnet-outbound",
        name: "AllowVirtualNetworkOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::VirtualNetwork),
        trigger: Trigger::OutboundRestricted,
        why: "private endpoints in the virtual network or peered networks",
        source_doc: CURRENT_FIREWALL_DOC,
    },
    RuleTemplate {
        id: "current/aad-outbound",
        name: "AllowAzureActiveDirectoryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(80, 80), PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureActiveDirectory),
        trigger: Trigger::OutboundRestricted,
        why: "authentication with Microsoft Entra ID",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/aml-outbound-tcp",
        name: "AllowAzureMachineLearningOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443), PortRange(8787, 8787), PortRange(18881, 18881)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::ComputeOutbound,
        why: "the Azure Machine Learning service; 8787 serves RStudio and 18881 the language server of compute instances",
        source_doc: CURRENT_AML_OUTBOUND_DOC,
    },
    RuleTemplate {
        id: "current/aml-outbound-udp",
        name: "AllowAzureMachineLearningUdpOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Udp,
        ports: ports(&[PortRange(5831, 5831)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::ComputeOutbound,
        why: "compute create, update and delete",
        source_doc: CURRENT_AML_OUTBOUND_DOC,
    },
    RuleTemplate {
        id: "current/batch-outbound",
        name: "AllowBatchNodeManagementOutbound",
        direction: Outbound,
        access: Allow,
        protocol: AnyProto,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::BatchNodeManagement),
        trigger: Trigger::ComputeOutbound,
        why: "the Batch back end of compute instances and clusters (simplified node communication)",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/arm-outbound",
        name: "AllowAzureResourceManagerOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureResourceManager),
        trigger: Trigger::OutboundRestricted,
        why: "creating Azure resources from the compute",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/storage-outbound",
        name: "AllowStorageOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::Storage),
        trigger: Trigger::ComputeOutbound,
        why: "the Batch service's storage and the workspace storage account",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/frontdoor-outbound",
        name: "AllowAzureFrontDoorFrontEndOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureFrontDoorFrontEnd),
        trigger: Trigger::OutboundRestricted,
        why: "the studio entry point and AutoML images",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/mcr-outbound",
        name: "AllowMicrosoftContainerRegistryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::MicrosoftContainerRegistry),
        trigger: Trigger::OutboundRestricted,
        why: "Microsoft container images",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/frontdoor-firstparty-outbound",
        name: "AllowAzureFrontDoorFirstPartyOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(443, 443)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureFrontDoorFirstParty),
        trigger: Trigger::OutboundRestricted,
        why: "the Microsoft Container Registry serves its content through Front Door",
        source_doc: CURRENT_FIREWALL_DOC,
    },
    RuleTemplate {
        id: "current/acr-outbound",
        name: "AllowAzureContainerRegistryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::AzureContainerRegistry),
        trigger: Trigger::OutboundRegistryPublic,
        why: "the workspace's container registry on its public address (custom and training images)",
        source_doc: CURRENT_REGISTRY_DOC,
    },
    RuleTemplate {
        id: "current/key-vault-outbound",
        name: "AllowAzureKeyVaultOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::AzureKeyVault),
        trigger: Trigger::OutboundKeyVaultPublic,
        why: "the workspace's key vault on its public address (datastore and registry credentials)",
        source_doc: CURRENT_KEY_VAULT_DOC,
    },
    RuleTemplate {
        id: "current/monitor-outbound",
        name: "AllowAzureMonitorOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMonitor),
        trigger: Trigger::OutboundMonitorPublic,
        why: "monitoring and metrics to Azure Monitor (the workspace has no Azure Monitor private link scope)",
        source_doc: CURRENT_MONITOR_DOC,
    },
    // The Azure Machine Learning extension's egress that service tags express. The rest of the documented
    // list needs a firewall with FQDN rules (no service tag names them): `aks::EXTENSION_EGRESS`, which
    // `explain` shows for each AKS subnet.
    RuleTemplate {
        id: "current/k8s-aml-outbound",
        name: "AllowKubernetesComputeAzureMachineLearningOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::KubernetesCompute,
        why: "the Azure Machine Learning extension calls the service API (`<region>.api.azureml.ms`, \
              `<region>.experiments.azureml.net`)",
        source_doc: CURRENT_K8S_DOC,
    },
    RuleTemplate {
        id: "current/k8s-storage-outbound",
        name: "AllowKubernetesComputeStorageOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::Storage),
        trigger: Trigger::KubernetesCompute,
        why: "blob storage for scripts, data, models and job outputs; tables and queues for system logs",
        source_doc: CURRENT_K8S_DOC,
    },
    RuleTemplate {
        id: "current/k8s-acr-outbound",
        name: "AllowKubernetesComputeContainerRegistryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::AzureContainerRegistry),
        trigger: Trigger::KubernetesCompute,
        why: "the workspace's container registry, which holds the images of training and inference workloads",
        source_doc: CURRENT_K8S_DOC,
    },
    // cf. how-to-access-azureml-behind-firewall.md, "Recommended configuration for training and deploying
    // models": `MicrosoftContainerRegistry` and `AzureFrontDoor.FirstParty` on 443 "Also sets up the Azure
    // Machine Learning router for Azure Kubernetes Service" — checked 2026-11-30.
    RuleTemplate {
        id: "current/k8s-mcr-outbound",
        name: "AllowKubernetesComputeMicrosoftContainerRegistryOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: RegionalTag(T::MicrosoftContainerRegistry),
        trigger: Trigger::KubernetesCompute,
        why: "Microsoft's images for training and inference, and the images that set up the inference router",
        source_doc: CURRENT_FIREWALL_DOC,
    },
    RuleTemplate {
        id: "current/k8s-frontdoor-firstparty-outbound",
        name: "AllowKubernetesComputeAzureFrontDoorFirstPartyOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(HTTPS_PORT, HTTPS_PORT)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureFrontDoorFirstParty),
        trigger: Trigger::KubernetesCompute,
        why: "the Microsoft Container Registry serves its content through Front Door",
        source_doc: CURRENT_FIREWALL_DOC,
    },
    RuleTemplate {
        id: "current/deny-internet-outbound",
        name: "DenyInternetOutbound",
        direction: Outbound,
        access: Deny,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::Internet),
        trigger: Trigger::OutboundDenyInternet,
        why: "restricted outbound: everything the allow rules above do not name is denied",
        source_doc: CURRENT_COMPUTE_DOC,
    },
];

/// Where a catalogue's routes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteTemplate {
    pub id: &'static str,
    pub why: &'static str,
    pub source_doc: Source,
}

// cf. the 2019 guidance, "Routages définis par l'utilisateur pour le tunneling forcé": one route per
// Batch IP prefix of the region, next hop Internet — last checked 2026-11-27.
/// A route per `internet_prefixes` entry (both catalogues: the user lists the prefixes).
pub const ROUTE_INTERNET_PREFIX: RouteTemplate = RouteTemplate {
    id: "route/internet-prefix",
    why: "management traffic to this prefix bypasses the forced tunnel",
    source_doc: SEED_2019_DOC,
};
// cf. how-to-access-azureml-behind-firewall.md ("--address-prefix AzureMachineLearning --next-hop-type
// Internet"); Azure/terraform-provider-azurerm website/docs/r/route_table.html.markdown (address_prefix
// accepts service tags) — last checked 2026-11-27.
/// A route per `internet_routes` service tag.
pub const ROUTE_INTERNET_TAG: RouteTemplate = RouteTemplate {
    id: "route/internet-tag",
    why: "return traffic of the service's inbound management bypasses the forced tunnel",
    source_doc: CURRENT_FIREWALL_DOC,
};
// cf. MicrosoftDocs/azure-docs articles/hdinsight/hdinsight-management-ip-addresses.md ("If you are using
// user-defined routes (UDRs), you should specify a route and allow outbound traffic from the VNET to the
// above IPs with the next hop set to Internet") and hdinsight-restrict-outbound-traffic.md (the route
// table: the management addresses with next hop Internet, 0.0.0.0/0 to the firewall); the `HDInsight`
// service tag holds those addresses, and routes take service tags (see `ROUTE_INTERNET_TAG`) — last
// checked 2026-11-30.
/// With a default route through an appliance, the `HDInsight` tag to the Internet.
pub const ROUTE_HDINSIGHT: RouteTemplate = RouteTemplate {
    id: "route/hdinsight",
    why: "HDInsight's management traffic must not pass the appliance: its replies go straight to the Internet",
    source_doc: CURRENT_HDINSIGHT_DOC,
};
/// The `default_route` (0.0.0.0/0) through the appliance or to the Internet.
pub const ROUTE_DEFAULT: RouteTemplate = RouteTemplate {
    id: "route/default",
    why: "forced tunneling: all other traffic goes through the appliance",
    source_doc: CURRENT_FIREWALL_DOC,
};
// cf. how-to-access-azureml-behind-firewall.md (2026-03-19): "User-defined route and firewall ... address
// prefix of 0.0.0.0/0", and the hosts the firewall must allow (pypi.org, *.anaconda.com, ...), which lie in
// the `Internet` tag an NSG deny would drop before the route applies — checked 2026-11-30.
/// The default route through the appliance under `outbound.mode: firewall`.
pub const ROUTE_DEFAULT_FIREWALL: RouteTemplate = RouteTemplate {
    id: "route/default-firewall",
    why: "`outbound.mode: firewall`: egress control lives in the firewall; all other traffic goes through the \
          appliance, and the NSG allows the service tags without denying the Internet",
    source_doc: CURRENT_FIREWALL_DOC,
};

/// A service firewall entry: default deny, trusted services bypass, and a virtual network rule per
/// subnet hosting training compute, which needs the matching service endpoint on that subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirewallTemplate {
    pub id: &'static str,
    /// The subnet service endpoint the virtual network rule needs.
    pub service_endpoint: &'static str,
    pub why: &'static str,
    pub source_doc: Source,
}

// cf. the 2019 guidance, "Compte de stockage pour votre espace de travail" and "Coffre de clés pour votre
// espace de travail" (selected networks, the compute's virtual network, trusted Microsoft services);
// learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview (service endpoint
// names) — last checked 2026-11-27.
pub const STORAGE_FIREWALL: FirewallTemplate = FirewallTemplate {
    id: "firewall/storage",
    service_endpoint: "Microsoft.Storage",
    why: "storage accepts only the compute subnets and trusted Azure services",
    source_doc: SEED_2019_DOC,
};
pub const KEY_VAULT_FIREWALL: FirewallTemplate = FirewallTemplate {
    id: "firewall/key-vault",
    service_endpoint: "Microsoft.KeyVault",
    why: "the key vault accepts only the compute subnets and trusted Microsoft services",
    source_doc: SEED_2019_DOC,
};

/// Today's guidance on the workspace's storage account and key vault behind their firewalls.
pub const CURRENT_SERVICE_FIREWALL_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-network-security-overview.md (\"Add the \
          following services to the virtual network by using either a service endpoint or a private endpoint. Also allow \
          trusted Microsoft services\"), how-to-secure-workspace-vnet.md (\"Secure Azure storage accounts\", \"Secure \
          Azure Key Vault\")",
    checked: "2026-11-30",
};

// The same two entries as worded by today's guidance, for the `current` catalogue: cf.
// CURRENT_SERVICE_FIREWALL_DOC — last checked 2026-11-30.
pub const CURRENT_STORAGE_FIREWALL: FirewallTemplate = FirewallTemplate {
    why: "storage accepts only the subnets admitted through service endpoints, its private endpoints and trusted Azure \
          services",
    source_doc: CURRENT_SERVICE_FIREWALL_DOC,
    ..STORAGE_FIREWALL
};
pub const CURRENT_KEY_VAULT_FIREWALL: FirewallTemplate = FirewallTemplate {
    why: "the key vault accepts only the subnets admitted through service endpoints, its private endpoints and trusted \
          Microsoft services",
    source_doc: CURRENT_SERVICE_FIREWALL_DOC,
    ..KEY_VAULT_FIREWALL
};

/// The storage account's firewall entry as `catalogue` words and sources it.
pub fn storage_firewall(catalogue: Catalogue) -> &'static FirewallTemplate {
    match catalogue {
        Catalogue::Seed2019 => &STORAGE_FIREWALL,
        Catalogue::Current => &CURRENT_STORAGE_FIREWALL,
    }
}

/// The key vault's firewall entry as `catalogue` words and sources it.
pub fn key_vault_firewall(catalogue: Catalogue) -> &'static FirewallTemplate {
    match catalogue {
        Catalogue::Seed2019 => &KEY_VAULT_FIREWALL,
        Catalogue::Current => &CURRENT_KEY_VAULT_FIREWALL,
    }
}

/// A rule in words, for messages: `inbound TCP 44224 from AzureMachineLearning (current/aml-inbound-public-ip)`.
/// A regional tag is spelled in `region` when it is known.
pub fn rule_in_words(rule: &RuleTemplate, region: Option<&Region>) -> String {
    let peer = |p: PeerTemplate| match p {
        AnyPeer => ANY.to_owned(),
        Tag(tag) => tag.name().to_owned(),
        RegionalTag(tag) => region.map_or_else(|| format!("{}.<region>", tag.name()), |r| tag.in_region(r)),
        FromSpec => "the spec's peer".to_owned(),
    };
    let ports = match rule.ports {
        Ports::Any => ANY.to_owned(),
        Ports::FromSpec => "the spec's port".to_owned(),
        Ports::List(list) => list.iter().map(|r| r.spelled()).collect::<Vec<_>>().join(", "),
    };
    let ports = match rule.protocol {
        Protocol::Any => format!("{ports} (any protocol)"),
        Protocol::Tcp => format!("TCP {ports}"),
        Protocol::Udp => format!("UDP {ports}"),
    };
    let (direction, end) = match rule.direction {
        Inbound => ("inbound", format!("from `{}`", peer(rule.source))),
        Outbound => ("outbound", format!("to `{}`", peer(rule.destination))),
    };
    format!("{direction} {ports} {end} (`{}`)", rule.id)
}

/// The rules of a catalogue.
pub fn rules(catalogue: Catalogue) -> &'static [RuleTemplate] {
    match catalogue {
        Catalogue::Current => CURRENT_RULES,
        Catalogue::Seed2019 => SEED_2019_RULES,
    }
}

/// A subnet name Azure reserves for one of its own services, and what amlnet may attach to it. Such a
/// subnet may be declared (real networks have them), but it hosts no compute and no private endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedSubnet {
    /// The name, as Azure requires it.
    pub name: &'static str,
    /// The service the subnet is reserved for.
    pub service: &'static str,
    /// Whether amlnet attaches its NSG (Bastion only: Azure refuses or disables an NSG on the others).
    pub nsg: bool,
    /// Whether amlnet may attach its route table (forced tunneling).
    pub route_table: bool,
    /// What the source says, and which claims it could not confirm.
    pub why: &'static str,
    pub source_doc: Source,
}

// cf. the sources named in each row, checked 2026-11-30 (MicrosoftDocs/azure-docs).
/// The subnet names Azure reserves.
pub const RESERVED_SUBNETS: &[ReservedSubnet] = &[
    ReservedSubnet {
        name: "AzureFirewallSubnet",
        service: "Azure Firewall",
        nsg: false,
        route_table: false,
        why: "subnet-level NSGs are disabled on it; the firewall needs direct Internet connectivity, so amlnet's \
              forced-tunneling route table must not apply",
        source_doc: Source {
            doc: "MicrosoftDocs/azure-docs: articles/firewall/firewall-faq.md, \"Are Network Security Groups (NSGs) supported \
                  on the AzureFirewallSubnet?\" (\"Subnet level NSGs aren't required on the AzureFirewallSubnet, and are \
                  disabled\"), \"Is forced tunneling/chaining to a Network Virtual Appliance supported?\" (\"Azure Firewall \
                  must have direct Internet connectivity\")",
            checked: "2026-11-30",
        },
    },
    ReservedSubnet {
        name: "AzureFirewallManagementSubnet",
        service: "Azure Firewall (management NIC)",
        nsg: false,
        route_table: false,
        why: "only a default route to the Internet is allowed on it; Azure associates its own route table. No \
              statement on NSGs was found: amlnet attaches none",
        source_doc: Source {
            doc: "MicrosoftDocs/azure-docs: articles/firewall/management-nic.md (2024-11-06): \"The only route allowed on this \
                  subnet is a default route to the Internet ... Avoid associating customer route tables to the Management \
                  subnet\"; NSG not verified",
            checked: "2026-11-30",
        },
    },
    ReservedSubnet {
        name: "GatewaySubnet",
        service: "VPN and ExpressRoute gateways",
        nsg: false,
        route_table: false,
        why: "NSGs and 0.0.0.0/0 routes on it are not supported, and gateways so configured are blocked from being \
              created",
        source_doc: Source {
            doc: "MicrosoftDocs/azure-docs: includes/vpn-gateway-gwudr-warning.md (2023-09-26): \"User-defined routes with a \
                  0.0.0.0/0 destination and NSGs on the GatewaySubnet are not supported\"",
            checked: "2026-11-30",
        },
    },
    ReservedSubnet {
        name: "RouteServerSubnet",
        service: "Azure Route Server",
        nsg: false,
        route_table: false,
        why: "Route Server supports neither a user-defined route nor an NSG on it",
        source_doc: Source {
            doc: "MicrosoftDocs/azure-docs: articles/route-server/route-server-faq.md, \"Can I associate a UDR to the \
                  RouteServerSubnet?\" and \"Can I associate a network security group (NSG) to the RouteServerSubnet?\" (both \
                  \"No\")",
            checked: "2026-11-30",
        },
    },
    ReservedSubnet {
        name: "AzureBastionSubnet",
        service: "Azure Bastion",
        nsg: true,
        route_table: false,
        why: "UDR is not supported on it. An NSG is allowed, and a Bastion host needs its own rules in it \
              (GatewayManager 443 in, AzureCloud 443 and VirtualNetwork 22/3389 out): amlnet's NSG there holds no \
              rule of amlnet's, and deploying Bastion means adding those rules",
        source_doc: Source {
            doc: "MicrosoftDocs/azure-docs: articles/bastion/bastion-faq.md, \"Is user-defined routing (UDR) supported on an \
                  Azure Bastion subnet?\" (\"No\"); articles/bastion/bastion-nsg.md, \"Apply NSGs to AzureBastionSubnet\" (\"If \
                  you do not add these rules, the NSG creation/update will fail\")",
            checked: "2026-11-30",
        },
    },
];

/// The reserved subnet `name` stands for, if any. Azure resource names are case-insensitive, so
/// `gatewaysubnet` is reserved too.
pub fn reserved_subnet(name: &str) -> Option<&'static ReservedSubnet> {
    RESERVED_SUBNETS.iter().find(|r| r.name.eq_ignore_ascii_case(name))
}

/// First priority amlnet gives in each direction, and the step between rules.
pub const PRIORITY_START: u16 = 100;
pub const PRIORITY_STEP: u16 = 10;
/// Priority of a catalogue's deny rule: after every allow amlnet writes, before Azure's defaults.
pub const PRIORITY_DENY: u16 = 4000;
/// Highest priority a custom rule may have.
pub const PRIORITY_MAX: u16 = 4096;

// cf. MicrosoftDocs/azure-aks-docs: articles/aks/concepts-network-legacy-cni.md ("kubenet networking
// will be retired on 31 March 2028") — last checked 2026-11-27.
/// The day AKS retires kubenet networking.
pub const KUBENET_RETIREMENT: &str = "2028-03-31";

/// Rules that 2019 required and Azure has retired since, with the date of retirement.
pub const RETIRED: &[(&str, &str)] =
    &[("seed-2019/batch-inbound", "2026-03-31 (Batch classic node communication retired)")];

// cf. MicrosoftDocs/azure-ai-docs: articles/machine-learning/how-to-secure-training-vnet.md (2024-04-08):
// compute with a public IP needs inbound TCP 44224 from `AzureMachineLearning`, and compute reaches
// `BatchNodeManagement.<region>` on 443; learn.microsoft.com/azure/batch/simplified-compute-node-communication
// ("The classic compute node communication mode will be retired on March 31, 2026") and the Batch
// `NodeCommunicationMode` reference (Simplified: "outbound TCP communication on port 443 to the
// BatchNodeManagement.{region} service tag. No open inbound ports are required.") — checked 2026-11-30.
/// The rules of today's catalogue that compute clusters and instances cannot be created without, and
/// that `seed-2019` lacks. `restricted_only`: the 2019 open mode's Internet allow covers the rule, its
/// restricted mode does not.
pub const SEED_2019_GAPS: &[(&str, bool)] =
    &[("current/aml-inbound-public-ip", false), ("current/batch-outbound", true)];

/// What ARM and Bicep say about the deployment that writes an existing network's side of a peering
/// (an existing hub's) and nothing else. ARM deploys it with a nested deployment that names the
/// network's `subscriptionId` and `resourceGroup`, Bicep with a module whose `scope` is that group.
///
/// cf. azure-docs `azure-resource-manager/templates/deploy-to-resource-group.md` (2024-03-26, "Deploy to
/// multiple resource groups": a nested deployment with `subscriptionId` and `resourceGroup`);
/// `virtual-network/create-peering-different-subscriptions.md` (each side of a cross-subscription
/// peering is created by an account with Network Contributor on its network; the peering is
/// established only once both sides exist). Checked 2026-11-30.
pub const EXISTING_PEERING_NOTE: &str = "Writes the existing virtual network's side of the peering, at the \
network's scope (its resource group, in its subscription): the peering is connected only once both sides \
exist. The identity that deploys needs Network Contributor on that network, and (for this deployment) the right \
to create deployments in its resource group (Microsoft.Resources/deployments/write).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_prefixed() {
        for (cat, prefix) in [(Catalogue::Current, "current/"), (Catalogue::Seed2019, "seed-2019/")] {
            let mut ids: Vec<_> = rules(cat).iter().map(|r| r.id).collect();
            assert!(ids.iter().all(|id| id.starts_with(prefix)));
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), rules(cat).len());
        }
    }

    #[test]
    fn names_unique_per_trigger_set() {
        // Two rules with one name may only coexist when their triggers exclude each other
        // (open and restricted outbound).
        for cat in [Catalogue::Current, Catalogue::Seed2019] {
            for a in rules(cat) {
                for b in rules(cat) {
                    if a.id != b.id && a.name == b.name {
                        let pair = [a.trigger, b.trigger];
                        assert!(
                            pair.contains(&Trigger::OutboundOpen) && pair.contains(&Trigger::OutboundRestricted),
                            "{} and {} share {}",
                            a.id,
                            b.id,
                            a.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_inbound_from_anywhere() {
        for rule in SEED_2019_RULES.iter().chain(CURRENT_RULES) {
            if rule.direction == Inbound {
                assert_ne!(rule.source, AnyPeer, "{}", rule.id);
                assert_ne!(rule.source, Tag(T::Internet), "{}", rule.id);
            }
        }
    }

    #[test]
    fn current_drops_the_retired_batch_inbound() {
        assert!(CURRENT_RULES.iter().all(|r| r.ports != ports(&[PortRange(29876, 29877)])));
        assert!(SEED_2019_RULES.iter().any(|r| r.id == RETIRED[0].0));
        let batch = CURRENT_RULES.iter().find(|r| r.id == "current/batch-outbound").unwrap();
        assert_eq!((batch.direction, batch.destination), (Outbound, RegionalTag(T::BatchNodeManagement)));
    }

    #[test]
    fn deny_rules_are_last_in_their_direction() {
        for cat in [Catalogue::Current, Catalogue::Seed2019] {
            let outbound: Vec<_> = rules(cat).iter().filter(|r| r.direction == Outbound).collect();
            assert_eq!(outbound.last().unwrap().access, Deny);
            assert_eq!(outbound.last().unwrap().trigger, Trigger::OutboundDenyInternet);
            assert_eq!(rules(cat).iter().filter(|r| r.access == Deny).count(), 1);
        }
    }

    #[test]
    fn aml_outbound_matches_the_documented_row() {
        // One row in both documents: TCP 443/8787/18881 and UDP 5831, for every compute that has
        // explicit outbound rules, whatever its public IP (Kubernetes compute has its own table).
        let aml: Vec<_> = CURRENT_RULES
            .iter()
            .filter(|r| r.direction == Outbound && r.destination == Tag(T::AzureMachineLearning))
            .filter(|r| r.trigger != Trigger::KubernetesCompute)
            .map(|r| (r.protocol, r.ports, r.trigger))
            .collect();
        assert_eq!(
            aml,
            [
                (
                    Tcp,
                    ports(&[PortRange(443, 443), PortRange(8787, 8787), PortRange(18881, 18881)]),
                    Trigger::ComputeOutbound
                ),
                (Udp, ports(&[PortRange(5831, 5831)]), Trigger::ComputeOutbound),
            ]
        );
    }

    #[test]
    fn seed_2019_gaps_are_current_rules_the_seed_lacks() {
        for (id, _) in SEED_2019_GAPS {
            let rule = CURRENT_RULES.iter().find(|r| r.id == *id).expect("a current entry");
            let peer = if rule.direction == Inbound { rule.source } else { rule.destination };
            let compute = [Trigger::AmlCompute, Trigger::AmlComputePublicIp, Trigger::OutboundRestricted];
            let unreached = |r: &&RuleTemplate| {
                let p = if r.direction == Inbound { r.source } else { r.destination };
                r.direction == rule.direction && r.access == Allow && p == peer && compute.contains(&r.trigger)
            };
            assert!(!SEED_2019_RULES.iter().any(|r| unreached(&r)), "{id}");
        }
    }

    #[test]
    fn reserved_subnets_are_found_by_name_in_any_case() {
        assert_eq!(reserved_subnet("GatewaySubnet").map(|r| r.service), Some("VPN and ExpressRoute gateways"));
        assert_eq!(reserved_subnet("azurebastionsubnet").map(|r| r.name), Some("AzureBastionSubnet"));
        assert_eq!(reserved_subnet("training"), None);
        // No route table anywhere; an NSG only on the Bastion subnet, which Azure allows.
        assert!(RESERVED_SUBNETS.iter().all(|r| !r.route_table));
        let with_nsg: Vec<_> = RESERVED_SUBNETS.iter().filter(|r| r.nsg).map(|r| r.name).collect();
        assert_eq!(with_nsg, ["AzureBastionSubnet"]);
    }

    #[test]
    fn tags_parse() {
        assert_eq!(ServiceTag::parse("storage"), Some((T::Storage, None)));
        let (tag, region) = ServiceTag::parse("Storage.WestEurope").unwrap();
        assert_eq!((tag, region.unwrap().name), (T::Storage, "westeurope"));
        assert_eq!(ServiceTag::parse("AzureFrontDoor.FrontEnd"), Some((T::AzureFrontDoorFrontEnd, None)));
        assert_eq!(ServiceTag::parse("Internet.WestEurope"), None);
        assert_eq!(ServiceTag::parse("Nope"), None);
    }
}
