"""`advisor generate` as a user runs it: files, re-runs, edits, dry runs, .env, languages."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import EMPTY, RULES, run_cli

from advisor.answers import resolve_answers
from advisor.api import advise, advise_answers
from advisor.errors import AdvisorError, UserError
from advisor.render.files import parse_env, render_files
from advisor.rulebase import CONTRACT_DECISIONS

EXAMPLE = Path(__file__).parent.parent / "examples" / "windows-home-postgres.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_writes_the_contract_files_and_json_lists_them(tmp_path: Path) -> None:
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    assert r.code == 0, r.err
    j = run_cli("recommend", "--answers", str(EXAMPLE), "--format", "json")
    import json

    listed = json.loads(j.out)["files"]
    assert sorted(listed) == sorted(p.name for p in tmp_path.iterdir())
    assert {
        ".gitignore",
        "compose.yaml",
        "Dockerfile",
        ".dockerignore",
        ".env.example",
        "RECOMMENDATIONS.md",
        ".advisor-answers.yaml",
    } <= set(listed)
    assert oct((tmp_path / ".env").stat().st_mode & 0o777) == "0o600"


def test_rerun_is_a_no_op_and_the_answers_file_reproduces_byte_for_byte(tmp_path: Path) -> None:
    assert run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path)).code == 0
    first = snapshot(tmp_path)
    r = run_cli("generate", "--answers", str(tmp_path / ".advisor-answers.yaml"), "--out", str(tmp_path))
    assert r.code == 0
    assert " new\n" not in r.out and r.out.count("unchanged") == len(first) - 2
    assert r.out.count("kept (never overwritten)") == 2  # .env and .gitignore
    assert snapshot(tmp_path) == first


def test_edited_file_is_refused_kept_and_forced(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    (tmp_path / "compose.yaml").write_text("# my edit\n")
    before = snapshot(tmp_path)
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--set", "cache=none")
    assert r.code == 1
    assert "compose.yaml" in r.err and "Nothing was written" in r.err and "--force" in r.err
    assert snapshot(tmp_path) == before
    dry = run_cli(
        "generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--dry-run", "--set", "cache=none"
    )
    assert dry.code == 0 and "conflict" in dry.out and "unchanged" in dry.out
    assert snapshot(tmp_path) == before
    forced = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--force")
    assert forced.code == 0 and "overwritten" in forced.out
    assert (tmp_path / "compose.yaml").read_text() != "# my edit\n"


def test_dry_run_into_a_new_folder_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "new"
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(out), "--dry-run")
    assert r.code == 0 and r.out.count(" new") == 8 and not out.exists()


def test_env_is_never_overwritten_and_gets_missing_variables_appended(tmp_path: Path) -> None:
    run_cli(
        "generate",
        "--answers",
        str(EXAMPLE),
        "--out",
        str(tmp_path),
        "--set",
        "database=none",
        "--set",
        "cache=none",
    )
    env = tmp_path / ".env"
    env.write_text(env.read_text() + "MY_OWN=1\n")
    mine = env.read_text()
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--force")
    assert r.code == 0 and "updated (only appended to)" in r.out
    text = env.read_text()
    assert text.startswith(mine)
    values = parse_env(text)
    assert values["MY_OWN"] == "1" and len(values["POSTGRES_PASSWORD"]) >= 24
    compose = (tmp_path / "compose.yaml").read_text()
    assert values["POSTGRES_PASSWORD"] not in compose


def test_gitignore_is_created_or_appended_once(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/")
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    text = (tmp_path / ".gitignore").read_text()
    assert text.startswith("node_modules/\n") and text.splitlines().count(".env") == 1
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    assert (tmp_path / ".gitignore").read_text() == text
    other = tmp_path / "other"
    other.mkdir()
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(other))
    assert ".env" in (other / ".gitignore").read_text().splitlines()


def test_secrets_are_kept_across_regeneration(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    before = parse_env((tmp_path / ".env").read_text())
    (tmp_path / "RECOMMENDATIONS.md").unlink()
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    assert parse_env((tmp_path / ".env").read_text()) == before


def test_korean_report(tmp_path: Path) -> None:
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--lang", "ko")
    assert r.code == 0 and "새 파일" in r.out
    report = (tmp_path / "RECOMMENDATIONS.md").read_text()
    for heading in ("## 요약", "## 결정 내용", "## 알아 둘 점", "## 다음 단계", "## 파일"):
        assert heading in report
    assert "wsl --install" in report


def test_vm_writes_only_the_report_and_answers(tmp_path: Path) -> None:
    r = run_cli("generate", "--defaults", "--set", "full_os_isolation=true", "--out", str(tmp_path))
    assert r.code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".advisor-answers.yaml", "RECOMMENDATIONS.md"]


def _space() -> list[dict[str, object]]:
    hosts = [
        ("linux", {}),
        ("macos", {"gpu": True}),  # no GPU reaches Docker Desktop's VM (production: the Linux server's)
        ("windows", {"windows_edition": "home", "wsl2_allowed": False, "windows_containers": True}),
        (
            "windows",
            {"windows_edition": "pro", "wsl2_allowed": True, "windows_containers": False, "gpu": True},
        ),
    ]
    out = []
    for (host, extra), iso, env, traffic, lang, db, cache, media in itertools.product(
        hosts,
        [False, True],
        ["development", "production"],
        ["low", "medium", "high"],
        ["python", "node", "java", "go", "static", "other"],
        ["none", "postgres", "mysql", "mariadb", "mongodb"],
        ["none", "redis"],
        ["none", "images", "video"],
    ):
        if iso and (lang != "python" or cache == "redis"):
            continue  # a VM writes no starter files: one language is enough
        deliveries = ["api", "direct"] if media != "none" else ["api"]
        for delivery in deliveries:
            out.append(
                {
                    "project_name": "space",
                    "host_os": host,
                    **extra,
                    "full_os_isolation": iso,
                    "environment": env,
                    "traffic": traffic,
                    "language": lang,
                    "database": db,
                    "cache": cache,
                    "media": media,
                    "media_delivery": delivery,
                }
            )
    return out


def test_every_report_names_every_decision_and_no_secret() -> None:
    """Reports over the answer space: every decision with its contract value, blockers first."""
    ctx = EMPTY
    seen_values: set[tuple[str, str]] = set()
    for raw in _space()[::7]:
        advice = advise_answers(resolve_answers(raw, context=ctx, use_defaults=True), RULES)
        files = advice.files("en")
        report = files["RECOMMENDATIONS.md"]
        for key, d in advice.decisions.items():
            assert f"(`{key}`) | `{d.value}` |" in report
            seen_values.add((key, d.value))
        if advice.blockers:
            assert report.index("## Fix these first") < report.index("## Summary")
        env = parse_env(files.get(".env", ""))
        for name, value in env.items():
            if value and ("PASSWORD" in name or "SECRET" in name or name.endswith("_KEY")):
                assert value not in report
        assert yaml.safe_load(files[".advisor-answers.yaml"]) == advice.answers.applicable()
    assert seen_values == {(k, v) for k, vs in CONTRACT_DECISIONS.items() for v in vs}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_report_lists_exactly_the_files_written(tmp_path: Path, lang: str) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--lang", lang)
    report = (tmp_path / "RECOMMENDATIONS.md").read_text()
    files_section = report.split("\n## ")[-1]
    for p in tmp_path.iterdir():
        assert f"- `{p.name}`" in files_section


def test_changing_an_answer_regenerates_advisors_own_files(tmp_path: Path) -> None:
    """The documented loop: edit .advisor-answers.yaml, regenerate; no --force needed."""
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    answers = tmp_path / ".advisor-answers.yaml"
    answers.write_text(answers.read_text().replace("traffic: medium", "traffic: high"))
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0, r.err
    assert "updated (advisor's own, unedited)" in r.out
    assert "traffic: high" in answers.read_text()
    assert "`traffic` | `high`" in (tmp_path / "RECOMMENDATIONS.md").read_text()
    again = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert again.code == 0 and "updated" not in again.out  # and now it is a no-op


def test_an_edited_file_still_blocks_regeneration(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    (tmp_path / "Dockerfile").write_text((tmp_path / "Dockerfile").read_text() + "# mine\n")
    answers = tmp_path / ".advisor-answers.yaml"
    answers.write_text(answers.read_text().replace("app_port: 8000", "app_port: 9000"))
    before = snapshot(tmp_path)
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 1 and "Dockerfile" in r.err and "compose.yaml" not in r.err
    assert snapshot(tmp_path) == before


def test_an_edited_file_is_kept_when_advisors_version_did_not_change(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    (tmp_path / "Dockerfile").write_text((tmp_path / "Dockerfile").read_text() + "# mine\n")
    answers = tmp_path / ".advisor-answers.yaml"
    answers.write_text(answers.read_text().replace("cache: redis", "cache: none"))
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0, r.err
    assert "kept (your edits; advisor's version is unchanged)" in r.out
    assert (tmp_path / "Dockerfile").read_text().endswith("# mine\n")
    assert "redis" not in (tmp_path / "compose.yaml").read_text()


def test_record_lines_cannot_make_advisor_delete_other_files(tmp_path: Path) -> None:
    from advisor.record import sha256

    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    (tmp_path / "app.py").write_text("print('hi')\n")
    answers = tmp_path / ".advisor-answers.yaml"
    digest = sha256("print('hi')\n")
    answers.write_text(answers.read_text() + f"# advisor-file: app.py {digest}\n")
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0 and (tmp_path / "app.py").exists() and "app.py" not in r.out


def test_comments_in_the_answers_file_survive_regeneration(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    answers = tmp_path / ".advisor-answers.yaml"
    text = answers.read_text().replace("traffic: medium", "traffic: high  # Black Friday")
    answers.write_text("# ask @ops before changing\n" + text)
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0, r.err
    kept = answers.read_text()
    assert kept.startswith("# ask @ops before changing\n") and "traffic: high  # Black Friday" in kept
    assert "\nreplicas: 2\n" in kept  # high traffic asks one more key: added, the comments kept
    again = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert again.code == 0 and "updated" not in again.out


def test_generating_from_an_outside_answers_file_again_and_again(tmp_path: Path) -> None:
    outside = tmp_path / "answers.yaml"
    outside.write_text(EXAMPLE.read_text())
    out = tmp_path / "p"
    assert run_cli("generate", "--answers", str(outside), "--out", str(out)).code == 0
    outside.write_text(outside.read_text().replace("traffic: medium", "traffic: high"))
    r = run_cli("generate", "--answers", str(outside), "--out", str(out))
    assert r.code == 0, r.err
    assert "traffic: high" in (out / ".advisor-answers.yaml").read_text()


def test_files_no_longer_planned_are_removed_only_when_unedited(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    answers = tmp_path / ".advisor-answers.yaml"
    answers.write_text(answers.read_text().replace("full_os_isolation: false", "full_os_isolation: true"))
    (tmp_path / "Dockerfile").write_text("# mine\n")
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0, r.err
    assert not (tmp_path / "compose.yaml").exists() and not (tmp_path / ".dockerignore").exists()
    assert (tmp_path / "Dockerfile").read_text() == "# mine\n"
    assert "removed (no longer needed, unedited)" in r.out and "but edited: kept" in r.out
    assert (tmp_path / ".env").exists()  # secrets are never removed


def test_the_language_of_a_run_is_recorded_and_reused(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--lang", "ko")
    answers = tmp_path / ".advisor-answers.yaml"
    assert "# advisor-lang: ko" in answers.read_text()
    before = snapshot(tmp_path)
    r = run_cli("generate", "--answers", str(answers), "--out", str(tmp_path))
    assert r.code == 0 and "변경 없음" in r.out
    assert snapshot(tmp_path) == before


def test_answers_file_from_elsewhere_does_not_overwrite_edited_record(tmp_path: Path) -> None:
    run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path))
    answers = tmp_path / ".advisor-answers.yaml"
    answers.write_text(answers.read_text() + "# my note\n")
    r = run_cli("generate", "--answers", str(EXAMPLE), "--out", str(tmp_path), "--set", "cache=none")
    assert r.code == 1 and ".advisor-answers.yaml" in r.err


def test_run_script_projects_keep_lf_line_endings(tmp_path: Path) -> None:
    (tmp_path / ".gitattributes").write_text("*.png binary")
    r = run_cli("generate", "--defaults", "--set", "host_os=windows", "--out", str(tmp_path))
    assert r.code == 0 and (tmp_path / "run.sh").exists()
    text = (tmp_path / ".gitattributes").read_text()
    assert text.startswith("*.png binary\n") and "*.sh text eol=lf" in text.splitlines()
    again = run_cli("generate", "--defaults", "--set", "host_os=windows", "--out", str(tmp_path))
    assert again.code == 0 and (tmp_path / ".gitattributes").read_text() == text


def test_the_project_read_is_separate_from_the_folder_written(tmp_path: Path) -> None:
    """--project names the folder inspected; the files go to --out and build that folder."""
    project = Path(__file__).parent / "fixtures" / "monorepo"
    out = tmp_path / "elsewhere"
    r = run_cli(
        "generate", "--defaults", "--set", "host_os=linux", "--project", str(project), "--out", str(out)
    )
    assert r.code == 0, r.err
    answers = yaml.safe_load((out / ".advisor-answers.yaml").read_text())
    assert answers["project_name"] == "monorepo" and answers["app_dir"] == "backend"
    assert answers["language"] == "python" and answers["database"] == "postgres"
    build = yaml.safe_load((out / "compose.yaml").read_text())["services"]["app"]["build"]
    context = (out / build["context"]).resolve()
    assert context == (project / "backend").resolve()
    assert (context / build["dockerfile"]).resolve() == (out / "Dockerfile").resolve()
    assert (out / "Dockerfile.dockerignore").is_file()  # BuildKit reads it beside the Dockerfile
    r = run_cli("generate", "--defaults", "--project", str(tmp_path / "missing"), "--out", str(out))
    assert r.code == 2 and "--project" in r.err and "no such folder" in r.err


def test_a_monorepo_app_is_built_from_its_folder_when_written_into_the_project(tmp_path: Path) -> None:
    project = tmp_path / "mono"
    shutil.copytree(Path(__file__).parent / "fixtures" / "monorepo", project)
    (project / "docker-compose.yml").unlink()  # the project's own would be a conflict (tested below)
    assert run_cli(*_linux(out=project)).code == 0
    build = yaml.safe_load((project / "compose.yaml").read_text())["services"]["app"]["build"]
    assert build == {"context": "backend", "dockerfile": "../Dockerfile"}
    again = run_cli("generate", "--answers", str(project / ".advisor-answers.yaml"), "--out", str(project))
    statuses = [line.split()[-1] for line in again.out.splitlines()[1:]]
    assert again.code == 0 and set(statuses) <= {"unchanged", "overwritten)"}, again.out  # nothing new


def test_the_apps_own_names_are_set_and_the_rest_it_reads_are_listed(tmp_path: Path) -> None:
    """Django fixture: the secret key and the connection URL under the names its settings
    read; what advisor cannot know (allowed hosts, the storage bucket) is listed, not invented."""
    from advisor.api import advise

    advice = advise({"host_os": "linux"}, folder=Path(__file__).parent / "fixtures" / "django-gunicorn")
    files = advice.files("en")
    app = yaml.safe_load(files["compose.yaml"])["services"]["app"]["environment"]
    assert "DJANGO_SECRET_KEY" in app and app["DATABASE_URL"].startswith("postgresql://")
    assert "APP_ENV" not in app  # the app does not read it
    env = parse_env(files[".env"])
    assert len(env["DJANGO_SECRET_KEY"]) >= 32  # a generated secret
    listed = files[".env.example"].split("# ---- Also read by the app, not set by advisor")[1]
    assert "DJANGO_ALLOWED_HOSTS  (config/settings/base.py)" in listed
    assert "DATABASE_URL" not in listed and "DJANGO_SECRET_KEY" not in listed


def test_media_root_is_not_listed_as_unset_when_the_dockerfile_sets_it(tmp_path: Path) -> None:
    """An app that reads MEDIA_ROOT: with a media folder the Dockerfile sets it, so the .env
    files do not ask the person to; without one nothing sets it, so they still do."""
    from advisor.api import advise

    (tmp_path / "app.py").write_text('import os\nMEDIA = os.environ["MEDIA_ROOT"]\n')
    (tmp_path / "requirements.txt").write_text("")
    marker = "# ---- Also read by the app, not set by advisor"
    for media, listed in (("images", False), ("none", True)):
        raw = {"host_os": "linux", "language": "python", "environment": "production", "media": media}
        files = advise(raw, folder=tmp_path).files("en")
        assert ("MEDIA_ROOT=" in files["Dockerfile"]) != listed
        example = files[".env.example"]
        also_read = marker in example and "MEDIA_ROOT" in example.split(marker)[1]
        # Read with os.environ[...] (no default): asked for as a required setting, commented out.
        required = "\n# MEDIA_ROOT=\n" in example
        assert (also_read or required) == listed, media


def test_a_projects_own_env_example_is_merged_by_variable_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "api"
    shutil.copytree(Path(__file__).parent / "fixtures" / "express-yarn", project)
    (project / ".env.example").write_text(
        "# Our settings\nPOSTGRES_URL=postgres://localhost/notes\nSESSION_SECRET=x\n"
    )
    first = run_cli(*_linux(out=project))
    assert first.code == 0, first.err
    example = (project / ".env.example").read_text()
    assert example.startswith("# Our settings\nPOSTGRES_URL=postgres://localhost/notes\n")  # kept as it was
    added = example.split("# ---- added by advisor")[1]
    assert "\nPOSTGRES_PASSWORD=change-me\n" in added and "POSTGRES_URL=" not in added
    assert "That user's password" in added  # with its documentation
    answers = project / ".advisor-answers.yaml"
    before = {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()}
    again = run_cli("generate", "--answers", str(answers), "--out", str(project))
    assert again.code == 0, again.err
    assert {p.name: p.read_bytes() for p in project.iterdir() if p.is_file()} == before


def test_secrets_never_go_into_an_env_file_git_tracks(tmp_path: Path) -> None:
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "p"
    project.mkdir()
    (project / ".env").write_text("DEBUG=1\n")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", ".env"], check=True)
    r = run_cli(
        "generate",
        "--defaults",
        "--set",
        "host_os=linux",
        "--set",
        "database=postgres",
        "--out",
        str(project),
    )
    assert r.code == 0, r.err
    assert (project / ".env").read_text() == "DEBUG=1\n"  # no secret was added to the tracked file
    assert "git rm --cached .env" in r.out
    assert (project / "compose.yaml").is_file()
    # The report's file list says so too, not that .env holds the generated secrets.
    report = (project / "RECOMMENDATIONS.md").read_text()
    assert "- `.env`: NOT written by advisor: git tracks the project's own `.env`" in report
    assert "with generated secrets; git-ignored" not in report


def _linux(*answers: str, out: Path) -> tuple[str, ...]:
    """`advisor generate --defaults` on Linux with these `--set` answers, into ``out``."""
    sets = [word for answer in answers for word in ("--set", answer)]
    return ("generate", "--defaults", "--set", "host_os=linux", *sets, "--out", str(out))


def test_a_projects_own_compose_file_is_never_silently_shadowed(tmp_path: Path) -> None:
    """(tests/test_generate_compose.py has the rest: override files, keep, re-runs, the wizard.)"""
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    args = _linux("database=postgres", out=tmp_path)
    refused = run_cli(*args)
    assert refused.code == 1 and "docker-compose.yml" in refused.err and "ignore this one" in refused.err
    assert not (tmp_path / "compose.yaml").exists()  # nothing written
    forced = run_cli(*args, "--force")
    assert forced.code == 0 and (tmp_path / "compose.yaml").is_file()
    assert "moved to docker-compose.yml.orig" in forced.out  # said, not silent
    assert not (tmp_path / "docker-compose.yml").exists()  # not a second file for Compose to pick
    assert (tmp_path / "docker-compose.yml.orig").read_text().startswith("services:")  # never deleted


def test_a_rerun_without_answers_keeps_the_saved_answers(tmp_path: Path) -> None:
    first = run_cli(*_linux("database=postgres", out=tmp_path))
    assert first.code == 0
    again = run_cli("generate", "--defaults", "--out", str(tmp_path), "--dry-run")
    assert again.code == 0 and "saved answers" in again.err
    assert "removed" not in again.out and "run.sh" not in again.out  # compose.yaml stays
    changed = run_cli("generate", "--set", "cache=redis", "--out", str(tmp_path))
    saved = yaml.safe_load((tmp_path / ".advisor-answers.yaml").read_text())
    assert changed.code == 0 and saved["database"] == "postgres" and saved["cache"] == "redis"


def test_the_release_step_runs_once_before_the_app(tmp_path: Path) -> None:
    """Django's migrations (detected from manage.py) run in a one-off service the app waits for."""
    project = tmp_path / "dj"
    shutil.copytree(Path(__file__).parent / "fixtures" / "django-gunicorn", project)
    assert run_cli(*_linux(out=project)).code == 0
    services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert (
        migrate["build"] == services["app"]["build"]
        and migrate["environment"] == services["app"]["environment"]
    )
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"} and migrate["restart"] == "no"
    assert services["app"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    (project / "Procfile").write_text("release: ./bin/release.sh\n")  # the project's own word wins
    run = run_cli(
        "generate", "--defaults", "--set", "host_os=linux", "--set", "database=none", "--set", "cache=none",
        "--out", str(tmp_path / "single"), "--project", str(project),
    )  # fmt: skip
    assert run.code == 0, run.err
    script = (tmp_path / "single" / "run.sh").read_text()
    # Without a server, the settings' DATABASE_URL is an SQLite file in the data volume, which
    # the release step shares with the app.
    release = (
        'docker run --rm --init --no-healthcheck --env-file "$env_file" --volume "$name-app-data:/app/data"'
        ' "$image" ./bin/release.sh\n'
    )
    assert release in script
    assert script.index("./bin/release.sh") < script.index('--name "$name"')


def test_run_sh_passes_only_the_variables_the_set_up_uses(tmp_path: Path) -> None:
    """A .env kept from an earlier set-up (a database since removed) keeps its values, but
    they no longer reach the container."""
    import subprocess

    assert run_cli(*_linux(out=tmp_path)).code == 0
    script = (tmp_path / "run.sh").read_text()
    env_text = (tmp_path / ".env").read_text().replace("APP_ENV=development", 'APP_ENV="development"')
    (tmp_path / ".env").write_text(env_text + "POSTGRES_PASSWORD=old-secret-from-before\n")
    # the filter, over its continuation lines; docker's --env-file would keep a value's quotes
    start = script.index("\ngrep -E") + 1
    command = script[start : script.index("|| true\n", start) + len("|| true")]
    passed = subprocess.run(["sh", "-c", command.replace('"$env_file"', "/dev/stdout")], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "APP_ENV=development\n" in passed and "POSTGRES_PASSWORD" not in passed
    assert 'docker run \\\n    --name "$name" \\\n    --init \\\n    --env-file "$env_file"' in script
    assert "POSTGRES_PASSWORD=old-secret-from-before" in (tmp_path / ".env").read_text()  # value kept


def test_a_merged_env_example_also_lists_what_the_app_reads_that_advisor_does_not_set(tmp_path: Path) -> None:
    project = tmp_path / "dj"
    shutil.copytree(Path(__file__).parent / "fixtures" / "django-gunicorn", project)
    (project / ".env.example").write_text("# Ours\nDJANGO_DEBUG=0\n")
    assert run_cli(*_linux(out=project)).code == 0
    example = (project / ".env.example").read_text()
    assert example.startswith("# Ours\nDJANGO_DEBUG=0\n")
    assert example.count("# ---- Also read by the app, not set by advisor") == 1
    assert "#   DJANGO_ALLOWED_HOSTS  (config/settings/base.py)" in example
    assert run_cli(*_linux(out=project)).code == 0  # again: nothing added twice
    assert (project / ".env.example").read_text() == example


def test_run_sh_with_no_variable_to_pass_has_no_env_file(tmp_path: Path) -> None:
    """A static site passes nginx nothing: no .env pair, no .gitignore line for it, and run.sh
    neither reads .env nor hands docker an env file (the contract: .env.example only when a
    variable is used)."""
    import subprocess

    from advisor.api import advise
    from advisor.render.files import render_files

    (tmp_path / "index.html").write_text("<h1>hi</h1>\n")
    advice = advise({"host_os": "linux", "language": "static", "environment": "development"}, folder=tmp_path)
    files = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert not {".env", ".env.example", ".gitignore"} & set(files)
    assert "env_file" not in files["run.sh"] and ".env" not in files["run.sh"]
    assert "`.env`" not in advice.report("en")
    (tmp_path / "run.sh").write_text(files["run.sh"])
    assert subprocess.run(["sh", "-n", str(tmp_path / "run.sh")], check=False).returncode == 0


def test_a_short_secret_in_the_projects_env_is_kept_and_called_weak(tmp_path: Path) -> None:
    """The project commits a development .env with POSTGRES_PASSWORD=secret (6 characters;
    m9: fastapi-sqlalchemy-asyncpg): advisor no longer refuses to write anything; the .env
    keeps the value as it is. A short value advisor writes itself (given through the API)
    is called weak in .env, not in .env.example; a value a connection URL cannot hold is
    still refused, naming the variable."""
    answers = {"project_name": "shop", "host_os": "linux", "language": "python", "database": "postgres"}
    advice = advise(answers)
    name = next(v.name for v in advice.setup.env if v.kind == "secret" and "PASSWORD" in v.name)
    files = {
        f.name: f.content for f in render_files(advice.setup, "en", existing={".env": f"{name}=secret\n"})
    }
    assert files[".env"].startswith(f"{name}=secret\n") and "# added by advisor" in files[".env"]
    files = {f.name: f.content for f in render_files(advice.setup, "en", secrets={name: "secret"})}
    assert f"\n{name}=secret\n" in files[".env"] and "Weak: this value has 6 characters" in files[".env"]
    assert "Weak:" not in files[".env.example"]
    with pytest.raises(UserError, match=name):
        render_files(advice.setup, "en", existing={".env": f"{name}=se%cret\n"})


def test_the_report_names_the_database_user_and_name_an_existing_env_keeps() -> None:
    """The project's own .env sets POSTGRES_USER=devdb and POSTGRES_DB=devdb (kept on
    generation; m10: fastapi-sqlalchemy-asyncpg): the report names the role and database the
    containers will use, not advisor's defaults."""
    answers = {"project_name": "shop", "host_os": "linux", "language": "python", "database": "postgres"}
    advice = advise(answers)
    existing = {".env": "POSTGRES_USER=devdb\nPOSTGRES_DB=devdb\n"}
    files = {f.name: f.content for f in render_files(advice.setup, "en", existing=existing)}
    assert "connects to PostgreSQL as `devdb`" in files["RECOMMENDATIONS.md"]
    assert "owns the database `devdb`" in files["RECOMMENDATIONS.md"]
    fresh = {f.name: f.content for f in render_files(advice.setup, "en")}
    assert "connects to PostgreSQL as `app`" in fresh["RECOMMENDATIONS.md"]


def test_the_apps_own_secret_from_the_projects_env_is_kept_with_any_plain_characters(tmp_path: Path) -> None:
    """justdjango's django-ecommerce commits a .env whose Django SECRET_KEY holds @ = * % ! ( &:
    that key goes into no URL, so advisor keeps it instead of refusing to write anything. A
    value .env cannot hold as it is ($, quotes) is still refused, naming the variable."""
    (tmp_path / "requirements.txt").write_text("Django==5.1.4\npython-decouple==3.8\n")
    (tmp_path / "manage.py").write_text("import os\n")
    (tmp_path / "settings.py").write_text("from decouple import config\nSECRET_KEY = config('SECRET_KEY')\n")
    advice = advise({"host_os": "linux"}, folder=tmp_path)
    assert any(v.name == "SECRET_KEY" and v.role == "app-secret" for v in advice.setup.env)
    key = "kobl@t=yw9d*0y%jt2gjnq78=u!z_rrxb&w8e47l!(jz@m79zy"
    files = {
        f.name: f.content for f in render_files(advice.setup, "en", existing={".env": f"SECRET_KEY={key}\n"})
    }
    assert files[".env"].startswith(f"SECRET_KEY={key}\n")
    # django-insecure-… keys hold $ and # too (djangoforbeginners): kept, .env is the project's.
    kept = render_files(advice.setup, "en", existing={".env": "SECRET_KEY=django-insecure-a$b#c\n"})
    assert next(f.content for f in kept if f.name == ".env").startswith("SECRET_KEY=django-insecure-a$b#c\n")
    # Given through the API for a fresh .env, such a value cannot be written there: refused.
    with pytest.raises(AdvisorError, match="SECRET_KEY"):
        render_files(advice.setup, "en", secrets={"SECRET_KEY": "a$b#c"})


def test_every_literal_variable_planning_gives_the_app_is_documented_in_env() -> None:
    """run.sh passes the app only .env's variables, so the literal ones compose.yaml would set
    (NODE_ENV=development, HTTP_PORT) go into .env, each with a comment: every role planning
    gives such a variable has one (a missing one stopped advisor: 'no documentation for X')."""
    import re as _re

    from advisor.render.envdocs import doc
    from advisor.setup import EnvVar

    package = Path(__file__).parent.parent / "advisor"
    source = "".join((package / name).read_text() for name in ("planning.py", "proxyvars.py"))
    roles = set(_re.findall(r'AppVar\(\s*[^,]+,\s*"([a-z-]+)"', source))
    assert {"app-host", "node-env", "sqlite-url", "flask-app"} <= roles
    # variables.listen_ports's, and the settings module's (planning chooses the role into a name)
    roles |= {"app-port", "settings-module", "settings-installed"}
    setup = advise({"project_name": "shop", "host_os": "linux", "language": "node"}).setup
    for role in sorted(roles):
        assert doc(setup, EnvVar("X", "app", role, "plain", "v")), role


def test_a_projects_env_that_points_compose_at_its_own_files_is_pointed_at_compose_yaml(
    tmp_path: Path,
) -> None:
    """open-prices commits a .env with COMPOSE_FILE=docker-compose.yml;docker/dev.yml; advisor
    moves those files aside, so a later line points Compose at compose.yaml (the last wins);
    a rerun adds nothing more."""
    (tmp_path / "requirements.txt").write_text("django\npsycopg[binary]\ngunicorn\n")
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'c.settings')\n"
    )
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres:16\n")
    (tmp_path / ".env").write_text("COMPOSE_FILE=docker-compose.yml;docker/dev.yml\nPOSTGRES_USER=postgres\n")
    assert (
        run_cli(
            "generate", "--defaults", "--force", "--out", str(tmp_path), "--set", "database=postgres"
        ).code
        == 0
    )
    env = (tmp_path / ".env").read_text()
    assert env.startswith("COMPOSE_FILE=docker-compose.yml;docker/dev.yml\n")
    assert env.rstrip().endswith("COMPOSE_FILE=compose.yaml")
    assert (
        run_cli(
            "generate", "--defaults", "--force", "--out", str(tmp_path), "--set", "database=postgres"
        ).code
        == 0
    )
    assert (tmp_path / ".env").read_text() == env


def test_a_folder_with_no_project_is_said_so_on_stderr(tmp_path: Path) -> None:
    """An empty folder: the files are written from the answers alone, and advisor says it
    found no project there (and what to do) instead of exiting quietly with `python app.py`."""
    r = run_cli("generate", "--defaults", "--out", str(tmp_path))
    assert r.code == 0 and "found no project in" in r.err and "--project" in r.err
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    again = run_cli("generate", "--defaults", "--out", str(tmp_path), "--force")
    assert "found no project" not in again.err
