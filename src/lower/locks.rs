//! Management locks (`locks: true`): a `CanNotDelete` lock on each stateful resource, the ones whose
//! loss loses data or identity (storage account, key vault, container registry, workspace).
//!
//! cf. learn.microsoft.com/azure/azure-resource-manager/management/lock-resources (MicrosoftDocs
//! azure-docs articles/azure-resource-manager/management/lock-resources.md): a lock overrides every
//! user's permissions, applies to the control plane only and to the locked resource's children;
//! creating or deleting one needs `Microsoft.Authorization/locks/*` — checked 2026-11-30.

use crate::azure::catalog::{self, ApiKind};
use crate::ir::{Body, Graph, ManagementLock, Resource, ResourceId};
use crate::names::abbr;

/// What a lock's notes say, for whoever meets it in the portal or in a failed delete.
const NOTES: &str = "Set by amlnet (locks: true): this resource holds data; remove the lock before deleting it.";

/// Adds one lock per stateful resource of `graph`, in resource order, when the spec asks for locks.
pub(super) fn add(graph: &mut Graph, locks: bool) {
    if !locks {
        return;
    }
    const _: () = assert!(NOTES.len() <= catalog::LOCK_NOTES_MAX);
    let stateful: Vec<(ResourceId, String, String, String)> = graph
        .resources()
        .filter(|(_, res)| {
            matches!(
                res.body,
                Body::StorageAccount(_) | Body::KeyVault(_) | Body::ContainerRegistry(_) | Body::Workspace(_)
            )
        })
        .map(|(id, res)| (id, res.name.clone(), res.symbol.clone(), res.origin.clone()))
        .collect();
    for (scope, name, symbol, origin) in stateful {
        graph.add(Resource {
            kind: ApiKind::ManagementLock,
            name: format!("{}-{name}", abbr(ApiKind::ManagementLock)),
            local: symbol.clone(),
            symbol: format!("lock_{symbol}"),
            tagged: false,
            origin,
            body: Body::ManagementLock(ManagementLock {
                scope,
                level: catalog::LOCK_LEVEL_CAN_NOT_DELETE,
                notes: NOTES.to_owned(),
            }),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Body, Graph};
    use crate::spec::source::{SourceFormat, parse};

    const SPEC: &str = "version: 1
name: contoso
location: westeurope
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - { name: training, prefix: 10.0.0.0/24 }
workspace:
  container_registry: {}
compute:
  - { name: cpu, kind: aml_cluster, subnet: training, vm_size: Standard_D4s_v5, max_nodes: 2 }
";

    fn lowered(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let spec = crate::spec::validate::validate(&doc).unwrap_or_else(|d| panic!("{}", d.render(false, 100)));
        crate::lower::lower(&spec)
    }

    /// (lock name, the locked resource's name, level) for every lock.
    fn locks(graph: &Graph) -> Vec<(String, String, &'static str)> {
        graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::ManagementLock(l) => Some((r.name.clone(), graph.resource(l.scope).name.clone(), l.level)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn locks_only_when_asked() {
        assert!(locks(&lowered(SPEC)).is_empty());
        assert_eq!(lowered(&format!("{SPEC}locks: false\n")).resources().count(), lowered(SPEC).resources().count());
    }

    #[test]
    fn one_lock_per_stateful_resource_after_everything_else() {
        let graph = lowered(&format!("{SPEC}locks: true\n"));
        let found = locks(&graph);
        let scopes: Vec<&str> = found.iter().map(|(_, scope, _)| scope.as_str()).collect();
        let stateful: Vec<&str> = graph
            .resources()
            .filter(|(_, r)| {
                matches!(
                    r.body,
                    Body::StorageAccount(_) | Body::KeyVault(_) | Body::ContainerRegistry(_) | Body::Workspace(_)
                )
            })
            .map(|(_, r)| r.name.as_str())
            .collect();
        assert_eq!(scopes, stateful);
        assert_eq!(found.len(), 4);
        for (name, scope, level) in &found {
            assert_eq!(name, &format!("lock-{scope}"));
            assert_eq!(*level, "CanNotDelete");
            assert!(name.len() <= 64, "{name}");
        }
        // The locks come last: nothing refers to them.
        let first_lock = graph.resources().position(|(_, r)| matches!(r.body, Body::ManagementLock(_))).unwrap();
        assert!(graph.resources().skip(first_lock).all(|(_, r)| matches!(r.body, Body::ManagementLock(_))));
        graph.check_invariants().unwrap();
    }
}
