//! Name resolution: private DNS zones that exist already (`dns_zones: existing` with their resource
//! ids) and custom DNS servers on the virtual network (`vnet.dns_servers`).

use super::*;
use crate::azure::private_link::{self, Cloud, Target, Zone};

impl Cx<'_> {
    /// `workspace.private_endpoints.dns_zone_ids`: only with `dns_zones: existing`, then an id for every
    /// zone the deployment's private endpoints register in, each the ARM id of a private DNS zone of
    /// that name. Ids for zones no endpoint needs are ignored, with a warning.
    pub(super) fn dns_zone_ids(
        &mut self,
        spec: &Spec,
        pe: &model::PrivateEndpoints,
        path: &str,
        storage: &[Target],
    ) -> BTreeMap<Zone, String> {
        let ids_path = join_key(path, "dns_zone_ids");
        let mut zone_ids = BTreeMap::new();
        if pe.dns_zones != model::DnsZones::Existing {
            if pe.dns_zone_ids.is_some() {
                self.key_error(
                    codes::DNS_ZONE_IDS_UNUSED,
                    &ids_path,
                    "`dns_zone_ids` is read only with `dns_zones: existing`".to_owned(),
                    "set `dns_zones: existing` to use these zones, or remove `dns_zone_ids`".to_owned(),
                );
            }
            return zone_ids;
        }
        let cloud = regions::region(&spec.location).map_or(Cloud::Public, Cloud::of);
        let needed = needed_zones(spec, storage);
        let given = pe.dns_zone_ids.clone().unwrap_or_default();
        for (name, id) in &given {
            let at = join_key(&ids_path, name);
            let zone = private_link::zone_named(cloud, name).filter(|z| needed.contains(z));
            let Some(zone) = zone else {
                self.warning(
                    codes::WARN_DNS_ZONE_ID_UNNEEDED,
                    &at,
                    format!("no private endpoint of this deployment registers in `{name}`; its id is ignored"),
                    format!("remove it; the endpoints need {}", zone_list(cloud, &needed)),
                );
                continue;
            };
            match zone_id_name(id) {
                Some(last) if last.eq_ignore_ascii_case(name) => {
                    zone_ids.insert(zone, id.clone());
                }
                Some(last) => self.error(
                    codes::DNS_ZONE_ID,
                    &at,
                    format!("the id given for `{name}` is the private DNS zone `{last}`"),
                    format!("give the id of the zone `{name}`, which ends in `/{}/{name}`", zone_type().1),
                ),
                None => self.error(
                    codes::DNS_ZONE_ID,
                    &at,
                    format!("the id given for `{name}` is not the ARM id of a private DNS zone"),
                    format!(
                        "write `/subscriptions/<id>/resourceGroups/<group>/providers/{}/{}/{name}`",
                        zone_type().0,
                        zone_type().1
                    ),
                ),
            }
        }
        let missing: Vec<Zone> = needed
            .iter()
            .copied()
            .filter(|z| !given.keys().any(|name| private_link::zone_named(cloud, name) == Some(*z)))
            .collect();
        if !missing.is_empty() {
            let at = if self.present(&ids_path) { ids_path } else { join_key(path, "dns_zones") };
            self.error(
                codes::DNS_ZONE_ID_MISSING,
                &at,
                format!("no resource id for the private DNS zones {}", zone_list(cloud, &missing)),
                format!(
                    "add each under `dns_zone_ids`, e.g. `{}: /subscriptions/<id>/resourceGroups/<group>/providers/{}/{}/{}`",
                    private_link::zone_name(cloud, missing[0]),
                    zone_type().0,
                    zone_type().1,
                    private_link::zone_name(cloud, missing[0]),
                ),
            );
        }
        zone_ids
    }

    /// A private AKS cluster in a spoke whose DNS server is the hub firewall's DNS proxy, with the zone
    /// AKS creates (`private_dns_zone` absent or `system`): AKS links that zone to the spoke only, and the
    /// firewall resolves from the hub, so it cannot answer for the API server. azure-aks-docs
    /// `private-clusters.md` ("Hub and spoke with custom DNS for private AKS clusters", checked
    /// 2026-11-30) lists two supported configurations: a custom zone linked to the hub, or no private
    /// zone with a public FQDN (which amlnet refuses). A warning, since the zone can be linked by hand.
    pub(super) fn private_aks_behind_proxy(&mut self, spec: &Spec) {
        let proxy = spec.hub.as_ref().and_then(|h| h.firewall.as_ref()).is_some_and(|f| f.dns_proxy);
        if !proxy {
            return;
        }
        for (index, compute) in spec.compute.iter().enumerate() {
            let system_zone = super::aks::system_zone(compute);
            if compute.kind == ComputeKind::Aks && compute.private_cluster == Some(true) && system_zone {
                let at = join_key(&join_index("compute", index), "private_cluster");
                self.warning(
                    codes::WARN_DNS_PRIVATE_AKS,
                    &at,
                    format!(
                        "the spoke's DNS server is the hub firewall's DNS proxy, which resolves from the hub network; \
                         AKS links the cluster's own private DNS zone ({}) to the spoke only, so the firewall cannot \
                         resolve the API server and the nodes cannot join",
                        private_link::aks_zone_pattern(),
                    ),
                    "give the cluster a private DNS zone linked to the hub network (`private_dns_zone: <zone id>`), or \
                     link the zone AKS creates to the hub; amlnet gives the cluster identity Network Contributor on \
                     the spoke network, which the zone link needs"
                        .to_owned(),
                );
            }
        }
    }

    /// `vnet.dns_servers`: IPv4 addresses, each once, on a virtual network amlnet creates. With zones
    /// amlnet creates and links to the network, a warning says the servers must forward to Azure DNS.
    pub(super) fn dns_servers(&mut self, spec: &Spec) -> Vec<Ipv4Addr> {
        let path = "vnet.dns_servers";
        if spec.vnet.dns_servers.is_empty() {
            return Vec::new();
        }
        if spec.vnet.existing {
            self.key_error(
                codes::DNS_SERVERS_EXISTING_VNET,
                path,
                "amlnet does not set the DNS servers of an existing virtual network".to_owned(),
                "remove `dns_servers`: the DNS servers of an existing network are its owner's setting".to_owned(),
            );
            return Vec::new();
        }
        let proxy = spec.hub.as_ref().and_then(|h| h.firewall.as_ref()).is_some_and(|f| f.dns_proxy);
        if proxy {
            let related =
                vec![self.related(
                    "the firewall's DNS proxy is the spoke's DNS server".to_owned(),
                    "hub.firewall.dns_proxy",
                )];
            self.error_with(
                codes::DNS_SERVERS_WITH_PROXY,
                path,
                "`vnet.dns_servers` and the hub firewall's DNS proxy both set the spoke's DNS servers".to_owned(),
                "remove `dns_servers` (the firewall's private address becomes the DNS server), or turn `dns_proxy` off"
                    .to_owned(),
                related,
            );
            return Vec::new();
        }
        let mut servers: Vec<Ipv4Addr> = Vec::new();
        for (index, text) in spec.vnet.dns_servers.iter().enumerate() {
            let at = join_index(path, index);
            let Some(addr) = self.ip(text, &at) else { continue };
            if let Some(first) = servers.iter().position(|s| *s == addr) {
                let related = vec![self.related("first listed here".to_owned(), &join_index(path, first))];
                self.error_with(
                    codes::DNS_SERVERS_DUPLICATE,
                    &at,
                    format!("DNS server `{addr}` is listed twice"),
                    "list each DNS server once".to_owned(),
                    related,
                );
                continue;
            }
            servers.push(addr);
        }
        for (index, compute) in spec.compute.iter().enumerate() {
            // With an existing zone of the landing zone, its owner links it where the DNS servers resolve.
            let system_zone = super::aks::system_zone(compute);
            if compute.kind == ComputeKind::Aks
                && compute.private_cluster == Some(true)
                && !servers.is_empty()
                && system_zone
            {
                let at = join_key(&join_index("compute", index), "private_cluster");
                self.warning(
                    codes::WARN_DNS_PRIVATE_AKS,
                    &at,
                    format!(
                        "AKS links the private DNS zone it creates ({}) to this network only, whose machines ask the \
                         custom DNS servers: unless the zone is also linked to the network those servers resolve \
                         from (and they forward to Azure DNS, {}), the nodes cannot resolve the API server",
                        private_link::aks_zone_pattern(),
                        private_link::AZURE_DNS
                    ),
                    "give the cluster an existing zone linked to the DNS servers' network (`private_dns_zone: <zone \
                     id>`), as private-clusters.md advises, or link the zone AKS creates there; amlnet gives the \
                     cluster identity Network Contributor on the virtual network, which the zone link needs"
                        .to_owned(),
                );
            }
        }
        let creates_zones =
            spec.workspace.private_endpoints.as_ref().is_some_and(|pe| pe.dns_zones == model::DnsZones::Create);
        if creates_zones && !servers.is_empty() {
            self.warning(
                codes::WARN_DNS_SERVERS_FORWARD,
                path,
                format!(
                    "the private DNS zones amlnet creates are linked to this network, but its machines ask these DNS \
                     servers, which see the zones only if they forward to Azure DNS ({})",
                    private_link::AZURE_DNS
                ),
                format!(
                    "make the servers forward (or conditionally forward the zones) to {}, or use \
                     `dns_zones: existing` with your landing zone's zones",
                    private_link::AZURE_DNS
                ),
            );
        }
        servers
    }
}

