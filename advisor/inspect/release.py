"""The release step: what must run once before a new version of the app starts (database
migrations), from the Procfile's ``release:`` line or the framework's own convention."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Set
from dataclasses import replace

from .alembic_chain import alembic_bootstraps, bootstraps, migrates_at_start, nested_alembic, scripts_folder
from .common import procfile, procfile_source, split_command, without_runner
from .composefile import compose_release
from .django_setup import after_migrate, manage_script
from .entry_setup import DROPS, ENTRYPOINTS, entrypoint_setup
from .envvars import Collector, scan_python
from .facts import Command, Sourced
from .python_setup import cli_db_command
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
    release = procfile(tree, folder).get("release")
    return _without_file_writes(release)[1] if release is not None else ()


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
    if (release := procfile(tree, folder).get("release")) is not None:
        command, _ = _without_file_writes(release)
        if "django-admin" in command and tree.has(join(folder, "manage.py")):
            # the platform's image sets DJANGO_SETTINGS_MODULE for django-admin; manage.py
            # names the settings module itself (torchbox.com's heroku.yml release)
            command = re.sub(r"\bdjango-admin(?:\.py)?\b", "python manage.py", command)
        argv = split_command(command, 0)
        argv = without_runner(tree, folder, argv) if argv else ("sh", "-c", command)
        return Command(argv, procfile_source(tree, folder, "release"), "release")
    for rel in (join(folder, "prestart.sh"), join(folder, "scripts/prestart.sh")):
        # The convention of the uvicorn-gunicorn images (and the FastAPI project template):
        # prestart.sh runs before the server starts (migrations, initial data).
        script = tree.text(rel)
        if script is not None:
            shell = "bash" if "bash" in script.split("\n", 1)[0] else "sh"
            return Command((shell, rel[len(folder) + 1 :] if folder else rel), rel, "prestart.sh")
    manage = join(join(folder, django_root) if django_root else folder, "manage.py")
    if framework == "django" and tree.has(manage):
        # Run where manage.py is: the image's working folder (BuildPlan.workdir). A database
        # cache (CACHES' DatabaseCache) needs its table too, which migrate does not make.
        steps = ["python manage.py migrate --noinput"]
        if _database_cache(tree, manage.rpartition("/")[0]):
            steps.append("python manage.py createcachetable")
        # the data its own start script seeds after migrate (doccano's create_roles)
        seeds = after_migrate(tree, folder)
        steps += list(seeds[0]) if seeds is not None else []
        source = seeds[1] if seeds is not None else manage
        if len(steps) > 1:
            return Command(("sh", "-c", " && ".join(steps)), source, "django migrations")
        return Command(("python", "manage.py", "migrate", "--noinput"), manage, "django migrations")
    if framework == "django" and (managed := manage_script(tree, folder)):  # ralph's `ralph`, its manage.py
        return Command((managed[0], "migrate", "--noinput"), managed[1], "the project's command")
    alembic = join(folder, "alembic.ini")
    itself = migrates_at_start(tree, folder) if names & {"alembic", "flask-migrate"} else None
    if "alembic" in names and tree.has(alembic) and alembic_bootstraps(tree, folder) and not itself:
        # env.py imports the app's package: alembic's own program finds it only when the ini
        # puts the folder on the path (prepend_sys_path = .); `python -m` always does.
        if re.search(r"^\s*prepend_sys_path\s*=", tree.text(alembic) or "", re.M):
            return Command(("alembic", "upgrade", "head"), alembic, "alembic")
        if _old_alembic(tree, folder):  # no alembic.__main__ before 1.5: its main(), run from here
            main = "from alembic.config import main; main()"
            return Command(("python", "-c", main, "upgrade", "head"), alembic, "alembic")
        return Command(("python", "-m", "alembic", "upgrade", "head"), alembic, "alembic")
    if "alembic" in names and not itself and (nested := nested_alembic(tree, folder)) is not None:
        # fmn's fmn/database/migrations/alembic.ini (script_location = %(here)s): named with -c
        ini = nested[len(folder) + 1 :] if folder else nested
        return Command(("python", "-m", "alembic", "-c", ini, "upgrade", "head"), nested, "alembic")
    cli = cli_db_command(tree, folder)  # the project's own `zou upgrade-db`
    migrations = flask_migrations(tree, folder) if "flask-migrate" in names and not itself else None
    if migrations is not None and (migrations == "migrations" or cli is None):
        where = ("--directory", migrations) if migrations != "migrations" else ()
        create = (
            None if bootstraps(tree, join(folder, f"{migrations}/versions")) else _create_step(tree, folder)
        )
        if create is not None:
            # redash: the first revision changes tables `manage.py database create_tables` makes
            # on an empty database (and stamps the head); the upgrade then finds nothing to do
            upgrade = shlex.join(("flask", "db", "upgrade", *where))
            return Command(
                ("sh", "-c", f"{create[0]} && {upgrade}"), create[1], "create tables, then migrate"
            )
        return Command(("flask", "db", "upgrade", *where), join(folder, migrations), "flask-migrate")
    if "flask-alembic" in names and (revisions := _flask_alembic(tree, folder)) is not None:
        # Flask-Alembic's `flask db` group: its revisions in migrations/ beside the app's module
        return Command(("flask", "db", "upgrade"), revisions, "flask-alembic")
    # Aerich (Tortoise ORM's migrations), configured in pyproject.toml's [tool.aerich].
    if "aerich" in names and "[tool.aerich]" in (tree.text(join(folder, "pyproject.toml")) or ""):
        return Command(("aerich", "upgrade"), join(folder, "pyproject.toml"), "aerich")
    if cli is not None:  # its own command runs the migrations in its package (zou/migrations)
        return Command(cli[0], cli[1], "the project's command")
    if "yoyo-migrations" in names and (yoyo := _yoyo(tree, folder)) is not None:
        return yoyo
    return (
        migrate_script_file(tree, folder)
        or entrypoint_setup(tree, folder)
        or create_all_script(tree, folder)
        or python_compose_release(tree, folder)
    )


def _in_workspace(tree: Tree, folder: str) -> bool:
    """Whether a folder above ``folder`` is a Node workspace's root."""
    for depth in range(len(parts := folder.split("/") if folder else [])):
        above = "/".join(parts[:depth])
        data = tree.json(join(above, "package.json")) or {}
        if tree.has(join(above, "pnpm-workspace.yaml")) or "workspaces" in data:
            return True
    return False


