"""``inspect_project``: walk the folder once, find the app folders, run each ecosystem's
detector on them, and pick the primary app."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..appdata import CODE_SUFFIXES, image_data_folder
from . import node_workspace
from .common import Detection, Ecosystem, folder_name, normalise_name
from .composefile import (
    compose_engines,
    db_inits,
    deploy_compose_files,
    main_compose_files,
    moved_aside,
    other_services,
)
from .config_template import config_template, settled_by_template
from .dockerfiles import image_language, system_packages
from .facts import AppFacts, ProjectFacts, Sourced, WritablePath
from .image_folders import (
    dockerfile_volumes,
    made_data_folders,
    placed_volumes,
    with_image_switches,
    with_java,
    without_image_copies,
)
from .key_files import read_key_files
from .node_frameworks import browser_module
from .outer import enclosing, outer_engines, outer_settings, workspace_root
from .pgext import pg_extensions
from .projectenv import setting_port, url_by_example
from .registry import ECOSYSTEMS
from .secretforms import secret_forms, with_example_secrets
from .sqlschema import schema_inits
from .tree import Tree, join, written_by_advisor
from .writable_logs import folders_only, log_settings

# Folders never taken for an app of their own.
NOT_APPS = frozenset(
    {
        "tests",
        "test",
        "__tests__",
        "e2e",
        "docs",
        "doc",
        "examples",
        "example",
        "samples",
        "fixtures",
        "scripts",
        "tools",
        "migrations",
        "static",
        "templates",
        "public",
        "assets",
        "deploy",
        "deployment",
        "infra",
        "k8s",
        "helm",
        "charts",
        "docker",
        "requirements",
        "src",
        "gradle",
        "config",
    }
)
APP_DEPTH = 3  # how deep below the root an app folder may be (apps/web, packages/api/…)
SERVER_NAMES = ("backend", "server", "api", "app", "web", "service")
KIND_RANK = {"server": 0, "worker": 1, "spa": 2, "static": 3}


def _claim(tree: Tree, folder: str) -> tuple[Ecosystem, Detection] | None:
    found = [(eco, d) for eco in ECOSYSTEMS if (d := eco.detect(tree, folder)) is not None]
    # the strongest; of equals, the language the folder's own image runs, then the table's order
    base = image_language(tree, folder) if len(found) > 1 else None
    return max(found, key=lambda f: (f[1].strength, f[1].language == base), default=None)


def _candidate_folders(tree: Tree, top: str = "", depth: int = APP_DEPTH) -> list[str]:
    result = [top]
    frontier = [top]
    # a folder the top's workspace lists by name is a package, whatever its name (etherpad's src)
    listed = {
        p.strip("./") for p in node_workspace.patterns(tree, "") if "*" not in p and not p.startswith("!")
    }
    for _ in range(depth):
        nxt = []
        for folder in frontier:
            for sub in sorted(tree.subdirs(folder)):
                if sub.startswith(".") or (sub.lower() in NOT_APPS and join(folder, sub) not in listed):
                    continue
                rel = join(folder, sub)
                nxt.append(rel)
        result.extend(nxt)
        frontier = nxt
    return result


def inspect_project(
    folder: Path, *, max_file_bytes: int | None = None, max_entries: int | None = None
) -> ProjectFacts:
    """Read ``folder`` (bounded, nothing executed) into ``ProjectFacts``."""
    kwargs: dict[str, int] = {}
    if max_file_bytes is not None:
        kwargs["max_file_bytes"] = max_file_bytes
    if max_entries is not None:
        kwargs["max_entries"] = max_entries
    tree = Tree(Path(folder), **kwargs)

    claims: list[tuple[str, Ecosystem, Detection]] = []
    workspace_roots: list[tuple[str, Detection]] = []
    for candidate in _candidate_folders(tree):
        claim = _claim(tree, candidate)
        if claim is None:
            continue
        eco, detection = claim
        if detection.workspace_root:
            workspace_roots.append((candidate, detection))
            continue
        if candidate:
            # a nested folder of an app already found counts only with evidence of its own
            parent = next((c for c in claims if c[0] == "" or candidate.startswith(c[0] + "/")), None)
            if parent is not None and detection.strength < 2:
                continue
        claims.append((candidate, eco, detection))

    if not claims and not workspace_roots:
        # Nothing above it is an app: it is in src/ (Try-Django's src/manage.py, joanie's src/backend)
        for candidate in _candidate_folders(tree, "src", 2):
            claim = _claim(tree, candidate)
            inside = any(candidate.startswith(c[0] + "/") for c in claims)
            if claim is not None and not claim[1].workspace_root and not inside:
                claims.append((candidate, *claim))
    apps = [
        _mark_code_folders(tree, eco.plan(tree, candidate, detection)) for candidate, eco, detection in claims
    ]
    apps = [
        replace(
            a,
            secret_forms=secret_forms(tree, a),
            pg_extensions=pg_extensions(tree, a),
            system_packages=with_java(tree, app_dir(a), system_packages(tree, app_dir(a)))
            if a.language.value in ("python", "node")
            else None,
            writable_paths=folders_only(
                tree,
                app_dir(a),
                (*a.writable_paths, *log_settings(a.own_settings), *_kept_for_writes(tree, a)),
            ),
            own_output_dirs=_own_output_dirs(tree, "" if a.path == "." else a.path),
            config_template=config_template(tree, "" if a.path == "." else a.path, a.env_vars),
            key_files=read_key_files(tree, a),
        )
        for a in (with_example_secrets(tree, x) for x in without_image_copies(tree, apps))
    ]
    apps = [with_image_switches(tree, url_by_example(settled_by_template(tree, a))) for a in apps]
    others = {a.path for a in apps if a.path != "."}
    apps.sort(key=lambda a: _primary_rank(a, others))
    docker_files = _docker_files(tree, [a.path for a in apps])
    folders = ["", *("" if a.path == "." else a.path for a in apps)]
    compose_files = main_compose_files(tree, folders)
    engines = compose_engines(tree, compose_files + deploy_compose_files(tree))
    if outer := enclosing(Path(folder)):
        # run in one app folder of a repository: the env examples and compose file above it
        engines = (*engines, *outer_engines(outer))
        if settings := outer_settings(outer):
            apps = [replace(app, own_settings=(*app.own_settings, *settings)) for app in apps]
    apps = [_one_alternative(app, engines) for app in apps]
    member = workspace_root(outer, Path(folder)) if outer else None
    return ProjectFacts(
        root=str(folder),
        apps=tuple(apps),
        project_name=_project_name(tree, Path(folder), apps, workspace_roots),
        docker_files=docker_files,
        # the project's compose file says how its database is filled, else its schema file
        db_inits=db_inits(tree, [*_own_compose(tree, docker_files), *moved_aside(tree, folders)])
        or schema_inits(tree, apps[0] if apps else None),
        db_engines=engines,
        other_services=other_services(tree, compose_files),
        workspace_root=member,
        files_seen=sum(len(v) for v in tree.files.values()),
        truncated=tree.truncated,
        skipped=tuple(Sourced(reason, rel) for rel, reason in tree.skipped),
    )


# Words in an env example's name that tie it to one kind of database (.env.postgres.example).
_DB_WORDS = {
    "relational": ("postgres", "mysql", "mariadb"),
    "sql": ("postgres", "mysql", "mariadb"),
    "document": ("mongodb",),
    "mongo": ("mongodb",),
    "mongodb": ("mongodb",),
    "postgres": ("postgres",),
    "postgresql": ("postgres",),
    "pg": ("postgres",),
    "mysql": ("mysql", "mariadb"),
    "mariadb": ("mariadb", "mysql"),
}


def _one_alternative(app: AppFacts, engines: tuple[Sourced[str], ...]) -> AppFacts:
    """Of one env example per database, the one of the database it runs (compose's, else its driver's)."""
    engine = next((e.value for e in engines if e.value != "redis"), None)
    if engine is None and len({s.kind for s in app.databases}) == 1:
        engine = app.databases[0].kind
    if engine is None:
        return app

    def fits(source: str) -> bool:
        words = [w for w in re.split(r"[^a-z0-9]+", source.rsplit("/", 1)[-1].lower()) if w in _DB_WORDS]
        return not words or any(engine in _DB_WORDS[w] for w in words)

    kept = tuple(s for s in app.own_settings if fits(s.source))
    return app if len(kept) == len(app.own_settings) else replace(app, own_settings=kept)


# A setting whose value is the app's SQLite file: DB_FILENAME=/var/lib/kutt/data.sqlite.
_SQLITE_SETTING = re.compile(
    r"(?:DB|DATABASE|SQLITE)[A-Z0-9_]*(?:FILE|FILENAME|PATH|NAME|STORAGE)|SQLITE[A-Z0-9_]*"
)
_SQLITE_FILE = re.compile(r"(?:/|\./)?(?:[\w.-]+/)*[\w.-]+\.(?:sqlite3?|db)")
# A setting whose value is a folder the app writes: UPLOAD_FOLDER=/var/uploads, LOG_FOLDER=/var/log/CTFd
_FOLDER_SETTING = re.compile(
    r"[A-Z0-9_]*(?:UPLOAD|DATA|MEDIA|STORAGE|FILES|LOG|WORK)S?_(?:FOLDER|DIR|DIRECTORY|PATH|ROOT)"
)
_FOLDER_VALUE = re.compile(r"(?:/|\./)?[\w-]+(?:/[\w-]+)*/?")


def app_dir(app: AppFacts) -> str:
    return "" if app.path == "." else app.path


# A .gitignore line for the files inside a folder the repository keeps (`/log/*.log*`).
_INSIDE_IGNORED = re.compile(r"^/?([A-Za-z][\w.-]*)/\*[^/]*$")


def _kept_for_writes(tree: Tree, app: AppFacts) -> tuple[WritablePath, ...]:
    """Folders the repository keeps while git ignores their files (open-notificaties' log/, with its README,
    and `/log/*.log*`): the app writes there, so they are its user's. A Python or Node app's own only."""
    if app.language.value not in ("python", "node"):
        return ()
    folder = "" if app.path == "." else app.path
    rel = join(folder, ".gitignore")
    names = {
        m.group(1)
        for line in (tree.text(rel) or "").splitlines()
        if (m := _INSIDE_IGNORED.match(line.strip()))
    }
    return tuple(
        WritablePath(name, "logs" if "log" in name.lower() else "data", rel, "files git ignores")
        for name in sorted(names)
        if tree.has_dir(join(folder, name))
        and not any(n.endswith((".py", ".js", ".ts")) for n in tree.names(join(folder, name)))
    )


def _own_output_dirs(tree: Tree, folder: str) -> tuple[str, ...]:
    """build/ and dist/ in the app's folder that git keeps: its own (open-notificaties' build/tasks)."""
    found = (rel.rpartition("/")[2] for rel in tree.output_dirs if rel.rpartition("/")[0] == folder)
    return tuple(name for name in found if not tree.ignored_by_git(folder, name))


def _mark_code_folders(tree: Tree, app: AppFacts) -> AppFacts:
    """The SQLite file the project's own settings name (a value in its .env example or its
    compose file), and SQLite files whose folder also holds the app's code (CTFd/ctfd.db
    beside CTFd/*.py)."""
    marked = []
    for s in app.own_settings:
        # (or a folder the project's image keeps for the variable, image_path_settings; not a word)
        image = s.source.rpartition("/")[2].startswith("Dockerfile") and s.value.startswith("/")
        if (image or _FOLDER_SETTING.fullmatch(s.name)) and _FOLDER_VALUE.fullmatch(s.value):
            path = s.value.removeprefix("./").rstrip("/")
            if path and (not path.startswith("/") or image_data_folder(path) or path.startswith("/logs/")):
                kind = "logs" if "LOG" in s.name else "data-dir"
                marked.append(WritablePath(path, kind, s.source, s.name))
            continue
        if _SQLITE_SETTING.fullmatch(s.name) and _SQLITE_FILE.fullmatch(s.value) and ".." not in s.value:
            path = s.value.removeprefix("./")
            if path.count("/") >= (2 if path.startswith("/") else 0):  # not a file at the root
                marked.append(WritablePath(path, "sqlite", s.source, s.name, configured=True))
    # the named volumes the project's own compose file mounts under /app for this app
    marked += [
        WritablePath(p, "data-dir", rel, "compose volume") for p, rel in placed_volumes(tree, app_dir(app))
    ]
    # and the VOLUME folders of its own Dockerfile (a system folder is no data's: appdata.volume_folder)
    marked += [
        WritablePath(p, "data-dir", rel, "Dockerfile VOLUME")
        for p, rel in dockerfile_volumes(tree, app_dir(app))
        if not p.startswith("/") or image_data_folder(p)
    ]
    marked += made_data_folders(tree, app_dir(app))  # Huntarr's mkdir -p /config, looked for
    for w in app.writable_paths:
        folder = w.path.rpartition("/")[0]
        if w.kind == "sqlite" and not w.path.startswith("/"):
            at = join("" if app.path == "." else app.path, folder) if folder else app.path
            if any(n.endswith(CODE_SUFFIXES) for n in tree.names("" if at == "." else at)):
                w = replace(w, beside_code=True)
        marked.append(w)
    ports = app.ports or setting_port(app)  # the port variable its compose file sets (SERVE_PORT=38080)
    return replace(app, writable_paths=tuple(dict.fromkeys(marked)), ports=ports)


_ORCHESTRATORS = frozenset({"run-p", "run-s", "npm-run-all", "npm-run-all2", "concurrently"})


def _start_rank(app: AppFacts, others: set[str]) -> int:
    """A start command first; in a workspace, the member the root's start script runs, then a member's
    start script before a start that is only its ``main`` (a library's has one too). Last, a top package
    that starts its folders' apps (Gladys's run-p, PERN-Store's `node server`), or a browser UI's."""
    pm = app.package_manager
    if pm is not None and pm.named_by_root:
        return 0
    runs = app.start.argv[1].removeprefix("./").split("/")[0] if app.start and app.start.argv[1:] else ""
    if app.start is None or app.start.argv[0] in _ORCHESTRATORS or (app.path == "." and runs in others):
        return 3
    if browser_module(app):  # tracim's frontend_app_*: src/index.js, a module of a React UI
        return 3
    # (a main the build writes, `main: index.js is dist/index.js`, is no more a server's)
    return 2 if app.start.detail.startswith("main") and pm is not None and pm.workspace is not None else 1


def _name_rank(parts: set[str]) -> int:
    return 3 if parts & _CLIENT_NAMES else 1 if parts & set(SERVER_NAMES) else 2


_CLIENT_NAMES = frozenset({"cli", "desktop", "mobile", "electron", "ios", "android", "extension", "clipper"})


def _primary_rank(app: AppFacts, others: set[str]) -> tuple[int, int, int, int, int, str]:
    path = "" if app.path == "." else app.path
    last = path.rsplit("/", 1)[-1]
    return (
        KIND_RANK.get(app.kind, 9),
        _start_rank(app, others),
        # a server's folder by name (apps/papra-server), not a client's (joplin's packages/app-cli)
        0 if path == "" else _name_rank(set(re.split(r"[-_.]", last))),
        # of two servers, the one with a database (rocketadmin's backend/, not its WebSocket relay)
        0 if app.databases else 1,
        path.count("/"),
        path,
    )


def _project_name(
    tree: Tree, folder: Path, apps: list[AppFacts], roots: list[tuple[str, Detection]]
) -> Sourced[str] | None:
    candidates: list[Sourced[str]] = []
    root_app = next((a for a in apps if a.path == "."), None)
    if root_app is not None and root_app.name is not None:
        candidates.append(root_app.name)
    for path, _detection in roots:
        if path == "":
            data = tree.json("package.json")
            if data and isinstance(data.get("name"), str):
                candidates.append(Sourced(data["name"], "package.json", "name"))
            pyproject = tree.toml("pyproject.toml")
            project = pyproject.get("project") if pyproject else None
            if isinstance(project, dict) and isinstance(project.get("name"), str):
                candidates.append(Sourced(project["name"], "pyproject.toml", "project.name"))
            for settings in ("settings.gradle.kts", "settings.gradle"):
                text = tree.text(settings)
                if text and (m := re.search(r"""rootProject\.name\s*=\s*['"]([^'"]+)['"]""", text)):
                    candidates.append(Sourced(m.group(1), settings, "rootProject.name"))
            if tree.has("pom.xml"):
                text = tree.text("pom.xml") or ""
                body = re.sub(r"<parent>.*?</parent>", "", text, flags=re.S)
                if m := re.search(r"<artifactId>\s*([^<\s]+)\s*</artifactId>", body):
                    candidates.append(Sourced(m.group(1), "pom.xml", "artifactId"))
    if apps and apps[0].name is not None:
        candidates.append(apps[0].name)
    for candidate in candidates:
        name = normalise_name(candidate.value)
        if name:
            return Sourced(name, candidate.source, candidate.detail)
    name = normalise_name(folder_name(folder))
    return Sourced(name, "", "folder name") if name else None


_DOCKER_PATTERNS = (
    (re.compile(r"^(?:Dockerfile|Containerfile)(?:\..+)?$|^.+\.[Dd]ockerfile$"), "dockerfile"),
    (re.compile(r"^(?:docker-)?compose(?:\.override)\.ya?ml$"), "compose-override"),
    (re.compile(r"^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$"), "compose"),
    (re.compile(r"^\.dockerignore$"), "dockerignore"),
    (re.compile(r"^\.env$"), "env"),
    (re.compile(r"^\.env\.(?:example|sample|template|dist)$|^(?:example\.env|env\.example)$"), "env-example"),
)


def _own_compose(tree: Tree, docker_files: tuple[Sourced[str], ...]) -> list[str]:
    """The project's compose files, not advisor's own compose.yaml of an earlier run."""
    return [
        f.source
        for f in docker_files
        if f.value == "compose" and not written_by_advisor(tree.text(f.source) or "")
    ]


def _docker_files(tree: Tree, app_paths: list[str]) -> tuple[Sourced[str], ...]:
    """Docker-related files in the root and in every app folder."""
    folders = dict.fromkeys(["", *("" if p == "." else p for p in app_paths)])
    found: list[Sourced[str]] = []
    for folder in folders:
        for name in sorted(tree.names(folder)):
            for pattern, kind in _DOCKER_PATTERNS:
                if pattern.match(name):
                    found.append(Sourced(kind, join(folder, name)))
                    break
    return tuple(found)
