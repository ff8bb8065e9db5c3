"""Writing a run's files safely: advisor's own unedited files are updated, a person's edits
are kept or stop the run, append-only files only grow, stale files are removed when unedited."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .conflicts import (
    BESIDE,
    Conflict,
    ConflictKind,
    OnConflict,
    Resolution,
    find_conflicts,
    refusal,
    settle,
    unsettled_status,
)
from .dbnotes import for_folder
from .errors import AdvisorError, Interrupted, WriteRefused
from .i18n import t
from .inspect.tree import written_by_advisor
from .record import (
    Record,
    answers_in,
    is_unedited_answers,
    read_record,
    record_block,
    recorded_hashes,
    sha256,
    without_record,
)
from .render.files import mark_unused, render_files
from .setup import ANSWERS, APPEND_ONLY, ENV, ENV_EXAMPLE, REMOVABLE, Setup
from .writer import (
    FileOutcome,
    PlannedFile,
    Status,
    classify,
    commit,
    folder_lock,
    prepare_folder,
    read_existing,
    read_targets,
    through_link,
    tracked_by_git,
)

_MERGES = ("merged", "merged-conflicts")
WRITES = ("new", "overwrite", "overwrite-aside", "updated", "replaced", "rewritten", *_MERGES)


@dataclass(frozen=True)
class Outcome:
    files: list[FileOutcome]
    written: bool
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    """For a file that is merged (or would be): its text before and after."""
    conflicts: list[Conflict] = field(default_factory=list)
    """The conflicts left unresolved (a dry run reports them instead of stopping)."""


Chooser = Callable[[list[Conflict]], Mapping[str, Resolution]]
"""Asked with the conflicts a policy left; returns a resolution per file name."""

Rebuild = Callable[[Mapping[str, Any]], Setup]
"""The plan for other answers (the previous run's), to render advisor's previous files."""


def write_files(
    setup: Setup,
    out: Path,
    *,
    lang: str,
    force: bool = False,
    dry_run: bool = False,
    answers_source: Path | None = None,
    on_conflict: OnConflict = "stop",
    choose: Chooser | None = None,
    rebuild: Rebuild | None = None,
) -> Outcome:
    """Render and write every file. A file that differs is overwritten only when it is advisor's
    own (it still matches what the last run recorded), or, for the answers file, when it is
    ``answers_source`` (the answers this run read). Any other difference is a :class:`Conflict`,
    settled by ``on_conflict`` (``force`` is ``take``), then by ``choose``; one left unsettled
    stops the run with nothing written. An edited file of advisor's is merged three-way with
    advisor's previous version, rendered again with ``rebuild`` from the answers the record
    holds. Before ``choose`` is asked, the answers file is saved with the previous record (the
    answers survive whatever happens next). Files of the last run the plan no longer has are
    removed when unedited, reported when edited."""
    overwrite_edits = force  # --force: advisor's version of every file that differs
    if force:
        on_conflict = "take"
    folder = prepare_folder(out, create=not dry_run)
    if not folder.exists():  # dry run into a folder that does not exist yet: everything is new
        return Outcome([FileOutcome(f.name, "new") for f in setup.files], written=False)
    with folder_lock(folder):
        names = setup.file_names()
        # The project's own files may be links (never the ones advisor merges into): take moves
        # the link aside, keep leaves it; nothing is written through one.
        current = read_targets(folder, names, frozenset(names) - {*APPEND_ONLY, ANSWERS})
        existing = {name: text for name in APPEND_ONLY if (text := current.get(name)) is not None}
        previous = current[ANSWERS]
        record = read_record(previous or "")
        example = current.get(ENV_EXAMPLE)
        if example is not None and ENV_EXAMPLE not in record.files and not written_by_advisor(example):
            existing[ENV_EXAMPLE] = example  # the project's own documentation: merged, never replaced
        # Secrets never go into a .env git tracks (.gitignore does not untrack it): not written.
        env_git = ENV in current and tracked_by_git(folder, ENV)
        setup = dataclasses.replace(for_folder(setup, current.get("compose.yaml")), env_tracked=env_git)
        files = render_files(setup, lang, existing)

        @cache
        def previous_setup() -> Setup | None:
            return _previous_setup(rebuild, record, previous)

        if ENV in existing:  # variables the plan no longer uses stay, marked (their values kept)
            now = {v.name for v in setup.env}
            gone = set()
            if record.answers != setup.evaluation.answers.applicable() and (before := previous_setup()):
                gone = {v.name for v in before.env} - now
            files = [
                PlannedFile(f.name, mark_unused(f.content, gone, now), f.mode) if f.name == ENV else f
                for f in files
            ]
        source_is_answers = answers_source is not None and _same_file(answers_source, folder / ANSWERS)
        if source_is_answers and previous is not None:
            files = [_keep_comments(f, previous, setup, lang) if f.name == ANSWERS else f for f in files]

        found = [
            _refine(f, o, existing, record, previous, source_is_answers, current[f.name])
            for f, o in zip(files, classify(files, current, False), strict=True)
        ]
        planned = {f.name for f in files}
        stale = [_stale(folder, name, digest) for name, digest in record.files.items() if name not in planned]
        beside, overrides = _beside_compose(folder, setup, record)
        outcomes = found + [o for o in stale if o is not None]
        outcomes += [FileOutcome(name, "conflict") for name in beside]
        outcomes += [FileOutcome(name, "override") for name in overrides]

        by_name = {f.name: f for f in files}
        conflicts = find_conflicts(
            [o.name for o in outcomes if o.status == "conflict"],
            by_name,
            current,
            record,
            lambda: _previous_files(previous_setup(), record, lang, existing),
            folder,
            beside,
        )
        chosen = settle(conflicts, on_conflict)
        unsettled = [c for c in conflicts if c.name not in chosen]
        saved = False
        if unsettled and choose is not None and not dry_run:
            if not any(c.kind == "answers" for c in conflicts):  # never over an edited answers file
                _save_answers_first(folder, by_name[ANSWERS], previous, record, lang)
                saved = True
            try:
                picked = choose(unsettled)
            except (KeyboardInterrupt, EOFError):
                if not saved:
                    raise
                raise Interrupted(t(lang, "merge.interrupted_saved", answers=folder / ANSWERS)) from None
            chosen.update({k: v for k, v in picked.items() if v != "stop"})
            unsettled = [c for c in conflicts if c.name not in chosen]
        # The project's own compose file kept: advisor writes no compose.yaml, which would hide it.
        kept_compose = any(chosen.get(c.name) == "keep" for c in conflicts if c.kind == "compose")
        if kept_compose:
            unsettled = [c for c in unsettled if c.name != COMPOSE_FILE]
        if unsettled and not dry_run:
            raise WriteRefused(refusal(out, unsettled, lang, asked=saved))

        statuses = {
            o.name: "overwrite" if overwrite_edits and o.status == "kept-edit" else o.status for o in outcomes
        }
        changes: dict[str, tuple[str, str]] = {}
        dropped: set[str] = set()  # the project's own files kept: not advisor's, not recorded
        moves: dict[str, str] = {}  # the files Compose would read beside compose.yaml, moved aside
        for c in conflicts:
            how = chosen.get(c.name)
            if kept_compose and c.name == COMPOSE_FILE:
                continue  # not written: settled below
            if how is None:
                statuses[c.name] = unsettled_status(c)
                if c.merged is not None:
                    changes[c.name] = (c.mine, c.merged.text)
            elif c.kind in BESIDE:
                if how == "take":
                    assert c.aside is not None
                    statuses[c.name] = "moved-aside"
                    moves[c.name] = c.aside
                else:
                    statuses[c.name] = "kept-compose" if kept_compose else "override"
            elif how == "take" and c.kind == "own":
                # The project's own file (its Dockerfile, its compose.yaml): kept beside, unchanged.
                statuses[c.name] = "overwrite-aside"
                moves[c.name] = _aside(folder, c.name)
            elif how == "take":
                statuses[c.name] = "overwrite"
            elif how == "keep":
                statuses[c.name] = "kept-own" if c.kind == "own" else "kept-yours"
                if c.kind == "own":
                    dropped.add(c.name)
            else:
                assert c.merged is not None
                statuses[c.name] = "merged" if c.merged.clean else "merged-conflicts"
                by_name[c.name] = PlannedFile(c.name, c.merged.text, by_name[c.name].mode)
                changes[c.name] = (c.mine, c.merged.text)
        if kept_compose:
            statuses[COMPOSE_FILE] = _withheld(current.get(COMPOSE_FILE), record)
            changes.pop(COMPOSE_FILE, None)
            dropped.add(COMPOSE_FILE)
        if dropped:
            by_name[ANSWERS] = _without_hashes(by_name[ANSWERS], dropped, lang)
            if by_name[ANSWERS].content == current[ANSWERS]:  # kept again: nothing new to record
                statuses[ANSWERS] = "unchanged"
        if env_git:
            statuses[ENV] = "tracked"
        outcomes = [FileOutcome(o.name, statuses[o.name], moves.get(o.name)) for o in outcomes]
        if dry_run:
            return Outcome(outcomes, written=False, changes=changes, conflicts=unsettled)
        to_write = [by_name[f.name] for f in files if statuses[f.name] in WRITES]
        to_remove = [o.name for o in outcomes if o.status in ("removed", "withdrawn")]
        if to_write or to_remove or moves:
            commit(folder, to_write, remove=to_remove, move=list(moves.items()))
        return Outcome(outcomes, written=bool(to_write or to_remove or moves), changes=changes)


def _previous_setup(rebuild: Rebuild | None, record: Record, previous: str | None) -> Setup | None:
    """The plan of the last run: its recorded answers planned again (the answers above the
    record, for a record that does not hold them). None when that fails."""
    if rebuild is None or previous is None:
        return None
    answers = record.answers if record.answers is not None else answers_in(previous)
    if not answers:
        return None
    try:
        return rebuild(answers)
    except AdvisorError:  # answers an older advisor took that this one does not
        return None


def _previous_files(
    setup: Setup | None, record: Record, lang: str, existing: Mapping[str, str]
) -> dict[str, str] | None:
    """Advisor's files as the last run rendered them (None when its plan cannot be rebuilt)."""
    if setup is None:
        return None
    try:
        return {f.name: f.content for f in render_files(setup, record.lang or lang, existing)}
    except AdvisorError:
        return None


def _save_answers_first(
    folder: Path, planned: PlannedFile, previous: str | None, record: Record, lang: str
) -> None:
    """The new answers with the previous run's record (which still describes the files on
    disk): written before anything is asked about the files, so no answer is lost."""
    if previous is not None and without_record(previous) == without_record(planned.content):
        return
    if previous is not None and record.files:
        rendered_from = record.answers if record.answers is not None else answers_in(previous)
        block = record_block(record.lang or lang, record.files, rendered_from)
    else:
        block = record_block(record.lang or lang, {}, None)
    commit(folder, [PlannedFile(ANSWERS, without_record(planned.content) + block, planned.mode)])


def _without_hashes(f: PlannedFile, names: set[str], lang: str) -> PlannedFile:
    """The answers file with ``names`` left out of its record."""
    record = read_record(f.content)
    hashes = {k: v for k, v in record.files.items() if k not in names}
    return PlannedFile(f.name, without_record(f.content) + record_block(lang, hashes, record.answers), f.mode)


# The names `docker compose` reads without -f, in its order of preference (compose-go's
# DefaultFileNames and DefaultOverrideFileNames): it uses the first compose file there is
# (warning about the others) and merges the first override file there is into it.
COMPOSE_FILE = "compose.yaml"
OTHER_COMPOSE_FILES = ("compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
ASIDE = ".orig"
"""Added to the name of a file moved aside: Compose never reads docker-compose.yml.orig."""


def _beside_compose(
    folder: Path, setup: Setup, record: Record
) -> tuple[dict[str, tuple[ConflictKind, str]], list[str]]:
    """The files `docker compose` would read beside advisor's compose.yaml. In the way (each a
    conflict, with the name take moves it to): the project's own compose file under another
    name, which compose.yaml would hide (two files Compose picks between), and an override file
    while advisor's compose.yaml is new here or such a compose file is there (it was written
    for that file, and would be merged into advisor's). Reported only: an override file beside
    the compose.yaml advisor already wrote here, a person's own addition to it."""
    if not setup.compose:
        return {}, []
    others = [name for name in OTHER_COMPOSE_FILES if (folder / name).is_file()]
    overrides = [name for name in OVERRIDE_FILES if (folder / name).is_file()]
    if not others and COMPOSE_FILE in record.files:
        return {}, overrides
    beside: dict[str, tuple[ConflictKind, str]] = {name: ("compose", _aside(folder, name)) for name in others}
    beside.update({name: ("override", _aside(folder, name)) for name in overrides})
    return beside, []


def _aside(folder: Path, name: str) -> str:
    """The first free name among NAME.orig, NAME.orig.2, NAME.orig.3, ...: nothing is replaced."""
    for n in itertools.count(1):
        candidate = f"{name}{ASIDE}" if n == 1 else f"{name}{ASIDE}.{n}"
        path = folder / candidate
        if not path.exists() and not path.is_symlink():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _withheld(current: str | None, record: Record) -> Status:
    """compose.yaml when the project's own compose file is kept: not written; removed when it
    is advisor's unedited file from an earlier run (it would hide the kept file, and advisor
    can write it again); a person's compose.yaml stays as it is."""
    if current is None:
        return "withheld"
    if record.files.get(COMPOSE_FILE) == sha256(current):
        return "withdrawn"
    return "kept-yours"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _keep_comments(f: PlannedFile, previous: str, setup: Setup, lang: str) -> PlannedFile:
    """The answers file this run read keeps a person's comments and layout when its answers
    are canonical: only the record of the run is renewed, and a key that newly applies (with
    the value it took) is added at the end."""
    import yaml

    previous_answers = answers_in(previous)
    now = setup.evaluation.answers.applicable()
    if (
        previous_answers is None
        or {k: v for k, v in now.items() if k in previous_answers} != previous_answers
    ):
        return f
    body = without_record(previous)
    added = {k: v for k, v in now.items() if k not in previous_answers}
    if added:
        body = body.rstrip("\n") + "\n" + yaml.safe_dump(added, sort_keys=False, allow_unicode=True)
    return PlannedFile(
        f.name, body + record_block(lang, recorded_hashes(f.content), read_record(f.content).answers), f.mode
    )


def _refine(
    f: PlannedFile,
    o: FileOutcome,
    existing: Mapping[str, str],
    record: Record,
    previous: str | None,
    source_is_answers: bool,
    current: str | None,
) -> FileOutcome:
    """Turn a plain difference into what it means for this file."""
    if o.name in existing:  # .env and the git files: never overwritten, only appended to
        return FileOutcome(o.name, "updated" if o.status in ("conflict", "overwrite") else "kept")
    if o.status not in ("conflict", "overwrite"):
        return o
    if o.name == ANSWERS:
        if source_is_answers:
            return FileOutcome(o.name, "rewritten")
        if previous is not None and is_unedited_answers(previous, record):
            return FileOutcome(o.name, "replaced")
        return o
    recorded = record.files.get(o.name)
    if recorded is None or o.status != "conflict":
        return o
    if current is not None and sha256(current) == recorded:
        return FileOutcome(o.name, "replaced")  # advisor's own, unedited: safe to update
    if recorded == sha256(f.content):
        return FileOutcome(o.name, "kept-edit")  # edited, and advisor's version did not change
    return o


def _stale(folder: Path, name: str, digest: str) -> FileOutcome | None:
    """A file the last run wrote that this plan does not have: removed if unedited."""
    if name not in REMOVABLE:  # never more than advisor itself writes, whatever the record says
        return None
    path = folder / name
    if through_link(folder, name) or path.is_symlink() or not path.is_file():
        return None
    current = read_existing(path)
    if current is not None and sha256(current) == digest:
        return FileOutcome(name, "removed")
    return FileOutcome(name, "stale")
