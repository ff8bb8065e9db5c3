"""Layouts found by the m71 and m72 rounds of held-out projects, fixed in stop 47: each test
holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose


def _old_pins_app(root: Path) -> Path:
    """busy-beaver's shape: a Flask app factory whose `pip-compile` requirements pin an aiohttp
    with wheels only up to Python 3.6, and whose own images (docker/prod/Dockerfile,
    docker/dev/Dockerfile) build on python:3.9, where that pin builds from source."""
    return write_tree(
        root,
        {
            "requirements.txt": "aiohttp==3.5.4\nflask==1.1.2\ngunicorn==20.0.4\npsycopg2==2.8.6\n",
            "busy/__init__.py": "",
            "busy/app.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
            "docker/dev/Dockerfile": "FROM python:3.8-buster\nRUN pip install -r requirements.txt\n",
            "docker/prod/Dockerfile": (
                "FROM python:3.9.0-buster\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
            ),
        },
    )


def test_the_project_images_line_in_a_docker_subfolder_holds_against_an_old_pin(tmp_path: Path) -> None:
    """advisor chose Python 3.7 from the aiohttp pin (its wheels stop at 3.6) and missed the
    project's own images one folder further down; python:3.7 is long gone, while the project's
    3.9 builds the pin from source. The production image's line is taken, the pin builds
    with the compiler there, and the line is never raised past it."""
    root = _old_pins_app(tmp_path / "busy")
    runtime = inspect_project(root).apps[0].runtime
    assert runtime is not None
    assert (runtime.image_tag, runtime.source, runtime.detail) == ("3.9", "docker/prod/Dockerfile", "FROM")
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "ARG PYTHON_VERSION=3.9\n" in dockerfile
    assert "build-essential" in dockerfile.split("AS final", 1)[0]  # aiohttp 3.5.4 compiles on 3.9


def _committed_key_app(root: Path) -> Path:
    """SimpleLogin's shape: a Flask app whose settings read the path of its token-signing key
    from `OPENID_PRIVATE_KEY_PATH`, by default (and in its example.env) the key the repository
    commits in local_data/; a server script names a development certificate only in a comment,
    and the tests keep keys of their own."""
    return write_tree(
        root,
        {
            "requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\npsycopg2-binary==2.9.9\n",
            "app/__init__.py": "",
            "app/config.py": (
                "import os\n\n"
                "DB_URI = os.environ['DB_URI']\n"
                "OPENID_PRIVATE_KEY_PATH = os.environ.get(\n"
                '    "OPENID_PRIVATE_KEY_PATH", "local_data/jwtRS256.key"\n)\n'
                "OPENID_PUBLIC_KEY_PATH = os.environ.get(\n"
                '    "OPENID_PUBLIC_KEY_PATH", "local_data/jwtRS256.key.pub"\n)\n'
            ),
            "server.py": (
                "from flask import Flask\n\napp = Flask(__name__)\n"
                '# context.load_cert_chain("local_data/cert.pem", "local_data/key.pem")\n'
            ),
            "example.env": "DB_URI=postgresql://user:pw@localhost/app\nOPENID_PRIVATE_KEY_PATH=local_data/jwtRS256.key\n",
            "local_data/jwtRS256.key": "-----BEGIN RSA PRIVATE KEY-----\n",
            "local_data/jwtRS256.key.pub": "-----BEGIN PUBLIC KEY-----\n",
            "local_data/cert.pem": "-----BEGIN CERTIFICATE-----\n",
            "local_data/key.pem": "-----BEGIN PRIVATE KEY-----\n",
            "tests/certs/test.key": "-----BEGIN PRIVATE KEY-----\n",
            "tests/test_keys.py": 'KEY = "certs/test.key"\n',
        },
    )


def test_a_committed_key_the_app_reads_is_mounted_not_left_out_or_baked_in(tmp_path: Path) -> None:
    """.dockerignore leaves `**/*.key` out of the image, so SimpleLogin's OpenID key was missing
    and the app stopped as it read it. The key stays out of the image and each container gets
    it from the checkout, read-only, where the app looks for it; keys only a comment or the
    tests name are not mounted."""
    root = _committed_key_app(tmp_path / "mail")
    keys = inspect_project(root).apps[0].key_files
    assert [(k.value, k.source, k.detail) for k in keys] == [
        ("local_data/jwtRS256.key", "app/config.py", "OPENID_PRIVATE_KEY_PATH")
    ]
    files = advise({"host_os": "linux", "environment": "production"}, folder=root).files()
    assert "**/*.key" in files[".dockerignore"].splitlines()  # still never in the image
    compose = yaml.safe_load(files["compose.yaml"])
    assert compose["secrets"]["key-local-data-jwtrs256-key"] == {"file": "./local_data/jwtRS256.key"}
    mount = [{"source": "key-local-data-jwtrs256-key", "target": "/app/local_data/jwtRS256.key"}]
    assert compose["services"]["app"]["secrets"] == mount
    assert "secrets" not in compose["services"]["db"] or all(
        s["source"].startswith("db-") for s in compose["services"]["db"]["secrets"]
    )
    report = files["RECOMMENDATIONS.md"]
    assert "`local_data/jwtRS256.key`: key files the app reads" in report
    assert "openssl genrsa" in report


def test_a_key_the_node_code_names_beside_it_is_mounted_by_run_sh(tmp_path: Path) -> None:
    """A Node server that reads `path.join(__dirname, 'keys', 'private.pem')`: with no
    database, run.sh mounts the committed key, in the release step too; a key git ignores (a
    person's own, absent from a teammate's clone) is not named."""
    root = write_tree(
        tmp_path / "tokens",
        {
            "package.json": '{"name": "tokens", "scripts": {"start": "node src/index.js"}, '
            '"dependencies": {"express": "^4"}}',
            "package-lock.json": '{"name": "tokens", "lockfileVersion": 3, "packages": {}}',
            "src/index.js": (
                "const fs = require('fs');\nconst path = require('path');\n"
                "const key = fs.readFileSync(path.join(__dirname, 'keys', 'private.pem'));\n"
                "const mine = fs.readFileSync(path.join(__dirname, 'keys', 'local.key'));\n"
                "require('express')().listen(3000);\n"
            ),
            "src/keys/private.pem": "-----BEGIN PRIVATE KEY-----\n",
            "src/keys/local.key": "-----BEGIN PRIVATE KEY-----\n",
            ".gitignore": "node_modules\nlocal.key\n",
        },
    )
    assert [k.value for k in inspect_project(root).apps[0].key_files] == ["src/keys/private.pem"]
    run = advise({"host_os": "linux", "database": "none"}, folder=root).files()["run.sh"]
    mount = '--mount "type=bind,source=$PWD/src/keys/private.pem,target=/app/src/keys/private.pem,readonly"'
    assert mount in run
    assert "local.key" not in run


def _nest_workspace(root: Path) -> Path:
    """hive-pal's shape: a pnpm workspace whose NestJS server (apps/backend, `nest build`, tsc's
    rootDir the server's folder since seed scripts sit beside src/) serves
    `join(__dirname, '..', 'static')` from `src/app.module.ts`, so `dist/static` once compiled,
    and whose Vite client (apps/frontend) builds into its own `dist/`; the project's image
    copies that build there."""
    return write_tree(
        root,
        {
            "package.json": json.dumps({"name": "hives", "private": True, "packageManager": "pnpm@9.15.9"}),
            "pnpm-workspace.yaml": "packages:\n  - apps/*\n",
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "apps/backend/package.json": json.dumps(
                {
                    "name": "backend",
                    "scripts": {"build": "nest build", "start": "nest start", "start:prod": "node dist/main"},
                    "dependencies": {
                        "@nestjs/core": "^11",
                        "@nestjs/common": "^11",
                        "@nestjs/serve-static": "^5",
                        "pg": "^8",
                    },
                    "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"},
                }
            ),
            "apps/backend/nest-cli.json": json.dumps(
                {"sourceRoot": "src", "compilerOptions": {"deleteOutDir": True}}
            ),
            "apps/backend/tsconfig.json": json.dumps(
                {"compilerOptions": {"outDir": "./dist", "module": "commonjs"}}
            ),
            "apps/backend/seed/seed.ts": "console.log('seed');\n",
            "apps/backend/src/main.ts": (
                "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n"
                "NestFactory.create(AppModule).then((app) => app.listen(process.env.PORT ?? 3000));\n"
            ),
            "apps/backend/src/app.module.ts": (
                "import { Module } from '@nestjs/common';\n"
                "import { ServeStaticModule } from '@nestjs/serve-static';\n"
                "import { join } from 'path';\n\n@Module({\n  imports: [\n    ServeStaticModule.forRoot({\n"
                "      rootPath: join(__dirname, '..', 'static'),\n      exclude: ['/api{/*path}'],\n"
                "    }),\n  ],\n})\nexport class AppModule {}\n"
            ),
            "apps/frontend/package.json": json.dumps(
                {
                    "name": "frontend",
                    "scripts": {"build": "vite build", "dev": "vite"},
                    "dependencies": {"react": "^19", "react-dom": "^19"},
                    "devDependencies": {"vite": "^7"},
                }
            ),
            "apps/frontend/index.html": (
                '<div id="root"></div>\n<script type="module" src="/src/main.tsx"></script>\n'
            ),
            "apps/frontend/src/main.tsx": "import React from 'react';\n",
        },
    )


def test_a_nest_server_serves_its_client_members_build_under_its_compiled_output(tmp_path: Path) -> None:
    """advisor read the served folder from the source file's place (`apps/backend/static`) and
    found no client for it in the workspace, so the image had no UI at all (`/` 404). The
    folder is where the compiled module runs (`dist/static`); the client member is built in
    the whole workspace's install, and its output copied there after the server's build,
    which empties `dist/` first."""
    root = _nest_workspace(tmp_path / "hives")
    app = inspect_project(root).apps[0]
    assert app.path == "apps/backend"
    served = app.static_packages
    assert served is not None
    assert (served.folder, served.output, served.target) == ("../frontend", "../frontend/dist", "dist/static")
    files = advise({"host_os": "linux"}, folder=root).files()
    dockerfile = files["Dockerfile"]
    assert "pnpm install --frozen-lockfile\n" in dockerfile  # every member, the client's too
    build = dockerfile.split("COPY . .", 1)[1].split("FROM ", 1)[0]
    client, server = (
        build.index("cd /app/apps/frontend && pnpm run build"),
        build.index("cd /app/apps/backend && pnpm run build"),
    )
    copy = build.index("mkdir -p dist/static && cp -R /app/apps/frontend/dist/. dist/static/")
    assert client < server < copy
    assert "`dist/static/`" in files["RECOMMENDATIONS.md"]


def test_node_canvas_builds_against_cairo_and_loads_it_at_run_time(tmp_path: Path) -> None:
    """MyTube's back end depends on `canvas`, whose install falls back to compiling against
    Cairo and Pango when no prebuilt binary is fetched (none for a newer Node line, or no
    github.com): the build stage has their headers, the final image the libraries the module
    loads, and no headers."""
    root = write_tree(
        tmp_path / "thumbs",
        {
            "package.json": json.dumps(
                {
                    "name": "thumbs",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"express": "^4", "canvas": "^3.1.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "thumbs", "lockfileVersion": 3, "packages": {}}),
            "server.js": "require('express')().listen(3000);\n",
        },
    )
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    build, final = dockerfile.split("AS final", 1)
    assert "libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev" in build
    assert "libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libjpeg62-turbo libgif7 librsvg2-2" in final
    assert "-dev" not in final


def _geo_game(root: Path) -> Path:
    """posio's shape: a Django + Channels game on GeoDjango's SpatiaLite backend (an SQLite
    file in db/), whose compose file runs the project's own management command
    `startgameloops` beside the web server, on the same image (its ENTRYPOINT is python)."""
    return write_tree(
        root,
        {
            "requirements.txt": "Django==5.0.7\nchannels==4.1.0\ndaphne==4.1.2\nchannels-redis==4.2.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'game.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "game/__init__.py": "",
            "game/settings.py": (
                "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                "INSTALLED_APPS = ['django.contrib.staticfiles', 'django.contrib.gis', 'channels', 'play']\n"
                "DATABASES = {'default': {'ENGINE': 'django.contrib.gis.db.backends.spatialite',"
                " 'NAME': BASE_DIR / 'db' / 'game.db'}}\nASGI_APPLICATION = 'game.asgi.application'\n"
                "STATIC_ROOT = 'static'\n"
            ),
            "game/asgi.py": (
                "from channels.routing import ProtocolTypeRouter\napplication = ProtocolTypeRouter({})\n"
            ),
            "play/__init__.py": "",
            "play/management/__init__.py": "",
            "play/management/commands/__init__.py": "",
            "play/management/commands/startgameloops.py": "class Command:\n    pass\n",
            "play/management/commands/creategame.py": "class Command:\n    pass\n",
            "docker-compose.yml": (
                "x-app: &app\n  build:\n    context: .\n\nservices:\n  web:\n    <<: *app\n"
                '    command: ["manage.py", "runserver", "0.0.0.0:8000"]\n'
                '  gameloops:\n    <<: *app\n    command: ["manage.py", "startgameloops"]\n'
            ),
        },
    )


def test_geodjango_on_spatialite_gets_gdal_and_the_spatialite_module(tmp_path: Path) -> None:
    """GeoDjango loads GDAL as Django starts: advisor installed it only for PostGIS, so
    collectstatic stopped the build (`Could not find the GDAL library`). A GeoDjango backend
    (or its app) in the settings gets Django's Debian packages, and SpatiaLite's its module."""
    root = _geo_game(tmp_path / "geo")
    assert inspect_project(root).apps[0].geodjango == "spatialite"
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    install = dockerfile.index("binutils gdal-bin libsqlite3-mod-spatialite")
    assert install < dockerfile.index("collectstatic")


def test_a_management_command_the_project_compose_runs_beside_the_web_is_the_worker(tmp_path: Path) -> None:
    """posio's compose file runs `manage.py startgameloops` beside the web server; without it no
    game round advances, and advisor ran nothing. A service of the project's compose file that
    runs one of its own management commands on the app's image is the app's worker (with
    `python`, which the project's image had as its ENTRYPOINT); a one-shot command is not."""
    root = _geo_game(tmp_path / "geo")
    answers = {"host_os": "linux", "cache": "redis"}  # its Channels layer's Redis
    compose = yaml.safe_load(advise(answers, folder=root).files()["compose.yaml"])
    worker = compose["services"]["worker"]
    assert worker["command"] == ["python", "manage.py", "startgameloops"]
    assert "app-data:/app/db" in worker["volumes"]  # the SQLite file the app uses too
    one_shot = root / "docker-compose.yml"
    one_shot.write_text(one_shot.read_text().replace("startgameloops", "migrate"))
    services = yaml.safe_load(advise(answers, folder=root).files()["compose.yaml"])["services"]
    assert "worker" not in services


def test_an_app_that_keeps_its_data_by_xdg_data_home_gets_it_in_the_volume(tmp_path: Path) -> None:
    """mStream writes beside its code only when that folder is writable, else under
    `env.XDG_DATA_HOME || join(homedir(), '.local', 'share')`: the image's /app is root's, so
    its database went to the container's home and was lost with it. XDG_DATA_HOME points at
    the image's data folder, which a volume keeps."""
    root = write_tree(
        tmp_path / "music",
        {
            "package.json": json.dumps(
                {"name": "music", "type": "module", "scripts": {"start": "node server.js"}}
            ),
            "package-lock.json": json.dumps({"name": "music", "lockfileVersion": 3, "packages": {}}),
            "server.js": "import http from 'http';\nhttp.createServer().listen(3000);\n",
            "src/paths.js": (
                "import os from 'os';\nimport { join } from 'path';\n"
                "export function userDataHome(env = process.env, homedir = os.homedir) {\n"
                "  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'music');\n}\n"
            ),
        },
    )
    files = advise({"host_os": "linux", "database": "none"}, folder=root).files()
    assert "XDG_DATA_HOME=/app/data" in files["Dockerfile"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]


def test_data_folders_a_base_stage_makes_are_the_final_images_too(tmp_path: Path) -> None:
    """gamevault's image makes `/config /files /db` in its `base` stage, which its release stage
    is built FROM, and its code takes each from a variable with that default
    (`parsePath(process.env.VOLUMES_CONFIG, "/config")`). advisor read only the final stage's
    lines, so its image made none of them and the app user could write none. Every stage the
    final one builds on counts; a top-level folder of the app's own the code names is its data."""
    root = write_tree(
        tmp_path / "vault",
        {
            "package.json": json.dumps(
                {"name": "vault", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4"}}
            ),
            "package-lock.json": json.dumps({"name": "vault", "lockfileVersion": 3, "packages": {}}),
            "server.js": (
                "const parsePath = (value, fallback) => value || fallback;\n"
                'const CONFIG = parsePath(process.env.VOLUMES_CONFIG, "/config");\n'
                'const FILES = parsePath(process.env.VOLUMES_FILES, "/files");\n'
                "require('express')().listen(8080);\n"
            ),
            "Dockerfile": (
                "FROM node:lts-slim AS base\nRUN mkdir -p /config /files /tmp/cache\nWORKDIR /app\n\n"
                "FROM base AS build\nCOPY . .\nRUN npm ci\n\n"
                'FROM base AS release\nCOPY --from=build /app ./\nCMD ["node", "server.js"]\n'
            ),
        },
    )
    paths = {(w.path, w.kind) for w in inspect_project(root).apps[0].writable_paths}
    assert {("/config", "data-dir"), ("/files", "data-dir")} <= paths
    assert not any(p.startswith("/tmp") for p, _ in paths)  # a system folder is never the app's data
    dockerfile = advise(
        {"host_os": "linux", "database": "none"},
        folder=root,
    ).files()["Dockerfile"]
    assert "chown -R node:node /config /files" in dockerfile


def test_ports_of_the_servers_the_app_calls_are_not_its_own(tmp_path: Path) -> None:
    """shkeeper reads BTC_SERVER_PORT, LTC_SERVER_PORT … (one per crypto back end it calls,
    default 6000): .env set all of them to the app's own port 5000. Many prefixes before one
    listen name are other servers'; the app's own (HTTP_PORT) is still set."""
    coins = ("BTC", "LTC", "DOGE")
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==2.2.5\ngunicorn==21.2.0\n",
            "shk/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
            **{
                f"shk/coins/{c.lower()}.py": (
                    f"from os import environ\nport = environ.get('{c}_SERVER_PORT', '6000')\n"
                )
                for c in coins
            },
            "shk/run.py": "import os\nPORT = int(os.environ.get('HTTP_PORT', 5000))\n",
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    names = {v.name: v for v in advice.setup.env}
    assert not any(f"{c}_SERVER_PORT" in names for c in coins), sorted(names)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"].get("environment", {})
    assert not any(f"{c}_SERVER_PORT" in env for c in coins)
    assert env.get("HTTP_PORT") == str(advice.answers.app_port), env


def _exact_patch_app(root: Path, tag: str) -> Path:
    """posio's shape: the project's image is an old patch tag (python:3.12.3-slim-bookworm);
    the app loads libmagic and names a legacy time zone."""
    return write_tree(
        root,
        {
            "requirements.txt": "Django==5.0.6\ngunicorn==22.0.0\npython-magic==0.4.27\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
            "site1/__init__.py": "",
            "site1/settings.py": "TIME_ZONE = 'US/Eastern'\nSECRET_KEY = 'x'\n",
            "site1/wsgi.py": (
                "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
            ),
            "Dockerfile": f"FROM python:{tag}\nCOPY . .\n",
        },
    )


def test_an_old_patch_tags_image_is_bookworm_and_gets_bookworms_package_names(tmp_path: Path) -> None:
    """python:3.12.3-slim is Debian 12, from before the images moved to trixie: apt there has
    libmagic1, not trixie's libmagic1t64, and tzdata still holds US/Eastern (there is no
    tzdata-legacy). A current patch of the line is trixie's and gets trixie's names."""
    old = advise({"host_os": "linux"}, folder=_exact_patch_app(tmp_path / "old", "3.12.3-slim-bookworm"))
    assert old.answers.runtime_version == "3.12.3"
    assert old.setup.build.runtime_packages == ("libmagic1",), old.setup.build.runtime_packages
    new = advise({"host_os": "linux"}, folder=_exact_patch_app(tmp_path / "new", "3.12.11-slim"))
    assert new.answers.runtime_version == "3.12.11"
    assert new.setup.build.runtime_packages == ("libmagic1t64", "tzdata-legacy")
