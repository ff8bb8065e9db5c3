"""advisor run in one app folder of a larger repository: the env examples and compose file at
the repository's root are the project's word for that app too."""

from __future__ import annotations

from pathlib import Path

import yaml

from advisor.api import advise
from advisor.inspect import inspect_project

BACKEND = {
    "requirements.txt": "fastapi\nuvicorn\npython-decouple\n",
    "main.py": (
        "from decouple import config\nfrom fastapi import FastAPI\n\n"
        'POOL = config("DB_POOL_SIZE", cast=int)\napp = FastAPI()\n'
    ),
}


def _repo(root: Path, *, git: bool, compose: str | None) -> Path:
    backend = root / "backend"
    backend.mkdir(parents=True)
    for name, text in BACKEND.items():
        (backend / name).write_text(text)
    (root / ".env.example").write_text("DB_POOL_SIZE=7\nFRONTEND_URL=http://localhost:5173\n")
    if git:
        (root / ".git").mkdir()
    if compose is not None:
        (root / "docker-compose.yml").write_text(compose)
    return backend


def _env(advice_files: dict[str, str]) -> dict[str, str]:
    lines = advice_files[".env"].splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_the_repositorys_root_env_example_gives_a_subfolder_app_its_values(tmp_path: Path) -> None:
    """The app in backend/ requires DB_POOL_SIZE (decouple, no default); the value is in the
    repository root's .env.example, which the run in backend/ reads, naming it by its path."""
    backend = _repo(tmp_path / "repo", git=True, compose=None)
    facts = inspect_project(backend)
    sources = {s.name: s.source for s in facts.apps[0].own_settings}
    assert sources["DB_POOL_SIZE"] == "../.env.example"
    files = advise({"host_os": "linux", "database": "postgres"}, folder=backend).files("en")
    assert _env(files)["DB_POOL_SIZE"] == "7"
    app = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert app["DB_POOL_SIZE"].startswith("${DB_POOL_SIZE:?")
    assert "../.env.example" in files[".env"]


def test_a_parent_whose_compose_builds_the_folder_counts_without_git(tmp_path: Path) -> None:
    """An exported tree (no .git): the parent is the same project when its compose file
    builds this folder; its database service then decides the engine as at the root."""
    compose = "services:\n  db:\n    image: mysql:8\n  api:\n    build:\n      context: ./backend\n"
    backend = _repo(tmp_path / "repo", git=False, compose=compose)
    facts = inspect_project(backend)
    assert [s.source for s in facts.apps[0].own_settings if s.name == "DB_POOL_SIZE"] == ["../.env.example"]
    assert [(e.value, e.source) for e in facts.db_engines] == [("mysql", "../docker-compose.yml")]


def test_an_unrelated_parent_folder_is_not_read(tmp_path: Path) -> None:
    """A folder that merely sits inside another (no repository root above it, no compose
    file there building it) takes nothing from it."""
    backend = _repo(tmp_path / "downloads", git=False, compose="services:\n  web:\n    build: ./other\n")
    facts = inspect_project(backend)
    assert not any(s.source.startswith("..") for s in facts.apps[0].own_settings)
    assert facts.db_engines == ()


def test_the_repository_root_itself_reads_nothing_above(tmp_path: Path) -> None:
    """At the repository's root the folders above are someone else's."""
    (tmp_path / ".env.example").write_text("OUTSIDE=1\n")
    repo = tmp_path / "repo"
    backend = _repo(repo, git=True, compose=None)
    for name, text in BACKEND.items():
        (repo / name).write_text(text)
    facts = inspect_project(repo)
    assert not any(s.source.startswith("..") for s in facts.apps[0].own_settings)
    assert backend.exists()
