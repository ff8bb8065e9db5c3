"""The policy, decision by decision, as a user would see it in the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RULES, advise

from advisor.engine import Failed, Outranked, Seen
from advisor.rulebase import CONTRACT_DECISIONS


def test_every_contract_decision_has_one_value_with_rationale_and_source() -> None:
    advice = advise(database="postgres", media="images")
    assert list(advice.decisions) == list(CONTRACT_DECISIONS)
    for key, d in advice.decisions.items():
        assert d.value in CONTRACT_DECISIONS[key]
        assert d.because.en and d.because.ko
        assert d.source.startswith("notes#")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"full_os_isolation": True}, "virtual-machine"),
        ({"full_os_isolation": False}, "containers"),
    ],
)
def test_runtime(answers: dict, expected: str) -> None:
    assert advise(**answers).value("runtime") == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"environment": "production", "traffic": "high"}, "kubernetes"),
        ({"environment": "production", "traffic": "medium"}, "single-host"),
        ({"environment": "production", "traffic": "low"}, "single-host"),
        ({"environment": "development", "traffic": "high"}, "not-applicable"),
        ({"environment": "production", "traffic": "high", "full_os_isolation": True}, "not-applicable"),
    ],
)
def test_scaling(answers: dict, expected: str) -> None:
    advice = advise(**answers)
    assert advice.value("scaling") == expected
    if expected == "kubernetes":  # the simpler answer is named, in both languages
        because = advice.decisions["scaling"].because
        assert "managed container service" in because.en and "관리형 컨테이너" in because.ko
        assert advice.decisions["scaling"].see


def test_every_kubernetes_answer_set_keeps_media_off_the_app_servers() -> None:
    """Replicas cannot share a local volume: wherever scaling is kubernetes, media (if any) is in
    object storage, and the database is not in a container of the app's hosts."""
    import itertools

    seen = 0
    for media, db, host in itertools.product(
        ("none", "images", "video", "images-and-video"), ("none", "postgres", "mongodb"), ("linux", "macos")
    ):
        for delivery in ("api", "direct"):
            advice = advise(
                environment="production", traffic="high", media=media, media_delivery=delivery,
                database=db, host_os=host,
            )  # fmt: skip
            assert advice.value("scaling") == "kubernetes"
            assert advice.value("media_storage") in ("cdn-object-storage", "not-applicable")
            assert advice.value("database_placement") in ("native-install", "not-applicable")
            seen += 1
    assert seen == 48


def test_vm_makes_container_decisions_not_applicable() -> None:
    advice = advise(
        full_os_isolation=True, host_os="windows", database="postgres", media="video", cache="redis"
    )
    for key in ("windows_backend", "orchestration", "database_placement", "media_packaging"):
        assert advice.value(key) == "not-applicable", key
    assert advice.value("media_storage") == "local-volume"


@pytest.mark.parametrize(
    ("edition", "wsl2", "wincont", "backend", "blockers"),
    [
        ("home", True, False, "wsl2", set()),
        ("home", False, False, "hyper-v", {"windows-home-cannot-run-hyper-v"}),
        ("home", True, True, "hyper-v", {"windows-containers-need-pro"}),
        ("home", False, True, "hyper-v", {"windows-home-cannot-run-hyper-v", "windows-containers-need-pro"}),
        ("pro", True, False, "wsl2", set()),
        ("pro", False, False, "hyper-v", set()),
        ("pro", True, True, "hyper-v", set()),
        ("enterprise", True, True, "hyper-v", set()),
        # Docker's docs: "Windows Home or Education editions only allow you to run Linux containers"
        ("education", True, True, "hyper-v", {"windows-containers-need-pro"}),
        ("education", False, False, "hyper-v", set()),  # Hyper-V for Linux containers: fine
        ("education", True, False, "wsl2", set()),
    ],
)
def test_windows_backend(edition: str, wsl2: bool, wincont: bool, backend: str, blockers: set) -> None:
    advice = advise(host_os="windows", windows_edition=edition, wsl2_allowed=wsl2, windows_containers=wincont)
    assert advice.value("windows_backend") == backend
    assert {f.rule for f in advice.blockers} == blockers
    assert all(f.level == "blocker" for f in advice.findings[: len(blockers)])  # blockers come first


@pytest.mark.parametrize("host", ["linux", "macos"])
def test_windows_backend_not_applicable_off_windows(host: str) -> None:
    advice = advise(host_os=host, windows_edition="home", wsl2_allowed=False)  # ignored off Windows
    assert advice.value("windows_backend") == "not-applicable"
    assert advice.answers.windows_edition is None
    assert "windows_edition" not in advice.answers.applicable()


