"""Answers from files, --set and --defaults: one validation path, clear messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.answers import Context, detect_language, normalise_project_name, resolve_answers
from advisor.errors import UserError

FULL = Path(__file__).parent.parent / "examples" / "windows-home-postgres.yaml"


def test_conditional_keys_are_not_required_and_ignored_when_false() -> None:
    a = resolve_answers(
        {
            "project_name": "x",
            "host_os": "linux",
            "language": "go",
            "app_port": 8080,
            "windows_edition": "home",
            "media_delivery": "direct",
        },
        use_defaults=True,
    )
    assert a.windows_edition is None and a.media_delivery is None
    assert set(a.applicable()) == {
        "project_name",
        "host_os",
        "full_os_isolation",
        "environment",
        "traffic",
        "language",
        "app_port",
        "database",
        "cache",
        "media",
        "app_dir",
        "runtime_version",
        "start_command",
        "gpu",
    }


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ({"traffic": "huge"}, "key 'traffic': 'huge' is not allowed; allowed: low, medium, high"),
        ({"traffic": "High"}, "did you mean 'high'?"),
        ({"database": "postgresql"}, "did you mean 'postgres'?"),
        ({"app_port": 0}, "key 'app_port': 0 is not allowed; allowed: a whole number from 1 to 65535"),
        ({"app_port": True}, "key 'app_port'"),
        ({"app_port": "80a"}, "key 'app_port'"),
        ({"full_os_isolation": "maybe"}, "allowed: true or false"),
        ({"project_name": "My App"}, "key 'project_name'"),
        ({"project_name": "-x"}, "key 'project_name'"),
        ({"project_name": "a" * 64}, "key 'project_name'"),
        ({"databse": "postgres"}, "unknown key 'databse' (did you mean 'database'?)"),
        ({"host_os": ["linux"]}, "key 'host_os'"),
    ],
)
def test_bad_values_name_key_and_allowed(raw: dict, needle: str) -> None:
    with pytest.raises(UserError) as err:
        resolve_answers({"host_os": "linux", **raw}, use_defaults=True)
    assert needle in err.value.message


def test_bool_words_and_numbers_as_text_are_accepted() -> None:
    a = resolve_answers({"host_os": "windows", "wsl2_allowed": "no", "app_port": "9000"}, use_defaults=True)
    assert a.wsl2_allowed is False and a.app_port == 9000


def test_missing_answers_without_defaults_are_listed_with_the_flags() -> None:
    with pytest.raises(UserError) as err:
        resolve_answers({"host_os": "windows"})
    message = err.value.message
    assert "windows_edition" in message and "media_delivery" not in message
    assert "--set" in message and "--defaults" in message


def test_defaults_look_at_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "My Cool_App!"
    folder.mkdir()
    (folder / "package.json").write_text("{}")
    a = resolve_answers({}, use_defaults=True, context=Context(folder=folder, os_name="macos"))
    assert (a.project_name, a.host_os, a.language, a.app_port) == ("my-cool_app", "macos", "node", 3000)


@pytest.mark.parametrize(
    ("files", "language"),
    [
        (["pyproject.toml"], "python"),
        (["requirements.txt"], "python"),
        (["package.json"], "node"),
        (["pom.xml"], "java"),
        (["build.gradle.kts"], "java"),
        (["go.mod"], "go"),
        (["index.html"], "static"),
        (["index.html", "package.json"], "node"),
        ([], None),
    ],
)
def test_detect_language(tmp_path: Path, files: list[str], language: str | None) -> None:
    for name in files:
        (tmp_path / name).write_text("")
    assert detect_language(tmp_path) == language


@pytest.mark.parametrize(
    ("name", "normal"), [("Photo API", "photo-api"), ("__x__", "x"), ("!!!", "app"), ("Ünïcode", "n-code")]
)
def test_normalise_project_name(name: str, normal: str) -> None:
    assert normalise_project_name(name) == normal


def test_set_wins_over_file_and_is_validated_the_same_way() -> None:
    r = run_cli("recommend", "--answers", str(FULL), "--set", "traffic=high", "--format", "json")
    assert r.code == 0, r.err
    assert '"traffic": "high"' in r.out
    r = run_cli("recommend", "--answers", str(FULL), "--set", "traffic=huge")
    assert r.code == 2
    assert r.err.strip() == "advisor: --set: key 'traffic': 'huge' is not allowed; allowed: low, medium, high"


@pytest.mark.parametrize(
    ("content", "suffix", "needle"),
    [
        ("host_os: [linux\n", ".yaml", "answers.yaml:2:1"),
        ("- linux\n", ".yaml", "must be a mapping"),
        ("host_os: linux\nhost_os: macos\n", ".yaml", "duplicate key 'host_os'"),
        ('{"host_os": "linux", "host_os": "macos"}', ".json", "duplicate key 'host_os'"),
        ("{bad json", ".json", "invalid JSON"),
        ("a: &x [1]\nb: *x\n", ".yaml", "aliases"),
        ("host_os: plan9\n", ".yaml", "answers file"),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path: Path, content: str, suffix: str, needle: str) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_text(content)
    r = run_cli("recommend", "--answers", str(path), "--defaults")
    assert r.code == 2
    assert needle in r.err
    assert "Traceback" not in r.err and r.err.count("\n") == 1


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"host_os: \xff\xfe\n")
    assert "not UTF-8" in run_cli("recommend", "--answers", str(path)).err
    r = run_cli("recommend", "--answers", str(tmp_path / "nope.yaml"))
    assert r.code == 2 and "no such file" in r.err


def test_missing_answers_without_terminal_exit_2() -> None:
    r = run_cli("recommend", "--set", "host_os=linux")
    assert r.code == 2
    assert "missing answers: project_name" in r.err and "--defaults" in r.err


def test_api_refuses_what_is_not_a_mapping() -> None:
    import advisor

    for bad in ("notadict", None, ["host_os"]):
        with pytest.raises(UserError) as err:
            advisor.advise(bad)  # type: ignore[arg-type]
        assert "must be a mapping" in err.value.message


def test_unknown_command_is_one_line_without_a_doubled_prefix() -> None:
    r = run_cli("bogus")
    assert r.code == 2 and r.err.startswith("advisor: argument COMMAND") and r.err.count("\n") == 1


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_schema_model_and_the_questions_accept_the_same_values(data: st.DataObject) -> None:
    """The command line validates with the questions, the schema comes from a pydantic model
    built from the same table: for canonical values (not the yes/no and quoted-digit forms the
    questions also read) both accept and reject alike."""
    from pydantic import ValidationError

    from advisor.answers import QUESTIONS
    from advisor.schema import answers_model

    q = data.draw(st.sampled_from(QUESTIONS))
    value = data.draw(
        st.one_of(
            st.sampled_from(q.choices) if q.finite else st.integers(-5, 70000),
            st.from_regex(r"[a-z0-9][a-z0-9_-]{0,70}", fullmatch=True),
            st.text(max_size=8),
            st.integers(-5, 70000),
            st.booleans(),
        )
    )
    if isinstance(value, str) and (
        value.strip().lower() in ("true", "false", "yes", "no", "on", "off", "1", "0")
        or value.strip().isdigit()
    ):
        return  # forms only the questions read (documented in the schema's description)
    if q.key == "runtime_version" and isinstance(value, int) and not isinstance(value, bool):
        return  # a bare number such as 22, which YAML gives as an int: the question reads it
    try:
        q.parse(value, "test")
        ours = True
    except UserError:
        ours = False
    try:
        answers_model().model_validate({q.key: value})
        theirs = True
    except ValidationError:
        theirs = False
    assert ours == theirs, (q.key, value)


def test_questions_json_defaults_are_typed_values_or_null() -> None:
    """A program reading `advisor questions --format json` gets a default it can use as an
    answer, or null with a note saying how the default is worked out."""
    import json

    from advisor.answers import QUESTION_BY_KEY

    items = json.loads(run_cli("questions", "--format", "json").out)
    for item in items:
        q = QUESTION_BY_KEY[item["key"]]
        if item["default"] is None:
            assert isinstance(item["default_note"], str) and item["default_note"], item["key"]
        else:
            assert q.parse(item["default"], "test") == item["default"], item["key"]
    assert {i["key"] for i in items if i["default"] is None} >= {"project_name", "host_os", "app_port"}


def test_the_json_output_has_a_format_version() -> None:
    import json

    out = json.loads(run_cli("recommend", "--defaults", "--set", "host_os=linux", "--format", "json").out)
    assert out["format_version"] == 1 and list(out)[1:5] == ["answers", "decisions", "findings", "files"]


_DB = "--set: key 'database': 'postgresql' is not allowed; allowed: none, postgres"


@pytest.mark.parametrize(
    ("message", "korean"),
    [
        (f"{_DB} (did you mean 'postgres'?)", "쓸 수 있는 값: none, postgres (혹시 'postgres' 값인가요?)"),
        ("--set: key 'gpu': 'x' is not allowed; allowed: true or false", "쓸 수 있는 값: true 또는 false"),
        ("/srv/x: cannot write (Permission denied); nothing was written", "/srv/x: 쓸 수 없습니다("),
        ("/srv/a.yaml:3:1: did not find expected ',' or ']'", "/srv/a.yaml 파일 3행 1열: YAML 문법 오류("),
    ],
)
def test_error_messages_read_in_korean_to_the_end(message: str, korean: str) -> None:
    """No English of advisor's own left in a Korean error: the value's hint, true/false, a
    folder advisor cannot write, a YAML syntax error's place (PyYAML's words stay as they are)."""
    from advisor.messages import localize

    assert korean in localize(message, "ko")
    assert not re.search(
        r"\b(?:true or false|did you mean|cannot write|allowed|is not)\b", localize(message, "ko")
    )
