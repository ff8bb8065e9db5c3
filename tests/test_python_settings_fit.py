"""Python projects whose settings and dependencies are declared in the shapes real projects
use: django-environ's schema of defaults, feature switches around settings, a pyproject.toml
beside the requirements file, a repository whose app sits in src/ below a tools-only
pyproject.toml, packages that compile against system libraries."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.inspect.python_start import writable_in
from advisor.inspect.wheels import pins_ceiling
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile
from advisor.render.report import render_report

_SETTINGS = """import environ
env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["*"]),
    DATABASE_URL=(str, "mysql://root:@127.0.0.1:3306/archery"),
    ENABLE_OIDC=(bool, False),
    NOTIFIERS=(list, ["a.b:C", "d"]),
)
SECRET_KEY = env("SECRET_KEY")
DEBUG = env("DEBUG")
DATABASES = {"default": env.db()}
ENABLE_OIDC = env("ENABLE_OIDC", False)
if ENABLE_OIDC:
    OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
"""


def _django(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.0.*\ndjango-environ\nmysqlclient==2.*\npsycopg2-binary==2.*\n"
            "django-auth-ldap==4.1.0\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "site1/__init__.py": "",
            "site1/settings.py": _SETTINGS,
            "site1/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        },
    )


def test_django_environ_schema_defaults_choose_the_database_and_require_nothing(tmp_path: Path) -> None:
    folder = _django(tmp_path)
    app = inspect_project(folder).primary
    assert app is not None
    env = {v.name: v for v in app.env_vars}
    assert env["DATABASE_URL"].default == "mysql://root:@127.0.0.1:3306/archery"
    assert not env["DEBUG"].required and not env["NOTIFIERS"].required
    assert env["SECRET_KEY"].required  # read with no default anywhere
    # read only when its feature is switched on: the app starts without it
    assert not env["OIDC_RP_CLIENT_ID"].required
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    # drivers for two engines: the code's own default URL names the one it runs with
    assert advice.answers.database == "mysql"
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert str(app_env["DATABASE_URL"]).startswith("mysql://")
    assert not any("NOTIFIERS:?" in str(v) or "OIDC_RP_CLIENT_ID:?" in str(v) for v in app_env.values())
    # django-auth-ldap always installs python-ldap, which compiles against OpenLDAP's headers
    dockerfile = render_dockerfile(advice.setup)
    assert "libldap2-dev libsasl2-dev" in dockerfile and "libldap2 libsasl2-2" in dockerfile


def _src_app(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.ruff]\nline-length = 120\n\n[tool.pytest.ini_options]\naddopts = ''\n",
            "requirements-dev.txt": "-r src/requirements.txt\npytest\n",
            "src/requirements.txt": "gunicorn==22.0.0\nuvicorn==0.23.2\n",
            "src/pyproject.toml": '[project]\nname = "fastapi_app"\nversion = "1.0.0"\n'
            'dependencies = ["fastapi", "uvicorn[standard]", "psycopg2", "sqlmodel"]\n\n'
            '[build-system]\nrequires = ["flit_core<4"]\nbuild-backend = "flit_core.buildapi"\n',
            "src/fastapi_app/__init__.py": "",
            "src/fastapi_app/app.py": "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n"
            "url = os.environ['POSTGRES_HOST']\n",
        },
    )


def test_pyproject_dependencies_the_requirements_lack_are_installed_with_the_project(tmp_path: Path) -> None:
    folder = _src_app(tmp_path)
    facts = inspect_project(folder)
    # The top's pyproject.toml holds only tools' settings: the app is the one in src/.
    assert [a.path for a in facts.apps] == ["src"]
    pm = facts.apps[0].package_manager
    assert pm is not None and pm.self_install_deps
    assert pm.self_install == "src/pyproject.toml: fastapi, psycopg2, sqlmodel"
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    dockerfile = render_dockerfile(advice.setup)
    requirements = dockerfile.index("pip install -r requirements.txt")
    project = dockerfile.index("/app/.venv/bin/python -m pip install .\n")
    assert requirements < project and "--no-deps" not in dockerfile
    assert "libpq-dev" in dockerfile  # psycopg2 from the pyproject's list compiles
    assert "leave out (fastapi, psycopg2, sqlmodel)" in render_report(advice.setup, "en")
    assert "`pip install .` 명령으로 프로젝트 자체를 설치" in render_report(advice.setup, "ko")


def test_requirements_that_cover_the_pyproject_need_no_second_install(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn[standard]==0.30\n",
            "pyproject.toml": '[project]\nname = "api"\ndependencies = ["FastAPI", "uvicorn"]\n',
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    pm = inspect_project(folder).apps[0].package_manager
    assert pm is not None and pm.self_install is None and not pm.self_install_deps


def test_a_uv_workspace_root_is_still_no_tools_only_file(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.uv.workspace]\nmembers = ["apps/*"]\n',
            "uv.lock": "version = 1\n",
            "apps/api/pyproject.toml": '[project]\nname = "api"\nversion = "1"\ndependencies = ["fastapi"]\n',
            "apps/api/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    api = inspect_project(folder).app("apps/api")
    assert api is not None and api.package_manager is not None and api.package_manager.workspace == "."


def test_a_package_without_wheels_gets_the_compiler(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nmisaka==2.1.1\ngssapi\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    dockerfile = render_dockerfile(advise({"project_name": "demo", "host_os": "linux"}, folder=folder).setup)
    assert (
        "build-essential" in dockerfile and "libkrb5-dev" in dockerfile and "libgssapi-krb5-2" in dockerfile
    )


_UV_LOCK = """version = 1
requires-python = ">=3.14"

[[package]]
name = "cmarkgfm"
version = "2024.11.20"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "cffi" },
]
sdist = { url = "https://files.pythonhosted.org/packages/cmarkgfm-2024.11.20.tar.gz", hash = "sha256:5d" }

[[package]]
name = "django"
version = "5.2.16"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/django-5.2.16.tar.gz", hash = "sha256:6e" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/django-5.2.16-py3-none-any.whl", hash = "sha256:7f" },
]

