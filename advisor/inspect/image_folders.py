"""What the project's own image says of the app: the port it exposes, and the folders it
makes for the app's data: Huntarr's Dockerfile runs
``mkdir -p /config``, and its code keeps its database there only when that folder exists
(``os.path.exists("/config")``), else in the user's home, which no volume keeps."""

from __future__ import annotations

import dataclasses
import re

from ..appdata import DATA_PREFIXES, own_top_folder
from .common import source_files
from .composeenv import compose_port
from .composefile import volume_folders
from .dockerfile_paths import app_image_stage, exec_form, final_chain, own_dockerfiles
from .dockerfiles import SERVICE_PORTS, docker_folder, outer_dockerfiles
from .entry_setup import ImageCopies
from .facts import AppFacts, Sourced, WritablePath
from .tree import Tree
from .writable import clean_path

# (a path never starts with "-": `mkdir -p $SPIDERFOOT_DATA` names no folder here, not "-p")
_MKDIR = re.compile(r"\bmkdir\s+(?:-\w+\s+)*((?:\.?/?[\w.][\w./-]*[ \t]*)+)")
# A folder of the app's own named in its code: path.join(…, 'plugins'), "./plugins".
_NAMED = r"""['"`](?:\./)?{}/?['"`]"""
# The code checks or opens the folder, or falls back to it: os.path.exists("/config"),
# Path("/config"), os.environ.get("CONFIG_DIR", "/config"), fs.existsSync('/config').
_USE = (
    r"""(?:exists|isdir|access|Path|get|getenv|existsSync|statSync)\(\s*(?:['"]\w+['"]\s*,\s*)?['"]{}/?['"]"""
    # a variable's default, given beside it (gamevault's `parsePath(process.env.VOLUMES_CONFIG, "/config")`)
    r"""|\(\s*process\.env\.\w+\s*,\s*['"]{}/?['"]"""
)
_SUFFIXES = (".py", ".js", ".ts", ".mjs", ".cjs")


def made_data_folders(tree: Tree, folder: str) -> list[WritablePath]:
    """The data folders the final stage of the project's own Dockerfile makes with ``mkdir``
    and the app's code looks for: absolute ones (/config, /data…) in a volume; ones in the
    app's folder (reiverr's ``mkdir -p ./plugins``, which it lists at start) made writable."""
    made: dict[str, str] = {}
    for rel, stage in filter(None, [app_image_stage(tree, folder)]):
        workdir = ""
        for m in re.finditer(r"^\s*WORKDIR\s+(\S+)|" + _MKDIR.pattern, stage, re.M | re.I):
            if m.group(1):
                workdir = m.group(1).strip("\"'").rstrip("/")
                continue
            for path in m.group(2).split():
                path = path.rstrip("/")
                if workdir and path.startswith(workdir + "/"):
                    path = path[len(workdir) + 1 :]
                if path.startswith("/"):
                    # (or a top-level folder of its own the code names too: gamevault's /files, /db)
                    top = own_top_folder(path)
                    if (path.startswith(DATA_PREFIXES) and path.count("/") <= 2) or top:
                        made.setdefault(path, rel)
                elif (local := clean_path(path)) is not None and "/" not in local:
                    made.setdefault(local, rel)
    if not made:
        return []
    uses = {
        p: re.compile(
            _USE.format(re.escape(p), re.escape(p)) if p.startswith("/") else _NAMED.format(re.escape(p))
        )
        for p in made
    }
    found: list[WritablePath] = []
    for rel in source_files(tree, folder, _SUFFIXES):
        text = tree.text(rel) or ""
        for path in [p for p in uses if p in text and uses[p].search(text)]:
            kind = "data-dir" if path.startswith("/") else "data"
            found.append(WritablePath(path, kind, made[path], f"made by the image, used by {rel}"))
            del uses[path]
        if not uses:
            break
    return found


_JAVA = re.compile(
    r"^\s*ENV\s+(?:[^\n]*\s)?JAVA_HOME[=\s]|\b(?:openjdk-\d+-(?:jre|jdk)|default-(?:jre|jdk))", re.M | re.I
)


def with_java(
    tree: Tree, folder: str, found: Sourced[tuple[str, ...]] | None
) -> Sourced[tuple[str, ...]] | None:
    """The system packages, with Debian's Java runtime when the project's image has one."""
    if not (rel := java_runtime(tree, folder)):
        return found
    return Sourced((*(found.value if found else ()), "default-jre-headless"), found.source if found else rel)


