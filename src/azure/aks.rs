//! Facts about the AKS inference cluster and its Azure ML attach (v1 `computeType: AKS`): the
//! cluster purpose and the node count it needs, the scoring TLS settings, and where the kubelet
//! identity (the identity that pulls images) is read.
//!
//! Sources (all checked 2026-11-30):
//! - `MSDOCS-V1-AKS`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/v1/how-to-create-attach-kubernetes.md`
//!   ("if the cluster will be used for production, then it must contain at least 3 nodes. For a
//!   dev-test cluster, it must contain at least 1 node." / "If you do not specify the cluster purpose,
//!   a production cluster is created.").
//! - `SDK-V1-PURPOSE`: learn.microsoft.com/python/api/azureml-core/azureml.core.compute.aks.akscompute.clusterpurpose
//!   (`FAST_PROD = 'FastProd'`, 3 nodes; `DEV_TEST = 'DevTest'`, 1 node).
//! - `MSDOCS-V1-TLS`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/v1/how-to-secure-web-service.md`
//!   (TLS termination is enabled when the cluster is created or attached, with a Microsoft certificate
//!   named by `leaf_domain_label` as `<label><6 random characters>.<region>.cloudapp.azure.com`, or
//!   with your own certificate, key and CNAME; without TLS the scoring URI is `http://<ip>:80/...`).
//! - `ARM-TYPES`: Azure/bicep-types-az `Microsoft.MachineLearningServices` 2026-05-01 `AKSSchemaProperties`
//!   (`clusterPurpose: 'DenseProd' | 'DevTest' | 'FastProd'`) and `SslConfiguration` (`status:
//!   'Auto' | 'Disabled' | 'Enabled'`, `cert`, `key`, `cname`, `leafDomainLabel`,
//!   `overwriteExistingDomain`; `cert` and `key` are sensitive).
//! - `MSDOCS-AKS-ACR`: MicrosoftDocs/azure-aks-docs `articles/aks/cluster-container-registry-integration.md`
//!   ("assigns the AcrPull role to the Microsoft Entra ID managed identity associated with the agent
//!   pool"; "This role is assigned to the kubelet managed identity"); the managed cluster exposes it as
//!   `properties.identityProfile.kubeletidentity.objectId` (ARM) and `kubelet_identity[0].object_id`
//!   (hashicorp/terraform-provider-azurerm v4.73.0 `kubernetes_cluster_resource.go`).

/// What an AKS inference cluster is for: it sets how many inference router replicas the attach
/// deploys, and so the fewest nodes the cluster may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterPurpose {
    /// Production quality fault tolerance (the service's default).
    Production,
    /// Minimal components, for testing.
    DevTest,
}

// cf. SDK-V1-PURPOSE, ARM-TYPES `clusterPurpose`, checked 2026-11-30.
impl ClusterPurpose {
    /// The spelling of `properties.clusterPurpose` on the attach.
    pub fn azure_name(self) -> &'static str {
        match self {
            ClusterPurpose::Production => "FastProd",
            ClusterPurpose::DevTest => "DevTest",
        }
    }

    /// The fewest nodes a cluster of this purpose may have. cf. MSDOCS-V1-AKS, checked 2026-11-30.
    pub fn min_nodes(self) -> u32 {
        match self {
            ClusterPurpose::Production => 3,
            ClusterPurpose::DevTest => 1,
        }
    }
}

/// The port a TLS-terminated scoring endpoint serves HTTPS on. cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const TLS_SCORING_PORT: u16 = super::network::HTTPS_PORT;

/// The port a scoring endpoint without TLS serves HTTP on. cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const PLAIN_SCORING_PORT: u16 = super::network::HTTP_PORT;

/// The DNS suffix of the name a Microsoft certificate is issued for, after the region.
/// cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const MICROSOFT_CERT_DOMAIN: &str = "cloudapp.azure.com";

/// The number of random characters the service appends to a leaf domain label.
/// cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const LEAF_DOMAIN_RANDOM_CHARS: usize = 6;

/// The path of the kubelet identity's object id in a managed cluster's ARM `properties`.
/// cf. MSDOCS-AKS-ACR, checked 2026-11-30.
pub const KUBELET_OBJECT_ID_ARM: &str = "identityProfile.kubeletidentity.objectId";

/// The azurerm attribute of `azurerm_kubernetes_cluster` holding the kubelet identity, and the
/// identity's object id attribute. cf. MSDOCS-AKS-ACR (azurerm v4.73.0), checked 2026-11-30.
pub const KUBELET_IDENTITY_TF: &str = "kubelet_identity";
pub const KUBELET_OBJECT_ID_TF: &str = "object_id";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_needs_three_nodes() {
        assert_eq!(ClusterPurpose::Production.min_nodes(), 3);
        assert_eq!(ClusterPurpose::DevTest.min_nodes(), 1);
        assert_eq!(ClusterPurpose::Production.azure_name(), "FastProd");
        assert_eq!(TLS_SCORING_PORT, 443);
    }
}
