//! Computes: names, placement, the fields of each kind, node counts against subnet capacity, and
//! compute without public IPs (AKS computes have their own checks in `aks.rs`).

use super::*;

/// What `computes` learned about one compute.
pub(super) struct ComputeInfo {
    /// The subnet index, when it exists.
    pub(super) subnet: Option<usize>,
    pub(super) valid: Option<ValidCompute>,
}

impl Cx<'_> {
    pub(super) fn computes(
        &mut self,
        spec: &Spec,
        subnets: &[SubnetInfo],
        space: &[Option<Ipv4Net>],
    ) -> Vec<ComputeInfo> {
        let mut infos = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut idents: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        // The first subnet of each name, as a linear search would find it.
        let mut subnet_index: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            subnet_index.entry(subnet.name.as_str()).or_insert(i);
        }
        for (i, compute) in spec.compute.iter().enumerate() {
            let path = join_index("compute", i);
            let name_path = join_key(&path, "name");
            let name = compute.name.as_str();
            let digits_after_hyphen = name.ends_with(|c: char| c.is_ascii_digit())
                && name.trim_end_matches(|c: char| c.is_ascii_digit()).ends_with('-');
            let name_ok = (limits::COMPUTE_NAME_MIN..=limits::COMPUTE_NAME_MAX).contains(&name.len())
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !digits_after_hyphen;
            if !name_ok {
                self.error(
                    codes::COMPUTE_NAME,
                    &name_path,
                    format!(
                        "compute name `{name}` is not {} to {} letters, digits or hyphens, starting with a \
                         letter and not ending in `-<digits>`",
                        limits::COMPUTE_NAME_MIN,
                        limits::COMPUTE_NAME_MAX
                    ),
                    "rename the compute, e.g. `cpu-cluster`".to_owned(),
                );
            }
            self.unique_name(
                Names { what: "compute", list: "compute", duplicate: codes::COMPUTE_DUPLICATE },
                name,
                i,
                &mut seen,
                &mut idents,
            );
            let managed = spec.workspace.managed_network.is_some();
            let subnet = compute.subnet.as_deref().and_then(|s| subnet_index.get(s).copied());
            match &compute.subnet {
                // In a managed network a compute names no subnet (`managed.rs` reports one that does).
                None if managed => {}
                None => self.error(
                    codes::MISSING_FIELD,
                    &path,
                    format!("compute `{name}` needs `subnet`"),
                    "name the subnet it is placed in, or give the workspace a `managed_network`".to_owned(),
                ),
                Some(_) if managed => {}
                Some(wanted) if subnet.is_none() => {
                    let names: Vec<&str> = spec.vnet.subnets.iter().map(|s| s.name.as_str()).collect();
                    let help = match closest(wanted, names.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None if names.is_empty() => "add the subnet to `vnet.subnets`".to_owned(),
                        None => format!("use one of {}, or add the subnet to `vnet.subnets`", list(&names)),
                    };
                    self.error(
                        codes::COMPUTE_SUBNET,
                        &join_key(&path, "subnet"),
                        format!("compute `{name}` is placed in subnet `{wanted}`, which does not exist"),
                        help,
                    );
                }
                Some(_) => {}
            }
            // A managed network places compute itself: no subnet, and none of the subnet's checks.
            let subnet = if managed { None } else { subnet };
            let kind = self.compute_kind(spec, compute, &path, subnets, space);
            let valid = match kind {
                Some(kind) if subnet.is_some() || managed => {
                    Some(ValidCompute { name: compute.name.clone(), subnet, path, kind })
                }
                _ => None,
            };
            infos.push(ComputeInfo { subnet, valid });
        }
        self.capacity(spec, subnets, &infos);
        self.aks_ranges(spec, subnets, space);
        self.aks_extension_labels(spec);
        infos
    }

    /// The per-kind fields of a compute; `None` when any is wrong.
    pub(super) fn compute_kind(
        &mut self,
        spec: &Spec,
        c: &model::Compute,
        path: &str,
        subnets: &[SubnetInfo],
        space: &[Option<Ipv4Net>],
    ) -> Option<ValidComputeKind> {
        let before = self.error_count();
        let kind_name = c.kind.name();
        let present: &[(&str, bool)] = &[
            ("vm_size", c.vm_size.is_some()),
            ("min_nodes", c.min_nodes.is_some()),
            ("max_nodes", c.max_nodes.is_some()),
            ("public_ip", c.public_ip.is_some()),
            ("ssh", c.ssh.is_some()),
            ("resource_id", c.resource_id.is_some()),
            ("os", c.os.is_some()),
            ("node_count", c.node_count.is_some()),
            ("service_cidr", c.service_cidr.is_some()),
            ("dns_service_ip", c.dns_service_ip.is_some()),
            ("docker_bridge_cidr", c.docker_bridge_cidr.is_some()),
            ("scoring", c.scoring.is_some()),
            ("network_plugin", c.network_plugin.is_some()),
            ("private_cluster", c.private_cluster.is_some()),
            ("idle_time_before_shutdown", c.idle_time_before_shutdown.is_some()),
            ("pod_cidr", c.pod_cidr.is_some()),
            ("cluster_purpose", c.cluster_purpose.is_some()),
            ("admin_username", c.admin_username.is_some()),
            ("assigned_user", c.assigned_user.is_some()),
            ("workloads", c.workloads.is_some()),
            ("namespace", c.namespace.is_some()),
            ("aks", c.aks.is_some()),
            ("tier", c.tier.is_some()),
            ("private_dns_zone", c.private_dns_zone.is_some()),
        ];
        let (allowed, required) = c.kind.fields();
        for &(field, is_set) in present {
            if is_set && !allowed.contains(&field) {
                self.key_error(
                    codes::COMPUTE_FOREIGN,
                    &join_key(path, field),
                    format!("`{field}` is not a field of `{kind_name}` computes"),
                    format!("remove `{field}`, or change `kind`"),
                );
            }
            if !is_set && required.contains(&field) {
                self.error(
                    codes::COMPUTE_MISSING,
                    path,
                    format!("{kind_name} compute `{}` needs `{field}`", c.name),
                    format!("add `{field}`"),
                );
            }
        }
        if let Some(size) = &c.vm_size
            && !vm_size_ok(size)
        {
            self.error(
                codes::COMPUTE_VM_SIZE,
                &join_key(path, "vm_size"),
                format!("`{size}` is not an Azure VM size"),
                format!(
                    "write a size as Azure names it: `{}` then letters, digits, `_` or `-`, e.g. `Standard_D4s_v5`",
                    azure_names::VM_SIZE_PREFIX
                ),
            );
        } else if let Some(retired) = c.vm_size.as_deref().and_then(azure_compute::retired) {
            self.error(
                codes::COMPUTE_VM_SIZE_RETIRED,
                &join_key(path, "vm_size"),
                format!("Azure retired `{}` on {} ({})", retired.name, retired.retired, retired.source),
                "choose a current size, e.g. `Standard_NC4as_T4_v3` (GPU) or `Standard_D4s_v5` (CPU)".to_owned(),
            );
        }
        if self.error_count() > before {
            return None;
        }
        // Every required field is present from here on; `?` on them cannot fail.
        match c.kind {
            ComputeKind::AmlCluster => {
                let min_nodes = c.min_nodes.unwrap_or(0);
                let max_nodes = c.max_nodes?;
                if max_nodes == 0 {
                    self.error(
                        codes::COMPUTE_NODES,
                        &join_key(path, "max_nodes"),
                        "`max_nodes` must be at least 1".to_owned(),
                        "set `max_nodes` to 1 or more".to_owned(),
                    );
                } else if min_nodes > max_nodes {
                    self.error(
                        codes::COMPUTE_NODES,
                        &join_key(path, "min_nodes"),
                        format!("`min_nodes` ({min_nodes}) is larger than `max_nodes` ({max_nodes})"),
                        format!("set `min_nodes` to at most {max_nodes}"),
                    );
                }
                let public_ip = c.public_ip.unwrap_or(true);
                (self.error_count() == before).then(|| ValidComputeKind::AmlCluster {
                    vm_size: c.vm_size.clone().unwrap_or_default(),
                    min_nodes,
                    max_nodes,
                    public_ip,
                    ssh: c.ssh.unwrap_or(false),
                    vm_priority: match c.tier {
                        Some(model::ClusterTier::LowPriority) => defaults::VmPriority::LowPriority,
                        Some(model::ClusterTier::Dedicated) => defaults::VmPriority::Dedicated,
                        None => defaults::COMPUTE.vm_priority,
                    },
                })
            }
            ComputeKind::AmlInstance => {
                let idle_shutdown = match &c.idle_time_before_shutdown {
                    Some(text) => self.idle_shutdown(text, &join_key(path, "idle_time_before_shutdown")),
                    None => Some(limits::IDLE_SHUTDOWN_DEFAULT.to_owned()),
                };
                let assigned_user = c.assigned_user.as_ref().and_then(|user| {
                    let user_path = join_key(path, "assigned_user");
                    let object_id = self.guid(&user.object_id, &join_key(&user_path, "object_id"));
                    let tenant_id = self.guid(&user.tenant_id, &join_key(&user_path, "tenant_id"));
                    Some(AssignedUser { object_id: object_id?, tenant_id: tenant_id? })
                });
                // In a workspace with private endpoints, an instance gets no public IP unless the spec
                // asks for one: it reaches the workspace through the endpoint (the 2019 rules predate
                // compute without public IPs, so `seed-2019` keeps them).
                let private = spec.workspace.private_endpoints.is_some() && spec.network_rules == NetworkRules::Current;
                let public_ip = c.public_ip.unwrap_or(!private);
                (self.error_count() == before).then(|| ValidComputeKind::AmlInstance {
                    vm_size: c.vm_size.clone().unwrap_or_default(),
                    public_ip,
                    idle_shutdown: idle_shutdown.unwrap_or_default(),
                    assigned_user,
                    ssh: c.ssh.unwrap_or(false),
                })
            }
            ComputeKind::VirtualMachine => {
                let os = c.os.as_deref()?;
                if !os.eq_ignore_ascii_case("ubuntu") {
                    self.error(
                        codes::COMPUTE_OS,
                        &join_key(path, "os"),
                        format!("only Ubuntu virtual machines can be attached, not `{os}`"),
                        "attach an Ubuntu VM (for example the Data Science VM) and set `os: ubuntu`".to_owned(),
                    );
                }
                let vm = match (&c.resource_id, &c.vm_size) {
                    (Some(_), Some(_)) => {
                        self.key_error(
                            codes::COMPUTE_FOREIGN,
                            &join_key(path, "vm_size"),
                            "`vm_size` is for a virtual machine amlnet creates, not one attached by `resource_id`"
                                .to_owned(),
                            "remove `vm_size` to attach the existing VM, or `resource_id` to create one".to_owned(),
                        );
                        None
                    }
                    (Some(_), None) => {
                        let id = self.resource_id(c, path, catalog_provider(ComputeKind::VirtualMachine));
                        if let Some(at) = c.admin_username.as_ref().map(|_| join_key(path, "admin_username")) {
                            self.key_error(
                                codes::COMPUTE_FOREIGN,
                                &at,
                                "`admin_username` is for a virtual machine amlnet creates".to_owned(),
                                "remove `admin_username`: the attach's user name is a deployment parameter".to_owned(),
                            );
                        }
                        self.existing_vnet_for(spec, path, ComputeKind::VirtualMachine);
                        id.map(|resource_id| ValidVm::Existing { resource_id })
                    }
                    (None, Some(vm_size)) => {
                        let admin_username = match &c.admin_username {
                            Some(name) => self.admin_username(name, &join_key(path, "admin_username")),
                            None => Some(defaults::VM_ADMIN_USERNAME.to_owned()),
                        };
                        admin_username
                            .map(|admin_username| ValidVm::Created { vm_size: vm_size.clone(), admin_username })
                    }
                    (None, None) => {
                        self.error(
                            codes::COMPUTE_MISSING,
                            path,
                            format!("virtual_machine compute `{}` needs `vm_size` or `resource_id`", c.name),
                            "add `vm_size` to create the VM in its subnet, or `resource_id` to attach an existing one"
                                .to_owned(),
                        );
                        None
                    }
                };
                if self.error_count() > before {
                    return None;
                }
                vm.map(ValidComputeKind::VirtualMachine)
            }
            ComputeKind::Hdinsight => {
                let id = self.resource_id(c, path, catalog_provider(ComputeKind::Hdinsight));
                self.existing_vnet_for(spec, path, ComputeKind::Hdinsight);
                if self.error_count() > before {
                    return None;
                }
                Some(ValidComputeKind::HdInsight { resource_id: id? })
            }
            ComputeKind::Aks => self.aks(spec, c, path, subnets, space).filter(|_| self.error_count() == before),
        }
    }

    /// An ISO 8601 duration of hours, minutes and seconds (`PT30M`, `PT1H30M`) within the service's range.
    pub(super) fn idle_shutdown(&mut self, text: &str, path: &str) -> Option<String> {
        let minutes = iso_minutes(text);
        let (min, max) = (limits::IDLE_SHUTDOWN_MIN_MINUTES, limits::IDLE_SHUTDOWN_MAX_MINUTES);
        match minutes {
            Some(m) if (min..=max).contains(&m) => Some(text.to_owned()),
            Some(m) => {
                self.error(
                    codes::IDLE_SHUTDOWN,
                    path,
                    format!("`idle_time_before_shutdown` is {m} minutes, outside {min} minutes to {max} minutes"),
                    format!("use a duration from `PT{min}M` to `PT{}H`", max / 60),
                );
                None
            }
            None => {
                self.error(
                    codes::IDLE_SHUTDOWN,
                    path,
                    format!("`{text}` is not an ISO 8601 duration such as `PT30M`"),
                    "write hours and minutes as `PT1H30M`, or minutes as `PT30M`".to_owned(),
                );
                None
            }
        }
    }

    /// An existing VM or cluster sits in an existing network: a NIC cannot move between networks.
    fn existing_vnet_for(&mut self, spec: &Spec, path: &str, kind: ComputeKind) {
        let what = match kind {
            ComputeKind::VirtualMachine => "virtual machine",
            _ => "HDInsight cluster",
        };
        if !spec.vnet.existing {
            self.error(
                codes::COMPUTE_NEEDS_EXISTING_VNET,
                &join_key(path, "resource_id"),
                format!("an existing {what} is in an existing virtual network, but amlnet creates this one"),
                match kind {
                    ComputeKind::VirtualMachine => {
                        "set `vnet.existing: true` with the VM's network, or let amlnet create the VM: replace \
                         `resource_id` with `vm_size`"
                    }
                    _ => "set `vnet.existing: true` with the name of the network the cluster is in",
                }
                .to_owned(),
            );
        }
    }

    /// A Linux administrator user name Azure accepts.
    fn admin_username(&mut self, name: &str, path: &str) -> Option<String> {
        let shape = (1..=azure_compute::ADMIN_USERNAME_MAX).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-'));
        if !shape {
            self.error(
                codes::COMPUTE_ADMIN_USERNAME,
                path,
                format!(
                    "`{name}` is not 1 to {} lowercase letters, digits, `_` or `-`, starting with a letter",
                    azure_compute::ADMIN_USERNAME_MAX
                ),
                format!("use a user name such as `{}`", defaults::VM_ADMIN_USERNAME),
            );
            return None;
        }
        if azure_compute::RESERVED_ADMIN_USERNAMES.contains(&name) {
            self.error(
                codes::COMPUTE_ADMIN_USERNAME,
                path,
                format!("Azure does not allow `{name}` as a virtual machine's administrator"),
                format!("use another user name, such as `{}`", defaults::VM_ADMIN_USERNAME),
            );
            return None;
        }
        Some(name.to_owned())
    }

    /// An Entra ID object or tenant id: a GUID.
    fn guid(&mut self, text: &str, path: &str) -> Option<String> {
        let groups: Vec<&str> = text.split('-').collect();
        let ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        if !ok {
            self.error(
                codes::COMPUTE_ASSIGNED_USER,
                path,
                format!("`{text}` is not a GUID"),
                "write the id as Entra ID shows it, e.g. `00000000-0000-0000-0000-000000000000`".to_owned(),
            );
            return None;
        }
        Some(text.to_ascii_lowercase())
    }

    pub(super) fn resource_id(&mut self, c: &model::Compute, path: &str, provider: (&str, &str)) -> Option<String> {
        let id = c.resource_id.as_deref()?;
        if arm_id_name(id, provider).is_none() {
            self.error(
                codes::COMPUTE_RESOURCE_ID,
                &join_key(path, "resource_id"),
                format!("`resource_id` is not the ARM id of a {}/{} resource", provider.0, provider.1),
                format!(
                    "write `/subscriptions/<id>/resourceGroups/<group>/providers/{}/{}/<name>`",
                    provider.0, provider.1
                ),
            );
            return None;
        }
        Some(id.to_owned())
    }

    pub(super) fn capacity(&mut self, spec: &Spec, subnets: &[SubnetInfo], computes: &[ComputeInfo]) {
        // The valid computes of each subnet, in spec order.
        let mut placed: Vec<Vec<usize>> = vec![Vec::new(); subnets.len()];
        for (j, info) in computes.iter().enumerate() {
            if let (Some(i), Some(_)) = (info.subnet, &info.valid) {
                placed[i].push(j);
            }
        }
        for (i, info) in subnets.iter().enumerate() {
            let Some(prefix) = info.prefix else { continue };
            let mut needed: u64 = 0;
            let mut users = Vec::new();
            for &j in &placed[i] {
                let c = &spec.compute[j];
                let n = match c.kind {
                    ComputeKind::AmlCluster => c.max_nodes.unwrap_or(0),
                    ComputeKind::AmlInstance => 1,
                    ComputeKind::Aks => c.node_count.unwrap_or(0),
                    ComputeKind::VirtualMachine if c.resource_id.is_none() => 1,
                    ComputeKind::VirtualMachine | ComputeKind::Hdinsight => 0,
                };
                if n > 0 {
                    needed += u64::from(n);
                    users.push((j, n));
                }
            }
            let free = prefix.size().saturating_sub(limits::SUBNET_RESERVED_ADDRESSES);
            if needed > free {
                let name = &spec.vnet.subnets[i].name;
                let fit = prefix_len_for(needed + limits::SUBNET_RESERVED_ADDRESSES);
                let help = match fit {
                    Some(len) => format!("make `{name}` a /{len} or larger, or lower the node counts"),
                    None => "lower the node counts".to_owned(),
                };
                let related =
                    users.iter().map(|(j, n)| self.related(format!("needs {n}"), &format!("compute[{j}]"))).collect();
                self.error_with(
                    codes::SUBNET_CAPACITY,
                    &format!("vnet.subnets[{i}].prefix"),
                    format!("subnet `{name}` ({prefix}) has {free} free addresses but its computes need {needed}"),
                    help,
                    related,
                );
            }
        }
    }

    /// Compute without public IPs needs the workspace private endpoint and today's catalogue.
    pub(super) fn private_compute(&mut self, spec: &Spec, computes: &[ComputeInfo]) {
        for (i, (c, info)) in spec.compute.iter().zip(computes).enumerate() {
            let private = matches!(
                info.valid.as_ref().map(|v| &v.kind),
                Some(
                    ValidComputeKind::AmlCluster { public_ip: false, .. }
                        | ValidComputeKind::AmlInstance { public_ip: false, .. }
                )
            );
            if !private {
                continue;
            }
            let path = join_key(&join_index("compute", i), "public_ip");
            // In a managed network Azure gives compute its way to the workspace (the private endpoints it adds,
            // or its internet outbound).
            if spec.workspace.private_endpoints.is_none() && spec.workspace.managed_network.is_none() {
                self.error(
                    codes::COMPUTE_NEEDS_PRIVATE_ENDPOINT,
                    &path,
                    format!(
                        "compute `{}` has no public IPs, so it reaches the workspace only through a private endpoint",
                        c.name
                    ),
                    "add `workspace.private_endpoints` with a subnet for the endpoints".to_owned(),
                );
            }
            if spec.network_rules == NetworkRules::Seed2019 {
                self.error(
                    codes::COMPUTE_NO_PUBLIC_IP_SEED,
                    &path,
                    "the 2019 guidance (`network_rules: seed-2019`) has no rules for compute without public IPs"
                        .to_owned(),
                    "use `network_rules: current`, or remove `public_ip: false`".to_owned(),
                );
            }
        }
    }
}

