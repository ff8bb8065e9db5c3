"""RECOMMENDATIONS.md: next steps fit the user's OS and decisions; reasons read true."""

from __future__ import annotations

from pathlib import Path

from helpers import advise

from advisor.api import Advice
from advisor.render.steps import next_steps as step_pairs


def next_steps(advice: Advice, lang: str) -> list[str]:
    return [text for _, text in step_pairs(advice.setup, lang)]


def render_report(advice: Advice, lang: str) -> str:
    return advice.report(lang)


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
    # A decision that does not apply is one line under "Not applicable here"; why the other
    # options do not apply either is folded away below it.
    assert "- **Media storage**: The app stores no user images or videos." in report
    assert "### Media storage" not in report
    section = report.split("<details>")[1].split("**Media storage**")[1].split("**")[0]
    assert "Not possible with these answers: rule `no-media` comes first whenever `media = none`" in section
    assert "applies when `traffic = high`" not in section  # that would read as if high traffic were enough
    ko = render_report(advise(host_os="macos"), "ko").split("**Windows 백엔드**\n")[1].split("\n**")[0]
    assert "`host_os ≠ windows`이면 `backend-only-on-windows` 규칙이 먼저 적용되므로" in ko


def test_korean_report_attaches_particles() -> None:
    report = render_report(advise(host_os="windows", windows_edition="home", database="mysql"), "ko")
    assert "advisor가" in report and "advisor 가" not in report
    assert "Docker Desktop을" in report


def test_the_report_says_what_it_read_from_the_project_and_what_does_not_fit(tmp_path: Path) -> None:
    from advisor.api import advise

    fixtures = Path(__file__).parent / "fixtures"
    django = advise({"host_os": "linux"}, folder=fixtures / "django-gunicorn").report("en")
    section = django.split("## Your project")[1].split("\n## ")[0]
    assert "| Package manager | `pip` | `requirements.txt` |" in section
    assert (
        "| Release step (before the app starts, at every start) | `python manage.py migrate --noinput`"
        " | `manage.py` |" in section
    )
    assert (
        "`python manage.py migrate --noinput` (from `manage.py`) runs to the end before the app starts,"
        " at every `docker compose up`" in section
    )
    (tmp_path / "requirements.txt").write_text("requests\n")
    bare = advise({"host_os": "linux"}, folder=tmp_path)
    assert "Nothing in the project says how the app starts, so the image runs `python app.py`" in bare.report(
        "en"
    )
    assert "`python app.py`" in bare.report("ko") and "프로젝트에서 앱 시작 방법을 찾지 못해" in bare.report(
        "ko"
    )
    workspace = tmp_path / "ws"
    (workspace / "api").mkdir(parents=True)
    (workspace / "uv.lock").write_text("version = 1\n")
    (workspace / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["api"]\n')
    (workspace / "api" / "pyproject.toml").write_text('[project]\nname = "api"\ndependencies = ["fastapi"]\n')
    member = advise({"host_os": "linux", "app_dir": "api", "language": "python"}, folder=workspace)
    assert "uv.lock" in member.setup.build.manifests  # the workspace's lockfile, at the top
    assert "The app is the member `api` (package `api`) of the uv workspace in `.`" in member.report("en")
    assert "uv 워크스페이스의 멤버 `api`(패키지 `api`)" in member.report("ko")
    (workspace / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["libs/*"]\n')
    stray = advise({"host_os": "linux", "app_dir": "api", "language": "python"}, folder=workspace)
    assert "uv.lock lies outside the app folder `api`" in stray.report("en")


def test_a_language_answer_the_project_contradicts_is_pointed_out() -> None:
    from advisor.api import advise

    django = Path(__file__).parent / "fixtures" / "django-gunicorn"
    wrong = advise({"host_os": "linux", "language": "go"}, folder=django)
    assert "The answers say the app is written in `go`, but `requirements.txt` says `python`" in wrong.report(
        "en"
    )
    assert (
        "언어 답변은 `go`, `requirements.txt` 파일로 보면 `python` 프로젝트라서 서로 다릅니다"
        in wrong.report("ko")
    )
    right = advise({"host_os": "linux"}, folder=django)
    assert "The answers say the app is written in" not in right.report("en")
