"""Project shapes met in held-out public projects (m60 round)."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _launched_app(root: Path) -> Path:
    """bazarr's shape: bazarr.py (named after the app) launches bazarr/main.py, which puts its
    folder on sys.path; bazarr/app/server.py makes the Flask app and imports its siblings by
    their bare names (``from literals import …``); the port is a settings schema's default."""
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\nwaitress==3.0.2\ndynaconf==3.2.6\n",
            "bazarr.py": "import subprocess, sys\n\ndef start():\n"
            "    subprocess.call([sys.executable, 'bazarr/main.py'])\n\n"
            "if __name__ == '__main__':\n    start()\n",
            "bazarr/__init__.py": "",
            "bazarr/literals.py": "EXIT_NORMAL = 0\n",
            "bazarr/main.py": "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
            "from app.server import webserver\n",
            "bazarr/app/__init__.py": "",
            "bazarr/app/app.py": "from flask import Flask\n\ndef create_app():\n"
            "    app = Flask(__name__)\n    return app\n",
            "bazarr/app/server.py": "from literals import EXIT_NORMAL\nfrom .app import create_app\n\n"
            "app = create_app()\n",
            "bazarr/app/config.py": "from dynaconf import Validator\n\nvalidators = [\n"
            "    Validator('general.ip', must_exist=True, default='*'),\n"
            "    Validator('postgresql.port', must_exist=True, default=5432),\n"
            "    Validator('general.port', must_exist=True, default=6767, is_type_of=int),\n]\n",
        },
    )
    return root


def test_a_flask_app_that_needs_its_launchers_sys_path_is_started_by_the_launcher(tmp_path: Path) -> None:
    """`flask --app bazarr.app.server:app` fails (no module named literals): the script named
    after the app starts it, on the port its settings schema defaults to."""
    root = _launched_app(tmp_path / "bazarr")
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("python", "bazarr.py")
    assert app.port is not None and app.port.value == 6767
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    assert 'CMD ["python", "bazarr.py"]' in dockerfile and "EXPOSE 6767" in dockerfile


def test_a_flask_app_importing_its_own_package_is_still_served_directly(tmp_path: Path) -> None:
    """The same app importing its siblings through the package (``from bazarr.literals``)
    imports from the root: flask serves it."""
    root = _launched_app(tmp_path / "bazarr")
    server = root / "bazarr/app/server.py"
    server.write_text(server.read_text().replace("from literals", "from bazarr.literals"))
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv[:3] == ("waitress-serve", "--port=6767", "bazarr.app.server:app")


def _plugin_workspace(root: Path) -> Path:
    """reiverr's backend: a NestJS app that is itself an npm workspace's root (its plugins in
    packages/*, whose axios only the members list), SQLite through TypeORM in a file named in
    a template, and its migrations in a `typeorm:run-migrations` script."""
    lock = (
        '{"name": "backend", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "backend",'
        ' "workspaces": ["packages/*"]}, "node_modules/axios": {"version": "1.7.8"}}}\n'
    )
    write_tree(
        root,
        {
            "package.json": '{"name": "backend", "scripts": {'
            '"build": "npm run build -w packages/reiverr-plugin && nest build",'
            '"start:prod": "npm run typeorm:run-migrations && node dist/src/main",'
            '"typeorm": "ts-node ./node_modules/typeorm/cli",'
            '"typeorm:run-migrations": "npm run typeorm migration:run -- -d ./dist/data-source.js"},'
            '"dependencies": {"@nestjs/core": "^10.0.0", "typeorm": "^0.3.20", "sqlite3": "^5.1.7"},'
            '"devDependencies": {"@nestjs/cli": "^10.0.0", "ts-node": "^10.9.1", "typescript": "^5.1.3"},'
            '"workspaces": ["packages/reiverr-plugin", "packages/jellyfin.plugin"]}\n',
            "package-lock.json": lock,
            "packages/reiverr-plugin/package.json": '{"name": "@x/reiverr-plugin",'
            ' "scripts": {"build": "tsc"}}\n',
            "packages/jellyfin.plugin/package.json": '{"name": "jellyfin.plugin",'
            ' "dependencies": {"axios": "^1.7.8"}}\n',
            "data-source.ts": "import { DataSource } from 'typeorm';\n\nexport default new DataSource({\n"
            "  type: 'sqlite',\n"
            "  database: `./config/reiverr${ENV === 'development' ? '.dev' : ''}.sqlite`,\n"
            "  migrations: ['dist/migrations/*.js'],\n});\n",
            "migrations/1720000000000-Init.ts": "export class Init1720000000000 {}\n",
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n"
            "async function bootstrap() { const app = await NestFactory.create(AppModule);\n"
            "  await app.listen(process.env.PORT || 9494); }\nbootstrap();\n",
        },
    )
    return root


