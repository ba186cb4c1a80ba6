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
//! - `MSDOCS-EXT`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-deploy-kubernetes-extension.md`
//!   (ms.date 2025-03-07): extension type `Microsoft.AzureML.Kubernetes`; configuration settings
//!   `enableTraining`, `enableInference` (`True`/`False`), `allowInsecureConnections` ("for development or
//!   test purposes"), `inferenceRouterServiceType` (`LoadBalancer`, `NodePort`, `ClusterIP`, required with
//!   inference), `internalLoadBalancerProvider` (`azure`: the router on an internal load balancer, AKS
//!   only), `sslCname` (required for HTTPS), `inferenceRouterHA` (`False` below three nodes: one router
//!   replica), the protected certificate and key; limitations: "Disabling local accounts for AKS is not
//!   supported by Azure Machine Learning", the cluster needs a managed identity.
//! - `CLI-EXT`: Azure/azure-cli-extensions `src/k8s-extension/azext_k8s_extension/partner_extensions/AzureMLKubernetes.py`:
//!   the release namespace is `azureml` at cluster scope, the release train `stable`; the CLI reads the
//!   PEM files named by `sslCertPemFile`/`sslKeyPemFile` and sends them base64-encoded as the protected
//!   settings `scoringFe.sslCert` and `scoringFe.sslKey`, which is what a template must send itself.
//! - `EXT-TYPES`: Azure/bicep-types-az `generated/kubernetesconfiguration/microsoft.kubernetesconfiguration/2023-05-01`
//!   (`Microsoft.KubernetesConfiguration/extensions`, an extension resource: `extensionType`,
//!   `autoUpgradeMinorVersion`, `releaseTrain`, `scope.cluster.releaseNamespace`, `configurationSettings`,
//!   `configurationProtectedSettings`); hashicorp/terraform-provider-azurerm v4.73.0
//!   `website/docs/r/kubernetes_cluster_extension.html.markdown` (`cluster_id`, `extension_type`,
//!   `release_train`, `release_namespace`, `configuration_settings`, `configuration_protected_settings`;
//!   without `version` Azure installs the latest and upgrades it).
//! - `MSDOCS-K8S-ATTACH`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-attach-kubernetes-to-workspace.md`
//!   (ms.date 2025-03-08: `--type Kubernetes`; the Kubernetes namespace "defaults to `default`", and attach
//!   neither creates nor checks it) and the ARM type data (`Microsoft.MachineLearningServices` 2026-05-01, `computeType: 'Kubernetes'`,
//!   `KubernetesProperties.namespace`, `defaultInstanceType`, `instanceTypes`).
//! - `MSDOCS-K8S-TLS`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-secure-kubernetes-online-endpoint.md`
//!   (ms.date 2022-10-10): HTTPS with `sslCname` and the protected PEM settings, `allowInsecureConnections`
//!   "must be set to `False`" for HTTPS; with `LoadBalancer` "`azureml-fe` is exposed externally through a
//!   cloud provider's load balancer and TLS/SSL termination"; the HTTP scoring URI
//!   `http://<ip>:80/api/v1/service/<service-name>/score`; `nodePort`/`clusterIP` need your own load
//!   balancer and TLS termination.
//! - `MSDOCS-SECURE-INFERENCE`: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-secure-kubernetes-inferencing-environment.md`
//!   (ms.date 2022-08-31): the workspace and its storage, key vault and registry need private or service
//!   endpoints in the cluster's (or a peered) network; with a workspace private endpoint the cluster is in
//!   the workspace's region; "Using a public fully qualified domain name (FQDN) with a private AKS cluster
//!   is __not supported__ with Azure Machine Learning".
//! - `MSDOCS-V1-END`: MicrosoftDocs/azure-ai-docs v1 articles' banners ("SDK v1 is deprecated as of March
//!   31, 2025. Support for it will end on June 30, 2026"; "Support for CLI v1 ended on September 30, 2025").
//! - `MSDOCS-AKS-PRIVATE-DNS`: MicrosoftDocs/azure-aks-docs `articles/aks/private-clusters.md` (ms.date
//!   2026-08-05), "Configuration options for private DNS": `privateDNSZone` is `system` (the default: AKS
//!   creates the zone in the node resource group), `none` (no private zone), or the resource id of a
//!   custom zone `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io` ("a 32
//!   character limit for the `<subzone>` name"), for which the cluster needs "a user-assigned identity or
//!   service principal with the Private DNS Zone Contributor and Network Contributor roles"; "You can't
//!   change or delete these resources after creating the cluster". "Limitations for private AKS clusters
//!   with custom DNS": `none` together with `publicDNS: false` "isn't supported".
//! - `AZURERM-AKS-DNS`: hashicorp/terraform-provider-azurerm `website/docs/r/kubernetes_cluster.html.markdown`
//!   (`private_dns_zone_id`: "Either the ID of Private DNS Zone which should be delegated to this Cluster,
//!   `System` to have AKS manage this or `None`"; "Changing this forces a new resource to be created") and
//!   `kubernetes_cluster_resource.go` (the value is sent as `apiServerAccessProfile.privateDNSZone` as
//!   written); the ARM type data (`Microsoft.ContainerService/managedClusters`,
//!   `ManagedClusterAPIServerAccessProfile.privateDNSZone`, a string: "The default is System").
use super::network::{CURRENT_K8S_DOC, HTTP_PORT, HTTPS_PORT, Source};

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

