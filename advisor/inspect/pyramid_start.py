"""A Pyramid app's start, as Pyramid documents it: ``pserve production.ini``. PasteDeploy's
ini file names the app (``[app:main]``, ``use = egg:bodhi-server``) and the server that runs it
(``[server:main]``, ``use = egg:waitress#main``, its ``host``/``port`` or ``listen``); the
app's settings are the file's too, so its factory cannot run without it."""

from __future__ import annotations

import re

from .facts import Command, Sourced
from .tree import Tree, join

_INI_FILES = ("production.ini", "prod.ini", "deploy.ini", "app.ini", "development.ini")


def _section(text: str, name: str) -> str:
    m = re.search(rf"^\[{re.escape(name)}\][^\n]*\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    return m.group(1) if m else ""


def paste_ini(tree: Tree, folder: str) -> tuple[str, Sourced[int] | None] | None:
    """The ini file pserve runs (the production one first: a development one loads the debug
    toolbar, a development dependency) and the port its server section listens on."""
    for name in _INI_FILES:
        rel = join(folder, name)
        text = tree.text(rel) or ""
        server = _section(text, "server:main")
        if (not _section(text, "app:main") and "[app:main]" not in text) or not server:
            continue
        m = re.search(r"^\s*port\s*=\s*(\d{2,5})\s*$", server, re.M) or re.search(
            r"^\s*listen\s*=\s*[^\s:]*:(\d{2,5})\b", server, re.M
        )
        return name, (Sourced(int(m.group(1)), rel, "[server:main]") if m else None)
    return None


def pyramid_start(tree: Tree, folder: str, ini: str) -> Command:
    return Command(("pserve", ini), join(folder, ini), "[server:main]")
