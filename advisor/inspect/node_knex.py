"""knex's CLI as the release step: the migrations a knexfile names, unless the CLI cannot
load that knexfile or the app runs them itself as it starts."""

from __future__ import annotations

import posixpath
import re

from .facts import Command
from .tree import Tree, join

# The knexfile's migrations folder: `migrations: { directory: "./src/db/migrations" }`.
_KNEX_MIGRATIONS = re.compile(r"migrations\s*:\s*\{[^}]*?directory\s*:\s*['\"]([^'\"]+)['\"]", re.S)


_JS_FILES = (".js", ".mjs", ".cjs", ".ts")


def knex_release(tree: Tree, folder: str, knexfile: str | None, deps: dict[str, str]) -> Command | None:
    """``knex migrate:latest`` for a project whose knexfile names a migrations folder (or
    keeps the default ``migrations/``) that holds migrations, when no script runs them (its
    README or a shell script does): the knex CLI finds the knexfile in the app's folder."""
    if knexfile is None or "knex" not in deps or not knexfile.endswith((".js", ".cjs")):
        return None
    at = knexfile.rpartition("/")[0]  # the CLI runs in the knexfile's folder
    text = tree.text(knexfile) or ""
    esm = re.search(r'"type"\s*:\s*"module"', tree.text(join(at, "package.json")) or "")
    if knexfile.endswith(".js") and esm and re.search(r"\bmodule\.exports\b|\brequire\(", text):
        return None  # CommonJS in an ES module package: the CLI cannot load it (nginx-proxy-manager's)
    code = (tree.text(join(at, n)) or "" for n in tree.names(at) if n.endswith(_JS_FILES))
    if any(".migrate.latest(" in t for t in code):
        return None  # the app migrates itself as it starts (`db().migrate.latest(...)`)
    # (a knexfile that takes its settings from elsewhere: the usual folders of the app)
    named = _KNEX_MIGRATIONS.findall(text)
    places = [join(at, f.removeprefix("./")) for f in named or ["migrations"]]
    places += (
        []
        if named
        else [join(folder, d) for d in ("db/migrations", "database/migrations", "src/db/migrations")]
    )
    own = knexfile[len(folder) + 1 :] if folder else knexfile
    argv = ("knex", "migrate:latest") if "/" not in own else ("knex", "--knexfile", own, "migrate:latest")
    for place in places:
        rel = posixpath.normpath(place)
        if not rel.startswith("..") and any(n.endswith((".js", ".cjs")) for n in tree.names(rel)):
            return Command(argv, knexfile, "knexfile migrations")
    return None
