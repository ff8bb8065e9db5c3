"""What the wizard shows besides the questions: text wrapped by display width, the review
(question labels, the decisions that apply, the command to run next), and the prompt
pieces that change while a person types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import catalogue, choice_label, decision_title, t, value_label

if TYPE_CHECKING:
    from .api import Advice
    from .conflicts import Conflict

NOT_APPLICABLE = "not-applicable"
BACK = "__back__"


def wrap(text: str, width: int) -> str:
    """Wrap at spaces by display width (a Hangul syllable takes two columns), so that lines
    do not break inside a word on a narrow terminal; leading indentation is kept."""
    from prompt_toolkit.utils import get_cwidth

    body = text.lstrip(" ")
    indent = " " * (len(text) - len(body))
    lines: list[str] = []
    current = ""
    for word in body.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and get_cwidth(indent + candidate) > width:
            lines.append(indent + current)
            current = word
        else:
            current = candidate
    lines.append(indent + current)
    return "\n".join(lines)


def terminal_width() -> int:
    import shutil

    return max(20, shutil.get_terminal_size((80, 24)).columns - 1)


def wrap_prompt(text: str) -> str:
    """A question's text wrapped to the terminal, leaving room for the "? " before it."""
    return "\n".join(wrap(line, terminal_width() - 2) for line in text.split("\n"))


def label(lang: str, key: str) -> str:
    """A question's short label for the review ("Database", "데이터베이스"); the key when none."""
    return str(catalogue(lang).get("review", {}).get("labels", {}).get(key, key))


def _word(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def next_command(advice: Advice) -> str | None:
    """The first command to run once the files are written (None for a virtual machine)."""
    setup = advice.setup
    if advice.value("runtime") != "containers":
        return None
    if setup.kubernetes is not None or advice.answers.environment == "production":
        return "docker compose up --build -d" if setup.compose else None
    if setup.compose:
        return "docker compose up --build"
    if setup.run_script:
        return "sh run.sh"
    return None


def render_review(advice: Advice, lang: str, out: Path | None = None) -> str:
    """The answers under their labels, the decisions that apply (the others are counted and
    left to the report), the findings, where the files go and what to run then."""
    texts = catalogue(lang)["questions"]
    lines = ["", t(lang, "wizard.review_answers")]
    for key, value in advice.answers.applicable().items():
        shown = choice_label(lang, key, value) if "choices" in texts[key] else _word(value)
        lines.append(f"  {label(lang, key)}: {shown}")
    lines.append("")
    lines.append(t(lang, "wizard.review_decisions"))
    hidden = []
    for key, d in advice.decisions.items():
        if d.value == NOT_APPLICABLE:
            hidden.append(decision_title(lang, key))
            continue
        lines.append(f"  {decision_title(lang, key)}: {value_label(lang, key, d.value)} [{d.value}]")
    if hidden:
        lines.append("  " + t(lang, "review.not_applicable", decisions=", ".join(hidden)))
    for f in advice.findings:
        if f.level != "info":
            lines.append("")
            lines.append(f"  {catalogue(lang)['levels'][f.level]}: {f.message.get(lang)}")
    if out is not None:
        lines.append("")
        lines.append(t(lang, "wizard.review_folder", out=out.resolve()))
    command = next_command(advice)
    lines.append(t(lang, "review.then_run", command=command) if command else t(lang, "review.then_read"))
    lines.append("")
    return "\n".join(lines)


class LiveText(str):
    """A prompt whose text is computed each time it is drawn (questionary formats the message
    on every redraw): the "(detected)" mark goes once the person types another value."""

    def __new__(cls, text: str, live: Callable[[], str]) -> LiveText:
        made = super().__new__(cls, text)
        made._live = live
        return made

    _live: Callable[[], str]

    def __format__(self, spec: str) -> str:
        return format(self._live(), spec)


def conflict_choice(lang: str, c: Conflict, option: str) -> str:
    """What choosing ``option`` does to the file ``c``: for the project's compose files,
    moving aside or keeping, with the names (nothing in them is ever lost)."""
    labels = {
        "compose": {"take": "move_aside", "keep": "keep_compose"},
        "override": {"take": "move_override", "keep": "keep_override"},
        "own": {"take": "take_own", "keep": "keep_own"},
    }
    key = labels.get(c.kind, {}).get(option)
    if key is not None:
        return t(lang, f"merge.choice.{key}", name=c.name, to=c.aside)
    return t(lang, f"merge.choice.{option}")


def bind_back_key(question: Any) -> None:
    """In a list, "<" chooses "← Back" at once (the item itself is the last one)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    keys = KeyBindings()

    @keys.add("<", eager=True)
    def _(event: Any) -> None:
        event.app.exit(result=BACK)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys


def back_on_less_than(default: str) -> Any:
    """In a text question, "<" goes back also while the pre-filled default is untouched (it
    would otherwise be appended to it); after an edit it is typed as usual."""
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    @keys.add("<")
    def _(event: Any) -> None:
        buffer = event.current_buffer
        if buffer.text in (default, ""):
            buffer.text = "<"
            buffer.validate_and_handle()
        else:
            buffer.insert_text("<")

    return keys
