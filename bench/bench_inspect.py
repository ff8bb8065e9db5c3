"""Inspection time of a synthetic 10,000-file project (aim: at most 0.1 s).

The tree mixes a Django back end (settings, apps, migrations, tests, templates, static
files), a Vite front end (components, assets), docs and a .git folder, plus a
node_modules folder with 20,000 more files that the inspector must not enter. Prints the
median of several runs of ``inspect_project`` in-process (the file system cache is warm
after the first run, as it is when a user runs advisor in a folder they work in).

    python bench/bench_inspect.py [--runs N] [PROJECT ...]

With folders given, it times those instead (real projects: the synthetic tree's modules are
short and alike, and a real project's settings modules, lockfiles and migrations cost more),
printing each one's file count and median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.inspect import inspect_project, suggested_answers  # noqa: E402

PY_MODULE = '''"""Module {i}."""
import os

from django.db import models


class Thing{i}(models.Model):
    name = models.CharField(max_length=100)
    size = models.IntegerField(default={i})

    def label(self):
        return f"{{self.name}}-{{self.size}}"


LIMIT = int(os.environ.get("LIMIT_{i}", "{i}"))
'''
TS_COMPONENT = """import {{ useState }} from "react";

export function Widget{i}() {{
  const [count, setCount] = useState({i});
  return <button onClick={{() => setCount(count + 1)}}>{{count}}</button>;
}}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def build(root: Path) -> int:
    files = 0

    def put(rel: str, text: str = "") -> None:
        nonlocal files
        write(root / rel, text)
        files += 1

    put("README.md", "# Synthetic\n")
    put("docker-compose.yml", "services: {}\n")
    put(".env.example", "DATABASE_URL=\nREDIS_URL=\nSECRET_KEY=\n")
    # back end: 40 Django apps x 60 files
    put("backend/requirements.txt", "-r requirements/base.txt\ngunicorn\n")
    put("backend/requirements/base.txt", "Django==5.1\npsycopg[binary]\nredis\n")
    put(
        "backend/manage.py", 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n'
    )
    put(
        "backend/config/settings.py",
        'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nWSGI_APPLICATION = "config.wsgi.application"\n'
        'MEDIA_ROOT = "media"\n',
    )
    put("backend/config/wsgi.py", "from django.core.wsgi import get_wsgi_application\n")
    for a in range(40):
        for i in range(25):
            put(f"backend/app{a}/module{i}.py", PY_MODULE.format(i=i))
        for i in range(15):
            put(f"backend/app{a}/migrations/{i:04d}_auto.py", "from django.db import migrations\n")
        for i in range(10):
            put(f"backend/app{a}/tests/test_{i}.py", "def test():\n    assert True\n")
        for i in range(10):
            put(f"backend/app{a}/templates/app{a}/page{i}.html", "<p>{{ x }}</p>\n")
    # front end: 1,800 components and 1,500 assets
    put(
        "frontend/package.json",
        '{"name": "web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6"}}',
    )
    put("frontend/package-lock.json", '{"lockfileVersion": 3}')
    put("frontend/index.html", "<div id=app></div>\n")
    for d in range(30):
        for i in range(60):
            put(f"frontend/src/feature{d}/Widget{i}.tsx", TS_COMPONENT.format(i=i))
    for i in range(1500):
        put(f"frontend/src/assets/img{i // 100}/icon{i}.svg", "<svg/>\n")
    # docs and a .git folder
    for i in range(1000):
        put(f"docs/page{i // 50}/p{i}.md", "text\n")
    for i in range(500):
        put(f".git/objects/{i % 256:02x}/{i:038x}", "x")
    while files < 10_000:
        put(f"backend/static/css/file{files}.css", "a{}\n")
    # 20,000 files the inspector must skip
    for p in range(200):
        for i in range(100):
            write(root / f"frontend/node_modules/pkg{p}/lib/file{i}.js", "module.exports = process.env.X;\n")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("projects", nargs="*", type=Path, help="real project folders to time instead")
    args = parser.parse_args()
    if args.projects:
        _real(args.projects, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        count = build(root)
        facts = inspect_project(root)  # warm-up; checks the result is sensible
        answers = suggested_answers(facts)
        assert answers["app_dir"][0] == "backend" and answers["database"][0] == "postgres", answers
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            inspect_project(root)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    version = sys.version.split()[0]
    print(f"python {version}; {count:,} files + 20,000 in node_modules; median of {args.runs} runs")
    print(f"inspect_project   {median * 1000:7.1f} ms   (aim: <= 100 ms; min {min(times) * 1000:.1f} ms)")
    print(f"files indexed     {facts.files_seen:,}; apps: {', '.join(a.path for a in facts.apps)}")


def _real(projects: list[Path], runs: int) -> None:
    print(f"python {sys.version.split()[0]}; median of {runs} runs after one warm-up")
    for root in projects:
        facts = inspect_project(root)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            inspect_project(root)
            times.append(time.perf_counter() - start)
        median, least = statistics.median(times) * 1000, min(times) * 1000
        print(f"{root.name:<32} {facts.files_seen:>6,} files  {median:7.1f} ms  (min {least:.1f} ms)")


if __name__ == "__main__":
    main()
