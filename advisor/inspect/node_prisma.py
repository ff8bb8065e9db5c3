"""Prisma (Node): where the schema is, which database its datasource names, and whether the
project keeps migrations (then ``prisma migrate deploy`` is its release step).

Prisma's conventions: the schema is ``prisma/schema.prisma`` (or ``schema.prisma``) unless
package.json's ``prisma.schema`` names another file or a folder of ``.prisma`` files;
``prisma migrate dev`` keeps the migrations in a ``migrations`` folder next to the schema.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from .common import get_path
from .envvars import Collector
from .facts import Command, Service, WritablePath
from .tree import Tree, join

PROVIDERS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mongodb": "mongodb",
    "sqlite": "sqlite",
    "cockroachdb": "postgres",
}
MIGRATE = ("prisma", "migrate", "deploy")
DB_PUSH = ("prisma", "db", "push")


def schema_path(tree: Tree, folder: str, data: dict[str, Any]) -> str | None:
    """The schema file (or schema folder), relative to the inspected folder."""
    declared = get_path(data, "prisma", "schema")
    if isinstance(declared, str) and declared.strip():
        rel = posixpath.normpath(join(folder, declared.strip().removeprefix("./")))
        if not rel.startswith("..") and (tree.has(rel) or tree.has_dir(rel)):
            return rel
    for name in ("prisma/schema.prisma", "schema.prisma"):
        if tree.has(join(folder, name)):
            return join(folder, name)
    # the multi-file schema's default folder (papermark's prisma/schema/*.prisma)
    where = join(folder, "prisma/schema")
    return where if any(n.endswith(".prisma") for n in tree.names(where)) else None


def _schema_files(tree: Tree, schema: str) -> list[str]:
    if not tree.has_dir(schema):
        return [schema]
    return sorted(
        join(d, n) for d, n in tree.walk(schema, frozenset({"migrations"})) if n.endswith(".prisma")
    )[:20]


def service(tree: Tree, schema: str, env: Collector) -> Service | None:
    """The datasource's database (and the variable its ``url = env("...")`` reads)."""
    for rel in _schema_files(tree, schema):
        block = _datasource(tree, rel)
        if not block:
            continue
        # url, and directUrl (the unpooled connection migrations take: papermark's
        # POSTGRES_PRISMA_URL_NON_POOLING), both the database's URL
        for url in re.finditer(r"""\b(?:url|directUrl)\s*=\s*env\(\s*["']([A-Za-z_]\w*)["']""", block):
            env.add(url.group(1), rel)
            env.database_url(url.group(1))
        provider = re.search(r"""provider\s*=\s*["'](\w+)["']""", block)
        if provider and provider.group(1) in PROVIDERS:
            return Service(PROVIDERS[provider.group(1)], "prisma", rel)
    return None


def _datasource(tree: Tree, rel: str) -> str:
    """The schema file's datasource block (not one commented out), or ""."""
    # (anything-llm's `// datasource db { provider = "postgresql"` above its SQLite one)
    text = re.sub(r"^[ \t]*//[^\n]*", "", tree.text(rel) or "", flags=re.M)
    block = re.search(r"datasource\s+\w+\s*\{([^}]*)\}", text)
    return block.group(1) if block else ""


def sqlite_file(tree: Tree, schema: str) -> str | None:
    """The SQLite file a datasource's literal ``url = "file:../data/app.db"`` names, relative to
    the inspected folder: Prisma reads the path from the schema file's folder (chibisafe's
    `file:../../../../database/database.sqlite`, the workspace's database/). None when the
    url is a variable's or the path leaves the project."""
    for rel in _schema_files(tree, schema):
        m = re.search(r"""\burl\s*=\s*["']file:([^"'?]+)["']""", _datasource(tree, rel))
        if m is not None:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(1).strip()))
            return None if path.startswith(("..", "/")) else path
    return None


