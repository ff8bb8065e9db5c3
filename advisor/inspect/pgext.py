"""PostgreSQL extensions the app's migrations use without creating them: a function of
``uuid-ossp`` (``uuid_generate_v1mc()`` as a column's default), ``pgcrypto``'s
``gen_random_bytes``/``crypt``, ``citext``, ``pg_trgm``'s operators. The project's own
database image creates them (typescript-clean-architecture's initdb script); advisor's
PostgreSQL container creates them in the app's database, as the superuser, before the app's
first migration ("function uuid_generate_v1mc() does not exist")."""

from __future__ import annotations

import re

from .facts import AppFacts
from .tree import Tree, join

_USES = (
    (re.compile(r"\buuid_generate_v[1-5](?:mc)?\s*\("), "uuid-ossp"),
    (re.compile(r"\b(?:gen_random_bytes|gen_salt|pgp_sym_encrypt)\s*\("), "pgcrypto"),
    (re.compile(r"\bcitext\b", re.I), "citext"),
    (re.compile(r"\bgin_trgm_ops\b|\bgist_trgm_ops\b"), "pg_trgm"),
    # pgvector's columns, and the extension a migration creates (it needs a superuser, and an
    # image that has it: advisor's db service then runs pgvector's own image)
    (
        re.compile(
            r"""\bvector\(\s*\d+\s*\)|\bVectorField\(|CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?["']?vector\b""",
            re.I,
        ),
        "vector",
    ),
    (
        re.compile(
            r"""\b(?:geometry|geography)\(\s*['"]?(?:Point|Polygon|LineString|Multi\w+|Geometry)"""
            r"""|CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?["']?postgis\b|contrib\.gis\.db\.models""",
            re.I,
        ),
        "postgis",
    ),
)
# Dependencies that use an extension whatever the migrations say (Django's GIS models show in
# its migrations: django.contrib.gis.db.models.fields.PointField).
_DEPENDENCIES = {"pgvector": "vector", "geoalchemy2": "postgis"}
# words a file must hold for those patterns to match it (lower-case): no search otherwise
_WORDS = {
    "uuid-ossp": ("uuid_generate_v",),
    "pgcrypto": ("gen_random_bytes", "gen_salt", "pgp_sym_encrypt"),
    "citext": ("citext",),
    "pg_trgm": ("_trgm_ops",),
    "vector": ("vector",),
    "postgis": ("geometry", "geography", "postgis", "contrib.gis"),
}
_MIGRATION_FOLDER = re.compile(r"(?:^|/)(?:migrations?|alembic|versions|db|database|sql|schema)(?:/|$)", re.I)
_SUFFIXES = (".sql", ".js", ".ts", ".py", ".cjs", ".mjs")
_MAX_FILES = 400


def pg_extensions(tree: Tree, app: AppFacts) -> tuple[str, ...]:
    """The extensions the app's migration and schema files use, in a fixed order."""
    if not any(d.kind == "postgres" for d in app.databases):
        return ()
    found: set[str] = set()
    seen = 0
    last, wanted = None, False
    for current, name in tree.walk("" if app.path == "." else app.path):
        if current != last:  # (the walk gives a folder's files together: its name is tested once)
            last, wanted = current, _MIGRATION_FOLDER.search(current) is not None
        if not wanted or not name.endswith(_SUFFIXES):
            continue
        seen += 1
        if seen > _MAX_FILES:
            break
        text = tree.text(join(current, name)) or ""
        lower = text.lower()
        found |= {
            ext
            for pattern, ext in _USES
            if ext not in found and any(w in lower for w in _WORDS[ext]) and pattern.search(text)
        }
    found |= {_DEPENDENCIES[d.name] for d in app.dependencies if d.name in _DEPENDENCIES}
    return tuple(ext for _, ext in _USES if ext in found)
