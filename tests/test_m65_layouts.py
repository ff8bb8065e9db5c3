"""Layouts found by the m64 and m65 rounds of held-out projects (see the issue notes): each
test holds the shape of the real project that showed the gap, written anew."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

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
