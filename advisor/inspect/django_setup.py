"""The data a Django project's own start script puts in the database after its migrations.

Many projects seed what the app cannot run without in a management command of their own and
run it from the script their container starts with, right after ``manage.py migrate``
(doccano's ``create_roles``: without its roles no project can be made). The release step runs
those commands after migrate, as the script does. Kept to what is safe to repeat on every
start, as the script does it: a command of the project's own that writes through the ORM and
empties nothing, or ``loaddata``; never one that takes a value from the environment (an admin's
password), waits for the database (Compose does), or builds files (the image has them).
"""

from __future__ import annotations

import functools
import re
import shlex

from .python_setup import console_scripts, module_texts
from .tree import Tree, join

# `python manage.py cmd`, `python3 ./manage.py cmd`, `uv run manage.py cmd`, `poetry run python manage.py cmd`
_MANAGE = re.compile(
    r"^(?:exec\s+)?(?:(?:uv|poetry|pipenv|pdm)\s+run\s+)?(?:python3?\s+)?(?:\./)?(?:[\w./-]*/)?manage\.py\s+(.+)$"
)
_SERVER = re.compile(r"\b(?:gunicorn|uvicorn|daphne|uwsgi|hypercorn|granian|supervisord|runserver)\b")
_OPENS = re.compile(r"^(?:if|for|while|until|case|select)\b|\{\s*$|\(\s*$")
_CLOSES = re.compile(r"^(?:fi|done|esac)\b|^[})]")
# What the ORM writes with: a seeding command uses one of them.
_WRITES = re.compile(r"\.objects\.|\.save\(|get_or_create\(|update_or_create\(|bulk_create\(|\.create\(")
_EMPTIES = re.compile(r"\.delete\(|\bflush\b|DROP\s|TRUNCATE\s|drop_all\(", re.I)
_SKIP_FOLDERS = frozenset({"node_modules", ".git", "venv", ".venv", "tests", "test", "docs"})


@functools.lru_cache(maxsize=4)
def _scripts(tree: Tree, folder: str) -> tuple[str, ...]:
    """The shell scripts of the app's folder and of the project's top (tools/, docker/,
    deployment/docker/), shallow ones first, at most three folders deep."""
    found: list[str] = []
    for base in dict.fromkeys((folder, "")):
        # (three down: wger's extras/docker/production/entrypoint.sh)
        for where in tree.folders(base, depth=3, prune=_SKIP_FOLDERS):
            for name in tree.names(where):
                if name.endswith(".sh") and join(where, name) not in found:
                    found.append(join(where, name))
                if len(found) >= 60:
                    return tuple(found)
    return tuple(found)


def _top_level_lines(text: str) -> list[str]:
    """The script's commands outside any if/for/while/case block or function, continuation
    lines joined."""
    lines: list[str] = []
    depth = 0
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if _CLOSES.match(line):
            depth = max(depth - 1, 0)
            continue
        if _OPENS.search(line) or re.match(r"^(?:function\s+)?\w+\s*\(\)\s*\{?", line):
            depth += 0 if re.search(r"\b(?:fi|done|esac)\s*;?\s*$", line) else 1
            continue
        if depth == 0:
            lines.append(line.rstrip(";").strip())
    return lines


def _commands(tree: Tree, folder: str) -> dict[str, str]:
    """name → source of the project's own management commands (``*/management/commands/x.py``)."""
    out: dict[str, str] = {}
    for where in tree.files:
        if where.endswith("management/commands") and (not folder or where.startswith(f"{folder}/")):
            if any(part in _SKIP_FOLDERS for part in where.split("/")):
                continue
            for name in tree.names(where):
                if name.endswith(".py") and not name.startswith("_"):
                    out.setdefault(name[:-3], join(where, name))
    return out


def _seeds(tree: Tree, source: str) -> bool:
    """Whether the command writes data (through the ORM), in its file or in the project's
    module it imports its work from (MobSF's create_roles: ``create_authorization_roles()``
    of mobsf/MobSF/views/authorization.py); never one that empties tables or asks."""
    text = tree.text(source) or ""
    if _EMPTIES.search(text) or "input(" in text:
        return False
    if _WRITES.search(text):
        return True
    for m in re.finditer(r"^from\s+([\w.]+)\s+import\s+(\w+)\s*$", text, re.M):
        module = tree.text(m.group(1).replace(".", "/") + ".py") or ""
        body = re.search(rf"^def {m.group(2)}\(.*?(?=^\S|\Z)", module, re.M | re.S)
        if body and _WRITES.search(body.group(0)) and not _EMPTIES.search(body.group(0)):
            return True
    return False