def test_an_app_that_is_a_workspaces_root_installs_with_its_members_manifests(tmp_path: Path) -> None:
    """`npm ci` with only the root's package.json leaves out what only the members need (the
    plugins' axios): each member's package.json is mounted for the install."""
    root = _plugin_workspace(tmp_path / "backend")
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    install = dockerfile[dockerfile.index("RUN --mount=type=cache") : dockerfile.index("npm ci")]
    for member in ("packages/reiverr-plugin/package.json", "packages/jellyfin.plugin/package.json"):
        assert f"source={member},target={member}" in install


def test_a_typeorm_run_migrations_script_is_the_release_and_its_templated_sqlite_folder_a_volume(
    tmp_path: Path,
) -> None:
    """start:prod runs `npm run typeorm:run-migrations` first: that is the release step, and
    the folder named before the file name's template (config/) holds the database, in a volume
    the release and the app share."""
    root = _plugin_workspace(tmp_path / "backend")
    app = inspect_project(root).primary
    assert app is not None and app.release is not None
    assert app.release.argv == ("npm", "run", "typeorm:run-migrations")
    run = advise({"host_os": "linux"}, folder=root).files()["run.sh"]
    release = next(line for line in run.splitlines() if line.endswith("npm run typeorm:run-migrations"))
    assert '--volume "$name-app-data:/app/config"' in release
    assert '    --volume "$name-app-data:/app/config" \\' in run


def _config_folder_app(root: Path, check: str) -> Path:
    """Huntarr's shape: its Dockerfile makes /config, and its code keeps the database there
    only when that folder exists (else in the user's home)."""
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\nwaitress==3.0.2\n",
            "main.py": "from src.app import app\nfrom waitress import serve\n\n"
            "if __name__ == '__main__':\n    serve(app, host='0.0.0.0', port=9705)\n",
            "src/__init__.py": "",
            "src/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "src/paths.py": f"import os\n\nif {check}:\n    CONFIG_DIR = '/config'\n"
            "else:\n    CONFIG_DIR = os.path.expanduser('~/.config/huntarr')\n",
            "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\n"
            "RUN mkdir -p /config /media /downloads && chmod -R 755 /config /media /downloads\n"
            'EXPOSE 9705\nCMD ["python3", "main.py"]\n',
        },
    )
    return root


def test_a_data_folder_the_projects_image_makes_and_the_code_looks_for_is_a_volume(tmp_path: Path) -> None:
    """/config is made in the image, owned by the app's user and kept in a volume; /media
    and /downloads, which the code never looks for, are not."""
    root = _config_folder_app(tmp_path / "huntarr", 'os.path.exists("/config")')
    files = advise({"host_os": "linux"}, folder=root).files()
    assert '--volume "$name-app-data:/config"' in files["run.sh"]
    made = next(line for line in files["Dockerfile"].splitlines() if line.startswith("RUN mkdir -p"))
    assert "/config" in made and "/media" not in made and "/downloads" not in made


def test_a_folder_the_image_makes_but_the_code_never_names_gets_no_volume(tmp_path: Path) -> None:
    root = _config_folder_app(tmp_path / "huntarr", "False")
    files = advise({"host_os": "linux"}, folder=root).files()
    assert "/config" not in files["run.sh"]


