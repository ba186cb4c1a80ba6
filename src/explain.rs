//! `explain`: why each generated NSG rule, route, firewall rule and service endpoint exists, which
//! way out each subnet has, and every resource with the spec line that called for it.
//!
//! [`explain`] runs the pipeline once (parse with spans, validate, lower) and reads every decision
//! back from the IR: each rule, route and firewall carries an `ir::Explain` (spec path, catalogue
//! entry, reason, source document), and this module resolves the spec path to a line of the file
//! through the `SourceDoc` spans. Service endpoints carry no `Explain` of their own; their reason is
//! derived from the firewall that needs them (the firewall template names the endpoint its virtual
//! network rules require), never re-decided here.
//!
//! This module deliberately decides nothing about the network: it adds no rule, re-derives no
//! policy and holds no Azure facts; it only reports what `lower` put into the graph. It never reads
//! files and never prints: callers pass text and get values ([`Explanation::to_text`],
//! [`Explanation::to_json`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::azure::network::{self, Access, Catalogue, Direction, FirewallTemplate, Protocol, Source};
use crate::azure::{ApiKind, defaults, managed_network, private_link};
use crate::diagnostics::Diagnostics;
use crate::ir::{self, Body, Graph, NextHop, ResourceId};
use crate::spec::source::{self, SourceDoc, parent_path};
use crate::spec::{SourceFormat, ValidSpec, validate};

/// Parses, validates and lowers `text`, and explains every rule, route, firewall rule and service
/// endpoint of the result. `file_name` names the file in diagnostics and in the explanation. A spec
/// with several environments needs one chosen: [`explain_env`].
pub fn explain(text: &str, syntax: SourceFormat, file_name: &str) -> Result<Explanation, Diagnostics> {
    explain_env(text, syntax, file_name, None)
}

/// [`explain`] for one environment of a spec with `environments` (`env`; required when it has
/// several, and none for a spec without): every environment is validated, the one chosen explained.
pub fn explain_env(
    text: &str,
    syntax: SourceFormat,
    file_name: &str,
    env: Option<&str>,
) -> Result<Explanation, Diagnostics> {
    use crate::spec::environments::{self, KEY};
    let doc = source::parse(text, syntax, file_name)?;
    if doc.value.get(KEY).is_none() && env.is_none() {
        let valid = validate::validate(&doc)?;
        let graph = crate::lower::lower(&valid);
        return Ok(Explanation::new(&doc, &valid, &graph));
    }
    let (loaded, _) = environments::load(text, syntax, file_name)?;
    let names: Vec<String> = loaded.iter().filter_map(|e| e.name.clone()).collect();
    let chosen = match env {
        Some(env) => names.iter().position(|name| name == env),
        None => (names.len() == 1).then_some(0),
    };
    let Some(index) = chosen else {
        return Err(environments::choose_error(text, syntax, file_name, &names, env));
    };
    let merged = doc.overlaid(KEY, &source::join_key(KEY, &names[index]));
    let graph = crate::lower::lower(&loaded[index].spec);
    Ok(Explanation::new(&merged, &loaded[index].spec, &graph))
}

/// Every explained item of one spec, in output order: NSG rules (by NSG, inbound then outbound,
/// by priority), routes, firewall rules, service endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The spec file as the caller named it.
    pub file_name: String,
    /// The spec's `network_rules` (`current` or `seed-2019`).
    pub network_rules: &'static str,
    /// The region name.
    pub region: &'static str,
    pub items: Vec<Item>,
    /// Which resource the items are restricted to, if any.
    pub filter: Option<String>,
    /// Where the workspace builds environment images: the compute cluster named by
    /// `workspace.image_build_compute`, or `None` for serverless compute.
    pub image_build_compute: Option<String>,
    /// Spec compute names and the subnets they select.
    aliases: Vec<(String, BTreeSet<String>)>,
}

/// One explained decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub what: What,
    /// Why it exists; `None` for a resource (explained by the spec path that called for it) and
    /// for a service endpoint no firewall of the graph needs (which `lower` does not produce today).
    pub cause: Option<Cause>,
    /// The names a `--resource` filter matches: the resource holding the item and the subnets it
    /// applies to.
    about: BTreeSet<String>,
}

