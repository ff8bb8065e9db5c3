"""The database set-up the project's own container entrypoint runs before the server starts
(`python manage.py migrate`, `python /app/migrations/apply_migrations.py`), which advisor's
release step runs instead. The entrypoint is found by its usual names in the app's folder, or
as the script the project's own image starts with (Warracker's ``ENTRYPOINT
["/app/entrypoint.sh"]``, copied from ``Docker/entrypoint.sh``); a path the script names in
the image is read back to the project's file through the image's COPY lines."""

from __future__ import annotations

import itertools
import posixpath
import re
import shlex

from .common import split_command
from .dockerfile_paths import app_image_stage, exec_form
from .facts import Command
from .tree import Tree, join

# The project's own container entrypoint scripts, and the database set-up lines in them that
# run before `exec "$@"` starts the server (never one that drops data: recreate_db, flush).
ENTRYPOINTS = ("entrypoint.sh", "docker-entrypoint.sh", "scripts/entrypoint.sh", "docker/entrypoint.sh")
_DB_SETUP = re.compile(
    r"^\s*("
    r"python3?\s+manage\.py\s+(?:create_db|init_db|db\s+upgrade|migrate)\b[^;&|\n]*"
    r"|(?:python3?\s+-m\s+)?flask\s+(?:--app\s+\S+\s+)?(?:db\s+upgrade|create[_-]db|init[_-]db)\b[^;&|\n]*"
    r"|(?:python3?\s+-m\s+)?alembic\s+upgrade\s+head"
    r"|npx\s+(?:prisma\s+migrate\s+deploy|sequelize(?:-cli)?\s+db:migrate|knex\s+migrate:latest)"
    r"|(?:npm|yarn|pnpm)\s+(?:run\s+)?(?:db:)?migrat[\w:]*"
    # a set-up script of the project's own (python3 fastapi_app/seed_data.py, python init_db.py,
    # or by its place in the image: python /app/migrations/apply_migrations.py)
    r"|python3?\s+(?:\./|/)?(?:[\w.-]+/)*[\w-]*(?:seed|db|migrat|init|setup|tables|schema)[\w-]*\.py"
    r")\s*$",
    re.M,
)
_WAITS = re.compile(r"wait|ready|check|ping|health", re.I)
DROPS = re.compile(r"drop_all\(|DROP\s+(?:TABLE|SCHEMA|DATABASE)|drop_database\(|\.flush\(", re.I)
_COPY = re.compile(r"^\s*(?:COPY|ADD)\s+((?:--[\w-]+(?:=\S+)?\s+)*)(.+?)\s*$", re.I)
_WORKDIR = re.compile(r"^\s*WORKDIR\s+(\S+)\s*$", re.I)
_ENTRY = re.compile(r"^\s*(?:ENTRYPOINT|CMD)\s+(.+?)\s*$", re.I)


