"""The release step: what must run once before a new version of the app starts (database
migrations), from the Procfile's ``release:`` line or the framework's own convention."""

from __future__ import annotations

import re
from collections.abc import Set

from .common import split_command, without_runner
from .facts import Command
from .tree import Tree, join

# A step that only makes an empty file for the ones after it (`echo '' > .env` so env-cmd
# finds one): on Heroku the slug is writable, in the image the app's folder is not.
_FILE_WRITE = re.compile(r"""^(?:echo(?:\s+(?:''|""))?|:|true|touch)\s*>?\s*(\.?[\w.-]+)$""")


def _without_file_writes(command: str) -> tuple[str, tuple[str, ...]]:
    """The command without its leading empty-file steps, and the files they make."""
    steps = [s.strip() for s in command.split("&&")]
    files: list[str] = []
    while (
        len(steps) > 1
        and (m := _FILE_WRITE.match(steps[0]))
        and (">" in steps[0] or steps[0].startswith("touch"))
    ):
        files.append(m.group(1))
        steps.pop(0)
    return " && ".join(steps), tuple(files)


def release_files(tree: Tree, folder: str) -> tuple[str, ...]:
    """The empty files the Procfile's release step makes for itself first (the image has them)."""
    for line in (tree.text(join(folder, "Procfile")) or "").splitlines():
        if line.startswith("release:"):
            return _without_file_writes(line.removeprefix("release:").strip())[1]
    return ()


def release_command(
    tree: Tree, folder: str, names: Set[str], framework: str | None, django_root: str = ""
) -> Command | None:
    """The migration command, or None when nothing says there is one.

    - ``release:`` in the Procfile (Heroku's release phase), as written;
    - ``prestart.sh`` (or ``scripts/prestart.sh``): the uvicorn-gunicorn images' convention;
    - Django (``manage.py``): ``python manage.py migrate --noinput``;
    - Alembic (``alembic.ini`` and the ``alembic`` dependency): ``alembic upgrade head``;
    - Flask-Migrate (the dependency and a ``migrations/`` folder): ``flask db upgrade``.
    """
    procfile = join(folder, "Procfile")
    text = tree.text(procfile)
    for line in (text or "").splitlines():
        if line.startswith("release:"):
            command, _ = _without_file_writes(line.removeprefix("release:").strip())
            argv = split_command(command, 0)
            argv = without_runner(tree, folder, argv) if argv else ("sh", "-c", command)
            return Command(argv, procfile, "release")
    for rel in (join(folder, "prestart.sh"), join(folder, "scripts/prestart.sh")):
        # The convention of the uvicorn-gunicorn images (and the FastAPI project template):
        # prestart.sh runs before the server starts (migrations, initial data).
        script = tree.text(rel)
        if script is not None:
            shell = "bash" if "bash" in script.split("\n", 1)[0] else "sh"
            return Command((shell, rel[len(folder) + 1 :] if folder else rel), rel, "prestart.sh")
    manage = join(join(folder, django_root) if django_root else folder, "manage.py")
    if framework == "django" and tree.has(manage):
        # Run where manage.py is: the image's working folder (BuildPlan.workdir).
        return Command(("python", "manage.py", "migrate", "--noinput"), manage, "django migrations")
    alembic = join(folder, "alembic.ini")
    if "alembic" in names and tree.has(alembic):
        # env.py imports the app's package: alembic's own program finds it only when the ini
        # puts the folder on the path (prepend_sys_path = .); `python -m` always does.
        if re.search(r"^\s*prepend_sys_path\s*=", tree.text(alembic) or "", re.M):
            return Command(("alembic", "upgrade", "head"), alembic, "alembic")
        return Command(("python", "-m", "alembic", "upgrade", "head"), alembic, "alembic")
    if "flask-migrate" in names and tree.has_dir(join(folder, "migrations")):
        return Command(("flask", "db", "upgrade"), join(folder, "migrations"), "flask-migrate")
    return None
