"""The settings the project's own compose file gives the app's container: its service's
``environment:`` and the files its ``env_file:`` names, which advisor's compose.yaml replaces."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..appdata import image_data_folder
from .composefile import _COMPOSE_NAMES, _environment, _services, build_folder
from .dockerfile_paths import app_image_stage
from .dotenv import dotenv_lines, dotenv_value
from .facts import Setting, Sourced
from .tree import Tree, join, written_by_advisor


def image_path_settings(tree: Tree, folder: str) -> Iterator[Setting]:
    """The folders the final stage of the project's own Dockerfile names in ``ENV`` and keeps
    in a ``VOLUME`` or works in (ytptube's ``YTP_CONFIG_PATH=/config``, ``VOLUME /config``): without the
    variable the app writes beside its code; advisor's image keeps the same folder in a volume."""
    found = app_image_stage(tree, folder)
    if found is None:
        return
    rel, stage = found
    volumes = {
        v.strip("\"'[],").rstrip("/")
        # (or its working folder: cross-seed's CONFIG_DIR=/config, WORKDIR /config)
        for m in re.finditer(r"^\s*(?:VOLUME|WORKDIR)\s+(.+)$", stage, re.M | re.I)
        for v in m.group(1).split()
    }
    for m in re.finditer(
        r"""^\s*ENV\s+([A-Za-z_]\w*)[=\s]\s*(["']?)(/[\w.-]+(?:/[\w.-]+)*)/?\2\s*$""", stage, re.M | re.I
    ):
        # (youtube-dl-server's YDL_CONFIG_PATH='/app_config', VOLUME "/app_config")
        if m.group(3) in volumes and image_data_folder(m.group(3)):
            yield Setting(m.group(1), m.group(3), rel)
    # and a file of the project's it names under its WORKDIR (security_monkey's `ENV …
    # SECURITY_MONKEY_SETTINGS=/usr/local/src/security_monkey/env-config/config-docker.py`):
    # the same file in advisor's /app
    workdir = _workdir(stage)
    joined = re.sub(r"\\\n", " ", stage)
    for line in re.findall(r"^\s*ENV\s+(.+)$", joined, re.M | re.I) if workdir else ():
        for name, value in re.findall(r"\b([A-Za-z_]\w*)=(/[\w./-]+\.\w+)(?=\s|$)", line):
            if (placed := _in_app(tree, folder, workdir, value)) is not None:
                yield Setting(name, placed, rel)


def _workdir(stage: str) -> str:
    """The last WORKDIR of the project's image stage (absolute), or ""."""
    found = re.findall(r"^\s*WORKDIR\s+(/\S+?)/?\s*$", stage, re.M | re.I)
    return found[-1] if found else ""


def _in_app(tree: Tree, folder: str, workdir: str, value: str) -> str | None:
    """A file of the project's that ``value`` names under the project image's ``workdir``, as
    advisor's image has it (under /app); None for any other value."""
    inner = value[len(workdir) + 1 :] if workdir and value.startswith(workdir + "/") else ""
    return f"/app/{inner}" if inner and tree.has(join(folder, inner)) else None


def _app_services(tree: Tree, folder: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(folder, compose file, service) of each service of the project's own compose files that
    builds the app from ``folder`` or runs its published image (see compose_settings)."""
    for where in dict.fromkeys((folder, "")):
        # then its variants (shhh's docker-compose-postgres.yml, whose env_file gives
        # FLASK_ENV=dev-docker), the development ones first: the project's word on its values
        variants = sorted(
            (n for n in tree.names(where) if _VARIANT.match(n) and not _TESTS.search(n)), key=_dev_first
        )
        for name in (*_COMPOSE_NAMES, *variants):
            rel = join(where, name)
            text = tree.text(rel)
            if text is None or written_by_advisor(text):
                continue
            # (not a service that runs the test suite: vehicle-maintenance's `tests`, `command: [pytest, …]`,
            # whose TESTING=True switches the app to a test database)
            services = [
                s
                for s in _services(tree, rel)
                if isinstance(s, dict) and not _TEST_RUN.search(str(s.get("command")))
            ]
            contexts = [build_folder(s.get("build"), where) for s in services]
            # a service that runs the image another service builds (feeds.fun's backend-build,
            # `image: ffun-backend-dev`, which its API services run) has that one's context
            # (a service of an override file gives no image: that is no name to match)
            built = {
                s.get("image"): c
                for s, c in zip(services, contexts, strict=True)
                if c is not None and s.get("image")
            }
            contexts = [
                c if c is not None else built.get(s.get("image"))
                for s, c in zip(services, contexts, strict=True)
            ]
            # the app's own folder; else a folder above it (joanie builds src/backend from the
            # top, where its Dockerfile copies it from), when no service builds the app's own
            wanted = folder if folder in contexts else _above(folder, contexts)
            if wanted is None and not re.search(r"prod|release|deploy", name, re.I):
                # no service builds it: the one that runs the project's published image
                # (SerpBear's `image: towfiqi/serpbear:latest`, its `build: .` commented out;
                # not a production variant's, whose settings are a deployment's)
                names = _own_names(tree, folder)
                contexts = [
                    folder if c is None and _image_name(s.get("image")) in names else c
                    for s, c in zip(services, contexts, strict=True)
                ]
                wanted = folder
            for service, context in zip(services, contexts, strict=True):
                if context is not None and context == wanted:
                    yield where, rel, service


def compose_settings(tree: Tree, folder: str) -> Iterator[Setting]:
    """The values the project's own compose file gives the service it builds from ``folder``
    (``environment:`` of a service whose ``build`` context is that folder): the container's
    settings as the project runs it (``APP_CONFIG_FILE: compose``). Interpolated values
    (``${X}``) are left out: they are not values. Then its image's data folders' variables."""
    stage = app_image_stage(tree, folder)
    workdir = _workdir(stage[1]) if stage else ""
    for where, rel, service in _app_services(tree, folder):
        given = set()
        for key, value in _environment(service):
            if isinstance(value, str) and (placed := _in_app(tree, folder, workdir, value)) is not None:
                # a file of the project's in its own image's layout (skylines' SKYLINES_CONFIG:
                # /home/skylines/code/config/docker.py, under its WORKDIR): the same file in /app
                value = placed
            if isinstance(value, str) and "$" in value and _SERVER_URL.match(value):
                # a database URL built from the db's variables (excalidraw-storage-backend's
                # STORAGE_URI: postgresql://${POSTGRES_USER}:…@postgres:5432/…): the
                # variable is the database URL (see projectenv.url_by_example)
                given.add(key)
                yield Setting(key, value, rel)
                continue
            if isinstance(value, str) and (m := _OWN_DEFAULT.fullmatch(value)) and m.group(2):
                # FFUN_ENABLE_API_SPA: "${FFUN_ENABLE_API_SPA:-True}": True; SerpBear's
                # USER_NAME=${USER:-admin}: admin (the value when nothing is set)
                value = m.group(2)
            if isinstance(value, (str, int, float, bool)) and "$" not in str(value):
                text_value = str(value).lower() if isinstance(value, bool) else str(value)
                given.add(key)
                yield Setting(key, text_value, rel)
        yield from _env_files(tree, where, service, given)


_TEST_RUN = re.compile(
    r"\b(?:pytest|py\.test|jest|vitest|mocha|tox|nox)\b|\b(?:npm|yarn|pnpm)\W+(?:run\W+)?test\b|manage\.py\W+test\b"
)
_OWN_DEFAULT = re.compile(r"\$\{(\w+):?-([^${}]*)\}")
_SERVER_URL = re.compile(r"^(?:postgres(?:ql)?|mysql|mariadb|mongodb)(?:\+[\w-]+)?://\S+@\S+$")
_TEMPLATES = (".dist", ".example", ".sample", ".template")
_VARIANT = re.compile(r"(?:docker-)?compose[-.][\w.-]+\.ya?ml$")
# a test suite's services and values; a variant that adds an optional feature (keep's
# docker-compose-with-otel.yaml: METRIC_OTEL_ENABLED=true, OTLP_ENDPOINT to a collector it runs)
_TESTS = re.compile(
    r"test|[-.]ci[-.]|e2e|[-.](?:otel|monitoring|metrics|tracing|grafana|prometheus)[-.]", re.I
)


def _image_name(image: object) -> str | None:
    """``ghcr.io/owner/app:1.2`` → ``app``."""
    if not isinstance(image, str) or "$" in image:
        return None
    last = image.split("@")[0].rsplit("/", 1)[-1]
    return last.split(":")[0].lower().replace("_", "-") or None


def _own_names(tree: Tree, folder: str) -> set[str]:
    """The names the project publishes its image under: its package's, its folder's."""
    names = {posixpath.basename(folder) if folder else Path(tree.root).resolve().name}
    package = tree.json(join(folder, "package.json")) or {}
    if isinstance(package.get("name"), str):
        names.add(package["name"].rsplit("/", 1)[-1])
    project = (tree.toml(join(folder, "pyproject.toml")) or {}).get("project")
    if isinstance(project, dict) and isinstance(project.get("name"), str):
        names.add(project["name"])
    return {n.lower().replace("_", "-") for n in names if n}


def _dev_first(name: str) -> tuple[int, str]:
    """Development variants first, production ones last."""
    lower = name.lower()
    return (2 if re.search(r"prod|release|deploy", lower) else 0 if "dev" in lower else 1, name)


def _above(folder: str, contexts: list[str | None]) -> str | None:
    """The nearest of ``contexts`` that holds ``folder`` (below it), or None."""
    found = [c for c in contexts if c is not None and folder and (c == "" or folder.startswith(c + "/"))]
    return max(found, key=len) if found else None


def _env_files(tree: Tree, where: str, service: dict[str, Any], given: set[str]) -> Iterator[Setting]:
    """The values of the files a service's ``env_file:`` names (django-cms-quickstart's
    ``.env-local``: DEBUG, DOMAIN), below its ``environment:``, which wins over them; a file
    the project keeps out of git through its template beside it (``common.dist``)."""
    listed = service.get("env_file")
    for entry in [listed] if isinstance(listed, (str, dict)) else listed if isinstance(listed, list) else []:
        path = entry.get("path") if isinstance(entry, dict) else entry
        rel = (
            posixpath.normpath(join(where, path))
            if isinstance(path, str) and not path.startswith("/")
            else ""
        )
        text = tree.text(rel) if rel and not rel.startswith("..") else None
        if text is None and rel and not rel.startswith(".."):
            # env.d/development/common, git-ignored: its template common.dist (joanie's)
            text = next((t for s in _TEMPLATES if (t := tree.text(rel + s)) is not None), None)
        for key, raw in dotenv_lines(text or ""):
            if key not in given and (value := dotenv_value(raw)) and "$" not in value:
                given.add(key)
                yield Setting(key, value, rel)


def compose_port(tree: Tree, folder: str) -> Sourced[int] | None:
    """The container port the project's own compose file publishes first for the app's
    service (wildduck's `"8080:8080"`, `127.0.0.1:8080:80`, `{target: 80}`): where it listens."""
    for _where, rel, service in _app_services(tree, folder):
        ports = service.get("ports")
        for entry in ports if isinstance(ports, list) else ():
            target = entry.get("target") if isinstance(entry, dict) else str(entry).rsplit(":", 1)[-1]
            m = re.fullmatch(r"(\d{2,5})(?:/tcp)?", str(target).strip())
            if m and 0 < int(m.group(1)) < 65536:
                return Sourced(int(m.group(1)), rel, "ports")
    return None
