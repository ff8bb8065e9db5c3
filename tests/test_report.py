"""RECOMMENDATIONS.md: next steps fit the user's OS and decisions; reasons read true."""

from __future__ import annotations

from helpers import advise

from advisor.report import next_steps, render_report


def test_hyper_v_run_script_steps_do_not_assume_sh_in_powershell() -> None:
    advice = advise(host_os="windows", windows_edition="pro", wsl2_allowed=False)
    assert advice.value("orchestration") == "docker-run-script"
    steps = " ".join(next_steps(advice, "en"))
    assert "Git Bash" in steps and "Enable-WindowsOptionalFeature" in steps


def test_windows_home_with_a_blocker_gets_no_hyper_v_commands() -> None:
    advice = advise(host_os="windows", windows_edition="home", wsl2_allowed=False)
    steps = next_steps(advice, "en")
    assert steps[0].startswith("Resolve the blockers")
    assert not any("Microsoft-Hyper-V" in s for s in steps)


def test_production_compose_starts_detached() -> None:
    advice = advise(database="postgres", environment="production")
    assert any("docker compose up --build -d" in s for s in next_steps(advice, "en"))
    assert any("docker compose up --build`" in s for s in next_steps(advise(database="postgres"), "en"))


def test_not_chosen_says_when_a_rule_that_comes_first_would_still_decide() -> None:
    report = render_report(advise(media="none"), "en")
    section = report.split("### Media storage")[1].split("###")[0]
    assert "`high-traffic-media-cdn` applies when `traffic = high` and no rule that comes first" in section
    assert "`no-media` applies" in section


def test_korean_report_attaches_particles() -> None:
    report = render_report(advise(host_os="windows", windows_edition="home", database="mysql"), "ko")
    assert "advisor가" in report and "advisor 가" not in report
    assert "Docker Desktop을" in report