/// The private DNS zone of a private cluster's API server, as amlnet states it (never left to the
/// default). cf. MSDOCS-AKS-PRIVATE-DNS, AZURERM-AKS-DNS, checked 2026-11-30.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AksPrivateDnsZone {
    /// AKS creates and links the zone in the node resource group.
    System,
    /// An existing zone, by ARM id, whose records AKS writes.
    Custom(String),
}

impl AksPrivateDnsZone {
    /// The value of `private_dns_zone_id` (azurerm) and `apiServerAccessProfile.privateDNSZone` (ARM):
    /// azurerm sends its value as written, so both formats spell the mode the same.
    pub fn azure_value(&self) -> &str {
        match self {
            AksPrivateDnsZone::System => "System",
            AksPrivateDnsZone::Custom(id) => id,
        }
    }
}

/// The longest `<subzone>` label of a custom zone `<subzone>.privatelink.<region>.azmk8s.io`.
/// cf. MSDOCS-AKS-PRIVATE-DNS, checked 2026-11-30.
pub const PRIVATE_DNS_SUBZONE_MAX: usize = 32;

/// Whether `zone` is a name AKS accepts for a custom private DNS zone of a cluster in `region`:
/// `privatelink.<region>.azmk8s.io`, or one subzone label of at most [`PRIVATE_DNS_SUBZONE_MAX`]
/// characters before it (case-insensitive). cf. MSDOCS-AKS-PRIVATE-DNS, checked 2026-11-30.
pub fn private_dns_zone_fits(zone: &str, region: &str) -> bool {
    let zone = zone.to_ascii_lowercase();
    let base = private_dns_zone_name(region);
    if zone == base {
        return true;
    }
    zone.strip_suffix(&base).and_then(|rest| rest.strip_suffix('.')).is_some_and(|sub| {
        !sub.is_empty()
            && sub.len() <= PRIVATE_DNS_SUBZONE_MAX
            && sub.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// The custom zone name of a cluster in `region`, `privatelink.<region>.azmk8s.io`.
/// cf. MSDOCS-AKS-PRIVATE-DNS, checked 2026-11-30.
pub fn private_dns_zone_name(region: &str) -> String {
    crate::azure::private_link::aks_zone_pattern().replace("<region>", &region.to_ascii_lowercase())
}

/// The port a TLS-terminated scoring endpoint serves HTTPS on. cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const TLS_SCORING_PORT: u16 = HTTPS_PORT;

/// The port a scoring endpoint without TLS serves HTTP on. cf. MSDOCS-V1-TLS, checked 2026-11-30.
pub const PLAIN_SCORING_PORT: u16 = HTTP_PORT;

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

/// The port the extension's inference router (`azureml-fe`) serves scoring on: HTTPS on 443 with a
/// certificate, plain HTTP on 80 with `allowInsecureConnections`. Kubernetes online endpoints "support TLS
/// version 1.2" and the HTTP scoring URI is `http://<ip>:80/api/v1/service/<service-name>/score`.
/// cf. MSDOCS-K8S-TLS, MSDOCS-V1-TLS, checked 2026-11-30.
pub fn router_port(tls: bool) -> u16 {
    if tls { TLS_SCORING_PORT } else { PLAIN_SCORING_PORT }
}

/// The Azure Machine Learning extension's type. cf. MSDOCS-EXT, checked 2026-11-30.
pub const EXTENSION_TYPE: &str = "Microsoft.AzureML.Kubernetes";

/// The start of the name amlnet gives the extension resource, `azureml-<compute>` (a cluster holds one
/// Azure Machine Learning extension); the documentation's examples leave it to the user
/// (`--name <extension-name>`). cf. MSDOCS-EXT,
/// checked 2026-11-30.
pub const EXTENSION_NAME: &str = "azureml";

/// A cluster with the extension keeps its local accounts: "Disabling local accounts for AKS is not
/// supported by Azure Machine Learning" (checkov's CKV_AZURE_141 flags the enabled local accounts).
/// cf. MSDOCS-EXT (limitations), checked 2026-11-30.
pub const EXTENSION_NEEDS_LOCAL_ACCOUNTS: bool = true;

/// The key of the Azure Policy add-on in a managed cluster's `addonProfiles`.
/// cf. ARM-TYPES (`Microsoft.ContainerService/managedClusters` 2026-05-01 `addonProfiles`, a map of
/// `ManagedClusterAddonProfile`) and MicrosoftDocs/azure-aks-docs `articles/aks/use-azure-policy.md`
/// (`az aks enable-addons --addons azure-policy`; the profile `azurepolicy`), checked 2026-11-30.
pub const AZURE_POLICY_ADDON: &str = "azurepolicy";

/// The namespace the extension is installed in, at cluster scope, and its release train.
/// cf. CLI-EXT, checked 2026-11-30.
pub const EXTENSION_RELEASE_NAMESPACE: &str = "azureml";
pub const EXTENSION_RELEASE_TRAIN: &str = "stable";

/// The extension's configuration setting keys. cf. MSDOCS-EXT, checked 2026-11-30.
pub const CFG_ENABLE_TRAINING: &str = "enableTraining";
pub const CFG_ENABLE_INFERENCE: &str = "enableInference";
pub const CFG_ALLOW_INSECURE: &str = "allowInsecureConnections";
pub const CFG_ROUTER_SERVICE_TYPE: &str = "inferenceRouterServiceType";
pub const CFG_INTERNAL_LB_PROVIDER: &str = "internalLoadBalancerProvider";
pub const CFG_SSL_CNAME: &str = "sslCname";
pub const CFG_ROUTER_HA: &str = "inferenceRouterHA";

/// The value of `internalLoadBalancerProvider` that puts the router on an Azure internal load
/// balancer. cf. MSDOCS-EXT, checked 2026-11-30.
pub const INTERNAL_LB_PROVIDER_AZURE: &str = "azure";

/// The protected settings a template sends for the router's certificate and key (base64 of the PEM
/// text). cf. CLI-EXT, checked 2026-11-30.
pub const CFG_SSL_CERT: &str = "scoringFe.sslCert";
pub const CFG_SSL_KEY: &str = "scoringFe.sslKey";

/// A boolean configuration setting as the extension spells it. cf. MSDOCS-EXT, checked 2026-11-30.
pub fn setting_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// How the extension exposes its inference router (`azureml-fe`). cf. MSDOCS-EXT, checked 2026-11-30.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterServiceType {
    /// A load balancer: public, or internal with `internalLoadBalancerProvider: azure`.
    LoadBalancer,
    /// Reachable only from inside the cluster.
    ClusterIp,
}

impl RouterServiceType {
    pub fn azure_name(self) -> &'static str {
        match self {
            RouterServiceType::LoadBalancer => "LoadBalancer",
            RouterServiceType::ClusterIp => "ClusterIP",
        }
    }
}

/// What makes a cluster need an FQDN in its egress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Any cluster with the Azure Machine Learning extension.
    Extension,
    /// A cluster whose extension runs training.
    Training,
    /// A cluster with the Azure Policy add-on.
    AzurePolicy,
}