def python_compose_release(tree: Tree, folder: str) -> Command | None:
    """compose_release for an app whose image holds its folder alone: the steps run in /app,
    not in a folder above it that the compose file's place names (`cd ..`)."""
    found = compose_release(tree, folder, [folder, ""])
    if found is None or not found.argv[-1].startswith("cd ..") or _in_workspace(tree, folder):
        return found  # (a workspace member's image holds the workspace: logto's cd ../..)
    return replace(found, argv=(*found.argv[:-1], re.sub(r"^cd \.\.(?:/\.\.)* && ", "", found.argv[-1])))


def _yoyo(tree: Tree, folder: str) -> Command | None:
    """yoyo-migrations: the project's own script that applies them (folksonomy's
    db-migration.py: read_migrations + apply_migrations, as its README runs it), else
    `yoyo apply --batch` with its yoyo.ini."""
    for name in sorted(tree.names(folder or "")):
        text = tree.text(join(folder, name)) if name.endswith(".py") else None
        if text and "read_migrations" in text and "apply_migrations" in text:
            return Command(("python", name), join(folder, name), "yoyo migrations script")
    ini = join(folder, "yoyo.ini")  # (the CLI reads the database's URL from it only)
    given = re.search(r"^\s*database\s*=\s*(\S*)", tree.text(ini) or "", re.M)
    if given and "@" in given.group(1) and (own := python_compose_release(tree, folder)):
        # a fixed URL (feeds.fun's ffun:ffun@postgresql): the project's own migrate command,
        # which reads the settings, as its compose file runs it (`ffun migrate`)
        return own
    return Command(("yoyo", "apply", "--batch"), ini, "yoyo.ini") if given else None


def flask_migrations(tree: Tree, folder: str) -> str | None:
    """Flask-Migrate's folder: migrations/, or one inside the app's package that holds its
    env.py (`flaskapp/migrations`, run with `flask db upgrade --directory`)."""
    if tree.has_dir(join(folder, "migrations")):
        return "migrations"
    for sub in sorted(tree.subdirs(folder)):
        if tree.has(join(folder, f"{sub}/migrations/env.py")):
            return f"{sub}/migrations"
    return None


