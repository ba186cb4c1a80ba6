//! Semantic checks of a spec: every problem at once, each located.
//!
//! Two stages. First the value tree is deserialized into [`model::Spec`]; when that fails, each
//! section (and each subnet and compute) is deserialized on its own so that every type error,
//! unknown field and missing field is reported, not only the first. Then, on a well-typed spec,
//! every rule of the spec reference is checked and a [`ValidSpec`] is built. Checks avoid cascades:
//! a value that is itself wrong (an unparsable prefix, an unknown subnet) is left out of the checks
//! that depend on it. Azure facts come from `crate::azure`; this module hardcodes none. It never
//! stops at the first problem and never panics on user data.
//!
//! This file holds the driver (`check`), the codes, the diagnostic helpers and the top-level fields;
//! `recover` turns serde errors into diagnostics, and `network`, `workspace`, `compute`, `aks` and
//! `names` check their parts of the spec.

mod aks;
mod compute;
mod datastores;
mod dns;
mod egress;
mod hub;
mod managed;
mod names;
mod naming;
mod network;
mod recover;
mod rules;
mod skus;
mod storage;
mod workspace;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::model::{self, ComputeKind, Egress, NetworkRules, NextHopKind, Spec};
use super::source::{SourceDoc, join_index, join_key, parent_path};
use super::valid::*;
use crate::azure::names::{self as azure_names, NameRule};
use crate::azure::network::{self as azure_network, Access, Catalogue, Direction, RETIRED, ServiceTag, Trigger};
use crate::azure::regions::{self, REGIONS, Region};
use crate::azure::{catalog, compute as azure_compute, defaults, limits};
use crate::diagnostics::{Diagnostic, Diagnostics, Related, Severity};
use crate::net::{CidrError, Ipv4Net, prefix_len_for};
use compute::ComputeInfo;
use names::Names;
use network::{SubnetInfo, catalogue};

