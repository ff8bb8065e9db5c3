"""Project shapes met in held-out public projects (m53 round): a start command documented as
a task runner's task (taskipy, poethepoet, PDM), and a FastAPI app made by a factory beside
a sub-app made directly."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project, suggested_answers

_FASTAPI = {
    "polar/__init__.py": "",
    "polar/app.py": (
        "from fastapi import FastAPI\n\nfrom polar.checkout_link.app import app as checkout\n\n\n"
        "def create_app() -> FastAPI:\n    app = FastAPI()\n    app.mount('/c', checkout)\n"
        "    return app\n\n\napp = create_app()\n"
    ),
    "polar/checkout_link/__init__.py": "",
    "polar/checkout_link/app.py": "from fastapi import FastAPI\n\napp = FastAPI(title='links')\n",
    "uv.lock": "version = 1\n",
}


def _pyproject(tasks: str = "") -> str:
    return (
        '[project]\nname = "polar"\nversion = "0.1.0"\nrequires-python = ">=3.13"\n'
        'dependencies = ["fastapi", "uvicorn[standard]", "sqlalchemy", "asyncpg"]\n' + tasks
    )


def _cmd(folder: Path) -> list[str]:
    dockerfile = advise({"host_os": "linux"}, folder=folder).files("en")["Dockerfile"]
    line = next(x for x in dockerfile.splitlines() if x.startswith("CMD "))
    return json.loads(line[4:])


def test_a_taskipy_task_that_runs_the_server_is_the_start_command(tmp_path: Path) -> None:
    """polar: `api = { cmd = "env AUTHLIB_INSECURE_TRANSPORT=true uvicorn polar.app:app --reload
    --workers 1 --host 127.0.0.1 --port 8000" }` beside lint and migration tasks: that module,
    without the reloader, on every address, on the task's port."""
    tasks = (
        "\n[tool.taskipy.tasks]\n"
        'lint = { cmd = "ruff check .", help = "lint" }\n'
        'db_migrate = { cmd = "python -m scripts.db upgrade", help = "migrate" }\n'
        'api = { cmd = "env AUTHLIB_INSECURE_TRANSPORT=true uvicorn polar.app:app --reload --workers 1 '
        '--host 127.0.0.1 --port 8001", help = "run api service" }\n'
    )
    write_tree(tmp_path, {**_FASTAPI, "pyproject.toml": _pyproject(tasks)})
    assert _cmd(tmp_path) == [
        "uvicorn",
        "polar.app:app",
        "--workers",
        "1",
        "--host",
        "0.0.0.0",
        "--port",
        "8001",
    ]
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.app_port == 8001
    assert "EXPOSE 8001" in advice.files("en")["Dockerfile"]


def test_a_serving_task_comes_before_a_development_one(tmp_path: Path) -> None:
    """poethepoet: `dev` reloads on localhost, `serve` runs gunicorn with uvicorn workers
    bound to localhost: serve, bound to every address."""
    tasks = (
        "\n[tool.poe.tasks]\n"
        'dev = "uvicorn polar.app:app --reload --reload-dir polar --host=localhost"\n'
        "[tool.poe.tasks.serve]\n"
        'cmd = "gunicorn polar.app:app -k uvicorn.workers.UvicornWorker -b 127.0.0.1:8000"\n'
    )
    write_tree(tmp_path, {**_FASTAPI, "pyproject.toml": _pyproject(tasks)})
    assert _cmd(tmp_path) == [
        "gunicorn",
        "polar.app:app",
        "-k",
        "uvicorn.workers.UvicornWorker",
        "-b",
        "0.0.0.0:8000",
    ]


def test_a_development_task_alone_still_names_the_app(tmp_path: Path) -> None:
    """PDM's `dev = "uvicorn polar.app:app --reload"` is the only server task: its module,
    without the reloader."""
    tasks = '\n[tool.pdm.scripts]\ntest = "pytest"\ndev = {cmd = "uvicorn polar.app:app --reload"}\n'
    write_tree(tmp_path, {**_FASTAPI, "pyproject.toml": _pyproject(tasks)})
    assert _cmd(tmp_path) == ["uvicorn", "polar.app:app", "--host", "0.0.0.0", "--port", "8000"]


def test_tasks_that_run_no_server_are_not_the_start(tmp_path: Path) -> None:
    """Only lint and test tasks: the app is found in the code, and of a factory-made app in
    polar/app.py and a sub-app made directly in polar/checkout_link/app.py, the shallower runs."""
    tasks = '\n[tool.taskipy.tasks]\nlint = "ruff check ."\ntest = "pytest -x"\nmigrate = "alembic upgrade"\n'
    write_tree(tmp_path, {**_FASTAPI, "pyproject.toml": _pyproject(tasks)})
    argv = _cmd(tmp_path)
    assert argv[:2] == ["uvicorn", "polar.app:app"], argv


def test_a_sub_app_made_directly_at_the_top_still_wins_over_a_deeper_factory(tmp_path: Path) -> None:
    """main.py's `app = FastAPI()` is shallower than a factory-made app in a package: main:app."""
    tree = {**_FASTAPI, "pyproject.toml": _pyproject()}
    tree["main.py"] = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    write_tree(tmp_path, tree)
    assert _cmd(tmp_path)[:2] == ["uvicorn", "main:app"]


