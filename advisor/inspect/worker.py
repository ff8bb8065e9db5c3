"""The app's background worker: a second program from the same code that runs beside the web
process and takes jobs from a queue (Celery, RQ, Dramatiq, arq, a Node queue consumer).

Found in the project's own words, first to last:

- a ``worker:`` line in the Procfile (Heroku's process types; any other type whose command
  starts a known worker counts too);
- the project's own compose file: a service built from the app's folder whose ``command``
  starts a known worker;
- a Celery app in the code (``app = Celery("proj")``): Celery's documented command,
  ``celery -A <module> worker``, with the module the app is in, or its package when the
  package's ``__init__.py`` imports it (Django's convention, ``proj/celery.py``).
"""

from __future__ import annotations

import re

from .common import procfile, procfile_source, split_command, without_runner
from .composefile import build_folder, main_compose_files, services_of
from .envhelpers import leading_assignments
from .facts import Command
from .tree import Tree

# Commands that start a queue worker (the program, then what shows it is the worker).
_WORKER = re.compile(
    r"^(?:celery\b.*\bworker\b|rq\s+worker\b|dramatiq\b|arq\b|huey_consumer\b|"
    r"python\s+(?:-m\s+)?manage\.py\s+(?:rqworker|qcluster|process_tasks|run_huey)\b)"
)
# `app = Celery(...)`, also under an if (papermerge's `if broker_url: app = Celery(...) else: ...`);
# the annotation stays on its line (not `else:` followed by the next line's name)
_CELERY_APP = re.compile(r"^[ \t]*(\w+)[ \t]*(?::[ \t]*[\w.]+[ \t]*)?=[ \t]*(?:celery\.)?Celery\(", re.M)


# Set by the image or by compose for every service: a worker line's own value is not kept.
_SET_FOR_ALL = frozenset({"NODE_ENV", "PATH", "HOME", "PORT", "PYTHONUNBUFFERED"})


def _line_env(command: str) -> tuple[tuple[str, str], ...]:
    """The plain assignments before a Procfile line's command (opencollective-api's
    ``worker: ENABLE_SERVICE_SERVER=false ENABLE_SERVICE_JOBS=true node dist/index.js``): the
    same program runs as the worker by them."""
    return leading_assignments(command, _SET_FOR_ALL)


def _argv(tree: Tree, folder: str, command: str) -> tuple[str, ...] | None:
    if "$" in command:
        return None  # the project's shell or Compose fills it in: not a command of its own
    argv = split_command(command, 0)
    return without_runner(tree, folder, argv) if argv else None


def worker_command(
    tree: Tree, folder: str, texts: dict[str, str], *, base: str = "", src_package: bool = False
) -> Command | None:
    """The command that starts the app's worker, or None when the project has none.
    ``texts``: the app's Python files by path (empty for other languages); ``base``: the
    folder below the app's that the app runs in (Django's manage.py folder);
    ``src_package``: the code imports ``src.x`` (src/ is a package, not a src layout)."""
    for kind, command in procfile(tree, folder).items():
        wanted = kind == "worker" or (kind not in ("web", "release") and _WORKER.match(command))
        if wanted and (argv := _argv(tree, folder, command)) is not None:
            return Command(argv, procfile_source(tree, folder, kind), kind, env=_line_env(command))
    for rel in main_compose_files(tree, [folder, ""]):
        where = rel.rpartition("/")[0]
        for name, service in services_of(tree, rel):
            raw = service.get("command")
            text = " ".join(raw) if isinstance(raw, list) and all(isinstance(w, str) for w in raw) else raw
            if build_folder(service.get("build"), where) != folder or not isinstance(text, str):
                continue
            own = _own_command(tree, folder, text.strip())
            if (_WORKER.match(text.strip()) or own) and (argv := _argv(tree, folder, text)) is not None:
                # (`manage.py startgameloops` under the image's ENTRYPOINT ["python"])
                argv = ("python", *argv) if argv[0] in ("manage.py", "./manage.py") else argv
                return Command(argv, rel, f"services.{name}")
    return _celery(folder, texts, base, src_package)


