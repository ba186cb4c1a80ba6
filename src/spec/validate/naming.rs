//! `naming`: the convention of derived names, its components, and explicit names by resource symbol
//! (checked against the graph `lower` builds, so a key names a resource that exists).

use super::*;
use crate::azure::catalog::ApiKind;
use crate::azure::naming::{CAF_DEFAULT_INSTANCE, CAF_ENVIRONMENT_MAX, CAF_INSTANCE_MAX, name_max};
use model::NamingConvention;

impl Cx<'_> {
    /// `None` without a `naming` section.
    pub(super) fn naming(&mut self, spec: &Spec) -> Option<ValidNaming> {
        let naming = spec.naming.as_ref()?;
        let names = naming
            .names
            .iter()
            .map(|(symbol, name)| (symbol.clone(), (name.clone(), join_key("naming.names", symbol))))
            .collect();
        if naming.convention == NamingConvention::Default {
            for (field, set) in [("environment", naming.environment.is_some()), ("instance", naming.instance.is_some())]
            {
                if set {
                    self.key_error(
                        codes::NAMING,
                        &join_key("naming", field),
                        format!("`naming.{field}` enters names only under `convention: caf`"),
                        format!("set `naming.convention: caf`, or remove `{field}`"),
                    );
                }
            }
            return Some(ValidNaming { caf: None, names });
        }
        let lower_alnum = |text: &str| text.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if let Some(environment) = &naming.environment
            && !((1..=CAF_ENVIRONMENT_MAX).contains(&environment.len()) && lower_alnum(environment))
        {
            self.error(
                codes::NAMING,
                "naming.environment",
                format!("environment `{environment}` is not 1 to {CAF_ENVIRONMENT_MAX} lowercase letters and digits"),
                "write a short stage name such as `prod`, `dev` or `test`".to_owned(),
            );
        }
        if let Some(instance) = &naming.instance
            && !((1..=CAF_INSTANCE_MAX).contains(&instance.len()) && instance.bytes().all(|c| c.is_ascii_digit()))
        {
            self.error(
                codes::NAMING,
                "naming.instance",
                format!("instance `{instance}` is not 1 to {CAF_INSTANCE_MAX} digits"),
                format!("write an instance number such as `{CAF_DEFAULT_INSTANCE}`"),
            );
        }
        let caf = ValidCaf {
            environment: naming.environment.clone(),
            instance: naming.instance.clone().unwrap_or_else(|| CAF_DEFAULT_INSTANCE.to_owned()),
        };
        Some(ValidNaming { caf: Some(caf), names })
    }

    /// Every key of `naming.names` is the symbol of a resource whose name amlnet derives, and every name
    /// keeps its kind's rule and is not another resource's of the same kind.
    pub(super) fn explicit_names(&mut self, spec: &ValidSpec) {
        let Some(naming) = spec.naming.as_ref().filter(|n| !n.names.is_empty()) else { return };
        let graph = crate::lower::lower(spec);
        let nameable: Vec<(&str, ApiKind, &str)> = graph
            .resources()
            .filter(|(_, r)| crate::lower::naming::nameable(r.kind))
            .map(|(_, r)| (r.symbol.as_str(), r.kind, r.name.as_str()))
            .collect();
        for (symbol, (name, path)) in &naming.names {
            let Some(&(_, kind, _)) = nameable.iter().find(|(s, _, _)| s == symbol) else {
                let help = match closest(symbol, nameable.iter().map(|(s, _, _)| *s)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "name a resource by the symbol `amlnet explain` shows for it".to_owned(),
                };
                self.key_error(
                    codes::NAMING,
                    path,
                    format!("`{symbol}` is not a resource whose name amlnet derives"),
                    format!(
                        "{help} (subnets, computes, the virtual network, workspace, storage, key vault, registry and \
                         Application Insights take their names from their own fields)"
                    ),
                );
                continue;
            };
            let max = name_max(kind);
            let ok = (2..=max).contains(&name.len())
                && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                && name.ends_with(|c: char| c.is_ascii_alphanumeric())
                && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
            if !ok {
                self.error(
                    codes::NAMING,
                    path,
                    format!("name `{name}` of `{symbol}` is not 2 to {max} letters, digits and hyphens"),
                    "start and end it with a letter or digit (every kind amlnet names accepts such a name)".to_owned(),
                );
            } else if let Some((other, _, _)) = nameable.iter().find(|(s, k, n)| {
                // The other resource's name as it will be: its explicit one, if any.
                let final_name = naming.names.get(*s).map_or(*n, |(explicit, _)| explicit.as_str());
                s != symbol && *k == kind && final_name.eq_ignore_ascii_case(name)
            }) {
                self.error(
                    codes::NAMING,
                    path,
                    format!("name `{name}` of `{symbol}` is already the name of `{other}`"),
                    "choose a name no other resource of the same kind has".to_owned(),
                );
            }
        }
    }
}
