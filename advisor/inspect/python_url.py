"""The scheme of the database URL a Python app is given: SQLAlchemy's driver suffix
(``postgresql+asyncpg://``), Tortoise ORM's ``postgres://``, or the form the code tests."""

from __future__ import annotations

import re

from .facts import Dependency, Sourced

_SCHEME_TEST = re.compile(r"""\.startswith\(\s*['"](postgres|postgresql|mysql|mariadb)://['"]""")
_ADDS_DRIVER = re.compile(
    r"""replace\(\s*['"](?:postgres(?:ql)?|mysql)://['"]\s*,\s*['"](?:postgres(?:ql)?|mysql)\+"""
)
# The SQLAlchemy URL scheme for each driver (used when an SQLAlchemy-family ORM is present).
URL_SCHEMES = {
    "psycopg": "postgresql+psycopg",
    "psycopg-binary": "postgresql+psycopg",
    "psycopg2": "postgresql+psycopg2",
    "psycopg2-binary": "postgresql+psycopg2",
    "asyncpg": "postgresql+asyncpg",
    "pg8000": "postgresql+pg8000",
    "mysqlclient": "mysql+mysqldb",
    "pymysql": "mysql+pymysql",
    "mysql-connector-python": "mysql+mysqlconnector",
    "aiomysql": "mysql+aiomysql",
    "asyncmy": "mysql+asyncmy",
    "mariadb": "mariadb+mariadbconnector",
    "aiosqlite": "sqlite+aiosqlite",
}
SQLALCHEMY_FAMILY = ("sqlalchemy", "sqlmodel", "flask-sqlalchemy", "databases", "fastapi-sqlalchemy")


def url_scheme(
    driver: Dependency | None, names: set[str], texts: dict[str, str], dep_source: dict[str, str]
) -> Sourced[str] | None:
    """SQLAlchemy (also one a dependency brings: rdiffweb's code imports it, through
    cherrypy-foundation) picks its driver from the URL's suffix; `databases`, drivers given the
    URL, and code that adds the driver itself (db_url.replace(...)) take the plain scheme."""
    sa = names & (set(SQLALCHEMY_FAMILY) - {"databases"}) or any(
        "sqlalchemy import" in t for t in texts.values()
    )
    plain = any(
        _ADDS_DRIVER.search(t) or ("databases" in names and "databases import" in t) for t in texts.values()
    )
    if driver is not None and sa and not plain:
        return Sourced(URL_SCHEMES[driver.name], driver.source, driver.name)
    if "tortoise-orm" in names:
        # Tortoise ORM's db_url names PostgreSQL `postgres://` (it refuses `postgresql://`).
        return Sourced("postgres", dep_source["tortoise-orm"], "tortoise-orm")
    # The code tells the URL's scheme apart (url.startswith("postgres://")): the form it tests.
    found = ((m.group(1), rel) for rel, text in texts.items() if (m := _SCHEME_TEST.search(text)))
    return next((Sourced(value, rel, "startswith") for value, rel in found), None)
