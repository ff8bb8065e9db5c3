"""The project's own Dockerfile's VOLUME folders are where its app keeps data: advisor's image
makes them the app user's and keeps them in a volume, named as in advisor's /app layout."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise


def _files(tmp_path: Path, dockerfile: str) -> dict[str, str]:
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\npsycopg[binary]\n",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "Dockerfile": dockerfile,
        },
    )
    return advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")


def test_a_volume_under_the_projects_workdir_is_the_apps_data_folder(tmp_path: Path) -> None:
    files = _files(
        tmp_path,
        "FROM python:3.12-slim AS build\nVOLUME /cache\n"
        "FROM python:3.12-slim\nWORKDIR /usr/src/app\nCOPY . .\n"
        'VOLUME ["/usr/src/app/storage"]\nCMD ["gunicorn", "app:app"]\n',
    )
    made = next(line for line in files["Dockerfile"].splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/storage" in made and " /cache" not in made  # not another stage's volume
    volumes = yaml.safe_load(files["compose.yaml"])["services"]["app"]["volumes"]
    assert any(v.endswith(":/app/storage") for v in volumes)
    assert not any(v.endswith(":/cache") for v in volumes)


def test_a_data_volume_outside_it_is_kept_and_a_system_folder_is_not(tmp_path: Path) -> None:
    files = _files(
        tmp_path,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nVOLUME /data /var/run/app $DATA\n"
        'CMD ["gunicorn", "app:app"]\n',
    )
    volumes = yaml.safe_load(files["compose.yaml"])["services"]["app"]["volumes"]
    assert any(v.endswith(":/data") for v in volumes)
    assert not any("/var/run" in v for v in volumes)


def test_a_sample_project_in_example_is_scanned_and_its_compose_database_path_kept(tmp_path: Path) -> None:
    """allauth's sample Django project: its package is example/ (a folder name that usually
    holds no app code), its settings read DATABASE_NAME, and its compose file sets it to a file
    in the volume it mounts at /srv/db: the app gets that value, and the volume is there."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'example.settings')\n",
            "example/__init__.py": "",
            "example/wsgi.py": "application = None\n",
            "example/settings.py": (
                "import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ.get(\n"
                "    'DATABASE_NAME', os.path.join(BASE_DIR / 'db' / 'example.db')\n)}}\n"
            ),
            "docker-compose.yml": (
                "services:\n  web:\n    build: .\n    volumes:\n      - ./db:/srv/db\n"
                "    environment:\n      DATABASE_NAME: /srv/db/example.db\n"
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    assert "\nDATABASE_NAME=/srv/db/example.db\n" in files[".env"]
    assert '--volume "$name-app-data:/srv/db"' in files["run.sh"]
    assert "--env-file" in files["run.sh"]


def test_the_volume_of_the_service_running_the_projects_published_image_is_the_apps(tmp_path: Path) -> None:
    """MIND's compose file runs its published image (mind: image: mrcas/mind:latest) with
    mind-db:/app/db; its code also rewrites a JSON file of its own static folder at start
    (filename = folder_path('frontend', 'static', 'json', 'pwa_manifest.json'); open(filename, 'w'))."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\n",
            "MIND.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run('0.0.0.0', 8080)\n",
            "backend/settings.py": (
                "def update_manifest(url_base):\n"
                "    filename = folder_path('frontend', 'static', 'json', 'pwa_manifest.json')\n"
                "    with open(filename, 'r') as f:\n        manifest = load(f)\n"
                "    with open(filename, 'w') as f:\n        dump(manifest, f)\n"
            ),
            "backend/docs.py": "name = folder_path('docs', 'api.md')\nprint(open(name).read())\n",
            "docker-compose.yml": (
                'services:\n  mind:\n    image: mrcas/mind:latest\n    volumes:\n      - "mind-db:/app/db"\n'
                "  cache:\n    image: redis:7\n    volumes:\n      - cache:/app/cache\nvolumes:\n  mind-db:\n"
            ),
        },
    )
    files = advise({"host_os": "linux"}, folder=tmp_path).files("en")
    made = next(line for line in files["Dockerfile"].splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/db" in made and "/app/frontend/static/json" in made
    assert "/app/cache" not in made and "/app/docs" not in made  # another image's volume; a file only read
    assert '--volume "$name-app-data:/app/db"' in files["run.sh"]
