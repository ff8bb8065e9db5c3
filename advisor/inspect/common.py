"""Helpers shared by the ecosystem detectors: the detector protocol, file selection,
Procfile and Dockerfile reading, dependency → service tables, name normalising."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .composeenv import compose_settings, image_path_settings
from .dotenv import ADVISOR_BLOCK, SQLITE_URL, dotenv_lines, dotenv_value
from .envvars import Collector, scan_dotenv
from .facts import AppFacts, Dependency, Service, Setting, Sourced
from .image_env import image_env_settings
from .tree import Tree, join, written_by_advisor
from .vendored import vendored_folders

# Folders inside an app that hold no run-time code worth scanning for settings.
NOT_APP_CODE = frozenset(
    {
        "tests",
        "test",
        "__tests__",
        "spec",
        "specs",
        "e2e",
        "docs",
        "doc",
        "examples",
        "example",
        "samples",
        "fixtures",
        "migrations",
        "alembic",
        "testdata",
        "static",
        "public",
        "assets",
        "locale",
        "locales",
        "templates",
    }
)
MAX_SCANNED_FILES = 250  # source files read per app when looking for settings and ports
_EXAMPLES = (".env.example", ".env.sample", ".env.template", ".env.dist", "example.env", "env.example")
ENV_EXAMPLES: tuple[str, ...] = (*_EXAMPLES, ".env-example", ".env-sample", "dotenv-sample", "dotenv.example")


@dataclass(frozen=True)
class Detection:
    """A detector's claim on a folder: which files say so, and how strongly.

    ``strength`` 1: only a manifest (a package.json with build tooling, a bare
    requirements.txt); 2: evidence of an app (a framework, an entry point, a start
    script). When several ecosystems claim one folder the strongest wins, then the
    first row of the table.
    """

    language: str
    markers: tuple[str, ...]
    strength: int
    workspace_root: bool = False


@dataclass(frozen=True)
class Ecosystem:
    """One row of the detector table: ``detect`` then ``plan``."""

    language: str
    detect: Callable[[Tree, str], Detection | None]
    plan: Callable[[Tree, str, Detection], AppFacts]


# A test runner's configuration (its web server's port is not the app's).
_TEST_TOOL_CONFIG = re.compile(r"^(?:playwright|jest|vitest|cypress|karma|wdio|protractor)\.config\.")


def source_files(
    tree: Tree,
    folder: str,
    suffixes: tuple[str, ...],
    *,
    limit: int = MAX_SCANNED_FILES,
    preferred: tuple[str, ...] = (),
    prune: frozenset[str] = NOT_APP_CODE,
) -> list[str]:
    """Source files under ``folder`` to scan, most telling first: names containing one of
    ``preferred`` (settings, config…), then by depth. At most ``limit``."""
    found: list[tuple[int, int, str]] = []
    wanted = re.compile("|".join(re.escape(p) for p in preferred)) if preferred else None
    for current, name in tree.walk(folder, prune):
        if (
            not name.endswith(suffixes)
            or name.startswith("test_")
            or ".test." in name
            or ".spec." in name
            or _TEST_TOOL_CONFIG.match(name)
        ):
            continue
        rel = join(current, name)
        # (by its path in the app's folder: SparkyFitnessServer/ names every file "server")
        rank = 0 if wanted is not None and wanted.search(rel[len(folder) :].lower()) else 1
        found.append((rank, rel.count("/"), rel))
        if len(found) >= limit * 8:
            break
    return [rel for _, _, rel in sorted(found)[:limit]]


_MANIFESTS = ("requirements.txt", "pyproject.toml", "setup.py")


def python_sources(tree: Tree, folder: str) -> list[str]:
    """A Python app's modules to scan (see source_files), settings and entry modules first."""
    preferred = ("settings", "config", "conf", "main", "app", "wsgi", "asgi")
    prune = (NOT_APP_CODE - own_packages(tree, folder)) | vendored_folders(tree, folder)
    # A folder with its own Dockerfile and dependencies is another service of the repository
    # (zeeguu's asr_service/, a Flask app of its own): not this app's code.
    others = tuple(
        join(folder, sub) + "/"
        for sub in tree.subdirs(folder)
        if tree.has(join(folder, f"{sub}/Dockerfile"))
        and any(tree.has(join(folder, f"{sub}/{m}")) for m in _MANIFESTS)
    )
    found = source_files(tree, folder, (".py",), preferred=preferred, prune=prune)
    return [rel for rel in found if not rel.startswith(others)] if others else found


