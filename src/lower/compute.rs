//! Lowering of the computes other than AKS: compute clusters, compute instances, and attached virtual
//! machines (created in their subnet, or existing) and HDInsight clusters; and the wait of every
//! compute for the workspace's private endpoint.

use crate::azure::catalog::{ApiKind, Role};
use crate::azure::defaults::{self, IdentityType};
use crate::ir::{
    AmlCluster, AmlInstance, AssignedUser, AttachAdmin, AttachKind, AttachTarget, AttachedCompute, Body, Credentials,
    ExtraDep, Graph, NetworkInterface, Param, ParamId, PrincipalIdentity, Resource, ResourceId, VirtualMachine,
};
use crate::names::ident;
use crate::spec::valid::{ValidCompute, ValidSpec, ValidVm};

/// What every compute may refer to.
pub(super) struct ComputeContext {
    pub(super) workspace: ResourceId,
    /// The workspace's private endpoint and its DNS zone group (when zones are created).
    pub(super) workspace_endpoint: Vec<ResourceId>,
    pub(super) container_registry: Option<ResourceId>,
}

impl ComputeContext {
    /// The context of the computes; `endpoint` is what `Endpoints::add` returned for the workspace: its
    /// DNS zone group, or the endpoint itself when no zones are created.
    pub(super) fn new(
        graph: &Graph,
        workspace: ResourceId,
        endpoint: Option<ResourceId>,
        container_registry: Option<ResourceId>,
    ) -> ComputeContext {
        let workspace_endpoint = match endpoint.map(|id| (id, &graph.resource(id).body)) {
            Some((group, Body::PrivateDnsZoneGroup(g))) => vec![g.endpoint, group],
            Some((endpoint, _)) => vec![endpoint],
            None => Vec::new(),
        };
        ComputeContext { workspace, workspace_endpoint, container_registry }
    }

    /// Every compute (`workspaces/computes`) added after `since` waits for the workspace's private
    /// endpoint and its DNS zone group: a compute reaches the workspace by its private name, which
    /// resolves only once the zone group holds the endpoint's records.
    pub(super) fn wait_for_endpoint(&self, graph: &mut Graph, since: Option<ResourceId>) {
        let computes: Vec<ResourceId> = graph
            .resources()
            .filter(|(id, res)| Some(*id) > since && res.kind == ApiKind::Compute)
            .map(|(id, _)| id)
            .collect();
        for from in computes {
            for &to in &self.workspace_endpoint {
                graph.add_extra_dep(ExtraDep {
                    from,
                    to,
                    reason: "a compute reaches the workspace through its private endpoint, by names its DNS zone \
                             group records (the Azure/terraform quickstarts make every compute wait)",
                });
            }
        }
    }
}

/// The shared fields of the resources one compute produces.
fn base(compute: &ValidCompute, kind: ApiKind, name: String, symbol: String, body: Body) -> Resource {
    super::compute_resource(compute, kind, name, symbol, body)
}

/// A deployment parameter a compute's administrator signs in with, named `<compute>_<suffix>`; only the
/// user name is not secure.
#[derive(Debug, Clone, Copy)]
enum Credential {
    AdminUsername,
    AdminPassword,
    SshPublicKey,
    SshPrivateKey,
}

impl Credential {
    fn suffix(self) -> &'static str {
        match self {
            Credential::AdminUsername => "admin_username",
            Credential::AdminPassword => "admin_password",
            Credential::SshPublicKey => "ssh_public_key",
            Credential::SshPrivateKey => "ssh_private_key",
        }
    }

    /// The parameter of the compute whose identifier is `local`.
    fn param(self, graph: &mut Graph, local: &str, description: String) -> ParamId {
        let secure = !matches!(self, Credential::AdminUsername);
        graph.add_param(Param { name: format!("{local}_{}", self.suffix()), secure, description })
    }

    /// The SSH public key of the administrator of `target` (e.g. `compute cluster cpu`).
    fn ssh_public_key(graph: &mut Graph, local: &str, target: &str) -> ParamId {
        Credential::SshPublicKey.param(graph, local, format!("SSH public key of the administrator of {target}"))
    }
}

