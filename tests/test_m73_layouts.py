"""Layouts found in stop 48 (the m73 round and the projects tried beside it): each test holds
the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def test_an_override_files_database_ports_are_not_the_apps(tmp_path: Path) -> None:
    """full-stack-fastapi-template: compose.override.yml publishes `db: ports: 5432:5432` before
    `backend: ports: 8000:8000`, and neither service names an image there (an override only
    adds to compose.yml's). A service with no image matched the app's built image by its
    missing name: the app was given port 5432."""
    write_tree(
        tmp_path,
        {
            "backend/pyproject.toml": (
                '[project]\nname = "app"\nversion = "0.1.0"\n'
                'dependencies = ["fastapi[standard]>=0.114", "psycopg[binary]>=3.1"]\n'
            ),
            "backend/app/__init__.py": "",
            "backend/app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "compose.yml": (
                "services:\n  db:\n    image: postgres:17\n"
                "  backend:\n    image: backend:latest\n"
                "    build:\n      context: .\n      dockerfile: backend/Dockerfile\n"
            ),
            "compose.override.yml": (
                "services:\n  db:\n    ports:\n      - '5432:5432'\n"
                "  adminer:\n    ports:\n      - '8080:8080'\n"
                "  backend:\n    ports:\n      - '8000:8000'\n"
                "    build:\n      context: .\n      dockerfile: backend/Dockerfile\n"
            ),
        },
    )
    app = inspect_project(tmp_path).app("backend")
    assert app is not None and app.port is not None
    assert (app.port.value, app.port.source) == (8000, "compose.override.yml"), app.ports


def test_a_front_end_beside_the_app_that_builds_into_it_is_built_in_the_apps_image(tmp_path: Path) -> None:
    """full-stack-fastapi-template's frontend/ builds with `outDir: "../backend/app/frontend"`,
    which backend/'s app serves: the app's image (from backend/) never built it, and the app
    served no page. The build context widens to hold both, a Node stage builds the front end,
    and what it writes under backend/ lands in /app; no web service of its own."""
    write_tree(
        tmp_path,
        {
            "backend/requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
            "backend/app.py": (
                "from flask import Flask, send_from_directory\n"
                "app = Flask(__name__, static_folder='static', static_url_path='')\n"
            ),
            "backend/Procfile": "web: gunicorn -b 0.0.0.0:5000 app:app\n",
            "frontend/package.json": json.dumps(
                {"name": "fe", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6.4.6"}}
            ),
            "frontend/package-lock.json": json.dumps({"name": "fe", "lockfileVersion": 3, "packages": {}}),
            "frontend/index.html": "<div id=app></div>\n",
            "frontend/vite.config.js": (
                'import path from "node:path";\nimport { defineConfig } from "vite";\n'
                "export default defineConfig({\n"
                '  build: { outDir: path.resolve(__dirname, "../backend/static") },\n});\n'
            ),
        },
    )
    app = inspect_project(tmp_path).app("backend")
    assert app is not None and app.static_packages is not None
    assert (app.static_packages.folder, app.static_packages.build) == ("../frontend", "build")
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    dockerfile = files["Dockerfile"]
    assert "Dockerfile.web" not in files
    assert "FROM node:24-slim AS assets\nWORKDIR /app/frontend\n" in dockerfile
    assert "COPY backend/ .\n" in dockerfile and "COPY --from=assets /built/app/backend/ ./\n" in dockerfile
    assert 'docker build --tag "$image" .\n' in files["run.sh"]
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_front_end_the_image_cannot_build_is_named_in_the_report(tmp_path: Path) -> None:
    """full-stack-fastapi-template builds its front end with Bun, which the assets stage does
    not install with: the report says the pages are not built and what to do, in both
    languages, with the command that starts the files."""
    write_tree(
        tmp_path,
        {
            "backend/requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
            "backend/app.py": "from flask import Flask\napp = Flask(__name__, static_folder='static')\n",
            "frontend/package.json": json.dumps(
                {"name": "fe", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "6.4.6"}}
            ),
            "frontend/bun.lock": "{}\n",
            "frontend/vite.config.js": (
                'import { defineConfig } from "vite";\n'
                'export default defineConfig({ build: { outDir: "../backend/static" } });\n'
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.setup.build.assets is None
    report = advice.report("en")
    assert "builds the pages the app serves (`bun run build`), with bun" in report
    assert "Run the build in your checkout before `sh run.sh`" in report
    assert "`frontend/` 폴더의 프런트엔드가 앱이 제공하는 페이지를 빌드합니다" in advice.report("ko")