def after_migrate(tree: Tree, folder: str) -> tuple[tuple[str, ...], str] | None:
    """The commands (``create_roles``, ``loaddata roles.json``) the project's own start script
    runs after ``manage.py migrate`` (each as a command line: ``python manage.py create_roles``),
    and that script; None when no script runs migrate and a server, or it runs nothing more
    that seeds data. A console script of the project's own that migrates and loads its
    fixtures (wger's ``wger bootstrap``) counts as the migration, and as a step."""
    commands: dict[str, str] | None = None
    bootstraps = _bootstrap_commands(tree, folder)
    for rel in _scripts(tree, folder):
        text = tree.text(rel) or ""
        if "manage.py" not in text or not _SERVER.search(text):
            continue
        seen_migrate, steps = False, []  # (steps: command lines)
        for line in (step.strip() for whole in _top_level_lines(text) for step in whole.split("&&")):
            argv = _split(line.removeprefix("exec "))
            if len(argv) >= 2 and (argv[0], argv[1]) in bootstraps:
                seen_migrate = True
                steps.append(shlex.join(argv))
                continue
            m = _MANAGE.match(line)
            if m is None:
                continue
            argv = _split(m.group(1))
            if not argv or "$" in m.group(1):
                continue
            if argv[0] == "migrate":
                seen_migrate = True
                continue
            if not seen_migrate:
                continue
            if argv[0] == "loaddata" and len(argv) > 1:
                steps.append("python manage.py " + " ".join(argv))
                continue
            commands = _commands(tree, folder) if commands is None else commands
            own = commands.get(argv[0])
            if own is not None and "wait" not in argv[0] and _seeds(tree, own):
                steps.append("python manage.py " + " ".join(argv))
        if seen_migrate:
            return (tuple(steps), rel) if steps else None
    return None


def _split(words: str) -> list[str]:
    try:
        argv = shlex.split(words)
    except ValueError:
        return []
    return argv if all(re.fullmatch(r"[\w.:/=,-]+", w) for w in argv) else []


def _bootstrap_commands(tree: Tree, folder: str) -> set[tuple[str, str]]:
    """(console script, sub-command) of the project's own commands that migrate the database
    and load its fixtures (wger's `wger bootstrap`, its invoke task ``def bootstrap``)."""
    names = {c for c, _, _ in console_scripts(tree, folder)}
    if not names:
        return set()
    found: set[tuple[str, str]] = set()
    for where in tree.folders(folder, depth=3, prune=_SKIP_FOLDERS):
        for name in tree.names(where):
            text = tree.text(join(where, name)) or "" if name.endswith(".py") else ""
            if "call_command" not in text or "migrate" not in text:
                continue
            for m in re.finditer(r"^def\s+(\w+)\(([^)]*)\):\n((?:[ \t]+[^\n]*\n|[ \t]*\n)+)", text, re.M):
                body = m.group(3)
                if re.search(r"\bmigrate", body) and re.search(r"fixture|loaddata", body):
                    found |= {(c, m.group(1).replace("_", "-")) for c in names}
    return found


def script_makemigrations(tree: Tree, folder: str) -> tuple[tuple[str, ...], str] | None:
    """The apps the project's start script makes migrations for by name before it migrates
    (MobSF's ``manage.py makemigrations StaticAnalyzer``: the app has models and no migrations
    folder, which a bare makemigrations skips), and that script."""
    for rel in _scripts(tree, folder):
        text = tree.text(rel) or ""
        if "makemigrations" not in text or not _SERVER.search(text):
            continue
        labels: list[str] = []
        for line in (step.strip() for whole in _top_level_lines(text) for step in whole.split("&&")):
            m = _MANAGE.match(line)
            argv = _split(m.group(1)) if m else []
            if argv[:1] == ["migrate"]:
                break
            if argv[:1] == ["makemigrations"]:
                labels += [a for a in argv[1:] if re.fullmatch(r"[A-Za-z_]\w*", a)]
        if labels:
            return tuple(dict.fromkeys(labels)), rel
    return None


_DEV_TEST = re.compile(r"(?:^|[_-])(?:dev|develop|development|test|tests|testing)(?:$|[_-])")


def _runs_management(text: str, function: str) -> bool:
    """Whether ``function`` (a module-level def) runs Django's management, itself or through a
    function of the module it calls (ralph's ``prod()``: ``main('ralph.settings.prod')``)."""
    bodies: dict[str, str] = {}
    for m in re.finditer(r"^def (\w+)\(", text, re.M):
        end = re.compile(r"^\S", re.M).search(text, m.end())
        bodies[m.group(1)] = text[m.end() : end.start() if end else len(text)]
    body = bodies.get(function, "")
    called = (bodies.get(n, "") for n in re.findall(r"\b(\w+)\(", body) if n != function)
    return any("execute_from_command_line" in b for b in (body, *called))


def manage_script(tree: Tree, folder: str) -> tuple[str, str] | None:
    """(script, the file that declares it) of the project's console script that is its manage.py,
    for a project that has none (ralph's ``ralph = ralph.__main__:prod``, whose function runs
    ``execute_from_command_line``): the commands (runserver, migrate) run through it. Not its
    development or test variant (``dev_ralph``, ``test_ralph``), nor another command of a module
    that has one (a click group's ``main`` beside ``manage``)."""
    if tree.has(join(folder, "manage.py")):
        return None
    for name, module, function in console_scripts(tree, folder):
        if _DEV_TEST.search(name) or not any(
            _runs_management(t, function.strip()) for _, t in module_texts(tree, folder, module)
        ):
            continue
        declared = (join(folder, f) for f in ("pyproject.toml", "setup.cfg", "setup.py"))
        return name, next((f for f in declared if name in (tree.text(f) or "")), join(folder, "setup.py"))
    return None
