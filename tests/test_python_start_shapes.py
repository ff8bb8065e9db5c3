"""Python start commands in shapes real projects have: a console script that is a click command
group (it needs a sub-command), the project's Containerfile running `python -m pkg http` from
its own venv, a package in src/ the lockfile install does not install, and PDM's own install."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from helpers import write_tree

from advisor.api import advise

_PINNWAND = {
    "pyproject.toml": (
        '[project]\nname = "pinnwand"\nrequires-python = ">=3.10"\ndependencies = ["tornado", "click"]\n\n'
        '[project.scripts]\npinnwand = "pinnwand.__main__:main"\n\n'
        '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n'
    ),
    "pdm.lock": "# pdm lock\n",
    "src/pinnwand/__init__.py": "",
    "src/pinnwand/__main__.py": "from pinnwand.command import main\n\nmain()\n",
    "src/pinnwand/command.py": (
        "import click\n\n\n@click.group()\n@click.option(\n    '--verbose',\n    count=True,\n)\n"
        "def main(verbose):\n    pass\n\n\n@main.command()\ndef http():\n    pass\n"
    ),
    "Containerfile": 'FROM python:3.12\nWORKDIR /app\nCMD ["venv/bin/python3", "-m", "pinnwand", "http"]\n',
}


def test_a_command_group_script_gives_way_to_the_projects_own_container_command(tmp_path: Path) -> None:
    write_tree(tmp_path, _PINNWAND)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.start_command == "python3 -m pinnwand http"
    dockerfile = advice.files("en")["Dockerfile"]
    assert "PYTHONPATH=/app:/app/src" in dockerfile
    # PDM's own HTTP cache library is held below the release that broke it
    assert "--constraint /tmp/pdm-constraints.txt pdm==" in dockerfile
    assert "--no-editable" not in dockerfile  # python -m runs it from src/


def test_a_script_that_only_calls_a_command_group_gives_way_too(tmp_path: Path) -> None:
    """dispatch's `dispatch = "dispatch.cli:entrypoint"`: entrypoint() calls dispatch_cli(), a
    click group of the same module (it needs `server start`, whose uvicorn.run made the script
    look like a server): no server on its own either; the FastAPI app is served."""
    tree = dict(_PINNWAND)
    tree["src/pinnwand/__main__.py"] = "from pinnwand.command import entrypoint\n\nentrypoint()\n"
    tree["pyproject.toml"] = tree["pyproject.toml"].replace("__main__:main", "command:entrypoint")
    tree["src/pinnwand/command.py"] = (
        "import click\n\n\n@click.group()\n@click.version_option(version='1')\n"
        "def main_cli():\n    pass\n\n\n"
        "@main_cli.command()\ndef start():\n    import uvicorn\n\n    uvicorn.run('pinnwand.main:app')\n\n\n"
        'def entrypoint():\n    """The entry."""\n    try:\n        main_cli()\n    except ValueError:\n'
        "        pass\n"
    )
    del tree["Containerfile"]
    tree["pyproject.toml"] = tree["pyproject.toml"].replace(
        '"tornado", "click"', '"fastapi", "uvicorn", "click"'
    )
    tree["src/pinnwand/main.py"] = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    write_tree(tmp_path, tree)
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command or ""
    assert start.startswith("uvicorn pinnwand.main:app"), start


def test_a_serving_console_script_stays_the_start(tmp_path: Path) -> None:
    tree = dict(_PINNWAND)
    tree["src/pinnwand/command.py"] = "import click\n\n\n@click.command()\ndef main():\n    serve(app)\n"
    write_tree(tmp_path, tree)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.start_command == "pinnwand"
    dockerfile = advice.files("en")["Dockerfile"]
    assert "PYTHONPATH=/app:/app/src" not in dockerfile
    # the console script exists only once PDM installs the project itself
    assert "pdm sync --prod --no-editable" in dockerfile


def test_an_entrypoint_that_runs_poetry_gives_its_command_without_poetry(tmp_path: Path) -> None:
    """futuramaapi: CMD ["./docker-entrypoint.sh"], which runs `make migrate` and `poetry run
    python -m futuramaapi -b :"${PORT:-8080}" "$@"`; the image has neither make nor poetry.
    Its code reads its own installed version, so Poetry installs the project itself."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "futuramaapi"\nversion = "1.0"\n\n'
                '[tool.poetry.dependencies]\npython = "^3.12"\nhypercorn = "*"\n\n'
                '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
            ),
            "poetry.lock": "# lock\n",
            "futuramaapi/__init__.py": "",
            "futuramaapi/__main__.py": "from .server import run\nrun()\n",
            "futuramaapi/utils/_compat.py": (
                "from importlib.metadata import metadata as _metadata\nmetadata = _metadata('futuramaapi')\n"
            ),
            "docker-entrypoint.sh": (
                "#!/usr/bin/env bash\nmake migrate\n\n"
                'poetry run python -m futuramaapi -b :"${PORT:-8080}" "$@"\n'
            ),
            "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["./docker-entrypoint.sh"]\n',
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert advice.answers.start_command == f"python -m futuramaapi -b :{advice.answers.app_port}"
    dockerfile = advice.files("en")["Dockerfile"]
    assert "reads the project's own installed version (futuramaapi/utils/_compat.py)" in dockerfile
    assert "poetry install --only main --no-interaction" in dockerfile


