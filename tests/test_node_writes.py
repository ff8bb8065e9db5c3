"""Folders a Node app writes beside its code at run time: its user owns them, and a store's
folder is kept in a volume."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose
from advisor.render.dockerfile import render_dockerfile

HASTE = {
    "package.json": json.dumps(
        {"name": "haste", "scripts": {"start": "node server.js"}, "dependencies": {"uglify-js": "^3"}}
    ),
    "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
    "server.js": (
        "var fs = require('fs');\nvar list = fs.readdirSync('./static');\n"
        "for (var j = 0; j < list.length; j++) {\n"
        "  fs.writeFileSync('./static/' + dest, minify(orig), 'utf8');\n}\n"
        "fs.writeFileSync('/tmp/haste/pid', String(process.pid));\n"
        "var outDir = opts.dir || './dist';\n"
        "require('http').createServer(handler).listen(process.env.PORT || 7777);\n"
    ),
    "lib/document_stores/file.js": (
        "var FileDocumentStore = function(options) {\n"
        "  this.basePath = options.path || './data';\n  this.expire = options.expire;\n};\n"
    ),
    "static/application.js": "// the app's script\n",
}


def test_a_folder_the_app_writes_into_and_a_file_stores_default_folder_are_the_app_users(
    tmp_path: Path,
) -> None:
    """haste-server minifies its scripts into ./static at start and keeps documents in
    `options.path || './data'`: both folders belong to the app's user (as uid 1000 it got
    EACCES), ./data is kept in a volume and ./static (code) is not; an absolute /tmp path
    and a build folder's default are not the app's folders."""
    write_tree(tmp_path, HASTE)
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert {("static", "data"), ("data", "data-dir")} <= found
    assert not {p for p, _ in found} & {"dist", "/tmp/haste", "tmp/haste"}

    setup = advise({"host_os": "linux"}, folder=tmp_path).setup
    dockerfile = render_dockerfile(setup)
    writable = "RUN mkdir -p /app/static /app/data \\\n    && chown -R node:node /app/static /app/data"
    assert writable in dockerfile
    app = yaml.safe_load(render_compose(setup))["services"]["app"]
    targets = [v.split(":", 1)[1] for v in app.get("volumes", [])]
    assert "/app/data" in targets and "/app/static" not in targets


def test_an_example_integration_in_env_example_does_not_reach_the_apps_env(tmp_path: Path) -> None:
    """HedgeDoc's .env.example lists every setting with example values: an OIDC provider at
    https://oidc.example.com, an LDAP server named MYLDAP at ldap.example.com, an image proxy.
    Set, the app would try to reach them; they stay unset (listed for the person), with the
    settings that name the example's provider, while the example's real values are kept."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "notes", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4"}}
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server.js": (
                "const e = process.env;\nconst cfg = [e.HD_BASE_URL, e.HD_IMAGE_PROXY,\n"
                "  e.HD_AUTH_LDAP_SERVERS, e.HD_AUTH_LDAP_MYLDAP_URL, e.HD_AUTH_LDAP_MYLDAP_PROVIDER_NAME,\n"
                "  e.HD_AUTH_OIDC_MYOIDC_ISSUER];\n"
                "require('express')().listen(process.env.PORT || 3000);\n"
            ),
            ".env.example": (
                "HD_BASE_URL=http://localhost:8080\nHD_IMAGE_PROXY=https://img-proxy.example.com/\n"
                "HD_AUTH_LDAP_SERVERS=MYLDAP\nHD_AUTH_LDAP_MYLDAP_URL=ldap://ldap.example.com:389\n"
                "HD_AUTH_LDAP_MYLDAP_PROVIDER_NAME=My LDAP\nHD_AUTH_OIDC_MYOIDC_ISSUER=https://oidc.example.com\n"
            ),
        },
    )
    env = {v.name: v for v in advise({"host_os": "linux"}, folder=tmp_path).setup.env}
    assert env["HD_BASE_URL"].value == "http://localhost:8080"
    dropped = {
        "HD_IMAGE_PROXY",
        "HD_AUTH_LDAP_SERVERS",
        "HD_AUTH_LDAP_MYLDAP_URL",
        "HD_AUTH_OIDC_MYOIDC_ISSUER",
    }
    assert not {n for n in dropped | {"HD_AUTH_LDAP_MYLDAP_PROVIDER_NAME"} if n in env and env[n].value}


