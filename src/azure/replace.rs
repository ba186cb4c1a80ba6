//! The stateful resources amlnet writes, and which of their settings force Azure or Terraform to
//! replace them (a new, empty resource) rather than update them in place.
//!
//! cf. hashicorp/terraform-provider-azurerm v4.73.0 (commit 648b43f1, "CHANGELOG.md for 4.73.0"):
//! `internal/services/storage/storage_account_resource.go` (`name`, `account_tier` `ForceNew`;
//! `account_kind` forces new unless it upgrades to `StorageV2`; `account_replication_type` forces new
//! between the locally/geo redundant and the zone redundant families, `ForceNewIfChange`),
//! `internal/services/keyvault/key_vault_resource.go` (`name`),
//! `internal/services/containers/container_registry_resource.go` (`name`),
//! `internal/services/machinelearning/machine_learning_workspace_resource.go` (`name`,
//! `application_insights_id`, `key_vault_id`, `storage_account_id`, `container_registry_id`,
//! `high_business_impact` `ForceNew`); `location` and `resource_group_name` are `ForceNew` everywhere
//! (`commonschema.Location`, `ResourceGroupName`). Names of storage accounts, key vaults and registries
//! are globally unique and cannot be changed in Azure either (ARM and Bicep deploy a second resource).
//! Checked 2026-11-30.

use super::ApiKind;

/// A resource that holds data (or identity) a replacement loses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stateful {
    pub kind: ApiKind,
    /// What a user calls it, for messages.
    pub what: &'static str,
    /// The azurerm arguments amlnet writes whose change replaces the resource (see [`forces_new`]
    /// for the conditional ones).
    pub force_new: &'static [&'static str],
}

/// cf. the module comment, checked 2026-11-30.
pub const STATEFUL: &[Stateful] = &[
    Stateful {
        kind: ApiKind::StorageAccount,
        what: "storage account",
        force_new: &[
            "name",
            "location",
            "resource_group_name",
            "account_tier",
            "account_kind",
            "account_replication_type",
        ],
    },
    Stateful { kind: ApiKind::KeyVault, what: "key vault", force_new: &["name", "location", "resource_group_name"] },
    Stateful {
        kind: ApiKind::ContainerRegistry,
        what: "container registry",
        force_new: &["name", "location", "resource_group_name"],
    },
    Stateful {
        kind: ApiKind::Workspace,
        what: "workspace",
        force_new: &[
            "name",
            "location",
            "resource_group_name",
            "application_insights_id",
            "key_vault_id",
            "storage_account_id",
            "container_registry_id",
            "high_business_impact",
        ],
    },
];

/// The storage account kind an older kind upgrades to in place.
const UPGRADABLE_KIND: &str = "\"StorageV2\"";

/// The zone redundant replication types; moving into or out of this family replaces the account.
const ZONE_REDUNDANT: &[&str] = &["\"ZRS\"", "\"GZRS\"", "\"RAGZRS\""];

/// Whether changing `argument` from `old` to `new` (HCL values as written) replaces the resource.
pub fn forces_new(stateful: &Stateful, argument: &str, old: &str, new: &str) -> bool {
    if old == new || !stateful.force_new.contains(&argument) {
        return false;
    }
    match argument {
        "account_kind" => new != UPGRADABLE_KIND,
        "account_replication_type" => {
            let zonal = |value: &str| ZONE_REDUNDANT.iter().any(|z| z.eq_ignore_ascii_case(value));
            zonal(old) != zonal(new)
        }
        _ => true,
    }
}

/// The row for a kind, if it is stateful.
pub fn stateful(kind: ApiKind) -> Option<&'static Stateful> {
    STATEFUL.iter().find(|s| s.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditional_arguments_follow_the_provider() {
        let st = stateful(ApiKind::StorageAccount).unwrap();
        assert!(forces_new(st, "name", "\"a\"", "\"b\""));
        assert!(!forces_new(st, "account_kind", "\"Storage\"", "\"StorageV2\""));
        assert!(forces_new(st, "account_kind", "\"StorageV2\"", "\"BlobStorage\""));
        assert!(!forces_new(st, "account_replication_type", "\"LRS\"", "\"GRS\""));
        assert!(forces_new(st, "account_replication_type", "\"LRS\"", "\"ZRS\""));
        assert!(!forces_new(st, "min_tls_version", "\"TLS1_0\"", "\"TLS1_2\""));
        assert!(stateful(ApiKind::VirtualNetwork).is_none());
    }
}
