"""Project shapes met in held-out public projects (m56 round): a Django SQLite file named
`.db` for the project's own sqlite3 backend, in a settings file the settings module runs,
and absolute folders written with a trailing slash."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _manage(settings: str) -> str:
    """A manage.py that runs ``settings``."""
    return (
        "import os, sys\nif __name__ == '__main__':\n"
        f"    os.environ.setdefault('DJANGO_SETTINGS_MODULE', '{settings}')\n"
        "    from django.core.management import execute_from_command_line\n"
        "    execute_from_command_line(sys.argv)\n"
    )


_SETTINGS = """import os
import sys

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = 'not-a-secret'
INSTALLED_APPS = ['django.contrib.staticfiles', 'inventory']
STATIC_URL = '/static/'
# Absolute path to the directory static files should be collected to.
STATIC_ROOT = '/var/lib/inventory/static/'

local_settings = os.path.join('./etc/inventory', 'local_settings.py')
with open(local_settings, 'r', encoding='utf_8') as ls:
    exec(compile(ls.read(), local_settings, 'exec'))
"""
_LOCAL = """DEBUG = False
DATABASES = {
    'default': {
#        'ENGINE': 'django.db.backends.sqlite3',
        'ENGINE': 'inventory.sqlite3',
        'NAME': '/var/lib/inventory/db/inventory.db',
        'OPTIONS': {'timeout': 30},
    }
}
"""


def _inventory(tmp_path: Path) -> Path:
    root = tmp_path / "inventory"
    write_tree(
        root,
        {
            "manage.py": _manage("inventory.settings"),
            "requirements.txt": "Django==5.2.8\n",
            "inventory/__init__.py": "",
            "inventory/settings.py": _SETTINGS,
            "inventory/sqlite3/__init__.py": "",
            "inventory/sqlite3/base.py": "from django.db.backends.sqlite3.base import *  # noqa\n",
            "inventory/wsgi.py": "",
            "etc/inventory/local_settings.py": _LOCAL,
        },
    )
    return root


def test_a_django_db_file_for_the_projects_own_sqlite_backend_is_the_apps_data(tmp_path: Path) -> None:
    """'NAME': '/var/lib/inventory/db/inventory.db' with ENGINE 'inventory.sqlite3' (patchman):
    its folder belongs to the app's user and a volume keeps it, for the migration too."""
    root = _inventory(tmp_path)
    app = inspect_project(root).primary
    assert app is not None
    sqlite = [w for w in app.writable_paths if w.kind == "sqlite"]
    assert [(w.path, w.source) for w in sqlite] == [
        ("/var/lib/inventory/db/inventory.db", "etc/inventory/local_settings.py")
    ]
    files = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")
    mkdir = next(line for line in files["Dockerfile"].splitlines() if line.startswith("RUN mkdir -p"))
    assert "/var/lib/inventory/db" in mkdir.split()
    run = files["run.sh"]
    assert (
        run.count('--volume "$name-app-data:/var/lib/inventory/db"') == 2
    )  # the release step's and the app's


def test_an_absolute_folder_with_a_trailing_slash_stays_writable(tmp_path: Path) -> None:
    """STATIC_ROOT = '/var/lib/inventory/static/' is one of the folders the app's user owns."""
    root = _inventory(tmp_path)
    setup = advise({"host_os": "linux", "database": "none"}, folder=root).setup
    assert "/var/lib/inventory/static" in setup.writable_paths()


_UV_LOCK = """version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "django-redis"
version = "6.0.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "django" },
    { name = "redis" },
]

[[package]]
name = "django"
version = "5.2.8"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "netbox-like"
version = "1.10.5.dev0"
source = { virtual = "." }
dependencies = [
    { name = "django" },
    { name = "django-redis" },
]

[[package]]
name = "redis"
version = "8.0.0"
source = { registry = "https://pypi.org/simple" }
"""


