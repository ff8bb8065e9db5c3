"""Layouts found by the m64 and m65 rounds of held-out projects (see the issue notes): each
test holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.appdata import names_data_folder
from advisor.inspect import inspect_project
from advisor.inspect.home_data import home_folders

_WARRACKER_DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY backend/requirements.txt .
RUN pip install -r requirements.txt
COPY backend/fix_permissions.py backend/fix_permissions.sql ./
COPY backend/migrations/ ./migrations/
COPY frontend/ /var/www/html/
COPY backend/ ./backend/
COPY Docker/entrypoint.sh /app/entrypoint.sh
RUN chmod +x /app/entrypoint.sh
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["/usr/bin/supervisord"]
"""


def _warracker(root: Path, *, entrypoint_line: str = "python /app/migrations/apply_migrations.py") -> Path:
    """Warracker: a Flask app in backend/ whose tables come from a migration script that the
    project's image entrypoint (Docker/entrypoint.sh, outside the app's folder) runs by its
    place in the image, /app/migrations/, copied from backend/migrations/."""
    write_tree(
        root,
        {
            "Dockerfile": _WARRACKER_DOCKERFILE,
            "Docker/entrypoint.sh": '#!/bin/bash\nset -e\npg_isready -h "$DB_HOST"\n'
            f'{entrypoint_line}\npython /app/fix_permissions.py\nexec "$@"\n',
            "frontend/index.html": "<html></html>\n",
            "backend/__init__.py": "",
            "backend/requirements.txt": "flask==3.0.0\ngunicorn==22.0.0\npsycopg2-binary==2.9.9\n",
            "backend/app.py": "from flask import Flask\nimport os\nimport psycopg2\n\napp = Flask(__name__)\n"
            "conn = lambda: psycopg2.connect(host=os.environ.get('DB_HOST', 'localhost'))\n",
            "backend/migrations/__init__.py": "",
            "backend/migrations/apply_migrations.py": "import os\nimport psycopg2\n"
            "DB_HOST = os.environ.get('DB_HOST', 'localhost')\n",
            "backend/migrations/000_create_table.sql": "CREATE TABLE IF NOT EXISTS items (id serial);\n",
        },
    )
    return root


def test_migration_script_named_by_its_place_in_the_image_is_the_release_step(tmp_path: Path) -> None:
    root = _warracker(tmp_path)
    app = inspect_project(root).apps[0]
    assert app.path == "backend"
    assert app.release is not None
    assert app.release.argv == ("python", "migrations/apply_migrations.py")
    assert app.release.source == "Docker/entrypoint.sh"
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()
    compose = yaml.safe_load(files["compose.yaml"])
    migrate = next(s for name, s in compose["services"].items() if name != "app" and "build" in s)
    assert migrate["command"] == ["python", "migrations/apply_migrations.py"]


def test_image_script_outside_the_apps_folder_is_no_release_step(tmp_path: Path) -> None:
    # the entrypoint's script is copied from the top of the repository, which the app's build
    # context (backend/) does not hold: advisor cannot run it from its image
    root = _warracker(tmp_path, entrypoint_line="python /app/init_db.py")
    write_tree(root, {"init_db.py": "print('tables')\n"})
    (root / "Dockerfile").write_text(
        _WARRACKER_DOCKERFILE.replace("COPY frontend/", "COPY init_db.py ./\nCOPY frontend/")
    )
    assert inspect_project(root).apps[0].release is None


def test_image_script_the_copies_do_not_place_is_no_release_step(tmp_path: Path) -> None:
    root = _warracker(tmp_path, entrypoint_line="python /srv/migrations/apply_migrations.py")
    assert inspect_project(root).apps[0].release is None


_SPIDERFOOT_HELPERS = """\
import os
import json
import tempfile
from pathlib import Path


class SpiderFootHelpers():
    @staticmethod
    def dataPath() -> str:
        path = os.environ.get('SPIDERFOOT_DATA')
        if not path:
            path = f"{Path.home()}/.spiderfoot/"
        if not os.path.isdir(path):
            os.makedirs(path, exist_ok=True)
        return path

    @staticmethod
    def cachePath() -> str:
        path = os.environ.get('SPIDERFOOT_CACHE')
        if not path:
            path = f"{Path.home()}/.spiderfoot/cache"
        return path
"""


def _spiderfoot(root: Path) -> Path:
    """SpiderFoot: a CherryPy web UI keeping its SQLite database in the folder SPIDERFOOT_DATA
    names, else ~/.spiderfoot (a variable whose name says nothing of a folder)."""
    write_tree(
        root,
        {
            "requirements.txt": "cherrypy==18.8.0\n",
            "sf.py": "import cherrypy\nfrom spiderfoot import SpiderFootHelpers\n\n"
            "db = f'{SpiderFootHelpers.dataPath()}/spiderfoot.db'\n\n"
            "if __name__ == '__main__':\n    cherrypy.quickstart(None)\n",
            "spiderfoot/__init__.py": "from .helpers import SpiderFootHelpers\n",
            "spiderfoot/helpers.py": _SPIDERFOOT_HELPERS,
            "Dockerfile": "FROM python:3.12-slim\nWORKDIR /home/spiderfoot\nCOPY . .\n"
            'CMD ["python", "sf.py", "-l", "0.0.0.0:5001"]\n',
        },
    )
    return root


def test_a_variable_falling_back_to_a_home_folder_names_the_data_folder(tmp_path: Path) -> None:
    files = advise({"host_os": "linux"}, folder=_spiderfoot(tmp_path / "sf")).files()
    env = files["Dockerfile"].split("\nWORKDIR", 1)[0]
    assert "SPIDERFOOT_DATA=/app/data" in env
    assert "SPIDERFOOT_CACHE" not in env  # a cache is no data to keep
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]


