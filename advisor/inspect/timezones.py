"""Time zones the code names by their legacy names (``TIME_ZONE = "CET"``, ``ZoneInfo("US/Eastern")``).

Debian 13 moved those names (tzdata's ``backward`` links and the old System V zones) out of
``tzdata`` into ``tzdata-legacy``, which the slim images lack: Django stops as it loads its
settings ("Incorrect timezone setting: CET") and ``ZoneInfo`` raises. The current names are
``Area/City`` in one of tzdata's areas, and ``UTC``."""

from __future__ import annotations

import re

from .facts import Sourced

_NAMED = re.compile(
    r"""(?:^\s*TIME_ZONE\s*=\s*|\bZoneInfo\(\s*|\bpytz\.timezone\(\s*|\bgettz\(\s*)['"]([A-Za-z][\w+/-]*)['"]""",
    re.M,
)
_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
        "Etc",
    }
)
# Renamed cities whose old names stayed as links in `backward` (the ones apps still write).
_RENAMED = frozenset({"Asia/Calcutta", "Asia/Saigon", "Asia/Katmandu", "Asia/Rangoon", "Europe/Kiev"})


def legacy_time_zone(texts: dict[str, str]) -> Sourced[str] | None:
    """The first legacy time zone name the code gives Django, zoneinfo, pytz or dateutil
    (pytz carries its own data, but the name is read the same way elsewhere)."""
    for rel, text in texts.items():
        if (
            "TIME_ZONE" not in text
            and "ZoneInfo" not in text
            and "timezone(" not in text
            and "gettz" not in text
        ):
            continue
        for m in _NAMED.finditer(text):
            name = m.group(1)
            area = name.split("/", 1)[0]
            if name == "UTC" or (area in _AREAS and "/" in name and name not in _RENAMED):
                continue
            return Sourced(name, rel, "time zone")
    return None
