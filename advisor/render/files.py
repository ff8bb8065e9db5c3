"""Every file of a run, rendered from the plan: the report, the starter files, the git files
and the answers file with the record of the run."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

from ..errors import AdvisorError
from ..inspect.dotenv import ADVISOR_BLOCK
from ..record import answers_text, sha256
from ..setup import ANSWERS, ENV, ENV_EXAMPLE, FileKind, Setup
from ..writer import PlannedFile

# The heading of the variables the app reads that advisor does not set (templates/starter/env.j2).
ALSO_READ = "# ---- Also read by the app, not set by advisor"
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")
_IGNORES_ENV = {".env", "/.env", ".env*", "/.env*", "*.env"}
_GITIGNORE_ENTRY = "# advisor: .env holds generated secrets; keep it out of git\n.env\n"
_LF_SCRIPTS = {"*.sh text eol=lf", "run.sh text eol=lf", "*.sh eol=lf", "* text=auto eol=lf"}
_GITATTRIBUTES_ENTRY = (
    "# advisor: shell scripts keep LF line endings, also in Windows checkouts\n*.sh text eol=lf\n"
)


def parse_env(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments and blank lines skipped, quotes removed)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        m = _ENV_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[m.group(1)] = value
    return values


def _as_kept(setup: Setup, kept: Mapping[str, str]) -> Setup:
    """The plan with the database user and name an existing .env keeps (the project's own
    .env with POSTGRES_USER=devdb): the report names the ones the containers will use."""
    db = setup.database
    if db is None:
        return setup
    user = kept.get(db.spec.user_var) or db.user
    name = kept.get(db.spec.name_var) or db.name
    if (user, name) == (db.user, db.name):
        return setup
    renamed = {db.user: user, db.name: name}
    notes = tuple(
        dataclasses.replace(
            n, values={k: renamed.get(v, v) if k in ("user", "name") else v for k, v in n.values.items()}
        )
        for n in setup.notes
    )
    return dataclasses.replace(setup, database=dataclasses.replace(db, user=user, name=name), notes=notes)


def merge_env(existing: str, fresh: str) -> str:
    """The existing .env with the variables it lacks appended from the fresh one."""
    have = parse_env(existing)
    missing = [line for line in fresh.splitlines() if (m := _ENV_LINE.match(line)) and m.group(1) not in have]
    if not missing:
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + "# added by advisor\n" + "\n".join(missing) + "\n"


def _compose_file_reset(text: str) -> str:
    """The project's .env that sets COMPOSE_FILE to its own compose files (open-prices':
    docker-compose.yml;docker/dev.yml), which advisor moved aside: Compose reads COMPOSE_FILE
    from .env, so a later line points it at compose.yaml (the last line of a name wins)."""
    values = [m.group(1).strip().strip("'\"") for m in re.finditer(r"^COMPOSE_FILE=(.*)$", text, re.M)]
    if not values or values[-1] == "compose.yaml":
        return text
    sep = "" if text.endswith("\n") else "\n"
    return (
        f"{text}{sep}# added by advisor: Compose reads compose.yaml, not the files COMPOSE_FILE named above\n"
        "# (the project's compose files are kept aside as NAME.orig)\nCOMPOSE_FILE=compose.yaml\n"
    )


UNUSED_MARK = "# advisor: unused: the plan no longer passes this variable to any container; its value is kept"


def mark_unused(text: str, unused: set[str], used: set[str]) -> str:
    """A .env whose variables in ``unused`` get a marker line above them (once), and whose
    markers above variables the plan uses again are removed. Nothing else changes: no value
    is ever dropped."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.rstrip("\n") == UNUSED_MARK:
            following = _ENV_LINE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if following is None or following.group(1) in used:
                continue  # used again (or nothing below it): the marker goes
            out.append(line)
            continue
        m = _ENV_LINE.match(line)
        marked = bool(out) and out[-1].rstrip("\n") == UNUSED_MARK
        if m and m.group(1) in unused and not marked:
            out.append(UNUSED_MARK + "\n")
        out.append(line)
    return "".join(out)


