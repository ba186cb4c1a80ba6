//! Lowering of an AKS compute: the cluster's user-assigned identity with Network Contributor on its
//! subnet (on its virtual network for a private cluster in a network with custom DNS servers, see
//! `dns::aks_network_scope`), the managed cluster, AcrPull for the cluster's kubelet identity on the workspace registry,
//! and how the cluster joins the workspace: the Azure Machine Learning extension and Kubernetes compute
//! (v2), or the legacy v1 attach with its cluster purpose and scoring TLS.

use super::*;
use crate::azure::aks::{ClusterPurpose, EXTENSION_EGRESS, Needs, RequiredFqdn, RouterServiceType};
use crate::ir::{AksTls, ClusterExtension, ExtensionTls, KubernetesCompute};
use crate::spec::valid::{AksAttach, ValidAks, ValidTls};

pub(super) fn lower(
    graph: &mut Graph,
    spec: &ValidSpec,
    compute: &ValidCompute,
    aks: &ValidAks,
    cx: &ComputeContext,
    subnet: ResourceId,
) {
    let local = ident(&compute.name);
    let base =
        |kind: ApiKind, name: String, symbol: String, body: Body| compute_resource(compute, kind, name, symbol, body);
    let identity = graph.add(base(
        ApiKind::UserAssignedIdentity,
        super::naming::derived(spec, ApiKind::UserAssignedIdentity, Some(&compute.name)),
        format!("id_{local}"),
        Body::UserAssignedIdentity,
    ));
    let role = Role::NetworkContributor;
    let scope = super::dns::aks_network_scope(graph, aks, subnet);
    let on_network = scope != subnet;
    let mut network_role = Resource {
        tagged: false,
        ..base(
            ApiKind::RoleAssignment,
            format!("{}-{}", compute.name, ident(role.name()).replace('_', "-")),
            format!("ra_{local}_network"),
            Body::RoleAssignment(RoleAssignment {
                scope,
                principal: identity,
                role,
                principal_type: PrincipalType::ServicePrincipal,
                principal_identity: PrincipalIdentity::Own,
            }),
        )
    };
    // A custom zone is what puts the role on the network (`explain` points at it).
    if on_network && !graph.resource(subnet).body.parent().is_some_and(|vnet| super::dns::custom_dns(graph, vnet)) {
        network_role.origin = format!("{}.private_dns_zone", compute.path);
    }
    let assignment = graph.add(network_role);
    // `private_dns_zone_role: grant`: the existing API server zone enters the graph, at its scope, with the
    // identity's Private DNS Zone Contributor on it.
    let zone_role = aks.grant_zone_role.as_ref().map(|zone| {
        let zone = graph.add(Resource {
            kind: ApiKind::PrivateDnsZone,
            name: zone.name.clone(),
            local: format!("{local}_api_zone"),
            symbol: format!("dns_{local}_api_zone"),
            tagged: false,
            origin: format!("{}.private_dns_zone", compute.path),
            body: Body::PrivateDnsZone(crate::ir::PrivateDnsZone {
                existing: Some(crate::ir::ExistingScope {
                    resource_group: Some(zone.resource_group.clone()),
                    subscription: Some(zone.subscription.clone()),
                }),
            }),
        });
        let role = Role::PrivateDnsZoneContributor;
        graph.add(Resource {
            tagged: false,
            local: format!("{local}_api_zone"),
            origin: format!("{}.private_dns_zone_role", compute.path),
            ..base(
                ApiKind::RoleAssignment,
                format!("{}-{}", compute.name, ident(role.name()).replace('_', "-")),
                format!("ra_{local}_api_zone"),
                Body::RoleAssignment(RoleAssignment {
                    scope: zone,
                    principal: identity,
                    role,
                    principal_type: PrincipalType::ServicePrincipal,
                    principal_identity: PrincipalIdentity::Own,
                }),
            )
        })
    });
    let cluster = graph.add(base(
        ApiKind::ManagedCluster,
        super::naming::derived(spec, ApiKind::ManagedCluster, Some(&compute.name)),
        format!("aks_{local}"),
        Body::ManagedCluster(ManagedCluster {
            subnet,
            identity,
            node_count: aks.node_count,
            vm_size: aks.vm_size.clone(),
            dns_prefix: format!("{}-{}", spec.name, compute.name),
            pod_cidr: aks.pod_cidr,
            service_cidr: aks.service_cidr,
            dns_service_ip: aks.dns_service_ip,
            // Azure network policy needs Azure CNI; Calico works with kubenet.
            network_plugin: match aks.network_plugin {
                valid::NetworkPlugin::AzureOverlay => AksNetworkPlugin::Azure,
                valid::NetworkPlugin::Kubenet => AksNetworkPlugin::Kubenet,
            },
            network_plugin_mode: match aks.network_plugin {
                valid::NetworkPlugin::AzureOverlay => Some(AksNetworkPluginMode::Overlay),
                valid::NetworkPlugin::Kubenet => None,
            },
            network_policy: match aks.network_plugin {
                valid::NetworkPlugin::AzureOverlay => AksNetworkPolicy::Azure,
                valid::NetworkPlugin::Kubenet => AksNetworkPolicy::Calico,
            },
            load_balancer_sku: defaults::AKS.load_balancer_sku,
            outbound_type: defaults::AKS.outbound_type,
            rbac: defaults::AKS.rbac,
            local_accounts_disabled: defaults::AKS.local_accounts_disabled,
            os_type: defaults::AKS.os_type,
            private_cluster: aks.private_cluster,
            private_cluster_public_fqdn: aks.private_cluster.then_some(defaults::AKS.private_cluster_public_fqdn),
            hardening: aks.hardening,
            required_fqdns: required_fqdns(aks),
            private_dns_zone: aks.private_dns_zone.clone(),
        }),
    ));
    graph.add_extra_dep(ExtraDep {
        from: cluster,
        to: assignment,
        reason: if on_network {
            "the cluster identity must hold Network Contributor on its virtual network before the cluster links its \
             private DNS zone to it and configures its load balancer there"
        } else {
            "the cluster identity must hold Network Contributor on its subnet before the cluster configures its \
             load balancer there"
        },
    });
    if let Some(role) = zone_role {
        graph.add_extra_dep(ExtraDep {
            from: cluster,
            to: role,
            reason: "the cluster identity must hold Private DNS Zone Contributor on the existing API server zone \
                before the cluster writes its records there",
        });
    }
    // The registry has no admin user, and Azure ML's automatic AcrPull covers only clusters with a
    // service principal: the kubelet identity, which pulls the inference images, needs its own.
    if let Some(registry) = cx.container_registry {
        registry_role(graph, compute, registry, cluster, Role::AcrPull, PrincipalIdentity::Kubelet);
    }
    let scoring = aks.scoring.as_ref();
    if let AksAttach::Extension { training, inference, namespace } = &aks.attach {
        let tls = scoring.and_then(|s| s.tls.as_ref()).and_then(|tls| match tls {
            ValidTls::Custom { cname } => Some(ExtensionTls {
                cname: cname.clone(),
                cert: graph.add_param(Param {
                    name: format!("{local}_tls_cert_base64"),
                    secure: true,
                    description: format!(
                        "Base64 of the PEM certificate for {cname}, served by the inference router of {}",
                        compute.name
                    ),
                }),
                key: graph.add_param(Param {
                    name: format!("{local}_tls_key_base64"),
                    secure: true,
                    description: format!("Base64 of the PEM private key of the certificate for {cname}"),
                }),
            }),
            // Validation refuses a Microsoft certificate on the extension.
            ValidTls::Microsoft { .. } => None,
        });
        let mut extension = base(
            ApiKind::ClusterExtension,
            format!("{}-{}", crate::azure::aks::EXTENSION_NAME, compute.name),
            format!("ext_{local}"),
            Body::ClusterExtension(ClusterExtension {
                cluster,
                training: *training,
                inference: *inference,
                // Without a scoring endpoint the router is reachable from inside the cluster only.
                router_service_type: inference.then_some(if scoring.is_some() {
                    RouterServiceType::LoadBalancer
                } else {
                    RouterServiceType::ClusterIp
                }),
                internal_load_balancer: scoring.is_some_and(|s| s.internal),
                router_ha: *inference && aks.cluster_purpose == ClusterPurpose::Production,
                tls: if *inference { tls } else { None },
            }),
        );
        // Terraform writes the extension and the Kubernetes compute both as `azapi_resource`: their
        // labels differ, and validation keeps every other compute's identifier apart from this one.
        extension.local = crate::names::extension_ident(&compute.name);
        let extension = graph.add(extension);
        let attach = graph.add(base(
            ApiKind::Compute,
            compute.name.clone(),
            format!("compute_{local}"),
            Body::KubernetesCompute(KubernetesCompute {
                workspace: cx.workspace,
                cluster,
                extension,
                namespace: namespace.clone(),
            }),
        ));
        graph.add_extra_dep(ExtraDep {
            from: attach,
            to: extension,
            reason: "the Kubernetes compute attaches a cluster whose Azure Machine Learning extension is installed",
        });
        return;
    }
    let tls = scoring.and_then(|s| s.tls.as_ref()).map(|tls| match tls {
        ValidTls::Microsoft { leaf_domain_label } => AksTls::Microsoft { leaf_domain_label: leaf_domain_label.clone() },
        ValidTls::Custom { cname } => AksTls::Custom {
            cname: cname.clone(),
            cert: graph.add_param(Param {
                name: format!("{local}_tls_cert"),
                secure: true,
                description: format!("PEM certificate for {cname}, served by the scoring endpoint of {}", compute.name),
            }),
            key: graph.add_param(Param {
                name: format!("{local}_tls_key"),
                secure: true,
                description: format!("PEM private key of the certificate for {cname}"),
            }),
        },
    });
    graph.add(base(
        ApiKind::Compute,
        compute.name.clone(),
        format!("compute_{local}"),
        Body::AksCompute(AksCompute {
            workspace: cx.workspace,
            cluster,
            subnet,
            service_cidr: aks.service_cidr,
            dns_service_ip: aks.dns_service_ip,
            docker_bridge_cidr: aks.docker_bridge_cidr,
            internal_load_balancer: scoring.is_some_and(|s| s.internal),
            cluster_purpose: aks.cluster_purpose,
            tls,
        }),
    ));
}