def _flask_alembic(tree: Tree, folder: str) -> str | None:
    """Flask-Alembic's revisions: a migrations/ folder of Python files (no env.py of its own),
    in the app's folder or in its package."""
    for where in (folder, *(join(folder, sub) for sub in sorted(tree.subdirs(folder)))):
        rel = join(where, "migrations")
        if any(n.endswith(".py") for n in tree.names(rel)):
            return rel
    return None


def _database_cache(tree: Tree, folder: str) -> bool:
    """Whether the Django project's settings keep the cache in the database (DatabaseCache)."""
    for current, name in tree.walk(folder):
        if (name.endswith("settings.py") or current.endswith("/settings") or current == "settings") and (
            "backends.db.DatabaseCache" in (tree.text(join(current, name)) or "")
        ):
            return True
    return False


# A script of the project's own that makes the tables (flaskr-tdd's create_db.py: with
# app.app_context(): db.create_all()), which its README says to run.
TABLE_SCRIPTS = ("create_db.py", "init_db.py", "create_tables.py", "db_create.py", "setup_db.py", "initdb.py")


_ALEMBIC_PIN = re.compile(
    r"^alembic\s*==\s*(\d+)\.(\d+)"
    r'|"alembic":\s*\{[^}]*?"version":\s*"==(\d+)\.(\d+)'
    r'|name = "alembic"\nversion = "(\d+)\.(\d+)',
    re.M | re.I,
)


def _old_alembic(tree: Tree, folder: str) -> bool:
    """Whether the project pins an alembic older than 1.5 (requirements, Pipfile.lock, poetry.lock)."""
    for name in ("requirements.txt", "Pipfile.lock", "poetry.lock", "requirements/base.txt"):
        m = _ALEMBIC_PIN.search(tree.text(join(folder, name)) or "")
        if m is not None:
            major, minor = (int(g) for g in m.groups() if g is not None)
            return (major, minor) < (1, 5)
    return False


def create_all_script(tree: Tree, folder: str) -> Command | None:
    """``python create_db.py`` when the app's folder has such a script that makes the tables
    with create_all() and drops nothing: it only adds missing tables, so it can run at every
    start as the release step."""
    for name in TABLE_SCRIPTS:
        text = tree.text(join(folder, name)) or ""
        if "create_all(" in text and not DROPS.search(text):
            return Command(("python", name), join(folder, name), "create_all script")
    return None


_MIGRATES = re.compile(
    r"\b(?:knex\b[^\n]*\bmigrate:latest|prisma\s+migrate\s+deploy|alembic\s+upgrade|manage\.py\s+migrate"
    r"|sequelize(?:-cli)?\s+db:migrate|typeorm\b[^\n]*\bmigration:run|drizzle-kit\s+migrate)\b"
)


def migrate_script_file(tree: Tree, folder: str) -> Command | None:
    """The project's own migration script (logchimp's scripts/migrate.sh: `pnpm knex
    --knexfile ./dist/database/config.js migrate:latest`, then its seed), run as the release
    step; not one that drives Docker itself (`docker compose exec app ...`)."""
    for name in ("migrate.sh", "scripts/migrate.sh", "bin/migrate.sh", "scripts/migrations.sh"):
        rel = join(folder, name)
        text = tree.text(rel)
        if text is not None and _MIGRATES.search(text) and not re.search(r"\bdocker\b", text):
            shell = "bash" if "bash" in text.split("\n", 1)[0] else "sh"
            return Command((shell, name), rel, "migration script")
    return None


_INI_URL = re.compile(r"^\s*sqlalchemy\.url\s*=\s*(\S+)\s*$", re.M)
# What an env.py does when it gives the migrations a URL of its own (from the environment,
# the app's settings, or the app's engine).
_ENV_PY_URL = re.compile(
    r"set_main_option|environ|getenv|settings|get_url|DATABASE_URL"
    # the app's own engine (connectable = async_engine), or one made from another URL
    r"|connectable\s*=\s*(?!(?:async_)?engine_from_config)\w|create_(?:async_)?engine\(",
    re.I,
)