impl Cx<'_> {
    /// `workspace.monitor_private_link`: its private endpoint goes into the private endpoints' subnet,
    /// so it needs `workspace.private_endpoints`.
    pub(super) fn monitor_private_link(&mut self, spec: &Spec) -> bool {
        let ws = &spec.workspace;
        if ws.monitor_private_link && ws.private_endpoints.is_none() {
            self.error(
                codes::MONITOR_NEEDS_PRIVATE_ENDPOINTS,
                "workspace.monitor_private_link",
                "an Azure Monitor private link scope needs `workspace.private_endpoints`, whose subnet holds its \
                 private endpoint"
                    .to_owned(),
                "add `workspace.private_endpoints` with a subnet for the endpoints, or remove `monitor_private_link`"
                    .to_owned(),
            );
        }
        ws.monitor_private_link
    }
}

/// The zones the deployment's private endpoints register in.
fn needed_zones(spec: &Spec, storage: &[Target]) -> Vec<Zone> {
    let registry = spec.workspace.container_registry.is_some();
    private_link::zones_for(&private_link::deployment_targets(storage, registry, spec.workspace.monitor_private_link))
}

/// The provider and type of a private DNS zone (`Microsoft.Network`, `privateDnsZones`).
pub(super) fn zone_type() -> (&'static str, &'static str) {
    let arm_type = catalog::info(catalog::ApiKind::PrivateDnsZone).arm_type;
    arm_type.split_once('/').expect("an ARM type is provider/type")
}

/// The zone name an ARM id of a private DNS zone ends in; `None` when `id` is not one.
pub(super) fn zone_id_name(id: &str) -> Option<&str> {
    arm_id_name(id, zone_type())
}

/// `` `a`, `b` and `c` `` of zone names.
fn zone_list(cloud: Cloud, zones: &[Zone]) -> String {
    let names: Vec<String> = zones.iter().map(|z| format!("`{}`", private_link::zone_name(cloud, *z))).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids_name_their_zone() {
        let id = "/subscriptions/0000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms";
        assert_eq!(zone_id_name(id), Some("privatelink.api.azureml.ms"));
        assert_eq!(zone_id_name(&id.replace("privateDnsZones", "privatednszones")), Some("privatelink.api.azureml.ms"));
        assert_eq!(zone_id_name(&id.replace("privateDnsZones", "dnsZones")), None);
        assert_eq!(zone_id_name("privatelink.api.azureml.ms"), None);
        assert_eq!(zone_id_name(&format!("{id}/")), None);
    }
}
