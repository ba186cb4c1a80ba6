//! Names: the spec name, resource name overrides checked against Azure's rules, and names that must
//! stay unique as written and as identifiers.

use super::*;

impl Cx<'_> {
    pub(super) fn spec_name(&mut self, spec: &Spec) {
        let name = &spec.name;
        // The name prefixes every derived name, and most Azure names must end with a letter or digit
        // (virtual networks, key vaults), so a trailing hyphen would make derived names invalid.
        let ok = (2..=16).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('-')
            && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if !ok {
            self.error(
                codes::NAME,
                "name",
                format!(
                    "name `{name}` is not 2 to 16 lowercase letters, digits or hyphens, starting with a letter and \
                     not ending with a hyphen"
                ),
                format!("use a name like `{}`", suggest_spec_name(name)),
            );
        }
    }

    /// `name_suffix` enters every globally unique name, so it must suit the strictest of them.
    pub(super) fn name_suffix(&mut self, spec: &Spec) {
        let Some(suffix) = &spec.name_suffix else { return };
        if !crate::names::valid_name_suffix(suffix) {
            let max = crate::names::NAME_SUFFIX_MAX;
            let mut suggestion: String = suffix
                .chars()
                .map(|c| c.to_ascii_lowercase())
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                .collect();
            suggestion.truncate(max);
            if suggestion.is_empty() {
                suggestion = "dev".to_owned();
            }
            self.error(
                codes::NAME_SUFFIX,
                "name_suffix",
                format!(
                    "name suffix `{suffix}` is not 1 to {max} lowercase letters and digits (it enters the storage \
                     account, key vault and registry names, which accept no other characters)"
                ),
                format!("use a suffix like `{suggestion}`"),
            );
        }
    }

    pub(super) fn resource_name(&mut self, path: &str, name: &str, what: &str, rule: NameRule) {
        if let Err(rule_text) = rule.check(name) {
            self.error(
                codes::RESOURCE_NAME,
                path,
                format!("{what} name `{name}` is invalid: {rule_text}"),
                format!("choose a {what} name of {rule_text}, or remove `name` to use the derived one"),
            );
        }
    }
}

/// One list of names that must be unique, as written and as identifiers.
pub(super) struct Names {
    /// `subnet` or `compute`.
    pub(super) what: &'static str,
    /// The spec path of the list, e.g. `vnet.subnets`.
    pub(super) list: &'static str,
    /// The code of a name used twice.
    pub(super) duplicate: &'static str,
}

impl<'s> Cx<'s> {
    /// Reports `name` (at index `i` of its list) when it repeats an earlier name, or when it becomes the
    /// same identifier as one (`a-b` and `a_b`); `seen` and `idents` hold the earlier names.
    pub(super) fn unique_name<'n>(
        &mut self,
        names: Names,
        name: &'n str,
        i: usize,
        seen: &mut BTreeMap<&'n str, usize>,
        idents: &mut BTreeMap<String, (usize, &'n str)>,
    ) {
        let name_path = format!("{}[{i}].name", names.list);
        if let Some(first) = seen.get(name) {
            let related = vec![self.related("first used here".to_owned(), &format!("{}[{first}].name", names.list))];
            self.error_with(
                names.duplicate,
                &name_path,
                format!("two {}s are named `{name}`", names.what),
                format!("give each {} its own name", names.what),
                related,
            );
            return;
        }
        seen.insert(name, i);
        let ident = crate::names::ident(name);
        if let Some((first, other)) = idents.get(&ident) {
            let related = vec![self.related(format!("`{other}`"), &format!("{}[{first}].name", names.list))];
            self.error_with(
                codes::IDENT_COLLISION,
                &name_path,
                format!("{} names `{other}` and `{name}` both become the identifier `{ident}`", names.what),
                "rename one of them so they differ in more than punctuation or case".to_owned(),
                related,
            );
        } else {
            idents.insert(ident, (i, name));
        }
    }
}

pub(super) fn suggest_spec_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect();
    while out.starts_with(|c: char| !c.is_ascii_lowercase()) {
        out.remove(0);
    }
    out.truncate(16);
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() < 2 { "contoso".to_owned() } else { out }
}