def test_a_dockerfile_that_runs_the_build_folder_runs_the_packages_main(tmp_path: Path) -> None:
    """peppermint's apps/api/Dockerfile, built from the workspace's top: `CMD ["node",
    "apps/api/dist/"]`. Node would look for dist/index.js, which tsc does not write from
    src/main.ts; the package's main, dist/main.js, is what the build makes."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"private": True, "workspaces": ["apps/*"], "packageManager": "yarn@4.2.2"}
            ),
            "yarn.lock": "__metadata:\n  version: 8\n",
            "apps/api/package.json": json.dumps(
                {
                    "name": "api",
                    "main": "dist/main.js",
                    "scripts": {"build": "tsc", "dev": "ts-node-dev --respawn src/main.ts"},
                    "dependencies": {"fastify": "^5.1.0"},
                    "devDependencies": {"typescript": "^5.3.2"},
                }
            ),
            "apps/api/tsconfig.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}}),
            "apps/api/src/main.ts": "import Fastify from 'fastify';\nFastify().listen({ port: 5003 });\n",
            "apps/api/Dockerfile": 'FROM node:18\nWORKDIR /app\nCOPY . .\nCMD ["node", "apps/api/dist/"]\n',
        },
    )
    advice = advise({"host_os": "linux", "app_dir": "apps/api"}, folder=tmp_path)
    assert advice.answers.start_command == "node dist/main.js"


_SPARKY = {
    "package.json": json.dumps({"packageManager": "pnpm@10.33.4", "devDependencies": {"prettier": "^3"}}),
    "pnpm-workspace.yaml": 'packages:\n  - "server"\n  - "web"\n',
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "server/package.json": json.dumps(
        {
            "name": "fitserver",
            "type": "module",
            "main": "fitserver.js",
            "scripts": {"start": "nodemon fitserver.ts", "test": "vitest run"},
            "dependencies": {"express": "^5", "pg": "^8"},
            "devDependencies": {"nodemon": "^3", "tsx": "^4.21.0", "vitest": "^3"},
        }
    ),
    "server/nodemon.json": json.dumps({"watch": ["."], "exec": "tsx index.ts"}),
    "server/index.ts": "import express from 'express';\nexpress().listen(process.env.PORT);\n",
    "server/fitserver.ts": "import './index.ts';\n",
    "web/package.json": json.dumps(
        {"name": "web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6"}}
    ),
}
_BACKEND_DOCKERFILE = (
    "FROM node:24-alpine AS build\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\n"
    "COPY server/package.json server/\nCOPY web/package.json web/\n"
    "RUN pnpm install --frozen-lockfile --filter fitserver...\nCOPY server/ server/\n"
    "RUN pnpm --filter=fitserver deploy --legacy /deploy\n\n"
    "FROM node:24-alpine\nWORKDIR /app/server\nCOPY --from=build /deploy ./\nEXPOSE 3010\n"
    'CMD ["./node_modules/.bin/tsx", "index.ts"]\n'
)


def test_a_dockerfile_in_the_docker_folder_that_builds_the_app_gives_its_start_and_port(
    tmp_path: Path,
) -> None:
    """SparkyFitness: the server's start script runs nodemon; docker/Dockerfile.backend copies
    the server's folder and runs `./node_modules/.bin/tsx index.ts` on port 3010. The image's
    command is the production one; the development Dockerfile beside it is not read."""
    tree = {
        **_SPARKY,
        "docker/Dockerfile.backend": _BACKEND_DOCKERFILE,
        "docker/Dockerfile.backend.dev": _BACKEND_DOCKERFILE.replace(
            '"index.ts"', '"watch", "index.ts"'
        ).replace("EXPOSE 3010", "EXPOSE 9999"),
    }
    write_tree(tmp_path, tree)
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=tmp_path)
    assert advice.answers.start_command == "tsx index.ts"
    assert advice.answers.app_port == 3010
    assert "detected from docker/Dockerfile.backend" in advice.files("en")["Dockerfile"]


def test_a_dockerfile_that_copies_the_whole_repository_is_not_the_apps(tmp_path: Path) -> None:
    """A top-level Dockerfile that copies everything (`COPY . .`, then both apps run by pm2) is
    not the server's own image: the server's start script still decides (nodemon, once, with
    nodemon.json's `exec`, which names the file it runs)."""
    tree = {
        **_SPARKY,
        "Dockerfile": 'FROM node:24\nCOPY . .\nCOPY server/ server/\nEXPOSE 4000\nCMD ["pm2", "e.js"]\n',
    }
    write_tree(tmp_path, tree)
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=tmp_path)
    assert advice.answers.start_command == "tsx index.ts"  # nodemon.json's exec, run once
    assert advice.answers.app_port != 4000


def test_a_development_app_an_extra_brings_is_installed_at_the_locks_version(tmp_path: Path) -> None:
    """courtlistener: `if DEVELOPMENT:` adds django_browser_reload, which no group names: the
    dev group's django-tailwind[reload] brings it, and uv.lock pins it. In development the
    image installs it at that version (the app imports it as it loads)."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "cl"\nversion = "1"\nrequires-python = ">=3.13"\n'
                'dependencies = ["Django==5.2", "psycopg[binary]==3.2.9", "gunicorn==23.0.0",'
                ' "django-tailwind~=4.5.0"]\n\n'
                '[dependency-groups]\ndev = ["django-tailwind[reload]~=4.5.0"]\n'
            ),
            "uv.lock": (
                'version = 1\n\n[[package]]\nname = "django-browser-reload"\nversion = "1.21.0"\n\n'
                '[[package]]\nname = "django-tailwind"\nversion = "4.5.1"\n'
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cl.settings')\n",
            "cl/__init__.py": "",
            "cl/wsgi.py": "application = get_wsgi_application()\n",
            "cl/settings.py": (
                "import os\nDEVELOPMENT = os.getenv('DEVELOPMENT', 'on') == 'on'\n"
                "INSTALLED_APPS = ['tailwind']\n"
                "if DEVELOPMENT:\n    INSTALLED_APPS.append('django_browser_reload')\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [d.value for d in app.debug_apps] == ["django-browser-reload==1.21.0"]
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    assert "django-browser-reload==1.21.0" in dockerfile


def _secobserve(tmp_path: Path, settings_read: str) -> set[str]:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ndjango-environ==0.12.0\npsycopg[binary]==3.2.9\nrequests\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
            "config/__init__.py": "",
            "config/settings.py": (
                "import os\nimport environ\nenv = environ.Env()\nSECRET_KEY = os.environ['SECRET_KEY']\n"
                f"{settings_read}\n"
            ),
            "access/__init__.py": "",
            "access/oidc.py": (
                "import os\nimport requests\n\n\nclass OIDCAuthentication:\n"
                "    def _get_jwks_uri(self) -> str:\n        response = requests.request(\n"
                "            method='GET',\n"
                "            url=f\"{os.environ['OIDC_AUTHORITY']}/.well-known/openid-configuration\",\n"
                "        )\n        return response.json()['jwks_uri']\n"
            ),
        },
    )
    return {v.name for v in inspect_project(tmp_path).apps[0].env_vars if v.required}


def test_a_method_that_needs_a_variable_the_settings_take_as_optional_does_not_stop_compose(
    tmp_path: Path,
) -> None:
    """SecObserve: a method reads os.environ['OIDC_AUTHORITY'] (KeyError without it) and the
    settings switch OIDC on only `if env.get_value("OIDC_AUTHORITY", default=None):`. The app
    starts without it: not a variable Compose must refuse to start without. SECRET_KEY, read at
    the settings' top level, still is."""
    required = _secobserve(
        tmp_path, "if env.get_value('OIDC_AUTHORITY', default=None):\n    INSTALLED_APPS = ['oidc']"
    )
    assert required == {"SECRET_KEY"}


