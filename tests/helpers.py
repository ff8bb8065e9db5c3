"""Shared test helpers: build answers and advice, run the CLI in-process."""

from __future__ import annotations

import io
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import cli
from advisor.answers import Context, resolve_answers
from advisor.api import Advice, advise_answers, load_rules

RULES = load_rules(None)
# Defaults looked up in an empty folder, read once: no test depends on the repository it runs in.
EMPTY = Context(folder=Path(tempfile.mkdtemp(prefix="advisor-tests-")), os_name="linux")


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