/// A compute cluster, and AcrPush on the registry when it builds the workspace's images.
#[allow(clippy::too_many_arguments)]
pub(super) fn cluster(
    graph: &mut Graph,
    compute: &ValidCompute,
    cx: &ComputeContext,
    subnet: Option<ResourceId>,
    (vm_size, min_nodes, max_nodes, public_ip, ssh, vm_priority): (&str, u32, u32, bool, bool, defaults::VmPriority),
    image_builder: bool,
) {
    let local = ident(&compute.name);
    let ssh = ssh.then(|| Credentials {
        username: Credential::AdminUsername.param(
            graph,
            &local,
            format!("Administrator user name on the nodes of compute cluster {}", compute.name),
        ),
        secret: Credential::ssh_public_key(graph, &local, &format!("compute cluster {}", compute.name)),
    });
    let cluster = graph.add(base(
        compute,
        ApiKind::Compute,
        compute.name.clone(),
        format!("compute_{local}"),
        Body::AmlCluster(AmlCluster {
            workspace: cx.workspace,
            subnet,
            vm_size: vm_size.to_owned(),
            min_nodes,
            max_nodes,
            public_ip,
            ssh_public_access: ssh.is_some() && public_ip,
            ssh,
            vm_priority,
            os_type: defaults::COMPUTE.os_type,
            scale_down_after: defaults::COMPUTE.scale_down_after,
            local_auth: defaults::COMPUTE.local_auth,
            identity: defaults::COMPUTE.identity,
        }),
    ));
    // The registry has no admin user. Azure ML grants every compute identity AcrPull on the workspace
    // registry itself (a second, equal assignment fails with `RoleAssignmentExists`), so amlnet grants
    // only AcrPush, to the cluster that builds images.
    if let Some(registry) = cx.container_registry.filter(|_| image_builder) {
        super::registry_role(graph, compute, registry, cluster, Role::AcrPush, PrincipalIdentity::Own);
    }
}

/// A compute instance: a system-assigned identity, SSH only when asked (with a key parameter), its
/// user when named.
pub(super) fn instance(
    graph: &mut Graph,
    compute: &ValidCompute,
    cx: &ComputeContext,
    subnet: Option<ResourceId>,
    (vm_size, public_ip, idle_shutdown): (&str, bool, &str),
    (assigned_user, ssh): (Option<&crate::spec::valid::AssignedUser>, bool),
) {
    let local = ident(&compute.name);
    let ssh_key = ssh.then(|| Credential::ssh_public_key(graph, &local, &format!("compute instance {}", compute.name)));
    graph.add(base(
        compute,
        ApiKind::Compute,
        compute.name.clone(),
        format!("compute_{local}"),
        Body::AmlInstance(AmlInstance {
            workspace: cx.workspace,
            subnet,
            vm_size: vm_size.to_owned(),
            public_ip,
            idle_shutdown: idle_shutdown.to_owned(),
            local_auth: defaults::COMPUTE.local_auth,
            ssh_public_access: if ssh_key.is_some() { public_ip } else { defaults::COMPUTE_INSTANCE_SSH_PUBLIC_ACCESS },
            ssh_key,
            identity: IdentityType::SystemAssigned,
            assigned_user: assigned_user
                .map(|u| AssignedUser { object_id: u.object_id.clone(), tenant_id: u.tenant_id.clone() }),
        }),
    ));
}

