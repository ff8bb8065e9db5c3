"""What the app itself reads, by role: the inspector's findings as the variables' planner
needs them (the app's own names for its database, cache and settings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inspect.envcollect import ENGINE_NAMES

if TYPE_CHECKING:
    from .inspect import AppFacts

_ENGINE_PREFIX = re.compile(r"^(?:PG|POSTGRES|POSTGRESQL|MYSQL|MARIADB|MONGO|MONGODB|SQL)_|NAME$")


@dataclass(frozen=True, slots=True)
class AppReads:
    """The environment variables the app itself reads, by role (from the inspector)."""

    names: dict[str, tuple[tuple[str, str], ...]]
    """role -> ((name, source file), ...)"""
    allowed: dict[str, tuple[str, ...]]
    """name -> the values the app accepts, when it says."""
    url_scheme: str | None
    """The scheme the app's database library needs (postgresql+asyncpg, mysql+pymysql)."""
    typeorm: tuple[tuple[str, str], ...] | None = None
    """TypeORM 0.2's TYPEORM_* settings besides the connection, when it reads them."""
    typeorm_source: str = ""
    spring_profiles: tuple[tuple[str, str], ...] = ()
    """Spring: (``profile=engine``, file) of the profiles that configure a database server."""
    addresses: frozenset[str] = frozenset()
    """Names whose value in the project's own files is host:port (REDIS_HOST=127.0.0.1:6379)."""
    defaults: tuple[tuple[str, str], ...] = ()
    """(name, the default the code gives it) for the environment switches."""
    forms: tuple[tuple[str, str], ...] = ()
    """(name, ``hex:<bytes>`` or ``fernet``): secrets the project wants as hex digits or as a Fernet key."""
    bare_urls: frozenset[str] = frozenset()
    """Redis URL names whose values, the code's default and the project's, end at the port: the
    code adds the database number itself (bootcamp's `f'{env("REDIS_URL")}/{0}'`)."""

    def of(self, role: str) -> tuple[tuple[str, str], ...]:
        return self.names.get(role, ())


def app_reads(app: AppFacts) -> AppReads:
    """What the app reads, by role."""
    names: dict[str, tuple[tuple[str, str], ...]] = {}
    examples: dict[str, list[str]] = {}  # name -> the values the project's own files give it
    for setting in app.own_settings:
        examples.setdefault(setting.name, []).append(setting.value)
    read = {v.name for v in app.env_vars}
    for var in app.env_vars:
        given = [var.default or "", *examples.get(var.name, ())]
        if var.role == "broker_url" and any(v and not v.startswith(("redis", "valkey")) for v in given):
            continue  # a broker of another kind (amqp://): the Redis service cannot stand in
        role = var.role
        if (
            role == "database_name"
            and not _ENGINE_PREFIX.search(var.name)
            and not var.name.startswith(("TYPEORM_", "SEQUELIZE_"))  # the ORMs' name variables
            and any(v.lower() in ENGINE_NAMES for v in examples.get(var.name, ()))
        ):
            # DATABASE=postgres in the project's files: the engine, not a name (PG_DB=postgres
            # is the postgres database: its name says the engine already)
            role = "database_engine"
        if (
            role == "redis_url"
            and var.name.endswith("_URL")
            and var.name[:-4] + "_PORT" in read
            and var.name[:-4] + "_HOST" not in read  # Dispatcharr reads REDIS_HOST too: a URL
            and not any("://" in v for v in given)  # plane's REDIS_URL="redis://${REDIS_HOST}:6379/"
        ):
            role = "redis_host"  # DDD_FORUM_REDIS_URL beside DDD_FORUM_REDIS_PORT: a host and a port
        names[role] = (*names.get(role, ()), (var.name, var.source))
    pg = next((d for d in app.dependencies if d.name == "pg"), None)
    if pg is not None and "database_host" not in names and "database_url" not in names and not app.db_fixed:
        # node-postgres takes PGHOST for a connection that names no host (a knexfile's
        # { database, user, password }); else it goes to localhost, the app's own container.
        # Not for a connection the code fixes (host: 'localhost'), which PGHOST cannot change.
        names["database_host"] = (("PGHOST", f"{pg.source} (pg's default host)"),)
        # and each other part the code does not name (a bare `new Pool()` takes them all)
        for role, name in _PG_PARTS:
            names.setdefault(role, ((name, f"{pg.source} (pg's default)"),))
    scheme = app.db_url_scheme.value if app.db_url_scheme is not None else None
    typeorm = app.typeorm
    return AppReads(
        names,
        {v.name: v.allowed for v in app.env_vars if v.allowed},
        scheme,
        typeorm.value if typeorm is not None else None,
        typeorm.source if typeorm is not None else "",
        tuple((p.value, p.source) for p in app.spring_profiles),
        frozenset(s.name for s in app.own_settings if re.fullmatch(r"[\w.-]+:\d{2,5}", s.value)),
        # (the code's default, else the value the project's own files give: shhh's dev-docker)
        tuple(
            (v.name, word)
            for v in app.env_vars
            if v.role == "app_env" and (word := v.default or next(iter(examples.get(v.name, ())), ""))
        ),
        app.secret_forms,
        frozenset(
            v.name
            for v in app.env_vars
            if v.role in ("redis_url", "broker_url")
            and (given := [g for g in (v.default, *examples.get(v.name, ())) if g])
            and all(re.fullmatch(r"(?:rediss?|valkey)://[^/\s]+:\d+", g) for g in given)
        ),
    )


_PG_PARTS = (
    ("database_port", "PGPORT"),
    ("database_user", "PGUSER"),
    ("database_password", "PGPASSWORD"),
    ("database_name", "PGDATABASE"),
)
