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

from .common import get_path, source_files
from .dockerfile_paths import own_dockerfiles
from .facts import PackageManager
from .tree import Tree, join

# The names an extra meant for running the app in production goes by.
PRODUCTION_EXTRAS = frozenset({"production", "prod", "deploy", "deployment", "server", "web"})


# What running the app takes: its server, framework, ORM and migrations, database drivers and
# cache client. An extra that holds one of them the main dependencies lack is installed too
# (byceps' `wsgiserver = ["uwsgi"]`, fmn's Poetry extras `api` and `postgresql`).
_RUNS_THE_APP = frozenset(
    {
        *("uwsgi", "pyuwsgi", "gunicorn", "uvicorn", "hypercorn", "waitress", "daphne", "granian"),
        *("fastapi", "flask", "django", "starlette", "litestar", "quart", "sanic", "aiohttp", "tornado"),
        *("sqlalchemy", "alembic", "psycopg2", "psycopg2-binary", "psycopg", "asyncpg", "pymysql"),
        *("mysqlclient", "aiomysql", "asyncmy", "redis"),
    }
)
# Extras for working on the project, never for running it.
_NOT_FOR_RUNNING = re.compile(r"dev|test|doc|lint|typ|check|bench|example|build", re.I)
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _names(specs: Any) -> set[str]:
    return {
        m.group(1).lower().replace("_", "-")
        for spec in (specs if isinstance(specs, list) else [])
        if isinstance(spec, str) and (m := _NAME.match(spec))
    }


def _extras(data: dict[str, Any]) -> dict[str, set[str]]:
    """Each extra's package names: [project.optional-dependencies] and Poetry's [tool.poetry.extras]."""
    found: dict[str, set[str]] = {}
    for table in (
        get_path(data, "project", "optional-dependencies"),
        get_path(data, "tool", "poetry", "extras"),
    ):
        for name, specs in table.items() if isinstance(table, dict) else ():
            found.setdefault(str(name), set()).update(_names(specs))
    return found


def production_extras(data: dict[str, Any]) -> tuple[str, ...]:
    """The extras the image installs, as the project spells them: those named for production,
    and those holding what runs the app (_RUNS_THE_APP) that the main dependencies lack."""
    poetry = get_path(data, "tool", "poetry", "dependencies")
    main = _names(get_path(data, "project", "dependencies")) | {
        str(n).lower().replace("_", "-")
        for n, spec in (poetry.items() if isinstance(poetry, dict) else ())
        if not (isinstance(spec, dict) and spec.get("optional") is True)
    }
    return tuple(
        name
        for name, packages in _extras(data).items()
        if name.lower() in PRODUCTION_EXTRAS
        or (not _NOT_FOR_RUNNING.search(name) and (packages & _RUNS_THE_APP) - main)
    )


def production_groups(data: dict[str, Any]) -> tuple[str, ...]:
    """The PEP 735 dependency groups for production beside a [project] table (bitcart's
    `[dependency-groups] web`: the server, the database driver)."""
    groups = data.get("dependency-groups")
    if "project" not in data or not isinstance(groups, dict):
        return ()
    return tuple(str(n) for n in groups if str(n).lower() in PRODUCTION_EXTRAS)


def poetry_groups(data: dict[str, Any]) -> tuple[str, ...]:
    """Poetry's dependency groups that `poetry install` installs by default (not `optional =
    true`) and that are not for development, tests or docs: MyFinances' `django` group holds
    Django and gunicorn, which `--only main` alone would leave out, and its settings import
    stubs its `mypy` group installs (its own image installs all but `dev`)."""
    groups = get_path(data, "tool", "poetry", "group")
    return tuple(
        str(name)
        for name, group in (groups.items() if isinstance(groups, dict) else ())
        if isinstance(group, dict)
        and group.get("optional") is not True
        and not _NOT_FOR_RUNNING.search(str(name))
    )


