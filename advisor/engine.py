"""The engine: answers + rule base -> Evaluation (decisions, findings and a complete trace).

Results carry no wording: the trace says which rule won, which matched and lost, which
tests failed and on what value, and :meth:`DecisionResult.reasons_against` turns that into
structured reasons. ``advisor explain`` and the report word them (:mod:`advisor.render.reasons`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .answers import QUESTION_BY_KEY, Answers
from .conditions import AllOf, AnyOf, Atom, Condition, atoms, describe, fmt
from .errors import AdvisorError
from .rulebase import CONTRACT_DECISIONS, Decision, RuleBase, Text


@dataclass(frozen=True, slots=True)
class Seen:
    """What a fact was when a test failed; ``value`` is None when its question was not asked
    (then ``gate`` = ``gate_value`` is why)."""

    fact: str
    value: str | None
    gate: str | None = None
    gate_value: str | None = None


@dataclass(frozen=True, slots=True)
class FailedTest:
    """One test of a condition that did not hold, with the values that were seen."""

    test: str
    seen: tuple[Seen, ...]


@dataclass(frozen=True, slots=True)
class RuleTrace:
    id: str
    then: str
    priority: int
    condition: str
    matched: bool
    failed: tuple[FailedTest, ...] = ()
    won: bool = False


# ------------------------------------------------------------------ reasons against a value


@dataclass(frozen=True, slots=True)
class NoRule:
    """No rule of the decision gives this value."""


@dataclass(frozen=True, slots=True)
class Outranked:
    """Every rule that gives this value is outranked: the winner comes first whenever its
    condition holds, as it does here."""

    winner: str
    winner_condition: str


@dataclass(frozen=True, slots=True)
class Lost:
    """The rule matched, but the winner comes first."""

    rule: str
    priority: int
    winner: str
    winner_priority: int


@dataclass(frozen=True, slots=True)
class Failed:
    """The rule's condition does not hold; ``outranked``: and the winner would come first anyway."""

    rule: str
    condition: str
    failed: tuple[FailedTest, ...]
    outranked: bool
    winner: str


Reason = NoRule | Outranked | Lost | Failed


@dataclass(frozen=True, slots=True)
class DecisionResult:
    key: str
    value: str
    rule: str
    because: Text
    source: str
    see: tuple[str, ...]
    values: tuple[str, ...]
    trace: tuple[RuleTrace, ...]
    hit_policy: str = "priority"

    def losers(self) -> list[RuleTrace]:
        return [t for t in self.trace if t.matched and not t.won]

    @property
    def winner(self) -> RuleTrace:
        return next(r for r in self.trace if r.won)

    def outranks(self, rule: RuleTrace) -> bool:
        """Would the winner still decide if ``rule`` matched? (It comes first under the hit policy.)"""
        winner = self.winner
        if self.hit_policy == "first":
            return self.trace.index(winner) < self.trace.index(rule)
        return winner.priority > rule.priority

    def reasons_against(self, value: str) -> list[Reason]:
        """Why ``value`` was not chosen: the one "why not" logic behind explain and the report."""
        candidates = [r for r in self.trace if r.then == value]
        if not candidates:
            return [NoRule()]
        winner = self.winner
        if all(self.outranks(r) for r in candidates):  # matched or not, the winner comes first
            return [Outranked(winner.id, winner.condition)]
        out: list[Reason] = []
        for r in candidates:
            if r.matched:
                out.append(Lost(r.id, r.priority, winner.id, winner.priority))
            else:
                out.append(Failed(r.id, r.condition, r.failed, self.outranks(r), winner.id))
        return out


Level = Literal["blocker", "warning", "info"]
LEVEL_ORDER = {"blocker": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    level: Level
    rule: str
    message: Text
    source: str
    see: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of one evaluation: every decision, the findings (blockers first) and the trace."""

    answers: Answers
    decisions: dict[str, DecisionResult]
    findings: tuple[Finding, ...]

    def value(self, key: str) -> str:
        return self.decisions[key].value

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "blocker"]


def _seen(fact: str, facts: Mapping[str, Any]) -> Seen:
    if fact in facts:
        return Seen(fact, fmt(facts[fact]))
    question = QUESTION_BY_KEY.get(fact)
    gate = question.when[0] if question is not None and question.when is not None else None
    return Seen(fact, None, gate, fmt(facts.get(gate)) if gate else None)


def failed_tests(cond: Condition, facts: Mapping[str, Any]) -> list[FailedTest]:
    """The tests that make ``cond`` false for ``facts`` (empty when it holds)."""
    if isinstance(cond, Atom):
        if cond.test(facts):
            return []
        return [FailedTest(cond.describe(), (_seen(cond.fact, facts),))]
    if isinstance(cond, AllOf):
        return [f for item in cond.items for f in failed_tests(item, facts)]
    if cond.test(facts):
        return []
    inner = cond.items if isinstance(cond, AnyOf) else (cond.item,)
    facts_in = dict.fromkeys(a.fact for c in inner for a in atoms(c))
    return [FailedTest(describe(cond), tuple(_seen(f, facts) for f in facts_in))]


def decide(decision: Decision, facts: Mapping[str, Any]) -> tuple[int | None, list[bool]]:
    """Index of the winning rule (None for a gap) and which rules matched."""
    matched = [r.when.test(facts) for r in decision.rules]
    winner: int | None = None
    for i, (rule, ok) in enumerate(zip(decision.rules, matched, strict=True)):
        if not ok:
            continue
        if decision.hit_policy == "first":
            return i, matched
        if winner is None or rule.priority > decision.rules[winner].priority:
            winner = i
    return winner, matched


def evaluate(answers: Answers, rules: RuleBase) -> Evaluation:
    """Run the rule base on validated answers."""
    facts: dict[str, Any] = answers.applicable()
    results: dict[str, DecisionResult] = {}
    for decision in rules.decisions:
        winner, matched = decide(decision, facts)
        if winner is None:
            raise AdvisorError(
                f"rule base {rules.folder}: no rule of decision '{decision.key}' matches these answers;"
                " run 'advisor rules check' to find the gap"
            )
        rule = decision.rules[winner]
        trace = tuple(
            RuleTrace(
                r.id,
                r.then,
                r.priority,
                describe(r.when),
                ok,
                () if ok else tuple(failed_tests(r.when, facts)),
                i == winner,
            )
            for i, (r, ok) in enumerate(zip(decision.rules, matched, strict=True))
        )
        results[decision.key] = DecisionResult(
            decision.key,
            rule.then,
            rule.id,
            rule.because,
            rule.source,
            rule.see,
            decision.values,
            trace,
            decision.hit_policy,
        )
        facts[decision.key] = rule.then
    shown_first = [k for k in CONTRACT_DECISIONS if k in results]
    results = {k: results[k] for k in [*shown_first, *(k for k in results if k not in shown_first)]}
    findings = sorted(
        (Finding(f.level, f.id, f.message, f.source, f.see) for f in rules.findings if f.when.test(facts)),
        key=lambda f: LEVEL_ORDER[f.level],
    )
    return Evaluation(answers, results, tuple(findings))
