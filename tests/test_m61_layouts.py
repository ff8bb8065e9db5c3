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