def test_a_non_null_read_is_required_only_where_the_module_reads_it_as_it_loads() -> None:
    """`process.env.X!` at a module's top (or a top-level object's) is required; one behind
    another variable's switch (kan: `NEXT_PUBLIC_KAN_ENV === "cloud" ? [stripe({...})] : []`)
    or deep in a function (a request handler) is not: compose would refuse to start without
    four Stripe settings a self-hosted instance never reads."""
    from advisor.inspect.envvars import Collector, scan_js

    code = (
        "export const config = {\n  key: process.env.SIGNING_KEY!,\n};\n"
        "export function createPlugins() {\n  return [\n"
        '    ...(process.env.NEXT_PUBLIC_KAN_ENV === "cloud"\n      ? [\n'
        "          stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET! }),\n"
        "        ]\n      : []),\n  ];\n}\n"
        "export default async function handler(req) {\n  if (req.method === 'POST') {\n"
        "    verify(req.body, process.env.STRIPE_WEBHOOK_SECRET_LEGACY!);\n  }\n}\n"
    )
    found = Collector()
    scan_js(code, "plugins.ts", found)
    required = {v.name: v.required for v in found.result()}
    assert required["SIGNING_KEY"] is True
    assert required["STRIPE_WEBHOOK_SECRET"] is False and required["STRIPE_WEBHOOK_SECRET_LEGACY"] is False


def test_a_data_variables_default_that_names_an_sqlite_file_is_a_file_not_a_folder(tmp_path: Path) -> None:
    """statusphere: `new SqliteDb(process.env.DATABASE_PATH || "app.db")`: app.db is the SQLite
    file (a folder of that name, with a volume on it, gave "unable to open database file"), so
    it is kept like any SQLite file, never made a folder."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "status",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"better-sqlite3": "^11"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server.js": (
                "const Database = require('better-sqlite3');\n"
                "const db = new Database(process.env.DATABASE_PATH || 'app.db');\n"
                "require('http').createServer(h).listen(process.env.PORT || 3000);\n"
            ),
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert ("app.db", "sqlite") in found and ("app.db", "data-dir") not in found
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "mkdir -p /app/app.db" not in dockerfile


def test_strapis_typed_env_readers_and_its_own_secrets_are_generated(tmp_path: Path) -> None:
    """railwayapp-templates/strapi: config/server.js `keys: env.array('APP_KEYS')` and
    config/admin.js `env('API_TOKEN_SALT')`, `env('TRANSFER_TOKEN_SALT')`: without APP_KEYS the
    app exits ("App keys are required"); each is a secret advisor generates, in .env."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "strapi",
                    "scripts": {"start": "strapi start"},
                    "dependencies": {"@strapi/strapi": "^5", "pg": "^8"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "config/server.js": (
                "module.exports = ({ env }) => ({\n  host: env('HOST', '0.0.0.0'),\n"
                "  port: env.int('PORT', 1337),\n"
                "  app: { keys: env.array('APP_KEYS') },\n});\n"
            ),
            "config/admin.js": (
                "module.exports = ({ env }) => ({\n  apiToken: { salt: env('API_TOKEN_SALT') },\n"
                "  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },\n});\n"
            ),
        },
    )
    setup = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    secrets = {v.name for v in setup.env if v.kind == "secret"}
    assert {"APP_KEYS", "API_TOKEN_SALT", "TRANSFER_TOKEN_SALT"} <= secrets


def test_a_log_folder_joined_to_the_working_folder_is_the_app_users() -> None:
    """Lunalytics' winston-daily-rotate-file: `dirname: path.join(process.cwd(), '/logs/')`:
    EACCES making /app/logs as uid 1000; the folder is made and owned by the app's user."""
    from advisor.inspect.writable import writable_paths

    code = "new DailyRotateFile({ dirname: path.join(process.cwd(), '/logs/'), filename: '%DATE%' });\n"
    assert ("logs", "logs") in {
        (w.path, w.kind) for w in writable_paths(code, "server/utils/logger.js", "node")
    }


def test_folder_settings_resolved_from_the_working_folder_are_the_app_users() -> None:
    """koa-typeorm-cms-be: `TMP_DIR: path.resolve(process.cwd(), './tmp')`, `LOG_DIR: ... './log'`,
    made with fs.mkdirSync by other modules: EACCES as uid 1000. A key file's _PATH is no folder."""
    from advisor.inspect.writable import writable_paths

    code = (
        "export const APP_DIR = {\n  TMP_DIR: path.resolve(process.cwd(), './tmp'),\n"
        "  LOG_DIR: path.resolve(process.cwd(), './log'),\n}\n"
        "export const KEY = { RSA_PRIVATE_KEY_PATH: path.resolve(process.cwd(), './key/a.pem') }\n"
    )
    found = {(w.path, w.kind) for w in writable_paths(code, "src/config/index.ts", "node")}
    assert found == {("tmp", "data"), ("log", "logs")}