/// The decision itself, as Azure will see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    SecurityRule {
        nsg: String,
        /// The subnets the NSG is attached to.
        subnets: Vec<String>,
        rule: ir::SecurityRule,
    },
    Route {
        route_table: String,
        /// The subnets the route table is attached to.
        subnets: Vec<String>,
        route: ir::Route,
    },
    FirewallRule {
        /// The storage account or key vault.
        resource: String,
        /// `storage account` or `key vault`.
        service: &'static str,
        rule: FirewallRule,
    },
    ServiceEndpoint {
        subnet: String,
        /// e.g. `Microsoft.Storage`.
        service: &'static str,
    },
    /// A resource of the graph (every one: subnets, NSGs, private endpoints, DNS zones, AKS, NAT
    /// gateways, computes, ...), with what it refers to and the spec line that called for it.
    Resource {
        /// The kind in words, e.g. `private endpoint`.
        kind: String,
        name: String,
        /// The resources it refers to (and, for a private endpoint, the sub-resource it connects to).
        refers_to: Vec<String>,
        /// The spec path that called for it, and its line (of the nearest written path).
        spec_path: String,
        line: Option<usize>,
    },
    /// A way out of a subnet (`None`: none), the one Azure takes first first.
    Egress {
        subnet: String,
        /// `ir::Way::kind`, or `none`.
        kind: &'static str,
        /// What carries the traffic, for a person.
        via: String,
    },
    /// The workspace managed virtual network itself.
    ManagedNetwork { workspace: String, isolation: &'static str, firewall_sku: &'static str },
    /// An outbound rule of the managed network; `added_by_azure` for the rules Azure adds itself, which
    /// amlnet does not write.
    OutboundRule { workspace: String, name: String, kind: &'static str, destination: String, added_by_azure: bool },
    /// A rule of an Azure Firewall's policy (a rule collection group's collection).
    PolicyRule {
        policy: String,
        collection: String,
        name: String,
        /// `network` or `application`.
        kind: &'static str,
        /// Sources, destinations (service tags or FQDNs), protocols and ports, for a person.
        rule: String,
    },
}

/// One part of a service firewall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirewallRule {
    /// The default action is deny.
    DefaultDeny,
    /// Trusted Azure services bypass the firewall.
    BypassTrustedServices,
    /// A virtual network rule admitting one subnet.
    AllowSubnet(String),
}

/// The spec line, catalogue entry and source behind an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The spec path recorded in the IR (e.g. `compute[0]`, `outbound.mode`).
    pub spec_path: String,
    /// The nearest path present in the file: `spec_path` itself, or an ancestor when the value was
    /// defaulted (`None` when nothing above the root was written).
    pub located_path: Option<String>,
    /// The 1-based line of `located_path`.
    pub line: Option<usize>,
    /// The catalogue entry id (e.g. `seed-2019/batch-inbound`).
    pub entry: &'static str,
    pub why: String,
    pub source: Source,
    /// When Azure retired the catalogue entry, if it did (`azure::network::RETIRED`).
    pub retired: Option<&'static str>,
}

/// No resource, subnet or compute has the name given to [`Explanation::filter_resource`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownResource {
    pub name: String,
    /// Every name the filter accepts, sorted.
    pub known: Vec<String>,
}

impl Explanation {
    /// Restricts the items to one resource: an NSG, route table, subnet, storage account or key
    /// vault by its Azure name, or a spec subnet or compute by its spec name (a compute selects its
    /// subnet). Filters compose: a second call narrows further.
    pub fn filter_resource(&mut self, name: &str) -> Result<(), UnknownResource> {
        let mut wanted: BTreeSet<String> =
            self.aliases.iter().filter(|(alias, _)| alias == name).flat_map(|(_, t)| t.iter().cloned()).collect();
        if self.items.iter().any(|it| it.about.contains(name)) {
            wanted.insert(name.to_owned());
        }
        if wanted.is_empty() {
            let known: BTreeSet<String> = self
                .items
                .iter()
                .flat_map(|it| it.about.iter().cloned())
                .chain(self.aliases.iter().map(|(alias, _)| alias.clone()))
                .collect();
            return Err(UnknownResource { name: name.to_owned(), known: known.into_iter().collect() });
        }
        self.items.retain(|it| it.about.iter().any(|a| wanted.contains(a)));
        self.filter = Some(match self.filter.take() {
            Some(previous) => format!("{previous}, {name}"),
            None => name.to_owned(),
        });
        Ok(())
    }

