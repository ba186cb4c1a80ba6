//! The Bicep emitter: the graph as `main.bicep` and `main.bicepparam`.
//!
//! Both files are rendered from handlebars templates embedded with `include_str!` (the library runs
//! from any working directory), registered under constant ids, in strict mode and without HTML
//! escaping. The templates only lay out the files; a `Serialize` view ([`MainView`],
//! [`ParamsView`]) carries every value already rendered, and every value goes through
//! [`bicep_value`], the one place that spells Bicep literals, strings and references. Each
//! `resource`/`module` declaration is written by [`declare`] in Rust (see there why).
//!
//! References are symbolic (`vnet.id`, `idAks.properties.principalId`), so Bicep derives dependencies
//! itself; only the graph's extra dependencies become an explicit `dependsOn`. Subnets are written
//! inline in their virtual network (the shared ARM body), a reference to one is
//! `resourceId('…/subnets', vnet.name, '<subnet>')`, and a subnet that scopes a role assignment is
//! declared `existing` with `parent: vnet`.
//!
//! `main.bicepparam` sets `location` and reads each credential from an environment variable
//! (`AMLNET_<PARAM_NAME>`), so no secret is written to disk and the file deploys as is.
//!
//! This module deliberately does not decide any property shape (that is `armbody`), any resource type
//! or API version (that is `azure::catalog`), and never touches the filesystem.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

use handlebars::Handlebars;
use serde::Serialize;

use super::armbody::{self, AzValue, Ctx, RefAttr, camel};
use super::{Header, PrintedOnce};
use crate::azure::aks;
use crate::azure::catalog::{self, ApiKind};
use crate::azure::firewall;
use crate::ir::{Body, Graph, ResourceId};
use crate::output::normalize;

/// The template file's name.
pub const MAIN_FILE: &str = "main.bicep";
/// The parameters file's name.
pub const PARAMS_FILE: &str = "main.bicepparam";

/// The module that re-declares an existing virtual network's subnets, relative to `main.bicep`.
pub const SUBNETS_MODULE_FILE: &str = "modules/existing-subnets.bicep";

/// The module standing in for the existing virtual network `vnet`, relative to `main.bicep`: the
/// subnets module for a network whose subnets amlnet re-declares (the spoke), one named after the
/// network's identifier for a network where it writes only its side of a peering (a hub).
pub fn module_file(graph: &Graph, vnet: ResourceId) -> String {
    if armbody::redeclares_subnets(graph, vnet) {
        SUBNETS_MODULE_FILE.to_owned()
    } else {
        format!("modules/existing-{}.bicep", graph.resource(vnet).local.replace('_', "-"))
    }
}

/// Template ids.
const TEMPLATE_MAIN: &str = "bicep/main.bicep";
const TEMPLATE_PARAMS: &str = "bicep/main.bicepparam";

/// Renders the graph; returns (file name, contents) pairs.
pub fn emit(graph: &Graph, header: &Header) -> Vec<(String, String)> {
    let registry = registry();
    let main = MainView::new(graph, header);
    let params = ParamsView::new(graph, header);
    let mut files = vec![
        (MAIN_FILE.to_owned(), render_main(main, declarations(graph), super::capacity_hint(graph))),
        (PARAMS_FILE.to_owned(), render(registry, TEMPLATE_PARAMS, &params)),
    ];
    for vnet in graph
        .resources()
        .map(|(id, _)| id)
        .filter(|id| armbody::existing_vnet(graph, *id) && !armbody::absorbed(graph, *id).is_empty())
    {
        let mut module = module_view(graph, header, vnet);
        let declarations = std::mem::take(&mut module.resources);
        files.push((module_file(graph, vnet), render_main(module, declarations, 0)));
    }
    files
}

/// A value as a Bicep expression at nesting depth `depth` (two spaces per level): multi-line object
/// and array literals without commas, single-quoted escaped strings, symbolic references.
pub fn bicep_value(graph: &Graph, value: &AzValue, depth: usize) -> String {
    bicep_value_with(graph, value, depth, &|id, attr| reference(graph, id, attr), &RulesCache::default())
}

/// Security rule arrays already written.
type RulesCache = PrintedOnce<Rc<str>>;

/// [`bicep_value`] with references spelled by `reference`, and security rule arrays taken from or
/// added to `rules`.
fn bicep_value_with(
    graph: &Graph,
    value: &AzValue,
    depth: usize,
    reference: &dyn Fn(ResourceId, RefAttr) -> String,
    rules: &RulesCache,
) -> String {
    let mut out = String::new();
    write_value(&mut out, graph, value, depth, reference, rules);
    out
}

