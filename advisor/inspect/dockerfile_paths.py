"""Where the project's own image puts the project, and the program it links into
/usr/local/bin (dockerfiles.dockerfile_cmd reads its command through them); the project's own
Dockerfiles and the final stage of the app's image, which the readers of what the image keeps
share."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterator

from .tree import Tree, join, written_by_advisor


def logical_lines(text: str) -> str:
    """The Dockerfile as its parser reads it: comment lines dropped (also those inside an
    instruction continued over lines: shkeeper's `CMD gunicorn \\` with `# --timeout 30 \\`
    lines among its options), then continuation lines joined."""
    return re.sub(r"\\\n", " ", re.sub(r"^[ \t]*#[^\n]*\n", "", text, flags=re.M))


def stages(text: str) -> list[str]:
    """The Dockerfile's stages (each after its ``FROM``; the text before the first one comes
    first), continuation lines joined."""
    return re.split(r"^\s*FROM\s", logical_lines(text), flags=re.M | re.I)


def final_stage(text: str) -> str:
    """The Dockerfile's last stage (after its last ``FROM``), continuation lines joined."""
    return stages(text)[-1]


# A stage's FROM line, after the keyword: its base image (or stage) and its own name
STAGE_HEAD = re.compile(r"\s*(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", re.I)
# A variable's use in a Dockerfile: $X or ${X}
VAR_REF = re.compile(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)")


def _chain(text: str) -> list[str]:
    every = stages(text)
    parts = [_expand_from(p, every[0]) for p in every[1:]]
    heads = [STAGE_HEAD.match(p) for p in parts]
    chain: list[str] = []
    at: int | None = len(parts) - 1 if parts else None
    while at is not None:
        chain.insert(0, parts[at])
        head = heads[at]
        base = head.group(1).lower() if head else ""
        at = next(
            (i for i in range(at - 1, -1, -1) if (h := heads[i]) and (h.group(2) or "").lower() == base), None
        )
    return chain


def final_chain(text: str) -> str:
    """The final stage with the stages it is built FROM by name, earliest first (gamevault's
    `FROM base AS release` after `FROM node:lts-slim AS base`, whose `mkdir -p /config …` the
    image that runs holds too; youtube-dl-server's `FROM ${YOUTUBE_DL}`, a global ARG's
    default), continuation lines joined."""
    return "\n".join(_chain(text))


def workdirs(stage: str) -> list[tuple[int, str]]:
    """(offset, absolute folder) of each WORKDIR line of ``stage``, a relative one joined to the
    one before."""
    found: list[tuple[int, str]] = []
    current = "/"
    for m in re.finditer(r"^\s*WORKDIR\s+(\S+)\s*$", stage, re.M | re.I):
        current = posixpath.normpath(posixpath.join(current, m.group(1).strip("\"'")))
        found.append((m.start(), current))
    return found


def inherited_workdir(text: str) -> str:
    """The working folder the final stage starts in: the last WORKDIR of the stages it is
    built FROM (youtube-dl-server's base stage's /usr/src/app), "" for none."""
    found = workdirs("\n".join(_chain(text)[:-1]))
    return found[-1][1] if found else ""


_ARG = re.compile(r"""^\s*ARG\s+([A-Za-z_]\w*)=(["']?)([^\s"'$]*)\2\s*$""", re.M | re.I)


def _expand_from(stage: str, globals_text: str) -> str:
    """``stage`` with ``$X``/``${X}`` in its FROM line (its first) replaced by the defaults of the
    ``ARG`` lines before the first ``FROM`` (``globals_text``: youtube-dl-server's ``ARG
    YOUTUBE_DL=yt-dlp`` and then ``FROM ${YOUTUBE_DL}``). A variable with no default stays."""
    values = {m.group(1): m.group(3) for m in _ARG.finditer(globals_text)}
    if not values:
        return stage
    head, nl, rest = stage.partition("\n")
    return VAR_REF.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), head) + nl + rest


def exec_form(found: list[str]) -> list[str] | None:
    """The words of an exec-form instruction's JSON array; None for the shell form."""
    try:
        value = json.loads(found[0].strip()) if found and found[0].strip().startswith("[") else None
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


# The project's own Dockerfiles, the plain one first, then its production variants (a
# development one runs a reloader): koa-vue-notes-api's Dockerfile-production.
_NAMES = (
    "Dockerfile",
    "Containerfile",
    "Dockerfile.prod",
    "Dockerfile.production",
    "Dockerfile-prod",
    "Dockerfile-production",
    "prod.Dockerfile",
    "production.Dockerfile",
)


# The whole project copied in: a Dockerfile kept in docker/ that builds from the top (norish's
# `docker build -f docker/Dockerfile .`, whose build stage has `COPY . .`)
_WHOLE_COPY = re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*\.?/?\s+\S+\s*$", re.M | re.I)