def test_home_folder_fallbacks_are_read_in_their_usual_forms() -> None:
    text = (
        "import os\nfrom os.path import expanduser\nfrom pathlib import Path\n"
        "A = os.getenv('APP_HOME', os.path.expanduser('~/.app'))\n"
        "B = os.environ.get(\"B_STORE\", Path.home() / '.bstore')\n"
        "C = os.environ.get('C_DIR', os.path.join(os.path.expanduser('~'), '.c'))\n"
        "D = os.environ.get('D_FILE', expanduser('~/.d.sqlite'))\n"
        "E = os.environ.get('E_DIR', '/var/lib/e')\n"
    )
    homes = home_folders([text])
    assert homes == {"APP_HOME": "~/.app", "B_STORE": "~/.bstore", "C_DIR": "~/.c", "D_FILE": "~/.d.sqlite"}
    assert names_data_folder("APP_HOME", homes["APP_HOME"])
    assert not names_data_folder("D_FILE", homes["D_FILE"])  # a file, not a folder
    assert not names_data_folder("APP_CACHE", "~/.app")
    assert not names_data_folder("SPIDERFOOT_DATA", None)  # nothing says it is a folder


def _tock(root: Path, run_sh: str) -> Path:
    """Tock: a Django project in tock/ whose Procfile's web process is bin/run.sh."""
    write_tree(
        root,
        {
            "Procfile": "web: bin/run.sh\n",
            "bin/run.sh": run_sh,
            "requirements.txt": "django==4.2.0\ngunicorn==22.0.0\npsycopg2-binary==2.9.9\n",
            "tock/manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tock.settings.dev')\n"
            "from django.core.management import execute_from_command_line\n",
            "tock/tock/__init__.py": "",
            "tock/tock/settings/__init__.py": "",
            "tock/tock/settings/base.py": "WSGI_APPLICATION = 'tock.wsgi.application'\n",
            "tock/tock/settings/dev.py": "from .base import *\nDEBUG = True\n",
            "tock/tock/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    return root


_CLOUD_GOV = (
    "#/bin/bash\nset -o errexit\nset -o pipefail\ncd tock\n"
    "if [[ -v CF_INSTANCE_INDEX && $CF_INSTANCE_INDEX == 0 ]]\nthen\n"
    "  python manage.py migrate --settings=tock.settings.production --noinput\nfi\n"
    'KEY=$(echo "${VCAP_SERVICES}" | jq -r .key)\n'
    "gunicorn -t 120 -k gevent -w 2 tock.wsgi:application\n"
)


def test_a_cloud_foundry_launcher_in_the_procfile_is_no_start_command(tmp_path: Path) -> None:
    app = inspect_project(_tock(tmp_path, _CLOUD_GOV)).apps[0]
    assert app.start is not None
    assert app.start.argv == ("gunicorn", "tock.wsgi:application", "--bind", "0.0.0.0:8000")
    assert app.start.source != "Procfile"


def test_a_start_script_without_a_shebang_runs_through_its_shell(tmp_path: Path) -> None:
    bash = "#/bin/bash\nset -o pipefail\ncd tock\nexec gunicorn tock.wsgi:application\n"
    app = inspect_project(_tock(tmp_path / "bash", bash)).apps[0]
    assert app.start is not None and app.start.argv == ("bash", "bin/run.sh")
    plain = "cd tock\nexec gunicorn tock.wsgi:application\n"
    app = inspect_project(_tock(tmp_path / "sh", plain)).apps[0]
    assert app.start is not None and app.start.argv == ("sh", "bin/run.sh")
    shebang = "#!/bin/sh\ncd tock\nexec gunicorn tock.wsgi:application\n"
    app = inspect_project(_tock(tmp_path / "ok", shebang)).apps[0]
    assert app.start is not None and app.start.argv == ("bin/run.sh",)


def _ralph(root: Path, *, manage_py: bool = False) -> Path:
    """Ralph: a Django project in src/ralph with no manage.py; its console script `ralph` (in
    setup.py, beside dev_ralph and test_ralph) is its manage.py; no WSGI server among its
    dependencies."""
    write_tree(
        root,
        {
            "requirements.txt": "django==4.2.0\nmysqlclient==2.2.0\n",
            "setup.py": "from setuptools import setup, find_packages\nsetup(\n    name='ralph',\n"
            "    packages=find_packages('src'),\n    package_dir={'': 'src'},\n"
            "    entry_points={\n        'console_scripts': [\n"
            "            'dev_ralph = ralph.__main__:dev',\n"
            "            'ralph = ralph.__main__:prod',\n"
            "            'test_ralph = ralph.__main__:test',\n        ],\n    },\n)\n",
            "src/ralph/__init__.py": "",
            "src/ralph/__main__.py": "import os\nimport sys\n\n\ndef main(settings='ralph.settings'):\n"
            "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', settings)\n"
            "    from django.core.management import execute_from_command_line\n"
            "    execute_from_command_line(sys.argv)\n\n\ndef dev():\n    main('ralph.settings.dev')\n\n\n"
            "def test():\n    main('ralph.settings.test')\n\n\n"
            "def prod():\n    main('ralph.settings.prod')\n",
            "src/ralph/settings/__init__.py": "from .base import *  # noqa\n",
            "src/ralph/settings/base.py": "import os\nWSGI_APPLICATION = 'ralph.wsgi.application'\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql',\n"
            "    'NAME': os.environ.get('DATABASE_NAME', 'ralph_ng'),\n"
            "    'HOST': os.environ.get('DATABASE_HOST', '127.0.0.1')}}\n",
            "src/ralph/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            **(
                {
                    "manage.py": "import os\n"
                    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ralph.settings')\n"
                }
                if manage_py
                else {}
            ),
        },
    )
    return root


def test_the_console_script_that_is_the_projects_manage_py_runs_its_commands(tmp_path: Path) -> None:
    app = inspect_project(_ralph(tmp_path / "ralph")).apps[0]
    assert app.start is not None and app.start.argv == ("ralph", "runserver", "0.0.0.0:8000")
    assert app.release is not None and app.release.argv == ("ralph", "migrate", "--noinput")
    files = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path / "ralph").files()
    assert 'CMD ["ralph", "runserver", "0.0.0.0:8000"]' in files["Dockerfile"]
    assert "pip install --no-deps ." in files["Dockerfile"]  # the script exists once the project is installed
    migrate = yaml.safe_load(files["compose.yaml"])["services"]["migrate"]
    assert migrate["command"] == ["ralph", "migrate", "--noinput"]


