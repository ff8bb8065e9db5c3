"""ConfigArgParse's environment variables: a parser made with ``auto_env_var_prefix='APP_'``
also reads each option from the variable named by the prefix and the option's first long name
(rdiffweb's ``--server-host`` is ``RDIFFWEB_SERVER_HOST``, ``--database-uri`` is
``RDIFFWEB_DATABASE_URI``), with the option's default."""

from __future__ import annotations

import re

from .envcollect import Collector

_PREFIX = re.compile(r"""\bauto_env_var_prefix\s*=\s*['"](\w+)['"]""")
# parser.add('--server-host', '--serverhost', metavar='IP', default='127.0.0.1', ...)
_ADD = re.compile(
    r"""\.add(?:_argument)?\(\s*((?:['"]-{1,2}[\w-]+['"]\s*,\s*)+)([^()]*(?:\([^()]*\)[^()]*)*)\)"""
)
_DEFAULT = re.compile(r"""\bdefault\s*=\s*(?:['"]([^'"\n]*)['"]|(-?\d+)\b)""")
_NOT_SETTINGS = ("--help", "--version")


def scan_configargparse(text: str, source: str, out: Collector) -> None:
    """The variables the parser's options read, each with its literal default."""
    prefix = _PREFIX.search(text)
    if prefix is None:
        return
    for m in _ADD.finditer(text):
        long = next((o for o in re.findall(r"""['"](--[\w-]+)['"]""", m.group(1))), None)
        if long is None or long in _NOT_SETTINGS:
            continue
        name = (prefix.group(1) + long[2:]).replace("-", "_").upper()
        default = _DEFAULT.search(m.group(2))
        out.add(name, source, default=(default.group(1) or default.group(2)) if default else None)
