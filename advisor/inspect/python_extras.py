"""The optional dependencies a pyproject.toml keeps for running the app in production.

Many apps leave the server, the database driver and the cache client out of their main
dependencies and list them under an extra meant for deployment (ethical-ad-server's
``[project.optional-dependencies] production``: gunicorn, psycopg, django-redis). The image
installs that extra (``.[production]``, ``uv sync --extra production``, Poetry's
``--extras``, PDM's ``-G``), and its packages count as the app's: its database is found
from them. And the version a package that takes it from git (setuptools-scm) is told.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .common import get_path
from .facts import PackageManager
from .tree import Tree, join

# The names an extra meant for running the app in production goes by.
PRODUCTION_EXTRAS = frozenset({"production", "prod", "deploy", "deployment", "server", "web"})


def production_extras(data: dict[str, Any]) -> tuple[str, ...]:
    """The production extras [project.optional-dependencies] declares, as it spells them."""
    optional = get_path(data, "project", "optional-dependencies")
    if not isinstance(optional, dict):
        return ()
    return tuple(str(n) for n in optional if str(n).lower() in PRODUCTION_EXTRAS)


def production_groups(data: dict[str, Any]) -> tuple[str, ...]:
    """The PEP 735 dependency groups for production beside a [project] table (bitcart's
    `[dependency-groups] web`: the server, the database driver)."""
    groups = data.get("dependency-groups")
    if "project" not in data or not isinstance(groups, dict):
        return ()
    return tuple(str(n) for n in groups if str(n).lower() in PRODUCTION_EXTRAS)


def production_specs(data: dict[str, Any]) -> list[str]:
    """The requirements those extras and groups list."""
    optional = get_path(data, "project", "optional-dependencies")
    found = [optional.get(n) for n in production_extras(data)] if isinstance(optional, dict) else []
    found += [data["dependency-groups"].get(n) for n in production_groups(data)]
    return [s for specs in found if isinstance(specs, list) for s in specs if isinstance(s, str)]


def with_extras(tree: Tree, folder: str, pm: PackageManager | None) -> PackageManager | None:
    """The package manager, with the production extras it installs, when it installs the
    project from its pyproject.toml (not a requirements file, not Pipfile)."""
    if pm is None or pm.name not in ("pip", "uv", "poetry", "pdm"):
        return pm
    if pm.name == "pip" and any(not m.endswith("pyproject.toml") for m in pm.manifests):
        return pm
    data = tree.toml(join(folder, "pyproject.toml")) or {}
    extras = production_extras(data)
    # pip before 25.1 has no --group: the groups for the tools that install them
    groups = production_groups(data) if pm.name != "pip" else ()
    return dataclasses.replace(pm, extras=extras, groups=groups) if extras or groups else pm


def workspace_members(tree: Tree, folder: str, data: dict[str, Any]) -> tuple[str, ...]:
    """The pyproject.toml files of the uv workspace members the app's own pyproject.toml
    lists (`[tool.uv.workspace] members = ["agent"]`, globs `packages/*` too): uv reads them all
    to check the lockfile, before the code is copied."""
    members = get_path(data, "tool", "uv", "workspace", "members")
    found: list[str] = []
    for pattern in members if isinstance(members, list) else ():
        if not isinstance(pattern, str) or ".." in pattern or pattern.startswith("/"):
            continue
        parent = pattern.rstrip("/").partition("*")[0].rstrip("/")
        folders = (
            [join(parent, d) for d in tree.subdirs(join(folder, parent))] if "*" in pattern else [parent]
        )
        found += [
            join(folder, f"{f}/pyproject.toml")
            for f in folders
            if tree.has(join(folder, f"{f}/pyproject.toml"))
        ]
    return tuple(dict.fromkeys(found))[:50]


# Build backends that take the package's version from git: setuptools-scm, and hatch-vcs and
# setuptools-git-versioning's like, which read setuptools-scm's variable too (hatch-vcs does).
_SCM_BACKENDS = re.compile(r"^(?:setuptools[-_]scm|hatch[-_]vcs)\b", re.I)


def scm_version_env(tree: Tree, folder: str) -> tuple[tuple[str, str], ...]:
    """``SETUPTOOLS_SCM_PRETEND_VERSION`` for a package whose version comes from git: the
    image's .dockerignore leaves .git out, and setuptools-scm stops the install with "unable
    to detect version" unless told one (none when the project sets a fallback version)."""
    pyproject = tree.toml(join(folder, "pyproject.toml"))
    requires = get_path(pyproject, "build-system", "requires") if pyproject is not None else None
    if not isinstance(requires, list) or not any(
        isinstance(r, str) and _SCM_BACKENDS.match(r) for r in requires
    ):
        return ()
    text = tree.text(join(folder, "pyproject.toml")) or ""
    if re.search(r"^\s*fallback[-_]version\s*=", text, re.M):
        return ()
    return (("SETUPTOOLS_SCM_PRETEND_VERSION", "0.0.0"),)
