"""``advisor generate`` (and the wizard's last step): render every file, then write them safely."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import WriteRefused
from .i18n import t
from .plan import ANSWERS, GITATTRIBUTES, GITIGNORE, REMOVABLE, REPORT, planned_files
from .writer import (
    FileOutcome,
    PlannedFile,
    classify,
    commit,
    folder_lock,
    prepare_folder,
    read_existing,
    read_targets,
)

if TYPE_CHECKING:
    from .engine import Advice

ENV = ".env"
APPEND_ONLY = (ENV, GITIGNORE, GITATTRIBUTES)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")


@dataclass(frozen=True)
class Outcome:
    files: list[FileOutcome]
    written: bool


_RECORD_LANG = re.compile(r"^# advisor-lang: (en|ko)$", re.MULTILINE)
_RECORD_FILE = re.compile(r"^# advisor-file: (\S+) ([0-9a-f]{64})$", re.MULTILINE)


@dataclass(frozen=True)
class Record:
    """What an earlier run left in ``.advisor-answers.yaml``: its language and the SHA-256 of
    every file it wrote, so that a later run can tell advisor's own files from a person's edits."""

    lang: str | None
    files: dict[str, str]


def read_record(text: str) -> Record:
    lang = _RECORD_LANG.search(text)
    return Record(lang.group(1) if lang else None, dict(_RECORD_FILE.findall(text)))


def recorded_lang(answers_file: Path | None) -> str | None:
    """The language an answers file was written for (None when it does not say)."""
    if answers_file is None:
        return None
    try:
        return read_record(answers_file.read_text("utf-8", errors="replace")[:200_000]).lang
    except OSError:
        return None


def sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_RECORD_HEADING = "# What advisor wrote (it overwrites only files that still match):"


def answers_text(answers: Mapping[str, Any], lang: str, hashes: Mapping[str, str]) -> str:
    """The answers file: a header, the answers in question order, then the record of the run
    (its language and the SHA-256 of every file it wrote)."""
    import yaml

    body = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
    return (
        "# advisor answers: regenerate the files with\n"
        "#   advisor generate --answers .advisor-answers.yaml --out .\n"
        "# 'advisor questions' lists every key and its allowed values.\n" + body + _record_block(lang, hashes)
    )


def _record_block(lang: str, hashes: Mapping[str, str]) -> str:
    files = "".join(f"# advisor-file: {name} {digest}\n" for name, digest in hashes.items())
    return f"\n{_RECORD_HEADING}\n# advisor-lang: {lang}\n{files}"


def _without_record(text: str) -> str:
    kept = [
        line
        for line in text.splitlines()
        if line != _RECORD_HEADING and not _RECORD_LANG.match(line) and not _RECORD_FILE.match(line)
    ]
    return "\n".join(kept).rstrip("\n") + "\n"


def answers_yaml(advice: Advice, lang: str = "en", written: Mapping[str, str] | None = None) -> str:
    """The answers file for this advice; ``written`` maps each file written to its content."""
    hashes = {name: sha256(text) for name, text in (written or {}).items()}
    return answers_text(advice.answers.applicable(), lang, hashes)


def _answers_in(text: str) -> dict[str, Any] | None:
    """The answers an answers file holds (None when it cannot be read as one)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def parse_env(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments and blank lines skipped, quotes removed)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        m = _ENV_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[m.group(1)] = value
    return values


def render_all(advice: Advice, lang: str, existing: Mapping[str, str] | None = None) -> list[PlannedFile]:
    """Every file of the run, in the order of ``planned_files``.

    ``existing`` holds the current text of the append-only files (``.env``, ``.gitignore``)
    that exist: an existing ``.env`` keeps its values (its secrets are reused, variables it
    lacks are appended), and an existing ``.gitignore`` only gets ``.env`` appended.
    """
    from .report import render_report

    existing = existing or {}
    names = planned_files(advice)
    rendered: dict[str, str] = {REPORT: render_report(advice, lang, names)}
    if advice.value("runtime") == "containers":
        from .starter import render_starter_files

        current = parse_env(existing.get(ENV, ""))
        rendered.update(render_starter_files(advice, _complete(advice, current)))
        if ENV in existing:
            rendered[ENV] = _merge_env(existing[ENV], rendered[ENV])
        rendered[GITIGNORE] = _ensure_line(existing.get(GITIGNORE), _IGNORES_ENV, _GITIGNORE_ENTRY)
        if GITATTRIBUTES in names:
            rendered[GITATTRIBUTES] = _ensure_line(
                existing.get(GITATTRIBUTES), _LF_SCRIPTS, _GITATTRIBUTES_ENTRY
            )
    own = {n: rendered[n] for n in names if n in rendered and n not in APPEND_ONLY}
    rendered[ANSWERS] = answers_yaml(advice, lang, own)
    modes = {"run.sh": 0o755, ENV: 0o600}
    return [PlannedFile(name, rendered[name], modes.get(name, 0o644)) for name in names]


def _complete(advice: Advice, current: Mapping[str, str]) -> dict[str, str]:
    """The credentials an existing .env already has, and strong random secrets for the rest
    (credentials advisor cannot invent, such as S3 keys, stay empty until you fill them)."""
    import secrets

    from .starter import credential_names, secret_names

    out = {name: current[name] for name in credential_names(advice) if current.get(name)}
    for name in secret_names(advice):
        out.setdefault(name, secrets.token_urlsafe(24))
    return out


