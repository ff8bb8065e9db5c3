"""The engine: answers + rule base -> Advice (decisions, findings and a complete trace)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .answers import QUESTION_BY_KEY, Answers
from .rulebase import (
    CONTRACT_DECISIONS,
    AllOf,
    AnyOf,
    Atom,
    Condition,
    Decision,
    RuleBase,
    Text,
    _fmt,
    atoms,
    describe,
)


class Seen(BaseModel):
    """What a fact was when a test failed; ``value`` is None when its question was not asked."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    fact: str
    value: str | None
    gate: str | None = None
    gate_value: str | None = None

    def phrase(self, lang: str) -> str:
        from .i18n import t

        if self.value is not None:
            return f"{self.fact} = {self.value}"
        return t(lang, "explain.not_asked", fact=self.fact, gate=self.gate, value=self.gate_value)


class FailedTest(BaseModel):
    """One test of a condition that did not hold, with the values that were seen."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    test: str
    seen: tuple[Seen, ...]

    def sentence(self, lang: str = "en") -> str:
        from .i18n import t

        seen = "; ".join(s.phrase(lang) for s in self.seen)
        return t(lang, "explain.needs", test=self.test, seen=seen)


class RuleTrace(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    id: str
    then: str
    priority: int
    condition: str
    matched: bool
    failed: tuple[FailedTest, ...] = ()
    won: bool = False


class DecisionResult(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    key: str
    value: str
    rule: str
    because: Text
    source: str
    see: tuple[str, ...] = ()
    values: tuple[str, ...]
    trace: tuple[RuleTrace, ...]
    hit_policy: str = "priority"

    def losers(self) -> list[RuleTrace]:
        return [t for t in self.trace if t.matched and not t.won]

    def why_not(self, value: str, lang: str = "en") -> list[str]:
        """Why ``value`` was not chosen: each rule that gives it, and why it did not win."""
        from .i18n import t

        candidates = [r for r in self.trace if r.then == value]
        if not candidates:
            return [t(lang, "explain.no_rule", value=value)]
        out = []
        for r in candidates:
            if r.matched:
                out.append(
                    t(
                        lang,
                        "explain.lost",
                        rule=r.id,
                        winner=self.rule,
                        priority=r.priority,
                        winner_priority=self.winner.priority,
                    )
                )
            else:
                reasons = "; ".join(f.sentence(lang) for f in r.failed)
                if self.outranks(r):
                    reasons += t(lang, "explain.and_outranked", winner=self.rule)
                out.append(t(lang, "explain.failed", rule=r.id, reasons=reasons))
        return out

    @property
    def winner(self) -> RuleTrace:
        return next(r for r in self.trace if r.won)

    def outranks(self, rule: RuleTrace) -> bool:
        """Would the winner still decide if ``rule`` matched? (It comes first under the hit policy.)"""
        winner = self.winner
        if self.hit_policy == "first":
            return self.trace.index(winner) < self.trace.index(rule)
        return winner.priority > rule.priority


Level = Literal["blocker", "warning", "info"]
LEVEL_ORDER = {"blocker": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    level: Level
    rule: str
    message: Text
    source: str
    see: tuple[str, ...] = ()


class Advice(BaseModel):
    """The result of one evaluation: every decision, the findings (blockers first) and the trace."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    answers: Answers
    decisions: dict[str, DecisionResult]
    findings: tuple[Finding, ...]

    def value(self, key: str) -> str:
        return self.decisions[key].value

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "blocker"]

    def to_json(self, lang: str = "en", files: list[str] | None = None) -> dict[str, Any]:
        """The contract's JSON shape (plus a few added keys)."""
        from .plan import planned_files

        return {
            "answers": self.answers.applicable(),
            "decisions": {
                key: {
                    "value": d.value,
                    "rule": d.rule,
                    "because": d.because.get(lang),
                    "source": d.source,
                    **({"see": list(d.see)} if d.see else {}),
                }
                for key, d in self.decisions.items()
            },
            "findings": [
                {
                    "level": f.level,
                    "message": f.message.get(lang),
                    "rule": f.rule,
                    "source": f.source,
                    **({"see": list(f.see)} if f.see else {}),
                }
                for f in self.findings
            ],
            "files": files if files is not None else planned_files(self),
        }


def _seen(fact: str, facts: Mapping[str, Any]) -> Seen:
    if fact in facts:
        return Seen.model_construct(fact=fact, value=_fmt(facts[fact]))
    question = QUESTION_BY_KEY.get(fact)
    gate = question.when[0] if question is not None and question.when is not None else None
    return Seen.model_construct(
        fact=fact, value=None, gate=gate, gate_value=_fmt(facts.get(gate)) if gate else None
    )


def failed_tests(cond: Condition, facts: Mapping[str, Any]) -> list[FailedTest]:
    """The tests that make ``cond`` false for ``facts`` (empty when it holds)."""
    if isinstance(cond, Atom):
        if cond.test(facts):
            return []
        return [FailedTest.model_construct(test=cond.describe(), seen=(_seen(cond.fact, facts),))]
    if isinstance(cond, AllOf):
        return [f for item in cond.items for f in failed_tests(item, facts)]
    if cond.test(facts):
        return []
    inner = cond.items if isinstance(cond, AnyOf) else (cond.item,)
    facts_in = dict.fromkeys(a.fact for c in inner for a in atoms(c))
    return [FailedTest.model_construct(test=describe(cond), seen=tuple(_seen(f, facts) for f in facts_in))]


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


def evaluate(answers: Answers, rules: RuleBase) -> Advice:
    """Run the rule base on validated answers."""
    from .errors import AdvisorError

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
            RuleTrace.model_construct(
                id=r.id,
                then=r.then,
                priority=r.priority,
                condition=describe(r.when),
                matched=ok,
                failed=() if ok else tuple(failed_tests(r.when, facts)),
                won=i == winner,
            )
            for i, (r, ok) in enumerate(zip(decision.rules, matched, strict=True))
        )
        results[decision.key] = DecisionResult.model_construct(
            key=decision.key,
            value=rule.then,
            rule=rule.id,
            because=rule.because,
            source=rule.source,
            see=rule.see,
            values=decision.values,
            trace=trace,
            hit_policy=decision.hit_policy,
        )
        facts[decision.key] = rule.then
    shown_first = [k for k in CONTRACT_DECISIONS if k in results]
    results = {k: results[k] for k in [*shown_first, *(k for k in results if k not in shown_first)]}
    findings = sorted(
        (
            Finding.model_construct(level=f.level, rule=f.id, message=f.message, source=f.source, see=f.see)
            for f in rules.findings
            if f.when.test(facts)
        ),
        key=lambda f: LEVEL_ORDER[f.level],
    )
    return Advice.model_construct(answers=answers, decisions=results, findings=tuple(findings))
