"""Layouts found by the m66 round of held-out projects, fixed in the next stop (see the issue
notes): each test holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

FIXTURES = Path(__file__).parent / "fixtures"

# Headphones' layout: an app run from its own tree. Headphones.py parses its options with
# argparse and starts the CherryPy server vendored in lib/; the package headphones/ holds the
# app; data/ holds its web assets; setup.cfg holds only the test runner's settings; nothing
# lists a dependency.
_RUN_FROM_TREE = {
    "Headphones.py": (
        "import argparse\nimport os\nimport sys\n\n"
        "sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'lib'))\n\n"
        "import headphones\n\n\ndef main():\n"
        "    parser = argparse.ArgumentParser(description='Music add-on')\n"
        "    parser.add_argument('-d', '--daemon', action='store_true', help='Run as a daemon')\n"
        "    parser.add_argument('-p', '--port', type=int, help='Force a port')\n"
        "    parser.add_argument('--datadir', help='Where to store your data files')\n"
        "    parser.add_argument('--nolaunch', action='store_true', help='No browser')\n"
        "    parser.add_argument('--host', help='Specify a host (default - localhost)')\n"
        "    args = parser.parse_args()\n    headphones.start(args)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    ),
    "headphones/__init__.py": "import cherrypy\n\n\ndef start(args):\n    cherrypy.engine.start()\n",
    "headphones/config.py": (
        "_CONFIG_DEFINITIONS = {\n"
        "    'HTTP_HOST': (str, 'General', 'localhost'),\n"
        "    'HTTP_PORT': (int, 'General', 8181),\n"
        "    'LOG_DIR': (path, 'General', ''),\n"
        "}\n"
    ),
    "lib/cherrypy/__init__.py": "engine = None\n",
    "lib/cgi.py": "def escape(s):\n    return s\n",
    "lib/certifi/cacert.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    "data/interfaces/default/index.html": "<html></html>\n",
    "setup.cfg": "[nosetests]\nverbosity=2\ntests=headphones\n",
}


def test_an_app_run_from_its_tree_starts_its_script_with_the_options_a_container_needs(
    tmp_path: Path,
) -> None:
    """Headphones and LazyLibrarian: advisor found no project (no requirements.txt, and setup.cfg
    made it `pip install .`, which has nothing to build), wrote `python app.py` and mounted a
    requirements.txt that does not exist. The script is the start, given every address, the
    published port, a data folder the app user owns (not data/, the app's own web assets) and
    no browser; the image installs nothing."""
    folder = write_tree(tmp_path / "headphones", _RUN_FROM_TREE)
    app = inspect_project(folder).primary
    assert app is not None and app.language.value == "python" and app.package_manager is None
    advice = advise({"host_os": "linux"}, folder=folder)
    build = advice.setup.build
    assert build.start == (
        *("python", "Headphones.py", "--host", "0.0.0.0", "--port", "8000"),
        *("--datadir", "appdata", "--nolaunch"),
    )
    assert build.kind == "server" and build.vendored
    files = advice.files()
    dockerfile = files["Dockerfile"]
    assert "requirements.txt" not in dockerfile and "pip install" not in dockerfile
    assert "HEALTHCHECK NONE" not in dockerfile
    assert "/app/appdata" in dockerfile and "/app/General" not in dockerfile
    assert_hadolint_clean(dockerfile, folder)
    assert ":/app/appdata" in files["run.sh"]  # its volume
    assert "runs from its own tree" in advice.report("en")
    assert "트리에서 바로 실행" in advice.report("ko")
    assert "no dependency file (requirements.txt" in advice.report("en")  # (the same note's words)
    assert "build stops at the install step" not in advice.report("en")


def test_a_setup_cfg_of_tool_settings_is_no_package_a_setup_cfg_with_metadata_is(tmp_path: Path) -> None:
    """Headphones' setup.cfg holds [nosetests] only (the test above: nothing to install); a
    setup.cfg with [metadata] and [options] still describes a package, installed with `pip install .`."""
    folder = write_tree(
        tmp_path / "svc",
        {
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "setup.cfg": "[metadata]\nname = svc\n\n[options]\ninstall_requires = flask\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.package_manager is not None
    assert app.package_manager.install == ("pip", "install", "--no-cache-dir", ".")
    (folder / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\n")
    assert inspect_project(folder).primary is None


def test_a_vendored_ca_bundle_reaches_the_image(tmp_path: Path) -> None:
    """Headphones' vendored requests loads lib/certifi/cacert.pem as it is imported; the
    .dockerignore left every *.pem out, and the app stopped with FileNotFoundError. Keys stay out."""
    folder = write_tree(tmp_path / "headphones", _RUN_FROM_TREE)
    ignore = advise({"host_os": "linux"}, folder=folder).files()[".dockerignore"].splitlines()
    assert ignore.index("**/*.pem") < ignore.index("!**/cacert.pem")
    assert "**/*.key" in ignore and "!**/*.key" not in ignore


def test_code_that_imports_a_module_python_3_13_removed_runs_on_3_12(tmp_path: Path) -> None:
    """`import imghdr` (PEP 594, gone in 3.13): the image uses 3.12, unless the project installs
    the module's PyPI copy or keeps its own (Headphones' lib/cgi.py for `import cgi`)."""
    folder = write_tree(
        tmp_path / "gallery",
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app.py": "import imghdr\nfrom flask import Flask\n\napp = Flask(__name__)\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.build.runtime_version == "3.12"
    assert "imports imghdr (removed in Python 3.13)" in advice.report("en")
    (folder / "requirements.txt").write_text("flask\ngunicorn\nstandard-imghdr\n")
    assert advise({"host_os": "linux"}, folder=folder).setup.build.runtime_version == "3.13"
    (folder / "requirements.txt").write_text("flask\ngunicorn\n")
    (folder / "imghdr.py").write_text("def what(f):\n    return None\n")
    assert advise({"host_os": "linux"}, folder=folder).setup.build.runtime_version == "3.13"
    # the run-from-tree app imports cgi, which it keeps in lib/: the newest line
    tree = write_tree(tmp_path / "headphones", _RUN_FROM_TREE)
    (tree / "headphones" / "web.py").write_text("import cgi\n")
    assert advise({"host_os": "linux"}, folder=tree).setup.build.runtime_version == "3.13"


# neonlink's layout: the root package.json only runs the packages in server/ and frontend/.
_RUNS_PACKAGES = {
    "package.json": json.dumps(
        {
            "name": "bookmarks",
            "main": "index.js",
            "scripts": {
                "dev-init": "npm install && cd ./frontend && npm install && cd ../server && npm install",
                "build-client": "cd ./frontend && npm run build",
                "start": "npm run build-client && cp -r ./frontend/build/* ./server/public/"
                " && cd ./server && npm start",
            },
            "devDependencies": {"concurrently": "^8.2.0"},
        }
    ),
    "package-lock.json": json.dumps({"name": "bookmarks", "lockfileVersion": 3, "packages": {}}),
    "server/package.json": json.dumps(
        {
            "name": "server",
            "type": "module",
            "scripts": {"start": "node server.js"},
            "dependencies": {"fastify": "^4.26.0", "@fastify/static": "^7.0.0", "better-sqlite3": "^11.0.0"},
        }
    ),
    "server/package-lock.json": json.dumps({"name": "server", "lockfileVersion": 3, "packages": {}}),
    "server/server.js": (
        "import Fastify from 'fastify';\nimport config from './plugins/config.js';\n\n"
        "const fastify = Fastify();\nfastify.register(config);\n"
        "const PORT = process.env.PORT || 3000;\nfastify.listen({ port: PORT, host: '0.0.0.0' });\n"
    ),
    "server/plugins/config.js": (
        "import FastifyStatic from '@fastify/static';\nimport * as fs from '../helpers/fileSystem.js';\n\n"
        "export default async function (fastify) {\n"
        "  fastify.register(FastifyStatic, { root: fs.joinPath(fs.rootPath, './public') });\n"
        '  fastify.setNotFoundHandler((req, rep) => {\n    rep.sendFile("index.html", "public");\n  });\n}\n'
    ),
    "server/helpers/fileSystem.js": (
        "export const rootPath = '.';\nexport function joinPath(...p) {\n  return p.join('/');\n}\n"
    ),
    "server/public/.gitkeep": "",
    "frontend/package.json": json.dumps(
        {
            "name": "frontend",
            "scripts": {"start": "react-scripts start", "build": "react-scripts build"},
            "dependencies": {"react": "^18.2.0", "react-dom": "^18.2.0", "react-scripts": "5.0.1"},
        }
    ),
    "frontend/package-lock.json": json.dumps({"name": "frontend", "lockfileVersion": 3, "packages": {}}),
    "frontend/public/index.html": '<!DOCTYPE html><div id="root"></div>\n',
    "frontend/src/index.js": "import React from 'react';\n",
}


def test_a_root_package_that_only_runs_its_folders_packages_is_no_app(tmp_path: Path) -> None:
    """neonlink: the root package.json has no dependencies and scripts that `cd ./server` and
    `cd ./frontend`, each a package of its own. advisor took the root for the app, ran `npm ci`
    on it (only `concurrently`) and the server stopped on its first import. The app is server/,
    installed from its own lockfile, and the client's build goes where the server sends its
    index.html from (fastify's `reply.sendFile("index.html", "public")`)."""
    folder = write_tree(tmp_path / "bookmarks", _RUNS_PACKAGES)
    facts = inspect_project(folder)
    assert facts.primary is not None and facts.primary.path == "server"
    assert "." not in {a.path for a in facts.apps}
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.answers.app_dir == "server"
    dockerfile = advice.files()["Dockerfile"]
    assert "source=server/package-lock.json,target=package-lock.json" in dockerfile
    assert "COPY --from=assets /app/frontend/build/ ./public/" in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["node", "server.js"]')
    # a root package with dependencies of its own is still the app
    package = json.loads(_RUNS_PACKAGES["package.json"])
    package["dependencies"] = {"express": "^4.19.0"}
    (folder / "package.json").write_text(json.dumps(package))
    assert inspect_project(folder).primary.path == "."


def test_a_console_script_that_declares_host_and_port_options_is_given_them(tmp_path: Path) -> None:
    """aw-server: `aw-server = "aw_server:main"`, whose package imports main from .main, where
    argparse declares --host and --port (defaults localhost:5600, from its config). advisor ran a
    bare `aw-server`, which listened on localhost inside the container: nothing answered."""
    folder = write_tree(
        tmp_path / "aw-server",
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "aw-server"\nversion = "0.13.0"\n\n'
                '[tool.poetry.scripts]\naw-server = "aw_server:main"\n\n'
                '[tool.poetry.dependencies]\npython = "^3.9"\nflask = "^3.0"\n\n'
                '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
            ),
            "poetry.lock": '[[package]]\nname = "flask"\nversion = "3.0.3"\n',
            "aw_server/__init__.py": "from .__about__ import __version__\nfrom .main import main\n",
            "aw_server/__about__.py": '__version__ = "0.13.0"\n',
            "aw_server/main.py": (
                "import argparse\n\nfrom .server import _start\n\n\ndef main():\n"
                "    parser = argparse.ArgumentParser()\n"
                '    parser.add_argument("--testing", action="store_true")\n'
                "    parser.add_argument(\n"
                '        "--host", dest="host", help="Which host address to bind the server to"\n    )\n'
                '    parser.add_argument("--port", dest="port", type=int, help="Which port")\n'
                "    args = parser.parse_args()\n"
                "    _start(host=args.host or 'localhost', port=args.port or 5600)\n"
            ),
            "aw_server/server.py": (
                "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
                "def _start(host, port):\n    app.run(host=host, port=port)\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    port = str(advice.setup.app_port)
    assert advice.setup.build.start == ("aw-server", "--host", "0.0.0.0", "--port", port)
    assert (
        advice.files()["Dockerfile"]
        .rstrip()
        .endswith(f'CMD ["aw-server", "--host", "0.0.0.0", "--port", "{port}"]')
    )


def test_a_thinkjs_server_with_a_vite_admin_is_a_server(tmp_path: Path) -> None:
    """firekylin: ThinkJS 3 serves the blog (`node development.js`, port 8360 in its config);
    Vite builds only its admin UI. advisor took it for a static site served by nginx."""
    folder = write_tree(
        tmp_path / "blog",
        {
            "package.json": json.dumps(
                {
                    "name": "blog",
                    "scripts": {"start": "node development.js", "build": "vite build"},
                    "dependencies": {"thinkjs": "^3.2.15", "think-model-mysql": "^1.1.7"},
                    "devDependencies": {"vite": "^5.4.0", "think-watcher": "^3.0.4"},
                }
            ),
            "package-lock.json": json.dumps({"name": "blog", "lockfileVersion": 3, "packages": {}}),
            "development.js": "const Application = require('thinkjs');\nnew Application({}).run();\n",
            "production.js": "const Application = require('thinkjs');\nnew Application({}).run();\n",
            "vite.config.ts": "export default {};\n",
            "index.html": "<div id='admin'></div>\n",
            "src/config/config.js": "module.exports = { port: 8360 };\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.kind == "server" and app.framework is not None
    assert app.framework.value == "thinkjs"
    dockerfile = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assert "nginx" not in dockerfile and 'CMD ["node", "development.js"]' in dockerfile


def test_poetry_on_python_3_11_or_older_installs_into_a_venv_that_has_setuptools(tmp_path: Path) -> None:
    """glitchtip (Python 3.10, Poetry): an old drf-yasg imports pkg_resources and nothing in
    the main group declares setuptools. Every environment of that line had it (Poetry's own
    before 2.0); the venv Poetry 2 makes does not, so collectstatic stopped with
    "No module named 'pkg_resources'". On 3.11 and older, Poetry installs into Python's own venv."""
    folder = tmp_path / "shop"
    shutil.copytree(FIXTURES / "flask-poetry", folder)
    text = advise({"host_os": "linux", "runtime_version": "3.10"}, folder=folder).files()["Dockerfile"]
    venv = text.index("RUN python -m venv /app/.venv\n")
    assert venv < text.index("poetry install --only main")
    text = advise({"host_os": "linux", "runtime_version": "3.12"}, folder=folder).files()["Dockerfile"]
    assert "python -m venv" not in text and "poetry install --only main" in text


def test_the_projects_own_image_line_beats_the_cap_for_a_removed_module(tmp_path: Path) -> None:
    """photonix: one module imports distutils, yet both of the project's Dockerfiles run Python
    3.13 (and its Django 6 needs 3.12 or later). advisor lowered the line to 3.11, where pip
    found no Django 6: the project's own image says the code runs on its line."""
    folder = write_tree(
        tmp_path / "photos",
        {
            "requirements.txt": "Django==6.0.4\ngunicorn\n",
            "manage.py": (
                "import os\nimport sys\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'web.settings')\n"
            ),
            "web/__init__.py": "",
            "web/settings.py": (
                "SECRET_KEY = 'x'\nROOT_URLCONF = 'web.urls'\nWSGI_APPLICATION = 'web.wsgi.application'\n"
            ),
            "web/wsgi.py": (
                "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n"
            ),
            "web/urls.py": "urlpatterns = []\n",
            "web/versions.py": "from distutils.version import LooseVersion\n",
            "docker/Dockerfile.prod": "FROM python:3.13-slim\nCOPY . /srv\n",
        },
    )
    assert advise({"host_os": "linux"}, folder=folder).setup.build.runtime_version == "3.13"
    (folder / "docker" / "Dockerfile.prod").unlink()
    assert advise({"host_os": "linux"}, folder=folder).setup.build.runtime_version == "3.11"


def test_a_log_file_collectstatic_opens_beside_the_code_is_the_app_users(tmp_path: Path) -> None:
    """AdventureLog: the settings' LOGGING opens `scheduler.log` in the working folder. The
    build-time collectstatic loads them as root and left the file root's: gunicorn and the
    migrations stopped on PermissionError. Files collectstatic creates there become the app user's."""
    folder = tmp_path / "web"
    shutil.copytree(FIXTURES / "django-gunicorn", folder)
    settings = folder / "config" / "settings" / "base.py"
    settings.write_text(
        settings.read_text()
        + "\nLOGGING = {\n    'version': 1,\n    'handlers': {\n"
        + "        'file': {'class': 'logging.FileHandler', 'filename': 'scheduler.log'},\n    },\n}\n"
    )
    text = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    run = text[text.index("RUN touch /tmp/.collectstatic && ") :]
    run = run[: run.index("\n\n")]
    assert "python manage.py collectstatic --noinput" in run
    assert '&& find . -maxdepth 1 -type f -newer /tmp/.collectstatic -exec chown "${UID}:${UID}" {} +' in run
    assert run.index("-newer /tmp/.collectstatic") < run.index("find /tmp /var/tmp -mindepth 1 -delete")
    assert_hadolint_clean(text, folder)


def test_an_analog_app_is_a_server_and_a_committed_npm_lock_beats_a_declared_yarn(tmp_path: Path) -> None:
    """domain-locker: Analog (Angular with a Nitro server) starts with `node
    dist/analog/server/index.mjs`; advisor served its build with nginx as a static front end.
    Its packageManager says yarn@1.22.22, but the repository commits package-lock.json only (its
    own image runs `npm ci`): advisor ran an unlocked `yarn install`."""
    folder = write_tree(
        tmp_path / "domains",
        {
            "package.json": json.dumps(
                {
                    "name": "domains",
                    "packageManager": "yarn@1.22.22",
                    "engines": {"node": ">=20.0.0"},
                    "scripts": {"build": "ng build", "start": "node dist/analog/server/index.mjs"},
                    "dependencies": {
                        "@analogjs/platform": "^1.9.0",
                        "@angular/core": "^18.2.0",
                        "pg": "^8.13.0",
                    },
                }
            ),
            "package-lock.json": json.dumps({"name": "domains", "lockfileVersion": 3, "packages": {}}),
            "angular.json": "{}\n",
            "vite.config.ts": (
                "import analog from '@analogjs/platform';\nexport default { plugins: [analog()] };\n"
            ),
            "src/main.ts": "import 'zone.js';\n",
            "src/server/routes/api/health.ts": "export default defineEventHandler(() => ({ ok: true }));\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.kind == "server"
    assert app.package_manager is not None and app.package_manager.name == "npm"
    assert app.package_manager.version is None
    text = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assert "nginx" not in text and "yarn" not in text and "npm install --global" not in text
    assert "    npm ci\n" in text and text.rstrip().endswith('CMD ["node", "dist/analog/server/index.mjs"]')
    # with yarn.lock committed, the declared yarn it is
    (folder / "yarn.lock").write_text("# yarn lockfile v1\n")
    app = inspect_project(folder).primary
    assert app is not None and app.package_manager is not None and app.package_manager.name == "yarn"


def test_programs_the_projects_image_installs_for_the_app_to_run_are_installed(tmp_path: Path) -> None:
    """rdiffweb's image installs rdiff-backup (beside its own package, `${PACKAGE}`), which the
    app runs and stops without (`can't find rdiff-backup executable in PATH`)."""
    folder = write_tree(
        tmp_path / "backups",
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "Dockerfile": (
                "FROM python:3.13-trixie\nARG PACKAGE=rdiffweb\n"
                "RUN apt update && \\\n"
                "    apt install -y --no-install-recommends ${PACKAGE} rdiff-backup && \\\n"
                "    rm -rf /var/lib/apt/lists/*\n"
            ),
        },
    )
    text = advise({"host_os": "linux"}, folder=folder).files()["Dockerfile"]
    assert "apt-get install -y --no-install-recommends rdiff-backup" in text
    assert "${PACKAGE}" not in text


def test_a_host_list_the_code_splits_without_a_default_is_this_machines_in_development(
    tmp_path: Path,
) -> None:
    """bearblog: `os.getenv('MAIN_SITE_HOSTS').split(',')` in a view (and with a default in its
    middleware). advisor took the bare read for an optional one and left the variable unset: every
    page answered 500 (None has no split). It is required, and in development it is this machine,
    also with the port (the app compares it with the Host header)."""
    folder = tmp_path / "blog"
    shutil.copytree(FIXTURES / "django-gunicorn", folder)
    (folder / "blog" / "views.py").write_text(
        "import os\n\n\ndef home(request):\n"
        "    sites = os.getenv('MAIN_SITE_HOSTS').split(',')\n    return sites\n"
    )
    (folder / "blog" / "middleware.py").write_text(
        "import os\n\n\ndef hosts():\n    return set(os.getenv('MAIN_SITE_HOSTS', '').split(','))\n"
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=folder).files()
    assert "MAIN_SITE_HOSTS=localhost,127.0.0.1,localhost:8000,127.0.0.1:8000" in files[".env"].splitlines()
    assert "MAIN_SITE_HOSTS: ${MAIN_SITE_HOSTS:?set it in .env}" in files["compose.yaml"]


def test_an_object_of_required_reads_the_code_checks_makes_them_required(tmp_path: Path) -> None:
    """bloben-api: `const requiredEnvs = { HOST: process.env.HOST, DB_ENTITIES: process.env.DB_ENTITIES,
    … }`, then a throw for each one that is empty, as the app starts. advisor set none of the
    names it could not know and the app stopped on `Missing required env: DB_ENTITIES`: they
    are required, so compose.yaml asks for them. The settings' `host: process.env.APP_DOMAIN`
    beside a `database: {…}` object is no database host (advisor set APP_DOMAIN to `db`)."""
    folder = write_tree(
        tmp_path / "calendar",
        {
            "package.json": json.dumps(
                {
                    "name": "calendar",
                    "scripts": {"build": "tsc", "start": "node dist/index.js"},
                    "dependencies": {"express": "^4.19.0", "typeorm": "^0.3.20", "pg": "^8.13.0"},
                    "devDependencies": {"typescript": "^5.6.0"},
                }
            ),
            "package-lock.json": json.dumps({"name": "calendar", "lockfileVersion": 3, "packages": {}}),
            "tsconfig.json": json.dumps({"compilerOptions": {"outDir": "dist", "rootDir": "src"}}),
            "src/index.ts": "import express from 'express';\nimport { loadEnv } from './config/env';\n\n"
            "const env = loadEnv();\nexpress().listen(Number(process.env.PORT) || 3000);\n",
            "src/config/env.ts": (
                "import { forEach } from 'lodash';\n\nconst requiredEnvs: any = {\n"
                "  HOST: process.env.HOST,\n  DB_HOST: process.env.DB_HOST,\n"
                "  DB_ENTITIES: process.env.DB_ENTITIES,\n};\n\n"
                "export const loadEnv = () => {\n  forEach(requiredEnvs, (value, key) => {\n"
                "    if (!value) {\n      throw Error(`Missing required env: ${key}`);\n    }\n  });\n"
                "  return {\n    host: process.env.APP_DOMAIN,\n    database: {\n"
                "      host: process.env.DB_HOST,\n      database: process.env.DB_DATABASE,\n"
                "      entities: process.env.DB_ENTITIES,\n    },\n  };\n};\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None
    required = {v.name for v in app.env_vars if v.required}
    assert {"HOST", "DB_HOST", "DB_ENTITIES"} <= required
    compose = advise({"host_os": "linux", "database": "postgres"}, folder=folder).files()["compose.yaml"]
    assert "DB_ENTITIES: '${DB_ENTITIES:?the app needs it: set it in .env}'" in compose
    assert "DB_HOST: db" in compose
    # the settings object's host (the app's domain) is not the database's, whose object is inside
    assert "APP_DOMAIN: db" not in compose


def test_the_requirements_the_readme_installs_and_a_database_folder_above_the_settings(
    tmp_path: Path,
) -> None:
    """biostar-central: setup.py packages only its tools (no install_requires); the README
    says `pip install -r conf/requirements.txt`, which holds Django. advisor ran `pip install .`
    and the migrations stopped on `No module named 'django'`. Its settings keep SQLite in
    `DATABASE_DIR = os.path.join(BASE_DIR, 'export', 'db')`, with `BASE_DIR = join(__CURR_DIR, "..")`:
    that folder is the volume the migrations and the app share."""
    folder = write_tree(
        tmp_path / "forum",
        {
            "setup.py": (
                "from setuptools import setup\n\n# Install the tools only!\n"
                "setup(name='forum-tools', packages=['forum.tools'])\n"
            ),
            "README.md": "# Forum\n\n    pip install -r conf/requirements.txt\n    ./manage.py migrate\n",
            "conf/requirements.txt": "django==4.2.16\n",
            "conf/requirements-dev.txt": "pytest\n",
            "manage.py": (
                "import os\nimport sys\n\nif __name__ == '__main__':\n"
                "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'forum.settings')\n"
                "    from django.core.management import execute_from_command_line\n"
                "    execute_from_command_line(sys.argv)\n"
            ),
            "forum/__init__.py": "",
            "forum/tools/__init__.py": "",
            "forum/wsgi.py": (
                "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n"
            ),
            "forum/urls.py": "urlpatterns = []\n",
            "forum/settings.py": (
                "import os\nfrom os.path import join\n\n__CURR_DIR = os.path.dirname(join(__file__))\n"
                'BASE_DIR = join(__CURR_DIR, "..")\nSECRET_KEY = "x"\nROOT_URLCONF = "forum.urls"\n'
                'WSGI_APPLICATION = "forum.wsgi.application"\n'
                "DATABASE_DIR = os.path.join(BASE_DIR, 'export', 'db')\n"
                "os.makedirs(DATABASE_DIR, exist_ok=True)\n"
                "DATABASE_NAME = os.path.join(\n"
                '    DATABASE_DIR, os.environ.setdefault("DATABASE_NAME", "database.db")\n)\n'
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': DATABASE_NAME}}\n"
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=folder).files()
    assert "python -m pip install -r conf/requirements.txt" in files["Dockerfile"]
    assert "pip install ." not in files["Dockerfile"]
    assert '--volume "$name-app-data:/app/export/db"' in files["run.sh"]


def test_of_two_apps_in_one_folder_the_language_of_the_projects_image_wins(tmp_path: Path) -> None:
    """paperless-ai: a Node web app (server.js, Express) with a FastAPI helper (main.py,
    requirements.txt) beside it in the same folder. Its image is `FROM node:22-slim`, and its
    start script runs the helper from a venv that image made, then the Node app. advisor packaged
    the Python helper alone: `/`, `/setup` and `/health` answered 404. The folder's own image names
    the language; its start script needs a Python the Node image lacks, so the package's main runs."""
    folder = write_tree(
        tmp_path / "docs-ai",
        {
            "package.json": json.dumps(
                {"name": "docs-ai", "main": "server.js", "dependencies": {"express": "^4.21.0"}}
            ),
            "package-lock.json": json.dumps({"name": "docs-ai", "lockfileVersion": 3, "packages": {}}),
            "server.js": "const express = require('express');\nexpress().listen(process.env.PORT || 3000);\n",
            "requirements.txt": "fastapi\nuvicorn\n",
            "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "start-services.sh": (
                "#!/bin/bash\nsource /app/venv/bin/activate\npython main.py --host 127.0.0.1 --port 8000 &\n"
                "pm2-runtime ecosystem.config.js\n"
            ),
            "Dockerfile": 'FROM node:22-slim\nCOPY . .\nCMD ["./start-services.sh"]\n',
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.language.value == "node"
    assert app.start is not None and app.start.argv == ("node", "server.js")
    (folder / "Dockerfile").write_text('FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "main:app"]\n')
    app = inspect_project(folder).primary
    assert app is not None and app.language.value == "python"


def test_configargparse_options_are_read_from_their_prefixed_variables(tmp_path: Path) -> None:
    """rdiffweb: ConfigArgParse with `auto_env_var_prefix='RDIFFWEB_'` reads `--server-host`
    (default 127.0.0.1) as RDIFFWEB_SERVER_HOST and `--database-uri` as RDIFFWEB_DATABASE_URI.
    advisor knew neither: the server listened on 127.0.0.1 inside the container, and the database
    URL went only to the test suite's variable."""
    folder = write_tree(
        tmp_path / "backups",
        {
            "requirements.txt": "cherrypy\nconfigargparse\nsqlalchemy\npsycopg2-binary\n",
            "backups/__init__.py": "",
            "backups/main.py": (
                "from backups.config import parse_args\n\n\nif __name__ == '__main__':\n    parse_args()\n"
            ),
            "backups/config.py": (
                "import configargparse\n\n\ndef parse_args():\n"
                "    parser = configargparse.ArgumentParser(auto_env_var_prefix='BACKUPS_')\n"
                "    parser.add(\n        '--database-uri',\n        '--sqlitedb-file',\n"
                "        metavar='URI',\n"
                "        default='/etc/backups/backups.db',\n    )\n"
                "    parser.add('--server-host', '--serverhost', metavar='IP', default='127.0.0.1')\n"
                "    parser.add('--server-port', metavar='PORT', type=int, default=8080)\n"
                "    return parser.parse_args()\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None
    found = {v.name: v for v in app.env_vars}
    assert found["BACKUPS_SERVER_HOST"].default == "127.0.0.1"
    assert found["BACKUPS_SERVER_PORT"].default == "8080"
    assert "BACKUPS_DATABASE_URI" in found


def test_code_that_imports_sqlalchemy_gets_the_listed_drivers_url_scheme(tmp_path: Path) -> None:
    """rdiffweb: SQLAlchemy comes through cherrypy-foundation[db], not its own line; the project
    lists psycopg2 (`.[postgresql]`). A plain `postgresql://` made SQLAlchemy 2.1 load psycopg 3,
    which is not installed ("No module named 'psycopg'"); the code importing SQLAlchemy is enough."""
    folder = write_tree(
        tmp_path / "backups",
        {
            "requirements.txt": "cherrypy-foundation[db]\npsycopg2-binary\n",
            "app.py": (
                "import os\n\nfrom sqlalchemy import create_engine\n\n"
                "engine = create_engine(os.environ.get('DATABASE_URL', 'sqlite:///app.db'))\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.db_url_scheme is not None
    assert app.db_url_scheme.value == "postgresql+psycopg2"


def test_a_project_with_a_dependency_file_keeps_its_folders_as_code(tmp_path: Path) -> None:
    """The run-from-tree reading (its other folders are vendored libraries, not scanned) is for
    a project with no dependency file only: beside requirements.txt, `shop.py` next to `shop/`
    is an ordinary entry script, and `settings/` is the app's own code, whose reads count."""
    folder = write_tree(
        tmp_path / "shop",
        {
            "requirements.txt": "flask\ngunicorn\n",
            "shop.py": "from shop import create_app\n\nif __name__ == '__main__':\n    create_app().run()\n",
            "shop/__init__.py": (
                "from flask import Flask\n\nfrom settings.base import SECRET\n\n\n"
                "def create_app():\n    return Flask(__name__)\n"
            ),
            "settings/__init__.py": "",
            "settings/base.py": "import os\n\nSECRET = os.environ['SHOP_SIGNING_SECRET']\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.package_manager is not None
    assert "SHOP_SIGNING_SECRET" in {v.name for v in app.env_vars}


def test_a_development_script_that_syncs_the_models_is_not_the_apps_start(tmp_path: Path) -> None:
    """opencollective-api: `scripts/db_setup.js` (the `db:setup` script, "mostly used for
    setting up the development environment") calls `sequelize.sync({ force: true })`. advisor
    said the app makes its tables as it starts and wrote no migration step, while the schema
    comes from `db:migrate`. A file in scripts/ counts only when the start command runs it."""
    folder = write_tree(
        tmp_path / "api",
        {
            "package.json": json.dumps(
                {
                    "name": "api",
                    "main": "server/index.js",
                    "scripts": {
                        "start": "node server/index.js",
                        "db:setup": "node ./scripts/db_setup.js",
                        "db:migrate": "sequelize db:migrate",
                    },
                    "dependencies": {"express": "^4.21.0", "sequelize": "^6.37.0", "pg": "^8.13.0"},
                    "devDependencies": {"sequelize-cli": "^6.6.2"},
                }
            ),
            "package-lock.json": json.dumps({"name": "api", "lockfileVersion": 3, "packages": {}}),
            "server/index.js": (
                "const express = require('express');\nconst models = require('./models');\n\n"
                "express().listen(process.env.PORT || 3000);\n"
            ),
            "server/models/index.js": (
                "const { Sequelize } = require('sequelize');\n\n"
                "module.exports = new Sequelize(process.env.DATABASE_URL);\n"
            ),
            "scripts/db_setup.js": (
                "const models = require('../server/models');\n\nmodels.sequelize.sync({ force: true });\n"
            ),
            "migrations/20240101000000-init.js": (
                "module.exports = { up: async () => {}, down: async () => {} };\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.schema_maker is None
    # the same call in a file the start command runs is the app's own
    (folder / "package.json").write_text(
        json.dumps(
            {
                "name": "api",
                "scripts": {"start": "node scripts/db_setup.js"},
                "dependencies": {"express": "^4.21.0", "sequelize": "^6.37.0", "pg": "^8.13.0"},
            }
        )
    )
    app = inspect_project(folder).primary
    assert app is not None and app.schema_maker is not None
