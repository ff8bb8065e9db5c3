"""Layouts found in stop 49 (the m73 round's project failures and the m74 round): each test
holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_WSGI = "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"

# youtube-dl-server's layout: a Starlette app at the top serving ydl_server/static, which its
# own image fills from a Vue front end in front/ built in a Node stage; its final stage is a
# global ARG's stage, built on a base stage that has the WORKDIR and the VOLUMEs.
_PROJECT_DOCKERFILE = """\
ARG FLAVOUR=full
FROM --platform=$BUILDPLATFORM node:22-alpine AS nodebuild
WORKDIR /app
COPY ./front/package*.json /app
RUN npm ci
COPY ./front /app
RUN npm run build

FROM python:alpine AS base
ARG BUILD_VERSION
ENV BUILD_VERSION=$BUILD_VERSION
WORKDIR /usr/src/app
VOLUME "/downloads-here"
VOLUME "/app_config"

FROM base AS full
RUN echo full

FROM ${FLAVOUR}
COPY ./config.yml /usr/src/app/default_config.yml
COPY ./server /usr/src/app/server
COPY ./main.py /usr/src/app/
COPY --from=nodebuild /app/dist /usr/src/app/server/static
ENV FLAVOUR=$FLAVOUR
ENV SERVER_CONFIG_PATH='/app_config'
CMD [ "python", "-u", "./main.py" ]
"""


def _youtube_dl_like(root: Path) -> None:
    write_tree(
        root,
        {
            "Dockerfile": _PROJECT_DOCKERFILE,
            "requirements.txt": "starlette==0.46.2\nuvicorn==0.34.2\npyyaml==6.0.2\n",
            "config.yml": "server:\n  port: 8080\n  host: 0.0.0.0\n",
            "main.py": (
                "import uvicorn\nfrom server.routes import app\nuvicorn.run(app, host='0.0.0.0', port=8080)\n"
            ),
            "server/__init__.py": "",
            "server/routes.py": (
                "import os\nfrom pathlib import Path\n"
                "from starlette.applications import Starlette\n"
                "from starlette.staticfiles import StaticFiles\n"
                "CONFIG = os.environ.get('SERVER_CONFIG_PATH', os.getcwd())\n"
                "static = StaticFiles(directory=str(Path(__file__).parent / 'static'), html=True)\n"
                "app = Starlette()\n"
                "def flavour():\n    return os.environ.get('FLAVOUR').replace('-', '_')\n"
                "VERSION = os.environ.get('BUILD_VERSION')\n"
            ),
            "front/package.json": json.dumps(
                {"name": "front", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6.4.6"}}
            ),
            "front/package-lock.json": json.dumps({"name": "front", "lockfileVersion": 3, "packages": {}}),
            "front/index.html": "<div id=app></div>\n",
            "front/vite.config.js": "export default { base: '' };\n",
        },
    )


def test_the_front_end_the_projects_image_builds_into_the_app_is_built_there(tmp_path: Path) -> None:
    """The project's image builds front/ and copies its dist/ to server/static, which the app
    serves and the repository lacks (Starlette's StaticFiles stops the app at import without
    it): advisor's assets stage builds it and moves it there."""
    _youtube_dl_like(tmp_path)
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.static_packages is not None
    pkg = app.static_packages
    assert (pkg.folder, pkg.build, pkg.output, pkg.target) == (
        "front",
        "build",
        "front/dist",
        "server/static",
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "FROM node:24-slim AS assets\nWORKDIR /app/front\n" in dockerfile
    assert (
        "    && npm run build \\\n    && mkdir -p /app/server/static \\\n"
        "    && cp -R /app/front/dist/. /app/server/static/ \\\n    && rm -rf /app/front/dist \\\n"
    ) in dockerfile
    assert "COPY --from=assets /built/app/ ./\n" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    report = advise({"host_os": "linux"}, folder=tmp_path).report("en")
    assert "puts what it writes, `front/dist/`, in `server/static/`" in report


def test_the_volumes_and_files_of_the_stage_the_final_one_is_built_from_count(tmp_path: Path) -> None:
    """`FROM ${FLAVOUR}` (a global ARG's default, full) on `FROM base AS full`: base's quoted
    VOLUMEs are the app's data folders (top-level folders of its own get a volume), and the
    final stage's `COPY ./config.yml /usr/src/app/default_config.yml` lands under base's WORKDIR:
    advisor's image makes the same copy."""
    _youtube_dl_like(tmp_path)
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    dockerfile, run = files["Dockerfile"], files["run.sh"]
    assert (
        "RUN mkdir -p /app_config /downloads-here \\\n"
        '    && chown -R "${UID}:${UID}" /app_config /downloads-here\n' in (dockerfile)
    )
    assert '--volume "$name-app-data:/app_config"' in run and ':/downloads-here" \\' in run
    assert "RUN cp -n config.yml default_config.yml\n" in dockerfile


def test_the_projects_image_values_reach_the_variables_the_app_reads(tmp_path: Path) -> None:
    """`ENV SERVER_CONFIG_PATH='/app_config'` (a quoted VOLUME folder) and `ENV FLAVOUR=$FLAVOUR`,
    a global ARG the stage does not declare again, so empty in the project's image: the app
    reads it with `.replace` at once and fails on no value at all. Both reach .env as the
    image gives them; BUILD_VERSION (an ARG with no default) comes empty too."""
    _youtube_dl_like(tmp_path)
    env = advise({"host_os": "linux"}, folder=tmp_path).files("en")[".env"]
    lines = [line for line in env.splitlines() if line and not line.startswith("#")]
    assert "SERVER_CONFIG_PATH=/app_config" in lines
    assert "FLAVOUR=" in lines


def test_a_python_images_context_leaves_out_installed_node_modules(tmp_path: Path) -> None:
    """front/node_modules as `npm install` left it on the developer's machine (esbuild's binary
    for that OS) went into the assets stage's copy of the project and over its own install."""
    _youtube_dl_like(tmp_path)
    ignore = advise({"host_os": "linux"}, folder=tmp_path).files("en")[".dockerignore"]
    assert "\n**/node_modules\n" in ignore


def test_a_console_scripts_server_that_listens_on_loopback_by_default_listens_everywhere(
    tmp_path: Path,
) -> None:
    """datasette: the project's image runs `CMD ["datasette"]`, its click group's default
    command `serve`, whose `-h/--host` defaults to 127.0.0.1: nothing outside the container
    reached it. The command names `serve` and `--host 0.0.0.0` (its --port default is the
    app's port already, so no --port)."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "tables"\nversion = "1.0"\n'
                'dependencies = ["click>=8", "click-default-group>=1.2", "uvicorn>=0.30"]\n'
                '[project.scripts]\ntables = "tables.cli:cli"\n'
            ),
            "tables/__init__.py": "",
            "tables/cli.py": (
                "import click\nfrom click_default_group import DefaultGroup\n\n\n"
                '@click.group(cls=DefaultGroup, default="serve", default_if_no_args=True)\n'
                "def cli():\n    pass\n\n\n"
                "@cli.command()\n@click.argument('files', nargs=-1)\n"
                '@click.option(\n    "-h",\n    "--host",\n    default="127.0.0.1",\n    help="Host",\n)\n'
                '@click.option("-p", "--port", default=8001, type=int)\n'
                "def serve(files, host, port):\n    import uvicorn\n"
                "    uvicorn.run('tables.app:app', host=host, port=port)\n"
            ),
            "Dockerfile": 'FROM python:3.12-slim\nRUN pip install tables\nEXPOSE 8001\nCMD ["tables"]\n',
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.start is not None
    assert app.start.argv == ("tables", "serve", "--host", "0.0.0.0")
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert 'CMD ["tables", "serve", "--host", "0.0.0.0"]' in dockerfile


def test_the_workspace_member_the_roots_start_script_runs_through_a_shell_script_is_the_app(
    tmp_path: Path,
) -> None:
    """self-hosted-calendar: a pnpm workspace whose root `"start": "bash ./scripts/start.bash"`
    runs `node ./packages/server/dist/main.js`. Every library member has a `main` its build
    writes, and one of them was taken for the app (it ranked before the server's plain `main`).
    The server is the app, started as the script starts it."""
    member = {"name": "@internal/{}", "version": "1.0.0", "main": "index.js", "scripts": {"build": "tsc"}}
    tree = {
        "package.json": json.dumps(
            {"name": "root", "private": True, "scripts": {"start": "bash ./scripts/start.bash"}}
        ),
        "pnpm-workspace.yaml": "packages:\n  - 'packages/**'\n",
        "pnpm-lock.yaml": "lockfileVersion: '6.0'\n",
        "scripts/start.bash": "node ./packages/server/dist/main.js",
    }
    for name in ("common", "server"):
        data = json.loads(json.dumps(member).replace("{}", name))
        if name == "server":
            data["dependencies"] = {"express": "^4.18.2", "@internal/common": "workspace:^1.0.0"}
        tree[f"packages/{name}/package.json"] = json.dumps(data)
        tree[f"packages/{name}/tsconfig.json"] = json.dumps({"compilerOptions": {"outDir": "./dist"}})
    tree["packages/common/src/index.ts"] = "export const x = 1;\n"
    tree["packages/server/src/main.ts"] = (
        "import express from 'express';\nconst app = express();\n"
        "app.listen(Number(process.env.BACKEND_PORT ?? 4500), '0.0.0.0');\n"
    )
    write_tree(tmp_path, tree)
    first = inspect_project(tmp_path).apps[0]
    assert first.path == "packages/server"
    assert first.start is not None and first.start.argv == ("node", "dist/main.js")


def test_a_non_null_read_two_tabs_into_a_handler_is_not_required(tmp_path: Path) -> None:
    """`parseInt(process.env.MINIMUM_USERNAME_LENGTH!)` inside a request handler's `if(`, in a
    file indented with tabs: two tabs counted as two spaces, a top-level object's property, so
    compose.yaml refused to start until it was set."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "srv", "main": "index.js", "dependencies": {"express": "^4.18.2"}}
            ),
            "package-lock.json": json.dumps({"name": "srv", "lockfileVersion": 3, "packages": {}}),
            "index.js": (
                "const express = require('express');\nconst app = express();\n"
                "app.post('/login', (req, res) => {\n"
                "\tif(\n\t\treq.body.name.length < parseInt(process.env.MINIMUM_LENGTH!)\n\t) {\n"
                "\t\treturn res.status(400).end();\n\t}\n});\n"
                "app.listen(3000, '0.0.0.0');\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None
    read = {v.name: v.required for v in app.env_vars}
    assert read.get("MINIMUM_LENGTH") is False


def _norish_like(root: Path) -> None:
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "recipes",
                    "scripts": {
                        "build": "tsc",
                        "migrate": "drizzle-kit push --config ./server/db/drizzle.config.ts",
                        "start": "node dist/server.js",
                    },
                    "dependencies": {"drizzle-orm": "^0.44.0", "pg": "^8.16.0", "express": "^5.1.0"},
                    "devDependencies": {"drizzle-kit": "^0.31.0", "typescript": "^5.8.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "recipes", "lockfileVersion": 3, "packages": {}}),
            "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "."}}),
            "server.ts": (
                'import express from "express";\n'
                'import { runMigrations } from "./server/startup/migrations";\n'
                "const app = express();\nawait runMigrations();\n"
                "app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '0.0.0.0');\n"
                "const dir = process.env.RECIPES_DISK_DIR;\n"
            ),
            "server/db/drizzle.config.ts": (
                'export default { schema: "./server/db/schema.ts",\n'
                "  dbCredentials: { url: process.env.DATABASE_URL! } };\n"
            ),
            "server/startup/migrations.ts": (
                'import { migrate } from "drizzle-orm/node-postgres/migrator";\nimport { db } from "../db";\n'
                "export async function runMigrations(): Promise<void> {\n"
                '  await migrate(db, { migrationsFolder: "./server/db/migrations" });\n}\n'
            ),
            "server/db/index.ts": (
                'import { drizzle } from "drizzle-orm/node-postgres";\n'
                "export const db = drizzle(process.env.DATABASE_URL!);\n"
            ),
            "docker/Dockerfile": (
                "FROM node:24-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
                "FROM node:24-alpine AS runtime\nWORKDIR /app\n"
                "ENV NODE_ENV=production \\\n    TELEMETRY_DISABLED=1 \\\n    PORT=3000\n"
                'COPY --from=build /app/dist ./dist\nVOLUME ["/app/uploads"]\n'
                'CMD ["node", "dist/server.js"]\n'
            ),
        },
    )


def test_an_app_that_runs_drizzles_migrator_as_it_starts_gets_no_push_before_it(tmp_path: Path) -> None:
    """norish: `"migrate": "drizzle-kit push …"` was the release step, and its server awaits
    drizzle-orm's migrate() (server/startup/migrations.ts) as it starts: the push made the
    tables without the migrations' journal, and the server's migrations then failed on them."""
    _norish_like(tmp_path)
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.release is None
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert "\n  migrate:\n" not in files["compose.yaml"]


def test_a_dockerfile_in_docker_that_builds_from_the_top_is_the_projects_image(tmp_path: Path) -> None:
    """norish keeps its image in docker/Dockerfile (`docker build -f docker/Dockerfile .`):
    its `VOLUME ["/app/uploads"]` is the app's data folder, which its user could not write.
    Its ENV words (TELEMETRY_DISABLED=1) are no folders."""
    _norish_like(tmp_path)
    app = inspect_project(tmp_path).app(".")
    assert app is not None
    paths = {(w.path, w.source) for w in app.writable_paths}
    assert ("uploads", "docker/Dockerfile") in paths
    assert not any(p in ("1", "0") for p, _ in paths), paths
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert "app-data:/app/uploads" in files["compose.yaml"]


def test_a_loguru_file_sink_in_the_working_folder_makes_it_the_apps(tmp_path: Path) -> None:
    """fastapi-base: `logger.add(\\n    "log.log", rotation="5 MB")` writes into /app, which the
    unprivileged user could not: PermissionError, the app exited as it started."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.12\nuvicorn==0.34.2\nloguru==0.7.3\n",
            "app/__init__.py": "",
            "app/main.py": (
                "from fastapi import FastAPI\nfrom loguru import logger\nimport sys\n"
                "logger.add(sys.stdout)\nlogger.add(\n    'log.log',\n    rotation='5 MB',\n)\n"
                "app = FastAPI()\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert 'RUN chown "${UID}:${UID}" /app\n' in dockerfile


def test_a_database_endpoint_variable_is_the_databases_host(tmp_path: Path) -> None:
    """mentorship-backend builds `{db_type}://{db_user}:{db_password}@{db_endpoint}/{db_name}`
    from DB_ENDPOINT and four more: advisor gave the other four and left DB_ENDPOINT unset, and
    the app tried the host "None"."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.1.0\nflask-sqlalchemy==3.1.1\npsycopg2-binary==2.9.10\n",
            "config.py": (
                "import os\nDB_TYPE = os.getenv('DB_TYPE')\nDB_USERNAME = os.getenv('DB_USERNAME')\n"
                "DB_PASSWORD = os.getenv('DB_PASSWORD')\nDB_ENDPOINT = os.getenv('DB_ENDPOINT')\n"
                "DB_NAME = os.getenv('DB_NAME')\n"
                "URI = f'{DB_TYPE}://{DB_USERNAME}:{DB_PASSWORD}@{DB_ENDPOINT}/{DB_NAME}'\n"
            ),
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "      DB_ENDPOINT: db\n" in compose


def test_modules_node_preloads_for_the_start_stay_in_the_image(tmp_path: Path) -> None:
    """express-sequelize-ts starts with `node -r ts-node/register/transpile-only -r
    tsconfig-paths/register dist/server.js`: both are dev dependencies, which the image
    pruned (`Cannot find module 'ts-node/register/transpile-only'`)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {
                        "build": "tsc",
                        "start": "node -r ts-node/register/transpile-only -r tsconfig-paths/register "
                        "dist/server.js",
                    },
                    "dependencies": {"express": "^4.21.2"},
                    "devDependencies": {
                        "ts-node": "^10.9.2",
                        "tsconfig-paths": "^4.2.0",
                        "typescript": "^5.8.3",
                    },
                }
            ),
            "package-lock.json": json.dumps({"name": "api", "lockfileVersion": 3, "packages": {}}),
            "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}}),
            "src/server.ts": "import express from 'express';\nexpress().listen(3000, '0.0.0.0');\n",
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.start_tools == ("ts-node", "tsconfig-paths")
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "npm prune" not in dockerfile and "--omit=dev" not in dockerfile


def test_an_sqlite_file_the_app_makes_in_its_working_folder_makes_it_the_apps(tmp_path: Path) -> None:
    """express-sequelize-ts keeps its database at path.join(process.cwd(), `${env}.sqlite`):
    /app was root's, and SQLite could not create the file (SQLITE_CANTOPEN)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "main": "server.js",
                    "dependencies": {"express": "^4.21.2", "sqlite3": "^5.1.7"},
                }
            ),
            "package-lock.json": json.dumps({"name": "api", "lockfileVersion": 3, "packages": {}}),
            "server.js": (
                "const path = require('path');\nconst express = require('express');\n"
                "const file = path.join(process.cwd(), `${process.env.NODE_ENV}.sqlite`);\n"
                "express().listen(3000, '0.0.0.0');\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "RUN chown node:node /app\n" in dockerfile


def test_the_node_line_a_projects_image_installs_itself_is_the_apps(tmp_path: Path) -> None:
    """my-express installs Node with nvm on ubuntu (`ENV NODE_VERSION 18.17.0`): advisor took
    Node 24, on which its locked better-sqlite3 has no prebuilt binary and does not compile."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node src/index.js"},
                    "dependencies": {"express": "^4.18.2"},
                }
            ),
            "package-lock.json": json.dumps({"name": "api", "lockfileVersion": 3, "packages": {}}),
            "src/index.js": "require('express')().listen(3000, '0.0.0.0');\n",
            "Dockerfile": (
                "FROM ubuntu:22.04\nENV NVM_DIR /home/node/.nvm\nENV NODE_VERSION 18.17.0\n"
                "RUN curl -sL https://example.org/install.sh | bash\nCOPY . /app\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.runtime is not None
    assert (app.runtime.image_tag, app.runtime.source, app.runtime.detail) == (
        "18",
        "Dockerfile",
        "ENV NODE_VERSION",
    )


def test_a_native_module_deep_in_the_lockfile_with_no_prebuilt_binary_gets_the_compiler(
    tmp_path: Path,
) -> None:
    """cusdis depends on xml2json, which pulls node-expat: a node-gyp module that ships no
    prebuilt binary, so the install compiles it and failed with no python3, make or g++."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "c", "scripts": {"start": "node index.js"}, "dependencies": {"xml2json": "^0.12.0"}}
            ),
            "package-lock.json": json.dumps(
                {
                    "name": "c",
                    "lockfileVersion": 3,
                    "packages": {
                        "": {"dependencies": {"xml2json": "^0.12.0"}},
                        "node_modules/xml2json": {
                            "version": "0.12.0",
                            "dependencies": {"node-expat": "^2.3.18"},
                        },
                        "node_modules/node-expat": {"version": "2.4.1", "hasInstallScript": True},
                    },
                }
            ),
            "index.js": "require('http').createServer(() => {}).listen(3000, '0.0.0.0');\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.needs_compiler


