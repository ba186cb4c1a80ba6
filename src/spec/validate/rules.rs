//! The security rules a spec adds to its subnets' NSGs (`vnet.subnets[].nsg_rules`): each rule on its
//! own (name, peers, ports, priority range, no inbound allow from the Internet), then against the very
//! list `lower` writes for its subnet (`lower::subnet_rule_list`), so the check and the output cannot
//! disagree: priorities and names unique in the group, and no rule of the spec hiding one the catalogue
//! requires (a deny before a catalogue allow of the same traffic) or hidden by the catalogue's deny.

use super::*;
use crate::azure::network::{ANY, PortRange, Protocol};
use crate::ir::SecurityRule;
use model::{RuleAccess, RuleDirection, RuleProtocol};

impl Cx<'_> {
    /// Each subnet's `nsg_rules`, checked one by one; `None` for a subnet with an error in them.
    pub(super) fn subnet_nsg_rules(&mut self, spec: &Spec) -> Vec<Option<Vec<ValidNsgRule>>> {
        let mut all = Vec::with_capacity(spec.vnet.subnets.len());
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            let list = join_key(&join_index("vnet.subnets", i), "nsg_rules");
            if subnet.nsg_rules.is_empty() {
                all.push(Some(Vec::new()));
                continue;
            }
            if let Some(reserved) = azure_network::reserved_subnet(&subnet.name) {
                self.error(
                    codes::NSG_RULE_RESERVED,
                    &list,
                    format!(
                        "subnet `{}` is reserved for {}, and amlnet adds no rule to its network security group",
                        subnet.name, reserved.service
                    ),
                    format!(
                        "remove `nsg_rules` from `{}`; manage that subnet's rules with {}",
                        subnet.name, reserved.service
                    ),
                );
                all.push(None);
                continue;
            }
            let before = self.error_count();
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            let mut rules = Vec::with_capacity(subnet.nsg_rules.len());
            for (j, rule) in subnet.nsg_rules.iter().enumerate() {
                let path = join_index(&list, j);
                if let Some(first) = seen.insert(rule.name.to_lowercase(), j) {
                    let related = vec![self.related("first here".to_owned(), &join_index(&list, first))];
                    self.error_with(
                        codes::NSG_RULE_NAME,
                        &join_key(&path, "name"),
                        format!("two rules of subnet `{}` are named `{}`", subnet.name, rule.name),
                        "give each rule of a subnet its own name (Azure compares them without case)".to_owned(),
                        related,
                    );
                }
                rules.push(self.nsg_rule(rule, &path));
            }
            let rules: Option<Vec<ValidNsgRule>> = rules.into_iter().collect();
            all.push(rules.filter(|_| self.error_count() == before));
        }
        all
    }

    /// One rule on its own.
    fn nsg_rule(&mut self, rule: &model::NsgRule, path: &str) -> Option<ValidNsgRule> {
        let before = self.error_count();
        if let Err(words) = NameRule::Subnet.check(&rule.name) {
            self.error(
                codes::NSG_RULE_NAME,
                &join_key(path, "name"),
                format!("NSG rule name `{}` is invalid: {words}", rule.name),
                format!("choose a rule name of {words}"),
            );
        }
        let source = self.peer(&rule.source, &join_key(path, "source"));
        let destination = self.peer(&rule.destination, &join_key(path, "destination"));
        let ports = match port_list(&rule.ports) {
            Some(ports) => Some(ports),
            None => {
                self.error(
                    codes::NSG_RULE_PORTS,
                    &join_key(path, "ports"),
                    format!("`{}` is neither `*` nor a list of ports and ranges from 0 to 65535", rule.ports),
                    "write `*`, or ports and ranges separated by commas, e.g. `\"8443\"` or `\"9000, 9100-9199\"`"
                        .to_owned(),
                );
                None
            }
        };
        let rule_defaults = &defaults::SPEC_NSG_RULE;
        if let Some(p) = rule.priority
            && !(rule_defaults.priority_min..=rule_defaults.priority_max).contains(&p)
        {
            self.error(
                codes::NSG_RULE_PRIORITY,
                &join_key(path, "priority"),
                format!(
                    "priority {p} is outside {} to {}, the priorities Azure accepts",
                    rule_defaults.priority_min, rule_defaults.priority_max
                ),
                "choose a free priority in that range, or remove `priority` to take the next free one after the \
                 catalogue's allow rules"
                    .to_owned(),
            );
        }
        let direction = match rule.direction {
            RuleDirection::Inbound => Direction::Inbound,
            RuleDirection::Outbound => Direction::Outbound,
        };
        let access = match rule.access {
            RuleAccess::Allow => Access::Allow,
            RuleAccess::Deny => Access::Deny,
        };
        if let Some(peer) = &source
            && direction == Direction::Inbound
            && access == Access::Allow
            && peer.is_internet()
        {
            self.error(
                codes::NSG_RULE_OPEN_INBOUND,
                &join_key(path, "source"),
                format!("rule `{}` allows inbound traffic from the whole Internet (`{}`)", rule.name, rule.source),
                "narrow `source` to the addresses that must connect, e.g. `203.0.113.0/24`".to_owned(),
            );
        }
        if self.error_count() > before {
            return None;
        }
        Some(ValidNsgRule {
            name: rule.name.clone(),
            direction,
            access,
            protocol: match rule.protocol {
                RuleProtocol::Tcp => Protocol::Tcp,
                RuleProtocol::Udp => Protocol::Udp,
                RuleProtocol::Any => Protocol::Any,
            },
            source: source?,
            destination: destination?,
            ports: ports?,
            priority: rule.priority,
            path: path.to_owned(),
        })
    }

    /// The spec's rules in the list `lower` writes for their subnet: a priority or name another rule of the
    /// group has, a deny that hides an allow the catalogue requires, an allow the catalogue's deny hides.
    pub(super) fn nsg_rules_against_catalogue(&mut self, spec: &ValidSpec) {
        let rule_defaults = &defaults::SPEC_NSG_RULE;
        for (i, subnet) in spec.vnet.subnets.iter().enumerate() {
            if subnet.nsg_rules.is_empty() {
                continue;
            }
            let (list, selected_by) = crate::lower::subnet_rule_list(spec, i);
            let rules: Vec<(&SecurityRule, &str)> =
                list.rules.iter().zip(selected_by.iter().map(String::as_str)).collect();
            let ours = |r: &SecurityRule| r.reason.entry == rule_defaults.entry;
            if rules.len() > limits::RULES_PER_NSG {
                self.error(
                    codes::NSG_TOO_MANY_RULES,
                    &join_key(&subnet.path, "nsg_rules"),
                    format!(
                        "the NSG of subnet `{}` would hold {} security rules, and Azure allows at most {}",
                        subnet.name,
                        rules.len(),
                        limits::RULES_PER_NSG
                    ),
                    format!("remove {} rules", rules.len() - limits::RULES_PER_NSG),
                );
                continue;
            }
            for user in &subnet.nsg_rules {
                let Some(&(rule, _)) = rules.iter().find(|(_, by)| *by == user.path) else { continue };
                let priority_path =
                    if user.priority.is_some() { join_key(&user.path, "priority") } else { user.path.clone() };
                if rule.priority > rule_defaults.priority_max {
                    self.error(
                        codes::NSG_RULE_PRIORITY,
                        &user.path,
                        format!("rule `{}` finds no free priority up to {}", rule.name, rule_defaults.priority_max),
                        "give it a free `priority`, or remove rules from the subnet".to_owned(),
                    );
                    continue;
                }
                for &(other, by) in &rules {
                    if std::ptr::eq(other, rule) {
                        continue;
                    }
                    // A clash between two of the spec's rules is reported once, at the later one.
                    let earlier_ours = ours(other)
                        && subnet.nsg_rules.iter().position(|r| r.path == by)
                            < subnet.nsg_rules.iter().position(|r| r.path == user.path);
                    let what = if ours(other) { "rule" } else { "the catalogue's rule" };
                    // Two of the spec's rules with one name are reported with the rules alone.
                    if other.name.eq_ignore_ascii_case(&rule.name) && !ours(other) {
                        let related =
                            vec![self.related(format!("the catalogue's rule `{}` comes from here", other.name), by)];
                        self.error_with(
                            codes::NSG_RULE_NAME,
                            &join_key(&user.path, "name"),
                            format!("the NSG of subnet `{}` already has a rule named `{}`", subnet.name, other.name),
                            "choose another name (Azure compares rule names without case)".to_owned(),
                            related,
                        );
                    }
                    if other.direction == rule.direction
                        && other.priority == rule.priority
                        && (!ours(other) || earlier_ours)
                    {
                        let related = vec![self.related(
                            format!("{what} `{}` has priority {} and comes from here", other.name, other.priority),
                            by,
                        )];
                        self.error_with(
                            codes::NSG_RULE_PRIORITY,
                            &priority_path,
                            format!(
                                "rule `{}` takes priority {}, which {what} `{}` already has in the NSG of subnet `{}`",
                                rule.name, rule.priority, other.name, subnet.name
                            ),
                            "choose a free priority, or remove `priority` to take the next free one after the \
                             catalogue's allow rules"
                                .to_owned(),
                            related,
                        );
                    }
                }
                let catalogue: Vec<(&SecurityRule, &str)> =
                    rules.iter().copied().filter(|(r, _)| !ours(r) && r.direction == rule.direction).collect();
                self.catalogue_overlap(subnet, rule, &priority_path, &catalogue);
            }
        }
    }

    /// A spec rule `rule` against the catalogue's rules of its direction in its NSG: one diagnostic for the
    /// allows it blocks (an error when certain, a warning when a service tag leaves it open), one for a deny
    /// that hides it.
    fn catalogue_overlap(
        &mut self,
        subnet: &ValidSubnet,
        rule: &SecurityRule,
        path: &str,
        catalogue: &[(&SecurityRule, &str)],
    ) {
        let in_words = |r: &SecurityRule| {
            format!(
                "{} {} {} from {} to {} port {}, priority {}",
                r.access.azure_name(),
                r.direction.azure_name(),
                r.protocol.azure_name(),
                r.source,
                r.destination,
                r.destination_ports.join(","),
                r.priority
            )
        };
        let plural = |list: &[&SecurityRule]| {
            list.iter().map(|r| format!("`{}` (priority {})", r.name, r.priority)).collect::<Vec<_>>().join(", ")
        };
        // One label per spec path that selected catalogue rules (`outbound.mode` selects many).
        let related = |cx: &Self, found: &[(&SecurityRule, &str)]| -> Vec<Related> {
            let mut paths: Vec<(&str, Vec<&SecurityRule>)> = Vec::new();
            for &(r, by) in found {
                match paths.iter_mut().find(|(p, _)| *p == by) {
                    Some((_, list)) => list.push(r),
                    None => paths.push((by, vec![r])),
                }
            }
            paths
                .into_iter()
                .map(|(by, list)| {
                    let label = match list.as_slice() {
                        [r] => format!("the catalogue's rule `{}` ({}) comes from here", r.name, in_words(r)),
                        _ => format!("the catalogue's rules {} come from here", plural(&list)),
                    };
                    cx.related(label, by)
                })
                .collect()
        };
        let names = |found: &[(&SecurityRule, &str)]| {
            let list: Vec<&SecurityRule> = found.iter().map(|(r, _)| *r).collect();
            match list.as_slice() {
                [r] => format!("rule `{}` (priority {})", r.name, r.priority),
                _ => format!("rules {}", plural(&list)),
            }
        };
        if rule.access == Access::Deny {
            let mut certain = Vec::new();
            let mut possible = Vec::new();
            for &(other, by) in catalogue {
                if other.access != Access::Allow || other.priority < rule.priority {
                    continue;
                }
                match overlap(rule, other) {
                    Relation::Disjoint => {}
                    Relation::Overlap => certain.push((other, by)),
                    Relation::Unknown => possible.push((other, by)),
                }
            }
            let (severity, code, found, verb) = if !certain.is_empty() {
                (Severity::Error, codes::NSG_RULE_BLOCKS, certain, "blocks")
            } else if !possible.is_empty() {
                (Severity::Warning, codes::WARN_NSG_RULE_MAY_BLOCK, possible, "may block")
            } else {
                return;
            };
            let lowest = found.iter().map(|(r, _)| r.priority).max().unwrap_or(rule.priority);
            let mut diag = self.diag(
                severity,
                code,
                path,
                format!(
                    "rule `{}` (priority {}) {verb} traffic that the catalogue's {} must allow in the NSG of \
                     subnet `{}`",
                    rule.name,
                    rule.priority,
                    names(&found),
                    subnet.name
                ),
                format!(
                    "narrow the rule's source, destination, protocol or ports so it no longer matches that traffic, \
                     or give it a priority above {lowest} (or none: the next free one after the catalogue's allows)"
                ),
            );
            diag.related = related(self, &found);
            self.items.push(diag);
        } else if let Some(&(other, by)) = catalogue
            .iter()
            .find(|(other, _)| other.access == Access::Deny && other.priority < rule.priority && covers(other, rule))
        {
            let mut diag = self.diag(
                Severity::Warning,
                codes::WARN_NSG_RULE_SHADOWED,
                path,
                format!(
                    "rule `{}` (priority {}) never matches: the catalogue's rule `{}` (priority {}) denies all of its \
                     traffic first",
                    rule.name, rule.priority, other.name, other.priority
                ),
                format!(
                    "give it a priority below {} (or none: the next free one after the catalogue's allows)",
                    other.priority
                ),
            );
            diag.related = related(self, &[(other, by)]);
            self.items.push(diag);
        }
    }
}

