"""Layouts and settings of real projects that advisor's files did not fit at first (from the
held-out measurements): each test mimics the project's own files, written here."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.dockerfile import render_dockerignore

_DJANGO = {
    "requirements.txt": "Django==5.2\npsycopg[binary]\ngunicorn\ndjango-redis\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'nrc.conf.docker')\n",
    "nrc/__init__.py": "",
    "nrc/wsgi.py": (
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    ),
    "nrc/conf/__init__.py": "",
    "nrc/conf/docker.py": (
        "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"
        "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
        " 'HOST': os.getenv('DB_HOST'), 'NAME': os.getenv('DB_NAME')}}\n"
        "CACHES = {'default': {'LOCATION': 'redis://' + os.getenv('CACHE_DEFAULT', 'localhost:6379/0')}}\n"
    ),
}


def test_a_build_folder_git_keeps_is_the_projects_own_and_stays_in_the_context(tmp_path: Path) -> None:
    """open-notificaties' gulpfile loads build/tasks/*.js, committed (no .gitignore entry):
    .dockerignore keeps build/ then; dist/, which git ignores, stays out, as build/ does
    when git ignores it."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "build/tasks/sass.js": "module.exports = () => {};\n",
            "dist/nrc-1.0.tar.gz": "",
            ".gitignore": "/node_modules/\n/dist/\n",
        },
    )
    ignore = render_dockerignore(advise({"host_os": "linux"}, folder=tmp_path).setup)
    lines = ignore.splitlines()
    assert "build/" not in lines and "dist/" in lines
    assert "# build/ holds the project's own files (git does not ignore it): it stays in" in lines
    (tmp_path / ".gitignore").write_text("build\ndist/\n")
    lines = render_dockerignore(advise({"host_os": "linux"}, folder=tmp_path).setup).splitlines()
    assert "build/" in lines and "dist/" in lines


def test_the_examples_own_deployment_hosts_are_not_this_machines(tmp_path: Path) -> None:
    """open-notificaties' .env.example: ALLOWED_HOSTS=gemeente.nl,… (the municipality's own
    domain, no example.com) would refuse every request on localhost; CACHE_DEFAULT=
    redis-cache:6379/0 names its own compose service, which these files do not run: the Redis
    they run is the cache service."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            ".env.example": (
                "ALLOWED_HOSTS=gemeente.nl,opennotificaties.gemeente.nl\nCACHE_DEFAULT=redis-cache:6379/0\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres", "cache": "redis"}, folder=tmp_path)
    env = {v.name: v.value for v in advice.setup.env}
    assert env["ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    assert env["CACHE_DEFAULT"] == "redis:6379/0"
    # A list that names this machine is the project's choice, kept.
    (tmp_path / ".env.example").write_text(
        "ALLOWED_HOSTS=localhost,127.0.0.1,app.local\nCSRF_TRUSTED_ORIGINS=https://localhost:8000\n"
    )
    env = {v.name: v.value for v in advise({"host_os": "linux"}, folder=tmp_path).setup.env}
    assert env["ALLOWED_HOSTS"] == "localhost,127.0.0.1,app.local"
    assert env["CSRF_TRUSTED_ORIGINS"] == "https://localhost:8000"


def test_extras_that_hold_the_server_or_the_driver_are_installed(tmp_path: Path) -> None:
    """fmn keeps FastAPI, uvicorn, SQLAlchemy and its PostgreSQL drivers in Poetry extras (its
    own build installs --all-extras): the extras that hold what runs the app are installed,
    never a test or docs extra, and the drivers in them settle the database."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "fmn"\nversion = "1.0"\n\n'
                '[tool.poetry.dependencies]\npython = "^3.10"\n'
                'click = "^8"\nfastapi = {version = "*", optional = true}\n'
                'uvicorn = {version = "*", optional = true}\npsycopg2 = {version = "*", optional = true}\n'
                'pytest = {version = "*", optional = true}\n\n'
                '[tool.poetry.extras]\napi = ["fastapi", "uvicorn"]\n'
                'postgresql = ["psycopg2"]\ntests = ["pytest", "uvicorn"]\nschemas = ["anitya-schema"]\n\n'
                '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
            ),
            "poetry.lock": "# lock\n",
            "fmn/__init__.py": "",
            "fmn/api/__init__.py": "",
            "fmn/api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.extras == ("api", "postgresql")
    assert advice.answers.database == "postgres"
    assert "--extras 'api postgresql'" in advice.files("en")["Dockerfile"]


