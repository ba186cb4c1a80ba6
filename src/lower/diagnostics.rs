//! Diagnostic settings (`diagnostic_settings: true`): every log of the workspace, its key vault and
//! registry, and every network security group, to the Log Analytics workspace behind Application
//! Insights (which amlnet always creates). The storage account has no log categories of its own (its
//! logs belong to its blob, file, queue and table services), so it gets none.

use crate::azure::catalog::{self, ApiKind};
use crate::azure::limits;
use crate::ir::{Body, DiagnosticSetting, Graph, Resource, ResourceId};
use crate::names::{abbr, fit};

/// Adds one diagnostic setting per resource that has logs, in resource order, when the spec asks.
pub(super) fn add(graph: &mut Graph, diagnostic_settings: bool) {
    if !diagnostic_settings {
        return;
    }
    let Some(workspace) =
        graph.resources().find(|(_, res)| matches!(res.body, Body::LogAnalytics(_))).map(|(id, _)| id)
    else {
        return;
    };
    let targets: Vec<(ResourceId, String, String, String)> = graph
        .resources()
        .filter(|(_, res)| {
            matches!(
                res.body,
                Body::KeyVault(_) | Body::ContainerRegistry(_) | Body::Workspace(_) | Body::NetworkSecurityGroup(_)
            )
        })
        .map(|(id, res)| (id, res.name.clone(), res.symbol.clone(), res.origin.clone()))
        .collect();
    for (target, name, symbol, origin) in targets {
        graph.add(Resource {
            kind: ApiKind::DiagnosticSetting,
            name: fit(format!("{}-{name}", abbr(ApiKind::DiagnosticSetting)), limits::NETWORK_NAME_MAX),
            local: symbol.clone(),
            symbol: format!("diag_{symbol}"),
            tagged: false,
            origin,
            body: Body::DiagnosticSetting(DiagnosticSetting {
                target,
                workspace,
                category_groups: vec![catalog::DIAGNOSTIC_CATEGORY_GROUP],
            }),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Body;
    use crate::spec::source::{SourceFormat, parse};

    #[test]
    fn every_resource_with_logs_gets_one_setting_to_log_analytics() {
        let text = "version: 1
name: contoso
location: westeurope
diagnostic_settings: true
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - { name: training, prefix: 10.0.0.0/24 }
    - { name: other, prefix: 10.0.1.0/24 }
workspace:
  container_registry: {}
";
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = crate::lower::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        let targets: Vec<&str> = graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::DiagnosticSetting(d) => {
                    assert!(matches!(graph.resource(d.workspace).body, Body::LogAnalytics(_)));
                    Some(graph.resource(d.target).symbol.as_str())
                }
                _ => None,
            })
            .collect();
        assert_eq!(targets, ["nsg_training", "nsg_other", "kv", "cr", "mlw"]);
        graph.check_invariants().unwrap();
    }
}
