"""Project shapes met in held-out public projects (m51): a database URL under a name that says
nothing, an engine left to other settings modules, a build script for images, Prisma's config
reading the database URL, uWSGI's named sections, an empty requirements file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.dockerfile import render_dockerfile


def test_a_variable_whose_example_is_a_database_url_gets_the_services_and_its_driver(tmp_path: Path) -> None:
    """skyvern: `DATABASE_STRING: str` in its settings, `.env.example` gives
    `postgresql+psycopg://skyvern@localhost/skyvern`; it installs aiosqlite too (it can run on
    SQLite). The variable is the database's URL, with a PostgreSQL driver's scheme, not
    aiosqlite's, and the db service's host, not the example's localhost."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "sky"\nversion = "1"\nrequires-python = ">=3.11"\n'
                'dependencies = ["fastapi", "uvicorn", "sqlalchemy>=2", "asyncpg", "aiosqlite",'
                ' "pydantic-settings"]\n'
            ),
            "sky/__init__.py": "",
            "sky/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "sky/db.py": "from sqlalchemy.ext.asyncio import create_async_engine\n",
            "sky/config.py": (
                "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
                "    DATABASE_STRING: str = ''\n    DATABASE_POOL_SIZE: int = 5\n"
            ),
            ".env.example": 'DATABASE_STRING="postgresql+psycopg://skyvern@localhost/skyvern"\n',
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["DATABASE_STRING"].startswith("postgresql+asyncpg://${POSTGRES_USER")
    assert "@db:5432/" in env["DATABASE_STRING"] and "DATABASE_POOL_SIZE" not in env


def test_a_shared_settings_module_that_leaves_the_engine_to_others_is_not_chosen(tmp_path: Path) -> None:
    """enterprise-catalog: manage.py's local.py adds debug_toolbar (only requirements/dev.txt
    lists it) and keeps SQLite; base.py's DATABASES has `'ENGINE': 'django.db.backends.'`, to
    be set by the modules that take it in; devstack.py takes local's and reads DB_HOST. The
    app runs devstack with the development package installed, not base (migrate: "Please
    supply the ENGINE value")."""
    settings = "enterprise_catalog/settings"
    write_tree(
        tmp_path,
        {
            "requirements/base.txt": "Django==5.2\nmysqlclient==2.2.7\ngunicorn==23.0.0\n",
            "requirements/dev.txt": "-r base.txt\ndjango-debug-toolbar==6.1.0\n",
            "requirements.txt": "-r requirements/base.txt\n",
            "manage.py": (
                "import os\n"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'enterprise_catalog.settings.local')\n"
            ),
            "enterprise_catalog/__init__.py": "",
            "enterprise_catalog/wsgi.py": "application = get_wsgi_application()\n",
            f"{settings}/__init__.py": "",
            f"{settings}/base.py": (
                "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.',\n"
                "        'NAME': 'catalog',\n    }\n}\n"
                "INSTALLED_APPS = ['django.contrib.auth']\n"
            ),
            f"{settings}/local.py": (
                "from enterprise_catalog.settings.base import *\n"
                "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
                "        'NAME': 'default.db',\n    }\n}\nINSTALLED_APPS += ('debug_toolbar',)\n"
            ),
            f"{settings}/devstack.py": (
                "import os\nfrom enterprise_catalog.settings.local import *\n"
                "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n"
                "        'HOST': os.environ.get('DB_HOST', 'mysql'),\n    }\n}\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "enterprise_catalog.settings.devstack" and env["DB_HOST"] == "db"
    assert (
        "install --constraint /tmp/installed.txt django-debug-toolbar==6.1.0"
        in advice.files("en")["Dockerfile"]
    )


def test_the_projects_build_for_images_and_prismas_config_get_what_they_need(tmp_path: Path) -> None:
    """umami: `build` checks a live database (`check-db`), `build-docker` is the same build
    without it (its own Dockerfile runs that one); prisma.config.ts reads `env('DATABASE_URL')`,
    so `prisma generate` stops without one: it gets the build's placeholder too."""
    package = {
        "name": "umami",
        "scripts": {
            "build": "npm-run-all check-db build-app",
            "build-docker": "npm-run-all build-app",
            "build-app": "next build",
            "check-db": "node scripts/check-db.js",
            "start": "next start",
        },
        "dependencies": {"next": "^15", "react": "^19", "@prisma/client": "^7"},
        "devDependencies": {"prisma": "^7", "npm-run-all": "^4"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3}',
            "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
            "prisma.config.ts": (
                "import { env } from 'prisma/config';\nexport default { url: env('DATABASE_URL') };\n"
            ),
            "src/lib/db.ts": "export const url = process.env.DATABASE_URL;\n",
        },
    )
    dockerfile = render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )
    assert "npm run build-docker" in dockerfile and "npm run build \\" not in dockerfile
    generate = dockerfile.index("npx prisma generate")
    assert "DATABASE_URL=postgresql://build:build@db:5432/build" in dockerfile[generate - 200 : generate]


