"""Layouts found by the m63 and m64 rounds of held-out projects (see the issue notes): each
test holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _serpbear(root: Path, *, runner_section: str = "dependencies", all_script: str = "") -> Path:
    """SerpBear: a Next.js app whose `start:all` runs the server and its cron beside it with
    concurrently (a run-time dependency); its compose runs the published image (`build: .`
    commented out) and gives `USER_NAME=${USER:-admin}`, the login the code reads."""
    scripts = {
        "dev": "next dev",
        "build": "next build",
        "start": "next start",
        "cron": "node cron.js",
        "start:all": all_script or "concurrently npm:start npm:cron",
        "test": "jest --watch",
    }
    package = {
        "name": "serpbear",
        "scripts": scripts,
        "dependencies": {"next": "^12.3.4", "react": "18.2.0", "sequelize": "^6.0.0", "sqlite3": "^5.1.6"},
        "devDependencies": {"jest": "^29.0.0"},
    }
    package[runner_section]["concurrently"] = "^7.6.0"
    write_tree(
        root,
        {
            "package.json": json.dumps(package),
            "package-lock.json": '{"name": "serpbear", "lockfileVersion": 3, "packages": {}}',
            "next.config.js": "module.exports = { reactStrictMode: true };\n",
            "pages/index.tsx": "export default function Home() { return null; }\n",
            "pages/api/login.ts": "export default function handler(req, res) {\n"
            "  const userName = process.env.USER_NAME ? process.env.USER_NAME : process.env.USER;\n"
            "  if (req.body.password === process.env.PASSWORD && process.env.SECRET) {}\n"
            "  const hours = parseInt(process.env.SESSION_DURATION, 10);\n}\n",
            "cron.js": "const { Cron } = require('croner');\n"
            "const base = `http://localhost:${process.env.PORT || 3000}`;\n",
            ".env.example": "USER=admin\nPASSWORD=0123456789\nSECRET=4715aed3216f7b0a38e6\n",
            "docker-compose.yml": "services:\n  app:\n    image: towfiqi/serpbear:latest\n"
            "    # build: .\n    environment:\n      - USER_NAME=${USER:-admin}\n"
            "      - PASSWORD=${PASSWORD}\n      - SESSION_DURATION=${SESSION_DURATION:-24}\n"
            "  other:\n    image: someone/else:1\n    environment:\n      - OTHER_SETTING=${X:-1}\n",
        },
    )
    return root


_BOTH = 'CMD ["concurrently", "--kill-others", "next start", "node cron.js"]'
_SERVER_ONLY = 'CMD ["next", "start"]'


def _final_cmd(dockerfile: str) -> str:
    return [line for line in dockerfile.splitlines() if line.startswith("CMD ")][-1]


def test_a_script_running_the_server_beside_a_program_of_its_own_starts_both(tmp_path: Path) -> None:
    files = advise({"host_os": "linux"}, folder=_serpbear(tmp_path / "serpbear")).files()
    assert _final_cmd(files["Dockerfile"]) == _BOTH
    report = files["RECOMMENDATIONS.md"]
    assert "`next start`, `node cron.js` together, through `concurrently`" in report
    ko = advise({"host_os": "linux"}, folder=tmp_path / "serpbear").files("ko")
    assert "`next start`, `node cron.js` 프로그램을 `concurrently` 명령으로 함께" in ko["RECOMMENDATIONS.md"]


def test_a_runner_only_development_installs_is_not_the_start(tmp_path: Path) -> None:
    """The image drops the dev dependencies: concurrently would not be there."""
    root = _serpbear(tmp_path / "serpbear", runner_section="devDependencies")
    assert _final_cmd(advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]) == _SERVER_ONLY


def test_a_parallel_script_with_a_watcher_or_a_dev_server_is_not_the_start(tmp_path: Path) -> None:
    scripts = ("concurrently npm:start npm:dev", "concurrently npm:start 'tsc --watch'", "run-p start test")
    for n, script in enumerate(scripts):
        root = _serpbear(tmp_path / str(n), all_script=script)
        cmd = _final_cmd(advise({"host_os": "linux"}, folder=root).files()["Dockerfile"])
        assert cmd == _SERVER_ONLY, script


def test_concurrently_with_names_and_npm_run_words_starts_both(tmp_path: Path) -> None:
    script = "concurrently -n web,cron 'npm run start' 'npm run cron'"
    root = _serpbear(tmp_path / "serpbear", all_script=script)
    cmd = _final_cmd(advise({"host_os": "linux"}, folder=root).files()["Dockerfile"])
    assert cmd == _BOTH


def test_the_compose_service_running_the_projects_published_image_gives_its_settings(tmp_path: Path) -> None:
    """`USER_NAME=${USER:-admin}`: the default is the value when nothing is set; a service
    running another image gives nothing."""
    env = advise({"host_os": "linux"}, folder=_serpbear(tmp_path / "serpbear")).files()[".env"]
    assert "\nUSER_NAME=admin\n" in env and "\nSESSION_DURATION=24\n" in env
    assert "OTHER_SETTING" not in env


def _crypt(root: Path) -> Path:
    """Crypt-Server: manage.py names `fvserver.settings`, which only its image has: the
    Dockerfile copies the project to `$APP_DIR` and `docker/settings.py` into the package
    there, and those settings read the database from DB_* variables."""
    write_tree(
        root,
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fvserver.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "fvserver/__init__.py": "",
            "fvserver/wsgi.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fvserver.settings')\n"
            "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
            "fvserver/system_settings.py": "ROOT_URLCONF = 'fvserver.urls'\n"
            "WSGI_APPLICATION = 'fvserver.wsgi.application'\nINSTALLED_APPS = ['server']\n",
            "server/__init__.py": "",
            "server/models.py": "from django.db import models\n",
            "setup/requirements.txt": "Django==4.2.11\ngunicorn==22.0.0\npsycopg2==2.9.9\n",
            "docker/settings.py": "from fvserver.system_settings import *\nimport os\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'crypt.db'}}\n"
            "if 'DB_HOST' in os.environ:\n"
            "    DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql_psycopg2',\n"
            "        'NAME': os.environ['DB_NAME'], 'USER': os.environ['DB_USER'],\n"
            "        'PASSWORD': os.environ['DB_PASS'], 'HOST': os.environ.get('DB_HOST'),\n"
            "        'PORT': os.environ.get('DB_PORT')}}\n",
            "docker/run.sh": "#!/bin/sh\ncd $APP_DIR\npython3 manage.py migrate --noinput\n"
            "gunicorn fvserver.wsgi:application\n",
            "Dockerfile": "FROM python:3.10-alpine\nENV APP_DIR /home/docker/crypt\n"
            "COPY setup/requirements.txt /tmp/requirements.txt\n"
            "RUN pip install -r /tmp/requirements.txt\nCOPY / $APP_DIR\n"
            "COPY docker/settings.py $APP_DIR/fvserver/\nCOPY docker/run.sh /run.sh\n"
            'WORKDIR ${APP_DIR}\nEXPOSE 8000\nCMD ["/run.sh"]\n',
        },
    )
    return root


def test_a_module_the_projects_image_copies_into_the_apps_package_is_copied_there(tmp_path: Path) -> None:
    files = advise({"host_os": "linux", "database": "postgres"}, folder=_crypt(tmp_path / "crypt")).files()
    dockerfile = files["Dockerfile"]
    assert "RUN cp -n docker/settings.py fvserver/settings.py\n" in dockerfile
    app = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert app["DB_HOST"] == "db" and app["DB_NAME"].startswith("${POSTGRES_DB")


def test_a_console_script_setup_cfg_declares_is_the_images_command_by_its_name(tmp_path: Path) -> None:
    """polemarch's layout: `CMD ["/usr/local/bin/polemarchctl", "webserver"]`, with the
    console script declared in setup.cfg (not pyproject): the command is that script."""
    from advisor.inspect.dockerfiles import dockerfile_cmd
    from advisor.inspect.tree import Tree

    root = tmp_path / "ctl"
    write_tree(
        root,
        {
            "setup.cfg": "[metadata]\nname = ctl\n[options.entry_points]\n"
            "console_scripts =\n    ctlapp = ctl.main:cmd_execution\n",
            "ctl/__init__.py": "",
            "ctl/main.py": "def cmd_execution():\n    pass\n",
            "Dockerfile": 'FROM python:3.12\nCMD ["/usr/local/bin/ctlapp", "webserver"]\n',
        },
    )
    found = dockerfile_cmd(Tree(root), "", 8080)
    assert found is not None and found.argv == ("ctlapp", "webserver")


def test_a_dispatch_tables_debug_server_word_gives_way_to_the_server(tmp_path: Path) -> None:
    """A table listing `"debug": run_debug_server` before `"run": run_server`: `run` starts it."""
    root = tmp_path / "tabled"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "tabled"\nversion = "1.0"\n\n'
            '[project.scripts]\ntabled = "tabled.__main__:main"\n',
            "requirements.txt": "waitress>=3.0\n",
            "tabled/__init__.py": "",
            "tabled/__main__.py": 'def main(*args):\n    actions = {\n        "debug": run_debug_server,\n'
            '        "run": run_server,\n    }\n    action, *args = args\n'
            "    return actions[action](*args)\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.start is not None and found.start.argv == ("tabled", "run")


def test_the_images_words_for_a_console_script_come_without_its_debug_switch(tmp_path: Path) -> None:
    root = tmp_path / "ctl"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "ctl"\nversion = "1.0"\n'
            'classifiers = ["Framework :: Django"]\n\n'
            '[project.scripts]\nctlapp = "ctl:cmd_execution"\n',
            "requirements.txt": "django>=5\n",
            "ctl/__init__.py": "def cmd_execution():\n    pass\n",
            "Dockerfile": 'FROM python:3.12\nCMD ["/usr/local/bin/ctlapp", "webserver", "--debug"]\n',
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.start is not None and found.start.argv == ("ctlapp", "webserver")


def _kresus(root: Path) -> Path:
    """kresus: its settings are a table of options the code reads with
    `process.env[envName]`, each with its variable and default (`HOST` 127.0.0.1, the
    database's `KRESUS_DB_*`), and the pg driver among its dependencies."""
    options = "".join(
        f"    {{\n        envName: '{name}',\n        configPath: 'config.{name.lower()}',\n"
        f"        defaultVal: {default},\n        processPath: '{name.lower()}',\n    }},\n"
        for name, default in (
            ("KRESUS_DIR", "path.join(ospath.home(), '.kresus')"),
            ("PORT", "'9876'"),
            ("HOST", "'127.0.0.1'"),
            ("KRESUS_DB_TYPE", "null"),
            ("KRESUS_DB_HOST", "null"),
            ("KRESUS_DB_PORT", "null"),
            ("KRESUS_DB_USERNAME", "null"),
            ("KRESUS_DB_PASSWORD", "null"),
            ("KRESUS_DB_NAME", "null"),
        )
    )
    write_tree(
        root,
        {
            "package.json": '{"name": "kresus", "main": "build/server/index.js",'
            ' "scripts": {"start": "node build/server/index.js", "build": "tsc"},'
            ' "dependencies": {"express": "^5.0.0", "pg": "^8.0.0", "typeorm": "1.1.0"},'
            ' "devDependencies": {"typescript": "^5.9.0"}}',
            "package-lock.json": '{"name": "kresus", "lockfileVersion": 3, "packages": {}}',
            "server/config.ts": f"const OPTIONS = [\n{options}];\n\n"
            "function extractValue({ envName, defaultVal }) {\n"
            "    let value = process.env[envName];\n    return value ?? defaultVal;\n}\n",
            "server/index.ts": "import express from 'express';\nconst app = express();\n"
            "app.listen(process.kresus.port, process.kresus.host);\n",
        },
    )
    return root


def test_the_variables_of_an_option_table_read_by_name_are_the_apps(tmp_path: Path) -> None:
    found = inspect_project(_kresus(tmp_path / "kresus")).primary
    assert found is not None
    by_name = {v.name: v for v in found.env_vars}
    assert {"KRESUS_DIR", "HOST", "KRESUS_DB_HOST", "KRESUS_DB_PASSWORD", "KRESUS_DB_NAME"} <= by_name.keys()
    assert by_name["HOST"].default == "127.0.0.1" and by_name["PORT"].default == "9876"
    assert by_name["KRESUS_DIR"].default is None and by_name["KRESUS_DB_TYPE"].default is None
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path / "kresus").files()
    app = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert app["KRESUS_DB_HOST"] == "db" and app["KRESUS_DB_NAME"].startswith("${POSTGRES_DB")
    assert app["HOST"] == "0.0.0.0"


