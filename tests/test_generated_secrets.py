"""The random values advisor writes into .env: long enough, and only letters and digits, which
every app's own password rules and every command line take as they are."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import write_tree

from advisor.api import advise


def test_new_passwords_and_secrets_are_32_letters_and_digits(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\npsycopg[binary]\ngunicorn\nredis\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
            "site_/__init__.py": "",
            "site_/settings.py": "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            "site_/wsgi.py": "application = None\n",
        },
    )
    env = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")[".env"]
    values = dict(re.findall(r"^(POSTGRES_PASSWORD|POSTGRES_ADMIN_PASSWORD|SECRET_KEY)=(.*)$", env, re.M))
    assert set(values) == {"POSTGRES_PASSWORD", "POSTGRES_ADMIN_PASSWORD", "SECRET_KEY"}
    for name, value in values.items():
        assert re.fullmatch(r"[A-Za-z0-9]{32}", value), (name, value)
    assert len(set(values.values())) == 3


def test_the_app_user_has_a_home_of_its_own_kept_writable_under_a_read_only_root(tmp_path: Path) -> None:
    """timetagger keeps its data in ~/_timetagger and gunicorn its control socket in the home:
    the user's home exists and is its own; in production (read-only root) it is a tmpfs."""
    import yaml

    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "--create-home --home-dir /home/appuser" in files["Dockerfile"]
    prod = advise(
        {"host_os": "linux", "environment": "production", "database": "postgres"}, folder=tmp_path
    ).files("en")
    app = yaml.safe_load(prod["compose.yaml"])["services"]["app"]
    assert app["read_only"] is True and "/home/appuser" in app["tmpfs"]
