"""Which variables the app stops without. One marked required that is not makes Compose stop
before it builds anything (``${X:?the app needs it}``), so a read with a default, a read the
code makes only where the environment allows it, a schema key that is optional or has a
default, and a type annotation are never required."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_NEST_PACKAGE = (
    '{"name": "api", "scripts": {"build": "nest build", "start:prod": "node dist/main"},'
    ' "dependencies": {"@nestjs/core": "^11", "@nestjs/config": "^4", "zod": "^3", "pg": "^8"}}'
)


def _required(folder: Path) -> dict[str, bool]:
    return {v.name: v.required for v in inspect_project(folder).apps[0].env_vars}


def _app_env(folder: Path, **answers: Any) -> dict[str, Any]:
    files = advise({"host_os": "linux", "database": "postgres", **answers}, folder=folder).files("en")
    environment: dict[str, Any] = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    return environment


def test_a_zod_schema_nestjs_validates_the_environment_with(tmp_path: Path) -> None:
    """Reactive-Resume: ConfigModule.forRoot({ validate: (c) => configSchema.parse(c) }), the
    schema in its own file; optional keys and defaults written over several lines are not
    required, and getOrThrow inside a try whose catch falls back (an OAuth strategy) is not
    either. A key with no default read by getOrThrow outside a try is."""
    write_tree(
        tmp_path,
        {
            "package.json": _NEST_PACKAGE,
            "src/config/schema.ts": (
                'import { z } from "zod";\n\nexport const configSchema = z.object({\n'
                '  NODE_ENV: z.enum(["development", "production"]).default("production"),\n'
                "  PORT: z.coerce.number().default(3000),\n"
                '  DATABASE_URL: z.string().url().startsWith("postgresql://"),\n'
                "  CHROME_TOKEN: z.string(),\n"
                '  DISABLE_SIGNUPS: z\n    .string()\n    .default("false")\n'
                '    .transform((s) => s !== "false"),\n'
                "  CROWDIN_PROJECT_ID: z.coerce.number().optional(),\n"
                "  GITHUB_CLIENT_ID: z.string().optional(),\n"
                "  GITHUB_CALLBACK_URL: z.string().url().optional(),\n});\n"
            ),
            "src/config/config.module.ts": (
                'import { ConfigModule as Nest } from "@nestjs/config";\n'
                'import { configSchema } from "./schema";\n\n'
                "export const config = Nest.forRoot({ validate: (c) => configSchema.parse(c) });\n"
            ),
            "src/auth.module.ts": (
                "export const strategy = {\n  useFactory: (configService) => {\n    try {\n"
                '      const id = configService.getOrThrow("GITHUB_CLIENT_ID");\n'
                '      const url = configService.getOrThrow("GITHUB_CALLBACK_URL");\n'
                "      return new GitHub(id, url);\n    } catch {\n      return new Dummy();\n"
                "    }\n  },\n};\n"
            ),
            "src/feature.service.ts": (
                "export class Feature {\n  constructor(private readonly configService) {}\n"
                "  flags() {\n"
                '    return this.configService.getOrThrow<boolean>("DISABLE_SIGNUPS");\n  }\n'
                "  printer() {\n"
                "    if (x) { return 1; }\n"
                '    return this.configService.getOrThrow<string>("CHROME_TOKEN");\n'
                "  }\n}\n"
            ),
            "src/main.ts": (
                'import { NestFactory } from "@nestjs/core";\n'
                "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n"
                "  await app.listen(3000);\n}\nbootstrap();\n"
            ),
        },
    )
    required = _required(tmp_path)
    optional_keys = ("DISABLE_SIGNUPS", "CROWDIN_PROJECT_ID", "GITHUB_CLIENT_ID", "GITHUB_CALLBACK_URL")
    for optional in (*optional_keys, "PORT"):
        assert required[optional] is False, optional
    assert required["CHROME_TOKEN"] is True
    defaults = {v.name: v.default for v in inspect_project(tmp_path).apps[0].env_vars}
    assert defaults["DISABLE_SIGNUPS"] == "false" and defaults["PORT"] == "3000"
    env = _app_env(tmp_path)
    assert env["CHROME_TOKEN"] == "${CHROME_TOKEN:?the app needs it: set it in .env}"
    for name in ("GITHUB_CLIENT_ID", "GITHUB_CALLBACK_URL", "CROWDIN_PROJECT_ID", "DISABLE_SIGNUPS"):
        assert ":?" not in str(env.get(name)), name


def test_an_interface_of_the_cleaned_environment_is_types_not_schema(tmp_path: Path) -> None:
    """ghostfolio: beside envalid's cleanEnv, an interface (extends CleanedEnvAccessors) types
    the result: `DATA_SOURCES: string[];`, `TRUST_PROXY: boolean | number | string;`. The
    schema gives them defaults: json({ default: [...] }), a makeValidator's ({ default: '' })."""
    write_tree(
        tmp_path,
        {
            "package.json": _NEST_PACKAGE.replace('"zod": "^3"', '"envalid": "^8"'),
            "src/environment.interface.ts": (
                "import { CleanedEnvAccessors } from 'envalid';\n\n"
                "export interface Environment extends CleanedEnvAccessors {\n"
                "  ACCESS_TOKEN_SALT: string;\n  DATA_SOURCES: string[];\n"
                "  TRUST_PROXY: boolean | number | string;\n}\n"
            ),
            "src/configuration.service.ts": (
                "import { cleanEnv, json, makeValidator, str } from 'envalid';\n"
                "const trustProxy = makeValidator((input) => input);\n"
                "export const env = cleanEnv(process.env, {\n  ACCESS_TOKEN_SALT: str(),\n"
                "  DATA_SOURCES: json({\n    default: ['MANUAL', 'YAHOO']\n  }),\n"
                "  TRUST_PROXY: trustProxy({ default: '' }),\n});\n"
            ),
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n",
        },
    )
    required = _required(tmp_path)
    assert required["ACCESS_TOKEN_SALT"] is True
    assert required["DATA_SOURCES"] is False and required["TRUST_PROXY"] is False


