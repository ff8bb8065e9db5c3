"""The JSON of ``advisor recommend --format json`` (the contract's shape, plus added keys)."""

from __future__ import annotations

from typing import Any

from ..setup import Setup

# Raised when a key changes meaning or goes away (keys are only ever added within a version).
FORMAT_VERSION = 1


def advice_json(setup: Setup, lang: str) -> dict[str, Any]:
    evaluation = setup.evaluation
    return {
        "format_version": FORMAT_VERSION,
        "answers": evaluation.answers.applicable(),
        "decisions": {
            key: {
                "value": d.value,
                "rule": d.rule,
                "because": d.because.get(lang),
                "source": d.source,
                **({"see": list(d.see)} if d.see else {}),
            }
            for key, d in evaluation.decisions.items()
        },
        "findings": [
            {
                "level": f.level,
                "message": f.message.get(lang),
                "rule": f.rule,
                "source": f.source,
                **({"see": list(f.see)} if f.see else {}),
            }
            for f in evaluation.findings
        ],
        "files": setup.file_names(),
    }
