"""A Node app that migrates its own database as it starts: its migration script's CLI runs a
function the app's startup code runs too, so that script is no release step (see
migrates_itself)."""

from __future__ import annotations

import re
from typing import Any

from .facts import Command
from .tree import Tree, join

# A migration CLI file of the project's own that a script runs, and the runner it imports.
_OWN_CLI = re.compile(r"(?:^|\s)((?:\./)?[\w./-]*[Mm]igrat[\w.-]*\.(?:ts|mts|js|mjs|cjs))(?:\s|$)")
_IMPORTED = re.compile(r"""import\s*\{([^}]*)\}\s*from\s*['"]\.{1,2}/[^'"]+['"]""")


def migrates_itself(
    release: Command | None, scripts: dict[str, Any], texts: dict[str, str], folder: str
) -> bool:
    """Whether the app runs, as it starts, the migration function its migration script's own CLI
    runs (plumio: `migrate:run` runs src/db/migrate-cli.ts, whose `runMigrations` src/db/index.ts
    also calls after making a new database from its schema): the app migrates itself, and the
    CLI run first on an empty database fails, as the schema is the app's to make."""
    name = release.detail.removeprefix("scripts.") if release is not None else ""
    m = _OWN_CLI.search(str(scripts.get(name, ""))) if release is not None else None
    cli = join(folder, m.group(1).removeprefix("./")) if m else ""
    runners = [
        n.strip().split(" as ")[0]
        for i in _IMPORTED.finditer(texts.get(cli, ""))
        for n in i.group(1).split(",")
        if "igrat" in n
    ]
    calls = [re.compile(rf"^\s*(?:await\s+)?{re.escape(r)}\(", re.M) for r in runners if r]
    return any(
        rel != cli and "test" not in rel and any(c.search(t) for c in calls) for rel, t in texts.items()
    ) or (release is not None and _library_migrator(texts, cli))


# drizzle-orm's migrator (`import { migrate } from "drizzle-orm/node-postgres/migrator"`)
_MIGRATOR = re.compile(r"""from\s*['"]drizzle-orm/(?:[\w-]+/)?migrator['"]""")
_EXPORTED = re.compile(r"^export\s+(?:async\s+)?function\s+(\w+)|^export\s+const\s+(\w+)\s*=", re.M)


def _library_migrator(texts: dict[str, str], cli: str) -> bool:
    """Whether a module of the app runs its ORM's migrator in a function another module imports
    (norish's server/startup/migrations.ts: `runMigrations()` calls drizzle-orm's `migrate()` and
    server.ts awaits it as it starts): then `drizzle-kit push` before it makes the tables the
    migrations then fail to create. A script of its own (`tsx src/db/migrate.ts`) imports
    nothing from another module, and is the release step."""
    for rel, text in texts.items():
        if rel == cli or "test" in rel or not _MIGRATOR.search(text):
            continue
        names = [a or b for a, b in _EXPORTED.findall(text)]
        stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        wanted = "|".join(map(re.escape, names))
        imported = re.compile(
            rf"""import\s*\{{[^}}]*\b(?:{wanted})\b[^}}]*\}}\s*from\s*['"][./\w-]*\b{re.escape(stem)}['"]"""
        )
        if names and any(o != rel and imported.search(t) for o, t in texts.items()):
            return True
    return False


# The settings file a migration tool's command names (`-d ./typeOrm.config.ts`, `--config knexfile.js`)
_CONFIG_OPTION = re.compile(
    r"(?:^|\s)(?:-d|--dataSource|--data-source|-c|--config|--knexfile|--schema)[=\s]+['\"]?\.?/?([\w./-]+\.(?:[cm]?[jt]s|json|prisma))"
)


def missing_config(tree: Tree, folder: str, text: str) -> bool:
    """Whether the command names a settings file the repository does not have (built ones,
    under dist/ or build/, are the build's)."""
    return any(
        not f.startswith(("dist/", "build/")) and not tree.has(join(folder, f))
        for f in _CONFIG_OPTION.findall(text)
    )