_DJANGO = {
    "requirements.txt": "Django==5.2\npython-decouple==3.8\npsycopg2-binary==2.9.10\ngunicorn\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
    "site/__init__.py": "",
    "site/wsgi.py": (
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    ),
}


def test_decouple_reads_the_code_makes_only_where_the_environment_allows(tmp_path: Path) -> None:
    """kitsune: `if config("SENTRY_DSN", None):` asks first; the SMTP credentials are read
    with no default, but only when REAL_EMAIL_BACKEND (itself from the environment) is SMTP.
    The example file leaves them empty: the app gets them empty, as the project's own set-up
    gives them, and Compose does not stop. A read with no default at the top stays required."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "site/settings.py": (
                "from decouple import config\n\n"
                "SECRET_KEY = config('SECRET_KEY')\nPAYMENT_KEY = config('PAYMENT_KEY')\n"
                "DATABASES = {'default': {'NAME': config('DB_NAME', default='site'),"
                " 'HOST': config('DB_HOST', default='localhost')}}\n"
                "EMAIL_BACKEND = config('EMAIL_BACKEND', default='console')\n"
                "REAL_EMAIL_BACKEND = EMAIL_BACKEND\n"
                "if REAL_EMAIL_BACKEND == 'smtp':\n"
                "    EMAIL_HOST_USER = config('EMAIL_HOST_USER')\n"
                "    EMAIL_HOST_PASSWORD = config('EMAIL_HOST_PASSWORD')\n\n"
                "if config('SENTRY_DSN', None):\n    DSN = config('SENTRY_DSN')\n"
            ),
            ".env-dist": "EMAIL_BACKEND=smtp\nEMAIL_HOST_USER=\nEMAIL_HOST_PASSWORD=\n",
        },
    )
    required = _required(tmp_path)
    assert required["PAYMENT_KEY"] is True
    for name in ("SENTRY_DSN", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
        assert required[name] is False, name
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert env["PAYMENT_KEY"] == "${PAYMENT_KEY:?the app needs it: set it in .env}"
    assert env["EMAIL_HOST_USER"] == "${EMAIL_HOST_USER:-}"
    assert "\nEMAIL_HOST_USER=\n" in files[".env"] and "\nEMAIL_HOST_PASSWORD=\n" in files[".env"]
    assert "SENTRY_DSN" not in env  # left for the person, listed at the end of .env.example
    assert "SENTRY_DSN" in files[".env.example"]


def test_django_settings_module_is_never_a_setting_to_invent(tmp_path: Path) -> None:
    """askbot's startup checks read os.environ['DJANGO_SETTINGS_MODULE'], which manage.py sets:
    never `${DJANGO_SETTINGS_MODULE:?}` in compose.yaml, never a placeholder for the build."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'missing.settings')\n",
            "site/settings.py": "SECRET_KEY = 'x'\nSTATIC_ROOT = 'static'\n",
            "site/checks.py": "import os\nMODULE = os.environ['DJANGO_SETTINGS_MODULE']\n",
        },
    )
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    env = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"] or {}
    assert ":?" not in str(env.get("DJANGO_SETTINGS_MODULE", ""))
    assert "DJANGO_SETTINGS_MODULE=build-only" not in files["Dockerfile"]


