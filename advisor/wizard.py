"""The interactive wizard: one question at a time, going back, a review, then the files.

Questions, their choices, conditions and defaults come from :mod:`advisor.answers` (the
same definitions ``advisor questions`` prints); every text comes from the catalogues.
Answers go through the same validation as answers files and ``--set``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers import QUESTIONS, Context, Question, collect, load_answers_file, resolve_answers
from .errors import UserError
from .i18n import catalogue, choice_label, decision_title, t, value_label
from .stacks import DEFAULT_PORTS

if TYPE_CHECKING:
    from .api import Advice
    from .generate import Outcome
    from .rulebase import RuleBase

BACK = "__back__"
PREVIOUS_ANSWERS = ".advisor-answers.yaml"


def _word(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


class Prompter:
    """Asks with questionary. ``io`` (input/output) lets tests drive the real prompts."""

    def __init__(self, lang: str, io: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.io = dict(io or {})

    def say(self, text: str, style: str = "") -> None:
        import questionary

        if "output" in self.io:  # tests: keep the transcript on the same dummy output
            return
        import shutil

        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        questionary.print("\n".join(wrap(line, width) for line in text.split("\n")), style=style or None)

    def ask(self, q: Question, default: Any, detected: str | None, can_go_back: bool) -> Any:
        """Ask one question; ``detected`` names the file the default was found in ("" for the
        folder or the machine; None when the default is not detected)."""
        import questionary

        texts = catalogue(self.lang)["questions"][q.key]
        help_text = texts.get("help")
        if help_text:
            self.say(help_text, "fg:ansibrightblack")
        if detected:
            detected_mark = f" ({t(self.lang, 'wizard.detected_from', source=detected)})"
        else:
            detected_mark = f" ({t(self.lang, 'report.detected')})"
        if q.finite:
            choices = []
            for value in q.choices:
                title = choice_label(self.lang, q.key, value)
                if title.lower() != _word(value):
                    title = f"{title} [{_word(value)}]"
                if detected is not None and value == default:
                    title += detected_mark
                choices.append(questionary.Choice(title=title, value=_word(value)))
            if can_go_back:
                choices.append(questionary.Choice(title=t(self.lang, "wizard.back"), value=BACK))
            answer = questionary.select(
                texts["prompt"],
                choices=choices,
                default=_word(default),
                instruction=t(self.lang, "wizard.select_hint"),
                **self.io,
            ).unsafe_ask()
            return answer
        hint = t(self.lang, "wizard.text_back_hint") if can_go_back else ""
        suffix = detected_mark if detected is not None else ""

        def validate(text: str) -> bool | str:
            if can_go_back and text.strip() == "<":
                return True
            try:
                q.parse(text.strip(), "answer")
            except UserError:
                return t(self.lang, f"wizard.invalid.{q.kind}")
            return True

        answer = questionary.text(
            texts["prompt"] + suffix,
            default=_word(default),
            instruction=hint or None,
            validate=validate,
            **self.io,
        ).unsafe_ask()
        return BACK if can_go_back and answer.strip() == "<" else answer.strip()

    def review(self, advice: Advice, out: Path | None = None) -> str:
        import questionary

        self.say(render_review(advice, self.lang, out))
        return str(
            questionary.select(
                t(self.lang, "wizard.review_prompt"),
                choices=[
                    questionary.Choice(t(self.lang, "wizard.write"), value="write"),
                    questionary.Choice(t(self.lang, "wizard.change"), value="change"),
                    questionary.Choice(t(self.lang, "wizard.quit"), value="quit"),
                ],
                instruction=t(self.lang, "wizard.select_hint"),
                **self.io,
            ).unsafe_ask()
        )

    def pick_question(self, keys: list[str], facts: Mapping[str, Any]) -> str:
        import questionary

        texts = catalogue(self.lang)["questions"]
        choices = [
            questionary.Choice(
                f"{k}: {choice_label(self.lang, k, facts[k]) if 'choices' in texts[k] else _word(facts[k])}",
                value=k,
            )
            for k in keys
        ]
        choices.append(questionary.Choice(t(self.lang, "wizard.back_to_review"), value=BACK))
        return str(
            questionary.select(
                t(self.lang, "wizard.which"),
                choices=choices,
                instruction=t(self.lang, "wizard.select_hint"),
                **self.io,
            ).unsafe_ask()
        )

    def confirm_overwrite(self, names: list[str]) -> bool:
        import questionary

        return bool(
            questionary.confirm(
                t(self.lang, "wizard.overwrite", files=", ".join(names)), default=False, **self.io
            ).unsafe_ask()
        )


def wrap(text: str, width: int) -> str:
    """Wrap at spaces by display width (a Hangul syllable takes two columns), so that help
    lines do not break inside a word on a narrow terminal; leading indentation is kept."""
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


def render_review(advice: Advice, lang: str, out: Path | None = None) -> str:
    texts = catalogue(lang)["questions"]
    lines = ["", t(lang, "wizard.review_answers")]
    for key, value in advice.answers.applicable().items():
        label = choice_label(lang, key, value) if "choices" in texts[key] else _word(value)
        lines.append(f"  {key}: {label}")
    lines.append("")
    lines.append(t(lang, "wizard.review_decisions"))
    for key, d in advice.decisions.items():
        lines.append(f"  {decision_title(lang, key)}: {value_label(lang, key, d.value)} [{d.value}]")
    for f in advice.findings:
        if f.level != "info":
            lines.append("")
            lines.append(f"  {catalogue(lang)['levels'][f.level]}: {f.message.get(lang)}")
    if out is not None:
        lines.append("")
        lines.append(t(lang, "wizard.review_folder", out=out.resolve()))
    lines.append("")
    return "\n".join(lines)


class Wizard:
    def __init__(self, prompter: Prompter, context: Context, previous: Mapping[str, Any]) -> None:
        self.prompter = prompter
        self.context = context
        self.previous = previous

    def default_for(self, q: Question, facts: Mapping[str, Any]) -> tuple[Any, str | None]:
        if q.key in self.previous:
            try:
                return q.parse(self.previous[q.key], "answers"), None
            except UserError:
                pass
        return self.context.default(q.key, facts)

    def fill(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Ask every applicable question not yet answered, one at a time; BACK re-asks the one before."""
        history: list[str] = []  # keys asked in this pass, in order
        taken_back: dict[str, Any] = {}  # answers taken back, offered again as defaults
        while True:
            for q in QUESTIONS:  # an answer whose question no longer applies is set aside
                if q.key in facts and not q.applies(facts):
                    taken_back[q.key] = facts.pop(q.key)
            q_next = next((q for q in QUESTIONS if q.applies(facts) and q.key not in facts), None)
            if q_next is None:
                return facts
            if q_next.key in taken_back:
                default, detected = taken_back.pop(q_next.key), None
            else:
                default, detected = self.default_for(q_next, facts)
            answer = self.prompter.ask(q_next, default, detected, can_go_back=bool(history))
            if answer == BACK:
                previous = history.pop()
                if previous in facts:
                    taken_back[previous] = facts.pop(previous)
                continue
            facts[q_next.key] = q_next.parse(answer, "your answer")
            history.append(q_next.key)


