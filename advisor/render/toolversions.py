"""The pinned versions of the tools the Dockerfiles install in their build stages (hadolint
wants pins), each a release that installs on the image's runtime line."""

from __future__ import annotations

import re

# Pinned versions of the tools installed in build stages (hadolint wants pins).
COREPACK_VERSION = "0.32.0"
UV_VERSION = "0.9"  # uv's release line, installed with pip (uv==0.9.*)
BUN_VERSION = "1"
PYTHON_TOOLS = {"poetry": "2.1.3", "pipenv": "2024.4.1", "pdm": "2.20.1"}
# The last release of each that installs on an older Python (pip's own Requires-Python check:
# Poetry 2 needs 3.9, Pipenv 2024 and PDM 2.20 need 3.8).
OLD_PYTHON_TOOLS = {
    (3, 8): {"poetry": "1.8.5"},
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