def test_a_borrowed_command_loses_its_runner_and_serves_http_where_it_binds(tmp_path: Path) -> None:
    """byceps' Dockerfile: `uv sync --extra wsgiserver` (uwsgi only in that extra) and CMD
    ["uv", "run", "--no-sync", "uwsgi", "--http-socket", "0.0.0.0:8080", "--uwsgi-socket",
    "0.0.0.0:5000", …] after EXPOSE 5000 and 8080: the image has no uv, so uwsgi runs itself,
    HTTP is on 8080, and the extra is installed."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "byceps"\nversion = "1"\nrequires-python = ">=3.12"\n'
                'dependencies = ["flask", "psycopg[binary]"]\n\n'
                '[project.optional-dependencies]\nwsgiserver = ["uwsgi>=2.0.31"]\n'
            ),
            "uv.lock": "version = 1\n",
            "serve_web_apps.py": "from byceps.app import create_app\n\napp = create_app()\n",
            "byceps/__init__.py": "",
            "byceps/app.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
            "Dockerfile": (
                "FROM python:3.13-trixie\nRUN uv sync --extra wsgiserver --frozen\nEXPOSE 5000\nEXPOSE 8080\n"
                'CMD [ "uv", "run", "--no-sync", "uwsgi", "--callable", "app",'
                ' "--http-socket", "0.0.0.0:8080", "--uwsgi-socket", "0.0.0.0:5000",'
                ' "--wsgi-file", "serve_web_apps.py" ]\n'
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert (advice.answers.start_command or "").startswith("uwsgi --callable app --http-socket 0.0.0.0:8080")
    assert advice.answers.app_port == 8080
    assert advice.setup.build.extras == ("wsgiserver",)


def test_a_settings_module_names_its_folders_from_the_base_it_star_imports(tmp_path: Path) -> None:
    """plane's settings/production.py makes `os.path.join(BASE_DIR, "logs")` with BASE_DIR from
    `from .common import *` (common.py: two dirnames up from itself, the plane/ package): the
    logs folder is plane/logs, owned by the app's user, not a logs/ at the top."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npsycopg[binary]\ngunicorn\n",
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'plane.settings.production')\n"
            ),
            "plane/__init__.py": "",
            "plane/wsgi.py": "application = None\n",
            "plane/settings/__init__.py": "",
            "plane/settings/common.py": (
                "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
                "SECRET_KEY = os.environ.get('SECRET_KEY')\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
                " 'HOST': os.getenv('PGHOST')}}\n"
            ),
            "plane/settings/production.py": (
                "from .common import *  # noqa\n\nLOG_DIR = os.path.join(BASE_DIR, 'logs')  # noqa\n"
                "if not os.path.exists(LOG_DIR):\n    os.makedirs(LOG_DIR)\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    dockerfile = advice.files("en")["Dockerfile"]
    assert 'chown -R "${UID}:${UID}" /app/plane/logs' in dockerfile
    assert "/app/logs" not in dockerfile


def test_a_factory_that_needs_its_app_is_not_called_bare(tmp_path: Path) -> None:
    """notifications-api: `def create_app(application: Flask)` configures the app application.py
    makes and hands it (`application = NotifyApiFlaskApp("app")`, `create_app(application)`):
    `create_app()` would fail at once; application.py's app is served. A factory whose
    parameters all have defaults is still called bare."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app/__init__.py": (
                "from flask import Flask\n\n\ndef create_app(application: Flask) -> Flask:\n"
                "    application.config['X'] = 1\n    return application\n"
            ),
            "app/flask_app.py": "from flask import Flask\n\n\nclass NotifyApp(Flask):\n    pass\n",
            "application.py": (
                "from app import create_app\nfrom app.flask_app import NotifyApp\n\n"
                'application = NotifyApp("app")\n\ncreate_app(application)\n'
            ),
        },
    )
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start == "gunicorn application:application --bind 0.0.0.0:8000"
    (tmp_path / "app" / "__init__.py").write_text(
        "from flask import Flask\n\n\ndef create_app(config: str | None = None) -> Flask:\n"
        "    return Flask(__name__)\n"
    )
    (tmp_path / "application.py").unlink()
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.start_command == (
        "gunicorn 'app:create_app()' --bind 0.0.0.0:8000"
    )


def test_code_that_imports_distutils_runs_on_python_3_11(tmp_path: Path) -> None:
    """SpaceDock's config.py: `from distutils.util import strtobool`, which Python 3.12
    removed: the image uses 3.11 (a range that allows it is lowered too); with setuptools
    installed (its shim provides distutils), or only a test importing it, the newest line."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app.py": (
                "from distutils.util import strtobool\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.runtime_version == "3.11"
    assert "imports distutils" in advice.report("en")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.9"\n')
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.runtime_version == "3.11"
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\nsetuptools\n")
    assert advise({"host_os": "linux"}, folder=tmp_path).setup.build.runtime_version != "3.11"


# fmn's layout: its Alembic settings inside the package, beside the migrations.
_FMN = {
    "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\nalembic\nasyncpg\n",
    "fmn/__init__.py": "",
    "fmn/api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "fmn/database/migrations/alembic.ini": "[alembic]\nscript_location = %(here)s\n",
}


def test_an_alembic_ini_inside_the_package_runs_with_its_path(tmp_path: Path) -> None:
    """fmn keeps alembic.ini in fmn/database/migrations/ (script_location = %(here)s): the
    release step names it (`alembic -c …`); one in tests/ does not count."""
    write_tree(
        tmp_path,
        {
            **_FMN,
            "fmn/database/migrations/env.py": "from fmn.database.main import Base\n",
            "fmn/database/migrations/versions/0001_init.py": (
                "down_revision = None\n\ndef upgrade():\n    op.create_table('rules')\n"
            ),
            "tests/alembic.ini": "[alembic]\nscript_location = %(here)s\n",
        },
    )
    release = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build.release
    assert release == (
        "python",
        "-m",
        "alembic",
        "-c",
        "fmn/database/migrations/alembic.ini",
        "upgrade",
        "head",
    )


def test_an_empty_first_revision_bootstraps_only_when_the_chain_makes_its_tables(tmp_path: Path) -> None:
    """fmn's own chain: an empty first revision, then `op.add_column("rules", …)`, a table no
    revision makes (its `fmn database sync` makes the tables and stamps the chain): upgrading an
    empty database would fail, so it is no release step; once a revision makes `rules`, it is."""
    write_tree(
        tmp_path,
        {
            **_FMN,
            "fmn/database/migrations/versions/0001_init.py": (
                "down_revision = None\n\ndef upgrade():\n    pass\n"
            ),
            "fmn/database/migrations/versions/0002_disabled.py": (
                "down_revision = '0001'\n\ndef upgrade():\n"
                "    op.add_column(\n        'rules', sa.Column('x'))\n"
            ),
        },
    )
    assert advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build.release == ()
    (tmp_path / "fmn/database/migrations/versions/0003_rules.py").write_text(
        "down_revision = '0002'\n\ndef upgrade():\n    op.create_table('rules')\n"
    )
    release = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.build.release
    assert release[-2:] == ("upgrade", "head")


def test_a_folder_kept_for_the_files_git_ignores_belongs_to_the_app(tmp_path: Path) -> None:
    """open-notificaties keeps log/ (a README in it) and ignores `/log/*.log*` and
    `/log/*.jsonl*`: its logging writes log/application.jsonl, so log/ belongs to the app's
    user. A folder of code (`src/*.pyc` ignored) and one the repository lacks do not count."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "log/README.rst": "Logs go here.\n",
            "src/tool.py": "print('x')\n",
            "uploads/.gitkeep": "",
            ".gitignore": "/log/*.log*\n/log/*.jsonl*\nsrc/*.pyc\n/reports/*\n/uploads/*\n",
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert 'chown -R "${UID}:${UID}" /app/log /app/uploads' in files["Dockerfile"]
    assert "/app/src" not in files["Dockerfile"] and "/app/reports" not in files["Dockerfile"]
    # writable, not kept in a volume: a volume would keep the image's first copy of the folder
    assert "/app/uploads" not in yaml.safe_dump(yaml.safe_load(files["compose.yaml"])["services"]["app"])


def test_uwsgi_runs_with_a_master_that_sigterm_stops(tmp_path: Path) -> None:
    """open-notificaties' wsgi.py uses uwsgidecorators, which refuse to load without uWSGI's
    master process ("you have to enable the uWSGI master process"): the command advisor writes
    has --master, --die-on-term (uWSGI 2.0 reloads on SIGTERM, so `docker stop` would wait
    for the kill) and --need-app (no 500s from a server without its app)."""
    tree = dict(_DJANGO)
    tree["requirements.txt"] = "Django==5.2\npsycopg[binary]\nuwsgi==2.0.30\n"
    write_tree(tmp_path, tree)
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start == "uwsgi --http :8000 --master --die-on-term --need-app --module nrc.wsgi:application"


def test_what_the_image_builds_own_helpers_read_is_not_required(tmp_path: Path) -> None:
    """linotp's docker/linotp/symlink_custom_assets.py reads os.environ["CUSTOM_ASSETS_DIR"]
    while its own Dockerfile builds the image: no variable the app stops without (compose
    would refuse to start until it is set)."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "docker/linotp/symlink_custom_assets.py": (
                "import os\n\ncustom_assets_dir = os.environ['CUSTOM_ASSETS_DIR']\n"
                "os.symlink('x', custom_assets_dir)\n"
            ),
        },
    )
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "CUSTOM_ASSETS_DIR:?" not in compose


