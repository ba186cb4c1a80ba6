//! AKS computes: node count against the cluster purpose, service CIDR, DNS address, Docker bridge,
//! pod CIDR and the ranges none of them may overlap, and the scoring endpoint with its TLS settings.
//!
//! Help texts that suggest a range (`service_cidr`, `pod_cidr`) pick one that avoids every range and
//! address the spec itself uses: the vnet, its subnets, the pod, service and Docker bridge ranges,
//! the appliance of forced tunneling and the prefixes routed to the Internet.

use super::dns::zone_type;
use super::*;
use crate::azure::aks::{self as azure_aks, ClusterPurpose};
use crate::azure::defaults::AksHardening;
use crate::names::ident;

impl Cx<'_> {
    pub(super) fn aks(
        &mut self,
        spec: &Spec,
        c: &model::Compute,
        path: &str,
        subnets: &[SubnetInfo],
        space: &[Option<Ipv4Net>],
    ) -> Option<ValidComputeKind> {
        let node_count = c.node_count?;
        let purpose = match c.cluster_purpose.unwrap_or_default() {
            model::ClusterPurpose::Production => ClusterPurpose::Production,
            model::ClusterPurpose::DevTest => ClusterPurpose::DevTest,
        };
        let count_path = join_key(path, "node_count");
        if node_count == 0 {
            self.error(
                codes::COMPUTE_NODES,
                &count_path,
                "`node_count` must be at least 1".to_owned(),
                "set `node_count` to 1 or more (3 for production)".to_owned(),
            );
        } else if node_count < purpose.min_nodes() {
            let min = purpose.min_nodes();
            self.error(
                codes::AKS_PRODUCTION_NODES,
                &count_path,
                format!("a production inference cluster needs at least {min} nodes, and `{}` has {node_count}", c.name),
                format!("set `node_count` to {min} or more, or set `cluster_purpose: dev_test` for a test cluster"),
            );
        }
        let cidr_path = join_key(path, "service_cidr");
        let service = self.prefix(c.service_cidr.as_deref()?, &cidr_path, "an AKS service CIDR");
        if let Some(service) = service {
            self.service_cidr_shape(service, &cidr_path);
        }
        let dns_path = join_key(path, "dns_service_ip");
        let dns = self.ip(c.dns_service_ip.as_deref()?, &dns_path);
        if let (Some(service), Some(dns)) = (service, dns) {
            match service.offset_of(dns) {
                None => self.error(
                    codes::AKS_DNS_IP,
                    &dns_path,
                    format!("`dns_service_ip` {dns} is outside `service_cidr` {service}"),
                    format!("use an address inside {service}, conventionally `{}`", service.nth(10)),
                ),
                Some(offset @ (0 | 1)) => self.error(
                    codes::AKS_DNS_IP,
                    &dns_path,
                    format!(
                        "`dns_service_ip` {dns} is {} of `service_cidr`",
                        if offset == 0 {
                            "the network address"
                        } else {
                            "the first address (.1, used by the kubernetes service)"
                        }
                    ),
                    format!("use another address, conventionally `{}`", service.nth(10)),
                ),
                Some(_) => {}
            }
        }
        let docker = self.docker_bridge(c, path, subnets, space, service);
        let private_dns_zone = self.private_dns_zone(spec, c, path);
        let grant_zone_role = self.grant_zone_role(c, path, private_dns_zone.as_ref());
        let pod_cidr = match &c.pod_cidr {
            Some(text) => self.prefix(text, &join_key(path, "pod_cidr"), "an AKS pod CIDR"),
            None => Some(default_pod_cidr()),
        };
        // Kubernetes compute's router serves fixed ports, which `aks_attach` checks; the v1 attach's
        // rule opens whatever port the spec names, with warnings.
        let v1 = spec.network_rules == NetworkRules::Seed2019;
        let scoring = match &c.scoring {
            Some(s) => Some(self.scoring(s, &join_key(path, "scoring"), v1)?),
            None => None,
        };
        let attach = self.aks_attach(spec, c, path, scoring.as_ref())?;
        Some(ValidComputeKind::Aks(ValidAks {
            node_count,
            vm_size: c.vm_size.clone()?,
            service_cidr: service?,
            dns_service_ip: dns?,
            docker_bridge_cidr: docker,
            network_plugin: c.network_plugin.unwrap_or_default(),
            private_cluster: c.private_cluster.unwrap_or(false),
            scoring,
            pod_cidr: pod_cidr?,
            cluster_purpose: purpose,
            attach,
            hardening: hardening(c.aks.as_ref()),
            private_dns_zone,
            grant_zone_role,
        }))
    }

    /// `private_dns_zone` of a private cluster: `system` (the default, stated explicitly), or the ARM id
    /// of an existing private DNS zone named `privatelink.<region>.azmk8s.io` or
    /// `<subzone>.privatelink.<region>.azmk8s.io`. `none` is refused: AKS then creates no private zone
    /// and the nodes reach the API server through its public FQDN, which a private cluster of Azure
    /// Machine Learning must not have (MSDOCS-SECURE-INFERENCE) and amlnet never enables. `None` for a
    /// cluster that is not private (with an error when the field is set).
    fn private_dns_zone(
        &mut self,
        spec: &Spec,
        c: &model::Compute,
        path: &str,
    ) -> Option<azure_aks::AksPrivateDnsZone> {
        let at = join_key(path, "private_dns_zone");
        let private = c.private_cluster == Some(true);
        let Some(text) = c.private_dns_zone.as_deref() else {
            return private.then_some(azure_aks::AksPrivateDnsZone::System);
        };
        if !private {
            self.key_error(
                codes::AKS_PRIVATE_DNS_ZONE_PUBLIC,
                &at,
                "`private_dns_zone` is the zone of a private cluster's API server, and this cluster is not private"
                    .to_owned(),
                "set `private_cluster: true`, or remove `private_dns_zone`".to_owned(),
            );
            return None;
        }
        let zone_name = azure_aks::private_dns_zone_name(&spec.location);
        if text.eq_ignore_ascii_case(ZONE_SYSTEM) {
            return Some(azure_aks::AksPrivateDnsZone::System);
        }
        if text.eq_ignore_ascii_case(ZONE_NONE) {
            self.error(
                codes::AKS_PRIVATE_DNS_ZONE_NONE,
                &at,
                "with `private_dns_zone: none` AKS creates no private zone and the nodes reach the API server \
                 through its public FQDN, which a private cluster attached to Azure Machine Learning may not use"
                    .to_owned(),
                format!(
                    "use `system` (AKS creates the zone), or the id of an existing `{zone_name}` zone of your landing zone"
                ),
            );
            return None;
        }
        let example = format!(
            "/subscriptions/<id>/resourceGroups/<group>/providers/{}/{}/{zone_name}",
            zone_type().0,
            zone_type().1
        );
        match super::dns::zone_id_name(text) {
            Some(name)
                if azure_aks::private_dns_zone_fits(name, &spec.location)
                    && c.private_dns_zone_role == Some(model::ZoneRole::Grant) =>
            {
                Some(azure_aks::AksPrivateDnsZone::Custom(text.to_owned()))
            }
            Some(name) if azure_aks::private_dns_zone_fits(name, &spec.location) => {
                let network = if spec.vnet.existing {
                    "; it also needs Network Contributor on the existing virtual network, which amlnet does not \
                     manage"
                } else {
                    ""
                };
                self.warning(
                    codes::WARN_AKS_PRIVATE_DNS_ZONE_ROLE,
                    &at,
                    format!(
                        "AKS writes the API server's records in `{name}`, an existing zone amlnet does not manage: \
                         the cluster identity of `{}` needs Private DNS Zone Contributor on it before the cluster is \
                         created{network}",
                        c.name
                    ),
                    "grant the cluster's user-assigned identity Private DNS Zone Contributor on the zone (or ask \
                     the zone's owner to) before deploying, or let amlnet assign it (`private_dns_zone_role: grant`); \
                     the zone cannot change after the cluster is created"
                        .to_owned(),
                );
                Some(azure_aks::AksPrivateDnsZone::Custom(text.to_owned()))
            }
            Some(name) => {
                self.error(
                    codes::AKS_PRIVATE_DNS_ZONE_ID,
                    &at,
                    format!(
                        "AKS does not accept the zone `{name}` for a cluster in `{}`: its zone is `{zone_name}` or \
                         `<subzone>.{zone_name}` (a subzone of at most {} characters)",
                        spec.location,
                        azure_aks::PRIVATE_DNS_SUBZONE_MAX
                    ),
                    format!("give the id of a zone named `{zone_name}` or `<subzone>.{zone_name}`"),
                );
                None
            }
            None => {
                self.error(
                    codes::AKS_PRIVATE_DNS_ZONE_ID,
                    &at,
                    format!(
                        "`{text}` is neither `{}`, `{}` nor the ARM id of a private DNS zone",
                        ZONE_SYSTEM, ZONE_NONE
                    ),
                    format!("write `{}`, or `{example}`", ZONE_SYSTEM),
                );
                None
            }
        }
    }

    /// `private_dns_zone_role`: with `grant`, the existing zone amlnet assigns the role on; an error
    /// without an existing zone.
    fn grant_zone_role(
        &mut self,
        c: &model::Compute,
        path: &str,
        zone: Option<&azure_aks::AksPrivateDnsZone>,
    ) -> Option<crate::spec::valid::ValidExistingHub> {
        let role = c.private_dns_zone_role?;
        let Some(azure_aks::AksPrivateDnsZone::Custom(id)) = zone else {
            self.key_error(
                codes::AKS_PRIVATE_DNS_ZONE_ID,
                &join_key(path, "private_dns_zone_role"),
                "`private_dns_zone_role` says who assigns the role on an existing zone, and this cluster names none"
                    .to_owned(),
                "set `private_dns_zone` to the zone's ARM id, or remove `private_dns_zone_role`".to_owned(),
            );
            return None;
        };
        if role == model::ZoneRole::External {
            return None;
        }
        // The id was checked as a private DNS zone's.
        super::existing_id(id, crate::azure::ApiKind::PrivateDnsZone)
    }

    /// How the cluster joins the workspace: the legacy v1 attach under `network_rules: seed-2019`
    /// (with a warning), the Azure Machine Learning extension and Kubernetes compute otherwise, with
    /// its workloads, namespace and what its inference router can and cannot serve.
    fn aks_attach(
        &mut self,
        spec: &Spec,
        c: &model::Compute,
        path: &str,
        scoring: Option<&ValidScoring>,
    ) -> Option<AksAttach> {
        let before = self.error_count();
        if spec.network_rules == NetworkRules::Seed2019 {
            for (field, set) in [("workloads", c.workloads.is_some()), ("namespace", c.namespace.is_some())] {
                if set {
                    self.key_error(
                        codes::AKS_ATTACH_FIELD,
                        &join_key(path, field),
                        format!(
                            "`{field}` is for Kubernetes compute (v2), and `seed-2019` attaches AKS with the v1 attach"
                        ),
                        format!("remove `{field}`, or use `network_rules: current`"),
                    );
                }
            }
            self.warning(
                codes::WARN_AKS_V1_ATTACH,
                &join_key(path, "kind"),
                format!(
                    "`{}` is attached with the legacy v1 attach (`computeType: AKS`): SDK v1 is deprecated since {}, \
                     CLI v1 support ended on {} and SDK v1 support ends on {}",
                    c.name,
                    azure_aks::V1_SDK_DEPRECATED,
                    azure_aks::V1_CLI_SUPPORT_ENDED,
                    azure_aks::V1_SDK_SUPPORT_ENDS
                ),
                "use `network_rules: current` for Kubernetes compute with the Azure Machine Learning extension"
                    .to_owned(),
            );
            return (self.error_count() == before).then_some(AksAttach::V1);
        }
        let workloads = c.workloads.clone().unwrap_or_else(|| vec![model::Workload::Inference]);
        let workloads_path = join_key(path, "workloads");
        let mut sorted = workloads.clone();
        sorted.sort();
        sorted.dedup();
        if workloads.is_empty() || sorted.len() != workloads.len() {
            self.error(
                codes::AKS_WORKLOADS,
                &workloads_path,
                "`workloads` must name `training`, `inference` or both, each once".to_owned(),
                "write `workloads: [inference]`, `[training]` or `[training, inference]`".to_owned(),
            );
        }
        let training = workloads.contains(&model::Workload::Training);
        let inference = workloads.contains(&model::Workload::Inference);
        if !inference && let Some(s) = scoring {
            self.error(
                codes::AKS_WORKLOADS,
                &s.path,
                format!("`{}` has a scoring endpoint but does not run inference", c.name),
                "add `inference` to `workloads`, or remove `scoring`".to_owned(),
            );
        }
        if let Some(ValidTls::Microsoft { .. }) = scoring.and_then(|s| s.tls.as_ref()) {
            self.error(
                codes::AKS_ATTACH_FIELD,
                &join_key(&join_key(path, "scoring.tls"), "leaf_domain_label"),
                "the Azure Machine Learning extension serves your own certificate only; a Microsoft certificate \
                 (`leaf_domain_label`) is the v1 attach's"
                    .to_owned(),
                "use `cname:` with your own certificate (its certificate and key are deployment parameters)".to_owned(),
            );
        }
        if let Some(s) = scoring.filter(|_| inference) {
            // The router serves HTTPS with a certificate and plain HTTP without, each on its fixed port.
            let router_port = azure_aks::router_port(s.tls.is_some());
            if s.port != router_port && s.port != 0 {
                let tls = if s.tls.is_some() { "with `tls` it serves HTTPS" } else { "without `tls` it serves HTTP" };
                self.error(
                    codes::AKS_ROUTER_PORT,
                    &join_key(&s.path, "port"),
                    format!(
                        "the inference router of `{}` listens on {router_port} ({tls}), but `scoring.port` is {}",
                        c.name, s.port
                    ),
                    format!("set `port: {router_port}`, the port the scoring rule must open"),
                );
            }
        }
        if let Some(s) = scoring.filter(|s| inference && s.tls.is_none() && s.port == azure_aks::PLAIN_SCORING_PORT) {
            let open_http = s.port == azure_aks::PLAIN_SCORING_PORT
                && !s.internal
                && c.scoring.as_ref().and_then(|m| m.allow_from.as_deref()).is_some_and(|t| {
                    t == crate::azure::network::ANY || t == "0.0.0.0/0" || t.eq_ignore_ascii_case("internet")
                });
            // An endpoint already warned about for plain HTTP to the Internet is not warned twice.
            if !open_http {
                self.warning(
                    codes::WARN_SCORING_INSECURE,
                    &s.path,
                    format!(
                        "without `tls` the inference router of `{}` serves plain HTTP (`{}`), which Azure documents \
                         for development and testing only",
                        c.name,
                        azure_aks::CFG_ALLOW_INSECURE
                    ),
                    "add `tls:` with `cname` (your own certificate) for HTTPS".to_owned(),
                );
            }
        }
        let namespace = c.namespace.clone().unwrap_or_else(|| azure_aks::DEFAULT_NAMESPACE.to_owned());
        // A Kubernetes namespace is an RFC 1123 label: lowercase letters, digits and hyphens.
        if !host_label_ok(&namespace) || namespace.bytes().any(|b| b.is_ascii_uppercase()) {
            self.error(
                codes::AKS_WORKLOADS,
                &join_key(path, "namespace"),
                format!("`{namespace}` is not a Kubernetes namespace name"),
                "use 1 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit"
                    .to_owned(),
            );
        }
        (self.error_count() == before).then_some(AksAttach::Extension { training, inference, namespace })
    }

    /// The legacy Docker bridge: its syntax, and that it overlaps neither the network nor the
    /// service CIDR.
    fn docker_bridge(
        &mut self,
        c: &model::Compute,
        path: &str,
        subnets: &[SubnetInfo],
        space: &[Option<Ipv4Net>],
        service: Option<Ipv4Net>,
    ) -> Option<Ipv4Net> {
        let text = c.docker_bridge_cidr.as_ref()?;
        let docker_path = join_key(path, "docker_bridge_cidr");
        self.warning(
            codes::WARN_DOCKER_BRIDGE,
            &docker_path,
            "`docker_bridge_cidr` is ignored by current AKS and kept only on the ML attach configuration".to_owned(),
            "remove `docker_bridge_cidr` unless an old cluster needs it".to_owned(),
        );
        let Ok(net) = Ipv4Net::parse_interface(text) else {
            self.error(
                codes::CIDR_SYNTAX,
                &docker_path,
                format!("`{text}` is not an address with a prefix length"),
                "write the bridge address and its prefix length, e.g. `172.17.0.1/16`".to_owned(),
            );
            return None;
        };
        let mut clashes = Vec::new();
        for (i, s) in subnets.iter().enumerate() {
            if s.prefix.is_some_and(|p| p.overlaps(net)) {
                clashes.push(self.related("overlapping subnet".to_owned(), &format!("vnet.subnets[{i}].prefix")));
            }
        }
        if clashes.is_empty() {
            for (i, s) in space.iter().enumerate() {
                if s.is_some_and(|p| p.overlaps(net)) {
                    clashes.push(
                        self.related("overlapping address space".to_owned(), &join_index("vnet.address_space", i)),
                    );
                }
            }
        }
        if service.is_some_and(|s| s.overlaps(net)) {
            clashes.push(self.related("overlapping service CIDR".to_owned(), &join_key(path, "service_cidr")));
        }
        if !clashes.is_empty() {
            self.error_with(
                codes::AKS_DOCKER_OVERLAP,
                &docker_path,
                format!("`docker_bridge_cidr` {net} overlaps the virtual network or `service_cidr`"),
                "choose a bridge range outside the vnet and the service CIDR, e.g. `172.17.0.1/16`".to_owned(),
                clashes,
            );
        }
        Some(net)
    }

    /// The scoring endpoint: its port, who may call it, and its TLS settings; `v1`: the port warnings of
    /// the v1 attach, whose rule opens the port the spec names.
    fn scoring(&mut self, s: &model::Scoring, path: &str, v1: bool) -> Option<ValidScoring> {
        let before = self.error_count();
        let port_path = join_key(path, "port");
        if s.port == 0 {
            self.error(
                codes::SCORING_PORT,
                &port_path,
                "`scoring.port` must be from 1 to 65535".to_owned(),
                format!("use the port the endpoint listens on, e.g. {}", azure_aks::TLS_SCORING_PORT),
            );
        }
        // `None` for an internal endpoint; an error is counted in `before`.
        let allow_from = match &s.allow_from {
            Some(text) => self.peer(text, &join_key(path, "allow_from")),
            None if s.internal => None,
            None => {
                self.error(
                    codes::SCORING_ALLOW_FROM,
                    path,
                    "a public scoring endpoint needs `allow_from`".to_owned(),
                    "add `allow_from:` with the callers' CIDR or service tag, or set `internal: true`".to_owned(),
                );
                None
            }
        };
        let tls = s.tls.as_ref().and_then(|tls| self.tls(tls, &join_key(path, "tls")));
        match (&tls, s.port) {
            _ if !v1 => {}
            (None, azure_aks::TLS_SCORING_PORT) if s.tls.is_none() => self.warning(
                codes::WARN_SCORING_NO_TLS,
                &port_path,
                format!(
                    "the scoring rule opens {} but the endpoint has no TLS, so it serves plain HTTP on {}",
                    azure_aks::TLS_SCORING_PORT,
                    azure_aks::PLAIN_SCORING_PORT
                ),
                "add `tls:` with `leaf_domain_label` (a Microsoft certificate) or `cname` (your own certificate)"
                    .to_owned(),
            ),
            (Some(_), port) if port != azure_aks::TLS_SCORING_PORT && port != 0 => self.warning(
                codes::WARN_SCORING_TLS_PORT,
                &port_path,
                format!(
                    "with `tls` the endpoint serves HTTPS on {}, but the scoring rule opens {port}",
                    azure_aks::TLS_SCORING_PORT
                ),
                format!("set `port: {}`", azure_aks::TLS_SCORING_PORT),
            ),
            _ => {}
        }
        if s.internal && matches!(tls, Some(ValidTls::Microsoft { .. })) {
            // The generated name is a public Azure DNS label; an internal endpoint has a private address only.
            self.warning(
                codes::WARN_SCORING_TLS_INTERNAL,
                &join_key(&join_key(path, "tls"), "leaf_domain_label"),
                format!(
                    "a Microsoft certificate names a public `*.{}` address, which an internal endpoint does not have",
                    azure_aks::MICROSOFT_CERT_DOMAIN
                ),
                "use `cname:` with your own certificate and a private DNS record for the endpoint".to_owned(),
            );
        }
        if s.tls.is_some() && tls.is_none() || self.error_count() > before {
            return None;
        }
        Some(ValidScoring { port: s.port, allow_from, internal: s.internal, path: path.to_owned(), tls })
    }

    /// Exactly one of `leaf_domain_label` (a DNS label) and `cname` (a DNS name).
    fn tls(&mut self, tls: &model::ScoringTls, path: &str) -> Option<ValidTls> {
        match (&tls.leaf_domain_label, &tls.cname) {
            (Some(label), None) => {
                // The service appends random characters, and the whole must stay one DNS label.
                let max = DNS_LABEL_MAX - azure_aks::LEAF_DOMAIN_RANDOM_CHARS;
                let ok = dns_label_ok(label, max) && label.bytes().all(|b| !b.is_ascii_uppercase());
                if !ok {
                    self.error(
                        codes::SCORING_TLS,
                        &join_key(path, "leaf_domain_label"),
                        format!(
                            "`{label}` is not a DNS label of 1 to {max} lowercase letters, digits or hyphens, \
                             starting with a letter"
                        ),
                        format!(
                            "use a short label such as `contoso`; the service names the endpoint \
                             `<label><{} random characters>.<region>.{}`",
                            azure_aks::LEAF_DOMAIN_RANDOM_CHARS,
                            azure_aks::MICROSOFT_CERT_DOMAIN
                        ),
                    );
                    return None;
                }
                Some(ValidTls::Microsoft { leaf_domain_label: label.clone() })
            }
            (None, Some(cname)) => {
                let labels: Vec<&str> = cname.split('.').collect();
                let ok = cname.len() <= DNS_NAME_MAX && labels.len() >= 2 && labels.iter().all(|l| host_label_ok(l));
                if !ok {
                    self.error(
                        codes::SCORING_TLS,
                        &join_key(path, "cname"),
                        format!("`{cname}` is not a fully qualified DNS name"),
                        "write the name your certificate is issued for, e.g. `scoring.contoso.com`".to_owned(),
                    );
                    return None;
                }
                Some(ValidTls::Custom { cname: cname.clone() })
            }
            (Some(_), Some(_)) => {
                self.error(
                    codes::SCORING_TLS,
                    path,
                    "`tls` names both a Microsoft certificate (`leaf_domain_label`) and your own (`cname`)".to_owned(),
                    "keep `leaf_domain_label` for a Microsoft certificate, or `cname` for your own".to_owned(),
                );
                None
            }
            (None, None) => {
                self.error(
                    codes::SCORING_TLS,
                    path,
                    "`tls` needs `leaf_domain_label` (a Microsoft certificate) or `cname` (your own)".to_owned(),
                    "add `leaf_domain_label: contoso`, or `cname:` with your certificate's name (its certificate \
                     and key are deployment parameters)"
                        .to_owned(),
                );
                None
            }
        }
    }

    /// A service CIDR's size and the ranges AKS reserves.
    fn service_cidr_shape(&mut self, service: Ipv4Net, path: &str) {
        let shortest = limits::AKS_SERVICE_CIDR_SHORTEST_PREFIX;
        if service.len() < shortest {
            self.error(
                codes::AKS_SERVICE_SIZE,
                path,
                format!("`service_cidr` {service} is larger than a /{shortest}"),
                format!("use a prefix length of {shortest} or more, e.g. `10.0.0.0/16`"),
            );
        }
        for reserved in reserved_ranges() {
            if reserved.overlaps(service) {
                self.error(
                    codes::AKS_SERVICE_RESERVED,
                    path,
                    format!("`service_cidr` {service} overlaps {reserved}, which AKS reserves"),
                    format!("choose a range outside {}", limits::AKS_RESERVED_RANGES.join(", ")),
                );
            }
        }
    }

    /// The ranges of every AKS compute against the network: the service CIDR overlaps neither the
    /// vnet, a subnet nor the appliance of forced tunneling, and the pod CIDR (the spec's or the
    /// default) overlaps neither these, the service CIDR nor the Docker bridge. Syntax errors were reported by [`Cx::aks`]; here a range
    /// that does not parse is skipped.
    pub(super) fn aks_ranges(&mut self, spec: &Spec, subnets: &[SubnetInfo], space: &[Option<Ipv4Net>]) {
        let taken = used_ranges(spec, subnets, space);
        // The appliance sits in a peered or on-premises network, which neither range may overlap
        // (MicrosoftDocs/azure-aks-docs `articles/aks/azure-cni-overlay.md`).
        let appliance: Option<Ipv4Addr> = spec
            .forced_tunneling
            .as_ref()
            .and_then(|ft| ft.default_route.as_ref())
            .filter(|r| r.next_hop == NextHopKind::VirtualAppliance)
            .and_then(|r| r.ip.as_deref())
            .and_then(|ip| ip.parse().ok());
        let appliance_path = "forced_tunneling.default_route.ip";
        for (i, c) in spec.compute.iter().enumerate().filter(|(_, c)| c.kind == ComputeKind::Aks) {
            let path = join_index("compute", i);
            let cidr_path = join_key(&path, "service_cidr");
            let service = c.service_cidr.as_deref().and_then(|t| Ipv4Net::parse_prefix(t).ok());
            if let Some(service) = service {
                let mut clashes = self.network_clashes(service, subnets, space);
                if let Some(ip) = appliance.filter(|ip| service.contains_addr(*ip)) {
                    clashes.push(self.related(format!("appliance {ip}"), appliance_path));
                }
                if !clashes.is_empty() {
                    let what = clashes.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join(", ");
                    self.error_with(
                        codes::AKS_SERVICE_OVERLAP,
                        &cidr_path,
                        format!("`service_cidr` {service} overlaps {what}"),
                        match free_range(&taken, SERVICE_CANDIDATES) {
                            Some(free) => format!(
                                "choose a range the network does not use, e.g. `{free}` (`dns_service_ip: {}`)",
                                free.nth(10)
                            ),
                            None => "choose a range the network does not use".to_owned(),
                        },
                        clashes,
                    );
                }
            }
            let pod_path = join_key(&path, "pod_cidr");
            let pod = match &c.pod_cidr {
                Some(text) => match Ipv4Net::parse_prefix(text) {
                    Ok(net) => net,
                    Err(_) => continue,
                },
                None => default_pod_cidr(),
            };
            let mut clashes = self.network_clashes(pod, subnets, space);
            if service.is_some_and(|s| s.overlaps(pod)) {
                clashes.push(self.related(format!("service CIDR {}", service.unwrap_or(pod)), &cidr_path));
            }
            if let Some(ip) = appliance.filter(|ip| pod.contains_addr(*ip)) {
                clashes.push(self.related(format!("appliance {ip}"), appliance_path));
            }
            let docker = c.docker_bridge_cidr.as_deref().and_then(|t| Ipv4Net::parse_interface(t).ok());
            if let Some(docker) = docker.filter(|d| d.overlaps(pod)) {
                clashes.push(self.related(format!("Docker bridge {docker}"), &join_key(&path, "docker_bridge_cidr")));
            }
            if clashes.is_empty() {
                continue;
            }
            let what = clashes.iter().map(|r| r.label.as_str()).collect::<Vec<_>>().join(", ");
            let (at, message) = if c.pod_cidr.is_some() {
                (pod_path, format!("`pod_cidr` {pod} overlaps {what}"))
            } else {
                (path.clone(), format!("the default pod CIDR {pod} of `{}` overlaps {what}", c.name))
            };
            self.error_with(
                codes::AKS_POD_OVERLAP,
                &at,
                message,
                match free_range(&taken, POD_CANDIDATES) {
                    Some(free) => format!("set `pod_cidr` to a range the network does not use, e.g. `{free}`"),
                    None => "set `pod_cidr` to a range the network does not use".to_owned(),
                },
                clashes,
            );
        }
    }

    /// The Azure Machine Learning extension of each Kubernetes compute is labelled
    /// `<compute>_extension` in Terraform, beside the computes labelled by their own identifier: a compute
    /// whose identifier is that label is refused, so two resources can never share one.
    pub(super) fn aks_extension_labels(&mut self, spec: &Spec) {
        if spec.network_rules == NetworkRules::Seed2019 {
            return;
        }
        for (i, aks) in spec.compute.iter().enumerate().filter(|(_, c)| c.kind == ComputeKind::Aks) {
            let label = crate::names::extension_ident(&aks.name);
            for (j, other) in spec.compute.iter().enumerate().filter(|(_, c)| ident(&c.name) == label) {
                let related = vec![self.related(format!("AKS compute `{}`", aks.name), &format!("compute[{i}].name"))];
                self.error_with(
                    codes::IDENT_COLLISION,
                    &format!("compute[{j}].name"),
                    format!(
                        "compute `{}` becomes the identifier `{label}`, which the Azure Machine Learning extension \
                         of `{}` has",
                        other.name, aks.name
                    ),
                    "rename the compute, e.g. without the `-extension` ending".to_owned(),
                    related,
                );
            }
        }
    }

    /// The address spaces (or, when none overlaps, the subnets) that `range` overlaps, each with its
    /// range in the label.
    fn network_clashes(&self, range: Ipv4Net, subnets: &[SubnetInfo], space: &[Option<Ipv4Net>]) -> Vec<Related> {
        let mut clashes = Vec::new();
        for (i, s) in space.iter().enumerate() {
            if let Some(p) = s.filter(|p| p.overlaps(range)) {
                clashes.push(self.related(format!("vnet address space {p}"), &join_index("vnet.address_space", i)));
            }
        }
        if clashes.is_empty() {
            for (i, s) in subnets.iter().enumerate() {
                if let Some(p) = s.prefix.filter(|p| p.overlaps(range)) {
                    clashes.push(self.related(format!("subnet {p}"), &format!("vnet.subnets[{i}].prefix")));
                }
            }
        }
        clashes
    }
}

