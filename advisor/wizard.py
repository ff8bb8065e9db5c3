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
from .conflicts import BESIDE, asking_order, settled_by
from .conflicts import why as _why
from .errors import UserError
from .i18n import catalogue, choice_label, t
from .messages import localize
from .wizard_text import (
    BACK,
    LiveText,
    back_on_less_than,
    bind_back_key,
    conflict_choice,
    label,
    render_review,
    terminal_width,
    wrap,
    wrap_prompt,
)

if TYPE_CHECKING:
    from .api import Advice
    from .conflicts import Conflict, Resolution
    from .generate import Outcome
    from .rulebase import RuleBase

# Answers whose default depends on the language.
LANGUAGE_KEYS = ("app_port", "runtime_version", "package_manager", "start_command")
PREVIOUS_ANSWERS = ".advisor-answers.yaml"


def _word(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


class Prompter:
    """Asks with questionary. ``io`` (input/output) lets tests drive the real prompts."""

    def __init__(self, lang: str, io: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.io = dict(io or {})
        self.shown: list[str] = []
        """What was shown as it is (tests read it)."""

    def say(self, text: str, style: str = "") -> None:
        import questionary

        if "output" in self.io:  # tests: keep the transcript on the same dummy output
            return
        width = terminal_width()
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
            question = questionary.select(
                wrap_prompt(texts["prompt"]),
                choices=choices,
                default=_word(default),
                instruction=t(self.lang, "wizard.select_hint"),
                **self.io,
            )
            if can_go_back:
                bind_back_key(question)
            return question.unsafe_ask()
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

        prompt = wrap_prompt(texts["prompt"] + suffix)
        typed = {"text": _word(default)}  # what the input holds now: the mark goes once it differs

        def live() -> str:
            return prompt if typed["text"] == _word(default) else wrap_prompt(texts["prompt"])

        question = questionary.text(
            LiveText(prompt, live),
            default=_word(default),
            instruction=hint or None,
            validate=validate,
            key_bindings=back_on_less_than(_word(default)) if can_go_back else None,
            **self.io,
        )
        buffer = question.application.current_buffer
        buffer.on_text_changed += lambda b: typed.update(text=b.text)
        answer = question.unsafe_ask()
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

    def start(self) -> str:
        """On a re-run: regenerate with the saved answers, or go through the questions."""
        import questionary

        return str(
            questionary.select(
                t(self.lang, "review.start_prompt"),
                choices=[
                    questionary.Choice(t(self.lang, "review.start_saved"), value="saved"),
                    questionary.Choice(t(self.lang, "review.start_questions"), value="questions"),
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
                f"{label(self.lang, k)}: "
                f"{choice_label(self.lang, k, facts[k]) if 'choices' in texts[k] else _word(facts[k])}",
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

    def choose_files(self, conflicts: list[Conflict]) -> dict[str, Resolution]:
        """Per file that differs from advisor's new version: merge, keep mine, take advisor's,
        or first see the diff; for the project's compose files, move aside or keep (asked
        after the answers were saved)."""
        import questionary

        from .merge import unified_diff

        if not any(c.kind == "answers" for c in conflicts):  # then the answers were saved first
            self.say(t(self.lang, "merge.saved_first", answers=PREVIOUS_ANSWERS))
        chosen: dict[str, Resolution] = {}
        main: tuple[str, Resolution] | None = None  # the project's compose file, and the choice
        for c in asking_order(conflicts):
            if main is not None and (follows := settled_by(c, main[1])) is not None:
                if c.kind == "override":
                    self.say(t(self.lang, f"merge.follow_{follows}", name=c.name, main=main[0], to=c.aside))
                chosen[c.name] = follows
                continue
            self.say(f"{c.name}: {t(self.lang, 'merge.why.' + _why(c))}")
            # no diff for the project's compose files: advisor would not change them, only move them
            options: list[str] = [*c.resolutions(), *(["diff"] if c.kind not in BESIDE else []), "stop"]
            while True:
                answer = str(
                    questionary.select(
                        t(self.lang, "merge.ask", name=c.name),
                        choices=[
                            questionary.Choice(conflict_choice(self.lang, c, o), value=o) for o in options
                        ],
                        default=None,
                        instruction=t(self.lang, "wizard.select_hint"),
                        **self.io,
                    ).unsafe_ask()
                )
                if answer != "diff":
                    break
                after = c.merged.text if c.merged is not None else c.theirs
                self.show(
                    unified_diff(
                        c.mine,
                        after,
                        f"{c.name} ({t(self.lang, 'merge.yours')})",
                        f"{c.name} ({t(self.lang, 'merge.result' if c.merged else 'merge.theirs')})",
                    )
                )
            if answer == "stop":
                return chosen
            chosen[c.name] = answer  # type: ignore[assignment]
            if c.kind == "compose" and (main is None or answer == "keep"):
                main = (c.name, chosen[c.name])
        return chosen

    def show(self, text: str) -> None:
        """Text as it is (a diff): not wrapped."""
        import questionary

        if "output" in self.io:
            self.shown.append(text)
            return
        questionary.print(text)


class Wizard:
    def __init__(self, prompter: Prompter, context: Context, previous: Mapping[str, Any]) -> None:
        self.prompter = prompter
        self.context = context
        self.previous = previous

    def default_for(self, q: Question, facts: Mapping[str, Any]) -> tuple[Any, str | None]:
        if q.key in self.previous:
            try:
                value = q.parse(self.previous[q.key], "answers")
            except UserError:
                pass
            else:
                if not self.followed_language(q.key, value, self.previous.get("language"), facts):
                    return value, None
        return self.context.default(q.key, facts)

    def followed_language(self, key: str, value: Any, then: Any, facts: Mapping[str, Any]) -> bool:
        """Whether ``value``, answered when the language was ``then``, was just that language's
        default (a port, version, package manager or start command nobody typed) and the
        language has changed since: then the new language's default replaces it."""
        if key not in LANGUAGE_KEYS or then is None or then == facts.get("language"):
            return False
        return bool(value == self.context.default(key, {**facts, "language": then})[0])

    def follow_language(self, facts: dict[str, Any], old: Any) -> None:
        """After the language changed from ``old``: the answers that were its defaults become
        the new language's."""
        for key in LANGUAGE_KEYS:
            if key in facts and self.followed_language(key, facts[key], old, facts):
                facts[key] = self.context.default(key, facts)[0]

    def fill(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Ask every applicable question not yet answered, one at a time; BACK re-asks the one before."""
        history: list[str] = []  # keys asked in this pass, in order
        # answers taken back, offered again as defaults, with the language they were given under
        taken_back: dict[str, tuple[Any, Any]] = {}
        while True:
            for q in QUESTIONS:  # an answer whose question no longer applies is set aside
                if q.key in facts and not q.applies(facts):
                    taken_back[q.key] = (facts.pop(q.key), facts.get("language"))
            q_next = next((q for q in QUESTIONS if q.key not in facts and self.context.asks(q, facts)), None)
            if q_next is None:
                return facts
            value, then = taken_back.pop(q_next.key, (None, None))
            if value is not None and not self.followed_language(q_next.key, value, then, facts):
                found, source = self.default_for(q_next, facts)  # still detected: still marked
                default, detected = value, (source if found == value else None)
            else:
                default, detected = self.default_for(q_next, facts)
            answer = self.prompter.ask(q_next, default, detected, can_go_back=bool(history))
            if answer == BACK:
                previous = history.pop()
                if previous in facts:
                    taken_back[previous] = (facts.pop(previous), facts.get("language"))
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
    from .conflicts import policy_of
    from .writer import prepare_folder

    out: Path = args.out
    policy = policy_of(args)
    dry_run = bool(getattr(args, "dry_run", False))
    force = bool(getattr(args, "force", False))
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
                warn(t(lang, "wizard.saved_ignored", reason=localize(exc.message, lang)))
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
        return advice.write(
            out, lang=lang, force=force, dry_run=dry_run, answers_source=source, on_conflict=policy
        )

    prompter = Prompter(lang, io)
    # Validate what was given before asking anything (the same path as files and --set).
    given = resolve_answers(raw, origins=origins, use_defaults=True, context=context).applicable()
    facts: dict[str, Any] = dict(given) if args.defaults else {k: v for k, v in given.items() if k in raw}
    wizard = Wizard(prompter, context, previous)
    if previous:
        prompter.say(t(lang, "review.loaded", answers=previous_path))
        if prompter.start() == "saved":  # the saved answers as they are: only what is missing is asked
            for q in QUESTIONS:
                if q.key in previous and q.key not in facts and q.applies(facts):
                    try:
                        facts[q.key] = q.parse(previous[q.key], f"answers file {previous_path}")
                    except UserError:
                        continue
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
            if key == "language":
                wizard.follow_language(facts, old_value)
            continue
        break
    return advice.write(
        out,
        lang=lang,
        force=force,
        dry_run=dry_run,
        answers_source=source,
        on_conflict=policy,
        choose=prompter.choose_files,
    )
