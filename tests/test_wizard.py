"""The wizard, driven through its real prompts with key presses (prompt_toolkit pipe input)."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import questionary
import yaml
from helpers import RULES, run_cli
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor import wizard
from advisor.answers import normalise_project_name
from advisor.errors import WriteRefused
from advisor.wizard import run_wizard

ENTER, UP, DOWN, CTRL_C = "\r", "\x1b[A", "\x1b[B", "\x03"


class Session:
    def __init__(self, code: int, asked: list[str], messages: list[str], out: Path, wrote: bool) -> None:
        self.code, self.asked, self.messages, self.out, self.wrote = code, asked, messages, out, wrote

    @property
    def answers(self) -> dict[str, Any]:
        return yaml.safe_load((self.out / ".advisor-answers.yaml").read_text())


def drive(
    monkeypatch: pytest.MonkeyPatch,
    out: Path,
    keys: str,
    *,
    set_items: list[str] | None = None,
    lang: str = "en",
    answers: Path | None = None,
    defaults: bool = False,
    dry_run: bool = False,
) -> Session:
    asked: list[str] = []
    messages: list[str] = []
    original_ask = wizard.Prompter.ask

    def spy_ask(self: wizard.Prompter, q: Any, *a: Any, **k: Any) -> Any:
        asked.append(q.key)
        return original_ask(self, q, *a, **k)

    for name in ("select", "text", "confirm"):
        real = getattr(questionary, name)

        def recorder(message: str, *a: Any, _real: Any = real, **k: Any) -> Any:
            messages.append(message)
            return _real(message, *a, **k)

        monkeypatch.setattr(questionary, name, recorder)
    monkeypatch.setattr(wizard.Prompter, "ask", spy_ask)
    args = argparse.Namespace(
        out=out,
        answers=answers,
        set_items=set_items if set_items is not None else ["host_os=linux", "language=python"],
        defaults=defaults,
        force=False,
        dry_run=dry_run,
    )
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # no more keys: a prompt that asks for more gets EOFError instead of waiting
        outcome = run_wizard(
            args, lang=lang, rules=RULES, io={"input": pipe, "output": DummyOutput()}, interactive=True
        )
    return Session(0 if outcome is None or outcome.written else 1, asked, messages, out, outcome is not None)


LINUX_ASKED = [
    "project_name",
    "full_os_isolation",
    "environment",
    "traffic",
    "app_port",
    "database",
    "cache",
    "media",
    "gpu",
    "app_dir",
    "runtime_version",
    "package_manager",
    "start_command",
]
# The questions advisor asks after media for a Python project: gpu, then the four that offer
# their detected default.
NEW = ENTER * 5


def test_defaults_all_the_way_writes_report_and_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    s = drive(monkeypatch, tmp_path, ENTER * len(LINUX_ASKED) + ENTER)
    assert s.code == 0
    assert s.asked == LINUX_ASKED  # host_os and language were given; no Windows or media questions
    assert s.answers["host_os"] == "linux" and s.answers["database"] == "none"
    assert s.answers["project_name"] == normalise_project_name(tmp_path.name)  # the folder's name, offered
    report = (tmp_path / "RECOMMENDATIONS.md").read_text()
    assert "| Orchestration (`orchestration`) | `docker-run-script` |" in report


def test_a_front_end_is_not_asked_for_a_start_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures" / "vite-spa", tmp_path / "spa")
    s = drive(monkeypatch, tmp_path / "spa", ENTER * 20, set_items=["host_os=linux"])
    assert s.code == 0
    assert "language" in s.asked and "package_manager" in s.asked
    assert "start_command" not in s.asked  # nginx serves the build: there is nothing to start
    assert s.answers["language"] == "node" and "start_command" not in s.answers


def test_choosing_values_with_arrows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # database: none -> postgres (one down); cache: none -> redis
    keys = ENTER * 5 + DOWN + ENTER + DOWN + ENTER + ENTER + NEW + ENTER
    s = drive(monkeypatch, tmp_path, keys)
    assert s.answers["database"] == "postgres" and s.answers["cache"] == "redis"
    assert "orchestration" in (tmp_path / "RECOMMENDATIONS.md").read_text()


def test_going_back_re_asks_the_previous_question(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # project, isolation, environment; at traffic press Up (wraps to "Back"), then change environment
    keys = ENTER * 3 + UP + ENTER + DOWN + ENTER + ENTER * 7 + NEW + ENTER
    s = drive(monkeypatch, tmp_path, keys)
    assert s.asked[:7] == [
        "project_name",
        "full_os_isolation",
        "environment",
        "traffic",
        "environment",
        "production_host",  # asked only in production, where the server is not this machine
        "traffic",
    ]
    assert s.answers["environment"] == "production" and s.answers["production_host"] == "linux-server"


@pytest.mark.parametrize("clear", [False, True], ids=["default-prefilled", "default-deleted"])
def test_text_question_goes_back_with_less_than(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clear: bool
) -> None:
    # at app_port type "<" (over the pre-filled 8000, or after deleting it): back to traffic at
    # once; pick medium, then type a port
    keys = ENTER * 4 + ("\x7f" * 4 if clear else "") + "<" + DOWN + ENTER + "\x7f" * 5 + "9000" + ENTER
    s = drive(monkeypatch, tmp_path, keys + ENTER * 3 + NEW + ENTER)
    assert s.asked[4:7] == ["app_port", "traffic", "app_port"]
    assert s.answers["traffic"] == "medium" and s.answers["app_port"] == 9000


def test_less_than_after_an_edit_is_typed_as_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # "8001<" is not a port: refused; then a valid port
    keys = ENTER * 4 + "\x7f" + "1<" + ENTER + "\x7f" * 6 + "8001" + ENTER
    s = drive(monkeypatch, tmp_path, keys + ENTER * 3 + NEW + ENTER)
    assert s.asked.count("traffic") == 1 and s.answers["app_port"] == 8001


def test_less_than_in_a_list_goes_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # at traffic (a list) press "<": environment again; choose production
    s = drive(monkeypatch, tmp_path, ENTER * 3 + "<" + DOWN + ENTER + ENTER * 6 + NEW + ENTER)
    assert s.asked[2:5] == ["environment", "traffic", "environment"]
    assert s.answers["environment"] == "production"


def test_invalid_text_is_refused_until_valid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    keys = "\x7f" * 80 + "Bad Name" + ENTER + "\x7f" * 8 + "good-name" + ENTER + ENTER * 7 + NEW + ENTER
    s = drive(monkeypatch, tmp_path, keys)
    assert s.answers["project_name"] == "good-name"


def test_windows_questions_only_on_windows_and_media_delivery_only_with_media(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    s = drive(
        monkeypatch,
        tmp_path,
        ENTER * 20,
        set_items=["host_os=windows", "language=go", "media=images", "project_name=x"],
    )
    assert s.asked == [
        "windows_edition",
        "windows_arch",
        "wsl2_allowed",
        "windows_containers",
        "full_os_isolation",
        "environment",
        "traffic",
        "app_port",
        "database",
        "cache",
        "media_delivery",
        "gpu",
        "app_dir",
        "runtime_version",
        "start_command",
    ]
    assert s.answers["windows_edition"] == "home" and s.answers["media_delivery"] == "api"


def test_review_lets_you_change_an_answer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # review: Down = "Change an answer"; pick host_os (2nd in the list); choose windows (Up from linux twice)
    keys = ENTER * 8 + NEW + DOWN + ENTER + DOWN + ENTER + UP + UP + ENTER + ENTER * 4 + ENTER
    s = drive(monkeypatch, tmp_path, keys)
    assert s.answers["host_os"] == "windows"
    assert s.asked[-5:] == [
        "host_os",
        "windows_edition",
        "windows_arch",
        "wsl2_allowed",
        "windows_containers",
    ]


def test_quit_at_review_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = drive(monkeypatch, tmp_path, ENTER * 8 + NEW + UP + ENTER)
    assert s.code == 0 and list(tmp_path.iterdir()) == []


def test_ctrl_c_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        drive(monkeypatch, tmp_path, ENTER * 3 + CTRL_C)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_through_the_cli_exits_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def interrupted(*a: Any, **k: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(wizard, "run_wizard", interrupted)
    r = run_cli("init", "--out", str(tmp_path))
    assert r.code == 130 and "nothing was written" in r.err


def test_korean_prompts_and_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = drive(monkeypatch, tmp_path, ENTER * 9 + NEW, lang="ko")
    assert s.messages[0].startswith("프로젝트 이름")
    assert "데이터베이스" in " ".join(s.messages)
    assert "다음에 무엇을 할까요?" in s.messages
    report = (tmp_path / "RECOMMENDATIONS.md").read_text()
    assert "## 요약" in report and "## 다음 단계" in report


def test_prefilled_answers_are_not_asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("project_name: shop\nhost_os: macos\nlanguage: node\ndatabase: mongodb\n")
    out = tmp_path / "out"
    out.mkdir()
    s = drive(monkeypatch, out, ENTER * 10 + NEW, set_items=["cache=redis"], answers=answers)
    assert "database" not in s.asked and "cache" not in s.asked and "project_name" not in s.asked
    assert s.answers["database"] == "mongodb" and s.answers["app_port"] == 3000


def test_rerun_offers_previous_answers_as_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".advisor-answers.yaml").write_text("project_name: again\ndatabase: mariadb\ntraffic: high\n")
    # "Go through the questions" (one down); high traffic also asks for replicas
    s = drive(monkeypatch, tmp_path, DOWN + ENTER + ENTER * 10 + NEW)
    assert "database" in s.asked  # asked, with the previous answer as the default
    assert s.answers["database"] == "mariadb" and s.answers["project_name"] == "again"
    assert "replicas" in s.asked and s.answers["replicas"] == 2
    assert not any(m.startswith("These files differ") for m in s.messages)  # it read that file


def test_stopping_at_a_file_keeps_the_files_and_the_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text("# mine\n")
    # the project's own Dockerfile: take / keep / diff / stop; Up wraps to "stop"
    with pytest.raises(WriteRefused, match="answers are saved"):
        drive(monkeypatch, tmp_path, ENTER * 9 + NEW + UP + ENTER)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".advisor-answers.yaml", "Dockerfile"]
    assert (tmp_path / "Dockerfile").read_text() == "# mine\n"
    saved = (tmp_path / ".advisor-answers.yaml").read_text()
    assert "host_os: linux" in saved and "advisor-file:" not in saved  # no file claimed as written


def test_enter_at_the_projects_own_file_takes_advisors_and_keeps_it_aside(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first choice for a file advisor never wrote is advisor's version with the project's
    kept beside it: never a merge that puts the whole file between conflict markers."""
    (tmp_path / "Dockerfile").write_text("# mine\n")
    drive(monkeypatch, tmp_path, ENTER * 9 + NEW + ENTER)
    assert (tmp_path / "Dockerfile.orig").read_text() == "# mine\n"
    assert "<<<<<<<" not in (tmp_path / "Dockerfile").read_text()
    assert (tmp_path / "Dockerfile").read_text().startswith("# syntax=")