def test_the_projects_own_package_and_what_main_dependencies_bring_are_not_development_installs(
    tmp_path: Path,
) -> None:
    """The settings module the app runs names its own package (netbox_like) and imports redis;
    uv.lock lists the project itself and redis, which django-redis (a main dependency) brings:
    neither is installed on its own for development (peering-manager's image tried to fetch the
    project itself from PyPI)."""
    root = tmp_path / "netbox-like"
    write_tree(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "netbox-like"\nversion = "1.10.5.dev0"\nrequires-python = ">=3.12"\n'
                'dependencies = ["django>=5.2,<5.3", "django-redis>=6.0,<6.1"]\n\n'
                '[dependency-groups]\ndev = ["ruff>=0.12"]\n\n[tool.uv]\npackage = false\n'
            ),
            "uv.lock": _UV_LOCK,
            "manage.py": _manage("netbox_like.settings"),
            "netbox_like/__init__.py": "",
            "netbox_like/settings.py": (
                "import redis\n\nSECRET_KEY = 'x'\nROOT_URLCONF = 'netbox_like.urls'\n"
                "INSTALLED_APPS = ['django.contrib.admin', 'netbox_like']\n"
                "MIDDLEWARE = ['netbox_like.middleware.Timing']\n"
                "CACHES = {'default': {'BACKEND': 'django_redis.cache.RedisCache'}}\n"
            ),
            "netbox_like/urls.py": "urlpatterns = []\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.debug_apps == ()
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    assert "--constraint /tmp/installed.txt" not in dockerfile and "netbox-like==" not in dockerfile


def test_sqlite_icu_builds_against_icu_and_loads_it_at_run_time(tmp_path: Path) -> None:
    """sqlite-icu has no wheels: its build needs ICU's and SQLite's headers (found with
    pkg-config, which the build stage has), and the final image ICU's library (KitchenOwl)."""
    root = tmp_path / "recipes"
    write_tree(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "recipes"\nversion = "0.7.9"\nrequires-python = ">=3.13"\n'
                'dependencies = ["flask>=3.1", "sqlite-icu>=1.0"]\n'
            ),
            "uv.lock": "version = 1\n",
            "wsgi.py": "from app import app\n",
            "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    installs = [line.split() for line in dockerfile.splitlines() if "apt-get install" in line]
    build = next(words for words in installs if "build-essential" in words)
    assert {"libicu-dev", "libsqlite3-dev", "pkg-config"} <= set(build)
    assert build.count("pkg-config") == 1
    assert any("libicu76" in words for words in installs if words is not build)


def _stacks_manager(tmp_path: Path) -> Path:
    """dockge's shape: one package whose server (run by tsx) serves the Vite front end its
    `build:frontend` script writes into frontend-dist/, a `build:docker` script that runs
    docker through a helper, its port in its own variable, and a base image on Node 22."""
    root = tmp_path / "stacks"
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "stacks",
                    "type": "module",
                    "engines": {"node": ">= 22.14.0"},
                    "scripts": {
                        "start": "tsx ./backend/index.ts",
                        "build:frontend": "vite build --config ./frontend/vite.config.ts",
                        "build:docker": "node ./extra/env2arg.js docker buildx build -t stacks:latest .",
                    },
                    "dependencies": {"express": "^4.21.2", "tsx": "~4.19.0"},
                    "devDependencies": {"vite": "~5.4.15", "vue": "~3.4.2"},
                }
            ),
            "package-lock.json": json.dumps({"name": "stacks", "lockfileVersion": 3, "packages": {}}),
            "backend/index.ts": "import { Server } from './server';\nnew Server().serve();\n",
            "backend/server.ts": (
                "import express from 'express';\nexport class Server {\n  serve() {\n"
                "    const port = Number(process.env.STACKS_PORT) || 5001;\n"
                "    const app = express();\n    app.use('/', express.static('frontend-dist'));\n"
                "    app.listen(port);\n  }\n}\n"
            ),
            "frontend/vite.config.ts": "export default { build: { outDir: '../frontend-dist' } };\n",
            "docker/Base.Dockerfile": "FROM node:22-bookworm-slim\nRUN apt-get update\n",
            "docker/Dockerfile": "FROM stacks/base AS release\nWORKDIR /app\nCOPY . .\nEXPOSE 5001\n",
        },
    )
    return root


