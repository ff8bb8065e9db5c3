"""Shapes found in held-out real projects: sample projects inside a library's repository
(django-helpdesk's demodesk/), sub-services with their own Dockerfile, settings read through
the project's own helpers or schemas, Django apps that commit no migrations, the project's own
names for its database service, and connection settings a driver reads by itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_SETTINGS = (
    "import os\n\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n\n"
    "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
    "        'NAME': os.path.join(BASE_DIR, 'db.sqlite3'),\n    }\n}\n"
)


def _demodesk(tmp_path: Path) -> Path:
    folder = tmp_path / "django-helpdesk"
    return write_tree(
        folder,
        {
            "pyproject.toml": '[project]\nname = "django-helpdesk"\ndependencies = ["Django>=4.2"]\n',
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'demodesk.config.settings')\n"
            ),
            "demodesk/__init__.py": "",
            "demodesk/config/__init__.py": "",
            "demodesk/config/settings.py": _SETTINGS,
            "demodesk/config/wsgi.py": "application = None\n",
            "docker-compose.yml": (
                "services:\n  django-helpdesk:\n    image: djangohelpdesk/standalone\n"
                "  search:\n    image: getmeili/meilisearch:v1.11\n"
            ),
        },
    )


def _node(tmp_path: Path, deps: dict[str, str], files: dict[str, str], **answers: str) -> dict[str, str]:
    """The files advisor writes for an npm app (`node index.js`) with these dependencies."""
    package = {"name": "api", "scripts": {"start": "node index.js"}, "dependencies": deps}
    lock = '{"lockfileVersion": 3, "packages": {}}'
    write_tree(tmp_path, {"package.json": json.dumps(package), "package-lock.json": lock, **files})
    return advise({"host_os": "linux", **answers}, folder=tmp_path).files("en")


def _app_env(files: dict[str, str]) -> dict[str, str]:
    env: dict[str, str] = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    return env


def test_the_sqlite_file_is_where_base_dir_puts_it(tmp_path: Path) -> None:
    folder = _demodesk(tmp_path)
    advice = advise({"host_os": "linux"}, folder=folder)
    dockerfile = advice.files("en")["Dockerfile"]
    assert "ln -sfn /app/data/db.sqlite3 demodesk/db.sqlite3" in dockerfile
    assert "ln -sfn /app/data/db.sqlite3 db.sqlite3" not in dockerfile


def test_the_projects_image_under_its_publishers_name_is_no_other_service(tmp_path: Path) -> None:
    folder = _demodesk(tmp_path)
    report = advise({"host_os": "linux"}, folder=folder).report("en")
    assert "djangohelpdesk/standalone" not in report
    assert "`getmeili/meilisearch:v1.11`" in report


def test_a_subfolder_with_its_own_dockerfile_is_another_service_not_the_app(tmp_path: Path) -> None:
    """zeeguu's API is its package's create_app(); asr_service/, with its own Dockerfile and
    requirements, is a separate Flask service the image of the API does not start."""
    write_tree(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\nsetup(name='zeeguu', install_requires=['flask'])\n",
            "requirements.txt": "flask\nsqlalchemy\npymysql\n",
            "zeeguu/__init__.py": "",
            "zeeguu/api/__init__.py": "",
            "zeeguu/api/app.py": (
                "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
            ),
            "asr_service/Dockerfile": "FROM python:3.12-slim\n",
            "asr_service/requirements.txt": "flask\n",
            "asr_service/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command or ""
    assert "zeeguu.api.app:create_app()" in start and "asr_service" not in start


def test_settings_read_through_a_chain_of_the_projects_own_helpers_are_wired(tmp_path: Path) -> None:
    """PeeringDB: set_option("DATABASE_HOST", "127.0.0.1") → _set_option(name, ...) →
    set_from_env(name) → os.environ.get(name): each name is a variable the app reads."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\nmysqlclient\nredis\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mainsite.settings')\n",
            "mainsite/__init__.py": "",
            "mainsite/wsgi.py": "application = None\n",
            "mainsite/settings/__init__.py": (
                "import os\n\n\ndef set_from_env(name, default=None):\n"
                "    globals()[name] = os.environ.get(name, default)\n\n\n"
                "def _set_option(name, value, context):\n    if name in os.environ:\n"
                "        set_from_env(name, value)\n\n\n"
                "def set_option(name, value):\n    return _set_option(name, value, globals())\n\n\n"
                'set_option("DATABASE_HOST", "127.0.0.1")\nset_option("DATABASE_NAME", "peeringdb")\n'
                'set_option("DATABASE_USER", "peeringdb")\nset_option("DATABASE_PASSWORD", "")\n'
                'set_option("REDIS_HOST", "127.0.0.1")\n'
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "mysql", "cache": "redis"}, folder=tmp_path)
    env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert env["DATABASE_HOST"] == "db" and env["REDIS_HOST"] == "redis"
    assert env["DATABASE_NAME"] == "${MYSQL_DATABASE:?set it in .env}"


