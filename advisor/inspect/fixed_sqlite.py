"""A database the app's own settings keep in SQLite: Django's ``DATABASES`` (the
startproject default, ``BASE_DIR / "db.sqlite3"``) or Flask-SQLAlchemy's
``SQLALCHEMY_DATABASE_URI = 'sqlite:///' + ...``. Settings that keep SQLite and read no
database setting from the environment use no database server, whatever drivers the
requirements list (djangox lists psycopg for a PostgreSQL block it leaves commented out)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .config_literal import server_connection, settings_file_server
from .django_hosts import databases_block
from .envroles import reads_database
from .facts import EnvVar, Service, Sourced
from .schema import live_code
from .tree import Tree

_ENGINE = re.compile(r"""['"]ENGINE['"]\s*:\s*['"]django\.(?:contrib\.gis\.)?db\.backends\.(\w+)['"]""")
_GIS_ENGINES = {"spatialite": "sqlite3", "postgis": "postgresql"}  # GeoDjango's, by the database


def engines_of(code: str) -> set[str]:
    """The Django database backends the code's settings name (``sqlite3``, ``postgresql``…),
    GeoDjango's by the database under them (posio's ``spatialite``: ``sqlite3``)."""
    return {_GIS_ENGINES.get(e, e) for e in _ENGINE.findall(code)}


# A DATABASES entry the environment sets: dj-database-url, django-environ's env.db(), or a
# connection value read from the environment (os.environ, getenv, decouple's config).
_FROM_ENV = re.compile(
    r"dj_database_url\.|\benv\.db(?:_url)?\(|['\"](?:ENGINE|NAME|HOST|USER|PASSWORD)['\"]\s*:\s*"
    r"(?:os\.environ|os\.getenv|getenv|config\(|env\()"
)


# SQLALCHEMY_DATABASE_URI = 'sqlite:///' + os.path.join(basedir, 'app.db') (or "...": ... in a dict)
_SQLALCHEMY_URI = re.compile(r"""\bSQLALCHEMY_DATABASE_URI['"]?\s*[=:]\s*([^\n]+)""")
_READS_ENV = re.compile(r"\b(?:os\.environ|getenv|environ\.get|config\(|env\(|settings\.)")


# A hosting platform's own variables: settings under `if os.getenv("PLATFORM_APPLICATION_NAME")`
# hold for that platform only (its database comes from its own JSON), never in these files.
_PLATFORM_GUARD = re.compile(
    r"^([ \t]*)(?:if|elif)\b[^\n]*\b(?:PLATFORM_(?:APPLICATION_NAME|ENVIRONMENT|RELATIONSHIPS)|DYNO|"
    r"RENDER|RAILWAY_ENVIRONMENT\w*|FLY_APP_NAME|K_SERVICE|GAE_APPLICATION|GAE_ENV|VERCEL)\b[^\n]*:[ \t]*\n"
    r"(?:(?:\1[ \t]+[^\n]*|[ \t]*)\n)*",
    re.M,
)


def off_platform(code: str) -> str:
    """The code without the blocks only a hosting platform's own variables switch on."""
    return _PLATFORM_GUARD.sub("", code)


def sqlite_settings(
    texts: Mapping[str, str], env_vars: Iterable[EnvVar], framework: str | None
) -> Sourced[str] | None:
    """The settings file that keeps the app's database in SQLite, when every live setting of
    it in the code does (Django's DATABASES; Flask-SQLAlchemy's SQLALCHEMY_DATABASE_URI), none
    is set from the environment and the app reads no database variable; "" otherwise."""
    if reads_database(env_vars):
        return None
    if framework != "django":
        found = _sqlalchemy_sqlite(texts)
        return Sourced("SQLALCHEMY_DATABASE_URI", found) if found else None
    found = ""
    for rel, text in texts.items():
        # not a test suite's settings (django-oppia's settings_test.py, which manage.py runs
        # only for `test`): they keep SQLite whatever the app's do
        if "DATABASES" not in text or "test" in rel.rsplit("/", 1)[-1] or "/tests/" in f"/{rel}":
            continue
        code = off_platform(live_code("python", text))
        engines = engines_of(code)
        if _FROM_ENV.search(code) or engines - {"sqlite3"}:
            return None
        if engines and not found:
            found = rel
    return Sourced("DATABASES", found) if found else None


def _sqlalchemy_sqlite(texts: Mapping[str, str]) -> str:
    found = ""
    for rel, text in texts.items():
        if "SQLALCHEMY_DATABASE_URI" not in text:
            continue
        for value in _SQLALCHEMY_URI.findall(live_code("python", text)):
            if "sqlite" not in value or _READS_ENV.search(value):
                return ""
            found = found or rel
    return found


def django_fixed_server(texts: Mapping[str, str]) -> str:
    """The settings file whose DATABASES names a database server's connection as literals
    (Django 4 by Example: ENGINE postgresql, NAME, USER, PASSWORD, no HOST: the local socket)
    and reads nothing from the environment: no variable these files give reaches it. ""
    otherwise."""
    for rel, text in texts.items():
        if "DATABASES" not in text:
            continue
        code = live_code("python", text)
        engines = engines_of(code)
        server = engines & {"postgresql", "postgresql_psycopg2", "mysql"}
        if server and not _FROM_ENV.search(code) and re.search(r"""['"]PASSWORD['"]\s*:\s*['"]""", code):
            return rel
    return ""


_KEY_LITERAL = re.compile(r"""['"](ENGINE|NAME|USER|PASSWORD|HOST)['"]\s*:\s*['"]([^'"\n]*)['"]""")
_ENGINES = {"postgresql": "postgres", "postgresql_psycopg2": "postgres", "mysql": "mysql"}


def django_literal_server(texts: Mapping[str, str]) -> Sourced[tuple[str, str, str, str, str]] | None:
    """The connection a settings file's DATABASES writes out in literals to a database server
    that is another container, by its service name (tabbycat's settings/docker.py: host db,
    NAME, USER and PASSWORD all ``tabbycat``): (engine, host, database, user, password), when
    exactly one such connection is in the settings. The db container can be made to match
    it; a connection to localhost cannot be reached from the app's container at all."""
    found: set[tuple[str, str, str, str, str]] = set()
    where = ""
    for rel, text in texts.items():
        block = databases_block(live_code("python", text)) if "DATABASES" in text else None
        if not block or _FROM_ENV.search(block):
            continue
        values = dict(_KEY_LITERAL.findall(block))
        engine = _ENGINES.get(values.get("ENGINE", "").rpartition(".")[2], "")
        host, name, user = values.get("HOST", ""), values.get("NAME", ""), values.get("USER", "")
        password = values.get("PASSWORD", "")
        if engine and server_connection(host, name, user, password):
            found.add((engine, host, name, user, password))
            where = where or rel
    return Sourced(found.pop(), where, "DATABASES") if len(found) == 1 else None


def literal_server(
    tree: Tree,
    folder: str,
    texts: Mapping[str, str],
    fw: str | None,
    databases: Iterable[Service],
    env: Iterable[EnvVar],
) -> Sourced[tuple[str, str, str, str, str]] | None:
    """The connection in literals: Django's DATABASES, else a YAML settings file's (quarry's)."""
    if fw == "django":
        return django_literal_server(texts)
    return settings_file_server(tree, folder, texts, databases, env)


def sqlite_driver(databases: Iterable[Service], env_vars: Iterable[EnvVar]) -> Sourced[str] | None:
    """SQLite's driver beside one server's, when the app reads no database setting from the
    environment (dockge's @louislam/sqlite3 and mysql2, whose MySQL is set up in the app's own
    UI): nothing can point the app at a server these files would run, so it keeps SQLite."""
    found = list(databases)
    sqlite = next((s for s in found if s.kind == "sqlite"), None)
    servers = [s for s in found if s.kind != "sqlite"]
    if sqlite is None or not servers or reads_database(env_vars):
        return None
    return Sourced(sqlite.dependency, sqlite.source, f"driver beside {servers[0].dependency}")