def test_the_settings_manage_py_runs_the_tests_with_are_never_the_apps(tmp_path: Path) -> None:
    """Inboxen's manage.py: `if 'test' in sys.argv[1:2]:` inboxen.tests.settings (a database
    over a local socket), else inboxen.settings."""
    from advisor.inspect.django_hosts import settings_module
    from advisor.inspect.tree import Tree

    root = tmp_path / "inboxen"
    write_tree(
        root,
        {
            "manage.py": "import os\nimport sys\n\ndef main():\n    if 'test' in sys.argv[1:2]:\n"
            '        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inboxen.tests.settings")\n'
            "    else:\n"
            '        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inboxen.settings")\n',
            "inboxen/__init__.py": "",
            "inboxen/settings.py": "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            "inboxen/tests/__init__.py": "",
            "inboxen/tests/settings.py": "from inboxen.settings import *\n",
        },
    )
    assert settings_module(Tree(root), "") == "inboxen.settings"


def _etebase(root: Path) -> Path:
    """Etebase: the settings make their secret key in `secret.txt` beside the code when it is
    missing (`SECRET_KEY = get_secret_from_file(SECRET_FILE)`, a helper that writes the file),
    and name `etebase_server.wsgi` as WSGI_APPLICATION, which the project lacks: it has only
    `etebase_server/asgi.py`, which its README serves with uvicorn."""
    write_tree(
        root,
        {
            "manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'etebase_server.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "requirements.txt": "Django==4.2.14\nuvicorn[standard]==0.30.1\nfastapi==0.111.0\n",
            "etebase_server/__init__.py": "",
            "etebase_server/utils.py": "import os\n\n\ndef get_secret_from_file(path):\n    try:\n"
            "        with open(path, 'r') as f:\n            return f.read().strip()\n"
            "    except EnvironmentError:\n        with open(path, 'w') as f:\n"
            "            f.write('new')\n            return 'new'\n",
            "etebase_server/settings.py": "import os\nfrom .utils import get_secret_from_file\n\n"
            "SOURCE_DIR = os.path.dirname(os.path.abspath(__file__))\n"
            "BASE_DIR = os.path.dirname(SOURCE_DIR)\n"
            'SECRET_FILE = os.path.join(BASE_DIR, "secret.txt")\nDEBUG = True\n'
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',\n"
            "    'NAME': os.environ.get('ETEBASE_DB_PATH', os.path.join(BASE_DIR, 'db.sqlite3'))}}\n"
            'WSGI_APPLICATION = "etebase_server.wsgi.application"\n'
            'STATIC_ROOT = os.path.join(BASE_DIR, "static")\n'
            "if 'SECRET_KEY' not in locals():\n    SECRET_KEY = get_secret_from_file(SECRET_FILE)\n",
            "etebase_server/asgi.py": "import os\nfrom django.core.asgi import get_asgi_application\n"
            "django_application = get_asgi_application()\n\n\ndef create_application():\n"
            "    return django_application\n\n\napplication = create_application()\n",
        },
    )
    return root


