"""How a Python app starts, read from the project as it is (held-out projects' shapes)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, run_cli, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report
from advisor.render.runscript import render_run_script

LUTE_PYPROJECT = """\
[build-system]
requires = ["flit_core >=3.2,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "lute3"
dynamic = ["version"]
dependencies = ["Flask-SQLAlchemy>=3.1.1,<4", "waitress>=2.1.2,<3"]

[project.scripts]
lute = "lute.main:start"
"""


def test_the_repositorys_own_app_wins_over_a_plugin_and_its_serving_script_starts_it(tmp_path: Path) -> None:
    """lute-v3: the root pyproject lists Flask-SQLAlchemy (not Flask) and its factory makes
    the app inside create_app(); its console script `lute` (lute.main:start) prepares the
    app and calls waitress's serve() with an argparse --port. A plugin in plugins/ lists
    Flask in its requirements. The root is the Flask app, started by its script with the
    port its option defaults to (5001), not the plugin with `python app.py`."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": LUTE_PYPROJECT,
            "lute/__init__.py": '__version__ = "3.10.3"\n',
            "lute/app_factory.py": (
                "from flask import Flask\n\n\ndef create_app(app_config_path=None, extra_config=None):\n"
                "    app = Flask(__name__, instance_path='/tmp')\n    return app\n"
            ),
            "lute/main.py": (
                "import argparse\nfrom waitress import serve\nfrom lute.app_factory import create_app\n\n\n"
                "def _start(args):\n    app = create_app()\n"
                "    serve(app, host='0.0.0.0', port=args.port)\n\n\n"
                "def start():\n    parser = argparse.ArgumentParser()\n"
                "    parser.add_argument('--port', type=int, default=5001)\n    _start(parser.parse_args())\n"
            ),
            "plugins/lute-mandarin/pyproject.toml": '[project]\nname = "lute-mandarin"\n',
            "plugins/lute-mandarin/requirements.txt": "flask==3.0.0\njieba==0.42.1\n",
        },
    )
    primary = inspect_project(tmp_path).primary
    assert primary is not None and primary.path == "."
    assert primary.framework is not None and primary.framework.value == "flask"
    assert primary.start is not None and primary.start.argv == ("lute", "--port", "5001")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert 'CMD ["lute", "--port", "5001"]' in text and "/app/.venv/bin/python -m pip install ." in text


def test_a_console_script_that_only_runs_commands_does_not_start_the_app(tmp_path: Path) -> None:
    """A script whose module never serves (a seeder, a CLI) leaves the start to the factory."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": LUTE_PYPROJECT.replace("lute.main:start", "lute.seed:main"),
            "lute/app_factory.py": (
                "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
            ),
            "lute/seed.py": "def main():\n    print(json.dumps({}))\n",
        },
    )
    primary = inspect_project(tmp_path).primary
    assert primary is not None and primary.start is not None
    assert primary.start.argv[0] != "lute" and "lute.app_factory:create_app()" in primary.start.argv


def test_a_uwsgi_ini_from_a_base_image_is_not_the_start_when_uwsgi_is_not_installed(tmp_path: Path) -> None:
    """VS Code's Django tutorial: uwsgi.ini for tiangolo/uwsgi-nginx's image, and requirements
    without uWSGI (`exec uwsgi failed: No such file or directory`): Django's own start."""
    files = {
        "requirements.txt": "Django>=3.1.0\npytz==2020.5\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'web_project.settings')\n",
        "web_project/settings.py": "INSTALLED_APPS = []\n",
        "web_project/wsgi.py": "application = get_wsgi_application()\n",
        "uwsgi.ini": "[uwsgi]\nmodule = web_project.wsgi:application\nuid = 1000\nmaster = true\n",
    }
    write_tree(tmp_path, files)
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv[0] != "uwsgi"
    write_tree(tmp_path, {"requirements.txt": "Django>=3.1.0\npyuwsgi==2.0.28\n"})
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv[:3] == ("uwsgi", "--ini", "uwsgi.ini")