[[package]]
name = "site"
version = "0.1.0"
source = { virtual = "." }
"""


def test_a_locked_package_with_no_wheel_at_all_gets_the_compiler_and_a_buildpack_wrapper_goes(
    tmp_path: Path,
) -> None:
    """pythondotorg: uv.lock (for Python >=3.14) records cmarkgfm with a source archive and no
    wheel, so uv builds its C extension: the build stage has a compiler. Its Procfile's web
    line starts with Heroku's nginx buildpack wrapper (`bin/start-nginx gunicorn -c
    gunicorn.conf pydotorg.wsgi`; gunicorn.conf binds the Unix socket nginx reads): the
    image runs gunicorn itself, bound to the app's port."""
    files = {
        "pyproject.toml": (
            '[project]\nname = "site"\nversion = "0.1.0"\nrequires-python = ">=3.14"\n'
            'dependencies = ["Django==5.2.16", "cmarkgfm==2024.11.20", "gunicorn==23.0.0"]\n'
        ),
        "uv.lock": _UV_LOCK,
        "Procfile": "web: bin/start-nginx gunicorn -c gunicorn.conf pydotorg.wsgi\n",
        "bin/start-nginx": "#!/usr/bin/env bash\n",
        "gunicorn.conf": "bind = 'unix:/var/run/cabotage/nginx.sock'\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pydotorg.settings')\n",
        "pydotorg/__init__.py": "",
        "pydotorg/wsgi.py": "application = get_wsgi_application()\n",
        "pydotorg/settings.py": "SECRET_KEY = 'x'\n",
    }
    folder = write_tree(tmp_path, files)
    assert inspect_project(folder).apps[0].source_only == ("cmarkgfm",)
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "build-essential" in dockerfile
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf", "pydotorg.wsgi", "--bind", "0.0.0.0:8000"]' in dockerfile
    # every locked package has a wheel (or is the project itself): no compiler
    without = re.sub(r'\[\[package\]\]\nname = "cmarkgfm".*?\n\n', "", _UV_LOCK, flags=re.S)
    assert 'name = "django"' in without and "cmarkgfm" not in without
    (folder / "uv.lock").write_text(without)
    assert inspect_project(folder).apps[0].source_only == ()
    assert "build-essential" not in render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)


def test_a_plain_postgres_url_with_psycopg2_and_an_open_sqlalchemy_gets_psycopg3(tmp_path: Path) -> None:
    """SQLAlchemy 2.1 connects postgresql:// with psycopg 3; the project lists psycopg2 alone."""
    files = {
        "requirements.txt": "fastapi\nuvicorn\nsqlmodel\npsycopg2-binary\n",
        "entrypoint.sh": "#!/bin/sh\nset -e\npython3 app/seed_data.py\nexec uvicorn app.main:app\n",
        "app/__init__.py": "",
        "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "app/models.py": "import os\nfrom sqlmodel import create_engine\n"
        "url = f\"postgresql://{os.environ.get('PGUSER')}@{os.environ.get('PGHOST')}/x\"\n"
        "engine = create_engine(url)\n",
        "app/seed_data.py": "from app import models\nmodels.SQLModel.metadata.create_all(models.engine)\n",
    }
    folder = write_tree(tmp_path / "open", files)
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    assert advice.answers.database == "postgres"
    dockerfile = render_dockerfile(advice.setup)
    assert '/app/.venv/bin/python -m pip install "psycopg[binary]"' in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    notes = [n.key for n in advice.setup.notes]
    assert "psycopg3-needed" in notes
    # The project's entrypoint runs its seed script before the server: the release step.
    migrate = yaml.safe_load(render_compose(advice.setup))["services"]["migrate"]
    assert migrate["command"] == ["python3", "app/seed_data.py"]
    assert "release-script" in notes
    assert "its `entrypoint.sh` runs before the server" in render_report(advice.setup, "en")
    # SQLAlchemy kept below 2.1: psycopg2 stays its driver, nothing is added.
    pinned = write_tree(
        tmp_path / "pinned", {**files, "requirements.txt": files["requirements.txt"] + "sqlalchemy<2.1\n"}
    )
    setup = advise({"project_name": "demo", "host_os": "linux"}, folder=pinned).setup
    assert "psycopg[binary]" not in render_dockerfile(setup)
    # An entrypoint line naming a script the project does not have is no release step.
    missing = write_tree(
        tmp_path / "missing", {**files, "entrypoint.sh": "python3 tools/init_db.py\nexec uvicorn x\n"}
    )
    assert (
        "migrate"
        not in yaml.safe_load(
            render_compose(advise({"project_name": "demo", "host_os": "linux"}, folder=missing).setup)
        )["services"]
    )


def test_a_logging_dicts_file_handler_folder_is_the_apps_to_write(tmp_path: Path) -> None:
    settings = _SETTINGS + (
        'LOGGING = {"version": 1, "handlers": {"default": {"level": "DEBUG",\n'
        '    "class": "logging.handlers.RotatingFileHandler", "filename": "logs/site.log"}}}\n'
    )
    folder = _django(tmp_path)
    (folder / "site1" / "settings.py").write_text(settings)
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    assert "logs" in advice.setup.build.writable
    assert "/app/logs" in render_dockerfile(advice.setup)


def test_a_log_folder_constant_the_logging_handlers_format_is_made_for_the_app(tmp_path: Path) -> None:
    """GreedyBear: DJANGO_LOG_DIRECTORY = "/var/log/greedybear/django", and every LOGGING
    handler's filename is an f-string under it: the image makes the folder, owned by the app's
    user (the app stopped on FileNotFoundError). A device path is no folder to make."""
    settings = _SETTINGS + (
        'DJANGO_LOG_DIRECTORY = "/var/log/greedybear/django"\nLOG_PATH = "/dev/stdout"\n'
        'LOGGING = {"version": 1, "handlers": {"api": {"class": "logging.handlers.RotatingFileHandler",\n'
        '    "filename": f"{DJANGO_LOG_DIRECTORY}/api.log"}}}\n'
    )
    folder = _django(tmp_path)
    (folder / "site1" / "settings.py").write_text(settings)
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    assert advice.setup.build.writable == ("/var/log/greedybear/django",)
    dockerfile = render_dockerfile(advice.setup)
    assert 'chown -R "${UID}:${UID}" /var/log/greedybear/django' in dockerfile
    assert "/dev" not in dockerfile


def _azure_django(tmp_path: Path) -> Path:
    """A Django sample whose production settings module alone sets STATIC_ROOT and reads the
    cloud's variables; the shared settings cache in Redis at a LOCATION read from the environment."""
    return write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.1.6\npsycopg2-binary==2.9.10\nwhitenoise\ndjango-redis==5.4.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "proj/__init__.py": "",
            "proj/settings.py": "import os\nDEBUG = True\nSECRET_KEY = 'dev'\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',\n"
            "    'NAME': os.environ['DBNAME'], 'HOST': os.environ['DBHOST']}}\n"
            'CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache",\n'
            '    "LOCATION": os.environ.get("CACHELOCATION")}}\n'
            "STATIC_URL = 'static/'\n",
            "proj/production.py": "import os\nfrom .settings import *\nDEBUG = False\n"
            "SECRET_KEY = os.environ['SECRET_KEY']\nAZURE_CONN = os.environ['AZURE_REDIS_CONNECTIONSTRING']\n"
            "STATIC_ROOT = BASE_DIR / 'staticfiles'\n",
            "proj/wsgi.py": "import os\nazure = 'WEBSITE_HOSTNAME' in os.environ\n"
            "settings_module = 'proj.production' if azure else 'proj.settings'\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', settings_module)\n"
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        },
    )


def test_development_runs_the_shared_settings_not_what_only_production_sets_or_reads(tmp_path: Path) -> None:
    folder = _azure_django(tmp_path)
    dev = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    # django-redis is a Redis cache; the LOCATION variable is its whole address.
    assert dev.answers.cache == "redis"
    app_env = yaml.safe_load(render_compose(dev.setup))["services"]["app"]["environment"]
    assert app_env["CACHELOCATION"] == "redis://redis:6379/0"
    # Only the production module reads these: development does not ask for them.
    assert "AZURE_REDIS_CONNECTIONSTRING" not in app_env
    # Only the production module sets STATIC_ROOT: no collectstatic in development's image.
    step = "python manage.py collectstatic --noinput \\\n"
    assert step not in render_dockerfile(dev.setup)
    prod = advise({"project_name": "demo", "host_os": "linux", "environment": "production"}, folder=folder)
    assert step in render_dockerfile(prod.setup)
    prod_env = yaml.safe_load(render_compose(prod.setup))["services"]["app"]["environment"]
    assert "AZURE_REDIS_CONNECTIONSTRING:?" in str(prod_env["AZURE_REDIS_CONNECTIONSTRING"])


def test_comments_inside_staticfiles_dirs_are_no_folders() -> None:
    """Django's old settings template keeps its advice inside the list."""
    text = (
        "BASE_DIR = Path(__file__).resolve().parent.parent\nSTATICFILES_DIRS = (\n"
        '    # Put strings here, like "/home/html/static" or "C:/www/django/static".\n'
        "    # Don't forget to use absolute paths, not relative paths.\n"
        "    BASE_DIR / 'assets',\n)\n"
    )
    assert [(w.path, w.kind) for w in writable_in(text, "proj/settings.py")] == [("assets", "static-dir")]


def test_flask_migrate_in_the_apps_package_and_a_data_migrations_variables(tmp_path: Path) -> None:
    flask = write_tree(
        tmp_path / "flask",
        {
            "requirements.txt": "flask\nflask-sqlalchemy\nflask-migrate\npsycopg2-binary\ngunicorn\n",
            "flaskapp/__init__.py": "from flask import Flask\n"
            "def create_app():\n    return Flask(__name__)\n",
            "flaskapp/migrations/env.py": "from alembic import context\n",
            "flaskapp/migrations/versions/001_init.py": "revision = '001'\n",
        },
    )
    app = inspect_project(flask).primary
    assert app is not None and app.release is not None and not app.unmigrated
    assert app.release.argv == ("flask", "db", "upgrade", "--directory", "flaskapp/migrations")
    django = _django(tmp_path / "django")
    (django / "site1" / "polls" / "migrations").mkdir(parents=True)
    (django / "site1" / "polls" / "migrations" / "0002_superuser.py").write_text(
        "import os\nfrom django.db import migrations\ndef make(apps, schema_editor):\n"
        "    user = os.environ['SUPERUSER']\nclass Migration(migrations.Migration):\n"
        "    operations = [migrations.RunPython(make)]\n"
    )
    env = {v.name: v for v in inspect_project(django).apps[0].env_vars}
    assert env["SUPERUSER"].required and env["SUPERUSER"].source == "site1/polls/migrations/0002_superuser.py"


def test_a_database_port_another_dockerfile_stage_bundles_is_not_the_apps(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.1\ngunicorn\npsycopg[binary]\nCairoSVG==2.9.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "config/__init__.py": "",
            "config/settings.py": "import os\n"
            "DATABASES = {'default': {'HOST': os.environ['POSTGRES_HOST']}}\n",
            "Dockerfile": "FROM postgres:17 AS base\nEXPOSE 5432\n\n"
            "FROM python:3.13-slim AS prod\nEXPOSE 8000\n",
        },
    )
    advice = advise({"project_name": "demo", "host_os": "linux"}, folder=folder)
    assert advice.answers.app_port == 8000
    # CairoSVG loads libcairo as it imports: the final image gets the library
    assert "libcairo2" in render_dockerfile(advice.setup)


def test_sqlalchemy_1_4_pins_are_read_against_their_own_lines_wheels() -> None:
    # 1.4.54 has wheels for 3.13; 1.4.46 stops at 3.11; 2.0.10 at 3.11 (2.0.22 brought 3.12's)
    assert pins_ceiling({"sqlalchemy": ("1.4.54", "requirements.txt")}) is None
    assert pins_ceiling({"sqlalchemy": ("1.4.46", "r")}) == ((3, 11), "sqlalchemy==1.4.46", "r")
    assert pins_ceiling({"sqlalchemy": ("1.4.50", "r")}) == ((3, 12), "sqlalchemy==1.4.50", "r")
    assert pins_ceiling({"sqlalchemy": ("2.0.10", "r")}) == ((3, 11), "sqlalchemy==2.0.10", "r")


def test_a_cli_console_script_is_no_server_and_an_app_factory_starts_with_uvicorn_factory(
    tmp_path: Path,
) -> None:
    folder = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "appointment"\n'
            'dependencies = ["fastapi", "uvicorn", "typer"]\n\n'
            '[project.scripts]\nrun-command = "appointment.main:cli"\n',
            "src/appointment/__init__.py": "",
            "src/appointment/main.py": "import typer\nfrom fastapi import FastAPI\n\n"
            "def server():\n    app = FastAPI()\n\n    @app.get('/')\n    def index():\n        return {}\n"
            "    return app\n\n\ndef cli():\n    typer.Typer()()\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None
    assert app.start.argv[:3] == ("uvicorn", "--factory", "appointment.main:server")


def test_a_git_requirement_gets_git_in_the_build_stage_and_a_flask_init_command_is_named(
    tmp_path: Path,
) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nflask-sqlalchemy\ngunicorn\n"
            "git+https://github.com/example/django-queryset-csv.git#egg=queryset-csv\n",
            "wsgi.py": "from App.main import create_app\napp = create_app()\n\n"
            "@app.cli.command('init', help='Creates and initializes the database')\ndef init():\n"
            "    initialize()\n",
            "App/__init__.py": "",
            "App/main.py": "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.setup_command is not None and app.setup_command.value == "init"
    dockerfile = render_dockerfile(advise({"project_name": "demo", "host_os": "linux"}, folder=folder).setup)
    build = dockerfile.split("AS final")[0]
    assert re.search(r"apt-get install .*\bgit\b", build)


def test_a_pyproject_with_no_build_system_installs_its_dependencies_only(tmp_path: Path) -> None:
    """`uv init --app`'s pyproject.toml, run with `uv run app.py` and no lockfile: pip cannot
    build the flat folder as a package, so the image installs the list."""
    folder = write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "blog"\nversion = "1"\n'
            'dependencies = ["flask>=3.0", "passlib[bcrypt]"]\n',
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "routes/__init__.py": "",
            "utils/__init__.py": "",
        },
    )
    pm = inspect_project(folder).apps[0].package_manager
    assert pm is not None and pm.dependencies_only == ("flask>=3.0", "passlib[bcrypt]")
    dockerfile = render_dockerfile(advise({"project_name": "blog", "host_os": "linux"}, folder=folder).setup)
    assert "pip install \\\n        'flask>=3.0' \\\n        'passlib[bcrypt]'\n" in dockerfile
    assert "pip install .\n" not in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_database_name_variable_is_the_apps_database_whatever_the_example_says(tmp_path: Path) -> None:
    """DBNAME=postgres in .env.example is the name of a database (the server's default one),
    not the engine: the app gets its own database's name. A method named config of the app's
    own (flatpages.config("x")) reads no environment variable."""
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nflask-sqlalchemy\npsycopg2-binary\ngunicorn\npython-decouple\n",
            ".env.example": "DBNAME=postgres\nDBHOST=localhost\nDBUSER=admin\nDBPASS=secret\n",
            "app.py": "import os\nfrom decouple import config\nfrom flask import Flask\n"
            "app = Flask(__name__)\n"
            "db = f\"postgresql://{os.environ['DBUSER']}:{os.environ['DBPASS']}@{os.environ['DBHOST']}/"
            "{os.environ['DBNAME']}\"\next = flatpages.config('markdown_extensions')\n",
        },
    )
    advice = advise({"project_name": "surveys", "host_os": "linux"}, folder=folder)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["DBNAME"] == "${POSTGRES_DB:?set it in .env}" and env["DBHOST"] == "db"
    assert "markdown_extensions" not in env


def test_a_database_server_only_a_hosting_platforms_variables_switch_on_is_not_the_apps(
    tmp_path: Path,
) -> None:
    """Platform.sh's Django template: DATABASES is the startproject SQLite, and PostgreSQL is
    set only under `if os.getenv('PLATFORM_APPLICATION_NAME') is not None:` from the
    platform's base64 JSON, which no file of advisor's sets: the app uses SQLite, so no
    PostgreSQL service is planned (it would never be reached). The same block reading
    DATABASE_URL from the environment would still be wired."""
    settings = (
        "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
        "        'NAME': os.path.join(BASE_DIR, 'db.sqlite3'),\n    }\n}\n"
        "if (os.getenv('PLATFORM_APPLICATION_NAME') is not None):\n    DEBUG = False\n"
        "    if (os.getenv('PLATFORM_ENVIRONMENT') is not None):\n"
        "        rel = decode(os.getenv('PLATFORM_RELATIONSHIPS'))\n"
        "        DATABASES = {\n            'default': {\n"
        "                'ENGINE': 'django.db.backends.postgresql',\n"
        "                'NAME': rel['path'],\n            },\n        }\n"
        "STATIC_URL = '/static/'\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'myapp.settings')\n",
            "myapp/settings.py": settings,
            "myapp/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.sqlite_settings is not None and app.sqlite_settings.source == "myapp/settings.py"
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.database == "none"
    write_tree(
        tmp_path,
        {"myapp/settings.py": settings.replace("rel['path']", "os.environ['DATABASE_NAME']")},
    )
    assert inspect_project(tmp_path).apps[0].sqlite_settings is None


def test_a_static_root_set_only_under_a_condition_is_collected_only_when_the_settings_set_it(
    tmp_path: Path,
) -> None:
    """render-examples/django: `DEBUG = 'RENDER' not in os.environ` and STATIC_ROOT only
    `if not DEBUG:`. A plain collectstatic would stop the build ("You're using the
    staticfiles app without having set the STATIC_ROOT setting"): it runs when the settings
    this step loads set STATIC_ROOT (diffsettings lists it). A STATIC_ROOT set outright
    gets the plain command."""
    settings = (
        "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')\nDEBUG = 'RENDER' not in os.environ\n"
        "STATIC_URL = 'static/'\nif not DEBUG:\n"
        "    STATIC_ROOT = os.path.join(BASE_DIR, 'staticfiles')\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\nwhitenoise==6.9.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
            "mysite/settings.py": settings,
            "mysite/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    guarded = (
        'sh -c \'if python manage.py diffsettings | grep -q "^STATIC_ROOT = "; '
        "then exec python manage.py collectstatic --noinput; fi'"
    )
    assert guarded in text
    assert_hadolint_clean(text, tmp_path)
    write_tree(
        tmp_path, {"mysite/settings.py": settings.replace("if not DEBUG:\n    STATIC_ROOT", "STATIC_ROOT")}
    )
    text = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "diffsettings" not in text and "    python manage.py collectstatic --noinput \\\n" in text


def test_a_settings_classs_default_engine_picks_the_database_among_several_drivers(tmp_path: Path) -> None:
    """FastapiAdmin: aiosqlite, aiomysql and asyncpg in the requirements, and a pydantic-settings
    class `DATABASE_TYPE: Literal["mysql", "postgres", "sqlite"] = "mysql"` with the host, user
    and name beside it: MySQL, wired through the app's own DATABASE_* names."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\npydantic-settings==2.6.1\n"
            "aiosqlite==0.20.0\naiomysql==0.2.0\nasyncpg==0.30.0\n",
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "app/setting.py": (
                "from typing import Literal\nfrom pydantic_settings import BaseSettings\n\n"
                "class Settings(BaseSettings):\n"
                '    DATABASE_TYPE: Literal["mysql", "postgres", "sqlite"] = "mysql"\n'
                '    DATABASE_HOST: str = "localhost"\n    DATABASE_PORT: int = 3306\n'
                '    DATABASE_USER: str = "root"\n    DATABASE_NAME: str = "fastapiadmin"\n'
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.database == "mysql"
    app = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app["DATABASE_HOST"] == "db" and app["DATABASE_TYPE"] == "mysql"


def test_the_settings_module_that_reads_the_database_from_the_environment_is_the_one_the_app_runs(
    tmp_path: Path,
) -> None:
    """gcd-django: manage.py's `settings` names its MySQL database itself (no variable),
    `settings_dev.py` takes it all (`from settings import *`) and reads MYSQL_HOST and the
    rest from the environment: the app runs with settings_dev, or the variables advisor
    sets never reach it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\nmysqlclient==2.2.7\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
            "settings.py": (
                "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n"
                "        'NAME': 'gcd', 'USER': 'gcdonline', 'HOST': '',\n    }\n}\n"
            ),
            "settings_dev.py": (
                "from os import environ\nfrom settings import *  # noqa\n\nDATABASES = {\n    'default': {\n"
                "        'ENGINE': 'django.db.backends.mysql',\n"
                "        'NAME': environ.get('MYSQL_DATABASE', 'gcd_dev'),\n"
                "        'HOST': environ.get('MYSQL_HOST', '127.0.0.1'),\n    }\n}\n"
            ),
            "wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    app = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app["DJANGO_SETTINGS_MODULE"] == "settings_dev" and app["MYSQL_HOST"] == "db"
    write_tree(
        tmp_path, {"settings.py": "import os\nDATABASES = {'default': {'HOST': os.environ.get('DB_HOST')}}\n"}
    )
    again = yaml.safe_load(
        render_compose(advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).setup)
    )
    assert "DJANGO_SETTINGS_MODULE" not in again["services"]["app"]["environment"]


def test_a_read_below_the_literal_databases_does_not_count_as_the_database_s(tmp_path: Path) -> None:
    """pokeapi: config/settings.py names its database in literals and reads SECRET_KEY from the
    environment a few lines below; config/docker_compose.py takes it all and reads POSTGRES_*:
    the app runs with docker_compose (a literal sibling, docker.py, is passed over)."""
    literal = (
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        "        'NAME': 'pokeapi_co_db', 'HOST': 'localhost',\n    }\n}\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npsycopg==3.2.9\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
            "config/__init__.py": "",
            "config/settings.py": (
                "import os\n" + literal + "\nSECRET_KEY = os.environ.get('SECRET_KEY', 'x')\n"
            ),
            "config/docker.py": "from .settings import *  # noqa\n" + literal,
            "config/docker_compose.py": (
                "import os\nfrom .settings import *  # noqa\n\nDATABASES = {\n    'default': {\n"
                "        'NAME': os.environ.get('POSTGRES_DB', 'pokeapi'),\n"
                "        'HOST': os.environ.get('POSTGRES_HOST', 'db'),\n    }\n}\n"
            ),
            "config/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    app = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app["DJANGO_SETTINGS_MODULE"] == "config.docker_compose" and app["POSTGRES_HOST"] == "db"


def test_databases_from_a_function_of_the_settings_never_send_the_app_to_test_settings(
    tmp_path: Path,
) -> None:
    """Tandoor's recipes: settings.py's `DATABASES = setup_database()` reads POSTGRES_* in a
    function of its own (REDIS_DATABASES above it is another setting), and test_settings.py
    takes it all and reads TEST_* variables: the app runs with manage.py's settings, never a
    test suite's (collectstatic stopped: "Unknown command")."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'recipes.settings')\n",
            "recipes/__init__.py": "",
            "recipes/settings.py": (
                "import os\nREDIS_DATABASES = {'a': 1}\n\n\ndef setup_database(db_url=None):\n"
                "    global DATABASES\n    host = os.getenv('POSTGRES_HOST')\n"
                "    DATABASES = {'default': {'HOST': host}}\n    return DATABASES\n\n\n"
                "DATABASES = setup_database()\n"
            ),
            "recipes/test_settings.py": (
                "import os\nfrom recipes.settings import *  # noqa\n\n"
                "DATABASES = setup_database(db_url=os.getenv('TEST_DATABASE_URL'))\n"
            ),
            "recipes/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    app = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app.get("DJANGO_SETTINGS_MODULE") in (None, "recipes.settings")
    assert "test_settings" not in render_dockerfile(advice.setup)


def test_reads_under_an_if_that_asks_django_environ_first_are_not_required() -> None:
    """django-quiz-app: `if env.get_value("WEBSITE_HOSTNAME", default=None):` guards
    `os.environ["WEBSITE_HOSTNAME"]`, and `if env.get_value("CODESPACE_NAME", default=None):`
    guards `env('GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN')`: none stops the app when unset
    (compose's `:?` guards made a developer invent three values). A read outside stays required."""
    from advisor.inspect.envvars import Collector, scan_python

    code = (
        "import os\nimport environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY')\n"
        'if env.get_value("WEBSITE_HOSTNAME", default=None):\n'
        '    ALLOWED_HOSTS = [os.environ["WEBSITE_HOSTNAME"]]\nelse:\n    ALLOWED_HOSTS = []\n'
        '    if env.get_value("CODESPACE_NAME", default=None):\n'
        "        CSRF = f\"https://{env('CODESPACE_NAME')}.{env('GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN')}\"\n"
    )
    found = Collector()
    scan_python(code, "settings.py", found)
    required = {v.name for v in found.result() if v.required}
    assert required == {"SECRET_KEY"}


def test_a_debug_only_app_that_only_the_dev_group_lists_is_installed_in_development(tmp_path: Path) -> None:
    """ChiefOnboarding: `if DEBUG:` adds "debug_toolbar" to INSTALLED_APPS, django-debug-toolbar
    is in [dependency-groups] dev only, and the development .env turns DEBUG on: the image
    installs it on its own in development (collectstatic and the app stopped on
    "No module named 'debug_toolbar'"); production leaves it out."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "pyproject.toml": (
                '[project]\nname = "onboard"\nversion = "1"\ndependencies = ["Django==5.2"]\n\n'
                '[dependency-groups]\ndev = ["django-debug-toolbar==5.1.0", "pytest"]\n'
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n",
            "site_cfg/settings.py": (
                "import os\nDEBUG = os.getenv('DEBUG') == 'True'\nINSTALLED_APPS = ['django.contrib.admin']\n"
                "MIDDLEWARE = []\nif DEBUG:\n    INSTALLED_APPS += [\n        'debug_toolbar',\n    ]\n"
                "    MIDDLEWARE += ['debug_toolbar.middleware.DebugToolbarMiddleware']\n"
                "STATIC_ROOT = 'static'\n"
            ),
            "site_cfg/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    dev = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "install --constraint /tmp/installed.txt django-debug-toolbar==5.1.0\n" in dev
    # held to what the project's own install put there (patchwork: Django 6.0 → 6.1 broke DRF)
    assert "list --format=freeze > /tmp/installed.txt" in dev
    assert dev.index("django-debug-toolbar==5.1.0\n") < dev.index("collectstatic")
    prod = render_dockerfile(advise({"host_os": "linux", "environment": "production"}, folder=tmp_path).setup)
    assert "debug-toolbar" not in prod
    assert_hadolint_clean(dev, tmp_path)


def test_the_settings_module_manage_py_runs_is_not_the_test_suites(tmp_path: Path) -> None:
    """Yamtrack's manage.py: `if "test" in sys.argv:` config.test_settings (fakeredis), else
    config.settings: the app runs with config.settings."""
    from advisor.inspect.django_hosts import settings_module
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "manage.py": (
                "import os, sys\nif 'test' in sys.argv:\n"
                "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.test_settings')\nelse:\n"
                "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
            ),
        },
    )
    assert settings_module(Tree(tmp_path), "") == "config.settings"


def test_folders_named_from_the_working_folder_are_the_apps() -> None:
    """EvaP: `CWD = Path(".").resolve()`, `DATADIR = CWD / "data"`, STATIC_ROOT and MEDIA_ROOT
    under DATADIR, and LOGGING's file handler at `DATADIR / "evap.log"`: data/ is the app
    user's (migrate stopped at "Permission denied: '/app/data/evap.log'")."""
    code = (
        'from pathlib import Path\nCWD = Path(".").resolve()\nDATADIR = CWD / "data"\n'
        'LOGGING = {"handlers": {"file": {"class": "logging.FileHandler",\n'
        '    "filename": DATADIR / "evap.log"}}}\n'
        'STATIC_ROOT = DATADIR / "static_collected"\nMEDIA_ROOT = DATADIR / "upload"\n'
    )
    found = {(w.path, w.kind) for w in writable_in(code, "evap/settings.py")}
    assert {("data/static_collected", "static-root"), ("data/upload", "media"), ("data", "logs")} <= found


def test_a_path_in_the_projects_own_image_layout_is_not_carried_into_env(tmp_path: Path) -> None:
    """FitTrackee's .env.docker.example: APP_LOG=/usr/src/app/logs/fittrackee.log, a folder of
    its own image that advisor's (/app) lacks (FileNotFoundError at the first log line): left
    unset; a plain value beside it is kept."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "app.py": (
                "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                "LOG = os.getenv('APP_LOG')\nUI = os.getenv('UI_NAME')\n"
            ),
            ".env.example": (
                "APP_LOG=/usr/src/app/logs/fittrackee.log\nUI_NAME=Fit\nPUBLIC_DIR=/path/to/public\n"
            ),
        },
    )
    (tmp_path / "app.py").write_text((tmp_path / "app.py").read_text() + "PUBLIC = os.getenv('PUBLIC_DIR')\n")
    env = {v.name: v.value for v in advise({"host_os": "linux"}, folder=tmp_path).setup.env}
    assert env.get("UI_NAME") == "Fit" and not env.get("APP_LOG")
    assert not env.get("PUBLIC_DIR")  # ever-traduora's TR_PUBLIC_DIR=/path/to/public: a placeholder


def test_folders_above_a_django_project_one_folder_down_are_named_from_the_apps_top(tmp_path: Path) -> None:
    """paperless-ngx: manage.py in src/, `BASE_DIR: Path = Path(__file__).resolve().parent.parent.parent`
    (= src) and `MEDIA_ROOT = get_path_from_env("PAPERLESS_MEDIA_ROOT", BASE_DIR.parent / "media")`:
    media/ at the app's top (the image made src/media, and migrate's path check stopped on the
    missing one); the project's own env helper names no folder."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "src/manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'paperless.settings')\n"
            ),
            "src/paperless/settings/__init__.py": (
                "from pathlib import Path\nBASE_DIR: Path = Path(__file__).resolve().parent.parent.parent\n"
                'MEDIA_ROOT = get_path_from_env("PAPERLESS_MEDIA_ROOT", BASE_DIR.parent / "media")\n'
                'DATA_DIR = get_path_from_env("PAPERLESS_DATA_DIR", BASE_DIR.parent / "data")\n'
                'STATIC_ROOT = get_path_from_env("PAPERLESS_STATICDIR", BASE_DIR.parent / "static")\n'
            ),
            "src/paperless/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert {("media", "media"), ("static", "static-root"), ("data", "data")} <= found
    assert not any("PAPERLESS" in path or path.startswith("src/") for path, _ in found)


def test_a_celery_app_made_under_an_if_is_named_by_its_own_name() -> None:
    """papermerge's celery_app.py: `if broker_url: app = Celery(...) else: app = Celery(...)`:
    the worker runs `celery -A papermerge.celery_app:app`, never `...:else`."""
    from advisor.inspect.worker import _CELERY_APP

    code = (
        'if broker_url:\n    app = Celery("papermerge", broker=broker_url)\n'
        'else:\n    app = Celery("papermerge")\n'
    )
    assert {m.group(1) for m in _CELERY_APP.finditer(code)} == {"app"}


def test_an_app_only_the_development_settings_module_adds_is_installed_in_development(tmp_path: Path) -> None:
    """djangosnippets: settings/development.py adds django_extensions, which only
    [project.optional-dependencies] dev lists: installed in development."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "snippets"\nversion = "1"\ndependencies = ["Django==5.2", "gunicorn"]\n\n'
                '[project.optional-dependencies]\ndev = ["django-extensions==4.1", "python-dotenv==1.1.0"]\n'
            ),
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'snip.settings.development')\n"
            ),
            "snip/settings/base.py": "INSTALLED_APPS = ['django.contrib.admin']\n",
            "snip/settings/development.py": (
                "from dotenv import load_dotenv\nfrom .base import *\n"
                "INSTALLED_APPS += ['django_extensions']\n"
            ),
            "snip/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    dev = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    # and what it imports, by its distribution's name (Argus: `from dotenv import load_dotenv`)
    assert "install --constraint /tmp/installed.txt django-extensions==4.1 python-dotenv==1.1.0\n" in dev


def test_the_apps_a_reusable_apps_harness_project_adds_are_installed_in_development(tmp_path: Path) -> None:
    """modoboa: the repository is a reusable app; its test_project/ (the only Django project)
    adds django_extensions and django_auth_ldap unconditionally, both in the dev extra only.
    In development both are installed, and python-ldap (which django-auth-ldap always builds,
    no wheels) gets its headers in the build stage and its libraries at run time."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
                '[project]\nname = "mail"\nversion = "1"\ndependencies = ["Django==5.2", "gunicorn"]\n\n'
                '[project.optional-dependencies]\ndev = ["django-extensions", "django-auth-ldap<6"]\n'
            ),
            "mail/__init__.py": "",
            "test_project/manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'test_project.settings')\n"
            ),
            "test_project/test_project/__init__.py": "",
            "test_project/test_project/settings.py": (
                "INSTALLED_APPS = ('django.contrib.admin', 'mail', 'django_extensions')\n"
                "AUTHENTICATION_BACKENDS = ('django_auth_ldap.backend.LDAPBackend',)\n"
                "import django_auth_ldap.config\n"
            ),
            "test_project/test_project/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    steps = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup).split("\n\n")
    dev = next(s for s in steps if "install --constraint /tmp/installed.txt" in s)
    assert "django-extensions" in dev and "'django-auth-ldap<6'" in dev
    assert "libldap2-dev" in next(s for s in steps if "build-essential" in s)
    production = render_dockerfile(
        advise({"host_os": "linux", "environment": "production"}, folder=tmp_path).setup
    )
    assert "django-extensions" not in production and "libldap2-dev" not in production


def test_a_url_the_code_adds_the_async_driver_to_itself_is_given_plain(tmp_path: Path) -> None:
    """papermerge: settings turn `postgresql://` into `postgresql+asyncpg://` themselves, and
    alembic's sync engine reads the same variable (MissingGreenlet with the +asyncpg URL):
    the URL advisor builds has the plain scheme. Without that replace, SQLAlchemy's async
    engine gets the driver in the scheme."""
    files = {
        "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\nsqlalchemy==2.0.36\nasyncpg==0.30.0\n",
        "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "config.py": (
            "import os\nfrom sqlalchemy.ext.asyncio import create_async_engine\n"
            "db_url = os.environ['DATABASE_URL']\n"
            'engine = create_async_engine(db_url.replace("postgresql://", "postgresql+asyncpg://"))\n'
        ),
    }
    write_tree(tmp_path, files)
    app = yaml.safe_load(
        render_compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    )
    assert app["services"]["app"]["environment"]["DATABASE_URL"].startswith("postgresql://")
    write_tree(
        tmp_path,
        {"config.py": files["config.py"].replace('.replace("postgresql://", "postgresql+asyncpg://")', "")},
    )
    app = yaml.safe_load(
        render_compose(advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup)
    )
    assert app["services"]["app"]["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_a_django_environ_schema_default_of_an_empty_string_is_a_default() -> None:
    """python-discord/site: `environ.Env(SITE_DSN=(str, ""))` then `env('SITE_DSN')`: the
    schema's empty default means the read never raises; it was asked for as required and the
    build step's placeholder (not a DSN) stopped sentry_sdk.init."""
    from advisor.inspect.envvars import Collector, scan_python

    code = (
        'import environ\nenv = environ.Env(\n    SITE_DSN=(str, ""),\n)\n'
        "SECRET_KEY = env('SECRET_KEY')\nsentry_sdk.init(dsn=env('SITE_DSN'))\n"
    )
    found = Collector()
    scan_python(code, "settings.py", found)
    assert {v.name: v.required for v in found.result()} == {"SITE_DSN": False, "SECRET_KEY": True}