def own_dockerfiles(tree: Tree, folder: str) -> Iterator[tuple[str, str]]:
    """(path, text) of the folder's own Dockerfiles (_NAMES): one advisor wrote is not a fact
    about the project. With none, ``docker/Dockerfile`` when it builds from the folder (it
    copies the whole project: its paths are the folder's)."""
    found = False
    for name in _NAMES:
        rel = join(folder, name)
        text = tree.text(rel)
        if text is not None and written_by_advisor(text):
            # advisor kept the project's own file beside it, unchanged, as Dockerfile.orig
            rel = join(folder, f"{name}.orig")
            text = tree.text(rel)
        if text is not None and not written_by_advisor(text):
            found = True
            yield rel, text
    rel = join(folder, "docker/Dockerfile")
    if not found and (text := tree.text(rel)) is not None and _WHOLE_COPY.search(text):
        yield rel, text


def app_image_stage(tree: Tree, folder: str) -> tuple[str, str] | None:
    """(path, final stage with the stages it builds on: final_chain) of the image the project
    builds of the app: the app folder's own Dockerfile; for an app in a subfolder with none,
    the top's whose final stage copies that folder (reiverr's ``COPY --from=pre-production
    /usr/src/app/backend/dist ./dist``, cross-seed's ``COPY --from=build
    /usr/src/app/packages/cross-seed ./packages/cross-seed``)."""
    for where in dict.fromkeys((folder, "")):
        first = next(own_dockerfiles(tree, where), None)  # the plain Dockerfile first
        if first is None:
            continue
        rel, stage = first[0], final_chain(first[1])
        copies = re.search(rf"^\s*COPY\s[^\n]*\b{re.escape(folder)}(?:/|\s|$)", stage, re.M)
        return (rel, stage) if where == folder or copies else None
    return None


def own_bin(tree: Tree, folder: str, argv: tuple[str, ...]) -> tuple[str, ...] | None:
    """``node <file>`` for /usr/local/bin/<name> when the folder's package.json has that bin,
    with no words of its own the ones a script runs the file with (`node --watch dist/cmd.js
    daemon`: cross-seed's server is its `daemon` command)."""
    data = tree.json(join(folder, "package.json")) or {}
    file = data["bin"].get(argv[0].rpartition("/")[2]) if isinstance(data.get("bin"), dict) else None
    if not isinstance(file, str):
        return None
    file = file.removeprefix("./")
    return ("node", file, *(argv[1:] or script_words(data, file)))


def script_words(data: dict[str, object], file: str) -> tuple[str, ...]:
    """The words a package script runs ``file`` with (`node --watch dist/cmd.js daemon`)."""
    scripts = data.get("scripts")
    for text in scripts.values() if isinstance(scripts, dict) else ():
        if m := re.search(rf"\bnode (?:--watch )?(?:\./)?{re.escape(file)} (\w[\w -]*)$", str(text)):
            return tuple(m.group(1).split())
    return ()


def copied_to(text: str, is_dir: Callable[[str], bool] = lambda _: False) -> str:
    """Where the image copies the whole project (`ADD . /opt/rtb`, or `COPY . .` into its
    WORKDIR, or its folders under their names), with a trailing slash; "" when it copies it
    nowhere named."""
    workdir, found_top = "", ""
    for m in re.finditer(r"^\s*(WORKDIR|COPY|ADD)\s+(?:--\S+\s+)*(.+?)\s*$", text, re.M | re.I):
        words = m.group(2).split()
        if m.group(1).upper() == "WORKDIR":
            workdir = words[0].rstrip("/") if words else workdir
        elif words[:1] in (["."], ["./"]) and len(words) == 2:
            dest = words[1].rstrip("/")
            dest = workdir if dest in (".", "") else dest
            if dest.startswith("/") and dest != "/":
                return dest + "/"
        elif (
            # a folder of the project into the same name (ytptube's `COPY ./app /app/app`): the
            # project's top is the folder above
            len(words) == 2
            and (sub := words[0].removeprefix("./").rstrip("/"))
            and is_dir(sub)
            and words[1].startswith("/")
            and words[1].rstrip("/").endswith("/" + sub)
            and not found_top
        ):
            found_top = words[1].rstrip("/")[: -len(sub)]
    # or clones it there (mylar3's `git clone https://github.com/mylar3/mylar3.git … /app/mylar`)
    cloned = re.search(
        r"\bgit\s+clone\s[^\n]*\.git\b[^\n]*?\s(/[\w.-]+(?:/[\w.-]+)*)/?\s*(?:&&|$)", text, re.M
    )
    return cloned.group(1) + "/" if cloned else found_top