def test_the_settings_module_manage_py_names_is_copied_from_its_sample(tmp_path: Path) -> None:
    """loonflow's manage.py runs settings.config, which the repository keeps only as
    settings/config.py.sample (its own image copies it into place)."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "django\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings.config')\n",
            "settings/__init__.py": "",
            "settings/common.py": "INSTALLED_APPS = []\n",
            "settings/config.py.sample": "from settings.common import *\n",
            "loonflow/__init__.py": "",
            "loonflow/wsgi.py": "application = None\n",
        },
    )
    dockerfile = advise({"host_os": "linux"}, folder=tmp_path).files("en")["Dockerfile"]
    assert "RUN cp -n settings/config.py.sample settings/config.py" in dockerfile


def test_a_click_command_named_by_its_function_that_makes_the_tables_is_named(tmp_path: Path) -> None:
    """flask-shop: `@click.command()` `@with_appcontext` `def createdb(): db.create_all()`."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\nflask-sqlalchemy\npymysql\n",
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "shop/commands.py": (
                "import click\nfrom flask.cli import with_appcontext\n\n\n"
                "@click.command()\n@with_appcontext\n"
                "def createdb():\n    db.create_all()\n"
            ),
        },
    )
    report = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).report("en")
    assert "`flask --app app:app createdb` (`shop/commands.py`)" in report