def _asked_keys(facts: Mapping[str, Any]) -> list[str]:
    return [q.key for q in QUESTIONS if q.applies(facts) and q.key in facts]


def ask_one(q: Question, facts: Mapping[str, Any], lang: str, context: Context) -> Any:
    """Ask one missing answer (used by ``recommend``/``explain`` in a terminal)."""
    default, detected = context.default(q.key, facts)
    return Prompter(lang).ask(q, default, detected, can_go_back=False)


def interactive_terminal() -> bool:
    """Can we ask? Both standard input and output must be a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def run_wizard(
    args: argparse.Namespace,
    *,
    lang: str,
    rules: RuleBase,
    io: Mapping[str, Any] | None = None,
    interactive: bool | None = None,
    warn: Callable[[str], None] | None = None,
) -> Outcome | None:
    """``advisor`` / ``advisor init``: pre-fill, ask what is missing, review, then one call of
    the façade writes (asking before it overwrites a file that differs). Returns what was
    written, or None when the person quit."""
    from .api import advise_answers
    from .writer import prepare_folder

    out: Path = args.out
    prepare_folder(out, create=False)  # a bad --out fails before any question, not after
    project = getattr(args, "project", None)
    if project is not None and not project.is_dir():
        raise UserError(f"--project {project}: no such folder")
    context = Context(folder=project if project is not None else out)
    interactive = interactive_terminal() if interactive is None else interactive
    raw, origins = collect(args.answers, args.set_items)
    previous_path = out / PREVIOUS_ANSWERS
    previous: dict[str, Any] = {}
    if args.answers is None and previous_path.is_file():
        try:
            previous = load_answers_file(previous_path)
        except UserError as exc:
            if warn is not None:
                warn(t(lang, "wizard.saved_ignored", reason=exc.message))
    # the answers this run reads: rewriting that file loses nothing
    source = args.answers if args.answers is not None else (previous_path if previous else None)

    if not interactive:
        # No terminal: nothing can be asked. --defaults fills the rest; otherwise name what is missing.
        answers = resolve_answers(
            {**previous, **raw} if args.defaults else raw,
            origins=origins,
            use_defaults=args.defaults,
            context=context,
        )
        advice = advise_answers(answers, rules, context.facts, context.folder, out)
        return advice.write(out, lang=lang, force=args.force, answers_source=source)

    prompter = Prompter(lang, io)
    # Validate what was given before asking anything (the same path as files and --set).
    given = resolve_answers(raw, origins=origins, use_defaults=True, context=context).applicable()
    facts: dict[str, Any] = dict(given) if args.defaults else {k: v for k, v in given.items() if k in raw}
    wizard = Wizard(prompter, context, previous)
    while True:
        facts = wizard.fill(facts)
        advice = advise_answers(
            resolve_answers(facts, context=context), rules, context.facts, context.folder, out
        )
        choice = prompter.review(advice, out)
        if choice == "quit":
            prompter.say(t(lang, "wizard.quit_done"))
            return None
        if choice == "change":
            key = prompter.pick_question(_asked_keys(facts), facts)
            if key == BACK:
                continue
            q = next(q for q in QUESTIONS if q.key == key)
            answer = prompter.ask(q, facts[key], None, can_go_back=False)
            old_value, facts[key] = facts[key], q.parse(answer, "your answer")
            if key == "language" and facts.get("app_port") == DEFAULT_PORTS.get(old_value):
                facts["app_port"] = DEFAULT_PORTS[facts[key]]  # the port still followed the language
            continue
        break
    return advice.write(
        out, lang=lang, force=args.force, answers_source=source, confirm=prompter.confirm_overwrite
    )
