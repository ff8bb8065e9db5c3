"""What the project's own compose file says, which advisor's compose.yaml replaces: the
values it gives the app's container, and how it initialises its database (the SQL or shell
scripts it mounts into the image's ``/docker-entrypoint-initdb.d`` and the database name it
gives the image). Without these the app misses its settings and the database starts empty
(no tables) or under another name than the one the scripts fill."""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any

from ..appdata import CODE_SUFFIXES
from ..stacks import INITDB_DIR as INITDB
from .facts import Command, DbInit, ProjectFacts, Sourced
from .tree import Tree, join, written_by_advisor

# The image's variable that names the database it creates, per engine.
_NAME_VARS = {
    "postgres": ("POSTGRES_DB",),
    "mysql": ("MYSQL_DATABASE",),
    "mariadb": ("MARIADB_DATABASE", "MYSQL_DATABASE"),
    "mongodb": ("MONGO_INITDB_DATABASE",),
}
# An image's repository (its last path part, without the tag) → the engine it runs.
_ENGINES = (
    (re.compile(r"^(?:postgres|postgis|pgvector|timescaledb(?:-ha)?)$"), "postgres"),
    (re.compile(r"^mysql(?:-server)?$"), "mysql"),
    (re.compile(r"^mariadb$"), "mariadb"),
    (re.compile(r"^mongo(?:db)?(?:-community-server)?$"), "mongodb"),
)
# `USE article;` / `\c article` at the top of a script: the database it fills.
_USE = re.compile(r"^\s*(?:USE\s+[`\"]?(\w+)[`\"]?\s*;|\\c(?:onnect)?\s+(\w+))", re.I | re.M)
_SCRIPT = re.compile(r"\.(?:sql|sql\.gz|sql\.xz|sql\.zst|sh|js)$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _repository(image: str) -> str:
    """``postgis/postgis:16-3.4@sha256:…`` → ``postgis``: the last path part, no tag or digest."""
    return image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0].lower()


def engine_of(image: str) -> str | None:
    """``mysql:8.3`` → ``mysql``; ``postgis/postgis:16-3.4`` → ``postgres``."""
    repository = _repository(image)
    return next((engine for pattern, engine in _ENGINES if pattern.match(repository)), None)


# The names of the app's own database service, before any other (quarry's `db`, with schema.sql,
# over `mywiki`, a replica simulator whose replica.sql is another database's).
_APP_DB_NAMES = frozenset(
    {"db", "database", "postgres", "postgresql", "pg", "mysql", "mariadb", "mongo", "mongodb"}
)


def db_inits(tree: Tree, compose_files: list[str]) -> tuple[DbInit, ...]:
    """One entry per database service of the project's compose files that mounts files of
    the project into ``/docker-entrypoint-initdb.d``; the app's own by its name first."""
    found = [
        (name.lower() not in _APP_DB_NAMES, entry)
        for rel in compose_files
        for name, service in services_of(tree, rel)
        if (entry := _service(tree, rel, service)) is not None
    ]
    return tuple(entry for _, entry in sorted(found, key=lambda f: f[0]))


def _services(tree: Tree, rel: str) -> list[Any]:
    """The service definitions of a compose file (none when it is not one)."""
    docs = tree.yaml_docs(rel)
    services = docs[0].get("services") if docs and isinstance(docs[0], dict) else None
    return list(services.values()) if isinstance(services, dict) else []