def test_uwsgi_ini_with_named_sections_only_runs_the_local_one(tmp_path: Path) -> None:
    """lando: uwsgi.ini has [local], [development], [production] (each `ini = :defaults`) and
    no [uwsgi] section, which is all `uwsgi --ini uwsgi.ini` reads ("The -s/--socket option is
    missing"): the command names the local section, as the project's compose does."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\nuwsgi==2.0.31\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lando.settings')\n",
            "lando/__init__.py": "",
            "lando/wsgi.py": "application = get_wsgi_application()\n",
            "lando/settings.py": "SECRET_KEY = 'x'\n",
            "uwsgi.ini": (
                "[local]\nini = :defaults\nsocket = :80\n\n[production]\nini = :defaults\n\n"
                "[defaults]\nmaster = 1\nmodule = lando.wsgi:application\nprotocol = http\n"
            ),
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("uwsgi", "--ini", "uwsgi.ini:local") and not start.env
    # its package in src/ (the project installs itself with `pip install -e .`): src/ on the path
    src = write_tree(
        tmp_path / "src-layout",
        {
            "requirements.txt": "Django==5.2\nuwsgi==2.0.31\n",
            "pyproject.toml": '[project]\nname = "lando"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]',
            "src/lando/__init__.py": "",
            "src/lando/wsgi.py": "application = get_wsgi_application()\n",
            "uwsgi.ini": (tmp_path / "uwsgi.ini").read_text().replace("http = :8000", "socket = :80"),
        },
    )
    start = inspect_project(src).apps[0].start
    assert start is not None and start.env == (("PYTHONPATH", "src"),)
    assert "PYTHONPATH=/app:/app/src" in render_dockerfile(advise({"host_os": "linux"}, folder=src).setup)
    (tmp_path / "uwsgi.ini").write_text("[uwsgi]\nmodule = lando.wsgi:application\nhttp = :8000\n")
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv == ("uwsgi", "--ini", "uwsgi.ini")


def test_an_empty_requirements_file_beside_package_json_is_no_python_app(tmp_path: Path) -> None:
    """blurts-server: a 0-byte requirements.txt beside its Next.js package.json and a Procfile;
    advisor took it for a Python app (`FROM python:…-slim` with `CMD ["npm","start"]`)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "",
            "Procfile": "web: npm start\nrelease: npm run db:migrate\n",
            "package.json": json.dumps(
                {
                    "name": "monitor",
                    "scripts": {"build": "next build", "start": "next start"},
                    "dependencies": {"next": "^15", "react": "^19", "knex": "^3", "pg": "^8"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3}',
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.language.value == "node" and [d.kind for d in app.databases] == ["postgres"]


def test_an_install_script_that_migrates_runs_no_scripts_at_install(tmp_path: Path) -> None:
    """spliit: `"postinstall": "prisma migrate deploy && prisma generate"`, which needs a live
    database the image build has not (npm ci stopped there). The install runs no lifecycle
    script, `npm rebuild` runs the dependencies' own, the client is generated by the build
    and the migration is the release step. An install script that migrates nothing still runs."""
    package = {
        "name": "spliit",
        "scripts": {
            "build": "next build",
            "start": "next start",
            "postinstall": "prisma migrate deploy && prisma generate",
        },
        "dependencies": {"next": "^15", "react": "^19", "@prisma/client": "^6"},
        "devDependencies": {"prisma": "^6"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3}',
            "prisma/schema.prisma": (
                'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
            ),
            "prisma/migrations/0_init/migration.sql": "CREATE TABLE x (id int);\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    dockerfile = render_dockerfile(advice.setup)
    assert "npm ci --ignore-scripts && npm rebuild" in dockerfile and "npx prisma generate" in dockerfile
    assert advice.setup.build.release == ("prisma", "migrate", "deploy")
    package["scripts"]["postinstall"] = "patch-package && prisma generate"
    (tmp_path / "package.json").write_text(json.dumps(package))
    dockerfile = render_dockerfile(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    )
    assert "--ignore-scripts && npm rebuild" not in dockerfile
