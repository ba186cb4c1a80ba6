//! Which stateful resources writing the output would replace, and how many resources each format adds,
//! changes and removes: the previous output, as `write` or `check` read it once, against the generated
//! files. Only the CLI reports it (`generate`, `check`).

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hasher};

use super::Generated;
use super::write::{Previous, Was};
use crate::azure::catalog::KINDS;
use crate::azure::replace::{self, Stateful};
use crate::diagnostics::{Diagnostic, Severity};

/// The code of the warning that a change replaces a stateful resource.
pub(crate) const REPLACES_STATEFUL: &str = "amlnet::output::replaces_stateful";

/// What writing these files over `dir` would do to the deployed resources: per format, how many
/// resources are added, changed and removed, and every change that replaces (or, in Terraform,
/// destroys) a stateful resource, as a warning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ResourcePlan {
    /// `(format directory, added, changed, removed)`, in the generated files' order of formats.
    pub(crate) formats: Vec<(String, usize, usize, usize)>,
    /// One warning per replaced or destroyed stateful resource.
    pub(crate) replacements: Vec<Diagnostic>,
}

impl ResourcePlan {
    /// One line per format: `amlnet: terraform: 2 added, 1 changed, 0 removed resources`.
    #[cfg(feature = "cli")]
    pub(crate) fn summary(&self) -> String {
        self.formats
            .iter()
            .map(|(format, added, changed, removed)| {
                format!("amlnet: {format}: {added} added, {changed} changed, {removed} removed resources\n")
            })
            .collect()
    }
}

/// One resource as a format's text declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    stateful: Option<&'static Stateful>,
    /// The resource's name, as written (quotes removed).
    name: String,
    /// Terraform only: the block's top-level `argument = value` lines.
    args: BTreeMap<String, String>,
    /// A digest of the declaration's whole text, to tell a changed resource (the texts themselves are
    /// not kept: an output of many megabytes would be held twice more).
    digest: u64,
}

/// The digest of a declaration's text, fed line by line.
fn digest_line(hasher: &mut DefaultHasher, line: &str) {
    hasher.write(line.as_bytes());
    hasher.write_u8(b'\n');
}

/// The digest of a text given whole.
fn digest_of(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// A format's resources by their key: the Terraform address, the Bicep file and symbol, the ARM
/// type and name.
type Inventory = BTreeMap<String, Declared>;

impl Generated {
    /// Compares the resources of these files with those of the previous generation, as `write` or
    /// `check` read it (once). A format with no previous file is only counted; a format whose files
    /// are all unchanged is not read at all; only a format that changed is parsed, on both sides.
    pub(crate) fn resource_plan(&self, previous: &Previous) -> ResourcePlan {
        let formats: BTreeSet<&str> = self.files().map(|(rel, _)| super::top(rel)).collect();
        let mut plan = ResourcePlan::default();
        for format in ["terraform", "arm", "bicep"].into_iter().filter(|f| formats.contains(f)) {
            let in_format = |rel: &&str| super::top(rel) == format;
            let new_files: Vec<(&str, &str)> = self.files().filter(|(rel, _)| in_format(rel)).collect();
            let old_files: Vec<(&str, &Was)> =
                previous.files.iter().map(|(rel, was)| (rel.as_str(), was)).filter(|(rel, _)| in_format(rel)).collect();
            if old_files.is_empty() {
                let added = new_files.iter().map(|(rel, text)| count_declared(rel, text)).sum();
                plan.formats.push((format.to_owned(), added, 0, 0));
                continue;
            }
            if old_files.len() == new_files.len() && old_files.iter().all(|(_, was)| matches!(was, Was::Same)) {
                plan.formats.push((format.to_owned(), 0, 0, 0));
                continue;
            }
            let (mut new, mut old) = (Inventory::new(), Inventory::new());
            for (rel, text) in &new_files {
                let mut declared = Inventory::new();
                declare(rel, text, &mut declared);
                if matches!(previous.files.get(*rel), Some(Was::Same)) {
                    old.extend(declared.iter().map(|(key, res)| (key.clone(), res.clone())));
                }
                new.extend(declared);
            }
            for (rel, was) in &old_files {
                if let Was::Text(text) = was {
                    declare(rel, text, &mut old);
                }
            }
            let added = new.keys().filter(|key| !old.contains_key(*key)).count();
            let removed = old.keys().filter(|key| !new.contains_key(*key)).count();
            let changed =
                new.iter().filter(|(key, res)| old.get(*key).is_some_and(|was| was.digest != res.digest)).count();
            plan.formats.push((format.to_owned(), added, changed, removed));
            plan.replacements.extend(replacements(format, &old, &new));
        }
        plan
    }
}

/// The syntax of a format's declarations: how a line opens one, and which key it goes under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Terraform,
    Bicep,
}