def test_the_file_the_settings_make_their_secret_key_in_lives_in_the_data_volume(tmp_path: Path) -> None:
    files = advise({"host_os": "linux"}, folder=_etebase(tmp_path / "ete")).files()
    dockerfile = files["Dockerfile"]
    assert "&& ln -sfn /app/data/secret.txt secret.txt\n" in dockerfile
    # the build's own settings load (collectstatic, as root) leaves no key in the image
    collect = dockerfile.index("python manage.py collectstatic")
    assert "&& rm -f data/secret.txt" in dockerfile[collect : dockerfile.index("\n\n", collect)]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]
    ko = advise({"host_os": "linux"}, folder=tmp_path / "ete").files("ko")["Dockerfile"]
    assert "ln -sfn /app/data/secret.txt secret.txt" in ko


def test_a_django_project_without_the_wsgi_module_its_settings_name_serves_its_asgi_app(
    tmp_path: Path,
) -> None:
    found = inspect_project(_etebase(tmp_path / "ete")).primary
    assert found is not None and found.start is not None
    assert found.start.argv == (
        "uvicorn",
        "etebase_server.asgi:application",
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
    )


def test_the_report_says_where_the_settings_secret_key_file_lives(tmp_path: Path) -> None:
    advice = advise({"host_os": "linux"}, folder=_etebase(tmp_path / "ete"))
    en = advice.files()["RECOMMENDATIONS.md"]
    assert "makes a secret key of its own (`etebase_server/settings.py`), in `secret.txt`" in en
    assert "`data/secret.txt`" in en
    ko = advice.files("ko")["RECOMMENDATIONS.md"]
    assert "`secret.txt` 파일이 없으면 비밀 키를 직접 만들어 그 파일에 둡니다" in ko
    assert "(출처: `etebase_server/settings.py`)" in ko


