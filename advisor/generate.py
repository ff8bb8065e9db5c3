"""``advisor generate`` (and the wizard's last step): render every file, then write them safely."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import WriteRefused
from .i18n import t
from .plan import ANSWERS, REPORT, planned_files
from .writer import FileOutcome, PlannedFile, classify, commit, folder_lock, prepare_folder, read_existing

if TYPE_CHECKING:
    from .engine import Advice

ENV = ".env"
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


def render_all(advice: Advice, lang: str, existing_env: str | None) -> list[PlannedFile]:
    """Every file of the run, in the order of ``planned_files``. An existing ``.env`` keeps its
    values: its secrets are reused, and only variables it lacks are appended."""
    from .report import render_report

    names = planned_files(advice)
    rendered: dict[str, str] = {
        REPORT: render_report(advice, lang, names),
        ANSWERS: answers_yaml(advice),
    }
    if advice.value("runtime") == "containers":
        from .starter import render_starter_files, secret_names

        current = parse_env(existing_env) if existing_env is not None else {}
        rendered.update(render_starter_files(advice, _complete(current, secret_names(advice))))
        if existing_env is not None and ENV in rendered:
            rendered[ENV] = _merge_env(existing_env, rendered[ENV])
    modes = {"run.sh": 0o755, ENV: 0o600}
    return [PlannedFile(name, rendered[name], modes.get(name, 0o644)) for name in names]


def _complete(current: dict[str, str], names: list[str]) -> dict[str, str]:
    """The secrets an existing .env already has, and strong random ones for the rest."""
    import secrets

    return {name: current.get(name) or secrets.token_urlsafe(24) for name in names}


def _merge_env(existing: str, fresh: str) -> str:
    """The existing .env with the variables it lacks appended from the fresh one."""
    have = parse_env(existing)
    missing = [line for line in fresh.splitlines() if (m := _ENV_LINE.match(line)) and m.group(1) not in have]
    if not missing:
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + "# added by advisor\n" + "\n".join(missing) + "\n"


def generate(advice: Advice, out: Path, *, lang: str, force: bool = False, dry_run: bool = False) -> Outcome:
    folder = prepare_folder(out, create=not dry_run)
    if not folder.exists():  # dry run into a folder that does not exist yet: everything is new
        files = render_all(advice, lang, None)
        return Outcome([FileOutcome(f.name, "new") for f in files], written=False)
    with folder_lock(folder):
        env_path = folder / ENV
        existing_env = None if env_path.is_symlink() else read_existing(env_path)
        files = render_all(advice, lang, existing_env)
        outcomes = classify(folder, files, force)
        if existing_env is not None:  # .env is never overwritten: kept, or only appended to
            outcomes = [
                FileOutcome(o.name, "updated" if o.status in ("conflict", "overwrite") else "kept")
                if o.name == ENV
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
    stream.write(t(lang, heading, out=out) + "\n")
    width = max(len(o.name) for o in outcome.files)
    for o in outcome.files:
        stream.write(f"  {o.name.ljust(width)}  {t(lang, 'generate.status.' + o.status)}\n")
    return 0
