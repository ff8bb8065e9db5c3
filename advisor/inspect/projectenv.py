"""What the project's own ``.env`` holds that production should not keep: placeholder values
(``SECRET_KEY=changethis``) and development's modes (``FASTAPI_ENV=development``). advisor
keeps every value .env already has, so the report names these for the person to change."""

from __future__ import annotations

import re

from .common import DOTENV_LINE, dotenv_value
from .envroles import classify
from .tree import Tree, join, written_by_advisor

# An example value that stands for a real one: changethis, change-me, your-api-key, <token>.
PLACEHOLDER = re.compile(r"(?i)change[-_]?(?:it|this|me)|replace[-_]?me|^your[-_]|^<.*>$|^x{3,}$|^todo$")


_DEV_WORDS = frozenset({"development", "develop", "dev", "local", "debug"})
_ON_WORDS = frozenset({"1", "true", "yes", "on"})


def env_dev_values(tree: Tree, folder: str) -> tuple[str, ...]:
    """``NAME=value`` of the project's own ``.env`` that set development's mode or turn
    debugging on (``FASTAPI_ENV=development``, ``DEBUG=1``): advisor keeps a value .env
    already has, so production would run with them until the person changes them."""
    found: list[str] = []
    for where in dict.fromkeys((folder, "")):
        text = tree.text(join(where, ".env"))
        if text is None or written_by_advisor(text):
            continue
        for line in text.split("# added by advisor", 1)[0].splitlines():
            m = DOTENV_LINE.match(line)
            if not m or line.lstrip().startswith("#"):
                continue
            value, role = dotenv_value(m.group(2)), classify(m.group(1))
            if (role == "app_env" and value.lower() in _DEV_WORDS) or (
                role == "debug" and value.lower() in _ON_WORDS
            ):
                found.append(f"{m.group(1)}={value}")
    return tuple(dict.fromkeys(found))


def env_placeholders(tree: Tree, folder: str) -> tuple[str, ...]:
    """Names the project's own ``.env`` gives a placeholder value (``SECRET_KEY=changethis``):
    advisor keeps a value .env already has, so the person must replace these."""
    found: list[str] = []
    for where in dict.fromkeys((folder, "")):
        text = tree.text(join(where, ".env"))
        if text is None or written_by_advisor(text):
            continue
        for line in text.split("# added by advisor", 1)[0].splitlines():
            m = DOTENV_LINE.match(line)
            if m and not line.lstrip().startswith("#") and PLACEHOLDER.search(dotenv_value(m.group(2))):
                found.append(m.group(1))
    return tuple(dict.fromkeys(found))
