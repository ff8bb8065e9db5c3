"""The pinned versions of the tools the Dockerfiles install in their build stages (hadolint
wants pins), each a release that installs on the image's runtime line."""

from __future__ import annotations

import re

# Pinned versions of the tools installed in build stages (hadolint wants pins).
COREPACK_VERSION = "0.32.0"
UV_VERSION = "0.13"  # uv's release line, installed with pip (uv==0.13.*)
BUN_VERSION = "1"
# The newest release of each (as of 2026-12), for the current Python lines (3.10 and later).
PYTHON_TOOLS = {"poetry": "2.5.1", "pipenv": "2026.10.3", "pdm": "2.29.4"}
# The last release of each that installs on an older Python (pip's own Requires-Python check:
# Poetry 2.5, Pipenv 2026 and PDM 2.29 need 3.10; the 3.9 and 3.8 lines' last releases).
# An old pin is no safe default: PDM 2.20 pulls a newer unearth that breaks it.
OLD_PYTHON_TOOLS = {
    (3, 9): {"poetry": "2.2.1", "pipenv": "2025.0.4", "pdm": "2.26.9"},
    (3, 8): {"poetry": "1.8.5", "pipenv": "2024.4.1", "pdm": "2.20.1"},
    (3, 7): {"poetry": "1.5.1", "pipenv": "2023.10.3", "pdm": "2.8.2"},
}


def python_tool_for(tool: str, python: str) -> str:
    """The pinned release of Poetry, Pipenv or PDM that installs on this Python line."""
    m = re.match(r"(\d+)\.(\d+)", python)
    line = (int(m.group(1)), int(m.group(2))) if m else (3, 99)
    for old, tools in sorted(OLD_PYTHON_TOOLS.items()):
        if line <= old and tool in tools:
            return tools[tool]
    return PYTHON_TOOLS.get(tool, "")


def corepack_for(node: str) -> str:
    """The Corepack release that runs on this Node line: 0.32 needs Node 18.17 (its engines
    field; it calls fetch), 0.20 runs on 16.20, 0.17 on 14.14."""
    major = int(m.group(0)) if (m := re.match(r"\d+", node)) else 99
    return COREPACK_VERSION if major >= 18 else "0.20.0" if major >= 16 else "0.17.0"