/// Every code this module emits, with what it catches.
pub mod codes {
    /// A field the spec does not define (with a "did you mean").
    pub const UNKNOWN_FIELD: &str = "amlnet::spec::unknown_field";
    /// A required field is absent.
    pub const MISSING_FIELD: &str = "amlnet::spec::missing_field";
    /// A value of the wrong type or out of its type's range.
    pub const WRONG_TYPE: &str = "amlnet::spec::wrong_type";
    /// A value outside an enumeration (`kind`, `mode`, `network_rules`, ...).
    pub const UNKNOWN_VARIANT: &str = "amlnet::spec::unknown_variant";
    /// `version` other than a supported one.
    pub const VERSION: &str = "amlnet::version::unsupported";
    /// `location` not a known region.
    pub const LOCATION: &str = "amlnet::location::unknown";
    /// The spec `name` breaks its naming rule.
    pub const NAME: &str = "amlnet::name::spec";
    /// A vnet, workspace, storage, key vault, registry or Application Insights name override breaks its rule.
    pub const RESOURCE_NAME: &str = "amlnet::name::resource";
    /// Not a CIDR prefix.
    pub const CIDR_SYNTAX: &str = "amlnet::cidr::syntax";
    /// A prefix with host bits set.
    pub const CIDR_HOST_BITS: &str = "amlnet::cidr::host_bits";
    /// Not an IPv4 address.
    pub const IP_SYNTAX: &str = "amlnet::ip::syntax";
    /// An IPv6 address or prefix where amlnet supports IPv4 only.
    pub const IPV6: &str = "amlnet::ip::ipv6";
    /// An address space entry overlapping a range Azure does not allow in a virtual network.
    pub const VNET_RESERVED: &str = "amlnet::vnet::reserved_range";
    /// `vnet.address_space` is empty.
    pub const VNET_EMPTY: &str = "amlnet::vnet::empty_address_space";
    /// Two address space entries overlap.
    pub const VNET_OVERLAP: &str = "amlnet::vnet::overlap";
    /// `vnet.resource_group` without `existing: true`.
    pub const VNET_RESOURCE_GROUP: &str = "amlnet::vnet::resource_group";
    /// A subnet name breaks the naming rule.
    pub const SUBNET_NAME: &str = "amlnet::subnet::name";
    /// Two subnets with one name.
    pub const SUBNET_DUPLICATE: &str = "amlnet::subnet::duplicate";
    /// More subnets than a virtual network holds.
    pub const SUBNET_TOO_MANY: &str = "amlnet::subnet::too_many";
    /// A subnet outside every address space entry.
    pub const SUBNET_OUTSIDE: &str = "amlnet::subnet::outside_vnet";
    /// Two subnets overlap.
    pub const SUBNET_OVERLAP: &str = "amlnet::subnet::overlap";
    /// The computes of a subnet need more addresses than it has free.
    pub const SUBNET_CAPACITY: &str = "amlnet::subnet::capacity";
    /// Two subnet names or two compute names map to the same identifier (`a-b` and `a_b`).
    pub const IDENT_COLLISION: &str = "amlnet::name::collision";
    /// A compute name breaks the naming rule.
    pub const COMPUTE_NAME: &str = "amlnet::compute::name";
    /// Two computes with one name.
    pub const COMPUTE_DUPLICATE: &str = "amlnet::compute::duplicate";
    /// A compute refers to a subnet that does not exist.
    pub const COMPUTE_SUBNET: &str = "amlnet::compute::unknown_subnet";
    /// A field the compute's kind requires is absent.
    pub const COMPUTE_MISSING: &str = "amlnet::compute::missing_field";
    /// A field that does not belong to the compute's kind.
    pub const COMPUTE_FOREIGN: &str = "amlnet::compute::foreign_field";
    /// A virtual machine whose `os` is not Ubuntu.
    pub const COMPUTE_OS: &str = "amlnet::compute::os";
    /// A `vm_size` that is not the shape of an Azure VM size (`Standard_D4s_v5`).
    pub const COMPUTE_VM_SIZE: &str = "amlnet::compute::vm_size";
    /// A `resource_id` that is not an ARM id of the right provider.
    pub const COMPUTE_RESOURCE_ID: &str = "amlnet::compute::resource_id";
    /// Node counts: `min_nodes` > `max_nodes`, `max_nodes` or `node_count` of 0.
    pub const COMPUTE_NODES: &str = "amlnet::compute::nodes";
    /// `service_cidr` overlaps the vnet, a subnet or the appliance of forced tunneling.
    pub const AKS_SERVICE_OVERLAP: &str = "amlnet::aks::service_cidr_overlap";
    /// `service_cidr` overlaps a range AKS reserves.
    pub const AKS_SERVICE_RESERVED: &str = "amlnet::aks::service_cidr_reserved";
    /// `service_cidr` larger than a /12.
    pub const AKS_SERVICE_SIZE: &str = "amlnet::aks::service_cidr_size";
    /// `dns_service_ip` outside `service_cidr`, or its network address or `.1`.
    pub const AKS_DNS_IP: &str = "amlnet::aks::dns_service_ip";
    /// `docker_bridge_cidr` overlaps the vnet, a subnet or `service_cidr`.
    pub const AKS_DOCKER_OVERLAP: &str = "amlnet::aks::docker_bridge_overlap";
    /// A peer (`allow_ssh_from`, `allow_from`) that is neither a CIDR, a service tag nor `*`.
    pub const PEER: &str = "amlnet::peer::invalid";
    /// SSH from the whole Internet without `i_understand_ssh_from_internet: true`.
    pub const SSH_INTERNET: &str = "amlnet::outbound::ssh_from_internet";
    /// `scoring.port` 0.
    pub const SCORING_PORT: &str = "amlnet::scoring::port";
    /// `virtual_appliance` without `ip`.
    pub const ROUTE_IP_MISSING: &str = "amlnet::route::ip_missing";
    /// A virtual appliance address that is not private.
    pub const ROUTE_IP_PUBLIC: &str = "amlnet::route::ip_not_private";
    /// `ip` given with next hop `internet`.
    pub const ROUTE_IP_FORBIDDEN: &str = "amlnet::route::ip_forbidden";
    /// An `internet_routes` entry that is not a service tag.
    pub const ROUTE_TAG: &str = "amlnet::route::unknown_tag";
    /// `0.0.0.0/0` among `internet_prefixes`: the default route has its own field.
    pub const ROUTE_DEFAULT_PREFIX: &str = "amlnet::route::default_prefix";
    /// The same route twice.
    pub const ROUTE_DUPLICATE: &str = "amlnet::route::duplicate";
    /// More routes than a route table holds.
    pub const ROUTE_TOO_MANY: &str = "amlnet::route::too_many";
    /// A firewalled storage account for inference.
    pub const STORAGE_INFERENCE: &str = "amlnet::storage::inference_firewall";
    /// More compute subnets than a storage account or key vault firewall holds vnet rules.
    pub const FIREWALL_RULES: &str = "amlnet::firewall::too_many_subnets";
    /// A subnet's NSG needs more rules than Azure allows in a group, or more allow rules in one
    /// direction than amlnet can number below the catalogue's deny.
    pub const NSG_TOO_MANY_RULES: &str = "amlnet::nsg::too_many_rules";
    /// Too many tags, or a tag key or value too long or with forbidden characters.
    pub const TAGS: &str = "amlnet::tags::invalid";
    /// A feature the spec defines that amlnet does not support yet.
    /// `vnet.existing: true` without `vnet.name`: an existing vnet is found by its name.
    pub const VNET_EXISTING_NAME: &str = "amlnet::vnet::existing_needs_name";
    /// `workspace.private_endpoints.subnet` names no subnet.
    pub const PRIVATE_ENDPOINT_SUBNET: &str = "amlnet::private_endpoints::unknown_subnet";
    /// A compute without public IPs (`public_ip: false`) and no workspace private endpoint.
    pub const COMPUTE_NEEDS_PRIVATE_ENDPOINT: &str = "amlnet::compute::needs_private_endpoint";
    pub const WORKSPACE_NEEDS_PRIVATE_ENDPOINT: &str = "amlnet::workspace::needs_private_endpoint";
    /// A compute without public IPs under `network_rules: seed-2019`, which predates them.
    pub const COMPUTE_NO_PUBLIC_IP_SEED: &str = "amlnet::compute::no_public_ip_seed";
    /// A `vm_size` Azure has retired (`azure::compute::RETIRED_SIZES`).
    pub const COMPUTE_VM_SIZE_RETIRED: &str = "amlnet::compute::vm_size_retired";
    /// An existing VM or HDInsight cluster (`resource_id`) in a virtual network amlnet creates.
    pub const COMPUTE_NEEDS_EXISTING_VNET: &str = "amlnet::compute::needs_existing_vnet";
    /// A created VM's `admin_username` Azure does not accept.
    pub const COMPUTE_ADMIN_USERNAME: &str = "amlnet::compute::admin_username";
    /// An `assigned_user` id that is not a GUID.
    pub const COMPUTE_ASSIGNED_USER: &str = "amlnet::compute::assigned_user";
    /// `workspace.image_build_compute` names no compute cluster, or one with a GPU size.
    pub const IMAGE_BUILD_COMPUTE: &str = "amlnet::workspace::image_build_compute";
    /// Warning: private endpoints and serverless image builds, which need unrestricted dependencies.
    pub const WARN_SERVERLESS_IMAGE_BUILD: &str = "amlnet::workspace::serverless_image_build";
    /// Warning: `outbound.allow_ssh_from` opens SSH to a cluster that takes no SSH.
    pub const WARN_SSH_RULE_UNUSED: &str = "amlnet::outbound::ssh_rule_unused";
    /// `idle_time_before_shutdown` is not an ISO 8601 duration within the service's range.
    pub const IDLE_SHUTDOWN: &str = "amlnet::compute::idle_shutdown";
    /// A public scoring endpoint without `allow_from`.
    pub const SCORING_ALLOW_FROM: &str = "amlnet::scoring::allow_from_missing";
    /// Warning: kubenet is legacy and retires.
    pub const WARN_KUBENET: &str = "amlnet::aks::kubenet";
    /// Warning: a storage or key vault firewall is off (security scanners flag it).
    pub const WARN_FIREWALL_OFF: &str = "amlnet::firewall::off";
    /// Warning: SSH from the whole Internet, acknowledged (security scanners flag it).
    pub const WARN_SSH_INTERNET: &str = "amlnet::outbound::ssh_from_internet_open";
    /// Warning: a scoring endpoint on plain HTTP (port 80) from the Internet (security scanners flag it).
    pub const WARN_SCORING_HTTP: &str = "amlnet::scoring::http_from_internet";
    /// Warning: `seed-2019` uses rules Azure has retired.
    pub const WARN_RETIRED: &str = "amlnet::rules::retired";
    /// Warning: `docker_bridge_cidr` is ignored by current AKS.
    pub const WARN_DOCKER_BRIDGE: &str = "amlnet::aks::docker_bridge_ignored";
    /// Warning: a subnet's compute has no explicit way out and relies on default outbound access, which
    /// Azure retires (re-declared subnets of an existing network that keep it).
    pub const WARN_DEFAULT_OUTBOUND: &str = "amlnet::outbound::default_access";
    /// A compute cluster or instance without a public IP in a subnet with neither a NAT gateway nor a
    /// default route to an appliance: it has no way out.
    pub const NO_EGRESS: &str = "amlnet::outbound::no_egress";
    /// Warning: a virtual machine amlnet creates (no public IP) in a subnet with no way out.
    pub const WARN_VM_NO_EGRESS: &str = "amlnet::outbound::vm_no_egress";
    /// `vnet.default_outbound_access` on a virtual network amlnet creates.
    pub const VNET_DEFAULT_OUTBOUND: &str = "amlnet::vnet::default_outbound_access";
    /// Warning: `outbound.egress: none` leaves compute without a way out, as asked.
    pub const WARN_EGRESS_NONE: &str = "amlnet::outbound::egress_none";
    /// Warning: `outbound.egress: nat_gateway` and no subnet that takes it.
    pub const WARN_NAT_UNUSED: &str = "amlnet::outbound::nat_gateway_unused";
    /// Warning: a default route to an appliance takes the traffic a NAT gateway would carry.
    pub const WARN_NAT_BYPASSED: &str = "amlnet::outbound::nat_gateway_bypassed";
    /// Warning: `internet_routes` without compute that has a public IP.
    pub const WARN_INTERNET_ROUTES: &str = "amlnet::route::internet_routes_unused";
    /// Warning: the re-declared subnets of an existing network state default outbound access on.
    pub const WARN_EXISTING_OUTBOUND: &str = "amlnet::vnet::existing_default_outbound_access";
    /// Warning: the vnet overlaps Docker's default bridge range.
    pub const WARN_DOCKER_RANGE: &str = "amlnet::vnet::docker_range";
    /// `name_suffix` is not 1 to 8 lowercase letters and digits.
    pub const NAME_SUFFIX: &str = "amlnet::name::suffix";
    /// `workspace.private_endpoints.storage_services` lacks a service Azure Machine Learning needs, or
    /// names one twice.
    pub const STORAGE_SERVICES: &str = "amlnet::private_endpoints::storage_services";
    /// `outbound.mode: firewall` without a default route to a virtual appliance.
    pub const OUTBOUND_FIREWALL_ROUTE: &str = "amlnet::outbound::firewall_without_appliance";
    /// A compute or the private endpoints placed in a subnet Azure reserves for one of its services.
    pub const SUBNET_RESERVED: &str = "amlnet::subnet::reserved";
    /// An AKS pod CIDR overlaps the network, the appliance, the service CIDR or the Docker bridge.
    pub const AKS_POD_OVERLAP: &str = "amlnet::aks::pod_cidr_overlap";
    /// A production AKS inference cluster with fewer nodes than production needs.
    pub const AKS_PRODUCTION_NODES: &str = "amlnet::aks::production_nodes";
    /// `scoring.tls` is incomplete, ambiguous or names an invalid DNS name.
    pub const SCORING_TLS: &str = "amlnet::scoring::tls";
    /// A scoring rule on the HTTPS port for an endpoint without TLS.
    pub const WARN_SCORING_NO_TLS: &str = "amlnet::scoring::https_without_tls";
    /// TLS on the endpoint, but the scoring rule opens another port than HTTPS.
    pub const WARN_SCORING_TLS_PORT: &str = "amlnet::scoring::tls_port";
    /// A Microsoft certificate (a public name) on an internal scoring endpoint.
    pub const WARN_SCORING_TLS_INTERNAL: &str = "amlnet::scoring::tls_internal_public_name";
    /// An AKS compute under `network_rules: seed-2019`: the legacy v1 attach.
    pub const WARN_AKS_V1_ATTACH: &str = "amlnet::aks::v1_attach_legacy";
    /// Kubernetes compute whose inference router serves plain HTTP (`allowInsecureConnections`).
    pub const WARN_SCORING_INSECURE: &str = "amlnet::scoring::insecure_connections";
    /// A field of the Kubernetes compute (v2) on a v1 attach, or of the v1 attach on Kubernetes compute.
    pub const AKS_ATTACH_FIELD: &str = "amlnet::aks::attach_field";
    /// `workloads` empty or repeated, `scoring` without inference, or a namespace that is no DNS label.
    pub const AKS_WORKLOADS: &str = "amlnet::aks::workloads";
    /// `workspace.managed_network.outbound_rule_groups` names no catalogue group.
    pub const MANAGED_GROUP: &str = "amlnet::managed_network::unknown_group";
    /// A compute kind a workspace managed network does not support (AKS, attached computes).
    pub const MANAGED_COMPUTE_KIND: &str = "amlnet::managed_network::compute_kind";
    /// A compute with a `subnet` in a workspace managed network.
    pub const MANAGED_COMPUTE_SUBNET: &str = "amlnet::managed_network::compute_subnet";
    /// An outbound rule name that is not 1 to 80 letters, digits, hyphens or underscores.
    pub const MANAGED_RULE_NAME: &str = "amlnet::managed_network::rule_name";
    /// Two outbound rules with one name.
    pub const MANAGED_RULE_DUPLICATE: &str = "amlnet::managed_network::rule_duplicate";
    /// An outbound rule with no or several destinations, or a field of another kind.
    pub const MANAGED_RULE_KIND: &str = "amlnet::managed_network::rule_kind";
    /// An FQDN rule (or a group of them) with `isolation: allow_internet_outbound`.
    pub const MANAGED_FQDN_MODE: &str = "amlnet::managed_network::fqdn_needs_approved_outbound";
    /// An FQDN that is no host name, or names Azure Storage.
    pub const MANAGED_FQDN: &str = "amlnet::managed_network::fqdn";
    /// A service tag outbound rules do not accept.
    pub const MANAGED_SERVICE_TAG: &str = "amlnet::managed_network::service_tag";
    /// A protocol other than `TCP`, `UDP`, `ICMP` or `*`.
    pub const MANAGED_PROTOCOL: &str = "amlnet::managed_network::protocol";
    /// Port ranges that are not ports 1 to 65535 and low-high ranges.
    pub const MANAGED_PORTS: &str = "amlnet::managed_network::port_ranges";
    /// A private endpoint rule without one target, or with a target private endpoints cannot reach.
    pub const MANAGED_PE_TARGET: &str = "amlnet::managed_network::private_endpoint_target";
    /// A private endpoint rule's sub-resource its target does not have.
    pub const MANAGED_PE_SUB_RESOURCE: &str = "amlnet::managed_network::sub_resource";
    /// Warning: FQDN rules create a managed Azure Firewall, which is billed.
    pub const WARN_MANAGED_FIREWALL: &str = "amlnet::managed_network::firewall_billed";
    /// `workspace.managed_network` with `network_rules: seed-2019`.
    pub const MANAGED_SEED: &str = "amlnet::managed_network::seed_2019";
    /// Warning: `firewall_sku` without FQDN rules (no firewall is created).
    pub const WARN_MANAGED_FIREWALL_UNUSED: &str = "amlnet::managed_network::firewall_sku_unused";
    /// `dns_zone_ids` without `dns_zones: existing`.
    pub const DNS_ZONE_IDS_UNUSED: &str = "amlnet::dns::zone_ids_without_existing";
    /// `dns_zones: existing` without the id of a zone the private endpoints need.
    pub const DNS_ZONE_ID_MISSING: &str = "amlnet::dns::zone_id_missing";
    /// A zone id that is not the ARM id of a private DNS zone of that name.
    pub const DNS_ZONE_ID: &str = "amlnet::dns::zone_id";
    /// Warning: the id of a zone no private endpoint of the deployment needs.
    pub const WARN_DNS_ZONE_ID_UNNEEDED: &str = "amlnet::dns::zone_id_unneeded";
    /// `vnet.dns_servers` on an existing virtual network.
    pub const DNS_SERVERS_EXISTING_VNET: &str = "amlnet::dns::servers_on_existing_vnet";
    /// `vnet.dns_servers` with the hub firewall's DNS proxy.
    pub const DNS_SERVERS_WITH_PROXY: &str = "amlnet::dns::servers_with_proxy";
    /// A DNS server listed twice.
    pub const DNS_SERVERS_DUPLICATE: &str = "amlnet::dns::server_duplicate";
    /// Warning: custom DNS servers with zones amlnet creates: they must forward to Azure DNS.
    pub const WARN_DNS_SERVERS_FORWARD: &str = "amlnet::dns::servers_must_forward";
    /// `workspace.monitor_private_link` without `workspace.private_endpoints`.
    pub const MONITOR_NEEDS_PRIVATE_ENDPOINTS: &str = "amlnet::monitor::needs_private_endpoints";
    /// Warning: a private AKS cluster in a network with custom DNS servers.
    pub const WARN_DNS_PRIVATE_AKS: &str = "amlnet::dns::private_aks_custom_dns";
    /// Kubernetes compute whose `scoring.port` is not the port its inference router serves.
    pub const AKS_ROUTER_PORT: &str = "amlnet::aks::router_port";
    /// `hub` with both or neither of `address_space` and `resource_id`, or a field that does not fit it.
    pub const HUB_SHAPE: &str = "amlnet::hub::shape";
    /// The hub's address space overlaps the spoke's.
    pub const HUB_OVERLAP: &str = "amlnet::hub::overlap";
    /// A new firewall without its `subnet_prefix`.
    pub const HUB_FIREWALL_SUBNET_MISSING: &str = "amlnet::hub::firewall_subnet_missing";
    /// A firewall subnet smaller than Azure requires.
    pub const HUB_FIREWALL_SUBNET_SIZE: &str = "amlnet::hub::firewall_subnet_size";
    /// A Bastion subnet smaller than Azure requires.
    pub const HUB_BASTION_SUBNET_SIZE: &str = "amlnet::hub::bastion_subnet_size";
    /// A hub subnet outside the hub's address space.
    pub const HUB_SUBNET_OUTSIDE: &str = "amlnet::hub::subnet_outside";
    /// Two hub subnets overlap.
    pub const HUB_SUBNET_OVERLAP: &str = "amlnet::hub::subnet_overlap";
    /// FQDN rule groups on a firewall amlnet does not create.
    pub const HUB_RULES_WITHOUT_FIREWALL: &str = "amlnet::hub::rules_without_firewall";
    /// An unknown or repeated firewall rule group.
    pub const HUB_RULE_GROUP: &str = "amlnet::hub::rule_group";
    /// `next_hop: hub_firewall` without a hub firewall.
    pub const HUB_NO_FIREWALL: &str = "amlnet::hub::no_firewall";
    /// A default route into a declared hub that is not peered with the spoke.
    pub const HUB_NOT_PEERED: &str = "amlnet::hub::not_peered";
    /// A default route to the hub's firewall without `outbound.mode: firewall`.
    pub const HUB_MODE: &str = "amlnet::hub::outbound_mode";
    /// Warning: a default route to an appliance address in no network of the spec.
    pub const WARN_APPLIANCE_UNCHECKED: &str = "amlnet::hub::appliance_unchecked";
    /// A new firewall's `zones`: a zone outside 1 to 3, a zone listed twice, or zones in a region without them.
    pub const HUB_FIREWALL_ZONES: &str = "amlnet::hub::firewall_zones";
    /// `hub.firewall.existing.resource_id` that is not the ARM id of an Azure Firewall.
    pub const HUB_FIREWALL_ID: &str = "amlnet::hub::firewall_id";
    /// An `nsg_rules` name that breaks Azure's rule, or repeats another rule's name in the same NSG.
    pub const NSG_RULE_NAME: &str = "amlnet::nsg::rule_name";
    /// An `nsg_rules` priority outside 100 to 4096, or one another rule of the same NSG and direction has.
    pub const NSG_RULE_PRIORITY: &str = "amlnet::nsg::rule_priority";
    /// An `nsg_rules` port list that is not `*` or ports and ranges from 0 to 65535.
    pub const NSG_RULE_PORTS: &str = "amlnet::nsg::rule_ports";
    /// `nsg_rules` on a subnet Azure reserves for one of its services.
    pub const NSG_RULE_RESERVED: &str = "amlnet::nsg::rule_on_reserved_subnet";
    /// An inbound allow rule of `nsg_rules` from the whole Internet.
    pub const NSG_RULE_OPEN_INBOUND: &str = "amlnet::nsg::rule_open_inbound";
    /// A deny rule of `nsg_rules` before a catalogue allow rule it blocks.
    pub const NSG_RULE_BLOCKS: &str = "amlnet::nsg::rule_blocks_catalogue";
    /// Warning: a deny rule of `nsg_rules` before a catalogue allow rule it may block (a service tag's
    /// addresses cannot be compared).
    pub const WARN_NSG_RULE_MAY_BLOCK: &str = "amlnet::nsg::rule_may_block_catalogue";
    /// Warning: an allow rule of `nsg_rules` after a catalogue deny rule that covers it: it never matches.
    pub const WARN_NSG_RULE_SHADOWED: &str = "amlnet::nsg::rule_shadowed";
    /// `workspace.log_analytics.retention_days` outside what the workspace's pricing tier accepts.
    pub const LOG_RETENTION: &str = "amlnet::log_analytics::retention";
    /// `naming.environment` or `naming.instance` that is not short lowercase letters and digits, or either
    /// without `convention: caf`.
    pub const NAMING: &str = "amlnet::naming::component";
    /// A registry tier without private endpoints in a workspace whose services get private endpoints.
    pub const REGISTRY_SKU: &str = "amlnet::registry::sku";
    /// `private_dns_zone` on a cluster that is not private.
    pub const AKS_PRIVATE_DNS_ZONE_PUBLIC: &str = "amlnet::aks::private_dns_zone_not_private";
    /// `private_dns_zone: none`: the API server would be reached through its public FQDN.
    pub const AKS_PRIVATE_DNS_ZONE_NONE: &str = "amlnet::aks::private_dns_zone_none";
    /// A `private_dns_zone` that is neither a mode nor the id of a zone AKS accepts in the region.
    pub const AKS_PRIVATE_DNS_ZONE_ID: &str = "amlnet::aks::private_dns_zone_id";
    /// Warning: the cluster identity needs Private DNS Zone Contributor on an existing zone.
    pub const WARN_AKS_PRIVATE_DNS_ZONE_ROLE: &str = "amlnet::aks::private_dns_zone_role";
    /// Warning: `workspace.system_datastores_auth: identity`, which needs storage data roles for users.
    pub const WARN_DATASTORES_IDENTITY: &str = "amlnet::workspace::datastores_identity_roles";
}

