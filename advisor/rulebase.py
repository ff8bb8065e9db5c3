"""The rule base: decisions and finding rules read from YAML, checked before they run.

A decision file holds one decision: its values, the facts it reads (answers and earlier
decisions), its hit policy and its rules. ``findings.yaml`` holds the finding rules, which
may read every answer and every decision. Loading rejects, naming the file, the rule id
and the line: unknown facts, facts the decision does not declare, values outside a fact's
domain, outcomes outside the decision's values, duplicate ids, and cycles between decisions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .answers import QUESTION_BY_KEY
from .conditions import ALWAYS, Condition, CondParser, Where, line_of
from .errors import RuleBaseError

NOTE_SLUGS = (
    "what-is-docker",
    "traditional-virtualization",
    "vm-vs-docker",
    "why-docker",
    "image",
    "container",
    "linux-containers-on-windows",
    "compose-file",
    "compose-options",
    "shell-script-vs-compose",
    "database-in-docker",
    "media-file-io-packaging",
    "media-file-io-vs-server",
    "volumes",
)

CONTRACT_DECISIONS: dict[str, tuple[str, ...]] = {
    "runtime": ("containers", "virtual-machine"),
    "windows_backend": ("wsl2", "hyper-v", "not-applicable"),
    "orchestration": ("compose", "docker-run-script", "not-applicable"),
    "database_placement": ("container", "native-install", "not-applicable"),
    "media_storage": ("local-volume", "cdn-object-storage", "not-applicable"),
    "media_packaging": ("api-container", "no-container", "not-applicable"),
    # Added to the contract by issue 12 (README: "Decisions"): the contract allows new keys.
    "scaling": ("single-host", "kubernetes", "not-applicable"),
    # Added by issue 11 (item 9): how the GPU the app needs reaches its container.
    "gpu_access": ("nvidia-toolkit", "wsl2-gpu-pv", "none", "not-applicable"),
}

LANGS = ("en", "ko")
HitPolicy = Literal["priority", "first"]
Level = Literal["blocker", "warning", "info"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The fields a decision rule and a finding rule may have, and those they must have.
_SOURCED = {"source", "see", "beyond_notes"}
_RULE_FIELDS = ({"id", "when", "then", "priority", "because"} | _SOURCED, {"id", "then", "because", "source"})
_FINDING_FIELDS = ({"id", "level", "when", "message"} | _SOURCED, {"id", "level", "message", "source"})
_SOURCE = re.compile(r"^notes#([a-z0-9-]+)$")

# ------------------------------------------------------------------ models


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence in every interface language."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Condition
    then: str
    priority: int
    because: Text
    source: str
    see: tuple[str, ...] = ()
    line: int = 0
    beyond_notes: bool = False  # it states facts its note section lacks; ``see`` says where from


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: its values, what it reads, how rules combine, and its rules in file order."""

    key: str
    values: tuple[str, ...]
    reads: tuple[str, ...]
    hit_policy: HitPolicy
    rules: tuple[Rule, ...]
    file: str = ""


@dataclass(frozen=True, slots=True)
class FindingRule:
    id: str
    level: Level
    when: Condition
    message: Text
    source: str
    see: tuple[str, ...] = ()
    line: int = 0
    beyond_notes: bool = False  # it states facts its note section lacks; ``see`` says where from


@dataclass(frozen=True, slots=True)
class RuleBase:
    """Decisions in evaluation order (every decision after the ones it reads), then findings."""

    decisions: tuple[Decision, ...]
    findings: tuple[FindingRule, ...]
    folder: str = ""

    def decision(self, key: str) -> Decision:
        for d in self.decisions:
            if d.key == key:
                return d
        raise KeyError(key)

    def domain(self, fact: str) -> tuple[Any, ...]:
        """The values a fact can take: an answer's choices or a decision's values."""
        question = QUESTION_BY_KEY.get(fact)
        if question is not None:
            return question.choices
        return self.decision(fact).values