/// A host name a cluster's egress must reach, which no network security group can express (FQDNs have
/// no fixed addresses): a firewall on the cluster subnet's way out must allow it. `<region>`, `<your
/// ACR name>`, `<your storage account>` and `<your workspace ID>` stand for the deployment's values, as
/// the documentation writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredFqdn {
    /// Stable identifier, used by `explain`.
    pub id: &'static str,
    pub fqdns: &'static [&'static str],
    pub port: u16,
    pub needs: Needs,
    pub why: &'static str,
    pub source: Source,
}

/// The AKS egress documentation's "Cluster extensions" section. cf. MicrosoftDocs/azure-aks-docs, checked
/// 2026-11-30.
pub const AKS_EXTENSIONS_EGRESS_DOC: Source = Source {
    doc: "MicrosoftDocs/azure-aks-docs: articles/aks/outbound-rules-control-egress.md, \"Cluster extensions\" and \
          \"Azure Policy\" required FQDN / application rules",
    checked: "2026-11-30",
};

/// The egress the Azure Machine Learning extension and the Azure Policy add-on need that only a
/// firewall with FQDN rules can allow; the service tags the network security group allows are
/// `network::CURRENT_RULES` (`Trigger::KubernetesCompute`). A firewall catalogue can reuse this table.
/// cf. CURRENT_K8S_DOC ("Scenario: Use Kubernetes compute": the outbound URLs "required for Azure Machine
/// Learning", training and inference columns) and AKS_EXTENSIONS_EGRESS_DOC, checked 2026-11-30.
pub const EXTENSION_EGRESS: &[RequiredFqdn] = &[
    RequiredFqdn {
        id: "k8s-fqdn/extension-config",
        fqdns: &["<region>.dp.kubernetesconfiguration.azure.com"],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "the extension fetches its configuration from the Cluster Extensions service and reports its status",
        source: AKS_EXTENSIONS_EGRESS_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/extension-images",
        fqdns: &["mcr.microsoft.com", "*.data.mcr.microsoft.com"],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "the container images of the extension's agents, from Microsoft Container Registry",
        source: AKS_EXTENSIONS_EGRESS_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/system-logs",
        fqdns: &["*.kusto.windows.net", "*.table.core.windows.net", "*.queue.core.windows.net"],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "system logs uploaded to Kusto",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/registry",
        fqdns: &["<your ACR name>.azurecr.io", "<your ACR name>.<region>.data.azurecr.io"],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "the workspace's container registry, which holds the images of training and inference workloads",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/storage",
        fqdns: &["<your storage account>.blob.core.windows.net"],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "scripts, data and models, and job logs and outputs, in the workspace's blob storage",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/service-api",
        fqdns: &[
            "<your workspace ID>.workspace.<region>.api.azureml.ms",
            "<region>.experiments.azureml.net",
            "<region>.api.azureml.ms",
        ],
        port: HTTPS_PORT,
        needs: Needs::Extension,
        why: "the Azure Machine Learning service API",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/pypi",
        fqdns: &["pypi.org"],
        port: HTTPS_PORT,
        needs: Needs::Training,
        why: "pip packages that initialize training job environments",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "k8s-fqdn/ubuntu",
        fqdns: &["archive.ubuntu.com", "security.ubuntu.com", "ppa.launchpad.net"],
        port: HTTP_PORT,
        needs: Needs::Training,
        why: "security patches for training",
        source: CURRENT_K8S_DOC,
    },
    RequiredFqdn {
        id: "aks-fqdn/azure-policy",
        fqdns: &["data.policy.core.windows.net", "store.policy.core.windows.net", "dc.services.visualstudio.com"],
        port: HTTPS_PORT,
        needs: Needs::AzurePolicy,
        why: "the Azure Policy add-on pulls policies and Gatekeeper artifacts, reports compliance and sends telemetry",
        source: AKS_EXTENSIONS_EGRESS_DOC,
    },
];

