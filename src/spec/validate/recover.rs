//! Stage 1: the value tree into the typed model. When the whole spec does not deserialize, each section
//! (and each subnet and compute) is deserialized on its own, and every serde error becomes a located
//! diagnostic: unknown fields with a "did you mean", missing fields, wrong types, unknown variants.

use super::*;

/// Top-level fields of a spec, in the order of the vocabulary; `true` when required.
const SPEC_FIELDS: &[(&str, bool)] = &[
    ("version", true),
    ("name", true),
    ("location", true),
    ("network_rules", false),
    ("tags", false),
    ("vnet", true),
    ("outbound", false),
    ("forced_tunneling", false),
    ("workspace", false),
    ("compute", false),
    ("name_suffix", false),
    ("locks", false),
    ("hub", false),
    ("naming", false),
    ("diagnostic_settings", false),
];

impl Cx<'_> {
    pub(super) fn deserialize(&mut self) -> Option<Spec> {
        let value = &self.doc.value;
        match serde_path_to_error::deserialize::<_, Spec>(value) {
            Ok(spec) => return Some(spec),
            Err(err) => {
                let before = self.error_count();
                self.sections(value);
                if self.error_count() == before {
                    self.serde_error("", &err);
                }
                self.check_the_rest(value, before);
            }
        }
        None
    }

    /// Runs the semantic checks on the spec without the fields that did not deserialize, so that a
    /// shape error in one part does not hide the problems of the others. Their errors are kept,
    /// except those about the mapping that held a removed field (its default stands in for the
    /// value written, and would be judged in its place); a required field that does not
    /// deserialize leaves no spec to check.
    fn check_the_rest(&mut self, value: &Value, first_shape_error: usize) {
        let Some((spec, removed)) = without_broken_fields(value) else { return };
        let shape_errors = self.items.len();
        let _ = self.check(&spec);
        let semantic = self.items.split_off(shape_errors);
        let about_removed = |path: &str| {
            removed.iter().any(|gone| {
                let scope = match parent_path(gone) {
                    "" => gone.as_str(),
                    parent => parent,
                };
                path.strip_prefix(scope).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
        };
        self.items.extend(semantic.into_iter().filter(|d| {
            d.severity == Severity::Error
                && !about_removed(d.path.as_deref().unwrap_or_default())
                && !d.related.iter().any(|r| about_removed(r.path.as_deref().unwrap_or_default()))
        }));
        debug_assert!(self.items.len() >= first_shape_error);
    }

    /// Deserializes each section on its own, reporting every structural problem.
    pub(super) fn sections(&mut self, value: &Value) {
        let Some(root) = value.as_object() else {
            self.error(
                codes::WRONG_TYPE,
                "",
                format!("a spec must be a mapping of fields, found {}", kind_of(value)),
                "start the file with `version: 1` and the other fields of the spec".to_owned(),
            );
            return;
        };
        if root.is_empty() {
            self.error(
                codes::MISSING_FIELD,
                "",
                "the spec is empty".to_owned(),
                "write at least `version`, `name`, `location`, `vnet` and `compute`".to_owned(),
            );
            return;
        }
        let mut suggested = BTreeSet::new();
        for (key, child) in root {
            match key.as_str() {
                "version" => self.part::<u32>(child, key),
                "name" | "location" => self.part::<String>(child, key),
                "name_suffix" => self.part::<Option<String>>(child, key),
                "locks" | "diagnostic_settings" => self.part::<bool>(child, key),
                "hub" => self.part::<Option<model::Hub>>(child, key),
                "naming" => self.part::<Option<model::Naming>>(child, key),
                "network_rules" => self.part::<NetworkRules>(child, key),
                "tags" => self.part::<BTreeMap<String, String>>(child, key),
                "vnet" => self.vnet_part(child),
                "outbound" => self.part::<model::Outbound>(child, key),
                "forced_tunneling" => self.part::<Option<model::ForcedTunneling>>(child, key),
                "workspace" => self.part::<model::Workspace>(child, key),
                "compute" => self.list_part::<model::Compute>(child, key),
                _ => {
                    let names: Vec<&str> = SPEC_FIELDS.iter().map(|(n, _)| *n).collect();
                    // A misspelled required field is one mistake: do not also report it missing.
                    suggested.extend(closest(key, names.iter().copied()));
                    self.unknown_field(key, key, &names);
                }
            }
        }
        for (name, required) in SPEC_FIELDS {
            if *required && !root.contains_key(*name) && !suggested.contains(name) {
                self.missing_field("", name);
            }
        }
    }

    pub(super) fn vnet_part(&mut self, value: &Value) {
        match value.as_object() {
            Some(map) => {
                let mut rest = map.clone();
                let subnets = rest.get_mut("subnets").map(|s| std::mem::replace(s, Value::Array(Vec::new())));
                self.part::<model::Vnet>(&Value::Object(rest), "vnet");
                if let Some(subnets) = subnets {
                    self.list_part::<model::Subnet>(&subnets, "vnet.subnets");
                }
            }
            None => self.part::<model::Vnet>(value, "vnet"),
        }
    }

    pub(super) fn list_part<T: DeserializeOwned>(&mut self, value: &Value, path: &str) {
        match value.as_array() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.part::<T>(item, &join_index(path, index));
                }
            }
            None => self.part::<Vec<T>>(value, path),
        }
    }

    pub(super) fn part<T: DeserializeOwned>(&mut self, value: &Value, path: &str) {
        if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
            self.serde_error(path, &err);
        }
    }

    /// Turns one serde error, found under `prefix`, into a diagnostic.
    pub(super) fn serde_error(&mut self, prefix: &str, err: &serde_path_to_error::Error<serde_json::Error>) {
        let mut path = prefix.to_owned();
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => path = join_index(&path, *index),
                serde_path_to_error::Segment::Map { key } => path = join_key(&path, key),
                serde_path_to_error::Segment::Enum { variant } => path = join_key(&path, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = err.inner().to_string();
        let ticked = backticked(&message);
        let field = last_segment(&path).to_owned();
        if message.starts_with("unknown field") {
            let expected: Vec<&str> = ticked.iter().skip(1).map(String::as_str).collect();
            let unknown = ticked.first().cloned().unwrap_or(field);
            self.unknown_field(&path, &unknown, &expected);
        } else if message.starts_with("missing field") {
            let name = ticked.first().cloned().unwrap_or_default();
            self.missing_field(&path, &name);
        } else if message.starts_with("unknown variant") {
            let unknown = ticked.first().cloned().unwrap_or_default();
            let expected: Vec<&str> = ticked.iter().skip(1).map(String::as_str).collect();
            let help = match closest(&unknown, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? (one of {})", list(&expected)),
                None => format!("use one of {}", list(&expected)),
            };
            self.error(codes::UNKNOWN_VARIANT, &path, format!("`{field}` cannot be `{unknown}`"), help);
        } else {
            let (found, expected) = split_type_error(&message);
            let found = match found.as_str() {
                "sequence" => "a list".to_owned(),
                "map" => "a mapping".to_owned(),
                "null" => "nothing".to_owned(),
                _ => found,
            };
            let what = humanize_expected(&expected);
            self.error(
                codes::WRONG_TYPE,
                &path,
                format!("`{field}` must be {what}, found {found}"),
                format!("write {what} here"),
            );
        }
    }

    pub(super) fn unknown_field(&mut self, path: &str, unknown: &str, expected: &[&str]) {
        let section = parent_path(path);
        let place = if section.is_empty() { "the top level of the spec".to_owned() } else { format!("`{section}`") };
        if unknown == "<<" {
            self.key_error(
                codes::UNKNOWN_FIELD,
                path,
                format!("YAML merge keys (`<<`) are not supported, found one in {place}"),
                "write the merged fields out in full".to_owned(),
            );
            return;
        }
        let help = match closest(unknown, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove it".to_owned(),
            None => format!("remove it, or use one of {}", list(expected)),
        };
        self.key_error(codes::UNKNOWN_FIELD, path, format!("unknown field `{unknown}` in {place}"), help);
    }

    pub(super) fn missing_field(&mut self, path: &str, name: &str) {
        let place = if path.is_empty() { "the spec".to_owned() } else { format!("`{path}`") };
        self.error(codes::MISSING_FIELD, path, format!("{place} has no `{name}`"), format!("add `{name}`"));
    }
}

