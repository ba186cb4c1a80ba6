//! Private endpoints: which sub-resource (group id) each service exposes, and the private DNS zone
//! each group id resolves through, per Azure cloud.
//!
//! One table, [`ZONES`], holds every zone name amlnet writes; emitters write those names as literals.
//! It deliberately does not derive zone names from environment suffixes: Bicep's
//! `environment().suffixes.keyvaultDns` gives `privatelink.vault.azure.net`, which is wrong
//! (Azure/bicep#9708; the machine-learning-end-to-end-secure quickstart ships that bug).

use std::net::Ipv4Addr;

use super::regions::Region;

/// An Azure cloud (sovereign clouds have their own DNS suffixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cloud {
    Public,
    UsGovernment,
    China,
}

impl Cloud {
    /// The cloud a region belongs to. amlnet's region table lists public-cloud regions only.
    pub fn of(_region: &Region) -> Cloud {
        Cloud::Public
    }
}

/// A service amlnet places behind a private endpoint, with the sub-resource the endpoint connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The workspace (`amlworkspace`).
    Workspace,
    /// The storage account's blob service.
    StorageBlob,
    /// The storage account's file service.
    StorageFile,
    /// The storage account's queue service (batch endpoints, ParallelRunStep).
    StorageQueue,
    /// The storage account's table service (batch endpoints, ParallelRunStep).
    StorageTable,
    /// The key vault.
    KeyVault,
    /// The container registry.
    ContainerRegistry,
    /// An Azure Monitor private link scope (`workspace.monitor_private_link`).
    AzureMonitor,
}

/// A private DNS zone amlnet may create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zone {
    MlApi,
    MlNotebooks,
    Blob,
    File,
    Queue,
    Table,
    Vault,
    Registry,
    Monitor,
    Oms,
    Ods,
    AgentSvc,
}

/// A target's group id and the zones its endpoint registers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetInfo {
    pub target: Target,
    /// The `groupIds` / `subresource_names` entry.
    pub group_id: &'static str,
    pub zones: &'static [Zone],
    /// A short key for names and identifiers (`pep-<name>-<key>`).
    pub key: &'static str,
}

// cf. learn.microsoft.com/azure/private-link/private-endpoint-dns ("Azure services DNS zone
// configuration": Microsoft.MachineLearningServices/workspaces amlworkspace, Microsoft.Storage blob and
// file, Microsoft.KeyVault vault, Microsoft.ContainerRegistry registry) — last checked 2026-11-27; the
// storage queue and table group ids: MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md
// ("Storage account (Microsoft.Storage/storageAccounts) | queue ... | table ...") — checked 2026-11-30.
pub const TARGETS: &[TargetInfo] = &[
    TargetInfo {
        target: Target::Workspace,
        group_id: "amlworkspace",
        zones: &[Zone::MlApi, Zone::MlNotebooks],
        key: "mlw",
    },
    TargetInfo { target: Target::StorageBlob, group_id: "blob", zones: &[Zone::Blob], key: "st-blob" },
    TargetInfo { target: Target::StorageFile, group_id: "file", zones: &[Zone::File], key: "st-file" },
    TargetInfo { target: Target::StorageQueue, group_id: "queue", zones: &[Zone::Queue], key: "st-queue" },
    TargetInfo { target: Target::StorageTable, group_id: "table", zones: &[Zone::Table], key: "st-table" },
    TargetInfo { target: Target::KeyVault, group_id: "vault", zones: &[Zone::Vault], key: "kv" },
    TargetInfo { target: Target::ContainerRegistry, group_id: "registry", zones: &[Zone::Registry], key: "cr" },
    // cf. MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md ("Azure Monitor
    // (Microsoft.Insights/privateLinkScopes) | azuremonitor | privatelink.monitor.azure.com,
    // privatelink.oms.opinsights.azure.com, privatelink.ods.opinsights.azure.com,
    // privatelink.agentsvc.azure-automation.net, privatelink.blob.core.windows.net") — checked 2026-11-30.
    TargetInfo {
        target: Target::AzureMonitor,
        group_id: "azuremonitor",
        zones: &[Zone::Monitor, Zone::Oms, Zone::Ods, Zone::AgentSvc, Zone::Blob],
        key: "ampls",
    },
];