# ------------------------------------------------------------------ loading


def text_of(node: Any, field: str, w: Where, rule: str, line: int) -> Text:
    if not isinstance(node, dict):
        raise w.err(f"'{field}' must give the text in every language ({', '.join(LANGS)})", rule, line)
    missing = [lang for lang in LANGS if not isinstance(node.get(lang), str) or not node[lang].strip()]
    extra = [k for k in node if k not in LANGS]
    if missing or extra:
        problem = f"lacks {', '.join(missing)}" if missing else f"has unknown language {extra[0]!r}"
        raise w.err(f"'{field}' {problem}; give text for {', '.join(LANGS)}", rule, line)
    return Text(en=node["en"].strip(), ko=node["ko"].strip())


def _source(node: Any, w: Where, rule: str, line: int) -> str:
    if not isinstance(node, str) or not (m := _SOURCE.match(node)) or m.group(1) not in NOTE_SLUGS:
        raise w.err(f"source {node!r} must be notes#<slug>, one of: {', '.join(NOTE_SLUGS)}", rule, line)
    return node


def _sources(node: dict[str, Any], w: Where, rule: str, line: int) -> tuple[tuple[str, ...], bool]:
    """A rule's ``see`` links and its ``beyond_notes`` mark: a rule that states facts its note
    section lacks is marked, and must then say where they come from (at least one link)."""
    see, flag = node.get("see"), node.get("beyond_notes", False)
    items = [] if see is None else [see] if isinstance(see, str) else see
    if not isinstance(items, list) or not all(isinstance(u, str) and u.startswith("https://") for u in items):
        raise w.err("'see' must be a list of https:// links to documentation", rule, line)
    if not isinstance(flag, bool):
        raise w.err(f"'beyond_notes' must be true or false, not {flag!r}", rule, line)
    if flag and not items:
        raise w.err(
            "'beyond_notes: true' needs a 'see' list: the documentation its facts rest on", rule, line
        )
    return tuple(items), flag


def check_keys(
    node: dict[str, Any], allowed: set[str], required: set[str], w: Where, rule: str | None
) -> None:
    for key in node:
        if key not in allowed:
            raise w.err(f"unknown field {key!r}; allowed: {', '.join(sorted(allowed))}", rule, line_of(node))
    for key in sorted(required):
        if key not in node:
            raise w.err(f"missing field '{key}'", rule, line_of(node))


def answer_scope() -> dict[str, tuple[Any, ...]]:
    return {k: q.choices for k, q in QUESTION_BY_KEY.items() if q.finite}


def _load_yaml(path: Path) -> Any:
    from .errors import UserError
    from .yamlio import load_file

    try:
        return load_file(path, "rule file")
    except UserError as exc:
        raise RuleBaseError(exc.message) from None


def load_rulebase(folder: Path | None = None) -> RuleBase:
    """Load and check every ``*.yaml`` file of a rule-base folder (the shipped one by default)."""
    from .paths import data_dir

    folder = folder if folder is not None else data_dir("rules")
    if not folder.is_dir():
        from .errors import UserError

        raise UserError(f"rules folder {folder}: no such folder")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise RuleBaseError(f"rules folder {folder}: holds no .yaml rule files")
    raw_decisions: list[tuple[Path, dict[str, Any]]] = []
    raw_findings: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        doc = _load_yaml(path)
        w = Where(str(path))
        if not isinstance(doc, dict):
            raise w.err("a rule file is a mapping with 'decision' or 'findings' at the top")
        if "decision" in doc:
            raw_decisions.append((path, doc))
        elif "findings" in doc:
            raw_findings.append((path, doc))
        else:
            raise w.err("a rule file needs 'decision: <key>' or 'findings:' at the top")
    values_of = _decision_headers(raw_decisions)
    order = _order(raw_decisions, values_of)
    decisions = tuple(_decision(path, doc, values_of) for path, doc in order)
    ids: dict[str, str] = {}
    for d in decisions:
        for r in d.rules:
            _unique_id(ids, r.id, d.file, r.line)
    full_scope = answer_scope() | values_of
    findings: list[FindingRule] = []
    for path, doc in raw_findings:
        for f in _findings(path, doc, full_scope):
            _unique_id(ids, f.id, str(path), f.line)
            findings.append(f)
    return RuleBase(decisions=decisions, findings=tuple(findings), folder=str(folder))


