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


# Corepack 0.36 takes devEngines.packageManager's range (`"version": "^11.9.0"`, or none) when
# package.json has no packageManager (nodejs/corepack#892), as `pnpm init` writes it since pnpm
# 11; 0.32 refuses it ("Invalid package manager specification ... expected a semver version")
# on every pnpm command. Its engines: ^22.22.2 || ^24.15.0 || >=26.
NEW_COREPACK_VERSION = "0.36.0"
_NEW_COREPACK_FROM = {22: (22, 22), 24: (24, 15)}


def corepack_for(node: str) -> str:
    """The Corepack release that runs on this Node line: 0.36 where its engines allow (an
    image tag without a minor version is the line's newest release), 0.32 needs Node 18.17
    (its engines field; it calls fetch), 0.20 runs on 16.20, 0.17 on 14.14."""
    parts = [int(p) for p in re.findall(r"\d+", node)[:2]] or [99]
    major = parts[0]
    if major >= 26 or (
        major in _NEW_COREPACK_FROM and (len(parts) < 2 or tuple(parts) >= _NEW_COREPACK_FROM[major])
    ):
        return NEW_COREPACK_VERSION
    return COREPACK_VERSION if major >= 18 else "0.20.0" if major >= 16 else "0.17.0"