def test_a_file_aware_environ_schema_gives_defaults_and_a_bin_script_requires_nothing(tmp_path: Path) -> None:
    """DefectDojo: `env = environ.FileAwareEnv(DD_SITE_URL=(str, "http://localhost:8080"), ...)`
    (django-environ's schema that also reads *_FILE secrets): its variables have defaults, none
    is required (130 were). redash: only bin/release_manager.py, a maintainer's script, reads
    GITHUB_TOKEN: the app does not require it."""
    from advisor.inspect import inspect_project
    from advisor.inspect.envvars import Collector, scan_python

    code = (
        'import environ\nenv = environ.FileAwareEnv(\n    DD_SITE_URL=(str, "http://localhost:8080"),\n)\n'
        "SITE_URL = env('DD_SITE_URL')\nSECRET_KEY = env('DD_SECRET_KEY')\n"
    )
    found = Collector()
    scan_python(code, "settings.py", found)
    assert {v.name: v.required for v in found.result()} == {"DD_SITE_URL": False, "DD_SECRET_KEY": True}
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\n",
            "app.py": (
                "import os\nfrom flask import Flask\napp = Flask(__name__)\nKEY = os.environ['APP_KEY']\n"
            ),
            "bin/release_manager.py": "import os\ntoken = os.environ['GITHUB_TOKEN']\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    assert {v.name: v.required for v in app.env_vars if v.name in ("APP_KEY", "GITHUB_TOKEN")} == {
        "APP_KEY": True,
        "GITHUB_TOKEN": False,
    }


