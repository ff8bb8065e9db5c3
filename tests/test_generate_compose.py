"""The project's own compose files beside advisor's compose.yaml (issue 13, item 2): `docker
compose` reads the first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml
and merges an override file into it, so advisor never leaves two set-ups for it to pick between
or mix. take moves the project's files aside, unchanged; keep writes no compose.yaml."""

from __future__ import annotations

import errno
import fnmatch
import os
from pathlib import Path

import pytest
from helpers import run_cli

from advisor import writer
from advisor.conflicts import Conflict
from advisor.record import read_record

# Every name `docker compose` reads without -f (compose-go's DefaultFileNames and
# DefaultOverrideFileNames).
COMPOSE_READS = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
THEIRS = (
    b"services:\n  web:\n    image: nginx\n    volumes:\n      - webdata:/data\nvolumes:\n  webdata: {}\n"
)
OVERRIDE = b'services:\n  web:\n    ports:\n      - "8081:80"\n'


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def status(out: str, name: str) -> str:
    """The status the output gives ``name`` ('' when it is not listed)."""
    for line in out.splitlines():
        if line.startswith(f"  {name} "):
            return line[len(name) + 2 :].strip()
    return ""


def read_by_compose(folder: Path) -> list[str]:
    return [name for name in COMPOSE_READS if (folder / name).exists()]


def project(folder: Path) -> Path:
    """A project with its own docker-compose.yml and docker-compose.override.yml."""
    (folder / "docker-compose.yml").write_bytes(THEIRS)
    (folder / "docker-compose.override.yml").write_bytes(OVERRIDE)
    return folder


def generate(folder: Path, *flags: str) -> tuple[str, ...]:
    """`advisor generate` of a development set-up with a database (so: compose.yaml) on Linux."""
    return ("generate", "--defaults", "--set", "host_os=linux", "--set", "database=postgres",
            "--out", str(folder), *flags)  # fmt: skip


def test_force_moves_the_projects_compose_files_aside_and_a_rerun_is_clean(tmp_path: Path) -> None:
    folder = project(tmp_path)
    r = run_cli(*generate(folder, "--force"))
    assert r.code == 0, r.err
    assert read_by_compose(folder) == ["compose.yaml"]  # nothing for Compose to pick between or merge
    assert (folder / "docker-compose.yml.orig").read_bytes() == THEIRS  # moved, byte for byte
    assert (folder / "docker-compose.override.yml.orig").read_bytes() == OVERRIDE
    assert status(r.out, "docker-compose.yml").startswith("moved to docker-compose.yml.orig, unchanged")
    assert status(r.out, "docker-compose.override.yml").startswith(
        "moved to docker-compose.override.yml.orig, unchanged"
    )
    assert "docker compose now reads compose.yaml alone" in r.out  # and what to do next
    assert "docker-compose.yml.orig, docker-compose.override.yml.orig: copy what you still need" in r.out
    assert "compose.yaml" in read_record((folder / ".advisor-answers.yaml").read_text()).files
    # The same run again, and a plain re-run from the saved answers: nothing moves, nothing changes.
    before = snapshot(folder)
    for again in (run_cli(*generate(folder, "--force")), run_cli("generate", "--out", str(folder))):
        assert again.code == 0, again.err
        assert "moved" not in again.out and "conflict" not in again.out
        assert snapshot(folder) == before


def test_the_move_is_said_in_korean(tmp_path: Path) -> None:
    r = run_cli(*generate(project(tmp_path), "--force", "--lang", "ko"))
    assert r.code == 0, r.err
    assert status(r.out, "docker-compose.yml").startswith(
        "docker-compose.yml.orig 이름으로 옮김(내용은 그대로)"
    )
    assert "이제 docker compose는 compose.yaml만 읽습니다" in r.out


