"""The data a Django project's own start script seeds after its migrations runs in the release
step too (doccano's create_roles), and only what is safe to repeat on every start."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from advisor.api import advise

_SETTINGS = (
    "import dj_database_url\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
    "SECRET_KEY = 'x'\nINSTALLED_APPS = ['roles']\n"
    "DATABASES = {'default': dj_database_url.config(env='DATABASE_URL')}\n"
)
_ROLES = (
    "from django.core.management.base import BaseCommand\n\nfrom ...models import Role\n\n\n"
    "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
    "        for name in ('admin', 'annotator'):\n            Role.objects.get_or_create(name=name)\n"
)
_RESET = (
    "from django.core.management.base import BaseCommand\n\nfrom ...models import Role\n\n\n"
    "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
    "        Role.objects.all().delete()\n        Role.objects.create(name='admin')\n"
)
_WAIT = (
    "from django.core.management.base import BaseCommand\nfrom django.db import connection\n\n\n"
    "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
    "        connection.ensure_connection()\n"
)
_SCRIPT = """#!/usr/bin/env bash
set -o errexit
if [[ -z "${ADMIN_USERNAME}" ]]; then echo "Missing ADMIN_USERNAME" >&2; exit 1; fi
python manage.py collectstatic --noinput
python manage.py wait_for_db
python manage.py migrate
python manage.py create_roles
python manage.py reset_roles
python manage.py loaddata initial_sites.json
if [[ -n "${ADMIN_USERNAME}" ]]; then
  python manage.py create_admin \\
    --username "${ADMIN_USERNAME}" \\
    --noinput
  python manage.py create_defaults
