//! The Terraform emitter: the IR rendered as an azurerm 4.x (plus azapi where azurerm has no
//! resource) root module of four files, `versions.tf`, `variables.tf`, `main.tf` and `outputs.tf`.
//!
//! Every file is built as an `hcl::Body` (blocks, attributes, traversals and expressions as data),
//! printed by hcl-rs and then put into `terraform fmt` layout by [`fmt::canonical`]; the only text
//! written by hand is the header comment. References between resources are traversals derived from
//! the `ResourceId`s in the IR bodies, so Terraform infers the same dependency graph the IR holds; an
//! [`ExtraDep`](crate::ir::ExtraDep) becomes `depends_on`.
//!
//! Architecture invariant: this module decides syntax only. It does not decide which resources, rules,
//! routes or firewall entries exist (the IR did), holds no resource types, API versions or provider
//! constraints (those come from `azure::catalog`), never reads or writes files, and never fails: a
//! graph `lower` cannot produce is an `unreachable!` with context. Attribute names are azurerm syntax
//! and live here; every value comes from the IR, spelled by `azure` (`sku.tier()`, `azure_name()`).
//! Each IR body is destructured without `..`, so a new IR field does not compile until it is spelled.

mod area;
mod azapi;
mod fmt;
mod literal;
mod managed;

use hcl::expr::{Expression, Object, ObjectKey, Traversal, Variable};
use hcl::structure::{Attribute, Block, Body, Structure};
use hcl::{Identifier, format::Format};

use std::rc::Rc;

use super::{Header, PrintedOnce};
use crate::azure::aks;
use crate::azure::catalog::{self, ApiKind};
use crate::azure::defaults::{IdentityType, KeyVaultSettings, StorageSettings};
use crate::azure::firewall;
use crate::azure::private_link;
use crate::emit::armbody::{self, AzValue};
use crate::ir::{self, Graph, NextHop, ResourceId};
use area::Area;

/// Renders the graph; returns (file name, contents) pairs in the order `versions.tf`,
/// `variables.tf`, `main.tf` (the locals), one file per [`Area`] that has resources, `outputs.tf`.
pub fn emit(graph: &Graph, header: &Header) -> Vec<(String, String)> {
    emit_files(graph, header, versions_file(graph, header))
}

/// [`emit`] as a child module: the same files, but `versions.tf` states the provider requirements
/// without configuring the providers (a module called by another must not: the caller passes its
/// own), with what the caller's azurerm provider must set.
pub fn emit_module(graph: &Graph, header: &Header) -> Vec<(String, String)> {
    emit_files(graph, header, module_versions_file(graph, header))
}

fn emit_files(graph: &Graph, header: &Header, versions: String) -> Vec<(String, String)> {
    let mut files = vec![
        ("versions.tf".to_owned(), versions),
        ("variables.tf".to_owned(), render(header, variables(graph), 0)),
        ("main.tf".to_owned(), render(header, locals(), 0)),
    ];
    for area in Area::ALL {
        if graph.resources().any(|(_, res)| Area::of(&res.body) == area && !resource_blocks_empty(res)) {
            files.push((area.file().to_owned(), render(header, main(graph, area), super::capacity_hint(graph))));
        }
    }
    files.push(("outputs.tf".to_owned(), render(header, outputs(graph), 0)));
    files
}

/// Whether `res` is written as a block of another resource (a DNS zone group, inside its endpoint).
fn resource_blocks_empty(res: &ir::Resource) -> bool {
    matches!(res.body, ir::Body::PrivateDnsZoneGroup(_))
}

use catalog::{
    TF_DATA_CLIENT_CONFIG as CLIENT_CONFIG, TF_NAT_GATEWAY_PUBLIC_IP_ASSOCIATION as NAT_PUBLIC_IP_ASSOCIATION,
    TF_SUBNET_NAT_GATEWAY_ASSOCIATION as SUBNET_NAT_ASSOCIATION, TF_SUBNET_NSG_ASSOCIATION as SUBNET_NSG_ASSOCIATION,
    TF_SUBNET_ROUTE_TABLE_ASSOCIATION as SUBNET_ROUTE_TABLE_ASSOCIATION,
};
/// The label of the one `azurerm_client_config` data source.
const CLIENT_CONFIG_LABEL: &str = "current";

/// Width at which the header comment is wrapped.
const HEADER_WIDTH: usize = 100;

/// One top-level item of a file: a structure for hcl-rs to print, or a block printed by hcl-rs whose
/// nested blocks were printed before (and are shared with other blocks).
enum Item {
    Hcl(Structure),
    /// `head` is printed and laid out, then `nested`, the laid-out text of its nested blocks as
    /// [`nested_text`] makes it, goes in before its closing brace. The text is the same as that of
    /// `head` with the nested blocks added, printed whole (a test keeps it so).
    Spliced {
        head: Block,
        nested: Rc<str>,
    },
    /// `# ` comment lines written right above the next top-level block.
    Comment(String),
}

impl From<Structure> for Item {
    fn from(structure: Structure) -> Item {
        Item::Hcl(structure)
    }
}

/// The header comment, a blank line, then the body made of `items` in `terraform fmt` layout, in a
/// buffer of `capacity` bytes to start with.
///
/// The body is printed and laid out one top-level block at a time, so a large `main.tf` is never
/// held as one `hcl::Body`, one printed text and one laid-out text at once. One formatter prints every
/// structure, so the output is exactly that of printing the whole body; a piece ends only between two
/// top-level blocks, where the formatter writes a blank line, which ends every alignment run and
/// indentation level of the layout pass.
fn render<I: Into<Item>>(header: &Header, items: impl IntoIterator<Item = I>, capacity: usize) -> String {
    let mut formatter = hcl::format::Formatter::builder().compact_arrays(true).build_vec();
    let mut out = String::with_capacity(capacity);
    out.push_str(&comment(&header.text(), HEADER_WIDTH));
    out.push('\n');
    let mut piece = Body::default();
    let mut pending_comment: Option<String> = None;
    for item in items {
        match item.into() {
            Item::Hcl(structure) => {
                let is_block = matches!(structure, Structure::Block(_));
                if is_block && matches!(piece.0.last(), Some(Structure::Block(_))) {
                    render_piece(&mut formatter, &mut piece, &mut out);
                }
                if let Some(text) = pending_comment.take() {
                    render_piece(&mut formatter, &mut piece, &mut out);
                    piece.0.push(structure);
                    render_commented(&mut formatter, &mut piece, Some(&text), &mut out);
                    continue;
                }
                piece.0.push(structure);
            }
            Item::Comment(text) => {
                render_piece(&mut formatter, &mut piece, &mut out);
                pending_comment = Some(text);
            }
            Item::Spliced { head, nested } => {
                render_piece(&mut formatter, &mut piece, &mut out);
                piece.0.push(Structure::Block(head));
                let pending = pending_comment.take();
                render_commented(&mut formatter, &mut piece, pending.as_deref(), &mut out);
                let Some(open) = out.strip_suffix("}\n").map(str::len) else {
                    unreachable!("hcl-rs ends a top-level block with its closing brace")
                };
                out.truncate(open);
                out.push_str(&nested);
                out.push_str("}\n");
            }
        }
    }
    render_piece(&mut formatter, &mut piece, &mut out);
    out
}

/// Escapes, prints and lays out `piece`, appends it to `out` and empties it.
fn render_piece(formatter: &mut hcl::format::Formatter<'_, Vec<u8>>, piece: &mut Body, out: &mut String) {
    render_commented(formatter, piece, None, out);
}

/// [`render_piece`], with `why` (if any) as `# ` comment lines right above the piece's first block,
/// after the blank line that separates it from the block before.
fn render_commented(
    formatter: &mut hcl::format::Formatter<'_, Vec<u8>>,
    piece: &mut Body,
    why: Option<&str>,
    out: &mut String,
) {
    if piece.0.is_empty() {
        return;
    }
    literal::escape_strings(piece);
    let text = piece.format_string(formatter).expect("formatting an hcl::Body to a String cannot fail");
    let text = depends_on_one_per_line(&text);
    let mut laid = String::with_capacity(text.len() + text.len() / 4);
    fmt::canonical_into(&text, &mut laid);
    piece.0.clear();
    let Some(why) = why else {
        out.push_str(&laid);
        return;
    };
    let body = laid.trim_start_matches('\n');
    out.push_str(&laid[..laid.len() - body.len()]);
    for line in why.lines() {
        out.push_str(&comment(line, HEADER_WIDTH));
    }
    out.push_str(body);
}

