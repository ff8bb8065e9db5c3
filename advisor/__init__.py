"""advisor: decide how to containerise a project, explain why, and write the starter files.

The Python API, for other setup tools and scripts::

    import advisor

    advice = advisor.advise({"host_os": "windows", "windows_edition": "home", "database": "postgres"})
    advice.value("windows_backend")          # 'wsl2'
    advice.decisions["windows_backend"].rule  # 'windows-home-needs-wsl2'
    advice.to_json("ko")                      # the same JSON as `advisor recommend --format json`
    advisor.render_files(advice, lang="en")   # {"compose.yaml": "...", "Dockerfile": "...", ...}
    advice.setup.url                          # the plan: 'http://localhost:8000/'

Names are imported lazily so that ``import advisor`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import Answers
    from .api import Advice, advise
    from .errors import AdvisorError, UserError

__all__ = [
    "Advice",
    "AdvisorError",
    "Answers",
    "UserError",
    "advise",
    "render_files",
]


def render_files(advice: Advice, lang: str = "en") -> dict[str, str]:
    """Every file ``advisor generate`` would write into an empty folder (name -> content).

    ``.env`` gets fresh random secrets on each call; nothing is written to disk.
    """
    return advice.files(lang)


def __getattr__(name: str) -> Any:
    if name in ("Advice", "advise"):
        from . import api

        return getattr(api, name)
    if name == "Answers":
        from .answers import Answers

        return Answers
    if name in ("AdvisorError", "UserError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")