/// The workspace compute type of a cluster with the extension, and the namespace its workloads run in
/// unless the spec names one. cf. MSDOCS-K8S-ATTACH, checked 2026-11-30.
pub const KUBERNETES_COMPUTE_TYPE: &str = "Kubernetes";
pub const DEFAULT_NAMESPACE: &str = "default";

/// The v1 attach's end of life. cf. MSDOCS-V1-END, checked 2026-11-30.
pub const V1_SDK_DEPRECATED: &str = "2025-03-31";
pub const V1_CLI_SUPPORT_ENDED: &str = "2025-09-30";
pub const V1_SDK_SUPPORT_ENDS: &str = "2026-06-30";

/// What ARM and Bicep say about the deployment that grants the cluster identity Private DNS Zone
/// Contributor on an existing API server zone (`private_dns_zone_role: grant`): AKS writes the zone's
/// records with that identity, so the role must exist before the cluster. cf. MSDOCS-AKS-PRIVATE-DNS
/// (a custom zone needs "a user-assigned identity or service principal with the Private DNS Zone
/// Contributor and Network Contributor roles"), checked 2026-11-30.
pub const EXISTING_ZONE_ROLE_NOTE: &str = "Grants the cluster's identity Private DNS Zone Contributor on the \
existing private DNS zone, at the zone's scope (its resource group, in its subscription), before the cluster is \
created. The identity that deploys needs the right to assign roles on that zone and to create deployments in its \
resource group.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_private_dns_zones_are_the_region_zone_or_one_subzone() {
        assert!(private_dns_zone_fits("privatelink.eastus.azmk8s.io", "eastus"));
        assert!(private_dns_zone_fits("team1.privatelink.EastUS.azmk8s.io", "eastus"));
        assert!(!private_dns_zone_fits("privatelink.westus.azmk8s.io", "eastus"));
        assert!(!private_dns_zone_fits("a.b.privatelink.eastus.azmk8s.io", "eastus"));
        assert!(!private_dns_zone_fits(".privatelink.eastus.azmk8s.io", "eastus"));
        assert!(!private_dns_zone_fits(&format!("{}.privatelink.eastus.azmk8s.io", "x".repeat(33)), "eastus"));
        assert!(!private_dns_zone_fits("privatelink.eastus.azmk8s.io.evil", "eastus"));
    }

    #[test]
    fn production_needs_three_nodes() {
        assert_eq!(ClusterPurpose::Production.min_nodes(), 3);
        assert_eq!(ClusterPurpose::DevTest.min_nodes(), 1);
        assert_eq!(ClusterPurpose::Production.azure_name(), "FastProd");
        assert_eq!(TLS_SCORING_PORT, 443);
    }

    /// A private cluster never gets a public FQDN, which Azure Machine Learning does not support.
    /// cf. MSDOCS-SECURE-INFERENCE, checked 2026-11-30.
    #[test]
    fn private_clusters_have_no_public_fqdn() {
        const { assert!(!crate::azure::defaults::AKS.private_cluster_public_fqdn) };
    }

    /// The clusters amlnet creates keep local accounts, which the extension needs.
    #[test]
    fn clusters_keep_the_local_accounts_the_extension_needs() {
        const { assert!(EXTENSION_NEEDS_LOCAL_ACCOUNTS && !crate::azure::defaults::AKS.local_accounts_disabled) };
        assert_eq!((setting_bool(true), setting_bool(false)), ("True", "False"));
    }
}
