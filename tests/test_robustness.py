"""Hostile input and faults: one clear message, never a traceback or a hang, nothing lost."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from helpers import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import writer
from advisor.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=6)
    ),
    max_leaves=20,
)
KEYS = ["project_name", "host_os", "windows_edition", "wsl2_allowed", "traffic", "app_port", "media"]
near_miss = st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=12), scalars | st.lists(scalars), max_size=8
)


def assert_clean(r, allowed: tuple[int, ...] = (0, 2)) -> None:
    assert r.code in allowed, (r.code, r.err)
    assert "Traceback" not in r.err
    if r.code == 2:
        assert r.err.startswith("advisor: ") and r.err.count("\n") == 1, r.err


@FAST
@given(doc=documents | near_miss, as_json=st.booleans())
def test_any_answers_document_is_accepted_or_refused_in_one_line(tmp_path_factory, doc, as_json) -> None:
    folder = tmp_path_factory.mktemp("doc")
    path = folder / ("a.json" if as_json else "a.yaml")
    path.write_text(json.dumps(doc) if as_json else yaml.safe_dump(doc, allow_unicode=True))
    assert_clean(run_cli("recommend", "--answers", str(path), "--defaults", "--format", "json"))


@FAST
@given(data=st.binary(max_size=300))
def test_any_bytes_as_answers_file(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "a.yaml"
    path.write_bytes(data)
    assert_clean(run_cli("recommend", "--answers", str(path), "--defaults", "--format", "json"))


@FAST
@given(items=st.lists(st.text(max_size=30), max_size=4))
def test_any_set_options(items: list[str]) -> None:
    argv = ["recommend", "--defaults", "--format", "json"]
    for item in items:
        argv += ["--set", item]
    assert_clean(run_cli(*argv))


@FAST
@given(name=st.text(max_size=80))
def test_hostile_project_names_never_reach_the_files(tmp_path_factory, name: str) -> None:
    out = tmp_path_factory.mktemp("out")
    r = run_cli(
        "generate",
        "--out",
        str(out),
        "--defaults",
        "--set",
        f"project_name={name}",
        "--set",
        "full_os_isolation=true",
    )
    assert_clean(r, (0, 2))
    if r.code == 0:
        answers = yaml.safe_load((out / ".advisor-answers.yaml").read_text())
        assert answers["project_name"] == name.strip()
        report = (out / "RECOMMENDATIONS.md").read_text()
        assert report.startswith(f"# Docker setup for `{name.strip()}`\n")
    else:
        assert list(out.iterdir()) == []


def test_anchor_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)
    ]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    r = run_cli("recommend", "--answers", str(path), "--defaults")
    assert time.perf_counter() - start < 2
    assert r.code == 2 and "aliases" in r.err


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("host_os: linux\n" + "# padding\n" * 400_000)
    r = run_cli("recommend", "--answers", str(path), "--defaults")
    assert r.code == 2 and "larger than 1024 KiB" in r.err


@pytest.mark.parametrize(
    "text", ["[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 3000))]
)
def test_deep_nesting_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    assert_clean(run_cli("recommend", "--answers", str(path), "--defaults"), (2,))


@FAST
@given(seed=st.integers(min_value=0, max_value=10**9), how=st.sampled_from(["drop", "dup", "swap", "cut"]))
def test_mutated_rule_bases_load_or_fail_with_a_named_file(tmp_path_factory, seed: int, how: str) -> None:
    import random

    rng = random.Random(seed)
    folder = tmp_path_factory.mktemp("rules")
    sources = sorted(data_dir("rules").glob("*.yaml"))
    for src in sources:
        (folder / src.name).write_text(src.read_text())
    victim = folder / rng.choice(sources).name
    lines = victim.read_text().splitlines()
    i = rng.randrange(len(lines))
    if how == "drop":
        del lines[i]
    elif how == "dup":
        lines.insert(i, lines[i])
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    victim.write_text("\n".join(lines) + "\n")
    r = run_cli("rules", "check", "--rules", str(folder))
    assert r.code in (0, 1) and "Traceback" not in r.err and r.err == ""
    if "[load]" in r.out:
        assert str(folder) in r.out


# ------------------------------------------------------------------ faults while writing


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


VM = ("--set", "full_os_isolation=true", "--defaults")
APP = ("--defaults", "--set", "host_os=linux", "--set", "database=postgres", "--set", "project_name=shop")


def test_out_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    r = run_cli("generate", "--out", str(f), *VM)
    assert r.code == 2 and "is a file, not a folder" in r.err and f.read_text() == "x"


def test_out_with_missing_parent(tmp_path: Path) -> None:
    r = run_cli("generate", "--out", str(tmp_path / "no" / "such"), *VM)
    assert r.code == 2 and "does not exist" in r.err and list(tmp_path.iterdir()) == []


def test_symlink_pointing_outside_is_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "RECOMMENDATIONS.md").symlink_to(outside)
    r = run_cli("generate", "--out", str(out), "--force", *VM)
    assert r.code == 1 and "symbolic link" in r.err
    assert outside.read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["RECOMMENDATIONS.md"]


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, fail_at: int) -> None:
    """The writer's fail_at-th fsync fails as on a full disk (ENOSPC)."""
    calls = {"n": 0}
    real = os.fsync

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(writer.os, "fsync", failing_fsync)


