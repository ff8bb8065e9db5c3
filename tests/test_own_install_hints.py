"""What a project's own files say about how it installs and runs, when the usual names are
missing or misleading: a requirements file only its Dockerfile names, the production server
its own image runs, a Poetry table that declares nothing, a test suite's or a coding
assistant's settings that are not the app's."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_CONFIG = (
    "import os\n\n\nclass Config:\n"
    "    MYSQL_USERNAME = os.getenv('MYSQL_USERNAME') or 'root'\n"
    "    MYSQL_PASSWORD = os.getenv('MYSQL_PASSWORD') or '123456'\n"
    "    MYSQL_HOST = os.getenv('MYSQL_HOST') or '127.0.0.1'\n"
    "    MYSQL_DATABASE = os.getenv('MYSQL_DATABASE') or 'admin'\n"
    "    SQLALCHEMY_DATABASE_URI = f'mysql+pymysql://{MYSQL_USERNAME}:{MYSQL_PASSWORD}@{MYSQL_HOST}/{MYSQL_DATABASE}'\n"
)


def test_the_requirements_and_server_the_projects_own_image_uses(tmp_path: Path) -> None:
    """pear-admin-flask: no requirements.txt, its Dockerfile installs requirement/requirement-dev.txt
    and starts start.sh, which execs gunicorn with the app factory: the app is found from that
    file (Flask, PyMySQL: MySQL), and gunicorn runs it rather than `flask run`."""
    write_tree(
        tmp_path,
        {
            "requirement/requirement-dev.txt": "Flask==3.1.0\nFlask-SQLAlchemy==3.1.1\nPyMySQL==1.1.1\n",
            "Dockerfile": (
                "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\n"
                "RUN pip --no-cache-dir install -i ${PIPURL} -r requirement/requirement-dev.txt \\\n"
                "    && pip install gunicorn\nCMD ./start.sh\n"
            ),
            "start.sh": "exec gunicorn -c gunicorn.conf.py \"applications:create_app('development')\"\n",
            "gunicorn.conf.py": "bind = '0.0.0.0:8000'\n",
            "app.py": "from applications import create_app\n\napp = create_app()\n",
            "applications/__init__.py": (
                "from flask import Flask\n\n\ndef create_app(config_name=None):\n"
                "    app = Flask(__name__)\n    return app\n"
            ),
            "applications/configs/config.py": _CONFIG,
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.package_manager is not None
    assert app.package_manager.install[-1] == "requirement/requirement-dev.txt"
    assert app.start is not None and app.start.argv[0] == "gunicorn"
    files = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).files("en")
    assert "pip install -r requirement/requirement-dev.txt" in files["Dockerfile"]
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"' in files["Dockerfile"]
    assert "MYSQL_HOST: db" in files["compose.yaml"]


def test_a_poetry_table_that_declares_nothing_gives_way_to_the_requirements(tmp_path: Path) -> None:
    """fastapi_rbac's backend: [tool.poetry.dependencies] holds `python` alone (the rest of
    the file is tools' settings); requirements.txt lists the app's packages."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "backend"\nversion = "0.1.0"\n\n'
                '[tool.poetry.dependencies]\npython = "^3.10"\n# Add other dependencies here\n\n'
                "[tool.black]\nline-length = 88\n"
            ),
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.32.0\nalembic==1.14.0\npsycopg2-binary\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.package_manager is not None
    assert app.package_manager.name == "pip" and app.package_manager.install[-1] == "requirements.txt"
    # with dependencies it is Poetry's
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "backend"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nfastapi = "*"\n'
    )
    poetry = inspect_project(tmp_path).primary
    assert (
        poetry is not None and poetry.package_manager is not None and poetry.package_manager.name == "poetry"
    )


