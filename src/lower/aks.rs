//! Lowering of an AKS compute: the cluster's user-assigned identity with Network Contributor on its
//! subnet, the managed cluster, AcrPull for the cluster's kubelet identity on the workspace registry,
//! and the Azure ML attach with its cluster purpose and scoring TLS.

use super::*;
use crate::ir::AksTls;
use crate::spec::valid::{ValidAks, ValidTls};

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
        format!("{}-{}-{}", abbr(ApiKind::UserAssignedIdentity), spec.name, compute.name),
        format!("id_{local}"),
        Body::UserAssignedIdentity,
    ));
    let role = Role::NetworkContributor;
    let assignment = graph.add(Resource {
        tagged: false,
        ..base(
            ApiKind::RoleAssignment,
            format!("{}-{}", compute.name, ident(role.name()).replace('_', "-")),
            format!("ra_{local}_network"),
            Body::RoleAssignment(RoleAssignment {
                scope: subnet,
                principal: identity,
                role,
                principal_type: PrincipalType::ServicePrincipal,
                principal_identity: PrincipalIdentity::Own,
            }),
        )
    });
    let cluster = graph.add(base(
        ApiKind::ManagedCluster,
        format!("{}-{}-{}", abbr(ApiKind::ManagedCluster), spec.name, compute.name),
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
        }),
    ));
    graph.add_extra_dep(ExtraDep {
        from: cluster,
        to: assignment,
        reason: "the cluster identity must hold Network Contributor on its subnet before the cluster configures its \
                 load balancer there",
    });
    // The registry has no admin user, and Azure ML's automatic AcrPull covers only clusters with a
    // service principal: the kubelet identity, which pulls the inference images, needs its own.
    if let Some(registry) = cx.container_registry {
        registry_role(graph, compute, registry, cluster, Role::AcrPull, PrincipalIdentity::Kubelet);
    }
    let scoring = aks.scoring.as_ref();
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