def test_manage_py_keeps_its_place_beside_a_console_script(tmp_path: Path) -> None:
    app = inspect_project(_ralph(tmp_path / "ralph", manage_py=True)).apps[0]
    assert app.start is not None and app.start.argv == ("python", "manage.py", "runserver", "0.0.0.0:8000")
    assert app.release is not None and app.release.argv[:2] == ("python", "manage.py")


def test_a_browser_ui_package_is_never_taken_for_the_server(tmp_path: Path) -> None:
    # tracim: a Pyramid backend whose start nothing names, beside React packages whose only
    # "start" is their src/index.js (a module they export, built by webpack)
    ui = {
        "name": "frontend_app_agenda",
        "main": "index.js",
        "scripts": {"build": "webpack-cli", "servdev": "webpack-dev-server"},
        "dependencies": {"react": "^16.0.0", "react-dom": "^16.0.0"},
        "devDependencies": {"webpack": "^5.0.0", "webpack-cli": "^5.0.0"},
    }
    write_tree(
        tmp_path,
        {
            "backend/requirements.txt": "pyramid==2.0\nsqlalchemy==2.0.0\n",
            "backend/setup.py": "from setuptools import setup\nsetup(name='tracim_backend')\n",
            "backend/tracim_backend/__init__.py": "from pyramid.config import Configurator\n",
            "frontend_app_agenda/package.json": json.dumps(ui),
            "frontend_app_agenda/yarn.lock": "",
            "frontend_app_agenda/src/index.js": "import React from 'react'\n",
        },
    )
    apps = inspect_project(tmp_path).apps
    assert apps[0].path == "backend"
    assert [a.path for a in apps] == ["backend", "frontend_app_agenda"]


def test_a_node_app_data_folder_in_the_home_folder_is_kept_in_a_volume(tmp_path: Path) -> None:
    package = {
        "name": "notes",
        "scripts": {"start": "node server.js"},
        "dependencies": {"express": "^4.19.0", "better-sqlite3": "^11.0.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"name": "notes", "lockfileVersion": 3, "packages": {}}',
            "server.js": "const path = require('path');\nconst os = require('os');\n"
            "const express = require('express');\nconst Database = require('better-sqlite3');\n"
            "const dir = process.env.NOTES_STORE || path.join(os.homedir(), '.notes');\n"
            "const db = new Database(path.join(dir, 'notes.db'));\n"
            "express().listen(process.env.PORT || 3000);\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files()
    assert "NOTES_STORE=/app/data" in files["Dockerfile"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]


def _package_backend(root: Path, main: str, *, init: bool = True) -> Path:
    files = {
        "backend/requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nsqlalchemy==2.0.0\n",
        "backend/main.py": main,
        "backend/db.py": "engine = None\n",
        "backend/seed.py": "from .db import engine\n",
        "frontend/package.json": json.dumps(
            {"name": "ui", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "5"}}
        ),
    }
    if init:
        files["backend/__init__.py"] = ""
    write_tree(root, files)
    return root


def test_an_app_folder_that_is_a_package_imported_by_name_is_named_through_it(tmp_path: Path) -> None:
    # a FastAPI backend/ (its own requirements.txt) whose main.py imports `backend.db`: in the
    # image its contents are /app, so `main:app` would fail (no module named 'backend')
    main = "from fastapi import FastAPI\nfrom backend.db import engine\n\napp = FastAPI()\n"
    root = _package_backend(tmp_path / "abs", main)
    app = inspect_project(root).apps[0]
    assert app.path == "backend"
    assert app.start is not None
    assert app.start.argv[:2] == ("uvicorn", "backend.main:app")
    assert ("PYTHONPATH", "/opt/python") in app.start.env
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "PYTHONPATH=/opt/python:/app " in dockerfile
    assert "RUN mkdir -p /opt/python && ln -s /app /opt/python/backend" in dockerfile
    assert 'CMD ["uvicorn", "backend.main:app"' in dockerfile


def test_relative_imports_make_the_app_folder_a_package_too(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom .db import engine\n\napp = FastAPI()\n"
    app = inspect_project(_package_backend(tmp_path / "rel", main)).apps[0]
    assert app.start is not None and app.start.argv[1] == "backend.main:app"


def test_a_folder_of_plain_modules_keeps_its_module_names(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom db import engine\n\napp = FastAPI()\n"
    for root in (
        _package_backend(tmp_path / "plain", main),
        _package_backend(tmp_path / "noinit", main, init=False),
    ):
        (root / "backend/seed.py").write_text("from db import engine\n")  # no relative import either
        app = inspect_project(root).apps[0]
        assert app.start is not None and app.start.argv[1] == "main:app"
        assert ("PYTHONPATH", "/opt/python") not in app.start.env
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path / "plain").files()["Dockerfile"]
    assert "/opt/python" not in dockerfile


def test_package_commands_are_named_through_the_package() -> None:
    from advisor.inspect.facts import Command
    from advisor.inspect.package_folder import as_package
    from advisor.inspect.tree import Tree

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        write_tree(
            root,
            {
                "api/__init__.py": "def create_app():\n    pass\n",
                "api/seed.py": "from .models import Base\n",
                "api/plain.py": "print('no relative imports')\n",
                "api/models.py": "from api.db import engine\n",
                "api/db.py": "",
                "api/tasks/__init__.py": "",
            },
        )
        tree = Tree(root)
        texts = {f"api/{n}": (root / "api" / n).read_text() for n in ("__init__.py", "seed.py", "models.py")}
        start, release, worker = as_package(
            tree,
            "api",
            texts,
            Command(("gunicorn", "__init__:create_app()", "--bind", "0.0.0.0:8000"), ""),
            Command(("python", "seed.py"), ""),
            Command(("celery", "-A", "tasks", "worker"), ""),
        )
        assert start is not None and start.argv[1] == "api:create_app()"
        assert release is not None and release.argv == ("python", "-m", "api.seed")
        assert worker is not None and worker.argv == ("celery", "-A", "api.tasks", "worker")
        assert ("PYTHONPATH", "/opt/python") not in worker.env  # the image's, set once by the start
        _, plain, _ = as_package(tree, "api", texts, start, Command(("python", "plain.py"), ""), None)
        assert plain is not None and plain.argv == ("python", "plain.py")  # no relative imports


def test_the_report_explains_the_package_link_and_the_data_folder_variable(tmp_path: Path) -> None:
    main = "from fastapi import FastAPI\nfrom backend.db import engine\n\napp = FastAPI()\n"
    root = _package_backend(tmp_path / "abs", main)
    report = advise({"host_os": "linux"}, folder=root).files()["RECOMMENDATIONS.md"]
    assert "`/opt/python/backend` is a link to `/app`" in report
    ko = advise({"host_os": "linux"}, folder=root).files("ko")["RECOMMENDATIONS.md"]
    assert "`/opt/python/backend` 경로를 `/app` 폴더를 가리키는 링크로" in ko
    sf = advise({"host_os": "linux"}, folder=_spiderfoot(tmp_path / "sf")).files("ko")["RECOMMENDATIONS.md"]
    assert "`SPIDERFOOT_DATA` 변수는 앱이 데이터" in sf


def test_a_folder_served_through_a_settings_object_property_is_found() -> None:
    # KoInsight: express.static(appConfig.webBuildPath), the property set in config.ts from a
    # constant that holds __dirname
    from advisor.inspect.node_served import served_folders

    texts = {
        "apps/server/src/config.ts": "import path from 'path';\nconst BASE_PATH = __dirname;\n"
        "export const appConfig = {\n  port: 3000,\n"
        "  webBuildPath: path.join(BASE_PATH, '../../web/dist'),\n};\n",
        "apps/server/src/app.ts": "app.use(express.static(appConfig.webBuildPath));\n"
        "app.get('*', (req, res) => res.sendFile(path.join(appConfig.webBuildPath, 'index.html')));\n",
    }
    served = served_folders(texts, "apps/server")
    assert [(s.path, s.source) for s in served] == [("apps/web/dist", "apps/server/src/app.ts")]
    # a property nothing sets, or set from a variable of unknown value: nothing found
    texts["apps/server/src/config.ts"] = "export const appConfig = { webBuildPath: someDir };\n"
    assert served_folders(texts, "apps/server") == []


# Shapes an adversarial review of the above found (each failed before its fix).


def test_home_files_and_caches_are_no_data_folder() -> None:
    assert not names_data_folder("NOTEAPP_CONFIG", "~/.noteapprc")
    assert not names_data_folder("KUBECONFIG", "~/.kube/config")
    assert not names_data_folder("SSH_KEY_PATH", "~/.ssh/id_ed25519")
    assert names_data_folder("CATALOG_DATA_DIR", "~/.catalog")  # CATALOG is no LOG
    assert names_data_folder("BLOG_DATA", "~/.blog")
    assert (
        home_folders(['X = os.environ.get("TRACKER_DB", Path.home() / ".tracker" / "tracker.sqlite3")']) == {}
    )


def _image_script(root: Path, dockerfile: str, script_at: str, script: str) -> Path:
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.0.0\ngunicorn==22.0.0\npsycopg2-binary==2.9.9\n",
            "app/__init__.py": "from flask import Flask\napp = Flask(__name__)\n",
            "tools/apply_schema.py": "import psycopg2\n",
            "tools/wait_for_db.py": "import psycopg2\n",
            "tools/seed_demo.py": "import psycopg2\n",
            "start.sh": "#!/bin/sh\npython tools/seed_demo.py\nexec flask run\n",
            "Dockerfile": dockerfile,
            script_at: script,
        },
    )
    return root