def test_dry_run_shows_the_moves_and_changes_nothing(tmp_path: Path) -> None:
    folder = project(tmp_path)
    before = snapshot(folder)
    r = run_cli(*generate(folder, "--force", "--dry-run"))
    assert r.code == 0, r.err
    assert (
        "moved to docker-compose.yml.orig" in r.out and "moved to docker-compose.override.yml.orig" in r.out
    )
    assert snapshot(folder) == before
    plain = run_cli(*generate(folder, "--dry-run"))  # no choice made: both listed with what settles them
    assert plain.code == 0 and snapshot(folder) == before
    assert status(plain.out, "docker-compose.yml").startswith(
        "the project's own compose file: a compose.yaml would hide it"
    )
    assert "--on-conflict take (the same as --force) moves each one, unchanged" in plain.out


def test_without_a_choice_the_run_stops_naming_both_files(tmp_path: Path) -> None:
    folder = project(tmp_path)
    before = snapshot(folder)
    r = run_cli(*generate(folder))
    assert r.code == 1 and snapshot(folder) == before
    assert "docker-compose.yml: the project's own compose file" in r.err
    assert "docker-compose.override.yml: the project's compose override file" in r.err
    assert "--on-conflict keep leaves them as they are" in r.err
    assert "merge (your edits" not in r.err  # only what applies to these files
    merge = run_cli(*generate(folder, "--on-conflict", "merge"))  # nothing to merge between two set-ups
    assert merge.code == 1 and snapshot(folder) == before


def test_keep_leaves_the_projects_compose_files_and_writes_no_compose_yaml(tmp_path: Path) -> None:
    folder = project(tmp_path)
    r = run_cli(*generate(folder, "--on-conflict", "keep"))
    assert r.code == 0, r.err
    assert read_by_compose(folder) == ["docker-compose.yml", "docker-compose.override.yml"]
    assert (folder / "docker-compose.yml").read_bytes() == THEIRS
    assert (folder / "docker-compose.override.yml").read_bytes() == OVERRIDE
    assert (folder / "Dockerfile").is_file() and (folder / ".env").is_file()  # the rest is written
    assert status(r.out, "compose.yaml").startswith("not written: you kept the project's own compose file")
    assert status(r.out, "docker-compose.yml").startswith("kept as it is: advisor writes no compose.yaml")
    answers = (folder / ".advisor-answers.yaml").read_text()
    assert "compose.yaml" not in read_record(answers).files  # not claimed as advisor's
    before = snapshot(folder)
    again = run_cli("generate", "--out", str(folder), "--on-conflict", "keep")
    assert again.code == 0, again.err
    assert snapshot(folder) == before and status(again.out, ".advisor-answers.yaml") == "unchanged"


def test_keep_after_take_removes_advisors_unedited_compose_yaml_and_take_again_moves_aside(
    tmp_path: Path,
) -> None:
    """The project's file comes back (a git checkout): keeping it removes advisor's own unedited
    compose.yaml, which would hide it; taking again moves it to a free name, never over the
    first copy."""
    folder = project(tmp_path)
    assert run_cli(*generate(folder, "--force")).code == 0
    (folder / "docker-compose.yml").write_bytes(THEIRS + b"# back\n")
    kept = run_cli("generate", "--out", str(folder), "--on-conflict", "keep")
    assert kept.code == 0, kept.err
    assert status(kept.out, "compose.yaml").startswith("removed (advisor's, unedited)")
    assert read_by_compose(folder) == ["docker-compose.yml"]
    taken = run_cli("generate", "--out", str(folder), "--force")
    assert taken.code == 0, taken.err
    assert read_by_compose(folder) == ["compose.yaml"]
    assert (folder / "docker-compose.yml.orig").read_bytes() == THEIRS
    assert (folder / "docker-compose.yml.orig.2").read_bytes() == THEIRS + b"# back\n"


