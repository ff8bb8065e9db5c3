"""What the folders above the inspected one say, when advisor runs in one app folder of a
larger repository: ``backend/`` of a repository whose ``.env.example`` and compose file sit
at its root. Only those few files of each folder are read (its top level, not its tree)."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from .common import env_example_files
from .composefile import compose_engines, main_compose_files
from .dotenv import dotenv_lines, dotenv_value
from .facts import Setting, Sourced
from .tree import Tree, written_by_advisor

MAX_UP = 3  # how many folders up the repository's root may be


def _builds(tree: Tree, name: str) -> bool:
    """Whether a compose file of this folder builds its subfolder ``name``."""
    pattern = re.compile(rf"""(?:build|context)\s*:\s*['"]?(?:\./)?{re.escape(name)}/?['"]?\s*$""", re.M)
    return any(pattern.search(tree.text(rel) or "") for rel in main_compose_files(tree, [""]))


def enclosing(folder: Path) -> list[tuple[str, Tree]]:
    """The folders above ``folder`` in the same repository, nearest first, each as its path
    relative to ``folder`` (``..``) and an index of its top level: up to the repository's
    root (the nearest folder with ``.git``); without one within MAX_UP levels, the parent
    alone when its compose file builds ``folder``. None when ``folder`` is a root itself."""
    try:
        here = folder.resolve()
    except OSError:
        return []
    if (here / ".git").exists():
        return []
    parents = list(here.parents[:MAX_UP])
    root = next((i for i, parent in enumerate(parents) if (parent / ".git").exists()), None)
    if root is None:
        if not parents:
            return []
        tree = Tree(parents[0], max_depth=0, max_entries=5000)
        return [("..", tree)] if _builds(tree, here.name) else []
    return [
        ("/".join([".."] * level), Tree(parent, max_depth=0, max_entries=5000))
        for level, parent in enumerate(parents[: root + 1], start=1)
    ]


def outer_settings(outer: list[tuple[str, Tree]]) -> tuple[Setting, ...]:
    """The settings the env examples above define, with their example values, named by
    their path from the inspected folder (``../.env.example``), nearest folder first."""
    found: dict[tuple[str, str], Setting] = {}
    for up, tree in outer:
        for rel in env_example_files(tree, ""):
            text = tree.text(rel)
            if text is None or written_by_advisor(text):
                continue
            source = f"{up}/{rel}"
            for name, raw in dotenv_lines(text):
                found.setdefault((name, source), Setting(name, dotenv_value(raw), source))
    return tuple(found.values())


def outer_engines(outer: list[tuple[str, Tree]]) -> tuple[Sourced[str], ...]:
    """The database engines the compose files above run (``../docker-compose.yml``)."""
    found: list[Sourced[str]] = []
    for up, tree in outer:
        for engine in compose_engines(tree, main_compose_files(tree, [""])):
            found.append(Sourced(engine.value, f"{up}/{engine.source}", engine.detail))
    return tuple(found)


def workspace_root(outer: list[tuple[str, Tree]], folder: Path) -> Sourced[str] | None:
    """The npm, yarn or pnpm workspace above that lists ``folder`` as a member: its
    dependencies on the other members install only from there. The value is the folder's
    path inside the workspace (``packages/server``); the source, the file that lists it."""
    here = folder.resolve()
    for up, tree in outer:
        try:
            rel = here.relative_to(Path(tree.root).resolve()).as_posix()
        except (OSError, ValueError):
            continue
        data = tree.json("package.json") or {}
        listed = data.get("workspaces")
        patterns = listed.get("packages") if isinstance(listed, dict) else listed
        source = f"{up}/package.json"
        if not isinstance(patterns, list):
            docs = tree.yaml_docs("pnpm-workspace.yaml")
            patterns = docs[0].get("packages") if docs and isinstance(docs[0], dict) else None
            source = f"{up}/pnpm-workspace.yaml"
        if isinstance(patterns, list) and any(
            isinstance(p, str) and fnmatch.fnmatchcase(rel, p.removeprefix("./").rstrip("/"))
            for p in patterns
        ):
            return Sourced(rel, source)
    return None
