"""Three-way merge of text files by lines (the diff3 algorithm), for regenerating over a file
a person edited: ``base`` is what advisor wrote last time, ``mine`` the file as the person
left it, ``theirs`` advisor's new version. Changes made on one side only are taken; the
same change on both sides is taken once; different changes to the same lines conflict.

Written here rather than taken from a library: the maintained one (Breezy's ``merge3``) is
GPL, and advisor is MIT. The matching is :class:`difflib.SequenceMatcher` without its
"junk" heuristic, so long files with many blank lines still align.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

MINE_LABEL = "yours"
THEIRS_LABEL = "advisor"


@dataclass(frozen=True)
class Merged:
    text: str
    """The merged text; with conflicts, each one between conflict markers."""
    conflicts: int
    """How many regions both sides changed differently (0: a clean merge)."""

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _matches(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    return [tuple(m) for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]  # type: ignore[misc]


def _stable(base: list[str], mine: list[str], theirs: list[str]) -> list[tuple[int, int, int, int]]:
    """Runs of base lines that both sides kept: (base start, length, mine start, theirs start),
    in order, ending with an empty run at the end of all three."""
    in_mine, in_theirs = _matches(base, mine), _matches(base, theirs)
    runs: list[tuple[int, int, int, int]] = []
    i = j = 0
    while i < len(in_mine) and j < len(in_theirs):
        b1, m1, n1 = in_mine[i]
        b2, t2, n2 = in_theirs[j]
        start, end = max(b1, b2), min(b1 + n1, b2 + n2)
        if start < end:
            runs.append((start, end - start, m1 + start - b1, t2 + start - b2))
        if b1 + n1 < b2 + n2:
            i += 1
        else:
            j += 1
    runs.append((len(base), 0, len(mine), len(theirs)))
    return runs


def _with_newline(lines: list[str]) -> list[str]:
    """Lines whose last one ends with a newline, so that a marker after them starts a line."""
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def _conflict(mine: list[str], theirs: list[str], mine_label: str, theirs_label: str) -> list[str]:
    return [
        f"<<<<<<< {mine_label}\n",
        *_with_newline(mine),
        "=======\n",
        *_with_newline(theirs),
        f">>>>>>> {theirs_label}\n",
    ]


def merge3(
    base: str,
    mine: str,
    theirs: str,
    *,
    mine_label: str = MINE_LABEL,
    theirs_label: str = THEIRS_LABEL,
) -> Merged:
    """Merge the changes base -> mine and base -> theirs."""
    b, m, t = _lines(base), _lines(mine), _lines(theirs)
    out: list[str] = []
    conflicts = 0
    bi = mi = ti = 0
    for b_start, length, m_start, t_start in _stable(b, m, t):
        old, ours, new = b[bi:b_start], m[mi:m_start], t[ti:t_start]
        if ours == new or new == old:
            out += ours
        elif ours == old:
            out += new
        else:
            conflicts += 1
            out += _conflict(ours, new, mine_label, theirs_label)
        out += b[b_start : b_start + length]
        bi, mi, ti = b_start + length, m_start + length, t_start + length
    return Merged("".join(out), conflicts)


def merge2(
    mine: str, theirs: str, *, mine_label: str = MINE_LABEL, theirs_label: str = THEIRS_LABEL
) -> Merged:
    """Without a common base every difference is a conflict: the lines both have stay once,
    each differing region is shown with both versions."""
    m, t = _lines(mine), _lines(theirs)
    out: list[str] = []
    conflicts = 0
    for op, m1, m2, t1, t2 in difflib.SequenceMatcher(None, m, t, autojunk=False).get_opcodes():
        if op == "equal":
            out += m[m1:m2]
        else:
            conflicts += 1
            out += _conflict(m[m1:m2], t[t1:t2], mine_label, theirs_label)
    return Merged("".join(out), conflicts)


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff (empty when the texts are equal)."""
    lines = difflib.unified_diff(
        _with_newline(_lines(before)), _with_newline(_lines(after)), before_name, after_name
    )
    return "".join(lines)