/// At most this many fields are removed to find a spec the semantic checks can run on.
const MAX_REMOVED: usize = 64;

/// `value` without each field that fails to deserialize (found one at a time), and the paths
/// removed; `None` when a required field or a list item fails (removing it would leave no spec,
/// or shift the indices the diagnostics point at).
fn without_broken_fields(value: &Value) -> Option<(Spec, Vec<String>)> {
    let mut value = value.clone();
    let mut removed = Vec::new();
    for _ in 0..=MAX_REMOVED {
        let err = match serde_path_to_error::deserialize::<_, Spec>(&value) {
            Ok(spec) => return Some((spec, removed)),
            Err(err) => err,
        };
        if err.inner().to_string().starts_with("missing field") {
            return None;
        }
        let segments: Vec<serde_path_to_error::Segment> = err.path().iter().cloned().collect();
        let (last, parents) = segments.split_last()?;
        let serde_path_to_error::Segment::Map { key } = last else { return None };
        let mut path = String::new();
        let mut parent = &mut value;
        for segment in parents {
            parent = match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    path = join_index(&path, *index);
                    parent.as_array_mut()?.get_mut(*index)?
                }
                serde_path_to_error::Segment::Map { key } => {
                    path = join_key(&path, key);
                    parent.as_object_mut()?.get_mut(key)?
                }
                _ => return None,
            };
        }
        parent.as_object_mut()?.remove(key)?;
        removed.push(join_key(&path, key));
    }
    None
}

pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Every `` `x` `` in a serde message, in order.
fn backticked(message: &str) -> Vec<String> {
    message.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn last_segment(path: &str) -> &str {
    let tail = &path[parent_path(path).len()..];
    let tail = tail.trim_start_matches('.');
    if tail.starts_with('[') { path } else { tail }
}

/// Splits `invalid type: string "x", expected u32` into (`string "x"`, `u32`).
fn split_type_error(message: &str) -> (String, String) {
    let body = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .or_else(|| message.strip_prefix("invalid length "))
        .unwrap_or(message);
    match body.rsplit_once(", expected ") {
        Some((found, expected)) => (found.to_owned(), expected.to_owned()),
        None => (body.to_owned(), "a different value".to_owned()),
    }
}

fn humanize_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" => "a whole number ≥ 0".to_owned(),
        "i64" => "a whole number".to_owned(),
        "u16" => "a whole number from 1 to 65535".to_owned(),
        "u8" => "a whole number from 0 to 255".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" | "string or map" => "a mapping".to_owned(),
        e if e.starts_with("struct ") => "a mapping".to_owned(),
        e => e.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::source::{SourceFormat, parse};

    fn errors(text: &str) -> Vec<(&'static str, String)> {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let diags = validate_with_warnings(&doc).expect_err("invalid");
        diags.errors().map(|d| (d.code, d.path.clone().unwrap_or_default())).collect()
    }

    const SPEC: &str = "version: 1\nname: contoso\nlocation: westeurope\nvnet:\n  address_space: [10.0.0.0/16]\n  \
                        subnets:\n    - { name: training, prefix: 10.0.1.0/24 }\n    - { name: other, prefix: 10.0.1.0/25 }\n\
                        compute:\n  - { name: cpu, kind: aml_cluster, subnet: nowhere, vm_size: Standard_DS3_v2, max_nodes: 4 }\n";

    /// A shape error (a wrong type, an unknown field) in one part does not hide the semantic
    /// errors of the others; a required field that does not deserialize still stops there.
    #[test]
    fn shape_errors_do_not_hide_semantic_ones() {
        let semantic = errors(SPEC);
        assert_eq!(semantic.len(), 2, "{semantic:?}");
        for broken in ["workspace:\n  storage: { firewall: maybe }\n", "extra: 1\n", "tags: 5\n"] {
            let found = errors(&format!("{SPEC}{broken}"));
            assert_eq!(found.len(), 3, "{broken}: {found:?}");
            assert!(semantic.iter().all(|e| found.contains(e)), "{broken}: {found:?}");
        }
        let found = errors(&SPEC.replace("location: westeurope\n", "location: [westeurope]\n"));
        assert_eq!(found, vec![(codes::WRONG_TYPE, "location".to_owned())]);
    }
}
