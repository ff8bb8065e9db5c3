"""Generation figures for bench.py: one cold `advisor generate`, copier on a comparable
template (when copier is installed), and every decision-distinct answer set in-process."""

from __future__ import annotations

import itertools
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "windows-home-postgres.yaml"

# A copier template with the same files and about the same template logic as advisor's
# output for the example answers: a Dockerfile, compose.yaml with a database service,
# .dockerignore, .env.example and a Markdown report that shows the answers.
COPIER_FILES = {
    "copier.yml": """
project_name: {type: str, default: demo}
language: {type: str, default: python, choices: [python, node, java, go, static, other]}
app_port: {type: int, default: 8000}
database: {type: str, default: postgres, choices: [none, postgres, mysql, mariadb, mongodb]}
cache: {type: str, default: redis, choices: [none, redis]}
environment: {type: str, default: development, choices: [development, production]}
""",
    "Dockerfile.jinja": """# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.13
FROM python:${PYTHON_VERSION}-slim
WORKDIR /app
{% if language == 'python' %}RUN --mount=type=cache,target=/root/.cache/pip \\
    pip install -r requirements.txt{% endif %}
COPY . .
EXPOSE {{ app_port }}
CMD ["python", "-m", "{{ project_name }}"]
""",
    "compose.yaml.jinja": """name: {{ project_name }}
services:
  app:
    build: .
    ports: ["{{ app_port }}:{{ app_port }}"]
{% if database != 'none' %}    depends_on:
      db: {condition: service_healthy}
  db:
    image: {{ database }}
    volumes: [db-data:/var/lib/data]
    healthcheck: {test: [CMD, true]}
{% endif %}{% if cache == 'redis' %}  redis:
    image: redis:8
{% endif %}volumes:
  db-data: {}
""",
    ".dockerignore.jinja": ".git\n.env\n__pycache__\n",
    ".env.example.jinja": "APP_ENV={{ environment }}\nDB_PASSWORD=change-me\n",
    "RECOMMENDATIONS.md.jinja": """# {{ project_name }}
| key | value |
|---|---|
{% for k in ['project_name', 'language', 'app_port', 'database', 'cache', 'environment'] -%}
| {{ k }} | {{ k }} |
{% endfor %}
""",
}


def _median_wall(make_cmd, runs: int, cwd: Path | None = None) -> tuple[float, int]:
    times = []
    files = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            cmd = make_cmd(Path(out) / "project")
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
            times.append(time.perf_counter() - start)
            files = sum(
                1
                for p in (Path(out) / "project").iterdir()
                if p.is_file() and p.name != ".copier-answers.yml"
            )
    return statistics.median(times), files


def whole_space() -> tuple[int, float, int]:
    """Render every file for every decision-distinct answer set, in-process."""
    from advisor.answers import Context, resolve_answers
    from advisor.api import advise_answers, load_rules

    rb = load_rules(None)
    ctx = Context(folder=ROOT, os_name="linux")
    grid = itertools.product(
        ["python", "node", "java", "go", "static", "other"],
        ["none", "postgres", "mysql", "mariadb", "mongodb"],
        ["none", "redis"],
        ["none", "images", "video"],
        ["api", "direct"],
        ["development", "production"],
        ["low", "medium", "high"],
    )
    count = files = 0
    start = time.perf_counter()
    for language, database, cache, media, delivery, env, traffic in grid:
        answers = resolve_answers(
            {
                "project_name": "bench",
                "host_os": "linux",
                "language": language,
                "database": database,
                "cache": cache,
                "media": media,
                "media_delivery": delivery,
                "environment": env,
                "traffic": traffic,
            },
            use_defaults=True,
            context=ctx,
        )
        files += len(advise_answers(answers, rb).files("en"))
        count += 1
    return count, time.perf_counter() - start, files


def generate_figures(py: str, runs: int, cwd: Path | None = None) -> None:
    gen, written = _median_wall(
        lambda out: [py, "-m", "advisor", "generate", "--answers", str(EXAMPLE), "--out", str(out)], runs, cwd
    )
    print(f"advisor generate, cold process       {gen * 1000:7.1f} ms  ({written} files)")
    copier = shutil.which("copier")
    if copier:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "template"
            src.mkdir()
            for name, text in COPIER_FILES.items():
                (src / name).write_text(text)
            subprocess.run(["git", "init", "-q", str(src)], check=True)
            cop, copied = _median_wall(
                lambda out: [copier, "copy", "--defaults", "--quiet", str(src), str(out)],
                runs,
            )
        print(
            f"copier copy, comparable template     {cop * 1000:7.1f} ms  ({copied} files,"
            f" {cop / gen:4.1f}x advisor's time)"
        )
    else:
        print("copier copy: not installed (pip install '.[bench]')")
    count, seconds, files = whole_space()
    print(
        f"whole space, in-process              {seconds * 1000:7.1f} ms  ({count} answer sets, {files} files,"
        f" {seconds / count * 1000:.2f} ms each)"
    )
