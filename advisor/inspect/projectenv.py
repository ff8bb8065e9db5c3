"""What the project's own ``.env`` holds that production should not keep: placeholder values
(``SECRET_KEY=changethis``) and development's modes (``FASTAPI_ENV=development``). advisor
keeps every value .env already has, so the report names these for the person to change."""

from __future__ import annotations

import dataclasses
import re

from .common import env_example_files
from .dotenv import dotenv_lines, dotenv_value
from .envroles import classify
from .facts import AppFacts, EnvVar, Sourced
from .tree import Tree, join, written_by_advisor

# An example value that stands for a real one: changethis, change-me, your-api-key, <token>.
PLACEHOLDER = re.compile(r"(?i)change[-_]?(?:it|this|me)|replace[-_]?me|^your[-_]|^<.*>$|^x{3,}$|^todo$")


_DEV_WORDS = frozenset({"development", "develop", "dev", "local", "debug"})
_ON_WORDS = frozenset({"1", "true", "yes", "on"})


def _project_env(tree: Tree, folder: str) -> list[tuple[str, str]]:
    """(name, value) of the project's own ``.env`` in the app's folder and at the top (never
    one advisor wrote, nor what advisor appended to one)."""
    pairs: list[tuple[str, str]] = []
    for where in dict.fromkeys((folder, "")):
        text = tree.text(join(where, ".env"))
        if text is None or written_by_advisor(text):
            continue
        pairs += [(name, dotenv_value(raw)) for name, raw in dotenv_lines(text)]
    return pairs


def env_dev_values(tree: Tree, folder: str) -> tuple[str, ...]:
    """``NAME=value`` of the project's own ``.env`` that set development's mode or turn
    debugging on (``FASTAPI_ENV=development``, ``DEBUG=1``): advisor keeps a value .env
    already has, so production would run with them until the person changes them."""
    words = {"app_env": _DEV_WORDS, "debug": _ON_WORDS}
    found = [f"{n}={v}" for n, v in _project_env(tree, folder) if v.lower() in words.get(classify(n), ())]
    return tuple(dict.fromkeys(found))


def env_placeholders(tree: Tree, folder: str) -> tuple[str, ...]:
    """Names the project's own ``.env`` gives a placeholder value (``SECRET_KEY=changethis``):
    advisor keeps a value .env already has, so the person must replace these."""
    return tuple(dict.fromkeys(n for n, v in _project_env(tree, folder) if PLACEHOLDER.search(v)))


# Settings read from the file .env itself: the container's environment never reaches them.
_ENV_FILE_ONLY = re.compile(
    r"""dotenv\.parse\(\s*(?:fs\.)?readFileSync\(|\bdotenv_values\(\s*['"](?:\./)?\.env['"]\s*\)"""
)
_DOT_ENV_LITERAL = re.compile(r"""\(\s*['"`](?:\./)?\.env['"`]\s*\)""")


# `const result = dotenv.config({ path: ... })`, then `if (result.error) throw ...` or its
# `result.parsed` as the settings: the file must exist, and its values are what counts.
_CONFIG_RESULT = re.compile(r"""(\w+)\s*=\s*(?:require\(\s*['"]dotenv['"]\s*\)|dotenv)\.config\(""")


# `import * as env from 'dotenv'` / `const env = require('dotenv')`: another name for dotenv.
_DOTENV_ALIAS = re.compile(
    r"""import\s+(?:\*\s+as\s+)?(\w+)\s+from\s+['"]dotenv['"]|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"]dotenv['"]\s*\)"""
)
_DESTRUCTURED_ERROR = re.compile(
    r"\{\s*error\s*\}\s*=\s*dotenv\.config\([^;]*?\)\s*;?\s*if\s*\(\s*error\s*\)\s*\{?\s*throw\b"
)


def _as_dotenv(text: str) -> str:
    """The code with dotenv's other name (`env.config(`) written as `dotenv.config(`."""
    m = _DOTENV_ALIAS.search(text)
    alias = (m.group(1) or m.group(2)) if m else "dotenv"
    return re.sub(rf"\b{re.escape(alias)}\.config\(", "dotenv.config(", text)


def reads_env_file(texts: dict[str, str]) -> str:
    """The code file that takes the app's settings from the file ``.env`` only (a config class
    over ``dotenv.parse(fs.readFileSync(path))`` given ``'.env'``; a dotenv.config() whose
    missing file is an error or whose parsed values are the settings), or ""."""
    named = any(_DOT_ENV_LITERAL.search(t) for t in texts.values() if ".env" in t)
    for rel, text in texts.items():
        if "dotenv" in text and _DESTRUCTURED_ERROR.search(_as_dotenv(text)):
            return rel  # const { error } = env.config({ path }); if (error) throw error;
        m = _CONFIG_RESULT.search(text) if "dotenv" in text else None
        if m and re.search(
            rf"\b{m.group(1)}\.parsed\b|\bif\s*\(\s*{m.group(1)}\.error\s*\)\s*\{{?\s*throw", text
        ):
            return rel
        m = _ENV_FILE_ONLY.search(text) if "dotenv" in text else None
        if m and ("dotenv_values" in m.group(0) or _DOT_ENV_LITERAL.search(text) or named):
            return rel
    return ""


# A dotenv file the code names in another folder: env-schema's `dotenv: { path: "configs/.env" }`
# (or a helper returning `configs/.env.${env}`), `dotenv.config({ path: "./config/.env" })`.
_DOTENV_PATH = re.compile(r"""['"`](?:\./)?((?:[\w-]+/)+)\.env(?:\.[\w${}-]+)*['"`]""")


