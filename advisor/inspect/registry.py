"""The detector table: one row per ecosystem, in priority order (a tie in detection
strength goes to the earlier row). Adding an ecosystem is adding a row."""

from __future__ import annotations

from . import go, java, node, python, static
from .common import Ecosystem

ECOSYSTEMS: tuple[Ecosystem, ...] = (
    Ecosystem("python", python.detect, python.plan),
    Ecosystem("java", java.detect, java.plan),
    Ecosystem("go", go.detect, go.plan),
    Ecosystem("node", node.detect, node.plan),
    Ecosystem("static", static.detect, static.plan),
)
