"""The app's background worker (Celery, RQ, a Procfile's worker line): found in the project's
own files and run as a service of its own from the app's image."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import write_tree

from advisor.api import Advice, advise
from advisor.inspect import inspect_project

FIXTURES = Path(__file__).parent / "fixtures"
COMPOSE = shutil.which("docker-compose") or "/var/cache/advisor-e2e/compose-venv/bin/docker-compose"


def _advice(folder: Path, **answers: Any) -> Advice:
    return advise({"project_name": "demo", "host_os": "linux", **answers}, folder=folder)


def _compose(advice: Advice) -> dict[str, Any]:
    return yaml.safe_load(advice.files("en")["compose.yaml"])


def test_a_django_celery_app_gets_a_worker_service_from_the_apps_image() -> None:
    advice = _advice(FIXTURES / "django-celery")
    assert advice.setup.build.worker == ("celery", "-A", "shop", "worker", "--loglevel=INFO")
    services = _compose(advice)["services"]
    app, worker = services["app"], services["worker"]
    assert worker["build"] == app["build"] and worker["command"] == list(advice.setup.build.worker)
    assert worker["environment"] == app["environment"]
    # The broker the settings read (CELERY_BROKER_URL, default redis://localhost) is the Redis service.
    assert app["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert worker["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert worker["healthcheck"] == {"disable": True} and "ports" not in worker
    assert worker["develop"] == app["develop"]  # Compose Watch rebuilds it with the app
    report = advice.report("en")
    assert (
        "| Background worker (its own service) | `celery -A shop worker --loglevel=INFO` | `shop/celery.py` |"
        in report
    )
    assert "runs in compose.yaml's `worker` service" in report
    ko = advice.report("ko")
    assert "(명령: `celery -A shop worker --loglevel=INFO`, 출처: `shop/celery.py`)" in ko


def test_in_production_the_worker_is_hardened_and_restarted_like_the_app() -> None:
    advice = _advice(FIXTURES / "django-celery", environment="production")
    services = _compose(advice)["services"]
    app, worker = services["app"], services["worker"]
    for key in ("security_opt", "cap_drop", "deploy", "logging", "restart"):
        assert worker[key] == app[key], key
    assert "develop" not in worker and services["migrate"]["restart"] == "no"
    text = advice.files("en")["compose.yaml"]
    worker_part = text[text.index("  worker:") :]
    assert "# Root file system left writable" in worker_part or "read_only: true" in worker_part


def test_the_procfile_worker_line_wins_and_a_node_app_gets_it_too(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "package.json": '{"name": "jobs", "scripts": {"start": "node server.js"},'
            ' "dependencies": {"express": "^4.21.0", "bullmq": "^5.0.0", "ioredis": "^5.4.0"}}',
            "server.js": "const express = require('express');\nconst app = express();\n"
            "const redis = process.env.REDIS_URL;\napp.listen(process.env.PORT || 3000);\n",
            "worker.js": "const { Worker } = require('bullmq');\n",
            "Procfile": "web: node server.js\nworker: node worker.js\n",
        },
    )
    app = inspect_project(folder).apps[0]
    assert app.worker is not None and app.worker.argv == ("node", "worker.js")
    assert (app.worker.source, app.worker.detail) == ("Procfile", "worker")
    advice = _advice(folder, cache="redis")
    assert _compose(advice)["services"]["worker"]["command"] == ["node", "worker.js"]


def test_the_projects_own_compose_names_the_worker_through_its_anchors(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.1.2\ncelery[redis]==5.5.3\ngunicorn==23.0.0\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "tasks.py": "from celery import Celery\nqueue = Celery('tasks')\n",
            "docker-compose.yml": "x-app: &app\n  build: .\n  env_file: .env\n"
            "services:\n  web:\n    <<: *app\n    command: gunicorn app:app\n"
            '  beat:\n    <<: *app\n    command: celery -A tasks beat -l "${LOG_LEVEL:-info}"\n'
            "  worker:\n    <<: *app\n    command: [celery, -A, tasks, worker, -l, info]\n",
        },
    )
    worker = inspect_project(folder).apps[0].worker
    assert worker is not None and worker.argv == ("celery", "-A", "tasks", "worker", "-l", "info")
    assert (worker.source, worker.detail) == ("docker-compose.yml", "services.worker")


def test_celerys_own_command_names_the_module_and_the_app_where_it_is_not_found_by_itself(
    tmp_path: Path,
) -> None:
    # src/ is a package the code imports as src.x (fastapi run src): the module keeps its prefix.
    folder = write_tree(
        tmp_path / "pkg",
        {
            "requirements.txt": "fastapi==0.115.0\nuvicorn==0.30.0\ncelery==5.5.3\nredis==5.0.0\n",
            "src/__init__.py": "from fastapi import FastAPI\nfrom src.routes import r\napp = FastAPI()\n",
            "src/routes.py": "r = 1\n",
            "src/celery_tasks.py": "from celery import Celery\ncelery_app = Celery()\n",
            "tests/conftest.py": "from celery import Celery\napp = Celery('test')\n",
        },
    )
    worker = inspect_project(folder).apps[0].worker
    assert worker is not None
    assert worker.argv == ("celery", "-A", "src.celery_tasks:celery_app", "worker", "--loglevel=INFO")
    # A src layout (src/ holds the package): Celery starts from src/, as uvicorn's --app-dir.
    folder = write_tree(
        tmp_path / "layout",
        {
            "requirements.txt": "celery==5.5.3\n",
            "src/jobs/__init__.py": "",
            "src/jobs/worker.py": "import celery\napp = celery.Celery('jobs')\n",
        },
    )
    worker = inspect_project(folder).apps[0].worker
    assert worker is not None
    assert worker.argv == ("celery", "--workdir", "src", "-A", "jobs.worker", "worker", "--loglevel=INFO")


def test_a_broker_of_another_kind_is_not_pointed_at_redis(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.1.2\ncelery==5.5.3\nredis==5.0.0\n",
            "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
            "BROKER = os.environ.get('CELERY_BROKER_URL', 'amqp://guest@localhost//')\n"
            "CACHE = os.environ.get('REDIS_URL', 'redis://localhost')\n",
        },
    )
    env = _compose(_advice(folder, cache="redis"))["services"]["app"]["environment"]
    assert "CELERY_BROKER_URL" not in env and env["REDIS_URL"] == "redis://redis:6379/0"


def test_without_compose_or_in_kubernetes_the_report_says_how_to_run_the_worker(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "flask==3.1.2\nrq==2.0.0\ngunicorn==23.0.0\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "Procfile": "web: gunicorn app:app\nworker: rq worker --url $REDIS_URL\njobs: rq worker high\n",
        },
    )
    advice = _advice(folder)  # no database, no cache: run.sh
    assert advice.setup.orchestration == "docker-run-script"
    assert advice.setup.build.worker == (
        "rq",
        "worker",
        "high",
    )  # the worker line needs the shell's $REDIS_URL
    assert "which run.sh does not start" in advice.report("en")
    assert "`docker run -d --env-file .env demo:latest rq worker high`" in advice.report("en")
    k8s = _advice(FIXTURES / "django-celery", environment="production", traffic="high")
    assert k8s.value("scaling") == "kubernetes"
    assert "the Kubernetes manifests do not" in k8s.report("en")
    assert "Kubernetes 매니페스트에는 없습니다" in k8s.report("ko")


@pytest.mark.skipif(not Path(COMPOSE).is_file(), reason="no docker-compose binary")
@pytest.mark.parametrize("environment", ["development", "production"])
def test_docker_compose_accepts_the_worker_service(environment: str, tmp_path: Path) -> None:
    files = _advice(FIXTURES / "django-celery", environment=environment).files("en")
    for name in ("compose.yaml", ".env", "Caddyfile"):
        if name in files:
            (tmp_path / name).write_text(files[name])
    done = subprocess.run([COMPOSE, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_celery_worker_whose_broker_is_rabbitmq_gets_no_service_but_the_way_to_add_one(
    tmp_path: Path,
) -> None:
    """FastAPI-Production-Boilerplate: CELERY_BROKER_URL=amqp://rabbit:password@localhost:5672 in
    .env.example and a RabbitMQ in the project's compose: a worker service could never connect,
    so there is none, and the report says how to add the broker and the worker."""
    folder = write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\ncelery\nredis\n",
            "app.py": "import os\nfrom fastapi import FastAPI\napp = FastAPI()\n"
            "BROKER = os.environ.get('CELERY_BROKER_URL')\nCACHE = os.environ.get('REDIS_URL')\n",
            "worker.py": "from celery import Celery\ncelery_app = Celery('worker')\n",
            ".env.example": "CELERY_BROKER_URL=amqp://rabbit:password@localhost:5672\n",
        },
    )
    advice = _advice(folder, cache="redis")
    assert "worker" not in _compose(advice)["services"]
    report = advice.report("en")
    assert (
        "whose broker is RabbitMQ" in report
        and "`celery -A worker:celery_app worker --loglevel=INFO`" in report
    )


def test_the_procfile_worker_lines_own_variables_reach_the_worker_service(tmp_path: Path) -> None:
    """opencollective-api: `worker: ENABLE_SERVICE_SERVER=false ENABLE_SERVICE_JOBS=true node …`
    runs the web program as the worker by its switches: without them the worker service would
    be a second web server. NODE_ENV stays the app's (compose sets it for both)."""
    folder = write_tree(
        tmp_path / "api",
        {
            "package.json": (
                '{"name": "api", "main": "server/index.js", "scripts": {"start": "node server/index.js"},'
                ' "dependencies": {"express": "^4", "pg": "^8"}}'
            ),
            "package-lock.json": '{"lockfileVersion": 3, "packages": {}}',
            "server/index.js": (
                "const express = require('express')\n"
                "if (process.env.ENABLE_SERVICE_SERVER !== 'false') express().listen(3000)\n"
            ),
            "Procfile": (
                "web: node server/index.js\n"
                "worker: NODE_ENV=production ENABLE_SERVICE_SERVER=false ENABLE_SERVICE_JOBS='true'"
                " node server/index.js\n"
            ),
        },
    )
    services = _compose(_advice(folder))["services"]
    worker, app = services["worker"], services["app"]
    assert worker["command"] == ["node", "server/index.js"]
    assert worker["environment"]["ENABLE_SERVICE_SERVER"] == "false"
    assert worker["environment"]["ENABLE_SERVICE_JOBS"] == "true"
    assert "ENABLE_SERVICE_SERVER" not in app.get("environment", {})
    assert worker["environment"].get("NODE_ENV") == app["environment"].get("NODE_ENV")