/// Spec versions this amlnet reads.
pub const SUPPORTED_VERSIONS: &[u32] = &[1];

/// Checks a parsed spec against every rule of the spec reference.
pub fn validate(doc: &SourceDoc) -> Result<ValidSpec, Diagnostics> {
    validate_with_warnings(doc).map(|(spec, _)| spec)
}

/// Like [`validate`], and also returns the warnings (non-fatal) of a valid spec. On failure the
/// diagnostics hold the errors only.
pub fn validate_with_warnings(doc: &SourceDoc) -> Result<(ValidSpec, Diagnostics), Diagnostics> {
    let mut cx = Cx::new(doc);
    let spec = cx.deserialize();
    let valid = spec.and_then(|spec| cx.check(&spec));
    let mut diags = Diagnostics { file_name: doc.file_name.clone(), source: doc.text.clone(), items: cx.items };
    match valid {
        Some(valid) if !diags.has_errors() => Ok((valid, diags)),
        _ => {
            // Errors first: warnings are reported once the spec is valid.
            diags.items.retain(|d| d.severity == Severity::Error);
            Err(diags)
        }
    }
}

/// The validation context: the document diagnostics point into, and the diagnostics so far.
struct Cx<'d> {
    doc: &'d SourceDoc,
    items: Vec<Diagnostic>,
}

