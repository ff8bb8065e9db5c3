"""The shape of the code: layers, one plan, the façade, and what the plan promises."""

from __future__ import annotations

import ast
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import EMPTY, RULES, run_cli

from advisor.answers import resolve_answers
from advisor.api import advise, advise_answers
from advisor.errors import UserError
from advisor.paths import data_dir
from advisor.render.steps import next_steps, shipped_steps

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"

# Lower layers never import higher ones; a module may import its own layer or lower.
LAYERS: list[set[str]] = [
    {
        "errors",
        "paths",
        "yamlio",
        "i18n",
        "messages",
        "writer",
        "record",
        "merge",
        "stacks",
        "nativepackages",
        "appdata",
        "inspect",
    },
    {"questions"},
    {"answers"},
    {"conditions", "schema", "questions_view"},
    {"rulebase"},
    {"engine", "verify"},
    {"setup", "buildspec"},
    {
        "sqliteplan",
        "debpackages",
        "assetsplan",
        "buildplan",
        "dbplan",
        "projectnotes",
        "layoutnotes",
        "dbnotes",
        "appreads",
        "variables",
        "ownsettings",
        "kubeplan",
        "proxyvars",
        "settingsfile",
        "planning",
        "frontplan",
    },
    {"render"},
    {"generate", "conflicts"},
    {"api"},
    {"wizard", "wizard_text"},
    {"cli", "__main__", "__init__"},
]


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"module {module} is in no layer; add it to LAYERS")


def _imports(path: Path) -> set[str]:
    """advisor modules a file imports (relative imports resolved), lazy ones included."""
    rel = path.relative_to(PACKAGE).with_suffix("")
    package = list(rel.parts)[:-1]  # the package a relative import starts from

    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("advisor."):
                    out.add(node.module.removeprefix("advisor."))
                continue
            base = package[: len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if not node.module:  # from . import x
                out.update(".".join([*target, a.name]) for a in node.names)
            else:
                out.add(".".join(target))
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("advisor.") for a in node.names if a.name.startswith("advisor."))
    return {m for m in out if m}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def test_no_module_imports_a_higher_layer_and_there_is_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        graph[name] = _imports(path)
        for target in graph[name]:
            if target.split(".")[0] == name.split(".")[0]:
                continue  # inside one package (render.*)
            assert _layer(target) <= _layer(name), f"{name} (layer {_layer(name)}) imports {target}"

    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, "import cycle: " + " -> ".join([*stack, node])
        state[node] = 1
        for nxt in graph.get(node, ()):
            if nxt in graph and nxt != node:
                visit(nxt, [*stack, node])
        state[node] = 2

    for node in graph:
        visit(node, [])


def test_no_module_is_much_over_400_lines() -> None:
    long = {p.name: n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 420}
    assert long == {}


def _space() -> list[dict[str, object]]:
    cases = []
    for host, language, db, cache, media, env, traffic, port in itertools.product(
        ("linux", "windows"),
        ("python", "static", "java"),
        ("none", "postgres", "mongodb"),
        ("none", "redis"),
        ("none", "images"),
        ("development", "production"),
        ("low", "high"),
        (None, 80, 443, 1023, 1024, 5000),
    ):
        raw: dict[str, object] = dict(
            project_name="p", host_os=host, language=language, database=db, cache=cache, media=media,
            environment=env, traffic=traffic,
        )  # fmt: skip
        if port is not None:
            raw["app_port"] = port
        if host == "windows":
            raw.update(windows_edition="pro", wsl2_allowed=host == "windows" and traffic == "low")
        cases.append(raw)
    return cases