def test_a_folder_the_top_dockerfile_makes_for_a_subfolder_app_is_made_writable(tmp_path: Path) -> None:
    """reiverr's top Dockerfile builds backend/ and makes ./plugins in its final stage, which
    the app lists at start (path.join(require.main.path, '..', '..', 'plugins')): advisor's
    image makes it too, owned by the app's user."""
    root = tmp_path / "reiverr"
    _plugin_workspace(root / "backend")
    write_tree(
        root,
        {
            "package.json": '{"name": "reiverr", "scripts": {"build": "vite build"}}\n',
            "Dockerfile": "FROM node:18-alpine AS pre\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm run build\n"
            "FROM node:18-alpine AS production\nWORKDIR /usr/src/app\n"
            "COPY --from=pre /usr/src/app/backend/dist ./dist\nCOPY backend/package.json .\n"
            "RUN mkdir -p ./config\nRUN mkdir -p ./plugins\n",
            "backend/src/providers.ts": "import * as path from 'path';\n"
            "export const dir = path.join(require.main.path, '..', '..', 'plugins');\n",
        },
    )
    app = inspect_project(root).primary
    assert app is not None and app.path == "backend"
    dockerfile = advise({"host_os": "linux"}, folder=root).files()["Dockerfile"]
    made = next(line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/plugins" in made


def _client_beside_server(root: Path) -> Path:
    """sqlpad's shape: server/ (Express, its own yarn.lock) serves public/, which the repository
    lacks and whose index.html it reads; client/ beside it (Vite, its own lockfile) builds
    into client/build, which the project's Dockerfile copies into server/public. The server's
    start script is a watcher given a development settings file."""
    write_tree(
        root,
        {
            "package.json": '{"name": "sqlpad-project", "private": true}\n',
            "server/package.json": '{"name": "sqlpad", "scripts": {"start": "node-dev server.js -- '
            '--config \\"./config.dev.env\\" | pino-pretty"}, "dependencies": {"express": "^4.18.2"},'
            ' "devDependencies": {"node-dev": "^8.0.0"}}\n',
            "server/yarn.lock": '# yarn lockfile v1\n\nexpress@^4.18.2:\n  version "4.18.2"\n',
            "server/config.dev.env": 'SQLPAD_PORT = 3010\nSQLPAD_BASE_URL = "/sqlpad"\n',
            "server/server.js": "const express = require('express');\nconst path = require('path');\n"
            "const app = express();\napp.use(express.static(path.join(__dirname, 'public')));\n"
            "const indexPath = path.join(__dirname, 'public/index.html');\n"
            "app.listen(process.env.PORT || 3000);\n",
            "client/package.json": '{"name": "sqlpad-front-end", "scripts": {"build": "vite build"},'
            ' "devDependencies": {"vite": "^5.0.0"}}\n',
            "client/yarn.lock": '# yarn lockfile v1\n\nvite@^5.0.0:\n  version "5.0.0"\n',
            "client/vite.config.ts": "export default { build: { outDir: 'build' } };\n",
            "client/index.html": "<div id=root></div>\n",
        },
    )
    return root


def test_a_client_beside_the_server_is_built_in_a_context_that_holds_both(tmp_path: Path) -> None:
    """The build context is the folder above both: the server's files come from server/, the
    client's stage builds client/, and its build lands where the server serves it."""
    root = _client_beside_server(tmp_path / "sqlpad")
    files = advise({"host_os": "linux"}, folder=root).files()
    dockerfile = files["Dockerfile"]
    assert "--mount=type=bind,source=server/package.json,target=package.json" in dockerfile
    assert "\nCOPY server/ .\n" in dockerfile and "\nCOPY client/ /app/client/\n" in dockerfile
    assert "COPY --from=assets /app/client/build/ ./public/" in dockerfile
    assert 'docker build --tag "$image" .\n' in files["run.sh"]
    assert "node_modules" in files[".dockerignore"]
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_watchers_development_settings_file_is_not_the_images_start(tmp_path: Path) -> None:
    """`node-dev server.js -- --config ./config.dev.env` starts as `node server.js`: the
    development file's port and base URL are not the image's."""
    root = _client_beside_server(tmp_path / "sqlpad")
    app = inspect_project(root).primary
    assert app is not None and app.start is not None
    assert app.start.argv == ("node", "server.js")


def test_without_a_client_beside_it_the_context_stays_the_servers_folder(tmp_path: Path) -> None:
    root = _client_beside_server(tmp_path / "sqlpad")
    for name in ("package.json", "yarn.lock", "vite.config.ts", "index.html"):
        (root / "client" / name).unlink()
    files = advise({"host_os": "linux"}, folder=root).files()
    assert "COPY server/" not in files["Dockerfile"] and "\nCOPY . .\n" in files["Dockerfile"]


def test_a_url_the_projects_compose_builds_from_the_db_variables_gets_advisors_url(tmp_path: Path) -> None:
    """excalidraw-storage-backend reads STORAGE_URI (else it keeps scenes in memory); its
    compose file builds it from POSTGRES_*: advisor's compose gives it the db service's URL."""
    root = tmp_path / "excalidraw-storage-backend"
    write_tree(
        root,
        {
            "package.json": '{"name": "excalidraw-storage-backend",'
            ' "scripts": {"start:prod": "node dist/main"}, "dependencies": {"@nestjs/core": "^10.0.0",'
            ' "@keyv/postgres": "^1.4.10", "keyv": "^4.5.4"}}\n',
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n"
            "  const app = await NestFactory.create(AppModule);\n"
            "  await app.listen(process.env.PORT || 8080);\n}\n",
            "src/app.module.ts": "const uri = process.env['STORAGE_URI'];\n",
            "docker-compose.yml": "services:\n  excalidraw-storage-backend:\n    build:\n      context: .\n"
            "    environment:\n      STORAGE_URI: postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/"
            "${POSTGRES_DB}\n  postgres:\n    image: postgres:15-alpine\n",
        },
    )
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["compose.yaml"]
    )
    uri = compose["services"]["app"]["environment"]["STORAGE_URI"]
    assert uri.startswith("postgresql://${POSTGRES_USER") and "@db:5432/" in uri