/// How the traffic of two rules relates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// No packet matches both.
    Disjoint,
    /// Some packet matches both.
    Overlap,
    /// A service tag stands for addresses amlnet cannot compare.
    Unknown,
}

/// Whether some traffic matches both rules.
fn overlap(a: &SecurityRule, b: &SecurityRule) -> Relation {
    let protocols = a.protocol == b.protocol || a.protocol == Protocol::Any || b.protocol == Protocol::Any;
    let ports = ranges(&a.destination_ports)
        .iter()
        .any(|x| ranges(&b.destination_ports).iter().any(|y| x.0 <= y.1 && y.0 <= x.1));
    if !protocols || !ports {
        return Relation::Disjoint;
    }
    match (addresses(&a.source, &b.source), addresses(&a.destination, &b.destination)) {
        (Relation::Disjoint, _) | (_, Relation::Disjoint) => Relation::Disjoint,
        (Relation::Overlap, Relation::Overlap) => Relation::Overlap,
        _ => Relation::Unknown,
    }
}

/// Whether every packet `inner` matches, `outer` matches too (only where it is certain).
fn covers(outer: &SecurityRule, inner: &SecurityRule) -> bool {
    let protocol = outer.protocol == Protocol::Any || outer.protocol == inner.protocol;
    let outer_ports = ranges(&outer.destination_ports);
    let ports = ranges(&inner.destination_ports).iter().all(|x| outer_ports.iter().any(|y| y.0 <= x.0 && x.1 <= y.1));
    let address = |o: &str, i: &str| {
        o == ANY
            || o.eq_ignore_ascii_case(i)
            || matches!((Ipv4Net::parse_prefix(o), Ipv4Net::parse_prefix(i)), (Ok(o), Ok(i)) if o.contains(i))
    };
    protocol && ports && address(&outer.source, &inner.source) && address(&outer.destination, &inner.destination)
}

