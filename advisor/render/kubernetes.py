"""deploy/kubernetes/: a kustomize base for ``scaling: kubernetes``, built as data from the plan
and serialised by PyYAML's SafeDumper like compose.yaml.

No Secret manifest: the person creates the Secret from .env with kubectl, and the Deployment
reads only the secret keys from it. Settings come from the ConfigMap, where the addresses of the
managed database and Redis are placeholders to edit.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..setup import KUBERNETES_DIR, FileKind, KubernetesPlan, Setup
from .composeyaml import Quoted

# The user-facing names of the files, in the order kustomization.yaml lists them.
RESOURCES: dict[FileKind, str] = {
    "k8s-configmap": "configmap.yaml",
    "k8s-deployment": "deployment.yaml",
    "k8s-service": "service.yaml",
    "k8s-ingress": "ingress.yaml",
    "k8s-hpa": "hpa.yaml",
    "k8s-pdb": "pdb.yaml",
    "k8s-migrate": "migrate-job.yaml",
    "k8s-networkpolicy": "networkpolicy.yaml",
}
# checkov checks that cannot pass when the files are written, skipped inline with the reason
# (checkov reads checkov.io/skipN annotations), so its report stays honest.
SKIPS: tuple[tuple[str, str], ...] = (
    (
        "CKV_K8S_43",
        "the image is built and pushed after these files are written: pin its digest under images"
        " in kustomization.yaml once it exists",
    ),
    (
        "CKV_K8S_35",
        "the app reads its settings from environment variables; mount the Secret as files only if"
        " the app reads files",
    ),
)
_PLACEHOLDER_NOTE = {
    "db-host": "placeholder: your managed database's host (or its own servers)",
    "cache": "placeholder: your managed Redis (add its password or rediss:// for TLS if it needs them)",
    "ingress-host": "placeholder: your domain, as in ingress.yaml",
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key, as kubectl writes them


_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000)


def _labels(k: KubernetesPlan) -> dict[str, Any]:
    return {"app.kubernetes.io/name": k.name}


# checkov wants a UID above 10000; the images whose own user is below it own their files as it.
HIGH_UID = 10000


def _meta(k: KubernetesPlan, name: str | None = None, skips: bool = False) -> dict[str, Any]:
    """Every object lives in the app's own namespace (not default), named after the app."""
    meta: dict[str, Any] = {"name": name or k.name, "namespace": k.name, "labels": _labels(k)}
    if skips:
        reasons = list(SKIPS)
        if k.uid < HIGH_UID:
            reasons.append(
                (
                    "CKV_K8S_40",
                    f"the image runs as its own unprivileged user {k.uid}, which owns the folders it"
                    " writes; another UID would need them owned again in the Dockerfile",
                )
            )
        meta["annotations"] = {
            f"checkov.io/skip{i}": f"{check}={reason}" for i, (check, reason) in enumerate(reasons, 1)
        }
    return meta


def _header(setup: Setup, what: str, lines: list[str]) -> str:
    head = [f"{what} for {setup.project}, written by advisor (scaling: kubernetes).", *lines]
    return "".join(f"# {line}\n" if line else "#\n" for line in head)


def _image(k: KubernetesPlan) -> str:
    return f"{k.image}:{k.tag}"


def _pod_security(setup: Setup, k: KubernetesPlan) -> dict[str, Any]:
    security: dict[str, Any] = {
        "runAsNonRoot": True,
        "runAsUser": k.uid,
        "runAsGroup": k.uid,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    if setup.app_port < 1024:  # an unprivileged user binds it without NET_BIND_SERVICE (a safe sysctl)
        security["sysctls"] = [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]
    return security


_CONTAINER_SECURITY: dict[str, Any] = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
}