def test_a_listen_address_the_code_defaults_to_loopback_listens_everywhere(tmp_path: Path) -> None:
    """fastify-postgresql-hello-world: `const { SERVER_HOST = "localhost", ... } = process.env`,
    then `fastify.listen({ host: SERVER_HOST })`; nothing else gives it, so the server listened
    on the container's loopback and the published port never answered."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "hello",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"fastify": "^4.28.1"},
                }
            ),
            "package-lock.json": json.dumps({"name": "hello", "lockfileVersion": 3, "packages": {}}),
            "server.js": (
                'const fastify = require("fastify")();\n'
                'const {\n  SERVER_HOST = "localhost",\n  SERVER_PORT = "3000",\n} = process.env;\n'
                "fastify.listen({ host: SERVER_HOST, port: Number(SERVER_PORT) });\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None
    assert {v.name: v.default for v in app.env_vars}.get("SERVER_HOST") == "localhost"
    run = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "SERVER_HOST=0.0.0.0" in run[".env"] or "SERVER_HOST: 0.0.0.0" in run.get("compose.yaml", "")


def test_a_host_list_the_settings_split_on_spaces_is_written_with_spaces(tmp_path: Path) -> None:
    """company_test_task (and the Dockerizing-Django tutorial it follows): `ALLOWED_HOSTS =
    os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")`. `localhost,127.0.0.1` was one host
    name, and Django answered every request with 400."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django==4.2.17\ngunicorn==23.0.0\n",
            "manage.py": (
                "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
                "from django.core.management import execute_from_command_line\n"
                "execute_from_command_line(sys.argv)\n"
            ),
            "config/__init__.py": "",
            "config/wsgi.py": _WSGI,
            "config/settings.py": (
                "import os\nSECRET_KEY = os.environ.get('SECRET_KEY')\n"
                "DEBUG = int(os.environ.get('DEBUG', default=0))\n"
                'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS").split(" ")\n'
                "ROOT_URLCONF = 'config.urls'\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n"
            ),
            "config/urls.py": "urlpatterns = []\n",
        },
    )
    env = advise({"host_os": "linux"}, folder=tmp_path).files("en")[".env"]
    assert "\nDJANGO_ALLOWED_HOSTS=localhost 127.0.0.1" in env


