"""Layouts left from the m61 round and found by the m62 round of held-out projects (see the
issue notes): each test holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _karaoke(root: Path, listen: str) -> Path:
    """KaraokeEternal: the server reads its port and data folder from KES_* variables into an
    env object and hands `env.KES_PORT` to listen(); with no KES_PORT it takes port 0 (a
    random one). Its SQLite file goes under KES_PATH_DATA, by default a folder in the home."""
    write_tree(
        root,
        {
            "package.json": '{"name": "karaoke-party", "main": "./build/server/main.js",'
            ' "scripts": {"build": "tsc -p tsconfig.json",'
            ' "dev": "tsx watch server/main.ts -p 3000", "serve": "node build/server/main.js"},'
            ' "dependencies": {"koa": "^3.0.0", "sqlite3": "^5.1.7"},'
            ' "devDependencies": {"typescript": "^5.9.0"}}',
            "package-lock.json": '{"name": "karaoke-party", "lockfileVersion": 3, "packages": {}}',
            "tsconfig.json": '{"compilerOptions": {"outDir": "build", "rootDir": "."}}',
            "server/lib/cli.ts": "const env = {\n"
            "  KES_PATH_DATA: process.env.KES_PATH_DATA || appPath('Karaoke Server'),\n"
            "  KES_PORT: parseInt(process.env.KES_PORT, 10) || 0,\n"
            "  KES_URL_PATH: process.env.KES_URL_PATH || '/',\n"
            "}\nexport default env\n",
            "server/main.ts": "import env from './lib/cli'\n"
            "const db = open(path.join(env.KES_PATH_DATA, 'database.sqlite3'))\n" + listen,
        },
    )
    return root


def _run_sh(root: Path) -> tuple[str, str, str]:
    files = advise({"host_os": "linux", "environment": "development"}, folder=root).files("en")
    return files["run.sh"], files[".env.example"], files["Dockerfile"]


def test_a_port_variable_the_code_hands_to_listen_is_set_to_the_apps_port(tmp_path: Path) -> None:
    listen = "server.listen(env.KES_PORT, () => {\n  log('up')\n})\n"
    run, example, _ = _run_sh(_karaoke(tmp_path / "ke", listen))
    assert "KES_PORT=3000" in example.splitlines()
    assert "^(KES_PORT)=" in run


def test_a_port_variable_reaching_listen_through_a_local_is_set_too(tmp_path: Path) -> None:
    listen = "const port = env.KES_PORT\napp.listen(port)\n"
    _, example, _ = _run_sh(_karaoke(tmp_path / "ke", listen))
    assert "KES_PORT=3000" in example.splitlines()


def test_a_port_variable_the_code_never_listens_on_is_not_set(tmp_path: Path) -> None:
    """Without the listen() evidence, KES_PORT is some port the app reads, not necessarily its
    own (an ELASTIC_PORT would be another server's): advisor leaves it alone."""
    _, example, _ = _run_sh(_karaoke(tmp_path / "ke", "server.listen(3000)\n"))
    assert "KES_PORT=3000" not in example.splitlines()


def test_a_path_data_variable_names_the_data_folder_a_volume_keeps(tmp_path: Path) -> None:
    run, _, dockerfile = _run_sh(_karaoke(tmp_path / "ke", "server.listen(env.KES_PORT)\n"))
    assert "KES_PATH_DATA=/app/data" in dockerfile
    assert '--volume "$name-app-data:/app/data"' in run


def test_asset_scripts_named_for_their_tools_run_when_there_is_no_build_script(tmp_path: Path) -> None:
    """MyFinances (Django): package.json has no `build`; `tailwind-build` and `webpack-build`
    write the CSS and the bundle webpack-stats.json names (without them `/` answers 500).
    Each runs once, in order; the `-watch`/`-dev`/serving scripts do not."""
    root = tmp_path / "finances"
    write_tree(
        root,
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "settings/__init__.py": "",
            "settings/settings.py": "INSTALLED_APPS = ['webpack_loader']\nSTATIC_ROOT = 'static'\n"
            "WSGI_APPLICATION = 'settings.wsgi.application'\n",
            "settings/wsgi.py": "application = get_wsgi_application()\n",
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\ndjango-webpack-loader==3.1.1\n",
            "package.json": '{"scripts": {'
            '"tailwind-build": "tailwindcss -i ./frontend/in.css -o ./frontend/out.css",'
            '"tailwind-watch": "tailwindcss -i ./frontend/in.css -o ./frontend/out.css -w",'
            '"webpack-watch": "webpack --watch --config webpack.dev.js",'
            '"webpack-dev": "webpack --config webpack.dev.js",'
            '"webpack-build": "webpack --config webpack.prod.js",'
            '"preview-docs": "mkdocs serve"},'
            ' "devDependencies": {"tailwindcss": "^3.4.1", "webpack": "^5.105.0", "webpack-cli": "^5.1.4"}}',
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
        },
    )
    advice = advise({"host_os": "linux", "environment": "development"}, folder=root)
    files = advice.files("en")
    assert "&& npm run tailwind-build && npm run webpack-build \\" in files["Dockerfile"]
    assert "watch" not in files["Dockerfile"] and "webpack-dev" not in files["Dockerfile"]
    report = files["RECOMMENDATIONS.md"]
    assert "scripts (`tailwind-build`, `webpack-build`)" in report
    assert "(스크립트: `tailwind-build`, `webpack-build`)" in advice.files("ko")["RECOMMENDATIONS.md"]