def test_a_read_inside_a_route_or_a_task_is_not_needed_to_start(tmp_path: Path) -> None:
    """os.environ["X"] in a request handler (@app.route) or a task (@shared_task) runs when it
    is called: Compose must not stop the whole app for it. A read at the module's top, or in a
    function under @lru_cache (often called as the module loads), stays required."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\ngunicorn\ncelery\n",
            "app.py": (
                "import os\nfrom functools import lru_cache\nfrom flask import Flask\n\n"
                "app = Flask(__name__)\nTOKEN = os.environ['TOP_TOKEN']\n\n\n"
                "@app.route('/report')\ndef report():\n    return os.environ['REPORT_API_KEY']\n\n\n"
                "@lru_cache\ndef settings():\n    return os.environ['CACHED_SETTING']\n"
            ),
            "tasks.py": (
                "import os\nfrom celery import shared_task\n\n\n"
                "@shared_task\ndef mail():\n    return os.environ['MAILGUN_KEY']\n"
            ),
        },
    )
    required = _required(tmp_path)
    assert required["TOP_TOKEN"] is True and required["CACHED_SETTING"] is True
    assert required["REPORT_API_KEY"] is False and required["MAILGUN_KEY"] is False


def test_the_backend_variable_read_through_str_gets_the_backend(tmp_path: Path) -> None:
    """study-docker-compose-postgres: `"ENGINE": str(os.getenv("SQL_ENGINE"))`, no default:
    without it Django stops ('None' isn't an available database backend)."""
    write_tree(
        tmp_path,
        {
            **_DJANGO,
            "site/settings.py": (
                "import os\nDATABASES = {'default': {'ENGINE': str(os.getenv('SQL_ENGINE')),\n"
                "    'NAME': os.getenv('SQL_DATABASE'), 'HOST': os.getenv('SQL_HOST')}}\n"
            ),
        },
    )
    env = _app_env(tmp_path)
    assert env["SQL_ENGINE"] == "django.db.backends.postgresql" and env["SQL_HOST"] == "db"


def test_a_tool_folder_below_the_package_reads_nothing_the_server_needs(tmp_path: Path) -> None:
    """ctms-api: ctms/bin/delete_bulk.py, a click command-line client, has a settings class of
    its own whose fields (CTMS_CLIENT_ID) have no default. A bin/ or scripts/ folder inside the
    package is as much a side tool as one at the top; what the app's own settings read with no
    default stays required."""
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "ctms"\nversion = "1"\nrequires-python = ">=3.12"\n'
                'dependencies = ["fastapi==0.115.0", "uvicorn==0.30.0", "pydantic-settings==2.5.0",'
                ' "psycopg2-binary==2.9.9", "SQLAlchemy==2.0.35"]\n'
            ),
            "ctms/__init__.py": "",
            "ctms/app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "ctms/config.py": (
                "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
                "    secret_key: str\n    database_url: str = 'postgresql://localhost/ctms'\n"
            ),
            "ctms/bin/__init__.py": "",
            "ctms/bin/delete_bulk.py": (
                "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
                "class Settings(BaseSettings):\n    client_id: str\n    client_secret: str\n"
                '    model_config = SettingsConfigDict(env_prefix="ctms_")\n'
            ),
            "ctms/bin/sync.py": "import os\nTOKEN = os.environ['SYNC_TOKEN']\n",
        },
    )
    required = _required(tmp_path)
    assert required["SECRET_KEY"] is True
    assert not required.get("CTMS_CLIENT_ID") and not required.get("SYNC_TOKEN")
    assert "SYNC_TOKEN" not in _app_env(tmp_path)


def test_a_variable_the_code_sets_or_deletes_through_a_constant_is_not_read(tmp_path: Path) -> None:
    """lando: `ENV_COMMITTER_NAME = "GIT_COMMITTER_NAME"`, then `os.environ[ENV_COMMITTER_NAME] =
    email` before running git and `del os.environ[ENV_COMMITTER_NAME]` after: the app sets
    the variable for a child process, it needs no value from outside."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg[binary]==3.2.9\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lando.settings')\n",
            "lando/__init__.py": "",
            "lando/wsgi.py": "application = get_wsgi_application()\n",
            "lando/settings.py": "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            "lando/scm/git.py": (
                'import os\n\nENV_COMMITTER_NAME = "GIT_COMMITTER_NAME"\nENV_TOKEN = "GIT_TOKEN"\n\n\n'
                "def commit(email):\n    os.environ[ENV_COMMITTER_NAME] = email\n"
                "    try:\n        run()\n    finally:\n        del os.environ[ENV_COMMITTER_NAME]\n"
                "    return os.environ[ENV_TOKEN]\n"
            ),
        },
    )
    required = _required(tmp_path)
    assert required["SECRET_KEY"] is True and required["GIT_TOKEN"] is True  # a read still counts
    assert not required.get("GIT_COMMITTER_NAME")


def test_a_settings_module_nothing_loads_requires_nothing(tmp_path: Path) -> None:
    """pythondotorg: manage.py and wsgi.py run pydotorg.settings.local, which imports base;
    cabotage.py, its hosting service's module, reads EMAIL_HOST with no default. Nothing the
    app runs loads it, so the app needs none of its variables; base's own reads still count."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg[binary]==3.2.9\n",
            "manage.py": (
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pydotorg.settings.local')\n"
            ),
            "pydotorg/__init__.py": "",
            "pydotorg/wsgi.py": "application = get_wsgi_application()\n",
            "pydotorg/settings/__init__.py": "",
            "pydotorg/settings/base.py": (
                "import os\nfrom .pipeline import PIPELINE\nSECRET_KEY = os.environ['SECRET_KEY']\n"
            ),
            "pydotorg/settings/pipeline.py": "import os\nPIPELINE = {'X': os.environ['PIPELINE_X']}\n",
            "pydotorg/settings/local.py": "from .base import *\nDEBUG = True\n",
            "pydotorg/settings/cabotage.py": (
                "import os\nfrom .base import *\nEMAIL_HOST = os.environ['EMAIL_HOST']\n"
            ),
        },
    )
    required = _required(tmp_path)
    assert required["SECRET_KEY"] is True and required["PIPELINE_X"] is True
    assert not required.get("EMAIL_HOST")
    assert "EMAIL_HOST" not in _app_env(tmp_path)