/// Appends [`bicep_value_with`] of `value` to `out`, writing nested values in place (no intermediate
/// strings per level, so a deep value costs its length, not its length times its depth).
fn write_value(
    out: &mut String,
    graph: &Graph,
    value: &AzValue,
    depth: usize,
    reference: &dyn Fn(ResourceId, RefAttr) -> String,
    rules: &RulesCache,
) {
    match value {
        AzValue::Null => out.push_str("null"),
        AzValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        AzValue::Int(n) => {
            let _ = write!(out, "{n}");
        }
        AzValue::Str(text) => out.push_str(&bicep_str(text)),
        AzValue::Array(items) if items.is_empty() => out.push_str("[]"),
        AzValue::Array(items) => {
            out.push('[');
            for item in items {
                newline_indent(out, depth + 1);
                write_value(out, graph, item, depth + 1, reference, rules);
            }
            newline_indent(out, depth);
            out.push(']');
        }
        AzValue::Object(members) if members.is_empty() => out.push_str("{}"),
        AzValue::Object(members) => {
            out.push('{');
            for (k, v) in members {
                newline_indent(out, depth + 1);
                out.push_str(&bicep_key(k));
                out.push_str(": ");
                write_value(out, graph, v, depth + 1, reference, rules);
            }
            newline_indent(out, depth);
            out.push('}');
        }
        AzValue::KeyedObject(members) if members.is_empty() => out.push_str("{}"),
        AzValue::KeyedObject(members) => {
            out.push('{');
            for (k, v) in members {
                newline_indent(out, depth + 1);
                match k {
                    AzValue::Str(text) => out.push_str(&bicep_str(text)),
                    computed => {
                        out.push_str("'${");
                        write_value(out, graph, computed, depth + 1, reference, rules);
                        out.push_str("}'");
                    }
                }
                out.push_str(": ");
                write_value(out, graph, v, depth + 1, reference, rules);
            }
            newline_indent(out, depth);
            out.push('}');
        }
        AzValue::Ref(id, attr) => out.push_str(&reference(*id, *attr)),
        AzValue::SecurityRules(list) => {
            let text = rules.get_or_print(*list, depth, || {
                let mut text = String::new();
                let expanded = armbody::security_rules(graph, *list);
                write_value(&mut text, graph, &expanded, depth, reference, &RulesCache::default());
                Rc::from(text)
            });
            out.push_str(&text);
        }
        AzValue::Param(param) => out.push_str(&param_symbol(&graph.param(*param).name)),
        AzValue::Ctx(Ctx::Location) => out.push_str(LOCATION),
        AzValue::Ctx(Ctx::TenantId) => out.push_str("subscription().tenantId"),
        AzValue::Ctx(Ctx::Tags) => out.push_str(TAGS),
        AzValue::RoleDefinitionId(role) => {
            let _ = write!(
                out,
                "subscriptionResourceId({}, {})",
                bicep_str(catalog::ROLE_DEFINITION_TYPE),
                bicep_str(role.guid())
            );
        }
    }
}

/// A line break and the indentation of depth `depth`.
fn newline_indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A Bicep string literal: single quotes; `\`, `'`, `${` and control characters escaped. Other control
/// characters are written as `\u{..}` rather than raw, and a backslash just before the closing quote
/// as `\u{5C}`: pycep-parser (checkov's Bicep parser) misreads `'...\\'` and then skips the file.
pub fn bicep_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_none() => out.push_str("\\u{5C}"),
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The name of the location parameter.
const LOCATION: &str = "location";
/// The symbol of the tags parameter.
const TAGS: &str = "tags";

/// `main.bicep`. THESE FIELDS ARE LOAD-BEARING: `templates/bicep/main.bicep.hbs` uses them.
#[derive(Debug, Serialize)]
struct MainView {
    /// Comment lines, without `// `.
    header: Vec<String>,
    params: Vec<ParamView>,
    /// Each declaration, already written by [`declare`], without its final line break. [`render_main`] writes them into the template's frame itself.
    resources: Vec<String>,
    outputs: Vec<OutputView>,
}

#[derive(Debug, Serialize)]
struct ParamView {
    /// Decorator lines (`@secure()`, `@description('…')`).
    decorators: Vec<String>,
    name: String,
    ty: &'static str,
    /// The default value as a Bicep expression, if any.
    default: Option<String>,
}

/// One `resource` or `module` declaration, written by [`declare`].
#[derive(Debug)]
struct Declaration {
    /// Comment lines above the declaration, without `// `.
    comments: Vec<String>,
    /// `resource` or `module`.
    keyword: &'static str,
    symbol: String,
    /// `Type@apiVersion`, or a module's path.
    type_api: String,
    existing: bool,
    members: Vec<Member>,
}