def services_of(tree: Tree, rel: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, definition) of each service of a compose file, anchors and merge keys resolved."""
    docs = tree.yaml_docs(rel)
    services = docs[0].get("services") if docs and isinstance(docs[0], dict) else None
    if not isinstance(services, dict):
        return []
    return [(str(k), v) for k, v in services.items() if isinstance(v, dict)]


def _environment(service: dict[str, Any]) -> list[tuple[str, Any]]:
    """A service's ``environment:`` as (name, value) in either form (a mapping, or a list of
    ``NAME=value``); a name with no value (passed through from the shell) has None."""
    env = service.get("environment") or ()
    if isinstance(env, dict):
        return [(str(k), v) for k, v in env.items()]
    return [(k, v if sep else None) for k, sep, v in (str(e).partition("=") for e in env)]


def _service(tree: Tree, compose: str, service: Any) -> DbInit | None:
    if not isinstance(service, dict) or not isinstance(service.get("image"), str):
        return None
    engine = engine_of(service["image"])
    if engine is None:
        return None
    base = posixpath.dirname(compose)
    scripts: list[tuple[str, str]] = []
    for volume in service.get("volumes") or ():
        mount = _bind(volume)
        if mount is None or not (mount[1] == INITDB or mount[1].startswith(INITDB + "/")):
            continue
        path = posixpath.normpath(posixpath.join(base, mount[0]))
        if path.startswith("../") or path == ".." or not (tree.has(path) or tree.has_dir(path)):
            continue  # outside the project, or not there (nothing to mount)
        if tree.has_dir(path) and mount[1] == INITDB:
            # The folder's scripts one by one: advisor's own init scripts go beside them.
            names = [n for n in sorted(tree.names(path)) if _SCRIPT.search(n)]
            scripts += [(f"{path}/{n}", f"{INITDB}/{n}") for n in names]
        else:
            scripts.append((path, mount[1]))
    # A script that reads a variable of the project's own that its db service sets
    # (create-test-db.sh: CREATE DATABASE "$POSTGRES_TEST_DB") would fail on advisor's db, which
    # sets only the image's own: left out (a test database is not the app's).
    # So is a shell script that reads a variable the image does not set and it does not set
    # itself (the AWS sample's init.sh: POSTGRES_MASTER and WORKSHOP_* from the service's
    # env_file, under `set -u`): advisor's db sets only the image's own.
    own = {k for k, _ in _environment(service) if not _IMAGE_VAR.match(k)}
    scripts = [(path, target) for path, target in scripts if not own & _reads(tree.text(path) or "")]
    scripts = [(p, t) for p, t in scripts if not p.endswith(".sh") or not _foreign_vars(tree.text(p) or "")]
    if not scripts:
        return None
    name = _database_name(_environment(service), engine, compose)
    if name is None:
        name = next((n for path, _ in scripts if (n := used_database(tree, path))), None)
    return DbInit(engine=engine, scripts=tuple(scripts), database=name, source=compose)


def _reads(text: str) -> set[str]:
    return set(re.findall(r"\$\{?([A-Za-z_]\w*)", text))


# Variables every shell has, or the entrypoint sets for its scripts.
_SHELL_VARS = frozenset(
    {"HOME", "PATH", "PWD", "USER", "HOSTNAME", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"}
)


def _foreign_vars(text: str) -> set[str]:
    """Upper-case variables a shell init script reads that neither the image nor it sets."""
    assigned = set(re.findall(r"^\s*(?:export\s+|local\s+)?([A-Za-z_]\w*)=", text, re.M))
    assigned |= set(re.findall(r"\b(?:for|read)\s+(?:-\w+\s+)*([A-Za-z_]\w*)", text))
    return {
        v
        for v in _reads(text)
        if v.isupper() and v not in assigned and v not in _SHELL_VARS and not _IMAGE_VAR.match(v)
    }


# The official database images' own variables (their _FILE forms too).
_IMAGE_VAR = re.compile(
    r"^(?:POSTGRES_(?:USER|PASSWORD|DB|INITDB_ARGS|INITDB_WALDIR|HOST_AUTH_METHOD)|PGDATA"
    r"|(?:MYSQL|MARIADB)_(?:ROOT_PASSWORD|DATABASE|USER|PASSWORD|ALLOW_EMPTY_(?:ROOT_)?PASSWORD"
    r"|RANDOM_ROOT_PASSWORD|ONETIME_PASSWORD|INITDB_SKIP_TZINFO|ROOT_HOST)"
    r"|MONGO_INITDB_(?:ROOT_USERNAME|ROOT_PASSWORD|DATABASE))(?:_FILE)?$"
)


def _bind(volume: Any) -> tuple[str, str] | None:
    """(source, target) of a bind mount of a project path; None for a named volume."""
    if isinstance(volume, str):
        parts = volume.split(":")
        if len(parts) < 2:
            return None
        source, target = parts[0], parts[1]
    elif isinstance(volume, dict) and volume.get("type", "bind") == "bind":
        if not isinstance(volume.get("source"), str) or not isinstance(volume.get("target"), str):
            return None
        source, target = str(volume["source"]), str(volume["target"])
    else:
        return None
    if not source.startswith("."):
        return None  # a named volume, or an absolute path (outside the project)
    return source, target.rstrip("/") or "/"


def _database_name(environment: list[tuple[str, Any]], engine: str, compose: str) -> Sourced[str] | None:
    values = {k: str(v) for k, v in environment if v is not None}
    for var in _NAME_VARS[engine]:
        value = values.get(var, "").strip()
        if _IDENTIFIER.fullmatch(value):
            return Sourced(value, compose, var)
    return None


def used_database(tree: Tree, path: str) -> Sourced[str] | None:
    if tree.has_dir(path):  # a folder of scripts: the image runs them in name order
        first = next((n for n in sorted(tree.names(path)) if n.endswith(".sql")), None)
        return used_database(tree, f"{path}/{first}") if first else None
    if not path.endswith(".sql"):
        return None
    head = "".join(line for _, line in zip(range(40), tree.lines(path), strict=False))
    m = _USE.search(head)
    name = (m.group(1) or m.group(2)) if m else None
    return Sourced(name, path, "USE") if name and _IDENTIFIER.fullmatch(name) else None


_LIVE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
# The project's compose files advisor moved aside (NAME.orig) are still the project's word on
# how it runs: a re-run reads them as the first run read them.
_COMPOSE_NAMES = (*_LIVE_NAMES, *(f"{name}.orig" for name in _LIVE_NAMES))


def main_compose_files(tree: Tree, folders: list[str]) -> list[str]:
    """The compose files Compose itself reads in ``folders`` (not variants like
    docker-compose.prod.yml), then the ones advisor moved aside."""
    live = [join(f, n) for f in dict.fromkeys(folders) for n in _LIVE_NAMES if tree.has(join(f, n))]
    return [rel for rel in live if not written_by_advisor(tree.text(rel) or "")] + moved_aside(tree, folders)


# Where projects keep the compose file they deploy with (codimd's deployments/docker-compose.yml)
# or develop with (a dev container's, Wiki.js's dev/containers/docker-compose.yml): the database
# it runs there is the project's word on which one it runs with.
_DEPLOY_FOLDERS = (
    "deployments",
    "deployment",
    "deploy",
    "docker",
    ".docker",
    "contrib/docker",
    ".devcontainer",
    "dev",
    "dev/containers",
)


def deploy_compose_files(tree: Tree) -> list[str]:
    return [join(f, n) for f in _DEPLOY_FOLDERS for n in _LIVE_NAMES if tree.has(join(f, n))]


_CACHE_IMAGE = re.compile(r"^(?:redis|redis-stack(?:-server)?|valkey|keydb)$")


def compose_engines(tree: Tree, compose_files: list[str]) -> tuple[Sourced[str], ...]:
    """The database engines the services of these compose files run, from their images, and
    ``redis`` for a Redis (or Valkey, KeyDB) service; the detail is the service's name."""
    found: list[Sourced[str]] = []
    for rel in compose_files:
        for name, service in services_of(tree, rel):
            image = service.get("image")
            if not isinstance(image, str):
                continue
            engine = "redis" if _CACHE_IMAGE.match(_repository(image)) else engine_of(image)
            if engine is not None:
                found.append(Sourced(engine, rel, name))
    return tuple(found)