def _nest(root: Path, start: str) -> Path:
    """A NestJS API whose only start script is `nest start` (sync-in-server's): it builds, then
    runs node on the compiled entry; its CLI is a dev dependency the image drops."""
    write_tree(
        root,
        {
            "package.json": json.dumps(
                {
                    "name": "nest-api",
                    "scripts": {"build": "nest build", "start": start, "start:dev": "nest start --watch"},
                    "dependencies": {"@nestjs/core": "^11.0.0", "@nestjs/common": "^11.0.0", "pg": "^8.0.0"},
                    "devDependencies": {"@nestjs/cli": "^11.0.0", "typescript": "^5.9.0"},
                }
            ),
            "package-lock.json": '{"name": "nest-api", "lockfileVersion": 3, "packages": {}}',
            "nest-cli.json": '{"collection": "@nestjs/schematics", "sourceRoot": "src"}',
            "tsconfig.json": '{"compilerOptions": {"outDir": "./dist", "baseUrl": "./"}}',
            "tsconfig.build.json": '{"extends": "./tsconfig.json", "exclude": ["test", "dist"]}',
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n"
            "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n"
            "  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n",
        },
    )
    return root


def test_nest_start_runs_the_compiled_entry_in_the_image(tmp_path: Path) -> None:
    found = inspect_project(_nest(tmp_path / "api", "nest start")).primary
    assert found is not None and found.start is not None and found.start.argv[0] == "node"
    assert found.start.argv[1] in ("dist/main", "dist/main.js")
    watched = inspect_project(_nest(tmp_path / "watched", "nest start --watch")).primary
    assert watched is not None and watched.start is not None and watched.start.argv[0] == "node"


def test_setup_pys_requirements_in_a_module_variable_name_the_database(tmp_path: Path) -> None:
    """pybossa: `requirements = ["psycopg2-binary>=2.7.6.1", ...]`, then
    `setup(install_requires=requirements)`: the driver names PostgreSQL."""
    root = tmp_path / "pyb"
    write_tree(
        root,
        {
            "setup.py": "from setuptools import setup, find_packages\n\nrequirements = [\n"
            '    "Flask==1.1.2",\n    "psycopg2-binary>=2.7.6.1",\n    "SQLAlchemy==1.3.24",\n]\n\n'
            'setup(name="pyb", packages=find_packages(), install_requires=requirements)\n',
            "requirements.txt": "-e .\n",
            "pyb/__init__.py": "",
            "pyb/core.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and "psycopg2-binary" in {d.name for d in found.dependencies}
    assert [d.kind for d in found.databases] == ["postgres"]


def _saleor(root: Path, *, imports_tests: bool = True, image_sync: str = "uv sync --no-editable") -> Path:
    """saleor: uv with a dev group (pytest); its own image syncs without --no-dev; a module of
    the app imports a test fixture (`from ...account.tests.fixtures.user import ...`), which
    imports pytest as the plugins load."""
    helper = "from ..account.tests.fixtures import make_user\n" if imports_tests else "import json\n"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "shop"\nversion = "1.0"\nrequires-python = ">=3.12"\n'
            'dependencies = ["django>=5", "uvicorn>=0.30"]\n\n[dependency-groups]\n'
            'dev = ["pytest>=8"]\n',
            "uv.lock": "version = 1\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
            "shop/__init__.py": "",
            "shop/settings.py": "SECRET_KEY = 'x'\nASGI_APPLICATION = 'shop.asgi.application'\n",
            "shop/asgi.py": "from django.core.asgi import get_asgi_application\n"
            "application = get_asgi_application()\n",
            "shop/core/__init__.py": "",
            "shop/core/random_data.py": helper,
            "shop/account/__init__.py": "",
            "shop/account/tests/__init__.py": "",
            "shop/account/tests/fixtures.py": "import pytest\n\n\ndef make_user():\n    pass\n",
            "Dockerfile": f"FROM python:3.12\nRUN pip install uv\nCOPY . /app\nRUN {image_sync}\n",
        },
    )
    return root