def test_the_port_of_a_default_settings_module_is_the_apps(tmp_path: Path) -> None:
    """thelounge: the server listens on `Config.values.port`, whose default is `port: 9000` in
    `defaults/config.js` (module.exports); a database's port deeper in the module is not it."""
    root = tmp_path / "lounge"
    write_tree(
        root,
        {
            "package.json": '{"name": "lounge", "bin": {"lounge": "index.js"},'
            ' "scripts": {"start": "node index start"}, "dependencies": {"express": "^5.1.0"}}',
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "index.js": "require('./server/server.js')\n",
            "server/server.js": "const Config = require('./config')\n"
            "app.listen(Config.values.port, Config.values.host)\n",
            "defaults/config.js": '"use strict";\nmodule.exports = {\n\tpublic: false,\n\thost: undefined,\n'
            "\tport: 9000,\n\tstorage: {\n\t\tdb: {\n\t\t\tport: 5432,\n\t\t},\n\t},\n};\n",
        },
    )
    files = advise({"host_os": "linux", "environment": "development"}, folder=root).files("en")
    assert "EXPOSE 9000" in files["Dockerfile"]
    assert "defaults/config.js" in files["RECOMMENDATIONS.md"]


def _status_page(root: Path) -> Path:
    """Status-Page (NetBox's layout): settings.py loads the module STATUS_PAGE_CONFIGURATION
    names, by default `statuspage.configuration`, which the project keeps only as
    configuration_example.py: literal DATABASE and REDIS dicts on localhost, an empty
    SECRET_KEY and ALLOWED_HOSTS, all required by the settings."""
    pkg = "statuspage/statuspage"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.2\ndjango-redis==5.4.0\npsycopg2==2.9.10\ngunicorn==23.0.0\n",
            "statuspage/manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'statuspage.settings')\n",
            f"{pkg}/__init__.py": "",
            f"{pkg}/wsgi.py": "application = get_wsgi_application()\n",
            f"{pkg}/settings.py": "import importlib\nimport os\n"
            "config_path = os.getenv('STATUS_PAGE_CONFIGURATION', 'statuspage.configuration')\n"
            "configuration = importlib.import_module(config_path)\n"
            "DATABASE = getattr(configuration, 'DATABASE')\nREDIS = getattr(configuration, 'REDIS')\n"
            "SECRET_KEY = getattr(configuration, 'SECRET_KEY')\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', **DATABASE}}\n"
            "WSGI_APPLICATION = 'statuspage.wsgi.application'\n",
            f"{pkg}/configuration_example.py": "ALLOWED_HOSTS = []\n"
            "DATABASE = {\n    'NAME': 'status-page',\n    'USER': '',\n    'PASSWORD': '',\n"
            "    'HOST': 'localhost',\n    'PORT': '',\n}\n"
            "REDIS = {\n    'tasks': {'HOST': 'localhost', 'PORT': 6379, 'DATABASE': 0},\n"
            "    'caching': {'HOST': 'localhost', 'PORT': 6379, 'DATABASE': 1},\n}\n"
            "SITE_URL = \"\"\nSECRET_KEY = ''\n",
        },
    )
    return root


def test_a_configuration_template_the_settings_load_by_name_takes_its_connection_from_the_environment(
    tmp_path: Path,
) -> None:
    root = _status_page(tmp_path / "status")
    advice = advise({"host_os": "linux", "environment": "development", "cache": "redis"}, folder=root)
    files = advice.files("en")
    dockerfile = files["Dockerfile"]
    target = "statuspage/statuspage/configuration.py"
    assert f"cp statuspage/statuspage/configuration_example.py {target}" in dockerfile
    appended = dockerfile[dockerfile.index("printf '%s\\n'") : dockerfile.index(f">> {target}")]
    assert (
        '"HOST": os.environ["DATABASE_HOST"]' in appended and '"HOST": os.environ["REDIS_HOST"]' in appended
    )
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in appended
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert (env["DATABASE_HOST"], env["REDIS_HOST"]) == ("db", "redis")
    assert env["DATABASE_USER"] == env["POSTGRES_USER"] or env["DATABASE_USER"].startswith("${POSTGRES_USER")
    assert {"DATABASE_NAME", "DATABASE_PASSWORD", "SECRET_KEY", "SITE_URL"} <= set(env)
    assert_hadolint_clean(dockerfile, root)
    said = (
        "take `DATABASE`, `REDIS`, `SECRET_KEY`, `ALLOWED_HOSTS`, `SITE_URL` from the container's environment"
    )
    assert said in files["RECOMMENDATIONS.md"]
    assert "(대상 설정: `DATABASE`, `REDIS`" in advice.files("ko")["RECOMMENDATIONS.md"]


