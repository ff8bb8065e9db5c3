"""advisor: decide how to containerise a project, explain why, and write the starter files.

The Python API, for other setup tools and scripts::

    import advisor

    advice = advisor.advise({"host_os": "windows", "windows_edition": "home", "database": "postgres"})
    advice.value("windows_backend")          # 'wsl2'
    advice.decisions["windows_backend"].rule  # 'windows-home-needs-wsl2'
    advice.to_json("ko")                      # the same JSON as `advisor recommend --format json`
    advisor.render_files(advice, lang="en")   # {"compose.yaml": "...", "Dockerfile": "...", ...}

Names are imported lazily so that ``import advisor`` stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import Answers
    from .engine import Advice

__all__ = [
    "Advice",
    "AdvisorError",
    "Answers",
    "UserError",
    "advise",
    "render_files",
]


def advise(
    answers: Answers | dict[str, Any],
    *,
    use_defaults: bool = True,
    folder: str | Path | None = None,
    rules: str | Path | None = None,
) -> Advice:
    """Evaluate answers (a dict or an :class:`Answers`) and return the :class:`Advice`.

    A dict is validated like an answers file: unknown keys and values outside their domain
    raise :class:`UserError` with a message naming the key. With ``use_defaults`` (the
    default) missing answers take their defaults, looked up in ``folder`` (the current
    folder by default) as ``advisor --defaults`` would. ``rules`` names another rule folder.
    """
    from .answers import Answers, Context, resolve_answers
    from .engine import evaluate
    from .rulebase import load_rulebase

    if not isinstance(answers, Answers):
        from collections.abc import Mapping

        from .errors import UserError

        if not isinstance(answers, Mapping):
            raise UserError(f"answers must be a mapping of keys to values, not {type(answers).__name__}")
        context = Context(folder=Path(folder)) if folder is not None else Context()
        answers = resolve_answers(answers, use_defaults=use_defaults, context=context)
    return evaluate(answers, load_rulebase(Path(rules) if rules is not None else None))


def render_files(advice: Advice, lang: str = "en") -> dict[str, str]:
    """Every file ``advisor generate`` would write for this advice (name -> content).

    ``.env`` gets fresh random secrets on each call; nothing is written to disk.
    """
    from .generate import render_all

    return {f.name: f.content for f in render_all(advice, lang)}


def __getattr__(name: str) -> Any:
    if name == "Advice":
        from .engine import Advice

        return Advice
    if name == "Answers":
        from .answers import Answers

        return Answers
    if name in ("AdvisorError", "UserError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")
