"""The façade: answers -> advice -> plan -> files, the same for the command line, the wizard
and the Python API. The rule base's contract check happens here, so every caller gets it;
errors stay in the error tree (only the CLI prints and chooses exit codes)."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers import Answers, Asker, Context, gather, resolve_answers
from .buildplan import app_facts, context_dir
from .engine import DecisionResult, Evaluation, Finding, evaluate
from .errors import UserError
from .frontplan import with_front
from .planning import plan
from .rulebase import RuleBase, contract_problems, load_rulebase
from .setup import Setup

if TYPE_CHECKING:
    from .conflicts import OnConflict
    from .generate import Chooser, Outcome
    from .inspect import ProjectFacts


@dataclass(frozen=True)
class Advice:
    """Decisions, findings and the plan of the set-up for one set of answers."""

    setup: Setup
    rebuild: Callable[[Mapping[str, Any]], Setup] | None = field(default=None, compare=False, repr=False)
    """The plan for other answers in the same project and folders (advisor's previous files
    are rendered again from the recorded answers, as the base of a three-way merge)."""

    @property
    def evaluation(self) -> Evaluation:
        return self.setup.evaluation

    @property
    def answers(self) -> Answers:
        return self.setup.evaluation.answers

    @property
    def decisions(self) -> dict[str, DecisionResult]:
        return self.setup.evaluation.decisions

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.setup.evaluation.findings

    @property
    def blockers(self) -> list[Finding]:
        return self.setup.evaluation.blockers

    def value(self, key: str) -> str:
        return self.setup.evaluation.value(key)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """Exactly what ``advisor recommend --format json`` prints."""
        from .render.jsonout import advice_json

        return advice_json(self.setup, lang)

    def report(self, lang: str = "en") -> str:
        from .render.report import render_report

        return render_report(self.setup, lang)

    def explanation(self, lang: str = "en", only: str | None = None) -> str:
        from .render.explain import render_explanation

        if only is not None and only not in self.decisions:
            raise UserError(f"unknown decision '{only}'; allowed: {', '.join(self.decisions)}")
        return render_explanation(self.evaluation, lang, only)

    def files(self, lang: str = "en", secrets: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every file ``generate`` would write into an empty folder (name -> content)."""
        from .render.files import render_files

        return {f.name: f.content for f in render_files(self.setup, lang, secrets=secrets)}

    def write(
        self,
        out: Path,
        *,
        lang: str,
        force: bool = False,
        dry_run: bool = False,
        answers_source: Path | None = None,
        on_conflict: OnConflict = "stop",
        choose: Chooser | None = None,
    ) -> Outcome:
        """Write the files into ``out`` (see :func:`advisor.generate.write_files`)."""
        from .generate import write_files

        return write_files(
            self.setup,
            out,
            lang=lang,
            force=force,
            dry_run=dry_run,
            answers_source=answers_source,
            on_conflict=on_conflict,
            choose=choose,
            rebuild=self.rebuild,
        )


def load_rules(folder: Path | None) -> RuleBase:
    """A rule base (the shipped one for None), checked against the contract's decision keys
    and values."""
    return _shipped_rules() if folder is None else _checked(load_rulebase(folder))


@cache
def _shipped_rules() -> RuleBase:
    return _checked(load_rulebase(None))


def _checked(rb: RuleBase) -> RuleBase:
    problems = contract_problems(rb)
    if problems:
        raise UserError(f"rule base {rb.folder}: " + "; ".join(problems))
    return rb


def advise_answers(
    answers: Answers,
    rules: RuleBase | Path | None = None,
    project: ProjectFacts | None = None,
    project_dir: Path | None = None,
    out: Path | None = None,
) -> Advice:
    """Advice for validated answers; ``project`` is what the inspector found in ``project_dir``,
    and ``out`` is where the files will be written (the same folder when not given)."""
    rb = rules if isinstance(rules, RuleBase) else load_rules(rules)

    def setup_for(answers: Answers) -> Setup:
        context, dockerfile = _placement(context_dir(app_facts(project, answers), answers), project_dir, out)
        root = _placement(".", project_dir, out)[0]
        setup = plan(evaluate(answers, rb), project, context, dockerfile, root)
        return with_front(setup, project, rb, lambda d: _placement(d, project_dir, out), plan)

    def rebuild(raw: Mapping[str, Any]) -> Setup:
        folder = project_dir if project_dir is not None else (out if out is not None else Path.cwd())
        context = Context(folder=folder, _facts=project)
        return setup_for(resolve_answers(raw, use_defaults=True, context=context))

    return Advice(setup_for(answers), rebuild)


def _placement(app_dir: str, project_dir: Path | None, out: Path | None) -> tuple[str, str]:
    """The build context as seen from the output folder, and the Dockerfile (written there) as
    seen from the build context; POSIX paths, "." and "Dockerfile" when they are one folder."""
    if project_dir is None or out is None:
        return app_dir, posixpath.relpath("Dockerfile", app_dir)
    context = (project_dir / app_dir).resolve()
    target = out.resolve()
    return (
        Path(os.path.relpath(context, target)).as_posix(),
        Path(os.path.relpath(target / "Dockerfile", context)).as_posix(),
    )


def advise(
    answers: Answers | Mapping[str, Any],
    *,
    use_defaults: bool = True,
    folder: str | Path | None = None,
    rules: str | Path | RuleBase | None = None,
) -> Advice:
    """Evaluate answers (a mapping or an :class:`Answers`) and return the :class:`Advice`.

    A mapping is validated like an answers file: unknown keys and values outside their domain
    raise :class:`UserError` naming the key. With ``use_defaults`` (the default) missing answers
    take their defaults, looked up in ``folder`` (the current folder by default). ``rules``
    names another rule folder; it must keep the contract's decisions.
    """
    context = Context(folder=Path(folder)) if folder is not None else Context()
    if not isinstance(answers, Answers):
        if not isinstance(answers, Mapping):
            raise UserError(f"answers must be a mapping of keys to values, not {type(answers).__name__}")
        answers = resolve_answers(answers, use_defaults=use_defaults, context=context)
    rb = rules if isinstance(rules, RuleBase) else load_rules(Path(rules) if rules is not None else None)
    return advise_answers(answers, rb, context.facts)


def advise_from(
    answers_file: Path | None,
    set_items: list[str],
    *,
    use_defaults: bool,
    context: Context,
    ask: Asker | None = None,
    rules: Path | None = None,
    out: Path | None = None,
) -> Advice:
    """The command line's path: an answers file and ``--set`` (which wins), then defaults or
    asking. The project is ``context.folder``; ``out`` is where the files will be written."""
    rb = load_rules(rules)  # a broken rule base is reported before any question
    answers = gather(answers_file, set_items, use_defaults=use_defaults, context=context, ask=ask)
    return advise_answers(answers, rb, context.facts, context.folder, out)
