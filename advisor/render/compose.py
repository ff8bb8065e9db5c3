"""compose.yaml, built as data from the plan and serialised by PyYAML's SafeDumper.

Strings from the answers are always double-quoted, so no answer can change the file's
structure. The app gets an explicit environment (references into .env, never ``env_file``),
so the database's root password reaches the database container only.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..setup import HOST_GATEWAY, Part, Setup

REQUIRED = "set it in .env"
APP_HARDENING: dict[str, Any] = {"security_opt": ["no-new-privileges:true"], "cap_drop": ["ALL"]}
MIGRATE_SERVICE = "migrate"
_SAFE_FOLDER = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")
_HEALTH_TIMING: dict[str, Any] = {"interval": "10s", "timeout": "5s", "retries": 5, "start_period": "30s"}


class Quoted(str):
    """A string from the answers: always written double-quoted, so no YAML 1.1 or 1.2
    reader can take it for a number, a bool or null."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_quoted(dumper: yaml.SafeDumper, data: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(Quoted, _represent_quoted)


def _required(var: str) -> str:
    return "${" + var + ":?" + REQUIRED + "}"


def _optional(var: str) -> str:
    return "${" + var + ":-}"


def interpolated(parts: tuple[Part, ...]) -> str:
    """A composed value as Compose interpolates it: each reference becomes ``${VAR:?...}``."""
    return "".join(p if isinstance(p, str) else _required(p.var) for p in parts)


def app_environment(setup: Setup) -> dict[str, str]:
    """The app's environment, every value a reference into .env: the .env variables meant for
    the app and the connection variables built from them."""
    environment: dict[str, str] = {}
    for var in setup.env:
        if var.to_app:
            # A credential may stay empty; so may one of the app's own settings that the
            # project's .env.example leaves empty (the app says whether it needs it).
            empty = var.kind == "credential" or (var.role == "project-setting" and not var.value)
            environment[var.name] = _optional(var.name) if empty else _required(var.name)
    for app_var in setup.app_env:
        environment[app_var.name] = interpolated(app_var.parts)
    return environment


def compose_data(setup: Setup) -> dict[str, Any]:
    """compose.yaml as data: the app, its database and cache, their volumes."""
    restart = {"restart": "unless-stopped"} if setup.production else {}
    # Production: the app's own processes (the app, its release step) get no way to gain
    # privileges and no Linux capabilities; they run as an unprivileged user on a high port.
    hardened = dict(APP_HARDENING) if setup.production else {}
    services: dict[str, Any] = {}
    volumes: dict[str, Any] = {}
    build: dict[str, Any] = {"context": Quoted(setup.build_context)}
    if setup.build_context != ".":  # the Dockerfile stays beside compose.yaml
        build["dockerfile"] = Quoted(setup.dockerfile_from_context)
    app: dict[str, Any] = {"build": build, "init": True}
    depends_on: dict[str, Any] = {}

    db = setup.database
    if db is not None and db.service is not None and db.volume is not None:
        spec = db.spec
        services[db.service] = {
            "image": spec.image,
            **({"command": list(db.command)} if db.command else {}),
            "environment": {image_var: _required(var) for image_var, var in spec.image_env},
            "volumes": [f"{db.volume}:{spec.data_path}"],
            "healthcheck": {"test": list(spec.healthcheck), **_HEALTH_TIMING},
            **restart,
        }
        volumes[db.volume] = {}
        depends_on[db.service] = {"condition": "service_healthy"}
    if setup.cache is not None:
        cache = setup.cache.spec
        services[setup.cache.service] = {
            "image": cache.image,
            "volumes": [f"{cache.volume}:{cache.data_path}"],
            "healthcheck": {"test": list(cache.healthcheck), **_HEALTH_TIMING},
            **restart,
        }
        volumes[cache.volume] = {}
        depends_on[setup.cache.service] = {"condition": "service_healthy"}

    app["environment"] = app_environment(setup)
    if setup.build.release:
        # The release step (migrations) runs once, to the end, before the app starts: the same
        # image and settings, its own command. A failed migration keeps the app from starting.
        services[MIGRATE_SERVICE] = {
            "build": build,
            "command": list(setup.build.release),
            "environment": app["environment"],
            **({"extra_hosts": [HOST_GATEWAY]} if setup.native_database else {}),
            **({"depends_on": dict(depends_on)} if depends_on else {}),
            "restart": "no",
            **hardened,
        }
        depends_on[MIGRATE_SERVICE] = {"condition": "service_completed_successfully"}
    app["ports"] = [Quoted(setup.publish)]
    if setup.media_volume is not None:
        app["volumes"] = [f"{setup.media_volume}:{setup.media_root}"]
        volumes[setup.media_volume] = {}
    for i, folder in enumerate(f for f in setup.build.data_dirs if _SAFE_FOLDER.fullmatch(f)):
        # An SQLite database the app keeps in a folder beside its code: a named volume keeps it
        # across rebuilds (Docker fills it from the image, with the app user as owner).
        name = "app-data" if i == 0 else f"app-data-{i + 1}"
        app.setdefault("volumes", []).append(f"{name}:/app/{folder}")
        volumes[name] = {}
    if setup.native_database:
        app["extra_hosts"] = [HOST_GATEWAY]
    if depends_on:
        app["depends_on"] = depends_on
    probe = setup.language.probe
    if probe and setup.build.kind == "server":
        # The app's own healthcheck: docker compose up --wait and the restart policy see when it
        # really answers, not only when its process started.
        port = str(setup.app_port)
        app["healthcheck"] = {"test": [part.replace("{port}", port) for part in probe], **_HEALTH_TIMING}
    app.update(restart)
    app.update(hardened)

    data: dict[str, Any] = {"name": Quoted(setup.project), "services": {"app": app, **services}}
    if volumes:
        data["volumes"] = volumes
    return data


def render_compose(setup: Setup) -> str:
    start = [f"  {setup.start_command}"]
    if setup.production:
        start.append("(-d: in the background; `docker compose logs --follow` shows the logs).")
    lines = [
        f"compose.yaml for {setup.project}, written by advisor. Start everything with:",
        *start,
        f"The app answers on {setup.url}.",
        "Settings and secrets come from .env (documented in .env.example; .gitignore keeps",
        "it out of git). The app gets only the variables listed under its environment (all",
        "of .env but the database root password): to give it a new one, add it to .env and",
        "to that list.",
    ]
    if setup.production:
        lines += [
            "In production the app runs with no-new-privileges (no setuid binary can raise its",
            "privileges) and without Linux capabilities (cap_drop: ALL): it needs none.",
        ]
    db = setup.database
    if db is not None and db.service is not None:
        lines.append(
            f"Only the app reaches the database (as {db.service}); its data lives in the volume {db.volume}."
        )
    header = "".join(f"# {line}\n" for line in lines)
    body = yaml.dump(
        compose_data(setup), Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000
    )
    return header + body


__all__ = ["Quoted", "app_environment", "compose_data", "interpolated", "render_compose"]