def test_a_django_app_that_commits_no_migrations_gets_them_made_in_the_image(tmp_path: Path) -> None:
    """horilla keeps only migrations/__init__.py in its apps (its entrypoint runs makemigrations
    first): the image makes them from the models, so the release step's migrate makes tables."""
    tree = {
        "requirements.txt": "django\npsycopg[binary]\ngunicorn\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
        "site_/__init__.py": "",
        "site_/settings.py": (
            "import os\nSECRET_KEY = os.environ['SECRET_KEY']\nSTATIC_ROOT = 'staticfiles'\n"
        ),
        "site_/wsgi.py": "application = None\n",
        "employee/__init__.py": "",
        "employee/models.py": (
            "from django.db import models\n\n\nclass Employee(models.Model):\n    name = models.TextField()\n"
        ),
        "employee/migrations/__init__.py": "",
    }
    write_tree(tmp_path, tree)
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    step = dockerfile[dockerfile.index("employee/migrations/__init__.py") :]
    assert "SECRET_KEY=" in step.split("makemigrations")[0]  # the settings load with placeholders
    assert "python manage.py makemigrations --noinput" in step
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "commits no migrations for its apps (`employee/migrations/__init__.py`" in advice.report("en")
    assert (
        "마이그레이션을 커밋하지 않았습니다(모델 옆에 `employee/migrations/__init__.py` 파일만"
        in advice.report("ko")
    )
    # the history check's connection is refused at once, not looked up as `db`
    assert (
        "@127.0.0.1:5432/" in step.split("makemigrations")[0]
        and "@db:" not in step.split("makemigrations")[0]
    )
    # committed migrations: nothing is made
    (tmp_path / "employee/migrations/0001_initial.py").write_text("from django.db import migrations\n")
    again = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "makemigrations" not in again
    # models that are all abstract (ArchiveBox's base_models) make no tables: no migrations to make
    (tmp_path / "employee/migrations/0001_initial.py").unlink()
    (tmp_path / "employee/models.py").write_text(
        "class Base(models.Model):\n    class Meta:\n        abstract = True\n"
    )
    abstract = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "makemigrations" not in abstract


def test_the_projects_own_name_for_its_database_service_reaches_the_db_service(tmp_path: Path) -> None:
    """backend-users-web's code connects to host `mysql`, its compose file's service name: the
    db service answers to that name too."""
    files = _node(
        tmp_path,
        {"mysql2": "^3"},
        {
            "index.js": "require('mysql2').createPool({ host: 'mysql' });\n",
            "docker-compose.yml": "services:\n  mysql:\n    image: mysql:8\n  api:\n    build: .\n",
        },
        database="mysql",
    )
    compose = yaml.safe_load(files["compose.yaml"])
    assert compose["services"]["db"]["networks"] == {"default": {"aliases": ["mysql"]}}