def test_a_host_folder_the_projects_compose_mounts_for_data_is_a_volume(tmp_path: Path) -> None:
    """cyberbro's compose mounts ./data:/app/data (a folder of no code): advisor's run.sh keeps
    it in a volume; ./src:/app/src (code) is no data."""
    root = tmp_path / "cyberbro"
    write_tree(
        root,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "src/helpers.py": "X = 1\n",
            "docker-compose.yml": "services:\n  cyberbro:\n    build: .\n    volumes:\n"
            "      - ./data:/app/data\n      - ./src:/app/src\n      - ./logs:/var/log/cyberbro\n",
        },
    )
    run = advise({"host_os": "linux"}, folder=root).files()["run.sh"]
    assert '--volume "$name-app-data:/app/data"' in run and "/app/src" not in run


def _unmigrated_django_app(root: Path) -> Path:
    """MobSF's shape: StaticAnalyzer has models and no migrations folder; the start script
    makes its migrations by name, migrates, then seeds roles through a helper module."""
    write_tree(
        root,
        {
            "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_app.settings')\n",
            "site_app/__init__.py": "",
            "site_app/settings.py": "INSTALLED_APPS = ['analyzer']\nDATABASES = {'default': {"
            "'ENGINE': 'django.db.backends.postgresql', 'NAME': 'mobsf'}}\n",
            "site_app/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "analyzer/__init__.py": "",
            "analyzer/models.py": "from django.db import models\n\nclass Scan(models.Model):\n"
            "    name = models.CharField(max_length=40)\n",
            "site_app/authorization.py": "from django.contrib.auth.models import Group\n\n"
            "def create_roles():\n    Group.objects.get_or_create(name='Maintainer')\n",
            "site_app/management/commands/create_roles.py": "from django.core.management.base"
            " import BaseCommand\nfrom site_app.authorization import create_roles\n\n"
            "class Command(BaseCommand):\n    def handle(self, *args, **kwargs):\n        create_roles()\n",
            "scripts/entrypoint.sh": "#!/bin/bash\nset -e\n\npython3 manage.py makemigrations && \\\n"
            "python3 manage.py makemigrations analyzer && \\\npython3 manage.py migrate\n"
            "python3 manage.py create_roles\nexec gunicorn -b 0.0.0.0:8000 site_app.wsgi:application\n",
        },
    )
    return root


def test_an_app_whose_migrations_the_start_script_makes_by_name_gets_them_in_the_image(
    tmp_path: Path,
) -> None:
    """A bare makemigrations skips an app with no migrations folder: the image names it, as
    the start script does; the report says so (English and Korean)."""
    root = _unmigrated_django_app(tmp_path / "mobsf")
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=root)
    assert "python manage.py makemigrations --noinput --skip-checks analyzer" in advice.files()["Dockerfile"]
    assert "makemigrations analyzer" in advice.report("en")
    assert "makemigrations analyzer" in advice.report("ko") and "마이그레이션" in advice.report("ko")


def test_a_seeding_command_that_calls_a_helper_module_runs_after_migrate(tmp_path: Path) -> None:
    """create_roles writes through a function of another module: it seeds, so the release
    step runs it after migrate, as the start script does."""
    root = _unmigrated_django_app(tmp_path / "mobsf")
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["compose.yaml"]
    )
    assert compose["services"]["migrate"]["command"][-1] == (
        "python manage.py migrate --noinput && python manage.py create_roles"
    )


