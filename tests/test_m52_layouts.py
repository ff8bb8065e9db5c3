"""Project shapes met in held-out public projects (m52): Prisma's schema folder and its
directUrl, dj_database_url under another name, several engines and nothing to choose,
Django's password validators beside DATABASES, a settings template with top-level DB_* keys,
development apps behind `if DEVELOPMENT:`."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project, suggested_answers
from advisor.inspect.config_marks import marked


def _compose(folder: Path, **answers: str) -> dict:
    files = advise({"host_os": "linux", **answers}, folder=folder).files("en")
    return yaml.safe_load(files["compose.yaml"])


def test_prismas_schema_folder_and_its_direct_url(tmp_path: Path) -> None:
    """papermark: the multi-file schema in Prisma's default folder `prisma/schema/`, whose
    datasource has `url = env("POSTGRES_PRISMA_URL")` and `directUrl =
    env("POSTGRES_PRISMA_URL_NON_POOLING")` (the connection migrations take): PostgreSQL, and
    both variables get the db service's URL."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "papermark",
                    "scripts": {"build": "next build", "start": "next start"},
                    "dependencies": {"next": "^15", "react": "^19", "@prisma/client": "^6"},
                    "devDependencies": {"prisma": "^6"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3}',
            "prisma/schema/schema.prisma": (
                'datasource db {\n  provider = "postgresql"\n  url = env("POSTGRES_PRISMA_URL")\n'
                '  directUrl = env("POSTGRES_PRISMA_URL_NON_POOLING")\n}\n'
            ),
            "prisma/schema/link.prisma": "model Link {\n  id String @id\n}\n",
        },
    )
    assert [d.kind for d in inspect_project(tmp_path).apps[0].databases] == ["postgres"]
    env = _compose(tmp_path, database="postgres")["services"]["app"]["environment"]
    for name in ("POSTGRES_PRISMA_URL", "POSTGRES_PRISMA_URL_NON_POOLING"):
        assert env[name].startswith("postgresql://${POSTGRES_USER") and "@db:5432/" in env[name]


def _django(tmp_path: Path, settings: str, requirements: str) -> Path:
    return write_tree(
        tmp_path,
        {
            "requirements.txt": requirements,
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
            "site_/__init__.py": "",
            "site_/wsgi.py": "application = get_wsgi_application()\n",
            "site_/settings.py": settings,
        },
    )


def test_dj_database_url_under_its_own_name_is_the_database_url(tmp_path: Path) -> None:
    """extensions-web: `dj_database_url.config(env="EGO_DATABASE_URL", default="sqlite://./test.db")`:
    the app reads EGO_DATABASE_URL, not DATABASE_URL, which would leave it on SQLite."""
    folder = _django(
        tmp_path,
        "import dj_database_url\nDATABASES = {'default': dj_database_url.config(\n"
        "    env='EGO_DATABASE_URL', default='sqlite://./test.db')}\n",
        "Django==5.2\ndj-database-url==2.3.0\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
    )
    env = _compose(folder, database="postgres")["services"]["app"]["environment"]
    assert env["EGO_DATABASE_URL"].startswith("postgres") and "@db:5432/" in env["EGO_DATABASE_URL"]


def test_several_engines_with_nothing_to_choose_get_postgresql(tmp_path: Path) -> None:
    """SecObserve: psycopg and pymysql, `'ENGINE': env("DATABASE_ENGINE")`, and nothing in the
    project that names one engine: PostgreSQL, not no database at all."""
    folder = _django(
        tmp_path,
        "import environ\nenv = environ.Env()\nDATABASES = {\n    'default': {\n"
        "        'ENGINE': env('DATABASE_ENGINE'),\n        'NAME': env('DATABASE_DB'),\n    }\n}\n",
        "Django==5.2\ndjango-environ==0.12.0\npsycopg[binary]==3.2.9\nPyMySQL==1.1.1\ngunicorn==23.0.0\n",
    )
    assert suggested_answers(inspect_project(folder))["database"][0] == "postgres"


