//! Random valid specs as `serde_json::Value`s, built from proptest choices, and the facts a test needs
//! about each one.
//!
//! The layout is valid by construction: one `10.a.0.0/16` address space, subnet `i` aligned at
//! `10.a.4i.0` with a prefix of /22 to /27 chosen among those that fit its computes, AKS service CIDRs in
//! `192.168.0.0/16` (outside the vnet and AKS's reserved ranges) with the DNS address at `.10`, pods in the
//! default `10.244.0.0/16` (`10.245.0.0/16` when that is the vnet), production clusters with at least 3
//! nodes (fewer are `dev_test`), firewalls
//! respecting the storage purpose. Half of the specs have a hub ([`add_hub`]): new, in `10.255.0.0` or
//! `172.{16,24,31}.0.0` (outside all of those), its reserved /26 subnets at `.0.0`, `.0.128` and `.0.192`,
//! or existing, by id. [`Mode::Gated`] draws only options that no gated checkov check flags
//! and only strings every third-party parser in the validator kit reads.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

/// Which option space to draw from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Everything the spec accepts, with arbitrary strings where the spec allows them.
    Any,
    /// Firewalls on, no SSH from the Internet, no scoring on ports checkov gates, plain strings.
    Gated,
}

/// A generated spec and what was asked of it.
#[derive(Debug, Clone)]
pub struct GenSpec {
    pub value: Value,
    /// `allow_ssh_from` is the Internet, acknowledged.
    pub ssh_from_internet: bool,
    /// Names of AKS computes whose scoring rule allows the Internet.
    pub scoring_from_internet: Vec<String>,
}

#[derive(Debug, Clone)]
struct ComputeChoice {
    kind: u8,
    subnet: usize,
    word: String,
    nodes: u32,
    min_nodes: u32,
    ssh: Option<bool>,
    vm_size: &'static str,
    os: &'static str,
    service: u8,
    docker: bool,
    scoring: Option<(u16, &'static str)>,
}

const VM_SIZES: &[&str] = &["Standard_DS3_v2", "STANDARD_D2_V2", "Standard_D3_v2", "Standard_NC4as_T4_v3"];
const INTERNET: &[&str] = &["Internet", "*", "0.0.0.0/0"];

fn word(mode: Mode) -> BoxedStrategy<String> {
    match mode {
        Mode::Any => "[a-zA-Z][a-zA-Z0-9-]{1,10}".boxed(),
        Mode::Gated => "[a-z][a-z0-9]{1,8}".boxed(),
    }
}

fn compute(mode: Mode) -> impl Strategy<Value = ComputeChoice> {
    let scoring_ports: &'static [u16] = match mode {
        Mode::Any => &[443, 8443, 5001, 80, 22],
        Mode::Gated => &[443, 8443, 5001],
    };
    (
        (0u8..4, 0usize..4, word(mode), 1u32..=20, 0u32..=20, proptest::option::of(any::<bool>())),
        (select(VM_SIZES), select(&["ubuntu", "Ubuntu"][..])),
        (
            any::<u8>(),
            any::<bool>(),
            proptest::option::of((
                select(scoring_ports),
                select(&["Internet", "*", "203.0.113.0/24", "AzureLoadBalancer", "0.0.0.0/0"][..]),
            )),
        ),
    )
        .prop_map(|((kind, subnet, word, nodes, min, ssh), (vm_size, os), (service, docker, scoring))| {
            ComputeChoice {
                kind,
                subnet,
                word,
                nodes,
                min_nodes: min.min(nodes),
                ssh,
                vm_size,
                os,
                service,
                docker,
                scoring,
            }
        })
}

fn tags(mode: Mode) -> BoxedStrategy<Vec<(String, String)>> {
    let (key, value) = match mode {
        Mode::Any => ("[^<>%&\\\\?/]{1,16}".boxed(), "(?s).{0,24}".boxed()),
        Mode::Gated => ("[a-zA-Z][a-zA-Z0-9 _.:-]{0,12}".boxed(), "[a-zA-Z0-9 _.:'\"\\[\\]-]{0,16}".boxed()),
    };
    proptest::collection::vec((key, value), 0..4).boxed()
}

