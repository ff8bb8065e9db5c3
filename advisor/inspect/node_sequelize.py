"""Sequelize's own settings file: ``sequelize init`` writes ``config/config.json`` with a
section per NODE_ENV, and its generated ``models/index.js`` connects with the URL in the
variable a section names (``"use_env_variable": "DB_CONNECTION_STRING"``), through
``process.env[config.use_env_variable]``: a name no code scan sees."""

from __future__ import annotations

import posixpath
import re

from .envcollect import Collector
from .envpydantic import balanced
from .facts import Command
from .tree import Tree, join

_USE_ENV = re.compile(r"""['"]?use_env_variable['"]?\s*:\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]""")
_DEFAULTS = ("config/config.json", "config/config.js", "src/config/config.json", "src/config/config.js")


def rc_path(tree: Tree, folder: str, key: str) -> str | None:
    """The path .sequelizerc gives a setting (`'migrations-path': path.resolve('src/db',
    'migrations')`, `config: path.resolve('src', 'config', 'database.json')`), relative to the
    inspected folder (it may lead out of it: ``..``); None when it names none."""
    text = tree.text(join(folder, ".sequelizerc")) or ""
    m = re.search(rf"""['"]?{re.escape(key)}['"]?\s*:\s*path\.(?:resolve|join)\(([^)]*)\)""", text)
    if m is None:
        return None
    parts = re.findall(r"""['"]([^'"]+)['"]""", m.group(1))
    return posixpath.normpath(join(folder, "/".join(parts)) or ".")


def config_files(tree: Tree, folder: str) -> list[str]:
    """The settings file .sequelizerc names, else Sequelize CLI's default places."""
    found: list[str] = []
    rel = rc_path(tree, folder, "config")
    if rel is not None and not rel.startswith("..") and tree.has(rel):
        found.append(rel)
    found += [join(folder, n) for n in _DEFAULTS if tree.has(join(folder, n))]
    return list(dict.fromkeys(found))


def sequelize_env(tree: Tree, folder: str, env: Collector) -> None:
    """The variables Sequelize's settings file names as the database's URL."""
    for rel in config_files(tree, folder):
        for m in _USE_ENV.finditer(tree.text(rel) or ""):
            env.add(m.group(1), rel)
            env.database_url(m.group(1))


def rc_requires(tree: Tree, folder: str, deps: dict[str, str]) -> tuple[str, ...]:
    """The development packages .sequelizerc loads (``require('@babel/register')``): the
    migration step's sequelize-cli stops without them."""
    text = tree.text(join(folder, ".sequelizerc")) or ""
    found = (m.group(1) for m in re.finditer(r"""require\(\s*['"]((?:@[\w.-]+/)?[\w.-]+)""", text))
    return tuple(dict.fromkeys(p for p in found if deps.get(p) == "devDependencies"))


_SECTION = re.compile(r"""^\s{0,8}['"]?(development|production|test|staging|local)['"]?\s*:\s*\{""", re.M)


def cli_env(tree: Tree, folder: str) -> str | None:
    """The section sequelize-cli must be told to use (``--env development``) when its settings
    file has sections and none for production, the NODE_ENV the image runs with ("Dialect
    needs to be explicitly supplied": it found no settings)."""
    for rel in config_files(tree, folder):
        sections = list(dict.fromkeys(_SECTION.findall(tree.text(rel) or "")))
        if sections and "production" not in sections:
            return next((s for s in sections if s != "test"), None)
    return None


def with_cli_env(
    tree: Tree, folder: str, release: Command | None, scripts: dict[str, object]
) -> Command | None:
    """The release step, told the section to use (cli_env) when it runs sequelize-cli, itself
    or through a package.json script (npm passes the option on after ``--``)."""
    if release is None or release.argv[0] == "sh":
        return release
    runs = str(scripts.get(release.argv[-1], "")) if release.argv[1:2] == ("run",) else ""
    section = cli_env(tree, folder) if "sequelize" in f"{release.argv[0]} {runs}" else None
    if section is None or re.search(r"\s--env[\s=]", f" {runs} "):
        return release  # (the script names its section itself: mmdl's `--env local`)
    flag = ("--",) if release.argv[:2] == ("npm", "run") else ()
    return Command((*release.argv, *flag, "--env", section), release.source, release.detail)


# A settings file's sections per NODE_ENV: `development: {` / `"production": {` at its top level.
_ENV_SECTION = re.compile(
    r"""^\s{2,4}['"]?(development|develop|dev|production|prod|prd|staging|test|testing|local|ci)['"]?\s*:\s*\{""",
    re.M,
)
_LOCAL_HOST = re.compile(r"""['"](?:127\.0\.0\.1|localhost)['"]""")
_FROM_ENV = re.compile(r"process\.env|use_env_variable|\benv\(|\bEnv\.get\(")


def env_sections(text: str) -> tuple[tuple[str, ...], str]:
    """The sections of a knexfile or Sequelize settings file that NODE_ENV picks, without those
    that connect to this machine with settings written out and none from the environment
    (``sequelize init``'s `production`: root@127.0.0.1), and that fixed production section's
    host, or ""."""
    found: list[str] = []
    fixed = ""
    for m in _ENV_SECTION.finditer(text):
        block = balanced(text, m.end() - 1)  # the section's object, strings skipped
        host = _LOCAL_HOST.search(block)
        if host and not _FROM_ENV.search(block):
            fixed = host.group(0).strip("'\"") if m.group(1) == "production" else fixed
            continue
        found.append(m.group(1))
    return tuple(dict.fromkeys(found)), fixed


def node_env_section(sections: tuple[str, ...], production: bool) -> str | None:
    """The NODE_ENV to give the app when the image's (production) has no usable section:
    development's section in development (`development`, or the project's own `develop`/`dev`),
    and in production the project's own name for it (`prod`); None when production has one,
    or there is none to give."""
    if "production" in sections:
        return None
    names = ("prod", "prd") if production else ("development", "develop", "dev", "local")
    return next((n for n in names if n in sections), None)


def no_production_section(sections: tuple[str, ...]) -> bool:
    """Whether no section serves production, under npm's name for it or the project's own."""
    return not any(n in sections for n in ("production", "prod", "prd"))
