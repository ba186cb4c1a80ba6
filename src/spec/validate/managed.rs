//! The workspace managed virtual network: the isolation mode, the firewall FQDN rules create, every
//! outbound rule (name, kind, FQDN, service tag, protocol and ports, private endpoint target and
//! sub-resource), the catalogue groups a spec asks for by name, and the computes a managed network
//! admits (clusters and instances, without a `subnet`: Azure places them in its network).

use super::*;
use crate::azure::managed_network::{
    self as managed, DeploymentTarget, FirewallSku, GroupRule, Isolation, RULE_NAME_MAX, RULE_PROTOCOLS,
    RULE_SERVICE_TAGS,
};
use model::{ManagedFirewallSku, ManagedIsolation, ManagedOutboundRule, ManagedTarget};

impl Cx<'_> {
    /// `workspace.managed_network`, checked; `None` when absent (or wrong: errors are reported).
    pub(super) fn managed_network(&mut self, spec: &Spec) -> Option<ValidManagedNetwork> {
        let mn = spec.workspace.managed_network.as_ref()?;
        let path = "workspace.managed_network";
        let before = self.error_count();
        let isolation = match mn.isolation {
            ManagedIsolation::AllowInternetOutbound => Isolation::AllowInternetOutbound,
            ManagedIsolation::AllowOnlyApprovedOutbound => Isolation::AllowOnlyApprovedOutbound,
        };
        let firewall_sku = match mn.firewall_sku {
            None => FirewallSku::DEFAULT,
            Some(ManagedFirewallSku::Basic) => FirewallSku::Basic,
            Some(ManagedFirewallSku::Standard) => FirewallSku::Standard,
        };
        if spec.network_rules == NetworkRules::Seed2019 {
            self.key_error(
                codes::MANAGED_SEED,
                path,
                format!(
                    "the 2019 guidance (`network_rules: seed-2019`) predates the workspace managed network \
                     (introduced {})",
                    managed::INTRODUCED
                ),
                "use `network_rules: current`, or remove `managed_network`".to_owned(),
            );
        }
        self.managed_computes(spec);
        let mut rules = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for (i, rule) in mn.outbound_rules.iter().enumerate() {
            let rule_path = join_index(&join_key(path, "outbound_rules"), i);
            self.rule_name(&rule.name, &join_key(&rule_path, "name"), &mut names);
            if let Some(kind) = self.rule_kind(rule, &rule_path, isolation) {
                rules.push(ValidOutboundRule { name: rule.name.clone(), path: rule_path, group: None, kind });
            }
        }
        for (i, name) in mn.outbound_rule_groups.iter().enumerate() {
            let group_path = join_index(&join_key(path, "outbound_rule_groups"), i);
            let Some(group) = managed::group(name) else {
                let known: Vec<&str> = managed::RULE_GROUPS.iter().map(|g| g.name).collect();
                let help = match closest(name, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("use one of {}", list(&known)),
                };
                self.error(
                    codes::MANAGED_GROUP,
                    &group_path,
                    format!("no outbound rule group is named `{name}`"),
                    help,
                );
                continue;
            };
            let has_fqdn = group.rules.iter().any(|r| matches!(r, GroupRule::Fqdn(_)));
            if has_fqdn && isolation == Isolation::AllowInternetOutbound {
                self.fqdn_mode_error(&group_path, &format!("outbound rule group `{name}`"));
                continue;
            }
            for (n, rule) in group.rules.iter().enumerate() {
                let rule_name = format!("{}-{}", group.rule_prefix, n + 1);
                self.rule_name(&rule_name, &group_path, &mut names);
                let kind = match *rule {
                    GroupRule::Fqdn(fqdn) => ValidRuleKind::Fqdn(fqdn.to_owned()),
                    GroupRule::StoragePrivateEndpoint(sub) => ValidRuleKind::PrivateEndpoint {
                        target: RuleTarget::Deployment(DeploymentTarget::Storage),
                        sub_resource: sub,
                    },
                };
                rules.push(ValidOutboundRule { name: rule_name, path: group_path.clone(), group: Some(group), kind });
            }
        }
        let fqdn_rules = rules.iter().filter(|r| matches!(r.kind, ValidRuleKind::Fqdn(_))).count();
        if fqdn_rules > 0 {
            self.warning(
                codes::WARN_MANAGED_FIREWALL,
                path,
                format!(
                    "{fqdn_rules} FQDN outbound rule(s) make Azure create a managed Azure Firewall ({} SKU) in the \
                     managed network, billed by the hour and by the data it processes",
                    firewall_sku.azure_name()
                ),
                "keep FQDN rules to what jobs need, or reach Azure resources through private endpoint rules, which \
                 need no firewall"
                    .to_owned(),
            );
        } else if mn.firewall_sku.is_some() {
            self.key_warning(
                codes::WARN_MANAGED_FIREWALL_UNUSED,
                &join_key(path, "firewall_sku"),
                "no FQDN outbound rule: Azure creates no firewall, so `firewall_sku` has no effect".to_owned(),
                "remove `firewall_sku`, or add the FQDN rules it is for".to_owned(),
            );
        }
        (self.error_count() == before).then(|| ValidManagedNetwork {
            isolation,
            firewall_sku,
            path: path.to_owned(),
            rules,
        })
    }

    /// In a managed network, compute has no `subnet` (Azure places it) and only clusters and instances
    /// are supported. cf. `azure::managed_network` (MSDOCS-MVNET, limitations).
    fn managed_computes(&mut self, spec: &Spec) {
        for (i, compute) in spec.compute.iter().enumerate() {
            let path = join_index("compute", i);
            if !matches!(compute.kind, ComputeKind::AmlCluster | ComputeKind::AmlInstance) {
                self.error(
                    codes::MANAGED_COMPUTE_KIND,
                    &join_key(&path, "kind"),
                    format!(
                        "`{}` computes are not supported in a workspace managed network: Azure supports compute \
                         clusters and instances there, not Kubernetes or attached computes",
                        compute.kind.name()
                    ),
                    "remove the compute, or use a customer virtual network instead of `workspace.managed_network`"
                        .to_owned(),
                );
            }
            if compute.subnet.is_some() {
                self.key_error(
                    codes::MANAGED_COMPUTE_SUBNET,
                    &join_key(&path, "subnet"),
                    format!(
                        "compute `{}` names a subnet, but in a workspace managed network Azure places compute in \
                         its own network: compute cannot be deployed in your virtual network",
                        compute.name
                    ),
                    "remove `subnet`; your virtual network holds only the private endpoints (inbound)".to_owned(),
                );
            }
        }
    }

    /// A rule name: valid and unique among the spec's rules and the groups' rules.
    fn rule_name(&mut self, name: &str, path: &str, names: &mut BTreeMap<String, String>) {
        let ok = (1..=RULE_NAME_MAX).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
        if !ok {
            self.error(
                codes::MANAGED_RULE_NAME,
                path,
                format!(
                    "outbound rule name `{name}` is not 1 to {RULE_NAME_MAX} letters, digits, hyphens or underscores \
                     starting with a letter"
                ),
                "rename the rule, e.g. `pypi-mirror`".to_owned(),
            );
            return;
        }
        // Terraform labels and Bicep symbols are the identifier of the name: `a-b` and `a_b` collide.
        let key = crate::names::ident(name);
        if let Some(first) = names.get(&key) {
            let related = vec![self.related("first used here".to_owned(), first)];
            self.error_with(
                codes::MANAGED_RULE_DUPLICATE,
                path,
                format!("outbound rule name `{name}` is used twice (names differing only in `-` and `_` collide)"),
                "give every outbound rule its own name (groups name theirs `<group>-<n>`)".to_owned(),
                related,
            );
        } else {
            names.insert(key, path.to_owned());
        }
    }

    /// The kind of one spec rule: exactly one of `fqdn`, `service_tag`, `private_endpoint`.
    fn rule_kind(&mut self, rule: &ManagedOutboundRule, path: &str, isolation: Isolation) -> Option<ValidRuleKind> {
        let kinds = [
            ("fqdn", rule.fqdn.is_some()),
            ("service_tag", rule.service_tag.is_some()),
            ("private_endpoint", rule.private_endpoint.is_some()),
        ];
        let set: Vec<&str> = kinds.iter().filter(|(_, s)| *s).map(|(k, _)| *k).collect();
        if set.len() != 1 {
            self.error(
                codes::MANAGED_RULE_KIND,
                path,
                format!(
                    "outbound rule `{}` sets {} of `fqdn`, `service_tag` and `private_endpoint`",
                    rule.name,
                    set.len()
                ),
                "give each rule exactly one destination".to_owned(),
            );
            return None;
        }
        if set[0] != "service_tag" {
            for (field, is_set) in [("protocol", rule.protocol.is_some()), ("port_ranges", rule.port_ranges.is_some())]
            {
                if is_set {
                    self.key_error(
                        codes::MANAGED_RULE_KIND,
                        &join_key(path, field),
                        format!("`{field}` belongs to service tag rules; `{}` is a `{}` rule", rule.name, set[0]),
                        format!("remove `{field}`"),
                    );
                    return None;
                }
            }
        }
        if let Some(fqdn) = &rule.fqdn {
            let at = join_key(path, "fqdn");
            if isolation == Isolation::AllowInternetOutbound {
                self.fqdn_mode_error(&at, &format!("FQDN rule `{}`", rule.name));
                return None;
            }
            return self.fqdn(fqdn, &at).then(|| ValidRuleKind::Fqdn(fqdn.clone()));
        }
        if let Some(tag) = &rule.service_tag {
            return self.service_tag_rule(rule, tag, path);
        }
        let pe = rule.private_endpoint.as_ref()?;
        let pe_path = join_key(path, "private_endpoint");
        let (target, provider) = match (&pe.resource, &pe.resource_id) {
            (Some(resource), None) => {
                let target = match resource {
                    ManagedTarget::Storage => DeploymentTarget::Storage,
                    ManagedTarget::KeyVault => DeploymentTarget::KeyVault,
                };
                (RuleTarget::Deployment(target), target.provider().to_owned())
            }
            (None, Some(id)) => match arm_provider(id) {
                Some(provider) => (RuleTarget::Existing(id.clone()), provider),
                None => {
                    self.error(
                        codes::MANAGED_PE_TARGET,
                        &join_key(&pe_path, "resource_id"),
                        format!("`{id}` is not an ARM resource id"),
                        "use `/subscriptions/<id>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>`"
                            .to_owned(),
                    );
                    return None;
                }
            },
            _ => {
                self.error(
                    codes::MANAGED_PE_TARGET,
                    &pe_path,
                    format!("private endpoint rule `{}` needs exactly one of `resource` and `resource_id`", rule.name),
                    "`resource: storage` or `resource: key_vault` for the workspace's own, `resource_id` for an \
                     existing resource"
                        .to_owned(),
                );
                return None;
            }
        };
        let Some(subs) = managed::sub_resources(&provider) else {
            let known: Vec<&str> = managed::PRIVATE_ENDPOINT_TARGETS.iter().map(|(p, _)| *p).collect();
            self.error(
                codes::MANAGED_PE_TARGET,
                &join_key(&pe_path, "resource_id"),
                format!("private endpoint rules cannot reach `{provider}` resources"),
                format!("target a resource of {}", list(&known)),
            );
            return None;
        };
        let Some(sub_resource) = subs.iter().find(|s| **s == pe.sub_resource) else {
            self.error(
                codes::MANAGED_PE_SUB_RESOURCE,
                &join_key(&pe_path, "sub_resource"),
                format!("`{}` is not a sub-resource of `{provider}`", pe.sub_resource),
                format!("use {}", list(subs)),
            );
            return None;
        };
        Some(ValidRuleKind::PrivateEndpoint { target, sub_resource })
    }

    fn service_tag_rule(&mut self, rule: &ManagedOutboundRule, tag: &str, path: &str) -> Option<ValidRuleKind> {
        let before = self.error_count();
        let tag = RULE_SERVICE_TAGS.iter().find(|t| **t == tag).copied();
        if tag.is_none() {
            let given = rule.service_tag.as_deref().unwrap_or_default();
            let help = match closest(given, RULE_SERVICE_TAGS.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use a service tag Azure Machine Learning outbound rules accept, e.g. `DataFactory`".to_owned(),
            };
            self.error(
                codes::MANAGED_SERVICE_TAG,
                &join_key(path, "service_tag"),
                format!("`{given}` is not a service tag an outbound rule accepts"),
                help,
            );
        }
        let protocol = match &rule.protocol {
            None => {
                self.error(
                    codes::MISSING_FIELD,
                    path,
                    format!("service tag rule `{}` needs `protocol`", rule.name),
                    format!("add `protocol:` {}", list(RULE_PROTOCOLS)),
                );
                None
            }
            Some(p) => {
                let found = RULE_PROTOCOLS.iter().find(|k| **k == p).copied();
                if found.is_none() {
                    self.error(
                        codes::MANAGED_PROTOCOL,
                        &join_key(path, "protocol"),
                        format!("`{p}` is not a protocol of an outbound rule"),
                        format!("use {}", list(RULE_PROTOCOLS)),
                    );
                }
                found
            }
        };
        let ports = match &rule.port_ranges {
            None => {
                self.error(
                    codes::MISSING_FIELD,
                    path,
                    format!("service tag rule `{}` needs `port_ranges`", rule.name),
                    "add `port_ranges`, e.g. `\"1433\"` or `\"1433, 8080-8089\"`".to_owned(),
                );
                None
            }
            Some(ranges) => {
                let ok = port_ranges_ok(ranges);
                if !ok {
                    self.error(
                        codes::MANAGED_PORTS,
                        &join_key(path, "port_ranges"),
                        format!("`{ranges}` is not a list of ports and ranges from 1 to 65535"),
                        "write ports and ranges separated by commas, e.g. `\"1433, 8080-8089\"`".to_owned(),
                    );
                }
                ok.then(|| ranges.clone())
            }
        };
        if self.error_count() > before {
            return None;
        }
        Some(ValidRuleKind::ServiceTag { tag: tag?, protocol: protocol?, port_ranges: ports? })
    }

    fn fqdn_mode_error(&mut self, path: &str, what: &str) {
        self.error(
            codes::MANAGED_FQDN_MODE,
            path,
            format!(
                "{what} needs `isolation: allow_only_approved_outbound`: with internet outbound every FQDN is reachable \
                 and Azure admits FQDN rules only in approved-outbound mode"
            ),
            "remove the FQDN rules, or set `isolation: allow_only_approved_outbound`".to_owned(),
        );
    }

    /// An FQDN an FQDN rule may name: DNS labels, optionally a leading `*.`, no storage endpoint.
    fn fqdn(&mut self, fqdn: &str, path: &str) -> bool {
        let host = fqdn.strip_prefix("*.").unwrap_or(fqdn);
        let label_ok = |l: &str| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if host.len() > 253 || !host.contains('.') || !host.split('.').all(label_ok) {
            self.error(
                codes::MANAGED_FQDN,
                path,
                format!(
                    "`{fqdn}` is not a host name (letters, digits and hyphens in dot-separated labels, optionally `*.`)"
                ),
                "write the host name only, without scheme, port or path, e.g. `pypi.org`".to_owned(),
            );
            return false;
        }
        if managed::is_storage_fqdn(fqdn) {
            self.error(
                codes::MANAGED_FQDN,
                path,
                format!("`{fqdn}` is Azure Storage, which an FQDN rule cannot reach in approved-outbound mode"),
                "use a `private_endpoint` rule to the storage account".to_owned(),
            );
            return false;
        }
        true
    }
}

