"""Reading a dotenv file as dotenv reads it: the project's own settings (not comments, not
what advisor appended below its marker), each value inside its quotes or up to an inline
comment."""

from __future__ import annotations

import re
from collections.abc import Iterator

ADVISOR_BLOCK = "# ---- added by advisor"

_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def dotenv_value(raw: str) -> str:
    """A value as dotenv reads it: inside its quotes when quoted (what follows the closing
    quote, such as a comment, dropped), else up to an inline comment (`` #``), trimmed."""
    raw = raw.strip()
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return re.split(r"\s#", raw, maxsplit=1)[0].strip()


def dotenv_lines(text: str) -> Iterator[tuple[str, str]]:
    """(name, raw value) of a dotenv file's settings that are the project's own: not comments,
    and not what advisor appended below its marker."""
    for line in text.split(ADVISOR_BLOCK, 1)[0].split("# added by advisor", 1)[0].splitlines():
        m = _DOTENV_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            yield m.group(1), m.group(2)


# sqlite:///db.sqlite3; libsql's and Prisma's file:dev.db, file:./dev.db, file:../database/app.db
# (groups: the scheme and the file's relative path, for each form)
SQLITE_URL = re.compile(
    r"(sqlite):///(?:/|\./)?((?:\.\./)*(?:[\w.-]+/)*[\w.-]+\.(?:db|sqlite3?))"
    r"|(file):(?://)?(?:\./)?((?:\.\./)*(?:[\w.-]+/)*[\w.-]+\.(?:db|sqlite3?))"
)
"""An SQLite file's URL, which holds no secret: a ``.env``'s value of that form is read."""
