"""Settings whose variable names are not written at the read: django-configurations' values
(the ``DJANGO_`` prefix unless told otherwise) and a module constant's value; and an app kept
in a folder under src/."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_SETTINGS = """import os
from configurations import Configuration, values


class Base(Configuration):
    SECRET_KEY = values.SecretValue()
    INSTALLED_APPS = ["django.contrib.admin", "joanie"]
    ALLOWED_HOSTS = values.ListValue([])
    DATABASES = {
        "default": {
            "ENGINE": values.Value(
                "django.db.backends.postgresql_psycopg2",
                environ_name="DB_ENGINE",
                environ_prefix=None,
            ),
            "NAME": values.Value("joanie", environ_name="DB_NAME", environ_prefix=None),
            "USER": values.Value("fun", environ_name="DB_USER", environ_prefix=None),
            "PASSWORD": values.Value("pass", environ_name="DB_PASSWORD", environ_prefix=None),
            "HOST": values.Value("localhost", environ_name="DB_HOST", environ_prefix=None),
            "PORT": values.Value(5432, environ_name="DB_PORT", environ_prefix=None),
        }
    }
    SIMPLE_JWT = {
        "ALGORITHM": values.Value("HS256", environ_name="JWT_ALGORITHM"),
        "SIGNING_KEY": values.SecretValue(environ_name="JWT_PRIVATE_SIGNING_KEY"),
    }
    SENTRY_DSN = values.Value(None, environ_name="SENTRY_DSN")
    UNUSED = values.Value("x", environ=False)


class Development(Base):
    DEBUG = True
"""


def _project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "src/backend/pyproject.toml": (
                '[project]\nname = "joanie"\nversion = "1.0"\nrequires-python = ">=3.10"\n'
                'dependencies = ["Django<6", "django-configurations", "psycopg[binary]", "gunicorn"]\n'
            ),
            "src/backend/manage.py": (
                "import os\nimport sys\n\nif __name__ == '__main__':\n"
                "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'joanie.settings')\n"
                "    os.environ.setdefault('DJANGO_CONFIGURATION', 'Development')\n"
                "    from configurations.management import execute_from_command_line\n\n"
                "    execute_from_command_line(sys.argv)\n"
            ),
            "src/backend/joanie/__init__.py": "",
            "src/backend/joanie/settings.py": _SETTINGS,
            "src/backend/joanie/wsgi.py": (
                "import os\n\nfrom configurations.wsgi import get_wsgi_application\n\n"
                "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'joanie.settings')\n"
                "application = get_wsgi_application()\n"
            ),
            "src/frontend/package.json": '{"name": "front", "scripts": {"build": "vite build"}, '
            '"devDependencies": {"vite": "^6"}}',
            "src/frontend/index.html": "<div id=app></div>\n",
            "docs/index.md": "# Joanie\n",
        },
    )


def test_the_values_of_a_configurations_class_name_the_variables_it_reads(tmp_path: Path) -> None:
    app = inspect_project(_project(tmp_path)).apps[0]
    assert app.path == "src/backend"
    found = {v.name: v for v in app.env_vars}
    assert found["DB_HOST"].role == "database_host" and found["DB_HOST"].default == "localhost"
    assert found["DB_PORT"].default == "5432" and found["DB_NAME"].role == "database_name"
    # the setting's name under DJANGO_, and environ_name alone keeps the prefix
    assert found["DJANGO_SECRET_KEY"].required and found["DJANGO_SECRET_KEY"].default is None
    assert found["DJANGO_JWT_ALGORITHM"].default == "HS256"
    assert found["DJANGO_JWT_PRIVATE_SIGNING_KEY"].required
    assert not found["DJANGO_SENTRY_DSN"].required
    assert "DJANGO_UNUSED" not in found and "UNUSED" not in found


def test_a_configurations_app_under_src_is_wired_by_its_own_names(tmp_path: Path) -> None:
    advice = advise({"host_os": "linux"}, folder=_project(tmp_path))
    assert advice.answers.app_dir == "src/backend" and advice.answers.database == "postgres"
    compose = yaml.safe_load(advice.files("en")["compose.yaml"])
    app_env = compose["services"]["app"]["environment"]
    assert compose["services"]["app"]["build"]["context"] == "src/backend"
    assert app_env["DB_HOST"] == "db" and app_env["DB_NAME"] == "${POSTGRES_DB:?set it in .env}"
    env = advice.files("en")[".env"]
    # the secrets the settings require are generated, not left for the person to invent
    for name in ("DJANGO_SECRET_KEY", "DJANGO_JWT_PRIVATE_SIGNING_KEY"):
        line = next(line for line in env.splitlines() if line.startswith(f"{name}="))
        assert len(line.partition("=")[2]) >= 32
    assert "gunicorn" in advice.files("en")["Dockerfile"]


def test_a_variable_named_by_a_module_constant_is_read_under_its_value(tmp_path: Path) -> None:
    """OpenOversight keeps the names in constants.py (KEY_DATABASE_URI = "SQLALCHEMY_DATABASE_URI")
    and reads os.environ.get(KEY_DATABASE_URI) in its config: the app's database URL is that
    variable, and nothing the app does not read stands in for it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\nFlask-SQLAlchemy\npsycopg2-binary\ngunicorn\n",
            "app/__init__.py": (
                "from flask import Flask\nfrom .config import Config\n\n\ndef create_app():\n"
                "    app = Flask(__name__)\n    app.config.from_object(Config())\n    return app\n"
            ),
            "app/constants.py": 'KEY_DATABASE_URI = "SQLALCHEMY_DATABASE_URI"\nKEY_PAGE = "PER_PAGE"\n',
            "app/config.py": (
                "import os\n\nfrom .constants import KEY_DATABASE_URI, KEY_PAGE\n\n\nclass Config:\n"
                "    def __init__(self):\n"
                "        self.SQLALCHEMY_DATABASE_URI = os.environ.get(KEY_DATABASE_URI)\n"
                "        self.PER_PAGE = int(os.environ.get(KEY_PAGE, '20'))\n"
            ),
        },
    )
    found = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["SQLALCHEMY_DATABASE_URI"].role == "database_url"
    assert found["PER_PAGE"].default == "20"
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    app_env = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["app"]["environment"]
    assert app_env["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg2://")


