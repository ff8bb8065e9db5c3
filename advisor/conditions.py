"""Rule conditions: all / any / not over tests of one fact (eq, ne, in, not_in), their
language-neutral notation, and the parser that checks every fact and value against the
facts in scope. Shared by the rule base and the next-steps table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from .answers import QUESTION_BY_KEY
from .errors import RuleBaseError

OPS = ("eq", "ne", "in", "not_in")
Op = Literal["eq", "ne", "in", "not_in"]


class Where:
    """Builds the 'file, rule id, line' prefix of loader messages."""

    def __init__(self, file: str) -> None:
        self.file = file

    def err(self, message: str, rule: str | None = None, line: int = 0) -> RuleBaseError:
        where = f"{self.file}:{line}" if line else self.file
        who = f" rule '{rule}':" if rule else ""
        return RuleBaseError(f"{where}:{who} {message}")


def line_of(node: Any) -> int:
    return int(getattr(node, "line", 0))


@dataclass(frozen=True)
class Atom:
    fact: str
    op: Op
    value: Any  # a single value for eq/ne, a tuple for in/not_in

    def test(self, facts: Mapping[str, Any]) -> bool:
        if self.fact not in facts:
            return False
        seen = facts[self.fact]
        if self.op == "eq":
            return bool(seen == self.value)
        if self.op == "ne":
            return bool(seen != self.value)
        if self.op == "in":
            return seen in self.value
        return seen not in self.value

    def values(self) -> tuple[Any, ...]:
        return tuple(self.value) if self.op in ("in", "not_in") else (self.value,)

    def describe(self) -> str:
        """The test in a language-neutral notation: ``traffic = high``, ``media ∈ {video, images}``."""
        if self.op in ("eq", "ne"):
            return f"{self.fact} {'=' if self.op == 'eq' else '≠'} {fmt(self.value)}"
        return f"{self.fact} {'∈' if self.op == 'in' else '∉'} {{{fmt(self.value)}}}"


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]

    def test(self, facts: Mapping[str, Any]) -> bool:
        return all(c.test(facts) for c in self.items)


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def test(self, facts: Mapping[str, Any]) -> bool:
        return any(c.test(facts) for c in self.items)


@dataclass(frozen=True)
class NotOf:
    item: Condition

    def test(self, facts: Mapping[str, Any]) -> bool:
        return not self.item.test(facts)


Condition = Atom | AllOf | AnyOf | NotOf
ALWAYS = AllOf(())


def fmt(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe(cond: Condition) -> str:
    """A condition as a readable phrase."""
    if isinstance(cond, Atom):
        return cond.describe()
    if isinstance(cond, AllOf):
        return " and ".join(describe(c) for c in cond.items) if cond.items else "always"
    if isinstance(cond, AnyOf):
        return "(" + " or ".join(describe(c) for c in cond.items) + ")"
    return "not (" + describe(cond.item) + ")"


def atoms(cond: Condition) -> Iterator[Atom]:
    if isinstance(cond, Atom):
        yield cond
    elif isinstance(cond, AllOf | AnyOf):
        for item in cond.items:
            yield from atoms(item)
    else:
        yield from atoms(cond.item)


class CondParser:
    """Parses ``when`` trees and checks every fact and value against the facts in scope."""

    def __init__(
        self, scope: Mapping[str, tuple[Any, ...]], known: set[str], w: Where, rule: str, reads_hint: str
    ) -> None:
        self.scope = scope
        self.known = known
        self.w = w
        self.rule = rule
        self.reads_hint = reads_hint

    def parse(self, node: Any, line: int) -> Condition:
        line = line_of(node) or line
        if not isinstance(node, dict) or len(node) == 0:
            raise self.w.err(
                "a condition is a mapping: {all: [...]}, {any: [...]}, {not: ...} or {fact: F, eq: V}",
                self.rule,
                line,
            )
        if "fact" in node:
            return self._atom(node, line)
        if len(node) != 1:
            raise self.w.err(f"a condition has one of all/any/not, got {', '.join(node)}", self.rule, line)
        ((key, value),) = node.items()
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise self.w.err(f"'{key}' takes a non-empty list of conditions", self.rule, line)
            items = tuple(self.parse(v, line) for v in value)
            return AllOf(items) if key == "all" else AnyOf(items)
        if key == "not":
            return NotOf(self.parse(value, line))
        raise self.w.err(
            f"unknown operator {key!r}; conditions use all, any, not, or fact with one of {', '.join(OPS)}",
            self.rule,
            line,
        )

    def _atom(self, node: dict[str, Any], line: int) -> Atom:
        fact = node["fact"]
        ops = [k for k in node if k != "fact"]
        if len(ops) != 1 or ops[0] not in OPS:
            got = ", ".join(ops) or "nothing"
            raise self.w.err(
                f"a test on '{fact}' needs exactly one operator of {', '.join(OPS)} (got {got})",
                self.rule,
                line,
            )
        op = ops[0]
        if not isinstance(fact, str) or fact not in self.scope:
            if isinstance(fact, str) and fact in QUESTION_BY_KEY and not QUESTION_BY_KEY[fact].finite:
                problem = f"'{fact}' has no finite set of values and cannot be tested by rules"
            elif isinstance(fact, str) and fact in self.known:
                problem = f"reads '{fact}', which is not in {self.reads_hint}"
            else:
                problem = f"unknown fact {fact!r}; known: {', '.join(sorted(self.scope))}"
            raise self.w.err(problem, self.rule, line)
        domain = self.scope[fact]
        raw = node[op]
        if op in ("in", "not_in"):
            if not isinstance(raw, list) or not raw:
                raise self.w.err(f"'{op}' on '{fact}' takes a non-empty list", self.rule, line)
            values: Any = tuple(raw)
        else:
            values = raw
        for v in values if op in ("in", "not_in") else (values,):
            if not any(v == d and type(v) is type(d) for d in domain):
                raise self.w.err(
                    f"value {fmt(v)!r} is outside the domain of '{fact}'; allowed: {fmt(domain)}",
                    self.rule,
                    line,
                )
        return Atom(fact, cast(Op, op), values)