def test_a_server_package_gets_its_front_end_build_port_and_its_images_node_line(tmp_path: Path) -> None:
    root = _stacks_manager(tmp_path)
    app = inspect_project(root).primary
    assert app is not None
    assert app.build is not None and app.build.argv == ("npm", "run", "build:frontend")
    assert [p.value for p in app.ports][:1] == [5001]
    assert app.runtime is not None and (app.runtime.image_tag, app.runtime.source) == (
        "22",
        "docker/Base.Dockerfile",
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    assert "ARG NODE_VERSION=22\n" in dockerfile and "EXPOSE 5001\n" in dockerfile
    assert "npm run build:frontend" in dockerfile and "buildx" not in dockerfile


def test_a_newer_line_the_range_allows_stays_when_the_projects_image_is_outside_it(tmp_path: Path) -> None:
    """engines `>= 22.14.0` and an image on Node 20: engines wins (its newest line)."""
    root = _stacks_manager(tmp_path)
    (root / "docker" / "Base.Dockerfile").write_text("FROM node:20-bookworm-slim\n")
    app = inspect_project(root).primary
    assert app is not None and app.runtime is not None
    assert app.runtime.source == "package.json" and app.runtime.image_tag != "20"


def test_sqlalchemys_url_create_drivername_gets_the_dialect_not_the_engines_name(tmp_path: Path) -> None:
    """`URL.create(os.getenv("DB_DRIVER", "sqlite"), ...)` (KitchenOwl): DB_DRIVER is
    SQLAlchemy's dialect, postgresql+psycopg2 with psycopg2 installed; `postgres` stops the
    app ("Can't load plugin: sqlalchemy.dialects:postgres")."""
    root = tmp_path / "pantry"
    write_tree(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "pantry"\nversion = "0.1.0"\nrequires-python = ">=3.13"\n'
                'dependencies = ["flask>=3.1", "flask-sqlalchemy>=3.1", "psycopg2-binary>=2.9"]\n'
            ),
            "uv.lock": "version = 1\n",
            "wsgi.py": "from app.config import app\n",
            "app/__init__.py": "",
            "app/config.py": (
                "import os\nfrom flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n"
                "from sqlalchemy.engine import URL\n\napp = Flask(__name__)\n"
                "DB_URL = URL.create(\n    os.getenv('DB_DRIVER', 'sqlite'),\n"
                "    username=os.getenv('DB_USER'),\n    password=os.getenv('DB_PASSWORD'),\n"
                "    host=os.getenv('DB_HOST'),\n"
                "    port=int(os.getenv('DB_PORT')) if os.getenv('DB_PORT') else None,\n"
                "    database=os.getenv('DB_NAME', 'pantry.db'),\n)\n"
                "app.config['SQLALCHEMY_DATABASE_URI'] = DB_URL\ndb = SQLAlchemy(app)\n"
            ),
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    assert {v.name: v.role for v in app.env_vars}["DB_DRIVER"] == "database_dialect"
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=root).files("en")["compose.yaml"]
    env = yaml.safe_load(compose)["services"]["app"]["environment"]
    assert env["DB_DRIVER"] == "postgresql+psycopg2"
    assert env["DB_HOST"] == "db" and env["DB_NAME"].startswith("${POSTGRES_DB")


def _celery_in_config(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "tasks"
    write_tree(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "tasks"\nversion = "0.1.0"\nrequires-python = ">=3.13"\n'
                'dependencies = ["flask>=3.1", "celery>=5.4", "redis>=5"]\n'
            ),
            "uv.lock": "version = 1\n",
            "wsgi.py": "from app import app\n",
            "app/__init__.py": "from app.config import app, celery_app\n",
            "app/config.py": "import os\nfrom celery import Celery\nfrom flask import Flask\n\n"
            "app = Flask(__name__)\n" + config,
        },
    )
    return root


def test_a_celery_app_under_another_name_in_an_imported_module_is_named(tmp_path: Path) -> None:
    """The package imports `celery_app` from app/config.py beside the Flask `app`: `-A app`
    would find the Flask app (Celery looks for `app` first); `-A app:celery_app` names it."""
    root = _celery_in_config(tmp_path, "celery_app = Celery(app.name, broker=os.getenv('BROKER_URL'))\n")
    app = inspect_project(root).primary
    assert app is not None and app.worker is not None
    assert app.worker.argv[:4] == ("celery", "-A", "app:celery_app", "worker")


def test_a_celery_app_made_only_under_a_condition_gets_no_worker(tmp_path: Path) -> None:
    """KitchenOwl makes its Celery app only with MESSAGE_BROKER set (celery_app = None
    otherwise, with an in-process scheduler instead): no worker service that would stop."""
    root = _celery_in_config(
        tmp_path,
        "MESSAGE_BROKER = os.getenv('MESSAGE_BROKER')\ncelery_app = None\nif MESSAGE_BROKER:\n"
        "    celery_app = Celery(app.name + '_tasks', broker=MESSAGE_BROKER)\n",
    )
    app = inspect_project(root).primary
    assert app is not None and app.worker is None