def test_a_module_the_settings_import_directly_gets_no_environment_lines(tmp_path: Path) -> None:
    """The lines are for a module loaded by name; a plain `from .configuration import *` of a
    copied template keeps the template as it is (as before)."""
    root = _status_page(tmp_path / "status")
    settings = root / "statuspage/statuspage/settings.py"
    settings.write_text("from .configuration import *\nWSGI_APPLICATION = 'statuspage.wsgi.application'\n")
    dockerfile = advise({"host_os": "linux"}, folder=root).files("en")["Dockerfile"]
    assert "cp -n statuspage/statuspage/configuration_example.py" in dockerfile
    assert "os.environ[" not in dockerfile


def test_a_wsgi_module_two_folders_down_naming_a_missing_settings_module_gives_way_to_manage_pys(
    tmp_path: Path,
) -> None:
    """wagtail's guide: gunicorn runs apps.guide.wsgi, whose fallback `guide.settings.dev` is
    no module from the project's top (gunicorn stops on ModuleNotFoundError); manage.py's
    `apps.guide.settings.dev` is."""
    root = tmp_path / "guide"
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n",
            "manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'apps.guide.settings.dev')\n"
            "from django.core.management import execute_from_command_line\n",
            "apps/__init__.py": "",
            "apps/guide/__init__.py": "",
            "apps/guide/wsgi.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'guide.settings.dev')\n"
            "application = get_wsgi_application()\n",
            "apps/guide/settings/__init__.py": "",
            "apps/guide/settings/base.py": "WSGI_APPLICATION = 'apps.guide.wsgi.application'\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n",
            "apps/guide/settings/dev.py": "from .base import *\nDEBUG = True\n",
        },
    )
    files = advise({"host_os": "linux", "environment": "development"}, folder=root).files("en")
    assert "DJANGO_SETTINGS_MODULE=apps.guide.settings.dev" in files[".env.example"].splitlines()
    assert "^(DJANGO_SETTINGS_MODULE)=" in files["run.sh"]


def _polemarch(root: Path) -> Path:
    """polemarch: a Django app on vstutils (no Django among its requirements, but its metadata's
    `Framework :: Django`), a package.json beside it for its Vue front end, and an image whose
    CMD runs its console script with the sub-command that serves: `polemarchctl webserver`."""
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "polemarch"\nversion = "1.0"\nrequires-python = ">=3.10"\n'
            'classifiers = ["Framework :: Django", "Framework :: Django :: 5.1"]\n'
            'dynamic = ["dependencies"]\n\n[project.scripts]\npolemarchctl = "polemarch:cmd_execution"\n',
            "setup.py": "from setuptools import setup\nsetup()\n",
            "requirements.txt": "vstutils[rpc,prod]~=5.12\n",
            "polemarch/__init__.py": "def cmd_execution():\n    pass\n",
            "package.json": '{"name": "polemarch", "scripts": {"build": "vite build"},'
            ' "dependencies": {"vue": "^2.7.16"}, "devDependencies": {"vite": "^5.4.11"}}',
            "yarn.lock": "",
            "Dockerfile": "FROM ubuntu:24.04\nRUN pip install .\nEXPOSE 8080\nENTRYPOINT []\n"
            'CMD ["/usr/local/bin/polemarchctl", "webserver"]\n',
        },
    )
    return root


def test_a_python_project_whose_metadata_names_a_web_framework_outranks_its_front_ends_package_json(
    tmp_path: Path,
) -> None:
    found = inspect_project(_polemarch(tmp_path / "polemarch")).primary
    assert found is not None and found.language.value == "python"


def test_a_console_script_takes_the_words_the_projects_image_runs_it_with(tmp_path: Path) -> None:
    found = inspect_project(_polemarch(tmp_path / "polemarch")).primary
    assert found is not None and found.start is not None
    assert found.start.argv == ("polemarchctl", "webserver")


def test_a_start_that_is_the_projects_own_console_script_installs_the_project(tmp_path: Path) -> None:
    """maloja: requirements.txt holds the dependencies, pyproject.toml declares the console
    script `maloja` the image starts; pip installing the requirements alone leaves no `maloja`
    in the image (tini: exec maloja failed)."""
    root = tmp_path / "maloja"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "malojaa"\nversion = "3.2.4"\nrequires-python = ">=3.12"\n'
            'dependencies = ["bottle>=0.13", "waitress>=3.0"]\n\n'
            '[project.scripts]\nmaloja = "malojaa.__main__:main"\n\n'
            '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n',
            "requirements.txt": "bottle>=0.13\nwaitress>=3.0\n",
            "malojaa/__init__.py": "",
            "malojaa/__main__.py": "from waitress import serve\n\ndef main():\n    serve(app, port=42010)\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files("en")["Dockerfile"]
    assert 'CMD ["maloja"' in dockerfile
    assert "/app/.venv/bin/python -m pip install --no-deps ." in dockerfile


