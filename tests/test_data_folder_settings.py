"""A Django project one folder down whose settings keep their files under a data folder a
variable moves (``DATA_DIR = Path(environ.get("DATA_DIR", BASE_DIR))``, the SQLite file in
``DATA_DIR / "db"``): advisor's image sets DATA_DIR to its data folder, so the folders it
makes for the app are there (SQLite does not make a missing folder), under one volume; and an
engine switch compared with an upper-case literal (``== 'POSTGRES'``) gets that spelling."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.render.compose import render_compose

_SETTINGS = """from os import environ
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(environ.get("DATA_DIR", BASE_DIR))
SECRET_KEY = environ.get("SECRET_KEY")

if environ.get('DATABASE_TYPE') == 'POSTGRES':
    DATABASES = {
        'default': {
            'ENGINE': 'django.db.backends.postgresql',
            'NAME': environ.get('POSTGRES_NAME', 'notes'),
            'USER': environ.get('POSTGRES_USER', 'notes'),
            'PASSWORD': environ.get('POSTGRES_PASSWORD', 'password'),
            'HOST': environ.get('POSTGRES_HOST', 'postgres'),
        }
    }
else:
    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': DATA_DIR / 'db' / 'db.sqlite3'}}

STATIC_ROOT = BASE_DIR / 'staticfiles'
MEDIA_ROOT = DATA_DIR / 'media'
"""


def _project(tmp_path: Path) -> Path:
    manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'core.settings.base')\n"
    return write_tree(
        tmp_path,
        {
            "requirements.txt": "django>=5\ngunicorn\npsycopg[binary]\n",
            "notes/manage.py": manage,
            "notes/core/__init__.py": "",
            "notes/core/settings/__init__.py": "",
            "notes/core/settings/base.py": _SETTINGS,
            "notes/core/wsgi.py": "application = None\n",
        },
    )


def test_paths_under_a_data_variable_are_in_the_images_data_folder(tmp_path: Path) -> None:
    app = inspect_project(_project(tmp_path)).apps[0]
    paths = {w.path: w.kind for w in app.writable_paths}
    assert paths["data/db/db.sqlite3"] == "sqlite"
    assert paths["data/media"] == "media"
    assert paths["notes/staticfiles"] == "static-root"  # BASE_DIR's own: the Django project's folder


def test_the_sqlite_folder_is_made_in_the_data_folder_one_volume_keeps(tmp_path: Path) -> None:
    _project(tmp_path)
    files = advise({"host_os": "linux", "database": "none"}, folder=tmp_path).files("en")
    dockerfile = files["Dockerfile"]
    assert "DATA_DIR=/app/data" in dockerfile
    mkdir = next(line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/data/db" in mkdir and "/app/notes/data" not in mkdir
    volumes = set(re.findall(r'--volume "([^"]+)"', files["run.sh"]))
    assert volumes == {"$name-app-data:/app/data"}  # not a second one on data/db


def test_an_engine_switch_gets_the_spelling_the_code_compares(tmp_path: Path) -> None:
    _project(tmp_path)
    names = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert names["DATABASE_TYPE"].role == "database_engine"
    assert names["DATABASE_TYPE"].allowed == ("POSTGRES",)
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["DATABASE_TYPE"] == "POSTGRES"
    assert env["POSTGRES_HOST"] == "db"


def test_a_lower_case_switch_keeps_the_engines_own_name(tmp_path: Path) -> None:
    _project(tmp_path)
    settings = tmp_path / "notes/core/settings/base.py"
    settings.write_text(settings.read_text().replace("== 'POSTGRES'", "== 'postgresql'"))
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    env = yaml.safe_load(render_compose(advice.setup))["services"]["app"]["environment"]
    assert env["DATABASE_TYPE"] == "postgresql"