_SCHEMA = (
    "#!/bin/sh\nset -e\npython /srv/shop/tools/wait_for_db.py\n"
    'python /srv/shop/tools/apply_schema.py\nexec "$@"\n'
)


def test_the_images_entrypoint_is_read_in_the_forms_docker_runs_it(tmp_path: Path) -> None:
    cases = {
        # a file into `.`, the working folder (Docker copies it in under its own name)
        "dot": ('COPY docker/start.sh .\nCMD ["./start.sh"]\n', "docker/start.sh"),
        # a script under a usual name, read through the image's copies all the same
        "usual": (
            'COPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
            "docker/entrypoint.sh",
        ),
        # a bare name: found on PATH, not in the working folder (where a development start.sh is)
        "path": ('COPY docker/run.sh /usr/local/bin/start.sh\nCMD ["start.sh"]\n', "docker/run.sh"),
        # tini as the entrypoint, the script as its command
        "tini": ('COPY docker/run.sh /run.sh\nENTRYPOINT ["tini", "--"]\nCMD ["/run.sh"]\n', "docker/run.sh"),
    }
    for name, (lines, script_at) in cases.items():
        dockerfile = "FROM python:3.12-slim\nWORKDIR /srv/shop\nCOPY . .\n" + lines
        app = inspect_project(_image_script(tmp_path / name, dockerfile, script_at, _SCHEMA)).apps[0]
        # the wait for the database is no set-up: the schema script after it is
        assert app.release is not None and app.release.argv == ("python", "tools/apply_schema.py"), name


