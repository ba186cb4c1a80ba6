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
