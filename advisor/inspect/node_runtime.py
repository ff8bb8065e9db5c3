"""The Node version a project asks for, and where it says so."""

from __future__ import annotations

import re
from typing import Any

from . import versions
from .common import get_path, in_folder_or_above
from .dockerfile_base import dockerfile_base_version
from .facts import RuntimeVersion
from .node_workspace import workspace_of
from .tree import Tree, join

# node-sass's last Node line per major release (its release notes' support tables): it has
# no build for a newer line, and its libsass does not compile there.
_NODE_SASS_LAST = {4: 14, 5: 14, 6: 16, 7: 16, 8: 18, 9: 20}


def node_runtime(tree: Tree, folder: str, data: dict[str, Any]) -> RuntimeVersion | None:
    """The Node version the project asks for, held at the last line its node-sass builds on
    (when the project's own range allows that line)."""
    return _node_sass_cap(_asked(tree, folder, data), data, join(folder, "package.json"))


def _node_sass_cap(
    runtime: RuntimeVersion | None, data: dict[str, Any], pkg_rel: str
) -> RuntimeVersion | None:
    sections = [data.get(s) for s in ("dependencies", "devDependencies")]
    spec = next(
        (s["node-sass"] for s in sections if isinstance(s, dict) and isinstance(s.get("node-sass"), str)), ""
    )
    last = _NODE_SASS_LAST.get(int(m.group())) if (m := re.search(r"\d+", spec)) else None
    if last is None:
        return runtime
    if runtime is not None:
        tag = versions.parse_version(runtime.image_tag or "")
        check = versions.parse_constraint(runtime.constraint)
        if (tag and tag[0] <= last) or (check is not None and not check((last, 99, 99))):
            return runtime  # an older line already, or one the project's range rules out
    return RuntimeVersion("node", f"node-sass@{spec}", str(last), False, pkg_rel, "node-sass")


def _asked(tree: Tree, folder: str, data: dict[str, Any]) -> RuntimeVersion | None:
    """The Node version the project asks for: .nvmrc/.node-version (here or above), volta,
    engines.node (the member's, else its workspace root's), .tool-versions. A version file
    that engines.node rules out is a stale one (bigcapital's .nvmrc says 14.20, its engines
    16–18 and its lockfile needs pnpm 8): engines, which the package managers enforce, wins."""
    engines = _engines(tree, folder, data)
    for name in (".nvmrc", ".node-version"):
        rel = in_folder_or_above(tree, folder, (name,))
        if rel is not None and (text := tree.text(rel)) and text.strip():
            chosen = versions.choose("node", text.strip().splitlines()[0].strip(), rel)
            if engines is None or _allows(engines, chosen):
                return chosen
            return _stale(engines, chosen)
    pkg_rel = join(folder, "package.json")
    volta = get_path(data, "volta", "node")
    if isinstance(volta, str):
        return versions.choose("node", volta, pkg_rel, "volta.node")
    # (a workspace member's: its own image's, else the workspace's, bytestash's root Dockerfile)
    workspace = workspace_of(tree, folder)
    base = dockerfile_base_version(tree, folder, "node") or (
        dockerfile_base_version(tree, workspace.root, "node") if workspace is not None else None
    )
    own = versions.choose("node", base.value.split(".")[0], base.source, base.detail) if base else None
    if engines is not None:
        # the line the project's own image runs on, when the range allows it (dockge's
        # `>= 22.14.0` and `FROM node:22`: its native modules build on 22, not on 24)
        return own if own is not None and own.supported and _allows(engines, own) else engines
    rel = in_folder_or_above(tree, folder, (".tool-versions",))
    if (
        rel is not None
        and (text := tree.text(rel))
        and (m := re.search(r"^(?:nodejs|node)\s+(\S+)", text, re.M))
    ):
        return versions.choose("node", m.group(1), rel)
    # else the line the project's own image runs on (trilium's `FROM node:18.18.2-alpine`, whose
    # pinned better-sqlite3 builds on Node 18, not on the newest line)
    return own


def _engines(tree: Tree, folder: str, data: dict[str, Any]) -> RuntimeVersion | None:
    """engines.node: the member's, else its workspace root's."""
    engines = get_path(data, "engines", "node")
    if isinstance(engines, str) and engines.strip():
        return versions.choose("node", engines, join(folder, "package.json"), "engines.node")
    if folder and (top := in_folder_or_above(tree, folder.rpartition("/")[0], ("package.json",))):
        # a workspace member says nothing: the root's engines (turborepo's `"node": ">=25"`)
        top_data = tree.json(top) or {}
        root = get_path(top_data, "engines", "node")
        # (npm and yarn list the members in package.json; pnpm in pnpm-workspace.yaml beside it)
        listed = isinstance(top_data.get("workspaces"), (list, dict))
        pnpm = tree.has(join(top.rpartition("/")[0], "pnpm-workspace.yaml"))
        if isinstance(root, str) and root.strip() and (listed or pnpm):
            return versions.choose("node", root, top, "engines.node")
    return None


def _allows(engines: RuntimeVersion, chosen: RuntimeVersion) -> bool:
    """Whether the version file's choice satisfies engines.node (or either is not understood)."""
    check = versions.parse_constraint(engines.constraint)
    version = versions.parse_version(chosen.image_tag or "")
    if check is None or version is None:
        return True
    return check(version + (99, 99)[: max(0, 3 - len(version))])


def _stale(engines: RuntimeVersion, file: RuntimeVersion) -> RuntimeVersion:
    """engines.node's line, saying which version file it overrules."""
    return RuntimeVersion(
        "node",
        f"{engines.constraint} ({file.source} says {file.constraint}, outside it)",
        engines.image_tag,
        engines.supported,
        engines.source,
        engines.detail,
    )
