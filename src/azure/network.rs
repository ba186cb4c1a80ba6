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
    /// The subnet hosts training compute, and either `outbound.mode: restricted` or a compute cluster or
    /// instance without public IPs (which must reach the service through explicit outbound rules).
    ComputeOutbound,
    /// The subnet hosts a compute cluster or instance without public IPs.
    AmlComputeNoPublicIp,
    /// The subnet hosts an attached VM or HDInsight cluster.
    AttachedCompute,
    /// The subnet hosts an attached HDInsight cluster.
    HdInsight,
    /// The subnet hosts an AKS cluster.
    Aks,
    /// An AKS compute in the subnet exposes a scoring endpoint (one rule per compute).
    Scoring,
    /// `outbound.allow_ssh_from` is set and the subnet hosts training compute.
    Ssh,
    /// `outbound.mode: open` and the subnet hosts training compute.
    OutboundOpen,
    /// `outbound.mode: restricted` and the subnet hosts training compute.
    OutboundRestricted,
}

impl Trigger {
    /// When the trigger holds, in words (for documentation and `explain`).
    pub fn describe(self) -> &'static str {
        match self {
            Trigger::AmlCompute => "subnet hosts a compute cluster or instance",
            Trigger::AmlComputePublicIp => "subnet hosts a compute cluster or instance with public IPs",
            Trigger::ComputeOutbound => {
                "subnet hosts training compute, with `outbound.mode: restricted` or compute without public IPs"
            }
            Trigger::AmlComputeNoPublicIp => "subnet hosts a compute cluster or instance without public IPs",
            Trigger::AttachedCompute => "subnet hosts an attached VM or HDInsight cluster",
            Trigger::HdInsight => "subnet hosts an attached HDInsight cluster",
            Trigger::Aks => "subnet hosts AKS",
            Trigger::Scoring => "an AKS compute sets `scoring` (one rule each)",
            Trigger::Ssh => "`outbound.allow_ssh_from` is set (training subnets)",
            Trigger::OutboundOpen => "`outbound.mode: open` (training subnets)",
            Trigger::OutboundRestricted => "`outbound.mode: restricted` (training subnets)",
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
        trigger: Trigger::OutboundRestricted,
        why: "limited outbound: deny the Internet",
        source_doc: SEED_2019_DOC,
    },
];

// cf. MicrosoftDocs/azure-ai-docs: articles/machine-learning/includes/machine-learning-public-internet-access.md
// (2025-02-10), how-to-secure-training-vnet.md (2024-04-08), how-to-access-azureml-behind-firewall.md
// (2026-03-19); Batch simplified node communication (no inbound ports; classic mode retired 2026-03-31):
// learn.microsoft.com/azure/batch/simplified-compute-node-communication — last checked 2026-11-27.
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
        ports: ports(&[PortRange(443, 443), PortRange(18881, 18881)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::ComputeOutbound,
        why: "the Azure Machine Learning service; 18881 serves language-server features",
        source_doc: CURRENT_COMPUTE_DOC,
    },
    RuleTemplate {
        id: "current/aml-outbound-rstudio",
        name: "AllowAzureMachineLearningRStudioOutbound",
        direction: Outbound,
        access: Allow,
        protocol: Tcp,
        ports: ports(&[PortRange(8787, 8787)]),
        source: Tag(T::VirtualNetwork),
        destination: Tag(T::AzureMachineLearning),
        trigger: Trigger::AmlComputeNoPublicIp,
        why: "compute without public IPs: the service's RStudio traffic (TCP 8787)",
        source_doc: CURRENT_NO_PUBLIC_IP_DOC,
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
        source_doc: CURRENT_COMPUTE_DOC,
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
        id: "current/deny-internet-outbound",
        name: "DenyInternetOutbound",
        direction: Outbound,
        access: Deny,
        protocol: AnyProto,
        ports: Ports::Any,
        source: AnyPeer,
        destination: Tag(T::Internet),
        trigger: Trigger::OutboundRestricted,
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

/// The rules of a catalogue.
pub fn rules(catalogue: Catalogue) -> &'static [RuleTemplate] {
    match catalogue {
        Catalogue::Current => CURRENT_RULES,
        Catalogue::Seed2019 => SEED_2019_RULES,
    }
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
            let outbound: Vec<_> = rules(cat).iter().filter(|r| r.trigger == Trigger::OutboundRestricted).collect();
            assert_eq!(outbound.last().unwrap().access, Deny);
            assert_eq!(outbound.iter().filter(|r| r.access == Deny).count(), 1);
        }
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
