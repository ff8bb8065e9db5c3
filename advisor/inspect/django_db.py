"""Django's own word on its database: the ``DATABASES`` setting. A project whose settings
keep SQLite (the startproject default, ``BASE_DIR / "db.sqlite3"``) and read no database
setting from the environment uses no database server, whatever drivers its requirements
list (djangox lists psycopg for a PostgreSQL block it leaves commented out)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .facts import EnvVar
from .schema import live_code

_ENGINE = re.compile(r"""['"]ENGINE['"]\s*:\s*['"]django\.db\.backends\.(\w+)['"]""")
# A DATABASES entry the environment sets: dj-database-url, django-environ's env.db(), or a
# connection value read from the environment (os.environ, getenv, decouple's config).
_FROM_ENV = re.compile(
    r"dj_database_url\.|\benv\.db(?:_url)?\(|['\"](?:ENGINE|NAME|HOST|USER|PASSWORD)['\"]\s*:\s*"
    r"(?:os\.environ|os\.getenv|getenv|config\(|env\()"
)


def sqlite_settings(texts: Mapping[str, str], env_vars: Iterable[EnvVar]) -> str:
    """The settings file whose DATABASES keeps SQLite, when every live DATABASES in the code
    does, none is set from the environment and the app reads no database variable; ""
    otherwise."""
    if any(v.role.startswith("database") for v in env_vars):
        return ""
    found = ""
    for rel, text in texts.items():
        if "DATABASES" not in text:
            continue
        code = live_code("python", text)
        if _FROM_ENV.search(code):
            return ""
        engines = set(_ENGINE.findall(code))
        if engines - {"sqlite3"}:
            return ""
        if engines and not found:
            found = rel
    return found
