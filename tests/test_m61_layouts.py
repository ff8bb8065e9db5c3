"""Layouts from the m61 round of held-out projects (see the issue notes): each test holds the
shape of the real project that showed the gap, written anew."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import assert_hadolint_clean, write_tree

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


def test_uvs_own_sources_without_a_lock_install_with_uv(tmp_path: Path) -> None:
    """Dispatcharr: pyproject.toml takes torch from the PyTorch CPU index (`[[tool.uv.index]]`,
    `[tool.uv.sources]`) and has no uv.lock: pip would ignore those sources and look for the
    `+cpu` build on PyPI. The image installs with uv, which resolves them (no --locked)."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "dispatch"\nversion = "0.1.0"\n'
            'requires-python = ">=3.13"\ndependencies = ["fastapi>=0.110", "uvicorn>=0.30", "torch>=2.0"]\n\n'
            '[[tool.uv.index]]\nurl = "https://download.pytorch.org/whl/cpu"\nname = "pytorch-cpu"\n'
            'explicit = true\n\n[tool.uv.sources]\ntorch = { index = "pytorch-cpu" }\n\n'
            '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
            "dispatch/__init__.py": "",
            "dispatch/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "uv sync --no-dev" in dockerfile and "--locked" not in dockerfile
    assert "pip install --no-cache-dir ." not in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_folder_the_app_makes_from_its_config_setting_belongs_to_its_user(tmp_path: Path) -> None:
    """booklogr: api/app.py runs `os.makedirs(app.config["EXPORT_FOLDER"])` as it loads, and
    api/config.py's Config says `EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER", "export_data")`:
    /app/export_data is made and owned by the app's user (else PermissionError at start)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\n",
            "api/__init__.py": "",
            "api/config.py": "import os\n\nclass Config:\n"
            '    EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER", "export_data")\n',
            "api/app.py": "import os\nfrom flask import Flask\nfrom api.config import Config\n\n"
            "app = Flask(__name__)\napp.config.from_object(Config)\n"
            'if not os.path.exists(app.config["EXPORT_FOLDER"]):\n'
            '    os.makedirs(app.config["EXPORT_FOLDER"])\n',
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert 'RUN mkdir -p /app/export_data \\\n    && chown -R "${UID}:${UID}" /app/export_data' in dockerfile


def _bitpoll(root: Path) -> Path:
    """Bitpoll: settings.py imports settings_local last, which the project keeps only as
    settings_local.sample.py, whose ALLOWED_HOSTS name its example site (DEBUG off)."""
    return write_tree(
        root,
        {
            "requirements.txt": "Django==5.2\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'bitpoll.settings')\n",
            "bitpoll/__init__.py": "",
            "bitpoll/wsgi.py": "application = get_wsgi_application()\n",
            "bitpoll/settings.py": "DEBUG = True\nALLOWED_HOSTS = []\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n"
            "from .settings_local import *\n",
            "bitpoll/settings_local.sample.py": "DEBUG = False\nALLOWED_HOSTS = ['bitpoll.example.com']\n",
        },
    )


def test_a_copied_settings_template_that_answers_only_its_example_site_answers_here_too(
    tmp_path: Path,
) -> None:
    root = _bitpoll(tmp_path / "bitpoll")
    advice = advise({"host_os": "linux", "environment": "development"}, folder=root)
    dockerfile = advice.files("en")["Dockerfile"]
    assert (
        "RUN if [ ! -e bitpoll/settings_local.py ]; then"
        " cp bitpoll/settings_local.sample.py bitpoll/settings_local.py \\\n"
        "    && printf '%s\\n' '' 'ALLOWED_HOSTS = [*ALLOWED_HOSTS, \"localhost\", \"127.0.0.1\"]'"
        " >> bitpoll/settings_local.py; fi\n"
    ) in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)
    report = advice.report("en")
    sample, copy = "bitpoll/settings_local.sample.py", "bitpoll/settings_local.py"
    assert f"`{sample}`, the template the image copies to `{copy}`" in report
    assert f"이미지가 템플릿 `{sample}` 파일을 `{copy}` 파일로 복사하는데" in advice.report("ko")
    # In production the copy stays as the template says, and the report asks for the site.
    prod = advise({"host_os": "linux", "environment": "production"}, folder=root)
    assert f"cp -n {sample} {copy}" in prod.files("en")["Dockerfile"]
    assert f"fix the hosts the app answers for in the code (`{sample}`" in prod.report("en")


def test_poetrys_default_groups_that_run_the_app_are_installed_with_main(tmp_path: Path) -> None:
    """MyFinances: Django and gunicorn are in `[tool.poetry.group.django]` (not optional), which
    `poetry install --only main` leaves out, and its settings import stubs from its `mypy`
    group; docs, dev and an optional group (postgres) stay out. The install is
    `--only main,mypy,django` (`--with` is ignored beside `--only`), and gunicorn from that
    group starts the app."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "myfinances"\nversion = "0.1.0"\n'
            "package-mode = false\n\n"
            '[tool.poetry.dependencies]\npython = "^3.12"\ndjango-environ = "^0.12"\n\n'
            '[tool.poetry.group.mypy.dependencies]\nmypy = "1.19.1"\n\n'
            '[tool.poetry.group.django.dependencies]\nDjango = "^5.2"\ngunicorn = "23.0.0"\n\n'
            '[tool.poetry.group.docs.dependencies]\nmkdocs = "^1.5.3"\n\n'
            "[tool.poetry.group.postgres]\noptional = true\n\n"
            '[tool.poetry.group.postgres.dependencies]\npsycopg2-binary = "2.9.12"\n\n'
            '[tool.poetry.group.dev.dependencies]\nblack = "^24.3.0"\n',
            "poetry.lock": "# poetry lock\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings.settings')\n",
            "settings/__init__.py": "",
            "settings/settings.py": "import environ\nDEBUG = True\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n",
            "settings/wsgi.py": "application = get_wsgi_application()\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "poetry install --only main,mypy,django --no-root --no-interaction" in dockerfile
    assert 'CMD ["gunicorn", "settings.wsgi:application"' in dockerfile