def test_an_app_factory_the_tests_call_is_still_uncalled_by_the_app(tmp_path: Path) -> None:
    """fastapi-clean-example: src/app/main/run.py's make_app() builds the FastAPI app, and
    only tests/conftest.py and scripts/ call it: uvicorn runs it with --factory."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "app"\ndependencies = ["fastapi", "uvicorn"]\n',
            "uv.lock": "version = 1\n",
            "src/app/__init__.py": "",
            "src/app/main/__init__.py": "",
            "src/app/main/run.py": (
                "from fastapi import FastAPI\n\n\ndef make_app() -> FastAPI:\n"
                "    app = FastAPI()\n    return app\n"
            ),
            "tests/conftest.py": "from app.main.run import make_app\n\napp = make_app()\n",
            "scripts/plot.py": "from app.main.run import make_app\nmake_app()\n",
        },
    )
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start is not None and start.startswith("uvicorn --factory app.main.run:make_app ")
    # code of the app's own that calls it builds the app itself: no factory to run
    write_tree(tmp_path, {"src/app/main/asgi.py": "from app.main.run import make_app\napp = make_app()\n"})
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start is not None and "--factory" not in start


def test_the_server_an_entrypoint_script_ends_in_is_the_containers_command(tmp_path: Path) -> None:
    """PdfDing: `CMD ["./entrypoint.sh"]`, whose last line is `exec python -m gunicorn --bind
    0.0.0.0:$HOST_PORT --workers $WORKERS core.wsgi:application` with `WORKERS="${WORKERS:-1}"`
    above it; and `ENTRYPOINT ["/code/docker-entrypoint.sh"]` ending in `exec uvicorn …`."""
    from advisor.inspect.dockerfiles import dockerfile_cmd
    from advisor.inspect.tree import Tree

    script = (
        "#!/bin/sh\nset -e\npython manage.py migrate\n"
        'HOST_PORT="${HOST_PORT:-8000}"\nWORKERS="${WORKERS:-1}"\n'
        "exec python -m gunicorn --bind 0.0.0.0:$HOST_PORT --workers $WORKERS core.wsgi:application\n"
    )
    write_tree(
        tmp_path, {"Dockerfile": 'FROM python:3.13\nCMD ["./entrypoint.sh"]\n', "entrypoint.sh": script}
    )
    found = dockerfile_cmd(Tree(tmp_path), "", 8000)
    assert found is not None and found.detail == "CMD script"
    assert found.argv == (
        "python",
        "-m",
        "gunicorn",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "1",
        "core.wsgi:application",
    )
    entry = (
        '#!/bin/bash\ncase "$1" in\n  start)\n'
        '    exec uvicorn main:app --host 0.0.0.0 --port "$PORT" --reload\n    ;;\nesac\n'
    )
    write_tree(
        tmp_path,
        {
            "Dockerfile": 'FROM python:3.13\nENTRYPOINT ["/code/docker-entrypoint.sh"]\n',
            "docker-entrypoint.sh": entry,
            "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    found = dockerfile_cmd(Tree(tmp_path), "", 8000)
    assert found is not None and found.argv == ("uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000")
    # a script that hands over to the CMD (`exec "$@"`) names no server
    write_tree(tmp_path, {"docker-entrypoint.sh": '#!/bin/sh\nexec "$@"\n'})
    assert dockerfile_cmd(Tree(tmp_path), "", 8000) is None


def test_an_app_that_imports_its_siblings_as_top_level_modules_runs_from_their_folder(tmp_path: Path) -> None:
    """romm: backend/main.py does `from startup import main` and `from config import …`, both
    beside it in backend/ (no package): uvicorn imports main:app with backend/ as its folder."""
    files = {
        "pyproject.toml": '[project]\nname = "romm"\ndependencies = ["fastapi", "uvicorn"]\n',
        "uv.lock": "version = 1\n",
        "backend/main.py": (
            "from fastapi import FastAPI\nfrom startup import main\nfrom config import DEV_PORT\n"
            "app = FastAPI()\n"
        ),
        "backend/startup.py": "def main():\n    pass\n",
        "backend/config/__init__.py": "DEV_PORT = 5000\n",
    }
    write_tree(tmp_path, files)
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start == "uvicorn main:app --host 0.0.0.0 --port 8000 --app-dir backend"
    # a package imported by its own name from the top (`from backend.config import …`) runs as it is
    write_tree(
        tmp_path,
        {"backend/main.py": "from fastapi import FastAPI\nfrom backend.config import X\napp = FastAPI()\n"},
    )
    start = advise({"host_os": "linux"}, folder=tmp_path).answers.start_command
    assert start == "uvicorn backend.main:app --host 0.0.0.0 --port 8000"


_FEEDI = {
    "pyproject.toml": (
        '[project]\nname = "feedi"\nrequires-python = ">=3.11"\ndependencies = ["flask", "gunicorn"]\n'
    ),
    "feedi/__init__.py": "",
    "feedi/app.py": (
        "import os\nimport flask\n\n\ndef create_app():\n    app = flask.Flask(__name__)\n"
        "    app.config.from_object(f\"feedi.config.{os.getenv('FLASK_ENV')}\")\n    return app\n"
    ),
    "gunicorn.conf.py": (
        'bind = "127.0.0.1:9988"\nwsgi_app = "feedi.app:create_app()"\n'
        'raw_env = ["FLASK_ENV=production"]\nerrorlog = "/var/log/feedi/error.log"\n'
        'pidfile = "/var/run/feedi.pid"\nchdir = "/home/feedi/feedi"\nworkers = 1\n'
    ),
}


def test_gunicorns_own_settings_file_gives_way_to_the_container(tmp_path: Path) -> None:
    """feedi's gunicorn.conf.py (read by gunicorn from its working folder) sets FLASK_ENV for the
    workers over the container's own: the file's value becomes a default the container's wins
    over; log and pid files on the host's paths, and its chdir, give way on the command line."""
    write_tree(tmp_path, _FEEDI)
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    argv = shlex.split(advice.answers.start_command)
    assert argv[argv.index("--env") + 1] == "FLASK_ENV=${FLASK_ENV:-production}"
    assert argv[argv.index("--error-logfile") + 1] == "-"
    assert argv[argv.index("--pid") + 1] == "/tmp/gunicorn.pid"
    assert argv[argv.index("--chdir") + 1] == "."
    assert "--access-logfile" not in argv  # the file writes no access log
    cmd = next(line for line in advice.files("en")["Dockerfile"].splitlines() if line.startswith("CMD"))
    # the shell expands the variable: the container's FLASK_ENV (.env) reaches the workers
    assert json.loads(cmd[3:])[:2] == ["sh", "-c"] and "FLASK_ENV=${FLASK_ENV:-production}" in cmd


