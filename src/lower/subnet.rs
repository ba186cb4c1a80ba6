//! The one constructor of the subnets amlnet declares: the spoke's (`lower`) and the hub's reserved
//! subnets (`hub`). They are the same resource; what differs is what the caller decides for them.

use crate::azure::catalog::ApiKind;
use crate::azure::defaults::{self, Toggle};
use crate::ir::{Body, Graph, Resource, ResourceId, Subnet};
use crate::net::Ipv4Net;

/// A subnet's names and the spec path it comes from.
pub(super) struct SubnetName<'a> {
    /// Its Azure name.
    pub(super) name: &'a str,
    /// Its identifier in the outputs, unique among subnets (the symbol is `snet_<local>`).
    pub(super) local: String,
    pub(super) origin: &'a str,
}

/// What the caller decides for a subnet: the `ir::Subnet` fields other than its network and prefix
/// that differ between subnets. No subnet amlnet declares has a delegation, and each states the
/// private link service policies of `azure::defaults::SUBNET`.
pub(super) struct SubnetPolicy {
    pub(super) nsg: Option<ResourceId>,
    pub(super) route_table: Option<ResourceId>,
    /// Sorted.
    pub(super) service_endpoints: Vec<&'static str>,
    pub(super) private_endpoint_policies: Toggle,
    pub(super) default_outbound_access: bool,
    pub(super) nat_gateway: Option<ResourceId>,
}

/// Adds the subnet `prefix` of `vnet`, named `name`, with `policy`.
pub(super) fn add(
    graph: &mut Graph,
    vnet: ResourceId,
    prefix: Ipv4Net,
    name: SubnetName<'_>,
    policy: SubnetPolicy,
) -> ResourceId {
    let SubnetName { name, local, origin } = name;
    let SubnetPolicy {
        nsg,
        route_table,
        service_endpoints,
        private_endpoint_policies,
        default_outbound_access,
        nat_gateway,
    } = policy;
    graph.add(Resource {
        kind: ApiKind::Subnet,
        name: name.to_owned(),
        symbol: format!("snet_{local}"),
        local,
        tagged: false,
        origin: origin.to_owned(),
        body: Body::Subnet(Subnet {
            vnet,
            prefix,
            nsg,
            route_table,
            service_endpoints,
            delegations: Vec::new(),
            private_endpoint_policies,
            private_link_service_policies: defaults::SUBNET.private_link_service_policies,
            default_outbound_access,
            nat_gateway,
        }),
    })
}
