"""Layouts found by the m70 round of held-out projects (measured at the start of stop 46, on
advisor at 2dc7fa3), fixed in the same stop: each test holds the shape of the real project
that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _secrets_app(root: Path) -> Path:
    """Hemmelig's shape: a Fastify server whose Prisma schema keeps SQLite at `url =
    env("SECRET_DATABASE_URL")`, a variable of the app's own prefix; the committed `.env` that
    `prisma init` wrote gives it as `file:../database/hemmelig.db`, from the schema's folder."""
    return write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "secrets",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"fastify": "^4", "@prisma/client": "^4"},
                    "devDependencies": {"prisma": "^4"},
                }
            ),
            "package-lock.json": json.dumps({"name": "secrets", "lockfileVersion": 3, "packages": {}}),
            "server.js": (
                "const fastify = require('fastify')();\n"
                "fastify.listen({ port: process.env.SECRET_PORT || 3000, host: '0.0.0.0' });\n"
            ),
            "prisma/schema.prisma": (
                'generator client {\n  provider = "prisma-client-js"\n}\n\n'
                'datasource db {\n  provider = "sqlite"\n  url      = env("SECRET_DATABASE_URL")\n}\n'
            ),
            "prisma/migrations/20230101000000_init/migration.sql": "CREATE TABLE secret (id TEXT);\n",
            ".env": (
                '# This was inserted by `prisma init`:\nSECRET_DATABASE_URL="file:../database/hemmelig.db"\n'
            ),
        },
    )


def test_a_prisma_sqlite_url_in_the_committed_env_file_is_set_to_a_file_in_the_volume(tmp_path: Path) -> None:
    """advisor found the SQLite datasource but passed no SECRET_DATABASE_URL (a `.env` is the
    person's, read by name only, and the image leaves it out), so the release step and the app
    had no database. A SQLite file URL is no secret: the variable is set to a file in the data
    volume both containers mount."""
    root = _secrets_app(tmp_path / "secrets")
    files = advise({"host_os": "linux"}, folder=root).files()
    run = files["run.sh"]
    assert "SECRET_DATABASE_URL" in run.split("docker build", 1)[1]  # it reaches the containers
    assert "\nSECRET_DATABASE_URL=file:/app/data/hemmelig.db\n" in files[".env"]
    release = next(line for line in run.splitlines() if "prisma migrate deploy" in line)
    assert '--volume "$name-app-data:/app/data"' in release
    # the project's own .env, which advisor keeps, names the file from the schema's folder:
    # that place links into the volume, and SQLite's journal beside it is the app user's
    dockerfile = files["Dockerfile"]
    assert "ln -sfn /app/data/hemmelig.db database/hemmelig.db" in dockerfile
    assert "chown -R node:node /app/data /app/database" in dockerfile


def test_a_workspace_member_with_no_lockfile_anywhere_still_builds_from_the_workspace(
    tmp_path: Path,
) -> None:
    """operational.co: the root package.json lists `packages/*`, `backend` and `app` as npm
    workspaces and commits no lockfile; backend/ depends on `@ops/components`, a workspace
    package. advisor built backend/ alone and `npm install` there asked the registry for
    `@ops/components` (E404). With no lockfile the member still installs from the workspace's
    folder, where npm links the workspace's packages."""
    root = write_tree(
        tmp_path / "ops",
        {
            "package.json": json.dumps(
                {"name": "ops", "workspaces": ["packages/*", "backend", "app"], "devDependencies": {}}
            ),
            "packages/components/package.json": json.dumps({"name": "@ops/components", "main": "index.js"}),
            "packages/components/index.js": "module.exports = {};\n",
            "backend/package.json": json.dumps(
                {
                    "name": "@ops/backend",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^4", "@ops/components": "*"},
                }
            ),
            "backend/index.js": (
                "require('@ops/components');\nrequire('express')().listen(process.env.PORT || 4000);\n"
            ),
            "app/package.json": json.dumps(
                {"name": "@ops/app", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^5"}}
            ),
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.path == "backend"
    assert found.package_manager is not None and found.package_manager.workspace == "."
    advice = advise({"host_os": "linux", "database": "none"}, folder=root)
    assert advice.setup.build.context_dir in ("", ".")
    files = advice.files()
    dockerfile = files["Dockerfile"]
    assert "npm install" in dockerfile and "npm ci" not in dockerfile
    assert "WORKDIR /app/backend" in dockerfile
    run = files["run.sh"]
    assert (
        'docker build --tag "$image" .\n' in run or 'docker build --tag "$image" --file Dockerfile .' in run
    )


def test_a_served_folder_passed_to_another_module_is_the_callers_path(tmp_path: Path) -> None:
    """MyTube: backend/src/server.ts makes `frontendDist = path.join(__dirname,
    "../../frontend/dist")` and hands it to `registerStaticRoutes(app, frontendDist)`, whose
    module normalises it (`normalizeSafeAbsolutePath(frontendDist)`) and serves it, sending
    `res.sendFile("index.html", { root: safeFrontendDist })` for every other route. advisor
    read that "index.html" from the app's own folder and copied the client's build to /app;
    the served folder is the caller's, frontend/dist beside backend/."""
    root = write_tree(
        tmp_path / "tube",
        {
            "backend/package.json": json.dumps(
                {
                    "name": "tube-backend",
                    "scripts": {"start": "node dist/server.js", "build": "tsc"},
                    "dependencies": {"express": "^4"},
                    "devDependencies": {"typescript": "^5"},
                }
            ),
            "backend/package-lock.json": json.dumps({"name": "tube-backend", "lockfileVersion": 3}),
            "backend/tsconfig.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}}),
            "backend/src/server.ts": (
                "import express from 'express';\nimport path from 'path';\n"
                "import { registerStaticRoutes } from './server/staticRoutes';\n"
                "const app = express();\n"
                'const frontendDist = path.join(__dirname, "../../frontend/dist");\n'
                "registerStaticRoutes(app, frontendDist);\napp.listen(5551);\n"
            ),
            "backend/src/server/staticRoutes.ts": (
                "import express, { Express } from 'express';\n"
                "import { normalizeSafeAbsolutePath } from '../utils/paths';\n"
                "export const registerStaticRoutes = (app: Express, frontendDist: string): void => {\n"
                "  const safeFrontendDist = normalizeSafeAbsolutePath(frontendDist);\n"
                "  app.use(express.static(safeFrontendDist));\n"
                "  app.get('*', (req, res) => {\n"
                '    res.sendFile("index.html", { root: safeFrontendDist });\n'
                "  });\n};\n"
            ),
            "backend/src/utils/paths.ts": "export const normalizeSafeAbsolutePath = (p: string) => p;\n",
            "frontend/package.json": json.dumps(
                {
                    "name": "tube-frontend",
                    "scripts": {"build": "vite build"},
                    "devDependencies": {"vite": "^5"},
                }
            ),
            "frontend/package-lock.json": json.dumps({"name": "tube-frontend", "lockfileVersion": 3}),
            "frontend/index.html": "<div id=root></div>\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.path == "backend" and found.static_packages is not None
    assert (found.static_packages.output, found.static_packages.target) == ("../frontend/dist",) * 2
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    assert "COPY --from=assets /app/frontend/dist/ /frontend/dist/" in dockerfile


def test_a_migrate_script_that_takes_its_command_gives_way_to_the_one_that_runs(tmp_path: Path) -> None:
    """plumio: `migrate` runs its migration CLI bare (`tsx src/db/migrate-cli.ts`), which
    prints its usage after opening, and so creating, an empty database file; `migrate:run` is
    the same CLI with `run`. The release step is `migrate:run`."""
    root = write_tree(
        tmp_path / "notes",
        {
            "backend/package.json": json.dumps(
                {
                    "name": "notes-backend",
                    "type": "module",
                    "scripts": {
                        "build": "tsc",
                        "start": "node dist/index.js",
                        "migrate": "tsx src/db/migrate-cli.ts",
                        "migrate:status": "tsx src/db/migrate-cli.ts status",
                        "migrate:run": "tsx src/db/migrate-cli.ts run",
                    },
                    "dependencies": {"hono": "^4", "better-sqlite3": "^11"},
                    "devDependencies": {"tsx": "^4", "typescript": "^5"},
                }
            ),
            "backend/package-lock.json": json.dumps({"name": "notes-backend", "lockfileVersion": 3}),
            "backend/src/index.ts": "import { serve } from '@hono/node-server';\nserve({ port: 3001 });\n",
            "backend/src/db/migrate-cli.ts": "const command = process.argv[2];\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.release is not None
    assert found.release.argv[-1] == "migrate:run" and found.release.detail == "scripts.migrate:run"


def test_a_redis_url_the_code_adds_the_database_number_to_ends_at_the_port(tmp_path: Path) -> None:
    """bootcamp: `REDIS_URL = f'{env("REDIS_URL", default="redis://127.0.0.1:6379")}/{0}'`. The
    default ends at the port because the settings add the database number; advisor's
    `redis://redis:6379/0` became `redis://redis:6379/0/0` for the channel layer. A Redis URL
    whose default and examples all end at the port is given without a database number."""
    root = write_tree(
        tmp_path / "camp",
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
            "requirements.txt": "Django==4.2.20\ngunicorn==23.0.0\nredis==5.0.1\ndjango-environ==0.11.2\n",
            "config/__init__.py": "",
            "config/settings.py": (
                "import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY', default='dev')\n"
                "WSGI_APPLICATION = 'config.wsgi.application'\n"
                'REDIS_URL = f\'{env("REDIS_URL", default="redis://127.0.0.1:6379")}/{0}\'\n'
                "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache',"
                " 'LOCATION': REDIS_URL}}\n"
            ),
            "config/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    files = advise({"host_os": "linux", "database": "none", "cache": "redis"}, folder=root).files()
    assert "REDIS_URL: redis://redis:6379\n" in files["compose.yaml"]

    settings = root / "config" / "settings.py"
    text = settings.read_text().replace(':6379")}/{0}', ':6379/0")}')
    settings.write_text(text)
    files = advise({"host_os": "linux", "database": "none", "cache": "redis"}, folder=root).files()
    assert "REDIS_URL: redis://redis:6379/0\n" in files["compose.yaml"]


def test_a_variable_that_says_the_app_runs_in_docker_is_set_as_its_code_compares_it(
    tmp_path: Path,
) -> None:
    """OpenContracts, on cookiecutter-django's layout: config/settings/local.py reads
    `env("USE_DOCKER")` with no default (`if env("USE_DOCKER") == "yes":`), so collectstatic at
    build and the app stop on django-environ's ImproperlyConfigured. advisor listed it as a
    variable to fill in; the image sets it to the word the code compares it with."""
    root = write_tree(
        tmp_path / "contracts",
        {
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n"
            ),
            "requirements.txt": "Django==4.2.20\ngunicorn==23.0.0\ndjango-environ==0.11.2\n",
            "config/__init__.py": "",
            "config/settings/__init__.py": "",
            "config/settings/base.py": (
                "import environ\nenv = environ.Env()\nSECRET_KEY = env('DJANGO_SECRET_KEY', default='x')\n"
                "STATIC_ROOT = 'staticfiles'\nWSGI_APPLICATION = 'config.wsgi.application'\n"
            ),
            "config/settings/local.py": (
                "from .base import *  # noqa\nfrom .base import env\n"
                'if env("USE_DOCKER") == "yes":\n    INTERNAL_IPS = ["10.0.2.2"]\n'
            ),
            "config/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    files = advise({"host_os": "linux", "database": "none"}, folder=root).files()
    dockerfile = files["Dockerfile"]
    assert "USE_DOCKER=yes" in dockerfile
    assert dockerfile.index("USE_DOCKER=yes") < dockerfile.index("collectstatic")
    assert "USE_DOCKER" not in files[".env.example"]  # not one for the person to fill in


def test_a_folder_variable_with_an_absolute_default_the_code_writes_into_is_the_app_users(
    tmp_path: Path,
) -> None:
    """LibrePhotos: `BASE_LOGS = os.environ.get("BASE_LOGS", "/logs/")`, then its log file and
    its secret key `os.path.join(BASE_LOGS, "secret.key")`, opened as the settings load; the
    image made no /logs, so migrate and the server stopped on a missing folder."""
    root = write_tree(
        tmp_path / "photos",
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'photos.settings')\n",
            "requirements.txt": "Django==4.2.20\ngunicorn==23.0.0\n",
            "photos/__init__.py": "",
            "photos/settings.py": (
                "import os\nBASE_LOGS = os.environ.get('BASE_LOGS', '/logs/')\n"
                "SECRET_KEY_FILENAME = os.path.join(BASE_LOGS, 'secret.key')\n"
                "WSGI_APPLICATION = 'photos.wsgi.application'\n"
            ),
            "photos/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and any(w.path == "/logs" for w in found.writable_paths)
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    made = next(
        line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p") and "/logs" in line
    )
    assert "/logs" in made


def test_a_file_the_compiled_code_reads_from_its_own_folder_is_copied_beside_it(tmp_path: Path) -> None:
    """plumio: src/db/index.ts reads `fs.readFileSync(path.join(__dirname, "schema.sql"))`,
    built by `tsc` into dist/db/index.js, but tsc copies no .sql file, so the app found no
    schema; the project's own image copies it to dist/db/. So does advisor's build, after tsc;
    a module's .js sibling, or a file the repository lacks, is not copied."""
    root = write_tree(
        tmp_path / "notes",
        {
            "package.json": json.dumps(
                {
                    "name": "notes",
                    "type": "module",
                    "scripts": {"build": "tsc", "start": "node dist/index.js"},
                    "dependencies": {"hono": "^4", "better-sqlite3": "^11"},
                    "devDependencies": {"typescript": "^5"},
                }
            ),
            "package-lock.json": json.dumps({"name": "notes", "lockfileVersion": 3}),
            "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "./dist", "rootDir": "./src"}}),
            "src/index.ts": "import './db/index.js';\nexport const port = 3001;\n",
            "src/db/index.ts": (
                "import fs from 'fs';\nimport path from 'path';\nimport { fileURLToPath } from 'url';\n"
                "const __dirname = path.dirname(fileURLToPath(import.meta.url));\n"
                'const schema = fs.readFileSync(path.join(__dirname, "schema.sql"), "utf-8");\n'
                "const seed = path.join(__dirname, 'seed.sql');\n"
                "const helper = path.join(__dirname, 'helper.js');\n"
            ),
            "src/db/schema.sql": "CREATE TABLE documents (id INTEGER PRIMARY KEY);\n",
            "src/db/helper.ts": "export {};\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.tsc_assets == (("src/db/schema.sql", "dist/db/schema.sql"),)
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    build = dockerfile.index("npm run build")
    assert dockerfile.index("mkdir -p dist/db && cp src/db/schema.sql dist/db/schema.sql") > build


def test_an_app_that_runs_its_migration_function_as_it_starts_gets_no_release_step(tmp_path: Path) -> None:
    """plumio: `migrate:run` runs src/db/migrate-cli.ts, which imports `runMigrations` from
    ./migrations.js; src/db/index.ts makes a new database from schema.sql and then calls the
    same `runMigrations` as the app starts. Run first on an empty database, the CLI failed
    (`no such table: documents`): the app migrates itself, so there is no release step."""
    files = {
        "package.json": json.dumps(
            {
                "name": "notes",
                "type": "module",
                "scripts": {
                    "build": "tsc",
                    "start": "node dist/index.js",
                    "migrate": "tsx src/db/migrate-cli.ts",
                    "migrate:run": "tsx src/db/migrate-cli.ts run",
                },
                "dependencies": {"better-sqlite3": "^11"},
                "devDependencies": {"tsx": "^4", "typescript": "^5"},
            }
        ),
        "package-lock.json": json.dumps({"name": "notes", "lockfileVersion": 3}),
        "src/index.ts": "import './db/index.js';\n",
        "src/db/migrations.ts": "export function runMigrations(db, all) {}\n",
        "src/db/migrate-cli.ts": (
            'import { runMigrations, getAppliedMigrations } from "./migrations.js";\n'
            "if (process.argv[2] === 'run') runMigrations(db, []);\n"
        ),
        "src/db/index.ts": (
            'import { runMigrations } from "./migrations.js";\nexport const db = open();\n'
            "runMigrations(db, allMigrations);\n"
        ),
    }
    assert inspect_project(write_tree(tmp_path / "itself", files)).primary.release is None
    files["src/db/index.ts"] = "export const db = open();\n"
    release = inspect_project(write_tree(tmp_path / "cli", files)).primary.release
    assert release is not None and release.argv[-1] == "migrate:run"


def test_dlib_builds_with_cmake(tmp_path: Path) -> None:
    """LibrePhotos: `face-recognition==1.3.0` installs dlib, which has no wheels: its C++
    extension builds with CMake, which the build stage lacked."""
    root = write_tree(
        tmp_path / "faces",
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\nface-recognition==1.3.0\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    build = dockerfile[: dockerfile.index("AS final")]
    assert "cmake" in build and "build-essential" in build


def test_an_entrypoint_script_read_back_through_the_images_copies_gives_the_start(tmp_path: Path) -> None:
    """ownfoil: its image copies `./docker/run.sh` to /app/run.sh and `./app` to /app, starts
    `ENTRYPOINT ["/app/run.sh"]`, and the script drops privileges with sudo before `exec sudo
    -E -u "#${uid}" python /app/app.py`. advisor found no start and used `python app.py`, a
    file the project does not have at its top; the script's file is the project's app/app.py."""
    root = write_tree(
        tmp_path / "shop",
        {
            "requirements.txt": "Flask==3.1.0\n",
            "app/app.py": (
                "from flask import Flask\nfrom constants import *\napp = Flask(__name__)\n"
                "if __name__ == '__main__':\n    app.run(host='0.0.0.0', port=8465)\n"
            ),
            "app/constants.py": "import os\nAPP_DIR = os.path.dirname(os.path.abspath(__file__))\n",
            "docker/run.sh": (
                "#!/bin/bash\nuid=${PUID:-1000}\nchown -R ${uid} /app\n"
                'exec sudo -E -u "#${uid}" python /app/app.py\n'
            ),
            "Dockerfile": (
                "FROM python:3.14-alpine\nCOPY requirements.txt /tmp/\n"
                "RUN pip install --requirement /tmp/requirements.txt\nRUN mkdir /app\n"
                "COPY ./app /app\nCOPY ./docker/run.sh /app/run.sh\nWORKDIR /app\n"
                'ENTRYPOINT [ "/app/run.sh" ]\n'
            ),
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("python", "app/app.py") and app.start.detail == "ENTRYPOINT script"

    # Its compose file keeps `./config:/app/config`, in the image's /app, which is the project's
    # app/: the volume is app/config here. Its init_db makes a new database and stamps it, or
    # runs Flask-Migrate's upgrade() in the app's context: no release step runs it before.
    (root / "requirements.txt").write_text("Flask==3.1.0\nFlask-Migrate==4.0.7\n")
    (root / "app/migrations").mkdir()
    (root / "app/migrations/env.py").write_text("from alembic import context\n")
    (root / "app/db.py").write_text(
        "from flask_migrate import Migrate, upgrade\nfrom alembic import command\n\n\n"
        "def init_db(app):\n    with app.app_context():\n        if new:\n            db.create_all()\n"
        "        else:\n            upgrade()\n"
    )
    (root / "docker-compose.yml").write_text(
        "services:\n  shop:\n    build: .\n    volumes:\n      - ./config:/app/config\n"
    )
    app = inspect_project(root).primary
    assert app is not None and app.release is None
    assert ("app/config", "data-dir") in {(w.path, w.kind) for w in app.writable_paths}


def test_a_pip_freeze_artifact_line_is_left_out_of_the_install(tmp_path: Path) -> None:
    """soMedia (m71): requirements.txt, written by `pip freeze` in an Ubuntu virtualenv, pins
    `pkg-resources==0.0.0`, which no index serves: pip stopped there. The install leaves that
    line out; a requirements file without it installs as it is."""
    files = {
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n",
        "requirements.txt": "Django==2.2.13\npkg-resources==0.0.0\npytz==2020.1\n",
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": "SECRET_KEY = 'x'\nWSGI_APPLICATION = 'site_cfg.wsgi.application'\n",
        "site_cfg/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
        "application = get_wsgi_application()\n",
    }
    dockerfile = advise(
        {"host_os": "linux", "database": "none"}, folder=write_tree(tmp_path / "a", files)
    ).files()["Dockerfile"]
    assert (
        "grep -v -i -E '^pkg[-_]resources==0[.]0[.]0' requirements.txt > /tmp/requirements.txt" in dockerfile
    )
    assert "pip install -r /tmp/requirements.txt" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    files["requirements.txt"] = "Django==2.2.13\npytz==2020.1\n"
    dockerfile = advise(
        {"host_os": "linux", "database": "none"}, folder=write_tree(tmp_path / "b", files)
    ).files()["Dockerfile"]
    assert "pkg-resources" not in dockerfile and "pip install -r requirements.txt" in dockerfile


def test_a_yaml_settings_templates_http_listener_gives_the_port(tmp_path: Path) -> None:
    """CyTube (m71): the server listens where config.yaml's `listen:` list says (made from
    config.template.yaml: `port: 8080, http: true`, then Socket.IO's 1337); nothing reads PORT.
    advisor published and health-checked Node's default 3000, where nothing answers."""
    root = write_tree(
        tmp_path / "sync",
        {
            "package.json": json.dumps(
                {"name": "sync", "main": "index.js", "dependencies": {"express": "^4", "mysql": "^2"}}
            ),
            "package-lock.json": json.dumps({"name": "sync", "lockfileVersion": 3}),
            "index.js": "require('./src/server').start();\n",
            "src/server.js": "const config = require('./config');\nexports.start = () => config.listen();\n",
            "config.template.yaml": (
                "mysql:\n  server: 'localhost'\n  port: 3306\n"
                "listen:\n# Default HTTP server\n  - ip: ''\n    port: 8080\n    http: true\n"
                "  - ip: ''\n    port: 1337\n    io: true\n"
            ),
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.port is not None
    assert (found.port.value, found.port.source) == (8080, "config.template.yaml")


def test_a_settings_file_the_projects_compose_names_in_its_image_is_named_in_advisors(tmp_path: Path) -> None:
    """skylines (m71): its compose file sets `SKYLINES_CONFIG: /home/skylines/code/config/docker.py`,
    a file of the project's under its image's WORKDIR, and the app loads it (and through it
    DATABASE_URL) only when that variable is set. advisor left the path out, as another image's
    layout; it is the project's config/docker.py, /app/config/docker.py in advisor's image."""
    root = write_tree(
        tmp_path / "flights",
        {
            "requirements.txt": "Flask==3.1.0\n",
            "flights/__init__.py": "",
            "flights/app.py": (
                "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                "if 'FLIGHTS_CONFIG' in os.environ:\n"
                "    app.config.from_pyfile(os.environ['FLIGHTS_CONFIG'])\n"
            ),
            "config/docker.py": "import os\nSQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL')\n",
            "Dockerfile": "FROM python:3.12\nWORKDIR /home/flights/code\nCOPY . /home/flights/code/\n",
            "docker-compose.yml": (
                "services:\n  api:\n    build: .\n    environment:\n"
                "      FLIGHTS_CONFIG: /home/flights/code/config/docker.py\n"
            ),
        },
    )
    found = inspect_project(root).primary
    assert found is not None
    assert ("FLIGHTS_CONFIG", "/app/config/docker.py") in {(s.name, s.value) for s in found.own_settings}


def test_the_mongodb_database_the_code_names_is_the_one_made(tmp_path: Path) -> None:
    """app-dash (m71): `new MongoClient(process.env.MONGO_URI)` then `client.db('app-dash')`:
    the app's user must have its rights on `app-dash`; advisor made `app_dash` from the project's
    name, and the app's first insert was refused."""
    root = write_tree(
        tmp_path / "dash",
        {
            "package.json": json.dumps(
                {
                    "name": "app-dash",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"mongodb": "^6"},
                }
            ),
            "package-lock.json": json.dumps({"name": "app-dash", "lockfileVersion": 3}),
            "server.js": "require('./db/conn');\nrequire('http').createServer().listen(8080);\n",
            "db/conn.js": (
                "const { MongoClient } = require('mongodb');\n"
                "const client = new MongoClient(process.env.MONGO_URI);\n"
                "module.exports = () => client.db('app-dash');\n"
            ),
        },
    )
    env = advise({"host_os": "linux"}, folder=root).files()[".env"]
    assert "\nMONGO_DATABASE=app-dash\n" in env


def test_a_psycopg2_pin_older_than_its_wheels_holds_the_line_its_source_builds_on(tmp_path: Path) -> None:
    """security_monkey (m71): `psycopg2-binary==2.8.4` predates the package's wheels for both
    architectures, so pip builds it from source, and its C code stops on 3.11's inline Py_TYPE
    ("lvalue required as left operand of assignment"). advisor chose 3.11 from SQLAlchemy's pin;
    the line is the newest its source builds on, 3.10, and the report says why, in Korean too."""
    root = write_tree(
        tmp_path / "monkey",
        {
            "requirements.txt": "Flask==1.1.1\nSQLAlchemy==1.3.13\npsycopg2-binary==2.8.4\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.runtime is not None
    assert found.runtime.image_tag == "3.10"
    assert found.runtime.constraint == "psycopg2-binary==2.8.4 builds from source up to 3.10"
    advice = advise({"host_os": "linux", "database": "none"}, folder=root)
    assert "psycopg2-binary==2.8.4: 소스 빌드는 3.10까지" in advice.report("ko")


def test_a_settings_file_the_projects_image_env_names_is_named_in_advisors(tmp_path: Path) -> None:
    """security_monkey (m71): its Dockerfile sets `ENV SECURITY_MONKEY_VERSION=v1.1.3 \\` then
    `SECURITY_MONKEY_SETTINGS=/usr/local/src/security_monkey/env-config/config-docker.py`
    under `WORKDIR /usr/local/src/security_monkey`; without it the app loads a config that fixes
    localhost. The variable names the same file in advisor's image."""
    root = write_tree(
        tmp_path / "monkey",
        {
            "requirements.txt": "Flask==3.1.0\n",
            "monkey/__init__.py": (
                "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                "if os.environ.get('MONKEY_SETTINGS'):\n    app.config.from_envvar('MONKEY_SETTINGS')\n"
            ),
            "env-config/config-docker.py": "import os\nSQLALCHEMY_DATABASE_URI = os.environ.get('DB_URI')\n",
            "Dockerfile": (
                "FROM ubuntu:18.04\nENV MONKEY_VERSION=v1.1.3 \\\n"
                "    MONKEY_SETTINGS=/usr/local/src/monkey/env-config/config-docker.py\n"
                "WORKDIR /usr/local/src/monkey\nCOPY . /usr/local/src/monkey\n"
            ),
        },
    )
    found = inspect_project(root).primary
    assert found is not None
    assert ("MONKEY_SETTINGS", "/app/env-config/config-docker.py") in {
        (s.name, s.value) for s in found.own_settings
    }


def test_a_git_dependency_only_the_lockfile_names_gets_git_in_the_build(tmp_path: Path) -> None:
    """Gauzy (m71): yarn.lock resolves a package from `github:` (a dependency of a dependency);
    package.json names no git source, so advisor installed no git and yarn stopped: "Couldn't
    find the binary git"."""
    root = write_tree(
        tmp_path / "gz",
        {
            "package.json": json.dumps(
                {"name": "gz", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4"}}
            ),
            "yarn.lock": (
                "# yarn lockfile v1\n\n\n"
                '"some-fork@github:owner/some-fork#abc123":\n  version "1.0.0"\n'
                '  resolved "https://codeload.github.com/owner/some-fork/tar.gz/abc123"\n'
            ),
            "server.js": "require('express')().listen(3000);\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    build = dockerfile[: dockerfile.index("AS final")]
    assert "git" in build.split("apt-get install", 1)[1].split("\n", 1)[0]