def test_a_db_init_script_reading_variables_advisors_db_does_not_set_is_left_out(tmp_path: Path) -> None:
    """The AWS FastAPI sample's db/init.sh (`set -u`) reads POSTGRES_MASTER and WORKSHOP_*
    from its db service's env_file: on advisor's db it would stop the first start. A script
    that reads only the image's own variables is mounted."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg2-binary\n",
            "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "db/init.sh": (
                '#!/bin/bash\nset -eu\nfor x in a; do echo "$x"; done\n'
                'psql -U "$POSTGRES_MASTER" -c "CREATE ROLE $WORKSHOP_POSTGRES_USER"\n'
            ),
            "db/schema.sh": (
                '#!/bin/bash\nset -eu\npsql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "SELECT 1"\n'
            ),
            "docker-compose.yml": (
                "services:\n  db:\n    image: postgres:16\n    env_file: .env\n    volumes:\n"
                "      - ./db/init.sh:/docker-entrypoint-initdb.d/init.sh\n"
                "      - ./db/schema.sh:/docker-entrypoint-initdb.d/schema.sh\n"
            ),
        },
    )
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )
    volumes = compose["services"]["db"]["volumes"]
    assert any("schema.sh" in v for v in volumes) and not any("init.sh" in v for v in volumes)


def test_a_server_hostname_at_localhost_becomes_every_address(tmp_path: Path) -> None:
    """srinu0012/monorepo's server listens on SERVER_HOSTNAME (localhost in its example): in a
    container only the container could reach it."""
    files = _node(
        tmp_path,
        {"pg": "^8"},
        {
            "index.js": "app.listen(process.env.SERVER_PORT, process.env.SERVER_HOSTNAME);\n",
            ".env.example": "SERVER_PORT=3000\nSERVER_HOSTNAME=localhost\n",
        },
        database="postgres",
    )
    assert _app_env(files)["SERVER_HOSTNAME"] == "0.0.0.0"


def test_a_bare_node_postgres_pool_gets_every_libpq_variable(tmp_path: Path) -> None:
    """hono-postgresql-demo: `new Pool()` with no settings takes its host, port, user,
    password and database from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE."""
    files = _node(
        tmp_path,
        {"pg": "^8"},
        {"index.js": "const { Pool } = require('pg');\nconst pool = new Pool();\n"},
        database="postgres",
    )
    env = _app_env(files)
    assert env["PGHOST"] == "db" and env["PGPORT"] == "5432"
    assert env["PGUSER"] == "${POSTGRES_USER:?set it in .env}"
    assert env["PGPASSWORD"] == "${POSTGRES_PASSWORD:?set it in .env}"
    assert env["PGDATABASE"] == "${POSTGRES_DB:?set it in .env}"


def test_a_redis_password_the_app_requires_is_given_empty(tmp_path: Path) -> None:
    """vndevteam's nestjs-boilerplate reads REDIS_PASSWORD with getOrThrow; the Redis service
    has no password, so it gets an empty one rather than none (the app would stop)."""
    files = _node(
        tmp_path,
        {"@nestjs/core": "^11", "ioredis": "^5", "pg": "^8"},
        {
            "src/redis.ts": (
                "const host = config.getOrThrow('REDIS_HOST');\n"
                "const password = config.getOrThrow('REDIS_PASSWORD');\n"
            )
        },
        database="postgres",
        cache="redis",
    )
    env = _app_env(files)
    assert env["REDIS_HOST"] == "redis" and env["REDIS_PASSWORD"] == ""


def test_a_zod_schema_parsed_from_the_environment_names_its_variables(tmp_path: Path) -> None:
    """pepemolnar's node-fastify-typeorm checks its config with a zod object parsed from
    process.env: JWT_SECRET is required, so it gets a generated secret; a key with a default
    or optional is not required."""
    files = _node(
        tmp_path,
        {"fastify": "^5", "zod": "^3", "pg": "^8"},
        {
            "src/config.ts": (
                "import { z } from 'zod';\nconst schema = z.object({\n  JWT_SECRET: z.string().min(10),\n"
                "  LOG_LEVEL: z.string().default('info'),\n  SENTRY_DSN: z.string().optional(),\n});\n"
                "export const config = schema.parse(process.env);\n"
            )
        },
        database="postgres",
    )
    found = {v.name: v.required for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["JWT_SECRET"] is True and found["LOG_LEVEL"] is False and found["SENTRY_DSN"] is False
    assert re.search(r"^JWT_SECRET=[A-Za-z0-9]{32}$", files[".env"], re.M)
    assert "JWT_SECRET" in _app_env(files)


def test_a_redis_url_beside_its_host_and_port_stays_a_url(tmp_path: Path) -> None:
    """plane's settings read REDIS_URL (its example: redis://${REDIS_HOST}:6379/) beside
    REDIS_HOST and REDIS_PORT: REDIS_URL is a URL, in compose and on the build-time line."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\npsycopg[binary]\nredis\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'plane.settings')\n",
            "plane/__init__.py": "",
            "plane/wsgi.py": "application = None\n",
            "plane/settings.py": (
                "import os\nSTATIC_ROOT = 'static'\nREDIS_URL = os.environ.get('REDIS_URL')\n"
                "REDIS_HOST = os.environ.get('REDIS_HOST')\nREDIS_PORT = os.environ.get('REDIS_PORT')\n"
            ),
            ".env.example": 'REDIS_HOST="plane-redis"\nREDIS_PORT="6379"\nREDIS_URL="redis://${REDIS_HOST}:6379/"\n',
        },
    )
    files = advise({"host_os": "linux", "database": "postgres", "cache": "redis"}, folder=tmp_path).files(
        "en"
    )
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["REDIS_URL"].startswith("redis://redis:6379") and env["REDIS_HOST"] == "redis"
    step = files["Dockerfile"].split("collectstatic --noinput")[0].rsplit("RUN ", 1)[1]
    assert "REDIS_URL=redis://127.0.0.1:6379" in step and step.count("REDIS_URL=") == 1


