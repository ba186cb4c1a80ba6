//! Environments: one spec, several deployments (`environments: { dev: {...}, prod: {...} }`), each
//! the spec with its overlay merged in (`source/overlay.rs`), before validation. Every environment is
//! validated in full (its address spaces drive NSG rules and overlap checks), diagnostics point at the
//! overlay line or the base line that decided them, and a problem all environments share is reported
//! once. Globally unique names (storage account, key vault, registry) must differ between
//! environments.

use std::collections::BTreeMap;

use serde_json::Value;

use super::source::{self, SourceDoc, join_key};
use super::{SourceFormat, ValidSpec, validate};
use crate::azure::catalog::ApiKind;
use crate::diagnostics::{Diagnostic, Diagnostics, Related, Severity};

/// The spec's top-level key that holds the environments.
pub const KEY: &str = "environments";

/// Codes of environment diagnostics.
pub mod codes {
    /// An environment name that is not 1-16 of `[a-z0-9-]` starting with a letter, or a reserved one.
    pub const NAME: &str = "amlnet::environment::name";
    /// `environments` not a non-empty mapping of mappings, or an overlay holding `environments`.
    pub const OVERLAY: &str = "amlnet::environment::overlay";
    /// Two environments that would deploy a globally unique resource under the same name.
    pub const SAME_NAME: &str = "amlnet::environment::same_global_name";
    /// One environment asked for: the spec has none of that name, or has several and none was named.
    pub const CHOOSE: &str = "amlnet::environment::choose";
}

/// Names an environment may not take: the output directories of a spec without environments, so
/// that the two layouts never mix in one output directory.
const RESERVED: &[&str] = &["terraform", "arm", "bicep"];

/// The longest environment name.
const NAME_MAX: usize = 16;

/// One validated environment: its name (`None` for a spec without environments) and its spec.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub name: Option<String>,
    pub spec: ValidSpec,
}

/// Parses and validates a spec and every environment it defines, in name order (one unnamed entry
/// when it defines none), with the warnings of all of them; on failure every problem found.
pub fn load(text: &str, format: SourceFormat, file_name: &str) -> Result<(Vec<Loaded>, Diagnostics), Diagnostics> {
    let doc = source::parse(text, format, file_name)?;
    if doc.value.get(KEY).is_none() {
        let (spec, warnings) = validate::validate_with_warnings(&doc)?;
        return Ok((vec![Loaded { name: None, spec }], warnings));
    }
    let names = names(&doc)?;
    let mut outcomes = Vec::with_capacity(names.len());
    for name in &names {
        let merged = doc.overlaid(KEY, &join_key(KEY, name));
        outcomes.push((name.clone(), validate::validate_with_warnings(&merged)));
    }
    let failed = outcomes.iter().any(|(_, outcome)| outcome.is_err());
    let per_env: Vec<(&str, &Diagnostics)> = outcomes
        .iter()
        .filter_map(|(name, outcome)| match (outcome, failed) {
            (Err(diags), true) => Some((name.as_str(), diags)),
            (Ok((_, warnings)), false) => Some((name.as_str(), warnings)),
            _ => None,
        })
        .collect();
    let mut diags = Diagnostics::new(file_name, text);
    diags.items = collate(&per_env, names.len());
    if failed {
        return Err(diags);
    }
    let loaded: Vec<Loaded> = outcomes
        .into_iter()
        .filter_map(|(name, outcome)| outcome.ok().map(|(spec, _)| Loaded { name: Some(name), spec }))
        .collect();
    let clashes = same_global_names(&doc, &loaded);
    if !clashes.is_empty() {
        let mut errors = Diagnostics::new(file_name, text);
        errors.items = clashes;
        return Err(errors);
    }
    Ok((loaded, diags))
}

/// The environments' names, in order, once the section's shape and every name are right.
fn names(doc: &SourceDoc) -> Result<Vec<String>, Diagnostics> {
    let mut errors = Vec::new();
    let mut names = Vec::new();
    match doc.value.get(KEY) {
        Some(Value::Object(envs)) if !envs.is_empty() => {
            for (name, overlay) in envs {
                let path = join_key(KEY, name);
                if let Some(why) = bad_name(name) {
                    errors.push(located(doc, codes::NAME, &path, true, format!("environment name `{name}` {why}"),
                        "name each environment with 1-16 lowercase letters, digits and hyphens, starting with a letter (e.g. `dev`, `prod`)"));
                }
                match overlay {
                    Value::Object(fields) if fields.contains_key(KEY) => errors.push(located(
                        doc,
                        codes::OVERLAY,
                        &join_key(&path, KEY),
                        true,
                        format!("environment `{name}` defines environments of its own"),
                        "environments do not nest: move these to the top-level `environments`",
                    )),
                    Value::Object(_) | Value::Null => {}
                    _ => errors.push(located(
                        doc,
                        codes::OVERLAY,
                        &path,
                        false,
                        format!("environment `{name}` is not a mapping of spec fields"),
                        "give the fields this environment changes, e.g. `dev: { name_suffix: dev }`",
                    )),
                }
                names.push(name.clone());
            }
        }
        _ => errors.push(located(
            doc,
            codes::OVERLAY,
            KEY,
            false,
            "`environments` is not a mapping of environment names to the fields each changes".to_owned(),
            "write `environments: { dev: { ... }, prod: { ... } }`, or remove `environments`",
        )),
    }
    if !errors.is_empty() {
        let mut diags = Diagnostics::new(&doc.file_name, &doc.text);
        diags.items = errors;
        return Err(diags);
    }
    names.sort();
    Ok(names)
}

