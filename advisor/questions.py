"""The questions: each answer key, its kind and domain, when it is asked, and the one
parser that turns a value from any source (file, ``--set``, the wizard) into the answer's type."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from .errors import UserError
from .stacks import PACKAGE_MANAGERS

HostOS = Literal["windows", "macos", "linux"]
WindowsEdition = Literal["home", "pro", "enterprise", "education"]
WindowsArch = Literal["x86_64", "arm64"]
ProductionHost = Literal["linux-server", "windows-server", "desktop", "managed-service"]
Environment = Literal["development", "production"]
Traffic = Literal["low", "medium", "high"]
Language = Literal["python", "node", "java", "go", "static", "other"]
Database = Literal["none", "postgres", "mysql", "mariadb", "mongodb"]
Cache = Literal["none", "redis"]
Media = Literal["none", "images", "video", "images-and-video"]
MediaDelivery = Literal["api", "direct"]

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
NAME_MAX = 63


Kind = Literal["choice", "bool", "port", "count", "name", "text"]
# The whole numbers a numeric question takes: a port, or a count (replicas).
RANGES: dict[str, tuple[int, int]] = {"port": (1, 65535), "count": (2, 100)}


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire. Texts live in the locale catalogues."""

    key: str
    kind: Kind
    choices: tuple[Any, ...] = ()
    when: tuple[str, frozenset[Any]] | None = None
    static_default: Any = None
    pattern: str = ""
    """For ``text`` questions: the whole answer must match it."""
    allowed: str = ""
    """For ``text`` questions: what is allowed, in words."""
    optional: bool = False
    """Never reported missing: without an answer it takes its default (detected from the
    project, else the language's convention). The keys the contract does not list are optional,
    so answers files written before them keep working."""

    def applies(self, facts: Mapping[str, Any]) -> bool:
        if self.when is None:
            return True
        fact, allowed = self.when
        return facts.get(fact) in allowed

    @property
    def finite(self) -> bool:
        return self.kind in ("choice", "bool")

    def allowed_text(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind in RANGES:
            low, high = RANGES[self.kind]
            return f"a whole number from {low} to {high}"
        if self.kind == "text":
            return self.allowed
        if self.kind == "name":
            return (
                "lowercase letters, digits, '-' and '_', starting with a letter or digit, "
                f"at most {NAME_MAX} characters"
            )
        return ", ".join(str(c) for c in self.choices)

    def parse(self, value: Any, origin: str) -> Any:
        """Turn a value from any source into the answer's type, or raise one clear UserError."""
        where = f"{origin}: key '{self.key}'"
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
                return _BOOL_WORDS[value.strip().lower()]
            raise UserError(f"{where}: {show(value)} is not allowed; allowed: true or false")
        if self.kind in RANGES:
            low, high = RANGES[self.kind]
            if isinstance(value, bool):
                raise UserError(f"{where}: {show(value)} is not a number; allowed: {self.allowed_text()}")
            if isinstance(value, str) and re.fullmatch(r"\s*\d{1,5}\s*", value):
                value = int(value)
            if isinstance(value, int) and low <= value <= high:
                return value
            raise UserError(f"{where}: {show(value)} is not allowed; allowed: {self.allowed_text()}")
        if self.kind == "text":
            if isinstance(value, float):  # YAML reads 3.10 as the number 3.1
                raise UserError(f"{where}: {value!r} is a number; write it in quotes, like '3.10'")
            if isinstance(value, int) and not isinstance(value, bool) and self.key == "runtime_version":
                value = str(value)  # YAML reads 22 as a number
            # Only spaces are trimmed: str.strip() would also drop control characters (\x1c-\x1f
            # count as white space), which the pattern and the schema refuse.
            if isinstance(value, str) and len(value) <= 300 and re.fullmatch(self.pattern, value.strip(" ")):
                return value.strip(" ")
            raise UserError(f"{where}: {show(value)} is not allowed; allowed: {self.allowed}")
        if self.kind == "name":
            if isinstance(value, str) and len(value) <= NAME_MAX and re.fullmatch(NAME_PATTERN, value):
                return value
            raise UserError(f"{where}: {show(value)} is not allowed; allowed: {self.allowed_text()}")
        if isinstance(value, str) and value in self.choices:
            return value
        hint = ""
        if isinstance(value, str):
            import difflib

            lowered = value.strip().lower()
            close = (
                [lowered] if lowered in self.choices else difflib.get_close_matches(lowered, self.choices, 1)
            )
            if close:  # Postgres, postgresql: postgres
                hint = f" (did you mean '{close[0]}'?)"
        raise UserError(f"{where}: {show(value)} is not allowed; allowed: {self.allowed_text()}{hint}")


_BOOL_WORDS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}


