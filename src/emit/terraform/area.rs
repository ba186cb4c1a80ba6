//! Which file of the Terraform module holds each resource: the module is split by area so a reviewer
//! reads the network, the security rules, the workspace and the computes apart, and a change to one
//! area is a diff of one file.
//!
//! The mapping is one exhaustive `match` on the IR body: a new resource kind does not compile until
//! it is given a file.

use crate::ir;

/// One file of resources, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// Virtual network, subnets and their associations, route tables, NAT gateway, public IPs.
    Network,
    /// Network security groups and their rules, identities and role assignments.
    Security,
    /// The workspace and its dependent services: storage, key vault, registry, monitoring.
    Workspace,
    /// Private endpoints, private DNS zones and their virtual network links.
    PrivateLink,
    /// Compute clusters, instances, attached computes, created virtual machines and their NICs.
    Compute,
    /// AKS clusters and their attachment to the workspace.
    Aks,
}

impl Area {
    /// Every area, in output order.
    pub const ALL: [Area; 6] =
        [Area::Network, Area::Security, Area::Workspace, Area::PrivateLink, Area::Compute, Area::Aks];

    /// The file name.
    pub fn file(self) -> &'static str {
        match self {
            Area::Network => "network.tf",
            Area::Security => "security.tf",
            Area::Workspace => "workspace.tf",
            Area::PrivateLink => "private_link.tf",
            Area::Compute => "compute.tf",
            Area::Aks => "aks.tf",
        }
    }

    /// The area of a resource.
    pub fn of(body: &ir::Body) -> Area {
        use ir::Body;
        match body {
            Body::VirtualNetwork(_)
            | Body::Subnet(_)
            | Body::RouteTable(_)
            | Body::PublicIpAddress(_)
            | Body::NatGateway(_)
            | Body::VirtualNetworkPeering(_)
            | Body::AzureFirewall(_)
            | Body::BastionHost(_) => Area::Network,
            Body::FirewallPolicy(_) | Body::FirewallRuleCollectionGroup(_) => Area::Security,
            Body::NetworkSecurityGroup(_) | Body::UserAssignedIdentity | Body::RoleAssignment(_) => Area::Security,
            Body::StorageAccount(_)
            | Body::KeyVault(_)
            | Body::LogAnalytics(_)
            | Body::ApplicationInsights(_)
            | Body::ContainerRegistry(_)
            | Body::Workspace(_)
            | Body::OutboundRule(_)
            | Body::ManagementLock(_)
            | Body::DiagnosticSetting(_) => Area::Workspace,
            Body::PrivateEndpoint(_)
            | Body::PrivateDnsZoneGroup(_)
            | Body::PrivateDnsZone(_)
            | Body::PrivateDnsZoneLink(_)
            | Body::MonitorPrivateLinkScope(_)
            | Body::MonitorScopedResource(_) => Area::PrivateLink,
            Body::AmlCluster(_)
            | Body::AmlInstance(_)
            | Body::AttachedCompute(_)
            | Body::NetworkInterface(_)
            | Body::VirtualMachine(_) => Area::Compute,
            Body::ManagedCluster(_) | Body::AksCompute(_) | Body::ClusterExtension(_) | Body::KubernetesCompute(_) => {
                Area::Aks
            }
        }
    }
}
