"""The variables a django-configurations settings class reads through its ``values``.

``SECRET_KEY = values.SecretValue()`` reads ``DJANGO_SECRET_KEY`` (the setting's name under
the ``DJANGO_`` prefix); ``values.Value("joanie", environ_name="DB_NAME", environ_prefix=None)``
reads ``DB_NAME`` with "joanie" as its default; ``environ_name`` alone keeps the prefix
(``DJANGO_JWT_ALGORITHM``). A ``SecretValue`` has no default and stops the app without its
variable, as does ``environ_required=True``; ``environ=False`` reads nothing.
"""

from __future__ import annotations

import re

from .envcollect import Collector
from .envpydantic import balanced

# The setting a value is assigned to (at the start of its line, in its class), or a dict key.
_CALL = re.compile(r"""(?:^[ \t]*([A-Z][A-Z0-9_]*)\s*=\s*|['"]\w+['"]\s*:\s*)values\.(\w+)\(""", re.M)
_KEYWORD = re.compile(r"""\b(environ_name|environ_prefix)\s*=\s*(None|['"]([\w]*)['"])""")
_FIRST = re.compile(r"""^\s*(?:(['"])([^'"\n]*)\1|(-?\d+(?:\.\d+)?|True|False))\s*(?:,|$)""")


def scan_django_configurations(text: str, source: str, out: Collector) -> None:
    for m in _CALL.finditer(text):
        args = balanced(text, m.end() - 1)[1:-1]  # the call's arguments, strings skipped
        if re.search(r"\benviron\s*=\s*False\b", args):
            continue
        keywords = {k.group(1): k.group(3) for k in _KEYWORD.finditer(args)}  # None → None
        name = keywords.get("environ_name") or m.group(1)
        if not name:
            continue  # a dict's value with no name of its own: configurations reads nothing
        prefix = keywords.get("environ_prefix", "DJANGO")
        variable = f"{prefix}_{name}" if prefix else name
        first = _FIRST.match(args)
        default = None
        if first is not None and m.group(2) != "SecretValue":
            default = first.group(2) if first.group(1) else first.group(3)
        required = m.group(2) == "SecretValue" or bool(re.search(r"\benviron_required\s*=\s*True", args))
        out.add(variable, source, default=default, required=required and default is None)