def test_a_method_that_needs_a_variable_nothing_takes_as_optional_still_requires_it(tmp_path: Path) -> None:
    """Without the optional read, the method's read is all the code says: still required."""
    assert _secobserve(tmp_path, "DEBUG = True") == {"SECRET_KEY", "OIDC_AUTHORITY"}


def test_the_version_module_setuptools_scm_writes_is_written_in_the_image(tmp_path: Path) -> None:
    """lando: `[tool.setuptools_scm] version_file = "src/lando/version/__init__.py"`, which git
    ignores and the code imports. The image installs the requirements only and has no .git:
    the module is written as setuptools-scm would, so `from lando.version import version` works."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[build-system]\nrequires = ["setuptools>=64", "setuptools_scm>=8"]\n'
                'build-backend = "setuptools.build_meta"\n\n'
                '[project]\nname = "lando"\ndynamic = ["version"]\n\n'
                '[tool.setuptools_scm]\nversion_file = "src/lando/version/__init__.py"\n'
            ),
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg[binary]==3.2.9\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lando.settings')\n",
            "src/lando/__init__.py": "",
            "src/lando/settings.py": "from lando.version import version\nSECRET_KEY = 'x'\n",
            "src/lando/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    assert (
        "RUN mkdir -p src/lando/version \\\n    && printf '%s\\n' \"__version__ = version = '0.0.0'\" "
        '"__version_tuple__ = version_tuple = (0, 0, 0)" > src/lando/version/__init__.py\n'
    ) in dockerfile
    assert dockerfile.index("printf") < dockerfile.index("\nUSER ")
    assert_hadolint_clean(dockerfile, tmp_path)
    (tmp_path / "src/lando/version").mkdir()
    (tmp_path / "src/lando/version/__init__.py").write_text("version = '1.2.3'\n")
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    assert "printf" not in dockerfile  # the checkout's own module stays


def test_a_required_debug_switch_is_on_in_development(tmp_path: Path) -> None:
    """snippets-service: `DEBUG = config('DEBUG', cast=bool)` with no default stopped Compose
    (required, no value). In development it is on; in production the person sets it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npython-decouple==3.8\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'snippets.settings')\n",
            "snippets/__init__.py": "",
            "snippets/wsgi.py": "application = get_wsgi_application()\n",
            "snippets/settings.py": (
                "from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n"
                "DEBUG = config('DEBUG', cast=bool)\n"
            ),
        },
    )
    dotenv = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[".env"]
    assert "\nDEBUG=true\n" in dotenv
    production = {"host_os": "linux", "database": "postgres", "environment": "production"}
    dotenv = advise(production, folder=tmp_path).files("en")[".env"]
    assert "\n# DEBUG=\n" in dotenv and "\nDEBUG=" not in dotenv


def test_a_deploy_settings_module_is_production_s(tmp_path: Path) -> None:
    """yournextrepresentative: .env.example sets ynr.settings.dev; settings/deploy.py reads
    os.environ["S3_MEDIA_REGION"] at its top. deploy.py is production's module: in development
    its variables do not stop Compose."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\npsycopg[binary]\ngunicorn\n",
            ".env.example": "DJANGO_SETTINGS_MODULE=ynr.settings.dev\n",
            "manage.py": (
                "import os\nif not os.environ.get('DJANGO_SETTINGS_MODULE'):\n"
                "    raise SystemExit('You must explicitly set DJANGO_SETTINGS_MODULE')\n"
            ),
            "ynr/__init__.py": "",
            "ynr/wsgi.py": "application = get_wsgi_application()\n",
            "ynr/settings/__init__.py": "",
            "ynr/settings/base.py": "import os\nSECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'x')\n",
            "ynr/settings/dev.py": "from .base import *\nDEBUG = True\n",
            "ynr/settings/deploy.py": "from .base import *\nREGION = os.environ['S3_MEDIA_REGION']\n",
        },
    )
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "S3_MEDIA_REGION" not in compose
    assert "DJANGO_SETTINGS_MODULE: ynr.settings.dev" in compose


def test_a_code_modules_template_the_projects_dockerfile_copies_in_place(tmp_path: Path) -> None:
    """teddit: app.js requires ./config, which only its template config.js.template makes (its
    Dockerfile: `COPY config.js.template ./config.js`). The image makes the copy, and the
    variables the template reads (REDIS_HOST, REDIS_PORT) are the app's: the Redis service's."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "teddit", "scripts": {"start": "node app.js"}, "dependencies": {"redis": "^3.1.2"}}
            ),
            "package-lock.json": '{"lockfileVersion": 3}',
            "app.js": "const config = require('./config')\nrequire('http').createServer().listen(8080)\n",
            "config.js.template": (
                "const config = {\n  redis_host: process.env.REDIS_HOST || '127.0.0.1',\n"
                "  redis_port: process.env.REDIS_PORT || 6379,\n}\nmodule.exports = config\n"
            ),
            "Dockerfile": "FROM node:14\nWORKDIR /teddit\nCOPY . ./\nCOPY config.js.template ./config.js\n",
        },
    )
    files = advise({"host_os": "linux", "cache": "redis"}, folder=tmp_path).files("en")
    assert "RUN cp -n config.js.template config.js\n" in files["Dockerfile"]
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["REDIS_HOST"] == "redis" and str(env["REDIS_PORT"]) == "6379"


