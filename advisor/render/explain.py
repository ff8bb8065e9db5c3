"""``advisor explain``: per decision, the rule that won, the rules that matched and lost,
and for every other value why it was not chosen (the failing test and the value seen)."""

from __future__ import annotations

from ..engine import Evaluation
from ..i18n import decision_title, t, value_label
from .reasons import explain_reason


def render_explanation(evaluation: Evaluation, lang: str, only: str | None = None) -> str:
    lines: list[str] = []
    for key, d in evaluation.decisions.items():
        if only is not None and key != only:
            continue
        winner = d.winner
        lines.append(f"{decision_title(lang, key)} ({key}) = {d.value}  [{value_label(lang, key, d.value)}]")
        lines.append(
            "  " + t(lang, "explain.won", rule=d.rule, priority=winner.priority, because=d.because.get(lang))
        )
        lines.append("  " + t(lang, "explain.source", source=d.source))
        losers = d.losers()
        if losers:
            rules = ", ".join(
                t(lang, "explain.rule_outcome", rule=r.id, value=r.then, priority=r.priority) for r in losers
            )
            lines.append("  " + t(lang, "explain.also_matched", rules=rules))
        for value in d.values:
            if value == d.value:
                continue
            lines.append("  " + t(lang, "explain.other_value", value=value))
            lines.extend(
                f"    - {explain_reason(reason, value, lang)}" for reason in d.reasons_against(value)
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