def test_the_django_console_script_is_the_function_that_runs_management(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "acme"\ndependencies = ["django>=4.2", "click"]\n'
            '[project.scripts]\nacme = "acme.cli:main"\nacme-manage = "acme.cli:manage"\n',
            "acme/__init__.py": "",
            "acme/cli.py": "import click\nimport os\n\n\n@click.group()\ndef main():\n    pass\n\n\n"
            "def _run(argv):\n    from django.core.management import execute_from_command_line\n"
            "    execute_from_command_line(argv)\n\n\ndef manage():\n"
            "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'acme.settings')\n    _run(None)\n",
            "acme/settings.py": "WSGI_APPLICATION = 'acme.wsgi.application'\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv[:2] == ("acme-manage", "runserver")
    assert app.start.source == "pyproject.toml"  # where the script is declared (there is no setup.py)
    assert app.release is not None and app.release.argv == ("acme-manage", "migrate", "--noinput")


def test_procfile_scripts_keep_their_shell_and_a_guarded_cloud_foundry_branch(tmp_path: Path) -> None:
    bash_fn = (
        "# !/bin/bash\nfunction start_server {\n  exec gunicorn tock.wsgi:application &> /dev/stdout\n}\n"
    )
    app = inspect_project(_tock(tmp_path / "fn", bash_fn)).apps[0]
    assert app.start is not None and app.start.argv == ("bash", "bin/run.sh")
    guarded = (
        '#!/bin/sh\nif [ -n "$VCAP_SERVICES" ]; then\n'
        '  DATABASE_URL=$(echo "$VCAP_SERVICES" | jq -r .uri)\n  export DATABASE_URL\nfi\n'
        "exec gunicorn --workers 3 tock.wsgi:application\n"
    )
    app = inspect_project(_tock(tmp_path / "guarded", guarded)).apps[0]
    assert app.start is not None and app.start.argv == ("bin/run.sh",)  # it runs anywhere


def test_vites_output_folder_is_read_from_a_constant_or_a_path_call(tmp_path: Path) -> None:
    from advisor.inspect.node_frameworks import vite_out_dir
    from advisor.inspect.tree import Tree

    configs = {
        "const": "const buildOutDir = 'build';\nexport default { build: { outDir: buildOutDir } };\n",
        "call": "export default { build: { outDir: path.resolve(__dirname, 'public/app') } };\n",
        "literal": "export default { build: { outDir: './out' } };\n",
        "unknown": "export default { build: { outDir: resolveOut() } };\n",
    }
    for name, text in configs.items():
        write_tree(tmp_path / name, {"vite.config.ts": text})
    tree = Tree(tmp_path)
    assert vite_out_dir(tree, "const") == ("build", "const/vite.config.ts")
    assert vite_out_dir(tree, "call") == ("public/app", "call/vite.config.ts")
    assert vite_out_dir(tree, "literal") == ("out", "literal/vite.config.ts")
    assert vite_out_dir(tree, "unknown") is None  # Vite's default then


def test_a_production_build_by_another_name_is_the_images_build(tmp_path: Path) -> None:
    package = {
        "name": "spoke",
        "scripts": {
            "prod-build": "webpack && babel src -d build/server",
            "start": "node ./build/server/server",
        },
        "dependencies": {"express": "^4.19.0", "knex": "^3.0.0", "pg": "^8.0.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "yarn.lock": "",
            "src/server/index.js": "const express = require('express');\nexpress().listen(3000);\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.build is not None and app.build.argv == ("yarn", "run", "prod-build")
    # Heroku's own start (its address from Heroku's variables) is no container's: the start script is
    write_tree(tmp_path, {"Procfile": "web: npm run start:heroku\n"})
    scripts = {
        **package["scripts"],
        "start:heroku": "BASE_URL=$(node ./build/server/heroku/print-base-url) npm start",
    }
    (tmp_path / "package.json").write_text(json.dumps({**package, "scripts": scripts}))
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv == ("node", "./build/server/server")


def _quarry(root: Path) -> Path:
    """quarry: a Flask app that reads its database connection only from default_config.yaml
    (DB_HOST db, the rest `quarry`); its compose file has the app's db (schema.sql) after a
    replica simulator (mywiki, replica.sql)."""
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.0.0\npymysql==1.1.0\nsqlalchemy==2.0.0\ngunicorn==22.0.0\n",
            "wsgi.py": "from quarry.web.app import app as application\n",
            "quarry/__init__.py": "",
            "quarry/default_config.yaml": "SECRET_KEY: 'x'\nDB_HOST: 'db'\nDB_PORT: 3306\nDB_NAME: 'quarry'\n"
            "DB_USER: 'quarry'\nDB_PASSWORD: 'quarry'\n",
            "quarry/web/__init__.py": "",
            "quarry/web/config.py": "import os\nimport yaml\n\n\ndef get_config():\n"
            "    here = os.path.dirname(__file__)\n"
            "    return yaml.safe_load(open(os.path.join(here, '../default_config.yaml')))\n",
            "quarry/web/app.py": "from flask import Flask\nfrom .config import get_config\n\n"
            "app = Flask(__name__)\napp.config.update(get_config())\n",
            "schema.sql": "CREATE TABLE query (id INT);\n",
            "docker-replica/replica.sql": "CREATE TABLE page (id INT);\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n  mywiki:\n    image: mariadb:10.4\n"
            "    volumes:\n      - ./docker-replica/replica.sql:/docker-entrypoint-initdb.d/replica.sql\n"
            "    environment:\n      MYSQL_DATABASE: repl\n  db:\n    image: mariadb:10.1\n    volumes:\n"
            "      - ./schema.sql:/docker-entrypoint-initdb.d/schema.sql\n    environment:\n"
            "      MYSQL_USER: quarry\n      MYSQL_PASSWORD: quarry\n      MYSQL_DATABASE: quarry\n",
        },
    )
    return root


def test_a_yaml_settings_file_fixes_the_connection_the_db_container_matches(tmp_path: Path) -> None:
    files = advise({"host_os": "linux", "database": "mariadb"}, folder=_quarry(tmp_path / "q")).files()
    env = dict(
        line.split("=", 1) for line in files[".env"].splitlines() if "=" in line and not line.startswith("#")
    )
    assert (env["MARIADB_USER"], env["MARIADB_PASSWORD"], env["MARIADB_DATABASE"]) == (
        "quarry",
        "quarry",
        "quarry",
    )
    db = yaml.safe_load(files["compose.yaml"])["services"]["db"]
    assert (
        "./schema.sql:/docker-entrypoint-initdb.d/schema.sql:ro" in db["volumes"]
    )  # the app's, not the replica's
    assert not any("replica.sql" in v for v in db["volumes"])
    assert "`quarry/default_config.yaml` writes the app's database connection" in files["RECOMMENDATIONS.md"]


# Shapes a second adversarial review found (each failed before its fix).


def test_no_package_link_where_it_would_hide_or_misplace_something(tmp_path: Path) -> None:
    flask = "flask==3.0.0\ngunicorn==22.0.0\n"
    cases = {
        # a folder named after a standard library module, its code importing the library's
        "email": {
            "email/__init__.py": "",
            "email/requirements.txt": flask,
            "email/app.py": "from flask import Flask\nfrom email.mime.text import MIMEText\n"
            "app = Flask(__name__)\n",
        },
        # a module of the folder's own name: uvicorn would import api.py as `api`
        "api": {
            "api/__init__.py": "",
            "api/requirements.txt": flask,
            "api/api.py": "router = None\n",
            "api/app.py": "from flask import Flask\nfrom .api import router\napp = Flask(__name__)\n",
        },
        # Flask's instance folder would move beside the link, off the volume
        "inst": {
            "backend/__init__.py": "",
            "backend/requirements.txt": flask + "flask-sqlalchemy==3.1.0\n",
            "backend/app.py": "from flask import Flask\nfrom .db import db\napp = Flask(__name__)\n"
            "app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///notes.db'\n",
            "backend/db.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
        },
    }
    for name, files in cases.items():
        write_tree(tmp_path / name, {**files, "ui/package.json": '{"name": "ui"}'})
        app = inspect_project(tmp_path / name).apps[0]
        assert app.start is not None and ("PYTHONPATH", "/opt/python") not in app.start.env, name


def test_workers_name_their_modules_through_the_package(tmp_path: Path) -> None:
    from advisor.inspect.facts import Command
    from advisor.inspect.package_folder import as_package
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "backend/__init__.py": "",
            "backend/tasks.py": "from .models import db\n",
            "backend/worker.py": "",
            "backend/main.py": "",
            "backend/models.py": "",
        },
    )
    texts = {"backend/tasks.py": "from .models import db\n"}
    tree, start = Tree(tmp_path), Command(("uvicorn", "main:app"), "")
    for argv, expected in (
        (("dramatiq", "tasks"), ("dramatiq", "backend.tasks")),
        (("arq", "worker.WorkerSettings"), ("arq", "backend.worker.WorkerSettings")),
        (("huey_consumer", "tasks.huey"), ("huey_consumer", "backend.tasks.huey")),
        (("celery", "--app=tasks", "worker"), ("celery", "--app=backend.tasks", "worker")),
    ):
        _, _, worker = as_package(tree, "backend", texts, start, None, Command(argv, ""))
        assert worker is not None and worker.argv == expected
    # gunicorn -c gunicorn.conf.py names its app in the file: nothing the image can rename
    same = as_package(
        tree, "backend", texts, Command(("gunicorn", "-c", "gunicorn.conf.py", "-b", "0.0.0.0:8000"), "")
    )
    assert same[0] is not None and same[0].env == ()


