"""The Kubernetes part of the plan (``scaling: kubernetes``): names, the image placeholder, the
user the image runs as, the folders the app writes, and every variable of the app's container
with where it comes from (the ConfigMap, the Secret the person makes from .env, or built from
both). Databases and caches are managed services or on their own hosts: their addresses are
placeholders, never a container advisor invents."""

from __future__ import annotations

import re
from typing import Literal

from .errors import UserError
from .setup import KubernetesPlan, KubeVar, Part, Setup

REGISTRY = "registry.example.com"
TAG = "1.0.0"
DATABASE_HOST = "database.example.internal"
CACHE_HOST = "redis.example.internal"
# The user each Dockerfile's final stage runs as (templates/starter/Dockerfile.*.j2).
_UID = {"python": 10001, "java": 10001, "other": 10001, "go": 65532, "node": 1000, "static": 101}
_SPA_UID = 101  # nginx-unprivileged serves a built front end


def dns_label(project: str) -> str:
    """The project name as a Kubernetes name (an RFC 1035 label: a letter first, no '_')."""
    name = re.sub(r"[^a-z0-9-]+", "-", project.lower())[:40].strip("-") or "app"
    return name if name[0].isalpha() else f"app-{name}"


def image_uid(setup: Setup) -> int:
    """The numeric user of the image's final stage."""
    if setup.build.kind == "spa":
        return _SPA_UID
    return _UID[setup.language.key]


def kube_plan(setup: Setup) -> KubernetesPlan:
    """The Kubernetes base for this plan; a combination replicas cannot run is a UserError (a
    custom rule base could choose it; the shipped one never does, which a test checks)."""
    if setup.media_root is not None:
        raise UserError(
            "scaling is kubernetes but media is on a local volume: replicas on several servers"
            " cannot share it; the rule base must choose media_storage cdn-object-storage"
        )
    if setup.database is not None and setup.database.in_container:
        raise UserError(
            "scaling is kubernetes but the database is in a container beside the app: run it as a"
            " managed service or on its own hosts (database_placement native-install)"
        )
    name = dns_label(setup.project)
    host = f"{name}.example.com"  # a placeholder the person edits in ingress.yaml
    build = setup.build
    writable = ["/tmp", *(f"{build.app_home}/{w.strip('/')}" for w in build.writable)]
    if setup.language.key == "python":  # its user's home (caches, gunicorn's control socket)
        writable.insert(1, "/home/appuser")
    if build.kind in ("static", "spa"):
        probe: Literal["tcp", "http"] | None = "http"
    elif build.kind == "worker":
        probe = None
    else:
        probe = "tcp"
    java = setup.language.key == "java"
    replicas = setup.evaluation.answers.replicas or 2  # at least two: one can fail or be replaced
    return KubernetesPlan(
        name=name,
        image=f"{REGISTRY}/{name}",
        tag=TAG,
        secret=f"{name}-env",
        config=f"{name}-config",
        host=host,
        tls_secret=f"{name}-tls",
        uid=image_uid(setup),
        writable=tuple(dict.fromkeys(writable)),
        probe=probe,
        replicas=replicas,
        max_replicas=min(100, max(10, 5 * replicas)),
        memory=("512Mi", "1Gi") if java else ("256Mi", "512Mi"),
        variables=_variables(setup, host),
        release=build.release,
    )


def _variables(setup: Setup, host: str) -> tuple[KubeVar, ...]:
    out: list[KubeVar] = []
    for var in setup.env:
        if not var.to_app:
            continue
        if var.kind in ("secret", "credential"):
            out.append(KubeVar(var.name, "secret", optional=var.kind == "credential"))
        elif var.kind == "composed":
            out.append(KubeVar(var.name, "composed", _expanded(var.parts)))
        elif var.role == "db-host":
            out.append(KubeVar(var.name, "config", DATABASE_HOST, placeholder="db-host"))
        elif (
            var.role not in ("project-setting", "project-debug-off", "required-setting") or var.value
        ):  # an empty one would override the app's default
            out.append(KubeVar(var.name, "config", var.value))
    cache = setup.cache
    for app_var in setup.app_env:
        if app_var.role in ("site-host", "site-origin"):
            # Behind the Ingress, not Caddy: the app answers for the Ingress's (placeholder) host.
            value = host if app_var.role == "site-host" else f"https://{host}"
            out.append(KubeVar(app_var.name, "config", value, placeholder="ingress-host"))
        elif cache is not None and app_var.role == "cache-url":
            url = f"{cache.spec.scheme}://{CACHE_HOST}:{cache.spec.port}/0"
            out.append(KubeVar(app_var.name, "config", url, placeholder="cache"))
        elif cache is not None and app_var.role == "cache-part":
            value = "".join(p for p in app_var.parts if isinstance(p, str))
            value = value.replace(f"{cache.service}:", f"{CACHE_HOST}:")
            value = CACHE_HOST if value == cache.service else value
            out.append(
                KubeVar(app_var.name, "config", value, placeholder="cache" if CACHE_HOST in value else "")
            )
        elif all(isinstance(p, str) for p in app_var.parts):
            out.append(
                KubeVar(app_var.name, "config", "".join(p for p in app_var.parts if isinstance(p, str)))
            )
        else:
            out.append(KubeVar(app_var.name, "composed", _expanded(app_var.parts)))
    return tuple(out)


def _expanded(parts: tuple[Part, ...]) -> str:
    """A composed value in Kubernetes' syntax: each reference becomes ``$(VAR)``, which the
    kubelet expands from the variables listed before it; a literal ``$(`` is escaped."""
    return "".join(p.replace("$(", "$$(") if isinstance(p, str) else f"$({p.var})" for p in parts)


__all__ = ["CACHE_HOST", "DATABASE_HOST", "REGISTRY", "dns_label", "image_uid", "kube_plan"]
