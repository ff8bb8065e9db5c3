"""Project shapes met in held-out public projects (m58 round): the environment word the
project's own compose variant gives, and Flask-Alembic's migrations."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, assert_not_required, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _secrets_app(root: Path) -> Path:
    """shhh's shape: wsgi.py calls create_app(os.environ.get("FLASK_ENV")), whose words are a
    StrEnum (dev-docker, production…); docker-compose-postgres.yml's env_file says dev-docker."""
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\nFlask-Alembic>=3,<4\nFlask-SQLAlchemy==3.1.1\n"
            "psycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
            "wsgi.py": "import os\nfrom vault.entrypoint import create_app\n\n"
            'app = create_app(os.environ.get("FLASK_ENV"))\n',
            "vault/__init__.py": "",
            "vault/entrypoint.py": "from flask import Flask\nfrom flask_alembic import Alembic\n\n"
            "def create_app(env):\n    app = Flask(__name__)\n    Alembic().init_app(app)\n    return app\n",
            "vault/constants.py": "from enum import StrEnum\n\nclass EnvConfig(StrEnum):\n"
            '    DEV_DOCKER = "dev-docker"\n    PRODUCTION = "production"\n',
            "vault/migrations/1730636773_initial.py": 'revision = "1730636773"\ndown_revision = None\n',
            "docker-compose-postgres.yml": "services:\n  db:\n    image: postgres:15\n"
            "    env_file:\n      - ./environments/dev-docker-postgres.env\n"
            "  app:\n    build:\n      context: .\n    env_file:\n"
            "      - ./environments/dev-docker-postgres.env\n",
            "environments/dev-docker-postgres.env": "FLASK_ENV=dev-docker\nDB_HOST=db\nDB_PORT=5432\n",
        },
    )
    return root


def test_the_environment_word_comes_from_the_projects_compose_variant(tmp_path: Path) -> None:
    """FLASK_ENV gets dev-docker in development (advisor's `development` made create_app raise)
    and `production` in production."""
    root = _secrets_app(tmp_path / "vault")
    dev = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()
    assert "\nFLASK_ENV=dev-docker\n" in dev[".env"]
    prod = advise({"host_os": "linux", "database": "postgres", "environment": "production"}, folder=root)
    assert "\nFLASK_ENV=production\n" in prod.files()[".env"]


def test_flask_alembic_revisions_are_applied_before_the_app_starts(tmp_path: Path) -> None:
    """Flask-Alembic keeps its revisions in migrations/ beside the app's module (no env.py):
    `flask db upgrade` is the release step."""
    root = _secrets_app(tmp_path / "vault")
    app = inspect_project(root).primary
    assert app is not None and app.release is not None
    assert app.release.argv == ("flask", "db", "upgrade")
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()
    migrate = yaml.safe_load(files["compose.yaml"])["services"]["migrate"]
    assert migrate["command"] == ["flask", "db", "upgrade"]


def test_the_images_own_command_on_the_folder_it_copies_the_project_to(tmp_path: Path) -> None:
    """rootthebox: `ADD . /opt/rtb`, `ADD ./setup/requirements.txt ./`, `pip install -r
    requirements.txt`, `ENTRYPOINT ["python3", "/opt/rtb/rootthebox.py", "--setup=docker"]`:
    the app is the repository's top (not setup/), installs setup/requirements.txt and starts
    rootthebox.py."""
    root = tmp_path / "ctf"
    write_tree(
        root,
        {
            "Dockerfile": "FROM python:3.12\nRUN mkdir /opt/rtb\nADD . /opt/rtb\n"
            "ADD ./setup/requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\n"
            'ENTRYPOINT ["python3", "/opt/rtb/rootthebox.py", "--setup=docker"]\n',
            "setup/__init__.py": "",
            "setup/requirements.txt": "tornado==6.4.2\nsqlalchemy==2.0.36\n",
            "rootthebox.py": "import tornado\n\nif __name__ == '__main__':\n    print('start')\n",
            "handlers/__init__.py": "def start_server():\n    pass\n",
        },
    )
    facts = inspect_project(root)
    app = facts.primary
    assert app is not None and app.path == "." and app.start is not None
    assert app.start.argv == ("python3", "rootthebox.py", "--setup=docker")
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    assert "-r setup/requirements.txt" in dockerfile
    assert 'CMD ["python3", "rootthebox.py", "--setup=docker"]' in dockerfile