#[derive(Debug)]
struct Member {
    key: String,
    /// The value, rendered at depth 1.
    value: String,
}

#[derive(Debug, Serialize)]
struct OutputView {
    name: String,
    ty: &'static str,
    value: String,
}

/// `main.bicepparam`. THESE FIELDS ARE LOAD-BEARING: `templates/bicep/main.bicepparam.hbs` uses them.
#[derive(Debug, Serialize)]
struct ParamsView {
    header: Vec<String>,
    /// The template the parameters are for.
    template: &'static str,
    params: Vec<ParamValueView>,
}

#[derive(Debug, Serialize)]
struct ParamValueView {
    name: String,
    /// A Bicep expression.
    value: String,
}

impl MainView {
    /// The view of `main.bicep` without its declarations (see [`declarations`]).
    fn new(graph: &Graph, header: &Header) -> MainView {
        let mut params = vec![ParamView {
            decorators: vec![format!("@description({})", bicep_str("The region of every resource."))],
            name: LOCATION.to_owned(),
            ty: "string",
            default: Some(bicep_str(graph.region.name)),
        }];
        let tags = AzValue::Object(graph.tags.iter().map(|(k, v)| (k.clone(), AzValue::Str(v.clone()))).collect());
        params.push(ParamView {
            decorators: vec![format!(
                "@description({})",
                bicep_str("Tags of every resource that takes tags (the spec's tags by default).")
            )],
            name: TAGS.to_owned(),
            ty: "object",
            default: Some(bicep_value(graph, &tags, 0)),
        });
        for (_, param) in graph.params() {
            let mut decorators = Vec::new();
            if param.secure {
                decorators.push("@secure()".to_owned());
            }
            decorators.push(format!("@description({})", bicep_str(&param.description)));
            params.push(ParamView { decorators, name: param_symbol(&param.name), ty: "string", default: None });
        }
        MainView { header: vec![header.text()], params, resources: Vec::new(), outputs: outputs(graph) }
    }
}

/// The declarations of `main.bicep` in graph order, each laid out as it is needed.
fn declarations(graph: &Graph) -> impl Iterator<Item = String> + '_ {
    let symbols = Symbols::check(graph);
    let rules = RulesCache::default();
    graph.resources().filter_map(move |(id, res)| {
        if armbody::stand_in(graph, id).is_some() {
            return symbols.scopes.contains(&id).then(|| declare(&existing_subnet(graph, id)));
        }
        if armbody::existing_vnet(graph, id) {
            // Only referred to when the deployment writes nothing into it.
            return (!armbody::absorbed(graph, id).is_empty()).then(|| declare(&subnets_module(graph, id)));
        }
        debug_assert!(res.kind != ApiKind::Subnet);
        Some(declare(&resource(graph, id, &rules)))
    })
}

impl ParamsView {
    fn new(graph: &Graph, header: &Header) -> ParamsView {
        let mut params = vec![ParamValueView { name: LOCATION.to_owned(), value: bicep_str(graph.region.name) }];
        for (_, param) in graph.params() {
            let variable = format!("AMLNET_{}", param.name.to_ascii_uppercase());
            params.push(ParamValueView {
                name: param_symbol(&param.name),
                value: format!("readEnvironmentVariable({})", bicep_str(&variable)),
            });
        }
        ParamsView { header: vec![header.text()], template: MAIN_FILE, params }
    }
}

/// Bicep identifiers in use, checked for clashes, and the subnets that need an `existing` declaration.
struct Symbols {
    scopes: BTreeSet<ResourceId>,
}

impl Symbols {
    /// Params, resources and `existing` subnets share one namespace in Bicep; the IR guarantees unique
    /// resource symbols, this checks the rest.
    fn check(graph: &Graph) -> Symbols {
        let scopes: BTreeSet<ResourceId> = graph
            .resources()
            .filter_map(|(id, res)| match &res.body {
                Body::RoleAssignment(ra)
                    if armbody::subnet_vnet(graph, ra.scope).is_some() && armbody::stand_in(graph, id).is_none() =>
                {
                    Some(ra.scope)
                }
                _ => None,
            })
            .collect();
        let mut seen = BTreeSet::from([LOCATION.to_owned(), TAGS.to_owned()]);
        let params = graph.params().map(|(_, p)| (param_symbol(&p.name), p.name.as_str()));
        let resources = graph
            .resources()
            .filter(|(id, _)| armbody::stand_in(graph, *id).is_none() || scopes.contains(id))
            .map(|(_, r)| (camel(&r.symbol), r.symbol.as_str()));
        for (symbol, from) in params.chain(resources) {
            assert!(
                seen.insert(symbol.clone()),
                "Bicep symbol {symbol} (from {from}) is declared twice; lower should keep parameter names and \
                 resource symbols apart"
            );
        }
        Symbols { scopes }
    }
}