def test_an_override_file_on_its_own(tmp_path: Path) -> None:
    """Before advisor's compose.yaml is there, an override file was written for another set-up:
    moved aside with take. One added later beside advisor's compose.yaml is the person's own:
    kept and listed, never a conflict."""
    first = tmp_path / "first"
    first.mkdir()
    (first / "compose.override.yaml").write_bytes(OVERRIDE)
    assert run_cli(*generate(first)).code == 1
    assert run_cli(*generate(first, "--force")).code == 0
    assert read_by_compose(first) == ["compose.yaml"]
    assert (first / "compose.override.yaml.orig").read_bytes() == OVERRIDE

    later = tmp_path / "later"
    later.mkdir()
    assert run_cli(*generate(later)).code == 0
    (later / "compose.override.yaml").write_bytes(OVERRIDE)
    r = run_cli("generate", "--out", str(later))
    assert r.code == 0, r.err
    assert status(r.out, "compose.override.yaml").startswith(
        "kept (yours): docker compose merges it into compose.yaml"
    )
    assert (later / "compose.override.yaml").read_bytes() == OVERRIDE


def test_a_failed_write_puts_the_moved_files_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = project(tmp_path)
    before = snapshot(folder)
    calls = {"n": 0}
    real = os.replace

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file written into place, after the moves
            raise OSError(errno.EROFS, "Read-only file system")
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    r = run_cli(*generate(folder, "--force"))
    assert r.code == 1 and "Read-only file system" in r.err
    assert calls["n"] == 4  # the failed one, then the two moves undone
    assert snapshot(folder) == before


def test_the_moved_files_stay_out_of_the_image(tmp_path: Path) -> None:
    """They may hold settings the image must not carry: .dockerignore leaves out every name
    Compose reads and every name advisor moves a file to."""
    folder = project(tmp_path)
    assert run_cli(*generate(folder, "--force")).code == 0
    patterns = [line for line in (folder / ".dockerignore").read_text().splitlines() if line[:1] not in "#!"]
    for name in [*COMPOSE_READS, "docker-compose.yml.orig", "compose.override.yaml.orig.2"]:
        assert any(fnmatch.fnmatchcase(name, p) for p in patterns), name


def test_the_wizard_offers_moving_aside_or_keeping_with_the_names() -> None:
    from advisor.wizard_text import conflict_choice

    main = Conflict("docker-compose.yml", "compose", "x", "", None, aside="docker-compose.yml.orig")
    override = Conflict("compose.override.yml", "override", "x", "", None, aside="compose.override.yml.orig")
    assert main.resolutions() == ("take", "keep") == override.resolutions()
    assert conflict_choice("en", main, "take") == (
        "Use advisor's compose.yaml: move docker-compose.yml to docker-compose.yml.orig (nothing is deleted)"
    )
    assert conflict_choice("en", main, "keep") == "Keep docker-compose.yml: advisor writes no compose.yaml"
    assert conflict_choice("ko", main, "take") == (
        "advisor의 compose.yaml 쓰기: docker-compose.yml 파일을 docker-compose.yml.orig 이름으로 옮김"
        "(아무것도 지우지 않음)"
    )
    assert conflict_choice("en", override, "keep").startswith("Keep it: docker compose merges it")


@pytest.mark.parametrize(
    ("keys", "left"),
    [("\r", ["compose.yaml"]), ("\x1b[B\r", ["docker-compose.yml", "compose.override.yml"])],
)
def test_the_wizard_asks_once_for_the_compose_file_and_its_override_follows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keys: str, left: list[str]
) -> None:
    from test_wizard import drive

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "docker-compose.yml").write_bytes(THEIRS)
    (folder / "compose.override.yml").write_bytes(OVERRIDE)
    # Enter at the review writes; then the one question: Enter takes, Down Enter keeps
    s = drive(
        monkeypatch, folder, "\r" + keys, set_items=["host_os=linux", "database=postgres"], defaults=True
    )
    assert s.code == 0
    assert s.messages.count("docker-compose.yml: what should advisor do?") == 1
    assert not any(m.startswith("compose.override.yml") for m in s.messages)  # goes with it
    assert read_by_compose(folder) == left
    if left == ["compose.yaml"]:
        assert (folder / "compose.override.yml.orig").read_bytes() == OVERRIDE
    else:
        assert (folder / "compose.override.yml").read_bytes() == OVERRIDE