def test_the_env_example_beside_the_package_whose_settings_load_an_env_file_gives_its_values(
    tmp_path: Path,
) -> None:
    """fastapi_best_architecture: pyproject.toml at the top, the app in backend/, whose
    core/conf.py (pydantic-settings, env_file=backend/.env) requires settings that only
    backend/.env.example documents: .env gets the example's values, compose.yaml no `:?`."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "fba"\nrequires-python = ">=3.10"\n'
                'dependencies = ["fastapi", "uvicorn", "pydantic-settings", "sqlalchemy", "asyncpg"]\n'
            ),
            "backend/__init__.py": "",
            "backend/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "backend/core/__init__.py": "",
            "backend/core/conf.py": (
                "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
                "class Settings(BaseSettings):\n"
                "    model_config = SettingsConfigDict(env_file=ENV_FILE_PATH, extra='ignore')\n"
                "    CELERY_BROKER_REDIS_DATABASE: int\n    DATABASE_HOST: str\n"
            ),
            "backend/.env.example": "CELERY_BROKER_REDIS_DATABASE=1\nDATABASE_HOST='127.0.0.1'\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    env = advice.files("en")[".env"]
    assert "\nCELERY_BROKER_REDIS_DATABASE=1\n" in env
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    # a value .env holds, not one the person must supply before Compose runs at all
    assert app_env["CELERY_BROKER_REDIS_DATABASE"] == "${CELERY_BROKER_REDIS_DATABASE:?set it in .env}"


def test_development_runs_the_development_module_beside_a_production_default(tmp_path: Path) -> None:
    """patchwork: manage.py's default is settings.production (DEBUG off, no ALLOWED_HOSTS, and
    only a production.example.py template), dev.py sits beside it: development runs dev (and
    does not collect into production's STATIC_ROOT); production keeps manage.py's own."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\n",
            "manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pw.settings.production')\n",
            "pw/__init__.py": "",
            "pw/wsgi.py": "application = get_wsgi_application()\n",
            "pw/settings/__init__.py": "",
            "pw/settings/base.py": (
                "import os\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
                " 'HOST': os.environ['DATABASE_HOST']}}\n"
            ),
            "pw/settings/dev.py": "from .base import *\nDEBUG = True\nALLOWED_HOSTS = ['*']\n",
            "pw/settings/production.example.py": (
                "from .base import *\nDEBUG = False\nSTATIC_ROOT = '/srv/pw/htdocs/static'\n"
            ),
        },
    )
    dev = advise({"host_os": "linux"}, folder=tmp_path)
    app_env = yaml.safe_load(render_compose(dev.setup))["services"]["app"]["environment"]
    assert app_env["DJANGO_SETTINGS_MODULE"] == "pw.settings.dev"
    assert "collectstatic" not in render_dockerfile(dev.setup).split("# Django: the settings set")[0]
    assert "in development the app and manage.py's commands run with `pw.settings.dev`" in dev.report("en")
    assert "개발 환경에서는 앱과 manage.py 명령이 그 옆의 `pw.settings.dev` 설정으로" in dev.report("ko")
    prod = advise({"host_os": "linux", "environment": "production"}, folder=tmp_path)
    prod_env = yaml.safe_load(render_compose(prod.setup))["services"]["app"]["environment"]
    assert "DJANGO_SETTINGS_MODULE" not in prod_env
    assert "python manage.py collectstatic" in render_dockerfile(prod.setup)