impl Syntax {
    /// The key and stateful row of the declaration `line` opens in the file `rel`, if it opens one:
    /// a Terraform `resource "TYPE" "LABEL" {`, a Bicep `resource SYMBOL 'TYPE@VERSION' = {`.
    fn opens(self, rel: &str, line: &str) -> Option<(String, Option<&'static Stateful>)> {
        match self {
            Syntax::Terraform => {
                let rest = line.strip_prefix("resource \"")?;
                let [tf_type, _, label, ..] = rest.split('"').collect::<Vec<_>>()[..] else { return None };
                Some((format!("{tf_type}.{label}"), stateful(|info| info.tf_type == Some(tf_type))))
            }
            Syntax::Bicep => {
                let rest = line.strip_prefix("resource ").filter(|_| line.ends_with(" = {"))?;
                let [symbol, ty, ..] = rest.split(' ').collect::<Vec<_>>()[..] else { return None };
                let arm_type = ty.trim_matches('\'').split('@').next().unwrap_or_default();
                Some((format!("{rel}:{symbol}"), stateful(|info| info.arm_type == arm_type)))
            }
        }
    }
}

/// How many resources `text` (the file `rel`) declares: what [`declare`] finds, counted without
/// reading each declaration (ARM: one `apiVersion` member per resource, nested ones included, on a
/// line of its own in the emitted layout).
fn count_declared(rel: &str, text: &str) -> usize {
    let syntax = if rel.ends_with(".tf") {
        Syntax::Terraform
    } else if rel.ends_with(".bicep") {
        Syntax::Bicep
    } else if rel.ends_with(".json") {
        return text.lines().filter(|line| line.trim_start().starts_with("\"apiVersion\": ")).count();
    } else {
        return 0;
    };
    text.lines().filter(|line| syntax.opens(rel, line).is_some()).count()
}

/// Adds the resources `text` (the file `rel`) declares to `inventory`.
fn declare(rel: &str, text: &str, inventory: &mut Inventory) {
    let syntax = if rel.ends_with(".tf") {
        Syntax::Terraform
    } else if rel.ends_with(".bicep") {
        Syntax::Bicep
    } else {
        if rel.ends_with(".json") {
            declare_arm(text, inventory);
        }
        return;
    };
    let mut current: Option<(String, Declared, DefaultHasher)> = None;
    for line in text.lines() {
        if let Some((_, res, hasher)) = current.as_mut() {
            digest_line(hasher, line);
            if line == "}" {
                let (key, mut res, hasher) = current.take().expect("a declaration is open");
                res.digest = hasher.finish();
                if syntax == Syntax::Terraform {
                    res.name = res.args.get("name").map(|name| name.trim_matches('"').to_owned()).unwrap_or_default();
                }
                inventory.insert(key, res);
            } else if syntax == Syntax::Bicep {
                if let Some(name) = line.strip_prefix("  name: ")
                    && res.name.is_empty()
                {
                    res.name = name.trim_matches('\'').to_owned();
                }
            } else if line.starts_with("  ")
                && !line[2..].starts_with(' ')
                && let Some((arg, value)) = line.split_once('=')
            {
                // Only a stateful resource's arguments are compared; every resource keeps its name.
                let arg = arg.trim();
                if res.stateful.is_some() || arg == "name" {
                    res.args.insert(arg.to_owned(), value.trim().to_owned());
                }
            }
        } else if let Some((key, stateful)) = syntax.opens(rel, line) {
            let res = Declared { stateful, name: String::new(), args: BTreeMap::new(), digest: 0 };
            let mut hasher = DefaultHasher::new();
            digest_line(&mut hasher, line);
            current = Some((key, res, hasher));
        }
    }
}

