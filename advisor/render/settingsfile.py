"""The settings file the app reads that the project keeps only as a template (byceps'
``config/config.toml.example``, bookbrainz's ``config/config.json.example``): the image makes
it from the template, a variable the app reads names it, and compose.yaml mounts a copy whose
database and Redis settings are those of its services (the template's marks, filled in).
"""

from __future__ import annotations

import re

from ..buildspec import BuildPlan
from ..settingsfile import SETTINGS_SECRET
from ..setup import Setup
from .composeyaml import required_ref

APP_SETTINGS_CONFIG = "app-settings"
_MARK = re.compile(r"@@advisor:(\w+):(.*?)@@")
_ENGINES = {
    "postgres": ("postgres", "postgresql"),
    "mysql": ("mysql", "mariadb"),
    "mariadb": ("mysql", "mariadb"),
}


def copies(build: BuildPlan) -> tuple[tuple[str, str], ...]:
    """(template, file) for the Dockerfile, which makes the file unless the checkout has it."""
    template = build.config_template
    return ((template[1], template[2]),) if len(template) == 4 else ()


def filled(setup: Setup) -> tuple[str, str] | None:
    """(content, where it is mounted) of the file with the services' settings in it: Compose
    fills in .env's credentials (every other ``$`` is doubled, so it stays as the template has
    it). None when the template names no setting of a service these files run."""
    template = setup.build.config_template
    db = setup.database if setup.database is not None and setup.database.in_container else None
    cache = setup.cache
    secret = any(v.name == SETTINGS_SECRET for v in setup.env)
    if len(template) != 4 or not template[3] or (db is None and cache is None and not secret):
        return None

    def value(m: re.Match[str]) -> str:
        role, original = m.group(1), m.group(2)
        if role == "secret":
            return required_ref(SETTINGS_SECRET) if secret else original
        if role.startswith("redis_") and cache is not None:
            port = str(cache.spec.port)
            if role == "redis_url":
                index = re.search(r"/(\d+)$", original)
                return f"redis://{cache.service}:{port}/{index.group(1) if index else 0}"
            return cache.service if role == "redis_host" else port
        if db is None or role.startswith("redis_"):
            return original
        spec = db.spec
        if role == "sqlite":
            return ""  # the database server instead
        if role == "db_engine":  # the engine's word in the template's own form (django.db.backends.mysql)
            word = {"postgres": "postgresql"}.get(spec.key, spec.key)
            return re.sub(r"postgres(?:ql)?|mysql|mariadb", word, original, count=1, flags=re.I)
        if role == "db_url":
            scheme = original.split("://", 1)[0]
            if scheme.split("+", 1)[0] not in _ENGINES.get(spec.key, ()):
                return original
            user, password, name = (
                required_ref(v) for v in (spec.user_var, spec.password_var, spec.name_var)
            )
            return f"{scheme}://{user}:{password}@{db.host}:{db.port}/{name}"
        return {
            "db_host": db.host,
            "db_port": str(db.port),
            "db_user": required_ref(spec.user_var),
            "db_password": required_ref(spec.password_var),
            "db_name": required_ref(spec.name_var),
        }.get(role, original)

    # (leading tabs as spaces: compose.yaml can then hold the copy as a block it shows as is)
    text = re.sub(r"^\t+", lambda m: "    " * len(m.group(0)), template[3], flags=re.M)
    content = _MARK.sub(value, text.replace("$", "$$"))
    return content, f"{setup.build.app_home}/{template[2]}"
