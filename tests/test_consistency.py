"""The report never contradicts itself, over the whole answer space: no next step and no
finding presupposes what a blocker says cannot be done; Windows containers get no Linux-only
database or cache image and no advice about the Linux containers' backend."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from helpers import RULES, advise, run_cli
from test_starter import render_starter_files

from advisor.answers import Context
from advisor.conditions import Atom, Condition, atoms
from advisor.engine import decide
from advisor.render.report import render_report
from advisor.render.steps import next_steps, shipped_steps
from advisor.rulebase import Text
from advisor.stacks import CACHES, DATABASES
from advisor.verify import joint_space

# For each blocker, phrases (in either language) that presuppose what it rules out. Every
# blocker of the rule base must be listed, so a new one has to say what it forbids.
CONTRADICTS: dict[str, tuple[str, ...]] = {
    # Windows containers cannot run here: nothing may explain how to set them up.
    "windows-containers-need-pro": (
        "Switch to Windows containers",
        "Enable-WindowsOptionalFeature",
        "FeatureName Containers",
        "Windows containers are a mode",
        "Windows 컨테이너는 백엔드 설정이 아니라",
        "mcr.microsoft.com/windows",
    ),
    # No backend at all: neither Hyper-V nor anything that runs on it.
    "windows-home-cannot-run-hyper-v": (
        "Enable-WindowsOptionalFeature",
        "Turn on the Hyper-V",
        "Hyper-V와 Containers를 켜",
        "Switch to Windows containers",
        "Use the WSL 2 based engine** on",
    ),
    # Windows on Arm: no Windows containers, so nothing may explain how to set them up.
    "windows-arm-no-windows-containers": (
        "Switch to Windows containers",
        "FeatureName Containers",
        "Windows containers are a mode",
        "Windows 컨테이너는 백엔드 설정이 아니라",
        "mcr.microsoft.com/windows",
    ),
    # Windows on Arm without WSL 2: no backend, so no step that installs or uses one.
    "windows-arm-needs-wsl2": (
        "Use the WSL 2 based engine",
        "Enable-WindowsOptionalFeature",
        "WSL file system",
        "WSL 파일 시스템",
        "WSL 터미널",
        "from a WSL terminal",
    ),
    # compose.yaml's redis service cannot start in Windows containers mode.
    "windows-containers-redis-is-linux": ("redis service starts", "redis 서비스가 시작"),
}


def _space(*conditions: Condition) -> list[dict[str, Any]]:
    """Every combination of the answers these conditions depend on, with the decisions they
    read: testing a condition on these is testing it on the whole answer space."""
    return joint_space(RULES, (a.fact for c in conditions for a in atoms(c)))


FINDING = {f.id: f for f in RULES.findings}


def test_every_blocker_says_what_it_rules_out() -> None:
    blockers = {f.id for f in RULES.findings if f.level == "blocker"}
    assert blockers == set(CONTRADICTS)


def _contradictions() -> tuple[int, list[str]]:
    """For each blocker and each finding or step whose text says what the blocker rules out:
    the two must never be reported together (a step also not where its unless_finding fires)."""
    items: list[tuple[str, Text, Condition, tuple[Condition, ...]]] = [
        (f"finding {f.id}", f.message, f.when, ()) for f in RULES.findings if f.level != "blocker"
    ]
    items += [
        (f"step {s.id}", s.text, s.when, tuple(FINDING[u].when for u in s.unless_finding))
        for s in shipped_steps()
        if not s.when_blocked
    ]
    pairs = 0
    problems: list[str] = []
    for blocker in (f for f in RULES.findings if f.level == "blocker"):
        for where, text, when, unless in items:
            hits = [p for p in CONTRADICTS[blocker.id] for lang in ("en", "ko") if p in text.get(lang)]
            if not hits:
                continue
            pairs += 1
            for combo in _space(blocker.when, when, *unless):
                if blocker.when.test(combo) and when.test(combo) and not any(u.test(combo) for u in unless):
                    problems.append(f"{blocker.id} vs {where} ({hits[0]!r}) at {combo}")
                    break
    return pairs, problems


def test_no_step_or_finding_contradicts_a_blocker() -> None:
    pairs, problems = _contradictions()
    assert pairs >= 8  # texts that mention what a blocker rules out, each checked
    assert not problems, "\n".join(problems)


def test_the_contradiction_check_finds_a_planted_contradiction() -> None:
    """The phrases do match real texts: the Hyper-V step and the Windows containers finding
    contain them (so the check above is not vacuous)."""
    step = {s.id: s for s in shipped_steps()}
    mode = next(f for f in RULES.findings if f.id == "windows-containers-mode")
    assert any(p in step["windows-hyperv"].text.en for p in CONTRADICTS["windows-home-cannot-run-hyper-v"])
    switch = step["windows-containers-switch"].text.ko
    assert any(p in switch for p in CONTRADICTS["windows-containers-need-pro"])
    assert any(p in mode.message.ko for p in CONTRADICTS["windows-containers-need-pro"])


# ------------------------------------------------------------ Windows containers (issue 11, item 1)

LINUX_ONLY = tuple(spec.image.split(":")[0] for spec in (*DATABASES.values(), *CACHES.values()))


def _windows_container_advice() -> Iterator[Any]:
    for edition, database, cache_, environment, traffic in itertools.product(
        ("pro", "enterprise", "education", "home"),
        ("none", *DATABASES),
        ("none", *CACHES),
        ("development", "production"),
        ("low", "high"),
    ):
        yield advise(
            host_os="windows",
            windows_edition=edition,
            windows_containers=True,
            database=database,
            cache=cache_,
            environment=environment,
            traffic=traffic,
        )


def test_windows_containers_get_no_linux_only_database_or_cache_image() -> None:
    assert LINUX_ONLY and "postgres" in LINUX_ONLY and "redis" in LINUX_ONLY
    seen = 0
    for advice in _windows_container_advice():
        blockers = {f.rule for f in advice.evaluation.findings if f.level == "blocker"}
        a = advice.answers
        if a.database != "none":
            assert advice.value("database_placement") == "native-install", a
        if a.cache != "none":
            assert "windows-containers-redis-is-linux" in blockers, a
            continue
        for name in ("compose.yaml", "run.sh"):
            text = render_starter_files(advice).get(name, "")
            images = [line.split("image:")[1].strip() for line in text.splitlines() if "image:" in line]
            assert not [i for i in images if i.split(":")[0] in LINUX_ONLY], (a, name, images)
        seen += 1
    assert seen >= 40


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_windows_containers_are_not_told_to_clear_the_wsl2_engine(lang: str) -> None:
    """That setting moves Linux containers to Hyper-V; Windows containers are a mode of their own."""
    for advice in _windows_container_advice():
        texts = [f.message.get(lang) for f in advice.evaluation.findings]
        texts += [text for _, text in next_steps(advice.setup, lang)]
        for text in texts:
            assert "clear **Use the WSL 2" not in text and 'clear "Use the WSL 2' not in text, text
            assert "선택을 해제" not in text and "을 해제하세요" not in text, text


# ------------------------------------------------------------ media behind a CDN (item 5)


def test_media_behind_a_cdn_is_handed_out_by_signed_urls_not_served_from_the_container() -> None:
    """With object storage behind a CDN the API hands out signed URLs and the CDN serves the
    bytes; no reason says the files are in, or served from, the app's container."""
    packaging = RULES.decision("media_packaging")
    seen: set[tuple[str, str]] = set()
    for facts in joint_space(RULES, packaging.reads):
        if facts["runtime"] != "containers" or facts["media"] == "none":
            continue
        winner, _ = decide(packaging, facts)
        assert winner is not None
        rule = packaging.rules[winner]
        seen.add((facts["media_storage"], facts["media_delivery"]))
        for lang in ("en", "ko"):
            text = rule.because.get(lang)
            assert "belongs in the app's container" not in text
            if facts["media_storage"] == "cdn-object-storage" and facts["media_delivery"] == "api":
                assert ("signed URL" in text) if lang == "en" else ("서명된 URL" in text), (lang, rule.id)
                assert "CDN" in text
            if facts["media_storage"] == "local-volume" and facts["media_delivery"] == "api":
                assert ("media volume" in text) if lang == "en" else ("미디어 볼륨" in text), (lang, rule.id)
    assert seen == {(s, d) for s in ("local-volume", "cdn-object-storage") for d in ("api", "direct")}


