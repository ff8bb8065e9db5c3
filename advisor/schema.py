"""The answers file at the schema boundary: a pydantic model derived from the questions, and
the JSON Schema ``advisor schema`` prints.

The command line validates answers with the questions themselves (:mod:`advisor.answers`),
so that a run needs no pydantic; this model is built from the same question table and the
tests check that both accept and reject the same values.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from .answers import NAME_MAX, NAME_PATTERN, QUESTIONS, RANGES, Question
from .i18n import catalogue


def _field_type(q: Question) -> Any:
    from typing import Annotated

    from pydantic import Field

    if q.kind == "bool":
        return bool
    if q.kind in RANGES:
        low, high = RANGES[q.kind]
        return Annotated[int, Field(ge=low, le=high, strict=True)]
    if q.kind == "name":
        return Annotated[str, Field(pattern=NAME_PATTERN, max_length=NAME_MAX)]
    if q.kind == "text":
        # Spaces around the value are trimmed, as the questions trim them.
        return Annotated[str, Field(pattern=f"^ *(?:{q.pattern}) *$", max_length=300)]
    return Literal[q.choices]


@cache
def answers_model() -> Any:
    """The pydantic model of a complete set of answers (every key optional: a file may omit
    any, and a conditional key that does not apply is ignored)."""
    from pydantic import ConfigDict, create_model

    fields: dict[str, Any] = {q.key: (_field_type(q) | None, None) for q in QUESTIONS}
    return create_model(
        "AnswersFile",
        __config__=ConfigDict(extra="forbid", strict=True),
        **fields,
    )


def answers_schema() -> dict[str, Any]:
    """The answers file's JSON Schema, generated from :func:`answers_model`.

    Every key is optional in a file (missing answers are asked or take defaults), a
    conditional key may be given when its condition is false (it is then ignored), and
    no other key is allowed.
    """
    schema: dict[str, Any] = answers_model().model_json_schema()
    texts = catalogue("en")["questions"]
    for key, prop in schema["properties"].items():
        if "anyOf" in prop:  # X | None: a file gives X; None only means "not asked"
            options = [o for o in prop.pop("anyOf") if o.get("type") != "null"]
            prop.update(options[0])
        prop.pop("default", None)
        prop.pop("title", None)
        prop["description"] = texts[key]["prompt"]
    schema.pop("required", None)
    schema.pop("title", None)
    schema["additionalProperties"] = False
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "advisor answers file"
    schema["description"] = (
        "Answers for advisor (see `advisor questions`). Every key is optional: missing answers"
        " are asked, or take their defaults with --defaults. A key whose question does not apply"
        " (windows_* off Windows, media_delivery without media) is ignored. advisor also reads"
        " yes/no for booleans and digits in quotes for app_port; it writes the forms below."
    )
    return schema