@pytest.mark.parametrize("fail_at", [1, 3, 6])
def test_full_disk_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "Dockerfile").write_text("# mine\n")
    before = snapshot(out)
    _disk_full_at(monkeypatch, fail_at)
    r = run_cli("generate", "--out", str(out), "--force", *APP)
    assert r.code == 1 and "No space left on device" in r.err and "nothing was written" in r.err
    assert snapshot(out) == before


def test_failed_rename_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run_cli("generate", "--out", str(out), *APP)
    (out / "compose.yaml").write_text("# edited\n")
    before = snapshot(out)
    calls = {"n": 0}
    real = os.replace

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.EROFS, "Read-only file system")
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    r = run_cli("generate", "--out", str(out), "--force", "--set", "cache=redis", *APP)
    assert r.code == 1 and "Read-only file system" in r.err
    assert snapshot(out) == before


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*a: object, **k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writer.tempfile, "mkstemp", refuse)
    r = run_cli("generate", "--out", str(tmp_path), *VM)
    assert r.code == 1 and "Permission denied" in r.err and list(tmp_path.iterdir()) == []


SLOW_GENERATE = textwrap.dedent(
    """
    import sys, time
    from advisor import cli, writer
    real = writer._write_temp
    def slow(*args):
        path = real(*args)
        time.sleep(0.4)
        return path
    writer._write_temp = slow
    sys.exit(cli.main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_write_leaves_nothing_half_written(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_GENERATE, "generate", "--out", str(out), *APP],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        # A suite started in the background inherits SIGINT ignored, and Python keeps it so:
        # the child gets the default a person's terminal gives it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 20
    while not any(p.name.endswith(".advisor-tmp") for p in out.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "nothing was written" in err
    assert list(out.iterdir()) == []


def test_two_runs_at_once_give_one_complete_result(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "advisor",
                "generate",
                "--out",
                str(out),
                "--force",
                *APP,
                "--set",
                f"database={db}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for db in ("postgres", "mysql", "mariadb", "mongodb")
    ]
    for p in procs:
        p.wait(timeout=60)
        assert p.returncode == 0, p.stderr.read() if p.stderr else ""
    answers = yaml.safe_load((out / ".advisor-answers.yaml").read_text())
    compose = yaml.safe_load((out / "compose.yaml").read_text())
    report = (out / "RECOMMENDATIONS.md").read_text()
    db = answers["database"]
    assert f"`database` | `{db}`" in report
    images = " ".join(str(s.get("image", "")) for s in compose["services"].values())
    assert {"postgres": "postgres", "mysql": "mysql", "mariadb": "mariadb", "mongodb": "mongo"}[db] in images
    assert not [p for p in out.iterdir() if p.name.endswith((".advisor-tmp", ".advisor-bak"))]


NESTED = [
    writer.PlannedFile("deploy/kubernetes/a.yaml", "a: 1\n"),
    writer.PlannedFile("deploy/kubernetes/b.yaml", "b: 2\n"),
    writer.PlannedFile("top.md", "top\n"),
]


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)) + ("/" if p.is_dir() else ""): "" if p.is_dir() else p.read_text()
        for p in sorted(root.rglob("*"))
    }


def test_files_in_folders_are_written_and_their_folders_created(tmp_path: Path) -> None:
    writer.commit(tmp_path, NESTED)
    assert _tree(tmp_path) == {
        "deploy/": "", "deploy/kubernetes/": "", "deploy/kubernetes/a.yaml": "a: 1\n",
        "deploy/kubernetes/b.yaml": "b: 2\n", "top.md": "top\n",
    }  # fmt: skip
    # removing the last file of a folder removes the folders it leaves empty; others stay
    (tmp_path / "deploy" / "notes.txt").write_text("mine")
    writer.commit(tmp_path, [], remove=["deploy/kubernetes/a.yaml", "deploy/kubernetes/b.yaml"])
    assert _tree(tmp_path) == {"deploy/": "", "deploy/notes.txt": "mine", "top.md": "top\n"}


@pytest.mark.parametrize("fail_at", [1, 2, 4])
def test_a_failed_write_into_new_folders_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    _disk_full_at(monkeypatch, fail_at)
    with pytest.raises(writer.WriteRefused, match="No space left"):
        writer.commit(tmp_path, NESTED)
    assert _tree(tmp_path) == {}


def test_a_folder_on_the_way_that_is_a_link_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "deploy").symlink_to(outside)
    with pytest.raises(writer.WriteRefused, match="deploy: is a symbolic link"):
        writer.read_targets(out, ["deploy/kubernetes/a.yaml"])
    (out / "deploy").unlink()
    (out / "deploy").write_text("a file")
    with pytest.raises(writer.WriteRefused, match="deploy: exists and is not a folder"):
        writer.read_targets(out, ["deploy/kubernetes/a.yaml"])
    assert list(outside.iterdir()) == []


def test_a_dockerfile_that_links_into_the_project_is_moved_aside_by_take(tmp_path: Path) -> None:
    """dispatch's Dockerfile is a link to docker/Dockerfile: a conflict like any own file's.
    Without a choice, nothing is written; keep leaves the link; take moves the link itself
    to Dockerfile.orig (still pointing at docker/Dockerfile, which is never written to) and
    writes a regular Dockerfile."""
    (tmp_path / "docker").mkdir()
    own = 'FROM python:3.12-slim\nCMD ["dispatch"]\n'
    (tmp_path / "docker" / "Dockerfile").write_text(own)
    (tmp_path / "Dockerfile").symlink_to("docker/Dockerfile")
    (tmp_path / "requirements.txt").write_text("fastapi\nuvicorn\n")
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    stopped = run_cli("generate", "--out", str(tmp_path), "--defaults")
    assert stopped.code != 0 and "Dockerfile" in stopped.err and "symbolic link" not in stopped.err
    assert (tmp_path / "Dockerfile").is_symlink() and not (tmp_path / "compose.yaml").exists()
    kept = run_cli("generate", "--out", str(tmp_path), "--defaults", "--on-conflict", "keep")
    assert kept.code == 0, kept.err
    assert (tmp_path / "Dockerfile").is_symlink()
    taken = run_cli("generate", "--out", str(tmp_path), "--defaults", "--on-conflict", "take")
    assert taken.code == 0, taken.err
    assert (
        not (tmp_path / "Dockerfile").is_symlink()
        and "written by advisor" in (tmp_path / "Dockerfile").read_text()
    )
    assert os.readlink(tmp_path / "Dockerfile.orig") == "docker/Dockerfile"
    assert (tmp_path / "docker" / "Dockerfile").read_text() == own