# ------------------------------------------------------------ the URL the report names (item 3)

LOCAL_URL = re.compile(r"https?://localhost(?::(\d+))?/")
PUBLISH = re.compile(r"^(?:127\.0\.0\.1:)?(\d+):(\d+)$")


def _published(files: dict[str, str]) -> list[tuple[int, int]]:
    """(host port, container port) of every port the app's compose service or run.sh publishes."""
    if "compose.yaml" in files:
        app = yaml.safe_load(files["compose.yaml"])["services"]["app"]
        entries = [str(p) for p in app.get("ports", [])]
    else:
        words = files["run.sh"].split()
        entries = [words[i + 1] for i, w in enumerate(words) if w in ("-p", "--publish")]
    out = []
    for entry in entries:
        match = PUBLISH.match(entry.strip("'\""))
        assert match, entry
        out.append((int(match[1]), int(match[2])))
    return out


@pytest.mark.parametrize("port", [80, 443, 1023, 1024, 8000])
def test_the_development_url_is_the_port_compose_or_run_sh_publishes(port: int) -> None:
    """In development an app port below 1024 is published on 8080 (no root needed on the host);
    the report, its next steps and run.sh's message name exactly the published port, over every
    language, database, cache and media answer in both orchestrations."""
    checked = 0
    for language, database, cache_, media in itertools.product(
        ("python", "node", "java", "go", "static", "other"),
        ("none", *DATABASES),
        ("none", *CACHES),
        ("none", "images"),
    ):
        advice = advise(language=language, database=database, cache=cache_, media=media, app_port=port)
        files = render_starter_files(advice)
        published = _published(files)
        assert published == [(port if port >= 1024 else 8080, port)], (language, published)
        host = published[0][0]
        for lang in ("en", "ko"):
            report = render_report(advice.setup, lang)
            named = {int(m[1] or 80) for m in LOCAL_URL.finditer(report)}
            assert named == {host}, (language, database, lang, named)
        if "run.sh" in files:
            assert {int(m[1] or 80) for m in LOCAL_URL.finditer(files["run.sh"])} == {host}
        checked += 1
    assert checked == 6 * (1 + len(DATABASES)) * (1 + len(CACHES)) * 2


