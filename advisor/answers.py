"""The answers: the model, the questions derived from it, defaults and one validation path.

Answers from a file, from ``--set``, from ``--defaults`` and from the wizard all pass
through :func:`resolve_answers`, so they are checked by the same code.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

from .errors import UserError
from .stacks import DEFAULT_PORTS, LANGUAGES

HostOS = Literal["windows", "macos", "linux"]
WindowsEdition = Literal["home", "pro", "enterprise", "education"]
Environment = Literal["development", "production"]
Traffic = Literal["low", "medium", "high"]
Language = Literal["python", "node", "java", "go", "static", "other"]
Database = Literal["none", "postgres", "mysql", "mariadb", "mongodb"]
Cache = Literal["none", "redis"]
Media = Literal["none", "images", "video", "images-and-video"]
MediaDelivery = Literal["api", "direct"]

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
NAME_MAX = 63


@dataclass(frozen=True, slots=True)
class Answers:
    """A complete, validated set of answers. Keys whose question does not apply are ``None``.

    Built only by :func:`resolve_answers`, after every value has been checked by its
    question; a plain dataclass keeps the command line free of pydantic, which stays at the
    schema boundary (:mod:`advisor.schema` derives a pydantic model from the same questions,
    and the tests check that the two agree).
    """

    project_name: str
    host_os: HostOS
    app_port: int
    windows_edition: WindowsEdition | None = None
    wsl2_allowed: bool | None = None
    windows_containers: bool | None = None
    full_os_isolation: bool = False
    environment: Environment = "development"
    traffic: Traffic = "low"
    language: Language = "python"
    database: Database = "none"
    cache: Cache = "none"
    media: Media = "none"
    media_delivery: MediaDelivery | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def applicable(self) -> dict[str, Any]:
        """Every answer whose question applies, in question order (what the JSON shows)."""
        data = self.as_dict()
        return {q.key: data[q.key] for q in QUESTIONS if q.applies(data)}


Kind = Literal["choice", "bool", "port", "name"]


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire. Texts live in the locale catalogues."""

    key: str
    kind: Kind
    choices: tuple[Any, ...] = ()
    when: tuple[str, frozenset[Any]] | None = None
    static_default: Any = None

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
        if self.kind == "port":
            return "a whole number from 1 to 65535"
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
            raise UserError(f"{where}: {_show(value)} is not allowed; allowed: true or false")
        if self.kind == "port":
            if isinstance(value, bool):
                raise UserError(f"{where}: {_show(value)} is not a port; allowed: {self.allowed_text()}")
            if isinstance(value, str) and re.fullmatch(r"\s*\d{1,5}\s*", value):
                value = int(value)
            if isinstance(value, int) and 1 <= value <= 65535:
                return value
            raise UserError(f"{where}: {_show(value)} is not allowed; allowed: {self.allowed_text()}")
        if self.kind == "name":
            if isinstance(value, str) and len(value) <= NAME_MAX and re.fullmatch(NAME_PATTERN, value):
                return value
            raise UserError(f"{where}: {_show(value)} is not allowed; allowed: {self.allowed_text()}")
        if isinstance(value, str) and value in self.choices:
            return value
        hint = ""
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in self.choices:
                hint = f" (did you mean '{lowered}'?)"
        raise UserError(f"{where}: {_show(value)} is not allowed; allowed: {self.allowed_text()}{hint}")


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


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else "'" + value + "'"
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= 60 else text[:57] + "...'"


