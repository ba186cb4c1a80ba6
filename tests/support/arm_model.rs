//! One ARM-shaped property model for the three formats: every resource, keyed by (ARM type, full
//! name), maps ARM property paths (`properties.minimumTlsVersion`, `sku.name`,
//! `properties.agentPoolProfiles[system].vmSize`) to normalised values. Terraform's azurerm attributes
//! are translated by [`AZURERM`], the one table that says which azurerm attribute is which ARM property;
//! azapi bodies, ARM and Bicep are ARM-shaped already. Nothing here is imported from the generator.
//!
//! Normal form: booleans, numbers and strings keep their type; a reference to a resource is its
//! (type, name); deployment parameters and the tenant id are opaque tokens, a principal id names the
//! resource whose identity it is; arrays of objects with a `name` are keyed by it
//! (`subnets[training]`), arrays of objects with the same keys become one list per key at
//! `path[].key`; an empty list is stated at its own path (`properties.delegations: []`). NSG rules and routes are left to
//! `tests/formats_agree.rs`, which compares them field by field.

use std::collections::BTreeMap;
use std::fmt;

use hcl::{Expression, ObjectKey};
use serde_json::Value;

use super::read::{self, Bicep};

/// A normalised property value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    Str(String),
    Bool(bool),
    Num(String),
    /// A resource: (ARM type, full name).
    Ref(String, String),
    /// A value known only at deployment time: `param:<name>`, `tenantId`, `principalId`, or an
    /// expression the readers do not evaluate (kept as its text, so it shows in a mismatch).
    Opaque(String),
    List(Vec<Val>),
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Str(s) => write!(f, "{s:?}"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Num(n) => write!(f, "{n}"),
            Val::Ref(t, n) => write!(f, "ref {t} {n:?}"),
            Val::Opaque(o) => write!(f, "<{o}>"),
            Val::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    write!(f, "{}{item}", if i > 0 { ", " } else { "" })?;
                }
                write!(f, "]")
            }
        }
    }
}

/// Property path → value.
pub type Props = BTreeMap<String, Val>;
/// (ARM type, full name) → properties.
pub type Model = BTreeMap<(String, String), Props>;

/// An object's members.
type Members = Vec<(String, Tree)>;

/// A tree in ARM's shape before flattening.
#[derive(Debug, Clone)]
enum Tree {
    Obj(Members),
    Arr(Vec<Tree>),
    Leaf(Val),
}

/// Properties every reader leaves out: identity and placement, not state (`name` and parents are the
/// key, `dependsOn` is order and `comments` its reasons), and NSG rules and routes (compared by `tests/formats_agree.rs`).
const SKIPPED: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "dependsOn",
    "comments",
    "parent",
    "scope",
    "resourceGroup",
    "properties.securityRules",
    "properties.routes",
    "properties.ruleCollections",
];

/// How every reader spells a reference to an Azure Firewall's private address (ARM and Bicep
/// `...ipConfigurations[0].properties.privateIPAddress`, azurerm `ip_configuration[0].private_ip_address`):
/// a deployment-time value; a spec has at most one firewall, so it needs no name.
const FIREWALL_PRIVATE_IP: &str = "the firewall's private address";

/// Whether an expression's text reads a firewall's private address.
fn is_firewall_private_ip(text: &str) -> bool {
    text.contains("ipConfigurations[0].properties.privateIPAddress")
        || (text.contains("azurerm_firewall") && text.contains("private_ip_address"))
}

fn flatten(prefix: &str, tree: &Tree, out: &mut Props) {
    let join = |key: &str| if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") };
    match tree {
        Tree::Leaf(v) => {
            out.insert(prefix.to_owned(), v.clone());
        }
        Tree::Obj(members) => {
            // A map keyed by expressions (`userAssignedIdentities`) is the list of its keys.
            if prefix.ends_with("userAssignedIdentities") {
                let keys = members.iter().map(|(k, _)| key_val(k)).collect();
                out.insert(prefix.to_owned(), Val::List(keys));
                return;
            }
            for (key, value) in members {
                let path = join(key);
                if !SKIPPED.contains(&path.as_str()) {
                    flatten(&path, value, out);
                }
            }
        }
        Tree::Arr(items) if items.is_empty() => {
            out.insert(prefix.to_owned(), Val::List(Vec::new()));
        }
        Tree::Arr(items) => {
            let named: Option<Vec<(String, Members)>> = items
                .iter()
                .map(|item| match item {
                    Tree::Obj(members) => {
                        let name = members.iter().find_map(|(k, v)| match (k.as_str(), v) {
                            ("name", Tree::Leaf(Val::Str(s))) => Some(s.clone()),
                            _ => None,
                        })?;
                        Some((name, members.iter().filter(|(k, _)| k != "name").cloned().collect()))
                    }
                    _ => None,
                })
                .collect();
            if let Some(named) = named {
                for (name, members) in named {
                    flatten(&format!("{prefix}[{name}]"), &Tree::Obj(members), out);
                }
                return;
            }
            // Objects of leaves with the same keys (`{ id, action }`): one list per key.
            let rows: Option<Vec<Vec<(String, Val)>>> = items
                .iter()
                .map(|item| match item {
                    Tree::Obj(m) => m
                        .iter()
                        .map(|(k, v)| match v {
                            Tree::Leaf(v) => Some((k.clone(), v.clone())),
                            _ => None,
                        })
                        .collect(),
                    _ => None,
                })
                .collect();
            if let Some(rows) = rows {
                let keys: Vec<&String> = rows[0].iter().map(|(k, _)| k).collect();
                if rows.iter().all(|r| r.iter().map(|(k, _)| k).eq(keys.iter().copied())) {
                    for (i, key) in keys.iter().enumerate() {
                        let list = rows.iter().map(|r| r[i].1.clone()).collect();
                        out.insert(format!("{prefix}[].{key}"), Val::List(list));
                    }
                    return;
                }
            }
            let leaves: Option<Vec<Val>> = items
                .iter()
                .map(|item| match item {
                    Tree::Leaf(v) => Some(v.clone()),
                    _ => None,
                })
                .collect();
            match leaves {
                Some(leaves) => {
                    out.insert(prefix.to_owned(), Val::List(leaves));
                }
                None => {
                    for (i, item) in items.iter().enumerate() {
                        flatten(&format!("{prefix}[{i}]"), item, out);
                    }
                }
            }
        }
    }
}

/// A map key that is an expression, read back as the value it names.
fn key_val(key: &str) -> Val {
    match key.strip_prefix("ref ") {
        Some(rest) => {
            let (t, n) = rest.split_once(' ').unwrap();
            Val::Ref(t.to_owned(), n.to_owned())
        }
        None => Val::Str(key.to_owned()),
    }
}

fn key_text(v: &Val) -> String {
    match v {
        Val::Ref(t, n) => format!("ref {t} {n}"),
        Val::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

// ---- Expressions shared by ARM and Bicep ----

#[derive(Debug, Clone)]
enum Expr {
    Str(String),
    /// A dotted path (`vnet.name`, `location`, `subscription().tenantId` is a call with a suffix).
    Path(Vec<String>),
    Call(String, Vec<Expr>, Vec<String>),
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.pos).is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.s.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
            self.pos += 1;
        }
        String::from_utf8(self.s[start..self.pos].to_vec()).unwrap()
    }

    fn suffix(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while self.s.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            out.push(self.ident());
        }
        out
    }

    fn expr(&mut self) -> Option<Expr> {
        self.ws();
        if *self.s.get(self.pos)? == b'\'' {
            self.pos += 1;
            let mut out = Vec::new();
            loop {
                let c = *self.s.get(self.pos)?;
                self.pos += 1;
                match c {
                    b'\\' => {
                        out.push(*self.s.get(self.pos)?);
                        self.pos += 1;
                    }
                    b'\'' if self.s.get(self.pos) == Some(&b'\'') => {
                        out.push(b'\'');
                        self.pos += 1;
                    }
                    b'\'' => return Some(Expr::Str(String::from_utf8(out).ok()?)),
                    c => out.push(c),
                }
            }
        }
        let name = self.ident();
        if name.is_empty() {
            return None;
        }
        if self.s.get(self.pos) != Some(&b'(') {
            let mut path = vec![name];
            path.extend(self.suffix());
            return Some(Expr::Path(path));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.ws();
        if self.s.get(self.pos) == Some(&b')') {
            self.pos += 1;
        } else {
            loop {
                args.push(self.expr()?);
                self.ws();
                let c = *self.s.get(self.pos)?;
                self.pos += 1;
                match c {
                    b',' => continue,
                    b')' => break,
                    _ => return None,
                }
            }
        }
        let suffix = self.suffix();
        Some(Expr::Call(name, args, suffix))
    }
}