def test_a_file_named_by_a_setting_and_written_by_that_name_makes_its_folder_the_app_users() -> None:
    """koa-typeorm-cms-be generates its RSA key pair into the folder its settings name
    (`RSA_PRIVATE_KEY_PATH: path.resolve(process.cwd(), './src/config/key/rsa_private_key.pem')`)
    from another module; a file only read by its name makes nothing writable."""
    from advisor.inspect.writable import written_constants

    texts = {
        "src/config/index.ts": (
            "export const RSA_KEY = {\n  RSA_PRIVATE_KEY_PATH: path.resolve(process.cwd(), "
            "'./src/config/key/rsa_private_key.pem'),\n"
            "  CA_FILE: path.resolve(process.cwd(), './certs/ca.pem'),\n}\n"
        ),
        "src/utils/rsa.ts": "await fs.writeFile(RSA_PRIVATE_KEY_PATH, privateKeyPem)\nreadFile(CA_FILE)\n",
    }
    assert [(w.path, w.kind) for w in written_constants(texts)] == [("src/config/key", "data")]


def test_files_under_the_working_folders_log_and_data_folders_make_those_folders_the_app_users() -> None:
    """Lunalytics writes its log files into logs/ (`path.join(process.cwd(), `/logs/log-%DATE%.log`)`),
    its setup's config.json and its SQLite file into data/ under the working folder."""
    from advisor.inspect.writable import writable_paths

    code = (
        "new DailyRotateFile({ filename: path.join(process.cwd(), `/logs/log-%DATE%.log`) });\n"
        "fs.writeFileSync(path.join(process.cwd(), 'data', 'config.json'), json);\n"
        "const file = `${process.cwd()}/data/${dbName}.db`;\n"
        "const other = path.join(process.cwd(), 'dataset');\n"
    )
    found = {(w.path, w.kind) for w in writable_paths(code, "server/setup.js", "node")}
    assert found == {("logs", "logs"), ("data", "data-dir")}


def test_sqlite_files_typeorm_knex_and_strapi_configs_name_are_found() -> None:
    """Maintainerr's TypeORM `database: '/opt/data/maintainerr.sqlite'`, knex's
    `filename: './dev.sqlite3'`, Strapi's env('DATABASE_FILENAME', '.tmp/data.db'): SQLite files
    (kept in a volume, their folder the app user's); a database named without a file is none."""
    from advisor.inspect.writable import writable_paths

    code = (
        "export default { type: 'sqlite', database:\n"
        "    process.env.NODE_ENV === 'production'\n"
        "      ? '/opt/data/maintainerr.sqlite'\n      : '../data/m.sqlite' };\n"
        "module.exports = { client: 'sqlite3', connection: { filename: './dev.sqlite3' } };\n"
        "const file = path.join(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db'));\n"
        "const pg = { type: 'postgres', database: 'app' };\n"
    )
    found = {(w.path, w.kind) for w in writable_paths(code, "src/config.ts", "node")}
    assert found == {
        ("/opt/data/maintainerr.sqlite", "sqlite"),
        ("dev.sqlite3", "sqlite"),
        (".tmp/data.db", "sqlite"),
    }


def test_a_named_volume_the_projects_compose_mounts_under_app_is_the_apps_data_folder(tmp_path: Path) -> None:
    """FileCodeBox's docker-compose.yml: `fcb-data:/app/data:rw` for the service it builds: the
    app keeps its data there (an image laid out in /app, as advisor's is), so that folder is
    the app user's and a volume keeps it. A bind mount of the code and the node_modules
    trick are not data."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {"name": "box", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4"}}
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server.js": "require('express')().listen(process.env.PORT || 3000);\n",
            "docker-compose.yml": (
                "services:\n  app:\n    build: .\n    volumes:\n      - fcb-data:/app/data:rw\n"
                "      - ./:/app\n      - /app/node_modules\n      - modules:/app/node_modules\n"
                "volumes:\n  fcb-data:\n"
            ),
        },
    )
    found = {(w.path, w.kind) for w in inspect_project(tmp_path).apps[0].writable_paths}
    assert ("data", "data-dir") in found and not any("node_modules" in p for p, _ in found)
    dockerfile = render_dockerfile(advise({"host_os": "linux"}, folder=tmp_path).setup)
    assert "mkdir -p /app/data" in dockerfile


def test_dotenv_safe_makes_every_variable_of_the_example_required(tmp_path: Path) -> None:
    """lireddit's `import "dotenv-safe/config"` stops the app unless every name in .env.example
    is set and not empty: CORS_ORIGIN (empty in the example) is one the person must set."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node src/index.js"},
                    "dependencies": {"dotenv-safe": "^8"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "src/index.js": 'require("dotenv-safe/config");\nconsole.log(process.env.SESSION_SECRET);\n',
            ".env.example": "SESSION_SECRET=\nCORS_ORIGIN=\n",
        },
    )
    env = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert env["CORS_ORIGIN"].required and env["SESSION_SECRET"].required
    app = yaml.safe_load(render_compose(advise({"host_os": "linux"}, folder=tmp_path).setup))["services"][
        "app"
    ]
    assert app["environment"]["CORS_ORIGIN"] == "${CORS_ORIGIN:?the app needs it: set it in .env}"