def _unique_id(ids: dict[str, str], rule_id: str, file: str, line: int) -> None:
    if rule_id in ids:
        raise Where(file).err(f"duplicate rule id; '{rule_id}' is also used in {ids[rule_id]}", rule_id, line)
    ids[rule_id] = f"{file}:{line}"


def _decision_headers(raw: list[tuple[Path, dict[str, Any]]]) -> dict[str, tuple[str, ...]]:
    values_of: dict[str, tuple[str, ...]] = {}
    for path, doc in raw:
        w = Where(str(path))
        check_keys(
            doc,
            {"decision", "values", "reads", "hit_policy", "rules", "description"},
            {"decision", "values", "reads", "rules"},
            w,
            None,
        )
        key = doc["decision"]
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise w.err(f"decision key {key!r} must be lowercase letters, digits and '_'")
        if key in QUESTION_BY_KEY:
            raise w.err(f"decision '{key}' has the name of an answer key")
        if key in values_of:
            raise w.err(f"decision '{key}' is defined in two files")
        values = doc["values"]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise w.err(f"decision '{key}': 'values' must be a non-empty list of words")
        if len(set(values)) != len(values):
            raise w.err(f"decision '{key}': 'values' lists a value twice")
        values_of[key] = tuple(values)
    return values_of


def _order(
    raw: list[tuple[Path, dict[str, Any]]], values_of: Mapping[str, tuple[str, ...]]
) -> list[tuple[Path, dict[str, Any]]]:
    """Topological order of the decision requirements graph; a cycle is an error naming it."""
    by_key = {doc["decision"]: (path, doc) for path, doc in raw}
    deps: dict[str, list[str]] = {}
    for key, (path, doc) in by_key.items():
        reads = doc["reads"]
        w = Where(str(path))
        if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
            raise w.err(f"decision '{key}': 'reads' must be a list of answer keys and decision keys")
        for fact in reads:
            if fact not in QUESTION_BY_KEY and fact not in values_of:
                raise w.err(
                    f"decision '{key}' reads unknown fact {fact!r}; known: answer keys and the"
                    f" decisions {', '.join(sorted(values_of))}"
                )
            if fact in QUESTION_BY_KEY and not QUESTION_BY_KEY[fact].finite:
                raise w.err(f"decision '{key}' reads '{fact}', which has no finite set of values")
            if fact == key:
                raise w.err(f"decision '{key}' reads itself")
        deps[key] = [r for r in reads if r in values_of]
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str, stack: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = [*stack[stack.index(key) :], key]
            path = by_key[key][0]
            raise Where(str(path)).err("decisions form a cycle: " + " -> ".join(cycle))
        state[key] = 1
        for dep in deps[key]:
            visit(dep, [*stack, key])
        state[key] = 2
        done.append(key)

    contract_order = [k for k in CONTRACT_DECISIONS if k in by_key] + sorted(
        k for k in by_key if k not in CONTRACT_DECISIONS
    )
    for key in contract_order:
        visit(key, [])
    return [by_key[k] for k in done]


