"""The files a run cannot simply write: a person's edits, the project's own files. Each is a
:class:`Conflict` with its merge; a policy (``--on-conflict``) or a person settles it."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import UserError
from .i18n import t
from .merge import Merged, merge2, merge3
from .record import Record, sha256
from .setup import ANSWERS
from .writer import PlannedFile, Status, read_existing

OnConflict = Literal["stop", "merge", "keep", "take", "markers"]
ON_CONFLICT: tuple[OnConflict, ...] = ("stop", "merge", "keep", "take", "markers")
"""What to do with a file that differs from advisor's new version and is not advisor's own
unedited file: stop (write nothing), merge (three-way, when it merges cleanly), keep (yours),
take (advisor's), markers (merge, and write overlapping edits between conflict markers)."""


def policy_of(args: Any) -> OnConflict:
    """The command line's ``--on-conflict``, with ``--force`` as its ``take`` (both together
    with another value is an error)."""
    chosen = getattr(args, "on_conflict", None)
    if getattr(args, "force", False):
        if chosen not in (None, "take"):
            raise UserError(f"--force writes advisor's versions; it cannot go with --on-conflict {chosen}")
        return "take"
    return chosen if chosen in ON_CONFLICT else "stop"


Resolution = Literal["merge", "keep", "take", "markers", "stop"]
ConflictKind = Literal["edited", "own", "answers", "compose", "override"]
BESIDE: frozenset[ConflictKind] = frozenset({"compose", "override"})
"""The kinds that are not a version of a file advisor writes but another file docker compose
reads beside advisor's compose.yaml: take moves it aside, keep leaves it (never merged)."""
NO_MERGE: frozenset[ConflictKind] = BESIDE | {"own"}
"""The kinds with no version advisor wrote to merge with: take or keep only (the project's own
file, which take keeps beside advisor's as NAME.orig, and the files beside compose.yaml)."""


@dataclass(frozen=True)
class Conflict:
    """A file that differs and is not advisor's own unedited file."""

    name: str
    kind: ConflictKind
    """edited: advisor wrote it and a person changed it; own: the project's file, which advisor
    never wrote; answers: the answers file, edited; compose: the project's own compose file
    under another name Compose reads (compose.yml, docker-compose.yml, ...), which a
    compose.yaml would hide; override: a compose override file advisor did not write, which
    docker compose would merge into advisor's compose.yaml."""
    mine: str
    theirs: str
    merged: Merged | None
    """The merge of mine and theirs (three-way when advisor's previous version could be
    rebuilt, else every difference a conflict); None for the answers, compose and override kinds."""
    three_way: bool = False
    aside: str | None = None
    """For the compose and override kinds: the free name (never read by Compose) that take
    moves the file to, unchanged."""

    def resolutions(self) -> tuple[Resolution, ...]:
        """What can be done with it (besides stopping)."""
        if self.kind in NO_MERGE:
            return ("take", "keep")
        if self.merged is None:
            return ("take",)
        return ("merge", "keep", "take") if self.merged.clean else ("markers", "keep", "take")


def find_conflicts(
    names: list[str],
    files: Mapping[str, PlannedFile],
    current: Mapping[str, str | None],
    record: Record,
    previous_files: Callable[[], Mapping[str, str] | None],
    folder: Path,
    beside: Mapping[str, tuple[ConflictKind, str]] | None = None,
) -> list[Conflict]:
    """Each conflicting file with its merge: three-way when advisor's previous version of it can
    be rendered again and matches the record exactly, else two-way (every difference shown).
    ``beside`` names the other files Compose would read, each with its kind and the name take
    would move it to."""
    found = []
    for name in names:
        if beside is not None and name in beside:  # a file Compose reads beside compose.yaml
            what, aside = beside[name]
            found.append(Conflict(name, what, read_existing(folder / name) or "", "", None, aside=aside))
            continue
        mine, theirs = current[name] or "", files[name].content
        if name == ANSWERS:
            found.append(Conflict(name, "answers", mine, theirs, None))
            continue
        if "\0" in mine:  # not text: nothing to merge
            found.append(Conflict(name, "own" if name not in record.files else "edited", mine, theirs, None))
            continue
        base = None
        if name in record.files:
            base = (previous_files() or {}).get(name)
            if base is not None and sha256(base) != record.files[name]:
                base = None  # not what advisor wrote then: no trustworthy base
        merged = merge3(base, mine, theirs) if base is not None else merge2(mine, theirs)
        # a link is the project's own arrangement, whatever advisor wrote before: never merged
        kind: ConflictKind = "edited" if name in record.files and not (folder / name).is_symlink() else "own"
        found.append(Conflict(name, kind, mine, theirs, merged, three_way=base is not None))
    return found


def settle(conflicts: list[Conflict], on_conflict: OnConflict) -> dict[str, Resolution]:
    """The resolutions a policy settles; the rest are left for a choice or stop the run."""
    chosen: dict[str, Resolution] = {}
    for c in conflicts:
        if on_conflict == "take":
            chosen[c.name] = "take"
        elif c.kind in NO_MERGE and on_conflict == "keep":
            chosen[c.name] = "keep"
        elif c.merged is None or on_conflict == "stop" or c.kind == "own":
            continue
        elif on_conflict == "keep":
            chosen[c.name] = "keep"
        elif on_conflict == "markers" or (on_conflict == "merge" and c.merged.clean):
            chosen[c.name] = "merge"
    return chosen


def asking_order(conflicts: list[Conflict]) -> list[Conflict]:
    """The order to ask a person in: the project's compose files, their override files, then
    the rest, so that the choice for a compose file can settle the files that go with it."""
    order = {"compose": 0, "override": 1}
    return sorted(conflicts, key=lambda c: order.get(c.kind, 2))


def settled_by(c: Conflict, main: Resolution) -> Resolution | None:
    """What ``c`` takes without being asked once ``main`` was chosen for the project's compose
    file: an override file goes with that file, and keeping it means no compose.yaml is written
    (nothing to choose for it). None: ``c`` is asked."""
    if c.kind == "override":
        return main
    return "keep" if c.name == "compose.yaml" and main == "keep" else None


def unsettled_status(c: Conflict) -> Status:
    if c.kind == "edited" and c.merged is not None:
        return "conflict-merges" if c.merged.clean else "conflict-overlaps"
    if c.kind == "own":
        return "conflict-own"
    if c.kind in BESIDE:
        return "conflict-compose" if c.kind == "compose" else "conflict-override"
    return "conflict"


def refusal(out: Path, unsettled: list[Conflict], lang: str, *, asked: bool) -> str:
    """Why nothing was written, file by file, and what would settle each (in the run's language)."""
    lines = [t(lang, "merge.refused_asked" if asked else "merge.refused", out=out)]
    for c in unsettled:
        lines.append(f"  {c.name}: {t(lang, 'merge.why.' + why(c))}")
    if not asked:
        lines += how(lang, unsettled)
    return "\n".join(lines)


def how(lang: str, unsettled: list[Conflict]) -> list[str]:
    """What settles them: the policies, and what take and keep do to the project's compose files."""
    lines = [t(lang, "merge.how")] if any(c.kind not in NO_MERGE for c in unsettled) else []
    if own := [c.name for c in unsettled if c.kind == "own"]:
        lines.append(t(lang, "merge.how_own", names=", ".join(own)))
    if any(c.kind in BESIDE for c in unsettled):
        lines.append(t(lang, "merge.how_compose"))
    return lines


def why(c: Conflict) -> str:
    """The catalogue key (under merge.why) that says why ``c`` needs a choice."""
    if c.kind == "edited" and c.merged is not None:
        if not c.three_way:
            return "edited_no_base"
        return "edited_merges" if c.merged.clean else "edited_overlaps"
    return c.kind


def env_exposed(out: Path, kept: list[str]) -> bool:
    """Whether a ``.dockerignore`` kept as it is (the project's, or a person's edit) lets
    ``.env`` into the build context, where advisor's Dockerfile copies it into the image with
    the secrets advisor generated: the last pattern that matches ``.env`` decides, as in
    Docker's own reading (``!`` puts a file back)."""
    if ".dockerignore" not in kept or not (out / ".env").is_file():
        return False
    text = read_existing(out / ".dockerignore") or ""
    excluded = False
    for line in text.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip().lstrip("/").removeprefix("**/").rstrip("/")
        if pattern and fnmatch.fnmatchcase(".env", pattern):
            excluded = not negated
    return not excluded