class ImageCopies:
    """What the final stage of the project's image copies where: each COPY's sources and the
    place in the image (absolute), and the stage's working folder."""

    def __init__(self, tree: Tree, stage: str) -> None:
        self.tree = tree
        self.workdir = "/"
        self.copies: list[tuple[str, str]] = []  # (project path, image path), later lines last
        self.folders: set[str] = set()  # the folders the copies made
        self.entry: list[str] = []  # ENTRYPOINT's words, then CMD's (the last of each)
        entrypoint: list[str] = []
        cmd: list[str] = []
        for line in stage.splitlines():
            if m := _WORKDIR.match(line):
                self.workdir = posixpath.normpath(posixpath.join(self.workdir, m.group(1)))
            elif (m := _COPY.match(line)) and "--from" not in m.group(1):
                self._copy(m.group(2))
            elif m := _ENTRY.match(line):
                words = _words(m.group(1))
                if line.lstrip().upper().startswith("ENTRYPOINT"):
                    entrypoint = words
                else:
                    cmd = words
        self.entry = entrypoint + cmd  # (CMD gives ENTRYPOINT its arguments: tini -- /start.sh)

    def _copy(self, args: str) -> None:
        words = _words(args)
        if len(words) < 2 or any(c in w for w in words for c in "*?[$"):
            return
        *sources, dest = words
        place = posixpath.normpath(posixpath.join(self.workdir, dest))
        # into a folder: `dir/`, several sources, `.` (the working folder), or a folder there
        # already (one an earlier COPY made): Docker copies a file into it, under its own name
        into_folder = dest.endswith("/") or len(sources) > 1 or place == self.workdir or place in self.folders
        dest = place
        for source in sources:
            source = posixpath.normpath(source.removeprefix("./"))
            source = "" if source == "." else source
            if source and not self.tree.has(source) and not self.tree.has_dir(source):
                continue
            is_file = bool(source) and self.tree.has(source)
            place = posixpath.join(dest, posixpath.basename(source)) if is_file and into_folder else dest
            self.copies.append((source, place))
            self.folders.add(posixpath.dirname(place) if is_file else place)

    def place(self, image_path: str) -> str | None:
        """Where in the project an absolute ``image_path`` inside a folder the image copies
        from the project lies, whether or not the project has it yet (``/app/config`` of
        ``COPY ./app /app``: ``app/config``); None outside every copied folder."""
        for source, dest in reversed(self.copies):
            if image_path.startswith(dest.rstrip("/") + "/") and not self.tree.has(source):
                return posixpath.normpath(join(source, image_path[len(dest.rstrip("/")) + 1 :]))
        return None

    def project_path(self, image_path: str) -> str | None:
        """The project's file at ``image_path`` (absolute, or relative to the working folder),
        by the last COPY that put something there; None when no COPY did."""
        place = posixpath.normpath(posixpath.join(self.workdir, image_path))
        for source, dest in reversed(self.copies):
            if place == dest and self.tree.has(source):
                return source
            if place.startswith(dest.rstrip("/") + "/"):
                found = join(source, place[len(dest.rstrip("/")) + 1 :])
                if self.tree.has(found):
                    return found
        return None


def _words(text: str) -> list[str]:
    """An instruction's words: its JSON array form, else its shell form."""
    text = text.strip()
    if (words := exec_form([text])) is not None:
        return words
    try:
        return shlex.split(text, comments=False)
    except ValueError:
        return text.split()


_PATH_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def _image_entrypoint(tree: Tree, folder: str) -> tuple[str, ImageCopies] | None:
    """The shell script the project's own image starts with, and the image's copies: any word
    of its ENTRYPOINT and CMD (`/start.sh`, `tini -- /start.sh`, `sh -c "/start.sh web"`). A bare
    name is looked for on PATH, as the kernel runs it; `./x.sh` in the working folder."""
    found = app_image_stage(tree, folder)
    if found is None:
        return None
    image = ImageCopies(tree, found[1])
    for word in (t for w in image.entry for t in w.split()):
        if not word.endswith(".sh"):
            continue
        places = [word] if "/" in word else [f"{d}/{word}" for d in _PATH_DIRS]
        rel = next((r for p in places if (r := image.project_path(p)) is not None), None)
        if rel is not None:
            return rel, image
    return None


def _candidates(tree: Tree, folder: str) -> list[tuple[str, ImageCopies | None]]:
    """The script the project's image starts with (its paths in the image read back through its
    copies) first, then the usual names."""
    image = _image_entrypoint(tree, folder)
    files: list[tuple[str, ImageCopies | None]] = [image] if image is not None else []
    return files + [
        (rel, None) for name in ENTRYPOINTS if (rel := join(folder, name)) not in (f for f, _ in files)
    ]


def _entrypoint_line(tree: Tree, folder: str) -> Command | None:
    for rel, image in _candidates(tree, folder):
        for m in _DB_SETUP.finditer(tree.text(rel) or ""):
            argv = split_command(m.group(1), 0)
            if not argv:
                continue
            script = argv[-1] if argv[-1].endswith(".py") else None
            if script is not None and _WAITS.search(posixpath.basename(script)):
                continue  # wait_for_db.py: it waits for the database (Compose does), it makes nothing
            if script is not None and image is not None and (path := image.project_path(script)):
                if not (folder == "" or path.startswith(folder + "/")):
                    continue  # a script the app's folder (advisor's build context) lacks
                argv = (*argv[:-1], path[len(folder) + 1 :] if folder else path)
                script = argv[-1]
            if script is None or tree.has(join(folder, script)):  # a script it has
                made = _made_migrations(tree, folder, (tree.text(rel) or "")[: m.start()], argv)
                return Command(made, rel, "entrypoint") if made else Command(argv, rel, "entrypoint")
    return None