def test_code_in_a_newer_pythons_syntax_raises_a_stale_pin(tmp_path: Path) -> None:
    """remote-settings' git-reader: .python-version says 3.13, its app.py has PEP 758's
    `except FileNotFoundError, IsADirectoryError:` (3.14's); Python 2's `except ValueError, e:`
    and code without such syntax keep the pin."""

    def runtime(code: str) -> tuple[str | None, str]:
        root = tmp_path / str(abs(hash(code)))
        write_tree(
            root,
            {
                ".python-version": "3.13\n",
                "pyproject.toml": '[project]\nname = "reader"\nversion = "1"\nrequires-python = ">=3.11"\n'
                'dependencies = ["fastapi"]\n',
                "app.py": "from fastapi import FastAPI\napp = FastAPI()\n\ndef read(p):\n    try:\n"
                f"        return open(p).read()\n{code}        return None\n",
            },
        )
        app = inspect_project(root).primary
        assert app is not None and app.runtime is not None
        return app.runtime.image_tag, app.runtime.source

    assert runtime("    except FileNotFoundError, IsADirectoryError:\n") == ("3.14", "app.py")
    assert runtime("    except ValueError, e:\n") == ("3.13", ".python-version")
    assert runtime("    except (FileNotFoundError, IsADirectoryError):\n") == ("3.13", ".python-version")
    assert runtime("    except* OSError:\n") == ("3.13", ".python-version")


def test_a_package_with_no_linux_wheels_builds_with_a_compiler(tmp_path: Path) -> None:
    """Huntarr's sabyenc3 (a C++ yEnc decoder) ships no Linux wheels: pip compiles it, so the
    build stage has g++ (build-essential); the final image does not."""
    root = tmp_path / "arr"
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\nwaitress==3.0.2\nsabyenc3>=5.4.4\n",
            "main.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    build, _, final = dockerfile.partition(" AS final")
    assert "build-essential" in build and "build-essential" not in final