    /// A plain-text report, one block per item, sources listed once at the end.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut sources: Vec<Source> = Vec::new();
        let mut source_index = |source: Source| match sources.iter().position(|s| *s == source) {
            Some(i) => i + 1,
            None => {
                sources.push(source);
                sources.len()
            }
        };
        let _ = writeln!(out, "{}: network_rules {}, region {}", self.file_name, self.network_rules, self.region);
        let _ = match &self.image_build_compute {
            Some(cluster) => {
                writeln!(out, "image builds: on compute cluster {cluster} (workspace.image_build_compute)")
            }
            None => writeln!(out, "image builds: on serverless compute (workspace.image_build_compute is not set)"),
        };
        if let Some(filter) = &self.filter {
            let _ = writeln!(out, "restricted to: {filter}");
        }
        for (section, (title, _)) in SECTIONS.iter().enumerate() {
            let items: Vec<&Item> = self.items.iter().filter(|it| it.what.section() == section).collect();
            let _ = writeln!(out, "\n{title} ({})", items.len());
            if items.is_empty() {
                let _ = writeln!(out, "  (none)");
            }
            for item in items {
                let _ = writeln!(out, "  {}", headline(&item.what));
                match &item.cause {
                    Some(cause) => {
                        let _ = writeln!(out, "      spec:   {}", self.place(cause));
                        let _ = writeln!(out, "      entry:  {} [{}]", cause.entry, source_index(cause.source));
                        let _ = writeln!(out, "      why:    {}", cause.why);
                        if let Some(retired) = cause.retired {
                            let _ = writeln!(out, "      retired by Azure: {retired}");
                        }
                    }
                    None => match &item.what {
                        What::Resource { spec_path, line: Some(line), .. } => {
                            let _ = writeln!(out, "      spec:   {}:{line} ({spec_path})", self.file_name);
                        }
                        What::Resource { spec_path, .. } => {
                            let _ = writeln!(out, "      spec:   {} ({spec_path})", self.file_name);
                        }
                        _ => {
                            let _ = writeln!(out, "      why:    no firewall in the graph needs it");
                        }
                    },
                }
            }
        }
        if !sources.is_empty() {
            let _ = writeln!(out, "\nSources");
            for (i, source) in sources.iter().enumerate() {
                let _ = writeln!(out, "  [{}] {} (last checked {})", i + 1, source.doc, source.checked);
            }
        }
        out
    }

    /// The same report as JSON, with stable keys in a stable order.
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "file": self.file_name,
            "network_rules": self.network_rules,
            "region": self.region,
            "filter": self.filter,
            "image_build_compute": self.image_build_compute,
        });
        for (section, (_, key)) in SECTIONS.iter().enumerate() {
            let items: Vec<Value> =
                self.items.iter().filter(|it| it.what.section() == section).map(item_json).collect();
            out[*key] = Value::Array(items);
        }
        out
    }

    /// `file:line (path)`, saying when the value was defaulted.
    fn place(&self, cause: &Cause) -> String {
        match (&cause.located_path, cause.line) {
            (Some(located), Some(line)) if *located == cause.spec_path => {
                format!("{}:{line} ({})", self.file_name, cause.spec_path)
            }
            (Some(located), Some(line)) => format!(
                "{}:{line} ({} not written, default applies; nearest: {located})",
                self.file_name, cause.spec_path
            ),
            _ => format!("{} ({} not written, default applies)", self.file_name, cause.spec_path),
        }
    }
}

impl std::fmt::Display for UnknownResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no resource, subnet or compute is named `{}`; known: {}", self.name, self.known.join(", "))
    }
}

impl std::error::Error for UnknownResource {}

// Construction: everything below reads the IR and the spans; nothing decides.