def _volumes(k: KubernetesPlan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    names = [("tmp" if path == "/tmp" else f"writable-{i}", path) for i, path in enumerate(k.writable)]
    mounts = [{"name": name, "mountPath": Quoted(path)} for name, path in names]
    volumes = [{"name": name, "emptyDir": {}} for name, _ in names]
    return mounts, volumes


def _env(k: KubernetesPlan) -> list[dict[str, Any]]:
    """The secret keys first, then the values built from them and the ConfigMap's (Kubernetes
    expands $(VAR) only from variables defined before)."""
    env: list[dict[str, Any]] = []
    for var in k.variables:
        if var.source == "secret":
            ref: dict[str, Any] = {"name": k.secret, "key": var.name}
            if var.optional:
                ref["optional"] = True
            env.append({"name": var.name, "valueFrom": {"secretKeyRef": ref}})
    env += [{"name": v.name, "value": Quoted(v.value)} for v in k.variables if v.source == "composed"]
    return env


def _container(setup: Setup, k: KubernetesPlan, name: str) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": _image(k), "imagePullPolicy": "Always"}
    if any(v.source == "config" for v in k.variables):
        container["envFrom"] = [{"configMapRef": {"name": k.config}}]
    env = _env(k)
    if env:
        container["env"] = env
    container["resources"] = {
        "requests": {"cpu": "250m", "memory": k.memory[0]},
        "limits": {"cpu": "1", "memory": k.memory[1]},
    }
    if setup.gpu and name == "app":
        # One GPU per replica, scheduled by the NVIDIA device plugin (GPUs are set as limits);
        # the migration Job needs none.
        container["resources"]["limits"]["nvidia.com/gpu"] = 1
    container["securityContext"] = dict(_CONTAINER_SECURITY)
    container["volumeMounts"] = _volumes(k)[0]
    return container


def _probe(setup: Setup, k: KubernetesPlan, liveness: bool) -> dict[str, Any]:
    port = "http"
    check: dict[str, Any] = (
        {"httpGet": {"path": "/", "port": port}} if k.probe == "http" else {"tcpSocket": {"port": port}}
    )
    timing = (
        {"initialDelaySeconds": 15, "periodSeconds": 20, "timeoutSeconds": 5, "failureThreshold": 3}
        if liveness
        else {"initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3}
    )
    return {**check, **timing}


def deployment_data(setup: Setup, k: KubernetesPlan) -> dict[str, Any]:
    app = _container(setup, k, "app")
    if k.probe is not None:
        app["ports"] = [{"name": "http", "containerPort": setup.app_port, "protocol": "TCP"}]
        app["readinessProbe"] = _probe(setup, k, liveness=False)
        app["livenessProbe"] = _probe(setup, k, liveness=True)
    # the probes and ports read best right after the image
    order = ["name", "image", "imagePullPolicy", "ports", "envFrom", "env", "readinessProbe", "livenessProbe"]
    app = {key: app[key] for key in [*order, *app] if key in app}
    pod: dict[str, Any] = {
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": _pod_security(setup, k),
        "topologySpreadConstraints": [
            {
                "maxSkew": 1,
                "topologyKey": "kubernetes.io/hostname",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": _labels(k)},
            }
        ],
        "containers": [app],
        "volumes": _volumes(k)[1],
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(k, skips=True),
        "spec": {
            "replicas": k.replicas,
            "revisionHistoryLimit": 5,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "selector": {"matchLabels": _labels(k)},
            "template": {"metadata": {"labels": _labels(k)}, "spec": pod},
        },
    }


def migrate_data(setup: Setup, k: KubernetesPlan) -> dict[str, Any]:
    job = _container(setup, k, "migrate")
    job["command"] = [Quoted(part) for part in k.release]
    order = ["name", "image", "imagePullPolicy", "command"]
    job = {key: job[key] for key in [*order, *job] if key in job}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": _meta(k, f"{k.name}-migrate", skips=True),
        "spec": {
            "backoffLimit": 2,
            "activeDeadlineSeconds": 1800,
            "template": {
                "metadata": {"labels": {**_labels(k), "app.kubernetes.io/component": "migrate"}},
                "spec": {
                    "restartPolicy": "Never",
                    "automountServiceAccountToken": False,
                    "enableServiceLinks": False,
                    "securityContext": _pod_security(setup, k),
                    "containers": [job],
                    "volumes": _volumes(k)[1],
                },
            },
        },
    }


def manifests(setup: Setup) -> dict[FileKind, dict[str, Any]]:
    """Every manifest of the base as data, by file kind (the kustomization included)."""
    k = setup.kubernetes
    if k is None:
        return {}
    kinds = {f.kind for f in setup.files}
    data: dict[FileKind, dict[str, Any]] = {}
    config = {v.name: Quoted(v.value) for v in k.variables if v.source == "config"}
    data["k8s-configmap"] = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _meta(k, k.config),
        "data": config,
    }
    data["k8s-deployment"] = deployment_data(setup, k)
    if "k8s-service" in kinds:
        data["k8s-service"] = {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": _meta(k),
            "spec": {
                "type": "ClusterIP",
                "selector": _labels(k),
                "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
            },
        }
    if "k8s-ingress" in kinds:
        backend = {"service": {"name": k.name, "port": {"name": "http"}}}
        data["k8s-ingress"] = {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": _meta(k),
            "spec": {
                "tls": [{"hosts": [Quoted(k.host)], "secretName": k.tls_secret}],
                "rules": [
                    {
                        "host": Quoted(k.host),
                        "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": backend}]},
                    }
                ],
            },
        }
    data["k8s-hpa"] = {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(k),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": k.name},
            "minReplicas": k.replicas,
            "maxReplicas": k.max_replicas,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
                }
            ],
        },
    }
    data["k8s-pdb"] = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(k),
        "spec": {"minAvailable": 1, "selector": {"matchLabels": _labels(k)}},
    }
    if "k8s-migrate" in kinds:
        data["k8s-migrate"] = migrate_data(setup, k)
    # Only the app's port is open to other pods (the ingress controller); a worker and the
    # migration Job accept no connection at all. Outgoing traffic (database, APIs) is not limited.
    ingress = [{"ports": [{"port": setup.app_port, "protocol": "TCP"}]}] if k.probe is not None else []
    data["k8s-networkpolicy"] = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta(k),
        "spec": {"podSelector": {"matchLabels": _labels(k)}, "policyTypes": ["Ingress"], "ingress": ingress},
    }
    data["k8s-kustomization"] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": k.name,
        "resources": [RESOURCES[kind] for kind in RESOURCES if kind in data],
        "images": [{"name": k.image, "newName": k.image, "newTag": Quoted(k.tag)}],
    }
    return data


