//! Egress: how each subnet that hosts training compute reaches the Internet, now that new subnets are
//! private (`defaultOutboundAccess: false`). The ways out are a NAT gateway (`outbound.egress:
//! nat_gateway`), a default route to an appliance (`forced_tunneling.default_route`), and compute with
//! its own public IP; `outbound.egress: none` accepts compute without one. Also the default outbound
//! access amlnet states on the re-declared subnets of an existing network, and the forced-tunneling
//! routes that only public-IP compute uses.

use super::*;

/// What validation knows about the way out of one subnet.
#[derive(Debug, Clone, Copy, Default)]
struct SubnetEgress {
    /// A NAT gateway is associated with it.
    nat_gateway: bool,
    /// Its route table sends 0.0.0.0/0 to an appliance.
    appliance: bool,
}

impl SubnetEgress {
    fn explicit(self) -> bool {
        self.nat_gateway || self.appliance
    }
}

impl Cx<'_> {
    /// The default outbound access the re-declared subnets of an existing network state: the spec's
    /// `vnet.default_outbound_access`, else the value subnets created before private-by-default have,
    /// said in a warning.
    pub(super) fn existing_outbound_access(&mut self, spec: &Spec) -> bool {
        if let Some(value) = spec.vnet.default_outbound_access {
            return value;
        }
        let value = defaults::EXISTING_SUBNET_DEFAULT_OUTBOUND_ACCESS;
        self.key_warning(
            codes::WARN_EXISTING_OUTBOUND,
            "vnet.existing",
            format!(
                "amlnet re-declares the existing subnets with `defaultOutboundAccess: {value}`, the value of subnets \
                 created before Azure made new subnets private; a private subnet would become public"
            ),
            "if the subnets are private, or to make them private, set `vnet.default_outbound_access: false` (then \
             give the compute a way out: `outbound.egress: nat_gateway` or a default route to a firewall)"
                .to_owned(),
        );
        value
    }

    /// Every subnet's way out against the computes placed in it.
    pub(super) fn egress(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        if !spec.vnet.existing && spec.vnet.default_outbound_access.is_some() {
            self.key_error(
                codes::VNET_DEFAULT_OUTBOUND,
                "vnet.default_outbound_access",
                "`vnet.default_outbound_access` only applies to an existing virtual network".to_owned(),
                "remove it: the subnets amlnet creates are private (every way out is explicit, see `outbound.egress`)"
                    .to_owned(),
            );
        }
        let egress = spec.outbound.egress;
        let appliance = spec
            .forced_tunneling
            .as_ref()
            .and_then(|ft| ft.default_route.as_ref())
            .is_some_and(|route| route.next_hop != NextHopKind::Internet);
        // Which subnets take the NAT gateway and the route table: those hosting training compute.
        let mut ways = vec![SubnetEgress::default(); spec.vnet.subnets.len()];
        let mut nat_subnets = 0;
        for info in computes {
            let (Some(subnet), Some(valid)) = (info.subnet, &info.valid) else { continue };
            if valid.kind.takes_nat_gateway() && egress == Some(Egress::NatGateway) {
                nat_subnets += usize::from(!ways[subnet].nat_gateway);
                ways[subnet].nat_gateway = true;
            }
            if valid.kind.takes_route_table() && appliance {
                ways[subnet].appliance = true;
            }
        }
        let mut stranded: Vec<(usize, String)> = Vec::new();
        for (i, info) in computes.iter().enumerate() {
            let (Some(subnet), Some(valid)) = (info.subnet, &info.valid) else { continue };
            let public_ip = match valid.kind {
                ValidComputeKind::AmlCluster { public_ip, .. } | ValidComputeKind::AmlInstance { public_ip, .. } => {
                    public_ip
                }
                ValidComputeKind::VirtualMachine(ValidVm::Created { .. })
                    if !ways[subnet].explicit() && egress != Some(Egress::None) =>
                {
                    self.created_vm_without_egress(spec, i, subnet);
                    continue;
                }
                _ => continue,
            };
            if public_ip || ways[subnet].explicit() {
                continue;
            }
            let ip_path = join_key(&join_index("compute", i), "public_ip");
            let path = if self.present(&ip_path) { ip_path } else { join_index("compute", i) };
            if egress == Some(Egress::None) {
                stranded.push((i, path));
                continue;
            }
            let name = &spec.compute[i].name;
            self.error(
                codes::NO_EGRESS,
                &path,
                format!(
                    "compute `{name}` has no public IP, and subnet `{}` has no way out: it cannot reach the Internet \
                     (package feeds, images, Azure Machine Learning's own endpoints)",
                    spec.vnet.subnets[subnet].name
                ),
                "set `outbound.egress: nat_gateway`, or route 0.0.0.0/0 to a firewall with \
                 `forced_tunneling.default_route` (`next_hop: virtual_appliance`); `outbound.egress: none` accepts it"
                    .to_owned(),
            );
        }
        if !stranded.is_empty() {
            let related = stranded
                .iter()
                .map(|(i, path)| self.related(format!("`{}` has no way out", spec.compute[*i].name), path))
                .collect();
            let names: Vec<&str> = stranded.iter().map(|(i, _)| spec.compute[*i].name.as_str()).collect();
            let mut d = self.diag(
                Severity::Warning,
                codes::WARN_EGRESS_NONE,
                "outbound.egress",
                format!("{} cannot reach the Internet: no public IP, no NAT gateway, no default route", list(&names)),
                "this is what `egress: none` asks for; use `nat_gateway` or a default route to a firewall to let it out"
                    .to_owned(),
            );
            d.related = related;
            self.items.push(d);
        }
        if egress == Some(Egress::NatGateway) {
            self.nat_gateway_use(spec, nat_subnets, appliance);
        }
        self.internet_routes(spec, computes);
        self.default_access(spec, computes, &ways);
    }

    /// A virtual machine amlnet creates has no public IP and sits in a private subnet: without a NAT
    /// gateway or an appliance route it cannot reach the Internet. The attach still works (the service
    /// comes in over SSH), so this is a warning, not `no_egress`.
    fn created_vm_without_egress(&mut self, spec: &Spec, i: usize, subnet: usize) {
        let name = &spec.compute[i].name;
        self.warning(
            codes::WARN_VM_NO_EGRESS,
            &join_index("compute", i),
            format!(
                "virtual machine `{name}` is created without a public IP in subnet `{}`, which has no way out: the \
                 attach works, but the VM cannot pull images or install packages",
                spec.vnet.subnets[subnet].name
            ),
            "set `outbound.egress: nat_gateway`, or route 0.0.0.0/0 to a firewall with `forced_tunneling.default_route`; \
             `outbound.egress: none` says it is meant"
                .to_owned(),
        );
    }

    /// `egress: nat_gateway` that carries nothing: no subnet takes it, or a default route to an
    /// appliance takes the Internet-bound traffic first.
    fn nat_gateway_use(&mut self, spec: &Spec, nat_subnets: usize, appliance: bool) {
        if nat_subnets == 0 {
            self.warning(
                codes::WARN_NAT_UNUSED,
                "outbound.egress",
                "no subnet hosts an `aml_cluster`, `aml_instance` or `virtual_machine`, so no NAT gateway is created"
                    .to_owned(),
                "remove `outbound.egress`, or place the training compute that needs a way out".to_owned(),
            );
            return;
        }
        if !appliance {
            return;
        }
        let routed = spec.forced_tunneling.as_ref().is_some_and(|ft| !ft.internet_routes.is_empty())
            || spec.forced_tunneling.as_ref().is_some_and(|ft| !ft.internet_prefixes.is_empty());
        let carries = if routed {
            "only the routes with next hop Internet (`internet_routes`, `internet_prefixes`) leave through the NAT \
             gateway"
        } else {
            "the NAT gateway carries no traffic"
        };
        let related =
            vec![self.related("all other traffic goes to the appliance".to_owned(), "forced_tunneling.default_route")];
        let mut d = self.diag(
            Severity::Warning,
            codes::WARN_NAT_BYPASSED,
            "outbound.egress",
            format!(
                "a route 0.0.0.0/0 to a virtual appliance takes precedence over a NAT gateway (Azure: virtual \
                 appliance route >> NAT gateway >> instance public IP >> default outbound access): {carries}"
            ),
            "choose one way out: remove `outbound.egress` to leave through the appliance, or remove \
             `forced_tunneling.default_route` to leave through the NAT gateway"
                .to_owned(),
        );
        d.related = related;
        self.items.push(d);
    }

    /// `internet_routes` send the service tags around the appliance for the inbound management of compute
    /// with a public IP; compute without one does not take that inbound traffic.
    fn internet_routes(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        let Some(ft) = &spec.forced_tunneling else { return };
        if ft.internet_routes.is_empty() {
            return;
        }
        let public = computes.iter().any(|info| {
            matches!(
                info.valid.as_ref().map(|v| &v.kind),
                Some(
                    ValidComputeKind::AmlCluster { public_ip: true, .. }
                        | ValidComputeKind::AmlInstance { public_ip: true, .. }
                )
            )
        });
        if public {
            return;
        }
        self.key_warning(
            codes::WARN_INTERNET_ROUTES,
            "forced_tunneling.internet_routes",
            "`internet_routes` are documented for compute with a public IP, and no compute here has one".to_owned(),
            "remove `internet_routes`: compute without public IPs takes no inbound management traffic to route back"
                .to_owned(),
        );
    }

    /// Subnets whose training compute still leaves through default outbound access: re-declared subnets
    /// of an existing network that keep it, with neither a NAT gateway nor a default route to an
    /// appliance, hosting compute without a public IP of its own (attached virtual machines and
    /// HDInsight clusters). Azure retires default outbound access for new networks.
    fn default_access(&mut self, spec: &Spec, computes: &[ComputeInfo], ways: &[SubnetEgress]) {
        if !spec.vnet.existing || spec.vnet.default_outbound_access == Some(false) {
            return;
        }
        let mut relying: Vec<Option<usize>> = vec![None; spec.vnet.subnets.len()];
        for (i, info) in computes.iter().enumerate() {
            let (Some(subnet), Some(valid)) = (info.subnet, &info.valid) else { continue };
            let own_way = match valid.kind {
                ValidComputeKind::AmlCluster { .. } | ValidComputeKind::AmlInstance { .. } => true,
                ValidComputeKind::VirtualMachine { .. } | ValidComputeKind::HdInsight { .. } => false,
                // AKS leaves through its load balancer.
                ValidComputeKind::Aks(_) => true,
            };
            if !own_way && !ways[subnet].explicit() {
                relying[subnet].get_or_insert(i);
            }
        }
        for (subnet, first) in relying.iter().enumerate() {
            let Some(first) = first else { continue };
            let name = &spec.vnet.subnets[subnet].name;
            let related = vec![self.related(
                format!("`{}` reaches the Internet that way", spec.compute[*first].name),
                &join_index("compute", *first),
            )];
            let mut d = self.diag(
                Severity::Warning,
                codes::WARN_DEFAULT_OUTBOUND,
                &join_index("vnet.subnets", subnet),
                format!(
                    "subnet `{name}` has no explicit way out: its compute relies on default outbound access, which \
                     Azure retires (new subnets are private)"
                ),
                "set `outbound.egress: nat_gateway`, or route 0.0.0.0/0 to a firewall with \
                 `forced_tunneling.default_route`"
                    .to_owned(),
            );
            d.related = related;
            self.items.push(d);
        }
    }
}