def own_packages(tree: Tree, folder: str) -> frozenset[str]:
    """The app's own packages among the folders whose name usually holds no app code (allauth's
    sample Django project is the package example/, with its settings.py and wsgi.py)."""
    return frozenset(
        sub
        for sub in NOT_APP_CODE & set(tree.subdirs(folder))
        if tree.has(join(folder, f"{sub}/__init__.py"))
        and any(tree.has(join(folder, f"{sub}/{n}")) for n in ("settings.py", "wsgi.py", "asgi.py"))
    )


def in_folder_or_above(tree: Tree, folder: str, names: Iterable[str]) -> str | None:
    """The first of ``names`` in ``folder`` or the nearest parent folder (up to the root)."""
    names = tuple(names)
    current: str | None = folder
    while current is not None:
        for name in names:
            rel = join(current, name)
            if tree.has(rel):
                return rel
        current = None if current == "" else current.rpartition("/")[0]
    return None


_PORT_IN_ARGS = (
    re.compile(r"\$\{PORT:?[-=](\d{2,5})\}"),
    re.compile(r"(?:--port|-p|--http|--listen)[=\s]+['\"]?(?:[\w.]*:)?(\d{2,5})\b"),
    re.compile(r"(?:--bind|-b|--http-socket|--http)[=\s]+['\"]?[\w.\[\]]*:(\d{2,5})\b"),
    re.compile(r"(?:0\.0\.0\.0|localhost|127\.0\.0\.1):(\d{2,5})\b"),
)


def port_in_command(text: str) -> int | None:
    for pattern in _PORT_IN_ARGS:
        m = pattern.search(text)
        if m:
            port = int(m.group(1))
            if 0 < port < 65536:
                return port
    return None


_PROCESS = re.compile(r"^([A-Za-z0-9_-]+):[ \t]*(.*?)\s*$", re.M)


# Heroku buildpacks' wrappers before the app's own command (the nginx buildpack's
# bin/start-nginx, which starts nginx in front of an app bound to a Unix socket, PgBouncer's
# and stunnel's): the image has neither the wrapper's program nor its settings.
_BUILDPACK_WRAPPER = re.compile(
    r"^\s*(?:\./)?bin/start-(?:nginx(?:-debug|-solo)?|pgbouncer(?:-stunnel)?|stunnel)\s+"
)


def procfile(tree: Tree, folder: str) -> dict[str, str]:
    """The Procfile's process types and their commands (``web``, ``release``, ``worker``...),
    the first line of each, in the file's order; then those only heroku.yml gives (its
    ``release: command:`` and ``run:``), for an app deployed with Heroku's container stack."""
    found: dict[str, str] = {}
    for m in _PROCESS.finditer(tree.text(join(folder, "Procfile")) or ""):
        found.setdefault(m.group(1), _BUILDPACK_WRAPPER.sub("", m.group(2)))
    docs = tree.yaml_docs(join(folder, "heroku.yml")) if tree.has(join(folder, "heroku.yml")) else []
    heroku = docs[0] if docs and isinstance(docs[0], dict) else {}
    release = heroku.get("release")
    command = release.get("command") if isinstance(release, dict) else None
    if isinstance(command, list) and command and all(isinstance(c, str) for c in command):
        found.setdefault("release", " ".join(command))
    run = heroku.get("run")
    for kind, line in run.items() if isinstance(run, dict) else ():
        if isinstance(kind, str) and isinstance(line, str):
            found.setdefault(kind, line)
    return found


def procfile_source(tree: Tree, folder: str, kind: str) -> str:
    """The file that gives the process type ``kind``: the Procfile, else heroku.yml."""
    text = tree.text(join(folder, "Procfile")) or ""
    own = any(m.group(1) == kind for m in _PROCESS.finditer(text))
    return join(folder, "Procfile" if own else "heroku.yml")


def procfile_web(tree: Tree, folder: str) -> tuple[str, str] | None:
    """The ``web:`` line of the Procfile (its command text and the file)."""
    web = procfile(tree, folder).get("web")
    return (web, procfile_source(tree, folder, "web")) if web is not None else None


def split_command(text: str, port: int) -> tuple[str, ...] | None:
    """A shell command line as exec-form argv, ``$PORT`` replaced by ``port``; None when it
    needs a shell (pipes, ``&&``, ``;``)."""
    text = re.sub(r"\$\{PORT(?::?[-=]\d+)?\}|\$PORT\b", str(port), text)
    if re.search(r"&&|\|\||[;|`]|\$\(", text):
        return None
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if argv and argv[0] == "env" and len(argv) > 1 and "=" in argv[1]:
        argv.pop(0)  # env VAR=value cmd
    while argv and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", argv[0]):
        argv.pop(0)  # leading VAR=value assignments
    if argv and argv[0] == "exec":
        argv.pop(0)
    return tuple(argv) or None


