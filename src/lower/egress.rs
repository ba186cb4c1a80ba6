//! Egress: the NAT gateway of `outbound.egress: nat_gateway` and its public IP, and the default
//! outbound access each subnet states.
//!
//! New subnets are private: every way out is explicit (a NAT gateway, a default route to an
//! appliance, or compute with its own public IP). The re-declared subnets of an existing network state
//! what validation settled (`ValidExistingVnet::default_outbound_access`).

use crate::azure::catalog::ApiKind;
use crate::azure::defaults;
use crate::azure::limits;
use crate::ir::{Body, Explain, Graph, NatGateway, PublicIpAddress, Resource, ResourceId};
use crate::names::{abbr, fit};
use crate::spec::valid::{Egress, ValidSpec};

/// Adds the NAT gateway and its public IP when the spec asks for one and some subnet takes it; returns,
/// per subnet of the spec, the NAT gateway it is associated with.
/// Public IP addresses and NAT gateways take 1 to 80 characters, as security groups do
/// (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules, 2026-11-30).
pub(super) fn nat_gateways(graph: &mut Graph, spec: &ValidSpec) -> Vec<Option<ResourceId>> {
    let takes: Vec<bool> = (0..spec.vnet.subnets.len())
        .map(|idx| spec.computes.iter().any(|c| c.subnet == idx && c.kind.takes_nat_gateway()))
        .collect();
    let Some((Egress::NatGateway, path)) = &spec.outbound.egress else { return vec![None; takes.len()] };
    if !takes.contains(&true) {
        return vec![None; takes.len()];
    }
    let ip = defaults::NAT_PUBLIC_IP;
    let public_ip = graph.add(Resource {
        kind: ApiKind::PublicIpAddress,
        name: fit(
            format!("{}-{}-{}", abbr(ApiKind::PublicIpAddress), abbr(ApiKind::NatGateway), spec.name),
            limits::NETWORK_NAME_MAX,
        ),
        local: "nat".to_owned(),
        symbol: "pip_nat".to_owned(),
        tagged: true,
        origin: path.clone(),
        body: Body::PublicIpAddress(PublicIpAddress {
            sku: ip.sku,
            tier: ip.tier,
            allocation: ip.allocation,
            version: ip.version,
            zones: ip.zones,
        }),
    });
    let nat = defaults::NAT_GATEWAY;
    let why = defaults::NAT_GATEWAY_EGRESS;
    let gateway = graph.add(Resource {
        kind: ApiKind::NatGateway,
        name: fit(format!("{}-{}", abbr(ApiKind::NatGateway), spec.name), limits::NETWORK_NAME_MAX),
        local: "main".to_owned(),
        symbol: "ng".to_owned(),
        tagged: true,
        origin: path.clone(),
        body: Body::NatGateway(NatGateway {
            sku: nat.sku,
            public_ips: vec![public_ip],
            idle_timeout_minutes: nat.idle_timeout_minutes,
            zones: nat.zones,
            explain: Explain { spec: path.clone(), entry: why.id, why: why.why, source: why.source_doc },
        }),
    });
    takes.into_iter().map(|t| t.then_some(gateway)).collect()
}

/// The default outbound access every subnet states: off for subnets amlnet creates, what validation
/// settled for the re-declared subnets of an existing network.
pub(super) fn default_outbound_access(spec: &ValidSpec) -> bool {
    match &spec.vnet.existing {
        Some(existing) => existing.default_outbound_access,
        None => defaults::SUBNET.default_outbound_access,
    }
}
