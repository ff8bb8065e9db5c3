"""``advisor questions`` and ``advisor schema``: the questions as people and programs see them."""

from __future__ import annotations

from typing import Any

from .answers import NAME_MAX, NAME_PATTERN, QUESTIONS, RANGES, Question
from .i18n import catalogue, choice_label
from .stacks import DEFAULT_PORTS


def _default_text(q: Question, lang: str = "en") -> Any:
    from .i18n import t

    if q.key in (
        "project_name",
        "host_os",
        "language",
        "runtime_version",
        "package_manager",
        "start_command",
    ):
        return t(lang, f"questions_view.default_{q.key}")
    if q.key == "app_port":
        return t(lang, "questions_view.default_app_port") + ", ".join(
            f"{k} {v}" for k, v in DEFAULT_PORTS.items()
        )
    return q.static_default


def questions_json(lang: str) -> list[dict[str, Any]]:
    texts = catalogue(lang)["questions"]
    out = []
    for q in QUESTIONS:
        item: dict[str, Any] = {
            "key": q.key,
            "type": {
                "choice": "string",
                "bool": "boolean",
                "port": "integer",
                "count": "integer",
                "name": "string",
                "text": "string",
            }[q.kind],
            "prompt": texts[q.key]["prompt"],
            "help": texts[q.key].get("help", ""),
            # A value of the question's type, or null when the default is worked out (the
            # folder's name, the running OS, what the project's files say): default_note says how.
            "default": q.static_default,
            "default_note": _default_text(q, lang),
            "asked_when": None if q.when is None else {q.when[0]: sorted(q.when[1])},
        }
        if q.finite:
            item["choices"] = [{"value": c, "label": choice_label(lang, q.key, c)} for c in q.choices]
        elif q.kind in RANGES:
            item["minimum"], item["maximum"] = RANGES[q.kind]
        elif q.kind == "text":
            item["pattern"], item["allowed"] = q.pattern, texts[q.key].get("allowed", q.allowed)
        else:
            item["pattern"], item["max_length"] = NAME_PATTERN, NAME_MAX
        out.append(item)
    return out


def _word(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def questions_text(lang: str) -> str:
    from .i18n import t

    words = {w: t(lang, f"questions_view.{w}") for w in ("values", "default", "asked_when", "or")}
    lines = []
    for item in questions_json(lang):
        lines.append(f"{item['key']}: {item['prompt']}")
        if item["help"]:
            lines.append(f"    {item['help']}")
        if "choices" in item:
            listed = ", ".join(f"{_word(c['value'])} ({c['label']})" for c in item["choices"])
            lines.append(f"    {words['values']}: {listed}")
        elif "minimum" in item:
            lines.append(f"    {words['values']}: {item['minimum']}-{item['maximum']}")
        else:
            lines.append(f"    {words['values']}: {item.get('allowed') or item['pattern']}")
        lines.append(f"    {words['default']}: {_word(item['default_note'])}")
        if item["asked_when"]:
            ((fact, values),) = item["asked_when"].items()
            listed = (" " + words["or"] + " ").join(_word(v) for v in values)
            lines.append(f"    {words['asked_when']}: {fact} = {listed}")
    return "\n".join(lines)
