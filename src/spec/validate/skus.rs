//! The SKUs, redundancy and retention the spec chooses for the workspace's services: each spelled in
//! the spec's vocabulary and mapped to the typed value of `azure::defaults`, the default when absent.

use super::*;

/// `workspace.storage.sku`.
pub(super) fn storage(sku: Option<model::StorageSku>) -> defaults::StorageSku {
    use defaults::StorageSku as Sku;
    use model::StorageSku as Spec;
    match sku {
        None => defaults::STORAGE.sku,
        Some(Spec::StandardLrs) => Sku::StandardLrs,
        Some(Spec::StandardZrs) => Sku::StandardZrs,
        Some(Spec::StandardGrs) => Sku::StandardGrs,
        Some(Spec::StandardGzrs) => Sku::StandardGzrs,
        Some(Spec::StandardRagrs) => Sku::StandardRagrs,
        Some(Spec::StandardRagzrs) => Sku::StandardRagzrs,
    }
}

/// `workspace.key_vault.sku`.
pub(super) fn key_vault(sku: Option<model::KeyVaultSku>) -> defaults::KeyVaultSku {
    match sku {
        None => defaults::KEY_VAULT.sku,
        Some(model::KeyVaultSku::Standard) => defaults::KeyVaultSku::Standard,
        Some(model::KeyVaultSku::Premium) => defaults::KeyVaultSku::Premium,
    }
}

impl Cx<'_> {
    /// `workspace.container_registry.sku`; a registry reached through a private endpoint must be Premium.
    pub(super) fn registry_sku(&mut self, spec: &Spec) -> defaults::RegistrySku {
        let declared = spec.workspace.container_registry.as_ref().and_then(|r| r.sku);
        let sku = match declared {
            None => defaults::REGISTRY.sku,
            Some(model::RegistrySku::Basic) => defaults::RegistrySku::Basic,
            Some(model::RegistrySku::Standard) => defaults::RegistrySku::Standard,
            Some(model::RegistrySku::Premium) => defaults::RegistrySku::Premium,
        };
        if !sku.network_rules() && spec.workspace.private_endpoints.is_some() {
            let related = vec![self.related("private endpoints here".to_owned(), "workspace.private_endpoints")];
            self.error_with(
                codes::REGISTRY_SKU,
                "workspace.container_registry.sku",
                format!(
                    "a `{}` registry takes no private endpoint, and the workspace's services get one",
                    sku.azure_name()
                ),
                "remove `sku` (Premium, the default), or remove `workspace.private_endpoints`".to_owned(),
                related,
            );
        }
        sku
    }

    /// `workspace.log_analytics.retention_days`, within what the workspace's pricing tier accepts.
    pub(super) fn log_retention(&mut self, spec: &Spec) -> u32 {
        let (min, max) = defaults::LOG_ANALYTICS_RETENTION_DAYS;
        let days = spec.workspace.log_analytics.as_ref().and_then(|l| l.retention_days);
        match days {
            None => defaults::LOG_ANALYTICS.retention_days,
            Some(days) => {
                if !(min..=max).contains(&days) {
                    self.error(
                        codes::LOG_RETENTION,
                        "workspace.log_analytics.retention_days",
                        format!(
                            "Log Analytics keeps data {min} to {max} days on its `{}` tier, not {days}",
                            defaults::LOG_ANALYTICS.sku.azure_name()
                        ),
                        format!("choose {min} to {max} days"),
                    );
                }
                days
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::{Format, Header, emit};
    use crate::ir::Body;
    use crate::spec::source::{SourceFormat, parse};

    /// A registry below Premium states no network rules in any format (azurerm refuses them).
    #[test]
    fn a_standard_registry_has_no_network_rules() {
        let text = "version: 1
name: contoso
location: westeurope
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - { name: training, prefix: 10.0.0.0/24 }
workspace:
  container_registry: { sku: standard }
";
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = crate::lower::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        let registry = graph.resources().find_map(|(_, r)| match &r.body {
            Body::ContainerRegistry(cr) => Some(cr),
            _ => None,
        });
        assert!(registry.is_some_and(|cr| cr.default_action.is_none()));
        let out =
            emit(&graph, &[Format::Terraform, Format::Arm, Format::Bicep], &Header { spec_path: "t.yaml".into() });
        let text: String = out.files().map(|(_, contents)| contents).collect();
        assert!(text.contains("Standard"));
        assert!(!text.contains("network_rule_set") && !text.contains("networkRuleSet"));
    }
}