/// Longest DNS label and name (RFC 1035 section 2.3.4).
const DNS_LABEL_MAX: usize = 63;
const DNS_NAME_MAX: usize = 253;

/// A DNS label of 1 to `max` letters, digits and hyphens, starting with a letter and not ending with a
/// hyphen.
/// The spec's keywords for a private cluster's zone modes (`private_dns_zone: system | none | <id>`), the
/// CLI's `--private-dns-zone` values (see `azure::aks`, MSDOCS-AKS-PRIVATE-DNS).
const ZONE_SYSTEM: &str = "system";

/// Whether an AKS compute takes the zone AKS creates (`private_dns_zone` absent or `system`).
pub(super) fn system_zone(c: &model::Compute) -> bool {
    c.private_dns_zone.as_deref().is_none_or(|z| z.eq_ignore_ascii_case(ZONE_SYSTEM))
}
const ZONE_NONE: &str = "none";

fn dns_label_ok(label: &str, max: usize) -> bool {
    (1..=max).contains(&label.len())
        && label.starts_with(|c: char| c.is_ascii_alphabetic())
        && !label.ends_with('-')
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A label of a host name: 1 to 63 letters, digits and hyphens, starting and ending with a letter or
/// digit (RFC 1123 section 2.1).
fn host_label_ok(label: &str) -> bool {
    (1..=DNS_LABEL_MAX).contains(&label.len())
        && label.starts_with(|c: char| c.is_ascii_alphanumeric())
        && label.ends_with(|c: char| c.is_ascii_alphanumeric())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// amlnet's AKS hardening with the spec's overrides; every value of `aks:` is valid as it parses.
fn hardening(settings: Option<&model::AksSettings>) -> AksHardening {
    use crate::azure::defaults::{AKS_HARDENING, AksNodeOsUpgradeChannel, AksUpgradeChannel};
    let settings = settings.cloned().unwrap_or_default();
    AksHardening {
        azure_rbac: settings.azure_rbac.unwrap_or(AKS_HARDENING.azure_rbac),
        upgrade_channel: match settings.upgrade_channel {
            None => AKS_HARDENING.upgrade_channel,
            Some(model::UpgradeChannel::Patch) => AksUpgradeChannel::Patch,
            Some(model::UpgradeChannel::Stable) => AksUpgradeChannel::Stable,
            Some(model::UpgradeChannel::Rapid) => AksUpgradeChannel::Rapid,
        },
        node_os_upgrade_channel: match settings.node_os_upgrade_channel {
            None => AKS_HARDENING.node_os_upgrade_channel,
            Some(model::NodeOsUpgradeChannel::NodeImage) => AksNodeOsUpgradeChannel::NodeImage,
            Some(model::NodeOsUpgradeChannel::SecurityPatch) => AksNodeOsUpgradeChannel::SecurityPatch,
            Some(model::NodeOsUpgradeChannel::Unmanaged) => AksNodeOsUpgradeChannel::Unmanaged,
        },
        azure_policy: settings.azure_policy.unwrap_or(AKS_HARDENING.azure_policy),
    }
}

fn default_pod_cidr() -> Ipv4Net {
    let (addr, len) = crate::azure::defaults::AKS.pod_cidr;
    Ipv4Net::new(addr, len)
}

fn reserved_ranges() -> impl Iterator<Item = Ipv4Net> {
    limits::AKS_RESERVED_RANGES.iter().filter_map(|r| Ipv4Net::parse_prefix(r).ok())
}

/// Private /16s to suggest, in order of preference.
const SERVICE_CANDIDATES: &[&str] =
    &["10.0.0.0/16", "10.240.0.0/16", "10.241.0.0/16", "172.20.0.0/16", "172.21.0.0/16", "192.168.0.0/16"];
const POD_CANDIDATES: &[&str] =
    &["10.244.0.0/16", "10.245.0.0/16", "10.246.0.0/16", "172.22.0.0/16", "172.23.0.0/16", "192.168.0.0/16"];

/// Every range and address the spec uses, parsed quietly (validation reports bad ones elsewhere):
/// the vnet, its subnets, each AKS compute's service, pod and Docker bridge ranges, the appliance of
/// forced tunneling and the prefixes routed to the Internet.
fn used_ranges(spec: &Spec, subnets: &[SubnetInfo], space: &[Option<Ipv4Net>]) -> Vec<Ipv4Net> {
    let mut taken: Vec<Ipv4Net> =
        space.iter().flatten().copied().chain(subnets.iter().filter_map(|s| s.prefix)).collect();
    for c in spec.compute.iter().filter(|c| c.kind == ComputeKind::Aks) {
        taken.extend(c.service_cidr.as_deref().and_then(|t| Ipv4Net::parse_prefix(t).ok()));
        taken.extend(c.docker_bridge_cidr.as_deref().and_then(|t| Ipv4Net::parse_interface(t).ok()));
        taken.push(c.pod_cidr.as_deref().and_then(|t| Ipv4Net::parse_prefix(t).ok()).unwrap_or_else(default_pod_cidr));
    }
    if let Some(ft) = &spec.forced_tunneling {
        let appliance = ft.default_route.as_ref().and_then(|r| r.ip.as_deref()).and_then(|ip| ip.parse().ok());
        taken.extend(appliance.map(|ip| Ipv4Net::new(ip, 32)));
        taken.extend(ft.internet_prefixes.iter().filter_map(|t| Ipv4Net::parse_prefix(t).ok()));
    }
    taken
}

/// The first candidate that overlaps none of `taken` nor the ranges AKS reserves.
fn free_range(taken: &[Ipv4Net], candidates: &[&str]) -> Option<Ipv4Net> {
    let reserved: Vec<Ipv4Net> = reserved_ranges().collect();
    candidates
        .iter()
        .filter_map(|c| Ipv4Net::parse_prefix(c).ok())
        .find(|c| !taken.iter().chain(&reserved).any(|t| t.overlaps(*c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        Ipv4Net::parse_prefix(text).unwrap()
    }

    #[test]
    fn suggestions_avoid_every_used_range() {
        // The appliance's address alone rules out the first candidate.
        let taken = [net("10.0.0.4/32"), net("10.240.0.0/12")];
        assert_eq!(free_range(&taken, SERVICE_CANDIDATES), Some(net("172.20.0.0/16")));
        assert_eq!(free_range(&[net("10.244.0.0/16")], POD_CANDIDATES), Some(net("10.245.0.0/16")));
        assert_eq!(free_range(&[net("0.0.0.0/0")], POD_CANDIDATES), None);
    }

    #[test]
    fn dns_labels() {
        assert!(dns_label_ok("contoso", 57));
        assert!(!dns_label_ok("-contoso", 57));
        assert!(!dns_label_ok("contoso-", 57));
        assert!(!dns_label_ok("", 57));
        assert!(!dns_label_ok(&"a".repeat(58), 57));
    }
}