def _python_server_with_ui(root: Path) -> Path:
    """ytptube's shape: an aiohttp server at the top (app/main.py), a Nuxt UI in ui/; the
    project's image copies app/ to /app/app, runs its own Python's /opt/python/bin/python on
    /app/app/main.py and keeps /config and /downloads in volumes, named by YTP_* variables."""
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "ytptube"\nversion = "1.0"\nrequires-python = ">=3.11"\n'
            'dependencies = ["aiohttp>=3.9"]\n',
            "app/__init__.py": "",
            "app/main.py": "import os\nfrom aiohttp import web\n\n"
            "CONFIG = os.environ.get('YTP_CONFIG_PATH', '.')\n"
            "DOWNLOADS = os.environ.get('YTP_DOWNLOAD_PATH', '.')\n\n"
            "def main():\n    web.run_app(web.Application(), port=8081)\n\n"
            "if __name__ == '__main__':\n    main()\n",
            "ui/package.json": '{"name": "ui", "scripts": {"build": "nuxt build",'
            ' "generate": "nuxt generate"}, "dependencies": {"nuxt": "^3.15.0"}}\n',
            "ui/nuxt.config.ts": "export default defineNuxtConfig({});\n",
            "Dockerfile": "FROM python:3.13-slim\nENV YTP_CONFIG_PATH=/config\n"
            "ENV YTP_DOWNLOAD_PATH=/downloads\nCOPY --chown=app:app ./app /app/app\n"
            "VOLUME /config\nVOLUME /downloads\nEXPOSE 8081\nWORKDIR /tmp\n"
            'CMD ["/opt/python/bin/python", "/app/app/main.py", "--ytp-process"]\n',
        },
    )
    return root


def test_the_python_server_the_projects_image_runs_is_the_app_not_its_ui(tmp_path: Path) -> None:
    """The image's command names the project's app/main.py (copied to /app/app) with a Python
    of its own: that is the app's start, so the top's Python server is the app."""
    root = _python_server_with_ui(tmp_path / "ytptube")
    project = inspect_project(root)
    assert project.primary is not None and project.primary.path == "."
    assert project.primary.start is not None
    assert project.primary.start.argv == ("python", "app/main.py", "--ytp-process")


def test_the_images_data_folder_variables_point_at_advisors_volumes(tmp_path: Path) -> None:
    """YTP_CONFIG_PATH=/config and YTP_DOWNLOAD_PATH=/downloads (the project image's ENV, each
    a VOLUME): .env sets them, and run.sh keeps both folders in volumes."""
    root = _python_server_with_ui(tmp_path / "ytptube")
    files = advise({"host_os": "linux"}, folder=root).files()
    assert (
        "\nYTP_CONFIG_PATH=/config\n" in files[".env"] and "\nYTP_DOWNLOAD_PATH=/downloads\n" in files[".env"]
    )
    assert ':/config" \\' in files["run.sh"] and ':/downloads" \\' in files["run.sh"]


def test_a_java_runtime_the_projects_image_gives_the_app_is_installed(tmp_path: Path) -> None:
    """MobSF's image downloads a JDK (JAVA_HOME=/jdk-22.0.2) for the tools its Python code
    runs, and its settings stop without one: advisor's image installs Debian's Java runtime."""
    root = _unmigrated_django_app(tmp_path / "mobsf")
    (root / "Dockerfile").write_text(
        "FROM python:3.13-slim\nENV JAVA_HOME=/jdk-22.0.2 \\\n    PATH=/jdk-22.0.2/bin:$PATH\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends git\n"
        'CMD ["/app/scripts/entrypoint.sh"]\n'
    )
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["Dockerfile"]
    final = dockerfile[dockerfile.index("AS final") :]
    assert "default-jre-headless" in final
    (root / "Dockerfile").write_text("FROM python:3.13-slim\nRUN apt-get update && apt-get install -y git\n")
    dockerfile = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["Dockerfile"]
    assert "default-jre-headless" not in dockerfile