/// Longest value, in characters, that a message echoes; longer ones are cut with an ellipsis.
const ECHO_MAX: usize = 80;
/// Longest message or help, in characters, whatever it echoes.
const TEXT_MAX: usize = 1000;

/// A message with every `` `value` `` longer than [`ECHO_MAX`] characters cut and its control
/// characters escaped, and the whole cut at [`TEXT_MAX`]: a message about a 100 MB name or a name with
/// a newline stays one short line.
fn cut_echoes(text: String) -> String {
    if text.len() <= ECHO_MAX && !text.contains(char::is_control) {
        return text;
    }
    let cut = |part: &str, max: usize| -> String {
        match part.char_indices().nth(max) {
            Some((at, _)) => format!("{}…", &part[..at]),
            None => part.to_owned(),
        }
    };
    let parts: Vec<String> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                let escaped: String = cut(part, ECHO_MAX)
                    .chars()
                    .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
                    .collect();
                escaped
            } else {
                part.to_owned()
            }
        })
        .collect();
    cut(&parts.join("`"), TEXT_MAX)
}

// ---------------------------------------------------------------------------------------------
// Diagnostic helpers.

impl<'d> Cx<'d> {
    fn new(doc: &'d SourceDoc) -> Self {
        Cx { doc, items: Vec::new() }
    }

