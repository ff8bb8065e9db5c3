"""From facts to advisor's answers.

``suggested_answers(facts)`` maps the primary app's facts to answer keys, each with the
file it came from (``""`` when it comes from the folder's name):

* ``project_name``: the normalised name, from pyproject ``[project].name`` or poetry's
  name, package.json ``name``, ``rootProject.name``, ``artifactId``, the go module's last
  path segment; else the folder's name.
* ``language``: python, node, java, go, static; from the manifest that claimed the app.
* ``app_port``: the first port the project states (Procfile, start script, code, config
  files, an existing Dockerfile's ``EXPOSE``, ``.env.example``).
* ``database``: postgres, mysql, mariadb or mongodb when exactly one server database is
  named by a driver dependency, or, when several are, the one the URL in the project's
  ``.env.example`` names (absent when none, or several and no URL tells).
* ``cache``: redis, from a redis client dependency.

Proposed keys (no questions for them yet):

* ``runtime_version``: the image tag satisfying the project's constraint (``"3.12"``,
  ``"20"``, ``"17"``, ``"1.25"``).
* ``package_manager``: pip, poetry, uv, pipenv, pdm, npm, yarn, pnpm, bun, maven, gradle, go.
* ``start_command``: the start argv, a list of strings.
* ``app_dir``: the primary app's folder, ``"."`` for the root.
* ``framework``: django, flask, fastapi, express, nextjs, vite, create-react-app,
  spring-boot, gin…
* ``app_kind``: server, worker, spa (built with Node, its output folder served), static.

A key is absent when nothing was detected for it.
"""

from __future__ import annotations

import re
from typing import Any

from .facts import AppFacts, EnvVar, ProjectFacts, Setting

SERVER_DATABASES = ("postgres", "mysql", "mariadb", "mongodb")
_URL_ENGINES = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "mongodb": "mongodb",
}


_SELECTOR = re.compile(r"(?:CONNECTION|CLIENT|DIALECT|ENGINE|DRIVER|TYPE)$")
_CACHE_ROLES = frozenset({"redis_url", "redis_host", "redis_port", "redis_password", "broker_url"})


def _uses_a_cache_server(app: AppFacts, facts: ProjectFacts) -> bool:
    """A Redis client library alone may be for something else (a monitor that checks other
    people's Redis servers): the app names a Redis address it reads, its settings name one,
    or its compose file runs a Redis."""
    return (
        any(v.role in _CACHE_ROLES for v in app.env_vars)
        or any(
            "REDIS" in s.name.upper() or s.value.startswith(("redis://", "rediss://"))
            for s in app.own_settings
        )
        or any(e.value == "redis" for e in facts.db_engines)
        # django-redis is Django's Redis cache backend: it has no other use
        or any(d.name == "django-redis" for d in app.dependencies)
    )


_ENGINE_PREFIXES = {
    "postgres": ("PG", "POSTGRES"),
    "mysql": ("MYSQL",),
    "mariadb": ("MARIADB",),
    "mongodb": ("MONGO",),
}


def _told_a_server(app: AppFacts, facts: ProjectFacts) -> bool:
    """Whether the project runs a database server (its compose file) or a setting of the
    app's own names one."""
    return bool(facts.db_engines) or any(_named_engine(s) not in (None, "sqlite") for s in app.own_settings)


def _names_engine(var: EnvVar, kind: str) -> bool:
    """A database setting the app reads whose name says the engine (PG_HOST, MONGO_URI)."""
    head = var.name.split("_", 1)[0].rstrip("0123456789")
    return var.role.startswith("database_") and head.startswith(_ENGINE_PREFIXES.get(kind, ()))


def _named_engine(setting: Setting) -> str | None:
    """The engine a setting names: a URL's scheme (postgres://, mysql+pymysql://), or a
    selector's value (DB_CLIENT=mysql)."""
    if "://" in setting.value:
        return _URL_ENGINES.get(setting.value.partition("://")[0].partition("+")[0].lower())
    return _URL_ENGINES.get(setting.value.strip().lower()) if _SELECTOR.search(setting.name) else None


