"""drizzle-kit's migrations: whether the project keeps any in its config's `out` folder, and
the release step when no script of the project runs drizzle-kit."""

from __future__ import annotations

import posixpath
import re

from .common import source_files
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


_SCRIPT_FILE = re.compile(r"(?:^|\s)(?:\./)?((?:[\w.-]+/)*[\w.-]*migrat[\w.-]*\.[cm]?[jt]s)\b")


def unkept_migrations(tree: Tree, folder: str, script: str) -> bool:
    """Whether a script applies drizzle migrations the project does not keep (its `out` folder
    is empty or ignored: they are made by `drizzle-kit generate` on a developer's machine):
    `drizzle-kit migrate`, or a file of its own that runs drizzle-orm's migrator."""
    if drizzle_migrations(tree, folder) is not False:
        return False
    if "drizzle-kit migrate" in script:
        return True
    m = _SCRIPT_FILE.search(script)
    text = tree.text(join(folder, m.group(1))) if m else None
    return text is not None and "drizzle-orm" in text and "migrator" in text


# drizzle-kit before 0.21 named the dialect in its commands (push:pg), from the config's driver.
_OLD_PUSH = {"pg": "pg", "mysql2": "mysql", "better-sqlite": "sqlite", "libsql": "sqlite", "turso": "sqlite"}


def drizzle_release(tree: Tree, folder: str, deps: dict[str, str]) -> Command | None:
    """drizzle-kit with its config and no script that runs it (the README does): its
    migrations (`drizzle-kit migrate`) when the config's `out` folder (drizzle/ by default)
    holds some, else the schema pushed as it is (`drizzle-kit push`; `push:pg` before 0.21)."""
    config = _config(tree, folder)
    if config is None or "drizzle-kit" not in deps or migrates_itself(tree, folder):
        return None
    package = tree.json(join(folder, "package.json")) or {}
    ranges = {**(package.get("dependencies") or {}), **(package.get("devDependencies") or {})}
    old = re.match(r"^[\^~>=v\s]*0\.(\d+)\.", str(ranges.get("drizzle-kit", "")))
    if drizzle_migrations(tree, folder, config):
        if old is not None and int(old.group(1)) < 21:
            return None  # no `migrate` before 0.21: drizzle-orm's migrator applies them, in the code
        return Command(("drizzle-kit", "migrate"), config, "drizzle-kit")
    driver = re.search(r"""\bdriver\s*:\s*['"]([\w-]+)['"]""", tree.text(config) or "")
    if old is not None and int(old.group(1)) < 21 and driver is not None and driver.group(1) in _OLD_PUSH:
        return Command(("drizzle-kit", f"push:{_OLD_PUSH[driver.group(1)]}"), config, "drizzle-kit")
    return Command(("drizzle-kit", "push"), config, "drizzle-kit")


# The app applies its migrations as it starts: drizzle-orm's migrator, Kysely's Migrator.
_SELF_MIGRATES = re.compile(
    r"""from\s+['"]drizzle-orm/[\w-]+/migrator['"]|require\(\s*['"]drizzle-orm/[\w-]+/migrator['"]|"""
    r"""\.migrateToLatest\(\)"""
)


def migrates_itself(tree: Tree, folder: str) -> bool:
    """Whether the app's code runs its migrations itself (tunarr's Kysely
    ``migrator.migrateToLatest()`` at start): a CLI release step would only duplicate it, and
    fail where the CLI's config reads what only the app computes (its database path)."""
    for rel in source_files(
        tree, folder, (".ts", ".js", ".mjs", ".cjs"), preferred=("db", "migrat", "database")
    ):
        name = rel.rpartition("/")[2].lower()
        if name.startswith("migrat") or "/scripts/" in f"/{rel}":
            continue  # a script run by hand or by a package script (src/migrate.ts), not the app
        text = tree.text(rel) or ""
        if "migrat" in text and _SELF_MIGRATES.search(text):
            return True
    return False
