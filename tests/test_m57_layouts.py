"""Project shapes met in held-out public projects (m57 round): a start script that watches the
TypeScript sources while the project's own image runs a production script, and a server's
port read through the project's own settings helper."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import assert_not_required, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_SCRIPTS = {
    "build": "rimraf dist && tsc --build",
    "start": "nodemon --exec 'yarn fix & node' --import ./ts-node.register.mjs ./src/index.ts",
    "backend-production": "yarn migrate-production && cd ./dist/src"
    " && node --import ../instrument.mjs index.js",
    "migrate-production": "typeorm -d dist/src/db/index.js migration:run",
}
_CONFIG = (
    "function defaultsNumber(key: string, defaultValue: number): number {\n"
    "  return process.env[key] ? +process.env[key]! : defaultValue;\n}\n"
    "export default {\n  DB_PORT: defaultsNumber('DB_PORT', 5432),\n"
    "  BACKEND_PORT: defaultsNumber('BACKEND_PORT', 3201),\n};\n"
)


def _backend(root: Path, dockerfile_cmd: str) -> Path:
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "@retro/backend",
                    "type": "module",
                    "scripts": _SCRIPTS,
                    "dependencies": {"express": "4.21.0", "typeorm": "0.3.20", "pg": "8.13.0"},
                    "devDependencies": {"nodemon": "3.1.0", "typescript": "5.6.0", "ts-node": "10.9.2"},
                }
            ),
            "yarn.lock": "# yarn lockfile v1\n",
            ".env.example": "DB_HOST=localhost\nBACKEND_PORT=8081\n",
            "src/config.ts": _CONFIG,
            "src/index.ts": "import express from 'express';\nimport config from './config';\n"
            "const app = express();\nconst port = config.BACKEND_PORT || 8081;\napp.listen(port);\n",
            "tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}\n',
            "Dockerfile": "FROM node:22-alpine\nRUN yarn install\nCOPY . .\nRUN yarn build\n"
            f"CMD {dockerfile_cmd}\n",
        },
    )
    return root


def test_the_project_images_production_script_starts_the_app_when_start_watches(tmp_path: Path) -> None:
    """retro-board: `start` runs nodemon over the TypeScript sources (ts-node, a dev
    dependency the image drops); its own Dockerfile runs `yarn backend-production`, whose
    server step runs the compiled file in dist/."""
    app = inspect_project(_backend(tmp_path / "api", '[ "yarn", "backend-production" ]')).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("sh", "-c", "cd ./dist/src && exec node --import ../instrument.mjs index.js")
    assert app.start.detail.endswith("scripts.backend-production")


def test_an_images_package_script_that_is_the_watcher_itself_is_not_taken(tmp_path: Path) -> None:
    """`CMD ["yarn", "start"]` names the watcher: nodemon is dropped, node runs the file."""
    app = inspect_project(_backend(tmp_path / "api", '["yarn", "start"]')).primary
    assert app is not None and app.start is not None
    assert "backend-production" not in app.start.detail
    assert "nodemon" not in app.start.argv and "&" not in app.start.argv


def test_a_port_read_through_the_projects_settings_helper_is_the_apps_and_its_variable_set(
    tmp_path: Path,
) -> None:
    """`BACKEND_PORT: defaultsNumber('BACKEND_PORT', 3201)`: the app listens on 3201 unless
    BACKEND_PORT says otherwise; the image publishes 3201 and the app gets BACKEND_PORT=3201
    (not the DB_PORT beside it)."""
    root = _backend(tmp_path / "api", '[ "yarn", "backend-production" ]')
    app = inspect_project(root).primary
    assert app is not None and app.port is not None
    assert app.port.value == 3201
    files = advise({"host_os": "linux", "database": "postgres", "cache": "none"}, folder=root).files()
    app_service = yaml.safe_load(files["compose.yaml"])["services"]["app"]
    assert app_service["environment"]["BACKEND_PORT"] == "3201"
    assert "DB_PORT" not in app_service["environment"] or app_service["environment"]["DB_PORT"] == "5432"
    assert "EXPOSE 3201" in files["Dockerfile"]


def test_a_script_run_by_hand_from_a_folder_that_is_no_package_requires_nothing(tmp_path: Path) -> None:
    """psono-server's var/download_translations.py reads `os.environ["POEDITOR_API_KEY"]`
    under a `__main__` guard, in a folder with no __init__.py: the server never imports it, so
    compose does not refuse to start without it; the settings' own variable stays required."""
    root = tmp_path / "vault"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\n",
            "vault/manage.py": "import os, sys\nif __name__ == '__main__':\n"
            "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'vault.settings')\n"
            "    from django.core.management import execute_from_command_line\n"
            "    execute_from_command_line(sys.argv)\n",
            "vault/vault/__init__.py": "",
            "vault/vault/settings.py": "import os\nSECRET_KEY = os.environ['VAULT_SECRET_KEY']\n"
            "INSTALLED_APPS = []\n",
            "vault/vault/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "var/download_translations.py": "import os\nKEY = os.environ['POEDITOR_API_KEY']\n\n"
            "def main():\n    print(KEY)\n\nif __name__ == '__main__':\n    main()\n",
        },
    )
    assert_not_required(root, "POEDITOR_API_KEY", "VAULT_SECRET_KEY")


