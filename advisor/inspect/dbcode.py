"""How the app's own code makes its database connection, read without running it: over TLS
only, to a host written into the code, or (Sequelize) to no host at all."""

from __future__ import annotations

import re

from .django_hosts import databases_block
from .facts import Dependency, Service, Sourced
from .tree import Tree, join

# The app's code connects to its database over TLS without checking the certificate:
# `?sslmode=require` added to the URL, postgres.js's `ssl: "require"`, node-postgres's
# `ssl: { rejectUnauthorized: false }`, Sequelize's `ssl: { require: true }`.
# Also set by assignment (TypeORM's `extra.ssl = { rejectUnauthorized: false }`), which code
# often does only outside development: the image runs with NODE_ENV=production.
# Or chosen by a condition (`ssl: env === 'production' ? { rejectUnauthorized: false } : false`).
_DB_TLS = re.compile(
    r"""sslmode=require\b|\bssl\s*:\s*['"]require['"]"""
    # (Sequelize's dialectOptions `ssl: { require: true, rejectUnauthorized: false }`)
    r"""|\bssl\s*[:=]\s*\{[^{}]{0,120}?\b(?:rejectUnauthorized\s*:\s*false|require\s*:\s*true)"""
    # dj-database-url's config(ssl_require=True), Django's OPTIONS {"sslmode": "require"}
    r"""|\bssl_require\s*=\s*True\b|['"]sslmode['"]\s*:\s*['"]require['"]"""
    # a URL's sslmode, require unless it names one (lesspass: `.get("sslmode", ["require"])`)
    r"""|['"]sslmode['"]\s*,\s*\[?\s*['"]require['"]"""
    r"""|\bssl\s*:[^,;{}]{0,160}?\?\s*\{\s*rejectUnauthorized\s*:\s*false"""
)


def db_tls_required(texts: dict[str, str]) -> str:
    """The code file that makes the app's database connection require TLS, or "". Not a TLS
    object that only a switch of its own turns on (logchimp's `config.databaseSsl ? { ssl: {
    rejectUnauthorized: false } } : {}`); production's NODE_ENV, which the image sets, does."""
    for rel, text in texts.items():
        for m in _DB_TLS.finditer(text) if "ssl" in text else ():
            before = text[max(0, m.start() - 160) : m.start()]
            branch = re.search(r"([^;{}]*)\?\s*\{\s*$", before)
            if branch is None or re.search(r"NODE_ENV|production", branch.group(1)):
                return rel
    return ""


# A database connection written into the code: a host that is this machine, beside a password.
# (in code, or in a JSON config file the code reads: "host": "localhost")
_FIXED_HOST = re.compile(
    r"""\b(?:HOST|host|DB_HOST|hostname)['"]?\s*[:=]\s*['"](?:localhost|127\.0\.0\.1)['"]"""
)
_FIXED_PASSWORD = re.compile(r"""\b(?:PASSWORD|password|DB_PASSWORD)['"]?\s*[:=]\s*['"]""")
_READS_ENV = re.compile(r"process\.env|os\.environ|getenv|import\.meta\.env|env\(")


_NEW_SEQUELIZE = re.compile(r"\bnew\s+Sequelize\s*\(")


def db_without_host(texts: dict[str, str]) -> str:
    """The code file that makes Sequelize's connection from separate settings with no host
    among its options (``new Sequelize(process.env.DATABASE, user, password, {dialect})``):
    Sequelize then connects to localhost. "" when every call names a host or a URL, or the file
    connects with a URL whenever one is set (`new Sequelize(process.env.DATABASE_URL)`)."""
    for rel, text in texts.items():
        if re.search(r"new\s+Sequelize\(\s*process\.env\.\w*(?:URL|URI)\b", text):
            continue
        for m in _NEW_SEQUELIZE.finditer(text):
            depth, end = 1, m.end()
            while depth and end < min(len(text), m.end() + 800):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            call = text[m.end() : end]
            first = call.split(",", 1)[0]
            if (
                depth
                or "host" in call
                or "sqlite" in call
                or "://" in call
                or re.search(r"URL|URI|DSN|config\b", first)
            ):
                continue
            if call.count(",") >= 2:  # database, user, password[, options]
                return rel
    return ""