def test_uvs_dev_group_stays_when_the_apps_code_imports_its_tests_as_the_projects_image_does(
    tmp_path: Path,
) -> None:
    dockerfile = advise({"host_os": "linux"}, folder=_saleor(tmp_path / "shop")).files()["Dockerfile"]
    assert "uv sync --locked --group dev\n" in dockerfile and "--no-dev" not in dockerfile
    assert "With uv's dev group, which the project's own image installs too" in dockerfile


def test_uvs_dev_group_is_left_out_otherwise(tmp_path: Path) -> None:
    for n, (imports, sync) in enumerate(
        ((False, "uv sync --locked"), (True, "uv sync --locked --no-dev"), (True, "uv sync --only-group web"))
    ):
        root = _saleor(tmp_path / str(n), imports_tests=imports, image_sync=sync)
        dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
        assert "uv sync --locked --no-dev\n" in dockerfile, (imports, sync)
        assert "--group dev" not in dockerfile, (imports, sync)


def _mathesar(root: Path) -> Path:
    """mathesar: a Django app whose Svelte UI (mathesar_ui/) builds with Vite into the app's
    static folder (`outDir: '../mathesar/static/mathesar/'`), whose manifest the pages read; the
    settings read `MODE` with the default 'PRODUCTION' and test `== 'DEVELOPMENT'`."""
    write_tree(
        root,
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
            "requirements.txt": "Django==4.2.20\ngunicorn==23.0.0\npsycopg==3.2.9\n",
            "config/__init__.py": "",
            "config/settings.py": "import os\n"
            "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
            "SECRET_KEY = os.environ['SECRET_KEY']\n"
            "MATHESAR_MODE = os.environ.get('MODE', default='PRODUCTION')\n"
            "STATIC_ROOT = os.path.join(BASE_DIR, 'static')\n"
            "UI_BUILD = os.path.join(BASE_DIR, 'mathesar', 'static', 'mathesar')\n"
            "STATICFILES_DIRS = [UI_BUILD] if MATHESAR_MODE != 'DEVELOPMENT' else []\n"
            "WSGI_APPLICATION = 'config.wsgi.application'\n",
            "config/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "mathesar/__init__.py": "",
            "mathesar/views.py": "import json\n",
            "mathesar_ui/package.json": '{"name": "mathesar-ui",'
            ' "scripts": {"build": "vite build", "dev": "vite"},'
            ' "devDependencies": {"vite": "^5.4.0", "svelte": "^4.2.0"}}',
            "mathesar_ui/package-lock.json": '{"name": "mathesar-ui", "lockfileVersion": 3, "packages": {}}',
            "mathesar_ui/vite.config.js": "export default {\n  build: {\n    manifest: true,\n"
            "    outDir: '../mathesar/static/mathesar/',\n  },\n};\n",
        },
    )
    return root


def test_a_front_end_that_builds_into_the_apps_folder_is_built_in_the_image(tmp_path: Path) -> None:
    dockerfile = advise({"host_os": "linux"}, folder=_mathesar(tmp_path / "m")).files()["Dockerfile"]
    assert "FROM node:" in dockerfile and "AS assets" in dockerfile
    assert "COPY --from=assets /built/app/ ./" in dockerfile


def test_an_environment_word_takes_the_case_of_the_codes_default(tmp_path: Path) -> None:
    env = advise({"host_os": "linux"}, folder=_mathesar(tmp_path / "m")).files()[".env"]
    assert "\nMODE=DEVELOPMENT\n" in env


def _yacht(root: Path) -> Path:
    """Yacht: a FastAPI app in backend/ (its code imports `api.…`), whose top Dockerfile
    installs `backend/requirements.txt`, copies `./backend/` into its working folder and runs
    `CMD ["python3", "app.py"]`, a file the project does not have."""
    write_tree(
        root,
        {
            "backend/requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\nSQLAlchemy==2.0.29\n",
            "backend/api/__init__.py": "",
            "backend/api/settings.py": "import os\n"
            "SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL', 'sqlite:///config/data.sqlite')\n",
            "backend/api/main.py": "from fastapi import FastAPI\n"
            "from api.settings import SQLALCHEMY_DATABASE_URI\n"
            "app = FastAPI()\n",
            "frontend/package.json": '{"name": "yacht-ui", "scripts": {"build": "vue-cli-service build"},'
            ' "dependencies": {"vue": "^2.6.0"}}',
            "Dockerfile": "FROM python:3.11-alpine as deploy-stage\nWORKDIR /api\n"
            "COPY ./backend/requirements.txt ./\nRUN pip3 install -r requirements.txt\n"
            'COPY ./backend/ ./\nEXPOSE 5000\nCMD ["python3", "app.py"]\n',
        },
    )
    return root