def test_a_config_folder_a_variable_names_else_one_resolved_from_the_working_folder(
    tmp_path: Path,
) -> None:
    """`process.env.CONFIG_PATH || Path.resolve('config')` (audiobookshelf): the app makes
    config/ and metadata/ under its working folder; they are its user's, kept in volumes."""
    root = tmp_path / "shelf"
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "shelf",
                    "main": "index.js",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^4.21.0", "sqlite3": "^5.1.7"},
                }
            ),
            "package-lock.json": json.dumps({"name": "shelf", "lockfileVersion": 3, "packages": {}}),
            "index.js": (
                "const Path = require('path');\n"
                "const CONFIG_PATH = process.env.CONFIG_PATH || Path.resolve('config');\n"
                "const METADATA_PATH = process.env.METADATA_PATH || Path.resolve('metadata');\n"
                "const BUILD_PATH = process.env.BUILD_PATH || Path.resolve('dist');\n"
                "require('./server')(CONFIG_PATH, METADATA_PATH, BUILD_PATH).listen(3333);\n"
            ),
            "server.js": "module.exports = () => require('express')();\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    found = {w.path: w.kind for w in app.writable_paths}
    assert found.get("config") == "data-dir" and found.get("metadata") == "data-dir"
    assert "dist" not in found  # a build folder's variable names no data
    run = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["run.sh"]
    assert '--volume "$name-app-data:/app/config"' in run and "/app/metadata" in run


