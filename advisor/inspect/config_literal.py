"""A database connection a settings file of the project's writes out in literals, read by an app
that takes none of it from the environment: quarry's ``default_config.yaml`` (``DB_HOST: 'db'``,
``DB_NAME``, ``DB_USER`` and ``DB_PASSWORD`` all ``quarry``), which its ``get_config()`` loads.
The db container can be made to match it, as for Django's DATABASES in literals
(fixed_sqlite.django_literal_server); the file itself stays as the project has it."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .envroles import reads_database
from .facts import EnvVar, Service, Sourced
from .tree import Tree, join

_SKIP = frozenset(
    {"node_modules", ".git", "venv", ".venv", "tests", "test", "docs", "helm", "ansible", "deploy"}
)
# DB_HOST, database_user, MYSQL_PASSWORD, POSTGRES_DB... at the top of the file, or host, user,
# password, name/database in a `database:` (`db:`, `mysql:`...) mapping
_FLAT = re.compile(
    r"(?:db|database|mysql|mariadb|postgres|postgresql|pg)_(host|user|username|password|name|db)", re.I
)
_NESTED = frozenset({"database", "db", "mysql", "mariadb", "postgres", "postgresql"})
_ROLES = {"username": "user", "db": "name", "database": "name", "dbname": "name"}
_SERVICE_HOST = re.compile(r"[a-z][a-z0-9-]{0,62}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_PASSWORD = re.compile(r"[A-Za-z0-9_.~-]{1,128}")
_ENGINES = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}


def server_connection(host: str, name: str, user: str, password: str) -> bool:
    """Whether literals name a connection to another container by its service name (not
    localhost, nor an address) with a database, a user and a password a db image can take."""
    return bool(
        _SERVICE_HOST.fullmatch(host)
        and host != "localhost"
        and _NAME.fullmatch(name)
        and _NAME.fullmatch(user)
        and _PASSWORD.fullmatch(password)
    )


def _values(data: dict[Any, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, (str, int)) and not isinstance(value, bool) and (m := _FLAT.fullmatch(str(key))):
            role = m.group(1).lower()
            found.setdefault(_ROLES.get(role, role), str(value))
        elif isinstance(value, dict) and str(key).lower() in _NESTED:
            for k, v in value.items():
                role = _ROLES.get(str(k).lower(), str(k).lower())
                if role in ("host", "user", "password", "name") and isinstance(v, (str, int)):
                    found.setdefault(role, str(v))
    return found


def settings_file_server(
    tree: Tree,
    folder: str,
    texts: Mapping[str, str],
    databases: Iterable[Service],
    env_vars: Iterable[EnvVar],
) -> Sourced[tuple[str, str, str, str, str]] | None:
    """(engine, host, database, user, password) of the one YAML settings file, loaded by the
    app's code by its name (not its tests', nor in a comment), that gives the connection to
    another container by its service name; None when several files give different ones."""
    engine = next((_ENGINES[d.kind] for d in databases if d.kind in _ENGINES), None)
    if engine is None or reads_database(env_vars):
        return None
    # the app's code, not its tests' (conftest.py, test_*.py, tests/), and not its comments
    code = "\n".join(
        re.sub(r"^\s*#.*$", "", text, flags=re.M)
        for rel, text in texts.items()
        if not re.search(r"(?:^|/)(?:tests?/|conftest\.py$|test_[^/]*\.py$|[^/]*_test\.py$)", rel)
    )
    found: dict[tuple[str, str, str, str, str], str] = {}
    for where in tree.folders(folder, depth=2, prune=_SKIP):
        for name in tree.names(where):
            if not name.endswith((".yaml", ".yml")) or not re.search(rf"['\"/]{re.escape(name)}['\"]", code):
                continue
            rel = join(where, name)
            docs = tree.yaml_docs(rel)
            values = _values(docs[0]) if docs and isinstance(docs[0], dict) else {}
            host, db, user, password = (values.get(k, "") for k in ("host", "name", "user", "password"))
            if server_connection(host, db, user, password) and user not in ("root", "postgres"):
                found.setdefault((engine, host, db, user, password), rel)
    if len(found) != 1:
        return None  # none, or several that disagree (config.yaml beside config.prod.yaml)
    ((connection, rel),) = found.items()
    return Sourced(connection, rel, posixpath.basename(rel))