_DOMAINS: dict[str, Any] = {
    "host_os": HostOS,
    "windows_edition": WindowsEdition,
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


def _build_questions() -> tuple[Question, ...]:
    return (
        Question("project_name", "name"),
        Question("host_os", "choice", _choices("host_os")),
        Question("windows_edition", "choice", _choices("windows_edition"), _ON_WINDOWS, "home"),
        Question("wsl2_allowed", "bool", (True, False), _ON_WINDOWS, True),
        Question("windows_containers", "bool", (True, False), _ON_WINDOWS, False),
        Question("full_os_isolation", "bool", (True, False), None, False),
        Question("environment", "choice", _choices("environment"), None, "development"),
        Question("traffic", "choice", _choices("traffic"), None, "low"),
        Question("language", "choice", _choices("language")),
        Question("app_port", "port"),
        Question("database", "choice", _choices("database"), None, "none"),
        Question("cache", "choice", _choices("cache"), None, "none"),
        Question("media", "choice", _choices("media"), None, "none"),
        Question("media_delivery", "choice", _choices("media_delivery"), _WITH_MEDIA, "api"),
    )


QUESTIONS: tuple[Question, ...] = _build_questions()
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


# ---------------------------------------------------------------- defaults that look around


def normalise_project_name(folder_name: str) -> str:
    """A folder name made to fit Compose's project-name rules (lowercase letters, digits, '-', '_')."""
    name = re.sub(r"[^a-z0-9_-]+", "-", folder_name.lower())
    name = re.sub(r"-{2,}", "-", name).lstrip("-_").rstrip("-")[:NAME_MAX].rstrip("-_")
    return name or "app"


def running_os() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def detect_language(folder: Path) -> str | None:
    """The project's language from its files, like ``docker init`` does; None when nothing says."""
    try:
        names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    except OSError:
        return None
    for spec in LANGUAGES.values():  # in the table's order: static (index.html) after the rest
        if names.intersection(spec.markers):
            return spec.key
    return None


@dataclass
class Context:
    """Where defaults are looked up: the target folder."""

    folder: Path = field(default_factory=Path.cwd)
    os_name: str = field(default_factory=running_os)

    def default(self, key: str, facts: Mapping[str, Any]) -> tuple[Any, bool]:
        """The default for ``key`` given the answers so far, and whether it was detected."""
        if key == "project_name":
            return normalise_project_name(self.folder.resolve().name), True
        if key == "host_os":
            return self.os_name, True
        if key == "language":
            detected = detect_language(self.folder)
            return (detected, True) if detected else ("python", False)
        if key == "app_port":
            return DEFAULT_PORTS[str(facts.get("language", "python"))], False
        return QUESTION_BY_KEY[key].static_default, False


Asker = Callable[[Question, Mapping[str, Any]], Any]


def check_keys(raw: Mapping[Any, Any], origin: str) -> None:
    """Unknown keys are an error that names them and what is allowed."""
    import difflib

    for key in raw:
        if not isinstance(key, str) or key not in QUESTION_BY_KEY:
            close = difflib.get_close_matches(str(key), list(QUESTION_BY_KEY), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UserError(
                f"{origin}: unknown key {_show(key)}{hint}; allowed keys: {', '.join(QUESTION_BY_KEY)}"
            )


def resolve_answers(
    raw: Mapping[str, Any],
    *,
    origins: Mapping[str, str] | None = None,
    use_defaults: bool = False,
    context: Context | None = None,
    ask: Asker | None = None,
) -> Answers:
    """Validate answers from any source and fill what is missing.

    ``origins`` says where each key came from (for messages); missing answers take their
    default with ``use_defaults``, are asked with ``ask``, or are reported together.
    """
    origins = origins or {}
    context = context or Context()
    check_keys(raw, "answers")
    facts: dict[str, Any] = {}
    missing: list[str] = []
    for question in QUESTIONS:
        if not question.applies(facts):
            continue
        if question.key in raw and raw[question.key] is not None:
            facts[question.key] = question.parse(raw[question.key], origins.get(question.key, "answers"))
        elif use_defaults:
            facts[question.key] = context.default(question.key, facts)[0]
        elif ask is not None:
            facts[question.key] = question.parse(ask(question, facts), "your answer")
        else:
            missing.append(question.key)
    if missing:
        raise UserError(
            "missing answers: "
            + ", ".join(missing)
            + ". Give them in the answers file or with --set KEY=VALUE, add --defaults to take the"
            " defaults, or run 'advisor init' in a terminal to be asked"
        )
    # Every value was checked above by its question, whose domain is read from the same
    # Literal types; the tests check that pydantic's validation of the schema model agrees.
    return Answers(**facts)


def parse_set_options(items: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs; the value stays text and is parsed by the question."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"--set {item!r}: expected KEY=VALUE, e.g. --set database=postgres")
        check_keys({key: value}, "--set")
        out[key] = value.strip()
    return out


def load_answers_file(path: Path) -> dict[str, Any]:
    from .yamlio import load_file

    data = load_file(path, "answers file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(
            f"answers file {path}: must be a mapping of keys to values (like 'host_os: linux'),"
            f" not {type(data).__name__}"
        )
    check_keys(data, f"answers file {path}")
    return dict(data)


def collect(answers_file: Path | None, set_items: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The raw answers of a file and ``--set`` (which wins), and where each key came from."""
    raw: dict[str, Any] = {}
    origins: dict[str, str] = {}
    if answers_file is not None:
        raw.update(load_answers_file(answers_file))
        origins.update({k: f"answers file {answers_file}" for k in raw})
    overrides = parse_set_options(set_items)
    raw.update(overrides)
    origins.update({k: "--set" for k in overrides})
    return raw, origins


def gather(
    answers_file: Path | None,
    set_items: list[str],
    *,
    use_defaults: bool,
    context: Context,
    ask: Asker | None = None,
) -> Answers:
    """Answers from a file and ``--set`` (which wins), then the one validation path."""
    raw, origins = collect(answers_file, set_items)
    return resolve_answers(raw, origins=origins, use_defaults=use_defaults, context=context, ask=ask)


def env_language() -> str:
    """The interface language from LC_ALL / LC_MESSAGES / LANG (Korean when it starts with 'ko'),
    or on Windows, which sets none of them, from the system locale."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    if sys.platform.startswith("win"):  # Windows sets no LANG: ask the system's locale
        import locale

        name = (locale.getlocale()[0] or "").lower()
        return "ko" if name.startswith(("ko", "korean")) else "en"
    return "en"