def _merge_env(existing: str, fresh: str) -> str:
    """The existing .env with the variables it lacks appended from the fresh one."""
    have = parse_env(existing)
    missing = [line for line in fresh.splitlines() if (m := _ENV_LINE.match(line)) and m.group(1) not in have]
    if not missing:
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + "# added by advisor\n" + "\n".join(missing) + "\n"


_IGNORES_ENV = {".env", "/.env", ".env*", "/.env*", "*.env"}
_GITIGNORE_ENTRY = "# advisor: .env holds generated secrets; keep it out of git\n.env\n"
_LF_SCRIPTS = {"*.sh text eol=lf", "run.sh text eol=lf", "*.sh eol=lf", "* text=auto eol=lf"}
_GITATTRIBUTES_ENTRY = (
    "# advisor: shell scripts keep LF line endings, also in Windows checkouts\n*.sh text eol=lf\n"
)


def _ensure_line(existing: str | None, present: set[str], entry: str) -> str:
    """A git file that has one of the ``present`` lines: created with ``entry``, or appended to."""
    if existing is None:
        return entry
    if any(line.strip() in present for line in existing.splitlines()):
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + entry


def generate(
    advice: Advice,
    out: Path,
    *,
    lang: str,
    force: bool = False,
    dry_run: bool = False,
    answers_source: Path | None = None,
) -> Outcome:
    """Render and write every file. A file that differs is overwritten only when it is advisor's
    own (it still matches what the last run recorded), with ``force``, or, for the answers file,
    when it is ``answers_source`` (the answers this run read). Files of the last run that the plan
    no longer has are removed when unedited and reported when edited."""
    folder = prepare_folder(out, create=not dry_run)
    if not folder.exists():  # dry run into a folder that does not exist yet: everything is new
        files = render_all(advice, lang)
        return Outcome([FileOutcome(f.name, "new") for f in files], written=False)
    with folder_lock(folder):
        current = read_targets(folder, planned_files(advice))
        existing = {name: text for name in APPEND_ONLY if (text := current.get(name)) is not None}
        previous = current[ANSWERS]
        record = read_record(previous or "")
        files = render_all(advice, lang, existing)
        source_is_answers = answers_source is not None and _same_file(answers_source, folder / ANSWERS)
        if source_is_answers and previous is not None:
            files = [_keep_comments(f, previous, advice, lang) if f.name == ANSWERS else f for f in files]
        outcomes = [
            _refine(f, o, existing, record, previous, source_is_answers, current[f.name])
            for f, o in zip(files, classify(files, current, force), strict=True)
        ]
        planned = {f.name for f in files}
        stale = [_stale(folder, name, digest) for name, digest in record.files.items() if name not in planned]
        outcomes += [o for o in stale if o is not None]
        conflicts = [o.name for o in outcomes if o.status == "conflict"]
        if dry_run:
            return Outcome(outcomes, written=False)
        if conflicts:
            raise WriteRefused(
                f"{len(conflicts)} file(s) in {out} differ from what advisor would write: "
                + ", ".join(conflicts)
                + ". Nothing was written. Keep your edits, or re-run with --force to overwrite"
                " (--dry-run shows the plan)"
            )
        by_name = {o.name: o.status for o in outcomes}
        to_write = [
            f for f in files if by_name[f.name] in ("new", "overwrite", "updated", "replaced", "rewritten")
        ]
        to_remove = [o.name for o in outcomes if o.status == "removed"]
        if to_write or to_remove:
            commit(folder, to_write, remove=to_remove)
        return Outcome(outcomes, written=bool(to_write or to_remove))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _keep_comments(f: PlannedFile, previous: str, advice: Advice, lang: str) -> PlannedFile:
    """The answers file this run read keeps a person's comments and layout when its answers
    are already complete and canonical: only the record of the run is renewed."""
    if _answers_in(previous) != advice.answers.applicable():
        return f
    hashes = dict(_RECORD_FILE.findall(f.content))
    return PlannedFile(f.name, _without_record(previous) + _record_block(lang, hashes), f.mode)


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
    if o.name in existing:  # .env and .gitignore: never overwritten, only appended to
        return FileOutcome(o.name, "updated" if o.status in ("conflict", "overwrite") else "kept")
    if o.status not in ("conflict", "overwrite"):
        return o
    if o.name == ANSWERS:
        if source_is_answers:
            return FileOutcome(o.name, "rewritten")
        if previous is not None and _is_unedited_answers(previous, record):
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


def _is_unedited_answers(text: str, record: Record) -> bool:
    answers = _answers_in(text)
    return answers is not None and text == answers_text(answers, record.lang or "en", record.files)


def _stale(folder: Path, name: str, digest: str) -> FileOutcome | None:
    """A file the last run wrote that this plan does not have: removed if unedited."""
    if name not in REMOVABLE:  # never more than advisor itself writes, whatever the record says
        return None
    path = folder / name
    if path.is_symlink() or not path.is_file():
        return None
    current = read_existing(path)
    if current is not None and sha256(current) == digest:
        return FileOutcome(name, "removed")
    return FileOutcome(name, "stale")


def print_outcome(outcome: Outcome, out: Path, *, dry_run: bool, lang: str, stream: Any = None) -> int:
    stream = stream or sys.stdout
    heading = "generate.dry_run" if dry_run else "generate.done"
    stream.write(t(lang, heading, out=out.resolve()) + "\n")
    width = max(len(o.name) for o in outcome.files)
    for o in outcome.files:
        stream.write(f"  {o.name.ljust(width)}  {t(lang, 'generate.status.' + o.status)}\n")
    return 0
