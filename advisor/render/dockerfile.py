"""The Dockerfile (one template per language, from the stack table) and .dockerignore."""

from __future__ import annotations

from ..setup import Setup
from ..stacks import VERSIONS
from . import template


def _launcher(setup: Setup) -> str:
    if setup.compose:
        return f"`{setup.start_command}` (see compose.yaml)"
    return f"`{setup.start_command}`"


def render_dockerfile(setup: Setup) -> str:
    return template(f"starter/{setup.language.template}").render(
        name=setup.project,
        port=setup.app_port,
        media_root=setup.media_root,
        versions=VERSIONS,
        launcher=_launcher(setup),
    )


def render_dockerignore(setup: Setup) -> str:
    return template("starter/dockerignore.j2").render(name=setup.project, language=setup.language.key)