@pytest.mark.parametrize(
    ("environment", "traffic", "placement"),
    [
        ("development", "low", "container"),
        ("development", "high", "container"),
        ("production", "low", "container"),
        ("production", "medium", "container"),
        ("production", "high", "native-install"),
    ],
)
def test_database_placement(environment: str, traffic: str, placement: str) -> None:
    advice = advise(database="mysql", environment=environment, traffic=traffic)
    assert advice.value("database_placement") == placement
    warned = "back-up-the-database-volume" in {f.rule for f in advice.findings}
    assert warned == (environment == "production" and placement == "container")


def test_no_database_is_not_applicable() -> None:
    assert advise(database="none").value("database_placement") == "not-applicable"


@pytest.mark.parametrize(
    ("media", "traffic", "storage"),
    [
        ("none", "high", "not-applicable"),
        ("images", "low", "local-volume"),
        ("images", "medium", "local-volume"),
        ("images", "high", "cdn-object-storage"),
        ("video", "low", "local-volume"),
        ("video", "medium", "cdn-object-storage"),
        ("images-and-video", "medium", "cdn-object-storage"),
    ],
)
def test_media_storage(media: str, traffic: str, storage: str) -> None:
    assert advise(media=media, traffic=traffic).value("media_storage") == storage


@pytest.mark.parametrize(("delivery", "packaging"), [("api", "api-container"), ("direct", "no-container")])
def test_media_packaging(delivery: str, packaging: str) -> None:
    assert advise(media="images", media_delivery=delivery).value("media_packaging") == packaging


@pytest.mark.parametrize(
    ("answers", "orchestration"),
    [
        ({}, "docker-run-script"),
        ({"database": "postgres"}, "compose"),
        ({"cache": "redis"}, "compose"),
        # Production: the reverse proxy in front of the app makes two containers.
        ({"database": "postgres", "environment": "production", "traffic": "high"}, "compose"),
        ({"environment": "production"}, "compose"),
        ({"media": "images"}, "docker-run-script"),
    ],
)
def test_orchestration(answers: dict, orchestration: str) -> None:
    assert advise(**answers).value("orchestration") == orchestration


@pytest.mark.parametrize(
    ("host", "finding"),
    [("linux", "linux-install-engine-natively"), ("macos", "macos-desktop-runs-linux-vm")],
)
def test_os_findings(host: str, finding: str) -> None:
    rules = {f.rule for f in advise(host_os=host).findings}
    assert finding in rules
    assert "containers-share-the-kernel" in rules


def test_wsl2_finding_tells_where_to_keep_code() -> None:
    advice = advise(host_os="windows", windows_edition="pro")
    finding = next(f for f in advice.findings if f.rule == "wsl2-keep-code-in-linux")
    assert "/mnt/c" in finding.message.en and "/mnt/c" in finding.message.ko


def test_trace_explains_why_not() -> None:
    d = advise(host_os="windows", windows_edition="home").decisions["windows_backend"]
    assert d.rule == "windows-home-needs-wsl2"
    reasons = d.reasons_against("hyper-v")
    failed = {r.rule: r for r in reasons if isinstance(r, Failed)}
    assert set(failed) == {"windows-containers-need-hyper-v", "no-wsl2-use-hyper-v"}
    tests = {t.test: t.seen for r in failed.values() for t in r.failed}
    assert tests["wsl2_allowed = false"] == (Seen("wsl2_allowed", "true"),)
    assert [r.id for r in d.losers()] == ["wsl2-by-default"]


def test_a_value_whose_every_rule_the_winner_outranks_gets_one_reason() -> None:
    linux = advise(host_os="linux").decisions["windows_backend"]
    assert linux.reasons_against("wsl2") == [Outranked("backend-only-on-windows", "host_os ≠ windows")]
    mysql = advise(database="mysql").decisions["orchestration"]
    lost = mysql.reasons_against("docker-run-script")
    assert lost == [Outranked("database-container-needs-compose", "database_placement = container")]


def test_why_not_names_questions_that_were_not_asked() -> None:
    from advisor.conditions import Atom
    from advisor.engine import failed_tests
    from advisor.render.reasons import failed_sentence

    (test,) = failed_tests(Atom("windows_edition", "eq", "home"), {"host_os": "linux"})
    assert test.seen == (Seen("windows_edition", None, "host_os", "linux"),)
    assert "windows_edition is not asked (host_os = linux)" in failed_sentence(test, "en")


def test_the_loader_refuses_a_duplicate_rule_id(tmp_path: Path) -> None:
    import shutil

    from advisor.errors import RuleBaseError
    from advisor.paths import data_dir
    from advisor.rulebase import load_rulebase

    shutil.copytree(data_dir("rules"), tmp_path / "rules")
    path = tmp_path / "rules" / "runtime.yaml"
    text = path.read_text()
    first = RULES.decision("runtime").rules[0].id
    second = RULES.decision("runtime").rules[1].id
    path.write_text(text.replace(f"id: {second}", f"id: {first}"))
    with pytest.raises(RuleBaseError, match=f"duplicate rule id; '{first}'"):
        load_rulebase(tmp_path / "rules")