/// A random valid spec.
pub fn valid_spec(mode: Mode) -> impl Strategy<Value = GenSpec> {
    let top = (
        "[a-z][a-z0-9-]{1,10}[a-z0-9]",
        // `westus` has no availability zones.
        select(&["eastus", "eastus2", "westeurope", "northeurope", "westus2", "westus"][..]),
        select(&[None, Some("current"), Some("seed-2019")][..]),
        tags(mode),
        1u8..=250,
        proptest::option::of("[a-z][a-z0-9-]{0,9}[a-z0-9]"),
    );
    let subnets = proptest::collection::vec(("[a-z]{1,6}", 0u8..6), 1..=4);
    let computes = proptest::collection::vec(compute(mode), 1..=5);
    let network = (
        select(&["open", "restricted"][..]),
        0u8..6,
        proptest::option::of((
            0u8..3,
            proptest::sample::subsequence(
                &["AzureMachineLearning", "BatchNodeManagement", "Storage.WestEurope"][..],
                0..=3,
            ),
            proptest::sample::subsequence(&["13.64.0.0/16", "40.70.0.0/18", "52.0.0.0/8"][..], 0..=3),
        )),
    );
    let workspace = (
        any::<bool>(),
        0u8..4,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(match mode {
            // Any characters Azure allows in an Application Insights name: no `%&\?/<>`, no control characters.
            Mode::Any => "[^%&\\\\?/<>\\p{Cc}]{1,20}".boxed(),
            Mode::Gated => "[a-zA-Z0-9-]{1,20}".boxed(),
        }),
        proptest::option::of("[a-z][a-z0-9]{2,20}"),
    );
    // A workspace managed network in about a quarter of the specs.
    let managed = (
        0u8..4,
        any::<bool>(),
        proptest::sample::subsequence(MANAGED_RULES, 0..=MANAGED_RULES.len()),
        proptest::sample::subsequence(MANAGED_GROUPS, 0..=MANAGED_GROUPS.len()),
    );
    (top, subnets, computes, network, workspace, managed, hub(mode)).prop_map(
        move |(top, subnets, computes, network, workspace, managed, hub)| {
            let mut spec = build(mode, top, subnets, computes, network, workspace);
            if managed.0 == 0 {
                make_managed(&mut spec, managed.1, &managed.2, &managed.3);
            }
            if let Some(hub) = hub {
                add_hub(&mut spec, mode, &hub);
            }
            spec
        },
    )
}