def alembic_fixed_url(tree: Tree, folder: str) -> Sourced[str] | None:
    """The database URL alembic.ini fixes (password hidden) when the migrations' env.py takes
    it as it is: the release step then connects there, not to the database the files set up."""
    ini = join(folder, "alembic.ini")
    text = tree.text(ini) or ""
    url = _INI_URL.search(text)
    if (
        url is None
        or "://" not in url.group(1)
        or "%(" in url.group(1)
        or url.group(1).startswith("driver://")
    ):
        return None
    env_py = tree.text(join(scripts_folder(folder, text), "env.py"))
    if env_py is None or _ENV_PY_URL.search(env_py.replace('get_main_option("sqlalchemy.url")', "")):
        return None
    shown = re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", url.group(1))
    return Sourced(shown, ini, "sqlalchemy.url")


# Flask's `@app.cli.command("init-db")` (or "init"), Flask-Script's `@manager.command def recreate_db():`
_SETUP_COMMAND = re.compile(
    r"""@(?:click|\w+\.cli|cli)\.command\(\s*["']((?:init|create)[-_]?db|init(?:iali[sz]e)?)["']"""
    r"|@manager\.command\s+def\s+((?:re)?(?:create|init)_?db)\("
    # a click command named by its function (flask-shop's `@click.command()` `def createdb()`)
    r"|@(?:click|\w+\.cli|cli)\.command\(\s*\)\s*\n(?:[ \t]*@[^\n]*\n)*[ \t]*def\s+((?:init|create)_?db)\("
)


# A Flask CLI command that loads seed data: @app.cli.command("seed") / def seed_db()
_SEED_COMMAND = re.compile(
    r"""@(?:\w+\.cli|cli|click)\.command\(\s*(?:["']([\w-]*seed[\w-]*)["'])?[^)\n]*\)\s*\n\s*def\s+(\w*seed\w*)\("""
)


def flask_seed(texts: Mapping[str, str]) -> Command | None:
    """The app's own Flask CLI command that loads seed data (`flask seed`): nothing runs it;
    the report names it as a one-time step."""
    for rel, text in texts.items():
        if m := _SEED_COMMAND.search(text):
            return Command(("flask", m[1] or m[2].replace("_", "-")), rel, "Flask CLI command")
    return None


def setup_command(texts: Mapping[str, str]) -> Sourced[str] | None:
    """The app's own CLI command that makes its tables (nothing runs it): a Flask CLI command
    (``init-db``) or a Flask-Script one (``recreate_db``, run through its manage.py)."""
    for rel, text in texts.items():
        if m := _SETUP_COMMAND.search(text):
            if m[3]:  # click names it after the function, underscores as dashes
                return Sourced(m[3].replace("_", "-"), rel, "command")
            return Sourced(m[1] or m[2], rel, "command" if m[1] else "flask-script")
    return None


def data_migration_env(tree: Tree, folder: str, env: Collector) -> None:
    """The variables Django's data migrations read (RunPython: unicodex's SUPERUSER and
    SUPERPASS make its first user): the release step runs them, so they are the app's too.
    The scan of the app's code leaves migrations/ out (its schema files read nothing)."""
    below = f"{folder}/" if folder else ""
    for current, names in tree.files.items():  # (the index holds no .git, node_modules nor venv)
        if not (current.endswith("/migrations") and current.startswith(below)):
            continue
        for name in (n for n in names if n.endswith(".py")):
            text = tree.text(join(current, name)) or ""
            if "RunPython" in text and ("environ" in text or "getenv" in text):
                scan_python(text, join(current, name), env)


# The project's own step that makes the tables on an empty database, in its container's
# entrypoint (redash's bin/docker-entrypoint: `exec /app/manage.py database create_tables`).
_CREATE_LINE = re.compile(
    r"^\s*(?:exec\s+)?(?:python3?\s+)?(?:/app/|\./)?manage\.py\s+((?:[\w-]+\s+)?(?:create_tables|create-tables|create_db|create-db))\s*$",
    re.M,
)


def _create_step(tree: Tree, folder: str) -> tuple[str, str] | None:
    """(command line, script) of that step."""
    for name in ("bin/docker-entrypoint", "bin/docker-entrypoint.sh", *ENTRYPOINTS):
        rel = join(folder, name)
        if m := _CREATE_LINE.search(tree.text(rel) or ""):
            return f"python manage.py {m.group(1)}", rel
    return None