# dotenv.config({ path: `.env.${process.env.NODE_ENV || 'development'}.local` }): a file per
# environment beside package.json; the image runs production.
_DOTENV_BY_ENV = re.compile(r"""`(?:\./)?\.env\.\$\{[^}`]*NODE_ENV[^}`]*\}((?:\.[\w-]+)?)`""")


def dotenv_folders(texts: dict[str, str], folder: str) -> tuple[str, ...]:
    """The folders (in the inspected tree) of the .env files the code loads by a path relative
    to the app's folder, where the project documents those settings (configs/.env.example);
    and the production one of the files it loads by the environment's name
    (``.env.production.local``), which the image keeps out."""
    found = (m.group(1).strip("/") for t in texts.values() if ".env" in t for m in _DOTENV_PATH.finditer(t))
    by_env = (m.group(1) for t in texts.values() if "NODE_ENV" in t for m in _DOTENV_BY_ENV.finditer(t))
    files = (join(folder, f".env.production{suffix}") for suffix in by_env)
    return tuple(dict.fromkeys([*(join(folder, f) for f in found if ".." not in f.split("/")), *files]))


_LOADS_ENV_FILE = re.compile(r"\benv_file\s*=|\bload_dotenv\(|\bread_env\(|\bdotenv_values\(")


def settings_folders(tree: Tree, texts: dict[str, str], folder: str) -> tuple[str, ...]:
    """The folders, below the app's own, of the settings modules that load an env file
    (pydantic-settings' ``env_file=``, ``load_dotenv()``) and of those above them, that hold the
    project's env example: fastapi_best_architecture documents its settings in
    backend/.env.example, beside the package whose core/conf.py loads backend/.env."""
    found: list[str] = []
    for rel in texts:
        text = texts[rel]
        words = "env_file" in text or "dotenv" in text or "read_env(" in text  # (the pattern's words)
        if not words or not _LOADS_ENV_FILE.search(text):
            continue
        here = rel.rpartition("/")[0]
        while here and here != folder and (not folder or here.startswith(folder + "/")):
            if here not in found and env_example_files(tree, here):
                found.append(here)
            here = here.rpartition("/")[0]
    return tuple(found)


# A database server's URL (with a driver: postgresql+psycopg://) as an example's whole value.
_DB_URL_VALUE = re.compile(r"^(?:postgres(?:ql)?|mysql|mariadb|mongodb)(?:\+[\w-]+)?://\S+$")


_COMPOSE_FILE = re.compile(r"(?:^|/)(?:docker-)?compose[\w.-]*\.ya?ml(?:\.orig)?$")
# A name a configuration library maps onto its settings' paths (wild-config's APPCONF_dbs_mongo,
# nconf's database__host), or a server's URL or an address to listen on.
_CONFIG_PATH_NAME = re.compile(r"[a-z]|__")
_SERVER_VALUE = re.compile(
    r"^(?:(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss)://\S+|0\.0\.0\.0)$"
)


def compose_reads(app: AppFacts) -> AppFacts:
    """The app with the variables the project's own compose file gives its service that the
    code reads through a configuration library rather than by name (wildduck's wild-config:
    `APPCONF_dbs_mongo: mongodb://mongo:27017/wildduck`, `APPCONF_api_host: 0.0.0.0`): the
    project's word that the app reads them. Only names of a settings path, with a server's URL
    or a listen address as their value."""
    read = {v.name for v in app.env_vars}
    found = [
        s
        for s in app.own_settings
        if s.name not in read
        and _COMPOSE_FILE.search(s.source)
        and _CONFIG_PATH_NAME.search(s.name)
        and _SERVER_VALUE.match(s.value)
    ]
    if not found:
        return app
    added = tuple(
        EnvVar(s.name, classify(s.name), s.source, default=s.value)
        for s in dict((s.name, s) for s in found).values()
    )
    return dataclasses.replace(app, env_vars=(*app.env_vars, *added))


def url_by_example(app: AppFacts) -> AppFacts:
    """The app with each variable whose name says nothing (skyvern's DATABASE_STRING, spliit's
    POSTGRES_URL_NON_POOLING) but whose example value is a database server's URL taken as
    that URL: it is given the db service's, not the example's localhost. (With the variables
    only the project's compose file gives the app: compose_reads.)"""
    app = compose_reads(app)
    urls = {s.name for s in app.own_settings if _DB_URL_VALUE.match(s.value)}
    if not urls & {v.name for v in app.env_vars if v.role == "other"}:
        return app
    env_vars = tuple(
        dataclasses.replace(v, role="database_url") if v.role == "other" and v.name in urls else v
        for v in app.env_vars
    )
    return dataclasses.replace(app, env_vars=env_vars)


# The app's own port variable: PORT, SERVE_PORT, APP_PORT, HTTP_PORT... (never another service's:
# SMTP_PORT, MYSQL_PORT, METRICS_PORT)
_APP_PORT_VAR = re.compile(r"(?:(?:SERVE|SERVER|APP|HTTP|WEB|LISTEN|API|BACKEND)_)?PORT")


def setting_port(app: AppFacts) -> tuple[Sourced[int], ...]:
    """The port the project's own compose file (or env example) gives the variable the app
    listens on, when nothing else states a port (rap2-delos: `config.serve.port` from
    SERVE_PORT, its compose file's SERVE_PORT=38080)."""
    port_vars = {v.name for v in app.env_vars if v.role == "port"}
    for s in sorted(app.own_settings, key=lambda s: s.name != "PORT"):  # PORT first
        if (
            s.name in port_vars
            and _APP_PORT_VAR.fullmatch(s.name)
            and s.value.isdigit()
            and 0 < int(s.value) < 65536
        ):
            return (Sourced(int(s.value), s.source, s.name),)
    return ()