impl Explanation {
    fn new(doc: &SourceDoc, spec: &ValidSpec, graph: &Graph) -> Explanation {
        let mut items = Vec::new();
        let subnets_of = |pick: &dyn Fn(&ir::Subnet) -> bool| -> Vec<String> {
            graph
                .resources()
                .filter_map(|(_, res)| match &res.body {
                    Body::Subnet(s) if pick(s) => Some(res.name.clone()),
                    _ => None,
                })
                .collect()
        };

        for (id, res) in graph.resources() {
            let Body::NetworkSecurityGroup(nsg) = &res.body else { continue };
            let subnets = subnets_of(&|s| s.nsg == Some(id));
            for (rule, explain) in graph.explained_rules(nsg) {
                items.push(Item {
                    cause: Some(cause(doc, &explain)),
                    about: about(&res.name, &subnets),
                    what: What::SecurityRule { nsg: res.name.clone(), subnets: subnets.clone(), rule: rule.clone() },
                });
            }
        }
        for (id, res) in graph.resources() {
            let Body::RouteTable(table) = &res.body else { continue };
            let subnets = subnets_of(&|s| s.route_table == Some(id));
            for route in &table.routes {
                items.push(Item {
                    cause: Some(cause(doc, &route.explain)),
                    about: about(&res.name, &subnets),
                    what: What::Route { route_table: res.name.clone(), subnets: subnets.clone(), route: route.clone() },
                });
            }
        }
        let firewalls: Vec<(ResourceId, &str, &ir::Firewall)> = graph
            .resources()
            .filter_map(|(id, res)| match &res.body {
                Body::StorageAccount(ir::StorageAccount {
                    network_acls: ir::NetworkAcls { firewall: Some(fw), .. },
                    ..
                }) => Some((id, "storage account", fw)),
                Body::KeyVault(ir::KeyVault { network_acls: ir::NetworkAcls { firewall: Some(fw), .. }, .. }) => {
                    Some((id, "key vault", fw))
                }
                _ => None,
            })
            .collect();
        for (id, service, fw) in &firewalls {
            let resource = graph.resource(*id).name.clone();
            let admitted: Vec<String> = fw.subnets.iter().map(|s| graph.resource(*s).name.clone()).collect();
            let parts = [FirewallRule::DefaultDeny, FirewallRule::BypassTrustedServices]
                .into_iter()
                .chain(admitted.iter().cloned().map(FirewallRule::AllowSubnet));
            // With private endpoints and no subnet admitted, the firewall's template (which speaks
            // of admitting the compute subnets) is not what the resource accepts: say what the IR holds.
            let endpoints: Vec<&str> = graph
                .resources()
                .filter_map(|(_, res)| match &res.body {
                    Body::PrivateEndpoint(endpoint) if endpoint.service == *id => Some(res.name.as_str()),
                    _ => None,
                })
                .collect();
            let mut fw_cause = cause(doc, &fw.explain);
            if admitted.is_empty() && !endpoints.is_empty() {
                fw_cause.why = format!(
                    "the {service} is reached only through its private endpoints ({}) and by trusted Azure services; \
                     no subnet is admitted",
                    endpoints.join(", ")
                );
            }
            for rule in parts {
                let about = match &rule {
                    FirewallRule::AllowSubnet(subnet) => about(&resource, std::slice::from_ref(subnet)),
                    _ => about(&resource, &admitted),
                };
                items.push(Item {
                    cause: Some(fw_cause.clone()),
                    about,
                    what: What::FirewallRule { resource: resource.clone(), service, rule },
                });
            }
        }
        for (id, res) in graph.resources() {
            let Body::Subnet(subnet) = &res.body else { continue };
            for endpoint in &subnet.service_endpoints {
                let needed_by = firewalls.iter().find(|(_, _, fw)| {
                    fw.subnets.contains(&id)
                        && template(fw.explain.entry).is_some_and(|t| t.service_endpoint == *endpoint)
                });
                let mut about = BTreeSet::from([res.name.clone()]);
                let cause = needed_by.map(|(fw_id, service, fw)| {
                    let fw_name = &graph.resource(*fw_id).name;
                    about.insert(fw_name.clone());
                    let mut cause = cause(doc, &fw.explain);
                    cause.why = format!(
                        "the {service} {fw_name} firewall admits subnet {} by a virtual network rule, which needs \
                         this service endpoint on the subnet ({})",
                        res.name, cause.why
                    );
                    cause
                });
                items.push(Item {
                    what: What::ServiceEndpoint { subnet: res.name.clone(), service: endpoint },
                    cause,
                    about,
                });
            }
        }
        for (id, res) in graph.resources() {
            if !matches!(res.body, Body::Subnet(_)) {
                continue;
            }
            let ways = ir::ways_out(graph, id);
            let about = BTreeSet::from([res.name.clone()]);
            if ways.is_empty() {
                let why = defaults::EGRESS_PRIVATE;
                items.push(Item {
                    what: What::Egress { subnet: res.name.clone(), kind: "none", via: "none".to_owned() },
                    cause: Some(cause(doc, &explained(&why, &res.origin))),
                    about: about.clone(),
                });
            }
            for way in ways {
                let explain = match &way {
                    ir::Way::Appliance { explain, .. } | ir::Way::Firewall { explain, .. } => explain.clone(),
                    ir::Way::NatGateway(nat) => match &graph.resource(*nat).body {
                        Body::NatGateway(n) => n.explain.clone(),
                        _ => explained(&defaults::NAT_GATEWAY_EGRESS, &res.origin),
                    },
                    ir::Way::PublicIp(compute) => {
                        explained(&defaults::EGRESS_PUBLIC_IP, &graph.resource(*compute).origin)
                    }
                    ir::Way::LoadBalancer(aks) => {
                        explained(&defaults::EGRESS_LOAD_BALANCER, &graph.resource(*aks).origin)
                    }
                    ir::Way::DefaultOutboundAccess => explained(&defaults::EGRESS_DEFAULT_OUTBOUND, &res.origin),
                };
                // The NAT gateway and the route table select their subnets' ways out too.
                let mut about = about.clone();
                match &way {
                    ir::Way::NatGateway(carrier)
                    | ir::Way::Appliance { route_table: carrier, .. }
                    | ir::Way::Firewall { route_table: carrier, .. } => {
                        about.insert(graph.resource(*carrier).name.clone());
                    }
                    _ => {}
                }
                items.push(Item {
                    what: What::Egress { subnet: res.name.clone(), kind: way.kind(), via: way.describe(graph) },
                    cause: Some(cause(doc, &explain)),
                    about,
                });
            }
        }
        // What a firewall on an AKS subnet's way out must allow, which its NSG cannot express.
        for (_, res) in graph.resources() {
            let Body::ManagedCluster(cluster) = &res.body else { continue };
            let subnet = graph.resource(cluster.subnet).name.clone();
            for fqdn in &cluster.required_fqdns {
                let explain =
                    ir::Explain { spec: res.origin.clone(), entry: fqdn.id, why: fqdn.why, source: fqdn.source };
                items.push(Item {
                    what: What::Egress {
                        subnet: subnet.clone(),
                        kind: "required_fqdn",
                        via: format!(
                            "a firewall on its way out must allow {} on {} (no NSG rule can name a host)",
                            fqdn.fqdns.join(", "),
                            fqdn.port
                        ),
                    },
                    cause: Some(cause(doc, &explain)),
                    about: BTreeSet::from([subnet.clone(), res.name.clone()]),
                });
            }
        }

        for (_, res) in graph.resources() {
            let mut refers_to: Vec<String> =
                res.body.refs().into_iter().map(|id| graph.resource(id).name.clone()).collect();
            if let Body::PrivateEndpoint(endpoint) = &res.body {
                refers_to.push(format!("sub-resource {}", private_link::target(endpoint.target).group_id));
            }
            refers_to.extend(mentions(&res.body));
            let located = cause(doc, &ir::Explain { spec: res.origin.clone(), entry: "", why: "", source: NO_SOURCE });
            let about = std::iter::once(res.name.clone())
                .chain(res.body.refs().into_iter().map(|id| graph.resource(id).name.clone()))
                .collect();
            items.push(Item {
                what: What::Resource {
                    kind: kind_in_words(res.kind),
                    name: res.name.clone(),
                    refers_to,
                    spec_path: res.origin.clone(),
                    line: located.line,
                },
                cause: None,
                about,
            });
        }

        managed_items(doc, graph, &mut items);
        policy_items(doc, graph, &mut items);
        let aliases = spec
            .computes
            .iter()
            .map(|c| (c.name.clone(), c.subnet.map(|s| spec.vnet.subnets[s].name.clone()).into_iter().collect()))
            .collect();
        Explanation {
            file_name: doc.file_name.clone(),
            network_rules: match graph.catalogue {
                Catalogue::Current => "current",
                Catalogue::Seed2019 => "seed-2019",
            },
            region: graph.region.name,
            items,
            filter: None,
            image_build_compute: graph.resources().find_map(|(_, res)| match &res.body {
                Body::Workspace(ws) => ws.image_build_compute.clone(),
                _ => None,
            }),
            aliases,
        }
    }
}