def test_a_node_server_with_a_browser_library_stays_the_primary_app(tmp_path: Path) -> None:
    package = {
        "name": "shop",
        "main": "server.js",
        "dependencies": {"polka": "^0.5.2", "react-dom": "^18.2.0", "pg": "^8"},
    }
    write_tree(
        tmp_path,
        {
            "web/package.json": json.dumps(package),
            "web/package-lock.json": '{"name": "shop", "lockfileVersion": 3, "packages": {}}',
            "web/server.js": "require('polka')().listen(3000);\n",
            "analytics/requirements.txt": "flask==3.0.0\n",
            "analytics/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    assert inspect_project(tmp_path).apps[0].path == "web"


def test_tool_folders_in_the_home_folder_are_no_data_folder() -> None:
    text = (
        "const a = process.env.SSH_DIR || path.join(os.homedir(), '.ssh');\n"
        "const b = process.env.NOTES_DATA || path.join(os.homedir(), '.notes');\n"
    )
    assert home_folders([text]) == {"NOTES_DATA": "~/.notes"}


def test_an_asgi_server_serves_the_module_that_sets_django_up(tmp_path: Path) -> None:
    # spug: ASGI_APPLICATION names Channels 2's routing module, which sets nothing up; daphne
    # importing it stops on settings not configured. asgi.py sets DJANGO_SETTINGS_MODULE first.
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django==2.2.28\nchannels==2.4.0\ndaphne==2.5.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'spug.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "spug/__init__.py": "",
            "spug/settings.py": "WSGI_APPLICATION = 'spug.wsgi.application'\n"
            "ASGI_APPLICATION = 'spug.routing.application'\n",
            "spug/routing.py": "from channels.routing import ProtocolTypeRouter\n"
            "application = ProtocolTypeRouter({})\n",
            "spug/asgi.py": "import os\nimport django\nfrom channels.routing import get_default_application\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'spug.settings')\ndjango.setup()\n"
            "application = get_default_application()\n",
            "spug/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.start is not None and app.start.argv[-1] == "spug.asgi:application"


def test_the_port_variable_the_compose_file_sets_is_the_apps_port_and_a_url_named_host_is_a_host(
    tmp_path: Path,
) -> None:
    # rap2-delos: `port: process.env.SERVE_PORT || 8080` through a config object (no listen()
    # with a literal), its compose file's SERVE_PORT=38080; `host: process.env.MYSQL_URL`
    package = {
        "name": "rap2-delos",
        "scripts": {"build": "tsc", "start": "node dist/dispatch.js"},
        "dependencies": {"koa": "^2.0.0", "sequelize": "^6.0.0", "mysql2": "^3.0.0"},
        "devDependencies": {"typescript": "^5.0.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "tsconfig.json": '{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}',
            "src/dispatch.ts": "import config from './config'\nimport app from './app'\n"
            "app.listen(config.serve.port)\n",
            "src/config.ts": "export default {\n  serve: { port: (process.env.SERVE_PORT && "
            "parseInt(process.env.SERVE_PORT)) || 8080 },\n  db: {\n    dialect: 'mysql',\n"
            "    host: process.env.MYSQL_URL ?? 'localhost',\n    mail: process.env.MAIL_PORT,\n"
            "    database: process.env.MYSQL_SCHEMA ?? 'RAP2',\n  },\n}\n",
            "docker-compose.yml": "services:\n  delos:\n    image: rapteam/rap2-delos:latest\n"
            "    environment:\n      - MAIL_PORT=25\n      - SERVE_PORT=38080\n      - MYSQL_URL=mysql\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert [p.value for p in app.ports][:1] == [38080]
    assert next(v.role for v in app.env_vars if v.name == "MYSQL_URL") == "database_host"


def test_the_switches_the_projects_image_sets_for_its_install_are_set_for_advisors(tmp_path: Path) -> None:
    # grist-core: `ENV GRIST_SKIP_EXT_AUTOSETUP=1` before `yarn install`, else its postinstall
    # downloads extensions with curl; an ENV set after the install, or not a switch, is not taken
    package = {
        "name": "grist-core",
        "scripts": {"postinstall": "buildtools/install_edition.sh", "start": "node app/server.js"},
        "dependencies": {"express": "^4.19.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "yarn.lock": "",
            "app/server.js": "require('express')().listen(8484);\n",
            "Dockerfile": "FROM node:22 AS builder\n"
            "ENV GRIST_SKIP_EXT_AUTOSETUP=1 NODE_OPTIONS=--max-old-space-size=4096\n"
            "ENV HUSKY 0\nRUN yarn install --frozen-lockfile\nENV LATE_SKIP_THING=1\n"
            "FROM node:22-slim\nENV APP_HOME=/grist\nCOPY --from=builder /node_modules /node_modules\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert dict(app.install_env) == {"GRIST_SKIP_EXT_AUTOSETUP": "1", "HUSKY": "0"}
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files()["Dockerfile"]
    assert "GRIST_SKIP_EXT_AUTOSETUP=1" in dockerfile


def test_the_steps_the_projects_image_runs_before_its_build_come_first(tmp_path: Path) -> None:
    # my-links: `RUN node ace izzy:routes` right before `RUN node ace build` (its package.json's
    # build script): the route types the build type-checks; an install or a test before it is not
    package = {
        "name": "my-links",
        "scripts": {"build": "node ace build", "start": "node bin/server.js"},
        "dependencies": {"@adonisjs/core": "^6.0.0", "pg": "^8.0.0"},
    }
    write_tree(
        tmp_path,
        {
            "package.json": json.dumps(package),
            "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
            "adonisrc.ts": "export default defineConfig({})\n",
            "bin/server.ts": "import 'reflect-metadata'\n",
            "Dockerfile": "FROM node:20 AS build\nWORKDIR /app\nRUN pnpm install --ignore-scripts\nADD . .\n"
            "ENV APP_KEY=x\nRUN pnpm run lint\nRUN node ace izzy:routes\nRUN node ace build\n",
        },
    )
    app = inspect_project(tmp_path).apps[0]
    assert app.build is not None
    # with the dummy values the image's build stage sets for them (AdonisJS validates them as it boots)
    assert app.build.argv == ("env", "APP_KEY=x", "sh", "-c", "node ace izzy:routes && pnpm run build")


def test_the_folder_of_a_file_a_module_writes_by_its_own_folder_is_the_apps_users() -> None:
    from advisor.inspect.writable_module import made_folders

    text = (
        "const path = require('path');\nclass ConfigModule {\n  constructor() {\n"
        "    this.configPath = path.join(__dirname, '../../config/config.json');\n"
        "    this.examplePath = path.join(__dirname, '../../config/config.example.json');\n  }\n"
        "  save(c) { fs.writeFileSync(this.configPath, JSON.stringify(c)); }\n}\n"
    )
    found = made_folders(text, "server/modules/configModule.js", "")
    assert [(w.path, w.kind) for w in found] == [("config", "data")]  # the example is only read


def test_pycurl_builds_against_libcurl_and_loads_it(tmp_path: Path) -> None:
    # EvalAI's pycurl==7.43.0.6 has no wheel: its build runs curl-config (libcurl's headers)
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django==4.2.0\npycurl==7.43.0.6\ngunicorn==22.0.0\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'evalai.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "evalai/__init__.py": "",
            "evalai/settings.py": "WSGI_APPLICATION = 'evalai.wsgi.application'\n",
            "evalai/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files()["Dockerfile"]
    build, _, final = dockerfile.partition("AS final")
    assert "libcurl4-openssl-dev" in build and "libcurl4t64" in final


def test_pymysql_without_cryptography_signs_in_with_native_passwords(tmp_path: Path) -> None:
    # MrDoc: PyMySQL and no `cryptography`: MySQL 8.4's caching_sha2_password sign-in needs it
    def project(root: Path, extra: str) -> Path:
        write_tree(
            root,
            {
                "requirements.txt": "flask==3.0.0\nflask-sqlalchemy==3.1.0\npymysql==1.1.0\n" + extra,
                "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                "app.config['SQLALCHEMY_DATABASE_URI'] = os.environ['DATABASE_URL']\n",
            },
        )
        return root

    files = advise({"host_os": "linux", "database": "mysql"}, folder=project(tmp_path / "bare", "")).files()
    db = yaml.safe_load(files["compose.yaml"])["services"]["db"]
    assert "--authentication-policy=mysql_native_password" in db["command"]
    assert "`PyMySQL[rsa]`" in files["RECOMMENDATIONS.md"]
    ko = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path / "bare").files("ko")
    assert "`cryptography` 패키지가 설치되어 있을 때만" in ko["RECOMMENDATIONS.md"]
    files = advise(
        {"host_os": "linux", "database": "mysql"}, folder=project(tmp_path / "rsa", "cryptography\n")
    ).files()
    assert "command" not in yaml.safe_load(files["compose.yaml"])["services"]["db"]


# Shapes a third adversarial review found (each failed before its fix).


def test_prebuild_and_install_switches_keep_to_the_builds_own_steps(tmp_path: Path) -> None:
    from advisor.inspect.facts import Command
    from advisor.inspect.node_image import image_install_env, image_prebuild
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "package.json": json.dumps({"name": "x", "scripts": {"build": "next build"}}),
            "Dockerfile": "FROM node:22 AS build\nENV PATH=/app/node_modules/.bin:$PATH\nARG TOKEN\n"
            "ENV SENTRY_AUTH_TOKEN=$TOKEN APP_KEY=dummy\nRUN yarn --frozen-lockfile\n"
            "RUN npx prisma generate\n"
            "RUN yarn run build\nFROM node:22-slim\nENV NEXT_PUBLIC_SIGNUP_DISABLED=true\n"
            "RUN yarn install --production\n",
        },
    )
    tree = Tree(tmp_path)
    build = image_prebuild(tree, "", Command(("yarn", "run", "build"), "package.json", "scripts.build"))
    # the install is no pre-build step; values from other variables are not copied
    assert build is not None
    assert build.argv == ("env", "APP_KEY=dummy", "sh", "-c", "npx prisma generate && yarn run build")
    assert image_install_env(tree, "") == ()  # the final stage's switch never reaches the build


def test_only_the_apps_own_port_variable_gives_its_port_and_heroku_is_only_a_script_for_it(
    tmp_path: Path,
) -> None:
    from advisor.inspect.facts import AppFacts, EnvVar, Setting, Sourced
    from advisor.inspect.projectenv import setting_port

    app = AppFacts(
        path=".",
        language=Sourced("node", "package.json"),
        kind="server",
        env_vars=(EnvVar("METRICS_PORT", "port", "a.js"), EnvVar("PORT", "port", "a.js")),
        own_settings=(Setting("METRICS_PORT", "9100", ".env.example"), Setting("PORT", "", ".env.example")),
    )
    assert setting_port(app) == ()
    web = "web: gunicorn -c config/gunicorn_heroku.py app:app\n"
    write_tree(tmp_path, {"Procfile": web, "requirements.txt": "flask\ngunicorn\n", "app.py": "app = None\n"})
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and start.argv[:3] == ("gunicorn", "-c", "config/gunicorn_heroku.py")


# Shapes a fourth adversarial review found (each failed before its fix).


def test_review_four_shapes(tmp_path: Path) -> None:
    from advisor.debpackages import native_packages
    from advisor.inspect.node_frameworks import vite_out_dir
    from advisor.inspect.tree import Tree
    from advisor.inspect.writable_module import made_folders

    # an outDir in a comment, or a plugin's option naming a variable, before the real one
    write_tree(
        tmp_path / "vite",
        {
            "vite.config.js": "// build.outDir: relative to the root\n"
            "export default { plugins: [dts({ outDir: typesDir })], build: { outDir: 'www' } }\n"
        },
    )
    assert vite_out_dir(Tree(tmp_path / "vite"), "") == ("www", "vite.config.js")
    # copyFileSync's first argument is only read
    text = (
        "const t = path.join(__dirname, '../templates/default.json');\n"
        "const c = path.join(__dirname, '../config/app.json');\nfs.copyFileSync(t, c);\n"
    )
    assert [w.path for w in made_folders(text, "server/index.js", "")] == ["config"]
    # Debian 12's names on the bookworm images of Python 3.8 and older
    assert native_packages({"pycurl"}, 1, "python", "3.8") == ("libcurl4",)
    assert native_packages({"pycurl"}, 1, "python", "3.13") == ("libcurl4t64",)


def test_pymysql_with_cryptography_by_any_route_keeps_mysqls_default(tmp_path: Path) -> None:
    for name, requirement in (
        ("rsa", "PyMySQL[rsa]==1.1.0"),
        ("paramiko", "pymysql==1.1.0\nparamiko==3.4.0"),
    ):
        write_tree(
            tmp_path / name,
            {
                "requirements.txt": f"flask==3.0.0\n{requirement}\n",
                "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            },
        )
        files = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path / name).files()
        assert "command" not in yaml.safe_load(files["compose.yaml"])["services"]["db"], name


def test_a_literal_connection_needs_one_yaml_the_apps_own_code_loads(tmp_path: Path) -> None:
    # quarry's shape, then: a second YAML with another connection; a YAML only tests load
    root = _quarry(tmp_path / "two")
    write_tree(
        root,
        {
            "quarry/prod_config.yaml": "DB_HOST: db\nDB_NAME: prod\nDB_USER: prod\nDB_PASSWORD: p\n",
            "quarry/web/prod.py": "PATH = '../prod_config.yaml'\n",
        },
    )
    assert inspect_project(root).apps[0].db_literal is None
    root = _quarry(tmp_path / "tests")
    (root / "quarry/web/config.py").write_text("# tests load '../default_config.yaml'\n")
    write_tree(root, {"conftest.py": "CONFIG = 'default_config.yaml'\n"})
    assert inspect_project(root).apps[0].db_literal is None


def test_umzug_under_any_name_makes_the_tables_at_start() -> None:
    from advisor.inspect.schema import app_makes_tables

    code = "const Umzug = require('umzug');\nconst migrator = new Umzug({ migrations: { path: 'm' } });\n"
    found = app_makes_tables("node", {"server/db.js": code + "await migrator.up();\n"})
    assert found is not None and found.source == "server/db.js"


def test_sequelize_cli_migrates_with_a_url_or_a_plain_config_path_in_sequelizerc(tmp_path: Path) -> None:
    package = {
        "name": "s",
        "scripts": {"start": "node index.js"},
        "dependencies": {"express": "^4", "sequelize": "^6", "sequelize-cli": "^6", "pg": "^8"},
    }
    for name, rc, extra in (
        ("url", "module.exports = { url: process.env.DATABASE_URL };\n", {}),
        (
            "plain",
            "module.exports = { config: './db/config.js' };\n",
            {"db/config.js": "module.exports = {};\n"},
        ),
        ("missing", "module.exports = { config: './db/config.js' };\n", {}),
    ):
        write_tree(
            tmp_path / name,
            {
                "package.json": json.dumps(package),
                "index.js": "",
                ".sequelizerc": rc,
                "migrations/1-init.js": "module.exports = {};\n",
                **extra,
            },
        )
        release = inspect_project(tmp_path / name).apps[0].release
        assert (release is not None and release.argv == ("sequelize-cli", "db:migrate")) == (
            name != "missing"
        )