def test_a_console_script_that_dispatches_through_a_table_starts_with_its_server_word(tmp_path: Path) -> None:
    """maloja's main() looks its first argument up in `actions = {"run": run_server, ...}` and,
    with none, prints the valid commands and exits: the start is `maloja run`."""
    root = tmp_path / "maloja"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "malojaa"\nversion = "3.2.4"\n\n'
            '[project.scripts]\nmaloja = "malojaa.__main__:main"\n',
            "requirements.txt": "waitress>=3.0\n",
            "malojaa/__init__.py": "",
            "malojaa/__main__.py": 'def main(*args):\n\tactions = {\n\t\t# server\n\t\t"run":run_server,\n'
            '\t\t"debug":debug,\n\t\t"import":tasks.import_scrobbles,\n\t}\n'
            "\taction, *args = args\n\treturn actions[action](*args)\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.start is not None and found.start.argv == ("maloja", "run")


def test_a_no_prompt_switch_the_projects_image_sets_is_set_in_advisors_image(tmp_path: Path) -> None:
    """maloja: with no terminal, its first start asks for API keys and stops ("set
    MALOJA_SKIP_SETUP=yes"), which its Containerfile sets; the app reads its settings through
    its own loader under the MALOJA_ prefix (MALOJA_DATA_DIRECTORY by name). A switch of
    another prefix is not the app's."""
    root = tmp_path / "maloja"
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "malojaa"\nversion = "3.2.4"\n\n'
            '[project.scripts]\nmaloja = "malojaa.__main__:main"\n',
            "requirements.txt": "waitress>=3.0\n",
            "malojaa/__init__.py": "import os\nDATA = os.environ.get('MALOJA_DATA_DIRECTORY', '/data')\n",
            "malojaa/__main__.py": "from waitress import serve\n\ndef main():\n    serve(app, port=42010)\n",
            "Containerfile": "FROM alpine:3.21 AS base\nCOPY . .\nENV\t\\\n\t# Docker-specific\n"
            "\tMALOJA_SKIP_SETUP=yes \\\n\tOTHER_SKIP_SETUP=yes \\\n\tPYTHONUNBUFFERED=1\nEXPOSE 42010\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files("en")["Dockerfile"]
    assert "    MALOJA_SKIP_SETUP=yes" in dockerfile
    assert "OTHER_SKIP_SETUP" not in dockerfile


def _scrapydweb(root: Path) -> Path:
    """scrapydweb: SQLite URLs as examples in comments and as a pattern in a re.match, a
    message that names a LOGS_DIR setting, and the data folder in DATA_PATH (default '', the
    package's folder, which the app makes at import)."""
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.1.0\nflask-sqlalchemy==3.1.1\n",
            "setup.py": "from setuptools import setup\nsetup(name='scrapyweb')\n",
            "scrapyweb/__init__.py": "import os\nfrom flask import Flask\n\n\ndef create_app():\n"
            "    app = Flask(__name__, instance_relative_config=True)\n    return app\n",
            "scrapyweb/default_settings.py": "import os\n"
            "DATA_PATH = os.environ.get('DATA_PATH', '')\n"
            "# e.g.\n# 'sqlite:///C:/Users/username'\n# 'sqlite:////home/username'\n"
            "DATABASE_URL = os.environ.get('DATABASE_URL', '')\n",
            "scrapyweb/utils/setup_database.py": "import re\n\ndef path(url):\n"
            "    return re.match(r'sqlite:///(.+)$', url)\n",
            "scrapyweb/utils/check.py": "def check(config, logger):\n"
            "    LOCAL_LOGS_DIR = config.get('LOCAL_LOGS_DIR', '')\n"
            '    logger.info("Setting up LOCAL_LOGS_DIR: %s", LOCAL_LOGS_DIR)\n',
        },
    )
    return root


def test_sqlite_urls_in_comments_or_patterns_are_no_files_and_never_stop_the_files(tmp_path: Path) -> None:
    """Before, the pattern `(.+)$` became the database URL's file and advisor wrote nothing:
    "value of DATABASE_URL cannot be written to .env safely"."""
    files = advise({"host_os": "linux"}, folder=_scrapydweb(tmp_path / "web")).files("en")
    written = "\n".join(files.values())
    assert "(.+)" not in written and "/home/username" not in written
    assert "LOCAL_LOGS_DIR" not in files["Dockerfile"] and "Setting up" not in files["Dockerfile"]


