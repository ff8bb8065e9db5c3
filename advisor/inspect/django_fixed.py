"""Django settings that fix the hosts the app answers for and its debug mode in the code, where
no variable advisor sets can change them: ``ALLOWED_HOSTS = ['.railway.app', '127.0.0.1']``,
``DEBUG = True``."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping

from .facts import AppFacts, Sourced
from .tree import join

_HOSTS = re.compile(r"^ALLOWED_HOSTS\s*=\s*(\[[^\]]*\]|\([^)]*\))", re.M)
# ALLOWED_HOSTS.extend(\n    filter(None, os.environ.get("ALLOWED_HOSTS", "").split(","))\n): the
# statement's continuation lines (indented) read the environment.
_EXTENDED = re.compile(
    r"ALLOWED_HOSTS\s*(?:\.(?:extend|append)\(|\+=)(?:[^\n]|\n[ \t)\]]){0,300}?"
    r"(?:environ|getenv|env\.|env\(|config\()"
)
_DEBUG_ON = re.compile(r"^DEBUG\s*=\s*True\b", re.M)


def fixed_hosts(
    texts: Mapping[str, str], default: str = "", copied: Collection[str] = ()
) -> Sourced[tuple[str, ...]] | None:
    """The literal host list the settings set, when one settings file sets one (or several do,
    one of them ``default``, the settings manage.py runs with, or a template the image copies
    in place, ``copied``, which the settings load after their own) and no file reads the hosts
    from the environment."""
    found: list[Sourced[tuple[str, ...]]] = []
    for rel, text in texts.items():
        if "ALLOWED_HOSTS" not in text:
            continue
        if re.search(
            r"ALLOWED_HOSTS\W[^\n]*(?:environ|getenv|env\.|env\(|config\()", text
        ) or _EXTENDED.search(text):
            return None  # read from the environment: advisor's value reaches it
        for m in _HOSTS.finditer(text):
            try:
                value = ast.literal_eval(m.group(1))
            except (ValueError, SyntaxError):
                return None
            if not all(isinstance(h, str) for h in value):
                return None
            found.append(Sourced(tuple(value), rel, "ALLOWED_HOSTS"))
    if len(found) > 1:  # settings/development.py and settings/production.py: the one in use
        # (Bitpoll's settings_local.sample.py, copied to the settings_local.py settings.py
        # imports last: its example domain is what the app answers for)
        found = [f for f in found if f.source in copied] or [f for f in found if f.source == default]
    return found[0] if len(found) == 1 else None


def fixed_debug(texts: Mapping[str, str]) -> str:
    """The settings file that turns debugging on for good (``DEBUG = True``, no variable)."""
    hits = [rel for rel, text in texts.items() if "DEBUG" in text and _DEBUG_ON.search(text)]
    return hits[0] if len(hits) == 1 else ""


def host_allowed(host: str, hosts: tuple[str, ...]) -> bool:
    """Whether Django answers for ``host`` with these ALLOWED_HOSTS ('*', exact, '.suffix')."""
    for pattern in hosts:
        pattern = pattern.lower()
        if (
            pattern == "*"
            or pattern == host
            or (pattern.startswith(".") and (host.endswith(pattern) or host == pattern[1:]))
        ):
            return True
    return False


def local_name(hosts: tuple[str, ...] | None) -> str:
    """This machine's name in the app's address: localhost, or 127.0.0.1 when the settings'
    fixed ALLOWED_HOSTS answer for that one only."""
    if hosts is not None and not host_allowed("localhost", hosts) and host_allowed("127.0.0.1", hosts):
        return "127.0.0.1"
    return "localhost"


def refused_copy(app: AppFacts | None, production: bool) -> str:
    """In development, the module file (relative to the app's folder) the image copies from a
    template whose fixed ALLOWED_HOSTS refuse this machine (Bitpoll's settings_local.sample.py,
    `['bitpoll.example.com']`: every request 400): the image adds localhost and 127.0.0.1
    to its copy. "" otherwise."""
    fixed = app.fixed_hosts if app is not None else None
    if app is None or fixed is None or production or not fixed.value:
        return ""
    if host_allowed("localhost", fixed.value) or host_allowed("127.0.0.1", fixed.value):
        return ""
    folder = "" if app.path == "." else app.path
    return next((target for src, target in app.example_modules if join(folder, src) == fixed.source), "")


# GeoDjango: its database backends (django.contrib.gis.db.backends.spatialite) or its app
_GIS = re.compile(r"""['"]django\.contrib\.gis(?:\.db\.backends\.(\w+))?['"]""")


def geodjango(texts: Mapping[str, str]) -> str:
    """The GeoDjango backend the settings name (``spatialite``, ``postgis``…), ``gis`` for its
    app alone, or "": GeoDjango loads GDAL, GEOS and PROJ as it starts (posio's SpatiaLite)."""
    found = ""
    for text in texts.values():
        for m in _GIS.finditer(text) if "contrib.gis" in text else ():
            found = m.group(1) or found or "gis"
    return found