fn parse_expr(text: &str) -> Option<Expr> {
    let mut p = Parser { s: text.as_bytes(), pos: 0 };
    let e = p.expr()?;
    p.ws();
    (p.pos == text.len()).then_some(e)
}

/// Context of an evaluation: what a bare path (`vnet.id`, `location`) and `parameters('x')` mean.
trait Scope {
    fn path(&self, path: &[String]) -> Val;
    fn parameter(&self, name: &str) -> Val;
}

/// The principal id of a resource's identity: known only at deployment, named by its resource.
fn principal_of(resource: Option<&Val>) -> Val {
    match resource {
        Some(Val::Ref(t, n)) => Val::Opaque(format!("principalId of {t} {n}")),
        _ => Val::Opaque("principalId".into()),
    }
}

/// The object id of a managed cluster's kubelet identity: known only at deployment.
fn kubelet_of(resource: Option<&Val>) -> Val {
    match resource {
        Some(Val::Ref(t, n)) => Val::Opaque(format!("kubelet objectId of {t} {n}")),
        _ => Val::Opaque("kubelet objectId".into()),
    }
}

fn param_token(name: &str) -> Val {
    Val::Opaque(format!("param:{}", name.to_ascii_lowercase().replace('_', "")))
}

fn eval(e: &Expr, scope: &dyn Scope) -> Val {
    match e {
        Expr::Str(s) => Val::Str(s.clone()),
        Expr::Path(p) => scope.path(p),
        Expr::Call(name, args, suffix) => {
            let vals: Vec<Val> = args.iter().map(|a| eval(a, scope)).collect();
            let text = |v: &Val| match v {
                Val::Str(s) => s.clone(),
                other => other.to_string(),
            };
            match (name.as_str(), suffix.last().map(String::as_str)) {
                (_, Some("tenantId")) => Val::Opaque("tenantId".into()),
                (_, Some("principalId")) => principal_of(vals.first()),
                (_, Some("objectId")) if suffix.iter().any(|s| s == "kubeletidentity") => kubelet_of(vals.first()),
                ("parameters", None) => scope.parameter(&text(&vals[0])),
                ("resourceId", None) => {
                    // A leading subscription and resource group (no `/`) do not change which resource it is.
                    let skip = vals.iter().take_while(|v| !text(v).contains('/')).count();
                    Val::Ref(text(&vals[skip]), vals[skip + 1..].iter().map(text).collect::<Vec<_>>().join("/"))
                }
                ("format", None) => {
                    let mut out = text(&vals[0]);
                    for (i, arg) in vals[1..].iter().enumerate() {
                        out = out.replace(&format!("{{{i}}}"), &text(arg));
                    }
                    Val::Str(out)
                }
                ("string", None) if vals.len() == 1 => vals[0].clone(),
                ("subscriptionResourceId", None) => Val::Ref(text(&vals[0]), text(&vals[1])),
                ("guid", None) => Val::Opaque("guid".into()),
                _ => Val::Opaque(format!("{e:?}")),
            }
        }
    }
}

// ---- ARM ----

struct ArmScope {
    params: BTreeMap<String, Val>,
}

impl Scope for ArmScope {
    fn path(&self, path: &[String]) -> Val {
        Val::Opaque(path.join("."))
    }
    fn parameter(&self, name: &str) -> Val {
        self.params.get(name).cloned().unwrap_or_else(|| param_token(name))
    }
}

fn arm_val(text: &str, scope: &ArmScope) -> Val {
    match read::arm_literal(text) {
        Some(lit) => Val::Str(lit),
        None if is_firewall_private_ip(text) => Val::Opaque(FIREWALL_PRIVATE_IP.into()),
        None => match parse_expr(&text[1..text.len() - 1]) {
            Some(e) => eval(&e, scope),
            None => Val::Opaque(text.to_owned()),
        },
    }
}

fn arm_tree(value: &Value, scope: &ArmScope) -> Tree {
    match value {
        Value::Object(m) => Tree::Obj(
            m.iter()
                .map(|(k, v)| {
                    let key = match arm_val(k, scope) {
                        Val::Str(s) => s,
                        other => key_text(&other),
                    };
                    (key, arm_tree(v, scope))
                })
                .collect(),
        ),
        Value::Array(items) => Tree::Arr(items.iter().map(|v| arm_tree(v, scope)).collect()),
        Value::String(s) => Tree::Leaf(arm_val(s, scope)),
        Value::Bool(b) => Tree::Leaf(Val::Bool(*b)),
        Value::Number(n) => Tree::Leaf(Val::Num(n.to_string())),
        Value::Null => Tree::Leaf(Val::Opaque("null".into())),
    }
}

/// The ARM scope string `Microsoft.X/a/name/b/child` as (type, name).
fn scope_ref(scope: &str) -> (String, String) {
    let parts: Vec<&str> = scope.split('/').collect();
    let mut ty = parts[0].to_owned();
    let mut names = Vec::new();
    for pair in parts[1..].chunks(2) {
        ty = format!("{ty}/{}", pair[0]);
        names.push(pair[1]);
    }
    (ty, names.join("/"))
}

/// A role assignment's key: its scope and role definition guid.
fn role_key(scope: &Val, role: &str) -> String {
    match scope {
        Val::Ref(t, n) => format!("{t} {n}:{role}"),
        // A scope named by its full ARM id (an existing zone in another subscription) is that resource.
        Val::Str(id) if top_level_id(id).is_some() => {
            let (t, n) = top_level_id(id).unwrap();
            format!("{t} {n}:{role}")
        }
        other => format!("{other}:{role}"),
    }
}

fn arm_into(resources: &[Value], scope: &ArmScope, out: &mut Model) {
    for res in resources {
        let ty = res["type"].as_str().unwrap().to_owned();
        if ty == "Microsoft.Resources/deployments" {
            let params = res["properties"]["parameters"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), arm_val(v["value"].as_str().unwrap(), scope))).collect())
                .unwrap_or_default();
            let inner = ArmScope { params };
            arm_into(res["properties"]["template"]["resources"].as_array().unwrap(), &inner, out);
            continue;
        }
        let mut props = Props::new();
        flatten("", &arm_tree(res, scope), &mut props);
        let name = if ty == "Microsoft.Authorization/roleAssignments" {
            let scope_val = {
                let (t, n) = scope_ref(res["scope"].as_str().unwrap());
                Val::Ref(t, n)
            };
            let role = match props.remove("properties.roleDefinitionId") {
                Some(Val::Ref(_, guid)) => guid,
                other => panic!("ARM role assignment: role {other:?}"),
            };
            role_key(&scope_val, &role)
        } else {
            match arm_val(res["name"].as_str().unwrap(), scope) {
                Val::Str(s) => s,
                other => panic!("ARM resource name {other}"),
            }
        };
        split_subnets(&ty, &name, &mut props, out);
        out.insert((ty, name), props);
    }
}

/// Moves `properties.subnets[x].*` of a virtual network into resources of their own, as Terraform
/// writes them.
fn split_subnets(ty: &str, name: &str, props: &mut Props, out: &mut Model) {
    if ty != "Microsoft.Network/virtualNetworks" {
        return;
    }
    let keys: Vec<String> = props.keys().filter(|k| k.starts_with("properties.subnets[")).cloned().collect();
    for key in keys {
        let value = props.remove(&key).unwrap();
        let rest = &key["properties.subnets[".len()..];
        let (subnet, path) = rest.split_once("].").unwrap();
        out.entry((format!("{ty}/subnets"), format!("{name}/{subnet}"))).or_default().insert(path.to_owned(), value);
    }
}

/// The model of an ARM template (nested deployments included, with their parameters substituted).
pub fn from_arm(template: &Value) -> Model {
    let mut out = Model::new();
    arm_into(template["resources"].as_array().unwrap(), &ArmScope { params: BTreeMap::new() }, &mut out);
    out
}

// ---- Bicep ----

struct BicepFile {
    /// symbol → (type, full name).
    symbols: BTreeMap<String, (String, String)>,
    params: BTreeMap<String, Val>,
    /// module symbol → its outputs.
    outputs: BTreeMap<String, BTreeMap<String, Val>>,
}