def test_a_variable_the_code_sets_a_default_for_first_is_not_required() -> None:
    """ArchiveBox's permissions.py: os.environ.setdefault("PUID", ...) before
    int(os.environ["PUID"]): not one the person must set (its build placeholder broke int())."""
    from advisor.inspect.envvars import Collector, scan_python

    found = Collector()
    scan_python(
        'import os\nos.environ.setdefault("PUID", str(os.getuid()))\nPUID = int(os.environ["PUID"])\n'
        'os.environ["UV"] = "uv"\nuv = os.environ["UV"]\nkey = os.environ["NEEDED"]\n',
        "archivebox/config/permissions.py",
        found,
    )
    assert {v.name: v.required for v in found.result()} == {"PUID": False, "UV": False, "NEEDED": True}


def test_the_container_set_ups_settings_module_goes_in_place_and_a_side_tools_reads_are_optional(
    tmp_path: Path,
) -> None:
    """mediacms: cms/settings.py ends with `from .local_settings import *`, a module only
    deploy/docker/ has (its entrypoint copies it; it reads POSTGRES_HOST where settings.py names
    127.0.0.1): the image copies it in place. cli-tool/cli.py, a command-line client of the
    API, reads AUTH_KEY with no default: no variable the server requires."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg[binary]==3.2.9\n",
            "manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cms.settings')\n",
            "cms/__init__.py": "",
            "cms/wsgi.py": "application = get_wsgi_application()\n",
            "cms/settings.py": (
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': '127.0.0.1'}}\n"
                "try:\n    from .local_settings import *  # noqa\nexcept ImportError:\n    pass\n"
            ),
            "deploy/docker/local_settings.py": (
                "import os\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
                " 'HOST': os.getenv('POSTGRES_HOST', 'db')}}\n"
            ),
            "cli-tool/cli.py": "from decouple import config\nAUTH_KEY = config('AUTH_KEY')\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "cp -n deploy/docker/local_settings.py cms/local_settings.py" in render_dockerfile(advice.setup)
    app_env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert app_env["POSTGRES_HOST"] == "db"
    assert "AUTH_KEY" not in app_env  # not required: the person is not stopped for it


def test_a_dependency_group_that_holds_the_apps_dependencies_is_installed(tmp_path: Path) -> None:
    """bookwyrm: no [project] and no requirements file; `[dependency-groups] main` lists the app's
    dependencies (its Dockerfile: `pip install --group main`): the image installs them, the
    database and Redis come from them, and no requirements.txt is mounted."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[dependency-groups]\nmain = ["Django==5.2.16", "gunicorn==25.0.3", "psycopg[binary]==3.2.9",'
                ' {include-group = "cache"}]\ncache = ["redis==5.0.3"]\ndev = ["pytest==8.3.5"]\n\n'
                "[tool.ruff]\nline-length = 100\n"
            ),
            "manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
            "site_/__init__.py": "",
            "site_/wsgi.py": "application = get_wsgi_application()\n",
            "site_/settings.py": (
                "import os\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
                " 'HOST': os.environ['POSTGRES_HOST']}}\nREDIS_URL = os.environ.get('REDIS_URL')\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert (advice.answers.database, advice.answers.cache) == ("postgres", "redis")
    dockerfile = render_dockerfile(advice.setup)
    assert "'psycopg[binary]==3.2.9'" in dockerfile and "redis==5.0.3" in dockerfile
    assert "requirements.txt" not in dockerfile and "pytest" not in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_an_example_value_with_an_address_in_angle_brackets_is_a_value(tmp_path: Path) -> None:
    """ephios' .env.example: `ADMINS="Root User <root@localhost.dev>"`, which its settings require
    (getaddresses([env("ADMINS")])): .env and the build's collectstatic get it (shell-quoted);
    a whole value in angle brackets (`MAILER=<username>`) stays a placeholder, left out."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\ndjango-environ==0.12.0\n",
            "manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
            "proj/__init__.py": "",
            "proj/wsgi.py": "application = get_wsgi_application()\n",
            "proj/settings.py": (
                "import environ\nfrom email.utils import getaddresses\nenv = environ.Env()\n"
                'SECRET_KEY = env("SECRET_KEY")\nADMINS = getaddresses([env("ADMINS")])\n'
                'MAILER = env.str("MAILER", default="")\nSTATIC_ROOT = "static"\n'
            ),
            ".env.example": 'SECRET_KEY=abc\nADMINS="Root User <root@localhost.dev>"\nMAILER=<username>\n',
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    env = advice.files("en")[".env"]
    assert "\nADMINS=Root User <root@localhost.dev>\n" in env and "\n# MAILER=\n" in env
    assert "ADMINS='Root User <root@localhost.dev>'" in render_dockerfile(advice.setup)


def test_the_uv_release_the_project_requires_is_the_one_installed(tmp_path: Path) -> None:
    """WhoCanIVoteFor's `[tool.uv] required-version = "==0.9.*"`: uv refuses to run as another
    release, so the build stage installs that line, not advisor's default one."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "wcivf"\nversion = "1"\nrequires-python = ">=3.12"\n'
                'dependencies = ["fastapi", "uvicorn"]\n\n[tool.uv]\nrequired-version = "==0.9.*"\n'
            ),
            "uv.lock": "version = 1\n",
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    assert 'python -m pip install "uv==0.9.*"' in render_dockerfile(
        advise({"host_os": "linux"}, folder=tmp_path).setup
    )
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text().replace('"==0.9.*"', '">=0.5.0"')
    )
    assert 'python -m pip install "uv==0.13.*"' in render_dockerfile(
        advise({"host_os": "linux"}, folder=tmp_path).setup
    )