impl Cx<'_> {
    /// `outbound.allow_ssh_from` opens port 22 to the subnets of clusters and instances; one without
    /// `ssh: true` has no administrator credentials and no open SSH port, so the rule does nothing for
    /// it. amlnet does not turn SSH on by itself (that would add credentials the spec did not ask for):
    /// it warns.
    pub(super) fn ssh_rule_unused(&mut self, spec: &Spec) {
        if spec.outbound.allow_ssh_from.is_none() {
            return;
        }
        let without: Vec<(usize, &model::Compute)> = spec
            .compute
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(c.kind, ComputeKind::AmlCluster | ComputeKind::AmlInstance) && c.ssh != Some(true)
            })
            .collect();
        let Some((_, first)) = without.first() else { return };
        let names: Vec<&str> = without.iter().map(|(_, c)| c.name.as_str()).collect();
        let related = without
            .iter()
            .map(|(i, c)| {
                let at = join_index("compute", *i);
                let at = if c.ssh.is_some() { join_key(&at, "ssh") } else { at };
                self.related("takes no SSH".to_owned(), &at)
            })
            .collect();
        let mut warning = self.diag(
            Severity::Warning,
            codes::WARN_SSH_RULE_UNUSED,
            "outbound.allow_ssh_from",
            format!(
                "`allow_ssh_from` opens SSH to {}, which {} no SSH (no `ssh: true`), so the rule admits nothing there",
                list(&names),
                if names.len() == 1 { "takes" } else { "take" }
            ),
            format!(
                "set `ssh: true` on `{}` (its administrator key becomes a deployment parameter), or remove `allow_ssh_from`",
                first.name
            ),
        );
        warning.related = related;
        self.items.push(warning);
    }
}