def test_computed_raw_env_and_stdout_logs_stay_as_the_file_says(tmp_path: Path) -> None:
    tree = dict(_FEEDI)
    tree["gunicorn.conf.py"] = (
        'import os\nwsgi_app = "feedi.app:create_app()"\n'
        "raw_env = [f\"FLASK_ENV={os.environ.get('FLASK_ENV', 'production')}\", \"A=1\"]\n"
        'errorlog = "-"\naccesslog = "-"\n'
    )
    write_tree(tmp_path, tree)
    argv = shlex.split(advise({"host_os": "linux"}, folder=tmp_path).answers.start_command)
    # an entry read from os.environ honours the container already; --env would drop it
    assert not {"--env", "--error-logfile", "--access-logfile", "--pid", "--chdir"} & set(argv)
    assert argv[0] == "gunicorn"


def test_a_litestar_factory_in_a_package_below_src_runs_from_the_folder_above_its_packages(
    tmp_path: Path,
) -> None:
    """litestar-fullstack: src/py/app/server/asgi.py has `def create_app() -> Litestar: ...
    return Litestar(...)`, and the code imports `from app.server.core import ...`: uvicorn runs
    the factory from src/py (not `python app.py`, the language's convention)."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": ('[project]\nname = "app"\ndependencies = ["litestar", "uvicorn"]\n'),
            "src/py/app/__init__.py": "",
            "src/py/app/server/__init__.py": "",
            "src/py/app/server/core.py": "class ApplicationCore:\n    pass\n",
            "src/py/app/server/asgi.py": (
                "def create_app() -> Litestar:\n    from litestar import Litestar\n"
                "    from app.server.core import ApplicationCore\n\n"
                "    return Litestar(plugins=[ApplicationCore()])\n"
            ),
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert shlex.split(advice.answers.start_command) == [
        "uvicorn", "--factory", "app.server.asgi:create_app", "--host", "0.0.0.0", "--port", "8000",
        "--app-dir", "src/py",
    ]  # fmt: skip


_OLD_FLASK_APP = (
    "import os\nfrom flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n"
    "from flask_migrate import Migrate\n\ndb = SQLAlchemy()\n\n\ndef create_app():\n"
    "    app = Flask(__name__)\n    app.config['SQLALCHEMY_DATABASE_URI'] = os.environ['DATABASE_URL']\n"
    "    db.init_app(app)\n    Migrate(app, db)\n    return app\n"
)


def _flask_project(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(
        tmp_path,
        {"todo/__init__.py": _OLD_FLASK_APP, "migrations/env.py": "", "migrations/alembic.ini": "", **files},
    )


def test_flask_before_2_2_is_given_its_app_by_flask_app_not_the_app_option(tmp_path: Path) -> None:
    """Flask 1.1's `flask` command has no --app (added in 2.2): `flask --app x run` stops with
    "No such option". The start and the migration step name the app through FLASK_APP."""
    reqs = "Flask==1.1.2\nFlask-SQLAlchemy==2.4.4\nFlask-Migrate==2.5.3\npsycopg2-binary==2.8.6\n"
    advice = advise({"host_os": "linux"}, folder=_flask_project(tmp_path, {"requirements.txt": reqs}))
    dockerfile = advice.files("en")["Dockerfile"]
    assert 'CMD ["env", "FLASK_APP=todo:create_app()", "flask", "run", "--host", "0.0.0.0"' in dockerfile
    assert "--app" not in dockerfile
    compose = advice.files("en")["compose.yaml"]
    assert "FLASK_APP: todo:create_app()" in compose and "--app" not in compose
    assert "flask db upgrade" in compose or "- upgrade" in compose


def test_flask_version_bounds_decide_between_the_variable_and_the_option(tmp_path: Path) -> None:
    cases = {
        "Flask~=1.1\n": True,  # below 2
        "Flask~=2.1.0\n": True,  # below 2.2
        "flask<2.2\n": True,
        "Flask>=1.0,<2\n": True,
        "Flask~=2.1\n": False,  # up to 3: 2.2 and later allowed
        "Flask==2.2.5\n": False,
        "Flask>=2.0\n": False,
        "Flask\n": False,
    }
    for n, (requirement, old) in enumerate(cases.items()):
        folder = _flask_project(tmp_path / str(n), {"requirements.txt": requirement + "psycopg2-binary\n"})
        start = advise({"host_os": "linux"}, folder=folder).answers.start_command
        assert start is not None
        assert (shlex.split(start)[:2] == ["env", "FLASK_APP=todo:create_app()"]) is old, (requirement, start)
        assert ("--app" in start) is not old, (requirement, start)


def test_poetry_caret_and_lock_versions_of_flask_count(tmp_path: Path) -> None:
    pyproject = (
        '[tool.poetry]\nname = "todo"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\n'
        'python = "^3.9"\nFlask = "^1.1.2"\nFlask-Migrate = "*"\npsycopg2-binary = "*"\n'
    )
    caret = _flask_project(tmp_path / "caret", {"pyproject.toml": pyproject})
    assert shlex.split(advise({"host_os": "linux"}, folder=caret).answers.start_command)[0] == "env"
    locked = _flask_project(
        tmp_path / "locked",
        {
            "pyproject.toml": pyproject.replace('"^1.1.2"', '">=1.0"'),
            "poetry.lock": '[[package]]\nname = "flask"\nversion = "2.0.3"\n\n'
            '[[package]]\nname = "flask-migrate"\nversion = "3.1.0"\n',
        },
    )
    assert shlex.split(advise({"host_os": "linux"}, folder=locked).answers.start_command)[0] == "env"


def test_a_procfile_that_runs_a_make_target_runs_the_targets_command(tmp_path: Path) -> None:
    """djangoproject.com's Procfile says `web: make run`: the slim image has no make ("exec:
    make: executable file not found"), so the target's one command runs instead; a target
    with prerequisites or make variables is not guessed at."""
    makefile = (
        ".PHONY: run\n\ncollectstatics: compile-scss\n\tpython -m manage collectstatic --noinput\n\n"
        "run:\n\tpython -m manage runserver 0.0.0.0:8000\n\nserve:\n\t$(PYTHON) -m manage runserver\n"
    )
    files = {
        "requirements.txt": "Django==5.2.1\npsycopg[binary]\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
        "site/__init__.py": "",
        "site/settings.py": "SECRET_KEY = 'x'\n",
        "Makefile": makefile,
        "Procfile": "web: make run\n",
    }
    advice = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "a", files))
    assert advice.answers.start_command == "python -m manage runserver 0.0.0.0:8000"
    files["Procfile"] = "web: make serve\n"
    advice = advise({"host_os": "linux"}, folder=write_tree(tmp_path / "b", files))
    assert advice.answers.start_command == "make serve"


def test_a_flask_factory_of_another_name_that_wsgi_py_calls_is_served_not_a_console_script(
    tmp_path: Path,
) -> None:
    """anitya: anitya/app.py's `def create(config=None)` makes the Flask app, anitya/wsgi.py
    has `application = create()`, and Poetry's scripts are a service check and a data-export
    command (`sar`): the app is anitya.wsgi:application, not `sar`. Its code reads its own
    installed version, and the report says so (not "entry points ()")."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "anitya"\nversion = "2.0"\n\n[tool.poetry.dependencies]\n'
                'python = "^3.11"\nFlask = "^3.0.0"\n\n[tool.poetry.scripts]\n'
                'check_service = "anitya.check_service:main"\nsar = "anitya.sar:main"\n\n'
                '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
            ),
            "poetry.lock": '[[package]]\nname = "flask"\nversion = "3.1.0"\n',
            "anitya/__init__.py": "",
            "anitya/app.py": (
                "import flask\n\n\ndef create(config=None):\n"
                "    app = flask.Flask(__name__)\n    return app\n"
            ),
            "anitya/wsgi.py": '"""wsgi"""\nfrom .app import create\n\napplication = create()\n',
            "anitya/sar.py": "from anitya import app\n\n\ndef main():\n    app.create()\n",
            "anitya/check_service.py": "def main():\n    pass\n",
            "anitya/backends.py": "from importlib import metadata\nUA = metadata.version('anitya')\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    argv = shlex.split(advice.answers.start_command)
    assert "anitya.wsgi:application" in argv and "sar" not in argv
    report = advice.files("en")["RECOMMENDATIONS.md"]
    assert "`anitya/backends.py` reads the project's own installed metadata" in report
    assert "entry points ()" not in report
    assert "메타데이터" in advice.files("ko")["RECOMMENDATIONS.md"]