/// One resource declaration.
fn resource(graph: &Graph, id: ResourceId, rules: &RulesCache) -> Declaration {
    let res = graph.resource(id);
    let info = catalog::info(res.kind);
    let mut members = Vec::new();
    let mut member = |key: &str, value: String| members.push(Member { key: key.to_owned(), value });
    if let Some(parent) = parent(graph, id) {
        member("parent", camel(&graph.resource(parent).symbol));
    }
    match &res.body {
        Body::RoleAssignment(ra) => {
            let scope = symbol(graph, ra.scope);
            member(
                "name",
                format!("guid({scope}.id, {}.id, {})", symbol(graph, ra.principal), bicep_str(ra.role.guid())),
            );
            member("scope", scope);
        }
        Body::ClusterExtension(ext) => {
            member("name", bicep_str(&res.name));
            member("scope", symbol(graph, ext.cluster));
        }
        Body::ManagementLock(lock) => {
            member("name", bicep_str(&res.name));
            member("scope", symbol(graph, lock.scope));
        }
        Body::DiagnosticSetting(d) => {
            member("name", bicep_str(&res.name));
            member("scope", symbol(graph, d.target));
        }
        _ => member("name", bicep_str(&res.name)),
    }
    let body = armbody::body(graph, id);
    for (key, value) in &body {
        member(&bicep_key(key), bicep_value_with(graph, value, 1, &|id, attr| reference(graph, id, attr), rules));
    }

    // Bicep derives dependencies from symbolic references; only the graph's extra dependencies (also
    // those of inlined subnets) need saying, unless the body already refers to them.
    let referenced: BTreeSet<ResourceId> =
        armbody::body_refs(&body).into_iter().map(|(r, _)| armbody::stand_in(graph, r).unwrap_or(r)).collect();
    let inlined: BTreeSet<ResourceId> = match &res.body {
        Body::VirtualNetwork(vnet) => vnet.subnets.iter().copied().collect(),
        _ => BTreeSet::new(),
    };
    let mut comments = Vec::new();
    let mut depends: Vec<String> = Vec::new();
    for dep in graph.extra_deps().iter().filter(|d| d.from == id || inlined.contains(&d.from)) {
        let to = armbody::stand_in(graph, dep.to).unwrap_or(dep.to);
        let sym = camel(&graph.resource(to).symbol);
        if to != id && !referenced.contains(&to) && !depends.contains(&sym) {
            comments.push(format!("dependsOn {sym}: {}", dep.reason));
            depends.push(sym);
        }
    }
    if !depends.is_empty() {
        let lines: Vec<String> = depends.iter().map(|sym| format!("    {sym}")).collect();
        member("dependsOn", format!("[\n{}\n  ]", lines.join("\n")));
    }
    Declaration {
        comments,
        keyword: "resource",
        symbol: camel(&res.symbol),
        type_api: format!("{}@{}", info.arm_type, info.api_version),
        existing: false,
        members,
    }
}

/// The name of a value the subnets module receives from `main.bicep`.
fn module_param(graph: &Graph, id: ResourceId, attr: RefAttr) -> String {
    let suffix = match attr {
        RefAttr::Id => "Id",
        RefAttr::Name => "Name",
        RefAttr::PrincipalId => "PrincipalId",
        RefAttr::KubeletObjectId => "KubeletObjectId",
        RefAttr::PrivateIp => "PrivateIp",
    };
    format!("{}{suffix}", camel(&graph.resource(id).symbol))
}

/// Every main-template value the subnets module of `vnet` needs, in first-use order.
fn module_inputs(graph: &Graph, vnet: ResourceId) -> Vec<(ResourceId, RefAttr)> {
    let mut out: Vec<(ResourceId, RefAttr)> = Vec::new();
    for id in armbody::absorbed(graph, vnet) {
        let mut refs = armbody::body_refs(&armbody::body(graph, id));
        if let Body::RoleAssignment(ra) = &graph.resource(id).body {
            refs.insert(0, (ra.principal, RefAttr::Id));
        }
        for (target, attr) in refs {
            let inside = armbody::stand_in(graph, target) == Some(vnet) || target == vnet;
            if !inside && !out.contains(&(target, attr)) {
                out.push((target, attr));
            }
        }
    }
    out
}