def test_a_migration_script_naming_a_settings_file_the_repository_lacks_is_no_release_step(
    tmp_path: Path,
) -> None:
    """Piggy-Kolo: `"typeorm:run-migrations": "npm run typeorm migration:run -- -d
    ./typeOrm.config.ts"`, and the repository has no typeOrm.config.ts (nor migrations; its
    TypeORM synchronizes): the migrate service failed, and the app never started."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "piggy",
                    "scripts": {
                        "build": "nest build",
                        "start:prod": "node dist/main",
                        "typeorm": "ts-node ./node_modules/typeorm/cli",
                        "typeorm:run-migrations": "npm run typeorm migration:run -- -d ./typeOrm.config.ts",
                    },
                    "dependencies": {"@nestjs/core": "^9.0.0", "typeorm": "^0.3.16", "pg": "^8.11.0"},
                    "devDependencies": {"ts-node": "^10.9.1", "@nestjs/cli": "^9.0.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "piggy", "lockfileVersion": 3, "packages": {}}),
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
            "src/orm.config.ts": (
                "export const config = {\n  type: 'postgres',\n"
                "  host: process.env.POSTGRES_HOST,\n  synchronize: true,\n};\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.release is None
    (tmp_path / "typeOrm.config.ts").write_text("export default {};\n")
    app = inspect_project(tmp_path).app(".")
    assert app is not None and app.release is not None  # with the file, the script is the step


def test_a_requests_cache_file_in_the_working_folder_makes_it_the_apps(tmp_path: Path) -> None:
    """lkd_site_flask: `requests_cache.CachedSession('.cache')` makes `.cache.sqlite` in the
    working folder, /app, which its user could not write."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.1.0\nrequests-cache==1.2.1\n",
            "app.py": (
                "import requests_cache\nfrom flask import Flask\n"
                "session = requests_cache.CachedSession('.cache')\napp = Flask(__name__)\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert 'RUN chown "${UID}:${UID}" /app\n' in dockerfile


def test_the_variables_a_django_databases_entry_reads_by_key_are_its_connection(tmp_path: Path) -> None:
    """Fur-Ever-Friends: `'HOST': env('NEON_HOST')`, `'USER': env('NEON_USER')`… in DATABASES.
    Named for a hosting service, none was taken for the database's: each stayed required with
    nothing to give it, and compose refused to start."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django==4.2.17\ndjango-environ==0.11.2\npsycopg2-binary==2.9.10\n",
            "manage.py": (
                "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n"
                "from django.core.management import execute_from_command_line\n"
                "execute_from_command_line(sys.argv)\n"
            ),
            "site1/__init__.py": "",
            "site1/wsgi.py": _WSGI,
            "site1/settings.py": (
                "import environ\nenv = environ.Env()\nSECRET_KEY = 'x'\nDATABASES = {\n    'default': {\n"
                "        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'pets',\n"
                "        'USER': env('NEON_USER'),\n        'PASSWORD': env('NEON_PASSWORD'),\n"
                "        'HOST': env('NEON_HOST'),\n        'PORT': env('NEON_PORT'),\n    }\n}\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["NEON_HOST"] == "database_host" and roles["NEON_USER"] == "database_user"
    assert roles["NEON_PASSWORD"] == "database_password" and roles["NEON_PORT"] == "database_port"
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "      NEON_HOST: db\n" in compose and "NEON_USER: ${POSTGRES_USER" in compose


def test_the_requirements_file_the_projects_image_installs_over_the_one_it_includes(tmp_path: Path) -> None:
    """carpadi-api: requirements/prod.txt, and dev.txt (`-r prod.txt` and more), which its
    Dockerfile installs and its shared settings need (firebase_admin): advisor installed
    prod.txt, and collectstatic stopped at the missing module."""
    write_tree(
        tmp_path,
        {
            "requirements/prod.txt": "Django==4.2.17\ngunicorn==23.0.0\n",
            "requirements/dev.txt": "-r prod.txt\nfirebase-admin==6.5.0\n",
            "Dockerfile": (
                "FROM python:3.11\nWORKDIR /app\nCOPY ./requirements/ ./requirements\n"
                "RUN pip install -r ./requirements/dev.txt\nCOPY . .\n"
            ),
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'api.settings')\n",
            "api/__init__.py": "",
            "api/settings.py": "import firebase_admin\nSECRET_KEY = 'x'\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "pip install -r requirements/dev.txt\n" in dockerfile


def test_a_vite_out_dir_resolved_from_the_folder_vite_runs_in_counts(tmp_path: Path) -> None:
    """codex: `outDir: path.resolve("../codex/static_build")`, with no __dirname: resolved
    from the front end's folder, where vite runs, so it writes into the app's package."""
    write_tree(
        tmp_path,
        {
            "backend/requirements.txt": "flask==3.1.0\n",
            "backend/app.py": "from flask import Flask\napp = Flask(__name__, static_folder='static')\n",
            "frontend/package.json": json.dumps(
                {"name": "fe", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6.4.6"}}
            ),
            "frontend/package-lock.json": json.dumps({"name": "fe", "lockfileVersion": 3, "packages": {}}),
            "frontend/vite.config.js": (
                'import path from "path";\n'
                'export default { build: { outDir: path.resolve("../backend/static") } };\n'
            ),
        },
    )
    app = inspect_project(tmp_path).app("backend")
    assert app is not None and app.static_packages is not None
    assert app.static_packages.folder == "../frontend"


def test_a_database_url_variable_the_code_hands_over_as_the_host_gets_the_host(tmp_path: Path) -> None:
    """online-coding-server (m75): `new Sequelize(db, user, password, { host:
    process.env.DATABASE_URL, dialect: "postgres" })`. advisor gave DATABASE_URL the whole URL,
    and the app looked up the host `postgresql://app:…@db:5432/…` (with its password in the log)."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "ocs", "main": "index.js", "dependencies": {"sequelize": "^6.37.0", "pg": "^8.11.0"}}
            ),
            "package-lock.json": json.dumps({"name": "ocs", "lockfileVersion": 3, "packages": {}}),
            "config/database.js": (
                'const Sequelize = require("sequelize");\nmodule.exports = new Sequelize(\n'
                "  process.env.POSTGRES_DB,\n  process.env.POSTGRES_USER,\n  process.env.POSTGRES_PASSWORD,\n"
                "  {\n    host: process.env.DATABASE_URL,\n    port: process.env.DATABASE_PORT,\n"
                '    dialect: "postgres",\n  }\n);\n'
            ),
            "index.js": (
                "require('./config/database');\nrequire('http').createServer().listen(3000, '0.0.0.0');\n"
            ),
        },
    )
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "      DATABASE_URL: db\n" in compose and "      DATABASE_PORT: '5432'\n" in compose