def test_nodemon_runs_a_typescript_file_with_the_projects_runner(tmp_path: Path) -> None:
    """`nodemon src/server.ts` with no exec of its own: nodemon runs .ts with ts-node; a
    project that has tsx instead runs it with tsx."""
    package = {
        "name": "api",
        "scripts": {"start": "nodemon src/server.ts"},
        "dependencies": {"express": "^5"},
        "devDependencies": {"nodemon": "^3", "tsx": "^4"},
    }
    tree = {"package.json": json.dumps(package), "package-lock.json": "{}", "src/server.ts": "export {};\n"}
    write_tree(tmp_path, tree)
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.start_command == "tsx src/server.ts"
    package["devDependencies"] = {"nodemon": "^3", "ts-node": "^10", "typescript": "^5"}
    write_tree(tmp_path, {**tree, "package.json": json.dumps(package)})
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.start_command == "ts-node src/server.ts"


def test_a_variable_base_settings_require_and_a_later_module_defaults_gets_that_default(
    tmp_path: Path,
) -> None:
    """SecObserve: base.py reads `env("CORS_ALLOWED_ORIGINS")` with no default; dist.py, which
    imports base.py first, reads it with default=["http://localhost:3000"]. base.py stops
    before dist.py's default applies (the image's collectstatic stopped on it): .env gives it
    that default, for the build's step too."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ndjango-environ==0.12.0\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.dist')",
            "config/__init__.py": "",
            "config/wsgi.py": "application = get_wsgi_application()\n",
            "config/settings/__init__.py": "",
            "config/settings/base.py": (
                "import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY')\n"
                "STATIC_ROOT = 'static'\n"
                "CORS_ALLOWED_ORIGINS = [x.strip() for x in env('CORS_ALLOWED_ORIGINS').split(',')]\n"
            ),
            "config/settings/dist.py": (
                "from .base import *  # noqa\n"
                "CORS_ALLOWED_ORIGINS = env('CORS_ALLOWED_ORIGINS', default=['http://localhost:3000'])\n"
            ),
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert "\nCORS_ALLOWED_ORIGINS=http://localhost:3000\n" in files[".env"]
    assert "CORS_ALLOWED_ORIGINS=http://localhost:3000" in files["Dockerfile"]  # collectstatic's


def test_pygobject_builds_with_gobject_introspection_and_loads_it(tmp_path: Path) -> None:
    """gramps-web-api: PyGObject has no wheels; its meson build stopped on no compiler. The
    build stage gets the compiler and GObject introspection's headers, the image its libraries."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1\ngunicorn\nPyGObject==3.50.0\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "build-essential pkg-config" in dockerfile and "libgirepository-2.0-dev" in dockerfile
    final = dockerfile.rsplit("\nFROM ", 1)[1]
    assert "libgirepository-2.0-0" in final and "gir1.2-glib-2.0" in final


def test_a_legacy_time_zone_name_gets_debians_legacy_time_zone_data(tmp_path: Path) -> None:
    """SecObserve: `TIME_ZONE = "CET"`. Debian 13 keeps such names in tzdata-legacy, which the
    slim image lacks: collectstatic stopped on "Incorrect timezone setting: CET". The final
    image installs it; a current name (Europe/Berlin) needs nothing."""
    tree = {
        "requirements.txt": "Django==5.2\npsycopg[binary]\ngunicorn\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
        "site1/__init__.py": "",
        "site1/wsgi.py": "application = get_wsgi_application()\n",
        "site1/settings.py": "SECRET_KEY = 'x'\nTIME_ZONE = \"CET\"\nUSE_TZ = True\n",
    }
    write_tree(tmp_path, tree)
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    final = dockerfile.rsplit("\nFROM ", 1)[1]
    assert any("apt-get install" in line and "tzdata-legacy" in line for line in final.splitlines())
    assert_hadolint_clean(dockerfile, tmp_path)
    write_tree(tmp_path, {**tree, "site1/settings.py": "SECRET_KEY = 'x'\nTIME_ZONE = 'Europe/Berlin'\n"})
    assert "tzdata-legacy" not in advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]


def test_a_typeorm_sqlite_file_behind_a_folder_variable_is_writable_and_kept(tmp_path: Path) -> None:
    """overseerr: `database: process.env.CONFIG_DIRECTORY ? `${...}/db/db.sqlite3` :
    'config/db/db.sqlite3'`. The image runs as node, and config/db was root's: SQLITE_CANTOPEN.
    The folder belongs to the app's user and a volume keeps it."""
    datasource = (
        "import { DataSource } from 'typeorm';\nexport default new DataSource({\n  type: 'sqlite',\n"
        "  database: process.env.CONFIG_DIRECTORY\n    ? `${process.env.CONFIG_DIRECTORY}/db/db.sqlite3`\n"
        "    : 'config/db/db.sqlite3',\n  synchronize: true,\n});\n"
    )
    package = {"name": "ov", "scripts": {"start": "node dist/index.js", "build": "tsc"}}
    package["dependencies"] = {"typeorm": "^0.3", "sqlite3": "^5", "express": "^4"}
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "server/datasource.ts": datasource,
            "server/index.ts": "import express from 'express';\nexpress().listen(5055);\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "chown -R node:node /app/config/db" in files["Dockerfile"]
    launcher = files.get("run.sh", "") + files.get("compose.yaml", "")
    assert ":/app/config/db" in launcher


