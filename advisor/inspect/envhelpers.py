"""The project's own helpers around the environment: a function whose first parameter names
the variable it reads (``def envbool(name, default): ... os.getenv(name)``), and the ones that
pass that parameter on to such a function."""

from __future__ import annotations

import re

_PY_DEF = re.compile(r"^def\s+(\w+)\(\s*(\w+)[^)]*\)[^:]*:\n((?:[ \t]+.*\n|[ \t]*\n)+)", re.M)


def py_env_helpers(text: str) -> list[str]:
    """Module-level functions that look their first parameter up in the environment, or pass it
    on to one that does (PeeringDB's set_option(name, ...) → _set_option(name, ...) → environ)."""
    defs = [(m.group(1), re.escape(m.group(2)), m.group(3)) for m in _PY_DEF.finditer(text)]
    lookup = r"(?:getenv|environ\.get|environ\.setdefault)\(\s*{p}\b|environ\[\s*{p}\s*\]"
    found = [name for name, p, body in defs if re.search(lookup.format(p=p), body)]
    while found:
        calls = "|".join(map(re.escape, found))
        passes = [(n, re.search(rf"\b(?:{calls})\(\s*{p}\s*[,)]", body)) for n, p, body in defs]
        more = [n for n, passed in passes if passed and n not in found]
        if not more:
            break
        found += more
    return found