def test_test_settings_and_assistants_folders_say_nothing_about_the_database(tmp_path: Path) -> None:
    """django-oppia's settings_test.py keeps SQLite for the test run only; django-ca's
    .opencode/skills/.../liveserver_settings.py is a coding assistant's. Neither makes the app
    an SQLite one: its MySQL driver stands."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.0\nmysqlclient==2.2.4\n",
            "manage.py": (
                "import os, sys\nsettings = 'site.settings_test' if 'test' in sys.argv else 'site.settings'\n"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', settings)\n"
            ),
            "site/__init__.py": "",
            "site/settings.py": "from .settings_secret import *\nSECRET_KEY = 'x'\n",
            "site/settings_test.py": (
                "from .settings import *\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',"
                " 'NAME': 'test.db'}}\n"
            ),
            ".opencode/skills/live/liveserver_settings.py": (
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'live.sqlite3'}}\n"
            ),
            "site/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.sqlite_settings is None
    assert [d.kind for d in app.databases] == ["mysql"]
    assert not any(".opencode" in w.source for w in app.writable_paths)


def test_drivers_for_two_engines_are_settled_by_the_settings_the_app_reads(tmp_path: Path) -> None:
    """nullcast: pg and mongoose in package.json, no compose file or example URL to say which;
    the server connects with new Client({ host: process.env.PG_HOST, ... }) (mongoose is a
    one-off script's): PostgreSQL, wired by the PG_* names it reads."""
    write_tree(
        tmp_path,
        {
            "package.json": (
                '{"name": "api", "scripts": {"start": "node server.js"},'
                ' "dependencies": {"fastify": "^4", "pg": "^8", "mongoose": "^6"}}'
            ),
            "server.js": (
                "const { Client } = require('pg');\nconst client = new Client({ user: process.env.PG_USER,"
                " password: process.env.PG_PASSWORD, host: process.env.PG_HOST,"
                " database: process.env.PG_DATABASE, port: process.env.PG_PORT });\n"
                "require('fastify')().listen({ port: 3000, host: '0.0.0.0' });\n"
            ),
            "scripts/copy/index.js": "const mongoose = require('mongoose');\nmongoose.connect(url);\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "image: postgres:" in files["compose.yaml"] and "PG_HOST: db" in files["compose.yaml"]


def test_a_media_root_named_by_a_constant_is_the_app_users(tmp_path: Path) -> None:
    """Django-Styleguide-Example: `MEDIA_ROOT_NAME = "media"` and `MEDIA_ROOT =
    os.path.join(BASE_DIR, MEDIA_ROOT_NAME)` under `if FILE_UPLOAD_STORAGE == "local":`, with
    BASE_DIR from another module: uploads go to /app/media, which the app's user owns."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn\npsycopg2-binary\ndjango-environ\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.django.base')\n",
            "config/env.py": "import environ\nenv = environ.Env()\nBASE_DIR = environ.Path(__file__) - 2\n",
            "config/django/base.py": (
                "from config.env import env\nfrom config.settings.files import *  # noqa\n"
                "DATABASES = {'default': env.db('DATABASE_URL')}\n"
            ),
            "config/django/wsgi.py": "application = get_wsgi_application()\n",
            "config/settings/files.py": (
                "import os\nfrom config.env import BASE_DIR, env\n"
                "FILE_UPLOAD_STORAGE = env('FILE_UPLOAD_STORAGE', default='local')\n"
                "if FILE_UPLOAD_STORAGE == 'local':\n    MEDIA_ROOT_NAME = 'media'\n"
                "    MEDIA_ROOT = os.path.join(BASE_DIR, MEDIA_ROOT_NAME)\n"
            ),
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and ("media", "media") in [(w.path, w.kind) for w in app.writable_paths]
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    assert re.search(r'chown -R "\$\{UID\}:\$\{UID\}" [^\n]*/app/media', dockerfile)


def test_an_env_example_with_a_misspelt_name_is_still_the_example(tmp_path: Path) -> None:
    """study-docker-compose-postgres documents its settings in `.env.exapmle` (sic): DEBUG=True
    in development (its ALLOWED_HOSTS is empty: with DEBUG off every request would get 400)."""
    from advisor.inspect.common import env_example_files
    from advisor.inspect.tree import Tree

    write_tree(tmp_path, {".env.exapmle": "DEBUG=True\n", ".env.settings": "X=1\n", ".env.prod": "Y=2\n"})
    assert env_example_files(Tree(tmp_path), "") == [".env.exapmle"]


def test_a_floor_only_python_takes_the_line_the_projects_dockerfile_builds_on(tmp_path: Path) -> None:
    """requires-python = ">=3.12" and the project's Dockerfile `FROM python:3.12-slim`: 3.12,
    the line the project runs on, not the newest; without the Dockerfile, the newest."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "docs"\nrequires-python = ">=3.12"\ndependencies = ["Django"]\n'
            ),
            "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'docs.settings')\n",
        },
    )
    app = inspect_project(tmp_path).primary
    assert app is not None and app.runtime is not None and app.runtime.image_tag == "3.12"
    # fief keeps it as docker/Dockerfile: the same line (its pins do not install on 3.13)
    (tmp_path / "docker").mkdir()
    (tmp_path / "Dockerfile").rename(tmp_path / "docker" / "Dockerfile")
    app = inspect_project(tmp_path).primary
    assert app is not None and app.runtime is not None
    assert (app.runtime.image_tag, app.runtime.source) == ("3.12", "docker/Dockerfile")
    (tmp_path / "docker" / "Dockerfile").unlink()
    newest = inspect_project(tmp_path).primary
    assert newest is not None and newest.runtime is not None and newest.runtime.image_tag != "3.12"