/// The `module` declaration standing in for an existing virtual network.
fn subnets_module(graph: &Graph, vnet: ResourceId) -> Declaration {
    let existing = graph.resource(vnet).body.existing().expect("modules stand in for existing resources only");
    let mut members =
        vec![Member { key: "name".to_owned(), value: bicep_str(&super::arm::subnets_deployment_name(graph, vnet)) }];
    if let Some(group) = &existing.resource_group {
        let scope: Vec<String> = existing.subscription.iter().chain([group]).map(|part| bicep_str(part)).collect();
        members.push(Member { key: "scope".to_owned(), value: format!("resourceGroup({})", scope.join(", ")) });
    }
    let params: Vec<String> = module_inputs(graph, vnet)
        .into_iter()
        .map(|(id, attr)| format!("    {}: {}", module_param(graph, id, attr), reference(graph, id, attr)))
        .collect();
    if !params.is_empty() {
        members.push(Member { key: "params".to_owned(), value: format!("{{\n{}\n  }}", params.join("\n")) });
    }
    Declaration {
        comments: vec![format!(
            "The existing virtual network {}: see {}.",
            graph.resource(vnet).name,
            module_file(graph, vnet)
        )],
        keyword: "module",
        symbol: camel(&graph.resource(vnet).symbol),
        type_api: module_file(graph, vnet),
        existing: false,
        members,
    }
}

/// `modules/existing-subnets.bicep`: the existing vnet, its subnets re-declared one after the other,
/// the role assignments scoped to them, and their ids as outputs.
fn module_view(graph: &Graph, header: &Header, vnet: ResourceId) -> MainView {
    let inner = |id: ResourceId, attr: RefAttr| -> String {
        let inside = armbody::stand_in(graph, id) == Some(vnet) || id == vnet;
        match (inside, attr) {
            (true, RefAttr::Id) => format!("{}.id", camel(&graph.resource(id).symbol)),
            (true, RefAttr::Name) => bicep_str(&graph.resource(id).name),
            _ => module_param(graph, id, attr),
        }
    };
    let params = module_inputs(graph, vnet)
        .into_iter()
        .map(|(id, attr)| ParamView {
            decorators: Vec::new(),
            name: module_param(graph, id, attr),
            ty: "string",
            default: None,
        })
        .collect();
    let vnet_res = graph.resource(vnet);
    let vnet_info = catalog::info(vnet_res.kind);
    let mut resources = vec![declare(&Declaration {
        comments: Vec::new(),
        keyword: "resource",
        symbol: camel(&vnet_res.symbol),
        type_api: format!("{}@{}", vnet_info.arm_type, vnet_info.api_version),
        existing: true,
        members: vec![Member { key: "name".to_owned(), value: bicep_str(&vnet_res.name) }],
    })];
    let mut outputs = vec![OutputView {
        name: format!("{}Id", camel(&vnet_res.symbol)),
        ty: "string",
        value: inner(vnet, RefAttr::Id),
    }];
    let mut previous: Option<ResourceId> = None;
    for id in armbody::absorbed(graph, vnet) {
        let res = graph.resource(id);
        let info = catalog::info(res.kind);
        let mut members = Vec::new();
        match &res.body {
            Body::RoleAssignment(ra) => {
                let scope = camel(&graph.resource(ra.scope).symbol);
                members.push(Member {
                    key: "name".to_owned(),
                    value: format!(
                        "guid({scope}.id, {}, {})",
                        inner(ra.principal, RefAttr::Id),
                        bicep_str(ra.role.guid())
                    ),
                });
                members.push(Member { key: "scope".to_owned(), value: scope });
            }
            _ => {
                members.push(Member { key: "parent".to_owned(), value: camel(&vnet_res.symbol) });
                members.push(Member { key: "name".to_owned(), value: bicep_str(&res.name) });
                outputs.push(OutputView {
                    name: format!("{}Id", camel(&res.symbol)),
                    ty: "string",
                    value: inner(id, RefAttr::Id),
                });
            }
        }
        for (key, value) in armbody::body(graph, id) {
            members.push(Member {
                key: bicep_key(&key),
                value: bicep_value_with(graph, &value, 1, &inner, &RulesCache::default()),
            });
        }
        let mut comments = Vec::new();
        if !matches!(res.body, Body::RoleAssignment(_)) {
            if let Some(prev) = previous {
                let sym = camel(&graph.resource(prev).symbol);
                comments.push(format!("dependsOn {sym}: Azure rejects concurrent writes to one virtual network"));
                members.push(Member { key: "dependsOn".to_owned(), value: format!("[\n    {sym}\n  ]") });
            }
            previous = Some(id);
        }
        resources.push(declare(&Declaration {
            comments,
            keyword: "resource",
            symbol: camel(&res.symbol),
            type_api: format!("{}@{}", info.arm_type, info.api_version),
            existing: false,
            members,
        }));
    }
    let mut lines = vec![header.text()];
    let note = armbody::stand_in_note(graph, vnet);
    lines.extend(wrap(note, 100));
    MainView { header: lines, params, resources, outputs }
}