// cf. learn.microsoft.com/azure/private-link/private-endpoint-dns (Commercial, Government and 21Vianet
// tables); Azure/azure-quickstart-templates machine-learning-end-to-end-secure
// modules/machinelearningnetworking.bicep (the ML zones per cloud); domain.md §4.5 — last checked 2026-11-27.
// Queue and table zones: MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md, the
// Commercial, Government and China tables ("privatelink.queue.core.windows.net",
// "privatelink.table.core.usgovcloudapi.net", "privatelink.queue.core.chinacloudapi.cn", ...) — checked
// 2026-11-30.
/// Every zone name, per cloud. Private DNS zones and their links live in location `global`.
pub const ZONES: &[(Cloud, Zone, &str)] = &[
    (Cloud::Public, Zone::MlApi, "privatelink.api.azureml.ms"),
    (Cloud::Public, Zone::MlNotebooks, "privatelink.notebooks.azure.net"),
    (Cloud::Public, Zone::Blob, "privatelink.blob.core.windows.net"),
    (Cloud::Public, Zone::File, "privatelink.file.core.windows.net"),
    (Cloud::Public, Zone::Queue, "privatelink.queue.core.windows.net"),
    (Cloud::Public, Zone::Table, "privatelink.table.core.windows.net"),
    (Cloud::Public, Zone::Vault, "privatelink.vaultcore.azure.net"),
    (Cloud::Public, Zone::Registry, "privatelink.azurecr.io"),
    (Cloud::UsGovernment, Zone::MlApi, "privatelink.api.ml.azure.us"),
    (Cloud::UsGovernment, Zone::MlNotebooks, "privatelink.notebooks.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::Blob, "privatelink.blob.core.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::File, "privatelink.file.core.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::Queue, "privatelink.queue.core.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::Table, "privatelink.table.core.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::Vault, "privatelink.vaultcore.usgovcloudapi.net"),
    (Cloud::UsGovernment, Zone::Registry, "privatelink.azurecr.us"),
    (Cloud::China, Zone::MlApi, "privatelink.api.ml.azure.cn"),
    (Cloud::China, Zone::MlNotebooks, "privatelink.notebooks.chinacloudapi.cn"),
    (Cloud::China, Zone::Blob, "privatelink.blob.core.chinacloudapi.cn"),
    (Cloud::China, Zone::File, "privatelink.file.core.chinacloudapi.cn"),
    (Cloud::China, Zone::Queue, "privatelink.queue.core.chinacloudapi.cn"),
    (Cloud::China, Zone::Table, "privatelink.table.core.chinacloudapi.cn"),
    (Cloud::China, Zone::Vault, "privatelink.vaultcore.azure.cn"),
    (Cloud::China, Zone::Registry, "privatelink.azurecr.cn"),
    // Azure Monitor: the Commercial table of the same article. Public cloud only: the Government row
    // adds a sixth zone (`privatelink.adx.monitor.azure.us`, beyond a zone group's five) and the China
    // table has no Azure Monitor row; amlnet's region table is public-cloud only.
    (Cloud::Public, Zone::Monitor, "privatelink.monitor.azure.com"),
    (Cloud::Public, Zone::Oms, "privatelink.oms.opinsights.azure.com"),
    (Cloud::Public, Zone::Ods, "privatelink.ods.opinsights.azure.com"),
    (Cloud::Public, Zone::AgentSvc, "privatelink.agentsvc.azure-automation.net"),
];

// cf. MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-secure-workspace-vnet.md ("Secure Azure
// storage accounts", private endpoint tab: "add private endpoints for the following storage resources:
// Blob, File, Queue - Only needed if you plan to use Batch endpoints or the ParallelRunStep ..., Table - Only
// needed if ...") — checked 2026-11-30.
/// The storage services Azure Machine Learning needs behind private endpoints: the default of
/// `workspace.private_endpoints.storage_services`, and what it must always hold.
pub const STORAGE_REQUIRED: &[Target] = &[Target::StorageBlob, Target::StorageFile];
/// Every storage service that can have a private endpoint, in the order amlnet creates them.
pub const STORAGE_SERVICES: &[Target] =
    &[Target::StorageBlob, Target::StorageFile, Target::StorageQueue, Target::StorageTable];

// cf. MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns-integration.md ("Virtual network
// workloads without custom DNS server": the client queries "the Azure-provided DNS service 168.63.129.16.
// Azure DNS is responsible for DNS resolution of the private DNS zones"; a DNS forwarder resolves "via a
// server-level forwarder to the Azure-provided DNS service 168.63.129.16") — checked 2026-11-30.
/// Azure DNS, which answers from the private DNS zones linked to a virtual network: custom DNS servers
/// see those zones only by forwarding to it.
pub const AZURE_DNS: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

// cf. MicrosoftDocs/azure-aks-docs articles/aks/private-clusters.md ("The resource ID of an existing private
// DNS zone or subzone in the following format for Azure global cloud: `privatelink.<region>.azmk8s.io` or
// `<subzone>.privatelink.<region>.azmk8s.io`") — checked 2026-11-30.
/// The private DNS zone of a private AKS cluster's API server, as AKS names it (per region).
pub fn aks_zone_pattern() -> &'static str {
    "privatelink.<region>.azmk8s.io"
}

/// Location of private DNS zones and their virtual network links.
pub const DNS_LOCATION: &str = "global";

/// The services a deployment puts behind private endpoints, in creation order: the storage services
/// `storage`, the key vault, the registry when there is one, the workspace, and the Azure Monitor private
/// link scope when there is one.
pub fn deployment_targets(storage: &[Target], registry: bool, monitor: bool) -> Vec<Target> {
    let mut targets = storage.to_vec();
    targets.push(Target::KeyVault);
    if registry {
        targets.push(Target::ContainerRegistry);
    }
    targets.push(Target::Workspace);
    if monitor {
        targets.push(Target::AzureMonitor);
    }
    targets
}

