"""Session set-up of the end-to-end suite: the engine and the stand-in images.

Run it with `python -m pytest -m e2e tests/e2e` (as root). ADVISOR_E2E_SKIP=1 skips
it; otherwise an engine that cannot start fails every test with the reason.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2ekit import Engine, EngineUnavailable

_timing: dict[str, float] = {}


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if os.environ.get("ADVISOR_E2E_SKIP") == "1":
        pytest.skip("ADVISOR_E2E_SKIP=1: the Docker end-to-end suite is skipped on request")
    if os.geteuid() != 0:
        pytest.fail(
            "the e2e suite needs root (it installs docker.io and starts dockerd); "
            "set ADVISOR_E2E_SKIP=1 to skip it",
            pytrace=False,
        )
    _timing["start"] = time.monotonic()
    try:
        eng = Engine.start(Path(tmp_path_factory.mktemp("bin")))
    except EngineUnavailable as err:
        pytest.fail(
            f"the Docker engine is unavailable, so the e2e suite cannot run:\n{err}\n"
            "(set ADVISOR_E2E_SKIP=1 to skip the suite on purpose)",
            pytrace=False,
        )
    _timing["setup"] = eng.setup_seconds
    try:
        yield eng
    finally:
        eng.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "start" in _timing:
        total = time.monotonic() - _timing["start"]
        terminalreporter.write_line(
            f"e2e suite: {total:.0f} s (engine and stand-in images: {_timing.get('setup', 0):.0f} s)"
        )