/// `text` as lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// An `existing` declaration of a subnet, child of its (declared) virtual network.
fn existing_subnet(graph: &Graph, id: ResourceId) -> Declaration {
    let res = graph.resource(id);
    let info = catalog::info(res.kind);
    let vnet = armbody::subnet_vnet(graph, id).expect("only subnets are declared existing");
    Declaration {
        comments: Vec::new(),
        keyword: "resource",
        symbol: camel(&res.symbol),
        type_api: format!("{}@{}", info.arm_type, info.api_version),
        existing: true,
        members: vec![
            Member { key: "parent".to_owned(), value: camel(&graph.resource(vnet).symbol) },
            Member { key: "name".to_owned(), value: bicep_str(&res.name) },
        ],
    }
}

/// The outputs every format has ([`super::outputs`]), named in camelCase.
fn outputs(graph: &Graph) -> Vec<OutputView> {
    super::outputs(graph)
        .into_iter()
        .map(|output| OutputView {
            name: super::output_camel(&output.name),
            ty: "string",
            value: reference(graph, output.resource, output.attr),
        })
        .collect()
}

/// A symbolic reference. A subnet is not declared (except as a role scope), so its id is built from
/// its virtual network's symbol, which makes Bicep depend on the virtual network.
fn reference(graph: &Graph, id: ResourceId, attr: RefAttr) -> String {
    let res = graph.resource(id);
    // An existing network's own id is known before the deployment: spelled in place, it orders nothing
    // (two existing networks peered with each other would otherwise wait for each other's module).
    if let Some(existing) = res.body.existing()
        && attr == RefAttr::Id
    {
        let mut args: Vec<String> =
            existing.subscription.iter().chain(&existing.resource_group).map(|part| bicep_str(part)).collect();
        args.push(bicep_str(catalog::info(res.kind).arm_type));
        args.push(bicep_str(&res.name));
        return format!("resourceId({})", args.join(", "));
    }
    let in_existing = armbody::existing_vnet(graph, armbody::subnet_vnet(graph, id).unwrap_or(id));
    if in_existing {
        // The module standing in for the existing vnet outputs the ids (and so carries the dependency).
        let module = camel(&graph.resource(armbody::subnet_vnet(graph, id).unwrap_or(id)).symbol);
        return match attr {
            RefAttr::Id => format!("{module}.outputs.{}Id", camel(&res.symbol)),
            RefAttr::Name => bicep_str(&res.name),
            RefAttr::PrincipalId | RefAttr::KubeletObjectId | RefAttr::PrivateIp => {
                unreachable!("{} is a network, which has no identity", res.name)
            }
        };
    }
    if let Some(vnet) = armbody::subnet_vnet(graph, id) {
        return match attr {
            RefAttr::Id => format!(
                "resourceId({}, {}.name, {})",
                bicep_str(catalog::info(res.kind).arm_type),
                camel(&graph.resource(vnet).symbol),
                bicep_str(&res.name)
            ),
            RefAttr::Name => bicep_str(&res.name),
            RefAttr::PrincipalId | RefAttr::KubeletObjectId | RefAttr::PrivateIp => {
                unreachable!("{} is a subnet, which has no identity", res.name)
            }
        };
    }
    let symbol = camel(&res.symbol);
    match attr {
        RefAttr::Id => format!("{symbol}.id"),
        RefAttr::Name => format!("{symbol}.name"),
        RefAttr::PrincipalId if matches!(res.body, Body::UserAssignedIdentity) => {
            format!("{symbol}.properties.principalId")
        }
        // A system-assigned identity.
        RefAttr::PrincipalId => format!("{symbol}.identity.principalId"),
        RefAttr::KubeletObjectId => format!("{symbol}.properties.{}", aks::KUBELET_OBJECT_ID_ARM),
        RefAttr::PrivateIp => format!("{symbol}.properties.{}", firewall::PRIVATE_IP_ARM),
    }
}

/// The declared symbol standing for a resource (a subnet's own `existing` symbol).
fn symbol(graph: &Graph, id: ResourceId) -> String {
    camel(&graph.resource(id).symbol)
}

/// The parent a child resource names with `parent:`.
fn parent(graph: &Graph, id: ResourceId) -> Option<ResourceId> {
    graph.resource(id).body.parent()
}

/// A parameter's Bicep identifier.
fn param_symbol(name: &str) -> String {
    camel(name)
}

/// An object key: bare when it is an identifier, a string literal otherwise.
fn bicep_key(key: &str) -> String {
    let mut chars = key.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident { key.to_owned() } else { bicep_str(key) }
}

