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
from .plan import ANSWERS, GITIGNORE, REPORT, planned_files
from .writer import FileOutcome, PlannedFile, classify, commit, folder_lock, prepare_folder, read_existing

if TYPE_CHECKING:
    from .engine import Advice

ENV = ".env"
APPEND_ONLY = (ENV, GITIGNORE)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")


@dataclass(frozen=True)
class Outcome:
    files: list[FileOutcome]
    written: bool


def answers_yaml(advice: Advice) -> str:
    """The answers file: every applicable answer, in question order, with a header."""
    import yaml

    body = yaml.safe_dump(advice.answers.applicable(), sort_keys=False, allow_unicode=True)
    return (
        "# advisor answers: regenerate the files with\n"
        "#   advisor generate --answers .advisor-answers.yaml --out .\n"
        "# 'advisor questions' lists every key and its allowed values.\n" + body
    )


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
    rendered: dict[str, str] = {
        REPORT: render_report(advice, lang, names),
        ANSWERS: answers_yaml(advice),
    }
    if advice.value("runtime") == "containers":
        from .starter import render_starter_files

        current = parse_env(existing.get(ENV, ""))
        rendered.update(render_starter_files(advice, _complete(advice, current)))
        if ENV in existing:
            rendered[ENV] = _merge_env(existing[ENV], rendered[ENV])
        rendered[GITIGNORE] = _gitignore(existing.get(GITIGNORE))
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


def _gitignore(existing: str | None) -> str:
    """A .gitignore that keeps .env (the secrets) out of git: created, or appended to."""
    entry = "# advisor: .env holds generated secrets; keep it out of git\n.env\n"
    if existing is None:
        return entry
    if any(line.strip() in _IGNORES_ENV for line in existing.splitlines()):
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + entry


def generate(advice: Advice, out: Path, *, lang: str, force: bool = False, dry_run: bool = False) -> Outcome:
    folder = prepare_folder(out, create=not dry_run)
    if not folder.exists():  # dry run into a folder that does not exist yet: everything is new
        files = render_all(advice, lang)
        return Outcome([FileOutcome(f.name, "new") for f in files], written=False)
    with folder_lock(folder):
        existing: dict[str, str] = {}
        for name in APPEND_ONLY:
            path = folder / name
            text = None if path.is_symlink() else read_existing(path)
            if text is not None:
                existing[name] = text
        files = render_all(advice, lang, existing)
        outcomes = classify(folder, files, force)
        # .env and .gitignore are never overwritten: kept as they are, or only appended to
        outcomes = [
            FileOutcome(o.name, "updated" if o.status in ("conflict", "overwrite") else "kept")
            if o.name in existing
            else o
            for o in outcomes
        ]
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
        to_write = [
            f for f, o in zip(files, outcomes, strict=True) if o.status in ("new", "overwrite", "updated")
        ]
        if to_write:
            commit(folder, to_write)
        return Outcome(outcomes, written=bool(to_write))


def print_outcome(outcome: Outcome, out: Path, *, dry_run: bool, lang: str, stream: Any = None) -> int:
    stream = stream or sys.stdout
    heading = "generate.dry_run" if dry_run else "generate.done"
    stream.write(t(lang, heading, out=out.resolve()) + "\n")
    width = max(len(o.name) for o in outcome.files)
    for o in outcome.files:
        stream.write(f"  {o.name.ljust(width)}  {t(lang, 'generate.status.' + o.status)}\n")
    return 0
