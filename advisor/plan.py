"""Which files a run writes, decided only from the decisions (no decision is re-derived here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Advice

REPORT = "RECOMMENDATIONS.md"
ANSWERS = ".advisor-answers.yaml"
GITIGNORE = ".gitignore"  # written by generate itself: it depends on the existing file
GITATTRIBUTES = ".gitattributes"  # likewise: keeps run.sh's line endings LF on Windows checkouts
# Files a later run may remove when the plan no longer has them and they are unedited.
REMOVABLE = frozenset({"compose.yaml", "run.sh", "Dockerfile", ".dockerignore", ".env.example", REPORT})


def planned_files(advice: Advice) -> list[str]:
    """The files ``generate`` writes for this advice, in the order they are listed to people."""
    files: list[str] = []
    if advice.value("runtime") == "containers":
        orchestration = advice.value("orchestration")
        if orchestration == "compose":
            files.append("compose.yaml")
        elif orchestration == "docker-run-script":
            files.append("run.sh")
        files += ["Dockerfile", ".dockerignore", ".env.example", ".env", GITIGNORE]
        if orchestration == "docker-run-script":
            files.append(GITATTRIBUTES)
    files += [REPORT, ANSWERS]
    return files