/// One declaration, without its final line break (`main.bicep.hbs` adds it): the comments, the
/// header line, one line per member, the closing brace.
///
/// Written here rather than by a template: its layout is fixed, every value in it is Bicep text that
/// [`bicep_value`] already spelled, and a template per declaration costs more than the rest of the
/// Bicep emitter on a large graph. Nothing here looks at a value; the `pinned_declarations` test
/// pins the layout of each kind of declaration.
fn declare(declaration: &Declaration) -> String {
    let Declaration { comments, keyword, symbol, type_api, existing, members } = declaration;
    let size = comments.iter().map(|c| c.len() + 4).sum::<usize>()
        + keyword.len()
        + symbol.len()
        + type_api.len()
        + members.iter().map(|m| m.key.len() + m.value.len() + 5).sum::<usize>()
        + 24;
    let mut text = String::with_capacity(size);
    for comment in comments {
        text.push_str("// ");
        text.push_str(comment);
        text.push('\n');
    }
    text.push_str(keyword);
    text.push(' ');
    text.push_str(symbol);
    text.push_str(" '");
    text.push_str(type_api);
    text.push('\'');
    if *existing {
        text.push_str(" existing");
    }
    text.push_str(" = {\n");
    for Member { key, value } in members {
        text.push_str("  ");
        text.push_str(key);
        text.push_str(": ");
        text.push_str(value);
        text.push('\n');
    }
    text.push('}');
    text
}

/// The embedded templates, strict and unescaped, compiled once per process.
fn registry() -> &'static Handlebars<'static> {
    static REGISTRY: OnceLock<Handlebars<'static>> = OnceLock::new();
    REGISTRY.get_or_init(compile_registry)
}

fn compile_registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    let templates = [
        (TEMPLATE_MAIN, include_str!("../../templates/bicep/main.bicep.hbs")),
        (TEMPLATE_PARAMS, include_str!("../../templates/bicep/main.bicepparam.hbs")),
    ];
    for (id, text) in templates {
        registry
            .register_template_string(id, text)
            .unwrap_or_else(|e| panic!("embedded template {id} is invalid: {e}"));
    }
    registry
}

/// Renders one template as it is.
fn render_raw(registry: &Handlebars<'_>, id: &str, view: &impl Serialize) -> String {
    registry.render(id, view).unwrap_or_else(|e| panic!("template {id} does not fit its view: {e}"))
}

/// Renders `main.bicep.hbs` with `view` (whose `resources` are ignored) and `declarations`, as
/// [`render`] would with the declarations in `view.resources`, without handing them to handlebars
/// (which would copy every one into its JSON context, the size of the whole file once more).
///
/// The template is rendered with two placeholder declarations, `A` and `B`: its text is then
/// `head A between B tail`, where `between` is what the template writes after one declaration and
/// before the next. The declarations are written into that frame one at a time.
fn render_main(mut view: MainView, declarations: impl IntoIterator<Item = String>, capacity: usize) -> String {
    const A: &str = "\u{1}amlnet declaration A\u{1}";
    const B: &str = "\u{1}amlnet declaration B\u{1}";
    let mut declarations = declarations.into_iter().peekable();
    if declarations.peek().is_none() {
        view.resources = Vec::new();
        return render(registry(), TEMPLATE_MAIN, &view);
    }
    view.resources = vec![A.to_owned(), B.to_owned()];
    let frame = render_raw(registry(), TEMPLATE_MAIN, &view);
    let (head, rest) = frame.split_once(A).expect("main.bicep.hbs writes every declaration");
    let (between, tail) = rest.split_once(B).expect("main.bicep.hbs writes every declaration");
    assert!(!tail.contains(A) && !tail.contains(B), "main.bicep.hbs writes each declaration once");
    let mut text = String::with_capacity(capacity);
    text.push_str(head);
    for (i, declaration) in declarations.enumerate() {
        if i > 0 {
            text.push_str(between);
        }
        text.push_str(&declaration);
    }
    text.push_str(tail);
    normalize(text)
}