# The call that makes the connection itself (TypeORM's forRoot, a driver's pool): what it is
# given is what the app connects with, whatever other modules read from the environment.
_CONNECTS = re.compile(
    r"TypeOrmModule\.forRoot\(|new\s+DataSource\(|createConnection\(|new\s+(?:Pool|Client|Sequelize)\("
    r"|\bknex\(\s*\{|\bcreatePool\(|MikroOrmModule\.forRoot\("
)


def fixed_connection_call(texts: dict[str, str], rel: str) -> bool:
    """Whether the file that fixes the connection (db_fixed_in_code's) makes it itself."""
    return bool(rel) and bool(_CONNECTS.search(texts.get(rel, "")))


def db_fixed_in_code(texts: dict[str, str]) -> str:
    """The code file that fixes the database connection (host localhost, a password) without
    reading the environment, or ""."""
    for rel, text in texts.items():
        local = "localhost" in text or "127.0.0.1" in text
        if (
            local
            and _FIXED_HOST.search(text)
            and _FIXED_PASSWORD.search(text)
            and not _READS_ENV.search(text)
        ):
            return rel
    return ""


# The engine taken from the URL's scheme (spacebar: `type: url.split(":")[0]`, TypeORM's type,
# which knows `postgres`, not `postgresql`; its migrations folder is named after it too).
_SCHEME_AS_ENGINE = re.compile(r"""\.split\(\s*['"]:(?://)?['"]\s*\)\s*\[\s*0\s*\]""")


def scheme_as_engine(texts: dict[str, str]) -> Sourced[str] | None:
    """The URL scheme the code needs when it takes the engine's name from it: ``postgres``."""
    for rel, text in texts.items():
        if "process.env" in text and _SCHEME_AS_ENGINE.search(text):
            return Sourced("postgres", rel, "the engine named by the URL's scheme")
    return None


# A connection's database name written out beside settings read from the environment:
# Django's 'NAME': 'blogdb' in DATABASES, a Node driver's or ORM's `database: 'blogdb'` (or
# `database: process.env.NODE_ENV === 'test' ? 'blog_test' : 'blog'`: the image's one).
_PY_NAME = re.compile(r"""['"]NAME['"]\s*:\s*['"]([A-Za-z_][A-Za-z0-9_]{0,62})['"]""")
_JS_NAME = re.compile(r"""\bdatabase\s*:\s*['"`]([A-Za-z_][A-Za-z0-9_]{0,62})['"`]\s*[,}\n]""")
_JS_NAME_BY_ENV = re.compile(
    r"""\bdatabase\s*:\s*[^,\n?]*NODE_ENV[^,\n?]*\?\s*['"`](\w+)['"`]\s*:\s*['"`](\w+)['"`]"""
)
# (or a container's name written out: staycation-reservation-api's `host: 'db'`, its compose service)
_JS_ENV_HOST = re.compile(
    r"""\bhost\s*:\s*(?:process\.env\b|config\b|env\b|\w+\.env\b|\w+Config\b"""
    r"""|['"`](?:db|database|postgres|postgresql|mysql|mariadb|pg)['"`])"""
)


def literal_db_name(texts: dict[str, str], language: str) -> Sourced[str] | None:
    """The database name the app's connection settings write out, where the rest of the
    connection comes from the environment (the host at least): the db container must create
    that database, or the app's connection fails ("database blogdb does not exist"). Only one
    such name in the code counts; not SQLite's, nor a test suite's."""
    found: dict[str, str] = {}
    for rel, text in texts.items():
        if language == "python":
            block = databases_block(text) if "DATABASES" in text else None
            if block and "sqlite" not in block and re.search(r"environ|getenv|env\(|config\(", block):
                found.update({n: rel for n in _PY_NAME.findall(block) if n not in found})
        elif "database" in text and _JS_ENV_HOST.search(text):
            names = _JS_NAME.findall(text) + [
                b if "test" in a.lower() else a for a, b in _JS_NAME_BY_ENV.findall(text)
            ]
            found.update({n: rel for n in names if "test" not in n.lower() and n not in found})
        elif "MongoClient" in text and "process.env" in text:  # app-dash's client.db('app-dash')
            names = re.findall(r"""\.db\(\s*['"]([\w.-]+)['"]\s*\)""", text)
            found.update({n: rel for n in names if "test" not in n.lower() and n not in found})
    for system in ("postgres", "mysql", "template1", "information_schema"):  # the server's own
        found.pop(system, None)
    if len(found) != 1:
        return None
    name, rel = next(iter(found.items()))
    return Sourced(name, rel, "database name")


