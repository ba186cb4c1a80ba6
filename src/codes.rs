//! The index of diagnostic codes: one table ([`CODES`]) of every code amlnet reports, with what it
//! catches, why, and a spec that triggers it (a file of the diagnostics corpus in `tests/data`).
//!
//! `amlnet explain-code CODE` prints an entry ([`explain`]), SARIF output takes its rules from it, and
//! `docs/diagnostics.md` is generated from it ([`markdown`]). The message and the fix shown are not
//! written here: they are what amlnet says about the example, so they cannot drift from the checks.
//! Tests keep the table complete: every code in `src` has an entry, every example triggers its code,
//! and the committed document is the generated one.

use crate::SourceFormat;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// One diagnostic code.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Code {
    /// The code, e.g. `amlnet::subnet::overlap`.
    pub code: &'static str,
    pub severity: Severity,
    /// What it catches, one sentence.
    pub summary: &'static str,
    /// Why amlnet reports it.
    pub why: &'static str,
    /// A spec that triggers it; `None` where one would be too large to show (`why` says so).
    pub example: Option<Example>,
}

/// A spec of the diagnostics corpus that triggers a code.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Example {
    /// The path in the repository, e.g. `tests/data/invalid/subnet-overlap.yaml`.
    pub file: &'static str,
    /// Its bytes (one case is deliberately not UTF-8).
    pub text: &'static [u8],
}