def test_an_sqlite_file_a_variables_default_names_is_writable(tmp_path: Path) -> None:
    """SecObserve's huey queue: `env("HUEY_FILENAME", default="/var/lib/huey/huey.db")`,
    its SqliteHuey's file (collectstatic stopped on "unable to open database file"): the folder
    is made and belongs to the app's user."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ndjango-environ\nhuey\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/wsgi.py": "application = get_wsgi_application()\n",
            "site1/settings.py": (
                "import environ\nenv = environ.Env()\nSECRET_KEY = 'x'\n"
                "HUEY_FILENAME = env('HUEY_FILENAME', default='/var/lib/huey/huey.db')\n"
                "HUEY = {'huey_class': 'huey.SqliteHuey', 'connection': {'filename': HUEY_FILENAME}}\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "Dockerfile"
    ]
    assert re.search(r"RUN mkdir -p [^\n]*/var/lib/huey", dockerfile)
    assert re.search(r"chown -R [^\n]*/var/lib/huey", dockerfile)


def test_a_stale_requirements_file_gives_way_to_the_one_the_projects_image_installs(tmp_path: Path) -> None:
    """cla_backend: requirements.txt is `-r requirements/production.txt`, a file that is gone;
    its Dockerfile copies requirements/generated/ to ./requirements and installs
    requirements-production.txt from there (after a dev stage's requirements-dev.txt). That
    file is installed, its psycopg2 gives PostgreSQL, and neither a test settings module's
    fixed local server (settings/integration.py) nor a read replica's host is wired."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "-r requirements/production.txt\n",
            "requirements/generated/requirements-dev.txt": "Django==4.2\npytest\n",
            "requirements/generated/requirements-production.txt": "Django==4.2\npsycopg2==2.9.10\nuwsgi\n",
            "Dockerfile": (
                "FROM python:3.9 AS base\nCOPY ./requirements/generated/ ./requirements\n"
                "RUN pip install -r ./requirements/requirements-dev.txt --no-cache-dir\n"
                "FROM base AS production\n"
                "RUN pip install -r ./requirements/requirements-production.txt --no-cache-dir\n"
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cla.settings')\n",
            "cla/__init__.py": "",
            "cla/wsgi.py": "application = get_wsgi_application()\n",
            "cla/settings/__init__.py": "from .base import *\n",
            "cla/settings/base.py": (
                "import os\nSECRET_KEY = 'x'\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',\n"
                "    'NAME': os.environ.get('DB_NAME', 'cla'), 'HOST': os.environ.get('DB_HOST', ''),\n"
                "    'USER': os.environ.get('DB_USER', 'postgres'),\n"
                "    'PASSWORD': os.environ.get('DB_PASSWORD', '')}}\n"
                "if os.environ.get('REPLICA_DB_HOST', ''):\n"
                "    DATABASES['reports'] = {'HOST': os.environ.get('REPLICA_DB_HOST')}\n"
            ),
            "cla/settings/integration.py": (
                "from .base import *\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',\n"
                "    'NAME': 'cla', 'USER': '', 'PASSWORD': '', 'HOST': 'localhost'}}\n"
            ),
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.package_manager is not None
    assert app.package_manager.source == "requirements/generated/requirements-production.txt"
    assert [d.kind for d in app.databases] == ["postgres"] and not app.db_fixed
    assert suggested_answers(inspect_project(tmp_path))["database"][0] == "postgres"
    env = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )
    assert env["services"]["app"]["environment"]["DB_HOST"] == "db"
    assert "REPLICA_DB_HOST" not in env["services"]["app"]["environment"]


def test_an_app_the_default_settings_add_from_a_poetry_extra_is_installed(tmp_path: Path) -> None:
    """SecObserve: manage.py runs config.settings.dist, which adds django_extensions; Poetry
    lists django-extensions as optional (its dev extra), so `poetry install --only main` leaves
    it out and collectstatic stopped on the import. The image installs it at the lock's version."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "so"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n'
                'Django = "5.2"\npsycopg = {version = "3.2.9", extras = ["binary"]}\ngunicorn = "23.0.0"\n'
                'django-extensions = { version = "4.1", optional = true }\n\n'
                '[tool.poetry.extras]\ndev = ["django-extensions"]\n'
            ),
            "poetry.lock": '[[package]]\nname = "django-extensions"\nversion = "4.1"\n',
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.dist')",
            "config/__init__.py": "",
            "config/wsgi.py": "application = get_wsgi_application()\n",
            "config/settings/__init__.py": "",
            "config/settings/base.py": "SECRET_KEY = 'x'\nINSTALLED_APPS = ['django.contrib.admin']\n",
            "config/settings/dist.py": "from .base import *\nINSTALLED_APPS += ['django_extensions']\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [d.value for d in app.debug_apps] == ["django-extensions==4.1"]


def test_the_engine_the_run_settings_name_decides_among_several_drivers(tmp_path: Path) -> None:
    """registrar: mysqlclient and pymongo; manage.py runs registrar.settings.devstack, whose
    DATABASES is MySQL (local.py, which it imports first, keeps SQLite). MySQL, not no database."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==4.2\nmysqlclient==2.2.4\npymongo==4.6\ngunicorn\n",
            "manage.py": "import os;os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'reg.settings.devstack')",
            "reg/__init__.py": "",
            "reg/wsgi.py": "application = get_wsgi_application()\n",
            "reg/settings/__init__.py": "",
            "reg/settings/local.py": (
                "SECRET_KEY = 'x'\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n"
            ),
            "reg/settings/devstack.py": (
                "import os\nfrom reg.settings.local import *\nDATABASES = {'default': {\n"
                "    'ENGINE': 'django.db.backends.mysql', 'NAME': os.environ.get('DB_NAME', 'reg'),\n"
                "    'HOST': os.environ.get('DB_HOST', 'db')}}\n"
            ),
        },
    )
    assert suggested_answers(inspect_project(tmp_path))["database"][0] == "mysql"