def sqlite_in_image(tree: Tree, schema: str, folder: str, root: str | None) -> list[WritablePath]:
    """That file where the app's image has it: relative to the app's folder inside it; in the
    folder of the workspace (``root``) above it, under /app, where the image puts the workspace."""
    path = sqlite_file(tree, schema)
    if path is None:
        return []
    if not folder or path.startswith(folder + "/"):
        return [WritablePath(posixpath.relpath(path, folder or "."), "sqlite", schema, "Prisma SQLite url")]
    if root is not None and (not root or path.startswith(root + "/")):
        placed = f"/app/{posixpath.relpath(path, root or '.')}"
        return [WritablePath(placed, "sqlite", schema, "Prisma SQLite url")]
    return []


def package_schema(tree: Tree, packages: list[str]) -> str | None:
    """The schema of a workspace package the app imports (linkwarden's packages/prisma, which
    apps/web takes its client from)."""
    found = (schema_path(tree, p, tree.json(join(p, "package.json")) or {}) for p in packages)
    return next((s for s in found if s is not None), None)


def cli_package(tree: Tree, schema: str, folder: str) -> str:
    """The workspace package outside the app's folder whose Prisma schema and CLI make the
    client the app imports (rallly's packages/database, `prisma generate` writing
    ../generated/prisma): it generates it before the app's build. "" for the app's own."""
    if not folder or schema.startswith(folder + "/"):
        return ""
    package = posixpath.dirname(schema)
    while package and not tree.has(join(package, "package.json")):
        package = posixpath.dirname(package)
    data = (tree.json(join(package, "package.json")) or {}) if package else {}
    tools = {**(get_path(data, "dependencies") or {}), **(get_path(data, "devDependencies") or {})}
    return package if "prisma" in tools else ""


def release(tree: Tree, schema: str, folder: str = "", cli: bool = True) -> Command | None:
    """``prisma migrate deploy`` when the project keeps migrations next to its schema and the
    app has the Prisma CLI (named with ``--schema`` when the schema is a workspace package's,
    which brings the CLI)."""
    folders = [join(schema, "migrations")] if tree.has_dir(schema) else []
    folders.append(join(posixpath.dirname(schema), "migrations"))
    inside = not folder or schema.startswith(folder + "/")
    if inside and not cli:
        return None
    where = () if inside else ("--schema", posixpath.relpath(schema, folder or "."))
    for rel in folders:
        if tree.has_dir(rel):
            return Command((*MIGRATE, *where), rel, "prisma migrations")
    return None


def push(schema: str, data: dict[str, Any]) -> Command | None:
    """``prisma db push`` for a project without migrations: it makes the database match the
    schema, as the project's own set-up does, and refuses a change that would lose data.
    Before Prisma 7 it also runs ``prisma generate``, which writes into node_modules, where
    the app's user cannot write (the image made the client already): ``--skip-generate``."""
    wanted = get_path(data, "devDependencies", "prisma") or get_path(data, "dependencies", "prisma")
    if wanted is None:
        return None  # no Prisma CLI in the image
    major = re.match(r"\D*(\d+)", wanted) if isinstance(wanted, str) else None
    skip = () if major is not None and int(major.group(1)) >= 7 else ("--skip-generate",)
    return Command((*DB_PUSH, *skip), schema, "prisma db push")


def needs_openssl1(data: dict[str, Any]) -> str:
    """The Prisma range (``^3.3.0``) when it is older than 3.13, the first release with OpenSSL 3
    engines (its `prisma generate` stops at an unknown binaryTarget on current Debian), or ""."""
    for section in ("dependencies", "devDependencies"):
        for name in ("prisma", "@prisma/client"):
            wanted = get_path(data, section, name)
            m = re.match(r"\D*(\d+)\.(\d+)", wanted) if isinstance(wanted, str) else None
            if m and (int(m.group(1)), int(m.group(2))) < (3, 13):
                return str(wanted)
    return ""