def test_a_python_file_the_projects_image_runs_must_exist_to_be_the_start(tmp_path: Path) -> None:
    from advisor.inspect.dockerfiles import dockerfile_cmd
    from advisor.inspect.tree import Tree

    assert dockerfile_cmd(Tree(_yacht(tmp_path / "yacht")), "", 5000) is None


def test_the_top_app_the_image_copies_from_a_folder_is_that_folders_app(tmp_path: Path) -> None:
    found = inspect_project(_yacht(tmp_path / "yacht"))
    python = [a for a in found.apps if a.language.value == "python"]
    assert [a.path for a in python] == ["backend"]
    assert python[0].start is not None and python[0].start.argv[:2] == ("uvicorn", "api.main:app")


def test_a_key_file_a_method_writes_at_the_project_root_lives_in_the_data_volume(tmp_path: Path) -> None:
    """saleor: in DEBUG with no RSA_PRIVATE_KEY, its JWT manager makes `.jwt_key.pem` at the
    project's root (`join(settings.PROJECT_ROOT, cls.KEY_FILE_FOR_DEBUG)`), as the app loads
    (also during the build's collectstatic, as root)."""
    root = _saleor(tmp_path / "shop", imports_tests=False)
    write_tree(
        root,
        {
            "shop/jwt_manager.py": "from os.path import exists, join\nfrom django.conf import settings\n\n\n"
            "class JWTManager:\n    KEY_FILE_FOR_DEBUG = '.jwt_key.pem'\n\n    @classmethod\n"
            "    def _load_debug_private_key(cls):\n"
            "        key_path = join(settings.PROJECT_ROOT, cls.KEY_FILE_FOR_DEBUG)\n"
            "        if exists(key_path):\n            return None\n"
            "        return cls._create_local_private_key(key_path)\n\n    @classmethod\n"
            "    def _create_local_private_key(cls, path):\n        key = b'k'\n"
            "        with open(path, 'wb') as p_key_file:\n            p_key_file.write(key)\n"
            "        return key\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "&& ln -sfn /app/data/.jwt_key.pem .jwt_key.pem\n" in dockerfile


# Review of this stop's change: the shapes its first versions got wrong.


def test_a_secret_file_already_in_the_data_folder_gets_no_link_to_itself(tmp_path: Path) -> None:
    root = _etebase(tmp_path / "ete")
    settings = root / "etebase_server/settings.py"
    settings.write_text(
        settings.read_text().replace(
            'SECRET_FILE = os.path.join(BASE_DIR, "secret.txt")',
            'DATA_DIR = os.environ.get("DATA_DIR", BASE_DIR)\n'
            'SECRET_FILE = os.path.join(DATA_DIR, "secret.txt")',
        )
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "ln -sfn /app/data/secret.txt data/secret.txt" not in dockerfile


def test_a_secret_files_folder_is_made_before_its_link(tmp_path: Path) -> None:
    root = _etebase(tmp_path / "ete")
    settings = root / "etebase_server/settings.py"
    settings.write_text(settings.read_text().replace('"secret.txt")', '"var", "secret.key")'))
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "RUN mkdir -p data var \\\n    && ln -sfn /app/data/secret.key var/secret.key\n" in dockerfile


def test_a_dev_or_test_script_running_the_start_with_another_program_is_not_the_start(tmp_path: Path) -> None:
    for n, (name, script) in enumerate(
        (
            ("dev", 'concurrently "npm:start" "node scripts/watch-assets.js"'),
            ("e2e", 'concurrently -k -s first "npm:start" "node test/e2e.js"'),
            ("start:all", 'concurrently "npm:start" "node scripts/watch-assets.js"'),
            ("both", 'concurrently -s first "npm:start" "npm:cron"'),
        )
    ):
        root = _serpbear(tmp_path / str(n), all_script="next lint")
        package = json.loads((root / "package.json").read_text())
        package["scripts"][name] = script
        (root / "package.json").write_text(json.dumps(package))
        cmd = _final_cmd(advise({"host_os": "linux"}, folder=root).files()["Dockerfile"])
        assert cmd == _SERVER_ONLY, (name, script)


def test_a_frameworks_own_test_module_is_not_the_apps_tests(tmp_path: Path) -> None:
    root = _saleor(tmp_path / "shop", imports_tests=False, image_sync="uv sync --frozen")
    (root / "shop/core/signals.py").write_text("from django.test.signals import setting_changed\n")
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "--group dev" not in dockerfile


def test_an_image_that_sets_uv_no_dev_leaves_the_dev_group_out(tmp_path: Path) -> None:
    root = _saleor(tmp_path / "shop", image_sync="uv sync --frozen")
    image = "FROM python:3.12\nENV UV_NO_DEV=1\nRUN pip install uv\nRUN uv sync --frozen\n"
    (root / "Dockerfile").write_text(image)
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert "--group dev" not in dockerfile


def test_a_dotenv_plugins_path_above_is_no_build_into_the_app(tmp_path: Path) -> None:
    from advisor.inspect.django_assets import _builds_above
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "a/webpack.config.js": "module.exports = { plugins: [new Dotenv({ path: '../.env' })] };\n",
            "b/webpack.config.js": "module.exports = {\n"
            "  output: { path: path.resolve(__dirname, '../app/static') },\n};\n",
        },
    )
    tree = Tree(tmp_path)
    assert not _builds_above(tree, "a") and _builds_above(tree, "b")


def test_nest_start_runs_the_entry_in_tsconfigs_out_dir_and_not_a_named_project(tmp_path: Path) -> None:
    root = _nest(tmp_path / "api", "nest start")
    (root / "tsconfig.json").write_text('{"compilerOptions": {"outDir": "./build"}}')
    found = inspect_project(root).primary
    assert found is not None and found.start is not None and found.start.argv[1].startswith("build/main")
    named = inspect_project(_nest(tmp_path / "mono", "nest start api")).primary
    assert named is not None and named.start is not None and named.start.argv[0] != "node"


def test_a_production_compose_variants_published_image_gives_no_settings(tmp_path: Path) -> None:
    from advisor.inspect.composeenv import compose_settings
    from advisor.inspect.tree import Tree

    root = tmp_path / "myapp"
    write_tree(
        root,
        {
            "package.json": '{"name": "myapp"}',
            "docker-compose.prod.yml": "services:\n  app:\n    image: ghcr.io/acme/myapp:latest\n"
            '    environment:\n      COOKIE_SECURE: "true"\n',
        },
    )
    assert list(compose_settings(Tree(root), "")) == []


def test_the_project_folders_name_holds_however_the_folder_was_given(tmp_path: Path, monkeypatch) -> None:
    from advisor.inspect.composeenv import compose_settings
    from advisor.inspect.tree import Tree

    root = tmp_path / "siteapp"
    write_tree(
        root,
        {
            "docker-compose.yml": "services:\n  web:\n    image: someone/siteapp:2\n    environment:\n"
            "      A: b\n"
        },
    )
    monkeypatch.chdir(root)
    assert [s.name for s in compose_settings(Tree(Path(".")), "")] == ["A"]


def test_an_option_tables_default_is_its_own_objects(tmp_path: Path) -> None:
    from advisor.inspect.envcollect import Collector
    from advisor.inspect.envjs_lists import scan_option_table

    out = Collector()
    scan_option_table(
        "const o = [{ defaultVal: 'false', envName: 'APP_DEBUG' }, { defaultVal: '9876', envName: 'PORT' },\n"
        "  { envName: 'X', defaultVal: null, f: () => { return { default: 'zz' }; } }];\n"
        "let value = process.env[envName];\n",
        "config.js",
        out,
    )
    assert {v.name: v.default for v in out.result()} == {"APP_DEBUG": "false", "PORT": "9876", "X": None}


def test_placed_modules_copy_into_a_package_after_copy_dot_slash(tmp_path: Path) -> None:
    from advisor.inspect.placed import placed_files
    from advisor.inspect.tree import Tree

    root = _crypt(tmp_path / "crypt")
    dockerfile = (root / "Dockerfile").read_text().replace("COPY / $APP_DIR", "COPY ./ $APP_DIR")
    (root / "Dockerfile").write_text(dockerfile + "COPY src/helpers.py ./\n")
    write_tree(root, {"src/helpers.py": "X = 1\n"})
    assert placed_files(Tree(root), "") == (("docker/settings.py", "fvserver/settings.py"),)


def test_a_requirements_comprehension_in_setup_py_is_no_list_of_requirements(tmp_path: Path) -> None:
    from advisor.inspect.python_setup import setup_requirements
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "setup.py": "requirements = [line.strip() for line in open('requirements.txt', 'r')"
            " if not line.startswith('#')]\nsetup(name='x', install_requires=requirements)\n"
        },
    )
    assert setup_requirements(Tree(tmp_path), "") is None


