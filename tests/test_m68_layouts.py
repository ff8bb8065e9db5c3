"""Layouts found by the m68 round of held-out projects, fixed in the stop that measured it
(see the issue notes): each test holds the shape of the real project that showed the gap,
written anew."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

# ckan's shape: a Flask app whose front-end tools are in the top package.json; its "build"
# script runs gulp, and its postinstall runs gulp too, to copy vendor libraries from
# node_modules into the app's public folder.
_CKAN = {
    "requirements.txt": "flask==3.1.0\npsycopg2==2.9.10\ngunicorn==23.0.0\n",
    "setup.py": "from setuptools import setup\nsetup(name='portal', packages=['portal'])\n",
    "portal/__init__.py": "",
    "portal/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "portal/public/base/css/main.css": "body {}\n",
    "package.json": (
        '{"name": "portal", "private": true, "scripts": {"build": "gulp build",'
        ' "postinstall": "gulp updateVendorLibs"}, "devDependencies": {"gulp": "^5"},'
        ' "dependencies": {"jquery": "^3"}}'
    ),
    "package-lock.json": '{"name": "portal", "lockfileVersion": 3, "requires": true, "packages": {}}',
    "gulpfile.js": (
        "const { src, dest } = require('gulp')\n"
        "exports.updateVendorLibs = () =>\n"
        "  src('node_modules/jquery/dist/*').pipe(dest('portal/public/vendor'))\n"
        "exports.build = () => src('portal/public/base/css/*').pipe(dest('portal/public/dist'))\n"
    ),
}


def test_an_assets_install_with_a_postinstall_of_the_projects_own_gets_its_files_first(
    tmp_path: Path,
) -> None:
    """ckan: `"postinstall": "gulp updateVendorLibs"` runs as `npm ci` installs, and gulp needs
    gulpfile.js, which the stage had not copied (only package.json and the lockfile were
    mounted): the build stopped. The project is copied before the install, and the vendor
    files the hook writes reach the image with the build's output."""
    folder = write_tree(tmp_path / "portal", _CKAN)
    dockerfile = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assets = dockerfile.split("AS assets", 1)[1].split(" AS build", 1)[0]
    assert "postinstall" in assets
    copy, mark, install = (
        assets.index("COPY . /app/"),
        assets.index("touch /tmp/before-build"),
        assets.index("npm ci"),
    )
    assert copy < mark < install < assets.index("npm run build") < assets.index("-newer /tmp/before-build")
    assert assets.count("COPY . /app/") == 1
    assert "COPY --from=assets /built/app/ ./" in dockerfile
    assert_hadolint_clean(dockerfile, folder)