fi
gunicorn --bind=0.0.0.0:8000 config.wsgi
"""


def _project(tmp_path: Path, script: str = _SCRIPT) -> Path:
    return write_tree(
        tmp_path,
        {
            "backend/requirements.txt": (
                "Django==5.2.1\ndj-database-url\nenvirons\npsycopg[binary]\ngunicorn\n"
            ),
            "backend/manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
            ),
            "backend/config/__init__.py": "",
            "backend/config/settings.py": _SETTINGS,
            "backend/config/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
            "application = get_wsgi_application()\n",
            "backend/roles/__init__.py": "",
            "backend/roles/models.py": "from django.db import models\n\n\nclass Role(models.Model):\n"
            "    name = models.CharField(max_length=20)\n",
            "backend/roles/management/__init__.py": "",
            "backend/roles/management/commands/__init__.py": "",
            "backend/roles/management/commands/create_roles.py": _ROLES,
            "backend/roles/management/commands/create_defaults.py": _ROLES,
            "backend/roles/management/commands/reset_roles.py": _RESET,
            "backend/roles/management/commands/wait_for_db.py": _WAIT,
            "backend/roles/management/commands/create_admin.py": _ROLES,
            "tools/prod-django.sh": script,
        },
    )


def test_the_start_scripts_seed_commands_follow_migrate_in_the_release_step(tmp_path: Path) -> None:
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=_project(tmp_path))
    compose = advice.files("en")["compose.yaml"]
    steps = "python manage.py migrate --noinput && python manage.py create_roles"
    # loaddata of the project's fixture, as the script runs it; not the command that empties
    # the table first, not the one inside `if`, not the wait (Compose waits), not collectstatic
    assert f"{steps} && python manage.py loaddata initial_sites.json" in compose
    for left_out in ("reset_roles", "create_defaults", "create_admin", "wait_for_db"):
        assert left_out not in compose
    report = advice.report("en")
    assert "`tools/prod-django.sh`" in report and "create_roles" in report
    assert "create_roles" in advice.report("ko")


def test_no_seed_step_without_a_script_that_migrates_and_starts_a_server(tmp_path: Path) -> None:
    # migrate and create_roles, but the script starts no server: a one-off set-up script
    one_off = _SCRIPT.replace("gunicorn --bind=0.0.0.0:8000 config.wsgi\n", "")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=_project(tmp_path / "a", one_off))
    assert advice.setup.build.release == ("python", "manage.py", "migrate", "--noinput")
    # create_roles before migrate: nothing to seed into yet
    early = _SCRIPT.replace("python manage.py migrate\n", "").replace(
        "wait_for_db\n", "wait_for_db\npython manage.py migrate\n"
    )
    early = early.replace("python manage.py create_roles\n", "").replace(
        "python manage.py collectstatic", "python manage.py create_roles\npython manage.py collectstatic"
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=_project(tmp_path / "b", early))
    steps = "python manage.py migrate --noinput && python manage.py loaddata initial_sites.json"
    assert advice.setup.build.release == ("sh", "-c", steps)


def test_a_django_sqlite_default_moved_by_its_url_is_not_also_reported_among_the_code(tmp_path: Path) -> None:
    """Django's NAME: BASE_DIR / "db.sqlite3" under a DATABASE_URL the settings read: the file
    moves to data/ by that URL, and the report does not also say it stays among the code."""
    settings = _SETTINGS.replace(
        "DATABASES = {'default': dj_database_url.config(env='DATABASE_URL')}\n",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\n"
        "DATABASES['default'].update(dj_database_url.config(env='DATABASE_URL'))\n"
        "SSL = 'sslmode' in env('DATABASE_URL', '')\n",
    ).replace("import dj_database_url\n", "import dj_database_url\nfrom environs import Env\n\nenv = Env()\n")
    folder = _project(tmp_path)
    (folder / "backend/config/settings.py").write_text(settings)
    advice = advise({"host_os": "linux", "database": "none"}, folder=folder)
    assert advice.setup.build.sqlite_url == ("DATABASE_URL", "sqlite:////app/data/db.sqlite3")
    report = advice.report("en")
    assert "among its code: the image lets" not in report
    assert "data/db.sqlite3" in report


def test_a_console_script_that_migrates_and_loads_fixtures_is_the_release_step(tmp_path: Path) -> None:
    """wger: extras/docker/production/entrypoint.sh (three folders down) runs `wger bootstrap
    --no-process-static` (its invoke task `bootstrap` migrates and loads the fixtures the app
    cannot run without), then `python manage.py set-site-url`, then the server; its own
    `migrate` only under an `if`. The release step migrates and runs both, in that order."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "wger"\ndependencies = ["django", "dj-database-url", "invoke"]\n\n'
                '[project.scripts]\nwger = "wger.__main__:main"\n'
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'wger.settings')\n",
            "wger/__init__.py": "",
            "wger/settings.py": _SETTINGS,
            "wger/wsgi.py": "application = None\n",
            "wger/__main__.py": (
                "from wger.tasks import make_program\n\n\ndef main():\n    make_program().run()\n"
            ),
            "wger/tasks.py": (
                "from django.core.management import call_command\n\n\n@task\n"
                "def bootstrap(context, settings_path=None, process_static=True):\n"
                "    migrate_db(context)\n    load_fixtures(context)\n\n\n"
                "def migrate_db(context):\n    call_command('migrate')\n"
            ),
            "wger/core/management/commands/set-site-url.py": (
                "from django.contrib.sites.models import Site\n\n\nclass Command(BaseCommand):\n"
                "    def handle(self, *args, **options):\n        site = Site.objects.get_current()\n"
                "        site.save()\n"
            ),
            "extras/docker/production/entrypoint.sh": (
                "#!/bin/bash\nwger bootstrap --no-process-static\n"
                'if [[ "$DJANGO_PERFORM_MIGRATIONS" == "True" ]];\nthen\n    python3 manage.py migrate\nfi\n'
                "python3 manage.py set-site-url\ngunicorn wger.wsgi:application --bind 0.0.0.0:8000\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert advice.setup.build.release == (
        "sh",
        "-c",
        "python manage.py migrate --noinput && wger bootstrap --no-process-static"
        " && python manage.py set-site-url",
    )
