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


# The last word of a name that names a folder, whatever its default (not *_PATH, *_CONFIG, *_DB,
# *_KEY: a file as often as not); and the words of a folder that is no data to keep.
_FOLDER_WORD = re.compile(r"(?:^|_)(?:DATA|DIR|DIRECTORY|FOLDER|HOME|ROOT|STORE|STORAGE)$")
_NOT_DATA_WORD = re.compile(r"(?:^|_)(?:CACHE|TMP|TEMP|LOG|LOGS)(?:_|$)")


def names_data_folder(name: str, default: str | None = None) -> bool:
    """Whether the variable names the app's data folder: DATA_VAR, and no file for a default
    (scrapydweb's DATA_PATH, default '': a folder; a DATA_PATH of `db.json` is a file); or a name
    of a folder (_FOLDER_WORD) whose default is one in the user's home (SpiderFoot's
    SPIDERFOOT_DATA, ~/.spiderfoot: inspect.home_data), not a file there (~/.noteapprc,
    ~/.kube/config) nor a cache, a log or a temporary folder."""
    default = default or ""
    if not default.startswith("~/"):
        return DATA_VAR.fullmatch(name) is not None and "." not in default.rpartition("/")[2]
    last = default.rstrip("/").rpartition("/")[2].removeprefix(".")
    if "." in last or _NOT_DATA_WORD.search(name):
        return False
    return DATA_VAR.fullmatch(name) is not None or _FOLDER_WORD.search(name) is not None


DATA_FOLDER = "data"
"""That folder, relative to the app's folder in the image."""


SYSTEM_TOP = frozenset(
    {"bin", "boot", "dev", "etc", "home", "lib", "lib64", "mnt", "opt", "proc", "root", "run", "sbin"}
    | {"srv", "sys", "tmp", "usr", "var", "app", "src", "workspace", "code"}
)
"""Top-level folders of an image that are the system's or the code's, not the app's data."""


def own_top_folder(folder: str) -> bool:
    """A top-level folder of the image's own (gamevault's /files, youtube-dl-server's
    /youtube-dl): not a system folder nor where code usually lives."""
    return folder.count("/") == 1 and len(folder) > 1 and folder[1:] not in SYSTEM_TOP


def image_data_folder(folder: str) -> bool:
    """An absolute folder an image keeps data in: under a usual data place (/var/lib/kutt, /data)
    or a top-level folder of its own (own_top_folder)."""
    return folder.startswith(DATA_PREFIXES) or own_top_folder(folder)


def volume_folder(folder: str) -> bool:
    """A folder a named volume may hold: inside the app's folder, or an absolute one the
    project keeps data in (/var/lib/kutt, /data), not a system folder; or one of the image's
    own tree above the app's folder (a workspace's /app/database, beside its members)."""
    if not folder.startswith("/") or (folder.startswith("/app/") and ".." not in folder.split("/")):
        return True
    if folder.startswith(("/var/run", "/var/lock", "/var/tmp", "/var/cache", "/var/log")):
        return False
    return own_top_folder(folder) or (
        folder.startswith(DATA_PREFIXES)
        and (folder.count("/") >= 2 or folder in ("/data", "/uploads", "/media", "/config", "/downloads"))
    )