def test_a_data_path_variable_with_a_folder_default_names_the_data_folder(tmp_path: Path) -> None:
    files = advise({"host_os": "linux"}, folder=_scrapydweb(tmp_path / "web")).files("en")
    assert "    DATA_PATH=/app/data" in files["Dockerfile"]
    assert '--volume "$name-app-data' in files["run.sh"] and ":/app/data" in files["run.sh"]


def test_a_setup_py_console_script_whose_module_serves_is_the_start_and_is_installed(tmp_path: Path) -> None:
    """scrapydweb: setup.py lists its console script in a set (`"console_scripts": {...}`);
    run.py's main() serves with app.run(host=..., port=...) and takes `-p`/`--port`; its Flask
    factory alone misses what main() sets up (a 500 on every page)."""
    root = _scrapydweb(tmp_path / "web")
    (root / "setup.py").write_text(
        "from setuptools import setup\nsetup(\n    name='scrapyweb',\n    entry_points={\n"
        '        "console_scripts": {\n            "scrapyweb = scrapyweb.run:main"\n        }\n    },\n)\n'
    )
    (root / "scrapyweb/run.py").write_text(
        "import argparse\nfrom . import create_app\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument(\n        '-p', '--port',\n        default=5000,\n    )\n"
        "    args = parser.parse_args()\n    app = create_app()\n"
        "    app.run(host='0.0.0.0', port=args.port)\n"
    )
    dockerfile = advise({"host_os": "linux"}, folder=root).files("en")["Dockerfile"]
    assert 'CMD ["scrapyweb", "--port", "8000"]' in dockerfile
    assert "/app/.venv/bin/python -m pip install --no-deps ." in dockerfile


def test_a_folder_constant_the_code_keeps_its_files_in_is_a_volume_its_user_owns(tmp_path: Path) -> None:
    """profilarr: `CONFIG_DIR = '/config'` in a plain Config class, its database and logs joined
    to it (`os.path.join(CONFIG_DIR, 'profilarr.db')`), made at start: as the image's user,
    `PermissionError: '/config'`."""
    root = tmp_path / "profiles"
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
            "app/__init__.py": "",
            "app/main.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
            "app/config.py": "import os\n\n\nclass Config:\n    CONFIG_DIR = '/config'\n"
            "    DB_PATH = os.path.join(CONFIG_DIR, 'profilarr.db')\n    CACHE_DIR = '/tmp/cache'\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=root).files("en")
    assert re.search(r"RUN mkdir -p [^\n]*/config", files["Dockerfile"])
    assert 'app-data:/config"' in files["run.sh"]
    assert "/tmp/cache" not in files["Dockerfile"]


def _dejacode(root: Path) -> Path:
    """dejacode: uv with no index, its wheels in `thirdparty/dist` (`find-links`); settings
    that read CHANGELOG_PATH, the repository's CHANGELOG.rst (named like a LOG_PATH)."""
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "dejacodee"\nversion = "5.0.0"\nrequires-python = ">=3.13"\n'
            'dependencies = ["django==5.2.8"]\n\n[tool.uv]\nno-index = true\n'
            'find-links = ["./thirdparty/dist"]\n',
            "uv.lock": "version = 1\n",
            "thirdparty/dist/django-5.2.8-py3-none-any.whl": "",
            "CHANGELOG.rst": "Release notes\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dejacodee.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "dejacodee/__init__.py": "",
            "dejacodee/wsgi.py": "application = get_wsgi_application()\n",
            "dejacodee/settings.py": "import environ\nROOT_DIR = environ.Path(__file__) - 2\n"
            "CHANGELOG_PATH = ROOT_DIR('CHANGELOG.rst')\nLOG_PATH = 'logs'\n"
            "WSGI_APPLICATION = 'dejacodee.wsgi.application'\n",
        },
    )
    return root


def test_uvs_local_wheel_folder_is_mounted_for_the_dependency_install(tmp_path: Path) -> None:
    dockerfile = advise({"host_os": "linux"}, folder=_dejacode(tmp_path / "dj")).files("en")["Dockerfile"]
    first = dockerfile[: dockerfile.index("uv sync --locked --no-install-workspace")]
    assert "--mount=type=bind,source=thirdparty/dist,target=thirdparty/dist" in first


def test_a_file_of_the_repository_is_never_made_a_folder(tmp_path: Path) -> None:
    """`mkdir -p /app/CHANGELOG.rst` stopped the build: `File exists`."""
    dockerfile = advise({"host_os": "linux"}, folder=_dejacode(tmp_path / "dj")).files("en")["Dockerfile"]
    assert "CHANGELOG.rst" not in dockerfile