def test_the_projects_dockerfile_entrypoint_is_its_start_also_after_advisor_kept_it_aside(
    tmp_path: Path,
) -> None:
    """Tornado's blog demo: `ENTRYPOINT ["python3", "blog.py"]` and no CMD; the start is
    that program (not `python app.py`, a file the project lacks), with its CMD's words after
    it when there are some; a wrapper entrypoint script is not the program. After a first run
    the Dockerfile is advisor's and the project's is Dockerfile.orig: the same start."""
    dockerfile = 'FROM python:3.7\nEXPOSE 8888\nCOPY . .\nENTRYPOINT ["python3", "blog.py"]\n'
    write_tree(
        tmp_path,
        {
            "requirements.txt": "tornado\naiopg\n",
            "blog.py": "import tornado.web\nif __name__ == '__main__':\n    main()\n",
            "Dockerfile": dockerfile,
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and (app.start.argv, app.start.detail) == (
        ("python3", "blog.py"),
        "ENTRYPOINT",
    )
    assert [p.value for p in app.ports][:1] == [8888]

    run = run_cli("generate", "--defaults", "--out", str(tmp_path), "--force")
    assert run.code == 0, run.err
    assert (tmp_path / "Dockerfile.orig").read_text() == dockerfile
    assert 'CMD ["python3", "blog.py"]' in (tmp_path / "Dockerfile").read_text()
    again = inspect_project(tmp_path).apps[0].start
    assert again is not None and (again.argv, again.source) == (("python3", "blog.py"), "Dockerfile.orig")

    write_tree(
        tmp_path,
        {
            "Dockerfile": dockerfile.replace(
                'ENTRYPOINT ["python3", "blog.py"]', 'ENTRYPOINT ["python3", "blog.py"]\nCMD ["--port=8888"]'
            )
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("python3", "blog.py", "--port=8888")
    write_tree(
        tmp_path,
        {"Dockerfile": 'FROM python:3.12\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["python", "blog.py"]\n'},
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("python", "blog.py")


def test_uv_comes_from_pypi_in_the_build_stage(tmp_path: Path) -> None:
    """uv is installed with pip from PyPI, where the dependencies come from (no second
    registry to reach, ghcr.io), on its release line; the final image has no uv."""
    folder = Path(__file__).parent / "fixtures" / "fastapi-uv"
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert 'python -m pip install "uv==0.13.*"' in text and "ghcr.io" not in text
    final = text[text.rindex("FROM ") :]
    assert "uv==" not in final
    assert_hadolint_clean(text, tmp_path)


def test_a_variable_naming_the_apps_data_folder_points_at_the_images_volume(tmp_path: Path) -> None:
    """Spoolman keeps its SQLite file in SPOOLMAN_DIR_DATA, else in platformdirs' folder under
    a home the app user lacks (PermissionError: '/home/appuser'): the image sets the variable
    to its data folder, which its user owns and a volume keeps, and .env does not ask for it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\nplatformdirs==4.3.6\n",
            "app/main.py": (
                "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n"
                "DATA = os.getenv('SPOOLMAN_DIR_DATA') or user_data_dir('spoolman')\n"
                "CACHE = os.getenv('CACHE_DIR', '/tmp/cache')\n"
            ),
        },
    )
    setup = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    text = render_dockerfile(setup)
    # XDG_DATA_HOME, platformdirs' fallback, points at the same folder
    assert re.search(r"^    SPOOLMAN_DIR_DATA=/app/data( \\)?$", text, re.M) and "CACHE_DIR=" not in text
    assert 'chown -R "${UID}:${UID}" /app/data' in text
    app = yaml.safe_load(render_compose(setup))["services"]["app"]
    assert any(v.endswith(":/app/data") for v in app["volumes"])
    assert "SPOOLMAN_DIR_DATA" not in {v.name for v in setup.env}


def test_a_set_up_script_the_projects_compose_command_runs_before_the_server_is_the_release_step(
    tmp_path: Path,
) -> None:
    """`command: sh -c "python -m app.seed && uvicorn main:app --host 0.0.0.0"` in the
    project's compose file: the seed is the release step, the server the start."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\nasyncpg==0.30.0\n",
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "app/seed.py": "import asyncpg\n",
            "docker-compose.yml": (
                "services:\n  api:\n    build: .\n"
                '    command: sh -c "python -m app.seed && uvicorn main:app --host 0.0.0.0"\n'
            ),
        },
    )
    release = inspect_project(tmp_path).apps[0].release
    assert release is not None and release.argv == ("sh", "-c", "python -m app.seed")
    assert release.source == "docker-compose.yml"


def test_the_projects_own_command_the_release_step_runs_is_installed_with_the_project(tmp_path: Path) -> None:
    """fireshare: requirements.txt without the project, setup.py's console script `fireshare`
    whose click group has `init-db` (the release step): `exec fireshare failed: No such file
    or directory` unless the project itself is installed (--no-deps, after the requirements)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\nclick==8.1.8\ngunicorn==23.0.0\n",
            "setup.py": (
                "from setuptools import setup, find_packages\n\nsetup(\n    name='fireshare',\n"
                "    packages=find_packages(),\n    entry_points={\n"
                "        'console_scripts': ['fireshare=fireshare.cli:cli'],\n    },\n)\n"
            ),
            "fireshare/__init__.py": (
                "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
            ),
            "fireshare/cli.py": (
                "import click\n\n@click.group()\ndef cli():\n    pass\n\n"
                "@cli.command()\ndef init_db():\n    pass\n"
            ),
        },
    )
    setup = advise({"host_os": "linux"}, folder=tmp_path).setup
    assert setup.build.release[:2] == ("fireshare", "init-db")
    text = render_dockerfile(setup)
    assert "/app/.venv/bin/python -m pip install --no-deps .\n" in text
    assert text.index("pip install -r requirements.txt") < text.index("pip install --no-deps .")


def test_a_flask_seed_command_is_named_as_a_one_time_step(tmp_path: Path) -> None:
    """flask-db-quiz-example: `@app.cli.command("seed")` loads the quizzes (its startup.sh and
    README run it); the report names `docker compose exec app flask seed`, in English and Korean."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\nFlask-SQLAlchemy==3.1.1\npsycopg2-binary==2.9.10\n",
            "app.py": (
                "import click\nfrom flask import Flask\napp = Flask(__name__)\n\n"
                '@app.cli.command("seed")\ndef seed_data():\n    click.echo("Quiz seeded!")\n'
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "`docker compose exec app flask seed`" in render_report(advice.setup, "en")
    assert "`docker compose exec app flask seed`" in render_report(advice.setup, "ko")


def test_procfile_commands_written_from_the_top_run_in_the_django_folder_the_image_works_in(
    tmp_path: Path,
) -> None:
    """ChiefOnboarding: manage.py in back/, and a Procfile written from the repository's top
    (`gunicorn --chdir back back.wsgi`, `python back/manage.py migrate`, `python
    back/manage.py qcluster`). The image works in /app/back (WORKDIR): the commands lose
    the folder (`python: can't open file '/app/back/back/manage.py'`)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\ndjango-q2==1.7.6\npsycopg2-binary==2.9.10\n",
            "Procfile": (
                "release: python back/manage.py createcachetable && python back/manage.py migrate\n"
                "web: gunicorn --chdir back back.wsgi\nworker: python back/manage.py qcluster\n"
            ),
            "back/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'back.settings')\n",
            "back/back/settings.py": "import os\nDATABASES = {'default': {'HOST': os.getenv('DB_HOST')}}\n",
            "back/back/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    build = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build
    assert build.workdir == "back"
    assert build.start[:2] == ("gunicorn", "back.wsgi") and "--chdir" not in build.start
    assert build.release == ("sh", "-c", "python manage.py createcachetable && python manage.py migrate")
    assert build.worker == ("python", "manage.py", "qcluster")


def test_a_database_folder_the_app_makes_is_kept_in_a_volume_the_release_step_shares(tmp_path: Path) -> None:
    """wizarr: `DATABASE_DIR = BASE_DIR / "database"`, `DATABASE_DIR.mkdir(...)` and the SQLite
    URL built from it: run.sh's release step (`flask db upgrade`) migrated a file in its own
    throw-away container and the app started on an empty one ("no such table"). The folder
    is a volume both containers mount."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\nFlask-Migrate==4.0.7\nFlask-SQLAlchemy==3.1.1\n",
            "run.py": "from app import create_app\napp = create_app()\n",
            "app/__init__.py": (
                "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
            ),
            "app/config.py": (
                "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                'DATABASE_DIR = BASE_DIR / "database"\nDATABASE_DIR.mkdir(exist_ok=True)\n'
                "SQLALCHEMY_DATABASE_URI = f\"sqlite:///{DATABASE_DIR / 'database.db'}\"\n"
            ),
            "migrations/env.py": "# alembic\n",
        },
    )
    run = render_run_script(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert run.count('--volume "$name-app-data:/app/database"') == 2  # the release step's and the app's


def test_a_module_the_code_imports_that_exists_only_as_its_template_is_copied_in_place(
    tmp_path: Path,
) -> None:
    """veops/cmdb: `create_app(config_object="settings")` and `app.config.from_object(...)`,
    settings.py git-ignored and settings.example.py beside it (its docs copy it): the image
    copies it (not over a settings.py of the checkout's own); none when settings.py exists."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "autoapp.py": "from api.app import create_app\napp = create_app()\n",
            "api/__init__.py": "",
            "api/app.py": (
                'from flask import Flask\n\ndef create_app(config_object="settings"):\n'
                "    app = Flask(__name__)\n    app.config.from_object(config_object)\n    return app\n"
            ),
            "settings.example.py": "import os\nSECRET_KEY = os.getenv('SECRET_KEY')\n",
        },
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "RUN cp -n settings.example.py settings.py\n" in text
    assert text.index("COPY . .") < text.index("cp -n settings.example.py") < text.index("USER ")
    assert_hadolint_clean(text, tmp_path)
    write_tree(tmp_path, {"settings.py": "SECRET_KEY = 'x'\n"})
    assert "settings.example.py" not in render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)


def test_a_template_for_the_projects_own_image_two_folders_down_is_copied_first(tmp_path: Path) -> None:
    """tubesync: manage.py in tubesync/, `from .local_settings import *` in
    tubesync/tubesync/settings.py, and two templates beside it: local_settings.py.container
    (its image's) and .example. The container's is copied, once."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "tubesync/manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tubesync.settings')\n"
            ),
            "tubesync/tubesync/settings.py": (
                "try:\n    from .local_settings import *\nexcept ImportError:\n    pass\n"
            ),
            "tubesync/tubesync/local_settings.py.container": "DEBUG = False\n",
            "tubesync/tubesync/local_settings.py.example": "DEBUG = True\n",
            "tubesync/tubesync/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert text.count("cp -n ") == 1
    assert "cp -n tubesync/tubesync/local_settings.py.container tubesync/tubesync/local_settings.py" in text


def test_a_lower_case_data_folder_the_settings_make_is_kept_in_a_volume(tmp_path: Path) -> None:
    """FileCodeBox: `data_root = BASE_DIR / "data"` then `data_root.mkdir(...)` as the settings
    load (PermissionError: '/app/data' as the app user), its SQLite file and uploads inside."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\ntortoise-orm==0.21.7\n",
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "core/settings.py": (
                "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                'data_root = BASE_DIR / "data"\nif not data_root.exists():\n'
                "    data_root.mkdir(parents=True)\n"
            ),
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert ("data", "data-dir") in found


def test_a_procfile_variable_with_its_default_is_expanded_by_a_shell(tmp_path: Path) -> None:
    """Flagsmith's Procfile: `gunicorn ... --workers ${GUNICORN_WORKERS:-3}`: in exec form
    gunicorn got the text itself; the CMD runs it through `sh -c "exec ..."`."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "Procfile": "web: gunicorn app.wsgi --workers ${GUNICORN_WORKERS:-3} --bind 0.0.0.0:8000\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
            "app/settings.py": "INSTALLED_APPS = []\n",
            "app/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert (
        'CMD ["sh", "-c", "exec gunicorn app.wsgi --workers ${GUNICORN_WORKERS:-3} --bind 0.0.0.0:8000"]'
        in text
    )


def test_a_uv_lock_with_a_git_source_gets_git_in_the_build_stage(tmp_path: Path) -> None:
    """Flagsmith's uv.lock: `source = { git = "https://github.com/..." }`: uv clones it with
    the git program, which the slim image lacks."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "api"\nversion = "1"\ndependencies = ["fastapi", "flagsmith-ldap"]\n'
            ),
            "uv.lock": (
                'version = 1\n\n[[package]]\nname = "fastapi"\nversion = "0.115.0"\n'
                'source = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "flagsmith-ldap"\n'
                'version = "0.1.0"\n'
                'source = { git = "https://github.com/flagsmith/flagsmith-ldap?rev=v0.1.0#abc" }\n'
            ),
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    build = text[: text.index("AS final")]
    assert re.search(
        r"apt-get install -y --no-install-recommends build-essential pkg-config[^\n]* git\b", build
    )
