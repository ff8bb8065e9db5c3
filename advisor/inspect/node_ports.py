"""The port a Node app listens on, read from its code and from node-config's settings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .common import get_path
from .facts import Sourced
from .tree import Tree, join

_LISTEN = re.compile(r"\.listen\(\s*(\d{2,5})\b")

# The prefixes of a server's own port variable (APP_PORT, BACKEND_PORT), not another server's.
_OWN = r"(?:APP_|SERVER_|HTTP_|API_|BACKEND_)?"


# process.env.PORT || 8080, also through other variables first (|| process.env.ALT_PORT || 8080).
# Also the last of a list of fallbacks: [args.port, process.env.APP_PORT, process.env.PORT, 3001]
# (not parseInt(process.env.PORT, 10), whose 10 is the radix).
_ENV_PORT = re.compile(
    rf"process\.env\.{_OWN}PORT\s*\)?\s*(?:(?:\|\||\?\?)\s*process\.env\.\w+\s*)*"
    r"(?:\|\||\?\?)\s*['\"]?(\d{2,5})\b"
    r"|process\.env\.PORT\s*,\s*(?:process\.env\.\w+\s*,\s*)*['\"]?(\d{2,5})['\"]?\s*\]"
)
# The app's port in its settings schema or config service: zod's and Joi's
# `PORT: z.coerce.number().default(3000)`, envalid's `PORT: port({ default: 8080 })`, NestJS's
# `config.get<number>('PORT', 3000)` or `config.get('APP_PORT') ?? 3000`.
_SCHEMA_PORT = re.compile(
    rf"\b{_OWN}PORT['\"]?\s*:\s*(?:[\w.]*\((?:[^(),\n]|\(\))*\)\s*\.)*default\(\s*['\"]?(\d{{2,5}})\b"
    rf"|\b{_OWN}PORT['\"]?\s*:\s*(?:port|num)\(\s*\{{[^}}]*\bdefault\s*:\s*['\"]?(\d{{2,5}})\b"
    rf"|\.get(?:<\w+>)?\(\s*['\"]{_OWN}PORT['\"]\s*\)\s*(?:\|\||\?\?)\s*['\"]?(\d{{2,5}})\b"
    # any reader that takes the name and a default: `config.get<number>('PORT', 3000)`,
    # `env.int('PORT', 8080)`, retro-board's `defaultsNumber('BACKEND_PORT', 3201)`
    rf"|\b[\w.]+(?:<\w+>)?\(\s*['\"]{_OWN}PORT['\"]\s*,\s*['\"]?(\d{{2,5}})\b"
)


_PORT_CONST = re.compile(r"\b(?:const|let|var)\s+(?:port|PORT)\s*(?::\s*\w+\s*)?=\s*['\"]?(\d{2,5})\b")


_PORT_OPTION = re.compile(r"\blisten\(\s*\{[^}]*\bport\s*:\s*(\d{2,5})\b")


# The default settings module an app ships (thelounge's defaults/config.js), node-config's in JS.
_CONFIG_MODULES = ("config/default.js", "defaults/config.js", "config.default.js")
# the usual ports of other servers, never the app's own
_OTHER_SERVERS = frozenset({3306, 5432, 6379, 27017, 11211, 9200, 5672})


def config_port(tree: Tree, folder: str) -> Sourced[int] | None:
    """node-config's port (`config/default.json`: {"port": 5000}, or under server/app/http/api),
    else a default settings module's own `port:` (thelounge's `defaults/config.js`: 9000)."""
    rel = join(folder, "config/default.json")
    data = tree.json(rel) if tree.has(rel) else None
    for path in (("port",), ("server", "port"), ("app", "port"), ("http", "port"), ("api", "port")):
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int) and 1024 <= value <= 65535:
            return Sourced(value, rel, ".".join(path))
    for name in _CONFIG_MODULES:
        text = tree.text(join(folder, name)) or ""
        exported = re.search(r"(?:module\.exports\s*=|export\s+default)\s*\{[ \t]*\n([ \t]+)", text)
        # the exported object's own key, at its first indentation (not mail: { port: 1025 })
        top = (
            re.compile(rf"^{exported.group(1)}port\s*:\s*(\d{{4,5}})\s*,?\s*(?://.*)?$", re.M)
            if exported
            else None
        )
        m = top.search(text) if top else None
        if m is not None and 1024 <= int(m.group(1)) <= 65535 and int(m.group(1)) not in _OTHER_SERVERS:
            return Sourced(int(m.group(1)), join(folder, name), "port")
    return _yaml_port(tree, folder)


# A YAML settings file, or its template (the settings file advisor makes from it keeps its port).
_YAML_SETTINGS = (
    "config.yaml",
    "config.yml",
    "config.template.yaml",
    "config.example.yaml",
    "config.yaml.example",
)


def _yaml_port(tree: Tree, folder: str) -> Sourced[int] | None:
    """The HTTP port a YAML settings file (or its template) gives the server: the first of its
    `listen:` entries that serves HTTP (CyTube's `- ip: '', port: 8080, http: true`, before its
    Socket.IO port), else a top-level, `server:` or `http:` `port`."""
    for name in _YAML_SETTINGS:
        rel = join(folder, name)
        docs = tree.yaml_docs(rel) if tree.has(rel) else []
        data = docs[0] if docs and isinstance(docs[0], dict) else {}
        listen = [
            e for e in data.get("listen") or () if isinstance(e, dict) and isinstance(e.get("port"), int)
        ]
        if isinstance(data.get("listen"), list) and listen:
            entry = next((e for e in listen if e.get("http") is True), listen[0])
            return Sourced(entry["port"], rel, "listen.port")
        for path in (("port",), ("server", "port"), ("http", "port")):
            value = get_path(data, *path)
            if isinstance(value, int) and 1024 <= value <= 65535 and value not in _OTHER_SERVERS:
                return Sourced(value, rel, ".".join(path))
    return None


def port_in_code(text: str, rel: str, name: str = "") -> Sourced[int] | None:
    """The port the code listens on; ``name``, the package's, also names its own variable
    (dockge's `Number(process.env.DOCKGE_PORT) || 5001`)."""
    own = re.sub(r"\W+", "_", name.rpartition("/")[2]).strip("_").upper()
    named = (
        re.compile(rf"process\.env\.{own}_PORT\s*\)?\s*(?:\|\||\?\?)\s*['\"]?(\d{{2,5}})\b") if own else None
    )
    for pattern, detail, word in (
        (_ENV_PORT, "process.env.PORT default", "process.env."),
        *(((named, f"process.env.{own}_PORT default", f"{own}_PORT"),) if named else ()),
        (_LISTEN, "listen()", ".listen("),
        (_PORT_OPTION, "listen({port})", "listen("),
        (_PORT_CONST, "port constant", ""),  # (no word to gate by: "port" is in every "import")
        (_SCHEMA_PORT, "settings schema default", "PORT"),
    ):
        m = pattern.search(text) if word in text else None  # (each pattern holds its word)
        if m:
            return Sourced(int(next(g for g in m.groups() if g)), rel, detail)
    return None


# A listen call: `app.listen(port, host, cb)`, `server.listen({ port, host })`.
_LISTEN_CALL = re.compile(r"\.listen\(\s*([^;]{0,200}?)\)\s*[;\n]", re.S)
# (a bare name is taken for the host: `app.listen(PORT, HOST)`, unless it names a callback)
_CALLBACK = re.compile(
    r"^\s*(?:\(|function\b|async\b|\w+\s*=>|(?:cb|callback|done|on\w+|\w*[Ll]isten\w*)\s*$)"
)


def binds_to_host(texts: dict[str, str]) -> bool:
    """Whether the app passes an address to its server's listen(): False only when the code
    calls listen() and never with one (express-typescript-boilerplate's `app.listen(port)`),
    so a host variable it reads (APP_HOST=localhost) builds URLs and is no bind address."""
    calls = [args for _, args in _listen_calls(texts)]
    if not calls:
        return True  # a framework that listens itself: nothing says
    for args in calls:
        if args.lstrip().startswith("{"):
            if re.search(r"\bhost\b", args):
                return True
            continue
        parts = args.split(",", 2)
        if len(parts) >= 2 and not _CALLBACK.match(parts[1]):
            return True
    return False


# A variable named for a port: KES_PORT, SERVER_PORT (not the bare PORT the Dockerfile sets).
_PORT_NAME = re.compile(r"\b([A-Z][A-Z0-9_]*_PORT)\b")


def listened_vars(texts: dict[str, str]) -> frozenset[str]:
    """The port variables the code hands to listen(), directly (KaraokeEternal's
    `server.listen(env.KES_PORT)`) or through a local it sets from them
    (`const port = process.env.WEB_PORT || 0; app.listen(port)`): the app listens on them,
    whatever their prefix, and with none set may take a random port."""
    found: set[str] = set()
    on_port = False  # a listen() takes PORT: that one is the app's (METRICS_PORT another server's)
    for text, args in _listen_calls(texts):
        on_port = on_port or re.search(r"(?<![\w.])(?:process\.env\.)?PORT\b", args) is not None
        args = args.lstrip()
        first = re.search(r"\bport\s*:\s*([^,}]+)", args) if args.startswith("{") else None
        arg = first.group(1) if first else args.split(",", 1)[0]
        found.update(_PORT_NAME.findall(arg))
        local = re.fullmatch(r"\s*(\w+)\s*", arg)
        if local and not _PORT_NAME.fullmatch(local.group(1)):
            set_from = re.search(
                rf"\b(?:const|let|var)\s+{local.group(1)}\s*(?::\s*\w+\s*)?=\s*([^;\n]+)", text
            )
            found.update(_PORT_NAME.findall(set_from.group(1)) if set_from else ())
    # only the app's own server's, never a metrics, admin or debug server's
    if on_port:
        return frozenset()
    return frozenset(
        n for n in found if not re.search(r"METRICS|ADMIN|DEBUG|PROXY|GRPC|WS_|SOCKET|SMTP|MAIL", n)
    )


def _listen_calls(texts: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(file's text, arguments) of each listen() call in the code."""
    for text in texts.values():
        if ".listen(" in text:
            yield from ((text, m.group(1)) for m in _LISTEN_CALL.finditer(text))