def _wagtailio(root: Path) -> Path:
    """wagtail.org: manage.py names `wagtailio.settings`, a package whose __init__.py is empty;
    its compose file runs `wagtailio.settings.dev`, its image `wagtailio.settings.production`."""
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\n"
            "dj-database-url==2.3.0\npsycopg2-binary==2.9.10\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'wagtailio.settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "wagtailio/__init__.py": "",
            "wagtailio/wsgi.py": "application = get_wsgi_application()\n",
            "wagtailio/settings/__init__.py": "",
            "wagtailio/settings/base.py": "import dj_database_url\n"
            "DATABASES = {'default': dj_database_url.config()}\n"
            "WSGI_APPLICATION = 'wagtailio.wsgi.application'\n",
            "wagtailio/settings/dev.py": "from .base import *\nDEBUG = True\n",
            "wagtailio/settings/production.py": "from .base import *\nDEBUG = False\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n"
            "      DJANGO_SETTINGS_MODULE: wagtailio.settings.dev\n",
            "Dockerfile": "FROM python:3.12\nENV DJANGO_SETTINGS_MODULE=wagtailio.settings.production\n",
        },
    )
    return root


def test_a_settings_package_that_sets_nothing_runs_its_development_module_here(tmp_path: Path) -> None:
    root = _wagtailio(tmp_path / "wagtailio")
    env = _app_env_compose(root, "development")
    assert env["DJANGO_SETTINGS_MODULE"] == "wagtailio.settings.dev"


def test_a_settings_package_that_sets_nothing_runs_its_production_module_in_production(
    tmp_path: Path,
) -> None:
    root = _wagtailio(tmp_path / "wagtailio")
    env = _app_env_compose(root, "production")
    assert env["DJANGO_SETTINGS_MODULE"] == "wagtailio.settings.production"


