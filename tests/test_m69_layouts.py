"""Layouts found by the m69 round of held-out projects (measured mid-stop, on advisor at
52d07f8), fixed in the same stop: each test holds the shape of the real project that showed
the gap, written anew."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.inspect.dockerfiles import dockerfile_cmd
from advisor.inspect.tree import Tree


def test_comment_lines_inside_a_continued_cmd_are_not_its_words(tmp_path: Path) -> None:
    """shkeeper's Dockerfile: `CMD gunicorn \\` over lines, some of its options commented out
    (`    # --timeout 30 \\`). Docker drops those lines; advisor made `#`, `--timeout`, `30`
    words of the start command, and gunicorn took `#` for its app."""
    folder = write_tree(
        tmp_path / "shop",
        {
            "requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
            "shop/__init__.py": (
                "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n"
            ),
            "Dockerfile": (
                "FROM python:3.12\nWORKDIR /shop\nCOPY . .\nRUN pip3 install -r requirements.txt\n\n"
                "CMD gunicorn \\\n    --access-logfile - \\\n    --workers 1 \\\n"
                "    # --timeout 30 \\\n    # --keep-alive 5 \\\n"
                '    -b 0.0.0.0:5000 \\\n    "shop:create_app()"\n'
            ),
        },
    )
    own = dockerfile_cmd(Tree(folder), "", 5000)
    assert own is not None and own.argv[0] == "gunicorn"
    assert "#" not in own.argv and "--timeout" not in own.argv and own.argv[-1] == "shop:create_app()"
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None and "#" not in app.start.argv


def test_a_workspace_root_that_starts_its_own_file_is_the_app(tmp_path: Path) -> None:
    """puter: the root package.json lists `"workspaces": ["src/*"]` and starts `node
    ./tools/start.mjs`, a file of its own; `extensions/package.json` is only `{"type":
    "commonjs"}`. advisor took extensions/ for the app (its build had no .npmrc); the root is
    the app, and a module-type marker makes no app."""
    folder = write_tree(
        tmp_path / "desk",
        {
            "package.json": (
                '{"name": "desk", "type": "module", "workspaces": ["src/*"],'
                ' "scripts": {"start": "node ./tools/start.mjs", "build": "npm run build:ts"},'
                ' "dependencies": {"dedent": "^1"}}'
            ),
            "package-lock.json": '{"name": "desk", "lockfileVersion": 3, "packages": {}}',
            ".npmrc": "engine-strict=true\n",
            "tools/start.mjs": "import '../src/backend/index.js'\n",
            "src/backend/package.json": '{"name": "@desk/backend", "dependencies": {"express": "^4"}}',
            "src/backend/index.js": "require('express')().listen(4000)\n",
            "extensions/package.json": '{"type": "commonjs"}',
            "extensions/metering.ts": "export const x = 1\n",
        },
    )
    facts = inspect_project(folder)
    assert facts.app("extensions") is None
    assert facts.primary is not None and facts.primary.path == "."
    assert facts.primary.start is not None and facts.primary.start.argv == ("node", "./tools/start.mjs")


def test_sveltekit_with_the_node_adapter_starts_its_build_output(tmp_path: Path) -> None:
    """AirTrail: SvelteKit with @sveltejs/adapter-node and no start script; advisor fell back to
    `node index.js`. The adapter writes the server into build/ (or its `out`), which SvelteKit
    documents running with `node build`."""
    folder = write_tree(
        tmp_path / "trail",
        {
            "package.json": (
                '{"name": "trail", "type": "module", "scripts": {"build": "vite build", "dev": "vite dev"},'
                ' "devDependencies": {"@sveltejs/kit": "^2", "@sveltejs/adapter-node": "^5", "vite": "^6"},'
                ' "dependencies": {"postgres": "^3"}}'
            ),
            "package-lock.json": '{"name": "trail", "lockfileVersion": 3, "packages": {}}',
            "svelte.config.js": (
                "import adapter from '@sveltejs/adapter-node'\n\n"
                "export default { kit: { adapter: adapter({ out: 'server-build' }) } }\n"
            ),
            "src/routes/+page.svelte": "<h1>Trail</h1>\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.kind == "server" and app.start is not None
    assert app.start.argv == ("node", "server-build")


def test_a_console_scripts_options_from_the_module_it_takes_its_parser_from(tmp_path: Path) -> None:
    """khoj: `khoj = "khoj.main:run"`, whose run() parses with `cli(args)` from
    khoj/utils/cli.py, where `--host` defaults to 127.0.0.1 and `--non-interactive` is for
    Docker; `CMD ["khoj"]` listened on the container's loopback. It gets every address, the
    port and no questions."""
    folder = write_tree(
        tmp_path / "assistant",
        {
            "pyproject.toml": (
                '[project]\nname = "assistant"\nversion = "1.0"\ndependencies = ["django", "uvicorn"]\n\n'
                '[project.scripts]\nassistant = "assistant.main:run"\n'
            ),
            "src/assistant/__init__.py": "",
            "src/assistant/main.py": (
                "import sys\n\nimport uvicorn\n\nfrom assistant.utils.cli import cli\n\n\ndef run():\n"
                "    args = cli(sys.argv[1:])\n"
                "    uvicorn.run('assistant.app:app', host=args.host, port=args.port)\n"
            ),
            "src/assistant/utils/__init__.py": "",
            "src/assistant/utils/cli.py": (
                "import argparse\n\n\ndef cli(argv):\n    parser = argparse.ArgumentParser()\n"
                "    parser.add_argument('--host', type=str, default='127.0.0.1')\n"
                "    parser.add_argument('--port', '-p', type=int, default=42110)\n"
                "    parser.add_argument('--non-interactive', action='store_true')\n"
                "    return parser.parse_args(argv)\n"
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None
    argv = app.start.argv
    assert argv[0] == "assistant" and argv[argv.index("--host") + 1] == "0.0.0.0"
    assert "--port" in argv and "--non-interactive" in argv


def test_a_module_type_marker_beside_a_server_file_is_still_an_app(tmp_path: Path) -> None:
    """A server of Node's own modules: package.json only says `{"type": "module"}`, and
    server.js listens. Unlike puter's extensions/ marker, it is the app."""
    folder = write_tree(
        tmp_path / "tiny",
        {
            "package.json": '{"type": "module"}',
            "server.js": "import http from 'http'\nhttp.createServer().listen(3000)\n",
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None and app.start.argv == ("node", "server.js")


def test_an_empty_package_json_is_still_a_node_project_begun(tmp_path: Path) -> None:
    """`{}` (a project just begun) is no module-type marker: the language is still Node."""
    folder = write_tree(tmp_path / "new", {"package.json": "{}"})
    app = inspect_project(folder).primary
    assert app is not None and app.language.value == "node"


def test_a_prisma_sqlite_datasource_beside_a_commented_out_server_one_is_sqlite(tmp_path: Path) -> None:
    """anything-llm: schema.prisma keeps a PostgreSQL datasource commented out (`// datasource db
    {` ... `provider = "postgresql"`) above its SQLite one, and package.json lists pg and mysql2
    for other features; advisor set up PostgreSQL, which the app never used. The database is the
    SQLite file, in a volume, migrated by Prisma."""
    folder = write_tree(
        tmp_path / "llm",
        {
            "package.json": (
                '{"name": "llm", "main": "index.js", "scripts": {"start": "node index.js"},'
                ' "dependencies": {"express": "^4", "@prisma/client": "^5", "prisma": "^5", "pg": "^8",'
                ' "mysql2": "^3"}}'
            ),
            "package-lock.json": '{"name": "llm", "lockfileVersion": 3, "packages": {}}',
            "index.js": "require('express')().listen(3001)\n",
            "prisma/schema.prisma": (
                'generator client {\n  provider = "prisma-client-js"\n}\n\n'
                "// Uncomment the following lines to use PostgreSQL\n"
                '// datasource db {\n//   provider = "postgresql"\n'
                '//   url      = env("DATABASE_URL")\n// }\n'
                'datasource db {\n  provider = "sqlite"\n  url      = "file:../storage/app.db"\n}\n'
            ),
            "prisma/migrations/20240101_init/migration.sql": "CREATE TABLE x (id int);\n",
        },
    )
    advice = advise({"host_os": "linux"}, folder=folder)
    assert advice.setup.evaluation.answers.database == "none"
    files = advice.files()
    assert "compose.yaml" not in files or "postgres" not in files["compose.yaml"]


def test_of_the_members_a_root_start_script_names_the_first_is_the_app(tmp_path: Path) -> None:
    """documenso: `"start": "turbo run start --filter=@documenso/remix --filter=@documenso/docs
    --filter=@documenso/openpage-api"`; advisor ran the API (its folder's name ranked first).
    The first member the root's start names is the app."""
    folder = write_tree(
        tmp_path / "docs-sign",
        {
            "package.json": (
                '{"name": "sign", "private": true, "workspaces": ["apps/*"], "scripts": {"start":'
                ' "turbo run start --filter=@sign/remix --filter=@sign/docs --filter=@sign/openpage-api"}}'
            ),
            "package-lock.json": '{"name": "sign", "lockfileVersion": 3, "packages": {}}',
            "apps/remix/package.json": (
                '{"name": "@sign/remix", "scripts": {"build": "react-router build",'
                ' "start": "react-router-serve build/server/index.js"},'
                ' "dependencies": {"@react-router/serve": "^7", "pg": "^8"}}'
            ),
            "apps/docs/package.json": (
                '{"name": "@sign/docs", "scripts": {"build": "next build", "start": "next start"},'
                ' "dependencies": {"next": "^15"}}'
            ),
            "apps/openpage-api/package.json": (
                '{"name": "@sign/openpage-api", "scripts": {"build": "next build",'
                ' "start": "next start -p 3003"},'
                ' "dependencies": {"next": "^15"}}'
            ),
        },
    )
    facts = inspect_project(folder)
    assert facts.primary is not None and facts.primary.path == "apps/remix"


def test_an_entrypoint_that_makes_its_flask_migrations_makes_them_in_the_release(tmp_path: Path) -> None:
    """Tamari: its image starts `./boot.sh`, which runs `flask db init`, `flask db migrate`
    and `flask db upgrade`, in that order, into `Migrate(app, db, directory='app/appdata/
    migrations')`, a folder the repository lacks (its data folder, kept in a volume). advisor
    took the upgrade alone, which stopped on "Path doesn't exist". The release step makes the
    folder when it is not there yet and the revision, then upgrades, as the project does."""
    folder = write_tree(
        tmp_path / "recipes",
        {
            "requirements.txt": (
                "Flask==3.0.0\nFlask-SQLAlchemy==3.1.1\nFlask-Migrate==4.0.5\ngunicorn==21.2.0\n"
            ),
            "recipes.py": "from app import app\n",
            "app/__init__.py": (
                "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n"
                "from flask_migrate import Migrate\n"
                "app = Flask(__name__)\n"
                "app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///appdata/app.db'\n"
                "db = SQLAlchemy(app)\n"
                "migrate = Migrate(app, db, directory='app/appdata/migrations', render_as_batch=True)\n"
            ),
            "app/appdata/.gitkeep": "",
            "boot.sh": (
                "#!/bin/bash\n\n# Initialize and upgrade the database\nflask db init\nflask db migrate\n"
                "flask db upgrade\n\nexec gunicorn -b 0.0.0.0:4888 -w 4 app:app\n"
            ),
            "Dockerfile": (
                "FROM python:3.10-slim\nCOPY requirements.txt requirements.txt\n"
                "RUN pip install -r requirements.txt\nCOPY app app\nCOPY recipes.py boot.sh ./\n"
                'ENV FLASK_APP recipes.py\nEXPOSE 4888\nENTRYPOINT ["./boot.sh"]\n'
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.release is not None
    assert app.release.argv == (
        "sh",
        "-c",
        "[ -f app/appdata/migrations/env.py ] || flask db init && flask db migrate && flask db upgrade",
    )
    assert app.release.source == "boot.sh"

    (folder / "app/appdata/migrations/versions").mkdir(parents=True)
    (folder / "app/appdata/migrations/env.py").write_text("from alembic import context\n")
    (folder / "boot.sh").write_text("#!/bin/sh\nflask db upgrade\nexec gunicorn app:app\n")
    app = inspect_project(folder).primary
    assert app is not None and app.release is not None
    assert app.release.argv[-2:] == ("db", "upgrade") and "init" not in app.release.argv


def test_a_console_script_takes_the_options_the_projects_image_runs_its_module_with(tmp_path: Path) -> None:
    """swingmusic: its console script `swingmusic = "swingmusic.__main__:run"` serves the app,
    and its image runs the same package as `python -m swingmusic --host 0.0.0.0 --config
    /config` beside `VOLUME /config`. advisor kept the script's own host and port but not
    `--config /config`, so the app wrote its databases under its home, outside the volume. The
    start now carries the image's words, and the port advisor gives it."""
    folder = write_tree(
        tmp_path / "tunes",
        {
            "pyproject.toml": (
                '[project]\nname = "tunes"\nversion = "2.1.0"\nrequires-python = ">=3.11"\n'
                'dependencies = ["flask>=3"]\n\n[project.scripts]\ntunes = "tunes.__main__:run"\n'
            ),
            "src/tunes/__init__.py": "",
            "src/tunes/__main__.py": (
                "import argparse\nimport os\nfrom flask import Flask\n\n"
                "parser = argparse.ArgumentParser(prog='tunes')\n"
                "parser.add_argument('--host', default='127.0.0.1')\n"
                "parser.add_argument('--port', default=int(os.environ.get('TUNES_PORT') or 1970), type=int)\n"
                "parser.add_argument('--config', default=os.path.expanduser('~/.config'))\n\n\n"
                "def run():\n    args = parser.parse_args()\n"
                "    Flask(__name__).run(host=args.host, port=args.port)\n"
            ),
            "Dockerfile": (
                "FROM python:3.12-slim\nWORKDIR /app\nEXPOSE 1970/tcp\nVOLUME /config\nCOPY . .\n"
                "RUN pip install .\n"
                'ENTRYPOINT ["python", "-m", "tunes", "--host", "0.0.0.0", "--config", "/config"]\n'
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and app.start is not None
    argv = app.start.argv
    assert argv[0] == "tunes" and argv[argv.index("--config") + 1] == "/config"
    assert argv[argv.index("--host") + 1] == "0.0.0.0" and argv[argv.index("--port") + 1] == "1970"
    assert argv.count("--host") == 1


def test_a_settings_module_the_code_finds_by_its_file_name_is_copied_from_its_template(
    tmp_path: Path,
) -> None:
    """relate: its settings raise unless `join(BASE_DIR, "local_settings.py")` is a file, then
    import it by name through exec; the repository holds only `local_settings_example.py`, which
    its docs copy into place. advisor did not count a module named by its file's path as one the
    code loads, so the image had no local_settings.py and its collectstatic step failed."""
    folder = write_tree(
        tmp_path / "course",
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'course.settings')\n",
            "requirements.txt": "Django==5.1.4\ngunicorn==23.0.0\n",
            "course/__init__.py": "",
            "course/settings.py": (
                "import os\nfrom os.path import join\n"
                "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
                '_local_settings_file = join(BASE_DIR, "local_settings.py")\n'
                "if not os.path.isfile(_local_settings_file):\n"
                "    raise RuntimeError(f\"'{_local_settings_file}' is missing.\")\n"
                "name = os.path.splitext(os.path.split(_local_settings_file)[-1])[0]\n"
                'exec(f"import {name} as local_settings_module")\n'
                "SECRET_KEY = local_settings_module.SECRET_KEY\n"
                "ALLOWED_HOSTS = local_settings_module.ALLOWED_HOSTS\n"
                "STATIC_ROOT = join(BASE_DIR, 'static')\n"
                "WSGI_APPLICATION = 'course.wsgi.application'\n"
            ),
            "course/wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n",
            "local_settings_example.py": (
                'SECRET_KEY = "<CHANGE ME>"\nALLOWED_HOSTS = ["course.example.edu"]\n'
            ),
        },
    )
    app = inspect_project(folder).primary
    assert app is not None and ("local_settings_example.py", "local_settings.py") in app.example_modules
    dockerfile = advise({"host_os": "linux", "database": "none"}, folder=folder).files()["Dockerfile"]
    copy = dockerfile.index("cp local_settings_example.py local_settings.py")
    assert copy < dockerfile.index("collectstatic")


def test_the_image_words_keep_the_scripts_switches_and_name_each_option_once() -> None:
    """The console script's own options (a no-questions switch, the port) join the words of
    the project's image, unless the image gives that option already, in either spelling."""
    from advisor.inspect.facts import Command
    from advisor.inspect.python_entry import with_image_words

    script = Command(
        ("notes", "--host", "0.0.0.0", "--port", "42110", "--non-interactive"),
        "pyproject.toml",
        "project.scripts.notes",
    )
    own = Command(("notes", "--host=0.0.0.0", "-vv", "--anonymous-mode"), "Dockerfile", "CMD")
    merged = with_image_words(script, own)
    assert merged is not None
    assert merged.argv == (
        "notes", "--host=0.0.0.0", "-vv", "--anonymous-mode", "--port", "42110", "--non-interactive",
    )  # fmt: skip
