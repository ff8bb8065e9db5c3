"""Loading rejects broken rule bases with one message naming file, rule and line;
``rules check`` finds gaps, conflicts and dead rules over the whole answer space."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_cli

from advisor.errors import RuleBaseError
from advisor.paths import data_dir
from advisor.rulebase import load_rulebase
from advisor.verify import count_space, enumerate_space, verify

TEXT = "because: {en: because, ko: 왜냐하면}\n    source: notes#volumes"


def write_decision(folder: Path, body: str, name: str = "media_storage") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(body)
    return path


def one_decision(
    rules: str,
    reads: str = "[media, traffic]",
    values: str = "[local-volume, cdn-object-storage, not-applicable]",
    policy: str = "priority",
) -> str:
    return f"decision: media_storage\nvalues: {values}\nreads: {reads}\nhit_policy: {policy}\nrules:\n{rules}"


def rule(rule_id: str, then: str, when: str | None = None, priority: int = 0) -> str:
    cond = f"    when: {when}\n" if when else ""
    return f"  - id: {rule_id}\n{cond}    then: {then}\n    priority: {priority}\n    {TEXT}\n"


COMPLETE = rule("none", "not-applicable", "{fact: media, eq: none}", 100) + rule("rest", "local-volume")


def check(folder: Path):
    return verify(load_rulebase(folder))


def test_shipped_rules_pass_clean() -> None:
    r = run_cli("rules", "check")
    assert r.code == 0, r.out
    assert "ok: no gaps" in r.out
    report = verify(load_rulebase())
    assert report.ok and report.answer_space == count_space() == 642600


def test_count_matches_enumeration() -> None:
    from advisor.answers import QUESTIONS

    assert count_space() == len(enumerate_space([q.key for q in QUESTIONS if q.finite]))


def test_a_minimal_complete_set_is_clean(tmp_path: Path) -> None:
    write_decision(tmp_path, one_decision(COMPLETE))
    assert check(tmp_path).ok


def test_gap_is_found_with_an_example(tmp_path: Path) -> None:
    write_decision(
        tmp_path,
        one_decision(
            rule("none", "not-applicable", "{fact: media, eq: none}", 100)
            + rule("hi", "cdn-object-storage", "{fact: traffic, eq: high}", 50)
        ),
    )
    report = check(tmp_path)
    gaps = [p for p in report.problems if p.kind == "gap"]
    assert len(gaps) == 1
    assert gaps[0].example is not None and gaps[0].example["media"] != "none"
    assert gaps[0].example["traffic"] != "high"


def test_conflict_names_both_rules(tmp_path: Path) -> None:
    write_decision(
        tmp_path,
        one_decision(
            COMPLETE
            + rule("a", "cdn-object-storage", "{fact: traffic, eq: high}", 50)
            + rule("b", "local-volume", "{fact: media, eq: video}", 50)
        ),
    )
    conflicts = [p for p in check(tmp_path).problems if p.kind == "conflict"]
    assert len(conflicts) == 1
    assert conflicts[0].rules == ["a", "b"]
    assert conflicts[0].example == {"media": "video", "traffic": "high"}


def test_masked_and_unreachable_rules_never_win(tmp_path: Path) -> None:
    write_decision(
        tmp_path,
        one_decision(
            COMPLETE
            + rule("masked", "cdn-object-storage", "{fact: media, eq: none}", 10)
            + rule(
                "unreachable",
                "cdn-object-storage",
                "{all: [{fact: traffic, eq: high}, {fact: traffic, eq: low}]}",
                60,
            )
        ),
    )
    problems = {p.rules[0]: p for p in check(tmp_path).problems}
    assert problems["masked"].kind == "never-wins" and "'none'" in problems["masked"].message
    assert "unreachable" in problems["unreachable"].message


def test_cli_exits_1_and_prints_problems(tmp_path: Path) -> None:
    write_decision(
        tmp_path, one_decision(rule("only-high", "cdn-object-storage", "{fact: traffic, eq: high}"))
    )
    r = run_cli("rules", "check", "--rules", str(tmp_path))
    assert r.code == 1
    assert "[gap]" in r.out and "[contract]" in r.out  # and it lacks the other contract decisions
    r = run_cli("rules", "check", "--rules", str(tmp_path), "--format", "json")
    assert r.code == 1 and '"kind": "gap"' in r.out


def test_unreachable_finding(tmp_path: Path) -> None:
    shutil.copytree(data_dir("rules"), tmp_path, dirs_exist_ok=True)
    with (tmp_path / "findings.yaml").open("a") as fh:
        fh.write(
            "  - id: never\n    level: info\n"
            "    when: {all: [{fact: runtime, eq: virtual-machine}, {fact: orchestration, eq: compose}]}\n"
            "    message: {en: x, ko: y}\n    source: notes#volumes\n"
        )
    problems = check(tmp_path).problems
    assert [(p.kind, p.rules) for p in problems] == [("unreachable-finding", ["never"])]


def test_decision_reading_a_decision_is_checked_on_reachable_values_only(tmp_path: Path) -> None:
    """orchestration reads database_placement: a rule that needs an impossible pair is dead."""
    shutil.copytree(data_dir("rules"), tmp_path, dirs_exist_ok=True)
    path = tmp_path / "orchestration.yaml"
    path.write_text(
        path.read_text()
        + rule(
            "impossible",
            "compose",
            "{all: [{fact: runtime, eq: virtual-machine}, {fact: database_placement, eq: container}]}",
            200,
        )
    )
    problems = check(tmp_path).problems
    assert [p.rules[0] for p in problems] == ["impossible"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (
            one_decision(rule("x", "local-volume", "{fact: colour, eq: red}")),
            "rule 'x': unknown fact 'colour'",
        ),
        (
            one_decision(rule("x", "local-volume", "{fact: database, eq: postgres}")),
            "reads 'database', which is not in the reads",
        ),
        (
            one_decision(rule("x", "local-volume", "{fact: traffic, eq: huge}")),
            "value 'huge' is outside the domain of 'traffic'; allowed: low, medium, high",
        ),
        (one_decision(rule("x", "somewhere")), "outcome 'somewhere' is not a value of 'media_storage'"),
        (one_decision(rule("x", "local-volume", "{fact: traffic, like: high}")), "exactly one operator"),
        (one_decision(rule("x", "local-volume", "{xor: []}")), "unknown operator 'xor'"),
        (one_decision(rule("x", "local-volume") + rule("x", "local-volume")), "duplicate rule id"),
        (
            one_decision(rule("x", "local-volume", "{fact: app_port, eq: 80}"), reads="[app_port]"),
            "no finite set of values",
        ),
        (one_decision("  - id: x\n    then: local-volume\n"), "missing field 'because'"),
        (
            one_decision(rule("x", "local-volume").replace("notes#volumes", "notes#nowhere")),
            "source 'notes#nowhere'",
        ),
        (one_decision(rule("x", "local-volume").replace("ko: 왜냐하면", "kr: x")), "'because'"),
        (one_decision(rule("x", "local-volume"), policy="random"), "hit_policy 'random'"),
        (one_decision(rule("x", "local-volume"), reads="[runtime]"), "reads unknown fact 'runtime'"),
        (
            one_decision(rule("x", "local-volume") + "    beyond_notes: true\n"),
            "'beyond_notes: true' needs a 'see' list",
        ),
        (
            one_decision(
                rule("x", "local-volume") + "    beyond_notes: 'yes'\n    see: [https://docs.docker.com/]\n"
            ),
            "'beyond_notes' must be true or false",
        ),
        ("decision: media_storage\nvalues: [a]\n", "missing field 'reads'"),
        ("rules: [", "media_storage.yaml:2:1"),
        ("just text", "a rule file is a mapping"),
    ],
)
def test_load_errors_name_file_rule_and_line(tmp_path: Path, body: str, needle: str) -> None:
    write_decision(tmp_path, body)
    with pytest.raises(RuleBaseError) as err:
        load_rulebase(tmp_path)
    assert needle in err.value.message
    assert err.value.message.split(":")[0].endswith("media_storage.yaml")
    r = run_cli("rules", "check", "--rules", str(tmp_path))
    assert r.code == 1 and "[load]" in r.out and needle in r.out and r.err == ""


def test_line_numbers_point_at_the_rule(tmp_path: Path) -> None:
    write_decision(
        tmp_path, one_decision(COMPLETE + rule("bad", "local-volume", "{fact: traffic, eq: huge}"))
    )
    with pytest.raises(RuleBaseError) as err:
        load_rulebase(tmp_path)
    lines = (tmp_path / "media_storage.yaml").read_text().splitlines()
    line_no = int(err.value.message.split(":")[1])
    assert lines[line_no - 1].strip() == "when: {fact: traffic, eq: huge}"
    assert "rule 'bad'" in err.value.message


def test_cycle_between_decisions(tmp_path: Path) -> None:
    write_decision(tmp_path, "decision: a\nvalues: [x]\nreads: [b]\nrules:\n" + rule("ra", "x"), "a")
    write_decision(tmp_path, "decision: b\nvalues: [x]\nreads: [a]\nrules:\n" + rule("rb", "x"), "b")
    with pytest.raises(RuleBaseError) as err:
        load_rulebase(tmp_path)
    assert "cycle: a -> b -> a" in err.value.message


def test_custom_rule_base_without_contract_decisions_is_refused_for_recommend(tmp_path: Path) -> None:
    write_decision(tmp_path, one_decision(COMPLETE))
    r = run_cli("recommend", "--rules", str(tmp_path), "--defaults")
    assert r.code == 2 and "decision 'runtime' is missing" in r.err


def test_rules_check_on_a_missing_folder_is_bad_usage(tmp_path: Path) -> None:
    r = run_cli("rules", "check", "--rules", str(tmp_path / "nope"))
    assert r.code == 2 and "no such folder" in r.err


def test_static_site_with_a_database_is_warned_about() -> None:
    from helpers import advise

    rules = {f.rule for f in advise(language="static", database="postgres").findings}
    assert "static-site-with-a-database" in rules
    assert "static-site-with-a-database" not in {
        f.rule for f in advise(language="go", database="postgres").findings
    }


def test_questions_text_is_localised() -> None:
    r = run_cli("questions", "--lang", "ko")
    assert r.code == 0 and "묻는 조건: host_os = windows" in r.out and "values:" not in r.out
    schema = run_cli("schema")
    assert '"title": "Host Os"' not in schema.out and "ignored" in schema.out


def test_a_rule_beyond_its_notes_loads_with_its_links(tmp_path: Path) -> None:
    write_decision(
        tmp_path,
        one_decision(
            rule("none", "not-applicable", "{fact: media, eq: none}", 100)
            + rule("rest", "local-volume")
            + "    beyond_notes: true\n    see: [https://docs.docker.com/]\n"
        ),
    )
    rest = load_rulebase(tmp_path).decision("media_storage").rules[1]
    assert rest.beyond_notes and rest.see == ("https://docs.docker.com/",)


# Rules whose facts go beyond their note section (issue 11, item 12): each is marked and cites
# the documentation it rests on.
BEYOND_THE_NOTES = {
    "video-medium-traffic-cdn",
    "macos-desktop-runs-linux-vm",
    "production-not-on-docker-desktop",
    "production-on-windows-server",
    "windows-on-arm-wsl2-only",
    "windows-support-floor",
    "windows-containers-need-hyper-v",
    "windows-containers-database-outside",
    "windows-containers-redis-is-linux",
    "windows-containers-mode",
    "starter-files-build-linux-images",
    "api-signs-cdn-urls",
}


def test_rules_beyond_their_notes_are_marked_and_cite_their_sources() -> None:
    rb = load_rulebase()
    rules = {r.id: r for d in rb.decisions for r in d.rules} | {f.id: f for f in rb.findings}
    assert set(rules) >= BEYOND_THE_NOTES
    for rule_id in BEYOND_THE_NOTES:
        assert rules[rule_id].beyond_notes, rule_id
        assert rules[rule_id].see and all(u.startswith("https://") for u in rules[rule_id].see), rule_id
    # The loader refuses the mark without links; and a rule that cites documentation beyond
    # its notes says so: the two go together in the whole shipped rule base.
    assert [r.id for r in rules.values() if r.beyond_notes != bool(r.see)] == []