/// The report's sections in order: text title and JSON key.
const SECTIONS: [(&str, &str); 7] = [
    ("NSG rules", "nsg_rules"),
    ("Routes", "routes"),
    ("Firewall rules", "firewall_rules"),
    ("Service endpoints", "service_endpoints"),
    ("Egress", "egress"),
    ("Managed network", "managed_network"),
    ("Resources", "resources"),
];

/// The source of a resource's own line: a resource is explained by the spec path that called for
/// it, not by a catalogue entry.
const NO_SOURCE: Source = Source { doc: "", checked: "" };

/// What a resource states besides its references: the existing zones a DNS zone group registers in (by
/// id), a virtual network's custom DNS servers, an Azure Monitor private link scope's access modes and
/// the outbound rule it makes unnecessary.
fn mentions(body: &Body) -> Vec<String> {
    match body {
        Body::MonitorPrivateLinkScope(scope) => {
            let modes = format!(
                "ingestion {}, query {}",
                scope.ingestion_access_mode.azure_name(),
                scope.query_access_mode.azure_name()
            );
            let replaced = scope.replaces.iter().map(|rule| {
                format!(
                    "instead of NSG rule {} ({}; {}, {})",
                    rule.entry, rule.why, rule.source.doc, rule.source.checked
                )
            });
            std::iter::once(modes).chain(replaced).collect()
        }
        Body::PrivateDnsZoneGroup(group) => {
            group.existing.iter().map(|z| format!("existing zone {} ({})", z.name, z.id)).collect()
        }
        Body::VirtualNetwork(ir::VirtualNetwork { dns_servers: ir::DnsServers::Custom(servers), .. }) => {
            vec![format!("DNS servers {servers}")]
        }
        _ => Vec::new(),
    }
}

