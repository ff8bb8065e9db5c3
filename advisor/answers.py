"""The answers: the validated set, the defaults that look at the project, and one validation
path (the questions themselves live in :mod:`advisor.questions`).

Answers from a file, from ``--set``, from ``--defaults`` and from the wizard all pass
through :func:`resolve_answers`, so they are checked by the same code.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UserError
from .questions import NAME_MAX as NAME_MAX
from .questions import NAME_PATTERN as NAME_PATTERN
from .questions import QUESTION_BY_KEY as QUESTION_BY_KEY
from .questions import QUESTIONS as QUESTIONS
from .questions import RANGES as RANGES
from .questions import (
    Cache,
    Database,
    Environment,
    HostOS,
    Language,
    Media,
    MediaDelivery,
    ProductionHost,
    Traffic,
    WindowsArch,
    WindowsEdition,
)
from .questions import Question as Question
from .questions import show as _show
from .stacks import DEFAULT_PORTS, LANGUAGE_TOOLS, LANGUAGES, VERSIONS

if TYPE_CHECKING:
    from .inspect import ProjectFacts


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
    app_dir: str = "."
    runtime_version: str | None = None
    package_manager: str | None = None
    start_command: str | None = None
    replicas: int | None = None
    windows_arch: WindowsArch | None = None
    production_host: ProductionHost | None = None
    gpu: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def applicable(self) -> dict[str, Any]:
        """Every answer whose question applies, in question order (what the JSON shows); a
        question the project made moot (see :meth:`Context.moot`) has no answer."""
        data = self.as_dict()
        return {q.key: data[q.key] for q in QUESTIONS if q.applies(data) and data[q.key] is not None}


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
    """Where defaults are looked up: the project folder, inspected once when a default needs it."""

    folder: Path = field(default_factory=Path.cwd)
    os_name: str = field(default_factory=running_os)
    machine: str = field(default_factory=platform.machine)
    """The processor architecture of the machine advisor runs on (``platform.machine()``)."""
    _facts: ProjectFacts | None = field(default=None, repr=False)
    _suggested: dict[str, tuple[Any, str]] | None = field(default=None, repr=False)
    _app_dir: str | None = field(default=None, repr=False)

    @property
    def facts(self) -> ProjectFacts:
        if self._facts is None:
            from .inspect import inspect_project

            self._facts = inspect_project(self.folder)
        return self._facts

    def detected(self) -> dict[str, tuple[Any, str]]:
        """Answers found in the project's files, each with the file it came from (the folder is
        read once per Context: a long-running caller sees a project's later changes)."""
        if self._suggested is None:
            from .inspect import suggested_answers

            self._suggested = suggested_answers(self.facts, self._app_dir) if self.folder.is_dir() else {}
        return self._suggested

    def focus(self, app_dir: str | None) -> None:
        """Detect the defaults from the app in ``app_dir`` (the person's answer), not the one
        advisor would choose in a project of several apps."""
        if app_dir != self._app_dir:
            self._app_dir, self._suggested = app_dir, None

    def moot(self, key: str, facts: Mapping[str, Any]) -> bool:
        """Whether the project makes question ``key`` meaningless: a front end built with Node
        and served by nginx has no start command of its own."""
        if key != "start_command":
            return False
        detected = self.detected()
        language, kind = detected.get("language", (None, ""))[0], detected.get("app_kind", (None, ""))[0]
        return bool(language == facts.get("language") and kind == "spa")

    def asks(self, q: Question, facts: Mapping[str, Any]) -> bool:
        """Whether question ``q`` is asked, given the answers so far and the project."""
        return q.applies(facts) and not self.moot(q.key, facts)

    def default(self, key: str, facts: Mapping[str, Any]) -> tuple[Any, str | None]:
        """The default for ``key`` given the answers so far, and the file it was detected
        from (None when it is not detected)."""
        if key == "host_os":
            return self.os_name, ""
        if key == "windows_arch" and self.os_name == "windows" and self.machine:
            # Detected only on Windows itself: elsewhere this machine says nothing about that one.
            return ("arm64" if self.machine.lower() in ("arm64", "aarch64") else "x86_64"), ""
        if key in ("project_name", "language", "app_dir", "database", "cache"):
            found = self.detected().get(key)
            if found is not None:
                return found
            if key == "project_name":
                from .inspect.common import folder_name

                return normalise_project_name(folder_name(self.folder)), ""
            if key == "language":
                marker = detect_language(self.folder)
                return (marker, "") if marker else ("python", None)
            return QUESTION_BY_KEY[key].static_default, None
        language = str(facts.get("language", "python"))
        detected = self.detected()
        same_language = detected.get("language", (None, ""))[0] == language
        if key == "app_port":
            if same_language and "app_port" in detected:
                port, source = detected["app_port"]
                return int(port), source
            return DEFAULT_PORTS[language], None
        if key in ("runtime_version", "package_manager", "start_command"):
            if key == "start_command" and self.moot(key, facts):
                return None, detected["app_kind"][1]
            if same_language and key in detected:
                value, source = detected[key]
                return (shlex.join(value) if isinstance(value, list) else value), source
            return CONVENTIONS[key].get(language), None
        return QUESTION_BY_KEY[key].static_default, None


# What a project that states nothing gets (the Dockerfiles' conventions).
CONVENTIONS: dict[str, dict[str, str]] = {
    "runtime_version": {k: v for k, v in VERSIONS.items() if k in ("python", "node", "java", "go")},
    "package_manager": {language: tools[0] for language, tools in LANGUAGE_TOOLS.items()},
    "start_command": {
        "python": "python app.py",
        "node": "node index.js",
        "java": "java -jar app.jar",
        "go": "/app/server",
        "other": "./start",
    },
}


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
    if raw.get("app_dir") is not None:  # every default comes from the app the person named
        app_dir = QUESTION_BY_KEY["app_dir"].parse(raw["app_dir"], origins.get("app_dir", "answers"))
        context.focus(app_dir)
    for question in QUESTIONS:
        if not question.applies(facts):
            continue
        if question.key in raw and raw[question.key] is not None:
            facts[question.key] = question.parse(raw[question.key], origins.get(question.key, "answers"))
        elif question.optional and context.moot(question.key, facts):
            facts[question.key] = None
        elif use_defaults or (question.optional and ask is None):
            facts[question.key] = context.default(question.key, facts)[0]
        elif ask is not None:
            facts[question.key] = question.parse(ask(question, facts), "your answer")
        else:
            missing.append(question.key)
        if question.key == "app_dir" and facts.get("app_dir") is not None:
            context.focus(facts["app_dir"])  # the questions after it (start command) follow it
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