# ------------------------------------------------------------ support floors (item 11)


def test_windows_hosts_hear_the_support_floors() -> None:
    """Every Windows set-up with containers names the Windows servicing floor, and the WSL 2
    install step tells to update WSL (wsl --update, 2.1.5), in both languages."""
    floor = FINDING["windows-support-floor"]
    wsl_step = next(s for s in shipped_steps() if s.id == "windows-wsl2")
    host = Atom("host_os", "eq", "windows")
    windows = 0
    for combo in _space(floor.when, wsl_step.when, host, Atom("runtime", "eq", "containers")):
        on_windows = combo["host_os"] == "windows" and combo["runtime"] == "containers"
        assert floor.when.test(combo) == on_windows, combo
        windows += on_windows
        if wsl_step.when.test(combo):
            assert combo["windows_backend"] == "wsl2"
    assert windows >= 16
    for lang in ("en", "ko"):
        assert "23H2" in floor.message.get(lang) and "2025" in floor.message.get(lang)
        assert "`wsl --update`" in wsl_step.text.get(lang) and "2.1.5" in wsl_step.text.get(lang)
        assert "wsl --update" in FINDING["windows-home-cannot-run-hyper-v"].message.get(lang)


# ------------------------------------------------------------ Windows on Arm (item 8)


def test_windows_on_arm_has_only_wsl2_and_no_windows_containers() -> None:
    backend = RULES.decision("windows_backend")
    arm = Atom("windows_arch", "eq", "arm64")
    blockers = [f for f in RULES.findings if f.level == "blocker"]
    mode = FINDING["windows-containers-mode"]
    seen = 0
    for combo in _space(arm, *(f.when for f in blockers), mode.when, *(r.when for r in backend.rules)):
        if combo.get("windows_arch") != "arm64" or combo["runtime"] != "containers":
            continue
        seen += 1
        assert combo["windows_backend"] == "wsl2", combo
        fired = {f.id for f in blockers if f.when.test(combo)}
        assert ("windows-arm-no-windows-containers" in fired) == combo["windows_containers"], combo
        assert ("windows-arm-needs-wsl2" in fired) == (not combo["wsl2_allowed"]), combo
        assert not mode.when.test(combo)
    assert seen == 4 * 2 * 2 * 2  # editions x WSL 2 allowed x Windows containers x cache (a blocker reads it)


@pytest.mark.parametrize(
    ("os_name", "machine", "expected"),
    [
        ("windows", "ARM64", ("arm64", "")),
        ("windows", "AMD64", ("x86_64", "")),
        ("linux", "aarch64", ("x86_64", None)),  # this machine says nothing about a Windows one
    ],
)
def test_the_windows_processor_default_is_detected_on_windows(
    tmp_path: Any, os_name: str, machine: str, expected: tuple[str, str | None]
) -> None:
    context = Context(folder=tmp_path, os_name=os_name, machine=machine)
    assert context.default("windows_arch", {"host_os": "windows"}) == expected