def test_an_init_the_projects_image_installs_is_not_part_of_the_start(tmp_path: Path) -> None:
    """wg-easy's `CMD ["/usr/bin/dumb-init", "node", "server/index.mjs"]`: advisor's image has
    no dumb-init (its files run an init themselves: compose's init, run.sh's --init)."""
    root = tmp_path / "vpn"
    write_tree(
        root,
        {
            "package.json": '{"name": "vpn", "dependencies": {"h3": "1.13.0"}}',
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}\n',
            "server/index.mjs": "import { createServer } from 'node:http';\ncreateServer().listen(51821);\n",
            "Dockerfile": "FROM node:22\nRUN apk add dumb-init\nCOPY . .\n"
            'CMD ["/usr/bin/dumb-init", "node", "server/index.mjs"]\n',
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("node", "server/index.mjs")


def test_run_script_os_runs_the_scripts_variant_for_linux(tmp_path: Path) -> None:
    """Flowise's `"start": "run-script-os"` with `start:windows` and `start:default`: the
    container runs the default (a `linux` or `nix` variant first when there is one)."""
    from advisor.inspect.node_start import _script_argv

    scripts = {
        "start": "run-script-os",
        "start:windows": "cd bin && run start",
        "start:default": "cd bin && ./run start",
    }
    assert _script_argv(scripts, "start", 3000) == ("sh", "-c", "cd bin && exec ./run start")
    linux = {**scripts, "start:linux": "node dist/index.js"}
    assert _script_argv(linux, "start", 3000) == ("node", "dist/index.js")


def test_a_variable_the_entry_modules_set_first_is_never_required(tmp_path: Path) -> None:
    """janeway: manage.py and wsgi.py `os.environ.setdefault("JANEWAY_SETTINGS_MODULE",
    "core.settings")`, then utils reads `os.environ["JANEWAY_SETTINGS_MODULE"]`: compose does
    not stop for it. A read nothing sets stays required."""
    root = tmp_path / "journal"
    setdefault = 'os.environ.setdefault("JOURNAL_SETTINGS_MODULE", "core.settings")\n'
    write_tree(
        root,
        {
            "requirements.txt": "Django==4.2.16\npsycopg2-binary==2.9.10\n",
            "src/manage.py": "import os, sys\n" + setdefault + "os.environ.setdefault("
            '"DJANGO_SETTINGS_MODULE", "core.settings")\nfrom django.core.management import '
            "execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
            "src/core/__init__.py": "",
            "src/core/wsgi.py": "import os\n" + setdefault + "from django.core.wsgi import "
            "get_wsgi_application\napplication = get_wsgi_application()\n",
            "src/core/settings.py": "import os\nSECRET_KEY = os.environ['JOURNAL_SECRET']\n",
            "src/utils/__init__.py": "import os\nsettings_module = os.environ['JOURNAL_SETTINGS_MODULE']\n",
        },
    )
    assert_not_required(root, "JOURNAL_SETTINGS_MODULE", "JOURNAL_SECRET")


def test_a_load_test_requires_nothing_of_the_app(tmp_path: Path) -> None:
    """fec-cms' locustfile.py reads `os.environ["FEC_API_KEY"]` for the load test it runs
    against a deployed site: the server never runs it."""
    root = tmp_path / "cms"
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\nlocust==2.32.0\n",
            "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
            "app.secret_key = os.environ['CMS_SECRET']\n",
            "locustfile.py": "import os\nfrom locust import HttpUser\nKEY = os.environ['FEC_API_KEY']\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    required = {v.name for v in app.env_vars if v.required}
    assert "FEC_API_KEY" not in required and "CMS_SECRET" in required


def test_a_setting_named_after_its_variable_and_compared_with_engines_selects_the_engine(
    tmp_path: Path,
) -> None:
    """concrexit: `DATABASE_ENGINE = from_env("DATABASE_ENGINE", development="sqlite",
    production="postgresql")`, then `if DATABASE_ENGINE == "postgresql":` reads POSTGRES_*:
    the app gets DATABASE_ENGINE=postgresql (without it, development ran on SQLite)."""
    root = tmp_path / "site"
    settings = (
        "import os\n\ndef from_env(name, *, production=None, development=None):\n"
        "    return os.environ.get(name, development)\n\n"
        'DATABASE_ENGINE = from_env(\n    "DATABASE_ENGINE", development="sqlite",'
        ' production="postgresql"\n)\n'
        'if DATABASE_ENGINE == "sqlite":\n'
        '    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
        'if DATABASE_ENGINE == "postgresql":\n    DATABASES = {"default": {"ENGINE": '
        '"django.db.backends.postgresql", "HOST": os.environ.get("POSTGRES_HOST", "")}}\n'
    )
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\npsycopg[binary]==3.2.3\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_settings')\n",
            "site_settings.py": settings,
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()
    app_env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert app_env["DATABASE_ENGINE"] == "postgresql"


def test_reads_through_a_copy_of_the_environment_and_a_django_admin_release(tmp_path: Path) -> None:
    """torchbox.com: `env = os.environ.copy()`, then `if "ALLOWED_HOSTS" in env:
    ALLOWED_HOSTS = env["ALLOWED_HOSTS"].split(",")`: the app is given its hosts. Its
    heroku.yml release runs `django-admin` (the platform's image sets DJANGO_SETTINGS_MODULE):
    here it runs through manage.py, which names its settings."""
    root = tmp_path / "tbx"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "tbx"\nversion = "1"\ndependencies = ["django>=5", '
            '"gunicorn", "psycopg[binary]", "dj-database-url"]\n',
            "manage.py": "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'tbx.settings')\nfrom django.core.management import execute_from_command_line\n"
            "execute_from_command_line(sys.argv)\n",
            "tbx/__init__.py": "",
            "tbx/settings.py": "import os\nimport dj_database_url\nenv = os.environ.copy()\n"
            'if "ALLOWED_HOSTS" in env:\n    ALLOWED_HOSTS = env["ALLOWED_HOSTS"].split(",")\n'
            'DATABASES = {"default": dj_database_url.config()}\n',
            "tbx/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tbx.settings')\n"
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
            "heroku.yml": "build:\n  docker:\n    web: Dockerfile\nrelease:\n  image: web\n  command:\n"
            "    - django-admin createcachetable && django-admin migrate --noinput\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n"
            "      ALLOWED_HOSTS: 127.0.0.1,0.0.0.0,localhost\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.release is not None
    assert "ALLOWED_HOSTS" in {v.name for v in app.env_vars}
    assert app.release.argv == (
        "sh",
        "-c",
        "python manage.py createcachetable && python manage.py migrate --noinput",
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()
    assert "ALLOWED_HOSTS" in yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert "\nALLOWED_HOSTS=127.0.0.1,0.0.0.0,localhost\n" in files[".env"]


def test_a_migrate_script_that_names_its_sequelize_section_gets_no_second_one(tmp_path: Path) -> None:
    """manage-my-damn-life: `"migrate": "npx sequelize-cli db:migrate --env local"`; a second
    `--env` after npm's `--` broke sequelize-cli's settings lookup."""
    import json

    root = tmp_path / "tasks"
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "tasks",
                    "scripts": {
                        "build": "next build",
                        "start": "next start",
                        "migrate": ("npx sequelize-cli db:migrate --env local"),
                    },
                    "dependencies": {"next": "15.5.7", "sequelize": "6.37.5", "pg": "8.13.1"},
                    "devDependencies": {"sequelize-cli": "6.6.2"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}\n',
            "config/config.js": "module.exports = {\n  local: {\n    username: process.env.DB_USER,\n"
            "    host: process.env.DB_HOST,\n    dialect: process.env.DB_DIALECT,\n  },\n"
            "  sqlite: {\n    dialect: 'sqlite',\n    storage: process.env.DB_NAME,\n  },\n};\n",
            "migrations/20240101-create.js": "module.exports = { up() {}, down() {} };\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.release is not None
    assert app.release.argv == ("npm", "run", "migrate")


def test_no_knex_cli_step_for_a_knexfile_it_cannot_load_or_an_app_that_migrates_itself(
    tmp_path: Path,
) -> None:
    """nginx-proxy-manager's backend: a CommonJS knexfile.js (`module.exports`) in a
    `"type": "module"` package, which the knex CLI cannot load, and `db().migrate.latest()` run
    by the app as it starts: no migrate step (it stopped the app from starting). A loadable
    knexfile in an app that does not migrate itself keeps its step."""
    import json

    def release(kind: str, migrate_js: str) -> object:
        root = tmp_path / f"proxy-{abs(hash((kind, migrate_js)))}"
        write_tree(
            root,
            {
                "package.json": json.dumps(
                    {
                        "name": "proxy",
                        "type": kind,
                        "main": "index.js",
                        "dependencies": {"knex": "3.1.0", "pg": "8.13.1", "express": "5.1.0"},
                    }
                ),
                "package-lock.json": '{"lockfileVersion": 3, "packages": {}}\n',
                "knexfile.js": "module.exports = {\n  development: {\n    client: 'pg',\n"
                "    migrations: { tableName: 'migrations' },\n  },\n};\n",
                "migrations/20240101_initial.js": "exports.up = () => {};\nexports.down = () => {};\n",
                "migrate.js": migrate_js,
                "index.js": "const express = require('express');\nexpress().listen(3000);\n",
            },
        )
        app = inspect_project(root).primary
        assert app is not None
        return app.release.argv if app.release is not None else None

    assert release("module", "export const up = () => 1;\n") is None
    itself = "const up = async () => db().migrate.latest({ directory: 'migrations' });\n"
    assert release("commonjs", itself) is None
    assert release("commonjs", "module.exports = {};\n") == ("knex", "migrate:latest")


def test_the_images_entrypoint_script_launcher_starts_a_flask_app(tmp_path: Path) -> None:
    """Huntarr: `ENTRYPOINT ["/app/scripts/entrypoint.sh"]` (the project copied to /app) ends
    in `exec gosu "$PUID:$PGID" python3 main.py`, the launcher that starts the Flask app (in
    src/primary) and its workers: that, not waitress-serve on a module /app cannot import."""
    root = tmp_path / "arr"
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\nwaitress==3.0.2\n",
            "main.py": "import sys\nsys.path.insert(0, 'src')\nfrom primary.web_server import app\n"
            "if __name__ == '__main__':\n    app.run()\n",
            "src/primary/__init__.py": "",
            "src/primary/web_server.py": "from flask import Flask\napp = Flask(__name__)\n",
            "scripts/entrypoint.sh": '#!/bin/bash\nset -e\nexec gosu "$PUID:$PGID" python3 main.py\n',
            "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt /app/\n"
            "RUN pip install -r requirements.txt\nCOPY . /app/\nEXPOSE 9705\n"
            'ENTRYPOINT ["/app/scripts/entrypoint.sh"]\n',
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("python3", "main.py")


def test_development_runs_the_development_settings_the_projects_compose_file_runs(tmp_path: Path) -> None:
    """torchbox.com: manage.py and wsgi.py default to tbx.settings.production (HTTPS redirects,
    a proxy's X-Forwarded-For required), its docker-compose.yml runs tbx.settings.dev:
    development gets the dev module, production keeps production's."""
    root = tmp_path / "tbx"
    default = "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tbx.settings.production')\n"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\n",
            "manage.py": "import os, sys\n" + default + "from django.core.management import "
            "execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
            "tbx/__init__.py": "",
            "tbx/wsgi.py": "import os\n" + default + "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "tbx/settings/__init__.py": "",
            "tbx/settings/base.py": "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', 'x')\n"
            "SECURE_SSL_REDIRECT = True\n",
            "tbx/settings/production.py": "from .base import *\n",
            "tbx/settings/dev.py": "from .base import *\nSECURE_SSL_REDIRECT = False\n"
            "ALLOWED_HOSTS = ['*']\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n"
            "      DJANGO_SETTINGS_MODULE: tbx.settings.dev\n",
        },
    )

    def module(environment: str) -> object:
        answers = {"host_os": "linux", "database": "postgres", "environment": environment}
        files = advise(answers, folder=root).files()
        return yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"].get(
            "DJANGO_SETTINGS_MODULE"
        )

    assert module("development") == "tbx.settings.dev"
    assert module("production") in (None, "tbx.settings.production")


