"""Settings split over modules, the way larger FastAPI apps keep them: a top settings class
with ``env_prefix`` and ``env_nested_delimiter`` nests each area's own settings class,
defined in that area's module. The app reads the nested names (``MM_DATABASE__HOST``), never
the nested class's bare fields (``HOST``), and a folder named from the module's own file
(``Path(__file__).parent.parent / "data"``) or a log file's default is the app user's."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import write_tree

from advisor.api import advise
from advisor.inspect import inspect_project

_TREE = {
    "pyproject.toml": (
        '[project]\nname = "mm"\nrequires-python = ">=3.13"\n'
        'dependencies = ["fastapi", "uvicorn", "sqlalchemy", "psycopg[binary]", "pydantic-settings"]\n'
    ),
    "mm/__init__.py": "",
    "mm/main.py": (
        "from fastapi import FastAPI\nfrom mm.config import MMConfig\n\n"
        "config = MMConfig()\napp = FastAPI()\n"
    ),
    "mm/database/__init__.py": "",
    "mm/database/config.py": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class DbConfig(BaseSettings):\n"
        '    host: str = "localhost"\n    port: int = 5432\n    user: str = "mm"\n'
        '    password: str = "mm"\n    dbname: str = "mm"\n'
    ),
    "mm/torrent/__init__.py": "",
    "mm/torrent/config.py": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class ClientConfig(BaseSettings):\n"
        '    host: str = "localhost"\n    port: int = 8080\n    enabled: bool = False\n\n\n'
        "class TorrentConfig(BaseSettings):\n    client: ClientConfig = ClientConfig()\n"
    ),
    "mm/config.py": (
        "import os\nfrom pathlib import Path\n\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n"
        "from mm.database.config import DbConfig\nfrom mm.torrent.config import TorrentConfig\n\n"
        'LOG_FILE = Path(os.getenv("LOG_FILE", "/app/config/mm.log"))\n\n\n'
        "class Rule(BaseSettings):\n    name: str\n    score: int = 0\n\n\n"
        "class TitleRule(Rule):\n    keywords: list[str]\n\n\n"
        "class Misc(BaseSettings):\n"
        '    image_directory: Path = Path(__file__).parent.parent / "data" / "images"\n'
        "    title_rules: list[TitleRule] = []\n\n\n"
        "class MMConfig(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_nested_delimiter="__", env_prefix="MM_")\n'
        "    misc: Misc = Misc()\n    database: DbConfig = DbConfig()\n"
        "    torrents: TorrentConfig = TorrentConfig()\n"
    ),
}


def test_nested_settings_classes_of_other_modules_are_read_under_the_prefix(tmp_path: Path) -> None:
    write_tree(tmp_path, _TREE)
    app = inspect_project(tmp_path).apps[0]
    roles = {v.name: v.role for v in app.env_vars}
    assert roles["MM_DATABASE__HOST"] == "database_host"
    assert roles["MM_DATABASE__DBNAME"] == "database_name"
    assert roles["MM_DATABASE__PASSWORD"] == "database_password"
    # two levels down, under one more delimiter: the torrent client's own host, not the database's
    assert "MM_TORRENTS__CLIENT__HOST" in roles
    # the nested classes' bare fields and the required fields of list items are not variables
    for bare in ("HOST", "PORT", "USER", "PASSWORD", "DBNAME", "NAME", "KEYWORDS"):
        assert bare not in roles, bare
    env = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )["services"]["app"]["environment"]
    assert env["MM_DATABASE__HOST"] == "db" and env["MM_DATABASE__PORT"] == "5432"
    assert env["MM_DATABASE__DBNAME"] == "${POSTGRES_DB:?set it in .env}"
    assert "HOST" not in env and "NAME" not in env and "KEYWORDS" not in env
    assert env.get("MM_TORRENTS__CLIENT__HOST") != "db"


def test_a_data_folder_beside_the_code_and_a_log_file_default_are_the_app_users(tmp_path: Path) -> None:
    write_tree(tmp_path, _TREE)
    files = advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")
    dockerfile = files["Dockerfile"]
    made = next(line for line in dockerfile.splitlines() if line.startswith("RUN mkdir -p"))
    assert "/app/data" in made and "/app/config" in made
    compose = yaml.safe_load(files["compose.yaml"])
    assert "app-data:/app/data" in compose["services"]["app"]["volumes"]


def test_fields_a_settings_class_inherits_from_plain_models_are_read(tmp_path: Path) -> None:
    """lnbits: Settings(EditableSettings, ReadOnlySettings, BaseSettings), each a BaseModel of
    lower-case fields with Field(default=...): LNBITS_DATABASE_URL is the app's database URL;
    an API model that subclasses one of them (SuperSettings: super_user: str) is no settings."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\nasyncpg\npydantic<2\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "app/settings.py": (
                "from pydantic import BaseModel, BaseSettings, Field\n\n\n"
                "class Base(BaseModel):\n    pass\n\n\n"
                "class Editable(Base):\n    site_title: str = Field(default='LNbits')\n\n\n"
                "class Persistence(Base):\n"
                "    lnbits_data_folder: str = Field(default='./data')\n"
                "    lnbits_database_url: str | None = Field(default=None)\n\n\n"
                "class ReadOnly(Persistence):\n    debug: bool = Field(default=False)\n\n\n"
                "class Settings(Editable, ReadOnly, BaseSettings):\n"
                "    class Config:\n        env_file = '.env'\n\n\n"
                "class SuperSettings(Editable):\n    super_user: str\n"
            ),
        },
    )
    found = {v.name: v for v in inspect_project(tmp_path).apps[0].env_vars}
    assert found["LNBITS_DATABASE_URL"].role == "database_url"
    assert found["LNBITS_DATA_FOLDER"].default == "./data"
    assert "SITE_TITLE" in found and "SUPER_USER" not in found
    env = yaml.safe_load(
        advise({"host_os": "linux", "database": "postgres"}, folder=tmp_path).files("en")["compose.yaml"]
    )["services"]["app"]["environment"]
    assert env["LNBITS_DATABASE_URL"].endswith("@db:5432/${POSTGRES_DB:?set it in .env}")