def test_a_url_sslmode_that_defaults_to_require_turns_tls_on_in_the_db_container(tmp_path: Path) -> None:
    """lesspass: `sslmode = parse_qs(r.query).get("sslmode", ["require"])[0]` for the
    DATABASE_URL advisor gives (no ?sslmode): psycopg requires TLS, so the db container
    serves it (the image's test certificate)."""
    tree = dict(_DJANGO)
    tree["nrc/conf/docker.py"] = (
        "import os\nfrom urllib.parse import parse_qs, urlparse\n\nSECRET_KEY = os.environ['SECRET_KEY']\n"
        "r = urlparse(os.getenv('DATABASE_URL'))\n"
        "sslmode = parse_qs(r.query).get('sslmode', ['require'])[0]\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': r.hostname,"
        " 'OPTIONS': {'sslmode': sslmode}}}\n"
    )
    write_tree(tmp_path, tree)
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )
    assert compose["services"]["db"]["command"][:3] == ["postgres", "-c", "ssl=on"]


def test_a_runners_own_option_after_nodemons_exec_is_kept(tmp_path: Path) -> None:
    """jira_clone: `nodemon --exec ts-node --files src/index.ts`: nodemon passes `--files` on to
    ts-node (which then loads src/types/*.d.ts); nodemon's own switches still go."""
    package = {
        "name": "api",
        "scripts": {"start": "nodemon --exec ts-node --files src/index.ts"},
        "dependencies": {"express": "^4", "typeorm": "^0.3", "pg": "^8"},
        "devDependencies": {"nodemon": "^2", "ts-node": "^10", "typescript": "^5"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "src/index.ts": "import express from 'express';\nexpress().listen(3000);\n",
            "tsconfig.json": "{}",
        },
    )
    assert (
        advise({"host_os": "linux"}, folder=tmp_path).answers.start_command == "ts-node --files src/index.ts"
    )
    package["scripts"] = {"start": "nodemon -L --quiet --exec ts-node src/index.ts"}
    (tmp_path / "package.json").write_text(json.dumps(package))
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.start_command == "ts-node src/index.ts"


