"""The module that holds a Django project's application object when the settings name none
the project has: Etebase's settings say ``WSGI_APPLICATION = "etebase_server.wsgi.application"``
and the project has only ``etebase_server/asgi.py``, which its README starts with uvicorn.
Then the project's own ``wsgi.py`` (``get_wsgi_application``), else its ``asgi.py`` whose
``application`` an ASGI server among the dependencies serves."""

from __future__ import annotations

import re
from collections.abc import Mapping

_ASGI_SERVERS = frozenset({"uvicorn", "daphne"})


def application_module(
    modules: Mapping[str, str], texts: Mapping[str, str], names: set[str], target: tuple[str, str, str] | None
) -> tuple[str, str, str] | None:
    """(kind, "pkg.wsgi.application", file): ``target`` (from the settings) when the project
    has its module; else the one found as above. ``modules``: module name → file."""
    if target is not None and target[0] == "asgi" and (own := _set_up_asgi(modules, texts, target)):
        return own
    if target is not None and (target[0] != "wsgi" or target[1].rpartition(".")[0] in modules):
        return target
    found: tuple[str, str, str] | None = None
    for module, rel in modules.items():
        text = texts.get(rel, "")
        if rel.endswith("/wsgi.py") and "get_wsgi_application" in text:
            return ("wsgi", f"{module}.application", rel)
        if rel.endswith("/asgi.py") and names & _ASGI_SERVERS and re.search(r"^application\s*=", text, re.M):
            found = found or ("asgi", f"{module}.application", rel)
    return found


_SETS_UP = re.compile(r"DJANGO_SETTINGS_MODULE|get_asgi_application|django\.setup\(")


def _set_up_asgi(
    modules: Mapping[str, str], texts: Mapping[str, str], target: tuple[str, str, str]
) -> tuple[str, str, str] | None:
    """The project's asgi.py, when ASGI_APPLICATION names a module that sets nothing up (spug's
    ``spug.routing.application``, Channels 2's routing, which runserver loads once Django is
    configured): an ASGI server that imports it directly stops on settings not configured;
    asgi.py sets DJANGO_SETTINGS_MODULE and sets Django up first."""
    module = target[1].rpartition(".")[0]
    rel = modules.get(module)
    if rel is None or _SETS_UP.search(texts.get(rel, "")):
        return None
    asgi = f"{module.rpartition('.')[0]}.asgi" if "." in module else "asgi"
    rel_asgi = modules.get(asgi)
    text = texts.get(rel_asgi, "") if rel_asgi else ""
    # and builds that application: Channels' get_default_application(), or the routing itself
    builds = re.search(rf"get_default_application|ProtocolTypeRouter|{re.escape(module)}\b", text)
    if rel_asgi and builds and _SETS_UP.search(text) and re.search(r"^application\s*=", text, re.M):
        return ("asgi", f"{asgi}.application", rel_asgi)
    return None
