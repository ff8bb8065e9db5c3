"""``advisor questions`` and ``advisor schema``: the questions as people and programs see them."""

from __future__ import annotations

from typing import Any

from .answers import DEFAULT_PORTS, NAME_MAX, NAME_PATTERN, QUESTIONS, Answers, Question
from .i18n import catalogue, choice_label


def _default_text(q: Question) -> Any:
    return {
        "project_name": "the target folder's name, normalised",
        "host_os": "the running OS",
        "language": "detected from the project's files, else python",
        "app_port": "by language: " + ", ".join(f"{k} {v}" for k, v in DEFAULT_PORTS.items()),
    }.get(q.key, q.static_default)


def questions_json(lang: str) -> list[dict[str, Any]]:
    texts = catalogue(lang)["questions"]
    out = []
    for q in QUESTIONS:
        item: dict[str, Any] = {
            "key": q.key,
            "type": {"choice": "string", "bool": "boolean", "port": "integer", "name": "string"}[q.kind],
            "prompt": texts[q.key]["prompt"],
            "help": texts[q.key].get("help", ""),
            "default": _default_text(q),
            "asked_when": None if q.when is None else {q.when[0]: sorted(q.when[1])},
        }
        if q.finite:
            item["choices"] = [{"value": c, "label": choice_label(lang, q.key, c)} for c in q.choices]
        elif q.kind == "port":
            item["minimum"], item["maximum"] = 1, 65535
        else:
            item["pattern"], item["max_length"] = NAME_PATTERN, NAME_MAX
        out.append(item)
    return out


def _word(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def questions_text(lang: str) -> str:
    lines = []
    for item in questions_json(lang):
        lines.append(f"{item['key']}: {item['prompt']}")
        if item["help"]:
            lines.append(f"    {item['help']}")
        if "choices" in item:
            lines.append(
                "    values: " + ", ".join(f"{_word(c['value'])} ({c['label']})" for c in item["choices"])
            )
        elif "minimum" in item:
            lines.append("    values: 1-65535")
        else:
            lines.append(f"    values: {item['pattern']}")
        lines.append(f"    default: {_word(item['default'])}")
        if item["asked_when"]:
            ((fact, values),) = item["asked_when"].items()
            lines.append(f"    asked when: {fact} is {' or '.join(values)}")
    return "\n".join(lines)


def answers_schema() -> dict[str, Any]:
    """The answers file's JSON Schema, generated from the Answers model.

    Every key is optional in a file (missing answers are asked or take defaults), a
    conditional key may be given when its condition is false (it is then ignored), and
    no other key is allowed.
    """
    schema = Answers.model_json_schema()
    texts = catalogue("en")["questions"]
    for key, prop in schema["properties"].items():
        if "anyOf" in prop:  # X | None: a file gives X; None only means "not asked"
            options = [o for o in prop.pop("anyOf") if o.get("type") != "null"]
            prop.update(options[0])
        prop.pop("default", None)
        prop["description"] = texts[key]["prompt"]
    schema.pop("required", None)
    schema["additionalProperties"] = False
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "advisor answers file"
    return schema
