"""pyproject's optional dependencies for production (ethical-ad-server's `production` extra:
gunicorn, psycopg, django-redis) are installed by every tool that installs from pyproject, and
count as the app's dependencies: its database and server are found from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import assert_hadolint_clean, write_tree

from advisor.api import advise

_PYPROJECT = """[project]
name = "ads"
version = "1.0"
requires-python = ">=3.12"
dependencies = ["Django>=5.2,<6", "dj-database-url"]

[project.optional-dependencies]
production = ["gunicorn", "psycopg[binary,pool]", "django-redis"]
dev = ["pytest"]

[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"
"""

_FILES = {
    "pyproject.toml": _PYPROJECT,
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ads.settings')\n",
    "ads/__init__.py": "",
    "ads/settings.py": (
        "import dj_database_url\nSECRET_KEY = 'x'\n"
        "DATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3')}\n"
    ),
    "ads/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()",
}


@pytest.mark.parametrize(
    ("lock", "installs"),
    [
        ({}, ["pip install '.[production]'"]),
        (
            {"uv.lock": "version = 1\n"},
            ["--no-install-workspace --no-dev --extra production", "--no-dev --extra production"],
        ),
        ({"pdm.lock": "# pdm\n"}, ["--prod -G production"]),
        ({"poetry.lock": "# poetry\n"}, ["poetry install --only main --extras production"]),
    ],
)
def test_the_production_extra_is_installed_and_its_packages_count(
    tmp_path: Path, lock: dict[str, str], installs: list[str]
) -> None:
    write_tree(tmp_path, {**_FILES, **lock})
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    # psycopg and gunicorn come from the extra: PostgreSQL, served by gunicorn
    assert advice.answers.database == "postgres"
    assert advice.answers.start_command.startswith("gunicorn ")
    dockerfile = advice.files("en")["Dockerfile"]
    for install in installs:
        assert install in dockerfile
    assert "pytest" not in dockerfile and "optional dependencies for production (production)" in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_requirements_files_install_no_extra(tmp_path: Path) -> None:
    write_tree(tmp_path, {**_FILES, "requirements.txt": "Django>=5.2,<6\ndj-database-url\ngunicorn\n"})
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "[production]" not in dockerfile and "--extra" not in dockerfile


@pytest.mark.parametrize(
    ("lock", "install"),
    [
        ({"uv.lock": "version = 1\n"}, "--no-dev --group web"),
        ({"pdm.lock": "# pdm\n"}, "--prod -G web"),
    ],
)
def test_a_production_dependency_group_is_installed_and_read(
    tmp_path: Path, lock: dict[str, str], install: str
) -> None:
    """bitcart: [project] lists two helpers, and `[dependency-groups] web` holds FastAPI,
    asyncpg, redis: installed with the tool's group option, and read (PostgreSQL, Redis)."""
    pyproject = (
        '[project]\nname = "api"\nversion = "1.0"\nrequires-python = ">=3.12"\n'
        'dependencies = ["python-decouple"]\n\n[dependency-groups]\ntest = ["pytest"]\n'
        'web = ["fastapi", "uvicorn", "asyncpg", "sqlalchemy", "redis"]\n'
    )
    main = "import os\nfrom fastapi import FastAPI\n\napp = FastAPI()\nREDIS = os.environ.get('REDIS_URL')\n"
    write_tree(tmp_path, {"pyproject.toml": pyproject, "main.py": main, **lock})
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert (advice.answers.database, advice.answers.cache) == ("postgres", "redis")
    dockerfile = advice.files("en")["Dockerfile"]
    assert install in dockerfile and "pytest" not in dockerfile
    assert_hadolint_clean(dockerfile, tmp_path)


def test_a_uv_workspace_roots_members_are_mounted_for_the_dependency_step(tmp_path: Path) -> None:
    """balrog: the app's own pyproject.toml is a uv workspace's root (`members = ["agent"]`);
    with only its pyproject.toml and uv.lock mounted, `uv sync --locked` found the lock stale
    ("needs to be updated"). Every member's pyproject.toml is mounted, and no workspace member
    is installed before the code is copied."""
    pyproject = _PYPROJECT.replace(
        "[build-system]", '[tool.uv.workspace]\nmembers = ["agent", "plugins/*"]\n\n[build-system]'
    )
    write_tree(
        tmp_path,
        {
            **_FILES,
            "pyproject.toml": pyproject,
            "uv.lock": "version = 1\n",
            "agent/pyproject.toml": '[project]\nname = "agent"\nversion = "1"\n',
            "plugins/one/pyproject.toml": '[project]\nname = "one"\nversion = "1"\n',
            "plugins/notes/README.md": "no project here\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    for member in ("agent/pyproject.toml", "plugins/one/pyproject.toml"):
        assert f"--mount=type=bind,source={member},target={member}" in dockerfile
    assert "plugins/notes" not in dockerfile and "--no-install-workspace --no-dev" in dockerfile


def test_the_projects_own_dockerfile_system_packages_are_installed_under_current_names(
    tmp_path: Path,
) -> None:
    """alexandria's preview-generator needs exiftool while it builds (pyexifinfo) and the tools
    at run time; scancode.io's wheels load libgomp1. Their own Dockerfiles install them: the
    image does too, renamed for the current Debian (libmagic1 → libmagic1t64), and only names
    known to exist (an unknown one would stop apt-get), not build tools or editors."""
    dockerfile = (
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n"
        "    libimage-exiftool-perl ghostscript libmagic1 \\\n    vim build-essential some-unknown-lib \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
    )
    write_tree(tmp_path, {**_FILES, "poetry.lock": "# poetry\n", "Dockerfile": dockerfile})
    text = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    line = "apt-get install -y --no-install-recommends libimage-exiftool-perl ghostscript libmagic1t64"
    build, _, final = text.partition("AS final")
    assert line in build and line in final
    for left_out in ("vim", "some-unknown-lib"):
        assert left_out not in text
    assert_hadolint_clean(text, tmp_path)