def test_a_database_name_written_beside_a_containers_host_name_is_the_one_created(tmp_path: Path) -> None:
    """staycation-reservation-api (m75): TypeORM's `host: 'db'` (its compose service) and
    `database: 'mydatabase'` written out, the user and password from the environment: the db
    container made another database, and the app's connection failed."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "stay",
                    "scripts": {"build": "nest build", "start:prod": "node dist/main"},
                    "dependencies": {"@nestjs/typeorm": "^10.0.0", "typeorm": "^0.3.20", "pg": "^8.11.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "stay", "lockfileVersion": 3, "packages": {}}),
            "db/typeorm.ts": (
                "export default TypeOrmModule.forRoot({\n  type: 'postgres',\n  host: 'db',\n  port: 5432,\n"
                "  username: process.env.POSTGRES_USER,\n  password: process.env.POSTGRES_PASSWORD,\n"
                "  database: 'mydatabase',\n  synchronize: true,\n});\n"
            ),
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
        },
    )
    env = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[".env"]
    assert "\nPOSTGRES_DB=mydatabase\n" in env


def test_a_sibling_settings_module_on_the_same_base_that_reads_the_database_runs(tmp_path: Path) -> None:
    """almox-python (m75): manage.py defaults to settings.development (SQLite, written out);
    staging.py and production.py take all of base.py, like it, and read the server's variables
    (STAGE_DB_*, PROD_DB_*). advisor wired those and ran development, which never read them."""
    db = (
        "import os\nfrom .base import *\n"
        "DATABASES = {{'default': {{'ENGINE': 'django.db.backends.postgresql',"
        " 'NAME': os.getenv('{p}_DB_NAME'), 'USER': os.getenv('{p}_DB_USER'),"
        " 'PASSWORD': os.getenv('{p}_DB_PASSWORD'), 'HOST': os.getenv('{p}_DB_HOST')}}}}\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django==4.2.17\npsycopg2-binary==2.9.10\n",
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'almox.settings.development')\n"
            ),
            "almox/__init__.py": "",
            "almox/settings/__init__.py": "",
            "almox/settings/base.py": "SECRET_KEY = 'x'\nROOT_URLCONF = 'almox.urls'\n",
            "almox/settings/development.py": (
                "from .base import *\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',"
                " 'NAME': 'db.sqlite3'}}\n"
            ),
            "almox/settings/staging.py": db.format(p="STAGE"),
            "almox/settings/production.py": db.format(p="PROD"),
            "almox/urls.py": "urlpatterns = []\n",
            "almox/wsgi.py": _WSGI,
        },
    )
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[
        "compose.yaml"
    ]
    assert "      DJANGO_SETTINGS_MODULE: almox.settings.staging\n" in compose


def test_the_values_of_a_compose_service_that_runs_the_tests_are_not_the_apps(tmp_path: Path) -> None:
    """vehicle-maintenance (m75): its compose file's `tests` service builds the app's image too
    and runs `["pytest", "/app/tests"]` with TESTING: 'True', which switches main.py to an SQLite
    test database: advisor gave the app that value."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": (
                "fastapi==0.115.12\nuvicorn==0.34.2\nsqlalchemy==2.0.36\npsycopg2-binary==2.9.10\n"
            ),
            "app/__init__.py": "",
            "app/main.py": (
                "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n"
                "URL = 'sqlite:///./test.db' if os.getenv('TESTING') else os.getenv('DATABASE_URL')\n"
            ),
            "docker-compose.yml": (
                "services:\n  db:\n    image: postgres:12\n  app:\n    build: .\n"
                "    command: uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
                "    environment:\n      - DATABASE_URL=postgresql+psycopg2://user:password@db/transport_db\n"
                "  tests:\n    build: .\n    command: ['pytest', '/app/tests']\n"
                "    environment:\n      TESTING: 'True'\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app(".")
    assert app is not None and not any(s.name == "TESTING" for s in app.own_settings)


def test_a_better_sqlite3_file_resolved_from_the_working_folder_gets_its_folder(tmp_path: Path) -> None:
    """express-app (m75): `new Database(path.resolve('./database/data/database.db'))`; only a
    bare string was read, so the folder the file goes in was never made: "directory does not exist"."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "ea", "main": "index.js", "dependencies": {"better-sqlite3": "^11.0.0"}}
            ),
            "package-lock.json": json.dumps({"name": "ea", "lockfileVersion": 3, "packages": {}}),
            "database/database.js": (
                "const path = require('path');\nconst Database = require('better-sqlite3');\n"
                "const db = new Database(path.resolve('./database/data/database.db'));\n"
            ),
            "index.js": (
                "require('./database/database');\nrequire('http').createServer().listen(3000, '0.0.0.0');\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "RUN mkdir -p /app/database/data \\\n    && chown -R node:node /app/database/data\n" in dockerfile
