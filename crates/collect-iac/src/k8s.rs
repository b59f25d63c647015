//! Kubernetes manifests into `k8s.*` kinds: workloads (with each container's effective
//! security settings), RBAC roles and bindings, and services.

use std::collections::BTreeMap;

use ais_model::kinds::k8s::*;
use ais_model::secrets::scan_env;
use ais_model::{Resource, ResourceKind, SourceLocation};
use serde_json::Value as J;

use crate::yaml::Doc;

pub const KINDS: &[&str] = &[Workload::KIND, Role::KIND, RoleBinding::KIND, Service::KIND];

/// Whether a document is a Kubernetes object.
pub fn is_object(v: &J) -> bool {
    v.get("apiVersion").is_some_and(J::is_string) && v.get("kind").is_some_and(J::is_string)
}

fn s(v: &J, path: &str) -> Option<String> {
    v.pointer(path).and_then(J::as_str).map(str::to_string)
}

fn b(v: &J, path: &str) -> Option<bool> {
    v.pointer(path).and_then(J::as_bool)
}

fn list<'a>(v: &'a J, path: &str) -> &'a [J] {
    v.pointer(path)
        .and_then(J::as_array)
        .map_or(&[], Vec::as_slice)
}

fn strings(v: &J, path: &str) -> Vec<String> {
    list(v, path)
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn string_map(v: &J, path: &str) -> BTreeMap<String, String> {
    v.pointer(path)
        .and_then(J::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Quantities are written as strings or numbers (`cpu: 1`).
fn quantity(v: &J, path: &str) -> Option<String> {
    match v.pointer(path)? {
        J::String(s) => Some(s.clone()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `registry:5000/team/app:1.2@sha256:…` → (tag, digest).
fn image_parts(image: &str) -> (Option<String>, Option<String>) {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d.to_string())),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let tag = last.split_once(':').map(|(_, t)| t.to_string());
    (tag, digest)
}

/// The pod spec and pod metadata of a workload object.
fn pod_parts<'a>(kind: &str, doc: &'a J) -> Option<(&'a J, Option<&'a J>)> {
    match kind {
        "Pod" => Some((doc.get("spec")?, doc.get("metadata"))),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => Some((
            doc.pointer("/spec/template/spec")?,
            doc.pointer("/spec/template/metadata"),
        )),
        "CronJob" => Some((
            doc.pointer("/spec/jobTemplate/spec/template/spec")?,
            doc.pointer("/spec/jobTemplate/spec/template/metadata"),
        )),
        _ => None,
    }
}

/// Line of `name: NAME` in a container list, searched after the list's key.
fn container_line(doc: &Doc, name: &str, after_key: &str) -> i64 {
    let lines: Vec<&str> = doc.text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with(after_key))
        .unwrap_or(0);
    let found = lines.iter().enumerate().skip(start).find(|(_, l)| {
        let t = l.trim_start().trim_start_matches('-').trim_start();
        t.strip_prefix("name:")
            .map(|rest| rest.trim().trim_matches(['"', '\'']) == name)
            .unwrap_or(false)
    });
    let idx = found.map_or(start, |(i, _)| i);
    i64::try_from(doc.start_line + idx).unwrap_or(i64::MAX)
}

fn container(c: &J, role: &str, pod: &J, doc: &Doc, key: &str) -> Container {
    let name = s(c, "/name").unwrap_or_default();
    let image = s(c, "/image").unwrap_or_default();
    let (tag, digest) = image_parts(&image);
    let sc = c.get("securityContext").cloned().unwrap_or(J::Null);
    let psc = pod.get("securityContext").cloned().unwrap_or(J::Null);
    let privileged = b(&sc, "/privileged").unwrap_or(false);
    let capabilities_add = strings(&sc, "/capabilities/add");
    let sys_admin = capabilities_add
        .iter()
        .any(|c| c.eq_ignore_ascii_case("SYS_ADMIN") || c.eq_ignore_ascii_case("CAP_SYS_ADMIN"));
    let mutable = digest.is_none() && tag.as_deref().is_none_or(|t| t == "latest");
    let env: Vec<(String, String)> = list(c, "/env")
        .iter()
        .filter_map(|e| Some((s(e, "/name")?, s(e, "/value").unwrap_or_default())))
        .collect();
    let literal: Vec<(&str, &str)> = env
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let seccomp = s(&sc, "/seccompProfile/type").or_else(|| s(&psc, "/seccompProfile/type"));
    Container {
        line: container_line(doc, &name, key),
        name,
        role: role.to_string(),
        image_pull_policy: s(c, "/imagePullPolicy")
            .unwrap_or_else(|| if mutable { "Always" } else { "IfNotPresent" }.to_string()),
        image,
        image_tag: tag,
        image_digest: digest,
        privileged,
        allow_privilege_escalation: privileged
            || sys_admin
            || b(&sc, "/allowPrivilegeEscalation").unwrap_or(true),
        read_only_root_filesystem: b(&sc, "/readOnlyRootFilesystem").unwrap_or(false),
        run_as_non_root: b(&sc, "/runAsNonRoot")
            .or_else(|| b(&psc, "/runAsNonRoot"))
            .unwrap_or(false),
        run_as_user: sc
            .pointer("/runAsUser")
            .or_else(|| psc.pointer("/runAsUser"))
            .and_then(J::as_i64),
        run_as_group: sc
            .pointer("/runAsGroup")
            .or_else(|| psc.pointer("/runAsGroup"))
            .and_then(J::as_i64),
        seccomp_profile: seccomp,
        proc_mount: s(&sc, "/procMount").unwrap_or_else(|| "Default".into()),
        capabilities_add,
        capabilities_drop: strings(&sc, "/capabilities/drop"),
        cpu_request: quantity(c, "/resources/requests/cpu"),
        cpu_limit: quantity(c, "/resources/limits/cpu"),
        memory_request: quantity(c, "/resources/requests/memory"),
        memory_limit: quantity(c, "/resources/limits/memory"),
        liveness_probe: c.get("livenessProbe").is_some_and(|p| !p.is_null()),
        readiness_probe: c.get("readinessProbe").is_some_and(|p| !p.is_null()),
        host_ports: list(c, "/ports")
            .iter()
            .filter_map(|p| p.get("hostPort").and_then(J::as_i64))
            .collect(),
        env_names: env.iter().map(|(k, _)| k.clone()).collect(),
        env_secrets: scan_env(&literal),
        volume_mounts: list(c, "/volumeMounts")
            .iter()
            .map(|m| VolumeMount {
                name: s(m, "/name").unwrap_or_default(),
                mount_path: s(m, "/mountPath").unwrap_or_default(),
                read_only: b(m, "/readOnly").unwrap_or(false),
            })
            .collect(),
    }
}

fn workload(kind: &str, doc: &Doc) -> Option<Workload> {
    let v = &doc.value;
    let (pod, pod_meta) = pod_parts(kind, v)?;
    let mut annotations = string_map(v, "/metadata/annotations");
    if let Some(m) = pod_meta {
        annotations.extend(string_map(m, "/annotations"));
    }
    let mut containers = Vec::new();
    for (key, role) in [
        ("initContainers", "init"),
        ("containers", "regular"),
        ("ephemeralContainers", "ephemeral"),
    ] {
        for c in list(pod, &format!("/{key}")) {
            let mut c = container(c, role, pod, doc, &format!("{key}:"));
            // The pod-level legacy annotation sets seccomp for every container.
            if c.seccomp_profile.is_none()
                && let Some(a) = annotations.get("seccomp.security.alpha.kubernetes.io/pod")
            {
                c.seccomp_profile = Some(match a.as_str() {
                    "runtime/default" | "docker/default" => "RuntimeDefault".into(),
                    "unconfined" => "Unconfined".into(),
                    _ => "Localhost".into(),
                });
            }
            containers.push(c);
        }
    }
    let volumes: Vec<Volume> = list(pod, "/volumes")
        .iter()
        .map(|vol| {
            let source = vol
                .as_object()
                .and_then(|o| o.keys().find(|k| *k != "name").cloned())
                .unwrap_or_default();
            Volume {
                name: s(vol, "/name").unwrap_or_default(),
                host_path: s(vol, "/hostPath/path"),
                source,
            }
        })
        .collect();
    let namespace = s(v, "/metadata/namespace");
    Some(Workload {
        object_kind: kind.to_string(),
        api_version: s(v, "/apiVersion").unwrap_or_default(),
        namespace_written: namespace.is_some(),
        namespace: namespace.unwrap_or_else(|| "default".into()),
        labels: string_map(v, "/metadata/labels"),
        annotations,
        host_network: b(pod, "/hostNetwork").unwrap_or(false),
        host_pid: b(pod, "/hostPID").unwrap_or(false),
        host_ipc: b(pod, "/hostIPC").unwrap_or(false),
        service_account_name: s(pod, "/serviceAccountName")
            .or_else(|| s(pod, "/serviceAccount"))
            .unwrap_or_else(|| "default".into()),
        automount_service_account_token: b(pod, "/automountServiceAccountToken").unwrap_or(true),
        containers,
        host_path_volumes: volumes.iter().filter_map(|v| v.host_path.clone()).collect(),
        volumes,
    })
}

/// The resources of one Kubernetes object (none for kinds the model does not cover).
pub fn adapt(rel: &str, doc: &Doc) -> Option<Resource> {
    let v = &doc.value;
    let kind = s(v, "/kind")?;
    let name =
        s(v, "/metadata/name").unwrap_or_else(|| format!("(unnamed, line {})", doc.start_line));
    let ns = s(v, "/metadata/namespace");
    let display = format!("{kind}/{}/{name}", ns.as_deref().unwrap_or("default"));
    let location = SourceLocation {
        file: rel.to_string(),
        start_line: i64::try_from(doc.start_line).unwrap_or(i64::MAX),
        end_line: i64::try_from(doc.end_line).unwrap_or(i64::MAX),
    };
    let uid = format!("{rel}#{display}");
    let labels = string_map(v, "/metadata/labels");
    let r = match kind.as_str() {
        "Role" | "ClusterRole" => Resource::new(
            uid,
            "",
            "",
            display,
            Role {
                object_kind: kind.clone(),
                namespace: ns,
                rules: list(v, "/rules")
                    .iter()
                    .map(|r| RbacRule {
                        api_groups: strings(r, "/apiGroups"),
                        resources: strings(r, "/resources"),
                        verbs: strings(r, "/verbs"),
                        resource_names: strings(r, "/resourceNames"),
                        non_resource_urls: strings(r, "/nonResourceURLs"),
                    })
                    .collect(),
            },
        ),
        "RoleBinding" | "ClusterRoleBinding" => Resource::new(
            uid,
            "",
            "",
            display,
            RoleBinding {
                object_kind: kind.clone(),
                namespace: ns,
                role_kind: s(v, "/roleRef/kind").unwrap_or_default(),
                role_name: s(v, "/roleRef/name").unwrap_or_default(),
                subjects: list(v, "/subjects")
                    .iter()
                    .map(|x| Subject {
                        kind: s(x, "/kind").unwrap_or_default(),
                        name: s(x, "/name").unwrap_or_default(),
                        namespace: s(x, "/namespace"),
                    })
                    .collect(),
            },
        ),
        "Service" => Resource::new(
            uid,
            "",
            "",
            display,
            Service {
                namespace: ns.unwrap_or_else(|| "default".into()),
                service_type: s(v, "/spec/type").unwrap_or_else(|| "ClusterIP".into()),
                ports: list(v, "/spec/ports")
                    .iter()
                    .filter_map(|p| p.get("port").and_then(J::as_i64))
                    .collect(),
                node_ports: list(v, "/spec/ports")
                    .iter()
                    .filter_map(|p| p.get("nodePort").and_then(J::as_i64))
                    .collect(),
                external_ips: strings(v, "/spec/externalIPs"),
                load_balancer_source_ranges: strings(v, "/spec/loadBalancerSourceRanges"),
            },
        ),
        k => Resource::new(uid, "", "", display, workload(k, doc)?),
    };
    Some(r.at(location).with_tags(labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_containers_get_effective_settings() {
        let text = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: app
          image: registry:5000/team/app:1.2@sha256:abc
          securityContext:
            privileged: true
            capabilities:
              add: [NET_ADMIN]
              drop: [ALL]
          env:
            - name: DB_PASSWORD
              value: hunter2-very-secret
          resources:
            limits:
              cpu: 1
";
        let docs = crate::yaml::documents(text);
        let doc = docs[0].as_ref().ok().unwrap();
        let r = adapt("k8s/web.yaml", doc).unwrap();
        assert_eq!(r.kind, "k8s.workload");
        assert_eq!(r.name, "Deployment/default/web");
        let w: Workload = serde_json::from_value(r.properties.clone()).unwrap();
        assert!(!w.namespace_written && w.automount_service_account_token);
        let init = &w.containers[0];
        assert_eq!(
            (init.role.as_str(), init.image_tag.as_deref()),
            ("init", None)
        );
        assert_eq!(init.image_pull_policy, "Always");
        assert_eq!(init.line, 13);
        let app = &w.containers[1];
        assert_eq!(app.line, 16);
        assert_eq!(app.image_tag.as_deref(), Some("1.2"));
        assert_eq!(app.image_digest.as_deref(), Some("sha256:abc"));
        assert!(app.privileged && app.allow_privilege_escalation && app.run_as_non_root);
        assert_eq!(app.seccomp_profile.as_deref(), Some("RuntimeDefault"));
        assert_eq!(app.cpu_limit.as_deref(), Some("1"));
        assert_eq!(app.env_secrets.len(), 1);
        assert!(!r.properties.to_string().contains("hunter2"));
    }
}
