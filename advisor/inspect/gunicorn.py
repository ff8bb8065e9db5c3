"""The WSGI servers' own settings files: gunicorn's, where it says something a container cannot
live with, and uWSGI's, which may leave the socket to the command line."""

from __future__ import annotations

import re
from dataclasses import replace

from .facts import Command
from .python_start import local_path
from .tree import Tree, join

_DAEMON = re.compile(r"^\s*daemon\s*=\s*True\b", re.M)


def daemon_config(tree: Tree, folder: str) -> str:
    """gunicorn.conf.py when it sets ``daemon = True``: gunicorn then forks into the background
    and its first process exits, which ends the container; "" otherwise."""
    rel = join(folder, "gunicorn.conf.py")
    return rel if _DAEMON.search(tree.text(rel) or "") else ""


# HTTP on a port: `socket`/`uwsgi-socket` alone speak uwsgi's own protocol, to a front proxy (rero-ils'
# `socket = 0.0.0.0:5000` behind nginx), which no browser or health check can talk to; with
# `protocol = http` (lando's) the socket speaks HTTP.
_UWSGI_HTTP = re.compile(r"^\s*(?:https?|http-socket)\s*[=:]|^\s*protocol\s*[=:]\s*http\b", re.M)


def uwsgi_file(tree: Tree, folder: str) -> str | None:
    """uWSGI's settings file: uwsgi.ini (.yml, .yaml) in the app's folder, else in its docker/,
    deploy/ or conf/ folder, else one of docker/uwsgi/'s (rero-ils' uwsgi_ui.ini; the site's
    before an API's: not one named rest, api or worker when another is there)."""
    for base in ("", "docker/", "deploy/", "conf/", "config/"):
        for name in ("uwsgi.ini", "uwsgi.yml", "uwsgi.yaml"):
            if tree.has(join(folder, base + name)):
                return join(folder, base + name)
    ini = sorted(n for n in tree.names(join(folder, "docker/uwsgi")) if n.endswith(".ini"))
    site = [n for n in ini if not re.search(r"rest|api|worker|celery", n)]
    return join(folder, "docker/uwsgi/" + (site or ini)[0]) if ini else None


def uwsgi_start(tree: Tree, folder: str, conf: str, port: int) -> Command:
    """``uwsgi --ini`` with the project's file; with ``--http`` on the app's port when the file
    names no socket and leaves it to the command line (linkding's script passes --http)."""
    text = tree.text(conf) or ""
    served = () if _UWSGI_HTTP.search(text) else ("--http", f":{port}")
    # its module in src/ (lando's `module = lando.wsgi:application`, src/lando), which the
    # project installs itself (`pip install -e .`) and the requirements leave out: src/ on the path
    module = re.search(r"^\s*(?:module|wsgi|wsgi-file)\s*[=:]\s*([A-Za-z_]\w*)", text, re.M)
    package = module.group(1) if module else ""
    in_src = (
        package
        and tree.has(join(folder, f"src/{package}/__init__.py"))
        and not tree.has(join(folder, f"{package}/__init__.py"))
    )
    env = (("PYTHONPATH", "src"),) if in_src else ()
    # no [uwsgi] section, only named ones (lando's [local], [production], each `ini = :defaults`):
    # uwsgi reads none of them unless the command names one, `--ini uwsgi.ini:local`
    sections = re.findall(r"^\[([\w.-]+)\]", text, re.M) if conf.endswith(".ini") else []
    if sections and "uwsgi" not in sections:
        own = [s for s in ("local", "development", "dev", "docker") if s in sections]
        section = (
            own[0] if own else next((s for s in sections if s not in ("defaults", "default")), sections[0])
        )
        return Command(("uwsgi", "--ini", f"{local_path(folder, conf)}:{section}", *served), conf, env=env)
    return Command(("uwsgi", "--ini", local_path(folder, conf), *served), conf, env=env)


_RAW_ENV = re.compile(r"^\s*raw_env\s*=\s*\[(.*?)\]", re.M | re.S)
_ENV_ENTRY = re.compile(r"""(\w*)(['"])([A-Za-z_]\w*)=([\w./:@,+-]*)\2""")
_FILE_SETTINGS = {"errorlog": "--error-logfile", "accesslog": "--access-logfile", "pidfile": "--pid"}
_FILE_SETTING = re.compile(r"""^\s*(errorlog|accesslog|pidfile|chdir)\s*=\s*['"]([^'"]+)['"]""", re.M)


def with_conf(tree: Tree, folder: str, start: Command | None) -> Command | None:
    """The start command with what gunicorn's own settings file (``gunicorn.conf.py`` in the
    folder it runs in, which it reads by itself, or the one ``-c`` names) says that a container
    cannot live with overridden on the command line (its options win over the file's):

    - ``raw_env = ["FLASK_ENV=production"]`` sets the variables in the workers over the
      container's own (.env's FLASK_ENV never reached feedi): each becomes
      ``--env FLASK_ENV=${FLASK_ENV:-production}``, the file's value the default only. Left
      alone when an entry is computed (an f-string reading os.environ does this already);
    - log files and a pid file on the host's paths (/var/log/app/error.log: a folder the
      image lacks, and the app user could not write): logs to the container's output, the
      pid file under /tmp; a ``chdir`` to the host's folder: the folder it runs in."""
    argv = start.argv if start is not None else ()
    words = argv[2:] if argv[:2] in (("python", "-m"), ("python3", "-m")) else argv
    if start is None or not words or words[0] != "gunicorn":
        return start
    given = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-c", "--config")), "")
    rel = join(folder, given.removeprefix("./") or "gunicorn.conf.py")
    text = tree.text(rel) if not given.startswith(("/", "python:")) else None
    out: list[str] = []
    env = _RAW_ENV.search(text or "")
    entries = _ENV_ENTRY.findall(env.group(1)) if env else []
    literal = env is not None and re.sub(r"[\s,]|#[^\n]*", "", _ENV_ENTRY.sub("", env.group(1))) == ""
    if entries and literal and not any(p for p, *_ in entries) and not {"-e", "--env"} & set(words):
        for _, _, name, value in entries:
            out += ["--env", f"{name}=${{{name}:-{value}}}"]
    for setting, value in _FILE_SETTING.findall(text or ""):
        if setting == "chdir":
            out += ["--chdir", "."] if value.startswith("/") and "--chdir" not in words else []
        elif value != "-" and _FILE_SETTINGS[setting] not in words:
            out += [_FILE_SETTINGS[setting], "/tmp/gunicorn.pid" if setting == "pidfile" else "-"]
    return replace(start, argv=(*argv, *out)) if out else start
