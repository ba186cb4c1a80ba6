//! The network: address space, subnets, the existing-vnet flags, outbound mode and SSH, forced
//! tunneling routes, and the bounds of each subnet's NSG. How each subnet gets out is `egress`.

use super::*;

/// A subnet whose prefix parsed.
pub(super) struct SubnetInfo {
    pub(super) prefix: Option<Ipv4Net>,
}

impl Cx<'_> {
    /// Parses the address space; the flag says whether every entry parsed.
    pub(super) fn address_space(&mut self, spec: &Spec) -> (Vec<Option<Ipv4Net>>, bool) {
        if spec.vnet.address_space.is_empty() {
            self.error(
                codes::VNET_EMPTY,
                "vnet.address_space",
                "`vnet.address_space` is empty".to_owned(),
                "add at least one private prefix, e.g. `10.0.0.0/16`".to_owned(),
            );
        }
        let nets: Vec<Option<Ipv4Net>> = spec
            .vnet
            .address_space
            .iter()
            .enumerate()
            .map(|(i, text)| self.prefix(text, &join_index("vnet.address_space", i), "an address space entry"))
            .collect();
        for (i, a) in nets.iter().enumerate() {
            for (j, b) in nets.iter().enumerate().skip(i + 1) {
                if let (Some(a), Some(b)) = (a, b)
                    && a.overlaps(*b)
                {
                    let first = join_index("vnet.address_space", i);
                    let related = vec![self.related(format!("overlaps {a}"), &first)];
                    self.error_with(
                        codes::VNET_OVERLAP,
                        &join_index("vnet.address_space", j),
                        format!("address space entries {a} and {b} overlap"),
                        "remove one of them or make them disjoint".to_owned(),
                        related,
                    );
                }
            }
        }
        for (i, net) in nets.iter().enumerate() {
            let Some(net) = net else { continue };
            let reserved: Vec<String> = limits::VNET_RESERVED_RANGES
                .iter()
                .filter(|(range, _)| Ipv4Net::parse_prefix(range).is_ok_and(|r| r.overlaps(*net)))
                .map(|(range, what)| format!("{range} ({what})"))
                .collect();
            if !reserved.is_empty() {
                self.error(
                    codes::VNET_RESERVED,
                    &join_index("vnet.address_space", i),
                    format!("{net} overlaps {}, which Azure does not allow in a virtual network", reserved.join(", ")),
                    "use a private range (RFC 1918), e.g. `10.0.0.0/16`".to_owned(),
                );
            }
        }
        let docker = Ipv4Net::parse_prefix(limits::DOCKER_DEFAULT_BRIDGE).ok();
        for (i, net) in nets.iter().enumerate() {
            if let (Some(net), Some(docker)) = (net, docker)
                && net.overlaps(docker)
            {
                self.warning(
                    codes::WARN_DOCKER_RANGE,
                    &join_index("vnet.address_space", i),
                    format!("{net} overlaps {docker}, Docker's default bridge network"),
                    format!("choose an address space outside {docker}"),
                );
            }
        }
        let all_ok = nets.iter().all(Option::is_some);
        (nets, all_ok)
    }

    /// Parses a prefix without host bits, reporting a syntax or host-bits error at `path`.
    pub(super) fn prefix(&mut self, text: &str, path: &str, what: &str) -> Option<Ipv4Net> {
        match Ipv4Net::parse_prefix(text) {
            Ok(net) => Some(net),
            Err(CidrError::Syntax) if is_ipv6(text) => {
                self.ipv6(text, path, what);
                None
            }
            Err(CidrError::Syntax) => {
                let help = if text.parse::<Ipv4Addr>().is_ok() {
                    format!("add a prefix length, e.g. `{text}/24`")
                } else {
                    "write an IPv4 prefix such as `10.0.0.0/16`".to_owned()
                };
                self.error(codes::CIDR_SYNTAX, path, format!("`{text}` is not a CIDR prefix ({what})"), help);
                None
            }
            Err(CidrError::HostBits { network }) => {
                self.error(
                    codes::CIDR_HOST_BITS,
                    path,
                    format!("`{text}` has host bits set ({what})"),
                    format!("did you mean `{network}`?"),
                );
                None
            }
        }
    }

    pub(super) fn subnets(&mut self, spec: &Spec, space: &[Option<Ipv4Net>], space_ok: bool) -> Vec<SubnetInfo> {
        let count = spec.vnet.subnets.len();
        if count > limits::SUBNETS_PER_VNET {
            self.key_error(
                codes::SUBNET_TOO_MANY,
                "vnet.subnets",
                format!("the vnet has {count} subnets, a virtual network holds at most {}", limits::SUBNETS_PER_VNET),
                "split the subnets over several vnets (one spec each), or place more computes per subnet".to_owned(),
            );
        }
        let mut infos = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut idents: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            let path = join_index("vnet.subnets", i);
            let name_path = join_key(&path, "name");
            let name = subnet.name.as_str();
            if NameRule::Subnet.check(name).is_err() {
                self.error(
                    codes::SUBNET_NAME,
                    &name_path,
                    format!(
                        "subnet name `{name}` is not {} to {} letters, digits, `_`, `.` or `-` starting with a letter or digit and ending with a letter, digit or `_`",
                        crate::azure::names::SUBNET_NAME.0,
                        crate::azure::names::SUBNET_NAME.1
                    ),
                    "rename the subnet, e.g. `training`".to_owned(),
                );
            }
            self.unique_name(
                Names { what: "subnet", list: "vnet.subnets", duplicate: codes::SUBNET_DUPLICATE },
                name,
                i,
                &mut seen,
                &mut idents,
            );
            let prefix = self.prefix(&subnet.prefix, &join_key(&path, "prefix"), "a subnet prefix");
            if let Some(net) = prefix
                && space_ok
                && !space.is_empty()
                && !space.iter().flatten().any(|s| s.contains(net))
            {
                let spaces: Vec<String> = space.iter().flatten().map(ToString::to_string).collect();
                self.error(
                    codes::SUBNET_OUTSIDE,
                    &join_key(&path, "prefix"),
                    format!("subnet `{name}` ({net}) is outside the vnet address space ({})", spaces.join(", ")),
                    "choose a prefix inside `vnet.address_space` or add a range that contains it".to_owned(),
                );
            }
            infos.push(SubnetInfo { prefix });
        }
        let prefixes: Vec<Option<Ipv4Net>> = infos.iter().map(|info| info.prefix).collect();
        for (i, j) in overlapping_pairs(&prefixes) {
            let (Some(a), Some(b)) = (prefixes[i], prefixes[j]) else { unreachable!("pairs are of parsed prefixes") };
            let (first, second) = (&spec.vnet.subnets[i].name, &spec.vnet.subnets[j].name);
            let related = vec![self.related(format!("`{first}` is {a}"), &format!("vnet.subnets[{i}].prefix"))];
            self.error_with(
                codes::SUBNET_OVERLAP,
                &format!("vnet.subnets[{j}].prefix"),
                format!("subnets `{first}` ({a}) and `{second}` ({b}) overlap"),
                format!("move `{second}` to a range that does not overlap {a}"),
                related,
            );
        }
        infos
    }

    pub(super) fn vnet_flags(&mut self, spec: &Spec) -> Option<ValidExistingVnet> {
        let mut existing = None;
        if spec.vnet.existing {
            if spec.vnet.name.is_none() {
                self.key_error(
                    codes::VNET_EXISTING_NAME,
                    "vnet.existing",
                    "an existing virtual network needs its `name`".to_owned(),
                    "add `name:` with the existing virtual network's name".to_owned(),
                );
            }
            if let Some(group) = &spec.vnet.resource_group {
                self.resource_name("vnet.resource_group", group, "resource group", NameRule::ResourceGroup);
            }
            existing = Some(ValidExistingVnet {
                resource_group: spec.vnet.resource_group.clone(),
                default_outbound_access: self.existing_outbound_access(spec),
            });
        } else if spec.vnet.resource_group.is_some() {
            self.key_error(
                codes::VNET_RESOURCE_GROUP,
                "vnet.resource_group",
                "`vnet.resource_group` only applies to an existing virtual network".to_owned(),
                "remove `resource_group` (a created vnet lives in the deployment's resource group)".to_owned(),
            );
        }
        if let Some(name) = &spec.vnet.name {
            self.resource_name("vnet.name", name, "virtual network", NameRule::VirtualNetwork);
        }
        existing
    }

    pub(super) fn outbound(&mut self, spec: &Spec) -> Option<ValidOutbound> {
        let out = &spec.outbound;
        let mode_path = if self.present("outbound.mode") { "outbound.mode" } else { "outbound" };
        if out.mode == OutboundMode::Firewall {
            self.firewall_mode(spec, mode_path);
        }
        let mut ok = true;
        let mut ssh_from = None;
        if let Some(text) = &out.allow_ssh_from {
            let path = "outbound.allow_ssh_from";
            match self.peer(text, path) {
                Some(peer) => {
                    if peer.is_internet() && !out.i_understand_ssh_from_internet {
                        self.error(
                            codes::SSH_INTERNET,
                            path,
                            format!("`allow_ssh_from: {text}` opens SSH to the whole Internet"),
                            "narrow it to your own CIDR, or set `outbound.i_understand_ssh_from_internet: true`"
                                .to_owned(),
                        );
                        ok = false;
                    }
                    ssh_from = Some((peer, path.to_owned()));
                }
                None => ok = false,
            }
        }
        let egress = out.egress.map(|egress| (egress, "outbound.egress".to_owned()));
        ok.then(|| ValidOutbound { mode: out.mode, mode_path: mode_path.to_owned(), ssh_from, egress })
    }

    /// `outbound.mode: firewall` leaves egress control to the appliance the default route points at, so
    /// that route must exist (an error does not stop the spec's lowering, so `ValidSpec` stays a proof).
    fn firewall_mode(&mut self, spec: &Spec, mode_path: &str) {
        let route = spec.forced_tunneling.as_ref().and_then(|ft| ft.default_route.as_ref());
        if route.is_some_and(|r| r.next_hop != NextHopKind::Internet) {
            return;
        }
        let related = match route {
            Some(_) => vec![self.related(
                "the default route goes to the Internet, not to a firewall".to_owned(),
                "forced_tunneling.default_route.next_hop",
            )],
            None => Vec::new(),
        };
        self.error_with(
            codes::OUTBOUND_FIREWALL_ROUTE,
            mode_path,
            "`outbound.mode: firewall` leaves egress control to a firewall, and no default route sends traffic to one"
                .to_owned(),
            "add `forced_tunneling.default_route` with `next_hop: virtual_appliance` and the firewall's `ip`, or use \
             `outbound.mode: restricted` to let the NSG deny the Internet itself"
                .to_owned(),
            related,
        );
    }

    /// Subnets Azure reserves for its own services (`azure::network::RESERVED_SUBNETS`) may be declared,
    /// but host no compute and no private endpoint.
    pub(super) fn reserved_subnets(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        let mut placed: Vec<(String, usize, &str)> = computes
            .iter()
            .enumerate()
            .filter_map(|(j, info)| Some((join_key(&join_index("compute", j), "subnet"), info.subnet?, "a compute")))
            .collect();
        if let Some(pe) = &spec.workspace.private_endpoints
            && let Some(i) = spec.vnet.subnets.iter().position(|s| s.name == pe.subnet)
        {
            placed.push(("workspace.private_endpoints.subnet".to_owned(), i, "private endpoints"));
        }
        for (path, i, what) in placed {
            let subnet = &spec.vnet.subnets[i];
            let Some(reserved) = azure_network::reserved_subnet(&subnet.name) else { continue };
            let related = vec![self.related(
                format!("`{}` is reserved for {}", subnet.name, reserved.service),
                &join_key(&join_index("vnet.subnets", i), "name"),
            )];
            self.error_with(
                codes::SUBNET_RESERVED,
                &path,
                format!("{what} cannot be placed in `{}`: Azure reserves it for {}", subnet.name, reserved.service),
                format!(
                    "use another subnet; keep `{}` for {} (amlnet gives it no NSG and no route table)",
                    subnet.name, reserved.service
                ),
                related,
            );
        }
    }

    pub(super) fn ipv6(&mut self, text: &str, path: &str, what: &str) {
        self.error(
            codes::IPV6,
            path,
            format!("`{text}` is an IPv6 address, and IPv6 is not supported here ({what})"),
            "write an IPv4 address or prefix such as `10.0.0.0/16`".to_owned(),
        );
    }

    /// Parses a CIDR, a service tag or `*`.
    pub(super) fn peer(&mut self, text: &str, path: &str) -> Option<Peer> {
        if text == crate::azure::network::ANY {
            return Some(Peer::Any);
        }
        if text.contains('/') || text.parse::<Ipv4Addr>().is_ok() || is_ipv6(text) {
            return self.prefix(text, path, "a peer").map(Peer::Cidr);
        }
        if let Some((tag, region)) = ServiceTag::parse(text) {
            return Some(Peer::Tag(tag, region));
        }
        let help = match closest(text, crate::azure::network::SERVICE_TAGS.iter().map(|(_, n, _)| *n)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "write a CIDR such as `203.0.113.0/24`, a service tag such as `Internet`, or `*`".to_owned(),
        };
        self.error(codes::PEER, path, format!("`{text}` is neither a CIDR, a known service tag nor `*`"), help);
        None
    }

    /// `None` when there were errors; `Some(None)` when there is no forced tunneling.
    pub(super) fn forced_tunneling(&mut self, spec: &Spec) -> Option<Option<ValidForcedTunneling>> {
        let Some(ft) = &spec.forced_tunneling else { return Some(None) };
        let before = self.error_count();
        let mut default_route = None;
        if let Some(route) = &ft.default_route {
            let path = "forced_tunneling.default_route";
            match (route.next_hop, &route.ip) {
                (NextHopKind::VirtualAppliance, None) => self.error(
                    codes::ROUTE_IP_MISSING,
                    path,
                    "a `virtual_appliance` next hop needs the appliance's `ip`".to_owned(),
                    "add `ip:` with the firewall's private address, e.g. `10.1.4.4`".to_owned(),
                ),
                (NextHopKind::VirtualAppliance, Some(ip)) => {
                    let ip_path = "forced_tunneling.default_route.ip";
                    if let Some(addr) = self.ip(ip, ip_path) {
                        let private = limits::PRIVATE_RANGES
                            .iter()
                            .filter_map(|r| Ipv4Net::parse_prefix(r).ok())
                            .any(|r| r.contains_addr(addr));
                        if private {
                            default_route = Some((DefaultHop::VirtualAppliance(addr), path.to_owned()));
                        } else {
                            self.error(
                                codes::ROUTE_IP_PUBLIC,
                                ip_path,
                                format!("virtual appliance address {addr} is not a private address"),
                                format!(
                                    "use the appliance's private address (in {})",
                                    limits::PRIVATE_RANGES.join(", ")
                                ),
                            );
                        }
                    }
                }
                (NextHopKind::Internet, Some(_)) => self.key_error(
                    codes::ROUTE_IP_FORBIDDEN,
                    "forced_tunneling.default_route.ip",
                    "a next hop `internet` takes no `ip`".to_owned(),
                    "remove `ip`, or use `next_hop: virtual_appliance`".to_owned(),
                ),
                (NextHopKind::Internet, None) => default_route = Some((DefaultHop::Internet, path.to_owned())),
                (NextHopKind::HubFirewall, Some(_)) => self.key_error(
                    codes::ROUTE_IP_FORBIDDEN,
                    "forced_tunneling.default_route.ip",
                    "a next hop `hub_firewall` takes no `ip`: amlnet reads the firewall's address".to_owned(),
                    "remove `ip`".to_owned(),
                ),
                (NextHopKind::HubFirewall, None) => {
                    default_route = Some((DefaultHop::HubFirewall, path.to_owned()));
                }
            }
        }
        let mut internet_routes = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, text) in ft.internet_routes.iter().enumerate() {
            let path = join_index("forced_tunneling.internet_routes", i);
            let Some((tag, region)) = ServiceTag::parse(text) else {
                let help = match closest(text, crate::azure::network::SERVICE_TAGS.iter().map(|(_, n, _)| *n)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "use a service tag such as `AzureMachineLearning` or `Storage.WestEurope`".to_owned(),
                };
                self.error(codes::ROUTE_TAG, &path, format!("`{text}` is not a known service tag"), help);
                continue;
            };
            let spelled = match region {
                Some(region) => tag.in_region(region),
                None => tag.name().to_owned(),
            };
            if let Some(first) = seen.get(&spelled) {
                let related = vec![self.related("first here".to_owned(), first)];
                self.error_with(
                    codes::ROUTE_DUPLICATE,
                    &path,
                    format!("route to `{spelled}` is listed twice"),
                    "remove the second entry".to_owned(),
                    related,
                );
                continue;
            }
            seen.insert(spelled.clone(), path.clone());
            internet_routes.push((spelled, path));
        }
        let mut internet_prefixes: Vec<(Ipv4Net, String)> = Vec::new();
        for (i, text) in ft.internet_prefixes.iter().enumerate() {
            let path = join_index("forced_tunneling.internet_prefixes", i);
            let Some(net) = self.prefix(text, &path, "an internet route prefix") else { continue };
            if net.len() == 0 {
                self.error(
                    codes::ROUTE_DEFAULT_PREFIX,
                    &path,
                    format!("`{text}` is the default route, not an internet prefix"),
                    "remove it and set `forced_tunneling.default_route` with `next_hop: internet` instead".to_owned(),
                );
                continue;
            }
            if let Some((_, first)) = internet_prefixes.iter().find(|(n, _)| *n == net) {
                let related = vec![self.related("first here".to_owned(), first)];
                self.error_with(
                    codes::ROUTE_DUPLICATE,
                    &path,
                    format!("route to {net} is listed twice"),
                    "remove the second entry".to_owned(),
                    related,
                );
                continue;
            }
            internet_prefixes.push((net, path));
        }
        // An HDInsight cluster behind an appliance adds its management route (`azure::network::ROUTE_HDINSIGHT`).
        let hdinsight = spec.compute.iter().any(|c| c.kind == ComputeKind::Hdinsight)
            && ft.default_route.as_ref().is_some_and(|r| r.next_hop != NextHopKind::Internet);
        let routes = usize::from(ft.default_route.is_some())
            + ft.internet_routes.len()
            + ft.internet_prefixes.len()
            + usize::from(hdinsight);
        if routes > limits::ROUTES_PER_TABLE {
            self.key_error(
                codes::ROUTE_TOO_MANY,
                "forced_tunneling",
                format!(
                    "forced tunneling needs {routes} routes, a route table holds at most {}",
                    limits::ROUTES_PER_TABLE
                ),
                format!(
                    "remove {} routes, e.g. by summarizing `internet_prefixes` or using service tags",
                    routes - limits::ROUTES_PER_TABLE
                ),
            );
        }
        (self.error_count() == before).then(|| {
            Some(ValidForcedTunneling {
                path: "forced_tunneling".to_owned(),
                default_route,
                internet_routes,
                internet_prefixes,
            })
        })
    }

    pub(super) fn ip(&mut self, text: &str, path: &str) -> Option<Ipv4Addr> {
        match text.parse::<Ipv4Addr>() {
            Ok(addr) => Some(addr),
            Err(_) if is_ipv6(text) => {
                self.ipv6(text, path, "an address");
                None
            }
            Err(_) => {
                let help = match text.split_once('/') {
                    Some((addr, _)) if addr.parse::<Ipv4Addr>().is_ok() => format!("drop the prefix length: `{addr}`"),
                    _ => "write an IPv4 address such as `10.0.0.10`".to_owned(),
                };
                self.error(codes::IP_SYNTAX, path, format!("`{text}` is not an IPv4 address"), help);
                None
            }
        }
    }

    /// Every subnet's NSG fits Azure's rule limit and amlnet's numbering. The catalogue's rules come
    /// once per subnet; a scoring rule comes once per AKS compute with a public scoring endpoint, so
    /// those drive the count. The catalogue's other allow rules are counted as if all applied.
    pub(super) fn nsg_rules(&mut self, spec: &Spec, subnets: &[SubnetInfo], computes: &[ComputeInfo]) {
        let templates = azure_network::rules(catalogue(spec.network_rules));
        let count = |direction: Direction, scoring: bool, access: Access| {
            templates
                .iter()
                .filter(|t| {
                    t.direction == direction && t.access == access && (t.trigger == Trigger::Scoring) == scoring
                })
                .count()
        };
        let directions = [Direction::Inbound, Direction::Outbound];
        let fixed = directions.map(|d| count(d, false, Access::Allow));
        let per_scoring = directions.map(|d| count(d, true, Access::Allow));
        let denies = directions.map(|d| count(d, false, Access::Deny));
        let mut scoring: Vec<Vec<usize>> = vec![Vec::new(); subnets.len()];
        for (j, info) in computes.iter().enumerate() {
            if let (Some(i), Some(ValidCompute { kind: ValidComputeKind::Aks(aks), .. })) = (info.subnet, &info.valid)
                && aks.scoring.as_ref().is_some_and(|s| s.allow_from.is_some())
            {
                scoring[i].push(j);
            }
        }
        for (i, users) in scoring.iter().enumerate() {
            let name = &spec.vnet.subnets[i].name;
            let allow = [0, 1].map(|d| fixed[d] + users.len() * per_scoring[d]);
            let total: usize = allow.iter().sum::<usize>() + denies.iter().sum::<usize>();
            let over_allow = (0..2).find(|&d| allow[d] > limits::NSG_ALLOW_RULES_PER_DIRECTION);
            let limit = if total > limits::RULES_PER_NSG {
                format!(
                    "{total} security rules, and Azure allows at most {} in a network security group",
                    limits::RULES_PER_NSG
                )
            } else if let Some(d) = over_allow {
                format!(
                    "{} {} allow rules, and amlnet numbers at most {} per direction (priorities {} to {} in steps of \
                     {}, below the catalogue's deny at {})",
                    allow[d],
                    ["inbound", "outbound"][d],
                    limits::NSG_ALLOW_RULES_PER_DIRECTION,
                    azure_network::PRIORITY_START,
                    azure_network::PRIORITY_DENY - azure_network::PRIORITY_STEP,
                    azure_network::PRIORITY_STEP,
                    azure_network::PRIORITY_DENY
                )
            } else {
                continue;
            };
            // Point at the first scoring endpoint that does not fit; the per-scoring count is not zero here.
            let fits = (0..2)
                .filter(|&d| per_scoring[d] > 0)
                .map(|d| limits::NSG_ALLOW_RULES_PER_DIRECTION.saturating_sub(fixed[d]) / per_scoring[d])
                .min()
                .unwrap_or(0);
            let first_over = users.get(fits).or(users.last()).copied();
            let path = first_over
                .map_or_else(|| join_index("vnet.subnets", i), |j| join_key(&join_index("compute", j), "scoring"));
            let related = vec![self.related(format!("subnet `{name}`"), &join_index("vnet.subnets", i))];
            self.error_with(
                codes::NSG_TOO_MANY_RULES,
                &path,
                format!("the NSG of subnet `{name}` would need {limit}"),
                format!("place at most {fits} AKS computes with public scoring endpoints in one subnet"),
                related,
            );
        }
    }
}

