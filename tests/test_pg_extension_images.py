"""An app whose PostgreSQL needs an extension the official image lacks (pgvector's ``vector``,
PostGIS) gets the image of the same PostgreSQL built with it, and the extension created in its
database by the superuser on the first start; the report says so, in English and Korean."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project


def _db(tmp_path: Path) -> tuple[dict, dict[str, str]]:
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    files = advice.files("en")
    compose = yaml.safe_load(files["compose.yaml"])
    return compose, {"en": files["RECOMMENDATIONS.md"], "ko": advice.files("ko")["RECOMMENDATIONS.md"]}


def test_pgvector_from_the_dependency_runs_pgvectors_image(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg[binary]\npgvector\n",
            "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    assert inspect_project(tmp_path).apps[0].pg_extensions == ("vector",)
    compose, report = _db(tmp_path)
    assert compose["services"]["db"]["image"] == "pgvector/pgvector:pg18"
    assert compose["services"]["db"]["volumes"][0].endswith(":/var/lib/postgresql")
    script = compose["configs"]["db-app-user"]["content"]
    assert 'CREATE EXTENSION IF NOT EXISTS "vector";' in script
    assert "`pgvector/pgvector:pg18`" in report["en"] and "`pgvector/pgvector:pg18`" in report["ko"]


def test_postgis_from_djangos_migrations_runs_postgis_image(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\npsycopg[binary]\ngunicorn\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
            "site_/__init__.py": "",
            "site_/settings.py": "INSTALLED_APPS = ['django.contrib.gis', 'places']\n",
            "site_/wsgi.py": "application = None\n",
            "places/__init__.py": "",
            "places/migrations/__init__.py": "",
            "places/migrations/0001_initial.py": (
                "import django.contrib.gis.db.models.fields\nfrom django.db import migrations\n\n"
                "class Migration(migrations.Migration):\n    operations = []\n"
            ),
        },
    )
    compose, report = _db(tmp_path)
    assert compose["services"]["db"]["image"] == "postgis/postgis:18-3.6"
    assert 'CREATE EXTENSION IF NOT EXISTS "postgis";' in compose["configs"]["db-app-user"]["content"]
    assert "`postgis/postgis:18-3.6`" in report["ko"]
    # GeoDjango loads GDAL and GEOS as it starts: the app's image has them
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    assert "gdal-bin" in advice.files("en")["Dockerfile"]


def test_an_extension_the_official_image_has_keeps_the_official_image(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg[binary]\nalembic\n",
            "main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "migrations/versions/001_init.py": (
                "op.execute('CREATE TABLE t (id uuid DEFAULT uuid_generate_v4())')\n"
            ),
        },
    )
    compose, report = _db(tmp_path)
    assert compose["services"]["db"]["image"] == "postgres:18"
    assert "`uuid-ossp`" in report["en"]