/// `PrivateEndpoint` as `private endpoint`.
fn kind_in_words(kind: ApiKind) -> String {
    let mut words = String::new();
    for c in format!("{kind:?}").chars() {
        if c.is_ascii_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    words
}

impl What {
    /// The index of the item's section in [`SECTIONS`].
    fn section(&self) -> usize {
        match self {
            What::SecurityRule { .. } => 0,
            What::Route { .. } => 1,
            What::FirewallRule { .. } | What::PolicyRule { .. } => 2,
            What::ServiceEndpoint { .. } => 3,
            What::Egress { .. } => 4,
            What::ManagedNetwork { .. } | What::OutboundRule { .. } => 5,
            What::Resource { .. } => 6,
        }
    }
}

/// The managed network of the workspace, the rules Azure adds to it itself, and every rule amlnet writes.
fn managed_items(doc: &SourceDoc, graph: &Graph, items: &mut Vec<Item>) {
    for (_, res) in graph.resources() {
        let Body::Workspace(ir::Workspace { managed_network: Some(network), .. }) = &res.body else { continue };
        let workspace = res.name.clone();
        let about = BTreeSet::from([workspace.clone()]);
        items.push(Item {
            what: What::ManagedNetwork {
                workspace: workspace.clone(),
                isolation: network.isolation.azure_name(),
                firewall_sku: network.firewall_sku.azure_name(),
            },
            cause: Some(cause(doc, &network.explain)),
            about: about.clone(),
        });
        for (rule, purpose) in managed_network::REQUIRED_BY_AZURE {
            let explain = ir::Explain {
                spec: network.explain.spec.clone(),
                entry: "required_by_azure",
                why: purpose,
                source: managed_network::MVNET_DOC,
            };
            items.push(Item {
                what: What::OutboundRule {
                    workspace: workspace.clone(),
                    name: (*rule).to_owned(),
                    kind: "required",
                    destination: (*rule).to_owned(),
                    added_by_azure: true,
                },
                cause: Some(cause(doc, &explain)),
                about: about.clone(),
            });
        }
    }
    for (_, res) in graph.resources() {
        let Body::OutboundRule(rule) = &res.body else { continue };
        let workspace = graph.resource(rule.workspace).name.clone();
        let ports: Vec<String> = managed_network::FQDN_PORTS.iter().map(u16::to_string).collect();
        let destination = match &rule.destination {
            ir::RuleDestination::Fqdn(fqdn) => {
                format!("{fqdn} ports {} (through the managed Azure Firewall)", ports.join(","))
            }
            ir::RuleDestination::ServiceTag { tag, protocol, port_ranges } => {
                format!("{tag} {protocol} ports {port_ranges}")
            }
            ir::RuleDestination::PrivateEndpoint { target, sub_resource, .. } => {
                let target = match target {
                    ir::RuleTarget::Resource(id) => graph.resource(*id).name.clone(),
                    ir::RuleTarget::Existing(id) => id.clone(),
                };
                format!("private endpoint to {sub_resource} of {target}")
            }
        };
        items.push(Item {
            what: What::OutboundRule {
                workspace: workspace.clone(),
                name: res.name.clone(),
                kind: rule.destination.kind().azure_name(),
                destination,
                added_by_azure: false,
            },
            cause: Some(cause(doc, &rule.explain)),
            about: BTreeSet::from([workspace, res.name.clone()]),
        });
    }
}

/// Every rule of a hub firewall's policy, with the catalogue entry and spec path behind it.
fn policy_items(doc: &SourceDoc, graph: &Graph, items: &mut Vec<Item>) {
    for (_, res) in graph.resources() {
        let Body::FirewallRuleCollectionGroup(group) = &res.body else { continue };
        let policy = graph.resource(group.policy).name.clone();
        for collection in &group.collections {
            let mut push = |name: &str, kind: &'static str, rule: String, explain: &ir::Explain| {
                items.push(Item {
                    what: What::PolicyRule {
                        policy: policy.clone(),
                        collection: collection.name.clone(),
                        name: name.to_owned(),
                        kind,
                        rule,
                    },
                    cause: Some(cause(doc, explain)),
                    about: BTreeSet::from([policy.clone(), res.name.clone()]),
                });
            };
            match &collection.rules {
                ir::FirewallRules::Network(rules) => {
                    for r in rules {
                        let rule = format!(
                            "{} from {} to {} ports {}",
                            r.protocols.join(","),
                            r.sources.join(","),
                            r.destinations.join(","),
                            r.ports.join(",")
                        );
                        push(&r.name, "network", rule, &r.explain);
                    }
                }
                ir::FirewallRules::Application(rules) => {
                    for r in rules {
                        let rule =
                            format!("{}:{} from {} to {}", r.protocol, r.port, r.sources.join(","), r.fqdns.join(","));
                        push(&r.name, "application", rule, &r.explain);
                    }
                }
            }
        }
    }
}

