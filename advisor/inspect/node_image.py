"""What the project's own image does around its Node install and build that advisor's image
does too: the switches it sets before installing (grist-core's GRIST_SKIP_EXT_AUTOSETUP=1), and
the steps of the project's own CLI it runs right before building (my-links' `node ace
izzy:routes`)."""

from __future__ import annotations

import re

from .common import get_path
from .dockerfile_paths import own_dockerfiles, stages
from .facts import Command
from .tree import Tree, join

# A switch an install script reads to skip a download or a hook (grist-core's
# GRIST_SKIP_EXT_AUTOSETUP=1, PUPPETEER_SKIP_DOWNLOAD, HUSKY=0, CYPRESS_INSTALL_BINARY=0)
_INSTALL_SWITCH = re.compile(r"[A-Z][A-Z0-9_]*(?:SKIP|DISABLE)[A-Z0-9_]*|HUSKY|[A-Z0-9_]*_INSTALL_BINARY")
_ENV_LINE = re.compile(r"^\s*ENV\s+(.+)$", re.I)
_INSTALL_LINE = re.compile(
    r"^\s*RUN\b.*\b(?:npm\s+(?:ci|install)|yarn(?:\s+install)?(?=\s+--|\s*(?:&&|;|$))|pnpm\s+(?:i|install)|bun\s+install)\b",
    re.I,
)
# an install of the production dependencies only: a final stage's, not the build's
_PRODUCTION_ONLY = re.compile(r"--prod(?:uction)?\b|--omit[= ]dev\b|--only[= ]prod")


def image_install_env(tree: Tree, folder: str) -> tuple[tuple[str, str], ...]:
    """The switches the project's own Dockerfile sets before its install, for the install
    scripts (grist-core's `ENV GRIST_SKIP_EXT_AUTOSETUP=1`, without which its postinstall
    downloads extensions with curl): advisor's install gets them too."""
    found: dict[str, str] = {}
    for _, text in own_dockerfiles(tree, folder):
        for stage in stages(text)[1:]:
            switches: dict[str, str] = {}
            for line in stage.splitlines():
                if m := _ENV_LINE.match(line):
                    switches |= {k: v for k, v in _env_pairs(m.group(1)) if _INSTALL_SWITCH.fullmatch(k)}
                elif _INSTALL_LINE.match(line):
                    if not _PRODUCTION_ONLY.search(line):  # the build's install, not a final stage's
                        found |= switches
                    break
    return tuple(found.items())


# A step of the project's own CLI that its image runs right before the build (my-links'
# `RUN node ace izzy:routes` before `RUN node ace build`: the route types the build type-checks)
_PRE_STEP = re.compile(
    r"^\s*RUN\s+((?:node\s+ace|npx|npm\s+run|yarn|pnpm)\s+[A-Za-z][\w:.-]*(?:\s+[\w:.=-]+)*)\s*$", re.I
)
_NOT_PRE = re.compile(
    r"\b(?:install|i|ci|add|fetch|test|lint|format|prettier|eslint|audit|prune|dev|start|build|rebuild)\b"
)


def image_prebuild(tree: Tree, folder: str, build: Command | None) -> Command | None:
    """The build, after the steps of the project's own CLI its image runs just before it."""
    if build is None:
        return None
    line = " ".join(build.argv)
    # the build as the image writes it: advisor's command, or the script's own (`node ace build`)
    scripts = get_path(tree.json(join(folder, "package.json")) or {}, "scripts")
    own = scripts.get(build.detail.removeprefix("scripts.")) if isinstance(scripts, dict) else None
    forms = tuple(f.strip() for f in (line, own) if isinstance(f, str) and f.strip())
    for _, text in own_dockerfiles(tree, folder):
        lines = text.replace("\\\n", " ").splitlines()
        at = next(
            (
                i
                for i, x in enumerate(lines)
                if x.lstrip().upper().startswith("RUN") and x.rstrip().endswith(forms)
            ),
            None,
        )
        steps: list[str] = []
        for x in reversed(lines[:at] if at is not None else []):
            if not x.strip() or x.lstrip().startswith(("#", "ENV", "ARG")):
                continue
            m = _PRE_STEP.match(x)
            if m is None or _NOT_PRE.search(m.group(1)):
                break
            steps.insert(0, m.group(1))
        if steps and at is not None:
            # with the values the image's stage sets for them (AdonisJS validates its variables
            # as `node ace` boots: my-links' build stage sets APP_KEY, DB_HOST... to dummies)
            start = max((i for i, x in enumerate(lines[:at]) if re.match(r"\s*FROM\s", x, re.I)), default=0)
            pairs = [p for x in lines[start:at] if (m := _ENV_LINE.match(x)) for p in _env_pairs(m.group(1))]
            # not a value built from another variable (`PATH=…:$PATH`, an ARG's `$SENTRY_AUTH_TOKEN`)
            pairs = [(k, v) for k, v in pairs if "$" not in v and k != "PATH"]
            env = ("env", *(f"{k}={v}" for k, v in dict(pairs).items())) if pairs else ()
            return Command((*env, "sh", "-c", " && ".join([*steps, line])), build.source, build.detail)
    return build


def _env_pairs(words: str) -> list[tuple[str, str]]:
    """An ENV instruction's (name, value) pairs: `A=1 B=2`, or the old `ENV NAME value`."""
    pairs = re.findall(r"([A-Za-z_]\w*)=([^\s\"']+|\"[^\"]*\")", words)
    if not pairs and len(words.split(None, 1)) == 2:
        name, value = words.split(None, 1)
        pairs = [(name, value.strip())]
    return [(k, v.strip('"')) for k, v in pairs]