impl Scope for BicepFile {
    fn path(&self, path: &[String]) -> Val {
        if let Some(v) = self.params.get(&path[0]) {
            return v.clone();
        }
        if let (Some(outputs), Some("outputs"), Some(name)) =
            (self.outputs.get(&path[0]), path.get(1).map(String::as_str), path.get(2))
        {
            return outputs.get(name).cloned().unwrap_or_else(|| Val::Opaque(path.join(".")));
        }
        match (self.symbols.get(&path[0]), path.get(1).map(String::as_str)) {
            (Some((t, n)), Some("id")) => Val::Ref(t.clone(), n.clone()),
            (Some((_, n)), Some("name")) => Val::Str(n.rsplit('/').next().unwrap().to_owned()),
            (Some((t, n)), _) if path.last().map(String::as_str) == Some("principalId") => {
                principal_of(Some(&Val::Ref(t.clone(), n.clone())))
            }
            (Some((t, n)), _)
                if path.last().map(String::as_str) == Some("objectId")
                    && path.iter().any(|s| s == "kubeletidentity") =>
            {
                kubelet_of(Some(&Val::Ref(t.clone(), n.clone())))
            }
            (None, None) => match path[0].as_str() {
                "true" => Val::Bool(true),
                "false" => Val::Bool(false),
                n if n.chars().all(|c| c.is_ascii_digit()) => Val::Num(n.to_owned()),
                n => param_token(n),
            },
            _ => Val::Opaque(path.join(".")),
        }
    }
    fn parameter(&self, name: &str) -> Val {
        param_token(name)
    }
}

fn bicep_tree(b: &Bicep, file: &BicepFile) -> Tree {
    match b {
        Bicep::Str(s) => Tree::Leaf(Val::Str(s.clone())),
        Bicep::Raw(r) if r == "[]" => Tree::Arr(Vec::new()),
        Bicep::Raw(r) if r == "{}" => Tree::Obj(Vec::new()),
        Bicep::Raw(r) => Tree::Leaf(bicep_raw(r, file)),
        Bicep::Array(items) => Tree::Arr(items.iter().map(|i| bicep_tree(i, file)).collect()),
        Bicep::Object(members) => Tree::Obj(
            members
                .iter()
                .map(|(k, v)| {
                    // An interpolated key (`'${id.id}'`) names a resource.
                    let key = match k.strip_prefix("'${").and_then(|k| k.strip_suffix("}'")) {
                        Some(inner) => key_text(&bicep_raw(inner, file)),
                        None => k.clone(),
                    };
                    (key, bicep_tree(v, file))
                })
                .collect(),
        ),
    }
}

fn bicep_raw(raw: &str, file: &BicepFile) -> Val {
    if is_firewall_private_ip(raw) {
        return Val::Opaque(FIREWALL_PRIVATE_IP.into());
    }
    match parse_expr(raw) {
        Some(e) => eval(&e, file),
        None => Val::Opaque(raw.to_owned()),
    }
}

/// The model of a Bicep deployment: `main` and its modules (path → text), module parameters
/// substituted.
pub fn from_bicep(main: &str, modules: &BTreeMap<String, String>) -> Model {
    let mut out = Model::new();
    bicep_into(main, BTreeMap::new(), modules, &mut out);
    out
}

/// Reads one Bicep file into `out`; returns its outputs.
fn bicep_into(
    text: &str,
    params: BTreeMap<String, Val>,
    modules: &BTreeMap<String, String>,
    out: &mut Model,
) -> BTreeMap<String, Val> {
    let resources = read::bicep_resources(text);
    let mut file = BicepFile { symbols: BTreeMap::new(), params, outputs: BTreeMap::new() };
    for (symbol, ty, body) in &resources {
        let ty = ty.split('@').next().unwrap().to_owned();
        let name = body.get("name").and_then(Bicep::str).map(str::to_owned);
        let Some(name) = name else { continue };
        let full = match body.get("parent") {
            Some(Bicep::Raw(parent)) => format!("{}/{name}", file.symbols[parent].1),
            _ => name,
        };
        file.symbols.insert(symbol.clone(), (ty, full));
    }
    // Modules: `module x 'path' = { ... params: { ... } }`, each read once the modules whose outputs
    // its parameters use are read (a spoke's module may take the id of a hub's module declared after it).
    let lines: Vec<&str> = text.lines().collect();
    let mut pending: Vec<(String, String, BTreeMap<String, Bicep>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("module ") else { continue };
        let path = rest.split('\'').nth(1).unwrap().to_owned();
        let mut j = i + 1;
        let body = read::bicep_value(&lines, &mut j, "{");
        let params = match body.get("params") {
            Some(Bicep::Object(members)) => members.iter().cloned().collect(),
            _ => BTreeMap::new(),
        };
        pending.push((rest.split(' ').next().unwrap().to_owned(), path, params));
    }
    while !pending.is_empty() {
        let waits = |params: &BTreeMap<String, Bicep>, pending: &[(String, String, BTreeMap<String, Bicep>)]| {
            params.values().any(|v| {
                matches!(v, Bicep::Raw(r) if pending.iter().any(|(m, _, _)| r.starts_with(&format!("{m}.outputs."))))
            })
        };
        let next = (0..pending.len()).find(|&k| !waits(&pending[k].2, &pending)).unwrap_or(0);
        let (symbol, path, params) = pending.remove(next);
        let params = params
            .iter()
            .map(|(k, v)| {
                let val = match v {
                    Bicep::Str(s) => Val::Str(s.clone()),
                    Bicep::Raw(r) => bicep_raw(r, &file),
                    other => Val::Opaque(format!("{other:?}")),
                };
                (k.clone(), val)
            })
            .collect();
        let module = modules.get(&path).unwrap_or_else(|| panic!("Bicep module {path} is missing"));
        let outputs = bicep_into(module, params, modules, out);
        file.outputs.insert(symbol, outputs);
    }
    for (symbol, _, body) in &resources {
        let existing =
            text.lines().any(|l| l.starts_with(&format!("resource {symbol} ")) && l.ends_with("existing = {"));
        if existing {
            continue;
        }
        let Some((ty, name)) = file.symbols.get(symbol).cloned() else {
            // A role assignment: its name is a guid.
            let ty = "Microsoft.Authorization/roleAssignments".to_owned();
            let mut props = Props::new();
            flatten("", &bicep_tree(body, &file), &mut props);
            let scope = match body.get("scope") {
                Some(Bicep::Raw(s)) => file.symbols.get(s).map(|(t, n)| Val::Ref(t.clone(), n.clone())),
                _ => None,
            }
            .unwrap_or_else(|| panic!("Bicep {symbol}: no scope"));
            let role = match props.remove("properties.roleDefinitionId") {
                Some(Val::Ref(_, guid)) => guid,
                other => panic!("Bicep {symbol}: role {other:?}"),
            };
            out.insert((ty, role_key(&scope, &role)), props);
            continue;
        };
        let mut props = Props::new();
        flatten("", &bicep_tree(body, &file), &mut props);
        split_subnets(&ty, &name, &mut props, out);
        out.insert((ty, name), props);
    }
    text.lines()
        .filter_map(|l| l.strip_prefix("output "))
        .map(|l| {
            let name = l.split(' ').next().unwrap().to_owned();
            let expr = l.split_once(" = ").unwrap().1;
            (name, bicep_raw(expr, &file))
        })
        .collect()
}

// ---- Terraform ----

/// How an azurerm attribute becomes an ARM property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    /// The same value.
    Same,
    /// Part of the resource's identity (its name, parent, resource group), not a property.
    Key,
    /// `true`/`false` → `'Enabled'`/`'Disabled'`.
    Enabled,
    /// The negated boolean (`local_auth_enabled` ↔ `disableLocalAuth`).
    Not,
    /// A list of one element → the element (`address_prefixes` ↔ `addressPrefix`).
    Single,
    /// A list of strings → one comma-separated string (`bypass`).
    Join,
    /// Appended to what the path holds with `_` (`account_tier` + `account_replication_type` ↔
    /// `sku.name`).
    Concat,
    /// One block → a list of one element (`admin_ssh_key.public_key` ↔ `ssh.publicKeys[].keyData`).
    Listed,
}

/// One azurerm resource type: its ARM type and its attributes, `block.attr` for nested blocks and
/// `block[].attr` for blocks keyed by their `name` (the ARM path's `[]` takes the same name).
pub struct Azurerm {
    pub tf: &'static str,
    pub arm: &'static str,
    pub attrs: &'static [(&'static str, &'static str, Conv)],
}

use Conv::*;