def test_an_env_prefix_named_by_a_module_constant_is_read(tmp_path: Path) -> None:
    """fides: ``env_prefix=ENV_PREFIX``, the constant (``"FIDES__"``) defined in another
    module; the class-Config form (pydantic 1) names a constant of its own module."""
    write_tree(
        tmp_path,
        {
            "requirements.txt": "fastapi\nuvicorn\nsqlalchemy\npsycopg2-binary\npydantic-settings\n",
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "app/config/utils.py": 'ENV_PREFIX = "APP__"\n',
            "app/config/database.py": (
                "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
                "from app.config.utils import ENV_PREFIX\n\n\n"
                "class DatabaseSettings(BaseSettings):\n"
                '    server: str = "localhost"\n    user: str = "app"\n    password: str = "app"\n'
                '    db: str = "app"\n\n'
                '    model_config = SettingsConfigDict(env_prefix=f"{ENV_PREFIX}DATABASE__")\n'
            ),
            "app/config/cache.py": (
                "from pydantic import BaseSettings\n\nCACHE_PREFIX = 'APPCACHE_'\n\n\n"
                "class CacheSettings(BaseSettings):\n    host: str = 'localhost'\n\n"
                "    class Config:\n        env_prefix = CACHE_PREFIX\n"
            ),
            "app/config/security.py": (
                "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
                "from app.config.utils import ENV_PREFIX\n\n\n"
                "class SecuritySettings(BaseSettings):\n    app_secret: str = ''\n\n"
                "    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX)\n"
            ),
        },
    )
    names = {v.name for v in inspect_project(tmp_path).apps[0].env_vars}
    assert "APP__APP_SECRET" in names and "APPCACHE_HOST" in names
    assert {"APP__DATABASE__SERVER", "APP__DATABASE__PASSWORD"} <= names
    assert "APP_SECRET" not in names and "HOST" not in names