/// `text` with each `depends_on` list of more than one address written one address per line, so a
/// reviewer reads (and a diff shows) each dependency on its own line next to its reason.
fn depends_on_one_per_line(text: &str) -> std::borrow::Cow<'_, str> {
    const KEY: &str = "depends_on = [";
    if !text.contains(KEY) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let indent = &line[..line.len() - line.trim_start().len()];
        match trimmed.strip_prefix(KEY).and_then(|rest| rest.strip_suffix(']')) {
            Some(list) if list.contains(", ") => {
                out.push_str(indent);
                out.push_str(KEY);
                out.push('\n');
                for address in list.split(", ") {
                    out.push_str(indent);
                    out.push_str("  ");
                    out.push_str(address);
                    out.push_str(",\n");
                }
                out.push_str(indent);
                out.push_str("]\n");
            }
            _ => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Blocks nested one level deep, printed and laid out: each after a blank line, indented one level
/// (nothing for no blocks).
fn nested_text(blocks: impl IntoIterator<Item = Block>) -> Rc<str> {
    let mut body: Body = blocks.into_iter().map(Structure::Block).collect();
    if body.0.is_empty() {
        return Rc::from("");
    }
    let mut formatter = hcl::format::Formatter::builder().compact_arrays(true).build_vec();
    let mut laid = String::new();
    render_piece(&mut formatter, &mut body, &mut laid);
    let mut out = String::with_capacity(laid.len() + laid.len() / 8);
    out.push('\n');
    for line in laid.lines() {
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out.into()
}

/// `text` as `# ` comment lines of at most `width` columns (longer words stay whole).
fn comment(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// versions.tf

/// Why the azurerm provider must not use the storage data plane, written above its `storage` block.
const STORAGE_DATA_PLANE_WHY: &str = "The storage account admits no network outside the virtual network \
    (firewall or private endpoints), so its data plane answers 403 to the machine running Terraform. azurerm \
    4.x polls the blob, queue and file endpoints after creating an account and fails on that 403; with \
    data_plane_available = false it uses the management plane only (queue_properties and static_website, \
    which amlnet does not set, are then refused).";

/// `versions.tf`: the constraints and the provider blocks, with the reason for each provider feature
/// the graph calls for.
fn versions_file(graph: &Graph, header: &Header) -> String {
    let text = render(header, versions(graph), 0);
    if graph.storage_data_plane_reachable {
        return text;
    }
    comment_before_block(&text, "storage", STORAGE_DATA_PLANE_WHY)
}

/// What a caller of the module must configure, written above the `terraform` block.
const MODULE_CALLER_WHY: &str = "This is a child module: the calling configuration configures the providers. \
    Its azurerm provider must set features { storage { data_plane_available = false } }.";

/// `versions.tf` of the module mode: the constraints and the client config, no provider block.
fn module_versions_file(graph: &Graph, header: &Header) -> String {
    let mut body = versions(graph);
    body.0.retain(|structure| !matches!(structure, Structure::Block(block) if block.identifier() == "provider"));
    let text = render(header, body.0, 0);
    if graph.storage_data_plane_reachable {
        return text;
    }
    comment_before_block(&text, "terraform", &format!("{MODULE_CALLER_WHY} {STORAGE_DATA_PLANE_WHY}"))
}

/// `text` with `why` as comment lines (at the block's indentation) above the first block `name {`.
fn comment_before_block(text: &str, name: &str, why: &str) -> String {
    let opening = format!("{name} {{");
    let mut out = String::with_capacity(text.len() + why.len() * 2);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.trim() == opening {
            let indent = &line[..line.len() - line.trim_start().len()];
            for comment_line in comment(why, HEADER_WIDTH - indent.len()).lines() {
                out.push_str(indent);
                out.push_str(comment_line);
                out.push('\n');
            }
            done = true;
        }
        out.push_str(line);
    }
    debug_assert!(done, "no block {name} to explain");
    out
}

fn versions(graph: &Graph) -> Body {
    let mut used_types: Vec<&str> = graph.resources().map(|(_, res)| written_type(graph, res)).collect();
    if graph.resources().any(|(_, res)| subnet_update(graph, res).is_some() || azapi::updates(res)) {
        used_types.push(catalog::AZAPI_UPDATE_RESOURCE);
    }
    let providers: Vec<&(&str, &str, &str)> = catalog::TF_PROVIDERS
        .iter()
        .filter(|(name, _, _)| used_types.iter().chain([&CLIENT_CONFIG]).any(|ty| ty.split('_').next() == Some(*name)))
        .collect();
    let required_providers = providers.iter().map(|(name, source, version)| {
        Attribute::new(*name, object([("source", (*source).into()), ("version", (*version).into())]))
    });
    let mut body = Body::builder().add_block(
        Block::builder(key("terraform"))
            .add_attribute(attr("required_version", catalog::TF_REQUIRED_VERSION))
            .add_block(Block::builder(key("required_providers")).add_attributes(required_providers).build())
            .build(),
    );
    for (name, _, _) in &providers {
        let provider = Block::builder(key("provider")).add_label(*name);
        // azurerm requires a `features` block, even an empty one; other providers take no settings.
        body = body
            .add_block(if *name == "azurerm" { provider.add_block(azurerm_features(graph)) } else { provider }.build());
    }
    if needs_client_config(graph) {
        body =
            body.add_block(Block::builder(key("data")).add_label(CLIENT_CONFIG).add_label(CLIENT_CONFIG_LABEL).build());
    }
    body.build()
}

/// The azurerm `features` block: the storage data plane off when the graph says the deploying machine
/// cannot reach it.
fn azurerm_features(graph: &Graph) -> Block {
    let features = Block::builder(key("features"));
    if graph.storage_data_plane_reachable {
        return features.build();
    }
    let storage = Block::builder(key("storage")).add_attribute(attr("data_plane_available", false)).build();
    features.add_block(storage).build()
}

/// Whether some resource needs the deployment's tenant id.
fn needs_client_config(graph: &Graph) -> bool {
    graph.resources().any(|(id, res)| match res.body {
        ir::Body::KeyVault(_) => true,
        ir::Body::AttachedCompute(_)
        | ir::Body::AksCompute(_)
        | ir::Body::AmlInstance(_)
        | ir::Body::KubernetesCompute(_) => azapi::needs_tenant(graph, id),
        _ => false,
    })
}

// ---------------------------------------------------------------------------------------------
// variables.tf

fn variables(graph: &Graph) -> Body {
    let string_type = || Expression::Variable(Variable::unchecked("string"));
    let mut body = Body::builder()
        .add_block(
            Block::builder(key("variable"))
                .add_label("resource_group_name")
                .add_attribute(attr(
                    "description",
                    "Name of the existing resource group every resource is deployed into.",
                ))
                .add_attribute(attr("type", string_type()))
                .build(),
        )
        .add_block(
            Block::builder(key("variable"))
                .add_label("location")
                .add_attribute(attr("description", "Azure region of every resource."))
                .add_attribute(attr("type", string_type()))
                .add_attribute(attr("default", graph.region.name))
                .build(),
        )
        .add_block(
            Block::builder(key("variable"))
                .add_label("tags")
                .add_attribute(attr(
                    "description",
                    "Tags of every resource that takes tags (the spec's tags by default).",
                ))
                .add_attribute(attr("type", map_of_strings()))
                .add_attribute(attr("default", spec_tags(graph)))
                .build(),
        );
    for (_, param) in graph.params() {
        let mut block = Block::builder(key("variable"))
            .add_label(ident(&param.name).as_str())
            .add_attribute(attr("description", param.description.as_str()))
            .add_attribute(attr("type", string_type()));
        if param.secure {
            block = block.add_attribute(attr("sensitive", true));
        }
        body = body.add_block(block.build());
    }
    body.build()
}

/// The type constraint `map(string)`.
fn map_of_strings() -> Expression {
    hcl::expr::FuncCall::builder("map").arg(Expression::Variable(Variable::unchecked("string"))).build().into()
}

/// The spec's tags as an HCL object.
fn spec_tags(graph: &Graph) -> Expression {
    let tags = graph.tags.iter().map(|(k, v)| (ObjectKey::Expression(k.as_str().into()), v.as_str().into()));
    Expression::Object(tags.collect())
}

// ---------------------------------------------------------------------------------------------
// Resource files

/// The resource blocks of `area`, built one IR resource at a time as [`render`] consumes them, each
/// block with an explicit dependency preceded by the reason for each.
fn main(graph: &Graph, area: Area) -> impl Iterator<Item = Item> + '_ {
    // Each rule list printed once, however many security groups share it.
    let printed_rules = PrintedOnce::default();
    graph.resources().filter(move |(_, res)| Area::of(&res.body) == area).flat_map(move |(id, res)| {
        let mut blocks = resource_blocks(graph, id, res);
        let depends_on = depends_on(graph, id);
        if let Some(first) = blocks.first_mut().filter(|_| !depends_on.is_empty()) {
            first.depends_on = depends_on;
        }
        // A security group's rules: its list, printed once for every group that shares it.
        if let ir::Body::NetworkSecurityGroup(nsg) = &res.body {
            let [group] = <[TfResource; 1]>::try_from(blocks).unwrap_or_else(|_| unreachable!("one block"));
            let rules = &graph.rule_list(nsg.rules).rules;
            if !group.depends_on.is_empty() {
                let why = group.why();
                let block = group.blocks(rules.iter().map(security_rule)).build();
                return vec![Item::Comment(why), Item::Hcl(Structure::Block(block))];
            }
            let nested = printed_rules.get_or_print(nsg.rules, 1, || nested_text(rules.iter().map(security_rule)));
            return vec![Item::Spliced { head: group.build(), nested }];
        }
        let mut items = Vec::with_capacity(blocks.len() + 1);
        for block in blocks {
            if !block.depends_on.is_empty() {
                items.push(Item::Comment(block.why()));
            }
            items.push(Item::Hcl(Structure::Block(block.build())));
        }
        items
    })
}

/// `main.tf`: the values every area file shares.
fn locals() -> Body {
    let tags = Attribute::new(key("tags"), var("tags"));
    Body::builder().add_block(Block::builder(key("locals")).add_attribute(tags).build()).build()
}

/// The Terraform resources of one IR resource, the one that stands for it first.
fn resource_blocks(graph: &Graph, id: ResourceId, res: &ir::Resource) -> Vec<TfResource> {
    let ty = tf_type(res);
    let tagged = |block: TfResource| block.tags(graph, res);
    match &res.body {
        // A network known by its full id (a hub in any subscription) is referred to by that id: a data
        // source reads only the provider's subscription.
        ir::Body::VirtualNetwork(ir::VirtualNetwork { existing: Some(existing), .. })
            if existing.id(res.kind, &res.name).is_some() =>
        {
            Vec::new()
        }
        // amlnet states no DNS servers of an existing network (validation refuses them).
        ir::Body::VirtualNetwork(ir::VirtualNetwork {
            address_space: _,
            existing: Some(_),
            subnets: _,
            dns_servers: _,
        }) => {
            vec![
                TfResource::data(ty, res)
                    .attr("name", res.name.as_str())
                    .attr("resource_group_name", existing_group(graph, id)),
            ]
        }
        // The subnets are resources of their own.
        ir::Body::VirtualNetwork(ir::VirtualNetwork { address_space, existing: None, subnets: _, dns_servers }) => {
            let space = address_space.iter().map(ToString::to_string);
            let block = TfResource::located(ty, res).attr("address_space", strings(space));
            let block = match dns_servers {
                ir::DnsServers::Azure => block,
                ir::DnsServers::Custom(servers) => {
                    block.attr("dns_servers", strings(servers.as_slice().iter().map(ToString::to_string)))
                }
                ir::DnsServers::FirewallProxy(fw) => {
                    block.attr("dns_servers", Expression::Array(vec![firewall_private_ip(graph, *fw)]))
                }
            };
            vec![tagged(block)]
        }
        ir::Body::Subnet(subnet) => subnet_blocks(graph, res, subnet),
        // The rules are added by `main`, which prints each list of rules once; the spec paths explain
        // the rules and do not reach Azure.
        ir::Body::NetworkSecurityGroup(ir::NetworkSecurityGroup { rules: _, selected_by: _ }) => {
            vec![tagged(TfResource::located(ty, res))]
        }
        ir::Body::RouteTable(ir::RouteTable { routes, bgp_route_propagation }) => {
            let routes = routes.iter().map(|r| route(graph, r));
            let block = TfResource::located(ty, res).attr("bgp_route_propagation_enabled", *bgp_route_propagation);
            vec![tagged(block).blocks(routes)]
        }
        ir::Body::StorageAccount(ir::StorageAccount {
            settings: StorageSettings { kind, sku, min_tls, https_only, blob_public_access, shared_key_access },
            public_network_access,
            network_acls,
        }) => {
            let block = TfResource::located(ty, res)
                .attr("account_kind", kind.azure_name())
                .attr("account_tier", sku.tier())
                .attr("account_replication_type", sku.replication())
                .attr("https_traffic_only_enabled", *https_only)
                .attr("min_tls_version", min_tls.azure_name())
                .attr("allow_nested_items_to_be_public", *blob_public_access)
                .attr("shared_access_key_enabled", *shared_key_access)
                .attr("public_network_access_enabled", *public_network_access);
            let ir::NetworkAcls { default_action, bypass, firewall } = network_acls;
            let rules = Block::builder(key("network_rules"))
                .add_attribute(attr("default_action", default_action.azure_name()))
                .add_attribute(attr("bypass", vec![bypass.azure_name()]));
            vec![tagged(block).blocks([admitted_subnets(graph, rules, firewall.as_ref())])]
        }
        ir::Body::KeyVault(ir::KeyVault {
            settings:
                KeyVaultSettings {
                    sku,
                    // azurerm 4.x has no switch: soft delete is always on.
                    soft_delete: _,
                    soft_delete_retention_days,
                    purge_protection,
                    rbac_authorization,
                },
            public_network_access,
            network_acls,
        }) => {
            let block = TfResource::located(ty, res)
                .attr("tenant_id", client_config("tenant_id"))
                .attr("sku_name", sku.azure_name())
                .attr("rbac_authorization_enabled", *rbac_authorization)
                .attr("purge_protection_enabled", *purge_protection)
                .attr("soft_delete_retention_days", *soft_delete_retention_days)
                .attr("public_network_access_enabled", *public_network_access);
            let ir::NetworkAcls { default_action, bypass, firewall } = network_acls;
            let acls = Block::builder(key("network_acls"))
                .add_attribute(attr("bypass", bypass.azure_name()))
                .add_attribute(attr("default_action", default_action.azure_name()));
            vec![tagged(block).blocks([admitted_subnets(graph, acls, firewall.as_ref())])]
        }
        ir::Body::LogAnalytics(ir::LogAnalytics { sku, retention_days }) => {
            let block =
                TfResource::located(ty, res).attr("sku", sku.azure_name()).attr("retention_in_days", *retention_days);
            vec![tagged(block)]
        }
        ir::Body::ApplicationInsights(ir::ApplicationInsights { log_analytics, application_type }) => {
            let block = TfResource::located(ty, res)
                .attr("application_type", application_type.azure_name())
                .attr("workspace_id", reference(graph, *log_analytics, "id"));
            vec![tagged(block)]
        }
        ir::Body::ContainerRegistry(ir::ContainerRegistry {
            sku,
            admin_user,
            public_network_access,
            default_action,
            bypass,
        }) => {
            let rules = default_action.map(|action| {
                Block::builder(key("network_rule_set"))
                    .add_attribute(attr("default_action", action.azure_name()))
                    .build()
            });
            let block = TfResource::located(ty, res)
                .attr("sku", sku.azure_name())
                .attr("admin_enabled", *admin_user)
                .attr("public_network_access_enabled", *public_network_access)
                .attr("network_rule_bypass_option", bypass.azure_name());
            vec![tagged(block).blocks(rules)]
        }
        ir::Body::Workspace(ir::Workspace {
            friendly_name,
            storage,
            key_vault,
            application_insights,
            container_registry,
            sku,
            identity: identity_type,
            public_network_access,
            image_build_compute,
            managed_network,
            system_datastores_auth: _,
        }) => {
            let mut block = TfResource::located(ty, res)
                .attr("friendly_name", friendly_name.as_str())
                .attr("application_insights_id", reference(graph, *application_insights, "id"))
                .attr("key_vault_id", reference(graph, *key_vault, "id"))
                .attr("storage_account_id", reference(graph, *storage, "id"));
            if let Some(acr) = container_registry {
                block = block.attr("container_registry_id", reference(graph, *acr, "id"));
            }
            block =
                block.attr("sku_name", sku.azure_name()).attr("public_network_access_enabled", *public_network_access);
            if let Some(build) = image_build_compute {
                block = block.attr("image_build_compute_name", build.as_str());
            }
            let Some(network) = managed_network else {
                let workspace = tagged(block).blocks([identity(identity_type.azure_name(), None)]);
                return vec![workspace, azapi::workspace_update(graph, res)];
            };
            let settings = Block::builder(key("managed_network"))
                .add_attribute(attr("isolation_mode", network.isolation.azure_name()))
                .add_attribute(attr("provision_on_creation_enabled", network.provision_now))
                .build();
            let workspace = tagged(block).blocks([identity(identity_type.azure_name(), None), settings]);
            vec![workspace, azapi::workspace_update(graph, res)]
        }
        ir::Body::OutboundRule(rule) => vec![managed::outbound_rule(graph, res, rule)],
        ir::Body::AmlCluster(cluster) => vec![compute_cluster(graph, res, cluster)],
        ir::Body::AttachedCompute(_)
        | ir::Body::AksCompute(_)
        | ir::Body::AmlInstance(_)
        | ir::Body::KubernetesCompute(_)
        | ir::Body::ClusterExtension(_) => {
            vec![azapi::resource(graph, id, res)]
        }
        // azurerm has no location for a scope (a global resource); the rule it replaces is not written.
        ir::Body::MonitorPrivateLinkScope(ir::MonitorPrivateLinkScope {
            ingestion_access_mode,
            query_access_mode,
            replaces: _,
        }) => {
            let block = TfResource::new(ty, res)
                .attr("name", res.name.as_str())
                .attr("resource_group_name", var("resource_group_name"))
                .attr("ingestion_access_mode", ingestion_access_mode.azure_name())
                .attr("query_access_mode", query_access_mode.azure_name());
            vec![tagged(block)]
        }
        ir::Body::MonitorScopedResource(ir::MonitorScopedResource { scope, resource }) => vec![
            TfResource::new(ty, res)
                .attr("name", res.name.as_str())
                .attr("resource_group_name", var("resource_group_name"))
                .attr("scope_name", reference(graph, *scope, "name"))
                .attr("linked_resource_id", reference(graph, *resource, "id")),
        ],
        ir::Body::DiagnosticSetting(ir::DiagnosticSetting {
            target,
            workspace,
            category_groups,
            categories,
            destination,
        }) => {
            let groups = category_groups.iter().map(|group| ("category_group", *group));
            let logs = groups
                .chain(categories.iter().map(|category| ("category", *category)))
                .map(|(name, value)| Block::builder(key("enabled_log")).add_attribute(attr(name, value)).build());
            let mut block = TfResource::new(tf_type(res), res)
                .attr("name", res.name.as_str())
                .attr("target_resource_id", reference(graph, *target, "id"))
                .attr("log_analytics_workspace_id", reference(graph, *workspace, "id"));
            // The default (`AzureDiagnostics`) is the attribute left out, as ARM leaves the property out.
            if let Some(destination) = destination.azure_name() {
                block = block.attr("log_analytics_destination_type", destination);
            }
            vec![block.blocks(logs)]
        }
        ir::Body::ManagementLock(ir::ManagementLock { scope, level, notes }) => vec![
            TfResource::new(tf_type(res), res)
                .attr("name", res.name.as_str())
                .attr("scope", reference(graph, *scope, "id"))
                .attr("lock_level", *level)
                .attr("notes", notes.as_str()),
        ],
        ir::Body::NetworkInterface(ir::NetworkInterface { subnet, ip_configuration, private_ip_allocation }) => {
            let config = Block::builder(key("ip_configuration"))
                .add_attribute(attr("name", ip_configuration.as_str()))
                .add_attribute(attr("subnet_id", reference(graph, *subnet, "id")))
                .add_attribute(attr("private_ip_address_allocation", *private_ip_allocation))
                .build();
            vec![tagged(TfResource::located(ty, res)).blocks([config])]
        }
        ir::Body::VirtualMachine(vm) => vec![linux_virtual_machine(graph, res, vm)],
        ir::Body::ManagedCluster(aks) => vec![managed_cluster(graph, res, aks)],
        ir::Body::UserAssignedIdentity => vec![tagged(TfResource::located(ty, res))],
        ir::Body::RoleAssignment(ir::RoleAssignment { scope, principal, role, principal_type, principal_identity }) => {
            let principal = match principal_identity {
                ir::PrincipalIdentity::Own => principal_id(graph, *principal),
                ir::PrincipalIdentity::Kubelet => kubelet_object_id(graph, *principal),
            };
            let block = TfResource::new(ty, res)
                .attr("scope", reference(graph, *scope, "id"))
                .attr("role_definition_name", role.name())
                .attr("principal_id", principal)
                .attr("principal_type", principal_type.azure_name());
            vec![block]
        }
        ir::Body::PrivateEndpoint(ir::PrivateEndpoint { subnet, service, target }) => {
            let target = private_link::target(*target);
            let connection = Block::builder(key("private_service_connection"))
                .add_attribute(attr("name", res.name.as_str()))
                .add_attribute(attr("private_connection_resource_id", reference(graph, *service, "id")))
                .add_attribute(attr("subresource_names", vec![target.group_id]))
                .add_attribute(attr("is_manual_connection", false))
                .build();
            // The zone group is a block of the endpoint in azurerm.
            let zone_group = graph.resources().find_map(|(_, r)| match &r.body {
                ir::Body::PrivateDnsZoneGroup(group) if group.endpoint == id => Some(
                    Block::builder(key("private_dns_zone_group"))
                        .add_attribute(attr("name", r.name.as_str()))
                        .add_attribute(attr("private_dns_zone_ids", zone_ids(graph, group)))
                        .build(),
                ),
                _ => None,
            });
            let block = TfResource::located(ty, res).attr("subnet_id", reference(graph, *subnet, "id"));
            vec![tagged(block).blocks([connection]).blocks(zone_group)]
        }
        // A block of its endpoint, written there.
        ir::Body::PrivateDnsZoneGroup(ir::PrivateDnsZoneGroup { endpoint: _, zones: _, existing: _ }) => Vec::new(),
        // An existing zone (one the deployment grants a role on) is referred to by its id.
        ir::Body::PrivateDnsZone(ir::PrivateDnsZone { existing: Some(_) }) => Vec::new(),
        ir::Body::PrivateDnsZone(ir::PrivateDnsZone { existing: None }) => {
            let block = TfResource::new(ty, res)
                .attr("name", res.name.as_str())
                .attr("resource_group_name", var("resource_group_name"));
            vec![tagged(block)]
        }
        ir::Body::PrivateDnsZoneLink(ir::PrivateDnsZoneLink { zone, vnet, registration }) => {
            let block = TfResource::new(ty, res)
                .attr("name", res.name.as_str())
                .attr("resource_group_name", var("resource_group_name"))
                .attr("private_dns_zone_name", reference(graph, *zone, "name"))
                .attr("virtual_network_id", reference(graph, *vnet, "id"))
                .attr("registration_enabled", *registration);
            vec![tagged(block)]
        }
        ir::Body::PublicIpAddress(ir::PublicIpAddress { sku, tier, allocation, version, zones }) => {
            let mut block = TfResource::located(ty, res)
                .attr("sku", sku.azure_name())
                .attr("sku_tier", tier.azure_name())
                .attr("allocation_method", allocation.azure_name())
                .attr("ip_version", version.azure_name());
            if !zones.is_empty() {
                block = block.attr("zones", strings(zones.iter().copied()));
            }
            vec![tagged(block)]
        }
        // The explanation does not reach Azure; each public IP is an association of its own.
        ir::Body::NatGateway(ir::NatGateway { sku, public_ips, idle_timeout_minutes, zones, explain: _ }) => {
            let mut block = TfResource::located(ty, res)
                .attr("sku_name", sku.azure_name())
                .attr("idle_timeout_in_minutes", *idle_timeout_minutes);
            if !zones.is_empty() {
                block = block.attr("zones", strings(zones.iter().copied()));
            }
            let mut out = vec![tagged(block)];
            for &ip in public_ips {
                let target = graph.resource(ip);
                out.push(
                    TfResource::new(NAT_PUBLIC_IP_ASSOCIATION, target)
                        .attr("nat_gateway_id", self_reference(ty, res, "id"))
                        .attr("public_ip_address_id", reference(graph, ip, "id")),
                );
            }
            out
        }
        ir::Body::VirtualNetworkPeering(ir::VirtualNetworkPeering {
            vnet,
            remote,
            allow_virtual_network_access,
            allow_forwarded_traffic,
            allow_gateway_transit,
            use_remote_gateways,
        }) => {
            // The side of a network known by its full id is written through azapi, whose parent is that id:
            // azurerm's peering names its network by group and name, in the provider's subscription.
            if known_id(graph, *vnet).is_some() {
                return vec![azapi::resource(graph, id, res)];
            }
            let remote = reference(graph, *remote, "id");
            vec![
                TfResource::new(ty, res)
                    .attr("name", res.name.as_str())
                    .attr("resource_group_name", existing_group(graph, *vnet))
                    .attr("virtual_network_name", reference(graph, *vnet, "name"))
                    .attr("remote_virtual_network_id", remote)
                    .attr("allow_virtual_network_access", *allow_virtual_network_access)
                    .attr("allow_forwarded_traffic", *allow_forwarded_traffic)
                    .attr("allow_gateway_transit", *allow_gateway_transit)
                    .attr("use_remote_gateways", *use_remote_gateways),
            ]
        }
        ir::Body::AzureFirewall(ir::AzureFirewall {
            subnet,
            public_ip,
            ip_configuration,
            management,
            policy,
            sku_name,
            tier,
            zones,
        }) => {
            // `zones` stated even when empty: a firewall without zones is zone-redundant behind ARM's back.
            let block = TfResource::located(ty, res)
                .attr("sku_name", *sku_name)
                .attr("sku_tier", tier.azure_name())
                .attr("firewall_policy_id", reference(graph, *policy, "id"))
                .attr("zones", strings(zones.iter().copied()));
            let config = Block::builder(key("ip_configuration"))
                .add_attribute(attr("name", ip_configuration.as_str()))
                .add_attribute(attr("subnet_id", reference(graph, *subnet, "id")))
                .add_attribute(attr("public_ip_address_id", reference(graph, *public_ip, "id")))
                .build();
            let management = management.map(|(subnet, ip)| {
                Block::builder(key("management_ip_configuration"))
                    .add_attribute(attr("name", format!("{ip_configuration}-management")))
                    .add_attribute(attr("subnet_id", reference(graph, subnet, "id")))
                    .add_attribute(attr("public_ip_address_id", reference(graph, ip, "id")))
                    .build()
            });
            vec![tagged(block).blocks([config]).blocks(management)]
        }
        // The explanation does not reach Azure.
        ir::Body::FirewallPolicy(ir::FirewallPolicy { tier, threat_intel_mode, dns_proxy, explain: _ }) => {
            let block = TfResource::located(ty, res)
                .attr("sku", tier.azure_name())
                .attr("threat_intelligence_mode", *threat_intel_mode);
            let dns = Block::builder(key("dns")).add_attribute(attr("proxy_enabled", *dns_proxy)).build();
            vec![tagged(block).blocks([dns])]
        }
        ir::Body::FirewallRuleCollectionGroup(ir::FirewallRuleCollectionGroup { policy, priority, collections }) => {
            let block = TfResource::new(ty, res)
                .attr("name", res.name.as_str())
                .attr("firewall_policy_id", reference(graph, *policy, "id"))
                .attr("priority", *priority);
            vec![block.blocks(collections.iter().map(rule_collection))]
        }
        // The explanation does not reach Azure.
        ir::Body::BastionHost(ir::BastionHost { subnet, public_ip, ip_configuration, sku, explain: _ }) => {
            let block = TfResource::located(ty, res).attr("sku", *sku);
            let config = Block::builder(key("ip_configuration"))
                .add_attribute(attr("name", ip_configuration.as_str()))
                .add_attribute(attr("subnet_id", reference(graph, *subnet, "id")))
                .add_attribute(attr("public_ip_address_id", reference(graph, *public_ip, "id")))
                .build();
            vec![tagged(block).blocks([config])]
        }
    }
}

/// A filter rule collection of a rule collection group; the explanations do not reach Azure.
fn rule_collection(collection: &ir::RuleCollection) -> Block {
    let ir::RuleCollection { name, priority, action, rules } = collection;
    let (label, rules): (&'static str, Vec<Block>) = match rules {
        ir::FirewallRules::Network(rules) => (
            "network_rule_collection",
            rules
                .iter()
                .map(|ir::FirewallNetworkRule { name, sources, protocols, destinations, ports, explain: _ }| {
                    Block::builder(key("rule"))
                        .add_attribute(attr("name", name.as_str()))
                        .add_attribute(attr("protocols", strings(protocols.iter().copied())))
                        .add_attribute(attr("source_addresses", strings(sources.iter().map(String::as_str))))
                        .add_attribute(attr("destination_addresses", strings(destinations.iter().map(String::as_str))))
                        .add_attribute(attr("destination_ports", strings(ports.iter().map(String::as_str))))
                        .build()
                })
                .collect(),
        ),
        ir::FirewallRules::Application(rules) => (
            "application_rule_collection",
            rules
                .iter()
                .map(|ir::FirewallApplicationRule { name, sources, protocol, port, fqdns, explain: _ }| {
                    let protocols = Block::builder(key("protocols"))
                        .add_attribute(attr("type", *protocol))
                        .add_attribute(attr("port", *port))
                        .build();
                    Block::builder(key("rule"))
                        .add_attribute(attr("name", name.as_str()))
                        .add_block(protocols)
                        .add_attribute(attr("source_addresses", strings(sources.iter().map(String::as_str))))
                        .add_attribute(attr("destination_fqdns", strings(fqdns.iter().map(String::as_str))))
                        .build()
                })
                .collect(),
        ),
    };
    Block::builder(Identifier::unchecked(label))
        .add_attribute(attr("name", name.as_str()))
        .add_attribute(attr("priority", *priority))
        .add_attribute(attr("action", *action))
        .add_blocks(rules)
        .build()
}

/// A service's network rules block with the subnets its firewall admits, if any.
fn admitted_subnets(graph: &Graph, rules: hcl::structure::BlockBuilder, firewall: Option<&ir::Firewall>) -> Block {
    match firewall {
        Some(firewall) if !firewall.subnets.is_empty() => {
            rules.add_attribute(attr("virtual_network_subnet_ids", references(graph, &firewall.subnets, "id"))).build()
        }
        _ => rules.build(),
    }
}

/// The resource group of an existing virtual network: its own, or the deployment's.
fn existing_group(graph: &Graph, vnet: ResourceId) -> Expression {
    match &graph.resource(vnet).body {
        ir::Body::VirtualNetwork(ir::VirtualNetwork {
            existing: Some(ir::ExistingScope { resource_group: Some(group), subscription: _ }),
            ..
        }) => group.as_str().into(),
        _ => var("resource_group_name"),
    }
}

/// The full id of an existing resource the spec names by id (a hub, an AKS cluster's API server zone):
/// Terraform refers to it by that id, never through a data source.
fn known_id(graph: &Graph, id: ResourceId) -> Option<String> {
    let res = graph.resource(id);
    res.body.existing()?.id(res.kind, &res.name)
}

/// Whether `id` is an existing virtual network or a subnet of one (read with data sources).
fn is_existing(graph: &Graph, id: ResourceId) -> bool {
    let vnet = match &graph.resource(id).body {
        ir::Body::Subnet(subnet) => subnet.vnet,
        _ => id,
    };
    matches!(&graph.resource(vnet).body, ir::Body::VirtualNetwork(v) if v.existing.is_some())
}

/// The properties amlnet sets on an existing subnet that azurerm cannot set without managing the
/// subnet (service endpoints, delegations, network policies, outbound access: the ARM mapping's
/// [`subnet_settings`](armbody::subnet_settings)), as an `azapi_update_resource` body; `None` when the
/// subnet is amlnet's own.
fn subnet_update(graph: &Graph, res: &ir::Resource) -> Option<Vec<(String, AzValue)>> {
    let ir::Body::Subnet(subnet) = &res.body else { return None };
    if !matches!(&graph.resource(subnet.vnet).body, ir::Body::VirtualNetwork(v) if v.existing.is_some()) {
        return None;
    }
    Some(vec![("properties".to_owned(), AzValue::Object(armbody::subnet_settings(subnet)))])
}

/// A subnet, its NSG association and, with a route table, its route table association. A subnet of an
/// existing virtual network is read with a data source; what azurerm cannot attach to it through an
/// association is set in place with `azapi_update_resource`.
fn subnet_blocks(graph: &Graph, res: &ir::Resource, subnet: &ir::Subnet) -> Vec<TfResource> {
    if is_existing(graph, subnet.vnet) {
        let block = TfResource::data(tf_type(res), res)
            .attr("name", res.name.as_str())
            .attr("virtual_network_name", reference(graph, subnet.vnet, "name"))
            .attr("resource_group_name", existing_group(graph, subnet.vnet));
        let subnet_id = || data_reference(tf_type(res), res, "id");
        let mut out = vec![block];
        let mut after = Vec::new();
        if let Some(nsg) = subnet.nsg {
            out.push(
                TfResource::new(SUBNET_NSG_ASSOCIATION, res)
                    .attr("subnet_id", subnet_id())
                    .attr("network_security_group_id", reference(graph, nsg, "id")),
            );
            after.push(resource_address(SUBNET_NSG_ASSOCIATION, res));
        }
        if let Some(rt) = subnet.route_table {
            out.push(
                TfResource::new(SUBNET_ROUTE_TABLE_ASSOCIATION, res)
                    .attr("subnet_id", subnet_id())
                    .attr("route_table_id", reference(graph, rt, "id")),
            );
            after.push(resource_address(SUBNET_ROUTE_TABLE_ASSOCIATION, res));
        }
        if let Some(nat) = subnet.nat_gateway {
            out.push(
                TfResource::new(SUBNET_NAT_ASSOCIATION, res)
                    .attr("subnet_id", subnet_id())
                    .attr("nat_gateway_id", reference(graph, nat, "id")),
            );
            after.push(resource_address(SUBNET_NAT_ASSOCIATION, res));
        }
        if let Some(body) = subnet_update(graph, res) {
            let info = catalog::info(res.kind);
            let update = TfResource::new(catalog::AZAPI_UPDATE_RESOURCE, res)
                .attr("type", format!("{}@{}", info.arm_type, info.api_version))
                .attr("resource_id", subnet_id());
            let mut update = azapi::bodies(graph, update, body);
            update.depends_on = after.into_iter().map(|address| (address, ONE_WRITE_WHY)).collect();
            out.push(update);
        }
        return out;
    }
    let ir::Subnet {
        vnet,
        prefix,
        nsg: _,
        route_table: _,
        service_endpoints,
        delegations,
        private_endpoint_policies,
        private_link_service_policies,
        default_outbound_access,
        nat_gateway,
    } = subnet;
    let delegations = delegations.iter().map(|service| {
        Block::builder(key("delegation"))
            .add_attribute(attr("name", service.replace('/', ".")))
            .add_block(Block::builder(key("service_delegation")).add_attribute(attr("name", *service)).build())
            .build()
    });
    let block = TfResource::new(tf_type(res), res)
        .attr("name", res.name.as_str())
        .attr("resource_group_name", var("resource_group_name"))
        .attr("virtual_network_name", reference(graph, *vnet, "name"))
        .attr("address_prefixes", strings([prefix.to_string()]))
        .attr("service_endpoints", strings(service_endpoints.iter().copied()))
        .attr("private_endpoint_network_policies", private_endpoint_policies.azure_name())
        .attr("private_link_service_network_policies_enabled", private_link_service_policies.is_enabled())
        .attr("default_outbound_access_enabled", *default_outbound_access)
        .blocks(delegations);
    let subnet_id = || self_reference(tf_type(res), res, "id");
    let mut out = vec![block];
    if let Some(nsg) = subnet.nsg {
        out.push(
            TfResource::new(SUBNET_NSG_ASSOCIATION, res)
                .attr("subnet_id", subnet_id())
                .attr("network_security_group_id", reference(graph, nsg, "id")),
        );
    }
    if let Some(rt) = subnet.route_table {
        out.push(
            TfResource::new(SUBNET_ROUTE_TABLE_ASSOCIATION, res)
                .attr("subnet_id", subnet_id())
                .attr("route_table_id", reference(graph, rt, "id")),
        );
    }
    if let Some(nat) = nat_gateway {
        out.push(
            TfResource::new(SUBNET_NAT_ASSOCIATION, res)
                .attr("subnet_id", subnet_id())
                .attr("nat_gateway_id", reference(graph, *nat, "id")),
        );
    }
    out
}

fn security_rule(rule: &ir::SecurityRule) -> Block {
    let direction = rule.direction.azure_name();
    let access = rule.access.azure_name();
    let protocol = rule.protocol.azure_name();
    let ports = match rule.destination_ports.as_slice() {
        [one] => Attribute::new("destination_port_range", one.as_str()),
        many => Attribute::new("destination_port_ranges", strings(many.iter().map(String::as_str))),
    };
    // Service tags are only accepted in the singular address prefix fields.
    Block::builder(key("security_rule"))
        .add_attribute(attr("name", rule.name.as_str()))
        .add_attribute(attr("description", rule.reason.why))
        .add_attribute(attr("priority", rule.priority))
        .add_attribute(attr("direction", direction))
        .add_attribute(attr("access", access))
        .add_attribute(attr("protocol", protocol))
        .add_attribute(attr("source_port_range", rule.source_ports.as_str()))
        .add_attribute(ports)
        .add_attribute(attr("source_address_prefix", rule.source.as_str()))
        .add_attribute(attr("destination_address_prefix", rule.destination.as_str()))
        .build()
}

fn route(graph: &Graph, route: &ir::Route) -> Block {
    let block = Block::builder(key("route"))
        .add_attribute(attr("name", route.name.as_str()))
        .add_attribute(attr("address_prefix", route.address_prefix.as_str()))
        .add_attribute(attr("next_hop_type", route.next_hop.hop_type().azure_name()));
    match route.next_hop {
        NextHop::Internet => block,
        NextHop::VirtualAppliance(ip) => block.add_attribute(attr("next_hop_in_ip_address", ip.to_string())),
        NextHop::Firewall(fw) => block.add_attribute(attr("next_hop_in_ip_address", firewall_private_ip(graph, fw))),
    }
    .build()
}

/// `azurerm_firewall.<label>.ip_configuration[0].private_ip_address`.
fn firewall_private_ip(graph: &Graph, id: ResourceId) -> Expression {
    let target = graph.resource(id);
    Traversal::builder(Variable::unchecked(written_type(graph, target)))
        .attr(ident(&target.local))
        .attr("ip_configuration")
        .index(0u64)
        .attr(firewall::PRIVATE_IP_TF)
        .build()
        .into()
}

fn compute_cluster(graph: &Graph, res: &ir::Resource, cluster: &ir::AmlCluster) -> TfResource {
    let ir::AmlCluster {
        workspace,
        subnet,
        vm_size,
        min_nodes,
        max_nodes,
        public_ip,
        ssh,
        ssh_public_access,
        vm_priority,
        // azurerm has no switch: its compute clusters are Linux.
        os_type: _,
        scale_down_after,
        local_auth,
        identity: identity_type,
    } = cluster;
    let mut block = TfResource::new(tf_type(res), res)
        .attr("name", res.name.as_str())
        .attr("location", var("location"))
        .attr("machine_learning_workspace_id", reference(graph, *workspace, "id"))
        .attr("vm_priority", vm_priority.azure_name())
        .attr("vm_size", vm_size.as_str());
    // A workspace managed network places the cluster: no subnet.
    if let Some(subnet) = subnet {
        block = block.attr("subnet_resource_id", reference(graph, *subnet, "id"));
    }
    let block = block
        .attr("node_public_ip_enabled", *public_ip)
        .attr("local_auth_enabled", *local_auth)
        .attr("ssh_public_access_enabled", *ssh_public_access)
        .tags(graph, res);
    let scale = Block::builder(key("scale_settings"))
        .add_attribute(attr("min_node_count", *min_nodes))
        .add_attribute(attr("max_node_count", *max_nodes))
        .add_attribute(attr("scale_down_nodes_after_idle_duration", *scale_down_after))
        .build();
    let ssh = ssh.map(|credentials| {
        Block::builder(key("ssh"))
            .add_attribute(attr("admin_username", var(&graph.param(credentials.username).name)))
            .add_attribute(attr("key_value", var(&graph.param(credentials.secret).name)))
            .build()
    });
    block.blocks([scale]).blocks(ssh).blocks([identity(identity_type.azure_name(), None)])
}

fn linux_virtual_machine(graph: &Graph, res: &ir::Resource, vm: &ir::VirtualMachine) -> TfResource {
    let ir::VirtualMachine {
        nic,
        vm_size,
        admin_username,
        ssh_public_key,
        image,
        os_disk_caching,
        os_disk_storage,
        password_authentication,
    } = vm;
    let block = TfResource::located(tf_type(res), res)
        .attr("size", vm_size.as_str())
        .attr("computer_name", res.name.as_str())
        .attr("admin_username", admin_username.as_str())
        .attr("disable_password_authentication", !password_authentication)
        .attr("network_interface_ids", Expression::Array(vec![reference(graph, *nic, "id")]))
        .tags(graph, res);
    let key_block = Block::builder(key("admin_ssh_key"))
        .add_attribute(attr("username", admin_username.as_str()))
        .add_attribute(attr("public_key", var(&graph.param(*ssh_public_key).name)))
        .build();
    let os_disk = Block::builder(key("os_disk"))
        .add_attribute(attr("caching", *os_disk_caching))
        .add_attribute(attr("storage_account_type", *os_disk_storage))
        .build();
    let source = Block::builder(key("source_image_reference"))
        .add_attribute(attr("publisher", image.publisher))
        .add_attribute(attr("offer", image.offer))
        .add_attribute(attr("sku", image.sku))
        .add_attribute(attr("version", image.version))
        .build();
    block.blocks([key_block, os_disk, source])
}

fn managed_cluster(graph: &Graph, res: &ir::Resource, aks: &ir::ManagedCluster) -> TfResource {
    let ir::ManagedCluster {
        subnet,
        identity: identity_id,
        node_count,
        vm_size,
        dns_prefix,
        pod_cidr,
        service_cidr,
        dns_service_ip,
        network_plugin,
        network_plugin_mode,
        network_policy,
        load_balancer_sku,
        outbound_type,
        rbac,
        local_accounts_disabled,
        // azurerm has no switch on the default node pool: it is Linux.
        os_type: _,
        private_cluster,
        private_cluster_public_fqdn,
        hardening,
        required_fqdns: _,
        private_dns_zone,
    } = aks;
    let mut block = TfResource::located(tf_type(res), res)
        .attr("dns_prefix", dns_prefix.as_str())
        .attr("role_based_access_control_enabled", *rbac)
        .attr("local_account_disabled", *local_accounts_disabled)
        .attr("private_cluster_enabled", *private_cluster);
    if let Some(public_fqdn) = private_cluster_public_fqdn {
        block = block.attr("private_cluster_public_fqdn_enabled", *public_fqdn);
    }
    if let Some(zone) = private_dns_zone {
        block = block.attr("private_dns_zone_id", zone.azure_value());
    }
    let block = block
        .attr("automatic_upgrade_channel", hardening.upgrade_channel.azure_name())
        .attr("node_os_upgrade_channel", hardening.node_os_upgrade_channel.azure_name())
        .attr("azure_policy_enabled", hardening.azure_policy)
        .tags(graph, res);
    // Microsoft Entra ID integration is AKS-managed in azurerm 4 (no `managed` argument); the tenant is
    // the deployment's.
    let entra = Block::builder(key("azure_active_directory_role_based_access_control"))
        .add_attribute(attr("azure_rbac_enabled", hardening.azure_rbac))
        .build();
    let pool = Block::builder(key("default_node_pool"))
        .add_attribute(attr("name", "system"))
        .add_attribute(attr("vm_size", vm_size.as_str()))
        .add_attribute(attr("node_count", *node_count))
        .add_attribute(attr("vnet_subnet_id", reference(graph, *subnet, "id")))
        .build();
    let mut network =
        Block::builder(key("network_profile")).add_attribute(attr("network_plugin", network_plugin.azure_name()));
    if let Some(mode) = network_plugin_mode {
        network = network.add_attribute(attr("network_plugin_mode", mode.azure_name()));
    }
    let network = network
        .add_attribute(attr("network_policy", network_policy.azure_name()))
        .add_attribute(attr("pod_cidr", pod_cidr.to_string()))
        .add_attribute(attr("service_cidr", service_cidr.to_string()))
        .add_attribute(attr("dns_service_ip", dns_service_ip.to_string()))
        .add_attribute(attr("load_balancer_sku", load_balancer_sku.azure_name()))
        .add_attribute(attr("outbound_type", outbound_type.azure_name()))
        .build();
    let ids = Expression::Array(vec![reference(graph, *identity_id, "id")]);
    block.blocks([pool, identity(IdentityType::UserAssigned.azure_name(), Some(ids)), network, entra])
}

fn identity(kind: &str, ids: Option<Expression>) -> Block {
    let block = Block::builder(key("identity")).add_attribute(attr("type", kind));
    match ids {
        Some(ids) => block.add_attribute(attr("identity_ids", ids)),
        None => block,
    }
    .build()
}

/// Why a resource placed in a subnet waits for the subnet's association with its security group.
const NSG_ASSOCIATION_WHY: &str = "Terraform attaches the security group to the subnet as a resource of its own \
    (ARM and Bicep set it inside the subnet): nothing is placed in the subnet before its rules apply.";
/// Why it waits for the route table association.
const ROUTE_TABLE_ASSOCIATION_WHY: &str =
    "the subnet's routes are attached separately; nothing is placed in the subnet before they apply.";
/// Why it waits for the NAT gateway association and the gateway's public IPs.
const NAT_ASSOCIATION_WHY: &str =
    "the subnet's way out (its NAT gateway, with its public addresses) must work before anything placed in it starts.";
/// Why the side of a peering on an existing network waits for its subnets' updates.
const PEERING_AFTER_SUBNETS_WHY: &str = "the peering is written to the existing network after its subnets: Azure rejects concurrent writes to one virtual network.";

/// Why it waits for the in-place update of an existing subnet.
const SUBNET_UPDATE_WHY: &str =
    "the existing subnet's delegations, endpoints and policies are set in place before anything is placed in it.";
/// Why a child of a workspace with a managed network waits for the update stating its firewall SKU.
const MANAGED_UPDATE_WHY: &str = "one write at a time to the workspace's managed network: its firewall SKU first.";
/// Why the update of an existing subnet waits for its associations.
const ONE_WRITE_WHY: &str = "one write at a time to the subnet: the associations first.";

/// `depends_on` of `id` with the reason for each: the associations of the subnets it is placed in
/// (Terraform creates them separately from the subnet; ARM and Bicep set them inside it), then its
/// extra dependencies.
fn depends_on(graph: &Graph, id: ResourceId) -> Vec<(Expression, &'static str)> {
    let placed_in = match &graph.resource(id).body {
        ir::Body::AmlCluster(cluster) => cluster.subnet,
        ir::Body::AmlInstance(instance) => instance.subnet,
        ir::Body::NetworkInterface(nic) => Some(nic.subnet),
        ir::Body::PrivateEndpoint(pe) if is_existing(graph, pe.subnet) => Some(pe.subnet),
        ir::Body::ManagedCluster(aks) => Some(aks.subnet),
        ir::Body::AksCompute(attach) => Some(attach.subnet),
        _ => None,
    };
    let mut out = Vec::new();
    if let Some(subnet_id) = placed_in {
        let subnet = graph.resource(subnet_id);
        let ir::Body::Subnet(body) = &subnet.body else {
            unreachable!(
                "{} is placed in {} ({:?}), lower only places computes in subnets",
                graph.resource(id).name,
                subnet.name,
                subnet.kind
            )
        };
        out.push((resource_address(SUBNET_NSG_ASSOCIATION, subnet), NSG_ASSOCIATION_WHY));
        if body.route_table.is_some() {
            out.push((resource_address(SUBNET_ROUTE_TABLE_ASSOCIATION, subnet), ROUTE_TABLE_ASSOCIATION_WHY));
        }
        if let Some(nat) = body.nat_gateway {
            out.push((resource_address(SUBNET_NAT_ASSOCIATION, subnet), NAT_ASSOCIATION_WHY));
            // The way out is usable once the gateway has its address.
            if let ir::Body::NatGateway(gateway) = &graph.resource(nat).body {
                out.extend(
                    gateway.public_ips.iter().map(|&ip| {
                        (resource_address(NAT_PUBLIC_IP_ASSOCIATION, graph.resource(ip)), NAT_ASSOCIATION_WHY)
                    }),
                );
            }
        }
        if subnet_update(graph, subnet).is_some() {
            out.push((resource_address(catalog::AZAPI_UPDATE_RESOURCE, subnet), SUBNET_UPDATE_WHY));
        }
    }
    // The side of a peering on an existing network waits for the in-place updates of the network's subnets:
    // Azure rejects concurrent writes to one virtual network, and azapi takes no lock on it.
    if let ir::Body::VirtualNetworkPeering(peering) = &graph.resource(id).body
        && let ir::Body::VirtualNetwork(network) = &graph.resource(peering.vnet).body
        && network.existing.is_some()
    {
        for subnet in network.subnets.iter().map(|s| graph.resource(*s)) {
            if subnet_update(graph, subnet).is_some() {
                out.push((resource_address(catalog::AZAPI_UPDATE_RESOURCE, subnet), PEERING_AFTER_SUBNETS_WHY));
            }
        }
    }
    // A child of a workspace with a managed network (its computes and outbound rules) waits for the update
    // that states the firewall SKU: one write at a time to the managed network.
    if let Some(parent) = graph.resource(id).body.parent().map(|p| graph.resource(p))
        && managed::updates(parent)
    {
        out.push((resource_address(catalog::AZAPI_UPDATE_RESOURCE, parent), MANAGED_UPDATE_WHY));
    }
    for dep in graph.extra_deps().iter().filter(|dep| dep.from == id) {
        let target = graph.resource(stand_in(graph, dep.to));
        let address = resource_address(written_type(graph, target), target);
        if !out.iter().any(|(known, _)| *known == address) {
            out.push((address, dep.reason));
        }
    }
    out
}

/// The resource that stands for `id` in Terraform: a DNS zone group is a block of its endpoint.
fn stand_in(graph: &Graph, id: ResourceId) -> ResourceId {
    match &graph.resource(id).body {
        ir::Body::PrivateDnsZoneGroup(group) => group.endpoint,
        _ => id,
    }
}

/// The principal id of an identity: a user-assigned identity's, or a resource's system-assigned one
/// (`identity[0].principal_id`).
fn principal_id(graph: &Graph, id: ResourceId) -> Expression {
    let target = graph.resource(id);
    match target.body {
        ir::Body::UserAssignedIdentity => reference(graph, id, "principal_id"),
        _ => Traversal::builder(Variable::unchecked(written_type(graph, target)))
            .attr(ident(&target.local))
            .attr("identity")
            .index(0u64)
            .attr("principal_id")
            .build()
            .into(),
    }
}

/// The object id of a managed cluster's kubelet identity (`kubelet_identity[0].object_id`).
fn kubelet_object_id(graph: &Graph, id: ResourceId) -> Expression {
    let target = graph.resource(id);
    Traversal::builder(Variable::unchecked(written_type(graph, target)))
        .attr(ident(&target.local))
        .attr(aks::KUBELET_IDENTITY_TF)
        .index(0u64)
        .attr(aks::KUBELET_OBJECT_ID_TF)
        .build()
        .into()
}

// ---------------------------------------------------------------------------------------------
// outputs.tf

/// The outputs every format has ([`super::outputs`]).
fn outputs(graph: &Graph) -> Body {
    let mut body = Body::builder();
    for output in super::outputs(graph) {
        let value = match output.attr {
            armbody::RefAttr::Id => reference(graph, output.resource, "id"),
            armbody::RefAttr::Name => reference(graph, output.resource, "name"),
            armbody::RefAttr::PrincipalId => principal_id(graph, output.resource),
            armbody::RefAttr::KubeletObjectId => kubelet_object_id(graph, output.resource),
            armbody::RefAttr::PrivateIp => firewall_private_ip(graph, output.resource),
        };
        body = body.add_block(
            Block::builder(key("output"))
                .add_label(ident(&output.name).as_str())
                .add_attribute(attr("description", output.description))
                .add_attribute(attr("value", value))
                .build(),
        );
    }
    body.build()
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/// A `resource` (or `data`) block under construction: attributes in call order, then nested blocks,
/// then `depends_on`.
struct TfResource {
    /// `resource` or `data`.
    keyword: &'static str,
    tf_type: &'static str,
    label: Identifier,
    attrs: Vec<Attribute>,
    blocks: Vec<Block>,
    /// Each explicit dependency with the reason for it.
    depends_on: Vec<(Expression, &'static str)>,
}

impl TfResource {
    /// A resource of type `tf_type` labelled with `res`'s local name.
    fn new(tf_type: &'static str, res: &ir::Resource) -> TfResource {
        TfResource {
            keyword: "resource",
            tf_type,
            label: ident(&res.local),
            attrs: Vec::new(),
            blocks: Vec::new(),
            depends_on: Vec::new(),
        }
    }

    /// A data source of type `tf_type` labelled with `res`'s local name.
    fn data(tf_type: &'static str, res: &ir::Resource) -> TfResource {
        TfResource { keyword: "data", ..TfResource::new(tf_type, res) }
    }

    /// A resource with the `name`, `location` and `resource_group_name` every top-level Azure
    /// resource takes.
    fn located(tf_type: &'static str, res: &ir::Resource) -> TfResource {
        TfResource::new(tf_type, res)
            .attr("name", res.name.as_str())
            .attr("location", var("location"))
            .attr("resource_group_name", var("resource_group_name"))
    }

    /// `key` is one of this module's attribute names, snake_case already: it is not sanitized again.
    fn attr(mut self, key: &str, value: impl Into<Expression>) -> TfResource {
        debug_assert_eq!(Identifier::sanitized(key).as_str(), key);
        self.attrs.push(Attribute::new(Identifier::unchecked(key), value));
        self
    }

    /// `tags = local.tags`, when `res` takes tags (the spec's tags are `var.tags`' default).
    fn tags(self, _graph: &Graph, res: &ir::Resource) -> TfResource {
        if !res.tagged {
            return self;
        }
        self.attr("tags", local_tags())
    }

    fn blocks(mut self, blocks: impl IntoIterator<Item = Block>) -> TfResource {
        self.blocks.extend(blocks);
        self
    }

    fn build(self) -> Block {
        let mut block = Block::builder(self.keyword)
            .add_label(self.tf_type)
            .add_label(self.label.as_str())
            .add_attributes(self.attrs)
            .add_blocks(self.blocks);
        if !self.depends_on.is_empty() {
            let addresses = self.depends_on.into_iter().map(|(address, _)| address).collect();
            block = block.add_attribute(attr("depends_on", Expression::Array(addresses)));
        }
        block.build()
    }

    /// The comment above the block: one line per explicit dependency, `depends_on <address>: why`.
    fn why(&self) -> String {
        let mut out = String::new();
        for (address, why) in &self.depends_on {
            out.push_str(&format!("depends_on {address}: {why}\n"));
        }
        out
    }
}

/// The Terraform type that stands for `res`.
/// The type a resource is written as: [`tf_type`], but through azapi for the side of a peering that
/// belongs to a network known by its full id.
fn written_type(graph: &Graph, res: &ir::Resource) -> &'static str {
    match &res.body {
        ir::Body::VirtualNetworkPeering(peering) if known_id(graph, peering.vnet).is_some() => catalog::AZAPI_RESOURCE,
        _ => tf_type(res),
    }
}

fn tf_type(res: &ir::Resource) -> &'static str {
    match res.body {
        ir::Body::AmlCluster(_) => catalog::AZURERM_COMPUTE_CLUSTER,
        ir::Body::AttachedCompute(_)
        | ir::Body::AksCompute(_)
        | ir::Body::AmlInstance(_)
        | ir::Body::KubernetesCompute(_)
        | ir::Body::ClusterExtension(_) => catalog::AZAPI_RESOURCE,
        ir::Body::OutboundRule(ref rule) => rule.destination.kind().tf_type(),
        ir::Body::PrivateDnsZoneGroup(_) => {
            catalog::info(ApiKind::PrivateEndpoint).tf_type.expect("azurerm has endpoints")
        }
        _ => catalog::info(res.kind).tf_type.unwrap_or_else(|| {
            unreachable!("{} is a {:?}, which has no azurerm type and no azapi mapping", res.name, res.kind)
        }),
    }
}

/// An identifier from an IR name; `lower` already makes them snake_case, so this never changes one
/// in practice, and block labels and references agree because both go through it.
fn ident(name: &str) -> Identifier {
    Identifier::new(name).unwrap_or_else(|_| Identifier::sanitized(name))
}

/// One of this module's block types or attribute names, valid already: it is not sanitized again.
fn key(name: &'static str) -> Identifier {
    debug_assert_eq!(Identifier::sanitized(name).as_str(), name);
    Identifier::unchecked(name)
}

/// The attribute `name = value`, `name` being one of this module's attribute names.
fn attr(name: &'static str, value: impl Into<Expression>) -> Attribute {
    Attribute::new(key(name), value)
}

/// `<type>.<label>.<attr>` of the resource `id` stands for (`data.<type>.<label>.<attr>` for an
/// existing virtual network or subnet).
fn reference(graph: &Graph, id: ResourceId, attr: &str) -> Expression {
    let target = graph.resource(stand_in(graph, id));
    if let Some(known) = known_id(graph, id) {
        return match attr {
            "name" => target.name.as_str().into(),
            _ => known.into(),
        };
    }
    if is_existing(graph, id) {
        return data_reference(written_type(graph, target), target, attr);
    }
    self_reference(written_type(graph, target), target, attr)
}

/// `data.<tf_type>.<label of res>.<attr>`.
fn data_reference(tf_type: &str, res: &ir::Resource, attr: &str) -> Expression {
    Traversal::builder(Variable::unchecked("data"))
        .attr(Identifier::unchecked(tf_type))
        .attr(ident(&res.local))
        .attr(Identifier::unchecked(attr))
        .build()
        .into()
}

/// `<tf_type>.<label of res>.<attr>`.
fn self_reference(tf_type: &str, res: &ir::Resource, attr: &str) -> Expression {
    Traversal::builder(Variable::unchecked(tf_type))
        .attr(ident(&res.local))
        .attr(Identifier::unchecked(attr))
        .build()
        .into()
}

/// A list of references to the same attribute of several resources.
fn references(graph: &Graph, ids: &[ResourceId], attr: &str) -> Expression {
    Expression::Array(ids.iter().map(|&id| reference(graph, id, attr)).collect())
}

/// The zones of a DNS zone group: references to the zones the deployment creates, then the ids of
/// existing ones.
fn zone_ids(graph: &Graph, group: &ir::PrivateDnsZoneGroup) -> Expression {
    let created = group.zones.iter().map(|&id| reference(graph, id, "id"));
    let existing = group.existing.iter().map(|z| Expression::String(z.id.clone()));
    Expression::Array(created.chain(existing).collect())
}

/// `<tf_type>.<label of res>`, the address `depends_on` takes.
fn resource_address(tf_type: &str, res: &ir::Resource) -> Expression {
    Traversal::builder(Variable::unchecked(tf_type)).attr(ident(&res.local)).build().into()
}

/// `local.tags`, the tags of every resource that takes tags.
fn local_tags() -> Expression {
    Traversal::builder(Variable::unchecked("local")).attr("tags").build().into()
}

/// `var.<name>`.
fn var(name: &str) -> Expression {
    Traversal::builder(Variable::unchecked("var")).attr(ident(name)).build().into()
}

/// `data.azurerm_client_config.current.<attr>`.
fn client_config(attr: &str) -> Expression {
    Traversal::builder(Variable::unchecked("data"))
        .attr(CLIENT_CONFIG)
        .attr(CLIENT_CONFIG_LABEL)
        .attr(attr)
        .build()
        .into()
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Expression {
    Expression::Array(items.into_iter().map(|s| Expression::String(s.into())).collect())
}

fn object<const N: usize>(members: [(&str, Expression); N]) -> Expression {
    Expression::Object(members.into_iter().map(|(k, v)| (ObjectKey::Identifier(ident(k)), v)).collect::<Object<_, _>>())
}

#[cfg(test)]
mod tests;