# Django's own commands that run once and end (a release step's, a person's), not a process
_ONE_SHOT = frozenset(
    {
        *("runserver", "migrate", "collectstatic", "createsuperuser", "loaddata", "dumpdata", "shell"),
        *("makemigrations", "compilemessages", "check", "test", "flush", "dbshell", "createcachetable"),
    }
)
_MANAGE = re.compile(r"^(?:python3?\s+(?:-\w+\s+)*)?(?:\./)?manage\.py\s+([\w-]+)")


def _own_command(tree: Tree, folder: str, text: str) -> bool:
    """A management command of the project's own that a service of its compose file runs
    beside the web server on the app's image (posio's `manage.py startgameloops`, in a
    `management/commands/` folder of its code): a second process of the app."""
    m = _MANAGE.match(text)
    if m is None or m.group(1) in _ONE_SHOT:
        return False
    prefix = f"{folder}/" if folder else ""
    return any(
        at.endswith("management/commands") and at.startswith(prefix) and f"{m.group(1)}.py" in names
        for at, names in tree.files.items()
    )


def _celery(folder: str, texts: dict[str, str], base: str, src_package: bool) -> Command | None:
    """Celery's own command for the Celery app the code makes, from the folder the app runs in."""
    prefix = f"{folder}/" if folder else ""
    for rel in sorted(texts, key=lambda r: (r.count("/"), r)):
        text = texts[rel]
        if any(p in ("tests", "test") or p.startswith("test_") for p in rel.split("/")):
            continue  # a test's own Celery app
        if "Celery(" not in text or not (m := _CELERY_APP.search(text)) or not rel.startswith(prefix):
            continue
        if m.group(0)[:1] in " \t" and re.search(rf"^{m.group(1)}\s*=\s*None\b", text, re.M):
            continue  # made only under a condition, None otherwise (KitchenOwl's, with a broker set)
        local = rel[len(prefix) :]
        if base:
            if not local.startswith(base + "/"):
                continue
            local = local[len(base) + 1 :]
        options: tuple[str, ...] = ()
        if local.startswith("src/") and not src_package:
            local = local[4:]
            options = ("--workdir", "src")  # a src layout: the modules are found from src/
        module = local[:-3].removesuffix("/__init__").replace("/", ".")
        package, _, leaf = module.rpartition(".")
        where = "/".join(p for p in (folder, base, "src" if options else "", package.replace(".", "/")) if p)
        init = texts.get(f"{where}/__init__.py", "")
        if package and re.search(rf"^\s*from\s+(?:\.|{re.escape(package)}\.){leaf}\s+import\b", init, re.M):
            module = package  # proj/__init__.py imports the app: `celery -A proj` (Django's way)
        if m.group(1) not in ("app", "celery"):
            module = f"{module}:{m.group(1)}"  # Celery looks for `app` or `celery` by itself
        argv = ("celery", *options, "-A", module, "worker", "--loglevel=INFO", *_beat(texts))
        return Command(argv, rel, f"{m.group(1)} = Celery(...)")
    return None


# Periodic tasks the project schedules: Celery's beat_schedule (Django's CELERY_BEAT_SCHEDULE,
# the old CELERYBEAT_SCHEDULE), or django-celery-beat's schedules kept in the database.
_SCHEDULES = re.compile(r"\b(?:beat_schedule|CELERY_?BEAT_SCHEDULE)\s*=|['\"]django_celery_beat['\"]")


def _beat(texts: dict[str, str]) -> tuple[str, ...]:
    """Celery's beat, embedded in the one worker (`--beat`, as Celery's docs allow for a single
    worker node), when the project schedules periodic tasks (Yamtrack's CELERY_BEAT_SCHEDULE,
    which its own image runs `celery beat` for): without it they never run. Its schedule file
    goes to /tmp, which the app's user can write (the working folder is not the user's)."""
    if not any(("BEAT" in t or "beat" in t) and _SCHEDULES.search(t) for t in texts.values()):
        return ()
    return ("--beat", "--schedule", "/tmp/celerybeat-schedule")