def test_the_asset_stage_takes_the_clients_node_line_and_npm_10_for_a_gapped_lockfile(
    tmp_path: Path,
) -> None:
    """bazarr's frontend/.nvmrc says 22.13.0: its assets stage builds there, not on Node 24. A
    lockfile that leaves out another platform's optional package (sharp's darwin build), which
    npm 11 refuses, gets npm 10 where the stage's Node bundles npm 11."""
    import json
    import shutil

    fixtures = Path(__file__).parent / "fixtures"

    def stage(nvmrc: str) -> str:
        folder = tmp_path / f"site-{nvmrc}"
        shutil.copytree(fixtures / "flask-dotenv-sqlite", folder)
        package = {"name": "site", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6.0.0"}}
        (folder / "package.json").write_text(json.dumps(package))
        lock = {
            "lockfileVersion": 3,
            "packages": {
                "": {"name": "site"},
                "node_modules/sharp": {
                    "version": "0.33.5",
                    "optionalDependencies": {"@img/sharp-darwin-arm64": "0.33.5"},
                },
            },
        }
        (folder / "package-lock.json").write_text(json.dumps(lock, indent=2))
        (folder / ".nvmrc").write_text(nvmrc + "\n")
        text = advise({"host_os": "linux", "database": "none"}, folder=folder).files()["Dockerfile"]
        return text[text.index("AS assets") - 40 : text.index("FROM python")]

    on_22 = stage("22.13.0")
    assert "FROM node:22.13.0-slim AS assets" in on_22 and "npm@10" not in on_22
    on_24 = stage("24")
    assert "FROM node:24-slim AS assets" in on_24 and "npm install --global npm@10 && npm ci" in on_24


def test_a_dotenv_sample_gives_values_and_a_work_dir_setting_is_writable(tmp_path: Path) -> None:
    """airlock's dotenv-sample (another name for .env.example) gives AIRLOCK_WORK_DIR=workdir/
    and AIRLOCK_WORKSPACE_DIR=workspaces/, which its settings require: .env holds them, and the
    work folder is the app user's."""
    root = tmp_path / "air"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\n",
            "manage.py": "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'air.settings')\n",
            "air/__init__.py": "",
            "air/settings.py": "import os\nfrom pathlib import Path\n"
            "BASE_DIR = Path(__file__).parent.parent\n"
            "WORK_DIR = BASE_DIR / os.environ['AIRLOCK_WORK_DIR']\n"
            "WORKSPACE_DIR = WORK_DIR / os.environ['AIRLOCK_WORKSPACE_DIR']\n",
            "air/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "dotenv-sample": "AIRLOCK_WORK_DIR=workdir/\nAIRLOCK_WORKSPACE_DIR=workspaces/\n",
        },
    )
    files = advise({"host_os": "linux", "database": "none"}, folder=root).files()
    assert "\nAIRLOCK_WORK_DIR=workdir/\n" in files[".env"]
    assert "\nAIRLOCK_WORKSPACE_DIR=workspaces/\n" in files[".env"]
    assert "mkdir -p /app/workdir" in files["Dockerfile"]


