"""The wizard's rough edges (issue 13, item 6), through its real prompts (pipe input)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import advise, run_cli
from test_wizard import DOWN, ENTER, LINUX_ASKED, NEW, drive

from advisor import wizard


def test_port_follows_a_changed_language_on_a_rerun_unless_typed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # "Go through the questions"; project .. traffic; language: node (one down); the rest as offered
    keys = DOWN + ENTER + ENTER * 4 + DOWN + ENTER + ENTER * 8 + NEW
    for typed, expected in ((8000, 3000), (9000, 9000)):
        folder = tmp_path / str(typed)
        folder.mkdir()
        (folder / ".advisor-answers.yaml").write_text(
            f"project_name: p\nhost_os: linux\nlanguage: python\napp_port: {typed}\n"
        )
        s = drive(monkeypatch, folder, keys, set_items=["host_os=linux"])
        assert s.answers["language"] == "node" and s.answers["app_port"] == expected
        assert s.answers["start_command"] == "node index.js"  # python's default went with it


def test_port_follows_the_language_after_going_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # python (Enter), then "<" at the port: back to the language; node; the port offered is 3000
    keys = ENTER * 4 + ENTER + "<" + DOWN + ENTER + ENTER * 8 + NEW
    s = drive(monkeypatch, tmp_path, keys, set_items=["host_os=linux"])
    assert s.asked[4:7] == ["language", "app_port", "language"]
    assert s.answers["language"] == "node" and s.answers["app_port"] == 3000


def test_regenerate_with_the_saved_answers_asks_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert drive(monkeypatch, tmp_path, ENTER * len(LINUX_ASKED) + ENTER).code == 0
    first = (tmp_path / "RECOMMENDATIONS.md").read_text()
    s = drive(monkeypatch, tmp_path, ENTER + ENTER)  # "Regenerate with my saved answers", then Write
    assert s.asked == [] and s.wrote  # no question; written (every file unchanged)
    assert s.messages[0] == "Regenerate with them, or go through the questions?"
    assert (tmp_path / "RECOMMENDATIONS.md").read_text() == first


def test_detected_mark_goes_once_another_value_is_typed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["flask"]\n')
    keys = "\x7f" * 4 + "other" + ENTER + ENTER * 12 + NEW
    s = drive(monkeypatch, tmp_path, keys, set_items=["host_os=linux"])
    assert s.answers["project_name"] == "other"
    prompt = s.messages[0]
    assert "(detected from pyproject.toml)" in prompt  # as it was first drawn
    assert format(prompt, "") == "Project name"  # as drawn after "other" was typed


def test_question_text_wraps_by_display_width(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from prompt_toolkit.utils import get_cwidth

    monkeypatch.setenv("COLUMNS", "34")
    s = drive(monkeypatch, tmp_path, ENTER * 9 + NEW, lang="ko")
    long = next(m for m in s.messages if "분리된 운영체제" in m)
    assert "\n" in long and all(get_cwidth(line) <= 31 for line in long.split("\n"))
    assert long.replace("\n", " ").startswith("완전히 분리된 운영체제가 필요한가요?")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_review_shows_labels_hides_what_does_not_apply_and_says_what_to_run(lang: str) -> None:
    text = wizard.render_review(advise(database="postgres", environment="development"), lang)
    label = {"en": "  Database: PostgreSQL", "ko": "  데이터베이스: PostgreSQL"}[lang]
    assert label in text and "  database:" not in text and "  project_name:" not in text
    assert "not-applicable" not in text
    # the decisions that do not apply are named once, after the pointer to their reasons
    assert "Windows" in text.split("RECOMMENDATIONS.md")[1]
    last = text.strip().splitlines()[-1]
    assert last.endswith(("docker compose up --build", "sh run.sh"))


def test_every_question_has_a_review_label_in_both_languages() -> None:
    from advisor.i18n import catalogue
    from advisor.questions import QUESTIONS

    for lang in ("en", "ko"):
        labels = catalogue(lang)["review"]["labels"]
        assert [q.key for q in QUESTIONS if q.key not in labels] == [], lang


def test_messages_are_in_the_chosen_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def interrupted(*a: Any, **k: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(wizard, "run_wizard", interrupted)
    r = run_cli("init", "--out", str(tmp_path), "--lang", "ko")
    assert r.code == 130 and "중단했습니다" in r.err and "interrupted" not in r.err
    r = run_cli("generate", "--lang", "ko")
    assert r.code == 2 and "다음 인수가 필요합니다: --out" in r.err and "required" not in r.err
    r = run_cli("generate", "--out", str(tmp_path), "--set", "database=oracle", "--lang", "ko")
    assert r.code == 2 and "'oracle' 값은 쓸 수 없습니다" in r.err and "not allowed" not in r.err
    r = run_cli("generate", "--out", str(tmp_path), "--set", "databse=x", "--lang", "ko")
    assert r.code == 2 and "알 수 없는 키 'databse'" in r.err and "'database'" in r.err
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    r = run_cli("recommend", "--set", "host_os=linux")
    assert r.code == 2 and "답이 없는 질문" in r.err and "missing" not in r.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("advisor") is None, reason="advisor is not installed on PATH")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rerun_over_an_edited_dockerfile_in_a_pseudo_terminal(tmp_path: Path, lang: str) -> None:
    """The installed command, as a person uses it: write, edit the Dockerfile, change an answer
    in the wizard, look at the diff, merge."""
    pexpect = pytest.importorskip("pexpect")
    words = {
        "en": ("Then run: sh run.sh", "Loaded your saved answers", "Dockerfile: what should", "Merge: keep"),
        "ko": (
            "파일을 만든 뒤 실행할 명령: sh run.sh",
            "저장된 답변을 불러왔습니다",
            "파일 Dockerfile: 어떻게",
            "병합:",
        ),
    }[lang]
    env = {**os.environ, "LANG": "en_US.UTF-8", "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}

    def spawn(*args: str) -> Any:
        return pexpect.spawn(
            "advisor", ["--lang", lang, *args], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30,
            dimensions=(40, 80),
        )  # fmt: skip

    child = spawn(
        "--defaults", "--set", "host_os=linux", "--set", "language=python", "--set", "project_name=shop"
    )
    child.expect(words[0])  # the review ends with the command to run
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace("WORKDIR /app\n", "WORKDIR /app\nRUN echo mine\n", 1)
    )

    child = spawn("--set", "media=images", "--set", "media_delivery=api")
    child.expect(words[1])
    child.send(ENTER)  # regenerate with the saved answers (and the two given here)
    child.send(ENTER)  # write
    child.expect(words[2])
    child.expect(words[3])
    child.send(DOWN * 3 + ENTER)  # show the diff
    child.expect(r"\+    MEDIA_ROOT=/data/media")
    child.expect(words[2])
    child.send(ENTER)  # merge
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = dockerfile.read_text()
    assert "RUN echo mine\n" in text and "MEDIA_ROOT=/data/media" in text


def test_ctrl_c_at_a_file_question_keeps_the_saved_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from test_wizard import CHANGE_MEDIA, CTRL_C, edited_first_run

    from advisor.errors import Interrupted
    from advisor.record import read_record

    dockerfile = edited_first_run(monkeypatch, tmp_path)
    mine = dockerfile.read_text()
    with pytest.raises(Interrupted, match="answers are saved") as caught:
        drive(monkeypatch, tmp_path, CHANGE_MEDIA + CTRL_C)
    assert caught.value.exit_code == 130
    saved = (tmp_path / ".advisor-answers.yaml").read_text()
    assert "media: images" in saved and read_record(saved).answers["media"] == "none"  # type: ignore[index]
    assert dockerfile.read_text() == mine


def test_detected_mark_stays_after_going_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Back to a question whose answer was the detected value: it is still marked detected."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\ndependencies = ["flask"]\n')
    keys = ENTER + "<" + ENTER + ENTER * 12 + NEW
    s = drive(monkeypatch, tmp_path, keys, set_items=["host_os=linux"])
    assert s.asked[:3] == ["project_name", s.asked[1], "project_name"]
    titles = [m for m in s.messages if "Project name" in str(m)]
    assert len(titles) == 2 and all("(detected from pyproject.toml)" in str(m) for m in titles)
