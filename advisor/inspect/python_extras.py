"""The optional dependencies a pyproject.toml keeps for running the app in production.

Many apps leave the server, the database driver and the cache client out of their main
dependencies and list them under an extra meant for deployment (ethical-ad-server's
``[project.optional-dependencies] production``: gunicorn, psycopg, django-redis). The image
installs that extra (``.[production]``, ``uv sync --extra production``, Poetry's
``--extras``, PDM's ``-G``), and its packages count as the app's: its database is found
from them.
"""

from __future__ import annotations

import dataclasses
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


def production_specs(data: dict[str, Any]) -> list[str]:
    """The requirements those extras list."""
    optional = get_path(data, "project", "optional-dependencies")
    found = (optional.get(n) for n in production_extras(data)) if isinstance(optional, dict) else ()
    return [s for specs in found if isinstance(specs, list) for s in specs if isinstance(s, str)]


def with_extras(tree: Tree, folder: str, pm: PackageManager | None) -> PackageManager | None:
    """The package manager, with the production extras it installs, when it installs the
    project from its pyproject.toml (not a requirements file, not Pipfile)."""
    if pm is None or pm.name not in ("pip", "uv", "poetry", "pdm"):
        return pm
    if pm.name == "pip" and any(not m.endswith("pyproject.toml") for m in pm.manifests):
        return pm
    extras = production_extras(tree.toml(join(folder, "pyproject.toml")) or {})
    return dataclasses.replace(pm, extras=extras) if extras else pm