def render_kubernetes(setup: Setup, kind: FileKind) -> str:
    k = setup.kubernetes
    if k is None:  # pragma: no cover - the plan lists these files only with a Kubernetes plan
        raise ValueError("no Kubernetes plan")
    data = manifests(setup)[kind]
    text = _dump(data)
    if kind == "k8s-configmap":
        text = _annotate(text, k)
    return _header(setup, _title(kind), _about(setup, k, kind)) + text


def _annotate(text: str, k: KubernetesPlan) -> str:
    """A comment after each placeholder of the ConfigMap."""
    notes = {v.name: _PLACEHOLDER_NOTE[v.placeholder] for v in k.variables if v.placeholder}
    lines = []
    for line in text.splitlines():
        key = line.strip().split(":", 1)[0]
        lines.append(f"{line}  # {notes[key]}" if line.startswith("  ") and key in notes else line)
    return "\n".join(lines) + "\n"


def _title(kind: FileKind) -> str:
    if kind == "k8s-kustomization":
        return f"{KUBERNETES_DIR}/kustomization.yaml"
    return f"{KUBERNETES_DIR}/{RESOURCES[kind]}"


def _about(setup: Setup, k: KubernetesPlan, kind: FileKind) -> list[str]:
    from .kubetexts import about

    return about(setup, k, kind)


__all__ = ["RESOURCES", "deployment_data", "manifests", "migrate_data", "render_kubernetes"]