/// The firewall template with catalogue id `entry`.
fn template(entry: &str) -> Option<&'static FirewallTemplate> {
    [&network::STORAGE_FIREWALL, &network::KEY_VAULT_FIREWALL].into_iter().find(|t| t.id == entry)
}

/// The explanation of a way out the IR records no `Explain` for, selected by `spec`.
fn explained(template: &network::RouteTemplate, spec: &str) -> ir::Explain {
    ir::Explain { spec: spec.to_owned(), entry: template.id, why: template.why, source: template.source_doc }
}

fn about(resource: &str, subnets: &[String]) -> BTreeSet<String> {
    std::iter::once(resource.to_owned()).chain(subnets.iter().cloned()).collect()
}

/// Resolves an IR explanation against the file: the path itself, or its nearest written ancestor.
fn cause(doc: &SourceDoc, explain: &ir::Explain) -> Cause {
    let mut path = explain.spec.as_str();
    let located = loop {
        if path.is_empty() {
            break None;
        }
        if doc.location(path).is_some() {
            break Some(path);
        }
        path = parent_path(path);
    };
    Cause {
        spec_path: explain.spec.clone(),
        located_path: located.map(str::to_owned),
        line: located.and_then(|p| doc.key_focus(p)).map(|span| doc.line_of(span.start)),
        entry: explain.entry,
        why: explain.why.to_owned(),
        source: explain.source,
        retired: network::RETIRED.iter().find(|(id, _)| *id == explain.entry).map(|(_, when)| *when),
    }
}

