"""The header comments of the files in deploy/kubernetes (English, like compose.yaml's)."""

from __future__ import annotations

import shlex

from ..setup import KUBERNETES_DIR, FileKind, KubernetesPlan, Setup


def secret_command(k: KubernetesPlan) -> str:
    """The documented way to make the Secret the Deployment reads (advisor writes no Secret)."""
    return f"kubectl -n {k.name} create secret generic {k.secret} --from-env-file=.env"


def about(setup: Setup, k: KubernetesPlan, kind: FileKind) -> list[str]:
    secret_keys = [v.name for v in k.variables if v.source == "secret"]
    if kind == "k8s-kustomization":
        return [
            "A kustomize base: it lists every manifest of this folder. Apply them all with",
            f"  kubectl apply -k {KUBERNETES_DIR}",
            "after creating the Secret the app reads from .env (no Secret is written here):",
            f"  {secret_command(k)}",
            f"images: {k.image} is a placeholder. Build the image once, push it to your",
            "registry and set newName and newTag below to it (or run",
            f"`kustomize edit set image {k.image}=REGISTRY/PATH:TAG` in this folder).",
            f"Everything goes into the namespace {k.name} (namespace: below): create it once with",
            f"`kubectl create namespace {k.name}`, before the Secret.",
        ]
    if kind == "k8s-configmap":
        lines = ["The app's settings that are not secret; the Deployment passes all of them to the app."]
        services = [n for n, on in (("the database", setup.database), ("Redis", setup.cache)) if on]
        if services:
            said = " and ".join(services)
            lines += [
                f"{said[0].upper()}{said[1:]}: managed services (or their own servers), not in the",
                "cluster: edit the placeholders marked below.",
            ]
        lines += ["After a change, restart the app:", f"  kubectl rollout restart deployment/{k.name}"]
        if secret_keys:
            lines += [
                f"Secrets come from the Secret {k.secret}, not from here:",
                f"  {', '.join(secret_keys)}",
            ]
        return lines
    if kind == "k8s-deployment":
        lines = [
            f"The app: {k.replicas} replicas at least (hpa.yaml adds up to {k.max_replicas}), spread",
            "over the nodes, replaced one at a time on a new release. Each replica must be stateless:",
            "sessions and caches in Redis, files in object storage, data in the database.",
        ]
        if k.probe is not None:
            how = "an HTTP GET of /" if k.probe == "http" else "a TCP connection"
            lines.append(f"Readiness and liveness: {how} on port {setup.app_port} (named http).")
        else:
            lines.append("A worker: it answers on no port, so it has no probes, Service or Ingress.")
        lines += [
            f"The image runs as user {k.uid} (its Dockerfile's), with no privileges, no Linux",
            "capabilities and a read-only root file system; it can write only to "
            + ", ".join(k.writable)
            + " (emptyDir",
            "volumes: per replica, lost when it is replaced; keep nothing there that must last).",
            f"Variables: every key of the ConfigMap {k.config}; the secrets from the Secret",
            f"{k.secret}, which you create from .env:",
            f"  {secret_command(k)}",
            f"The image {k.image}:{k.tag} is a placeholder: set your registry path and tag",
            "in kustomization.yaml.",
            "Tune the resources below after watching real traffic (kubectl top pods).",
        ]
        return lines
    if kind == "k8s-service":
        return [
            "A stable address inside the cluster for the app's replicas:",
            f"port 80 -> the app's port {setup.app_port}.",
        ]
    if kind == "k8s-ingress":
        return [
            f"The app on the internet: {k.host} is a placeholder; set your host name and point",
            "its DNS at the ingress controller's address (kubectl get ingress shows it).",
            f"TLS: the certificate comes from the Secret {k.tls_secret}, made by cert-manager (add its",
            "cert-manager.io/cluster-issuer annotation) or by",
            f"  kubectl -n {k.name} create secret tls {k.tls_secret} --cert=cert.pem --key=key.pem",
            "No ingressClassName: the cluster's default ingress class serves it; set one if not.",
        ]
    if kind == "k8s-hpa":
        return [
            f"Adds replicas (from {k.replicas} up to {k.max_replicas}) when the average CPU use passes",
            "70% of the requested CPU. Needs the metrics server (most managed clusters have it).",
        ]
    if kind == "k8s-pdb":
        return ["Keeps at least one replica running while nodes are drained for maintenance."]
    if kind == "k8s-migrate":
        return [
            f"The release step `{shlex.join(k.release)}` (migrations) runs once per release",
            "as this Job, not in every replica. A Job cannot be changed once created, so on each release run",
            f"  kubectl delete job {k.name}-migrate --ignore-not-found",
            f"  kubectl apply -k {KUBERNETES_DIR}",
            f"  kubectl wait --for=condition=complete job/{k.name}-migrate --timeout=30m",
            "Keep migrations compatible with the version still running while the new one rolls out.",
        ]
    if kind == "k8s-networkpolicy":
        return [
            "Lets other pods reach the app only on its port (the ingress controller needs it); the",
            "migration Job and a worker accept no connection. Needs a network plugin that enforces",
            "NetworkPolicy (Calico, Cilium, most managed clusters).",
        ]
    raise ValueError(kind)  # pragma: no cover
