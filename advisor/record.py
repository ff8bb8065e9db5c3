"""The answers file (``.advisor-answers.yaml``): the answers, then a record of the run (its
language and the SHA-256 of every file it wrote), so that a later run can tell advisor's own
files from a person's edits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_RECORD_LANG = re.compile(r"^# advisor-lang: (en|ko)$", re.MULTILINE)
_RECORD_FILE = re.compile(r"^# advisor-file: (\S+) ([0-9a-f]{64})$", re.MULTILINE)
# The answers the recorded files were rendered from (JSON on one line): the base of a
# three-way merge when a person edited one of them, even after the answers above changed.
_RECORD_ANSWERS = re.compile(r"^# advisor-rendered-from: (\{.*\})$", re.MULTILINE)
_RECORD_HEADING = "# What advisor wrote (it overwrites only files that still match):"


@dataclass(frozen=True)
class Record:
    lang: str | None
    files: dict[str, str]
    answers: dict[str, Any] | None = None
    """The answers the recorded files were rendered from (None in a record that does not say)."""


def read_record(text: str) -> Record:
    import json

    lang = _RECORD_LANG.search(text)
    answers = None
    found = _RECORD_ANSWERS.search(text)
    if found:
        try:
            data = json.loads(found.group(1))
        except ValueError:
            data = None
        answers = data if isinstance(data, dict) else None
    return Record(lang.group(1) if lang else None, dict(_RECORD_FILE.findall(text)), answers)


def recorded_lang(answers_file: Path | None) -> str | None:
    """The language an answers file was written for (None when it does not say)."""
    if answers_file is None:
        return None
    try:
        return read_record(answers_file.read_text("utf-8", errors="replace")[:200_000]).lang
    except OSError:
        return None


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answers_text(
    answers: Mapping[str, Any],
    lang: str,
    hashes: Mapping[str, str],
    rendered_from: Mapping[str, Any] | None = None,
) -> str:
    """The answers file: a header, the answers in question order, then the record of the run
    (``rendered_from``: the answers its files were rendered from, when not ``answers``)."""
    import yaml

    body = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
    return (
        "# advisor answers: regenerate the files with\n"
        "#   advisor generate --answers .advisor-answers.yaml --out .\n"
        "# 'advisor questions' lists every key and its allowed values.\n"
        + body
        + record_block(lang, hashes, answers if rendered_from is None else rendered_from)
    )


def record_block(lang: str, hashes: Mapping[str, str], rendered_from: Mapping[str, Any] | None) -> str:
    import json

    files = "".join(f"# advisor-file: {name} {digest}\n" for name, digest in hashes.items())
    answers = ""
    if hashes and rendered_from is not None:
        compact = json.dumps(dict(rendered_from), ensure_ascii=True, separators=(",", ":"))
        answers = f"# advisor-rendered-from: {compact}\n"
    return f"\n{_RECORD_HEADING}\n# advisor-lang: {lang}\n{files}{answers}"


def recorded_hashes(text: str) -> dict[str, str]:
    return dict(_RECORD_FILE.findall(text))


def without_record(text: str) -> str:
    kept = [
        line
        for line in text.splitlines()
        if line != _RECORD_HEADING
        and not _RECORD_LANG.match(line)
        and not _RECORD_FILE.match(line)
        and not _RECORD_ANSWERS.match(line)
    ]
    return "\n".join(kept).rstrip("\n") + "\n"


def answers_in(text: str) -> dict[str, Any] | None:
    """The answers an answers file holds (None when it cannot be read as one)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def is_unedited_answers(text: str, record: Record) -> bool:
    answers = answers_in(text)
    if answers is None:
        return False
    lang = record.lang or "en"
    if record.answers is None:  # a record written before advisor kept the rendered answers
        return text == without_record(answers_text(answers, lang, {})) + record_block(
            lang, record.files, None
        )
    return text == answers_text(answers, lang, record.files, record.answers)
