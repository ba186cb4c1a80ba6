//! The Azure Monitor private link scope (`workspace.monitor_private_link`): the scope, the workspace's
//! Log Analytics and Application Insights in it, and its private endpoint (with the monitor, oms, ods,
//! agentsvc and blob zones). Training subnets then need no `AzureMonitor` outbound rule: the catalogue's
//! rule is left out (`Trigger::OutboundMonitorPublic`) and the scope records which rule it replaces.

use super::Endpoints;
use crate::azure::catalog::ApiKind;
use crate::azure::monitor;
use crate::azure::network::{self, Trigger};
use crate::azure::private_link::Target;
use crate::ir::{Body, Explain, Graph, MonitorPrivateLinkScope, MonitorScopedResource, Resource, ResourceId};
use crate::spec::valid::{OutboundMode, ValidSpec};

/// The spec path that asks for the scope.
const PATH: &str = "workspace.monitor_private_link";

/// Adds the scope, its scoped resources and its private endpoint; nothing without
/// `workspace.monitor_private_link` (which validation admits only with private endpoints).
pub(super) fn add(graph: &mut Graph, spec: &ValidSpec, scoped: [ResourceId; 2], endpoints: Option<&Endpoints>) {
    let Some(endpoints) = endpoints.filter(|_| spec.workspace.monitor_private_link) else { return };
    let replaces = (spec.outbound.mode != OutboundMode::Open)
        .then(|| network::rules(spec.catalogue).iter().find(|t| t.trigger == Trigger::OutboundMonitorPublic))
        .flatten()
        .map(|t| Explain { spec: PATH.to_owned(), entry: t.id, why: t.why, source: t.source_doc });
    let scope = graph.add(Resource {
        kind: ApiKind::MonitorPrivateLinkScope,
        name: super::naming::derived(spec, ApiKind::MonitorPrivateLinkScope, None),
        local: "ampls".to_owned(),
        symbol: "ampls".to_owned(),
        tagged: true,
        origin: PATH.to_owned(),
        body: Body::MonitorPrivateLinkScope(MonitorPrivateLinkScope {
            ingestion_access_mode: monitor::INGESTION_ACCESS_MODE,
            query_access_mode: monitor::QUERY_ACCESS_MODE,
            replaces,
        }),
    });
    for resource in scoped {
        let linked = graph.resource(resource);
        let local = format!("ampls_{}", linked.symbol);
        let name = linked.name.clone();
        graph.add(Resource {
            kind: ApiKind::MonitorScopedResource,
            name,
            symbol: local.clone(),
            local,
            tagged: false,
            origin: PATH.to_owned(),
            body: Body::MonitorScopedResource(MonitorScopedResource { scope, resource }),
        });
    }
    endpoints.add(graph, spec, scope, Target::AzureMonitor, PATH);
}
