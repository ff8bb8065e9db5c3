"""What the project's own Dockerfiles say: the port they expose, the base image's version, and
the command they start (made importable from the app's folder, without a reloader)."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterator

from .common import port_in_command, split_command, without_runner
from .dockerfile_paths import copied_to, exec_form, logical_lines, own_bin, own_dockerfiles
from .entry_setup import ImageCopies
from .facts import Command, Sourced
from .python_setup import console_scripts
from .tree import Tree, join, written_by_advisor

_OUTER_NAME = re.compile(r"^(?:Dockerfile|Containerfile)(?:[.-]\w+)?$|^\w+\.[Dd]ockerfile$")
_NOT_THE_IMAGE = re.compile(r"dev|test|e2e|ci\b|orig", re.I)


def outer_dockerfiles(tree: Tree, folder: str) -> Iterator[tuple[str, str]]:
    """(path, text) of Dockerfiles outside an app's folder that build that app from the
    repository's top: at the top or in its docker/ folder (SparkyFitness's
    docker/Dockerfile.backend), copying the app's folder whole (``COPY SparkyFitnessServer/
    SparkyFitnessServer/``) and not the whole repository. Development ones are not the image."""
    if not folder:
        return
    copies = re.compile(rf"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(?:\./)?{re.escape(folder)}/?\s", re.M | re.I)
    whole = re.compile(r"^\s*(?:COPY|ADD)\s+(?:--(?!from)\S+\s+)*\.\s", re.M | re.I)
    places = ["", *(d for d in DOCKER_FOLDERS if tree.has_dir(d))]
    places += [join(d, sub) for d in places[1:] for sub in tree.subdirs(d)]
    for place in places:
        for name in sorted(tree.names(place)):
            rel = join(place, name)
            if not _OUTER_NAME.match(name) or _NOT_THE_IMAGE.search(name if place == "" else rel):
                continue
            text = tree.text(rel)
            if text and not written_by_advisor(text) and copies.search(text) and not whole.search(text):
                yield rel, text


# Ports of the services an app talks to: a stage that bundles one (mathesar's PostgreSQL)
# exposes it, and it is never the app's own.
SERVICE_PORTS = frozenset({5432, 3306, 6379, 27017, 5672, 9200, 11211})


# Folders a project keeps its image's Dockerfile in, beside the app (fief's docker/Dockerfile).
DOCKER_FOLDERS = ("docker", ".docker", "deploy", "deploy/docker")
_APP_DIR_FLAG = {"uvicorn": "--app-dir", "gunicorn": "--chdir"}


def own_wins(own: Command, start: Command) -> bool:
    """Whether the project image's command beats a Flask or ASGI app's start found in its code:
    a production server instead of `flask run` (pear-admin's start.sh: gunicorn), a server of
    another app or module than the one advisor found (keep's `gunicorn keep.api.api:get_app` over the
    ARQ worker's `create_app` factory), or its own launcher (Huntarr's `python3 main.py`, which
    starts the server and its workers)."""
    servers = ("gunicorn", "uvicorn", "waitress-serve", "uwsgi", "hypercorn", "granian")
    server = "flask" in start.argv[:3] and own.argv[0] in servers
    target = next((a for a in own.argv[1:] if re.fullmatch(r"[A-Za-z_][\w.]*:[\w()]+", a)), "")
    # (or its entry module of that app: DashMachine's `gunicorn wsgi:app`, whose wsgi.py sets the
    # app up before serving it, where advisor found `dashmachine:app`)
    other_app = start.argv[0] in servers and own.argv[0] in servers and target not in start.argv
    launcher = own.argv[0] in ("python", "python3") and len(own.argv) > 1 and own.argv[1].endswith(".py")
    return server or (other_app and bool(target)) or launcher


def _importable(tree: Tree, folder: str, argv: tuple[str, ...]) -> tuple[str, ...] | None:
    """A Python app server's command whose ``module:app`` is importable from the app's folder
    (the project's own image may have copied the code elsewhere, under another WORKDIR):
    as it is, with the ``src/`` layout's folder option added, or None when the module is not
    in the project."""
    if argv[0].rpartition("/")[2].startswith("python") and argv[1:2] and argv[1].endswith(".py"):
        # Yacht's CMD ["python3", "app.py"], a file the project does not have: no start of its own
        return argv if tree.has(join(folder, argv[1].removeprefix("./"))) else None
    flag = _APP_DIR_FLAG.get(argv[0])
    target = next((a for a in argv[1:] if re.fullmatch(r"[A-Za-z_][\w.]*:[\w()]+", a)), None)
    if flag is None or target is None or flag in argv:
        return argv
    module = target.partition(":")[0].replace(".", "/")

    def found(base: str) -> bool:
        at = join(folder, base) if base else folder
        return tree.has(join(at, module + ".py")) or tree.has(join(at, module + "/__init__.py"))

    if found(""):
        return argv
    return (*argv, flag, "src") if found("src") else None


# A program the project's image puts at a place of its own (not the system's, nor the app's)
_PLACED_PROGRAM = re.compile(r"^/(?!usr/|bin/|sbin/|app/)[\w./-]+$")
_TOOL_RUN_LINE = re.compile(r"^\s*(?:exec\s+)?((?:poetry|pipenv|pdm|uv)\s+run\s+.+)$", re.M)
_TOOL_RUN = re.compile(r"^\s*(?:exec\s+)?(?:poetry|pipenv|pdm|uv|hatch)\s+run\b|^\s*make\s", re.M)
# the project's venv's programs, or a Python the image placed (ytptube's /opt/python/bin/python)
_VENV_BIN = re.compile(r"^(?:/[\w.-]+)*/?\.?venv/bin/[\w.-]+$|^(?:/[\w.-]+)*/bin/python(?:3(?:\.\d+)?)?$")


def _src_path(tree: Tree, folder: str, argv: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``python -m pinnwand http`` for a package in src/ (not installed): src/ on the import path."""
    if len(argv) < 3 or not argv[0].startswith("python") or argv[1] != "-m":
        return ()
    package = argv[2].split(".")[0]
    at_top = tree.has(join(folder, f"{package}/__init__.py")) or tree.has(join(folder, f"{package}.py"))
    in_src = tree.has(join(folder, f"src/{package}/__init__.py")) or tree.has(
        join(folder, f"src/{package}.py")
    )
    return (("PYTHONPATH", "src"),) if in_src and not at_top else ()


_WRAPPERS = frozenset({"sh", "bash", "/bin/sh", "/bin/bash", "tini", "/tini", "gosu", "dumb-init", "su-exec"})
_INITS = frozenset({"tini", "tini-static", "dumb-init", "catatonit"})


# The server an entrypoint script ends in (`exec gunicorn --bind 0.0.0.0:$PORT app.wsgi`),
# and the defaults it gives its variables (`WORKERS="${WORKERS:-1}"`).
# (after a privilege drop: Huntarr's `exec gosu "$PUID:$PGID" python3 main.py`, ownfoil's
# `exec sudo -E -u "#${uid}" python /app/app.py`, runuser's, s6's)
_SCRIPT_SERVER = re.compile(
    r"^\s*exec\s+(?:(?:gosu|su-exec|s6-setuidgid)\s+\S+\s+"
    r"|(?:sudo|runuser)(?:\s+(?:-[EHn]|-[ug]\s+\S+|--preserve-env(?:=\S+)?))*\s+(?:--\s+)?)?"
    r"((?:python3?\s+-m\s+)?(?:gunicorn|uvicorn|hypercorn|daphne|granian|waitress-serve)\s.*"
    r"|python3?\s+[\w./-]+\.py(?:\s.*)?)$",
    re.M,
)
_SCRIPT_DEFAULT = re.compile(
    r"""^\s*(?:export\s+)?([A-Za-z_]\w*)=["']?\$\{\1:?-([^}"'$]*)\}["']?\s*$""", re.M
)


def _script_server(
    tree: Tree, folder: str, entry: list[str], port: int, home: str = ""
) -> tuple[str, ...] | None:
    """The server command an ENTRYPOINT script (the project's own file) ends in, its
    variables' defaults filled in; None when it ends in none (``exec "$@"``: the CMD's).
    ``home``: where the image copied the project (Huntarr's /app/scripts/entrypoint.sh)."""
    script = next((w for w in reversed(entry) if w.endswith(".sh")), None)
    if script is None:
        return None
    script = script.removeprefix(home) if home else script
    paths = (join(folder, script.removeprefix("./")), join(folder, script.rsplit("/", 1)[-1]))
    text = next((t for p in paths if not p.startswith("/") and (t := tree.text(p))), None)
    lines = _SCRIPT_SERVER.findall(text or "")
    if not lines:
        return None
    defaults = dict(_SCRIPT_DEFAULT.findall(text or ""))
    line = re.sub(
        r"\$\{(\w+)\}|\$(\w+)", lambda m: defaults.get(m.group(1) or m.group(2), m.group(0)), lines[-1]
    )
    argv = split_command(line.replace('"$@"', ""), port)
    return tuple(a for a in argv if a != "--reload") if argv and "$" not in "".join(argv) else None


# The image of the app's server among several in a docker/ folder (keep's docker/Dockerfile.api
# beside Dockerfile.ui and Dockerfile.dev.api)
_SERVER_IMAGES = ("Dockerfile", "Dockerfile.api", "Dockerfile.backend", "Dockerfile.server", "Dockerfile.app")


def docker_folder(tree: Tree, folder: str) -> Iterator[tuple[str, str]]:
    """(path, text) of the app server's image in the folder's docker/ folder."""
    for name in _SERVER_IMAGES:
        text = tree.text(rel := join(folder, f"docker/{name}"))
        web_server = re.search(
            r"^\s*FROM\s+\S*(?:nginx|caddy|httpd|traefik|haproxy)", text or "", re.M | re.I
        )
        if text is not None and not written_by_advisor(text) and not web_server:
            yield rel, text


def _from_site_packages(tree: Tree, folder: str, arg: str) -> str:
    """A path into the installed project (`/venv/lib/python3.13/site-packages/keep/api/config.py`)
    as the project's own file (`keep/api/config.py`), when the project has it."""
    inner = arg.partition("/site-packages/")[2]
    return inner if inner and tree.has(join(folder, inner)) else arg


def _through_copies(
    tree: Tree, folder: str, text: str, entry: list[str], port: int
) -> tuple[str, ...] | None:
    """The server an ENTRYPOINT script ends in, with the script and the file it runs read back
    to the project's through the image's copies (ownfoil's `COPY ./docker/run.sh
    /app/run.sh` and `COPY ./app /app`: `python /app/app.py` runs the project's app/app.py)."""
    image = ImageCopies(tree, text)
    script = next((image.project_path(w) for w in reversed(entry) if w.endswith(".sh")), None)
    served = _script_server(tree, "", [script], port) if script else None
    if not served or len(served) < 2 or not served[0].startswith("python") or not served[1].startswith("/"):
        return None
    placed = image.project_path(served[1])
    if placed is None or (folder and not placed.startswith(f"{folder}/")):
        return None
    return (served[0], placed[len(folder) + 1 :] if folder else placed, *served[2:])


def dockerfile_cmd(tree: Tree, folder: str, port: int) -> Command | None:
    """The last ``CMD`` of the project's own Dockerfile (exec or shell form): how the project
    already starts the app in a container, when nothing more specific says."""
    for rel, text in (
        *own_dockerfiles(tree, folder),
        *outer_dockerfiles(tree, folder),
        *docker_folder(tree, folder),
    ):
        joined = logical_lines(text)
        found = re.findall(r"^\s*CMD\s+(.+)$", joined, re.M | re.I)
        # ENTRYPOINT ["python3", "blog.py"]: the program itself (not a wrapper script, tini,
        # gosu), which the CMD's words, if any, follow as arguments
        entry = exec_form(re.findall(r"^\s*ENTRYPOINT\s+(.+)$", joined, re.M | re.I)[-1:])
        # where the image put the project (/opt/rtb/, /app/mylar/)
        home = copied_to(joined, lambda sub: tree.has_dir(join(folder, sub)))
        if entry and (entry[0] in _WRAPPERS or entry[0].endswith(".sh")):
            served = _script_server(tree, folder, entry, port, home) if not found else None
            served = served or (_through_copies(tree, folder, joined, entry, port) if not found else None)
            if served and (served := _importable(tree, folder, served)):
                return Command(served, rel, "ENTRYPOINT script")
            entry = None
        if not found and not entry:
            continue
        raw = found[-1].strip() if found else "[]"
        argv: tuple[str, ...] | None = None
        if raw.startswith("["):
            value = exec_form([raw])
            if value is not None and (value or entry):
                argv = split_command(shlex.join([*(entry or []), *value]), port)
        else:
            argv = split_command(raw, port)
        while argv and argv[0].rpartition("/")[2] in _INITS:
            # `CMD ["/usr/bin/dumb-init", "node", "server/index.mjs"]`: an init the image
            # installed; advisor's files run one themselves (compose's init: true, run.sh's --init)
            argv = tuple(itertools.dropwhile(lambda a: a.startswith("-"), argv[1:])) or None
        bin_name = (
            argv[0].rpartition("/")[2]
            if argv and argv[0].startswith(("/usr/local/bin/", "/usr/bin/"))
            else ""
        )
        if argv and bin_name and bin_name in {c for c, _, _ in console_scripts(tree, folder)}:
            argv = (bin_name, *argv[1:])  # the project's console script, which pip puts there
        elif argv and bin_name and tree.has(join(folder, f"{bin_name}/__main__.py")):
            argv = ("python", "-m", bin_name, *argv[1:])  # unmanic's /usr/bin/unmanic: its package's __main__
        elif argv and argv[0].startswith("/usr/local/bin/"):
            # a package's bin the image links there (cross-seed's `npm link`): that package runs
            # it with node; another folder's app is not started by it
            argv = own_bin(tree, folder, argv)
            if argv is None:
                continue
        if argv:  # the project's own file in the image's site-packages (keep's -c .../keep/api/config.py)
            argv = tuple(_from_site_packages(tree, folder, a) for a in argv)
        if argv and home:
            # rootthebox's `ADD . /opt/rtb` then `python3 /opt/rtb/rootthebox.py`: the project's file
            argv = tuple(a.removeprefix(home) if a.startswith(home) else a for a in argv)
        if argv and argv[0].endswith(".sh"):
            script = tree.text(join(folder, argv[0].removeprefix("./"))) or ""
            served = _script_server(tree, folder, [argv[0]], port)
            if served and (served := _importable(tree, folder, served)):
                return Command(served, rel, "CMD script")  # PdfDing's `exec python -m gunicorn …`
            if _TOOL_RUN.search(script):
                # futuramaapi's entrypoint runs `make migrate`, then `poetry run python -m app -b
                # :"${PORT:-8080}" "$@"`: no such tools here; its last command, without them
                last = [m.group(1) for m in _TOOL_RUN_LINE.finditer(script)][-1:]
                inner = split_command(last[0].replace('"$@"', ""), port) if last else None
                argv = without_runner(tree, folder, inner) if inner else None
                if not argv:
                    continue
        if argv and argv[0] in ("uv", "poetry", "pipenv", "pdm"):
            # byceps' CMD ["uv", "run", "--no-sync", "uwsgi", ...]: the image has no uv; its command
            argv = without_runner(tree, folder, argv)
        if argv and _VENV_BIN.match(argv[0]):  # the project's own venv (venv/bin/python3): on PATH here
            argv = (argv[0].rsplit("/", 1)[1], *argv[1:])
        if argv and _PLACED_PROGRAM.match(argv[0]) and not _VENV_BIN.match(argv[0]):
            continue  # sqlpad's /docker-entrypoint, a script its image copies to / (not here)
        if argv and argv[0] not in ("sh", "bash", "/bin/sh", "/bin/bash"):
            # A development server's reloader watches files an image never changes.
            argv = _importable(tree, folder, tuple(a for a in argv if a != "--reload"))
            if argv:
                return Command(argv, rel, "ENTRYPOINT" if entry else "CMD", env=_src_path(tree, folder, argv))
    return None


def bound_first(start: Command | None, ports: tuple[Sourced[int], ...]) -> tuple[Sourced[int], ...]:
    """The port the project's own image's command binds its HTTP server to first (byceps'
    uwsgi ``--http-socket 0.0.0.0:8080``), before the first port it exposes (5000, uwsgi's
    own protocol): that is where it answers HTTP. Likewise a task runner's server task
    (taskipy's ``uvicorn ... --port 8000``)."""
    if start is None:
        return ports
    # (the image's CMD, also the words it gives a console script: "CMD: project.scripts.x")
    if start.detail.split(":")[0] not in ("CMD", "ENTRYPOINT") and not start.detail.startswith("tool."):
        return ports
    bound = port_in_command(" ".join(start.argv))
    if bound is None or (ports and ports[0].value == bound):
        return ports
    return (Sourced(bound, start.source, start.detail), *(p for p in ports if p.value != bound))


# The project's own build line and the options it adds (social-adonis: `RUN yarn build
# --ignore-ts-errors`, as its comment explains: a generated file the clean checkout lacks).
_OWN_BUILD = re.compile(
    r"^\s*RUN\s+(?:npm\s+run|yarn(?:\s+run)?|pnpm(?:\s+run)?|node\s+ace)\s+build((?:\s+--[a-z][\w-]*)+)\s*$",
    re.M | re.I,
)


# The options kept: AdonisJS's, which its build takes in every version since 5 (a stale
# Dockerfile's `--prod`, which AdonisJS 6 refuses, is not).
_KEPT_OPTIONS = frozenset({"--ignore-ts-errors"})


def build_options(tree: Tree, folder: str) -> tuple[str, ...]:
    """The options (``--ignore-ts-errors``) the folder's own Dockerfile gives its build."""
    for _rel, text in own_dockerfiles(tree, folder):
        m = _OWN_BUILD.search(text)
        if m is not None:
            return tuple(o for o in m.group(1).split() if o in _KEPT_OPTIONS)
    return ()


# System packages a project's own Dockerfile installs that its app uses at run time (programs
# it runs, libraries its wheels load), by their names on the slim images' Debian (13): a
# package renamed there (the 64-bit time transition) gets its new name. Only names known to
# exist are carried over (an unknown one would stop apt-get); build tools and shells are not.
_SYSTEM_PACKAGES = {
    **{
        n: n
        for n in (
            "libimage-exiftool-perl", "ghostscript", "imagemagick", "poppler-utils", "gettext",
            "ffmpeg", "tesseract-ocr", "graphviz", "libgomp1", "libxml2", "libxslt1.1", "xz-utils",
            "bzip2", "unzip", "zip", "p7zip-full", "git", "gnupg", "libcairo2", "libpango-1.0-0",
            "libpangoft2-1.0-0", "shared-mime-info", "media-types", "fonts-dejavu-core", "qpdf",
            "libreoffice", "libreoffice-writer", "libreoffice-calc", "inkscape", "libjpeg62-turbo",
            "libopenjp2-7", "libtiff6", "zlib1g", "libsqlite3-0", "libpopt0", "libzstd1",
            "libgcrypt20", "libdevmapper1.02.1", "postgresql-client", "libmagic1t64", "file",
            "rsync", "openssh-client", "libvips42t64", "mupdf-tools", "pandoc",
            # programs apps run: backups (rdiffweb's rdiff-backup), lookups (domain-locker's whois)
            "rdiff-backup", "borgbackup", "restic", "rclone", "whois", "sqlite3", "jq", "nmap",
            "mariadb-client", "default-mysql-client", "iputils-ping", "bind9-dnsutils",
        )
    },
    "libmagic1": "libmagic1t64",
    # Alpine's names
    **{"xz": "xz-utils", "p7zip": "p7zip-full", "libmagic": "libmagic1t64", "vips": "libvips42t64"},
    "exiftool": "libimage-exiftool-perl",
    "libgpgme11": "libgpgme11t64",
    "mime-support": "media-types",
    "libvips42": "libvips42t64",
    "dnsutils": "bind9-dnsutils",
    "mysql-client": "default-mysql-client",
}  # fmt: skip
# (and Alpine's `apk add` in a node:*-alpine image: audiobookshelf's ffmpeg)
_APT_INSTALL = re.compile(r"\b(?:apt(?:-get)?\s+install|apk\s+add)\b([^;&|]*)")
_DEBIAN_BASE = re.compile(
    r"^\s*FROM\s+(?:--platform=\S+\s+)?(?:docker\.io/)?(?:library/)?(?:python|node|debian):", re.M | re.I
)


def system_packages(tree: Tree, folder: str) -> Sourced[tuple[str, ...]] | None:
    """The known system packages the folder's own Debian-based Dockerfile installs (scancode.io's
    libgomp1, alexandria's exiftool for pyexifinfo), on the current Debian's names."""
    for rel, text in own_dockerfiles(tree, folder):
        if not _DEBIAN_BASE.search(text):
            continue
        joined = logical_lines(text)
        words = [w for m in _APT_INSTALL.finditer(joined) for w in m.group(1).split()]
        found = tuple(dict.fromkeys(_SYSTEM_PACKAGES[w] for w in words if w in _SYSTEM_PACKAGES))
        return Sourced(found, rel, "apt-get install") if found else None
    return None


_IMAGE_LANGUAGES = {"python": "python", "node": "node", "golang": "go", "eclipse-temurin": "java"}
_IMAGE_LANGUAGES |= {"openjdk": "java", "amazoncorretto": "java", "maven": "java", "gradle": "java"}


def image_language(tree: Tree, folder: str) -> str | None:
    """The language of the image the folder's own Dockerfile ends in (paperless-ai's node)."""
    for _, text in own_dockerfiles(tree, folder):
        images = re.findall(r"^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)", text, re.M | re.I)
        name = images[-1].split(":")[0].split("@")[0].rpartition("/")[2] if images else ""
        return _IMAGE_LANGUAGES.get(name)
    return None


def starts_python(tree: Tree, folder: str, argv: tuple[str, ...]) -> bool:
    """Whether a start script of the project's also runs a Python service (its image's venv)."""
    script = tree.text(join(folder, argv[0].removeprefix("./"))) if argv and argv[0].endswith(".sh") else None
    return bool(script and re.search(r"\bpython3?\s|/bin/activate\b", script))
