//! Kubernetes objects read from manifests (plain YAML, multi-document files, rendered Helm
//! output).
//!
//! Values follow what the API server applies when a field is left out: a container without
//! `securityContext.privileged` is not privileged, a pod without
//! `automountServiceAccountToken` mounts the token, a pod without `serviceAccountName` runs as
//! `default`. Effective settings merge the pod's security context into each container's, as
//! the kubelet does.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::ResourceKind;
use super::aws::SecretHit;

/// A workload: a Pod, or an object that runs pods from a template (Deployment, StatefulSet,
/// DaemonSet, ReplicaSet, ReplicationController, Job, CronJob).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Workload {
    /// `Deployment`, `Pod`, `CronJob`, …
    pub object_kind: String,
    pub api_version: String,
    /// The namespace written in the manifest (`default` when none is written).
    pub namespace: String,
    pub namespace_written: bool,
    pub labels: std::collections::BTreeMap<String, String>,
    pub annotations: std::collections::BTreeMap<String, String>,
    pub host_network: bool,
    pub host_pid: bool,
    pub host_ipc: bool,
    /// `default` when none is written.
    pub service_account_name: String,
    /// Whether the service account token is mounted (Kubernetes mounts it unless told not to).
    pub automount_service_account_token: bool,
    /// Every container: init, ephemeral and regular.
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
    /// Host paths mounted through `hostPath` volumes.
    pub host_path_volumes: Vec<String>,
}
impl ResourceKind for Workload {
    const KIND: &'static str = "k8s.workload";
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Volume {
    pub name: String,
    pub host_path: Option<String>,
    /// `secret`, `configMap`, `emptyDir`, `hostPath`, `persistentVolumeClaim`, …
    pub source: String,
}

/// One container with its effective settings.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Container {
    pub name: String,
    /// Line of the container's entry in the file.
    pub line: i64,
    /// `init`, `ephemeral` or `regular`.
    pub role: String,
    pub image: String,
    /// The image tag; absent when none is written (the runtime pulls `latest`).
    pub image_tag: Option<String>,
    /// `sha256:…` when the image is pinned by digest.
    pub image_digest: Option<String>,
    /// As written, or the API server's default (`Always` for `latest` or untagged images,
    /// `IfNotPresent` otherwise).
    pub image_pull_policy: String,
    pub privileged: bool,
    /// Whether a process can gain more privileges than its parent (true unless set to false,
    /// and always true for privileged containers or with `CAP_SYS_ADMIN`).
    pub allow_privilege_escalation: bool,
    pub read_only_root_filesystem: bool,
    /// Container or pod `runAsNonRoot`.
    pub run_as_non_root: bool,
    /// Container or pod `runAsUser`, when written.
    pub run_as_user: Option<i64>,
    /// Container or pod `runAsGroup`, when written.
    pub run_as_group: Option<i64>,
    /// Container or pod seccomp profile type (`RuntimeDefault`, `Localhost`, `Unconfined`),
    /// when written.
    pub seccomp_profile: Option<String>,
    /// `procMount` (`Default` unless `Unmasked` is written).
    pub proc_mount: String,
    pub capabilities_add: Vec<String>,
    pub capabilities_drop: Vec<String>,
    pub cpu_request: Option<String>,
    pub cpu_limit: Option<String>,
    pub memory_request: Option<String>,
    pub memory_limit: Option<String>,
    pub liveness_probe: bool,
    pub readiness_probe: bool,
    pub host_ports: Vec<i64>,
    pub env_names: Vec<String>,
    /// Secrets written as literal environment values (redacted; values are never stored).
    pub env_secrets: Vec<SecretHit>,
    pub volume_mounts: Vec<VolumeMount>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    pub read_only: bool,
}

/// An RBAC Role or ClusterRole with its rules.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Role {
    /// `Role` or `ClusterRole`.
    pub object_kind: String,
    pub namespace: Option<String>,
    pub rules: Vec<RbacRule>,
}
impl ResourceKind for Role {
    const KIND: &'static str = "k8s.role";
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RbacRule {
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub verbs: Vec<String>,
    pub resource_names: Vec<String>,
    pub non_resource_urls: Vec<String>,
}

/// An RBAC RoleBinding or ClusterRoleBinding.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RoleBinding {
    /// `RoleBinding` or `ClusterRoleBinding`.
    pub object_kind: String,
    pub namespace: Option<String>,
    /// `Role` or `ClusterRole`.
    pub role_kind: String,
    pub role_name: String,
    pub subjects: Vec<Subject>,
}
impl ResourceKind for RoleBinding {
    const KIND: &'static str = "k8s.role_binding";
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Subject {
    /// `User`, `Group` or `ServiceAccount`.
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
}

/// A Service.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Service {
    pub namespace: String,
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    pub service_type: String,
    pub ports: Vec<i64>,
    pub node_ports: Vec<i64>,
    pub external_ips: Vec<String>,
    pub load_balancer_source_ranges: Vec<String>,
}
impl ResourceKind for Service {
    const KIND: &'static str = "k8s.service";
}