    /// The 1-based line of a byte offset (the document's line index: logarithmic time).
    fn line_of(&self, offset: usize) -> usize {
        self.doc.line_of(offset)
    }

    /// A diagnostic underlining the value at `path`.
    fn diag(&self, severity: Severity, code: &'static str, path: &str, message: String, help: String) -> Diagnostic {
        let span = self.doc.focus(path);
        Diagnostic {
            code,
            severity,
            message: cut_echoes(message),
            help: Some(help),
            path: (!path.is_empty()).then(|| path.to_owned()),
            span,
            line: span.map(|s| self.line_of(s.start)),
            related: Vec::new(),
        }
    }

    fn error(&mut self, code: &'static str, path: &str, message: String, help: String) {
        let d = self.diag(Severity::Error, code, path, message, help);
        self.items.push(d);
    }

    /// An error underlining the key at `path` (for fields that should not be there).
    fn key_error(&mut self, code: &'static str, path: &str, message: String, help: String) {
        self.key_diag(Severity::Error, code, path, message, help);
    }

    /// A warning underlining the key at `path`.
    fn key_warning(&mut self, code: &'static str, path: &str, message: String, help: String) {
        self.key_diag(Severity::Warning, code, path, message, help);
    }

    fn key_diag(&mut self, severity: Severity, code: &'static str, path: &str, message: String, help: String) {
        let mut d = self.diag(severity, code, path, message, help);
        d.span = self.doc.key_focus(path);
        d.line = d.span.map(|s| self.line_of(s.start));
        self.items.push(d);
    }

