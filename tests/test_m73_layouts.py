"""Layouts found in stop 48 (the m73 round and the projects tried beside it): each test holds
the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

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