def show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= 60 else text[:57] + "...'"


_DOMAINS: dict[str, Any] = {
    "host_os": HostOS,
    "windows_edition": WindowsEdition,
    "windows_arch": WindowsArch,
    "production_host": ProductionHost,
    "environment": Environment,
    "traffic": Traffic,
    "language": Language,
    "database": Database,
    "cache": Cache,
    "media": Media,
    "media_delivery": MediaDelivery,
}


def _choices(key: str) -> tuple[str, ...]:
    """The allowed values of a choice answer, read from its Literal type."""
    return tuple(get_args(_DOMAINS[key]))


_ON_WINDOWS = ("host_os", frozenset({"windows"}))
_WITH_MEDIA = ("media", frozenset({"images", "video", "images-and-video"}))
_BUILT = ("language", frozenset({"python", "node", "java", "go"}))
_WITH_PACKAGES = ("language", frozenset({"python", "node", "java"}))
_STARTED = ("language", frozenset({"python", "node", "java", "go", "other"}))
_HIGH_TRAFFIC = ("traffic", frozenset({"high"}))
_IN_PRODUCTION = ("environment", frozenset({"production"}))
_CONTAINERS_POSSIBLE = ("full_os_isolation", frozenset({False}))


def _build_questions() -> tuple[Question, ...]:
    return (
        Question("project_name", "name"),
        Question("host_os", "choice", _choices("host_os")),
        Question("windows_edition", "choice", _choices("windows_edition"), _ON_WINDOWS, "home"),
        # The machine's processor: Windows on Arm has only the WSL 2 backend, no Windows containers.
        Question("windows_arch", "choice", _choices("windows_arch"), _ON_WINDOWS, "x86_64", optional=True),
        Question("wsl2_allowed", "bool", (True, False), _ON_WINDOWS, True),
        Question("windows_containers", "bool", (True, False), _ON_WINDOWS, False),
        Question("full_os_isolation", "bool", (True, False), None, False),
        Question("environment", "choice", _choices("environment"), None, "development"),
        # Where production runs: host_os is the development machine, not the server.
        Question(
            "production_host",
            "choice",
            _choices("production_host"),
            _IN_PRODUCTION,
            "linux-server",
            optional=True,
        ),
        Question("traffic", "choice", _choices("traffic"), None, "low"),
        Question("language", "choice", _choices("language")),
        Question("app_port", "port"),
        Question("database", "choice", _choices("database"), None, "none"),
        Question("cache", "choice", _choices("cache"), None, "none"),
        Question("media", "choice", _choices("media"), None, "none"),
        Question("media_delivery", "choice", _choices("media_delivery"), _WITH_MEDIA, "api"),
        # Whether the app needs a GPU (CUDA): Docker Desktop passes one through only with WSL 2.
        Question("gpu", "bool", (True, False), _CONTAINERS_POSSIBLE, False, optional=True),
        # How many copies of the app run at least when traffic is high (Kubernetes replicas).
        Question("replicas", "count", when=_HIGH_TRAFFIC, static_default=2, optional=True),
        Question(
            "app_dir",
            "text",
            optional=True,
            static_default=".",
            pattern=r"\.|[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*",
            allowed="'.' or a folder inside the project, like backend or apps/api (no '..', not hidden)",
        ),
        Question(
            "runtime_version",
            "text",
            optional=True,
            when=_BUILT,
            pattern=r"[0-9]{1,2}(?:\.[0-9]{1,3}){0,2}",
            allowed="a version line of the language's image, like 3.12, 22, 21 or 1.25",
        ),
        Question(
            "package_manager",
            "text",
            optional=True,
            when=_WITH_PACKAGES,
            pattern="|".join(PACKAGE_MANAGERS),
            allowed=", ".join(PACKAGE_MANAGERS) + " (one that fits the language)",
        ),
        Question(
            "start_command",
            "text",
            optional=True,
            when=_STARTED,
            # One line, not only spaces (the first and last characters are not).
            pattern=r"[^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]{0,298}[^\x00-\x20\x7f])?",
            allowed="the command that starts the app, like 'gunicorn mysite.wsgi' (one line)",
        ),
    )


QUESTIONS: tuple[Question, ...] = _build_questions()
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