def production_specs(data: dict[str, Any]) -> list[str]:
    """The requirements those extras and groups list (a Poetry extra's, by name)."""
    optional = get_path(data, "project", "optional-dependencies")
    poetry = get_path(data, "tool", "poetry", "extras")
    extras = production_extras(data)
    found = [optional.get(n) for n in extras] if isinstance(optional, dict) else []
    found += [poetry.get(n) for n in extras] if isinstance(poetry, dict) else []
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
    groups += poetry_groups(data) if pm.name == "poetry" else ()
    groups += image_default_groups(tree, folder, data) if pm.name == "uv" else ()
    return dataclasses.replace(pm, extras=extras, groups=groups) if extras or groups else pm


# `uv sync` with no flag that leaves uv's default groups out
_UV_SYNC = re.compile(r"\buv\s+sync\b([^\n&;|]*)")
_NO_DEFAULTS = ("--no-dev", "--only-group", "--no-default-groups", "--no-group")
# or the image's environment says so for every uv command (`ENV UV_NO_DEV=1`)
_NO_DEFAULTS_ENV = re.compile(r"\bUV_NO_(?:DEV|DEFAULT_GROUPS)\s*[=\s]\s*['\"]?(?:1|true|yes)\b", re.I)


def image_default_groups(tree: Tree, folder: str, data: dict[str, Any]) -> tuple[str, ...]:
    """uv's default groups (`[tool.uv] default-groups`, else `dev`) when the project's own
    image installs them: its `uv sync` leaves them in (saleor's `uv sync --locked
    --no-install-project --no-editable`), and its code may import them as it runs (saleor's
    plugins load its test fixtures, which import pytest)."""
    declared = data.get("dependency-groups")
    defaults = get_path(data, "tool", "uv", "default-groups")
    names = defaults if isinstance(defaults, list) else ["dev"]
    found = tuple(str(n) for n in names if isinstance(declared, dict) and n in declared)
    # (the image's word first: the code is read only when an image keeps the groups)
    kept = bool(found) and any(_keeps_groups(text) for _, text in own_dockerfiles(tree, folder))
    return found if kept and _imports_tests(tree, folder) else ()


def _keeps_groups(dockerfile: str) -> bool:
    """Whether the image's `uv sync` steps all keep uv's default groups."""
    syncs = [m.group(1) for m in _UV_SYNC.finditer(dockerfile.replace("\\\n", " "))]
    kept = all(not any(f in s for f in _NO_DEFAULTS) for s in syncs)
    return bool(syncs) and kept and not _NO_DEFAULTS_ENV.search(dockerfile)


# from ...account.tests.fixtures.user import dangerously_create_test_user: relative, or from a
# package of the project's own (not django.test, rest_framework.test)
_FROM_TESTS = re.compile(r"^\s*from\s+([\w.]*?\btests?\b[\w.]*)\s+import\b", re.M)


def _imports_tests(tree: Tree, folder: str) -> bool:
    """Whether the app's own code (not its tests) imports from a test package, whose modules
    import the test tools (pytest) the dev group brings."""
    for rel in source_files(tree, folder, (".py",), limit=2000):
        parts = rel.split("/")
        if {"tests", "test"} & set(parts[:-1]) or parts[-1].startswith("test") or parts[-1] == "conftest.py":
            continue
        for m in _FROM_TESTS.finditer(text) if "test" in (text := tree.text(rel) or "") else ():
            top = m.group(1).split(".")[0]  # "" for a relative import
            if not top or any(tree.has_dir(join(folder, f"{b}{top}")) for b in ("", "src/")):
                return True
    return False


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


def scm_version_files(tree: Tree, folder: str) -> tuple[str, ...]:
    """The version module setuptools-scm (``version_file``, ``write_to``) or hatch-vcs
    (``version-file``) writes from git as the project installs, when the tree lacks it (lando's
    src/lando/version/__init__.py, which its code imports): relative to the app's folder."""
    pyproject = tree.toml(join(folder, "pyproject.toml")) or {}
    found = [
        get_path(pyproject, "tool", "setuptools_scm", "version_file"),
        get_path(pyproject, "tool", "setuptools_scm", "write_to"),
        get_path(pyproject, "tool", "hatch", "build", "hooks", "vcs", "version-file"),
    ]
    return tuple(
        dict.fromkeys(
            f.removeprefix("./")
            for f in found
            if isinstance(f, str) and f.endswith(".py") and ".." not in f and not tree.has(join(folder, f))
        )
    )