fn headline(what: &What) -> String {
    match what {
        What::SecurityRule { nsg, rule, .. } => format!(
            "{nsg}: {} {} {} {} {} from {} to {} ports {}",
            direction(rule.direction),
            rule.priority,
            rule.name,
            access(rule.access),
            protocol(rule.protocol),
            rule.source,
            rule.destination,
            rule.destination_ports.join(",")
        ),
        What::Route { route_table, route, .. } => {
            format!("{route_table}: {} {} -> {}", route.name, route.address_prefix, next_hop(route.next_hop))
        }
        What::FirewallRule { resource, service, rule } => {
            let rule = match rule {
                FirewallRule::DefaultDeny => "default action deny".to_owned(),
                FirewallRule::BypassTrustedServices => "bypass for trusted Azure services".to_owned(),
                FirewallRule::AllowSubnet(subnet) => format!("allow subnet {subnet}"),
            };
            format!("{service} {resource}: {rule}")
        }
        What::ServiceEndpoint { subnet, service } => format!("subnet {subnet}: {service}"),
        What::Egress { subnet, via, .. } => format!("subnet {subnet}: {via}"),
        What::Resource { kind, name, refers_to, .. } if refers_to.is_empty() => format!("{kind} {name}"),
        What::Resource { kind, name, refers_to, .. } => format!("{kind} {name} -> {}", refers_to.join(", ")),
        What::ManagedNetwork { workspace, isolation, firewall_sku } => {
            format!("workspace {workspace}: managed network {isolation}, firewall SKU {firewall_sku}")
        }
        What::PolicyRule { policy, collection, name, kind, rule } => {
            format!("firewall policy {policy}: {collection} {kind} rule {name}: allow {rule}")
        }
        What::OutboundRule { workspace, name, kind, destination, added_by_azure } => {
            if *added_by_azure {
                format!("workspace {workspace}: {kind} rule {name} (Azure adds it itself; not written)")
            } else {
                format!("workspace {workspace}: {kind} rule {name} -> {destination}")
            }
        }
    }
}

fn item_json(item: &Item) -> Value {
    let mut value = match &item.what {
        What::SecurityRule { nsg, subnets, rule } => json!({
            "nsg": nsg,
            "subnets": subnets,
            "name": rule.name,
            "direction": direction(rule.direction),
            "priority": rule.priority,
            "access": access(rule.access),
            "protocol": protocol(rule.protocol),
            "source": rule.source,
            "destination": rule.destination,
            "ports": rule.destination_ports,
        }),
        What::Route { route_table, subnets, route } => json!({
            "route_table": route_table,
            "subnets": subnets,
            "name": route.name,
            "address_prefix": route.address_prefix,
            "next_hop": next_hop(route.next_hop),
        }),
        What::FirewallRule { resource, service, rule } => {
            let (kind, subnet) = match rule {
                FirewallRule::DefaultDeny => ("default_deny", None),
                FirewallRule::BypassTrustedServices => ("bypass_trusted_services", None),
                FirewallRule::AllowSubnet(subnet) => ("allow_subnet", Some(subnet)),
            };
            json!({ "resource": resource, "service": service, "rule": kind, "subnet": subnet })
        }
        What::ServiceEndpoint { subnet, service } => json!({ "subnet": subnet, "service": service }),
        What::Egress { subnet, kind, via } => json!({ "subnet": subnet, "way": kind, "via": via }),
        What::Resource { kind, name, refers_to, spec_path, line } => {
            json!({ "kind": kind, "name": name, "refers_to": refers_to, "spec_path": spec_path, "line": line })
        }
        What::ManagedNetwork { workspace, isolation, firewall_sku } => {
            json!({ "workspace": workspace, "isolation": isolation, "firewall_sku": firewall_sku })
        }
        What::PolicyRule { policy, collection, name, kind, rule } => json!({
            "policy": policy,
            "collection": collection,
            "rule": name,
            "kind": kind,
            "allows": rule,
        }),
        What::OutboundRule { workspace, name, kind, destination, added_by_azure } => json!({
            "workspace": workspace,
            "rule": name,
            "kind": kind,
            "destination": destination,
            "added_by_azure": added_by_azure,
        }),
    };
    value["cause"] = match &item.cause {
        Some(cause) => json!({
            "spec_path": cause.spec_path,
            "located_path": cause.located_path,
            "line": cause.line,
            "defaulted": cause.located_path.as_deref() != Some(cause.spec_path.as_str()),
            "entry": cause.entry,
            "why": cause.why,
            "source": { "doc": cause.source.doc, "checked": cause.source.checked },
            "retired": cause.retired,
        }),
        None => Value::Null,
    };
    value
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

fn access(a: Access) -> &'static str {
    match a {
        Access::Allow => "allow",
        Access::Deny => "deny",
    }
}

fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp | Protocol::Udp => p.azure_name(),
        Protocol::Any => "Any",
    }
}

fn next_hop(hop: NextHop) -> String {
    match hop {
        NextHop::Internet => hop.hop_type().azure_name().to_owned(),
        NextHop::VirtualAppliance(ip) => format!("{} {ip}", hop.hop_type().azure_name()),
        NextHop::Firewall(_) => format!("{} (the hub firewall's private address)", hop.hop_type().azure_name()),
    }
}
