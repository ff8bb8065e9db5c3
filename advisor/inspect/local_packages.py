"""Path dependencies outside the app's folder: packages the manifest installs from a folder
beside or above the app's own, in the same repository (npm's ``"shared": "file:../shared"``,
also ``link:`` and a packed ``file:../vendor/x.tgz``). The install needs them where the
manifest says, so the image's build context holds them and the image keeps them at the same
place relative to the app."""

from __future__ import annotations

import posixpath
from typing import Any

from .common import get_path
from .tree import Tree, join

_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")


def node_local_packages(tree: Tree, folder: str, manifest: dict[str, Any]) -> tuple[str, ...]:
    """The manifest's ``file:``/``link:`` dependencies outside ``folder`` that the repository
    holds, as paths relative to the folder (``../shared``), in the manifest's order."""
    found: list[str] = []
    for section in _SECTIONS:
        deps = manifest.get(section)
        for spec in deps.values() if isinstance(deps, dict) else ():
            if not isinstance(spec, str) or not spec.startswith(("file:", "link:")):
                continue
            path = posixpath.normpath(spec.split(":", 1)[1].strip())
            rel = _beside(folder, path)
            if rel is not None and (tree.has_dir(rel) or tree.has(rel)):
                found.append(path)
    return tuple(dict.fromkeys(found))


def _beside(folder: str, path: str) -> str | None:
    """The project's path of ``path`` (normalised, relative to ``folder``) when it leaves the
    app's folder but not the repository; None inside the folder (the image has it already) or
    outside the repository (nothing here can hold it)."""
    rel = posixpath.normpath(join(folder, path))
    if not path.startswith("../") or rel.startswith("..") or rel in (".", ""):
        return None
    return rel


def python_local_packages(tree: Tree, folder: str, requirement_files: list[str]) -> tuple[str, ...]:
    """The path dependencies outside ``folder``: Poetry's ``{path = "../messages"}`` (in its
    dependencies or a group's), uv's ``[tool.uv.sources]`` ``{ path = "../lib" }`` and a
    requirements file's ``-e ../lib`` or ``../lib`` line (pip runs in the app's folder), as
    paths relative to the folder, when the repository holds them."""
    data = tree.toml(join(folder, "pyproject.toml")) or {}
    groups = get_path(data, "tool", "poetry", "group")
    tables: list[Any] = [get_path(data, "tool", "poetry", k) for k in ("dependencies", "dev-dependencies")]
    tables += [get_path(g, "dependencies") for g in groups.values()] if isinstance(groups, dict) else []
    tables.append(get_path(data, "tool", "uv", "sources"))
    paths = [
        spec["path"]
        for table in tables
        if isinstance(table, dict)
        for spec in table.values()
        if isinstance(spec, dict) and isinstance(spec.get("path"), str)
    ]
    for rel in requirement_files:
        for line in tree.lines(rel) if rel.endswith((".txt", ".in")) else ():
            words = line.split("#", 1)[0].split()
            if words[:1] == ["-e"] or words[:1] == ["--editable"]:
                words = words[1:]
            if words and words[0].startswith("../"):
                paths.append(words[0].split("[", 1)[0])
    found: list[str] = []
    for path in paths:
        path = posixpath.normpath(path.removeprefix("file:"))
        beside = _beside(folder, path)
        if beside is not None and tree.has_dir(beside):
            found.append(path)
    return tuple(dict.fromkeys(found))