def suggested_answers(facts: ProjectFacts, app_dir: str | None = None) -> dict[str, tuple[Any, str]]:
    """Answer values detected in the project, each with its source file (see module doc): of
    the app in ``app_dir`` when one was found there (the person chose it), else the primary."""
    result: dict[str, tuple[Any, str]] = {}
    if facts.project_name is not None:
        result["project_name"] = (facts.project_name.value, facts.project_name.source)
    app = (facts.app(app_dir) if app_dir else None) or facts.primary
    if app is None:
        return result
    result["language"] = (app.language.value, app.language.source)
    result["app_dir"] = (app.path, app.markers[0] if app.markers else "")
    result["app_kind"] = (app.kind, app.markers[0] if app.markers else "")
    if app.port is not None:
        result["app_port"] = (app.port.value, app.port.source)
    databases = {s.kind: s for s in app.databases if s.kind in SERVER_DATABASES}
    prisma_file = next((s for s in app.databases if s.dependency == "prisma" and s.kind == "sqlite"), None)
    if prisma_file is not None:
        # Prisma's datasource names SQLite (anything-llm's `provider = "sqlite"`, a file URL):
        # the server drivers among the packages are for other features (vector stores, imports)
        result["database"] = ("none", prisma_file.source)
    elif len(databases) == 1:
        service = next(iter(databases.values()))
        result["database"] = (service.kind, service.source)
        # A MySQL driver, and the project's own compose file runs MariaDB: the server it runs on.
        maria = next((e for e in facts.db_engines if e.value == "mariadb"), None)
        if service.kind == "mysql" and maria is not None:
            result["database"] = ("mariadb", maria.source)
        driver = app.sqlite_settings
        if driver is not None and driver.detail.startswith("driver") and not _told_a_server(app, facts):
            # SQLite's driver beside the server's, and nothing the app reads can point it at a
            # server (dockge's MySQL is set up in its own UI, into a file in its data folder):
            # it runs on its SQLite file
            result["database"] = ("none", driver.source)
    elif len(databases) > 1:
        # Drivers for several engines (a project that supports more than one): the database
        # its own compose file runs says which one it runs with, else the example database
        # URL it documents, or the engine a selector names (TYPEORM_CONNECTION=postgres).
        compose = [(e.value, e.source) for e in facts.db_engines]
        named = [(_named_engine(s), s.source) for s in app.own_settings]
        # the code's own default URL (django-environ's DATABASE_URL=(str, "mysql://…")) or
        # engine (a settings class's DATABASE_TYPE: Literal["mysql", "postgres"] = "mysql")
        named += [
            (_named_engine(Setting(v.name, v.default, v.source)), v.source)
            for v in app.env_vars
            if v.role in ("database_url", "database_engine") and v.default
        ]
        chosen = next(((kind, source) for kind, source in (*compose, *named) if kind in databases), None)
        if chosen is None and set(databases) == {"mysql", "mariadb"}:
            # MySQL's protocol either way (Prisma's "mysql" provider, mysql2): the mariadb
            # client the project also installs names the server it runs
            chosen = ("mariadb", databases["mariadb"].source)
        if chosen is None:
            # the one engine the app's own database settings name (nullcast's PG_HOST, PG_USER
            # beside a mongoose that only a one-off script uses)
            named_by = {k for k in databases for v in app.env_vars if _names_engine(v, k)}
            if len(named_by) == 1:
                kind = named_by.pop()
                chosen = (kind, next(v.source for v in app.env_vars if _names_engine(v, kind)))
        if chosen is None and "postgres" in databases:
            # nothing decides among the engines the app supports (SecObserve: psycopg and
            # pymysql, `DATABASE_ENGINE` from the environment): PostgreSQL, not no database
            chosen = ("postgres", databases["postgres"].source)
        if chosen is not None:
            result["database"] = chosen
    if app.sqlite_settings is not None and "database" not in result:
        result["database"] = ("none", app.sqlite_settings.source)  # the settings keep SQLite
    if app.caches and _uses_a_cache_server(app, facts):
        result["cache"] = (app.caches[0].kind, app.caches[0].source)
    if app.runtime is not None and app.runtime.image_tag is not None:
        result["runtime_version"] = (app.runtime.image_tag, app.runtime.source)
    if app.package_manager is not None:
        result["package_manager"] = (app.package_manager.name, app.package_manager.source)
    if app.start is not None:
        result["start_command"] = (list(app.start.argv), app.start.source)
    if app.framework is not None:
        result["framework"] = (app.framework.value, app.framework.source)
    return result