def _feeds_app(root: Path) -> Path:
    """feeds.fun's shape: the app's own BaseSettings sets env_nested_delimiter="__" for every
    settings class; Settings (FFUN_) nests PostgreSQL; IdP is a settings class only ever an
    item of another's list; yoyo.ini fixes the database at ffun:ffun@postgresql, and the
    project's compose runs `poetry run ffun migrate` before the server, one step per line."""
    write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "ffun"\nversion = "1.0"\nrequires-python = ">=3.12"\n'
            'dependencies = ["fastapi>=0.115", "uvicorn>=0.30", "pydantic-settings>=2.4",'
            ' "psycopg[binary]>=3.2", "yoyo-migrations>=9.0"]\n\n[project.scripts]\nffun = "ffun.cli:app"\n',
            "yoyo.ini": "[DEFAULT]\ndatabase = postgresql+psycopg://ffun:ffun@postgresql/ffun\n"
            "sources = %(here)s/ffun/migrations\n",
            "ffun/__init__.py": "",
            "ffun/cli.py": "def app():\n    pass\n",
            "ffun/core_settings.py": "import pydantic_settings\n\n\n"
            "class BaseSettings(pydantic_settings.BaseSettings):\n"
            "    model_config = pydantic_settings.SettingsConfigDict(env_nested_delimiter='__')\n",
            "ffun/settings.py": "import pydantic\nimport pydantic_settings\n"
            "from ffun.core_settings import BaseSettings\n\n\n"
            "class PostgreSQL(pydantic.BaseModel):\n    host: str = 'postgresql'\n    port: int = 5432\n"
            "    user: str = 'ffun'\n    password: str = 'ffun'\n    database: str = 'ffun'\n\n\n"
            "class Settings(BaseSettings):\n    postgresql: PostgreSQL = PostgreSQL()\n"
            "    model_config = pydantic_settings.SettingsConfigDict(env_prefix='FFUN_')\n",
            "ffun/auth.py": "import pydantic\nimport pydantic_settings\n"
            "from ffun.core_settings import BaseSettings\n\n\n"
            "class IdP(BaseSettings):\n    external_id: str\n    plugin: str\n\n\n"
            "class Settings(BaseSettings):\n    idps: list[IdP] = pydantic.Field(default_factory=list)\n"
            "    model_config = pydantic_settings.SettingsConfigDict(env_prefix='FFUN_AUTH_')\n",
            "ffun/application.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "docker-compose.yml": "services:\n  backend:\n    build: .\n    command:\n      - /bin/bash\n"
            '      - -c\n      - |\n        poetry run ffun migrate\n        echo "migrations done"\n'
            "        poetry run uvicorn ffun.application:app --host 0.0.0.0 --port 8000\n",
        },
    )
    return root


def test_nested_settings_fields_are_read_under_their_outer_field(tmp_path: Path) -> None:
    """IdP's external_id is no EXTERNAL_ID the app requires (Compose refused to start); the
    nested PostgreSQL settings get the db service's values as FFUN_POSTGRESQL__HOST…, through
    the delimiter the app's base class sets."""
    root = _feeds_app(tmp_path / "feeds")
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["compose.yaml"]
    )
    env = compose["services"]["app"]["environment"]
    assert "EXTERNAL_ID" not in env and "PLUGIN" not in env
    assert env["FFUN_POSTGRESQL__HOST"] == "db" and env["FFUN_POSTGRESQL__USER"].startswith("${POSTGRES_USER")


def test_a_yoyo_ini_with_a_fixed_database_gives_way_to_the_projects_migrate_command(tmp_path: Path) -> None:
    """yoyo.ini points at ffun:ffun@postgresql (password refused by advisor's db): the release
    is the command the project's compose runs before its server, without poetry run."""
    root = _feeds_app(tmp_path / "feeds")
    compose = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=root).files()["compose.yaml"]
    )
    assert compose["services"]["migrate"]["command"] == ["sh", "-c", "ffun migrate"]


def _self_migrating_server(root: Path) -> Path:
    """tunarr's server: drizzle-kit and its config with migrations kept, but the app applies
    them itself at start (Kysely's Migrator); the project's Dockerfile exposes 8000 in the
    stage its final stage is built FROM, and 5173 in a development stage between them."""
    write_tree(
        root,
        {
            "package.json": '{"name": "server", "main": "dist/index.js", "scripts": {"build": "tsc"},'
            ' "dependencies": {"drizzle-orm": "^0.39.3", "kysely": "^0.27.0", "better-sqlite3": "^11.0.0"},'
            ' "devDependencies": {"drizzle-kit": "^0.30.6", "typescript": "^5.6.0"}}\n',
            "drizzle.config.ts": "export default { dialect: 'sqlite', out: './src/migration/db/sql',"
            " dbCredentials: { url: process.env.TUNARR_DATABASE_PATH } };\n",
            "src/migration/db/sql/0000_init.sql": "CREATE TABLE channel (id text);\n",
            "src/migration/db/sql/meta/_journal.json": '{"entries": []}\n',
            "src/db/DBAccess.ts": "import { Migrator } from 'kysely';\n\n"
            "export async function runDBMigrations(db) {\n  const migrator = new Migrator({ db });\n"
            "  return migrator.migrateToLatest();\n}\n",
            "src/index.ts": "import express from 'express';\nexpress().listen(process.env.PORT);\n",
            "Dockerfile": "FROM node:22 AS ffmpeg-base\nEXPOSE 8000\nFROM ffmpeg-base AS sources\n"
            "FROM ffmpeg-base AS dev\nEXPOSE 5173\nFROM sources AS build\nFROM ffmpeg-base AS full-stack\n"
            'CMD ["node", "dist/index.js"]\n',
        },
    )
    return root


