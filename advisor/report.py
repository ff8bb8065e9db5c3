"""The written recommendation (RECOMMENDATIONS.md), in English or Korean.

It reads the decisions and findings from the advice; it never re-derives a decision.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from .i18n import catalogue, choice_label, decision_title, t, value_label

if TYPE_CHECKING:
    import jinja2

    from .engine import Advice


@cache
def environment() -> jinja2.Environment:
    import jinja2

    from .paths import data_dir

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=False,  # Markdown and config files; every value is validated before it gets here
        keep_trailing_newline=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )


def note_ref(lang: str, source: str) -> str:
    slug = source.partition("#")[2]
    title = catalogue(lang)["note_sections"].get(slug, slug)
    return t(lang, "report.notes_ref", title=title) + f" (`{source}`)"


def _reasons(advice: Advice, key: str, value: str, lang: str) -> list[str]:
    d = advice.decisions[key]
    candidates = [r for r in d.trace if r.then == value]
    if not candidates:
        return [t(lang, "report.no_rule")]
    if all(d.outranks(r) for r in candidates):  # matched or not, the winner comes first
        return [t(lang, "report.outranked_all", winner=d.rule, condition=d.winner.condition)]
    out = []
    for r in candidates:
        if r.matched:
            out.append(t(lang, "report.lost", rule=r.id, winner=d.rule))
        else:
            tests = f"`{r.condition}`"
            seen = "; ".join(
                dict.fromkeys(
                    f"`{s.phrase(lang)}`" if s.value is not None else s.phrase(lang)
                    for f in r.failed
                    for s in f.seen
                )
            )
            key_ = "report.failed_outranked" if d.outranks(r) else "report.failed"
            out.append(t(lang, key_, rule=r.id, tests=tests, seen=seen, winner=d.rule))
    return out


def next_steps(advice: Advice, lang: str) -> list[str]:
    """Concrete steps for this user's machine and decisions."""
    a = advice.answers
    steps: list[str] = []
    if advice.blockers:
        steps.append(t(lang, "next.blockers"))
    if advice.value("runtime") == "virtual-machine":
        steps.append(t(lang, "next.vm"))
        return steps
    backend = advice.value("windows_backend")
    if backend == "wsl2":
        steps += [t(lang, "next.windows_wsl2"), t(lang, "next.windows_wsl2_code")]
    elif backend == "hyper-v" and a.windows_edition != "home":  # on Home the blocker says what to do
        steps.append(t(lang, "next.windows_hyperv"))
        if a.windows_containers:
            steps.append(t(lang, "next.windows_containers_switch"))
    elif a.host_os == "macos":
        steps.append(t(lang, "next.macos"))
    elif a.host_os == "linux":
        steps.append(t(lang, "next.linux"))
    if advice.value("database_placement") == "native-install":
        steps.append(t(lang, "next.database_native", database=choice_label(lang, "database", a.database)))
    if advice.value("media_storage") == "cdn-object-storage":
        steps.append(t(lang, "next.object_storage"))
    steps.append(t(lang, "next.dockerfile"))
    production = a.environment == "production"
    if advice.value("orchestration") == "compose":
        steps.append(
            t(lang, "next.compose_up_production" if production else "next.compose_up", port=a.app_port)
        )
    elif backend == "hyper-v":  # no WSL shell: PowerShell has no sh
        steps.append(t(lang, "next.run_script_powershell", port=a.app_port))
    else:
        steps.append(t(lang, "next.run_script", port=a.app_port))
    steps.append(t(lang, "next.env"))
    return steps


def report_context(advice: Advice, lang: str, files: list[str]) -> dict[str, Any]:
    cat = catalogue(lang)
    decisions = []
    for key, d in advice.decisions.items():
        others = [
            {"value": v, "label": value_label(lang, key, v), "reasons": _reasons(advice, key, v, lang)}
            for v in d.values
            if v != d.value
        ]
        decisions.append(
            {
                "key": key,
                "title": decision_title(lang, key),
                "value": d.value,
                "label": value_label(lang, key, d.value),
                "because": d.because.get(lang),
                "ref": note_ref(lang, d.source),
                "see": d.see,
                "others": others,
            }
        )
    findings = [
        {
            "level": cat["levels"][f.level],
            "message": f.message.get(lang),
            "rule": f.rule,
            "ref": note_ref(lang, f.source),
            "see": f.see,
        }
        for f in advice.findings
    ]
    answers = [
        {
            "key": key,
            "prompt": cat["questions"][key]["prompt"],
            "value": _plain(value),
            "label": choice_label(lang, key, value) if "choices" in cat["questions"][key] else _plain(value),
        }
        for key, value in advice.answers.applicable().items()
    ]
    return {
        "s": cat["report"],
        "project": advice.answers.project_name,
        "blockers": [f for f, src in zip(findings, advice.findings, strict=True) if src.level == "blocker"],
        "findings": [f for f, src in zip(findings, advice.findings, strict=True) if src.level != "blocker"],
        "decisions": decisions,
        "next_steps": next_steps(advice, lang),
        "answers": answers,
        "files": [{"name": name, "what": cat["files"].get(name, "")} for name in files],
    }


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_report(advice: Advice, lang: str, files: list[str] | None = None) -> str:
    from .plan import planned_files

    files = files if files is not None else planned_files(advice)
    template = environment().get_template("RECOMMENDATIONS.md.j2")
    return template.render(report_context(advice, lang, files))