def test_password_validators_below_an_sqlite_block_are_no_files(tmp_path: Path) -> None:
    """SecObserve: a DATABASES block that does not close at a line's start, then
    AUTH_PASSWORD_VALIDATORS' `'NAME': 'django.contrib.auth.password_validation.…'`: the
    SQLite file is the database's NAME only, never a validator's dotted path."""
    folder = _django(
        tmp_path,
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n"
        "        'NAME': 'app_db',\n    }\n  }\nAUTH_PASSWORD_VALIDATORS = [\n"
        "    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},\n]\n",
        "Django==5.2\ngunicorn==23.0.0\n",
    )
    paths = [w.path for w in inspect_project(folder).apps[0].writable_paths if w.kind == "sqlite"]
    assert paths == ["app_db"]


def test_a_template_with_top_level_db_keys_is_filled_in(tmp_path: Path) -> None:
    """jumpserver: config_example.yml (`cp config_example.yml config.yml`, the code's own
    message) with top-level DB_ENGINE, DB_HOST, DB_PASSWORD (empty) and REDIS_HOST; its
    comments in Chinese stay readable in compose.yaml's copy."""
    template = (
        "# 数据库设置\nDB_ENGINE: mysql\nDB_HOST: 127.0.0.1\nDB_PORT: 3306\nDB_USER: root\n"
        "DB_PASSWORD:\nDB_NAME: jumpserver\n\nREDIS_HOST: 127.0.0.1\nREDIS_PORT: 6379\n"
    )
    out = marked(template, "yaml")
    assert (
        "DB_PASSWORD: @@advisor:db_password:@@\n" in out and "DB_ENGINE: @@advisor:db_engine:mysql@@" in out
    )
    folder = _django(
        tmp_path,
        "import os\nSECRET_KEY = 'x'\n",
        "Django==5.2\npsycopg2-binary==2.9.10\nmysqlclient==2.2.7\ngunicorn==23.0.0\nredis==5.2.1\n",
    )
    (folder / "config_example.yml").write_text(template)
    (folder / "site_" / "conf.py").write_text(
        "def load():\n    raise ImportError('No config file found: cp config_example.yml config.yml')\n"
    )
    compose = _compose(folder, database="postgres", cache="redis")
    content = compose["configs"]["app-settings"]["content"]
    assert content.startswith("# 数据库设置\nDB_ENGINE: postgresql\nDB_HOST: db\nDB_PORT: 5432\n")
    assert "DB_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}\n" in content
    assert "REDIS_HOST: redis\nREDIS_PORT: 6379\n" in content
    assert (
        "# 数据库设置"
        in advise({"host_os": "linux", "database": "postgres"}, folder=folder).files("en")["compose.yaml"]
    )


def test_development_apps_behind_a_development_switch_are_installed(tmp_path: Path) -> None:
    """courtlistener: `if DEVELOPMENT:` adds django_extensions, which only the dev group lists
    (like `if DEBUG:`): in development the image installs it."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "cl"\nversion = "1"\nrequires-python = ">=3.13"\n'
                'dependencies = ["Django==5.2", "psycopg[binary]==3.2.9", "gunicorn==23.0.0"]\n\n'
                '[dependency-groups]\ndev = ["django-extensions==4.1"]\n'
            ),
            "uv.lock": 'version = 1\n\n[[package]]\nname = "django-extensions"\nversion = "4.1"\n',
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cl.settings')\n",
            "cl/__init__.py": "",
            "cl/wsgi.py": "application = get_wsgi_application()\n",
            "cl/settings.py": (
                "import os\nDEVELOPMENT = os.getenv('DEVELOPMENT', 'on') == 'on'\nINSTALLED_APPS = []\n"
                "if DEVELOPMENT:\n    INSTALLED_APPS.append('django_extensions')\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [d.value for d in app.debug_apps] == ["django-extensions==4.1"]


def test_a_required_host_list_no_file_gives_is_this_machines_in_development(tmp_path: Path) -> None:
    """SecObserve: `ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")`, required, and no file gives a
    value: in development it is this machine's, not a variable that stops Compose."""
    folder = _django(
        tmp_path,
        "import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list('ALLOWED_HOSTS')\n",
        "Django==5.2\ndjango-environ==0.12.0\npsycopg[binary]==3.2.9\ngunicorn==23.0.0\n",
    )
    env = _compose(folder, database="postgres")["services"]["app"]["environment"]
    assert env["ALLOWED_HOSTS"] == "${ALLOWED_HOSTS:?set it in .env}"
    dotenv = advise({"host_os": "linux", "database": "postgres"}, folder=folder).files("en")[".env"]
    assert "\nALLOWED_HOSTS=localhost,127.0.0.1\n" in dotenv
