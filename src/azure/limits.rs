//! Azure service limits that validation enforces, and the defaults it fills in.

// cf. learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits
// (Networking limits; Storage limits; Key Vault limits) — last checked 2026-11-27.
/// Virtual network rules per storage account.
pub const STORAGE_VNET_RULES: usize = 200;
/// Virtual network rules per key vault.
pub const KEY_VAULT_VNET_RULES: usize = 200;
/// Routes per route table.
pub const ROUTES_PER_TABLE: usize = 400;
/// Security rules per network security group (MicrosoftDocs/azure-docs
/// includes/azure-virtual-network-limits.md, "NSG rules per NSG | 1,000", checked 2026-11-30).
pub const RULES_PER_NSG: usize = 1000;
/// Subnets per virtual network (MicrosoftDocs/azure-docs includes/azure-virtual-network-limits.md,
/// "Subnets per virtual network", checked 2026-11-27).
pub const SUBNETS_PER_VNET: usize = 3000;

// cf. MicrosoftDocs/azure-docs articles/virtual-network/virtual-networks-faq.md ("What address ranges can
// I use in my VNets?": "You cannot add the following address ranges") — last checked 2026-11-30.
/// Ranges an address space entry must not overlap, with what Azure uses them for.
pub const VNET_RESERVED_RANGES: &[(&str, &str)] = &[
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("168.63.129.16/32", "Azure's internal DNS"),
];

// cf. learn.microsoft.com/azure/virtual-network/virtual-networks-faq ("Azure reserves the first four
// addresses and the last address in each subnet") — last checked 2026-11-27.
/// Addresses Azure keeps in every subnet.
pub const SUBNET_RESERVED_ADDRESSES: u64 = 5;

// cf. MicrosoftDocs/azure-aks-docs: articles/aks/concepts-network-legacy-cni.md and configure-kubenet.md
// ("must not be within 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, or 192.0.2.0/24") — last checked
// 2026-11-27.
/// Ranges an AKS service CIDR must not overlap.
pub const AKS_RESERVED_RANGES: &[&str] = &["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"];

// cf. learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// (Microsoft.Storage/storageAccounts 3-24 lowercase letters and digits; Microsoft.KeyVault/vaults 3-24
// alphanumerics and hyphens, starting with a letter, no consecutive hyphens;
// Microsoft.ContainerRegistry/registries 5-50 alphanumerics) — last checked 2026-11-27.
/// Longest storage account name.
pub const STORAGE_NAME_MAX: usize = 24;
/// Longest key vault name.
pub const KEY_VAULT_NAME_MAX: usize = 24;
/// Longest container registry name.
pub const REGISTRY_NAME_MAX: usize = 50;

// cf. learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
// (Microsoft.Network/networkSecurityGroups and routeTables: 1-80 characters) — last checked 2026-11-27.
/// Longest network security group or route table name.
pub const NETWORK_NAME_MAX: usize = 80;

/// The longest deployment name (`Microsoft.Resources/deployments`, an ARM nested deployment or a Bicep
/// module). cf. azure-docs `azure-resource-manager/management/resource-name-rules.md`
/// (Microsoft.Resources: deployments, 1-64), checked 2026-11-30.
pub const DEPLOYMENT_NAME_MAX: usize = 64;

// cf. learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster ("name ... between
// 2 and 16 characters ... letters, digits and the - character"), and the REST spec's name pattern for
// Microsoft.MachineLearningServices/workspaces/computes (Azure/bicep-types-az 2026-05-01:
// `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$`, so at least 3 characters and no `-<digits>` at
// the end) — last checked 2026-11-27. amlnet takes the stricter of both.
/// Shortest name of a workspace compute target.
pub const COMPUTE_NAME_MIN: usize = 3;
/// Longest name of a workspace compute target.
pub const COMPUTE_NAME_MAX: usize = 16;