def test_a_range_within_one_patch_takes_that_patchs_image() -> None:
    """learnhouse: `requires-python = ">=3.14.3,<3.14.4"`: python:3.14.3-slim (the 3.14 line's
    newest patch would not satisfy uv), not an end-of-life fallback."""
    from advisor.inspect.versions import choose

    chosen = choose("python", ">=3.14.3,<3.14.4", "pyproject.toml")
    assert (chosen.image_tag, chosen.supported) == ("3.14.3", True)
    assert choose("python", "~=3.9.2", "pyproject.toml").image_tag == "3.9"  # (a line, as before)
    assert choose("python", ">=3.9.2,<3.9.3", "x").image_tag is None  # a patch on a Debian gone


def test_the_assets_stage_installs_git_when_the_front_ends_lockfile_fetches_from_git(tmp_path: Path) -> None:
    """sickchill: its yarn.lock resolves two packages from `git+https://github.com/…`; the
    Node image has no git, and yarn stops: `Couldn't find the binary git`."""
    root = _mathesar(tmp_path / "m")
    write_tree(
        root,
        {
            "mathesar_ui/package-lock.json": '{"name": "mathesar-ui", "lockfileVersion": 3, "packages": {'
            '"node_modules/x": {"resolved": "git+https://github.com/acme/x.git#abc"}}}',
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assets = dockerfile[dockerfile.index("AS assets") : dockerfile.index("npm ci")]
    assert "apt-get install --yes --no-install-recommends git ca-certificates" in assets
    assert_hadolint_clean(dockerfile, tmp_path)
    plain = advise({"host_os": "linux"}, folder=_mathesar(tmp_path / "plain")).files()["Dockerfile"]
    assert "install --yes --no-install-recommends git" not in plain[: plain.index("FROM python")]


def test_the_images_words_for_a_console_script_of_another_case_are_kept_and_the_project_installed(
    tmp_path: Path,
) -> None:
    """sickchill declares `SickChill` and `sickchill` (the same function); its image runs
    `CMD ["sickchill", "--nolaunch", "--datadir", "/data", "--port", "8081"]`: those words (its
    data in the /data volume), with the project installed so the script exists."""
    root = tmp_path / "sc"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "sickchill"\nversion = "1.0"\nrequires-python = ">=3.10"\n'
            'dependencies = ["tornado>=6"]\n\n[project.scripts]\nSickChill = "SickChill:main"\n'
            'sickchill = "SickChill:main"\n\n[tool.poetry]\npackage-mode = true\n\n'
            '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
            "poetry.lock": "# lock\n",
            "SickChill.py": "from tornado.web import Application\n\n\ndef main():\n    pass\n",
            "Dockerfile": "FROM python:3.12\nWORKDIR /data\nVOLUME /data\n"
            'CMD ["sickchill", "--nolaunch", "--datadir", "/data", "--port", "8081"]\nEXPOSE 8081\n',
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert 'CMD ["sickchill", "--nolaunch", "--datadir", "/data", "--port", "8081"]' in dockerfile
    assert "poetry install --only main --no-interaction" in dockerfile  # the project itself too


def test_an_option_of_mkdir_is_no_folder_the_image_makes(tmp_path: Path) -> None:
    """spiderfoot: `mkdir -p $SPIDERFOOT_DATA || true`, and its sf.py parses a `-p` option:
    advisor made `/app/-p`."""
    from advisor.inspect.image_folders import made_data_folders
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12\nENV SPIDERFOOT_DATA /var/lib/spiderfoot\n"
            'RUN mkdir -p $SPIDERFOOT_DATA || true\nCMD ["python", "sf.py"]\n',
            "sf.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('-p', help='modules')\n",
        },
    )
    assert made_data_folders(Tree(tmp_path), "") == []