def _dashboard(root: Path, extra_code: str = "") -> Path:
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "stacks-ui",
                    "scripts": {"start": "tsx ./backend/index.ts"},
                    "dependencies": {"@louislam/sqlite3": "15.1.6", "mysql2": "3.11.0", "knex": "2.5.1"},
                }
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}\n',
            "backend/database.ts": "import sqlite from '@louislam/sqlite3';\n"
            "const dbConfig = JSON.parse(fs.readFileSync(path.join(dataDir, 'db-config.json'), 'utf8'));\n"
            + extra_code,
            "backend/index.ts": "const port = Number(process.env.STACKS_UI_PORT) || 5001;\n",
        },
    )
    return root


def test_sqlite_beside_a_server_driver_the_app_cannot_be_told_about_is_its_database(tmp_path: Path) -> None:
    """dockge: a scoped fork of sqlite3 (@louislam/sqlite3) and mysql2, whose server is set up
    in the app's own UI (a JSON file in its data folder): no MySQL service that nothing uses."""
    root = _dashboard(tmp_path / "ui")
    app = inspect_project(root).primary
    assert app is not None
    assert {s.kind for s in app.databases} == {"sqlite", "mysql"}
    advice = advise({"host_os": "linux"}, folder=root)
    assert advice.answers.database == "none"


def test_a_server_the_app_reads_its_address_for_stays_the_database(tmp_path: Path) -> None:
    """The same drivers, and the code reads MYSQL_HOST: MySQL, wired."""
    root = _dashboard(tmp_path / "ui", "const host = process.env.MYSQL_HOST;\n")
    assert advise({"host_os": "linux"}, folder=root).answers.database == "mysql"


def test_the_report_says_why_sqlite_and_warns_when_a_server_is_answered(tmp_path: Path) -> None:
    """The report names both drivers; answering the server anyway warns that the app will not
    connect to it, in English and Korean."""
    root = _dashboard(tmp_path / "ui")
    kept = advise({"host_os": "linux"}, folder=root).report()
    assert "`@louislam/sqlite3`" in kept and "`mysql2`" in kept and "no database server is set up" in kept
    forced = advise({"host_os": "linux", "database": "mysql"}, folder=root)
    assert "the MySQL database these files set up gets no connection" in forced.report()
    assert "`database: none`" in forced.report("ko") and "`@louislam/sqlite3`" in forced.report("ko")


def test_folders_a_path_from_a_root_name_points_at_are_the_apps_data(tmp_path: Path) -> None:
    """tududi's backend/config/config.js: `const projectRootPath = path.join(__dirname, '..')`,
    then `process.env.DB_FILE || path.join(projectRootPath, 'db', `${environment}.sqlite3`)` and
    `process.env.UPLOAD_PATH || path.join(projectRootPath, 'uploads')`: backend/db and
    backend/uploads are the app user's, kept in volumes; a root path that only reads (views) is not."""
    root = tmp_path / "tasks"
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {"name": "tasks", "main": "backend/app.js", "dependencies": {"express": "4", "sqlite3": "5"}}
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}\n',
            "backend/app.js": "const config = require('./config/config');\n"
            "require('express')().listen(3002);\n",
            "backend/config/config.js": "const path = require('path');\n"
            "const projectRootPath = path.join(__dirname, '..');\n"
            "const environment = process.env.NODE_ENV;\nmodule.exports = {\n"
            "  dbFile: process.env.DB_FILE ||\n"
            "    path.join(projectRootPath, 'db', `${environment}.sqlite3`),\n"
            "  uploadPath: process.env.UPLOAD_PATH || path.join(projectRootPath, 'uploads'),\n"
            "  views: path.join(projectRootPath, 'views'),\n};\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None
    found = {(w.path, w.kind) for w in app.writable_paths}
    assert {("backend/db", "data-dir"), ("backend/uploads", "data-dir")} <= found
    assert not any(w.path == "backend/views" for w in app.writable_paths)
    setup = advise({"host_os": "linux"}, folder=root).setup
    assert {"/app/backend/db", "/app/backend/uploads"} <= {f for _, f in setup.data_volumes()}
