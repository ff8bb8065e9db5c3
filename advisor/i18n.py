"""The string catalogues, one per language (``advisor/locales/<lang>.yaml``)."""

from __future__ import annotations

from functools import cache
from typing import Any

LANGUAGES = ("en", "ko")


@cache
def catalogue(lang: str) -> dict[str, Any]:
    import yaml

    from .paths import locales_dir

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (locales_dir() / f"{lang if lang in LANGUAGES else 'en'}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    return data


def t(lang: str, path: str, **values: Any) -> str:
    """The string at a dotted path, formatted with ``values``; falls back to English."""
    node: Any = catalogue(lang)
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None and lang != "en":
        return t("en", path, **values)
    if node is None:
        raise KeyError(f"no string '{path}' in the catalogue")
    return str(node).format(**values) if values else str(node)


def choice_label(lang: str, key: str, value: Any) -> str:
    word = ("true" if value else "false") if isinstance(value, bool) else str(value)
    node = catalogue(lang)["questions"][key].get("choices", {})
    return str(node.get(word, word))


def value_label(lang: str, decision: str, value: str) -> str:
    return str(catalogue(lang)["decisions"].get(decision, {}).get("values", {}).get(value, value))


def decision_title(lang: str, decision: str) -> str:
    return str(catalogue(lang)["decisions"].get(decision, {}).get("title", decision))