def test_yoyo_migrations_run_through_the_projects_own_script_or_yoyo_apply(tmp_path: Path) -> None:
    """folksonomy_api applies its yoyo migrations with db-migration.py (its README's step)."""
    tree = {
        "requirements.txt": "fastapi\nuvicorn\npsycopg2-binary\nyoyo-migrations\n",
        "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "yoyo.ini": "[DEFAULT]\nsources = %(here)s/db/migrations\ndatabase = postgresql://app@db/app\n",
        "db/migrations/0001.sql": "CREATE TABLE t (id int);\n",
    }
    write_tree(tmp_path, tree)
    assert inspect_project(tmp_path).apps[0].release.argv == ("yoyo", "apply", "--batch")  # type: ignore[union-attr]
    write_tree(
        tmp_path,
        {
            "db-migration.py": (
                "from yoyo import read_migrations, get_backend\nbackend = get_backend(URL)\n"
                "backend.apply_migrations(backend.to_apply(read_migrations('db/migrations')))\n"
            )
        },
    )
    assert inspect_project(tmp_path).apps[0].release.argv == ("python", "db-migration.py")  # type: ignore[union-attr]


def test_a_debug_only_app_of_a_uv_project_is_installed_though_an_exported_requirements_lists_it(
    tmp_path: Path,
) -> None:
    """django-ledger: `if DEBUG:` adds debug_toolbar; pyproject's dev group lists it, and so does
    its `uv export` requirements.txt, which the image (uv sync --no-dev) never installs."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "ledger"\ndependencies = ["django>=5"]\n\n'
                '[dependency-groups]\ndev = ["django-debug-toolbar>=6.0.0"]\n'
            ),
            "uv.lock": "version = 1\n",
            "requirements.txt": (
                "django==5.2 \\\n    --hash=sha256:aa\ndjango-debug-toolbar==6.0.0 \\\n    --hash=sha256:bb\n"
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dev_env.settings')\n",
            "dev_env/__init__.py": "",
            "dev_env/wsgi.py": "application = None\n",
            "dev_env/settings.py": (
                "DEBUG = True\nINSTALLED_APPS = ['django.contrib.admin']\n\nif DEBUG:\n"
                "    INSTALLED_APPS += [\n        'debug_toolbar',\n    ]\n"
            ),
        },
    )
    debug = inspect_project(tmp_path).apps[0].debug_apps
    assert [d.value for d in debug] == ["django-debug-toolbar>=6.0.0"]


def test_a_hashed_dev_requirement_is_taken_without_its_continuation(tmp_path: Path) -> None:
    """pontoon's dev requirements (uv pip compile --generate-hashes): `name==v \\` then its
    hashes: the package's own part only (the image got `'django-debug-toolbar==6.3.0\\'`)."""
    from advisor.inspect.python_server import _group_specs
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "requirements-dev.txt": (
                "django-debug-toolbar==6.3.0 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n"
            )
        },
    )
    specs = [(n, s) for n, s, _ in _group_specs(Tree(tmp_path), "")]
    assert specs == [("django-debug-toolbar", "django-debug-toolbar==6.3.0")]