# Images that serve the developer, not the app: proxies, database and queue consoles, mail
# catchers, the project's own tooling. The app does not need them to start.
_TOOLING = re.compile(
    r"^(?:nginx|nginx-unprivileged|caddy|traefik|haproxy|adminer|pgadmin4?|phpmyadmin|mongo-express"
    r"|redis-?commander|redisinsight|mailhog|mailpit|mailcatcher|maildev|smtp4dev|swagger-ui|portainer"
    r"|watchtower|certbot|node|python|golang|alpine|busybox|debian|ubuntu)$"
)


def other_services(tree: Tree, compose_files: list[str]) -> tuple[Sourced[str], ...]:
    """``name=image`` of the services the project's compose files run besides the app (built
    from source), its database and cache, and developer tooling: servers the app may talk to
    (a message broker, a search engine, object storage, a tracing collector)."""
    found: dict[str, Sourced[str]] = {}
    for rel in compose_files:
        for name, service in services_of(tree, rel):
            image = service.get("image")
            if "build" in service or not isinstance(image, str) or "$" in image:
                continue
            repository = _repository(image)
            if engine_of(image) or _CACHE_IMAGE.match(repository) or _TOOLING.match(repository):
                continue
            found.setdefault(name, Sourced(f"{name}={image}", rel, "services"))
    return tuple(found.values())