def test_an_app_that_migrates_itself_gets_no_drizzle_kit_release(tmp_path: Path) -> None:
    app = inspect_project(_self_migrating_server(tmp_path / "server")).primary
    assert app is not None and app.release is None


def test_the_port_is_the_one_the_final_stage_is_built_from(tmp_path: Path) -> None:
    app = inspect_project(_self_migrating_server(tmp_path / "server")).primary
    assert app is not None and app.port is not None and app.port.value == 8000


def test_a_key_the_code_gives_to_fernet_is_generated_as_a_fernet_key(tmp_path: Path) -> None:
    """feeds.fun's user settings: `Fernet(settings.secret_key)` under env_prefix
    FFUN_USER_SETTINGS_: a random string stopped the app ("Fernet key must be 32 url-safe
    base64-encoded bytes"); the generated value is one."""
    root = _feeds_app(tmp_path / "feeds")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"yoyo-migrations>=9.0"', '"yoyo-migrations>=9.0", "cryptography>=44"')
    )
    write_tree(
        root,
        {
            "ffun/user_settings.py": "import pydantic_settings\nfrom cryptography.fernet import Fernet\n"
            "from ffun.core_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
            "    secret_key: str\n"
            "    model_config = pydantic_settings.SettingsConfigDict(env_prefix='FFUN_USER_SETTINGS_')\n\n\n"
            "settings = Settings()\nfernet = Fernet(settings.secret_key)\n"
        },
    )
    env = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()[".env"]
    value = next(
        line.partition("=")[2]
        for line in env.splitlines()
        if line.startswith("FFUN_USER_SETTINGS_SECRET_KEY=")
    )
    assert len(base64.urlsafe_b64decode(value)) == 32


def test_the_default_the_projects_compose_gives_a_variable_is_its_value(tmp_path: Path) -> None:
    """feeds.fun's dev compose: `FFUN_ENABLE_API_SPA: "${FFUN_ENABLE_API_SPA:-True}"` for the
    services that run the image its backend-build service builds (the API answered 404 to
    every path without it): .env gives True."""
    root = _feeds_app(tmp_path / "feeds")
    write_tree(
        root,
        {
            "ffun/api_settings.py": "import pydantic_settings\n"
            "from ffun.core_settings import BaseSettings\n\n\n"
            "class Settings(BaseSettings):\n    enable_api_spa: bool = False\n"
            "    model_config = pydantic_settings.SettingsConfigDict(env_prefix='FFUN_')\n",
            "docker-compose.yml": 'x-env: &env\n  FFUN_ENABLE_API_SPA: "${FFUN_ENABLE_API_SPA:-True}"\n'
            "services:\n  backend-build:\n    image: ffun-backend-dev\n    build:\n      context: ./\n"
            "    command: /bin/true\n  backend:\n    image: ffun-backend-dev\n"
            "    environment:\n      <<: *env\n",
        },
    )
    env = advise({"host_os": "linux", "database": "postgres"}, folder=root).files()[".env"]
    assert "\nFFUN_ENABLE_API_SPA=True\n" in env


def test_the_bin_the_projects_image_links_starts_its_own_package_only(tmp_path: Path) -> None:
    """cross-seed: the top Dockerfile runs `npm link ./packages/cross-seed` and ENTRYPOINT
    ["/usr/bin/catatonit", "--", "/usr/local/bin/cross-seed"]: the member whose bin that is
    is the app, started with node on the bin's file and the command its dev script gives
    (`daemon`); the other members are not started by it; catatonit is an init."""
    root = tmp_path / "cross-seed"
    write_tree(
        root,
        {
            "package.json": '{"name": "ws", "private": true, "workspaces": ["packages/cross-seed",'
            ' "packages/api-types"]}\n',
            "package-lock.json": '{"name": "ws", "lockfileVersion": 3, "packages": {}}\n',
            "packages/api-types/package.json": '{"name": "@cs/api-types", "scripts": {"build": "tsc"}}\n',
            "packages/api-types/src/index.ts": "export type X = 1;\n",
            "packages/cross-seed/package.json": '{"name": "cross-seed", "type": "module",'
            ' "bin": {"cross-seed": "dist/cmd.js"}, "scripts": {"build": "tsc -b tsconfig.json",'
            ' "dev": "node --watch dist/cmd.js daemon"}, "dependencies": {"fastify": "^5.0.0"}}\n',
            "packages/cross-seed/src/cmd.ts": "import Fastify from 'fastify';\n"
            "Fastify().listen({ port: 2468 });\n",
            "Dockerfile": "FROM node:24-alpine\nWORKDIR /usr/src/cross-seed\nCOPY . .\n"
            "RUN npm ci && npm run build\n"
            "RUN npm link ./packages/cross-seed\nRUN apk add catatonit\nEXPOSE 2468\nWORKDIR /config\n"
            'ENTRYPOINT ["/usr/bin/catatonit", "--", "/usr/local/bin/cross-seed"]\n',
        },
    )
    project = inspect_project(root)
    assert project.primary is not None and project.primary.path == "packages/cross-seed"
    assert project.primary.start is not None and project.primary.start.argv == (
        "node",
        "dist/cmd.js",
        "daemon",
    )
    types = next(a for a in project.apps if a.path == "packages/api-types")
    assert types.start is None or "cross-seed" not in " ".join(types.start.argv)