def _audiobookrequest(root: Path) -> Path:
    """AudioBookRequest: pydantic-settings with `env_prefix="ABR_"` and nested models
    (`env_nested_delimiter="__"`): `DBSettings.use_postgres: bool = False` switches from SQLite
    to the server, and `ApplicationSettings.config_dir: str = "/config"` is where its SQLite
    file and the migrations' mkdir go."""
    return write_tree(
        root,
        {
            "pyproject.toml": '[project]\nname = "abr"\nversion = "1.0.0"\nrequires-python = ">=3.13"\n'
            'dependencies = ["fastapi>=0.115", "uvicorn>=0.34", "sqlmodel>=0.0.22",'
            ' "psycopg2-binary>=2.9", "pydantic-settings>=2.7"]\n',
            "app/__init__.py": "",
            "app/internal/__init__.py": "",
            "app/internal/env_settings.py": "from pydantic import BaseModel\n"
            "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
            "class DBSettings(BaseModel):\n    sqlite_path: str = 'db.sqlite'\n"
            "    use_postgres: bool = False\n    postgres_host: str = 'localhost'\n"
            "    postgres_password: str = 'password'\n\n\n"
            "class ApplicationSettings(BaseModel):\n    config_dir: str = '/config'\n\n\n"
            "class Settings(BaseSettings):\n"
            "    model_config = SettingsConfigDict(env_prefix='ABR_', env_nested_delimiter='__')\n"
            "    db: DBSettings = DBSettings()\n    app: ApplicationSettings = ApplicationSettings()\n",
            "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )


def test_a_settings_models_data_folder_default_is_a_volume_its_user_owns(tmp_path: Path) -> None:
    root = _audiobookrequest(tmp_path / "abr")
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files("en")
    assert 'RUN mkdir -p /config \\\n    && chown -R "${UID}:${UID}" /config' in files["Dockerfile"]
    assert "app-data:/config" in yaml.safe_load(files["compose.yaml"])["services"]["app"]["volumes"]


def test_the_projects_switch_to_the_chosen_database_server_is_turned_on(tmp_path: Path) -> None:
    root = _audiobookrequest(tmp_path / "abr")
    files = advise({"host_os": "linux", "database": "postgres"}, folder=root).files("en")
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["ABR_DB__USE_POSTGRES"] == "true"
    # with SQLite (no server) the switch is only listed among the app's own settings, unset
    alone = advise({"host_os": "linux", "database": "none"}, folder=root).files("en")
    assert "\n#   ABR_DB__USE_POSTGRES  (app/internal/env_settings.py)\n" in alone[".env"]
    assert "ABR_DB__USE_POSTGRES=" not in alone[".env"] and "ABR_DB__USE_POSTGRES" not in alone["run.sh"]


def test_a_variable_the_code_raises_on_when_its_own_helper_finds_it_empty_is_required(tmp_path: Path) -> None:
    """MyFinances: settings/helpers.py defines get_var (os.environ.get with a default) and
    raises `if not get_var("SITE_URL")`: SITE_URL and SITE_NAME are required, and in
    development get the published address and the project's name."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings.settings')\n",
            "settings/__init__.py": "",
            "settings/wsgi.py": "application = get_wsgi_application()\n",
            "settings/helpers.py": "import os\n\n\ndef get_var(key, default=None):\n"
            "    return os.environ.get(key, default=default) or ''\n\n\n"
            'if not get_var("SITE_URL"):\n    raise ValueError("SITE_URL is required")\n'
            'if not get_var("SITE_NAME"):\n    raise ValueError("SITE_NAME is required")\n'
            'DEBUG_LEVEL = get_var("DEBUG_LEVEL")\n',
            "settings/settings.py": "from .helpers import get_var\nDEBUG = True\n"
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    env = advice.files("en")[".env"]
    assert "\nSITE_URL=http://localhost:8000/\n" in env or "\nSITE_URL=http://localhost:8000\n" in env
    assert f"\nSITE_NAME={advice.answers.project_name}\n" in env
    assert "\nDEBUG_LEVEL=" not in env


def test_advisors_own_dockerfile_is_no_image_that_names_a_settings_module(tmp_path: Path) -> None:
    """A second run: the Dockerfile advisor wrote sets DJANGO_SETTINGS_MODULE on its
    collectstatic line (here the docker module, as a first run with the project's
    Dockerfile.autobuild chose). Without that project file, advisor's own file says nothing:
    base.py (no DATABASES) is still not chosen, and the docker module does not come back."""
    root = _pinry(tmp_path / "pinry", image=False)
    (root / "Dockerfile").write_text(
        "# syntax=docker/dockerfile:1\n\n# Dockerfile for pinry (Python, django), written by advisor.\n"
        "FROM python:3.13-slim\n"
        "RUN DJANGO_SETTINGS_MODULE=pinry.settings.docker python manage.py collectstatic\n"
    )
    chosen = _app_env(root).get("DJANGO_SETTINGS_MODULE")
    assert chosen not in ("pinry.settings.docker", "pinry.settings.base")
