"""Wording of the engine's structured reasons, for ``advisor explain`` and for the report."""

from __future__ import annotations

from ..engine import Failed, FailedTest, Lost, NoRule, Outranked, Reason, Seen
from ..i18n import t


def seen_phrase(seen: Seen, lang: str) -> str:
    if seen.value is not None:
        return f"{seen.fact} = {seen.value}"
    return t(lang, "explain.not_asked", fact=seen.fact, gate=seen.gate, value=seen.gate_value)


def failed_sentence(test: FailedTest, lang: str) -> str:
    seen = t(lang, "report.seen_separator").join(seen_phrase(s, lang) for s in test.seen)
    return t(lang, "explain.needs", test=test.test, seen=seen)


def explain_reason(reason: Reason, value: str, lang: str) -> str:
    """One line of ``advisor explain``: plain text."""
    if isinstance(reason, NoRule):
        return t(lang, "explain.no_rule", value=value)
    if isinstance(reason, Outranked):
        return t(lang, "explain.outranked", winner=reason.winner, condition=reason.winner_condition)
    if isinstance(reason, Lost):
        return t(
            lang,
            "explain.lost",
            rule=reason.rule,
            winner=reason.winner,
            priority=reason.priority,
            winner_priority=reason.winner_priority,
        )
    reasons = t(lang, "report.seen_separator").join(failed_sentence(f, lang) for f in reason.failed)
    if reason.outranked:
        reasons += t(lang, "explain.and_outranked", winner=reason.winner)
    return t(lang, "explain.failed", rule=reason.rule, reasons=reasons)


def report_reason(reason: Reason, lang: str) -> str:
    """One bullet of the report's "Not chosen": Markdown."""
    if isinstance(reason, NoRule):
        return t(lang, "report.no_rule")
    if isinstance(reason, Outranked):
        return t(lang, "report.outranked_all", winner=reason.winner, condition=reason.winner_condition)
    if isinstance(reason, Lost):
        return t(lang, "report.lost", rule=reason.rule, winner=reason.winner)
    assert isinstance(reason, Failed)
    seen = t(lang, "report.seen_separator").join(
        dict.fromkeys(
            f"`{seen_phrase(s, lang)}`" if s.value is not None else seen_phrase(s, lang)
            for f in reason.failed
            for s in f.seen
        )
    )
    key = "report.failed_outranked" if reason.outranked else "report.failed"
    return t(lang, key, rule=reason.rule, tests=f"`{reason.condition}`", seen=seen, winner=reason.winner)
