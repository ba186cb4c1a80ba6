//! The workspace and its services: name overrides, the storage and key vault firewalls, private
//! endpoints, image builds behind a private registry, and warnings for choices scanners flag.

use super::*;

impl Cx<'_> {
    pub(super) fn workspace(&mut self, spec: &Spec) -> ValidWorkspace {
        let ws = &spec.workspace;
        if let Some(name) = &ws.name {
            self.resource_name("workspace.name", name, "workspace", NameRule::Workspace);
        }
        if let Some(name) = &ws.storage.name {
            self.resource_name("workspace.storage.name", name, "storage account", NameRule::Storage);
        }
        if let Some(name) = &ws.key_vault.name {
            self.resource_name("workspace.key_vault.name", name, "key vault", NameRule::KeyVault);
        }
        if let Some(name) = ws.container_registry.as_ref().and_then(|r| r.name.as_ref()) {
            self.resource_name("workspace.container_registry.name", name, "container registry", NameRule::Registry);
        }
        if let Some(name) = ws.application_insights.as_ref().and_then(|a| a.name.as_ref()) {
            self.resource_name("workspace.application_insights.name", name, "Application Insights", NameRule::Insights);
        }
        if ws.storage.purpose == model::StoragePurpose::Inference && ws.storage.firewall {
            let related = if self.present("workspace.storage.firewall") {
                vec![self.related("firewall on here".to_owned(), "workspace.storage.firewall")]
            } else {
                Vec::new()
            };
            self.error_with(
                codes::STORAGE_INFERENCE,
                "workspace.storage.purpose",
                "storage for inference cannot be firewalled (the firewall is on by default)".to_owned(),
                "set `workspace.storage.firewall: false`, or use `purpose: experimentation`".to_owned(),
                related,
            );
        }
        let private_endpoints = ws.private_endpoints.as_ref().and_then(|pe| {
            let path = "workspace.private_endpoints";
            let subnet = spec.vnet.subnets.iter().position(|s| s.name == pe.subnet);
            if subnet.is_none() {
                let names: Vec<&str> = spec.vnet.subnets.iter().map(|s| s.name.as_str()).collect();
                let help = match closest(&pe.subnet, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "add a subnet for the private endpoints to `vnet.subnets`, e.g. a /26".to_owned(),
                };
                self.error(
                    codes::PRIVATE_ENDPOINT_SUBNET,
                    &join_key(path, "subnet"),
                    format!("private endpoints are placed in subnet `{}`, which does not exist", pe.subnet),
                    help,
                );
            }
            let storage_services = self.storage_services(pe, path);
            let zone_ids = self.dns_zone_ids(spec, pe, path, &storage_services);
            Some(ValidPrivateEndpoints {
                subnet: subnet?,
                dns_zones: pe.dns_zones,
                path: path.to_owned(),
                storage_services,
                zone_ids,
            })
        });
        ValidWorkspace {
            name: ws.name.clone(),
            public_network_access: ws.public_network_access,
            storage: ValidService {
                name: ws.storage.name.clone(),
                firewall: ws.storage.firewall,
                path: "workspace.storage".to_owned(),
            },
            key_vault: ValidService {
                name: ws.key_vault.name.clone(),
                firewall: ws.key_vault.firewall,
                path: "workspace.key_vault".to_owned(),
            },
            container_registry: ws.container_registry.as_ref().map(|r| ValidService {
                name: r.name.clone(),
                firewall: false,
                path: "workspace.container_registry".to_owned(),
            }),
            application_insights_name: ws.application_insights.as_ref().and_then(|a| a.name.clone()),
            managed_network: None,
            private_endpoints,
            image_build_compute: None,
            monitor_private_link: self.monitor_private_link(spec),
            storage_sku: skus::storage(ws.storage.sku),
            key_vault_sku: skus::key_vault(ws.key_vault.sku),
            log_retention_days: self.log_retention(spec),
            registry_sku: self.registry_sku(spec),
            system_datastores_auth: self.datastores_auth(spec),
        }
    }

    /// A workspace closed to public network access is reachable only through its private endpoint.
    pub(super) fn private_workspace(&mut self, spec: &Spec) {
        if !spec.workspace.public_network_access && spec.workspace.private_endpoints.is_none() {
            self.error(
                codes::WORKSPACE_NEEDS_PRIVATE_ENDPOINT,
                "workspace.public_network_access",
                "a workspace without public network access and without a private endpoint is unreachable".to_owned(),
                "add `workspace.private_endpoints` with a subnet for the endpoints, or allow public network access"
                    .to_owned(),
            );
        }
    }

    /// `workspace.image_build_compute`: a CPU compute cluster of the spec. Unset means serverless
    /// image builds, which work only while storage and registry are not network-restricted: with
    /// private endpoints, a warning names a CPU cluster to build on.
    pub(super) fn image_build_compute(&mut self, spec: &Spec, computes: &[ComputeInfo]) -> Option<usize> {
        let path = "workspace.image_build_compute";
        let cpu_clusters: Vec<&str> = spec
            .compute
            .iter()
            .filter(|c| {
                c.kind == ComputeKind::AmlCluster && c.vm_size.as_deref().is_some_and(|s| !azure_compute::is_gpu(s))
            })
            .map(|c| c.name.as_str())
            .collect();
        let suggestion = match cpu_clusters.first() {
            Some(name) => format!("set `{path}: {name}`"),
            None => format!("add an `aml_cluster` with a CPU size and name it in `{path}`"),
        };
        let Some(name) = &spec.workspace.image_build_compute else {
            if spec.workspace.private_endpoints.is_some() {
                let at = if self.present("workspace.container_registry") {
                    "workspace.container_registry"
                } else {
                    "workspace.private_endpoints"
                };
                self.warning(
                    codes::WARN_SERVERLESS_IMAGE_BUILD,
                    at,
                    "images are built on serverless compute, which works only while storage and the registry are \
                     not behind private endpoints"
                        .to_owned(),
                    format!("{suggestion} to build images in the virtual network"),
                );
            }
            return None;
        };
        let Some(index) = spec.compute.iter().position(|c| &c.name == name) else {
            let help = match closest(name, spec.compute.iter().map(|c| c.name.as_str())) {
                Some(best) => format!("did you mean `{best}`?"),
                None => suggestion,
            };
            self.error(codes::IMAGE_BUILD_COMPUTE, path, format!("no compute is named `{name}`"), help);
            return None;
        };
        let compute = &spec.compute[index];
        if compute.kind != ComputeKind::AmlCluster {
            self.error_with(
                codes::IMAGE_BUILD_COMPUTE,
                path,
                format!("`{name}` is an `{}`, and only a compute cluster builds images", compute.kind.name()),
                suggestion,
                vec![self.related("this compute".to_owned(), &join_key(&join_index("compute", index), "kind"))],
            );
            return None;
        }
        if let Some(size) = compute.vm_size.as_deref().filter(|s| azure_compute::is_gpu(s)) {
            self.error_with(
                codes::IMAGE_BUILD_COMPUTE,
                path,
                format!("`{name}` has the GPU size `{size}`, and image builds run on CPU sizes only"),
                suggestion,
                vec![self.related("GPU size".to_owned(), &join_key(&join_index("compute", index), "vm_size"))],
            );
            return None;
        }
        computes[index].valid.as_ref().map(|_| index)
    }

    /// Warnings for choices security scanners flag, made deliberately.
    pub(super) fn warn_insecure_choices(&mut self, spec: &Spec) {
        for (on, path, what) in [
            (spec.workspace.storage.firewall, "workspace.storage", "storage account"),
            (spec.workspace.key_vault.firewall, "workspace.key_vault", "key vault"),
        ] {
            if !on {
                let firewall = join_key(path, "firewall");
                let at = if self.present(&firewall) { firewall } else { path.to_owned() };
                self.warning(
                    codes::WARN_FIREWALL_OFF,
                    &at,
                    format!("the {what} firewall is off: it accepts traffic from every network (security scanners such as checkov flag this)"),
                    format!("set `{path}.firewall: true` unless the {what} must be reachable from outside the vnet"),
                );
            }
        }
        let internet = |text: &str| {
            text == crate::azure::network::ANY || text == "0.0.0.0/0" || text.eq_ignore_ascii_case("internet")
        };
        if spec.outbound.i_understand_ssh_from_internet && spec.outbound.allow_ssh_from.as_deref().is_some_and(internet)
        {
            self.warning(
                codes::WARN_SSH_INTERNET,
                "outbound.allow_ssh_from",
                "SSH is open to the whole Internet, as acknowledged (security scanners such as checkov flag this)"
                    .to_owned(),
                "narrow `allow_ssh_from` to the addresses administrators connect from".to_owned(),
            );
        }
        for (i, c) in spec.compute.iter().enumerate() {
            let path = join_index("compute", i);
            if c.kind == ComputeKind::Aks && c.network_plugin == Some(model::NetworkPlugin::Kubenet) {
                self.warning(
                    codes::WARN_KUBENET,
                    &join_key(&path, "network_plugin"),
                    format!(
                        "kubenet is legacy networking that AKS retires on {} (security scanners such as checkov also expect Azure CNI)",
                        crate::azure::network::KUBENET_RETIREMENT
                    ),
                    "use `network_plugin: azure_overlay` (the default)".to_owned(),
                );
            }
            if let Some(scoring) = &c.scoring
                && scoring.port == crate::azure::network::HTTP_PORT
                && !scoring.internal
                && scoring.allow_from.as_deref().is_some_and(internet)
            {
                self.warning(
                    codes::WARN_SCORING_HTTP,
                    &join_key(&join_key(&path, "scoring"), "port"),
                    "the scoring endpoint serves plain HTTP to the whole Internet (security scanners such as checkov flag this)".to_owned(),
                    format!("serve scoring on {} with TLS, or narrow `allow_from`", crate::azure::network::HTTPS_PORT),
                );
            }
        }
    }

    pub(super) fn firewall_limits(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        if spec.workspace.private_endpoints.is_some() {
            // Private endpoints replace the virtual network rules.
            return;
        }
        let hosting: BTreeSet<usize> = computes.iter().filter_map(|c| c.subnet).collect();
        for (on, limit, path, what) in [
            (spec.workspace.storage.firewall, limits::STORAGE_VNET_RULES, "workspace.storage", "storage account"),
            (spec.workspace.key_vault.firewall, limits::KEY_VAULT_VNET_RULES, "workspace.key_vault", "key vault"),
        ] {
            if on && hosting.len() > limit {
                let path = if self.present(&join_key(path, "firewall")) {
                    join_key(path, "firewall")
                } else {
                    path.to_owned()
                };
                self.error(
                    codes::FIREWALL_RULES,
                    &path,
                    format!(
                        "{} subnets host computes, but a {what} firewall holds at most {limit} virtual network rules",
                        hosting.len()
                    ),
                    "place computes in fewer subnets, or turn the firewall off".to_owned(),
                );
            }
        }
    }
}
