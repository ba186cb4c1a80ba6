//! Egress: the NAT gateway of `outbound.egress: nat_gateway` and its public IP, and the default
//! outbound access each subnet states.
//!
//! New subnets are private: every way out is explicit (a NAT gateway, a default route to an
//! appliance, or compute with its own public IP). The re-declared subnets of an existing network state
//! what validation settled (`ValidExistingVnet::default_outbound_access`).

use crate::azure::catalog::ApiKind;
use crate::azure::defaults;
use crate::ir::{Body, Explain, Graph, NatGateway, PublicIpAddress, Resource, ResourceId};
use crate::names::abbr;
use crate::spec::valid::{Egress, ValidSpec};

/// Adds the NAT gateway and its public IP when the spec asks for one and some subnet takes it; returns,
/// per subnet of the spec, the NAT gateway it is associated with.
/// Public IP addresses and NAT gateways take 1 to 80 characters, as security groups do
/// (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules, 2026-11-30).
pub(super) fn nat_gateways(graph: &mut Graph, spec: &ValidSpec) -> Vec<Option<ResourceId>> {
    let takes: Vec<bool> = (0..spec.vnet.subnets.len())
        .map(|idx| spec.computes.iter().any(|c| c.subnet == Some(idx) && c.kind.takes_nat_gateway()))
        .collect();
    let Some((Egress::NatGateway, path)) = &spec.outbound.egress else { return vec![None; takes.len()] };
    if !takes.contains(&true) {
        return vec![None; takes.len()];
    }
    let public_ip = graph.add(Resource {
        kind: ApiKind::PublicIpAddress,
        name: super::naming::derived_with(
            spec,
            ApiKind::PublicIpAddress,
            &format!("{}-{}", abbr(ApiKind::PublicIpAddress), abbr(ApiKind::NatGateway)),
            None,
        ),
        local: "nat".to_owned(),
        symbol: "pip_nat".to_owned(),
        tagged: true,
        origin: path.clone(),
        body: standard_public_ip(),
    });
    let nat = defaults::NAT_GATEWAY;
    let why = defaults::NAT_GATEWAY_EGRESS;
    let gateway = graph.add(Resource {
        kind: ApiKind::NatGateway,
        name: super::naming::derived(spec, ApiKind::NatGateway, None),
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

/// A Standard, static, regional IPv4 public address without zones: the NAT gateway's, and the hub
/// firewall's (which `hub` puts in the firewall's zones) and Bastion's.
pub(super) fn standard_public_ip() -> Body {
    let ip = defaults::NAT_PUBLIC_IP;
    Body::PublicIpAddress(PublicIpAddress {
        sku: ip.sku,
        tier: ip.tier,
        allocation: ip.allocation,
        version: ip.version,
        zones: ip.zones,
    })
}

/// The default outbound access every subnet states: off for subnets amlnet creates, what validation
/// settled for the re-declared subnets of an existing network.
pub(super) fn default_outbound_access(spec: &ValidSpec) -> bool {
    match &spec.vnet.existing {
        Some(existing) => existing.default_outbound_access,
        None => defaults::SUBNET.default_outbound_access,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Body, Graph};
    use crate::spec::source::{SourceFormat, parse};

    fn lowered(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let spec = crate::spec::validate::validate(&doc).unwrap_or_else(|d| panic!("{}", d.render(false, 100)));
        crate::lower::lower(&spec)
    }

    /// (subnet name, its NAT gateway's name, its default outbound access) for every subnet.
    fn subnets(graph: &Graph) -> Vec<(String, Option<String>, bool)> {
        graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::Subnet(s) => Some((
                    r.name.clone(),
                    s.nat_gateway.map(|n| graph.resource(n).name.clone()),
                    s.default_outbound_access,
                )),
                _ => None,
            })
            .collect()
    }

    const SPEC: &str = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    - {name: train, prefix: 10.0.0.0/24}\n    - {name: pe, prefix: 10.0.1.0/24}\n    - {name: aks, prefix: 10.0.4.0/22}\nworkspace: {private_endpoints: {subnet: pe}}\ncompute:\n  - {name: cpu, kind: aml_cluster, subnet: train, vm_size: Standard_D2_v3, max_nodes: 1, public_ip: false}\n  - {name: inf, kind: aks, subnet: aks, node_count: 3, vm_size: Standard_D2_v3, service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10}\n";

    #[test]
    fn the_nat_gateway_goes_to_the_training_subnets_only() {
        let graph = lowered(&format!("{SPEC}outbound: {{egress: nat_gateway}}\n"));
        let nat = Some("ng-tt".to_owned());
        assert_eq!(
            subnets(&graph),
            [("train".into(), nat, false), ("pe".into(), None, false), ("aks".into(), None, false)]
        );
        let kinds: Vec<_> = graph.resources().map(|(_, r)| r.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == crate::azure::catalog::ApiKind::NatGateway).count(), 1);
        assert_eq!(kinds.iter().filter(|k| **k == crate::azure::catalog::ApiKind::PublicIpAddress).count(), 1);
        graph.check_invariants().unwrap();
    }

    #[test]
    fn no_nat_gateway_without_the_ask_and_existing_subnets_state_what_validation_settled() {
        let none = lowered(&format!("{SPEC}outbound: {{egress: none}}\n"));
        assert!(subnets(&none).iter().all(|(_, nat, doa)| nat.is_none() && !doa));
        let existing = SPEC.replace("vnet:\n", "vnet:\n  name: spoke\n  existing: true\n");
        let kept = lowered(&format!("{existing}outbound: {{egress: nat_gateway}}\n"));
        assert!(subnets(&kept).iter().all(|(_, _, doa)| *doa));
        let private = existing.replace("existing: true\n", "existing: true\n  default_outbound_access: false\n");
        let private = lowered(&format!("{private}outbound: {{egress: nat_gateway}}\n"));
        assert!(subnets(&private).iter().all(|(_, _, doa)| !doa));
    }
}