def test_an_arm_windows_answer_set_gets_the_wsl2_backend_end_to_end() -> None:
    advice = advise(host_os="windows", windows_edition="pro", windows_arch="arm64", wsl2_allowed=False)
    assert advice.value("windows_backend") == "wsl2"
    assert [f.rule for f in advice.evaluation.findings if f.level == "blocker"] == ["windows-arm-needs-wsl2"]
    steps = dict(next_steps(advice.setup, "en"))
    assert "windows-wsl2" not in steps and "windows-hyperv" not in steps


# ------------------------------------------------------------ where production runs (item 4)

PRODUCTION_FINDINGS = {
    "linux-server": "production-on-docker-engine",
    "desktop": "production-not-on-docker-desktop",
    "windows-server": "production-on-windows-server",
    "managed-service": "production-on-managed-service",
}


def test_production_advice_follows_where_production_runs() -> None:
    """Over the answer space: production with containers gets exactly the finding for the
    answer to production_host; development (where it is not asked) gets none of them."""
    findings = [FINDING[f] for f in PRODUCTION_FINDINGS.values()]
    seen = set()
    for combo in _space(*(f.when for f in findings), Atom("environment", "eq", "production")):
        fired = [f.id for f in findings if f.when.test(combo)]
        if combo["environment"] == "production" and combo["runtime"] == "containers":
            assert fired == [PRODUCTION_FINDINGS[combo["production_host"]]], combo
            seen.add(combo["production_host"])
        else:
            assert (fired == [] and "production_host" not in combo) or combo["runtime"] != "containers"
    assert seen == set(PRODUCTION_FINDINGS)
    desktop = FINDING["production-not-on-docker-desktop"].message
    for needle in ("signs in", "restart:", "250", "$10 million", "Linux server with Docker Engine"):
        assert needle in desktop.en
    for needle in ("로그인", "restart:", "250명", "1,000만 달러", "Docker Engine"):
        assert needle in desktop.ko
    assert (
        "does not support Docker Desktop on Windows Server"
        in FINDING["production-on-windows-server"].message.en
    )


def test_a_managed_container_service_gets_a_managed_database() -> None:
    advice = advise(environment="production", production_host="managed-service", database="postgres")
    assert advice.value("database_placement") == "native-install"
    assert "back-up-the-database-volume" not in {f.rule for f in advice.evaluation.findings}


def test_production_host_is_a_question_everywhere(tmp_path: Any) -> None:
    """In `advisor questions`, the JSON schema and the answers file; optional, so an answers file
    written before it keeps working (it takes linux-server)."""
    questions = json.loads(run_cli("questions", "--format", "json").out)
    keys = {q["key"]: q for q in questions}
    assert keys["production_host"]["asked_when"] == {"environment": ["production"]}
    assert {c["value"] for c in keys["production_host"]["choices"]} == set(PRODUCTION_FINDINGS)
    assert {c["value"] for c in keys["windows_arch"]["choices"]} == {"x86_64", "arm64"}
    assert "gpu" in keys
    schema = json.loads(run_cli("schema").out)
    for key in ("production_host", "windows_arch", "gpu"):
        assert key in schema["properties"] and key not in schema.get("required", [])
    old = tmp_path / "old.yaml"
    old.write_text("project_name: x\nhost_os: linux\nlanguage: python\nenvironment: production\n")
    r = run_cli("generate", "--answers", str(old), "--defaults", "--out", str(tmp_path / "out"))
    assert r.code == 0, r.err
    written = yaml.safe_load((tmp_path / "out" / ".advisor-answers.yaml").read_text())
    assert written["production_host"] == "linux-server" and written["gpu"] is False
    bad = run_cli("recommend", "--answers", str(old), "--defaults", "--set", "production_host=cloud")
    assert bad.code == 2 and "key 'production_host'" in bad.err and "linux-server" in bad.err


# ------------------------------------------------------------ GPU (item 9)


def _expected_gpu_access(c: dict[str, Any]) -> str:
    if c.get("gpu") is not True or c["runtime"] != "containers":
        return "not-applicable"
    if c["environment"] == "production" and c.get("production_host") != "desktop":
        return "nvidia-toolkit"
    if c.get("windows_containers") or c.get("windows_arch") == "arm64":
        return "none"
    if c["host_os"] == "linux":
        return "nvidia-toolkit"
    if c["host_os"] == "macos":
        return "none"
    return "wsl2-gpu-pv" if c["windows_backend"] == "wsl2" else "none"