def test_a_volume_the_projects_image_links_into_the_app_keeps_that_folder(tmp_path: Path) -> None:
    """fredy's Dockerfile: `VOLUME /db` and `ln -s /db /fredy/db` with WORKDIR /fredy. Its
    SQLite file is in the app's own db/ (config.json's sqlitepath "/db", relative to the app);
    advisor's image and run.sh kept nothing, and `--rm` lost the listings with the container.
    The linked folder is the volume, at the app's db/."""
    folder = write_tree(
        tmp_path / "fredy",
        {
            "package.json": (
                '{"name": "fredy", "main": "index.js", "scripts": {"start": "node index.js"},'
                ' "dependencies": {"better-sqlite3": "^12", "express": "^5"}}'
            ),
            "package-lock.json": '{"name": "fredy", "lockfileVersion": 3, "requires": true, "packages": {}}',
            "index.js": "require('./lib/storage')\nrequire('express')().listen(9998)\n",
            "lib/storage.js": (
                "const Database = require('better-sqlite3')\nconst cfg = require('../conf/config.json')\n"
                "const file = require('path').join(__dirname, '..', cfg.sqlitepath, 'listings.db')\n"
                "module.exports = new Database(file)\n"
            ),
            "conf/config.json": '{"sqlitepath": "/db"}',
            "db/.gitkeep": "",
            "Dockerfile": (
                "FROM node:22-slim\nRUN mkdir -p /db /conf /fredy\nWORKDIR /fredy\nCOPY . .\n"
                "RUN npm ci\nRUN ln -s /db /fredy/db \\\n  && ln -s /conf /fredy/conf\n"
                'EXPOSE 9998\nVOLUME /db\nVOLUME /conf\nCMD ["node", "index.js"]\n'
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=folder).files()
    run = files["run.sh"]
    assert ':/app/db"' in run and ':/app/conf"' in run


# rero-ils' shape: an Invenio app at the top (pyproject.toml with invenio-app and
# invenio-db[postgresql], uWSGI), its uWSGI settings in docker/uwsgi/ (a socket for nginx), and
# a webpack asset package deep in its theme whose start script is `webpack --watch`.
_RERO = {
    "pyproject.toml": (
        '[project]\nname = "library"\nversion = "1.0.0"\nrequires-python = ">=3.12"\n'
        'dependencies = [\n    "invenio-app (>=2.0.0,<3.0.0)",\n'
        '    "invenio-db [postgresql] (>=2.0.0,<3.0.0)",\n'
        '    "uwsgi>=2.0.30",\n]\n'
    ),
    "library/__init__.py": "",
    "library/config.py": "SEARCH_INDEX_PREFIX = 'library-'\n",
    "docker/uwsgi/uwsgi_rest.ini": "[uwsgi]\nsocket = 0.0.0.0:5000\nmodule = invenio_app.wsgi_rest:app\n",
    "docker/uwsgi/uwsgi_ui.ini": "[uwsgi]\nsocket = 0.0.0.0:5000\nmodule = invenio_app.wsgi_ui:application\n",
    "library/theme/webpack_assets/package.json": (
        '{"name": "invenio-assets", "private": true, "scripts": {'
        '"start": "NODE_PRESERVE_SYMLINKS=1 NODE_ENV=development webpack --watch --config ./build/w.js",'
        ' "build": "NODE_ENV=production webpack --config ./build/w.js"},'
        ' "dependencies": {"tinymce": "^6"}, "devDependencies": {"webpack": "^5"}}'
    ),
    "library/theme/webpack_assets/build/w.js": "module.exports = {}\n",
}


def test_a_webpack_watcher_is_no_server_and_the_python_app_at_the_top_is_the_app(tmp_path: Path) -> None:
    """rero-ils: advisor built the theme's webpack package as the app (`CMD webpack --watch`);
    a start script that only runs a bundler serves nothing. The Invenio app at the top is
    the app: its uWSGI settings in docker/uwsgi/ (the site's, not the REST API's) with HTTP on
    the app's port (their socket speaks uwsgi's protocol, to nginx), PostgreSQL from
    invenio-db's extra, and invenio-config's INVENIO_ names for the database and the key."""
    folder = write_tree(tmp_path / "library", _RERO)
    facts = inspect_project(folder)
    assert facts.primary is not None and facts.primary.path == "."
    webpack = facts.app("library/theme/webpack_assets")
    assert webpack is not None and webpack.kind == "static"
    assert facts.primary.start is not None
    assert facts.primary.start.argv == ("uwsgi", "--ini", "docker/uwsgi/uwsgi_ui.ini", "--http", ":8000")
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.evaluation.answers.database == "postgres"
    app_env = yaml.safe_load(advice.files()["compose.yaml"])["services"]["app"]["environment"]
    assert app_env["INVENIO_SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg2://")
    assert "INVENIO_SECRET_KEY" in app_env


def test_a_project_that_builds_its_own_rust_extension_gets_cargo_in_the_build_stage(tmp_path: Path) -> None:
    """synapse: `build-backend = "maturin"` with its crate in rust/ (Cargo.toml at the top);
    installing the project compiles it, and the slim image has no Rust: the install failed.
    The build stage gets Debian's cargo with the compiler; the final image does not."""
    folder = write_tree(
        tmp_path / "homeserver",
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "homeserver"\nversion = "1.0.0"\ndescription = ""\nauthors = []\n'
                'packages = [{include = "homeserver"}]\n\n[tool.poetry.dependencies]\npython = "^3.10"\n'
                'twisted = "^24"\n\n[tool.poetry.scripts]\nhomeserver = "homeserver.app:main"\n\n'
                '[build-system]\nrequires = ["maturin>=1.0,<2.0", "poetry-core>=2.0"]\n'
                'build-backend = "maturin"\n'
            ),
            "poetry.lock": '[[package]]\nname = "twisted"\nversion = "24.11.0"\n',
            "Cargo.toml": '[workspace]\nmembers = ["rust"]\n',
            "rust/Cargo.toml": '[package]\nname = "homeserver"\nversion = "0.1.0"\n',
            "rust/src/lib.rs": "",
            "homeserver/__init__.py": "",
            "homeserver/app.py": "def main():\n    pass\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    build_stage, final_stage = dockerfile.split(" AS final", 1)
    assert "build-essential" in build_stage and " cargo" in build_stage
    assert "cargo" not in final_stage


def test_a_laravel_mix_package_is_a_php_apps_assets_not_a_node_server(tmp_path: Path) -> None:
    """socioboard: its Laravel front end's package.json only runs laravel-mix (`"production":
    "mix --production"`), and advisor made it the Node app with `CMD mix --production`; the
    Node API in another folder is the server."""
    folder = write_tree(
        tmp_path / "social",
        {
            "web-php/package.json": (
                '{"private": true, "scripts": {"prod": "npm run production",'
                ' "production": "mix --production"},'
                ' "devDependencies": {"laravel-mix": "^6", "axios": "^0.21"}}'
            ),
            "web-php/composer.json": '{"require": {"laravel/framework": "^8"}}',
            "web-php/artisan": "#!/usr/bin/env php\n",
            "api/user/package.json": (
                '{"name": "user", "scripts": {"start": "node user.server.js"},'
                ' "dependencies": {"express": "^4", "mysql2": "^3"}}'
            ),
            "api/user/package-lock.json": '{"name": "user", "lockfileVersion": 3, "packages": {}}',
            "api/user/user.server.js": "require('express')().listen(3000)\n",
        },
    )
    facts = inspect_project(folder)
    php = facts.app("web-php")
    assert php is None or php.kind == "static"
    assert facts.primary is not None and facts.primary.path == "api/user"


def test_settings_the_projects_compose_gives_its_published_image_reach_the_app(tmp_path: Path) -> None:
    """wildduck: its compose file runs the published image with `APPCONF_dbs_mongo:
    mongodb://mongo:27017/wildduck`, `APPCONF_api_host: 0.0.0.0` and port 8080; wild-config reads
    APPCONF_<path> into its settings, so the code never names them. advisor gave DATABASE_URL
    (never read) and published 3000 while the API listened on 127.0.0.1:8080. The settings'
    names go to the app, the database's URL at the db service, and the port is the published one."""
    folder = write_tree(
        tmp_path / "wildduck",
        {
            "package.json": (
                '{"name": "wildduck", "main": "server.js", "scripts": {"start": "node server.js"},'
                ' "dependencies": {"wild-config": "^1", "mongodb": "^6", "ioredis": "^5", "restify": "^11"}}'
            ),
            "package-lock.json": '{"name": "wildduck", "lockfileVersion": 3, "packages": {}}',
            "server.js": "const config = require('wild-config')\nrequire('./api')(config.api)\n",
            "api.js": "module.exports = (c) => require('restify').createServer().listen(c.port, c.host)\n",
            "config/api.toml": 'port = 8080\nhost = "127.0.0.1"\n',
            "docker-compose.yml": (
                "services:\n  wildduck:\n    image: ghcr.io/zone-eu/wildduck\n    ports:\n"
                '      - "8080:8080"\n      - "143:143"\n    environment:\n'
                "      APPCONF_dbs_mongo: mongodb://mongo:27017/wildduck\n"
                "      APPCONF_dbs_redis: redis://redis:6379/3\n      APPCONF_api_host: 0.0.0.0\n"
                "  mongo:\n    image: mongo\n  redis:\n    image: redis:alpine\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "project_name": "wildduck"}, folder=folder)
    assert advice.setup.evaluation.answers.app_port == 8080
    app_env = yaml.safe_load(advice.files()["compose.yaml"])["services"]["app"]["environment"]
    assert (
        app_env["APPCONF_dbs_mongo"].startswith("mongodb://") and "@db:27017/" in app_env["APPCONF_dbs_mongo"]
    )
    assert "APPCONF_api_host" in app_env


def test_a_folder_a_tool_writes_from_the_modules_folder_belongs_to_the_app_user(tmp_path: Path) -> None:
    """teikei: `const compiledTemplateRoot = path.resolve(import.meta.dirname, '..', '..',
    'build', 'templates')`, then inky({ src, dest: path.resolve(compiledTemplateRoot, ...) }) as
    the app starts: under a root-owned /app the app stopped with ENOENT. build/templates is
    made and owned by the app's user."""
    folder = write_tree(
        tmp_path / "api",
        {
            "package.json": (
                '{"name": "api", "type": "module", "scripts": {"start": "node ./src/index.js"},'
                ' "dependencies": {"@feathersjs/express": "^5", "inky": "^1", "pg": "^8"}}'
            ),
            "package-lock.json": '{"name": "api", "lockfileVersion": 3, "packages": {}}',
            "src/index.js": "import './services/emails.js'\n",
            "src/services/emails.js": (
                "import path from 'path'\nimport inky from 'inky'\n\n"
                "const compiledTemplateRoot = path.resolve(\n  import.meta.dirname,\n  '..',\n  '..',\n"
                "  'build',\n  'templates'\n)\n\n"
                "export const compile = (src) =>\n"
                "  inky({ src, dest: path.resolve(compiledTemplateRoot, 'emails') })\n"
            ),
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assert (
        "mkdir -p /app/build/templates" in dockerfile
        and "chown -R node:node /app/build/templates" in dockerfile
    )


def test_migrate_mongos_up_script_is_the_release_step(tmp_path: Path) -> None:
    """sama-server: `"migrate-mongo-up": "npm run migrate-mongo up"`, its migrations in
    migrations/; the app expects them applied (its indexes, its seed documents)."""
    folder = write_tree(
        tmp_path / "chat",
        {
            "package.json": (
                '{"name": "chat", "main": "index.js", "type": "module", "scripts": {'
                '"migrate-mongo": "node -r dotenv/config node_modules/migrate-mongo/bin/migrate-mongo.js",'
                ' "migrate-mongo-up": "npm run migrate-mongo up", "start": "node index.js"},'
                ' "dependencies": {"mongodb": "^6", "migrate-mongo": "^11", "uWebSockets.js": "*"}}'
            ),
            "package-lock.json": '{"name": "chat", "lockfileVersion": 3, "packages": {}}',
            "index.js": "import { MongoClient } from 'mongodb'\nnew MongoClient(process.env.MONGODB_URL)\n",
            "migrate-mongo-config.js": "export default { mongodb: { url: process.env.MONGODB_URL } }\n",
            "migrations/20230101-init.js": "export const up = async () => {}\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.release is not None
    assert app.release.argv == ("npm", "run", "migrate-mongo-up")