/// How two address prefixes (`*`, a CIDR or a service tag) relate.
fn addresses(a: &str, b: &str) -> Relation {
    if a == ANY || b == ANY || a.eq_ignore_ascii_case(b) {
        return Relation::Overlap;
    }
    match (Ipv4Net::parse_prefix(a), Ipv4Net::parse_prefix(b)) {
        (Ok(a), Ok(b)) if a.overlaps(b) => Relation::Overlap,
        (Ok(_), Ok(_)) => Relation::Disjoint,
        _ => Relation::Unknown,
    }
}

/// A rule's destination ports as inclusive ranges (`*` is every port).
fn ranges(ports: &[String]) -> Vec<(u16, u16)> {
    ports
        .iter()
        .filter_map(|p| if p == ANY { Some(PortRange(0, u16::MAX)) } else { port_list(p)?.map(|l| l[0]) })
        .map(|r| (r.0, r.1))
        .collect()
}

/// `*` (`Some(None)`), or ports and ranges separated by commas, each from 0 to 65535 (`Some(Some(..))`).
fn port_list(text: &str) -> Option<Option<Vec<PortRange>>> {
    if text.trim() == ANY {
        return Some(None);
    }
    let port = |p: &str| p.trim().parse::<u16>().ok();
    let list: Option<Vec<PortRange>> = text
        .split(',')
        .map(|part| match part.split_once('-') {
            Some((low, high)) => Some(PortRange(port(low)?, port(high)?)).filter(|r| r.0 <= r.1),
            None => port(part).map(|p| PortRange(p, p)),
        })
        .collect();
    list.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_ranges() {
        assert_eq!(port_list("*"), Some(None));
        assert_eq!(port_list("443"), Some(Some(vec![PortRange(443, 443)])));
        assert_eq!(port_list("80, 8080-8089"), Some(Some(vec![PortRange(80, 80), PortRange(8080, 8089)])));
        for bad in ["", "90-80", "70000", "a", "1,", "*,80"] {
            assert_eq!(port_list(bad), None, "{bad}");
        }
    }

    #[test]
    fn addresses_relate() {
        assert_eq!(addresses("*", "Internet"), Relation::Overlap);
        assert_eq!(addresses("10.0.0.0/16", "10.0.1.0/24"), Relation::Overlap);
        assert_eq!(addresses("10.0.0.0/16", "10.1.0.0/16"), Relation::Disjoint);
        assert_eq!(addresses("Internet", "AzureMachineLearning"), Relation::Unknown);
    }
}
