"""Lists of the variables a JavaScript app checks itself as it starts, and stops without:
SparkyFitness's `const mandatoryVars = { NAME: 'why', ... }`, then `Object.keys(mandatoryVars)
.filter((v) => !process.env[v])` and a throw when any is missing."""

from __future__ import annotations

import re

from .envcollect import Collector
from .envpydantic import balanced


def _literal(text: str, at: int) -> str:
    """The array or object literal that opens at ``at`` (its brackets matched, strings skipped)."""
    depth, quote = 0, ""
    for i in range(at, min(len(text), at + 20_000)):
        c = text[i]
        if quote:
            quote = "" if c == quote and text[i - 1] != "\\" else quote
        elif c in "'\"`":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return text[at : i + 1]
    return ""


_JS_REQUIRED_LIST = re.compile(
    r"\b(?:const|let|var)\s+\w*(?:[Rr]equired|[Mm]andatory)\w*\s*(?::[^=\n]+)?=\s*([\[{])"
)
_QUOTED_NAME = r"""['"]([A-Z][A-Z0-9_]{2,})['"]"""


def scan_required_lists(text: str, source: str, out: Collector) -> None:
    """Each name of such a list is required, whatever default another module reads it with."""
    # (the file looks the names up in process.env and throws or exits when one is missing)
    # (or the list holds the reads themselves: bloben's `{ HOST: process.env.HOST, ... }`)
    if not re.search(r"\bthrow\b|process\.exit\(", text):
        return
    for m in _JS_REQUIRED_LIST.finditer(text):
        body = _literal(text, m.end() - 1)
        if "process.env[" not in text and "process.env." not in body:
            continue
        keys = re.findall(
            r"^\s*['\"]?([A-Z][A-Z0-9_]{2,})['\"]?\s*:" if m.group(1) == "{" else _QUOTED_NAME, body, re.M
        )
        for name in keys:
            out.add(name, source, required=True)
            out.env_checked(name)


# A table of options the code reads with process.env[option.envName] (kresus' OPTIONS: {
# envName: 'PORT', configPath: ..., defaultVal: '9876' }): each option's variable, then its
# literal default (a call, null or none is no default)
_TABLE_ENV = re.compile(
    r"""\b(?:envName|envVar|envKey|env_var|envVariable)\s*:\s*['"]([A-Z][A-Z0-9_]*)['"]"""
)
_TABLE_DEFAULT = re.compile(r"""\b(?:defaultVal|defaultValue|default)\s*:\s*(['"`])([^'"`\n]*)\1""")


def scan_option_table(text: str, source: str, out: Collector) -> None:
    """The variables of such a table, with their defaults."""
    if "process.env[" not in text:
        return
    for m in _TABLE_ENV.finditer(text):
        # the option's own default: in the same object, at its own level (not a nested one's)
        start, end = _object_around(text, m.start())
        own = (d for d in _TABLE_DEFAULT.finditer(text, start, end) if _depth(text, start, d.start()) == 0)
        given = next(own, None)
        out.add(m.group(1), source, default=given.group(2) if given else None)


def _depth(text: str, start: int, at: int) -> int:
    """How many braces deeper than at ``start`` the text is at ``at``."""
    return text.count("{", start, at) - text.count("}", start, at)


def _object_around(text: str, at: int) -> tuple[int, int]:
    """The span inside the innermost ``{…}`` around ``at`` (within 3000 characters each way)."""
    depth, start = 0, max(0, at - 3000)
    for i in range(at - 1, start - 1, -1):
        depth += (text[i] == "}") - (text[i] == "{")
        if depth < 0:
            start = i + 1
            break
    depth, end = 0, min(len(text), at + 3000)
    for i in range(at, end):
        depth += (text[i] == "{") - (text[i] == "}")
        if depth < 0:
            end = i
            break
    return start, end


_JS_CONN_HOST = re.compile(r"\bhost\s*:\s*process\.env\.([A-Z][A-Z0-9_]*)")


def scan_connection_hosts(text: str, out: Collector) -> None:
    """``{ host: process.env.INSTANCE_HOST, database: ... }``: a connection object's host is
    the database's, whatever its name; not an app's settings object whose `database: {…}` is
    an inner object (bloben's `host: process.env.APP_DOMAIN` beside it)."""
    for m in _JS_CONN_HOST.finditer(text):
        start, end = text.rfind("{", 0, m.start()), _object_end(text, m.end())
        # the same object's database, or Sequelize's options' dialect (online-coding-server's
        # `new Sequelize(db, user, password, { host: process.env.DATABASE_URL, dialect: "postgres" })`)
        if re.search(r"\b(?:database|dialect)\s*:(?!\s*{)", text[start:end]):
            out.url_host(m.group(1), "postgres")


def _object_end(text: str, at: int) -> int:
    """Where the object around ``at`` ends, or an inner object starts (its brace included)."""
    ends = (text.find("}", at), text.find("{", at) + 1)
    return min((e for e in ends if e > 0), default=len(text))


# A variable's value split on spaces as it is read: Python's `os.environ.get("DJANGO_ALLOWED_HOSTS")
# .split(" ")` (or `.split()`, with a default too), JavaScript's `process.env.HOSTS.split(" ")`
_SPACE_SPLIT = re.compile(
    r"""\b(?:getenv|environ\.get|env|config)\(\s*['"]([A-Z][A-Z0-9_]*)['"][^()]*\)"""
    r"""\s*\.split\(\s*(?:['"] ['"]\s*)?\)"""
    r"""|process\.env\.([A-Z][A-Z0-9_]*)\??\.split\(\s*['"] ['"]\s*\)"""
)


def scan_space_lists(text: str, out: Collector) -> None:
    """The variables whose lists the code splits on spaces, not commas (a value written
    `localhost,127.0.0.1` would be one name)."""
    for m in _SPACE_SPLIT.finditer(text) if ".split(" in text else ():
        out.space_list(m.group(1) or m.group(2))


# A Django DATABASES entry's key read from a variable ('HOST': env('NEON_HOST')): the key says
# what the variable is, whatever its name
_DJANGO_DB_KEY = re.compile(
    r"""['"](HOST|PORT|USER|PASSWORD|NAME)['"]\s*:\s*(?:os\.)?(?:environ\.get|getenv|environ\[|env(?:\.\w+)?|config)"""
    r"""\(?\s*['"]([A-Z][A-Z0-9_]*)['"]"""
)
_DB_KEY_ROLES = {
    "HOST": "database_host",
    "PORT": "database_port",
    "USER": "database_user",
    "PASSWORD": "database_password",
    "NAME": "database_name",
}


def scan_read_shapes(text: str, out: Collector) -> None:
    """Lists split on spaces (scan_space_lists), and the variables a Django ``DATABASES``
    entry takes its connection from by key (Fur-Ever-Friends' `'HOST': env('NEON_HOST')`)."""
    scan_space_lists(text, out)
    # only the default entry's (not a read replica's: cla_backend's DATABASES['reports'] HOST)
    start = (
        re.search(r"""\bDATABASES\s*=\s*\{\s*['"]default['"]\s*:\s*(?=\{)""", text)
        if "DATABASES" in text
        else None
    )
    for m in _DJANGO_DB_KEY.finditer(balanced(text, start.end())) if start else ():
        out.connection_role(m.group(2), _DB_KEY_ROLES[m.group(1)])