def test_psycopg2cffi_is_postgresqls_driver_and_builds_against_libpq(tmp_path: Path) -> None:
    """mygpo: psycopg2cffi (psycopg2 on CFFI, no wheels) with dj-database-url: PostgreSQL,
    built with libpq's headers and run with libpq."""
    root = tmp_path / "pods"
    write_tree(
        root,
        {
            "requirements.txt": "Django==4.2.16\ndj-database-url==1.0.0\npsycopg2cffi==2.9.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pods.settings')\n",
            "pods/__init__.py": "",
            "pods/settings.py": "import dj_database_url\nDATABASES = {'default': dj_database_url.config("
            "default='postgres://pods:pods@localhost/pods')}\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=root)
    assert advice.answers.database == "postgres"
    build, _, final = advice.files()["Dockerfile"].partition(" AS final")
    assert "libpq-dev" in build and "libpq5" in final


def test_a_loop_of_setdefaults_in_an_entry_module_gives_defaults(tmp_path: Path) -> None:
    """pydis_site's manage.py: `DEFAULT_ENVS = {"SUPER_PASSWORD": "admin", …}` then `for key,
    value in DEFAULT_ENVS.items(): os.environ.setdefault(key, value)`: none is required."""
    root = tmp_path / "site"
    manage = (
        "import os\nDEFAULT_ENVS = {\n    'DJANGO_SETTINGS_MODULE': 'site_app.settings',\n"
        "    'SUPER_PASSWORD': 'admin',\n}\n\nfor key, value in DEFAULT_ENVS.items():\n"
        "    os.environ.setdefault(key, value)\n\n\nclass SiteManager:\n"
        "    def create_superuser(self):\n        password = os.environ['SUPER_PASSWORD']\n"
    )
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\n",
            "manage.py": manage,
            "site_app/__init__.py": "",
            "site_app/settings.py": "SECRET_KEY = 'x'\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    assert "SUPER_PASSWORD" not in {v.name for v in app.env_vars if v.required}


def test_a_project_image_on_a_python_past_its_end_of_life_gives_the_oldest_supported(
    tmp_path: Path,
) -> None:
    """wikmd: `requires-python = ">= 3.8"` and its image `FROM python:3.9-alpine3.17`: 3.9 gets
    no security fixes; the oldest supported line, the nearest to it, is chosen. A supported
    image line stays (3.12)."""
    from advisor.inspect.versions import LINES

    def chosen(base: str) -> tuple[str | None, str]:
        root = tmp_path / base
        write_tree(
            root,
            {
                "pyproject.toml": '[project]\nname = "wiki"\nversion = "1"\nrequires-python = ">= 3.8"\n'
                'dependencies = ["flask"]\n',
                "Dockerfile": f"FROM python:{base}-slim\nCOPY . .\n",
                "wiki.py": "from flask import Flask\napp = Flask(__name__)\n",
            },
        )
        app = inspect_project(root).primary
        assert app is not None and app.runtime is not None
        return app.runtime.image_tag, app.runtime.source

    assert chosen("3.9") == (LINES["python"][-1], "pyproject.toml")
    assert chosen("3.12") == ("3.12", "Dockerfile")


def test_with_a_database_server_djangos_sqlite_file_is_no_data_of_the_app(tmp_path: Path) -> None:
    """concrexit's DATABASES: SQLite (`os.path.join(BASE_DIR, "db.sqlite3")`, beside the code
    in website/) unless its own from_env("DATABASE_ENGINE") selects PostgreSQL: with PostgreSQL
    answered, the report does not warn that the SQLite file lives among the code; with no
    server it does."""
    root = tmp_path / "site"
    settings = (
        "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n"
        "def from_env(name, development=None):\n    return os.environ.get(name, development)\n\n"
        "DATABASE_ENGINE = from_env('DATABASE_ENGINE', development='sqlite')\n"
        "if DATABASE_ENGINE == 'sqlite':\n    DATABASES = {'default': {'ENGINE': "
        "'django.db.backends.sqlite3', 'NAME': os.path.join(BASE_DIR, 'db.sqlite3')}}\n"
        "if DATABASE_ENGINE == 'postgresql':\n    DATABASES = {'default': {'ENGINE': "
        "'django.db.backends.postgresql', 'HOST': os.environ.get('POSTGRES_HOST', '')}}\n"
    )
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\npsycopg[binary]==3.2.3\ngunicorn==23.0.0\n",
            "website/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'site_app.settings')\n",
            "website/site_app/__init__.py": "",
            "website/site_app/settings.py": settings,
            "website/site_app/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    server = advise({"host_os": "linux", "database": "postgres"}, folder=root)
    assert "among its code" not in server.report()
    assert not server.setup.build.sqlite_in_code
    kept = advise({"host_os": "linux", "database": "none"}, folder=root)
    assert kept.setup.build.sqlite_in_code or kept.setup.build.sqlite_links


def test_the_images_command_on_the_folder_it_clones_the_project_into(tmp_path: Path) -> None:
    """mylar3's image `git clone https://github.com/mylar3/mylar3.git … /app/mylar`, then `CMD
    ["python3", "/app/mylar/Mylar.py", …]`: the project's Mylar.py, from its own folder."""
    root = tmp_path / "comics"
    write_tree(
        root,
        {
            "requirements.txt": "cherrypy==18.10.0\n",
            "Mylar.py": "import cherrypy\n\nif __name__ == '__main__':\n    cherrypy.quickstart()\n",
            "Dockerfile": "FROM python:3.12\nRUN git clone https://github.com/mylar3/mylar3.git --depth 1 "
            "/app/mylar\nRUN pip3 install -r /app/mylar/requirements.txt\nEXPOSE 8090\n"
            'CMD ["python3", "/app/mylar/Mylar.py", "--nolaunch", "--datadir", "/config/mylar"]\n',
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("python3", "Mylar.py", "--nolaunch", "--datadir", "/config/mylar")


def test_a_script_named_after_the_app_starts_it_on_its_settings_port(tmp_path: Path) -> None:
    """SickGear: no app.py or main.py; sickgear.py runs as `__main__` (beside many
    vendored modules in lib/) and its settings reader defaults web_port to 8081."""
    root = tmp_path / "SickGear"
    files = {
        "requirements.txt": "tornado==6.4.2\n",
        "sickgear.py": "import sickgear\n\nif '__main__' == __name__:\n    sickgear.start()\n",
        "sickgear/__init__.py": "WEB_PORT = minimax(check_setting_int(CFG, 'General', 'web_port', 8081),"
        " 8081)\n",
    }
    files |= {f"lib/vendored{i}/util.py": "APP_NAME = 'x'\n" for i in range(100)}
    write_tree(root, files)
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("python", "sickgear.py")
    assert app.port is not None and app.port.value == 8081


def test_a_production_extra_the_requirements_lack_is_installed_with_the_package(tmp_path: Path) -> None:
    """buku: requirements.txt holds the CLI's dependencies, pyproject.toml's `server` extra the
    web app's (Flask, Flask-Admin), which its own image installs (`buku[server]`): the image
    installs `.[server]` after the requirements, and hadolint accepts the steps."""
    root = tmp_path / "bookmarks"
    write_tree(
        root,
        {
            "requirements.txt": "beautifulsoup4>=4.4.1\ncertifi\nurllib3>=1.23,<3\n",
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n'
            'build-backend = "setuptools.build_meta"\n'
            '[project]\nname = "buku"\nversion = "5"\ndependencies = ["beautifulsoup4>=4.4.1", "certifi"]\n'
            '[project.optional-dependencies]\nserver = ["Flask>=2.2.2", "Flask-Admin>=2.0.0"]\n'
            'tests = ["pytest"]\n',
            "bukuserver/__init__.py": "",
            "bukuserver/server.py": "from flask import Flask\n\ndef create_app():\n"
            "    app = Flask(__name__)\n    return app\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    assert 'pip install ".[server]"' in dockerfile and "tests" not in dockerfile.split("pip install -r")[1]
    assert_hadolint_clean(dockerfile, root)
