"""Writing a run's files safely: advisor's own unedited files are updated, a person's edits
are kept or stop the run, append-only files only grow, stale files are removed when unedited."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import WriteRefused
from .inspect.common import written_by_advisor
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
from .render.files import render_files
from .setup import ANSWERS, APPEND_ONLY, ENV, ENV_EXAMPLE, REMOVABLE, Setup
from .writer import (
    FileOutcome,
    PlannedFile,
    classify,
    commit,
    folder_lock,
    prepare_folder,
    read_existing,
    read_targets,
    through_link,
)

WRITES = ("new", "overwrite", "updated", "replaced", "rewritten")


@dataclass(frozen=True)
class Outcome:
    files: list[FileOutcome]
    written: bool


Confirm = Callable[[list[str]], bool]
"""Asked with the conflicting files' names; True overwrites them."""


def write_files(
    setup: Setup,
    out: Path,
    *,
    lang: str,
    force: bool = False,
    dry_run: bool = False,
    answers_source: Path | None = None,
    confirm: Confirm | None = None,
) -> Outcome:
    """Render and write every file. A file that differs is overwritten only when it is advisor's
    own (it still matches what the last run recorded), with ``force`` or ``confirm``, or, for the
    answers file, when it is ``answers_source`` (the answers this run read). Files of the last run
    that the plan no longer has are removed when unedited and reported when edited."""
    folder = prepare_folder(out, create=not dry_run)
    if not folder.exists():  # dry run into a folder that does not exist yet: everything is new
        return Outcome([FileOutcome(f.name, "new") for f in setup.files], written=False)
    with folder_lock(folder):
        current = read_targets(folder, setup.file_names())
        existing = {name: text for name in APPEND_ONLY if (text := current.get(name)) is not None}
        previous = current[ANSWERS]
        record = read_record(previous or "")
        example = current.get(ENV_EXAMPLE)
        if example is not None and ENV_EXAMPLE not in record.files and not written_by_advisor(example):
            existing[ENV_EXAMPLE] = example  # the project's own documentation: merged, never replaced
        files = render_files(setup, lang, existing)
        source_is_answers = answers_source is not None and _same_file(answers_source, folder / ANSWERS)
        if source_is_answers and previous is not None:
            files = [_keep_comments(f, previous, setup, lang) if f.name == ANSWERS else f for f in files]

        def outcomes_for(overwrite: bool) -> list[FileOutcome]:
            found = [
                _refine(f, o, existing, record, previous, source_is_answers, current[f.name])
                for f, o in zip(files, classify(files, current, overwrite), strict=True)
            ]
            planned = {f.name for f in files}
            stale = [
                _stale(folder, name, digest) for name, digest in record.files.items() if name not in planned
            ]
            return found + [o for o in stale if o is not None]

        others = _other_compose_files(folder, setup)

        def with_others(found: list[FileOutcome], overwrite: bool) -> list[FileOutcome]:
            return found + [FileOutcome(name, "shadowed" if overwrite else "conflict") for name in others]

        outcomes = with_others(outcomes_for(force), force)
        conflicts = [o.name for o in outcomes if o.status == "conflict"]
        if dry_run:
            return Outcome(outcomes, written=False)
        if conflicts:
            if confirm is None or not confirm(conflicts):
                raise WriteRefused(_refusal(out, conflicts, record, others))
            outcomes = with_others(outcomes_for(True), True)
        if ENV in current and _tracked_by_git(folder, ENV):
            # Secrets never go into a file git tracks (.gitignore does not untrack it).
            outcomes = [FileOutcome(o.name, "tracked") if o.name == ENV else o for o in outcomes]
        by_name = {o.name: o.status for o in outcomes}
        to_write = [f for f in files if by_name[f.name] in WRITES]
        to_remove = [o.name for o in outcomes if o.status == "removed"]
        if to_write or to_remove:
            commit(folder, to_write, remove=to_remove)
        return Outcome(outcomes, written=bool(to_write or to_remove))


# The names Compose looks for, in its order of preference (compose.yaml first).
OTHER_COMPOSE_FILES = ("compose.yml", "docker-compose.yaml", "docker-compose.yml")


def _refusal(out: Path, conflicts: list[str], record: Record, others: list[str]) -> str:
    """Why nothing was written: advisor's files a person edited, and the project's own files
    (which advisor never wrote) told apart."""
    edited = [n for n in conflicts if n in record.files]
    own = [n for n in conflicts if n not in record.files and n not in others]
    parts = []
    if own:
        parts.append(f"the project already has {', '.join(own)}, which advisor would replace")
    if edited:
        parts.append(f"{', '.join(edited)} changed since advisor wrote them")
    if others:
        parts.append(
            f"{', '.join(others)} is the project's own compose file, which a new compose.yaml would"
            " hide from docker compose"
        )
    return (
        f"Nothing was written in {out}: {'; '.join(parts)}. Keep them, or re-run with --force to"
        " write advisor's versions (--dry-run shows the plan)"
    )


def _other_compose_files(folder: Path, setup: Setup) -> list[str]:
    """The project's own compose file under another name, which a new compose.yaml would hide
    from `docker compose` (it reads compose.yaml first): a conflict, never a silent second file."""
    if not setup.compose or (folder / "compose.yaml").exists():
        return []
    return [name for name in OTHER_COMPOSE_FILES if (folder / name).is_file()]


def _tracked_by_git(folder: Path, name: str) -> bool:
    """Whether git tracks ``folder/name`` (False without git or outside a repository)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "--error-unmatch", "--", name],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


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
    return PlannedFile(f.name, body + record_block(lang, recorded_hashes(f.content)), f.mode)


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