/// Whether `text` is an IPv6 address or prefix.
fn is_ipv6(text: &str) -> bool {
    text.split_once('/').map_or(text, |(addr, _)| addr).parse::<std::net::Ipv6Addr>().is_ok()
}

pub(super) fn catalogue(rules: NetworkRules) -> Catalogue {
    match rules {
        NetworkRules::Current => Catalogue::Current,
        NetworkRules::Seed2019 => Catalogue::Seed2019,
    }
}

/// Every pair `(i, j)`, `i < j`, of overlapping prefixes among `nets`, in the order of a nested loop
/// over `i` then `j`. CIDR prefixes are nested or disjoint, so once they are sorted by first address
/// (the larger of two with the same first address first), each one overlaps exactly the prefixes still
/// open when it starts, a chain kept on a stack: O(n log n) plus the pairs found, not O(n²).
pub(super) fn overlapping_pairs(nets: &[Option<Ipv4Net>]) -> Vec<(usize, usize)> {
    let mut order: Vec<(u64, u64, usize)> = nets
        .iter()
        .enumerate()
        .filter_map(|(i, net)| {
            let start = u64::from(u32::from((*net)?.network()));
            Some((start, start + (*net)?.size() - 1, i))
        })
        .collect();
    order.sort_unstable_by_key(|&(start, end, i)| (start, std::cmp::Reverse(end), i));
    let mut open: Vec<(u64, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (start, end, i) in order {
        while open.last().is_some_and(|&(open_end, _)| open_end < start) {
            open.pop();
        }
        pairs.extend(open.iter().map(|&(_, k)| (k.min(i), k.max(i))));
        open.push((end, i));
    }
    pairs.sort_unstable();
    pairs
}