def test_a_read_after_an_optional_one_in_an_and_test_is_not_required(tmp_path: Path) -> None:
    """hypha: `if env.str("CLOUDFLARE_BEARER_TOKEN", None) and env.str("CLOUDFLARE_API_ZONEID"):`
    reads the zone only when the token is set; Compose refused to start ("required variable
    CLOUDFLARE_API_ZONEID is missing a value") for a feature nobody asked for."""
    settings = (
        "from environs import Env\n\nenv = Env()\nSECRET_KEY = env.str('SECRET_KEY', 'x')\n"
        "API_KEY = env.str('API_KEY')\n"
        "if env.str('CLOUDFLARE_BEARER_TOKEN', None) and env.str('CLOUDFLARE_API_ZONEID'):\n"
        "    CLOUDFLARE = {'ZONE': env.str('CLOUDFLARE_API_ZONEID')}\n"
        "if env.str('ALPHA') and env.str('BETA'):\n    pass\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\nenvirons\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/settings.py": settings,
        },
    )
    required = {v.name for v in inspect_project(tmp_path).apps[0].env_vars if v.required}
    assert "CLOUDFLARE_API_ZONEID" not in required and "CLOUDFLARE_BEARER_TOKEN" not in required
    # a read that is not behind an optional one stays required
    assert {"API_KEY", "ALPHA"} <= required


