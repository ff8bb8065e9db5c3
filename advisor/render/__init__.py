"""Renderers, one module per kind of file. Each takes the :class:`~advisor.setup.Setup`
(and the language, for the texts people read) and returns text; none derives a fact."""

from __future__ import annotations

import shlex
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    """The one jinja2 environment for every template (``templates/``)."""
    import jinja2

    from ..paths import data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,  # Markdown, Dockerfiles and shell, not HTML; values are validated or quoted
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["sh"] = shlex.quote
    return env


def template(name: str) -> jinja2.Template:
    return environment().get_template(name)
