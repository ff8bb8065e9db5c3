"""The command line. The only place that turns errors into messages and exit codes."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from .errors import AdvisorError, Interrupted, UserError

if TYPE_CHECKING:
    from .answers import Asker, Context
    from .api import Advice
    from .generate import Outcome

PROG = "advisor"


class _Parser(argparse.ArgumentParser):
    lang = "en"
    """The language of usage errors (set from --lang or the environment before parsing)."""

    def error(self, message: str) -> Any:  # one line, exit 2, like every other bad input
        from .messages import usage

        where = self.prog.removeprefix(PROG).strip()
        raise UserError(usage(_Parser.lang, self.prog, where, message))


def _project_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help=f"the project folder to read (language, versions, start command, names; default: {default})",
    )


def _answers_options(p: argparse.ArgumentParser, answers_required: bool = False) -> None:
    p.add_argument(
        "--answers", type=Path, metavar="FILE", required=answers_required, help="answers file (YAML or JSON)"
    )
    p.add_argument(
        "--set",
        dest="set_items",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an answer; repeatable; wins over the file",
    )
    p.add_argument("--defaults", action="store_true", help="missing answers take their defaults")
    p.add_argument("--rules", type=Path, metavar="DIR", help="use this rule base instead of the shipped one")


def _write_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--force",
        action="store_true",
        help="write advisor's version of every file that differs (= --on-conflict take)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be written and merged; write nothing"
    )
    p.add_argument(
        "--on-conflict",
        choices=["stop", "merge", "keep", "take", "markers"],
        default=None,
        help="a file you edited that advisor would change: stop (default: write nothing, exit 1),"
        " merge (three-way; stops if edits overlap), keep (yours), take (advisor's),"
        " markers (merge; overlapping edits between conflict markers)",
    )


def _lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["en", "ko"], help="language of the output (default: from LANG)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Decide how to containerise a project and write the starter files."
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("init", help="the interactive wizard (the default command)")
    p.add_argument(
        "--out", type=Path, default=Path("."), metavar="DIR", help="where to write (default: here)"
    )
    _project_option(p, "the --out folder")
    _answers_options(p)
    _lang_option(p)
    _write_options(p)

    p = sub.add_parser("recommend", help="print the recommendation; writes nothing")
    _project_option(p, "here")
    _answers_options(p)
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    _lang_option(p)

    p = sub.add_parser("generate", help="write the files; never asks")
    _answers_options(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    _project_option(p, "the --out folder")
    _write_options(p)
    _lang_option(p)

    p = sub.add_parser("explain", help="why each decision came out as it did, and why not the others")
    _project_option(p, "here")
    _answers_options(p)
    p.add_argument("decision", nargs="?", help="one decision key (default: all)")
    _lang_option(p)

    p = sub.add_parser("rules", help="work with the rule base")
    rules_sub = p.add_subparsers(dest="rules_command", parser_class=_Parser, metavar="ACTION", required=True)
    check = rules_sub.add_parser("check", help="verify a rule base over the whole answer space")
    check.add_argument("--rules", type=Path, metavar="DIR", help="rule folder (default: the shipped rules)")
    check.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("questions", help="the questions and their allowed values")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _lang_option(p)

    sub.add_parser("schema", help="the JSON Schema of an answers file")
    return parser


class _VersionAction(argparse.Action):
    """Looks the version up only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        sys.stdout.write(f"{PROG} {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("advisor")
    except PackageNotFoundError:
        return "0+unknown"


# ------------------------------------------------------------------ helpers


def _lang(args: argparse.Namespace) -> str:
    """--lang, else the language the answers file was written in, else LANG."""
    from .answers import env_language

    if getattr(args, "lang", None):
        return str(args.lang)
    from .record import recorded_lang

    answers = getattr(args, "answers", None)
    if answers is None and getattr(args, "out", None) is not None:  # a re-run of the wizard
        answers = args.out / ".advisor-answers.yaml"
    return recorded_lang(answers) or env_language()


def _asker(lang: str, context: Context) -> Asker | None:
    from .wizard import ask_one, interactive_terminal

    if not interactive_terminal():
        return None

    return lambda question, facts: ask_one(question, facts, lang, context)


def _context(project: Path | None, fallback: Path) -> Context:
    """Where defaults are looked up: --project when given (it must exist), else ``fallback``."""
    from .answers import Context

    if project is not None and not project.is_dir():
        raise UserError(f"--project {project}: no such folder")
    return Context(folder=project if project is not None else fallback)


def _advise(
    args: argparse.Namespace, context: Context, ask: Asker | None = None, out: Path | None = None
) -> Advice:
    from .api import advise_from

    return advise_from(
        args.answers,
        args.set_items,
        use_defaults=args.defaults,
        context=context,
        ask=ask,
        rules=args.rules,
        out=out,
    )


def _warn(text: str) -> None:
    sys.stderr.write(f"{PROG}: {text}\n")


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ------------------------------------------------------------------ commands


def cmd_recommend(args: argparse.Namespace) -> int:

    lang = _lang(args)
    context = _context(args.project, Path("."))
    advice = _advise(args, context, _asker(lang, context))
    if args.format == "json":
        _out(json.dumps(advice.to_json(lang), ensure_ascii=False, indent=2))
    else:
        _out(advice.report(lang))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:

    lang = _lang(args)
    context = _context(args.project, Path("."))
    _out(_advise(args, context, _asker(lang, context)).explanation(lang, args.decision))
    return 0


def status_text(lang: str, status: str, to: str | None = None) -> str:
    """A file's status in the language; ``to``: the new name of a file moved aside."""
    from .i18n import catalogue, t

    own = catalogue(lang).get("merge", {}).get("status", {}).get(status)
    if own is not None:
        return str(own)
    return t(lang, "generate.status." + status, to=to) if to else t(lang, "generate.status." + status)


def print_outcome(outcome: Outcome, out: Path, *, dry_run: bool, lang: str) -> None:
    from .conflicts import env_exposed, how
    from .i18n import t
    from .merge import unified_diff

    _out(t(lang, "generate.dry_run" if dry_run else "generate.done", out=out.resolve()))
    width = max(len(o.name) for o in outcome.files)
    for o in outcome.files:
        _out(f"  {o.name.ljust(width)}  {status_text(lang, o.status, o.to)}")
    moved = [o.to for o in outcome.files if o.to is not None and o.status == "moved-aside"]
    if moved and not dry_run:
        _out("\n" + t(lang, "generate.moved_next", files=", ".join(moved)))
    for name, (before, after) in outcome.changes.items():
        if before == after:
            continue
        heading = "merge.would_change" if dry_run else "merge.changed"
        _out("\n" + t(lang, heading, name=name))
        _out(
            unified_diff(
                before, after, f"{name} ({t(lang, 'merge.yours')})", f"{name} ({t(lang, 'merge.result')})"
            )
        )
    if dry_run and outcome.conflicts:
        _out("\n" + "\n".join(how(lang, outcome.conflicts)))
    if not dry_run and env_exposed(out, [o.name for o in outcome.files if o.status.startswith("kept")]):
        _warn(t(lang, "generate.env_exposed"))


def cmd_generate(args: argparse.Namespace) -> int:

    saved = args.out / ".advisor-answers.yaml"
    if args.answers is None and saved.is_file():
        # A re-run in a folder advisor wrote keeps its answers (--set still changes one).
        args.answers = saved
    lang = _lang(args)
    from .conflicts import policy_of
    from .i18n import t

    if args.answers is saved:
        _warn(t(lang, "review.reading_saved", answers=saved))

    policy = policy_of(args)
    context = _context(args.project, args.out)
    advice = _advise(args, context, out=args.out)
    if context.folder.is_dir() and context.facts.primary is None:
        _warn(t(lang, "generate.no_project", folder=context.folder))
    outcome = advice.write(
        args.out,
        lang=lang,
        force=args.force,
        dry_run=args.dry_run,
        answers_source=args.answers,
        on_conflict=policy,
    )
    print_outcome(outcome, args.out, dry_run=args.dry_run, lang=lang)
    for note in (n for n in advice.setup.notes if n.key == "run-in-member"):  # files that cannot build
        _warn(t(lang, f"report.project_note.{note.key}", **note.values))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .api import load_rules
    from .wizard import run_wizard

    lang = _lang(args)
    rules = load_rules(args.rules)  # a broken rule base is reported before any question
    outcome = run_wizard(args, lang=lang, rules=rules, warn=_warn)
    if outcome is not None:
        from .i18n import t

        print_outcome(outcome, args.out, dry_run=args.dry_run, lang=lang)
        if not args.dry_run:
            _out(t(lang, "wizard.next", report=str(args.out / "RECOMMENDATIONS.md")))
    return 0


def cmd_rules_check(args: argparse.Namespace) -> int:
    from .errors import RuleBaseError
    from .rulebase import contract_problems, load_rulebase
    from .verify import VerifyReport, load_failure, render_report, verify

    try:
        rb = load_rulebase(args.rules)
    except RuleBaseError as exc:  # the rule base cannot even be loaded: a verification failure
        report: VerifyReport = load_failure(str(args.rules or "shipped"), exc.message)
    else:
        report = verify(rb, contract=contract_problems(rb))
    if args.format == "json":
        _out(json.dumps(report.model_dump(), ensure_ascii=False, indent=2))
    else:
        _out(render_report(report))
    return 0 if report.ok else 1


def cmd_questions(args: argparse.Namespace) -> int:
    from .questions_view import questions_json, questions_text

    lang = _lang(args)
    if args.format == "json":
        _out(json.dumps(questions_json(lang), ensure_ascii=False, indent=2))
    else:
        _out(questions_text(lang))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import answers_schema

    _out(json.dumps(answers_schema(), ensure_ascii=False, indent=2))
    return 0


COMMANDS = {
    "recommend": cmd_recommend,
    "explain": cmd_explain,
    "generate": cmd_generate,
    "init": cmd_init,
    "questions": cmd_questions,
    "schema": cmd_schema,
}


def _t(lang: str, path: str) -> str:
    from .i18n import t

    return t(lang, path)


def _early_lang(words: list[str]) -> str:
    """The language of messages, known before the arguments are parsed: --lang, else the
    recorded language of the answers file a re-run reads, else LANG."""
    from .answers import env_language

    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words) and words[i + 1] in ("en", "ko"):
            return words[i + 1]
        if word.startswith("--lang=") and word.partition("=")[2] in ("en", "ko"):
            return word.partition("=")[2]
    from .record import recorded_lang

    for flag in ("--answers", "--out"):
        if flag in words and words.index(flag) + 1 < len(words):
            path = Path(words[words.index(flag) + 1])
            found = recorded_lang(path if flag == "--answers" else path / ".advisor-answers.yaml")
            if found:
                return found
    return env_language()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    words = list(sys.argv[1:] if argv is None else argv)
    lang = _Parser.lang = _early_lang(words)
    try:
        if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help", "--version")):
            words = ["init", *words]  # plain `advisor [options]` is the wizard
        args = build_parser().parse_args(words)
        if args.command == "rules":
            return cmd_rules_check(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: {_t(lang, 'cli.interrupted')}\n")
        return Interrupted.exit_code
    except EOFError:  # Ctrl-D at a prompt
        sys.stderr.write(f"\n{PROG}: {_t(lang, 'cli.input_ended')}\n")
        return Interrupted.exit_code
    except AdvisorError as exc:
        from .messages import localize

        sys.stderr.write(f"{PROG}: {localize(exc.message, lang)}\n")
        return exc.exit_code
    except BrokenPipeError:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