/// An attached virtual machine or HDInsight cluster. A VM without `resource_id` is created first: a
/// network interface in the subnet (no public IP) and an Ubuntu Data Science VM with key-only SSH,
/// whose private key the attach receives as a secure parameter.
pub(super) fn attached(
    graph: &mut Graph,
    spec: &ValidSpec,
    compute: &ValidCompute,
    cx: &ComputeContext,
    subnet: ResourceId,
    attach: AttachKind,
    vm: &ValidVm,
) {
    let local = ident(&compute.name);
    let what = match attach {
        AttachKind::VirtualMachine => "virtual machine",
        AttachKind::HdInsight => "HDInsight cluster",
    };
    let (target, admin) = match vm {
        ValidVm::Existing { resource_id } => {
            let credentials = Credentials {
                username: Credential::AdminUsername.param(
                    graph,
                    &local,
                    format!("SSH user name on the attached {what} {}", compute.name),
                ),
                secret: Credential::AdminPassword.param(
                    graph,
                    &local,
                    format!("SSH password on the attached {what} {}", compute.name),
                ),
            };
            (AttachTarget::Existing(resource_id.clone()), AttachAdmin::Password(credentials))
        }
        ValidVm::Created { vm_size, admin_username } => {
            let public_key = Credential::ssh_public_key(graph, &local, &format!("virtual machine {}", compute.name));
            let private_key = Credential::SshPrivateKey.param(
                graph,
                &local,
                format!(
                    "SSH private key matching {local}_{}, with which the workspace signs in to virtual machine {}",
                    Credential::SshPublicKey.suffix(),
                    compute.name
                ),
            );
            let nic = graph.add(base(
                compute,
                ApiKind::NetworkInterface,
                super::naming::derived(spec, ApiKind::NetworkInterface, Some(&compute.name)),
                format!("nic_{local}"),
                Body::NetworkInterface(NetworkInterface {
                    subnet,
                    ip_configuration: "primary".to_owned(),
                    private_ip_allocation: defaults::VM.private_ip_allocation,
                }),
            ));
            let machine = graph.add(base(
                compute,
                ApiKind::VirtualMachine,
                super::naming::derived(spec, ApiKind::VirtualMachine, Some(&compute.name)),
                format!("vm_{local}"),
                Body::VirtualMachine(VirtualMachine {
                    nic,
                    vm_size: vm_size.clone(),
                    admin_username: admin_username.clone(),
                    ssh_public_key: public_key,
                    image: defaults::VM.image,
                    os_disk_caching: defaults::VM.os_disk_caching,
                    os_disk_storage: defaults::VM.os_disk_storage,
                    password_authentication: defaults::VM.password_authentication,
                }),
            ));
            (AttachTarget::Created(machine), AttachAdmin::PrivateKey { username: admin_username.clone(), private_key })
        }
    };
    graph.add(base(
        compute,
        ApiKind::Compute,
        compute.name.clone(),
        format!("compute_{local}"),
        Body::AttachedCompute(AttachedCompute {
            workspace: cx.workspace,
            attach,
            target,
            admin,
            ssh_port: defaults::ATTACHED_SSH_PORT,
        }),
    ));
}

#[cfg(test)]
mod tests {
    use crate::azure::network::ServiceTag;
    use crate::ir::{AttachTarget, Body, Graph, NextHop};
    use crate::spec::source::{SourceFormat, parse};
    use crate::spec::validate::validate;

    fn lower(text: &str) -> Graph {
        let doc = parse(text, SourceFormat::Yaml, "t.yaml").unwrap();
        super::super::lower(&validate(&doc).unwrap())
    }

    const PRIVATE: &str = "version: 1
name: contoso
location: westeurope
vnet:
  address_space: [10.0.0.0/16]
  subnets:
    - {name: training, prefix: 10.0.1.0/24}
    - {name: endpoints, prefix: 10.0.2.0/26}
outbound: {mode: restricted}
forced_tunneling:
  default_route: {next_hop: virtual_appliance, ip: 10.1.0.4}
workspace:
  container_registry: {}
  private_endpoints: {subnet: endpoints}
  image_build_compute: cpu
compute:
  - {name: cpu, kind: aml_cluster, subnet: training, vm_size: Standard_D4s_v5, max_nodes: 2}
  - {name: notebook, kind: aml_instance, subnet: training, vm_size: Standard_D4s_v5, ssh: true}
  - {name: dsvm, kind: virtual_machine, subnet: training, os: ubuntu, vm_size: Standard_D4s_v5}
";

