"""The paths a front end's dev server forwards to its API server: Vite's ``server.proxy``,
Vue CLI's ``devServer.proxy``, Angular's ``proxy.conf.json``. In development the page and
its API share the dev server's origin; in containers the web server that serves the built
page forwards the same paths to the app's service, so the page's relative API calls
(``fetch("/api/items")``) reach the app as they did, with no address built into the page.

Each path comes with whether the dev server strips it before forwarding (Vite's
``rewrite: (p) => p.replace(/^\\/api/, "")``, Vue CLI's ``pathRewrite: {"^/api": ""}``,
Angular's ``"pathRewrite": {"^/api": ""}``)."""

from __future__ import annotations

import json
import re

from .envpydantic import balanced
from .facts import Sourced
from .tree import Tree, join

_CONFIGS = (
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mts",
    "vite.config.mjs",
    "vue.config.js",
    "vue.config.cjs",
)
_ANGULAR = ("proxy.conf.json", "src/proxy.conf.json")
_COMMENT = re.compile(r"^[ \t]*//[^\n]*|/\*.*?\*/", re.M | re.S)
_PROXY = re.compile(r"\bproxy\s*:\s*\{")
# a key of the proxy object: a quoted path ('/api', "^/api/") or a bare word (api is no path)
_KEY = re.compile(r"""(?:^|[{,])\s*(['"`])(\^?/[\w./-]*)\1\s*:""")
_STRIPS = re.compile(r"""(?:rewrite|pathRewrite)\s*:""")
# a path Vite's dev server forwards that a built page never asks for (its modules, HMR)
_DEV_ONLY = re.compile(r"^/(?:@|node_modules|src)(?:/|$)")

Proxied = tuple[tuple[str, bool], ...]


def dev_proxy(tree: Tree, folder: str) -> Sourced[Proxied] | None:
    """The paths the dev server of the front end in ``folder`` forwards (``/api``) and
    whether it strips each, with the file that says so; None when it forwards none (or only
    its whole origin)."""
    for name in _CONFIGS:
        rel = join(folder, name)
        text = tree.text(rel)
        if text and (found := _from_config(_COMMENT.sub("", text))):
            return Sourced(found, rel, "server.proxy" if name.startswith("vite") else "devServer.proxy")
    for name in _ANGULAR:
        rel = join(folder, name)
        text = tree.text(rel)
        if text and (found := _from_angular(text)):
            return Sourced(found, rel, "")
    return None


def _from_config(text: str) -> Proxied:
    """The keys of the first ``proxy: { … }`` object of a Vite or Vue CLI config."""
    m = _PROXY.search(text)
    if m is None:
        return ()
    body = balanced(text, m.end() - 1)
    found: list[tuple[str, bool]] = []
    keys = [(k, _top_level(body, k.start(1))) for k in _KEY.finditer(body)]
    keys = [(k, top) for k, top in keys if top]
    for i, (k, _) in enumerate(keys):
        end = keys[i + 1][0].start() if i + 1 < len(keys) else len(body)
        path = _path(k.group(2))
        if path:
            found.append((path, bool(_STRIPS.search(body[k.end() : end]))))
    return tuple(dict(found).items())


def _from_angular(text: str) -> Proxied:
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(data, dict):
        return ()
    found = [
        (path, isinstance(v, dict) and bool(v.get("pathRewrite")))
        for k, v in data.items()
        if isinstance(k, str) and (path := _path(k))
    ]
    return tuple(dict(found).items())


def _path(key: str) -> str:
    """``/api`` of a key ``/api``, ``^/api/``, ``/api/*``; "" for the whole origin or a dev path."""
    path = key.lstrip("^").split("*", 1)[0].rstrip("/")
    if not path or not re.fullmatch(r"(?:/[\w.-]+)+", path) or _DEV_ONLY.match(path):
        return ""
    return path


def _top_level(body: str, at: int) -> bool:
    """Whether position ``at`` of the proxy object is one of its own keys, not an option's."""
    depth = 0
    for ch in body[:at]:
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
    return depth == 1
