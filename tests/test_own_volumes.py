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
