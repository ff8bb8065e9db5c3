"""Where an app keeps its data, as its code and settings say: the folders and the variables
that name them. Read by the inspector and by the build plan."""

from __future__ import annotations

import re

# Source files of the languages advisor reads (where an app reads its settings).
CODE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".go", ".java", ".kt")
DATA_PREFIXES = ("/var/", "/data", "/srv/", "/opt/", "/home/", "/uploads", "/media", "/config", "/downloads")
"""Where an absolute folder the app keeps data in usually is (/var/lib/kutt, /data): one the
project's settings name may be the app's, and may get a volume."""
DATA_VAR = re.compile(
    r"(?:[A-Z0-9]+_)*(?:DATA_(?:DIR|DIRECTORY|FOLDER|ROOT)|(?:DIR|PATH)_DATA|DATADIR)|DATA_PATH|HOME_DIR"
)
"""A variable naming the folder the app keeps its data in (DATA_DIR, SPOOLMAN_DIR_DATA,
DATA_DIRECTORY, KaraokeEternal's KES_PATH_DATA, a bare DATA_PATH, unmanic's HOME_DIR; not another
*_PATH, which may name a file, nor a cache or a temporary folder): when the app reads one, the
image sets it to its data folder, /app/data (see buildplan)."""


def names_data_folder(name: str, default: str | None = None) -> bool:
    """Whether the variable names the app's data folder: DATA_VAR, and no file for a default
    (scrapydweb's DATA_PATH, default '': a folder; a DATA_PATH of `db.json` is a file); or any
    name whose default is a folder in the user's home (SpiderFoot's SPIDERFOOT_DATA, ~/.spiderfoot:
    inspect.home_data), but a cache's, a log's or a temporary one."""
    default = default or ""
    if default.startswith("~/") and not re.search(r"CACHE|TE?MP|LOG", name):
        return "." not in default.rstrip("/").rpartition("/")[2].lstrip(".")  # ~/.app, not ~/app.db
    return DATA_VAR.fullmatch(name) is not None and "." not in default.rpartition("/")[2]


DATA_FOLDER = "data"
"""That folder, relative to the app's folder in the image."""
