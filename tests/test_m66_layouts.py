"""Layouts found by the m66 round of held-out projects (see the issue notes): each test holds
the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.dockerfile import render_dockerfile

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_front_end_built_with_pnpm_11_gets_its_lockfile_copied_in(tmp_path: Path) -> None:
    """firekylin: a Vite site installed with pnpm 11 (packageManager pnpm@11.0.9). pnpm 11
    writes its version into the lockfile as it installs, so the server's Dockerfile copies the
    lockfile in; the front end's Dockerfile mounted neither it nor a copy, and the frozen install
    stopped ("Cannot install with frozen-lockfile because pnpm-lock.yaml is absent")."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "vite-spa", folder)
    (folder / "yarn.lock").unlink()
    package = json.loads((folder / "package.json").read_text())
    package["packageManager"] = "pnpm@11.0.9"
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    assert "nginx" in text  # (the front end's Dockerfile)
    install = text.index("pnpm install --frozen-lockfile")
    assert -1 < text.find("COPY pnpm-lock.yaml pnpm-lock.yaml\n") < install
    assert "--mount=type=bind,source=package.json,target=package.json" in text
    assert "source=pnpm-lock.yaml" not in text


def test_an_assets_stage_installing_with_pnpm_11_copies_the_lockfile_in(tmp_path: Path) -> None:
    """The same for the Node stage that builds a Python app's assets: its frozen pnpm 11
    install would fail on a mounted lockfile it cannot rewrite."""
    folder = tmp_path / "web"
    shutil.copytree(FIXTURES / "django-gunicorn", folder)
    package = {
        "name": "web-assets",
        "private": True,
        "packageManager": "pnpm@11.0.9",
        "scripts": {"build": "vite build"},
        "devDependencies": {"vite": "^6.0.5"},
    }
    (folder / "package.json").write_text(json.dumps(package))
    (folder / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n")
    text = render_dockerfile(advise({"host_os": "linux"}, folder=folder).setup)
    stage = text[text.index(" AS assets") : text.index("pnpm install --frozen-lockfile")]
    assert "COPY pnpm-lock.yaml /app/pnpm-lock.yaml\n" in stage
    assert "source=pnpm-lock.yaml" not in stage and "source=package.json,target=/app/package.json" in stage


def test_the_projects_image_serving_its_entry_module_beats_the_package_advisor_found(tmp_path: Path) -> None:
    """DashMachine: the Flask app is made in dashmachine/__init__.py, but wsgi.py imports it and
    runs dashmachine_init() (db.create_all()) first, and the project's image serves
    `gunicorn wsgi:app`. Serving `dashmachine:app` skipped the set-up: no tables."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==1.1.2\nFlask-SQLAlchemy==2.4.1\ngunicorn==20.0.4\n",
            "dashmachine/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n"
            "from dashmachine import routes  # noqa\n",
            "dashmachine/routes.py": "from dashmachine import app\n\n\n@app.route('/')\ndef index():\n"
            "    return 'ok'\n",
            "dashmachine/main/utils.py": "def dashmachine_init():\n    pass\n",
            "wsgi.py": "from dashmachine import app\nfrom dashmachine.main.utils import dashmachine_init\n\n"
            "dashmachine_init()\n",
            "Dockerfile": "FROM python:3.8-slim\nWORKDIR /dashmachine\nCOPY . .\n"
            'CMD [ "gunicorn", "--bind", "0.0.0.0:5000", "wsgi:app" ]\n',
        },
    )
    start = inspect_project(tmp_path).apps[0].start
    assert start is not None and "wsgi:app" in start.argv and "dashmachine:app" not in start.argv
