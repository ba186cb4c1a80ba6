//! `hub`: the hub network peered with the spoke (`vnet`), its firewall (a new one's availability zones
//! against the region's, an existing one's ARM id) and its Bastion, and the cross-network mistakes:
//! overlapping address spaces, reserved subnets that are missing, too small or outside the hub, FQDN rule
//! groups without a firewall amlnet creates, and a default route to a hub firewall that does not exist or
//! that the spoke does not reach (no peering).

use std::net::Ipv4Addr;

use super::{Cx, codes, list};
use crate::azure::firewall::{self, FirewallTier};
use crate::azure::regions;
use crate::net::Ipv4Net;
use crate::spec::model::{NextHopKind, OutboundMode, Peering, PeeringSide, Spec};
use crate::spec::source::join_index;
use crate::spec::valid::{ValidExistingHub, ValidHub, ValidHubFirewall};

impl Cx<'_> {
    /// `None` when there were errors; `Some(None)` without a hub. `spoke` is the spoke's address space.
    pub(super) fn hub(&mut self, spec: &Spec, spoke: &[Option<Ipv4Net>]) -> Option<Option<ValidHub>> {
        let before = self.error_count();
        self.route_to_hub(spec);
        let Some(hub) = &spec.hub else { return Some(None) };
        let existing = hub.resource_id.clone();
        match (&existing, hub.address_space.is_empty()) {
            (Some(_), false) => self.key_error(
                codes::HUB_SHAPE,
                "hub.address_space",
                "an existing hub (`resource_id`) takes no `address_space`".to_owned(),
                "remove `address_space`: amlnet does not change an existing hub's addresses".to_owned(),
            ),
            (None, true) => self.key_error(
                codes::HUB_SHAPE,
                "hub",
                "a new hub needs an `address_space` (or an existing hub's `resource_id`)".to_owned(),
                "add `address_space: [10.100.0.0/16]`, or `resource_id:` of the existing hub network".to_owned(),
            ),
            _ => {}
        }
        if let Some(name) = &hub.name {
            self.resource_name("hub.name", name, "virtual network", crate::azure::names::NameRule::VirtualNetwork);
            if existing.is_some() {
                self.key_error(
                    codes::HUB_SHAPE,
                    "hub.name",
                    "an existing hub is named by its `resource_id`".to_owned(),
                    "remove `name`".to_owned(),
                );
            }
        }
        let parsed = existing.as_deref().and_then(vnet_id);
        let abbr = crate::azure::catalog::info(crate::azure::ApiKind::VirtualNetwork).abbreviation;
        let spoke_name = spec.vnet.name.clone().unwrap_or_else(|| format!("{abbr}-{}", spec.name));
        let hub_name = match &parsed {
            Some(parsed) => parsed.name.clone(),
            None => crate::names::hub_vnet_name(&spec.name, hub.name.as_deref()),
        };
        // An existing hub of the spoke's name is a valid peer, but the two networks' deployments (ARM nested
        // deployment, Bicep module) and their Terraform data would share a name.
        if (existing.is_none() || parsed.is_some()) && spoke_name.eq_ignore_ascii_case(&hub_name) {
            let path = match (&existing, &hub.name) {
                (Some(_), _) => "hub.resource_id",
                (None, Some(_)) => "hub.name",
                (None, None) => "hub",
            };
            self.error(
                codes::HUB_SHAPE,
                path,
                format!("the hub and the spoke would both be named `{hub_name}`"),
                if existing.is_some() {
                    "name the spoke otherwise (`vnet.name`)".to_owned()
                } else {
                    "give the hub another `name`".to_owned()
                },
            );
        }
        if let Some(id) = &existing
            && parsed.is_none()
        {
            self.error(
                codes::HUB_SHAPE,
                "hub.resource_id",
                format!("`{id}` is not the id of a virtual network"),
                format!(
                    "write /subscriptions/<sub>/resourceGroups/<rg>/providers/{}/<name>",
                    crate::azure::catalog::info(crate::azure::ApiKind::VirtualNetwork).arm_type
                ),
            );
        }
        let space: Vec<Option<Ipv4Net>> = hub
            .address_space
            .iter()
            .enumerate()
            .map(|(i, text)| self.prefix(text, &join_index("hub.address_space", i), "an address space entry"))
            .collect();
        for (i, net) in space.iter().enumerate() {
            let Some(net) = net else { continue };
            for (j, other) in spoke.iter().enumerate() {
                if let Some(other) = other
                    && net.overlaps(*other)
                {
                    let related =
                        vec![self.related(format!("the spoke's {other}"), &join_index("vnet.address_space", j))];
                    self.error_with(
                        codes::HUB_OVERLAP,
                        &join_index("hub.address_space", i),
                        format!(
                            "hub address space {net} overlaps the spoke's {other}: peered networks must not overlap"
                        ),
                        "give the hub and the spoke disjoint address spaces".to_owned(),
                        related,
                    );
                }
            }
        }
        let space: Vec<Ipv4Net> = space.into_iter().flatten().collect();
        let mut taken: Vec<(Ipv4Net, String)> = Vec::new();
        let firewall = hub.firewall.as_ref().and_then(|fw| {
            if let Some(ex) = &fw.existing {
                if !fw.rule_groups.is_empty() {
                    self.key_error(
                        codes::HUB_RULES_WITHOUT_FIREWALL,
                        "hub.firewall.rule_groups",
                        "FQDN rule groups need a firewall amlnet creates; an existing firewall's policy is not amlnet's"
                            .to_owned(),
                        "add these rules to the existing firewall's policy, or let amlnet create the firewall".to_owned(),
                    );
                }
                for field in ["sku", "subnet_prefix", "management_subnet_prefix", "dns_proxy", "zones"] {
                    let path = format!("hub.firewall.{field}");
                    if self.present(&path) {
                        self.key_error(
                            codes::HUB_SHAPE,
                            &path,
                            format!("`{field}` describes a new firewall, not an `existing` one"),
                            format!("remove `{field}`"),
                        );
                    }
                }
                let id_ok = self.existing_firewall_id(&ex.resource_id);
                let ip = self.ip(&ex.private_ip, "hub.firewall.existing.private_ip")?;
                return id_ok.then_some(ValidHubFirewall::Existing { private_ip: ip });
            }
            if existing.is_some() {
                self.key_error(
                    codes::HUB_SHAPE,
                    "hub.firewall",
                    "amlnet creates a firewall only in a hub it creates".to_owned(),
                    "describe the existing hub's firewall with `existing: { resource_id, private_ip }`".to_owned(),
                );
                return None;
            }
            let tier = match fw.sku.as_deref() {
                None => FirewallTier::Standard,
                Some(name) => match FirewallTier::SPEC_NAMES.iter().find(|(n, _)| *n == name) {
                    Some((_, tier)) => *tier,
                    None => {
                        let names: Vec<&str> = FirewallTier::SPEC_NAMES.iter().map(|(n, _)| *n).collect();
                        self.error(
                            codes::HUB_SHAPE,
                            "hub.firewall.sku",
                            format!("`{name}` is not a firewall SKU amlnet creates"),
                            format!("use {}", list(&names)),
                        );
                        return None;
                    }
                },
            };
            let Some(prefix) = &fw.subnet_prefix else {
                self.key_error(
                    codes::HUB_FIREWALL_SUBNET_MISSING,
                    "hub.firewall",
                    format!("a firewall needs its `{}`", firewall::FIREWALL_SUBNET),
                    format!(
                        "add `subnet_prefix:` with a /{} or larger prefix inside the hub",
                        firewall::FIREWALL_SUBNET_MAX_PREFIX
                    ),
                );
                return None;
            };
            let subnet = self.reserved(prefix, "hub.firewall.subnet_prefix", &space, &mut taken, Reserved::Firewall)?;
            let management_subnet = match &fw.management_subnet_prefix {
                Some(text) => Some(self.reserved(
                    text,
                    "hub.firewall.management_subnet_prefix",
                    &space,
                    &mut taken,
                    Reserved::Firewall,
                )?),
                None => None,
            };
            let zones = self.firewall_zones(spec, fw.zones.as_deref());
            let mut groups: Vec<(&'static str, String)> = Vec::new();
            for (i, name) in fw.rule_groups.iter().enumerate() {
                let path = join_index("hub.firewall.rule_groups", i);
                match firewall::opt_in(name) {
                    Some((known, ..)) if groups.iter().any(|(g, _)| *g == known) => self.error(
                        codes::HUB_RULE_GROUP,
                        &path,
                        format!("rule group `{name}` is listed twice"),
                        "remove the second entry".to_owned(),
                    ),
                    Some((known, ..)) => groups.push((known, path)),
                    None => self.error(
                        codes::HUB_RULE_GROUP,
                        &path,
                        format!("`{name}` is not a firewall rule group"),
                        format!("use {}", list(&firewall::opt_in_names())),
                    ),
                }
            }
            Some(ValidHubFirewall::New {
                tier,
                subnet,
                management_subnet,
                dns_proxy: fw.dns_proxy,
                groups,
                path: "hub.firewall".to_owned(),
                zones: zones?,
            })
        });
        let bastion = hub.bastion.as_ref().and_then(|b| {
            if existing.is_some() {
                self.key_error(
                    codes::HUB_SHAPE,
                    "hub.bastion",
                    "amlnet creates a Bastion only in a hub it creates".to_owned(),
                    "remove `bastion`, or let amlnet create the hub".to_owned(),
                );
                return None;
            }
            let net =
                self.reserved(&b.subnet_prefix, "hub.bastion.subnet_prefix", &space, &mut taken, Reserved::Bastion)?;
            Some((net, "hub.bastion".to_owned()))
        });
        if let Some(parsed) = &parsed {
            self.resource_name(
                "hub.resource_id",
                &parsed.name,
                "virtual network",
                crate::azure::names::NameRule::VirtualNetwork,
            );
            self.resource_name(
                "hub.resource_id",
                &parsed.resource_group,
                "resource group",
                crate::azure::names::NameRule::ResourceGroup,
            );
        }
        // `useRemoteGateways` needs a gateway in the hub: one amlnet creates has none.
        if hub.gateway_transit && existing.is_none() {
            self.key_error(
                codes::HUB_SHAPE,
                "hub.gateway_transit",
                "a hub amlnet creates has no gateway for the spoke to use".to_owned(),
                "remove `gateway_transit`, or name an existing hub with a VPN or ExpressRoute gateway (`resource_id`)"
                    .to_owned(),
            );
        }
        let dns_proxy = hub.firewall.as_ref().is_some_and(|f| f.dns_proxy);
        if dns_proxy && spec.vnet.existing {
            self.key_error(
                codes::DNS_SERVERS_EXISTING_VNET,
                "hub.firewall.dns_proxy",
                "the DNS proxy would be the spoke's DNS server, and amlnet does not set the DNS servers of an existing \
                 virtual network"
                    .to_owned(),
                "set the spoke's DNS servers to the firewall's private address with its owner, and remove `dns_proxy` \
                 or keep it for other networks"
                    .to_owned(),
            );
        }
        let peered = hub.peering.is_none_or(Peering::peered);
        if hub.peering == Some(Peering::Side(PeeringSide::SpokeOnly)) && existing.is_none() {
            self.key_error(
                codes::HUB_SHAPE,
                "hub.peering",
                "`spoke_only` leaves the hub's side to the hub's owner, and amlnet creates this hub".to_owned(),
                "remove `peering` (amlnet peers a hub it creates both ways), or name an existing hub (`resource_id`)"
                    .to_owned(),
            );
        }
        if dns_proxy && !peered {
            self.key_error(
                codes::HUB_NOT_PEERED,
                "hub.firewall.dns_proxy",
                "the spoke's DNS server would be the firewall in a hub it is not peered with".to_owned(),
                "remove `peering: false` so that amlnet peers the networks, or turn `dns_proxy` off".to_owned(),
            );
        }
        if self.error_count() > before {
            return None;
        }
        Some(Some(ValidHub {
            name: hub.name.clone(),
            address_space: space,
            existing: parsed,
            peering: peered,
            hub_side: peered && hub.peering != Some(Peering::Side(PeeringSide::SpokeOnly)),
            gateway_transit: hub.gateway_transit,
            firewall,
            bastion,
        }))
    }

    /// A new firewall's zones, sorted: those the spec lists, each a zone the region has and listed once,
    /// or by default every zone of the region (`azure::firewall::default_zones`). `None` after an error.
    fn firewall_zones(&mut self, spec: &Spec, zones: Option<&[i64]>) -> Option<Vec<&'static str>> {
        let region = regions::region(&spec.location);
        let Some(zones) = zones else { return Some(region.map(firewall::default_zones).unwrap_or_default()) };
        let before = self.error_count();
        let mut out: Vec<(usize, &'static str, String)> = Vec::new();
        for (i, zone) in zones.iter().enumerate() {
            let path = join_index("hub.firewall.zones", i);
            let index = usize::try_from(*zone).ok().and_then(|z| z.checked_sub(1));
            let Some((index, name)) = index.and_then(|k| Some((k, *regions::AVAILABILITY_ZONES.get(k)?))) else {
                self.error(
                    codes::HUB_FIREWALL_ZONES,
                    &path,
                    format!("there is no availability zone {zone}"),
                    format!("use zones {}", list(&regions::AVAILABILITY_ZONES)),
                );
                continue;
            };
            if let Some((_, _, first)) = out.iter().find(|(k, ..)| *k == index) {
                let related = vec![self.related(format!("zone {zone} here"), first)];
                self.error_with(
                    codes::HUB_FIREWALL_ZONES,
                    &path,
                    format!("zone {zone} is listed twice"),
                    "list each zone once".to_owned(),
                    related,
                );
                continue;
            }
            out.push((index, name, path));
        }
        if let Some(region) = region
            && !region.has_availability_zones()
            && !zones.is_empty()
        {
            let related = vec![self.related(format!("{} is here", region.name), "location")];
            self.error_with(
                codes::HUB_FIREWALL_ZONES,
                "hub.firewall.zones",
                format!("{} has no availability zones", region.name),
                "remove `zones`: a firewall in this region is regional, or deploy to a region with zones".to_owned(),
                related,
            );
        }
        if self.error_count() > before {
            return None;
        }
        out.sort_unstable_by_key(|(k, ..)| *k);
        Some(out.into_iter().map(|(_, name, _)| name).collect())
    }

    /// Whether an existing firewall's `resource_id` is the ARM id of an Azure Firewall; a located error
    /// when it is not.
    fn existing_firewall_id(&mut self, id: &str) -> bool {
        let arm_type = crate::azure::catalog::info(crate::azure::ApiKind::AzureFirewall).arm_type;
        let provider = arm_type.split_once('/').expect("an ARM type is provider/type");
        if super::arm_id_name(id, provider).is_some() {
            return true;
        }
        self.error(
            codes::HUB_FIREWALL_ID,
            "hub.firewall.existing.resource_id",
            format!("`{id}` is not the ARM id of an Azure Firewall"),
            format!("write /subscriptions/<sub>/resourceGroups/<rg>/providers/{arm_type}/<name>"),
        );
        false
    }

    /// A reserved subnet of the hub: a prefix inside the hub, large enough, overlapping no other.
    fn reserved(
        &mut self,
        text: &str,
        path: &str,
        space: &[Ipv4Net],
        taken: &mut Vec<(Ipv4Net, String)>,
        which: Reserved,
    ) -> Option<Ipv4Net> {
        let net = self.prefix(text, path, "a subnet prefix")?;
        let (name, max, code) = match which {
            Reserved::Firewall => {
                (firewall::FIREWALL_SUBNET, firewall::FIREWALL_SUBNET_MAX_PREFIX, codes::HUB_FIREWALL_SUBNET_SIZE)
            }
            Reserved::Bastion => {
                (firewall::BASTION_SUBNET, firewall::BASTION_SUBNET_MAX_PREFIX, codes::HUB_BASTION_SUBNET_SIZE)
            }
        };
        if net.len() > max {
            self.error(
                code,
                path,
                format!("{net} is too small for `{name}`: Azure requires a /{max} or larger"),
                format!("use a /{max} (64 addresses) or larger prefix"),
            );
            return None;
        }
        if !space.is_empty() && !space.iter().any(|s| s.contains(net)) {
            self.error(
                codes::HUB_SUBNET_OUTSIDE,
                path,
                format!("{net} is outside the hub's address space"),
                "pick a prefix inside `hub.address_space`".to_owned(),
            );
            return None;
        }
        if let Some((other, first)) = taken.iter().find(|(other, _)| other.overlaps(net)).cloned() {
            let related = vec![self.related(format!("{other} here"), &first)];
            self.error_with(
                codes::HUB_SUBNET_OVERLAP,
                path,
                format!("{net} overlaps {other}, another subnet of the hub"),
                "make the hub's subnets disjoint".to_owned(),
                related,
            );
            return None;
        }
        taken.push((net, path.to_owned()));
        Some(net)
    }

    /// A default route to the hub's firewall needs a hub firewall, a peering and `outbound.mode:
    /// firewall`; a default route to an appliance address in a declared hub needs the peering.
    fn route_to_hub(&mut self, spec: &Spec) {
        let Some(route) = spec.forced_tunneling.as_ref().and_then(|ft| ft.default_route.as_ref()) else { return };
        let path = "forced_tunneling.default_route.next_hop";
        let peered = spec.hub.as_ref().is_some_and(|h| h.peering.is_none_or(Peering::peered));
        match route.next_hop {
            NextHopKind::HubFirewall => {
                if spec.hub.as_ref().and_then(|h| h.firewall.as_ref()).is_none() {
                    self.error(
                        codes::HUB_NO_FIREWALL,
                        path,
                        "`next_hop: hub_firewall` but the spec declares no hub firewall".to_owned(),
                        "add `hub.firewall`, or route to an appliance with `next_hop: virtual_appliance` and `ip:`"
                            .to_owned(),
                    );
                    return;
                }
                if !peered {
                    self.error(
                        codes::HUB_NOT_PEERED,
                        path,
                        "the default route goes to the hub's firewall, but the hub is not peered with the spoke \
                         (`hub.peering: false`)"
                            .to_owned(),
                        "remove `peering: false` so that amlnet peers the networks".to_owned(),
                    );
                }
                if spec.outbound.mode != OutboundMode::Firewall {
                    self.error(
                        codes::HUB_MODE,
                        path,
                        "a default route to the hub's firewall needs `outbound.mode: firewall`: the spoke's NSGs \
                         would deny the Internet the firewall's rules admit"
                            .to_owned(),
                        "set `outbound.mode: firewall`".to_owned(),
                    );
                }
            }
            NextHopKind::VirtualAppliance => {
                let Some(ip) = route.ip.as_deref().and_then(|t| t.parse::<Ipv4Addr>().ok()) else { return };
                let contains = |space: &[String]| {
                    space.iter().filter_map(|t| Ipv4Net::parse_prefix(t).ok()).any(|n| n.contains_addr(ip))
                };
                let in_hub = spec.hub.as_ref().is_some_and(|h| contains(&h.address_space));
                if !in_hub && !contains(&spec.vnet.address_space) {
                    self.warning(
                        codes::WARN_APPLIANCE_UNCHECKED,
                        "forced_tunneling.default_route.ip",
                        format!(
                            "{ip} lies in no network of the spec: amlnet cannot check that the spoke reaches it \
                             (a peering made elsewhere)"
                        ),
                        "declare the hub (`hub:` with its address space, or `resource_id`) so amlnet peers it, or make \
                         sure the network holding the appliance is peered with the spoke"
                            .to_owned(),
                    );
                }
                if in_hub && !peered {
                    self.error(
                        codes::HUB_NOT_PEERED,
                        "forced_tunneling.default_route.ip",
                        format!("{ip} is in the hub, which is not peered with the spoke (`hub.peering: false`)"),
                        "remove `peering: false` so that amlnet peers the networks".to_owned(),
                    );
                }
            }
            NextHopKind::Internet => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Reserved {
    Firewall,
    Bastion,
}

/// The parts of `id`, when it is a virtual network's ARM id.
fn vnet_id(id: &str) -> Option<ValidExistingHub> {
    super::existing_id(id, crate::azure::ApiKind::VirtualNetwork)
}
