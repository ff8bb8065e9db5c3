"""The Node version a project asks for, and where it says so."""

from __future__ import annotations

import re
from typing import Any

from . import versions
from .common import get_path, in_folder_or_above
from .facts import RuntimeVersion
from .tree import Tree, join


def node_runtime(tree: Tree, folder: str, data: dict[str, Any]) -> RuntimeVersion | None:
    """The Node version the project asks for: .nvmrc/.node-version (here or above), volta,
    engines.node (the member's, else its workspace root's), .tool-versions."""
    for name in (".nvmrc", ".node-version"):
        rel = in_folder_or_above(tree, folder, (name,))
        if rel is not None and (text := tree.text(rel)) and text.strip():
            return versions.choose("node", text.strip().splitlines()[0].strip(), rel)
    pkg_rel = join(folder, "package.json")
    volta = get_path(data, "volta", "node")
    if isinstance(volta, str):
        return versions.choose("node", volta, pkg_rel, "volta.node")
    engines = get_path(data, "engines", "node")
    if isinstance(engines, str) and engines.strip():
        return versions.choose("node", engines, pkg_rel, "engines.node")
    if folder and (top := in_folder_or_above(tree, folder.rpartition("/")[0], ("package.json",))):
        # a workspace member says nothing: the root's engines (turborepo's `"node": ">=25"`)
        top_data = tree.json(top) or {}
        root = get_path(top_data, "engines", "node")
        # (npm and yarn list the members in package.json; pnpm in pnpm-workspace.yaml beside it)
        listed = isinstance(top_data.get("workspaces"), (list, dict))
        pnpm = tree.has(join(top.rpartition("/")[0], "pnpm-workspace.yaml"))
        if isinstance(root, str) and root.strip() and (listed or pnpm):
            return versions.choose("node", root, top, "engines.node")
    rel = in_folder_or_above(tree, folder, (".tool-versions",))
    if (
        rel is not None
        and (text := tree.text(rel))
        and (m := re.search(r"^(?:nodejs|node)\s+(\S+)", text, re.M))
    ):
        return versions.choose("node", m.group(1), rel)
    return None
