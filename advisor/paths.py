"""Where the shipped data (rule base, templates) lives, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``rules`` or ``templates``: inside the wheel, or beside the package in a checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def locales_dir() -> Path:
    return _PACKAGE / "locales"