    fn error_with(&mut self, code: &'static str, path: &str, message: String, help: String, related: Vec<Related>) {
        let mut d = self.diag(Severity::Error, code, path, message, help);
        d.related = related;
        self.items.push(d);
    }

    fn warning(&mut self, code: &'static str, path: &str, message: String, help: String) {
        let d = self.diag(Severity::Warning, code, path, message, help);
        self.items.push(d);
    }

    fn related(&self, label: String, path: &str) -> Related {
        let span = self.doc.focus(path);
        Related {
            label: cut_echoes(label),
            path: Some(path.to_owned()),
            span,
            line: span.map(|s| self.line_of(s.start)),
        }
    }

    fn present(&self, path: &str) -> bool {
        self.doc.location(path).is_some()
    }

    fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// `` `a`, `b` or `c` ``.
fn list(names: &[&str]) -> String {
    let ticked: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match ticked.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The name an ARM id of a `provider`/`type` resource ends in
/// (`/subscriptions/<id>/resourceGroups/<group>/providers/<provider>/<type>/<name>`); `None` when `id`
/// is not one.
fn arm_id_name<'a>(id: &'a str, provider: (&str, &str)) -> Option<&'a str> {
    arm_id_parts(id, provider).map(|[_, _, name]| name)
}

/// The subscription, resource group and name of an ARM id of a `provider`/`type` resource; `None` when
/// `id` is not one.
fn arm_id_parts<'a>(id: &'a str, provider: (&str, &str)) -> Option<[&'a str; 3]> {
    let parts: Vec<&str> = id.split('/').collect();
    let ok = parts.len() == 9
        && parts[0].is_empty()
        && parts[1].eq_ignore_ascii_case("subscriptions")
        && parts[3].eq_ignore_ascii_case("resourceGroups")
        && parts[5].eq_ignore_ascii_case("providers")
        && parts[6].eq_ignore_ascii_case(provider.0)
        && parts[7].eq_ignore_ascii_case(provider.1)
        && [2, 4, 8].iter().all(|i| !parts[*i].is_empty() && !parts[*i].contains(char::is_whitespace));
    ok.then(|| [parts[2], parts[4], parts[8]])
}