/// Why `name` is not an environment name, if it is not.
fn bad_name(name: &str) -> Option<&'static str> {
    let valid = (1..=NAME_MAX).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        Some("is not 1-16 lowercase letters, digits and hyphens starting with a letter (it names an output directory)")
    } else if RESERVED.contains(&name) {
        Some("is reserved: it is the name of an output directory of a spec without environments")
    } else {
        None
    }
}

/// A located error about `path` (its key when `key`, else its value).
fn located(doc: &SourceDoc, code: &'static str, path: &str, key: bool, message: String, help: &str) -> Diagnostic {
    let span = if key { doc.key_focus(path) } else { doc.focus(path) };
    Diagnostic {
        code,
        severity: Severity::Error,
        message,
        help: Some(help.to_owned()),
        path: Some(path.to_owned()),
        span,
        line: span.map(|span| doc.line_of(span.start)),
        related: Vec::new(),
    }
}

/// The diagnostics of every environment as one list: a diagnostic every environment has (same code,
/// place and message) once, as it is; any other once per environment that has it, its message naming
/// the environment. In the order found.
fn collate(per_env: &[(&str, &Diagnostics)], environments: usize) -> Vec<Diagnostic> {
    type Key<'d> = (&'static str, Option<(usize, usize)>, &'d str);
    fn key(d: &Diagnostic) -> Key<'_> {
        (d.code, d.span.map(|s| (s.start, s.end)), d.message.as_str())
    }
    let mut count: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    for (_, diags) in per_env {
        for item in &diags.items {
            *count.entry(key(item)).or_default() += 1;
        }
    }
    let mut shown: BTreeMap<Key<'_>, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, diags) in per_env {
        for item in &diags.items {
            if count[&key(item)] == environments {
                if shown.insert(key(item), ()).is_none() {
                    out.push(item.clone());
                }
            } else {
                let mut item = item.clone();
                item.message = format!("environment `{name}`: {}", item.message);
                out.push(item);
            }
        }
    }
    out
}

/// The globally unique names an environment deploys: storage account, key vault and registry.
fn global_names(spec: &ValidSpec) -> Vec<(&'static str, String)> {
    let workspace = &spec.workspace;
    let mut names = vec![
        (
            "storage account",
            workspace.storage.name.clone().unwrap_or_else(|| crate::names::global_name(spec, ApiKind::StorageAccount)),
        ),
        (
            "key vault",
            workspace.key_vault.name.clone().unwrap_or_else(|| crate::names::global_name(spec, ApiKind::KeyVault)),
        ),
    ];
    if let Some((hub, peering)) = crate::lower::hub::existing_hub_side(spec) {
        names.push(("peering on the existing hub", format!("{peering} ({hub})")));
    }
    if let Some(registry) = &workspace.container_registry {
        names.push((
            "container registry",
            registry.name.clone().unwrap_or_else(|| crate::names::global_name(spec, ApiKind::ContainerRegistry)),
        ));
    }
    names
}