def test_a_node_apps_own_alpine_image_packages_come_along(tmp_path: Path) -> None:
    """The project's own image (node:20-alpine) runs `apk add ffmpeg`, which the app runs:
    the final stage installs Debian's ffmpeg (audiobookshelf)."""
    root = tmp_path / "shelf"
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "shelf",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^4.21.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "shelf", "lockfileVersion": 3, "packages": {}}),
            "index.js": "require('express')().listen(3333);\n",
            "Dockerfile": (
                "FROM node:20-alpine\nRUN apk add --no-cache --update \\\n  tzdata \\\n  ffmpeg \\\n  tini\n"
                'WORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n'
            ),
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.system_packages is not None
    assert app.system_packages.value == ("ffmpeg",)
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    final = dockerfile[dockerfile.index("FROM base AS final") :]
    assert "apt-get install --yes --no-install-recommends ffmpeg \\" in final
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_flat_projects_own_name_and_a_test_tool_check_are_no_development_installs(tmp_path: Path) -> None:
    """djangopackages: settings.py at the top names the project (`"name": "djangopackages"`)
    and checks `"pytest" in sys.modules`; pytest is in the dev group and uv.lock lists the
    project: neither is installed for development."""
    root = tmp_path / "pkgs"
    write_tree(
        root,
        {
            "pyproject.toml": (
                '[project]\nname = "pkgsite"\nversion = "2025.10.10"\nrequires-python = ">=3.12"\n'
                'dependencies = ["django>=5.2"]\n\n[dependency-groups]\ndev = ["pytest>=8", "ruff"]\n'
            ),
            "uv.lock": (
                'version = 1\n\n[[package]]\nname = "pkgsite"\nversion = "2025.10.10"\n'
                'source = { virtual = "." }\n\n[[package]]\nname = "pytest"\nversion = "9.1.1"\n'
            ),
            "manage.py": _manage("settings"),
            "settings.py": (
                "import sys\nSECRET_KEY = 'x'\nTEST_MODE = 'pytest' in sys.modules\n"
                "INSTALLED_APPS = ['django.contrib.admin', 'core']\n"
                "SITE = {'name': 'pkgsite'}\n"
            ),
            "core/__init__.py": "",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.debug_apps == ()


def test_a_static_root_set_by_a_call_over_several_lines_is_found(tmp_path: Path) -> None:
    """byro: `STATIC_ROOT = config.get(\\n "filesystem", "static", fallback=os.path.join(BASE_DIR,
    "static.dist")\\n)`, and the settings make it at import: collectstatic gathers there and the
    app's user owns it."""
    root = tmp_path / "members"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.2.8\n",
            "manage.py": _manage("members.settings"),
            "members/__init__.py": "",
            "members/wsgi.py": "",
            "members/settings.py": (
                "import configparser\nimport os\n\nconfig = configparser.RawConfigParser()\n"
                "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
                "SECRET_KEY = 'x'\nSTATIC_URL = '/static/'\n"
                "STATIC_ROOT = config.get(\n"
                '    "filesystem", "static", fallback=os.path.join(BASE_DIR, "static.dist")\n)\n'
                "for directory in (BASE_DIR, STATIC_ROOT):\n    os.makedirs(directory, exist_ok=True)\n"
            ),
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    assert ("static.dist", "static-root") in {(w.path, w.kind) for w in app.writable_paths}
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    assert "the settings set no STATIC_ROOT" not in dockerfile
    mkdir = next(line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/static.dist" in mkdir.split()


def test_local_wheels_a_requirements_file_names_are_mounted(tmp_path: Path) -> None:
    """iris-web's requirements.txt lists `dependencies/*.whl` it keeps in the repository: the
    install step mounts their folder beside the requirements."""
    root = tmp_path / "iris"
    write_tree(
        root,
        {
            "requirements.txt": (
                "flask==3.1.0\ndependencies/docx_generator-0.8.0-py3-none-any.whl\n"
                "dependencies/iris_evtx-1.2.0-py3-none-any.whl\n"
            ),
            "dependencies/docx_generator-0.8.0-py3-none-any.whl": "wheel\n",
            "dependencies/iris_evtx-1.2.0-py3-none-any.whl": "wheel\n",
            "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "wsgi.py": "from app import app\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")["Dockerfile"]
    assert "--mount=type=bind,source=dependencies,target=dependencies \\" in dockerfile
    assert "COPY . .\n# pip" not in dockerfile  # mounted, not copied first


def test_an_absolute_data_folder_default_in_a_module_that_makes_folders(tmp_path: Path) -> None:
    """dockge: `defaultStacksDir = "/opt/stacks"`, later `fs.mkdirSync(this.stacksDir)`: the
    folder is the app user's and a volume keeps it."""
    root = _stacks_manager(tmp_path)
    (root / "backend" / "stacks.ts").write_text(
        "import fs from 'fs';\nlet defaultStacksDir;\nif (process.platform === 'win32') {\n"
        "  defaultStacksDir = './stacks';\n} else {\n  defaultStacksDir = '/opt/stacks';\n}\n"
        "export const stacksDir = process.env.STACKS_DIR || defaultStacksDir;\n"
        "fs.mkdirSync(stacksDir, { recursive: true });\n"
    )
    app = inspect_project(root).primary
    assert app is not None
    assert ("/opt/stacks", "data-dir") in {(w.path, w.kind) for w in app.writable_paths}
    setup = advise({"host_os": "linux", "database": "none"}, folder=root).setup
    assert "/opt/stacks" in setup.writable_paths()
    assert any(folder == "/opt/stacks" for _, folder in setup.data_volumes())


def test_a_nodemon_exec_shell_line_runs_its_last_command_with_nodes_own_options() -> None:
    """retro-board's `nodemon --exec 'yarn fix & node' --import ./ts-node.register.mjs
    ./src/index.ts`: no `&` in the exec-form command; node keeps its --import."""
    from advisor.inspect.node_nodemon import without_nodemon

    argv = without_nodemon(
        ["--exec", "yarn fix & node", "--import", "./ts-node.register.mjs", "./src/index.ts"]
    )
    assert argv == ["node", "--import", "./ts-node.register.mjs", "./src/index.ts"]
    assert without_nodemon(["--exec", "npm run lint && tsx", "src/main.ts"]) == ["tsx", "src/main.ts"]


def test_pipenvs_python_version_wins_over_a_pyproject_floor(tmp_path: Path) -> None:
    """JARR: pyproject.toml says `requires-python = ">=3.13"`, the Pipfile (which pipenv installs
    from, refusing another Python with --deploy) `python_version = "3.13"`: 3.13."""
    root = tmp_path / "feeds"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "feeds"\nversion = "1"\nrequires-python = ">=3.13"\n',
            "Pipfile": '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.13"\n',
            "Pipfile.lock": '{"_meta": {"requires": {"python_version": "3.13"}}, "default": {}}\n',
            "wsgi.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.runtime is not None
    assert (app.runtime.image_tag, app.runtime.source) == ("3.13", "Pipfile")


def test_a_strict_inequality_is_no_non_null_assertion() -> None:
    """retro-board's `!!process.env.SENTRY_URL&& process.env.SENTRY_URL!== 'NO_SENTRY'` reads
    an optional variable; `process.env.STRIPE_KEY!` asserts one is set."""
    from advisor.inspect.envvars import Collector, scan_js

    found = Collector()
    scan_js(
        "const useSentry = !!process.env.SENTRY_URL&& process.env.SENTRY_URL!== 'NO_SENTRY';\n",
        "i.mjs",
        found,
    )
    scan_js("const stripe = new Stripe(process.env.STRIPE_KEY!);\n", "pay.ts", found)
    assert {v.name: v.required for v in found.result()} == {"SENTRY_URL": False, "STRIPE_KEY": True}
