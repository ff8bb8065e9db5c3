"""Layouts and settings of real projects that advisor's files did not fit at first (from the
held-out measurements): each test mimics the project's own files, written here."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.render.dockerfile import render_dockerignore

_DJANGO = {
    "requirements.txt": "Django==5.2\npsycopg[binary]\ngunicorn\ndjango-redis\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'nrc.conf.docker')\n",
    "nrc/__init__.py": "",
    "nrc/wsgi.py": (
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    ),
    "nrc/conf/__init__.py": "",
    "nrc/conf/docker.py": (
        "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"
        "ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '').split(',')\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',"
        " 'HOST': os.getenv('DB_HOST'), 'NAME': os.getenv('DB_NAME')}}\n"
        "CACHES = {'default': {'LOCATION': 'redis://' + os.getenv('CACHE_DEFAULT', 'localhost:6379/0')}}\n"
    ),
}


def test_a_build_folder_git_keeps_is_the_projects_own_and_stays_in_the_context(tmp_path: Path) -> None:
    """open-notificaties' gulpfile loads build/tasks/*.js, committed (no .gitignore entry):
    .dockerignore keeps build/ then; dist/, which git ignores, stays out, as build/ does
    when git ignores it."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "build/tasks/sass.js": "module.exports = () => {};\n",
            "dist/nrc-1.0.tar.gz": "",
            ".gitignore": "/node_modules/\n/dist/\n",
        },
    )
    ignore = render_dockerignore(advise({"host_os": "linux"}, folder=tmp_path).setup)
    lines = ignore.splitlines()
    assert "build/" not in lines and "dist/" in lines
    assert "# build/ holds the project's own files (git does not ignore it): it stays in" in lines
    (tmp_path / ".gitignore").write_text("build\ndist/\n")
    lines = render_dockerignore(advise({"host_os": "linux"}, folder=tmp_path).setup).splitlines()
    assert "build/" in lines and "dist/" in lines


def test_the_examples_own_deployment_hosts_are_not_this_machines(tmp_path: Path) -> None:
    """open-notificaties' .env.example: ALLOWED_HOSTS=gemeente.nl,… (the municipality's own
    domain, no example.com) would refuse every request on localhost; CACHE_DEFAULT=
    redis-cache:6379/0 names its own compose service, which these files do not run: the Redis
    they run is the cache service."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            ".env.example": (
                "ALLOWED_HOSTS=gemeente.nl,opennotificaties.gemeente.nl\nCACHE_DEFAULT=redis-cache:6379/0\n"
            ),
        },
    )
    advice = advise({"host_os": "linux", "database": "postgres", "cache": "redis"}, folder=tmp_path)
    env = {v.name: v.value for v in advice.setup.env}
    assert env["ALLOWED_HOSTS"] == "localhost"
    assert env["CACHE_DEFAULT"] == "redis:6379/0"
    # A list that names this machine is the project's choice, kept.
    (tmp_path / ".env.example").write_text(
        "ALLOWED_HOSTS=localhost,127.0.0.1,app.local\nCSRF_TRUSTED_ORIGINS=https://localhost:8000\n"
    )
    env = {v.name: v.value for v in advise({"host_os": "linux"}, folder=tmp_path).setup.env}
    assert env["ALLOWED_HOSTS"] == "localhost,127.0.0.1,app.local"
    assert env["CSRF_TRUSTED_ORIGINS"] == "https://localhost:8000"