/// The stateful row of the kind `found` picks out, if any.
fn stateful(found: impl Fn(&crate::azure::KindInfo) -> bool) -> Option<&'static Stateful> {
    KINDS.iter().find(|info| found(info)).and_then(|info| replace::stateful(info.kind))
}

/// The members of an ARM template the inventory reads; the rest is skipped unparsed.
#[derive(serde::Deserialize)]
struct ArmTemplate<'a> {
    #[serde(borrow, default)]
    resources: Vec<&'a serde_json::value::RawValue>,
}

/// The members of an ARM resource the inventory reads: its key, and a nested deployment's template.
#[derive(serde::Deserialize)]
struct ArmResource<'a> {
    #[serde(rename = "type", default)]
    arm_type: String,
    #[serde(default)]
    name: String,
    #[serde(borrow, default)]
    properties: Option<ArmProperties<'a>>,
}

#[derive(serde::Deserialize)]
struct ArmProperties<'a> {
    #[serde(borrow, default)]
    template: Option<&'a serde_json::value::RawValue>,
}

/// Adds the resources of an ARM template, and of the templates of its nested deployments. Each
/// resource's own text is kept as written; nothing else is built (a template of many megabytes is
/// not turned into a value tree).
fn declare_arm(text: &str, inventory: &mut Inventory) {
    let Ok(template) = serde_json::from_str::<ArmTemplate>(text) else { return };
    for raw in template.resources {
        let Ok(resource) = serde_json::from_str::<ArmResource>(raw.get()) else { continue };
        let (arm_type, name) = (resource.arm_type.as_str(), resource.name.as_str());
        let stateful = stateful(|info| info.arm_type == arm_type);
        let res = Declared { stateful, name: name.to_owned(), args: BTreeMap::new(), digest: digest_of(raw.get()) };
        inventory.insert(format!("{arm_type} {name}"), res);
        if let Some(nested) = resource.properties.and_then(|p| p.template) {
            declare_arm(nested.get(), inventory);
        }
    }
}

/// The warnings for the stateful resources that going from `old` to `new` replaces or destroys.
fn replacements(format: &str, old: &Inventory, new: &Inventory) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut replaced: BTreeSet<&str> = BTreeSet::new();
    if format == "terraform" {
        // A replaced resource has a new id, so a `ForceNew` reference to it replaces the referrer:
        // repeat until nothing more is replaced.
        loop {
            let before = replaced.len();
            for (key, res) in new {
                let (Some(stateful), Some(was)) = (res.stateful, old.get(key)) else { continue };
                if replaced.contains(key.as_str()) {
                    continue;
                }
                let value = |args: &BTreeMap<String, String>, arg: &str| args.get(arg).cloned().unwrap_or_default();
                let why = stateful.force_new.iter().find_map(|arg| {
                    let (from, to) = (value(&was.args, arg), value(&res.args, arg));
                    if replace::forces_new(stateful, arg, &from, &to) {
                        return Some(format!("`{arg}` changes from {} to {}", shown(&from), shown(&to)));
                    }
                    let target = to.strip_suffix(".id")?;
                    replaced.contains(target).then(|| format!("`{arg}` names `{target}`, which is replaced"))
                });
                if let Some(why) = why {
                    replaced.insert(key);
                    found.push(warning(format!(
                        "terraform: the {} `{key}` would be replaced ({why}): Terraform destroys it, with its data, \
                         and creates a new, empty one",
                        stateful.what
                    )));
                }
            }
            if replaced.len() == before {
                break;
            }
        }
        for (key, was) in old.iter().filter(|(key, _)| !new.contains_key(*key)) {
            if let Some(stateful) = was.stateful {
                found.push(warning(format!(
                    "terraform: the {} `{key}` (`{}`) is no longer generated: Terraform destroys it, with its data",
                    stateful.what, was.name
                )));
            }
        }
        return found;
    }
    // ARM and Bicep deploy incrementally: a renamed resource is a second, new one, and the old one
    // stays, with its data, outside the template. Bicep keys by symbol; ARM by type and name, so a
    // rename there is one stateful resource of a type gone and one of the same type new.
    for (key, res) in new {
        let Some(stateful) = res.stateful else { continue };
        let was = if format == "bicep" {
            old.get(key).filter(|was| was.name != res.name)
        } else if old.contains_key(key) {
            None
        } else {
            old.iter()
                .find(|(old_key, was)| was.stateful == res.stateful && !new.contains_key(*old_key))
                .map(|(_, was)| was)
        };
        if let Some(was) = was {
            found.push(warning(format!(
                "{format}: the {} `{}` would be renamed to `{}`: Azure cannot rename it, so the deployment creates a \
                 new, empty one and leaves the old one, with its data, behind",
                stateful.what, was.name, res.name
            )));
        }
    }
    found
}

