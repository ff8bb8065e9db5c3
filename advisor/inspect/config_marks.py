"""Where a settings file's template gives the database and Redis connection: each such value
replaced by a mark (``@@advisor:db_host@@``) that the renderer fills in with the db service's
host, port and .env's credentials. Read line by line, by the file's format (TOML and INI
sections, YAML indentation, JSON objects), keeping everything else, comments included.

byceps' ``config.toml.example``: ``[database]`` with host, port, username, password and
database, and ``[redis] url = "redis://127.0.0.1:6379/0"``; bookbrainz's
``config.json.example``: ``"database": {"connection": {"host": …, "user": …}}`` and
``"session": {"redis": {"host": …}}``.
"""

from __future__ import annotations

import re

MARK = "@@advisor:{}:{}@@"  # the role, then the template's own value (used without the service)
# A section (or any enclosing one) that holds the database's connection, or Redis's.
_DB_SECTIONS = frozenset(
    {"database", "db", "postgres", "postgresql", "pg", "mysql", "mariadb", "sql", "sqlalchemy", "datasource"}
)
_REDIS_SECTIONS = frozenset({"redis", "cache", "valkey"})
_ROLES = {
    "host": "host",
    "hostname": "host",
    "server": "host",
    "port": "port",
    "user": "user",
    "username": "user",
    "password": "password",
    "pass": "password",
    "passwd": "password",
    "database": "name",
    "dbname": "name",
    "db_name": "name",
    "database_name": "name",
    "name": "name",
}
# a database URL (with a driver: postgresql+psycopg://) or Redis's, as a whole value
_DB_URL = re.compile(r"(postgres(?:ql)?|mysql|mariadb)(\+[\w-]+)?://[^\s'\"]*")
_REDIS_URL = re.compile(r"rediss?://[^\s'\"]*")
# A signing key with no value, or an example one ("Something here!", "change-me")
_SECRETS = frozenset({"secret_key", "secret", "session_secret", "app_secret", "cookie_secret", "secretkey"})
_EXAMPLE = re.compile(r"(?i)change|something|here|example|secret|xxx|your|todo|replace")
_FLAT = re.compile(
    r"(db|database|postgres|postgresql|mysql|pg|redis)_(host|port|user|username|password|name|engine)"
)
_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*(?:[#;].*)?$")
_KEY_VALUE = {
    "ini": re.compile(r"^(\s*)([\w.-]+)(\s*[=:]\s*)(.*?)(\s*(?:[#;].*)?)$"),
    "toml": re.compile(r"^(\s*)([\w.-]+)(\s*=\s*)(\".*?\"|'.*?'|[^\s#]+)(\s*(?:#.*)?)$"),
    "yaml": re.compile(r"^(\s*)([\w.-]+)(\s*:\s*)(\".*?\"|'.*?'|[^#\s][^#]*?)?(\s*(?:#.*)?)$"),
    "json": re.compile(r"^(\s*)\"([^\"]+)\"(\s*:\s*)(\".*?\"|[^,{\[\s]+|\{|\[)(.*)$"),
}
_FORMATS = {".toml": "toml", ".ini": "ini", ".cfg": "ini", ".conf": "ini", ".yaml": "yaml", ".yml": "yaml"}


def file_format(name: str) -> str | None:
    for suffix, kind in (*_FORMATS.items(), (".json", "json")):
        if name.endswith(suffix):
            return kind
    return None


def marked(text: str, kind: str) -> str:
    """The template with the connection's values marked; "" when it gives none of them."""
    out: list[str] = []
    path: list[tuple[int, str]] = []  # (indent or depth, key) of the enclosing sections
    depth = 0  # JSON's nesting
    placed = False
    pattern = _KEY_VALUE[kind]
    lines = text.splitlines(keepends=True)
    for at, line in enumerate(lines):
        body = line.rstrip("\r\n")
        end = line[len(body) :]
        stripped = body.strip()
        if not stripped or stripped.startswith(("#", ";", "//")):
            out.append(line)
            continue
        if kind in ("toml", "ini") and (header := _HEADER.match(body)):
            path = [(0, part.strip().strip("\"'").lower()) for part in header.group(1).split(".")]
            out.append(line)
            continue
        if kind == "json":
            closing = stripped.startswith(("}", "]"))
            if closing:
                depth -= 1
                path = [p for p in path if p[0] < depth]
                out.append(line)
                continue
        m = pattern.match(body)
        if m is None:
            out.append(line)
            continue
        indent, key, sep, value, rest = m.group(1), m.group(2), m.group(3), m.group(4) or "", m.group(5)
        if kind == "yaml":
            level = len(indent)
            path = [p for p in path if p[0] < level]
            below = next((n for n in lines[at + 1 :] if n.strip() and not n.lstrip().startswith("#")), "")
            if not value and len(below) - len(below.lstrip()) > level:  # a mapping opens, not a null
                path.append((level, key.lower()))
                out.append(line)
                continue
        if kind == "json" and value in ("{", "["):
            if rest.count("}") + rest.count("]") > rest.count("{") + rest.count("["):
                out.append(line)  # opened and closed on this line
                continue
            path.append((depth, key.lower()))
            depth += 1
            out.append(line)
            continue
        new = _mark(value, key.lower(), [p[1] for p in path])
        placed = placed or new != value
        sep = sep.rstrip() + " " if new and not value else sep  # `DB_PASSWORD:` given a value
        out.append(f"{indent}{key if kind != 'json' else chr(34) + key + chr(34)}{sep}{new}{rest}{end}")
    return "".join(out) if placed else ""


def _mark(value: str, key: str, sections: list[str]) -> str:
    quote = value[0] if value[:1] in ("'", '"') and value.endswith(value[0]) and len(value) > 1 else ""
    inner = value[1:-1] if quote else value
    if "@@" in inner:
        return value
    if _DB_URL.fullmatch(inner):
        return f"{quote}{MARK.format('db_url', inner)}{quote}"
    if _REDIS_URL.fullmatch(inner):
        return f"{quote}{MARK.format('redis_url', inner)}{quote}"
    if re.fullmatch(r"sqlite\w*", key) and inner and inner not in ("null", "~", "false", "False"):
        # Hyperion's `SQLITE_DB: app.db`: SQLite instead of the database server, while set
        return f"{quote}{MARK.format('sqlite', inner)}{quote}"
    if key.replace("-", "_") in _SECRETS and (quote or not inner) and (not inner or _EXAMPLE.search(inner)):
        return f"{quote}{MARK.format('secret', inner)}{quote}"  # a signing key left to set
    role = _ROLES.get(key.replace("-", "_"))
    words = {w for s in sections for w in re.split(r"[._-]", s)}
    if flat := _FLAT.fullmatch(key):  # jumpserver's top-level DB_HOST, DB_ENGINE, REDIS_PORT
        words, role = (
            {"redis" if flat.group(1) == "redis" else "db"},
            _ROLES.get(flat.group(2), flat.group(2)),
        )
        if role == "engine":
            engine = inner.lower().rsplit(".", 1)[-1]
            known = engine in ("postgresql", "postgres", "mysql", "mariadb")
            return f"{quote}{MARK.format('db_engine', inner)}{quote}" if known else value
    if role is None or (role == "name" and key == "name" and not words & {"database", "db", "connection"}):
        return value
    if words & _DB_SECTIONS:
        prefix = "db"
    elif words & _REDIS_SECTIONS and role in ("host", "port"):
        prefix = "redis"
    else:
        return value
    if role == "port":
        return f"{quote}{MARK.format(prefix + '_port', inner)}{quote}" if inner.isdigit() else value
    if not quote and value not in ("null", "~", "") and not re.fullmatch(r"[\w.@-]+", value):
        return value  # a value of its own kind (a list, an expression): left as it is
    mark = MARK.format(f"{prefix}_{role}", inner)
    if quote:
        return f"{quote}{mark}{quote}"
    return f'"{mark}"' if value == "null" else mark  # (JSON's null becomes a string)