def test_a_helper_called_through_its_module_and_a_list_of_required_names(tmp_path: Path) -> None:
    """endurain: `core_config.read_secret("DB_PASSWORD")` (a helper around os.environ called
    through its module) is a read of DB_PASSWORD, which gets the database's password; the names
    of `secret_vars = [...]`, which a loop checks are set, are required, and FERNET_KEY is
    generated as a Fernet key (32 bytes, url-safe base64)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg2-binary\ncryptography\n",
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/config.py": (
                "import os\n\n\ndef read_secret(env_var_name, default_value=None):\n"
                "    value = os.environ.get(env_var_name)\n"
                "    return value if value is not None else default_value\n\n\n"
                "def check_required_env_vars():\n    secret_vars = ['DB_PASSWORD', 'FERNET_KEY']\n"
                "    for var in secret_vars:\n        if var not in os.environ:\n"
                "            raise EnvironmentError(var)\n"
            ),
            "app/core/database.py": (
                "import os\nimport core.config as core_config\n\n"
                "password = core_config.read_secret('DB_PASSWORD')\n"
                "host = os.environ.get('DB_HOST', 'postgres')\n"
            ),
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    compose = yaml.safe_load(advice.files("en")["compose.yaml"])
    assert compose["services"]["app"]["environment"]["DB_PASSWORD"].startswith("${POSTGRES_PASSWORD")
    env_file = advice.files("en")[".env"]
    fernet = next(line.partition("=")[2] for line in env_file.splitlines() if line.startswith("FERNET_KEY="))
    assert len(base64.urlsafe_b64decode(fernet)) == 32


def test_console_scripts_that_are_all_tools_are_no_start_command(tmp_path: Path) -> None:
    """shipit's [project.scripts] are shipit_upload_product_details, shipit_rebuild_… and
    shipit_import: admin tools, none a server; the start is not one of them (its own image
    starts uvicorn from a script of its own)."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "shipit"\nversion = "1"\ndependencies = ["flask", "psycopg2-binary"]\n\n'
                "[project.scripts]\n"
                'shipit_upload_product_details = "shipit_api.admin.cli:download_product_details"\n'
                'shipit_rebuild_product_details = "shipit_api.admin.cli:rebuild_product_details"\n'
                'shipit_import = "shipit_api.admin.cli:shipit_import"\n'
            ),
            "shipit_api/__init__.py": "",
            "shipit_api/admin/__init__.py": "",
            "shipit_api/admin/cli.py": "def download_product_details():\n    pass\n",
        },
    )
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command or ""
    assert not start.startswith("shipit_")