def _app_env_compose(root: Path, environment: str) -> dict[str, str]:
    answers = {"host_os": "linux", "environment": environment, "database": "postgres"}
    files = advise(answers, folder=root).files("en")
    return dict(yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"])


def test_a_requirements_file_the_image_copies_to_another_name_is_the_install(tmp_path: Path) -> None:
    """Crypt-Server: `COPY setup/requirements.txt /tmp/requirements.txt`, then
    `pip install -r /tmp/requirements.txt`; the repository has no requirements.txt at its top
    (advisor said "no dependency file" and mounted a requirements.txt that is not there)."""
    root = tmp_path / "crypt"
    write_tree(
        root,
        {
            "setup/requirements.txt": "Django==4.2.16\ngunicorn==23.0.0\n",
            "manage.py": "import os\n"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'fvserver.system_settings')\n"
            "from django.core.management import execute_from_command_line\n",
            "fvserver/__init__.py": "",
            "fvserver/wsgi.py": "application = get_wsgi_application()\n",
            "fvserver/system_settings.py": "WSGI_APPLICATION = 'fvserver.wsgi.application'\n",
            "Dockerfile": "FROM python:3.12\nCOPY setup/requirements.txt /tmp/requirements.txt\n"
            'RUN /bin/sh -c "pip install --no-cache-dir -r /tmp/requirements.txt"\n',
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.package_manager is not None
    assert found.package_manager.source == "setup/requirements.txt"


def _keep(root: Path) -> Path:
    """keep (m61): a FastAPI app whose image (docker/Dockerfile.api) runs
    `gunicorn keep.api.api:get_app ... -c /venv/.../site-packages/keep/api/config.py`, while an
    ARQ worker module holds another FastAPI factory; a secret manager per vendor, each reading
    its own settings; Elastic read only after `if not self.enabled: return`; a prefix the code
    matches variable names against; a compose variant that turns tracing on."""
    write_tree(
        root,
        {
            "pyproject.toml": '[tool.poetry]\nname = "keepp"\nversion = "0.1.0"\n\n'
            '[tool.poetry.dependencies]\npython = ">=3.11,<3.14"\nfastapi = "^0.115"\n'
            'gunicorn = "^23.0"\nuvicorn = "^0.32"\n',
            "keep/__init__.py": "",
            "keep/api/__init__.py": "",
            "keep/api/config.py": "bind = '0.0.0.0:8080'\n",
            # (its app comes from a helper module: what advisor finds in the code is the worker's)
            "keep/api/api.py": "from keep.api.core.factory import build\n\n\n"
            "def get_app():\n    return build()\n",
            "keep/api/arq_worker_gunicorn.py": "from fastapi import FastAPI\n\n\n"
            "def create_app():\n    return FastAPI()\n",
            "keep/secretmanager/__init__.py": "",
            "keep/secretmanager/secretmanager.py": "class BaseSecretManager:\n    pass\n",
            "keep/secretmanager/gcpsecretmanager.py": "import os\n\n\nclass Gcp:\n    def __init__(self):\n"
            "        self.project_id = os.environ['GOOGLE_CLOUD_PROJECT']\n",
            "keep/secretmanager/awssecretmanager.py": "import os\n\n\nclass Aws:\n    def __init__(self):\n"
            "        self.region = os.environ['AWS_REGION']\n",
            "keep/api/core/__init__.py": "",
            "keep/api/core/elastic.py": "import os\n\n\nclass Elastic:\n    def __init__(self, hosts=None):\n"
            "        self.enabled = os.environ.get('ELASTIC_ENABLED', 'false') == 'true'\n"
            "        if not self.enabled:\n            return\n"
            "        self.hosts = hosts or os.environ.get('ELASTIC_HOSTS').split(',')\n",
            "keep/parser/__init__.py": "",
            "keep/parser/parser.py": "import os\n\n\ndef providers():\n    for env in os.environ.keys():\n"
            "        if env.startswith('KEEP_PROVIDER_'):\n            yield os.environ['KEEP_PROVIDER_']\n",
            "docker/Dockerfile.api": "FROM python:3.13-slim\nRUN pip install .\n"
            'CMD ["gunicorn", "keep.api.api:get_app", "--bind", "0.0.0.0:8080", "-k", '
            '"uvicorn.workers.UvicornWorker", "-c",'
            ' "/venv/lib/python3.13/site-packages/keep/api/config.py"]\n',
            "docker/Dockerfile.ui": 'FROM node:22\nCMD ["node", "server.js"]\n',
            "docker-compose-with-otel.yaml": "services:\n  keep-backend:\n    build:\n      context: .\n"
            "    environment:\n      - METRIC_OTEL_ENABLED=true\n",
            "keep/api/observability.py": "import os\nENABLED = os.environ.get('METRIC_OTEL_ENABLED', '')\n",
        },
    )
    return root


def test_the_projects_server_image_outranks_another_factory_found_in_the_code(tmp_path: Path) -> None:
    found = inspect_project(_keep(tmp_path / "keep")).primary
    assert found is not None and found.start is not None
    assert found.start.argv[:2] == ("gunicorn", "keep.api.api:get_app")
    assert "keep/api/config.py" in found.start.argv  # the project's file, not the installed copy's path


def test_optional_backends_switched_off_features_and_name_prefixes_are_not_required(tmp_path: Path) -> None:
    found = inspect_project(_keep(tmp_path / "keep")).primary
    assert found is not None
    required = {v.name for v in found.env_vars if v.required}
    assert not required & {"GOOGLE_CLOUD_PROJECT", "AWS_REGION", "ELASTIC_HOSTS", "KEEP_PROVIDER_"}
    assert "KEEP_PROVIDER_" not in {v.name for v in found.env_vars}


def test_a_compose_variant_that_adds_a_feature_gives_no_values(tmp_path: Path) -> None:
    files = advise({"host_os": "linux"}, folder=_keep(tmp_path / "keep")).files("en")
    assert "METRIC_OTEL_ENABLED=true" not in files.get(".env.example", "")


def test_the_image_in_docker_gives_the_port_and_a_bin_of_the_package_runs_its_main(tmp_path: Path) -> None:
    """unmanic: docker/Dockerfile runs `/usr/bin/unmanic` (its setup.py names the console script
    with a format string) and exposes 8888; the package has a __main__.py; its data goes under
    HOME_DIR, else the user's home."""
    root = tmp_path / "unmanic"
    write_tree(
        root,
        {
            "requirements.txt": "tornado==6.4\npeewee==3.17.0\n",
            "setup.py": "from setuptools import setup\nname = 'unmanicc'\nsetup(name=name, entry_points={\n"
            "    'console_scripts': ['%s=%s.service:main' % (name, name)]})\n",
            "unmanicc/__init__.py": "",
            "unmanicc/__main__.py": "from unmanicc.service import main\nmain()\n",
            "unmanicc/service.py": "import os\nHOME = os.environ.get('HOME_DIR')\n\n\n"
            "def main():\n    serve()\n",
            "docker/Dockerfile": 'FROM ubuntu:24.04\nENTRYPOINT ["/entrypoint.sh"]\n'
            'CMD ["/usr/bin/unmanicc"]\nEXPOSE 8888/tcp\n',
        },
    )
    files = advise({"host_os": "linux"}, folder=root).files("en")
    assert 'CMD ["python", "-m", "unmanicc"]' in files["Dockerfile"]
    assert "EXPOSE 8888" in files["Dockerfile"] and "HOME_DIR=/app/data" in files["Dockerfile"]
    assert '--volume "$name-app-data:/app/data"' in files["run.sh"]


def test_a_pinned_ceiling_by_at_most_holds_the_python_line(tmp_path: Path) -> None:
    """pagure: `Pillow <= 10.3.0` has wheels up to Python 3.12; 3.13 built it from source and
    failed."""
    root = tmp_path / "forge"
    write_tree(
        root,
        {
            "requirements.txt": "flask>=2.0\nPillow <= 10.3.0\n",
            "forge/__init__.py": "",
            "forge/flask_app.py": "import flask\n\n\ndef create_app(config=None):\n"
            "    app = flask.Flask(__name__)\n    return app\n",
            "forge/docs_server.py": "import flask\nAPP = flask.Flask(__name__)\n",
            "forge/hooks.py": "import os\n\n\ndef run():\n"
            "    return os.environ['GIT_DIR'], os.environ['SSH_ORIGINAL_COMMAND']\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.runtime is not None and found.runtime.image_tag == "3.12"


def test_the_apps_factory_before_a_docs_servers_app_and_no_runner_variables(tmp_path: Path) -> None:
    """pagure: docs_server.py's module-level APP serves the documentation; the app is
    flask_app.create_app(); GIT_DIR and SSH_ORIGINAL_COMMAND are git's and ssh's, set for its
    hooks (compose required them with `:?` and refused to start)."""
    test_a_pinned_ceiling_by_at_most_holds_the_python_line(tmp_path)
    found = inspect_project(tmp_path / "forge").primary
    assert found is not None and found.start is not None
    assert "forge.flask_app:create_app()" in found.start.argv
    assert not {"GIT_DIR", "SSH_ORIGINAL_COMMAND"} & {v.name for v in found.env_vars}


# Found by the review of this change: each holds a layout the first versions misread.


def test_config_and_service_modules_are_no_vendor_backends(tmp_path: Path) -> None:
    root = tmp_path / "api"
    write_tree(
        root,
        {
            "requirements.txt": "fastapi==0.115.0\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "app/config/__init__.py": "",
            "app/config/db_config.py": "import os\n\n\ndef url():\n    return os.environ['DATABASE_URL']\n",
            "app/config/app_config.py": "import os\n\n\ndef secret():\n    return os.environ['APP_SECRET']\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None
    assert {"DATABASE_URL", "APP_SECRET"} <= {v.name for v in found.env_vars if v.required}


def test_a_flat_redis_dict_in_a_configuration_template_keeps_its_shape(tmp_path: Path) -> None:
    root = _status_page(tmp_path / "status")
    template = root / "statuspage/statuspage/configuration_example.py"
    template.write_text(
        template.read_text().split("REDIS = {")[0]
        + "REDIS = {'HOST': 'localhost', 'PORT': 6379, 'PASSWORD': ''}\nSITE_URL = ''\nSECRET_KEY = ''\n"
    )
    dockerfile = advise({"host_os": "linux", "cache": "redis"}, folder=root).files("en")["Dockerfile"]
    assert '\'REDIS = {**REDIS, "HOST": os.environ["REDIS_HOST"]' in dockerfile
    assert "for use, redis in REDIS.items()" not in dockerfile


def test_a_usage_example_named_after_an_installed_package_is_not_copied(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.1.0\ncelery==5.4.0\n",
            "app.py": "from flask import Flask\nfrom celery import Celery\napp = Flask(__name__)\n",
            "celery_example.py": "from celery import Celery\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and found.example_modules == ()


def test_a_second_servers_port_variable_is_not_the_apps(tmp_path: Path) -> None:
    listen = "app.listen(process.env.PORT || 3000)\nmetrics.listen(process.env.METRICS_PORT || 9464)\n"
    root = _karaoke(tmp_path / "ke", listen)
    _, example, _ = _run_sh(root)
    assert "METRICS_PORT=3000" not in example


def test_prefixed_data_paths_and_sqlite_url_options(tmp_path: Path) -> None:
    root = tmp_path / "ml"
    write_tree(
        root,
        {
            "requirements.txt": "flask==3.1.0\nsqlalchemy==2.0.36\n",
            "app.py": "import os\nfrom flask import Flask\nfrom sqlalchemy import create_engine\n"
            "app = Flask(__name__)\nSEED = os.environ.get('SEED_DATA_PATH', 'seed/')\n"
            "engine = create_engine('sqlite:///./data/app.db?check_same_thread=False')\n",
        },
    )
    found = inspect_project(root).primary
    assert found is not None and "data/app.db" in {w.path for w in found.writable_paths}
    dockerfile = advise({"host_os": "linux"}, folder=root).files("en")["Dockerfile"]
    assert "SEED_DATA_PATH=" not in dockerfile


def test_a_database_variant_of_the_compose_file_still_gives_values(tmp_path: Path) -> None:
    from advisor.inspect.composeenv import compose_settings
    from advisor.inspect.tree import Tree

    write_tree(
        tmp_path,
        {
            "docker-compose-with-postgres.yml": "services:\n  app:\n    build: .\n"
            "    environment:\n      APP_CONFIG: docker-postgres\n"
        },
    )
    assert [s.value for s in compose_settings(Tree(str(tmp_path)), "")] == ["docker-postgres"]


def test_a_nested_services_port_in_a_js_settings_module_is_not_the_apps(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "package.json": '{"name": "x", "main": "server.js", "dependencies": {"express": "^5.1.0"}}',
            "server.js": "const c = require('config')\napp.listen(c.port)\n",
            "config/default.js": "module.exports = {\n  mail: {\n    port: 1025,\n  },\n  port: 3300,\n}\n",
        },
    )
    found = inspect_project(tmp_path).primary
    assert found is not None and found.port is not None and found.port.value == 3300
