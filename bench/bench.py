"""advisor's benchmarks: prints figures, asserts nothing. Run: python bench/bench.py

Figures (medians of repeated runs on this machine):
- cold `advisor recommend` wall time, and its ratio to `python -c "import pydantic, yaml"`;
- `advisor rules check` over the whole answer space (cold process, and in-process);
- the verifier on a synthetic decision of 1,000 rules over 6 inputs;
- one full `advisor generate` (cold process), the same with copier on a comparable template
  when copier is installed, and in-process rendering of every decision-distinct answer set.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "windows-home-postgres.yaml"


def wall(cmd: list[str], runs: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_rules(folder: Path, n_rules: int, seed: int = 7) -> None:
    """One decision over 6 finite answers with ``n_rules`` random rules and a catch-all."""
    from advisor.answers import QUESTION_BY_KEY

    rng = random.Random(seed)
    inputs = ["host_os", "environment", "traffic", "language", "database", "media"]
    values = ["a", "b", "c", "d"]
    lines = [
        "decision: synthetic",
        f"values: [{', '.join(values)}]",
        f"reads: [{', '.join(inputs)}]",
        "rules:",
    ]
    text = "    because: {en: x, ko: y}\n    source: notes#volumes"
    for i in range(n_rules):
        atoms = []
        for fact in rng.sample(inputs, rng.randint(1, 3)):
            choices = QUESTION_BY_KEY[fact].choices
            picked = rng.sample(list(choices), rng.randint(1, max(1, len(choices) - 1)))
            atoms.append(f"{{fact: {fact}, in: [{', '.join(map(str, picked))}]}}")
        lines.append(f"  - id: r{i}\n    when: {{all: [{', '.join(atoms)}]}}\n    then: {rng.choice(values)}")
        lines.append(f"    priority: {rng.randint(0, 1000)}\n{text}")
    lines.append(f"  - id: catch-all\n    then: a\n    priority: -1\n{text}")
    (folder / "synthetic.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    # Time the command as users run it: the installed package (byte-compiled by pip), started
    # from another folder. Without an installed advisor, fall back to this checkout.
    installed = (
        subprocess.run(
            [py, "-c", "import advisor"], cwd=tempfile.gettempdir(), capture_output=True
        ).returncode
        == 0
    )
    # Run in a small real-looking project (a copy of one fixture): the command inspects the
    # folder it runs in, as it does in a user's project.
    where = Path(tempfile.mkdtemp(prefix="advisor-bench-")) / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "flask-poetry", where)
    sys.path.insert(0, str(ROOT))
    print("timing the installed advisor" if installed else "advisor is not installed: timing this checkout")
    print(f"python {sys.version.split()[0]} on {sys.platform}; medians of {args.runs} runs\n")

    base = wall([py, "-c", "import pydantic, yaml"], args.runs)
    floor = wall([py, "-c", "from pydantic import BaseModel; import yaml"], args.runs)
    rec = wall([py, "-m", "advisor", "recommend", "--answers", str(EXAMPLE)], args.runs, cwd=where)
    rec_json = wall(
        [py, "-m", "advisor", "recommend", "--answers", str(EXAMPLE), "--format", "json"],
        args.runs,
        cwd=where,
    )
    print(f"import pydantic, yaml (baseline)     {base * 1000:7.1f} ms")
    print(
        f"from pydantic import BaseModel       {floor * 1000:7.1f} ms   {floor / base:4.2f}x baseline"
        " (the floor for any pydantic model)"
    )
    print(f"advisor recommend (markdown), cold   {rec * 1000:7.1f} ms   {rec / base:4.2f}x baseline")
    print(
        f"advisor recommend --format json      {rec_json * 1000:7.1f} ms   {rec_json / base:4.2f}x baseline"
    )

    check = wall([py, "-m", "advisor", "rules", "check"], args.runs, cwd=where)
    from advisor.rulebase import load_rulebase
    from advisor.verify import verify

    rb = load_rulebase()
    in_proc = timed(lambda: verify(rb), args.runs)
    print(f"advisor rules check, cold process    {check * 1000:7.1f} ms")
    print(
        f"  verify() in-process                {in_proc * 1000:7.1f} ms  "
        f"({verify(rb).answer_space} answer combinations)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_rules(folder, 1000)
        load = timed(lambda: load_rulebase(folder), 3)
        srb = load_rulebase(folder)
        ver = timed(lambda: verify(srb), 3)
        report = verify(srb)
        combos = report.decisions[0].combinations
        print(
            f"synthetic 1,000 rules x 6 inputs     load {load * 1000:6.1f} ms, verify {ver * 1000:6.1f} ms"
            f"  ({combos} combinations, {len(report.problems)} problems found)"
        )

    try:
        from bench_generate import generate_figures
    except ImportError:
        return
    generate_figures(py, args.runs, where)
    shutil.rmtree(where.parent, ignore_errors=True)
    # The project inspector on a synthetic 10,000-file tree (its own script, in-process).
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_inspect.py"), "--runs", str(args.runs)], check=True
    )


if __name__ == "__main__":
    main()