def merge_documented(existing: str, fresh: str) -> str:
    """A project's own .env.example with the variables it lacks appended from advisor's, each
    with the comment lines above it: the project's documentation stays as it is."""
    have = parse_env(existing)
    blocks: list[str] = []
    comments: list[str] = []
    for line in fresh.splitlines():
        m = _ENV_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            if m.group(1) not in have:
                blocks += [*comments, line]
            comments = []
        elif line.startswith("# ") and not line.startswith("# ----"):
            comments.append(line)
        else:
            comments = []
    listed = fresh[fresh.index(ALSO_READ) :] if ALSO_READ in fresh and ALSO_READ not in existing else ""
    if not blocks and not listed:
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    added = f"\n{ADVISOR_BLOCK}: the variables its files use\n" + "\n".join(blocks) + "\n" if blocks else ""
    return existing + sep + added + (f"\n{listed}" if listed else "")


def ensure_line(existing: str | None, present: set[str], entry: str) -> str:
    """A git file that has one of the ``present`` lines: created with ``entry``, or appended to."""
    if existing is None:
        return entry
    if any(line.strip() in present for line in existing.splitlines()):
        return existing
    sep = "" if existing.endswith("\n") or not existing else "\n"
    return existing + sep + entry


def render_files(
    setup: Setup,
    lang: str,
    existing: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
) -> list[PlannedFile]:
    """Every file of the run, in the plan's order.

    ``existing`` holds the current text of the files that are only appended to: an existing
    ``.env.example`` the project wrote itself gets the variables it lacks, with their comments;
    an existing
    ``.env`` keeps its values (its secrets are reused, variables it lacks are appended), and
    an existing ``.gitignore`` / ``.gitattributes`` only gets its one line appended.
    ``secrets`` gives values for secrets and credentials (else an existing .env's, else new
    random ones).
    """
    from .caddyfile import render_caddyfile
    from .compose import render_compose
    from .dockerfile import render_dockerfile, render_dockerignore
    from .envfiles import render_env, resolve_secrets
    from .kubernetes import render_kubernetes
    from .report import render_report
    from .runscript import render_run_script

    existing = existing or {}
    # An existing .env keeps its values; an empty secret there gets a new random one.
    kept = {k: v for k, v in parse_env(existing.get(ENV, "")).items() if v or k not in setup.secret_names()}
    values = resolve_secrets(setup, {**kept, **(secrets or {})}, in_env=set(kept) - set(secrets or {}))
    renderers: dict[FileKind, Callable[[], str]] = {
        "compose": lambda: render_compose(setup),
        "run-script": lambda: render_run_script(setup),
        "caddyfile": lambda: render_caddyfile(setup),
        "dockerfile": lambda: render_dockerfile(setup),
        "dockerignore": lambda: render_dockerignore(setup),
        "dockerfile-ignore": lambda: render_dockerignore(setup),
        "web-dockerfile": lambda: render_dockerfile(setup.front.setup),
        "web-dockerignore": lambda: render_dockerignore(setup.front.setup),
        "env-example": lambda: render_env(setup, values, example=True),
        "env": lambda: render_env(setup, values, example=False),
        "gitignore": lambda: ensure_line(existing.get(".gitignore"), _IGNORES_ENV, _GITIGNORE_ENTRY),
        "gitattributes": lambda: ensure_line(
            existing.get(".gitattributes"), _LF_SCRIPTS, _GITATTRIBUTES_ENTRY
        ),
        "report": lambda: render_report(_as_kept(setup, kept), lang),
    }
    for spec in setup.files:
        if spec.kind.startswith("k8s-"):
            renderers[spec.kind] = lambda kind=spec.kind: render_kubernetes(setup, kind)  # type: ignore[misc]
    rendered: dict[str, str] = {}
    for spec in setup.files:
        if spec.kind == "answers":
            continue
        if spec.kind not in renderers:
            raise AdvisorError(f"no renderer for {spec.name!r}, which the plan lists")
        rendered[spec.name] = renderers[spec.kind]()
    if ENV in existing and ENV in rendered:
        rendered[ENV] = merge_env(existing[ENV], rendered[ENV])
        if "compose.yaml" in rendered:
            rendered[ENV] = _compose_file_reset(rendered[ENV])
    if ENV_EXAMPLE in existing and ENV_EXAMPLE in rendered:  # the project's own: merged by variable
        rendered[ENV_EXAMPLE] = merge_documented(existing[ENV_EXAMPLE], rendered[ENV_EXAMPLE])
    own = {
        f.name: sha256(rendered[f.name])
        for f in setup.files
        if f.name in rendered and not f.append_only and f.name not in existing
    }
    rendered[ANSWERS] = answers_text(setup.evaluation.answers.applicable(), lang, own)
    return [PlannedFile(f.name, rendered[f.name], f.mode) for f in setup.files]