def test_the_sqlite_file_the_projects_compose_names_gets_a_volume_on_every_run(tmp_path: Path) -> None:
    """The project's compose file gives the app DB_FILENAME=/var/lib/notes/data.sqlite (and
    its own volume there): advisor's image makes that folder the app user's, its compose.yaml
    mounts a volume there for the app and its release step, and a re-run, with the project's
    compose file moved aside, writes the same files."""
    import json
    import shutil

    project = tmp_path / "notes"
    shutil.copytree(Path(__file__).parent / "fixtures" / "express-yarn", project)
    data = json.loads((project / "package.json").read_text())
    data["dependencies"] = {
        "express": "^4.21.2",
        "knex": "^3.1.0",
        "better-sqlite3": "^11.0.0",
        "ioredis": "^5",
    }
    data["scripts"]["migrate"] = "knex migrate:latest"
    (project / "package.json").write_text(json.dumps(data))
    (project / "docker-compose.yml").write_text(
        "services:\n  server:\n    build: .\n    environment:\n"
        "      DB_FILENAME: /var/lib/notes/data.sqlite\n    volumes:\n      - data:/var/lib/notes\n"
        "volumes:\n  data:\n"
    )
    first = run_cli("generate", "--defaults", "--set", "host_os=linux", "--out", str(project), "--force")
    assert first.code == 0, first.err
    assert (project / "docker-compose.yml.orig").is_file()
    dockerfile, compose = (project / "Dockerfile").read_text(), (project / "compose.yaml").read_text()
    assert "mkdir -p /var/lib/notes" in dockerfile
    assert compose.count("- app-data:/var/lib/notes") == 2  # the app and the migrate service
    again = run_cli("generate", "--defaults", "--out", str(project))
    assert again.code == 0, again.err
    assert (project / "Dockerfile").read_text() == dockerfile
    assert (project / "compose.yaml").read_text() == compose


def test_force_keeps_the_projects_own_files_beside_as_orig(tmp_path: Path) -> None:
    """--force replaces the project's own Dockerfile and .dockerignore (files advisor never
    wrote) with advisor's, but keeps each, unchanged, as NAME.orig in the same commit; the
    image's build context leaves them out; a re-run changes nothing."""
    (tmp_path / "app.py").write_text("print('hi')\n")
    (tmp_path / "requirements.txt").write_text("flask\n")
    own = 'FROM python:3.11\nRUN mkdir -p /var/lib/app\nCMD ["python", "app.py"]\n'
    (tmp_path / "Dockerfile").write_text(own)
    (tmp_path / ".dockerignore").write_text("venv\n")
    refused = run_cli("generate", "--defaults", "--set", "host_os=linux", "--out", str(tmp_path))
    assert refused.code != 0 and (tmp_path / "Dockerfile").read_text() == own
    forced = run_cli("generate", "--defaults", "--set", "host_os=linux", "--out", str(tmp_path), "--force")
    assert forced.code == 0, forced.err
    assert (
        "Dockerfile             written; the project's own file is kept, unchanged, as Dockerfile.orig"
        in forced.out
    )
    assert "docker compose now reads compose.yaml alone" not in forced.out  # no compose file moved
    assert (tmp_path / "Dockerfile.orig").read_text() == own
    assert (tmp_path / ".dockerignore.orig").read_text() == "venv\n"
    assert (tmp_path / "Dockerfile").read_text() != own
    ignored = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "Dockerfile.orig*" in ignored and ".dockerignore.orig*" in ignored
    again = run_cli("generate", "--defaults", "--out", str(tmp_path))
    assert again.code == 0 and "Dockerfile.orig" not in again.out
    assert not (tmp_path / "Dockerfile.orig.2").exists()