/// The FQDNs the cluster's egress needs: the extension's (with training's when it trains) and the Azure
/// Policy add-on's.
fn required_fqdns(aks: &ValidAks) -> Vec<&'static RequiredFqdn> {
    let training = matches!(aks.attach, AksAttach::Extension { training: true, .. });
    let extension = aks.attach != AksAttach::V1;
    EXTENSION_EGRESS
        .iter()
        .filter(|f| match f.needs {
            Needs::Extension => extension,
            Needs::Training => training,
            Needs::AzurePolicy => aks.hardening.azure_policy,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ir::{Body, Graph, PrincipalIdentity};
    use crate::spec::source::{SourceFormat, parse};

    fn lowered() -> Graph {
        let text = "version: 1\nname: tt\nlocation: eastus\nvnet:\n  address_space: [10.0.0.0/16]\n  subnets:\n    \
             - {name: training, prefix: 10.0.1.0/24}\n    - {name: scoring, prefix: 10.0.8.0/21}\n\
             workspace:\n  container_registry: {}\ncompute:\n  \
             - {name: cpu, kind: aml_cluster, subnet: training, vm_size: Standard_DS3_v2, max_nodes: 2}\n  \
             - {name: inference, kind: aks, subnet: scoring, node_count: 3, vm_size: Standard_D4s_v5, \
             service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10}\n";
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = super::super::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        graph.check_invariants().unwrap();
        graph
    }

    fn lowered_from(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        let graph = super::super::lower(&crate::spec::validate::validate(&doc).expect("valid"));
        graph.check_invariants().unwrap();
        graph
    }

    const CLUSTER: &str = "version: 1\nname: tt\nlocation: eastus\nRULES\nvnet:\n  address_space: [10.0.0.0/16]\n  \
         subnets:\n    - {name: scoring, prefix: 10.0.8.0/21}\ncompute:\n  - {name: k8s, kind: aks, subnet: scoring, \
         vm_size: Standard_D4s_v5, service_cidr: 10.240.0.0/16, dns_service_ip: 10.240.0.10, EXTRA}\n";

    /// Under `current` an AKS compute is the extension and Kubernetes compute; a dev/test cluster runs
    /// one router, and without `scoring` the router is reachable from inside the cluster only.
    #[test]
    fn current_rules_install_the_extension_and_attach_kubernetes_compute() {
        let text = CLUSTER.replace("RULES\n", "").replace(
            "EXTRA",
            "node_count: 1, cluster_purpose: dev_test, workloads: [training, inference], namespace: ml",
        );
        let graph = lowered_from(&text);
        let ext = graph
            .resources()
            .find_map(|(_, r)| match &r.body {
                Body::ClusterExtension(e) => Some(e.clone()),
                _ => None,
            })
            .expect("an extension");
        let (settings, protected) = ext.settings();
        assert_eq!(
            settings,
            [
                ("enableTraining", "True".to_owned()),
                ("enableInference", "True".to_owned()),
                ("inferenceRouterServiceType", "ClusterIP".to_owned()),
                ("inferenceRouterHA", "False".to_owned()),
                ("allowInsecureConnections", "True".to_owned()),
            ]
        );
        assert!(protected.is_empty());
        assert!(graph.resources().any(|(_, r)| matches!(&r.body, Body::KubernetesCompute(k) if k.namespace == "ml")));
        assert!(!graph.resources().any(|(_, r)| matches!(r.body, Body::AksCompute(_))));
    }

    /// Every cluster gets Entra ID with Azure RBAC, patch upgrades, weekly node images and the Azure
    /// Policy add-on unless its `aks:` settings say otherwise, and keeps its local accounts.
    #[test]
    fn clusters_are_hardened_unless_the_spec_overrides() {
        use crate::azure::defaults::{AKS_HARDENING, AksNodeOsUpgradeChannel, AksUpgradeChannel};
        let cluster = |graph: &Graph| {
            graph
                .resources()
                .find_map(|(_, r)| match &r.body {
                    Body::ManagedCluster(m) => Some(m.clone()),
                    _ => None,
                })
                .expect("a cluster")
        };
        let defaults = cluster(&lowered_from(&CLUSTER.replace("RULES\n", "").replace("EXTRA", "node_count: 3")));
        assert_eq!(defaults.hardening, AKS_HARDENING);
        assert!(!defaults.local_accounts_disabled);
        let text = CLUSTER.replace("RULES\n", "").replace(
            "EXTRA",
            "node_count: 3, aks: {azure_rbac: false, upgrade_channel: stable, node_os_upgrade_channel: \
             security_patch, azure_policy: false}",
        );
        let h = cluster(&lowered_from(&text)).hardening;
        assert!(!h.azure_rbac && !h.azure_policy);
        assert_eq!(h.upgrade_channel, AksUpgradeChannel::Stable);
        assert_eq!(h.node_os_upgrade_channel, AksNodeOsUpgradeChannel::SecurityPatch);
    }

    /// The FQDNs a firewall must allow follow the extension's workloads and the Azure Policy add-on.
    #[test]
    fn required_fqdns_follow_the_workloads_and_the_add_on() {
        let ids = |text: &str| -> Vec<&'static str> {
            lowered_from(text)
                .resources()
                .find_map(|(_, r)| match &r.body {
                    Body::ManagedCluster(m) => Some(m.required_fqdns.iter().map(|f| f.id).collect()),
                    _ => None,
                })
                .expect("a cluster")
        };
        let inference = ids(&CLUSTER.replace("RULES\n", "").replace("EXTRA", "node_count: 3"));
        assert!(inference.contains(&"k8s-fqdn/extension-images") && inference.contains(&"aks-fqdn/azure-policy"));
        assert!(!inference.contains(&"k8s-fqdn/pypi"));
        let training = ids(&CLUSTER.replace("RULES\n", "").replace("EXTRA", "node_count: 3, workloads: [training]"));
        assert!(training.contains(&"k8s-fqdn/pypi") && training.contains(&"k8s-fqdn/ubuntu"));
        let v1 = ids(&CLUSTER
            .replace("RULES", "network_rules: seed-2019")
            .replace("EXTRA", "node_count: 3, aks: {azure_policy: false}"));
        assert!(v1.is_empty(), "{v1:?}");
    }

    /// A private cluster states its API server zone (`System` unless the spec names one); a public one none.
    #[test]
    fn private_clusters_state_their_dns_zone() {
        use crate::azure::aks::AksPrivateDnsZone;
        let zone = |extra: &str| {
            lowered_from(&CLUSTER.replace("RULES\n", "").replace("EXTRA", &format!("node_count: 3{extra}")))
                .resources()
                .find_map(|(_, r)| match &r.body {
                    Body::ManagedCluster(m) => Some(m.private_dns_zone.clone()),
                    _ => None,
                })
                .expect("a cluster")
        };
        assert_eq!(zone(""), None);
        assert_eq!(zone(", private_cluster: true"), Some(AksPrivateDnsZone::System));
        assert_eq!(zone(", private_cluster: true, private_dns_zone: System"), Some(AksPrivateDnsZone::System));
        let id = "/subscriptions/0000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/\
                  ml.privatelink.eastus.azmk8s.io";
        assert_eq!(
            zone(&format!(", private_cluster: true, private_dns_zone: {id}")),
            Some(AksPrivateDnsZone::Custom(id.to_owned()))
        );
    }

    /// Under `seed-2019` the cluster is attached with the v1 attach and gets no extension.
    #[test]
    fn seed_2019_keeps_the_v1_attach() {
        let text = CLUSTER.replace("RULES", "network_rules: seed-2019").replace("EXTRA", "node_count: 3");
        let graph = lowered_from(&text);
        assert!(graph.resources().any(|(_, r)| matches!(r.body, Body::AksCompute(_))));
        assert!(
            !graph.resources().any(|(_, r)| matches!(r.body, Body::ClusterExtension(_) | Body::KubernetesCompute(_)))
        );
    }

    /// Azure ML grants compute clusters AcrPull itself; the AKS kubelet identity needs amlnet's.
    #[test]
    fn only_the_kubelet_identity_gets_acr_pull() {
        let graph = lowered();
        let pulls: Vec<_> = graph
            .resources()
            .filter_map(|(_, r)| match &r.body {
                Body::RoleAssignment(ra) if ra.role == crate::azure::catalog::Role::AcrPull => Some(ra.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(pulls.len(), 1, "{pulls:?}");
        assert_eq!(pulls[0].principal_identity, PrincipalIdentity::Kubelet);
        assert!(matches!(graph.resource(pulls[0].principal).body, Body::ManagedCluster(_)));
    }

    /// Without private endpoints the firewalls admit the AKS subnet, which gets the service endpoints.
    #[test]
    fn firewalls_admit_the_aks_subnet_without_private_endpoints() {
        let graph = lowered();
        let scoring = graph.resources().find(|(_, r)| r.name == "scoring").map(|(id, _)| id).unwrap();
        let Body::Subnet(subnet) = &graph.resource(scoring).body else { panic!("not a subnet") };
        assert_eq!(subnet.service_endpoints.len(), 2);
        assert!(graph.resources().all(|(_, r)| match &r.body {
            Body::StorageAccount(s) => s.network_acls.firewall.as_ref().is_some_and(|f| f.subnets.contains(&scoring)),
            Body::KeyVault(k) => k.network_acls.firewall.as_ref().is_some_and(|f| f.subnets.contains(&scoring)),
            _ => true,
        }));
    }
}