def test_running_out_of_input_is_eof_not_a_hang(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(EOFError):
        drive(monkeypatch, tmp_path, ENTER * 2)
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_with_missing_answers_exits_2_naming_them(tmp_path: Path) -> None:
    r = run_cli("init", "--out", str(tmp_path), "--set", "host_os=linux")
    assert r.code == 2
    assert "missing answers: project_name, full_os_isolation, environment" in r.err and "--defaults" in r.err
    assert list(tmp_path.iterdir()) == []


def test_no_terminal_with_defaults_writes_without_asking(tmp_path: Path) -> None:
    r = run_cli("init", "--out", str(tmp_path), "--defaults", "--set", "host_os=linux")
    assert r.code == 0, r.err
    assert (tmp_path / "RECOMMENDATIONS.md").is_file() and (tmp_path / ".advisor-answers.yaml").is_file()


@pytest.mark.skipif(shutil.which("advisor") is None, reason="advisor is not installed on PATH")
def test_end_to_end_in_a_pseudo_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    (tmp_path / "package.json").write_text("{}")
    env = {**os.environ, "LANG": "ko_KR.UTF-8", "COLUMNS": "60", "LINES": "40", "TERM": "xterm"}
    child = pexpect.spawn(
        "advisor",
        ["--set", "host_os=linux"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 60),
    )
    child.expect("프로젝트 이름")
    child.send(ENTER)
    for prompt in ("분리된 운영체제", "개발 환경", "트래픽"):
        child.expect(prompt)
        child.send(ENTER)
    child.expect("언어")
    child.expect(r"Node\.js \[node\] \(package\.json에서 감지\)")  # detected, and from which file
    child.send(ENTER)  # node, detected from package.json
    child.expect("포트")
    child.send(ENTER)
    child.expect("데이터베이스")
    child.send(DOWN + ENTER)  # postgres
    child.expect("캐시")
    child.send(UP + ENTER)  # back to the database question
    child.expect("데이터베이스")
    child.send(ENTER)
    child.expect("캐시")
    child.send(ENTER)
    child.expect("미디어")
    child.send(ENTER)
    child.expect("GPU")
    child.send(ENTER)
    for prompt in ("어느 폴더", "어느 버전", "패키지 관리자", "어떤 명령"):  # the project-fit questions
        child.expect(prompt)
        child.send(ENTER)
    child.expect("다음에 무엇을")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((tmp_path / ".advisor-answers.yaml").read_text())
    assert answers["language"] == "node" and answers["database"] == "postgres"
    assert (tmp_path / "RECOMMENDATIONS.md").read_text().startswith("# `")


def test_changing_nothing_returns_to_the_review(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # review: Down = change; in the list Up wraps to "Back to the review"; then write
    s = drive(monkeypatch, tmp_path, ENTER * 8 + NEW + DOWN + ENTER + UP + ENTER + ENTER)
    assert s.code == 0 and s.messages.count("What next?") == 2
    assert (tmp_path / "RECOMMENDATIONS.md").is_file()


def test_help_lines_wrap_at_spaces_by_display_width() -> None:
    from prompt_toolkit.utils import get_cwidth

    text = "운영체제마다 Docker 동작 방식이 다릅니다. Windows와 macOS는 작은 VM 안에서 "
    text += "리눅스 컨테이너를 실행합니다."
    lines = wizard.wrap(text, 30).split("\n")
    assert " ".join(lines) == text
    assert all(get_cwidth(line) <= 30 for line in lines)


def test_wrap_keeps_indentation() -> None:
    assert wizard.wrap("  project_name: kp", 60) == "  project_name: kp"
    assert wizard.wrap("  aaa bbb ccc", 9) == "  aaa bbb\n  ccc"


# ------------------------------------------------------------------ a re-run over a file you edited

# "Go through the questions", project .. cache with their saved defaults, media: images (one
# down), delivery: api, gpu and the four project-fit questions, then "Write the files" at the
# review
CHANGE_MEDIA = DOWN + ENTER + ENTER * 7 + DOWN + ENTER + ENTER + ENTER * 5 + ENTER


def edited_first_run(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    assert drive(monkeypatch, folder, ENTER * len(LINUX_ASKED) + ENTER).code == 0
    dockerfile = folder / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace("WORKDIR /app\n", "WORKDIR /app\nRUN echo mine\n", 1)
    )
    return dockerfile


def test_rerun_merges_an_edited_dockerfile_after_showing_the_diff(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dockerfile = edited_first_run(monkeypatch, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(wizard.Prompter, "show", lambda self, text: shown.append(text))
    # merge / keep / take / diff / stop: "Show the diff" (three down), then Enter on "Merge"
    s = drive(monkeypatch, tmp_path, CHANGE_MEDIA + DOWN * 3 + ENTER + ENTER)
    assert s.code == 0
    assert s.messages.count("Dockerfile: what should advisor do?") == 2  # asked again after the diff
    assert "+    MEDIA_ROOT=/data/media" in shown[0] and "--- Dockerfile (yours)" in shown[0]
    text = dockerfile.read_text()
    assert "RUN echo mine\n" in text and "MEDIA_ROOT=/data/media" in text
    assert s.answers["media"] == "images"


def test_stopping_at_an_edited_file_keeps_the_new_answers_and_a_true_record(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from advisor.record import read_record, sha256

    dockerfile = edited_first_run(monkeypatch, tmp_path)
    before = {p.name: p.read_text() for p in tmp_path.iterdir() if p.name != ".advisor-answers.yaml"}
    with pytest.raises(WriteRefused, match="answers are saved"):
        drive(monkeypatch, tmp_path, CHANGE_MEDIA + UP + ENTER)  # Up wraps to "Stop"
    assert {p.name: p.read_text() for p in tmp_path.iterdir() if p.name != ".advisor-answers.yaml"} == before
    saved = (tmp_path / ".advisor-answers.yaml").read_text()
    assert "media: images" in saved  # the session's answers are not lost
    record = read_record(saved)
    assert record.answers is not None and record.answers["media"] == "none"  # what the files were made from
    assert record.files["RECOMMENDATIONS.md"] == sha256(before["RECOMMENDATIONS.md"])
    # the next run reads the saved answers and merges
    r = run_cli("generate", "--out", str(tmp_path), "--on-conflict", "merge")
    assert r.code == 0, r.err
    assert "RUN echo mine\n" in dockerfile.read_text() and "MEDIA_ROOT" in dockerfile.read_text()


def test_dry_run_in_the_wizard_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    edited_first_run(monkeypatch, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    s = drive(monkeypatch, tmp_path, CHANGE_MEDIA, dry_run=True)  # no question about the file
    assert s.wrote and s.code == 1  # an outcome, and nothing written
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