def moved_aside(tree: Tree, folders: list[str]) -> list[str]:
    """The project's compose files advisor moved aside, in ``folders``."""
    return [
        join(f, f"{n}.orig")
        for f in dict.fromkeys(folders)
        for n in _LIVE_NAMES
        if tree.has(join(f, f"{n}.orig"))
    ]


def build_folder(build: Any, where: str) -> str | None:
    """The project folder a compose service's ``build`` names (its context), or None."""
    context = build.get("context", ".") if isinstance(build, dict) else build
    if not isinstance(context, str) or "://" in context or context.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(where or ".", context))
    return "" if path == "." else path


def other_services_besides_app(project: ProjectFacts | None, name: str) -> tuple[Sourced[str], ...]:
    """The other servers of the project's compose file, without the project's own published
    image (louislam/uptime-kuma:2 for uptime-kuma): that is the app."""
    if project is None:
        return ()
    # (named as the project, or as its folder: Jellystat's package is jfstat, its image jellystat)
    owns = {n.replace("_", "-").lower() for n in (name, os.path.basename(os.path.abspath(project.root)))}

    def names(service: Sourced[str]) -> set[str]:
        """The image's name, and its publisher's (djangohelpdesk/standalone for django-helpdesk)."""
        image = service.value.partition("=")[2].split("@", 1)[0].split(":", 1)[0]
        parts = image.split("/")
        return {_flat(parts[-1])} | ({_flat(parts[-2])} if len(parts) > 1 else set())

    own = {_flat(f"{o}{tail}") for o in owns for tail in ("", "-app", "-api")}
    return tuple(s for s in project.other_services if not names(s) & own)


# The app's own start, last in a compose command line (`npm run cli db seed && npm start`),
# and the set-up steps before it: migrations, seeds, a schema push (not a wait-for script).
_START_LINE = re.compile(
    r"^(?:exec\s+)?(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?start(?::\S+)?|node\s|gunicorn\b|uvicorn\b|daphne\b"
    r"|python3?\s+manage\.py\s+runserver|flask\s+run\b)"
)
_SETUP_LINE = re.compile(
    r"\b(?:migrat\w*|seed\w*|db\s+(?:seed|push|migrate|upgrade|init)|(?:upgrade|init|create)[-_]?(?:db|tables)|alembic|prisma)\b"
)