/// The one table of azurerm attribute → ARM property. `tags.*`, `location` and `resource_group_name`
/// are common to all and handled by the reader.
///
/// cf. the azurerm 4.x resource docs (registry.terraform.io/providers/hashicorp/azurerm) and the
/// provider's expand functions, e.g. hashicorp/terraform-provider-azurerm
/// internal/services/machinelearning/machine_learning_compute_cluster_resource.go (`local_auth_enabled`
/// → `DisableLocalAuth: !…`, `ssh_public_access_enabled` ↔ `RemoteLoginPortPublicAccess`, `ssh.key_value`
/// → `AdminUserSshPublicKey`); ARM property names from the ARM template references on learn.microsoft.com
/// (`allowSharedKeyAccess`, `apiServerAccessProfile.enablePrivateClusterPublicFQDN`); 2026-11-30.
pub const AZURERM: &[Azurerm] = &[
    Azurerm {
        tf: "azurerm_network_security_group",
        arm: "Microsoft.Network/networkSecurityGroups",
        attrs: &[], // rules: tests/formats_agree.rs
    },
    Azurerm {
        tf: "azurerm_public_ip",
        arm: "Microsoft.Network/publicIPAddresses",
        attrs: &[
            ("sku", "sku.name", Same),
            ("sku_tier", "sku.tier", Same),
            ("allocation_method", "properties.publicIPAllocationMethod", Same),
            ("ip_version", "properties.publicIPAddressVersion", Same),
            ("zones", "zones", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_nat_gateway",
        arm: "Microsoft.Network/natGateways",
        attrs: &[
            ("sku_name", "sku.name", Same),
            ("idle_timeout_in_minutes", "properties.idleTimeoutInMinutes", Same),
            ("zones", "zones", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_route_table",
        arm: "Microsoft.Network/routeTables",
        attrs: &[("bgp_route_propagation_enabled", "properties.disableBgpRoutePropagation", Not)],
    },
    Azurerm {
        tf: "azurerm_virtual_network",
        arm: "Microsoft.Network/virtualNetworks",
        attrs: &[
            ("address_space", "properties.addressSpace.addressPrefixes", Same),
            ("dns_servers", "properties.dhcpOptions.dnsServers", Same),
        ],
    },
    // cf. the validators' azurerm 4.73.0 schema and Azure/bicep-types-az microsoft.network/2025-09-01
    // (`VirtualNetworkPeeringPropertiesFormat`, `AzureFirewallPropertiesFormat`, `FirewallPolicyPropertiesFormat`,
    // `FirewallPolicyRuleCollectionGroupProperties`, `BastionHostPropertiesFormat`), 2026-11-30.
    Azurerm {
        tf: "azurerm_virtual_network_peering",
        arm: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
        attrs: &[
            ("virtual_network_name", "", Key),
            ("remote_virtual_network_id", "properties.remoteVirtualNetwork.id", Same),
            ("allow_virtual_network_access", "properties.allowVirtualNetworkAccess", Same),
            ("allow_forwarded_traffic", "properties.allowForwardedTraffic", Same),
            ("allow_gateway_transit", "properties.allowGatewayTransit", Same),
            ("use_remote_gateways", "properties.useRemoteGateways", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_firewall",
        arm: "Microsoft.Network/azureFirewalls",
        attrs: &[
            ("sku_name", "properties.sku.name", Same),
            ("sku_tier", "properties.sku.tier", Same),
            ("firewall_policy_id", "properties.firewallPolicy.id", Same),
            ("zones", "zones", Same),
            ("ip_configuration[].subnet_id", "properties.ipConfigurations[].properties.subnet.id", Same),
            (
                "ip_configuration[].public_ip_address_id",
                "properties.ipConfigurations[].properties.publicIPAddress.id",
                Same,
            ),
            ("management_ip_configuration[].name", "properties.managementIpConfiguration.name", Same),
            (
                "management_ip_configuration[].subnet_id",
                "properties.managementIpConfiguration.properties.subnet.id",
                Same,
            ),
            (
                "management_ip_configuration[].public_ip_address_id",
                "properties.managementIpConfiguration.properties.publicIPAddress.id",
                Same,
            ),
        ],
    },
    Azurerm {
        tf: "azurerm_firewall_policy",
        arm: "Microsoft.Network/firewallPolicies",
        attrs: &[
            ("sku", "properties.sku.tier", Same),
            ("threat_intelligence_mode", "properties.threatIntelMode", Same),
            ("dns.proxy_enabled", "properties.dnsSettings.enableProxy", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_firewall_policy_rule_collection_group",
        arm: "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
        attrs: &[("firewall_policy_id", "", Key), ("priority", "properties.priority", Same)],
    },
    Azurerm {
        tf: "azurerm_bastion_host",
        arm: "Microsoft.Network/bastionHosts",
        attrs: &[
            ("sku", "sku.name", Same),
            ("ip_configuration[].subnet_id", "properties.ipConfigurations[].properties.subnet.id", Same),
            (
                "ip_configuration[].public_ip_address_id",
                "properties.ipConfigurations[].properties.publicIPAddress.id",
                Same,
            ),
        ],
    },
    Azurerm {
        tf: "azurerm_subnet",
        arm: "Microsoft.Network/virtualNetworks/subnets",
        attrs: &[
            ("virtual_network_name", "", Key),
            ("address_prefixes", "properties.addressPrefix", Single),
            ("service_endpoints", "properties.serviceEndpoints[].service", Same),
            ("private_endpoint_network_policies", "properties.privateEndpointNetworkPolicies", Same),
            ("private_link_service_network_policies_enabled", "properties.privateLinkServiceNetworkPolicies", Enabled),
            ("default_outbound_access_enabled", "properties.defaultOutboundAccess", Same),
            ("delegation[].service_delegation.name", "properties.delegations[].properties.serviceName", Same),
        ],
    },
    Azurerm { tf: "azurerm_private_dns_zone", arm: "Microsoft.Network/privateDnsZones", attrs: &[] },
    Azurerm {
        tf: "azurerm_monitor_private_link_scope",
        arm: "Microsoft.Insights/privateLinkScopes",
        attrs: &[
            ("ingestion_access_mode", "properties.accessModeSettings.ingestionAccessMode", Same),
            ("query_access_mode", "properties.accessModeSettings.queryAccessMode", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_monitor_private_link_scoped_service",
        arm: "Microsoft.Insights/privateLinkScopes/scopedResources",
        attrs: &[("scope_name", "", Key), ("linked_resource_id", "properties.linkedResourceId", Same)],
    },
    Azurerm {
        tf: "azurerm_private_dns_zone_virtual_network_link",
        arm: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
        attrs: &[
            ("private_dns_zone_name", "", Key),
            ("virtual_network_id", "properties.virtualNetwork.id", Same),
            ("registration_enabled", "properties.registrationEnabled", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_log_analytics_workspace",
        arm: "Microsoft.OperationalInsights/workspaces",
        attrs: &[("sku", "properties.sku.name", Same), ("retention_in_days", "properties.retentionInDays", Same)],
    },
    Azurerm {
        tf: "azurerm_application_insights",
        arm: "Microsoft.Insights/components",
        attrs: &[
            ("application_type", "properties.Application_Type", Same),
            ("application_type", "kind", Same),
            ("workspace_id", "properties.WorkspaceResourceId", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_storage_account",
        arm: "Microsoft.Storage/storageAccounts",
        attrs: &[
            ("account_kind", "kind", Same),
            ("account_tier", "sku.name", Concat),
            ("account_replication_type", "sku.name", Concat),
            ("https_traffic_only_enabled", "properties.supportsHttpsTrafficOnly", Same),
            ("min_tls_version", "properties.minimumTlsVersion", Same),
            ("allow_nested_items_to_be_public", "properties.allowBlobPublicAccess", Same),
            ("shared_access_key_enabled", "properties.allowSharedKeyAccess", Same),
            ("public_network_access_enabled", "properties.publicNetworkAccess", Enabled),
            ("network_rules.default_action", "properties.networkAcls.defaultAction", Same),
            ("network_rules.bypass", "properties.networkAcls.bypass", Join),
            ("network_rules.virtual_network_subnet_ids", "properties.networkAcls.virtualNetworkRules[].id", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_key_vault",
        arm: "Microsoft.KeyVault/vaults",
        attrs: &[
            ("tenant_id", "properties.tenantId", Same),
            ("sku_name", "properties.sku.name", Same),
            ("rbac_authorization_enabled", "properties.enableRbacAuthorization", Same),
            ("purge_protection_enabled", "properties.enablePurgeProtection", Same),
            ("soft_delete_retention_days", "properties.softDeleteRetentionInDays", Same),
            ("public_network_access_enabled", "properties.publicNetworkAccess", Enabled),
            ("network_acls.default_action", "properties.networkAcls.defaultAction", Same),
            ("network_acls.bypass", "properties.networkAcls.bypass", Same),
            ("network_acls.virtual_network_subnet_ids", "properties.networkAcls.virtualNetworkRules[].id", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_container_registry",
        arm: "Microsoft.ContainerRegistry/registries",
        attrs: &[
            ("sku", "sku.name", Same),
            ("admin_enabled", "properties.adminUserEnabled", Same),
            ("public_network_access_enabled", "properties.publicNetworkAccess", Enabled),
            ("network_rule_bypass_option", "properties.networkRuleBypassOptions", Same),
            ("network_rule_set.default_action", "properties.networkRuleSet.defaultAction", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_machine_learning_workspace",
        arm: "Microsoft.MachineLearningServices/workspaces",
        attrs: &[
            ("application_insights_id", "properties.applicationInsights", Same),
            ("key_vault_id", "properties.keyVault", Same),
            ("storage_account_id", "properties.storageAccount", Same),
            ("container_registry_id", "properties.containerRegistry", Same),
            ("public_network_access_enabled", "properties.publicNetworkAccess", Enabled),
            ("image_build_compute_name", "properties.imageBuildCompute", Same),
            ("friendly_name", "properties.friendlyName", Same),
            ("managed_network.isolation_mode", "properties.managedNetwork.isolationMode", Same),
            ("managed_network.provision_on_creation_enabled", "properties.provisionNetworkNow", Same),
            ("sku_name", "sku.name", Same),
            // machine_learning_workspace_resource.go: `Tier: pointer.ToEnum[workspaces.SkuTier](d.Get("sku_name"))`.
            ("sku_name", "sku.tier", Same),
            ("identity.type", "identity.type", Same),
        ],
    },
    // cf. hashicorp/terraform-provider-azurerm v4.73.0
    // machine_learning_workspace_network_outbound_rule_{fqdn,service_tag,private_endpoint}_resource.go.
    Azurerm {
        tf: "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
        arm: "Microsoft.MachineLearningServices/workspaces/outboundRules",
        attrs: &[("workspace_id", "", Key), ("destination_fqdn", "properties.destination", Same)],
    },
    Azurerm {
        tf: "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        arm: "Microsoft.MachineLearningServices/workspaces/outboundRules",
        attrs: &[
            ("workspace_id", "", Key),
            ("service_tag", "properties.destination.serviceTag", Same),
            ("protocol", "properties.destination.protocol", Same),
            ("port_ranges", "properties.destination.portRanges", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        arm: "Microsoft.MachineLearningServices/workspaces/outboundRules",
        attrs: &[
            ("workspace_id", "", Key),
            ("service_resource_id", "properties.destination.serviceResourceId", Same),
            ("sub_resource_target", "properties.destination.subresourceTarget", Same),
            ("spark_enabled", "properties.destination.sparkEnabled", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_machine_learning_compute_cluster",
        arm: "Microsoft.MachineLearningServices/workspaces/computes",
        attrs: &[
            ("machine_learning_workspace_id", "", Key),
            ("vm_priority", "properties.properties.vmPriority", Same),
            ("vm_size", "properties.properties.vmSize", Same),
            ("subnet_resource_id", "properties.properties.subnet.id", Same),
            ("node_public_ip_enabled", "properties.properties.enableNodePublicIp", Same),
            ("local_auth_enabled", "properties.disableLocalAuth", Not),
            ("ssh_public_access_enabled", "properties.properties.remoteLoginPortPublicAccess", Enabled),
            ("scale_settings.min_node_count", "properties.properties.scaleSettings.minNodeCount", Same),
            ("scale_settings.max_node_count", "properties.properties.scaleSettings.maxNodeCount", Same),
            (
                "scale_settings.scale_down_nodes_after_idle_duration",
                "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown",
                Same,
            ),
            ("ssh.admin_username", "properties.properties.userAccountCredentials.adminUserName", Same),
            ("ssh.key_value", "properties.properties.userAccountCredentials.adminUserSshPublicKey", Same),
            ("ssh.admin_password", "properties.properties.userAccountCredentials.adminUserPassword", Same),
            ("identity.type", "identity.type", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_network_interface",
        arm: "Microsoft.Network/networkInterfaces",
        attrs: &[
            ("ip_configuration[].subnet_id", "properties.ipConfigurations[].properties.subnet.id", Same),
            (
                "ip_configuration[].private_ip_address_allocation",
                "properties.ipConfigurations[].properties.privateIPAllocationMethod",
                Same,
            ),
        ],
    },
    Azurerm {
        tf: "azurerm_linux_virtual_machine",
        arm: "Microsoft.Compute/virtualMachines",
        attrs: &[
            ("size", "properties.hardwareProfile.vmSize", Same),
            ("computer_name", "properties.osProfile.computerName", Same),
            ("admin_username", "properties.osProfile.adminUsername", Same),
            (
                "disable_password_authentication",
                "properties.osProfile.linuxConfiguration.disablePasswordAuthentication",
                Same,
            ),
            ("network_interface_ids", "properties.networkProfile.networkInterfaces[].id", Same),
            // azurerm writes the key to the administrator's authorized_keys (the ARM `path`).
            ("admin_ssh_key.username", "", Key),
            ("admin_ssh_key.public_key", "properties.osProfile.linuxConfiguration.ssh.publicKeys[].keyData", Listed),
            ("os_disk.caching", "properties.storageProfile.osDisk.caching", Same),
            ("os_disk.storage_account_type", "properties.storageProfile.osDisk.managedDisk.storageAccountType", Same),
            ("source_image_reference.publisher", "properties.storageProfile.imageReference.publisher", Same),
            ("source_image_reference.offer", "properties.storageProfile.imageReference.offer", Same),
            ("source_image_reference.sku", "properties.storageProfile.imageReference.sku", Same),
            ("source_image_reference.version", "properties.storageProfile.imageReference.version", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_user_assigned_identity",
        arm: "Microsoft.ManagedIdentity/userAssignedIdentities",
        attrs: &[],
    },
    Azurerm {
        tf: "azurerm_kubernetes_cluster",
        arm: "Microsoft.ContainerService/managedClusters",
        attrs: &[
            ("dns_prefix", "properties.dnsPrefix", Same),
            ("private_cluster_enabled", "properties.apiServerAccessProfile.enablePrivateCluster", Same),
            (
                "private_cluster_public_fqdn_enabled",
                "properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN",
                Same,
            ),
            ("private_dns_zone_id", "properties.apiServerAccessProfile.privateDNSZone", Same),
            ("role_based_access_control_enabled", "properties.enableRBAC", Same),
            ("local_account_disabled", "properties.disableLocalAccounts", Same),
            ("default_node_pool[].vm_size", "properties.agentPoolProfiles[].vmSize", Same),
            ("default_node_pool[].node_count", "properties.agentPoolProfiles[].count", Same),
            ("default_node_pool[].vnet_subnet_id", "properties.agentPoolProfiles[].vnetSubnetID", Same),
            ("default_node_pool[].type", "properties.agentPoolProfiles[].type", Same),
            ("identity.type", "identity.type", Same),
            ("identity.identity_ids", "identity.userAssignedIdentities", Same),
            ("network_profile.network_plugin", "properties.networkProfile.networkPlugin", Same),
            ("network_profile.network_plugin_mode", "properties.networkProfile.networkPluginMode", Same),
            ("network_profile.network_policy", "properties.networkProfile.networkPolicy", Same),
            ("network_profile.service_cidr", "properties.networkProfile.serviceCidr", Same),
            ("network_profile.dns_service_ip", "properties.networkProfile.dnsServiceIP", Same),
            ("network_profile.pod_cidr", "properties.networkProfile.podCidr", Same),
            ("network_profile.load_balancer_sku", "properties.networkProfile.loadBalancerSku", Same),
            ("network_profile.outbound_type", "properties.networkProfile.outboundType", Same),
            ("automatic_upgrade_channel", "properties.autoUpgradeProfile.upgradeChannel", Same),
            ("node_os_upgrade_channel", "properties.autoUpgradeProfile.nodeOSUpgradeChannel", Same),
            ("azure_policy_enabled", "properties.addonProfiles.azurepolicy.enabled", Same),
            (
                "azure_active_directory_role_based_access_control.azure_rbac_enabled",
                "properties.aadProfile.enableAzureRBAC",
                Same,
            ),
        ],
    },
    Azurerm {
        tf: "azurerm_private_endpoint",
        arm: "Microsoft.Network/privateEndpoints",
        attrs: &[
            ("subnet_id", "properties.subnet.id", Same),
            (
                "private_service_connection[].private_connection_resource_id",
                "properties.privateLinkServiceConnections[].properties.privateLinkServiceId",
                Same,
            ),
            (
                "private_service_connection[].subresource_names",
                "properties.privateLinkServiceConnections[].properties.groupIds",
                Same,
            ),
            // `false` puts the connection in `privateLinkServiceConnections` (the path above).
            ("private_service_connection[].is_manual_connection", "", Key),
        ],
    },
    Azurerm {
        tf: "azurerm_role_assignment",
        arm: "Microsoft.Authorization/roleAssignments",
        attrs: &[
            ("scope", "", Key),
            ("role_definition_name", "", Key),
            ("principal_id", "properties.principalId", Same),
            ("principal_type", "properties.principalType", Same),
        ],
    },
    // hashicorp/terraform-provider-azurerm v4.73.0 website/docs/r/management_lock.html.markdown (`name`,
    // `scope`, `lock_level`, `notes`), checked 2026-11-30.
    // hashicorp/terraform-provider-azurerm v4.x website/docs/r/monitor_diagnostic_setting.html.markdown
    // (`target_resource_id`, `log_analytics_workspace_id`, `enabled_log.category_group`), checked 2026-11-30.
    Azurerm {
        tf: "azurerm_monitor_diagnostic_setting",
        arm: "Microsoft.Insights/diagnosticSettings",
        attrs: &[
            ("target_resource_id", "", Key),
            ("log_analytics_workspace_id", "properties.workspaceId", Same),
            ("enabled_log.category_group", "properties.logs[].categoryGroup", Listed),
            ("enabled_log.category", "properties.logs[].category", Listed),
            ("log_analytics_destination_type", "properties.logAnalyticsDestinationType", Same),
        ],
    },
    Azurerm {
        tf: "azurerm_management_lock",
        arm: "Microsoft.Authorization/locks",
        attrs: &[("scope", "", Key), ("lock_level", "properties.level", Same), ("notes", "properties.notes", Same)],
    },
];

/// What azurerm sends for a property the configuration leaves out, because the provider states it
/// itself (hard-coded, or an empty list built from an absent block or attribute): (azurerm type, ARM
/// path, value). A `[]` in the path takes the name of the resource's first named item there. Added
/// only when the path's parent object is present (a storage account without `network_rules` sends no
/// `networkAcls`).
///
/// cf. hashicorp/terraform-provider-azurerm, checked 2026-11-30:
/// internal/services/network/subnet_resource.go (create: `properties.Delegations =
/// expandSubnetDelegation(d.Get("delegation"))`, an empty list without `delegation` blocks);
/// internal/services/storage/storage_account_resource.go `expandStorageAccountVirtualNetworks` and
/// internal/services/keyvault/key_vault_resource.go `expandKeyVaultNetworkAcls` (the
/// `virtual_network_subnet_ids` set becomes `virtualNetworkRules`, empty when unset);
/// internal/services/containers/kubernetes_nodepool.go `ExpandDefaultNodePool` (`OsType: Linux` and
/// `Mode: System` hard-coded for the default pool, `Type` from `type`, whose schema default is
/// `VirtualMachineScaleSets`); internal/services/compute/linux_virtual_machine_resource.go (the OS disk's
/// `CreateOption: FromImage` hard-coded on create).
pub const AZURERM_IMPLIED: &[(&str, &str, Implied)] = &[
    ("azurerm_subnet", "properties.delegations", Implied::Empty),
    ("azurerm_storage_account", "properties.networkAcls.virtualNetworkRules", Implied::Empty),
    ("azurerm_key_vault", "properties.networkAcls.virtualNetworkRules", Implied::Empty),
    ("azurerm_kubernetes_cluster", "properties.agentPoolProfiles[].osType", Implied::Str("Linux")),
    ("azurerm_kubernetes_cluster", "properties.agentPoolProfiles[].mode", Implied::Str("System")),
    ("azurerm_kubernetes_cluster", "properties.agentPoolProfiles[].type", Implied::Str("VirtualMachineScaleSets")),
    ("azurerm_linux_virtual_machine", "properties.storageProfile.osDisk.createOption", Implied::Str("FromImage")),
    // machine_learning_workspace_network_outbound_rule_*_resource.go: `Type: pointer.To(string(
    // managednetwork.RuleTypeFQDN))` (and `RuleTypeServiceTag`, `RuleTypePrivateEndpoint`) and `Category:
    // pointer.To(managednetwork.RuleCategoryUserDefined)` on create.
    ("azurerm_machine_learning_workspace_network_outbound_rule_fqdn", "properties.type", Implied::Str("FQDN")),
    (
        "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
        "properties.category",
        Implied::Str("UserDefined"),
    ),
    (
        "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        "properties.type",
        Implied::Str("ServiceTag"),
    ),
    (
        "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        "properties.category",
        Implied::Str("UserDefined"),
    ),
    (
        "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        "properties.type",
        Implied::Str("PrivateEndpoint"),
    ),
    (
        "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        "properties.category",
        Implied::Str("UserDefined"),
    ),
    // monitor_diagnostic_setting_resource.go `expandMonitorDiagnosticsSettingsEnabledLogs`: every
    // `enabled_log` block is sent with `Enabled: true`.
    ("azurerm_monitor_diagnostic_setting", "properties.logs[].enabled", Implied::ListedTrue),
];

/// A value azurerm sends by itself.
#[derive(Debug, Clone, Copy)]
pub enum Implied {
    /// The empty list.
    Empty,
    Str(&'static str),
    /// `true` in each element of listed blocks.
    ListedTrue,
}

/// Adds the [`AZURERM_IMPLIED`] values of an azurerm resource of type `ty` that `props` lacks.
fn tf_implied(ty: &str, props: &mut Props) {
    for (_, path, value) in AZURERM_IMPLIED.iter().filter(|(t, _, _)| *t == ty) {
        let path = match path.split_once("[]") {
            None => (*path).to_owned(),
            Some((head, tail)) => {
                let open = format!("{head}[");
                let Some(name) = props.keys().find_map(|k| k.strip_prefix(&open)?.split_once(']').map(|(n, _)| n))
                else {
                    continue;
                };
                format!("{head}[{name}]{tail}")
            }
        };
        let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
        let present = |prefix: &str| {
            props
                .keys()
                .any(|k| k == prefix || k.starts_with(&format!("{prefix}.")) || k.starts_with(&format!("{prefix}[")))
        };
        if present(&path) || !present(parent) {
            continue;
        }
        let value = match value {
            Implied::Empty => Val::List(Vec::new()),
            Implied::Str(s) => Val::Str((*s).to_owned()),
            // As many as the listed blocks: the longest list beside it.
            Implied::ListedTrue => {
                let siblings = format!("{parent}.");
                let n = props
                    .iter()
                    .filter(|(k, _)| k.starts_with(&siblings))
                    .filter_map(|(_, v)| match v {
                        Val::List(items) => Some(items.len()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(1);
                Val::List(vec![Val::Bool(true); n])
            }
        };
        props.insert(path, value);
    }
}

struct TfBlock {
    data: bool,
    ty: String,
    label: String,
    body: hcl::Body,
}

/// (type, label) of every block → its ARM identity (type, full name).
type TfIds = BTreeMap<(bool, String, String), (String, String)>;

fn tf_name(block: &TfBlock) -> Option<String> {
    read::tf_attr(&block.body, "name").and_then(read::tf_string)
}

fn tf_arm_type(block: &TfBlock) -> Option<String> {
    match block.ty.as_str() {
        "azapi_resource" => {
            Some(read::tf_attr(&block.body, "type").and_then(read::tf_string)?.split('@').next()?.to_owned())
        }
        ty => AZURERM.iter().find(|a| a.tf == ty).map(|a| a.arm.to_owned()),
    }
}

/// The root, type, label and attributes of a traversal (`data.azurerm_subnet.x.id` → data, type,
/// label, [id]).
fn traversal(expr: &Expression) -> Option<(bool, String, String, Vec<String>)> {
    let Expression::Traversal(t) = expr else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    let mut names: Vec<String> = t
        .operators
        .iter()
        .map(|op| match op {
            hcl::expr::TraversalOperator::GetAttr(id) => id.to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    let root = root.to_string();
    if root == "data" {
        let ty = names.remove(0);
        let label = names.remove(0);
        Some((true, ty, label, names))
    } else if root == "var" {
        Some((false, root, names.remove(0), names))
    } else {
        let label = names.remove(0);
        Some((false, root, label, names))
    }
}

fn tf_val(expr: &Expression, ids: &TfIds) -> Val {
    match expr {
        // A virtual network named by its full id (an existing hub, which the other formats reach by
        // `resourceId(subscription, group, ...)` or a module output) is that network.
        Expression::String(s) if vnet_id(s).is_some() => {
            Val::Ref("Microsoft.Network/virtualNetworks".to_owned(), vnet_id(s).unwrap().to_owned())
        }
        Expression::String(s) => Val::Str(s.clone()),
        Expression::Bool(b) => Val::Bool(*b),
        Expression::Number(n) => Val::Num(n.to_string()),
        Expression::Array(items) => Val::List(items.iter().map(|i| tf_val(i, ids)).collect()),
        Expression::Traversal(_) if is_firewall_private_ip(&expr.to_string()) => {
            Val::Opaque(FIREWALL_PRIVATE_IP.into())
        }
        Expression::Traversal(_) => {
            let (data, ty, label, attrs) = traversal(expr).unwrap();
            let last = attrs.last().map(String::as_str);
            match (ty.as_str(), last) {
                ("var", _) => param_token(&label),
                // `local.tags` is `var.tags`.
                ("local", None) if label == "tags" => param_token("tags"),
                (_, Some("tenant_id")) => Val::Opaque("tenantId".into()),
                (_, Some("principal_id")) => principal_of(
                    ids.get(&(data, ty.clone(), label.clone())).map(|(t, n)| Val::Ref(t.clone(), n.clone())).as_ref(),
                ),
                (_, Some("object_id")) if attrs.iter().any(|a| a == "kubelet_identity") => kubelet_of(
                    ids.get(&(data, ty.clone(), label.clone())).map(|(t, n)| Val::Ref(t.clone(), n.clone())).as_ref(),
                ),
                (_, Some("id")) | (_, Some("name")) => match ids.get(&(data, ty.clone(), label.clone())) {
                    Some((t, n)) if last == Some("id") => Val::Ref(t.clone(), n.clone()),
                    Some((_, n)) => Val::Str(n.rsplit('/').next().unwrap().to_owned()),
                    None => Val::Opaque(format!("{ty}.{label}.{}", attrs.join("."))),
                },
                _ => Val::Opaque(format!("{ty}.{label}.{}", attrs.join("."))),
            }
        }
        other => Val::Opaque(format!("{other}")),
    }
}

fn tf_tree(expr: &Expression, ids: &TfIds) -> Tree {
    match expr {
        Expression::Object(members) => Tree::Obj(
            members
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Identifier(id) => id.to_string(),
                        ObjectKey::Expression(e) => key_text(&tf_val(e, ids)),
                        other => format!("{other:?}"),
                    };
                    (key, tf_tree(v, ids))
                })
                .collect(),
        ),
        Expression::Array(items) if items.iter().any(|i| matches!(i, Expression::Object(_))) => {
            Tree::Arr(items.iter().map(|i| tf_tree(i, ids)).collect())
        }
        other => Tree::Leaf(tf_val(other, ids)),
    }
}

/// The full name of a block: its name, after its parent's (subnet, DNS link, compute, azapi child).
fn tf_full_name(block: &TfBlock, ids: &TfIds) -> Option<String> {
    let name = tf_name(block)?;
    // An outbound rule names its workspace `workspace_id` (Application Insights uses the same name for
    // its Log Analytics workspace, which is no parent).
    let rule_parent = block.ty.starts_with("azurerm_machine_learning_workspace_network_outbound_rule_");
    let parent_attr =
        ["virtual_network_name", "private_dns_zone_name", "machine_learning_workspace_id", "parent_id", "scope_name"]
            .into_iter()
            .chain(rule_parent.then_some("workspace_id"))
            // A rule collection group names its policy (a firewall names one too, which is no parent).
            .chain((block.ty == "azurerm_firewall_policy_rule_collection_group").then_some("firewall_policy_id"))
            .find_map(|a| read::tf_attr(&block.body, a));
    // An extension resource (the cluster's Azure Machine Learning extension) names no parent: its
    // `parent_id` is the resource it extends.
    let extension = block.ty == "azapi_resource"
        && tf_arm_type(block).is_some_and(|t| t == "Microsoft.KubernetesConfiguration/extensions");
    match parent_attr.filter(|_| !extension).map(|e| tf_val(e, ids)) {
        None => Some(name),
        Some(Val::Str(parent)) if block.ty.ends_with("subnet") => {
            // A subnet's parent is named by its virtual network's name; find that network's identity.
            let vnet = ids.values().find(|(t, n)| t == "Microsoft.Network/virtualNetworks" && *n == parent)?;
            Some(format!("{}/{name}", vnet.1))
        }
        // A parent named by its full ARM id (an existing hub network, in any subscription): its name.
        Some(Val::Str(parent)) if parent.starts_with("/subscriptions/") => {
            Some(format!("{}/{name}", parent.rsplit('/').next().unwrap_or_default()))
        }
        Some(Val::Str(parent)) => {
            let zone = ids.values().find(|(t, n)| t == "Microsoft.Network/privateDnsZones" && *n == parent);
            Some(format!("{}/{name}", zone.map(|z| z.1.clone()).unwrap_or(parent)))
        }
        Some(Val::Ref(_, parent)) => Some(format!("{parent}/{name}")),
        Some(_) => None,
    }
}

/// The type and name of the top-level resource whose full ARM id is `text`.
fn top_level_id(text: &str) -> Option<(String, &str)> {
    let parts: Vec<&str> = text.strip_prefix("/subscriptions/")?.split('/').collect();
    match parts.as_slice() {
        [_, "resourceGroups", _, "providers", namespace, ty, name] => Some((format!("{namespace}/{ty}"), name)),
        _ => None,
    }
}

/// The name of the virtual network whose full ARM id is `text`.
fn vnet_id(text: &str) -> Option<&str> {
    let parts: Vec<&str> = text.strip_prefix("/subscriptions/")?.split('/').collect();
    match parts.as_slice() {
        [_, "resourceGroups", _, "providers", "Microsoft.Network", "virtualNetworks", name] => Some(name),
        _ => None,
    }
}

/// Flattens an azurerm body into `attr`, `block.attr` and `block[name].attr` paths.
fn tf_paths(prefix: &str, body: &hcl::Body, ids: &TfIds, out: &mut Vec<(String, Val)>) {
    let join = |k: &str| if prefix.is_empty() { k.to_owned() } else { format!("{prefix}.{k}") };
    for attr in body.attributes() {
        let key = attr.key.as_str();
        if prefix.is_empty() && matches!(key, "name" | "resource_group_name" | "depends_on" | "location" | "tags") {
            continue;
        }
        let value = tf_val(&attr.expr, ids);
        out.push((join(key), value));
    }
    for block in body.blocks() {
        let id = block.identifier.as_str();
        if prefix.is_empty()
            && matches!(
                id,
                "security_rule"
                    | "route"
                    | "private_dns_zone_group"
                    | "lifecycle"
                    | "network_rule_collection"
                    | "application_rule_collection"
            )
        {
            continue;
        }
        let name = read::tf_attr(&block.body, "name").and_then(read::tf_string);
        match name {
            Some(name) => {
                let mut inner = Vec::new();
                tf_paths("", &block.body, ids, &mut inner);
                // The name itself, for a block that is one named ARM object (`managementIpConfiguration`).
                inner.push(("name".to_owned(), Val::Str(name.clone())));
                for (k, v) in inner {
                    out.push((format!("{}[{name}].{k}", join(id)), v));
                }
            }
            None => tf_paths(&join(id), &block.body, ids, out),
        }
    }
}

/// Applies the [`AZURERM`] row of `ty` to the paths of a body; panics on an attribute the table does
/// not know, so the table stays complete.
fn tf_apply(ty: &str, paths: Vec<(String, Val)>, props: &mut Props) {
    let row = AZURERM.iter().find(|a| a.tf == ty).unwrap_or_else(|| panic!("no AZURERM row for {ty}"));
    for (path, value) in paths {
        // `block[name].attr` → pattern `block[].attr`, names captured in order.
        let mut pattern = String::new();
        let mut names = Vec::new();
        let mut rest = path.as_str();
        while let Some(open) = rest.find('[') {
            let close = rest[open..].find(']').unwrap() + open;
            pattern.push_str(&rest[..=open]);
            pattern.push(']');
            names.push(&rest[open + 1..close]);
            rest = &rest[close + 1..];
        }
        pattern.push_str(rest);
        if pattern.ends_with("].name") && !row.attrs.iter().any(|(a, _, _)| *a == pattern) {
            continue; // the key of a named block
        }
        let rows: Vec<_> = row.attrs.iter().filter(|(a, _, _)| *a == pattern).collect();
        assert!(!rows.is_empty(), "{ty}: attribute `{pattern}` is not in the AZURERM table");
        for (_, arm, conv) in rows {
            let mut arm_path = String::new();
            let mut names = names.iter();
            for (i, part) in arm.split("[]").enumerate() {
                if i > 0 {
                    arm_path.push_str(&format!("[{}]", names.next().unwrap_or(&"")));
                }
                arm_path.push_str(part);
            }
            let converted = match (conv, &value) {
                (Key, _) => continue,
                (Same, v) => v.clone(),
                (Enabled, Val::Bool(b)) => Val::Str(if *b { "Enabled" } else { "Disabled" }.into()),
                (Not, Val::Bool(b)) => Val::Bool(!b),
                (Single, Val::List(items)) if items.len() == 1 => items[0].clone(),
                // Repeated blocks (`enabled_log`) add to the list the first one started.
                (Listed, v) => match props.get(&arm_path) {
                    Some(Val::List(before)) => Val::List(before.iter().chain([v]).cloned().collect()),
                    _ => Val::List(vec![v.clone()]),
                },
                (Join, Val::List(items)) => Val::Str(
                    items
                        .iter()
                        .map(|i| match i {
                            Val::Str(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                (Concat, Val::Str(s)) => match props.get(&arm_path) {
                    Some(Val::Str(before)) => Val::Str(format!("{before}_{s}")),
                    _ => Val::Str(s.clone()),
                },
                (conv, v) => Val::Opaque(format!("{conv:?} of {v}")),
            };
            if matches!(&converted, Val::List(l) if l.is_empty()) {
                // An empty list is stated as the list itself, as ARM writes it (`serviceEndpoints: []`).
                let list = arm_path.split('[').next().unwrap_or_default().to_owned();
                props.insert(list, converted);
                continue;
            }
            props.insert(arm_path, converted);
        }
    }
}

fn common(body: &hcl::Body, ids: &TfIds, props: &mut Props) {
    if let Some(loc) = read::tf_attr(body, "location") {
        props.insert("location".into(), tf_val(loc, ids));
    }
    if let Some(tags) = read::tf_attr(body, "tags") {
        flatten("tags", &tf_tree(tags, ids), props);
    }
}

/// The model of Terraform files (all `.tf` text concatenated); `roles` maps role names to their
/// definition guids.
pub fn from_terraform(text: &str, roles: &BTreeMap<String, String>) -> Model {
    let body: hcl::Body = hcl::parse(text).unwrap_or_else(|e| panic!("Terraform does not parse: {e}"));
    let blocks: Vec<TfBlock> = body
        .blocks()
        .filter(|b| matches!(b.identifier.as_str(), "resource" | "data"))
        .map(|b| TfBlock {
            data: b.identifier.as_str() == "data",
            ty: b.labels[0].as_str().to_owned(),
            label: b.labels[1].as_str().to_owned(),
            body: b.body.clone(),
        })
        .collect();
    let mut ids = TfIds::new();
    for _ in 0..4 {
        for b in &blocks {
            let ty = match (b.data, b.ty.as_str()) {
                (true, "azurerm_virtual_network") => Some("Microsoft.Network/virtualNetworks".to_owned()),
                (true, "azurerm_subnet") => Some("Microsoft.Network/virtualNetworks/subnets".to_owned()),
                (true, _) => None,
                _ => tf_arm_type(b),
            };
            if let (Some(ty), Some(name)) = (ty, tf_full_name(b, &ids)) {
                ids.insert((b.data, b.ty.clone(), b.label.clone()), (ty, name));
            }
        }
    }
    let mut out = Model::new();
    let ident = |b: &TfBlock| ids.get(&(b.data, b.ty.clone(), b.label.clone())).cloned();
    for b in blocks.iter().filter(|b| !b.data) {
        let attr = |k: &str| read::tf_attr(&b.body, k).map(|e| tf_val(e, &ids));
        let target = |k: &str| match attr(k) {
            Some(Val::Ref(t, n)) => (t, n),
            other => panic!("{}.{}: {k} is {other:?}", b.ty, b.label),
        };
        match b.ty.as_str() {
            "azurerm_subnet_network_security_group_association" => {
                let nsg = attr("network_security_group_id").unwrap();
                out.entry(target("subnet_id")).or_default().insert("properties.networkSecurityGroup.id".into(), nsg);
            }
            "azurerm_subnet_route_table_association" => {
                let rt = attr("route_table_id").unwrap();
                out.entry(target("subnet_id")).or_default().insert("properties.routeTable.id".into(), rt);
            }
            "azurerm_subnet_nat_gateway_association" => {
                let nat = attr("nat_gateway_id").unwrap();
                out.entry(target("subnet_id")).or_default().insert("properties.natGateway.id".into(), nat);
            }
            "azurerm_nat_gateway_public_ip_association" => {
                let ip = attr("public_ip_address_id").unwrap();
                let ips = out
                    .entry(target("nat_gateway_id"))
                    .or_default()
                    .entry("properties.publicIpAddresses[].id".into())
                    .or_insert_with(|| Val::List(Vec::new()));
                if let Val::List(list) = ips {
                    list.push(ip);
                }
            }
            "azapi_update_resource" | "azapi_resource" => {
                let key = if b.ty == "azapi_resource" { ident(b).unwrap() } else { target("resource_id") };
                let props = out.entry(key).or_default();
                common(&b.body, &ids, props);
                if let Some(body) = read::tf_attr(&b.body, "body") {
                    flatten("", &tf_tree(body, &ids), props);
                }
                // Merge-patched into `body` by azapi: the members that hold secrets.
                if let Some(body) = read::tf_attr(&b.body, "sensitive_body") {
                    flatten("", &tf_tree(body, &ids), props);
                }
                for block in b.body.blocks().filter(|x| x.identifier.as_str() == "identity") {
                    let mut paths = Vec::new();
                    tf_paths("identity", &block.body, &ids, &mut paths);
                    props.extend(paths);
                }
            }
            "azurerm_role_assignment" => {
                let Some(Val::Str(role)) = attr("role_definition_name") else { panic!("role of {}", b.label) };
                let guid = roles.get(&role).unwrap_or_else(|| panic!("unknown role {role}"));
                let mut props = Props::new();
                let mut paths = Vec::new();
                tf_paths("", &b.body, &ids, &mut paths);
                tf_apply(&b.ty, paths, &mut props);
                let scope = attr("scope").unwrap();
                out.insert(("Microsoft.Authorization/roleAssignments".into(), role_key(&scope, guid)), props);
            }
            ty => {
                let Some(key) = ident(b) else { continue };
                let mut props = Props::new();
                common(&b.body, &ids, &mut props);
                let mut paths = Vec::new();
                tf_paths("", &b.body, &ids, &mut paths);
                tf_apply(ty, paths, &mut props);
                tf_implied(ty, &mut props);
                if ty == "azurerm_private_endpoint" {
                    for group in b.body.blocks().filter(|x| x.identifier.as_str() == "private_dns_zone_group") {
                        let name = read::tf_attr(&group.body, "name").and_then(read::tf_string).unwrap();
                        let zones =
                            read::tf_attr(&group.body, "private_dns_zone_ids").map(|e| tf_val(e, &ids)).unwrap();
                        let mut g = Props::new();
                        g.insert("properties.privateDnsZoneConfigs[].properties.privateDnsZoneId".into(), zones);
                        out.insert(
                            (
                                "Microsoft.Network/privateEndpoints/privateDnsZoneGroups".into(),
                                format!("{}/{name}", key.1),
                            ),
                            g,
                        );
                    }
                }
                out.entry(key).or_default().extend(props);
            }
        }
    }
    out
}

/// Puts what every format spells its own way into one form: the configs of a DNS zone group are the
/// sorted list of their zones (azurerm names the configs itself, ARM and Bicep name them in the template;
/// their order means nothing).
pub fn normalise(model: &mut Model) {
    const ZONES: &str = "properties.privateDnsZoneConfigs[].properties.privateDnsZoneId";
    for props in model.values_mut() {
        if let Some(Val::List(zones)) = props.get_mut(ZONES) {
            zones.sort();
        }
        let keys: Vec<String> = props
            .keys()
            .filter(|k| {
                k.starts_with("properties.privateDnsZoneConfigs[")
                    && !k.starts_with("properties.privateDnsZoneConfigs[]")
            })
            .cloned()
            .collect();
        if keys.is_empty() {
            continue;
        }
        let mut zones: Vec<Val> = keys.iter().filter_map(|k| props.remove(k)).collect();
        zones.sort();
        props.insert(ZONES.into(), Val::List(zones));
    }
}