def _decision(path: Path, doc: dict[str, Any], values_of: Mapping[str, tuple[str, ...]]) -> Decision:
    w = Where(str(path))
    key = doc["decision"]
    values = values_of[key]
    policy = doc.get("hit_policy", "priority")
    if policy not in ("priority", "first"):
        raise w.err(f"decision '{key}': hit_policy {policy!r} is not one of priority, first")
    reads = tuple(doc["reads"])
    scope = {f: (answer_scope()[f] if f in QUESTION_BY_KEY else values_of[f]) for f in reads}
    rules_node = doc["rules"]
    if not isinstance(rules_node, list) or not rules_node:
        raise w.err(f"decision '{key}': 'rules' must be a non-empty list")
    rules: list[Rule] = []
    for index, node in enumerate(rules_node):
        if not isinstance(node, dict):
            raise w.err(f"decision '{key}': rule #{index + 1} must be a mapping", line=line_of(rules_node))
        rule_id = node.get("id")
        line = line_of(node)
        check_keys(node, *_RULE_FIELDS, w, str(rule_id) if rule_id else None)
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            raise w.err(f"rule id {rule_id!r} must be lowercase letters, digits and '-'", line=line)
        then = node["then"]
        if then not in values:
            raise w.err(
                f"outcome {then!r} is not a value of '{key}'; allowed: {', '.join(values)}", rule_id, line
            )
        priority = node.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise w.err(f"priority {priority!r} must be a whole number", rule_id, line)
        hint = f"the reads of decision '{key}' ({', '.join(reads)})"
        known = set(QUESTION_BY_KEY) | set(values_of)
        when = (
            CondParser(scope, known, w, rule_id, hint).parse(node["when"], line) if "when" in node else ALWAYS
        )
        see, beyond = _sources(node, w, rule_id, line)
        rules.append(
            Rule(
                id=rule_id,
                when=when,
                then=then,
                priority=priority,
                because=text_of(node["because"], "because", w, rule_id, line),
                source=_source(node["source"], w, rule_id, line),
                see=see,
                line=line,
                beyond_notes=beyond,
            )
        )
    return Decision(
        key=key, values=values, reads=reads, hit_policy=policy, rules=tuple(rules), file=str(path)
    )


def _findings(path: Path, doc: dict[str, Any], scope: Mapping[str, tuple[Any, ...]]) -> list[FindingRule]:
    w = Where(str(path))
    check_keys(doc, {"findings", "description"}, {"findings"}, w, None)
    nodes = doc["findings"]
    if not isinstance(nodes, list):
        raise w.err("'findings' must be a list of finding rules")
    out: list[FindingRule] = []
    for node in nodes:
        if not isinstance(node, dict):
            raise w.err("each finding rule must be a mapping", line=line_of(nodes))
        rule_id = node.get("id")
        line = line_of(node)
        check_keys(node, *_FINDING_FIELDS, w, str(rule_id) if rule_id else None)
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            raise w.err(f"rule id {rule_id!r} must be lowercase letters, digits and '-'", line=line)
        level = node["level"]
        if level not in ("blocker", "warning", "info"):
            raise w.err(f"level {level!r} is not one of blocker, warning, info", rule_id, line)
        when = (
            CondParser(scope, set(scope), w, rule_id, "the answers and decisions").parse(node["when"], line)
            if "when" in node
            else ALWAYS
        )
        see, beyond = _sources(node, w, rule_id, line)
        out.append(
            FindingRule(
                id=rule_id,
                level=level,
                when=when,
                message=text_of(node["message"], "message", w, rule_id, line),
                source=_source(node["source"], w, rule_id, line),
                see=see,
                line=line,
                beyond_notes=beyond,
            )
        )
    return out


def contract_problems(rb: RuleBase) -> list[str]:
    """How a rule base departs from the contract's decision keys and values."""
    problems = []
    have = {d.key: d.values for d in rb.decisions}
    for key, values in CONTRACT_DECISIONS.items():
        if key not in have:
            problems.append(f"decision '{key}' is missing; the contract requires it")
        elif set(have[key]) != set(values):
            problems.append(
                f"decision '{key}' has values {', '.join(have[key])}; the contract fixes {', '.join(values)}"
            )
    return problems
