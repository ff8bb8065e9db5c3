"""Python dependencies: requirements files with their -r/-c includes, PEP 621 and poetry
dependencies, the package manager and lockfile, and the runtime version."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Any

from ..nativepackages import PYTHON_REQUIRES
from .common import get_path, in_folder_or_above
from .dockerfile_pip import dockerfile_requirements, readme_requirements, uv_frozen
from .facts import Dependency, PackageManager
from .own_metadata import own_metadata
from .python_extras import poetry_groups, production_specs, workspace_members
from .python_local import local_path
from .python_setup import (
    canonical,
    group_specs,
    project_dependencies,
    self_install,
    setup_requirements,
)
from .tree import Tree, join

REQUIREMENTS_ENTRIES = (
    *("requirements.txt", "requirements/production.txt", "requirements/prod.txt", "requirements/base.txt"),
    *(
        "requirements/main.txt",
        "requirements/common.txt",
        "requirements/requirements.txt",
        "requirements-prod.txt",
        # a top-level family of files (liberapay's requirements_base.txt beside requirements_setup.txt)
        *(
            f"requirements{sep}{n}.txt"
            for n in ("production", "prod", "base", "common", "main")
            for sep in "_-"
        ),
    ),
)
# A requirement that installs the project's own code (`.`, `-e .`, `./pkg`): its sources come
# before the install (RuoYi's requirements.txt ends with `.`).
_LOCAL_REQUIREMENT = re.compile(r"^(?:-e\s+)?(?:\.{1,2}(?:/\S*)?|file:\S+)(?:\[[^\]]*\])?\s*$", re.M)

IMPLIED = {
    ("fastapi", "standard"): ("uvicorn", "fastapi-cli"),
    ("fastapi", "all"): ("uvicorn",),
    # SQLAlchemy's and the databases package's extras name the driver they install.
    ("sqlalchemy", "postgresql"): ("psycopg2",),
    ("sqlalchemy", "postgresql-psycopg2binary"): ("psycopg2-binary",),
    ("psycopg", "c"): ("psycopg-c",),
    ("sqlalchemy", "postgresql-psycopg"): ("psycopg",),
    ("sqlalchemy", "postgresql-psycopgbinary"): ("psycopg-binary",),
    ("sqlalchemy", "postgresql-asyncpg"): ("asyncpg",),
    ("sqlalchemy", "postgresql-pg8000"): ("pg8000",),
    ("sqlalchemy", "asyncio"): (),
    # PyMySQL's rsa extra: cryptography, for MySQL 8's caching_sha2_password sign-in
    ("pymysql", "rsa"): ("cryptography",),
    ("aiomysql", "rsa"): ("cryptography",),
    ("sqlalchemy", "mysql"): ("mysqlclient",),
    ("sqlalchemy", "pymysql"): ("pymysql",),
    ("sqlalchemy", "aiomysql"): ("aiomysql",),
    ("sqlalchemy", "asyncmy"): ("asyncmy",),
    ("sqlalchemy", "mariadb-connector"): ("mariadb",),
    ("databases", "postgresql"): ("asyncpg",),
    ("databases", "asyncpg"): ("asyncpg",),
    ("databases", "mysql"): ("aiomysql",),
    ("sqlmodel", "postgresql"): ("psycopg2",),
    # Invenio's database module (rero-ils, InvenioRDM: `invenio-db[postgresql]`), on SQLAlchemy
    ("invenio-db", "postgresql"): ("psycopg2-binary", "sqlalchemy"),
    ("invenio-db", "mysql"): ("pymysql", "sqlalchemy"),
    ("celery", "redis"): ("redis",),
    ("django", "redis"): (),
}


_REQ_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[([^\]]*)\])?")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def _requirement_files(tree: Tree, entry: str) -> tuple[list[tuple[str, str, set[str]]], list[str]]:
    """Requirements from ``entry`` and the files it includes: ([(name, file, extras)], files)."""
    reqs: list[tuple[str, str, set[str]]] = []
    files: list[str] = []
    pending = [(entry, True)]
    while pending and len(files) < 20:
        rel, is_requirements = pending.pop(0)
        if rel in files:
            continue
        text = tree.text(rel)
        if text is None:
            continue
        files.append(rel)
        base = rel.rpartition("/")[0]
        for raw in text.splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            include = re.match(r"^(-r|--requirement|-c|--constraint)[=\s]*(\S+)", line)
            if include:
                target = _normpath(join(base, include.group(2)))
                if target is not None:
                    pending.append((target, include.group(1) in ("-r", "--requirement") and is_requirements))
                continue
            if not is_requirements:
                continue
            if (local := local_path(tree, base, line)) is not None:  # local wheels, package folders
                files += [local] if local not in files else []
                continue
            if "git+" in line:  # pip clones it with the git program (see stacks.PYTHON_NATIVE)
                reqs.append(("git+", rel, set()))
            egg = _EGG.search(line)
            if egg:
                reqs.append((canonical(egg.group(1)), rel, set()))
                continue
            if line.startswith("-") or "://" in line:
                continue
            m = _REQ_NAME.match(line)
            if m:
                extras = {e.strip().lower() for e in (m.group(3) or "").split(",") if e.strip()}
                reqs.append((canonical(m.group(1)), rel, extras))
    return reqs, files


def _included(tree: Tree, rel: str) -> list[str | None]:
    """The files the requirements file includes (``-r``), as paths in the tree (None for one
    outside it)."""
    base = rel.rpartition("/")[0]
    lines = re.finditer(r"^\s*(?:-r|--requirement)[=\s]*(\S+)", tree.text(rel) or "", re.M)
    return [_normpath(join(base, m.group(1))) for m in lines]


def _includes_missing(tree: Tree, rel: str) -> bool:
    """Whether the requirements file includes (``-r``) a file the tree does not have."""
    return any(target is not None and not tree.has(target) for target in _included(tree, rel))


def requirement_names(tree: Tree, rel: str) -> list[str]:
    """The packages a requirements file and the files it includes name."""
    return [name for name, _, _ in _requirement_files(tree, rel)[0]]


def _normpath(rel: str) -> str | None:
    parts: list[str] = []
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _pep508(spec: str) -> tuple[str, set[str]] | None:
    m = _REQ_NAME.match(spec.strip())
    if not m:
        return None
    extras = {e.strip().lower() for e in (m.group(3) or "").split(",") if e.strip()}
    return canonical(m.group(1)), extras


def python_dependencies(tree: Tree, folder: str) -> tuple[list[Dependency], list[str]]:
    """Declared dependencies (with implied ones) and the requirement files read."""
    raw: list[tuple[str, str, set[str]]] = []
    req_files: list[str] = []
    # the first of the usual names, else the one the project's Dockerfile installs (read only then);
    # that one too when the first includes a missing file (cla_backend's stale requirements.txt)
    entry = next((r for e in REQUIREMENTS_ENTRIES if tree.has(r := join(folder, e))), None)
    if entry is not None and _includes_missing(tree, entry):
        entry = dockerfile_requirements(tree, folder) or entry
    elif (
        entry is not None
        and (own := dockerfile_requirements(tree, folder))
        and own != entry
        and entry in _included(tree, own)
    ):
        entry = own  # the file the project's image installs, which adds to it (carpadi-api's dev.txt)
    if (
        entry := entry or dockerfile_requirements(tree, folder) or readme_requirements(tree, folder)
    ) is not None:
        found, req_files = _requirement_files(tree, entry)
        raw.extend(found)
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel)
    if data is not None:
        deps = get_path(data, "project", "dependencies") or group_specs(data)
        if isinstance(deps, list):
            deps = [*deps, *production_specs(data)]  # the extra the image installs too
            for spec in deps:
                if isinstance(spec, str) and (parsed := _pep508(spec)):
                    raw.append((parsed[0], pyproject_rel, parsed[1]))
        # the main dependencies, then the groups the image installs with them
        poetry_tables = [get_path(data, "tool", "poetry", "dependencies")]
        groups = get_path(data, "tool", "poetry", "group") or {}
        poetry_tables += [get_path(groups, g, "dependencies") for g in poetry_groups(data)]
        for poetry_deps in (t for t in poetry_tables if isinstance(t, dict)):
            for name, value in poetry_deps.items():
                if name.lower() == "python":
                    continue
                extras = set()
                if isinstance(value, dict) and isinstance(value.get("extras"), list):
                    extras = {str(e).lower() for e in value["extras"]}
                raw.append((canonical(name), pyproject_rel, extras))
    if setup := setup_requirements(tree, folder):  # setuptools' install_requires
        raw += [(parsed[0], setup[0], parsed[1]) for spec in setup[1] if (parsed := _pep508(spec))]
    pipfile_rel = join(folder, "Pipfile")
    pipfile = tree.toml(pipfile_rel)
    if pipfile is not None and isinstance(pipfile.get("packages"), dict):
        raw += [(canonical(str(name)), pipfile_rel, set()) for name in pipfile["packages"]]
    result: list[Dependency] = []
    seen: set[str] = set()
    for name, source, extras in raw:
        implied: tuple[str, ...] = PYTHON_REQUIRES.get(name, ())
        for extra in extras:
            implied += IMPLIED.get((name, extra), ())
        for n in (name, *implied):
            if n not in seen:
                seen.add(n)
                result.append(Dependency(n, source))
    return result, req_files


def _uv_line(required: Any) -> str | None:
    """The uv release (line) `[tool.uv] required-version` asks for (`==0.9.*`, `~=0.9.0`:
    0.9; `0.9.5`); None for an open range (`>=0.5`), which the default line meets."""
    m = (
        re.fullmatch(r"\s*(==|~=)?\s*v?(\d+\.\d+)(\.\d+)?(\.\*)?\s*", required)
        if isinstance(required, str)
        else None
    )
    if m is None:
        return None
    return m.group(2) if m.group(1) == "~=" or m.group(4) or not m.group(3) else m.group(2) + m.group(3)


def _local_links(tree: Tree, folder: str, data: dict[str, Any]) -> tuple[str, ...]:
    """The project's own folders ``[tool.uv] find-links`` names (not an index's address)."""
    links = get_path(data, "tool", "uv", "find-links") or ()
    paths = (
        join(folder, posixpath.normpath(link))
        for link in links
        if isinstance(link, str) and "://" not in link
    )
    return tuple(p for p in paths if tree.has_dir(p) or p in tree.output_dirs)  # (a dist/ is not walked)


def python_package_manager(tree: Tree, folder: str, req_files: list[str]) -> PackageManager | None:
    pyproject_rel = join(folder, "pyproject.toml")
    data = tree.toml(pyproject_rel) or {}
    uv_lock = in_folder_or_above(tree, folder, ("uv.lock",))
    if uv_lock is not None:
        name = get_path(data, "project", "name")
        install: tuple[str, ...] = ("uv", "sync", "--frozen", "--no-dev")
        root = uv_lock.rpartition("/")[0]
        if root != folder and isinstance(name, str) and _uv_member(tree, root, folder):
            # A uv workspace member: the workspace's lockfile and pyproject.toml sit above the
            # app's folder, so the build runs from the workspace's folder.
            install += ("--package", name)
            return PackageManager(
                "uv",
                uv_lock,
                lockfile=uv_lock,
                install=install,
                manifests=(join(root, "pyproject.toml"), uv_lock),
                workspace=root or ".",
                package=name,
            )
        return PackageManager(
            "uv",
            uv_lock,
            lockfile=uv_lock,
            install=install,
            # a workspace's root app: its members' pyproject.toml too (balrog's agent/); the local
            # folders uv finds wheels in (dejacode's `find-links = ["./thirdparty/dist"]`)
            manifests=(
                pyproject_rel,
                uv_lock,
                *workspace_members(tree, folder, data),
                *_local_links(tree, folder, data),
            ),
            version=_uv_line(get_path(data, "tool", "uv", "required-version")),
            frozen_by=uv_frozen(tree, folder),
        )
    poetry_lock = join(folder, "poetry.lock")
    declared = get_path(data, "tool", "poetry", "dependencies") or {}
    # a [tool.poetry] table that declares nothing to install (`python` alone: fastapi_rbac's,
    # beside the requirements.txt its own Dockerfile installs) is no Poetry project
    empty = not (set(declared) - {"python"}) and not get_path(data, "project", "dependencies") and req_files
    if tree.has(poetry_lock) or (isinstance(get_path(data, "tool", "poetry"), dict) and not empty):
        lock = poetry_lock if tree.has(poetry_lock) else None
        manifests = (pyproject_rel, poetry_lock) if lock else (pyproject_rel,)
        return PackageManager(
            "poetry",
            lock or pyproject_rel,
            lockfile=lock,
            install=("poetry", "install", "--only", "main", "--no-root", "--no-interaction"),
            manifests=manifests,
            self_install=own_metadata(tree, folder, data),
        )
    pipfile, pipfile_lock = join(folder, "Pipfile"), join(folder, "Pipfile.lock")
    if tree.has(pipfile):
        if tree.has(pipfile_lock):
            return PackageManager(
                "pipenv",
                pipfile_lock,
                lockfile=pipfile_lock,
                install=("pipenv", "install", "--deploy", "--system"),
                manifests=(pipfile, pipfile_lock),
            )
        return PackageManager(
            "pipenv", pipfile, install=("pipenv", "install", "--system", "--skip-lock"), manifests=(pipfile,)
        )
    pdm_lock = join(folder, "pdm.lock")
    if tree.has(pdm_lock):
        return PackageManager(
            "pdm",
            pdm_lock,
            lockfile=pdm_lock,
            install=("pdm", "install", "--prod", "--frozen-lockfile", "--no-self"),
            manifests=(pyproject_rel, pdm_lock),
            self_install=own_metadata(tree, folder, data),
        )
    tool_uv = get_path(data, "tool", "uv") or {}
    if not req_files and isinstance(tool_uv, dict) and (tool_uv.get("sources") or tool_uv.get("index")):
        # no uv.lock, but uv's own sources (Dispatcharr's torch from the PyTorch CPU index,
        # `[tool.uv.sources]`), which pip ignores: uv resolves them as it installs
        return PackageManager(
            "uv",
            pyproject_rel,
            install=("uv", "sync", "--no-dev"),
            manifests=(pyproject_rel,),
            version=_uv_line(tool_uv.get("required-version")),
        )
    if req_files:
        entry = req_files[0]
        local = entry[len(folder) + 1 :] if folder else entry
        own = next(
            (
                f"{r}: {m.group(0).strip()}"
                for r in req_files
                if (m := _LOCAL_REQUIREMENT.search(tree.text(r) or ""))
            ),
            None,
        )
        plugins, with_deps, extras = (None, False, ()) if own else self_install(tree, folder, data, req_files)
        return PackageManager(
            "pip",
            entry,
            install=("pip", "install", "--no-cache-dir", "-r", local),
            manifests=tuple(req_files),
            install_script=own,
            self_install=plugins,
            self_install_deps=with_deps,
            extras=extras,
            freeze_artifact=_freeze_artifact(tree.text(entry) or ""),
        )
    if (dependencies_only := project_dependencies(tree, folder, data)) is not None:
        return dependencies_only  # [project] with no [build-system]: no package to build
    for manifest in ("pyproject.toml", "setup.py", "setup.cfg"):
        rel = join(folder, manifest)
        if tree.has(rel) and (
            (manifest != "pyproject.toml" or "project" in data or "build-system" in data)
            and (manifest != "setup.cfg" or package_setup_cfg(tree.text(rel) or ""))
        ):
            return PackageManager(
                "pip", rel, install=("pip", "install", "--no-cache-dir", "."), manifests=(rel,)
            )
    return None


def _freeze_artifact(text: str) -> bool:
    """Whether a requirements file with no includes pins `pkg-resources==0.0.0`: `pip freeze`
    writes it in a virtualenv of Debian's or Ubuntu's python3-venv, and no index serves it
    (soMedia's requirements.txt); pip stops on it."""
    return bool(re.search(r"^pkg[-_]resources==0\.0\.0\s*$", text, re.M | re.I)) and not re.search(
        r"^\s*-[rc]\s", text, re.M
    )


def _uv_member(tree: Tree, root: str, folder: str) -> bool:
    """Whether ``folder`` is a member of the uv workspace declared in ``root``'s pyproject.toml
    (``[tool.uv.workspace] members``, glob patterns relative to ``root``, minus ``exclude``)."""
    workspace = get_path(tree.toml(join(root, "pyproject.toml")) or {}, "tool", "uv", "workspace")
    if not isinstance(workspace, dict):
        return False
    member = folder[len(root) + 1 :] if root else folder

    def matches(key: str) -> bool:
        patterns = workspace.get(key)
        if not isinstance(patterns, list):
            return False
        globs = [p.strip("/").removeprefix("./") for p in patterns if isinstance(p, str)]
        return any(fnmatch.fnmatchcase(member, g) for g in globs)

    return matches("members") and not matches("exclude")


_PACKAGE_SECTION = re.compile(r"^\[(?:metadata|options)\]", re.M)


def package_setup_cfg(text: str) -> bool:
    """Whether a setup.cfg describes a package (its [metadata] or [options]), not only the
    settings of tools (Headphones' [nosetests], flake8's, pytest's)."""
    return bool(_PACKAGE_SECTION.search(text))