/// Whether `size` has the shape of an Azure VM size (`azure::azure_names::VM_SIZE_*`).
fn vm_size_ok(size: &str) -> bool {
    let prefix = azure_names::VM_SIZE_PREFIX;
    let Some(rest) = size.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &size[prefix.len()..])
    else {
        return false;
    };
    (1..=azure_names::VM_SIZE_MAX - prefix.len()).contains(&rest.len())
        && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
}

/// The `(namespace, type)` an attached compute's `resource_id` must name.
fn catalog_provider(kind: ComputeKind) -> (&'static str, &'static str) {
    match kind {
        ComputeKind::VirtualMachine => catalog::ATTACHED_VM_TYPE,
        _ => catalog::ATTACHED_HDINSIGHT_TYPE,
    }
}

/// Minutes in an ISO 8601 duration of the form `PT[nH][nM][nS]` (seconds rounded down).
pub(super) fn iso_minutes(text: &str) -> Option<u64> {
    let mut rest = text.strip_prefix("PT")?;
    if rest.is_empty() {
        return None;
    }
    let mut seconds: u64 = 0;
    for (unit, factor) in [('H', 3600), ('M', 60), ('S', 1)] {
        if let Some(at) = rest.find(unit) {
            let digits = &rest[..at];
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 6 {
                return None;
            }
            seconds += digits.parse::<u64>().ok()? * factor;
            rest = &rest[at + 1..];
        }
    }
    rest.is_empty().then_some(seconds / 60)
}