def test_every_url_and_port_the_report_names_is_the_one_the_files_publish() -> None:
    checked = 0
    for raw in _space():
        answers = resolve_answers(raw, use_defaults=True, context=EMPTY)
        advice = advise_answers(answers, RULES)
        files = advice.files("en")
        if advice.setup.proxy is not None:
            # Production on one host: only the reverse proxy publishes ports; the steps name
            # its HTTPS address.
            services = yaml.safe_load(files["compose.yaml"])["services"]
            assert "ports" not in services["app"]
            assert services["proxy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
            assert advice.setup.url == "https://localhost/"
            for lang in ("en", "ko"):
                steps = " ".join(text for _, text in next_steps(advice.setup, lang))
                assert advice.setup.url in steps and "localhost:" not in steps, (raw, lang)
            checked += 1
            continue
        if "compose.yaml" in files:
            (published,) = yaml.safe_load(files["compose.yaml"])["services"]["app"]["ports"]
        elif "run.sh" in files:
            (published,) = re.findall(r'--publish "([^"]+)"', files["run.sh"])
        else:
            continue
        host_port = int(published.split(":")[-2])
        assert int(published.split(":")[-1]) == advice.answers.app_port
        for lang in ("en", "ko"):
            steps = " ".join(text for _, text in next_steps(advice.setup, lang))
            named = {int(p) for p in re.findall(r"localhost:(\d+)", steps)}
            named |= {int(p) for p in re.findall(r"(?:port |포트)(\d+)|(\d+)번 포트", steps) for p in p if p}
            assert named == {host_port}, (raw, lang, steps)
        for name in ("compose.yaml", "run.sh"):
            if name in files:
                assert set(map(int, re.findall(r"localhost:(\d+)", files[name]))) == {host_port}
        checked += 1
    assert checked > 1000


def test_every_next_step_can_show_and_names_only_known_findings() -> None:
    finding_ids = {f.id for f in RULES.findings}
    shown: set[str] = set()
    for raw in _space():
        advice = advise_answers(resolve_answers(raw, use_defaults=True, context=EMPTY), RULES)
        shown.update(step for step, _ in next_steps(advice.setup, "en"))
    for extra in (
        {"full_os_isolation": True},
        {"host_os": "macos"},
        {"host_os": "windows", "windows_edition": "home", "wsl2_allowed": False},
        {"host_os": "windows", "windows_edition": "pro", "windows_containers": True},
        {"host_os": "linux", "database": "mysql", "environment": "production"},
        {"host_os": "linux", "database": "mariadb", "environment": "production"},
    ):
        advice = advise({"project_name": "p", "language": "python", **extra}, folder="/")
        shown.update(step for step, _ in next_steps(advice.setup, "en"))
    # a project with a release step (Django's migrate), in production under high traffic
    django = Path(__file__).parent / "fixtures" / "django-gunicorn"
    advice = advise({"host_os": "linux", "environment": "production", "traffic": "high"}, folder=django)
    shown.update(step for step, _ in next_steps(advice.setup, "en"))
    for step in shipped_steps():
        assert set(step.unless_finding) <= finding_ids, step.id
    assert shown == {s.id for s in shipped_steps()}


def test_the_next_steps_table_is_checked_like_the_rules(tmp_path: Path) -> None:
    from advisor.errors import RuleBaseError
    from advisor.render.steps import load_steps

    bad = tmp_path / "steps.yaml"
    bad.write_text("steps:\n  - id: x\n    when: {fact: databse, eq: postgres}\n    text: {en: a, ko: b}\n")
    with pytest.raises(RuleBaseError, match="unknown fact 'databse'"):
        load_steps(bad)
    bad.write_text("steps:\n  - id: x\n    text: {en: a}\n")
    with pytest.raises(RuleBaseError, match="lacks ko"):
        load_steps(bad)


def _custom_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), folder)
    runtime = folder / "runtime.yaml"
    runtime.write_text(
        runtime.read_text().replace(
            "values: [containers, virtual-machine]", "values: [containers, virtual-machine, wasm]"
        )
    )
    return folder


def test_a_custom_rule_base_without_a_contract_decision_is_a_user_error_everywhere(tmp_path: Path) -> None:
    folder = _custom_rules(tmp_path)
    with pytest.raises(UserError, match="decision 'runtime' has values containers, virtual-machine, wasm"):
        advise({"project_name": "p", "host_os": "linux", "language": "go"}, rules=folder)
    r = run_cli("recommend", "--defaults", "--rules", str(folder), "--format", "json")
    assert r.code == 2 and "the contract fixes containers, virtual-machine" in r.err and r.out == ""


def test_rules_check_json_is_json_even_when_the_rule_base_cannot_load(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "broken.yaml").write_text("decision: [\n")
    r = run_cli("rules", "check", "--rules", str(folder), "--format", "json")
    report = json.loads(r.out)
    assert r.code == 1 and report["ok"] is False and report["problems"][0]["kind"] == "load"
    text = run_cli("rules", "check", "--rules", str(folder))
    assert text.code == 1 and "[load]" in text.out