# Tools that run a command inside the project's environment. The image has no such tool at run
# time (only the virtual environment, first on PATH), so the command runs without it.
_RUNNERS = {("pipenv", "run"), ("poetry", "run"), ("uv", "run"), ("pdm", "run"), ("rye", "run")}


def without_runner(tree: Tree, folder: str, argv: tuple[str, ...], depth: int = 0) -> tuple[str, ...]:
    """``pipenv run upgrade`` → the Pipfile's ``upgrade`` script; ``poetry run gunicorn ...``
    → ``gunicorn ...``; PDM's scripts likewise; ``make run`` → the Makefile target's one
    command (the image has no make). Anything else is returned as it is."""
    if len(argv) == 2 and argv[0] == "make" and depth < 2:
        recipe = _make_recipe(tree, folder, argv[1])
        expanded = split_command(recipe, 0) if recipe else ()
        return without_runner(tree, folder, expanded, depth + 1) if expanded else argv
    if tuple(argv[:2]) not in _RUNNERS:
        return argv
    tool, rest = argv[0], list(argv[2:])
    while rest and rest[0].startswith("-"):  # the runner's own options (uv run --frozen ...)
        rest.pop(0)
    if not rest:
        return argv
    script: object = None
    if tool == "pipenv":
        script = get_path(tree.toml(join(folder, "Pipfile")) or {}, "scripts", rest[0])
    elif tool == "pdm":
        script = get_path(tree.toml(join(folder, "pyproject.toml")) or {}, "tool", "pdm", "scripts", rest[0])
        if isinstance(script, dict):
            script = script.get("cmd") if isinstance(script.get("cmd"), str) else None
    if isinstance(script, str) and depth < 2:
        expanded = split_command(script, 0)
        if expanded:
            return without_runner(tree, folder, (*expanded, *rest[1:]), depth + 1)
    return tuple(rest)


def _make_recipe(tree: Tree, folder: str, target: str) -> str | None:
    """The one command a Makefile target runs (``run:`` then ``\tpython -m manage runserver``),
    when it has no prerequisites, no make variables and no second line."""
    text = tree.text(join(folder, "Makefile")) or ""
    m = re.search(rf"^{re.escape(target)}:[ \t]*\n((?:\t[^\n]*\n?)+)", text, re.M)
    lines = [line.strip().lstrip("@-") for line in m.group(1).splitlines() if line.strip()] if m else []
    return lines[0] if len(lines) == 1 and "$" not in lines[0] else None


# .env_rename_me (gin-boilerplate), .env.default: a file to copy to .env, not .env itself.
_EXAMPLE_WORDS = frozenset({"example", "sample", "template", "dist", "tpl", "rename", "default", "defaults"})
_NOT_DOTENV = frozenset({"py", "js", "ts", "json", "md", "yml", "yaml", "sh", "txt", "toml", "j2", "jinja"})


def env_example_files(tree: Tree, folder: str) -> list[str]:
    """The project's documented env files in ``folder``: the usual names first, then any
    other env file named as an example (``.env.dev-sample``, ``.env.local.example``), those
    for development before those for production."""
    found = [join(folder, name) for name in ENV_EXAMPLES if tree.has(join(folder, name))]
    others = []
    for name in tree.names(folder):
        words = [w for w in re.split(r"[._-]+", name.lower()) if w]
        if (
            "env" in words
            # (a misspelt one too: study-docker-compose-postgres's .env.exapmle)
            and (_EXAMPLE_WORDS.intersection(words) or any(_misspelt_example(w) for w in words))
            and words[-1] not in _NOT_DOTENV
            and join(folder, name) not in found
        ):
            others.append((env_file_stage(name), name))
    return found + [join(folder, name) for _, name in sorted(others)]


def _misspelt_example(word: str) -> bool:
    import difflib

    return len(word) >= 6 and bool(difflib.get_close_matches(word, ("example", "sample", "template"), 1, 0.8))


def scan_env_examples(tree: Tree, folder: str, out: Collector) -> Sourced[int] | None:
    """Keys of ``.env.example`` and friends; returns a ``PORT=`` value as a port fact."""
    port: Sourced[int] | None = None
    for rel in env_example_files(tree, folder):
        text = tree.text(rel)
        if text is None or written_by_advisor(text):
            continue
        text = text.split(ADVISOR_BLOCK, 1)[0]  # what advisor appended is not the project's word
        scan_dotenv(text, rel, out)
        m = re.search(r"^\s*(?:APP_|SERVER_|HTTP_)?PORT\s*=\s*['\"]?(\d{2,5})\b", text, re.MULTILINE)
        if m and port is None:
            port = Sourced(int(m.group(1)), rel, "PORT")
    return port