/// The zones the endpoints of `targets` register in, each once, in [`TARGETS`] order.
pub fn zones_for(targets: &[Target]) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    for info in TARGETS.iter().filter(|t| targets.contains(&t.target)) {
        for zone in info.zones {
            if !zones.contains(zone) {
                zones.push(*zone);
            }
        }
    }
    zones
}

/// The zone of a cloud named `name`, if amlnet knows it.
pub fn zone_named(cloud: Cloud, name: &str) -> Option<Zone> {
    ZONES.iter().find(|(c, _, n)| *c == cloud && n.eq_ignore_ascii_case(name)).map(|(_, z, _)| *z)
}

/// The row of a target.
pub fn target(target: Target) -> &'static TargetInfo {
    TARGETS.iter().find(|t| t.target == target).expect("every Target has a row in TARGETS")
}

/// A zone's name in a cloud.
pub fn zone_name(cloud: Cloud, zone: Zone) -> &'static str {
    ZONES
        .iter()
        .find(|(c, z, _)| *c == cloud && *z == zone)
        .map(|(_, _, n)| *n)
        .expect("every zone in every cloud amlnet deploys to (Cloud::of gives the public cloud)")
}

/// A short snake_case key for a zone (identifiers of the zone and its link).
pub fn zone_key(zone: Zone) -> &'static str {
    match zone {
        Zone::MlApi => "azureml_api",
        Zone::MlNotebooks => "azureml_notebooks",
        Zone::Blob => "blob",
        Zone::File => "file",
        Zone::Queue => "queue",
        Zone::Table => "table",
        Zone::Vault => "vault",
        Zone::Registry => "registry",
        Zone::Monitor => "monitor",
        Zone::Oms => "oms",
        Zone::Ods => "ods",
        Zone::AgentSvc => "agentsvc",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE_LIST: [Zone; 8] =
        [Zone::MlApi, Zone::MlNotebooks, Zone::Blob, Zone::File, Zone::Queue, Zone::Table, Zone::Vault, Zone::Registry];

    #[test]
    fn storage_services_have_their_own_group_id_and_zone() {
        for service in STORAGE_SERVICES {
            let info = target(*service);
            assert_eq!(info.zones.len(), 1);
            assert_eq!(info.key, format!("st-{}", info.group_id));
            for cloud in [Cloud::Public, Cloud::UsGovernment, Cloud::China] {
                assert!(zone_name(cloud, info.zones[0]).starts_with(&format!("privatelink.{}.core.", info.group_id)));
            }
        }
        assert!(STORAGE_REQUIRED.iter().all(|t| STORAGE_SERVICES.contains(t)));
    }

    #[test]
    fn azure_monitor_zones_are_the_public_clouds_five() {
        let ampls = target(Target::AzureMonitor);
        assert_eq!(ampls.group_id, "azuremonitor");
        let names: Vec<&str> = ampls.zones.iter().map(|z| zone_name(Cloud::Public, *z)).collect();
        assert_eq!(
            names,
            [
                "privatelink.monitor.azure.com",
                "privatelink.oms.opinsights.azure.com",
                "privatelink.ods.opinsights.azure.com",
                "privatelink.agentsvc.azure-automation.net",
                "privatelink.blob.core.windows.net",
            ]
        );
        // A zone group holds at most five zones (private-endpoint-dns-integration.md).
        assert!(TARGETS.iter().all(|t| t.zones.len() <= 5));
        let monitor_only = [Zone::Monitor, Zone::Oms, Zone::Ods, Zone::AgentSvc];
        assert!(ZONES.iter().filter(|(_, z, _)| monitor_only.contains(z)).all(|(c, _, _)| *c == Cloud::Public));
    }

    #[test]
    fn every_zone_in_every_cloud_once() {
        for cloud in [Cloud::Public, Cloud::UsGovernment, Cloud::China] {
            for zone in ZONE_LIST {
                assert_eq!(ZONES.iter().filter(|(c, z, _)| *c == cloud && *z == zone).count(), 1);
                assert!(zone_name(cloud, zone).starts_with("privatelink."));
            }
        }
    }

    #[test]
    fn key_vault_zone_is_vaultcore_not_vault() {
        // Azure/bicep#9708: `privatelink${environment().suffixes.keyvaultDns}` is the wrong zone.
        assert_eq!(zone_name(Cloud::Public, Zone::Vault), "privatelink.vaultcore.azure.net");
        assert!(ZONES.iter().all(|(_, _, n)| !n.starts_with("privatelink.vault.")));
    }

    #[test]
    fn workspace_resolves_through_api_and_notebooks() {
        let ws = target(Target::Workspace);
        assert_eq!((ws.group_id, ws.zones), ("amlworkspace", &[Zone::MlApi, Zone::MlNotebooks][..]));
    }
}
