"""The report never contradicts itself, over the whole answer space: no next step and no
finding presupposes what a blocker says cannot be done; Windows containers get no Linux-only
database or cache image and no advice about the Linux containers' backend."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml
from helpers import RULES, advise
from test_starter import render_starter_files

from advisor.answers import QUESTIONS
from advisor.engine import decide
from advisor.render.report import render_report
from advisor.render.steps import next_steps, shipped_steps
from advisor.stacks import CACHES, DATABASES
from advisor.verify import enumerate_space

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
    # compose.yaml's redis service cannot start in Windows containers mode.
    "windows-containers-redis-is-linux": ("redis service starts", "redis 서비스가 시작"),
}


def _finite_keys() -> list[str]:
    return [q.key for q in QUESTIONS if q.finite]


def _facts_space() -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """Every combination of the finite answers, with its decisions and the findings that fire
    (the engine's own functions, without building a whole plan for each)."""
    for answers in enumerate_space(_finite_keys()):
        facts = dict(answers)
        for decision in RULES.decisions:
            winner, _ = decide(decision, facts)
            assert winner is not None
            facts[decision.key] = decision.rules[winner].then
        yield facts, [f for f in RULES.findings if f.when.test(facts)]


def test_every_blocker_says_what_it_rules_out() -> None:
    blockers = {f.id for f in RULES.findings if f.level == "blocker"}
    assert blockers == set(CONTRADICTS)


@cache
def _contradictions() -> tuple[int, int, list[str]]:
    steps = shipped_steps()
    checked = blocked = 0
    problems: list[str] = []
    for facts, findings in _facts_space():
        checked += 1
        fired = {f.id for f in findings}
        blockers = [f.id for f in findings if f.level == "blocker"]
        if not blockers:
            continue
        blocked += 1
        texts = [(f"finding {f.id}", f.message) for f in findings if f.level != "blocker"]
        texts += [
            (f"step {s.id}", s.text)
            for s in steps
            if not s.when_blocked and not fired & set(s.unless_finding) and s.when.test(facts)
        ]
        for blocker in blockers:
            for where, text in texts:
                for lang in ("en", "ko"):
                    hit = [p for p in CONTRADICTS[blocker] if p in text.get(lang)]
                    if hit and len(problems) < 20:
                        problems.append(f"{blocker} vs {where} ({lang}: {hit[0]!r}) at {facts}")
    return checked, blocked, problems


def test_no_step_or_finding_contradicts_a_blocker() -> None:
    checked, blocked, problems = _contradictions()
    assert checked == 90720 and blocked > 1000
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
    by_id = {r.id: r for r in packaging.rules}
    seen: set[tuple[str, str]] = set()
    for facts, _ in _facts_space():
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
    assert by_id["api-signs-cdn-urls"].beyond_notes


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
    """Every Windows set-up with containers names the Windows servicing floor, and every one on
    WSL 2 that gets the install step is told to update WSL (wsl --update, 2.1.5), in both
    languages."""
    steps = {s.id: s for s in shipped_steps()}
    wsl_step = steps["windows-wsl2"]
    floors = wsl_steps = 0
    for facts, findings in _facts_space():
        fired = {f.id: f for f in findings}
        if facts["host_os"] == "windows" and facts["runtime"] == "containers":
            floor = fired["windows-support-floor"].message
            assert "23H2" in floor.en and "23H2" in floor.ko and "2025" in floor.en and "2025" in floor.ko
            floors += 1
        else:
            assert "windows-support-floor" not in fired
        if wsl_step.when.test(facts) and not set(fired) & set(wsl_step.unless_finding):
            wsl_steps += 1
        if "windows-home-cannot-run-hyper-v" in fired:
            assert "wsl --update" in fired["windows-home-cannot-run-hyper-v"].message.ko
    for lang in ("en", "ko"):
        assert "`wsl --update`" in wsl_step.text.get(lang) and "2.1.5" in wsl_step.text.get(lang)
    assert floors > 10000 and wsl_steps > 10000