def test_a_console_script_whose_argparse_sub_command_is_required_is_no_server(tmp_path: Path) -> None:
    """kinto's `kinto = "kinto.__main__:main"` builds an argparse parser whose sub-command is
    required (`subparsers.required = True`): alone it prints its usage and exits. The
    project's own Dockerfile command starts the app instead."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "store"\ndependencies = ["pyramid", "gunicorn"]\n\n'
                '[project.scripts]\nstore = "store.__main__:main"\n'
            ),
            "store/__init__.py": "def main(global_config, **settings):\n    return None\n",
            "store/__main__.py": (
                "import argparse\n\n\ndef main(args=None):\n    parser = argparse.ArgumentParser()\n"
                "    subparsers = parser.add_subparsers(dest='subcommand')\n"
                "    subparsers.required = True\n    subparsers.add_parser('start')\n"
                "    return parser.parse_args(args)\n"
            ),
            "Dockerfile": (
                'FROM python:3.13-slim\nCMD ["gunicorn", "--paste", "app.ini", "-b", "0.0.0.0:8888"]\n'
            ),
        },
    )
    argv = shlex.split(advise({"host_os": "linux"}, folder=tmp_path).answers.start_command)
    assert argv[0] == "gunicorn" and "store" not in argv


def test_the_factorys_app_an_entry_module_makes_wins_over_a_helpers_own_flask_app(tmp_path: Path) -> None:
    """skf-flask: skf/chatbot_tools.py makes an `app = Flask(__name__)` of its own (a helper);
    skf/app.py makes the real one with `app = create_app()`. A worker script that no module
    can import (deployment-worker.py) reads its variable with os.environ[...]: the web app
    does not need it, so Compose is not stopped for it."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\ngunicorn==23.0.0\nPyMySQL==1.1.1\nFlask-SQLAlchemy==3.1.1\n",
            "wsgi.py": "from skf.app import app\n",
            "skf/__init__.py": "",
            "skf/chatbot_tools.py": "from flask import Flask\napp = Flask(__name__)\n",
            "skf/app.py": (
                "from flask import Flask\n\n\ndef create_app():\n    flask_app = Flask(__name__)\n"
                "    return flask_app\n\n\napp = create_app()\n"
            ),
            "skf/workers/deployment-worker.py": "import os\nDOMAIN = os.environ['SKF_LABS_DOMAIN']\n",
            # initdb (a click command of the app's) makes the tables through db_tools.init_db
            "skf/db_tools.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n\n\n"
            "def init_db(testing=False):\n    try:\n        db.create_all()\n        load_initial_data()\n"
            "    except Exception:\n        db.session.remove()\n\n\n"
            "def clean_db(testing=False):\n    clear_db()\n    db.create_all()\n",
            "skf/commands.py": (
                "from skf.app import app\nfrom skf.db_tools import init_db\n\n\n"
                "@app.cli.command('initdb')\ndef initdb_command():\n    init_db()\n"
            ),
        },
    )
    files = advise({"host_os": "linux", "database": "mysql"}, folder=tmp_path).files("en")
    assert 'CMD ["gunicorn", "skf.app:app"' in files["Dockerfile"]
    assert "SKF_LABS_DOMAIN:?" not in files["compose.yaml"]
    # the report names the command that makes the tables, and never also says the app makes them
    report = files["RECOMMENDATIONS.md"]
    assert "initdb" in report and "makes its tables itself as it starts" not in report


def test_the_module_that_adds_the_routes_to_the_app_is_served(tmp_path: Path) -> None:
    """financial-app: server.py makes `app = Flask(__name__)` and nothing else; app.py does
    `from server import app` and defines every route. Serving server:app would answer 404."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Flask==3.1.0\nFlask-SQLAlchemy==3.1.1\nFlask-Migrate\npsycopg2-binary\n",
            "server.py": (
                "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\n"
                "app = Flask(__name__)\ndb = SQLAlchemy(app)\n"
            ),
            "app.py": (
                "from server import app, db\n\n\n@app.route('/health')\ndef health():\n    return 'ok'\n\n\n"
                "if __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n"
            ),
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert '"--app", "app:app"' in files["Dockerfile"]