/// Outbound rules a generated managed network draws from: (needs approved-outbound mode, rule).
const MANAGED_RULES: &[(bool, &str)] = &[
    (true, r#"{"name": "pypi-mirror", "fqdn": "pypi.contoso.com"}"#),
    (false, r#"{"name": "adf", "service_tag": "DataFactory", "protocol": "TCP", "port_ranges": "443, 8080-8089"}"#),
    (false, r#"{"name": "st-dfs", "private_endpoint": {"resource": "storage", "sub_resource": "dfs"}}"#),
    (false, r#"{"name": "kv", "private_endpoint": {"resource": "key_vault", "sub_resource": "vault"}}"#),
    (
        false,
        r#"{"name": "shared", "private_endpoint": {"resource_id": "/subscriptions/0/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/shared", "sub_resource": "blob"}}"#,
    ),
];
const MANAGED_GROUPS: &[(bool, &str)] =
    &[(true, "python_packages"), (true, "hugging_face"), (false, "batch_endpoints")];

/// Turns a generated spec into one with a workspace managed network: only clusters and instances, none
/// with a subnet, and FQDN rules only in approved-outbound mode.
fn make_managed(spec: &mut GenSpec, approved: bool, rules: &[(bool, &str)], groups: &[(bool, &str)]) {
    let root = spec.value.as_object_mut().unwrap();
    // The 2019 guidance predates managed networks.
    root.remove("network_rules");
    let computes = root["compute"].as_array_mut().unwrap();
    computes.retain(|c| matches!(c["kind"].as_str(), Some("aml_cluster" | "aml_instance")));
    for c in computes.iter_mut() {
        c.as_object_mut().unwrap().remove("subnet");
    }
    let rules: Vec<Value> =
        rules.iter().filter(|(fqdn, _)| approved || !fqdn).map(|(_, r)| serde_json::from_str(r).unwrap()).collect();
    let groups: Vec<&str> = groups.iter().filter(|(fqdn, _)| approved || !fqdn).map(|(_, g)| *g).collect();
    let isolation = if approved { "allow_only_approved_outbound" } else { "allow_internet_outbound" };
    root["workspace"]["managed_network"] =
        json!({ "isolation": isolation, "outbound_rules": rules, "outbound_rule_groups": groups });
    // No compute is left in the customer network: no SSH rule, no AKS scoring rule.
    spec.ssh_from_internet = false;
    spec.scoring_from_internet.clear();
}

/// A hub drawn for a spec: new (its own address space) or existing (by id), with or without a firewall
/// (new or existing) and a Bastion, peered or not, and what the spoke's default route does with it.
#[derive(Debug, Clone)]
struct HubChoice {
    existing: bool,
    /// The hub's first two octets and its prefix length: disjoint from the spoke's `10.a.0.0/16` (`a` is
    /// at most 250), AKS's service and pod ranges and the Docker bridge.
    base: &'static str,
    len: u8,
    /// A new hub's `name`, or an existing hub's network name in its id.
    name: Option<String>,
    /// An existing hub's (or firewall's) subscription and resource group, and whether its id is spelled
    /// in another case (ARM ids are case-insensitive).
    subscription: String,
    resource_group: String,
    odd_case: bool,
    /// 0 no firewall, 1 and 2 a new one (an existing hub gets an existing one), 3 an existing one.
    firewall: u8,
    new_firewall: NewFirewall,
    firewall_name: String,
    bastion: bool,
    peering: Option<bool>,
    gateway_transit: bool,
    /// 0 and 1 keep the spoke's default route, 2 route to the hub firewall, 3 to an address in the hub.
    route: u8,
    /// `outbound.mode: firewall` with a route to an appliance in the hub.
    firewall_mode: bool,
    /// Without the DNS proxy, the spoke's custom DNS servers in the hub: none (0, 1), one or two.
    dns_servers: u8,
}

/// A new firewall's options.
#[derive(Debug, Clone)]
struct NewFirewall {
    /// `AzureFirewallSubnet` a /25 rather than a /26.
    wide: bool,
    management: bool,
    dns_proxy: bool,
    rule_groups: Vec<&'static str>,
    /// `None`: the region's default; `Some` only in a region with zones (or empty anywhere).
    zones: Option<Vec<i64>>,
    sku: Option<&'static str>,
}

const RULE_GROUPS: &[&str] = &["python_packages", "pytorch", "tensorflow", "hugging_face", "vscode", "rstudio"];

/// A hub in half of the specs: a new one in a third, an existing one in a sixth.
fn hub(mode: Mode) -> impl Strategy<Value = Option<HubChoice>> {
    let (vnet_name, group, resource): (BoxedStrategy<String>, BoxedStrategy<String>, BoxedStrategy<String>) = match mode
    {
        // Azure's rules: a network name of letters, digits, `_.-` ending in a letter, digit or `_`; a
        // resource group of letters, digits and `_().-` not ending in `.`.
        Mode::Any => (
            "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}[a-zA-Z0-9_]".boxed(),
            "[a-zA-Z0-9_().-]{0,10}[a-zA-Z0-9_()-]".boxed(),
            "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}".boxed(),
        ),
        Mode::Gated => {
            ("[a-z][a-z0-9-]{1,10}[a-z0-9]".boxed(), "[a-z][a-z0-9-]{1,10}".boxed(), "[a-z][a-z0-9]{1,8}".boxed())
        }
    };
    let firewall = (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::sample::subsequence(RULE_GROUPS, 0..=RULE_GROUPS.len()).prop_shuffle(),
        proptest::option::of(proptest::sample::subsequence(&[1i64, 2, 3][..], 0..=3).prop_shuffle()),
        select(&[None, Some("standard"), Some("premium")][..]),
    )
        .prop_map(|(wide, management, dns_proxy, rule_groups, zones, sku)| NewFirewall {
            wide,
            management,
            dns_proxy,
            rule_groups,
            zones,
            sku,
        });
    let choice = (
        (
            0u8..3,
            select(&["10.255", "172.16", "172.24", "172.31"][..]),
            select(&[16u8, 20, 23][..]),
            proptest::option::of(vnet_name.clone()),
            vnet_name,
        ),
        ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", group, any::<bool>()),
        (0u8..4, firewall, resource, any::<bool>()),
        (0u8..5, any::<bool>(), 0u8..4, any::<bool>(), 0u8..4),
    )
        .prop_map(
            move |(
                (kind, base, len, name, existing_name),
                (subscription, resource_group, odd_case),
                (firewall, new_firewall, firewall_name, bastion),
                (peering, gateway_transit, route, firewall_mode, dns_servers),
            )| {
                let existing = kind == 2;
                HubChoice {
                    existing,
                    base,
                    len,
                    name: if existing { Some(existing_name) } else { name },
                    subscription,
                    resource_group,
                    odd_case: odd_case && mode == Mode::Any,
                    firewall,
                    new_firewall,
                    firewall_name,
                    bastion,
                    peering: [None, None, None, Some(true), Some(false)][usize::from(peering)],
                    gateway_transit,
                    route,
                    firewall_mode,
                    dns_servers,
                }
            },
        );
    (any::<bool>(), choice).prop_map(|(some, choice)| some.then_some(choice))
}

/// Adds `hub` to a generated spec, valid by construction: an existing hub takes no address space, name,
/// Bastion or new firewall and is named unlike the spoke; gateway transit only with an existing hub; the
/// DNS proxy and routes into the hub only when the hub is peered, custom DNS servers only without the
/// proxy; a route to the hub firewall with `outbound.mode: firewall`.
fn add_hub(spec: &mut GenSpec, mode: Mode, hub: &HubChoice) {
    let root = spec.value.as_object_mut().unwrap();
    let spec_name = root["name"].as_str().unwrap().to_owned();
    let spoke =
        root["vnet"].get("name").and_then(Value::as_str).map_or_else(|| format!("vnet-{spec_name}"), str::to_owned);
    let peered = hub.peering != Some(false);
    let base = hub.base;
    let mut out = Map::new();
    let id = |provider: &str, ty: &str, name: &str| {
        let (subs, groups, providers) = if hub.odd_case {
            ("SUBSCRIPTIONS", "resourcegroups", "PROVIDERS")
        } else {
            ("subscriptions", "resourceGroups", "providers")
        };
        let provider = if hub.odd_case { provider.to_ascii_lowercase() } else { provider.to_owned() };
        format!("/{subs}/{}/{groups}/{}/{providers}/{provider}/{ty}/{name}", hub.subscription, hub.resource_group)
    };
    if hub.existing {
        // The hub's name must differ from the spoke's, whatever the case.
        let mut name = hub.name.clone().unwrap();
        if name.eq_ignore_ascii_case(&spoke) {
            name.push_str("-hub");
        }
        out.insert("resource_id".into(), json!(id("Microsoft.Network", "virtualNetworks", &name)));
        if hub.gateway_transit {
            out.insert("gateway_transit".into(), json!(true));
        }
    } else {
        out.insert("address_space".into(), json!([format!("{base}.0.0/{}", hub.len)]));
        let default = format!("vnet-{spec_name}-hub");
        match &hub.name {
            Some(name) if name.eq_ignore_ascii_case(&spoke) => {
                out.insert("name".into(), json!(format!("{name}-hub")));
            }
            Some(name) => {
                out.insert("name".into(), json!(name));
            }
            // The default name, unless the spoke took it.
            None if default.eq_ignore_ascii_case(&spoke) => {
                out.insert("name".into(), json!(format!("{default}2")));
            }
            None => {}
        }
        if hub.bastion {
            out.insert("bastion".into(), json!({ "subnet_prefix": format!("{base}.0.192/26") }));
        }
    }
    if let Some(peering) = hub.peering {
        out.insert("peering".into(), json!(peering));
    }
    let firewall_ip = format!("{base}.0.4");
    let mut dns_proxy = false;
    let firewall = match hub.firewall {
        0 => None,
        1 | 2 if !hub.existing => {
            let fw = &hub.new_firewall;
            let mut obj = Map::new();
            if let Some(sku) = fw.sku {
                obj.insert("sku".into(), json!(sku));
            }
            obj.insert("subnet_prefix".into(), json!(format!("{base}.0.0/{}", if fw.wide { 25 } else { 26 })));
            // checkov's CKV2_AZURE_31 (every subnet has an NSG, gated) exempts `AzureFirewallSubnet` but not
            // the management subnet, which has none.
            if fw.management && mode == Mode::Any {
                obj.insert("management_subnet_prefix".into(), json!(format!("{base}.0.128/26")));
            }
            if fw.dns_proxy && peered {
                obj.insert("dns_proxy".into(), json!(true));
                dns_proxy = true;
            }
            if !fw.rule_groups.is_empty() {
                obj.insert("rule_groups".into(), json!(fw.rule_groups));
            }
            let location = root["location"].as_str().unwrap();
            match &fw.zones {
                Some(zones) if location != "westus" || zones.is_empty() => {
                    obj.insert("zones".into(), json!(zones));
                }
                _ => {}
            }
            Some(Value::Object(obj))
        }
        _ => Some(json!({ "existing": {
            "resource_id": id("Microsoft.Network", "azureFirewalls", &hub.firewall_name),
            "private_ip": firewall_ip,
        } })),
    };
    let has_firewall = firewall.is_some();
    if let Some(firewall) = firewall {
        out.insert("firewall".into(), firewall);
    }
    root.insert("hub".into(), Value::Object(out));
    // The proxy is the spoke's DNS server; without it, custom servers (a forwarder in the hub) or Azure's.
    let servers = &[firewall_ip.clone(), format!("{base}.0.5")][..usize::from(hub.dns_servers.saturating_sub(1))];
    if !dns_proxy && !servers.is_empty() {
        root["vnet"]["dns_servers"] = json!(servers);
    }

    let route = match hub.route {
        2 if has_firewall && peered => Some(json!({ "next_hop": "hub_firewall" })),
        3 if peered => Some(json!({ "next_hop": "virtual_appliance", "ip": firewall_ip })),
        _ => None,
    };
    let ft = root.entry("forced_tunneling").or_insert_with(|| json!({})).as_object_mut().unwrap();
    let firewall_mode = match route {
        Some(route) => {
            let to_hub_firewall = route["next_hop"] == "hub_firewall";
            ft.insert("default_route".into(), route);
            to_hub_firewall || hub.firewall_mode
        }
        None => {
            // An appliance address that the unpeered hub holds is unreachable.
            let unreachable = !peered
                && !hub.existing
                && ft
                    .get("default_route")
                    .and_then(|r| r["ip"].as_str())
                    .is_some_and(|ip| ip.starts_with(&format!("{base}.")));
            if unreachable {
                ft.remove("default_route");
            }
            false
        }
    };
    if ft.is_empty() {
        root.remove("forced_tunneling");
    }
    if firewall_mode {
        root["outbound"]["mode"] = json!("firewall");
    }
}

type Top = (String, &'static str, Option<&'static str>, Vec<(String, String)>, u8, Option<String>);
type Network = (&'static str, u8, Option<(u8, Vec<&'static str>, Vec<&'static str>)>);
type Workspace = (bool, u8, bool, bool, Option<String>, Option<String>);

fn build(
    mode: Mode,
    (name, location, rules, tags, a, vnet_name): Top,
    subnet_choices: Vec<(String, u8)>,
    compute_choices: Vec<ComputeChoice>,
    (outbound_mode, ssh_choice, tunnel): Network,
    (public, storage_choice, kv_fw, registry, insights, storage_name): Workspace,
) -> GenSpec {
    let mut spec = Map::new();
    spec.insert("version".into(), json!(1));
    spec.insert("name".into(), json!(name));
    spec.insert("location".into(), json!(location));
    if let Some(rules) = rules {
        spec.insert("network_rules".into(), json!(rules));
    }
    if !tags.is_empty() {
        spec.insert("tags".into(), Value::Object(tags.into_iter().map(|(k, v)| (k, json!(v))).collect()));
    }

    // Computes first: their node counts size the subnets.
    let n_subnets = subnet_choices.len();
    let mut needed = vec![0u64; n_subnets];
    let mut computes = Vec::new();
    let mut scoring_from_internet = Vec::new();
    for (i, c) in compute_choices.iter().enumerate() {
        let subnet = c.subnet % n_subnets;
        let cname = format!("{}x{i}", c.word);
        let mut obj = Map::new();
        obj.insert("name".into(), json!(cname));
        let kind = ["aml_cluster", "virtual_machine", "hdinsight", "aks"][usize::from(c.kind)];
        obj.insert("kind".into(), json!(kind));
        obj.insert("subnet".into(), json!(format!("{}{subnet}", subnet_choices[subnet].0)));
        match c.kind {
            0 => {
                obj.insert("vm_size".into(), json!(c.vm_size));
                obj.insert("min_nodes".into(), json!(c.min_nodes));
                obj.insert("max_nodes".into(), json!(c.nodes));
                if let Some(ssh) = c.ssh {
                    obj.insert("ssh".into(), json!(ssh));
                }
                needed[subnet] += u64::from(c.nodes);
            }
            // A VM amlnet creates in the subnet: an existing VM or HDInsight cluster needs an existing
            // virtual network, which the generator does not draw.
            1 | 2 => {
                obj.insert("kind".into(), json!("virtual_machine"));
                obj.insert("vm_size".into(), json!(c.vm_size));
                obj.insert("os".into(), json!(c.os));
                needed[subnet] += 1;
            }
            _ => {
                let nodes = c.nodes.min(5);
                obj.insert("node_count".into(), json!(nodes));
                if nodes < 3 {
                    obj.insert("cluster_purpose".into(), json!("dev_test"));
                }
                if a == 244 {
                    // The default pod CIDR is 10.244.0.0/16.
                    obj.insert("pod_cidr".into(), json!("10.245.0.0/16"));
                }
                obj.insert("vm_size".into(), json!(c.vm_size));
                obj.insert("service_cidr".into(), json!(format!("192.168.{}.0/24", c.service)));
                obj.insert("dns_service_ip".into(), json!(format!("192.168.{}.10", c.service)));
                if c.docker {
                    obj.insert("docker_bridge_cidr".into(), json!("172.17.0.1/16"));
                }
                // A third of the clusters are private with AKS's zone, a third with a custom zone by id.
                match c.service % 3 {
                    0 => {
                        obj.insert("private_cluster".into(), json!(true));
                    }
                    1 => {
                        let zone = format!(
                            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/\
                             Microsoft.Network/privateDnsZones/privatelink.{location}.azmk8s.io"
                        );
                        obj.insert("private_cluster".into(), json!(true));
                        obj.insert("private_dns_zone".into(), json!(zone));
                    }
                    _ => {}
                }
                if let Some((port, from)) = c.scoring {
                    // Kubernetes compute's router serves HTTP on 80 without TLS; the v1 attach opens any port.
                    // checkov gates HTTP from the Internet, which gated specs keep to a documentation range.
                    let (port, from) = match rules {
                        Some("seed-2019") => (port, from),
                        _ if mode == Mode::Gated && INTERNET.contains(&from) => (80, "203.0.113.0/24"),
                        _ => (80, from),
                    };
                    obj.insert("scoring".into(), json!({ "port": port, "allow_from": from }));
                    if INTERNET.contains(&from) {
                        scoring_from_internet.push(cname.clone());
                    }
                }
                needed[subnet] += u64::from(nodes);
            }
        }
        computes.push(Value::Object(obj));
    }

    let mut subnets = Vec::new();
    for (i, (word, pick)) in subnet_choices.iter().enumerate() {
        // The smallest prefix (largest length) that still fits, then up to `pick` sizes larger.
        let fits = |len: u32| (1u64 << (32 - len)) - 5 >= needed[i];
        let tightest = (22..=27).rev().find(|len| fits(*len)).unwrap_or(22);
        let len = tightest.saturating_sub(u32::from(*pick)).max(22);
        subnets.push(json!({ "name": format!("{word}{i}"), "prefix": format!("10.{a}.{}.0/{len}", 4 * i) }));
    }
    let mut vnet = Map::new();
    if let Some(vnet_name) = vnet_name {
        vnet.insert("name".into(), json!(vnet_name));
    }
    vnet.insert("address_space".into(), json!([format!("10.{a}.0.0/16")]));
    vnet.insert("subnets".into(), Value::Array(subnets));
    spec.insert("vnet".into(), Value::Object(vnet));

    let mut outbound = Map::new();
    outbound.insert("mode".into(), json!(outbound_mode));
    let mut ssh_from_internet = false;
    match (mode, ssh_choice) {
        (_, 0 | 1) => {}
        (_, 2) => {
            outbound.insert("allow_ssh_from".into(), json!("203.0.113.0/24"));
        }
        (_, 3) => {
            outbound.insert("allow_ssh_from".into(), json!(format!("10.{a}.0.0/16")));
        }
        (Mode::Gated, _) => {
            outbound.insert("allow_ssh_from".into(), json!("AzureMachineLearning"));
        }
        (Mode::Any, n) => {
            outbound.insert("allow_ssh_from".into(), json!(INTERNET[usize::from(n - 3) % 3]));
            outbound.insert("i_understand_ssh_from_internet".into(), json!(true));
            ssh_from_internet = true;
        }
    }
    // A NAT gateway for the training subnets in a third of the specs (none has compute without a
    // public IP, so every spec is valid either way).
    if a % 3 == 0 {
        outbound.insert("egress".into(), json!("nat_gateway"));
    }
    spec.insert("outbound".into(), Value::Object(outbound));

    if let Some((default, routes, prefixes)) = tunnel {
        let mut ft = Map::new();
        match default {
            1 => {
                ft.insert("default_route".into(), json!({ "next_hop": "virtual_appliance", "ip": "10.255.0.4" }));
            }
            2 => {
                ft.insert("default_route".into(), json!({ "next_hop": "internet" }));
            }
            _ => {}
        }
        ft.insert("internet_routes".into(), json!(routes));
        ft.insert("internet_prefixes".into(), json!(prefixes));
        spec.insert("forced_tunneling".into(), Value::Object(ft));
    }

    let mut ws = Map::new();
    // The generator draws no private endpoints, so the workspace stays public: written out or defaulted.
    if public {
        ws.insert("public_network_access".into(), json!(true));
    }
    let (storage_fw, purpose) = match (mode, storage_choice) {
        (Mode::Gated, _) | (_, 0) => (true, "experimentation"),
        (_, 1) => (false, "experimentation"),
        _ => (false, "inference"),
    };
    let mut storage = json!({ "firewall": storage_fw, "purpose": purpose });
    if let Some(storage_name) = storage_name {
        storage["name"] = json!(storage_name);
    }
    ws.insert("storage".into(), storage);
    ws.insert("key_vault".into(), json!({ "firewall": kv_fw || mode == Mode::Gated }));
    if registry {
        ws.insert("container_registry".into(), json!({}));
    }
    if let Some(insights) = insights {
        ws.insert("application_insights".into(), json!({ "name": insights }));
    }
    spec.insert("workspace".into(), Value::Object(ws));
    spec.insert("compute".into(), Value::Array(computes));
    GenSpec { value: Value::Object(spec), ssh_from_internet, scoring_from_internet }
}

/// `PROPTEST_CASES` (default 1000) random valid specs of [`Mode::Any`] from a fixed seed, each rendered
/// in one of the three syntaxes: (spec, syntax, text).
pub fn random_specs(seed: u8) -> impl Iterator<Item = (GenSpec, amlnet::SourceFormat, String)> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let cases: usize = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = (valid_spec(Mode::Any), select(&super::SYNTAXES[..]));
    (0..cases).map(move |_| {
        let (spec, syntax) = strategy.new_tree(&mut runner).unwrap().current();
        let text = super::render::render(&spec.value, syntax);
        (spec, syntax, text)
    })
}

/// How a stressed input is built from a valid spec: the shapes machine-written or hostile specs take.
#[derive(Debug, Clone)]
pub enum Stress {
    /// The spec as minified JSON on one line, `pad` spaces after its opening brace, so that every
    /// span lies past column `pad` (columns past 65,535 once panicked the renderer).
    OneLine { pad: usize },
    /// The spec with a value nested `depth` arrays (or objects) deep put at an unknown key.
    Deep { depth: usize, objects: bool },
    /// The spec with an unknown key `len` bytes long.
    LongKey { len: usize },
}

/// A [`Stress`] shape; lengths reach past the renderer's old 65,535-column limit and depths past the
/// parsers' cap of 64.
pub fn stress() -> impl Strategy<Value = Stress> {
    prop_oneof![
        (60_000usize..80_000).prop_map(|pad| Stress::OneLine { pad }),
        (1usize..300, any::<bool>()).prop_map(|(depth, objects)| Stress::Deep { depth, objects }),
        (1usize..100_000).prop_map(|len| Stress::LongKey { len }),
    ]
}

impl Stress {
    /// Applies the shape to a valid spec's value; `OneLine` returns the text itself (JSON), the
    /// others a value to render in any syntax.
    pub fn apply(&self, value: &Value) -> Result<String, Value> {
        let mut value = value.clone();
        match *self {
            Stress::OneLine { pad } => {
                let minified = serde_json::to_string(&value).unwrap();
                Ok(format!("{{{}{}", " ".repeat(pad), &minified[1..]))
            }
            Stress::Deep { depth, objects } => {
                let mut nested = json!("x");
                for _ in 0..depth {
                    nested = if objects { json!({ "k": nested }) } else { json!([nested]) };
                }
                value.as_object_mut().unwrap().insert("deep".to_owned(), nested);
                Err(value)
            }
            Stress::LongKey { len } => {
                value.as_object_mut().unwrap().insert("k".repeat(len), json!(1));
                Err(value)
            }
        }
    }
}