/// An error for every two environments that share a globally unique name, naming every name they
/// share, located at the later environment's key, the earlier one related.
fn same_global_names(doc: &SourceDoc, loaded: &[Loaded]) -> Vec<Diagnostic> {
    let names: Vec<(&str, Vec<(&'static str, String)>)> =
        loaded.iter().map(|env| (env.name.as_deref().unwrap_or_default(), global_names(&env.spec))).collect();
    let mut errors = Vec::new();
    for (later, (name, globals)) in names.iter().enumerate() {
        for (first, first_globals) in &names[..later] {
            let shared: Vec<String> = globals
                .iter()
                .filter(|global| first_globals.contains(global))
                .map(|(what, global)| format!("the {what} `{global}`"))
                .collect();
            if shared.is_empty() {
                continue;
            }
            let first_path = join_key(KEY, first);
            let mut error = located(
                doc,
                codes::SAME_NAME,
                &join_key(KEY, name),
                true,
                format!(
                    "environments `{first}` and `{name}` would both deploy {}: these names are unique across \
                     Azure, so the second deployment would take over the first's",
                    shared.join(" and ")
                ),
                "give each environment its own `name_suffix` (e.g. `name_suffix: dev`), or its own names",
            );
            let span = doc.key_focus(&first_path);
            error.related.push(Related {
                label: format!("environment `{first}`"),
                path: Some(first_path),
                span,
                line: span.map(|span| doc.line_of(span.start)),
            });
            errors.push(error);
        }
    }
    errors
}

/// The error for asking one environment of a spec: `wanted` is not among `names` (or the spec has
/// none), or none was named and the spec has several.
pub fn choose_error(
    text: &str,
    format: SourceFormat,
    file_name: &str,
    names: &[String],
    wanted: Option<&str>,
) -> Diagnostics {
    let doc = source::parse(text, format, file_name).ok();
    let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let (message, help) = match (wanted, names.is_empty()) {
        (Some(wanted), true) => (
            format!("environment `{wanted}` was asked for, and the spec defines no environments"),
            "leave out the environment, or add `environments:` to the spec".to_owned(),
        ),
        (Some(wanted), false) => {
            (format!("the spec defines no environment `{wanted}` (it defines {list})"), format!("choose one of {list}"))
        }
        (None, _) => (
            format!("the spec defines several environments ({list}) and none was chosen"),
            "choose one (`--env NAME`, `Generator::environment`); `amlnet generate` writes them all".to_owned(),
        ),
    };
    let mut diags = Diagnostics::new(file_name, text);
    diags.items.push(match doc {
        Some(doc) => located(&doc, codes::CHOOSE, if names.is_empty() { "" } else { KEY }, true, message, &help),
        None => Diagnostic {
            code: codes::CHOOSE,
            severity: Severity::Error,
            message,
            help: Some(help),
            path: None,
            span: None,
            line: None,
            related: Vec::new(),
        },
    });
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(environments: &str) -> String {
        format!(
            "version: 1\nname: contoso\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    \
             - name: training\n      prefix: 10.0.1.0/24\n{environments}"
        )
    }

    fn errors(text: &str) -> Vec<(&'static str, String, Option<usize>)> {
        let diags = load(text, SourceFormat::Yaml, "t.yaml").unwrap_err();
        diags.items.into_iter().map(|d| (d.code, d.message, d.line)).collect()
    }

    #[test]
    fn every_environment_is_validated_and_shared_problems_are_reported_once() {
        let text = spec("environments:\n  dev:\n    name_suffix: dev\n  prod:\n    name_suffix: prod\n");
        let (loaded, _) = load(&text, SourceFormat::Yaml, "t.yaml").unwrap();
        let names: Vec<_> = loaded.iter().map(|env| env.name.clone().unwrap()).collect();
        assert_eq!(names, ["dev", "prod"]);
        assert_ne!(global_names(&loaded[0].spec)[0].1, global_names(&loaded[1].spec)[0].1);

        let bad = spec(
            "environments:\n  dev:\n    name_suffix: dev\n    vnet:\n      bogus: 1\n  prod:\n    name_suffix: prod\n",
        )
        .replace("name: contoso", "name: Contoso");
        let found = errors(&bad);
        assert_eq!(found.iter().filter(|(_, m, _)| m.contains("Contoso")).count(), 1, "{found:#?}");
        let unknown = found.iter().find(|(_, m, _)| m.contains("bogus")).expect("the overlay's unknown field");
        assert!(unknown.1.starts_with("environment `dev`: "), "{unknown:?}");
        assert_eq!(unknown.2, Some(13));
    }

    #[test]
    fn names_and_shapes_are_checked() {
        let found = errors(&spec("environments:\n  Dev:\n    name_suffix: a\n  arm: {}\n  x: 3\n"));
        let codes: Vec<_> = found.iter().map(|(code, _, line)| (*code, *line)).collect();
        assert_eq!(codes, [(codes::NAME, Some(10)), (codes::NAME, Some(12)), (codes::OVERLAY, Some(13))], "{found:#?}");
        assert_eq!(errors(&spec("environments: {}\n"))[0].0, codes::OVERLAY);
        assert_eq!(errors(&spec("environments:\n  a:\n    environments: {}\n"))[0].0, codes::OVERLAY);
    }

    #[test]
    fn environments_may_not_write_one_peering_on_a_shared_hub() {
        let hub = "hub:\n  resource_id: /subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub\n";
        let same = format!("{hub}environments:\n  dev:\n    name_suffix: dev\n  prod:\n    name_suffix: prod\n");
        let found = errors(&spec(&same));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].1.contains("peer-to-vnet-contoso (rg-hub/vnet-hub)"), "{found:#?}");
        // Each environment's spoke named apart: each writes its own peering on the hub.
        let apart = format!(
            "{hub}environments:\n  dev:\n    name_suffix: dev\n    vnet: {{name: vnet-dev}}\n  prod:\n    name_suffix: prod\n"
        );
        assert!(load(&spec(&apart), SourceFormat::Yaml, "t").is_ok());
    }

    #[test]
    fn environments_may_not_share_a_globally_unique_name() {
        let found = errors(&spec("environments:\n  dev:\n    location: eastus\n  prod: {}\n"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].1.contains("storage account") && found[0].1.contains("key vault"), "{found:#?}");
        assert!(found.iter().all(|(code, _, line)| *code == codes::SAME_NAME && *line == Some(12)), "{found:#?}");
        assert!(
            load(&spec("environments:\n  dev:\n    location: westus\n  prod: {}\n"), SourceFormat::Yaml, "t").is_ok()
        );
    }
}