def json_configs(tree: Tree, folder: str, texts: dict[str, str]) -> dict[str, str]:
    """The project's JSON settings files the code requires (config.json beside the server:
    `require('config.json')`), by path."""
    found: dict[str, str] = {}
    for name in ("config.json", "config/default.json", "config/config.json"):
        rel = join(folder, name)
        if tree.has(rel) and any(name.rsplit("/", 1)[-1] in text for text in texts.values()):
            found[rel] = tree.text(rel) or ""
    return found


_ASYNC_DRIVERS = frozenset({"asyncpg", "aiomysql", "asyncmy", "aiosqlite"})


def engine_driver(drivers: list[Dependency], texts: dict[str, str]) -> Dependency | None:
    """The database driver the app's engine uses among several (databases[postgresql]'s
    asyncpg beside psycopg2): async when the code makes an async engine, else the sync one."""
    uses_async = any("create_async_engine" in t or "AsyncEngine" in t for t in texts.values())
    # a database server's before SQLite's (skyvern's aiosqlite beside psycopg): advisor wires a server
    drivers = sorted(drivers, key=lambda d: d.name == "aiosqlite")
    return next((d for d in drivers if (d.name in _ASYNC_DRIVERS) == uses_async), None) or next(
        iter(drivers), None
    )


# An ORM's options in the app's own code that fix its engine: TypeORM's `type: 'postgres'`,
# Sequelize's `dialect: 'mysql'`, knex's `client: 'pg'`, MikroORM's `driver`-less `type`.
_ORM_ENGINE = re.compile(
    r"""\b(?:type|dialect|client)\s*:\s*['"](postgres|postgresql|pg|mysql|mysql2|mariadb|mongodb)['"]"""
)
_ORM_KIND = {"postgresql": "postgres", "pg": "postgres", "mysql2": "mysql"}
_ORMS = re.compile(
    r"""from\s+['"](?:typeorm|sequelize|knex|@mikro-orm/[\w-]+)['"]|require\(\s*['"](?:sequelize|knex)['"]"""
)


def orm_engine(texts: dict[str, str]) -> Sourced[str] | None:
    """The one engine the app's own ORM options name, where its dependencies hold drivers for
    several (rocketadmin's server keeps its data in PostgreSQL, `type: 'postgres'`; the MySQL,
    MongoDB and other drivers of its shared code reach the databases its users administer)."""
    found: dict[str, str] = {}
    for rel, text in texts.items():
        if _ORMS.search(text):
            for m in _ORM_ENGINE.finditer(text):
                found.setdefault(_ORM_KIND.get(m.group(1), m.group(1)), rel)
    if len(found) != 1:
        return None
    kind, rel = next(iter(found.items()))
    return Sourced(kind, rel, "ORM options")


_DJANGO_ENGINE = re.compile(
    r"""['"]ENGINE['"]\s*:\s*['"]django(?:\.contrib\.gis)?\.db\.backends\.(postgresql(?:_psycopg2)?|postgis|mysql)['"]"""
)
_DJANGO_KIND = {
    "postgresql": "postgres",
    "postgresql_psycopg2": "postgres",
    "postgis": "postgres",
    "mysql": "mysql",
}


def django_engine(databases: tuple[Service, ...], texts: dict[str, str], runs: str) -> tuple[Service, ...]:
    """Of drivers for several engines, the one Django's DATABASES names: in the settings
    module the app runs with first (registrar's devstack.py: MySQL, where the pymongo of
    another feature is no database of its own), else the one every settings module names."""
    if len({d.kind for d in databases}) < 2:
        return databases
    named = [m.group(1) for m in _DJANGO_ENGINE.finditer(texts.get(runs, ""))]
    if not named:
        named = list({m.group(1) for text in texts.values() for m in _DJANGO_ENGINE.finditer(text)})
    kinds = {_DJANGO_KIND[n] for n in named}
    if len(kinds) != 1:
        return databases
    kind = kinds.pop()
    return tuple(d for d in databases if d.kind == kind) or databases