def test_reads_the_container_never_makes_are_not_required(tmp_path: Path) -> None:
    """skyvern reads LOCALAPPDATA only under `if p == "Windows":` (p = platform.system()), and
    tecken's PROD_AUTH_TOKEN only in smoketests/; desec's settings read
    DESECSTACK_API_EMAIL_HOST with os.environ[...] and its .env.default leaves it blank (then
    `if not EMAIL_HOST:`): passed empty, as the example says, not asked for. A read outside
    such a branch still counts."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "Django==5.2\ngunicorn==23.0.0\npsycopg[binary]==3.2.9\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'api.settings')\n",
            "api/__init__.py": "",
            "api/wsgi.py": "application = get_wsgi_application()\n",
            "api/settings.py": (
                "import os\nimport platform\n\nSECRET_KEY = os.environ['SECRET_KEY']\n"
                "EMAIL_HOST = os.environ['EMAIL_HOST']\n\n\ndef data_dir():\n    p = platform.system()\n"
                "    if p == 'Windows':\n        return os.environ['LOCALAPPDATA']\n"
                "    if sys.platform == 'darwin':\n        return os.environ['MAC_HOME']\n"
                "    return os.environ['XDG_HOME']\n"
            ),
            "smoketests/setup_tests.py": "import os\nTOKEN = os.environ['PROD_AUTH_TOKEN']\n",
            ".env.default": "EMAIL_HOST=\n",
        },
    )
    required = _required(tmp_path)
    assert required["SECRET_KEY"] and required["XDG_HOME"]
    assert not any(required.get(n) for n in ("LOCALAPPDATA", "MAC_HOME", "PROD_AUTH_TOKEN"))
    env = _app_env(tmp_path)
    assert env["EMAIL_HOST"] == "${EMAIL_HOST:-}"  # passed empty, not `${EMAIL_HOST:?…}`
    assert "LOCALAPPDATA" not in env and "PROD_AUTH_TOKEN" not in env


def test_a_non_null_read_in_a_parameter_default_or_a_function_body_is_not_required(tmp_path: Path) -> None:
    """lunary: `baseUrl: string = process.env.ML_URL!` is a parameter's default, and `const
    webhookSecret = process.env.STRIPE_WEBHOOK_SECRET!` sits in a request handler: neither is
    read as the module loads. `new Stripe(process.env.STRIPE_SECRET_KEY!)` at the top, and a
    top-level object's `key: process.env.API_KEY!`, are."""
    write_tree(
        tmp_path,
        {
            "package.json": (
                '{"name": "api", "scripts": {"start": "node dist/index.js", "build": "tsc"},'
                ' "dependencies": {"koa": "^2", "postgres": "^3"}, "devDependencies": {"typescript": "^5"}}'
            ),
            "src/index.ts": "import Koa from 'koa';\nnew Koa().listen(3333);\n",
            "src/utils/ml.ts": (
                "export async function classify(\n  text: string,\n"
                "  baseUrl: string = process.env.ML_URL!,\n) {}\n"
            ),
            "src/api/stripe.ts": (
                "export async function webhook(ctx) {\n"
                "  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET!;\n}\n"
            ),
            "src/utils/stripe.ts": (
                "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, {});\n"
                "export const config = {\n  key: process.env.API_KEY!,\n};\n"
            ),
        },
    )
    required = _required(tmp_path)
    assert required["STRIPE_SECRET_KEY"] and required["API_KEY"]
    assert not required["ML_URL"] and not required["STRIPE_WEBHOOK_SECRET"]