/// Renders one template: LF line endings, exactly one trailing newline.
fn render(registry: &Handlebars<'_>, id: &str, view: &impl Serialize) -> String {
    normalize(render_raw(registry, id, view))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::armbody::tests::sample_graph;

    fn main_bicep() -> String {
        let files = emit(&sample_graph(), &Header { spec_path: "../examples/demo.yaml".into() });
        files[0].1.clone()
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(bicep_str(r"it's ${x} \ ok"), r"'it\'s \${x} \\ ok'");
        assert_eq!(bicep_str("a\nb$"), r"'a\nb$'");
        assert_eq!(bicep_str("nul\u{0} del\u{7f}"), r"'nul\u{0} del\u{7F}'");
        assert_eq!(bicep_str(r"share\"), r"'share\u{5C}'");
    }

    #[test]
    fn values_are_multiline_without_commas() {
        let g = sample_graph();
        let value = AzValue::Object(vec![
            ("a".into(), AzValue::Array(vec![AzValue::Int(1), AzValue::Bool(true)])),
            ("b-c".into(), AzValue::Object(vec![])),
        ]);
        assert_eq!(bicep_value(&g, &value, 0), "{\n  a: [\n    1\n    true\n  ]\n  'b-c': {}\n}");
    }

    #[test]
    fn layout() {
        let text = main_bicep();
        assert!(text.starts_with("// Generated by amlnet from ../examples/demo.yaml."), "{text}");
        assert!(text.contains("\n\n@secure()\n@description('SSH key')\nparam adminSshKey string\n\n"), "{text}");
        assert!(text.contains("param location string = 'eastus'\n"));
        assert!(text.contains("resource computeCpuCluster '"));
        assert!(text.contains("  parent: workspace\n  name: 'cpu-cluster'\n"));
        assert!(text.contains("resourceId('"));
        assert!(text.contains("', vnet.name, 'training')"));
        assert!(text.contains("principalId: aksIdentity.properties.principalId\n"));
        assert!(text.contains("'${aksIdentity.id}': {}"));
        assert!(text.contains("  dependsOn: [\n    aksNetworkContributor\n  ]\n"), "{text}");
        assert!(
            text.contains("resource snetAks '") && text.contains("' existing = {\n  parent: vnet\n  name: 'aks'\n}")
        );
        assert!(text.contains("  scope: snetAks\n"));
        assert!(text.contains("owner: '[ml\\'s team]'"));
        assert!(!text.contains("\n\n\n") && text.contains("\noutput workspaceName string = workspace.name\n"));
        assert!(text.ends_with("output aksId string = aks.id\n"), "{text}");
    }

    #[test]
    fn params_file_reads_credentials_from_the_environment() {
        let files = emit(&sample_graph(), &Header { spec_path: "x.yaml".into() });
        let text = &files[1].1;
        assert!(text.contains("using 'main.bicep'\n\nparam location = 'eastus'\n"), "{text}");
        assert!(text.contains("param adminSshKey = readEnvironmentVariable('AMLNET_ADMIN_SSH_KEY')\n"));
    }

    /// Pinned values, not a comparison of two runs: the header, the declaration order and the
    /// text of one whole declaration.
    /// Every part of a declaration, in place: comments, keyword, symbol, type, `existing`, members.
    #[test]
    fn declaration_layout() {
        let member = |key: &str, value: &str| Member { key: key.to_owned(), value: value.to_owned() };
        let declaration = Declaration {
            comments: vec!["dependsOn a: why".to_owned()],
            keyword: "resource",
            symbol: "snetA".to_owned(),
            type_api: "T/x@1".to_owned(),
            existing: true,
            members: vec![member("parent", "vnet"), member("properties", "{\n    a: 1\n  }")],
        };
        assert_eq!(
            declare(&declaration),
            "// dependsOn a: why\nresource snetA 'T/x@1' existing = {\n  parent: vnet\n  properties: {\n    a: 1\n  \
             }\n}"
        );
        let module =
            Declaration { comments: Vec::new(), keyword: "module", existing: false, members: vec![], ..declaration };
        assert_eq!(declare(&module), "module snetA 'T/x@1' = {\n}");
    }

    #[test]
    fn pinned_declarations() {
        let text = main_bicep();
        assert!(text.starts_with(
            "// Generated by amlnet from ../examples/demo.yaml. Do not edit by hand: change the spec and run amlnet \
             generate.\n"
        ));
        let symbols: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("resource "))
            .filter_map(|rest| rest.split(' ').next())
            .collect();
        assert_eq!(
            symbols,
            [
                "nsgTraining",
                "rtTraining",
                "vnet",
                "nsgAks",
                "snetAks",
                "storage",
                "keyVault",
                "logAnalytics",
                "appInsights",
                "registry",
                "workspace",
                "computeCpuCluster",
                "computeHdi",
                "aksIdentity",
                "aksNetworkContributor",
                "aks",
                "computeInference"
            ]
        );
        let identity = text.split("resource aksIdentity ").nth(1).and_then(|rest| rest.split("\n}\n").next());
        let info = crate::azure::catalog::info(crate::azure::catalog::ApiKind::UserAssignedIdentity);
        let expected = format!(
            "'{}@{}' = {{\n  name: 'id-aks'\n  location: location\n  tags: tags",
            info.arm_type, info.api_version
        );
        assert_eq!(identity, Some(expected.as_str()));
        assert!(text.contains("param tags object = {\n  env: 'dev'\n  owner: '[ml\\'s team]'\n}\n"), "{text}");
    }
}