    #[test]
    fn every_compute_waits_for_the_workspace_endpoint_and_its_zone_group() {
        let graph = lower(PRIVATE);
        let id = |name: &str| graph.resources().find(|(_, r)| r.name == name).map(|(id, _)| id).unwrap();
        let (endpoint, group) = (
            id("pep-contoso-mlw"),
            graph.resources().find_map(|(gid, r)| match &r.body {
                Body::PrivateDnsZoneGroup(g) if g.endpoint == id("pep-contoso-mlw") => Some(gid),
                _ => None,
            }),
        );
        for compute in ["cpu", "notebook", "dsvm"] {
            let deps: Vec<_> = graph.extra_deps().iter().filter(|d| d.from == id(compute)).map(|d| d.to).collect();
            assert_eq!(deps, [endpoint, group.unwrap()], "{compute}");
        }
    }

    #[test]
    fn instances_have_an_identity_no_public_ip_behind_endpoints_and_ssh_only_with_a_key() {
        let graph = lower(PRIVATE);
        let Some(Body::AmlInstance(instance)) =
            graph.resources().find(|(_, r)| r.name == "notebook").map(|(_, r)| &r.body)
        else {
            panic!("no instance")
        };
        assert!(!instance.public_ip);
        assert!(instance.ssh_key.is_some_and(|key| graph.param(key).secure));
        // SSH without a public IP is reached from the virtual network only.
        assert!(!instance.ssh_public_access);
    }

    #[test]
    fn a_created_vm_has_a_nic_without_public_ip_and_is_attached_by_reference() {
        let graph = lower(PRIVATE);
        let vm = graph.resources().find(|(_, r)| matches!(r.body, Body::VirtualMachine(_))).map(|(id, _)| id).unwrap();
        let Some(Body::AttachedCompute(attach)) =
            graph.resources().find(|(_, r)| r.name == "dsvm").map(|(_, r)| &r.body)
        else {
            panic!("no attach")
        };
        assert_eq!(attach.target, AttachTarget::Created(vm));
        let Body::VirtualMachine(body) = &graph.resource(vm).body else { unreachable!() };
        assert!(graph.param(body.ssh_public_key).secure && !body.password_authentication);
        assert!(matches!(graph.resource(body.nic).body, Body::NetworkInterface(_)));
    }

    #[test]
    fn hdinsight_gets_its_management_rule_and_bypasses_an_appliance() {
        let text = "version: 1
name: hdi
location: northeurope
vnet:
  name: vnet-analytics
  existing: true
  address_space: [172.20.0.0/16]
  subnets: [{name: analytics, prefix: 172.20.1.0/24}]
outbound: {mode: restricted}
forced_tunneling:
  default_route: {next_hop: virtual_appliance, ip: 10.0.1.4}
compute:
  - name: spark
    kind: hdinsight
    subnet: analytics
    resource_id: /subscriptions/0/resourceGroups/data/providers/Microsoft.HDInsight/clusters/spark
";
        let graph = lower(text);
        let tag = ServiceTag::HdInsight.name();
        let route = graph.resources().find_map(|(_, r)| match &r.body {
            Body::RouteTable(t) => t.routes.iter().find(|route| route.address_prefix == tag).cloned(),
            _ => None,
        });
        assert_eq!(route.map(|r| r.next_hop), Some(NextHop::Internet));
        let rules = graph.resources().find_map(|(_, r)| match &r.body {
            Body::NetworkSecurityGroup(nsg) => Some(nsg.rules),
            _ => None,
        });
        assert!(
            graph.rule_list(rules.unwrap()).rules.iter().any(|r| r.source == tag && r.destination_ports == ["443"])
        );
        // Without the appliance, no route.
        let graph = lower(&text.replace("{next_hop: virtual_appliance, ip: 10.0.1.4}", "{next_hop: internet}"));
        assert!(graph.resources().all(|(_, r)| match &r.body {
            Body::RouteTable(t) => t.routes.iter().all(|route| route.address_prefix != tag),
            _ => true,
        }));
    }
}