def java_runtime(tree: Tree, folder: str) -> str:
    """The project's own Dockerfile whose image gives the app a Java runtime (MobSF's
    ``JAVA_HOME=/jdk-22.0.2``, downloaded; or Debian's openjdk): the app runs Java tools (its
    settings stop without one). "" when it gives none."""
    found = app_image_stage(tree, folder)
    return found[0] if found is not None and _JAVA.search(found[1]) else ""


def dockerfile_port(tree: Tree, folder: str) -> Sourced[int] | None:
    """``EXPOSE`` in the folder's existing Dockerfile: the final stage's first (the image
    that runs), not a database's port another stage bundles; else the port the project's
    compose file publishes for the app's service."""
    for rel, text in (
        *own_dockerfiles(tree, folder),
        *outer_dockerfiles(tree, folder),
        *docker_folder(tree, folder),
    ):
        stages = re.split(r"^\s*FROM\s", text, flags=re.MULTILINE | re.IGNORECASE)
        named = {
            m.group(1).lower(): st for st in stages[1:] if (m := re.match(r"\S+\s+AS\s+(\S+)", st, re.I))
        }
        # the final stage, then the stages it is built FROM (tunarr's full-stack FROM
        # ffmpeg-base, which exposes 8000), then the others, development ones last
        chain, current = [], stages[-1]
        while current not in chain:
            chain.append(current)
            current = named.get(current.split(None, 1)[0].lower() if current.strip() else "", current)
        rest = [st for st in reversed(stages) if st not in chain]
        for stage in (*chain, *sorted(rest, key=lambda st: bool(re.match(r"\S+\s+AS\s+\w*dev", st, re.I)))):
            for m in re.finditer(r"^\s*EXPOSE\s+(\d{2,5})", stage, re.MULTILINE | re.IGNORECASE):
                if int(m.group(1)) not in SERVICE_PORTS:
                    return Sourced(int(m.group(1)), rel, "EXPOSE")
    return compose_port(tree, folder)  # else the one the project's compose file publishes for it


# A switch that keeps the app from asking questions at its first start (maloja's
# MALOJA_SKIP_SETUP=yes: with no terminal it stops, "set MALOJA_SKIP_SETUP=yes").
_NO_PROMPT = (
    r"[A-Z0-9_]*(?:SKIP_(?:SETUP|WIZARD|PROMPTS?|ONBOARDING)|NON_?INTERACTIVE|NO_INTERACTION|HEADLESS)"
)
_SWITCH_SET = re.compile(rf"""\b({_NO_PROMPT})=(["']?)([\w.-]+)\2""")


# A variable that tells the app it runs in a container (cookiecutter-django's USE_DOCKER, read
# with no default in its local settings: `if env("USE_DOCKER") == "yes":`)
_IN_DOCKER = re.compile(
    r"(?:USE|IN|IS|IS_IN|RUNNING_IN)_?(?:DOCKER|CONTAINER)|DOCKERI[SZ]ED|CONTAINERI[SZ]ED"
)


def _docker_flags(tree: Tree, app: AppFacts) -> list[tuple[str, str]]:
    """(name, value) of each such variable the app reads: the word its code compares it with
    (`== "yes"`), else `true`."""
    found = []
    for v in app.env_vars:
        if _IN_DOCKER.fullmatch(v.name):
            said = re.search(
                rf"""['"]{v.name}['"]\s*(?:,[^()]*)?\)\s*==\s*['"](\w+)['"]""", tree.text(v.source) or ""
            )
            found.append((v.name, said.group(1) if said else "true"))
    return found


def placed_volumes(tree: Tree, folder: str) -> list[tuple[str, str]]:
    """The project's compose volumes (composefile.volume_folders), each where the project has it
    when the project's own image copies a folder of its to /app (ownfoil's `COPY ./app /app`:
    `./config:/app/config` is its app/config, relative to the app's folder)."""
    found = volume_folders(tree, folder)
    stage = app_image_stage(tree, folder)
    image = ImageCopies(tree, stage[1]) if found and stage is not None else None
    placed = []
    for path, rel in found:
        where = image.place(f"/app/{path}") if image is not None else None
        if where is not None and folder:
            where = where[len(folder) + 1 :] if where.startswith(f"{folder}/") else None
        placed.append((where or path, rel))
    return placed