def test_a_call_after_a_js_variable_is_no_default(tmp_path: Path) -> None:
    """KoInsight: `process.env.DATA_PATH || path.resolve(BASE_PATH, '../../../', 'data')`: no
    default ("path.resolve(BASE_PATH" was taken for one), so DATA_PATH names the data folder,
    which the image sets and a volume keeps."""
    from advisor.inspect.envcollect import Collector
    from advisor.inspect.envvars import scan_js

    out = Collector()
    scan_js(
        "const DATA_PATH = process.env.DATA_PATH || path.resolve(BASE_PATH, '../../../', 'data');\n"
        "const port = Number(process.env.PORT || 3000);\n",
        "src/config.ts",
        out,
    )
    assert {v.name: v.default for v in out.result()} == {"DATA_PATH": None, "PORT": "3000"}


def test_a_build_script_that_writes_above_its_folder_is_built_in_the_image(tmp_path: Path) -> None:
    """nefarious: a Django app in src/ whose Angular UI (src/frontend/) builds with `ng build
    --output-path ../staticassets`, the STATICFILES_DIRS folder the repository lacks, and
    whose root URL redirects to /static/index.html. The output path is on the build script's
    command line, not in a bundler's config: the UI is built all the same, before collectstatic."""
    root = write_tree(
        tmp_path / "fetcher",
        {
            "src/manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fetcher.settings')\n",
            "src/requirements.txt": "Django==4.2.20\ngunicorn==23.0.0\n",
            "src/fetcher/__init__.py": "",
            "src/fetcher/settings.py": "import os\n"
            "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
            "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev')\n"
            "STATIC_URL = '/static/'\n"
            "STATICFILES_DIRS = [\n    os.path.join(BASE_DIR, 'staticassets'),\n]\n"
            "STATIC_ROOT = 'staticfiles'\n"
            "WSGI_APPLICATION = 'fetcher.wsgi.application'\n",
            "src/fetcher/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "src/frontend/package.json": '{"name": "fetcher", "scripts": {"start": "ng serve",'
            ' "build": "ng build --output-path ../staticassets",'
            ' "watch": "ng build --watch --output-path ../staticassets"},'
            ' "dependencies": {"@angular/core": "^17.0.8"}, "devDependencies": {"@angular/cli": "^17.0.8"}}',
            "src/frontend/package-lock.json": '{"name": "fetcher", "lockfileVersion": 3, "packages": {}}',
            "src/frontend/angular.json": '{"projects": {"fetcher": {"architect": {"build": '
            '{"options": {"outputPath": "dist/fetcher"}}}}}}',
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.path == "src" and found.static_packages is not None
    assert (found.static_packages.folder, found.static_packages.build) == ("frontend", "build")
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=root).files()["Dockerfile"]
    assert "AS assets" in dockerfile and "npm run build" in dockerfile
    final = dockerfile[dockerfile.rindex("FROM ") :]
    assert final.index("COPY --from=assets /built/app/ ./") < final.index("collectstatic")
