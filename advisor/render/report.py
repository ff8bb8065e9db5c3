"""The written recommendation (RECOMMENDATIONS.md), in English or Korean, from the plan."""

from __future__ import annotations

import re
import shlex
from typing import Any

from ..i18n import catalogue, choice_label, decision_title, t, value_label
from ..setup import Setup
from . import template
from .hardening import app_hardening
from .reasons import report_reason
from .steps import next_steps


def note_ref(lang: str, source: str) -> str:
    slug = source.partition("#")[2]
    title = catalogue(lang)["note_sections"].get(slug, slug)
    return t(lang, "report.notes_ref", title=title) + f" (`{source}`)"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def report_context(setup: Setup, lang: str) -> dict[str, Any]:
    evaluation = setup.evaluation
    cat = catalogue(lang)
    decisions = []
    for key, d in evaluation.decisions.items():
        others = [
            {
                "value": v,
                "label": value_label(lang, key, v),
                "reasons": [report_reason(r, lang) for r in d.reasons_against(v)],
            }
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
            "blocker": f.level == "blocker",
            "level": cat["levels"][f.level],
            "message": f.message.get(lang),
            "rule": f.rule,
            "ref": note_ref(lang, f.source),
            "see": f.see,
        }
        for f in evaluation.findings
    ]
    questions = cat["questions"]
    answers = [
        {
            "key": key,
            "prompt": questions[key]["prompt"],
            "value": _plain(value),
            "label": choice_label(lang, key, value) if "choices" in questions[key] else _plain(value),
        }
        for key, value in evaluation.answers.applicable().items()
    ]
    withheld = ".env" if setup.env_tracked else None  # git tracks it: not written, and said so
    return {
        "s": cat["report"],
        "project_facts": _project_facts(setup, lang),
        "project_notes": _project_notes(setup, lang),
        "project": setup.project,
        "blockers": [f for f in findings if f["blocker"]],
        "findings": [f for f in findings if not f["blocker"]],
        "decisions": decisions,
        "next_steps": [text for _, text in next_steps(setup, lang)],
        "answers": answers,
        "security": _security(setup, lang),
        "files": [
            {
                "name": f.name,
                "what": cat["files"].get(f"{f.name}-tracked" if withheld == f.name else f.name, ""),
            }
            for f in setup.files
        ],
    }


def _project_facts(setup: Setup, lang: str) -> list[dict[str, str]]:
    """How the image is built and started, and where each fact came from."""
    if not setup.containers:
        return []
    build = setup.build
    # A workspace member is built from the workspace's folder: the app's folder is no context.
    member = build.member_dir != "."
    facts = [
        ("app_dir_member" if member else "app_dir", build.app_dir, build.sources.get("app_dir", "")),
        ("runtime_version", build.runtime_version, build.sources.get("runtime_version", "")),
        ("package_manager", build.package_manager, build.sources.get("package_manager", "")),
        # A front end's image runs nginx, whatever start_command says.
        (
            "start_command",
            f"nginx: {build.output_dir or 'dist'}/" if build.kind == "spa" else shlex.join(build.start),
            build.sources.get("start", ""),
        ),
        # the port the project states (the answer's own port has no file to name)
        (
            "app_port",
            str(setup.app_port) if "app_port" in build.sources else "",
            build.sources.get("app_port", ""),
        ),
        ("release", shlex.join(build.release), build.sources.get("release", "")),
        ("worker", shlex.join(build.worker), build.sources.get("worker", "")),
    ]
    labels = catalogue(lang)["report"]["project_facts"]
    phrases = catalogue(lang)["report"].get("source_phrases", ())
    return [
        {"label": labels[key], "value": value, "source": _phrased(source, phrases)}
        for key, value, source in facts
        if value and (key != "app_dir" or value != ".") and (key != "package_manager" or value != "none")
    ]


def _phrased(text: str, phrases: list[list[str]]) -> str:
    """A source whose reason the inspector wrote in English, in the report's language."""
    for pattern, replacement in phrases:
        text = re.sub(pattern, replacement, text)
    return text


def _security(setup: Setup, lang: str) -> dict[str, list[str]] | None:
    """Production: what the files protect against, and what stays the person's job."""
    if not setup.production or not setup.containers:
        return None
    s = catalogue(lang)["report"]["security"]
    where = s["where_compose"] if setup.compose else s["where_run"]
    limits = s["limits_compose"] if setup.compose else s["limits_run"]
    app = app_hardening(setup)
    services = setup.compose and ((setup.database is not None and setup.database.in_container) or setup.cache)
    protects = [s["user"], s["runtime"].format(where=where)]
    if services:
        protects.append(s["step_down"])
    protects.append(
        s["read_only"]
        if app.read_only
        else s["writable"].format(folders=", ".join(f"`{w}`" for w in app.writes))
    )
    protects.append(s["limits"].format(where=limits))
    if setup.proxy is not None:
        protects.append(s["proxy"])
    if services:
        protects.append(s["not_published"])
    if setup.compose:
        protects.append(s["logs"])
    protects.append(s["secrets"])
    if setup.compose and setup.database is not None and setup.database.in_container:
        protects.append(s["database_user"])
    if setup.healthcheck:
        protects.append(s["healthcheck"])
    return {"protects": protects, "remains": [s["scan"], s["patch"], s["rotate"], s["firewall"]]}


def _project_notes(setup: Setup, lang: str) -> list[str]:
    phrases = catalogue(lang)["report"].get("source_phrases", ())
    return [
        t(
            lang,
            f"report.project_note.{note.key}",
            **{k: _phrased(v, phrases) for k, v in note.values.items()},
        )
        for note in setup.notes
    ]


def render_report(setup: Setup, lang: str) -> str:
    return template("RECOMMENDATIONS.md.j2").render(report_context(setup, lang))