def env_file_stage(name: str) -> int:
    """0 for an env file named for development (``.env.dev-sample``), 2 for production
    (``.env.prod-sample``), 1 otherwise."""
    words = set(re.split(r"[._-]+", name.lower()))
    return 2 if {"prod", "production"} & words else 0 if {"dev", "development", "local"} & words else 1


def own_settings(tree: Tree, folder: str, also: Iterable[str] = ()) -> tuple[Setting, ...]:
    """The variables the project's own env files define: the values its compose file gives the
    app's container, ``.env.example`` and friends with their example values, ``.env`` by name only
    (its values are secrets; an SQLite file's URL is none). A name comes once per file, the
    compose file's first, then development examples before production, then the image's."""
    found: dict[tuple[str, str], Setting] = {}
    for setting in (*compose_settings(tree, folder), *image_path_settings(tree, folder)):
        found.setdefault((setting.name, setting.source), setting)
    for where in dict.fromkeys((folder, *also, "")):  # also: the .env folders (or files) the code loads
        files = [where] if tree.has(where) else [*env_example_files(tree, where), join(where, ".env")]
        for rel in files:
            text = tree.text(rel)
            if text is None or written_by_advisor(text):
                continue
            for name, raw in dotenv_lines(text):
                if (name, rel) not in found:
                    value, secret = dotenv_value(raw), rel.endswith("/.env") or rel == ".env"
                    value = "" if secret and not SQLITE_URL.fullmatch(value) else value
                    found[(name, rel)] = Setting(name, value, rel, raw.strip() in ('""', "''"))
    return (*found.values(), *image_env_settings(tree, folder, found))  # and last, its image's ENV words


def services(deps: Iterable[Dependency], table: Mapping[str, str]) -> tuple[Service, ...]:
    """Services implied by driver dependencies (``table``: dependency name → kind)."""
    result: list[Service] = []
    seen: set[tuple[str, str]] = set()
    for dep in deps:
        kind = table.get(dep.name)
        if kind is None and dep.name.startswith("@") and not dep.name.startswith("@types/"):
            # a scoped fork or plugin of a driver: dockge's @louislam/sqlite3, @fastify/redis
            kind = table.get(dep.name.partition("/")[2])
        if kind and (kind, dep.name) not in seen:
            seen.add((kind, dep.name))
            result.append(Service(kind, dep.name, dep.source))
    return tuple(result)


CACHE_KINDS = frozenset({"redis"})


def split_services(found: Iterable[Service]) -> tuple[tuple[Service, ...], tuple[Service, ...]]:
    """(databases, caches)."""
    items = list(found)
    return (
        tuple(s for s in items if s.kind not in CACHE_KINDS),
        tuple(s for s in items if s.kind in CACHE_KINDS),
    )


def dedupe_ports(ports: Iterable[Sourced[int] | None]) -> tuple[Sourced[int], ...]:
    result: list[Sourced[int]] = []
    for p in ports:
        if (
            p is not None
            and 0 < p.value < 65536
            and all(q.source != p.source or q.value != p.value for q in result)
        ):
            result.append(p)
    return tuple(result)


def normalise_name(text: str) -> str | None:
    """A project name in advisor's form ``[a-z0-9][a-z0-9_-]*``, None when nothing is left."""
    parts = text.strip().split("/")
    if len(parts) > 1 and re.fullmatch(r"v\d+", parts[-1]):  # a Go module's major version suffix
        parts.pop()
        if len(parts) == 1 and re.fullmatch(r"[\w-]+\.[a-z]{2,}", parts[0]):
            parts = [parts[0].split(".", 1)[0]]  # a module path that is a domain: miniflux.app/v2
    text = parts[-1]  # @scope/name, a Go module path
    text = re.sub(r"[^a-z0-9_-]+", "-", text.lower())
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    return text[:63] or None


def get_path(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...`` through nested mappings, or None where a level is missing."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def folder_name(folder: Path) -> str:
    """The name a folder gives a project: its own, or its parent's when it is the code folder
    of a project (src/, app/), which says nothing of which project it is."""
    resolved = folder.resolve()
    if resolved.name.lower() in ("src", "app") and resolved.parent.name:
        return resolved.parent.name
    return resolved.name
