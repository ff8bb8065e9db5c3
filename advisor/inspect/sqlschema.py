"""The project's own SQL schema file, for an app that makes no tables itself and has no
migration step: the database image runs it on its first start, as the project's compose file
would mount it (PERN-Store's server/config/init.sql, mounted only in a commented-out service)."""

from __future__ import annotations

import re

from ..stacks import INITDB_DIR
from .composefile import used_database
from .facts import AppFacts, DbInit
from .tree import Tree, join

_NAMES = ("init.sql", "schema.sql", "db.sql", "database.sql", "setup.sql", "create.sql", "tables.sql")
_FOLDERS = ("", "config", "db", "database", "sql", "schema", "scripts")
_CREATES = re.compile(r"^\s*CREATE\s+TABLE\b", re.I | re.M)
_ENGINES = ("postgres", "mysql", "mariadb")


def schema_inits(tree: Tree, app: AppFacts | None) -> tuple[DbInit, ...]:
    """The schema file that creates the tables, for the one SQL engine whose driver the app
    uses without an ORM, when nothing else makes its tables (no release step, no create_all)."""
    if app is None or app.release is not None or app.schema_maker is not None or app.orm:
        return ()
    engines = {s.kind for s in app.databases if s.kind in _ENGINES}
    if len(engines) != 1:
        return ()
    engine = engines.pop()
    folder = "" if app.path == "." else app.path
    for sub in _FOLDERS:
        for name in _NAMES:
            rel = join(join(folder, sub), name)
            text = tree.text(rel) or "" if tree.has(rel) else ""
            if _CREATES.search(text) and _dialect(text) in (None, _FAMILY[engine]):
                scripts = ((rel, f"{INITDB_DIR}/{name}"),)
                return (DbInit(engine, scripts, used_database(tree, rel), rel),)
    return ()


_FAMILY = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}
_MYSQL = re.compile(r"`|\bAUTO_INCREMENT\b|\bENGINE\s*=|^\s*USE\s", re.I | re.M)
_POSTGRES = re.compile(r"\bSERIAL\b|\bpublic\.|::\w|\bCREATE\s+TYPE\b|\bBIGSERIAL\b", re.I)


def _dialect(text: str) -> str | None:
    """The SQL dialect a schema is written in, where it shows (MySQL's backticks, PostgreSQL's
    SERIAL), else None."""
    mysql, postgres = bool(_MYSQL.search(text)), bool(_POSTGRES.search(text))
    return None if mysql == postgres else "mysql" if mysql else "postgres"