def test_gpu_access_over_the_answer_space() -> None:
    decision = RULES.decision("gpu_access")
    values: set[str] = set()
    for combo in joint_space(RULES, decision.reads):
        winner, _ = decide(decision, combo)
        assert winner is not None
        value = decision.rules[winner].then
        assert value == _expected_gpu_access(combo), combo
        values.add(value)
    assert values == set(decision.values)


@pytest.mark.parametrize(
    ("answers", "access"),
    [
        ({"host_os": "linux"}, "nvidia-toolkit"),
        ({"host_os": "linux", "database": "postgres"}, "nvidia-toolkit"),
        ({"host_os": "linux", "environment": "production"}, "nvidia-toolkit"),
        ({"host_os": "linux", "environment": "production", "traffic": "high"}, "nvidia-toolkit"),
        ({"host_os": "windows", "windows_edition": "pro"}, "wsl2-gpu-pv"),
        ({"host_os": "windows", "windows_edition": "pro", "database": "mysql"}, "wsl2-gpu-pv"),
        ({"host_os": "windows", "windows_edition": "pro", "wsl2_allowed": False}, "none"),
        ({"host_os": "macos", "cache": "redis"}, "none"),
        ({"host_os": "macos"}, "none"),
        ({"host_os": "macos", "environment": "production", "production_host": "desktop"}, "none"),
    ],
)
def test_the_files_reserve_the_gpu_exactly_where_it_reaches_the_container(
    answers: dict[str, Any], access: str
) -> None:
    advice = advise(gpu=True, **answers)
    assert advice.value("gpu_access") == access
    files = render_starter_files(advice)
    passed = access != "none"
    if "compose.yaml" in files:
        app = yaml.safe_load(files["compose.yaml"])["services"]["app"]
        devices = app.get("deploy", {}).get("resources", {}).get("reservations", {}).get("devices")
        assert (devices == [{"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}]) == passed
        if advice.answers.environment == "production":
            assert app["deploy"]["resources"]["limits"]  # the hardening's limits are kept
    if "run.sh" in files:
        assert ("--gpus all" in files["run.sh"]) == passed
    deployment = files.get("deploy/kubernetes/deployment.yaml")
    assert (deployment is not None) == (advice.value("scaling") == "kubernetes")
    if deployment is not None:
        limits = yaml.safe_load(deployment)["spec"]["template"]["spec"]["containers"][0]["resources"][
            "limits"
        ]
        assert limits.get("nvidia.com/gpu") == 1
    rules = {f.rule for f in advice.evaluation.findings}
    assert ("gpu-not-reachable" in rules) == (not passed)
    for lang in ("en", "ko"):
        report = render_report(advice.setup, lang)
        assert "gpu_access" in report


def test_no_gpu_answer_changes_nothing() -> None:
    with_gpu = render_starter_files(advise(host_os="macos", gpu=True, database="postgres"))
    without = render_starter_files(advise(host_os="macos", gpu=False, database="postgres"))
    assert with_gpu["compose.yaml"] == without["compose.yaml"]


# ------------------------------------------------------------ a static site with Redis (item 13, in part)


def test_a_static_site_is_warned_about_redis_as_about_a_database() -> None:
    redis, database = FINDING["static-site-with-redis"], FINDING["static-site-with-a-database"]
    for combo in _space(redis.when, database.when):
        static = combo["language"] == "static" and combo["runtime"] == "containers"
        assert redis.when.test(combo) == (static and combo["cache"] == "redis"), combo
        assert database.when.test(combo) == (static and combo["database"] != "none"), combo
    assert redis.level == database.level == "warning"


def test_only_the_app_gets_a_gpu_not_its_release_step() -> None:
    """Migrations need no GPU: the Kubernetes Job, compose.yaml's migrate service and run.sh's
    release step reserve none (a Django project has a release step)."""
    from pathlib import Path

    from advisor.api import advise as advise_in

    django = Path(__file__).parent / "fixtures" / "django-gunicorn"
    base = {"host_os": "linux", "gpu": True, "database": "postgres", "environment": "production"}
    cluster = advise_in({**base, "traffic": "high"}, folder=django)
    files = cluster.files("en")
    job = yaml.safe_load(files["deploy/kubernetes/migrate-job.yaml"])
    assert "nvidia.com/gpu" not in job["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]
    deployment = yaml.safe_load(files["deploy/kubernetes/deployment.yaml"])
    assert (
        deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == 1
    )
    services = yaml.safe_load(advise_in(base, folder=django).files("en")["compose.yaml"])["services"]
    assert "reservations" in services["app"]["deploy"]["resources"]
    assert "reservations" not in services["migrate"]["deploy"]["resources"]