def test_a_folder_the_projects_image_names_and_works_in_is_the_apps_data_folder(tmp_path: Path) -> None:
    """cross-seed's image: ENV CONFIG_DIR=/config, WORKDIR /config (no VOLUME): the app keeps
    its database there; .env sets CONFIG_DIR and run.sh keeps /config in a volume."""
    root = tmp_path / "seeder"
    write_tree(
        root,
        {
            "package.json": '{"name": "seeder", "main": "server.js",'
            ' "dependencies": {"fastify": "^5.0.0"}}\n',
            "server.js": "const dir = process.env.CONFIG_DIR || require('os').homedir();\n"
            "require('fastify')().listen({ port: 2468, host: '0.0.0.0' });\n",
            "Dockerfile": "FROM node:24-slim\nWORKDIR /usr/src/app\nCOPY . .\nENV CONFIG_DIR=/config\n"
            'WORKDIR /config\nCMD ["node", "/usr/src/app/server.js"]\n',
        },
    )
    files = advise({"host_os": "linux"}, folder=root).files()
    assert "\nCONFIG_DIR=/config\n" in files[".env"]
    assert ':/config" \\' in files["run.sh"]


def test_a_workspace_members_data_folder_comes_from_the_top_dockerfile_that_copies_it(
    tmp_path: Path,
) -> None:
    """cross-seed itself: the app is packages/cross-seed, and the image that says
    `ENV CONFIG_DIR=/config` / `WORKDIR /config` is the workspace's top Dockerfile, which
    copies that member: the member's data folder is /config, kept in a volume."""
    root = tmp_path / "cross-seed"
    write_tree(
        root,
        {
            "package.json": '{"name": "ws", "private": true, "workspaces": ["packages/cross-seed"]}\n',
            "package-lock.json": '{"name": "ws", "lockfileVersion": 3, "packages": {}}\n',
            "packages/cross-seed/package.json": '{"name": "cross-seed", "main": "server.js",'
            ' "dependencies": {"fastify": "^5.0.0"}}\n',
            "packages/cross-seed/server.js": "const dir = process.env.CONFIG_DIR"
            " || require('os').homedir();\n"
            "require('fastify')().listen({ port: 2468, host: '0.0.0.0' });\n",
            "Dockerfile": "FROM node:24-alpine\nWORKDIR /usr/src/cross-seed\n"
            "COPY packages/cross-seed packages/cross-seed\nRUN npm ci\nENV CONFIG_DIR=/config\n"
            'WORKDIR /config\nCMD ["node", "/usr/src/cross-seed/packages/cross-seed/server.js"]\n',
        },
    )
    files = advise({"host_os": "linux"}, folder=root).files()
    assert "\nCONFIG_DIR=/config\n" in files[".env"]
    assert ':/config" \\' in files["run.sh"]


def test_the_top_dockerfile_of_another_member_gives_a_member_no_data_folder(tmp_path: Path) -> None:
    """A top Dockerfile that copies another folder only (its own image of web/) says nothing
    about the member api/."""
    root = tmp_path / "two"
    write_tree(
        root,
        {
            "package.json": '{"name": "ws", "private": true, "workspaces": ["api"]}\n',
            "package-lock.json": '{"name": "ws", "lockfileVersion": 3, "packages": {}}\n',
            "api/package.json": '{"name": "api", "main": "server.js",'
            ' "dependencies": {"fastify": "^5.0.0"}}\n',
            "api/server.js": "const dir = process.env.CONFIG_DIR || require('os').homedir();\n"
            "require('fastify')().listen({ port: 2468, host: '0.0.0.0' });\n",
            "Dockerfile": "FROM node:24-alpine\nCOPY web web\nENV CONFIG_DIR=/config\nWORKDIR /config\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=root).files()
    assert "CONFIG_DIR=/config" not in files[".env"]
