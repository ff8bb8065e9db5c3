"""package.json files that make no Node app of their folder."""

from __future__ import annotations

import re
from typing import Any

from .node_frameworks import FRAMEWORKS
from .node_start import ENTRY_FILES
from .tree import Tree, join

# A package.json that only says how Node reads the folder's files (puter's extensions/:
# `{"type": "commonjs"}` beside TypeScript the root's build compiles)
_MARKER_KEYS = frozenset({"type", "private", "sideEffects", "license", "imports"})


def no_app(tree: Tree, folder: str, data: dict[str, Any], deps: Any, scripts: dict[str, Any]) -> bool:
    """A static site's asset tooling (see _asset_tooling), a phone app (Expo, React Native:
    it runs on no server), or a module-type marker."""
    marker = bool(data) and not set(data) - _MARKER_KEYS  # (an empty `{}` is a Node project begun)
    if marker and not any(tree.has(join(folder, e)) for e in ENTRY_FILES):
        return True  # (a server of Node's own modules, server.js beside it, is still an app)
    return _asset_tooling(tree, folder, data, deps, scripts) or "expo" in deps or "react-native" in deps


def _asset_tooling(tree: Tree, folder: str, data: dict[str, Any], deps: Any, scripts: dict[str, Any]) -> bool:
    """A package.json that only rebuilds a static site's assets (a Bootstrap theme's gulp
    or Sass tasks): an index.html beside it, the built CSS and scripts committed, and no
    framework, no build of its own, no Node entry file and no ``main`` the project has."""
    main = data.get("main")
    return (
        tree.has(join(folder, "index.html"))
        and not any(dep in deps for dep, *_ in FRAMEWORKS)
        and "build" not in scripts
        and not any(tree.has(join(folder, e)) for e in ENTRY_FILES)
        and not (isinstance(main, str) and tree.has(join(folder, main)))
    )


def starts_own_file(tree: Tree, folder: str, data: dict[str, Any]) -> bool:
    """A workspace's root that is itself the app: its start script runs a file of its own, in
    no member's folder (puter's `"start": "node ./tools/start.mjs"` beside `"workspaces":
    ["src/*"]`), not a member's start through the workspace tool."""
    scripts = data.get("scripts")
    start = scripts.get("start") if isinstance(scripts, dict) else None
    m = re.fullmatch(r"\s*node\s+(?:--?[\w-]+(?:=\S+)?\s+)*\.?/?([\w./-]+\.[cm]?js)\s*", start or "")
    if m is None or not tree.has(join(folder, m.group(1))):
        return False
    globs = data.get("workspaces")
    globs = globs.get("packages") if isinstance(globs, dict) else globs
    members = [g.split("*", 1)[0].rstrip("/") for g in globs or () if isinstance(g, str)]
    return not any(m.group(1).startswith(p + "/") for p in members if p)
