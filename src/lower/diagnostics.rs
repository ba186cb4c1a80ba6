//! Diagnostic settings (`diagnostic_settings: true`): every log of the workspace, its key vault and
//! registry, every network security group and a hub firewall amlnet creates, to the Log Analytics
//! workspace behind Application Insights (which amlnet always creates). The storage account has no log
//! categories of its own (its logs belong to its blob, file, queue and table services), so it gets none.
//! The firewall sends its structured categories to resource-specific tables, the others the category
//! group `allLogs` to `AzureDiagnostics`.

use crate::azure::catalog::{self, ApiKind, LogDestination};
use crate::azure::{firewall, limits};
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
    let targets: Vec<(ResourceId, String, String, String, bool)> = graph
        .resources()
        .filter(|(_, res)| {
            matches!(
                res.body,
                Body::KeyVault(_)
                    | Body::ContainerRegistry(_)
                    | Body::Workspace(_)
                    | Body::NetworkSecurityGroup(_)
                    | Body::AzureFirewall(_)
            )
        })
        .map(|(id, res)| {
            let structured = matches!(res.body, Body::AzureFirewall(_));
            (id, res.name.clone(), res.symbol.clone(), res.origin.clone(), structured)
        })
        .collect();
    for (target, name, symbol, origin, structured) in targets {
        let (category_groups, categories, destination) = if structured {
            (Vec::new(), firewall::FIREWALL_LOG_CATEGORIES.to_vec(), LogDestination::Dedicated)
        } else {
            (vec![catalog::DIAGNOSTIC_CATEGORY_GROUP], Vec::new(), LogDestination::AzureDiagnostics)
        };
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
                category_groups,
                categories,
                destination,
            }),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::azure::catalog::LogDestination;
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

    #[test]
    fn a_new_hub_firewall_sends_its_structured_logs_to_dedicated_tables() {
        let text = "version: 1
name: contoso
location: eastus
diagnostic_settings: true
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - { name: training, prefix: 10.0.0.0/24 }
hub:
  address_space: [10.100.0.0/16]
  firewall: { subnet_prefix: 10.100.0.0/26 }
";
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = crate::lower::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        let settings: Vec<_> = graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::DiagnosticSetting(d) => Some((graph.resource(d.target).symbol.as_str(), d)),
                _ => None,
            })
            .collect();
        let (_, fw) = settings.iter().find(|(s, _)| *s == "afw_hub").expect("a setting on the firewall");
        assert_eq!(fw.destination, LogDestination::Dedicated);
        assert!(fw.category_groups.is_empty() && fw.categories.iter().all(|c| c.starts_with("AZFW")));
        for (symbol, d) in &settings {
            if *symbol != "afw_hub" {
                assert_eq!((d.destination, d.categories.len()), (LogDestination::AzureDiagnostics, 0), "{symbol}");
            }
        }
        graph.check_invariants().unwrap();
    }
}
