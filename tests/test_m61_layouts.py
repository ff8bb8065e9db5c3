"""Layouts from the m61 round of held-out projects (see the issue notes): each test holds the
shape of the real project that showed the gap, written anew."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise


def _pinry(root: Path, image: bool) -> Path:
    """pinry: manage.py runs settings.development, which adds django_extensions (only the dev
    requirements list it); base.py has no DATABASES at all; the project's image sets
    `ENV DJANGO_SETTINGS_MODULE pinry.settings.docker`, whose DATABASES is its own."""
    settings = "pinry/settings"
    tree = {
        "requirements.txt": "Django==4.2\npsycopg2-binary==2.9.9\ngunicorn==23.0.0\n",
        "requirements-dev.txt": "-r requirements.txt\ndjango-extensions==3.2.3\n",
        "manage.py": "import os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pinry.settings.development')\n",
        "pinry/__init__.py": "",
        "pinry/wsgi.py": "application = get_wsgi_application()\n",
        f"{settings}/__init__.py": "",
        f"{settings}/base.py": "import os\nINSTALLED_APPS = ['django.contrib.auth']\n",
        f"{settings}/development.py": "from .base import *\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n"
        "INSTALLED_APPS += ['django_extensions']\n",
        f"{settings}/docker.py": "from .base import *\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'HOST': 'db'}}\n",
    }
    if image:
        tree["Dockerfile.autobuild"] = (
            "FROM python:3.10\nCOPY . .\nENV DJANGO_SETTINGS_MODULE pinry.settings.docker\n"
        )
    write_tree(root, tree)
    return root


def _app_env(root: Path) -> dict[str, str]:
    files = advise({"host_os": "linux", "environment": "development"}, folder=root).files("en")
    return dict(yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"])


def test_a_shared_settings_module_with_no_databases_gives_way_to_the_images_module(tmp_path: Path) -> None:
    env = _app_env(_pinry(tmp_path / "pinry", image=True))
    assert env["DJANGO_SETTINGS_MODULE"] == "pinry.settings.docker"


def test_a_shared_settings_module_with_no_databases_is_never_the_one_chosen(tmp_path: Path) -> None:
    """With no image to say which module it runs, base.py (no DATABASES: Django would stop on
    settings.DATABASES) is not chosen: manage.py's default stays."""
    env = _app_env(_pinry(tmp_path / "pinry", image=False))
    assert env.get("DJANGO_SETTINGS_MODULE", "pinry.settings.development") != "pinry.settings.base"