/// Every diagnostic code, sorted.
pub(crate) const CODES: &[Code] = &[
    Code {
        code: "amlnet::aks::attach_field",
        severity: Severity::Error,
        summary: "A field of the Kubernetes compute (v2) on a v1 attach, or of the v1 attach on Kubernetes compute.",
        why: "Under `network_rules: current` an AKS compute is attached as Kubernetes compute (the Azure Machine Learning extension); under `seed-2019` it keeps the legacy v1 attach. Each takes its own fields (a Microsoft certificate exists only on the v1 attach; `workloads` and `namespace` only on Kubernetes compute), so a field of the other attach would be ignored.",
        example: Some(Example {
            file: "tests/data/invalid/aks-extension-microsoft-certificate.yaml",
            text: include_bytes!("../tests/data/invalid/aks-extension-microsoft-certificate.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::dns_service_ip",
        severity: Severity::Error,
        summary: "`dns_service_ip` outside `service_cidr`, or its network address or `.1`.",
        why: "AKS gives the cluster DNS service this address inside `service_cidr`; the network address and `.1` (the kubernetes service) are taken, and an address outside the range is unreachable.",
        example: Some(Example {
            file: "tests/data/invalid/aks-dns-dot-one.yaml",
            text: include_bytes!("../tests/data/invalid/aks-dns-dot-one.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::docker_bridge_ignored",
        severity: Severity::Warning,
        summary: "`docker_bridge_cidr` is ignored by current AKS.",
        why: "Current AKS no longer uses the Docker bridge; the value reaches no setting, so the spec would claim something that does not happen.",
        example: Some(Example {
            file: "tests/data/warnings/docker-bridge.yaml",
            text: include_bytes!("../tests/data/warnings/docker-bridge.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::docker_bridge_overlap",
        severity: Severity::Error,
        summary: "`docker_bridge_cidr` overlaps the vnet, a subnet or `service_cidr`.",
        why: "Traffic to an overlapping range would be routed to the bridge instead of the network or the services.",
        example: Some(Example {
            file: "tests/data/invalid/aks-docker-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/aks-docker-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::kubenet",
        severity: Severity::Warning,
        summary: "Kubenet is legacy and retires.",
        why: "Azure retires kubenet for AKS; Azure CNI (overlay) is the supported network plugin.",
        example: Some(Example {
            file: "tests/data/warnings/kubenet.yaml",
            text: include_bytes!("../tests/data/warnings/kubenet.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::pod_cidr_overlap",
        severity: Severity::Error,
        summary: "An AKS pod CIDR overlaps the network, the appliance, the service CIDR or the Docker bridge.",
        why: "Pod addresses that overlap the network, the appliance or the service range make traffic to those addresses unroutable.",
        example: Some(Example {
            file: "tests/data/invalid/aks-pod-cidr-default-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/aks-pod-cidr-default-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::private_dns_zone_id",
        severity: Severity::Error,
        summary: "A `private_dns_zone` that is neither `system`, `none` nor the ARM id of a private DNS zone AKS accepts in the cluster's region.",
        why: "AKS accepts as a custom zone only `privatelink.<region>.azmk8s.io` or `<subzone>.privatelink.<region>.azmk8s.io` (a subzone of at most 32 characters) of the cluster's region; another id fails the cluster's creation, and the zone cannot change afterwards.",
        example: Some(Example {
            file: "tests/data/invalid/aks-dns-zone-region.yaml",
            text: include_bytes!("../tests/data/invalid/aks-dns-zone-region.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::private_dns_zone_none",
        severity: Severity::Error,
        summary: "`private_dns_zone: none` on a private cluster.",
        why: "With `none` AKS creates no private zone and the nodes reach the API server through its public FQDN; AKS does not support `none` without the public FQDN, and Azure Machine Learning does not support a private cluster with a public FQDN, which amlnet never enables.",
        example: Some(Example {
            file: "tests/data/invalid/aks-dns-zone-none.yaml",
            text: include_bytes!("../tests/data/invalid/aks-dns-zone-none.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::private_dns_zone_not_private",
        severity: Severity::Error,
        summary: "`private_dns_zone` on a cluster without `private_cluster: true`.",
        why: "The zone holds the private address of a private cluster's API server; a public cluster has none, and the setting would be silently ignored.",
        example: Some(Example {
            file: "tests/data/invalid/aks-dns-zone-not-private.yaml",
            text: include_bytes!("../tests/data/invalid/aks-dns-zone-not-private.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::private_dns_zone_role",
        severity: Severity::Warning,
        summary: "A private AKS cluster whose API server zone is an existing private DNS zone.",
        why: "AKS writes the API server's records in the custom zone with the cluster's user-assigned identity, which needs Private DNS Zone Contributor on it before the cluster is created. The zone lives outside the deployment (often in a landing zone's subscription), so by default (`private_dns_zone_role: external`) its owner grants that role; `private_dns_zone_role: grant` makes amlnet assign it at the zone's scope. amlnet gives the identity Network Contributor on the virtual network it creates, for the zone's network link.",
        example: Some(Example {
            file: "tests/data/warnings/aks-dns-zone-role.yaml",
            text: include_bytes!("../tests/data/warnings/aks-dns-zone-role.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::production_nodes",
        severity: Severity::Error,
        summary: "A production AKS inference cluster with fewer nodes than production needs.",
        why: "Azure Machine Learning requires a minimum size of an AKS cluster attached for production; the attach fails otherwise (the message names the minimum).",
        example: Some(Example {
            file: "tests/data/invalid/aks-production-nodes.yaml",
            text: include_bytes!("../tests/data/invalid/aks-production-nodes.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::router_port",
        severity: Severity::Error,
        summary: "Kubernetes compute whose `scoring.port` is not the port its inference router serves.",
        why: "The Azure Machine Learning extension's inference router serves HTTPS on the HTTPS port with a certificate and plain HTTP on the HTTP port without; the scoring rule must open the one it serves, or callers reach nothing.",
        example: Some(Example {
            file: "tests/data/invalid/aks-router-port.yaml",
            text: include_bytes!("../tests/data/invalid/aks-router-port.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::service_cidr_overlap",
        severity: Severity::Error,
        summary: "`service_cidr` overlaps the vnet, a subnet or the appliance of forced tunneling.",
        why: "Kubernetes service addresses are virtual; a range that overlaps real addresses makes those addresses unreachable from the cluster.",
        example: Some(Example {
            file: "tests/data/invalid/aks-service-cidr-appliance.yaml",
            text: include_bytes!("../tests/data/invalid/aks-service-cidr-appliance.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::service_cidr_reserved",
        severity: Severity::Error,
        summary: "`service_cidr` overlaps a range AKS reserves.",
        why: "AKS refuses service ranges that overlap the ranges it reserves for itself.",
        example: Some(Example {
            file: "tests/data/invalid/aks-service-cidr-reserved.yaml",
            text: include_bytes!("../tests/data/invalid/aks-service-cidr-reserved.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::service_cidr_size",
        severity: Severity::Error,
        summary: "`service_cidr` larger than AKS allows.",
        why: "AKS refuses a service range larger than its bound (the message names it).",
        example: Some(Example {
            file: "tests/data/invalid/aks-service-cidr-size.yaml",
            text: include_bytes!("../tests/data/invalid/aks-service-cidr-size.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::v1_attach_legacy",
        severity: Severity::Warning,
        summary: "An AKS compute under `network_rules: seed-2019`: the legacy v1 attach.",
        why: "The v1 attach (`computeType: AKS`) belongs to the deprecated v1 API; amlnet keeps it only to reproduce the 2019 guidance. Today's path is Kubernetes compute with the Azure Machine Learning extension (`network_rules: current`).",
        example: Some(Example {
            file: "tests/data/warnings/aks-v1-attach.yaml",
            text: include_bytes!("../tests/data/warnings/aks-v1-attach.yaml"),
        }),
    },
    Code {
        code: "amlnet::aks::workloads",
        severity: Severity::Error,
        summary: "`workloads` empty or repeated, `scoring` without inference, or a namespace that is no DNS label.",
        why: "The extension's `enableTraining`/`enableInference` settings come from `workloads`; a scoring endpoint needs inference, and the namespace the compute deploys into must be a Kubernetes namespace name.",
        example: Some(Example {
            file: "tests/data/invalid/aks-namespace.yaml",
            text: include_bytes!("../tests/data/invalid/aks-namespace.yaml"),
        }),
    },
    Code {
        code: "amlnet::check::stale",
        severity: Severity::Error,
        summary: "`amlnet check`: the output directory is out of date.",
        why: "The output directory differs from what `generate` writes for the spec: someone edited a generated file, or the spec changed without regenerating.",
        example: None,
    },
    Code {
        code: "amlnet::cidr::host_bits",
        severity: Severity::Error,
        summary: "A prefix with host bits set.",
        why: "A prefix with host bits set is ambiguous (did `10.0.1.5/24` mean `10.0.1.0/24`?); Azure refuses it.",
        example: Some(Example {
            file: "tests/data/invalid/aks-pod-cidr-host-bits.yaml",
            text: include_bytes!("../tests/data/invalid/aks-pod-cidr-host-bits.yaml"),
        }),
    },
    Code {
        code: "amlnet::cidr::syntax",
        severity: Severity::Error,
        summary: "Not a CIDR prefix.",
        why: "Address ranges are IPv4 CIDR prefixes such as `10.0.1.0/24`.",
        example: Some(Example {
            file: "tests/data/invalid/aks-docker-syntax.yaml",
            text: include_bytes!("../tests/data/invalid/aks-docker-syntax.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::admin_username",
        severity: Severity::Error,
        summary: "A created VM's `admin_username` Azure does not accept.",
        why: "Azure refuses reserved administrator names (`admin`, `root`, ...) and names that break its length or character rules; the deployment would fail.",
        example: Some(Example {
            file: "tests/data/invalid/compute-vm-admin-username.yaml",
            text: include_bytes!("../tests/data/invalid/compute-vm-admin-username.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::assigned_user",
        severity: Severity::Error,
        summary: "An `assigned_user` id that is not a GUID.",
        why: "A compute instance is assigned to a user by the Microsoft Entra object id, a GUID.",
        example: Some(Example {
            file: "tests/data/invalid/instance-assigned-user.yaml",
            text: include_bytes!("../tests/data/invalid/instance-assigned-user.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::duplicate",
        severity: Severity::Error,
        summary: "Two computes with one name.",
        why: "Compute names are unique in a workspace; the second would replace the first.",
        example: Some(Example {
            file: "tests/data/invalid/compute-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/compute-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::foreign_field",
        severity: Severity::Error,
        summary: "A field that does not belong to the compute's kind.",
        why: "Each compute kind accepts its own fields; a field of another kind would be silently ignored.",
        example: Some(Example {
            file: "tests/data/invalid/aks-cluster-purpose-foreign.yaml",
            text: include_bytes!("../tests/data/invalid/aks-cluster-purpose-foreign.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::idle_shutdown",
        severity: Severity::Error,
        summary: "`idle_time_before_shutdown` is not an ISO 8601 duration within the service's range.",
        why: "Azure Machine Learning takes an ISO 8601 duration within the range the service allows; another value fails the deployment.",
        example: Some(Example {
            file: "tests/data/invalid/instance-idle-shutdown-syntax.yaml",
            text: include_bytes!("../tests/data/invalid/instance-idle-shutdown-syntax.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::missing_field",
        severity: Severity::Error,
        summary: "A field the compute's kind requires is absent.",
        why: "Without it amlnet cannot place or size the compute.",
        example: Some(Example {
            file: "tests/data/invalid/aks-missing-service-cidr.yaml",
            text: include_bytes!("../tests/data/invalid/aks-missing-service-cidr.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::name",
        severity: Severity::Error,
        summary: "A compute name breaks the naming rule.",
        why: "Azure Machine Learning compute names have their own length and character rules; the deployment fails on a name that breaks them.",
        example: Some(Example {
            file: "tests/data/invalid/compute-name-hyphen-digits.yaml",
            text: include_bytes!("../tests/data/invalid/compute-name-hyphen-digits.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::needs_existing_vnet",
        severity: Severity::Error,
        summary: "An existing VM or HDInsight cluster (`resource_id`) in a virtual network amlnet creates.",
        why: "An existing VM or HDInsight cluster lives in a network that already exists; it cannot be in one amlnet creates.",
        example: Some(Example {
            file: "tests/data/invalid/compute-hdi-needs-existing-vnet.yaml",
            text: include_bytes!("../tests/data/invalid/compute-hdi-needs-existing-vnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::needs_private_endpoint",
        severity: Severity::Error,
        summary: "A compute without public IPs (`public_ip: false`) and no workspace private endpoint.",
        why: "Compute without public IPs reaches the workspace only over its private endpoint.",
        example: Some(Example {
            file: "tests/data/invalid/compute-no-public-ip-needs-pe.yaml",
            text: include_bytes!("../tests/data/invalid/compute-no-public-ip-needs-pe.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::no_public_ip_seed",
        severity: Severity::Error,
        summary: "A compute without public IPs under `network_rules: seed-2019`, which predates them.",
        why: "The 2019 guidance predates compute without public IPs; its rules do not support it.",
        example: Some(Example {
            file: "tests/data/invalid/compute-no-public-ip-seed.yaml",
            text: include_bytes!("../tests/data/invalid/compute-no-public-ip-seed.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::nodes",
        severity: Severity::Error,
        summary: "Node counts: `min_nodes` > `max_nodes`, `max_nodes` or `node_count` of 0.",
        why: "A cluster with no nodes, or a minimum above its maximum, cannot run; Azure refuses it.",
        example: Some(Example {
            file: "tests/data/invalid/aks-node-count-zero.yaml",
            text: include_bytes!("../tests/data/invalid/aks-node-count-zero.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::os",
        severity: Severity::Error,
        summary: "A virtual machine whose `os` is not Ubuntu.",
        why: "amlnet attaches Ubuntu virtual machines only, the operating system Azure Machine Learning supports for them.",
        example: Some(Example {
            file: "tests/data/invalid/compute-vm-os.yaml",
            text: include_bytes!("../tests/data/invalid/compute-vm-os.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::resource_id",
        severity: Severity::Error,
        summary: "A `resource_id` that is not an ARM id of the right provider.",
        why: "An attached compute is found by its ARM id; an id of the wrong provider or shape fails the deployment.",
        example: Some(Example {
            file: "tests/data/invalid/compute-vm-resource-id.yaml",
            text: include_bytes!("../tests/data/invalid/compute-vm-resource-id.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::unknown_subnet",
        severity: Severity::Error,
        summary: "A compute refers to a subnet that does not exist.",
        why: "A compute is placed in one of the spec's subnets, found by name.",
        example: Some(Example {
            file: "tests/data/invalid/compute-unknown-subnet.yaml",
            text: include_bytes!("../tests/data/invalid/compute-unknown-subnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::vm_size",
        severity: Severity::Error,
        summary: "A `vm_size` that is not the shape of an Azure VM size (`Standard_D4s_v5`).",
        why: "A VM size has the shape `Standard_<family><vCPUs>...`; anything else fails the deployment.",
        example: Some(Example {
            file: "tests/data/invalid/compute-vm-size-newline.yaml",
            text: include_bytes!("../tests/data/invalid/compute-vm-size-newline.yaml"),
        }),
    },
    Code {
        code: "amlnet::compute::vm_size_retired",
        severity: Severity::Error,
        summary: "A `vm_size` Azure has retired.",
        why: "Azure no longer creates VMs of a retired size; the deployment would fail.",
        example: Some(Example {
            file: "tests/data/invalid/compute-vm-size-retired.yaml",
            text: include_bytes!("../tests/data/invalid/compute-vm-size-retired.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::private_aks_custom_dns",
        severity: Severity::Warning,
        summary: "A private AKS cluster with the zone AKS creates, in a virtual network with custom DNS servers or the hub firewall's DNS proxy.",
        why: "AKS links the private DNS zone it creates (privatelink.<region>.azmk8s.io) to the cluster's network only, whose machines ask the custom DNS servers: unless the zone is also linked to the network those servers resolve from, the nodes cannot resolve the API server. private-clusters.md advises an existing zone linked there (`private_dns_zone: <zone id>`), which silences this warning. The link also needs Network Contributor on the virtual network, which amlnet then gives the cluster identity instead of its subnet role. Behind the hub firewall's DNS proxy, the firewall resolves from the hub, where the zone AKS creates is not linked: give the cluster a custom zone linked to the hub (private-clusters.md).",
        example: Some(Example {
            file: "tests/data/warnings/dns-private-aks.yaml",
            text: include_bytes!("../tests/data/warnings/dns-private-aks.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::server_duplicate",
        severity: Severity::Error,
        summary: "A DNS server listed twice in `vnet.dns_servers`.",
        why: "The virtual network's DHCP options hold each DNS server once; a repeated address is a mistake in the list, and a second server was probably meant.",
        example: Some(Example {
            file: "tests/data/invalid/dns-server-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/dns-server-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::servers_must_forward",
        severity: Severity::Warning,
        summary: "Custom DNS servers on a network whose private DNS zones amlnet creates and links.",
        why: "Machines in the network ask the custom DNS servers, not Azure DNS; the zones linked to the network answer only through Azure DNS (168.63.129.16), so the servers must forward to it (or conditionally forward the private link zones), or private endpoints resolve to public addresses.",
        example: Some(Example {
            file: "tests/data/warnings/dns-servers-forward.yaml",
            text: include_bytes!("../tests/data/warnings/dns-servers-forward.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::servers_on_existing_vnet",
        severity: Severity::Error,
        summary: "`vnet.dns_servers` on an existing virtual network.",
        why: "The DNS servers are a setting of the whole virtual network (its DHCP options); amlnet re-declares only the subnets of an existing network and does not own its DNS settings.",
        example: Some(Example {
            file: "tests/data/invalid/dns-servers-existing-vnet.yaml",
            text: include_bytes!("../tests/data/invalid/dns-servers-existing-vnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::servers_with_proxy",
        severity: Severity::Error,
        summary: "`vnet.dns_servers` together with `hub.firewall.dns_proxy: true`.",
        why: "With DNS proxy the spoke's DNS server is the firewall's private address, which resolves the private endpoints through the zones linked to the hub; a second list of servers would contradict it, and a network has one list.",
        example: Some(Example {
            file: "tests/data/invalid/dns-servers-with-proxy.yaml",
            text: include_bytes!("../tests/data/invalid/dns-servers-with-proxy.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::zone_id",
        severity: Severity::Error,
        summary: "A `dns_zone_ids` entry that is not the ARM id of a private DNS zone, or the id of another zone than its key.",
        why: "A zone group registers the endpoint's records in the zone it names: an id of another zone or of another resource type would put the records where no client looks for them, or fail the deployment.",
        example: Some(Example {
            file: "tests/data/invalid/dns-zone-id-wrong-zone.yaml",
            text: include_bytes!("../tests/data/invalid/dns-zone-id-wrong-zone.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::zone_id_missing",
        severity: Severity::Error,
        summary: "`dns_zones: existing` without the id of a zone the deployment's private endpoints register in.",
        why: "With existing zones amlnet creates none, so an endpoint whose zone has no id would get no DNS record and its service would resolve to its public address.",
        example: Some(Example {
            file: "tests/data/invalid/dns-zone-id-missing.yaml",
            text: include_bytes!("../tests/data/invalid/dns-zone-id-missing.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::zone_id_unneeded",
        severity: Severity::Warning,
        summary: "The id of a private DNS zone no private endpoint of the deployment registers in.",
        why: "The id is ignored; it is usually a zone for a service the spec does not have (a registry, queue or table storage) or a misspelt zone name.",
        example: Some(Example {
            file: "tests/data/warnings/dns-zone-id-unneeded.yaml",
            text: include_bytes!("../tests/data/warnings/dns-zone-id-unneeded.yaml"),
        }),
    },
    Code {
        code: "amlnet::dns::zone_ids_without_existing",
        severity: Severity::Error,
        summary: "`dns_zone_ids` without `dns_zones: existing`.",
        why: "The ids are read only when the zones exist already; with `create` or `none` they would be silently ignored.",
        example: Some(Example {
            file: "tests/data/invalid/dns-zone-ids-without-existing.yaml",
            text: include_bytes!("../tests/data/invalid/dns-zone-ids-without-existing.yaml"),
        }),
    },
    Code {
        code: "amlnet::environment::choose",
        severity: Severity::Error,
        summary: "One environment asked for (`--env`, `Generator::environment`) that the spec does not define, or none asked for of a spec with several.",
        why: "`explain` and `graph` show one deployment, and a spec with `environments` describes several; `generate`, `check` and `validate` take them all. Asking needs a spec and a command line, not a spec alone, so there is no example here.",
        example: None,
    },
    Code {
        code: "amlnet::environment::name",
        severity: Severity::Error,
        summary: "An environment name that is not 1-16 lowercase letters, digits and hyphens starting with a letter, or is `terraform`, `arm` or `bicep`.",
        why: "Each environment's output goes to a directory of its name (`out/dev/terraform/...`); the three format names are the directories of a spec without environments, which must not mix with an environment's.",
        example: Some(Example {
            file: "tests/data/invalid/env-name.yaml",
            text: include_bytes!("../tests/data/invalid/env-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::environment::overlay",
        severity: Severity::Error,
        summary: "`environments` is not a non-empty mapping of names to mappings of spec fields, or an environment defines environments of its own.",
        why: "An environment is the spec with its overlay merged in, so an overlay is a mapping of the spec's own fields; environments do not nest.",
        example: Some(Example {
            file: "tests/data/invalid/env-overlay.yaml",
            text: include_bytes!("../tests/data/invalid/env-overlay.yaml"),
        }),
    },
    Code {
        code: "amlnet::environment::same_global_name",
        severity: Severity::Error,
        summary: "Two environments would deploy a storage account, key vault or registry under the same name, or the same peering on a shared existing hub.",
        why: "These names are unique across all of Azure: the second environment's deployment would take over the first's resource (or fail). Each environment needs its own `name_suffix` or `name`. The peering a spoke writes on an existing hub is named after the spoke network, so environments that share the hub need their own `vnet.name`.",
        example: Some(Example {
            file: "tests/data/invalid/env-same-global-name.yaml",
            text: include_bytes!("../tests/data/invalid/env-same-global-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::firewall::off",
        severity: Severity::Warning,
        summary: "A storage or key vault firewall is off (security scanners flag it).",
        why: "Security scanners (checkov, Azure Policy) flag storage accounts and key vaults reachable from every network.",
        example: Some(Example {
            file: "tests/data/warnings/firewall-off.yaml",
            text: include_bytes!("../tests/data/warnings/firewall-off.yaml"),
        }),
    },
    Code {
        code: "amlnet::firewall::too_many_subnets",
        severity: Severity::Error,
        summary: "More compute subnets than a storage account or key vault firewall holds vnet rules.",
        why: "A storage account or key vault firewall holds a limited number of virtual network rules; a spec needs more compute subnets than that to trigger this, too many to show here.",
        example: None,
    },
    Code {
        code: "amlnet::hub::appliance_unchecked",
        severity: Severity::Warning,
        summary: "A default route to an appliance address that lies in no network of the spec.",
        why: "The appliance is usually a hub firewall peered outside amlnet; amlnet cannot check that the spoke reaches it, and if it does not, compute loses every way out. Declaring the hub (`hub:`) lets amlnet peer it and check the route.",
        example: Some(Example {
            file: "tests/data/warnings/hub-appliance-unchecked.yaml",
            text: include_bytes!("../tests/data/warnings/hub-appliance-unchecked.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::bastion_subnet_size",
        severity: Severity::Error,
        summary: "A Bastion subnet (`hub.bastion.subnet_prefix`) smaller than a /26.",
        why: "Azure Bastion requires an `AzureBastionSubnet` of /26 or larger; a smaller one fails at deployment.",
        example: Some(Example {
            file: "tests/data/invalid/hub-bastion-subnet-size.yaml",
            text: include_bytes!("../tests/data/invalid/hub-bastion-subnet-size.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::firewall_id",
        severity: Severity::Error,
        summary: "`hub.firewall.existing.resource_id` that is not the ARM id of an Azure Firewall.",
        why: "The id names the firewall the spoke's default route goes through; a mistyped id (another resource type, a missing segment) would describe a firewall that does not exist without a word.",
        example: Some(Example {
            file: "tests/data/invalid/hub-firewall-id.yaml",
            text: include_bytes!("../tests/data/invalid/hub-firewall-id.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::firewall_subnet_missing",
        severity: Severity::Error,
        summary: "A new hub firewall without its `subnet_prefix`.",
        why: "Azure Firewall lives in a subnet named `AzureFirewallSubnet`; amlnet creates it from `subnet_prefix` and will not guess an address range.",
        example: Some(Example {
            file: "tests/data/invalid/hub-firewall-subnet-missing.yaml",
            text: include_bytes!("../tests/data/invalid/hub-firewall-subnet-missing.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::firewall_subnet_size",
        severity: Severity::Error,
        summary: "A firewall subnet (or management subnet) smaller than a /26.",
        why: "Azure Firewall requires `AzureFirewallSubnet` and `AzureFirewallManagementSubnet` of /26 or larger, so it can scale; a smaller one fails at deployment.",
        example: Some(Example {
            file: "tests/data/invalid/hub-firewall-subnet-size.yaml",
            text: include_bytes!("../tests/data/invalid/hub-firewall-subnet-size.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::firewall_zones",
        severity: Severity::Error,
        summary: "A new firewall's `zones` with a zone outside 1 to 3, a zone listed twice, or zones in a region without availability zones.",
        why: "Azure Firewall can use only the zones its region has (1, 2 and 3); a zone the region lacks fails at deployment, and a zone listed twice is a typo for another.",
        example: Some(Example {
            file: "tests/data/invalid/hub-firewall-zones.yaml",
            text: include_bytes!("../tests/data/invalid/hub-firewall-zones.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::no_firewall",
        severity: Severity::Error,
        summary: "`next_hop: hub_firewall` and no `hub.firewall`.",
        why: "The default route reads the hub firewall's private address; without a firewall there is nothing to route to.",
        example: Some(Example {
            file: "tests/data/invalid/hub-no-firewall.yaml",
            text: include_bytes!("../tests/data/invalid/hub-no-firewall.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::not_peered",
        severity: Severity::Error,
        summary: "A default route into a declared hub (its firewall, or an address in it) while `hub.peering: false`.",
        why: "Without peering the spoke does not reach the hub: every packet the route sends there is dropped, and compute loses its way out.",
        example: Some(Example {
            file: "tests/data/invalid/hub-not-peered.yaml",
            text: include_bytes!("../tests/data/invalid/hub-not-peered.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::outbound_mode",
        severity: Severity::Error,
        summary: "A default route to the hub firewall without `outbound.mode: firewall`.",
        why: "With `restricted` the spoke's NSGs deny the Internet that the firewall's rules admit (python packages, VS Code...), and with `open` they admit all of it; `firewall` keeps the service-tag allows and leaves the Internet to the firewall.",
        example: Some(Example {
            file: "tests/data/invalid/hub-outbound-mode.yaml",
            text: include_bytes!("../tests/data/invalid/hub-outbound-mode.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::overlap",
        severity: Severity::Error,
        summary: "The hub's address space overlaps the spoke's.",
        why: "Azure refuses to peer virtual networks whose address spaces overlap.",
        example: Some(Example {
            file: "tests/data/invalid/hub-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/hub-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::rule_group",
        severity: Severity::Error,
        summary: "An unknown firewall rule group, or one listed twice.",
        why: "The rule groups come from a dated catalogue; a misspelt group would silently leave its hosts blocked.",
        example: Some(Example {
            file: "tests/data/invalid/hub-rule-group.yaml",
            text: include_bytes!("../tests/data/invalid/hub-rule-group.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::rules_without_firewall",
        severity: Severity::Error,
        summary: "FQDN rule groups on an existing firewall.",
        why: "amlnet writes rule groups into the policy of the firewall it creates; an existing firewall's policy belongs to its owner, so the rules would be lost.",
        example: Some(Example {
            file: "tests/data/invalid/hub-rules-without-firewall.yaml",
            text: include_bytes!("../tests/data/invalid/hub-rules-without-firewall.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::shape",
        severity: Severity::Error,
        summary: "`hub` with both or neither of `address_space` and `resource_id`, a field that does not fit a new or existing hub or firewall, or a malformed id.",
        why: "A hub is either created by amlnet (its address space and subnets) or an existing network referenced by id; mixing both would be ignored halfway.",
        example: Some(Example {
            file: "tests/data/invalid/hub-shape.yaml",
            text: include_bytes!("../tests/data/invalid/hub-shape.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::subnet_outside",
        severity: Severity::Error,
        summary: "A hub subnet outside the hub's address space.",
        why: "Azure refuses a subnet outside its virtual network's address space.",
        example: Some(Example {
            file: "tests/data/invalid/hub-subnet-outside.yaml",
            text: include_bytes!("../tests/data/invalid/hub-subnet-outside.yaml"),
        }),
    },
    Code {
        code: "amlnet::hub::subnet_overlap",
        severity: Severity::Error,
        summary: "Two subnets of the hub overlap.",
        why: "Azure refuses overlapping subnets in one virtual network.",
        example: Some(Example {
            file: "tests/data/invalid/hub-subnet-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/hub-subnet-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::ip::ipv6",
        severity: Severity::Error,
        summary: "An IPv6 address or prefix where amlnet supports IPv4 only.",
        why: "amlnet generates IPv4 networks only.",
        example: Some(Example {
            file: "tests/data/invalid/cidr-ipv6.yaml",
            text: include_bytes!("../tests/data/invalid/cidr-ipv6.yaml"),
        }),
    },
    Code {
        code: "amlnet::ip::syntax",
        severity: Severity::Error,
        summary: "Not an IPv4 address.",
        why: "The field takes one IPv4 address such as `10.0.0.4`.",
        example: Some(Example {
            file: "tests/data/invalid/aks-dns-syntax.yaml",
            text: include_bytes!("../tests/data/invalid/aks-dns-syntax.yaml"),
        }),
    },
    Code {
        code: "amlnet::location::unknown",
        severity: Severity::Error,
        summary: "`location` not a known region.",
        why: "Every resource is created in this region; Azure refuses an unknown one.",
        example: Some(Example {
            file: "tests/data/invalid/location-unknown.yaml",
            text: include_bytes!("../tests/data/invalid/location-unknown.yaml"),
        }),
    },
    Code {
        code: "amlnet::log_analytics::retention",
        severity: Severity::Error,
        summary: "`workspace.log_analytics.retention_days` outside what the Log Analytics workspace's pricing tier accepts.",
        why: "The pay-as-you-go tier amlnet creates keeps data for a bounded number of days (the message names the range); other values fail at deployment.",
        example: Some(Example {
            file: "tests/data/invalid/ext-log-retention.yaml",
            text: include_bytes!("../tests/data/invalid/ext-log-retention.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::compute_kind",
        severity: Severity::Error,
        summary: "A compute kind a workspace managed network does not support (AKS, attached computes).",
        why: "Azure places only compute clusters and compute instances (and serverless compute) in a workspace managed network; AKS and attached computes stay in a network of your own.",
        example: Some(Example {
            file: "tests/data/invalid/managed-compute-kind.yaml",
            text: include_bytes!("../tests/data/invalid/managed-compute-kind.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::compute_subnet",
        severity: Severity::Error,
        summary: "A compute with a `subnet` in a workspace managed network.",
        why: "In a managed network Azure places the compute in the network it manages; a customer subnet cannot hold it.",
        example: Some(Example {
            file: "tests/data/invalid/managed-compute-subnet.yaml",
            text: include_bytes!("../tests/data/invalid/managed-compute-subnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::firewall_billed",
        severity: Severity::Warning,
        summary: "FQDN rules create a managed Azure Firewall, which is billed.",
        why: "FQDN outbound rules in approved-outbound mode make Azure create a managed Azure Firewall of the chosen SKU, billed while it exists.",
        example: Some(Example {
            file: "tests/data/warnings/managed-firewall-billed.yaml",
            text: include_bytes!("../tests/data/warnings/managed-firewall-billed.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::firewall_sku_unused",
        severity: Severity::Warning,
        summary: "`firewall_sku` without FQDN rules (no firewall is created).",
        why: "Without FQDN rules no managed firewall is created, so a firewall SKU changes nothing.",
        example: Some(Example {
            file: "tests/data/warnings/managed-firewall-sku-unused.yaml",
            text: include_bytes!("../tests/data/warnings/managed-firewall-sku-unused.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::fqdn",
        severity: Severity::Error,
        summary: "An FQDN that is no host name, or names Azure Storage.",
        why: "An FQDN rule names a host (wildcards allowed); Azure Storage is reached through private endpoint or service tag rules, not by FQDN.",
        example: Some(Example {
            file: "tests/data/invalid/managed-fqdn-storage.yaml",
            text: include_bytes!("../tests/data/invalid/managed-fqdn-storage.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::fqdn_needs_approved_outbound",
        severity: Severity::Error,
        summary: "An FQDN rule (or a group of them) with `isolation: allow_internet_outbound`.",
        why: "FQDN rules exist only in approved-outbound mode; with Internet outbound allowed they have no meaning and Azure refuses them.",
        example: Some(Example {
            file: "tests/data/invalid/managed-fqdn-mode.yaml",
            text: include_bytes!("../tests/data/invalid/managed-fqdn-mode.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::port_ranges",
        severity: Severity::Error,
        summary: "Port ranges that are not ports 1 to 65535 and low-high ranges.",
        why: "Service tag rules open ports or low-high ranges of valid ports; anything else is refused by Azure.",
        example: Some(Example {
            file: "tests/data/invalid/managed-port-ranges.yaml",
            text: include_bytes!("../tests/data/invalid/managed-port-ranges.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::private_endpoint_target",
        severity: Severity::Error,
        summary: "A private endpoint rule without one target, or with a target private endpoints cannot reach.",
        why: "A private endpoint rule reaches exactly one resource, of the deployment or an existing one by id, of a kind private endpoints support.",
        example: Some(Example {
            file: "tests/data/invalid/managed-pe-target.yaml",
            text: include_bytes!("../tests/data/invalid/managed-pe-target.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::protocol",
        severity: Severity::Error,
        summary: "A protocol other than `TCP`, `UDP`, `ICMP` or `*`.",
        why: "Service tag rules take the protocols Azure accepts for them.",
        example: Some(Example {
            file: "tests/data/invalid/managed-protocol.yaml",
            text: include_bytes!("../tests/data/invalid/managed-protocol.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::rule_duplicate",
        severity: Severity::Error,
        summary: "Two outbound rules with one name.",
        why: "Rule names are the names of the outbound rule resources under the workspace, so each must be unique (also after amlnet turns it into a Terraform or Bicep identifier).",
        example: Some(Example {
            file: "tests/data/invalid/managed-rule-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/managed-rule-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::rule_kind",
        severity: Severity::Error,
        summary: "An outbound rule with no or several destinations, or a field of another kind.",
        why: "Each outbound rule has exactly one destination: an FQDN, a service tag, or a private endpoint.",
        example: Some(Example {
            file: "tests/data/invalid/managed-rule-kind.yaml",
            text: include_bytes!("../tests/data/invalid/managed-rule-kind.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::rule_name",
        severity: Severity::Error,
        summary: "An outbound rule name of other characters than letters, digits, hyphens or underscores, or too long.",
        why: "Azure documents no pattern for rule names; amlnet keeps them to letters, digits, hyphens and underscores, starting with a letter, of bounded length, so that every format can name the resource.",
        example: Some(Example {
            file: "tests/data/invalid/managed-rule-name.yaml",
            text: include_bytes!("../tests/data/invalid/managed-rule-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::seed_2019",
        severity: Severity::Error,
        summary: "`workspace.managed_network` with `network_rules: seed-2019`.",
        why: "The 2019 guidance predates managed networks; the `seed-2019` catalogue reproduces a customer virtual network only.",
        example: Some(Example {
            file: "tests/data/invalid/managed-seed-2019.yaml",
            text: include_bytes!("../tests/data/invalid/managed-seed-2019.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::service_tag",
        severity: Severity::Error,
        summary: "A service tag outbound rules do not accept.",
        why: "Service tag rules take the tags the outbound rule API accepts.",
        example: Some(Example {
            file: "tests/data/invalid/managed-service-tag.yaml",
            text: include_bytes!("../tests/data/invalid/managed-service-tag.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::sub_resource",
        severity: Severity::Error,
        summary: "A private endpoint rule's sub-resource its target does not have.",
        why: "A private endpoint connects to a named sub-resource (group id) of its target, and each kind of target has its own.",
        example: Some(Example {
            file: "tests/data/invalid/managed-pe-sub-resource.yaml",
            text: include_bytes!("../tests/data/invalid/managed-pe-sub-resource.yaml"),
        }),
    },
    Code {
        code: "amlnet::managed_network::unknown_group",
        severity: Severity::Error,
        summary: "`workspace.managed_network.outbound_rule_groups` names no catalogue group.",
        why: "Rule groups are named sets of outbound rules from amlnet's dated catalogue of documented scenarios; an unknown name is probably a typo.",
        example: Some(Example {
            file: "tests/data/invalid/managed-unknown-group.yaml",
            text: include_bytes!("../tests/data/invalid/managed-unknown-group.yaml"),
        }),
    },
    Code {
        code: "amlnet::monitor::needs_private_endpoints",
        severity: Severity::Error,
        summary: "`workspace.monitor_private_link` without `workspace.private_endpoints`.",
        why: "The Azure Monitor private link scope is reached through a private endpoint in the private endpoints' subnet, and its DNS records go where the other endpoints' go; without private endpoints there is neither.",
        example: Some(Example {
            file: "tests/data/invalid/dns-monitor-needs-private-endpoints.yaml",
            text: include_bytes!("../tests/data/invalid/dns-monitor-needs-private-endpoints.yaml"),
        }),
    },
    Code {
        code: "amlnet::name::collision",
        severity: Severity::Error,
        summary: "Two subnet names or two compute names map to the same identifier (`a-b` and `a_b`).",
        why: "Both names become the same identifier in Terraform, ARM and Bicep, so one resource would overwrite the other.",
        example: Some(Example {
            file: "tests/data/invalid/compute-ident-collision.yaml",
            text: include_bytes!("../tests/data/invalid/compute-ident-collision.yaml"),
        }),
    },
    Code {
        code: "amlnet::name::resource",
        severity: Severity::Error,
        summary: "A vnet, workspace, storage, key vault, registry or Application Insights name override breaks its rule.",
        why: "Each Azure resource type has its own naming rule; the deployment fails on a name that breaks it.",
        example: Some(Example {
            file: "tests/data/invalid/key-vault-name.yaml",
            text: include_bytes!("../tests/data/invalid/key-vault-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::name::spec",
        severity: Severity::Error,
        summary: "The spec `name` breaks its naming rule.",
        why: "The spec name prefixes every resource name, so it must fit the strictest of their rules.",
        example: Some(Example {
            file: "tests/data/invalid/name-trailing-hyphen.yaml",
            text: include_bytes!("../tests/data/invalid/name-trailing-hyphen.yaml"),
        }),
    },
    Code {
        code: "amlnet::name::suffix",
        severity: Severity::Error,
        summary: "`name_suffix` is not 1 to 8 lowercase letters and digits.",
        why: "The suffix enters globally unique names (storage, key vault, registry), which allow only lowercase letters and digits.",
        example: Some(Example {
            file: "tests/data/invalid/name-suffix.yaml",
            text: include_bytes!("../tests/data/invalid/name-suffix.yaml"),
        }),
    },
    Code {
        code: "amlnet::naming::component",
        severity: Severity::Error,
        summary: "`naming.environment` or `naming.instance` that is not short lowercase letters and digits, or either without `convention: caf`.",
        why: "The components enter every derived name; short lowercase letters and digits keep each name valid for its resource kind and leave room for the workload.",
        example: Some(Example {
            file: "tests/data/invalid/ext-naming-environment.yaml",
            text: include_bytes!("../tests/data/invalid/ext-naming-environment.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_blocks_catalogue",
        severity: Severity::Error,
        summary: "A deny rule of `nsg_rules` comes before a catalogue allow rule and matches its traffic.",
        why: "Azure processes an NSG's rules by priority and stops at the first match, so the deny would cut traffic the catalogue requires (the workspace, Batch, storage...) and the compute would fail in ways that are hard to trace; a rule without `priority` comes after the catalogue's allows and cannot do this.",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-blocks.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-blocks.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_may_block_catalogue",
        severity: Severity::Warning,
        summary: "A deny rule of `nsg_rules` comes before a catalogue allow rule whose traffic it may match (a service tag's addresses cannot be compared).",
        why: "A deny to `Internet` or to a service tag may cover addresses of the service tags the catalogue allows; amlnet cannot tell, so it names the allow rules at risk.",
        example: Some(Example {
            file: "tests/data/warnings/ext-nsg-rule-may-block.yaml",
            text: include_bytes!("../tests/data/warnings/ext-nsg-rule-may-block.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_name",
        severity: Severity::Error,
        summary: "An `nsg_rules` name that breaks Azure's rule, or that another rule of the same NSG (the catalogue's included) has.",
        why: "Rule names are unique within a network security group (Azure compares them without case); a second rule with a catalogue rule's name would replace it.",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-name.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_on_reserved_subnet",
        severity: Severity::Error,
        summary: "`nsg_rules` on a subnet Azure reserves for one of its services.",
        why: "amlnet attaches no NSG to most reserved subnets and no rule of its own to any; their rules belong to the service (Azure Bastion, for one, needs its own set).",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-reserved.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-reserved.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_open_inbound",
        severity: Severity::Error,
        summary: "An inbound allow rule of `nsg_rules` from the whole Internet (`*`, `0.0.0.0/0`, `Internet`).",
        why: "amlnet writes no NSG that admits the whole Internet; narrow the source to the addresses that must connect.",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-open-inbound.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-open-inbound.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_ports",
        severity: Severity::Error,
        summary: "An `nsg_rules` port list that is neither `*` nor ports and ranges from 0 to 65535.",
        why: "Azure takes a destination port, a low-high range or `*`; anything else fails at deployment.",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-ports.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-ports.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_priority",
        severity: Severity::Error,
        summary: "An `nsg_rules` priority outside 100 to 4096, or one that another rule of the same NSG and direction has.",
        why: "Priorities are unique per direction in a network security group, from 100 to 4096; a clash with a catalogue rule fails at deployment.",
        example: Some(Example {
            file: "tests/data/invalid/ext-nsg-rule-priority.yaml",
            text: include_bytes!("../tests/data/invalid/ext-nsg-rule-priority.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::rule_shadowed",
        severity: Severity::Warning,
        summary: "An allow rule of `nsg_rules` comes after a catalogue deny rule that covers all of its traffic, so it never matches.",
        why: "Azure stops at the first matching rule: a priority above the catalogue's deny makes the allow dead; without `priority` it would come before the deny.",
        example: Some(Example {
            file: "tests/data/warnings/ext-nsg-rule-shadowed.yaml",
            text: include_bytes!("../tests/data/warnings/ext-nsg-rule-shadowed.yaml"),
        }),
    },
    Code {
        code: "amlnet::nsg::too_many_rules",
        severity: Severity::Error,
        summary: "A subnet's NSG needs more rules than Azure allows in a group, or more allow rules in one direction than amlnet can number below the catalogue's deny.",
        why: "Azure limits the rules of a network security group, and amlnet numbers allow rules below the catalogue's deny rule.",
        example: Some(Example {
            file: "tests/data/invalid/nsg-too-many-rules.yaml",
            text: include_bytes!("../tests/data/invalid/nsg-too-many-rules.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::default_access",
        severity: Severity::Warning,
        summary: "A subnet's compute has no explicit way out and relies on default outbound access, which Azure retires (re-declared subnets of an existing network that keep it).",
        why: "Azure retires default outbound access for new subnets; compute relying on it loses its way out.",
        example: Some(Example {
            file: "tests/data/warnings/default-access.yaml",
            text: include_bytes!("../tests/data/warnings/default-access.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::egress_none",
        severity: Severity::Warning,
        summary: "`outbound.egress: none` leaves compute without a way out, as asked.",
        why: "Compute without a way out cannot reach the services it needs unless something outside the spec provides one.",
        example: Some(Example {
            file: "tests/data/warnings/egress-none.yaml",
            text: include_bytes!("../tests/data/warnings/egress-none.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::firewall_without_appliance",
        severity: Severity::Error,
        summary: "`outbound.mode: firewall` without a default route to a virtual appliance.",
        why: "`mode: firewall` leaves filtering to an appliance, so it needs a default route to one.",
        example: Some(Example {
            file: "tests/data/invalid/outbound-firewall-internet-route.yaml",
            text: include_bytes!("../tests/data/invalid/outbound-firewall-internet-route.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::nat_gateway_bypassed",
        severity: Severity::Warning,
        summary: "A default route to an appliance takes the traffic a NAT gateway would carry.",
        why: "A default route to an appliance takes precedence, so the NAT gateway carries no traffic but is still billed.",
        example: Some(Example {
            file: "tests/data/warnings/nat-gateway-bypassed.yaml",
            text: include_bytes!("../tests/data/warnings/nat-gateway-bypassed.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::nat_gateway_unused",
        severity: Severity::Warning,
        summary: "`outbound.egress: nat_gateway` and no subnet that takes it.",
        why: "The NAT gateway would be billed but attached to no subnet.",
        example: Some(Example {
            file: "tests/data/warnings/nat-gateway-unused.yaml",
            text: include_bytes!("../tests/data/warnings/nat-gateway-unused.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::no_egress",
        severity: Severity::Error,
        summary: "A compute cluster or instance without a public IP in a subnet with neither a NAT gateway nor a default route to an appliance: it has no way out.",
        why: "Compute clusters and instances without public IPs need an explicit way out (a NAT gateway or an appliance route); without one, they fail to start.",
        example: Some(Example {
            file: "tests/data/invalid/egress-missing.yaml",
            text: include_bytes!("../tests/data/invalid/egress-missing.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::ssh_from_internet",
        severity: Severity::Error,
        summary: "SSH from the whole Internet without `i_understand_ssh_from_internet: true`.",
        why: "SSH open to the whole Internet is a common attack path; amlnet asks for an explicit acknowledgement.",
        example: Some(Example {
            file: "tests/data/invalid/ssh-internet.yaml",
            text: include_bytes!("../tests/data/invalid/ssh-internet.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::ssh_from_internet_open",
        severity: Severity::Warning,
        summary: "SSH from the whole Internet, acknowledged (security scanners flag it).",
        why: "Security scanners flag SSH open to the Internet even when it is intended.",
        example: Some(Example {
            file: "tests/data/warnings/ssh-internet-acknowledged.yaml",
            text: include_bytes!("../tests/data/warnings/ssh-internet-acknowledged.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::ssh_rule_unused",
        severity: Severity::Warning,
        summary: "`outbound.allow_ssh_from` opens SSH to a cluster that takes no SSH.",
        why: "The rule opens a port nothing listens on, which scanners still flag.",
        example: Some(Example {
            file: "tests/data/warnings/ssh-rule-unused.yaml",
            text: include_bytes!("../tests/data/warnings/ssh-rule-unused.yaml"),
        }),
    },
    Code {
        code: "amlnet::outbound::vm_no_egress",
        severity: Severity::Warning,
        summary: "A virtual machine amlnet creates (no public IP) in a subnet with no way out.",
        why: "A created VM without a public IP in a subnet without a way out cannot reach package feeds or Azure services.",
        example: Some(Example {
            file: "tests/data/warnings/vm-no-egress.yaml",
            text: include_bytes!("../tests/data/warnings/vm-no-egress.yaml"),
        }),
    },
    Code {
        code: "amlnet::output::replaces_stateful",
        severity: Severity::Warning,
        summary: "`generate` or `check`: writing the output would replace a storage account, key vault, registry or workspace.",
        why: "A new name (renaming the spec renames them) or a changed argument that azurerm marks `ForceNew` makes the next deployment destroy and recreate a resource that holds data; with `--deny-warnings` it is an error and nothing is written.",
        example: None,
    },
    Code {
        code: "amlnet::peer::invalid",
        severity: Severity::Error,
        summary: "A peer (`allow_ssh_from`, `allow_from`) that is neither a CIDR, a service tag nor `*`.",
        why: "A peer is written into NSG rules, which take a CIDR prefix, a service tag or `*`.",
        example: Some(Example {
            file: "tests/data/invalid/aks-scoring-allow-from.yaml",
            text: include_bytes!("../tests/data/invalid/aks-scoring-allow-from.yaml"),
        }),
    },
    Code {
        code: "amlnet::private_endpoints::storage_services",
        severity: Severity::Error,
        summary: "`workspace.private_endpoints.storage_services` lacks a service Azure Machine Learning needs, or names one twice.",
        why: "Azure Machine Learning uses both the blob and file services of its storage account; each needs its own private endpoint.",
        example: Some(Example {
            file: "tests/data/invalid/storage-services-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/storage-services-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::private_endpoints::unknown_subnet",
        severity: Severity::Error,
        summary: "`workspace.private_endpoints.subnet` names no subnet.",
        why: "The private endpoints are placed in one of the spec's subnets, found by name.",
        example: Some(Example {
            file: "tests/data/invalid/private-endpoints-unknown-subnet.yaml",
            text: include_bytes!("../tests/data/invalid/private-endpoints-unknown-subnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::registry::sku",
        severity: Severity::Error,
        summary: "A Basic or Standard container registry in a workspace whose services get private endpoints.",
        why: "Only the Premium tier takes private endpoints and network rules; a lower tier would leave the registry public while everything else is private, and Terraform's azurerm refuses network rules on it.",
        example: Some(Example {
            file: "tests/data/invalid/ext-registry-sku.yaml",
            text: include_bytes!("../tests/data/invalid/ext-registry-sku.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::default_prefix",
        severity: Severity::Error,
        summary: "`0.0.0.0/0` among `internet_prefixes`: the default route has its own field.",
        why: "The default route has its own field (`default_route`), so it is stated once.",
        example: Some(Example {
            file: "tests/data/invalid/route-default-prefix.yaml",
            text: include_bytes!("../tests/data/invalid/route-default-prefix.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::duplicate",
        severity: Severity::Error,
        summary: "The same route twice.",
        why: "Azure refuses two routes with the same prefix in one route table.",
        example: Some(Example {
            file: "tests/data/invalid/route-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/route-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::internet_routes_unused",
        severity: Severity::Warning,
        summary: "`internet_routes` without compute that has a public IP.",
        why: "Those routes keep compute public IPs reachable; without such compute they only add routes.",
        example: Some(Example {
            file: "tests/data/warnings/internet-routes-unused.yaml",
            text: include_bytes!("../tests/data/warnings/internet-routes-unused.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::ip_forbidden",
        severity: Severity::Error,
        summary: "`ip` given with next hop `internet`.",
        why: "A route to the internet has no next-hop address.",
        example: Some(Example {
            file: "tests/data/invalid/route-ip-forbidden.yaml",
            text: include_bytes!("../tests/data/invalid/route-ip-forbidden.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::ip_missing",
        severity: Severity::Error,
        summary: "`virtual_appliance` without `ip`.",
        why: "A route to a virtual appliance needs its private address.",
        example: Some(Example {
            file: "tests/data/invalid/route-ip-missing.yaml",
            text: include_bytes!("../tests/data/invalid/route-ip-missing.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::ip_not_private",
        severity: Severity::Error,
        summary: "A virtual appliance address that is not private.",
        why: "Azure routes to a virtual appliance by its private address in the network or a peered one.",
        example: Some(Example {
            file: "tests/data/invalid/route-ip-public.yaml",
            text: include_bytes!("../tests/data/invalid/route-ip-public.yaml"),
        }),
    },
    Code {
        code: "amlnet::route::too_many",
        severity: Severity::Error,
        summary: "More routes than a route table holds.",
        why: "Azure limits the routes of a route table; a spec needs hundreds of internet routes to trigger this, too many to show here.",
        example: None,
    },
    Code {
        code: "amlnet::route::unknown_tag",
        severity: Severity::Error,
        summary: "An `internet_routes` entry that is not a service tag.",
        why: "Internet routes are written per service tag, and Azure refuses a tag it does not know.",
        example: Some(Example {
            file: "tests/data/invalid/route-regional-tag-bad-region.yaml",
            text: include_bytes!("../tests/data/invalid/route-regional-tag-bad-region.yaml"),
        }),
    },
    Code {
        code: "amlnet::rules::retired",
        severity: Severity::Warning,
        summary: "`seed-2019` uses rules Azure has retired.",
        why: "The 2019 guidance depends on endpoints Azure has since retired; its output no longer creates compute on today's Azure.",
        example: Some(Example {
            file: "tests/data/warnings/seed-2019-retired.yaml",
            text: include_bytes!("../tests/data/warnings/seed-2019-retired.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::allow_from_missing",
        severity: Severity::Error,
        summary: "A public scoring endpoint without `allow_from`.",
        why: "A public scoring endpoint must say who may call it; amlnet opens nothing to everyone by default.",
        example: Some(Example {
            file: "tests/data/invalid/aks-scoring-public-no-allow-from.yaml",
            text: include_bytes!("../tests/data/invalid/aks-scoring-public-no-allow-from.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::http_from_internet",
        severity: Severity::Warning,
        summary: "A scoring endpoint on plain HTTP from the Internet (security scanners flag it).",
        why: "Plain HTTP from the Internet sends requests and keys unencrypted; scanners flag it.",
        example: Some(Example {
            file: "tests/data/warnings/scoring-http.yaml",
            text: include_bytes!("../tests/data/warnings/scoring-http.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::https_without_tls",
        severity: Severity::Warning,
        summary: "A scoring rule on the HTTPS port for an endpoint without TLS.",
        why: "The rule opens the HTTPS port, but the endpoint terminates no TLS there.",
        example: Some(Example {
            file: "tests/data/warnings/scoring-https-without-tls.yaml",
            text: include_bytes!("../tests/data/warnings/scoring-https-without-tls.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::insecure_connections",
        severity: Severity::Warning,
        summary: "Kubernetes compute whose inference router serves plain HTTP (`allowInsecureConnections`).",
        why: "Without `scoring.tls` the extension's inference router must be told to accept plain HTTP (`allowInsecureConnections`), so scoring requests and keys travel unencrypted.",
        example: Some(Example {
            file: "tests/data/warnings/scoring-insecure-connections.yaml",
            text: include_bytes!("../tests/data/warnings/scoring-insecure-connections.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::port",
        severity: Severity::Error,
        summary: "`scoring.port` 0.",
        why: "Port 0 is not a port a client can connect to.",
        example: Some(Example {
            file: "tests/data/invalid/aks-scoring-port.yaml",
            text: include_bytes!("../tests/data/invalid/aks-scoring-port.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::tls",
        severity: Severity::Error,
        summary: "`scoring.tls` is incomplete, ambiguous or names an invalid DNS name.",
        why: "The AKS attach takes either a Microsoft certificate or your own certificate and key, with a valid DNS name.",
        example: Some(Example {
            file: "tests/data/invalid/aks-scoring-tls-both.yaml",
            text: include_bytes!("../tests/data/invalid/aks-scoring-tls-both.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::tls_internal_public_name",
        severity: Severity::Warning,
        summary: "A Microsoft certificate (a public name) on an internal scoring endpoint.",
        why: "A Microsoft certificate names a public DNS name, which an internal endpoint does not serve.",
        example: Some(Example {
            file: "tests/data/warnings/scoring-tls-internal-microsoft.yaml",
            text: include_bytes!("../tests/data/warnings/scoring-tls-internal-microsoft.yaml"),
        }),
    },
    Code {
        code: "amlnet::scoring::tls_port",
        severity: Severity::Warning,
        summary: "TLS on the endpoint, but the scoring rule opens another port than HTTPS.",
        why: "The endpoint serves TLS on the HTTPS port, but the rule opens another port.",
        example: Some(Example {
            file: "tests/data/warnings/scoring-tls-port.yaml",
            text: include_bytes!("../tests/data/warnings/scoring-tls-port.yaml"),
        }),
    },
    Code {
        code: "amlnet::spec::missing_field",
        severity: Severity::Error,
        summary: "A required field is absent.",
        why: "The spec reference marks the field as required.",
        example: Some(Example {
            file: "tests/data/invalid/missing-field-subnet.yaml",
            text: include_bytes!("../tests/data/invalid/missing-field-subnet.yaml"),
        }),
    },
    Code {
        code: "amlnet::spec::unknown_field",
        severity: Severity::Error,
        summary: "A field the spec does not define (with a \"did you mean\").",
        why: "Unknown fields are errors so that a misspelled field never goes silently unused.",
        example: Some(Example {
            file: "tests/data/invalid/unknown-field-nested.yaml",
            text: include_bytes!("../tests/data/invalid/unknown-field-nested.yaml"),
        }),
    },
    Code {
        code: "amlnet::spec::unknown_variant",
        severity: Severity::Error,
        summary: "A value outside an enumeration (`kind`, `mode`, `network_rules`, ...).",
        why: "The field takes one of a fixed set of values.",
        example: Some(Example {
            file: "tests/data/invalid/unknown-variant-kind.yaml",
            text: include_bytes!("../tests/data/invalid/unknown-variant-kind.yaml"),
        }),
    },
    Code {
        code: "amlnet::spec::wrong_type",
        severity: Severity::Error,
        summary: "A value of the wrong type or out of its type's range.",
        why: "The field takes a value of another type or range.",
        example: Some(Example {
            file: "tests/data/invalid/aks-scoring-port-range.yaml",
            text: include_bytes!("../tests/data/invalid/aks-scoring-port-range.yaml"),
        }),
    },
    Code {
        code: "amlnet::storage::inference_firewall",
        severity: Severity::Error,
        summary: "A firewalled storage account for inference.",
        why: "AKS inference reads models from storage through paths its firewall blocks.",
        example: Some(Example {
            file: "tests/data/invalid/storage-inference-firewall.yaml",
            text: include_bytes!("../tests/data/invalid/storage-inference-firewall.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::capacity",
        severity: Severity::Error,
        summary: "The computes of a subnet need more addresses than it has free.",
        why: "Azure keeps some addresses of every subnet, and each node, instance or private endpoint takes one.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-capacity-aks.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-capacity-aks.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::duplicate",
        severity: Severity::Error,
        summary: "Two subnets with one name.",
        why: "Subnet names are unique in a virtual network.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-duplicate.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-duplicate.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::name",
        severity: Severity::Error,
        summary: "A subnet name breaks the naming rule.",
        why: "Azure's subnet naming rule; the deployment fails on a name that breaks it.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-name.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::outside_vnet",
        severity: Severity::Error,
        summary: "A subnet outside every address space entry.",
        why: "A subnet's range must lie inside the network's address space.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-outside.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-outside.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::overlap",
        severity: Severity::Error,
        summary: "Two subnets overlap.",
        why: "Azure refuses overlapping subnets in one network.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::reserved",
        severity: Severity::Error,
        summary: "A compute or the private endpoints placed in a subnet Azure reserves for one of its services.",
        why: "Azure reserves some subnet names for its own services (gateways, firewalls, Bastion, ...), which refuse other resources there.",
        example: Some(Example {
            file: "tests/data/invalid/subnet-reserved-compute.yaml",
            text: include_bytes!("../tests/data/invalid/subnet-reserved-compute.yaml"),
        }),
    },
    Code {
        code: "amlnet::subnet::too_many",
        severity: Severity::Error,
        summary: "More subnets than a virtual network holds.",
        why: "Azure limits the subnets of a virtual network; a spec needs thousands of subnets to trigger this, too many to show here.",
        example: None,
    },
    Code {
        code: "amlnet::syntax::anchor",
        severity: Severity::Error,
        summary: "A YAML anchor or alias.",
        why: "Anchors and aliases copy values in ways that hide what the spec says; amlnet reads plain YAML only.",
        example: Some(Example {
            file: "tests/data/invalid/yaml-anchor.yaml",
            text: include_bytes!("../tests/data/invalid/yaml-anchor.yaml"),
        }),
    },
    Code {
        code: "amlnet::syntax::duplicate_key",
        severity: Severity::Error,
        summary: "The same key twice in one mapping.",
        why: "Parsers disagree about which of two equal keys wins; amlnet refuses to guess.",
        example: Some(Example {
            file: "tests/data/invalid/yaml-duplicate-key.yaml",
            text: include_bytes!("../tests/data/invalid/yaml-duplicate-key.yaml"),
        }),
    },
    Code {
        code: "amlnet::syntax::encoding",
        severity: Severity::Error,
        summary: "A file that is not UTF-8.",
        why: "Specs are UTF-8 text.",
        example: Some(Example {
            file: "tests/data/invalid/not-utf8.yaml",
            text: include_bytes!("../tests/data/invalid/not-utf8.yaml"),
        }),
    },
    Code {
        code: "amlnet::syntax::json",
        severity: Severity::Error,
        summary: "JSON that does not parse.",
        why: "The file is not valid JSON.",
        example: Some(Example {
            file: "tests/data/invalid/json-syntax-trailing-comma.json",
            text: include_bytes!("../tests/data/invalid/json-syntax-trailing-comma.json"),
        }),
    },
    Code {
        code: "amlnet::syntax::size",
        severity: Severity::Error,
        summary: "A file larger than 2 MiB.",
        why: "A spec is a few kilobytes; amlnet reads at most 2 MiB so that a wrong file costs little. An example would be larger than that.",
        example: None,
    },
    Code {
        code: "amlnet::syntax::tag",
        severity: Severity::Error,
        summary: "A YAML tag other than the core schema's.",
        why: "Tags other than the YAML core schema's change how values are read; amlnet reads plain YAML only.",
        example: Some(Example {
            file: "tests/data/invalid/long-line.yaml",
            text: include_bytes!("../tests/data/invalid/long-line.yaml"),
        }),
    },
    Code {
        code: "amlnet::syntax::toml",
        severity: Severity::Error,
        summary: "TOML that does not parse.",
        why: "The file is not valid TOML.",
        example: Some(Example {
            file: "tests/data/invalid/long-line.toml",
            text: include_bytes!("../tests/data/invalid/long-line.toml"),
        }),
    },
    Code {
        code: "amlnet::syntax::yaml",
        severity: Severity::Error,
        summary: "YAML that does not parse.",
        why: "The file is not valid YAML.",
        example: Some(Example {
            file: "tests/data/invalid/yaml-control-character.yaml",
            text: include_bytes!("../tests/data/invalid/yaml-control-character.yaml"),
        }),
    },
    Code {
        code: "amlnet::tags::invalid",
        severity: Severity::Error,
        summary: "Too many tags, or a tag key or value too long or with forbidden characters.",
        why: "Azure limits the number of tags and the length and characters of tag keys and values; the deployment fails otherwise.",
        example: Some(Example {
            file: "tests/data/invalid/tags-key-chars.yaml",
            text: include_bytes!("../tests/data/invalid/tags-key-chars.yaml"),
        }),
    },
    Code {
        code: "amlnet::version::unsupported",
        severity: Severity::Error,
        summary: "`version` other than a supported one.",
        why: "The spec version says which rules a spec is read by; this amlnet reads the versions it lists.",
        example: Some(Example {
            file: "tests/data/invalid/version.yaml",
            text: include_bytes!("../tests/data/invalid/version.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::default_outbound_access",
        severity: Severity::Error,
        summary: "`vnet.default_outbound_access` on a virtual network amlnet creates.",
        why: "amlnet turns default outbound access off on every subnet it creates; the setting applies to existing networks only.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-default-outbound-new.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-default-outbound-new.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::docker_range",
        severity: Severity::Warning,
        summary: "The vnet overlaps Docker's default bridge range.",
        why: "Docker's default bridge on compute nodes uses that range; addresses there become unreachable from containers.",
        example: Some(Example {
            file: "tests/data/warnings/docker-range.yaml",
            text: include_bytes!("../tests/data/warnings/docker-range.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::empty_address_space",
        severity: Severity::Error,
        summary: "`vnet.address_space` is empty.",
        why: "A virtual network needs at least one address range.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-empty-address-space.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-empty-address-space.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::existing_default_outbound_access",
        severity: Severity::Warning,
        summary: "The re-declared subnets of an existing network state default outbound access on.",
        why: "Azure retires default outbound access; the existing subnets keep a way out that is going away.",
        example: Some(Example {
            file: "tests/data/warnings/existing-default-outbound.yaml",
            text: include_bytes!("../tests/data/warnings/existing-default-outbound.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::existing_needs_name",
        severity: Severity::Error,
        summary: "`vnet.existing: true` without `vnet.name`.",
        why: "An existing virtual network is found by its name.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-existing-no-name.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-existing-no-name.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::overlap",
        severity: Severity::Error,
        summary: "Two address space entries overlap.",
        why: "Azure refuses overlapping address ranges in one network.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-overlap.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-overlap.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::reserved_range",
        severity: Severity::Error,
        summary: "An address space entry overlapping a range Azure does not allow in a virtual network.",
        why: "Azure does not allow some ranges (multicast, loopback, link-local, ...) in a virtual network.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-reserved-everything.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-reserved-everything.yaml"),
        }),
    },
    Code {
        code: "amlnet::vnet::resource_group",
        severity: Severity::Error,
        summary: "`vnet.resource_group` without `existing: true`.",
        why: "A network amlnet creates goes into the deployment's resource group; another group applies to existing networks only.",
        example: Some(Example {
            file: "tests/data/invalid/vnet-resource-group.yaml",
            text: include_bytes!("../tests/data/invalid/vnet-resource-group.yaml"),
        }),
    },
    Code {
        code: "amlnet::workspace::datastores_identity_roles",
        severity: Severity::Warning,
        summary: "System datastores with identity auth: users need storage data roles.",
        why: "With identity auth the system datastores hold no key: every user who reads or writes them in the studio or a notebook needs Storage Blob Data Contributor and Storage File Data Privileged Contributor (or the Reader pair) on the workspace's storage account, which amlnet does not assign.",
        example: Some(Example {
            file: "tests/data/warnings/datastores-identity.yaml",
            text: include_bytes!("../tests/data/warnings/datastores-identity.yaml"),
        }),
    },
    Code {
        code: "amlnet::workspace::image_build_compute",
        severity: Severity::Error,
        summary: "`workspace.image_build_compute` names no compute cluster, or one with a GPU size.",
        why: "Image builds run on a CPU compute cluster of the spec; a GPU size or an unknown name cannot build images.",
        example: Some(Example {
            file: "tests/data/invalid/image-build-compute-gpu.yaml",
            text: include_bytes!("../tests/data/invalid/image-build-compute-gpu.yaml"),
        }),
    },
    Code {
        code: "amlnet::workspace::needs_private_endpoint",
        severity: Severity::Error,
        summary: "A workspace closed to public network access without a private endpoint.",
        why: "A workspace closed to public access is reachable only through a private endpoint.",
        example: Some(Example {
            file: "tests/data/invalid/workspace-closed-without-endpoint.yaml",
            text: include_bytes!("../tests/data/invalid/workspace-closed-without-endpoint.yaml"),
        }),
    },
    Code {
        code: "amlnet::workspace::serverless_image_build",
        severity: Severity::Warning,
        summary: "Private endpoints and serverless image builds, which need unrestricted dependencies.",
        why: "Serverless image builds need unrestricted access to their dependencies, which private endpoints and restricted outbound do not give.",
        example: Some(Example {
            file: "tests/data/warnings/serverless-image-build.yaml",
            text: include_bytes!("../tests/data/warnings/serverless-image-build.yaml"),
        }),
    },
];

/// The entry of `code`; `amlnet::` may be left out.
pub(crate) fn find(code: &str) -> Option<&'static Code> {
    let code = code.trim();
    CODES.iter().find(|c| c.code == code || c.code.strip_prefix("amlnet::") == Some(code))
}

impl Example {
    /// What amlnet reports about the example: every diagnostic (errors, or the warnings of a valid spec).
    pub(crate) fn diagnostics(&self) -> Diagnostics {
        let name = self.file.rsplit('/').next().unwrap_or(self.file);
        let format = SourceFormat::from_path(std::path::Path::new(self.file)).unwrap_or(SourceFormat::Yaml);
        let text = match crate::spec::source::decode(self.bytes().to_vec(), name) {
            Ok(text) => text,
            Err(diags) => return diags,
        };
        match crate::spec::load_with_warnings(&text, format, name) {
            Ok((_, warnings)) => warnings,
            Err(errors) => errors,
        }
    }

    /// The spec, without the corpus's `# expect:` line (so that line numbers are those shown).
    fn bytes(&self) -> &'static [u8] {
        match self.text.strip_prefix(b"# expect:") {
            Some(rest) => rest.iter().position(|b| *b == b'\n').map_or(&[][..], |at| &rest[at + 1..]),
            None => self.text,
        }
    }

    /// The spec as text (not UTF-8 bytes shown as U+FFFD).
    pub(crate) fn spec(&self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }
}

impl Code {
    /// The diagnostic with this code that the example produces.
    pub(crate) fn example_diagnostic(&self) -> Option<(Diagnostics, Diagnostic)> {
        let diags = self.example?.diagnostics();
        let diag = diags.items.iter().find(|d| d.code == self.code)?.clone();
        Some((diags, diag))
    }

    fn severity_name(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// `amlnet explain-code CODE`: the entry as text, with the example and what amlnet says about it.
pub(crate) fn explain(code: &Code) -> String {
    let mut out = format!("{} ({})\n\n{}\n\nWhy: {}\n", code.code, code.severity_name(), code.summary, code.why);
    if let (Some(example), Some((diags, diag))) = (code.example, code.example_diagnostic()) {
        out.push_str(&format!("\nExample ({}):\n\n", example.file));
        for line in example.spec().lines() {
            out.push_str(&format!("    {line}\n").replace("    \n", "\n"));
        }
        let one = Diagnostics { items: vec![diag.clone()], ..diags };
        out.push_str(&format!("\namlnet says:\n\n{}", one.render(false, 100)));
        if let Some(help) = &diag.help {
            out.push_str(&format!("\nFix: {help}\n"));
        }
    }
    out
}

#[cfg(test)]
/// `docs/diagnostics.md`: every code with its summary, why, an example and its fix.
pub(crate) fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         <!-- Generated from src/codes.rs by `cargo test --lib codes` (it rewrites this file outside CI); do not \
         edit. -->\n\n\
         Every diagnostic amlnet reports, with what it catches, why, a spec from the test corpus that triggers \
         it, and what amlnet says about that spec. `amlnet explain-code CODE` prints the same on the command \
         line; `--message-format sarif` names these codes as its rules.\n\n\
         | Code | Severity | What it catches |\n|---|---|---|\n",
    );
    for code in CODES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            code.code,
            anchor(code.code),
            code.severity_name(),
            code.summary
        ));
    }
    for code in CODES {
        out.push_str(&format!(
            "\n## `{}`\n\n*{}.* {}\n\nWhy: {}\n",
            code.code,
            code.severity_name(),
            code.summary,
            code.why
        ));
        if let (Some(example), Some((_, diag))) = (code.example, code.example_diagnostic()) {
            let lang = example.file.rsplit('.').next().unwrap_or("yaml");
            let at = diag.line.map(|l| format!(" at line {l} of the spec below")).unwrap_or_default();
            out.push_str(&format!(
                "\nExample, from [`{0}`](../{0}); amlnet says{at}: {1}\n",
                example.file, diag.message
            ));
            if diag.line.is_some() && std::str::from_utf8(example.text).is_ok() && example.text.len() < 2_000 {
                out.push_str(&format!("\n```{lang}\n{}```\n", example.spec()));
            }
            if let Some(help) = &diag.help {
                out.push_str(&format!("\nFix: {help}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
/// The GitHub heading anchor of a code heading (`amlnet::a::b` → `amlnetab`).
fn anchor(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every `"amlnet::..."` code literal in `src` outside tests.
    fn codes_in_src() -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("codes.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.split("#[cfg(test)]").next().unwrap();
                for piece in text.split("\"amlnet::").skip(1) {
                    let code: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || matches!(c, '_' | ':' | '0'..='9'))
                        .collect();
                    if piece[code.len()..].starts_with('"') {
                        found.insert(format!("amlnet::{code}"));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_code_in_src_has_an_entry_and_every_entry_a_code() {
        let in_src = codes_in_src();
        let in_table: BTreeSet<String> = CODES.iter().map(|c| c.code.to_owned()).collect();
        assert!(in_src.len() >= 90, "found only {} codes", in_src.len());
        let missing: Vec<_> = in_src.difference(&in_table).collect();
        let stale: Vec<_> = in_table.difference(&in_src).collect();
        assert!(missing.is_empty(), "codes without an entry in CODES: {missing:?}");
        assert!(stale.is_empty(), "entries of CODES no code in src uses: {stale:?}");
        let sorted: Vec<&str> = CODES.iter().map(|c| c.code).collect();
        assert!(sorted.is_sorted(), "CODES is not sorted");
    }

    #[test]
    fn every_example_triggers_its_code_with_its_severity() {
        for code in CODES {
            let Some(example) = code.example else {
                // Too large to show, each triggered by a generated spec in `spec::validate::tests` and
                // `tests/diagnostics.rs`; the stale and replacement checks are about output, not a spec
                // (`tests/ci_output.rs`, `tests/cli.rs` `renames_that_replace_stateful_resources_are_reported`);
                // choosing an environment is about the command line (`tests/output_layouts.rs`).
                let without = [
                    "check::stale",
                    "environment::choose",
                    "output::replaces_stateful",
                    "firewall::too_many_subnets",
                    "route::too_many",
                    "subnet::too_many",
                ];
                assert!(without.contains(&&code.code[8..]) || code.code == "amlnet::syntax::size", "{}", code.code);
                continue;
            };
            let diags = example.diagnostics();
            let diag = diags.items.iter().find(|d| d.code == code.code).unwrap_or_else(|| {
                panic!("{} does not trigger {}:\n{}", example.file, code.code, diags.render(false, 80))
            });
            assert_eq!(diag.severity, code.severity, "{}", code.code);
            assert!(diag.help.is_some(), "{}", code.code);
        }
    }

    #[test]
    fn explain_shows_the_example_and_its_fix() {
        let text = explain(find("subnet::overlap").unwrap());
        for needle in ["amlnet::subnet::overlap (error)", "Why: ", "Example (tests/data/invalid/", "Fix: "] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
        assert!(find("amlnet::no::such").is_none());
    }

    /// `docs/diagnostics.md` is the generated text; outside CI a difference rewrites it (and fails once).
    #[test]
    fn docs_list_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let want = markdown();
        let have = std::fs::read_to_string(path).unwrap_or_default();
        if have != want {
            if std::env::var_os("CI").is_none() {
                std::fs::write(path, &want).unwrap();
            }
            panic!(
                "docs/diagnostics.md was out of date{}",
                if std::env::var_os("CI").is_none() { "; rewritten, commit it" } else { "" }
            );
        }
        for code in CODES {
            assert!(want.contains(&format!("## `{}`", code.code)), "{}", code.code);
        }
    }
}
