"""Variables named by an ini file that the app reads through a ConfigParser interpolation
taking a blank option from the environment variable of the same name (``os.getenv(option)``):
every option of that file is then a variable the app reads (CTFd's ``config.ini``)."""

from __future__ import annotations

import re

from .envvars import Collector

_ENV_INTERPOLATION = re.compile(
    r"class\s+\w+\(\s*(?:configparser\.)?\w*Interpolation\s*\)[\s\S]{0,2000}?"
    r"(?:getenv|environ\.get)\(\s*(?:option|key|name)\s*[,)]"
)
_INI_NAME = re.compile(r"""['"]([\w.-]+\.ini)['"]""")


def ini_files_read_from_env(text: str) -> list[str]:
    """The ini files (names as written) a module reads through an env-interpolating parser."""
    if "Interpolation" not in text or not _ENV_INTERPOLATION.search(text):
        return []
    return list(dict.fromkeys(_INI_NAME.findall(text)))


def scan_env_ini(text: str, source: str, out: Collector) -> None:
    """Each option of an ini file read through such a parser, its value as the default."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError):
        return
    for section in parser.sections():
        for option, value in parser.items(section):
            if re.fullmatch(r"[A-Z][A-Z0-9_]*", option):
                out.add(option, source, default=value.strip() or None)
