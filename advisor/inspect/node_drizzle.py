"""drizzle-kit's migrations: whether the project keeps any in its config's `out` folder, and
the release step when no script of the project runs drizzle-kit."""

from __future__ import annotations

import posixpath
import re

from .facts import Command
from .tree import Tree, join

_DRIZZLE_CONFIGS = tuple(f"drizzle.config.{x}" for x in ("ts", "js", "mjs", "cjs", "mts", "json"))
_DRIZZLE_OUT = re.compile(r"""\bout\s*:\s*['"]([^'"]+)['"]""")


def _config(tree: Tree, folder: str) -> str | None:
    return next((join(folder, n) for n in _DRIZZLE_CONFIGS if tree.has(join(folder, n))), None)


def drizzle_migrations(tree: Tree, folder: str, config: str | None = None) -> bool | None:
    """Whether drizzle-kit's `out` folder holds migrations; None without a drizzle config."""
    config = config or _config(tree, folder)
    if config is None:
        return None
    m = _DRIZZLE_OUT.search(tree.text(config) or "")
    out = posixpath.normpath(join(folder, (m.group(1) if m else "drizzle").removeprefix("./")))
    return tree.has(join(out, "meta/_journal.json")) or any(n.endswith(".sql") for n in tree.names(out))


def drizzle_release(tree: Tree, folder: str, deps: dict[str, str]) -> Command | None:
    """drizzle-kit with its config and no script that runs it (the README does): its
    migrations (`drizzle-kit migrate`) when the config's `out` folder (drizzle/ by default)
    holds some, else the schema pushed as it is (`drizzle-kit push`)."""
    config = _config(tree, folder)
    if config is None or "drizzle-kit" not in deps:
        return None
    journal = drizzle_migrations(tree, folder, config)
    return Command(("drizzle-kit", "migrate" if journal else "push"), config, "drizzle-kit")
