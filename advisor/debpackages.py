"""The Debian packages an app's dependencies need in its image: headers and tools (git) in
the build stage, shared libraries in the final one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .inspect.versions import python_on_bookworm
from .nativepackages import NODE_NATIVE, PYTHON_NATIVE

if TYPE_CHECKING:
    from .inspect import AppFacts


def gis_packages(app: AppFacts | None) -> tuple[str, ...]:
    """GeoDjango's libraries (GDAL, GEOS, PROJ: Django's GIS install guide's Debian packages)
    for a Django app on PostGIS or with GeoDjango in its settings: django.contrib.gis loads them
    as it starts; SpatiaLite's SQLite module for its backend."""
    if app is None or app.framework is None or app.framework.value != "django":
        return ()
    if "postgis" not in app.pg_extensions and not app.geodjango:
        return ()
    return ("binutils", "gdal-bin") + (
        ("libsqlite3-mod-spatialite",) if app.geodjango == "spatialite" else ()
    )


def app_packages(app: AppFacts | None, runtime: str = "") -> tuple[str, ...]:
    """The Debian packages the app's own code needs at run time: GeoDjango's, and the legacy
    time zone names (see inspect.timezones), which bookworm's tzdata still holds itself."""
    legacy = (
        ("tzdata-legacy",)
        if app is not None and app.legacy_time_zone is not None and not python_on_bookworm(runtime)
        else ()
    )
    return gis_packages(app) + legacy


# Debian 13's library packages by their Debian 12 (bookworm) names: the Python images of 3.8
# and older, and older patch tags (3.12.3), are bookworm's, where the 64-bit time renames
# (`t64`) had not happened yet.
_BOOKWORM_NAMES = {
    "libcurl4t64": "libcurl4",
    "libxmlsec1t64-openssl": "libxmlsec1-openssl",
    "libmagic1t64": "libmagic1",
    "librrd8t64": "librrd8",
    "libicu76": "libicu72",
}


def native_packages(
    installed: set[str], which: int, language: str = "python", runtime: str = ""
) -> tuple[str, ...]:
    """The Debian packages an app's native dependencies need: ``which`` 0 for the build
    (headers, git), 1 at run time (shared libraries), by the names of the image's Debian."""
    table = PYTHON_NATIVE if language == "python" else NODE_NATIVE if language == "node" else {}
    found = (pkg for name, pair in table.items() if name in installed for pkg in pair[which])
    if language == "python" and python_on_bookworm(runtime):
        found = (_BOOKWORM_NAMES.get(pkg, pkg) for pkg in found)
    return tuple(dict.fromkeys(found))


def own_packages(app: AppFacts | None) -> tuple[str, str] | None:
    """The system packages the project's own Dockerfile installs, and that file."""
    if app is None or app.system_packages is None:
        return None
    return " ".join(app.system_packages.value), app.system_packages.source
