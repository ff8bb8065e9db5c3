"""``advisor rules check``: verify a rule base over the whole answer space.

In the spirit of the DMN decision-table analysers: for every decision, every combination
of the finite answers it depends on (honouring conditional questions) is enumerated, each
rule's condition is compiled to a bit set over those combinations, and set algebra finds

- gaps: combinations no rule covers;
- conflicts: combinations where rules of the winning priority give different values;
- rules that never win: unreachable (the condition never holds) or masked (rules of
  higher priority, or earlier rules of the same priority and value, always decide first);
- finding rules that can never fire;

each with the rules involved and one concrete example. References to unknown facts and
values are caught earlier, when the rule base is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from .answers import QUESTION_BY_KEY, QUESTIONS
from .conditions import AllOf, AnyOf, Atom, Condition, NotOf, atoms, fmt
from .rulebase import Decision, RuleBase

Kind = Literal["load", "contract", "gap", "conflict", "never-wins", "unreachable-finding"]


class Problem(BaseModel):
    kind: Kind
    decision: str | None = None
    rules: list[str] = []
    message: str
    example: dict[str, Any] | None = None


class DecisionStats(BaseModel):
    decision: str
    rules: int
    combinations: int


class VerifyReport(BaseModel):
    ok: bool
    folder: str
    answer_space: int
    decisions: list[DecisionStats]
    findings: int
    problems: list[Problem]


# ------------------------------------------------------------------ the answer space


def _closure(facts: Iterable[str], rb: RuleBase) -> list[str]:
    """The answer keys a set of facts depends on, with the keys that gate conditional ones."""
    keys: set[str] = set()
    todo = list(facts)
    seen: set[str] = set()
    while todo:
        fact = todo.pop()
        if fact in seen:
            continue
        seen.add(fact)
        question = QUESTION_BY_KEY.get(fact)
        if question is not None:
            keys.add(fact)
            if question.when is not None:
                todo.append(question.when[0])
        else:
            todo.extend(rb.decision(fact).reads)
    return [q.key for q in QUESTIONS if q.key in keys]


def enumerate_space(keys: Sequence[str]) -> list[dict[str, Any]]:
    """Every combination of the given finite answers that can occur (conditional keys absent
    where their question is not asked), in a fixed order."""
    combos: list[dict[str, Any]] = [{}]
    for key in keys:
        question = QUESTION_BY_KEY[key]
        nxt: list[dict[str, Any]] = []
        for combo in combos:
            if question.applies(combo):
                nxt.extend({**combo, key: value} for value in question.choices)
            else:
                nxt.append(combo)
        combos = nxt
    return combos


def count_space() -> int:
    """How many answer combinations the finite questions allow in all (without listing them)."""
    finite = [q for q in QUESTIONS if q.finite]
    gates = [q.key for q in finite if any(o.when is not None and o.when[0] == q.key for o in finite)]
    total = 0
    for combo in enumerate_space(gates):
        product = 1
        for q in finite:
            if q.key not in gates and q.applies(combo):
                product *= len(q.choices)
        total += product
    return total


# ------------------------------------------------------------------ bit sets


@dataclass
class _Space:
    """One decision's combinations, with each fact's value sets as bit masks."""

    combos: list[dict[str, Any]]
    masks: dict[str, dict[Any, int]]
    present: dict[str, int]

    @property
    def universe(self) -> int:
        return (1 << len(self.combos)) - 1

    def compile(self, cond: Condition) -> int:
        if isinstance(cond, Atom):
            by_value = self.masks.get(cond.fact, {})
            chosen = 0
            for value in cond.values():
                chosen |= by_value.get(value, 0)
            if cond.op in ("eq", "in"):
                return chosen
            return self.present.get(cond.fact, 0) & ~chosen
        if isinstance(cond, AllOf):
            mask = self.universe
            for item in cond.items:
                mask &= self.compile(item)
            return mask
        if isinstance(cond, AnyOf):
            mask = 0
            for item in cond.items:
                mask |= self.compile(item)
            return mask
        assert isinstance(cond, NotOf)
        return self.universe & ~self.compile(cond.item)

    def example(self, mask: int) -> dict[str, Any]:
        index = (mask & -mask).bit_length() - 1
        return self.combos[index]


def _bits(flags: list[bool]) -> int:
    return int("".join("1" if f else "0" for f in reversed(flags)) or "0", 2)


def _space(facts: Sequence[str], keys: Sequence[str], combos: list[dict[str, Any]]) -> _Space:
    masks: dict[str, dict[Any, int]] = {}
    present: dict[str, int] = {}
    for fact in facts:
        values: dict[Any, list[bool]] = {}
        for i, combo in enumerate(combos):
            if fact in combo:
                values.setdefault(combo[fact], [False] * len(combos))[i] = True
        masks[fact] = {v: _bits(flags) for v, flags in values.items()}
        total = 0
        for m in masks[fact].values():
            total |= m
        present[fact] = total
    return _Space(combos, masks, present)


def _show(example: dict[str, Any]) -> str:
    return ", ".join(f"{k}={fmt(v)}" for k, v in example.items()) or "any answers"


# ------------------------------------------------------------------ verification


class _Verifier:
    def __init__(self, rb: RuleBase) -> None:
        self.rb = rb
        self.problems: list[Problem] = []
        self.stats: list[DecisionStats] = []
        # decision -> (its answer keys, {answer tuple: value})
        self.values: dict[str, tuple[list[str], dict[tuple[Any, ...], str]]] = {}

    def _combos_with_decisions(self, reads: Iterable[str]) -> tuple[list[str], list[dict[str, Any]]]:
        reads = list(reads)
        keys = _closure(reads, self.rb)
        combos = enumerate_space(keys)
        for fact in reads:
            if fact in QUESTION_BY_KEY:
                continue
            up_keys, table = self.values[fact]
            for combo in combos:
                value = table.get(tuple(combo.get(k) for k in up_keys))
                if value is not None:
                    combo[fact] = value
        return keys, combos

    def decision(self, d: Decision) -> None:
        keys, combos = self._combos_with_decisions(d.reads)
        space = _space(d.reads, keys, combos)
        masks = [space.compile(r.when) for r in d.rules]
        self.stats.append(DecisionStats(decision=d.key, rules=len(d.rules), combinations=len(combos)))
        win = self._policy(d, space, masks)
        uncovered = space.universe
        for m in masks:
            uncovered &= ~m
        if uncovered:
            ex = space.example(uncovered)
            self.problems.append(
                Problem(
                    kind="gap",
                    decision=d.key,
                    message=f"{d.key}: no rule gives a value when {_show(ex)}",
                    example=ex,
                )
            )
        table: dict[tuple[Any, ...], str] = {}
        for value, mask in win.items():
            bits = bin(mask)[:1:-1]
            for i, bit in enumerate(bits):
                if bit == "1":
                    table[tuple(combos[i].get(k) for k in keys)] = value
        self.values[d.key] = (keys, table)

    def _policy(self, d: Decision, space: _Space, masks: list[int]) -> dict[str, int]:
        """Who wins where; reports conflicts and rules that never win."""
        win: dict[str, int] = {}
        rules = list(d.rules)
        if d.hit_policy == "first":
            levels = [list(range(len(rules)))]
        else:
            by_priority: dict[int, list[int]] = {}
            for i, r in enumerate(rules):
                by_priority.setdefault(r.priority, []).append(i)
            levels = [by_priority[p] for p in sorted(by_priority, reverse=True)]
        covered = 0
        for level in levels:
            taken = 0
            by_outcome: dict[str, int] = {}
            for i in level:
                rule, mask = rules[i], masks[i]
                base = mask & ~covered
                if d.hit_policy == "priority":
                    for outcome, other in by_outcome.items():
                        clash = base & other
                        if outcome != rule.then and clash:
                            partner = next(
                                rules[j].id
                                for j in level
                                if rules[j].then == outcome and masks[j] & ~covered & clash
                            )
                            ex = space.example(clash)
                            self.problems.append(
                                Problem(
                                    kind="conflict",
                                    decision=d.key,
                                    rules=[partner, rule.id],
                                    message=(
                                        f"{d.key}: rules '{partner}' ({outcome}) and"
                                        f" '{rule.id}' ({rule.then})"
                                        f" both have priority {rule.priority} and match when {_show(ex)}"
                                    ),
                                    example=ex,
                                )
                            )
                    by_outcome[rule.then] = by_outcome.get(rule.then, 0) | base
                won = base & ~taken
                if not won:
                    self.problems.append(self._never_wins(d, i, masks, space, covered | taken))
                win[rule.then] = win.get(rule.then, 0) | won
                taken |= base
            covered |= taken
        return win

    def _never_wins(self, d: Decision, i: int, masks: list[int], space: _Space, before: int) -> Problem:
        rule, mask = d.rules[i], masks[i]
        if not mask:
            return Problem(
                kind="never-wins",
                decision=d.key,
                rules=[rule.id],
                message=f"{d.key}: rule '{rule.id}' is unreachable: its condition holds for no answers",
            )
        ahead = [
            r.id
            for j, r in enumerate(d.rules)
            if j != i
            and masks[j] & mask
            and (r.priority > rule.priority or (r.priority == rule.priority and j < i))
        ]
        ex = space.example(mask)
        return Problem(
            kind="never-wins",
            decision=d.key,
            rules=[rule.id, *ahead],
            message=(
                f"{d.key}: rule '{rule.id}' never wins: wherever it matches (e.g. {_show(ex)}),"
                f" it is decided first by {', '.join(repr(a) for a in ahead)}"
            ),
            example=ex,
        )

    def findings(self) -> None:
        for f in self.rb.findings:
            facts = list(dict.fromkeys(a.fact for a in atoms(f.when)))
            keys, combos = self._combos_with_decisions(facts)
            space = _space(facts, keys, combos)
            if not space.compile(f.when):
                self.problems.append(
                    Problem(
                        kind="unreachable-finding",
                        rules=[f.id],
                        message=f"finding '{f.id}' can never be reported: its condition holds for no answers",
                    )
                )


def verify(rb: RuleBase, contract: Sequence[str] = ()) -> VerifyReport:
    v = _Verifier(rb)
    v.problems.extend(Problem(kind="contract", message=m) for m in contract)
    for d in rb.decisions:
        v.decision(d)
    v.findings()
    return VerifyReport(
        ok=not v.problems,
        folder=rb.folder,
        answer_space=count_space(),
        decisions=v.stats,
        findings=len(rb.findings),
        problems=v.problems,
    )


def joint_space(rb: RuleBase, facts: Iterable[str]) -> list[dict[str, Any]]:
    """Every combination of the answers the given facts depend on (answers or decisions),
    with those decisions filled in: enough to test any condition over these facts on the whole
    answer space, without listing all of it."""
    v = _Verifier(rb)
    for d in rb.decisions:
        v.decision(d)
    return v._combos_with_decisions(dict.fromkeys(facts))[1]


def load_failure(folder: str, message: str) -> VerifyReport:
    """The report on a rule base that cannot even be loaded: one ``load`` error."""
    return VerifyReport(
        ok=False,
        folder=folder,
        answer_space=0,
        decisions=[],
        findings=0,
        problems=[Problem(kind="load", message=message)],
    )


def render_report(report: VerifyReport) -> str:
    lines = [f"rule base: {report.folder}"]
    if any(p.kind == "load" for p in report.problems):
        return "\n".join(
            [
                *lines,
                f"{len(report.problems)} error(s):",
                *(f"  [{p.kind}] {p.message}" for p in report.problems),
            ]
        )
    for s in report.decisions:
        lines.append(f"  {s.decision}: {s.rules} rules over {s.combinations} answer combinations")
    lines.append(f"  findings: {report.findings} rules")
    lines.append(f"  whole answer space: {report.answer_space} combinations")
    if report.ok:
        lines.append("ok: no gaps, no conflicts, every rule can win, every finding can fire")
    else:
        lines.append(f"{len(report.problems)} error(s):")
        lines.extend(f"  [{p.kind}] {p.message}" for p in report.problems)
    return "\n".join(lines)