def test_the_development_class_loads_its_development_packages(tmp_path: Path) -> None:
    """joanie's Development configuration logs through rich.logging.RichHandler, which only
    its dev extra lists: in development the image installs it ("No module named 'rich'")."""
    folder = _project(tmp_path)
    settings = folder / "src/backend/joanie/settings.py"
    settings.write_text(
        settings.read_text().replace(
            "    DEBUG = True\n",
            "    DEBUG = True\n"
            "    LOGGING = {'handlers': {'console': {'class': 'rich.logging.RichHandler'}}}\n",
        )
    )
    pyproject = folder / "src/backend/pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[project.optional-dependencies]\ndev = ["rich==14.2.0", "pytest"]\n'
    )
    dockerfile = advise({"host_os": "linux"}, folder=folder).files("en")["Dockerfile"]
    assert "install --constraint /tmp/installed.txt rich==14.2.0" in dockerfile and "pytest" not in dockerfile


def test_a_django_database_that_requires_tls_gets_a_tls_server(tmp_path: Path) -> None:
    """helios-server: dj_database_url.config(conn_max_age=600, ssl_require=True): migrate
    stopped with "server does not support SSL, but SSL was required". A switch of the
    settings' own (ssl_require=not DEBUG) is no requirement advisor can read."""
    settings = (
        "import dj_database_url\nSECRET_KEY = 'x'\n"
        "DATABASES = {'default': dj_database_url.config(conn_max_age=600, ssl_require=True)}\n"
    )
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2.1\ndj-database-url\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'helios.settings')\n",
            "helios/__init__.py": "",
            "helios/settings.py": settings,
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    db = yaml.safe_load(advice.files("en")["compose.yaml"])["services"]["db"]
    assert "ssl=on" in db["command"]
    (tmp_path / "helios/settings.py").write_text(
        settings.replace("ssl_require=True", "ssl_require=not DEBUG")
    )
    db = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )
    assert "ssl=on" not in str(db["services"]["db"].get("command", ""))