def test_cfenv_credentials_are_optional_reads(tmp_path: Path) -> None:
    """fecfile-web-api reads its settings through cfenv's AppEnv.get_credential("X"), which
    falls back to None: 24 variables made Compose refuse to start as "required"."""
    settings = (
        "import cfenv\nfrom environs import Env\n\nenv = cfenv.AppEnv()\nlocal = Env()\n"
        "SECRET_KEY = env.get_credential('DJANGO_SECRET_KEY', 'dev')\n"
        "LOGIN_DOT_GOV_X509_COUNTRY = env.get_credential('LOGIN_DOT_GOV_X509_COUNTRY')\n"
        "API_TOKEN = local.str('API_TOKEN')\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\ncfenv\nenvirons\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/settings.py": settings,
        },
    )
    found = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert not found["LOGIN_DOT_GOV_X509_COUNTRY"].required
    assert found["DJANGO_SECRET_KEY"].default == "dev"
    assert not any(v.required for v in found.values() if v.name != "API_TOKEN")


def test_a_helper_of_the_projects_own_that_raises_makes_its_reads_required(tmp_path: Path) -> None:
    """job-server's get_env_var(name) returns os.environ[name] and raises RuntimeError without
    it: SOCIAL_AUTH_GITHUB_KEY is required (the .env says so), unlike a helper that falls back."""
    settings = (
        "import os\n\n\ndef get_env_var(name):\n    try:\n        return os.environ[name]\n"
        "    except KeyError:\n        raise RuntimeError(f'Missing environment variable: {name}')\n\n\n"
        "def optional(name):\n    try:\n        return os.environ[name]\n"
        "    except KeyError:\n        return None\n\n\n"
        "SECRET_KEY = get_env_var('SECRET_KEY')\nGITHUB_KEY = get_env_var('SOCIAL_AUTH_GITHUB_KEY')\n"
        "SENTRY = optional('SENTRY_DSN')\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/settings.py": settings,
        },
    )
    found = {v.name: v.required for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["SOCIAL_AUTH_GITHUB_KEY"] and found["SECRET_KEY"]
    assert found["SENTRY_DSN"] is False


def test_pydantic_1_field_envs_and_a_url_typed_database_setting(tmp_path: Path) -> None:
    """takahe: Config.fields = {"PGHOST": {"env": "PGHOST"}} reads PGHOST without the
    TAKAHE_ prefix, and DATABASE_SERVER: ImplicitHostname (an AnyUrl of its own) is a URL, not
    a host name ("db" there failed to parse)."""
    settings = (
        "from pydantic import AnyUrl, BaseSettings\n\n\n"
        "class ImplicitHostname(AnyUrl):\n    host_required = False\n\n\n"
        "class Settings(BaseSettings):\n    DATABASE_SERVER: ImplicitHostname | None\n"
        "    SENTRY_DSN: AnyUrl | None = None\n"
        "    PGHOST: str | None = None\n    PGUSER: str = 'postgres'\n\n    class Config:\n"
        "        env_prefix = 'TAKAHE_'\n        fields = {\n            'PGHOST': {'env': 'PGHOST'},\n"
        "            'PGUSER': {'env': 'PGUSER'},\n        }\n\n\nSETUP = Settings()\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\npydantic<2\npsycopg[binary]\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/settings.py": settings,
        },
    )
    roles = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert roles["TAKAHE_DATABASE_SERVER"] == "database_url"
    assert roles["PGHOST"] == "database_host" and roles["PGUSER"] == "database_user"
    assert "TAKAHE_PGHOST" not in roles and roles["TAKAHE_SENTRY_DSN"] == "other"