def test_a_host_list_whose_code_default_is_a_deployment_domain_is_this_machine_in_development(
    tmp_path: Path,
) -> None:
    """lesspass: `ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=list, default=[".lesspass.com"])`
    with DEBUG off by default and no example: every request on this machine would get a 400;
    in development it is localhost,127.0.0.1 (production's comes from the site address)."""
    tree = dict(_DJANGO)
    tree["nrc/conf/docker.py"] = (
        "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"
        "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '.lesspass.com').split(',')\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': os.getenv('DB_HOST')}}\n"
    )
    write_tree(tmp_path, tree)
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert {v.name: v.value for v in advice.setup.env}["ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    # (the report does not say the value came from the project's file: it did not)
    assert "settings `ALLOWED_HOSTS`" not in advice.report("en")
    tree["nrc/conf/docker.py"] = tree["nrc/conf/docker.py"].replace(".lesspass.com", "localhost,127.0.0.1")
    write_tree(tmp_path, tree)
    env = {
        v.name: v.value
        for v in advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.env
    }
    assert "ALLOWED_HOSTS" not in env  # the app's own default answers here already
    # django-environ's list form, as lesspass writes it
    tree["nrc/conf/docker.py"] = tree["nrc/conf/docker.py"].replace(
        "os.environ.get('ALLOWED_HOSTS', 'localhost,127.0.0.1').split(',')",
        "env(\n    'ALLOWED_HOSTS',\n    cast=list,\n    default=[\n        '.lesspass.com',\n    ],\n)",
    )
    write_tree(tmp_path, tree)
    env = {
        v.name: v.value
        for v in advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup.env
    }
    assert env["ALLOWED_HOSTS"] == "localhost,127.0.0.1"


def test_a_settings_file_kept_only_as_a_template_is_made_and_filled_in(tmp_path: Path) -> None:
    """byceps reads its settings from the file BYCEPS_CONFIG_FILE names (no default: it stops
    at start without it) and keeps only config/config.toml.example, whose [database] table
    names localhost and example credentials and whose [redis] url is 127.0.0.1's. The image
    makes the file from the template, the variable names it, and compose.yaml mounts a copy
    whose database and Redis settings are the services' (credentials from .env, by
    reference), and its empty secret_key a random one from .env; everything else stays as the
    template has it, `$` included. The report says so in both languages. With the file made,
    nothing is done."""
    template = (
        '# BYCEPS\nsecret_key = ""\nprice = "$5"\n\n[database]\nhost = "localhost"\nport = 5432\n'
        'username = "db-user"\npassword = "db-password"\ndatabase = "db-database"\n\n'
        '[redis]\nurl = "redis://127.0.0.1:6379/2"\n\n[smtp]\n#host = "localhost"\n'
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\npsycopg[binary]\nredis\n",
            "app.py": (
                "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
                "app.config.from_file(os.environ.get('BYCEPS_CONFIG_FILE'), load=open)\n"
            ),
            "config/config.toml.example": template,
        },
    )
    answers = {"host_os": "linux", "database": "postgres", "cache": "redis"}
    advice = advise(answers, folder=tmp_path)
    files = advice.files("en")
    assert "RUN cp -n config/config.toml.example config/config.toml" in files["Dockerfile"]
    compose = yaml.safe_load(files["compose.yaml"])
    app = compose["services"]["app"]
    assert app["environment"]["BYCEPS_CONFIG_FILE"] == "/app/config/config.toml"
    assert {"source": "app-settings", "target": "/app/config/config.toml"} in app["configs"]
    content = compose["configs"]["app-settings"]["content"]
    expected = template.replace('"localhost"\nport', '"db"\nport').replace("$5", "$$5")
    expected = expected.replace('"db-user"', '"${POSTGRES_USER:?set it in .env}"')
    expected = expected.replace('"db-password"', '"${POSTGRES_PASSWORD:?set it in .env}"')
    expected = expected.replace('"db-database"', '"${POSTGRES_DB:?set it in .env}"')
    expected = expected.replace('secret_key = ""', 'secret_key = "${APP_SETTINGS_SECRET:?set it in .env}"')
    assert content == expected.replace("redis://127.0.0.1:6379/2", "redis://redis:6379/2")
    # the signing key the template leaves empty: a random one in .env, for compose.yaml's copy
    assert re.search(r"^APP_SETTINGS_SECRET=\w{24,}$", files[".env"], re.M)
    # nothing for the person to set (.env's comment shows what compose.yaml gives the app)
    assert not re.search(r"^(?:# )?BYCEPS_CONFIG_FILE=", files[".env"], re.M)
    report = advice.report("en")
    assert "the image makes `config/config.toml` from the template, and compose.yaml mounts a copy" in report
    assert "`BYCEPS_CONFIG_FILE` tells the app where that file is" in report
    assert "`configs: app-settings`" in advice.report("ko")
    # without compose (no database, no cache): the image's copy, and the variable for run.sh
    plain = advise({"host_os": "linux", "database": "none", "cache": "none"}, folder=tmp_path)
    assert "BYCEPS_CONFIG_FILE=/app/config/config.toml" in plain.files("en")[".env"]
    assert "the image makes `config/config.toml` from the template, unless" in plain.report("en")
    (tmp_path / "config" / "config.toml").write_text('[database]\nhost = "db"\n')
    made = advise(answers, folder=tmp_path).files("en")
    assert "app-settings" not in made["compose.yaml"] and "cp -n" not in made["Dockerfile"]


def test_a_list_of_names_is_required_only_when_a_loop_checks_them_and_stops(tmp_path: Path) -> None:
    """`secret_vars = [...]` counts as required only where a loop over it looks each name up in
    the environment and raises (endurain); a loop that only masks them in a log does not."""
    checked = (
        "import os\n\nsecret_vars = ['API_TOKEN', 'MAIL_KEY']\n\nfor var in secret_vars:\n"
        "    if var not in os.environ:\n        raise EnvironmentError(var)\n"
    )
    masked = (
        "import os\n\nsecret_vars = ['API_TOKEN', 'MAIL_KEY']\n\nfor var in secret_vars:\n"
        "    print(var, '***' if os.environ.get(var) else 'unset')\n"
    )
    for text, required in ((checked, True), (masked, False)):
        write_tree(
            tmp_path,
            {
                "requirements.txt": "flask\n",
                "app.py": "from flask import Flask\napp = Flask(__name__)\n",
                "settings.py": text,
            },
        )
        app = inspect_project(tmp_path).primary
        assert app is not None
        found = {v.name: v.required for v in app.env_vars}
        assert found.get("API_TOKEN", False) is required, text
