"""Generated files that fit what real projects need beyond the basics: the database server
options an old driver needs, the project's own settings, the folders the app writes, a uv
workspace. Each case reads a fixture project under tests/fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from advisor.api import Advice, advise
from advisor.render.compose import render_compose
from advisor.render.report import render_report

FIXTURES = Path(__file__).parent / "fixtures"


def _advice(fixture: str, **answers: Any) -> Advice:
    raw = {"project_name": "demo", "host_os": "linux", **answers}
    return advise(raw, folder=FIXTURES / fixture)


def _compose(advice: Advice) -> dict[str, Any]:
    data = yaml.safe_load(render_compose(advice.setup))
    assert isinstance(data, dict)
    return data


def test_the_legacy_node_mysql_driver_gets_mysql_native_password() -> None:
    advice = _advice("express-mysql-legacy")
    assert advice.answers.database == "mysql"
    db = _compose(advice)["services"]["db"]
    assert db["image"] == "mysql:8.4"
    assert db["command"] == [
        "mysqld",
        "--mysql-native-password=ON",
        "--authentication-policy=mysql_native_password",
    ]
    for lang in ("en", "ko"):
        assert "`mysql2`" in render_report(advice.setup, lang)
    # Installed natively: no db service, the report says what to configure.
    native = _advice("express-mysql-legacy", environment="production", traffic="high")
    assert native.setup.native_database
    assert "db" not in _compose(native)["services"]
    assert "IDENTIFIED WITH mysql_native_password" in render_report(native.setup, "en")


def test_mysql2_mariadb_and_other_apps_keep_the_image_default() -> None:
    assert "command" not in _compose(_advice("express-mysql-legacy", database="mariadb"))["services"]["db"]
    flask = _advice("flask-poetry")  # PyMySQL speaks caching_sha2_password
    assert flask.answers.database == "mysql"
    assert "command" not in _compose(flask)["services"]["db"]
    assert "mysql_native_password" not in render_report(flask.setup, "en")