def with_image_switches(tree: Tree, app: AppFacts) -> AppFacts:
    """The app with the switches its own image sets so that it never prompts (maloja's
    Containerfile: `ENV MALOJA_SKIP_SETUP=yes`), when they are the app's: the image's start
    sets them too; and with the variables that say it runs in a container (_IN_DOCKER)."""
    if app.start is not None and (flags := _docker_flags(tree, app)):
        app = dataclasses.replace(app, start=dataclasses.replace(app.start, env=(*app.start.env, *flags)))
    found = app_image_stage(tree, "" if app.path == "." else app.path)
    if app.start is None or found is None:
        return app
    # read by name, or through the app's own settings loader by its prefix (maloja reads
    # MALOJA_DATA_DIRECTORY itself, its `skip_setup` setting as MALOJA_SKIP_SETUP)
    read = {v.name for v in app.env_vars} | {
        v.name.split("_")[0] + "_" for v in app.env_vars if "_" in v.name
    }
    switches = ((m.group(1), m.group(3)) for m in _SWITCH_SET.finditer(found[1]))
    env = [(n, value) for n, value in switches if n in read or n.split("_")[0] + "_" in read]
    if not env:
        return app
    return dataclasses.replace(app, start=dataclasses.replace(app.start, env=(*app.start.env, *env)))


def without_image_copies(tree: Tree, apps: list[AppFacts]) -> list[AppFacts]:
    """The apps, without a Python app at the top whose every marker lies in the folder of
    another Python app that the project's own top Dockerfile copies as its code: Yacht's
    installs `backend/requirements.txt` and copies `./backend/` into its working folder, so the
    top "app" is backend/ seen through the image (its code imports `api.…` from there, not
    `backend.api.…`). Not when the image copies the whole project (rootthebox's `ADD .
    /opt/rtb`, whose setup/ only holds its requirements)."""
    images = [text for _, text in own_dockerfiles(tree, "")]
    whole = re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(?:\.|\./|/)\s+\S+", re.M | re.I)
    if not images or any(whole.search(t) for t in images):
        return apps

    def copied(sub: str) -> bool:
        code = re.compile(rf"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(?:\./)?{re.escape(sub)}/?\s+\S+", re.M | re.I)
        return any(code.search(t) for t in images)

    below = {a.path for a in apps if a.path != "." and a.language.value == "python" and copied(a.path)}
    return [
        a
        for a in apps
        if not (
            a.path == "."
            and a.language.value == "python"
            and a.markers
            and all(any(m.startswith(f"{b}/") for b in below) for m in a.markers)
        )
    ]


_ABS = r"/[\w.-]+(?:/[\w.-]+)*"


def dockerfile_volumes(tree: Tree, folder: str) -> tuple[tuple[str, str], ...]:
    """(folder, Dockerfile) for each ``VOLUME`` of the project's own Dockerfile's final stage:
    where the app keeps its data. A folder under that stage's WORKDIR is named relative to it
    (``WORKDIR /app/server`` + ``VOLUME /app/server/data`` is ``data``, as in advisor's own
    layout), any other as it is (``/data``)."""
    found: list[tuple[str, str]] = []
    for rel, text in own_dockerfiles(tree, folder):
        stage = final_chain(text)  # (a VOLUME of the stage it is built from counts)
        workdir = ""
        # `ln -s /db /fredy/db` beside `VOLUME /db`: the app's own db/ is the volume
        links = dict(re.findall(rf"\bln\s+-s[fn]*\s+({_ABS})/?\s+({_ABS})", stage))
        for m in re.finditer(r"^\s*(WORKDIR|VOLUME)\s+(.+)$", stage, re.M | re.I):
            if m.group(1).upper() == "WORKDIR":
                workdir = m.group(2).strip().strip("\"'").rstrip("/")
                continue
            words = exec_form([m.group(2)]) or m.group(2).split()
            for path in (w.strip("\"'").rstrip("/") for w in words):  # (VOLUME "/youtube-dl")
                if not re.fullmatch(_ABS, path):
                    continue  # a variable ($DATA_DIR) or nothing to keep
                if workdir and links.get(path, "").startswith(workdir + "/"):
                    path = links[path]
                inside = workdir and path.startswith(workdir + "/")
                found.append((path[len(workdir) + 1 :] if inside else path, rel))
        break  # the plain Dockerfile first (see own_dockerfiles), its variants only without it
    return tuple(dict.fromkeys(found))