def test_an_encryption_keys_build_placeholder_is_a_fernet_key(tmp_path: Path) -> None:
    """SecObserve: django-encrypted-model-fields decodes FIELD_ENCRYPTION_KEY as a Fernet key
    when the settings load; collectstatic stopped on the build's plain placeholder. The build
    gets a placeholder in that form (32 bytes in url-safe base64), never the .env's key."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ndjango-encrypted-model-fields\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/wsgi.py": "application = get_wsgi_application()\n",
            "site1/settings.py": (
                "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nSTATIC_ROOT = 'static'\n"
                "FIELD_ENCRYPTION_KEY = os.environ['FIELD_ENCRYPTION_KEY']\n"
            ),
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    placeholder = re.search(r"FIELD_ENCRYPTION_KEY=(\S+)", files["Dockerfile"])
    assert placeholder is not None
    assert len(base64.urlsafe_b64decode(placeholder.group(1))) == 32
    assert placeholder.group(1) not in files[".env"]


def test_settings_read_from_a_deployments_yaml_file_are_not_the_module_to_run(tmp_path: Path) -> None:
    """xqueue: manage.py's xqueue.settings keeps SQLite; production.py (and devstack.py) read
    their settings from a YAML file XQUEUE_CFG names, which only the deployment has. advisor
    ran production.py for its database variables, and Compose stopped on XQUEUE_CFG: the app
    runs with manage.py's module, and XQUEUE_CFG stops nothing in development."""
    yaml_settings = (
        "import codecs\nfrom os import environ\nimport yaml\nfrom .settings import *\n\n\n"
        "def get_env_setting(setting):\n    try:\n        return environ[setting]\n    except KeyError:\n"
        "        raise ImproperlyConfigured(setting)\n\n\nCONFIG_FILE = get_env_setting('XQUEUE_CFG')\n"
        "with codecs.open(CONFIG_FILE, encoding='utf-8') as f:\n    vars().update(yaml.safe_load(f))\n"
        "DATABASES['default'].update({'USER': environ.get('DB_MIGRATION_USER', 'root')})\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==4.2\nmysqlclient==2.2.4\nPyYAML\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'xqueue.settings')\n",
            "xqueue/__init__.py": "",
            "xqueue/wsgi.py": "application = get_wsgi_application()\n",
            "xqueue/settings.py": (
                "SECRET_KEY = 'x'\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'xqueue.sqlite'}}\n"
            ),
            "xqueue/production.py": yaml_settings,
            "xqueue/devstack.py": yaml_settings,
        },
    )
    compose = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).files("en")["compose.yaml"]
    assert "XQUEUE_CFG" not in compose
    assert "xqueue.production" not in compose and "xqueue.devstack" not in compose