def test_session_file_stores_folder_is_the_app_users(tmp_path: Path) -> None:
    """node-express-sequelize-postgresql keeps its sessions in files: new FileStore({ path:
    './sessions' }) stopped with "EACCES" in the root-owned /app."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node server.js"},
                    "dependencies": {"express": "^4", "express-session": "^1", "session-file-store": "^1"},
                }
            ),
            "server.js": (
                "const session = require('express-session');\n"
                "const FileStore = require('session-file-store')(session);\n"
                "const app = require('express')();\n"
                "app.use(session({ store: new FileStore({\n  path: './sessions',\n  ttl: 3600,\n}) }));\n"
                "app.listen(3000);\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "mkdir -p /app/sessions" in dockerfile and "chown -R node:node /app/sessions" in dockerfile


def test_a_loopback_http_host_and_a_log_folder_under_a_folder_variable(tmp_path: Path) -> None:
    """express-knex-typescript-template listens on HTTP_HOST, which its example sets to
    localhost (unreachable from the published port): 0.0.0.0 here. expresso's pino writes
    to path.resolve(`${currentDir}/logs`) ("EACCES: ... /app/logs/server.log")."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^4", "pino": "^9", "pg": "^8"},
                }
            ),
            "index.js": (
                "const path = require('path');\nconst currentDir = process.cwd();\n"
                "const db = process.env.DATABASE_URL;\n"
                "const logDir = path.resolve(`${currentDir}/logs`);\n"
                "require('express')().listen(process.env.HTTP_PORT, process.env.HTTP_HOST);\n"
            ),
            ".env.example": "HTTP_HOST=localhost\nHTTP_PORT=3000\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert (
        yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]["HTTP_HOST"]
        == "0.0.0.0"
    )
    assert "chown -R node:node /app/logs" in advice.files("en")["Dockerfile"]


def test_the_log_files_the_example_points_its_settings_at_are_in_the_app_users_folder(tmp_path: Path) -> None:
    """nest-boilerplate-typeorm: winston writes where LOG_ERROR_PATH says, and the example says
    logs/error-%DATE%.log ("EACCES: permission denied, mkdir 'logs/'"); LOG_ZIP_OLD_FILE=true
    is a switch, not a path."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "scripts": {"start": "node index.js"},
                    "dependencies": {"express": "^4", "winston": "^3"},
                }
            ),
            "index.js": (
                "const files = [process.env.LOG_ERROR_PATH, process.env.LOG_ZIP_OLD_FILE,\n"
                "  process.env.LOG_DIR];\n"
                "require('express')().listen(3000);\n"
            ),
            ".env.example": "LOG_ERROR_PATH=logs/error-%DATE%.log\nLOG_ZIP_OLD_FILE=true\nLOG_DIR=var/log\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    mkdir = next(line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p"))
    assert {"/app/logs", "/app/var/log"} <= set(mkdir.split()) and "/app/true" not in dockerfile


def test_a_folder_made_under_the_working_folder_of_a_start_that_changes_into_the_build(
    tmp_path: Path,
) -> None:
    """nostream: `"start": "cd dist && node src/index.js"`, and its settings live in
    `process.env.NOSTR_CONFIG_DIR ?? join(process.cwd(), '.nostr')`, a folder it makes at
    start. The app runs in dist/, so dist/.nostr is the app user's (EACCES as uid 1000 in a
    root-owned /app) and kept in a volume."""
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(
                {
                    "name": "relay",
                    "scripts": {"build": "tsc", "start": "cd dist && node src/index.js"},
                    "dependencies": {"express": "^4", "knex": "^2", "pg": "^8"},
                    "devDependencies": {"typescript": "^5"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3}',
            "src/index.ts": "import express from 'express';\nexpress().listen(8008);\n",
            "src/utils/settings.ts": (
                "import { join } from 'path'\nexport const base = () =>\n"
                "  process.env.NOSTR_CONFIG_DIR ?? join(process.cwd(), '.nostr')\n"
            ),
        },
    )
    setup = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).setup
    assert "chown -R node:node /app/dist/.nostr" in render_dockerfile(setup)
    app = yaml.safe_load(render_compose(setup))["services"]["app"]
    assert any(v.endswith(":/app/dist/.nostr") for v in app.get("volumes", []))