def compose_release(tree: Tree, folder: str, folders: list[str]) -> Command | None:
    """The set-up steps the project's own compose file runs before the app starts, in its
    service's command or entrypoint (logto's `sh -c "npm run cli db seed -- --swe && npm
    start"`): the release step, run from the compose file's folder (``folder`` is the app's)."""
    for rel in main_compose_files(tree, folders):
        for name, service in services_of(tree, rel):
            for key in ("entrypoint", "command"):
                # steps joined by && or one per line (feeds.fun's `poetry run ffun migrate`, an
                # echo, then the server), each without the tool that runs it (poetry run)
                parts = [
                    re.sub(r"^(?:poetry|pipenv|pdm|uv)\s+run\s+", "", p.strip())
                    for p in re.split(r"&&|\n", _shell_line(service.get(key)))
                    if p.strip() and not re.match(r"\s*(?:echo|set)\s", p)
                ]
                steps = parts[:-1]
                if steps and _START_LINE.match(parts[-1]) and all(_SETUP_LINE.search(s) for s in steps):
                    where = posixpath.relpath(rel.rpartition("/")[0] or ".", folder or ".")
                    line = " && ".join(steps if where == "." else [f"cd {where}", *steps])
                    return Command(("sh", "-c", line), rel, f"services.{name}.{key}")
    return None


def _shell_line(value: Any) -> str:
    """The shell line of a command or entrypoint: `sh -c "…"` in either form, or the string."""
    words = value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None
    if words is None and isinstance(value, str):
        m = re.fullmatch(r"""\s*(?:/bin/)?(?:ba)?sh\s+-c\s+(['"])(.*)\1\s*""", value, re.S)
        return m.group(2) if m else value
    if words and len(words) >= 3 and words[0].rsplit("/", 1)[-1] in ("sh", "bash") and words[1] == "-c":
        return str(words[2])
    return ""


_APP_FOLDER = re.compile(r"/app/[\w.-]+(?:/[\w.-]+)*")


def _own_image(tree: Tree, name: str, service: dict[str, Any]) -> bool:
    """A service that runs the project's own published image (MIND's `mind: image:
    mrcas/mind:latest`): named as the service or as the project's folder."""
    image = service.get("image")
    if "build" in service or not isinstance(image, str) or "$" in image:
        return False
    return _flat(_repository(image)) in {_flat(n) for n in (name, os.path.basename(str(tree.root)))}


def _flat(word: str) -> str:
    """A name as images and folders spell it alike (django-helpdesk, djangohelpdesk, Django_Helpdesk)."""
    return re.sub(r"[-_.]", "", word.lower())


def _holds_code(tree: Tree, folder: str) -> bool:
    """Whether the repository's ``folder`` holds source files (a bind mount of code)."""
    return any(name.endswith(CODE_SUFFIXES) for _, name in tree.walk(folder))


def volume_folders(tree: Tree, folder: str) -> tuple[tuple[str, str], ...]:
    """(folder relative to the app's, compose file) for each named volume the project's own
    compose file mounts under /app in the service that builds the app or runs its published
    image (FileCodeBox's `fcb-data:/app/data`): where the app keeps its data, in an image laid out in /app as
    advisor's is. Not a bind mount of code, nor the node_modules trick (`/app/node_modules`)."""
    found: list[tuple[str, str]] = []
    for rel in main_compose_files(tree, [folder, ""]):
        where = rel.rpartition("/")[0]
        for name, service in services_of(tree, rel):
            if build_folder(service.get("build"), where) != folder and not _own_image(tree, name, service):
                continue
            for volume in service.get("volumes") or ():
                source, _, target = str(volume).partition(":") if isinstance(volume, str) else ("", "", "")
                target = target.partition(":")[0].rstrip("/")
                named = re.fullmatch(r"[A-Za-z0-9][\w.-]*", source) is not None
                # or a folder of the host's that holds no code (spotizerr's `./data:/app/data`)
                bound = re.fullmatch(r"\./[A-Za-z0-9][\w-]*/?", source) is not None and not _holds_code(
                    tree, join(where, source[2:].rstrip("/"))
                )
                if (named or bound) and _APP_FOLDER.fullmatch(target) and "node_modules" not in target:
                    found.append((target.removeprefix("/app/"), rel))
    return tuple(dict.fromkeys(found))