_FLASK_DB = r"^\s*(?:python3?\s+-m\s+)?flask\s+(?:--app\s+\S+\s+)?db\s+{}\b"
_MIGRATE_DIR = re.compile(r"""\bMigrate\([^()]*\bdirectory\s*=\s*['"]([\w./-]+)['"]""")


def _made_migrations(tree: Tree, folder: str, before: str, argv: tuple[str, ...]) -> tuple[str, ...]:
    """An entrypoint that runs `flask db init` and `flask db migrate` before its `flask db
    upgrade` (Tamari's boot.sh, its migrations in its data folder, never committed) makes its
    migrations as it starts: the release step does the same, making the folder only while it
    has no env.py (`flask db init` refuses a folder that has one). () otherwise."""
    if argv[-2:] != ("db", "upgrade") or not re.search(_FLASK_DB.format("migrate"), before, re.M):
        return ()
    where = "migrations"
    for current, name in itertools.islice(((d, n) for d, n in tree.walk(folder) if n.endswith(".py")), 300):
        text = tree.text(join(current, name)) or ""
        if "Migrate(" in text and (m := _MIGRATE_DIR.search(text)):
            where = m.group(1).removeprefix("./")
            break
    if tree.has(join(folder, f"{where}/env.py")):
        return ()  # committed: the upgrade alone
    steps = [shlex.join((*argv[:-1], "migrate")), shlex.join(argv)]
    if re.search(_FLASK_DB.format("init"), before, re.M):
        steps.insert(0, f"[ -f {shlex.quote(where + '/env.py')} ] || {shlex.join((*argv[:-1], 'init'))}")
    return ("sh", "-c", " && ".join(steps))


def entrypoint_setup(tree: Tree, folder: str) -> Command | None:
    """The database set-up the project's own entrypoint script runs before the server
    (`python manage.py migrate` in its entrypoint.sh): the release step. Not a command of the
    project's own that empties the database first (see entrypoint_reset)."""
    found = _entrypoint_line(tree, folder)
    if found is None or drops_data(tree, folder, found.argv):
        return None
    *runner, script = found.argv
    scripts = (tree.json(join(folder, "package.json")) or {}).get("scripts") or {}
    if runner and runner[0] in ("npm", "yarn", "pnpm") and script.endswith((":dev", ":development")):
        # `npm run migrate:dev` (ts-node, a rebuild): the production sibling, when it has one
        stem = script.rsplit(":", 1)[0]
        prod = next((n for n in (f"{stem}:prod", f"{stem}:production") if n in scripts), None)
        if prod is not None:
            return Command((*runner, prod), found.source, found.detail)
    return found


def entrypoint_reset(tree: Tree, folder: str) -> Command | None:
    """The entrypoint's set-up command when it drops every table first (flask-on-docker's
    `python manage.py create_db`: db.drop_all(); db.create_all()): run on every start it
    would empty the database, so it is no release step; the report says so."""
    found = _entrypoint_line(tree, folder)
    return found if found is not None and drops_data(tree, folder, found.argv) else None


def drops_data(tree: Tree, folder: str, argv: tuple[str, ...]) -> bool:
    """Whether the project's own CLI command (`manage.py create_db`, `flask init-db`) drops
    data: its function, in manage.py or the module that defines the command, empties tables."""
    words = [w for w in argv if not w.startswith("-")]
    if len(words) < 2 or words[-1] in ("migrate", "upgrade", "head"):
        return False
    command = words[-1].replace("-", "_")
    modules = (join(d, n) for d, n in tree.walk(folder) if n.endswith(".py"))
    for rel in (join(folder, "manage.py"), *itertools.islice(modules, 200)):
        text = tree.text(rel) or ""
        m = re.search(rf"def {re.escape(command)}\([^)]*\)[^:]*:\n((?:[ \t]+[^\n]*\n|\n)+)", text)
        if m is not None:
            return bool(DROPS.search(m.group(1)))
    return False