def test_a_management_commands_reads_and_top_level_requirement_families(tmp_path: Path) -> None:
    """treeherder reads PULSE_URL only in its pulse listener command's handle(): no variable
    the app needs to start (Compose refused to start without it). liberapay keeps its
    dependencies in requirements_base.txt (no requirements.txt): read, and its PostgreSQL found."""
    write_tree(
        tmp_path,
        {
            "requirements_setup.txt": "pip==25.1\n",
            "requirements_base.txt": "Django==5.2.1\npsycopg2-binary==2.9.11\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/settings.py": "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            "etl/management/commands/pulse_listener.py": (
                "import os\nfrom django.core.management.base import BaseCommand\n\n\n"
                "class Command(BaseCommand):\n    def handle(self, *args, **options):\n"
                "        url = os.environ['PULSE_URL']\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    required = {v.name for v in app.env_vars if v.required}
    assert "PULSE_URL" not in required and "SECRET_KEY" in required
    assert [d.kind for d in app.databases] == ["postgres"]
    assert app.package_manager is not None and app.package_manager.source == "requirements_base.txt"


def _tabbycat(tmp_path: Path, host: str, heroku: bool = False) -> Path:
    docker = (
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        f"        'NAME': 'tabbycat',\n        'USER': 'tabbycat',\n        'PASSWORD': 'tabbycat',\n"
        f"        'HOST': '{host}',\n        'PORT': 5432,\n    }}\n}}\n"
    )
    files = {
        "requirements.txt": "Django==5.2\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tabbycat.settings')\n",
        "tabbycat/__init__.py": "",
        "tabbycat/settings/__init__.py": "from split_settings.tools import include\ninclude('core.py')\n",
        "tabbycat/settings/core.py": "SECRET_KEY = 'x'\nWSGI_APPLICATION = 'tabbycat.wsgi.application'\n",
        "tabbycat/settings/docker.py": docker,
        "tabbycat/settings/github.py": docker.replace(f"'{host}'", "'localhost'").replace(
            "tabbycat", "postgres"
        ),
        "tabbycat/wsgi.py": "application = None\n",
    }
    if heroku:
        files["tabbycat/settings/heroku.py"] = (
            "import dj_database_url\nDATABASES = {'default': dj_database_url.config(default='postgres://localhost')}\n"
        )
    return write_tree(tmp_path, files)


def test_a_connection_the_settings_write_out_for_a_db_service_is_the_one_the_db_container_makes(
    tmp_path: Path,
) -> None:
    """tabbycat: settings/docker.py connects to host `db` as tabbycat (password tabbycat) to the
    database tabbycat, from no variable (github.py's, for CI, to localhost): the db container
    makes that user, password and database, and answers by the host name the code uses; the
    report and .env say the password is the code's own. In Korean too."""
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=_tabbycat(tmp_path / "a", "db"))
    db = advice.setup.database
    assert db is not None and (db.user, db.name, db.password) == ("tabbycat", "tabbycat", "tabbycat")
    files = advice.files("en")
    assert "\nPOSTGRES_PASSWORD=tabbycat\n" in files[".env"] and "\nPOSTGRES_USER=tabbycat\n" in files[".env"]
    assert "(tabbycat/settings/docker.py) connects with this one" in files[".env"]
    assert (
        "`tabbycat/settings/docker.py` writes the app's database connection out"
        in files["RECOMMENDATIONS.md"]
    )
    assert "localhost is the container itself" not in files["RECOMMENDATIONS.md"]
    assert (
        "`tabbycat/settings/docker.py` 파일은 앱의 데이터베이스 연결 정보"
        in advice.files("ko")["RECOMMENDATIONS.md"]
    )
    # a host of another name: the db service answers by it too
    other = advise({"host_os": "linux", "database": "postgres"}, folder=_tabbycat(tmp_path / "b", "postgres"))
    compose = yaml.safe_load(other.files("en")["compose.yaml"])
    assert "postgres" in compose["services"]["db"]["networks"]["default"]["aliases"]
    # production, where another settings module reads DATABASE_URL: a random password, as before
    prod = advise(
        {"host_os": "linux", "database": "postgres", "environment": "production"},
        folder=_tabbycat(tmp_path / "c", "db", heroku=True),
    )
    assert prod.setup.database is not None and prod.setup.database.password == ""
    assert prod.setup.database.user == "app"


def test_an_environment_helper_another_module_defines_is_read_where_it_is_imported(tmp_path: Path) -> None:
    """Kiwi TCMS: tcms/utils/secrets.py's `get_secret(key, default)` returns
    `os.environ.get(key, default)`; the settings import it and read KIWI_DB_HOST and the rest
    through it. Those are the app's database variables; a module that defines a function of
    that name without importing it reads nothing through it."""
    from advisor.inspect import inspect_project

    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\nmysqlclient==2.2.7\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tcms.settings')\n",
            "tcms/__init__.py": "",
            "tcms/utils/__init__.py": "",
            "tcms/utils/secrets.py": (
                "import os\n\n\ndef get_secret(key, default):\n    value = os.environ.get(key, default)\n"
                "    return value\n"
            ),
            "tcms/settings.py": (
                "from tcms.utils.secrets import get_secret\n\nDATABASES = {'default': {\n"
                "    'NAME': get_secret('KIWI_DB_NAME', 'kiwi'),\n"
                "    'HOST': get_secret('KIWI_DB_HOST', ''),\n}}\n"
            ),
            "tcms/other.py": "def get_secret(a, b):\n    return b\n\nX = get_secret('NOT_A_VARIABLE', 1)\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None
    roles = {v.name: v.role for v in app.env_vars}
    assert roles.get("KIWI_DB_HOST") == "database_host" and roles.get("KIWI_DB_NAME") == "database_name"
    assert "NOT_A_VARIABLE" not in roles