def test_a_program_the_projects_image_places_at_the_top_is_not_the_start(tmp_path: Path) -> None:
    """sqlpad: its image copies docker-entrypoint to / and runs ENTRYPOINT ["/docker-entrypoint"],
    which runs `node /usr/app/server.js` in that image's layout; advisor's image has neither.
    The server's own start script decides: `node-dev server.js ...` runs once with node,
    without the development settings file it names (port 3010 under /sqlpad: m60)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "sqlpad-project", "private": True, "devDependencies": {"husky": "^9"}}
            ),
            "Dockerfile": (
                "FROM node:20\nWORKDIR /sqlpad\nCOPY . .\nFROM node:20-slim\nCOPY docker-entrypoint /\n"
                'COPY --from=0 /sqlpad/server /usr/app\nWORKDIR /usr/app\nENTRYPOINT ["/docker-entrypoint"]\n'
            ),
            "docker-entrypoint": "#!/bin/bash\nset -e\nexec node /usr/app/server.js $@\n",
            "server/package.json": json.dumps(
                {
                    "name": "sqlpad",
                    "main": "./app.js",
                    "scripts": {
                        "start": 'node-dev --respawn server.js -- --config "./config.dev.env" | pino-pretty'
                    },
                    "dependencies": {"express": "^4", "pg": "^8"},
                    "devDependencies": {"node-dev": "^8"},
                }
            ),
            "server/yarn.lock": "# yarn lockfile v1\n",
            "server/server.js": "require('./app.js');\n",
            "server/app.js": "require('express')().listen(3000);\n",
        },
    )
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=tmp_path)
    assert advice.answers.start_command == "node server.js"


def test_a_native_module_a_subfolder_install_brings_gets_the_compiler(tmp_path: Path) -> None:
    """mediatracker: the root's postinstall runs `cd server && npm install && cd ../client &&
    npm install`; server's better-sqlite3 had no prebuilt binary to download and node-gyp found
    no Python. The build stage gets the compiler for it."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "mediatracker",
                    "private": True,
                    "scripts": {
                        "postinstall": "cd server && npm install && cd ../client && npm install",
                        "start": "npm run start --prefix server",
                    },
                    "dependencies": {"url-join": "^4.0.1"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3}',
            "server/package.json": json.dumps(
                {"name": "server", "dependencies": {"better-sqlite3": "^11.7.0"}}
            ),
            "client/package.json": json.dumps({"name": "client", "dependencies": {"react": "^18"}}),
        },
    )
    assert "make g++" in advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]


def test_a_fastapi_dev_task_runs_as_fastapi_run(tmp_path: Path) -> None:
    """poethepoet's `dev = "fastapi dev polar/app.py"`, the only server task: `fastapi run`
    (no reloader, every address) on the app's port."""
    tasks = '\n[tool.poe.tasks]\ndev = "fastapi dev polar/app.py"\n'
    write_tree(
        tmp_path,
        {
            **_FASTAPI,
            "pyproject.toml": _pyproject(tasks).replace('"uvicorn[standard]"', '"fastapi[standard]"'),
        },
    )
    assert _cmd(tmp_path) == ["fastapi", "run", "polar/app.py", "--port", "8000"]


def test_a_pnpm_workspace_member_installs_only_itself_and_what_it_depends_on(tmp_path: Path) -> None:
    """SparkyFitness: a pnpm workspace of the server, a web front end and a phone app. The
    whole workspace's install fetched the phone app's packages (one the registry no longer
    served stopped the build). The server's image installs the server and the workspace
    packages it depends on (`--filter fitserver...`), and prunes the same way."""
    tree = {**_SPARKY, "web/package.json": json.dumps({"name": "web", "dependencies": {"react": "^19"}})}
    package = json.loads(tree["server/package.json"])
    package["scripts"] = {"start": "node index.js", "build": "tsc"}
    package["devDependencies"] = {"typescript": "^5"}
    tree["server/package.json"] = json.dumps(package)
    tree["server/index.js"] = "require('express')().listen(3010);\n"
    write_tree(tmp_path, tree)
    dockerfile = advise({"host_os": "linux", "app_dir": "server"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "pnpm install --frozen-lockfile --filter fitserver...\n" in dockerfile
    assert "pnpm install --prod --frozen-lockfile --ignore-scripts --filter fitserver..." in dockerfile
    advice = advise({"host_os": "linux", "app_dir": "server"}, folder=tmp_path)
    assert "`pnpm install --filter fitserver...`" in advice.files("en")["RECOMMENDATIONS.md"]
    assert "다른 멤버의 패키지는 내려받지도 빌드하지도 않습니다" in advice.files("ko")["RECOMMENDATIONS.md"]


def test_a_list_of_mandatory_variables_the_app_checks_is_required(tmp_path: Path) -> None:
    """SparkyFitness: utils/preflightChecks.ts keeps `const mandatoryVars = { NAME: 'why', ... }`
    and throws when `!process.env[name]` for any; the server reads FRONTEND_URL elsewhere with
    a default (`|| 'http://localhost:8080'`), which never reaches the check: .env gives it that
    value. Its encryption key (an `_API_ENCRYPTION_KEY`, the app's own) gets a generated key."""
    check = (
        "function runPreflightChecks() {\n  const mandatoryVars = {\n"
        "    FIT_FRONTEND_URL:\n      'Required for CORS. E.g. http://localhost:8080',\n"
        "    FIT_API_ENCRYPTION_KEY: \"Must be persistent: crypto.randomBytes(32).toString('hex')\",\n  };\n"
        "  const missing = Object.keys(mandatoryVars).filter((v) => !process.env[v]);\n"
        "  if (missing.length > 0) {\n    console.error('FATAL: Missing required environment variables!');\n"
        "    throw new Error('Preflight checks failed');\n  }\n}\nexport { runPreflightChecks };\n"
    )
    package = {"name": "fit", "scripts": {"start": "node index.js"}, "dependencies": {"express": "^5"}}
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "index.js": "require('./utils/preflightChecks.js').runPreflightChecks();\n",
            "utils/preflightChecks.js": check,
            "server.js": (
                "const cors = require('cors');\n"
                "cors({ origin: process.env.FIT_FRONTEND_URL || 'http://localhost:8080' });\n"
                "const key = process.env.FIT_API_ENCRYPTION_KEY;\n"
            ),
        },
    )
    dotenv = advise({"host_os": "linux"}, folder=tmp_path).files("en")[".env"]
    assert "\nFIT_FRONTEND_URL=http://localhost:8080\n" in dotenv
    assert re.search(r"\nFIT_API_ENCRYPTION_KEY=\S{44,}\n", dotenv)


def test_an_upload_folder_built_from_the_modules_folder_is_writable(tmp_path: Path) -> None:
    """SparkyFitness's routes/backupRoutes.ts: `const TEMP_UPLOAD_DIR = process.env.X ?
    path.resolve(process.env.X) : path.join(__dirname, '../temp_uploads/')`, multer's dest.
    Multer made it as the app loaded: EACCES as the image's user. It belongs to that user."""
    routes = (
        "import path from 'path';\nimport multer from 'multer';\n"
        "const TEMP_UPLOAD_DIR = process.env.FIT_TEMP_DIRECTORY\n"
        "  ? path.resolve(process.env.FIT_TEMP_DIRECTORY)\n  : path.join(__dirname, '../temp_uploads/');\n"
        "const upload = multer({ dest: TEMP_UPLOAD_DIR });\nexport default upload;\n"
    )
    package = {
        "name": "fit",
        "scripts": {"start": "node index.js"},
        "dependencies": {"express": "^5", "multer": "^2"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "index.js": "require('./routes/backupRoutes.js');\nrequire('express')().listen(3010);\n",
            "routes/backupRoutes.js": routes,
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert re.search(r"chown -R node:node [^\n]*/app/temp_uploads", dockerfile)


def test_a_log_file_built_from_the_modules_folder_has_a_writable_folder(tmp_path: Path) -> None:
    """overseerr's server/logger.ts: winston's daily file at path.join(__dirname,
    '../config/logs/overseerr-%DATE%.log'); its migration step stopped on EACCES there."""
    logger = (
        "import path from 'path';\nimport 'winston-daily-rotate-file';\n"
        "const file = process.env.CONFIG_DIRECTORY\n  ? `${process.env.CONFIG_DIRECTORY}/logs/x-%DATE%.log`\n"
        "  : path.join(__dirname, '../config/logs/overseerr-%DATE%.log');\nexport default file;\n"
    )
    package = {"name": "ov", "scripts": {"start": "node server/index.js"}, "dependencies": {"winston": "^3"}}
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "server/index.js": "require('./logger.js');\nrequire('http').createServer().listen(5055);\n",
            "server/logger.js": logger,
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert re.search(r"chown -R node:node [^\n]*/app/config/logs", dockerfile)


def test_a_folder_a_directory_variable_falls_back_to_is_the_apps_data(tmp_path: Path) -> None:
    """overseerr's server/lib/settings.ts writes settings.json at `process.env.CONFIG_DIRECTORY
    ? ... : path.join(__dirname, '../../config/settings.json')`: config/ is the app's data (its
    database and logs live there too); it belongs to the app's user and a volume keeps it."""
    settings = (
        "import path from 'path';\nimport fs from 'fs';\nconst SETTINGS_PATH = process.env.CONFIG_DIRECTORY\n"
        "  ? `${process.env.CONFIG_DIRECTORY}/settings.json`\n"
        "  : path.join(__dirname, '../../config/settings.json');\n"
        "export const save = (s) => fs.writeFileSync(SETTINGS_PATH, JSON.stringify(s));\n"
    )
    package = {"name": "ov", "scripts": {"start": "node server/index.js"}, "dependencies": {"express": "^4"}}
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "server/index.js": "require('./lib/settings.js');\nrequire('express')().listen(5055);\n",
            "server/lib/settings.js": settings,
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert re.search(r"chown -R node:node [^\n]*/app/config\b", files["Dockerfile"])
    assert ":/app/config" in files.get("run.sh", "") + files.get("compose.yaml", "")


def test_a_python_apps_asset_install_downloads_no_test_browser(tmp_path: Path) -> None:
    """hedy: a Flask app whose package.json builds its assets and lists Cypress for its tests;
    the assets stage's `npm ci` stopped while Cypress downloaded its binary. The stage tells
    Cypress and Puppeteer to download nothing."""
    package = {
        "name": "hedy",
        "scripts": {"build": "tailwindcss -o static/css/app.css"},
        "devDependencies": {"tailwindcss": "^3", "cypress": "^13.17.0"},
    }
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1\ngunicorn\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "package.json": json.dumps(package),
            "package-lock.json": '{"lockfileVersion": 3}',
            "static/css/.keep": "",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "AS assets" in dockerfile, dockerfile[:400]
    stage = dockerfile.split("AS assets", 1)[1].split("\nFROM ", 1)[0]
    assert "CYPRESS_INSTALL_BINARY=0" in stage
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_config_volume_the_projects_image_declares_is_the_apps_data(tmp_path: Path) -> None:
    """Tautulli: its Dockerfile makes /config, declares `VOLUME /config` and runs
    `Tautulli.py --datadir /config`; advisor kept the command, and the app exited with "Could
    not create data directory: /config". /config belongs to the app's user and a volume keeps it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "cherrypy==18.10.0\n",
            "Tautulli.py": "import sys\nif __name__ == '__main__':\n    print(sys.argv)\n",
            "Dockerfile": (
                "FROM python:3.11-slim\nWORKDIR /app\nCOPY . /app\n"
                "RUN mkdir /config && touch /config/DOCKER\n"
                'VOLUME /config\nEXPOSE 8181\nCMD ["python", "Tautulli.py", "--datadir", "/config"]\n'
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert re.search(r'chown -R "\$\{UID\}:\$\{UID\}" [^\n]*/config\b', files["Dockerfile"])
    assert ":/config" in files.get("run.sh", "") + files.get("compose.yaml", "")


def test_a_ternarys_test_variable_is_no_database_name(tmp_path: Path) -> None:
    """jellyseerr: `database: process.env.CONFIG_DIRECTORY ? `${...}/db/db.sqlite3` : ...`: the
    variable is the test, a folder, not the database's name (advisor gave it POSTGRES_DB)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "js",
                    "scripts": {"start": "node ds.js"},
                    "dependencies": {"typeorm": "^0.3", "pg": "^8"},
                }
            ),
            "package-lock.json": "{}",
            "ds.js": (
                "const { DataSource } = require('typeorm');\n"
                "module.exports = new DataSource({\n  type: 'postgres',\n"
                "  host: process.env.DB_HOST,\n  database: process.env.CONFIG_DIRECTORY\n"
                "    ? `${process.env.CONFIG_DIRECTORY}/db/db.sqlite3`\n    : 'config/db/db.sqlite3',\n});\n"
            ),
        },
    )
    roles = {v.name: v.role for v in inspect_project(tmp_path).apps[0].env_vars}
    assert roles["CONFIG_DIRECTORY"] == "other"


def test_a_psycopg2_pin_that_does_not_build_on_newer_pythons_holds_the_line(tmp_path: Path) -> None:
    """Nitrate: `psycopg2==2.9.9` (no wheels: it compiles on install) failed to build on the
    newest Python; 2.9.10 is the first that builds on 3.13. The image stays on 3.12."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.8\npsycopg2==2.9.9\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tcms.settings')\n",
            "tcms/__init__.py": "",
            "tcms/settings.py": "SECRET_KEY = 'x'\n",
            "tcms/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.runtime_version == "3.12"


def test_the_node_line_the_projects_own_image_runs_on_is_taken_when_nothing_else_says(tmp_path: Path) -> None:
    """trilium: no engines, no .nvmrc; its Dockerfile is `FROM node:18.18.2-alpine`, and its
    pinned better-sqlite3 8.4 does not compile on Node 24 ("C++20 or later required"). Node 18,
    the line the project runs on (the report says it is past its end of life)."""
    package = {
        "name": "trilium",
        "scripts": {"start": "node src/www"},
        "dependencies": {"better-sqlite3": "8.4.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": "{}",
            "src/www": "require('http').createServer().listen(8080);\n",
            "Dockerfile": "FROM node:18.18.2-alpine\nWORKDIR /usr/src/app\nCOPY . .\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.runtime_version == "18"
    write_tree(tmp_path, {"package.json": json.dumps({**package, "engines": {"node": ">=20"}})})
    assert advise({"host_os": "linux"}, folder=tmp_path).answers.runtime_version != "18"  # engines win


def test_third_party_code_kept_in_the_tree_requires_nothing(tmp_path: Path) -> None:
    """Tautulli keeps its dependencies in lib/ (cherrypy, click, typer): click's shell
    completion reads os.environ["COMP_WORDS"], cherrypy's WSGI code LOGON_USER. None is a
    variable the app needs; the report told the person to set them. A vendor/ folder likewise."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "cherrypy\n",
            "Tautulli.py": "import os\nKEY = os.environ['TAUTULLI_KEY']\n",
            "lib/certifi/__init__.py": "",
            "lib/click/shell_completion.py": "import os\nWORDS = os.environ['COMP_WORDS']\n",
            "vendor/thing/__init__.py": "import os\nX = os.environ['VENDOR_THING']\n",
        },
    )
    required = {v.name for v in inspect_project(tmp_path).apps[0].env_vars if v.required}
    assert required == {"TAUTULLI_KEY"}