/// An HCL value for a message: `unset` when the argument is absent.
fn shown(value: &str) -> &str {
    if value.is_empty() { "unset" } else { value }
}

/// A replacement warning, which has no place in the spec.
fn warning(message: String) -> Diagnostic {
    Diagnostic {
        code: REPLACES_STATEFUL,
        severity: Severity::Warning,
        message,
        help: Some(
            "if this is not intended, restore the spec's `name`, `name_suffix` and the settings that changed; \
             otherwise move the data first"
                .to_owned(),
        ),
        path: None,
        span: None,
        line: None,
        related: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key vault renamed alone replaces the workspace that names it (`key_vault_id` is `ForceNew`);
    /// a replication change within the same family replaces nothing, across families it does.
    #[test]
    fn replacements_follow_force_new_and_references() {
        let tf = |kv: &str, replication: &str| {
            format!(
                "resource \"azurerm_storage_account\" \"main\" {{\n  name = \"st1\"\n  account_replication_type = \"{replication}\"\n}}\n\n\
                 resource \"azurerm_key_vault\" \"main\" {{\n  name = \"{kv}\"\n}}\n\n\
                 resource \"azurerm_machine_learning_workspace\" \"main\" {{\n  name = \"mlw\"\n  key_vault_id = azurerm_key_vault.main.id\n}}\n"
            )
        };
        let inventory = |text: &str| {
            let mut inventory = Inventory::new();
            declare("terraform/main.tf", text, &mut inventory);
            inventory
        };
        let messages = |old: &str, new: &str| -> Vec<String> {
            replacements("terraform", &inventory(old), &inventory(new)).into_iter().map(|d| d.message).collect()
        };
        assert!(messages(&tf("kv1", "LRS"), &tf("kv1", "GRS")).is_empty());
        let found = messages(&tf("kv1", "LRS"), &tf("kv2", "ZRS"));
        assert_eq!(found.len(), 3, "{found:#?}");
        for expected in [
            "`azurerm_key_vault.main` would be replaced (`name` changes from \"kv1\" to \"kv2\")",
            "`azurerm_machine_learning_workspace.main` would be replaced (`key_vault_id` names `azurerm_key_vault.main`, \
             which is replaced)",
            "`azurerm_storage_account.main` would be replaced (`account_replication_type` changes from \"LRS\" to \"ZRS\")",
        ] {
            assert!(found.iter().any(|m| m.contains(expected)), "{expected}: {found:#?}");
        }
        let gone = messages(&tf("kv1", "LRS"), "");
        assert_eq!(gone.len(), 3, "{gone:#?}");
        assert!(gone.iter().all(|m| m.contains("is no longer generated")));
    }

    /// Counting (a format with no previous output) finds what declaring finds, in every format of
    /// every example and of the benchmark workload's shape.
    #[test]
    fn counting_agrees_with_declaring() {
        let mut specs: Vec<std::path::PathBuf> = std::fs::read_dir("examples")
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| crate::SourceFormat::from_path(path).is_some())
            .collect();
        specs.sort();
        assert!(specs.len() > 3);
        for spec in specs {
            let Ok(output) = crate::generate(&spec, std::path::Path::new("out")) else { continue };
            for (rel, text) in output.files.files() {
                let mut inventory = Inventory::new();
                declare(rel, text, &mut inventory);
                assert_eq!(count_declared(rel, text), inventory.len(), "{}: {rel}", spec.display());
            }
        }
    }
}