/// An existing resource's ARM id of a `kind` resource, split into its parts.
fn existing_id(id: &str, kind: crate::azure::ApiKind) -> Option<crate::spec::valid::ValidExistingHub> {
    let provider = crate::azure::catalog::info(kind).arm_type.split_once('/').expect("an ARM type is provider/type");
    let [subscription, resource_group, name] = arm_id_parts(id, provider)?;
    Some(crate::spec::valid::ValidExistingHub {
        subscription: subscription.to_owned(),
        resource_group: resource_group.to_owned(),
        name: name.to_owned(),
    })
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// Stage 2: meaning.

impl Cx<'_> {
    fn check(&mut self, spec: &Spec) -> Option<ValidSpec> {
        self.version(spec);
        self.spec_name(spec);
        self.name_suffix(spec);
        let region = self.location(spec);
        self.tags(spec);
        self.warn_rules(spec);
        let (address_space, space_ok) = self.address_space(spec);
        let subnets = self.subnets(spec, &address_space, space_ok);
        let nsg_rules = self.subnet_nsg_rules(spec);
        let outbound = self.outbound(spec);
        let forced_tunneling = self.forced_tunneling(spec);
        let hub = self.hub(spec, &address_space);
        let mut workspace = self.workspace(spec);
        let dns_servers = self.dns_servers(spec);
        self.private_aks_behind_proxy(spec);
        let computes = self.computes(spec, &subnets, &address_space);
        self.firewall_limits(spec, &computes);
        self.nsg_rules(spec, &subnets, &computes);
        self.reserved_subnets(spec, &computes);
        let existing = self.vnet_flags(spec);
        self.private_compute(spec, &computes);
        self.egress(spec, &computes);
        self.private_workspace(spec);
        workspace.image_build_compute = self.image_build_compute(spec, &computes);
        workspace.managed_network = self.managed_network(spec);
        self.warn_insecure_choices(spec);
        self.ssh_rule_unused(spec);
        let naming = self.naming(spec);

        if self.error_count() > 0 {
            return None;
        }
        let valid_subnets = spec
            .vnet
            .subnets
            .iter()
            .zip(&subnets)
            .enumerate()
            .map(|(index, (subnet, info))| {
                Some(ValidSubnet {
                    name: subnet.name.clone(),
                    prefix: info.prefix?,
                    path: join_index("vnet.subnets", index),
                    nsg_rules: nsg_rules[index].clone()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let valid = ValidSpec {
            name: spec.name.clone(),
            region: region?,
            catalogue: catalogue(spec.network_rules),
            tags: spec.tags.clone(),
            vnet: ValidVnet {
                name: spec.vnet.name.clone(),
                existing,
                address_space: address_space.into_iter().collect::<Option<Vec<_>>>()?,
                subnets: valid_subnets,
                dns_servers,
            },
            outbound: outbound?,
            forced_tunneling: forced_tunneling?,
            workspace,
            computes: computes.into_iter().map(|c| c.valid).collect::<Option<Vec<_>>>()?,
            name_suffix: spec.name_suffix.clone(),
            locks: spec.locks,
            hub: hub?,
            naming,
            diagnostic_settings: spec.diagnostic_settings,
        };
        self.nsg_rules_against_catalogue(&valid);
        self.explicit_names(&valid);
        (self.error_count() == 0).then_some(valid)
    }

    fn version(&mut self, spec: &Spec) {
        if !SUPPORTED_VERSIONS.contains(&spec.version) {
            let supported: Vec<String> = SUPPORTED_VERSIONS.iter().map(u32::to_string).collect();
            self.error(
                codes::VERSION,
                "version",
                format!("spec version {} is not supported (supported: {})", spec.version, supported.join(", ")),
                format!("set `version: {}`", SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.len() - 1]),
            );
        }
    }

    fn location(&mut self, spec: &Spec) -> Option<&'static Region> {
        if let Some(region) = regions::region(&spec.location) {
            return Some(region);
        }
        let squashed: String =
            spec.location.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let best =
            regions::region(&squashed).map(|r| r.name).or_else(|| closest(&squashed, REGIONS.iter().map(|r| r.name)));
        let help = match best {
            Some(name) => format!("did you mean `{name}`?"),
            None => "use a region's programmatic name, as `az account list-locations -o table` lists it".to_owned(),
        };
        self.error(codes::LOCATION, "location", format!("`{}` is not a known Azure region", spec.location), help);
        None
    }

    fn tags(&mut self, spec: &Spec) {
        use limits::{TAG_KEY_FORBIDDEN as FORBIDDEN, TAG_VALUE_MAX as VALUE_MAX, TAGS_MAX as MAX_TAGS};
        // Every tagged resource carries every tag, the storage account too, so its shorter key limit applies.
        const KEY_MAX: usize = limits::STORAGE_TAG_KEY_MAX;
        if spec.tags.len() > MAX_TAGS {
            self.error(
                codes::TAGS,
                "tags",
                format!("{} tags given, Azure allows at most {MAX_TAGS}", spec.tags.len()),
                format!("remove {} tags", spec.tags.len() - MAX_TAGS),
            );
        }
        // Azure compares tag names case-insensitively: `Env` and `env` are one tag.
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (key, value) in &spec.tags {
            let path = join_key("tags", key);
            if let Some(first) = seen.insert(key.to_lowercase(), key) {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!("tag keys `{first}` and `{key}` differ only in case, and Azure treats them as one tag"),
                    "keep one of them".to_owned(),
                );
            }
            if key.is_empty() || key.chars().count() > KEY_MAX {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!(
                        "tag key `{key}` must be 1 to {KEY_MAX} characters (the storage account carries every tag, \
                         and storage allows {KEY_MAX})"
                    ),
                    "shorten the tag key".to_owned(),
                );
            } else if key.contains(FORBIDDEN) {
                self.key_error(
                    codes::TAGS,
                    &path,
                    format!("tag key `{key}` contains one of `{}`", String::from_iter(FORBIDDEN)),
                    "remove those characters from the tag key".to_owned(),
                );
            }
            if value.chars().count() > VALUE_MAX {
                self.error(
                    codes::TAGS,
                    &path,
                    format!("the value of tag `{key}` is longer than {VALUE_MAX} characters"),
                    "shorten the tag value".to_owned(),
                );
            }
        }
    }

    /// `seed-2019` output cannot create compute clusters or instances on today's Azure: say so plainly
    /// (an error under `--deny-warnings`).
    fn warn_rules(&mut self, spec: &Spec) {
        if spec.network_rules == NetworkRules::Seed2019 {
            let region = regions::region(&spec.location);
            let missing: Vec<String> = azure_network::SEED_2019_GAPS
                .iter()
                .filter(|(_, restricted_only)| !restricted_only || spec.outbound.mode == OutboundMode::Restricted)
                .filter_map(|(id, _)| azure_network::CURRENT_RULES.iter().find(|r| r.id == *id))
                .map(|rule| azure_network::rule_in_words(rule, region))
                .collect();
            let retired: Vec<String> = RETIRED.iter().map(|(id, when)| format!("`{id}` was retired {when}")).collect();
            self.warning(
                codes::WARN_RETIRED,
                "network_rules",
                format!(
                    "`seed-2019` output cannot create compute clusters or instances on today's Azure: its NSGs lack {}, \
                     and its {}",
                    missing.join(" and "),
                    retired.join("; ")
                ),
                "use `network_rules: current` to deploy; keep `seed-2019` only to reproduce the 2019 guidance".to_owned(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compute::iso_minutes;
    use super::names::suggest_spec_name;
    use super::network::overlapping_pairs;
    use super::*;
    use crate::spec::source::{SourceFormat, parse};

    fn codes_of(text: &str) -> Vec<&'static str> {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        match validate_with_warnings(&doc) {
            Ok(_) => Vec::new(),
            Err(d) => d.errors().map(|d| d.code).collect(),
        }
    }

    const BASE: &str = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n";

    #[test]
    fn helpers() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("vm_sise", ["vm_size", "subnet"].into_iter()), Some("vm_size"));
        assert_eq!(closest("zzzz", ["vm_size"].into_iter()), None);
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(suggest_spec_name("Contoso_ML"), "contosoml");
        assert_eq!(iso_minutes("PT30M"), Some(30));
        assert_eq!(iso_minutes("PT1H30M"), Some(90));
        assert_eq!(iso_minutes("PT900S"), Some(15));
        assert_eq!(iso_minutes("PT"), None);
        assert_eq!(iso_minutes("P1D"), None);
        assert_eq!(iso_minutes("PT30"), None);
    }

    #[test]
    fn overlapping_pairs_match_the_nested_loop() {
        let nets: Vec<Option<Ipv4Net>> = [
            "10.0.0.0/16",
            "10.1.0.0/24",
            "10.0.1.0/24",
            "x",
            "10.0.0.0/8",
            "10.0.1.0/24",
            "192.168.0.0/24",
            "10.0.1.128/25",
        ]
        .iter()
        .map(|t| Ipv4Net::parse_prefix(t).ok())
        .collect();
        let mut expected = Vec::new();
        for i in 0..nets.len() {
            for j in i + 1..nets.len() {
                if let (Some(a), Some(b)) = (nets[i], nets[j])
                    && a.overlaps(b)
                {
                    expected.push((i, j));
                }
            }
        }
        assert_eq!(overlapping_pairs(&nets), expected);
    }

    #[test]
    fn too_many_routes() {
        let prefixes: Vec<String> = (0..401).map(|i| format!("20.{}.{}.0/24", i / 256, i % 256)).collect();
        let text = format!(
            "{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\nforced_tunneling:\n  internet_prefixes: [{}]\ncompute:\n  - {{name: cpu1, kind: aml_cluster, subnet: s, vm_size: Standard_D2_v3, max_nodes: 1}}\n",
            prefixes.join(", ")
        );
        assert_eq!(codes_of(&text), vec![codes::ROUTE_TOO_MANY]);
    }

    #[test]
    fn too_many_subnets() {
        let subnets = |n: usize| {
            let mut text = format!("{BASE}  subnets:\n");
            for i in 0..n {
                text.push_str(&format!("    - {{name: s{i}, prefix: 10.{}.{}.0/28}}\n", i / 16, (i % 16) * 16));
            }
            text.push_str(
                "compute:\n  - {name: cpu1, kind: aml_cluster, subnet: s0, vm_size: Standard_D2_v3, max_nodes: 1}\n",
            );
            text.replace("address_space: [10.0.0.0/16]", "address_space: [10.0.0.0/8]")
        };
        assert_eq!(codes_of(&subnets(limits::SUBNETS_PER_VNET)), Vec::<&str>::new());
        assert_eq!(codes_of(&subnets(limits::SUBNETS_PER_VNET + 1)), vec![codes::SUBNET_TOO_MANY]);
    }

    #[test]
    fn too_many_firewalled_subnets() {
        let mut text = format!("{BASE}  subnets:\n");
        for i in 0..201 {
            text.push_str(&format!("    - {{name: s{i}, prefix: 10.0.{i}.0/24}}\n"));
        }
        text.push_str("compute:\n");
        for i in 0..201 {
            text.push_str(&format!(
                "  - {{name: vm{i}, kind: virtual_machine, subnet: s{i}, os: ubuntu, vm_size: Standard_D2s_v5}}\n"
            ));
        }
        assert_eq!(codes_of(&text), vec![codes::FIREWALL_RULES, codes::FIREWALL_RULES]);
        let text = text
            .replace("compute:\n", "workspace: {storage: {firewall: false}, key_vault: {firewall: false}}\ncompute:\n");
        assert_eq!(codes_of(&text), Vec::<&str>::new());
    }

    #[test]
    fn nsg_rules_fill_amlnet_numbering() {
        let spec = |n: usize| {
            let mut text = format!("{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/22}}]\ncompute:\n");
            for i in 0..n {
                text.push_str(&format!(
                    "  - {{name: aks{i}x, kind: aks, subnet: s, node_count: 1, cluster_purpose: dev_test, vm_size: Standard_D2_v3, service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10, scoring: {{port: 80, allow_from: 203.0.113.0/24}}}}\n"
                ));
            }
            text
        };
        // 4 other inbound allow rules of the current catalogue and one scoring rule per endpoint.
        let fits = limits::NSG_ALLOW_RULES_PER_DIRECTION - 4;
        let doc = crate::spec::source::parse(&spec(fits), SourceFormat::Yaml, "t.yaml").unwrap();
        let valid = validate(&doc).expect("valid");
        let graph = crate::lower::lower(&valid);
        graph.check_invariants().unwrap();
        assert_eq!(codes_of(&spec(fits + 1)), vec![codes::NSG_TOO_MANY_RULES]);
    }

    /// Each diagnostic is located in logarithmic time: 40,000 unknown fields once took a minute (each
    /// located by counting the lines before it); a quadratic cost would take minutes here.
    #[test]
    fn many_unknown_fields_stay_linear() {
        let mut text = format!("{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\ncompute: []\n");
        for i in 0..20_000 {
            text.push_str(&format!("zz{i}: 1\n"));
        }
        let doc = parse(&text, SourceFormat::Yaml, "t.yaml").unwrap();
        let started = std::time::Instant::now();
        let diags = validate(&doc).unwrap_err();
        let elapsed = started.elapsed();
        assert_eq!(diags.items.len(), 20_000);
        assert_eq!(diags.items.last().unwrap().line, Some(text.lines().count()));
        assert!(elapsed.as_secs() < 30, "{elapsed:?}");
    }

    #[test]
    fn long_echoes_are_cut() {
        let long = "x".repeat(1000);
        let message = cut_echoes(format!("name `{long}` and `a\nb` are wrong"));
        assert_eq!(message, format!("name `{}…` and `a\\nb` are wrong", "x".repeat(ECHO_MAX)));
        assert_eq!(cut_echoes("y".repeat(5000)).chars().count(), TEXT_MAX + 1);
    }

    #[test]
    fn too_many_tags() {
        let tags: Vec<String> = (0..51).map(|i| format!("k{i}: v")).collect();
        let text = format!(
            "{BASE}  subnets: [{{name: s, prefix: 10.0.0.0/24}}]\ntags: {{{}}}\ncompute:\n  - {{name: cpu1, kind: aml_cluster, subnet: s, vm_size: Standard_D2_v3, max_nodes: 1}}\n",
            tags.join(", ")
        );
        assert_eq!(codes_of(&text), vec![codes::TAGS]);
    }
}