/// Private address ranges a virtual appliance may use (RFC 1918 and RFC 6598 shared address space).
pub const PRIVATE_RANGES: &[&str] = &["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

// cf. learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet ("don't use 172.17.0.0/16
// for your virtual network", the Docker bridge default) — last checked 2026-11-27.
/// The default Docker bridge range, which a virtual network should avoid.
pub const DOCKER_DEFAULT_BRIDGE: &str = "172.17.0.0/16";

// cf. learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance ("Configure idle
// shutdown": "from a minimum of 15 minutes to a maximum of three days") — last checked 2026-11-27.
/// Shortest idle time before a compute instance shuts down, in minutes.
pub const IDLE_SHUTDOWN_MIN_MINUTES: u64 = 15;
/// Longest idle time before a compute instance shuts down, in minutes (three days).
pub const IDLE_SHUTDOWN_MAX_MINUTES: u64 = 3 * 24 * 60;

// cf. MicrosoftDocs/azure-docs includes/azure-virtual-network-limits.md ("NSG rules per NSG | 1,000")
// and articles/virtual-network/network-security-groups-overview.md (a rule's priority is "a number
// between 100 and 4096") — last checked 2026-11-30.
/// Lowest priority number a security rule may have.
pub const NSG_PRIORITY_MIN: u16 = 100;
/// Highest priority number a security rule may have.
pub const NSG_PRIORITY_MAX: u16 = 4096;

/// Allow rules amlnet can number in one direction of one NSG: from `PRIORITY_START` in steps of
/// `PRIORITY_STEP`, strictly below the catalogue's deny at `PRIORITY_DENY` (amlnet's own numbering,
/// inside Azure's range).
pub const NSG_ALLOW_RULES_PER_DIRECTION: usize = {
    use super::network::{PRIORITY_DENY, PRIORITY_START, PRIORITY_STEP};
    ((PRIORITY_DENY - PRIORITY_START) / PRIORITY_STEP) as usize
};

// amlnet's numbering lies inside Azure's priorities, and both directions full, each with its deny,
// still fit Azure's rule limit: checked when the crate compiles.
const _: () = {
    use super::network::{PRIORITY_DENY, PRIORITY_MAX, PRIORITY_START, PRIORITY_STEP};
    assert!(NSG_PRIORITY_MIN <= PRIORITY_START && PRIORITY_DENY <= NSG_PRIORITY_MAX);
    assert!(PRIORITY_MAX == NSG_PRIORITY_MAX);
    let last = PRIORITY_START as usize + (NSG_ALLOW_RULES_PER_DIRECTION - 1) * PRIORITY_STEP as usize;
    assert!(last < PRIORITY_DENY as usize);
    assert!(2 * (NSG_ALLOW_RULES_PER_DIRECTION + 1) <= RULES_PER_NSG);
};

// cf. MicrosoftDocs/azure-docs articles/azure-resource-manager/management/tag-resources.md ("a maximum of 50
// tag name-value pairs"; "The tag name has a limit of 512 characters and the tag value has a limit of 256
// characters. For storage accounts, the tag name has a limit of 128 characters"; "Tag names can't contain
// these characters: <, >, %, &, \, ?, /") — last checked 2026-11-30.
/// Tags per resource.
pub const TAGS_MAX: usize = 50;
/// Longest tag name, and on a storage account.
pub const TAG_KEY_MAX: usize = 512;
pub const STORAGE_TAG_KEY_MAX: usize = 128;
/// Longest tag value.
pub const TAG_VALUE_MAX: usize = 256;
/// Characters a tag name must not hold.
pub const TAG_KEY_FORBIDDEN: &[char] = &['<', '>', '%', '&', '\\', '?', '/'];

// cf. MicrosoftDocs/azure-aks-docs articles/aks/configure-azure-cni.md ("Kubernetes service address range
// ... Service address CIDR must be smaller than /12") — last checked 2026-11-30.
/// Shortest prefix length of an AKS service CIDR.
pub const AKS_SERVICE_CIDR_SHORTEST_PREFIX: u8 = 12;

/// The idle time before a compute instance shuts down when the spec does not say: amlnet's own choice
/// (not a service default), inside the range above.
pub const IDLE_SHUTDOWN_DEFAULT: &str = "PT30M";
