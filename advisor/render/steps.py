"""The report's next steps: a table of data (``templates/next_steps.yaml``), each step with a
condition over the answers and decisions, chosen here and filled in from the plan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..conditions import ALWAYS, Condition, CondParser, Where, line_of
from ..rulebase import CONTRACT_DECISIONS, Text, answer_scope, check_keys, text_of
from ..setup import Setup

_FIELDS = {"id", "when", "unless_finding", "when_blocked", "needs", "text"}
# Facts of the plan a step may need, beyond the answers and decisions.
# "detected": the dependency files and the start command came from the project's files.
_NEEDS = {
    "release": lambda setup: bool(setup.build.release),
    "env": lambda setup: bool(setup.env),
    "detected": lambda setup: _detected(setup),
    "guessed": lambda setup: not _detected(setup),
}


def _detected(setup: Setup) -> bool:
    return "start" in setup.build.sources and "package_manager" in setup.build.sources


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    when: Condition
    text: Text
    unless_finding: tuple[str, ...] = ()
    when_blocked: bool = False
    needs: tuple[str, ...] = ()

    def applies(self, setup: Setup, facts: dict[str, Any]) -> bool:
        findings = setup.evaluation.findings
        if not all(_NEEDS[need](setup) for need in self.needs):
            return False
        if self.when_blocked and not any(f.level == "blocker" for f in findings):
            return False
        if any(f.rule in self.unless_finding for f in findings):
            return False
        return self.when.test(facts)


def load_steps(path: Path) -> tuple[Step, ...]:
    """Read and check the table: every fact and value is checked like a rule's."""
    from ..yamlio import load_file

    w = Where(str(path))
    doc = load_file(path, "next steps")
    if not isinstance(doc, dict) or not isinstance(doc.get("steps"), list):
        raise w.err("the next-steps file is a mapping with a 'steps' list")
    scope = answer_scope() | dict(CONTRACT_DECISIONS)
    steps: list[Step] = []
    for node in doc["steps"]:
        if not isinstance(node, dict):
            raise w.err("each step must be a mapping", line=line_of(doc["steps"]))
        step_id, line = node.get("id"), line_of(node)
        check_keys(node, _FIELDS, {"id", "text"}, w, str(step_id))
        parser = CondParser(scope, set(scope), w, str(step_id), "the answers and decisions")
        unless = node.get("unless_finding", [])
        if not isinstance(unless, list) or not all(isinstance(u, str) for u in unless):
            raise w.err("'unless_finding' must be a list of finding rule ids", str(step_id), line)
        needs = node.get("needs", [])
        if not isinstance(needs, list) or not all(n in _NEEDS for n in needs):
            raise w.err(f"'needs' must be a list of plan facts: {', '.join(_NEEDS)}", str(step_id), line)
        steps.append(
            Step(
                id=str(step_id),
                when=parser.parse(node["when"], line) if "when" in node else ALWAYS,
                text=text_of(node["text"], "text", w, str(step_id), line),
                unless_finding=tuple(unless),
                when_blocked=node.get("when_blocked") is True,
                needs=tuple(needs),
            )
        )
    return tuple(steps)


@cache
def shipped_steps() -> tuple[Step, ...]:
    from ..paths import data_dir

    return load_steps(data_dir("templates") / "next_steps.yaml")


def next_steps(setup: Setup, lang: str, steps: tuple[Step, ...] | None = None) -> list[tuple[str, str]]:
    """The (step id, text) pairs that apply to this plan, in the table's order."""
    from ..i18n import choice_label

    evaluation = setup.evaluation
    facts: dict[str, Any] = {
        **evaluation.answers.applicable(),
        **{k: d.value for k, d in evaluation.decisions.items()},
    }
    fill = {
        "url": setup.url,
        "host_port": setup.host_port,
        "project": setup.project,
        "database": choice_label(lang, "database", evaluation.answers.database),
        **_kubernetes_fill(setup),
    }
    chosen = steps if steps is not None else shipped_steps()
    return [(s.id, s.text.get(lang).format(**fill)) for s in chosen if s.applies(setup, facts)]


def _kubernetes_fill(setup: Setup) -> dict[str, str]:
    """The names the Kubernetes steps use ({k8s_name}, {secret}, {image}, {ingress_host}...)."""
    k = setup.kubernetes
    if k is None:
        return dict.fromkeys(
            ("k8s_name", "secret", "image", "tag", "ingress_host", "tls_secret", "build"), ""
        )
    context = setup.build_context
    dockerfile = "" if context == "." else " --file Dockerfile"
    return {
        "k8s_name": k.name,
        "secret": k.secret,
        "image": k.image,
        "tag": k.tag,
        "ingress_host": k.host,
        "tls_secret": k.tls_secret,
        "build": f"docker buildx build --platform linux/amd64,linux/arm64{dockerfile}"
        f" -t {k.image}:{k.tag} --push {context}",
    }


__all__ = ["Step", "load_steps", "next_steps", "shipped_steps"]
