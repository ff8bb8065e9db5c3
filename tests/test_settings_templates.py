"""Settings files a project keeps only as a template (config.json.example, config.template.yaml,
an .ini sample): where their database and Redis settings are, in each format, and the file
the image makes from them with the services' settings filled in."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project
from advisor.inspect.config_marks import marked

_JSON = """{
\t"session": {
\t\t"secret": "Something here!",
\t\t"redis": {
\t\t\t"host": "localhost",
\t\t\t"port": 6379
\t\t}
\t},
\t"database": {
\t\t"client": "pg",
\t\t"connection": {
\t\t\t"host": "postgres",
\t\t\t"database": "bookbrainz",
\t\t\t"user": "postgres",
\t\t\t"password": ""
\t\t}
\t},
\t"search": {"node": "http://elasticsearch:9200"},
\t"mail": {
\t\t"host": "",
\t\t"port": ""
\t}
}
"""


def test_the_connection_settings_of_each_format_are_marked_and_nothing_else() -> None:
    """JSON objects (nested, and closed on their own line or the same one), YAML indentation,
    INI sections with a URL: only the database's and Redis's values, and a signing key left
    empty or at an example value; a mail server's host, a search node's URL, comments and the
    rest are left as they are."""
    out = marked(_JSON, "json")
    assert '"host": "@@advisor:db_host:postgres@@"' in out
    assert '"user": "@@advisor:db_user:postgres@@"' in out and '"password": "@@advisor:db_password:@@"' in out
    assert '"database": "@@advisor:db_name:bookbrainz@@"' in out
    assert (
        '"host": "@@advisor:redis_host:localhost@@"' in out and '"port": @@advisor:redis_port:6379@@' in out
    )
    assert '"search": {"node": "http://elasticsearch:9200"},' in out and '"host": "",' in out
    assert '"secret": "@@advisor:secret:Something here!@@"' in out  # an example signing key
    assert out.count("@@advisor:") == 7

    yml = (
        "APP_NAME: demo  # the name\nSQLITE_DB: app.db # SQLite instead of PostgreSQL\n"
        "database:\n  host: localhost\n  port: 5432\n  user: app\n  password: secret\n"
        "cache:\n  redis_url: redis://localhost:6379/0\nmail:\n  host: smtp.example.com\n"
    )
    out = marked(yml, "yaml")
    assert "SQLITE_DB: @@advisor:sqlite:app.db@@ # SQLite instead of PostgreSQL\n" in out
    assert "  host: @@advisor:db_host:localhost@@\n  port: @@advisor:db_port:5432@@\n" in out
    assert "  redis_url: @@advisor:redis_url:redis://localhost:6379/0@@\n" in out
    assert "mail:\n  host: smtp.example.com\n" in out and "APP_NAME: demo  # the name\n" in out

    ini = "[app:main]\nuse = egg:kinto\n; the storage\nkinto.storage_url = postgresql://u:p@localhost/kinto\n"
    assert "kinto.storage_url = @@advisor:db_url:postgresql://u:p@localhost/kinto@@\n" in marked(ini, "ini")
    assert marked("[mail]\nhost = localhost\n", "ini") == ""  # nothing to fill in: no copy


def test_a_settings_file_the_code_reads_by_name_is_made_and_its_keys_are_no_longer_required(
    tmp_path: Path,
) -> None:
    """Hyperion: pydantic-settings reads `yaml_file="config.yaml"`, which the project keeps as
    config.template.yaml (its README: copy it); the settings class's CLIENT_URL and
    SMTP_PORT have no default, and the template gives both. The image makes config.yaml,
    neither variable stops Compose any more, and the template's `SQLITE_DB: app.db` (SQLite
    instead of PostgreSQL while set) is emptied in compose.yaml's copy: the app uses the db
    service, whose host and credentials its environment gives."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\npydantic-settings[yaml]==2.5.0\nasyncpg==0.30.0\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
            "app/config.py": (
                "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
                "class Settings(BaseSettings):\n"
                '    model_config = SettingsConfigDict(env_file=".env", yaml_file="config.yaml")\n'
                "    CLIENT_URL: str\n    SMTP_PORT: int\n    RSA_KEY: str\n"
                "    POSTGRES_HOST: str = ''\n    SQLITE_DB: str | None = None\n"
            ),
            "config.template.yaml": (
                "CLIENT_URL: http://127.0.0.1:8000/ # a trailing / is required\nSMTP_PORT: 587\n"
                "SQLITE_DB: app.db\n"
            ),
        },
    )
    required = {v.name for v in inspect_project(tmp_path).apps[0].env_vars if v.required}
    assert "RSA_KEY" in required and not required & {"CLIENT_URL", "SMTP_PORT"}
    advice = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path)
    files = advice.files("en")
    assert "RUN cp -n config.template.yaml config.yaml" in files["Dockerfile"]
    compose = yaml.safe_load(files["compose.yaml"])
    app = compose["services"]["app"]
    assert {"source": "app-settings", "target": "/app/config.yaml"} in app["configs"]
    assert "CLIENT_URL" not in app["environment"] and app["environment"]["POSTGRES_HOST"] == "db"
    content = compose["configs"]["app-settings"]["content"]
    assert (
        content
        == "CLIENT_URL: http://127.0.0.1:8000/ # a trailing / is required\nSMTP_PORT: 587\nSQLITE_DB: \n"
    )
    assert "compose.yaml mounts a copy over it" in advice.report("en")


def test_a_template_no_code_names_is_left_alone(tmp_path: Path) -> None:
    """A template beside the code that nothing reads by that name (a sample for another tool)
    is not made into a file."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "flask\npsycopg[binary]\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "config.example.yaml": "database:\n  host: localhost\n",
        },
    )
    assert inspect_project(tmp_path).apps[0].config_template == ()
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    assert "cp -n" not in files["Dockerfile"] and "app-settings" not in files["compose.yaml"]
