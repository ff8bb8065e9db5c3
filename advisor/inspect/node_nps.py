"""nps (package-scripts): a start script that is only ``nps`` or ``nps start`` runs the
script ``package-scripts.js`` defines under that name (``default`` for a bare ``nps``), a
string or an object's ``script``. Read as text, never run; only literal strings count."""

from __future__ import annotations

import re

from .tree import Tree, join

_KEY = re.compile(r"""^([ \t]*)['"]?([\w.:-]+)['"]?\s*:\s*(.*)$""")
_STRING = re.compile(r"""^(['"`])([^'"`\n]*)\1\s*,?\s*$""")
_SCRIPT = re.compile(r"""^\s*script\s*:\s*(['"`])([^'"`\n]*)\1""")


def nps_scripts(tree: Tree, folder: str) -> dict[str, str]:
    """``nps:NAME`` → the command, for the top-level scripts of ``package-scripts.js``."""
    text = tree.text(join(folder, "package-scripts.js")) or tree.text(join(folder, "package-scripts.cjs"))
    start = text.find("scripts") if text else -1
    if text is None or start < 0:
        return {}
    lines = text[start:].splitlines()[1:]
    keys = [(i, m) for i, line in enumerate(lines) if (m := _KEY.match(line))]
    if not keys:
        return {}
    top = len(keys[0][1].group(1))
    found: dict[str, str] = {}
    for n, (i, m) in enumerate(keys):
        if len(m.group(1)) != top:
            continue
        if (s := _STRING.match(m.group(3))) is not None:
            found[f"nps:{m.group(2)}"] = s.group(2)
        elif m.group(3).startswith("{"):  # { script: '...', description: ... }
            end = next((j for j, k in keys[n + 1 :] if len(k.group(1)) <= top), len(lines))
            inner = next((s for line in lines[i + 1 : end] if (s := _SCRIPT.match(line))), None)
            if inner is not None and len(inner.group(0)) - len(inner.group(0).lstrip()) == top + 4:
                found[f"nps:{m.group(2)}"] = inner.group(2)
    return found
