"""Regenerating over files a person edited: the three-way merge, --on-conflict, --dry-run, and
the answers file, which always describes the files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RULES, run_cli
from hypothesis import given
from hypothesis import strategies as st

from advisor.answers import Context, resolve_answers
from advisor.api import advise_answers
from advisor.merge import merge2, merge3
from advisor.record import read_record, sha256

# ------------------------------------------------------------------ the merge itself

lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "\n", "d"]), max_size=8).map("".join)


@given(lines, lines)
def test_a_change_on_one_side_only_is_taken(base: str, other: str) -> None:
    assert merge3(base, base, other).text == other and merge3(base, base, other).clean
    assert merge3(base, other, base).text == other and merge3(base, other, base).clean
    assert merge3(base, other, other).text == other and merge3(base, other, other).clean


def test_changes_to_different_lines_merge_and_overlapping_ones_conflict() -> None:
    base = "header v1\nFROM python\nRUN pip install\nCMD run\n"
    mine = "header v1\nFROM python\nRUN pip install\nRUN echo mine\nCMD run\n"
    theirs = "header v2\nFROM python\nRUN pip install\nCMD run\n"
    merged = merge3(base, mine, theirs)
    assert merged.clean and merged.text == "header v2\nFROM python\nRUN pip install\nRUN echo mine\nCMD run\n"

    overlapping = merge3(base, base.replace("header v1", "my header"), theirs)
    assert overlapping.conflicts == 1
    assert overlapping.text == (
        "<<<<<<< yours\nmy header\n=======\nheader v2\n>>>>>>> advisor\n"
        "FROM python\nRUN pip install\nCMD run\n"
    )


def test_markers_start_on_their_own_line_when_a_file_lacks_its_last_newline() -> None:
    merged = merge3("x\n", "mine", "theirs")
    assert merged.text == "<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> advisor\n"


def test_without_a_base_every_difference_conflicts_and_common_lines_stay_once() -> None:
    merged = merge2("a\nb\nc\n", "a\nB\nc\n")
    assert merged.conflicts == 1
    assert merged.text == "a\n<<<<<<< yours\nb\n=======\nB\n>>>>>>> advisor\nc\n"


# ------------------------------------------------------------------ regenerating from the command line

APP = ["--defaults", "--set", "host_os=linux", "--set", "language=python", "--set", "project_name=shop"]
MEDIA = ["--set", "media=images", "--set", "media_delivery=api"]  # changes two places of the Dockerfile


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(folder: Path, *extra: str) -> tuple[int, str, str]:
    r = run_cli("generate", "--out", str(folder), *extra)
    return r.code, r.out, r.err


def first_run(folder: Path) -> Path:
    code, _, err = generate(folder, *APP)
    assert code == 0, err
    return folder / "Dockerfile"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def record_matches_files(folder: Path) -> None:
    """The answers file's record describes the files on disk: rendering its answers again gives
    exactly the recorded hashes, and every recorded file is advisor's version or a person's
    edit of it (never a half-written state)."""
    record = read_record((folder / ".advisor-answers.yaml").read_text())
    assert record.answers is not None
    answers = resolve_answers(record.answers, use_defaults=True, context=Context(folder=folder))
    advice = advise_answers(answers, RULES)
    rendered = advice.files(record.lang or "en")
    for name, digest in record.files.items():
        assert sha256(rendered[name]) == digest, name
        assert (folder / name).is_file(), name


def test_an_edited_dockerfile_merges_cleanly_with_a_changed_header(tmp_path: Path) -> None:
    dockerfile = first_run(tmp_path)
    edit(dockerfile, "WORKDIR /app\n", "WORKDIR /app\nRUN echo mine\n")
    before = snapshot(tmp_path)

    code, _, err = generate(tmp_path, *MEDIA)  # the default: stop, write nothing, say what would merge
    assert code == 1 and snapshot(tmp_path) == before
    assert "Dockerfile: you edited it, and advisor's changes merge cleanly" in err and "--on-conflict" in err

    code, out, _ = generate(tmp_path, *MEDIA, "--on-conflict", "merge", "--dry-run")
    assert code == 0 and snapshot(tmp_path) == before  # a dry run writes nothing, and shows the merge
    assert "Dockerfile would change like this:" in out
    diff = out.split("would change like this:")[1]
    assert "+    MEDIA_ROOT=/data/media" in diff and "+RUN echo mine" not in diff  # the edit is not a change

    code, out, err = generate(tmp_path, *MEDIA, "--on-conflict", "merge")
    assert code == 0, err
    assert "merged: your edits kept, advisor's changes added" in out
    text = dockerfile.read_text()
    assert "RUN echo mine\n" in text and "MEDIA_ROOT=/data/media" in text
    assert "media: images" in (tmp_path / ".advisor-answers.yaml").read_text()
    record_matches_files(tmp_path)

    code, out, _ = generate(tmp_path)  # nothing changed since: a no-op that keeps the edit
    assert code == 0 and "kept (your edits; advisor's version is unchanged)" in out
    assert dockerfile.read_text() == text

    # and back: the base is now the merged run's rendering, so the media lines go, the edit stays
    code, out, err = generate(tmp_path, "--set", "media=none", "--on-conflict", "merge")
    assert code == 0, err
    text = dockerfile.read_text()
    assert "RUN echo mine\n" in text and "MEDIA_ROOT" not in text
    record_matches_files(tmp_path)


def test_a_hand_edited_answers_file_still_merges(tmp_path: Path) -> None:
    """The record keeps the answers the files were rendered from: editing the answers above it
    (the README's loop) still leaves advisor the base to merge with."""
    dockerfile = first_run(tmp_path)
    edit(dockerfile, "WORKDIR /app\n", "WORKDIR /app\nRUN echo mine\n")
    answers = tmp_path / ".advisor-answers.yaml"
    edit(answers, "media: none\n", "media: images\nmedia_delivery: api\n")
    code, _, err = generate(tmp_path, "--answers", str(answers), "--on-conflict", "merge")
    assert code == 0, err
    assert "RUN echo mine\n" in dockerfile.read_text() and "MEDIA_ROOT" in dockerfile.read_text()
    record_matches_files(tmp_path)


@pytest.mark.parametrize("flag", [None, "stop", "merge"])
def test_overlapping_edits_stop_and_write_nothing(tmp_path: Path, flag: str | None) -> None:
    dockerfile = first_run(tmp_path)
    edit(dockerfile, "    PORT=8000\n", "    PORT=8001\n")  # the line the media answer changes
    before = snapshot(tmp_path)
    code, _, err = generate(tmp_path, *MEDIA, *(["--on-conflict", flag] if flag else []))
    assert code == 1 and snapshot(tmp_path) == before
    assert "advisor's changes touch the lines you edited" in err


def test_overlapping_edits_keep_take_or_markers(tmp_path: Path) -> None:
    results = {}
    for flag in ("keep", "take", "markers"):
        folder = tmp_path / flag
        folder.mkdir()
        dockerfile = first_run(folder)
        edit(dockerfile, "    PORT=8000\n", "    PORT=8001\n")
        mine, report = dockerfile.read_text(), (folder / "RECOMMENDATIONS.md").read_text()
        code, out, err = generate(folder, *MEDIA, "--on-conflict", flag)
        assert code == 0, err
        assert "media: images" in (folder / ".advisor-answers.yaml").read_text()
        assert (folder / "RECOMMENDATIONS.md").read_text() != report  # the other files are updated
        record_matches_files(folder)
        results[flag] = (mine, dockerfile.read_text(), out)
    mine, kept, out = results["keep"]
    assert kept == mine and "kept as you left it" in out
    _, taken, out = results["take"]
    assert "PORT=8001" not in taken and "MEDIA_ROOT=/data/media" in taken and "overwritten" in out
    _, marked, out = results["markers"]
    assert "<<<<<<< yours\n    PORT=8001\n=======\n    PORT=8000 \\\n" in marked
    assert "MEDIA_ROOT=/data/media\n>>>>>>> advisor\n" in marked and "CONFLICT MARKERS" in out
    # the non-overlapping change (the folders to create) was merged in as well
    assert "mkdir -p /app/uploads /data/media" in marked or "/data/media" in marked.split(">>>>>>>")[1]


def test_a_kept_project_file_is_not_claimed_by_the_record(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    code, _, err = generate(tmp_path, *APP, "--on-conflict", "keep")
    assert code == 0, err
    assert (tmp_path / "Dockerfile").read_text() == "FROM scratch\n"
    assert "Dockerfile" not in read_record((tmp_path / ".advisor-answers.yaml").read_text()).files
    code, _, err = generate(tmp_path)  # still the project's own: the next run asks again
    assert code == 1 and "the project's own file" in err


def test_the_projects_own_file_is_never_merged_with_markers(tmp_path: Path) -> None:
    """A Dockerfile advisor never wrote has no common base: a two-way merge would put the whole
    file between conflict markers, which cannot build. merge and markers settle nothing for it
    (the refusal says what does: take, which keeps it as Dockerfile.orig, or keep), keep says
    it kept the project's file, and the wizard offers take first (then keep), never a merge."""
    from advisor.conflicts import Conflict, settle

    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY app /app\n")
    before = snapshot(tmp_path)
    for policy in ("merge", "markers"):
        code, _, err = generate(tmp_path, *APP, "--on-conflict", policy)
        assert code == 1 and "cannot merge" in err and "--on-conflict take" in err, err
        assert "merge (your edits" not in err  # not offered again
        assert snapshot(tmp_path) == before
    code, out, err = generate(tmp_path, *APP, "--on-conflict", "keep")
    assert code == 0, err
    assert "the project's own file kept" in out and "<<<<<<<" not in (tmp_path / "Dockerfile").read_text()
    own = Conflict("Dockerfile", "own", "FROM scratch\n", "FROM python\n", None)
    assert own.resolutions() == ("take", "keep")
    assert settle([own], "markers") == {} and settle([own], "take") == {"Dockerfile": "take"}


def test_a_kept_dockerignore_that_lets_env_in_is_warned_about(tmp_path: Path) -> None:
    """The project's .dockerignore kept as it is, without `.env`: advisor's Dockerfile copies
    the folder, .env and its generated secrets included, into the image; a `!.env` after
    `.env*` puts it back too. With `.env` left out, no warning."""
    from advisor.conflicts import env_exposed

    (tmp_path / ".dockerignore").write_text("node_modules\ntest\n")
    code, _, err = generate(tmp_path, *APP, "--on-conflict", "keep")
    assert code == 0 and "does not leave out .env" in err
    for text, exposed in (("**/.env\n", False), (".env*\n!.env\n", True), ("*\n!src\n", False)):
        (tmp_path / ".dockerignore").write_text(text)
        assert env_exposed(tmp_path, [".dockerignore"]) is exposed, text
    assert env_exposed(tmp_path, []) is False  # advisor's own .dockerignore


def test_force_cannot_go_with_another_policy(tmp_path: Path) -> None:
    code, _, err = generate(tmp_path, *APP, "--force", "--on-conflict", "keep")
    assert code == 2 and "--force" in err and "--on-conflict keep" in err
    assert list(tmp_path.iterdir()) == []


def test_the_refusal_is_in_the_runs_language(tmp_path: Path) -> None:
    dockerfile = first_run(tmp_path)
    edit(dockerfile, "    PORT=8000\n", "    PORT=8001\n")
    code, _, err = generate(tmp_path, *MEDIA, "--lang", "ko")
    assert code == 1 and "아무것도 쓰지 않았습니다" in err and "--on-conflict" in err


@pytest.mark.parametrize("command", ["init", "generate"])
def test_dry_run_and_force_for_every_command_that_writes(tmp_path: Path, command: str) -> None:
    r = run_cli(command, "--out", str(tmp_path), *APP)  # no terminal: the wizard takes --defaults
    assert r.code == 0, r.err
    dockerfile = tmp_path / "Dockerfile"
    edit(dockerfile, "    PORT=8000\n", "    PORT=8001\n")
    before = snapshot(tmp_path)
    r = run_cli(command, "--out", str(tmp_path), *APP, *MEDIA, "--dry-run")
    assert r.code == 0 and snapshot(tmp_path) == before and "Dry run" in r.out
    r = run_cli(command, "--out", str(tmp_path), *APP, *MEDIA, "--force")
    assert r.code == 0 and "PORT=8001" not in dockerfile.read_text()


def test_variables_the_plan_no_longer_uses_are_marked_in_env_and_keep_their_values(tmp_path: Path) -> None:
    from advisor.render.files import UNUSED_MARK, parse_env

    code, _, err = generate(tmp_path, *APP, "--set", "database=postgres")
    assert code == 0, err
    env = tmp_path / ".env"
    before = parse_env(env.read_text())
    code, _, err = generate(tmp_path, "--set", "database=none")
    assert code == 0, err
    text = env.read_text()
    assert parse_env(text) == before  # no value lost or changed
    lines = text.splitlines()
    marked = [lines[i + 1].split("=")[0] for i, line in enumerate(lines) if line == UNUSED_MARK]
    assert sorted(marked) == ["POSTGRES_ADMIN_PASSWORD", "POSTGRES_DB", "POSTGRES_PASSWORD", "POSTGRES_USER"]
    assert "POSTGRES" not in (tmp_path / "run.sh").read_text()
    assert generate(tmp_path)[0] == 0 and env.read_text() == text  # marked once
    code, _, err = generate(tmp_path, "--set", "database=postgres")  # used again: unmarked
    assert code == 0, err
    assert UNUSED_MARK not in env.read_text() and parse_env(env.read_text()) == before