/// The resource provider namespace of an ARM resource id, if it is one.
fn arm_provider(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let ok = parts.len() >= 9
        && parts[0].is_empty()
        && parts[1].eq_ignore_ascii_case("subscriptions")
        && parts[3].eq_ignore_ascii_case("resourceGroups")
        && parts[5].eq_ignore_ascii_case("providers")
        && parts[2..].iter().all(|p| !p.is_empty() && !p.contains(char::is_whitespace));
    ok.then(|| parts[6].to_owned())
}

/// `"443"` or `"80, 8080-8089"`: ports from 1 to 65535, ranges low to high (Azure's own example:
/// learn.microsoft.com/python/api/azure-ai-ml/azure.ai.ml.entities.managednetwork).
fn port_ranges_ok(ranges: &str) -> bool {
    let port = |p: &str| p.trim().parse::<u16>().ok().filter(|p| *p > 0);
    !ranges.trim().is_empty()
        && ranges.split(',').all(|part| match part.split_once('-') {
            Some((lo, hi)) => matches!((port(lo), port(hi)), (Some(lo), Some(hi)) if lo <= hi),
            None => port(part).is_some(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_ranges_and_ids() {
        assert!(port_ranges_ok("443"));
        assert!(port_ranges_ok("80, 8080-8089"));
        assert!(!port_ranges_ok("*"));
        assert!(!port_ranges_ok("0"));
        assert!(!port_ranges_ok("90-80"));
        assert!(!port_ranges_ok("70000"));
        assert!(!port_ranges_ok(""));
        assert_eq!(
            arm_provider("/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a").as_deref(),
            Some("Microsoft.Storage")
        );
        assert_eq!(arm_provider("/subscriptions/s/resourceGroups/g"), None);
    }
}