def test_periodic_tasks_the_project_schedules_run_in_the_worker_with_celery_beat(tmp_path: Path) -> None:
    """Yamtrack: its settings hold CELERY_BEAT_SCHEDULE, and its own image runs `celery beat`
    beside the worker; advisor's worker ran no beat, so the schedule never fired. The one
    worker embeds beat, its schedule file where the app's user can write; without a schedule
    the worker stays as it was."""
    files = {
        "requirements.txt": "django==5.1.4\ncelery==5.4.0\nredis==5.1.0\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
        "config/__init__.py": "from .celery import app as celery_app\n",
        "config/celery.py": "from celery import Celery\napp = Celery('config')\n",
        "config/settings.py": (
            "CELERY_BROKER_URL = 'redis://localhost:6379'\n"
            "CELERY_BEAT_SCHEDULE = {'reload': {'task': 'app.tasks.reload', 'schedule': 3600}}\n"
        ),
    }
    worker = inspect_project(write_tree(tmp_path / "with", files)).primary.worker
    assert worker is not None
    assert worker.argv[-3:] == ("--beat", "--schedule", "/tmp/celerybeat-schedule")
    files["config/settings.py"] = "CELERY_BROKER_URL = 'redis://localhost:6379'\n"
    worker = inspect_project(write_tree(tmp_path / "without", files)).primary.worker
    assert worker is not None and "--beat" not in worker.argv
