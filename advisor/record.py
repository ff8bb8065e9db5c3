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
_RECORD_HEADING = "# What advisor wrote (it overwrites only files that still match):"


@dataclass(frozen=True)
class Record:
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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answers_text(answers: Mapping[str, Any], lang: str, hashes: Mapping[str, str]) -> str:
    """The answers file: a header, the answers in question order, then the record of the run."""
    import yaml

    body = yaml.safe_dump(dict(answers), sort_keys=False, allow_unicode=True)
    return (
        "# advisor answers: regenerate the files with\n"
        "#   advisor generate --answers .advisor-answers.yaml --out .\n"
        "# 'advisor questions' lists every key and its allowed values.\n" + body + record_block(lang, hashes)
    )


def record_block(lang: str, hashes: Mapping[str, str]) -> str:
    files = "".join(f"# advisor-file: {name} {digest}\n" for name, digest in hashes.items())
    return f"\n{_RECORD_HEADING}\n# advisor-lang: {lang}\n{files}"


def recorded_hashes(text: str) -> dict[str, str]:
    return dict(_RECORD_FILE.findall(text))


def without_record(text: str) -> str:
    kept = [
        line
        for line in text.splitlines()
        if line != _RECORD_HEADING and not _RECORD_LANG.match(line) and not _RECORD_FILE.match(line)
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
    return answers is not None and text == answers_text(answers, record.lang or "en", record.files)
